"""PostgreSQL warehouse crawl against a real PostgreSQL 15 server (tests/support/pg_server.py).

One server for the module, with a small but realistic warehouse: raw / staging / marts
schemas plus a quoted one, roles with membership, grants including PUBLIC ones, a view
and a materialized view, comments, keys, a 1M-row table (estimate path, indexed
timestamp), a 200k-row table without index (histogram range), a table the crawl role
may not read, a table under row-level security, and a least-privilege crawl role.
"""

from __future__ import annotations

import threading
import time
from datetime import datetime, timedelta
from urllib.parse import quote

import psycopg
import pytest

from connectors.base import ScanContext
from connectors.config import WarehouseConfig
from connectors.store import RAW_SCHEMAS
from connectors.warehouse import crawl_warehouse
from connectors.warehouse.base import CatalogUnavailable
from connectors.warehouse.postgres_catalog import PostgresCatalog
from tests.support import pg_server

pytestmark = pytest.mark.skipif(not pg_server.available(), reason="PostgreSQL 15 binaries not installed")

CTX = ScanContext(client="acme", scan_id="scan-pg", scanned_at=datetime(2024, 6, 1), base_dir=".")
ENV = "ACME_PG_DSN_TEST"

SETUP = r'''
create role scanner login;
create role loader login;
create role analysts nologin;
create role alice login in role analysts;
create role bi_metabase login in role analysts;
create schema raw authorization loader;
create schema staging;
create schema marts;
create schema "Sales Ops";
comment on schema marts is 'Reporting layer';
grant usage on schema raw, staging, marts, "Sales Ops" to scanner, analysts;
grant usage on schema marts to public;

set role loader;
create table raw.customers (
    id bigint primary key, email text not null, country char(2) default 'FR',
    created_at timestamptz not null default now());
comment on table raw.customers is 'Customers as loaded from the CRM';
comment on column raw.customers.email is 'PII: contact email';
create table raw.orders (
    id bigint primary key, customer_id bigint references raw.customers (id),
    amount numeric(10, 2), ordered_at timestamp, _loaded_at timestamptz);
create table raw.events (id bigint, event_time timestamptz, kind text);
create table raw.page_views (id bigint, viewed_at timestamp);
create table raw.secrets (id int, ssn text);
create table raw.locked (id int);
insert into raw.customers (id, email, country, created_at) values
    (1, 'ada@example.com', 'FR', '2022-03-01 10:00+00'), (2, 'bob@example.com', 'DE', '2024-01-15 09:00+00');
insert into raw.orders values
    (10, 1, 5.00, '2023-01-05 10:00', '2024-05-30 02:00+00'),
    (11, 2, 7.50, '2024-05-28 12:30', '2024-05-30 02:00+00'),
    (12, 1, 1.25, null, '2024-05-31 02:00+02');
insert into raw.events
    select g, timestamptz '2020-01-01 00:00+00' + g * interval '1 minute', 'click'
    from generate_series(1, 1000000) g;
create index on raw.events (event_time);
insert into raw.page_views
    select g, timestamp '2023-01-01' + g * interval '1 minute' from generate_series(1, 200000) g;
insert into raw.secrets values (1, '000-00-0000');
grant select on raw.customers, raw.orders, raw.events, raw.page_views, raw.locked to scanner;
reset role;

create view staging.stg_orders as
    select o.id as order_id, o.customer_id, o.amount, o.ordered_at from raw.orders o;
create materialized view marts.customer_revenue as
    select c.id as customer_id, c.country, sum(o.amount) as revenue
    from staging.stg_orders o join raw.customers c on c.id = o.customer_id group by 1, 2;
create table marts.fct_orders (order_id bigint primary key, country char(2), amount numeric);
insert into marts.fct_orders values (10, 'FR', 5), (11, 'DE', 7.5);
alter table marts.fct_orders enable row level security;
create policy fr_only on marts.fct_orders for select to analysts using (country = 'FR');
create table "Sales Ops"."Weird ""Name""" ("select" int, "from" date);
insert into "Sales Ops"."Weird ""Name""" values (1, '2024-02-02');
grant select on staging.stg_orders, marts.customer_revenue, marts.fct_orders, "Sales Ops"."Weird ""Name"""
    to scanner;
grant select on staging.stg_orders to analysts;
grant select on marts.customer_revenue to public;
'''


