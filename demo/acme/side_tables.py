"""The tables around the dbt project: legacy, hand-made, sandbox and ML artefacts.

Real warehouses are never only dbt. These tables are made the way such tables are made in
practice (a script's ``CREATE TABLE`` + ``INSERT ... VALUES``, a notebook dumping a
DataFrame, a scoring job appending predictions) and so leave no lineage behind, except the
feature table whose Spark job reports OpenLineage events. They are the planted Q1 gap, the
empty table the review project needs, and the ML artefacts behind Q6/Q8.
"""

from __future__ import annotations

from datetime import timedelta

import duckdb
import numpy as np
import pyarrow as pa

from demo import acme_findings as F
from demo.acme.clock import StackClock

REGIONS = [
    "Auvergne-Rhône-Alpes", "Bretagne", "Grand Est", "Hauts-de-France", "Île-de-France", "Normandie",
    "Nouvelle-Aquitaine", "Occitanie", "Pays de la Loire", "Provence-Alpes-Côte d'Azur",
]  # fmt: skip
DEPARTMENTS = ["Marketing", "Supply Chain", "Finance", "Service client", "E-commerce", "Data"]


def _month_starts(clock: StackClock, first_ago: int, last_ago: int) -> list[str]:
    """First days of the months from ``first_ago`` to ``last_ago`` months before as_of, as ISO dates."""
    y, m = clock.as_of.year, clock.as_of.month
    out = []
    for ago in range(first_ago, last_ago - 1, -1):
        k = y * 12 + (m - 1) - ago
        out.append(f"{k // 12:04d}-{k % 12 + 1:02d}-01")
    return out


def _sql_str(s: str) -> str:
    return "'" + s.replace("'", "''") + "'"


def build_side_tables(con: duckdb.DuckDBPyConnection, clock: StackClock, rng: np.random.Generator) -> None:
    """Create every non-dbt, non-raw table of the warehouse (before dbt runs)."""
    for schema in ("marts", "reporting", "sandbox", "ml"):
        con.execute(f"CREATE SCHEMA IF NOT EXISTS {schema}")
    _legacy(con, clock, rng)
    _finance_uploads(con, clock, rng)
    _ml(con, clock, rng)


def _legacy(con: duckdb.DuckDBPyConnection, clock: StackClock, rng: np.random.Generator) -> None:
    # The pre-dbt monthly report: a Python cron script wrote literal values, then was retired.
    rows = [
        f"(DATE '{month}', {_sql_str(region)}, {rng.integers(900, 4200)}, "
        f"{round(float(rng.uniform(60_000, 310_000)), 2)})"
        for month in _month_starts(clock, 30, 19)
        for region in REGIONS
    ]
    con.execute(
        "CREATE TABLE marts.legacy_sales_report (report_month DATE, region VARCHAR, order_count INTEGER, "
        "revenue_eur DECIMAL(12,2))"
    )
    con.execute("INSERT INTO marts.legacy_sales_report VALUES " + ", ".join(rows))

    # An RFM segmentation computed once in a notebook and saved from a DataFrame.
    n = 6_200
    seg = rng.choice(5, n, p=[0.12, 0.23, 0.3, 0.2, 0.15])
    tbl = pa.table(
        {
            "customer_id": pa.array(np.sort(rng.choice(np.arange(1, 7_000), n, replace=False)), pa.int32()),
            "segment": pa.DictionaryArray.from_arrays(
                pa.array(seg, pa.int32()), pa.array(["champions", "loyal", "potential", "at_risk", "lost"])
            ).cast(pa.string()),
            "rfm_score": pa.array(np.round(rng.uniform(1, 5, n), 2)),
            "computed_at": pa.array(
                np.full(n, np.datetime64(clock.days_ago(400).replace(hour=16, minute=42, second=7), "us")),
                pa.timestamp("us"),
            ),
        }
    )
    con.register("nb_segments", tbl)
    con.execute("CREATE TABLE marts.legacy_customer_segments AS SELECT * FROM nb_segments")
    con.unregister("nb_segments")

    # Created for a review feed from the e-commerce platform that was never switched on.
    con.execute(
        "CREATE TABLE marts.product_reviews (review_id BIGINT, product_id INTEGER, customer_id INTEGER, "
        "rating SMALLINT, review_title VARCHAR, review_text VARCHAR, language VARCHAR, submitted_at TIMESTAMP)"
    )

    # A weekly export the old BI tool read; the cron job inserting literal rows stopped 5 months ago.
    weeks = [clock.as_of.date() - timedelta(days=clock.as_of.weekday() + 7 * k) for k in range(60, 21, -1)]
    rows = [
        f"(DATE '{w}', {_sql_str(r)}, {round(float(rng.uniform(12_000, 80_000)), 2)})"
        for w in weeks
        for r in REGIONS
    ]
    con.execute(
        "CREATE TABLE reporting.weekly_sales_export (week_start DATE, region VARCHAR, revenue_eur DOUBLE)"
    )
    con.execute("INSERT INTO reporting.weekly_sales_export VALUES " + ", ".join(rows))


