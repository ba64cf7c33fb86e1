"""The Acme demo stack, built once at a fixed clock and read back with real tools.

Each test checks one planted fact of ``demo.acme_findings`` against the artefact a scanner
would read (DuckDB catalog, dbt artifacts, OpenLineage JSON lines, GX result files, the
query log), plus the build's reproducibility: same seed and clock, same warehouse content
and same query log. Building the stack runs dbt and GX for real (about 40 s per build).
"""

from __future__ import annotations

import json
from collections import Counter
from datetime import datetime, timedelta
from pathlib import Path

import duckdb
import numpy as np
import pytest
import yaml

from demo import acme_findings as F
from demo.acme import build
from demo.acme.query_log import (
    BI_TEMPLATES,
    HUMAN_TEMPLATES,
    LOOKER_TEMPLATES,
    TABLEAU_TEMPLATES,
    fill_template,
)
from tests.conftest import ACME_AS_OF as AS_OF

pytestmark = [pytest.mark.e2e, pytest.mark.xdist_group("acme")]


@pytest.fixture(scope="module")
def stack(acme_client: Path) -> Path:
    return acme_client.parent / "stack"


@pytest.fixture(scope="module")
def wh(stack: Path):
    con = duckdb.connect(str(stack / "warehouse.duckdb"), read_only=True)
    yield con
    con.close()


def _one(con, sql: str):
    return con.execute(sql).fetchall()[0]


def _checksum(path: Path) -> list[tuple]:
    """Per relation: row count and an order-independent hash of every row, plus view SQL."""
    con = duckdb.connect(str(path), read_only=True)
    try:
        rels = con.execute(
            "SELECT table_schema, table_name, table_type FROM information_schema.tables ORDER BY 1, 2"
        ).fetchall()
        out = []
        for schema, name, kind in rels:
            count, digest = _one(con, f'SELECT count(*), bit_xor(hash(t)) FROM "{schema}"."{name}" t')
            out.append((schema, name, kind, count, digest))
        out += con.execute(
            "SELECT schema_name, view_name, sql FROM duckdb_views() WHERE NOT internal ORDER BY 1, 2"
        ).fetchall()
        return out
    finally:
        con.close()


def test_stack_json_records_clock_seed_and_versions(stack: Path):
    facts = json.loads((stack / "stack.json").read_text())
    assert facts["as_of"] == AS_OF.isoformat() and facts["seed"] == 42
    assert facts["tool_versions"]["dbt-core"] == "1.11.16"
    assert facts["seconds"]["total"] > 0


def test_warehouse_layers_and_row_counts(wh):
    schemas = {
        r[0] for r in wh.execute("SELECT DISTINCT table_schema FROM information_schema.tables").fetchall()
    }
    assert {"raw", "staging", "intermediate", "marts", "ml", "reporting", "sandbox"} <= schemas
    assert _one(wh, "SELECT count(*) FROM raw.customers")[0] == F.N_CUSTOMERS
    assert _one(wh, "SELECT count(*) FROM raw.products")[0] == F.N_PRODUCTS
    assert _one(wh, "SELECT count(*) FROM raw.stores")[0] == F.N_STORES_OPENED - 1
    assert 40_000 < _one(wh, "SELECT count(*) FROM raw.orders")[0] < 80_000
    assert (
        _one(wh, "SELECT count(*) FROM marts.fct_orders")[0] == _one(wh, "SELECT count(*) FROM raw.orders")[0]
    )
    assert _one(wh, f"SELECT count(*) FROM {F.EMPTY_TABLE}")[0] == 0
    for table in (
        F.TABLES_WITHOUT_LINEAGE
        + F.SANDBOX_WITHOUT_LINEAGE
        + F.LINEAGE_FROM_DBT
        + F.ML_TABLES
        + F.LINEAGE_FROM_QUERY_LOG
    ):
        _one(wh, f"SELECT count(*) FROM {table}")  # exists
    views = {
        f"{s}.{n}"
        for s, n in wh.execute(
            "SELECT schema_name, view_name FROM duckdb_views() WHERE NOT internal"
        ).fetchall()
    }
    assert {f"staging.{m}" for m in F.DBT_MODELS["staging"]} | set(F.LINEAGE_FROM_VIEW_SQL) == views
    for missing in F.MISSING_TABLES:
        schema, name = missing.split(".")
        assert not wh.execute(
            "SELECT 1 FROM information_schema.tables WHERE table_schema = ? AND table_name = ?",
            [schema, name],
        ).fetchall()


