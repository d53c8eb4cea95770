"""Column mappings for the generic formats: parsing, auto-detection, paths and cells."""

from __future__ import annotations

import orjson
import pytest
from hypothesis import given
from hypothesis import strategies as st

from nohaven.ingest.base import RecordError
from nohaven.ingest.mapping import (
    AUTO_COLUMNS,
    FIELDS,
    MISSING,
    MappingError,
    check_mapping,
    column_plan,
    fields_in,
    format_mapping,
    get_path,
    header_problem,
    list_cell,
    lookup,
    parse_mapping,
    scalar_cell,
)

# --- parse_mapping ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("spec", "expected"),
    [
        pytest.param("text=body", {"text": "body"}, id="one-pair"),
        pytest.param(
            "text=body,account=user,created=ts",
            {"text": "body", "account": "user", "created": "ts"},
            id="several-pairs",
        ),
        pytest.param(
            " text = body , handle= screen name ",
            {"text": "body", "handle": "screen name"},
            id="spaces-around-tokens",
        ),
        pytest.param("account=user.id", {"account": "user.id"}, id="dotted-path"),
        pytest.param("text=a=b", {"text": "a=b"}, id="equals-in-column"),
        pytest.param("language=-", {"language": "-"}, id="field-turned-off"),
        pytest.param(
            "account=user,handle=user",
            {"account": "user", "handle": "user"},
            id="same-column-twice",
        ),
        pytest.param("text=Body", {"text": "Body"}, id="column-case-kept"),
    ],
)
def test_parse_mapping(spec: str, expected: dict[str, str]) -> None:
    assert parse_mapping(spec) == expected
    assert parse_mapping(format_mapping(expected)) == expected


@pytest.mark.parametrize(
    ("spec", "message"),
    [
        pytest.param("", "empty column mapping", id="empty"),
        pytest.param("   ", "empty column mapping", id="blank"),
        pytest.param("textbody", "is not FIELD=COLUMN", id="no-equals"),
        pytest.param("text=body,,created=ts", "empty pair", id="double-comma"),
        pytest.param("text=body,", "empty pair", id="trailing-comma"),
        pytest.param("txt=body", "unknown field 'txt'", id="unknown-field"),
        pytest.param("Text=body", "unknown field 'Text'", id="field-names-are-lowercase"),
        pytest.param("text=", "field 'text' has no column", id="empty-column"),
        pytest.param("=body", "unknown field ''", id="empty-field"),
        pytest.param(
            "text=body,text=content", "mapped twice ('body' and 'content')", id="duplicate"
        ),
    ],
)
def test_parse_mapping_errors(spec: str, message: str) -> None:
    with pytest.raises(MappingError) as caught:
        parse_mapping(spec)
    assert message in str(caught.value)
    assert isinstance(caught.value, ValueError)


def test_unknown_field_lists_the_valid_ones_and_suggests() -> None:
    with pytest.raises(MappingError) as caught:
        parse_mapping("hashtag=tags")
    message = str(caught.value)
    assert "did you mean 'hashtags'?" in message
    for name in FIELDS:
        assert name in message


@pytest.mark.parametrize(
    ("mapping", "message"),
    [
        pytest.param({"body": "text"}, "unknown field 'body'", id="unknown"),
        pytest.param({"text": " "}, "has no column", id="blank-column"),
    ],
)
def test_check_mapping_errors(mapping: dict[str, str], message: str) -> None:
    with pytest.raises(MappingError, match=message):
        check_mapping(mapping)


def test_check_mapping_strips_and_copies() -> None:
    given = {"text": " body "}
    assert check_mapping(given) == {"text": "body"}
    assert given == {"text": " body "}


def test_every_field_has_auto_columns() -> None:
    assert set(AUTO_COLUMNS) == set(FIELDS)
    for name, columns in AUTO_COLUMNS.items():
        assert columns, name
        assert len(set(columns)) == len(columns), name


# --- get_path --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "column", "expected"),
    [
        pytest.param({"a": 1}, "a", 1, id="top-level"),
        pytest.param({"a": None}, "a", None, id="null-is-not-missing"),
        pytest.param({"a": 1}, "b", MISSING, id="absent"),
        pytest.param({"user": {"id": 7}}, "user.id", 7, id="nested"),
        pytest.param({"user.id": 1, "user": {"id": 2}}, "user.id", 1, id="exact-key-wins"),
        pytest.param({"user": {"name": "x"}}, "user.id", MISSING, id="nested-absent"),
        pytest.param({"user": "x"}, "user.id", MISSING, id="through-a-scalar"),
        pytest.param({"user": None}, "user.id", MISSING, id="through-null"),
        pytest.param(
            {"entities": {"hashtags": [{"text": "rain"}, {"text": "sun"}, {"other": 1}]}},
            "entities.hashtags.text",
            ["rain", "sun"],
            id="through-a-list",
        ),
        pytest.param({"a": {"b": {"c": "deep"}}}, "a.b.c", "deep", id="three-levels"),
    ],
)
def test_get_path(data: dict[str, object], column: str, expected: object) -> None:
    assert get_path(data, column) == expected


