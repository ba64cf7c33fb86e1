"""The phase 2-6 sections of the report: project details, roadmap, scope of work, team.

The Acme fixtures carry the real scan's ``portfolio``, ``roadmap``, ``scope_of_work``,
``team`` and ``mlops_footprint`` keys, plus hostile strings (a missing table named
``raw.<script>...``, a column named ``<img ...>``, a prerequisite and a team reason with
markup and ``|``). Checked here: each section is present with what the result holds, client
strings stay text in HTML and Markdown, no external reference appears, and an older result
without these keys renders without the sections.
"""

from __future__ import annotations

import copy
import re
from pathlib import Path
from typing import Any

import pytest
from htmlscan import ReportScan
from report_fixtures import EVIL_TABLE

from reports import render_reports
from reports.i18n import load_catalog
from reports.portfolio_view import project_detail, table_status

NEW_SECTIONS = ("roadmap", "scope-of-work", "team")


def _render(result: dict[str, Any], tmp_path: Path, lang: str | None = None) -> tuple[str, str, ReportScan]:
    paths = render_reports(result, tmp_path, lang=lang)
    html = paths["html"].read_text(encoding="utf-8")
    return html, paths["md"].read_text(encoding="utf-8"), ReportScan(html)


@pytest.mark.parametrize("fixture", ["result_fr", "result_en"])
def test_sections_present_with_the_result_content(
    tmp_path: Path, fixture: str, request: pytest.FixtureRequest
) -> None:
    result = request.getfixturevalue(fixture)
    _, markdown, scan = _render(result, tmp_path)
    for section in NEW_SECTIONS:
        assert scan.by_id(section).tag == "section"
        assert any(a.attrs.get("href") == f"#{section}" for a in scan.find("a")), section
    roadmap = scan.by_id("roadmap").all_text
    for term in result["roadmap"]:
        for item in term["items"]:
            assert item["project"] in roadmap and item["why"] in roadmap
    scope = scan.by_id("scope-of-work")
    drafts = [e for e in scan.elements if e.tag == "article" and "scope" in e.classes]
    assert [d.attrs["id"] for d in drafts] == [f"scope-{s['rank']}" for s in result["scope_of_work"]]
    for draft, s in zip(drafts, result["scope_of_work"], strict=True):
        assert len([h for h in _children(scan, draft) if h.tag == "h4"]) == 9  # the nine fields of SPEC 3
        for table in s["required_data"]:
            assert table["table"] in draft.all_text
            for column in table["columns"]:
                assert column["name"] in draft.all_text and column["type"] in draft.all_text
            for source in table["upstream_sources"]:
                assert source in draft.all_text
        for text in s["assumptions"] + s["deliverables"] + s["exclusions"]:
            assert text in draft.all_text
    assert "PK" in scope.all_text  # the fixture flags one primary key
    team = scan.by_id("team").all_text
    for role in result["team"]:
        for reason in role["reasons"]:
            assert reason in team
        for tool in role["tools"]:
            assert tool in team
    for missing in result["mlops_footprint"]["missing"]:
        assert missing["label"] in team
    for heading in (
        "## " + load_catalog(result["language"]).label(k) for k in ("roadmap", "scope_of_work", "team")
    ):
        assert heading in markdown


def _children(scan: ReportScan, parent: Any) -> list[Any]:
    """Elements opened after ``parent`` whose text is part of it (a cheap subtree test)."""
    start = scan.elements.index(parent)
    out = []
    for element in scan.elements[start + 1 :]:
        if element.tag == "article":
            break
        out.append(element)
    return out


def test_project_details_show_why_data_is_unavailable(tmp_path: Path, result_en: dict[str, Any]) -> None:
    _, markdown, scan = _render(result_en, tmp_path)
    cards = [e for e in scan.elements if e.tag == "article" and "project" in e.classes]
    assert len(cards) == len(result_en["portfolio"])
    fraud = next(p for p in result_en["portfolio"] if any(t.get("suggestions") for t in p["tables"]))
    card = scan.by_id(f"project-{fraud['rank']}")
    for table in fraud["tables"]:
        for reason in table["blockers"] + table["issues"]:
            assert reason in card.all_text
        for suggestion in table["suggestions"]:
            assert suggestion in card.all_text
    statuses = {e.all_text for e in scan.elements if e.tag == "span" and "badge" in e.classes}
    assert {"missing", "ready", "empty", "blocked (own feed broken)"} <= statuses
    assert "Closest existing names" in card.all_text and fraud["advice"] in card.all_text
    assert "marts.fct_orders" in markdown and "Closest existing names" in markdown


