"""Column types that behave the same on SQLite and PostgreSQL.

* :class:`UTCDateTime` is ``timestamptz`` on PostgreSQL and fixed-width ISO-8601 text on SQLite
  (``2024-05-01 12:00:00.000000+00:00``: sorts in time order, readable by SQLite's date
  functions). Only aware datetimes are accepted; values always read back as aware UTC.
* :data:`JSON_DOC` is ``jsonb`` on PostgreSQL and JSON text on SQLite. The engine serialises
  it with :func:`~nohaven.store.sanitise.dump_json` (see :mod:`nohaven.store.engine`).
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql
from sqlalchemy.engine import Dialect

__all__ = ["JSON_DOC", "UTCDateTime"]


class UTCDateTime(sa.types.TypeDecorator[datetime]):
    """An aware UTC datetime on every backend; naive datetimes are refused."""

    impl = sa.DateTime(timezone=True)
    cache_ok = True

    def load_dialect_impl(self, dialect: Dialect) -> sa.types.TypeEngine[Any]:
        if dialect.name == "sqlite":
            return dialect.type_descriptor(sa.String(32))
        return dialect.type_descriptor(sa.DateTime(timezone=True))

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> Any:
        if value is None:
            return None
        if value.tzinfo is None or value.utcoffset() is None:
            raise ValueError(f"naive datetime {value.isoformat()!r}: every time must carry a zone")
        if dialect.name == "sqlite":
            return value.astimezone(UTC).isoformat(" ", "microseconds")
        return value

    def process_result_value(self, value: Any, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if isinstance(value, str):
            value = datetime.fromisoformat(value)
        if not isinstance(value, datetime):
            raise TypeError(f"expected a datetime from the database, got {type(value).__name__}")
        if value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value.astimezone(UTC)


JSON_DOC: sa.types.TypeEngine[Any] = sa.JSON().with_variant(postgresql.JSONB(), "postgresql")
"""A JSON document or array: ``jsonb`` on PostgreSQL, JSON text elsewhere."""
