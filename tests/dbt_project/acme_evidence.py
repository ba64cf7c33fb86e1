"""A realistic two-scan evidence store for the Acme client, landed through EvidenceStore.

Scan ``s1`` (2024-06-01 12:00) and scan ``s2`` (2024-06-15 12:00) read a Postgres warehouse,
dbt artifacts and OpenLineage events; only ``s1`` has query logs and GX results. A scan
``s_failed`` in between died and must be invisible to the models; ``s2`` is left
``running``, as it is while the orchestrator builds the models for it. Every expected value in
test_evidence_model.py is derived by hand from the rows below (comments say how).
"""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path

from connectors.store import RAW_SCHEMAS, EvidenceStore

S1_AT = datetime(2024, 6, 1, 12, 0)
S2_AT = datetime(2024, 6, 15, 12, 0)
FAILED_AT = datetime(2024, 6, 8, 12, 0)


def ago(scan_at: datetime, days: float) -> datetime:
    return scan_at - timedelta(days=days)


def _table(
    scan_at,
    schema,
    name,
    rows,
    table_type="table",
    modified_days=None,
    max_days=None,
    min_at=None,
    comment=None,
    view_sql=None,
):
    return {
        "engine": "postgres",
        "database_name": "acme",
        "schema_name": schema,
        "table_name": name,
        "table_type": "VIEW" if table_type == "view" else "BASE TABLE",
        "row_count": rows,
        "row_count_is_estimate": False,
        "view_sql": view_sql,
        "comment": comment,
        "owner": "etl",
        "last_modified_at": None if modified_days is None else ago(scan_at, modified_days),
        "max_timestamp_at": None if max_days is None else ago(scan_at, max_days),
        "min_timestamp_at": min_at,
        "timestamp_column": "updated_at",
    }


def warehouse_tables(scan_at: datetime, second: bool) -> list[dict]:
    rows = [
        # raw layer: 4 source tables (raw.*, and the Airbyte loader table in landing)
        _table(scan_at, "raw", "orders", 1000, max_days=0.5),
        _table(scan_at, "raw", "customers", 200, max_days=3),
        _table(scan_at, "raw", "payments", 500, max_days=1),
        _table(scan_at, "landing", "_airbyte_raw_events", 40000, max_days=0.1),
        # staging
        _table(scan_at, "staging", "stg_orders", 1000, "view"),
        _table(scan_at, "staging", "stg_customers", 200, "view", comment="One row per customer"),
        _table(scan_at, "staging", "stg_payments", 500, "view", view_sql="select * from payments"),
        # marts (marts.* and reporting.* are reporting schemas)
        _table(scan_at, "marts", "fct_orders", 1000, modified_days=0.25),
        _table(scan_at, "marts", "dim_customers", 200, modified_days=0.5),
        _table(scan_at, "marts", "legacy_sales_report", 90, max_days=183),
        _table(scan_at, "reporting", "revenue_daily", 365, modified_days=1),
        _table(scan_at, "reporting", "kpi_snapshot", 12, max_days=2),
        # ML artefacts: an ml schema table and a feature table in marts
        _table(scan_at, "ml", "churn_predictions", 300, modified_days=1, min_at=datetime(2023, 6, 1, 12, 0)),
        _table(
            scan_at, "marts", "customer_features", 200, modified_days=0.5, min_at=datetime(2024, 1, 1, 12, 0)
        ),
    ]
    if second:
        rows += [
            _table(scan_at, "intermediate", "int_customer_orders", 200, "view"),
            _table(scan_at, "marts", "fct_refunds", 40, modified_days=3),
        ]
    else:
        rows += [_table(scan_at, "sandbox", "tmp_analysis", 10)]
    return rows