# --- lookup and auto-detection ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "name", "mapping", "expected"),
    [
        pytest.param({"body": "x"}, "text", {}, ("body", "x"), id="auto-text-body"),
        pytest.param(
            {"tweets": "x", "content": "y"},
            "text",
            {},
            ("content", "y"),
            id="content-before-tweets",
        ),
        pytest.param({"text": "a", "body": "b"}, "text", {}, ("text", "a"), id="text-before-body"),
        pytest.param({"Text": "x"}, "text", {}, ("Text", "x"), id="case-insensitive"),
        pytest.param({"message": "x"}, "text", {}, ("message", "x"), id="auto-message"),
        pytest.param({"tweet_id": 5}, "id", {}, ("tweet_id", 5), id="auto-tweet-id"),
        pytest.param({"post_id": 1, "id": 2}, "id", {}, ("id", 2), id="id-before-post-id"),
        pytest.param({"author_id": "9"}, "account", {}, ("author_id", "9"), id="auto-author-id"),
        pytest.param({"user": {"id": 3}}, "account", {}, ("user.id", 3), id="auto-nested-user-id"),
        pytest.param({"screen_name": "a"}, "handle", {}, ("screen_name", "a"), id="auto-handle"),
        pytest.param(
            {"user": {"screen_name": "a"}},
            "handle",
            {},
            ("user.screen_name", "a"),
            id="nested-user-object-is-not-a-handle",
        ),
        pytest.param({"user": "a"}, "handle", {}, ("user", "a"), id="user-column-is-a-handle"),
        pytest.param({"timestamp": 1}, "created", {}, ("timestamp", 1), id="auto-timestamp"),
        pytest.param({"Date": "d"}, "created", {}, ("Date", "d"), id="auto-date-any-case"),
        pytest.param({"lang": "fr"}, "language", {}, ("lang", "fr"), id="auto-lang"),
        pytest.param({"tags": ["a"]}, "hashtags", {}, ("tags", ["a"]), id="auto-list-takes-lists"),
        pytest.param({"other": "x"}, "text", {}, (None, MISSING), id="nothing-found"),
        pytest.param(
            {"body": "b", "text": "t"}, "text", {"text": "body"}, ("body", "b"), id="map-wins"
        ),
        pytest.param(
            {"text": "t"}, "text", {"text": "body"}, ("body", MISSING), id="mapped-absent"
        ),
        pytest.param(
            {"lang": "en"}, "language", {"language": "-"}, (None, MISSING), id="turned-off"
        ),
        pytest.param(
            {"text": "t", "lang": "en"},
            "language",
            {"text": "text"},
            ("lang", "en"),
            id="auto-beside-map",
        ),
        pytest.param(
            {"u": {"id": 1}}, "account", {"account": "u.id"}, ("u.id", 1), id="mapped-path"
        ),
    ],
)
def test_lookup(
    data: dict[str, object], name: str, mapping: dict[str, str], expected: tuple[object, object]
) -> None:
    assert lookup(data, name, mapping) == expected


def test_column_plan_is_shared_by_records_with_one_header() -> None:
    first = column_plan({"body": "a", "ts": "1"}, {"created": "ts"})
    second = column_plan({"body": "b", "ts": "2"}, {"created": "ts"})
    assert first is second
    assert column_plan({"body": "b"}, {}) is not first


@pytest.mark.parametrize(
    ("columns", "mapping", "expected"),
    [
        pytest.param(["text", "created_at", "user_id", "id"], {}, None, id="auto-ok"),
        pytest.param(
            ["body", "ts", "who"], {"created": "ts", "handle": "who"}, None, id="mapped-ok"
        ),
        pytest.param(
            ["user", "body", "ts"], {"created": "ts", "account": "user.id"}, None, id="struct"
        ),
        pytest.param(
            ["body", "ts"],
            {"created": "ts", "handle": "who"},
            "column 'who' (mapped to handle)",
            id="mapped-absent",
        ),
        pytest.param(["created_at", "user_id"], {}, "no text column", id="no-text"),
        pytest.param(["text", "user_id"], {}, "no created column", id="no-created"),
        pytest.param(["text", "created_at"], {}, "no account column", id="no-account"),
        pytest.param(
            ["text", "created_at", "user_id"], {"text": "-"}, "no text column", id="text-off"
        ),
    ],
)
def test_header_problem(columns: list[str], mapping: dict[str, str], expected: str | None) -> None:
    problem = header_problem(columns, mapping)
    if expected is None:
        assert problem is None
    else:
        assert problem is not None
        assert expected in problem


def test_fields_in_a_header() -> None:
    sample = {"Body": "", "created_at": "", "screen_name": "", "lang": ""}
    assert fields_in(sample, {}) == {"text", "created", "handle", "language"}


