"""The lineage explorer script, executed with Node against a minimal DOM stand-in.

It checks what a reader sees after typing: the exact table's upstream and downstream with
depth and provenance, substring suggestions, and hostile names handled as text (the
stand-in raises on ``innerHTML``). Skipped only where no ``node`` binary exists.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
from htmlscan import ReportScan
from report_fixtures import EVIL_TABLE

import reports
from reports import render_reports

NODE = shutil.which("node")
HARNESS = Path(__file__).resolve().parent / "explorer_harness.js"
SCRIPT = Path(reports.__file__).resolve().parent / "static" / "report.js"

pytestmark = pytest.mark.skipif(NODE is None, reason="node is not installed")


def _explore(result: dict[str, Any], tmp_path: Path, *queries: str) -> list[dict[str, Any]]:
    html = render_reports(result, tmp_path)["html"].read_text(encoding="utf-8")
    data = tmp_path / "lineage.json"
    data.write_text(ReportScan(html).by_id("lineage-data").all_text, encoding="utf-8")
    done = subprocess.run(
        [NODE, str(HARNESS), str(SCRIPT), str(data), *queries],
        capture_output=True,
        text=True,
        timeout=30,
        check=True,
    )
    return json.loads(done.stdout)


def test_focus_shows_upstream_and_downstream(tmp_path: Path, result_en: dict[str, Any]) -> None:
    [view] = _explore(result_en, tmp_path, "MARTS.FCT_ORDERS")  # case-insensitive exact match
    assert view["visible"]
    assert view["headings"][0] == "marts.fct_orders"
    # int_orders_enriched; stg_orders, stg_payments; shop_orders, shop_payments; _airbyte_raw_orders
    assert view["headings"][1:] == ["Upstream (6)", "Downstream (3)"]
    upstream, downstream = view["lists"]
    assert upstream[0] == "intermediate.int_orders_enriched — direct · dbt"
    assert "raw._airbyte_raw_orders — depth 4" in upstream
    assert "ml.churn_features — direct · OpenLineage, query log" in downstream
    assert "ml.churn_predictions — depth 2" in downstream


def test_partial_text_lists_matches(tmp_path: Path, result_en: dict[str, Any]) -> None:
    matches, nothing, evil = _explore(result_en, tmp_path, "stg_", "no-such-table", "<script")
    assert matches["headings"] == ["Matching tables"]
    assert matches["lists"][0] == sorted(t for t in matches["lists"][0])
    assert "staging.stg_orders" in matches["lists"][0]
    assert nothing["text"] == "No table matches."
    assert evil["lists"] == [[EVIL_TABLE]]


def test_large_graph_lists_are_capped(tmp_path: Path, result_large: dict[str, Any]) -> None:
    [view] = _explore(result_large, tmp_path, "intermediate.int_d00_0")
    upstream, downstream = view["lists"]
    assert len(upstream) == 6 and len(downstream) == 1  # 3 staging + their 3 raw sources
    [hub] = _explore(result_large, tmp_path, "raw_d00")
    assert len(hub["lists"][0]) == 25  # suggestions are capped
