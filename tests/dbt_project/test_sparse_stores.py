"""The evidence model on a client with only a warehouse, and on a scan whose warehouse crawl failed.

Empty raw tables (no dbt, no OpenLineage, no GX, no query log) must build and give null
signals — "not measurable" — while what the warehouse alone shows is still measured (a
crawled warehouse without dbt gives lineage coverage 0, not null). A scan where nothing could
be read has every signal null except warehouse_reachable = 0.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path

import pytest

from connectors.base import ScanError
from connectors.store import EvidenceStore
from scoring.signals import SIGNALS
from tests.dbt_project.acme_evidence import land
from tests.dbt_project.dbt_runner import DbtBuild, dbt_build
from tests.dbt_project.detail_rows import DETAIL_ROWS_SQL, detail_problems

W1_AT = datetime(2024, 6, 1, 12, 0)
W2_AT = datetime(2024, 6, 8, 12, 0)
OTHER_SOURCES = ("dbt", "openlineage", "gx", "query_logs")


def _table(schema, name, rows, table_type="table", max_at=None, min_at=None, modified_at=None):
    return {
        "engine": "duckdb",
        "database_name": "shop",
        "schema_name": schema,
        "table_name": name,
        "table_type": table_type,
        "row_count": rows,
        "max_timestamp_at": max_at,
        "min_timestamp_at": min_at,
        "last_modified_at": modified_at,
    }


def build_warehouse_only_store(path: Path) -> None:
    store = EvidenceStore(path)
    store.begin_scan("shop", "w1", W1_AT, W1_AT)
    land(
        store,
        "w1",
        {
            "warehouse_tables": [
                _table("raw", "events", 5000, max_at=W1_AT - timedelta(hours=12)),
                _table("analytics", "daily_events", 90, "view", max_at=W1_AT - timedelta(days=1)),
                _table(
                    "analytics",
                    "user_scores",
                    700,
                    min_at=datetime(2024, 3, 3, 12, 0),
                    modified_at=W1_AT - timedelta(days=2),
                ),
            ]
        },
    )
    store.record_source("w1", "warehouse", "ok", {"warehouse_tables": 3}, None, 0.1)
    for source in OTHER_SOURCES:
        store.record_source("w1", source, "skipped", {}, None, 0.0)
    store.finish_scan("w1", "complete", W1_AT)

    store.begin_scan("shop", "w2", W2_AT, W2_AT)
    store.land(
        {}, [ScanError("warehouse", "shop.duckdb", "IO Error: Could not set lock on file")], scan_id="w2"
    )
    store.record_source("w2", "warehouse", "failed", {}, None, 0.1)
    store.finish_scan("w2", "partial", W2_AT)


# One worker builds this module's dbt fixtures once (see tests/conftest.py on xdist groups).
pytestmark = pytest.mark.xdist_group("dbt_project")


@pytest.fixture(scope="session")
def build(tmp_path_factory: pytest.TempPathFactory, dbt_work_dir: Path) -> DbtBuild:
    db = tmp_path_factory.mktemp("shop") / "evidence.duckdb"
    build_warehouse_only_store(db)
    result = dbt_build(db, dbt_work_dir)
    print(f"dbt build on the warehouse-only store: {result.seconds:.1f} s")
    return result


def measured(build: DbtBuild, scan_id: str) -> dict[tuple[str, str], float | None]:
    rows = build.query("select question_id, signal, value from question_signals where scan_id = ?", [scan_id])
    assert len(rows) == len(SIGNALS)
    return {(q, s): v for q, s, v in rows if v is not None}


def test_warehouse_only_scan_measures_what_the_warehouse_shows_and_nothing_else(build: DbtBuild) -> None:
    assert measured(build, "w1") == {
        ("Q1", "lineage_coverage"): 0.0,  # daily_events and user_scores are modelled, no lineage known
        ("Q2", "ingestion_footprints"): 0.0,
        ("Q3", "reporting_schemas"): 1.0,  # analytics
        ("Q4", "warehouse_reachable"): 1.0,
        ("Q4", "warehouse_is_olap"): 1.0,  # duckdb
        ("Q4", "modelling_layers"): 2.0,  # raw, marts
        ("Q5", "mart_days_since_refresh"): 1.0,  # analytics.daily_events' newest row
        ("Q6", "ml_artefact_tables"): 1.0,  # analytics.user_scores
        ("Q8", "ml_artefact_tables"): 1.0,
        ("Q6", "ml_days_since_first_artefact"): 90.0,  # first score 2024-03-03 12:00
        ("Q8", "data_lab_schemas"): 0.0,
        # user_scores is a prediction table whose columns were not read: completeness unknown
        ("Q6", "mlops_training_datasets"): 0.0,
        ("Q6", "mlops_monitoring_tables"): 0.0,
        ("Q6", "mlops_log_tables"): 0.0,
        ("Q6", "mlops_model_stores"): 0.0,
    }


def test_absent_evidence_is_explained(build: DbtBuild) -> None:
    details = dict(
        build.query(
            "select signal, detail from question_signals where scan_id = 'w1' and signal in "
            "('dbt_models', 'roles_with_grants', 'bi_tools_seen', 'orchestrator_days_since_run')"
        )
    )
    assert details == {
        "dbt_models": "no dbt manifest in this scan",
        "roles_with_grants": "the warehouse exposes no roles or grants",
        "bi_tools_seen": "no query log in this scan",
        "orchestrator_days_since_run": "no OpenLineage events in this scan",
    }
    assert build.query(
        "select ref from signal_evidence where scan_id = 'w1' and signal = 'lineage_coverage' "
        "order by item_rank"
    ) == [("analytics.daily_events",), ("analytics.user_scores",)]


def test_failed_warehouse_crawl_gives_reachable_0_and_nothing_else(build: DbtBuild) -> None:
    assert measured(build, "w2") == {("Q4", "warehouse_reachable"): 0.0}
    assert build.query("select kind, ref, detail from signal_evidence where scan_id = 'w2'") == [
        ("scan_error", "shop.duckdb", "IO Error: Could not set lock on file")
    ]
    assert build.query("select count(*) from table_facts where scan_id = 'w2'") == [(0,)]


@pytest.mark.parametrize("scan_id", ["w1", "w2"])
def test_absent_evidence_has_its_sentence_in_french_and_english(build: DbtBuild, scan_id: str) -> None:
    rows = build.query(DETAIL_ROWS_SQL, [scan_id, scan_id])
    assert detail_problems(rows) == []
    keys = {key for key, _, _ in rows}
    assert {"scan.no_dbt_manifest", "scan.no_query_log"} <= keys
    assert ("warehouse_reachable.failed" in keys) == (scan_id == "w2")
