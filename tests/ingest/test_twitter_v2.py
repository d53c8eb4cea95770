"""The ``twitter-v2`` format: Twitter API v2 pages, stream lines and twarc-flattened rows.

Unit tests use the small neutral fixtures in ``fixtures/twitter`` (written for these tests,
following the published v2 layouts); the ``shared`` tests read the real twarc test data in
``../shared/data/twitter-v2-samples`` (generic topics) and check counts and field values.
"""

from __future__ import annotations

import copy
from collections.abc import Mapping
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import orjson
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from nohaven.ingest.base import (
    Format,
    FormatOptions,
    Head,
    Mapped,
    RecordError,
    Reject,
    SourceRecord,
)
from nohaven.ingest.readers import read_head
from nohaven.ingest.twitter_v2 import TwitterV2
from nohaven.model import AccountStatus, Media, MediaKind, account_ref

FIXTURES = Path(__file__).parent / "fixtures" / "twitter"
V2 = "twitter-v2-samples"


def _page() -> dict[str, Any]:
    page = orjson.loads((FIXTURES / "v2_page.json").read_bytes())
    assert isinstance(page, dict)
    return page


def _flat_row() -> dict[str, Any]:
    row = orjson.loads((FIXTURES / "v2_flat.jsonl").read_bytes())
    assert isinstance(row, dict)
    return row


def _map(data: Mapping[str, Any], fmt: TwitterV2 | None = None, **options: Any) -> Mapped:
    return (fmt or TwitterV2()).map(SourceRecord("tweets.jsonl", 3, data), FormatOptions(**options))


def _run(path: Path, fmt: TwitterV2 | None = None) -> tuple[list[Mapped], list[Reject]]:
    fmt = fmt or TwitterV2()
    options = FormatOptions()
    mapped: list[Mapped] = []
    rejects: list[Reject] = []
    for item in fmt.read(path, options):
        if isinstance(item, Reject):
            rejects.append(item)
            continue
        try:
            result = fmt.map(item, options)
        except RecordError as err:
            rejects.append(Reject(item.source, item.line, str(err)))
            continue
        mapped.append(result)
        rejects.extend(result.rejects)
    return mapped, rejects


# --- protocol and sniffing ------------------------------------------------------------------


def test_is_a_format_with_a_stable_name() -> None:
    fmt = TwitterV2()
    assert isinstance(fmt, Format)
    assert fmt.name == "twitter-v2"
    assert fmt.description


def _head(text: str) -> Head:
    return Head(Path("x.jsonl"), text.encode("utf-8"), text)


@pytest.mark.parametrize(
    ("text", "low", "high"),
    [
        pytest.param(
            '{"data": [{"id": "1", "text": "hi", "author_id": "2"}], "includes": {}}\n',
            0.9,
            1.0,
            id="page",
        ),
        pytest.param(
            '{"data": [{"id": "1", "author_id": "2", "text": "a very long first line',
            0.85,
            1.0,
            id="page-longer-than-the-head",
        ),
        pytest.param(
            '{"id": "1", "text": "hi", "author_id": "2", "author": {"id": "2"}}\n',
            0.9,
            1.0,
            id="flattened-row",
        ),
        pytest.param('{"data": [{"id": "2", "username": "a"}]}\n', 0.9, 1.0, id="users"),
        pytest.param('{"data": [{"tweet_count": 3, "start": "x"}]}\n', 0.85, 1.0, id="counts"),
        pytest.param('{\n  "data": [\n    {\n      "author_id": "1",\n', 0.85, 1.0, id="pretty"),
        pytest.param(
            '{"id_str": "1", "user": {"id_str": "2"}, '
            '"created_at": "Wed May 17 15:31:40 +0000 2017"}\n',
            0.0,
            0.0,
            id="v1-status",
        ),
        pytest.param('{"data": {"name": "not twitter"}}\n', 0.0, 0.0, id="other-data"),
        pytest.param("a,b\n1,2\n", 0.0, 0.0, id="csv"),
    ],
)
def test_sniff(text: str, low: float, high: float) -> None:
    assert low <= TwitterV2().sniff(_head(text)) <= high


# --- a response page ------------------------------------------------------------------------


def test_page_maps_its_tweets_then_the_included_ones() -> None:
    mapped = _map(_page())
    assert [p.id for p in mapped.posts] == ["3002", "3003", "3004", "3001"]
    assert [a.id for a in mapped.accounts] == ["400", "401", "402", account_ref("gone_gardener")]


