"""Folding: invisible and compatibility characters, with a map back to the original."""

from __future__ import annotations

import random

import pytest

from nohaven.links.fold import _TRIGGER, fold, needs_folding


@pytest.mark.parametrize(
    ("text", "folded"),
    [
        pytest.param("plain ascii", "plain ascii", id="ascii"),
        pytest.param("café à Paris", "café à Paris", id="latin-1"),
        pytest.param("ｔ．ｍｅ／ｒａｉｎ", "t.me/rain", id="full-width"),
        pytest.param("t\u200b.\u200cme", "t.me", id="zero-width"),
        pytest.param("a\u00adb", "ab", id="soft-hyphen"),
        pytest.param("𝐭.𝐦𝐞", "t.me", id="math-bold"),
        pytest.param("ⓣ.ⓜⓔ", "t.me", id="circled"),
        pytest.param("t。me", "t。me", id="ideographic-dot-kept"),
        pytest.param("t｡me", "t。me", id="halfwidth-ideographic-dot"),
        pytest.param("مرحبا t.me", "مرحبا t.me", id="arabic"),
    ],
)
def test_fold(text: str, folded: str) -> None:
    result = fold(text)
    assert result.text == folded
    if result.starts is not None and result.ends is not None:
        assert len(result.starts) == len(result.ends) == len(result.text)
        assert result.original_span(0, len(result.text)) == (0, len(text))


def test_original_span_of_a_part() -> None:
    text = "x ｔ．ｍｅ y"
    result = fold(text)
    start = result.text.index("t.me")
    raw_start, raw_end = result.original_span(start, start + 4)
    assert text[raw_start:raw_end] == "ｔ．ｍｅ"
    assert fold("ab").original_span(0, 2) == (0, 2)


def test_needs_folding_agrees_with_the_full_trigger_set() -> None:
    # every code point, after a Latin-1 letter (the fast paths split on the text's range)
    for code in range(0x110000):
        if 0xD800 <= code <= 0xDFFF:
            continue
        text = "é" + chr(code)
        assert needs_folding(text) == (_TRIGGER.search(text) is not None), hex(code)


def test_needs_folding_on_mixed_texts() -> None:
    rng = random.Random(7)
    alphabet = "abc .مرحبا🌞é\u200bｔ\U0001d42d\n"
    for _ in range(2000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 12)))
        assert needs_folding(text) == (_TRIGGER.search(text) is not None), repr(text)
