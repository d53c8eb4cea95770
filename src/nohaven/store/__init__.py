"""The store: SQLite by default, PostgreSQL for teams, schema migrated on open.

Open one with :func:`open_store`; the CLI passes :func:`default_url` (``$NOHAVEN_DB`` or
``nohaven.db`` in the working directory). :meth:`Store.write` upserts a batch (posts, accounts,
interactions, rejects, post scores) idempotently in one transaction; :meth:`Store.stats`
summarises what is stored.
"""

from nohaven.store.engine import StoreURLError, default_url, resolve_url
from nohaven.store.migrate import migrate, schema_diff
from nohaven.store.stats import ModelScores, StoreStats
from nohaven.store.store import Store, UnknownTableError, open_store
from nohaven.store.write import RowCounts, WriteCounts

__all__ = [
    "ModelScores",
    "RowCounts",
    "Store",
    "StoreStats",
    "StoreURLError",
    "UnknownTableError",
    "WriteCounts",
    "default_url",
    "migrate",
    "open_store",
    "resolve_url",
    "schema_diff",
]
