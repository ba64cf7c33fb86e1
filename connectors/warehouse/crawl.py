"""``crawl_warehouse``: the catalog of a client's warehouse into raw evidence tables.

Engine-independent: it opens the right :class:`~connectors.warehouse.base.Catalog`, reads
relations and columns, measures every table (exact row count, range of its main
timestamp column) in batches, and parses view definitions for lineage. Whatever cannot
be read becomes a :class:`~connectors.base.ScanError` naming the path or the object.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pyarrow as pa

from connectors.base import CrawlResult, ScanContext, redact
from connectors.config import WarehouseConfig
from connectors.sql_lineage.evidence import lineage_tables
from connectors.sql_lineage.fingerprint import fingerprint
from connectors.store import conform
from connectors.warehouse.base import Catalog, CatalogUnavailable, StatsRequest
from connectors.warehouse.timestamps import pick_timestamp_column

SOURCE = "warehouse"
CATALOG_TABLES = (
    "warehouse_tables",
    "warehouse_columns",
    "warehouse_roles",
    "warehouse_grants",
    "warehouse_schemas",
    "warehouse_constraints",
    "warehouse_policies",
)
MEASURED_TYPES = ("table", "materialized_view")  # hold rows; views and foreign tables are not counted
DEFINED_TYPES = ("view", "materialized_view")  # have a SQL definition to parse for lineage


def open_catalog(cfg: WarehouseConfig, resolve: Callable[[str], Path]) -> tuple[Catalog, str]:
    """(catalog, what to call it in errors). Raises CatalogUnavailable."""
    if cfg.kind == "duckdb":
        from connectors.warehouse.duckdb_catalog import DuckDBCatalog

        path = resolve(cfg.path or "")
        try:
            return DuckDBCatalog(path), str(path)
        except CatalogUnavailable as err:
            raise CatalogUnavailable(f"{path}: {err}") from None
    if cfg.kind == "postgres":
        from connectors.warehouse.postgres_catalog import PostgresCatalog

        env = cfg.dsn_env or ""
        where = f"postgres (DSN from ${env})"
        dsn = os.environ.get(env)
        if not dsn:
            raise CatalogUnavailable(
                f"{where}: environment variable {env} is not set (it must hold the PostgreSQL DSN)"
            )
        try:
            return PostgresCatalog(dsn), where
        except CatalogUnavailable as err:
            raise CatalogUnavailable(f"{where}: {redact(str(err))}") from None
    raise CatalogUnavailable(f"warehouse kind {cfg.kind!r} not supported yet")


def crawl_warehouse(
    cfg: WarehouseConfig, ctx: ScanContext, resolve: Callable[[str], Path], lineage: bool = True
) -> CrawlResult:
    """Relations, columns, row counts, timestamp ranges, and the lineage of view definitions."""
    result = CrawlResult(SOURCE)
    for name in CATALOG_TABLES:
        result.add(name, conform(name, None))
    result.counts = {"warehouse_tables": 0, "warehouse_columns": 0}
    try:
        catalog, where = open_catalog(cfg, resolve)
    except CatalogUnavailable as err:
        where, _, why = str(err).partition(": ")
        result.error(where, why or where)
        return result
    try:
        _crawl(catalog, cfg, ctx, result, where, lineage)
    except Exception as err:
        result.error(where, f"catalog read failed: {type(err).__name__}: {err}")
    finally:
        catalog.close()
    return result


def _crawl(
    catalog: Catalog, cfg: WarehouseConfig, ctx: ScanContext, result: CrawlResult, where: str, lineage: bool
) -> None:
    relations = catalog.relations(cfg.schemas)
    columns = catalog.columns(cfg.schemas)
    by_table: dict[tuple[str, str], list[tuple[str, str]]] = {}
    for col in columns:
        by_table.setdefault((col["schema_name"], col["table_name"]), []).append(
            (col["column_name"], col["data_type"])
        )

    requests = []
    for rel in relations:
        if rel["table_type"] not in MEASURED_TYPES:
            continue
        picked = pick_timestamp_column(by_table.get((rel["schema_name"], rel["table_name"]), []))
        requests.append(StatsRequest(rel["schema_name"], rel["table_name"], *(picked or (None, None))))
    stats = {(s.request.schema_name, s.request.table_name): s for s in catalog.table_stats(requests)}

    rows = []
    for rel in relations:
        key = (rel["schema_name"], rel["table_name"])
        st = stats.get(key)
        row = {
            k: rel.get(k)
            for k in (
                "database_name",
                "schema_name",
                "table_name",
                "table_type",
                "view_sql",
                "comment",
                "owner",
                "last_modified_at",
                "last_analyzed_at",
                "modified_since_analyze",
                "row_level_security",
            )
        }
        row.update(scan_id=ctx.scan_id, engine=catalog.engine)
        if st is not None:
            row["timestamp_column"] = st.request.timestamp_column
            if st.error:
                result.error(f"{rel['schema_name']}.{rel['table_name']}", f"cannot read table: {st.error}")
                row["row_count"], row["row_count_is_estimate"] = rel.get("estimated_rows"), True
                row["stats_note"] = "not measured: " + st.error
            else:
                row.update(
                    row_count=st.row_count,
                    row_count_is_estimate=st.row_count_is_estimate,
                    min_timestamp_at=st.min_timestamp_at,
                    max_timestamp_at=st.max_timestamp_at,
                    stats_note=st.note,
                )
        rows.append(row)

    result.tables["warehouse_tables"] = conform("warehouse_tables", _arrow(rows, "warehouse_tables"))
    result.tables["warehouse_columns"] = conform(
        "warehouse_columns", _arrow([{**c, "scan_id": ctx.scan_id} for c in columns], "warehouse_columns")
    )
    result.tables["warehouse_roles"] = conform(
        "warehouse_roles", _arrow([{**r, "scan_id": ctx.scan_id} for r in catalog.roles()], "warehouse_roles")
    )
    result.tables["warehouse_grants"] = conform(
        "warehouse_grants",
        _arrow([{**g, "scan_id": ctx.scan_id} for g in catalog.grants()], "warehouse_grants"),
    )
    for name, read in (
        ("warehouse_schemas", catalog.schemas),
        ("warehouse_constraints", catalog.constraints),
        ("warehouse_policies", catalog.policies),
    ):
        result.tables[name] = conform(name, _arrow([{**r, "scan_id": ctx.scan_id} for r in read()], name))
    for obj, message in catalog.take_errors():
        result.error(f"{where} {obj}" if obj in ("connection",) else obj, message)
    result.counts = {"warehouse_tables": len(rows), "warehouse_columns": len(columns)}

    if lineage:
        views = [r for r in relations if r["table_type"] in DEFINED_TYPES and r.get("view_sql")]
        statements = [
            (
                fingerprint(v["view_sql"], cfg.sql_dialect).query_hash,
                v["view_sql"],
                cfg.sql_dialect,
                "view",
                f"{v['schema_name']}.{v['table_name']}".lower(),
            )
            for v in views
        ]
        parsed = lineage_tables(statements, ctx, schema_of(columns))
        for name, table in parsed.tables.items():
            result.add(name, table)
        result.errors.extend(parsed.errors)
        result.counts["warehouse_views_parsed"] = parsed.counts.get("sql_statements", 0)


def schema_of(columns: list[dict]) -> dict:
    """The ``{schema: {table: {column: type}}}`` mapping sqlglot needs for column lineage."""
    out: dict[str, dict[str, dict[str, str]]] = {}
    for c in columns:
        out.setdefault(c["schema_name"].lower(), {}).setdefault(c["table_name"].lower(), {})[
            c["column_name"].lower()
        ] = c["data_type"]
    return out


def _arrow(rows: list[dict], table: str) -> pa.Table | None:
    if not rows:
        return None
    from connectors.store import RAW_SCHEMAS

    schema = RAW_SCHEMAS[table]
    return pa.table({f.name: pa.array([r.get(f.name) for r in rows], f.type) for f in schema})
