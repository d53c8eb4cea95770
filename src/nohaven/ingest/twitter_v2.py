"""``twitter-v2``: Twitter API v2 responses, as twarc 2 and the API write them.

Layouts, one JSON object a line (or one object, or a JSON array, in a file):

* response pages ``{"data": [...], "includes": {"users", "tweets", "media", ...}, "meta",
  "errors", "__twarc"}``: one line maps to many posts. ``includes`` resolves authors,
  referenced tweets and media keys;
* filtered-stream lines ``{"data": {...}, "includes": ..., "matching_rules": [...]}``: the
  tweet's ``raw`` also holds the ``matching_rules`` that caught it. A cut or garbled line (as
  in the real stream sample) is a reject from the reader, never a crash;
* twarc-flattened rows: one tweet a line with ``author``, ``in_reply_to_user``, expanded
  mentions, ``attachments.media`` and ``referenced_tweets`` expanded inline;
* user lookup pages (``data`` holds users): accounts only, no posts (pinned tweets in
  ``includes.tweets`` are not emitted);
* counts pages (``data`` holds ``tweet_count`` buckets): rejected, they hold no posts.

Mapping of one tweet (``raw`` keeps it):

* ``id``, ``account_id`` (``author_id``), ``created`` (``created_at``); a tweet without them
  is rejected with the ``tweet.fields`` to request.
* ``text`` is ``note_tweet.text`` (long posts) else ``text``, with Twitter's HTML escaping of
  ``&``, ``<`` and ``>`` undone. A retweet's ``text`` is cut at 140 characters by the API: when
  the retweeted tweet and its author are included, it becomes ``RT @username: <full text>``.
* ``referenced_tweets``: ``replied_to`` -> ``reply_to``, ``retweeted`` -> ``repost_of``,
  ``quoted`` -> ``quote_of``; their accounts come from the referenced tweet's ``author_id``
  (``reply_to_account`` from ``in_reply_to_user_id`` first). A retweet whose original is not
  included takes ``repost_of_account`` from the ``RT @username`` mention.
* ``urls``: ``unwound_url`` (the final destination Twitter resolved) when present, else
  ``expanded_url``; links that are the tweet's own media (``media_key`` or ``pic.twitter.com``)
  are media, not outlinks, and the "read more" link ``twitter.com/i/web/status/<own id>`` is
  dropped. ``mentions`` (``username``) and ``mention_ids`` (``id``; else resolved through
  ``includes.users``; else :func:`~nohaven.model.account_ref` of the username), ``hashtags``
  (``tag``). A retweet adds the entities of the tweet it retweets, whose text is complete.
* ``media`` from ``attachments.media_keys`` resolved through ``includes.media``: kind from
  ``type`` (else from the key's prefix), ``url`` (photos) or ``preview_image_url`` (video and
  GIF) as a string, never fetched.
* Withheld tweets are mapped like any other; ``withheld`` stays in ``raw``.
* Edits: every version is its own tweet with its own id, so each version is its own post
  (the id is the tweet id). ``edit_history_tweet_ids`` stays in ``raw``: its last id is the
  latest version, and the earlier ones are superseded versions of the same post.

Referenced tweets (``includes.tweets``, or inline in flattened rows) are complete tweets by
other accounts: by default they are emitted as posts after the page's own tweets;
``TwitterV2(referenced=False)`` emits only the tweets in ``data``. Every user in
``includes.users`` (or inline) is emitted as an ``ACTIVE`` account. A "User has been suspended"
error in the page's ``errors`` becomes a ``SUSPENDED`` account (by id, or by
``account_ref(username)`` when the API named a username). Other API errors (a referenced
tweet not found) are not records of the file and leave no reject; they stay in the file.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Final

import orjson

from nohaven.ingest.base import FormatOptions, Head, Mapped, RecordError, Reject, SourceRecord
from nohaven.ingest.base import excerpt as make_excerpt
from nohaven.ingest.times import parse_iso
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
from nohaven.model import Account, AccountStatus, Media, Post, account_ref

__all__ = ["TwitterV2"]

_READ_MORE: Final = "https://twitter.com/i/web/status/"
_RT_HANDLE: Final = re.compile(r"RT @(\w{1,30}):", re.ASCII)
_PAGE_START: Final = re.compile(r'\A\s*\{\s*"data"\s*:\s*[\[{]')
_V2_MARKERS: Final[tuple[str, ...]] = (
    '"author_id"',
    '"username"',
    '"tweet_count"',
    '"edit_history_tweet_ids"',
)
_EMPTY: Final[Mapping[str, object]] = {}

Obj = Mapping[str, object]


def _obj(value: object) -> Obj | None:
    return value if isinstance(value, dict) else None


def _objs(value: object) -> list[Obj]:
    if not isinstance(value, list):
        return []
    return [item for item in value if isinstance(item, dict)]


class _Context:
    """What resolves a page's references: users, tweets and media by id or key."""

    __slots__ = ("ids_by_name", "media", "tweets", "users")

    def __init__(self) -> None:
        self.users: dict[str, Obj] = {}
        self.ids_by_name: dict[str, str] = {}
        self.tweets: dict[str, Obj] = {}
        self.media: dict[str, Obj] = {}

    def add_user(self, user: Obj) -> None:
        uid = as_str(user.get("id"))
        if uid is None or uid in self.users:
            return
        self.users[uid] = user
        name = as_str(user.get("username"))
        if name is not None:
            self.ids_by_name.setdefault(name.casefold(), uid)

    def add_media(self, items: object) -> None:
        for item in _objs(items):
            key = as_str(item.get("media_key"))
            if key is not None:
                self.media.setdefault(key, item)

    @classmethod
    def of_page(cls, includes: Obj) -> _Context:
        ctx = cls()
        for user in _objs(includes.get("users")):
            ctx.add_user(user)
        for tweet in _objs(includes.get("tweets")):
            tid = as_str(tweet.get("id"))
            if tid is not None:
                ctx.tweets.setdefault(tid, tweet)
        ctx.add_media(includes.get("media"))
        return ctx

    @classmethod
    def of_flat_row(cls, row: Obj) -> _Context:
        ctx = cls()
        ctx._add_inline(row)
        for ref in _objs(row.get("referenced_tweets")):
            tid = as_str(ref.get("id"))
            if tid is not None and "text" in ref:
                ctx.tweets.setdefault(tid, ref)
                ctx._add_inline(ref)
        return ctx

    def _add_inline(self, tweet: Obj) -> None:
        for key in ("author", "in_reply_to_user"):
            user = _obj(tweet.get(key))
            if user is not None:
                self.add_user(user)
        entities = _obj(tweet.get("entities"))
        if entities is not None:
            for mention in _objs(entities.get("mentions")):
                # twarc expands a mention with the user's fields when it has them.
                if "name" in mention or "public_metrics" in mention:
                    self.add_user(mention)
        attachments = _obj(tweet.get("attachments"))
        if attachments is not None:
            self.add_media(attachments.get("media"))


