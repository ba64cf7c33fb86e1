"""Reading one dbt artifact file: parse once, check its schema version, or say why not.

Every dbt artifact names its JSON schema in ``metadata.dbt_schema_version``
(``https://schemas.getdbt.com/dbt/manifest/v12.json``). The fields this connector reads
are stable across the versions listed in :data:`SUPPORTED`; a version outside them is
refused rather than guessed at, because a silently misread manifest would produce wrong
evidence that nobody notices. Files are parsed with orjson in one call: building typed
models per node (dbt-artifacts-parser) costs about 7x the parse time on large manifests
and this connector reads a handful of keys per node.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import orjson

# Artifact kind (file stem) -> (kind as spelled in the schema URL, supported versions).
SUPPORTED: dict[str, tuple[str, range]] = {
    "manifest": ("manifest", range(7, 13)),  # dbt 1.3 (v7) .. 1.8-1.12 (v12)
    "run_results": ("run-results", range(4, 7)),  # dbt 1.3 (v4) .. 1.12 (v6)
    "catalog": ("catalog", range(1, 2)),
    "sources": ("sources", range(1, 4)),  # dbt 1.0+ writes v3
}

_SCHEMA_URL = re.compile(r"/dbt/(?P<kind>[a-z-]+)/v(?P<version>\d+)\.json\s*$")


class ArtifactError(Exception):
    """An artifact that cannot be used; the message says why, the crawl names the file."""


@dataclass(frozen=True)
class Artifact:
    path: Path
    kind: str  # manifest | run_results | catalog | sources
    data: dict[str, Any]
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


def read_artifact(path: Path, kind: str) -> Artifact:
    """Parse ``path`` as a dbt artifact of ``kind``; raise ArtifactError with a readable reason."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise ArtifactError(f"cannot read: {exc.strerror or exc}") from None
    try:
        data = orjson.loads(raw)
    except orjson.JSONDecodeError as exc:
        raise ArtifactError(
            f"invalid JSON (truncated or corrupt) at line {exc.lineno} column {exc.colno}: {exc.msg}"
        ) from None
    del raw  # the parsed tree is what we keep; free the bytes before the caller walks it
    if not isinstance(data, dict):
        raise ArtifactError(f"expected a JSON object at the top level, found {type(data).__name__}")
    url = (data.get("metadata") or {}).get("dbt_schema_version")
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
    return Artifact(path=path, kind=kind, data=data, schema_version=f"v{version}")
