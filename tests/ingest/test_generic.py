"""The generic formats: csv/tsv, jsonl and parquet with a column mapping."""

from __future__ import annotations

import gzip
import shutil
from collections.abc import Iterator, Mapping
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from nohaven.ingest.base import (
    Format,
    FormatOptions,
    Mapped,
    RecordError,
    Reject,
    SourceRecord,
)
from nohaven.ingest.generic import GenericCsv, GenericJsonl, GenericParquet, map_generic
from nohaven.ingest.mapping import MappingError, parse_mapping
from nohaven.ingest.readers import read_head
from nohaven.ingest.registry import UnknownFormatError, default_registry
from nohaven.model import Account, Post, stable_id

FIXTURES = Path(__file__).parent / "fixtures" / "generic"
FORMATS: list[Format] = [GenericCsv(), GenericJsonl(), GenericParquet()]


def _map(data: Mapping[str, object], **options: Any) -> Mapped:
    return map_generic(SourceRecord("test.csv", 2, data), FormatOptions(**options))


def _post(data: Mapping[str, object], **options: Any) -> Post:
    (post,) = _map(data, **options).posts
    return post


def _ingest(
    fmt: Format, path: Path, options: FormatOptions | None = None
) -> tuple[list[Post], list[Account], list[Reject]]:
    options = options or FormatOptions()
    posts: list[Post] = []
    accounts: list[Account] = []
    rejects: list[Reject] = []
    for item in fmt.read(path, options):
        if isinstance(item, Reject):
            rejects.append(item)
            continue
        try:
            mapped = fmt.map(item, options)
        except RecordError as err:
            rejects.append(Reject(item.source, item.line, str(err)))
            continue
        posts.extend(mapped.posts)
        accounts.extend(mapped.accounts)
    return posts, accounts, rejects


TEXT = "Sunny spells this morning"
BASE: dict[str, object] = {
    "id": "1",
    "user_id": "10",
    "created_at": "2024-03-01T08:00:00Z",
    "text": TEXT,
}


def _with(**changes: object) -> dict[str, object]:
    data = dict(BASE)
    for key, value in changes.items():
        if value is _DROP:
            data.pop(key, None)
        else:
            data[key] = value
    return data


_DROP = object()


# --- the protocol ----------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", FORMATS, ids=lambda fmt: fmt.name)
def test_implements_the_format_protocol(fmt: Format) -> None:
    assert isinstance(fmt, Format)
    assert fmt.name in {"csv", "jsonl", "parquet"}
    assert fmt.description


def test_parquet_batch_size_must_be_positive() -> None:
    with pytest.raises(ValueError, match="batch_size"):
        GenericParquet(batch_size=0)


@pytest.mark.parametrize("fmt", FORMATS, ids=lambda fmt: fmt.name)
def test_read_refuses_a_malformed_mapping(fmt: Format, tmp_path: Path) -> None:
    path = tmp_path / "empty.csv"
    path.write_text("")
    with pytest.raises(MappingError, match="unknown field 'txt'"):
        fmt.read(path, FormatOptions(mapping={"txt": "body"}))


