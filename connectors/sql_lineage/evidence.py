"""Lineage of many statements (query logs, view definitions) as raw evidence tables.

Each distinct (query_hash, dialect, view) is parsed once, however many times the log
repeats it. Past ``PARALLEL_THRESHOLD`` distinct texts the parsing is spread over a
process pool (parsing is CPU-bound and holds the GIL); below it the pool's start-up
costs more than it saves.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from multiprocessing import get_context

import pyarrow as pa

from connectors.base import CrawlResult, ScanContext
from connectors.sql_lineage.extract import LineageResult, extract
from connectors.store import conform

SOURCE = "sql_lineage"
PARALLEL_THRESHOLD = 500
EXCERPT_CHARS = 500

# (query_hash, sql, dialect, origin, view_fqn or None)
Statement = tuple[str, str, str, str, str | None]

_WORKER_SCHEMA: dict | None = None


def _init_worker(schema: dict | None) -> None:
    global _WORKER_SCHEMA
    _WORKER_SCHEMA = schema


def _extract_many(items: list[tuple[str, str, str | None]]) -> list[LineageResult]:
    return [
        extract(sql, dialect, _WORKER_SCHEMA, target=target, read_columns=False)
        for sql, dialect, target in items
    ]


def _chunks(items: list, size: int) -> list[list]:
    return [items[i : i + size] for i in range(0, len(items), size)]


def extract_all(
    items: list[tuple[str, str, str | None]], schema: dict | None, workers: int | None = None
) -> list[LineageResult]:
    """``extract`` over (sql, dialect, target) items, in a process pool when there are many."""
    workers = workers if workers is not None else min(2, os.cpu_count() or 1)
    if len(items) <= PARALLEL_THRESHOLD or workers <= 1:
        _init_worker(schema)
        return _extract_many(items)
    size = max(50, len(items) // (workers * 8))
    try:
        with ProcessPoolExecutor(
            workers, mp_context=get_context("spawn"), initializer=_init_worker, initargs=(schema,)
        ) as pool:
            return [r for part in pool.map(_extract_many, _chunks(items, size)) for r in part]
    except (BrokenProcessPool, RuntimeError, OSError):
        # spawn needs an importable __main__ (a script without a main guard breaks it):
        # lineage is worth more than speed, so fall back to this process.
        _init_worker(schema)
        return _extract_many(items)


def lineage_tables(
    statements: Iterable[Statement],
    ctx: ScanContext,
    catalog_schema: dict | None = None,
    workers: int | None = None,
) -> CrawlResult:
    """Raw tables ``sql_statements``, ``sql_lineage`` and ``sql_column_lineage``.

    ``sql_lineage`` has one row per (target, source); a read-only statement (a SELECT from
    a query log) has rows with a null target: which tables are read is evidence too.
    For a view, the target is the view itself and the SQL is its definition.
    """
    result = CrawlResult(SOURCE)
    keys: list[tuple[str, str, str, str | None]] = []
    items: list[tuple[str, str, str | None]] = []
    seen: set[tuple[str, str, str | None]] = set()
    for query_hash, sql, dialect, origin, view in statements:
        key = (query_hash, dialect or "", view)
        if key in seen:
            continue
        seen.add(key)
        keys.append((query_hash, dialect or "", origin, view))
        items.append((sql, dialect or "", view))
    parsed = extract_all(items, catalog_schema, workers)

    stmts: dict[str, list] = {
        k: [] for k in ("query_hash", "origin", "dialect", "statement_kind", "sql_excerpt", "parse_error")
    }
    edges: dict[str, list] = {k: [] for k in ("query_hash", "origin", "target_table", "source_table")}
    cols: dict[str, list] = {
        k: [] for k in ("query_hash", "target_table", "target_column", "source_table", "source_column")
    }
    failed = 0
    for (query_hash, dialect, origin, _view), (sql, _d, _t), res in zip(keys, items, parsed, strict=True):
        failed += res.error is not None
        for name, value in (
            ("query_hash", query_hash),
            ("origin", origin),
            ("dialect", dialect),
            ("statement_kind", res.statement_kind),
            ("sql_excerpt", sql[:EXCERPT_CHARS]),
            ("parse_error", res.error),
        ):
            stmts[name].append(value)
        pairs = [(t, s) for t in res.targets for s in res.sources if s != t] if res.targets else []
        pairs = pairs or [(None, s) for s in res.sources]
        for target, source in pairs:
            edges["query_hash"].append(query_hash)
            edges["origin"].append(origin)
            edges["target_table"].append(target)
            edges["source_table"].append(source)
        for label, refs in res.column_lineage:
            target, column = _split_target(label, res.targets)
            if target is None:
                continue
            for ref in refs:
                src_table, _, src_col = ref.rpartition(".")
                for name, value in (
                    ("query_hash", query_hash),
                    ("target_table", target),
                    ("target_column", column),
                    ("source_table", src_table),
                    ("source_column", src_col),
                ):
                    cols[name].append(value)
    scan = ctx.scan_id
    result.add("sql_statements", _table("sql_statements", stmts, scan))
    result.add("sql_lineage", _table("sql_lineage", edges, scan))
    result.add("sql_column_lineage", _table("sql_column_lineage", cols, scan))
    result.counts = {
        "sql_statements": len(items),
        "sql_lineage_edges": len(edges["source_table"]),
        "sql_parse_errors": failed,
    }
    if failed:
        result.error(
            "sql_statements",
            f"{failed} of {len(items)} distinct statements could not be parsed "
            "(see raw.sql_statements.parse_error)",
        )
    return result


def _split_target(label: str, targets: list[str]) -> tuple[str | None, str]:
    for target in targets:
        if label.startswith(target + "."):
            return target, label[len(target) + 1 :]
    return None, label


def _table(name: str, columns: dict[str, list], scan_id: str) -> pa.Table:
    n = len(next(iter(columns.values())))
    data = {"scan_id": pa.array([scan_id] * n, pa.string())}
    data.update({k: pa.array(v, pa.string()) for k, v in columns.items()})
    return conform(name, pa.table(data))
