"""Run Acme's dbt project for real against the stack warehouse and keep its artifacts.

The project (``examples/acme/dbt``) runs in a child Python process with dbt's programmatic
runner: it parses once, then ``build``, ``docs generate`` and ``source freshness`` reuse
that manifest. Three ``dbt`` CLI calls would parse and import dbt three times, about 15 s of
a 40 s budget on a busy 2-core machine; the commands and artifacts are the same.

dbt stamps its artifacts with the wall clock. The stack has its own clock (``as_of``), so
after the run every wall-clock timestamp in the artifacts is shifted by one constant so that
the nightly job "ran" at ``clock.dbt_run_at``; durations and ordering are unchanged, and the
shift is recorded in ``stack.json``. Source freshness already uses the stack clock (the
project's ``duckdb__collect_freshness`` reads the ``stack_clock`` var), so ages are real.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
import time
from datetime import datetime, timedelta
from pathlib import Path

ARTIFACTS = ("manifest.json", "run_results.json", "catalog.json", "sources.json")
BAD_STATUSES = {"error", "runtime error", "skipped"}
_WALL_CLOCK_KEYS = {"generated_at", "started_at", "completed_at", "invocation_started_at"}
_ISO = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z?$")


class DbtRunError(RuntimeError):
    """dbt could not build the project (not a planted test failure: a broken model or setup)."""


class DbtRun:
    """One dbt session in a child process: :meth:`start` it, do other work, then :meth:`finish`."""

    def __init__(self, project_dir: Path, warehouse: Path, work_dir: Path, stack_clock: datetime, env: dict):
        self.project_dir, self.warehouse, self.work_dir, self.stack_clock = (
            project_dir,
            warehouse,
            work_dir,
            stack_clock,
        )
        self.env = {**env, "ACME_WAREHOUSE_PATH": str(warehouse), "DBT_USE_COLORS": "False"}
        self._proc: subprocess.Popen | None = None

    def start(self) -> DbtRun:
        self.work_dir.mkdir(parents=True, exist_ok=True)
        self._started = datetime.utcnow()
        self._t0 = time.perf_counter()
        self._log = open(self.work_dir / "dbt_stdout.log", "w", encoding="utf-8")  # noqa: SIM115
        self._proc = subprocess.Popen(
            [sys.executable, "-m", "demo.acme.dbt_run", str(self.project_dir), str(self.work_dir),
             self.stack_clock.isoformat()],
            env=self.env, stdout=self._log, stderr=subprocess.STDOUT,
        )  # fmt: skip
        return self

    def kill(self) -> None:
        if self._proc is not None and self._proc.poll() is None:
            self._proc.kill()
            self._proc.wait()

    def finish(self, out_dir: Path) -> dict:
        """Wait for dbt, write the four artifacts (clock-shifted) to ``out_dir``; returns run facts."""
        assert self._proc is not None, "start() first"
        code = self._proc.wait()
        self._log.close()
        if code != 0:
            tail = (self.work_dir / "dbt_stdout.log").read_text(encoding="utf-8")[-3000:]
            raise DbtRunError(f"dbt exited with {code}:\n{tail}")
        target = self.work_dir / "target"
        out_dir.mkdir(parents=True, exist_ok=True)
        shift = self.stack_clock - self._started
        for name in ARTIFACTS:
            src = target / ("run_results.build.json" if name == "run_results.json" else name)
            data = json.loads(src.read_text(encoding="utf-8"))
            (out_dir / name).write_text(json.dumps(_shift_times(data, shift), indent=1), encoding="utf-8")
        _check_build(json.loads((out_dir / "run_results.json").read_text(encoding="utf-8")))
        shutil.rmtree(target)  # the copies in out_dir are the stack's; keep only dbt's logs here
        return {
            "seconds": round(time.perf_counter() - self._t0, 2),
            "clock_shift_seconds": round(shift.total_seconds(), 3),
            "commands": ["parse", "build", "docs generate", "source freshness"],
        }


def _check_build(run_results: dict) -> None:
    broken = [r["unique_id"] for r in run_results["results"] if r["status"] in BAD_STATUSES]
    if broken:
        raise DbtRunError(f"dbt build left nodes in error or skipped: {broken}")


def _shift_times(obj: object, shift: timedelta, key: str | None = None) -> object:
    """Shift the wall-clock timestamps dbt wrote (by key name), leave data-derived ones alone.

    ``max_loaded_at`` and ``snapshotted_at`` in sources.json come from the warehouse and the
    stack clock already, so they are not in ``_WALL_CLOCK_KEYS``.
    """
    if isinstance(obj, dict):
        return {k: _shift_times(v, shift, k) for k, v in obj.items()}
    if isinstance(obj, list):
        return [_shift_times(v, shift, key) for v in obj]
    if key in _WALL_CLOCK_KEYS and isinstance(obj, str) and _ISO.match(obj):
        ts = datetime.fromisoformat(obj.rstrip("Z")) + shift
        return ts.strftime("%Y-%m-%dT%H:%M:%S.%fZ")
    return obj


def _child(project_dir: str, work_dir: str, stack_clock: str) -> int:
    """In the child process: parse once, then build, docs generate, source freshness."""
    from dbt.cli.main import dbtRunner

    target = Path(work_dir) / "target"
    common = [
        "--project-dir", project_dir, "--profiles-dir", project_dir,
        "--target-path", str(target), "--log-path", str(Path(work_dir) / "logs"),
        "--vars", json.dumps({"stack_clock": stack_clock}),
    ]  # fmt: skip
    parsed = dbtRunner().invoke(["parse", *common])
    if not parsed.success:
        print(f"dbt parse failed: {parsed.exception}", flush=True)
        return 2
    runner = dbtRunner(manifest=parsed.result)
    build = runner.invoke(["build", *common])
    if build.exception is not None or not (target / "run_results.json").exists():
        print(f"dbt build raised: {build.exception}", flush=True)
        return 3
    # Each command rewrites run_results.json: keep the build's.
    (target / "run_results.json").replace(target / "run_results.build.json")
    docs = runner.invoke(["docs", "generate", *common])
    if not docs.success:
        print(f"dbt docs generate failed: {docs.exception}", flush=True)
        return 4
    fresh = runner.invoke(["source", "freshness", *common])
    if fresh.exception is not None or not (target / "sources.json").exists():  # stale sources are expected
        print(f"dbt source freshness raised: {fresh.exception}", flush=True)
        return 5
    return 0


if __name__ == "__main__":
    sys.exit(_child(*sys.argv[1:4]))