def warehouse_columns(second: bool = False) -> list[dict]:
    cols = [
        ("raw", "orders", "order_id"),
        ("raw", "orders", "customer_id"),
        ("raw", "orders", "_fivetran_synced"),  # footprint in a column
        ("landing", "_airbyte_raw_events", "_airbyte_data"),
        ("marts", "fct_orders", "order_id"),
        ("marts", "fct_orders", "amount"),
        # a prediction table with 3 of the 5 roles: no model version, no decision
        ("ml", "churn_predictions", "customer_id"),
        ("ml", "churn_predictions", "churn_score"),
        ("ml", "churn_predictions", "scored_at"),
        # personal data: tagged in dbt (dim_customers), not in the sandbox copy
        ("marts", "dim_customers", "email"),
        ("marts", "dim_customers", "customer_id"),
    ]
    if not second:
        cols += [("sandbox", "tmp_analysis", "email")]
    return [
        {
            "database_name": "acme",
            "schema_name": s,
            "table_name": t,
            "column_name": c,
            "ordinal": i,
            "data_type": "text",
            "is_nullable": True,
        }
        for i, (s, t, c) in enumerate(cols)
    ]


def warehouse_access(second: bool) -> tuple[list[dict], list[dict]]:
    roles = [
        {"role_name": r, "can_login": r != "analyst", "is_superuser": r == "admin", "member_of": []}
        for r in ("admin", "analyst", "loader", "reporter")
    ]
    grants = [
        {"grantee": "analyst", "privilege": "SELECT", "object_type": "schema", "schema_name": "marts"},
        {
            "grantee": "analyst",
            "privilege": "SELECT",
            "object_type": "table",
            "schema_name": "marts",
            "object_name": "fct_orders",
        },
        {
            "grantee": "loader",
            "privilege": "INSERT",
            "object_type": "table",
            "schema_name": "raw",
            "object_name": "orders",
        },
        # PUBLIC on a raw schema: not on modelled data, not counted
        {
            "grantee": "PUBLIC",
            "privilege": "USAGE",
            "object_type": "schema",
            "schema_name": "raw",
            "is_public": True,
        },
    ]
    if second:
        grants += [
            {
                "grantee": "reporter",
                "privilege": "SELECT",
                "object_type": "schema",
                "schema_name": "reporting",
            },
            # PUBLIC on one modelled table (counted) and on a source table (not counted)
            {
                "grantee": "PUBLIC",
                "privilege": "SELECT",
                "object_type": "table",
                "schema_name": "marts",
                "object_name": "fct_refunds",
                "is_public": True,
            },
            {
                "grantee": "PUBLIC",
                "privilege": "SELECT",
                "object_type": "table",
                "schema_name": "raw",
                "object_name": "payments",
                "is_public": True,
            },
        ]
    else:
        grants.append(
            {
                "grantee": "PUBLIC",
                "privilege": "SELECT",
                "object_type": "schema",
                "schema_name": "reporting",
                "is_public": True,
            }
        )
    return roles, grants


def _node(uid, rtype, name, relation=None, **kw):
    return {
        "unique_id": uid,
        "resource_type": rtype,
        "package_name": "acme",
        "name": name,
        "database_name": "acme",
        "relation_name": relation,
        "artifact": "/clients/acme/target/manifest.json",
        "json_path": f"{'sources' if rtype == 'source' else 'exposures' if rtype == 'exposure' else 'nodes'}"
        f"['{uid}']",
        **kw,
    }


TESTS = [
    # (unique_id, test_name, tested node)
    ("test.acme.not_null_fct_orders_order_id", "not_null", "model.acme.fct_orders"),
    ("test.acme.unique_fct_orders_order_id", "unique", "model.acme.fct_orders"),
    ("test.acme.not_null_dim_customers_customer_id", "not_null", "model.acme.dim_customers"),
    ("test.acme.not_null_stg_orders_order_id", "not_null", "model.acme.stg_orders"),
    ("test.acme.relationships_stg_orders_customer_id", "relationships", "model.acme.stg_orders"),
]


