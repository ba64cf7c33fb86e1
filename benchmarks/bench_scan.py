"""Benchmark: a whole scan of one client, stage by stage, then a rescan with unchanged inputs.

    .venv/bin/python -m benchmarks.bench_scan --size large [--client FILE] [--json OUT] [--no-rescan]

It runs the real thing: ``orchestration.run_scan`` materialises every Dagster asset
in-process (crawls, ``dbt build`` as a subprocess, scoring, report), exactly as
``maturity scan`` does. Stages are timed from the assets' progress updates; two stages
that live inside the crawls are timed by wrapping the functions that do them: SQL
lineage extraction (``lineage_tables``) and the evidence load into DuckDB
(``EvidenceStore.land`` and ``carry_forward``), and are subtracted from their crawl.
A sampler reads the resident memory of this process and all its descendants (dbt, the
lineage workers) from /proc every 0.1 s; each stage reports the peak seen while it ran.

In the same run it measures the floors the stages are held against, on the same inputs:
bare ``orjson`` parsing of each source's files, bare ``sqlglot.parse_one`` of the distinct
logged statements and view definitions, a bare read of the DuckDB catalog, and a bare
DuckDB bulk insert (Arrow) of the rows the scan landed. Each stage is reported as a
ratio to its floor. Wall times on a shared machine are noisy: the load average is printed.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import re
import resource
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

STAGES = (
    "crawl warehouse",
    "crawl dbt",
    "crawl openlineage",
    "crawl gx",
    "crawl query_logs",
    "lineage extraction",
    "evidence load",
    "dbt build",
    "scoring",
    "report",
)
_SOURCE_OF_STEP = {"warehouse", "dbt", "openlineage", "gx", "query_logs"}
_PAGE = os.sysconf("SC_PAGE_SIZE")


# --- memory ---------------------------------------------------------------------------------


def _tree_rss(root: int) -> int:
    """Resident bytes of ``root`` and every descendant, from /proc (no psutil needed)."""
    parents: dict[int, int] = {}
    rss: dict[int, int] = {}
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            with open(f"/proc/{entry.name}/stat", "rb") as fh:
                stat = fh.read()
        except OSError:
            continue
        fields = stat[stat.rindex(b")") + 2 :].split()
        pid = int(entry.name)
        parents[pid] = int(fields[1])
        rss[pid] = int(fields[21]) * _PAGE
    total = 0
    for pid in rss:
        p = pid
        while p > 1 and p != root:
            p = parents.get(p, 0)
        if p == root:
            total += rss[pid]
    return total


class MemorySampler:
    """Background sampler of the process tree's RSS: (monotonic time, bytes) pairs."""

    def __init__(self, every: float = 0.1):
        self.every = every
        self.samples: list[tuple[float, int]] = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        pid = os.getpid()
        while not self._stop.is_set():
            self.samples.append((time.monotonic(), _tree_rss(pid)))
            self._stop.wait(self.every)

    def __enter__(self) -> MemorySampler:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()

    def peak(self, start: float, end: float) -> int:
        inside = [b for t, b in self.samples if start <= t <= end]
        return max(inside, default=0)


# --- stage clock ----------------------------------------------------------------------------


class StageClock:
    """Stage intervals from the assets' progress updates, plus time spent in wrapped functions."""

    def __init__(self) -> None:
        self.start: dict[str, float] = {}
        self.end: dict[str, float] = {}
        self.inner: dict[str, float] = {}  # lineage extraction / evidence load seconds, per step
        self.inner_rows: dict[str, int] = {}
        self.inner_windows: dict[str, list[tuple[float, float]]] = {}
        self.current: str | None = None

    def sink(self, step: str, message: str) -> None:
        now = time.monotonic()
        if step not in self.start:
            self.start[step] = now
            self.current = step
        self.end[step] = now

    def wrap(self, kind: str, func: Callable[..., Any], rows: Callable[[Any], int]) -> Callable[..., Any]:
        def timed(*args: Any, **kwargs: Any) -> Any:
            t0 = time.monotonic()
            out = func(*args, **kwargs)
            t1 = time.monotonic()
            key = f"{kind}:{self.current}"
            self.inner[key] = self.inner.get(key, 0.0) + t1 - t0
            self.inner_rows[key] = self.inner_rows.get(key, 0) + rows(out)
            self.inner_windows.setdefault(kind, []).append((t0, t1))
            return out

        return timed