@pytest.fixture(scope="module")
def server():
    with pg_server.running_server() as srv:
        with psycopg.connect(srv.dsn(), autocommit=True) as admin:
            admin.execute("create database acme")
        with psycopg.connect(srv.dsn("acme"), autocommit=True) as admin:
            admin.execute(SETUP)  # one implicit transaction
            admin.execute("analyze")  # after commit, so that the insert counters are flushed
        yield srv


@pytest.fixture()
def scanner_env(server, monkeypatch):
    monkeypatch.setenv(ENV, server.dsn("acme", user="scanner"))
    return server


def _crawl(schemas=None):
    cfg = WarehouseConfig(kind="postgres", dsn_env=ENV, schemas=schemas)
    return crawl_warehouse(cfg, CTX, lambda p: p)


def _by(rows: list[dict], *keys: str) -> dict:
    return {tuple(r[k] for k in keys) if len(keys) > 1 else r[keys[0]]: r for r in rows}


def test_crawl_catalog_counts_grants_and_lineage(scanner_env) -> None:
    started = time.perf_counter()
    res = _crawl()
    elapsed = time.perf_counter() - started
    for name, table in res.tables.items():
        assert table.schema == RAW_SCHEMAS[name], name
    tables = _by(res.tables["warehouse_tables"].to_pylist(), "schema_name", "table_name")
    assert set(tables) == {
        ("raw", "customers"), ("raw", "orders"), ("raw", "events"), ("raw", "page_views"),
        ("raw", "secrets"), ("raw", "locked"), ("staging", "stg_orders"),
        ("marts", "customer_revenue"), ("marts", "fct_orders"), ("Sales Ops", 'Weird "Name"'),
    }  # fmt: skip
    cust = tables[("raw", "customers")]
    assert (cust["engine"], cust["database_name"], cust["owner"]) == ("postgres", "acme", "loader")
    assert cust["comment"] == "Customers as loaded from the CRM"
    assert (cust["row_count"], cust["row_count_is_estimate"], cust["timestamp_column"]) == (
        2,
        False,
        "created_at",
    )
    assert (cust["min_timestamp_at"], cust["max_timestamp_at"]) == (
        datetime(2022, 3, 1, 10),
        datetime(2024, 1, 15, 9),
    )
    assert cust["last_analyzed_at"] is not None and cust["modified_since_analyze"] == 0
    orders = tables[("raw", "orders")]
    assert (orders["row_count"], orders["timestamp_column"]) == (3, "ordered_at")
    assert orders["max_timestamp_at"] == datetime(2024, 5, 28, 12, 30)

    # ~1M rows: planner estimate, exact range through the index on event_time.
    events = tables[("raw", "events")]
    assert events["row_count_is_estimate"] is True
    assert 900_000 <= events["row_count"] <= 1_100_000
    assert events["min_timestamp_at"] == datetime(2020, 1, 1, 0, 1)
    assert events["max_timestamp_at"] == datetime(2020, 1, 1) + timedelta(minutes=1_000_000)
    assert "index on event_time" in events["stats_note"]
    # 200k rows, no index: range from the ANALYZE histogram (a sample's extremes).
    views = tables[("raw", "page_views")]
    assert views["row_count_is_estimate"] is True and "histogram" in views["stats_note"]
    assert datetime(2023, 1, 1) <= views["min_timestamp_at"] < datetime(2023, 1, 10)
    assert datetime(2023, 5, 10) < views["max_timestamp_at"] <= datetime(2023, 5, 20)

    # Not readable by the crawl role: an error for that table alone, its estimate kept.
    secrets = tables[("raw", "secrets")]
    assert secrets["row_count_is_estimate"] is True and "permission denied" in secrets["stats_note"]
    errors = {e.object: e.message for e in res.errors}
    assert set(errors) == {"raw.secrets"}, errors
    assert "permission denied" in errors["raw.secrets"]

    # Views and materialized views: definitions, lineage; RLS noted; quoted names counted.
    stg = tables[("staging", "stg_orders")]
    assert stg["table_type"] == "view" and "raw.orders" in stg["view_sql"] and stg["row_count"] is None
    rev = tables[("marts", "customer_revenue")]
    assert rev["table_type"] == "materialized_view" and rev["row_count"] == 2
    fct = tables[("marts", "fct_orders")]
    assert fct["row_level_security"] is True and fct["row_count"] == 0  # no policy lets scanner see rows
    assert "row-level security" in fct["stats_note"]
    weird = tables[("Sales Ops", 'Weird "Name"')]
    assert (weird["row_count"], weird["timestamp_column"], weird["max_timestamp_at"]) == (
        1, "from", datetime(2024, 2, 2)
    )  # fmt: skip
    edges = {(r["target_table"], r["source_table"]) for r in res.tables["sql_lineage"].to_pylist()}
    assert edges == {
        ("staging.stg_orders", "raw.orders"),
        ("marts.customer_revenue", "staging.stg_orders"),
        ("marts.customer_revenue", "raw.customers"),
    }
    col_edges = {
        (r["target_table"], r["target_column"], r["source_table"], r["source_column"])
        for r in res.tables["sql_column_lineage"].to_pylist()
    }
    assert ("marts.customer_revenue", "revenue", "staging.stg_orders", "amount") in col_edges

    # Columns: types, nullability, defaults, comments, primary keys.
    cols = _by(res.tables["warehouse_columns"].to_pylist(), "schema_name", "table_name", "column_name")
    email = cols[("raw", "customers", "email")]
    assert (email["data_type"], email["is_nullable"], email["comment"]) == (
        "text",
        False,
        "PII: contact email",
    )
    country = cols[("raw", "customers", "country")]
    assert country["data_type"] == "character(2)" and country["column_default"] == "'FR'::bpchar"
    assert cols[("raw", "customers", "id")]["is_primary_key"] is True
    assert cols[("raw", "customers", "email")]["is_primary_key"] is False
    assert cols[("raw", "orders", "amount")]["data_type"] == "numeric(10,2)"
    assert [c["ordinal"] for c in res.tables["warehouse_columns"].to_pylist() if c["table_name"] == "orders"] == [
        1, 2, 3, 4, 5
    ]  # fmt: skip
    assert ("staging", "stg_orders", "order_id") in cols

    keys = _by(res.tables["warehouse_constraints"].to_pylist(), "table_name", "constraint_type")
    fk = keys[("orders", "foreign_key")]
    assert (fk["column_names"], fk["ref_schema_name"], fk["ref_table_name"], fk["ref_column_names"]) == (
        ["customer_id"], "raw", "customers", ["id"]
    )  # fmt: skip
    assert keys[("orders", "primary_key")]["column_names"] == ["id"]

    roles = _by(res.tables["warehouse_roles"].to_pylist(), "role_name")
    assert roles["alice"]["member_of"] == ["analysts"] and roles["alice"]["can_login"] is True
    assert roles["analysts"]["can_login"] is False and roles["postgres"]["is_superuser"] is True
    assert not any(r.startswith("pg_") for r in roles)

    grants = {
        (g["grantee"], g["privilege"], g["object_type"], g["schema_name"], g["object_name"], g["is_public"])
        for g in res.tables["warehouse_grants"].to_pylist()
    }
    assert ("PUBLIC", "USAGE", "schema", "marts", None, True) in grants
    assert ("PUBLIC", "SELECT", "materialized_view", "marts", "customer_revenue", True) in grants
    assert ("analysts", "SELECT", "view", "staging", "stg_orders", False) in grants
    assert ("scanner", "SELECT", "table", "raw", "events", False) in grants
    assert ("scanner", "USAGE", "schema", "raw", None, False) in grants
    assert not any(g[0] == "loader" and g[3] == "raw" for g in grants)  # the owner's own rights

    policy = res.tables["warehouse_policies"].to_pylist()
    assert [(p["table_name"], p["policy_name"], p["command"], p["roles"]) for p in policy] == [
        ("fct_orders", "fr_only", "SELECT", ["analysts"])
    ]
    schemas = _by(res.tables["warehouse_schemas"].to_pylist(), "schema_name")
    assert set(schemas) == {"public", "raw", "staging", "marts", "Sales Ops"}
    assert schemas["marts"]["comment"] == "Reporting layer" and schemas["raw"]["owner"] == "loader"
    assert res.counts["warehouse_tables"] == 10
    assert elapsed < 20


