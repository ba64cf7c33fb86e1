"""Golden tests of the SQL lineage extractor, ``lineage_tables`` and the CLI body.

tests/connectors/fixtures/sql_lineage/golden.json pairs SQL with the expected sources,
targets and column lineage (SELECT, CTAS, views, INSERT ... SELECT, MERGE, UPDATE ...
FROM, DELETE ... USING, CTEs including shadowing ones, subqueries, UNION, SELECT *,
multiple statements) across duckdb, postgres, snowflake, bigquery, tsql, spark, mysql
and redshift. ``error`` in a case is a prefix the message must start with.
"""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path

import pytest

from connectors.base import ScanContext
from connectors.sql_lineage import evidence, extract, lineage_tables, run_lineage_cli

GOLDEN = json.loads((Path(__file__).parent / "fixtures" / "sql_lineage" / "golden.json").read_text())
CTX = ScanContext(client="acme", scan_id="scan-1", scanned_at=datetime(2024, 6, 1), base_dir=".")


@pytest.mark.parametrize("case", GOLDEN, ids=[c["title"] for c in GOLDEN])
def test_golden(case: dict) -> None:
    got = extract(case["sql"], case["dialect"], case.get("schema")).as_dict()
    assert sorted(got["sources"]) == sorted(case["sources"])
    assert sorted(got["targets"]) == sorted(case["targets"])
    assert sorted(map(tuple, got["column_lineage"])) == sorted((t, s) for t, s in case["column_lineage"])
    if "error" in case:
        assert got["error"] is not None and got["error"].startswith(case["error"])
    else:
        assert got["error"] is None


def test_shape_is_spec_5_1() -> None:
    got = extract("select a from t", "duckdb").as_dict()
    assert list(got) == ["sources", "targets", "column_lineage", "error"]
    json.dumps(got)


def test_view_target_is_the_view() -> None:
    got = extract("SELECT o.id FROM raw.orders o", "duckdb", target="staging.v_orders").as_dict()
    assert got["targets"] == ["staging.v_orders"]
    assert got["column_lineage"] == [["staging.v_orders.id", ["raw.orders.id"]]]


def _statements(n: int) -> list[tuple]:
    return [
        (f"h{i}", f"insert into mart.t{i % 7} select a{i} from raw.s{i % 11}", "duckdb", "query_log", None)
        for i in range(n)
    ]


def test_lineage_tables_parse_each_distinct_once() -> None:
    stmts = _statements(30) + _statements(30)  # every text twice
    stmts.append(("v1", "select id from raw.a", "duckdb", "view", "staging.v"))
    res = lineage_tables(stmts, CTX)
    assert res.tables["sql_statements"].num_rows == 31 and res.counts["sql_statements"] == 31
    edges = res.tables["sql_lineage"].to_pylist()
    assert {
        "scan_id": "scan-1",
        "query_hash": "v1",
        "origin": "view",
        "target_table": "staging.v",
        "source_table": "raw.a",
    } in edges
    cols = res.tables["sql_column_lineage"].to_pylist()
    assert {
        "scan_id": "scan-1",
        "query_hash": "h3",
        "target_table": "mart.t3",
        "target_column": "a3",
        "source_table": "raw.s3",
        "source_column": "a3",
    } in cols
    assert not res.errors


def test_lineage_tables_process_pool_matches_serial(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(evidence, "PARALLEL_THRESHOLD", 10)
    stmts = _statements(60)
    serial = lineage_tables(stmts, CTX, workers=1)
    pooled = lineage_tables(stmts, CTX, workers=2)
    for name in ("sql_statements", "sql_lineage", "sql_column_lineage"):
        assert pooled.tables[name].equals(serial.tables[name])


def test_lineage_tables_parse_errors_are_counted() -> None:
    res = lineage_tables([("x", "select from where (", "duckdb", "query_log", None)], CTX)
    assert res.counts["sql_parse_errors"] == 1
    assert res.tables["sql_statements"].to_pylist()[0]["parse_error"]
    assert len(res.errors) == 1


def test_cli_plain_and_jsonl() -> None:
    [line] = run_lineage_cli("insert into b select x from a; select 1", "duckdb", jsonl=False)
    assert json.loads(line)["targets"] == ["b"]
    text = "\n".join(
        [
            json.dumps({"id": 1, "sql": "select a from t"}),
            json.dumps({"id": "q2", "sql": "SELECT [a] FROM [s].[t]", "dialect": "tsql"}),
            "{not json",
            json.dumps({"id": 4}),
            "",
        ]
    )
    out = [json.loads(x) for x in run_lineage_cli(text, "duckdb", jsonl=True)]
    assert [o["id"] for o in out] == [1, "q2", None, 4]
    assert out[1]["sources"] == ["s.t"] and out[1]["error"] is None
    assert out[2]["error"].startswith("line 3: invalid JSON")
    assert out[3]["error"].startswith("line 4: expected an object")
