"""Store.bulk and the written-rows cache: faster large ingests that stay exact."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from nohaven.model import interactions_of
from nohaven.store import RowCounts, Store, open_store, schema
from nohaven.store import write as write_module

from .records import account, fail_writes_to, post

DEFERRED = sorted(str(i.name) for t in (schema.posts, schema.interactions) for i in t.indexes)


def _indexes(store: Store) -> list[str]:
    names = sa.inspect(store.engine).get_indexes
    return sorted(str(i["name"]) for t in ("posts", "interactions") for i in names(t))


def test_bulk_defers_indexes_of_an_empty_store_and_rebuilds_them(sqlite_url: str) -> None:
    with open_store(sqlite_url) as store:
        posts = [post(str(i), mentions=("a",), mention_ids=("@a",)) for i in range(1, 4)]
        with store.bulk() as deferred:
            assert deferred is True
            assert _indexes(store) == []
            counts = store.write(posts, [account()], [i for p in posts for i in interactions_of(p)])
            assert counts.posts == RowCounts(new=3) and counts.interactions == RowCounts(new=3)
            assert store.write(posts, [account()], []).posts == RowCounts(unchanged=3)
        assert _indexes(store) == DEFERRED
        assert store.count("posts") == 3


def test_bulk_rebuilds_indexes_when_the_block_fails(sqlite_url: str) -> None:
    with open_store(sqlite_url) as store:
        with pytest.raises(RuntimeError, match="stop"), store.bulk():
            store.write([post("1")], [], [])
            raise RuntimeError("stop")
        assert _indexes(store) == DEFERRED


@pytest.mark.parametrize("backend", ["sqlite-with-posts", "postgresql"], ids=str)
def test_bulk_does_nothing_on_a_store_with_posts(
    request: pytest.FixtureRequest, backend: str
) -> None:
    url: str = request.getfixturevalue("sqlite_url" if backend != "postgresql" else "pg_url")
    with open_store(url) as store:
        if backend != "postgresql":
            store.write([post("1")], [], [])
        before = sa.inspect(store.engine).get_indexes("posts")
        with store.bulk() as deferred:
            assert deferred is False
            assert sa.inspect(store.engine).get_indexes("posts") == before


def test_open_store_rebuilds_indexes_a_killed_bulk_left_missing(sqlite_url: str) -> None:
    with open_store(sqlite_url) as store, store.engine.begin() as conn:
        for table in (schema.posts, schema.interactions):
            for index in table.indexes:
                conn.execute(sa.schema.DropIndex(index))
    with open_store(sqlite_url) as store:
        assert _indexes(store) == DEFERRED


def test_repeated_accounts_are_unchanged_and_changes_are_updates(store: Store) -> None:
    assert store.write([], [account()], []).accounts == RowCounts(new=1)
    assert store.write([], [account()], []).accounts == RowCounts(unchanged=1)
    changed = account(followers=7)
    assert store.write([], [changed], []).accounts == RowCounts(updated=1)
    assert store.write([], [changed, account("101")], []).accounts == RowCounts(new=1, unchanged=1)
    stored = store.get_account("twitter", "100")
    assert stored is not None and stored.followers == 7


def test_a_write_by_another_connection_is_noticed(sqlite_url: str) -> None:
    with open_store(sqlite_url) as mine, open_store(sqlite_url) as other:
        mine.write([], [account()], [])
        assert other.write([], [account(followers=5)], []).accounts == RowCounts(updated=1)
        assert mine.write([], [account()], []).accounts == RowCounts(updated=1)
        stored = other.get_account("twitter", "100")
        assert stored is not None and stored.followers is None
        with other.engine.begin() as conn:
            conn.execute(sa.delete(schema.accounts))
        assert mine.write([], [account()], []).accounts == RowCounts(new=1)


def test_a_failed_write_forgets_what_it_cached(
    sqlite_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    with open_store(sqlite_url) as store:
        fail_writes_to(monkeypatch, write_module.POSTS, "boom")
        with pytest.raises(RuntimeError, match="boom"):
            store.write([post("1")], [account()], [])
        monkeypatch.undo()
        assert store.write([], [account()], []).accounts == RowCounts(new=1)
