"""A streaming generator of many Twitter v1.1-like statuses, for ingest benchmarks.

:func:`write_benchmark_jsonl` writes ``n`` status objects with neutral Arabic, French and
English text of 60-200 characters, mentions, hashtags, ``t.co`` links and some retweets, in
constant memory. A path ending in ``.gz`` is gzip-compressed (deterministically: no mtime).
"""

from __future__ import annotations

import gzip
import random
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import orjson

from nohaven.demo import vocab
from nohaven.demo.clock import snowflake, twitter_time

__all__ = ["write_benchmark_jsonl"]

_USERS = 5000
_CHUNK = 2000
_LANGS = ("ar", "ar", "fr", "en")
_START = datetime(2024, 1, 1, tzinfo=UTC)
_TEXT_MIN, _TEXT_MAX = 60, 200


@contextmanager
def _open(path: Path) -> Iterator[Callable[[bytes], object]]:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as raw:
        if path.suffix == ".gz":
            with gzip.GzipFile(
                filename="", mode="wb", fileobj=raw, mtime=0, compresslevel=3
            ) as packed:
                yield packed.write
        else:
            yield raw.write


def _users(rng: random.Random) -> list[tuple[dict[str, Any], str]]:
    users: list[tuple[dict[str, Any], str]] = []
    for n in range(_USERS):
        lang = _LANGS[n % 4]
        first, latin = vocab.FIRST_NAMES[lang][rng.randrange(16)]
        handle = f"{latin}_{n:04d}"
        created = _START - timedelta(days=rng.randrange(60, 4000))
        uid = snowflake(created, n)
        users.append(
            (
                {
                    "id": uid,
                    "id_str": str(uid),
                    "name": first,
                    "screen_name": handle,
                    "description": "",
                    "followers_count": rng.randrange(5, 5000),
                    "friends_count": rng.randrange(5, 2000),
                    "statuses_count": rng.randrange(10, 20000),
                    "created_at": twitter_time(created),
                    "verified": False,
                    "lang": None,
                },
                lang,
            )
        )
    return users


def write_benchmark_jsonl(path: Path, n_posts: int, *, seed: int = 1) -> None:
    """Write ``n_posts`` v1.1 status objects to ``path`` (JSON lines), streaming.

    Deterministic for a given ``seed``. About one post in ten is a retweet (with an embedded
    ``retweeted_status``), one in five carries a link, one in four a hashtag or a mention.
    """
    if n_posts < 0:
        raise ValueError("n_posts must not be negative")
    rng = random.Random(f"nohaven-benchmark:{seed}")
    users = _users(rng)
    sentences = {
        lang: [s for topic in sorted(vocab.TOPICS[lang]) for s in vocab.TOPICS[lang][topic]]
        + list(vocab.NEWS[lang])
        + list(vocab.EXCHANGE[lang])
        for lang in vocab.LANGUAGES
    }
    tags = {lang: sorted(vocab.TOPIC_HASHTAGS[lang].values()) for lang in vocab.LANGUAGES}
    random_ = rng.random
    randrange = rng.randrange
    base_ms = int(_START.timestamp() * 1000)
    with _open(path) as write:
        chunk: list[bytes] = []
        for i in range(n_posts):
            user, lang = users[randrange(_USERS)]
            pool = sentences[lang]
            text = pool[randrange(len(pool))]
            while len(text) < _TEXT_MIN:
                text = f"{text} {pool[randrange(len(pool))]}"
            hashtags: list[dict[str, Any]] = []
            mentions: list[dict[str, Any]] = []
            urls: list[dict[str, Any]] = []
            roll = random_()
            if roll < 0.12:
                other, _ = users[randrange(_USERS)]
                mention = f"@{other['screen_name']}"
                if len(text) + len(mention) + 1 <= _TEXT_MAX:
                    mentions.append(
                        {
                            "screen_name": other["screen_name"],
                            "name": other["name"],
                            "id": other["id"],
                            "id_str": other["id_str"],
                            "indices": [0, len(mention)],
                        }
                    )
                    text = f"{mention} {text}"
            elif roll < 0.25:
                tag = tags[lang][randrange(len(tags[lang]))]
                if len(text) + len(tag) + 2 <= _TEXT_MAX:
                    hashtags.append(
                        {"text": tag, "indices": [len(text) + 1, len(text) + 2 + len(tag)]}
                    )
                    text = f"{text} #{tag}"
            if random_() < 0.2 and len(text) + 24 <= _TEXT_MAX:
                short = f"https://t.co/b{i:09d}"
                expanded = f"https://news.example.com/item/{randrange(10**7)}"
                urls.append(
                    {
                        "url": short,
                        "expanded_url": expanded,
                        "display_url": expanded[8:34],
                        "indices": [len(text) + 1, len(text) + 24],
                    }
                )
                text = f"{text} {short}"
            text = text[:_TEXT_MAX]
            ms = base_ms + i * 600 + randrange(600)
            when = datetime.fromtimestamp(ms / 1000, UTC)
            post_id = snowflake(when, i & 0x3FFFFF)
            entities = {
                "hashtags": hashtags,
                "symbols": [],
                "user_mentions": mentions,
                "urls": urls,
            }
            doc: dict[str, Any] = {
                "created_at": twitter_time(when),
                "id": post_id,
                "id_str": str(post_id),
                "text": text,
                "truncated": False,
                "entities": entities,
                "in_reply_to_status_id": None,
                "in_reply_to_status_id_str": None,
                "in_reply_to_user_id": None,
                "in_reply_to_user_id_str": None,
                "in_reply_to_screen_name": None,
                "user": user,
                "is_quote_status": False,
                "retweet_count": 0,
                "favorite_count": 0,
                "lang": lang,
            }
            if random_() < 0.1 and i > 0:
                original_id = snowflake(when - timedelta(hours=1), (i - 1) & 0x3FFFFF)
                author, _ = users[randrange(_USERS)]
                inner = dict(
                    doc,
                    id=original_id,
                    id_str=str(original_id),
                    user=author,
                    created_at=twitter_time(when - timedelta(hours=1)),
                )
                doc["text"] = f"RT @{author['screen_name']}: {text}"[:140]
                doc["entities"] = {
                    "hashtags": [],
                    "symbols": [],
                    "urls": [],
                    "user_mentions": [
                        {
                            "screen_name": author["screen_name"],
                            "name": author["name"],
                            "id": author["id"],
                            "id_str": author["id_str"],
                            "indices": [3, 4 + len(author["screen_name"])],
                        }
                    ],
                }
                doc["retweeted_status"] = inner
            chunk.append(orjson.dumps(doc))
            if len(chunk) >= _CHUNK:
                write(b"\n".join(chunk) + b"\n")
                chunk.clear()
        if chunk:
            write(b"\n".join(chunk) + b"\n")