def dbt_nodes(second: bool) -> tuple[list[dict], list[dict]]:
    nodes = [
        # the connector lower-cases relation names; a quoted, database-qualified one must still match
        _node("source.acme.shop.orders", "source", "orders", '"acme"."raw"."orders"', source_name="shop"),
        _node(
            "source.acme.shop.customers",
            "source",
            "customers",
            "raw.customers",
            source_name="shop",
            pii_column_count=1,
        ),
        _node(
            "model.acme.stg_orders",
            "model",
            "stg_orders",
            "staging.stg_orders",
            materialized="view",
            owner="data-eng",
            access="protected",
        ),
        _node(
            "model.acme.stg_customers",
            "model",
            "stg_customers",
            "staging.stg_customers",
            materialized="view",
            group_name="finance",
            access="protected",
        ),
        _node("model.acme.int_order_items", "model", "int_order_items", None, materialized="ephemeral"),
        _node(
            "model.acme.fct_orders",
            "model",
            "fct_orders",
            "marts.fct_orders",
            materialized="table",
            owner="analytics",
            access="public",
            contract_enforced=True,
        ),
        _node(
            "model.acme.dim_customers",
            "model",
            "dim_customers",
            "marts.dim_customers",
            materialized="table",
            access="protected",
            pii_column_count=2,
            owner="crm" if second else None,
        ),
        _node(
            "model.acme.customer_features",
            "model",
            "customer_features",
            "marts.customer_features",
            materialized="table",
        ),
        _node("exposure.acme.weekly_revenue", "exposure", "weekly_revenue", owner="cfo@acme.test"),
    ]
    nodes += [
        _node(uid, "test", uid.split(".")[-1], test_name=name, tested_node_id=parent)
        for uid, name, parent in TESTS
    ]
    edges = [
        ("model.acme.stg_orders", "source.acme.shop.orders"),
        ("model.acme.stg_customers", "source.acme.shop.customers"),
        ("model.acme.int_order_items", "model.acme.stg_orders"),
        ("model.acme.fct_orders", "model.acme.int_order_items"),  # through the ephemeral model
        ("model.acme.dim_customers", "model.acme.stg_customers"),
        ("model.acme.customer_features", "model.acme.dim_customers"),
        ("exposure.acme.weekly_revenue", "model.acme.fct_orders"),
    ] + [(uid, parent) for uid, _, parent in TESTS]
    if second:
        nodes += [
            _node("source.acme.shop.payments", "source", "payments", "raw.payments", source_name="shop"),
            _node(
                "model.acme.int_customer_orders",
                "model",
                "int_customer_orders",
                "intermediate.int_customer_orders",
                materialized="view",
                owner="data-eng",
            ),
        ]
        edges += [
            ("model.acme.int_customer_orders", "model.acme.stg_orders"),
            ("model.acme.int_customer_orders", "model.acme.stg_customers"),
        ]
    return nodes, [{"child_id": c, "parent_id": p} for c, p in edges]


def _result(inv, uid, status, completed_at, generated_at, message=None, failures=0):
    return {
        "invocation_id": inv,
        "command": "build",
        "unique_id": uid,
        "status": status,
        "message": message,
        "failures": failures,
        "execution_time": 0.4,
        "completed_at": completed_at,
        "generated_at": generated_at,
        "artifact": f"/clients/acme/runs/{inv}/run_results.json",
        "json_path": f"results[{uid}]",
    }


