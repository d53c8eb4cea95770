"""Database URLs and engines: SQLite (the default) and PostgreSQL (for teams).

Nothing here reads the environment on its own: the CLI builds the URL at the edge with
:func:`default_url` and passes it down.
"""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import URL, Engine, make_url

from nohaven.store.sanitise import dump_json, load_json

__all__ = [
    "DB_ENV",
    "DEFAULT_FILE",
    "StoreURLError",
    "create_store_engine",
    "default_url",
    "display_url",
    "resolve_url",
]

DB_ENV = "NOHAVEN_DB"
DEFAULT_FILE = "nohaven.db"
BUSY_TIMEOUT_MS = 30_000
# Posts keep their raw record (~2 KB for a tweet): 16 KiB pages hold several rows each, where
# SQLite's default 4 KiB pages hold one and waste the rest, and cost less to write per row.
PAGE_SIZE = 16_384
# Checkpoint the WAL into the database every 4,000 pages (64 MiB) instead of 1,000: a batch of a
# few thousand posts writes tens of MiB, and a larger WAL rewrites its hot pages less often.
WAL_AUTOCHECKPOINT_PAGES = 4_000


class StoreURLError(ValueError):
    """A database URL nohaven cannot use; the message says what to pass instead."""


def default_url(env: Mapping[str, str], cwd: Path) -> str:
    """The store URL to use when none is given: ``$NOHAVEN_DB``, else ``nohaven.db`` in ``cwd``."""
    configured = env.get(DB_ENV, "").strip()
    if configured:
        return configured
    return f"sqlite:///{cwd / DEFAULT_FILE}"


def resolve_url(url: str) -> URL:
    """Parse a store URL; a bare path means a SQLite file, ``postgresql://`` means psycopg 3."""
    text = url.strip()
    if not text:
        raise StoreURLError("empty database URL: pass a path or a sqlite:/// or postgresql:// URL")
    if "://" not in text:
        return make_url(f"sqlite:///{Path(text).expanduser()}")
    try:
        parsed = make_url(text)
    except sa.exc.ArgumentError as err:
        raise StoreURLError(f"cannot parse database URL {text!r}: {err}") from err
    backend = parsed.get_backend_name()
    if backend in {"postgresql", "postgres"}:
        return parsed.set(drivername="postgresql+psycopg")
    if backend == "sqlite":
        driver = parsed.get_driver_name()
        if driver not in {"pysqlite", ""}:
            raise StoreURLError(f"unsupported SQLite driver {driver!r}: use sqlite:///PATH")
        return parsed
    raise StoreURLError(
        f"unsupported database {backend!r} in {parsed.render_as_string(hide_password=True)!r}: "
        "use sqlite:///PATH or postgresql+psycopg://USER@HOST:PORT/DB"
    )


def display_url(url: URL) -> str:
    """The URL as shown to users: the password hidden."""
    return url.render_as_string(hide_password=True)


def _sqlite_file(url: URL) -> Path | None:
    database = url.database
    if not database or database == ":memory:" or database.startswith("file:"):
        return None
    return Path(database)


def _on_sqlite_connect(dbapi_connection: Any, _record: Any) -> None:
    # Let SQLAlchemy's "begin" hook emit BEGIN itself, so reads and writes of one call share a
    # transaction (pysqlite would otherwise start it lazily, only at the first write).
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    try:
        cursor.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        # Only takes effect on a new, empty database (before WAL mode is set).
        cursor.execute(f"PRAGMA page_size = {PAGE_SIZE}")
        _use_wal(cursor)
        cursor.execute("PRAGMA synchronous = NORMAL")
        # Sorts and temporary indexes beyond the page cache spill to temporary files, not to
        # memory: rebuilding the indexes after a bulk ingest sorts every row, and with MEMORY
        # the peak grew with the input (2M posts: 340 MB, against 256 MB with FILE).
        cursor.execute("PRAGMA temp_store = FILE")
        cursor.execute("PRAGMA cache_size = -65536")
        cursor.execute(f"PRAGMA wal_autocheckpoint = {WAL_AUTOCHECKPOINT_PAGES}")
    finally:
        cursor.close()


def _use_wal(cursor: sqlite3.Cursor) -> None:
    """Put the database in WAL mode (kept in the file), waiting out other connections.

    Switching the journal mode needs the database to itself, and SQLite answers "database is
    locked" at once instead of calling its busy handler: several processes or threads opening a
    new store together would fail. The mode is read first (a database already in WAL mode needs
    nothing), and a locked switch is tried again with a growing pause, up to the busy timeout.
    """
    deadline = time.monotonic() + BUSY_TIMEOUT_MS / 1000
    pause = 0.005
    while True:
        try:
            mode = cursor.execute("PRAGMA journal_mode").fetchone()
            if mode is not None and str(mode[0]).lower() == "wal":
                return
            cursor.execute("PRAGMA journal_mode = WAL")
            return
        except sqlite3.OperationalError as err:
            if "locked" not in str(err) or time.monotonic() + pause > deadline:
                raise
            time.sleep(pause)
            pause = min(pause * 2, 0.2)


def _on_sqlite_begin(connection: sa.Connection) -> None:
    mode = "IMMEDIATE" if connection.get_execution_options().get("nohaven_write") else "DEFERRED"
    connection.exec_driver_sql(f"BEGIN {mode}")


def create_store_engine(url: URL) -> Engine:
    """An engine for ``url`` with JSON serialised by nohaven and SQLite tuned for the store.

    SQLite: WAL journal, ``synchronous=NORMAL``, a 30 s busy timeout, and real transactions
    (``BEGIN IMMEDIATE`` for writes, so concurrent writers queue instead of failing); a new
    database gets 16 KiB pages, every connection a 64 MiB page cache, in-memory temporary
    tables and a 64 MiB WAL between checkpoints. The parent directory of a SQLite file is created
    when missing.
    """
    options: dict[str, Any] = {"json_serializer": dump_json, "json_deserializer": load_json}
    if url.get_backend_name() == "sqlite":
        path = _sqlite_file(url)
        if path is not None:
            path.parent.mkdir(parents=True, exist_ok=True)
        engine = sa.create_engine(url, **options)
        sa.event.listen(engine, "connect", _on_sqlite_connect)
        sa.event.listen(engine, "begin", _on_sqlite_begin)
        return engine
    return sa.create_engine(url, pool_pre_ping=True, **options)
