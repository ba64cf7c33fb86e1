"""Reading one dbt artifact file: parse it, check its schema version, or say why not.

Every dbt artifact names its JSON schema in ``metadata.dbt_schema_version``
(``https://schemas.getdbt.com/dbt/manifest/v12.json``). The fields this connector reads
are stable across the versions listed in :data:`SUPPORTED`; a version outside them is
refused rather than guessed at, because a silently misread manifest would produce wrong
evidence that nobody notices.

The caller names the top-level containers whose members it wants one by one (a
manifest's ``nodes``, a run's ``results``) and the top-level values it wants whole; the
rest of the file is dropped. Files up to :data:`STREAM_ABOVE` bytes are parsed with orjson
in one call (fastest); bigger ones are streamed member by member
(:mod:`connectors.dbt_artifacts.json_stream`), so that a 200 MB manifest costs about its
own size in memory instead of 7x. Both paths hand over the same members in the same
order. orjson rather than typed models per node (dbt-artifacts-parser): those cost about
7x the parse time on large manifests, and this connector reads a handful of keys per node.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import orjson

from connectors.dbt_artifacts.json_brackets import UnbalancedError
from connectors.dbt_artifacts.json_diagnose import first_error
from connectors.dbt_artifacts.json_stream import BLANK, JsonShapeError, stream_object

# Artifact kind (file stem) -> (kind as spelled in the schema URL, supported versions).
SUPPORTED: dict[str, tuple[str, range]] = {
    "manifest": ("manifest", range(7, 13)),  # dbt 1.3 (v7) .. 1.8-1.12 (v12)
    "run_results": ("run-results", range(4, 7)),  # dbt 1.3 (v4) .. 1.12 (v6)
    "catalog": ("catalog", range(1, 2)),
    "sources": ("sources", range(1, 4)),  # dbt 1.0+ writes v3
}

# Bigger files are streamed. Measured (benchmarks/README.md): on a 4 MiB manifest the
# whole-file parse is slightly faster; on a 17 MiB one streaming takes two thirds of the
# time and a third of the memory. Most projects' artifacts stay on the whole-file path.
STREAM_ABOVE = 8 * 1024 * 1024

MemberSink = Callable[[str, "str | int", Any], None]  # (section, member key or array index, value)

_SCHEMA_URL = re.compile(r"/dbt/(?P<kind>[a-z-]+)/v(?P<version>\d+)\.json\s*$")


class ArtifactError(Exception):
    """An artifact that cannot be used; the message says why, the crawl names the file."""


@dataclass(frozen=True)
class Artifact:
    path: Path
    kind: str  # manifest | run_results | catalog | sources
    data: dict[str, Any]  # ``metadata`` and the top-level values asked for whole
    schema_version: str  # "v12"

    @property
    def metadata(self) -> dict[str, Any]:
        return self.data.get("metadata") or {}


def parse_schema_version(url: object) -> tuple[str, int] | None:
    """The (kind, version) named by a ``dbt_schema_version`` URL, or None.

    >>> parse_schema_version("https://schemas.getdbt.com/dbt/run-results/v6.json")
    ('run-results', 6)
    >>> parse_schema_version("not a url") is None
    True
    """
    if not isinstance(url, str):
        return None
    m = _SCHEMA_URL.search(url)
    return (m["kind"], int(m["version"])) if m else None


def _position(buf: bytes, pos: int) -> str:
    """``line L column C (byte B)`` of a byte offset, as a person opening the file would look for it."""
    pos = max(0, min(pos, len(buf)))
    line = buf.count(b"\n", 0, pos) + 1
    column = pos - buf.rfind(b"\n", 0, pos)  # rfind is -1 on the first line
    return f"line {line} column {column} (byte {pos})"


def _invalid(buf: bytes, pos: int, msg: str) -> ArtifactError:
    return ArtifactError(f"invalid JSON (truncated or corrupt) at {_position(buf, pos)}: {msg}")


def _read_bytes(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError as exc:
        raise ArtifactError(f"cannot read: {exc.strerror or exc}") from None


def _check_schema(metadata: Any, kind: str) -> str:
    """The artifact's schema version (``v12``) if it is one this connector reads; else ArtifactError."""
    url = metadata.get("dbt_schema_version") if isinstance(metadata, dict) else None
    parsed = parse_schema_version(url)
    url_kind, supported = SUPPORTED[kind]
    if parsed is None:
        raise ArtifactError(f"no recognisable metadata.dbt_schema_version (got {url!r})")
    found_kind, version = parsed
    if found_kind != url_kind:
        raise ArtifactError(f"this is a dbt {found_kind} artifact, expected {url_kind}")
    if version not in supported:
        raise ArtifactError(
            f"unsupported {url_kind} schema version v{version} "
            f"(supported: v{supported.start} to v{supported.stop - 1})"
        )
    return f"v{version}"


