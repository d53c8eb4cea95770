"""The batch pre-scan: a batch finds exactly what each post finds alone, and skips plain prose."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import re2
from hypothesis import given, settings
from hypothesis import strategies as st

from nohaven.links.extract import LinkExtractor
from nohaven.links.patterns import ALT_DOTS
from nohaven.links.prescan import prescan

_HERE = Path(__file__).parent
# A valid address of each kind, and the same with a character changed (tests/links/test_wallets.py).
_WALLETS = (
    "1BoatSLRHtKNngkdXEeobR76b53LETtpyT",
    "1BoatSLRHtKNngkdXEeobR76b53LETtpyU",
    "bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4",
    "0x52908400098527886E0F7030069857D2E4169EE7",
    "0x52908400098527886e0f7030069857d2e4169ee7",
    "TJCnKsPa7y5okkXvQAidZBzqx3QyQ6sxMW",
)
# Pieces of written links, hand-offs, wallets and the prose around them: dots of every kind,
# spaces of every kind, top-level domains in every case, brackets, dot words, characters
# that folding changes, Arabic letters, newlines (the batch's separator is two of them).
_PIECES = st.sampled_from(
    [
        *"ab.c -_:/[](){}<>@#\\\n\t\u00a0\u2009\u3000x1Z",
        *ALT_DOTS,
        *_WALLETS,
        "com",
        "COM",
        "Org",
        "me",
        "it",
        "onion",
        "xn--p1ai",
        "www.",
        "e.g.",
        "p.m.",
        "U.S.",
        "report.pdf",
        "dot",
        "DOT",
        " Point ",
        "punto",
        " نقطة ",
        "[.]",
        "(dot)",
        " . ",
        "https",
        "hxxps",
        "://",
        ":\u00a0//",
        "tg://resolve?domain=weather",
        "t.me/",
        "telegram",
        "new account ",
        "حسابي الجديد ",
        "\n\n",
        "\u200b",
        "\uff0e",
        "\uff54",
        "\U0001d42d",
        "ت",
        "é",
        "\u0660",
        "l" * 62,
        "_",
        "-",
    ]
)
_TEXTS = st.lists(_PIECES, max_size=20).map("".join)


@pytest.fixture(scope="module")
def extractor() -> LinkExtractor:
    return LinkExtractor()


def _cases() -> list[tuple[str, list[str]]]:
    items: list[tuple[str, list[str]]] = []
    for name in ("cases.jsonl", "cases_holdout.jsonl"):
        for line in (_HERE / name).read_text(encoding="utf-8").splitlines():
            case = json.loads(line)
            items.append((case["text"], case.get("urls", [])))
    return items


def test_a_batch_finds_what_each_labelled_case_finds(extractor: LinkExtractor) -> None:
    items = _cases()
    assert len(items) >= 200
    each = [extractor.extract(text, urls) for text, urls in items]
    assert extractor.extract_many(items) == each
    batch = extractor.extract_batch(items)
    assert batch.links == [link for links in each for link in links]
    assert batch.posts == [i for i, links in enumerate(each) for _ in links]


@settings(max_examples=1500, deadline=None)
@given(st.lists(_TEXTS, min_size=1, max_size=6))
def test_a_batch_finds_what_each_post_finds(texts: list[str]) -> None:
    extractor = LinkExtractor()
    assert extractor.extract_many([(text, ()) for text in texts]) == [
        extractor.extract(text) for text in texts
    ]


def test_plain_prose_is_not_read() -> None:
    texts = [
        "Rain after 5 p.m. Bring a coat, e.g. for the U.S. and U.K. trip.",
        "Notes are in report.pdf and v2.5 of the plan; write to coach@club-sport.org.",
        "Il fera 12,5 degrés. Prenez un pull !",
        "الطقس معتدل اليوم. درجة الحرارة ٢٥ درجة",
        "Thanks @coach and #cooking",
        "",
    ]
    scan = prescan(texts)
    assert scan.links == [-1] * len(texts)
    assert list(scan.wallets) == [0] * len(texts)


def test_the_search_starts_where_the_first_link_can_be() -> None:
    texts = [
        "Rain after 5 p.m. Forecast: example.org/forecast",
        "مرحبا كيف الحال t.me/weather",
        "see hxxps://example[.]org",
        "weather dot com",
        "ｔ．ｍｅ／ｗｅａｔｈｅｒ",
        f"Donations: {_WALLETS[0]}",
    ]
    scan = prescan(texts)
    assert scan.links[0] == texts[0].index("example")
    assert scan.links[1] == texts[1].index("t.me")
    assert scan.links[2] == texts[2].index("://")
    assert scan.links[3] == texts[3].index(" dot ")
    assert scan.links[4] == 0  # a character folding changes: read from the start
    assert scan.links[5] == -1
    assert list(scan.wallets) == [0, 0, 0, 0, 0, 1]


def test_a_post_that_cannot_be_encoded_is_read_in_full(extractor: LinkExtractor) -> None:
    texts = ["t.me/first", "broken \ud800 example.org", "nothing", "example.com/x"]
    scan = prescan(texts)
    assert scan.links[1] == 0 and scan.wallets[1] == 1 and scan.unread == {1}
    assert scan.links[2] == -1
    assert extractor.extract_many([(text, ()) for text in texts]) == [
        extractor.extract(text) for text in texts
    ]


def test_an_empty_batch() -> None:
    assert prescan([]) == ([], bytearray(), frozenset())
    assert LinkExtractor().extract_batch([]) == ([], [])


def test_the_space_class_is_pythons() -> None:
    # RE2's \s is ASCII; the pre-scan spells out every character Python's [^\S\n] matches.
    from nohaven.links.prescan import _space

    space = re2.compile(_space())
    python = re.compile(r"[^\S\n]")
    for code in [*range(0x3100), *range(0xFE00, 0x10000)]:
        char = chr(code)
        if 0xD800 <= code < 0xE000:
            continue
        assert (space.fullmatch(char) is not None) == (python.fullmatch(char) is not None), code


def test_the_public_search_finds_what_the_bindings_call_finds() -> None:
    from nohaven.links.prescan import LINK_PATTERN, _joined, _searcher

    buffer, _, _ = _joined(["e.g. at 5 p.m.", "see example.org/x", "t[.]me/a", "plain"])
    fast, public = _searcher(LINK_PATTERN), _searcher(LINK_PATTERN, binding=False)
    for pos in range(len(buffer)):
        assert fast(buffer, pos, len(buffer)) == public(buffer, pos, len(buffer))