def _finance_uploads(con: duckdb.DuckDBPyConnection, clock: StackClock, rng: np.random.Generator) -> None:
    """Targets and budget typed into spreadsheets by Finance and uploaded by an analyst."""
    months = _month_starts(clock, clock.as_of.month - 1, clock.as_of.month - 12)  # the calendar year
    stores = [s for s in range(1, F.N_STORES_OPENED + 1) if s != F.CLOSED_STORE_ID]
    tbl = pa.table(
        {
            "store_id": pa.array(np.repeat(stores, len(months)), pa.int32()),
            "target_month": pa.array(
                np.tile(np.array(months, dtype="datetime64[D]"), len(stores)), pa.date32()
            ),
            "revenue_target_eur": np.round(rng.uniform(45_000, 160_000, len(stores) * len(months)), -2),
            "uploaded_by": ["chloe.bernard"] * (len(stores) * len(months)),
        }
    )
    con.register("xlsx_targets", tbl)
    con.execute("CREATE TABLE reporting.store_targets AS SELECT * FROM xlsx_targets")
    con.unregister("xlsx_targets")
    tbl = pa.table(
        {
            "department": np.repeat(DEPARTMENTS, len(months)).tolist(),
            "budget_month": pa.array(
                np.tile(np.array(months, dtype="datetime64[D]"), len(DEPARTMENTS)), pa.date32()
            ),
            "budget_eur": np.round(rng.uniform(20_000, 240_000, len(DEPARTMENTS) * len(months)), -3),
        }
    )
    con.register("xlsx_budget", tbl)
    con.execute("CREATE TABLE reporting.monthly_budget AS SELECT * FROM xlsx_budget")
    con.unregister("xlsx_budget")
    # Chloé's CSV export of basket sizes, re-imported into her sandbox to share with a colleague.
    n = 1_500
    tbl = pa.table(
        {
            "order_id": pa.array(100_001 + np.sort(rng.choice(50_000, n, replace=False)), pa.int64()),
            "basket_size": pa.array(1 + rng.poisson(1.4, n), pa.int32()),
            "basket_eur": np.round(rng.lognormal(4, 0.6, n), 2),
        }
    )
    con.register("csv_baskets", tbl)
    con.execute("CREATE TABLE sandbox.chloe_basket_export AS SELECT * FROM csv_baskets")
    con.unregister("csv_baskets")


