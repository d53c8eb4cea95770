"""Record builders for the store tests (neutral placeholder text only)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from nohaven.ingest.base import Reject
from nohaven.model import Account, AccountStatus, Post

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
