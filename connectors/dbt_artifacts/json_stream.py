"""Read a big JSON object one member of a top-level container at a time.

``orjson.loads`` of a whole 200 MB manifest holds about 7x its size in Python objects
until the last node is read. Here the bytes stay as they are (1x), the shallow brackets
are located first (:mod:`json_brackets`), and each resource (a member of ``nodes``,
``sources``...) is parsed with orjson on its own and handed to a callback, so only one
resource's objects are alive at a time. One pass over the bytes serves every section:
ijson's C backend would build members just as well, but it reads the whole file once
per prefix asked for, and a manifest has up to ten sections to read (measured on a
181 MB manifest: 2.9 s per ijson pass even when nothing matches; the bracket scan takes
1.1 to 1.7 s, see benchmarks/README.md).

Everything this module hands out was parsed by orjson, and so was every byte between
the spans it hands out (keys, commas, scalar members), so a corrupt resource is reported
with its position like a corrupt whole file would be. Sections nobody asked for are
skipped unparsed: only their brackets and strings must balance.
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Callable, Collection
from typing import Any

import numpy as np
import orjson

from connectors.dbt_artifacts.json_brackets import JsonShapeError, find_brackets

MemberSink = Callable[[str, "str | int", Any], None]  # (section, member key or array index, value)
ValueSink = Callable[[str, Any], None]  # (top-level key, value)
_WHITESPACE = b" \t\r\n"
BLANK = re.compile(rb"[ \t\r\n]*")  # JSON's whitespace; match(buf, pos).end() skips it without a copy
_BRACES = {0x7B: (b"{", b"}"), 0x5B: (b"[", b"]")}  # opener -> (open, close) as bytes


def _byte_offset(exc: orjson.JSONDecodeError) -> int:
    """orjson reports positions in characters; spans are in bytes."""
    return len(exc.doc[: exc.pos].encode())


def _parse(text: bytes | memoryview, at: int) -> Any:
    """orjson.loads, with a decode error turned into a JsonShapeError at ``at`` + its offset."""
    try:
        return orjson.loads(text)
    except orjson.JSONDecodeError as exc:
        raise JsonShapeError(at + _byte_offset(exc), exc.msg) from None


def _gap(buf: bytes, start: int, end: int, first: bool, opener: int, value_follows: bool) -> list:
    """Parse the bytes between two spans inside one container: scalar members, and the next key.

    ``buf[start:end]`` sits inside an object (``opener`` is ``{``) or an array, after its
    opening bracket (``first``) or after a member, and before a container member
    (``value_follows``) or before the closing bracket. It is parsed as that container with
    a placeholder for the member that follows, so a missing comma or key is an error at
    its true position. Returns the object's (key, value) pairs or the array's values;
    with ``value_follows`` the last one is the placeholder (for an object, with the
    member's key).
    """
    segment = buf[start:end]
    body = start + len(segment) - len(segment.lstrip(_WHITESPACE))
    if not first:
        if body == end and not value_follows:
            return []
        if body == end or buf[body] != 0x2C:
            raise JsonShapeError(body, "expected ',' between members")
        body += 1
        if not value_follows and not buf[body:end].strip(_WHITESPACE):
            raise JsonShapeError(body - 1, "trailing ',' before a closing bracket")
    elif body == end and not value_follows:
        return []
    open_, close = _BRACES[opener]
    parsed = _parse(open_ + buf[body:end] + (b"0" if value_follows else b"") + close, body - 1)
    return list(parsed.items()) if isinstance(parsed, dict) else parsed


# The usual gap before a member: an optional comma, then a key without escapes. Anything
# else (escaped keys, scalar members, errors) goes through orjson in :func:`_gap`.
_KEY_FIRST = re.compile(rb'[ \t\r\n]*"([^"\\\x00-\x1f]*)"[ \t\r\n]*:[ \t\r\n]*')
_KEY_NEXT = re.compile(rb'[ \t\r\n]*,[ \t\r\n]*"([^"\\\x00-\x1f]*)"[ \t\r\n]*:[ \t\r\n]*')
_COMMA = re.compile(rb"[ \t\r\n]*,[ \t\r\n]*")


class _Container:
    """An object or array being walked: where its next gap starts, and how many members it had."""

    def __init__(self, key: str, opener: int, start: int) -> None:
        self.key, self.opener, self.start = key, opener, start
        self.cursor, self.first, self.count = start + 1, True, 0

    def gap(self, buf: bytes, end: int, value_follows: bool) -> list[tuple[Any, Any]]:
        """The gap before ``end`` as (key or array index, value) pairs, the placeholder last."""
        if value_follows:  # the fast path, for the usual `` , "key": `` or `` , ``
            if self.opener == 0x7B:
                m = (_KEY_FIRST if self.first else _KEY_NEXT).fullmatch(buf, self.cursor, end)
                if m:
                    with contextlib.suppress(UnicodeDecodeError):
                        return [(m[1].decode(), None)]
            elif (BLANK if self.first else _COMMA).fullmatch(buf, self.cursor, end):
                self.count += 1
                return [(self.count - 1, None)]
        parsed = _gap(buf, self.cursor, end, self.first, self.opener, value_follows)
        if self.opener == 0x5B:
            parsed = list(enumerate(parsed, start=self.count))
        self.count += len(parsed)
        return parsed

    def close(self, buf: bytes, end: int, char: int) -> list[tuple[Any, Any]]:
        """Scalar members between the last container member and the closing bracket at ``end``."""
        if _BRACES[self.opener][1][0] != char:
            raise JsonShapeError(end, f"{chr(char)!r} closes {chr(self.opener)!r}")
        return self.gap(buf, end, value_follows=False)


def stream_object(buf: bytes, members: Collection[str], keep: Collection[str],
                  on_member: MemberSink, on_value: ValueSink) -> None:  # fmt: skip
    """Walk the top-level object in ``buf``, calling back for what is asked for.

    Each member of a top-level container named in ``members`` goes to ``on_member``
    (section, key or array index, value), in document order; each top-level value named
    in ``keep`` goes whole to ``on_value``. Raises JsonShapeError (a byte position and a
    reason) on anything that is not valid JSON in the parts read, and on unbalanced
    brackets or strings anywhere.

    >>> got = []
    >>> stream_object(b'{"m": {"v": 1}, "n": {"a": {"x": [1]}, "b": null, "c": []}, "z": {}, "k": 2}',
    ...     {"n"}, {"m", "k"}, lambda s, k, v: got.append((s, k, v)), lambda k, v: got.append((k, v)))
    >>> got
    [('m', {'v': 1}), ('n', 'a', {'x': [1]}), ('n', 'b', None), ('n', 'c', []), ('k', 2)]
    """
    top = _Container("", 0x7B, BLANK.match(buf).end())
    if buf[top.start : top.start + 1] != b"{":
        raise JsonShapeError(top.start, "expected a JSON object at the top level")
    found = find_brackets(buf, 3)
    # Only the top level's own brackets are walked here; inside a section every recorded
    # bracket is one of its members' (level 3), in open/close pairs.
    shallow = np.flatnonzero(found.level <= 2)
    opened = 0  # index in ``found`` of the open section's bracket
    section = top
    view = memoryview(buf)
    for i in shallow[1:].tolist():
        p, char = int(found.pos[i]), int(found.char[i])
        if found.level[i] == 1:  # the top-level object closes; nothing but blanks may follow
            for name, value in top.close(buf, p, char):
                if name in keep:
                    on_value(name, value)
            if BLANK.match(buf, p + 1).end() != len(buf):
                raise JsonShapeError(p + 1, "unexpected content after document")
            return
        if char == 0x7B or char == 0x5B:
            *scalars, (name, _) = top.gap(buf, p, value_follows=True)
            for key, value in scalars:
                if key in keep:
                    on_value(key, value)
            section, opened = _Container(name, char, p), i
            continue
        if section.key in members:
            spans = found.pos[opened + 1 : i].tolist()
            for start, end in zip(spans[::2], spans[1::2], strict=True):
                *scalars, (key, _) = section.gap(buf, start, value_follows=True)
                for k, value in scalars:
                    on_member(section.key, k, value)
                on_member(section.key, key, _parse(view[start : end + 1], start))
                section.cursor, section.first = end + 1, False
            for key, value in section.close(buf, p, char):
                on_member(section.key, key, value)
        elif _BRACES[section.opener][1][0] != char:
            raise JsonShapeError(p, f"{chr(char)!r} closes {chr(section.opener)!r}")
        elif section.key in keep:
            on_value(section.key, _parse(view[section.start : p + 1], section.start))
        top.cursor, top.first = p + 1, False
    raise JsonShapeError(len(buf), "unexpected end of data")  # unreachable: the brackets balance
