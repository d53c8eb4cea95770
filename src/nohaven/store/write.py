"""Idempotent, batched upserts that rewrite only what changed, with exact counts.

For each table the write (1) de-duplicates the batch by key, last one winning, (2) reads the
stored comparison columns of the batch's keys in one query per platform (``content_hash`` for
posts and accounts; an index probe that costs well under a microsecond a row when the keys are
new), then (3) inserts the new rows and (4) updates only the changed ones. Every row is counted
exactly once as new, updated or unchanged.

SQLite runs hand-written statements straight on the driver connection with ``executemany`` over
the row tuples (no per-row work in SQLAlchemy); raw JSON is bound as UTF-8 bytes and stored as
text with ``CAST(? AS TEXT)``, so it is never decoded in Python. PostgreSQL loads the batch into
a temporary stage table with ``COPY`` and inserts or updates from it in one statement each.
Inserts say ``ON CONFLICT DO NOTHING``, so a concurrent writer that got there first is not an
error. Both run inside the caller's transaction.
"""

from __future__ import annotations

import sqlite3
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from operator import itemgetter
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql

from nohaven.store import schema
from nohaven.store.rows import (
    ACCOUNT_COLUMNS,
    INTERACTION_COLUMNS,
    LINK_COLUMNS,
    POST_COLUMNS,
    REJECT_COLUMNS,
    SCORE_COLUMNS,
    Row,
    iso_utc,
)
from nohaven.store.sanitise import dump_json

__all__ = ["RowCounts", "TableSpec", "WriteCounts", "WrittenCache", "sqlite_connection", "upsert"]


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
    scores: RowCounts = RowCounts()
    links: RowCounts = RowCounts()

    def __add__(self, other: WriteCounts) -> WriteCounts:
        return WriteCounts(
            self.posts + other.posts,
            self.accounts + other.accounts,
            self.interactions + other.interactions,
            self.rejects + other.rejects,
            self.scores + other.scores,
            self.links + other.links,
        )

    def to_json(self) -> dict[str, dict[str, int]]:
        return {
            "posts": self.posts.to_json(),
            "accounts": self.accounts.to_json(),
            "interactions": self.interactions.to_json(),
            "rejects": self.rejects.to_json(),
            "scores": self.scores.to_json(),
            "links": self.links.to_json(),
        }


def _not_older(time: object, than: object, first: bool) -> bool:
    """Whether a row observed at ``time`` (ISO text) should win over one observed at ``than``."""
    return first or time is None or than is None or str(time) >= str(than)


def _getter(indexes: Sequence[int]) -> Callable[[Row], tuple[Any, ...]]:
    """A fast ``row -> tuple(row[i] for i in indexes)`` (always a tuple)."""
    if len(indexes) == 1:
        index = indexes[0]
        return lambda row: (row[index],)
    return itemgetter(*indexes)


