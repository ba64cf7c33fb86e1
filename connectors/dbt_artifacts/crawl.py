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
from connectors.dbt_artifacts.artifacts import Artifact, ArtifactError, read_artifact
from connectors.dbt_artifacts.manifest import catalog_column_counts, read_manifest
from connectors.dbt_artifacts.results import freshness_rows, run_result_rows
from connectors.rows import rows_to_table

SOURCE = "dbt"
log = logging.getLogger(__name__)

OPTIONAL_ARTIFACTS = ("run_results", "catalog", "sources")
# Manifest sections the crawl never reads. In a large project the maps and macros hold
# millions of small strings; freeing them before the node walk keeps the walk's rows
# from adding to the parse's peak.
UNREAD_MANIFEST_SECTIONS = ("parent_map", "child_map", "group_map", "macros", "docs", "disabled", "selectors")


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
    artifacts: dict[str, Artifact] = {}

    manifest_path = target / "manifest.json"
    if not manifest_path.is_file():
        where = "" if target.is_dir() else " (the target_dir does not exist)"
        result.error(str(manifest_path), f"dbt manifest.json not found{where}")
    else:
        try:
            artifacts["manifest"] = read_artifact(manifest_path, "manifest")
            for section in UNREAD_MANIFEST_SECTIONS:
                artifacts["manifest"].data.pop(section, None)
        except ArtifactError as exc:
            result.error(str(manifest_path), str(exc))

    for kind in OPTIONAL_ARTIFACTS:
        path = target / f"{kind}.json"
        if not path.is_file():
            log.info("dbt: no %s in %s", path.name, target)
            continue
        try:
            artifacts[kind] = read_artifact(path, kind)
        except ArtifactError as exc:
            result.error(str(path), str(exc))

    nodes: list[dict[str, Any]] = []
    edges: list[dict[str, str]] = []
    dangling = 0
    project_name = None
    if manifest := artifacts.get("manifest"):
        project_name = manifest.metadata.get("project_name")
        catalog = artifacts.get("catalog")
        evidence = read_manifest(
            manifest.data, str(manifest.path), catalog_column_counts(catalog.data) if catalog else None
        )
        nodes, edges, dangling = evidence.nodes, evidence.edges, evidence.dangling_refs
        if evidence.dangling_parents:
            log.info(
                "dbt: %d edges point at %d ids missing from %s",
                dangling,
                len(evidence.dangling_parents),
                manifest.path,
            )

    run_results = (
        run_result_rows(artifacts["run_results"].data, str(artifacts["run_results"].path))
        if "run_results" in artifacts
        else []
    )
    freshness = (
        freshness_rows(artifacts["sources"].data, str(artifacts["sources"].path))
        if "sources" in artifacts
        else []
    )
    invocations = [_invocation_row(a, project_name) for a in artifacts.values()]

    tables = {
        "dbt_nodes": nodes,
        "dbt_edges": edges,
        "dbt_run_results": run_results,
        "dbt_source_freshness": freshness,
        "dbt_invocations": invocations,
    }
    for name, rows in tables.items():
        result.add(name, rows_to_table(name, rows, ctx.scan_id))
        result.counts[name] = len(rows)
    result.counts["dbt_dangling_refs"] = dangling
    return result
