"""Which model version a score table was written by most recently.

Post scores and account scores keep one row per item, model and model version, so a reader
that is not told a version reads the one scored last (of one model when given).
"""

from __future__ import annotations

import sqlalchemy as sa

from nohaven.store.store import Store

__all__ = ["latest_version"]


def latest_version(
    store: Store, table: sa.Table, model: str | None = None
) -> tuple[str, str] | None:
    """The ``(model, version)`` of ``table`` (a score table with ``model``, ``model_version``
    and ``scored`` columns) scored most recently, of ``model`` when given; None when it holds
    no such row."""
    query = (
        sa.select(table.c.model, table.c.model_version)
        .group_by(table.c.model, table.c.model_version)
        .order_by(sa.func.max(table.c.scored).desc(), table.c.model, table.c.model_version)
        .limit(1)
    )
    if model is not None:
        query = query.where(table.c.model == model)
    with store.engine.connect() as conn:
        row = conn.execute(query).first()
    return None if row is None else (str(row[0]), str(row[1]))
