"""The synthetic client's query log: JSONL exports, one per dialect, over the real catalog.

Distinct statements are built from templates over the warehouse's own relations and
core columns (so sqlglot qualifies them against the crawled catalog): BI dashboard
aggregates on marts, analysts' ad-hoc joins, dbt-style ``INSERT ... SELECT`` and ``MERGE``
loads, sandbox ``CREATE TABLE AS``. Row frequencies are skewed like a real log (a few
dashboards run all day, most statements run once) and BI rows carry the tool's comment.
"""

from __future__ import annotations

import random
from datetime import datetime, timedelta
from pathlib import Path

import orjson

from demo.large.layout import Relation

DIALECTS = ("duckdb", "postgres", "snowflake", "bigquery")
BI_USERS = (("metabase", "Metabase v0.50.21"), ("looker_svc", "Looker"), ("tableau_svc", "Tableau 2024.2"))
SERVICES = (("svc_dbt", "dbt"), ("svc_airflow", "Airflow 2.10.5"), ("svc_fivetran", "Fivetran"))
ANALYSTS = tuple(
    f"{n}@bigcorp.example" for n in ("ana.martin", "li.chen", "sam.okafor", "eva.rossi", "noah.berg")
)


def _t(dialect: str, rel: Relation) -> str:
    return f"`{rel.schema}.{rel.name}`" if dialect == "bigquery" else f"{rel.schema}.{rel.name}"


def _dashboard(r: random.Random, d: str, mart: Relation, i: int) -> str:
    trunc = {"bigquery": "date_trunc(created_at, month)", "snowflake": "date_trunc('month', created_at)"}.get(
        d, "date_trunc('month', created_at)"
    )
    return (
        f"select {trunc} as month, status, count(*) as n, sum(amount) as total\n"
        f"from {_t(d, mart)}\nwhere amount > {i % 500} and status <> 'cancelled'\n"
        f"group by 1, 2 order by 1 desc limit {10 + i % 90}"
    )


def _adhoc(r: random.Random, d: str, a: Relation, b: Relation, i: int) -> str:
    return (
        f"select a.customer_id, count(distinct a.id) as items, max(b.updated_at) as last_seen\n"
        f"from {_t(d, a)} a join {_t(d, b)} b on a.customer_id = b.customer_id\n"
        f"where a.created_at >= '2026-0{1 + i % 9}-01' group by a.customer_id having count(*) > {i % 7}"
    )


def _insert(r: random.Random, d: str, target: Relation, src: Relation, i: int) -> str:
    return (
        f"insert into {_t(d, target)} (id, customer_id, status, amount, created_at, updated_at)\n"
        f"select id, customer_id, status, amount * {1 + i % 3}, created_at, updated_at\n"
        f"from {_t(d, src)} where updated_at > '2026-01-{1 + i % 28:02d}'"
    )


def _merge(r: random.Random, d: str, target: Relation, src: Relation, i: int) -> str:
    return (
        f"merge into {_t(d, target)} t using (select id, status, amount from {_t(d, src)} "
        f"where amount > {i % 100}) s on t.id = s.id\n"
        f"when matched then update set status = s.status, amount = s.amount\n"
        f"when not matched then insert (id, status, amount) values (s.id, s.status, s.amount)"
    )


def _ctas(r: random.Random, d: str, sandbox: Relation, src: Relation, i: int) -> str:
    return (
        f"create table {sandbox.schema}.{sandbox.name}_copy_{i} as\n"
        f"select id, customer_id, amount from {_t(d, src)} where status = 'completed' and amount > {i % 1000}"
    )


def statements(relations: list[Relation], distinct: int, seed: int) -> list[tuple[str, str, str]]:
    """(sql, dialect, kind) for every distinct text; kind decides who runs it."""
    r = random.Random(seed)
    marts = [x for x in relations if x.layer == "marts" and x.kind == "table"]
    staging = [x for x in relations if x.layer in ("staging", "intermediate")]
    sandboxes = [x for x in relations if x.layer == "sandbox" and x.kind == "table"] or marts
    out = []
    for i in range(distinct):
        d = DIALECTS[i % len(DIALECTS)]
        roll = i % 10
        if roll < 5:
            out.append((_dashboard(r, d, r.choice(marts), i), d, "bi"))
        elif roll < 7:
            out.append((_adhoc(r, d, r.choice(marts), r.choice(marts), i), d, "human"))
        elif roll < 9:
            target = r.choice(marts)
            src = r.choice(staging)
            make = _merge if d == "snowflake" and i % 3 == 0 else _insert
            out.append((make(r, d, target, src, i), d, "service"))
        else:
            out.append((_ctas(r, d, r.choice(sandboxes), r.choice(marts), i), d, "human"))
    return out


def write_query_logs(
    folder: Path, relations: list[Relation], rows: int, distinct: int, as_of: datetime, seed: int
) -> dict[str, int]:
    """One ``query_log_<dialect>.jsonl`` per dialect; returns rows written per file."""
    texts = statements(relations, distinct, seed)
    r = random.Random(seed + 1)
    folder.mkdir(parents=True, exist_ok=True)
    handles = {d: (folder / f"query_log_{d}.jsonl").open("wb") for d in DIALECTS}
    counts = dict.fromkeys(DIALECTS, 0)
    start = as_of - timedelta(days=30)
    try:
        for k in range(rows):
            # The first pass writes every text once; after that a Zipf-like pick favours a few.
            idx = k if k < distinct else min(int(r.paretovariate(1.2)) - 1, distinct - 1)
            sql, dialect, kind = texts[idx]
            if kind == "bi":
                user, app = BI_USERS[idx % len(BI_USERS)]
                if k % 5 == 0:
                    sql = f"-- {app.split()[0]}:: userID: {k % 40} queryType: MBQL\n{sql}"
            elif kind == "service":
                user, app = SERVICES[idx % len(SERVICES)]
            else:
                user, app = ANALYSTS[idx % len(ANALYSTS)], "DBeaver 24.1"
            at = start + timedelta(seconds=int(r.random() * 30 * 86400))
            record = {
                "query_id": f"q{k:08d}", "start_time": at.strftime("%Y-%m-%dT%H:%M:%S.000"),
                "user_name": user, "client_application": app, "query_text": sql,
                "execution_status": "SUCCESS", "duration_ms": 20 + (k * 13) % 5000,
            }  # fmt: skip
            handles[dialect].write(orjson.dumps(record) + b"\n")
            counts[dialect] += 1
    finally:
        for h in handles.values():
            h.close()
    return counts
