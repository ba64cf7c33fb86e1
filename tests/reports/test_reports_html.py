"""Structural checks of the HTML report, read back with html.parser as a browser would.

Covers: every section and question card present, the partial-scan warning and the
contradiction shown prominently, no network reference anywhere (the report must open
offline), hostile client strings rendered as text only, and the CSP hashes matching the
inlined style and script.
"""

from __future__ import annotations

import base64
import hashlib
import json
import re
from pathlib import Path
from typing import Any

import pytest
from htmlscan import ReportScan
from report_fixtures import EVIL_TABLE

from reports import render_reports

SECTIONS = (
    "summary",
    "categories",
    "maturity",
    "questions",
    "recommendations",
    "lineage",
    "portfolio",
    "history",
)


def _render(result: dict[str, Any], tmp_path: Path, lang: str | None = None) -> tuple[str, ReportScan]:
    html = render_reports(result, tmp_path, lang=lang)["html"].read_text(encoding="utf-8")
    return html, ReportScan(html)


@pytest.fixture
def fr_report(tmp_path: Path, result_fr: dict[str, Any]) -> tuple[str, ReportScan]:
    return _render(result_fr, tmp_path)


def test_sections_and_language(fr_report: tuple[str, ReportScan]) -> None:
    _, scan = fr_report
    assert scan.find("html")[0].attrs["lang"] == "fr"
    for section in SECTIONS:
        assert scan.by_id(section).tag == "section"
    assert scan.by_id("footer").tag == "footer"
    title = scan.find("title")[0].all_text
    assert title == "Rapport de maturité data — Acme Retail"
    summary = scan.by_id("summary").all_text
    assert "20 / 30" in summary and "Fourchette 20–22" in summary and "De bons atouts" in summary
    assert "50\u202f%" in summary and "Stade 2" in summary


def test_every_question_has_a_card(fr_report: tuple[str, ReportScan], result_fr: dict[str, Any]) -> None:
    _, scan = fr_report
    cards = [e for e in scan.elements if e.tag == "article" and "question" in e.classes]
    assert [c.attrs["id"] for c in cards] == [f"q-{q['id']}" for q in result_fr["questions"]]
    for card, question in zip(cards, result_fr["questions"], strict=True):
        assert question["question"] in card.all_text
        for item in question["evidence"][:12]:
            assert item["ref"] in card.all_text
        for signal in question["signals"]:
            assert signal["name"] in card.all_text


def test_evidence_refs_are_monospace(fr_report: tuple[str, ReportScan]) -> None:
    _, scan = fr_report
    codes = {e.all_text for e in scan.find("code")}
    assert "GRANT SELECT ON SCHEMA marts TO PUBLIC" in codes
    assert "target/run_results.json#/results/0" in codes


def test_long_evidence_lists_are_folded_not_dropped(fr_report: tuple[str, ReportScan]) -> None:
    _, scan = fr_report
    card = scan.by_id("q-Q1")
    assert "marts.fct_store_kpi_24" in card.all_text  # item 24 of 26 sits in the folded part
    assert "14 élément(s) de plus" in card.all_text


def test_contradiction_is_prominent(fr_report: tuple[str, ReportScan]) -> None:
    _, scan = fr_report
    card = scan.by_id("q-Q7")
    assert "has-contradiction" in card.classes
    callouts = [e for e in scan.elements if "contradiction" in e.classes and "callout" in e.classes]
    assert len(callouts) == 1
    text = callouts[0].all_text
    # Stated once (scoring's message, in the scan's language), then which answer the score kept.
    assert text.count("(0 pt)") == 1 and text.count("questionnaire") == 1, text
    assert "Les traces indiquent « Non » (0 pt) mais le questionnaire répond « Oui » (2 pt)." in text
    assert "Réponse retenue : non (preuves)." in text
    summary_box = scan.by_id("contradictions")
    assert "alert" in summary_box.classes
    assert [a.attrs["href"] for a in scan.find("a") if a.attrs.get("href") == "#q-Q7"]


def test_unanswered_question_and_partial_scan(fr_report: tuple[str, ReportScan], result_fr: dict) -> None:
    _, scan = fr_report
    assert "unanswered" in scan.by_id("q-Q9").classes
    assert "0–2 (sans réponse)" in scan.by_id("q-Q9").all_text
    assert "Q9" in scan.by_id("unanswered").all_text
    warning = scan.by_id("partial-scan")
    assert warning.attrs.get("role") == "alert"
    for error in result_fr["errors"]:
        for key in ("source", "object", "message"):
            assert error[key] in warning.all_text


