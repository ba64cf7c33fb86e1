"""DuckDB implementation of the catalog: a client's ``.duckdb`` file, opened read-only.

Read-only means DuckDB never writes to the file and shares it with other readers; a file
held by a read-write connection elsewhere cannot be opened at all, and that is reported
as the warehouse being unavailable, not as a crash.
"""

from __future__ import annotations

from pathlib import Path

import duckdb

from connectors.warehouse.base import Catalog, CatalogUnavailable, StatsRequest, TableStats

SYSTEM_SCHEMAS = ("information_schema", "pg_catalog")
STATS_BATCH = 50  # tables per UNION ALL query


def quote(identifier: str) -> str:
    """A DuckDB identifier, always quoted (client names can be anything)."""
    return '"' + identifier.replace('"', '""') + '"'


def _literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _ts_expr(column: str, data_type: str) -> str:
    """The column as a naive UTC TIMESTAMP (TIMESTAMPTZ converted, DATE widened)."""
    col = quote(column)
    if "TIME ZONE" in data_type.upper() or data_type.upper() == "TIMESTAMPTZ":
        return f"timezone('UTC', {col})"
    return f"CAST({col} AS TIMESTAMP)"


class DuckDBCatalog(Catalog):
    engine = "duckdb"
    dialect = "duckdb"

    def __init__(self, path: Path):
        if not path.exists():
            raise CatalogUnavailable("file not found")
        if not path.is_file():
            raise CatalogUnavailable("not a file")
        try:
            self.con = duckdb.connect(str(path), read_only=True)
        except duckdb.Error as err:
            raise CatalogUnavailable(f"cannot open read-only: {err}") from None
        self.database = self.con.execute("select current_database()").fetchone()[0]

    def close(self) -> None:
        self.con.close()

    def _schema_filter(self, schemas: list[str] | None) -> tuple[str, list]:
        clause = "database_name = ? and not internal and not temporary and schema_name not in (?, ?)"
        params: list = [self.database, *SYSTEM_SCHEMAS]
        if schemas:
            clause += f" and schema_name in ({', '.join('?' for _ in schemas)})"
            params += list(schemas)
        return clause, params

    def relations(self, schemas: list[str] | None) -> list[dict]:
        where, params = self._schema_filter(schemas)
        rows = self.con.execute(
            f"""
            select database_name, schema_name, table_name, 'table' as table_type, null as view_sql,
                   comment, estimated_size as estimated_rows
            from duckdb_tables() where {where}
            union all
            select database_name, schema_name, view_name, 'view', sql, comment, null
            from duckdb_views() where {where}
            order by 2, 3
            """,
            params + params,
        )
        names = [d[0] for d in rows.description]
        return [dict(zip(names, r, strict=True)) for r in rows.fetchall()]

    def columns(self, schemas: list[str] | None) -> list[dict]:
        where, params = self._schema_filter(schemas)
        where = where.replace("not temporary and ", "")  # duckdb_columns() has no temporary flag
        rows = self.con.execute(
            f"""
            select database_name, schema_name, table_name, column_name, column_index as ordinal,
                   data_type, is_nullable, column_default, comment
            from duckdb_columns() where {where}
            order by schema_name, table_name, column_index
            """,
            params,
        )
        names = [d[0] for d in rows.description]
        return [dict(zip(names, r, strict=True)) for r in rows.fetchall()]

    def _stats_sql(self, index: int, req: StatsRequest) -> str:
        rel = f"{quote(req.schema_name)}.{quote(req.table_name)}"
        if req.timestamp_column and req.timestamp_type:
            ts = _ts_expr(req.timestamp_column, req.timestamp_type)
            return f"select {index} as i, count(*) as n, min({ts}) as lo, max({ts}) as hi from {rel}"
        return f"select {index} as i, count(*) as n, null::timestamp as lo, null::timestamp as hi from {rel}"

    def table_stats(self, requests: list[StatsRequest]) -> list[TableStats]:
        """One UNION ALL query per batch of tables; a failing batch is retried table by table."""
        out: dict[int, TableStats] = {}
        for start in range(0, len(requests), STATS_BATCH):
            batch = list(enumerate(requests[start : start + STATS_BATCH], start=start))
            try:
                rows = self.con.execute(
                    " union all ".join(self._stats_sql(i, r) for i, r in batch)
                ).fetchall()
            except duckdb.Error:
                rows = None
            if rows is not None:
                for i, n, lo, hi in rows:
                    out[i] = TableStats(requests[i], n, lo, hi)
                continue
            for i, req in batch:
                try:
                    _, n, lo, hi = self.con.execute(self._stats_sql(i, req)).fetchone()
                    out[i] = TableStats(req, n, lo, hi)
                except duckdb.Error as err:
                    out[i] = TableStats(req, error=str(err).splitlines()[0])
        return [out[i] for i in range(len(requests))]
