"""The ``twitter-v1`` format: Twitter API v1.1 statuses.

Unit tests use small neutral statuses built here and in ``fixtures/twitter``; the ``shared``
tests read the real v1.1 files in ``../shared/data`` and check counts and field values. Rows of
the real files are named by file and line; only neutral values (ids, times, handles of sport
and TV accounts, URLs as strings, hashtags) are asserted.
"""

from __future__ import annotations

import copy
from collections.abc import Mapping
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

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
from nohaven.ingest.twitter_v1 import TwitterV1
from nohaven.model import AccountStatus, Media, MediaKind, Post

FIXTURES = Path(__file__).parent / "fixtures" / "twitter"
TT = "radicalization-tt-twitter-v1"
PHEME = "hardneg-news-en-pheme"


# --- builders -------------------------------------------------------------------------------


def _user(uid: str = "100", handle: str = "weather_fan", **extra: Any) -> dict[str, Any]:
    user: dict[str, Any] = {
        "id": int(uid),
        "id_str": uid,
        "screen_name": handle,
        "name": handle.replace("_", " ").title(),
        "description": "Weekend baker and amateur cyclist",
        "followers_count": 10,
        "statuses_count": 20,
        "created_at": "Mon Jan 02 08:00:00 +0000 2012",
    }
    user.update(extra)
    return user


def _entities(
    urls: tuple[str, ...] = (),
    mentions: tuple[tuple[str, str], ...] = (),
    tags: tuple[str, ...] = (),
) -> dict[str, Any]:
    return {
        "urls": [{"url": f"https://t.co/x{n}", "expanded_url": url} for n, url in enumerate(urls)],
        "user_mentions": [{"screen_name": h, "id_str": i, "id": int(i)} for h, i in mentions],
        "hashtags": [{"text": tag} for tag in tags],
    }


def _status(
    sid: str = "1001",
    text: str | None = "Sunny morning in the park",
    user: dict[str, Any] | None = None,
    created: str = "Wed May 17 15:31:40 +0000 2017",
    **extra: Any,
) -> dict[str, Any]:
    status: dict[str, Any] = {
        "id": int(sid),
        "id_str": sid,
        "created_at": created,
        "text": text,
        "truncated": False,
        "user": user if user is not None else _user(),
        "entities": _entities(),
        "in_reply_to_status_id_str": None,
        "in_reply_to_user_id_str": None,
        "lang": "en",
    }
    status.update(extra)
    return status


ORIGINAL = _status(
    "2001",
    "Fresh sourdough recipe with rye flour https://t.co/x0 #baking @flour_mill",
    _user("300", "bread_club"),
    "Tue May 16 09:00:00 +0000 2017",
    entities=_entities(("https://example.org/rye",), (("flour_mill", "301"),), ("baking",)),
    extended_entities={
        "media": [
            {"id_str": "501", "type": "photo", "media_url_https": "https://pbs.example.org/a.jpg"}
        ]
    },
)


def _retweet(original: Mapping[str, Any] = ORIGINAL, text: str | None = None) -> dict[str, Any]:
    handle = original["user"]["screen_name"]
    return _status(
        "1002",
        text if text is not None else f"RT @{handle}: Fresh sourdough recipe with rye…",
        _user("101", "cyclist_sam"),
        "Wed May 17 15:40:00 +0000 2017",
        entities=_entities((), ((handle, original["user"]["id_str"]),), ()),
        retweeted_status=copy.deepcopy(original),
    )


def _quote(quoted: Mapping[str, Any] = ORIGINAL) -> dict[str, Any]:
    return _status(
        "1003",
        "Trying this at the weekend https://t.co/x0",
        _user("102", "tea_time"),
        entities=_entities(("https://twitter.com/bread_club/status/2001",)),
        quoted_status_id_str=quoted["id_str"],
        quoted_status=copy.deepcopy(quoted),
        is_quote_status=True,
    )


def _map(data: Mapping[str, Any], fmt: TwitterV1 | None = None, **options: Any) -> Mapped:
    record = SourceRecord("statuses.jsonl", 7, data)
    return (fmt or TwitterV1()).map(record, FormatOptions(**options))