@contextlib.contextmanager
def instrumented(clock: StageClock) -> Iterator[None]:
    """Wrap lineage extraction and the evidence load where the crawls call them."""
    import connectors.query_logs.crawl as qcrawl
    import connectors.warehouse.crawl as wcrawl
    from connectors.store import EvidenceStore

    saved = (qcrawl.lineage_tables, wcrawl.lineage_tables, EvidenceStore.land, EvidenceStore.carry_forward)

    def statements(result: Any) -> int:
        return int(result.counts.get("sql_statements", 0))

    qcrawl.lineage_tables = clock.wrap("lineage", qcrawl.lineage_tables, statements)
    wcrawl.lineage_tables = clock.wrap("lineage", wcrawl.lineage_tables, statements)
    EvidenceStore.land = clock.wrap("load", EvidenceStore.land, lambda landed: sum(landed.values()))
    EvidenceStore.carry_forward = clock.wrap(
        "load", EvidenceStore.carry_forward, lambda copied: sum(copied.values())
    )
    try:
        yield
    finally:
        qcrawl.lineage_tables, wcrawl.lineage_tables, EvidenceStore.land, EvidenceStore.carry_forward = saved


# --- one scan -------------------------------------------------------------------------------


def _scan_rows(store_path: Path, scan_id: str) -> dict[str, int]:
    import duckdb

    from connectors.store import RAW_SCHEMAS

    with duckdb.connect(str(store_path), read_only=True) as con:
        return {
            t: con.execute(f'select count(*) from raw."{t}" where scan_id = ?', [scan_id]).fetchone()[0]
            for t in RAW_SCHEMAS
        }


def _source_tables(source: str) -> list[str]:
    from orchestration.scan_steps import source_raw_tables

    return [t for t, _ in source_raw_tables(source)]


def measure_scan(client_file: Path, data_dir: Path, as_of: str | None) -> dict[str, Any]:
    """One whole scan with per-stage wall time, rows, rows/s and peak RSS."""
    from orchestration import progress
    from orchestration.run_scan import run_scan
    from orchestration.settings import evidence_db_path

    clock = StageClock()
    with MemorySampler() as mem, instrumented(clock), progress.installed(clock.sink):
        t0 = time.monotonic()
        outcome = run_scan(client_file, as_of=as_of, data_dir=str(data_dir))
        t1 = time.monotonic()
    if outcome.result is None:
        raise RuntimeError(f"scan failed: {outcome.failure_messages}")
    result = outcome.result
    store = evidence_db_path(result["client"], data_dir)
    rows = _scan_rows(store, result["scan_id"])
    stages: dict[str, dict[str, Any]] = {}

    def add(name: str, seconds: float, n: int, start: float, end: float) -> None:
        stages[name] = {
            "seconds": round(seconds, 3),
            "rows": n,
            "rows_per_s": round(n / seconds) if seconds > 0 else None,
            "peak_rss_mib": round(mem.peak(start, end) / 2**20, 1),
        }

    for step in ("warehouse", "dbt", "openlineage", "gx", "query_logs"):
        if step not in clock.start:
            continue
        start, end = clock.start[step], clock.end[step]
        inner = clock.inner.get(f"lineage:{step}", 0.0) + clock.inner.get(f"load:{step}", 0.0)
        n = sum(rows[t] for t in _source_tables(step) if not t.startswith("sql_"))
        add(f"crawl {step}", end - start - inner, n, start, end)
    for kind, name in (("lineage", "lineage extraction"), ("load", "evidence load")):
        windows = clock.inner_windows.get(kind, [])
        seconds = sum(b - a for a, b in windows)
        n = sum(v for k, v in clock.inner_rows.items() if k.startswith(kind + ":"))
        peak = max((mem.peak(a, b) for a, b in windows), default=0)
        stages[name] = {
            "seconds": round(seconds, 3),
            "rows": n,
            "rows_per_s": round(n / seconds) if seconds > 0 else None,
            "peak_rss_mib": round(peak / 2**20, 1),
        }
    raw_rows = sum(rows.values())
    for step, name in (("evidence", "dbt build"), ("scoring", "scoring"), ("report", "report")):
        if step in clock.start:
            n = raw_rows if step == "evidence" else len(result.get("questions", []))
            add(name, clock.end[step] - clock.start[step], n, clock.start[step], clock.end[step])
    report = Path(result.get("report") or "")
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return {
        "scan_id": result["scan_id"],
        "score": result["score"]["total"],
        "partial": result.get("partial"),
        "total_seconds": round(t1 - t0, 2),
        "peak_rss_mib": round(mem.peak(t0, t1) / 2**20, 1),
        "own_maxrss_mib": round(own / 1024, 1),
        "stages": stages,
        "other_seconds": round(t1 - t0 - sum(s["seconds"] for s in stages.values()), 2),
        "raw_rows": raw_rows,
        "report_html_bytes": report.stat().st_size if report.is_file() else None,
        "reused_sources": _reused(store, result["scan_id"]),
        "dagster_step_seconds": outcome.step_seconds,
    }