# --- required fields: missing vs empty -------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "mapping", "message"),
    [
        pytest.param(
            _with(text=_DROP),
            {},
            "no text: none of the columns text, body, content, message, tweet, tweets",
            id="text-absent-auto",
        ),
        pytest.param(
            _with(text=_DROP, body=_DROP),
            {"text": "body"},
            "no text: column 'body' is missing from this row",
            id="text-absent-mapped",
        ),
        pytest.param(_with(text=None), {}, "no text: column 'text' is null", id="text-null"),
        pytest.param(
            _with(text={"a": 1}),
            {},
            "no text: column 'text' holds a dict, not a value",
            id="text-object",
        ),
        pytest.param(
            _with(created_at=""),
            {},
            "no created time: column 'created_at' is empty",
            id="created-empty",
        ),
        pytest.param(
            _with(created_at=None),
            {},
            "no created time: column 'created_at' is null",
            id="created-null",
        ),
        pytest.param(
            _with(created_at=_DROP),
            {"created": "ts"},
            "no created time: column 'ts' is missing from this row",
            id="created-absent-mapped",
        ),
        pytest.param(
            _with(user_id=_DROP),
            {},
            "no account: account id: none of the columns",
            id="account-absent",
        ),
        pytest.param(
            _with(user_id="", screen_name=""),
            {},
            "account id: column 'user_id' is empty; handle: column 'screen_name' is empty",
            id="account-and-handle-empty",
        ),
        pytest.param(
            _with(user_id="10"),
            {"account": "-"},
            "account id: account is turned off (account=-)",
            id="account-turned-off",
        ),
    ],
)
def test_missing_required_fields(
    data: dict[str, object], mapping: dict[str, str], message: str
) -> None:
    with pytest.raises(RecordError) as caught:
        _map(data, mapping=mapping)
    assert message in str(caught.value)


def test_empty_text_is_a_post() -> None:
    post = _post(_with(text=""))
    assert post.text == ""
    assert (post.urls, post.mentions, post.hashtags) == ((), (), ())


def test_text_over_the_limit_is_rejected() -> None:
    with pytest.raises(RecordError, match="has 11 characters; the limit is 10"):
        _map(_with(text="x" * 11), max_text_chars=10)


def test_numeric_text_is_kept_as_text() -> None:
    assert _post(_with(text=42)).text == "42"


# --- accounts --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "account_id", "handle", "display_name"),
    [
        pytest.param(_with(), "10", None, None, id="id-only"),
        pytest.param(
            _with(user_id=_DROP, username="Weather_Watch"),
            "@weather_watch",
            "Weather_Watch",
            None,
            id="handle-only-gives-account-ref",
        ),
        pytest.param(
            _with(user_id="", username="@rain"), "@rain", "rain", None, id="empty-id-falls-back"
        ),
        pytest.param(
            _with(screen_name="sun", name="Sun Daily"), "10", "sun", "Sun Daily", id="all-three"
        ),
        pytest.param(
            _with(user_id=_DROP, user={"id": 77, "screen_name": "cup", "name": "Cup"}),
            "77",
            "cup",
            "Cup",
            id="nested-user",
        ),
    ],
)
def test_accounts(
    data: dict[str, object], account_id: str, handle: str | None, display_name: str | None
) -> None:
    mapped = _map(data)
    (account,) = mapped.accounts
    assert mapped.posts[0].account_id == account_id
    assert (account.platform, account.id, account.handle, account.display_name) == (
        "generic",
        account_id,
        handle,
        display_name,
    )


# --- times -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        pytest.param("2024-03-01T08:00:00Z", datetime(2024, 3, 1, 8, tzinfo=UTC), id="iso-z"),
        pytest.param("2024-03-01T09:00:00+01:00", datetime(2024, 3, 1, 8, tzinfo=UTC), id="offset"),
        pytest.param("1709280000", datetime(2024, 3, 1, 8, tzinfo=UTC), id="epoch-text"),
        pytest.param(1709280000000, datetime(2024, 3, 1, 8, tzinfo=UTC), id="epoch-ms"),
        pytest.param(
            "Fri Mar 01 08:00:00 +0000 2024", datetime(2024, 3, 1, 8, tzinfo=UTC), id="twitter"
        ),
        pytest.param("3/1/2024 8:00", datetime(2024, 3, 1, 8, tzinfo=UTC), id="us-minute"),
        pytest.param(
            datetime(2024, 3, 1, 8, tzinfo=UTC), datetime(2024, 3, 1, 8, tzinfo=UTC), id="datetime"
        ),
    ],
)
def test_times(value: object, expected: datetime) -> None:
    assert _post(_with(created_at=value)).created == expected


