"""Where the shallow brackets of a JSON document are, found without parsing it.

A 200 MB manifest parsed in one call becomes about 7x its size in Python objects. To read
it one resource at a time, the reader needs the byte span of each resource: the ``{`` and
``}`` one and two levels below the top that are not inside a string. This module finds
them with whole-array numpy operations over fixed windows of the bytes (a quote is a
string delimiter unless an odd run of backslashes precedes it; a bracket is structure
when an even number of delimiters precede it), so the cost is a few passes of C over the
buffer and the memory about 10 bytes per byte of one window. It does not validate the JSON
between the brackets; the reader parses every span it uses, and this module reports what
it can see: an unbalanced bracket, and a document that ends inside a string or an open
bracket (the usual truncated file).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

WINDOW = 1 << 21  # bytes per numpy pass: ~10 bytes of temporaries per byte of window

_OPEN, _CLOSE, _QUOTE, _BACKSLASH = 1, 2, 3, 4
_CODES = np.zeros(256, dtype=np.uint8)
_CODES[[ord("{"), ord("[")]] = _OPEN
_CODES[[ord("}"), ord("]")]] = _CLOSE
_CODES[ord('"')] = _QUOTE
_CODES[ord("\\")] = _BACKSLASH
_TABLE = _CODES.tobytes()  # for bytes.translate, which maps a window to codes faster than numpy


class JsonShapeError(ValueError):
    """The brackets or strings of the document do not balance; ``pos`` is a byte offset."""

    def __init__(self, pos: int, msg: str) -> None:
        super().__init__(msg)
        self.pos, self.msg = pos, msg


class UnbalancedError(JsonShapeError):
    """Strings or brackets do not balance. Seen only where it shows (often the end of the
    file), which need not be where the document broke: a stray quote shows at the end."""


@dataclass(frozen=True)
class Brackets:
    """Brackets outside strings whose level is at most the requested one, in document order.

    ``level`` is the nesting depth inside the bracket pair: 1 for the document's own
    braces, 2 for the containers that are values of top-level keys, and so on; an opening
    bracket and its closing one have the same level.
    """

    pos: np.ndarray  # byte offsets
    level: np.ndarray
    char: np.ndarray  # the bracket bytes (uint8)


def _escaped(backslashes: np.ndarray, escape_first: bool, size: int) -> tuple[np.ndarray, bool]:
    """Positions escaped by a backslash, and whether the escape runs past the window's end.

    In a run of n backslashes the 1st, 3rd... escape the next one, so the byte after the
    run is escaped when n is odd (minus one when the run's first byte is itself escaped
    by a backslash that ended the previous window).
    """
    if backslashes.size:
        breaks = np.flatnonzero(np.diff(backslashes) != 1)
        starts = backslashes[np.concatenate(([0], breaks + 1))]
        ends = backslashes[np.concatenate((breaks, [backslashes.size - 1]))]
        runs = ends - starts + 1
        if escape_first and starts[0] == 0:
            runs[0] -= 1
        escaped = ends[runs % 2 == 1] + 1
    else:
        escaped = backslashes
    if escape_first and not (backslashes.size and backslashes[0] == 0):
        escaped = np.concatenate(([0], escaped))
    if escaped.size and escaped[-1] == size:
        return escaped[:-1], True
    return escaped, False


def find_brackets(buf: bytes, max_level: int, window: int = WINDOW) -> Brackets:
    """The brackets of ``buf`` down to ``max_level``; raise UnbalancedError if they cannot balance.

    >>> b = find_brackets(rb'{"a": {"x": "}\\"{"}, "b": [[1], {}]}', 2)
    >>> list(zip(b.pos.tolist(), b.level.tolist(), b.char.tobytes().decode()))
    [(0, 1, '{'), (6, 2, '{'), (18, 2, '}'), (26, 2, '['), (34, 2, ']'), (35, 1, '}')]
    >>> try:
    ...     find_brackets(b'{"a": [1, 2', 2)
    ... except UnbalancedError as exc:
    ...     print(exc.pos, exc.msg)
    11 unexpected end of data: 2 brackets still open
    """
    in_string, escape_first, depth = 0, False, 0
    positions: list[np.ndarray] = []
    levels: list[np.ndarray] = []
    for base in range(0, len(buf), window):
        size = min(window, len(buf) - base)
        codes = np.frombuffer(buf[base : base + window].translate(_TABLE), dtype=np.uint8)
        special = np.flatnonzero(codes)  # every quote, backslash and bracket, in order
        kind = codes[special]
        del codes
        first_escaped = escape_first and special.size > 0 and special[0] == 0
        escaped, escape_first = _escaped(special[kind == _BACKSLASH], escape_first, size)
        is_quote = kind == _QUOTE
        if escaped.size:  # only a quote right after a backslash may be escaped: check those
            quotes = np.flatnonzero(is_quote[1:]) + 1
            after = quotes[(special[quotes - 1] == special[quotes] - 1) & (kind[quotes - 1] == _BACKSLASH)]
            at = np.searchsorted(escaped, special[after]).clip(max=escaped.size - 1)
            is_quote[after[escaped[at] == special[after]]] = False
            if first_escaped:
                is_quote[0] = False
        # A bracket is structure when an even number of string delimiters come before it.
        inside = (np.cumsum(is_quote, dtype=np.int64) + in_string) & 1
        if inside.size:
            in_string = int(inside[-1])
        is_bracket = (kind <= _CLOSE) & (inside == 0)
        brackets, opens = special[is_bracket], kind[is_bracket] == _OPEN
        if not brackets.size:
            continue
        after = depth + np.cumsum(np.where(opens, 1, -1))
        if after.min() < 0:
            bad = int(brackets[np.argmax(after < 0)]) + base
            raise UnbalancedError(bad, f"unexpected {chr(buf[bad])!r}: no bracket open")
        level = np.where(opens, after, after + 1)
        keep = level <= max_level
        positions.append(brackets[keep] + base)
        levels.append(level[keep])
        depth = int(after[-1])
    if in_string or escape_first:
        raise UnbalancedError(len(buf), "unexpected end of data: inside a string")
    if depth:
        raise UnbalancedError(len(buf), f"unexpected end of data: {depth} brackets still open")
    pos = np.concatenate(positions) if positions else np.zeros(0, dtype=np.int64)
    level = np.concatenate(levels) if levels else pos
    return Brackets(pos=pos, level=level, char=np.frombuffer(buf, dtype=np.uint8)[pos])
