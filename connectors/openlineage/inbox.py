"""The collector's spool: accepted OpenLineage events appended durably to one JSONL file per day.

Why a folder of JSON Lines beside the evidence store and not DuckDB itself: the DuckDB
file has a single writer and a running scan or ``dbt build`` holds it for seconds, so
a collector writing there would have to make producers wait (or drop events). Appending
a line to a file never waits on a scan; the next scan's OpenLineage crawl reads the
inbox like any other event log.

Durability rule: :meth:`Inbox.append` returns only after the bytes are written, flushed
and ``fsync``-ed (and, for a new file, after the folder entry is ``fsync``-ed too), so an
event the collector answered 2xx for survives a crash or a power cut of the collector.
Lines are never rewritten. A crash in the middle of a write leaves a last line without
its newline; the next append first ends that fragment with a newline so the fragment
stays one bad line (reported by the crawl with its file and line) and never swallows
the next good event.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path

INBOX_PREFIX = "events-"
INBOX_SUFFIX = ".jsonl"


def inbox_file(inbox: Path, when: datetime) -> Path:
    """The day file for ``when`` (UTC): ``inbox/events-YYYYMMDD.jsonl``.

    >>> inbox_file(Path("/x"), datetime(2026, 3, 1, 23, 59, tzinfo=UTC)).name
    'events-20260301.jsonl'
    """
    day = when.astimezone(UTC) if when.tzinfo else when
    return inbox / f"{INBOX_PREFIX}{day:%Y%m%d}{INBOX_SUFFIX}"


def _fsync_dir(folder: Path) -> None:
    """Make a newly created file's directory entry durable (POSIX; a no-op where unsupported)."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


class Inbox:
    """Appends batches of serialised events to the day file, one writer at a time.

    The lock serialises concurrent requests inside one collector process, so the lines
    of two batches never interleave; each batch is a single ``write`` call.
    """

    def __init__(self, folder: Path):
        self.folder = Path(folder)
        self._lock = threading.Lock()

    def append(self, lines: Sequence[bytes], now: datetime | None = None) -> Path:
        """Append ``lines`` (one JSON document each, no newline inside) and make them durable."""
        if any(b"\n" in line for line in lines):
            raise ValueError("an inbox line must not contain a newline")
        path = inbox_file(self.folder, now or datetime.now(UTC))
        payload = b"".join(line + b"\n" for line in lines)
        with self._lock:
            self.folder.mkdir(parents=True, exist_ok=True)
            created = not path.exists()
            fd = os.open(path, os.O_RDWR | os.O_APPEND | os.O_CREAT, 0o640)
            try:
                size = os.fstat(fd).st_size
                if size and os.pread(fd, 1, size - 1) != b"\n":
                    payload = b"\n" + payload  # end the fragment a crash left behind
                view = memoryview(payload)
                while view:
                    written = os.write(fd, view)
                    view = view[written:]
                os.fsync(fd)
            finally:
                os.close(fd)
            if created:
                _fsync_dir(self.folder)
        return path
