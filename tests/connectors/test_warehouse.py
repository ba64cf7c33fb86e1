"""Warehouse crawl on real DuckDB files built in a tmp dir: catalog, stats, failures, locks.

Covers schemas/tables/views with comments, exact counts and timestamp ranges (TIMESTAMP,
TIMESTAMPTZ, DATE), a table whose measurement fails (a DATE beyond TIMESTAMP's range),
view lineage, a missing file, a non-DuckDB file and a file locked by another process.
"""

from __future__ import annotations

import subprocess
import sys
import time
from datetime import datetime
from pathlib import Path

import duckdb
import pytest

from connectors.base import ScanContext
from connectors.config import WarehouseConfig
from connectors.store import RAW_SCHEMAS
from connectors.warehouse import crawl_warehouse

CTX = ScanContext(client="acme", scan_id="scan-1", scanned_at=datetime(2024, 6, 1), base_dir=".")


def _build(path: Path) -> None:
    con = duckdb.connect(str(path))
    con.execute(r'''
        create schema raw; create schema staging; create schema marts; create schema "odd ""name""";
        create table raw.orders (id integer not null, customer_id integer, amount decimal(10, 2) default 0,
                                 ordered_at timestamp, _loaded_at timestamptz);
        insert into raw.orders values
            (1, 10, 5.00, '2023-01-05 10:00:00', '2024-05-30 02:00:00+00'),
            (2, 11, 7.50, '2024-05-28 12:30:00', '2024-05-30 02:00:00+00'),
            (3, 10, 1.25, null, '2024-05-31 02:00:00+02');
        comment on table raw.orders is 'Orders as loaded from the shop';
        comment on column raw.orders.amount is 'Order total in EUR';
        create table raw.customers (id integer, name varchar, signup_date date);
        insert into raw.customers values (10, 'Ada', '2022-03-01'), (11, 'Bob', '2024-01-15');
        create table raw.bad_dates (id integer, event_date date);
        insert into raw.bad_dates values (1, '2024-01-01'), (2, '300000-01-01'::date);
        create table raw.no_time (k varchar);
        create view staging.stg_orders as
            select id as order_id, customer_id, amount, ordered_at from raw.orders;
        create view marts.customer_revenue as
            select c.name, sum(o.amount) as revenue from staging.stg_orders o join raw.customers c
            on o.customer_id = c.id group by 1;
        create table "odd ""name"""."Mixed Case" ("select" integer, "from" timestamp);
        insert into "odd ""name"""."Mixed Case" values (1, '2024-02-02');
    ''')
    con.close()


@pytest.fixture()
def warehouse(tmp_path: Path) -> Path:
    path = tmp_path / "wh.duckdb"
    _build(path)
    return path


def _crawl(path: Path, **kw):
    cfg = WarehouseConfig(kind="duckdb", path=str(path), **kw)
    return crawl_warehouse(cfg, CTX, lambda p: Path(p))


def test_catalog_counts_and_timestamps(warehouse: Path) -> None:
    res = _crawl(warehouse)
    tables = {(r["schema_name"], r["table_name"]): r for r in res.tables["warehouse_tables"].to_pylist()}
    assert res.tables["warehouse_tables"].schema == RAW_SCHEMAS["warehouse_tables"]
    assert set(tables) == {
        ("raw", "orders"),
        ("raw", "customers"),
        ("raw", "bad_dates"),
        ("raw", "no_time"),
        ("staging", "stg_orders"),
        ("marts", "customer_revenue"),
        ('odd "name"', "Mixed Case"),
    }
    orders = tables[("raw", "orders")]
    assert orders["engine"] == "duckdb" and orders["database_name"] == "wh"
    assert orders["row_count"] == 3 and orders["row_count_is_estimate"] is False
    assert orders["comment"] == "Orders as loaded from the shop"
    # event time beats load time; min/max give history depth and freshness
    assert orders["timestamp_column"] == "ordered_at"
    assert orders["min_timestamp_at"] == datetime(2023, 1, 5, 10) and orders["max_timestamp_at"] == datetime(
        2024, 5, 28, 12, 30
    )
    cust = tables[("raw", "customers")]
    assert cust["timestamp_column"] == "signup_date" and cust["max_timestamp_at"] == datetime(2024, 1, 15)
    assert (
        tables[("raw", "no_time")]["timestamp_column"] is None
        and tables[("raw", "no_time")]["row_count"] == 0
    )
    odd = tables[('odd "name"', "Mixed Case")]  # identifiers are quoted everywhere
    assert odd["row_count"] == 1 and odd["timestamp_column"] == "from"
    view = tables[("staging", "stg_orders")]
    assert view["table_type"] == "view" and "from raw.orders" in view["view_sql"].lower()
    assert view["row_count"] is None
    assert res.counts["warehouse_tables"] == 7
    assert res.tables["warehouse_roles"].num_rows == 0 and res.tables["warehouse_grants"].num_rows == 0


