"""Crawl a dbt ``target/`` folder into the raw dbt tables.

The manifest is required (without it there is no dbt project to speak of); run_results,
catalog and sources are optional, each one read independently so that a broken file
costs only its own evidence. Dangling ``depends_on`` ids (a node depending on something
the manifest does not hold, as in trimmed or partially parsed projects) are kept as
edges and counted: they say something about the project, they are not a crawl failure.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path
from typing import Any

from connectors.base import CrawlResult, ScanContext
from connectors.config import DbtConfig
from connectors.dbt_artifacts.artifacts import Artifact, ArtifactError
from connectors.dbt_artifacts.manifest import ManifestEvidence
from connectors.dbt_artifacts.readers import (
    read_catalog,
    read_freshness,
    read_manifest_file,
    read_run_results,
)
from connectors.rows import rows_to_table

SOURCE = "dbt"
log = logging.getLogger(__name__)

OPTIONAL_ARTIFACTS = ("run_results", "catalog", "sources")
_OPTIONAL_READERS: dict[str, Callable[[Path], tuple[Artifact, Any]]] = {
    "run_results": read_run_results,
    "catalog": read_catalog,
    "sources": read_freshness,
}


def _invocation_row(art: Artifact, project_name: str | None) -> dict[str, Any]:
    meta = art.metadata
    return {
        "invocation_id": meta.get("invocation_id"),
        "artifact": str(art.path),
        "artifact_kind": art.kind,
        "schema_version": art.schema_version,
        "dbt_version": meta.get("dbt_version"),
        "project_name": meta.get("project_name") or project_name,
        "generated_at": meta.get("generated_at"),
    }


def crawl_dbt(cfg: DbtConfig, ctx: ScanContext, resolve: Callable[[str], Path]) -> CrawlResult:
    """Read manifest.json (+ run_results, catalog, sources when present) from ``cfg.target_dir``.

    Returns ``dbt_nodes``, ``dbt_edges``, ``dbt_run_results``, ``dbt_source_freshness``
    and ``dbt_invocations`` (always all five, possibly empty) and counts of each, plus
    ``dbt_dangling_refs``. Errors name the artifact file.
    """
    result = CrawlResult(source=SOURCE)
    target = resolve(cfg.target_dir)
    paths = {kind: target / f"{kind}.json" for kind in ("manifest", *OPTIONAL_ARTIFACTS)}
    read: dict[str, Artifact] = {}
    out: dict[str, Any] = {}  # kind -> what its reader returned (rows, evidence, column counts)
    errors: dict[str, str] = {}
    # The catalog before the manifest: its column counts go into the manifest's node rows.
    for kind in ("catalog", "manifest", "run_results", "sources"):
        path = paths[kind]
        if not path.is_file():
            if kind == "manifest":
                where = "" if target.is_dir() else " (the target_dir does not exist)"
                errors[kind] = f"dbt manifest.json not found{where}"
            else:
                log.info("dbt: no %s in %s", path.name, target)
            continue
        try:
            if kind == "manifest":
                read[kind], out[kind] = read_manifest_file(path, out.get("catalog"))
            else:
                read[kind], out[kind] = _OPTIONAL_READERS[kind](path)
        except ArtifactError as exc:
            errors[kind] = str(exc)
    for kind, path in paths.items():  # errors in the order a person reads the folder: manifest first
        if kind in errors:
            result.error(str(path), errors[kind])

    evidence: ManifestEvidence = out.get("manifest") or ManifestEvidence()
    project_name = read["manifest"].metadata.get("project_name") if "manifest" in read else None
    if evidence.dangling_parents:
        log.info(
            "dbt: %d edges point at %d ids missing from %s",
            evidence.dangling_refs,
            len(evidence.dangling_parents),
            paths["manifest"],
        )
    tables = {
        "dbt_nodes": evidence.nodes,
        "dbt_edges": evidence.edges,
        "dbt_run_results": out.get("run_results", []),
        "dbt_source_freshness": out.get("sources", []),
        "dbt_invocations": [_invocation_row(read[k], project_name) for k in paths if k in read],
    }
    for name, rows in tables.items():
        result.add(name, rows_to_table(name, rows, ctx.scan_id))
        result.counts[name] = len(rows)
    result.counts["dbt_dangling_refs"] = evidence.dangling_refs
    return result
