"""Write the report files of one scan: ``report.html``, ``report.md`` and ``result.json``.

Rendering only: all decisions are in :mod:`reports.view_model`. The HTML is one
self-contained file (CSS and JS inlined from ``reports/static/``, charts as inline SVG, no
network reference at all) so a consultant can mail it or open it on a plane. A
Content-Security-Policy pins the inline style and script by hash: even if some client string
escaped the autoescaping, the browser would refuse to run or load anything else.

Files are written to a temporary name and renamed, so a reader never sees half a report.
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
import tempfile
from functools import cache
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup

from reports.i18n import LANGUAGES
from reports.markdown import md_code, md_text
from reports.view_model import build_view_model

_HERE = Path(__file__).resolve().parent
_STATIC = _HERE / "static"


def _autoescape(template_name: str | None) -> bool:
    """Escape HTML everywhere except in Markdown templates, which escape with their own filters."""
    return not (template_name or "").endswith(".md.j2")


@cache
def _environment() -> Environment:
    env = Environment(
        loader=FileSystemLoader(str(_HERE / "templates")),
        autoescape=_autoescape,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["md"] = md_text
    env.filters["mdcode"] = md_code
    return env


def _csp_hash(text: str) -> str:
    digest = hashlib.sha256(text.encode("utf-8")).digest()
    return "sha256-" + base64.b64encode(digest).decode("ascii")


@cache
def _static(name: str) -> str:
    return (_STATIC / name).read_text(encoding="utf-8")


def render_html(view_model: dict[str, Any]) -> str:
    """The self-contained HTML report for a view-model."""
    css, js = _static("report.css"), _static("report.js")
    return (
        _environment()
        .get_template("report.html.j2")
        .render(
            vm=view_model,
            css=Markup(css),  # our own file, trusted; hashed into the CSP below
            js=Markup(js),
            css_hash=_csp_hash(css),
            js_hash=_csp_hash(js),
        )
    )


def render_markdown(view_model: dict[str, Any]) -> str:
    """The Markdown report for a view-model (same content as the HTML, as text and tables)."""
    return _environment().get_template("report.md.j2").render(vm=view_model)


def result_json(result: dict[str, Any]) -> str:
    """The result as stable, human-diffable JSON: sorted keys, 2-space indent, UTF-8 text."""
    return json.dumps(result, ensure_ascii=False, indent=2, sort_keys=True, default=str) + "\n"


def _write_atomic(path: Path, text: str) -> None:
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
        os.chmod(tmp, 0o644)  # mkstemp creates 0600; reports are meant to be shared
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def render_reports(result: dict[str, Any], out_dir: Path, *, lang: str | None = None) -> dict[str, Path]:
    """Write ``report.html``, ``report.md`` and ``result.json`` for one scan into ``out_dir``.

    Args:
        result: the result JSON of CONTRACTS.md section 4; optional sections may be absent.
        out_dir: created if missing; existing report files are replaced.
        lang: ``fr`` or ``en``; defaults to ``result['language']``, then English.

    Returns:
        ``{"html": ..., "md": ..., "json": ...}`` paths of the written files.

    Raises:
        ValueError: for a language the report has no strings for.
    """
    language = lang or result.get("language") or "en"
    if language not in LANGUAGES:
        raise ValueError(f"unsupported report language {language!r}; expected one of {', '.join(LANGUAGES)}")
    view_model = build_view_model(result, language)
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    paths = {"html": out_dir / "report.html", "md": out_dir / "report.md", "json": out_dir / "result.json"}
    _write_atomic(paths["html"], render_html(view_model))
    _write_atomic(paths["md"], render_markdown(view_model))
    _write_atomic(paths["json"], result_json(result))
    return paths
