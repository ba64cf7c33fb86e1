"""The steps of one client scan as plain functions; the Dagster assets are thin shells on them.

Keeping the steps free of Dagster lets the tests exercise each one directly and keeps
the asset bodies down to "read resource, call step, report metadata". Every step that
touches a client's system is wrapped so that a crash becomes a recorded error for that
source and the scan carries on, marked partial.
"""

from __future__ import annotations

import hashlib
import importlib
import json
import os
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from connectors.base import CrawlResult, ScanContext, redact
from connectors.config import ClientConfig, ConfigError, PathsConfig, read_yaml
from connectors.store import RAW_SCHEMAS, EvidenceStore
from orchestration.code_fingerprint import code_fingerprint
from orchestration.probes import probe_settings, run_warehouse_probes

# source kind -> (module, function, client-config attribute)
CRAWLERS: dict[str, tuple[str, str, str]] = {
    "warehouse": ("connectors.warehouse", "crawl_warehouse", "warehouse"),
    "dbt": ("connectors.dbt_artifacts", "crawl_dbt", "dbt"),
    "openlineage": ("connectors.openlineage", "crawl_openlineage", "openlineage"),
    "gx": ("connectors.gx_results", "crawl_gx", "gx"),
    "query_logs": ("connectors.query_logs", "crawl_query_logs", "query_logs"),
}


def utcnow() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


def new_scan_id(scanned_at: datetime, run_id: str) -> str:
    """Sortable by time, unique per run: ``20261123T140700Z-1a2b3c4d``."""
    return f"{scanned_at:%Y%m%dT%H%M%SZ}-{run_id.replace('-', '')[:8]}"


def parse_as_of(value: str | None) -> datetime | None:
    """The scan clock override (ISO 8601); naive UTC like every timestamp in the store."""
    if not value:
        return None
    dt = datetime.fromisoformat(value.replace("Z", "+00:00"))
    return dt.astimezone(UTC).replace(tzinfo=None) if dt.tzinfo else dt


def begin_scan(store: EvidenceStore, cfg: ClientConfig, run_id: str, as_of: datetime | None) -> ScanContext:
    scanned_at = as_of or utcnow()
    ctx = ScanContext(cfg.client, new_scan_id(scanned_at, run_id), scanned_at, cfg.base_dir)
    store.begin_scan(cfg.client, ctx.scan_id, scanned_at, utcnow())
    return ctx


def _input_paths(source: str, cfg: ClientConfig) -> list[Path]:
    if source == "warehouse" and cfg.warehouse and cfg.warehouse.path:
        return [cfg.resolve(cfg.warehouse.path)]
    if source == "dbt" and cfg.dbt:
        return [cfg.resolve(cfg.dbt.target_dir)]
    if source in ("openlineage", "gx"):
        section = getattr(cfg, source)
        return [cfg.resolve(p) for p in section.paths] if section else []
    if source == "query_logs":
        return [cfg.resolve(q.path) for q in cfg.query_logs if q.path]
    return []


def _file_list(root: Path, source: str) -> list[Path]:
    if not root.is_dir():
        # A DuckDB file's committed state can sit in its write-ahead log until a checkpoint.
        wal = root.with_name(root.name + ".wal")
        return [root, wal] if source == "warehouse" and wal.exists() else [root]
    if source == "dbt":  # the crawl reads the artifacts at the top of target/, not compiled SQL
        return sorted(p for p in root.glob("*.json") if p.is_file())
    return sorted(p for p in root.rglob("*") if p.is_file())


def content_hash(paths: list[Path], source: str = "") -> str:
    """Cheap fingerprint of a source's inputs (names, sizes, mtimes) for rescans and the UI."""
    h = hashlib.sha256()
    for root in paths:
        for f in _file_list(root, source):
            try:
                st = f.stat()
            except OSError:
                continue
            h.update(f"{f}|{st.st_size}|{st.st_mtime_ns}\n".encode())
    return h.hexdigest()[:16]


