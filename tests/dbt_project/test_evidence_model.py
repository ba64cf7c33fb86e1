"""The evidence model on a realistic two-scan store (tests/dbt_project/acme_evidence.py).

One real `dbt build` (seeds, models, data tests and unit tests) on a DuckDB evidence store,
then exact assertions on the marts: every signal value of both scans, the evidence items a
person would check, lineage edges and table facts. The failed scan in between must not
appear anywhere; the second scan's changes prove history is kept, not overwritten.
"""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from scoring.signals import SIGNALS
from tests.dbt_project.acme_evidence import build_acme_store
from tests.dbt_project.dbt_runner import PROJECT, DbtBuild, dbt_build
from tests.dbt_project.detail_rows import DETAIL_ROWS_SQL, detail_problems

# One worker builds this module's dbt fixtures once (see tests/conftest.py on xdist groups).
pytestmark = pytest.mark.xdist_group("dbt_project")


@pytest.fixture(scope="session")
def build(tmp_path_factory: pytest.TempPathFactory, dbt_work_dir: Path) -> DbtBuild:
    db = tmp_path_factory.mktemp("acme") / "evidence.duckdb"
    build_acme_store(db)
    result = dbt_build(db, dbt_work_dir)
    print(f"dbt build on the acme store: {result.seconds:.1f} s")
    return result


def signals(build: DbtBuild, scan_id: str) -> dict[tuple[str, str], float | None]:
    rows = build.query("select question_id, signal, value from question_signals where scan_id = ?", [scan_id])
    return {(q, s): v for q, s, v in rows}


def evidence(build: DbtBuild, scan_id: str, signal: str) -> list[tuple[str, str, str]]:
    return build.query(
        "select kind, ref, detail from signal_evidence where scan_id = ? and signal = ? "
        "and question_id = (select min(question_id) from signal_evidence where signal = ?) order by item_rank",
        [scan_id, signal, signal],
    )


def test_signal_catalogue_seed_is_scoring_catalogue() -> None:
    with open(PROJECT / "seeds" / "signal_catalogue.csv", newline="") as f:
        seed = [(r["question_id"], r["signal"], r["unit"]) for r in csv.DictReader(f)]
    assert seed == [(s.question_id, s.name, s.unit) for s in SIGNALS]


def test_every_measured_scan_has_every_signal_and_the_failed_scan_none(build: DbtBuild) -> None:
    rows = build.query("select scan_id, count(*) from question_signals group by 1 order by 1")
    assert rows == [("s1", len(SIGNALS)), ("s2", len(SIGNALS))]
    for mart in ("signal_evidence", "table_facts", "lineage_edges"):
        assert build.query(f"select distinct scan_id from {mart} order by 1") == [("s1",), ("s2",)]


