"""Resurgent-account linking at scale: candidate generation and scoring (issue 6).

    .venv/bin/python benchmarks/bench_resurgence.py [--accounts 1000000] [--planted 10000]

Generates a synthetic population in memory (no store: this measures blocking and scoring, not
SQL): handles built from neutral syllables and numbers, display names from a pool of first and
last names (so namesakes abound), template descriptions, a few neighbours drawn from a skewed
pool, and start/last times over two years. ``--planted`` accounts are gone and re-created:
the successor's handle is a numbered, separator, look-alike or doubled-letter variant, its name
the same or numbered, its description the same, and it starts 2-144 hours after the last post.
Pinned to one CPU. Prints the time of each phase, peak RSS (``resource.getrusage``) and the
recall of the planted pairs among the pairs found (and among the top N, N = planted).
"""

from __future__ import annotations

import argparse
import os
import random
import resource
import time

from nohaven.accounts.activity import Activity, Profile, hour_profile
from nohaven.accounts.resurgence import (
    ResurgenceSettings,
    candidate_pairs,
    evaluate,
    find_resurgence,
)


def _words(text: str) -> tuple[str, ...]:
    return tuple(text.split())


_SYLLABLES = _words(
    "ka ri mo na le su ta bo mi ra lu no sa ve di ko pa ne ro ti ba fa ga ha ja ma za yo wi qu "
    "el an or us is al"
)
_FIRST = _words("Sam Nora Ali Lea Omar Grace Hugo Amina Ryan Ines Karim Chloe Yusuf Maya")
_LAST = _words("Smith Haddad Martin Benali Clarke Khoury Girard Nassar Walker Petit Evans")
_DESCRIPTIONS = (
    "Notes on cooking and football.",
    "Weather, gardens and long walks.",
    "Music, books and the odd recipe.",
    "Photos of the harbour at dawn.",
    "Fan of the local team.",
    "",
)
_DAY = 86400.0


def _handle(rng: random.Random) -> str:
    base = "".join(rng.choice(_SYLLABLES) for _ in range(rng.randint(2, 4)))
    style = rng.random()
    if style < 0.4:
        return f"{base}{rng.randint(1, 9999)}"
    if style < 0.6:
        return f"{base}_{rng.choice(_SYLLABLES)}"
    return base


def _variant(rng: random.Random, handle: str) -> str:
    kind = rng.randrange(5)
    if kind == 0:
        return f"{handle}2"
    if kind == 1:
        return f"{handle}_{rng.randint(2, 9)}"
    if kind == 2:
        return handle.replace("o", "0", 1) if "o" in handle else f"{handle}0"
    if kind == 3:
        i = rng.randrange(len(handle))
        return handle[:i] + handle[i] + handle[i:]
    return handle.replace("l", "I", 1) if "l" in handle else f"{handle}x"


def population(n: int, planted: int, seed: int = 11) -> tuple[list[Profile], set[frozenset[str]]]:
    """``n`` synthetic profiles, ``planted`` of them re-creations of another; the truth pairs."""
    rng = random.Random(seed)
    start0 = 1.7e9
    hours = [hour_profile([rng.randint(0, 9) for _ in range(24)]) for _ in range(64)]
    pool = [f"n{i}" for i in range(200_000)]
    profiles: list[Profile] = []
    seen: set[str] = set()
    for i in range(n - planted):
        handle = _handle(rng)
        while handle in seen:
            handle = _handle(rng)
        seen.add(handle)
        start = start0 + rng.uniform(0, 700) * _DAY
        last = min(start0 + 730 * _DAY, start + rng.uniform(1, 700) * _DAY)
        neighbours = frozenset(pool[int(rng.paretovariate(0.8)) % len(pool)] for _ in range(3))
        profiles.append(
            Profile(
                "x",
                f"a{i}",
                handle,
                f"{rng.choice(_FIRST)} {rng.choice(_LAST)}",
                rng.choice(_DESCRIPTIONS) or None,
                False,
                start,
                last,
                rng.randint(1, 500),
                rng.choice(hours),
                None,
                neighbours,
                frozenset(),
            )
        )
    truth: set[frozenset[str]] = set()
    for j, k in enumerate(rng.sample(range(len(profiles)), planted)):
        old = profiles[k]
        assert old.start is not None
        last = old.start + rng.uniform(5, 300) * _DAY
        profiles[k] = Profile(
            old.platform,
            old.id,
            old.handle,
            old.display_name,
            old.description,
            True,
            old.start,
            last,
            old.posts,
            old.hours,
            None,
            old.mentions,
            old.reposters,
        )
        handle = _variant(rng, old.handle)
        start = last + rng.uniform(2, 144) * 3600
        name = old.display_name if rng.random() < 0.5 else f"{old.display_name} 2"
        profiles.append(
            Profile(
                "x",
                f"b{j}",
                handle,
                name,
                old.description,
                False,
                start,
                start + rng.uniform(5, 200) * _DAY,
                rng.randint(1, 300),
                old.hours,
                None,
                old.mentions,
                frozenset(),
            )
        )
        truth.add(frozenset((old.id, f"b{j}")))
    return profiles, truth


def _rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--accounts", type=int, default=1_000_000)
    parser.add_argument("--planted", type=int, default=10_000)
    args = parser.parse_args()
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})
    t0 = time.perf_counter()
    profiles, truth = population(args.accounts, args.planted)
    data_end = max(p.last or 0.0 for p in profiles)
    t1 = time.perf_counter()
    print(
        f"population: {len(profiles):,} accounts, {len(truth):,} planted, {t1 - t0:.1f} s, "
        f"peak RSS {_rss_mb():.0f} MB",
        flush=True,
    )
    settings = ResurgenceSettings()
    candidates = candidate_pairs(profiles, (), data_end, settings)
    t2 = time.perf_counter()
    print(
        f"candidates: {len(candidates):,} pairs, {t2 - t1:.1f} s, peak RSS {_rss_mb():.0f} MB",
        flush=True,
    )
    found = {frozenset((profiles[e].id, profiles[later].id)) for e, later in candidates}
    print(f"blocking recall of planted pairs: {len(found & truth) / len(truth):.3f}", flush=True)
    pairs = find_resurgence(Activity(tuple(profiles), (), data_end), settings)
    t3 = time.perf_counter()
    result = evaluate(pairs, truth, ks=(len(truth),))
    print(
        f"linking (blocking again + scoring): {len(pairs):,} pairs kept, {t3 - t2:.1f} s, "
        f"peak RSS {_rss_mb():.0f} MB"
    )
    print(
        f"recall {result.recall:.3f}; precision at {len(truth):,} "
        f"{result.precision_at[len(truth)]:.3f}; total {t3 - t0:.1f} s"
    )


if __name__ == "__main__":
    main()
