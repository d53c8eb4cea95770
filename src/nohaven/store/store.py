"""The store: where posts, accounts, interactions, rejects and post scores are kept.

>>> with open_store("sqlite:///nohaven.db") as store:   # doctest: +SKIP
...     counts = store.write(posts, accounts, interactions, rejects, scores=scores)
...     print(store.stats().to_json())

:func:`open_store` creates the schema, or upgrades it to the newest migration, every time it
opens a database: a store is always at the schema of the installed nohaven.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime
from types import TracebackType
from typing import Any, Self, TypeVar

import sqlalchemy as sa
from sqlalchemy.engine import URL, Engine

from nohaven.ingest.base import Reject
from nohaven.model import Account, Interaction, Post, PostLink, PostScore
from nohaven.store import schema
from nohaven.store.engine import create_store_engine, display_url, resolve_url
from nohaven.store.migrate import migrate_connection
from nohaven.store.rows import (
    account_from_row,
    account_row,
    interaction_from_row,
    interaction_row,
    iso_utc,
    link_from_row,
    link_row,
    post_from_row,
    post_row,
    reject_from_row,
    reject_row,
    score_from_row,
    score_row,
)
from nohaven.store.sanitise import clean_text
from nohaven.store.stats import StoreStats, collect_stats
from nohaven.store.write import (
    ACCOUNTS,
    INTERACTIONS,
    LINKS,
    POSTS,
    REJECTS,
    SCORES,
    WriteCounts,
    WrittenCache,
    sqlite_connection,
    upsert,
)

__all__ = ["Store", "UnknownTableError", "open_store"]

T = TypeVar("T")
R = TypeVar("R")
STREAM_ROWS = 1000
#: Tables whose secondary indexes :meth:`Store.bulk` defers: the ones that grow with every post.
BULK_TABLES = (schema.posts, schema.interactions)


class UnknownTableError(KeyError):
    """A table name that is not in the store's schema."""