def test_retweet_gets_the_full_text_and_entities_of_the_original() -> None:
    rt = _map(_page()).posts[0]
    assert rt.account_id == "401"
    assert rt.created == datetime(2022, 6, 1, 9, 30, tzinfo=UTC)
    assert (rt.repost_of, rt.repost_of_account) == ("3001", "400")
    assert rt.text == (
        "RT @green_thumb: Tomato seedlings are finally up after a week of rain, here is the full "
        "watering plan for the balcony garden #gardening"
    )
    assert rt.urls == ("https://garden.example.org/watering-plan",)  # unwound_url
    assert (rt.mentions, rt.mention_ids) == (("green_thumb",), ("400",))
    assert rt.hashtags == ("gardening",)
    assert rt.media == (
        Media(MediaKind.PHOTO, "3_601", "https://pbs.example.org/media/seedlings.jpg"),
    )
    assert rt.language is None


def test_retweet_of_a_missing_original_keeps_its_text_and_finds_the_author() -> None:
    page = _page()
    page["includes"]["tweets"] = []
    rt = _map(page).posts[0]
    assert rt.text.startswith("RT @green_thumb: Tomato seedlings")
    assert rt.text.endswith("…")
    assert (rt.repost_of, rt.repost_of_account) == ("3001", "400")  # from the mention's id


def test_reply_unescapes_text_and_resolves_mentions_by_username() -> None:
    reply = _map(_page()).posts[1]
    assert reply.text == "@green_thumb Lovely & green! Mine are slower <3"
    assert (reply.reply_to, reply.reply_to_account) == ("3001", "400")
    assert (reply.mentions, reply.mention_ids) == (("green_thumb",), ("400",))
    assert reply.raw["withheld"] == {"copyright": False, "country_codes": ["XY"]}


def test_quote_resolves_the_quoted_author() -> None:
    quote = _map(_page()).posts[2]
    assert (quote.quote_of, quote.quote_of_account) == ("3001", "400")
    assert quote.urls == ("https://twitter.com/green_thumb/status/3001",)
    assert (quote.mentions, quote.mention_ids) == (("tea_time",), ("402",))


def test_tweet_without_created_at_is_a_reject_of_the_page_not_a_crash() -> None:
    (reject,) = _map(_page()).rejects
    assert (reject.source, reject.line) == ("tweets.jsonl", 3)
    assert reject.reason == (
        "tweet 4 of 4 in this page: tweet 3005 has no created_at (request tweet.fields=created_at)"
    )


def test_suspended_user_errors_become_suspended_accounts() -> None:
    suspended = _map(_page()).accounts[-1]
    assert suspended.id == "@gone_gardener"
    assert suspended.handle == "gone_gardener"
    assert suspended.status is AccountStatus.SUSPENDED


def test_accounts_from_includes() -> None:
    green = _map(_page()).accounts[0]
    assert (green.handle, green.display_name, green.description) == (
        "green_thumb",
        "Green Thumb",
        "Gardening and tea",
    )
    assert (green.followers, green.post_count) == (1200, 340)
    assert green.created == datetime(2015, 3, 1, 10, 0, tzinfo=UTC)
    assert green.status is AccountStatus.ACTIVE


def test_referenced_tweets_can_be_left_out() -> None:
    mapped = _map(_page(), TwitterV2(referenced=False))
    assert [p.id for p in mapped.posts] == ["3002", "3003", "3004"]
    assert mapped.posts[0].repost_of_account == "400"


def test_media_key_without_includes_takes_its_kind_from_the_prefix() -> None:
    page = _page()
    page["includes"]["media"] = []
    page["data"][0]["attachments"] = {"media_keys": ["16_9", "7_8", "13_7", "3_6", "99_5"]}
    kinds = [(m.kind, m.key, m.url) for m in _map(page).posts[0].media]
    assert kinds == [
        (MediaKind.ANIMATED_GIF, "16_9", None),
        (MediaKind.VIDEO, "7_8", None),
        (MediaKind.VIDEO, "13_7", None),
        (MediaKind.PHOTO, "3_6", None),
        (MediaKind.OTHER, "99_5", None),
    ]


