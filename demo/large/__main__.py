"""``python -m demo.large [--size small|medium|large] [--out DIR] [--seed N] [--COUNT N ...]``."""

from __future__ import annotations

import argparse
import dataclasses
import time
from datetime import datetime

from demo.large import PRESETS, Sizes, build_large


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m demo.large", description=__doc__)
    parser.add_argument("--size", choices=sorted(PRESETS), default="large")
    parser.add_argument("--out", default=None, help="stack folder (default examples/large/stack/<size>)")
    parser.add_argument("--seed", type=int, default=8)
    parser.add_argument("--as-of", default=None, help="the stack clock, ISO 8601 (default 2026-06-01T08:00)")
    for f in dataclasses.fields(Sizes):
        parser.add_argument(f"--{f.name.replace('_', '-')}", type=int, default=None)
    args = parser.parse_args(argv)
    changes = {
        f.name: getattr(args, f.name) for f in dataclasses.fields(Sizes) if getattr(args, f.name) is not None
    }
    sizes = PRESETS[args.size].scaled(**changes)
    started = time.perf_counter()
    as_of = datetime.fromisoformat(args.as_of) if args.as_of else None
    client_file = build_large(args.out, size=args.size, sizes=sizes, as_of=as_of, seed=args.seed)
    print(f"built in {time.perf_counter() - started:.1f} s: {client_file}")


if __name__ == "__main__":
    main()
