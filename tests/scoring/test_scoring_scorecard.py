"""End to end through ``score_scan``: the result-JSON keys, recommendations citing evidence, languages."""

from __future__ import annotations

import json

import pytest

from scoring import score_scan
from scoring.evidence import EvidenceItem, Signal, TableFact
from scoring.rubric import Rubric

LINEAGE_GAPS = (
    EvidenceItem("table", "marts.legacy_sales_report", "no upstream edge"),
    EvidenceItem("table", "reporting.kpi_snapshot", "no upstream edge"),
)
SIGNALS = [
    Signal("Q1", "lineage_coverage", 0.5, "2 of 4 modelled tables", LINEAGE_GAPS),
    Signal("Q1", "lineage_days_since_activity", 3),
    Signal("Q2", "dbt_days_since_success", 1),
    Signal("Q2", "dbt_test_pass_rate", 0.9, "", (EvidenceItem("dbt_test", "not_null_orders_id", "fail"),)),
    Signal("Q4", "warehouse_reachable", 1),
    Signal("Q4", "warehouse_is_olap", 1),
    Signal("Q4", "modelling_layers", 3),
    Signal("Q7", "roles_with_grants", 1),
    Signal("Q7", "owner_coverage", 0.1),
    Signal("Q7", "access_or_contracts", 0),
    Signal("Q7", "pii_tagged_columns", 0),
]
SURVEY = {"answers": {"Q1": "yes", "Q5": 7, "Q13": "yes"}}
PORTFOLIO = {
    "projects": [
        {
            "name": "Churn",
            "department": "Marketing",
            "technique": "churn classification",
            "tld": {"time": "high", "logic": "high", "data": "medium"},
            "data": ["marts.customers"],
        }
    ]
}
FACTS = [
    {
        "table_fqn": "marts.customers",
        "row_count": 10,
        "is_modelled": True,
        "has_description": True,
        "scan_id": "s1",
        "unknown_column": 1,
    }
]


@pytest.fixture
def result(rubric: Rubric) -> dict:
    card = score_scan(
        signals=SIGNALS, survey=SURVEY, portfolio=PORTFOLIO, table_facts=FACTS, rubric=rubric, lang="en"
    )
    return card.to_dict()


def test_result_keys_and_json_serialisable(result: dict) -> None:
    assert set(result) == {"score", "questions", "recommendations", "maturity", "portfolio", "planner"} | {
        "roadmap",
        "team",
        "scope_of_work",
        "mlops_footprint",
    }
    assert {"total", "min", "max", "band", "percent", "categories"} <= set(result["score"])
    json.dumps(result)


def test_score_and_range(result: dict) -> None:
    # Q1 1 (evidence first), Q2 2, Q4 2, Q5 1, Q7 0, Q10 1, Q13 2, Q15 1; unanswered: Q3 Q6 Q8 Q9 Q11 Q12 Q14
    assert (result["score"]["total"], result["score"]["min"], result["score"]["max"]) == (10, 10, 24)
    assert result["score"]["band"] == "early" and result["score"]["bands_in_range"] == ["early", "developing"]


def test_question_entries(result: dict) -> None:
    q1 = result["questions"][0]
    assert q1["id"] == "Q1" and q1["question"].startswith("Does data lineage")
    assert (q1["value"], q1["points"], q1["source"], q1["survey_value"]) == ("partial", 1, "evidence", "yes")
    assert (q1["evidence_value"], q1["evidence_points"]) == ("partial", 1)
    assert q1["contradiction"]["survey_points"] == 2
    assert q1["evidence"][0] == {
        "kind": "table",
        "ref": "marts.legacy_sales_report",
        "detail": "no upstream edge",
    }
    assert q1["signals"][0] == {"name": "lineage_coverage", "value": 0.5, "detail": "2 of 4 modelled tables"}
    q3 = result["questions"][2]
    assert (q3["points"], q3["source"], q3["confidence"]) == (None, "none", None)


def test_recommendations_cite_evidence_in_priority_order(result: dict) -> None:
    recs = result["recommendations"]
    assert [r["priority"] for r in recs] == list(range(1, len(recs) + 1))
    assert recs[0]["question"] == "Q1" and recs[0]["text"].startswith("Resolve the contradiction on Q1")
    lineage = next(r for r in recs if r["text"].startswith("Document lineage"))
    assert lineage["text"] == (
        "Document lineage for marts.legacy_sales_report, reporting.kpi_snapshot: "
        "no known upstream dependency."
    )
    assert [e["ref"] for e in lineage["evidence"]] == ["marts.legacy_sales_report", "reporting.kpi_snapshot"]
    tests = next(r for r in recs if "dbt tests" in r["text"])
    assert tests["text"] == "Fix the failing dbt tests: not_null_orders_id."
    assert recs.index(lineage) < recs.index(tests)  # weak question before a full-marks one
    unanswered = [r["question"] for r in recs if r["text"].startswith("Answer ")]
    assert unanswered == ["Q3", "Q6", "Q8", "Q9", "Q11", "Q12", "Q14"]
    band = [r for r in recs if r["question"] is None]
    assert band and band[0]["text"].startswith("Start a BI practice") and band[-1] == recs[-1]


def test_maturity_and_portfolio(result: dict) -> None:
    assert result["maturity"]["stage"] == 1 and result["maturity"]["level"] == "data_aware"
    assert result["maturity"]["governance"]["catalog"] == 1.0
    [churn] = result["portfolio"]
    assert churn["tables"][0]["issues"] == ["marts.customers has only 10 rows"]


def test_french_output(rubric: Rubric) -> None:
    card = score_scan(signals=SIGNALS, survey=SURVEY, portfolio=None, table_facts=[], rubric=rubric)
    out = card.to_dict()
    assert out["questions"][0]["question"].startswith("Le lignage des données")
    assert any(
        r["text"].startswith("Documenter le lignage de marts.legacy_sales_report")
        for r in out["recommendations"]
    )
    assert out["portfolio"] == []


def test_accepts_parsed_yaml_for_every_input(rubric_data: dict) -> None:
    card = score_scan(
        signals=[], survey=None, portfolio=None, table_facts=[TableFact("a.b")], rubric=rubric_data
    )
    assert card.to_dict()["score"]["max"] == 30