def _read_whole(path: Path, kind: str, sections: Collection[str], keep: Collection[str],
                on_member: MemberSink) -> tuple[dict[str, Any], str]:  # fmt: skip
    raw = _read_bytes(path)
    try:
        data = orjson.loads(raw)
    except orjson.JSONDecodeError as exc:
        raise _invalid(raw, len(exc.doc[: exc.pos].encode()), exc.msg) from None
    del raw  # the parsed tree is what we keep; free the bytes before the caller walks it
    if not isinstance(data, dict):
        raise ArtifactError(f"expected a JSON object at the top level, found {type(data).__name__}")
    version = _check_schema(data.get("metadata"), kind)
    for section, entries in data.items():
        if section in sections and isinstance(entries, dict | list):
            for key, value in entries.items() if isinstance(entries, dict) else enumerate(entries):
                on_member(section, key, value)
    return {k: v for k, v in data.items() if k == "metadata" or k in keep}, version


def _read_streamed(path: Path, kind: str, sections: Collection[str], keep: Collection[str],
                   on_member: MemberSink) -> tuple[dict[str, Any], str]:  # fmt: skip
    raw = _read_bytes(path)
    start = BLANK.match(raw).end()
    if raw[start : start + 1] != b"{":  # not an artifact at all: let orjson say what it is
        del raw
        return _read_whole(path, kind, sections, keep, on_member)
    kept: dict[str, Any] = {}
    version = ""

    def on_value(key: str, value: Any) -> None:
        nonlocal version
        if key == "metadata":  # refuse a wrong kind or version as soon as it is known
            version = _check_schema(value, kind)
        kept[key] = value

    try:
        stream_object(raw, sections, {"metadata", *keep}, on_member, on_value)
    except UnbalancedError as exc:  # seen where it shows, not where it broke: find that place
        pos, msg = exc.pos, exc.msg
        located = first_error(raw)
        if located is not None and located[0] < len(raw):
            pos, msg = located
        raise _invalid(raw, pos, msg) from None
    except JsonShapeError as exc:
        raise _invalid(raw, exc.pos, exc.msg) from None
    if not version:
        version = _check_schema(None, kind)
    return kept, version


def read_artifact(
    path: Path,
    kind: str,
    sections: Collection[str] = (),
    on_member: MemberSink | None = None,
    keep: Collection[str] = (),
    stream_above: int | None = None,
) -> Artifact:
    """Read ``path`` as a dbt artifact of ``kind``; raise ArtifactError with a readable reason.

    Each member of the top-level containers named in ``sections`` goes to ``on_member``
    (section, key or array index, value) in file order; ``metadata`` and the top-level
    values named in ``keep`` are returned in ``Artifact.data``. If the read fails, members
    already handed over must be thrown away (in a streamed file the metadata, which says
    whether the file is usable, need not come first). Files bigger than ``stream_above``
    (default :data:`STREAM_ABOVE`, read at call time) are streamed.
    """
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise ArtifactError(f"cannot read: {exc.strerror or exc}") from None
    sink = on_member or (lambda section, key, value: None)
    read = _read_streamed if size > (STREAM_ABOVE if stream_above is None else stream_above) else _read_whole
    data, version = read(path, kind, sections, keep, sink)
    return Artifact(path=path, kind=kind, data=data, schema_version=version)
