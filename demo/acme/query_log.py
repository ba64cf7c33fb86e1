"""Acme's warehouse query log: 90 days of who ran what, from which tool.

The mix is what a scan should be able to read from it: three BI tools (Metabase and Looker
recognisable by the comments they prepend, Tableau only by its application name), service
accounts writing (dbt's nightly CREATE statements, taken from the real compiled code of the
run; Airflow and dlt loads), three human analysts exploring with CTEs and joins, and the
analysts' own writes: the weekly ``reporting.kpi_snapshot`` CTAS, a sandbox CTAS and a view.
Those three statements are also executed against the warehouse by the builder
(:func:`analyst_statements`), so the log's lineage is the warehouse's truth.

Every statement is valid DuckDB SQL on the stack's tables; times are relative to as_of.
"""

from __future__ import annotations

import hashlib
import json
from datetime import datetime, timedelta
from pathlib import Path

import numpy as np

from demo import acme_findings as F
from demo.acme.clock import StackClock

CATEGORIES = ["Maison", "Cuisine", "Jardin", "Bricolage", "Textile", "Électroménager", "Sport", "Jouets"]


def _d(ts: datetime, days: int = 0) -> str:
    return f"DATE '{(ts - timedelta(days=days)).date()}'"


# --- read templates: (sql with {since}/{day}/{cat}/{store} placeholders) -------------------------
BI_TEMPLATES = [
    'SELECT "source"."store_region" AS "store_region", SUM("source"."revenue_eur") AS "sum" FROM '
    '(SELECT "marts"."fct_daily_sales"."store_region" AS "store_region", "marts"."fct_daily_sales"."revenue_eur" '
    'AS "revenue_eur" FROM "marts"."fct_daily_sales" WHERE "marts"."fct_daily_sales"."sales_date" >= {since}) '
    'AS "source" GROUP BY "source"."store_region" ORDER BY "sum" DESC',
    'SELECT "marts"."fct_daily_sales"."sales_date" AS "sales_date", SUM("marts"."fct_daily_sales"."units_sold") '
    'AS "sum" FROM "marts"."fct_daily_sales" WHERE "marts"."fct_daily_sales"."category" = {cat} AND '
    '"marts"."fct_daily_sales"."sales_date" >= {since} GROUP BY "marts"."fct_daily_sales"."sales_date" '
    'ORDER BY "marts"."fct_daily_sales"."sales_date" ASC',
    'SELECT "marts"."dim_stores"."store_name" AS "store_name", COUNT(*) AS "count" FROM "marts"."fct_orders" '
    'LEFT JOIN "marts"."dim_stores" ON "marts"."fct_orders"."store_id" = "marts"."dim_stores"."store_id" '
    'WHERE "marts"."fct_orders"."order_date" = {day} GROUP BY "marts"."dim_stores"."store_name" ORDER BY "count" DESC',
    'SELECT "marts"."fct_orders"."channel" AS "channel", SUM("marts"."fct_orders"."order_amount") AS "sum", '
    'AVG("marts"."fct_orders"."order_amount") AS "avg" FROM "marts"."fct_orders" WHERE '
    '"marts"."fct_orders"."order_date" BETWEEN {since} AND {day} GROUP BY "marts"."fct_orders"."channel"',
    'SELECT "marts"."dim_customers"."loyalty_tier" AS "loyalty_tier", COUNT(*) AS "count", '
    'AVG("marts"."dim_customers"."lifetime_value") AS "avg" FROM "marts"."dim_customers" GROUP BY 1 ORDER BY 1',
]
LOOKER_TEMPLATES = [
    'SELECT\n    stores.region  AS "stores.region",\n    COALESCE(SUM(orders.order_amount ), 0) AS '
    '"orders.total_revenue"\nFROM marts.fct_orders  AS orders\nLEFT JOIN marts.dim_stores  AS stores ON '
    "orders.store_id = stores.store_id\nWHERE orders.ordered_at >= TIMESTAMP '{since_ts}'\nGROUP BY\n    1\n"
    "ORDER BY\n    2 DESC\nLIMIT 500",
    'SELECT\n    products.category  AS "products.category",\n    COALESCE(SUM(sales.revenue_eur ), 0) AS '
    '"sales.revenue",\n    COALESCE(SUM(sales.units_sold ), 0) AS "sales.units"\nFROM marts.fct_daily_sales  AS sales\n'
    "INNER JOIN (SELECT DISTINCT category FROM marts.dim_products) AS products ON sales.category = products.category\n"
    "WHERE sales.sales_date >= {since}\nGROUP BY\n    1\nORDER BY\n    2 DESC\nLIMIT 500",
    'SELECT\n    sessions.device  AS "sessions.device",\n    COUNT(*) AS "sessions.count",\n'
    '    AVG(CASE WHEN sessions.has_purchase THEN 1.0 ELSE 0.0 END) AS "sessions.conversion_rate"\n'
    "FROM marts.fct_web_sessions  AS sessions\nWHERE sessions.started_at >= TIMESTAMP '{since_ts}'\nGROUP BY\n    1\n"
    "LIMIT 500",
]
TABLEAU_TEMPLATES = [
    'SELECT "fct_daily_sales"."store_id" AS "store_id", "fct_daily_sales"."sales_date" AS "sales_date", '
    'SUM("fct_daily_sales"."revenue_eur") AS "sum:revenue_eur:ok" FROM "marts"."fct_daily_sales" "fct_daily_sales" '
    'WHERE ("fct_daily_sales"."sales_date" >= {since}) GROUP BY 1, 2',
    'SELECT "t0"."store_id" AS "store_id", "t0"."revenue_target_eur" AS "target", "t1"."revenue" AS "actual" '
    'FROM "reporting"."store_targets" "t0" LEFT JOIN (SELECT store_id, date_trunc(\'month\', sales_date) AS m, '
    'SUM(revenue_eur) AS revenue FROM "marts"."fct_daily_sales" GROUP BY 1, 2) "t1" ON "t0"."store_id" = '
    '"t1"."store_id" AND "t0"."target_month" = "t1"."m"',
    'SELECT * FROM "reporting"."v_store_performance" "v" WHERE "v"."target_month" >= {since}',
]
HUMAN_TEMPLATES = [
    "WITH recent AS (\n  SELECT customer_id, order_amount, ordered_at\n  FROM marts.fct_orders\n"
    "  WHERE ordered_at >= TIMESTAMP '{since_ts}'\n)\nSELECT c.loyalty_tier, count(DISTINCT r.customer_id) AS buyers,\n"
    "       round(sum(r.order_amount), 2) AS revenue\nFROM recent r\nJOIN marts.dim_customers c USING (customer_id)\n"
    "GROUP BY 1\nORDER BY revenue DESC;",
    "select p.category, p.brand, sum(i.quantity) as units\nfrom staging.stg_shop__order_items i\n"
    "join marts.dim_products p on p.product_id = i.product_id\njoin marts.fct_orders o on o.order_id = i.order_id\n"
    "where o.order_date between {since} and {day}\ngroup by 1, 2\norder by units desc\nlimit 50;",
    "WITH first_orders AS (\n  SELECT customer_id, min(order_date) AS first_day FROM marts.fct_orders GROUP BY 1\n),\n"
    "cohorts AS (\n  SELECT date_trunc('month', first_day) AS cohort, customer_id FROM first_orders\n)\n"
    "SELECT cohort, count(*) AS customers FROM cohorts WHERE cohort >= {since} GROUP BY 1 ORDER BY 1;",
    "select s.region, count(*) filter (where o.order_status = 'returned') * 1.0 / count(*) as return_rate\n"
    "from marts.fct_orders o left join marts.dim_stores s using (store_id)\nwhere o.order_date >= {since}\n"
    "group by 1 order by 2 desc;",
    "SELECT churn.decision, count(*) AS customers, avg(churn.churn_score) AS avg_score\n"
    "FROM ml.churn_predictions churn\nWHERE churn.predicted_at >= TIMESTAMP '{since_ts}'\nGROUP BY 1;",
    "select channel, date_trunc('week', spend_date) as week, sum(spend_eur) as spend, sum(clicks) as clicks\n"
    "from raw.marketing_spend\nwhere spend_date >= {since}\ngroup by all\norder by week, channel;",
    "select event_type, count(*) from raw.web_events where occurred_at >= TIMESTAMP '{since_ts}' group by 1;",
    "SELECT * FROM marts.legacy_sales_report WHERE region = {region} ORDER BY report_month;",
    "with s as (select session_id, has_purchase, product_view_count from marts.fct_web_sessions\n"
    "           where started_at >= TIMESTAMP '{since_ts}')\n"
    "select product_view_count, avg(case when has_purchase then 1 else 0 end) as conv from s group by 1 order by 1;",
]
SERVICE_READS = [
    "SELECT count(*) FROM raw.orders WHERE _airbyte_extracted_at >= TIMESTAMP '{since_ts}'",
    "SELECT customer_id, orders_90d, orders_365d, revenue_365d, days_since_last_order, tenure_days, "
    "loyalty_tier, web_sessions_30d FROM ml.customer_features WHERE feature_date = (SELECT max(feature_date) "
    "FROM ml.customer_features)",
]
REGIONS = ["Île-de-France", "Occitanie", "Bretagne", "Grand Est"]


