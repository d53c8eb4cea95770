"""Schema migrations with Alembic, run from code (no ``alembic.ini`` needed).

The migration scripts ship inside the package (``nohaven/store/migrations``). :func:`migrate`
brings a database to the newest revision; :func:`nohaven.store.open_store` calls it on every
open. Alembic's version is kept in the ``nohaven_alembic_version`` table, so a PostgreSQL
database shared with another Alembic-managed application does not clash.

To add a migration after changing :mod:`nohaven.store.schema`::

    python -m nohaven.store.migrate "add labels table"

writes ``versions/NNNN_add_labels_table.py`` from the difference between the schema and a
scratch database at the current head; review it before committing.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.config import Config
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory

from nohaven.store.engine import create_store_engine, resolve_url
from nohaven.store.schema import metadata

__all__ = [
    "MIGRATIONS",
    "VERSION_TABLE",
    "alembic_config",
    "current_revision",
    "head_revision",
    "migrate",
    "migrate_connection",
    "new_revision",
    "schema_diff",
]

MIGRATIONS = Path(__file__).resolve().parent / "migrations"
VERSION_TABLE = "nohaven_alembic_version"
# Any constant: serialises concurrent migrations of one PostgreSQL database.
_PG_LOCK_KEY = 0x6E6F686176656E


def alembic_config(connection: sa.Connection | None = None) -> Config:
    """An Alembic configuration pointing at the packaged migrations."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.set_main_option("version_table", VERSION_TABLE)
    config.set_main_option("file_template", "%%(rev)s_%%(slug)s")
    config.set_main_option("path_separator", "os")
    if connection is not None:
        config.attributes["connection"] = connection
    return config


def head_revision() -> str:
    """The newest revision shipped with this version of nohaven."""
    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    if head is None:  # pragma: no cover - the package always ships 0001
        raise RuntimeError(f"no migrations found in {MIGRATIONS}")
    return head


def current_revision(connection: sa.Connection) -> str | None:
    """The revision a database is at, or None for an empty one."""
    context = MigrationContext.configure(connection, opts={"version_table": VERSION_TABLE})
    return context.get_current_revision()


def migrate_connection(connection: sa.Connection, revision: str = "head") -> None:
    """Upgrade the database behind ``connection`` (inside its open transaction)."""
    if connection.dialect.name == "postgresql":
        connection.execute(sa.select(sa.func.pg_advisory_xact_lock(_PG_LOCK_KEY)))
    if revision == "head" and current_revision(connection) == head_revision():
        return
    command.upgrade(alembic_config(connection), revision)


def migrate(url: str, revision: str = "head") -> None:
    """Create or upgrade the schema of the database at ``url`` to ``revision`` (default: newest)."""
    engine = create_store_engine(resolve_url(url))
    try:
        with engine.connect() as connection:
            connection.execution_options(nohaven_write=True)
            with connection.begin():
                migrate_connection(connection, revision)
    finally:
        engine.dispose()


def schema_diff(connection: sa.Connection) -> list[Any]:
    """Differences between the database and :data:`~nohaven.store.schema.metadata` (Alembic's
    autogenerate operations); empty when the migrations and the schema agree."""
    context = MigrationContext.configure(
        connection, opts={"version_table": VERSION_TABLE, "compare_type": True}
    )
    return list(compare_metadata(context, metadata))


def new_revision(message: str, version_path: Path | None = None) -> Path:
    """Autogenerate the next migration from the schema; returns the new script's path.

    The script goes to the packaged ``versions`` folder, or to ``version_path`` (for tests).
    """
    script = ScriptDirectory.from_config(alembic_config())
    number = sum(1 for _ in script.walk_revisions()) + 1
    with tempfile.TemporaryDirectory() as scratch:
        engine = create_store_engine(resolve_url(str(Path(scratch) / "scratch.db")))
        try:
            with engine.connect() as connection, connection.begin():
                migrate_connection(connection)
                config = alembic_config(connection)
                if version_path is not None:
                    locations = os.pathsep.join([str(MIGRATIONS / "versions"), str(version_path)])
                    config.set_main_option("version_locations", locations)
                result = command.revision(
                    config,
                    message,
                    autogenerate=True,
                    rev_id=f"{number:04d}",
                    version_path=None if version_path is None else str(version_path),
                )
        finally:
            engine.dispose()
    scripts = result if isinstance(result, list) else [result]
    if not scripts or scripts[0] is None:  # pragma: no cover - alembic always returns one
        raise RuntimeError("alembic did not write a revision")
    return Path(scripts[0].path)


def main(argv: list[str]) -> int:
    """``python -m nohaven.store.migrate MESSAGE``: write the next migration script."""
    if len(argv) != 1 or not argv[0].strip():
        print("usage: python -m nohaven.store.migrate 'what the migration does'", file=sys.stderr)
        return 2
    print(new_revision(argv[0]))
    return 0


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main(sys.argv[1:]))
