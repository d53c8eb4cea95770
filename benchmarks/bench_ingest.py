"""Ingest throughput and memory on generated posts (issue 2 targets).

    .venv/bin/python benchmarks/bench_ingest.py [--posts 1000000] [--small 100000]
        [--layouts jsonl,twitter-v1]

Generates neutral mixed ar/fr/en posts (cached under .bench/) in two JSON-lines layouts: the
lean generic layout (``jsonl``: id, account, handle, created, text; no language column, so
every post goes through language identification) and full Twitter API v1.1 status objects
(``twitter-v1``: ~1 KB each with the user object, some with an embedded retweeted status, which
counts as a post too). Then it measures on one core (CPU affinity pinned to one CPU), each
phase in a fresh process:

* parse: read + map + normalise + language (no store), posts/s, with the garbage collector
  set as a run sets it (:func:`nohaven.pipeline.batched_collection`);
* store: the full ingest into a fresh SQLite file (all stages + interactions + upserts), posts/s;
* peak resident memory of each phase, at two input sizes, to show it is flat in input size.

Rates are per wall-clock second (the targets) and, in brackets, per second of the process's
own CPU time, which other work on a shared core does not inflate: when the two differ much,
the core was busy with something else and the run should be repeated.

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

import orjson

ROOT = Path(__file__).resolve().parents[1]
CACHE = ROOT / ".bench"


def _pin_one_core() -> None:
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {sorted(os.sched_getaffinity(0))[0]})


def _data(posts: int, layout: str) -> Path:
    from nohaven.demo import write_benchmark_jsonl

    CACHE.mkdir(exist_ok=True)
    v1 = CACHE / f"posts-{posts}.jsonl"
    if not v1.exists():
        partial = v1.with_suffix(".partial")
        write_benchmark_jsonl(partial, posts, seed=1)
        partial.replace(v1)
    if layout == "twitter-v1":
        return v1
    lean = CACHE / f"lean-{posts}.jsonl"
    if not lean.exists():
        partial = lean.with_suffix(".partial")
        with v1.open("rb") as source, partial.open("wb") as target:
            for line in source:
                status = orjson.loads(line)
                user = status["user"]
                row = {
                    "id": status["id_str"],
                    "account": user["id_str"],
                    "handle": user["screen_name"],
                    "created": status["created_at"],
                    "text": status["text"],
                }
                target.write(orjson.dumps(row) + b"\n")
        partial.replace(lean)
    return lean


def _phase(phase: str, layout: str, path: Path) -> dict[str, float]:
    from nohaven.ingest.base import FormatOptions
    from nohaven.ingest.registry import default_registry
    from nohaven.pipeline import batched_collection, foundation_stages, read_batches, run
    from nohaven.store import open_store

    _pin_one_core()
    registry = default_registry()
    fmt = registry.get(layout)
    options = FormatOptions()
    stages = foundation_stages()
    posts = 0
    started, cpu_started = time.perf_counter(), time.process_time()
    if phase == "parse":
        # as run() reads batches: with the collector's young-generation threshold raised
        with batched_collection():
            for batch in read_batches(path, fmt, options):
                for stage in stages:
                    batch = stage(batch)
                posts += len(batch.posts)
    else:
        with tempfile.TemporaryDirectory() as scratch:
            with open_store(f"sqlite:///{scratch}/bench.db") as store:
                report = run([path], store, registry, format_name=layout, rejects_dir=Path(scratch))
            posts = report.totals().posts.new
    seconds = time.perf_counter() - started
    cpu_seconds = time.process_time() - cpu_started
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {
        "posts": posts,
        "seconds": seconds,
        "posts_per_s": posts / seconds,
        "posts_per_cpu_s": posts / cpu_seconds,
        "peak_mb": peak_mb,
    }


def _in_child(phase: str, layout: str, path: Path) -> dict[str, float]:
    result = subprocess.run(
        [sys.executable, __file__, "--child", phase, layout, str(path)],
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
    parser.add_argument("--layouts", default="jsonl,twitter-v1", help="comma-separated")
    parser.add_argument("--child", nargs=3, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        phase, layout, path = args.child
        print(json.dumps(_phase(phase, layout, Path(path))))
        return
    for layout in args.layouts.split(","):
        for size in (args.small, args.posts):
            path = _data(size, layout)
            for phase in ("parse", "store"):
                figures = _in_child(phase, layout, path)
                print(
                    f"{layout:10} {phase:6} {size:>9,} records {figures['posts']:>9,} posts "
                    f"{figures['posts_per_s']:>9,.0f} posts/s {figures['seconds']:7.1f} s "
                    f"({figures['posts_per_cpu_s']:>7,.0f} per CPU s) "
                    f"peak {figures['peak_mb']:6.0f} MB",
                    flush=True,
                )
    print("targets: parse >= 40,000/s, store >= 20,000/s, peak < 500 MB and flat in input size")


if __name__ == "__main__":
    main()
