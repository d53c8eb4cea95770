"""Generate the synthetic multi-platform demo world and its ground truth.

:func:`generate_world` writes, under one folder::

    twitter/v1/statuses-YYYY-MM.jsonl   Twitter API v1.1 status objects (most traffic)
    twitter/v2/news-search-pages.jsonl  twarc2 API v2 search pages (the news desks)
    twitter/accounts.csv                account status table (active / suspended)
    telegram/telethon/<channel>.jsonl   Telethon message dicts of the network's channels
    telegram/ChatExport_<date>/result.json  Telegram Desktop export of one group chat
    ground_truth.json                   the manifest: files, roles, chains, exchanges, links

The same arguments always give byte-identical files. All text is neutral placeholder text
(see :mod:`nohaven.demo.vocab`); the network is identifiable only by its structure.
"""

from __future__ import annotations

import csv
import hashlib
import io
import itertools
import random
from collections.abc import Iterable
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import orjson

from nohaven.demo.activity import PostKind, SynthPost, Thread, Timeline, simulate
from nohaven.demo.benchmark import write_benchmark_jsonl
from nohaven.demo.cast import Actor, Cast, build_cast
from nohaven.demo.clock import add_months, month_key, twitter_time
from nohaven.demo.links import LinkPlan
from nohaven.demo.telegram import (
    ChannelPlan,
    GroupChat,
    LinkTally,
    channel_messages,
    group_chat,
    plan_channels,
)
from nohaven.demo.truth import (
    AccountTruth,
    Exchange,
    LinkCategory,
    MonthLinkMix,
    ResurgencePair,
    Role,
    TelegramChannelTruth,
    WorldFile,
    WorldManifest,
)
from nohaven.demo.twitter import TwitterRenderer

__all__ = ["WorldManifest", "generate_world", "write_benchmark_jsonl"]

MANIFEST_NAME = "ground_truth.json"
_OWNED_GLOBS = (
    "twitter/v1/statuses-*.jsonl",
    "twitter/v2/news-search-pages.jsonl",
    "twitter/accounts.csv",
    "telegram/telethon/*.jsonl",
    "telegram/ChatExport_*/result.json",
)
_V2_PAGE = 100
_SUSTAINED_REPLIES = 3


def generate_world(
    out_dir: Path,
    *,
    seed: int = 7,
    accounts: int = 400,
    months: int = 18,
    start: date = date(2024, 1, 1),
) -> WorldManifest:
    """Write a deterministic synthetic world to ``out_dir`` and return its manifest.

    ``accounts`` is the number of Twitter accounts (network chains included); ``months`` the
    length of the period from ``start`` (UTC midnight). Files this function wrote earlier in
    ``out_dir`` are replaced; nothing else there is touched. The manifest is also written as
    ``out_dir/ground_truth.json``.
    """
    if months < 2:
        raise ValueError(f"a world needs at least 2 months, got {months}")
    begin = datetime(start.year, start.month, start.day, tzinfo=UTC)
    finish_day = add_months(start.replace(day=1), months) + timedelta(days=start.day - 1)
    end = datetime(finish_day.year, finish_day.month, finish_day.day, tzinfo=UTC)

    def stream(name: str) -> random.Random:
        return random.Random(f"nohaven-demo:{seed}:{name}")

    cast = build_cast(stream("cast"), accounts, begin, end)
    channels = plan_channels(stream("channels"), cast, begin, end)
    by_name = {c.username: c for c in channels}
    plan = LinkPlan(tuple(c.username for c in channels))
    timeline = simulate(
        stream("activity"), cast, begin, end, plan, lambda ch, t: by_name[ch].last_id(t)
    )
    tally = LinkTally()
    channel_docs = channel_messages(stream("telegram"), cast, channels, begin, end, plan, tally)
    group = group_chat(stream("group"), cast, timeline.threads, channels, channel_docs, begin, end)

    out_dir.mkdir(parents=True, exist_ok=True)
    for pattern in _OWNED_GLOBS:
        for stale in sorted(out_dir.glob(pattern)):
            stale.unlink()
    renderer = TwitterRenderer(cast, timeline, end)
    files = [
        *_write_twitter(out_dir, cast, timeline, renderer),
        _write_accounts_csv(out_dir, cast, renderer, end),
        *_write_channels(out_dir, channels, channel_docs),
        _write(
            out_dir,
            f"telegram/ChatExport_{(end - timedelta(days=1)).date().isoformat()}/result.json",
            "telegram-export",
            [orjson.dumps(group.export, option=orjson.OPT_INDENT_2) + b"\n"],
            len(group.export["messages"]),
        ),
    ]
    manifest = WorldManifest(
        seed=seed,
        start=start,
        months=months,
        files=tuple(files),
        accounts=_accounts(cast, renderer, channels, channel_docs, group),
        resurgence=_resurgence(cast),
        exchanges=_exchanges(cast, timeline.threads),
        link_mix=_link_mix(cast, timeline, tally, begin, months),
        telegram=_telegram_truth(channels, channel_docs, group),
    )
    (out_dir / MANIFEST_NAME).write_bytes(manifest.to_json())
    return manifest


