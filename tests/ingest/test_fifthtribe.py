"""``fifthtribe-csv``: both layouts, ids that survive re-rendering, truncated files.

The real-data tests read ``../shared/data`` (pro-ISIS material): rows are named by their file
line and only handles, times, counts, neutral hashtags and URLs are asserted; no tweet text is
quoted. The unit tests write small CSV files with neutral placeholder text.
"""

from __future__ import annotations

import gzip
import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import pytest

from nohaven.ingest.base import FormatOptions, Mapped, RecordError, Reject, SourceRecord
from nohaven.ingest.fifthtribe import (
    OCCURRENCE_KEY,
    FifthTribeCsv,
    text_skeleton,
    tweet_id,
)
from nohaven.ingest.readers import read_head
from nohaven.model import Account, Post

FMT = FifthTribeCsv()
OPTIONS = FormatOptions()
KAGGLE_HEADER = "name,username,description,location,followers,numberstatuses,time,tweets\n"
EXPANDED_HEADER = "name,username,tweetid,time,tweets\n"


@dataclass(frozen=True)
class Ingested:
    """What one file gave: posts and accounts by line, and the rejects."""

    posts: dict[int, Post]
    accounts: dict[int, Account]
    rejects: list[Reject]
    records: dict[int, SourceRecord]


def ingest(path: Path) -> Ingested:
    posts: dict[int, Post] = {}
    accounts: dict[int, Account] = {}
    rejects: list[Reject] = []
    records: dict[int, SourceRecord] = {}
    for item in FMT.read(path, OPTIONS):
        if isinstance(item, Reject):
            rejects.append(item)
            continue
        records[item.line] = item
        mapped = FMT.map(item, OPTIONS)
        (posts[item.line],) = mapped.posts
        (accounts[item.line],) = mapped.accounts
    return Ingested(posts, accounts, rejects, records)


def utc(year: int, month: int, day: int, hour: int, minute: int) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=UTC)


def write(tmp_path: Path, content: str | bytes, name: str = "tweets.csv") -> Path:
    path = tmp_path / name
    if isinstance(content, str):
        path.write_text(content, encoding="utf-8", newline="")
    else:
        path.write_bytes(content)
    return path


# ----------------------------------------------------------------------------- real data


@pytest.fixture(scope="module")
def tweets(shared_data: Path) -> Ingested:
    return ingest(shared_data / "isis-twitter-fifthtribe" / "tweets.csv")


@pytest.fixture(scope="module")
def expanded(shared_data: Path) -> Ingested:
    return ingest(shared_data / "isis-twitter-expanded-links" / "IsisFanboy.csv")


@pytest.mark.shared
def test_tweets_csv_gives_every_tweet_and_account(tweets: Ingested) -> None:
    assert tweets.rejects == []
    assert len(tweets.posts) == 12_237
    assert len({post.id for post in tweets.posts.values()}) == 12_237
    assert len({account.id for account in tweets.accounts.values()}) == 84
    assert {post.platform for post in tweets.posts.values()} == {"twitter"}
    assert sum(1 for post in tweets.posts.values() if post.repost_of_account) == 4_102
    assert sum(1 for post in tweets.posts.values() if post.urls) == 5_394


@pytest.mark.shared
def test_tweets_csv_repeats_are_numbered(tweets: Ingested) -> None:
    """32 rows repeat an earlier row's handle, minute and words (with other short links)."""
    numbered = {
        line: record.data[OCCURRENCE_KEY]
        for line, record in tweets.records.items()
        if OCCURRENCE_KEY in record.data
    }
    assert len(numbered) == 32
    assert [numbered[line] for line in (5009, 5010, 5011, 5021)] == [1, 2, 3, 4]
    assert all(OCCURRENCE_KEY not in tweets.posts[line].raw for line in numbered)


