"""The shared vocabulary of scoring: evidence items, measured signals and table facts.

These are the shapes the evidence model marts (``question_signals``, ``signal_evidence``,
``table_facts``; see docs/CONTRACTS.md section 2) take once read by the caller. They are
frozen so that a scorecard built from them cannot be altered after the fact, and they are
plain dataclasses (not pydantic) because they are produced by trusted code, not by users.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any


@dataclass(frozen=True)
class EvidenceItem:
    """One thing a person can check: a table name, a file and JSON path, a run id, a query hash.

    Attributes:
        kind: what ``ref`` points to (``table``, ``dbt_test``, ``dbt_source``, ``run``, ``query``,
            ``role``, ``file``, ``portfolio``...). Free text: the marts decide.
        ref: the reference itself, e.g. ``marts.legacy_sales_report``.
        detail: a short human explanation.
        detail_key, detail_args: the same explanation without words, as the evidence model
            gives it (a sentence key and its values as text), for
            :func:`scoring.detail_texts.localized` to say it in the scan's language; None and
            () for items scoring makes itself.
    """

    kind: str
    ref: str
    detail: str = ""
    detail_key: str | None = field(default=None, compare=False, repr=False)
    detail_args: tuple[str | None, ...] = field(default=(), compare=False, repr=False)

    def to_dict(self) -> dict[str, str]:
        """Plain dict for the result JSON."""
        return {"kind": self.kind, "ref": self.ref, "detail": self.detail}


@dataclass(frozen=True)
class Signal:
    """A measured value for one question, with the items that back it.

    ``value`` is None when the evidence needed to measure it was not available in this scan;
    that is not the same as 0 and leaves the question to the survey. ``detail_key`` and
    ``detail_args`` are the detail without words (see :class:`EvidenceItem`).
    """

    question_id: str
    name: str
    value: float | None
    detail: str = ""
    evidence: tuple[EvidenceItem, ...] = ()
    detail_key: str | None = field(default=None, compare=False, repr=False)
    detail_args: tuple[str | None, ...] = field(default=(), compare=False, repr=False)

    @property
    def measured(self) -> bool:
        """True when the signal has a value."""
        return self.value is not None

    def to_dict(self) -> dict[str, object]:
        """The ``{name, value, detail}`` shape of a question's ``signals`` list."""
        return {"name": self.name, "value": self.value, "detail": self.detail}


def _as_float(value: object) -> float | None:
    if value is None:
        return None
    if isinstance(value, bool):
        return 1.0 if value else 0.0
    if isinstance(value, int | float):
        number = float(value)
        return None if math.isnan(number) else number
    if isinstance(value, str) and value.strip():
        try:
            return float(value)
        except ValueError:
            return None
    return None


def _detail_args(value: object) -> tuple[str | None, ...]:
    if not isinstance(value, list | tuple):
        return ()
    return tuple(None if arg is None else str(arg) for arg in value)


def signals_from_rows(
    signal_rows: Iterable[Mapping[str, Any]], evidence_rows: Iterable[Mapping[str, Any]] = ()
) -> list[Signal]:
    """Build signals from ``question_signals`` rows and their ``signal_evidence`` rows.

    The caller reads the marts (already filtered to one scan) and passes the rows as dicts;
    extra columns such as ``scan_id`` are ignored, and ``detail_key`` / ``detail_args`` are
    optional (rows of stores built before they existed have neither).

    >>> rows = [{"question_id": "Q1", "signal": "lineage_coverage", "value": 0.5, "detail": "2/4"}]
    >>> items = [{"question_id": "Q1", "signal": "lineage_coverage", "kind": "table",
    ...           "ref": "marts.kpi", "detail": "no upstream"}]
    >>> signals_from_rows(rows, items)[0].evidence[0].ref
    'marts.kpi'
    """
    grouped: dict[tuple[str, str], list[EvidenceItem]] = {}
    for row in evidence_rows:
        key = (str(row["question_id"]), str(row["signal"]))
        grouped.setdefault(key, []).append(
            EvidenceItem(
                str(row.get("kind") or ""),
                str(row.get("ref") or ""),
                str(row.get("detail") or ""),
                detail_key=(str(row["detail_key"]) if row.get("detail_key") else None),
                detail_args=_detail_args(row.get("detail_args")),
            )
        )
    signals = []
    for row in signal_rows:
        key = (str(row["question_id"]), str(row["signal"]))
        signals.append(
            Signal(
                question_id=key[0],
                name=key[1],
                value=_as_float(row.get("value")),
                detail=str(row.get("detail") or ""),
                evidence=tuple(grouped.get(key, ())),
                detail_key=(str(row["detail_key"]) if row.get("detail_key") else None),
                detail_args=_detail_args(row.get("detail_args")),
            )
        )
    return signals