def test_own_media_links_and_read_more_links_are_not_outlinks() -> None:
    page = _page()
    page["data"][2]["entities"]["urls"] += [
        {
            "url": "https://t.co/p",
            "expanded_url": "https://twitter.com/a/status/3004/photo/1",
            "display_url": "pic.twitter.com/p",
        },
        {"url": "https://t.co/m", "expanded_url": "https://x/1", "media_key": "3_1"},
        {"url": "https://t.co/r", "expanded_url": "https://twitter.com/i/web/status/3004"},
    ]
    assert _map(page).posts[2].urls == ("https://twitter.com/green_thumb/status/3001",)


def test_long_post_note_tweet_text_is_preferred() -> None:
    page = _page()
    page["data"][2]["note_tweet"] = {
        "text": "A long note about planting schedules " * 10,
        "entities": {"hashtags": [{"tag": "planting"}]},
    }
    quote = _map(page).posts[2]
    assert quote.text.startswith("A long note about planting schedules A long")
    assert quote.hashtags == ("planting",)


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        pytest.param(
            {"data": [{"tweet_count": 3, "start": "2021-10-16T18:21:34.000Z"}], "meta": {}},
            "counts endpoint output (tweet counts per time bucket) holds no posts",
            id="counts",
        ),
        pytest.param(
            {"errors": [{"title": "operational-disconnect", "detail": "Stream disconnected."}]},
            "response holds no data, only API errors: Stream disconnected.",
            id="error-only",
        ),
        pytest.param({"data": "nope"}, "'data' is str, expected a list or object", id="bad-data"),
        pytest.param({"name": "x"}, "not a Twitter API v2 object", id="not-v2"),
        pytest.param(
            {"id": "5", "text": "hi", "created_at": "2022-06-01T08:00:00Z"},
            "tweet 5 has no author_id",
            id="flat-no-author",
        ),
        pytest.param(
            {"id": "5", "text": "hi", "author_id": "1", "created_at": "June 1st"},
            "tweet 5: invalid timestamp 'June 1st': not ISO 8601",
            id="flat-bad-time",
        ),
        pytest.param(
            {"text": "hi", "author_id": "1", "created_at": "2022-06-01T08:00:00Z", "id": ""},
            "tweet has no id",
            id="flat-empty-id",
        ),
        pytest.param(
            {"id": "5", "author_id": "1", "created_at": "2022-06-01T08:00:00Z"},
            "tweet 5 has no text",
            id="flat-no-text",
        ),
    ],
)
def test_unusable_records_raise_with_a_reason(data: dict[str, Any], reason: str) -> None:
    with pytest.raises(RecordError) as caught:
        _map(data)
    assert str(caught.value).startswith(reason)


def test_user_lookup_page_gives_accounts_only() -> None:
    page = {"data": [{"id": "7", "username": "tea_time", "name": "Tea"}, 5], "includes": {}}
    mapped = _map(page)
    assert mapped.posts == ()
    assert [a.handle for a in mapped.accounts] == ["tea_time"]
    assert [r.reason for r in mapped.rejects] == ["user: is int, not an object"]


def test_a_single_user_object_is_an_account() -> None:
    mapped = _map({"id": "7", "username": "tea_time", "public_metrics": {"followers_count": 4}})
    assert mapped.posts == ()
    assert [(a.id, a.followers) for a in mapped.accounts] == [("7", 4)]


def test_text_over_the_limit_is_rejected() -> None:
    (reject,) = _map(_page(), max_text_chars=20).rejects[:1]
    assert reject.reason.startswith("tweet 1 of 4 in this page: tweet 3002: text of")


# --- flattened rows and the stream ----------------------------------------------------------


def test_flattened_row_resolves_everything_inline() -> None:
    mapped = _map(_flat_row())
    rt, original = mapped.posts
    assert (rt.id, rt.repost_of, rt.repost_of_account) == ("3002", "3001", "400")
    assert rt.text.startswith("RT @green_thumb: Tomato seedlings")
    assert rt.text.endswith("balcony garden #gardening")
    assert rt.urls == ("https://garden.example.org/watering-plan",)
    assert rt.media == (
        Media(MediaKind.PHOTO, "3_601", "https://pbs.example.org/media/seedlings.jpg"),
    )
    assert original.id == "3001"
    assert original.account_id == "400"
    assert [(a.id, a.handle) for a in mapped.accounts] == [
        ("401", "balcony_bea"),
        ("400", "green_thumb"),
    ]


def test_flattened_row_with_a_broken_reference_keeps_the_main_post() -> None:
    row = _flat_row()
    del row["referenced_tweets"][0]["created_at"]
    mapped = _map(row)
    assert [p.id for p in mapped.posts] == ["3002"]
    assert mapped.rejects[0].reason.startswith("referenced tweet: tweet 3001 has no created_at")