URL_ATTRS = ("src", "href", "xlink:href", "action", "formaction", "poster", "data", "srcset", "background")


def test_no_network_reference(fr_report: tuple[str, ReportScan]) -> None:
    _, scan = fr_report
    for element in scan.elements:
        for name, value in element.attrs.items():
            assert not re.match(r"\s*(https?:)?//", value, re.I), f"<{element.tag} {name}={value!r}>"
            if name in URL_ATTRS:
                assert value.startswith("#"), f"<{element.tag} {name}={value!r}> must be an in-page link"
            for target in re.findall(r"url\(([^)]*)\)", value):
                assert target.startswith("#"), f"url({target}) in <{element.tag} {name}>"
        assert element.tag not in {"link", "img", "iframe", "object", "embed", "base"}, element.tag
    style = scan.find("style")[0].all_text
    assert "url(" not in style and "@import" not in style and "@font-face" not in style
    scripts = scan.find("script")
    assert all("src" not in s.attrs for s in scripts)
    assert not re.search(r"https?://", scripts[-1].all_text)


def test_csp_pins_inline_style_and_script(fr_report: tuple[str, ReportScan]) -> None:
    _, scan = fr_report
    csp = next(
        m.attrs["content"]
        for m in scan.find("meta")
        if m.attrs.get("http-equiv") == "Content-Security-Policy"
    )

    def digest(text: str) -> str:
        return "sha256-" + base64.b64encode(hashlib.sha256(text.encode()).digest()).decode()

    assert "default-src 'none'" in csp
    assert f"style-src '{digest(scan.find('style')[0].all_text)}'" in csp
    code = [s for s in scan.find("script") if s.attrs.get("type") != "application/json"]
    assert len(code) == 1
    assert f"script-src '{digest(code[0].all_text)}'" in csp


def test_hostile_names_stay_text(tmp_path: Path, result_fr: dict[str, Any]) -> None:
    result_fr["name"] = 'Acme "<img src=x onerror=alert(2)>'
    result_fr["errors"][0]["message"] = "boom </script><script>alert(3)</script>"
    result_fr["lineage"]["edges"].append({"source": EVIL_TABLE, "target": "</script>", "provenance": "dbt"})
    html, scan = _render(result_fr, tmp_path)
    assert "<script>alert" not in html and "<img src=x" not in html
    assert not [e for e in scan.elements if e.tag == "img"]
    scripts = scan.find("script")
    assert [s.attrs.get("type") for s in scripts] == ["application/json", None]
    # The names are still shown, as text, where a reader looks for them.
    assert EVIL_TABLE in scan.by_id("lineage").all_text
    assert "alert(3)" in scan.by_id("partial-scan").all_text
    assert result_fr["name"] in scan.find("h1")[0].all_text
    data = json.loads(scripts[0].all_text)
    assert EVIL_TABLE in data["tables"] and "</script>" in data["tables"]
    assert "</" not in scripts[0].all_text


def test_english_report_has_no_french_labels(tmp_path: Path, result_en: dict[str, Any]) -> None:
    _, scan = _render(result_en, tmp_path)
    assert scan.find("html")[0].attrs["lang"] == "en"
    visible = " ".join(e.all_text for e in scan.find("body"))
    for french in ("Synthèse", "Palier", "Preuves", "Sans réponse", "Lignage", "Portefeuille", "Évolution"):
        assert french not in visible, french
    assert "Executive summary" in visible and "Ready for the leap" in visible


def test_minimal_result_degrades_gracefully(tmp_path: Path, result_minimal: dict[str, Any]) -> None:
    _, scan = _render(result_minimal, tmp_path)
    assert "No candidate AI project was provided." in scan.by_id("portfolio").all_text
    assert "No lineage edge was found in this scan." in scan.by_id("lineage").all_text
    assert "first scan" in scan.by_id("history").all_text
    assert "No recommendation was produced" in scan.by_id("recommendations").all_text
    assert not [e for e in scan.elements if e.attrs.get("id") == "partial-scan"]
    assert not [e for e in scan.elements if e.attrs.get("id") == "lineage-data"]
