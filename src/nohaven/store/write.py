"""Idempotent, batched upserts that rewrite only what changed.

For each table the write (1) de-duplicates the batch by key, last one winning, (2) reads the
stored comparison columns of the batch's keys in one query per platform (``content_hash`` for
posts and accounts), then (3) inserts the new rows and (4) updates only the changed ones.

Statements are SQLAlchemy Core constructs compiled for the connection's dialect; the rows are
already in driver form (see :mod:`nohaven.store.rows`), so no per-value processing happens in
Python beyond building them. SQLite runs them with the driver's ``executemany``; PostgreSQL
loads the batch into a temporary stage table with ``COPY`` and inserts or updates from it in
one statement each. Inserts say ``ON CONFLICT DO NOTHING``, so a concurrent writer that got
there first is not an error.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime
from operator import itemgetter
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite

from nohaven.store import schema
from nohaven.store.rows import Row, iso_utc
from nohaven.store.sanitise import dump_json

__all__ = ["RowCounts", "TableSpec", "WriteCounts", "upsert"]


@dataclass(frozen=True, slots=True)
class RowCounts:
    """What a write did to one table's rows."""

    new: int = 0
    updated: int = 0
    unchanged: int = 0

    @property
    def total(self) -> int:
        return self.new + self.updated + self.unchanged

    def __add__(self, other: RowCounts) -> RowCounts:
        return RowCounts(
            self.new + other.new, self.updated + other.updated, self.unchanged + other.unchanged
        )

    def to_json(self) -> dict[str, int]:
        return {"new": self.new, "updated": self.updated, "unchanged": self.unchanged}


@dataclass(frozen=True, slots=True)
class WriteCounts:
    """What one :meth:`Store.write <nohaven.store.Store.write>` did, per table.

    Counts are of distinct records after de-duplicating the batch. They add up (``a + b``) so a
    run can total its batches.
    """

    posts: RowCounts = RowCounts()
    accounts: RowCounts = RowCounts()
    interactions: RowCounts = RowCounts()
    rejects: RowCounts = RowCounts()

    def __add__(self, other: WriteCounts) -> WriteCounts:
        return WriteCounts(
            self.posts + other.posts,
            self.accounts + other.accounts,
            self.interactions + other.interactions,
            self.rejects + other.rejects,
        )

    def to_json(self) -> dict[str, dict[str, int]]:
        return {
            "posts": self.posts.to_json(),
            "accounts": self.accounts.to_json(),
            "interactions": self.interactions.to_json(),
            "rejects": self.rejects.to_json(),
        }


@dataclass(frozen=True, slots=True)
class TableSpec:
    """How to upsert one table.

    ``key`` is the primary key; its first ``group`` columns are fixed per lookup query and the
    next one is matched with ``IN``. ``compare`` columns decide whether a stored row changed;
    ``keep`` columns are never overwritten by an update (``first_seen``).
    """

    table: sa.Table
    key: tuple[str, ...]
    group: int
    compare: tuple[str, ...]
    keep: tuple[str, ...] = ()


POSTS = TableSpec(schema.posts, ("platform", "id"), 1, ("content_hash",), ("first_seen",))
ACCOUNTS = TableSpec(schema.accounts, ("platform", "id"), 1, ("content_hash",), ("first_seen",))
INTERACTIONS = TableSpec(
    schema.interactions,
    ("platform", "post_id", "kind", "target_account"),
    1,
    ("source_account", "time"),
)
REJECTS = TableSpec(schema.rejects, ("source", "line"), 1, ("reason", "excerpt"))


def _member_of(conn: sa.Connection, column: sa.Column[Any], members: list[Any]) -> Any:
    """``column IN members`` with ONE bound parameter, however many members there are."""
    if conn.dialect.name == "postgresql":
        array = sa.bindparam("members", members, type_=postgresql.ARRAY(column.type))
        return column == sa.any_(array)
    values = sa.func.json_each(sa.bindparam("members", dump_json(members), type_=sa.Text))
    table = values.table_valued("value")
    return column.in_(sa.select(table.c.value))


def _existing(
    conn: sa.Connection, spec: TableSpec, keys: Iterable[tuple[Any, ...]]
) -> dict[tuple[Any, ...], tuple[Any, ...]]:
    """The stored comparison values of those ``keys`` that exist, as driver-ready values."""
    table = spec.table
    groups: dict[tuple[Any, ...], list[Any]] = defaultdict(list)
    for key in keys:
        groups[key[: spec.group]].append(key[spec.group])
    group_cols = [table.c[name] for name in spec.key[: spec.group]]
    in_col = table.c[spec.key[spec.group]]
    # Coerced to text so SQLAlchemy does not parse what is only compared (times stay strings
    # on SQLite; the driver's datetimes on PostgreSQL are formatted below).
    selected = [sa.type_coerce(table.c[name], sa.Text) for name in (*spec.key, *spec.compare)]
    width = len(spec.key)
    found: dict[tuple[Any, ...], tuple[Any, ...]] = {}
    for group, members in groups.items():
        fixed = [col == value for col, value in zip(group_cols, group, strict=True)]
        query = sa.select(*selected).where(*fixed, _member_of(conn, in_col, members))
        for row in conn.execute(query).all():
            found[tuple(row[:width])] = tuple(
                iso_utc(v) if isinstance(v, datetime) else v for v in row[width:]
            )
    return found