@pytest.mark.parametrize(
    ("value", "message"),
    [
        pytest.param("yesterday", "created (column 'created_at'): invalid timestamp", id="garbage"),
        pytest.param(
            "2024-03-01 08:00:00", "has no time zone; generic formats never guess", id="naive"
        ),
        pytest.param("1850-01-01T00:00:00Z", "outside 1990..2100", id="out-of-range"),
        pytest.param(datetime(2024, 3, 1, 8), "has no time zone", id="naive-datetime"),
        pytest.param(True, "invalid timestamp", id="boolean"),
        pytest.param([2024], "column 'created_at' holds a list, not a value", id="list"),
    ],
)
def test_bad_times(value: object, message: str) -> None:
    with pytest.raises(RecordError) as caught:
        _map(_with(created_at=value))
    assert message in str(caught.value)


# --- ids and platform ------------------------------------------------------------------------


def test_stable_id_when_there_is_no_id_column() -> None:
    data = _with(id=_DROP)
    first, second = _post(data), _post(dict(data))
    assert first.id == second.id
    assert first.id == stable_id("generic", "10", "2024-03-01T08:00:00+00:00", TEXT)
    assert first.id.startswith("h")


@pytest.mark.parametrize(
    "change",
    [
        pytest.param({"text": "Showers later"}, id="text"),
        pytest.param({"user_id": "11"}, id="account"),
        pytest.param({"created_at": "2024-03-01T08:00:01Z"}, id="time"),
        pytest.param({"platform": "forum"}, id="platform"),
    ],
)
def test_stable_id_depends_on_each_part(change: dict[str, object]) -> None:
    data = _with(id=_DROP)
    assert _post(data).id != _post({**data, **change}).id


def test_empty_id_cell_gets_a_stable_id() -> None:
    assert _post(_with(id="")).id == _post(_with(id=_DROP)).id


@pytest.mark.parametrize(
    ("data", "platform", "expected"),
    [
        pytest.param(_with(), None, "generic", id="default"),
        pytest.param(_with(), "Forum", "forum", id="option"),
        pytest.param(_with(platform="Mastodon"), "forum", "mastodon", id="column-wins"),
        pytest.param(_with(platform=""), "forum", "forum", id="empty-column-falls-back"),
    ],
)
def test_platform(data: dict[str, object], platform: str | None, expected: str) -> None:
    mapped = _map(data, platform=platform)
    assert mapped.posts[0].platform == expected
    assert mapped.accounts[0].platform == expected


# --- entities --------------------------------------------------------------------------------


def test_entities_are_derived_from_the_text() -> None:
    text = "RT @Rain_Fan: sunny at https://example.org/w?x=1. #Weather @sun"
    post = _post(_with(text=text))
    assert post.repost_of_account == "@rain_fan"
    assert post.mentions == ("Rain_Fan", "sun")
    assert post.mention_ids == ("@rain_fan", "@sun")
    assert post.hashtags == ("Weather",)
    assert post.urls == ("https://example.org/w?x=1",)


def test_entity_columns_win_over_the_text() -> None:
    post = _post(
        _with(
            text="RT @a: #x https://example.org/x",
            hashtags="rain|sun",
            urls='["https://example.org/y"]',
            mentions="",
            repost_of_account="99",
        )
    )
    assert post.hashtags == ("rain", "sun")
    assert post.urls == ("https://example.org/y",)
    assert post.mentions == ()
    assert post.mention_ids == ()
    assert post.repost_of_account == "99"


def test_turned_off_list_column_is_derived() -> None:
    post = _post(_with(text="#sun", hashtags="rain"), mapping={"hashtags": "-"})
    assert post.hashtags == ("sun",)