def _post(data: Mapping[str, Any]) -> Post:
    return _map(data).posts[0]


def _run(path: Path, fmt: TwitterV1 | None = None) -> tuple[list[Mapped], list[Reject]]:
    fmt = fmt or TwitterV1()
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
    fmt = TwitterV1()
    assert isinstance(fmt, Format)
    assert fmt.name == "twitter-v1"
    assert fmt.description


def _head(text: str, name: str = "x.jsonl") -> Head:
    return Head(Path(name), text.encode("utf-8"), text)


@pytest.mark.parametrize(
    ("text", "low", "high"),
    [
        pytest.param(
            '{"id_str": "1", "user": {"id_str": "2"}, '
            '"created_at": "Wed May 17 15:31:40 +0000 2017", "text": "hi"}\n',
            0.9,
            1.0,
            id="status-line",
        ),
        pytest.param(
            '{"statuses": [{"id_str": "1", "user": {}, '
            '"created_at": "Wed May 17 15:31:40 +0000 2017"}]}\n',
            0.85,
            1.0,
            id="search-response",
        ),
        pytest.param(
            '[{"id_str": "1", "user": {"screen_name": "a"}, \n'
            '"created_at": "Wed May 17 15:31:40 +0000 2017"',
            0.8,
            1.0,
            id="json-array-head",
        ),
        pytest.param('{"delete": {"status": {"id_str": "1"}}}\n', 0.5, 0.7, id="delete-notice"),
        pytest.param(
            '{"id": "1", "author_id": "2", "created_at": "2021-04-08T19:34:16.000Z", '
            '"text": "hi"}\n',
            0.0,
            0.0,
            id="v2-tweet",
        ),
        pytest.param("id_str,created_at,text\n1,Wed May 17,hi\n", 0.0, 0.0, id="csv"),
        pytest.param("", 0.0, 0.0, id="empty"),
    ],
)
def test_sniff(text: str, low: float, high: float) -> None:
    assert low <= TwitterV1().sniff(_head(text)) <= high


# --- mapping a status -----------------------------------------------------------------------


def test_plain_status_maps_every_field() -> None:
    status = _status(
        text="Sunny &amp; warm &lt;3 #weather @park_cafe https://t.co/x0",
        entities=_entities(
            ("https://example.org/forecast",), (("park_cafe", "555"),), ("weather",)
        ),
        in_reply_to_status_id_str="999",
        in_reply_to_user_id_str="555",
    )
    mapped = _map(status)
    (post,) = mapped.posts
    assert post.platform == "twitter"
    assert post.id == "1001"
    assert post.account_id == "100"
    assert post.created == datetime(2017, 5, 17, 15, 31, 40, tzinfo=UTC)
    assert post.text == "Sunny & warm <3 #weather @park_cafe https://t.co/x0"
    assert post.language is None
    assert (post.reply_to, post.reply_to_account) == ("999", "555")
    assert (post.repost_of, post.quote_of) == (None, None)
    assert post.urls == ("https://example.org/forecast",)
    assert (post.mentions, post.mention_ids) == (("park_cafe",), ("555",))
    assert post.hashtags == ("weather",)
    assert post.raw is status
    (account,) = mapped.accounts
    assert account.id == "100"
    assert account.handle == "weather_fan"
    assert account.display_name == "Weather Fan"
    assert account.description == "Weekend baker and amateur cyclist"
    assert (account.followers, account.post_count) == (10, 20)
    assert account.created == datetime(2012, 1, 2, 8, 0, tzinfo=UTC)
    assert account.status is AccountStatus.ACTIVE
    assert mapped.rejects == ()


