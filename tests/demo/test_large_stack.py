"""The large synthetic client: deterministic, the sizes asked for, and readable by every connector.

Built at a reduced size (the shape is the same at every size); each source is crawled by
the real connector through ``crawl_source`` into a real evidence store, and must come
back clean, with the counts the generator says it wrote.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import duckdb
import orjson
import pytest
import yaml

from demo.large import PRESETS, build_large

SIZES = PRESETS["small"].scaled(relations=300, columns=4_000, schemas=10, models=80, query_rows=1_500,
                                distinct_queries=300, openlineage_events=600, gx_results=200)  # fmt: skip


@pytest.fixture(scope="module")
def client_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_large(tmp_path_factory.mktemp("large") / "stack", size="small", sizes=SIZES, seed=3)


@pytest.fixture(scope="module")
def facts(client_file: Path) -> dict:
    return json.loads((client_file.parent / "stack" / "stack.json").read_text())


def _digest(root: Path) -> str:
    h = hashlib.sha256()
    for f in sorted(
        p for p in root.rglob("*") if p.is_file() and p.suffix != ".duckdb" and p.name != "stack.json"
    ):
        h.update(f.relative_to(root).as_posix().encode() + f.read_bytes())
    return h.hexdigest()


def test_build_is_deterministic(client_file: Path, tmp_path: Path):
    again = build_large(tmp_path / "stack", size="small", sizes=SIZES, seed=3)
    assert _digest(again.parent) == _digest(client_file.parent)
    other = build_large(tmp_path / "other", size="small", sizes=SIZES, seed=4)
    assert _digest(other.parent) != _digest(client_file.parent)


def test_warehouse_has_the_requested_catalog(client_file: Path, facts: dict):
    with duckdb.connect(str(client_file.parent / "stack" / "warehouse.duckdb"), read_only=True) as con:
        tables = con.execute("select count(*) from duckdb_tables()").fetchone()[0]
        views = con.execute("select count(*) from duckdb_views() where not internal").fetchone()[0]
        schemas = con.execute(
            "select count(distinct schema_name) from duckdb_tables() where database_name = current_database()"
        ).fetchone()[0]
        columns = con.execute(
            "select count(*) from duckdb_columns() where database_name = current_database()"
        ).fetchone()[0]
        sampled = con.execute("select count(*) from duckdb_tables() where estimated_size > 0").fetchone()[0]
    assert tables + views == SIZES.relations
    assert views == facts["warehouse"]["views"] > 0
    assert schemas == SIZES.schemas
    assert abs(columns - SIZES.columns) <= SIZES.columns * 0.1
    assert sampled == facts["warehouse"]["sampled_tables"] > 0


def test_artifacts_have_the_requested_counts(client_file: Path, facts: dict):
    stack = client_file.parent / "stack"
    manifest = orjson.loads((stack / "dbt_target" / "manifest.json").read_bytes())
    assert manifest["metadata"]["dbt_schema_version"].endswith("/manifest/v12.json")
    assert sum(n["resource_type"] == "model" for n in manifest["nodes"].values()) == SIZES.models
    lines = sum(1 for p in (stack / "query_logs").glob("*.jsonl") for _ in p.open("rb"))
    assert lines == SIZES.query_rows
    texts = set()
    for path in (stack / "query_logs").glob("*.jsonl"):
        for line in path.open("rb"):
            text = orjson.loads(line)["query_text"]
            texts.add(text.split("\n", 1)[1] if text.startswith("-- ") else text)
    assert len(texts) == SIZES.distinct_queries
    assert sum(1 for _ in (stack / "openlineage" / "events.jsonl").open("rb")) == SIZES.openlineage_events
    assert facts["gx"]["results"] == SIZES.gx_results
    cfg = yaml.safe_load(client_file.read_text())
    assert {"warehouse", "dbt", "openlineage", "gx", "query_logs", "survey", "portfolio"} <= set(cfg)


def test_every_connector_reads_it_cleanly(client_file: Path, facts: dict, tmp_path: Path):
    from connectors.config import load_client
    from connectors.store import EvidenceStore
    from orchestration.scan_steps import CRAWLERS, begin_scan, crawl_source

    cfg = load_client(client_file)
    store = EvidenceStore(tmp_path / "evidence.duckdb")
    ctx = begin_scan(store, cfg, "large-test-0001", None)
    outcomes = {s: crawl_source(s, cfg, ctx, store) for s in CRAWLERS}
    assert {s: (o.status, o.errors) for s, o in outcomes.items()} == {s: ("ok", []) for s in CRAWLERS}
    counts = {k: v for o in outcomes.values() for k, v in o.counts.items()}
    assert counts["warehouse_tables"] == SIZES.relations
    assert counts["query_log_rows"] == SIZES.query_rows
    assert counts["openlineage_events"] == SIZES.openlineage_events
    assert counts["gx_results"] == SIZES.gx_results
    assert counts["sql_parse_errors"] == 0
    assert counts["sql_lineage_edges"] > 0
    # Views and logged writes resolve to relations of this warehouse.
    with duckdb.connect(str(store.path), read_only=True) as con:
        unknown = con.execute(
            """
            select count(*) from raw.sql_lineage l where l.scan_id = ? and l.source_table is not null
              and l.source_table not in (select lower(schema_name || '.' || table_name)
                                         from raw.warehouse_tables where scan_id = l.scan_id)
            """,
            [ctx.scan_id],
        ).fetchone()[0]
    assert unknown == 0