@pytest.mark.parametrize(
    ("data", "mapping", "field", "expected"),
    [
        pytest.param(_with(lang="fr"), {}, "language", "fr", id="language"),
        pytest.param(_with(lang=""), {}, "language", None, id="language-empty"),
        pytest.param(_with(reply_to=1003), {}, "reply_to", "1003", id="reply-to"),
        pytest.param(
            _with(in_reply_to_user_id_str="7"), {}, "reply_to_account", "7", id="reply-to-account"
        ),
        pytest.param(_with(quoted="5"), {"quote_of": "quoted"}, "quote_of", "5", id="quote-of"),
        pytest.param(_with(rt="6"), {"repost_of": "rt"}, "repost_of", "6", id="repost-of"),
        pytest.param(
            _with(meta={"lang": "ar"}), {"language": "meta.lang"}, "language", "ar", id="nested"
        ),
    ],
)
def test_optional_fields(
    data: dict[str, object], mapping: dict[str, str], field: str, expected: object
) -> None:
    assert getattr(_post(data, mapping=mapping), field) == expected


def test_raw_record_is_kept() -> None:
    data = _with(extra="kept")
    mapped = _map(data)
    assert mapped.posts[0].raw is data
    # The row is the post's record; the account is described by its own fields only.
    assert mapped.accounts[0].raw == {}


# --- one neutral fixture in every format -----------------------------------------------------


EXPECTED = [
    # id, account, created, language, reply_to, repost_of_account, hashtags, urls, mentions
    ("1001", "501", datetime(2024, 3, 1, 8, tzinfo=UTC), "en", None, None, ("weather",),
     ("https://example.org/forecast",), ()),
    ("1002", "502", datetime(2024, 3, 1, 8, 30, tzinfo=UTC), "en", None, "@weather_watch", (),
     (), ("weather_watch",)),
    ("1003", "503", datetime(2024, 3, 1, 11, tzinfo=UTC), "fr", None, None, ("football", "sport"),
     (), ("recipe_box",)),
    ("1004", "501", datetime(2024, 3, 2, 7, 15, tzinfo=UTC), "en", "1003", None,
     ("rain", "stadium"), (), ("le_sport",)),
    ("1005", "504", datetime(2024, 3, 2, 12, tzinfo=UTC), None, None, None, (), (), ()),
    ("1006", "502", datetime(2024, 3, 2, 18, 45, tzinfo=UTC), "en", None, None,
     ("baking", "dessert"), (), ()),
    ("1007", "505", datetime(2024, 3, 3, 10, tzinfo=UTC), "ar", None, None, ("طقس",), (), ()),
]  # fmt: skip


def _parquet_fixture(directory: Path, **write: Any) -> Path:
    """The JSONL fixture as Parquet: a struct ``user`` column and a UTC timestamp column."""
    rows = [
        dict(record.data)
        for record in GenericJsonl().read(FIXTURES / "posts.jsonl", FormatOptions())
        if isinstance(record, SourceRecord)
    ]
    for row, expected in zip(rows, EXPECTED, strict=True):
        row["created_at"] = expected[2]
    table = pa.Table.from_pylist(rows)
    assert table.schema.field("created_at").type == pa.timestamp("us", tz="UTC")
    path = directory / "posts.parquet"
    pq.write_table(table, path, **write)
    return path


def _fixture(kind: str, directory: Path) -> tuple[Format, Path]:
    if kind == "csv":
        return GenericCsv(), FIXTURES / "posts.csv"
    if kind == "tsv":
        return GenericCsv(), FIXTURES / "posts.tsv"
    if kind == "csv.gz":
        path = directory / "posts.csv.gz"
        with (FIXTURES / "posts.csv").open("rb") as src, gzip.open(path, "wb") as dst:
            shutil.copyfileobj(src, dst)
        return GenericCsv(), path
    if kind == "jsonl":
        return GenericJsonl(), FIXTURES / "posts.jsonl"
    return GenericParquet(batch_size=3), _parquet_fixture(directory, row_group_size=4)


KINDS = ["csv", "tsv", "csv.gz", "jsonl", "parquet"]