def _account(user: Obj, platform: str) -> Account:
    uid = as_str(user.get("id"))
    if uid is None:
        raise RecordError("user object has no id")
    created = None
    if user.get("created_at") is not None:
        try:
            created = parse_iso(user.get("created_at"))
        except RecordError:
            created = None  # a bad account date does not make the account unusable
    metrics = _obj(user.get("public_metrics")) or _EMPTY
    name = user.get("name")
    description = user.get("description")
    return Account(
        platform=platform,
        id=uid,
        handle=as_str(user.get("username")),
        display_name=name if isinstance(name, str) else None,
        description=description if isinstance(description, str) else None,
        followers=as_int(metrics.get("followers_count")),
        post_count=as_int(metrics.get("tweet_count")),
        created=created,
        status=AccountStatus.ACTIVE,
        raw=user,
    )


def _suspended(errors: list[Obj], platform: str) -> list[Account]:
    """Accounts the API reported as suspended in a page's ``errors``."""
    out: list[Account] = []
    for error in errors:
        detail = error.get("detail")
        if error.get("resource_type") != "user" or not isinstance(detail, str):
            continue
        if "suspended" not in detail.casefold():
            continue
        value = as_str(error.get("value")) or as_str(error.get("resource_id"))
        if value is None:
            continue
        parameter = error.get("parameter")
        by_name = isinstance(parameter, str) and parameter.endswith("username")
        if by_name and not value.strip().lstrip("@"):
            continue
        out.append(
            Account(
                platform=platform,
                id=account_ref(value) if by_name else value,
                handle=value if by_name else None,
                status=AccountStatus.SUSPENDED,
                raw=error,
            )
        )
    return out


