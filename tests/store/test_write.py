"""Store.write: idempotent, batched, all-or-nothing upserts with honest counts."""

from __future__ import annotations

import threading
import time
from datetime import UTC, datetime, timedelta

import pytest
import sqlalchemy as sa

from nohaven.model import Interaction, InteractionKind, Post, interactions_of
from nohaven.store import RowCounts, Store, WriteCounts, open_store, schema
from nohaven.store import write as write_module

from .records import T0, account, fail_writes_to, post, reject


def test_first_write_reports_new_rows(store: Store) -> None:
    posts = [post("1", mentions=("a",), mention_ids=("@a",)), post("2")]
    interactions = [i for p in posts for i in interactions_of(p)]
    counts = store.write(posts, [account()], interactions, [reject()])
    assert counts == WriteCounts(
        posts=RowCounts(new=2),
        accounts=RowCounts(new=1),
        interactions=RowCounts(new=1),
        rejects=RowCounts(new=1),
    )


def test_rewriting_the_same_batch_changes_nothing(store: Store) -> None:
    posts = [post(str(i), reply_to_account="9") for i in range(1, 6)]
    batch = (posts, [account(), account("9")], [i for p in posts for i in interactions_of(p)])
    store.write(*batch, [reject()])
    with store.engine.connect() as conn:
        before = conn.execute(sa.select(schema.posts.c.id, schema.posts.c.updated_at)).all()
    again = store.write(*batch, [reject()])
    assert again == WriteCounts(
        posts=RowCounts(unchanged=5),
        accounts=RowCounts(unchanged=2),
        interactions=RowCounts(unchanged=5),
        rejects=RowCounts(unchanged=1),
    )
    with store.engine.connect() as conn:
        after = conn.execute(sa.select(schema.posts.c.id, schema.posts.c.updated_at)).all()
    assert sorted(after) == sorted(before)


def test_raw_records_are_compared_as_stored(store: Store) -> None:
    store.write([post("1", raw={"a": 1, "b": [2, 3]})], [], [])
    assert store.write([post("1", raw={"a": 1, "b": [2, 3]})], [], []).posts.unchanged == 1
    assert store.write([post("1", raw={"a": 1, "b": [3, 2]})], [], []).posts.updated == 1


@pytest.mark.parametrize(
    "change",
    [
        {"text": "weather report: rain later"},
        {"language": "fr"},
        {"hashtags": ("rain",)},
        {"raw": {"id_str": "1", "lang": "fr"}},
        {"created": T0 + timedelta(seconds=1)},
        {"text_key": "weather report"},
    ],
    ids=["text", "language", "hashtags", "raw", "created", "text_key"],
)
def test_a_changed_post_is_updated(store: Store, change: dict[str, object]) -> None:
    store.write([post("1"), post("2")], [], [], source="first.jsonl")
    changed = post("1", **change)
    counts = store.write([changed, post("2")], [], [], source="second.jsonl")
    assert counts.posts == RowCounts(updated=1, unchanged=1)
    assert store.get_post("twitter", "1") == changed
    with store.engine.connect() as conn:
        query = sa.select(schema.posts.c.id, schema.posts.c.source)
        rows = {row.id: row.source for row in conn.execute(query)}
    assert rows == {"1": "second.jsonl", "2": "first.jsonl"}


def test_update_keeps_first_seen_and_moves_updated_at(store: Store) -> None:
    posts = schema.posts
    store.write([post("1")], [], [])
    with store.engine.connect() as conn:
        first_seen, updated = conn.execute(sa.select(posts.c.first_seen, posts.c.updated_at)).one()
    store.write([post("1", text="changed forecast")], [], [])
    with store.engine.connect() as conn:
        first_seen2, updated2 = conn.execute(
            sa.select(posts.c.first_seen, posts.c.updated_at)
        ).one()
    assert first_seen2 == first_seen
    assert updated2 >= updated
    assert first_seen.tzinfo is UTC


def test_a_changed_account_is_updated(store: Store) -> None:
    store.write([], [account(followers=10)], [])
    counts = store.write([], [account(followers=11)], [])
    assert counts.accounts == RowCounts(updated=1)
    stored = store.get_account("twitter", "100")
    assert stored is not None and stored.followers == 11


def test_duplicates_in_a_batch_count_once_and_the_last_wins(store: Store) -> None:
    counts = store.write(
        [post("1", text="first"), post("2"), post("1", text="last")],
        [account(followers=1), account(followers=2)],
        [],
    )
    assert counts.posts == RowCounts(new=2)
    assert counts.accounts == RowCounts(new=1)
    stored_post = store.get_post("twitter", "1")
    stored_account = store.get_account("twitter", "100")
    assert stored_post is not None and stored_post.text == "last"
    assert stored_account is not None and stored_account.followers == 2


