"""Store URLs: the default, bare paths, PostgreSQL spellings and refusals."""

from __future__ import annotations

import sqlite3
import threading
from pathlib import Path

import pytest

from nohaven.store import StoreURLError, default_url, open_store, resolve_url


@pytest.mark.parametrize(
    ("env", "expected"),
    [
        ({}, "sqlite:////work/nohaven.db"),
        ({"NOHAVEN_DB": ""}, "sqlite:////work/nohaven.db"),
        ({"NOHAVEN_DB": " postgresql://u@h/db "}, "postgresql://u@h/db"),
        ({"NOHAVEN_DB": "sqlite:///other.db", "HOME": "/x"}, "sqlite:///other.db"),
    ],
    ids=["unset", "empty", "postgres", "sqlite"],
)
def test_default_url(env: dict[str, str], expected: str) -> None:
    assert default_url(env, Path("/work")) == expected


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("sqlite:///x.db", "sqlite:///x.db"),
        ("sqlite://", "sqlite://"),
        ("/tmp/a b/x.db", "sqlite:////tmp/a b/x.db"),
        ("postgresql://u@h:5/db", "postgresql+psycopg://u@h:5/db"),
        ("postgres://u@h/db", "postgresql+psycopg://u@h/db"),
        ("postgresql+psycopg://u:pw@h/db", "postgresql+psycopg://u:pw@h/db"),
    ],
    ids=["sqlite", "memory", "bare-path", "postgresql", "postgres", "psycopg"],
)
def test_resolve_url(url: str, expected: str) -> None:
    assert resolve_url(url).render_as_string(hide_password=False) == expected


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("", "empty database URL"),
        ("mysql://u@h/db", "unsupported database 'mysql'"),
        ("sqlite+aiosqlite:///x.db", "unsupported SQLite driver"),
        ("://nothing", "cannot parse"),
    ],
    ids=["empty", "mysql", "sqlite-driver", "garbage"],
)
def test_resolve_url_refuses(url: str, message: str) -> None:
    with pytest.raises(StoreURLError, match=message):
        resolve_url(url)


def test_a_new_sqlite_store_is_tuned_for_writes(sqlite_url: str) -> None:
    with open_store(sqlite_url) as store, store.engine.connect() as conn:
        pragmas = {
            name: conn.exec_driver_sql(f"PRAGMA {name}").scalar_one()
            for name in (
                "page_size", "journal_mode", "synchronous", "wal_autocheckpoint", "temp_store",
            )
        }  # fmt: skip
    assert pragmas == {
        "page_size": 16384,
        "journal_mode": "wal",
        "synchronous": 1,
        "wal_autocheckpoint": 4000,
        # Large sorts (the index rebuild after a bulk ingest) spill to files, so an ingest's
        # peak memory does not grow with its input.
        "temp_store": 1,
    }


def test_a_new_store_opens_while_another_connection_writes(tmp_path: Path) -> None:
    # Switching a database to WAL needs it to itself, and SQLite reports "database is locked"
    # at once rather than waiting for the busy timeout: stores opened together by several
    # threads or processes failed now and then before the switch was retried.
    path = tmp_path / "busy.db"
    writer = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    writer.execute("BEGIN IMMEDIATE")
    writer.execute("CREATE TABLE other (x INTEGER)")
    release = threading.Timer(0.5, writer.commit)
    release.start()
    try:
        with open_store(f"sqlite:///{path}") as store, store.engine.connect() as conn:
            assert conn.exec_driver_sql("PRAGMA journal_mode").scalar_one() == "wal"
            assert conn.exec_driver_sql("SELECT count(*) FROM posts").scalar_one() == 0
    finally:
        release.join()
        writer.close()
