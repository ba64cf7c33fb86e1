"""The contract every connector honours.

A connector reads one source system of a client's stack and returns what it found as
Arrow tables shaped like the raw evidence tables of :mod:`connectors.store`. It never
writes anywhere: landing is the store's job, scheduling is orchestration's.

A connector must:

1. accept plain Python config (paths, dialects, env-var names) and a :class:`ScanContext`;
2. return a :class:`CrawlResult` whose ``tables`` keys are names from ``store.RAW_SCHEMAS``
   and whose Arrow schemas match them (``store.conform`` casts and fills missing columns);
3. treat bad input as normal input: a malformed file, a missing table or an unreachable
   database becomes a :class:`ScanError` naming the file and line or the object, and the
   crawl continues with whatever else it can read;
4. only ever read the client's systems (read-only connections, quoted identifiers) and
   never put a secret (DSN, password, token) in an error message: use :func:`redact`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime

import pyarrow as pa

_SECRET_PATTERNS = (
    # user:password@ in URLs and libpq URIs
    (re.compile(r"(?P<pre>://[^:/@\s]+:)[^@\s]+(?P<post>@)"), r"\g<pre>***\g<post>"),
    # password=... in libpq keyword strings
    (re.compile(r"(?i)(?P<pre>\b(?:password|passwd|pwd|token|secret)\s*=\s*)('[^']*'|\S+)"), r"\g<pre>***"),
)


def redact(text: str) -> str:
    """Mask credentials in any text that may reach a log, an error or a report.

    Connection strings come from env vars, but drivers like to echo them back in their
    exceptions; everything a connector says about a connection goes through here.

    >>> redact("postgresql://scan:s3cret@db:5432/acme")
    'postgresql://scan:***@db:5432/acme'
    >>> redact("host=db password=s3cret user=scan")
    'host=db password=*** user=scan'
    """
    for pattern, repl in _SECRET_PATTERNS:
        text = pattern.sub(repl, text)
    return text


@dataclass(frozen=True)
class ScanContext:
    """What every connector knows about the scan it contributes to."""

    client: str
    scan_id: str
    scanned_at: datetime  # the scan's own clock: ages are measured from here, tests fix it
    base_dir: str  # folder of the client file; relative paths in the config resolve here


@dataclass(frozen=True)
class ScanError:
    """One thing that could not be read; the scan goes on and is marked partial."""

    source: str  # connector kind: warehouse, dbt, openlineage, gx, query_logs, ...
    object: str  # file:line, file + JSON path, or schema.table: what a person opens to check
    message: str

    def as_dict(self) -> dict[str, str]:
        return {"source": self.source, "object": self.object, "message": redact(self.message)}


@dataclass
class CrawlResult:
    """Evidence read from one source: raw tables to land, errors, and item counts."""

    source: str
    tables: dict[str, pa.Table] = field(default_factory=dict)
    errors: list[ScanError] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)  # evidence_counts keys of the result JSON

    def error(self, obj: str, message: str) -> None:
        self.errors.append(ScanError(self.source, obj, redact(message)))

    def add(self, table: str, rows: pa.Table) -> None:
        """Append rows to a raw table of this result (connectors may produce a table in parts)."""
        if table in self.tables:
            self.tables[table] = pa.concat_tables([self.tables[table], rows], promote_options="permissive")
        else:
            self.tables[table] = rows
