"""Telegram: Telethon message dicts (``telegram-telethon``), Desktop exports (``telegram-export``).

**Ids.** Telegram numbers messages per chat (per channel or supergroup; in private chats and
basic groups, per collecting account), so a post id is ``"<chat id>/<message id>"``, e.g.
``"1488156064/3187"``. Chat and account ids are Telegram's bare numeric ids as strings
(``peer_id.channel_id``, ``from_id.user_id``; ``"channel123"`` / ``"user123"`` in an export
become ``"123"``), so a channel read through Telethon and through a Desktop export gets the same
post and account ids. Replies point at ``"<chat id>/<reply_to_msg_id>"`` in the same chat unless
the source names another chat. Forwards from a channel post become ``repost_of``.

**Authors.** A channel post (no ``from_id``) is by the channel; in a group, ``from_id`` names
the user (or the channel posting as itself). Only the author is returned as an account; a
Telethon dict does not carry handles or names, so those stay ``None``.

**Entities.** Telegram entity offsets and lengths count UTF-16 code units, so they are applied
to the UTF-16 form of the text (an emoji before a link shifts it by two units, not one).
Links come from URL and text-URL entities, then from the text itself, then the link preview;
mentions and hashtags come from the entities (from the text when a message has no entity
list). A ``mention_name`` entity (a mention of a user without a handle) gives the name as
written and the user id.

**Not posts.** Service messages (joins, pins, title changes) and empty or unsupported messages
are rejected with reasons that start ``service message (not a post)``, ``empty message`` and
``unsupported message``, so the summary counts them apart from broken records.

**Times.** Telethon dates are UTC (written with or without ``+00:00``). A Desktop export's
``date`` is the exporting computer's local time, so ``date_unixtime`` is used; a message with
only a zone-less ``date`` (exports made before Desktop wrote ``date_unixtime``) is rejected
rather than guessed.

**Desktop export specifics.** Each record is ``{"chat": {id, name, type}, "message": {...}}``
(the raw of the post). ``forwarded_from`` is only a display name, so a forward has no
``repost_of_account`` unless the export also gives ``forwarded_from_id``. Media paths are kept as
written, relative to the export folder; files the export left out (``(File not included...)``)
give a media reference without a path.

Views, forwards, reactions, signatures and edit times stay in ``raw``. The Telethon format reads
JSON lines (one ``to_dict()`` a line), not a JSON array.
"""

from __future__ import annotations

import re
import zlib
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import orjson

from nohaven.ingest.base import FormatOptions, Head, Mapped, RecordError, Reject, SourceRecord
from nohaven.ingest.entities import parse_text_entities
from nohaven.ingest.readers import open_binary, read_json_document, read_jsonl
from nohaven.ingest.times import parse_epoch, parse_iso, parse_time
from nohaven.model import Account, Media, MediaKind, Post, account_ref

__all__ = ["PLATFORM", "TelegramExport", "TelegramTelethon", "utf16_slice"]

PLATFORM = "telegram"

_TELETHON_MESSAGES = frozenset({"Message", "MessageService", "MessageEmpty"})
_TELETHON_START = re.compile(r'^\{\s*"_"\s*:\s*"Message(?:Service|Empty)?"')
_PEER_KEYS = {"PeerChannel": "channel_id", "PeerChat": "chat_id", "PeerUser": "user_id"}
_EXPORT_PEER = re.compile(r"^(?:user|channel|chat)?(\d+)$")
_CHANNEL_TYPES = frozenset({"public_channel", "private_channel"})
_SKIPPED_FILE = re.compile(r"\((?:File|Photo) (?:not included|exceeds maximum size|unavailable)")
_EXPORT_MEDIA_KIND = {
    "sticker": MediaKind.OTHER,
    "animation": MediaKind.ANIMATED_GIF,
    "video_file": MediaKind.VIDEO,
    "video_message": MediaKind.VIDEO,
    "voice_message": MediaKind.AUDIO,
    "audio_file": MediaKind.AUDIO,
}
_EXPORT_OTHER_MEDIA = (
    "poll",
    "location_information",
    "contact_information",
    "place_name",
    "game_title",
    "invoice_information",
)
_EXPORT_MESSAGE_ID = re.compile(rb'^\s*"id": (-?\d+),\s*$')
_EXPORT_MESSAGE_TYPE = re.compile(rb'^\s*"type": "(?:message|service|unsupported)",?\s*$')
_UTF16_OR_32_BOM = (b"\xff\xfe", b"\xfe\xff", b"\x00\x00\xfe\xff")


