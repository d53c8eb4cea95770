"""Record builders for the store tests (neutral placeholder text only)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
import sqlalchemy as sa

from nohaven.ingest.base import Reject
from nohaven.model import Account, AccountStatus, Post
from nohaven.store import RowCounts
from nohaven.store import write as write_module
from nohaven.store.rows import Row
from nohaven.store.write import TableSpec

T0 = datetime(2024, 3, 1, 12, 0, tzinfo=UTC)


def post(id: str = "1", **fields: Any) -> Post:
    values: dict[str, Any] = {
        "platform": "twitter",
        "id": id,
        "account_id": "100",
        "created": T0 + timedelta(minutes=int(id) if id.isdigit() else 0),
        "text": f"weather report number {id}: sunny with light wind",
        "raw": {"id_str": id, "lang": "en"},
    }
    values.update(fields)
    return Post(**values)


def account(id: str = "100", **fields: Any) -> Account:
    values: dict[str, Any] = {
        "platform": "twitter",
        "id": id,
        "handle": f"user{id}",
        "status": AccountStatus.ACTIVE,
        "raw": {"id_str": id},
    }
    values.update(fields)
    return Account(**values)


def reject(line: int = 3, **fields: Any) -> Reject:
    values: dict[str, Any] = {
        "source": "data/tweets.jsonl",
        "line": line,
        "reason": "malformed JSON: unexpected end of data",
        "excerpt": '{"id": 1, "text": "rai',
    }
    values.update(fields)
    return Reject(**values)


def fail_writes_to(monkeypatch: pytest.MonkeyPatch, table: TableSpec, message: str) -> None:
    """Make the store's upsert raise ``RuntimeError(message)`` when it reaches ``table``."""
    real = write_module.upsert

    def failing(
        conn: sa.Connection, spec: TableSpec, rows: Iterable[Row], *known: Any
    ) -> RowCounts:
        if spec is table:
            raise RuntimeError(message)
        return real(conn, spec, rows, *known)

    monkeypatch.setattr("nohaven.store.store.upsert", failing)