def test_history_spans_18_months_and_web_events_are_stale(wh):
    first, last = _one(wh, "SELECT min(ordered_at), max(ordered_at) FROM raw.orders")
    assert timedelta(days=F.HISTORY_DAYS - 1) < AS_OF - first < timedelta(days=F.HISTORY_DAYS + 1)
    assert AS_OF - last < timedelta(days=1)
    (loaded,) = _one(wh, "SELECT max(_airbyte_extracted_at) FROM raw.orders")
    assert AS_OF - loaded == timedelta(hours=3)
    (web_loaded,) = _one(wh, "SELECT max(_loaded_at) FROM raw.web_events")
    assert AS_OF - web_loaded == timedelta(days=F.STALE_DAYS, hours=3)
    assert _one(wh, f"SELECT count(*) FROM raw.orders WHERE store_id = {F.CLOSED_STORE_ID}")[0] > 0
    cols = {
        r[0]
        for r in wh.execute(
            "SELECT column_name FROM information_schema.columns WHERE table_schema='raw'"
        ).fetchall()
    }
    assert {"_airbyte_raw_id", "_airbyte_extracted_at", "_dlt_load_id"} <= cols


def test_ml_artefacts_are_about_eight_months_old(wh):
    first, versions = _one(
        wh, f"SELECT min(predicted_at), count(DISTINCT model_version) FROM {F.ML_PREDICTION_TABLE}"
    )
    # the first weekly scoring run is the first Monday 06:00 on or after as_of - ML_HISTORY_DAYS
    assert timedelta(days=F.ML_HISTORY_DAYS - 7) <= AS_OF - first <= timedelta(days=F.ML_HISTORY_DAYS + 1)
    assert AS_OF - first < timedelta(days=365)  # an AI practice younger than a year (Q6: lt_1y)
    assert versions == len(F.ML_MODEL_VERSIONS)


def test_dbt_run_results_hold_exactly_the_planted_failure(stack: Path):
    target = stack / "dbt_target"
    assert {p.name for p in target.iterdir()} == {
        "manifest.json",
        "run_results.json",
        "catalog.json",
        "sources.json",
    }
    results = json.loads((target / "run_results.json").read_text())
    assert results["args"]["which"] == "build"
    bad = [
        (r["unique_id"], r["status"])
        for r in results["results"]
        if r["status"] not in ("success", "pass", "no-op")
    ]
    assert bad == [(F.FAILING_TEST_UNIQUE_ID, "fail")]
    models = [r for r in results["results"] if r["unique_id"].startswith("model.")]
    assert len(models) == sum(len(m) for m in F.DBT_MODELS.values())
    ran_at = datetime.fromisoformat(results["metadata"]["generated_at"].rstrip("Z"))
    assert timedelta(0) < AS_OF - ran_at < timedelta(hours=3)  # rebased onto the stack clock


def test_manifest_governance_features(stack: Path):
    manifest = json.loads((stack / "dbt_target" / "manifest.json").read_text())
    contract = manifest["nodes"][F.CONTRACT_MODEL]
    assert contract["contract"]["enforced"] and contract["access"] == "public"
    for node_id, cols in F.PII_COLUMNS.items():
        node = manifest["nodes"].get(node_id) or manifest["sources"][node_id]
        assert all("pii" in node["columns"][c]["tags"] for c in cols)
    assert F.EXPOSURE in manifest["exposures"]
    assert set(manifest["groups"]) == {f"group.acme.{g}" for g in F.GROUPS}
    owned = {
        k for k, n in manifest["nodes"].items() if n["resource_type"] == "model" and n["meta"].get("owner")
    }
    assert owned == set(F.MODELS_WITH_OWNER)
    source_tables = {f"{s['schema']}.{s['name']}" for s in manifest["sources"].values()}
    assert source_tables == set(F.RAW_TABLES) - {F.UNDECLARED_RAW_TABLE}


def test_source_freshness_marks_web_events_stale(stack: Path):
    sources = json.loads((stack / "dbt_target" / "sources.json").read_text())
    status = {r["unique_id"]: r["status"] for r in sources["results"]}
    assert status.pop(F.STALE_SOURCE_UNIQUE_ID) == "error"
    assert status == dict.fromkeys(F.FRESH_SOURCE_UNIQUE_IDS, "pass")