def _reused(store: Path, scan_id: str) -> list[str]:
    import duckdb

    with duckdb.connect(str(store), read_only=True) as con:
        return [
            r[0]
            for r in con.execute(
                "select source from raw.scan_sources where scan_id = ? and reused_from is not null order by 1",
                [scan_id],
            ).fetchall()
        ]


# --- floors ---------------------------------------------------------------------------------


def _timed(func: Callable[[], int]) -> dict[str, Any]:
    t0 = time.perf_counter()
    n = func()
    seconds = time.perf_counter() - t0
    return {
        "seconds": round(seconds, 3),
        "rows": n,
        "rows_per_s": round(n / seconds) if seconds > 0 else None,
    }


def _files(paths: list[Path]) -> list[Path]:
    out: list[Path] = []
    for p in paths:
        out += sorted(f for f in p.rglob("*") if f.is_file()) if p.is_dir() else [p]
    return out


def _json_floor(files: list[Path], jsonl: bool) -> int:
    import orjson

    n = 0
    for f in files:
        data = f.read_bytes()
        if jsonl:
            for line in data.splitlines():
                if line.strip():
                    orjson.loads(line)
                    n += 1
        else:
            orjson.loads(data)
            n += 1
    return n


_LEADING_COMMENT = re.compile(r"^\s*(--[^\n]*\n|/\*.*?\*/\s*)+", re.S)


def distinct_statements(cfg: Any) -> list[tuple[str, str]]:
    """Distinct (sql, dialect) the lineage stage parses: logged texts (BI comments stripped) and views."""
    import duckdb
    import orjson

    seen: dict[tuple[str, str], None] = {}
    for q in cfg.query_logs:
        if not q.path:
            continue
        for line in cfg.resolve(q.path).read_bytes().splitlines():
            if line.strip():
                text = orjson.loads(line).get(q.columns.query) or ""
                seen.setdefault((_LEADING_COMMENT.sub("", text), q.dialect or "duckdb"), None)
    if cfg.warehouse and cfg.warehouse.kind == "duckdb":
        with duckdb.connect(str(cfg.resolve(cfg.warehouse.path)), read_only=True) as con:
            for (sql,) in con.execute("select sql from duckdb_views() where not internal").fetchall():
                seen.setdefault((sql, "duckdb"), None)
    return list(seen)


