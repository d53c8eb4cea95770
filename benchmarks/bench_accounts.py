"""Benchmark: account scoring of 1,000,000 accounts on one core.

Builds a SQLite store of synthetic, neutral accounts (``--accounts``, default 1,000,000) with
about three posts each (every post scored by a content model), one interaction per post and
an off-platform link on one post in ten, by bulk insert; then, pinned to one CPU, times
:func:`nohaven.accounts.scoring.score_accounts` (feature extraction in SQL, scoring with the
shipped model, explanations, upsert of ``account_scores``) and a second, idempotent run, and
prints the times and the peak resident memory.

    python benchmarks/bench_accounts.py [--accounts N] [--db PATH]
"""

from __future__ import annotations

import argparse
import os
import random
import resource
import sqlite3
import tempfile
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

from nohaven.accounts.features import account_features
from nohaven.accounts.scoring import score_accounts
from nohaven.store import open_store

T0 = datetime(2024, 1, 1, tzinfo=UTC)
NOW = "2024-06-01 00:00:00.000000+00:00"
KINDS = ("repost", "mention", "reply", "quote")
LINKS = ("messaging", "file_host", "paste", "news", "video", "other")


def _iso(when: datetime) -> str:
    return when.isoformat(" ", "microseconds")


def _posts(accounts: int, rng: random.Random) -> Iterator[tuple[object, ...]]:
    number = 0
    for a in range(accounts):
        for _ in range(rng.choice((1, 2, 3, 3, 4, 5))):
            when = _iso(T0 + timedelta(seconds=rng.randrange(150 * 86400)))
            tags = '["weather"]' if number % 3 == 0 else "[]"
            repost = f"p{number - 1}" if number % 4 == 0 and number else None
            yield (
                "twitter",
                f"p{number}",
                f"u{a}",
                when,
                f"weather note {number}",
                None,
                "en",
                0.9,
                None,
                None,
                repost,
                None,
                None,
                None,
                "[]",
                "[]",
                "[]",
                tags,
                "[]",
                "{}",
                "bench",
                f"h{number}",
                NOW,
                NOW,
            )
            number += 1


def build(path: Path, accounts: int) -> tuple[int, float]:
    """Fill a store at ``path``; returns (posts, seconds)."""
    started = time.perf_counter()
    rng = random.Random(11)
    with open_store(f"sqlite:///{path}") as store, store.bulk():
        pass
    raw = sqlite3.connect(path)
    raw.execute("PRAGMA journal_mode=WAL")
    raw.execute("PRAGMA synchronous=OFF")
    for table, columns in (("posts", ("platform", "account_id")), ("posts", ("created",))):
        raw.execute(f"DROP INDEX IF EXISTS ix_{table}_{'_'.join(columns)}")
    raw.execute("DROP INDEX IF EXISTS ix_posts_language")
    raw.execute("DROP INDEX IF EXISTS ix_interactions_platform_source_account")
    raw.execute("DROP INDEX IF EXISTS ix_interactions_platform_target_account")
    raw.execute("DROP INDEX IF EXISTS ix_post_scores_model_model_version_score")
    raw.executemany(
        "INSERT INTO accounts (platform, id, handle, status, raw, content_hash, first_seen, "
        "updated_at) VALUES ('twitter', ?, ?, 'active', '{}', 'x', ?, ?)",
        ((f"u{a}", f"user{a}", NOW, NOW) for a in range(accounts)),
    )

    def posts() -> Iterator[tuple[object, ...]]:
        return _posts(accounts, random.Random(7))

    raw.executemany(f"INSERT INTO posts VALUES ({', '.join('?' * 24)})", posts())
    raw.executemany(
        "INSERT INTO post_scores VALUES ('twitter', ?, 'content', 'v1', ?, ?, '[]', ?, 'h')",
        (
            (row[1], score, "propaganda" if score > 0.95 else "other", NOW)
            for row in posts()
            for score in (rng.random(),)
        ),
    )
    raw.executemany(
        "INSERT INTO interactions VALUES ('twitter', ?, ?, ?, ?, ?)",
        (
            (row[1], KINDS[i % 4], f"u{rng.randrange(accounts)}", row[2], row[3])
            for i, row in enumerate(posts())
        ),
    )
    raw.executemany(
        "INSERT INTO post_links VALUES ('twitter', ?, 'https://example.org/x', ?, ?, "
        "'example.org/x', ?, 'example.org', NULL, 0, 'text', 'h')",
        ((row[1], row[2], row[3], LINKS[i % 6]) for i, row in enumerate(posts()) if i % 10 == 0),
    )
    raw.commit()
    with open_store(f"sqlite:///{path}"):
        pass  # rebuilds the dropped indexes
    count = raw.execute("SELECT count(*) FROM posts").fetchone()[0]
    raw.close()
    return int(count), time.perf_counter() - started


def peak_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--accounts", type=int, default=1_000_000)
    parser.add_argument("--db", type=Path, default=None)
    args = parser.parse_args()
    folder = tempfile.TemporaryDirectory()
    path = args.db or Path(folder.name) / "bench-accounts.db"
    if not path.exists():
        posts, seconds = build(path, args.accounts)
        print(f"built {args.accounts:,} accounts, {posts:,} posts in {seconds:.1f} s")
    print(f"peak RSS after building: {peak_mib():.0f} MiB")
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})
    with open_store(f"sqlite:///{path}") as store:
        started = time.perf_counter()
        table = account_features(store)
        features = time.perf_counter() - started
        print(f"features: {len(table):,} accounts in {features:.1f} s")
        del table
        report = score_accounts(store)
        print(
            f"score_accounts (features + scoring + explanations + write): {report.seconds:.1f} s, "
            f"{report.written.new:,} new, {report.review:,} marked for review"
        )
        again = score_accounts(store)
        print(f"again (idempotent): {again.seconds:.1f} s, {again.written.unchanged:,} unchanged")
    print(f"peak RSS: {peak_mib():.0f} MiB")
    folder.cleanup()


if __name__ == "__main__":
    main()
