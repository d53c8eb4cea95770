"""Throwaway PostgreSQL databases, for tests and benchmarks that need an empty store."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from contextlib import contextmanager

import sqlalchemy as sa

from nohaven.store.engine import resolve_url

__all__ = ["scratch_database"]


@contextmanager
def scratch_database(server_url: str, prefix: str = "nohaven_scratch") -> Iterator[str]:
    """Create an empty UTF-8 database on the server, yield its URL, then drop it."""
    server = resolve_url(server_url)
    name = f"{prefix}_{uuid.uuid4().hex[:16]}"
    admin = sa.create_engine(server, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as conn:
            conn.exec_driver_sql(f"CREATE DATABASE \"{name}\" TEMPLATE template0 ENCODING 'UTF8'")
        try:
            yield server.set(database=name).render_as_string(hide_password=False)
        finally:
            with admin.connect() as conn:
                conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    finally:
        admin.dispose()
