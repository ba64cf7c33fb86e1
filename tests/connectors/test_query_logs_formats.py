"""Vendor query-log exports: Snowflake QUERY_HISTORY, BigQuery INFORMATION_SCHEMA.JOBS and
pg_stat_statements, as CSV or JSON lines, with their documented column names.

Fixtures (tests/connectors/fixtures/query_logs/) are small files in each export's shape:
upper-case Snowflake headers and lower-case keys, Snowflake and BigQuery time formats,
BigQuery labels, a LOAD and an EXTRACT job (no SQL: left out, counted), a failed
Snowflake query without text (a bad line), pg_stat_statements' normalised ``$n`` SQL.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest
from pydantic import ValidationError

from connectors.base import ScanContext
from connectors.config import QueryLogColumns, QueryLogConfig
from connectors.query_logs import crawl_query_logs
from connectors.store import RAW_SCHEMAS

FIX = Path(__file__).parent / "fixtures" / "query_logs"
CTX = ScanContext(client="acme", scan_id="scan-1", scanned_at=datetime(2024, 6, 1), base_dir=str(FIX))


def _crawl(*logs: QueryLogConfig, base: Path = FIX, default_dialect: str | None = "postgres"):
    return crawl_query_logs(list(logs), CTX, lambda p: base / p, default_dialect=default_dialect)


def _edges(res) -> set[tuple[str | None, str]]:
    return {(r["target_table"], r["source_table"]) for r in res.tables["sql_lineage"].to_pylist()}


def test_snowflake_query_history_csv_and_jsonl() -> None:
    res = _crawl(
        QueryLogConfig(path="snowflake_query_history.csv", format="snowflake_query_history"),
        QueryLogConfig(path="snowflake_query_history.jsonl", format="snowflake_query_history"),
    )
    assert res.tables["query_log"].schema == RAW_SCHEMAS["query_log"]
    rows = {
        (r["source_file"].rsplit(".", 1)[-1], r["line_no"]): r for r in res.tables["query_log"].to_pylist()
    }
    assert set(rows) == {("csv", 2), ("csv", 4), ("csv", 5), ("jsonl", 1), ("jsonl", 2)}
    dbt = rows[("csv", 2)]
    assert (dbt["user_name"], dbt["role_name"], dbt["warehouse_name"]) == (
        "DBT_SVC",
        "TRANSFORMER",
        "TRANSFORM_WH",
    )
    assert dbt["started_at"] == datetime(2024, 5, 3, 15, 0, 0, 123000)  # -0700 to UTC
    assert (dbt["statement_kind"], dbt["actor_kind"]) == ("write", "service")
    assert "dbt" in dbt["application"]  # QUERY_TAG stands for the application
    assert (rows[("csv", 4)]["actor_kind"], rows[("csv", 4)]["bi_tool"]) == ("bi_tool", "looker")
    assert rows[("csv", 5)]["actor_kind"] == "human"
    jsonl = rows[("jsonl", 1)]
    assert (jsonl["application"], jsonl["statement_kind"]) == ("PythonConnector 3.6.0", "write")
    assert rows[("jsonl", 2)]["started_at"] == datetime(2024, 5, 5, 6)  # lower-case keys, +0200
    assert rows[("jsonl", 2)]["bi_tool"] == "tableau"
    errors = [(e.object.rsplit("/", 1)[-1], e.message) for e in res.errors if e.source == "query_logs"]
    assert errors == [("snowflake_query_history.csv:6", "missing field 'query_text'")]
    # Parsed in Snowflake's dialect (QUALIFY) although the warehouse default is postgres.
    assert res.counts["sql_parse_errors"] == 0
    edges = _edges(res)
    assert ("analytics.marts.fct_orders", "analytics.staging.stg_orders") in edges
    assert ("analytics.marts.dim_customers", "analytics.raw.customers") in edges
    assert (None, "analytics.marts.fct_orders") in edges


def test_bigquery_jobs_jsonl_and_csv() -> None:
    res = _crawl(
        QueryLogConfig(path="bigquery_jobs.jsonl", format="bigquery_jobs"),
        QueryLogConfig(path="bigquery_jobs.csv", format="bigquery_jobs"),
    )
    rows = {r["line_no"] if r["source_file"].endswith("l") else -r["line_no"]: r
            for r in res.tables["query_log"].to_pylist()}  # fmt: skip
    assert sorted(rows) == [-2, 1, 2, 4]  # the LOAD and EXTRACT jobs are left out
    assert res.counts["query_log_rows_skipped"] == 2
    assert [e for e in res.errors if e.source == "query_logs"] == []
    merge = rows[1]
    assert merge["started_at"] == datetime(2024, 5, 6, 7, 0, 0, 123000)  # "... UTC"
    assert merge["application"] == "dbt_invocation_id=8c1f,dbt_model=fct_sessions"
    assert (merge["actor_kind"], merge["statement_kind"], merge["warehouse_name"]) == (
        "service", "write", "acme-prod"
    )  # fmt: skip
    assert (rows[2]["actor_kind"], rows[2]["application"]) == ("human", None)
    assert (rows[4]["actor_kind"], rows[4]["bi_tool"]) == ("bi_tool", "looker")
    assert rows[-2]["application"] == "team=finance"  # labels as JSON text in a CSV cell
    edges = _edges(res)
    assert ("acme-prod.marts.fct_sessions", "acme-prod.staging.stg_events") in edges
    assert ("acme-prod.sandbox.rev", "acme-prod.marts.fct_sessions") in edges
    cols = {
        (r["target_column"], r["source_column"])
        for r in res.tables["sql_column_lineage"].to_pylist()
        if r["target_table"] == "acme-prod.marts.fct_sessions"
    }
    assert ("started_at", "event_time") in cols


def test_pg_stat_statements_csv_export() -> None:
    res = _crawl(QueryLogConfig(path="pg_stat_statements.csv", format="pg_stat_statements"))
    rows = res.tables["query_log"].to_pylist()
    assert [(r["user_name"], r["calls"], r["warehouse_name"]) for r in rows] == [
        ("metabase", 1250, "acme"),
        ("dbt", 31, "acme"),
        ("marie", 7, "acme"),
    ]
    assert all(r["started_at"] is None for r in rows)  # the view keeps no times
    assert [r["actor_kind"] for r in rows] == ["bi_tool", "service", "human"]
    assert ("staging.stg_orders", "raw.orders") in _edges(res)
    assert res.counts["sql_parse_errors"] == 0  # $1 placeholders parse in the postgres dialect


def test_explicit_columns_override_a_vendor_format(tmp_path: Path) -> None:
    (tmp_path / "sf.csv").write_text("TXT,WHO,WHEN\nselect 1 from a.b,ANN,2024-05-01 00:00:00.000 +0000\n")
    cols = QueryLogColumns(query="txt", user="who", started_at="when")
    res = _crawl(QueryLogConfig(path="sf.csv", format="snowflake_query_history", columns=cols), base=tmp_path)
    row = res.tables["query_log"].to_pylist()[0]
    assert (row["user_name"], row["started_at"]) == ("ANN", datetime(2024, 5, 1))


def test_config_rules_for_live_and_file_sources() -> None:
    assert QueryLogConfig(format="pg_stat_statements", dsn_env="ACME_PG_DSN").path is None
    for bad in (
        {},  # neither a file nor a live source
        {"dsn_env": "ACME_PG_DSN"},  # live reading is only for pg_stat_statements
        {"format": "pg_stat_statements", "dsn_env": "postgresql://u:p@h/db"},  # a DSN, not a name
        {"format": "pg_stat_statements", "dsn_env": "ACME_PG_DSN", "path": "x.csv"},
    ):
        with pytest.raises(ValidationError):
            QueryLogConfig(**bad)