TWEETS_ROWS = [
    pytest.param(
        304,
        "@yazeeddhardaa25",
        utc(2015, 9, 11, 23, 46),
        "@markito0171",
        ("@markito0171",),
        ("Russia", "Syria", "Homs"),
        ("http://t.co/T7ZSxPTX0p",),
        id="line-304-repost-with-link",
    ),
    pytest.param(
        356,
        "@abuhanzalah10",
        utc(2015, 10, 5, 13, 6),
        "@ramiallolah",
        ("@ramiallolah",),
        ("Syria", "Russia"),
        ("http://t.co/BxWBCNjJCA",),
        id="line-356-repost",
    ),
    pytest.param(
        2586,
        "@ramiallolah",
        utc(2016, 1, 30, 21, 2),
        None,
        ("@mediapmoffice",),
        ("Syria",),
        ("https://t.co/QVpLAvlSx7",),
        id="line-2586-mention",
    ),
    pytest.param(
        8223,
        "@ramiallolah",
        utc(2016, 3, 4, 18, 50),
        None,
        ("@thetimes",),
        ("Iraq",),
        ("https://t.co/tn2vT5KHz7", "https://t.co/3SYbc9OJJa"),
        id="line-8223-two-links",
    ),
    pytest.param(
        8,
        "@yazeeddhardaa25",
        utc(2015, 8, 26, 17, 24),
        None,
        ("@yazeeddhardaa25", "@ibn_nuhas", "@jazrawi_uod", "@striv3ride", "@afroqaqaisback"),
        (),
        (),
        id="line-8-five-mentions",
    ),
    pytest.param(
        20260,
        "@uncle_samcoco",
        utc(2016, 5, 13, 15, 45),
        None,
        ("@romaincaillet", "@_davidthomson"),
        ("LT",),
        ("https://t.co/l6tGNuBjks",),
        id="line-20260-last-row",
    ),
]


@pytest.mark.shared
@pytest.mark.parametrize(
    ("line", "author", "created", "repost_of_account", "mention_ids", "hashtags", "urls"),
    TWEETS_ROWS,
)
def test_tweets_csv_row_fields(
    tweets: Ingested,
    line: int,
    author: str,
    created: datetime,
    repost_of_account: str | None,
    mention_ids: tuple[str, ...],
    hashtags: tuple[str, ...],
    urls: tuple[str, ...],
) -> None:
    post = tweets.posts[line]
    assert post.account_id == author
    assert post.created == created
    assert post.created.tzinfo is UTC
    assert post.repost_of_account == repost_of_account
    assert post.repost_of is None  # the source does not say which tweet was reposted
    assert post.mention_ids == mention_ids
    assert tuple(f"@{m.casefold()}" for m in post.mentions) == mention_ids
    assert post.hashtags == hashtags
    assert post.urls == urls
    assert post.id == tweet_id(author, created, post.text)
    assert post.raw == tweets.records[line].data


ACCOUNT_ROWS = [
    pytest.param(2586, "@ramiallolah", 29_209, 16_688, 153, id="line-2586-with-description"),
    pytest.param(9, "@abubakerdimshqi", 112, 273, 0, id="line-9-empty-description"),
]


@pytest.mark.shared
@pytest.mark.parametrize(
    ("line", "account_id", "followers", "post_count", "description_chars"), ACCOUNT_ROWS
)
def test_tweets_csv_account_snapshot(
    tweets: Ingested,
    line: int,
    account_id: str,
    followers: int,
    post_count: int,
    description_chars: int,
) -> None:
    account = tweets.accounts[line]
    assert account.platform == "twitter"
    assert account.id == account_id
    assert account.handle is not None and account.handle.casefold() == account_id[1:]
    assert account.followers == followers
    assert account.post_count == post_count
    assert account.description is not None and len(account.description) == description_chars
    assert account.display_name
    assert "location" in account.raw  # personal data: kept in raw, never mapped
    assert set(account.raw) == {
        "name",
        "username",
        "description",
        "location",
        "followers",
        "numberstatuses",
    }


@pytest.mark.shared
def test_expanded_links_file_is_read_whole(expanded: Ingested) -> None:
    """The shared copy ends after a complete row (see its PROVENANCE): nothing is rejected."""
    assert expanded.rejects == []
    assert len(expanded.posts) == 12_227
    assert len({post.id for post in expanded.posts.values()}) == 12_227
    assert len({account.id for account in expanded.accounts.values()}) == 84
    last = max(expanded.posts)
    assert last == 12_228
    assert expanded.records[last].data["tweetid"] == "17391"


EXPANDED_ROWS = [
    pytest.param(
        182,
        "211",
        304,
        "@yazeeddhardaa25",
        utc(2015, 9, 11, 23, 46),
        ("https://twitter.com/markito0171/status/640199045378666496/photo/1",),
        id="line-182-expanded-status-link",
    ),
    pytest.param(
        1364,
        "2092",
        2586,
        "@ramiallolah",
        utc(2016, 1, 30, 21, 2),
        ("https://twitter.com/MediaPmoffice/status/693539339066851329",),
        id="line-1364-expanded-status-link",
    ),
    pytest.param(
        2759,
        "4259",
        5009,
        "@battar_english",
        utc(2016, 2, 12, 19, 6),
        ("https://twitter.com/account/suspended",),
        id="line-2759-first-repeat",
    ),
    pytest.param(
        2760,
        "4260",
        5010,
        "@battar_english",
        utc(2016, 2, 12, 19, 6),
        ("https://twitter.com/account/suspended",),
        id="line-2760-second-repeat",
    ),
    pytest.param(
        4769,
        "6908",
        8223,
        "@ramiallolah",
        utc(2016, 3, 4, 18, 50),
        (
            "http://www.thetimes.co.uk/tto/news/world/middleeast/iraq/article4705004.ece",
            "https://t.co/3SYbc9OJJa",
        ),
        id="line-4769-news-link",
    ),
]


