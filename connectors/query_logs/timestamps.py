"""Start times of a batch as naive UTC, vectorised: ISO strings with or without offset, epochs."""

from __future__ import annotations

import pandas as pd
import pyarrow as pa

TS = pa.timestamp("us")
_UTC_SUFFIX = r"\s*(?:UTC|GMT)$"
_SUFFIXES = ("UTC", "GMT", "UTC\n", "GMT\n")


def _kinds(values: list[object]) -> tuple[list[bool], list[bool], list[bool], bool]:
    """One pass over the values: (numbers, non-blank strings, present, any "... UTC" string)."""
    numeric, strings, present, suffixed = [], [], [], False
    for v in values:
        is_num = isinstance(v, (int, float)) and not isinstance(v, bool)
        is_str = isinstance(v, str) and v.strip() != ""
        numeric.append(is_num)
        strings.append(is_str)
        present.append(is_num or is_str or (v is not None and v != ""))
        if is_str and not suffixed:  # what _UTC_SUFFIX matches: `$` also stands before a final newline
            suffixed = v.endswith(_SUFFIXES)  # type: ignore[union-attr]
    return numeric, strings, present, suffixed


def parse_started_at(values: list[object]) -> tuple[pa.Array, list[int]]:
    """(timestamps, indexes of the non-empty values that could not be read as a time).

    Numbers are epoch seconds, or milliseconds when too large to be seconds (exports differ).
    Offsets are converted to UTC; times without an offset are taken as UTC already.
    """
    series = pd.Series(values, dtype="object")
    num_list, str_list, present_list, suffixed = _kinds(values)
    numeric = pd.Series(num_list, index=series.index, dtype=bool)
    strings = pd.Series(str_list, index=series.index, dtype=bool)
    out = pd.Series(pd.NaT, index=series.index, dtype="datetime64[us, UTC]")
    if numeric.any():
        nums = series[numeric].astype("float64")
        unit_ms = nums.abs() > 1e11
        out[numeric & unit_ms.reindex(series.index, fill_value=False)] = pd.to_datetime(
            nums[unit_ms], unit="ms", utc=True, errors="coerce"
        )
        out[numeric & ~unit_ms.reindex(series.index, fill_value=True)] = pd.to_datetime(
            nums[~unit_ms], unit="s", utc=True, errors="coerce"
        )
    if strings.any():
        text = series[strings]
        if suffixed:  # BigQuery exports write "2024-05-03 08:00:00.123000 UTC"; Snowflake "... -0700"
            text = text.str.replace(_UTC_SUFFIX, "+00:00", regex=True)
        out[strings] = pd.to_datetime(text, utc=True, format="ISO8601", errors="coerce")
    present = pd.Series(present_list, index=series.index, dtype=bool)
    failed = [int(i) for i in series.index[present & out.isna()]]
    naive = out.dt.tz_convert("UTC").dt.tz_localize(None)
    return pa.array(naive, type=TS, from_pandas=True), failed
