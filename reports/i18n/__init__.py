"""Report strings in French and English, loaded from the YAML files beside this module.

Why a small catalogue class rather than gettext: the report has a few hundred fixed labels
and a handful of *vocabularies* keyed by ids that come from the result JSON (bands,
quadrants, answer values, signal names). Fixed labels must exist (a missing one is a bug, so
``label`` raises); vocabulary ids may be new to this version of the report (a scoring change
adds an answer value), so ``term`` falls back to a readable form of the id instead of failing
the whole report.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import yaml

LANGUAGES: tuple[str, ...] = ("fr", "en")
_DIR = Path(__file__).resolve().parent


def humanize(identifier: str) -> str:
    """Readable fallback for an id that has no translation: ``data_lab`` -> ``Data lab``."""
    text = str(identifier).replace("_", " ").strip()
    return text[:1].upper() + text[1:] if text else text


@dataclass(frozen=True)
class Catalog:
    """The strings of one language."""

    lang: str
    strings: dict[str, Any]

    def label(self, key: str, **params: object) -> str:
        """A fixed label from ``labels:``, formatted with ``params``; raises KeyError if absent."""
        text = self.strings["labels"][key]
        return text.format(**params) if params else text

    def term(self, vocabulary: str, identifier: object, default: str | None = None) -> str:
        """Translate an id of a vocabulary (``bands``, ``quadrants``...), or humanize it."""
        key = str(identifier).lower() if isinstance(identifier, bool) else str(identifier)
        entry = self.strings.get(vocabulary, {}).get(key)
        if isinstance(entry, dict):
            entry = entry.get("label")
        if entry is None:
            return default if default is not None else humanize(key)
        return str(entry)

    def has_term(self, vocabulary: str, identifier: object) -> bool:
        return str(identifier) in self.strings.get(vocabulary, {})

    def band_summary(self, band: str) -> str | None:
        entry = self.strings["bands"].get(band)
        return entry.get("summary") if isinstance(entry, dict) else None

    @property
    def meta(self) -> dict[str, Any]:
        return self.strings["meta"]


@cache
def load_catalog(lang: str) -> Catalog:
    """Load (once per process) the catalogue of ``lang``; raises ValueError for other languages."""
    if lang not in LANGUAGES:
        raise ValueError(f"unsupported report language {lang!r}; expected one of {', '.join(LANGUAGES)}")
    with (_DIR / f"{lang}.yaml").open(encoding="utf-8") as handle:
        strings = yaml.safe_load(handle)
    return Catalog(lang=lang, strings=strings)
