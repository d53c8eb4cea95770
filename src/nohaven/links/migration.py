"""Migration analytics: where the audience is being sent, week by week.

From the store's posts and their links:

* :class:`WeeklyMix`: per ISO week, platform and language, how many posts there were and the
  share that carried an off-platform link of each destination kind;
* :class:`Destination`: each destination (a channel, an invite, a paste, an onion service, a
  wallet...) with its kind, first and last seen, posts, and the accounts that push it most.

A link is *off-platform* unless it points back to the post's own platform (a tweet linking
``twitter.com``, a Telegram message linking ``t.me``).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Final

import sqlalchemy as sa

from nohaven.store import Store, schema

__all__ = [
    "PLATFORM_DOMAINS",
    "Destination",
    "MigrationSummary",
    "WeeklyMix",
    "is_off_platform",
    "summarise",
    "week_of",
]

#: Domains that are a platform's own: links there do not leave the platform.
PLATFORM_DOMAINS: Final[dict[str, frozenset[str]]] = {
    "twitter": frozenset({"twitter.com", "x.com", "t.co"}),
    "telegram": frozenset({"t.me", "telegram.me", "telegram.org", "telegram.dog"}),
}
_TOP_ACCOUNTS = 5


def week_of(moment: datetime) -> str:
    """The ISO week of a time, as ``2015-W07``."""
    year, week, _ = moment.isocalendar()
    return f"{year}-W{week:02d}"


def is_off_platform(platform: str, domain: str | None) -> bool:
    """Whether a link to ``domain`` leaves ``platform`` (hand-offs and wallets always do)."""
    if domain is None:
        return True
    own = PLATFORM_DOMAINS.get(platform.casefold(), frozenset())
    return domain.casefold() not in own


@dataclass(frozen=True, slots=True)
class WeeklyMix:
    """One week of one platform and language: posts, and posts with links by kind."""

    week: str
    platform: str
    language: str | None
    posts: int
    posts_with_links: int
    by_kind: dict[str, int]

    def share(self, kind: str | None = None) -> float:
        """Share of posts carrying an off-platform link (of ``kind``, or of any kind)."""
        count = self.posts_with_links if kind is None else self.by_kind.get(kind, 0)
        return count / self.posts if self.posts else 0.0

    def to_json(self) -> dict[str, object]:
        return {
            "week": self.week,
            "platform": self.platform,
            "language": self.language,
            "posts": self.posts,
            "posts_with_links": self.posts_with_links,
            "share": round(self.share(), 6),
            "by_kind": dict(sorted(self.by_kind.items())),
            "share_by_kind": {k: round(self.share(k), 6) for k in sorted(self.by_kind)},
        }


@dataclass(frozen=True, slots=True)
class Destination:
    """One off-platform destination and who pushes it."""

    target: str
    kind: str
    app: str | None
    domain: str | None
    first_seen: datetime
    last_seen: datetime
    posts: int
    accounts: int
    top_accounts: tuple[tuple[str, int], ...]
    obfuscated_posts: int

    def to_json(self) -> dict[str, object]:
        return {
            "target": self.target,
            "kind": self.kind,
            "app": self.app,
            "domain": self.domain,
            "first_seen": self.first_seen.isoformat(),
            "last_seen": self.last_seen.isoformat(),
            "posts": self.posts,
            "accounts": self.accounts,
            "top_accounts": [{"account": a, "posts": n} for a, n in self.top_accounts],
            "obfuscated_posts": self.obfuscated_posts,
        }


@dataclass(frozen=True, slots=True)
class MigrationSummary:
    """The weekly destination mix and every destination."""

    weeks: list[WeeklyMix] = field(default_factory=list)
    destinations: list[Destination] = field(default_factory=list)

    def to_json(self) -> dict[str, object]:
        return {
            "weeks": [week.to_json() for week in self.weeks],
            "destinations": [d.to_json() for d in self.destinations],
        }


@dataclass(slots=True)
class _Target:
    kind: str
    app: str | None
    domain: str | None
    first: datetime
    last: datetime
    posts: set[tuple[str, str]] = field(default_factory=set)
    accounts: Counter[str] = field(default_factory=Counter)
    obfuscated: int = 0


def summarise(store: Store, *, platform: str | None = None) -> MigrationSummary:
    """The migration summary of the posts and links in ``store`` (of one platform)."""
    posts, links = schema.posts, schema.post_links
    post_query = sa.select(posts.c.platform, posts.c.language, posts.c.created)
    link_query = sa.select(
        links.c.platform,
        links.c.post_id,
        links.c.account_id,
        links.c.created,
        links.c.target,
        links.c.kind,
        links.c.app,
        links.c.domain,
        links.c.obfuscated,
        posts.c.language,
    ).select_from(
        links.join(posts, (posts.c.platform == links.c.platform) & (posts.c.id == links.c.post_id))
    )
    if platform is not None:
        post_query = post_query.where(posts.c.platform == platform)
        link_query = link_query.where(links.c.platform == platform)
    cells: Counter[tuple[str, str, str | None]] = Counter()
    with store.engine.connect() as conn, conn.begin():
        for row in conn.execution_options(yield_per=5_000).execute(post_query):
            cells[week_of(row.created), row.platform, row.language] += 1
        # Streamed: only the per-destination and per-week tallies are kept in memory.
        return _summary(cells, conn.execution_options(yield_per=5_000).execute(link_query))


def _summary(
    cells: Counter[tuple[str, str, str | None]], link_rows: Iterable[Any]
) -> MigrationSummary:
    with_links: dict[tuple[str, str, str | None], set[str]] = defaultdict(set)
    by_kind: dict[tuple[str, str, str | None], dict[str, set[str]]] = defaultdict(
        lambda: defaultdict(set)
    )
    targets: dict[str, _Target] = {}
    for row in link_rows:
        platform, post_id, account = str(row.platform), str(row.post_id), str(row.account_id)
        created: datetime = row.created
        domain = row.domain if row.domain is None else str(row.domain)
        if not is_off_platform(platform, domain):
            continue
        cell = (
            week_of(created),
            platform,
            row.language if row.language is None else str(row.language),
        )
        kind = str(row.kind)
        with_links[cell].add(post_id)
        by_kind[cell][kind].add(post_id)
        target = str(row.target)
        found = targets.get(target)
        if found is None:
            app = row.app if row.app is None else str(row.app)
            found = targets[target] = _Target(kind, app, domain, created, created)
        found.first = min(found.first, created)
        found.last = max(found.last, created)
        if (platform, post_id) not in found.posts:
            found.posts.add((platform, post_id))
            found.accounts[account] += 1
            found.obfuscated += bool(row.obfuscated)
    weeks = [
        WeeklyMix(
            week=week,
            platform=platform,
            language=language,
            posts=count,
            posts_with_links=len(with_links.get((week, platform, language), ())),
            by_kind={
                kind: len(ids) for kind, ids in by_kind.get((week, platform, language), {}).items()
            },
        )
        for (week, platform, language), count in sorted(
            cells.items(), key=lambda item: (item[0][0], item[0][1], item[0][2] or "")
        )
    ]
    destinations = sorted(
        (
            Destination(
                target=target,
                kind=t.kind,
                app=t.app,
                domain=t.domain,
                first_seen=t.first,
                last_seen=t.last,
                posts=len(t.posts),
                accounts=len(t.accounts),
                top_accounts=tuple(
                    sorted(t.accounts.items(), key=lambda a: (-a[1], a[0]))[:_TOP_ACCOUNTS]
                ),
                obfuscated_posts=t.obfuscated,
            )
            for target, t in targets.items()
        ),
        key=lambda d: (-d.posts, d.target),
    )
    return MigrationSummary(weeks, destinations)
