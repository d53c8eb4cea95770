"""Obfuscated variants and how far they move a score (neutral weather and cooking sentences)."""

from __future__ import annotations

import difflib
from collections.abc import Sequence

import pytest

from nohaven.classify.features import classifier_text
from nohaven.classify.ngram import NgramClassifier
from nohaven.classify.robustness import OBFUSCATIONS, Robustness, obfuscate, robustness

from .toy import toy

LATIN = "the weather is lovely over the hills today"
FRENCH = "la météo sera douce sur la côte"
ARABIC = "الطقس جميل اليوم في المدينة"
ARABIC_KINDS = {"diacritics", "tatweel"}


def _suitable(kind: str) -> list[str]:
    return [ARABIC] if kind in ARABIC_KINDS else [LATIN, FRENCH]


def test_the_kinds() -> None:
    assert set(OBFUSCATIONS) == {
        "zero-width",
        "homoglyphs",
        "diacritics",
        "tatweel",
        "spacing",
        "leetspeak",
        "drawn-out",
    }


@pytest.mark.parametrize("kind", list(OBFUSCATIONS))
def test_each_variant_changes_a_suitable_text(kind: str) -> None:
    for text in _suitable(kind):
        variant = obfuscate(text, kind)
        assert variant != text
        assert obfuscate(text, kind) == variant  # deterministic
        assert OBFUSCATIONS[kind](text) == variant


@pytest.mark.parametrize(
    ("kind", "text"),
    [
        pytest.param("diacritics", LATIN, id="diacritics-latin"),
        pytest.param("tatweel", LATIN, id="tatweel-latin"),
        pytest.param("homoglyphs", ARABIC, id="homoglyphs-arabic"),
        pytest.param("leetspeak", ARABIC, id="leetspeak-arabic"),
    ],
)
def test_variants_leave_other_scripts_alone(kind: str, text: str) -> None:
    assert obfuscate(text, kind) == text


@pytest.mark.parametrize(
    ("kind", "text", "variant"),
    [
        pytest.param("zero-width", "abcdef", "abc\u200bdef\u200b", id="zero-width"),
        pytest.param("homoglyphs", "a cop", "а сор", id="homoglyphs"),
        pytest.param("diacritics", "طقس", "طَقَسَ", id="diacritics"),
        pytest.param("tatweel", "جميل", "جـمـيـل", id="tatweel"),
        pytest.param("tatweel", "دار", "دار", id="tatweel-not-after-non-joining"),
        pytest.param("spacing", "the rain is cold", "t h e  r a i n  is  c o l d", id="spacing"),
        pytest.param("leetspeak", "test", "7357", id="leetspeak"),
        pytest.param("drawn-out", "the rain is cold", "the raiiiin is colllld", id="drawn-out"),
        pytest.param("drawn-out", "طقس جميل", "طقس جمييييل", id="drawn-out-arabic"),
    ],
)
def test_variant_examples(kind: str, text: str, variant: str) -> None:
    assert obfuscate(text, kind) == variant


@pytest.mark.parametrize("kind", ["zero-width", "homoglyphs", "diacritics", "tatweel", "spacing"])
def test_classifier_text_undoes_the_variant(kind: str) -> None:
    for text in _suitable(kind):
        assert classifier_text(obfuscate(text, kind)) == classifier_text(text)


@pytest.mark.parametrize("text", [LATIN, FRENCH, "the soup tastes better with fresh garlic"])
def test_leetspeak_is_mostly_recovered(text: str) -> None:
    recovered = classifier_text(obfuscate(text, "leetspeak"))
    original = classifier_text(text)
    assert difflib.SequenceMatcher(None, recovered, original).ratio() > 0.85
    words = original.split()
    kept = sum(word in recovered.split() for word in words)
    assert kept >= 0.7 * len(words)


def test_drawn_out_arabic_is_undone_and_latin_kept_to_two_letters() -> None:
    assert classifier_text(obfuscate(ARABIC, "drawn-out")) == classifier_text(ARABIC)
    # A Latin letter is folded to two ("raiiiin" as "raiin"): the word is near, not equal.
    assert classifier_text(obfuscate("the rain is cold", "drawn-out")) == "the raiin is colld"


def test_unknown_kind() -> None:
    with pytest.raises(ValueError, match="unknown obfuscation 'rot13'; known: zero-width"):
        obfuscate("the rain", "rot13")


# --- robustness() with a real (toy) model ----------------------------------------------------


@pytest.fixture(scope="module")
def model() -> NgramClassifier:
    corpus = toy(300)
    return NgramClassifier(bits=16).fit(corpus.texts, corpus.labels, groups=corpus.groups)


def test_robustness_with_a_toy_model(model: NgramClassifier) -> None:
    texts = [*toy(40, seed=5).texts, ARABIC]

    def score(items: Sequence[str]) -> list[float]:
        scores: list[float] = model.predict_proba(items)[:, 1].tolist()
        return scores

    found = robustness(score, texts)
    assert isinstance(found, Robustness)
    assert found.texts == len(texts)
    assert set(found.mean_change) == set(OBFUSCATIONS)
    assert set(found.max_change) == set(OBFUSCATIONS)
    for kind, mean in found.mean_change.items():
        assert 0.0 <= mean <= found.max_change[kind] <= 1.0
    assert 0.0 <= found.overall <= 1.0
    # the cleaning undoes these variants entirely
    for kind in ("zero-width", "homoglyphs", "diacritics", "tatweel", "spacing"):
        assert found.max_change[kind] == pytest.approx(0.0, abs=1e-9)
    data = found.as_json()
    assert data["texts"] == len(texts)
    assert set(data) == {"texts", "overall_mean_change", "mean_change", "max_change"}


def test_robustness_only_counts_changed_texts() -> None:
    calls: list[list[str]] = []

    def score(items: Sequence[str]) -> list[float]:
        calls.append(list(items))
        return [float(len(item)) / 100.0 for item in items]

    found = robustness(score, ["abc"])  # Latin: no Arabic kinds
    assert set(found.mean_change) == {"zero-width", "homoglyphs", "spacing", "leetspeak"}
    # zero-width adds one character, spacing two: |len change| / 100
    assert found.mean_change["zero-width"] == pytest.approx(0.01)
    assert found.mean_change["spacing"] == pytest.approx(0.02)
    assert found.mean_change["homoglyphs"] == pytest.approx(0.0)
    assert calls[0] == ["abc"]
    assert all(len(call) == 1 for call in calls)


def test_robustness_with_nothing_changed() -> None:
    found = robustness(lambda items: [0.5] * len(items), ["12", "!!"])
    assert found.mean_change == {} and found.overall == 0.0