@dataclass(frozen=True, slots=True)
class TableSpec:
    """How to upsert one table.

    Rows are tuples in ``columns`` order. ``key`` is the primary key; its first ``group``
    columns are fixed per lookup query and the next one is matched with ``IN``. ``compare``
    columns decide whether a stored row changed; ``keep`` columns are never overwritten by an
    update (``first_seen``); ``json_bytes`` columns hold JSON as UTF-8 bytes. When ``newer``
    names a time column (``observed``), a changed row replaces the stored one only if it is
    not older, and within a batch the newest row of a key wins, so the table ends the same
    whatever order the rows come in.
    """

    table: sa.Table
    columns: tuple[str, ...]
    key: tuple[str, ...]
    group: int
    compare: tuple[str, ...]
    keep: tuple[str, ...] = ()
    json_bytes: tuple[str, ...] = ()
    newer: str | None = None
    key_of: Callable[[Row], tuple[Any, ...]] = field(init=False, repr=False, compare=False)
    compared: Callable[[Row], tuple[Any, ...]] = field(init=False, repr=False, compare=False)
    sqlite_select: str = field(init=False, repr=False, compare=False)
    sqlite_insert: str = field(init=False, repr=False, compare=False)
    sqlite_update: str = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        names = set(self.table.c.keys())
        unknown = {*self.columns, *self.key, *self.compare, *self.keep, *self.json_bytes} - names
        if unknown or set(self.columns) != names:
            raise ValueError(f"{self.table.name}: columns do not match the table ({unknown})")
        if self.columns[-1] in self.keep:
            # sqlite3 counts parameters up to the highest number an UPDATE uses.
            raise ValueError(f"{self.table.name}: the last column must be one an update writes")
        position = {name: index for index, name in enumerate(self.columns)}
        table = self.table.name
        # Numbered parameters (?N, 1-based) let every statement bind the same row tuple.
        params = [
            f"CAST(?{i + 1} AS TEXT)" if name in self.json_bytes else f"?{i + 1}"
            for i, name in enumerate(self.columns)
        ]
        fixed = " AND ".join(f"{name} = ?" for name in self.key[: self.group])
        member = self.key[self.group]
        settable = [n for n in self.columns if n not in self.key and n not in self.keep]
        sets = ", ".join(f"{name} = {params[position[name]]}" for name in settable)
        where = " AND ".join(f"{name} = ?{position[name] + 1}" for name in self.key)
        # Identifiers come from the schema metadata, never from data; values are all bound.
        values = {
            "key_of": _getter([position[name] for name in self.key]),
            "compared": _getter([position[name] for name in self.compared_columns]),
            "sqlite_select": (
                f"SELECT {', '.join((*self.key, *self.compared_columns))} FROM {table} "  # noqa: S608
                f"WHERE {fixed} AND {member} IN (SELECT value FROM json_each(?))"
            ),
            "sqlite_insert": (
                f"INSERT INTO {table} ({', '.join(self.columns)}) "  # noqa: S608
                f"VALUES ({', '.join(params)}) "
                "ON CONFLICT DO NOTHING"
            ),
            "sqlite_update": f"UPDATE {table} SET {sets} WHERE {where}",  # noqa: S608
        }
        for name, value in values.items():
            object.__setattr__(self, name, value)

    @property
    def compared_columns(self) -> tuple[str, ...]:
        """The columns read back to decide an update: ``compare``, then ``newer``."""
        return (*self.compare, self.newer) if self.newer else self.compare

    def replaces(self, stored: tuple[Any, ...], incoming: tuple[Any, ...]) -> bool:
        """Whether a row with compared values ``incoming`` overwrites ``stored``."""
        if self.newer is None:
            return stored != incoming
        if stored[:-1] == incoming[:-1]:
            return False
        before, after = stored[-1], incoming[-1]
        return before is None or after is None or after >= before

    def latest(self, rows: Iterable[Row]) -> dict[tuple[Any, ...], Row]:
        """The rows by key; later rows win, or the newest when ``newer`` is set."""
        key_of = self.key_of
        if self.newer is None:
            return {key_of(row): row for row in rows}
        index = self.columns.index(self.newer)
        batch: dict[tuple[Any, ...], Row] = {}
        for row in rows:
            key = key_of(row)
            kept = batch.get(key)
            if _not_older(row[index], None if kept is None else kept[index], kept is None):
                batch[key] = row
        return batch


POSTS = TableSpec(
    schema.posts, POST_COLUMNS, ("platform", "id"), 1, ("content_hash",), ("first_seen",), ("raw",)
)
ACCOUNTS = TableSpec(
    schema.accounts,
    ACCOUNT_COLUMNS,
    ("platform", "id"),
    1,
    ("content_hash",),
    ("first_seen",),
    ("raw",),
    newer="observed",
)
INTERACTIONS = TableSpec(
    schema.interactions,
    INTERACTION_COLUMNS,
    ("platform", "post_id", "kind", "target_account"),
    1,
    ("source_account", "time"),
)
REJECTS = TableSpec(schema.rejects, REJECT_COLUMNS, ("source", "line"), 1, ("reason", "excerpt"))
# Looked up by platform and post (the primary key's prefix). A look-up that also fixed the model
# and version let PostgreSQL, before it had statistics, scan the (model, version, score) index
# and test each stored row against the batch's ids: 20 s for one batch of 10,000 against
# 100,000 stored scores in a benchmark, against 0.1 s this way. Rows of other versions of the
# same posts are read and ignored.
SCORES = TableSpec(
    schema.post_scores,
    SCORE_COLUMNS,
    ("platform", "post_id", "model", "model_version"),
    1,
    ("content_hash",),
)

LINKS = TableSpec(
    schema.post_links, LINK_COLUMNS, ("platform", "post_id", "target"), 1, ("content_hash",)
)


