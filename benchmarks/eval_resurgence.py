"""Resurgent-account linking, evaluated on data with known answers (issue 6).

    .venv/bin/python benchmarks/eval_resurgence.py [--seed 7] [--show 40]

1. The demo world (:func:`nohaven.jobs.run_demo`, generated and scanned into a scratch SQLite
   store, its account status table included): the world's ground truth lists every suspended
   network account and the account that replaced it.
2. The Fifth Tribe tweets (``../shared/data/isis-twitter-fifthtribe/tweets.csv``, when it is
   there), against the handle families hand-labelled in
   ``tests/accounts/resurgence_fifthtribe_families.toml`` ("sure" families, then "sure" and
   "guess" together). The dataset has no suspension status: an account is gone when it is
   silent for the last 3 days of the data.

Prints precision at 10 and at 50 (over the pairs listed, when fewer than k), recall, and the
top pairs with their evidence, each marked ``OK`` (a known pair), ``ok?`` (a guessed family)
or ``--`` (not known), for a human to check.
"""

from __future__ import annotations

import argparse
import tempfile
import tomllib
from itertools import combinations
from pathlib import Path

from nohaven import jobs
from nohaven.accounts.resurgence import (
    CandidatePair,
    ResurgenceSettings,
    evaluate,
    resurgence_report,
)
from nohaven.config import Settings
from nohaven.store import open_store

ROOT = Path(__file__).resolve().parents[1]
FIFTH_TRIBE = ROOT.parent / "shared" / "data" / "isis-twitter-fifthtribe" / "tweets.csv"
FAMILIES = ROOT / "tests" / "accounts" / "resurgence_fifthtribe_families.toml"

Truth = set[frozenset[str]]


def _show(pairs: tuple[CandidatePair, ...], sure: Truth, guessed: Truth, count: int) -> None:
    for rank, pair in enumerate(pairs[:count], 1):
        key = frozenset((pair.earlier_id, pair.later_id))
        mark = "OK " if key in sure else "ok?" if key in guessed else "-- "
        print(
            f"  {rank:3} {mark} {pair.score:.2f} {pair.earlier_handle[:24]:>24} -> "
            f"{pair.later_handle[:24]:24} {pair.gap_hours:7.0f} h  {pair.summary[:110]}"
        )


def _figures(name: str, pairs: tuple[CandidatePair, ...], truth: Truth) -> None:
    figures = evaluate(pairs, truth)
    at = "  ".join(f"P@{k} {v:.2f}" for k, v in figures.precision_at.items())
    print(
        f"{name}: {figures.found} pairs listed, {figures.truth} known; {at}  "
        f"recall {figures.recall:.2f}"
    )


def demo(seed: int, show: int) -> None:
    with tempfile.TemporaryDirectory() as scratch:
        report = jobs.run_demo(Path(scratch) / "demo", seed=seed)
        manifest_path = Path(scratch) / "demo" / "world" / "ground_truth.json"
        from nohaven.demo import WorldManifest

        manifest = WorldManifest.read(manifest_path)
        truth = {frozenset((p.predecessor_id, p.successor_id)) for p in manifest.resurgence}
        with open_store(report.db_url) as store:
            result = resurgence_report(store)
    print(f"demo world (seed {seed}): {result.accounts} accounts, {result.gone} gone")
    _figures("  demo", result.pairs, truth)
    _show(result.pairs, truth, set(), show)


def _families(levels: set[str]) -> Truth:
    document = tomllib.loads(FAMILIES.read_text("utf-8"))
    truth: Truth = set()
    for family in document["family"]:
        if family["confidence"] in levels:
            handles = ["@" + handle.casefold() for handle in family["handles"]]
            truth |= {frozenset(pair) for pair in combinations(handles, 2)}
    return truth


def fifth_tribe(show: int) -> None:
    if not FIFTH_TRIBE.is_file():
        print(f"Fifth Tribe: {FIFTH_TRIBE} is missing (it sits beside the clone in CI); skipped")
        return
    with tempfile.TemporaryDirectory() as scratch:
        settings = Settings(db_url=f"sqlite:///{scratch}/ft.db", rejects_dir=Path(scratch))
        jobs.ingest([FIFTH_TRIBE], settings)
        with open_store(settings.db_url) as store:
            result = resurgence_report(store, ResurgenceSettings(vanished_after_days=3.0))
    sure, lenient = _families({"sure"}), _families({"sure", "guess"})
    print(f"Fifth Tribe: {result.accounts} accounts, {result.gone} gone")
    _figures("  sure families", result.pairs, sure)
    _figures("  sure + guessed", result.pairs, lenient)
    _show(result.pairs, sure, lenient, show)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--show", type=int, default=40, help="pairs to print for each data set")
    args = parser.parse_args()
    demo(args.seed, args.show)
    fifth_tribe(args.show)


if __name__ == "__main__":
    main()