@pytest.mark.shared
@pytest.mark.parametrize(
    ("line", "row_index", "tweets_line", "author", "created", "urls"), EXPANDED_ROWS
)
def test_expanded_links_rows_match_fifth_tribe_ids(
    tweets: Ingested,
    expanded: Ingested,
    line: int,
    row_index: str,
    tweets_line: int,
    author: str,
    created: datetime,
    urls: tuple[str, ...],
) -> None:
    post = expanded.posts[line]
    assert post.account_id == author
    assert post.created == created
    assert post.urls == urls
    assert post.raw["tweetid"] == row_index  # a row index, kept in raw only
    assert post.id == tweets.posts[tweets_line].id
    account = expanded.accounts[line]
    assert (account.description, account.followers, account.post_count) == (None, None, None)


@pytest.mark.shared
def test_cross_layout_id_match_rate(tweets: Ingested, expanded: Ingested) -> None:
    """12,221 of 12,227 expanded-links rows get the id of the same Fifth Tribe tweet."""
    by_id = {post.id: post for post in tweets.posts.values()}
    matched = [post for post in expanded.posts.values() if post.id in by_id]
    assert len(matched) == 12_221
    assert all(
        (by_id[post.id].account_id, by_id[post.id].created) == (post.account_id, post.created)
        for post in matched
    )
    # Both files list the same tweets in the same order: the n-th posts pair up.
    ordered = [tweets.posts[line] for line in sorted(tweets.posts)]
    pairs = zip(ordered, (expanded.posts[line] for line in sorted(expanded.posts)), strict=False)
    assert sum(a.id == b.id for a, b in pairs) == 12_221
    unmatched = sorted(line for line, post in expanded.posts.items() if post.id not in by_id)
    assert unmatched == [918, 5690, 7515, 8566, 9503, 11344]


@pytest.mark.shared
@pytest.mark.parametrize(
    ("folder", "file"),
    [
        pytest.param("isis-twitter-fifthtribe", "tweets.csv", id="fifthtribe"),
        pytest.param("isis-twitter-expanded-links", "IsisFanboy.csv", id="expanded-links"),
    ],
)
def test_sniff_real_files(shared_data: Path, folder: str, file: str) -> None:
    assert FMT.sniff(read_head(shared_data / folder / file)) == 0.95


# ----------------------------------------------------------------------------- unit tests

NEUTRAL_ROWS = (
    'Weather Desk,weather_desk,"Daily forecasts, no fuss.",Paris,1200,5000,'
    '3/1/2016 8:05,"RT @city_forecast: Sunny &amp; mild today #weather https://t.co/AbC123"\n'
    "Match Day,MatchDay,,,,,3/1/2016 20:45,Full time 2-1 @HomeClub #football\n"
)


def test_maps_the_fifth_tribe_layout(tmp_path: Path) -> None:
    result = ingest(write(tmp_path, KAGGLE_HEADER + NEUTRAL_ROWS))
    assert result.rejects == []
    first, second = result.posts[2], result.posts[3]
    assert first == Post(
        platform="twitter",
        id=tweet_id("weather_desk", utc(2016, 3, 1, 8, 5), first.text),
        account_id="@weather_desk",
        created=utc(2016, 3, 1, 8, 5),
        text="RT @city_forecast: Sunny &amp; mild today #weather https://t.co/AbC123",
        repost_of_account="@city_forecast",
        urls=("https://t.co/AbC123",),
        mentions=("city_forecast",),
        mention_ids=("@city_forecast",),
        hashtags=("weather",),
    )
    assert second.account_id == "@matchday"
    assert second.repost_of_account is None
    assert second.mention_ids == ("@homeclub",)
    assert second.hashtags == ("football",)
    assert result.accounts[2] == Account(
        platform="twitter",
        id="@weather_desk",
        handle="weather_desk",
        display_name="Weather Desk",
        description="Daily forecasts, no fuss.",
        followers=1200,
        post_count=5000,
    )
    # Present but empty: an empty profile field; empty counts are unknown.
    empty = result.accounts[3]
    assert (empty.description, empty.followers, empty.post_count) == ("", None, None)
    assert result.posts[2].raw["location"] == "Paris"


