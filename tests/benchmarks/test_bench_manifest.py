"""The manifest benchmark runs to the end on a tiny manifest and reports well-formed numbers.

No timing or memory bound is asserted (the machine is shared, and a tiny file says
nothing about either); what is checked is that every mode ran in its own process, read
the same resources, and that the text table names every mode. Runs the real command in a
subprocess, as a user would.
"""

from __future__ import annotations

import json
import subprocess
import sys

from benchmarks.bench_manifest import MODES
from tests.conftest import REPO


def _run(*args: str) -> str:
    proc = subprocess.run(
        [sys.executable, "-m", "benchmarks.bench_manifest", "--models", "20", *args],
        cwd=REPO, capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert proc.returncode == 0, proc.stderr[-3000:]
    return proc.stdout


def _number(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) and value >= 0


def test_json_output_is_complete():
    report = json.loads(_run("--json"))
    assert report["manifest_bytes"] > 10_000 and report["models"] == 20
    assert set(report["runs"]) == set(MODES)
    resources = {run["resources"] for run in report["runs"].values()}
    assert len(resources) == 1 and resources.pop() > 20  # models, tests, sources, exposures
    for mode, run in report["runs"].items():
        for key in ("seconds", "cpu_seconds", "peak_mib", "base_mib", "x_floor", "x_file"):
            assert _number(run[key]), (mode, key)
    assert report["runs"]["orjson"]["x_floor"] == 1.0
    assert len(report["load_before"]) == 3 and _number(report["generate_seconds"])


def test_text_output_names_every_mode():
    text = _run()
    assert text.startswith("manifest ") and "load average" in text
    for label in MODES.values():
        assert text.count(f"\n{label} ") == 1, label
