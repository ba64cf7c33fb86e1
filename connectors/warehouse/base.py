"""The catalog interface every warehouse engine implements.

The crawl (:mod:`connectors.warehouse.crawl`) is engine-independent: it asks a
:class:`Catalog` for relations, columns and per-table statistics, picks each table's main
timestamp column, and shapes the raw tables. An engine (DuckDB now; PostgreSQL,
Snowflake, BigQuery later) implements only these methods, read-only, with quoted
identifiers. Relations and columns come back as plain row dicts (a catalog is at most a
few hundred thousand columns; they are turned into Arrow once, by the crawl).
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from dataclasses import dataclass
from datetime import datetime


class CatalogUnavailable(Exception):
    """The warehouse cannot be opened at all (missing, locked, not a database, refused)."""


@dataclass(frozen=True)
class StatsRequest:
    """Statistics wanted for one table: its exact row count and its timestamp column's range."""

    schema_name: str
    table_name: str
    timestamp_column: str | None
    timestamp_type: str | None  # the column's data type, so the engine can convert to naive UTC


@dataclass(frozen=True)
class TableStats:
    request: StatsRequest
    row_count: int | None = None
    min_timestamp_at: datetime | None = None
    max_timestamp_at: datetime | None = None
    error: str | None = None  # set when the table could not be read; the crawl goes on
    row_count_is_estimate: bool = False  # engines that estimate large tables instead of counting
    note: str | None = None  # how a figure was obtained when not exact (estimate, capped range...)


class Catalog(ABC):
    """A read-only view of one warehouse's metadata."""

    engine: str  # duckdb | postgres | ... (warehouse_tables.engine)
    dialect: str  # sqlglot dialect of its view definitions

    @abstractmethod
    def relations(self, schemas: list[str] | None) -> list[dict]:
        """Tables and views: database_name, schema_name, table_name, table_type (table|view),
        view_sql, comment, owner, last_modified_at, estimated_rows (None if unknown)."""

    @abstractmethod
    def columns(self, schemas: list[str] | None) -> list[dict]:
        """Columns: database_name, schema_name, table_name, column_name, ordinal, data_type,
        is_nullable, column_default, comment."""

    @abstractmethod
    def table_stats(self, requests: list[StatsRequest]) -> list[TableStats]:
        """Exact row counts and timestamp ranges, in as few queries as the engine allows;
        a table that cannot be read gets ``error`` and does not stop the others."""

    def roles(self) -> list[dict]:
        """Roles (role_name, can_login, is_superuser, member_of); engines without roles keep none."""
        return []

    def grants(self) -> list[dict]:
        """Grants (grantee, privilege, object_type, schema_name, object_name, is_public)."""
        return []

    def schemas(self) -> list[dict]:
        """Schemas (database_name, schema_name, owner, comment), including empty ones."""
        return []

    def constraints(self) -> list[dict]:
        """Primary, unique and foreign keys (``warehouse_constraints`` rows)."""
        return []

    def policies(self) -> list[dict]:
        """Row-level security policies (``warehouse_policies`` rows)."""
        return []

    def take_errors(self) -> list[tuple[str, str]]:
        """(object, message) for metadata the engine could not read; the crawl reports them."""
        return []

    def close(self) -> None:  # noqa: B027 - optional hook
        """Release the connection."""
