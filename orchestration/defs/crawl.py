"""Crawl assets: open a scan, then read each evidence source of the client into the store.

One asset per source system so the UI shows which source failed or slowed down, and so a
broken source never blocks the others: a connector problem is recorded as an error of
the scan (which is then partial) and the asset still succeeds with that in its metadata.
"""

from pathlib import Path

import dagster as dg

from orchestration import progress
from orchestration.defs import checks
from orchestration.defs.partitions import clients_partitions
from orchestration.defs.resources import ScannerResource
from orchestration.scan_steps import CRAWLERS, begin_scan, crawl_source

SCAN_GROUP = "crawl"


@dg.asset(
    partitions_def=clients_partitions,
    group_name=SCAN_GROUP,
    kinds={"duckdb"},
    description="Opens a scan of the client: a new scan id and clock in the client's evidence store. "
    "Everything the crawl assets land carries this id; earlier scans are never rewritten.",
)
def scan_session(context: dg.AssetExecutionContext, scanner: ScannerResource) -> dg.Output[str]:
    cfg = client_or_failure(scanner, context.partition_key)
    store = scanner.store(cfg.client)
    ctx = begin_scan(store, cfg, context.run_id, scanner.scan_clock())
    progress.update("scan", f"scan {ctx.scan_id} opened")
    context.log.info(f"scan {ctx.scan_id} of {cfg.client} at {ctx.scanned_at:%Y-%m-%d %H:%M} UTC")
    return dg.Output(
        ctx.scan_id,
        metadata={
            "scan_id": ctx.scan_id,
            "scanned_at": ctx.scanned_at.isoformat(),
            "evidence_store": dg.MetadataValue.path(str(store.path)),
        },
    )


# raw table -> the crawl step that lands it. SQL lineage tables are landed by the query-log
# step (which runs after the warehouse step and also receives the parsed view definitions).
RAW_TABLE_OWNERS: tuple[tuple[str, str], ...] = (
    ("warehouse_", "warehouse"),
    ("dbt_", "dbt"),
    ("openlineage_", "openlineage"),
    ("gx_", "gx"),
    ("query_log", "query_logs"),
    ("sql_", "query_logs"),
)


def client_or_failure(scanner: ScannerResource, client: str):
    """The partition's client file, or a run failure that says what is wrong with it.

    A client file that stopped parsing is invisible to discovery (it no longer declares a
    client), so the bare lookup error would only say "not found"; the failure names the
    unreadable files instead, which is what the person reading the run needs.
    """
    from connectors.config import ConfigError

    try:
        return scanner.client(client)
    except (ConfigError, LookupError, ValueError) as err:
        from orchestration import settings
        from orchestration.client_health import unreadable_client_files

        dirs = (
            [Path(scanner.client_file).parent]
            if scanner.client_file
            else settings.client_dirs(scanner.client_dirs)
        )
        broken = unreadable_client_files(client, dirs)
        detail = "\n".join(f"{path}: {problem}" for path, problem in broken)
        raise dg.Failure(
            description=f"client '{client}' cannot be scanned: {err}" + (f"\n{detail}" if detail else ""),
            metadata={"client": client, "unreadable client files": dg.MetadataValue.json(dict(broken))},
            allow_retries=False,
        ) from err


def raw_asset_key(table: str) -> dg.AssetKey:
    return dg.AssetKey(["raw", table])


def raw_tables_of(source: str) -> list[str]:
    from connectors.store import RAW_SCHEMAS

    return [
        t
        for t in RAW_SCHEMAS
        for prefix, owner in RAW_TABLE_OWNERS
        if owner == source and t.startswith(prefix)
    ]


def _crawl_asset(source: str, description: str, deps: tuple[dg.AssetKey, ...] = ()) -> dg.AssetsDefinition:
    tables = raw_tables_of(source)
    checked_key = raw_asset_key(checks.PRIMARY_TABLES[source][0])

    @dg.multi_asset(
        name=f"{source}_evidence",
        specs=[
            dg.AssetSpec(
                raw_asset_key(t),
                group_name=SCAN_GROUP,
                kinds={"duckdb"},
                partitions_def=clients_partitions,
                description=f"raw.{t} rows of each scan, landed by the {source} crawl.",
                deps=[dg.AssetKey("scan_session"), *deps],
            )
            for t in tables
        ],
        ins={"scan_session": dg.AssetIn()},
        partitions_def=clients_partitions,
        check_specs=checks.check_specs(source, checked_key),
        description=description,
    )
    def _asset(context: dg.AssetExecutionContext, scanner: ScannerResource, scan_session: str):
        from connectors.base import ScanContext

        cfg = scanner.client(context.partition_key)
        store = scanner.store(cfg.client)
        scanned_at = next(s.scanned_at for s in store.scans() if s.scan_id == scan_session)
        ctx = ScanContext(cfg.client, scan_session, scanned_at, cfg.base_dir)
        progress.update(source, "crawling")
        outcome = crawl_source(source, cfg, ctx, store, log=context.log.warning)
        for err in outcome.errors[:50]:
            context.log.warning(f"{err['source']}: {err['object']}: {err['message']}")
        progress.update(source, outcome.status)
        common = {
            "status": outcome.status,
            "errors": len(outcome.errors),
            "seconds": round(outcome.seconds, 3),
            "content_hash": outcome.content_hash or "",
            "scan_id": scan_session,
        }
        for t in tables:
            yield dg.MaterializeResult(
                asset_key=raw_asset_key(t),
                metadata={
                    **common,
                    "rows": outcome.landed.get(t, 0),
                    **{f"count_{k}": v for k, v in sorted(outcome.counts.items())},
                },
            )
        facts = checks.read_facts(store, source, scan_session)
        yield checks.landed_result(source, checked_key, cfg, outcome, facts)
        yield checks.fresh_result(source, checked_key, cfg, outcome, facts, scanned_at)

    return _asset


_DESCRIPTIONS = {
    "warehouse": "Warehouse catalog: schemas, tables, views and their SQL, columns, row counts, "
    "grants; view definitions parsed into lineage.",
    "dbt": "dbt artifacts: models, sources, tests, exposures, owners, contracts, run results, freshness.",
    "openlineage": "OpenLineage run events from files and the collector: jobs, runs, datasets, column lineage.",
    "gx": "Great Expectations validation results: expectations, success, observed values.",
    "query_logs": "Query logs: who queries what (BI tools, services, analysts); write statements "
    "parsed into lineage.",
}

# Logged SQL is parsed against the warehouse catalog of the same scan, so it waits for it.
# GX probes (for clients without results of their own) pick their tables from the same catalog.
_DEPS: dict[str, tuple[dg.AssetKey, ...]] = {
    "query_logs": tuple(raw_asset_key(t) for t in raw_tables_of("warehouse")),
    "gx": tuple(raw_asset_key(t) for t in raw_tables_of("warehouse")),
}

crawl_assets = [_crawl_asset(source, _DESCRIPTIONS[source], _DEPS.get(source, ())) for source in CRAWLERS]


# Written by every crawl step (one row per source and per problem), so no single step owns
# them: declared as external assets so the dbt staging models that read them have parents.
scan_bookkeeping_specs = [
    dg.AssetSpec(
        raw_asset_key(table),
        group_name=SCAN_GROUP,
        kinds={"duckdb"},
        partitions_def=clients_partitions,
        description=description,
    )
    for table, description in (
        ("scan_errors", "Problems met during each scan (source, object, message); the scan is partial."),
        ("scan_sources", "Status, item counts, input hash and duration of each source in each scan."),
    )
]