# -- writing -----------------------------------------------------------------------------------


def _write(
    out_dir: Path, rel: str, fmt: str, chunks: Iterable[bytes], records: int, kind: str = "posts"
) -> WorldFile:
    path = out_dir / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    digest = hashlib.sha256()
    size = 0
    with path.open("wb") as handle:
        for chunk in chunks:
            handle.write(chunk)
            digest.update(chunk)
            size += len(chunk)
    return WorldFile(rel, fmt, kind, records, size, digest.hexdigest())


def _lines(docs: Iterable[dict[str, Any]]) -> Iterable[bytes]:
    for doc in docs:
        yield orjson.dumps(doc) + b"\n"


def _write_twitter(
    out_dir: Path, cast: Cast, timeline: Timeline, renderer: TwitterRenderer
) -> list[WorldFile]:
    by_month: dict[str, list[SynthPost]] = {}
    news: list[SynthPost] = []
    for post in timeline.posts:
        if cast.actors[post.actor].role is Role.NEWS:
            news.append(post)
        else:
            by_month.setdefault(month_key(post.created), []).append(post)
    files = [
        _write(
            out_dir,
            f"twitter/v1/statuses-{month}.jsonl",
            "twitter-v1",
            _lines(renderer.v1(p) for p in posts),
            len(posts),
        )
        for month, posts in sorted(by_month.items())
    ]
    newest_first = news[::-1]
    pages = [newest_first[i : i + _V2_PAGE] for i in range(0, len(newest_first), _V2_PAGE)]

    def page_docs() -> Iterable[dict[str, Any]]:
        for n, page in enumerate(pages):
            token = None
            if n + 1 < len(pages):
                token = hashlib.blake2b(f"page:{n}".encode(), digest_size=16).hexdigest()
            yield renderer.v2_page(page, token)

    files.append(
        _write(
            out_dir,
            "twitter/v2/news-search-pages.jsonl",
            "twitter-v2",
            _lines(page_docs()),
            len(news),
        )
    )
    return files


