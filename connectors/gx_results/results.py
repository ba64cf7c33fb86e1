"""One validation result -> one ``gx_results`` row per expectation, for GX 0.x and 1.x alike.

The two layouts differ in a few names only: 1.x has ``expectation_config.type``,
``suite_name`` and ``meta.validation_time``; 0.x has ``expectation_type``,
``meta.expectation_suite_name`` and ``meta.run_id.run_time`` (a plain run-id string in
0.9/0.10). The warehouse table is told from the batch: SQL assets name it in
``batch_spec.table_name``/``schema_name`` (legacy ``batch_kwargs.table``/``schema``), and
legacy SQL data connectors use ``schema.table`` as the data asset name. File assets
(CSV, Parquet) have no warehouse table and keep ``table_name`` null.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from typing import Any

import orjson

from connectors.gx_results.formats import Validation

_FILE_SUFFIXES = (".csv", ".parquet", ".json", ".jsonl", ".xlsx", ".xls", ".txt", ".tsv", ".feather", ".avro")


def _dumps(value: Any) -> str:
    return orjson.dumps(value, option=orjson.OPT_SORT_KEYS, default=str).decode()


def _expectations(v: Validation) -> list[Mapping[str, Any]]:
    items = v.data.get("expectations" if v.summary else "results") or []
    return [e for e in items if isinstance(e, Mapping)]


def _config(item: Mapping[str, Any], summary: bool) -> tuple[str | None, dict[str, Any]]:
    """(expectation type, kwargs) of a result item in either layout."""
    if summary:
        return item.get("expectation_type"), dict(item.get("kwargs") or {})
    cfg = item.get("expectation_config") or {}
    return cfg.get("type") or cfg.get("expectation_type"), dict(cfg.get("kwargs") or {})


def fingerprint(v: Validation) -> str:
    """What identifies a validation's outcome: its expectations, their kwargs and successes.

    A checkpoint result repeats the validation results GX also stored on disk, and a
    1.x ``describe_dict`` summarises them without a run time; comparing on this
    fingerprint recognises all three as one validation.
    """
    parts = []
    for item in _expectations(v):
        etype, kwargs = _config(item, v.summary)
        parts.append([etype, kwargs, item.get("success")])
    return hashlib.sha1(_dumps(parts).encode()).hexdigest()


def is_gx1(v: Validation) -> bool:
    if v.summary or "suite_name" in v.data:
        return True
    version = str((v.data.get("meta") or {}).get("great_expectations_version") or "")
    return version.startswith("1.")


def _run_time(meta: Mapping[str, Any], gx1: bool, fallback: str | None) -> str | None:
    run_id = meta.get("run_id")
    run_time = run_id.get("run_time") if isinstance(run_id, Mapping) else run_id
    ordered = (meta.get("validation_time"), run_time) if gx1 else (run_time, meta.get("validation_time"))
    for value in (*ordered, meta.get("run_time"), fallback):
        if isinstance(value, str) and value:
            return value
    return None


def _asset_and_table(meta: Mapping[str, Any]) -> tuple[str | None, str | None]:
    """(data asset as GX names it, ``schema.table`` in the warehouse or None)."""
    batch_def = meta.get("active_batch_definition") or {}
    spec = meta.get("batch_spec") or {}
    legacy = meta.get("batch_kwargs") or {}
    asset = (
        batch_def.get("data_asset_name")
        or spec.get("data_asset_name")
        or legacy.get("data_asset_name")
        or legacy.get("table")
        or spec.get("path")
        or legacy.get("path")
    )
    table = spec.get("table_name") or legacy.get("table")
    schema = spec.get("schema_name") or legacy.get("schema")
    if table:
        name = f"{schema}.{table}" if schema and "." not in table else table
        return asset, name.lower()
    name = batch_def.get("data_asset_name")
    if (
        isinstance(name, str)
        and name.count(".") == 1
        and "/" not in name
        and not name.lower().endswith(_FILE_SUFFIXES)
    ):
        return asset, name.lower()
    return asset, None


def _column(kwargs: Mapping[str, Any]) -> str | None:
    if isinstance(kwargs.get("column"), str):
        return kwargs["column"]
    pair = [kwargs.get(k) for k in ("column_A", "column_B") if isinstance(kwargs.get(k), str)]
    return ",".join(pair) or None


def _text(value: Any) -> str | None:
    if value is None:
        return None
    return value if isinstance(value, str) else _dumps(value)


def _exception_message(info: Any) -> str | None:
    """The first exception message in ``exception_info``, in either of its GX shapes.

    GX puts ``{raised_exception, exception_message, ...}`` on the item, or (1.x, when a
    metric fails) a mapping of metric ids to such dicts.
    """
    if not isinstance(info, Mapping):
        return None
    candidates = [info, *(v for v in info.values() if isinstance(v, Mapping))]
    for c in candidates:
        message = c.get("exception_message")
        if c.get("raised_exception", True) and isinstance(message, str) and message:
            return message[:1000]
    return None


def validation_rows(
    v: Validation, source_file: str, run_time_fallback: str | None = None
) -> list[dict[str, Any]]:
    data = v.data
    meta = data.get("meta") or {}
    gx1 = is_gx1(v)
    suite = data.get("suite_name") or meta.get("expectation_suite_name")
    asset, table = _asset_and_table(meta)
    run_at = _run_time(meta, gx1, run_time_fallback)
    validation_id = meta.get("validation_id") or v.identifier
    if not validation_id:
        run_id = meta.get("run_id")
        run_name = run_id.get("run_name") if isinstance(run_id, Mapping) else None
        validation_id = "/".join(str(p) for p in (suite, run_name, run_at, asset) if p) or None
    base = f"{v.json_path}." if v.json_path else ""
    rows = []
    for i, item in enumerate(_expectations(v)):
        etype, kwargs = _config(item, v.summary)
        batch_id = kwargs.pop("batch_id", None)
        result = item.get("result")
        result = result if isinstance(result, Mapping) else {}
        unexpected = result.get("unexpected_count")
        rows.append(
            {
                "validation_id": validation_id,
                "suite_name": suite,
                "data_asset": asset or batch_id,
                "table_name": table,
                "expectation_type": etype,
                "column_name": _column(kwargs),
                "kwargs_json": _dumps(kwargs),
                "success": item.get("success") if isinstance(item.get("success"), bool) else None,
                "observed_value": _text(result.get("observed_value"))
                if isinstance(result, Mapping)
                else None,
                "unexpected_count": unexpected if isinstance(unexpected, int) else None,
                "run_at": run_at,
                "format": "gx1" if gx1 else "gx018",
                "severity": (item.get("expectation_config") or {}).get("severity")
                if not v.summary and isinstance(item.get("expectation_config"), Mapping)
                else None,
                "exception_message": _exception_message(item.get("exception_info")),
                "source_file": source_file,
                "json_path": f"{base}{'expectations' if v.summary else 'results'}[{i}]",
            }
        )
    return rows
