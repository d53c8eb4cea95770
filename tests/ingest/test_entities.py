"""Entities derived from post text: reposts, mentions, hashtags and URLs."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from nohaven.ingest.entities import TextEntities, parse_text_entities

# The straightforward implementation: every pattern scanned over the whole text. The
# parser starts its scans at the first marker instead; the results must be identical.
_URL = re.compile(r"\bhttps?://[^\s<>\"'\u200b-\u200f\u2028\u2029\u3000]+", re.IGNORECASE)
_MENTION = re.compile(r"(?<![\w@])@(\w{1,30})", re.ASCII)
_HASHTAG = re.compile(r"(?<![\w#&])[#＃](\w*[^\W\d_]\w*)")
_REPOST = re.compile(r"^\s*RT\s+@(\w{1,30})\s*:?", re.ASCII)
_TRAILING = ".,;:!?)]}»\"'…"


def _reference(text: str) -> TextEntities:
    urls = [match.group(0).rstrip(_TRAILING) for match in _URL.finditer(text)]
    rest = _URL.sub(" ", text)
    repost = _REPOST.match(text)
    return TextEntities(
        repost_of_handle=repost.group(1) if repost else None,
        mentions=tuple(dict.fromkeys(_MENTION.findall(rest))),
        hashtags=tuple(dict.fromkeys(_HASHTAG.findall(rest))),
        urls=tuple(dict.fromkeys(url for url in urls if len(url) > len("https://"))),
    )


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param("plain weather report", TextEntities(None, (), (), ()), id="none"),
        pytest.param(
            "RT @Chef_1: soup tonight #recipes",
            TextEntities("Chef_1", ("Chef_1",), ("recipes",), ()),
            id="repost",
        ),
        pytest.param(
            "see https://example.org/a?b=1. and HTTP://Example.com/x)",
            TextEntities(None, (), (), ("https://example.org/a?b=1", "HTTP://Example.com/x")),
            id="urls-trailing-punctuation",
        ),
        pytest.param(
            "xhttps://example.org/a not a url start",
            TextEntities(None, (), (), ()),
            id="url-inside-a-word",
        ),
        pytest.param(
            "https://example.org/#frag?u=@someone then @fan and #match",
            TextEntities(None, ("fan",), ("match",), ("https://example.org/#frag?u=@someone",)),
            id="markers-inside-urls-ignored",
        ),
        pytest.param(
            "https://a.example/@only #tag",
            TextEntities(None, (), ("tag",), ("https://a.example/@only",)),
            id="mention-only-inside-url",
        ),
        pytest.param(
            "mail me@example.org, @@x, &#38; ＃全角 #123 #a1",
            TextEntities(None, (), ("全角", "a1"), ()),
            id="not-mentions-not-tags",
        ),
        pytest.param(
            "@a @b @a #x #x https://t.co/1 https://t.co/1",
            TextEntities(None, ("a", "b"), ("x",), ("https://t.co/1",)),
            id="duplicates",
        ),
        pytest.param("https:// alone", TextEntities(None, (), (), ()), id="bare-scheme"),
    ],
)
def test_parse_text_entities(text: str, expected: TextEntities) -> None:
    assert parse_text_entities(text) == expected


_PIECES = st.sampled_from(
    [
        " ",
        "a",
        "Z9",
        "_",
        "@",
        "#",
        "＃",
        "&",
        ".",
        ":",
        "://",
        "http",
        "https://",
        "HTTPS://t.co/",
        "RT @",
        "x@y",
        "é",
        "ب",
        "\u200b",
        "\n",
    ]
)


@given(st.lists(_PIECES, max_size=30).map("".join))
def test_parse_text_entities_matches_a_full_scan(text: str) -> None:
    assert parse_text_entities(text) == _reference(text)
