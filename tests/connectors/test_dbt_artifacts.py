"""dbt artifacts connector on the four public artifact sets (dbt 1.3 to 1.12, manifest v7 to v12).

Numbers asserted are counted in the corpus files themselves (see corpora/SOURCES.md):
node counts per resource type, edges, dangling references of the trimmed set, run and
freshness results. Bad inputs are real files written to a temporary folder.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from collections import Counter
from datetime import datetime
from pathlib import Path

import pytest

from connectors.base import ScanContext
from connectors.config import DbtConfig
from connectors.dbt_artifacts import crawl_dbt
from connectors.store import RAW_SCHEMAS, EvidenceStore
from tests.conftest import REPO, SHARED

CORPUS = SHARED / "corpora" / "dbt_artifacts"
SET1 = CORPUS / "set1_jaffle_shop__dbt1.12.0_duckdb__manifest_v12"
SET2 = CORPUS / "set2_jaffle_shop_classic__dbt1.8.9_duckdb__manifest_v12__with_openlineage"
SET3 = CORPUS / "set3_sample_dbt_pagila__dbt1.7.3_postgres__manifest_v11"
SET4 = CORPUS / "set4_sample_dbt_pagila__dbt1.3.0_postgres__manifest_v7"
CTX = ScanContext(client="acme", scan_id="scan-1", scanned_at=datetime(2026, 9, 1), base_dir=".")


def crawl(target: Path):
    return crawl_dbt(DbtConfig(target_dir=str(target)), CTX, Path)


def rows(result, table: str) -> list[dict]:
    return result.tables[table].to_pylist()


def by_id(result) -> dict[str, dict]:
    return {r["unique_id"]: r for r in rows(result, "dbt_nodes")}


PAGILA_TYPES = {"source": 12, "test": 7, "model": 4, "snapshot": 1}


@pytest.mark.parametrize(
    ("target", "types", "edges", "dangling", "run_results", "freshness", "invocations", "version"),
    [
        (
            SET1,
            {
                "test": 27,
                "metric": 23,
                "model": 13,
                "seed": 6,
                "source": 6,
                "semantic_model": 6,
                "saved_query": 3,
                "unit_test": 3,
            },
            94,
            0,
            46,
            0,
            3,
            "v12",
        ),
        (SET2, {"test": 5, "seed": 3, "model": 2}, 10, 5, 1, 0, 2, "v12"),
        (SET3, PAGILA_TYPES, 22, 0, 11, 12, 4, "v11"),
        (SET4, PAGILA_TYPES, 22, 0, 0, 12, 3, "v7"),
    ],
    ids=["set1-v12", "set2-v12-trimmed", "set3-v11", "set4-v7"],
)
def test_corpus_counts(target, types, edges, dangling, run_results, freshness, invocations, version):
    result = crawl(target)
    assert result.errors == []
    assert Counter(r["resource_type"] for r in rows(result, "dbt_nodes")) == types
    assert result.counts == {
        "dbt_nodes": sum(types.values()),
        "dbt_edges": edges,
        "dbt_run_results": run_results,
        "dbt_source_freshness": freshness,
        "dbt_invocations": invocations,
        "dbt_dangling_refs": dangling,
    }
    manifest = next(r for r in rows(result, "dbt_invocations") if r["artifact_kind"] == "manifest")
    assert manifest["schema_version"] == version
    for name, table in result.tables.items():
        assert table.schema == RAW_SCHEMAS[name]
        assert set(table.column("scan_id").to_pylist()) <= {"scan-1"}


def test_set1_models_tests_and_run_results():
    result = crawl(SET1)
    nodes = by_id(result)
    orders = nodes["model.jaffle_shop.orders"]
    assert orders["relation_name"] == "main.orders"  # database and quotes dropped
    assert orders["materialized"] == "table"
    assert orders["access"] == "protected" and orders["contract_enforced"] is False
    assert orders["json_path"] == "nodes['model.jaffle_shop.orders']"
    assert orders["column_count"] == 18  # from catalog.json: the warehouse's columns
    assert orders["documented_column_count"] == 7
    assert nodes["source.jaffle_shop.ecom.raw_orders"]["relation_name"] == "raw.raw_orders"
    assert nodes["source.jaffle_shop.ecom.raw_orders"]["source_name"] == "ecom"
    assert nodes["semantic_model.jaffle_shop.orders"]["relation_name"] == "main.orders"
    test = nodes["test.jaffle_shop.not_null_stg_supplies_supply_uuid.515c6eda6d"]
    assert (test["tested_node_id"], test["test_name"]) == ("model.jaffle_shop.stg_supplies", "not_null")
    assert Counter(n["test_name"] for n in nodes.values() if n["resource_type"] == "test") == {
        "not_null": 10, "unique": 9, "expression_is_true": 4, "relationships": 3, "accepted_values": 1,
    }  # fmt: skip
    results = rows(result, "dbt_run_results")
    assert {r["status"] for r in results} == {"success"}
    assert {r["command"] for r in results} == {"docs generate"}
    first = results[0]
    assert first["completed_at"] == datetime(2026, 8, 10, 7, 3, 39, 697175)  # timing 'execute'
    assert first["generated_at"] == datetime(2026, 8, 10, 7, 3, 39, 914971)
    assert first["invocation_id"] == "24ad943b-c71e-497c-be0b-d037a3c525ad"


def test_set2_dangling_refs_are_kept_as_edges_and_owner_from_meta():
    result = crawl(SET2)
    edges = {(e["child_id"], e["parent_id"]) for e in rows(result, "dbt_edges")}
    assert ("model.jaffle_shop.customers", "model.jaffle_shop.stg_payments") in edges
    assert by_id(result)["model.jaffle_shop.customers"]["owner"] == "data-team"
    assert by_id(result)["model.jaffle_shop.customers"]["pii_column_count"] == 0  # meta pii: false


@pytest.mark.parametrize("target", [SET3, SET4], ids=["v11", "v7"])
def test_pagila_governance_relations_and_freshness(target):
    result = crawl(target)
    nodes = by_id(result)
    assert nodes["model.sample_dbt.payments_by_customer_by_month"]["pii_column_count"] == 1
    assert sum(n["pii_column_count"] for n in nodes.values()) == 1
    assert nodes["model.sample_dbt.monthly_billing_with_cust"]["relation_name"] == (
        "public.an-aliased-view-for-monthly-billing"
    )
    assert nodes["model.sample_dbt.customer_details"]["relation_name"] is None  # ephemeral
    owners = {uid: n["owner"] for uid, n in nodes.items() if n["owner"]}
    assert owners == {
        "source.sample_dbt.pagila.actor": "@alice",
        "source.sample_dbt.pagila.country": "@bob",
        "source.sample_dbt.pagila.payment_p2020_02": "@charles",
    }
    fresh = rows(result, "dbt_source_freshness")
    assert Counter(r["status"] for r in fresh) == {"pass": 12}
    actor = next(r for r in fresh if r["unique_id"] == "source.sample_dbt.pagila.actor")
    assert actor["max_loaded_at"] == datetime(2020, 2, 15, 9, 34, 33)
    assert actor["age_seconds"] == pytest.approx(42276862.910052)


def test_set3_run_results_statuses_and_command():
    result = crawl(SET3)
    assert Counter(r["status"] for r in rows(result, "dbt_run_results")) == {"pass": 6, "success": 5}
    assert {r["command"] for r in rows(result, "dbt_run_results")} == {"build"}


def test_group_owner_access_contract_and_column_config_pii(tmp_path):
    manifest = json.loads((SET2 / "manifest.json").read_text())
    manifest["groups"] = {
        "group.jaffle_shop.finance": {"name": "finance", "owner": {"name": None, "email": "fin@acme.io"}}
    }
    orders = manifest["nodes"]["model.jaffle_shop.orders"]
    orders.update(group="finance", access="public", contract={"enforced": True})
    orders["columns"]["customer_id"]["config"] = {"tags": ["GDPR"], "meta": {}}
    (tmp_path / "manifest.json").write_text(json.dumps(manifest))
    node = by_id(crawl(tmp_path))["model.jaffle_shop.orders"]
    assert (node["owner"], node["group_name"], node["access"]) == ("fin@acme.io", "finance", "public")
    assert node["contract_enforced"] is True
    assert node["pii_column_count"] == 1


def test_missing_manifest_is_an_error_naming_the_path(tmp_path):
    shutil.copy(SET2 / "run_results.json", tmp_path)
    result = crawl(tmp_path)
    assert [(e.object, e.message) for e in result.errors] == [
        (str(tmp_path / "manifest.json"), "dbt manifest.json not found")
    ]
    assert result.counts["dbt_nodes"] == 0 and result.counts["dbt_run_results"] == 1


def test_missing_target_dir(tmp_path):
    result = crawl(tmp_path / "nope")
    assert len(result.errors) == 1 and "target_dir does not exist" in result.errors[0].message


def test_truncated_manifest_keeps_the_other_artifacts(tmp_path):
    text = (SET2 / "manifest.json").read_bytes()
    (tmp_path / "manifest.json").write_bytes(text[: len(text) // 2])
    shutil.copy(SET2 / "run_results.json", tmp_path)
    result = crawl(tmp_path)
    assert len(result.errors) == 1
    assert result.errors[0].object == str(tmp_path / "manifest.json")
    assert "invalid JSON (truncated or corrupt)" in result.errors[0].message
    assert result.counts["dbt_run_results"] == 1 and result.counts["dbt_nodes"] == 0


def test_unknown_schema_versions_are_refused_by_name(tmp_path):
    manifest = json.loads((SET2 / "manifest.json").read_text())
    manifest["metadata"]["dbt_schema_version"] = "https://schemas.getdbt.com/dbt/manifest/v99.json"
    (tmp_path / "manifest.json").write_text(json.dumps(manifest))
    run_results = json.loads((SET2 / "run_results.json").read_text())
    run_results["metadata"]["dbt_schema_version"] = "https://schemas.getdbt.com/dbt/run-results/v2.json"
    (tmp_path / "run_results.json").write_text(json.dumps(run_results))
    (tmp_path / "sources.json").write_text('{"metadata": {}, "results": [')
    result = crawl(tmp_path)
    messages = {Path(e.object).name: e.message for e in result.errors}
    assert messages["manifest.json"] == "unsupported manifest schema version v99 (supported: v7 to v12)"
    assert messages["run_results.json"] == "unsupported run-results schema version v2 (supported: v4 to v6)"
    assert messages["sources.json"].startswith("invalid JSON (truncated or corrupt) at line 1")
    assert result.counts["dbt_nodes"] == 0 and result.counts["dbt_invocations"] == 0


def test_tables_land_in_the_evidence_store(tmp_path):
    result = crawl(SET3)
    store = EvidenceStore(tmp_path / "evidence.duckdb")
    store.ensure_schema()
    landed = store.land(result.tables, result.errors, scan_id="scan-1")
    assert landed["dbt_nodes"] == 24 and landed["dbt_source_freshness"] == 12


_MEASURE = """
import sys, time
from datetime import datetime
from pathlib import Path
from connectors.base import ScanContext
from connectors.config import DbtConfig
from connectors.dbt_artifacts import crawl_dbt