class WrittenCache:
    """The comparison values one store holds for keys this process wrote or read (SQLite only).

    An ingest re-sends the author of every post in every batch; most are unchanged after the
    first, and looking each one up again costs more than building its row. The cache lets
    :func:`upsert` skip those look-ups, and stays exact with other writers about: SQLite's
    ``PRAGMA data_version`` changes on a connection when any *other* connection commits, so
    :meth:`begin` (called inside the write transaction, which holds the write lock) forgets
    everything unless the same connection's version is the one seen at the last write. After a
    write that did not commit, call :meth:`clear`. At most ``limit`` keys per table are kept;
    past that the table's entries are dropped and refilled.
    """

    def __init__(self, limit: int = 200_000) -> None:
        self.limit = limit
        self._tables: dict[str, dict[tuple[Any, ...], tuple[Any, ...]]] = {}
        self._connection: sqlite3.Connection | None = None
        self._version: int | None = None

    def begin(self, raw: sqlite3.Connection) -> None:
        """Validate the cache for a write transaction open on ``raw``."""
        version = int(raw.execute("PRAGMA data_version").fetchone()[0])
        if raw is not self._connection or version != self._version:
            self._tables.clear()
        self._connection, self._version = raw, version

    def table(self, spec: TableSpec) -> dict[tuple[Any, ...], tuple[Any, ...]]:
        """The entries of ``spec``'s table (a live dict that :func:`upsert` fills)."""
        entries = self._tables.setdefault(spec.table.name, {})
        if len(entries) > self.limit:
            entries.clear()
        return entries

    def clear(self) -> None:
        """Forget everything (after a rolled-back write)."""
        self._tables.clear()
        self._connection = self._version = None

    def __len__(self) -> int:
        return sum(len(entries) for entries in self._tables.values())


def _groups(spec: TableSpec, keys: Iterable[tuple[Any, ...]]) -> dict[tuple[Any, ...], list[Any]]:
    groups: dict[tuple[Any, ...], list[Any]] = defaultdict(list)
    for key in keys:
        groups[key[: spec.group]].append(key[spec.group])
    return groups


def _sqlite_existing(
    raw: sqlite3.Connection, spec: TableSpec, keys: Iterable[tuple[Any, ...]]
) -> dict[tuple[Any, ...], tuple[Any, ...]]:
    """The stored comparison values of those ``keys`` that exist."""
    width = len(spec.key)
    found: dict[tuple[Any, ...], tuple[Any, ...]] = {}
    for group, members in _groups(spec, keys).items():
        cursor = raw.execute(spec.sqlite_select, (*group, dump_json(members)))
        for row in cursor.fetchall():
            found[row[:width]] = row[width:]
    return found


def _pg_existing(
    conn: sa.Connection, spec: TableSpec, keys: Iterable[tuple[Any, ...]]
) -> dict[tuple[Any, ...], tuple[Any, ...]]:
    """The stored comparison values of those ``keys`` that exist, as driver-ready values."""
    table = spec.table
    group_cols = [table.c[name] for name in spec.key[: spec.group]]
    in_col = table.c[spec.key[spec.group]]
    # Coerced to text so SQLAlchemy does not parse what is only compared (the driver's
    # datetimes are formatted below).
    selected = [
        sa.type_coerce(table.c[name], sa.Text) for name in (*spec.key, *spec.compared_columns)
    ]
    width = len(spec.key)
    found: dict[tuple[Any, ...], tuple[Any, ...]] = {}
    for group, members in _groups(spec, keys).items():
        fixed = [col == value for col, value in zip(group_cols, group, strict=True)]
        array = sa.bindparam("members", members, type_=postgresql.ARRAY(in_col.type))
        query = sa.select(*selected).where(*fixed, in_col == sa.any_(array))
        for row in conn.execute(query).all():
            found[tuple(row[:width])] = tuple(
                iso_utc(v) if isinstance(v, datetime) else v for v in row[width:]
            )
    return found


def _pg_rows(spec: TableSpec, rows: list[Row]) -> Iterable[Row]:
    """``rows`` with JSON bytes decoded, as COPY wants text."""
    indexes = [spec.columns.index(name) for name in spec.json_bytes]
    if not indexes:
        return rows
    out = []
    for row in rows:
        values = list(row)
        for index in indexes:
            values[index] = values[index].decode("utf-8")
        out.append(tuple(values))
    return out