def kpi_snapshot_sql(week_start: datetime) -> str:
    """Bruno's weekly KPI table for the management committee (replaced every Monday)."""
    return (
        "CREATE OR REPLACE TABLE reporting.kpi_snapshot AS\n"
        "WITH sales AS (\n"
        "  SELECT date_trunc('week', sales_date) AS week, store_region, sum(revenue_eur) AS revenue,\n"
        "         sum(order_count) AS orders\n"
        "  FROM marts.fct_daily_sales\n"
        f"  WHERE sales_date >= {_d(week_start, 84)} AND sales_date < {_d(week_start)}\n"
        "  GROUP BY ALL\n"
        "),\n"
        "customers AS (\n"
        "  SELECT count(*) AS active_customers FROM marts.dim_customers\n"
        f"  WHERE last_order_at >= {_d(week_start, 90)}\n"
        ")\n"
        "SELECT s.week, s.store_region, s.revenue, s.orders, s.revenue / nullif(s.orders, 0) AS avg_basket,\n"
        f"       c.active_customers, {_d(week_start)} AS snapshot_week\n"
        "FROM sales s CROSS JOIN customers c\n"
        "ORDER BY s.week, s.store_region;"
    )


def alice_cohorts_sql(day: datetime) -> str:
    return (
        "create table sandbox.alice_cohorts as\n"
        "with firsts as (\n"
        "  select customer_id, min(order_date) as first_day from marts.fct_orders group by 1\n"
        ")\n"
        "select date_trunc('month', f.first_day) as cohort, c.loyalty_tier, count(*) as customers,\n"
        "       avg(c.lifetime_value) as avg_ltv\n"
        "from firsts f join marts.dim_customers c using (customer_id)\n"
        f"where f.first_day < {_d(day)}\n"
        "group by all;"
    )


