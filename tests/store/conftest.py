"""Store fixtures: every store test runs on SQLite and on a real PostgreSQL server.

``make test`` starts a throwaway server with ``scripts/pg-test-server.sh start`` and exports its
URL as ``NOHAVEN_TEST_PG_URL``. Without it the PostgreSQL cases are skipped with a reason
(and fail in CI). Each PostgreSQL case gets a database of its own, dropped afterwards, so the
cases are isolated and can run in parallel.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from nohaven.store import Store, open_store
from nohaven.store.scratch import scratch_database

PG_ENV = "NOHAVEN_TEST_PG_URL"
BACKENDS = [
    pytest.param("sqlite", id="sqlite"),
    pytest.param("postgresql", id="postgresql", marks=pytest.mark.postgres),
]


@pytest.fixture(scope="session")
def pg_server_url() -> str:
    """The URL of the test PostgreSQL server (its ``postgres`` database)."""
    url = os.environ.get(PG_ENV, "").strip()
    if not url:
        message = (
            f"{PG_ENV} is not set: no PostgreSQL server for the store tests. Run "
            f"'scripts/pg-test-server.sh start' and export {PG_ENV}=$(cat .pgtest/url), "
            "or use 'make test', which does both"
        )
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    return url


@pytest.fixture
def pg_url(pg_server_url: str) -> Iterator[str]:
    """The URL of a fresh, empty PostgreSQL database of its own, dropped after the test."""
    with scratch_database(pg_server_url, "nohaven_test") as url:
        yield url


@pytest.fixture
def sqlite_url(tmp_path: Path) -> str:
    """The URL of a new SQLite file in the test's scratch directory."""
    return f"sqlite:///{tmp_path / 'store.db'}"


@pytest.fixture(params=BACKENDS)
def db_url(request: pytest.FixtureRequest) -> str:
    """The URL of an empty database, once per backend."""
    name = "sqlite_url" if request.param == "sqlite" else "pg_url"
    url: str = request.getfixturevalue(name)
    return url


@pytest.fixture
def store(db_url: str) -> Iterator[Store]:
    """An open, migrated, empty store, once per backend."""
    with open_store(db_url) as opened:
        yield opened
