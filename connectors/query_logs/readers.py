"""Streaming readers for JSONL and CSV query logs: column batches out, bad lines counted.

Exports are large and never perfectly clean (a truncated last line, a stray byte that is
not UTF-8, a row without the query). The readers stream the file and yield columnar
batches of the four configured fields (plain lists, turned into Arrow by the caller),
never a list of every row; every bad line goes to a :class:`BadLines` sink that keeps
the first few with their line numbers and counts the rest.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from connectors.base import CrawlResult
from connectors.config import QueryLogColumns

BATCH_ROWS = 50_000
FIELDS = ("query", "user", "application", "started_at")


@dataclass
class Batch:
    """One batch of rows, column by column (``line_no`` is the file line the row starts on)."""

    query: list[str] = field(default_factory=list)
    user: list[str | None] = field(default_factory=list)
    application: list[str | None] = field(default_factory=list)
    started_at: list[object] = field(default_factory=list)
    line_no: list[int] = field(default_factory=list)

    def __len__(self) -> int:
        return len(self.line_no)


@dataclass
class BadLines:
    """Bad lines of one file: the first ``keep`` as errors of their own, the rest counted."""

    path: str
    keep: int = 20
    count: int = 0
    first: list[tuple[int, str]] = field(default_factory=list)
    last_line: int = 0

    def add(self, line: int, message: str) -> None:
        self.count += 1
        self.last_line = line
        if len(self.first) < self.keep:
            self.first.append((line, message))

    def report(self, result: CrawlResult) -> None:
        for line, message in self.first:
            result.error(f"{self.path}:{line}", message)
        if self.count > len(self.first):
            more = self.count - len(self.first)
            result.error(
                self.path,
                f"{more} more bad lines not listed (up to line {self.last_line}); "
                f"{self.count} bad lines in all",
            )


def _text(value: object) -> str | None:
    if value is None:
        return None
    return value if isinstance(value, str) else str(value)


def read_jsonl(path: Path, cols: QueryLogColumns, bad: BadLines) -> Iterator[Batch]:
    """JSON objects, one per line; a line that is not one is a bad line, the rest are kept."""
    batch = Batch()
    with path.open("rb") as fh:
        line_no = 0
        for line_no, raw in enumerate(fh, start=1):
            if not raw.strip():
                continue
            try:
                text = raw.decode("utf-8")
            except UnicodeDecodeError as err:
                bad.add(line_no, f"invalid UTF-8 at byte {err.start}")
                continue
            try:
                obj = json.loads(text)
            except json.JSONDecodeError as err:
                truncated = not raw.endswith(b"\n")
                bad.add(line_no, ("truncated last line: " if truncated else "invalid JSON: ") + err.msg)
                continue
            if not isinstance(obj, dict):
                bad.add(line_no, f"expected a JSON object, got {type(obj).__name__}")
                continue
            _append(
                batch,
                line_no,
                obj.get(cols.query),
                obj.get(cols.user),
                obj.get(cols.application),
                obj.get(cols.started_at),
                cols,
                bad,
            )
            if len(batch) >= BATCH_ROWS:
                yield batch
                batch = Batch()
    if len(batch):
        yield batch


def read_csv(path: Path, cols: QueryLogColumns, bad: BadLines) -> Iterator[Batch]:
    """CSV with a header row; quoted multi-line queries are fine, undecodable rows are bad lines."""
    batch = Batch()
    with (
        path.open("rb") as raw,
        io.TextIOWrapper(raw, encoding="utf-8", errors="surrogateescape", newline="") as fh,
    ):
        reader = csv.reader(fh)
        try:
            header = next(reader)
        except StopIteration:
            return
        except csv.Error as err:
            bad.add(1, f"unreadable header: {err}")
            return
        index = {name.strip().lstrip("\ufeff"): i for i, name in enumerate(header)}
        if cols.query not in index:
            bad.add(1, f"no column {cols.query!r} in the header (columns: {', '.join(index)})")
            return
        qi = index[cols.query]
        ui, ai, ti = (index.get(c) for c in (cols.user, cols.application, cols.started_at))
        width = len(header)
        prev_end = reader.line_num
        while True:
            start = prev_end + 1
            try:
                row = next(reader)
            except StopIteration:
                break
            except csv.Error as err:
                bad.add(start, f"invalid CSV: {err}")
                prev_end = reader.line_num
                continue
            prev_end = reader.line_num
            if not row:
                continue
            if len(row) != width:
                bad.add(start, f"expected {width} fields, got {len(row)}")
                continue
            if any(_has_surrogate(v) for v in row):
                bad.add(start, "invalid UTF-8")
                continue
            _append(batch, start, row[qi], _at(row, ui), _at(row, ai), _at(row, ti), cols, bad)
            if len(batch) >= BATCH_ROWS:
                yield batch
                batch = Batch()
    if len(batch):
        yield batch


def _at(row: list[str], i: int | None) -> str | None:
    return row[i] if i is not None and row[i] != "" else None


def _has_surrogate(value: str) -> bool:
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False


def _append(
    batch: Batch,
    line_no: int,
    query: object,
    user: object,
    app: object,
    started: object,
    cols: QueryLogColumns,
    bad: BadLines,
) -> None:
    if not isinstance(query, str) or not query.strip():
        bad.add(
            line_no,
            f"missing field {cols.query!r}" if query is None else f"field {cols.query!r} is not SQL text",
        )
        return
    batch.query.append(query)
    batch.user.append(_text(user))
    batch.application.append(_text(app))
    batch.started_at.append(started)
    batch.line_no.append(line_no)