def _collect(tweet: Obj, bag: EntityBag, ctx: _Context) -> None:
    note = _obj(tweet.get("note_tweet"))
    entities = _obj(note.get("entities")) if note is not None else None
    if entities is None:
        entities = _obj(tweet.get("entities"))
    if entities is None:
        return
    for item in _objs(entities.get("urls")):
        if "media_key" in item:
            continue
        display = item.get("display_url")
        if isinstance(display, str) and display.startswith("pic.twitter.com/"):
            continue
        bag.add_url(item.get("unwound_url") or item.get("expanded_url") or item.get("url"))
    for item in _objs(entities.get("mentions")):
        handle = item.get("username")
        if isinstance(handle, str) and handle:
            mention_id = (
                as_str(item.get("id"))
                or ctx.ids_by_name.get(handle.casefold())
                or handle_ref(handle)
            )
            if mention_id is not None:
                bag.add_mention(mention_id, handle)
    for item in _objs(entities.get("hashtags")):
        bag.add_hashtag(item.get("tag"))


def _media(tweet: Obj, ctx: _Context) -> tuple[Media, ...]:
    attachments = _obj(tweet.get("attachments"))
    keys = attachments.get("media_keys") if attachments is not None else None
    if not isinstance(keys, list) or not keys:
        return ()
    out: dict[str, Media] = {}
    for key in keys:
        if not isinstance(key, str) or not key or key in out:
            continue
        item = ctx.media.get(key) or _EMPTY
        url = as_str(item.get("url")) or as_str(item.get("preview_image_url"))
        out[key] = Media(media_kind(item.get("type"), key), key, url)
    return tuple(out.values())


def _text(tweet: Obj) -> str | None:
    note = _obj(tweet.get("note_tweet"))
    text = note.get("text") if note is not None else None
    if not isinstance(text, str):
        text = tweet.get("text")
    return unescape(text) if isinstance(text, str) else None


def _author_of(tweet: Obj) -> str | None:
    author = as_str(tweet.get("author_id"))
    if author is None:
        inline = _obj(tweet.get("author"))
        author = as_str(inline.get("id")) if inline is not None else None
    return author


def _tweet(tweet: Obj, ctx: _Context, platform: str, max_chars: int) -> Post:
    """Map one v2 tweet object, resolving its references through ``ctx``."""
    tid = as_str(tweet.get("id"))
    if tid is None:
        raise RecordError("tweet has no id")
    author = _author_of(tweet)
    if author is None:
        raise RecordError(f"tweet {tid} has no author_id (request tweet.fields=author_id)")
    created_at = tweet.get("created_at")
    if created_at is None:
        raise RecordError(f"tweet {tid} has no created_at (request tweet.fields=created_at)")
    try:
        created = parse_iso(created_at)
    except RecordError as err:
        raise RecordError(f"tweet {tid}: {err}") from None
    text = _text(tweet)
    if text is None:
        raise RecordError(f"tweet {tid} has no text")

    reply_to = repost_of = quote_of = None
    for ref in _objs(tweet.get("referenced_tweets")):
        kind, rid = ref.get("type"), as_str(ref.get("id"))
        if kind == "replied_to":
            reply_to = rid
        elif kind == "retweeted":
            repost_of = rid
        elif kind == "quoted":
            quote_of = rid
    reply_to_account = as_str(tweet.get("in_reply_to_user_id"))
    if reply_to is not None and reply_to_account is None:
        reply_to_account = _author_of(ctx.tweets.get(reply_to) or _EMPTY)
    quote_of_account = None
    if quote_of is not None:
        quote_of_account = _author_of(ctx.tweets.get(quote_of) or _EMPTY)

    bag = EntityBag((_READ_MORE + tid, _READ_MORE + (repost_of or "")))
    _collect(tweet, bag, ctx)
    media = _media(tweet, ctx)
    repost_of_account = None
    if repost_of is not None:
        original = ctx.tweets.get(repost_of)
        if original is not None:
            repost_of_account = _author_of(original)
            _collect(original, bag, ctx)
            media = media or _media(original, ctx)
            full = _text(original)
            user = ctx.users.get(repost_of_account or "")
            handle = as_str(user.get("username")) if user is not None else None
            if full is not None and handle is not None and text.startswith("RT @"):
                text = f"RT @{handle}: {full}"
        if repost_of_account is None:
            repost_of_account = _repost_account_from_text(text, bag)
    if len(text) > max_chars:
        raise RecordError(f"tweet {tid}: text of {len(text)} characters exceeds {max_chars}")
    mentions, mention_ids = bag.mention_tuples()
    return Post(
        platform=platform,
        id=tid,
        account_id=author,
        created=created,
        text=text,
        reply_to=reply_to,
        reply_to_account=reply_to_account,
        repost_of=repost_of,
        repost_of_account=repost_of_account,
        quote_of=quote_of,
        quote_of_account=quote_of_account,
        urls=bag.url_tuple(),
        mentions=mentions,
        mention_ids=mention_ids,
        hashtags=bag.hashtag_tuple(),
        media=media,
        raw=tweet,
    )