def measure_floors(client_file: Path, data_dir: Path, scan_id: str) -> dict[str, dict[str, Any]]:
    import duckdb
    import sqlglot

    from connectors.config import load_client
    from orchestration.settings import evidence_db_path

    cfg = load_client(client_file)
    floors: dict[str, dict[str, Any]] = {}
    if cfg.warehouse and cfg.warehouse.kind == "duckdb":
        path = cfg.resolve(cfg.warehouse.path)

        def catalog() -> int:
            with duckdb.connect(str(path), read_only=True) as con:
                n = con.sql("select * from duckdb_tables()").to_arrow_table().num_rows
                n += con.sql("select * from duckdb_views() where not internal").to_arrow_table().num_rows
                return n + con.sql("select * from duckdb_columns()").to_arrow_table().num_rows

        floors["crawl warehouse"] = {
            "floor": "bare DuckDB catalog read (tables, views, columns)",
            **_timed(catalog),
        }
    if cfg.dbt:
        target = cfg.resolve(cfg.dbt.target_dir)
        files = [target / f"{k}.json" for k in ("manifest", "run_results", "catalog", "sources")]
        files = [f for f in files if f.is_file()]
        floors["crawl dbt"] = {
            "floor": "orjson.loads of the artifacts",
            **_timed(lambda: _json_floor(files, False)),
        }
    for source, jsonl in (("openlineage", True), ("gx", False)):
        section = getattr(cfg, source)
        if section:
            files = _files([cfg.resolve(p) for p in section.paths])
            what = "orjson.loads of every line" if jsonl else "orjson.loads of every file"
            floors[f"crawl {source}"] = {"floor": what, **_timed(lambda f=files, j=jsonl: _json_floor(f, j))}
    logs = [cfg.resolve(q.path) for q in cfg.query_logs if q.path and q.format == "jsonl"]
    if logs:
        floors["crawl query_logs"] = {
            "floor": "orjson.loads of every line",
            **_timed(lambda: _json_floor(logs, True)),
        }
    texts = distinct_statements(cfg)

    def parse() -> int:
        for sql, dialect in texts:
            with contextlib.suppress(Exception):
                sqlglot.parse_one(sql, read=dialect)
        return len(texts)

    floors["lineage extraction"] = {"floor": "sqlglot.parse_one of the distinct statements", **_timed(parse)}

    store = evidence_db_path(cfg.client, data_dir)
    from connectors.store import RAW_SCHEMAS

    with duckdb.connect(str(store), read_only=True) as con:
        tables = {
            t: con.sql(f'select * from raw."{t}" where scan_id = $1', params=[scan_id]).to_arrow_table()
            for t in RAW_SCHEMAS
        }
    with tempfile.TemporaryDirectory(prefix="bench-insert-") as tmp:

        def bulk() -> int:
            with duckdb.connect(str(Path(tmp) / "floor.duckdb")) as con:
                n = 0
                for name, arrow in tables.items():
                    con.register("src", arrow)
                    con.execute(f'create table "{name}" as select * from src')
                    con.unregister("src")
                    n += arrow.num_rows
                con.execute("checkpoint")
                return n

        floors["evidence load"] = {
            "floor": "bare DuckDB bulk insert (Arrow) of the same rows",
            **_timed(bulk),
        }
    return floors


def with_ratios(scan: dict[str, Any], floors: dict[str, dict[str, Any]]) -> dict[str, Any]:
    for name, stage in scan["stages"].items():
        floor = floors.get(name)
        stage["floor_seconds"] = floor["seconds"] if floor else None
        stage["ratio_to_floor"] = (
            round(stage["seconds"] / floor["seconds"], 2) if floor and floor["seconds"] > 0 else None
        )
    return scan


# --- output ---------------------------------------------------------------------------------


def _fmt(v: Any, spec: str = "") -> str:
    return "-" if v is None else format(v, spec)