STORE_PERFORMANCE_VIEW = (
    "CREATE OR REPLACE VIEW reporting.v_store_performance AS\n"
    "SELECT t.store_id, s.store_name, s.region, t.target_month, t.revenue_target_eur,\n"
    "       coalesce(sum(d.revenue_eur), 0) AS revenue_eur,\n"
    "       coalesce(sum(d.revenue_eur), 0) / t.revenue_target_eur AS attainment\n"
    "FROM reporting.store_targets t\n"
    "JOIN marts.dim_stores s ON s.store_id = t.store_id\n"
    "LEFT JOIN marts.fct_daily_sales d\n"
    "  ON d.store_id = t.store_id AND date_trunc('month', d.sales_date) = t.target_month\n"
    "GROUP BY t.store_id, s.store_name, s.region, t.target_month, t.revenue_target_eur;"
)


class _Log:
    def __init__(self, clock: StackClock, rng: np.random.Generator):
        self.clock, self.rng, self.rows = clock, rng, []

    def add(self, at: datetime, user: str, app: str, sql: str, write: bool = False) -> None:
        if at >= self.clock.as_of or at < self.clock.days_ago(F.QUERY_LOG_DAYS):
            return
        self.rows.append(
            {
                "query_id": "",  # filled once sorted, so ids follow time
                "start_time": at.strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3],
                "user_name": user,
                "client_application": app,
                "database_name": F.WAREHOUSE_DB,
                "query_text": sql,
                "execution_status": "SUCCESS",
                "duration_ms": int(self.rng.integers(400, 9000) if write else self.rng.lognormal(5, 1.1)),
            }
        )

    def workday_times(self, per_day: float, start_h: int, end_h: int) -> list[datetime]:
        out = []
        for k in range(F.QUERY_LOG_DAYS + 1):
            day = datetime.combine(self.clock.day(k), datetime.min.time())
            if day.weekday() >= 5:
                continue
            for s in np.sort(self.rng.integers(start_h * 3600, end_h * 3600, self.rng.poisson(per_day))):
                out.append(day + timedelta(seconds=int(s)))
        return out


