"""The Telegram side of the synthetic world: channels the network points to, and a group chat.

Channels are written as Telethon ``Message.to_dict()`` objects, one per line, newest first,
with the keys and date format of the published sample (``telegram-telethon-sample``). The
group chat is written as a Telegram Desktop "Export chat history" ``result.json`` following
the documented layout (``name``, ``type``, ``id``, ``messages`` with ``date``,
``date_unixtime``, ``from``, ``from_id``, ``text`` as a string or a list of parts,
``text_entities``, ``reply_to_message_id``, ``forwarded_from`` and service messages).
No real Desktop export was available to copy, so this layout follows the documentation.
"""

from __future__ import annotations

import bisect
import heapq
import random
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from nohaven.demo import text, vocab
from nohaven.demo.activity import Thread
from nohaven.demo.cast import Actor, Cast
from nohaven.demo.clock import month_key, telethon_time
from nohaven.demo.links import LinkPlan, SynthLink, file_host_link, web_link
from nohaven.demo.truth import LinkCategory, Role

__all__ = [
    "ChannelPlan",
    "GroupChat",
    "GroupMember",
    "LinkTally",
    "channel_messages",
    "group_chat",
    "plan_channels",
]

_TITLE = {"ar": "قناة {name}", "fr": "Chaîne {name}", "en": "{name} Channel"}
_GROUP = {"ar": "نادي القراءة", "fr": "Club de lecture", "en": "Reading Circle"}


@dataclass(frozen=True, slots=True)
class ChannelPlan:
    username: str
    title: str
    channel_id: int
    lang: str
    persona: str
    actor: int  # the persona's first account, for its hashtags and topics
    times: tuple[datetime, ...]
    first_id: int

    def last_id(self, when: datetime) -> int:
        """The id of the channel's newest message at ``when`` (0 before the first)."""
        k = bisect.bisect_right(self.times, when)
        return self.first_id + k - 1 if k else 0


@dataclass(slots=True)
class LinkTally:
    """Per-month counts of authored messages and their links (see ``MonthLinkMix``)."""

    posts: dict[str, int] = field(default_factory=dict)
    with_links: dict[str, int] = field(default_factory=dict)
    categories: dict[tuple[str, LinkCategory], int] = field(default_factory=dict)
    obfuscated: dict[str, int] = field(default_factory=dict)

    def add(self, when: datetime, links: tuple[SynthLink, ...]) -> None:
        month = month_key(when)
        self.posts[month] = self.posts.get(month, 0) + 1
        if links:
            self.with_links[month] = self.with_links.get(month, 0) + 1
        for link in links:
            key = (month, link.category)
            self.categories[key] = self.categories.get(key, 0) + 1
            if link.obfuscated:
                self.obfuscated[month] = self.obfuscated.get(month, 0) + 1


def _utf16(value: str) -> int:
    return len(value.encode("utf-16-le")) // 2


def plan_channels(
    rng: random.Random, cast: Cast, start: datetime, end: datetime
) -> tuple[ChannelPlan, ...]:
    """One channel for the first persona of each language (three at most)."""
    plans: list[ChannelPlan] = []
    seen: list[str] = []
    for p, chain in enumerate(cast.personas):
        head = cast.actors[chain[0]]
        if head.lang in seen:
            continue
        seen.append(head.lang)
        base = head.handle.rstrip("0123456789_")
        opened = max(start, head.created + timedelta(days=20))
        times: list[datetime] = []
        day = opened.replace(hour=0, minute=0, second=0, microsecond=0)
        while day < end:
            progress = (day - start) / (end - start)
            for _ in range(int(0.3 + 1.4 * progress + rng.random())):
                when = day + timedelta(seconds=rng.randrange(6 * 3600, 86400))
                if opened <= when < end:
                    times.append(when)
            day += timedelta(days=1)
        times.sort()
        plans.append(
            ChannelPlan(
                username=f"demo_{base.lower()}",
                title=_TITLE[head.lang].format(name=head.name),
                channel_id=rng.randrange(1_100_000_000, 1_999_999_999),
                lang=head.lang,
                persona=f"persona-{p + 1:02d}",
                actor=head.index,
                times=tuple(times),
                first_id=rng.randint(40, 400),
            )
        )
    return tuple(plans)


