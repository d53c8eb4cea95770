"""The common model: what every platform export is mapped to.

Records are frozen, slotted dataclasses with timezone-aware UTC times. ``None`` means the
source did not say ("missing"); an empty string or tuple means it said "nothing" ("empty").
Every record keeps the raw source object it came from, so no detail is lost in mapping.
"""

from __future__ import annotations

import hashlib
import math
import numbers
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field, fields
from datetime import UTC, datetime
from enum import StrEnum
from typing import Any, Final

from nohaven._records import slot_init

__all__ = [
    "Account",
    "AccountStatus",
    "Interaction",
    "InteractionKind",
    "Media",
    "MediaKind",
    "Post",
    "PostLink",
    "PostScore",
    "account_ref",
    "interactions_of",
    "stable_id",
    "utc",
]

RawRecord = Mapping[str, object]


class AccountStatus(StrEnum):
    """What the source says about an account's standing on its platform."""

    ACTIVE = "active"
    SUSPENDED = "suspended"
    UNKNOWN = "unknown"


class InteractionKind(StrEnum):
    """How one account acted on another through a post."""

    REPOST = "repost"
    REPLY = "reply"
    MENTION = "mention"
    QUOTE = "quote"


class MediaKind(StrEnum):
    """The kind of a media attachment referenced by a post (never fetched)."""

    PHOTO = "photo"
    VIDEO = "video"
    ANIMATED_GIF = "animated_gif"
    AUDIO = "audio"
    DOCUMENT = "document"
    OTHER = "other"


def utc(value: datetime) -> datetime:
    """Return ``value`` as an aware UTC datetime; refuse naive ones loudly."""
    if value.tzinfo is None or value.utcoffset() is None:
        raise ValueError(f"naive datetime {value.isoformat()!r}: every time must carry a zone")
    return value.astimezone(UTC)


def stable_id(*parts: str) -> str:
    """A deterministic id for a record whose source has none.

    A 16-byte BLAKE2b digest of the parts, joined with a separator no part can contain
    unescaped, prefixed with ``h`` so it never collides with a platform's numeric ids.
    """
    digest = hashlib.blake2b(digest_size=16)
    for part in parts:
        digest.update(part.replace("\\", "\\\\").replace("\x1f", "\\x1f").encode("utf-8"))
        digest.update(b"\x1f")
    return "h" + digest.hexdigest()


def account_ref(handle: str) -> str:
    """The account id used when a source names an account only by its handle.

    Handles are case-insensitive on the platforms we ingest, so the reference is the
    case-folded handle behind an ``@``: ``account_ref("AbuX")`` is ``"@abux"``.
    """
    cleaned = handle.strip().lstrip("@").casefold()
    if not cleaned:
        raise ValueError("empty handle")
    return "@" + cleaned


@dataclass(frozen=True, slots=True)
class Media:
    """A media attachment as referenced by the source: a key, a URL string, or a local path."""

    kind: MediaKind
    key: str | None = None
    url: str | None = None
    path: str | None = None


@slot_init
@dataclass(frozen=True, slots=True)
class Account:
    """An account on a platform, as one source saw it.

    ``observed`` is when this snapshot was true: the time of the post it came with (the
    pipeline fills it). A store keeps the most recently observed snapshot of each account,
    so reading an export again, or in another order, gives the same account rows.
    """

    platform: str
    id: str
    handle: str | None = None
    display_name: str | None = None
    description: str | None = None
    followers: int | None = None
    post_count: int | None = None
    created: datetime | None = None
    status: AccountStatus = AccountStatus.UNKNOWN
    observed: datetime | None = None
    raw: RawRecord = field(default_factory=dict, compare=False, repr=False)

    def __post_init__(self) -> None:
        if not self.platform or not self.id:
            raise ValueError("an account needs a platform and an id")
        if self.created is not None and self.created.tzinfo is not UTC:
            object.__setattr__(self, "created", utc(self.created))
        if self.observed is not None and self.observed.tzinfo is not UTC:
            object.__setattr__(self, "observed", utc(self.observed))

    def observed_at(self, when: datetime) -> Account:
        """A copy of this snapshot marked as observed at ``when`` (a UTC time).

        A hot path (once per record): it copies the fields directly instead of going through
        ``dataclasses.replace``.
        """
        new = Account.__new__(Account)
        for name, put in _ACCOUNT_SETTERS:
            put(new, getattr(self, name))
        _set_observed(new, utc(when))
        return new


