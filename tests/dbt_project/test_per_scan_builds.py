"""Per-scan builds: a `dbt build` scoped to scan X computes scan X only.

The orchestrator builds the evidence model after every scan; on a client with years of
scans a full rebuild would recompute every earlier scan each time. Scoped to one scan, the
marts and heavy intermediate tables are incremental: X's rows are replaced, earlier scans'
rows are left as they were. These tests prove both halves on the two-scan Acme store:

* earlier scans are untouched: s1's raw evidence is tampered with before the scoped build
  of s2, and s1's rows still equal the full build's;
* the scoped scan is computed exactly as a full build computes it (every mart, row for row);
* rebuilding the same scan replaces its rows (no duplicates, removed evidence disappears).

The scoped builds go the orchestrator's way (the scan in the store's ``raw.scan_build_scope``);
the rebuild goes the by-hand way (``--vars '{scan_id: X}'``), so both scopes are proven.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import duckdb
import pytest

from connectors.store import EvidenceStore
from tests.dbt_project.acme_evidence import FAILED_AT, S1_AT, S2_AT, land_scan
from tests.dbt_project.dbt_runner import DbtBuild, dbt_build

MARTS = ("question_signals", "signal_evidence", "table_facts", "lineage_edges", "signal_trends")


def _rows(build: DbtBuild, mart: str, scan_id: str | None = None) -> list[tuple]:
    where = "" if scan_id is None else f"where scan_id = '{scan_id}'"
    return sorted(build.query(f"select * from {mart} {where}"), key=repr)


def _execute(db: Path, sql: str) -> None:
    con = duckdb.connect(str(db))
    try:
        con.execute(sql)
    finally:
        con.close()


# One worker builds this module's dbt fixtures once (see tests/conftest.py on xdist groups).
pytestmark = pytest.mark.xdist_group("dbt_project")


@pytest.fixture(scope="session")
def builds(tmp_path_factory: pytest.TempPathFactory, dbt_work_dir: Path) -> dict[str, object]:
    root = tmp_path_factory.mktemp("per_scan")
    db = root / "evidence.duckdb"
    store = EvidenceStore(db)
    land_scan(store, "s1", S1_AT, second=False)
    first = dbt_build(db, dbt_work_dir)
    s1_rows = {mart: _rows(first, mart, "s1") for mart in MARTS}
    store.begin_scan("acme", "s_failed", FAILED_AT, FAILED_AT)
    store.finish_scan("s_failed", "failed", FAILED_AT)
    land_scan(store, "s2", S2_AT, second=True)
    full_db = root / "full.duckdb"
    shutil.copy(db, full_db)
    full = dbt_build(full_db, dbt_work_dir)
    # s1's raw evidence changes after it was built: a scoped build of s2 must not notice
    _execute(db, "delete from raw.dbt_nodes where scan_id = 's1'")
    scoped = dbt_build(db, dbt_work_dir, scan_id="s2")
    return {"db": db, "s1_rows": s1_rows, "full": full, "scoped": scoped, "work": dbt_work_dir}


@pytest.mark.parametrize("mart", MARTS)
def test_scoped_build_leaves_earlier_scans_untouched(builds: dict, mart: str) -> None:
    scoped: DbtBuild = builds["scoped"]
    assert builds["s1_rows"][mart], f"{mart} has rows for s1"
    assert _rows(scoped, mart, "s1") == builds["s1_rows"][mart]


@pytest.mark.parametrize("mart", MARTS)
def test_scoped_build_equals_full_build(builds: dict, mart: str) -> None:
    assert _rows(builds["scoped"], mart) == _rows(builds["full"], mart)


def test_trend_of_the_scoped_scan_compares_it_with_the_previous_one(builds: dict) -> None:
    rows = builds["scoped"].query(
        "select previous_scan_id, value, previous_value, delta, change from signal_trends "
        "where scan_id = 's2' and signal in ('dbt_models', 'bi_tools_seen', 'roles_with_grants') order by signal"
    )
    assert rows == [
        ("s1", None, 2.0, None, "no_longer_measured"),  # bi_tools_seen: no query log in s2
        ("s1", 7.0, 6.0, 1.0, "up"),  # dbt_models
        ("s1", 3.0, 2.0, 1.0, "up"),  # roles_with_grants
    ]
    first = builds["scoped"].query(
        "select distinct previous_scan_id, change from signal_trends where scan_id = 's1'"
    )
    assert first == [(None, "first_scan")]


def test_rebuilding_a_scan_replaces_its_rows(builds: dict) -> None:
    db: Path = builds["db"]
    _execute(db, "delete from raw.openlineage_datasets where scan_id = 's2'")
    _execute(db, "delete from raw.openlineage_events where scan_id = 's2'")
    # the orchestrator's note that the seeds and views are the project's: a build by hand
    # (which compiles the scan into the staging views) must drop it
    EvidenceStore(db).note_static_nodes_built("this project", S2_AT)
    again = dbt_build(db, builds["work"], scan_id="s2", scope_by="vars")
    assert EvidenceStore(db).static_nodes_built_by([]) is None
    provenances = again.query("select distinct provenance from lineage_edges where scan_id = 's2' order by 1")
    assert ("openlineage",) not in provenances
    assert again.query("select count(*) from question_signals where scan_id = 's2'") == [
        (len(builds["s1_rows"]["question_signals"]),)
    ]
    assert _rows(again, "question_signals", "s1") == builds["s1_rows"]["question_signals"]


def test_the_build_scope_is_cleared_after_a_scoped_build(builds: dict) -> None:
    """A later build by hand, without a scope, must cover every scan again."""
    assert builds["scoped"].query("select count(*) from raw.scan_build_scope") == [(0,)]


def test_staging_views_read_the_scope_when_queried(builds: dict) -> None:
    """The views' SQL holds no scan: outside a scoped build they show every scan."""
    full: DbtBuild = builds["full"]
    shown = full.query("select count(distinct scan_id) from staging.stg_warehouse__tables")
    assert shown == full.query("select count(distinct scan_id) from raw.warehouse_tables")
    assert shown[0][0] >= 2
    views = full.query("select sql from duckdb_views() where schema_name = 'staging'")
    assert views and not any("'s1'" in sql or "'s2'" in sql for (sql,) in views)