class Store:
    """A nohaven database (SQLite or PostgreSQL). Open one with :func:`open_store`.

    Every public method runs in its own transaction; a :meth:`write` is all or nothing. A store
    may be used from one thread at a time; open one per process or thread.
    """

    def __init__(self, engine: Engine) -> None:
        self._engine = engine
        # Accounts recur in every batch of an ingest; see WrittenCache (SQLite only).
        self._written = WrittenCache() if engine.dialect.name == "sqlite" else None

    @property
    def engine(self) -> Engine:
        """The SQLAlchemy engine, for stages that add their own tables and queries."""
        return self._engine

    @property
    def url(self) -> str:
        """The database URL with any password hidden."""
        return display_url(self._engine.url)

    @property
    def dialect(self) -> str:
        """``"sqlite"`` or ``"postgresql"``."""
        return self._engine.dialect.name

    def write(
        self,
        posts: Sequence[Post],
        accounts: Sequence[Account],
        interactions: Sequence[Interaction],
        rejects: Sequence[Reject] = (),
        *,
        scores: Sequence[PostScore] = (),
        links: Sequence[PostLink] = (),
        source: str | None = None,
    ) -> WriteCounts:
        """Upsert a batch by key in ONE transaction, and say what changed.

        Posts and accounts are keyed by ``(platform, id)``, interactions by ``(platform, post,
        kind, target)``, rejects by ``(file, line)``, scores by ``(platform, post, model, model
        version)``, links by ``(platform, post, target)``; within the batch the last record with
        a key wins. New rows are inserted, rows whose stored content differs are updated,
        identical ones are not touched, so writing the same batch twice reports nothing new or
        updated.
        ``source`` (the file the batch came from) is recorded on new and updated posts and
        accounts. A process killed midway leaves the store as it was before the call.

        A score is unchanged when its score, label and explanation are the ones stored (its
        ``scored`` time is then left as it was); otherwise it replaces the stored one of the same
        model version. A score without a ``scored`` time is stamped with the time of the write.
        Scores need not come with their posts: a later batch may score posts stored before.

        Interactions are only ever added or updated, never deleted: when a post changes so that
        it no longer mentions someone, the old mention stays (edits seldom do this; platforms
        give edited posts new ids). Pass batches of a few thousand to tens of thousands of
        posts: each call holds its batch in memory and in one transaction.
        """
        now = iso_utc(datetime.now(UTC))
        source = None if source is None else clean_text(source)
        # De-duplicate before building rows: a batch repeats its authors many times.
        account_rows = [account_row(a, source, now) for a in _last(accounts, _record_key)]
        post_rows = [post_row(p, source, now) for p in _last(posts, _record_key)]
        interaction_rows = [interaction_row(i) for i in _last(interactions, _interaction_key)]
        reject_rows = [reject_row(r, now) for r in _last(rejects, _reject_key)]
        score_rows = [score_row(s, now) for s in _last(scores, _score_key)]
        link_rows = [link_row(link) for link in _last(links, _link_key)]
        cache = self._written
        with self._engine.connect() as conn:
            conn.execution_options(nohaven_write=True)
            try:
                with conn.begin():
                    known = None
                    if cache is not None:
                        cache.begin(sqlite_connection(conn))
                        known = cache.table(ACCOUNTS)
                    account_counts = upsert(conn, ACCOUNTS, account_rows, known)
                    post_counts = upsert(conn, POSTS, post_rows)
                    interaction_counts = upsert(conn, INTERACTIONS, interaction_rows)
                    reject_counts = upsert(conn, REJECTS, reject_rows)
                    score_counts = upsert(conn, SCORES, score_rows)
                    link_counts = upsert(conn, LINKS, link_rows)
            except BaseException:
                if cache is not None:
                    cache.clear()
                raise
        return WriteCounts(
            post_counts,
            account_counts,
            interaction_counts,
            reject_counts,
            score_counts,
            link_counts,
        )

    @contextmanager
    def bulk(self) -> Iterator[bool]:
        """Defer secondary-index upkeep while a large ingest fills an empty store (SQLite).

        When the store holds no posts and no interactions yet, the secondary indexes of those
        tables (author, time, language, interaction ends) are dropped on entry and rebuilt on
        exit, one sorted pass each: far cheaper than keeping them current insert by insert,
        which at a million posts costs more than the inserts themselves, mostly in pages
        rewritten at every commit. Yields whether it did so; on a store that already holds
        posts, and on PostgreSQL, it does nothing and yields False.

        Writes inside behave as usual (each :meth:`write` is its own transaction, counts are
        exact), but queries that would use those indexes are slow until the block ends. The
        indexes are rebuilt when the block ends for any reason; a process killed inside leaves
        them missing, and the next :func:`open_store` on the database rebuilds them.
        """
        deferred = self.dialect == "sqlite" and self._drop_bulk_indexes()
        try:
            yield deferred
        finally:
            if deferred:
                with self._engine.connect() as conn:
                    conn.execution_options(nohaven_write=True)
                    with conn.begin():
                        ensure_indexes(conn)

    def _drop_bulk_indexes(self) -> bool:
        with self._engine.connect() as conn:
            conn.execution_options(nohaven_write=True)
            with conn.begin():
                for table in BULK_TABLES:
                    if conn.execute(sa.select(sa.literal(1)).select_from(table).limit(1)).first():
                        return False
                for table in BULK_TABLES:
                    for index in table.indexes:
                        conn.execute(sa.schema.DropIndex(index, if_exists=True))
        return True

    def stats(self) -> StoreStats:
        """Totals and breakdowns of what the store holds."""
        with self._engine.connect() as conn, conn.begin():
            return collect_stats(conn)

    def count(self, table: str) -> int:
        """The number of rows in ``table`` (any table of the schema)."""
        try:
            target = schema.metadata.tables[table]
        except KeyError:
            known = ", ".join(sorted(schema.metadata.tables))
            raise UnknownTableError(f"no table {table!r} in the store; known: {known}") from None
        with self._engine.connect() as conn:
            return int(conn.execute(sa.select(sa.func.count()).select_from(target)).scalar_one())

    def get_post(self, platform: str, id: str) -> Post | None:
        """The stored post ``(platform, id)``, or None."""
        table = schema.posts
        query = sa.select(table).where(table.c.platform == platform, table.c.id == id)
        return self._one(query, post_from_row)

    def get_account(self, platform: str, id: str) -> Account | None:
        """The stored account ``(platform, id)``, or None."""
        table = schema.accounts
        query = sa.select(table).where(table.c.platform == platform, table.c.id == id)
        return self._one(query, account_from_row)

    def iter_posts(self, platform: str | None = None) -> Iterator[Post]:
        """Stream stored posts (all, or of one platform) in ``(platform, id)`` order."""
        table = schema.posts
        query = sa.select(table).order_by(table.c.platform, table.c.id)
        if platform is not None:
            query = query.where(table.c.platform == platform)
        return self._stream(query, post_from_row)

    def iter_accounts(self, platform: str | None = None) -> Iterator[Account]:
        """Stream stored accounts (all, or of one platform) in ``(platform, id)`` order."""
        table = schema.accounts
        query = sa.select(table).order_by(table.c.platform, table.c.id)
        if platform is not None:
            query = query.where(table.c.platform == platform)
        return self._stream(query, account_from_row)

    def iter_interactions(self, platform: str | None = None) -> Iterator[Interaction]:
        """Stream stored interactions in key order."""
        table = schema.interactions
        query = sa.select(table).order_by(*table.primary_key.columns)
        if platform is not None:
            query = query.where(table.c.platform == platform)
        return self._stream(query, interaction_from_row)

    def iter_rejects(self, source: str | None = None) -> Iterator[Reject]:
        """Stream stored rejects (all, or of one file) by file and line."""
        table = schema.rejects
        query = sa.select(table).order_by(table.c.source, table.c.line)
        if source is not None:
            query = query.where(table.c.source == source)
        return self._stream(query, reject_from_row)

    def iter_scores(
        self, model: str | None = None, *, model_version: str | None = None
    ) -> Iterator[PostScore]:
        """Stream stored post scores (all, or of one model, or of one version of it) in key
        order: ``(platform, post, model, model version)``."""
        table = schema.post_scores
        query = sa.select(table).order_by(*table.primary_key.columns)
        if model is not None:
            query = query.where(table.c.model == model)
        if model_version is not None:
            query = query.where(table.c.model_version == model_version)
        return self._stream(query, score_from_row)

    def iter_links(self, platform: str | None = None) -> Iterator[PostLink]:
        """Stream stored post links (all, or of one platform) by time, then key."""
        table = schema.post_links
        query = sa.select(table).order_by(table.c.created, *table.primary_key.columns)
        if platform is not None:
            query = query.where(table.c.platform == platform)
        return self._stream(query, link_from_row)

    def close(self) -> None:
        """Release the store's connections."""
        self._engine.dispose()

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"Store({self.url!r})"

    def _one(self, query: sa.Select[Any], build: Callable[[Any], T]) -> T | None:
        with self._engine.connect() as conn:
            row = conn.execute(query).mappings().first()
        return None if row is None else build(row)

    def _stream(self, query: sa.Select[Any], build: Callable[[Any], T]) -> Iterator[T]:
        with self._engine.connect() as conn, conn.begin():
            result = conn.execution_options(yield_per=STREAM_ROWS).execute(query)
            for row in result.mappings():
                yield build(row)


