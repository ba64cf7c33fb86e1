"""The portfolio rules one by one, on hand-built facts: no warehouse, no file, no rubric read.

Each test pins one rule of SPEC 3 to exact values, so a change of threshold, weight or
wording shows up here as a reviewed diff: what blocks a table (missing, empty, its own
freshness error) versus what only lowers it (a stale or failing upstream), the closest-name
suggestion, the deployment-complexity adjustment, the roadmap term of each quadrant, the
scope-of-work effort and required data, and the roles each technique calls for.
"""

from __future__ import annotations

from datetime import datetime

import pytest

from scoring.evidence import Signal, TableFact
from scoring.inputs import DataNeed, Project, parse_portfolio
from scoring.portfolio import ProjectScore, score_project
from scoring.portfolio_data import (
    BLOCKED_SCORE_CAP,
    Column,
    DataContext,
    measure_table,
    resolve_need,
    suggest_tables,
)
from scoring.portfolio_deploy import Footprint, deployment_complexity, mlops_footprint
from scoring.portfolio_roadmap import build_roadmap, term_of
from scoring.rubric import PortfolioSettings
from scoring.scope_of_work import draft_scope, draft_scopes, effort_weeks
from scoring.team import build_team
from scoring.use_cases import match_use_case

SETTINGS = PortfolioSettings()  # min_rows 1000, min_history_days 365, max_days_since_update 7, quality 0.95
#: Meets every data criterion: rows, history, freshness, quality, lineage.
GOOD = dict(
    row_count=50_000,
    days_since_update=1,
    quality_pass_rate=1.0,
    has_upstream=True,
    is_modelled=True,
    min_timestamp_at=datetime(2022, 1, 1),
    max_timestamp_at=datetime(2024, 1, 1),
)
SOURCE = dict(
    row_count=50_000,
    days_since_update=1,
    is_source=True,
    min_timestamp_at=datetime(2022, 1, 1),
    max_timestamp_at=datetime(2024, 1, 1),
)


def _ctx(
    *facts: TableFact, edges: tuple[tuple[str, str], ...] = (), freshness: dict | None = None
) -> DataContext:
    return DataContext.build(
        facts, (), [{"source_table": s, "target_table": t} for s, t in edges], freshness or {}
    )


# --- data availability: what blocks, what only lowers -------------------------------------------


def test_missing_table_blocks_and_suggests_the_closest_name() -> None:
    ctx = _ctx(TableFact("marts.customers", **GOOD), TableFact("marts.orders", **GOOD))
    [measure] = resolve_need(DataNeed(table="marts.custmers"), ctx, SETTINGS, "en")
    assert (measure.exists, measure.score) == (False, 0.0)
    assert measure.suggestions == ("marts.customers",)
    assert measure.blockers == (
        "marts.custmers was not found in the warehouse; closest tables: marts.customers",
    )


def test_suggestion_matches_the_table_part_and_other_databases() -> None:
    known = ["marts.customers", "marts.orders", "staging.stg_customers"]
    assert suggest_tables("marts.customer", known) == ("marts.customers", "staging.stg_customers")
    assert suggest_tables("crm.marts.orders", known) == ("marts.orders",)
    assert suggest_tables("finance.ledger", known) == ()


def test_empty_table_blocks_with_a_zero_score() -> None:
    measure = measure_table(TableFact("marts.reviews", **{**GOOD, "row_count": 0}), SETTINGS, "fr")
    assert (measure.exists, measure.empty, measure.score) == (True, True, 0.0)
    assert measure.blockers == ("marts.reviews est vide",)


def test_own_freshness_error_blocks_and_caps_the_score() -> None:
    ctx = _ctx(TableFact("raw.web_events", **SOURCE), freshness={"raw.web_events": "error"})
    measure = measure_table(ctx.facts["raw.web_events"], SETTINGS, "en", ctx=ctx)
    assert measure.freshness_status == "error"
    assert measure.blockers == ("raw.web_events: its dbt source freshness check errors",)
    assert measure.score == BLOCKED_SCORE_CAP == 0.25


