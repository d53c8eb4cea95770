"""Invisible characters: the literal table matches Unicode, and strip_invisible removes them."""

from __future__ import annotations

import sys
import unicodedata

import pytest

from nohaven.text.invisible import INVISIBLE_RANGES, strip_invisible


def _covered(code: int) -> bool:
    return any(first <= code <= last for first, last in INVISIBLE_RANGES)


def test_every_format_character_is_invisible() -> None:
    missing = [
        f"U+{code:04X}"
        for code in range(sys.maxunicode + 1)
        if unicodedata.category(chr(code)) == "Cf" and not _covered(code)
    ]
    assert missing == [], "new format characters: add them to INVISIBLE_RANGES"


def test_every_control_but_whitespace_is_invisible() -> None:
    for code in range(0x100):
        char = chr(code)
        if unicodedata.category(char) == "Cc":
            assert _covered(code) != char.isspace(), f"U+{code:04X}"


def test_no_visible_character_is_in_the_table() -> None:
    visible = {"L", "N", "P", "S"}
    allowed = {0x115F, 0x1160, 0x3164, 0xFFA0}  # Hangul fillers are letters that show nothing
    for first, last in INVISIBLE_RANGES:
        for code in range(first, last + 1):
            if code not in allowed:
                assert unicodedata.category(chr(code))[0] not in visible, f"U+{code:04X}"


@pytest.mark.parametrize(
    "hidden",
    [
        pytest.param("\u200b", id="zero-width-space"),
        pytest.param("\u200c", id="zero-width-non-joiner"),
        pytest.param("\u200d", id="zero-width-joiner"),
        pytest.param("\u200e", id="left-to-right-mark"),
        pytest.param("\u200f", id="right-to-left-mark"),
        pytest.param("\u202a", id="left-to-right-embedding"),
        pytest.param("\u202e", id="right-to-left-override"),
        pytest.param("\u2066", id="left-to-right-isolate"),
        pytest.param("\u2069", id="pop-directional-isolate"),
        pytest.param("\u2060", id="word-joiner"),
        pytest.param("\u2063", id="invisible-separator"),
        pytest.param("\ufeff", id="byte-order-mark"),
        pytest.param("\u00ad", id="soft-hyphen"),
        pytest.param("\u034f", id="combining-grapheme-joiner"),
        pytest.param("\u061c", id="arabic-letter-mark"),
        pytest.param("\u180e", id="mongolian-vowel-separator"),
        pytest.param("\u3164", id="hangul-filler"),
        pytest.param("\ufe0f", id="variation-selector-16"),
        pytest.param("\U000e0041", id="tag-letter"),
        pytest.param("\U000e0100", id="variation-selector-17"),
        pytest.param("\x00", id="nul"),
        pytest.param("\x7f", id="delete"),
    ],
)
def test_strip_invisible_removes(hidden: str) -> None:
    assert strip_invisible(f"wea{hidden}ther{hidden}") == "weather"


@pytest.mark.parametrize(
    "text",
    ["weather\nreport", "tab\tseparated", "no change", "", "café", "قهوة", "line\r\nend"],
    ids=["newline", "tab", "ascii", "empty", "latin", "arabic", "crlf"],
)
def test_strip_invisible_keeps_visible_text_and_whitespace(text: str) -> None:
    assert strip_invisible(text) == text
