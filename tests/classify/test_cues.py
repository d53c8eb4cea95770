"""Stance cues: which category of terms a cleaned text holds (terms only, in neutral sentences)."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from nohaven.classify.cues import (
    ARABIC_SCRIPT_RULE,
    CUE_SCHEME,
    STANCE_CUES,
    cue_columns,
    cue_feature_name,
    cues_in,
    cues_of,
    mostly_arabic,
)
from nohaven.classify.features import classifier_text

NAMES = list(STANCE_CUES)


def _held(text: str) -> set[str]:
    return {NAMES[index] for index in cues_in(classifier_text(text))}


@pytest.mark.parametrize(
    ("text", "held"),
    [
        pytest.param("Crusaders built this castle", {"enemy-naming"}, id="latin-prefix"),
        pytest.param("un fusil de chasse", set(), id="latin-not-inside-a-word"),
        pytest.param("the SO-CALLED storm", {"opponent-naming"}, id="case-folded"),
        pytest.param("so called experts", {"opponent-naming"}, id="phrase"),
        pytest.param("they also called it", set(), id="phrase-at-a-word-start"),
        pytest.param("a talk (#amaq) today", {"outlet"}, id="leading-punctuation"),
        pytest.param("للمرتدين", {"enemy-naming"}, id="arabic-li-al"),
        pytest.param("تاريخ الخلااافة", {"self-naming"}, id="arabic-drawn-out-folded"),
        pytest.param("castles of the crusaderssss", {"enemy-naming"}, id="latin-drawn-out-end"),
        # A Latin letter is folded to two: drawn out where the term spells it once, the term
        # is not found (a limit the model card states).
        pytest.param("castles of the cruuuusaders", set(), id="latin-drawn-out-inside"),
        pytest.param("والرافضة", {"enemy-naming"}, id="arabic-wa-al-teh-marbuta"),
        pytest.param("الإرهاب", {"opponent-naming"}, id="arabic-article-hamza"),
        pytest.param("الطاقة والمرتدين", {"enemy-naming"}, id="arabic-wa-al"),
        pytest.param("نمرتدين", set(), id="arabic-not-inside-a-word"),
        pytest.param("داعش نے متعدد افراد کو ہلاک کیا", {"opponent-naming"}, id="urdu-killed"),
        pytest.param("the safavid dynasty and the majus", set(), id="history"),
        pytest.param("eid mubarak! taqabbal allahu minna wa minkum", set(), id="eid-greeting"),
        pytest.param("taqabbalahullah, he was a good man", {"honorific"}, id="honorific"),
        pytest.param("تم بيعه امس", set(), id="arabic-sale"),
        pytest.param("في أعماق البحر", set(), id="arabic-common-word-alone"),
        pytest.param("وكالة أعماق", {"outlet"}, id="arabic-phrase"),
        pytest.param("جنود الخلافة", {"self-naming"}, id="arabic-phrase-and-word"),
        pytest.param("#وكالة_أعماق", {"outlet"}, id="hashtag-phrase"),
        # a proclitic written joined to a hashtag (stance-cues-v5)
        pytest.param("قناة جديدة لـ#وكالة_أعماق", {"outlet"}, id="proclitic-hashtag-phrase"),
        pytest.param("تقرير عن و#داعش", {"opponent-naming"}, id="proclitic-hashtag-word"),
        pytest.param("#مركز_الحياة_للإعلام", {"outlet"}, id="arabic-media-center"),
        pytest.param("مركز الحياة الصحي", set(), id="arabic-health-centre"),
        pytest.param("#دولة_الخلافة", {"self-naming"}, id="hashtag-words"),
        pytest.param("#daesh_news", {"opponent-naming"}, id="latin-hashtag"),
        pytest.param("the weather is nice today", set(), id="none"),
        pytest.param("", set(), id="empty"),
    ],
)
def test_cues_in(text: str, held: set[str]) -> None:
    assert _held(text) == held


def test_every_term_is_found_as_written_and_cleaned() -> None:
    for index, terms in enumerate(STANCE_CUES.values()):
        for term in terms:
            assert classifier_text(term) == term, f"{term!r} is not written as cleaned text"
            assert index in cues_in(term), term
            assert index in cues_in(f"word {term}s word"), term


def test_the_batch_gives_the_same_answers_as_one_text_at_a_time() -> None:
    texts = [
        classifier_text(text)
        for text in [
            "crusaders and daesh",
            "nothing here",
            "",
            "للمرتدين والرافضة",
            "so called",
            "استهلاك مرتد",
            "fusil",
            "amaq",
            "#وكالة_أعماق",
        ]
    ]
    assert cues_of(texts) == [cues_in(text) for text in texts]
    assert cues_of([]) == []


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.text(
            alphabet=st.sampled_from(list("abcdefklmnorstuwy -'#(الرمتدفضهوكب")), max_size=40
        ).map(classifier_text),
        max_size=8,
    )
)
def test_the_batch_gate_never_loses_a_cue(texts: list[str]) -> None:
    # Random texts over the letters of the terms, some with a term planted in them.
    terms = ["kuffar", "مرتد", "so called"]
    planted = [f"{text} {term}" for text, term in zip(texts, terms, strict=False)]
    every = [*texts, *planted]
    assert cues_of(every) == [cues_in(text) for text in every]


def test_cue_columns() -> None:
    cleaned = [classifier_text(text) for text in ["daesh and crusaders", "weather", "amaq"]]
    matrix = cue_columns(cleaned, 0.5).toarray()
    assert matrix.shape == (3, len(STANCE_CUES))
    assert matrix[0, NAMES.index("opponent-naming")] == 0.5
    assert matrix[0, NAMES.index("enemy-naming")] == 0.5
    assert matrix[0].sum() == 1.0 and matrix[1].sum() == 0.0
    assert matrix[2, NAMES.index("outlet")] == 0.5


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param("تقرير عن الطقس في المنطقه", True, id="arabic"),
        pytest.param("تقرير عن الطقس #weather", True, id="mostly-arabic"),
        pytest.param("weather report for the coast عن", False, id="mostly-latin"),
        pytest.param("گزارش هوا", True, id="persian-letters-arabic-block"),
        pytest.param("", False, id="empty"),
        pytest.param("9 9 9 !", False, id="no-letters"),
        pytest.param("ab عن", False, id="half-is-not-most"),
    ],
)
def test_mostly_arabic(text: str, expected: bool) -> None:
    assert mostly_arabic(classifier_text(text)) is expected


def test_arabic_only_cue_columns_read_the_found_cues() -> None:
    texts = ["الصليبيين في التاريخ", "crusaders in history", "weather", "تقرير عن التطرف"]
    cleaned = [classifier_text(text) for text in texts]
    every = cue_columns(cleaned, 1.0).toarray()
    arabic = cue_columns(cleaned, 1.0, arabic_only=True).toarray()
    np.testing.assert_array_equal(arabic[[0, 3]], every[[0, 3]])
    assert arabic[[1, 2]].sum() == 0 and every[1].sum() == 1.0
    # Cues already found give the same columns without scanning again.
    found = cues_of(cleaned)
    np.testing.assert_array_equal(
        cue_columns(cleaned, 1.0, found=found, arabic_only=True).toarray(), arabic
    )


def test_names_and_scheme() -> None:
    assert cue_feature_name(NAMES.index("honorific")) == "[cue:honorific]"
    assert CUE_SCHEME == "stance-cues-v5"
    assert ARABIC_SCRIPT_RULE == "arabic-letters-over-half-v1"
    assert len(NAMES) == len(set(NAMES)) == 6
