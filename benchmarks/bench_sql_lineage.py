"""Benchmark: SQL lineage from a query log, against bare sqlglot parsing of the same texts.

    .venv/bin/python -m benchmarks.bench_sql_lineage [--rows 100000] [--distinct 5000] [--repeat 1] [--json]

It writes a deterministic log (benchmarks/workload.py: five dialects, CTE models,
INSERT/CTAS/MERGE, BI aggregates) as one JSONL file per dialect, runs the scanner's real
query-log crawl on it (read, fingerprint and classify every row, then table and column
lineage of every distinct statement, with the catalog schema), and in the same run times
``sqlglot.parse_one`` over the same distinct texts, in one process. It reports rows/s,
distinct texts/s, the peak resident memory of the run (this process and its workers)
and the ratio of the extraction to bare parsing, in wall time and in CPU time.

On a shared machine one run can be off by 10-20 % either way; ``--repeat N`` runs the
extraction and the bare parse N times each, alternating, keeps the best time of each
(the time least disturbed by other processes) and also prints each round's own ratio.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import sys
import tempfile
import time
from datetime import datetime
from pathlib import Path

import sqlglot

from benchmarks.workload import DIALECTS, catalog_schema, log_rows, statements
from connectors.base import ScanContext
from connectors.config import QueryLogConfig
from connectors.query_logs import crawl_query_logs


def _cpu() -> float:
    own, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime


def _peak_mib() -> float:
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    kids = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return max(own, kids) / 1024  # kB on Linux


def write_logs(folder: Path, rows: int, distinct: int) -> tuple[list[QueryLogConfig], list]:
    texts = statements(distinct)
    files = {d: (folder / f"{d}.jsonl").open("w", encoding="utf-8") for d in DIALECTS}
    try:
        for k, (idx, text) in enumerate(log_rows(texts, rows)):
            record = {
                "query_text": text,
                "user_name": ("svc_dbt", "metabase", "marie.dupont", "looker")[k % 4],
                "start_time": f"2024-05-{1 + k % 28:02d}T{k % 24:02d}:00:00Z",
            }
            files[texts[idx].dialect].write(json.dumps(record) + "\n")
    finally:
        for fh in files.values():
            fh.close()
    return [QueryLogConfig(path=f"{d}.jsonl", dialect=d) for d in DIALECTS], texts


def run(rows: int, distinct: int, workers: int | None, repeat: int = 1) -> dict:
    with tempfile.TemporaryDirectory(prefix="bench-lineage-") as tmp:
        folder = Path(tmp)
        logs, texts = write_logs(folder, rows, distinct)
        ctx = ScanContext("bench", "bench-scan", datetime(2024, 6, 1), tmp)
        best: dict[str, tuple[float, float]] = {}
        rounds: list[float] = []  # each round's own CPU ratio: the spread of the measure

        def keep(name: str, wall: float, cpu: float) -> None:
            if name not in best or wall < best[name][0]:
                best[name] = (wall, cpu)

        for _ in range(repeat):
            cpu0, t0 = _cpu(), time.perf_counter()
            result = crawl_query_logs(
                logs, ctx, lambda p: folder / p, catalog_schema=catalog_schema(), workers=workers
            )
            keep("extract", time.perf_counter() - t0, extract_round := _cpu() - cpu0)

            cpu0, t0 = _cpu(), time.perf_counter()
            for st in texts:
                sqlglot.parse_one(st.sql, read=st.dialect)
            keep("parse", time.perf_counter() - t0, parse_round := _cpu() - cpu0)
            rounds.append(round(extract_round / parse_round, 2))
    (extract_s, extract_cpu), (parse_s, parse_cpu) = best["extract"], best["parse"]

    counts = result.counts
    return {
        "rows": rows,
        "distinct_texts": distinct,
        "repeat": repeat,
        "query_log_rows": counts.get("query_log_rows", 0),
        "distinct_statements": counts.get("sql_statements", 0),
        "parse_errors": counts.get("sql_parse_errors", 0),
        "lineage_edges": counts.get("sql_lineage_edges", 0),
        "column_lineage_rows": result.tables["sql_column_lineage"].num_rows,
        "extract_seconds": extract_s,
        "extract_cpu_seconds": extract_cpu,
        "bare_parse_seconds": parse_s,
        "bare_parse_cpu_seconds": parse_cpu,
        "rows_per_second": round(rows / extract_s, 1),
        "distinct_per_second": round(distinct / extract_s, 1),
        "ratio_wall": round(extract_s / parse_s, 2),
        "ratio_cpu": round(extract_cpu / parse_cpu, 2),
        "ratio_cpu_rounds": rounds,
        "peak_rss_mib": round(_peak_mib(), 1),
        "cpus": os.cpu_count(),
        "python": sys.version.split()[0],
        "sqlglot": sqlglot.__version__,
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rows", type=int, default=100_000)
    ap.add_argument("--distinct", type=int, default=5_000)
    ap.add_argument(
        "--workers",
        type=int,
        default=None,
        help="lineage processes (default: 1 on 2 cores, see sql_lineage.evidence)",
    )
    ap.add_argument("--repeat", type=int, default=1, help="runs of each side; the best time is kept")
    ap.add_argument("--json", action="store_true", help="one JSON object instead of the text report")
    args = ap.parse_args(argv)
    if args.distinct < 1 or args.rows < args.distinct:
        ap.error("need 1 <= --distinct <= --rows")
    if args.repeat < 1:
        ap.error("need --repeat >= 1")
    out = run(args.rows, args.distinct, args.workers, args.repeat)
    if args.json:
        print(json.dumps(out, sort_keys=True))
        return 0
    print(f"rows                {out['query_log_rows']:>10,}  ({out['rows_per_second']:,.0f} rows/s)")
    print(
        f"distinct statements {out['distinct_statements']:>10,}  ({out['distinct_per_second']:,.0f} texts/s)"
    )
    print(
        f"extraction          {out['extract_seconds']:>10.2f} s wall, {out['extract_cpu_seconds']:.2f} s CPU"
    )
    print(
        f"bare parse_one      {out['bare_parse_seconds']:>10.2f} s wall, {out['bare_parse_cpu_seconds']:.2f} s CPU"
    )
    spread = out["ratio_cpu_rounds"]
    each = f" (rounds {min(spread):.2f}-{max(spread):.2f})" if len(spread) > 1 else ""
    print(f"ratio               {out['ratio_wall']:>10.2f} x wall, {out['ratio_cpu']:.2f} x CPU{each}")
    print(f"peak memory         {out['peak_rss_mib']:>10.0f} MiB")
    print(f"edges               {out['lineage_edges']:>10,}  column rows {out['column_lineage_rows']:,}")
    print(f"parse errors        {out['parse_errors']:>10,}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
