"""``crawl_query_logs``: query-log files into ``raw.query_log`` plus the lineage of their SQL.

Per row: who (user, application -> bi_tool / service / human), when, which statement
(``query_hash`` of the normalised text) and what kind (read / write / ddl / other). The
SQL text itself is kept once per distinct hash and handed to the lineage step, which
fills ``sql_statements``, ``sql_lineage`` and ``sql_column_lineage``.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from pathlib import Path

import pyarrow as pa

from connectors.base import CrawlResult, ScanContext
from connectors.config import QueryLogConfig
from connectors.query_logs.formats import fields_for, file_kind
from connectors.query_logs.pg_stat_statements import LiveLogUnavailable, read_live, where
from connectors.query_logs.readers import BadLines, Batch, read_csv, read_jsonl
from connectors.query_logs.signatures import bi_tool_from_comments, classify_actor
from connectors.query_logs.timestamps import parse_started_at
from connectors.sql_lineage.distinct import DistinctTexts
from connectors.sql_lineage.evidence import FirstSeen, lineage_tables
from connectors.sql_lineage.fingerprint import Fingerprint
from connectors.store import conform

SOURCE = "query_logs"
READERS = {"jsonl": read_jsonl, "csv": read_csv}
# A vendor's export is in the vendor's SQL, whatever warehouse is crawled alongside it.
FORMAT_DIALECTS = {
    "snowflake_query_history": "snowflake",
    "bigquery_jobs": "bigquery",
    "pg_stat_statements": "postgres",
}
_FINGERPRINT_CACHE_MAX = 200_000


class _Classifier:
    """Caches per distinct text and per distinct (user, application, comment tool).

    Each new statement goes to ``lineage`` with the tokens its fingerprint made, so the
    lineage step parses them instead of tokenising the text again.
    """

    def __init__(self, dialect: str, lineage: FirstSeen | None = None) -> None:
        self.by_text: dict[str, tuple[Fingerprint, str | None]] = {}
        self.actors: dict[tuple, tuple[str, str | None]] = {}
        on_new = None if lineage is None else partial(lineage.add, dialect)
        self.texts = DistinctTexts(dialect, on_new)

    @property
    def statements(self) -> dict[str, str]:
        """query_hash -> first text seen."""
        return self.texts.first_text

    def text(self, sql: str) -> tuple[Fingerprint, str | None]:
        got = self.by_text.get(sql)
        if got is None:
            if len(self.by_text) >= _FINGERPRINT_CACHE_MAX:
                self.by_text.clear()
            fp = self.texts.fingerprint(sql)
            got = self.by_text[sql] = (fp, bi_tool_from_comments(fp.comments))
        return got

    def actor(self, user: str | None, app: str | None, tool: str | None) -> tuple[str, str | None]:
        key = (user, app, tool)
        got = self.actors.get(key)
        if got is None:
            got = self.actors[key] = classify_actor(user, app, tool)
        return got


def _to_arrow(batch: Batch, path: str, clf: _Classifier, bad: BadLines, scan_id: str) -> pa.Table:
    hashes, kinds, actors, tools = [], [], [], []
    for sql, user, app in zip(batch.query, batch.user, batch.application, strict=True):
        fp, comment_tool = clf.text(sql)
        actor, tool = clf.actor(user, app, comment_tool)
        hashes.append(fp.query_hash)
        kinds.append(fp.statement_kind)
        actors.append(actor)
        tools.append(tool)
    started, failed = parse_started_at(batch.started_at)
    for i in failed:
        bad.add(
            batch.line_no[i], f"unreadable start time {batch.started_at[i]!r} (row kept, time left empty)"
        )
    n = len(batch)
    calls = pa.array([_int(c) for c in batch.calls], pa.int64()) if batch.calls else pa.nulls(n, pa.int64())
    return conform(
        "query_log",
        pa.table(
            {
                "calls": calls,
                "role_name": pa.array(batch.role or [None] * n, pa.string()),
                "warehouse_name": pa.array(batch.warehouse or [None] * n, pa.string()),
                "scan_id": pa.array([scan_id] * n, pa.string()),
                "query_hash": pa.array(hashes, pa.string()),
                "started_at": started,
                "user_name": pa.array(batch.user, pa.string()),
                "application": pa.array(batch.application, pa.string()),
                "statement_kind": pa.array(kinds, pa.string()),
                "actor_kind": pa.array(actors, pa.string()),
                "bi_tool": pa.array(tools, pa.string()),
                "source_file": pa.array([path] * n, pa.string()),
                "line_no": pa.array(batch.line_no, pa.int64()),
            }
        ),
    )


def _int(value: object) -> int | None:
    """A count from an export (int, float text such as '12.0', or empty)."""
    if value is None or isinstance(value, bool):
        return None
    try:
        return int(float(value)) if isinstance(value, (str, float)) else int(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None


def _batches(log: QueryLogConfig, path: Path, bad: BadLines):
    """The batches of one export file, read as the format says."""
    with path.open("rb") as fh:
        head = fh.read(4096)
    reader = READERS[file_kind(log.format, head)]
    return reader(path, fields_for(log), bad)


def crawl_query_logs(
    logs: list[QueryLogConfig],
    ctx: ScanContext,
    resolve: Callable[[str], Path],
    default_dialect: str | None = None,
    catalog_schema: dict | None = None,
    lineage: bool = True,
    workers: int | None = None,
) -> CrawlResult:
    """Read every configured log; bad lines and unsupported formats become errors, not failures.

    Args:
        logs: the client file's ``query_logs`` entries.
        resolve: turns a path of the client file into an absolute one.
        default_dialect: dialect for logs that do not name one (the warehouse's).
        catalog_schema: ``{schema: {table: {column: type}}}`` for column lineage.
        lineage: False skips the lineage step (``query_log`` rows only).
        workers: lineage processes (default: ``sql_lineage.evidence.default_workers``, one on two cores).
    """
    result = CrawlResult(SOURCE)
    result.add("query_log", conform("query_log", None))
    rows = 0
    by_dialect: dict[str, _Classifier] = {}
    first_seen = FirstSeen(catalog_schema, workers) if lineage else None
    skipped = 0
    for log in logs:
        if log.dsn_env:  # pg_stat_statements, live
            shown = where(log.dsn_env)
            dialect = log.dialect or "postgres"
            batches = read_live(log.dsn_env, lambda msg, shown=shown: result.error(shown, msg))
        else:
            path = resolve(log.path or "")
            shown = str(path)
            if not path.is_file():
                result.error(shown, "file not found" if not path.exists() else "not a file")
                continue
            dialect = log.dialect or FORMAT_DIALECTS.get(log.format) or default_dialect or ""
            batches = None
        clf = by_dialect.get(dialect) or by_dialect.setdefault(dialect, _Classifier(dialect, first_seen))
        bad = BadLines(shown)
        try:
            for batch in batches if batches is not None else _batches(log, path, bad):
                table = _to_arrow(batch, shown, clf, bad, ctx.scan_id)
                result.add("query_log", table)
                rows += table.num_rows
        except OSError as err:
            result.error(shown, f"cannot read: {err}")
        except LiveLogUnavailable as err:
            result.error(shown, str(err))
        bad.report(result)
        skipped += sum(bad.skipped.values())
    result.counts = {"query_log_rows": rows, "query_log_rows_skipped": skipped}
    if lineage:
        statements = [
            (qh, sql, dialect, "query_log", None)
            for dialect, clf in by_dialect.items()
            for qh, sql in clf.statements.items()
        ]
        extracted = first_seen.results if first_seen is not None else None
        parsed = lineage_tables(statements, ctx, catalog_schema, workers, extracted)
        for name, table in parsed.tables.items():
            result.add(name, table)
        result.errors.extend(parsed.errors)
        result.counts.update(parsed.counts)
    return result
