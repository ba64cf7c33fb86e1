"""Lineage of many statements (query logs, view definitions) as raw evidence tables.

Each distinct (query_hash, dialect, view) is parsed once, however many times the log
repeats it. A query-log crawl extracts each new statement as soon as its fingerprint
finds it (:class:`FirstSeen`), from the tokens the fingerprint already made. With more
than two cores, past ``PARALLEL_THRESHOLD`` distinct texts the rest is spread over a
process pool (parsing is CPU-bound and holds the GIL); below it, or on two cores, the
pool costs more than it saves (see :func:`default_workers`).
"""

from __future__ import annotations

import math
import os
from collections.abc import Iterable, Mapping
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from multiprocessing import get_context

import pyarrow as pa
from sqlglot.tokens import Token

from connectors.base import CrawlResult, ScanContext
from connectors.sql_lineage.extract import LineageResult, extract
from connectors.store import conform

SOURCE = "sql_lineage"
PARALLEL_THRESHOLD = 5_000
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


def default_workers() -> int:
    """Lineage processes when the caller does not say: one per usable core beyond the first
    two, up to 4; none on two cores.

    Measured on 2 shared cores (benchmarks/README.md), a pool of 2 made 20,000 distinct
    statements slower, not faster (23 s against 20 s, 7 s more CPU): each worker imports
    sqlglot, tokenises again what the fingerprint had tokenised, and pickles its results,
    while the cores are busy with the rest of the scan.
    """
    try:
        cores = len(os.sched_getaffinity(0))
    except (AttributeError, OSError):  # not Linux
        cores = os.cpu_count() or 1
    return max(1, min(4, cores - 2)) if cores > 2 else 1


def _chunks(items: list, size: int) -> list[list]:
    return [items[i : i + size] for i in range(0, len(items), size)]


def extract_all(
    items: list[tuple[str, str, str | None]], schema: dict | None, workers: int | None = None
) -> list[LineageResult]:
    """``extract`` over (sql, dialect, target) items, in a process pool when there are many."""
    workers = workers if workers is not None else default_workers()
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


class FirstSeen:
    """Lineage of statements extracted when first seen, while their tokens are at hand.

    The first ``PARALLEL_THRESHOLD`` statements (all of them with one worker, the default
    on two cores) are extracted in this process as they come; the rest is left to
    :func:`lineage_tables`, which spreads it over a pool when it is large enough to pay.
    """

    def __init__(self, schema: dict | None, workers: int | None = None) -> None:
        self.schema = schema
        workers = workers if workers is not None else default_workers()
        self.limit = math.inf if workers <= 1 else PARALLEL_THRESHOLD
        self.results: dict[tuple[str, str, str | None], LineageResult] = {}

    def add(self, dialect: str, query_hash: str, sql: str, tokens: list[Token] | None) -> None:
        """A new statement (``DistinctTexts``' ``on_new`` once its dialect is bound)."""
        if len(self.results) < self.limit:
            self.results[(query_hash, dialect or "", None)] = extract(
                sql, dialect or "", self.schema, read_columns=False, tokens=tokens
            )


def lineage_tables(
    statements: Iterable[Statement],
    ctx: ScanContext,
    catalog_schema: dict | None = None,
    workers: int | None = None,
    extracted: Mapping[tuple[str, str, str | None], LineageResult] | None = None,
) -> CrawlResult:
    """Raw tables ``sql_statements``, ``sql_lineage`` and ``sql_column_lineage``.

    ``sql_lineage`` has one row per (target, source); a read-only statement (a SELECT from
    a query log) has rows with a null target: which tables are read is evidence too.
    For a view, the target is the view itself and the SQL is its definition.
    ``extracted`` holds results already made (:class:`FirstSeen`), by (query_hash,
    dialect, view); the other statements are extracted here.
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
    done = dict(extracted or {})
    ids = [(query_hash, dialect, view) for query_hash, dialect, _origin, view in keys]
    todo = [(key, item) for key, item in zip(ids, items, strict=True) if key not in done]
    fresh = extract_all([item for _, item in todo], catalog_schema, workers)
    done.update((key, res) for (key, _), res in zip(todo, fresh, strict=True))
    parsed = [done[key] for key in ids]

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