def dbt_runs(scan_at: datetime, second: bool) -> tuple[list[dict], list[dict], list[dict]]:
    models = ["model.acme.stg_orders", "model.acme.fct_orders"]
    tests = [uid for uid, _, _ in TESTS]
    invocations = [
        {
            "invocation_id": "inv-manifest",
            "artifact": "/clients/acme/target/manifest.json",
            "artifact_kind": "manifest",
            "dbt_version": "1.8.7",
            "project_name": "acme",
            "generated_at": ago(scan_at, 1.25),
        }
    ]
    results = []
    if second:
        gen = ago(scan_at, 1.25)  # 2024-06-14 06:00: everything passes
        results += [_result("inv2", m, "success", gen, gen) for m in models]
        results += [_result("inv2", t, "pass", ago(scan_at, 1.3), gen) for t in tests]
        run_ids = ["inv2"]
    else:
        old, new = ago(scan_at, 2.25), ago(scan_at, 1.25)  # 2024-05-30 06:00, 2024-05-31 06:00
        results += [_result("inv0", m, "success", old, old) for m in models]
        results += [_result("inv0", t, "pass", old, old) for t in tests]
        # newest run: fct_orders succeeds at 2024-05-31 06:00; 3 of 5 tests pass
        results += [_result("inv1", "model.acme.fct_orders", "success", new, new)]
        results += [
            _result("inv1", tests[0], "pass", ago(scan_at, 1.3), new),
            _result(
                "inv1",
                tests[1],
                "fail",
                ago(scan_at, 1.3),
                new,
                "Got 3 results, configured to fail if != 0",
                3,
            ),
            _result("inv1", tests[2], "pass", ago(scan_at, 1.3), new),
            _result("inv1", tests[3], "pass", ago(scan_at, 1.3), new),
            _result(
                "inv1",
                tests[4],
                "warn",
                ago(scan_at, 1.3),
                new,
                "Got 2 results, configured to warn if != 0",
                2,
            ),
        ]
        run_ids = ["inv0", "inv1"]
    invocations += [
        {
            "invocation_id": r,
            "artifact": f"/clients/acme/runs/{r}/run_results.json",
            "artifact_kind": "run_results",
            "dbt_version": "1.8.7",
            "project_name": "acme",
            "generated_at": max(x["generated_at"] for x in results if x["invocation_id"] == r),
        }
        for r in run_ids
    ]
    freshness = [
        {
            "unique_id": "source.acme.shop.orders",
            "status": "pass",
            "max_loaded_at": ago(scan_at, 0.5),
            "snapshotted_at": ago(scan_at, 0.4),
            "age_seconds": 8640.0,
            "artifact": "/clients/acme/target/sources.json",
            "json_path": "results[0]",
        },
        {
            "unique_id": "source.acme.shop.customers",
            "status": "pass" if second else "warn",
            "max_loaded_at": ago(scan_at, 0.5 if second else 3),
            "snapshotted_at": ago(scan_at, 0.4),
            "age_seconds": 250000.0,
            "artifact": "/clients/acme/target/sources.json",
            "json_path": "results[1]",
        },
    ]
    return invocations, results, freshness


AIRFLOW = "https://github.com/apache/airflow/tree/providers-openlineage/1.8.0"
DAGSTER = "https://github.com/dagster-io/dagster/tree/master/python_modules/libraries/dagster-openlineage"
NOTEBOOK = "https://example.test/acme-notebook-tracker"


def openlineage(scan_at: datetime, second: bool) -> tuple[list[dict], list[dict], list[dict]]:
    events, datasets, columns = [], [], []

    def run(run_id, producer, namespace, job, start, end, inputs=(), outputs=(), owners=None):
        for etype, at in (("START", start), ("COMPLETE", end)):
            events.append(
                {
                    "event_time": at,
                    "event_type": etype,
                    "run_id": run_id,
                    "job_namespace": namespace,
                    "job_name": job,
                    "producer": producer,
                    "owners": [],
                    "source_file": "events.jsonl",
                    "line_no": len(events) + 1,
                }
            )
            for direction, names in (("input", inputs), ("output", outputs)):
                for name in names:
                    datasets.append(
                        {
                            "run_id": run_id,
                            "event_time": at,
                            "event_type": etype,
                            "job_name": job,
                            "direction": direction,
                            "namespace": "postgres://db.acme.test:5432",
                            "name": name,
                            "owners": owners if direction == "output" else [],
                            "source_file": "events.jsonl",
                            "line_no": len(events),
                        }
                    )

    if second:
        # airflow refreshes revenue_daily, completes 2024-06-13 00:00 (2.5 days before s2)
        run(
            "r-airflow-2",
            AIRFLOW,
            "airflow-prod",
            "revenue_daily.load",
            ago(scan_at, 2.6),
            ago(scan_at, 2.5),
            ["acme.marts.fct_orders"],
            ["acme.reporting.revenue_daily"],
            ["team:finance"],
        )
        # dagster rebuilds the legacy report from raw payments (5 days before s2)
        run(
            "r-dagster-1",
            DAGSTER,
            "dagster",
            "legacy_sales_report",
            ago(scan_at, 5.1),
            ago(scan_at, 5),
            ["acme.raw.payments"],
            ["acme.marts.legacy_sales_report"],
        )
    else:
        # airflow completes 2024-06-01 00:00, 0.5 days before s1
        run(
            "r-airflow-1",
            AIRFLOW,
            "airflow-prod",
            "revenue_daily.load",
            ago(scan_at, 0.6),
            ago(scan_at, 0.5),
            ["acme.marts.fct_orders"],
            ["acme.reporting.revenue_daily"],
            ["team:finance"],
        )
        # a notebook tracker: a lineage producer (newest activity, 0.25 days) but no orchestrator
        run("r-notebook-1", NOTEBOOK, "jupyter", "exploration", ago(scan_at, 0.3), ago(scan_at, 0.25))
        columns.append(
            {
                "run_id": "r-airflow-1",
                "output_name": "acme.reporting.revenue_daily",
                "output_field": "revenue",
                "input_namespace": "postgres://db.acme.test:5432",
                "input_name": "acme.marts.fct_orders",
                "input_field": "amount",
                "transformation": "AGGREGATION",
            }
        )
    return events, datasets, columns


