"""Migrations: the shipped scripts build exactly the schema the code describes."""

from __future__ import annotations

from pathlib import Path

import pytest
import sqlalchemy as sa
from alembic import command
from alembic.config import Config

from nohaven.store import migrate, open_store, schema_diff
from nohaven.store.engine import create_store_engine, resolve_url
from nohaven.store.migrate import (
    MIGRATIONS,
    VERSION_TABLE,
    alembic_config,
    current_revision,
    head_revision,
    migrate_connection,
    new_revision,
)
from nohaven.store.schema import metadata


def test_migrations_build_the_schema_in_the_code(db_url: str) -> None:
    migrate(db_url)
    engine = create_store_engine(resolve_url(db_url))
    try:
        with engine.connect() as conn:
            assert schema_diff(conn) == []
            assert current_revision(conn) == head_revision()
            tables = set(sa.inspect(conn).get_table_names())
    finally:
        engine.dispose()
    assert tables == {*metadata.tables, VERSION_TABLE}


def test_schema_diff_sees_a_missing_index(db_url: str) -> None:
    migrate(db_url)
    engine = create_store_engine(resolve_url(db_url))
    try:
        with engine.connect() as conn, conn.begin():
            conn.exec_driver_sql("DROP INDEX ix_posts_language")
            diff = schema_diff(conn)
    finally:
        engine.dispose()
    assert [op[0] for op in diff] == ["add_index"]


def test_migrate_is_idempotent_and_open_store_migrates(db_url: str) -> None:
    migrate(db_url)
    migrate(db_url)
    with open_store(db_url) as store:
        assert store.count("posts") == 0


def test_downgrade_to_base_and_back(db_url: str) -> None:
    migrate(db_url)
    engine = create_store_engine(resolve_url(db_url))
    try:
        with engine.connect() as conn, conn.begin():
            command.downgrade(alembic_config(conn), "base")
            assert set(sa.inspect(conn).get_table_names()) <= {VERSION_TABLE}
            migrate_connection(conn)
            assert schema_diff(conn) == []
    finally:
        engine.dispose()


def test_new_revision_writes_the_next_script(tmp_path: Path) -> None:
    head = head_revision()
    following = f"{int(head) + 1:04d}"
    path = new_revision("nothing yet", version_path=tmp_path)
    assert path.parent == tmp_path
    assert path.name == f"{following}_nothing_yet.py"
    text = path.read_text(encoding="utf-8")
    assert f'revision: str = "{following}"' in text or f"revision: str = '{following}'" in text
    assert f"down_revision: str | None = '{head}'" in text
    compile(text, str(path), "exec")


def test_migrations_refuse_the_alembic_command_line() -> None:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    with pytest.raises(RuntimeError, match="run from code"):
        command.upgrade(config, "head")
