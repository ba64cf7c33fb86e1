"""Locale-aware formatting of numbers, shares and timestamps for the report.

Why hand-written rather than ``locale``/Babel: ``locale`` depends on what the host has
generated (a CI container often has only C.UTF-8) and Babel is not a dependency; the report
needs two languages and a few shapes, and golden tests need the same bytes on every machine.
French uses a decimal comma and a narrow no-break space (U+202F) as thousands separator and
before ``%``.
"""

from __future__ import annotations

import math
from datetime import datetime

from reports.i18n import Catalog


def fmt_number(value: float | int | None, cat: Catalog, decimals: int | None = None) -> str:
    """Format a number: integers with thousands separators, others with up to 2 decimals.

    >>> from reports.i18n import load_catalog
    >>> fmt_number(12345.5, load_catalog("fr"))
    '12\u202f345,5'
    >>> fmt_number(3, load_catalog("en"))
    '3'
    """
    if value is None or (isinstance(value, float) and not math.isfinite(value)):
        return cat.label("none_value")
    if isinstance(value, bool):
        return cat.label("word_yes") if value else cat.label("word_no")
    if decimals is None:
        decimals = 0 if float(value).is_integer() else 2
    text = f"{float(value):,.{decimals}f}"
    if decimals and "." in text:
        text = text.rstrip("0").rstrip(".") if decimals > 0 else text
    meta = cat.meta
    return text.replace(",", "\0").replace(".", meta["decimal_sep"]).replace("\0", meta["thousands_sep"])


def fmt_percent(value: float | int | None, cat: Catalog, *, is_share: bool = False) -> str:
    """Format a percentage; ``is_share`` multiplies a 0..1 share by 100 first.

    >>> from reports.i18n import load_catalog
    >>> fmt_percent(0.625, load_catalog("fr"), is_share=True)
    '62,5\u202f%'
    """
    if value is None:
        return cat.label("none_value")
    pct = float(value) * 100 if is_share else float(value)
    return cat.meta["percent_fmt"].format(n=fmt_number(round(pct, 1), cat))


def parse_timestamp(value: str | None) -> datetime | None:
    """Parse an ISO timestamp (``Z`` accepted); None when absent or unreadable."""
    if not value:
        return None
    try:
        return datetime.fromisoformat(str(value).replace("Z", "+00:00"))
    except ValueError:
        return None


def fmt_datetime(value: str | None, cat: Catalog, *, with_time: bool = True) -> str:
    """Format an ISO timestamp as a long date in the report language (UTC as given).

    Scan timestamps are naive UTC in the evidence store, so no conversion happens here; an
    unreadable value is shown as given rather than hidden.

    >>> from reports.i18n import load_catalog
    >>> fmt_datetime("2026-11-20T08:05:00Z", load_catalog("fr"))
    '20 novembre 2026 à 08 h 05 UTC'
    """
    moment = parse_timestamp(value)
    if moment is None:
        return str(value) if value else cat.label("none_value")
    meta = cat.meta
    parts = {
        "day": moment.day,
        "month": meta["months"][moment.month - 1],
        "year": moment.year,
        "hh": f"{moment.hour:02d}",
        "mm": f"{moment.minute:02d}",
    }
    return (meta["datetime_fmt"] if with_time else meta["date_fmt"]).format(**parts)