def _write_accounts_csv(
    out_dir: Path, cast: Cast, renderer: TwitterRenderer, end: datetime
) -> WorldFile:
    """The account status table as a platform would keep it, checked at the world's end."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(
        [
            "platform",
            "id",
            "screen_name",
            "name",
            "description",
            "created_at",
            "status",
            "suspended_at",
            "followers_count",
            "statuses_count",
            "observed_at",
        ]
    )
    for actor in cast.actors:
        writer.writerow(
            [
                "twitter",
                actor.id_str,
                actor.handle,
                actor.name,
                actor.description,
                twitter_time(actor.created),
                "suspended" if actor.suspended else "active",
                _iso(actor.suspended) if actor.suspended else "",
                actor.followers,
                renderer.authored[actor.index],
                _iso(end),
            ]
        )
    return _write(
        out_dir,
        "twitter/accounts.csv",
        "accounts-csv",
        [buffer.getvalue().encode("utf-8")],
        len(cast.actors),
        kind="accounts",
    )


def _write_channels(
    out_dir: Path, channels: tuple[ChannelPlan, ...], docs: dict[str, list[dict[str, Any]]]
) -> list[WorldFile]:
    return [
        _write(
            out_dir,
            f"telegram/telethon/{c.username}.jsonl",
            "telegram-telethon",
            _lines(reversed(docs[c.username])),
            len(docs[c.username]),
        )
        for c in channels
    ]


# -- ground truth ------------------------------------------------------------------------------


def _iso(value: datetime) -> str:
    return value.astimezone(UTC).isoformat().replace("+00:00", "Z")


def _accounts(
    cast: Cast,
    renderer: TwitterRenderer,
    channels: tuple[ChannelPlan, ...],
    channel_docs: dict[str, list[dict[str, Any]]],
    group: GroupChat,
) -> tuple[AccountTruth, ...]:
    actors = cast.actors

    def ref(index: int | None) -> str | None:
        return None if index is None else actors[index].id_str

    out = [
        AccountTruth(
            platform="twitter",
            id=a.id_str,
            handle=a.handle,
            display_name=a.name,
            role=a.role,
            language=a.lang,
            created=a.created,
            suspended=a.suspended,
            persona=a.persona,
            generation=a.generation,
            predecessor=ref(a.predecessor),
            successor=ref(a.successor),
            posts=renderer.authored[a.index],
        )
        for a in actors
    ]
    for c in channels:
        out.append(
            AccountTruth(
                platform="telegram",
                id=str(c.channel_id),
                handle=c.username,
                display_name=c.title,
                role=Role.NETWORK,
                language=c.lang,
                created=c.times[0] if c.times else _never(),
                suspended=None,
                persona=c.persona,
                generation=None,
                predecessor=None,
                successor=None,
                posts=len(channel_docs[c.username]),
            )
        )
    for m in group.members:
        out.append(
            AccountTruth(
                platform="telegram",
                id=m.user_id,
                handle="",
                display_name=m.name,
                role=m.role,
                language=m.lang,
                created=m.joined,
                suspended=None,
                persona=m.persona,
                generation=None,
                predecessor=None,
                successor=None,
                posts=group.messages.get(m.user_id, 0),
                same_person=m.twitter.id_str if m.twitter is not None else None,
            )
        )
    return tuple(out)


def _never() -> datetime:
    return datetime(1970, 1, 1, tzinfo=UTC)


def _resurgence(cast: Cast) -> tuple[ResurgencePair, ...]:
    pairs: list[ResurgencePair] = []
    for chain in cast.personas:
        for before, after in itertools.pairwise(chain):
            a, b = cast.actors[before], cast.actors[after]
            assert a.suspended is not None and a.persona is not None
            pairs.append(
                ResurgencePair(
                    platform="twitter",
                    persona=a.persona,
                    predecessor_id=a.id_str,
                    predecessor_handle=a.handle,
                    successor_id=b.id_str,
                    successor_handle=b.handle,
                    suspended=a.suspended,
                    successor_created=b.created,
                )
            )
    return tuple(pairs)


def _exchanges(cast: Cast, threads: tuple[Thread, ...]) -> tuple[Exchange, ...]:
    out: list[Exchange] = []
    for t in threads:
        if (
            t.network_replies < _SUSTAINED_REPLIES
            or t.ordinary_replies < _SUSTAINED_REPLIES
            or t.first is None
            or t.last is None
        ):
            continue
        persona = cast.actors[cast.personas[t.persona][0]].persona
        assert persona is not None
        out.append(
            Exchange(
                platform="twitter",
                persona=persona,
                network_accounts=tuple(cast.actors[i].id_str for i in t.network_accounts),
                ordinary_account=cast.actors[t.target].id_str,
                first=t.first,
                last=t.last,
                network_replies=t.network_replies,
                ordinary_replies=t.ordinary_replies,
            )
        )
    return tuple(out)


def _link_mix(
    cast: Cast, timeline: Timeline, telegram: LinkTally, begin: datetime, months: int
) -> tuple[MonthLinkMix, ...]:
    tallies = {"network": LinkTally(), "others": LinkTally(), "telegram": telegram}
    for post in timeline.posts:
        if post.kind is PostKind.RETWEET:
            continue
        actor: Actor = cast.actors[post.actor]
        scope = "network" if actor.role is Role.NETWORK else "others"
        tallies[scope].add(post.created, post.links)
    out: list[MonthLinkMix] = []
    month_keys = [month_key(add_months(begin.date().replace(day=1), m)) for m in range(months)]
    if begin.day != 1:
        month_keys.append(month_key(add_months(begin.date().replace(day=1), months)))
    for scope, tally in tallies.items():
        for month in month_keys:
            out.append(
                MonthLinkMix(
                    month=month,
                    scope=scope,
                    posts=tally.posts.get(month, 0),
                    posts_with_links=tally.with_links.get(month, 0),
                    messaging=tally.categories.get((month, LinkCategory.MESSAGING), 0),
                    file_host=tally.categories.get((month, LinkCategory.FILE_HOST), 0),
                    web=tally.categories.get((month, LinkCategory.WEB), 0),
                    obfuscated=tally.obfuscated.get(month, 0),
                )
            )
    return tuple(out)


def _telegram_truth(
    channels: tuple[ChannelPlan, ...],
    docs: dict[str, list[dict[str, Any]]],
    group: GroupChat,
) -> tuple[TelegramChannelTruth, ...]:
    out = [
        TelegramChannelTruth(
            id=str(c.channel_id),
            username=c.username,
            title=c.title,
            kind="public_channel",
            language=c.lang,
            persona=c.persona,
            messages=len(docs[c.username]),
        )
        for c in channels
    ]
    export = group.export
    langs = [m.lang for m in group.members]
    out.append(
        TelegramChannelTruth(
            id=str(export["id"]),
            username=None,
            title=str(export["name"]),
            kind=str(export["type"]),
            language=max(("ar", "fr", "en"), key=langs.count),
            persona=None,
            messages=sum(1 for m in export["messages"] if m["type"] == "message"),
        )
    )
    return tuple(out)
