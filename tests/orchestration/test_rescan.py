"""Incremental rescans on the real Acme stack: unchanged sources are carried forward, a
changed one is read again, and the scan's answers do not depend on which happened.

Three whole scans (Dagster, dbt, scoring, report) of a private copy of the demo stack:
the first reads everything, the second finds every input unchanged, the third follows a
touch of the query log and the loss of a seed table (seeds and views are then rebuilt). ``MATURITY_FULL_RESCAN`` is checked at step level (no dbt).
"""

from __future__ import annotations

import json
import os
import shutil
from datetime import datetime
from pathlib import Path

import duckdb
import pytest

from connectors.store import RAW_SCHEMAS
from tests.conftest import ACME_SCAN_AT

pytestmark = [pytest.mark.e2e, pytest.mark.xdist_group("acme")]

SOURCES = ("warehouse", "dbt", "openlineage", "gx", "query_logs")


@pytest.fixture(scope="session")
def client(acme_client: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the shared stack, so touching its files cannot disturb other tests."""
    root = tmp_path_factory.mktemp("rescan")
    shutil.copytree(acme_client.parent, root / "acme", symlinks=True)
    return root / "acme" / acme_client.name


@pytest.fixture(scope="session")
def data_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("rescan-data")


def _scan(client: Path, data_dir: Path) -> dict:
    from orchestration.run_scan import run_scan

    outcome = run_scan(client, as_of=ACME_SCAN_AT, data_dir=str(data_dir))
    assert outcome.failed_steps == [], outcome.failure_messages
    return outcome.result


@pytest.fixture(scope="session")
def static_nodes_built() -> list[set[str]]:
    """The seeds and views each scan's dbt build made (from its run_results.json)."""
    return []


@pytest.fixture(scope="session")
def scans(client: Path, data_dir: Path, static_nodes_built: list[set[str]]) -> list[dict]:
    first = _scan(client, data_dir)
    static_nodes_built.append(_static_nodes_built(data_dir))
    second = _scan(client, data_dir)
    static_nodes_built.append(_static_nodes_built(data_dir))
    log = client.parent / "stack" / "query_log.jsonl"
    st = log.stat()
    os.utime(log, ns=(st.st_atime_ns, st.st_mtime_ns + 5_000_000_000))
    with duckdb.connect(str(data_dir / "acme" / "evidence.duckdb")) as con:
        con.execute("drop table reference.warehouse_engines")
    third = _scan(client, data_dir)
    static_nodes_built.append(_static_nodes_built(data_dir))
    return [first, second, third]


def _static_nodes_built(data_dir: Path) -> set[str]:
    from orchestration.defs.evidence import EVIDENCE_MANIFEST

    nodes = json.loads(EVIDENCE_MANIFEST.read_text())["nodes"]
    results = json.loads((data_dir / "acme" / "dbt_target" / "run_results.json").read_text())["results"]
    return {
        nodes[r["unique_id"]]["alias"]
        for r in results
        if r["status"] == "success"
        and (
            r["unique_id"].startswith("seed.")
            or (
                r["unique_id"].startswith("model.")
                and nodes[r["unique_id"]]["config"]["materialized"] == "view"
            )
        )
    }


def _db(data_dir: Path) -> duckdb.DuckDBPyConnection:
    return duckdb.connect(str(data_dir / "acme" / "evidence.duckdb"), read_only=True)


def _sources(data_dir: Path, scan_id: str) -> dict[str, tuple[str, str | None, str | None]]:
    with _db(data_dir) as con:
        rows = con.execute(
            "select source, status, reused_from, content_hash from raw.scan_sources where scan_id = ?",
            [scan_id],
        ).fetchall()
    return {s: (status, reused, digest) for s, status, reused, digest in rows}


def test_first_scan_reads_every_source(scans, data_dir):
    sources = _sources(data_dir, scans[0]["scan_id"])
    assert set(sources) == set(SOURCES)
    assert all(status == "ok" and reused is None and digest for status, reused, digest in sources.values())


def test_unchanged_inputs_reuse_every_source(scans, data_dir):
    first, second = scans[0]["scan_id"], scans[1]["scan_id"]
    sources = _sources(data_dir, second)
    assert {s: (status, reused) for s, (status, reused, _) in sources.items()} == {
        s: ("ok", first) for s in SOURCES
    }


def test_carried_rows_equal_the_rows_read(scans, data_dir):
    """Every raw evidence table holds the same multiset of rows in both scans (scan_id aside)."""
    first, second = scans[0]["scan_id"], scans[1]["scan_id"]
    evidence_tables = [
        t for t in RAW_SCHEMAS if t not in ("scans", "scan_errors", "scan_sources", "scan_results")
    ]
    with _db(data_dir) as con:
        for table in evidence_tables:
            counts = [
                con.execute(f'select count(*) from raw."{table}" where scan_id = ?', [s]).fetchone()[0]
                for s in (first, second)
            ]
            assert counts[0] == counts[1], table
            diff = con.execute(
                f"""
                select count(*) from (
                    (select * exclude (scan_id) from raw."{table}" where scan_id = $1
                     except all select * exclude (scan_id) from raw."{table}" where scan_id = $2)
                    union all
                    (select * exclude (scan_id) from raw."{table}" where scan_id = $2
                     except all select * exclude (scan_id) from raw."{table}" where scan_id = $1)
                )
                """,
                [first, second],
            ).fetchone()[0]
            assert diff == 0, table
        assert con.execute("select count(*) from raw.query_log where scan_id = ?", [first]).fetchone()[0] > 0


def test_rescan_gives_the_same_score_and_signals(scans, data_dir):
    first, second = scans[0], scans[1]
    assert second["score"] == first["score"]
    assert second["evidence_counts"] == first["evidence_counts"]
    assert [(q["id"], q["points"], q["value"]) for q in second["questions"]] == [
        (q["id"], q["points"], q["value"]) for q in first["questions"]
    ]
    with _db(data_dir) as con:
        signals = [
            con.execute(
                "select question_id, signal, value, detail from main.question_signals where scan_id = ? "
                "order by all",
                [s["scan_id"]],
            ).fetchall()
            for s in (first, second)
        ]
    assert signals[0] and signals[0] == signals[1]


def test_touching_the_query_log_rereads_only_it(scans, data_dir):
    second, third = scans[1]["scan_id"], scans[2]["scan_id"]
    sources = _sources(data_dir, third)
    assert sources["query_logs"][:2] == ("ok", None)
    assert sources["query_logs"][2] != _sources(data_dir, second)["query_logs"][2]
    # Reused sources point at the scan that holds a copy, the second one.
    assert {s: sources[s][1] for s in SOURCES if s != "query_logs"} == dict.fromkeys(
        (s for s in SOURCES if s != "query_logs"), second
    )
    assert scans[2]["score"] == scans[0]["score"]


def test_full_rescan_env_rereads(scans, client, data_dir, monkeypatch):
    from connectors.config import load_client
    from connectors.store import EvidenceStore
    from orchestration.scan_steps import begin_scan, crawl_source, finish_scan

    cfg = load_client(client)
    store = EvidenceStore(data_dir / "acme" / "evidence.duckdb")
    monkeypatch.setenv("MATURITY_FULL_RESCAN", "1")
    ctx = begin_scan(store, cfg, "full-rescan-0001", None)
    outcome = crawl_source("gx", cfg, ctx, store)
    monkeypatch.delenv("MATURITY_FULL_RESCAN")
    again = crawl_source("openlineage", cfg, ctx, store)
    finish_scan(store, ctx.scan_id, partial=True)
    assert outcome.status == "ok" and outcome.reused_from is None
    assert again.reused_from == scans[2]["scan_id"]


def test_evidence_model_rows_are_reused_only_when_every_source_was(scans, data_dir):
    """The second scan copied the first's clock-free model rows; the third (a source re-read) did not."""
    from connectors.store import EvidenceStore
    from orchestration.dbt_manifest import build_fingerprint

    store = EvidenceStore(data_dir / "acme" / "evidence.duckdb")
    first, second, third = (s["scan_id"] for s in scans)
    digest = build_fingerprint()
    assert store.evidence_reuse_source(second, digest) == first
    assert store.evidence_reuse_source(second, "another project") is None
    assert store.evidence_reuse_source(third, digest) is None
    assert store.evidence_reuse_source(first, digest) is None
    with _db(data_dir) as con:
        built = con.execute("select scan_id, project_hash from raw.scan_builds order by built_at").fetchall()
    assert built[:3] == [(first, digest), (second, digest), (third, digest)]


def test_seeds_and_views_are_built_once_per_project_version(scans, static_nodes_built, data_dir):
    """The rescan keeps the seeds and views the first scan built; a missing seed table has
    them all built again. The views are the same for every scan: they read the build's
    scope when queried, and outside a build they show every scan."""
    from connectors.store import EvidenceStore
    from orchestration.dbt_manifest import build_fingerprint
    from orchestration.defs.evidence import static_relations

    first, second, third = static_nodes_built
    assert first == {name for _, name in static_relations()} and len(first) >= 40
    assert second == set()
    assert third == first
    store = EvidenceStore(data_dir / "acme" / "evidence.duckdb")
    assert store.static_nodes_built_by(static_relations()) == build_fingerprint()
    assert store.static_nodes_built_by([*static_relations(), ("reference", "no_such_seed")]) is None
    with _db(data_dir) as con:
        assert con.execute("select count(*) from reference.warehouse_engines").fetchone()[0] > 0
        shown = con.execute("select count(distinct scan_id) from staging.stg_warehouse__tables").fetchone()[0]
        landed = con.execute("select count(distinct scan_id) from raw.warehouse_tables").fetchone()[0]
    assert shown == landed >= len(scans)
    store.note_static_nodes_built(None, datetime(2026, 1, 1))
    assert store.static_nodes_built_by(static_relations()) is None
    store.note_static_nodes_built(build_fingerprint(), datetime(2026, 1, 1))


def test_reused_and_recomputed_model_rows_are_the_same(scans, data_dir):
    """Every evidence-model table but the trends (which compare with the previous scan) holds
    the same rows for the three scans: computed (first, third) or partly copied (second)."""
    with _db(data_dir) as con:
        tables = con.execute(
            "select table_schema, table_name from information_schema.tables "
            "where table_type = 'BASE TABLE' and table_schema in ('main', 'intermediate') "
            "and table_name <> 'signal_trends'"
        ).fetchall()
        assert len(tables) >= 15
        for schema, table in tables:
            rows = [
                sorted(
                    con.execute(
                        f'select * exclude (scan_id) from {schema}."{table}" where scan_id = ?',
                        [s["scan_id"]],
                    ).fetchall(),
                    key=repr,
                )
                for s in scans
            ]
            assert rows[0] == rows[1] == rows[2], f"{schema}.{table}"