@slot_init
@dataclass(frozen=True, slots=True)
class Post:
    """One post, message or tweet.

    ``account_id`` and the ``*_account`` fields hold platform account ids, or
    :func:`account_ref` of a handle when the source gives no id. ``mentions`` are handles as
    written (without ``@``); ``mention_ids`` holds the account id of each, in the same order.
    ``text_key`` (the normalised matching key) and ``language`` are filled by the pipeline.
    """

    platform: str
    id: str
    account_id: str
    created: datetime
    text: str
    language: str | None = None
    language_score: float | None = None
    text_key: str | None = None
    reply_to: str | None = None
    reply_to_account: str | None = None
    repost_of: str | None = None
    repost_of_account: str | None = None
    quote_of: str | None = None
    quote_of_account: str | None = None
    urls: tuple[str, ...] = ()
    mentions: tuple[str, ...] = ()
    mention_ids: tuple[str, ...] = ()
    hashtags: tuple[str, ...] = ()
    media: tuple[Media, ...] = ()
    raw: RawRecord = field(default_factory=dict, compare=False, repr=False)

    def __post_init__(self) -> None:
        if not self.platform or not self.id or not self.account_id:
            raise ValueError("a post needs a platform, an id and an account id")
        if self.created.tzinfo is not UTC:
            if self.created.utcoffset() is None:
                raise ValueError(
                    f"post {self.id}: naive creation time {self.created.isoformat()!r}"
                )
            object.__setattr__(self, "created", self.created.astimezone(UTC))
        if len(self.mention_ids) != len(self.mentions):
            raise ValueError(f"post {self.id}: mention_ids must align with mentions")

    def with_text_annotations(
        self, text_key: str, language: str | None, language_score: float | None
    ) -> Post:
        """A copy carrying the pipeline's matching key and language.

        A hot path (once per post per run): it copies the fields directly instead of going
        through ``dataclasses.replace``, which would validate again what was validated.
        """
        # One line a field through the slots' own setters (a loop with getattr costs a third
        # more, ``object.__setattr__`` half as much again); a test checks every field is copied,
        # so a new field cannot be forgotten here.
        new = Post.__new__(Post)
        put = _POST_SETTERS
        put[0](new, self.platform)
        put[1](new, self.id)
        put[2](new, self.account_id)
        put[3](new, self.created)
        put[4](new, self.text)
        put[5](new, language)
        put[6](new, language_score)
        put[7](new, text_key)
        put[8](new, self.reply_to)
        put[9](new, self.reply_to_account)
        put[10](new, self.repost_of)
        put[11](new, self.repost_of_account)
        put[12](new, self.quote_of)
        put[13](new, self.quote_of_account)
        put[14](new, self.urls)
        put[15](new, self.mentions)
        put[16](new, self.mention_ids)
        put[17](new, self.hashtags)
        put[18](new, self.media)
        put[19](new, self.raw)
        return new


@dataclass(frozen=True, slots=True)
class PostScore:
    """A model's score of one post: the calibrated probability of the positive label.

    A post keeps one score per model *and* model version, so scores of a retrained model sit
    beside the old ones until they are no longer wanted. ``label`` is the predicted label's
    value (``"propaganda"``, ``"other"``); ``explanation`` names the features that pushed the
    score most, strongest first. ``scored`` is when the score was made (UTC); the store fills
    it with the time of the write when it is None. ``caveats`` name why the score may say less
    than it seems (``"short"``, ``"long"``, ``"language"``: see ``nohaven.classify.caveats``).
    """

    platform: str
    post_id: str
    model: str
    model_version: str
    score: float
    label: str
    explanation: tuple[str, ...] = ()
    scored: datetime | None = None
    caveats: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        for name in ("platform", "post_id", "model", "model_version", "label"):
            value = getattr(self, name)
            if not isinstance(value, str) or not value:
                raise ValueError(f"a post score needs a non-empty {name}, got {value!r}")
        given: object = self.score
        # Real numbers of any kind (numpy's float32 too) are stored as plain floats.
        if isinstance(given, bool) or not isinstance(given, numbers.Real):
            raise ValueError(f"score of post {self.post_id} must be a number, got {given!r}")
        score = float(given)
        if not math.isfinite(score) or not 0.0 <= score <= 1.0:
            raise ValueError(
                f"score of post {self.post_id} by {self.model} must be within [0, 1], got {score!r}"
            )
        if type(self.score) is not float:
            object.__setattr__(self, "score", score)
        explanation: Iterable[object] = self.explanation
        if not isinstance(explanation, tuple):  # a list from a caller that ignored the type
            explanation = tuple(explanation)
            object.__setattr__(self, "explanation", explanation)
        if not all(isinstance(item, str) for item in explanation):
            raise ValueError(f"explanation of post {self.post_id} must be strings")
        caveats: Iterable[object] = self.caveats
        if not isinstance(caveats, tuple):
            caveats = tuple(caveats)
            object.__setattr__(self, "caveats", caveats)
        if not all(isinstance(item, str) and item for item in caveats):
            raise ValueError(f"caveats of post {self.post_id} must be non-empty strings")
        if self.scored is not None and self.scored.tzinfo is not UTC:
            object.__setattr__(self, "scored", utc(self.scored))