# Bump when the way raw rows are derived from the same inputs changes outside the connector
# packages (e.g. a column stamped here): older scans then stop matching and are re-read.
REUSE_FORMAT = "3"

# Raw tables each source lands; sql_* are landed by two sources and told apart by origin.
_SQL_TABLES = ("sql_statements", "sql_lineage", "sql_column_lineage")
_SQL_ORIGIN = {"warehouse": "view", "query_logs": "query_log"}


def source_raw_tables(source: str) -> list[tuple[str, str | None]]:
    """(raw table, SQL filter) pairs holding one source's rows of a scan, for carrying forward."""
    prefix = {"warehouse": "warehouse_", "dbt": "dbt_", "openlineage": "openlineage_", "gx": "gx_"}
    if source == "query_logs":
        tables: list[tuple[str, str | None]] = [("query_log", None)]
    else:
        tables = [(t, None) for t in RAW_SCHEMAS if t.startswith(prefix[source])]
    if source in _SQL_ORIGIN:
        origin = _SQL_ORIGIN[source]
        tables += [(t, f"origin = '{origin}'") for t in _SQL_TABLES[:2]]
        # Column lineage has no origin column: its statements' origin tells. (A text that is
        # both logged and a view definition in one scan would be copied by both sources.)
        tables.append(
            (
                "sql_column_lineage",
                "query_hash in (select s.query_hash from raw.sql_statements s "
                f"where s.scan_id = sql_column_lineage.scan_id and s.origin = '{origin}')",
            )
        )
    return tables


def full_rescan_requested() -> bool:
    """``MATURITY_FULL_RESCAN=1`` re-reads every source even when its inputs are unchanged."""
    return os.environ.get("MATURITY_FULL_RESCAN", "").strip().lower() in ("1", "true", "yes")


def _catalog_fingerprint(store: EvidenceStore, scan_id: str) -> str:
    """Order-free hash of this scan's warehouse columns: logged SQL is qualified against them."""
    with store.connect(read_only=True) as con:
        row = con.execute(
            "select count(*), bit_xor(hash(schema_name, table_name, column_name, data_type)) "
            "from raw.warehouse_columns where scan_id = ?",
            [scan_id],
        ).fetchone()
    return f"{row[0]}:{row[1]}"


def source_input_hash(
    source: str, cfg: ClientConfig, section: Any, ctx: ScanContext, store: EvidenceStore
) -> str | None:
    """Fingerprint of everything a source's raw rows are derived from, or None if unknowable.

    Files count by path, size and mtime (a DuckDB warehouse by its file and WAL); the
    client-file section, the connector code and, for query logs, the warehouse catalog
    they are parsed against are part of it. Live databases (PostgreSQL warehouse,
    ``pg_stat_statements`` over a DSN) have no file to fingerprint: None, always re-read.
    """
    if source == "warehouse" and (cfg.warehouse is None or cfg.warehouse.kind != "duckdb"):
        return None
    if source == "query_logs" and any(q.dsn_env for q in cfg.query_logs):
        return None
    paths = _input_paths(source, cfg)
    if source == "openlineage" and _collector_inbox(store) is not None:
        paths.append(store.path.parent / "openlineage_inbox")
    h = hashlib.sha256()
    h.update(content_hash(paths, source).encode())
    sections = section if isinstance(section, list) else [section]
    for sec in sections:
        h.update(sec.model_dump_json().encode() if hasattr(sec, "model_dump_json") else repr(sec).encode())
    h.update(code_fingerprint(CRAWLERS[source][0], REUSE_FORMAT).encode())
    if source == "query_logs":
        h.update(str(cfg.warehouse.sql_dialect if cfg.warehouse else None).encode())
        h.update(_catalog_fingerprint(store, ctx.scan_id).encode())
    return h.hexdigest()[:16]


