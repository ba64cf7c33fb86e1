"""Run the evidence model's `dbt build` for real, as the orchestrator does, on one store."""

from __future__ import annotations

import contextlib
import json
import os
import subprocess
import sys
import time
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import duckdb

from connectors.store import EvidenceStore

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


def dbt_build(
    db_path: Path, work_dir: Path, scan_id: str | None = None, *, scope_by: str = "store"
) -> DbtBuild:
    """`dbt build` the project on `db_path`; raise with dbt's output when anything fails.

    With ``scan_id`` the build is scoped to that scan (unit tests excluded), as the
    orchestrator runs it after each scan: through the store's ``raw.scan_build_scope``
    (``scope_by="store"``, the orchestrator's way) or ``--vars '{scan_id: ...}'``
    (``scope_by="vars"``, a build by hand).
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
        cmd += ["--exclude-resource-type", "unit_test"]
        if scope_by == "vars":
            cmd += ["--vars", json.dumps({"scan_id": scan_id})]
    scope = (
        EvidenceStore(db_path).dbt_build_scope(scan_id, datetime(2026, 1, 1))
        if scan_id is not None and scope_by == "store"
        else contextlib.nullcontext()
    )
    started = time.perf_counter()
    with scope:
        proc = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=600)
    seconds = time.perf_counter() - started
    if proc.returncode != 0:
        raise AssertionError(
            f"dbt build failed ({proc.returncode}):\n{proc.stdout[-6000:]}\n{proc.stderr[-2000:]}"
        )
    return DbtBuild(db_path, seconds, proc.stdout)
