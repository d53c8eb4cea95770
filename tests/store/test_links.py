"""Post links in the store, on SQLite and PostgreSQL: idempotent upserts, read back in order."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest

from nohaven.model import PostLink
from nohaven.store import Store, open_store
from nohaven.store.write import RowCounts

T0 = datetime(2015, 6, 1, 12, tzinfo=UTC)


@pytest.fixture
def store(db_url: str) -> Iterator[Store]:
    with open_store(db_url) as opened:
        yield opened


def _link(post: str, target: str, hours: int = 0, **fields: object) -> PostLink:
    base = PostLink(
        platform="twitter",
        post_id=post,
        account_id="a1",
        created=T0 + timedelta(hours=hours),
        target=target,
        raw=target.removeprefix("https://"),
        kind="messaging",
        domain="t.me",
        app="telegram",
    )
    return replace(base, **fields)  # type: ignore[arg-type]


def test_links_are_upserted_idempotently(store: Store) -> None:
    links = [
        _link("1", "https://t.me/channel_a"),
        _link("1", "https://t.me/channel_b", obfuscated=True),
        _link("2", "https://t.me/channel_a", hours=30),
    ]
    counts = store.write([], [], [], links=links)
    assert counts.links == RowCounts(new=3)
    assert store.write([], [], [], links=links).links == RowCounts(unchanged=3)
    changed = replace(links[0], kind="other", app=None)
    assert store.write([], [], [], links=[changed]).links == RowCounts(updated=1)
    stored = list(store.iter_links())
    assert [(link.post_id, link.target) for link in stored] == [
        ("1", "https://t.me/channel_a"),
        ("1", "https://t.me/channel_b"),
        ("2", "https://t.me/channel_a"),
    ]
    assert stored[0] == changed
    assert stored[1].obfuscated is True
    assert stored[2].created == T0 + timedelta(hours=30)
    assert store.count("post_links") == 3
    assert list(store.iter_links("telegram")) == []


def test_a_link_needs_its_keys() -> None:
    with pytest.raises(ValueError, match="non-empty target"):
        _link("1", "")