def test_extended_tweet_gives_the_untruncated_text_and_entities() -> None:
    status = _status(
        text="A long walk along the river today, the ducks were… https://t.co/more",
        truncated=True,
        entities=_entities(("https://twitter.com/i/web/status/1001",)),
        extended_tweet={
            "full_text": "A long walk along the river today, the ducks were out in force #river",
            "entities": _entities(("https://example.org/river",), (), ("river",)),
            "extended_entities": {
                "media": [{"id_str": "9", "type": "video", "media_url_https": "https://v/x.jpg"}]
            },
        },
    )
    post = _post(status)
    assert post.text.endswith("out in force #river")
    assert post.urls == ("https://example.org/river",)
    assert post.hashtags == ("river",)
    assert post.media == (Media(MediaKind.VIDEO, "9", "https://v/x.jpg"),)


def test_extended_mode_full_text_is_preferred() -> None:
    post = _post(_status(full_text="Complete text of a long post about gardening", text=None))
    assert post.text == "Complete text of a long post about gardening"


def test_read_more_link_of_a_truncated_status_is_not_an_outlink() -> None:
    status = _status(
        text="Cut short… https://t.co/more",
        truncated=True,
        entities=_entities(("https://example.org/kept", "https://twitter.com/i/web/status/1001")),
    )
    post = _post(status)
    assert post.urls == ("https://example.org/kept",)
    assert post.text == "Cut short… https://t.co/more"


def test_retweet_points_at_the_original_and_merges_its_entities() -> None:
    mapped = _map(_retweet())
    rt, original = mapped.posts
    assert rt.id == "1002"
    assert rt.account_id == "101"
    assert (rt.repost_of, rt.repost_of_account) == ("2001", "300")
    # The retweet's own text is cut by the API; the original's is complete.
    assert rt.text == (
        "RT @bread_club: Fresh sourdough recipe with rye flour https://t.co/x0 #baking @flour_mill"
    )
    assert rt.urls == ("https://example.org/rye",)
    assert rt.mentions == ("bread_club", "flour_mill")
    assert rt.mention_ids == ("300", "301")
    assert rt.hashtags == ("baking",)
    assert rt.media == (Media(MediaKind.PHOTO, "501", "https://pbs.example.org/a.jpg"),)
    assert rt.quote_of is None
    assert original.id == "2001"
    assert original.account_id == "300"
    assert original.created == datetime(2017, 5, 16, 9, 0, tzinfo=UTC)
    assert original.repost_of is None
    assert [a.id for a in mapped.accounts] == ["101", "300"]


def test_retweet_of_a_truncated_original_keeps_its_own_text() -> None:
    truncated = dict(ORIGINAL, truncated=True, text="Fresh sourdough… https://t.co/more")
    rt = _map(_retweet(truncated, "RT @bread_club: Fresh sourdough recipe with…")).posts[0]
    assert rt.text == "RT @bread_club: Fresh sourdough recipe with…"
    assert rt.repost_of == "2001"


def test_quote_points_at_the_quoted_status_which_is_emitted_too() -> None:
    mapped = _map(_quote())
    quote, quoted = mapped.posts
    assert (quote.quote_of, quote.quote_of_account) == ("2001", "300")
    assert quote.repost_of is None
    assert quote.urls == ("https://twitter.com/bread_club/status/2001",)
    assert quoted.id == "2001"
    assert [a.id for a in mapped.accounts] == ["102", "300"]


def test_retweet_of_a_quote_is_a_repost_only() -> None:
    quoting = _quote()
    rt = _retweet(quoting, "RT @tea_time: Trying this at the weekend https://t.co/x0")
    rt["quoted_status_id_str"] = "2001"  # as the API sends it on a retweet of a quote
    mapped = _map(rt)
    assert [p.id for p in mapped.posts] == ["1002", "1003", "2001"]
    top = mapped.posts[0]
    assert (top.repost_of, top.repost_of_account) == ("1003", "102")
    assert (top.quote_of, top.quote_of_account) == (None, None)
    assert (mapped.posts[1].quote_of, mapped.posts[1].quote_of_account) == ("2001", "300")
    assert [a.id for a in mapped.accounts] == ["101", "102", "300"]


def test_embedded_statuses_can_be_left_out() -> None:
    mapped = _map(_retweet(), TwitterV1(embedded=False))
    (post,) = mapped.posts
    assert (post.repost_of, post.repost_of_account) == ("2001", "300")
    assert [a.id for a in mapped.accounts] == ["101"]