def _repost_account_from_text(text: str, bag: EntityBag) -> str | None:
    """The reposted account named by ``RT @handle:``, through the mentions' ids if possible."""
    match = _RT_HANDLE.match(text)
    if match is None:
        return None
    handle = match.group(1).casefold()
    for mention_id, mention in bag.mentions.items():
        if mention.casefold() == handle:
            return mention_id
    return account_ref(handle)


def _dump(value: object) -> str:
    try:
        return make_excerpt(orjson.dumps(value).decode("utf-8"))
    except TypeError:
        return make_excerpt(value)


def _first_error(errors: list[Obj]) -> str:
    if not errors:
        return "no data and no errors"
    first = errors[0]
    detail = first.get("detail") or first.get("title") or first.get("message") or "?"
    more = f" (and {len(errors) - 1} more)" if len(errors) > 1 else ""
    return f"{detail}{more}"


class TwitterV2:
    """Twitter API v2 pages, stream lines and twarc-flattened rows; see the module docs."""

    name = "twitter-v2"
    description = (
        "Twitter API v2 (twarc 2 response pages with includes, filtered-stream lines, "
        "twarc-flattened rows, user lookups)"
    )

    def __init__(self, *, referenced: bool = True) -> None:
        self.referenced = referenced

    def sniff(self, head: Head) -> float:
        obj = first_object(head)
        if obj is not None:
            return _score(obj)
        text = head.text.lstrip("\ufeff")
        if _PAGE_START.match(text) and any(marker in text for marker in _V2_MARKERS):
            return 0.9
        if '"__twarc"' in text and '"user"' not in text:
            return 0.85
        return 0.0

    def read(self, path: Path, options: FormatOptions) -> Iterator[SourceRecord | Reject]:
        return read_records(path)

    def map(self, record: SourceRecord, options: FormatOptions) -> Mapped:
        try:
            return self._map(record, options)
        except RecordError:
            raise
        except ValueError as err:  # the model refused a value the checks above let through
            raise RecordError(f"record does not fit the model: {err}") from None

    def _map(self, record: SourceRecord, options: FormatOptions) -> Mapped:
        data = record.data
        if "data" in data or ("errors" in data and "id" not in data):
            return self._map_page(record, data, options)
        if "id" in data:
            if "username" in data and "text" not in data:
                platform = options.platform or PLATFORM
                return Mapped(accounts=(_account(data, platform),))
            return self._map_flat(record, data, options)
        raise RecordError(
            "not a Twitter API v2 object: expected a response page ('data') or a tweet "
            "('id', 'text', 'author_id', 'created_at')"
        )

    def _map_flat(self, record: SourceRecord, row: Obj, options: FormatOptions) -> Mapped:
        platform = options.platform or PLATFORM
        limit = options.max_text_chars
        ctx = _Context.of_flat_row(row)
        main = _tweet(row, ctx, platform, limit)
        posts = [main]
        rejects: list[Reject] = []
        if self.referenced:
            for tid, tweet in ctx.tweets.items():
                if tid != main.id:
                    try:
                        posts.append(_tweet(tweet, ctx, platform, limit))
                    except RecordError as err:
                        rejects.append(
                            Reject(
                                record.source,
                                record.line,
                                f"referenced tweet: {err}",
                                _dump(tweet),
                            )
                        )
        accounts = [_account(user, platform) for user in ctx.users.values()]
        captured = frozenset(post.id for post in posts[1:]) - {main.id}
        return Mapped(tuple(posts), tuple(accounts), tuple(rejects), captured)

    def _map_page(self, record: SourceRecord, page: Obj, options: FormatOptions) -> Mapped:
        platform = options.platform or PLATFORM
        limit = options.max_text_chars
        payload = page.get("data")
        errors = _objs(page.get("errors"))
        if isinstance(payload, dict):
            items: list[object] = [payload]
        elif isinstance(payload, list):
            items = payload
        elif payload is None:
            suspended = _suspended(errors, platform)
            if suspended:
                return Mapped(accounts=tuple(suspended))
            raise RecordError(f"response holds no data, only API errors: {_first_error(errors)}")
        else:
            raise RecordError(f"'data' is {type(payload).__name__}, expected a list or object")
        meta = _obj(page.get("meta")) or _EMPTY
        first = _obj(items[0]) if items else None
        if "total_tweet_count" in meta or (first is not None and "tweet_count" in first):
            raise RecordError(
                "counts endpoint output (tweet counts per time bucket) holds no posts; "
                "ingest the tweets themselves"
            )
        includes = _obj(page.get("includes")) or _EMPTY
        rejects: list[Reject] = []
        accounts: dict[str, Account] = {}
        if first is not None and "username" in first and "text" not in first:
            self._add_accounts(record, items, platform, accounts, rejects, "user")
            for account in _suspended(errors, platform):
                accounts.setdefault(account.id, account)
            return Mapped((), tuple(accounts.values()), tuple(rejects))

        ctx = _Context.of_page(includes)
        rules = page.get("matching_rules")
        posts: dict[str, Post] = {}
        total = len(items)
        for index, item in enumerate(items, 1):
            tweet = _obj(item)
            try:
                if tweet is None:
                    raise RecordError(f"is {type(item).__name__}, not an object")
                if rules is not None:
                    tweet = {**tweet, "matching_rules": rules}
                post = _tweet(tweet, ctx, platform, limit)
            except RecordError as err:
                rejects.append(
                    Reject(
                        record.source,
                        record.line,
                        f"tweet {index} of {total} in this page: {err}",
                        _dump(item),
                    )
                )
                continue
            posts.setdefault(post.id, post)
        own = frozenset(posts)
        if self.referenced:
            for tid, tweet in ctx.tweets.items():
                if tid in posts:
                    continue
                try:
                    posts[tid] = _tweet(tweet, ctx, platform, limit)
                except RecordError as err:
                    rejects.append(
                        Reject(record.source, record.line, f"included tweet: {err}", _dump(tweet))
                    )
        self._add_accounts(
            record, list(ctx.users.values()), platform, accounts, rejects, "included user"
        )
        for account in _suspended(errors, platform):
            accounts.setdefault(account.id, account)
        captured = frozenset(posts) - own
        return Mapped(tuple(posts.values()), tuple(accounts.values()), tuple(rejects), captured)

    @staticmethod
    def _add_accounts(
        record: SourceRecord,
        users: list[object],
        platform: str,
        accounts: dict[str, Account],
        rejects: list[Reject],
        what: str,
    ) -> None:
        for user in users:
            try:
                obj = _obj(user)
                if obj is None:
                    raise RecordError(f"is {type(user).__name__}, not an object")
                account = _account(obj, platform)
            except RecordError as err:
                rejects.append(Reject(record.source, record.line, f"{what}: {err}", _dump(user)))
                continue
            accounts.setdefault(account.id, account)


def _score(obj: Obj) -> float:
    payload = obj.get("data")
    item = payload[0] if isinstance(payload, list) and payload else payload
    if isinstance(item, dict):
        if "id" in item and ("text" in item or "author_id" in item or "username" in item):
            return 0.95
        if "tweet_count" in item:
            return 0.9
        return 0.0
    if "author_id" in obj and "id" in obj and "text" in obj:
        return 0.95 if "__twarc" in obj or "author" in obj else 0.9
    if "errors" in obj and "__twarc" in obj:
        return 0.6
    return 0.0
