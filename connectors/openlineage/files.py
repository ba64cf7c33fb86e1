"""Finding OpenLineage events on disk: JSON Lines logs, single events and event arrays.

Producers write events in three ways: the file transport appends one JSON object per
line (``.jsonl``/``.ndjson``, or a ``.json`` name regardless), tests and seeds keep one
event per ``.json`` file, and exports hold an array. JSON Lines are streamed line by
line so a large log never sits in memory as text. A ``.json`` file whose content is not
event-like (a dbt manifest, a config) is unrelated and skipped; so is anything that is
not JSON at all.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import orjson

JSON_SUFFIXES = frozenset({".json", ".jsonl", ".ndjson"})
# Keys only OpenLineage events have at the top level; a JSON file with none is unrelated.
_EVENT_KEYS = frozenset({"eventTime", "eventType", "producer", "run", "job", "dataset", "schemaURL"})


@dataclass(frozen=True)
class Document:
    """One candidate event, or the reason a line/file could not be read."""

    file: str
    line_no: int  # line in a JSON Lines file; element number (1-based) in a JSON array
    obj: Any = None
    error: str | None = None

    @property
    def where(self) -> str:
        return f"{self.file}:{self.line_no}"


def looks_like_event(obj: Any) -> bool:
    return isinstance(obj, dict) and bool(_EVENT_KEYS & obj.keys())


def discover(paths: Iterable[Path]) -> tuple[list[Path], list[Path], list[str]]:
    """(JSON files to read, other files skipped, missing paths), folders walked recursively."""
    files: list[Path] = []
    skipped: list[Path] = []
    missing: list[str] = []
    for path in paths:
        if path.is_file():
            candidates = [path]
        elif path.is_dir():
            candidates = sorted(
                p
                for p in path.rglob("*")
                if p.is_file() and not any(part.startswith(".") for part in p.relative_to(path).parts)
            )
        else:
            missing.append(str(path))
            continue
        for p in candidates:
            (files if p.suffix.lower() in JSON_SUFFIXES else skipped).append(p)
    return files, skipped, missing


def _read_lines(path: Path) -> Iterator[Document]:
    with path.open("rb") as fh:
        for line_no, line in enumerate(fh, start=1):
            if not line.strip():
                continue
            try:
                yield Document(str(path), line_no, orjson.loads(line))
            except orjson.JSONDecodeError as exc:
                message = f"invalid JSON: {exc.msg} (column {exc.colno})"
                if not line.endswith(b"\n") and fh.read(1) == b"":
                    # The writer (a collector, the file transport) stopped mid-line.
                    message += "; truncated last line, the writer probably stopped while writing it"
                yield Document(str(path), line_no, error=message)


def read_documents(path: Path) -> tuple[list[Document] | Iterator[Document], bool]:
    """The candidate events of one file, and whether the file is unrelated (to skip).

    A ``.json`` file is parsed whole; if that fails and it has several lines it is read
    as JSON Lines (the file transport's default name is ``.json``).
    """
    if path.suffix.lower() in (".jsonl", ".ndjson"):
        return _read_lines(path), False
    raw = path.read_bytes()
    try:
        data = orjson.loads(raw)
    except orjson.JSONDecodeError as exc:
        if raw.count(b"\n") > 1 and raw.lstrip()[:1] == b"{":
            return _read_lines(path), False
        return [Document(str(path), exc.lineno, error=f"invalid JSON: {exc.msg} (column {exc.colno})")], False
    if isinstance(data, list):
        if not any(looks_like_event(x) for x in data):
            return [], True
        return [Document(str(path), i, x) for i, x in enumerate(data, start=1)], False
    if not looks_like_event(data):
        return [], True
    return [Document(str(path), 1, data)], False
