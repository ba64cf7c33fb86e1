"""Golden tests of the written files: exact Markdown, exact result.json, deterministic HTML.

The Markdown report is compared byte for byte with ``golden/*.md``. After an intended change
to the report, regenerate with ``UPDATE_GOLDEN=1 .venv/bin/pytest tests/reports`` and review
the diff like code.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest
from report_fixtures import GOLDEN, load_result

from reports import render_reports

CASES = [
    ("result_acme.fr.json", None, "acme.fr.md"),
    ("result_acme.en.json", None, "acme.en.md"),
    ("result_acme.fr.json", "en", "acme.fr-rendered-en.md"),
    ("result_minimal.json", None, "minimal.en.md"),
]


def _check_golden(name: str, text: str) -> None:
    path = GOLDEN / name
    if os.environ.get("UPDATE_GOLDEN") == "1":
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    assert path.exists(), f"missing golden file {path}; run with UPDATE_GOLDEN=1"
    assert text == path.read_text(encoding="utf-8"), f"{name} differs from its golden file"


@pytest.mark.parametrize(("fixture", "lang", "golden"), CASES, ids=[c[2] for c in CASES])
def test_markdown_matches_golden(tmp_path: Path, fixture: str, lang: str | None, golden: str) -> None:
    paths = render_reports(load_result(fixture), tmp_path, lang=lang)
    _check_golden(golden, paths["md"].read_text(encoding="utf-8"))


def test_render_returns_the_three_paths(tmp_path: Path, result_fr: dict[str, Any]) -> None:
    paths = render_reports(result_fr, tmp_path / "nested" / "out")
    assert set(paths) == {"html", "md", "json"}
    assert [p.name for p in paths.values()] == ["report.html", "report.md", "result.json"]
    assert all(p.is_file() and p.parent == tmp_path / "nested" / "out" for p in paths.values())
    assert not [p for p in paths["html"].parent.iterdir() if p.name.startswith(".")], "temp files left"


def test_result_json_is_the_result_sorted_and_utf8(tmp_path: Path, result_fr: dict[str, Any]) -> None:
    paths = render_reports(result_fr, tmp_path)
    text = paths["json"].read_text(encoding="utf-8")
    assert json.loads(text) == result_fr
    assert text == json.dumps(result_fr, ensure_ascii=False, indent=2, sort_keys=True) + "\n"
    assert "Données" in text or "données" in text, "non-ASCII must be written as UTF-8, not escaped"


def test_output_is_deterministic(tmp_path: Path, result_fr: dict[str, Any]) -> None:
    first = render_reports(result_fr, tmp_path / "a")
    second = render_reports(result_fr, tmp_path / "b")
    for key in ("html", "md", "json"):
        assert first[key].read_bytes() == second[key].read_bytes(), key


def test_lang_defaults_to_result_language(tmp_path: Path, result_fr: dict[str, Any]) -> None:
    fr = render_reports(result_fr, tmp_path / "fr")["md"].read_text(encoding="utf-8")
    en = render_reports(result_fr, tmp_path / "en", lang="en")["md"].read_text(encoding="utf-8")
    assert fr.startswith("# Rapport de maturité data — Acme Retail")
    assert en.startswith("# Data maturity report — Acme Retail")


def test_unknown_language_is_refused(tmp_path: Path, result_fr: dict[str, Any]) -> None:
    with pytest.raises(ValueError, match="unsupported report language 'de'"):
        render_reports(result_fr, tmp_path, lang="de")
    assert not (tmp_path / "report.html").exists()