@dataclass
class SourceOutcome:
    source: str
    status: str  # ok | partial | failed | skipped
    counts: dict[str, int] = field(default_factory=dict)
    errors: list[dict[str, str]] = field(default_factory=list)
    landed: dict[str, int] = field(default_factory=dict)
    seconds: float = 0.0
    content_hash: str | None = None
    reused_from: str | None = None  # the earlier scan whose rows were carried forward


def _collector_inbox(store: EvidenceStore) -> Path | None:
    """Events ``maturity collect`` accepted for this client (settings.collector_inbox)."""
    inbox = store.path.parent / "openlineage_inbox"
    return inbox if inbox.is_dir() and any(inbox.iterdir()) else None


def source_section(source: str, cfg: ClientConfig, store: EvidenceStore) -> Any:
    """The client-file section a crawler reads; OpenLineage also reads the collector's inbox."""
    section = getattr(cfg, CRAWLERS[source][2])
    if source == "openlineage":
        inbox = _collector_inbox(store)
        if inbox is not None:
            paths = [*(section.paths if section else []), str(inbox)]
            section = PathsConfig(paths=paths)
    return section


def warehouse_schema(store: EvidenceStore, scan_id: str) -> dict[str, dict[str, dict[str, str]]]:
    """``{schema: {table: {column: type}}}`` of this scan's warehouse crawl, for column lineage."""
    with store.connect(read_only=True) as con:
        rows = con.execute(
            "select lower(schema_name), lower(table_name), lower(column_name), data_type "
            "from raw.warehouse_columns where scan_id = ? order by 1, 2, ordinal",
            [scan_id],
        ).fetchall()
    out: dict[str, dict[str, dict[str, str]]] = {}
    for schema, table, column, data_type in rows:
        out.setdefault(schema, {}).setdefault(table, {})[column] = data_type
    return out


def _crawl_options(source: str, cfg: ClientConfig, ctx: ScanContext, store: EvidenceStore) -> dict[str, Any]:
    """Cross-source context: logged SQL is parsed in the warehouse's dialect and against its catalog."""
    if source != "query_logs":
        return {}
    return {
        "default_dialect": cfg.warehouse.sql_dialect if cfg.warehouse else None,
        "catalog_schema": warehouse_schema(store, ctx.scan_id) or None,
    }


def crawl_source(
    source: str,
    cfg: ClientConfig,
    ctx: ScanContext,
    store: EvidenceStore,
    log: Callable[[str], None] = lambda _m: None,
    full_rescan: bool | None = None,
) -> SourceOutcome:
    """Crawl one source and land it, or carry its rows forward when its inputs are unchanged.

    The input hash is taken before the crawl, so a file that changes while it is being
    read makes the next scan read it again rather than trust a stale copy. Never raises
    for a problem in the client's stack.
    """
    section = source_section(source, cfg, store)
    probe = probe_settings(cfg) if source == "gx" and not (section and section.paths) else None
    if not section and probe is None:
        outcome = SourceOutcome(source, "skipped")
        store.record_source(ctx.scan_id, source, "skipped", {}, None, 0.0)
        return outcome
    started = time.perf_counter()
    # Probes read the warehouse's data, which no input hash covers: they always run.
    digest = None if probe is not None else source_input_hash(source, cfg, section, ctx, store)
    full = full_rescan_requested() if full_rescan is None else full_rescan
    if digest is not None and not full:
        reused = _reuse(source, cfg, ctx, store, digest, started)
        if reused is not None:
            return reused
    module_name, func_name, _attr = CRAWLERS[source]
    try:
        if probe is not None:
            result: CrawlResult = run_warehouse_probes(cfg, ctx, store, probe)
        else:
            crawl = getattr(importlib.import_module(module_name), func_name)
            result = crawl(section, ctx, cfg.resolve, **_crawl_options(source, cfg, ctx, store))
    except Exception as exc:  # a connector bug must not stop the other sources
        log(redact(traceback.format_exc()))
        result = CrawlResult(source)
        result.error("*", f"{type(exc).__name__}: {exc}")
    landed = store.land(result.tables, result.errors, scan_id=ctx.scan_id)
    status = "failed" if result.errors and not any(landed.values()) else "partial" if result.errors else "ok"
    seconds = time.perf_counter() - started
    store.record_source(ctx.scan_id, source, status, result.counts, digest, seconds)
    return SourceOutcome(
        source, status, dict(result.counts), [e.as_dict() for e in result.errors], landed, seconds, digest
    )


