"""What resurgence linking needs to know of each account, read from the store with SQL.

:func:`load_activity` reads, with SQLAlchemy Core column selects (SQLite and PostgreSQL):

* the ``accounts`` rows (handle, display name, description, status, creation time);
* each account's posts: count, first and last time, hour-of-day profile, and the
  announcements in their text (:func:`nohaven.accounts.announce.find_announcements`);
* the accounts each account mentions, and the accounts that repost it (``interactions``).

Accounts that posted but have no ``accounts`` row get a profile too (their handle is the id
when the id is an ``@handle`` reference). Accounts only ever mentioned, with no posts and no
row, are left out: nothing is known of when they were active.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime

import sqlalchemy as sa

from nohaven.accounts.announce import Announcement, AnnouncementKind, find_announcements
from nohaven.store import Store, schema

__all__ = ["Activity", "Profile", "Statement", "hour_profile", "load_activity"]

_HOURS = 24
_STREAM_ROWS = 5000


@dataclass(frozen=True, slots=True)
class Profile:
    """One account as resurgence linking sees it.

    Times are POSIX seconds (UTC). ``start`` is the first sign of life (creation time or first
    post, whichever is earlier); ``last`` the last post (``None`` without posts). ``hours`` is
    the share of posts in each hour of the day (UTC), scaled to 0-255, 24 bytes (empty
    without posts). ``suspended`` is the store's status and ``suspended_at`` the suspension
    time when the account table gave one (``suspended_at`` in the raw row).
    """

    platform: str
    id: str
    handle: str
    display_name: str | None
    description: str | None
    suspended: bool
    start: float | None
    last: float | None
    posts: int
    hours: bytes = b""
    suspended_at: float | None = None
    mentions: frozenset[str] = field(default_factory=frozenset)
    reposters: frozenset[str] = field(default_factory=frozenset)

    @property
    def end(self) -> float | None:
        """The last sign of life: the later of the last post and the suspension time."""
        last, suspended = self.last, self.suspended_at  # a hot path: no list per call
        if last is None or suspended is None:
            return suspended if last is None else last
        return max(last, suspended)

    @property
    def key(self) -> tuple[str, str]:
        """``(platform, id)``: the node key used everywhere."""
        return self.platform, self.id


@dataclass(frozen=True, slots=True)
class Statement:
    """An announcement made by an account (in a post or its description)."""

    platform: str
    account_id: str
    post_id: str | None
    time: float | None
    announcement: Announcement


@dataclass(frozen=True, slots=True)
class Activity:
    """Profiles of every account with a sign of life, the announcements found, and the end
    of the data (the latest post time, POSIX seconds; ``None`` for a store without posts)."""

    profiles: tuple[Profile, ...]
    statements: tuple[Statement, ...]
    data_end: float | None


def hour_profile(counts: Iterable[int]) -> bytes:
    """24 hourly post counts as shares scaled to 0-255 (empty when there are no posts)."""
    values = list(counts)
    if len(values) != _HOURS:
        raise ValueError(f"an hour profile needs {_HOURS} counts, got {len(values)}")
    total = sum(values)
    if total == 0:
        return b""
    top = max(values)
    return bytes(round(255 * value / top) for value in values)


def _posix(value: datetime | None) -> float | None:
    return None if value is None else value.timestamp()


def _handle_of(account_id: str) -> str:
    return account_id[1:] if account_id.startswith("@") else account_id


def _neighbours(
    store: Store, platform: str | None, kind: str, by_source: bool
) -> dict[tuple[str, str], set[str]]:
    """For ``mention``: source -> targets; for ``repost``: target -> sources."""
    table = schema.interactions
    own, other = (table.c.source_account, table.c.target_account)
    if not by_source:
        own, other = other, own
    query = sa.select(table.c.platform, own, other).where(table.c.kind == kind).distinct()
    if platform is not None:
        query = query.where(table.c.platform == platform)
    result: dict[tuple[str, str], set[str]] = defaultdict(set)
    with store.engine.connect() as conn:
        for row in conn.execution_options(yield_per=_STREAM_ROWS).execute(query):
            if row[1] != row[2]:
                result[(row[0], row[1])].add(row[2])
    return result


def _suspended_at(row: sa.RowMapping | None) -> float | None:
    """The ``suspended_at`` time of an account table's raw row, if it has a valid one."""
    if row is None or row["status"] != "suspended" or not isinstance(row["raw"], dict):
        return None
    value = row["raw"].get("suspended_at")
    if not isinstance(value, str) or not value:
        return None
    try:
        moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    return moment.timestamp() if moment.tzinfo is not None else None