def query_logs(scan_at: datetime) -> tuple[list[dict], list[dict], list[dict]]:
    def q(qhash, days, user, kind, actor, bi=None):
        return {
            "query_hash": qhash,
            "started_at": ago(scan_at, days),
            "user_name": user,
            "application": bi or "psql",
            "statement_kind": kind,
            "actor_kind": actor,
            "bi_tool": bi,
            "source_file": "query_log.jsonl",
            "line_no": 1,
        }

    log = [
        q("q_mb1", 12, "metabase_svc", "read", "bi_tool", "metabase"),
        q("q_mb1", 7, "metabase_svc", "read", "bi_tool", "metabase"),
        q("q_mb1", 1, "metabase_svc", "read", "bi_tool", "metabase"),
        q("q_mb2", 61, "metabase_svc", "read", "bi_tool", "metabase"),  # outside the 30-day window
        q("q_mb1", -1, "metabase_svc", "read", "bi_tool", "metabase"),  # after the scan: ignored
        q("q_lk1", 4, "looker", "read", "bi_tool", "looker"),
        q("q_h1", 22, "alice", "read", "human"),
        q("q_h2", 78, "Bob", "read", "human"),  # 78 days: inside the 90-day window
        q("q_h3", 152, "carol", "read", "human"),  # outside
        q("q_ctas", 0.75, "dave", "write", "human"),  # a write: not an analyst read
        q("q_svc", 0.5, "airflow", "read", "service"),
    ]
    statements = [
        {
            "query_hash": "q_mb1",
            "origin": "query_log",
            "dialect": "postgres",
            "statement_kind": "read",
            "sql_excerpt": "select date_trunc('week', ordered_at), sum(amount) from marts.fct_orders group by 1",
        },
        {
            "query_hash": "q_ctas",
            "origin": "query_log",
            "dialect": "postgres",
            "statement_kind": "write",
            "sql_excerpt": "create table reporting.kpi_snapshot as select count(*) from fct_orders",
        },
    ]
    lineage = [  # the CTAS names its source bare: resolved to marts.fct_orders
        {
            "query_hash": "q_ctas",
            "origin": "query_log",
            "target_table": "reporting.kpi_snapshot",
            "source_table": "fct_orders",
        },
    ]
    return log, statements, lineage


VIEW_LINEAGE = [  # the view names its source bare and quoted: resolved to raw.payments
    {
        "query_hash": "v_stg_payments",
        "origin": "view",
        "target_table": "staging.stg_payments",
        "source_table": '"payments"',
    },
]


def gx_results(scan_at: datetime) -> list[dict]:
    def r(table, etype, column, success, observed=None, unexpected=0):
        return {
            "validation_id": "val-1",
            "suite_name": "nightly",
            "data_asset": table,
            "table_name": table,
            "expectation_type": etype,
            "column_name": column,
            "kwargs_json": f'{{"column": "{column}"}}',
            "success": success,
            "observed_value": observed,
            "unexpected_count": unexpected,
            "run_at": ago(scan_at, 0.9),
            "format": "gx1",
            "source_file": "/clients/acme/gx/nightly.json",
            "json_path": f"results[{etype}:{column}]",
        }

    return [
        r("reporting.revenue_daily", "expect_column_values_to_not_be_null", "revenue", True),
        r("reporting.revenue_daily", "expect_column_values_to_be_unique", "day", True),
        # a bare table name, as GX often records it: resolved to reporting.revenue_daily
        r("revenue_daily", "expect_column_values_to_be_between", "revenue", False, "-12.5", 4),
        r("raw.orders", "expect_column_values_to_not_be_null", "order_id", True),
    ]


