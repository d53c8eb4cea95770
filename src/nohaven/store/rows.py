"""Model records to table rows and back, with the content hash of what is stored.

Rows for writing are *driver-ready* tuples in the order of their table's ``*_COLUMNS``, the
same for SQLite and PostgreSQL: sanitised strings (NUL and lone surrogates replaced, see
:mod:`~nohaven.store.sanitise`), JSON text (:func:`~nohaven.store.sanitise.dump_json`), raw
records as UTF-8 JSON *bytes* (:func:`~nohaven.store.sanitise.dump_json_bytes`; the writer
stores them as text), and times as fixed-width ISO-8601 UTC text (:func:`iso_utc`), so a batch
is bound without per-value processing.

The ``content_hash`` is a 128-bit SHA-256 digest of exactly the stored values but the
bookkeeping ones (``source``, ``first_seen``, ``updated_at``): re-writing a record that has not
changed is recognised on any backend, and a record is "updated" only when something stored
would change (not when it merely came from another file). Rows read back go through the column
types and come out as Python values (aware datetimes, parsed JSON).

Building a row is the hot path of an ingest, so the scalar fields are serialised once with
orjson for the hash, and that same pass proves them clean: orjson refuses lone surrogates and
escapes NUL as ``\\u0000``, so only a record that fails the check is sanitised field by field.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from datetime import UTC, datetime
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
    PostLink,
    PostScore,
)
from nohaven.store.sanitise import clean_text, dump_json, dump_json_bytes

__all__ = [
    "ACCOUNT_COLUMNS",
    "INTERACTION_COLUMNS",
    "LINK_COLUMNS",
    "POST_COLUMNS",
    "REJECT_COLUMNS",
    "SCORE_COLUMNS",
    "Row",
    "account_from_row",
    "account_row",
    "interaction_from_row",
    "interaction_row",
    "iso_utc",
    "link_from_row",
    "link_row",
    "post_from_row",
    "post_row",
    "reject_from_row",
    "reject_row",
    "score_from_row",
    "score_row",
]

Row = tuple[Any, ...]
"""A driver-ready row, in the order of its table's ``*_COLUMNS``."""

POST_COLUMNS = (
    "platform",
    "id",
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
    "source",
    "content_hash",
    "first_seen",
    "updated_at",
)
ACCOUNT_COLUMNS = (
    "platform",
    "id",
    "handle",
    "display_name",
    "description",
    "followers",
    "post_count",
    "created",
    "status",
    "observed",
    "raw",
    "source",
    "content_hash",
    "first_seen",
    "updated_at",
)
INTERACTION_COLUMNS = ("platform", "post_id", "kind", "target_account", "source_account", "time")
REJECT_COLUMNS = ("source", "line", "reason", "excerpt", "seen_at")
SCORE_COLUMNS = (
    "platform",
    "post_id",
    "model",
    "model_version",
    "score",
    "label",
    "explanation",
    "scored",
    "content_hash",
    "caveats",
)

LINK_COLUMNS = (
    "platform",
    "post_id",
    "target",
    "account_id",
    "created",
    "raw",
    "kind",
    "domain",
    "app",
    "obfuscated",
    "source",
    "content_hash",
)

_EMPTY_LIST = "[]"
_NUL_ESCAPE = b"\\u0000"


def iso_utc(value: datetime) -> str:
    """``value`` as stored: ``YYYY-MM-DD HH:MM:SS.ffffff+00:00``; naive datetimes are refused."""
    if value.tzinfo is not UTC:
        if value.tzinfo is None or value.utcoffset() is None:
            raise ValueError(f"naive datetime {value.isoformat()!r}: every time must carry a zone")
        value = value.astimezone(UTC)
    return value.isoformat(" ", "microseconds")


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


def _list(values: tuple[str, ...]) -> str:
    return dump_json(values) if values else _EMPTY_LIST


def _post_scalars(post: Post, created: str, media: str) -> tuple[Any, ...]:
    return (
        post.platform,
        post.id,
        post.account_id,
        created,
        post.text,
        post.text_key,
        post.language,
        post.language_score,
        post.reply_to,
        post.reply_to_account,
        post.repost_of,
        post.repost_of_account,
        post.quote_of,
        post.quote_of_account,
        _list(post.urls),
        _list(post.mentions),
        _list(post.mention_ids),
        _list(post.hashtags),
        media,
    )


def _clean_scalars(scalars: tuple[Any, ...]) -> tuple[Any, ...]:
    return tuple(clean_text(v) if isinstance(v, str) else v for v in scalars)


def _scalars_payload(scalars: tuple[Any, ...]) -> bytes | None:
    """``scalars`` as JSON when every string in them is storable as it is, else None."""
    try:
        payload = orjson.dumps(scalars)
    except orjson.JSONEncodeError:  # a lone surrogate
        return None
    return None if _NUL_ESCAPE in payload else payload


def post_row(post: Post, source: str | None, now: str) -> Row:
    """The ``posts`` row for ``post`` (see :data:`POST_COLUMNS`).

    ``source`` must already be sanitised (it is the same for a whole batch); ``now``
    (:func:`iso_utc`) fills the bookkeeping times.
    """
    media = dump_json([_media(m) for m in post.media]) if post.media else _EMPTY_LIST
    scalars, raw, digest = _hashed(_post_scalars(post, iso_utc(post.created), media), post.raw)
    return (*scalars, raw, source, digest, now, now)