def test_maps_the_expanded_links_layout(tmp_path: Path) -> None:
    rows = (
        'Weather Desk,weather_desk,7,3/1/2016 8:05,"RT @city_forecast: Sunny & mild  today '
        '#weather https://example.org/forecast/today"\n'
    )
    result = ingest(write(tmp_path, EXPANDED_HEADER + rows))
    post, account = result.posts[2], result.accounts[2]
    assert post.urls == ("https://example.org/forecast/today",)
    assert post.raw["tweetid"] == "7"
    kaggle = ingest(write(tmp_path, KAGGLE_HEADER + NEUTRAL_ROWS, "kaggle.csv"))
    assert post.id == kaggle.posts[2].id  # same tweet, same id across the layouts
    assert (account.description, account.followers, account.post_count) == (None, None, None)
    assert account.display_name == "Weather Desk"


def test_repeats_get_distinct_ids_in_file_order(tmp_path: Path) -> None:
    rows = (
        "A,cook,,,1,1,5/2/2016 9:00,Soup recipe https://t.co/one\n"
        "A,cook,,,1,1,5/2/2016 9:00,Soup recipe https://t.co/two\n"
        "A,cook,,,1,1,5/2/2016 9:00,Soup recipe https://t.co/two\n"
        "A,cook,,,1,1,5/2/2016 9:01,Soup recipe https://t.co/one\n"
    )
    result = ingest(write(tmp_path, KAGGLE_HEADER + rows))
    created = utc(2016, 5, 2, 9, 0)
    assert [result.posts[line].id for line in (2, 3, 4)] == [
        tweet_id("cook", created, "Soup recipe", occurrence) for occurrence in (0, 1, 2)
    ]
    assert result.posts[5].id == tweet_id("cook", utc(2016, 5, 2, 9, 1), "Soup recipe")
    assert [result.records[line].data.get(OCCURRENCE_KEY) for line in (2, 3, 4, 5)] == [
        None,
        1,
        2,
        None,
    ]


FIRST_ROW = "Weather Desk,weather_desk,7,3/1/2016 8:05,Sunny\n"
TRUNCATED = [
    pytest.param(
        FIRST_ROW + "كتكا?",
        3,
        "truncated last row: the file ends mid-row, without a final line break (row has 1 "
        "fields; the header has 5); every row before it was read",
        id="fragment-without-newline",
    ),
    pytest.param(
        FIRST_ROW + 'Match Day,MatchDay,8,3/1/2016 9:00,"Full',
        3,
        "truncated last row: the file ends inside a quoted field; every row before it was read",
        id="unclosed-quote-without-newline",
    ),
    pytest.param(
        FIRST_ROW + 'Match Day,MatchDay,8,3/1/2016 9:00,"Full\n',
        3,
        "truncated last row: the file ends inside a quoted field; every row before it was read",
        id="unclosed-quote-after-newline",
    ),
]


@pytest.mark.parametrize(("body", "line", "reason"), TRUNCATED)
def test_truncated_last_row_is_rejected(tmp_path: Path, body: str, line: int, reason: str) -> None:
    result = ingest(write(tmp_path, EXPANDED_HEADER + body))
    assert sorted(result.posts) == [2]
    assert [(reject.line, reject.reason) for reject in result.rejects] == [(line, reason)]
    assert result.rejects[0].excerpt


def test_complete_last_row_without_newline_is_kept(tmp_path: Path) -> None:
    body = FIRST_ROW + "Match Day,MatchDay,8,3/1/2016 9:00,Win"
    result = ingest(write(tmp_path, EXPANDED_HEADER + body))
    assert sorted(result.posts) == [2, 3]
    assert result.rejects == []


def test_gzip_files_are_read(tmp_path: Path) -> None:
    data = gzip.compress((KAGGLE_HEADER + NEUTRAL_ROWS).encode("utf-8"))
    result = ingest(write(tmp_path, data, "tweets.csv.gz"))
    assert sorted(result.posts) == [2, 3]
    assert result.rejects == []


def test_a_file_without_the_columns_is_refused_once(tmp_path: Path) -> None:
    result = ingest(write(tmp_path, "id,body\n1,hello\n2,world\n"))
    assert result.posts == {}
    assert len(result.rejects) == 1
    assert result.rejects[0].line == 1
    assert result.rejects[0].reason.startswith(
        "not a Fifth Tribe CSV: the header lacks username, time, tweets"
    )


