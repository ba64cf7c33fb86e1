"""``pg_stat_statements`` read live from the client's PostgreSQL, over a read-only session.

The view aggregates executions per (user, database, normalised statement), so each row
becomes one ``query_log`` row with its ``calls`` and no start time. Without
``pg_read_all_stats`` a role sees ``<insufficient privilege>`` instead of other roles'
SQL: those rows are counted and reported once, with the grant that fixes it.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator

import psycopg

from connectors.query_logs.readers import BATCH_ROWS, Batch
from connectors.warehouse.base import CatalogUnavailable
from connectors.warehouse.postgres_connection import ReadOnlySession, message

QUERY = """
select s.query, r.rolname, d.datname, s.calls::bigint as calls
from pg_stat_statements s
left join pg_roles r on r.oid = s.userid
left join pg_database d on d.oid = s.dbid
order by s.calls desc, s.queryid
"""
HIDDEN = "<insufficient privilege>"


class LiveLogUnavailable(Exception):
    """The view cannot be read at all (no DSN, no server, extension missing)."""


def where(dsn_env: str) -> str:
    """How errors name this source: the env var, never the DSN."""
    return f"pg_stat_statements (DSN from ${dsn_env})"


def read_live(dsn_env: str, note: Callable[[str], None]) -> Iterator[Batch]:
    """Batches of the view's rows; raises LiveLogUnavailable before the first batch.

    ``note`` receives what the crawl should report without failing (hidden statements).
    """
    dsn = os.environ.get(dsn_env)
    if not dsn:
        raise LiveLogUnavailable(
            f"environment variable {dsn_env} is not set (it must hold the PostgreSQL DSN)"
        )
    try:
        session = ReadOnlySession(dsn)
    except CatalogUnavailable as err:
        raise LiveLogUnavailable(str(err)) from None
    try:
        try:
            rows = session.fetch(QUERY)
        except psycopg.errors.UndefinedTable:
            raise LiveLogUnavailable(
                "pg_stat_statements is not installed in this database "
                "(CREATE EXTENSION pg_stat_statements, with the library in shared_preload_libraries)"
            ) from None
        except psycopg.Error as err:
            raise LiveLogUnavailable(f"cannot read pg_stat_statements: {message(err)}") from None
    finally:
        session.close()
    batch, hidden = Batch(), 0
    for n, row in enumerate(rows, start=1):
        if row["query"] is None or row["query"] == HIDDEN:
            hidden += 1
            continue
        batch.query.append(row["query"])
        batch.user.append(row["rolname"])
        batch.application.append(None)
        batch.started_at.append(None)
        batch.line_no.append(n)
        batch.calls.append(row["calls"])
        batch.role.append(None)  # in PostgreSQL the user is the role: kept in user_name
        batch.warehouse.append(row["datname"])
        if len(batch) >= BATCH_ROWS:
            yield batch
            batch = Batch()
    if hidden:
        note(
            f"{hidden} statements of other roles are hidden from the crawl role "
            "(GRANT pg_read_all_stats TO it to read them)",
        )
    if len(batch):
        yield batch
