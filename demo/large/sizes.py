"""How big the synthetic client is: every count is a parameter, three presets name the usual runs.

``large`` is the target of issue 8 (a big but ordinary enterprise stack); ``medium`` and
``small`` are the same shape scaled down, for the scaling curve and for tests.
"""

from __future__ import annotations

from dataclasses import dataclass, replace


@dataclass(frozen=True)
class Sizes:
    relations: int = 20_000  # tables and views in the warehouse
    columns: int = 400_000  # across all relations
    schemas: int = 200
    models: int = 5_000  # dbt models (staging, intermediate and marts relations)
    query_rows: int = 200_000  # query-log rows
    distinct_queries: int = 20_000  # distinct statement texts among them
    openlineage_events: int = 100_000
    gx_results: int = 20_000  # expectation results
    sample_every: int = 100  # one table in N holds rows (the rest are empty, as in a catalog scan)
    sample_rows: int = 1_000  # rows in each sampled table

    def __post_init__(self) -> None:
        if self.schemas < 5 or self.relations < self.schemas * 2:
            raise ValueError("need at least 5 schemas and 2 relations per schema")
        if self.columns < self.relations * 8:
            raise ValueError("need at least 8 columns per relation (the shared core columns)")
        if self.distinct_queries > self.query_rows:
            raise ValueError("distinct_queries cannot exceed query_rows")

    def scaled(self, **changes: int) -> Sizes:
        return replace(self, **changes)


PRESETS: dict[str, Sizes] = {
    "large": Sizes(),
    "medium": Sizes(
        relations=5_000,
        columns=100_000,
        schemas=50,
        models=1_250,
        query_rows=50_000,
        distinct_queries=5_000,
        openlineage_events=25_000,
        gx_results=5_000,
    ),
    "small": Sizes(
        relations=500,
        columns=10_000,
        schemas=10,
        models=125,
        query_rows=5_000,
        distinct_queries=500,
        openlineage_events=2_500,
        gx_results=500,
        sample_every=20,
        sample_rows=200,
    ),
}