def _ml(con: duckdb.DuckDBPyConnection, clock: StackClock, rng: np.random.Generator) -> None:
    """Churn model artefacts: features (Spark, daily), training sets, weekly predictions."""
    spark_at = clock.spark_run_at
    feature_day = spark_at.date()
    con.execute(
        f"""
        CREATE TABLE ml.customer_features AS
        WITH o AS (
            SELECT customer_id, ordered_at, total_amount FROM raw.orders
            WHERE status IN ('completed', 'returned') AND ordered_at < DATE '{feature_day}'
        ),
        w AS (
            SELECT customer_id, count(DISTINCT session_id) AS web_sessions_30d FROM raw.web_events
            WHERE customer_id IS NOT NULL AND occurred_at >= DATE '{feature_day}' - INTERVAL 30 DAY
            GROUP BY customer_id
        )
        SELECT c.customer_id, DATE '{feature_day}' AS feature_date,
               count(o.ordered_at) FILTER (WHERE o.ordered_at >= DATE '{feature_day}' - INTERVAL 90 DAY)
                   AS orders_90d,
               count(o.ordered_at) FILTER (WHERE o.ordered_at >= DATE '{feature_day}' - INTERVAL 365 DAY)
                   AS orders_365d,
               coalesce(sum(o.total_amount) FILTER (WHERE o.ordered_at >= DATE '{feature_day}' - INTERVAL 365 DAY),
                        0)::DOUBLE AS revenue_365d,
               datediff('day', max(o.ordered_at), DATE '{feature_day}') AS days_since_last_order,
               datediff('day', c.created_at, DATE '{feature_day}') AS tenure_days,
               c.loyalty_tier, coalesce(w.web_sessions_30d, 0) AS web_sessions_30d,
               TIMESTAMP '{spark_at:%Y-%m-%d %H:%M:%S}' AS computed_at
        FROM raw.customers c
        LEFT JOIN o USING (customer_id)
        LEFT JOIN w USING (customer_id)
        GROUP BY ALL
        ORDER BY c.customer_id
        """
    )
    # Weekly batch scoring (Mondays 06:00) since the first model went live ~8 months ago.
    first = clock.days_ago(F.ML_HISTORY_DAYS)
    first_monday = (first + timedelta(days=(7 - first.weekday()) % 7)).replace(hour=6, minute=0, second=0,
                                                                                 microsecond=0)  # fmt: skip
    runs = []
    t = first_monday
    while t <= clock.as_of:
        runs.append(t)
        t += timedelta(days=7)
    created = con.execute(
        "SELECT customer_id, created_at FROM raw.customers ORDER BY customer_id"
    ).fetchnumpy()
    base = rng.beta(1.6, 5.0, F.N_CUSTOMERS)  # each customer's underlying churn risk
    parts = []
    for k, run_at in enumerate(runs):
        eligible = created["created_at"] < np.datetime64(run_at)
        ids = created["customer_id"][eligible]
        score = np.clip(base[ids - 1] + rng.normal(0, 0.05, len(ids)) + 0.002 * k, 0, 1)
        version = 0 if k < len(runs) // 3 else (1 if k < 2 * len(runs) // 3 else 2)
        parts.append(
            (ids, np.round(score, 4), np.full(len(ids), version), np.full(len(ids), np.datetime64(run_at)))
        )
    ids, score, version, at = (np.concatenate(p) for p in zip(*parts, strict=True))
    decision = np.select([score >= 0.7, score >= 0.45], [0, 1], 2)
    tbl = pa.table(
        {
            "prediction_id": pa.array(np.arange(1, len(ids) + 1), pa.int64()),
            "customer_id": pa.array(ids, pa.int32()),
            "model_name": ["churn_xgb"] * len(ids),
            "model_version": pa.DictionaryArray.from_arrays(
                pa.array(version, pa.int32()), pa.array(list(F.ML_MODEL_VERSIONS))
            ).cast(pa.string()),
            "churn_score": score,
            "decision": pa.DictionaryArray.from_arrays(
                pa.array(decision, pa.int32()), pa.array(["retention_offer", "watchlist", "none"])
            ).cast(pa.string()),
            "predicted_at": pa.array(at.astype("datetime64[us]"), pa.timestamp("us")),
        }
    )
    con.register("scoring_batch", tbl)
    con.execute("CREATE TABLE ml.churn_predictions AS SELECT * FROM scoring_batch")
    con.unregister("scoring_batch")
    # One training snapshot per model version, taken a week before each version's first scoring run.
    starts = [runs[0], runs[len(runs) // 3], runs[2 * len(runs) // 3]]
    parts = []
    for version, run_at in zip(F.ML_MODEL_VERSIONS, starts, strict=True):
        snap = run_at - timedelta(days=7)
        eligible = created["created_at"] < np.datetime64(snap - timedelta(days=180))
        ids = created["customer_id"][eligible]
        n = len(ids)
        parts.append(
            pa.table(
                {
                    "customer_id": pa.array(ids, pa.int32()),
                    "snapshot_date": pa.array(np.full(n, np.datetime64(snap.date())), pa.date32()),
                    "model_version": [version] * n,
                    "orders_90d": pa.array(rng.poisson(1.2, n), pa.int32()),
                    "revenue_365d": np.round(rng.lognormal(5, 0.9, n), 2),
                    "days_since_last_order": pa.array(rng.integers(0, 365, n), pa.int32()),
                    "churned_90d": pa.array(rng.random(n) < base[ids - 1]),
                }
            )
        )
    con.register("training_df", pa.concat_tables(parts))
    con.execute("CREATE TABLE ml.churn_training_set AS SELECT * FROM training_df")
    con.unregister("training_df")
