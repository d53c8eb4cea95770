"""Model records to table rows and back, with the content hash of what is stored.

Rows for writing hold *driver-ready* values, the same for SQLite and PostgreSQL: sanitised
strings (:func:`~nohaven.store.sanitise.clean_text`), JSON text
(:func:`~nohaven.store.sanitise.dump_json`) and times as fixed-width ISO-8601 UTC text
(:func:`iso_utc`), so a batch is bound without per-value processing. The ``content_hash`` is a
digest of exactly those values: re-writing a record that has not changed is recognised on any
backend, and a record is "updated" only when something stored would change (not when it merely
came from another file). Rows read back go through the column types and come out as Python
values (aware datetimes, parsed JSON).
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from datetime import UTC, datetime
from operator import itemgetter
from typing import Any

import orjson

from nohaven.ingest.base import Reject
from nohaven.model import (
    Account,
    AccountStatus,
    Interaction,
    InteractionKind,
    Media,
    MediaKind,
    Post,
)
from nohaven.store.sanitise import clean_text, dump_json

__all__ = [
    "ACCOUNT_HASHED",
    "POST_HASHED",
    "Row",
    "account_from_row",
    "account_row",
    "content_hash",
    "interaction_from_row",
    "interaction_row",
    "iso_utc",
    "post_from_row",
    "post_row",
    "reject_from_row",
    "reject_row",
]

Row = dict[str, Any]

POST_HASHED = (
    "account_id",
    "created",
    "text",
    "text_key",
    "language",
    "language_score",
    "reply_to",
    "reply_to_account",
    "repost_of",
    "repost_of_account",
    "quote_of",
    "quote_of_account",
    "urls",
    "mentions",
    "mention_ids",
    "hashtags",
    "media",
    "raw",
)
ACCOUNT_HASHED = (
    "handle",
    "display_name",
    "description",
    "followers",
    "post_count",
    "created",
    "status",
    "raw",
)


def iso_utc(value: datetime) -> str:
    """``value`` as stored: ``YYYY-MM-DD HH:MM:SS.ffffff+00:00``; naive datetimes are refused."""
    if value.tzinfo is not UTC:
        if value.tzinfo is None or value.utcoffset() is None:
            raise ValueError(f"naive datetime {value.isoformat()!r}: every time must carry a zone")
        value = value.astimezone(UTC)
    return value.isoformat(" ", "microseconds")


def _opt(value: str | None) -> str | None:
    return None if value is None else clean_text(value)


def _opt_time(value: datetime | None) -> str | None:
    return None if value is None else iso_utc(value)


def _media(item: Media) -> dict[str, str]:
    out = {"kind": item.kind.value}
    if item.key is not None:
        out["key"] = item.key
    if item.url is not None:
        out["url"] = item.url
    if item.path is not None:
        out["path"] = item.path
    return out


def content_hash(row: Mapping[str, Any], columns: tuple[str, ...]) -> str:
    """A 128-bit digest of the driver-ready values of ``columns`` in ``row``."""
    payload = orjson.dumps(itemgetter(*columns)(row))
    return hashlib.blake2b(payload, digest_size=16).hexdigest()


def post_row(post: Post, source: str | None, now: str) -> Row:
    """The ``posts`` row for ``post``; ``now`` (:func:`iso_utc`) fills the bookkeeping times."""
    row: Row = {
        "platform": clean_text(post.platform),
        "id": clean_text(post.id),
        "account_id": clean_text(post.account_id),
        "created": iso_utc(post.created),
        "text": clean_text(post.text),
        "text_key": _opt(post.text_key),
        "language": _opt(post.language),
        "language_score": post.language_score,
        "reply_to": _opt(post.reply_to),
        "reply_to_account": _opt(post.reply_to_account),
        "repost_of": _opt(post.repost_of),
        "repost_of_account": _opt(post.repost_of_account),
        "quote_of": _opt(post.quote_of),
        "quote_of_account": _opt(post.quote_of_account),
        "urls": dump_json(post.urls),
        "mentions": dump_json(post.mentions),
        "mention_ids": dump_json(post.mention_ids),
        "hashtags": dump_json(post.hashtags),
        "media": dump_json([_media(m) for m in post.media]),
        "raw": dump_json(post.raw),
        "source": _opt(source),
        "first_seen": now,
        "updated_at": now,
    }
    row["content_hash"] = content_hash(row, POST_HASHED)
    return row


def account_row(account: Account, source: str | None, now: str) -> Row:
    """The ``accounts`` row for ``account``."""
    row: Row = {
        "platform": clean_text(account.platform),
        "id": clean_text(account.id),
        "handle": _opt(account.handle),
        "display_name": _opt(account.display_name),
        "description": _opt(account.description),
        "followers": account.followers,
        "post_count": account.post_count,
        "created": _opt_time(account.created),
        "status": account.status.value,
        "raw": dump_json(account.raw),
        "source": _opt(source),
        "first_seen": now,
        "updated_at": now,
    }
    row["content_hash"] = content_hash(row, ACCOUNT_HASHED)
    return row


def interaction_row(interaction: Interaction) -> Row:
    """The ``interactions`` row for ``interaction``."""
    return {
        "platform": clean_text(interaction.platform),
        "post_id": clean_text(interaction.post_id),
        "kind": interaction.kind.value,
        "target_account": clean_text(interaction.target_account),
        "source_account": clean_text(interaction.source_account),
        "time": iso_utc(interaction.time),
    }


def reject_row(reject: Reject, now: str) -> Row:
    """The ``rejects`` row for ``reject``."""
    return {
        "source": clean_text(reject.source),
        "line": reject.line,
        "reason": clean_text(reject.reason),
        "excerpt": clean_text(reject.excerpt),
        "seen_at": now,
    }


def _tuple(value: object) -> tuple[str, ...]:
    if not isinstance(value, list):
        return ()
    return tuple(str(v) for v in value)


def _media_from(value: object) -> tuple[Media, ...]:
    if not isinstance(value, list):
        return ()
    out = []
    for item in value:
        if isinstance(item, dict):
            out.append(
                Media(
                    MediaKind(item.get("kind", MediaKind.OTHER.value)),
                    key=item.get("key"),
                    url=item.get("url"),
                    path=item.get("path"),
                )
            )
    return tuple(out)


def _raw(value: object) -> dict[str, object]:
    return value if isinstance(value, dict) else {}


def post_from_row(row: Mapping[str, Any]) -> Post:
    """Rebuild a :class:`~nohaven.model.Post` (raw record included) from a ``posts`` row."""
    return Post(
        platform=row["platform"],
        id=row["id"],
        account_id=row["account_id"],
        created=row["created"],
        text=row["text"],
        language=row["language"],
        language_score=row["language_score"],
        text_key=row["text_key"],
        reply_to=row["reply_to"],
        reply_to_account=row["reply_to_account"],
        repost_of=row["repost_of"],
        repost_of_account=row["repost_of_account"],
        quote_of=row["quote_of"],
        quote_of_account=row["quote_of_account"],
        urls=_tuple(row["urls"]),
        mentions=_tuple(row["mentions"]),
        mention_ids=_tuple(row["mention_ids"]),
        hashtags=_tuple(row["hashtags"]),
        media=_media_from(row["media"]),
        raw=_raw(row["raw"]),
    )


def account_from_row(row: Mapping[str, Any]) -> Account:
    """Rebuild an :class:`~nohaven.model.Account` from an ``accounts`` row."""
    return Account(
        platform=row["platform"],
        id=row["id"],
        handle=row["handle"],
        display_name=row["display_name"],
        description=row["description"],
        followers=row["followers"],
        post_count=row["post_count"],
        created=row["created"],
        status=AccountStatus(row["status"]),
        raw=_raw(row["raw"]),
    )


def interaction_from_row(row: Mapping[str, Any]) -> Interaction:
    """Rebuild an :class:`~nohaven.model.Interaction` from an ``interactions`` row."""
    return Interaction(
        platform=row["platform"],
        kind=InteractionKind(row["kind"]),
        source_account=row["source_account"],
        target_account=row["target_account"],
        post_id=row["post_id"],
        time=row["time"],
    )


def reject_from_row(row: Mapping[str, Any]) -> Reject:
    """Rebuild a :class:`~nohaven.ingest.base.Reject` from a ``rejects`` row."""
    return Reject(
        source=row["source"], line=row["line"], reason=row["reason"], excerpt=row["excerpt"]
    )