def test_columns(warehouse: Path) -> None:
    res = _crawl(warehouse)
    cols = {(r["table_name"], r["column_name"]): r for r in res.tables["warehouse_columns"].to_pylist()}
    amount = cols[("orders", "amount")]
    assert amount["data_type"] == "DECIMAL(10,2)" and amount["comment"] == "Order total in EUR"
    assert amount["column_default"] is not None and amount["ordinal"] == 3
    assert cols[("orders", "id")]["is_nullable"] is False
    assert cols[("stg_orders", "order_id")]["schema_name"] == "staging"
    assert res.counts["warehouse_columns"] == len(cols) == 5 + 3 + 2 + 1 + 4 + 2 + 2


def test_failing_table_is_an_error_and_the_crawl_goes_on(warehouse: Path) -> None:
    res = _crawl(warehouse)
    errors = {e.object: e.message for e in res.errors}
    assert "raw.bad_dates" in errors and "cannot read table" in errors["raw.bad_dates"]
    bad = next(r for r in res.tables["warehouse_tables"].to_pylist() if r["table_name"] == "bad_dates")
    assert bad["row_count_is_estimate"] is True and bad["max_timestamp_at"] is None
    good = next(r for r in res.tables["warehouse_tables"].to_pylist() if r["table_name"] == "customers")
    assert good["row_count"] == 2  # the batch it shared with bad_dates was retried table by table


def test_view_lineage(warehouse: Path) -> None:
    res = _crawl(warehouse)
    edges = {(r["target_table"], r["source_table"]) for r in res.tables["sql_lineage"].to_pylist()}
    assert edges == {
        ("staging.stg_orders", "raw.orders"),
        ("marts.customer_revenue", "staging.stg_orders"),
        ("marts.customer_revenue", "raw.customers"),
    }
    cols = {
        (r["target_table"], r["target_column"], r["source_table"], r["source_column"])
        for r in res.tables["sql_column_lineage"].to_pylist()
    }
    assert ("marts.customer_revenue", "revenue", "staging.stg_orders", "amount") in cols
    assert {r["origin"] for r in res.tables["sql_statements"].to_pylist()} == {"view"}


def test_schema_allow_list(warehouse: Path) -> None:
    res = _crawl(warehouse, schemas=["marts"])
    assert [r["table_name"] for r in res.tables["warehouse_tables"].to_pylist()] == ["customer_revenue"]


def test_file_is_never_written(warehouse: Path) -> None:
    before = warehouse.stat().st_mtime_ns, warehouse.read_bytes()
    _crawl(warehouse)
    assert (warehouse.stat().st_mtime_ns, warehouse.read_bytes()) == before


def test_missing_and_not_duckdb(tmp_path: Path) -> None:
    res = _crawl(tmp_path / "nope.duckdb")
    assert [(e.object, e.message) for e in res.errors] == [(str(tmp_path / "nope.duckdb"), "file not found")]
    assert res.tables["warehouse_tables"].num_rows == 0 and res.counts["warehouse_tables"] == 0
    junk = tmp_path / "junk.duckdb"
    junk.write_text("this is not a database\n" * 200)
    res = _crawl(junk)
    assert len(res.errors) == 1 and res.errors[0].object == str(junk)
    assert "cannot open read-only" in res.errors[0].message


def test_locked_by_another_process(warehouse: Path) -> None:
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import duckdb, sys, time; c = duckdb.connect(sys.argv[1]); "
            "print('locked', flush=True); time.sleep(30)",
            str(warehouse),
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout.readline().strip() == "locked"
        started = time.monotonic()
        res = _crawl(warehouse)
        assert time.monotonic() - started < 10
        assert len(res.errors) == 1 and res.errors[0].object == str(warehouse)
        assert "lock" in res.errors[0].message.lower()
        assert res.tables["warehouse_tables"].num_rows == 0
    finally:
        holder.kill()
        holder.wait()
