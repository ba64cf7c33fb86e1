"""The production instance config (deploy/dagster.yaml) on a real PostgreSQL server.

The file is used as shipped: only the environment variables it reads are set. A whole scan
of the demo client is then materialised through it (the ``maturity scan`` code path, which
uses ``$DAGSTER_HOME``), and the run, its materialisations, its asset checks and the client
partition are read back from PostgreSQL's own tables, not from Dagster's API alone.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.conftest import ACME_SCAN_AT
from tests.support import pg_server

dg = pytest.importorskip("dagster")
psycopg2 = pytest.importorskip("psycopg2")

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.xdist_group("acme"),
    pytest.mark.skipif(not pg_server.available(), reason="PostgreSQL 15 binaries not installed"),
]

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture
def pg_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    with pg_server.running_server() as server:
        con = psycopg2.connect(server.dsn())
        con.autocommit = True  # CREATE DATABASE refuses to run in a transaction
        con.cursor().execute("create database dagster")
        con.close()
        home = tmp_path / "dagster_home"
        home.mkdir()
        shutil.copy(REPO / "deploy" / "dagster.yaml", home / "dagster.yaml")
        for var, value in {
            "DAGSTER_HOME": str(home),
            "DAGSTER_PG_HOST": server.host,
            "DAGSTER_PG_PORT": str(server.port),
            "DAGSTER_PG_USERNAME": server.user,
            "DAGSTER_PG_PASSWORD": "",
            "DAGSTER_PG_DB": "dagster",
            "DAGSTER_COMPUTE_LOG_DIR": str(tmp_path / "compute_logs"),
        }.items():
            monkeypatch.setenv(var, value)
        yield server


def _rows(server, sql: str, *params) -> list[tuple]:
    with psycopg2.connect(server.dsn("dagster")) as con, con.cursor() as cur:
        cur.execute(sql, params)
        return cur.fetchall()


def test_instance_config_is_the_production_one(pg_home):
    from dagster._core.run_coordinator import QueuedRunCoordinator
    from dagster_postgres import PostgresEventLogStorage, PostgresRunStorage, PostgresScheduleStorage

    with dg.DagsterInstance.get() as instance:
        assert isinstance(instance.run_storage, PostgresRunStorage)
        assert isinstance(instance.event_log_storage, PostgresEventLogStorage)
        assert isinstance(instance.schedule_storage, PostgresScheduleStorage)
        assert isinstance(instance.run_coordinator, QueuedRunCoordinator)
        limits = instance.get_concurrency_config().run_queue_config.tag_concurrency_limits
        assert limits == [
            {"key": "dagster/partition", "value": {"applyLimitPerUniqueValue": True}, "limit": 1}
        ]
        assert instance.telemetry_enabled is False


def test_a_scan_is_recorded_in_postgres(pg_home, acme_client: Path, tmp_path: Path):
    from orchestration.run_scan import run_scan

    outcome = run_scan(acme_client, as_of=ACME_SCAN_AT, data_dir=str(tmp_path / "data"))
    assert outcome.failed_steps == [], outcome.failure_messages
    assert outcome.result["score"]["total"] > 0

    runs = _rows(pg_home, "select run_id, status, partition from runs")
    assert [(status, partition) for _, status, partition in runs] == [("SUCCESS", "acme")]
    run_id = runs[0][0]

    materialised = {
        key
        for (key,) in _rows(
            pg_home,
            "select asset_key from event_logs where run_id = %s and dagster_event_type = 'ASSET_MATERIALIZATION' "
            "and partition = 'acme'",
            run_id,
        )
    }
    expected = [
        ["scan_session"],
        ["raw", "warehouse_tables"],
        ["evidence", "question_signals"],
        ["scorecard"],
    ]
    for key in [*expected, ["maturity_report"]]:
        assert dg.AssetKey(key).to_string() in materialised, key

    checks = dict(
        _rows(
            pg_home,
            "select check_name, execution_status from asset_check_executions where run_id = %s "
            "and asset_key = %s",
            run_id,
            dg.AssetKey(["raw", "warehouse_tables"]).to_string(),
        )
    )
    assert checks == {"evidence_landed_for_scan": "SUCCEEDED", "evidence_is_recent": "SUCCEEDED"}
    assert _rows(
        pg_home, "select partition from dynamic_partitions where partitions_def_name = 'clients'"
    ) == [("acme",)]

    # The trend metadata the UI plots is stored as numbers, not text.
    with dg.DagsterInstance.get() as instance:
        event = instance.get_latest_materialization_event(dg.AssetKey("maturity_report"))
        meta = event.asset_materialization.metadata
        assert isinstance(meta["score"], dg.IntMetadataValue)
        assert meta["score"].value == outcome.result["score"]["total"]
        assert isinstance(meta["percent"], dg.FloatMetadataValue)
        assert isinstance(meta["signal_lineage_coverage"], dg.FloatMetadataValue)
        assert 0 < meta["signal_lineage_coverage"].value < 1
        assert isinstance(meta["report_url"], dg.UrlMetadataValue)
        scorecard = instance.get_latest_materialization_event(dg.AssetKey("scorecard")).asset_materialization
        assert isinstance(scorecard.metadata["score"], dg.IntMetadataValue)
        assert isinstance(scorecard.metadata["points_Q1"], dg.IntMetadataValue)
