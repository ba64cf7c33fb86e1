"""Run the evidence model's `dbt build` for real, as the orchestrator does, on one store."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import duckdb

REPO = Path(__file__).resolve().parents[2]
PROJECT = REPO / "dbt_project"
DBT = Path(sys.executable).parent / "dbt"


@dataclass(frozen=True)
class DbtBuild:
    db_path: Path
    seconds: float
    output: str

    def query(self, sql: str, params: list | None = None) -> list[tuple]:
        con = duckdb.connect(str(self.db_path), read_only=True)
        try:
            return con.execute(sql, params or []).fetchall()
        finally:
            con.close()


def dbt_build(db_path: Path, work_dir: Path, scan_id: str | None = None) -> DbtBuild:
    """`dbt build` the project on `db_path`; raise with dbt's output when anything fails.

    With ``scan_id`` the build is scoped to that scan (``--vars '{scan_id: ...}'``, unit
    tests excluded), as the orchestrator runs it after each scan.
    """
    env = {**os.environ, "MATURITY_EVIDENCE_DB": str(db_path), "DBT_SEND_ANONYMOUS_USAGE_STATS": "False"}
    cmd = [
        str(DBT),
        "build",
        "--project-dir",
        str(PROJECT),
        "--profiles-dir",
        str(PROJECT),
        "--target-path",
        str(work_dir / "target"),
        "--log-path",
        str(work_dir / "logs"),
    ]
    if scan_id is not None:
        # unit tests feed fixture rows without that scan id: they belong to CI, not to scans
        cmd += ["--vars", json.dumps({"scan_id": scan_id}), "--exclude-resource-type", "unit_test"]
    started = time.perf_counter()
    proc = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=600)
    seconds = time.perf_counter() - started
    if proc.returncode != 0:
        raise AssertionError(
            f"dbt build failed ({proc.returncode}):\n{proc.stdout[-6000:]}\n{proc.stderr[-2000:]}"
        )
    return DbtBuild(db_path, seconds, proc.stdout)
