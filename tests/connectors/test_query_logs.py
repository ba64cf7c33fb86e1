"""Query-log crawl on JSONL and CSV fixtures with malformed lines, and the classifiers.

The fixtures (tests/connectors/fixtures/query_logs/) hold a Metabase-signed query, a
Looker query, a Redash comment, Tableau and Power BI applications, service accounts,
and bad lines of every kind: invalid JSON, a missing field, invalid UTF-8, a JSON array,
a wrong CSV field count and a truncated last line.
"""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path

import pytest

from connectors.base import ScanContext
from connectors.config import QueryLogColumns, QueryLogConfig
from connectors.query_logs import crawl_query_logs
from connectors.query_logs.signatures import classify_actor
from connectors.sql_lineage.fingerprint import fingerprint
from connectors.store import RAW_SCHEMAS

FIX = Path(__file__).parent / "fixtures" / "query_logs"
CTX = ScanContext(client="acme", scan_id="scan-1", scanned_at=datetime(2024, 6, 1), base_dir=str(FIX))


def _crawl(*logs: QueryLogConfig, base: Path = FIX):
    return crawl_query_logs(list(logs), CTX, lambda p: base / p)


def test_jsonl_rows_errors_and_classification() -> None:
    res = _crawl(QueryLogConfig(path="queries.jsonl", dialect="duckdb"))
    rows = res.tables["query_log"].to_pylist()
    assert res.tables["query_log"].schema == RAW_SCHEMAS["query_log"]
    assert [r["line_no"] for r in rows] == [1, 2, 4, 6, 10, 11, 12]
    assert res.counts["query_log_rows"] == 7
    by_line = {r["line_no"]: r for r in rows}
    assert (by_line[1]["actor_kind"], by_line[1]["bi_tool"]) == (
        "bi_tool",
        "metabase",
    )  # from the SQL comment
    assert (by_line[2]["actor_kind"], by_line[2]["bi_tool"]) == ("human", None)
    assert by_line[1]["query_hash"] == by_line[2]["query_hash"]  # same query, other comments and spacing
    assert by_line[4]["bi_tool"] == "looker" and by_line[11]["bi_tool"] == "redash"
    assert by_line[6]["actor_kind"] == "service" and by_line[6]["statement_kind"] == "write"
    assert by_line[10]["statement_kind"] == "write"  # CTAS
    assert by_line[12]["statement_kind"] == "ddl" and by_line[12]["started_at"] is None
    assert by_line[2]["started_at"] == datetime(2024, 5, 2, 7, 12)  # +02:00 converted to UTC
    assert by_line[6]["started_at"] == datetime(2024, 5, 2, 9, 0)  # epoch seconds
    errors = {e.object.rsplit(":", 1)[-1]: e.message for e in res.errors if e.source == "query_logs"}
    assert errors["3"].startswith("invalid JSON")
    assert errors["5"] == "missing field 'query_text'"
    assert errors["7"].startswith("invalid UTF-8")
    assert errors["8"].startswith("expected a JSON object")
    assert errors["13"].startswith("truncated last line")
    assert "unreadable start time" in errors["12"]


def test_csv_multiline_and_bad_rows() -> None:
    res = _crawl(QueryLogConfig(path="queries.csv", format="csv", dialect="duckdb"))
    rows = res.tables["query_log"].to_pylist()
    assert [(r["line_no"], r["bi_tool"] or r["actor_kind"]) for r in rows] == [
        (2, "tableau"),
        (5, "service"),
        (8, "power_bi"),
    ]
    assert {e.object.rsplit(":", 1)[-1] for e in res.errors} == {"6", "7"}


def test_lineage_of_logged_statements() -> None:
    res = _crawl(
        QueryLogConfig(path="queries.jsonl", dialect="duckdb"),
        QueryLogConfig(path="queries.csv", format="csv", dialect="duckdb"),
    )
    edges = {(r["target_table"], r["source_table"]) for r in res.tables["sql_lineage"].to_pylist()}
    assert ("marts.daily_revenue", "staging.stg_orders") in edges
    assert ("staging.stg_orders", "raw.orders") in edges
    assert ("marts.customers", "staging.stg_customers") in edges  # MERGE
    assert (None, "marts.orders") in edges  # reads are kept with no target
    hashes = {r["query_hash"] for r in res.tables["query_log"].to_pylist()}
    assert {r["query_hash"] for r in res.tables["sql_statements"].to_pylist()} == hashes  # each parsed once
    assert res.counts["sql_statements"] == len(hashes)


def test_missing_file_and_directory(tmp_path: Path) -> None:
    res = _crawl(QueryLogConfig(path="absent.jsonl"), QueryLogConfig(path=".", format="csv"), base=tmp_path)
    assert [e.message for e in res.errors] == ["file not found", "not a file"]
    assert res.counts["query_log_rows"] == 0


def test_custom_columns_and_bounded_errors(tmp_path: Path) -> None:
    lines = [json.dumps({"sql": f"select {i} from t", "who": "ann"}) for i in range(5)]
    lines += ["{oops"] * 45
    (tmp_path / "log.jsonl").write_text("\n".join(lines) + "\n")
    cols = QueryLogColumns(query="sql", user="who")
    res = _crawl(QueryLogConfig(path="log.jsonl", columns=cols), base=tmp_path)
    assert res.counts["query_log_rows"] == 5
    assert len([e for e in res.errors if e.source == "query_logs"]) == 21  # 20 listed + one summary
    assert res.errors[20].message.startswith("25 more bad lines not listed")


@pytest.mark.parametrize(
    ("user", "app", "comment_tool", "expected"),
    [
        ("svc_looker", "JDBC", None, ("bi_tool", "looker")),
        ("metabase", None, None, ("bi_tool", "metabase")),
        ("jane", "Mode Analytics", None, ("bi_tool", "mode")),
        ("hex_prod", "python", None, ("bi_tool", "hex")),
        ("jane", "psql", "sigma", ("bi_tool", "sigma")),
        ("airflow", None, None, ("service", None)),
        ("etl_loader", None, None, ("service", None)),
        ("x", "dbt", None, ("service", None)),
        ("marie.dupont", "DBeaver 23.1", None, ("human", None)),
    ],
)
def test_classify_actor(user, app, comment_tool, expected) -> None:
    assert classify_actor(user, app, comment_tool) == expected


@pytest.mark.parametrize(
    ("sql", "kind"),
    [
        ("with x as (select 1) select * from x", "read"),
        ("with x as (select 1) insert into t select * from x", "write"),
        ("create table t as select 1", "write"),
        ("create view v as select 1", "ddl"),
        ("select * into t2 from t", "write"),
        ("merge into t using s on t.id = s.id when matched then delete", "write"),
        ("alter table t add column c int", "ddl"),
        ("set search_path = x", "other"),
        ("select 1; delete from t", "write"),
        ("select 'unterminated", "read"),  # tokenizer fails: regex fallback
    ],
)
def test_statement_kind(sql: str, kind: str) -> None:
    assert fingerprint(sql, "postgres").statement_kind == kind