def utf16_slice(text: str, offset: int, length: int) -> str | None:
    """The part of ``text`` at a Telegram entity's UTF-16 ``offset`` and ``length``.

    ``None`` when the range does not lie inside the text.
    """
    units = text.encode("utf-16-le")
    start, end = 2 * offset, 2 * (offset + length)
    if offset < 0 or length <= 0 or end > len(units):
        return None
    return units[start:end].decode("utf-16-le", errors="replace")


# --------------------------------------------------------------------------- shared helpers


@dataclass(frozen=True, slots=True)
class _Entities:
    """Links, mentions (with their account ids) and hashtags found in one message."""

    urls: tuple[str, ...]
    mentions: tuple[str, ...]
    mention_ids: tuple[str, ...]
    hashtags: tuple[str, ...]


def _unique(values: Iterable[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(value for value in values if value))


def _merge_entities(
    text: str,
    *,
    urls: Sequence[str],
    mentions: Sequence[tuple[str, str]] | None,
    hashtags: Sequence[str] | None,
    extra_urls: Sequence[str] = (),
) -> _Entities:
    """Entity-derived values first, then what the text adds; ``None`` means "no entity list"."""
    found = parse_text_entities(text)
    if mentions is None:
        mentions = [(handle, account_ref(handle)) for handle in found.mentions]
    if hashtags is None:
        hashtags = list(found.hashtags)
    pairs = list(dict.fromkeys((name, ref) for name, ref in mentions if name and ref))
    return _Entities(
        urls=_unique([*urls, *found.urls, *extra_urls]),
        mentions=tuple(name for name, _ in pairs),
        mention_ids=tuple(ref for _, ref in pairs),
        hashtags=_unique(tag.lstrip("#＃") for tag in hashtags),
    )


def _handle_ref(written: str) -> tuple[str, str] | None:
    handle = written.strip().lstrip("@")
    return (handle, account_ref(handle)) if handle else None


def _int(value: object, what: str) -> int:
    if isinstance(value, bool):
        raise RecordError(f"invalid {what} {value!r}")
    if isinstance(value, int):
        return value
    if isinstance(value, str) and value.strip().lstrip("-").isdigit():
        return int(value)
    raise RecordError(f"invalid {what} {value!r}")


def _check_text(text: str, options: FormatOptions) -> str:
    if len(text) > options.max_text_chars:
        raise RecordError(
            f"text is {len(text):,} characters, over the limit of {options.max_text_chars:,}"
        )
    return text


def _account(account_id: str, display_name: str | None = None) -> Account:
    return Account(platform=PLATFORM, id=account_id, display_name=display_name)


# --------------------------------------------------------------------------- Telethon


def _peer_id(peer: object) -> str | None:
    """The bare id of a Telethon ``Peer*`` dict (``PeerChannel`` -> ``channel_id``)."""
    if not isinstance(peer, Mapping):
        return None
    key = _PEER_KEYS.get(str(peer.get("_")))
    keys = [key] if key else list(_PEER_KEYS.values())
    for name in keys:
        value = peer.get(name)
        if isinstance(value, int) and not isinstance(value, bool):
            return str(value)
    return None


def _telethon_entities(text: str, message: Mapping[str, object]) -> _Entities:
    raw_entities = message.get("entities")
    urls: list[str] = []
    mentions: list[tuple[str, str]] | None = None
    hashtags: list[str] | None = None
    if isinstance(raw_entities, list):
        mentions, hashtags = [], []
        for entity in raw_entities:
            if not isinstance(entity, Mapping):
                continue
            kind = entity.get("_")
            if kind == "MessageEntityTextUrl":
                url = entity.get("url")
                if isinstance(url, str):
                    urls.append(url)
                continue
            offset, length = entity.get("offset"), entity.get("length")
            if not (isinstance(offset, int) and isinstance(length, int)):
                continue
            written = utf16_slice(text, offset, length)
            if written is None:
                continue
            if kind == "MessageEntityUrl":
                urls.append(written)
            elif kind == "MessageEntityMention":
                pair = _handle_ref(written)
                if pair:
                    mentions.append(pair)
            elif kind == "MessageEntityHashtag":
                hashtags.append(written)
            elif kind in ("MessageEntityMentionName", "InputMessageEntityMentionName"):
                user = _mentioned_user(entity.get("user_id"))
                if user:
                    mentions.append((written, user))
    return _merge_entities(
        text, urls=urls, mentions=mentions, hashtags=hashtags, extra_urls=_webpage_urls(message)
    )


def _mentioned_user(value: object) -> str | None:
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    if isinstance(value, Mapping):  # InputUser {"_": "InputUser", "user_id": ...}
        return _mentioned_user(value.get("user_id"))
    return None


def _webpage_urls(message: Mapping[str, object]) -> list[str]:
    media = message.get("media")
    if not isinstance(media, Mapping) or media.get("_") != "MessageMediaWebPage":
        return []
    page = media.get("webpage")
    url = page.get("url") if isinstance(page, Mapping) else None
    return [url] if isinstance(url, str) else []


def _telethon_media(message: Mapping[str, object]) -> tuple[Media, ...]:
    media = message.get("media")
    if not isinstance(media, Mapping):
        return ()
    kind = media.get("_")
    if kind in ("MessageMediaEmpty", "MessageMediaWebPage"):
        return ()  # a link preview's URL is a link (see urls), not an attachment
    if kind == "MessageMediaPhoto":
        return (Media(MediaKind.PHOTO, key=_object_id(media.get("photo"))),)
    if kind == "MessageMediaDocument":
        document = media.get("document")
        return (Media(_document_kind(document), key=_object_id(document)),)
    return (Media(MediaKind.OTHER),)  # geo, contact, poll, dice, story ...: details in raw


def _object_id(value: object) -> str | None:
    if isinstance(value, Mapping):
        ident = value.get("id")
        if isinstance(ident, int) and not isinstance(ident, bool):
            return str(ident)
    return None


def _document_kind(document: object) -> MediaKind:
    if not isinstance(document, Mapping):
        return MediaKind.DOCUMENT
    attributes = document.get("attributes")
    names = (
        {str(a.get("_")) for a in attributes if isinstance(a, Mapping)}
        if isinstance(attributes, list)
        else set()
    )
    if "DocumentAttributeSticker" in names:
        return MediaKind.OTHER
    if "DocumentAttributeAnimated" in names:
        return MediaKind.ANIMATED_GIF
    mime = document.get("mime_type")
    return _mime_kind(mime if isinstance(mime, str) else "")


def _mime_kind(mime: str) -> MediaKind:
    major = mime.split("/", 1)[0].strip().lower()
    return {
        "video": MediaKind.VIDEO,
        "audio": MediaKind.AUDIO,
        "image": MediaKind.PHOTO,
    }.get(major, MediaKind.DOCUMENT)


class TelegramTelethon:
    """Telethon ``Message.to_dict()`` objects, one JSON object a line."""

    name = "telegram-telethon"
    description = (
        "Telegram messages as Telethon Message.to_dict() JSON, one per line "
        "(channels and groups; UTF-16 entity offsets)"
    )

    def sniff(self, head: Head) -> float:
        line = head.first_line
        if not line.startswith("{"):
            return 0.0
        try:
            value = orjson.loads(line)
        except orjson.JSONDecodeError:
            # The first line may be cut at the end of the sniffing window.
            return 0.85 if _TELETHON_START.match(line) else 0.0
        if isinstance(value, dict) and value.get("_") in _TELETHON_MESSAGES:
            return 0.95 if "peer_id" in value else 0.8
        return 0.0

    def read(self, path: Path, options: FormatOptions) -> Iterator[SourceRecord | Reject]:
        return read_jsonl(path)

    def map(self, record: SourceRecord, options: FormatOptions) -> Mapped:
        message = record.data
        kind = message.get("_")
        if kind == "MessageService":
            action = message.get("action")
            name = action.get("_") if isinstance(action, Mapping) else None
            raise RecordError(f"service message (not a post): {name or 'unknown action'}")
        if kind == "MessageEmpty":
            raise RecordError("empty message (deleted or inaccessible)")
        if kind != "Message":
            raise RecordError(f"not a Telethon message: '_' is {kind!r}, expected 'Message'")
        chat = _peer_id(message.get("peer_id"))
        if chat is None:
            raise RecordError("the message has no peer_id naming its chat")
        message_id = _int(message.get("id"), "message id")
        created = parse_time(message.get("date"), assume_utc=True)  # Telethon dates are UTC
        text = message.get("message")
        if text is None:
            text = ""
        if not isinstance(text, str):
            raise RecordError(f"message text is {type(text).__name__}, expected a string")
        _check_text(text, options)
        author = _telethon_author(message, chat)
        reply_to, reply_to_account = _telethon_reply(message, chat, author)
        repost_of, repost_of_account = _telethon_forward(message)
        found = _telethon_entities(text, message)
        post = Post(
            platform=PLATFORM,
            id=f"{chat}/{message_id}",
            account_id=author,
            created=created,
            text=text,
            reply_to=reply_to,
            reply_to_account=reply_to_account,
            repost_of=repost_of,
            repost_of_account=repost_of_account,
            urls=found.urls,
            mentions=found.mentions,
            mention_ids=found.mention_ids,
            hashtags=found.hashtags,
            media=_telethon_media(message),
            raw=message,
        )
        return Mapped(posts=(post,), accounts=(_account(author),))


def _telethon_author(message: Mapping[str, object], chat: str) -> str:
    sender = _peer_id(message.get("from_id"))
    if sender is not None:
        return sender
    peer = message.get("peer_id")
    if message.get("out") is True and isinstance(peer, Mapping) and peer.get("_") == "PeerUser":
        raise RecordError(
            "an outgoing private message without from_id: the collecting account's id is unknown"
        )
    return chat  # a channel post, or a message from the other side of a private chat


def _telethon_reply(
    message: Mapping[str, object], chat: str, author: str
) -> tuple[str | None, str | None]:
    header = message.get("reply_to")
    if not isinstance(header, Mapping) or header.get("_") != "MessageReplyHeader":
        return None, None
    target = header.get("reply_to_msg_id")
    if not isinstance(target, int) or isinstance(target, bool):
        return None, None
    other_chat = _peer_id(header.get("reply_to_peer_id"))
    reply_chat = other_chat or chat
    # In a broadcast channel every message is the channel's own.
    by_channel = other_chat is None and author == chat and message.get("post") is True
    return f"{reply_chat}/{target}", (chat if by_channel else None)


def _telethon_forward(message: Mapping[str, object]) -> tuple[str | None, str | None]:
    header = message.get("fwd_from")
    if not isinstance(header, Mapping):
        return None, None
    source = header.get("from_id")
    source_id = _peer_id(source)
    post = header.get("channel_post")
    if (
        source_id is not None
        and isinstance(source, Mapping)
        and source.get("_") == "PeerChannel"
        and isinstance(post, int)
        and not isinstance(post, bool)
    ):
        return f"{source_id}/{post}", source_id
    return None, source_id  # a user's message, or a hidden sender (from_name only)


# --------------------------------------------------------------------------- Desktop export


def _export_peer(value: object, what: str) -> str:
    """``"user123"`` / ``"channel123"`` / ``"chat123"`` / ``123`` -> ``"123"``."""
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    match = _EXPORT_PEER.match(value.strip()) if isinstance(value, str) else None
    if match is None:
        raise RecordError(f"invalid {what} {value!r}")
    return match.group(1)


def _export_text(message: Mapping[str, object]) -> tuple[str, list[Mapping[str, object]] | None]:
    """The plain text and the entity objects (``None`` when the export gives none)."""
    parts = message.get("text_entities")
    has_entities = isinstance(parts, list)
    if not has_entities:
        parts = message.get("text", "")
    if isinstance(parts, str):
        return parts, None
    if not isinstance(parts, list):
        raise RecordError(f"message text is {type(parts).__name__}, expected text or a list")
    chunks: list[str] = []
    entities: list[Mapping[str, object]] = []
    for part in parts:
        if isinstance(part, str):
            chunks.append(part)
        elif isinstance(part, Mapping) and isinstance(part.get("text"), str):
            chunks.append(str(part["text"]))
            entities.append(part)
        else:
            raise RecordError(f"invalid text part {part!r}")
    return "".join(chunks), entities


def _export_entities(text: str, entities: list[Mapping[str, object]] | None) -> _Entities:
    urls: list[str] = []
    mentions: list[tuple[str, str]] | None = None
    hashtags: list[str] | None = None
    if entities is not None:
        mentions, hashtags = [], []
        for entity in entities:
            kind, written = entity.get("type"), str(entity.get("text"))
            if kind == "link":
                urls.append(written)
            elif kind == "text_link":
                href = entity.get("href")
                if isinstance(href, str):
                    urls.append(href)
            elif kind == "mention":
                pair = _handle_ref(written)
                if pair:
                    mentions.append(pair)
            elif kind == "mention_name":
                user = entity.get("user_id")
                if isinstance(user, (int, str)) and not isinstance(user, bool):
                    mentions.append((written, _export_peer(user, "mentioned user id")))
            elif kind == "hashtag":
                hashtags.append(written)
    return _merge_entities(text, urls=urls, mentions=mentions, hashtags=hashtags)


def _export_media(message: Mapping[str, object]) -> tuple[Media, ...]:
    media: list[Media] = []
    photo = message.get("photo")
    if isinstance(photo, str):
        media.append(Media(MediaKind.PHOTO, path=_export_path(photo)))
    file = message.get("file")
    if isinstance(file, str):
        media_type = message.get("media_type")
        mime = message.get("mime_type")
        kind = _EXPORT_MEDIA_KIND.get(media_type) if isinstance(media_type, str) else None
        if kind is None:
            kind = _mime_kind(mime if isinstance(mime, str) else "")
        media.append(Media(kind, path=_export_path(file)))
    if any(message.get(key) is not None for key in _EXPORT_OTHER_MEDIA):
        media.append(Media(MediaKind.OTHER))
    return tuple(media)


def _export_path(value: str) -> str | None:
    """A media path relative to the export folder; ``None`` when the file was not exported."""
    return None if not value or _SKIPPED_FILE.search(value) else value


def _export_time(message: Mapping[str, object]) -> datetime:
    """``date_unixtime`` (UTC); ``date`` alone is the exporting computer's local time."""
    unixtime = message.get("date_unixtime")
    if unixtime is not None:
        return parse_epoch(unixtime)
    date = message.get("date")
    if not isinstance(date, str):
        raise RecordError("the message has neither date_unixtime nor date")
    try:
        naive = datetime.fromisoformat(date.strip()).tzinfo is None
    except ValueError:
        naive = False  # parse_iso says what is wrong
    if naive:
        raise RecordError(
            f"no date_unixtime, and date {date!r} is the exporting computer's local time "
            "with no zone: export again with a recent Telegram Desktop"
        )
    return parse_iso(date)


class TelegramExport:
    """Telegram Desktop's "Export chat history" JSON (``result.json``), one chat or all."""

    name = "telegram-export"
    description = (
        "Telegram Desktop 'Export chat history' result.json (one chat, or a full export "
        "with chats and left_chats)"
    )

    def sniff(self, head: Head) -> float:
        start = head.text.lstrip("\ufeff \t\r\n")
        if not start.startswith("{"):
            return 0.0
        window = start[:4096]
        if re.search(r'"messages"\s*:\s*\[', start) and re.search(r'"(?:name|type)"\s*:', window):
            if re.search(r'"(?:date_unixtime|from_id|text_entities)"\s*:', start):
                return 0.95
            return 0.85
        if re.match(r'\{\s*"about"\s*:', start) and re.search(
            r'"(?:personal_information|chats|left_chats)"\s*:', start
        ):
            return 0.8
        return 0.0

    def read(self, path: Path, options: FormatOptions) -> Iterator[SourceRecord | Reject]:
        """One record per message: ``{"chat": {id, name, type}, "message": {...}}``.

        ``line`` is the line where the message object starts when the file is laid out as
        Telegram Desktop writes it (one key a line); otherwise it is the 1-based position of
        the message among all messages in the file.
        """
        source = str(path)
        document, failure = read_json_document(path)
        if failure is not None:
            yield failure
            return
        chats = _export_chats(document)
        if chats is None:
            yield Reject(
                source,
                1,
                "not a Telegram Desktop export: expected an object with 'messages' (one chat) "
                "or 'chats' and 'left_chats' (full export); name another --format",
            )
            return
        items: list[tuple[Mapping[str, object], object]] = []
        for chat in chats:
            messages = chat.get("messages")
            if isinstance(messages, list):
                about = {key: chat.get(key) for key in ("id", "name", "type")}
                items.extend((about, message) for message in messages)
        lines = _message_lines(path, [message for _, message in items])
        for index, (chat_about, message) in enumerate(items):
            line = lines[index] if lines is not None else index + 1
            if not isinstance(message, dict):
                yield Reject(source, line, f"a message is {type(message).__name__}, not an object")
                continue
            yield SourceRecord(source, line, {"chat": chat_about, "message": message})

    def map(self, record: SourceRecord, options: FormatOptions) -> Mapped:
        chat_info = record.data.get("chat")
        message = record.data.get("message")
        if not isinstance(chat_info, Mapping) or not isinstance(message, Mapping):
            raise RecordError("expected a record with 'chat' and 'message' objects")
        kind = message.get("type")
        if kind == "service":
            action = message.get("action")
            raise RecordError(f"service message (not a post): {action or 'unknown action'}")
        if kind == "unsupported":
            raise RecordError("unsupported message (Telegram Desktop could not export it)")
        if kind != "message":
            raise RecordError(f"unknown message type {kind!r}")
        if chat_info.get("id") is None:
            raise RecordError("the chat has no id")
        chat = _export_peer(chat_info.get("id"), "chat id")
        message_id = _int(message.get("id"), "message id")
        created = _export_time(message)
        text, entities = _export_text(message)
        _check_text(text, options)
        author = _export_author(message, chat, chat_info)
        found = _export_entities(text, entities)
        reply_to = None
        if message.get("reply_to_message_id") is not None:
            target = _int(message.get("reply_to_message_id"), "reply_to_message_id")
            peer = message.get("reply_to_peer_id")
            reply_chat = chat if peer is None else _export_peer(peer, "reply_to_peer_id")
            reply_to = f"{reply_chat}/{target}"
        forwarded = message.get("forwarded_from_id")
        post = Post(
            platform=PLATFORM,
            id=f"{chat}/{message_id}",
            account_id=author,
            created=created,
            text=text,
            reply_to=reply_to,
            reply_to_account=(
                chat if reply_to and author == chat and _is_channel(chat_info) else None
            ),
            repost_of_account=(
                None if forwarded is None else _export_peer(forwarded, "forwarded_from_id")
            ),
            urls=found.urls,
            mentions=found.mentions,
            mention_ids=found.mention_ids,
            hashtags=found.hashtags,
            media=_export_media(message),
            raw=record.data,
        )
        name = message.get("from")
        return Mapped(
            posts=(post,), accounts=(_account(author, name if isinstance(name, str) else None),)
        )


def _is_channel(chat: Mapping[str, object]) -> bool:
    return chat.get("type") in _CHANNEL_TYPES


def _export_author(
    message: Mapping[str, object], chat: str, chat_info: Mapping[str, object]
) -> str:
    sender = message.get("from_id")
    if sender is not None:
        return _export_peer(sender, "from_id")
    if _is_channel(chat_info):
        return chat
    raise RecordError("the message has no from_id and its chat is not a channel")


def _export_chats(document: object) -> list[Mapping[str, object]] | None:
    if not isinstance(document, Mapping):
        return None
    if isinstance(document.get("messages"), list):
        return [document]
    chats: list[Mapping[str, object]] = []
    found = False
    for key in ("chats", "left_chats"):
        section = document.get(key)
        listed = section.get("list") if isinstance(section, Mapping) else None
        if isinstance(listed, list):
            found = True
            chats.extend(chat for chat in listed if isinstance(chat, Mapping))
    return chats if found else None


def _message_lines(path: Path, messages: Sequence[object]) -> list[int] | None:
    """The line where each message object starts, when the file has Desktop's layout.

    Telegram Desktop writes ``{`` alone on a line, then ``"id": N,`` and ``"type": ...`` on the
    next two. The lines found are used only when their ids match the parsed messages exactly.
    """
    expected = [m.get("id") if isinstance(m, Mapping) else None for m in messages]
    found: list[tuple[int, int]] = []
    previous: list[bytes] = [b"", b""]
    try:
        with open_binary(path) as handle:
            for number, line in enumerate(handle, start=1):
                if number == 1 and line.startswith(_UTF16_OR_32_BOM):
                    return None
                if _EXPORT_MESSAGE_TYPE.match(line) and previous[1].strip() == b"{":
                    opened = _EXPORT_MESSAGE_ID.match(previous[0])
                    if opened:
                        found.append((number - 2, int(opened.group(1))))
                previous = [line, previous[0]]
    except (OSError, EOFError, ValueError, zlib.error):
        return None
    if [ident for _, ident in found] != expected:
        return None
    return [line for line, _ in found]
