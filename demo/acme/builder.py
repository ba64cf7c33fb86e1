"""Build the Acme demo stack: warehouse, dbt artifacts, lineage events, GX results, query log.

The build is deterministic for a given ``seed`` and ``as_of``: every generator draws from
its own seeded stream and reads time only from the stack clock. It writes into a fresh
sibling directory and swaps it in at the end, so a failed build never leaves a half stack
and a rebuild replaces the old one whole.

Two slow, independent steps run as child processes at the same time: dbt (parse, build,
docs, freshness) and Great Expectations. Both pay their import cost in the child; when the
environment forbids writing bytecode (``PYTHONDONTWRITEBYTECODE``) the children cache it in
a prefix under the temp dir instead (``PYTHONPYCACHEPREFIX``), which turns GX's ~20 s
import into ~5 s from the second build on without touching the virtualenv.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from datetime import datetime
from importlib.metadata import version
from pathlib import Path

import duckdb
import numpy as np

from demo import acme_findings as F
from demo.acme.clock import StackClock
from demo.acme.dbt_run import DbtRun
from demo.acme.gx_results import export_tables
from demo.acme.lineage_events import write_events
from demo.acme.query_log import analyst_statements, write_query_log
from demo.acme.raw_data import build_raw
from demo.acme.side_tables import build_side_tables

ACME_DIR = Path(__file__).resolve().parents[2] / "examples" / "acme"
DEFAULT_STACK_DIR = ACME_DIR / "stack"
TOOLS = ("duckdb", "dbt-core", "dbt-duckdb", "great-expectations", "openlineage-python", "numpy", "pyarrow")


class StackBuildError(RuntimeError):
    """A step of the stack build failed; the previous stack (if any) is left untouched."""


def child_env() -> dict[str, str]:
    """Environment for the dbt and GX children: no telemetry, cached bytecode outside the venv."""
    env = dict(os.environ)
    env.update(
        DBT_SEND_ANONYMOUS_USAGE_STATS="False", GX_ANALYTICS_ENABLED="false", DAGSTER_DISABLE_TELEMETRY="1"
    )
    if env.pop("PYTHONDONTWRITEBYTECODE", None) and "PYTHONPYCACHEPREFIX" not in env:
        env["PYTHONPYCACHEPREFIX"] = str(Path(tempfile.gettempdir()) / "acme-demo-pycache")
    return env


def build(stack_dir: Path | None = None, *, as_of: datetime | None = None, seed: int = 42) -> Path:
    """Build the stack into ``stack_dir`` (default ``examples/acme/stack``); returns the client file.

    ``as_of`` (naive UTC, default now) is the stack's clock: data dates, run times and log
    times are all relative to it, so the findings do not depend on when it was built.
    """
    stack_dir = Path(stack_dir or DEFAULT_STACK_DIR).resolve()
    clock = StackClock((as_of or datetime.utcnow()).replace(microsecond=0))
    stack_dir.parent.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix=f".{stack_dir.name}.building-", dir=stack_dir.parent))
    try:
        facts = _build_into(work, clock, seed)
        (work / "stack.json").write_text(json.dumps(facts, indent=2), encoding="utf-8")
        _swap(work, stack_dir)
    except BaseException:
        shutil.rmtree(work, ignore_errors=True)
        raise
    return ACME_DIR / "acme.yaml"


def _build_into(work: Path, clock: StackClock, seed: int) -> dict:
    t0 = time.perf_counter()
    timings: dict[str, float] = {}
    # Independent streams per generator: changing one never shifts another's draws.
    streams = dict(zip(("raw", "side", "ol", "log"), np.random.SeedSequence(seed).spawn(4), strict=True))
    rng = {k: np.random.default_rng(s) for k, s in streams.items()}
    warehouse = work / "warehouse.duckdb"
    con = duckdb.connect(str(warehouse))
    try:
        counts = build_raw(con, clock, rng["raw"])
        build_side_tables(con, clock, rng["side"])
        feature_rows = con.execute("SELECT count(*) FROM ml.customer_features").fetchall()[0][0]
        export_tables(con, work / "_gx_input")
    finally:
        con.close()
    timings["warehouse"] = time.perf_counter() - t0

    env = child_env()
    gx = subprocess.Popen(
        [sys.executable, "-m", "demo.acme.gx_results", str(work / "_gx_input"), str(work / "gx"),
         clock.gx_run_at.isoformat()],
        env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )  # fmt: skip
    dbt = DbtRun(ACME_DIR / "dbt", warehouse, work / "dbt_run", clock.dbt_run_at, env).start()
    try:
        t = time.perf_counter()
        ol_counts = write_events(work / "openlineage" / "events.jsonl", clock, rng["ol"], feature_rows)
        timings["openlineage"] = time.perf_counter() - t
        dbt_facts = dbt.finish(work / "dbt_target")
        timings["dbt"] = time.perf_counter() - t
        t = time.perf_counter()
        run_results = json.loads((work / "dbt_target" / "run_results.json").read_text(encoding="utf-8"))
        log_counts = write_query_log(work / "query_log.jsonl", clock, rng["log"], run_results)
        _run_analyst_sql(warehouse, clock)
        timings["query_log_and_analyst_sql"] = time.perf_counter() - t
        out, _ = gx.communicate(timeout=300)
    finally:
        dbt.kill()
        if gx.poll() is None:
            gx.kill()
            gx.wait()
    if gx.returncode != 0:
        raise StackBuildError(f"Great Expectations step failed ({gx.returncode}):\n{out[-3000:]}")
    shutil.rmtree(work / "_gx_input")
    timings["total"] = time.perf_counter() - t0
    return {
        "client": F.CLIENT_ID,
        "built_at": datetime.utcnow().replace(microsecond=0).isoformat(),
        "as_of": clock.as_of.isoformat(),
        "seed": seed,
        "tool_versions": {name: version(name) for name in TOOLS},
        "python": sys.version.split()[0],
        "dbt": dbt_facts,
        "raw_row_counts": counts,
        "openlineage_events": ol_counts,
        "query_log_rows_by_user": log_counts,
        "gx_success": json.loads(out.strip().splitlines()[-1]),
        "seconds": {k: round(v, 2) for k, v in timings.items()},
    }


def _run_analyst_sql(warehouse: Path, clock: StackClock) -> None:
    """Execute the analysts' logged statements (view, sandbox CTAS, latest KPI snapshot) after dbt."""
    con = duckdb.connect(str(warehouse))
    try:
        for _, _, sql in analyst_statements(clock):
            con.execute(sql)
        con.execute("CHECKPOINT")
    finally:
        con.close()


def _swap(work: Path, stack_dir: Path) -> None:
    """Replace ``stack_dir`` with ``work``: the old stack moves aside first, then is deleted."""
    old = None
    if stack_dir.exists():
        old = stack_dir.with_name(f".{stack_dir.name}.old-{os.getpid()}")
        stack_dir.rename(old)
    try:
        work.rename(stack_dir)
    except OSError:
        if old is not None:
            old.rename(stack_dir)
        raise
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)
