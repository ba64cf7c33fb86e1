"""Evidence answers at every threshold of the packaged rubric, with their confidence.

Each case sits on or just past a threshold, so moving a threshold in the rubric (or a bug
in the comparison) fails a named case.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest

from scoring.evidence import EvidenceItem, Signal
from scoring.inputs import parse_portfolio, parse_survey
from scoring.questions import EvidenceContext, evidence_answers
from scoring.questions.engine import EvidenceAnswer
from scoring.rubric import Rubric


def answer(
    rubric: Rubric, signals: list[Signal], survey: dict | None = None, portfolio: dict | None = None
) -> dict[str, EvidenceAnswer]:
    context = EvidenceContext.build(
        rubric,
        signals,
        parse_survey(survey) if survey is not None else None,
        parse_portfolio(portfolio) if portfolio is not None else None,
        "en",
    )
    return evidence_answers(context)


Make = Callable[..., list[Signal]]

CASES = [
    # Q1: coverage >= 0.8 and active within 30 days -> yes; coverage >= 0.3 -> partial; else no.
    ("Q1", {"lineage_coverage": 0.9, "lineage_days_since_activity": 10}, "yes", "high"),
    ("Q1", {"lineage_coverage": 0.9, "lineage_days_since_activity": 30}, "yes", "medium"),  # within 2 days
    ("Q1", {"lineage_coverage": 0.9, "lineage_days_since_activity": 31}, "partial", "medium"),
    ("Q1", {"lineage_coverage": 0.9, "lineage_days_since_activity": 40}, "partial", "high"),
    ("Q1", {"lineage_coverage": 0.8, "lineage_days_since_activity": 10}, "yes", "medium"),  # on the edge
    ("Q1", {"lineage_coverage": 0.79, "lineage_days_since_activity": 10}, "partial", "medium"),
    ("Q1", {"lineage_coverage": 0.6, "lineage_days_since_activity": 10}, "partial", "high"),
    ("Q1", {"lineage_coverage": 0.3, "lineage_days_since_activity": 10}, "partial", "medium"),
    ("Q1", {"lineage_coverage": 0.1, "lineage_days_since_activity": 10}, "no", "high"),
    ("Q1", {"lineage_coverage": 0.9}, "partial", "medium"),  # activity unknown: 'yes' not ruled out
    # Q2: a tool succeeded within 7 days -> yes; present -> present; else no.
    ("Q2", {"dbt_days_since_success": 7, "dbt_models": 12}, "yes", "medium"),
    ("Q2", {"dbt_days_since_success": 2, "dbt_models": 12}, "yes", "high"),
    ("Q2", {"dbt_days_since_success": 8, "dbt_models": 12}, "present", "medium"),
    (
        "Q2",
        {"dbt_days_since_success": 30, "dbt_models": 12, "orchestrator_days_since_run": 20},
        "present",
        "high",
    ),
    ("Q2", {"orchestrator_days_since_run": 1}, "yes", "high"),
    ("Q2", {"ingestion_footprints": 3, "dbt_models": 0}, "present", "medium"),
    ("Q2", {"dbt_models": 0, "ingestion_footprints": 0, "orchestrator_days_since_run": None}, "no", "low"),
    (
        "Q2",
        {
            "dbt_models": 0,
            "ingestion_footprints": 0,
            "dbt_days_since_success": None,
            "orchestrator_days_since_run": None,
        },
        "no",
        "low",
    ),
    # Q4: layered needs reachable, OLAP and >= 2 layers.
    ("Q4", {"warehouse_reachable": 1, "warehouse_is_olap": 1, "modelling_layers": 2}, "layered", "high"),
    ("Q4", {"warehouse_reachable": 1, "warehouse_is_olap": 1, "modelling_layers": 1}, "database", "high"),
    ("Q4", {"warehouse_reachable": 1, "warehouse_is_olap": 0, "modelling_layers": 4}, "database", "high"),
    # Q6: ML artefacts a year old -> ge_1y (capped medium); younger -> lt_1y; none -> none (low).
    ("Q6", {"ml_artefact_tables": 2, "ml_days_since_first_artefact": 365}, "ge_1y", "medium"),
    ("Q6", {"ml_artefact_tables": 2, "ml_days_since_first_artefact": 364}, "lt_1y", "medium"),
    ("Q6", {"ml_artefact_tables": 0, "ml_days_since_first_artefact": None}, "none", "low"),
    # Q7 governance.
    ("Q7", {"roles_with_grants": 2, "public_grants_on_modelled": 0, "owner_coverage": 0.9}, "yes", "high"),
    (
        "Q7",
        {"roles_with_grants": 2, "public_grants_on_modelled": 1, "owner_coverage": 0.9},
        "partial",
        "high",
    ),
    (
        "Q7",
        {"roles_with_grants": 1, "public_grants_on_modelled": 0, "owner_coverage": 0.31},
        "partial",
        "medium",
    ),
    (
        "Q7",
        {"roles_with_grants": 1, "public_grants_on_modelled": 0, "owner_coverage": 0.5},
        "partial",
        "high",
    ),
    (
        "Q7",
        {
            "roles_with_grants": 1,
            "public_grants_on_modelled": 0,
            "owner_coverage": 0.1,
            "access_or_contracts": 0,
            "pii_tagged_columns": 0,
        },
        "no",
        "high",
    ),
    (
        "Q7",
        {
            "roles_with_grants": 1,
            "public_grants_on_modelled": 0,
            "owner_coverage": 0.1,
            "access_or_contracts": 0,
            "pii_tagged_columns": 3,
        },
        "partial",
        "high",
    ),
    # Q8 proofs of concept from ML artefacts (indirect evidence: capped).
    ("Q8", {"ml_artefact_tables": 1}, "yes", "medium"),
    ("Q8", {"ml_artefact_tables": 0}, "no", "low"),
    # Q11 human analysts in the query log.
    ("Q11", {"human_analysts_90d": 2}, "dedicated", "medium"),
    ("Q11", {"human_analysts_90d": 1}, "shared", "medium"),
    ("Q11", {"human_analysts_90d": 0}, "no", "low"),
    # Q3 without the survey: dedicated people unknown, so a 'yes' is only medium.
    ("Q3", {"bi_tools_seen": 1, "bi_queries_30d": 100, "dbt_exposures": 1}, "yes", "medium"),
    ("Q3", {"bi_tools_seen": 1, "bi_queries_30d": 99, "dbt_exposures": 1}, "partial", "high"),
    (
        "Q3",
        {"bi_tools_seen": 0, "bi_queries_30d": 0, "dbt_exposures": 0, "reporting_schemas": 1},
        "partial",
        "low",
    ),
    (
        "Q3",
        {"bi_tools_seen": 0, "bi_queries_30d": 0, "dbt_exposures": 0, "reporting_schemas": 0},
        "no",
        "high",
    ),
]


@pytest.mark.parametrize(("qid", "values", "value", "confidence"), CASES)
def test_thresholds(
    rubric: Rubric, make_signals: Make, qid: str, values: dict, value: str, confidence: str
) -> None:
    result = answer(rubric, make_signals(qid, **values))[qid]
    assert (result.value, result.confidence) == (value, confidence), result.rationale
    assert result.points == rubric.questions[qid].points_for(value)


@pytest.mark.parametrize("qid", ["Q1", "Q2", "Q4", "Q7", "Q11"])
def test_unmeasured_signals_leave_the_question_to_the_survey(
    rubric: Rubric, make_signals: Make, qid: str
) -> None:
    names = [name for (q, name) in __import__("scoring.signals").signals.SIGNAL_NAMES if q == qid]
    assert qid not in answer(rubric, make_signals(qid, **dict.fromkeys(names)))


def test_unreachable_warehouse_is_not_proof_of_no_warehouse(rubric: Rubric, make_signals: Make) -> None:
    assert "Q4" not in answer(rubric, make_signals("Q4", warehouse_reachable=0))


def test_survey_only_questions_have_no_evidence_answer(rubric: Rubric, make_signals: Make) -> None:
    answers = answer(rubric, make_signals("Q5", mart_test_pass_rate=1.0, mart_days_since_refresh=1))
    assert not {"Q5", "Q9", "Q12", "Q13", "Q14"} & set(answers)


@pytest.mark.parametrize(("dedicated", "value", "points"), [(True, "yes", 2), (False, "partial", 1)])
def test_q3_dedicated_people_from_the_survey(
    rubric: Rubric, make_signals: Make, dedicated: bool, value: str, points: int
) -> None:
    signals = make_signals("Q3", bi_tools_seen=2, bi_queries_30d=500, reporting_schemas=1)
    result = answer(rubric, signals, survey={"answers": {"Q3_dedicated_people": dedicated}})["Q3"]
    assert (result.value, result.points, result.confidence) == (value, points, "high")


def test_rationale_names_values_and_thresholds(rubric: Rubric, make_signals: Make) -> None:
    result = answer(rubric, make_signals("Q1", lineage_coverage=0.5, lineage_days_since_activity=3))["Q1"]
    assert "lineage_coverage = 0.5 (needs >= 0.3)" in result.rationale
    assert "lineage_coverage = 0.5 (needs >= 0.8)" in result.rationale


def test_evidence_items_come_from_the_signals(rubric: Rubric) -> None:
    item = EvidenceItem("table", "marts.legacy_sales_report", "no upstream edge")
    signals = [Signal("Q1", "lineage_coverage", 0.2, "1/5", (item,))]
    assert answer(rubric, signals)["Q1"].evidence == (item,)


TLD = {"time": "high", "logic": "high", "data": "low"}


@pytest.mark.parametrize(
    ("departments", "q10", "q15"),
    [
        ([], (0, 0), (0, 0)),
        (["Sales"], (1, 1), (1, 1)),
        (["Sales", "sales"], (2, 1), (1, 1)),
        (["Sales", "Ops", None], (3, 2), (2, 2)),
    ],
)
def test_portfolio_counts(rubric: Rubric, departments: list, q10: tuple, q15: tuple) -> None:
    projects = [{"name": f"P{i}", "department": d, "tld": TLD} for i, d in enumerate(departments)]
    answers = answer(rubric, [], portfolio={"projects": projects})
    assert (answers["Q10"].value, answers["Q10"].points) == q10
    assert (answers["Q15"].value, answers["Q15"].points) == q15
    assert answers["Q10"].confidence == "high"
    assert [e.ref for e in answers["Q10"].evidence] == [p["name"] for p in projects]


def test_no_portfolio_no_count(rubric: Rubric) -> None:
    assert not {"Q10", "Q15"} & set(answer(rubric, []))
