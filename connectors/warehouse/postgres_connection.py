"""A read-only PostgreSQL session for the crawl, and how to get one back when it drops.

Read-only is a property of the session, not a promise of the code: the server is told
``default_transaction_read_only=on`` at connection time (after any ``options`` the
client's DSN carries, so a DSN cannot turn it off), and the session is checked to be
read-only before anything is read. Every statement runs in its own transaction
(autocommit), so a statement that fails, times out or is denied leaves the session
usable for the next object. Timeouts come first in ``options`` so a DSN may tune them.

The DSN is only ever passed to the driver; every message that leaves this module goes
through :func:`connectors.base.redact`.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import psycopg
from psycopg.conninfo import conninfo_to_dict
from psycopg.rows import dict_row

from connectors.base import redact
from connectors.warehouse.base import CatalogUnavailable

APPLICATION_NAME = "maturity-scanner"
DEFAULT_OPTIONS = {
    "statement_timeout": "120s",  # one count(*) or catalog query; beyond it the object is an error
    "lock_timeout": "5s",  # never queue behind an ALTER/VACUUM FULL of the client's pipelines
    "idle_in_transaction_session_timeout": "60s",
}
FORCED_OPTIONS = {"default_transaction_read_only": "on", "TimeZone": "UTC"}


def _options(dsn_options: str | None) -> str:
    defaults = " ".join(f"-c {k}={v}" for k, v in DEFAULT_OPTIONS.items())
    forced = " ".join(f"-c {k}={v}" for k, v in FORCED_OPTIONS.items())
    return " ".join(p for p in (defaults, dsn_options or "", forced) if p)


def message(err: BaseException) -> str:
    """The driver's message on one line, credentials masked."""
    text = str(err).strip().splitlines()
    return redact(text[0] if text else type(err).__name__)


class ReadOnlySession:
    """One autocommit, read-only connection that reconnects once after it was lost."""

    def __init__(self, dsn: str, connect_timeout: int = 10):
        try:
            params = conninfo_to_dict(dsn)
        except psycopg.ProgrammingError as err:
            raise CatalogUnavailable(f"invalid DSN: {message(err)}") from None
        self._dsn = dsn
        self._kwargs: dict[str, Any] = {
            "options": _options(params.get("options")),
            "application_name": params.get("application_name") or APPLICATION_NAME,
            "connect_timeout": params.get("connect_timeout") or connect_timeout,
        }
        self.reconnects = 0
        self.conn = self._connect()

    def _connect(self) -> psycopg.Connection:
        try:
            conn = psycopg.connect(self._dsn, autocommit=True, row_factory=dict_row, **self._kwargs)
        except psycopg.Error as err:
            raise CatalogUnavailable(f"cannot connect: {message(err)}") from None
        try:
            row = conn.execute("select current_setting('transaction_read_only') as ro").fetchone()
        except psycopg.Error as err:
            conn.close()
            raise CatalogUnavailable(f"cannot check the session: {message(err)}") from None
        if not row or row["ro"] != "on":  # a pooler that drops startup options, for instance
            conn.close()
            raise CatalogUnavailable("the server did not accept a read-only session; refusing to crawl")
        return conn

    @property
    def backend_pid(self) -> int:
        return self.conn.info.backend_pid

    def _alive(self) -> None:
        """Reconnect when the connection was lost (server restart, terminated backend)."""
        if self.conn.broken or self.conn.closed:
            self.conn.close()
            self.conn = self._connect()
            self.reconnects += 1

    def fetch(self, query: Any, params: dict | Sequence | None = None) -> list[dict]:
        """Rows of one statement. A lost connection is retried once on a fresh one (reads are
        idempotent); any other error propagates to the caller, who names the object."""
        self._alive()
        try:
            return self.conn.execute(query, params).fetchall()
        except psycopg.OperationalError:
            if not self.conn.broken:
                raise
        self._alive()
        return self.conn.execute(query, params).fetchall()

    def close(self) -> None:
        self.conn.close()