# --- cells -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        pytest.param(MISSING, None, id="missing"),
        pytest.param(None, None, id="null"),
        pytest.param("", None, id="empty"),
        pytest.param("  x ", "x", id="stripped"),
        pytest.param(123, "123", id="int"),
        pytest.param(864865986582851585, "864865986582851585", id="big-int"),
        pytest.param(12.0, "12", id="whole-float"),
    ],
)
def test_scalar_cell(value: object, expected: str | None) -> None:
    assert scalar_cell("id", "c", value) == expected


@pytest.mark.parametrize(
    ("value", "message"),
    [
        pytest.param(1.5, "is not a whole number", id="fraction"),
        pytest.param(1e20, "is not a whole number", id="float-beyond-precision"),
        pytest.param(True, "found a boolean", id="bool"),
        pytest.param({"a": 1}, "found dict", id="object"),
        pytest.param([1], "found list", id="list"),
    ],
)
def test_scalar_cell_errors(value: object, message: str) -> None:
    with pytest.raises(RecordError, match=message) as caught:
        scalar_cell("id", "post", value)
    assert "column 'post'" in str(caught.value)


@pytest.mark.parametrize(
    ("name", "value", "expected"),
    [
        pytest.param("hashtags", MISSING, None, id="missing"),
        pytest.param("hashtags", None, None, id="null"),
        pytest.param("hashtags", "", (), id="empty-cell"),
        pytest.param("hashtags", [], (), id="empty-list"),
        pytest.param("hashtags", "rain sun", ("rain", "sun"), id="whitespace"),
        pytest.param("hashtags", " rain\tsun\n", ("rain", "sun"), id="tabs-newlines"),
        pytest.param("hashtags", "rain|sun", ("rain", "sun"), id="pipe"),
        pytest.param("hashtags", "rain | sun |", ("rain", "sun"), id="pipe-spaces-trailing"),
        pytest.param("hashtags", '["rain", "sun"]', ("rain", "sun"), id="json-array-text"),
        pytest.param("hashtags", ["rain", "sun"], ("rain", "sun"), id="list"),
        pytest.param("hashtags", ("rain",), ("rain",), id="tuple"),
        pytest.param("hashtags", "#rain #sun", ("rain", "sun"), id="hash-stripped"),
        pytest.param("hashtags", "rain rain sun", ("rain", "sun"), id="deduplicated"),
        pytest.param("hashtags", "طقس مطر", ("طقس", "مطر"), id="arabic"),
        pytest.param("mentions", "@alice bob", ("alice", "bob"), id="at-stripped"),
        pytest.param("mentions", [12, "bob"], ("12", "bob"), id="numbers-as-text"),
        pytest.param(
            "urls",
            "https://example.org/a,b https://example.org/c",
            ("https://example.org/a,b", "https://example.org/c"),
            id="comma-inside-url",
        ),
        pytest.param(
            "urls",
            "https://example.org/a|https://example.org/b",
            ("https://example.org/a", "https://example.org/b"),
            id="urls-pipe",
        ),
    ],
)
def test_list_cell(name: str, value: object, expected: tuple[str, ...] | None) -> None:
    assert list_cell(name, "c", value) == expected


@pytest.mark.parametrize(
    ("name", "value", "message"),
    [
        pytest.param("hashtags", "rain,sun", "looks comma-separated", id="comma-joined-tags"),
        pytest.param("mentions", "alice, bob", "looks comma-separated", id="comma-joined-mentions"),
        pytest.param(
            "urls",
            "https://example.org/a,https://example.org/b",
            "looks comma-separated",
            id="comma-joined-urls",
        ),
        pytest.param("hashtags", '["rain", ', "not a JSON array", id="broken-json-array"),
        pytest.param("hashtags", [{"text": "rain"}], "list items must be text", id="objects"),
        pytest.param("hashtags", [True], "list items must be text", id="booleans"),
        pytest.param("hashtags", 5, "expected a list or text", id="number"),
    ],
)
def test_list_cell_errors(name: str, value: object, message: str) -> None:
    with pytest.raises(RecordError, match=message):
        list_cell(name, "c", value)


# --- properties ------------------------------------------------------------------------------

_COLUMN = st.text(
    alphabet=st.characters(exclude_characters=",", exclude_categories=["Cs"]), min_size=1
).filter(lambda column: column.strip() == column != "")


@given(st.dictionaries(st.sampled_from(FIELDS), _COLUMN, min_size=1))
def test_format_then_parse_is_the_identity(mapping: dict[str, str]) -> None:
    assert parse_mapping(format_mapping(mapping)) == mapping


_TAG = st.text(alphabet=st.characters(categories=["Ll", "Lu", "Lo", "Nd"]), min_size=1, max_size=12)


@given(st.lists(_TAG, max_size=8))
def test_every_list_spelling_gives_the_same_items(tags: list[str]) -> None:
    expected = tuple(dict.fromkeys(tags))
    spellings = [tags, orjson.dumps(tags).decode(), " ".join(tags), "|".join(tags)]
    for spelling in spellings:
        assert list_cell("hashtags", "tags", spelling) == expected
