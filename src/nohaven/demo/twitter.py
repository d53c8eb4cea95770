"""Render synthetic tweets in the Twitter API v1.1 and v2 layouts.

v1.1: status objects as the search and streaming APIs return them (``user``, ``entities`` with
``urls[].expanded_url``, ``user_mentions``, ``hashtags``, ``retweeted_status``,
``quoted_status``, ``in_reply_to_*``, ``created_at`` like ``Wed Aug 27 13:08:45 +0000 2008``).
Links are wrapped in ``t.co`` URLs; a retweet's text is ``RT @author: ...`` cut at 140
characters. v2: twarc2 response pages (``data``, ``includes.users``, ``includes.tweets``,
``meta``, ``__twarc``). Entity indices count code points, as the APIs do.
"""

from __future__ import annotations

import hashlib
import string
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from nohaven.demo.activity import PostKind, SynthPost, Timeline
from nohaven.demo.cast import Actor, Cast
from nohaven.demo.clock import twitter_time, v2_time
from nohaven.demo.truth import Role

__all__ = ["TwitterRenderer"]

_B62 = string.digits + string.ascii_letters
_SOURCES = (
    '<a href="http://twitter.com/download/android" rel="nofollow">Twitter for Android</a>',
    '<a href="http://twitter.com/download/iphone" rel="nofollow">Twitter for iPhone</a>',
    '<a href="https://mobile.twitter.com" rel="nofollow">Twitter Web App</a>',
)
_V2_SOURCES = ("Twitter for Android", "Twitter for iPhone", "Twitter Web App")
_V2_QUERY = (
    "https://api.twitter.com/2/tweets/search/all?expansions=author_id%2Creferenced_tweets.id"
    "%2Creferenced_tweets.id.author_id%2Centities.mentions.username&tweet.fields=author_id"
    "%2Cconversation_id%2Ccreated_at%2Centities%2Cid%2Clang%2Cpublic_metrics%2Creferenced_tweets"
    "%2Ctext&user.fields=created_at%2Cdescription%2Cid%2Cname%2Cpublic_metrics%2Cusername"
    "&max_results=100&query=from%3Anews_desks"
)


def _tco(post_id: int, n: int) -> str:
    value = int.from_bytes(hashlib.blake2b(f"{post_id}:{n}".encode(), digest_size=8).digest())
    code = ""
    for _ in range(10):
        value, digit = divmod(value, 62)
        code += _B62[digit]
    return "https://t.co/" + code


def _display(url: str) -> str:
    bare = url.split("://", 1)[-1]
    return bare if len(bare) <= 26 else bare[:25] + "…"


@dataclass(frozen=True, slots=True)
class _Span:
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class _Rendered:
    text: str
    mentions: tuple[tuple[Actor, _Span], ...]
    hashtags: tuple[tuple[str, _Span], ...]
    urls: tuple[tuple[str, str, _Span], ...]  # (t.co url, expanded url, span)


