"""The lineage benchmark (benchmarks/bench_sql_lineage.py) runs end to end at a small size.

No timing is asserted (the machine is shared); the output must be well formed and the
work real: every generated statement distinct and parsed, lineage and column lineage
found, the ratio and rates computed from the measured times.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]


def test_benchmark_small_run_is_well_formed() -> None:
    cmd = [
        sys.executable,
        "-m",
        "benchmarks.bench_sql_lineage",
        "--rows",
        "400",
        "--distinct",
        "60",
        "--json",
    ]
    proc = subprocess.run(cmd, cwd=REPO, capture_output=True, text=True, timeout=300, check=True)
    out = json.loads(proc.stdout.strip().splitlines()[-1])
    assert (out["rows"], out["query_log_rows"], out["distinct_texts"]) == (400, 400, 60)
    assert out["distinct_statements"] == 60 and out["parse_errors"] == 0
    assert out["lineage_edges"] > 60 and out["column_lineage_rows"] > 0
    for key in ("extract_seconds", "bare_parse_seconds", "peak_rss_mib", "rows_per_second"):
        assert out[key] > 0, key
    assert out["ratio_wall"] == round(out["extract_seconds"] / out["bare_parse_seconds"], 2)
    assert out["rows_per_second"] == round(400 / out["extract_seconds"], 1)


def test_benchmark_text_report_and_argument_check() -> None:
    cmd = [sys.executable, "-m", "benchmarks.bench_sql_lineage", "--rows", "50", "--distinct", "10"]
    proc = subprocess.run(cmd, cwd=REPO, capture_output=True, text=True, timeout=300, check=True)
    labels = [line.split("  ")[0] for line in proc.stdout.splitlines()]
    assert labels[:6] == [
        "rows",
        "distinct statements",
        "extraction",
        "bare parse_one",
        "ratio",
        "peak memory",
    ]
    bad = subprocess.run(
        [sys.executable, "-m", "benchmarks.bench_sql_lineage", "--rows", "5", "--distinct", "10"],
        cwd=REPO, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert bad.returncode == 2 and "--distinct" in bad.stderr