def _as_datetime(value: object) -> datetime | None:
    if isinstance(value, datetime):
        return value
    if isinstance(value, date):
        return datetime(value.year, value.month, value.day)
    if isinstance(value, str) and value.strip():
        try:
            return datetime.fromisoformat(value.strip().replace("Z", "+00:00")).replace(tzinfo=None)
        except ValueError:
            return None
    return None


def _as_int(value: object) -> int | None:
    number = _as_float(value)
    return None if number is None else int(number)


def _as_bool(value: object) -> bool | None:
    if value is None:
        return None
    if isinstance(value, str):
        return value.strip().lower() in {"1", "true", "t", "yes", "y"}
    return bool(value)


@dataclass(frozen=True)
class TableFact:
    """One warehouse relation as the ``table_facts`` mart describes it (one scan).

    Numbers are None when not measurable (e.g. no timestamp column, no tests ran).
    """

    table_fqn: str
    schema_name: str = ""
    table_name: str = ""
    table_type: str = ""
    layer: str = "other"
    is_source: bool = False
    is_modelled: bool = False
    row_count: int | None = None
    min_timestamp_at: datetime | None = None
    max_timestamp_at: datetime | None = None
    days_since_update: float | None = None
    has_upstream: bool | None = None
    upstream_count: int | None = None
    test_count: int | None = None
    failed_test_count: int | None = None
    quality_pass_rate: float | None = None
    owner: str | None = None
    has_description: bool | None = None
    scan_id: str | None = field(default=None, compare=False)

    @property
    def history_days(self) -> float | None:
        """Days between the oldest and newest timestamp of the table, when both are known.

        >>> TableFact("a.b", min_timestamp_at=datetime(2024, 1, 1),
        ...           max_timestamp_at=datetime(2024, 3, 1)).history_days
        60.0
        """
        if self.min_timestamp_at is None or self.max_timestamp_at is None:
            return None
        return (self.max_timestamp_at - self.min_timestamp_at).total_seconds() / 86400

    @classmethod
    def from_row(cls, row: Mapping[str, Any]) -> TableFact:
        """Build from a mart row, ignoring columns this version does not know.

        Tolerating extra keys lets the dbt models add columns without breaking scoring.

        >>> TableFact.from_row({"table_fqn": "Marts.Orders", "row_count": 10.0, "extra": 1}).row_count
        10
        """
        fqn = str(row["table_fqn"]).lower()
        schema, _, table = fqn.rpartition(".")
        return cls(
            table_fqn=fqn,
            schema_name=str(row.get("schema_name") or schema).lower(),
            table_name=str(row.get("table_name") or table).lower(),
            table_type=str(row.get("table_type") or ""),
            layer=str(row.get("layer") or "other"),
            is_source=bool(_as_bool(row.get("is_source"))),
            is_modelled=bool(_as_bool(row.get("is_modelled"))),
            row_count=_as_int(row.get("row_count")),
            min_timestamp_at=_as_datetime(row.get("min_timestamp_at")),
            max_timestamp_at=_as_datetime(row.get("max_timestamp_at")),
            days_since_update=_as_float(row.get("days_since_update")),
            has_upstream=_as_bool(row.get("has_upstream")),
            upstream_count=_as_int(row.get("upstream_count")),
            test_count=_as_int(row.get("test_count")),
            failed_test_count=_as_int(row.get("failed_test_count")),
            quality_pass_rate=_as_float(row.get("quality_pass_rate")),
            owner=(str(row["owner"]) if row.get("owner") else None),
            has_description=_as_bool(row.get("has_description")),
            scan_id=(str(row["scan_id"]) if row.get("scan_id") is not None else None),
        )
