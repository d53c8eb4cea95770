"""Store.stats: totals and breakdowns by platform, language, UTC month and kind."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

from nohaven.model import interactions_of
from nohaven.store import Store, StoreStats

from .records import account, post, reject

NEW_YORK_WINTER = timezone(timedelta(hours=-5))


def test_stats_of_an_empty_store(store: Store) -> None:
    stats = store.stats()
    assert stats.to_json() == {
        "posts": 0,
        "accounts": 0,
        "interactions": 0,
        "rejects": 0,
        "first_post": None,
        "last_post": None,
        "posts_by_platform": {},
        "posts_by_language": {},
        "posts_by_month": {},
        "accounts_by_platform": {},
        "interactions_by_kind": {},
        "scores": 0,
        "scores_by_model": [],
    }


def test_stats_values(store: Store) -> None:
    posts = [
        # 23:30 on 31 January in New York is February in UTC.
        post("1", created=datetime(2024, 1, 31, 23, 30, tzinfo=NEW_YORK_WINTER), language="en"),
        post("2", created=datetime(2024, 1, 15, tzinfo=UTC), language="ar"),
        post("3", created=datetime(2024, 1, 16, tzinfo=UTC), language="ar", reply_to_account="9"),
        post("4", platform="telegram", created=datetime(2023, 12, 1, tzinfo=UTC)),
        post(
            "5",
            platform="telegram",
            created=datetime(2024, 2, 2, tzinfo=UTC),
            language="fr",
            mentions=("a", "b"),
            mention_ids=("@a", "@b"),
        ),
    ]
    accounts = [account("100"), account("9"), account("100", platform="telegram")]
    store.write(posts, accounts, [i for p in posts for i in interactions_of(p)], [reject()])
    stats = store.stats()
    assert isinstance(stats, StoreStats)
    assert (stats.posts, stats.accounts, stats.interactions, stats.rejects) == (5, 3, 3, 1)
    assert dict(stats.posts_by_platform) == {"twitter": 3, "telegram": 2}
    assert dict(stats.posts_by_language) == {"ar": 2, "en": 1, "fr": 1, "und": 1}
    assert dict(stats.posts_by_month) == {"2023-12": 1, "2024-01": 2, "2024-02": 2}
    assert list(stats.posts_by_month) == ["2023-12", "2024-01", "2024-02"]
    assert dict(stats.accounts_by_platform) == {"twitter": 2, "telegram": 1}
    assert dict(stats.interactions_by_kind) == {"mention": 2, "reply": 1}
    assert stats.first_post == datetime(2023, 12, 1, tzinfo=UTC)
    assert stats.last_post == datetime(2024, 2, 2, tzinfo=UTC)
    as_json = stats.to_json()
    assert as_json["posts"] == 5 and as_json["accounts"] == 3
    assert as_json["first_post"] == "2023-12-01T00:00:00+00:00"