def test_schema_allow_list(scanner_env) -> None:
    res = _crawl(schemas=["staging"])
    assert [r["table_name"] for r in res.tables["warehouse_tables"].to_pylist()] == ["stg_orders"]
    assert {r["schema_name"] for r in res.tables["warehouse_columns"].to_pylist()} == {"staging"}
    assert {g["schema_name"] for g in res.tables["warehouse_grants"].to_pylist()} == {"staging"}
    assert res.errors == []


def test_missing_env_var_names_the_variable(monkeypatch) -> None:
    monkeypatch.delenv(ENV, raising=False)
    res = _crawl()
    assert len(res.errors) == 1
    assert ENV in res.errors[0].object + res.errors[0].message
    assert "not set" in res.errors[0].message
    assert res.tables["warehouse_tables"].num_rows == 0


def test_connection_errors_never_show_the_password(server, monkeypatch) -> None:
    dsn = f"postgresql://scanner:s3cret-pw@127.0.0.1:{server.port}/no_such_db"
    monkeypatch.setenv(ENV, dsn)
    res = _crawl()
    assert len(res.errors) == 1
    shown = res.errors[0].object + res.errors[0].message + str(res.errors[0].as_dict())
    assert "s3cret-pw" not in shown and "no_such_db" in shown
    with pytest.raises(CatalogUnavailable) as info:
        PostgresCatalog(f"host=127.0.0.1 port={server.port} user=scanner password=s3cret-pw dbname=nope")
    assert "s3cret-pw" not in str(info.value)


