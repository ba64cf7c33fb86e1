"""Crawl OpenLineage event files into ``openlineage_events``, ``_datasets`` and ``_column_lineage``.

Each event is validated on its own: an invalid one becomes a ScanError at ``file:line``
with every reason, and the valid ones around it are kept. Files that are not JSON, or
JSON that is not event-like, are skipped and counted (``openlineage_files_skipped``),
not reported as errors: a lineage folder often holds a README or a config next to logs.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path

from connectors.base import CrawlResult, ScanContext
from connectors.config import PathsConfig
from connectors.openlineage.events import EventRows, event_rows
from connectors.openlineage.files import discover, read_documents
from connectors.openlineage.tables import rows_to_table
from connectors.openlineage.validation import validate_event

SOURCE = "openlineage"
log = logging.getLogger(__name__)


def crawl_openlineage(cfg: PathsConfig, ctx: ScanContext, resolve: Callable[[str], Path]) -> CrawlResult:
    """Read every event under ``cfg.paths`` (files or folders, recursively).

    Counts: ``openlineage_events`` (valid events kept), ``openlineage_datasets``,
    ``openlineage_column_lineage``, ``openlineage_invalid_events``,
    ``openlineage_files`` (read) and ``openlineage_files_skipped``.
    """
    result = CrawlResult(source=SOURCE)
    files, skipped, missing = discover(resolve(p) for p in cfg.paths)
    for path in missing:
        result.error(path, "path not found")
    rows = EventRows()
    invalid = 0
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
    result.counts["openlineage_files"] = read
    result.counts["openlineage_files_skipped"] = len(skipped)
    return result
