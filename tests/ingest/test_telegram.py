"""``telegram-telethon`` and ``telegram-export``.

The Telethon tests read the three real public news-channel messages in
``../shared/data/telegram-telethon-sample`` and a hand-written group fixture. There is no real
Telegram Desktop export in the shared data (a known gap): the ``result_*.json`` fixtures in
``fixtures/telegram`` were written to follow the documented Desktop layout, with neutral
placeholder text (see ``fixtures/telegram/README.md``).
"""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

import orjson
import pytest

from nohaven.ingest.base import Format, FormatOptions, Mapped, RecordError, Reject, SourceRecord
from nohaven.ingest.readers import read_head
from nohaven.ingest.telegram import TelegramExport, TelegramTelethon, utf16_slice
from nohaven.model import Account, Media, MediaKind, Post

FIXTURES = Path(__file__).parent / "fixtures" / "telegram"
TELETHON = TelegramTelethon()
EXPORT = TelegramExport()
OPTIONS = FormatOptions()


def utc(year: int, month: int, day: int, hour: int, minute: int, second: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, second, tzinfo=UTC)


def read_all(fmt: Format, path: Path) -> dict[int, SourceRecord | Reject]:
    return {item.line: item for item in fmt.read(path, OPTIONS)}


def map_line(fmt: Format, path: Path, line: int) -> Mapped:
    record = read_all(fmt, path)[line]
    assert isinstance(record, SourceRecord)
    return fmt.map(record, OPTIONS)


def tg_post(post_id: str, account: str, created: datetime, text: str, **fields: object) -> Post:
    return Post(
        platform="telegram",
        id=post_id,
        account_id=account,
        created=created,
        text=text,
        **fields,  # type: ignore[arg-type]
    )


# ----------------------------------------------------------------------------- real data

BLOOMBERG = [
    pytest.param(
        1, "1488156064/3187", utc(2025, 10, 13, 0, 18, 47), "https://bloom.bg/4mXJXQH",
        "6296154991034567484", 12_068, id="line-1-message-3187",
    ),
    pytest.param(
        2, "1488156064/3186", utc(2025, 10, 8, 2, 8, 26), "https://bloom.bg/4mSssRG",
        "6282540288303631212", 27_810, id="line-2-message-3186",
    ),
    pytest.param(
        3, "1488156064/3185", utc(2025, 9, 30, 4, 31, 33), "http://bloom.bg/470Bh7n",
        "6258154743893444570", 38_966, id="line-3-message-3185",
    ),
]  # fmt: skip


@pytest.mark.shared
@pytest.mark.parametrize(("line", "post_id", "created", "url", "photo", "views"), BLOOMBERG)
def test_telethon_bloomberg_messages(
    shared_data: Path,
    line: int,
    post_id: str,
    created: datetime,
    url: str,
    photo: str,
    views: int,
) -> None:
    path = shared_data / "telegram-telethon-sample" / "bloomberg.jsonl"
    record = read_all(TELETHON, path)[line]
    assert isinstance(record, SourceRecord)
    mapped = TELETHON.map(record, OPTIONS)
    text = record.data["message"]
    assert isinstance(text, str)
    assert mapped.posts == (
        tg_post(
            post_id,
            "1488156064",
            created,
            text,
            urls=(url,),
            media=(Media(MediaKind.PHOTO, key=photo),),
        ),
    )
    assert mapped.accounts == (Account(platform="telegram", id="1488156064"),)
    (post,) = mapped.posts
    assert post.created.tzinfo is UTC
    assert post.raw["views"] == views  # views and forwards stay in raw
    # The link comes from the MessageEntityUrl offsets (UTF-16 units).
    entities = record.data["entities"]
    assert isinstance(entities, list)
    assert utf16_slice(text, entities[0]["offset"], entities[0]["length"]) == url


@pytest.mark.shared
def test_sniff_real_telethon_file(shared_data: Path) -> None:
    head = read_head(shared_data / "telegram-telethon-sample" / "bloomberg.jsonl")
    assert TELETHON.sniff(head) == 0.95
    assert EXPORT.sniff(head) == 0.0


# ----------------------------------------------------------------------------- Telethon fixture