def render(report: dict[str, Any]) -> str:
    lines = [
        f"client {report['client']}  ({report['client_file']})",
        f"load average before {report['load_before']}  after {report['load_after']}  cores {os.cpu_count()}",
    ]
    for label in ("scan", "rescan"):
        scan = report.get(label)
        if not scan:
            continue
        lines.append("")
        lines.append(
            f"{label}: {scan['total_seconds']:.1f} s total, peak RSS {scan['peak_rss_mib']:.0f} MiB, "
            f"score {scan['score']}, {scan['raw_rows']:,} raw rows"
            + (f", reused: {', '.join(scan['reused_sources'])}" if scan["reused_sources"] else "")
        )
        lines.append(
            f"{'stage':<20}{'seconds':>9}{'rows':>11}{'rows/s':>10}{'peak MiB':>10}{'floor s':>9}{'x floor':>9}"
        )
        for name in STAGES:
            s = scan["stages"].get(name)
            if s is None:
                continue
            lines.append(
                f"{name:<20}{s['seconds']:>9.2f}{s['rows']:>11,}{_fmt(s['rows_per_s'], ','):>10}"
                f"{s['peak_rss_mib']:>10.0f}{_fmt(s.get('floor_seconds'), '.2f'):>9}"
                f"{_fmt(s.get('ratio_to_floor'), '.1f'):>9}"
            )
        lines.append(f"{'(orchestration etc.)':<20}{scan['other_seconds']:>9.2f}")
    lines.append("")
    lines.append("floors:")
    for name, f in report["floors"].items():
        lines.append(f"  {name:<20}{f['seconds']:>8.2f} s  {f['rows']:>10,} items  {f['floor']}")
    return "\n".join(lines)


def run(client_file: Path, data_dir: Path, as_of: str | None, rescan: bool) -> dict[str, Any]:
    from connectors.config import load_client

    load_before = [round(x, 2) for x in os.getloadavg()]
    scan = measure_scan(client_file, data_dir, as_of)
    floors = measure_floors(client_file, data_dir, scan["scan_id"])
    report: dict[str, Any] = {
        "client": load_client(client_file).client,
        "client_file": str(client_file),
        "python": sys.version.split()[0],
        "cores": os.cpu_count(),
        "load_before": load_before,
        "scan": with_ratios(scan, floors),
        "floors": floors,
    }
    if rescan:
        report["rescan"] = with_ratios(measure_scan(client_file, data_dir, as_of), floors)
    report["load_after"] = [round(x, 2) for x in os.getloadavg()]
    return report


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks.bench_scan", description=__doc__.split("\n")[0]
    )
    parser.add_argument("--size", default="small", help="build (if missing) and scan the demo/large preset")
    parser.add_argument("--client", type=Path, default=None, help="scan this client file instead")
    parser.add_argument("--stack-dir", type=Path, default=None, help="where --size stacks live")
    parser.add_argument(
        "--data-dir", type=Path, default=None, help="evidence store root (default: a temp dir)"
    )
    parser.add_argument("--as-of", default="2026-06-01T09:00:00")
    parser.add_argument("--no-rescan", action="store_true")
    parser.add_argument("--json", type=Path, default=None, help="also write the measurements here")
    args = parser.parse_args(argv)
    for var, value in (
        ("DBT_SEND_ANONYMOUS_USAGE_STATS", "False"),
        ("DAGSTER_DISABLE_TELEMETRY", "1"),
        ("GX_ANALYTICS_ENABLED", "false"),
    ):
        os.environ.setdefault(var, value)
    os.environ["PATH"] = str(Path(sys.executable).parent) + os.pathsep + os.environ.get("PATH", "")
    os.environ.pop("MATURITY_FULL_RESCAN", None)
    client_file = args.client
    if client_file is None:
        from demo.large import build_large
        from demo.large.builder import DEFAULT_ROOT

        stack = (args.stack_dir or DEFAULT_ROOT) / args.size
        client_file = stack / f"bigcorp-{args.size}.yaml"
        if not client_file.exists():
            client_file = build_large(stack, size=args.size)
    with contextlib.ExitStack() as stack_ctx:
        data_dir = args.data_dir or Path(
            stack_ctx.enter_context(tempfile.TemporaryDirectory(prefix="bench-scan-"))
        )
        report = run(client_file.resolve(), data_dir, args.as_of, not args.no_rescan)
    print(render(report))
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(report, indent=2, sort_keys=True), encoding="utf-8")


if __name__ == "__main__":
    main()
