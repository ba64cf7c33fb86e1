"""The evidence model: dbt_project/ built by dbt-duckdb over the client's evidence store.

dagster-dbt turns every model into an asset and every dbt test into an asset check, so
the UI shows which signal failed to build. The dbt sources (the raw tables) are mapped to
the crawl assets that land them, which gives the graph its real shape.
"""

import json
import os
import sys
from collections.abc import Iterator, Mapping, Sequence
from functools import cache, cached_property
from importlib.metadata import version as installed_version
from pathlib import Path
from typing import Any

import dagster as dg
from dagster_dbt import DagsterDbtTranslator, DbtCliResource, DbtProject, dbt_assets
from packaging import version

from connectors.store import EvidenceStore
from orchestration import progress
from orchestration.dbt_manifest import build_fingerprint, dbt_executable, ensure_manifest
from orchestration.defs.crawl import raw_asset_key
from orchestration.defs.partitions import clients_partitions
from orchestration.defs.resources import ScannerResource
from orchestration.scan_steps import full_rescan_requested, utcnow
from orchestration.settings import DBT_PROJECT_DIR

EVIDENCE_GROUP = "evidence"


class EvidenceTranslator(DagsterDbtTranslator):
    """Sources become the crawl assets; models live under the ``evidence`` prefix and group."""

    def get_asset_key(self, dbt_resource_props: Mapping[str, Any]) -> dg.AssetKey:
        if dbt_resource_props["resource_type"] == "source":
            if dbt_resource_props["name"] == "scans":
                return dg.AssetKey("scan_session")
            return raw_asset_key(dbt_resource_props["name"])
        return super().get_asset_key(dbt_resource_props).with_prefix("evidence")

    def get_group_name(self, dbt_resource_props: Mapping[str, Any]) -> str | None:
        return EVIDENCE_GROUP


dbt_project = DbtProject(project_dir=DBT_PROJECT_DIR, profiles_dir=DBT_PROJECT_DIR)
translator = EvidenceTranslator()
EVIDENCE_MANIFEST = ensure_manifest()


@dbt_assets(
    manifest=EVIDENCE_MANIFEST,
    project=dbt_project,
    partitions_def=clients_partitions,
    dagster_dbt_translator=translator,
    name="evidence_model",
)
def evidence_model(
    context: dg.AssetExecutionContext, dbt: DbtCliResource, scanner: ScannerResource
) -> Iterator[Any]:
    """Builds the evidence marts (signals, table facts, lineage edges) for every scan of the client."""
    cfg = scanner.client(context.partition_key)
    store = scanner.store(cfg.client)
    store.ensure_schema()
    # The dbt subprocess inherits this process's environment (dagster-dbt copies os.environ);
    # each step runs in its own process or serially in-process, so this is step-local.
    os.environ["MATURITY_EVIDENCE_DB"] = str(store.path)
    progress.update("evidence", "dbt build")
    # Only this run's scan is computed (every scan when the run opened none: a rebuild of the
    # model alone); earlier scans' rows stay as built. See dbt_project/macros/scan_scope.sql.
    scan_id = _scan_of_run(store, context.run_id)
    digest = build_fingerprint()
    full = full_rescan_requested()
    reuse_from = store.evidence_reuse_source(scan_id, digest) if scan_id and not full else None
    if reuse_from:
        context.log.info(
            f"every source unchanged since scan {reuse_from}: its clock-free model rows are reused"
        )
    whole = _whole_model_selected(context)
    keep_static = (
        bool(scan_id) and whole and not full and store.static_nodes_built_by(static_relations()) == digest
    )
    if keep_static:
        context.log.info("the seeds and views in the store are this project's: they are not rebuilt")
    else:
        # Until this build succeeds the store's seeds and views are of no known project version.
        store.note_static_nodes_built(None, utcnow())
    args = DBT_BUILD_ARGS + (KEEP_STATIC_ARGS if keep_static else [])
    with store.dbt_build_scope(scan_id, utcnow(), reuse_from):
        yield from dbt.cli(args, context=context, target_path=dbt_target_dir(store)).stream()
    if whole:
        store.note_static_nodes_built(digest, utcnow())
    if scan_id:
        store.record_dbt_build(scan_id, digest, utcnow())
    progress.update("evidence", "done")


