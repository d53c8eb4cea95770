"""Store write throughput (issue 2): ``Store.write`` alone, on one core.

    .venv/bin/python benchmarks/bench_store.py [--pg URL] [--batch 5000] [--batches 20]
                                               [--prefill 1000000] [--pg-prefill N]

Builds realistic batches in memory first (not timed): posts with ~120-character neutral text
whose raw record is a full Twitter v1.1 status with its user object (~2 KB as JSON), the
author's :class:`~nohaven.model.Account` with the raw user object per post (about 10% of the
authors repeat within a batch; their follower and status counts move on, so an author seen in
an earlier batch is an *updated* account), and about one interaction per post. Then, pinned
to one CPU, times :meth:`Store.write` only:

* ``empty``: ``--batches`` batches into an empty database (first write);
* ``rewrite``: the same batches again (nothing changes: all unchanged);
* ``large``: ``--batches`` fresh batches into a database already holding ``--prefill`` posts
  (with their authors and interactions), so the indexes are large.

SQLite runs on a scratch file; PostgreSQL (``--pg``, a server URL whose ``postgres`` database
may create databases) on a scratch database that is dropped afterwards. Prints posts/s (wall
clock) and this process's CPU microseconds per post. Target: >= 50,000 posts/s on SQLite.
Neutral placeholder text only.
"""

from __future__ import annotations

import argparse
import gc
import os
import random
import tempfile
import time
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from nohaven.model import Account, AccountStatus, Interaction, Post, interactions_of
from nohaven.store import Store, open_store
from nohaven.store.scratch import scratch_database

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
    "market",
    "bus",
    "train",
    "morning",
    "evening",
    "forecast",
    "recipe",
    "oven",
    "lemon",
    "olive",
    "basket",
    "bicycle",
    "harbour",
]
AUTHORS = 25_000  # 5,000 draws from 25,000 repeat ~10% of the authors within a batch
START = datetime(2024, 1, 1, tzinfo=UTC)
MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
DAYS = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]


def _twitter_time(value: datetime) -> str:
    return (
        f"{DAYS[value.weekday()]} {MONTHS[value.month - 1]} {value.day:02d} "
        f"{value:%H:%M:%S} +0000 {value.year}"
    )


@dataclass(frozen=True, slots=True)
class Batch:
    posts: list[Post]
    accounts: list[Account]
    interactions: list[Interaction]


class Generator:
    """Deterministic batches of v1.1-like statuses; post ids continue across batches."""

    def __init__(self, seed: int = 1) -> None:
        self._rng = random.Random(seed)
        self._next_id = 1_700_000_000_000_000_000
        self._clock = START

    def _user(self, n: int) -> dict[str, Any]:
        rng, uid = self._rng, 10_000_000 + n
        created = START - timedelta(days=60 + n % 3000)
        handle = f"{WORDS[n % len(WORDS)]}_{n:05d}"
        return {
            "id": uid,
            "id_str": str(uid),
            "name": f"{WORDS[(n * 7) % len(WORDS)].title()} {WORDS[(n * 3) % len(WORDS)].title()}",
            "screen_name": handle,
            "location": "Riverside",
            "description": "Weather notes, bread recipes and the odd football result.",
            "url": None,
            "entities": {"description": {"urls": []}},
            "protected": False,
            "followers_count": 100 + n % 900 + rng.randrange(50),
            "friends_count": 50 + n % 400,
            "listed_count": n % 20,
            "created_at": _twitter_time(created),
            "favourites_count": 10 + rng.randrange(5000),
            "utc_offset": None,
            "time_zone": None,
            "geo_enabled": False,
            "verified": False,
            "statuses_count": 1000 + n % 5000 + rng.randrange(100),
            "lang": None,
            "contributors_enabled": False,
            "is_translator": False,
            "is_translation_enabled": False,
            "profile_background_color": "C0DEED",
            "profile_background_image_url": "http://abs.twimg.com/images/themes/theme1/bg.png",
            "profile_background_image_url_https": "https://abs.twimg.com/images/themes/theme1/bg.png",
            "profile_background_tile": False,
            "profile_image_url": f"http://pbs.twimg.com/profile_images/{uid}/a_normal.jpg",
            "profile_image_url_https": f"https://pbs.twimg.com/profile_images/{uid}/a_normal.jpg",
            "profile_link_color": "1DA1F2",
            "profile_sidebar_border_color": "C0DEED",
            "profile_sidebar_fill_color": "DDEEF6",
            "profile_text_color": "333333",
            "profile_use_background_image": True,
            "has_extended_profile": False,
            "default_profile": True,
            "default_profile_image": False,
            "following": None,
            "follow_request_sent": None,
            "notifications": None,
            "translator_type": "none",
        }

    def batch(self, size: int) -> Batch:
        rng = self._rng
        posts: list[Post] = []
        accounts: list[Account] = []
        for _ in range(size):
            self._next_id += 1
            self._clock += timedelta(milliseconds=rng.randrange(1, 2000))
            pid, created = str(self._next_id), self._clock
            user = self._user(rng.randrange(AUTHORS))
            text = " ".join(rng.choice(WORDS) for _ in range(30))[:100]
            roll = rng.random()
            mentions: list[dict[str, Any]] = []
            reply_to = reply_to_account = repost_of = repost_of_account = None
            if roll < 0.55:
                other = self._user(rng.randrange(AUTHORS))
                mentions.append(
                    {
                        "screen_name": other["screen_name"],
                        "name": other["name"],
                        "id": other["id"],
                        "id_str": other["id_str"],
                        "indices": [0, len(other["screen_name"]) + 1],
                    }
                )
                text = f"@{other['screen_name']} {text}"
            elif roll < 0.8:
                reply_to, reply_to_account = (
                    str(self._next_id - 3),
                    str(10_000_000 + int(roll * 1e4)),
                )
            elif roll < 0.95:
                repost_of, repost_of_account = str(self._next_id - 7), str(10_000_123)
            text = text[:140]
            status: dict[str, Any] = {
                "created_at": _twitter_time(created),
                "id": self._next_id,
                "id_str": pid,
                "text": text,
                "truncated": False,
                "entities": {"hashtags": [], "symbols": [], "user_mentions": mentions, "urls": []},
                "source": '<a href="https://mobile.example.com" rel="nofollow">Example App</a>',
                "in_reply_to_status_id": int(reply_to) if reply_to else None,
                "in_reply_to_status_id_str": reply_to,
                "in_reply_to_user_id": None,
                "in_reply_to_user_id_str": reply_to_account,
                "in_reply_to_screen_name": None,
                "user": user,
                "geo": None,
                "coordinates": None,
                "place": None,
                "contributors": None,
                "is_quote_status": False,
                "retweet_count": rng.randrange(100),
                "favorite_count": rng.randrange(100),
                "favorited": False,
                "retweeted": False,
                "lang": "en",
            }
            posts.append(
                Post(
                    "twitter",
                    pid,
                    user["id_str"],
                    created,
                    text,
                    language="en",
                    language_score=0.93,
                    text_key=text.casefold(),
                    reply_to=reply_to,
                    reply_to_account=reply_to_account,
                    repost_of=repost_of,
                    repost_of_account=repost_of_account,
                    mentions=tuple(m["screen_name"] for m in mentions),
                    mention_ids=tuple(m["id_str"] for m in mentions),
                    raw=status,
                )
            )
            accounts.append(
                Account(
                    "twitter",
                    user["id_str"],
                    handle=user["screen_name"],
                    display_name=user["name"],
                    description=user["description"],
                    followers=user["followers_count"],
                    post_count=user["statuses_count"],
                    created=START - timedelta(days=60),
                    status=AccountStatus.ACTIVE,
                    raw=user,
                )
            )
        interactions = [i for p in posts for i in interactions_of(p)]
        return Batch(posts, accounts, interactions)


