"""GX connector on every file of corpora/gx_results/ (GX 0.9 to 0.18 and 1.24 layouts).

Per-file expectation and success counts are read off the files (``results[].success``);
a whole GX project folder lands each validation once although GX stores it up to three
times (stored result, checkpoint result, 1.x describe_dict).
"""

from __future__ import annotations

from collections import Counter
from datetime import datetime
from pathlib import Path

import pytest

from connectors.base import ScanContext
from connectors.config import PathsConfig
from connectors.gx_results import crawl_gx
from connectors.store import RAW_SCHEMAS
from tests.conftest import SHARED

CORPUS = SHARED / "corpora" / "gx_results"
CTX = ScanContext(client="acme", scan_id="scan-1", scanned_at=datetime(2026, 9, 1), base_dir=".")
V1 = "generated_gx1.24.1/gx/uncommitted/validations"
V018 = "generated_gx0.18.22/gx/uncommitted/validations"
NIGHTLY = "jaffle_shop_nightly/20250601T020000.000000Z"


def crawl(*paths: Path):
    return crawl_gx(PathsConfig(paths=[str(p) for p in paths]), CTX, Path)


# file -> (expectations, successful, format)
P0 = "public_0x/gx_repo_0.18.21__"
FILES = {
    f"{V1}/raw_customers_suite/{NIGHTLY}/jaffle_shop_seeds_csv-raw_customers_csv.json": (3, 3, "gx1"),
    f"{V1}/raw_orders_suite/{NIGHTLY}/jaffle_shop_seeds_csv-raw_orders_csv.json": (6, 5, "gx1"),
    f"{V1}/raw_orders_suite/{NIGHTLY}/jaffle_shop_sqlite-raw_orders_table.json": (6, 5, "gx1"),
    f"{V1}/raw_payments_suite/{NIGHTLY}/jaffle_shop_seeds_csv-raw_payments_csv.json": (4, 3, "gx1"),
    f"{V1}/raw_payments_suite/{NIGHTLY}/jaffle_shop_sqlite-raw_payments_table.json": (4, 3, "gx1"),
    f"{V1}/raw_payments_suite/__none__/20261123T124437.127460Z/jaffle_shop_seeds_csv-raw_payments_csv.json": (
        4, 3, "gx1",
    ),
    "generated_gx1.24.1/checkpoint_result.describe_dict.json": (23, 19, "gx1"),
    f"{V018}/raw_customers_suite/{NIGHTLY}/jaffle_shop_seeds_csv-raw_customers_csv.json": (3, 3, "gx018"),
    f"{V018}/raw_orders_suite/{NIGHTLY}/jaffle_shop_seeds_csv-raw_orders_csv.json": (5, 4, "gx018"),
    f"{V018}/raw_orders_suite/{NIGHTLY}/jaffle_shop_sqlite-raw_orders_table.json": (5, 4, "gx018"),
    f"{V018}/raw_payments_suite/{NIGHTLY}/jaffle_shop_seeds_csv-raw_payments_csv.json": (4, 3, "gx018"),
    f"{V018}/raw_payments_suite/{NIGHTLY}/jaffle_shop_sqlite-raw_payments_table.json": (4, 3, "gx018"),
    "generated_gx0.18.22/checkpoint_result.to_json_dict.json": (21, 17, "gx018"),
    "public_0x/gx_repo_0.18.21__BasicDatasetProfiler_evrs.json": (51, 43, "gx018"),
    f"{P0}ValidationOperatorResult_with_multiple_validation_results.json": (22, 18, "gx018"),
    "public_0x/gx_repo_0.18.21__datetime_column_evrs.json": (2, 2, "gx018"),
    "public_0x/gx_repo_0.18.21__titanic_expected_data_asset_validate_results.json": (10, 9, "gx018"),
    f"{P0}titanic_expected_data_asset_validate_results_with_exceptions.json": (10, 6, "gx018"),
    "public_0x/gx_repo_0.18.21__uncommitted_validations__diabetic_data__warning__20200430T191246.763896Z__"
    "c3b4c5df224fef4b1a056a0f3b93aba5.json": (0, 0, None),
    "public_0x/openlineage_airflow_ge0.13_checkpoint_result.json": (9, 9, "gx018"),
}  # fmt: skip


