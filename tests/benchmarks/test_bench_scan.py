"""The whole-scan benchmark runs to the end on a tiny synthetic client and reports well-formed numbers.

No timing is asserted (the machine is shared); what is checked is that every stage, floor
and ratio is there and is a number, that the rescan reused every source, and that the
text table names every stage. Runs the real command in a subprocess, as a user would.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from demo.large import PRESETS, build_large

pytestmark = [pytest.mark.e2e, pytest.mark.xdist_group("bench")]

TINY = PRESETS["small"].scaled(relations=100, columns=1_000, schemas=5, models=30, query_rows=400,
                               distinct_queries=80, openlineage_events=200, gx_results=60)  # fmt: skip
SOURCES = ["dbt", "gx", "openlineage", "query_logs", "warehouse"]
REPO = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="session")
def bench(tmp_path_factory: pytest.TempPathFactory) -> tuple[dict, str]:
    root = tmp_path_factory.mktemp("bench")
    client = build_large(root / "stack", size="small", sizes=TINY, seed=5)
    out = root / "bench.json"
    env = {**os.environ, "MATURITY_FULL_RESCAN": "1"}  # the benchmark must clear it for its rescan
    proc = subprocess.run(
        [sys.executable, "-m", "benchmarks.bench_scan", "--client", str(client), "--json", str(out),
         "--data-dir", str(root / "data")],
        cwd=REPO, env=env, capture_output=True, text=True, timeout=600,
    )  # fmt: skip
    assert proc.returncode == 0, proc.stderr[-3000:]
    return json.loads(out.read_text()), proc.stdout


def _number(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) and value >= 0


def test_every_stage_is_measured(bench):
    report, _ = bench
    from benchmarks.bench_scan import STAGES

    for label in ("scan", "rescan"):
        scan = report[label]
        assert set(scan["stages"]) == set(STAGES), label
        for name, stage in scan["stages"].items():
            assert _number(stage["seconds"]) and _number(stage["rows"]), (label, name)
            assert _number(stage["peak_rss_mib"]), (label, name)
            assert stage["rows_per_s"] is None or _number(stage["rows_per_s"])
        assert scan["total_seconds"] >= sum(s["seconds"] for s in scan["stages"].values()) * 0.99
        assert scan["peak_rss_mib"] > 0 and scan["raw_rows"] > 0
        assert scan["report_html_bytes"] > 0 and scan["partial"] is False


def test_floors_and_ratios(bench):
    report, _ = bench
    floors = report["floors"]
    expected = {"crawl warehouse", "crawl dbt", "crawl openlineage", "crawl gx", "crawl query_logs",
                "lineage extraction", "evidence load"}  # fmt: skip
    assert set(floors) == expected
    assert all(_number(f["seconds"]) and f["rows"] > 0 and f["floor"] for f in floors.values())
    for name in expected:
        stage = report["scan"]["stages"][name]
        assert stage["floor_seconds"] == floors[name]["seconds"]
        assert stage["ratio_to_floor"] is None or _number(stage["ratio_to_floor"])
    # Lineage parsed every distinct statement the floor parsed (views and logged texts).
    assert (
        report["scan"]["stages"]["lineage extraction"]["rows"] >= floors["lineage extraction"]["rows"] * 0.9
    )


def test_rescan_reuses_every_source_and_scores_the_same(bench):
    report, _ = bench
    assert report["scan"]["reused_sources"] == []
    assert report["rescan"]["reused_sources"] == SOURCES
    assert report["rescan"]["score"] == report["scan"]["score"]
    assert report["rescan"]["raw_rows"] == report["scan"]["raw_rows"]
    assert report["rescan"]["stages"]["lineage extraction"]["rows"] == 0


def test_text_output_names_every_stage(bench):
    _report, text = bench
    from benchmarks.bench_scan import STAGES

    assert text.count("load average") == 1
    for name in STAGES:
        assert text.count(f"\n{name} ") == 2, name
    assert "rescan:" in text and "floors:" in text
