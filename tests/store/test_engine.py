"""Store URLs: the default, bare paths, PostgreSQL spellings and refusals."""

from __future__ import annotations

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
            for name in ("page_size", "journal_mode", "synchronous", "wal_autocheckpoint")
        }
    assert pragmas == {
        "page_size": 16384,
        "journal_mode": "wal",
        "synchronous": 1,
        "wal_autocheckpoint": 4000,
    }