GROUP = "1700000001"
CHANNEL = "1600000002"
TELETHON_GROUP = [
    pytest.param(
        1,
        tg_post(
            f"{GROUP}/10", "5550001", utc(2024, 3, 2, 18, 5),
            "🌦️ Rain tonight, sun on Sunday: https://weather.example.org/paris #weather with "
            "@city_forecast",
            urls=("https://weather.example.org/paris",),
            mentions=("city_forecast",), mention_ids=("@city_forecast",), hashtags=("weather",),
        ),
        id="line-1-user-post-after-emoji",
    ),
    pytest.param(
        2,
        tg_post(
            f"{GROUP}/11", "5550002", utc(2024, 3, 2, 18, 7, 30),
            "Kick-off moved to 18:30 ⚽ see the club page",
            reply_to=f"{GROUP}/10", urls=("https://club.example.com/fixtures",),
        ),
        id="line-2-reply-with-text-url",
    ),
    pytest.param(
        3,
        tg_post(
            f"{GROUP}/12", "5550001", utc(2024, 3, 2, 18, 10),
            "Tomato soup: 4 tomatoes, 1 onion, salt. Thanks Amal for the idea!",
            repost_of=f"{CHANNEL}/77", repost_of_account=CHANNEL,
            mentions=("Amal",), mention_ids=("5550003",),
            media=(Media(MediaKind.VIDEO, key="5000000000000000001"),),
        ),
        id="line-3-forward-of-channel-post",
    ),
    pytest.param(
        4,
        tg_post(
            f"{GROUP}/13", "5550003", utc(2024, 3, 2, 18, 12), "الطقس مشمس اليوم 🌞 #الطقس",
            hashtags=("الطقس",),
        ),
        id="line-4-forward-from-hidden-sender",
    ),
    pytest.param(
        6,
        tg_post(
            f"{CHANNEL}/205", CHANNEL, utc(2024, 3, 3, 8, 0),
            "Recette du jour : une tarte aux pommes très simple 🍏 "
            "https://recettes.example.fr/tarte",
            urls=("https://recettes.example.fr/tarte",),
        ),
        id="line-6-channel-post-with-preview",
    ),
    pytest.param(
        7,
        tg_post(
            f"{CHANNEL}/206", CHANNEL, utc(2024, 3, 3, 20, 0),
            "Full-time score: 2-1 for the home side.",
            reply_to=f"{CHANNEL}/205", reply_to_account=CHANNEL,
            media=(Media(MediaKind.AUDIO, key="5000000000000000002"),),
        ),
        id="line-7-channel-reply-with-voice",
    ),
]  # fmt: skip


@pytest.mark.parametrize(("line", "expected"), TELETHON_GROUP)
def test_telethon_fixture_messages(line: int, expected: Post) -> None:
    mapped = map_line(TELETHON, FIXTURES / "telethon_group.jsonl", line)
    assert mapped.posts == (expected,)
    assert mapped.accounts == (Account(platform="telegram", id=expected.account_id),)
    assert mapped.posts[0].raw["id"] == int(expected.id.split("/")[1])


def test_telethon_service_message_is_a_counted_reject() -> None:
    record = read_all(TELETHON, FIXTURES / "telethon_group.jsonl")[5]
    assert isinstance(record, SourceRecord)
    with pytest.raises(RecordError, match=r"^service message \(not a post\): MessageAction"):
        TELETHON.map(record, OPTIONS)


def message(**fields: object) -> dict[str, object]:
    base: dict[str, object] = {
        "_": "Message",
        "id": 5,
        "peer_id": {"_": "PeerChannel", "channel_id": 42},
        "date": "2024-01-01 12:00:00.000000",
        "message": "Sunny",
        "from_id": None,
        "entities": [],
    }
    base.update(fields)
    return base


def map_message(data: dict[str, object]) -> Post:
    (post,) = TELETHON.map(SourceRecord("t.jsonl", 1, data), OPTIONS).posts
    return post


TELETHON_REJECTS = [
    pytest.param(message(_="MessageEmpty"), "empty message", id="empty"),
    pytest.param(message(_="Chat"), "not a Telethon message: '_' is 'Chat'", id="not-a-message"),
    pytest.param(message(peer_id=None), "the message has no peer_id", id="no-peer"),
    pytest.param(message(id="x"), "invalid message id 'x'", id="bad-id"),
    pytest.param(message(date="yesterday"), "invalid timestamp 'yesterday'", id="bad-date"),
    pytest.param(message(message=7), "message text is int", id="text-not-string"),
    pytest.param(
        message(out=True, peer_id={"_": "PeerUser", "user_id": 9}),
        "an outgoing private message without from_id",
        id="outgoing-private",
    ),
]