def _message(
    channel: ChannelPlan,
    msg_id: int,
    when: datetime,
    body: str,
    entities: list[dict[str, Any]],
    fwd: dict[str, Any] | None,
    views: int,
    forwards: int,
) -> dict[str, Any]:
    return {
        "_": "Message",
        "id": msg_id,
        "peer_id": {"_": "PeerChannel", "channel_id": channel.channel_id},
        "date": telethon_time(when),
        "message": body,
        "out": False,
        "mentioned": False,
        "media_unread": False,
        "silent": False,
        "post": True,
        "from_scheduled": False,
        "legacy": False,
        "edit_hide": False,
        "pinned": False,
        "noforwards": False,
        "invert_media": False,
        "offline": False,
        "video_processing_pending": False,
        "paid_suggested_post_stars": False,
        "paid_suggested_post_ton": False,
        "from_id": None,
        "from_boosts_applied": None,
        "saved_peer_id": None,
        "fwd_from": fwd,
        "via_bot_id": None,
        "via_business_bot_id": None,
        "reply_to": None,
        "media": None,
        "reply_markup": None,
        "entities": entities,
        "views": views,
        "forwards": forwards,
        "replies": None,
        "edit_date": None,
        "post_author": None,
        "grouped_id": None,
        "reactions": None,
        "restriction_reason": [],
        "ttl_period": None,
        "quick_reply_shortcut_id": None,
        "effect": None,
        "factcheck": None,
        "report_delivery_until_date": None,
        "paid_message_stars": None,
        "suggested_post": None,
    }


def _channel_link(
    rng: random.Random,
    progress: float,
    others: list[ChannelPlan],
    when: datetime,
    plan: LinkPlan,
) -> SynthLink:
    file_host = 0.25 + 0.5 * progress
    roll = rng.random()
    if roll < 0.12 and others:
        other = rng.choice(others)
        last = other.last_id(when)
        url = f"https://t.me/{other.username}" + (f"/{last}" if last else "")
        link = SynthLink(url, LinkCategory.MESSAGING)
    elif roll < 0.12 + file_host:
        link = file_host_link(rng)
    else:
        return web_link(rng)
    if rng.random() < plan.obfuscation_share(progress) * 0.5:
        return SynthLink(link.url, link.category, obfuscated=True)
    return link


def channel_messages(
    rng: random.Random,
    cast: Cast,
    channels: tuple[ChannelPlan, ...],
    start: datetime,
    end: datetime,
    plan: LinkPlan,
    tally: LinkTally,
) -> dict[str, list[dict[str, Any]]]:
    """Every channel's messages as Telethon dicts, oldest first, keyed by channel username."""
    out: dict[str, list[dict[str, Any]]] = {c.username: [] for c in channels}
    queue = heapq.merge(*[[(t, i) for t in c.times] for i, c in enumerate(channels)])
    counters = [c.first_id for c in channels]
    for when, i in queue:
        channel = channels[i]
        actor = cast.actors[channel.actor]
        msg_id = counters[i]
        counters[i] += 1
        progress = (when - start) / (end - start)
        others = [c for c in channels if c is not channel]
        sources = [c for c in others if out[c.username]]
        age = (end - when).days
        views = int(200 + 40 * age * rng.random() + 300 * progress)
        if sources and rng.random() < 0.12:
            source = rng.choice(sources)
            copied = out[source.username][-1 - rng.randrange(min(5, len(out[source.username])))]
            fwd = {
                "_": "MessageFwdHeader",
                "date": copied["date"],
                "imported": False,
                "saved_out": False,
                "from_id": {"_": "PeerChannel", "channel_id": source.channel_id},
                "from_name": None,
                "channel_post": copied["id"],
                "post_author": None,
                "saved_from_peer": None,
                "saved_from_msg_id": None,
                "saved_from_id": None,
                "saved_from_name": None,
                "saved_date": None,
                "psa_type": None,
            }
            out[channel.username].append(
                _message(
                    channel,
                    msg_id,
                    when,
                    copied["message"],
                    copied["entities"],
                    fwd,
                    views,
                    int(views * 0.01),
                )
            )
            continue
        links: tuple[SynthLink, ...] = ()
        if rng.random() < min(0.9, plan.link_share(progress) + 0.15):
            links = (_channel_link(rng, progress, others, when, plan),)
        tally.add(when, links)
        if links and rng.random() < 0.6:
            parts = [rng.choice(vocab.CHANNEL_PHRASES[channel.lang])]
        else:
            parts = [text.compose(rng, channel.lang, rng.choice(actor.topics), 200)]
        body = text.fit(parts, 300)
        entities: list[dict[str, Any]] = []
        if rng.random() < 0.3:
            for tag in rng.sample(actor.hashtags, 1):
                body += "\n"
                entities.append(
                    {"_": "MessageEntityHashtag", "offset": _utf16(body), "length": _utf16(tag) + 1}
                )
                body += "#" + tag
        for link in links:
            body += "\n"
            if not link.obfuscated:
                entities.append(
                    {"_": "MessageEntityUrl", "offset": _utf16(body), "length": _utf16(link.url)}
                )
            body += link.shown
        out[channel.username].append(
            _message(channel, msg_id, when, body, entities, None, views, int(views * 0.02))
        )
    return out