@pytest.mark.parametrize(
    ("kind", "expected"),
    [
        pytest.param("photo", MediaKind.PHOTO, id="photo"),
        pytest.param("video", MediaKind.VIDEO, id="video"),
        pytest.param("animated_gif", MediaKind.ANIMATED_GIF, id="gif"),
        pytest.param("hologram", MediaKind.OTHER, id="unknown"),
    ],
)
def test_media_kinds(kind: str, expected: MediaKind) -> None:
    media = {"id_str": "77", "type": kind, "media_url_https": "https://pbs.example.org/m.jpg"}
    post = _post(_status(extended_entities={"media": [media, dict(media)]}))
    assert post.media == (Media(expected, "77", "https://pbs.example.org/m.jpg"),)


def test_media_from_entities_when_there_are_no_extended_entities() -> None:
    entities = _entities()
    entities["media"] = [{"id_str": "8", "type": "photo", "media_url_https": "https://p/8.jpg"}]
    assert _post(_status(entities=entities)).media == (
        Media(MediaKind.PHOTO, "8", "https://p/8.jpg"),
    )


def test_numeric_ids_are_used_when_id_str_is_absent() -> None:
    status = _status()
    del status["id_str"]
    del status["user"]["id_str"]
    post = _post(status)
    assert (post.id, post.account_id) == ("1001", "100")


def test_a_lone_status_marks_its_author_observed_at_its_time() -> None:
    mapped = _map(_status())
    assert mapped.accounts[0].observed == mapped.posts[0].created


def test_embedded_authors_are_left_for_the_pipeline_to_mark() -> None:
    # An embedded author is as the embedding status saw it: the pipeline marks every snapshot
    # of the record with its latest post time, not with the embedded status's own time.
    assert all(account.observed is None for account in _map(_retweet()).accounts)
    (author,) = _map(_retweet(), TwitterV1(embedded=False)).accounts
    assert author.observed == datetime(2017, 5, 17, 15, 40, tzinfo=UTC)


def test_bad_account_date_is_left_empty_not_fatal() -> None:
    mapped = _map(_status(user=_user(created_at="yesterday")))
    assert mapped.accounts[0].created is None
    assert mapped.posts[0].id == "1001"


def test_search_response_maps_each_status_and_rejects_broken_ones() -> None:
    mapped = _map({"statuses": [_status(), {"id_str": "5"}], "search_metadata": {}})
    assert [p.id for p in mapped.posts] == ["1001"]
    (reject,) = mapped.rejects
    assert reject.line == 7
    assert reject.reason == "status 2: status 5 has no user object"


def test_broken_embedded_status_is_rejected_and_the_post_kept() -> None:
    retweet = _retweet()
    del retweet["retweeted_status"]["user"]
    mapped = _map(retweet)
    (post,) = mapped.posts
    assert post.repost_of == "2001"
    assert post.repost_of_account is None
    (reject,) = mapped.rejects
    assert reject.reason == "embedded retweeted status: status 2001 has no user object"
    assert (reject.source, reject.line) == ("statuses.jsonl", 7)