def test_stream_file_keeps_rules_and_rejects_the_error_and_the_cut_line() -> None:
    mapped, rejects = _run(FIXTURES / "v2_stream.jsonl")
    (tweet,) = mapped[0].posts
    assert tweet.id == "3101"
    assert tweet.hashtags == ("tea",)
    assert tweet.raw["matching_rules"] == [{"id": "77", "tag": "tea"}]
    assert [(r.line, r.reason.split(":")[0]) for r in rejects] == [
        (2, "response holds no data, only API errors"),
        (3, "malformed JSON"),
    ]


def test_reads_a_pretty_printed_page() -> None:
    mapped, rejects = _run(FIXTURES / "v2_page.json")
    assert [p.id for p in mapped[0].posts] == ["3002", "3003", "3004", "3001"]
    assert len(rejects) == 1


def test_page_input_is_not_modified() -> None:
    page = _page()
    before = copy.deepcopy(page)
    _map(page)
    assert page == before


# --- the real data --------------------------------------------------------------------------


@pytest.mark.shared
@pytest.mark.parametrize(
    ("name", "records", "posts", "distinct", "accounts", "rejects"),
    [
        pytest.param("noflat.jsonl", 1, 164, 164, 179, 0, id="noflat"),
        pytest.param("2sets.jsonl", 2, 276, 276, 290, 0, id="2sets"),
        pytest.param("brexit.jsonl", 1, 155, 155, 177, 0, id="brexit"),
        pytest.param("flat.jsonl", 100, 186, 164, 178, 0, id="flat"),
        pytest.param("withheld.jsonl", 5, 284, 284, 594, 0, id="withheld"),
        pytest.param("streaming_output_with_error.jsonl", 7, 11, 11, 11, 1, id="stream"),
        pytest.param("users.jsonl", 1, 0, 0, 91, 0, id="users"),
        pytest.param("counts.jsonl", 0, 0, 0, 0, 1, id="counts"),
        pytest.param("edited.jsonl", 1, 2, 2, 1, 0, id="edited"),
        pytest.param("quoted_edit.jsonl", 1, 3, 3, 2, 0, id="quoted-edit"),
        pytest.param("many_urls.jsonl", 1, 2, 2, 1, 0, id="many-urls"),
        pytest.param("media_tweet.jsonl", 1, 1, 1, 1, 0, id="media"),
        pytest.param("mentions_tweet.jsonl", 1, 2, 2, 2, 0, id="mentions"),
        pytest.param("geo_tweets.jsonl", 2, 3, 3, 4, 0, id="geo"),
        pytest.param("two_tweets.jsonl", 1, 2, 2, 2, 0, id="two-tweets"),
    ],
)
def test_real_files(
    shared_data: Path,
    name: str,
    records: int,
    posts: int,
    distinct: int,
    accounts: int,
    rejects: int,
) -> None:
    path = shared_data / V2 / name
    assert TwitterV2().sniff(read_head(path)) >= 0.9
    mapped, found = _run(path)
    ids = [p.id for m in mapped for p in m.posts]
    assert len(mapped) == records
    assert (len(ids), len(set(ids))) == (posts, distinct)
    assert len({a.id for m in mapped for a in m.accounts}) == accounts
    assert len(found) == rejects


@pytest.mark.shared
@pytest.mark.parametrize(
    ("name", "posts"),
    [
        pytest.param("noflat.jsonl", 100, id="noflat"),
        pytest.param("2sets.jsonl", 200, id="2sets"),
        pytest.param("brexit.jsonl", 100, id="brexit"),
        pytest.param("withheld.jsonl", 215, id="withheld"),
        pytest.param("flat.jsonl", 100, id="flat"),
    ],
)
def test_real_files_without_referenced_tweets(shared_data: Path, name: str, posts: int) -> None:
    mapped, _ = _run(shared_data / V2 / name, TwitterV2(referenced=False))
    assert sum(len(m.posts) for m in mapped) == posts


def _one(shared_data: Path, name: str, line: int = 1) -> Mapped:
    fmt, options = TwitterV2(), FormatOptions()
    for record in fmt.read(shared_data / V2 / name, options):
        if isinstance(record, SourceRecord) and record.line == line:
            return fmt.map(record, options)
    raise AssertionError(f"{name} has no line {line}")


