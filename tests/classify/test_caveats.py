"""Caveats: each prediction names where its score says less (nohaven.classify.caveats)."""

from __future__ import annotations

import pytest

from nohaven.classify import evaluate
from nohaven.classify.caveats import (
    CAVEAT_MEANINGS,
    FEW_POSITIVES,
    Caveat,
    LearntTexts,
    positive_languages,
)
from nohaven.classify.features import classifier_text

from .toy import headline_toy_model

LEARNT = LearntTexts((20, 60), {"en": FEW_POSITIVES + 50, "fr": FEW_POSITIVES, "ar": 40})
WORDS = "the football team scored a goal"  # 31 characters


@pytest.mark.parametrize(
    ("text", "lang", "expected"),
    [
        (WORDS, "en", ()),
        (WORDS, "fr", ()),  # exactly FEW_POSITIVES learnt: enough
        (WORDS, "ar", (Caveat.LANGUAGE,)),
        (WORDS, "de", (Caveat.LANGUAGE,)),  # none learnt
        (WORDS, None, (Caveat.LANGUAGE,)),  # not identified
        (WORDS, "und", (Caveat.LANGUAGE,)),
        ("goal scored", "en", (Caveat.SHORT,)),
        ("x" * 20, "en", ()),  # as short as the shortest learnt
        ("x" * 60, "en", ()),  # as long as the longest learnt
        ("x" * 61, "en", (Caveat.LONG,)),
        ("x" * 61, "ar", (Caveat.LONG, Caveat.LANGUAGE)),
        ("", None, (Caveat.SHORT, Caveat.LANGUAGE)),
    ],
    ids=[
        "learnt",
        "at-the-minimum",
        "few-positives",
        "no-positives",
        "unidentified",
        "und",
        "short",
        "shortest",
        "longest",
        "long",
        "long-and-few",
        "empty",
    ],
)
def test_a_text_gets_the_caveats_of_what_the_model_did_not_learn(
    text: str, lang: str | None, expected: tuple[Caveat, ...]
) -> None:
    assert LEARNT.caveats(text, lang) == expected


def test_a_model_that_records_nothing_gives_no_caveat() -> None:
    assert LearntTexts().caveats("", None) == ()
    assert LearntTexts((20, 60)).caveats(WORDS, None) == ()  # no languages: no language caveat
    assert LearntTexts(None, {"en": 500}).caveats("x" * 500, "en") == ()


@pytest.mark.parametrize(
    "info",
    [
        {},
        {"positive_lengths": [60, 20], "positive_languages": ["en"]},
        {"positive_lengths": ["20", "60"], "positive_languages": {"en": "500"}},
        {"positive_lengths": [20.0, 60], "positive_languages": {"en": -1}},
        {"positive_lengths": [True, 60], "positive_languages": {"en": True}},
        {"positive_lengths": None, "positive_languages": None},
    ],
    ids=["absent", "reversed-and-list", "strings", "float-and-negative", "booleans", "null"],
)
def test_what_a_model_recorded_wrongly_counts_as_absent(info: dict[str, object]) -> None:
    learnt = LearntTexts.from_info(info)
    assert (learnt.lengths, learnt.languages) == (None, None)


def test_recorded_lengths_and_languages_are_read() -> None:
    info = {"positive_lengths": [20, 155], "positive_languages": {"en": 2361, "ar": 63}}
    assert LearntTexts.from_info(info) == LearntTexts((20, 155), {"en": 2361, "ar": 63})


def test_positive_languages_count_each_language_most_first() -> None:
    assert positive_languages(["ar", "en", None, "en", "", "fr", "en", "ar"]) == {
        "en": 3,
        "ar": 2,
        "und": 2,
        "fr": 1,
    }
    assert list(positive_languages(["fr", "ar"])) == ["ar", "fr"]  # ties by name


def test_one_language_a_text_or_a_clear_error() -> None:
    with pytest.raises(ValueError, match="2 texts but 1 languages"):
        LEARNT.caveats_many(["a", "b"], ["en"])


def test_every_caveat_has_a_meaning() -> None:
    assert set(CAVEAT_MEANINGS) == set(Caveat)
    assert all(meaning and "|" not in meaning for meaning in CAVEAT_MEANINGS.values())


def test_predictions_carry_caveats_only_when_their_languages_are_given() -> None:
    model, _ = headline_toy_model()
    model.info["positive_lengths"] = [10, 60]
    model.info["positive_languages"] = {"en": 150, "fr": 150, "ar": 50}
    texts = [WORDS, "goal", WORDS * 3, "الفريق سجل هدفا في المباراة"]
    assert all(item.caveats == () for item in model.predict(texts))
    found = model.predict(texts, languages=["en", "en", "en", "ar"])
    assert [item.caveats for item in found] == [
        (),
        (Caveat.SHORT,),
        (Caveat.LONG,),
        (Caveat.LANGUAGE,),
    ]
    plain = model.predict(texts)
    assert [item.score for item in found] == [item.score for item in plain]  # scores unchanged


def test_the_evaluation_splits_the_test_texts_by_caveat() -> None:
    model, test = headline_toy_model()
    assert evaluate(model, test, robustness_sample=0).per_caveat == {}  # records nothing
    lengths = sorted(len(classifier_text(e.text)) for e in test)
    model.info["positive_lengths"] = [lengths[len(lengths) // 4], lengths[-1]]
    model.info["positive_languages"] = {"en": 200, "fr": 200, "ar": 10}
    evaluation = evaluate(model, test, robustness_sample=0)
    found = evaluation.per_caveat
    assert set(found) == {"short", "language", "none"}  # no test text is longer than learnt
    texts = {"short": 0, "language": 0, "none": 0}
    learnt = model.learnt_texts()
    for example in test:
        caveats = learnt.caveats(classifier_text(example.text), example.lang)
        for kind in caveats or ("none",):
            texts[str(kind)] += 1
    assert {key: item.positives + item.negatives for key, item in found.items()} == texts
    assert texts["language"] == sum(e.lang == "ar" for e in test)
    assert evaluation.as_json()["per_caveat"]["none"]["roc_auc"] is not None  # type: ignore[index]