def _without(key: str) -> dict[str, Any]:
    status = _status()
    del status[key]
    if key == "id_str":
        del status["id"]
    return status


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        pytest.param(_without("id_str"), "status has no id_str", id="missing-id"),
        pytest.param(_without("user"), "status 1001 has no user object", id="missing-user"),
        pytest.param(
            _status(user={"screen_name": "x"}),
            "status 1001: user object has no id_str",
            id="user-without-id",
        ),
        pytest.param(
            _status(created="2017-05-17 15:31"),
            "status 1001: invalid timestamp '2017-05-17 15:31'",
            id="bad-time",
        ),
        pytest.param(
            _status(created="Wed May 17 15:31:40 +0000 1850"),
            "status 1001: timestamp 'Wed May 17 15:31:40 +0000 1850' is outside 1990..2100",
            id="time-out-of-range",
        ),
        pytest.param(_without("created_at"), "status 1001: invalid timestamp None", id="no-time"),
        pytest.param(_status(text=None), "status 1001 has no text", id="no-text"),
        pytest.param(
            {"delete": {"status": {"id_str": "42", "user_id_str": "100"}, "timestamp_ms": "1"}},
            "deletion notice for status 42 by user 100",
            id="delete-notice",
        ),
        pytest.param(
            {"status_withheld": {"id": 42, "user_id": 100, "withheld_in_countries": ["XY"]}},
            "stream notice 'status_withheld'",
            id="withheld-notice",
        ),
        pytest.param({"limit": {"track": 12}}, "stream notice 'limit'", id="limit-notice"),
    ],
)
def test_unusable_records_raise_with_a_reason(data: dict[str, Any], reason: str) -> None:
    with pytest.raises(RecordError) as caught:
        _map(data)
    assert str(caught.value).startswith(reason)


def test_text_over_the_limit_is_rejected() -> None:
    with pytest.raises(RecordError, match="exceeds 10"):
        _map(_status(text="x" * 11), max_text_chars=10)


def test_platform_option_renames_the_platform() -> None:
    mapped = _map(_status(), platform="x")
    assert mapped.posts[0].platform == "x"
    assert mapped.accounts[0].platform == "x"


# --- reading containers ---------------------------------------------------------------------


def test_reads_json_lines_with_notices_and_broken_lines() -> None:
    mapped, rejects = _run(FIXTURES / "v1_stream.jsonl")
    assert [[p.id for p in m.posts] for m in mapped] == [["1001"], ["1002", "2001"]]
    assert [(r.line, r.reason.split(":")[0]) for r in rejects] == [
        (3, "deletion notice for status 1003 by user 100"),
        (5, "malformed JSON"),
    ]


def test_reads_a_json_array_item_by_item() -> None:
    mapped, rejects = _run(FIXTURES / "v1_array.json")
    assert [m.posts[0].id for m in mapped] == ["1001", "2001"]
    (reject,) = rejects
    assert (reject.line, reject.reason) == (3, "item 3 of the JSON array is int, not an object")


def test_reads_a_pretty_printed_single_status() -> None:
    mapped, rejects = _run(FIXTURES / "v1_pretty.json")
    assert [m.posts[0].id for m in mapped] == ["1001"]
    assert rejects == []


def test_reads_a_search_response() -> None:
    mapped, rejects = _run(FIXTURES / "v1_search.json")
    assert [p.id for m in mapped for p in m.posts] == ["1001"]
    assert [r.reason for r in rejects] == ["status 2: status 1005 has no user object"]


# --- the real data --------------------------------------------------------------------------


def _totals(mapped: list[Mapped]) -> tuple[int, int, int]:
    posts = [p.id for m in mapped for p in m.posts]
    accounts = {a.id for m in mapped for a in m.accounts}
    return len(posts), len(set(posts)), len(accounts)


def _count(path: Path, fmt: TwitterV1) -> tuple[int, int, int, int, list[Reject]]:
    """Records, posts, distinct posts and distinct accounts of a big file, streamed."""
    options = FormatOptions()
    records = posts = 0
    post_ids: set[str] = set()
    account_ids: set[str] = set()
    rejects: list[Reject] = []
    for item in fmt.read(path, options):
        if isinstance(item, Reject):
            rejects.append(item)
            continue
        records += 1
        mapped = fmt.map(item, options)
        posts += len(mapped.posts)
        post_ids.update(p.id for p in mapped.posts)
        account_ids.update(a.id for a in mapped.accounts)
        rejects.extend(mapped.rejects)
    return records, posts, len(post_ids), len(account_ids), rejects


