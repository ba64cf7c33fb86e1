"""GX probes on a real DuckDB warehouse: targets chosen from the real warehouse crawl, GX Core run.

The warehouse holds what probes exist to find: a mart with a repeated key and a stale
timestamp column, a staging table with a null key, an empty fact table, a table whose
key is only known from its declared primary key, a timezone-aware timestamp, and a big
table that must be sampled. GX is imported once for the module (it takes seconds).
"""

from __future__ import annotations

import hashlib
import json
from datetime import datetime, timedelta
from pathlib import Path

import duckdb
import pytest

from connectors.base import ScanContext
from connectors.config import WarehouseConfig
from connectors.gx_results.probe import ProbeTarget, choose_probe_targets, guess_key_column, run_probes
from connectors.store import RAW_SCHEMAS
from connectors.warehouse import crawl_warehouse

AS_OF = datetime(2026, 9, 1, 12, 0)
CTX = ScanContext(client="acme", scan_id="scan-9", scanned_at=AS_OF, base_dir=".")
BIG = 5_000


def _build(path: Path) -> None:
    fresh = AS_OF - timedelta(hours=6)
    stale = AS_OF - timedelta(days=40)
    con = duckdb.connect(str(path))
    con.execute("create schema marts; create schema staging")
    con.execute(
        "create table marts.fct_orders (customer_id int, order_id int, amount double, ordered_at timestamp)"
    )
    con.executemany(
        "insert into marts.fct_orders values (?, ?, ?, ?)",
        [
            (1, 10, 5.0, stale - timedelta(days=3)),
            (2, 11, 7.5, stale),
            (1, 11, 2.0, stale - timedelta(days=1)),
        ],
    )
    con.execute("create table marts.dim_customers (customer_id int, name varchar, updated_at timestamptz)")
    con.executemany(
        "insert into marts.dim_customers values (?, ?, ?)",
        [(1, "a", f"{fresh.isoformat()}+02:00"), (2, "b", "2026-01-01 00:00:00+00")],
    )
    con.execute("create table marts.fct_refunds (refund_id int, refunded_at timestamp)")
    con.execute("create view marts.v_big_orders as select * from marts.fct_orders where amount > 5")
    con.execute("create table staging.stg_shop__payments (payment_id int, order_id int, paid_on date)")
    con.executemany(
        "insert into staging.stg_shop__payments values (?, ?, ?)",
        [(1, 10, fresh.date()), (None, 11, fresh.date()), (3, 11, None)],
    )
    con.execute("create table main.products (sku varchar primary key, label varchar)")
    con.execute("insert into main.products values ('A-1', 'x'), ('B-2', 'y')")
    # 5,000 events; the newest two share an id, the oldest two as well.
    con.execute(
        f"""create table staging.stg_shop__events as
        select case when i = {BIG} then {BIG - 1} when i = 2 then 1 else i end as event_id,
               timestamp '2026-08-31 00:00:00' - to_minutes({BIG} - i) as occurred_at
        from range(1, {BIG + 1}) t(i)"""
    )
    con.close()