@pytest.mark.parametrize("name", sorted(FILES), ids=lambda n: n.rsplit("/", 1)[-1][:60])
def test_every_result_file(name):
    total, successes, fmt = FILES[name]
    result = crawl(CORPUS / name)
    table = result.tables["gx_results"]
    assert result.errors == [] and result.counts["gx_files"] == 1
    assert table.schema == RAW_SCHEMAS["gx_results"]
    assert result.counts["gx_results"] == table.num_rows == total
    assert sum(table.column("success").to_pylist()) == successes
    if fmt:
        assert set(table.column("format").to_pylist()) == {fmt}


def test_sql_assets_name_their_warehouse_table_and_failures_carry_observations():
    payments = CORPUS / V1 / "raw_payments_suite" / NIGHTLY
    result = crawl(payments / "jaffle_shop_sqlite-raw_payments_table.json")
    rows = result.tables["gx_results"].to_pylist()
    assert {r["table_name"] for r in rows} == {"raw_payments"}  # schema_name is null for SQLite
    assert {r["data_asset"] for r in rows} == {"raw_payments_table"}
    mean = next(r for r in rows if r["expectation_type"] == "expect_column_mean_to_be_between")
    assert (mean["success"], mean["column_name"]) == (False, "amount")
    assert mean["observed_value"] == "1479.646017699115"  # amounts are in cents: a real failure
    assert mean["run_at"] == datetime(2025, 6, 1, 2, 0)  # meta.validation_time
    assert mean["validation_id"] == "6ef1da7e-5690-4a6a-b6f3-1535b715b34d"
    assert mean["suite_name"] == "raw_payments_suite" and mean["json_path"] == "results[3]"
    csv = crawl(CORPUS / V018 / "raw_orders_suite" / NIGHTLY / "jaffle_shop_seeds_csv-raw_orders_csv.json")
    rows = csv.tables["gx_results"].to_pylist()
    assert {r["table_name"] for r in rows} == {None}  # a CSV file is not a warehouse table
    status = next(r for r in rows if r["expectation_type"] == "expect_column_values_to_be_in_set")
    assert (status["success"], status["unexpected_count"]) == (False, 6)
    assert status["run_at"] == datetime(2025, 6, 1, 2, 0)  # meta.run_id.run_time, not validation_time


def test_a_whole_folder_lands_each_validation_once():
    result = crawl(CORPUS)
    assert result.errors == []
    table = result.tables["gx_results"].to_pylist()
    # 27 (1.x stored) + 21 (0.18 stored = its checkpoint result) + 104 (public 0.x files)
    assert result.counts["gx_results"] == len(table) == 27 + 21 + 104
    assert result.counts["gx_duplicate_validations"] == 5 + 5  # 0.18 checkpoint copies, 1.x describe_dict
    assert result.counts["gx_files_skipped"] == 12  # suites, checkpoint config, validation definitions
    assert Counter(r["format"] for r in table) == {"gx1": 27, "gx018": 125}
    assert sum(r["success"] is False for r in table) == 5 + 4 + 17  # failures of the files above


def test_broken_and_unrelated_files(tmp_path):
    good = CORPUS / V1 / "raw_customers_suite" / NIGHTLY / "jaffle_shop_seeds_csv-raw_customers_csv.json"
    text = good.read_text()
    (tmp_path / "ok.json").write_text(text)
    (tmp_path / "truncated.json").write_text(text[: len(text) // 3])
    (tmp_path / "suite.json").write_text('{"name": "s", "expectations": []}')
    (tmp_path / "notes.txt").write_text("hello")
    result = crawl(tmp_path)
    assert result.counts["gx_results"] == 3 and result.counts["gx_files_skipped"] == 2
    assert len(result.errors) == 1
    assert result.errors[0].object.startswith(str(tmp_path / "truncated.json") + ":")
    assert "invalid JSON" in result.errors[0].message