@pytest.mark.shared
@pytest.mark.parametrize(
    ("name", "records", "posts", "distinct", "accounts"),
    [
        pytest.param("TT-TEST.jsonl.gz", 5297, 7899, 5841, 3853, id="tt-test"),
        pytest.param("TT-TRAIN-CON.jsonl.gz", 15200, 26278, 16094, 7829, id="tt-train-con"),
        pytest.param("TT-TRAIN-PRO.jsonl.gz", 10282, 18341, 11034, 6936, id="tt-train-pro"),
    ],
)
def test_real_files_map_without_rejects(
    shared_data: Path, name: str, records: int, posts: int, distinct: int, accounts: int
) -> None:
    path = shared_data / TT / name
    assert TwitterV1().sniff(read_head(path)) >= 0.9
    *counts, rejects = _count(path, TwitterV1())
    assert rejects == []
    assert counts == [records, posts, distinct, accounts]


@pytest.mark.shared
def test_tt_train_pro_gives_one_post_per_status_without_embedded(shared_data: Path) -> None:
    path = shared_data / TT / "TT-TRAIN-PRO.jsonl.gz"
    *counts, rejects = _count(path, TwitterV1(embedded=False))
    assert rejects == []
    assert counts == [10282, 10282, 10282, 6584]


@pytest.mark.shared
@pytest.mark.parametrize(
    ("name", "posts", "accounts"),
    [
        pytest.param("ottawashooting-all-rnr-threads.non-rumours.json.gz", 420, 305, id="ott-nr"),
        pytest.param("ottawashooting-all-rnr-threads.rumours.json.gz", 470, 196, id="ott-r"),
        pytest.param("sydneysiege-all-rnr-threads.non-rumours.json.gz", 699, 458, id="syd-nr"),
        pytest.param("sydneysiege-all-rnr-threads.rumours.json.gz", 522, 198, id="syd-r"),
    ],
)
def test_pheme_thread_arrays(shared_data: Path, name: str, posts: int, accounts: int) -> None:
    path = shared_data / PHEME / name
    assert TwitterV1().sniff(read_head(path)) >= 0.8
    mapped, rejects = _run(path)
    assert rejects == []
    assert _totals(mapped) == (posts, posts, accounts)


@pytest.mark.shared
def test_pheme_first_item_fields(shared_data: Path) -> None:
    path = shared_data / PHEME / "ottawashooting-all-rnr-threads.non-rumours.json.gz"
    record = next(r for r in TwitterV1().read(path, FormatOptions()) if isinstance(r, SourceRecord))
    assert record.line == 1  # the item's position in the array
    mapped = TwitterV1().map(record, FormatOptions())
    (post,) = mapped.posts
    assert post.id == "524960851493924864"
    assert post.account_id == "759251"
    assert post.created == datetime(2014, 10, 22, 16, 29, 54, tzinfo=UTC)
    assert post.urls == ("https://vine.co/v/OhzPTHiDq7Q", "http://cnn.it/1CWhxcY")
    assert (post.mentions, post.mention_ids) == (("dmatthewmillar",), ("359138243",))
    assert post.hashtags == ("OttawaShooting",)
    assert mapped.accounts[0].handle == "CNN"


@pytest.mark.shared
@pytest.mark.parametrize(
    "name",
    [
        "sample_TT-TEST_864865986582851585.json",
        "sample_TT-TEST_864866012595965952.json",
        "sample_TT-TEST_864866110189043712.json",
        "sample_TT-TRAIN-CON_864942297246388224.json",
        "sample_TT-TRAIN-CON_864942298173517826.json",
        "sample_TT-TRAIN-CON_864942304385273857.json",
        "sample_TT-TRAIN-PRO_864294631772536832.json",
        "sample_TT-TRAIN-PRO_864294720176082944.json",
        "sample_TT-TRAIN-PRO_864295511175680000.json",
    ],
)
def test_single_status_samples(shared_data: Path, name: str) -> None:
    path = shared_data / TT / "samples" / name
    assert TwitterV1().sniff(read_head(path)) >= 0.9
    mapped, rejects = _run(path)
    assert rejects == []
    (first,) = mapped
    assert first.posts[0].id == name.rsplit("_", 1)[1].removesuffix(".json")


