"""Migration analytics over a store: weekly destination mix and destinations."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from nohaven.links.migration import is_off_platform, summarise, week_of
from nohaven.model import Post, PostLink
from nohaven.store import open_store

MONDAY = datetime(2015, 6, 1, 9, tzinfo=UTC)  # ISO week 2015-W23


def _post(post_id: str, account: str, days: int, language: str) -> Post:
    return Post(
        platform="twitter",
        id=post_id,
        account_id=account,
        created=MONDAY + timedelta(days=days),
        text="placeholder",
        language=language,
    )


def _link(post: Post, target: str, kind: str, domain: str | None, **extra: object) -> PostLink:
    return PostLink(
        platform=post.platform,
        post_id=post.id,
        account_id=post.account_id,
        created=post.created,
        target=target,
        raw=target,
        kind=kind,
        domain=domain,
        app=extra.get("app"),  # type: ignore[arg-type]
        obfuscated=bool(extra.get("obfuscated", False)),
    )


@pytest.mark.parametrize(
    ("platform", "domain", "off"),
    [
        pytest.param("twitter", "twitter.com", False, id="own-platform"),
        pytest.param("twitter", "t.me", True, id="telegram-from-twitter"),
        pytest.param("telegram", "t.me", False, id="telegram-own"),
        pytest.param("twitter", None, True, id="handoff-or-wallet"),
    ],
)
def test_off_platform(platform: str, domain: str | None, off: bool) -> None:
    assert is_off_platform(platform, domain) is off


def test_week_of_uses_iso_weeks() -> None:
    assert week_of(MONDAY) == "2015-W23"
    assert week_of(datetime(2016, 1, 1, tzinfo=UTC)) == "2015-W53"


def test_summary_counts_posts_kinds_and_pushers(tmp_path: Path) -> None:
    posts = [
        _post("1", "a1", 0, "ar"),
        _post("2", "a2", 1, "ar"),
        _post("3", "a1", 2, "ar"),
        _post("4", "a3", 3, "en"),
        _post("5", "a1", 8, "ar"),  # the next week
    ]
    links = [
        _link(posts[0], "https://t.me/joinchat/AAAA", "messaging", "t.me", app="telegram"),
        _link(posts[0], "https://twitter.com/someone", "social", "twitter.com"),
        _link(
            posts[1],
            "https://t.me/joinchat/AAAA",
            "messaging",
            "t.me",
            app="telegram",
            obfuscated=True,
        ),
        _link(posts[2], "https://twitter.com/other", "social", "twitter.com"),
        _link(posts[4], "http://" + "a" * 56 + ".onion", "onion", None),
        _link(posts[4], "https://t.me/joinchat/AAAA", "messaging", "t.me", app="telegram"),
    ]
    with open_store(f"sqlite:///{tmp_path / 's.db'}") as store:
        store.write(posts, [], [], links=links)
        summary = summarise(store)
    weeks = {(w.week, w.language): w for w in summary.weeks}
    first = weeks["2015-W23", "ar"]
    assert (first.posts, first.posts_with_links, first.by_kind) == (3, 2, {"messaging": 2})
    assert first.share() == pytest.approx(2 / 3)
    assert weeks["2015-W23", "en"].posts_with_links == 0
    second = weeks["2015-W24", "ar"]
    assert second.by_kind == {"messaging": 1, "onion": 1}
    top = summary.destinations[0]
    assert top.target == "https://t.me/joinchat/AAAA"
    assert (top.posts, top.accounts, top.obfuscated_posts) == (3, 2, 1)
    assert top.top_accounts == (("a1", 2), ("a2", 1))
    assert (top.first_seen, top.last_seen) == (posts[0].created, posts[4].created)
    assert {d.target for d in summary.destinations} == {
        "https://t.me/joinchat/AAAA",
        "http://" + "a" * 56 + ".onion",
    }
    assert summary.to_json()["weeks"][0]["share_by_kind"] == {"messaging": 0.666667}  # type: ignore[index]