@pytest.mark.parametrize(("data", "reason"), TELETHON_REJECTS)
def test_telethon_unusable_messages(data: dict[str, object], reason: str) -> None:
    with pytest.raises(RecordError, match="^" + re.escape(reason)):
        TELETHON.map(SourceRecord("t.jsonl", 1, data), OPTIONS)


TELETHON_DATES = [
    pytest.param("2024-01-01 12:00:00.000000", id="telethon-naive-utc"),
    pytest.param("2024-01-01 12:00:00+00:00", id="with-offset"),
    pytest.param("2024-01-01T14:00:00+02:00", id="other-offset"),
    pytest.param(1704110400, id="unix-seconds"),
]


@pytest.mark.parametrize("date", TELETHON_DATES)
def test_telethon_dates_are_utc(date: object) -> None:
    assert map_message(message(date=date)).created == utc(2024, 1, 1, 12, 0)


def test_telethon_private_chat_message_is_by_the_other_side() -> None:
    post = map_message(message(peer_id={"_": "PeerUser", "user_id": 9}))
    assert (post.id, post.account_id) == ("9/5", "9")


def test_telethon_entities_count_utf16_units() -> None:
    text = "😀😀 see example.org/menu and #soup @chef_lina"
    entities = [
        {"_": "MessageEntityUrl", "offset": 9, "length": 16},
        {"_": "MessageEntityHashtag", "offset": 30, "length": 5},
        {"_": "MessageEntityMention", "offset": 36, "length": 10},
        {"_": "MessageEntityBold", "offset": 0, "length": 4},
        {"_": "MessageEntityUrl", "offset": 400, "length": 3},  # out of range: ignored
    ]
    post = map_message(message(message=text, entities=entities))
    assert post.urls == ("example.org/menu",)
    assert post.hashtags == ("soup",)
    assert (post.mentions, post.mention_ids) == (("chef_lina",), ("@chef_lina",))


def test_telethon_without_entity_list_reads_the_text() -> None:
    text = "Derby at 9 #football @home_club https://club.example.com"
    post = map_message(message(message=text, entities=None))
    assert post.hashtags == ("football",)
    assert post.mention_ids == ("@home_club",)
    assert post.urls == ("https://club.example.com",)


def test_telethon_reply_to_another_chat() -> None:
    reply = {
        "_": "MessageReplyHeader",
        "reply_to_msg_id": 3,
        "reply_to_peer_id": {"_": "PeerChannel", "channel_id": 77},
    }
    post = map_message(message(reply_to=reply, post=True))
    assert (post.reply_to, post.reply_to_account) == ("77/3", None)


def document(mime: str, *attributes: str) -> dict[str, object]:
    return {
        "_": "MessageMediaDocument",
        "document": {
            "_": "Document",
            "id": 11,
            "mime_type": mime,
            "attributes": [{"_": name} for name in attributes],
        },
    }


TELETHON_MEDIA = [
    pytest.param(document("video/mp4", "DocumentAttributeVideo"), MediaKind.VIDEO, "11",
                 id="video"),
    pytest.param(document("audio/ogg", "DocumentAttributeAudio"), MediaKind.AUDIO, "11",
                 id="voice"),
    pytest.param(document("video/mp4", "DocumentAttributeAnimated"), MediaKind.ANIMATED_GIF,
                 "11", id="gif"),
    pytest.param(document("image/webp", "DocumentAttributeSticker"), MediaKind.OTHER, "11",
                 id="sticker"),
    pytest.param(document("image/jpeg"), MediaKind.PHOTO, "11", id="image-file"),
    pytest.param(document("application/pdf", "DocumentAttributeFilename"), MediaKind.DOCUMENT,
                 "11", id="pdf"),
    pytest.param({"_": "MessageMediaPhoto", "photo": None}, MediaKind.PHOTO, None,
                 id="expired-photo"),
    pytest.param({"_": "MessageMediaPoll", "poll": {}}, MediaKind.OTHER, None, id="poll"),
]  # fmt: skip


@pytest.mark.parametrize(("media", "kind", "key"), TELETHON_MEDIA)
def test_telethon_media_kinds(media: dict[str, object], kind: MediaKind, key: str | None) -> None:
    assert map_message(message(media=media)).media == (Media(kind, key=key),)


def test_telethon_link_preview_is_a_link_not_media() -> None:
    preview = {"_": "MessageMediaWebPage", "webpage": {"_": "WebPage", "url": "https://a.example"}}
    post = map_message(message(media=preview))
    assert (post.media, post.urls) == ((), ("https://a.example",))