EXPECTED_S1 = {
    ("Q1", "lineage_coverage"): 0.8,  # 8 of 10 modelled; legacy_sales_report, churn_predictions uncovered
    ("Q1", "lineage_days_since_activity"): 0.25,  # the notebook's OpenLineage event, 06:00
    ("Q1", "source_declared_share"): 0.5,  # raw.orders, raw.customers of 4 raw-layer tables
    ("Q2", "dbt_models"): 6.0,
    ("Q2", "dbt_days_since_success"): 1.25,  # fct_orders succeeded 2024-05-31 06:00
    ("Q2", "orchestrator_days_since_run"): 0.5,  # airflow COMPLETE 2024-06-01 00:00
    ("Q2", "ingestion_footprints"): 2.0,  # landing._airbyte_raw_events, raw.orders (_fivetran_synced)
    ("Q3", "bi_tools_seen"): 2.0,  # looker, metabase
    ("Q3", "bi_queries_30d"): 4.0,  # 3 metabase + 1 looker (not the 61-day-old one nor the future one)
    ("Q3", "dbt_exposures"): 1.0,
    ("Q3", "reporting_schemas"): 2.0,  # marts, reporting
    ("Q4", "warehouse_reachable"): 1.0,
    ("Q4", "warehouse_is_olap"): 0.0,  # postgres
    ("Q4", "modelling_layers"): 3.0,  # raw, staging, marts (int_order_items is ephemeral)
    ("Q5", "mart_test_pass_rate"): pytest.approx(4 / 6),  # fct_orders 1/2, dim_customers 1/1, GX 2/3
    ("Q5", "mart_days_since_refresh"): 0.25,  # marts.fct_orders
    ("Q6", "ml_artefact_tables"): 2.0,
    ("Q6", "ml_days_since_first_artefact"): 366.0,  # churn_predictions since 2023-06-01 12:00
    ("Q8", "ml_artefact_tables"): 2.0,
    ("Q7", "roles_with_grants"): 2.0,  # analyst, loader
    ("Q7", "public_grants_on_modelled"): 1.0,  # SELECT on schema reporting to PUBLIC
    ("Q7", "owner_coverage"): 0.5,  # stg_orders (owner), stg_customers (group), fct_orders of 6
    ("Q7", "access_or_contracts"): 1.0,  # fct_orders: public + contract
    ("Q7", "pii_tagged_columns"): 3.0,  # dim_customers 2, source customers 1
    ("Q11", "human_analysts_90d"): 2.0,  # alice, bob (carol is older, dave only wrote)
    ("Q2", "dbt_test_pass_rate"): 0.6,  # newest run inv1: 3 pass, 1 fail, 1 warn
    ("Q1", "stale_sources"): 1.0,  # customers warned
    ("Q7", "gov_contracts"): 0.5,  # fct_orders of the 2 mart models (dim_customers has none)
    ("Q7", "gov_kpis"): 0.5,  # one exposure, no metric or semantic model
    ("Q7", "gov_catalog"): 0.0,  # no model has a description, no column declared
    ("Q7", "gov_security"): pytest.approx(1 / 3),  # 2 roles; PUBLIC on reporting; no RLS policy
    ("Q7", "gov_compliance"): 0.5,  # dim_customers.email tagged, sandbox.tmp_analysis.email not
    ("Q8", "data_lab_schemas"): 1.0,  # acme.sandbox
    ("Q8", "data_lab_separate_roles"): 0.0,  # no grant on the sandbox
    ("Q6", "mlops_prediction_table"): 0.6,  # churn_predictions: scored_at, churn_score, customer_id
    ("Q6", "mlops_training_datasets"): 0.0,
    ("Q6", "mlops_monitoring_tables"): 0.0,
    ("Q6", "mlops_log_tables"): 0.0,
    ("Q6", "mlops_model_stores"): 0.0,
    ("Q6", "mlops_retraining_days"): 0.0,
}

EXPECTED_S2 = {
    **EXPECTED_S1,
    ("Q1", "lineage_coverage"): 0.75,  # 9 of 12: kpi_snapshot lost its query-log lineage, fct_refunds new
    ("Q1", "lineage_days_since_activity"): 1.25,  # dbt manifest and run 2024-06-14 06:00
    ("Q1", "source_declared_share"): 0.75,  # payments now declared
    ("Q2", "dbt_models"): 7.0,
    ("Q2", "orchestrator_days_since_run"): 2.5,  # airflow 2024-06-13 00:00 (dagster 5 days)
    ("Q3", "bi_tools_seen"): None,  # no query log in this scan: not measurable
    ("Q3", "bi_queries_30d"): None,
    ("Q11", "human_analysts_90d"): None,
    ("Q4", "modelling_layers"): 4.0,  # + intermediate.int_customer_orders
    ("Q5", "mart_test_pass_rate"): 1.0,  # all 3 dbt tests on marts pass; no GX this time
    ("Q6", "ml_days_since_first_artefact"): 380.0,
    ("Q7", "roles_with_grants"): 3.0,  # + reporter
    ("Q7", "public_grants_on_modelled"): 1.0,  # SELECT on table marts.fct_refunds (not raw.payments)
    ("Q7", "owner_coverage"): pytest.approx(5 / 7),
    ("Q2", "dbt_test_pass_rate"): 1.0,
    ("Q1", "stale_sources"): 0.0,
    ("Q7", "gov_security"): pytest.approx(1 / 3),  # 3 roles; PUBLIC on marts.fct_refunds
    ("Q7", "gov_compliance"): 1.0,  # the sandbox copy is gone
    ("Q8", "data_lab_schemas"): 0.0,
}


@pytest.mark.parametrize(("scan_id", "expected"), [("s1", EXPECTED_S1), ("s2", EXPECTED_S2)])
def test_signal_values(build: DbtBuild, scan_id: str, expected: dict) -> None:
    assert signals(build, scan_id) == expected


def test_signal_details_say_what_was_measured(build: DbtBuild) -> None:
    details = dict(
        build.query(
            "select scan_id || ':' || signal, detail from question_signals where signal in "
            "('lineage_coverage', 'bi_tools_seen', 'dbt_test_pass_rate')"
        )
    )
    assert details == {
        "s1:lineage_coverage": "8 of 10 modelled tables and views have a known upstream "
        "(dbt, OpenLineage or parsed SQL)",
        "s2:lineage_coverage": "9 of 12 modelled tables and views have a known upstream "
        "(dbt, OpenLineage or parsed SQL)",
        "s1:bi_tools_seen": "BI tools in the query log: looker, metabase",
        "s2:bi_tools_seen": "no query log in this scan",
        "s1:dbt_test_pass_rate": "3 of 5 dbt tests passed in the newest run",
        "s2:dbt_test_pass_rate": "5 of 5 dbt tests passed in the newest run",
    }


