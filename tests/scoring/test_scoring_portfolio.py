"""Portfolio scoring: measured data, availability, missing-table suggestions, quadrants, ranks, advice."""

from __future__ import annotations

from datetime import datetime

import pytest

from scoring.evidence import TableFact
from scoring.inputs import parse_portfolio
from scoring.portfolio import score_portfolio
from scoring.rubric import Rubric

GOOD = dict(
    row_count=50_000,
    days_since_update=1,
    quality_pass_rate=1.0,
    has_upstream=True,
    is_modelled=True,
    min_timestamp_at=datetime(2022, 1, 1),
    max_timestamp_at=datetime(2024, 6, 1),
)
FACTS = [
    TableFact("marts.customers", **GOOD),
    TableFact("marts.orders", **GOOD),
    TableFact("marts.sensor_readings", **{**GOOD, "days_since_update": 40, "quality_pass_rate": 0.5}),
    TableFact("staging.stg_tickets", **{**GOOD, "row_count": 0}),
]


def project(name: str, tld: tuple[str, str, str], tables: list, **extra: object) -> dict:
    return {
        "name": name,
        "tld": dict(zip(("time", "logic", "data"), tld, strict=True)),
        "data": tables,
        **extra,
    }


def score(rubric: Rubric, *projects: dict, facts=FACTS, lang: str = "en") -> dict[str, dict]:
    scored = score_portfolio(parse_portfolio({"projects": list(projects)}), facts, rubric.portfolio, lang)
    return {p.project.name: p.to_dict() for p in scored}


def test_priority_project_with_measured_data(rubric: Rubric) -> None:
    out = score(
        rubric,
        project(
            "Churn prediction",
            ("high", "high", "low"),
            ["marts.customers", "marts.orders"],
            description="customers who leave",
            technique="classification",
        ),
    )
    churn = out["Churn prediction"]
    assert churn["quadrant"] == "priority" and churn["rank"] == 1
    assert churn["data_availability"] == "internal"
    assert (
        churn["tld"]["data"] == "high" and churn["tld_declared"]["data"] == "low"
    )  # measured beats declared
    assert churn["measured_data"] == {"level": "high", "score": 1.0, "declared": "low", "differs": True}
    assert churn["use_case"]["id"] == "churn_prediction" and churn["use_case"]["strength"] == "strong"
    assert churn["advice"] == "Short-term roadmap: draft the scope of work."


def test_missing_table_suggests_closest_names(rubric: Rubric) -> None:
    out = score(
        rubric,
        project(
            "Churn",
            ("high", "high", "high"),
            ["marts.customer", "marts.orders"],
            technique="churn classification",
        ),
    )
    churn = out["Churn"]
    assert churn["data_availability"] == "missing"
    missing = churn["tables"][0]
    assert (missing["exists"], missing["suggestions"]) == (False, ["marts.customers"])
    assert missing["issues"] == [
        "marts.customer was not found in the warehouse; closest tables: marts.customers"
    ]
    assert churn["quadrant"] == "invest"
    assert churn["advice"].startswith("Not enough data: postpone the project and collect the data first")


def test_stale_failing_and_empty_tables_lower_feasibility(rubric: Rubric) -> None:
    out = score(
        rubric,
        project(
            "Maintenance A", ("high", "high", "high"), ["marts.orders"], technique="predictive maintenance"
        ),
        project(
            "Maintenance B",
            ("high", "high", "high"),
            ["marts.sensor_readings"],
            technique="predictive maintenance",
        ),
        project("Tickets", ("high", "high", "high"), ["staging.stg_tickets"], technique="ticket routing nlp"),
    )
    a, b, tickets = out["Maintenance A"], out["Maintenance B"], out["Tickets"]
    assert a["feasibility"] > b["feasibility"] > tickets["feasibility"]
    assert b["tables"][0]["issues"] == [
        "marts.sensor_readings has not been updated for 40 days",
        "marts.sensor_readings: 50 % of tests pass",
    ]
    assert tickets["tables"][0]["issues"] == ["staging.stg_tickets is empty"]
    # An empty table is data that does not exist yet: missing, and it blocks the project.
    assert tickets["data_availability"] == "missing" and tickets["data_blockers"] == [
        "staging.stg_tickets is empty"
    ]


def test_quadrants_ranks_and_advice(rubric: Rubric) -> None:
    out = score(
        rubric,
        project("Quick win", ("low", "medium", "low"), ["marts.orders"], technique="demand forecasting"),
        project(
            "Moonshot",
            ("high", "high", "high"),
            ["ext.weather"],
            technique="quantum vibes",
            deployment="streaming",
        ),
        project("Board deck", ("low", "low", "low"), [], deployment="microservice"),
        project("Forecast", ("high", "high", "medium"), ["marts.orders"], technique="demand forecast"),
    )
    assert {n: (p["quadrant"], p["rank"]) for n, p in out.items()} == {
        "Forecast": ("priority", 1),
        "Moonshot": ("invest", 2),
        "Quick win": ("opportunistic", 3),
        "Board deck": ("later", 4),
    }
    moonshot = out["Moonshot"]["advice"]
    assert "postpone the project and collect the data first" in moonshot
    assert "run the project as R&D" in moonshot
    assert "start at reduced scale or in simulation" in moonshot
    assert out["Board deck"]["data_availability"] == "to_acquire"
    assert out["Quick win"]["advice"] == "Feasible; schedule it according to its value."


def test_external_data_is_to_acquire(rubric: Rubric) -> None:
    out = score(
        rubric,
        project(
            "Churn",
            ("high", "high", "medium"),
            ["marts.customers", {"table": "vendor.demographics", "external": True}],
            technique="churn",
        ),
    )
    assert out["Churn"]["data_availability"] == "to_acquire"


def test_patterns_match_several_tables(rubric: Rubric) -> None:
    out = score(rubric, project("All marts", ("high", "high", "high"), ["marts.*"], technique="churn"))
    assert [t["table"] for t in out["All marts"]["tables"]] == [
        "marts.customers",
        "marts.orders",
        "marts.sensor_readings",
    ]


def test_no_warehouse_scanned_keeps_declared_data(rubric: Rubric) -> None:
    out = score(
        rubric,
        project("Churn", ("high", "high", "medium"), ["marts.customers"], technique="churn"),
        facts=[],
        lang="fr",
    )
    churn = out["Churn"]
    assert churn["data_availability"] is None
    assert churn["measured_data"] is None and churn["tld"]["data"] == "medium"
    assert churn["advice"].startswith("Entrepôt non analysé")


@pytest.mark.parametrize(
    ("deployment", "complexity"), [("batch", "low"), ("microservice", "medium"), ("streaming", "high")]
)
def test_deployment_complexity_orders_feasibility(rubric: Rubric, deployment: str, complexity: str) -> None:
    out = score(
        rubric,
        project("P", ("high", "high", "high"), ["marts.orders"], technique="churn", deployment=deployment),
    )
    assert out["P"]["deployment_complexity"] == complexity
    expected = {"batch": 1.0, "microservice": 0.6, "streaming": 0.3}[deployment]
    assert out["P"]["feasibility_components"]["deployment"] == expected