@pytest.mark.parametrize("kind", KINDS)
def test_fixture_fields(kind: str, tmp_path: Path) -> None:
    fmt, path = _fixture(kind, tmp_path)
    posts, accounts, rejects = _ingest(fmt, path)
    assert rejects == []
    got = [
        (p.id, p.account_id, p.created, p.language, p.reply_to, p.repost_of_account, p.hashtags,
         p.urls, p.mentions)
        for p in posts
    ]  # fmt: skip
    assert got == EXPECTED
    assert {p.platform for p in posts} == {"generic"}
    assert posts[4].text == ""
    assert posts[5].text.endswith("\nBake 40 min at 180C #baking #dessert")
    assert [(a.id, a.handle, a.display_name) for a in accounts][:5] == [
        ("501", "weather_watch", "Weather Watch"),
        ("502", "recipe_box", "Recipe Box"),
        ("503", "le_sport", "Le Sport"),
        ("501", "weather_watch", "Weather Watch"),
        ("504", "lorem_ipsum", None),
    ]


def test_every_format_gives_identical_posts_and_accounts(tmp_path: Path) -> None:
    results = {kind: _ingest(*_fixture(kind, tmp_path))[:2] for kind in KINDS}
    reference = results["csv"]
    for kind, result in results.items():
        assert result == reference, kind
        assert [p.text for p in result[0]] == [p.text for p in reference[0]], kind


@pytest.mark.parametrize(
    ("kind", "lines"),
    [
        pytest.param("csv", [2, 3, 4, 5, 6, 7, 9], id="csv-physical-lines"),
        pytest.param("jsonl", [1, 2, 3, 4, 5, 6, 7], id="jsonl-lines"),
        pytest.param("parquet", [1, 2, 3, 4, 5, 6, 7], id="parquet-row-numbers"),
    ],
)
def test_line_numbers(kind: str, lines: list[int], tmp_path: Path) -> None:
    fmt, path = _fixture(kind, tmp_path)
    records = [item for item in fmt.read(path, FormatOptions()) if isinstance(item, SourceRecord)]
    assert [record.line for record in records] == lines


def test_explicit_mapping_on_unusual_columns(tmp_path: Path) -> None:
    path = tmp_path / "export.csv"
    path.write_text(
        "who,when,msg,tags\n"
        "cook,2024-05-01T10:00:00Z,Soup of the day #lunch,\n"
        "baker,2024-05-01T11:00:00Z,Fresh bread,bread|morning\n",
        encoding="utf-8",
    )
    options = FormatOptions(
        mapping=parse_mapping("handle=who,created=when,text=msg,hashtags=tags"),
        platform="forum",
    )
    posts, accounts, rejects = _ingest(GenericCsv(), path, options)
    assert rejects == []
    assert [(p.platform, p.account_id, p.hashtags) for p in posts] == [
        ("forum", "@cook", ()),
        ("forum", "@baker", ("bread", "morning")),
    ]
    assert [a.handle for a in accounts] == ["cook", "baker"]
    assert posts[0].id == stable_id(
        "forum", "@cook", "2024-05-01T10:00:00+00:00", "Soup of the day #lunch"
    )


def test_jsonl_nested_paths_through_lists(tmp_path: Path) -> None:
    path = tmp_path / "export.jsonl"
    path.write_text(
        '{"msg": {"body": "Rain again", "at": 1709280000},'
        ' "from": {"uid": 5, "nick": "drizzle"},'
        ' "ents": {"tags": [{"t": "rain"}, {"t": "uk"}], "links": [{"u": "https://example.org/r"}]}}\n'
    )
    options = FormatOptions(
        mapping=parse_mapping(
            "text=msg.body,created=msg.at,account=from.uid,handle=from.nick,"
            "hashtags=ents.tags.t,urls=ents.links.u"
        )
    )
    posts, accounts, rejects = _ingest(GenericJsonl(), path, options)
    assert rejects == []
    (post,) = posts
    assert (post.account_id, post.hashtags, post.urls) == (
        "5",
        ("rain", "uk"),
        ("https://example.org/r",),
    )
    assert accounts[0].handle == "drizzle"


