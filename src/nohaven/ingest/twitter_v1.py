"""``twitter-v1``: Twitter API v1.1 status objects (search, timelines, streams, twarc 1, tweepy).

Containers: JSON lines (``.jsonl``, ``.jsonl.gz``, ``.json`` with one object a line), a single
status in a ``.json`` file, a JSON array of statuses (the PHEME thread files), and v1.1 search
responses (``{"statuses": [...], "search_metadata": ...}``), one a line or alone in a file.

Mapping of one status (``raw`` keeps the whole status):

* ``id`` is ``id_str`` (the numeric ``id`` only when ``id_str`` is absent), ``account_id`` is
  ``user.id_str``, ``created`` is ``created_at``; a status without them is rejected.
* ``text`` is the untruncated text: ``extended_tweet.full_text``, else ``full_text``, else
  ``text``, with Twitter's HTML escaping of ``&``, ``<`` and ``>`` undone. A retweet's own text
  is cut at 140 characters; when the retweeted status holds its full text, the retweet's text
  becomes ``RT @handle: <full text>``. ``language`` stays ``None`` (the pipeline detects it;
  the source's ``lang`` is in ``raw``).
* ``reply_to``/``reply_to_account`` from ``in_reply_to_status_id_str``/``..._user_id_str``;
  ``repost_of``/``repost_of_account`` from ``retweeted_status``; ``quote_of`` from
  ``quoted_status_id_str`` and ``quote_of_account`` from ``quoted_status.user``. A retweet of a
  quote is a repost only: the quote belongs to the retweeted status.
* ``urls`` (``expanded_url``), ``mentions``/``mention_ids`` (``screen_name``/``id_str``) and
  ``hashtags`` come from the untruncated entities (``extended_tweet.entities`` when present);
  a retweet adds those of the status it retweets, whose text is complete. The "read more"
  link of a truncated text (``https://twitter.com/i/web/status/<own id>``) is not an outlink.
* ``media`` from ``extended_entities.media`` (else ``entities.media``; a retweet without its
  own falls back to the retweeted status's): kind, ``id_str`` as key, ``media_url_https`` as
  a URL string. Nothing is fetched.

Embedded statuses: ``retweeted_status`` and ``quoted_status`` are complete statuses by other
accounts, captured with the post. By default they are emitted as posts too, after the main
post, and every author (main and embedded) is emitted as an account; ``TwitterV1(embedded=
False)`` emits only the top-level status and its author. An embedded status that cannot be
mapped is reported as a reject of the same line; the top-level post is still kept.

Accounts are ``ACTIVE``: the API served them, so they were not suspended when collected.

Not posts: stream notices (``{"delete": ...}``, ``status_withheld``, ``user_withheld``,
``scrub_geo``, ``limit``, ``disconnect``, ``warning``, ``event``, ``friends``) are rejected
with a reason naming the notice, never dropped silently.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator, Mapping
from datetime import datetime
from pathlib import Path
from typing import Final

import orjson

from nohaven.ingest.base import FormatOptions, Head, Mapped, RecordError, Reject, SourceRecord
from nohaven.ingest.base import excerpt as make_excerpt
from nohaven.ingest.times import parse_twitter_v1
from nohaven.ingest.twitter_common import (
    PLATFORM,
    EntityBag,
    as_int,
    as_str,
    first_object,
    handle_ref,
    media_kind,
    read_records,
    unescape,
)
from nohaven.model import Account, AccountStatus, Media, Post

__all__ = ["TwitterV1"]

_READ_MORE: Final = "https://twitter.com/i/web/status/"
_NOTICES: Final[tuple[str, ...]] = (
    "delete",
    "status_withheld",
    "user_withheld",
    "scrub_geo",
    "limit",
    "disconnect",
    "warning",
    "event",
    "friends",
    "friends_str",
    "control",
)
_V1_CREATED: Final = re.compile(
    r'"created_at"\s*:\s*"[A-Z][a-z]{2} [A-Z][a-z]{2} \d{2} \d{2}:\d{2}:\d{2} [+-]\d{4} \d{4}"'
)
_EMPTY: Final[Mapping[str, object]] = {}

Obj = Mapping[str, object]


def _obj(value: object) -> Obj | None:
    return value if isinstance(value, dict) else None


def _id_of(obj: Obj, key: str = "id_str", number_key: str = "id") -> str | None:
    """``obj[key]`` (an ``*_str`` id), else the integer ``obj[number_key]`` as text.

    A float id is never used: JSON tooling may have rounded it.
    """
    text = obj.get(key)
    if isinstance(text, str) and text:
        return text
    raw = obj.get(number_key)
    if raw is None:  # the common case (``in_reply_to_*`` of a post that replies to none)
        return None
    number = as_int(raw)
    return str(number) if number is not None else None


@functools.lru_cache(maxsize=4_096)
def _account_created(value: str) -> datetime | None:
    """An account's ``created_at``, parsed once per distinct value (an account's statuses
    repeat it); None when malformed: a bad account date does not make the post unusable, and
    the raw user object keeps it."""
    try:
        return parse_twitter_v1(value)
    except RecordError:
        return None


def _account(user: Obj, platform: str, observed: datetime | None = None) -> Account:
    uid = _id_of(user)
    if uid is None:
        raise RecordError("user object has no id_str")
    created_at = user.get("created_at")
    created = _account_created(created_at) if isinstance(created_at, str) else None
    name = user.get("name")
    description = user.get("description")
    return Account(
        platform=platform,
        id=uid,
        handle=as_str(user.get("screen_name")),
        display_name=name if isinstance(name, str) else None,
        description=description if isinstance(description, str) else None,
        followers=as_int(user.get("followers_count")),
        post_count=as_int(user.get("statuses_count")),
        created=created,
        status=AccountStatus.ACTIVE,
        observed=observed,
        raw=user,
    )


def _has_entities(entities: Obj | None) -> bool:
    """Whether an entities object lists any URL, mention or hashtag (most statuses: none)."""
    return entities is not None and bool(
        entities.get("urls") or entities.get("user_mentions") or entities.get("hashtags")
    )


def _collect(entities: Obj | None, bag: EntityBag) -> None:
    if entities is None:
        return
    urls = entities.get("urls")
    if isinstance(urls, list):
        for item in urls:
            if isinstance(item, dict):
                bag.add_url(item.get("expanded_url") or item.get("url"))
    mentions = entities.get("user_mentions")
    if isinstance(mentions, list):
        for item in mentions:
            if isinstance(item, dict):
                handle = item.get("screen_name")
                if isinstance(handle, str) and handle:
                    mention_id = _id_of(item) or handle_ref(handle)
                    if mention_id is not None:
                        bag.add_mention(mention_id, handle)
    tags = entities.get("hashtags")
    if isinstance(tags, list):
        for item in tags:
            if isinstance(item, dict):
                bag.add_hashtag(item.get("text"))


def _media(holder: Obj | None) -> tuple[Media, ...]:
    items = holder.get("media") if holder is not None else None
    if not isinstance(items, list) or not items:
        return ()
    out: dict[str, Media] = {}
    for item in items:
        if not isinstance(item, dict):
            continue
        key = _id_of(item) or as_str(item.get("media_key"))
        url = as_str(item.get("media_url_https")) or as_str(item.get("media_url"))
        ident = key or url
        if ident is not None and ident not in out:
            out[ident] = Media(media_kind(item.get("type")), key, url)
    return tuple(out.values())


class _Status:
    """One mapped status with what a retweet of it needs: its author and text completeness."""

    __slots__ = ("account", "complete", "post")

    def __init__(self, post: Post, account: Account, complete: bool) -> None:
        self.post = post
        self.account = account
        self.complete = complete


def _map_status(
    status: Obj,
    platform: str,
    max_chars: int,
    original: _Status | None = None,
    *,
    observed: bool = False,
) -> _Status:
    """Map one status; ``original`` is its mapped ``retweeted_status``, when it is a retweet.

    ``observed``: the author's snapshot is marked as observed at the status's time (when the
    status is the record's only post); otherwise the pipeline marks it with the record's
    latest post time (an embedded author is as the embedding status saw it).
    """
    sid = _id_of(status)
    if sid is None:
        raise RecordError("status has no id_str")
    user = status.get("user")
    if not isinstance(user, dict):
        raise RecordError(f"status {sid} has no user object")
    try:
        created = parse_twitter_v1(status.get("created_at"))
        account = _account(user, platform, created if observed else None)
    except RecordError as err:
        raise RecordError(f"status {sid}: {err}") from None

    # The untruncated text and entities: ``extended_tweet`` when present (rare), else the
    # status's own. (``_obj`` inlined as isinstance checks: this runs for every status.)
    extended = status.get("extended_tweet")
    text: object = None
    entities: object = None
    media_holder: object = None
    if isinstance(extended, dict):
        text = extended.get("full_text")
        entities = extended.get("entities")
        media_holder = extended.get("extended_entities")
    complete = True
    if not isinstance(text, str):
        text = status.get("full_text")
        if not isinstance(text, str):
            text = status.get("text")
            complete = status.get("truncated") is not True
    if not isinstance(text, str):
        raise RecordError(f"status {sid} has no text")
    text = unescape(text)
    if not isinstance(entities, dict):
        entities = _obj(status.get("entities"))
    if not isinstance(media_holder, dict):
        media_holder = _obj(status.get("extended_entities")) or entities

    rs = status.get("retweeted_status")
    if not isinstance(rs, dict):
        rs = None
    repost_of = repost_of_account = quote_of = quote_of_account = None
    if rs is None:
        bag = EntityBag((_READ_MORE + sid,)) if _has_entities(entities) else None
        if bag is not None:
            _collect(entities, bag)
        media = _media(media_holder)
        quoted = _obj(status.get("quoted_status"))
        quote_of = _id_of(status, "quoted_status_id_str", "quoted_status_id") or (
            _id_of(quoted) if quoted is not None else None
        )
        if quoted is not None:
            quote_of_account = _id_of(_obj(quoted.get("user")) or _EMPTY)
    else:
        repost_of = _id_of(rs)
        bag = EntityBag((_READ_MORE + sid, _READ_MORE + (repost_of or "")))
        _collect(entities, bag)
        media = _media(media_holder)
        if original is not None:
            src = original.post
            repost_of_account = src.account_id
            for url in src.urls:
                bag.add_url(url)
            for handle, mention_id in zip(src.mentions, src.mention_ids, strict=True):
                bag.add_mention(mention_id, handle)
            for tag in src.hashtags:
                bag.add_hashtag(tag)
            media = media or src.media
            if original.complete and original.account.handle and text.startswith("RT @"):
                text = f"RT @{original.account.handle}: {src.text}"
        else:
            repost_of_account = _id_of(_obj(rs.get("user")) or _EMPTY)

    if len(text) > max_chars:
        raise RecordError(f"status {sid}: text of {len(text)} characters exceeds {max_chars}")
    if bag is None:
        urls: tuple[str, ...] = ()
        mentions: tuple[str, ...] = ()
        mention_ids: tuple[str, ...] = ()
        hashtags: tuple[str, ...] = ()
    else:
        urls, hashtags = bag.url_tuple(), bag.hashtag_tuple()
        mentions, mention_ids = bag.mention_tuples()
    post = Post(
        platform=platform,
        id=sid,
        account_id=account.id,
        created=created,
        text=text,
        reply_to=_id_of(status, "in_reply_to_status_id_str", "in_reply_to_status_id"),
        reply_to_account=_id_of(status, "in_reply_to_user_id_str", "in_reply_to_user_id"),
        repost_of=repost_of,
        repost_of_account=repost_of_account,
        quote_of=quote_of,
        quote_of_account=quote_of_account,
        urls=urls,
        mentions=mentions,
        mention_ids=mention_ids,
        hashtags=hashtags,
        media=media,
        raw=status,
    )
    return _Status(post, account, complete)


def _notice_reason(data: Obj) -> str | None:
    """Why a stream control message is not a post, or ``None`` when it is not one."""
    for key in _NOTICES:
        if key in data:
            if key == "delete":
                body = _obj(data["delete"]) or _EMPTY
                status = _obj(body.get("status")) or _EMPTY
                sid = _id_of(status) or "?"
                uid = _id_of(status, "user_id_str", "user_id") or "?"
                return (
                    f"deletion notice for status {sid} by user {uid}: a stream control "
                    "message, not a post (honour it by deleting that status if stored)"
                )
            return f"stream notice {key!r}: a control message, not a post"
    return None


def _dump(value: object) -> str:
    try:
        return make_excerpt(orjson.dumps(value).decode("utf-8"))
    except TypeError:
        return make_excerpt(value)


class TwitterV1:
    """Twitter API v1.1 status objects; see the module documentation for the mapping."""

    name = "twitter-v1"
    description = (
        "Twitter API v1.1 statuses (JSON lines, .gz, a JSON array or one object; "
        "retweeted and quoted statuses included)"
    )

    def __init__(self, *, embedded: bool = True) -> None:
        self.embedded = embedded

    def sniff(self, head: Head) -> float:
        obj = first_object(head)
        if obj is not None:
            if _looks_v1(obj):
                return 0.95
            statuses = obj.get("statuses")
            if isinstance(statuses, list) and statuses and _looks_v1(_obj(statuses[0]) or {}):
                return 0.9
            if _notice_reason(obj) is not None and "user" not in obj and "data" not in obj:
                return 0.6
            return 0.0
        text = head.text
        if _V1_CREATED.search(text) and '"id_str"' in text and '"screen_name"' in text:
            return 0.85
        return 0.0

    def read(self, path: Path, options: FormatOptions) -> Iterator[SourceRecord | Reject]:
        return read_records(path)

    def map(self, record: SourceRecord, options: FormatOptions) -> Mapped:
        data = record.data
        try:
            statuses = data.get("statuses")
            if isinstance(statuses, list) and "user" not in data:
                return self._map_many(record, statuses, options)
            return self._map_one(record, data, options)
        except RecordError:
            raise
        except ValueError as err:  # the model refused a value the checks above let through
            raise RecordError(f"record does not fit the model: {err}") from None

    def _map_many(
        self, record: SourceRecord, statuses: list[object], options: FormatOptions
    ) -> Mapped:
        posts: list[Post] = []
        accounts: list[Account] = []
        rejects: list[Reject] = []
        captured: set[str] = set()
        own: set[str] = set()
        for index, item in enumerate(statuses, 1):
            status = _obj(item)
            try:
                if status is None:
                    raise RecordError(f"is {type(item).__name__}, not an object")
                mapped = self._map_one(record, status, options)
            except RecordError as err:
                rejects.append(
                    Reject(record.source, record.line, f"status {index}: {err}", _dump(item))
                )
                continue
            posts.extend(mapped.posts)
            accounts.extend(mapped.accounts)
            rejects.extend(mapped.rejects)
            captured.update(mapped.captured)
            own.update(post.id for post in mapped.own_posts())
        # a status of the array that another one retweets or quotes is still the array's own
        return Mapped(
            tuple(posts),
            tuple(_unique_accounts(accounts)),
            tuple(rejects),
            frozenset(captured - own),
        )

    def _map_one(self, record: SourceRecord, status: Obj, options: FormatOptions) -> Mapped:
        if "user" not in status:
            reason = _notice_reason(status)
            if reason is not None:
                raise RecordError(reason)
        platform = options.platform or PLATFORM
        limit = options.max_text_chars
        rejects: list[Reject] = []
        original: _Status | None = None
        rs = _obj(status.get("retweeted_status"))
        if rs is not None:
            try:
                original = _map_status(rs, platform, limit)
            except RecordError as err:
                rejects.append(self._reject(record, "embedded retweeted status", err, rs))
        # Nothing embedded (most statuses), or embedded statuses not wanted: one post, whose
        # author is marked observed at its time here rather than copied by the pipeline.
        alone = not self.embedded or (rs is None and "quoted_status" not in status)
        main = _map_status(status, platform, limit, original, observed=alone)
        if alone:
            return Mapped((main.post,), (main.account,))

        found = [main]
        if original is not None:
            found.append(original)
        # A quote's quoted status; for a retweet of a quote, the retweeted status's.
        quoting = rs if rs is not None else status
        quoted = _obj(quoting.get("quoted_status"))
        if quoted is not None:
            try:
                found.append(_map_status(quoted, platform, limit))
            except RecordError as err:
                rejects.append(self._reject(record, "embedded quoted status", err, quoted))
        posts: dict[str, Post] = {}
        accounts: dict[str, Account] = {}
        for item in found:
            posts.setdefault(item.post.id, item.post)
            accounts.setdefault(item.account.id, item.account)
        captured = frozenset(posts) - {main.post.id}
        return Mapped(tuple(posts.values()), tuple(accounts.values()), tuple(rejects), captured)

    @staticmethod
    def _reject(record: SourceRecord, what: str, err: RecordError, value: object) -> Reject:
        return Reject(record.source, record.line, f"{what}: {err}", _dump(value))


def _looks_v1(obj: Obj) -> bool:
    created = obj.get("created_at")
    return (
        isinstance(obj.get("user"), dict)
        and ("id_str" in obj or "id" in obj)
        and isinstance(created, str)
        and len(created) == 30
        and created[3] == " "
    )


def _unique_accounts(accounts: list[Account]) -> list[Account]:
    seen: dict[str, Account] = {}
    for account in accounts:
        seen.setdefault(account.id, account)
    return list(seen.values())