def _pin_one_core(cpu: int | None) -> None:
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {sorted(os.sched_getaffinity(0))[-1] if cpu is None else cpu})


def _write_all(store: Store, batches: list[Batch]) -> tuple[float, float]:
    wall, cpu = time.perf_counter(), time.process_time()
    for batch in batches:
        store.write(batch.posts, batch.accounts, batch.interactions, source="bench.jsonl")
    return time.perf_counter() - wall, time.process_time() - cpu


def _report(dialect: str, label: str, posts: int, wall: float, cpu: float) -> None:
    print(
        f"{dialect:10} {label:8} {posts / wall:>9,.0f} posts/s  "
        f"{cpu / posts * 1e6:6.1f} us CPU/post  (wall {wall:6.2f} s, {posts:,} posts)",
        flush=True,
    )


def _prefill(store: Store, gen: Generator, n: int, batch: int) -> None:
    started, done = time.perf_counter(), 0
    while done < n:
        size = min(batch, n - done)
        b = gen.batch(size)
        store.write(b.posts, b.accounts, b.interactions, source="prefill.jsonl")
        done += size
    print(f"  (prefilled {n:,} posts in {time.perf_counter() - started:.1f} s)", flush=True)


def bench(url: str, args: argparse.Namespace, prefill: int) -> None:
    gen = Generator()
    batches = [gen.batch(args.batch) for _ in range(args.batches)]
    # A pipeline holds one batch at a time: keep the pre-built ones out of the cyclic GC's way.
    gc.collect()
    gc.freeze()
    posts = args.batch * args.batches
    raw_kb = len(__import__("orjson").dumps(batches[0].posts[0].raw)) / 1024
    per_post = len(batches[0].interactions) / args.batch
    print(f"  ({raw_kb:.1f} KB raw/post, {per_post:.2f} interactions/post)", flush=True)
    with open_store(url) as store:
        wall, cpu = _write_all(store, batches)
        _report(store.dialect, "empty", posts, wall, cpu)
        wall, cpu = _write_all(store, batches)
        _report(store.dialect, "rewrite", posts, wall, cpu)
        if prefill:
            _prefill(store, gen, prefill, 10_000)
            fresh = [gen.batch(args.batch) for _ in range(args.batches)]
            gc.collect()
            gc.freeze()
            wall, cpu = _write_all(store, fresh)
            _report(store.dialect, "large", posts, wall, cpu)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pg", metavar="URL", help="PostgreSQL server URL (also benchmarked)")
    parser.add_argument("--batch", type=int, default=5000, help="posts per write (5000)")
    parser.add_argument("--batches", type=int, default=20, help="timed writes per phase (20)")
    parser.add_argument("--prefill", type=int, default=1_000_000, help="posts before 'large'")
    parser.add_argument("--pg-prefill", type=int, help="posts before 'large' on PostgreSQL")
    parser.add_argument("--no-sqlite", action="store_true", help="only PostgreSQL")
    parser.add_argument("--cpu", type=int, help="the CPU to pin to (default: the last one)")
    args = parser.parse_args()
    _pin_one_core(args.cpu)
    if not args.no_sqlite:
        with tempfile.TemporaryDirectory() as scratch:
            bench(f"sqlite:///{scratch}/bench.db", args, args.prefill)
    if args.pg:
        with scratch_database(args.pg) as url:
            bench(url, args, args.prefill if args.pg_prefill is None else args.pg_prefill)
    print("target: SQLite >= 50,000 posts/s (Store.write, one core, 5,000-post batches)")


if __name__ == "__main__":
    main()