# --- file-level problems ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("header", "mapping", "reason"),
    [
        pytest.param("a,b,c", {}, "no text column", id="no-text-column"),
        pytest.param(
            "body,ts,user_id",
            {"created": "tstamp"},
            "column 'tstamp' (mapped to created)",
            id="typo",
        ),
    ],
)
def test_csv_header_that_cannot_be_mapped_is_one_reject(
    header: str, mapping: dict[str, str], reason: str, tmp_path: Path
) -> None:
    path = tmp_path / "bad.csv"
    path.write_text(header + "\n" + "\n".join(["x,y,z"] * 50) + "\n")
    items = list(GenericCsv().read(path, FormatOptions(mapping=mapping)))
    assert len(items) == 1
    assert isinstance(items[0], Reject)
    assert items[0].line == 1
    assert reason in items[0].reason


def test_csv_reader_rejects_pass_through(tmp_path: Path) -> None:
    path = tmp_path / "ragged.csv"
    path.write_text(
        "id,user_id,created_at,text\n"
        "1,10,2024-03-01T08:00:00Z,Cloudy\n"
        "2,10,2024-03-01T09:00:00Z,Windy,extra\n"
        "3,10,not a time,Calm\n"
        "4,10,2024-03-01T10:00:00Z,Clear\n"
    )
    posts, _, rejects = _ingest(GenericCsv(), path)
    assert [p.id for p in posts] == ["1", "4"]
    assert [r.line for r in rejects] == [3, 4]
    assert rejects[0].reason == "row has 5 fields; the header has 4"
    assert rejects[1].reason.startswith(
        "created (column 'created_at'): invalid timestamp 'not a time'"
    )


def test_jsonl_bad_lines_and_records(tmp_path: Path) -> None:
    path = tmp_path / "mixed.jsonl"
    path.write_text(
        '{"id": 1, "user_id": 10, "created_at": "2024-03-01T08:00:00Z", "text": "Fog"}\n'
        "{not json\n"
        '{"id": 2, "user_id": 10, "created_at": "2024-03-01T08:00:00Z"}\n'
        '{"id": 3, "user_id": 10, "created_at": "2024-03-01T08:00:00Z", "text": "Hail"}\n'
    )
    posts, _, rejects = _ingest(GenericJsonl(), path)
    assert [p.id for p in posts] == ["1", "3"]
    assert [r.line for r in rejects] == [2, 3]
    assert rejects[0].reason.startswith("malformed JSON")
    assert rejects[1].reason.startswith("no text: none of the columns")


@pytest.mark.parametrize(
    "content",
    [
        pytest.param(b"", id="empty"),
        pytest.param(b"PAR1 this is not parquet", id="garbage"),
        pytest.param(b"id,text\n1,x\n", id="csv-named-parquet"),
    ],
)
def test_unreadable_parquet_is_a_reject_naming_the_file(content: bytes, tmp_path: Path) -> None:
    path = tmp_path / "broken.parquet"
    path.write_bytes(content)
    items = list(GenericParquet().read(path, FormatOptions()))
    assert len(items) == 1
    assert isinstance(items[0], Reject)
    assert items[0].source == str(path)
    assert "broken.parquet: not a readable Parquet file" in items[0].reason


def test_corrupt_parquet_data_keeps_the_rows_before(tmp_path: Path) -> None:
    path = _parquet_fixture(tmp_path, row_group_size=4, compression="none")
    data = bytearray(path.read_bytes())
    metadata = pq.ParquetFile(path).metadata
    second_group = metadata.row_group(1).column(0)
    start = second_group.data_page_offset
    data[start : start + 64] = b"\xff" * 64
    path.write_bytes(bytes(data))
    items = list(GenericParquet(batch_size=2).read(path, FormatOptions()))
    records = [item for item in items if isinstance(item, SourceRecord)]
    rejects = [item for item in items if isinstance(item, Reject)]
    assert [record.line for record in records] == [1, 2, 3, 4]
    assert len(rejects) == 1
    assert rejects[0].line == 5
    assert "posts.parquet: Parquet data is corrupt from row 5" in rejects[0].reason


