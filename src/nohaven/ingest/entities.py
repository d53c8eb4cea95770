"""Entities derived from post text, for sources that give only the text.

Twitter-style conventions: ``RT @handle:`` at the start marks a repost, ``@handle`` a mention,
``#tag`` a hashtag, and ``http(s)://`` starts a link. Links are strings only: never fetched.
Full outlink extraction (obfuscated links, invites, onion addresses) lives in ``links/``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = ["TextEntities", "parse_text_entities"]

_REPOST = re.compile(r"^\s*RT\s+@(\w{1,30})\s*:?", re.ASCII)
_MENTION = re.compile(r"(?<![\w@])@(\w{1,30})", re.ASCII)
_HASHTAG = re.compile(r"(?<![\w#&])[#＃](\w*[^\W\d_]\w*)")
_URL = re.compile(r"\bhttps?://[^\s<>\"'\u200b-\u200f\u2028\u2029\u3000]+", re.IGNORECASE)
_TRAILING = ".,;:!?)]}»\"'…"


@dataclass(frozen=True, slots=True)
class TextEntities:
    """What the text says: the reposted handle (if any), mentions, hashtags and URLs."""

    repost_of_handle: str | None
    mentions: tuple[str, ...]
    hashtags: tuple[str, ...]
    urls: tuple[str, ...]


def _unique(values: list[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(values))


def parse_text_entities(text: str) -> TextEntities:
    """Mentions, hashtags and URLs in order of first appearance, without duplicates."""
    has_url = "://" in text
    has_mention = "@" in text
    has_tag = "#" in text or "＃" in text
    if not (has_url or has_mention or has_tag):
        return _NONE
    urls = [match.group(0).rstrip(_TRAILING) for match in _URL.finditer(text)] if has_url else []
    # Mentions and hashtags inside URLs are not entities.
    rest = _URL.sub(" ", text) if urls else text
    repost = _REPOST.match(text) if has_mention else None
    return TextEntities(
        repost_of_handle=repost.group(1) if repost else None,
        mentions=_unique(_MENTION.findall(rest)) if has_mention else (),
        hashtags=_unique(_HASHTAG.findall(rest)) if has_tag else (),
        urls=_unique([url for url in urls if len(url) > len("https://")]),
    )


_NONE = TextEntities(repost_of_handle=None, mentions=(), hashtags=(), urls=())