@pytest.mark.parametrize("scan_id", ["s1", "s2"])
def test_every_detail_has_its_sentence_in_french_and_english(build: DbtBuild, scan_id: str) -> None:
    rows = build.query(DETAIL_ROWS_SQL, [scan_id, scan_id])
    assert detail_problems(rows) == []
    by_key = {key: args for key, args, _ in rows}
    assert by_key["lineage_coverage.covered"] == (["8", "10"] if scan_id == "s1" else ["9", "12"])


def test_lineage_coverage_evidence_names_the_uncovered_tables_marts_first(build: DbtBuild) -> None:
    assert [ref for _, ref, _ in evidence(build, "s1", "lineage_coverage")] == [
        "marts.legacy_sales_report",
        "ml.churn_predictions",
    ]
    assert [ref for _, ref, _ in evidence(build, "s2", "lineage_coverage")] == [
        "marts.fct_refunds",
        "reporting.kpi_snapshot",
        "ml.churn_predictions",
    ]
    kind, _, detail = evidence(build, "s1", "lineage_coverage")[0]
    assert (kind, detail) == (
        "table",
        "table in layer marts (90 rows) has no upstream edge in dbt, OpenLineage or parsed SQL",
    )


def test_failing_checks_carry_their_messages(build: DbtBuild) -> None:
    assert evidence(build, "s1", "dbt_test_pass_rate") == [
        (
            "dbt_test",
            "run_results.json results[test.acme.unique_fct_orders_order_id]",
            "test.acme.unique_fct_orders_order_id fail: Got 3 results, configured to fail if != 0",
        ),
        (
            "dbt_test",
            "run_results.json results[test.acme.relationships_stg_orders_customer_id]",
            "test.acme.relationships_stg_orders_customer_id warn: Got 2 results, configured to warn if != 0",
        ),
    ]
    assert evidence(build, "s2", "dbt_test_pass_rate") == []
    assert [(k, r) for k, r, _ in evidence(build, "s1", "mart_test_pass_rate")] == [
        ("dbt_test", "run_results.json results[test.acme.unique_fct_orders_order_id]"),
        ("gx_expectation", "nightly.json results[expect_column_values_to_be_between:revenue]"),
    ]


def test_other_evidence_items(build: DbtBuild) -> None:
    assert evidence(build, "s1", "stale_sources") == [
        (
            "dbt_source",
            "source.acme.shop.customers (sources.json results[1])",
            "raw.customers freshness warn: newest row loaded at 2024-05-29 12:00 (3.0 days before the scan)",
        )
    ]
    assert evidence(build, "s1", "bi_tools_seen") == [
        ("bi_tool", "metabase", "4 queries by 1 users, last at 2024-05-31 12:00"),
        ("bi_tool", "looker", "1 queries by 1 users, last at 2024-05-28 12:00"),
    ]
    assert evidence(build, "s1", "public_grants_on_modelled") == [
        ("grant", "reporting", "SELECT on schema reporting granted to PUBLIC")
    ]
    assert evidence(build, "s2", "public_grants_on_modelled") == [
        ("grant", "marts.fct_refunds", "SELECT on table marts.fct_refunds granted to PUBLIC")
    ]
    assert [r for _, r, _ in evidence(build, "s2", "owner_coverage")] == [
        "manifest.json nodes['model.acme.customer_features']",
        "manifest.json nodes['model.acme.int_order_items']",
    ]
    assert [r for _, r, _ in evidence(build, "s1", "lineage_days_since_activity")] == [
        "run r-notebook-1",
        "query q_ctas",
        "manifest.json generated_at",
    ]
    assert [r for _, r, _ in evidence(build, "s2", "orchestrator_days_since_run")] == [
        "run r-airflow-2",
        "run r-dagster-1",
    ]
    assert [r for _, r, _ in evidence(build, "s1", "source_declared_share")] == [
        "landing._airbyte_raw_events",
        "raw.payments",
    ]
    assert build.query(
        "select question_id, ref from signal_evidence where scan_id = 's2' and signal = 'ml_artefact_tables' "
        "order by question_id, item_rank"
    ) == [
        ("Q6", "ml.churn_predictions"),
        ("Q6", "marts.customer_features"),
        ("Q8", "ml.churn_predictions"),
        ("Q8", "marts.customer_features"),
    ]