def test_own_freshness_warning_lowers_without_blocking() -> None:
    ctx = _ctx(TableFact("raw.web_events", **SOURCE), freshness={"raw.web_events": "warn"})
    measure = measure_table(ctx.facts["raw.web_events"], SETTINGS, "en", ctx=ctx)
    # rows 1, history 1, freshness 0.5, quality unknown 0.5 -> 3 / 4
    assert (measure.blockers, measure.score) == ((), 0.75)
    assert measure.issues == ("raw.web_events: its dbt source freshness check warns",)


def test_stale_upstream_source_lowers_but_does_not_block() -> None:
    ctx = _ctx(
        TableFact("marts.orders", **GOOD),
        TableFact("raw.orders", **{**SOURCE, "days_since_update": 30}),
        edges=(("raw.orders", "marts.orders"),),
    )
    measure = measure_table(ctx.facts["marts.orders"], SETTINGS, "en", ctx=ctx)
    assert measure.blockers == ()
    assert [u.to_dict() for u in measure.upstream] == [
        {
            "table": "raw.orders",
            "depth": 1,
            "is_source": True,
            "health": "degraded",
            "why": "marts.orders depends on raw.orders, a stale source (30 days)",
        }
    ]
    # rows, history, freshness, quality, lineage all 1; upstream degraded 0.5 -> 5.5 / 6
    assert measure.score == 0.9167
    fresh = _ctx(
        TableFact("marts.orders", **GOOD),
        TableFact("raw.orders", **SOURCE),
        edges=(("raw.orders", "marts.orders"),),
    )
    assert measure_table(fresh.facts["marts.orders"], SETTINGS, "en", ctx=fresh).score == 1.0


def test_upstream_freshness_error_is_an_issue_of_the_model_not_a_blocker() -> None:
    ctx = _ctx(
        TableFact("marts.orders", **GOOD),
        TableFact("raw.orders", **SOURCE),
        edges=(("raw.orders", "marts.orders"),),
        freshness={"raw.orders": "error"},
    )
    measure = measure_table(ctx.facts["marts.orders"], SETTINGS, "en", ctx=ctx)
    assert measure.blockers == ()
    assert measure.upstream[0].health == "blocked"
    assert measure.issues == ("marts.orders depends on raw.orders, a stale source (freshness error)",)
    # freshness follows the sources (none passes: 0.5); upstream blocked weighs 0.25 -> 4.75 / 6
    assert measure.score == 0.7917


def test_unknown_columns_are_reported_with_catalog_types_kept() -> None:
    ctx = DataContext.build(
        [TableFact("marts.orders", **GOOD)],
        [
            {
                "schema_name": "marts",
                "table_name": "orders",
                "column_name": "order_id",
                "data_type": "INTEGER",
                "ordinal": 1,
                "is_primary_key": True,
            },
            {
                "schema_name": "marts",
                "table_name": "orders",
                "column_name": "amount",
                "data_type": "DECIMAL(10,2)",
                "ordinal": 2,
            },
        ],
    )
    [measure] = resolve_need(
        DataNeed(table="marts.orders", columns=("order_id", "amont")), ctx, SETTINGS, "en"
    )
    assert measure.issues == ("marts.orders: columns not in the catalog: amont",)
    assert [c.to_dict() for c in measure.required_columns()] == [
        {"name": "order_id", "type": "INTEGER", "primary_key": True},
        {"name": "amont", "type": "", "primary_key": False},
    ]


# --- deployment complexity ----------------------------------------------------------------------

RICH = Footprint(
    {"orchestrator": "dagster", "prediction_table": "ml.preds", "model_registry": "mlflow.models"}
)