@pytest.mark.shared
def test_two_tweets_retweet(shared_data: Path) -> None:
    mapped = _one(shared_data, "two_tweets.jsonl")
    rt, original = mapped.posts
    assert (rt.id, rt.account_id) == ("1394735776701816833", "1379899464345923590")
    assert rt.created == datetime(2021, 5, 18, 19, 24, 56, tzinfo=UTC)
    assert (rt.repost_of, rt.repost_of_account) == ("1391677057810288641", "1380086327023169540")
    assert (rt.mentions, rt.mention_ids) == (("bibaigna96",), ("1380086327023169540",))
    assert rt.hashtags == ("POIUYTREWQ",)
    assert rt.text == "RT @bibaigna96: #POIUYTREWQ"
    assert (original.id, original.created) == (
        "1391677057810288641",
        datetime(2021, 5, 10, 8, 50, 41, tzinfo=UTC),
    )
    assert [a.handle for a in mapped.accounts] == ["LachiVeronica", "bibaigna96"]


@pytest.mark.shared
def test_media_tweet_video(shared_data: Path) -> None:
    (post,) = _one(shared_data, "media_tweet.jsonl").posts
    assert (post.id, post.account_id) == ("1558553189766631429", "495430242")
    assert post.created == datetime(2022, 8, 13, 20, 36, 51, tzinfo=UTC)
    assert post.media == (
        Media(
            MediaKind.VIDEO,
            "7_1558552952549277696",
            "https://pbs.twimg.com/ext_tw_video_thumb/1558552952549277696/pu/img/"
            "7VaQu-AvReI8RHkv.jpg",
        ),
    )
    assert post.urls == ()


@pytest.mark.shared
def test_many_urls_self_reply(shared_data: Path) -> None:
    post = _one(shared_data, "many_urls.jsonl").posts[0]
    assert post.id == "1610692575752601600"
    assert (post.reply_to, post.reply_to_account) == ("1610623087061471232", "1328271312628936705")
    assert post.urls == ("https://uiadrian.gumroad.com/l/web-design-guide/?offer_code=twk0uc9f7",)


@pytest.mark.shared
def test_unwound_url_is_preferred(shared_data: Path) -> None:
    (post,) = _one(shared_data, "flat.jsonl", 52).posts
    assert post.id == "1380242241986441217"
    assert post.urls == ("https://www.twitch.tv/buffchocolate",)  # expanded: twitch.tv/...


@pytest.mark.shared
def test_mentions_tweet_resolves_all_mention_ids(shared_data: Path) -> None:
    rt = _one(shared_data, "mentions_tweet.jsonl").posts[0]
    assert (rt.repost_of, rt.repost_of_account) == ("1589671906718134272", "1221317221714157569")
    assert rt.mention_ids[:3] == ("1221317221714157569", "24742040", "20747847")
    assert rt.mentions[:3] == ("S3NT1N3L17", "Xbox", "masseffect")
    assert rt.hashtags == ("Xbox", "PlayStation", "gaming")
    assert [m.kind for m in rt.media] == [MediaKind.ANIMATED_GIF] * 4


@pytest.mark.shared
def test_edited_tweet_versions_are_separate_posts(shared_data: Path) -> None:
    latest, first = _one(shared_data, "edited.jsonl").posts
    assert (latest.id, first.id) == ("1576994789110992896", "1576994746135764992")
    assert latest.raw["edit_history_tweet_ids"] == [first.id, latest.id]
    assert latest.created == datetime(2022, 10, 3, 17, 57, 11, tzinfo=UTC)
    assert first.media == (Media(MediaKind.PHOTO, "3_1576994475507077121", None),)
    assert latest.urls == ()  # only its own read-more link


@pytest.mark.shared
def test_quoted_edit_reply_and_quote(shared_data: Path) -> None:
    mapped = _one(shared_data, "quoted_edit.jsonl")
    post = mapped.posts[0]
    assert (post.id, post.account_id) == ("1576995594388000768", "1494167419413094401")
    assert (post.quote_of, post.quote_of_account) == ("1576994746135764992", "337119125")
    assert (post.reply_to, post.reply_to_account) == ("1576994789110992896", "337119125")
    assert (post.mentions, post.mention_ids) == (("wongmjane",), ("337119125",))
    assert post.urls == ("https://twitter.com/wongmjane/status/1576994746135764992",)
    assert [p.id for p in mapped.posts[1:]] == ["1576994746135764992", "1576994789110992896"]