def test_parquet_header_that_cannot_be_mapped_is_one_reject(tmp_path: Path) -> None:
    path = tmp_path / "t.parquet"
    pq.write_table(pa.table({"a": ["x"], "b": ["y"]}), path)
    items = list(GenericParquet().read(path, FormatOptions()))
    assert len(items) == 1
    assert isinstance(items[0], Reject)
    assert "no text column" in items[0].reason


def test_parquet_streams_in_batches(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    rows = 2500
    path = tmp_path / "big.parquet"
    table = pa.table(
        {
            "id": pa.array(range(rows), pa.int64()),
            "user_id": pa.array([i % 7 for i in range(rows)], pa.int64()),
            "created_at": ["2024-03-01T08:00:00Z"] * rows,
            "text": [f"Weather report {i}" for i in range(rows)],
        }
    )
    pq.write_table(table, path, row_group_size=500)
    pulled: list[int] = []
    original = pq.ParquetFile.iter_batches

    def counting(self: pq.ParquetFile, *args: Any, **kwargs: Any) -> Iterator[pa.RecordBatch]:
        for batch in original(self, *args, **kwargs):
            pulled.append(batch.num_rows)
            yield batch

    monkeypatch.setattr(pq.ParquetFile, "iter_batches", counting)
    stream = GenericParquet(batch_size=400).read(path, FormatOptions())
    first = next(stream)
    assert isinstance(first, SourceRecord)
    assert first.line == 1
    assert pulled == [400]
    rest = list(stream)
    assert len(rest) == rows - 1
    assert max(pulled) <= 400
    assert sum(pulled) == rows
    last = rest[-1]
    assert isinstance(last, SourceRecord)
    assert last.line == rows
    assert GenericParquet().map(last, FormatOptions()).posts[0].id == str(rows - 1)


# --- sniffing --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "content", "fmt", "expected"),
    [
        pytest.param("a.csv", "id,user_id,created_at,text\n", GenericCsv(), 0.55, id="csv-full"),
        pytest.param("a.csv", "body,date,username\n", GenericCsv(), 0.5, id="csv-no-id"),
        pytest.param("a.csv", "text,created_at\n", GenericCsv(), 0.3, id="csv-no-author"),
        pytest.param("a.csv", "name,value\n", GenericCsv(), 0.0, id="csv-unrelated"),
        pytest.param(
            "a.txt", "id,user_id,created_at,text\n", GenericCsv(), 0.0, id="csv-wrong-ext"
        ),
        pytest.param("a.tsv", "id\tuser_id\tcreated_at\ttext\n", GenericCsv(), 0.55, id="tsv"),
        pytest.param(
            "a.csv", "id;user_id;created_at;text\n", GenericCsv(), 0.55, id="csv-semicolons"
        ),
        pytest.param("a.csv", "id\tuser_id\tcreated_at\ttext\n", GenericCsv(), 0.55, id="csv-tabs"),
        pytest.param(
            "a.tsv", "id,user_id,created_at,text\n", GenericCsv(), 0.0, id="tsv-with-commas"
        ),
        pytest.param(
            "a.csv",
            "name,username,description,location,followers,numberstatuses,time,tweets\n",
            GenericCsv(),
            0.5,
            id="specific-layout-stays-low",
        ),
        pytest.param(
            "a.jsonl",
            '{"id": 1, "user": {"id": 2}, "created_at": "x", "text": "y"}\n',
            GenericJsonl(),
            0.55,
            id="jsonl-nested-user",
        ),
        pytest.param(
            "a.ndjson", '{"body": "x", "ts": 1}\n', GenericJsonl(), 0.0, id="jsonl-no-time"
        ),
        pytest.param("a.jsonl", "[1, 2]\n", GenericJsonl(), 0.0, id="jsonl-array"),
        pytest.param("a.jsonl", "{broken\n", GenericJsonl(), 0.0, id="jsonl-broken"),
        pytest.param(
            "a.json",
            '{"id": 1, "user_id": 2, "created_at": "x", "text": "y"}\n',
            GenericJsonl(),
            0.0,
            id="json-is-not-jsonl",
        ),
    ],
)
def test_sniff(name: str, content: str, fmt: Format, expected: float, tmp_path: Path) -> None:
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    assert fmt.sniff(read_head(path)) == pytest.approx(expected)


