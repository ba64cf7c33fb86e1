"""Rows to Arrow tables of the raw schema, with ISO-8601 text turned into naive UTC in bulk.

Every file-based connector meets timestamps written by other tools: dbt writes ``...Z``,
``+00:00`` and naive forms side by side, OpenLineage producers add nanoseconds, GX 0.x
writes a compact ``20250601T020000.000000Z``. Converting each timestamp column once with
pandas' ISO parser is faster than a Python loop and lenient in the right way: an
unparseable value becomes null, not a failed crawl.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import pandas as pd
import pyarrow as pa

from connectors.store import RAW_SCHEMAS, conform


def utc_naive(values: Sequence[str | None]) -> pa.Array:
    """Parse ISO-8601 strings into ``timestamp[us]`` in UTC without a zone (naive = UTC).

    >>> utc_naive(["2021-06-18T17:08:55.925443+02:00", "2026-08-10T07:03:39Z", None, "bad"]).to_pylist()
    [datetime.datetime(2021, 6, 18, 15, 8, 55, 925443), datetime.datetime(2026, 8, 10, 7, 3, 39), None, None]
    """
    if not values:
        return pa.array([], type=pa.timestamp("us"))
    parsed = pd.to_datetime(pd.Series(values, dtype=object), utc=True, format="ISO8601", errors="coerce")
    return pa.array(parsed.dt.tz_localize(None).astype("datetime64[us]"), type=pa.timestamp("us"))


def rows_to_table(table: str, rows: list[dict[str, Any]], scan_id: str) -> pa.Table:
    """Build raw table ``table`` from row dicts in one pass per column.

    Columns typed as timestamps in the contract may hold ISO strings; they are parsed here.
    """
    schema = RAW_SCHEMAS[table]
    if not rows:
        return conform(table, None)
    arrays: dict[str, pa.Array] = {"scan_id": pa.array([scan_id] * len(rows), type=pa.string())}
    for fld in schema:
        if fld.name == "scan_id":
            continue
        values = [r.get(fld.name) for r in rows]
        if pa.types.is_timestamp(fld.type) and any(isinstance(v, str) for v in values):
            arrays[fld.name] = utc_naive(values)
        else:
            arrays[fld.name] = pa.array(values, type=fld.type)
    return conform(table, pa.table(arrays))
