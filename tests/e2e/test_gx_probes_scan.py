"""A client that ships no data-quality results gets GX probes on its warehouse (issue 4).

Acme's client file without its `gx:` section: the scan runs the probe suite with GX Core
on the tables that matter (read-only, capped), lands the results as evidence, and the
quality signals are measured from them instead of being left empty.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import duckdb
import pytest
import yaml

from tests.conftest import ACME_SCAN_AT

pytestmark = [pytest.mark.e2e, pytest.mark.xdist_group("acme")]


def test_scan_without_gx_results_runs_capped_read_only_probes(acme_client: Path, tmp_path: Path):
    from orchestration.run_scan import run_scan

    root = tmp_path / "client"
    shutil.copytree(acme_client.parent, root, ignore=shutil.ignore_patterns("gx"))
    client = yaml.safe_load((root / "acme.yaml").read_text())
    del client["gx"]
    client["warehouse"]["path"] = "stack/warehouse.duckdb"
    (root / "acme.yaml").write_text(yaml.safe_dump(client, sort_keys=False))
    warehouse = root / "stack" / "warehouse.duckdb"
    before = warehouse.stat().st_mtime_ns

    outcome = run_scan(root / "acme.yaml", as_of=ACME_SCAN_AT, data_dir=str(tmp_path / "data"))

    assert outcome.failed_steps == [], outcome.failure_messages
    counts = outcome.result["evidence_counts"]
    assert 0 < counts["gx_probe_tables"] <= 10  # the default cap
    assert counts["gx_results"] >= counts["gx_probe_tables"]
    assert warehouse.stat().st_mtime_ns == before  # probes only read
    store = tmp_path / "data" / "acme" / "evidence.duckdb"
    con = duckdb.connect(str(store), read_only=True)
    try:
        rows = con.execute(
            "select distinct format, table_name from raw.gx_results where scan_id = ?",
            [outcome.result["scan_id"]],
        ).fetchall()
    finally:
        con.close()
    assert {fmt for fmt, _ in rows} == {"probe"}
    assert any(table.startswith("marts.") for _, table in rows)  # marts first