def _sqlite_executemany(
    conn: sa.Connection,
    statement: sa.Insert | sa.Update,
    rows: list[Row],
    keys: list[str] | None = None,
) -> None:
    """Run ``statement`` once per row with the driver's ``executemany``."""
    compiled = statement.compile(dialect=conn.dialect, column_keys=keys)
    names = list(compiled.positiontup or ())
    if compiled.positional and names:
        getter = itemgetter(*names)
        params: list[Any] = (
            [getter(row) for row in rows] if len(names) > 1 else [(row[names[0]],) for row in rows]
        )
    else:  # pragma: no cover - pysqlite is positional
        params = rows
    conn.exec_driver_sql(compiled.string, params)


def _pg_stage(conn: sa.Connection, spec: TableSpec, rows: list[Row]) -> sa.Table:
    """Load ``rows`` into a per-session temporary copy of the table with ``COPY``.

    PostgreSQL takes a batch fastest through ``COPY``; the stage is emptied at commit.
    """
    table = spec.table
    names = list(rows[0])
    stage = sa.Table(
        f"nohaven_stage_{table.name}",
        sa.MetaData(),
        *[sa.Column(name, table.c[name].type) for name in names],
    )
    preparer = conn.dialect.identifier_preparer
    stage_name, table_name = preparer.format_table(stage), preparer.format_table(table)
    conn.exec_driver_sql(
        f"CREATE TEMPORARY TABLE IF NOT EXISTS {stage_name} "
        f"(LIKE {table_name} INCLUDING DEFAULTS) ON COMMIT DELETE ROWS"
    )
    conn.exec_driver_sql(f"TRUNCATE {stage_name}")
    columns = ", ".join(preparer.quote(name) for name in names)
    getter = itemgetter(*names)
    raw = conn.connection.driver_connection
    if raw is None:  # pragma: no cover - a live connection always has one
        raise RuntimeError("no database connection")
    with raw.cursor() as cursor, cursor.copy(f"COPY {stage_name} ({columns}) FROM STDIN") as copy:
        for row in rows:
            copy.write_row(getter(row))
    return stage


def _insert_rows(conn: sa.Connection, spec: TableSpec, rows: list[Row]) -> None:
    names = list(rows[0])
    if conn.dialect.name == "postgresql":
        stage = _pg_stage(conn, spec, rows)
        statement = (
            postgresql.insert(spec.table)
            .from_select(names, sa.select(*[stage.c[name] for name in names]))
            .on_conflict_do_nothing(index_elements=list(spec.key))
        )
        conn.execute(statement)
        return
    insert = sqlite.insert(spec.table).on_conflict_do_nothing(index_elements=list(spec.key))
    _sqlite_executemany(conn, insert, rows, names)


def _update_rows(conn: sa.Connection, spec: TableSpec, rows: list[Row]) -> None:
    table = spec.table
    fixed = (*spec.key, *spec.keep)
    columns = [name for name in rows[0] if name not in fixed]
    if conn.dialect.name == "postgresql":
        stage = _pg_stage(conn, spec, rows)
        statement = (
            table.update()
            .where(*[table.c[name] == stage.c[name] for name in spec.key])
            .values({name: stage.c[name] for name in columns})
        )
        conn.execute(statement)
        return
    statement = (
        table.update()
        .where(*[table.c[name] == sa.bindparam(f"k_{name}") for name in spec.key])
        .values({name: sa.bindparam(f"v_{name}") for name in columns})
    )
    params = [
        {
            **{f"k_{name}": row[name] for name in spec.key},
            **{f"v_{name}": row[name] for name in columns},
        }
        for row in rows
    ]
    _sqlite_executemany(conn, statement, params)


def _getter(names: tuple[str, ...]) -> Callable[[Row], tuple[Any, ...]]:
    """A fast ``row -> tuple(row[n] for n in names)``."""
    if len(names) == 1:
        name = names[0]
        return lambda row: (row[name],)
    return itemgetter(*names)


def upsert(conn: sa.Connection, spec: TableSpec, rows: Iterable[Row]) -> RowCounts:
    """Insert new rows, update changed ones, leave the rest; rows later in ``rows`` win."""
    key_of, compared = _getter(spec.key), _getter(spec.compare)
    batch: dict[tuple[Any, ...], Row] = {key_of(row): row for row in rows}
    if not batch:
        return RowCounts()
    stored = _existing(conn, spec, batch)
    new: list[Row] = []
    changed: list[Row] = []
    for key, row in batch.items():
        before = stored.get(key)
        if before is None:
            new.append(row)
        elif before != compared(row):
            changed.append(row)
    if new:
        _insert_rows(conn, spec, new)
    if changed:
        _update_rows(conn, spec, changed)
    return RowCounts(len(new), len(changed), len(batch) - len(new) - len(changed))
