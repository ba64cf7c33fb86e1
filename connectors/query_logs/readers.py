"""Streaming readers for JSONL and CSV query logs: column batches out, bad lines counted.

Exports are large and never perfectly clean (a truncated last line, a stray byte that is
not UTF-8, a row without the query). The readers stream the file and yield columnar
batches of the fields a :class:`~connectors.query_logs.formats.Fields` names (plain
lists, turned into Arrow by the caller), never a list of every row; every bad line goes
to a :class:`BadLines` sink that keeps the first few with their line numbers and counts
the rest. Rows a format says to leave out (a BigQuery LOAD job) are counted, not errors.
"""

from __future__ import annotations

import codecs
import csv
import io
import json
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import orjson

from connectors.base import CrawlResult
from connectors.query_logs.formats import Fields, Getter

BATCH_ROWS = 50_000


@dataclass
class Batch:
    """One batch of rows, column by column (``line_no`` is the file line the row starts on)."""

    query: list[str] = field(default_factory=list)
    user: list[str | None] = field(default_factory=list)
    application: list[str | None] = field(default_factory=list)
    started_at: list[object] = field(default_factory=list)
    line_no: list[int] = field(default_factory=list)
    calls: list[object] = field(default_factory=list)
    role: list[str | None] = field(default_factory=list)
    warehouse: list[str | None] = field(default_factory=list)

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
    skipped: Counter = field(default_factory=Counter)  # rows left out on purpose, by reason

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


def _decode_json(raw: bytes, line_no: int, bad: BadLines) -> object:
    """One line with the ``json`` module: the messages bad lines are reported with.

    orjson reads the lines first; this path takes the lines it refuses (bad lines, and
    what only ``json`` accepts: NaN, lone surrogates) so results and messages stay the same.
    """
    try:
        text = raw.decode("utf-8-sig" if line_no == 1 else "utf-8")
    except UnicodeDecodeError as err:
        bad.add(line_no, f"invalid UTF-8 at byte {err.start}")
        return _BAD
    try:
        return json.loads(text)
    except json.JSONDecodeError as err:
        truncated = not raw.endswith(b"\n")
        bad.add(line_no, ("truncated last line: " if truncated else "invalid JSON: ") + err.msg)
        return _BAD


_BAD = object()


def read_jsonl(path: Path, fields: Fields, bad: BadLines) -> Iterator[Batch]:
    """JSON objects, one per line; a line that is not one is a bad line, the rest are kept."""
    batch = Batch()
    plan = _Plan.of(fields)
    with path.open("rb") as fh:
        line_no = 0
        for line_no, raw in enumerate(fh, start=1):
            if not raw.strip():
                continue
            try:
                obj = orjson.loads(raw[3:] if line_no == 1 and raw.startswith(codecs.BOM_UTF8) else raw)
            except orjson.JSONDecodeError:
                obj = _decode_json(raw, line_no, bad)
                if obj is _BAD:
                    continue
            if not isinstance(obj, dict):
                bad.add(line_no, f"expected a JSON object, got {type(obj).__name__}")
                continue
            if fields.case_insensitive:
                obj = {str(k).lower(): v for k, v in obj.items()}
            _append(batch, line_no, obj.get, plan, bad)
            if len(batch) >= BATCH_ROWS:
                yield batch
                batch = Batch()
    if len(batch):
        yield batch


def read_csv(path: Path, fields: Fields, bad: BadLines) -> Iterator[Batch]:
    """CSV with a header row; quoted multi-line queries are fine, undecodable rows are bad lines."""
    batch = Batch()
    plan = _Plan.of(fields)
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
        index = {fields.key(name.strip().lstrip("\ufeff")): i for i, name in enumerate(header)}
        if not any(fields.key(q) in index for q in fields.query):
            bad.add(1, f"no column {fields.query[0]!r} in the header (columns: {', '.join(index)})")
            return
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
            _append(batch, start, _csv_getter(row, index), plan, bad)
            if len(batch) >= BATCH_ROWS:
                yield batch
                batch = Batch()
    if len(batch):
        yield batch


def _csv_getter(row: list[str], index: dict[str, int]) -> Getter:
    def get(name: str) -> str | None:
        i = index.get(name)
        return row[i] if i is not None and row[i] != "" else None

    return get


def _has_surrogate(value: str) -> bool:
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False


@dataclass(frozen=True)
class _Plan:
    """A format's candidate names per field, keyed once per file instead of once per row."""

    fields: Fields
    query: tuple[str, ...]
    user: tuple[str, ...]
    application: tuple[str, ...]
    started_at: tuple[str, ...]
    calls: tuple[str, ...]
    role: tuple[str, ...]
    warehouse: tuple[str, ...]

    @classmethod
    def of(cls, fields: Fields) -> _Plan:
        def keyed(names: tuple[str, ...]) -> tuple[str, ...]:
            return tuple(fields.key(n) for n in names)

        return cls(
            fields,
            keyed(fields.query),
            keyed(fields.user),
            keyed(fields.application),
            keyed(fields.started_at),
            keyed(fields.calls),
            keyed(fields.role),
            keyed(fields.warehouse),
        )


def _first(get: Getter, keys: tuple[str, ...]) -> object:
    if len(keys) == 1:  # most fields have one name: no loop
        value = get(keys[0])
        return None if value == "" else value
    for key in keys:
        value = get(key)
        if value is not None and value != "":
            return value
    return None


def _append(batch: Batch, line_no: int, get: Getter, plan: _Plan, bad: BadLines) -> None:
    fields = plan.fields
    if fields.skip is not None:
        reason = fields.skip(get)
        if reason:
            bad.skipped[reason] += 1
            return
    query = _first(get, plan.query)
    if not isinstance(query, str) or not query.strip():
        name = fields.query[0]
        bad.add(line_no, f"missing field {name!r}" if query is None else f"field {name!r} is not SQL text")
        return
    app = _first(get, plan.application)
    batch.query.append(query)
    batch.user.append(_text(_first(get, plan.user)))
    batch.application.append(fields.application_text(app) if fields.application_text else _text(app))
    batch.started_at.append(_first(get, plan.started_at))
    batch.line_no.append(line_no)
    batch.calls.append(_first(get, plan.calls))
    batch.role.append(_text(_first(get, plan.role)))
    batch.warehouse.append(_text(_first(get, plan.warehouse)))
