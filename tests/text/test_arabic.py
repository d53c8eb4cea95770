"""Arabic folding: one case per rule, with neutral words (book, school, peace, weather ...)."""

from __future__ import annotations

import unicodedata

import pytest

from nohaven.text.arabic import ARABIC_FOLDS, ARABIC_MARK_RANGES, fold_arabic


@pytest.mark.parametrize(
    ("text", "folded"),
    [
        pytest.param("كِتَابٌ", "كتاب", id="fatha-kasra-tanwin-book"),
        pytest.param("مَدْرَسَةٌ", "مدرسه", id="sukun-and-teh-marbuta-school"),
        pytest.param("سَلَامًا", "سلاما", id="fathatan-peace"),
        pytest.param("مُدَرِّس", "مدرس", id="shadda-teacher"),
        pytest.param("هٰذا", "هذا", id="superscript-alef"),
        pytest.param("كتاب\u06d6", "كتاب", id="quranic-small-high-ligature"),
        pytest.param("سلام\u0610", "سلام", id="small-high-sign"),
        pytest.param("طـــقـس", "طقس", id="tatweel-weather"),
        pytest.param("أمطار", "امطار", id="alef-hamza-above-rain"),
        pytest.param("إفطار", "افطار", id="alef-hamza-below-breakfast"),
        pytest.param("آخر", "اخر", id="alef-madda-last"),
        pytest.param("ٱلكتاب", "الكتاب", id="alef-wasla"),
        pytest.param("مستشفى", "مستشفي", id="alef-maksura-hospital"),
        pytest.param("قهوة", "قهوه", id="teh-marbuta-coffee"),
        pytest.param("کتاب", "كتاب", id="keheh-persian-kaf"),
        pytest.param("ڪتاب", "كتاب", id="swash-kaf"),
        pytest.param("کتابی", "كتابي", id="farsi-yeh"),
        pytest.param("دې", "دي", id="pashto-yeh-e"),
        pytest.param("سړۍ", "سړي", id="pashto-yeh-with-tail"),
        pytest.param("ێ", "ي", id="kurdish-yeh"),
        pytest.param("ے", "ي", id="urdu-yeh-barree"),
        pytest.param("ۓ", "ئ", id="yeh-barree-hamza"),
        pytest.param("ہوا", "هوا", id="heh-goal-air"),
        pytest.param("ھوا", "هوا", id="heh-doachashmee"),
        pytest.param("ە", "ه", id="kurdish-ae"),
        pytest.param("ۀ", "ه", id="heh-yeh-above"),
        pytest.param("ۃ", "ه", id="teh-marbuta-goal"),
        pytest.param("٢٠٢٤", "2024", id="arabic-indic-digits"),
        pytest.param("۱۴۰۳", "1403", id="extended-arabic-indic-digits"),
        pytest.param("٣٫٥", "3.5", id="decimal-separator"),
        pytest.param("١٬٠٠٠", "1,000", id="thousands-separator"),
        pytest.param("٥٠٪", "50%", id="percent-sign"),
    ],
)
def test_fold_arabic(text: str, folded: str) -> None:
    assert fold_arabic(text) == folded


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("گل", id="gaf-stays"),
        pytest.param("ګ", id="pashto-kaf-with-ring-stays"),
        pytest.param("پ", id="peh-stays"),
        pytest.param("چ", id="tcheh-stays"),
        pytest.param("ژ", id="jeh-stays"),
        pytest.param("ڤ", id="veh-stays"),
        pytest.param("مؤتمر", id="waw-hamza-stays"),
        pytest.param("بئر", id="yeh-hamza-stays"),
        pytest.param("ء", id="lone-hamza-stays"),
        pytest.param("weather café 123", id="latin-untouched"),
    ],
)
def test_fold_arabic_keeps_distinct_letters(text: str) -> None:
    assert fold_arabic(text) == text


def test_every_mark_is_a_mark_tatweel_or_hamza() -> None:
    for first, last in ARABIC_MARK_RANGES:
        for code in range(first, last + 1):
            char = chr(code)
            category = unicodedata.category(char)
            assert category in {"Mn", "Lm", "Lo", "Cf", "So", "Me", "Cn"}, f"U+{code:04X}"
            assert category != "Lo" or code == 0x0674, f"U+{code:04X} is a letter"


def test_folds_do_not_chain() -> None:
    for target in ARABIC_FOLDS.values():
        assert all(part not in ARABIC_FOLDS for part in target)
