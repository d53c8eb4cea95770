"""Network fixtures: a store per backend (SQLite, PostgreSQL) and a small scanned demo world.

The PostgreSQL cases follow tests/store/conftest.py: they need ``NOHAVEN_TEST_PG_URL`` (``make
test`` starts a throwaway server) and are skipped with a reason without it (failed in CI).
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest

from nohaven.config import Settings
from nohaven.demo import WorldManifest, generate_world
from nohaven.jobs import scan
from nohaven.store import Store, open_store
from nohaven.store.scratch import scratch_database

PG_ENV = "NOHAVEN_TEST_PG_URL"


@pytest.fixture(scope="session")
def pg_server_url() -> str:
    url = os.environ.get(PG_ENV, "").strip()
    if not url:
        message = f"{PG_ENV} is not set: no PostgreSQL server (run 'make test')"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    return url


@pytest.fixture(
    params=[
        pytest.param("sqlite", id="sqlite"),
        pytest.param("postgresql", id="postgresql", marks=pytest.mark.postgres),
    ]
)
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Store]:
    """An open, empty store, once per backend."""
    if request.param == "sqlite":
        with open_store(f"sqlite:///{tmp_path / 'store.db'}") as opened:
            yield opened
        return
    server: str = request.getfixturevalue("pg_server_url")
    with scratch_database(server, "nohaven_test") as url, open_store(url) as opened:
        yield opened


@dataclass(frozen=True)
class ScannedWorld:
    manifest: WorldManifest
    db_url: str


@pytest.fixture(scope="session")
def small_world(tmp_path_factory: pytest.TempPathFactory) -> ScannedWorld:
    """A small generated world (seed 3, 60 accounts, 2 months), scanned into SQLite."""
    root = tmp_path_factory.mktemp("network-world")
    manifest = generate_world(root / "world", seed=3, accounts=60, months=2, start=date(2024, 3, 1))
    settings = Settings(db_url=f"sqlite:///{root / 'nohaven.db'}", rejects_dir=root / "rejects")
    scan([root / "world" / f.path for f in manifest.files if f.kind == "posts"], settings)
    return ScannedWorld(manifest, settings.db_url)