def test_interactions_are_never_duplicated(store: Store) -> None:
    p = post("1", mentions=("a", "a", "b"), mention_ids=("@a", "@a", "@b"), repost_of_account="@b")
    items = interactions_of(p)
    first = store.write([p], [], items + items)
    assert first.interactions == RowCounts(new=2)  # @a mention, @b repost
    second = store.write([p], [], items)
    assert second.interactions == RowCounts(unchanged=2)
    assert store.count("interactions") == 2


def test_an_interaction_with_a_new_time_is_updated(store: Store) -> None:
    item = Interaction("twitter", InteractionKind.MENTION, "1", "2", "10", T0)
    store.write([], [], [item])
    moved = Interaction("twitter", InteractionKind.MENTION, "1", "2", "10", T0 + timedelta(hours=1))
    assert store.write([], [], [moved]).interactions == RowCounts(updated=1)
    assert list(store.iter_interactions()) == [moved]


def test_rejects_are_kept_and_updated_by_file_and_line(store: Store) -> None:
    store.write([], [], [], [reject(1), reject(2)])
    counts = store.write([], [], [], [reject(2, reason="row has 3 fields, expected 5"), reject(3)])
    assert counts.rejects == RowCounts(new=1, updated=1)
    assert [(r.line, r.reason) for r in store.iter_rejects()] == [
        (1, "malformed JSON: unexpected end of data"),
        (2, "row has 3 fields, expected 5"),
        (3, "malformed JSON: unexpected end of data"),
    ]


def test_many_platforms_and_a_large_batch(store: Store) -> None:
    posts = [
        post(str(i), platform=platform, created=T0 + timedelta(seconds=i))
        for platform in ("twitter", "telegram", "mastodon")
        for i in range(2500)
    ]
    assert store.write(posts, [], []).posts == RowCounts(new=7500)
    changed = [post("7", platform="telegram", text="snow"), *posts[:100]]
    assert store.write(changed, [], []).posts == RowCounts(updated=1, unchanged=100)
    assert store.count("posts") == 7500


def test_a_failed_write_leaves_nothing_behind(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    store.write([post("1")], [], [])
    fail_writes_to(monkeypatch, write_module.REJECTS, "disk on fire")
    with pytest.raises(RuntimeError, match="disk on fire"):
        store.write([post("1", text="changed"), post("2")], [account()], [], [reject()])
    assert store.count("posts") == 1
    assert store.count("accounts") == 0
    stored = store.get_post("twitter", "1")
    assert stored is not None and stored.text == post("1").text


def test_naive_interaction_times_are_refused(store: Store) -> None:
    naive = Interaction("twitter", InteractionKind.REPLY, "1", "2", "3", datetime(2024, 1, 1))
    with pytest.raises(ValueError, match="naive datetime"):
        store.write([], [], [naive])
    assert store.count("interactions") == 0


def test_empty_write(store: Store) -> None:
    assert store.write([], [], []) == WriteCounts()


def test_counts_add_up() -> None:
    a = WriteCounts(posts=RowCounts(1, 2, 3), rejects=RowCounts(new=1))
    b = WriteCounts(posts=RowCounts(10, 0, 1), accounts=RowCounts(new=4))
    total = a + b
    assert total.posts == RowCounts(11, 2, 4)
    assert total.posts.total == 17
    assert total.to_json() == {
        "posts": {"new": 11, "updated": 2, "unchanged": 4},
        "accounts": {"new": 4, "updated": 0, "unchanged": 0},
        "interactions": {"new": 0, "updated": 0, "unchanged": 0},
        "rejects": {"new": 1, "updated": 0, "unchanged": 0},
        "scores": {"new": 0, "updated": 0, "unchanged": 0},
        "links": {"new": 0, "updated": 0, "unchanged": 0},
    }
    assert datetime.now(UTC) > T0


def test_concurrent_writers_do_not_collide(db_url: str) -> None:
    batches = [[post(str(i)) for i in range(start, start + 300)] for start in (0, 150, 300)]
    errors: list[BaseException] = []

    def write(batch: list[Post]) -> None:
        try:
            with open_store(db_url) as own:
                own.write(batch, [account()], [])
        except BaseException as err:  # pragma: no cover - reported below
            errors.append(err)

    threads = [threading.Thread(target=write, args=(batch,)) for batch in batches]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    with open_store(db_url) as store:
        assert store.count("posts") == 600
        assert store.count("accounts") == 1


@pytest.mark.slow
def test_sqlite_write_throughput(sqlite_url: str) -> None:
    """A regression guard well under the 20,000 posts/s target (CPU time, so load-tolerant)."""
    posts = [
        post(str(i), raw={f"field{k}": f"value {k} of post {i}" for k in range(10)})
        for i in range(20_000)
    ]
    interactions = [
        Interaction("twitter", InteractionKind.MENTION, "100", f"@u{i % 500}", str(i), T0)
        for i in range(20_000)
    ]
    with open_store(sqlite_url) as store:
        started = time.process_time()
        for i in range(0, len(posts), 10_000):
            store.write(posts[i : i + 10_000], [account()], interactions[i : i + 10_000])
        rate = len(posts) / (time.process_time() - started)
    assert rate > 10_000, f"{rate:,.0f} posts/s"
