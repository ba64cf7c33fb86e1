"""Benchmark: reading a big dbt manifest, in time and memory, against a bare ``orjson.loads``.

    .venv/bin/python -m benchmarks.bench_manifest [--models 22000 | --manifest FILE] [--repeat 1] [--json]

It writes a deterministic manifest with the large synthetic client's generator
(``demo/large``: models with compiled SQL, columns, configs, tests, sources, exposures,
parent and child maps, the keys dbt 1.11 writes) to a temporary folder; 22,000 models
make about 200 MB. Then, each in a fresh child process so that every peak is its own, it
measures:

- ``orjson.loads`` of the file's bytes (the floor: one parse, nothing kept but the tree);
- the connector's crawl of a target folder holding only that manifest, with the whole
  file parsed at once (the path files up to ``STREAM_ABOVE`` take);
- the same crawl streamed (the path bigger files take).

Both crawls run ``crawl_dbt`` to the end: node and edge rows, and their Arrow tables.
For each it reports the wall and CPU time and their ratios to the floor, and the peak
resident memory above the child's baseline after imports (``VmHWM`` in /proc) and its
ratio to the file size. Wall times on a shared machine are noisy (the load average is printed);
CPU time is steadier. With ``--repeat N`` the modes run N times, interleaved, and the
best time and the worst peak are kept.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from datetime import datetime
from pathlib import Path

MODES = {
    "orjson": "orjson.loads (floor)",
    "whole": "crawl, whole-file parse",
    "streamed": "crawl, streamed",
}
_MIB = 1024 * 1024

# Runs in the child: imports first, then the baseline, then the one measured read. Memory
# comes from /proc/self/status, not ru_maxrss: Linux carries the parent's high-water mark
# into a child's ru_maxrss across fork and exec, so a big parent would hide the child's peak.
_CHILD = """
import gc, json, resource, sys, time
from datetime import datetime
from pathlib import Path
import orjson
from connectors.base import ScanContext
from connectors.config import DbtConfig
from connectors.dbt_artifacts import artifacts, crawl_dbt
from connectors.dbt_artifacts.manifest import RESOURCE_COLLECTIONS

def status(field):
    with open("/proc/self/status") as fh:
        return next(int(line.split()[1]) for line in fh if line.startswith(field + ":"))

mode, target = sys.argv[1], Path(sys.argv[2])
artifacts.STREAM_ABOVE = 0 if mode == "streamed" else sys.maxsize
gc.collect()
try:  # reset the high-water mark to the current RSS (Linux 4.0+)
    with open("/proc/self/clear_refs", "w") as fh:
        fh.write("5")
    base = status("VmRSS")
except OSError:
    base = status("VmHWM")
usage = resource.getrusage(resource.RUSAGE_SELF)
cpu = usage.ru_utime + usage.ru_stime
t = time.perf_counter()
if mode == "orjson":
    data = orjson.loads((target / "manifest.json").read_bytes())
    resources = sum(len(data.get(c) or ()) for c in RESOURCE_COLLECTIONS)
else:
    result = crawl_dbt(DbtConfig(target_dir=str(target)), ScanContext("bench", "b", datetime(2026, 1, 1), "."), Path)
    assert not result.errors, result.errors
    resources = result.counts["dbt_nodes"]
seconds = time.perf_counter() - t
usage = resource.getrusage(resource.RUSAGE_SELF)
cpu = usage.ru_utime + usage.ru_stime - cpu
print(json.dumps({"seconds": seconds, "cpu": cpu, "base_kib": base, "peak_kib": status("VmHWM"),
                  "resources": resources}))
"""


def write_manifest(folder: Path, models: int, seed: int = 8) -> Path:
    """A deterministic manifest of ``models`` models (plus their tests and sources) in ``folder``."""
    from demo.large.dbt_artifacts import write_dbt_artifacts
    from demo.large.layout import plan
    from demo.large.sizes import Sizes

    relations = max(models * 2, 400)  # three of the five layers are modelled
    sizes = Sizes(relations=relations, columns=relations * 10, schemas=200, models=models)
    with tempfile.TemporaryDirectory(prefix="bench-manifest-gen-") as gen:
        write_dbt_artifacts(Path(gen), plan(sizes, seed), models, datetime(2026, 6, 1), seed)
        folder.mkdir(parents=True, exist_ok=True)
        (Path(gen) / "manifest.json").replace(folder / "manifest.json")
    return folder / "manifest.json"


def measure(mode: str, target: Path) -> dict:
    """One read of ``target``'s manifest in a fresh interpreter: seconds, peak growth, resources read."""
    out = subprocess.run(
        [sys.executable, "-c", _CHILD, mode, str(target)],
        capture_output=True,
        text=True,
        check=True,
        cwd=Path(__file__).resolve().parents[1],
    )
    got = json.loads(out.stdout.strip().splitlines()[-1])
    return {"seconds": got["seconds"], "cpu_seconds": got["cpu"],
            "peak_mib": (got["peak_kib"] - got["base_kib"]) / 1024,
            "base_mib": got["base_kib"] / 1024, "resources": got["resources"]}  # fmt: skip