@pytest.mark.parametrize(
    ("deployment", "footprint", "declared", "level", "why"),
    [
        (
            "streaming",
            RICH,
            "high",
            "medium",
            "complexity lowered one level: the existing stack covers active orchestrator, versioned prediction "
            "table, model registry",
        ),
        (
            "microservice",
            RICH,
            "medium",
            "low",
            "complexity lowered one level: the existing stack covers active orchestrator, versioned prediction "
            "table, model registry",
        ),
        ("batch", RICH, "low", "low", "declared complexity kept"),  # already the lowest
        (
            "batch",
            Footprint({}, measured=True),
            "low",
            "medium",
            "complexity raised one level: no industrialisation footing (no orchestrator, no prediction table)",
        ),
        (
            "streaming",
            Footprint({}, measured=True),
            "high",
            "high",
            "declared complexity kept",
        ),  # already highest
        ("microservice", Footprint({}), "medium", "medium", "declared complexity kept"),  # nothing measured
        # 2.5 points (orchestrator, prediction table, training set) stays under the 3.0 needed to lower.
        (
            "microservice",
            Footprint({"orchestrator": "a", "prediction_table": "b", "training_set": "c"}),
            "medium",
            "medium",
            "declared complexity kept",
        ),
    ],
)
def test_deployment_complexity_adjustment(
    deployment: str, footprint: Footprint, declared: str, level: str, why: str
) -> None:
    assert deployment_complexity(deployment, footprint, "en").to_dict() == {
        "declared": declared,
        "level": level,
        "why": why,
    }


def test_footprint_from_signals_and_tables() -> None:
    ctx = DataContext(
        facts={
            "ml.churn_predictions": TableFact("ml.churn_predictions", layer="ml", test_count=3),
            "ml.churn_training_set": TableFact("ml.churn_training_set", layer="ml"),
        },
        columns={"ml.churn_predictions": (Column("model_version", "VARCHAR"),)},
    )
    recent = {
        "Q2": {"orchestrator_days_since_run": Signal("Q2", "orchestrator_days_since_run", 2, "dagster run")}
    }
    footprint = mlops_footprint(ctx, recent)
    assert dict(footprint.found) == {
        "orchestrator": "dagster run",
        "prediction_table": "ml.churn_predictions",
        "monitoring": "ml.churn_predictions (3 tests)",
        "training_set": "ml.churn_training_set",
    }
    assert footprint.points == 3.5 and footprint.missing() == ("model_registry",)
    old = {"Q2": {"orchestrator_days_since_run": Signal("Q2", "orchestrator_days_since_run", 45)}}
    bare = mlops_footprint(DataContext(), old)
    assert (dict(bare.found), bare.measured) == ({}, True)  # seen, but not active: a bare stack


# --- roadmap ------------------------------------------------------------------------------------


def _score(
    name: str,
    value_high: bool,
    feasibility_high: bool,
    kinds: tuple[str, ...] = (),
    rank: int = 1,
    blockers: tuple[str, ...] = (),
    technique: str = "",
    deployment: str = "batch",
    department: str | None = None,
    availability: str | None = "internal",
) -> ProjectScore:
    project = Project(
        name=name,
        department=department,
        technique=technique,
        deployment=deployment,
        tld={"time": "high", "logic": "high", "data": "high"},
    )
    return ProjectScore(
        project=project,
        value=0.9 if value_high else 0.3,
        feasibility=0.9 if feasibility_high else 0.3,
        value_high=value_high,
        feasibility_high=feasibility_high,
        data_level_used="high",
        data_level_measured=None,
        data_score=None,
        availability=availability,
        tables=(),
        use_case=match_use_case(name, "", technique),
        components={},
        advice=(),
        rank=rank,
        lang="en",
        blockers=blockers,
        complexity=deployment_complexity(deployment, Footprint({}), "en"),
        advice_kinds=kinds,
    )


