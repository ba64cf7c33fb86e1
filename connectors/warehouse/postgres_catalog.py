"""PostgreSQL implementation of the catalog, over a read-only session.

Metadata comes from ``pg_catalog`` (see :mod:`connectors.warehouse.postgres_sql`).
Measuring tables is where a crawl can hurt a client's database, so it is bounded:

- a table whose planner estimate (``pg_class.reltuples``, or the live-tuple count when it
  was never analysed) is above ``large_table_rows`` is not counted: its estimate is
  reported with ``row_count_is_estimate``;
- its timestamp range is read only when two index probes can answer it (the column
  leads a b-tree index); otherwise the ANALYZE histogram gives an approximate range, and
  without one the range is skipped. ``stats_note`` says which;
- small tables are counted exactly, many per statement, and a statement that fails is
  retried table by table so that one denied, locked or timed-out table is an error for
  that table alone. Tables the crawl role may not read are not even tried.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

import psycopg
from psycopg import sql

from connectors.warehouse import postgres_sql as q
from connectors.warehouse.base import Catalog, CatalogUnavailable, StatsRequest, TableStats
from connectors.warehouse.postgres_connection import ReadOnlySession, message

LARGE_TABLE_ROWS = 100_000  # above this estimate, report reltuples instead of counting
STATS_BATCH = 50  # small tables per UNION ALL statement
MEASURED_KINDS = ("table", "materialized_view")


def _ts_bound(fn: str, column: str, data_type: str) -> sql.Composable:
    """``min(col)``/``max(col)`` as naive UTC; the conversion sits outside the aggregate so
    that PostgreSQL can still answer it from an index."""
    agg = sql.SQL("{}({})").format(sql.SQL(fn), sql.Identifier(column))
    if "with time zone" in data_type.lower() or data_type.lower() == "timestamptz":
        return sql.SQL("({} at time zone 'UTC')").format(agg)
    return sql.SQL("{}::timestamp").format(agg)


def _histogram_range(text: str | None) -> tuple[datetime | None, datetime | None]:
    """First and last finite bound of a ``histogram_bounds`` array rendered as text (UTC session)."""
    if not text:
        return None, None
    values = []
    for raw in text.strip("{}").split(","):
        value = raw.strip().strip('"')
        if not value or value in ("infinity", "-infinity") or "BC" in value:
            continue
        try:
            parsed = datetime.fromisoformat(value)
        except ValueError:
            continue
        if parsed.tzinfo is not None:
            parsed = parsed.replace(tzinfo=None) - parsed.utcoffset()  # session TimeZone is UTC
        values.append(parsed)
    return (min(values), max(values)) if values else (None, None)


def _naive(value: Any) -> datetime | None:
    if isinstance(value, datetime):
        return value
    if isinstance(value, date):
        return datetime(value.year, value.month, value.day)
    return None


class PostgresCatalog(Catalog):
    engine = "postgres"
    dialect = "postgres"

    def __init__(self, dsn: str, large_table_rows: int = LARGE_TABLE_ROWS):
        self.session = ReadOnlySession(dsn)
        self.large_table_rows = large_table_rows
        self._relations: dict[tuple[str, str], dict] = {}
        self._indexed: set[tuple[str, str, str]] = set()
        self._errors: list[tuple[str, str]] = []
        self._schemas: list[str] | None = None

    # --- metadata ---------------------------------------------------------------------

    def _read(self, what: str, query: str, params: dict | None = None) -> list[dict]:
        """A metadata query; failing ones become an error for ``what`` and return no rows."""
        try:
            return self.session.fetch(query, {"schemas": self._schemas, **(params or {})})
        except (psycopg.Error, CatalogUnavailable) as err:
            self._errors.append((what, f"cannot read {what}: {message(err)}"))
            return []

    def relations(self, schemas: list[str] | None) -> list[dict]:
        self._schemas = list(schemas) if schemas else None
        rows = self.session.fetch(q.RELATIONS, {"schemas": self._schemas})  # no relations: crawl fails
        self._relations = {(r["schema_name"], r["table_name"]): r for r in rows}
        self._indexed = {
            (r["schema_name"], r["table_name"], r["column_name"])
            for r in self._read("index definitions", q.INDEXED_LEADING_COLUMNS)
        }
        return [
            {
                **{k: v for k, v in r.items() if k != "can_select"},
                "last_modified_at": None,  # PostgreSQL keeps no modification time; see modified_since_analyze
            }
            for r in rows
        ]

    def columns(self, schemas: list[str] | None) -> list[dict]:
        self._schemas = list(schemas) if schemas else None
        return self._read("columns", q.COLUMNS)

    def schemas(self) -> list[dict]:
        return self._read("schemas", q.SCHEMAS)

    def roles(self) -> list[dict]:
        return self._read("roles", q.ROLES)

    def grants(self) -> list[dict]:
        return self._read("grants", q.GRANTS)

    def constraints(self) -> list[dict]:
        return self._read("constraints", q.CONSTRAINTS)

    def policies(self) -> list[dict]:
        return self._read("row-level security policies", q.POLICIES)

    def take_errors(self) -> list[tuple[str, str]]:
        errors, self._errors = self._errors, []
        if self.session.reconnects:
            errors.append(
                (
                    "connection",
                    f"the connection was lost {self.session.reconnects} time(s) during the crawl; "
                    "reconnected and carried on",
                )
            )
            self.session.reconnects = 0
        return errors

    # --- measurements -----------------------------------------------------------------

    def _is_large(self, rel: dict) -> bool:
        return (rel.get("estimated_rows") or 0) > self.large_table_rows

    def _exact_sql(self, index: int, req: StatsRequest) -> sql.Composable:
        rel = sql.SQL("{}.{}").format(sql.Identifier(req.schema_name), sql.Identifier(req.table_name))
        if req.timestamp_column and req.timestamp_type:
            lo = _ts_bound("min", req.timestamp_column, req.timestamp_type)
            hi = _ts_bound("max", req.timestamp_column, req.timestamp_type)
        else:
            lo = hi = sql.SQL("null::timestamp")
        return sql.SQL("select {}::int as i, count(*)::bigint as n, {} as lo, {} as hi from {}").format(
            sql.Literal(index), lo, hi, rel
        )

    def _estimated(self, req: StatsRequest, rel: dict) -> TableStats:
        """Planner estimate, and a timestamp range only where it is cheap."""
        notes = ["row count estimated from the planner statistics (pg_class.reltuples)"]
        lo = hi = None
        col, typ = req.timestamp_column, req.timestamp_type
        if col and typ and (req.schema_name, req.table_name, col) in self._indexed:
            rel_id = sql.SQL("{}.{}").format(sql.Identifier(req.schema_name), sql.Identifier(req.table_name))
            query = sql.SQL("select {} as lo, {} as hi from {}").format(
                _ts_bound("min", col, typ), _ts_bound("max", col, typ), rel_id
            )
            try:
                row = self.session.fetch(query)[0]
                lo, hi = _naive(row["lo"]), _naive(row["hi"])
                notes.append(f"timestamp range exact via the index on {col}")
            except (psycopg.Error, CatalogUnavailable) as err:
                notes.append(f"timestamp range not read: {message(err)}")
        elif col and typ:
            rows = self._read(
                f"{req.schema_name}.{req.table_name}",
                q.HISTOGRAM_BOUNDS,
                {"schema": req.schema_name, "table": req.table_name, "column": col},
            )
            lo, hi = _histogram_range(rows[0]["bounds"] if rows else None)
            notes.append(
                f"timestamp range approximate (ANALYZE histogram of {col}, no index on it)"
                if lo is not None
                else f"timestamp range skipped: large table without an index or statistics on {col}"
            )
        return TableStats(
            req, rel.get("estimated_rows"), lo, hi, row_count_is_estimate=True, note="; ".join(notes)
        )

    def _exact(self, batch: list[tuple[int, StatsRequest]], out: dict[int, TableStats]) -> None:
        """Count a batch in one statement; on failure, table by table."""
        notes = {i: self._rls_note(r) for i, r in batch}
        try:
            rows = self.session.fetch(sql.SQL(" union all ").join(self._exact_sql(i, r) for i, r in batch))
        except (psycopg.Error, CatalogUnavailable):
            rows = None
        if rows is not None:
            for row in rows:
                i = row["i"]
                out[i] = TableStats(
                    dict(batch)[i], row["n"], _naive(row["lo"]), _naive(row["hi"]), note=notes[i]
                )
            return
        for i, req in batch:
            try:
                row = self.session.fetch(self._exact_sql(i, req))[0]
                out[i] = TableStats(req, row["n"], _naive(row["lo"]), _naive(row["hi"]), note=notes[i])
            except (psycopg.Error, CatalogUnavailable) as err:
                out[i] = TableStats(req, error=message(err))

    def _rls_note(self, req: StatsRequest) -> str | None:
        rel = self._relations.get((req.schema_name, req.table_name)) or {}
        if rel.get("row_level_security"):
            return "row-level security is enabled: counts cover the rows the crawl role can see"
        return None

    def table_stats(self, requests: list[StatsRequest]) -> list[TableStats]:
        out: dict[int, TableStats] = {}
        exact: list[tuple[int, StatsRequest]] = []
        for i, req in enumerate(requests):
            rel = self._relations.get((req.schema_name, req.table_name))
            if rel is None:
                out[i] = TableStats(req, error="not found in the catalog")
            elif not rel.get("can_select"):
                out[i] = TableStats(req, error="permission denied: the crawl role has no SELECT on it")
            elif self._is_large(rel):
                out[i] = self._estimated(req, rel)
            else:
                exact.append((i, req))
        for start in range(0, len(exact), STATS_BATCH):
            self._exact(exact[start : start + STATS_BATCH], out)
        return [out[i] for i in range(len(requests))]

    def close(self) -> None:
        self.session.close()
