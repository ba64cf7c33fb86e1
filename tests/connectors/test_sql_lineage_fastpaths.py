"""The extractor's shortcuts give the same answers as the long way round.

- column lineage skips sqlglot's ``qualify`` when the projections already name their
  sources (``resolved``): every query here is traced both ways;
- a query log's texts are fingerprinted per distinct body (``DistinctTexts``), the BI
  comment in front split off with a regex the tokenizer confirms: every text here, behind
  every prefix, must get ``fingerprint``'s own value;
- the lineage of a text parsed from the fingerprint's tokens is the lineage of the text.
"""

from __future__ import annotations

import importlib

import pytest

from connectors.sql_lineage import extract
from connectors.sql_lineage.distinct import DistinctTexts
from connectors.sql_lineage.fingerprint import fingerprint, tokenize

columns = importlib.import_module("connectors.sql_lineage.columns")

SCHEMA = {
    "raw": {
        "o": {"id": "int", "amount": "int", "cust": "int", "payload": "json"},
        "c": {"id": "int", "name": "text", "seg": "text"},
    }
}
QUERIES = [
    "insert into m.t select amount as x, x + 1 as y from raw.o",  # lateral alias
    "insert into m.t select amount as amount, amount * 2 as a2 from raw.o",
    "insert into m.t select id, (select max(name) from raw.c where c.id = cust) as n from raw.o",
    "insert into m.t select id, (select max(amount) from raw.c) as n from raw.o",  # correlated?
    "insert into m.t select o.payload.id as pid from raw.o o",  # a struct field, not a table
    "insert into m.t select o from raw.o o",  # a row
    "insert into m.t with S as (select id from raw.o) select id from s",
    "insert into m.t with s(a) as (select id from raw.o) select a from s",
    "insert into m.t select id, name from raw.o join raw.c using (id)",
    "insert into m.t select x.id from (select id from raw.o) x join (select id from raw.c) y on x.id = y.id",
    "insert into m.t select id from (select id from raw.o) join (select id from raw.c) using (id)",
    "insert into m.t select level, rownum, id from raw.o",  # pseudocolumns (oracle, snowflake)
    "insert into m.t select v.a from (values (1, 2)) as v(a, b)",
    "insert into m.t select id, amount from raw.o union all select id, seg from raw.c",
    "insert into m.t select * from raw.o",
    "insert into m.t select o.*, c.name from raw.o o join raw.c c on c.id = o.cust",
    "insert into m.t select sum(amount) as total, cust from raw.o group by cust",
    "insert into m.t select upper(name) as n from raw.c where seg in (select seg from raw.c)",
    "insert into m.t select id, (select * from raw.c limit 1) as n from raw.o",
    "insert into m.t select raw.o.id from raw.o",
    "insert into m.t select O.ID, C.NAME from RAW.O o join RAW.C c on c.id = o.cust",
    "insert into m.t select t.id from raw.o as t, lateral (select 1 as k) l",
    "insert into m.t select id, count(*), max(amount) from raw.o group by id",
    "create table m.t as with a as (select id, amount from raw.o), b as (select a.id, a.amount * 2 as d"
    " from a) select b.id, b.d from b",
    "insert into m.t select id, u from raw.o cross join unnest(array[1,2]) as u",
    "insert into m.t with a as (select id from raw.o), b as (select id, name from raw.c) select id from b",
    "insert into m.t select id, name from raw.o o, raw.c c",
    "insert into m.t select x.total from (select cust, sum(amount) total from raw.o group by cust) x",
]
DIALECTS = ["", "postgres", "snowflake", "bigquery", "duckdb", "tsql", "oracle"]


@pytest.mark.parametrize("dialect", DIALECTS)
def test_column_lineage_without_qualify_matches_qualify(
    monkeypatch: pytest.MonkeyPatch, dialect: str
) -> None:
    def run() -> list:
        return [extract(q, dialect, s).column_lineage for q in QUERIES for s in (SCHEMA, None)]

    fast = run()
    monkeypatch.setattr(columns, "cte_case_mismatch", lambda root: True)  # never as written
    assert fast == run()


def test_the_shortcut_is_taken_for_plain_writes(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args, **kwargs):
        raise AssertionError("qualify called")

    monkeypatch.setattr(columns, "qualify", refuse)
    got = extract(
        "insert into m.t (id, total) with s as (select id, amount from raw.o) "
        "select s.id, sum(s.amount) from s join raw.c c on c.id = s.id group by s.id",
        "postgres",
        SCHEMA,
    )
    assert got.column_lineage == [("m.t.id", ["raw.o.id"]), ("m.t.total", ["raw.o.amount"])]


TEXTS = [
    "select a, b from t where x = 1",
    "SELECT  a ,b FROM t WHERE x=1",  # same statement, other spacing: same hash
    "insert into m.t select /* inline */ a from s; select 1",
    "select 'it''s -- not a comment' from t",
    "select 'unterminated",
    "",
    "   ",
    "-- only a comment",
    "select 1 -- trailing",
]
PREFIXES = [
    "",
    "-- Metabase:: userID: 4 queryType: MBQL\n",
    "/* Looker Query Context '{\"user_id\": 9}' */\n",
    "\n  \n",
    "-- a\n/* b */\n-- c\n",
    "--x\n",  # not a comment where `--` needs a space after it (MySQL)
    "-- a\rselect 2\n",  # `\r` ends the comment, or does not
    "/* a /* b */ c */ ",  # nested where the dialect nests
    "/* a /* b */ ",
    "/*+ hint */ ",
    "# hash comment\n",  # MySQL, BigQuery
    "// slashes\n",  # Snowflake
    "\u00a0",
    "/* unterminated",
]


@pytest.mark.parametrize("dialect", ["", "postgres", "mysql", "snowflake", "bigquery", "tsql"])
def test_distinct_texts_fingerprint_like_fingerprint(dialect: str) -> None:
    seen: list[str] = []
    texts = DistinctTexts(dialect, on_new=lambda h, sql, tokens: seen.append(h))
    for _ in range(2):  # the second round is all cache hits
        for text in TEXTS:
            for prefix in PREFIXES:
                assert texts.fingerprint(prefix + text) == fingerprint(prefix + text, dialect), (prefix, text)
    assert len(seen) == len(set(seen)) == len(texts.first_text)


def test_each_body_is_tokenised_once(monkeypatch: pytest.MonkeyPatch) -> None:
    distinct = importlib.import_module("connectors.sql_lineage.distinct")
    calls: list[str] = []

    def counting(sql: str, dialect: str = "") -> list:
        calls.append(sql)
        return tokenize(sql, dialect)

    monkeypatch.setattr(distinct, "tokenize", counting)
    texts = DistinctTexts("postgres")
    body = "select a from t"
    for user in range(50):
        texts.fingerprint(f"-- Metabase:: userID: {user}\n{body}")
    assert sum(c.endswith(body) for c in calls) == 1  # the rest: each prefix alone


def test_parsing_the_fingerprint_tokens_gives_the_same_lineage() -> None:
    sql = "insert into m.t select o.id, c.name from raw.o o join raw.c c on c.id = o.cust; select 1 from"
    tokens = tokenize(sql, "duckdb")
    assert extract(sql, "duckdb", SCHEMA, tokens=tokens) == extract(sql, "duckdb", SCHEMA)