@pytest.mark.shared
def test_geo_reply(shared_data: Path) -> None:
    post = _one(shared_data, "geo_tweets.jsonl", 2).posts[0]
    assert post.id == "1501963039859363843"
    assert post.created == datetime(2022, 3, 10, 16, 47, 48, tzinfo=UTC)
    assert (post.reply_to, post.reply_to_account) == ("1501958949863661574", "2919151")
    assert (post.mentions, post.mention_ids) == (("j2bryson", "Twitter"), ("2919151", "783214"))
    assert post.urls == ("https://twarc-project.readthedocs.io/en/latest/twarc2_en_us/",)


@pytest.mark.shared
def test_stream_line_with_rules_and_photo(shared_data: Path) -> None:
    (post,) = _one(shared_data, "streaming_output_with_error.jsonl", 4).posts
    assert (post.id, post.account_id) == ("1377650387579248643", "387869763")
    assert post.created == datetime(2021, 4, 1, 15, 53, 42, tzinfo=UTC)
    assert post.hashtags == ("DogsofTwitter", "dogs")
    assert post.media == (
        Media(
            MediaKind.PHOTO,
            "3_1377650384366403588",
            "https://pbs.twimg.com/media/Ex5lubjXAAQm1WE.jpg",
        ),
    )
    assert post.raw["matching_rules"] == [{"id": 1377649934414049282, "tag": None}]


@pytest.mark.shared
def test_stream_error_line_is_a_reject(shared_data: Path) -> None:
    _, rejects = _run(shared_data / V2 / "streaming_output_with_error.jsonl")
    (reject,) = rejects
    assert reject.line == 8
    assert reject.reason.startswith("malformed JSON")


@pytest.mark.shared
def test_users_page(shared_data: Path) -> None:
    mapped = _one(shared_data, "users.jsonl")
    assert mapped.posts == ()
    first = mapped.accounts[0]
    assert (first.id, first.handle, first.followers, first.post_count) == (
        "119369819",
        "DoDirty78",
        580,
        55186,
    )
    assert first.created == datetime(2010, 3, 3, 12, 49, 24, tzinfo=UTC)


@pytest.mark.shared
def test_withheld_tweets_are_mapped_and_suspended_users_reported(shared_data: Path) -> None:
    (post,) = _one(shared_data, "withheld.jsonl", 1).posts
    assert (post.id, post.account_id) == ("1388424788171841537", "1175047638")
    assert post.created == datetime(2021, 5, 1, 9, 27, 19, tzinfo=UTC)
    assert "withheld" in post.raw
    assert post.urls[0].startswith("https://www.economist.com/diary/2021/04/30/")
    last = _one(shared_data, "withheld.jsonl", 5)
    suspended = [a.handle for a in last.accounts if a.status is AccountStatus.SUSPENDED]
    assert suspended == ["RSS4India", "Anoop455", "2245"]


# --- hostile input --------------------------------------------------------------------------

_JUNK = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=False)
    | st.text(max_size=40)
    | st.sampled_from(["", "@", " ", "2022-06-01T08:00:00.000Z", "&amp;", "RT @a:", "3_1"]),
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3)
    ),
    max_leaves=6,
)


def _paths(value: object, prefix: tuple[object, ...] = ()) -> list[tuple[object, ...]]:
    out: list[tuple[object, ...]] = [prefix] if prefix else []
    if isinstance(value, dict):
        for key, item in value.items():
            out.extend(_paths(item, (*prefix, key)))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            out.extend(_paths(item, (*prefix, index)))
    return out


def _replace(value: Any, path: tuple[object, ...], junk: object) -> None:
    for step in path[:-1]:
        value = value[step]
    value[path[-1]] = junk


@settings(max_examples=200, deadline=None)
@given(st.data(), st.sampled_from(["page", "flat"]))
def test_mangled_input_maps_or_raises_record_error(data: st.DataObject, layout: str) -> None:
    obj = _page() if layout == "page" else _flat_row()
    paths = _paths(obj)
    for _ in range(data.draw(st.integers(1, 4))):
        path = data.draw(st.sampled_from(paths))
        try:
            _replace(obj, path, data.draw(_JUNK))
        except (KeyError, IndexError, TypeError):
            continue  # an earlier replacement removed this path
    try:
        mapped = _map(obj)
    except RecordError:
        return
    for post in mapped.posts:
        assert post.id and post.account_id
        assert len(post.mentions) == len(post.mention_ids)
