"""pg_stat_statements read live from a real PostgreSQL 15 server (tests/support/pg_server.py).

The server preloads pg_stat_statements; a BI role, a dbt role and a person run queries,
then the crawl reads the view through a read-only session as a role that holds
``pg_read_all_stats`` (sees everything) and as one that does not (others' SQL hidden,
reported once). A database without the extension and a missing env var are errors.
"""

from __future__ import annotations

from datetime import datetime

import psycopg
import pytest

from connectors.base import ScanContext
from connectors.config import QueryLogConfig
from connectors.query_logs import crawl_query_logs
from connectors.store import RAW_SCHEMAS
from tests.support import pg_server

pytestmark = pytest.mark.skipif(not pg_server.available(), reason="PostgreSQL 15 binaries not installed")

CTX = ScanContext(client="acme", scan_id="scan-pg", scanned_at=datetime(2024, 6, 1), base_dir=".")
ENV = "ACME_PG_STATS_DSN_TEST"

SETUP = """
create extension pg_stat_statements;
create role scanner login in role pg_read_all_stats;
create role nosy login;
create role metabase login;
create role dbt login;
create role marie login;
create schema raw; create schema staging; create schema marts;
create table raw.orders (id int, amount numeric, ordered_at timestamp);
create table staging.stg_orders (order_id int, amount numeric);
create table marts.orders (id int, amount numeric);
grant usage on schema raw, staging, marts to metabase, dbt, marie;
grant select on all tables in schema raw, marts to metabase, dbt, marie;
grant insert on staging.stg_orders to dbt;
"""

WORKLOAD = {
    "metabase": [
        "SELECT o.id, o.amount FROM marts.orders o WHERE o.amount > 10 LIMIT 2000",
        "SELECT o.id, o.amount FROM marts.orders o WHERE o.amount > 99 LIMIT 2000",  # same normalised
    ],
    "dbt": [
        "insert into staging.stg_orders (order_id, amount) select id, amount from raw.orders where id > 5"
    ],
    "marie": ["select count(*) from marts.orders"],
}


@pytest.fixture(scope="module")
def server():
    with pg_server.running_server({"shared_preload_libraries": "'pg_stat_statements'"}) as srv:
        with psycopg.connect(srv.dsn(), autocommit=True) as admin:
            admin.execute("create database acme")
            admin.execute("create database bare")
        with psycopg.connect(srv.dsn("acme"), autocommit=True) as admin:
            admin.execute(SETUP)
        for user, statements in WORKLOAD.items():
            with psycopg.connect(srv.dsn("acme", user=user), autocommit=True) as conn:
                for statement in statements:
                    conn.execute(statement)
        yield srv


def _crawl():
    return crawl_query_logs(
        [QueryLogConfig(format="pg_stat_statements", dsn_env=ENV)], CTX, lambda p: p, default_dialect="duckdb"
    )


def test_live_statements_with_calls_actors_and_lineage(server, monkeypatch) -> None:
    monkeypatch.setenv(ENV, server.dsn("acme", user="scanner"))
    res = _crawl()
    assert res.errors == []
    table = res.tables["query_log"]
    assert table.schema == RAW_SCHEMAS["query_log"]
    rows = [r for r in table.to_pylist() if r["user_name"] in WORKLOAD]
    by_user = {}
    for r in rows:
        by_user.setdefault(r["user_name"], []).append(r)
    assert [(r["calls"], r["actor_kind"], r["bi_tool"]) for r in by_user["metabase"]] == [
        (2, "bi_tool", "metabase")
    ]
    assert [(r["calls"], r["statement_kind"], r["actor_kind"]) for r in by_user["dbt"]] == [
        (1, "write", "service")
    ]
    assert [(r["calls"], r["actor_kind"]) for r in by_user["marie"]] == [(1, "human")]
    assert all(r["warehouse_name"] == "acme" and r["started_at"] is None for r in rows)
    assert rows[0]["source_file"] == f"pg_stat_statements (DSN from ${ENV})"
    edges = {(r["target_table"], r["source_table"]) for r in res.tables["sql_lineage"].to_pylist()}
    assert ("staging.stg_orders", "raw.orders") in edges  # parsed as postgres, not the default duckdb
    assert (None, "marts.orders") in edges
    assert res.counts["sql_parse_errors"] == 0


def test_statements_of_other_roles_hidden_without_pg_read_all_stats(server, monkeypatch) -> None:
    monkeypatch.setenv(ENV, server.dsn("acme", user="nosy"))
    res = _crawl()
    assert {r["user_name"] for r in res.tables["query_log"].to_pylist()} <= {"nosy"}
    (err,) = res.errors
    assert ENV in err.object and "pg_read_all_stats" in err.message and "hidden" in err.message


def test_extension_missing_or_env_var_unset(server, monkeypatch) -> None:
    monkeypatch.setenv(ENV, server.dsn("bare", user="scanner", password="s3cret-pw"))
    res = _crawl()
    (err,) = res.errors
    assert "not installed" in err.message and "s3cret-pw" not in err.object + err.message
    assert res.counts["query_log_rows"] == 0
    monkeypatch.delenv(ENV)
    (err,) = _crawl().errors
    assert ENV in err.message and "not set" in err.message