def hwm():  # not ru_maxrss: a child's starts at its parent's (pytest's) high-water mark
    with open("/proc/self/status") as fh:
        return next(int(line.split()[1]) for line in fh if line.startswith("VmHWM:")) * 1024

before = hwm()
t = time.perf_counter()
r = crawl_dbt(DbtConfig(target_dir=sys.argv[1]), ScanContext("a", "s", datetime(2026, 1, 1), "."), Path)
print(r.counts["dbt_nodes"], time.perf_counter() - t, before, hwm())
"""


def test_large_manifest_time_and_memory(tmp_path):
    """A ~7 MB manifest (set1's models and tests cloned) crawls in seconds, in bounded memory.

    Run in a fresh interpreter so the peak RSS is the crawl's own. The bound (8x the
    file) is what one parse of the JSON tree costs in CPython objects (measured 6.4x on
    a 51 MB manifest, the same as a bare orjson.loads) plus slack; a per-node model layer
    or a second copy of the tree would break it.
    """
    manifest = json.loads((SET1 / "manifest.json").read_text())
    clones = [n for n in manifest["nodes"].values() if n["resource_type"] in ("model", "test")]
    for i in range(50):
        for node in clones:
            uid = f"{node['unique_id']}_{i}"
            manifest["nodes"][uid] = {**node, "unique_id": uid}
    path = tmp_path / "manifest.json"
    path.write_text(json.dumps(manifest))
    size = path.stat().st_size
    out = subprocess.run(
        [sys.executable, "-c", _MEASURE, str(tmp_path)], capture_output=True, text=True, cwd=REPO, check=True
    )
    nodes, seconds, before, peak = (float(x) for x in out.stdout.split())
    assert nodes == 87 + 50 * 40
    assert size > 7e6
    assert peak - before < 8 * size, f"peak grew {(peak - before) / size:.1f}x the file size"
    assert seconds < 10
