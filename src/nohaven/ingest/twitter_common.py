"""Helpers shared by the Twitter formats (API v1.1 and v2): reading, times, text and entities.

Both formats read the same containers (:func:`read_records`): JSON lines (plain or gzip), a
single JSON object in a ``.json`` file (one line or pretty-printed), or a JSON array of
objects (as in the PHEME thread files). For a JSON array, a record's ``line`` is the 1-based
position of the item in the array, since the whole array is often a single physical line.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Final

import orjson

from nohaven.ingest.base import Head, Reject, SourceRecord, excerpt
from nohaven.ingest.readers import read_head, read_json_document, read_jsonl
from nohaven.model import MediaKind, account_ref

__all__ = [
    "PLATFORM",
    "EntityBag",
    "as_int",
    "as_str",
    "first_object",
    "handle_ref",
    "media_kind",
    "read_records",
    "unescape",
]

PLATFORM: Final = "twitter"

_MEDIA_KINDS: Final[dict[str, MediaKind]] = {
    "photo": MediaKind.PHOTO,
    "video": MediaKind.VIDEO,
    "animated_gif": MediaKind.ANIMATED_GIF,
}
# The numeric prefix of a v2 media key names its kind (3 photo, 7 video, 13 amplify video,
# 16 animated GIF); used when the key is not resolved through ``includes.media``.
_MEDIA_KEY_KINDS: Final[dict[str, MediaKind]] = {
    "3": MediaKind.PHOTO,
    "7": MediaKind.VIDEO,
    "13": MediaKind.VIDEO,
    "16": MediaKind.ANIMATED_GIF,
}


def as_str(value: object) -> str | None:
    """``value`` when it is a non-empty string, else ``None``."""
    return value if isinstance(value, str) and value else None


def as_int(value: object) -> int | None:
    """``value`` when it is an integer (not a bool), else ``None``."""
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def handle_ref(handle: str) -> str | None:
    """:func:`~nohaven.model.account_ref` of a handle, or ``None`` for a blank one."""
    return account_ref(handle) if handle.strip().lstrip("@") else None


def unescape(text: str) -> str:
    """Undo the HTML escaping Twitter applies to post text (only ``&``, ``<`` and ``>``).

    Exactly the inverse of Twitter's escaping: a literal ``&lt;`` typed by a user arrives as
    ``&amp;lt;`` and comes back as ``&lt;``. Other entities are left as the user wrote them.
    """
    if "&" not in text:
        return text
    return text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")


def media_kind(kind: object, key: object = None) -> MediaKind:
    """The media kind from a ``type`` value, else from a v2 media key's prefix."""
    if isinstance(kind, str):
        found = _MEDIA_KINDS.get(kind)
        if found is not None:
            return found
    if isinstance(key, str) and "_" in key:
        return _MEDIA_KEY_KINDS.get(key.split("_", 1)[0], MediaKind.OTHER)
    return MediaKind.OTHER


class EntityBag:
    """Ordered, de-duplicated URLs, mentions (by account id) and hashtags of one post.

    Local to a single ``map`` call; several entity sources (a retweet's own entities and the
    full entities of the status it retweets) are merged in order of first appearance.
    """

    __slots__ = ("hashtags", "mentions", "skip_urls", "urls")

    def __init__(self, skip_urls: tuple[str, ...] = ()) -> None:
        self.urls: dict[str, None] = {}
        self.mentions: dict[str, str] = {}
        self.hashtags: dict[str, None] = {}
        self.skip_urls = skip_urls

    def add_url(self, url: object) -> None:
        if isinstance(url, str) and url and url not in self.skip_urls:
            self.urls[url] = None

    def add_mention(self, account_id: str, handle: str) -> None:
        if account_id not in self.mentions:
            self.mentions[account_id] = handle

    def add_hashtag(self, tag: object) -> None:
        if isinstance(tag, str) and tag:
            self.hashtags[tag] = None

    def url_tuple(self) -> tuple[str, ...]:
        return tuple(self.urls)

    def mention_tuples(self) -> tuple[tuple[str, ...], tuple[str, ...]]:
        """``(handles, account ids)``, aligned."""
        return tuple(self.mentions.values()), tuple(self.mentions)

    def hashtag_tuple(self) -> tuple[str, ...]:
        return tuple(self.hashtags)


def first_object(head: Head) -> Mapping[str, object] | None:
    """The first line of a sniffed file as a JSON object, when it is one and complete."""
    line = head.first_line
    if not line.startswith("{") or not line.endswith("}"):
        return None
    try:
        value = orjson.loads(line)
    except orjson.JSONDecodeError:
        return None
    return value if isinstance(value, dict) else None


def _is_document(head: Head) -> bool:
    """A JSON array, or one object spread over several lines (pretty-printed)."""
    text = head.text.lstrip("\ufeff \t\r\n")
    if text.startswith("["):
        return True
    if not text.startswith("{"):
        return False
    end = text.find("\n")
    return end != -1 and not text[:end].rstrip().endswith("}")


def read_records(path: Path) -> Iterator[SourceRecord | Reject]:
    """Stream JSON objects from JSON lines, one JSON object, or a JSON array of objects.

    JSON lines are streamed; a whole document (array or pretty-printed object) is parsed in
    memory, as such files are written by tools that hold them in memory too.
    """
    if not _is_document(read_head(path)):
        yield from read_jsonl(path)
        return
    source = str(path)
    value, reject = read_json_document(path)
    if reject is not None:
        yield reject
        return
    if isinstance(value, dict):
        yield SourceRecord(source, 1, value)
    elif isinstance(value, list):
        for index, item in enumerate(value, 1):
            if isinstance(item, dict):
                yield SourceRecord(source, index, item)
            else:
                yield Reject(
                    source,
                    index,
                    f"item {index} of the JSON array is {type(item).__name__}, not an object",
                    excerpt(item),
                )
    else:
        yield Reject(
            source,
            1,
            f"expected a JSON object or array, found {type(value).__name__}",
            excerpt(value),
        )