def land_scan(store: EvidenceStore, scan_id: str, scan_at: datetime, second: bool) -> None:
    store.begin_scan("acme", scan_id, scan_at, scan_at)
    roles, grants = warehouse_access(second)
    land(
        store,
        scan_id,
        {
            "warehouse_tables": warehouse_tables(scan_at, second),
            "warehouse_columns": warehouse_columns(second),
            "warehouse_roles": roles,
            "warehouse_grants": grants,
            "sql_lineage": VIEW_LINEAGE,
        },
    )
    store.record_source(scan_id, "warehouse", "ok", {"warehouse_tables": 16}, None, 0.2)
    nodes, edges = dbt_nodes(second)
    invocations, results, freshness = dbt_runs(scan_at, second)
    land(
        store,
        scan_id,
        {
            "dbt_nodes": nodes,
            "dbt_edges": edges,
            "dbt_invocations": invocations,
            "dbt_run_results": results,
            "dbt_source_freshness": freshness,
        },
    )
    store.record_source(scan_id, "dbt", "ok", {"dbt_nodes": len(nodes)}, None, 0.1)
    events, datasets, columns = openlineage(scan_at, second)
    land(
        store,
        scan_id,
        {
            "openlineage_events": events,
            "openlineage_datasets": datasets,
            "openlineage_column_lineage": columns,
        },
    )
    store.record_source(scan_id, "openlineage", "ok", {"openlineage_events": len(events)}, None, 0.1)
    if second:
        store.record_source(scan_id, "query_logs", "skipped", {}, None, 0.0)
        store.record_source(scan_id, "gx", "skipped", {}, None, 0.0)
    else:
        log, statements, lineage = query_logs(scan_at)
        land(store, scan_id, {"query_log": log, "sql_statements": statements, "sql_lineage": lineage})
        store.record_source(scan_id, "query_logs", "ok", {"query_log_rows": len(log)}, None, 0.1)
        land(store, scan_id, {"gx_results": gx_results(scan_at)})
        store.record_source(scan_id, "gx", "ok", {"gx_results": 4}, None, 0.1)
    if not second:
        # s2 stays `running`: the orchestrator builds the models before it closes the scan
        store.finish_scan(scan_id, "complete", scan_at)


def land(store: EvidenceStore, scan_id: str, tables: dict[str, list[dict]], errors=()) -> None:
    """Land rows stamped with their scan, every contract column present (null when not given).

    Arrow infers a list of dicts' columns from its first row, so rows are completed here; a
    key that is not a contract column is a typo in the fixture and fails loudly.
    """
    complete = {}
    for name, rows in tables.items():
        columns = RAW_SCHEMAS[name].names
        for row in rows:
            unknown = set(row) - set(columns)
            assert not unknown, f"{name}: not contract columns: {sorted(unknown)}"
        complete[name] = [{col: ({**row, "scan_id": scan_id}).get(col) for col in columns} for row in rows]
    store.land(complete, errors, scan_id=scan_id)


def build_acme_store(path: Path) -> EvidenceStore:
    store = EvidenceStore(path)
    land_scan(store, "s1", S1_AT, second=False)
    # a scan that died: its rows are in raw, but the models must ignore it
    store.begin_scan("acme", "s_failed", FAILED_AT, FAILED_AT)
    events, datasets, _ = openlineage(FAILED_AT, second=True)
    land(
        store,
        "s_failed",
        {
            "warehouse_tables": [_table(FAILED_AT, "marts", "half_read", 1)],
            "openlineage_events": events,
            "openlineage_datasets": datasets,
        },
    )
    store.finish_scan("s_failed", "failed", FAILED_AT)
    land_scan(store, "s2", S2_AT, second=True)
    return store