# dbt's unit tests check the models' logic, which does not change between scans: they run in
# the test suite, not in every client scan.
DBT_BUILD_ARGS = ["build", "--exclude-resource-type", "unit_test"]

# The seeds and views already built by this project (dbt_project/macros/static_nodes.sql):
# rebuilding them (and testing the seeds again) was 5 to 7 s of every scan. `buildable`
# keeps the tests that also read an incremental model, such as a mart's relationship to the
# signal catalogue; the tests of seeds or views alone are left out (the scan id tests of
# stg_scans__* have their twins on the raw.scans source).
KEEP_STATIC_ARGS = [
    "--exclude",
    "resource_type:seed config.materialized:view",
    "--indirect-selection",
    "buildable",
]


@cache
def static_relations() -> tuple[tuple[str, str], ...]:
    """(schema, name) of every seed and view of the project, as the manifest places them."""
    nodes = json.loads(EVIDENCE_MANIFEST.read_text())["nodes"].values()
    return tuple(
        (n["schema"], n["alias"])
        for n in nodes
        if n["resource_type"] == "seed"
        or (n["resource_type"] == "model" and n["config"].get("materialized") == "view")
    )


def _whole_model_selected(context: dg.AssetExecutionContext) -> bool:
    """Whether this run builds every model and runs every test (a scan), not a subset of them."""
    assets_def = context.assets_def
    return set(context.selected_asset_keys) == set(assets_def.keys) and set(
        context.selected_asset_check_keys
    ) == set(assets_def.check_keys)


def dbt_target_dir(store: EvidenceStore) -> Path:
    """The client's own dbt target folder, kept between scans.

    dbt re-parses the whole project when its profile changes, and the profile names the
    client's evidence store: a target folder shared by all clients (or dagster-dbt's default,
    a new one per run) would lose ``partial_parse.msgpack`` at every scan. Per client, a
    rescan parses only what changed in the project: nothing, usually.
    """
    return store.path.parent / "dbt_target"


def _scan_of_run(store: EvidenceStore, run_id: str) -> str | None:
    """The scan this run opened (scan ids end with the run id's first 8 hex digits)."""
    suffix = "-" + run_id.replace("-", "")[:8]
    matches = [s.scan_id for s in store.scans() if s.scan_id.endswith(suffix)]
    return matches[-1] if matches else None


class EvidenceDbtCli(DbtCliResource):
    """dagster-dbt's CLI resource without the in-process dbt adapter it builds before each run.

    dagster-dbt loads the dbt project, profile and adapter inside the Dagster process so that
    ``fetch_row_counts``/``fetch_column_metadata`` can query the relations afterwards. The
    evidence model uses neither, and the load cost 5.5 s of a 30 s rescan on the large
    client. Without an adapter dagster-dbt takes the path it already takes when the load
    fails: ``dbt build`` runs as a subprocess exactly as before.
    """

    def _initialize_dbt_core_adapter(self, args: Sequence[str]) -> Any:
        return None

    @cached_property
    def _cli_version(self) -> version.Version:
        """dbt-core's version, read from the package metadata when the dbt is this venv's.

        dagster-dbt runs `dbt --version` before every build to learn it: a second dbt
        process start, 3 s of every scan.
        """
        if Path(self.dbt_executable).parent == Path(sys.executable).parent:
            return version.parse(installed_version("dbt-core"))
        return super()._cli_version


def dbt_resource() -> DbtCliResource:
    return EvidenceDbtCli(project_dir=dbt_project, dbt_executable=dbt_executable())
