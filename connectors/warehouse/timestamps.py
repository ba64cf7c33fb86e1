"""Which column of a table tells its history depth and freshness.

A typed date/time column is required (a VARCHAR ``created_at`` would need a cast that can
fail per row). Among those, names rank: event times (``ordered_at``, ``event_time``,
``created_at``, ``*_date``) first because their min is the history depth and their max
the freshness; then update times; then load times (``_loaded_at``, ``_fivetran_synced``),
whose min is only the first load. TIMESTAMP beats DATE, then the first column wins.
"""

from __future__ import annotations

import re

TIMESTAMP_TYPES = re.compile(r"^(timestamp|datetime|date\b|timestamptz)", re.IGNORECASE)

_RANKS: tuple[tuple[int, re.Pattern[str]], ...] = (
    (
        0,
        re.compile(
            r"^(event_time|event_timestamp|event_at|occurred_at|ordered_at|order_date|"
            r"transaction_(date|time|at)|created_at|created|creation_date|created_on)$",
            re.I,
        ),
    ),
    (1, re.compile(r"(^|_)(created|event|occurred|ordered|order|transaction|sent|paid|booked)(_|$)", re.I)),
    (2, re.compile(r"(_at|_date|_time|_ts|_timestamp|^date|^ts)$", re.I)),
    (3, re.compile(r"(updated|modified|changed)", re.I)),
    (4, re.compile(r"(loaded|synced|ingested|extracted|inserted|_airbyte|_fivetran|_dlt|_sdc|etl)", re.I)),
)


def _rank(name: str) -> int:
    load_like = _RANKS[-1][1].search(name)
    update_like = _RANKS[-2][1].search(name)
    if load_like:
        return 4
    if update_like:
        return 3
    for rank, pattern in _RANKS[:3]:
        if pattern.search(name):
            return rank
    return 5


def pick_timestamp_column(columns: list[tuple[str, str]]) -> tuple[str, str] | None:
    """The (name, type) to measure among a table's (name, type) columns, or None.

    >>> pick_timestamp_column([("id", "INTEGER"), ("_loaded_at", "TIMESTAMP"), ("ordered_at", "DATE")])
    ('ordered_at', 'DATE')
    >>> pick_timestamp_column([("updated_at", "TIMESTAMP WITH TIME ZONE"), ("note_date", "VARCHAR")])
    ('updated_at', 'TIMESTAMP WITH TIME ZONE')
    """
    typed = [(i, n, t) for i, (n, t) in enumerate(columns) if TIMESTAMP_TYPES.match(t or "")]
    if not typed:
        return None
    best = min(
        typed,
        key=lambda c: (_rank(c[1]), 0 if c[2].upper().startswith(("TIMESTAMP", "DATETIME")) else 1, c[0]),
    )
    return best[1], best[2]