def test_session_is_read_only_even_for_a_superuser_dsn_asking_otherwise(server) -> None:
    opts = quote("-c default_transaction_read_only=off")
    catalog = PostgresCatalog(server.dsn("acme") + f"?options={opts}")
    try:
        conn = catalog.session.conn
        for statement in (
            "create table public.x (id int)",
            "insert into raw.orders (id) values (99)",
            "update raw.customers set email = 'x'",
            "drop table raw.secrets",
        ):
            with pytest.raises(psycopg.errors.ReadOnlySqlTransaction):
                conn.execute(statement)
        assert conn.execute("select count(*) as n from raw.orders").fetchone()["n"] == 3
    finally:
        catalog.close()


def test_locked_table_and_lost_connection_do_not_stop_the_crawl(server, monkeypatch) -> None:
    """A pipeline holds a lock on raw.locked; while the crawl waits on it, its backend is
    terminated. The crawl reconnects, measures every other table, and reports the locked
    table (lock timeout) and the lost connection as errors."""
    monkeypatch.setenv(ENV, server.dsn("acme", user="scanner") + "?options=" + quote("-c lock_timeout=1500"))
    terminated: list[int] = []

    def kill_waiting_crawler() -> None:
        with psycopg.connect(server.dsn("acme"), autocommit=True) as watcher:
            deadline = time.monotonic() + 10
            while time.monotonic() < deadline and not terminated:
                row = watcher.execute(
                    "select pid from pg_stat_activity where application_name = 'maturity-scanner' "
                    "and wait_event_type = 'Lock'"
                ).fetchone()
                if row:
                    watcher.execute("select pg_terminate_backend(%s)", [row[0]])
                    terminated.append(row[0])
                time.sleep(0.02)

    with psycopg.connect(server.dsn("acme")) as holder:
        holder.execute("lock table raw.locked in access exclusive mode")
        killer = threading.Thread(target=kill_waiting_crawler)
        killer.start()
        res = _crawl(schemas=["raw"])
        killer.join()
        holder.rollback()
    assert terminated, "the crawl never waited on the lock"
    errors = {e.object: e.message for e in res.errors}
    assert "lock timeout" in errors.pop("raw.locked")
    assert "raw.secrets" in errors and "permission denied" in errors.pop("raw.secrets")
    (obj, msg), *rest = errors.items()
    assert not rest and ENV in obj and "connection was lost 1 time" in msg
    tables = _by(res.tables["warehouse_tables"].to_pylist(), "table_name")
    assert (tables["orders"]["row_count"], tables["customers"]["row_count"]) == (3, 2)
    assert tables["locked"]["row_count_is_estimate"] is True
