"""Plain characters: every one is left alone by the steps that the fast paths skip."""

from __future__ import annotations

import functools
import itertools
import sys
import unicodedata

import pytest

from nohaven.text.language import _DROPPED
from nohaven.text.normalize import _FREQUENT_ARABIC, _fold_table
from nohaven.text.plain import PLAIN_TEXT


@functools.cache
def _plain() -> tuple[str, ...]:
    return tuple(chr(code) for code in range(sys.maxunicode + 1) if PLAIN_TEXT.fullmatch(chr(code)))


@pytest.mark.parametrize(
    ("text", "plain"),
    [
        pytest.param("", True, id="empty"),
        pytest.param("The weather is lovely, 21°C!", True, id="english"),
        pytest.param("« Il fait très beau aujourd’hui » – À bientôt ¿", True, id="french"),
        pytest.param("الطقس جميل اليوم، أليس كذلك؟", True, id="arabic"),
        pytest.param("Straße", False, id="sharp-s"),
        pytest.param("wait…", False, id="ellipsis"),
        pytest.param("a\u00a0b", False, id="no-break-space"),
        pytest.param("a\nb", False, id="line-break"),
        pytest.param("wea\u200bther", False, id="zero-width-space"),
        pytest.param("الطَّقْسُ", False, id="arabic-diacritics"),
        pytest.param("كـتاب", False, id="tatweel"),
        pytest.param("٢٠٢٤", False, id="arabic-indic-digits"),
        pytest.param("کتاب", False, id="persian-keheh"),
        pytest.param("ﻛﺘﺎﺏ", False, id="presentation-forms"),
        pytest.param("соffее", False, id="cyrillic"),
        pytest.param("😂", False, id="emoji"),
    ],
)
def test_plain_text(text: str, plain: bool) -> None:
    assert (PLAIN_TEXT.fullmatch(text) is not None) is plain


def test_plain_characters_are_printable_and_in_nfkc() -> None:
    assert [char for char in _plain() if not char.isprintable()] == []
    assert [char for char in _plain() if unicodedata.combining(char)] == []
    assert [char for char in _plain() if unicodedata.normalize("NFKC", char) != char] == []


def test_no_two_plain_characters_compose() -> None:
    # With the checks above, every plain text is in NFKC.
    composing = [
        pair
        for pair in itertools.product(_plain(), repeat=2)
        if not unicodedata.is_normalized("NFKC", "".join(pair))
    ]
    assert composing == []


def test_case_folding_lowers_plain_characters_into_plain_characters() -> None:
    assert [char for char in _plain() if char.casefold() != char.lower()] == []
    assert [char for char in _plain() if not PLAIN_TEXT.fullmatch(char.lower())] == []


def test_the_fold_table_changes_only_the_frequent_arabic_letters() -> None:
    table = _fold_table()
    assert {char for char in _plain() if char in table} == set(_FREQUENT_ARABIC)
    assert all(PLAIN_TEXT.fullmatch(table[char]) for char in _FREQUENT_ARABIC)


def test_language_cleaning_drops_no_plain_character() -> None:
    assert [char for char in _plain() if _DROPPED.match(char)] == []
    assert "\u0671" not in _plain()  # alef wasla, which cleaning replaces