@pytest.fixture(scope="module")
def tt_lines(shared_data: Path) -> dict[tuple[str, int], Mapped]:
    """The mapped records of the rows the value tests below look at."""
    wanted = {
        "TT-TEST.jsonl.gz": {2, 3, 5, 7, 35, 59, 139},
        "TT-TRAIN-CON.jsonl.gz": {1, 3},
    }
    fmt, options = TwitterV1(), FormatOptions()
    out: dict[tuple[str, int], Mapped] = {}
    for name, lines in wanted.items():
        for record in fmt.read(shared_data / TT / name, options):
            if isinstance(record, SourceRecord) and record.line in lines:
                out[name, record.line] = fmt.map(record, options)
            elif isinstance(record, SourceRecord) and record.line > max(lines):
                break
    return out


def _at(tt_lines: dict[tuple[str, int], Mapped], name: str, line: int) -> Mapped:
    return tt_lines[name, line]


@pytest.mark.shared
def test_tt_test_self_reply(tt_lines: dict[tuple[str, int], Mapped]) -> None:
    (post,) = _at(tt_lines, "TT-TEST.jsonl.gz", 2).posts
    assert post.id == "864866012595965952"
    assert post.account_id == "69602475"
    assert post.created == datetime(2017, 5, 17, 15, 31, 40, tzinfo=UTC)
    assert (post.reply_to, post.reply_to_account) == ("864863560375160834", "69602475")
    assert post.hashtags == ("GameOfThrones",)


@pytest.mark.shared
def test_tt_test_expanded_url(tt_lines: dict[tuple[str, int], Mapped]) -> None:
    (post,) = _at(tt_lines, "TT-TEST.jsonl.gz", 3).posts
    assert post.id == "864866110189043712"
    assert post.created == datetime(2017, 5, 17, 15, 32, 3, tzinfo=UTC)
    assert post.urls == ("http://buff.ly/2rr323m",)


@pytest.mark.shared
@pytest.mark.parametrize(
    ("line", "media"),
    [
        pytest.param(
            5,
            Media(
                MediaKind.ANIMATED_GIF,
                "864866113867440129",
                "https://pbs.twimg.com/tweet_video_thumb/DACfJfdXYAE4Rcy.jpg",
            ),
            id="gif",
        ),
        pytest.param(
            59,
            Media(
                MediaKind.VIDEO,
                "850538292638613504",
                "https://pbs.twimg.com/ext_tw_video_thumb/850538292638613504/pu/img/"
                "OuaSFvVCKRD-_grG.jpg",
            ),
            id="video",
        ),
    ],
)
def test_tt_test_media(tt_lines: dict[tuple[str, int], Mapped], line: int, media: Media) -> None:
    assert _at(tt_lines, "TT-TEST.jsonl.gz", line).posts[0].media == (media,)


@pytest.mark.shared
def test_tt_test_retweet(tt_lines: dict[tuple[str, int], Mapped]) -> None:
    mapped = _at(tt_lines, "TT-TEST.jsonl.gz", 7)
    rt, original = mapped.posts
    assert (rt.id, rt.account_id) == ("864866397918298112", "240044280")
    assert (rt.repost_of, rt.repost_of_account) == ("864858499947343873", "2679863268")
    assert (original.id, original.account_id) == ("864858499947343873", "2679863268")
    assert original.created == datetime(2017, 5, 17, 15, 1, 49, tzinfo=UTC)
    assert rt.text == f"RT @WatchersOTWall: {original.text}"
    assert (
        rt.urls
        == original.urls
        == (
            "http://watchersonthewall.com/nathalie-emmanuel-tracks-missandeis-journey-slave-"
            "freethinking-woman/",
        )
    )
    assert (rt.mentions, rt.mention_ids) == (("WatchersOTWall",), ("2679863268",))
    assert rt.hashtags == ("GameofThrones",)
    assert [m.key for m in rt.media] == ["864858492464644096"]


