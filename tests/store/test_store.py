"""The Store: round trips of every field, reading helpers, and opening databases."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest
import sqlalchemy as sa

from nohaven.model import (
    AccountStatus,
    Interaction,
    InteractionKind,
    Media,
    MediaKind,
    interactions_of,
)
from nohaven.store import Store, UnknownTableError, open_store, schema

from .records import T0, account, post, reject

PLUS_3 = timezone(timedelta(hours=3))

FULL_POST = post(
    "42",
    platform="telegram",
    account_id="-100123",
    created=datetime(2024, 5, 1, 15, 30, 1, 123456, tzinfo=PLUS_3),
    text="الطقس جميل اليوم ☀️ 🌧️ recette du pain\nligne deux",
    language="ar",
    language_score=0.875,
    text_key="الطقس جميل اليوم recette du pain ligne deux",
    reply_to="41",
    reply_to_account="-100999",
    repost_of="7",
    repost_of_account="@weatherdesk",
    quote_of="8",
    quote_of_account="555",
    urls=("https://example.org/a?b=1&c=é", "http://example.com/"),
    mentions=("WeatherDesk", "chef_ali"),
    mention_ids=("@weatherdesk", "777"),
    hashtags=("météo", "طبخ"),
    media=(
        Media(MediaKind.PHOTO, key="3_1", url="https://example.org/p.jpg"),
        Media(MediaKind.DOCUMENT, path="files/menu.pdf"),
    ),
    raw={
        "id": 42,
        "message": "الطقس جميل",
        "nested": {"list": [1, 2.5, None, True], "empty": {}},
        "date": "2024-05-01T12:30:01+00:00",
    },
)


def test_post_round_trip_keeps_every_field(store: Store) -> None:
    store.write([FULL_POST], [], [])
    back = store.get_post("telegram", "42")
    assert back == FULL_POST
    assert back is not None
    assert back.raw == FULL_POST.raw
    assert back.created == datetime(2024, 5, 1, 12, 30, 1, 123456, tzinfo=UTC)
    assert back.created.utcoffset() == timedelta(0)
    assert back.media[0].kind is MediaKind.PHOTO


def test_none_and_empty_are_kept_apart(store: Store) -> None:
    bare = post("1", text="", language=None, text_key="", urls=(), raw={})
    store.write([bare], [], [])
    back = store.get_post("twitter", "1")
    assert back is not None
    assert (back.text, back.text_key, back.language, back.reply_to) == ("", "", None, None)
    assert back.urls == () and back.media == () and back.raw == {}


def test_nul_characters_are_replaced_everywhere(store: Store) -> None:
    dirty = post(
        "1",
        text="soup\x00recipe",
        hashtags=("bread\x00",),
        raw={"text\x00key": "a\x00b", "escaped": "\\u0000 stays literal"},
    )
    store.write([dirty], [account(display_name="chef\x00")], [], [reject(excerpt="x\x00y")])
    back = store.get_post("twitter", "1")
    assert back is not None
    assert back.text == "soup\ufffdrecipe"
    assert back.hashtags == ("bread\ufffd",)
    assert back.raw == {"text\ufffdkey": "a\ufffdb", "escaped": "\\u0000 stays literal"}
    stored_account = store.get_account("twitter", "100")
    assert stored_account is not None and stored_account.display_name == "chef\ufffd"
    assert [r.excerpt for r in store.iter_rejects()] == ["x\ufffdy"]


def test_lone_surrogates_are_replaced(store: Store) -> None:
    store.write([post("1", text="caf\udce9", raw={"k": "\udce9"})], [], [])
    back = store.get_post("twitter", "1")
    assert back is not None
    assert back.text == "caf\ufffd" and back.raw == {"k": "\ufffd"}


def test_account_round_trip(store: Store) -> None:
    full = account(
        "100",
        handle="Chef_Ali",
        display_name="Chef Ali 🍞",
        description="وصفات الخبز",
        followers=12_345_678_901,
        post_count=0,
        created=datetime(2015, 1, 2, 3, 4, 5, tzinfo=PLUS_3),
        status=AccountStatus.SUSPENDED,
        raw={"screen_name": "Chef_Ali", "verified": False},
    )
    bare = account("200", handle=None, status=AccountStatus.UNKNOWN, raw={})
    store.write([], [full, bare], [])
    assert store.get_account("twitter", "100") == full
    back = store.get_account("twitter", "200")
    assert back == bare
    assert back is not None and back.created is None and back.followers is None


def test_missing_records_are_none(store: Store) -> None:
    assert store.get_post("twitter", "404") is None
    assert store.get_account("twitter", "404") is None


def test_iter_posts_filters_by_platform_in_key_order(store: Store) -> None:
    posts = [post("2"), post("1"), post("3", platform="telegram")]
    store.write(posts, [], [])
    assert [(p.platform, p.id) for p in store.iter_posts()] == [
        ("telegram", "3"),
        ("twitter", "1"),
        ("twitter", "2"),
    ]
    assert [p.id for p in store.iter_posts("twitter")] == ["1", "2"]
    assert list(store.iter_posts("mastodon")) == []


def test_iter_accounts_interactions_rejects(store: Store) -> None:
    p = post("1", mentions=("a", "b"), mention_ids=("@a", "@b"), reply_to_account="9")
    store.write([p], [account("100"), account("9")], interactions_of(p), [reject(2), reject(1)])
    assert [a.id for a in store.iter_accounts()] == ["100", "9"]
    assert sorted(store.iter_interactions(), key=lambda i: (i.kind, i.target_account)) == sorted(
        interactions_of(p), key=lambda i: (i.kind, i.target_account)
    )
    assert [r.line for r in store.iter_rejects()] == [1, 2]
    assert list(store.iter_rejects("other.csv")) == []


def test_interaction_times_come_back_aware_utc(store: Store) -> None:
    when = datetime(2024, 1, 1, 2, 0, tzinfo=PLUS_3)
    item = Interaction("twitter", InteractionKind.REPLY, "1", "2", "10", when)
    store.write([], [], [item])
    (back,) = store.iter_interactions()
    assert back == item
    assert back.time.tzinfo is UTC


@pytest.mark.parametrize(
    ("table", "expected"),
    [("posts", 2), ("accounts", 1), ("interactions", 0), ("rejects", 1)],
    ids=["posts", "accounts", "interactions", "rejects"],
)
def test_count(store: Store, table: str, expected: int) -> None:
    store.write([post("1"), post("2")], [account()], [], [reject()])
    assert store.count(table) == expected


def test_count_refuses_unknown_tables(store: Store) -> None:
    with pytest.raises(UnknownTableError, match="no table 'posts; drop'"):
        store.count("posts; drop")


def test_reopening_keeps_data(db_url: str) -> None:
    with open_store(db_url) as first:
        first.write([post("1")], [], [])
    with open_store(db_url) as second:
        assert second.count("posts") == 1
        assert second.dialect in {"sqlite", "postgresql"}


def test_sqlite_is_in_wal_mode(sqlite_url: str) -> None:
    with open_store(sqlite_url) as store, store.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA synchronous").scalar() == 1  # NORMAL
        assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() == 30_000


def test_sqlite_times_are_stored_as_fixed_width_utc_text(sqlite_url: str) -> None:
    with open_store(sqlite_url) as store:
        store.write([post("1", created=datetime(2024, 1, 1, 1, 0, tzinfo=PLUS_3))], [], [])
        with store.engine.connect() as conn:
            stored = conn.exec_driver_sql("SELECT created FROM posts").scalar()
    assert stored == "2023-12-31 22:00:00.000000+00:00"


def test_bare_path_opens_a_sqlite_file(tmp_path: Path) -> None:
    path = tmp_path / "nested" / "dir" / "my.db"
    with open_store(str(path)) as store:
        assert store.dialect == "sqlite"
        store.write([post("1")], [], [])
    assert path.is_file()


def test_repr_hides_the_password() -> None:
    store = Store(sa.create_engine("postgresql+psycopg://nh:secret@127.0.0.1:1/db"))
    assert "secret" not in repr(store)
    assert "***" in store.url


def test_tables_are_the_documented_ones() -> None:
    assert set(schema.metadata.tables) == {
        "posts",
        "accounts",
        "interactions",
        "rejects",
        "post_scores",
        "banks",
        "bank_entries",
        "bank_matches",
        "post_links",
        "account_scores",
        "access_log",
    }
    assert [c.name for c in schema.posts.primary_key.columns] == ["platform", "id"]
    assert T0.tzinfo is UTC