def _reuse(
    source: str, cfg: ClientConfig, ctx: ScanContext, store: EvidenceStore, digest: str, started: float
) -> SourceOutcome | None:
    """Carry the previous scan's rows forward when it read the same inputs cleanly, else None."""
    last = store.last_source_run(cfg.client, source, ctx.scan_id)
    if last is None or last.content_hash != digest or last.status != "ok":
        return None
    landed = store.carry_forward(last.scan_id, ctx.scan_id, source_raw_tables(source))
    seconds = time.perf_counter() - started
    store.record_source(ctx.scan_id, source, "ok", last.counts, digest, seconds, reused_from=last.scan_id)
    return SourceOutcome(
        source, "ok", dict(last.counts), [], landed, seconds, digest, reused_from=last.scan_id
    )


def finish_scan(store: EvidenceStore, scan_id: str, partial: bool) -> None:
    store.finish_scan(scan_id, "partial" if partial else "complete", utcnow())


# --- reading the evidence model back ------------------------------------------------------


def read_marts(store: EvidenceStore, scan_id: str) -> dict[str, list[dict[str, Any]]]:
    """Rows of the marts for one scan, as plain dicts for the pure scoring core.

    Signal and evidence details come with their language-neutral form (``detail_key``,
    ``detail_args``), from which scoring words them in the scan's language.
    """
    queries = {
        "signals": "select question_id, signal, value, detail, detail_key, detail_args "
        "from main.question_signals where scan_id = ?",
        "evidence": "select question_id, signal, kind, ref, detail, detail_key, detail_args "
        "from main.signal_evidence where scan_id = ?",
        "table_facts": "select * from main.table_facts where scan_id = ?",
        "lineage_edges": "select source_table, target_table, provenance, ref from main.lineage_edges "
        "where scan_id = ? order by 1, 2, 3",
    }
    out: dict[str, list[dict[str, Any]]] = {}
    with store.connect(read_only=True) as con:
        for key, sql in queries.items():
            cur = con.execute(sql, [scan_id])
            cols = [d[0] for d in cur.description]
            out[key] = [dict(zip(cols, row, strict=True)) for row in cur.fetchall()]
    return out


def scan_errors_and_counts(
    store: EvidenceStore, scan_id: str
) -> tuple[list[dict[str, str]], dict[str, int], dict[str, str]]:
    """Errors, evidence counts and per-source status recorded during the crawl."""
    with store.connect(read_only=True) as con:
        errors = [
            {"source": s, "object": o, "message": m}
            for s, o, m in con.execute(
                "select source, object, message from raw.scan_errors where scan_id = ? order by source, object",
                [scan_id],
            ).fetchall()
        ]
        rows = con.execute(
            "select source, status, counts_json from raw.scan_sources where scan_id = ?", [scan_id]
        ).fetchall()
    counts: dict[str, int] = {}
    statuses: dict[str, str] = {}
    for source, status, counts_json in rows:
        statuses[source] = status
        for k, v in json.loads(counts_json or "{}").items():
            counts[k] = counts.get(k, 0) + int(v)
    return errors, counts, statuses


def load_optional_yaml(cfg: ClientConfig, attr: str) -> tuple[object | None, str | None]:
    """Read the survey or portfolio file named by the client file; errors come back as text."""
    rel = getattr(cfg, attr)
    if not rel:
        return None, None
    path = cfg.resolve(rel)
    try:
        return read_yaml(path), str(path)
    except ConfigError as err:
        return err, str(path)