def fill_template(tpl: str, at: datetime, rng: np.random.Generator) -> str:
    """A read template with its dates, category and region drawn for a query run at ``at``."""
    since = at - timedelta(days=int(rng.choice([7, 30, 90, 365])))
    return tpl.format(
        since=f"DATE '{since.date()}'",
        since_ts=f"{since:%Y-%m-%d} 00:00:00",
        day=f"DATE '{(at - timedelta(days=1)).date()}'",
        cat="'" + str(rng.choice(CATEGORIES)) + "'",
        region="'" + str(rng.choice(REGIONS)) + "'",
    )


def _dbt_statements(run_results: dict) -> list[str]:
    """What dbt-duckdb sends for each model: CREATE ... AS (compiled SQL) into a __dbt_tmp relation."""
    out = []
    for r in sorted(run_results["results"], key=lambda r: r["unique_id"]):
        if not r["unique_id"].startswith("model.") or not r.get("compiled_code"):
            continue
        rel = r["relation_name"]
        tmp = rel[:-1] + '__dbt_tmp"'
        kind = "view" if '"staging"' in rel else "table"
        out.append(f"\n  create {kind} {tmp} as (\n    {r['compiled_code'].strip()}\n  );\n")
    return out


def write_query_log(
    path: Path, clock: StackClock, rng: np.random.Generator, run_results: dict
) -> dict[str, int]:
    """Write the JSONL log, oldest first; returns row counts per user."""
    log = _Log(clock, rng)
    for k in range(F.QUERY_LOG_DAYS + 1):
        night = clock.dbt_run_at - timedelta(days=k)
        for i, sql in enumerate(_dbt_statements(run_results)):
            log.add(night + timedelta(seconds=3 + 2 * i), "dbt", "dbt", sql, write=True)
        load = clock.last_load - timedelta(days=k)
        if k >= F.STALE_DAYS:
            log.add(load + timedelta(minutes=1), "svc_airflow", "airflow",
                    "INSERT INTO raw.web_events SELECT * FROM read_json_auto("
                    f"'s3://acme-tracking/events/web/dt={load.date()}/*.json.gz')", write=True)  # fmt: skip
        log.add(
            load + timedelta(minutes=20), "svc_airflow", "airflow", fill_template(SERVICE_READS[0], load, rng)
        )
        if load.weekday() == 0:
            log.add(load.replace(hour=5, minute=0), "svc_airflow", "dlt 1.5.0",
                    "INSERT INTO raw.marketing_spend SELECT * FROM read_parquet("
                    f"'/var/dlt/acme_marketing/normalize/{load:%Y%m%d}/marketing_spend.*.parquet')", write=True)  # fmt: skip
            log.add(
                load.replace(hour=5, minute=55), "svc_ml", "churn-scoring/1.2 duckdb-python", SERVICE_READS[1]
            )
    for at in log.workday_times(9.0, 7, 19):
        uid = int(rng.choice([3, 4, 7, 12, 15]))
        body = fill_template(BI_TEMPLATES[int(rng.integers(len(BI_TEMPLATES)))], at, rng)
        qh = hashlib.sha256(body.encode()).hexdigest()
        log.add(
            at,
            "metabase",
            "Metabase v0.50.21",
            f"-- Metabase:: userID: {uid} queryType: MBQL queryHash: {qh}\n{body}",
        )
    for at in log.workday_times(4.0, 8, 18):
        body = fill_template(LOOKER_TEMPLATES[int(rng.integers(len(LOOKER_TEMPLATES)))], at, rng)
        ctx = json.dumps({"user_id": int(rng.choice([21, 34, 55])), "history_slug": hashlib.md5(body.encode()).hexdigest(),
                          "instance_slug": "7a1f3c9e0b2d4e6f8a0c1e3b5d7f9a2c"}, separators=(",", ":"))  # fmt: skip
        log.add(at, "looker_svc", "Looker", f"-- Looker Query Context '{ctx}'\n{body}")
    for at in log.workday_times(2.5, 6, 9):
        body = fill_template(TABLEAU_TEMPLATES[int(rng.integers(len(TABLEAU_TEMPLATES)))], at, rng)
        log.add(at, "reporting_ro", "Tableau Server 2024.2", body)
    for user, per_day in (("alice.martin", 3.0), ("bruno.dupont", 2.2), ("chloe.bernard", 1.5)):
        for at in log.workday_times(per_day, 9, 18):
            body = fill_template(HUMAN_TEMPLATES[int(rng.integers(len(HUMAN_TEMPLATES)))], at, rng)
            log.add(at, user, F.HUMAN_TOOLS[user], body)
    for stmt_at, user, sql in analyst_statements(clock, every_week=True):
        log.add(stmt_at, user, F.HUMAN_TOOLS[user], sql, write=True)
    log.rows.sort(key=lambda r: (r["start_time"], r["user_name"], r["query_text"]))
    counts: dict[str, int] = {}
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", encoding="utf-8") as fh:
        for i, row in enumerate(log.rows):
            row["query_id"] = f"01acme-{i:06d}"
            counts[row["user_name"]] = counts.get(row["user_name"], 0) + 1
            fh.write(json.dumps(row, ensure_ascii=False) + "\n")
    return counts


def analyst_statements(clock: StackClock, every_week: bool = False) -> list[tuple[datetime, str, str]]:
    """The analysts' writes as (time, user, sql): the view, Alice's sandbox CTAS, the KPI snapshots.

    With ``every_week`` all weekly KPI snapshots are returned (for the log); otherwise only
    the latest one, which is what the warehouse holds.
    """
    out = [
        (_at(clock, 40, 14, 12), "chloe.bernard", STORE_PERFORMANCE_VIEW),
        (_at(clock, 33, 11, 47), "alice.martin", alice_cohorts_sql(clock.days_ago(33))),
    ]
    mondays = []
    for k in range(1, F.QUERY_LOG_DAYS):
        day = clock.days_ago(k)
        if day.weekday() == 0:
            mondays.append(_at(clock, k, 10, 5))
    snapshots = mondays if every_week else mondays[:1]
    out += [(m, F.KPI_SNAPSHOT_AUTHOR, kpi_snapshot_sql(m)) for m in snapshots]
    return sorted(out)


def _at(clock: StackClock, days_ago: int, hour: int, minute: int) -> datetime:
    return datetime.combine(clock.day(days_ago), datetime.min.time()).replace(hour=hour, minute=minute)