@pytest.mark.parametrize(
    ("value_high", "feasibility_high", "kinds", "term", "why"),
    [
        (True, True, ("priority",), "short", "why_priority"),
        (True, False, ("restore_feed", "reduced_scale"), "medium", "why_restore"),
        (True, False, ("reduced_scale",), "medium", "why_invest"),
        (True, False, ("wait_collect", "restore_feed"), "long", "why_long"),  # waiting on data wins
        (True, False, ("rnd",), "long", "why_long"),
        (False, True, ("schedule",), "medium", "why_opportunistic"),
        (False, False, ("reduced_scale",), "long", "why_long"),
        (True, True, ("unmeasured", "priority"), "short", "why_priority"),  # priority stays short term
    ],
)
def test_roadmap_term_per_quadrant(
    value_high: bool, feasibility_high: bool, kinds: tuple[str, ...], term: str, why: str
) -> None:
    assert term_of(_score("P", value_high, feasibility_high, kinds)) == (term, why)


def test_roadmap_keeps_every_term_and_lists_prerequisites_after_the_short_term() -> None:
    scores = [
        _score("Fraud", False, False, ("wait_collect",), rank=3, blockers=("raw.labels is missing",)),
        _score("Churn", True, True, ("priority",), rank=1, blockers=()),
        _score("Recs", True, False, ("restore_feed",), rank=2, blockers=("raw.events: freshness errors",)),
    ]
    roadmap = build_roadmap(scores, "en")
    assert [(t["term"], t["label"], t["horizon_months"]) for t in roadmap] == [
        ("short", "Short term", "0-3"),
        ("medium", "Medium term", "3-9"),
        ("long", "Long term", "9-18"),
    ]
    assert [[(i["project"], i["why"], i["prerequisites"]) for i in t["items"]] for t in roadmap] == [
        [("Churn", "high value and high feasibility", [])],
        [("Recs", "high value; unblock the data first", ["raw.events: freshness errors"])],
        [("Fraud", "waits on data or research", ["raw.labels is missing"])],
    ]
    assert [t["items"] for t in build_roadmap([_score("A", True, True, ("priority",))], "fr")][1:] == [[], []]


# --- team ---------------------------------------------------------------------------------------


def test_team_roles_per_technique_and_deployment() -> None:
    scores = [
        _score(
            "Churn prediction",
            True,
            True,
            ("priority",),
            rank=1,
            technique="classification",
            department="Marketing",
        ),
        _score(
            "Fraud detection",
            True,
            False,
            ("reduced_scale",),
            rank=2,
            technique="anomaly detection",
            deployment="streaming",
        ),
        _score("Quarterly board deck", False, False, ("rnd",), rank=3),
    ]
    team = build_team(scores, {"Q6": 1, "Q12": 2}, "en", ("model_registry",))
    assert [(r["role"], r["projects"], r["questions"]) for r in team] == [
        ("data_scientist", ["Churn prediction", "Fraud detection"], []),
        ("mlops_engineer", ["Churn prediction"], ["Q6"]),
        ("business_analyst", ["Churn prediction"], []),
        ("research_scientist", ["Quarterly board deck"], []),
        ("ml_engineer", ["Fraud detection"], []),
    ]
    by_role = {r["role"]: r for r in team}
    assert by_role["data_scientist"]["reasons"] == [
        "technique of 'Churn prediction' (Churn prediction)",
        "technique of 'Fraud detection' (Fraud detection)",
    ]
    assert by_role["ml_engineer"]["reasons"] == ["streaming deployment of 'Fraud detection'"]
    assert by_role["mlops_engineer"]["reasons"] == [
        "industrialise 'Churn prediction' (missing: model_registry)",
        "Q6 weak (1/2)",
    ]
    assert by_role["research_scientist"]["tools"] == [
        "PyTorch",
        "Hugging Face Transformers",
        "Weights & Biases",
    ]


