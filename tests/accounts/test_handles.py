"""Handle and name similarity, stems and suffixes, Arabic-Latin transliteration."""

from __future__ import annotations

import pytest

from nohaven.accounts.handles import (
    consonants,
    handle_key,
    handle_name_similarity,
    handle_similarity,
    jaro_winkler,
    levenshtein,
    name_similarity,
    skeleton,
    split_handle,
    text_similarity,
    transliterate,
)

SAME_FAMILY = [
    pytest.param("wayf44rerr", "wayff44rer", id="doubled-letter-moved"),
    pytest.param("wayf44rerr", "wayyf44rer", id="doubled-letter-moved-2"),
    pytest.param("Fidaee_Fulaani", "FidaeeFulaani", id="separator"),
    pytest.param("Dieinurage308", "dieinurage29__7", id="numbered-suffix"),
    pytest.param("WarReporter1", "warreporter2", id="consecutive-case"),
    pytest.param("abutariq040", "abutariq041", id="consecutive-leading-zero"),
    pytest.param("NasimAlBahr", "NasimAlBahr_2", id="base-underscore-2"),
    pytest.param("base", "base10", id="base10"),
    pytest.param("klakishinki", "kIakishini5", id="capital-i-for-l"),
    pytest.param("MaghrebiHD", "MaghrebiQ", id="letter-suffix"),
    pytest.param("moustiklash", "mustaklash", id="vowel-edits"),
    pytest.param("SunnyD0nuts", "SunnyDonuts2", id="zero-for-o"),
]
DIFFERENT = [
    pytest.param("nico1978", "nico_ber42", id="same-first-name"),
    pytest.param("karim_alali", "karim1990", id="same-first-name-2"),
    pytest.param("ab1", "ab2", id="short-stem"),
    pytest.param("MaghrebiHD", "MaghrabiArabi", id="near-miss-longer"),
    pytest.param("weather_bot", "recipe_club", id="unrelated"),
]


@pytest.mark.parametrize(("a", "b"), SAME_FAMILY)
def test_re_creations_are_alike(a: str, b: str) -> None:
    assert handle_similarity(a, b).score >= 0.8
    assert handle_similarity(b, a).score == pytest.approx(handle_similarity(a, b).score)


@pytest.mark.parametrize(("a", "b"), DIFFERENT)
def test_different_accounts_are_not_alike(a: str, b: str) -> None:
    assert handle_similarity(a, b).score <= 0.7


@pytest.mark.parametrize(
    ("handle", "stem", "suffix"),
    [
        pytest.param("base", "base", "", id="plain"),
        pytest.param("base2", "base", "2", id="digit"),
        pytest.param("base_2", "base", "2", id="underscore"),
        pytest.param("base10", "base", "10", id="two-digits"),
        pytest.param("@Base.2", "base", "2", id="at-and-dot"),
        pytest.param("dieinurage29__7", "dlelnurage", "297", id="digits-and-separators"),
        pytest.param("04_8_1437", skeleton("0481437"), "", id="digits-only"),
    ],
)
def test_split_handle(handle: str, stem: str, suffix: str) -> None:
    parts = split_handle(handle)
    assert (parts.stem, parts.suffix) == (stem, suffix)
    assert parts.number == (int(suffix) if suffix else None)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        pytest.param("@Fidaee_Fulaani", "fidaee.fulaani", id="separators-and-case"),
        pytest.param("раураl", "paypal", id="cyrillic-look-alikes"),
        pytest.param("ＳＵＮ", "sun", id="fullwidth"),
    ],
)
def test_handle_key_folds(a: str, b: str) -> None:
    assert handle_key(a) == handle_key(b)


@pytest.mark.parametrize(
    ("arabic", "latin"),
    [
        pytest.param("ابو", "abu", id="abu"),
        pytest.param("ابو طارق", "abu tarq", id="abu-tariq"),
        pytest.param("وليد", "wlid", id="waw-at-start"),
        pytest.param("يوسف", "yusf", id="yeh-at-start"),
        pytest.param("١٠", "10", id="arabic-indic-digits"),
        pytest.param("مُحَمَّد", "muhamad", id="vowel-marks-kept-shadda-dropped"),
    ],
)
def test_transliterate(arabic: str, latin: str) -> None:
    assert transliterate(arabic) == latin


@pytest.mark.parametrize(
    ("arabic", "latin"),
    [
        pytest.param("نسيم البحر", "NasimAlBahr", id="handle"),
        pytest.param("مصطفى", "Mustafa", id="mustafa"),
        pytest.param("مصطفى", "Moustafa", id="french-spelling"),
        pytest.param("ابو طارق", "abutariq", id="abu-tariq"),
    ],
)
def test_consonant_skeletons_meet_across_scripts(arabic: str, latin: str) -> None:
    assert consonants(arabic) == consonants(latin)


@pytest.mark.parametrize(
    ("a", "b", "low", "high"),
    [
        pytest.param("نسيم البحر", "Nasim Al Bahr", 0.85, 1.0, id="arabic-latin"),
        pytest.param("٩ Flames of Haqq", "١٠Flames of Haqq", 1.0, 1.0, id="numbered"),
        pytest.param("Mustafa Al Iraqi", "Mustafa aI lraqi", 1.0, 1.0, id="look-alikes"),
        pytest.param("Vent du Nord", "Vent du Nord (nouveau)", 1.0, 1.0, id="new-marker"),
        pytest.param("Nicolas Lefèvre", "Nicolas Martin", 0.0, 0.75, id="same-first-name"),
        pytest.param("Grace Smith", "Grace Clarke", 0.0, 0.75, id="same-first-name-2"),
        pytest.param("Weather Desk", None, 0.0, 0.0, id="missing"),
    ],
)
def test_name_similarity(a: str, b: str | None, low: float, high: float) -> None:
    assert low <= name_similarity(a, b).score <= high


def test_handle_against_name_across_scripts() -> None:
    assert handle_name_similarity("abutariq040", "ابو طارق").score > 0.9
    assert handle_name_similarity("recipe_club", "ابو طارق").score < 0.6


@pytest.mark.parametrize(
    ("a", "b", "low", "high"),
    [
        pytest.param("Daily notes on  cooking.", "daily notes on cooking.", 1.0, 1.0, id="spaces"),
        pytest.param("Daily notes on cooking", "Daily notes on cooking!!", 0.7, 1.0, id="near"),
        pytest.param("Football results", "Gardening tips", 0.0, 0.2, id="unrelated"),
        pytest.param("", "text", 0.0, 0.0, id="empty"),
    ],
)
def test_text_similarity(a: str, b: str, low: float, high: float) -> None:
    assert low <= text_similarity(a, b).score <= high


@pytest.mark.parametrize(
    ("a", "b", "distance", "jw"),
    [
        pytest.param("kitten", "sitting", 3, 0.746, id="kitten"),
        pytest.param("martha", "marhta", 2, 0.961, id="martha"),
        pytest.param("", "abc", 3, 0.0, id="empty"),
        pytest.param("same", "same", 0, 1.0, id="equal"),
    ],
)
def test_edit_similarities(a: str, b: str, distance: int, jw: float) -> None:
    assert levenshtein(a, b) == distance
    assert jaro_winkler(a, b) == pytest.approx(jw, abs=1e-3)
