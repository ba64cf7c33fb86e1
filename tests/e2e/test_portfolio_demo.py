"""The AI-project portfolio on the Acme demo stack, end to end: every planted data problem
(missing table, near-typo, empty table, stale source, failing checks) changes the measured
availability, quadrant, rank and advice of the project that needs it, and the scope of
work of the top project names the warehouse's real columns and upstream sources.
"""

from __future__ import annotations

import pytest

from demo import acme_findings as F

pytestmark = [pytest.mark.e2e, pytest.mark.xdist_group("acme")]

CHURN, DEMAND, FRAUD = "Prédiction du churn", "Prévision de la demande", "Détection de fraude aux paiements"
REVIEWS, RECO = "Classification des avis produits", "Moteur de recommandation"


@pytest.fixture(scope="module")
def scan(acme_scan):
    return acme_scan


@pytest.fixture(scope="module")
def projects(scan) -> dict[str, dict]:
    return {p["name"]: p for p in scan.result["portfolio"]}


def _table(project: dict, name: str) -> dict:
    return next(t for t in project["tables"] if t["table"] == name)


def test_portfolio_asset_materialised(scan):
    assert "portfolio" in scan.step_seconds


def test_quadrants_and_ranking(projects):
    assert {n: (p["rank"], p["quadrant"]) for n, p in projects.items()} == {
        DEMAND: (1, "priority"),
        CHURN: (2, "priority"),
        RECO: (3, "invest"),
        REVIEWS: (4, "later"),
        FRAUD: (5, "later"),
    }


def test_missing_and_near_typo_tables(projects):
    fraud = projects[FRAUD]
    assert fraud["data_availability"] == "missing"
    missing = {t["table"]: t for t in fraud["tables"] if not t["exists"]}
    assert set(missing) == set(F.MISSING_TABLES)
    assert missing[F.NEAR_TYPO[0]]["suggestions"][0] == F.NEAR_TYPO[1]
    assert "wait_collect" in fraud["advice_kinds"] and "check_names" in fraud["advice_kinds"]
    assert _table(fraud, "raw.payments")["exists"] and _table(fraud, "raw.payments")["blockers"] == []


def test_empty_table_is_missing_data(projects):
    reviews = projects[REVIEWS]
    assert reviews["data_availability"] == "missing"
    assert reviews["data_blockers"] == [f"{F.EMPTY_TABLE} est vide"]
    assert _table(reviews, F.EMPTY_TABLE)["empty"] is True
    assert reviews["advice_kinds"][0] == "wait_collect" and "restore_feed" not in reviews["advice_kinds"]


def test_stale_source_blocks_and_lowers_feasibility(projects):
    reco = projects[RECO]
    web = _table(reco, F.STALE_TABLE)
    assert reco["data_availability"] == "internal"
    assert web["freshness_status"] == "error" and web["blockers"] and web["score"] <= 0.25
    assert reco["feasibility_level"] == "low" and reco["feasibility_components"]["data"] <= 0.25
    assert "restore_feed" in reco["advice_kinds"] and F.STALE_TABLE in reco["advice"]
    # The stale source degrades what is built from it without blocking it.
    churn_features = _table(projects[CHURN], "ml.customer_features")
    assert churn_features["blockers"] == []
    assert {u["table"]: u["health"] for u in churn_features["upstream"]}[F.STALE_TABLE] == "blocked"


def test_failing_checks_lower_readiness(projects):
    churn = projects[CHURN]
    orders = _table(churn, "marts.fct_orders")
    assert (
        orders["quality_pass_rate"] == 0.75 and "marts.fct_orders : 75 % de tests réussis" in orders["issues"]
    )
    customers = _table(churn, "marts.dim_customers")
    assert any("raw.customers" in i for i in customers["issues"])  # the failing GX email check upstream
    assert churn["data_readiness"] < projects[DEMAND]["data_readiness"] < 1.0


def test_roadmap_terms(scan):
    terms = {t["term"]: [i["project"] for i in t["items"]] for t in scan.result["roadmap"]}
    assert terms == {"short": [DEMAND, CHURN], "medium": [RECO], "long": [REVIEWS, FRAUD]}


def test_scope_of_work_of_top_project_names_real_columns_and_sources(scan):
    drafts = scan.result["scope_of_work"]
    assert [d["project"] for d in drafts] == [DEMAND, CHURN]
    top = drafts[0]
    sales = next(d for d in top["required_data"] if d["table"] == "marts.fct_daily_sales")
    types = {c["name"]: c["type"] for c in sales["columns"]}
    assert types["sales_date"] == "DATE" and types["store_id"] == "INTEGER" and types["category"] == "VARCHAR"
    assert list(types) == ["sales_date", "store_id", "category", "units_sold", "revenue_eur"]
    assert {"raw.orders", "raw.order_items", "raw.products"} <= set(sales["upstream_sources"])
    stores = next(d for d in top["required_data"] if d["table"] == "marts.dim_stores")
    assert stores["columns"] and all(c["type"] for c in stores["columns"])  # unnamed: the catalog's columns
    for key in (
        "business_context",
        "problem_statement",
        "technical_overview",
        "assumptions",
        "deliverables",
        "estimated_effort",
        "required_expertise",
        "exclusions",
    ):
        assert top[key], key
    assert (
        top["estimated_effort"]["low"]
        < top["estimated_effort"]["person_weeks"]
        < top["estimated_effort"]["high"]
    )


def test_team_and_footprint(scan):
    roles = {r["role"]: r for r in scan.result["team"]}
    assert {"data_engineer", "data_scientist", "ml_engineer", "mlops_engineer", "business_analyst"} <= set(
        roles
    )
    assert RECO in roles["data_engineer"]["projects"] and "Q1" in roles["data_engineer"]["questions"]
    found = {f["capability"] for f in scan.result["mlops_footprint"]["found"]}
    assert {"orchestrator", "prediction_table", "training_set"} <= found
