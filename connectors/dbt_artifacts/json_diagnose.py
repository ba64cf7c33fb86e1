"""Where exactly a JSON document breaks, found in constant memory, for an error message.

The bracket scanner (:mod:`json_brackets`) sees that strings or brackets do not balance
only at the end of the file: a stray quote in the middle of a 200 MB manifest looks like
a file that ends inside a string. Parsing it whole with orjson would say where, at 7x the
file in memory, which is what streaming avoids. ijson's C parser says where too, holding
nothing: one pass over the file in chunks finds the chunk where it fails, a second feeds
that chunk byte by byte. Only a broken file pays for this (about two parses' time).
"""

from __future__ import annotations

from typing import Any

import ijson

CHUNK = 1 << 16


class _Discard:
    """A sink for ijson's push parser: nothing is built or kept."""

    def send(self, value: object) -> None:
        pass


def _parser() -> Any:  # ijson's coroutine type is not public
    # A prefix no document has: every event is matched and dropped in C, none reaches Python.
    return ijson.items_coro(_Discard(), "\x00never\x00", use_float=True)


def _reason(exc: Exception) -> str:
    """yajl's first line ('parse error: premature EOF'), without its ASCII-art pointer."""
    text = exc.args[0] if exc.args else str(exc)
    if isinstance(text, bytes):
        text = text.decode("utf-8", "replace")
    return str(text).strip().splitlines()[0].strip() if str(text).strip() else type(exc).__name__


def first_error(buf: bytes) -> tuple[int, str] | None:
    """(byte offset, reason) of the first point where ``buf`` stops being JSON, or None if it is JSON.

    >>> first_error(b'{"a": {"m": tabl"table"}}')
    (13, 'lexical error: invalid string in json text.')
    >>> first_error(b'{"a": [1, 2')
    (11, 'parse error: premature EOF')
    >>> first_error(b'{"a": 1}') is None
    True
    """
    parser = _parser()
    failed_at = None
    for start in range(0, len(buf), CHUNK):
        try:
            parser.send(buf[start : start + CHUNK])
        except ijson.JSONError:
            failed_at = start
            break
    if failed_at is None:
        try:
            parser.close()
        except ijson.JSONError as exc:
            return len(buf), _reason(exc)
        return None
    parser = _parser()
    for start in range(0, failed_at, CHUNK):
        parser.send(buf[start : min(start + CHUNK, failed_at)])
    for pos in range(failed_at, min(failed_at + CHUNK, len(buf))):
        try:
            parser.send(buf[pos : pos + 1])
        except ijson.JSONError as exc:
            return pos, _reason(exc)
    return failed_at, "invalid JSON"  # not reached: the same bytes failed in one piece