@dataclass(frozen=True, slots=True)
class GroupMember:
    user_id: str
    name: str
    role: Role
    lang: str
    joined: datetime
    persona: str | None
    twitter: Actor | None


@dataclass(frozen=True, slots=True)
class GroupChat:
    export: dict[str, Any]
    members: tuple[GroupMember, ...]
    messages: dict[str, int]  # member user id -> messages sent


def _export_time(when: datetime) -> tuple[str, str]:
    return when.strftime("%Y-%m-%dT%H:%M:%S"), str(int(when.timestamp()))


def _export_parts(message: str) -> list[str | dict[str, str]]:
    """Split a message into the export's text parts: plain strings and ``link`` objects."""
    parts: list[str | dict[str, str]] = []
    lines = message.split("\n")
    for n, line in enumerate(lines):
        tail = "\n" if n < len(lines) - 1 else ""
        if line.startswith("https://"):
            parts.append({"type": "link", "text": line})
            if tail:
                parts.append(tail)
        elif parts and isinstance(parts[-1], str):
            parts[-1] += line + tail
        else:
            parts.append(line + tail)
    return parts


def group_chat(
    rng: random.Random,
    cast: Cast,
    threads: tuple[Thread, ...],
    channels: tuple[ChannelPlan, ...],
    channel_text: dict[str, list[dict[str, Any]]],
    start: datetime,
    end: datetime,
) -> GroupChat:
    """A private group the network invites its contacts to, as a Desktop ``result.json``."""
    actors = cast.actors
    invited = sorted((t.invited, t.target) for t in threads if t.invited is not None)
    opened = max(
        start + timedelta(days=60), (invited[0][0] if invited else start) - timedelta(days=20)
    )
    personas = sorted({t.persona for t in threads})[:4] or [0]
    used_ids: set[str] = set()

    def user_id() -> str:
        while True:
            uid = f"user{rng.randrange(100_000_000, 7_999_999_999)}"
            if uid not in used_ids:
                used_ids.add(uid)
                return uid

    members: list[GroupMember] = []
    for p in personas:
        head = actors[cast.personas[p][0]]
        members.append(
            GroupMember(
                user_id(), head.name, Role.NETWORK, head.lang, opened, f"persona-{p + 1:02d}", None
            )
        )
    for when, target in invited:
        actor = actors[target]
        joined = when + timedelta(hours=rng.uniform(1, 120))
        if joined < end:
            members.append(
                GroupMember(user_id(), actor.name, Role.ORDINARY, actor.lang, joined, None, actor)
            )
    ordinary = [a for a in actors if a.role is Role.ORDINARY]
    already = {m.twitter.index for m in members if m.twitter is not None}
    for actor in rng.sample(ordinary, 8):
        if actor.index in already:
            continue
        joined = opened + (end - opened) * rng.random() * 0.8
        members.append(
            GroupMember(user_id(), actor.name, Role.ORDINARY, actor.lang, joined, None, actor)
        )
    members.sort(key=lambda m: (m.joined, m.user_id))
    admin = members[0]
    langs = [m.lang for m in members]
    lang = max(("ar", "fr", "en"), key=langs.count)
    name = _GROUP[lang]
    messages: list[dict[str, Any]] = []
    sent: dict[str, int] = {}

    def service(when: datetime, action: str, names: list[str]) -> None:
        date, unix = _export_time(when)
        doc: dict[str, Any] = {
            "id": len(messages) + 1,
            "type": "service",
            "date": date,
            "date_unixtime": unix,
            "actor": admin.name,
            "actor_id": admin.user_id,
            "action": action,
        }
        if action == "create_group":
            doc["title"] = name
        doc["members"] = names
        doc["text"] = ""
        doc["text_entities"] = []
        messages.append(doc)

    founders = [m for m in members if m.joined <= opened]
    service(opened, "create_group", [m.name for m in founders])
    joins = [m for m in members if m.joined > opened]
    times: list[datetime] = []
    day = opened
    while day < end:
        progress = (day - opened) / (end - opened)
        for _ in range(int(1 + 3 * progress + rng.random())):
            times.append(day + timedelta(seconds=rng.randrange(86400)))
        day += timedelta(days=1)
    times = sorted(t for t in times if opened < t < end)
    stream = sorted(
        [(t, 0, None) for t in times] + [(m.joined, 1, m) for m in joins],
        key=lambda item: (item[0], item[1]),
    )
    present = list(founders)
    for when, kind, member in stream:
        if kind == 1 and member is not None:
            present.append(member)
            service(when, "invite_members", [member.name])
            continue
        speaker = rng.choice(present)
        date, unix = _export_time(when)
        doc = {
            "id": len(messages) + 1,
            "type": "message",
            "date": date,
            "date_unixtime": unix,
            "from": speaker.name,
            "from_id": speaker.user_id,
        }
        recent = [m["id"] for m in messages[-15:] if m["type"] == "message"]
        if recent and rng.random() < 0.3:
            doc["reply_to_message_id"] = rng.choice(recent)
        parts: list[str | dict[str, str]]
        if speaker.role is Role.NETWORK and rng.random() < 0.2 and channels:
            channel = rng.choice(channels)
            older = [m for m in channel_text[channel.username] if m["date"] < telethon_time(when)]
            if older:
                doc["forwarded_from"] = channel.title
                parts = _export_parts(older[-1]["message"])
            else:
                parts = [rng.choice(vocab.GROUP_CHAT[speaker.lang])]
        elif speaker.role is Role.NETWORK:
            phrase = rng.choice(vocab.CHANNEL_PHRASES[speaker.lang])
            link = file_host_link(rng) if rng.random() < 0.6 else web_link(rng)
            parts = [phrase + "\n", {"type": "link", "text": link.url}]
        else:
            pool = vocab.GROUP_CHAT[speaker.lang] + vocab.EXCHANGE[speaker.lang]
            parts = [rng.choice(pool)]
        if len(parts) == 1 and isinstance(parts[0], str):
            doc["text"] = parts[0]
            doc["text_entities"] = [{"type": "plain", "text": parts[0]}]
        else:
            doc["text"] = parts
            doc["text_entities"] = [
                {"type": "plain", "text": p} if isinstance(p, str) else dict(p) for p in parts
            ]
        messages.append(doc)
        sent[speaker.user_id] = sent.get(speaker.user_id, 0) + 1
    export = {
        "name": name,
        "type": "private_group",
        "id": rng.randrange(4_000_000_000, 4_999_999_999),
        "messages": messages,
    }
    return GroupChat(export=export, members=tuple(members), messages=sent)