BAD_ROWS = [
    pytest.param({"username": "", "time": "3/1/2016 8:05", "tweets": "x"}, "empty username",
                 id="empty-username"),
    pytest.param({"username": "a b", "time": "3/1/2016 8:05", "tweets": "x"},
                 "invalid username", id="space-in-username"),
    pytest.param({"time": "3/1/2016 8:05", "tweets": "x"}, "the row has no 'username'",
                 id="no-username"),
    pytest.param({"username": "cook", "time": "2016-03-01", "tweets": "x"},
                 "invalid timestamp '2016-03-01'", id="bad-time"),
    pytest.param({"username": "cook", "time": "13/1/2016 8:05", "tweets": "x"},
                 "invalid timestamp '13/1/2016 8:05'", id="impossible-date"),
    pytest.param({"username": "cook", "time": "3/1/2016 8:05"}, "the row has no 'tweets' text",
                 id="no-text"),
]  # fmt: skip


@pytest.mark.parametrize(("row", "reason"), BAD_ROWS)
def test_unusable_rows_raise_record_error(row: dict[str, object], reason: str) -> None:
    with pytest.raises(RecordError, match="^" + re.escape(reason)):
        FMT.map(SourceRecord("x.csv", 2, row), OPTIONS)


def test_text_over_the_limit_is_rejected() -> None:
    row = {"username": "cook", "time": "3/1/2016 8:05", "tweets": "soup " * 10}
    with pytest.raises(RecordError, match="over the limit of 20"):
        FMT.map(SourceRecord("x.csv", 2, row), FormatOptions(max_text_chars=20))


COUNTS = [
    pytest.param("1200", 1200, id="digits"),
    pytest.param("1,200", 1200, id="thousands-separator"),
    pytest.param("1200.0", 1200, id="spreadsheet-float"),
    pytest.param("", None, id="empty"),
    pytest.param("1.2K", None, id="abbreviated"),
    pytest.param("-3", None, id="negative"),
]


@pytest.mark.parametrize(("cell", "expected"), COUNTS)
def test_follower_counts(cell: str, expected: int | None) -> None:
    row = {"username": "cook", "time": "3/1/2016 8:05", "tweets": "x", "followers": cell}
    mapped: Mapped = FMT.map(SourceRecord("x.csv", 2, row), OPTIONS)
    assert mapped.accounts[0].followers == expected


SKELETONS = [
    pytest.param("Sunny &amp; mild https://t.co/Ab1", "Sunny & mild  https://example.org/x",
                 id="links-and-entities"),
    pytest.param("Lunch:\nsoup", "Lunch: soup", id="whitespace"),
    pytest.param("الطقس جميلة في المدينة", "الطقس جميله في المدينه", id="teh-marbuta"),
    pytest.param("أمطار خفيفة", "امطار خفيفه", id="alef-hamza"),
    pytest.param("إلى اللقاء", "الي اللقاء", id="alef-maksura"),
    pytest.param("جمـــيل", "جميل", id="tatweel"),
    pytest.param("Match at www.example.org/live", "MATCH AT", id="www-link-and-case"),
]  # fmt: skip


@pytest.mark.parametrize(("one", "other"), SKELETONS)
def test_text_skeleton_survives_rerendering(one: str, other: str) -> None:
    assert text_skeleton(one) == text_skeleton(other)


def test_text_skeleton_keeps_words_apart() -> None:
    assert text_skeleton("Soup at noon") != text_skeleton("Salad at noon")


SNIFF = [
    pytest.param(KAGGLE_HEADER, 0.95, id="fifthtribe-header"),
    pytest.param(EXPANDED_HEADER, 0.95, id="expanded-header"),
    pytest.param("\ufeff" + EXPANDED_HEADER, 0.95, id="bom"),
    pytest.param("username,name,time,tweets,tweetid\n", 0.9, id="expanded-reordered"),
    pytest.param("username,time,tweets\n", 0.7, id="required-subset"),
    pytest.param("username,time,tweets,retweet_count\n", 0.0, id="unknown-column"),
    pytest.param("id,text,created_at\n", 0.0, id="other-csv"),
    pytest.param('{"_": "Message", "id": 1}\n', 0.0, id="jsonl"),
    pytest.param("", 0.0, id="empty"),
]


@pytest.mark.parametrize(("content", "score"), SNIFF)
def test_sniff(tmp_path: Path, content: str, score: float) -> None:
    assert FMT.sniff(read_head(write(tmp_path, content))) == score


def test_read_streams_lazily(tmp_path: Path) -> None:
    path = write(tmp_path, KAGGLE_HEADER + NEUTRAL_ROWS)
    items: Iterable[SourceRecord | Reject] = FMT.read(path, OPTIONS)
    assert not isinstance(items, list)
    assert [item.line for item in items] == [2, 3]