@pytest.mark.shared
def test_tt_test_quote(tt_lines: dict[tuple[str, int], Mapped]) -> None:
    quote, quoted = _at(tt_lines, "TT-TEST.jsonl.gz", 35).posts
    assert (quote.id, quote.account_id) == ("864868173148979201", "280034678")
    assert (quote.quote_of, quote.quote_of_account) == ("864785085781901312", "77185790")
    assert quote.urls == ("https://twitter.com/Inspiredjobs/status/864785085781901312",)
    assert quote.hashtags == ("GoT", "GameofThrones")
    assert quoted.id == "864785085781901312"
    assert quoted.urls == ("http://ow.ly/oDy030bNfoJ",)


@pytest.mark.shared
def test_tt_test_retweet_of_a_quote(tt_lines: dict[tuple[str, int], Mapped]) -> None:
    mapped = _at(tt_lines, "TT-TEST.jsonl.gz", 139)
    rt, original, quoted = mapped.posts
    assert (rt.id, rt.repost_of, rt.repost_of_account) == (
        "864874233796722688",
        "864873298374643712",
        "18848018",
    )
    assert (rt.quote_of, rt.quote_of_account) == (None, None)
    assert (original.quote_of, original.quote_of_account) == ("864415380252499969", "197365064")
    assert quoted.id == "864415380252499969"
    assert quoted.urls == ("http://jointhenightswatch.com",)
    assert [(a.id, a.handle) for a in mapped.accounts][1:] == [
        ("18848018", "NiceQueenCersei"),
        ("197365064", "skyatlantic"),
    ]


@pytest.mark.shared
def test_tt_train_con_retweet_with_photo(tt_lines: dict[tuple[str, int], Mapped]) -> None:
    mapped = _at(tt_lines, "TT-TRAIN-CON.jsonl.gz", 1)
    rt = mapped.posts[0]
    assert (rt.id, rt.account_id) == ("864942297246388224", "1540035828")
    assert rt.created == datetime(2017, 5, 17, 20, 34, 48, tzinfo=UTC)
    assert (rt.repost_of, rt.repost_of_account) == ("864851005464342528", "842470674107142144")
    assert rt.mentions == ("FilmHistoryPic", "iamsrk")
    assert rt.mention_ids == ("842470674107142144", "101311381")
    assert rt.hashtags == ("SRHvKKR", "ipl")
    assert rt.media == (
        Media(
            MediaKind.PHOTO, "864850375920287745", "https://pbs.twimg.com/media/DACQ1bCXgAEm2TV.jpg"
        ),
    )
    author = mapped.accounts[0]
    assert (author.id, author.handle, author.followers, author.post_count) == (
        "1540035828",
        "AbhishekKhati1",
        165,
        1163,
    )
    assert author.created == datetime(2013, 6, 23, 3, 46, 32, tzinfo=UTC)


@pytest.mark.shared
def test_tt_train_con_truncated_status(tt_lines: dict[tuple[str, int], Mapped]) -> None:
    (post,) = _at(tt_lines, "TT-TRAIN-CON.jsonl.gz", 3).posts
    assert (post.id, post.account_id) == ("864942304385273857", "293539344")
    assert post.text.endswith("https://t.co/uJ2cEVVe8T")  # the source gives no full text
    assert post.urls == ()  # only the read-more link, which is not an outlink
    assert post.mention_ids == ("23592970", "989137039", "106345557")


# --- hostile input --------------------------------------------------------------------------

_JUNK = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=False)
    | st.text(max_size=40)
    | st.sampled_from(["", "@", " ", "Wed May 17 15:31:40 +0000 2017", "&amp;", "RT @a:"]),
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


@settings(max_examples=300, deadline=None)
@given(st.data())
def test_mangled_statuses_map_or_raise_record_error(data: st.DataObject) -> None:
    status = _retweet(_quote())
    paths = _paths(status)
    for _ in range(data.draw(st.integers(1, 4))):
        path = data.draw(st.sampled_from(paths))
        try:
            _replace(status, path, data.draw(_JUNK))
        except (KeyError, IndexError, TypeError):
            continue  # an earlier replacement removed this path
    try:
        mapped = _map(status)
    except RecordError:
        return
    for post in mapped.posts:
        assert post.id and post.account_id
        assert len(post.mentions) == len(post.mention_ids)
