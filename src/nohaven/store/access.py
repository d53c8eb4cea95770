"""The access log: who saw which stored posts, when, and through which command.

Post texts and account handles from the platforms are personal data, and the texts hostile
content: a team must be able to say who was shown what. Every command that shows or writes
stored posts or accounts to a person adds one row (:func:`record_access`); rows are only ever
added. :func:`iter_access` reads them back, newest first, narrowed to one reviewer or to the
entries that showed one post or account (:func:`post_key`, :func:`account_key`).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

import sqlalchemy as sa

from nohaven.store import schema
from nohaven.store.sanitise import clean_text
from nohaven.store.store import Store

__all__ = ["AccessRecord", "account_key", "iter_access", "post_key", "record_access"]


def post_key(platform: str, post_id: str) -> str:
    """How the log names a post: ``post:platform:post id``."""
    return f"post:{platform}:{post_id}"


def account_key(platform: str, account_id: str) -> str:
    """How the log names an account: ``account:platform:account id``."""
    return f"account:{platform}:{account_id}"


@dataclass(frozen=True, slots=True)
class AccessRecord:
    """One showing of stored data to a person. ``items`` are the keys shown on screen
    (:func:`post_key`, :func:`account_key`); an export to a file is recorded by its count
    (``shown``) and path (in ``detail``)."""

    who: str
    command: str
    shown: int
    detail: Mapping[str, Any] = field(default_factory=dict)
    items: Sequence[str] = ()
    at: datetime | None = None  # filled with the time of the write when None

    def __post_init__(self) -> None:
        for name in ("who", "command"):
            value = getattr(self, name)
            if not isinstance(value, str) or not value.strip():
                raise ValueError(f"an access record needs a non-empty {name}, got {value!r}")
        if self.shown < 0:
            raise ValueError(f"shown must be 0 or more, not {self.shown}")

    def to_json(self) -> dict[str, object]:
        return {
            "at": None if self.at is None else self.at.isoformat(),
            "who": self.who,
            "command": self.command,
            "shown": self.shown,
            "detail": dict(self.detail),
            "items": list(self.items),
        }


def record_access(store: Store, record: AccessRecord) -> None:
    """Add ``record`` to the access log (stamped now when it carries no time)."""
    at = record.at if record.at is not None else datetime.now(UTC)
    row = {
        "at": at,
        "who": clean_text(record.who),
        "command": clean_text(record.command),
        "detail": dict(record.detail),  # JSON_DOC: the engine serialises it (dump_json)
        "shown": int(record.shown),
        "items": [str(item) for item in record.items],
    }
    with store.engine.connect() as conn:
        conn.execution_options(nohaven_write=True)
        with conn.begin():
            conn.execute(sa.insert(schema.access_log).values(**row))


def iter_access(
    store: Store, *, who: str | None = None, item: str | None = None
) -> Iterator[AccessRecord]:
    """The access log, newest first: every entry, or those of reviewer ``who``, or those that
    showed ``item`` (:func:`post_key`, :func:`account_key`) on screen."""
    table = schema.access_log
    query = sa.select(table).order_by(table.c.at.desc(), table.c.id.desc())
    if who is not None:
        query = query.where(table.c.who == who)
    with store.engine.connect() as conn:
        result = conn.execution_options(stream_results=True, yield_per=1_000).execute(query)
        try:
            for row in result.mappings():
                items = tuple(str(value) for value in row["items"] or ())
                if item is not None and item not in items:
                    continue
                yield AccessRecord(
                    who=row["who"],
                    command=row["command"],
                    shown=int(row["shown"]),
                    detail=dict(row["detail"] or {}),
                    items=items,
                    at=row["at"],
                )
        finally:
            result.close()