@pytest.mark.parametrize("kind", KINDS)
def test_sniff_fixtures(kind: str, tmp_path: Path) -> None:
    fmt, path = _fixture(kind, tmp_path)
    assert fmt.sniff(read_head(path)) == pytest.approx(0.55)
    others = [other for other in FORMATS if other.name != fmt.name]
    assert all(other.sniff(read_head(path)) == 0.0 for other in others)


def test_sniff_parquet_needs_the_magic(tmp_path: Path) -> None:
    path = tmp_path / "a.parquet"
    path.write_bytes(b"PAR1 not really")
    assert GenericParquet().sniff(read_head(path)) == 0.0


@pytest.mark.parametrize(
    ("name", "content", "expected"),
    [
        ("posts.csv", "n,who,at,body\n1,u1,2024-05-01T08:00:00Z,hello\n", "csv"),
        (
            "posts.jsonl",
            '{"n": "1", "who": {"id": "u1"}, "at": "2024-05-01T08:00:00Z", "body": "hello"}\n',
            "jsonl",
        ),
    ],
)
def test_columns_named_only_in_the_mapping_are_recognised(
    name: str, content: str, expected: str, tmp_path: Path
) -> None:
    """A file whose columns no format knows by name is detected once --map names them."""
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    registry = default_registry(plugins=False)
    with pytest.raises(UnknownFormatError, match="no format recognises"):
        registry.detect(path)
    who = "who" if expected == "csv" else "who.id"
    mapping = parse_mapping(f"id=n,account={who},created=at,text=body")
    assert registry.detect(path, mapping).name == expected
    posts, _, rejects = _ingest(
        registry.detect(path, mapping), path, FormatOptions(mapping=mapping)
    )
    assert rejects == [] and [(p.id, p.account_id, p.text) for p in posts] == [("1", "u1", "hello")]


# --- real data -------------------------------------------------------------------------------


@pytest.mark.shared
def test_real_flat_csv_with_a_mapping(shared_data: Path) -> None:
    path = shared_data / "radicalization-tt-twitter-v1" / "tt_flat.csv"
    options = FormatOptions(
        mapping=parse_mapping(
            "id=id_str,account=user_id_str,handle=screen_name,created=created_at,text=text"
        ),
        platform="twitter",
    )
    posts, accounts, rejects = _ingest(GenericCsv(), path, options)
    assert [(r.line, r.reason) for r in rejects] == []
    assert len(posts) == 30779
    assert len(accounts) == 30779
    assert len({p.id for p in posts}) == 30779
    assert {p.platform for p in posts} == {"twitter"}
    # First data rows (lines 2 and 4): a neutral TV-show split.
    first, third = posts[0], posts[2]
    assert (first.id, first.account_id, first.created, first.language) == (
        "864865986582851585",
        "900420710",
        datetime(2017, 5, 17, 15, 31, 34, tzinfo=UTC),
        "en",
    )
    assert first.hashtags == ("GameofThrones", "GOT", "Etsy", "Thrones")
    assert accounts[0].handle == "E_MichaelAuthor"
    assert third.urls == ("http://buff.ly/2rr323m",)
    assert all(p.created.tzinfo is UTC for p in posts)
    assert sum(p.repost_of_account is not None for p in posts) > 10_000