def test_openlineage_events(stack: Path):
    events = [json.loads(line) for line in (stack / "openlineage" / "events.jsonl").read_text().splitlines()]
    counts = Counter(e["eventType"] for e in events)
    assert counts == {"START": F.OL_START_EVENTS, "COMPLETE": F.OL_COMPLETE_EVENTS, "FAIL": F.OL_FAIL_EVENTS}
    times = [datetime.fromisoformat(e["eventTime"].rstrip("Z")) for e in events]
    assert (
        times == sorted(times) and max(times) < AS_OF and AS_OF - min(times) < timedelta(days=F.OL_DAYS + 1)
    )
    web = [t for t, e in zip(times, events, strict=True) if e["job"]["name"].endswith("load_web_events")]
    assert AS_OF - max(web) > timedelta(days=F.STALE_DAYS)
    owned = {e["job"]["name"] for e in events if "ownership" in e["job"]["facets"]}
    assert owned == {F.OL_OWNED_JOB}
    outputs = {o["name"] for e in events for o in e["outputs"]}
    assert "ml.customer_features" in outputs and all(o["namespace"] == F.OL_WAREHOUSE_NAMESPACE
                                                     for e in events for o in e["outputs"])  # fmt: skip
    assert any("columnLineage" in o["facets"] for e in events for o in e["outputs"])


def test_gx_results_have_one_failing_expectation(stack: Path):
    failing = []
    tables = set()
    for path in (stack / "gx").glob("*.json"):
        doc = json.loads(path.read_text())
        table = doc["meta"]["active_batch_definition"]["data_asset_name"]
        tables.add(table)
        failing += [(table, r["expectation_config"]["type"], r["expectation_config"]["kwargs"].get("column"))
                    for r in doc["results"] if not r["success"]]  # fmt: skip
        assert datetime.fromisoformat(doc["meta"]["validation_time"]).replace(tzinfo=None) < AS_OF
    assert tables == set(F.GX_VALIDATED_TABLES)
    assert failing == [F.GX_FAILING]


def test_query_log_user_and_tool_mix(stack: Path):
    rows = [json.loads(line) for line in (stack / "query_log.jsonl").read_text().splitlines()]
    assert 2_000 < len(rows) < 6_000
    users = Counter(r["user_name"] for r in rows)
    assert set(users) == set(F.HUMAN_ANALYSTS) | set(F.SERVICE_USERS) | set(F.BI_USERS.values())
    starts = [datetime.fromisoformat(r["start_time"]) for r in rows]
    assert max(starts) < AS_OF and AS_OF - min(starts) <= timedelta(days=F.QUERY_LOG_DAYS)
    by_user = {u: [r for r in rows if r["user_name"] == u] for u in users}
    assert all(r["query_text"].startswith("-- Metabase:: userID:") for r in by_user[F.BI_USERS["metabase"]])
    assert all(r["query_text"].startswith("-- Looker Query Context") for r in by_user[F.BI_USERS["looker"]])
    assert all(r["client_application"].startswith("Tableau") for r in by_user[F.BI_USERS["tableau"]])
    kpi = [r for r in rows if "reporting.kpi_snapshot" in r["query_text"]]
    assert kpi and {r["user_name"] for r in kpi} == {F.KPI_SNAPSHOT_AUTHOR}
    assert any(r["query_text"].lstrip().startswith("create table") for r in by_user["dbt"])


@pytest.mark.parametrize("template", BI_TEMPLATES + LOOKER_TEMPLATES + TABLEAU_TEMPLATES + HUMAN_TEMPLATES)
def test_logged_reads_bind_against_the_warehouse(wh, template: str):
    wh.execute("EXPLAIN " + fill_template(template, AS_OF, np.random.default_rng(0))).fetchall()


def test_client_file_points_into_the_stack(stack: Path):
    client = yaml.safe_load(
        (Path(__file__).resolve().parents[2] / "examples" / "acme" / "acme.yaml").read_text()
    )
    assert client["warehouse"]["path"] == "stack/warehouse.duckdb"
    assert client["query_logs"][0] == {
        "path": "stack/query_log.jsonl",
        "format": "jsonl",
        "dialect": "duckdb",
    }


def test_rebuild_is_deterministic_and_replaces_the_stack(stack: Path, wh):
    again = stack.parent / "again"
    again.mkdir()
    (again / "left_from_an_older_build.txt").write_text("stale")
    build(again, as_of=AS_OF, seed=42)  # rebuilding over an existing stack swaps it whole
    assert not (again / "left_from_an_older_build.txt").exists()
    assert _checksum(stack / "warehouse.duckdb") == _checksum(again / "warehouse.duckdb")
    assert (stack / "query_log.jsonl").read_bytes() == (again / "query_log.jsonl").read_bytes()
    assert (stack / "openlineage" / "events.jsonl").read_bytes() == (
        again / "openlineage" / "events.jsonl"
    ).read_bytes()
    assert not [p for p in stack.parent.iterdir() if p.name.startswith(".")]  # no temp or old dirs left