def test_maturity_view_evidence_names_the_gaps(build: DbtBuild) -> None:
    assert evidence(build, "s1", "gov_compliance") == [
        (
            "table",
            "sandbox.tmp_analysis",
            "personal data (email) neither tagged in dbt nor guarded by a policy",
        ),
        ("table", "marts.dim_customers", "personal data (email) tagged in dbt or guarded by a policy"),
    ]
    assert evidence(build, "s1", "mlops_prediction_table") == [
        (
            "table",
            "ml.churn_predictions",
            "prediction table missing model_version, decision; "
            "has entity_id=customer_id, output=churn_score, prediction_timestamp=scored_at",
        )
    ]
    assert evidence(build, "s1", "data_lab_schemas") == [
        ("schema", "acme.sandbox", "1 relations: tmp_analysis")
    ]
    assert [ref for _, ref, _ in evidence(build, "s1", "gov_contracts")] == [
        "manifest.json nodes['model.acme.dim_customers']"
    ]
    detail = build.query(
        "select detail from question_signals where scan_id = 's2' and signal = 'gov_security'"
    )
    assert detail == [
        ("3 roles hold grants, 1 PUBLIC grants on modelled data, 0 row-level security policies",)
    ]


def test_lineage_edges_from_every_provenance(build: DbtBuild) -> None:
    edges = build.query(
        "select scan_id, source_table, target_table, provenance, ref from lineage_edges "
        "where scan_id = 's1' order by all"
    )
    assert edges == [
        (
            "s1",
            "marts.dim_customers",
            "marts.customer_features",
            "dbt",
            "manifest.json nodes['model.acme.customer_features'].depends_on",
        ),
        # a bare name in a CTAS resolved against the warehouse catalogue
        ("s1", "marts.fct_orders", "reporting.kpi_snapshot", "sql_query_log", "query q_ctas"),
        # OpenLineage db.schema.table names reduced to schema.table
        ("s1", "marts.fct_orders", "reporting.revenue_daily", "openlineage", "run r-airflow-1"),
        (
            "s1",
            "raw.customers",
            "staging.stg_customers",
            "dbt",
            "manifest.json nodes['model.acme.stg_customers'].depends_on",
        ),
        # the source's quoted, database-qualified relation name normalised
        (
            "s1",
            "raw.orders",
            "staging.stg_orders",
            "dbt",
            "manifest.json nodes['model.acme.stg_orders'].depends_on",
        ),
        ("s1", "raw.payments", "staging.stg_payments", "sql_view", "view staging.stg_payments"),
        (
            "s1",
            "staging.stg_customers",
            "marts.dim_customers",
            "dbt",
            "manifest.json nodes['model.acme.dim_customers'].depends_on",
        ),
        # walked through the ephemeral int_order_items
        (
            "s1",
            "staging.stg_orders",
            "marts.fct_orders",
            "dbt",
            "manifest.json nodes['model.acme.fct_orders'].depends_on",
        ),
    ]
    assert build.query(
        "select source_table, target_table, provenance from lineage_edges "
        "where scan_id = 's2' and target_table = 'marts.legacy_sales_report'"
    ) == [("raw.payments", "marts.legacy_sales_report", "openlineage")]


def test_table_facts(build: DbtBuild) -> None:
    rows = build.query(
        "select table_fqn, layer, is_source, is_modelled, days_since_update, upstream_count, test_count, "
        "failed_test_count, quality_pass_rate, owner, has_description from table_facts where scan_id = 's1' "
        "and table_fqn in ('landing._airbyte_raw_events', 'marts.customer_features', 'marts.fct_orders', "
        "'reporting.revenue_daily', 'sandbox.tmp_analysis', 'staging.stg_customers') order by table_fqn"
    )
    assert rows == [
        ("landing._airbyte_raw_events", "raw", True, False, 0.1, 0, 0, 0, None, None, False),
        ("marts.customer_features", "ml", False, True, 0.5, 1, 0, 0, None, None, False),
        ("marts.fct_orders", "marts", False, True, 0.25, 1, 2, 1, 0.5, "analytics", False),
        (
            "reporting.revenue_daily",
            "marts",
            False,
            True,
            1.0,
            1,
            3,
            1,
            pytest.approx(2 / 3),
            "team:finance",
            False,
        ),
        # a sandbox is neither source nor modelled; without timestamps its age is unknown, not 0
        ("sandbox.tmp_analysis", "other", False, False, None, 0, 0, 0, None, None, False),
        ("staging.stg_customers", "staging", False, True, None, 1, 0, 0, None, "group finance", True),
    ]
    assert build.query("select count(*) from table_facts group by scan_id order by scan_id") == [(15,), (16,)]
