"""The report against the real scorer's output, not only hand-written fixtures.

``scoring.score_scan(...).to_dict()`` gives the ``score``, ``questions``,
``recommendations``, ``maturity`` and ``portfolio`` keys; orchestration adds the envelope
(client, scan, errors, lineage, history). If the scorer changes a shape the report relies
on, this test breaks here rather than in a consultant's inbox.
"""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pytest
import yaml
from htmlscan import ReportScan

from reports import render_reports
from scoring import score_scan
from scoring.evidence import EvidenceItem, Signal
from scoring.inputs import parse_rubric
from scoring.rubric import DEFAULT_RUBRIC_FILE

SIGNALS = [
    Signal(
        "Q1", "lineage_coverage", 0.5, "2 of 4", (EvidenceItem("table", "marts.legacy_sales", "no upstream"),)
    ),
    Signal("Q1", "lineage_days_since_activity", 3),
    Signal("Q2", "dbt_days_since_success", 1),
    Signal("Q4", "warehouse_reachable", 1),
    Signal("Q4", "warehouse_is_olap", 1),
    Signal("Q4", "modelling_layers", 3),
    Signal("Q7", "roles_with_grants", 1),
    Signal("Q7", "owner_coverage", 0.1),
]
SURVEY = {"answers": {"Q1": "yes", "Q5": 7, "Q13": "yes"}}
PORTFOLIO = {
    "projects": [
        {
            "name": "Churn",
            "department": "Marketing",
            "technique": "churn classification",
            "tld": {"time": "high", "logic": "high", "data": "medium"},
            "data": ["marts.customers", "marts.missing_table"],
        }
    ]
}
FACTS = [{"table_fqn": "marts.customers", "row_count": 1000, "is_modelled": True, "has_description": True}]


def _result(lang: str) -> dict[str, Any]:
    rubric = parse_rubric(copy.deepcopy(yaml.safe_load(DEFAULT_RUBRIC_FILE.read_text(encoding="utf-8"))))
    card = score_scan(
        signals=SIGNALS, survey=SURVEY, portfolio=PORTFOLIO, table_facts=FACTS, rubric=rubric, lang=lang
    )
    return {
        "client": "contract",
        "name": "Contract Co",
        "language": lang,
        "scan_id": "contract-1",
        "scanned_at": "2026-11-20T08:30:00",
        "partial": False,
        "errors": [],
        "evidence_counts": {"warehouse_tables": 4},
        **card.to_dict(),
    }


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_real_scorecard_renders_completely(tmp_path: Path, lang: str) -> None:
    result = _result(lang)
    paths = render_reports(result, tmp_path)
    scan = ReportScan(paths["html"].read_text(encoding="utf-8"))
    markdown = paths["md"].read_text(encoding="utf-8")

    for question in result["questions"]:
        card = scan.by_id(f"q-{question['id']}")
        assert question["question"] in card.all_text
        if question["value_label"]:
            assert question["value_label"] in card.all_text
    contradicted = [q["id"] for q in result["questions"] if q["contradiction"]]
    assert contradicted, "the fixture should produce a contradiction (Q1: survey yes, evidence partial)"
    for qid in contradicted:
        assert "has-contradiction" in scan.by_id(f"q-{qid}").classes
    assert "Churn" in scan.by_id("portfolio").all_text
    assert "marts.missing_table" in scan.by_id("portfolio").all_text
    assert len(scan.find("ol")[-1].text) > 0  # recommendations list rendered
    for rec in result["recommendations"]:
        assert rec["text"] in scan.by_id("recommendations").all_text
    body = scan.find("main")[0].all_text + scan.by_id("footer").all_text
    for text in (body, markdown):
        assert "None" not in text and "{" not in text.replace("{n}", ""), "an unformatted value leaked"