SlotSetter = Callable[[Any, Any], None]


def _slot_setters(cls: type) -> tuple[tuple[str, SlotSetter], ...]:
    """Each field's name and the setter of its slot, in field order.

    Setting a frozen record's slot through its descriptor skips the frozen ``__setattr__``
    (as ``object.__setattr__`` does) and the attribute look-up: the copies above are a hot
    path. Works for compiled (mypyc) classes too, whose fields are descriptors as well.
    """
    return tuple((item.name, vars(cls)[item.name].__set__) for item in fields(cls))


_POST_SETTERS: Final = tuple(put for _, put in _slot_setters(Post))
_ACCOUNT_SETTERS: Final = _slot_setters(Account)
_set_observed: Final = dict(_ACCOUNT_SETTERS)["observed"]


@slot_init
@dataclass(frozen=True, slots=True)
class Interaction:
    """One account acting on another through a post (repost, reply, mention, quote)."""

    platform: str
    kind: InteractionKind
    source_account: str
    target_account: str
    post_id: str
    time: datetime


def interactions_of(post: Post) -> list[Interaction]:
    """Every interaction a post carries, derived from its fields alone.

    Self-interactions (replying to or mentioning oneself) are kept: threads matter to analysts.
    A mention of the account a post reposts is not repeated as a mention.
    """
    out: list[Interaction] = []
    src, pid, when, platform = post.account_id, post.id, post.created, post.platform
    if post.repost_of_account:
        out.append(
            Interaction(platform, InteractionKind.REPOST, src, post.repost_of_account, pid, when)
        )
    if post.reply_to_account:
        out.append(
            Interaction(platform, InteractionKind.REPLY, src, post.reply_to_account, pid, when)
        )
    if post.quote_of_account:
        out.append(
            Interaction(platform, InteractionKind.QUOTE, src, post.quote_of_account, pid, when)
        )
    seen: set[str] = set()
    for target in post.mention_ids:
        if target in seen or target == post.repost_of_account:
            continue
        seen.add(target)
        out.append(Interaction(platform, InteractionKind.MENTION, src, target, pid, when))
    return out


@dataclass(frozen=True, slots=True)
class PostLink:
    """An off-platform destination one post points its audience to (see :mod:`nohaven.links`).

    Keyed by ``(platform, post_id, target)``: a post that names the same destination twice has
    one link. ``account_id`` and ``created`` are the post's, so migration analytics need no
    join. ``kind`` and ``source`` hold :class:`~nohaven.links.base.LinkKind` and
    :class:`~nohaven.links.base.LinkSource` values.
    """

    platform: str
    post_id: str
    account_id: str
    created: datetime
    target: str
    raw: str
    kind: str
    domain: str | None = None
    app: str | None = None
    obfuscated: bool = False
    source: str = "text"

    def __post_init__(self) -> None:
        for name in ("platform", "post_id", "account_id", "target", "kind"):
            value = getattr(self, name)
            if not isinstance(value, str) or not value:
                raise ValueError(f"a post link needs a non-empty {name}, got {value!r}")
        if self.created.tzinfo is not UTC:
            object.__setattr__(self, "created", utc(self.created))
