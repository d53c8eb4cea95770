"""Store write throughput: ``python tests/store/bench_store_write.py [URL] [POSTS]``.

Writes POSTS (default 100,000) synthetic posts of about 120 characters with ten-field raw
records, their authors (2,000 distinct) and interactions, in batches of 10,000 (one transaction
each), into a fresh SQLite file (or the empty database at URL), then writes them all again
(nothing changes). Prints posts per second, wall clock and this process's CPU time.
Neutral placeholder text only.
"""

from __future__ import annotations

import random
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from nohaven.model import Account, Post, account_ref, interactions_of
from nohaven.store import open_store

BATCH = 10_000
WORDS = [
    "sun",
    "rain",
    "wind",
    "cloud",
    "match",
    "goal",
    "team",
    "bread",
    "soup",
    "salt",
    "river",
    "hill",
    "garden",
    "tea",
]


def generate(n: int, seed: int = 1) -> tuple[list[Post], list[Account]]:
    rng = random.Random(seed)
    start = datetime(2023, 1, 1, tzinfo=UTC)
    posts: list[Post] = []
    accounts: list[Account] = []
    for i in range(n):
        author, other = f"u{rng.randrange(2000)}", f"u{rng.randrange(2000)}"
        text = " ".join(rng.choice(WORDS) for _ in range(30))[:120]
        created = start + timedelta(seconds=37 * i)
        reply = i > 0 and rng.random() < 0.2
        raw = {
            "id": i,
            "id_str": str(i),
            "user": author,
            "text": text,
            "lang": "en",
            "created_at": created.isoformat(),
            "retweet_count": rng.randrange(100),
            "favorite_count": rng.randrange(100),
            "source": "web",
            "geo": None,
        }
        posts.append(
            Post(
                "bench",
                str(i),
                author,
                created,
                text,
                language="en",
                language_score=0.9,
                reply_to=str(i - 1) if reply else None,
                reply_to_account=f"u{rng.randrange(2000)}" if reply else None,
                mentions=(other,),
                mention_ids=(account_ref(other),),
                hashtags=("sport",),
                urls=("https://example.org/x",),
                raw=raw,
            )
        )
        accounts.append(Account("bench", author, handle=author, raw={"screen_name": author}))
    return posts, accounts


def main(argv: list[str]) -> None:
    scratch = tempfile.TemporaryDirectory()
    url = argv[0] if argv else f"sqlite:///{Path(scratch.name) / 'bench.db'}"
    n = int(argv[1]) if len(argv) > 1 else 100_000
    posts, accounts = generate(n)
    interactions = [interactions_of(p) for p in posts]
    with open_store(url) as store:
        for label in ("first write", "rewrite (unchanged)"):
            wall, cpu = time.perf_counter(), time.process_time()
            for i in range(0, n, BATCH):
                batch = [x for items in interactions[i : i + BATCH] for x in items]
                store.write(posts[i : i + BATCH], accounts[i : i + BATCH], batch, source="bench")
            wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
            print(
                f"{store.dialect} {label}: {n / wall:,.0f} posts/s "
                f"(wall {wall:.2f} s, cpu {cpu:.2f} s, {n:,} posts)"
            )
        stats = store.stats()
        print(
            f"stored {stats.posts:,} posts, {stats.accounts:,} accounts, "
            f"{stats.interactions:,} interactions"
        )
    scratch.cleanup()


if __name__ == "__main__":
    main(sys.argv[1:])
