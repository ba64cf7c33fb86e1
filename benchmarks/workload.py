"""A deterministic query-log workload for the SQL-lineage benchmark.

Mid-size statements of the kinds a warehouse log is made of: dbt-style CTE chains,
INSERT ... SELECT and CTAS with joins, MERGE upserts, BI aggregates with window
functions, in five dialects, each with the dialect's own syntax (Snowflake QUALIFY,
BigQuery backticks, T-SQL TOP, PostgreSQL casts, DuckDB). Literals and column picks
vary so every text is distinct; row frequencies are skewed like a real log (a few
dashboards run all day, most statements run once), and some rows carry a BI tool's
comment, which changes the text but not its ``query_hash``.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

DIALECTS = ("postgres", "snowflake", "bigquery", "duckdb", "tsql")
ENTITIES = ("orders", "customers", "payments", "sessions", "events", "invoices", "products", "shipments")
COLUMNS = ("amount", "status", "country", "channel", "quantity", "discount", "region", "segment")


@dataclass(frozen=True)
class Statement:
    sql: str
    dialect: str


def catalog_schema() -> dict[str, dict[str, dict[str, str]]]:
    """The warehouse catalog the scanner would pass: every entity in raw, staging and marts."""
    cols = {
        "id": "bigint",
        "customer_id": "bigint",
        "created_at": "timestamp",
        **dict.fromkeys(COLUMNS, "text"),
    }
    return {
        layer: {f"{prefix}{e}": dict(cols) for e in ENTITIES}
        for layer, prefix in (("raw", ""), ("staging", "stg_"), ("marts", "fct_"))
    }


def _table(dialect: str, layer: str, name: str) -> str:
    if dialect == "bigquery":
        return f"`acme-prod.{layer}.{name}`"
    return f"{layer}.{name}"


def _cte_model(r: random.Random, d: str, i: int) -> str:
    a, b = r.sample(ENTITIES, 2)
    c1, c2, c3 = r.sample(COLUMNS, 3)
    cast = "::date" if d in ("postgres", "duckdb") else ""
    return f"""
insert into {_table(d, "marts", "fct_" + a)} (id, customer_id, {c1}, {c2}, created_at)
with src as (
    select id, customer_id, {c1}, {c2}, {c3}, created_at
    from {_table(d, "staging", "stg_" + a)}
    where {c3} <> 'test_{i}' and created_at{cast} >= '2024-01-{1 + i % 28:02d}'
),
enriched as (
    select s.id, s.customer_id, s.{c1}, coalesce(s.{c2}, x.{c2}) as {c2}, s.created_at
    from src s
    left join {_table(d, "staging", "stg_" + b)} x on x.customer_id = s.customer_id
)
select id, customer_id, {c1}, {c2}, created_at from enriched
"""


def _dashboard(r: random.Random, d: str, i: int) -> str:
    a = r.choice(ENTITIES)
    c1, c2 = r.sample(COLUMNS, 2)
    top = "top 100 " if d == "tsql" else ""
    tail = "" if d == "tsql" else " limit 100"
    if d == "snowflake":
        return f"""
select {c1}, customer_id, sum({c2}) as total_{c2}
from {_table(d, "marts", "fct_" + a)}
where {c1} in ('a{i}', 'b{i}')
group by {c1}, customer_id
qualify row_number() over (partition by {c1} order by sum({c2}) desc) <= {1 + i % 10}
"""
    return f"""
select {top}t.{c1}, count(*) as n, sum(t.{c2}) as total, avg(t.{c2}) over (partition by t.{c1}) as avg_{c2}
from {_table(d, "marts", "fct_" + a)} t
join {_table(d, "marts", "fct_customers")} c on c.id = t.customer_id
where t.created_at > '2024-{1 + i % 12:02d}-01' and c.segment = 'seg_{i % 7}' and t.id <> {i}
group by t.{c1}, t.{c2}
order by n desc{tail}
"""


def _merge(r: random.Random, d: str, i: int) -> str:
    a = r.choice(ENTITIES)
    c1, c2 = r.sample(COLUMNS, 2)
    return f"""
merge into {_table(d, "marts", "fct_" + a)} t
using (select id, customer_id, {c1}, {c2}, created_at from {_table(d, "staging", "stg_" + a)}
       where created_at > '2024-02-{1 + i % 28:02d}' and id > {i}) s
on t.id = s.id
when matched then update set {c1} = s.{c1}, {c2} = s.{c2}
when not matched then insert (id, customer_id, {c1}, {c2}, created_at)
    values (s.id, s.customer_id, s.{c1}, s.{c2}, s.created_at)
"""


def _ctas(r: random.Random, d: str, i: int) -> str:
    a, b, c = r.sample(ENTITIES, 3)
    c1 = r.choice(COLUMNS)
    return f"""
create table {_table(d, "staging", f"tmp_{a}_{i}")} as
select r.id, r.customer_id, r.{c1}, p.amount as {b}_amount, q.status as {c}_status, r.created_at
from {_table(d, "raw", a)} r
join {_table(d, "raw", b)} p on p.customer_id = r.customer_id
left join {_table(d, "raw", c)} q on q.id = r.id
where r.created_at >= '2023-{1 + i % 12:02d}-01'
union all
select id, customer_id, {c1}, null, null, created_at from {_table(d, "raw", a + "_archive")} where id < {i}
"""


_KINDS = (_cte_model, _dashboard, _dashboard, _merge, _ctas)
_COMMENTS = ("-- Metabase:: userID: 4 queryType: MBQL\n", "/* Looker Query Context '{\"user_id\": 9}' */\n")


def statements(distinct: int, seed: int = 7) -> list[Statement]:
    """``distinct`` different statements, deterministic for a seed."""
    r = random.Random(seed)
    return [Statement(_KINDS[i % len(_KINDS)](r, DIALECTS[i % len(DIALECTS)], i), DIALECTS[i % len(DIALECTS)])
            for i in range(distinct)]  # fmt: skip


def log_rows(texts: list[Statement], rows: int, seed: int = 11) -> list[tuple[int, str]]:
    """(statement index, text as logged) for ``rows`` rows: every statement at least once,
    the rest Zipf-like, one row in five with a BI comment in front."""
    r = random.Random(seed)
    n = len(texts)
    picks = list(range(min(n, rows)))
    weights = [1.0 / (k + 1) for k in range(n)]
    picks += r.choices(range(n), weights=weights, k=max(0, rows - n))
    out = []
    for k, idx in enumerate(picks):
        text = texts[idx].sql
        if k % 5 == 4:
            text = _COMMENTS[k % 2] + text
        out.append((idx, text))
    return out
