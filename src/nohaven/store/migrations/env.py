"""Alembic environment for nohaven's store, driven from code.

:func:`nohaven.store.migrate.migrate` passes an open connection in
``config.attributes["connection"]``; there is no ``alembic.ini`` and no logging set-up here.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import context

from nohaven.store.migrate import VERSION_TABLE
from nohaven.store.schema import metadata


def run_migrations_online() -> None:
    connection = context.config.attributes.get("connection")
    if not isinstance(connection, sa.Connection):
        raise RuntimeError(
            "nohaven's migrations run from code: call nohaven.store.migrate(url) "
            "or open_store(url) instead of the alembic command line"
        )
    context.configure(
        connection=connection,
        target_metadata=metadata,
        version_table=VERSION_TABLE,
        compare_type=True,
        render_as_batch=connection.dialect.name == "sqlite",
    )
    with context.begin_transaction():
        context.run_migrations()


if context.is_offline_mode():
    raise RuntimeError("offline (SQL script) migrations are not supported; run them from code")
run_migrations_online()