def _record_key(record: Post | Account) -> tuple[str, str]:
    return record.platform, record.id


def _interaction_key(item: Interaction) -> tuple[str, str, str, str]:
    return item.platform, item.post_id, item.kind, item.target_account


def _reject_key(reject: Reject) -> tuple[str, int]:
    return reject.source, reject.line


def _score_key(score: PostScore) -> tuple[str, str, str, str]:
    return score.platform, score.post_id, score.model, score.model_version


def _link_key(link: PostLink) -> tuple[str, str, str]:
    return link.platform, link.post_id, link.target


def _last(records: Iterable[R], key: Callable[[R], Hashable]) -> Iterable[R]:
    """``records`` with one per key, the last one seen (in first-seen order)."""
    latest: dict[Hashable, R] = {}
    for record in records:
        latest[key(record)] = record
    return latest.values()


def ensure_indexes(conn: sa.Connection) -> None:
    """Create any index of the schema that the database lacks (one :meth:`Store.bulk` left)."""
    for table in schema.metadata.sorted_tables:
        for index in table.indexes:
            conn.execute(sa.schema.CreateIndex(index, if_not_exists=True))


def open_store(url: str | URL) -> Store:
    """Open the store at ``url``, creating or upgrading its schema to the newest migration.

    ``url`` is a ``sqlite:///PATH`` URL, a bare path (a SQLite file), or a PostgreSQL URL
    (``postgresql+psycopg://USER@HOST:PORT/DB``; ``postgresql://`` means the same). The
    environment is not read here: the CLI passes :func:`~nohaven.store.default_url`.
    """
    resolved = url if isinstance(url, URL) else resolve_url(url)
    engine = create_store_engine(resolved)
    try:
        with engine.connect() as conn:
            conn.execution_options(nohaven_write=True)
            with conn.begin():
                migrate_connection(conn)
                if engine.dialect.name == "sqlite":
                    ensure_indexes(conn)
    except BaseException:
        engine.dispose()
        raise
    return Store(engine)