def _hashed(
    scalars: tuple[Any, ...], raw_record: Mapping[str, object]
) -> tuple[tuple[Any, ...], bytes, str]:
    """The clean scalars, the raw record as JSON bytes, and the content hash of both."""
    payload = _scalars_payload(scalars)
    if payload is None:
        scalars = _clean_scalars(scalars)
        payload = orjson.dumps(scalars)
    raw = dump_json_bytes(raw_record)
    digest = hashlib.sha256(payload)
    digest.update(raw)
    return scalars, raw, digest.hexdigest()[:32]


def account_row(account: Account, source: str | None, now: str) -> Row:
    """The ``accounts`` row for ``account`` (see :data:`ACCOUNT_COLUMNS`)."""
    scalars: tuple[Any, ...] = (
        account.platform,
        account.id,
        account.handle,
        account.display_name,
        account.description,
        account.followers,
        account.post_count,
        _opt_time(account.created),
        account.status.value,
    )
    scalars, raw, digest = _hashed(scalars, account.raw)
    # When the snapshot was observed is not content: a later identical snapshot is unchanged.
    observed = _opt_time(account.observed)
    return (*scalars, observed, raw, source, digest, now, now)


def interaction_row(interaction: Interaction) -> Row:
    """The ``interactions`` row for ``interaction`` (see :data:`INTERACTION_COLUMNS`)."""
    platform, post_id = interaction.platform, interaction.post_id
    target, source = interaction.target_account, interaction.source_account
    joined = platform + post_id + target + source
    if not joined.isascii() or "\x00" in joined:
        platform, post_id = clean_text(platform), clean_text(post_id)
        target, source = clean_text(target), clean_text(source)
    return (platform, post_id, interaction.kind.value, target, source, iso_utc(interaction.time))


def reject_row(reject: Reject, now: str) -> Row:
    """The ``rejects`` row for ``reject`` (see :data:`REJECT_COLUMNS`)."""
    return (
        clean_text(reject.source),
        reject.line,
        clean_text(reject.reason),
        clean_text(reject.excerpt),
        now,
    )


def score_row(score: PostScore, now: str) -> Row:
    """The ``post_scores`` row for ``score`` (see :data:`SCORE_COLUMNS`).

    ``now`` (:func:`iso_utc`) is the scoring time when the score carries none. The content
    hash covers the score, the label, the explanation and the caveats, not the time: scoring a
    post again with the same result is no change. Without caveats it is the hash a score had
    before they were stored, so a store of then needs no rewrite.
    """
    key = _clean_scalars((score.platform, score.post_id, score.model, score.model_version))
    label = clean_text(score.label)
    explanation = dump_json(score.explanation) if score.explanation else _EMPTY_LIST
    caveats = dump_json(score.caveats) if score.caveats else _EMPTY_LIST
    hashed: tuple[object, ...] = (score.score, label, explanation)
    if score.caveats:
        hashed = (*hashed, caveats)
    # orjson writes a float's shortest round-trip form, so equal scores hash alike.
    digest = hashlib.sha256(orjson.dumps(hashed)).hexdigest()[:32]
    scored = now if score.scored is None else iso_utc(score.scored)
    return (*key, score.score, label, explanation, scored, digest, caveats)


def link_row(link: PostLink) -> Row:
    """The ``post_links`` row for ``link`` (see :data:`LINK_COLUMNS`)."""
    key = _clean_scalars((link.platform, link.post_id, link.target))
    fields = _clean_scalars(
        (link.account_id, iso_utc(link.created), link.raw, link.kind, link.domain, link.app)
    )
    digest = hashlib.sha256(orjson.dumps((*fields, link.obfuscated, link.source))).hexdigest()[:32]
    return (*key, *fields, link.obfuscated, link.source, digest)


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
        observed=row["observed"],
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


def score_from_row(row: Mapping[str, Any]) -> PostScore:
    """Rebuild a :class:`~nohaven.model.PostScore` from a ``post_scores`` row."""
    return PostScore(
        platform=row["platform"],
        post_id=row["post_id"],
        model=row["model"],
        model_version=row["model_version"],
        score=row["score"],
        label=row["label"],
        explanation=_tuple(row["explanation"]),
        scored=row["scored"],
        caveats=_tuple(row["caveats"]),
    )


def link_from_row(row: Mapping[str, Any]) -> PostLink:
    """Rebuild a :class:`~nohaven.model.PostLink` from a ``post_links`` row."""
    return PostLink(
        platform=row["platform"],
        post_id=row["post_id"],
        account_id=row["account_id"],
        created=row["created"],
        target=row["target"],
        raw=row["raw"],
        kind=row["kind"],
        domain=row["domain"],
        app=row["app"],
        obfuscated=bool(row["obfuscated"]),
        source=row["source"],
    )


def reject_from_row(row: Mapping[str, Any]) -> Reject:
    """Rebuild a :class:`~nohaven.ingest.base.Reject` from a ``rejects`` row."""
    return Reject(
        source=row["source"], line=row["line"], reason=row["reason"], excerpt=row["excerpt"]
    )
