"""GX probes for clients without data-quality results of their own (issue 4).

A client that ships no validation results still deserves a quality signal: we run a small,
read-only probe suite with GX Core (keys not null and unique, rows present, a fresh
timestamp) on the warehouse tables that matter most, capped in tables and rows. Probes need
this scan's catalog (which tables, which key and timestamp columns), so they run after the
warehouse crawl, from what it landed.
"""

from __future__ import annotations

from connectors.base import CrawlResult, ScanContext
from connectors.config import ClientConfig, ProbeConfig
from connectors.store import EvidenceStore


def probe_settings(cfg: ClientConfig) -> ProbeConfig | None:
    """The probe settings when probes should run for this client, else None.

    Probes run when the client gave no result paths, the warehouse is a DuckDB file (the
    probe reads it read-only into DataFrames: GX on DuckDB through SQLAlchemy fails), and
    the client file does not switch them off (``gx: {probe: {enabled: false}}``).
    """
    probe = cfg.gx.probe if cfg.gx else ProbeConfig()
    has_results = bool(cfg.gx and cfg.gx.paths)
    if has_results or not probe.enabled or probe.max_tables == 0:
        return None
    if cfg.warehouse is None or cfg.warehouse.kind != "duckdb":
        return None
    return probe


def run_warehouse_probes(
    cfg: ClientConfig, ctx: ScanContext, store: EvidenceStore, probe: ProbeConfig
) -> CrawlResult:
    from connectors.gx_results.probe import choose_probe_targets, run_probes

    with store.connect(read_only=True) as con:
        tables, columns, constraints = (
            con.sql(
                f"select * from raw.{name} where scan_id = $scan_id", params={"scan_id": ctx.scan_id}
            ).to_arrow_table()
            for name in ("warehouse_tables", "warehouse_columns", "warehouse_constraints")
        )
    targets = choose_probe_targets(tables, columns, probe.max_tables, warehouse_constraints=constraints)
    assert cfg.warehouse is not None and cfg.warehouse.path is not None  # probe_settings checked it
    return run_probes(
        cfg.resolve(cfg.warehouse.path),
        targets,
        max_tables=probe.max_tables,
        max_rows=probe.max_rows,
        as_of=ctx.scanned_at,
        freshness_days=probe.freshness_days,
        scan_id=ctx.scan_id,
    )
