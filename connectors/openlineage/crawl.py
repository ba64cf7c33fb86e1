"""Crawl OpenLineage event files into ``openlineage_events``, ``_datasets`` and ``_column_lineage``.

Each event is validated on its own: an invalid one becomes a ScanError at ``file:line``
with every reason, and the valid ones around it are kept. Files that are not JSON, or
JSON that is not event-like, are skipped and counted (``openlineage_files_skipped``),
not reported as errors: a lineage folder often holds a README or a config next to logs.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Hashable, Mapping
from pathlib import Path
from typing import Any

import orjson

from connectors.base import CrawlResult, ScanContext
from connectors.config import PathsConfig
from connectors.openlineage.events import EventRows, event_rows
from connectors.openlineage.files import discover, read_documents
from connectors.openlineage.validation import validate_event
from connectors.rows import rows_to_table

SOURCE = "openlineage"
log = logging.getLogger(__name__)


def event_identity(event: Mapping[str, Any]) -> Hashable:
    """What makes two events the same event: run, type, time and job (else the whole content).

    The same event reaches a scan twice when a producer logs to a file AND posts to the
    collector, when a retry after a lost answer lands it again in the inbox, or when a
    log is copied into two folders; counting it twice would inflate run counts.

    >>> e = {"eventTime": "t", "eventType": "START", "run": {"runId": "r"}, "job": {"namespace": "n", "name": "j"}}
    >>> event_identity(e) == event_identity({**e, "producer": "other"})
    True
    """
    run = event.get("run")
    job = event.get("job")
    run_id = run.get("runId") if isinstance(run, Mapping) else None
    if isinstance(run_id, str) and isinstance(job, Mapping):
        return (run_id, event.get("eventType"), event.get("eventTime"), job.get("namespace"), job.get("name"))
    return orjson.dumps(event, option=orjson.OPT_SORT_KEYS)


def crawl_openlineage(cfg: PathsConfig, ctx: ScanContext, resolve: Callable[[str], Path]) -> CrawlResult:
    """Read every event under ``cfg.paths`` (files or folders, recursively).

    Counts: ``openlineage_events`` (valid events kept), ``openlineage_datasets``,
    ``openlineage_column_lineage``, ``openlineage_invalid_events``,
    ``openlineage_duplicate_events`` (repeats of an event already read, see
    :func:`event_identity`: the first one read is kept),
    ``openlineage_files`` (read) and ``openlineage_files_skipped``.
    """
    result = CrawlResult(source=SOURCE)
    files, skipped, missing = discover(resolve(p) for p in cfg.paths)
    for path in missing:
        result.error(path, "path not found")
    rows = EventRows()
    seen: set[Hashable] = set()
    invalid = duplicates = 0
    read = 0
    for path in files:
        try:
            documents, unrelated = read_documents(path)
            if unrelated:
                skipped.append(path)
                continue
            read += 1
            for doc in documents:
                if doc.error:
                    invalid += 1
                    result.error(doc.where, doc.error)
                    continue
                problems = validate_event(doc.obj)
                if problems:
                    invalid += 1
                    result.error(doc.where, "invalid OpenLineage event: " + "; ".join(problems))
                    continue
                identity = event_identity(doc.obj)
                if identity in seen:
                    duplicates += 1
                    continue
                seen.add(identity)
                one = event_rows(doc.obj, doc.file, doc.line_no)
                rows.events += one.events
                rows.datasets += one.datasets
                rows.column_lineage += one.column_lineage
        except OSError as exc:
            result.error(str(path), f"cannot read: {exc.strerror or exc}")
    for path in skipped:
        log.info("openlineage: skipped %s (not an OpenLineage event file)", path)

    for name, table_rows in (
        ("openlineage_events", rows.events),
        ("openlineage_datasets", rows.datasets),
        ("openlineage_column_lineage", rows.column_lineage),
    ):
        result.add(name, rows_to_table(name, table_rows, ctx.scan_id))
        result.counts[name] = len(table_rows)
    result.counts["openlineage_invalid_events"] = invalid
    result.counts["openlineage_duplicate_events"] = duplicates
    result.counts["openlineage_files"] = read
    result.counts["openlineage_files_skipped"] = len(skipped)
    return result