@pytest.fixture(scope="module")
def warehouse(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("probe") / "warehouse.duckdb"
    _build(path)
    return path


@pytest.fixture(scope="module")
def targets(warehouse: Path) -> list[ProbeTarget]:
    crawl = crawl_warehouse(WarehouseConfig(kind="duckdb", path=str(warehouse)), CTX, Path)
    assert crawl.errors == []
    return choose_probe_targets(
        crawl.tables["warehouse_tables"],
        crawl.tables["warehouse_columns"],
        10,
        warehouse_constraints=crawl.tables.get("warehouse_constraints"),
    )


@pytest.fixture(scope="module")
def probed(warehouse: Path, targets: list[ProbeTarget]):
    before = hashlib.sha256(warehouse.read_bytes()).hexdigest()
    result = run_probes(warehouse, targets, max_rows=1_000, as_of=AS_OF, scan_id=CTX.scan_id)
    assert hashlib.sha256(warehouse.read_bytes()).hexdigest() == before  # probes only read
    return result


def _outcomes(result) -> dict[str, dict[str, bool]]:
    out: dict[str, dict[str, bool]] = {}
    for r in result.tables["gx_results"].to_pylist():
        out.setdefault(r["table_name"], {})[f"{r['expectation_type']}:{r['column_name']}"] = r["success"]
    return out


def test_targets_marts_first_then_staging_biggest_first_with_keys_and_timestamps(targets):
    assert [(t.fqn, t.layer, t.key_column, t.timestamp_column) for t in targets] == [
        ("marts.fct_orders", "marts", "order_id", "ordered_at"),
        ("marts.dim_customers", "marts", "customer_id", "updated_at"),
        ("marts.fct_refunds", "marts", "refund_id", "refunded_at"),
        ("marts.v_big_orders", "marts", None, None),  # views after tables; no key named for it
        ("staging.stg_shop__events", "staging", "event_id", "occurred_at"),
        ("staging.stg_shop__payments", "staging", "payment_id", "paid_on"),
        ("main.products", "other", None, None),  # no *_id name: its declared key is read by the probe
    ]
    assert [t.fqn for t in choose_probe_targets(*_tables(targets), limit=2)] == [
        "marts.fct_orders",
        "marts.dim_customers",
    ]


def _tables(targets):
    """Rebuild minimal catalog tables from targets (limit test without re-crawling)."""
    import pyarrow as pa

    tables = pa.table(
        {
            "schema_name": [t.schema_name for t in targets],
            "table_name": [t.table_name for t in targets],
            "table_type": ["table"] * len(targets),
            "row_count": [t.row_count for t in targets],
            "timestamp_column": [t.timestamp_column for t in targets],
        }
    )
    columns = pa.table(
        {"schema_name": ["marts"], "table_name": ["fct_orders"], "column_name": ["order_id"], "ordinal": [1]}
    )
    return tables, columns


def test_probes_find_duplicates_nulls_empty_and_stale_tables(probed):
    assert probed.errors == []
    outcomes = _outcomes(probed)
    assert outcomes["marts.fct_orders"] == {
        "expect_table_row_count_to_be_between:None": True,
        "expect_column_values_to_not_be_null:order_id": True,
        "expect_column_values_to_be_unique:order_id": False,  # order 11 twice
        "expect_column_max_to_be_between:ordered_at": False,  # 40 days old
    }
    assert outcomes["marts.dim_customers"] == {
        "expect_table_row_count_to_be_between:None": True,
        "expect_column_values_to_not_be_null:customer_id": True,
        "expect_column_values_to_be_unique:customer_id": True,
        "expect_column_max_to_be_between:updated_at": True,  # timestamptz, 8 h old in UTC
    }
    assert outcomes["marts.fct_refunds"]["expect_table_row_count_to_be_between:None"] is False
    assert outcomes["staging.stg_shop__payments"]["expect_column_values_to_not_be_null:payment_id"] is False
    assert outcomes["staging.stg_shop__payments"]["expect_column_max_to_be_between:paid_on"] is True
    assert outcomes["main.products"] == {
        "expect_table_row_count_to_be_between:None": True,
        "expect_column_values_to_not_be_null:sku": True,
        "expect_column_values_to_be_unique:sku": True,
    }
    assert outcomes["marts.v_big_orders"] == {"expect_table_row_count_to_be_between:None": True}


def test_probe_rows_are_marked_sampled_and_shaped_for_the_store(probed):
    table = probed.tables["gx_results"]
    assert table.schema == RAW_SCHEMAS["gx_results"]
    rows = table.to_pylist()
    assert {r["format"] for r in rows} == {"probe"}
    assert {r["scan_id"] for r in rows} == {"scan-9"}
    assert {r["run_at"] for r in rows} == {AS_OF}
    assert {r["severity"] for r in rows} == {"critical"}
    events = [r for r in rows if r["table_name"] == "staging.stg_shop__events"]
    assert {(r["rows_checked"], r["sampled"]) for r in events} == {(1_000, True)}
    # The newest 1,000 rows hold the duplicate made at the end, and the freshness check
    # sees the true newest value (read newest first).
    by_type = {r["expectation_type"]: r for r in events}
    assert by_type["expect_column_values_to_be_unique"]["success"] is False
    assert by_type["expect_column_values_to_be_unique"]["unexpected_count"] == 2
    assert by_type["expect_column_max_to_be_between"]["observed_value"].startswith("2026-08-31T00:00:00")
    orders = [r for r in rows if r["table_name"] == "marts.fct_orders"]
    assert {(r["rows_checked"], r["sampled"]) for r in orders} == {(3, False)}
    freshness = next(r for r in orders if r["expectation_type"] == "expect_column_max_to_be_between")
    assert json.loads(freshness["kwargs_json"])["min_value"].startswith("2026-08-25T12:00:00")
    assert probed.counts == {
        "gx_results": len(rows),
        "gx_probe_tables": 7,
        "gx_probe_tables_sampled": 1,
        "gx_probe_tables_capped": 0,
    }


def test_cap_missing_tables_missing_columns_and_a_locked_warehouse(warehouse, tmp_path):
    targets = [
        ProbeTarget("marts", "gone", key_column="id"),
        ProbeTarget("MARTS", "FCT_ORDERS", key_column="no_such_column", timestamp_column="ordered_at"),
        ProbeTarget("marts", "dim_customers", key_column="customer_id"),
    ]
    result = run_probes(warehouse, targets, max_tables=2, as_of=AS_OF, scan_id="s")
    assert [(e.object, e.message) for e in result.errors] == [
        ("marts.gone", "table not found in the warehouse")
    ]
    assert set(_outcomes(result)["marts.fct_orders"]) == {
        "expect_table_row_count_to_be_between:None",
        "expect_column_max_to_be_between:ordered_at",
    }
    assert result.counts["gx_probe_tables_capped"] == 1

    copy = tmp_path / "locked.duckdb"
    copy.write_bytes(warehouse.read_bytes())
    holder = duckdb.connect(str(copy))  # a read-write connection holds the file
    try:
        locked = run_probes(copy, targets, as_of=AS_OF)
    finally:
        holder.close()
    assert [e.object for e in locked.errors] == [str(copy)]
    assert "cannot open the warehouse read-only" in locked.errors[0].message
    assert locked.tables["gx_results"].num_rows == 0
    assert (
        run_probes(tmp_path / "absent.duckdb", targets, as_of=AS_OF)
        .errors[0]
        .object.endswith("absent.duckdb")
    )


def test_declared_keys_from_the_catalog_beat_the_name_guess():
    from connectors.store import conform

    tables, columns = _tables([ProbeTarget("shop", "orders", row_count=5), ProbeTarget("shop", "lines")])
    columns = conform(
        "warehouse_columns",
        [
            {"schema_name": "shop", "table_name": "orders", "column_name": c, "ordinal": i}
            for i, c in enumerate(["order_id", "order_ref"], start=1)
        ],
    )
    constraints = conform(
        "warehouse_constraints",
        [
            {
                "schema_name": "shop",
                "table_name": "orders",
                "constraint_type": "primary_key",
                "column_names": ["order_ref"],
            },
            {
                "schema_name": "shop",
                "table_name": "lines",
                "constraint_type": "unique",
                "column_names": ["line_ref"],
            },
            {
                "schema_name": "shop",
                "table_name": "lines",
                "constraint_type": "primary_key",
                "column_names": ["a", "b"],
            },
        ],
    )
    chosen = choose_probe_targets(tables, columns, 5, warehouse_constraints=constraints)
    assert [(t.fqn, t.key_column) for t in chosen] == [
        ("shop.orders", "order_ref"),
        ("shop.lines", "line_ref"),
    ]


def test_guess_key_column_prefers_the_entity_key_over_foreign_keys():
    assert guess_key_column("fct_orders", ["customer_id", "order_id"]) == "order_id"
    assert guess_key_column("addresses", ["customer_id", "address_id"]) == "address_id"
    assert guess_key_column("people", ["team_id", "person_name"]) is None  # a foreign key
    assert guess_key_column("vw_order_lines", ["order_id", "order_line_id"]) == "order_line_id"
    assert guess_key_column("orders", ["ID", "customer_id"]) == "ID"
