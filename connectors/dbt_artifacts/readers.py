"""One reader per artifact kind: the file in, its rows out, built as its members are read.

Each reader names the top-level sections it reads member by member and the values it
needs whole (see :func:`~connectors.dbt_artifacts.artifacts.read_artifact`), so that a
big file never exists as one parsed tree. Rows that depend on the whole file (group
owners, dangling edges, the invocation's command) are settled once it has been read.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from connectors.dbt_artifacts.artifacts import Artifact, read_artifact
from connectors.dbt_artifacts.manifest import (
    RESOURCE_COLLECTIONS,
    ManifestEvidence,
    ManifestWalk,
    count_columns,
)
from connectors.dbt_artifacts.results import freshness_row, run_result_row, stamp_invocation

Rows = list[dict[str, Any]]


def read_catalog(path: Path) -> tuple[Artifact, dict[str, int]]:
    """catalog.json: unique_id -> number of columns the warehouse reported."""
    counts: dict[str, int] = {}
    art = read_artifact(
        path, "catalog", ("nodes", "sources"), lambda _, uid, entry: count_columns(counts, uid, entry)
    )
    return art, counts


def read_manifest_file(
    path: Path, catalog_columns: dict[str, int] | None = None
) -> tuple[Artifact, ManifestEvidence]:
    """manifest.json: node and edge rows."""
    walk = ManifestWalk(str(path), catalog_columns)
    art = read_artifact(path, "manifest", RESOURCE_COLLECTIONS, walk.add, keep=("groups",))
    walk.add_groups(art.data.get("groups"))
    return art, walk.finish()


def read_run_results(path: Path) -> tuple[Artifact, Rows]:
    """run_results.json: one row per executed node."""
    rows: Rows = []

    def add(_: str, index: str | int, result: Any) -> None:
        if (row := run_result_row(index, result, str(path))) is not None:
            rows.append(row)

    art = read_artifact(path, "run_results", ("results",), add, keep=("args",))
    stamp_invocation(rows, art.metadata, art.data.get("args"))
    return art, rows


def read_freshness(path: Path) -> tuple[Artifact, Rows]:
    """sources.json: one row per source freshness result."""
    rows: Rows = []

    def add(_: str, index: str | int, result: Any) -> None:
        if (row := freshness_row(index, result, str(path))) is not None:
            rows.append(row)

    art = read_artifact(path, "sources", ("results",), add)
    return art, rows