def load_activity(store: Store, platform: str | None = None) -> Activity:
    """Read every account's profile and every announcement from ``store`` (one platform or all)."""
    accounts = schema.accounts
    posts = schema.posts
    rows: dict[tuple[str, str], sa.RowMapping] = {}
    query = sa.select(
        accounts.c.platform,
        accounts.c.id,
        accounts.c.handle,
        accounts.c.display_name,
        accounts.c.description,
        accounts.c.status,
        accounts.c.created,
        accounts.c.raw,
    )
    if platform is not None:
        query = query.where(accounts.c.platform == platform)
    with store.engine.connect() as conn:
        for found_row in conn.execute(query).mappings():
            rows[(found_row["platform"], found_row["id"])] = found_row

    counts: dict[tuple[str, str], list[int]] = {}
    first: dict[tuple[str, str], float] = {}
    last: dict[tuple[str, str], float] = {}
    statements: list[Statement] = []
    post_query = sa.select(
        posts.c.platform, posts.c.account_id, posts.c.id, posts.c.created, posts.c.text
    )
    if platform is not None:
        post_query = post_query.where(posts.c.platform == platform)
    with store.engine.connect() as conn:
        for plat, account_id, post_id, created, text in conn.execution_options(
            yield_per=_STREAM_ROWS
        ).execute(post_query):
            key = (plat, account_id)
            moment = created.timestamp()
            hours = counts.get(key)
            if hours is None:
                hours = counts[key] = [0] * _HOURS
                first[key] = last[key] = moment
            hours[created.hour] += 1
            first[key] = min(first[key], moment)
            last[key] = max(last[key], moment)
            for found in find_announcements(text):
                statements.append(Statement(plat, account_id, post_id, moment, found))

    mentions = _neighbours(store, platform, "mention", by_source=True)
    reposters = _neighbours(store, platform, "repost", by_source=False)
    profiles: list[Profile] = []
    for key in sorted(set(rows) | set(counts)):
        row = rows.get(key)
        created = _posix(row["created"]) if row is not None else None
        begin = first.get(key)
        if created is not None:
            begin = created if begin is None else min(created, begin)
        if begin is None:
            continue
        description = str(row["description"]) if row is not None and row["description"] else None
        if description:
            for found in find_announcements(description):
                if found.kind is AnnouncementKind.RETURN:
                    statements.append(Statement(key[0], key[1], None, None, found))
        hours = counts.get(key)
        profiles.append(
            Profile(
                platform=key[0],
                id=key[1],
                handle=str(row["handle"])
                if row is not None and row["handle"]
                else _handle_of(key[1]),
                display_name=str(row["display_name"])
                if row is not None and row["display_name"]
                else None,
                description=description,
                suspended=row is not None and row["status"] == "suspended",
                start=begin,
                last=last.get(key),
                posts=sum(hours) if hours else 0,
                suspended_at=_suspended_at(row),
                hours=hour_profile(hours) if hours else b"",
                mentions=frozenset(mentions.get(key, ())),
                reposters=frozenset(reposters.get(key, ())),
            )
        )
    data_end = max(last.values()) if last else None
    return Activity(tuple(profiles), tuple(statements), data_end)