def _pg_stage(conn: sa.Connection, spec: TableSpec, rows: list[Row]) -> sa.Table:
    """Load ``rows`` into a per-session temporary copy of the table with ``COPY``.

    PostgreSQL takes a batch fastest through ``COPY``; the stage is emptied at commit.
    """
    table = spec.table
    stage = sa.Table(
        f"nohaven_stage_{table.name}",
        sa.MetaData(),
        *[sa.Column(name, table.c[name].type) for name in spec.columns],
    )
    preparer = conn.dialect.identifier_preparer
    stage_name, table_name = preparer.format_table(stage), preparer.format_table(table)
    conn.exec_driver_sql(
        f"CREATE TEMPORARY TABLE IF NOT EXISTS {stage_name} "
        f"(LIKE {table_name} INCLUDING DEFAULTS) ON COMMIT DELETE ROWS"
    )
    conn.exec_driver_sql(f"TRUNCATE {stage_name}")
    columns = ", ".join(preparer.quote(name) for name in spec.columns)
    raw = conn.connection.driver_connection
    if raw is None:  # pragma: no cover - a live connection always has one
        raise RuntimeError("no database connection")
    with raw.cursor() as cursor, cursor.copy(f"COPY {stage_name} ({columns}) FROM STDIN") as copy:
        for row in _pg_rows(spec, rows):
            copy.write_row(row)
    return stage


def _pg_insert(conn: sa.Connection, spec: TableSpec, rows: list[Row]) -> None:
    stage = _pg_stage(conn, spec, rows)
    names = list(spec.columns)
    statement = (
        postgresql.insert(spec.table)
        .from_select(names, sa.select(*[stage.c[name] for name in names]))
        .on_conflict_do_nothing(index_elements=list(spec.key))
    )
    conn.execute(statement)


def _pg_update(conn: sa.Connection, spec: TableSpec, rows: list[Row]) -> None:
    table = spec.table
    stage = _pg_stage(conn, spec, rows)
    fixed = (*spec.key, *spec.keep)
    statement = (
        table.update()
        .where(*[table.c[name] == stage.c[name] for name in spec.key])
        .values({name: stage.c[name] for name in spec.columns if name not in fixed})
    )
    conn.execute(statement)


def sqlite_connection(conn: sa.Connection) -> sqlite3.Connection:
    raw = conn.connection.driver_connection
    if not isinstance(raw, sqlite3.Connection):  # pragma: no cover - pysqlite is the only driver
        raise TypeError(f"expected a sqlite3 connection, got {type(raw).__name__}")
    return raw


def upsert(
    conn: sa.Connection,
    spec: TableSpec,
    rows: Iterable[Row],
    known: dict[tuple[Any, ...], tuple[Any, ...]] | None = None,
) -> RowCounts:
    """Insert new rows, update changed ones, leave the rest; rows later in ``rows`` win.

    Runs inside the transaction open on ``conn``. ``known`` maps keys to the comparison values
    the table is *known* to hold for them (what this process wrote and nothing has changed
    since; see :class:`WrittenCache`): those keys are not looked up. It is updated with what
    this call writes, so it is only valid once the transaction commits.
    """
    key_of, compared, replaces = spec.key_of, spec.compared, spec.replaces
    batch: dict[tuple[Any, ...], Row] = spec.latest(rows)
    if not batch:
        return RowCounts()
    sqlite = conn.dialect.name == "sqlite"
    raw = sqlite_connection(conn) if sqlite else None
    new: list[Row] = []
    changed: list[Row] = []
    unknown: dict[tuple[Any, ...], Row] = batch
    if known:
        unknown = {}
        for key, row in batch.items():
            before = known.get(key)
            if before is None:
                unknown[key] = row
            elif replaces(before, compared(row)):
                changed.append(row)
    if unknown:
        stored = (
            _pg_existing(conn, spec, unknown)
            if raw is None
            else _sqlite_existing(raw, spec, unknown)
        )
        if not stored:
            new = list(unknown.values())
        else:
            for key, row in unknown.items():
                before = stored.get(key)
                if before is None:
                    new.append(row)
                elif replaces(before, compared(row)):
                    changed.append(row)
                elif known is not None:
                    known[key] = before
    if known is not None:
        for row in new:
            known[key_of(row)] = compared(row)
        for row in changed:
            known[key_of(row)] = compared(row)
    if raw is not None:
        if new:
            raw.executemany(spec.sqlite_insert, new)
        if changed:
            raw.executemany(spec.sqlite_update, changed)
    else:
        if new:
            _pg_insert(conn, spec, new)
        if changed:
            _pg_update(conn, spec, changed)
    return RowCounts(len(new), len(changed), len(batch) - len(new) - len(changed))
