"""Helpers shared by the Twitter formats: times, text, media kinds and containers."""

from __future__ import annotations

import gzip
from pathlib import Path

import pytest

from nohaven.ingest.base import Head, Reject, SourceRecord
from nohaven.ingest.twitter_common import (
    EntityBag,
    first_object,
    media_kind,
    read_records,
    unescape,
)
from nohaven.model import MediaKind


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param("tea &amp; cake", "tea & cake", id="amp"),
        pytest.param("1 &lt; 2 &gt; 0", "1 < 2 > 0", id="lt-gt"),
        pytest.param("typed &amp;lt; literally", "typed &lt; literally", id="double"),
        pytest.param("&copy; kept", "&copy; kept", id="other-entity"),
        pytest.param("plain", "plain", id="plain"),
    ],
)
def test_unescape(text: str, expected: str) -> None:
    assert unescape(text) == expected


@pytest.mark.parametrize(
    ("kind", "key", "expected"),
    [
        pytest.param("photo", None, MediaKind.PHOTO, id="photo"),
        pytest.param("animated_gif", "3_1", MediaKind.ANIMATED_GIF, id="type-wins"),
        pytest.param(None, "7_1", MediaKind.VIDEO, id="video-key"),
        pytest.param(None, "16_1", MediaKind.ANIMATED_GIF, id="gif-key"),
        pytest.param(None, "nokey", MediaKind.OTHER, id="no-prefix"),
        pytest.param(None, None, MediaKind.OTHER, id="nothing"),
    ],
)
def test_media_kind(kind: str | None, key: str | None, expected: MediaKind) -> None:
    assert media_kind(kind, key) is expected


def test_entity_bag_keeps_first_appearance_order_without_duplicates() -> None:
    bag = EntityBag(("https://twitter.com/i/web/status/1",))
    for url in ("https://a", "https://b", "https://a", "https://twitter.com/i/web/status/1", ""):
        bag.add_url(url)
    bag.add_mention("1", "Alpha")
    bag.add_mention("2", "beta")
    bag.add_mention("1", "alpha")
    for tag in ("Tea", "tea", "Tea", None):
        bag.add_hashtag(tag)
    assert bag.url_tuple() == ("https://a", "https://b")
    assert bag.mention_tuples() == (("Alpha", "beta"), ("1", "2"))
    assert bag.hashtag_tuple() == ("Tea", "tea")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param('{"a": 1}\n{"b": 2}\n', {"a": 1}, id="json-lines"),
        pytest.param('\ufeff{"a": 1}', {"a": 1}, id="bom"),
        pytest.param('{"a": \n', None, id="pretty"),
        pytest.param('[{"a": 1}]', None, id="array"),
        pytest.param('{"a": 1', None, id="cut"),
        pytest.param("", None, id="empty"),
    ],
)
def test_first_object(text: str, expected: dict[str, int] | None) -> None:
    assert first_object(Head(Path("x"), text.encode(), text)) == expected


def _records(path: Path) -> list[tuple[str, int, object]]:
    out: list[tuple[str, int, object]] = []
    for item in read_records(path):
        if isinstance(item, SourceRecord):
            out.append(("record", item.line, dict(item.data)))
        else:
            assert isinstance(item, Reject)
            out.append(("reject", item.line, item.reason))
    return out


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        pytest.param(
            b'{"a": 1}\n\n{"b": 2}\n',
            [("record", 1, {"a": 1}), ("record", 3, {"b": 2})],
            id="json-lines",
        ),
        pytest.param(
            b'{\n  "a": 1\n}\n',
            [("record", 1, {"a": 1})],
            id="pretty-object",
        ),
        pytest.param(
            b'[{"a": 1}, "x", {"b": 2}]',
            [
                ("record", 1, {"a": 1}),
                ("reject", 2, "item 2 of the JSON array is str, not an object"),
                ("record", 3, {"b": 2}),
            ],
            id="array",
        ),
        pytest.param(b"[\n 1,\n", [("reject", 3, "malformed JSON")], id="cut-array"),
        pytest.param(b"", [], id="empty"),
    ],
)
def test_read_records(
    tmp_path: Path, content: bytes, expected: list[tuple[str, int, object]]
) -> None:
    path = tmp_path / "data.json"
    path.write_bytes(content)
    found = _records(path)
    assert [(kind, line) for kind, line, _ in found] == [(k, n) for k, n, _ in expected]
    for (_, _, got), (_, _, want) in zip(found, expected, strict=True):
        if isinstance(want, str):
            assert isinstance(got, str) and got.startswith(want)
        else:
            assert got == want


def test_read_records_of_a_gzipped_array(tmp_path: Path) -> None:
    path = tmp_path / "threads.json.gz"
    path.write_bytes(gzip.compress(b'[{"a": 1}, {"b": 2}]'))
    assert [line for _, line, _ in _records(path)] == [1, 2]