def test_hostile_strings_stay_text(tmp_path: Path, result_fr: dict[str, Any]) -> None:
    html, markdown, scan = _render(result_fr, tmp_path)
    assert "<script>alert" not in html and "<img src=x" not in html and "<b>" not in html
    assert not [e for e in scan.elements if e.tag in ("img", "b")]
    assert [s.attrs.get("type") for s in scan.find("script")] == ["application/json", None]
    assert EVIL_TABLE in scan.by_id("portfolio").all_text
    assert "<img src=x onerror=alert(4)>" in scan.by_id("scope-of-work").all_text
    assert "a | b <script>alert(5)</script>" in scan.by_id("roadmap").all_text
    assert "<script>alert(7)</script> | *bold*" in scan.by_id("team").all_text
    # Markdown: raw HTML never reaches the file outside code spans; table pipes are escaped.
    outside_code = re.sub(r"(`+)[^`]*?\1", "", markdown)
    for raw in ("<script", "<img", "<b>"):
        assert raw not in outside_code, raw
    assert "a \\| b &lt;script&gt;alert(5)&lt;/script&gt;" in markdown
    assert "&lt;script&gt;alert(7)&lt;/script&gt; \\| \\*bold\\*" in markdown


def test_new_sections_reference_nothing_outside_the_page(tmp_path: Path, result_fr: dict[str, Any]) -> None:
    _, _, scan = _render(result_fr, tmp_path)
    ids = {e.attrs["id"] for e in scan.elements if "id" in e.attrs}
    for element in scan.elements:
        for name in ("href", "src", "xlink:href", "action"):
            value = element.attrs.get(name)
            if value is not None:
                assert value.startswith("#") and value[1:] in ids, f"<{element.tag} {name}={value!r}>"


def test_older_result_without_the_keys_leaves_the_sections_out(
    tmp_path: Path, result_en: dict[str, Any]
) -> None:
    old = copy.deepcopy(result_en)
    for key in ("roadmap", "scope_of_work", "team", "mlops_footprint"):
        del old[key]
    old["portfolio"] = [
        {
            k: v
            for k, v in p.items()
            if k in ("name", "department", "value", "feasibility", "quadrant", "rank")
        }
        for p in old["portfolio"]
    ]
    _, markdown, scan = _render(old, tmp_path)
    present = {e.attrs.get("id") for e in scan.elements}
    assert not present & {*NEW_SECTIONS, "project-details"}
    assert "## Roadmap" not in markdown and "## Team needs" not in markdown
    assert result_en["portfolio"][0]["name"] in scan.by_id("portfolio").all_text


def test_empty_lists_say_so(tmp_path: Path, result_en: dict[str, Any]) -> None:
    result_en["roadmap"], result_en["scope_of_work"], result_en["team"] = [], [], []
    _, markdown, scan = _render(result_en, tmp_path)
    assert "No project to place on the roadmap." in scan.by_id("roadmap").all_text
    assert "no scope of work was drafted" in scan.by_id("scope-of-work").all_text
    assert "No role is called for" in scan.by_id("team").all_text
    assert "No project to place on the roadmap." in markdown


@pytest.mark.parametrize(
    ("table", "status"),
    [
        ({"external": True, "exists": False}, "external"),
        ({"exists": False, "blockers": ["x was not found"]}, "missing"),
        ({"exists": True, "empty": True, "blockers": ["x is empty"]}, "empty"),
        ({"exists": True, "row_count": 0}, "empty"),
        ({"exists": True, "empty": False, "blockers": ["x: freshness errors"]}, "blocked"),
        (
            {"exists": True, "empty": False, "blockers": [], "issues": ["x depends on y, a stale source"]},
            "degraded",
        ),
        ({"exists": True, "empty": False, "blockers": [], "issues": []}, "ok"),
    ],
)
def test_table_status(table: dict[str, Any], status: str) -> None:
    assert table_status(table) == status


@pytest.mark.parametrize(
    ("declared", "adjusted", "move", "text"),
    [
        ("low", "medium", "up", "declared low, adjusted to medium"),
        ("high", "medium", "down", "declared high, adjusted to medium"),
    ],
)
def test_complexity_move_is_shown(declared: str, adjusted: str, move: str, text: str) -> None:
    cat = load_catalog("en")
    detail = project_detail(
        {
            "name": "P",
            "rank": 1,
            "deployment": "batch",
            "deployment_complexity": adjusted,
            "deployment_complexity_declared": declared,
            "deployment_complexity_why": "because",
            "tld": {"data": "high", "time": "low", "logic": "medium"},
            "tld_declared": {"data": "low", "time": "low", "logic": "medium"},
            "measured_data": {"level": "high", "score": 0.8, "declared": "low", "differs": True},
        },
        cat,
    )
    assert detail["complexity"]["move"] == move
    assert (
        cat.label(
            "complexity_declared_adjusted", **{k: detail["complexity"][k] for k in ("declared", "adjusted")}
        )
        == text
    )
    assert [(r["label"], r["value"], r["declared"], r["measured"], r["differs"]) for r in detail["tld"]] == [
        ("Time", "low", "low", None, False),
        ("Logic", "medium", "medium", None, False),
        ("Data", "high", "low", "measured high (score 0.8)", True),
    ]
