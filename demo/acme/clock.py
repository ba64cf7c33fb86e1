"""The demo stack's clock: every date in the Acme stack is an offset from ``as_of``.

Findings such as "web_events is 12 days stale" or "the churn model is 8 months old" must be
the same whether the stack is built today or in a year, so nothing in the generators reads
the wall clock: they ask this object instead. ``as_of`` is naive UTC, like every ``*_at``
column of the evidence store.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

HISTORY_DAYS = 548  # ~18 months of orders before as_of
# The nightly chain, as offsets before as_of: Airbyte syncs, then Spark features, dbt, GX.
NIGHTLY_LOAD_LAG = timedelta(hours=3)
SPARK_RUN_LAG = timedelta(hours=2, minutes=30)
DBT_RUN_LAG = timedelta(hours=2)
GX_RUN_LAG = timedelta(hours=1, minutes=30)


@dataclass(frozen=True)
class StackClock:
    """Fixed instants of the stack, all derived from ``as_of``."""

    as_of: datetime

    def __post_init__(self) -> None:
        if self.as_of.tzinfo is not None:
            raise ValueError("as_of must be a naive UTC datetime")

    @property
    def last_load(self) -> datetime:
        """When the daily ingestion last delivered data (the freshest _airbyte_extracted_at)."""
        return self.as_of - NIGHTLY_LOAD_LAG

    @property
    def history_start(self) -> datetime:
        """Midnight of the first day with orders."""
        return datetime.combine((self.as_of - timedelta(days=HISTORY_DAYS)).date(), datetime.min.time())

    @property
    def spark_run_at(self) -> datetime:
        """When the feature job last rebuilt ml.customer_features."""
        return self.as_of - SPARK_RUN_LAG

    @property
    def dbt_run_at(self) -> datetime:
        """When the nightly dbt job ran, on the stack's clock."""
        return self.as_of - DBT_RUN_LAG

    @property
    def gx_run_at(self) -> datetime:
        """When the nightly Great Expectations checkpoint ran."""
        return self.as_of - GX_RUN_LAG

    def days_ago(self, days: float) -> datetime:
        return self.as_of - timedelta(days=days)

    def day(self, days_ago: int) -> date:
        """Calendar date ``days_ago`` days before as_of."""
        return (self.as_of - timedelta(days=days_ago)).date()


def iso_z(ts: datetime) -> str:
    """Naive UTC datetime as an ISO-8601 string with an explicit Z (as OpenLineage emitters write)."""
    return ts.strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "Z"