def test_data_blockers_call_for_a_data_engineer() -> None:
    blocked = _score("Recs", True, False, ("restore_feed",), blockers=("raw.events: freshness errors",))
    missing = _score("Fraud", False, False, ("wait_collect",), rank=2, availability="missing")
    team = build_team([blocked, missing], {}, "fr")
    engineer = next(r for r in team if r["role"] == "data_engineer")
    assert engineer["name"] == "Ingénieur·e data"
    assert engineer["reasons"] == [
        "lever les blocages de données de « Recs »",
        "lever les blocages de données de « Fraud »",
    ]


# --- scope of work ------------------------------------------------------------------------------


def _scored_churn() -> ProjectScore:
    portfolio = parse_portfolio(
        {
            "projects": [
                {
                    "name": "Churn",
                    "department": "Marketing",
                    "description": "Predict which customers will leave.",
                    "technique": "churn classification",
                    "tld": {"time": "high", "logic": "high", "data": "high"},
                    "data": [
                        {"table": "marts.customers", "columns": ["customer_id", "tier"]},
                        "marts.orders",
                    ],
                }
            ]
        }
    )
    ctx = DataContext.build(
        [
            TableFact("marts.customers", **GOOD),
            TableFact("marts.orders", **{**GOOD, "row_count": 200}),
            TableFact("raw.customers", **SOURCE),
        ],
        [
            {
                "schema_name": "marts",
                "table_name": "customers",
                "column_name": "customer_id",
                "data_type": "INTEGER",
                "ordinal": 1,
                "is_primary_key": True,
            },
            {
                "schema_name": "marts",
                "table_name": "customers",
                "column_name": "tier",
                "data_type": "VARCHAR",
                "ordinal": 2,
            },
        ],
        [{"source_table": "raw.customers", "target_table": "marts.customers"}],
    )
    return score_project(portfolio.projects[0], ctx, SETTINGS, "en")


def test_scope_of_work_effort_and_required_data() -> None:
    score = _scored_churn()
    assert score.quadrant == "priority"
    assert score.issues == ("marts.orders has only 200 rows",)
    # base low 6 + 2 tables x 0.5 + 1 issue x 1 + strong use case 0 = 8; range x0.8 / x1.3
    assert effort_weeks(score) == (
        8.0,
        6.4,
        10.4,
        {"base": 6.0, "tables": 1.0, "issues": 1.0, "use_case": 0.0},
    )
    draft = draft_scope(score, ["data_scientist", "business_analyst"], {"found": [], "missing": []}, "en")
    assert list(draft) == [
        "project",
        "rank",
        "business_context",
        "problem_statement",
        "technical_overview",
        "required_data",
        "assumptions",
        "deliverables",
        "estimated_effort",
        "required_expertise",
        "exclusions",
    ]
    customers = draft["required_data"][0]
    assert customers["columns"] == [
        {"name": "customer_id", "type": "INTEGER", "primary_key": True},
        {"name": "tier", "type": "VARCHAR", "primary_key": False},
    ]
    assert (customers["upstream_sources"], customers["row_count"], customers["history_days"]) == (
        ["raw.customers"],
        50_000,
        730.0,
    )
    assert draft["estimated_effort"]["text"] == (
        "6.4-10.4 person-weeks (base low 6.0; +1.0 for 2 tables; +1.0 for 1 data issues; "
        "+0.0 thinly documented use case)"
    )
    assert draft["required_expertise"] == [
        {"role": "data_scientist", "name": "Data scientist"},
        {"role": "business_analyst", "name": "Business analyst"},
    ]
    assert draft["exclusions"][0] == "Fixes in the source systems (raw.customers)."
    assert "To settle before training: marts.orders has only 200 rows." in draft["assumptions"]


def test_scopes_are_drafted_for_the_priority_quadrant_only() -> None:
    churn = _scored_churn()
    other = _score("Recs", True, False, ("reduced_scale",), rank=2)
    drafts = draft_scopes([other, churn], [], {"found": [], "missing": []}, "en")
    assert [(d["project"], d["rank"]) for d in drafts] == [("Churn", 0)]
