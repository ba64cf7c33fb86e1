"""The Acme demo scan, signal by signal: every deterministic value the evidence model
measures on the demo stack, the points and answers they give, the contradiction, the
range, the maturity views (stage, level, governance pillars, data lab, MLOps readiness)
and the planner's steps to the next band.

The stack is generated from a seed and a clock (demo/acme, examples/acme/FINDINGS.md), so
counts and shares are exact. Ages measured against a real dbt run's timestamps (shifted
onto the stack clock, but a run's own duration still varies) are compared to the hour.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from demo import acme_findings as F

pytestmark = [pytest.mark.e2e, pytest.mark.xdist_group("acme")]

HOUR = 1 / 24

#: (question, signal) -> value, for every signal of the catalogue
SIGNALS = {
    # Q1: 19 of 27 modelled relations have lineage (the 8 of FINDINGS do not)
    ("Q1", "lineage_coverage"): pytest.approx(19 / 27),
    ("Q1", "lineage_days_since_activity"): pytest.approx(3 * HOUR, abs=HOUR),  # dbt run, as_of - 2h
    ("Q1", "source_declared_share"): 0.875,  # 7 of 8 raw tables (raw.marketing_spend undeclared)
    ("Q1", "stale_sources"): 1.0,  # source.acme.tracking.web_events
    ("Q2", "dbt_models"): 16.0,
    ("Q2", "dbt_days_since_success"): pytest.approx(3 * HOUR, abs=HOUR),
    ("Q2", "orchestrator_days_since_run"): pytest.approx(0.14152777777777778, abs=HOUR),  # Spark, - 2h30
    ("Q2", "ingestion_footprints"): 7.0,  # six Airbyte tables + the dlt one
    ("Q2", "dbt_test_pass_rate"): pytest.approx(38 / 39),  # the one failing relationships test
    ("Q3", "bi_tools_seen"): 3.0,  # Metabase, Looker, Tableau
    ("Q3", "bi_queries_30d"): 316.0,
    ("Q3", "dbt_exposures"): 1.0,
    ("Q3", "reporting_schemas"): 2.0,  # marts, reporting
    ("Q4", "warehouse_reachable"): 1.0,
    ("Q4", "warehouse_is_olap"): 1.0,  # DuckDB
    ("Q4", "modelling_layers"): 4.0,
    ("Q5", "mart_test_pass_rate"): pytest.approx(14 / 15),
    ("Q5", "mart_days_since_refresh"): 0.0,
    ("Q6", "ml_artefact_tables"): 3.0,  # churn_predictions, customer_features, churn_training_set
    ("Q6", "ml_days_since_first_artefact"): 252.375,  # weekly predictions since ~245 days
    ("Q6", "mlops_prediction_table"): 1.0,  # predicted_at, model_version, churn_score, decision, customer_id
    ("Q6", "mlops_training_datasets"): 1.0,  # ml.churn_training_set
    ("Q6", "mlops_monitoring_tables"): 0.0,
    ("Q6", "mlops_log_tables"): 0.0,
    ("Q6", "mlops_model_stores"): 0.0,
    ("Q6", "mlops_retraining_days"): 0.0,  # the training set is written outside any lineage
    ("Q7", "roles_with_grants"): None,  # DuckDB has no access model
    ("Q7", "public_grants_on_modelled"): None,
    ("Q7", "owner_coverage"): 0.25,  # 4 of 16 models
    ("Q7", "access_or_contracts"): 1.0,  # fct_orders
    ("Q7", "pii_tagged_columns"): 6.0,  # email, phone on dim_customers, stg_shop__customers, the source
    ("Q7", "gov_contracts"): pytest.approx(1 / 6),  # fct_orders of the 6 mart models
    ("Q7", "gov_kpis"): 0.5,  # one exposure, no metric or semantic model
    ("Q7", "gov_catalog"): pytest.approx((8 / 16 + 3 / 154) / 2),
    ("Q7", "gov_security"): None,
    ("Q7", "gov_compliance"): 1.0,  # raw.customers, stg_shop__customers, dim_customers all tagged
    ("Q8", "ml_artefact_tables"): 3.0,
    ("Q8", "data_lab_schemas"): 1.0,  # warehouse.sandbox
    ("Q8", "data_lab_separate_roles"): None,
    ("Q11", "human_analysts_90d"): 3.0,  # alice.martin, bruno.dupont, chloe.bernard
}

#: question -> (value, points, source, evidence points)
ANSWERS = {
    "Q1": ("partial", 1, "evidence", 1),
    "Q2": ("yes", 2, "both", 2),
    "Q3": ("yes", 2, "evidence", 2),
    "Q4": ("layered", 2, "both", 2),
    "Q5": (6, 1, "survey", None),
    "Q6": ("lt_1y", 1, "both", 1),
    "Q7": ("partial", 1, "both", 1),
    "Q8": ("yes", 2, "both", 2),
    "Q9": ("evaluating", 1, "survey", None),
    "Q10": (5, 2, "both", 2),
    "Q11": ("dedicated", 2, "both", 2),
    "Q12": ("partly", 1, "survey", None),
    "Q13": ("yes", 2, "survey", None),
    "Q14": (None, None, "none", None),
    "Q15": (5, 2, "both", 2),
}


@pytest.fixture(scope="module")
def result(acme_scan) -> dict:
    return acme_scan.result


def test_every_signal_value(result: dict) -> None:
    measured = {(q["id"], s["name"]): s["value"] for q in result["questions"] for s in q["signals"]}
    assert measured == SIGNALS


def test_answers_points_and_sources(result: dict) -> None:
    answers = {
        q["id"]: (q["value"], q["points"], q["source"], q["evidence_points"]) for q in result["questions"]
    }
    assert answers == ANSWERS


def test_the_one_contradiction_and_the_range(result: dict) -> None:
    contradictions = {q["id"]: q["contradiction"] for q in result["questions"] if q["contradiction"]}
    assert list(contradictions) == ["Q1"]
    q1 = contradictions["Q1"]
    assert (q1["evidence_value"], q1["evidence_points"], q1["survey_value"], q1["survey_points"]) == (
        "partial",
        1,
        "yes",
        2,
    )
    score = result["score"]
    assert (score["total"], score["min"], score["max"], score["band"]) == (22, 22, 24, "developing")
    assert score["unanswered"] == ["Q14"] and score["bands_in_range"] == ["developing"]


def test_maturity_views(result: dict) -> None:
    maturity = dict(result["maturity"])
    assert maturity.pop("stage_label")
    assert maturity == {
        "stage": 4,
        "level": "data_savvy",  # stage 4, but band developing and Q12 only "partly"
        "governance": {
            "contracts": 0.1667,
            "kpis": 0.5,
            "catalog": 0.2597,
            "security": None,
            "compliance": 1.0,
        },
        "data_lab": {"separate_environments": True, "separate_roles": None},
        "mlops": {
            "prediction_table": 1.0,
            "training_datasets": True,
            "monitoring": False,
            "logs": False,
            "stored_models": False,
            "retraining": False,
            "ci_cd": None,
            "ab_testing": None,
            "readiness": 0.3333,  # prediction table and training data, of six measured checks
        },
    }


def test_planner_takes_the_cheapest_steps_to_the_next_band(result: dict) -> None:
    planner = result["planner"]
    assert {
        k: planner[k] for k in ("current_band", "target_band", "total", "target_total", "points_needed")
    } == {
        "current_band": "developing",
        "target_band": "advanced",
        "total": 22,
        "target_total": 26,
        "points_needed": 4,
    }
    assert planner["reachable"] and planner["points_planned"] == 4 and planner["unanswered"] == ["Q14"]
    steps = [(s["question"], s["from"], s["to"], s["points"], s["effort"]) for s in planner["steps"]]
    assert steps == [
        ("Q1", "partial", "yes", 1, 2),  # measurable: more lineage
        ("Q9", "evaluating", "yes", 1, 2),  # survey-only, same effort
        ("Q7", "partial", "yes", 1, 2),  # grants cannot be measured on DuckDB: after the others
        ("Q5", 6, 8, 1, 4),
    ]
    lineage = planner["steps"][0]
    assert sorted(e["ref"] for e in lineage["evidence"]) == sorted(F.TABLES_WITHOUT_LINEAGE)
    assert lineage["actions"][0] == (
        "lineage_coverage : 0.7 -> >= 0.8 (au moins 3 table(s) de plus parmi les 8 sans lignage)"
    )
    governance = planner["steps"][2]
    assert governance["actions"][:3] == [
        "roles_with_grants : non mesuré -> >= 2",
        "public_grants_on_modelled : non mesuré -> <= 0",
        "owner_coverage : 0.25 -> >= 0.8",
    ]
    assert len(governance["evidence"]) == 12  # the models without an owner
    survey = planner["steps"][1]
    assert survey["evidence"] == [
        {"kind": "survey", "ref": "survey Q9", "detail": "réponse au questionnaire : En évaluation"}
    ]


def test_reports_carry_the_maturity_views_and_the_planner(result: dict) -> None:
    html = Path(result["reports"]["html"]).read_text(encoding="utf-8")
    markdown = Path(result["reports"]["md"]).read_text(encoding="utf-8")
    step = "Q1 : Partiellement → Oui (+1, effort 2/5)"
    summary = "4 points pour atteindre"
    for text in (html, markdown):
        assert "Bande suivante : les étapes les moins coûteuses" in text
        assert step in text and summary in text
        assert "Maturité MLOps" in text and "Data lab" in text and "Contrats de données" in text
    assert 'id="planner"' in html
    assert html.index('id="recommendations"') < html.index('id="planner"') < html.index('id="lineage"')
