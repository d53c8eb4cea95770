"""Ingest throughput and memory on generated posts (issue 2 targets).

    .venv/bin/python benchmarks/bench_ingest.py [--posts 1000000] [--small 100000]

Generates twitter-v1 JSON lines with neutral mixed ar/fr/en text (cached under .bench/), then
measures on one core (CPU affinity pinned to one CPU), each phase in a fresh process:

* parse: read + map + normalise + language (no store), posts/s;
* store: the full ingest into a fresh SQLite file (all stages + interactions + upserts), posts/s;
* peak resident memory of each phase, at two input sizes, to show it is flat in input size.

Targets: parse >= 40,000 posts/s; store >= 20,000 posts/s; peak memory < 500 MB and flat.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CACHE = ROOT / ".bench"


def _pin_one_core() -> None:
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {sorted(os.sched_getaffinity(0))[0]})


def _data(posts: int) -> Path:
    from nohaven.demo import write_benchmark_jsonl

    CACHE.mkdir(exist_ok=True)
    path = CACHE / f"posts-{posts}.jsonl"
    if not path.exists():
        partial = path.with_suffix(".partial")
        write_benchmark_jsonl(partial, posts, seed=1)
        partial.replace(path)
    return path


def _phase(phase: str, path: Path) -> dict[str, float]:
    from nohaven.ingest.base import FormatOptions
    from nohaven.ingest.registry import default_registry
    from nohaven.pipeline import foundation_stages, read_batches, run
    from nohaven.store import open_store

    _pin_one_core()
    registry = default_registry()
    fmt = registry.get("twitter-v1")
    options = FormatOptions()
    stages = foundation_stages()
    posts = 0
    started = time.perf_counter()
    if phase == "parse":
        for batch in read_batches(path, fmt, options):
            for stage in stages:
                batch = stage(batch)
            posts += len(batch.posts)
    else:
        with tempfile.TemporaryDirectory() as scratch:
            with open_store(f"sqlite:///{scratch}/bench.db") as store:
                report = run(
                    [path], store, registry, format_name="twitter-v1", rejects_dir=Path(scratch)
                )
            posts = report.totals().posts.new
    seconds = time.perf_counter() - started
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {"posts": posts, "seconds": seconds, "posts_per_s": posts / seconds, "peak_mb": peak_mb}


def _in_child(phase: str, path: Path) -> dict[str, float]:
    result = subprocess.run(
        [sys.executable, __file__, "--child", phase, str(path)],
        check=True,
        capture_output=True,
        text=True,
    )
    figures: dict[str, float] = json.loads(result.stdout.strip().splitlines()[-1])
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--posts", type=int, default=1_000_000)
    parser.add_argument("--small", type=int, default=100_000, help="size for the memory check")
    parser.add_argument("--child", nargs=2, metavar=("PHASE", "PATH"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(_phase(args.child[0], Path(args.child[1]))))
        return
    rows = []
    for size in (args.small, args.posts):
        path = _data(size)
        for phase in ("parse", "store"):
            figures = _in_child(phase, path)
            rows.append((phase, size, figures))
            print(
                f"{phase:6} {size:>9,} posts  {figures['posts_per_s']:>9,.0f} posts/s  "
                f"{figures['seconds']:7.1f} s  peak {figures['peak_mb']:6.0f} MB",
                flush=True,
            )
    print("targets: parse >= 40,000/s, store >= 20,000/s, peak < 500 MB and flat in input size")


if __name__ == "__main__":
    main()