UTF16 = [
    pytest.param("a😀b", 1, 2, "😀", id="astral-is-two-units"),
    pytest.param("a😀b", 3, 1, "b", id="after-astral"),
    pytest.param("سلام", 1, 2, "لا", id="arabic"),
    pytest.param("abc", 2, 5, None, id="past-the-end"),
    pytest.param("abc", -1, 1, None, id="negative-offset"),
    pytest.param("abc", 0, 0, None, id="empty-length"),
]


@pytest.mark.parametrize(("text", "offset", "length", "expected"), UTF16)
def test_utf16_slice(text: str, offset: int, length: int, expected: str | None) -> None:
    assert utf16_slice(text, offset, length) == expected


# ----------------------------------------------------------------------------- Desktop export

KITCHEN = "1488000001"
CLUB = "1755000002"
EXPORT_CHANNEL = [
    pytest.param(
        18,
        tg_post(f"{KITCHEN}/2", KITCHEN, utc(2023, 5, 6, 9, 0),
                "Today: lentil soup, ready in thirty minutes."),
        "Weekend Kitchen",
        id="line-18-plain-text",
    ),
    pytest.param(
        33,
        tg_post(
            f"{KITCHEN}/3", KITCHEN, utc(2023, 5, 6, 10, 0),
            "Step by step on our site and at https://video.example.net/watch/42 #soup Bon appétit",
            urls=("https://kitchen.example.net/lentils", "https://video.example.net/watch/42"),
            hashtags=("soup",),
            media=(Media(MediaKind.PHOTO, path="photos/photo_1@06-05-2023_12-00-00.jpg"),),
        ),
        "Weekend Kitchen",
        id="line-33-text-parts-and-photo",
    ),
    pytest.param(
        102,
        tg_post(
            f"{KITCHEN}/4", KITCHEN, utc(2023, 5, 6, 11, 0), "Short video of the soup 🥣 #recette",
            reply_to=f"{KITCHEN}/2", reply_to_account=KITCHEN, hashtags=("recette",),
            media=(Media(MediaKind.VIDEO),),
        ),
        "Weekend Kitchen",
        id="line-102-reply-with-file-not-included",
    ),
    pytest.param(
        137,
        tg_post(
            f"{KITCHEN}/5", KITCHEN, utc(2023, 5, 6, 12, 0),
            "شوربة العدس جاهزة، بالهناء والشفاء #مطبخ", hashtags=("مطبخ",),
        ),
        "Weekend Kitchen",
        id="line-137-arabic-hashtag",
    ),
]  # fmt: skip

EXPORT_FULL = [
    pytest.param(
        38,
        tg_post(
            f"{CLUB}/101", "6660002", utc(2023, 9, 10, 10, 0),
            "Match at 10:30, bring water. @sam_placeholder can you bring the ball? #football",
            mentions=("sam_placeholder",), mention_ids=("@sam_placeholder",),
            hashtags=("football",),
        ),
        "Lea Placeholder",
        id="line-38-mention-and-hashtag",
    ),
    pytest.param(
        76,
        tg_post(
            f"{CLUB}/102", "6660001", utc(2023, 9, 10, 10, 5), "Yes, and cones too. Thanks Lea",
            reply_to=f"{CLUB}/101", mentions=("Lea",), mention_ids=("6660002",),
        ),
        "Sam Placeholder",
        id="line-76-reply-and-mention-name",
    ),
    pytest.param(
        104,
        tg_post(
            f"{CLUB}/103", "6660003", utc(2023, 9, 10, 11, 0),
            "Après le match : salade de pâtes au basilic. Voir recettes.example.fr/pates",
            urls=("recettes.example.fr/pates",),
        ),
        "Omar Placeholder",
        id="line-104-forward-by-name-only",
    ),
    pytest.param(
        130,
        tg_post(
            f"{CLUB}/104", "6660003", utc(2023, 9, 10, 12, 0), "",
            media=(Media(MediaKind.AUDIO, path="voice_messages/audio_1@10-09-2023_12-00-00.ogg"),),
        ),
        "Omar Placeholder",
        id="line-130-voice-message",
    ),
    pytest.param(
        144,
        tg_post(
            f"{CLUB}/105", "6660004", utc(2023, 9, 10, 13, 0), "",
            media=(Media(MediaKind.OTHER, path="stickers/sticker.webp"),),
        ),
        None,
        id="line-144-sticker-from-deleted-account",
    ),
    pytest.param(
        164,
        tg_post(f"{CLUB}/107", "6660002", utc(2023, 9, 10, 14, 0), "",
                media=(Media(MediaKind.OTHER),)),
        "Lea Placeholder",
        id="line-164-poll",
    ),
    pytest.param(
        203,
        tg_post("1666000003/9", "1666000003", utc(2023, 9, 11, 8, 0),
                "Cloudy morning, 17 °C, light wind from the west."),
        "City Weather",
        id="line-203-left-channel",
    ),
]  # fmt: skip


