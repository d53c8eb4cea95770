"""Look-alike folding: each script's look-alikes become the Latin letters they imitate."""

from __future__ import annotations

import unicodedata

import pytest

from nohaven.text.confusables import CONFUSABLES, fold_confusables


@pytest.mark.parametrize(
    ("text", "folded"),
    [
        pytest.param("соffее", "coffee", id="cyrillic-small"),
        pytest.param("ВЕАТ", "BEAT", id="cyrillic-capital"),
        pytest.param("ѕһір", "ship", id="cyrillic-dze-shha-i"),
        pytest.param("јаm", "jam", id="cyrillic-je"),
        pytest.param("ТЕΑ", "TEA", id="greek-capital"),
        pytest.param("ΗΟΤ", "HOT", id="greek-capital-eta"),
        pytest.param("ηοοη", "noon", id="greek-small-eta"),
        pytest.param("ναη", "van", id="greek-small-nu"),
        pytest.param("καfé", "kafé", id="greek-kappa-alpha"),
        pytest.param("cafέ", "café", id="greek-accented-epsilon"),
        pytest.param("օnlу", "only", id="armenian-o"),
        pytest.param("ᴡᴇᴀᴛʜᴇʀ", "weather", id="small-capitals"),
        pytest.param("🅦🅔🅐🅣🅗🅔🅡", "WEATHER", id="negative-circled"),
        pytest.param(
            "\U0001f182\U0001f17f\U0001f17e\U0001f181\U0001f183", "SPORT", id="negative-squared"
        ),
        pytest.param("🇫🇷", "FR", id="regional-indicators"),
        pytest.param("Погода", "Пoгoдa", id="russian-word-partly-folded"),
    ],
)
def test_fold_confusables(text: str, folded: str) -> None:
    assert fold_confusables(text) == folded


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("weather 2024", id="ascii"),
        pytest.param("été à Noël", id="french"),
        pytest.param("كتاب", id="arabic"),
        pytest.param("дж", id="cyrillic-without-look-alike"),
        pytest.param("ı", id="turkish-dotless-i"),
        pytest.param("l33t $", id="digits-and-symbols"),
    ],
)
def test_fold_confusables_keeps(text: str) -> None:
    assert fold_confusables(text) == text


def test_table_maps_non_ascii_to_latin_keeping_case() -> None:
    for source, target in CONFUSABLES.items():
        assert not source.isascii()
        assert len(target) == 1
        assert "LATIN" in unicodedata.name(target), source
        if source.isupper() or source.islower():
            assert source.isupper() == target.isupper(), source
