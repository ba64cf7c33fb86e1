"""The evidence model: dbt_project/ built by dbt-duckdb over the client's evidence store.

dagster-dbt turns every model into an asset and every dbt test into an asset check, so
the UI shows which signal failed to build. The dbt sources (the raw tables) are mapped to
the crawl assets that land them, which gives the graph its real shape.
"""

import os
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

import dagster as dg
from dagster_dbt import DagsterDbtTranslator, DbtCliResource, DbtProject, dbt_assets

from connectors.store import EvidenceStore
from orchestration import progress
from orchestration.dbt_manifest import build_fingerprint, dbt_executable, ensure_manifest
from orchestration.defs.crawl import raw_asset_key
from orchestration.defs.partitions import clients_partitions
from orchestration.defs.resources import ScannerResource
from orchestration.scan_steps import utcnow
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


@dbt_assets(
    manifest=ensure_manifest(),
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
    reuse_from = store.evidence_reuse_source(scan_id, digest) if scan_id else None
    if reuse_from:
        context.log.info(
            f"every source unchanged since scan {reuse_from}: its clock-free model rows are reused"
        )
    with store.dbt_build_scope(scan_id, utcnow(), reuse_from):
        yield from dbt.cli(DBT_BUILD_ARGS, context=context, target_path=dbt_target_dir(store)).stream()
    if scan_id:
        store.record_dbt_build(scan_id, digest, utcnow())
    progress.update("evidence", "done")


# dbt's unit tests check the models' logic, which does not change between scans: they run in
# the test suite, not in every client scan.
DBT_BUILD_ARGS = ["build", "--exclude-resource-type", "unit_test"]


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


def dbt_resource() -> DbtCliResource:
    return EvidenceDbtCli(project_dir=dbt_project, dbt_executable=dbt_executable())