@pytest.mark.parametrize(
    ("file", "line", "expected", "name"),
    [pytest.param("result_channel.json", *p.values, id=p.id) for p in EXPORT_CHANNEL]
    + [pytest.param("result_full.json", *p.values, id=p.id) for p in EXPORT_FULL],
)
def test_export_fixture_messages(file: str, line: int, expected: Post, name: str | None) -> None:
    mapped = map_line(EXPORT, FIXTURES / file, line)
    assert mapped.posts == (expected,)
    assert mapped.accounts == (
        Account(platform="telegram", id=expected.account_id, display_name=name),
    )
    raw = mapped.posts[0].raw
    assert isinstance(raw["message"], dict)
    assert raw["message"]["id"] == int(expected.id.split("/")[1])
    assert isinstance(raw["chat"], dict)
    assert set(raw["chat"]) == {"id", "name", "type"}


EXPORT_REJECTS = [
    pytest.param("result_channel.json", 6, r"service message \(not a post\): create_channel",
                 id="channel-created"),
    pytest.param("result_full.json", 26, r"service message \(not a post\): join_group_by_link",
                 id="joined-by-link"),
    pytest.param("result_full.json", 160, r"unsupported message", id="unsupported"),
]  # fmt: skip


@pytest.mark.parametrize(("file", "line", "reason"), EXPORT_REJECTS)
def test_export_non_posts_are_counted_rejects(file: str, line: int, reason: str) -> None:
    record = read_all(EXPORT, FIXTURES / file)[line]
    assert isinstance(record, SourceRecord)
    with pytest.raises(RecordError, match="^" + reason):
        EXPORT.map(record, OPTIONS)


@pytest.mark.parametrize("file", ["result_channel.json", "result_full.json"])
def test_export_lines_are_where_each_message_starts(file: str) -> None:
    lines = (FIXTURES / file).read_text(encoding="utf-8").splitlines()
    records = read_all(EXPORT, FIXTURES / file)
    assert len(records) == {"result_channel.json": 5, "result_full.json": 9}[file]
    for line, record in records.items():
        assert isinstance(record, SourceRecord)
        message = record.data["message"]
        assert isinstance(message, dict)
        assert lines[line - 1].strip() == "{"
        assert lines[line].strip() == f'"id": {message["id"]},'


def test_compact_export_numbers_messages_by_position(tmp_path: Path) -> None:
    document = orjson.loads((FIXTURES / "result_full.json").read_bytes())
    path = tmp_path / "result.json"
    path.write_bytes(orjson.dumps(document))
    records = read_all(EXPORT, path)
    assert sorted(records) == list(range(1, 10))
    record = records[2]
    assert isinstance(record, SourceRecord)
    assert EXPORT.map(record, OPTIONS).posts[0].id == f"{CLUB}/101"


def export_record(**fields: object) -> SourceRecord:
    message: dict[str, object] = {
        "id": 8,
        "type": "message",
        "date": "2023-01-01T13:00:00",
        "date_unixtime": "1672574400",
        "from": "Lea",
        "from_id": "user5",
        "text": "Rain later",
        "text_entities": [{"type": "plain", "text": "Rain later"}],
    }
    message.update(fields)
    chat = {"id": 99, "name": "Club", "type": "private_supergroup"}
    return SourceRecord("result.json", 1, {"chat": chat, "message": message})


def map_export(**fields: object) -> Post:
    (post,) = EXPORT.map(export_record(**fields), OPTIONS).posts
    return post


def test_export_prefers_unixtime_over_local_date() -> None:
    assert map_export().created == utc(2023, 1, 1, 12, 0)


def test_export_date_with_zone_is_used_when_unixtime_is_missing() -> None:
    post = map_export(date_unixtime=None, date="2023-01-01T13:00:00+01:00")
    assert post.created == utc(2023, 1, 1, 12, 0)