class TwitterRenderer:
    """Turns :class:`SynthPost` records into API-shaped dictionaries."""

    def __init__(self, cast: Cast, timeline: Timeline, collected: datetime) -> None:
        self.actors = cast.actors
        self.by_id = {p.id: p for p in timeline.posts}
        self.collected = collected
        self.retweets: Counter[int] = Counter(
            p.target for p in timeline.posts if p.kind is PostKind.RETWEET and p.target
        )
        self.quotes: Counter[int] = Counter(
            p.target for p in timeline.posts if p.kind is PostKind.QUOTE and p.target
        )
        self.replies: Counter[int] = Counter(
            p.target for p in timeline.posts if p.kind is PostKind.REPLY and p.target
        )
        self.authored: Counter[int] = Counter(p.actor for p in timeline.posts)
        self._users: dict[int, dict[str, Any]] = {}
        self._rendered: dict[int, _Rendered] = {}

    # -- text and entities ------------------------------------------------------------------

    def render(self, post: SynthPost) -> _Rendered:
        cached = self._rendered.get(post.id)
        if cached is not None:
            return cached
        text = ""
        mentions: list[tuple[Actor, _Span]] = []
        hashtags: list[tuple[str, _Span]] = []
        urls: list[tuple[str, str, _Span]] = []
        if post.kind is PostKind.REPLY and post.target is not None:
            target = self.actors[self.by_id[post.target].actor]
            text = f"@{target.handle} "
            mentions.append((target, _Span(0, len(target.handle) + 1)))
        base = len(text)
        text += post.body
        for index in post.mentions:
            actor = self.actors[index]
            at = text.find(f"@{actor.handle}", base)
            if at >= 0:
                mentions.append((actor, _Span(at, at + len(actor.handle) + 1)))
        for tag in post.hashtags:
            text += " "
            hashtags.append((tag, _Span(len(text), len(text) + len(tag) + 1)))
            text += "#" + tag
        expanded = [lk.url for lk in post.links if not lk.obfuscated]
        if post.kind is PostKind.QUOTE and post.target is not None:
            quoted = self.by_id[post.target]
            handle = self.actors[quoted.actor].handle
            expanded.append(f"https://twitter.com/{handle}/status/{quoted.id}")
        for n, url in enumerate(expanded):
            short = _tco(post.id, n)
            text += " "
            urls.append((short, url, _Span(len(text), len(text) + len(short))))
            text += short
        rendered = _Rendered(text, tuple(mentions), tuple(hashtags), tuple(urls))
        self._rendered[post.id] = rendered
        return rendered

    # -- v1.1 -------------------------------------------------------------------------------

    def v1_user(self, actor: Actor) -> dict[str, Any]:
        user = self._users.get(actor.index)
        if user is None:
            user = {
                "id": actor.id,
                "id_str": actor.id_str,
                "name": actor.name,
                "screen_name": actor.handle,
                "location": "",
                "description": actor.description,
                "url": None,
                "entities": {"description": {"urls": []}},
                "protected": False,
                "followers_count": actor.followers,
                "friends_count": actor.friends,
                "listed_count": actor.followers // 200,
                "created_at": twitter_time(actor.created),
                "favourites_count": actor.friends * 3,
                "utc_offset": None,
                "time_zone": None,
                "geo_enabled": False,
                "verified": actor.role is Role.NEWS and actor.followers > 20000,
                "statuses_count": self.authored[actor.index],
                "lang": None,
                "contributors_enabled": False,
                "is_translator": False,
                "is_translation_enabled": False,
                "profile_background_color": "F5F8FA",
                "profile_image_url": "http://abs.twimg.com/sticky/default_profile_images/"
                "default_profile_normal.png",
                "profile_image_url_https": "https://abs.twimg.com/sticky/default_profile_images/"
                "default_profile_normal.png",
                "default_profile": True,
                "default_profile_image": True,
                "following": None,
                "follow_request_sent": None,
                "notifications": None,
                "translator_type": "none",
            }
            self._users[actor.index] = user
        return user

    def _v1_entities(
        self, r: _Rendered, shift: int = 0, limit: int | None = None
    ) -> dict[str, Any]:
        def keep(span: _Span) -> bool:
            return limit is None or span.end + shift <= limit

        def idx(span: _Span) -> list[int]:
            return [span.start + shift, span.end + shift]

        return {
            "hashtags": [{"text": t, "indices": idx(s)} for t, s in r.hashtags if keep(s)],
            "symbols": [],
            "user_mentions": [
                {
                    "screen_name": a.handle,
                    "name": a.name,
                    "id": a.id,
                    "id_str": a.id_str,
                    "indices": idx(s),
                }
                for a, s in r.mentions
                if keep(s)
            ],
            "urls": [
                {"url": short, "expanded_url": url, "display_url": _display(url), "indices": idx(s)}
                for short, url, s in r.urls
                if keep(s)
            ],
        }

    def v1(self, post: SynthPost, *, embed: bool = True) -> dict[str, Any]:
        """One v1.1 status object; ``embed`` includes the retweeted / quoted status."""
        actor = self.actors[post.actor]
        lang = actor.lang
        doc: dict[str, Any] = {
            "created_at": twitter_time(post.created),
            "id": post.id,
            "id_str": str(post.id),
        }
        original = self.by_id[post.target] if post.target is not None else None
        if post.kind is PostKind.RETWEET and original is not None:
            author = self.actors[original.actor]
            inner = self.render(original)
            prefix = f"RT @{author.handle}: "
            full = prefix + inner.text
            text = full if len(full) <= 140 else full[:139] + "…"
            entities = self._v1_entities(inner, len(prefix), len(text))
            entities["user_mentions"].insert(
                0,
                {
                    "screen_name": author.handle,
                    "name": author.name,
                    "id": author.id,
                    "id_str": author.id_str,
                    "indices": [3, 4 + len(author.handle)],
                },
            )
            lang = author.lang
        else:
            rendered = self.render(post)
            text = rendered.text
            entities = self._v1_entities(rendered)
        doc["text"] = text
        doc["truncated"] = False
        doc["entities"] = entities
        doc["metadata"] = {"iso_language_code": lang, "result_type": "recent"}
        doc["source"] = _SOURCES[actor.index % len(_SOURCES)]
        reply_to = original if post.kind is PostKind.REPLY else None
        reply_author = self.actors[reply_to.actor] if reply_to else None
        doc["in_reply_to_status_id"] = reply_to.id if reply_to else None
        doc["in_reply_to_status_id_str"] = str(reply_to.id) if reply_to else None
        doc["in_reply_to_user_id"] = reply_author.id if reply_author else None
        doc["in_reply_to_user_id_str"] = reply_author.id_str if reply_author else None
        doc["in_reply_to_screen_name"] = reply_author.handle if reply_author else None
        doc["user"] = self.v1_user(actor)
        doc["geo"] = None
        doc["coordinates"] = None
        doc["place"] = None
        doc["contributors"] = None
        if post.kind is PostKind.RETWEET and original is not None and embed:
            doc["retweeted_status"] = self.v1(original)
        doc["is_quote_status"] = post.kind is PostKind.QUOTE or (
            post.kind is PostKind.RETWEET
            and original is not None
            and original.kind is PostKind.QUOTE
        )
        if post.kind is PostKind.QUOTE and original is not None:
            doc["quoted_status_id"] = original.id
            doc["quoted_status_id_str"] = str(original.id)
            if embed:
                doc["quoted_status"] = self.v1(original, embed=False)
        counted = original.id if post.kind is PostKind.RETWEET and original else post.id
        doc["retweet_count"] = self.retweets[counted]
        doc["favorite_count"] = self.retweets[counted] * 3 + counted % 4
        doc["favorited"] = False
        doc["retweeted"] = False
        if entities["urls"]:
            doc["possibly_sensitive"] = False
        doc["lang"] = lang
        return doc

    # -- v2 ---------------------------------------------------------------------------------

    def v2_user(self, actor: Actor) -> dict[str, Any]:
        return {
            "id": actor.id_str,
            "name": actor.name,
            "username": actor.handle,
            "created_at": v2_time(actor.created),
            "description": actor.description,
            "protected": False,
            "verified": actor.role is Role.NEWS and actor.followers > 20000,
            "url": "",
            "profile_image_url": "https://abs.twimg.com/sticky/default_profile_images/"
            "default_profile_normal.png",
            "public_metrics": {
                "followers_count": actor.followers,
                "following_count": actor.friends,
                "tweet_count": self.authored[actor.index],
                "listed_count": actor.followers // 200,
            },
        }

    def v2(self, post: SynthPost) -> dict[str, Any]:
        actor = self.actors[post.actor]
        original = self.by_id[post.target] if post.target is not None else None
        lang = actor.lang
        if post.kind is PostKind.RETWEET and original is not None:
            author = self.actors[original.actor]
            inner = self.render(original)
            prefix = f"RT @{author.handle}: "
            text = prefix + inner.text
            rendered = _Rendered(
                text,
                (
                    (author, _Span(3, 4 + len(author.handle))),
                    *tuple(
                        (a, _Span(s.start + len(prefix), s.end + len(prefix)))
                        for a, s in inner.mentions
                    ),
                ),
                tuple(
                    (t, _Span(s.start + len(prefix), s.end + len(prefix)))
                    for t, s in inner.hashtags
                ),
                tuple(
                    (u, x, _Span(s.start + len(prefix), s.end + len(prefix)))
                    for u, x, s in inner.urls
                ),
            )
            lang = author.lang
        else:
            rendered = self.render(post)
        doc: dict[str, Any] = {}
        if original is not None:
            kind = {
                PostKind.RETWEET: "retweeted",
                PostKind.QUOTE: "quoted",
                PostKind.REPLY: "replied_to",
            }[post.kind]
            doc["referenced_tweets"] = [{"type": kind, "id": str(original.id)}]
        if post.kind is PostKind.REPLY and original is not None:
            doc["in_reply_to_user_id"] = self.actors[original.actor].id_str
        entities: dict[str, Any] = {}
        if rendered.urls:
            entities["urls"] = [
                {
                    "start": s.start,
                    "end": s.end,
                    "url": short,
                    "expanded_url": url,
                    "display_url": _display(url),
                }
                for short, url, s in rendered.urls
            ]
        if rendered.hashtags:
            entities["hashtags"] = [
                {"start": s.start, "end": s.end, "tag": t} for t, s in rendered.hashtags
            ]
        if rendered.mentions:
            entities["mentions"] = [
                {"start": s.start, "end": s.end, "username": a.handle, "id": a.id_str}
                for a, s in rendered.mentions
            ]
        if entities:
            doc["entities"] = entities
        counted = original.id if post.kind is PostKind.RETWEET and original else post.id
        doc.update(
            {
                "source": _V2_SOURCES[actor.index % len(_V2_SOURCES)],
                "possibly_sensitive": False,
                "conversation_id": str(post.id),
                "public_metrics": {
                    "retweet_count": self.retweets[counted],
                    "reply_count": self.replies[counted],
                    "like_count": self.retweets[counted] * 3 + counted % 4,
                    "quote_count": self.quotes[counted],
                },
                "lang": lang,
                "id": str(post.id),
                "edit_history_tweet_ids": [str(post.id)],
                "author_id": actor.id_str,
                "reply_settings": "everyone",
                "created_at": v2_time(post.created),
                "text": rendered.text,
            }
        )
        return doc

    def v2_page(self, posts: Sequence[SynthPost], next_token: str | None) -> dict[str, Any]:
        """One twarc2 search page (newest first) with its ``includes`` expansions."""
        data = [self.v2(p) for p in posts]
        users: dict[int, dict[str, Any]] = {}
        tweets: dict[int, dict[str, Any]] = {}
        for post in posts:
            users.setdefault(post.actor, self.v2_user(self.actors[post.actor]))
            if post.target is not None:
                ref = self.by_id[post.target]
                tweets.setdefault(ref.id, self.v2(ref))
                users.setdefault(ref.actor, self.v2_user(self.actors[ref.actor]))
            for index in post.mentions:
                users.setdefault(index, self.v2_user(self.actors[index]))
        meta: dict[str, Any] = {
            "newest_id": str(posts[0].id),
            "oldest_id": str(posts[-1].id),
            "result_count": len(posts),
        }
        if next_token:
            meta["next_token"] = next_token
        includes: dict[str, Any] = {"users": list(users.values())}
        if tweets:
            includes["tweets"] = list(tweets.values())
        return {
            "data": data,
            "includes": includes,
            "meta": meta,
            "__twarc": {
                "url": _V2_QUERY,
                "version": "2.14.0",
                "retrieved_at": self.collected.isoformat(),
            },
        }