def run(models: int, manifest: Path | None, repeat: int) -> dict:
    with tempfile.TemporaryDirectory(prefix="bench-manifest-") as tmp:
        target = Path(tmp) / "target"
        t = time.perf_counter()
        if manifest is None:
            write_manifest(target, models)
        else:
            target.mkdir()
            (target / "manifest.json").symlink_to(manifest.resolve())
        generate_s = time.perf_counter() - t
        size = (target / "manifest.json").stat().st_size
        load_before = [round(x, 2) for x in os.getloadavg()]
        runs: dict[str, dict] = {}
        for _ in range(repeat):  # interleaved, so that a burst of load hits every mode alike
            for mode in MODES:
                got = measure(mode, target)
                best = runs.get(mode)
                runs[mode] = {
                    "seconds": min(got["seconds"], best["seconds"]) if best else got["seconds"],
                    "cpu_seconds": min(got["cpu_seconds"], best["cpu_seconds"])
                    if best
                    else got["cpu_seconds"],
                    "peak_mib": max(got["peak_mib"], best["peak_mib"]) if best else got["peak_mib"],
                    "base_mib": got["base_mib"],
                    "resources": got["resources"],
                }
    floor, floor_cpu = runs["orjson"]["seconds"], runs["orjson"]["cpu_seconds"]
    for stats in runs.values():
        stats["x_floor"] = round(stats["seconds"] / floor, 2)
        stats["x_floor_cpu"] = round(stats["cpu_seconds"] / floor_cpu, 2) if floor_cpu else None
        stats["cpu_seconds"] = round(stats["cpu_seconds"], 3)
        stats["x_file"] = round(stats["peak_mib"] * _MIB / size, 2)
        stats["seconds"] = round(stats["seconds"], 3)
        stats["peak_mib"] = round(stats["peak_mib"], 1)
        stats["base_mib"] = round(stats["base_mib"], 1)
    return {
        "manifest_bytes": size,
        "models": None if manifest else models,
        "generate_seconds": round(generate_s, 2),
        "repeat": repeat,
        "runs": runs,
        "load_before": load_before,
        "load_after": [round(x, 2) for x in os.getloadavg()],
        "cpus": os.cpu_count(),
        "python": sys.version.split()[0],
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--models", type=int, default=22_000, help="models in the generated manifest")
    ap.add_argument(
        "--manifest", type=Path, default=None, help="read this manifest instead of generating one"
    )
    ap.add_argument("--repeat", type=int, default=1, help="runs per mode: best time, worst peak")
    ap.add_argument("--json", action="store_true", help="one JSON object instead of the text report")
    args = ap.parse_args(argv)
    if args.models < 1 or args.repeat < 1:
        ap.error("need --models >= 1 and --repeat >= 1")
    out = run(args.models, args.manifest, args.repeat)
    if args.json:
        print(json.dumps(out, sort_keys=True))
        return 0
    print(f"manifest {out['manifest_bytes'] / _MIB:,.1f} MiB ({out['runs']['streamed']['resources']:,} resources), "
          f"load average {out['load_before'][0]} before, {out['load_after'][0]} after")  # fmt: skip
    print(
        f"{'read':<26} {'wall s':>7} {'x floor':>8} {'CPU s':>7} {'x floor':>8} {'peak MiB':>9} {'x file':>7}"
    )
    for mode, label in MODES.items():
        r = out["runs"][mode]
        print(f"{label:<26} {r['seconds']:>7.2f} {r['x_floor']:>8.2f} {r['cpu_seconds']:>7.2f} "
              f"{r['x_floor_cpu'] or 0:>8.2f} {r['peak_mib']:>9.0f} {r['x_file']:>7.2f}")  # fmt: skip
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