EXPORT_BAD = [
    pytest.param({"date_unixtime": None}, "no date_unixtime, and date '2023-01-01T13:00:00' is "
                 "the exporting computer's local time", id="local-time-only"),
    pytest.param({"date_unixtime": None, "date": None}, "the message has neither",
                 id="no-date"),
    pytest.param({"date_unixtime": "soon"}, "invalid timestamp 'soon'", id="bad-unixtime"),
    pytest.param({"from_id": "robot7"}, "invalid from_id 'robot7'", id="bad-from-id"),
    pytest.param({"from_id": None}, "the message has no from_id and its chat is not a channel",
                 id="no-sender-in-group"),
    pytest.param({"type": "note"}, "unknown message type 'note'", id="unknown-type"),
    pytest.param({"text_entities": None, "text": 5}, "message text is int", id="bad-text"),
    pytest.param({"id": None}, "invalid message id None", id="no-id"),
]  # fmt: skip


@pytest.mark.parametrize(("fields", "reason"), EXPORT_BAD)
def test_export_unusable_messages(fields: dict[str, object], reason: str) -> None:
    with pytest.raises(RecordError, match="^" + re.escape(reason)):
        EXPORT.map(export_record(**fields), OPTIONS)


def test_export_text_without_entities_is_parsed() -> None:
    post = map_export(text_entities=None, text="Kick-off #football with @home_club")
    assert (post.hashtags, post.mention_ids) == (("football",), ("@home_club",))


def test_export_reply_to_another_chat_and_forward_id() -> None:
    post = map_export(
        reply_to_message_id=4, reply_to_peer_id="channel77", forwarded_from_id="channel55"
    )
    assert (post.reply_to, post.repost_of_account, post.repost_of) == ("77/4", "55", None)


def test_export_text_over_the_limit_is_rejected() -> None:
    with pytest.raises(RecordError, match="over the limit of 5"):
        EXPORT.map(export_record(), replace(OPTIONS, max_text_chars=5))


READ_FAILURES = [
    pytest.param(b'{"name": "x", "messages": [', "malformed JSON", id="truncated-json"),
    pytest.param(b'{"data": []}', "not a Telegram Desktop export", id="other-json"),
    pytest.param(b"[1, 2]", "not a Telegram Desktop export", id="json-array"),
]


@pytest.mark.parametrize(("content", "reason"), READ_FAILURES)
def test_export_read_failures(tmp_path: Path, content: bytes, reason: str) -> None:
    path = tmp_path / "result.json"
    path.write_bytes(content)
    items = list(EXPORT.read(path, OPTIONS))
    assert len(items) == 1
    assert isinstance(items[0], Reject)
    assert items[0].reason.startswith(reason)


# ----------------------------------------------------------------------------- sniffing

FULL_EXPORT_HEAD = (
    '{\n "about": "Here is the data you requested.",\n "personal_information": {\n'
    '  "user_id": 1\n }\n}\n'
)
SNIFF = [
    pytest.param("telethon_group.jsonl", None, 0.95, 0.0, id="telethon-fixture"),
    pytest.param("result_channel.json", None, 0.0, 0.95, id="single-chat-export"),
    pytest.param("result_full.json", None, 0.0, 0.95, id="full-export"),
    pytest.param(None, FULL_EXPORT_HEAD, 0.0, 0.8, id="full-export-head-without-chats"),
    pytest.param(None, '{"_": "Message", "id": 1, "message": "cut', 0.85, 0.0,
                 id="telethon-line-cut-by-the-window"),
    pytest.param(None, '{"_": "MessageService", "id": 1}\n', 0.8, 0.0,
                 id="telethon-without-peer"),
    pytest.param(None, '{"id": 1, "text": "hello"}\n', 0.0, 0.0, id="other-jsonl"),
    pytest.param(None, "name,username,tweetid,time,tweets\n", 0.0, 0.0, id="csv"),
    pytest.param(None, "", 0.0, 0.0, id="empty"),
]  # fmt: skip


@pytest.mark.parametrize(("fixture", "content", "telethon", "export"), SNIFF)
def test_sniff(
    tmp_path: Path, fixture: str | None, content: str | None, telethon: float, export: float
) -> None:
    if fixture is not None:
        path = FIXTURES / fixture
    else:
        path = tmp_path / "input"
        path.write_text(content or "", encoding="utf-8")
    head = read_head(path)
    assert (TELETHON.sniff(head), EXPORT.sniff(head)) == (telethon, export)


@pytest.mark.parametrize("fmt", [TELETHON, EXPORT], ids=["telethon", "export"])
def test_formats_follow_the_protocol(fmt: Format) -> None:
    assert isinstance(fmt, Format)
    assert fmt.name in ("telegram-telethon", "telegram-export")
    assert fmt.description
