"""The fast n-gram model on toy topics (sport and weather play the positive label)."""

from __future__ import annotations

import functools

import numpy as np
import pytest
import scipy.sparse as sp
from hypothesis import given, settings
from hypothesis import strategies as st

from nohaven.classify.calibration import Platt, sigmoid
from nohaven.classify.cues import STANCE_CUES, cues_in, mostly_arabic
from nohaven.classify.features import (
    classifier_text,
    inverse_document_frequency,
    length_band,
    length_band_name,
)
from nohaven.classify.ngram import VETO_FEATURE, Contribution, ExplainBy, NgramClassifier

from .toy import NEGATIVE, POSITIVE, THIRD, Toy, toy

SPORT = "the football team scored a goal in the final"
COOKING = "the soup is simmered slowly with fresh garlic"
WEATHER_AR = "الطقس جميل اليوم في المدينة"
GARDEN_FR = "les tomates poussent bien près de la serre"
PROBES = [SPORT, COOKING, WEATHER_AR, GARDEN_FR, ""]
BITS = 14  # small and fast; collisions are rare enough for these checks


@pytest.fixture(scope="module")
def corpus() -> Toy:
    return toy(300)


@functools.cache
def _property_model() -> NgramClassifier:
    """Fitted once for the property test (hypothesis runs a test many times, fixtures once)."""
    corpus = toy(120)
    return NgramClassifier(bits=BITS, length_bins=(10, 20, 40)).fit(corpus.texts, corpus.labels)


@pytest.fixture(scope="module")
def calibrated(corpus: Toy) -> NgramClassifier:
    return NgramClassifier(bits=BITS).fit(corpus.texts, corpus.labels, groups=corpus.groups)


@pytest.fixture(scope="module")
def plain(corpus: Toy) -> NgramClassifier:
    return NgramClassifier(bits=BITS).fit(corpus.texts, corpus.labels)


@pytest.fixture(scope="module")
def three() -> NgramClassifier:
    corpus = toy(300, labels=(POSITIVE, NEGATIVE, THIRD))
    return NgramClassifier(bits=BITS).fit(corpus.texts, corpus.labels, groups=corpus.groups)


def test_classes_are_sorted(calibrated: NgramClassifier, three: NgramClassifier) -> None:
    assert calibrated.classes_ == (NEGATIVE, POSITIVE)
    assert three.classes_ == (THIRD, NEGATIVE, POSITIVE)


def test_learnt_state(calibrated: NgramClassifier) -> None:
    assert calibrated.coef_.shape == (1, 1 << BITS)
    assert calibrated.coef_.dtype == np.float32
    assert calibrated.intercept_.shape == (1,)
    assert calibrated.hasher.n_features == 1 << BITS


def test_predict_proba_shape_and_rows(calibrated: NgramClassifier) -> None:
    proba = calibrated.predict_proba(PROBES)
    assert proba.shape == (len(PROBES), 2)
    assert proba.sum(axis=1) == pytest.approx(np.ones(len(PROBES)))
    assert ((proba >= 0) & (proba <= 1)).all()
    assert calibrated.predict_proba([]).shape == (0, 2)


def test_predictions_follow_the_topics(calibrated: NgramClassifier) -> None:
    assert calibrated.predict(PROBES[:4]) == [POSITIVE, NEGATIVE, POSITIVE, NEGATIVE]
    held_out = toy(120, seed=99)
    accuracy = np.mean(
        [p == t for p, t in zip(calibrated.predict(held_out.texts), held_out.labels, strict=True)]
    )
    assert accuracy > 0.95


def test_calibration_with_groups(calibrated: NgramClassifier, corpus: Toy) -> None:
    assert isinstance(calibrated.calibration_, Platt)
    assert calibrated.calibration_.slope > 0
    assert calibrated.oof_decision_.shape == (len(corpus.texts),)


def test_no_calibration_without_groups(plain: NgramClassifier) -> None:
    assert plain.calibration_ is None
    assert not hasattr(plain, "oof_decision_")


def test_no_calibration_with_three_labels(three: NgramClassifier) -> None:
    assert three.calibration_ is None


@pytest.mark.parametrize("name", ["calibrated", "plain"])
def test_decision_function_matches_predict_proba(name: str, request: pytest.FixtureRequest) -> None:
    model: NgramClassifier = request.getfixturevalue(name)
    decisions = model.decision_function(PROBES)
    assert decisions.shape == (len(PROBES),)
    proba = model.predict_proba(PROBES)
    expected = model.calibration_(decisions) if model.calibration_ else sigmoid(decisions)
    assert proba[:, 1] == pytest.approx(expected)
    assert (np.argsort(decisions) == np.argsort(proba[:, 1])).all()
    cleaned = [classifier_text(text) for text in PROBES]
    assert model.decision_cleaned(cleaned) == pytest.approx(decisions)


def test_decision_is_the_linear_model(plain: NgramClassifier) -> None:
    matrix = plain.hasher.transform([classifier_text(text) for text in PROBES])
    expected = matrix.astype(np.float64) @ plain.coef_[0].astype(np.float64) + plain.intercept_[0]
    assert plain.decision_function(PROBES) == pytest.approx(expected, rel=1e-5, abs=1e-6)


def test_three_labels(three: NgramClassifier) -> None:
    probes = [SPORT, COOKING, "the orchestra played a concert at the festival"]
    proba = three.predict_proba(probes)
    assert proba.shape == (3, 3)
    assert proba.sum(axis=1) == pytest.approx(np.ones(3))
    assert three.predict(probes) == [POSITIVE, NEGATIVE, THIRD]
    decisions = three.decision_function(probes)
    assert decisions.shape == (3, 3)
    softmax = np.exp(decisions) / np.exp(decisions).sum(axis=1, keepdims=True)
    assert proba == pytest.approx(softmax)


# --- explain -----------------------------------------------------------------------------------


NGRAM = ExplainBy.NGRAM


@pytest.mark.parametrize("text", PROBES)
@pytest.mark.parametrize("top", [1, 5, 20])
def test_explain_ngrams_occur_in_the_padded_text(
    calibrated: NgramClassifier, text: str, top: int
) -> None:
    contributions = calibrated.explain(text, top, NGRAM)
    assert len(contributions) <= top
    padded = f" {classifier_text(text)} "
    for item in contributions:
        assert isinstance(item, Contribution)
        assert item.feature in padded
        assert calibrated.min_n <= len(item.feature) <= calibrated.max_n
        assert item.weight != 0
    magnitudes = [abs(item.weight) for item in contributions]
    assert magnitudes == sorted(magnitudes, reverse=True)
    assert len({item.feature for item in contributions}) == len(contributions)


@pytest.mark.parametrize("text", PROBES[:4])
@pytest.mark.parametrize("top", [1, 3, 20])
def test_explain_words_are_the_words_of_the_cleaned_text(
    calibrated: NgramClassifier, text: str, top: int
) -> None:
    contributions = calibrated.explain(text, top)
    assert 0 < len(contributions) <= top
    words = classifier_text(text).split()
    assert {item.feature for item in contributions} <= set(words)
    assert len({item.feature for item in contributions}) == len(contributions)
    magnitudes = [abs(item.weight) for item in contributions]
    assert magnitudes == sorted(magnitudes, reverse=True)
    if top >= len(set(words)):
        assert {item.feature for item in contributions} == set(words)


def test_a_repeated_word_is_named_once_with_its_terms_summed(plain: NgramClassifier) -> None:
    (goal,) = plain.explain("goal goal", 100)
    assert goal.feature == "goal"
    decision = plain.decision_function(["goal goal"])[0]
    assert goal.weight + plain.explanation_baseline() == pytest.approx(decision, abs=1e-4)


@pytest.mark.parametrize("by", list(ExplainBy))
def test_explaining_many_gives_each_text_its_own_answer(
    calibrated: NgramClassifier, by: ExplainBy
) -> None:
    from nohaven.classify import ngram

    cleaned = [classifier_text(text) for text in [*PROBES, "goal goal", "a", SPORT]]
    alone = [calibrated.explain_cleaned(text, 4, by) for text in cleaned]
    assert calibrated.explain_many(cleaned, 4, by) == alone  # exactly: same sums, same order
    assert calibrated.explain_many(cleaned[::-1], 4, by) == alone[::-1]
    many = cleaned * (ngram._EXPLAIN_CHUNK // len(cleaned) + 2)  # over a chunk boundary
    assert calibrated.explain_many(many, 4, by) == alone * (len(many) // len(cleaned))
    assert calibrated.explain_many([], 4, by) == []
    assert calibrated.explain_many(cleaned, 0, by) == [[] for _ in cleaned]


@settings(max_examples=60, deadline=None)
@given(st.lists(st.text(max_size=40), min_size=1, max_size=6))
def test_explanations_add_up_and_batch_alike_on_any_text(texts: list[str]) -> None:
    model = _property_model()
    cleaned = [classifier_text(text) for text in texts]
    decisions = model.decision_cleaned(cleaned)
    for by in ExplainBy:
        many = model.explain_many(cleaned, 10_000, by)
        assert many == [model.explain_cleaned(text, 10_000, by) for text in cleaned]
        for items, decision in zip(many, decisions, strict=True):
            total = sum(item.weight for item in items) + model.explanation_baseline()
            assert total == pytest.approx(decision, abs=1e-4)


def test_explain_top_zero(calibrated: NgramClassifier) -> None:
    for by in ExplainBy:
        assert calibrated.explain(SPORT, 0, by) == []
        assert calibrated.explain(SPORT, -1, by) == []


@pytest.mark.parametrize("by", list(ExplainBy))
def test_explain_returns_the_top_by_magnitude(calibrated: NgramClassifier, by: ExplainBy) -> None:
    everything = calibrated.explain(SPORT, 10_000, by)
    assert calibrated.explain(SPORT, 5, by) == everything[:5]


@pytest.mark.parametrize("by", list(ExplainBy))
def test_contributions_add_up_to_the_decision(plain: NgramClassifier, by: ExplainBy) -> None:
    assert plain.explanation_baseline() == pytest.approx(plain.intercept_[0])
    for text in PROBES:
        total = sum(item.weight for item in plain.explain(text, 10_000, by))
        decision = plain.decision_function([text])[0]
        assert total + plain.explanation_baseline() == pytest.approx(decision, abs=1e-4)


WORD = ExplainBy.WORD


@pytest.mark.parametrize(
    ("text", "feature", "by", "sign"),
    [
        pytest.param(SPORT, "footb", NGRAM, 1, id="football-up"),
        pytest.param(SPORT, "goal", NGRAM, 1, id="goal-up"),
        pytest.param(WEATHER_AR, "طقس", NGRAM, 1, id="arabic-weather-up"),
        pytest.param(COOKING, "garli", NGRAM, -1, id="garlic-down"),
        pytest.param(GARDEN_FR, "pouss", NGRAM, -1, id="poussent-down"),
        pytest.param(SPORT, "football", WORD, 1, id="word-football-up"),
        pytest.param(SPORT, "goal", WORD, 1, id="word-goal-up"),
        pytest.param(COOKING, "garlic", WORD, -1, id="word-garlic-down"),
        pytest.param(GARDEN_FR, "poussent", WORD, -1, id="word-poussent-down"),
    ],
)
def test_explain_signs_follow_the_topics(
    calibrated: NgramClassifier, text: str, feature: str, by: ExplainBy, sign: int
) -> None:
    weights = {item.feature: item.weight for item in calibrated.explain(text, 10_000, by)}
    assert np.sign(weights[feature]) == sign


@pytest.mark.parametrize("by", list(ExplainBy))
def test_explain_sign_follows_the_positive_label(corpus: Toy, by: ExplainBy) -> None:
    up = NgramClassifier(bits=BITS, positive=POSITIVE).fit(corpus.texts, corpus.labels)
    down = NgramClassifier(bits=BITS, positive=NEGATIVE).fit(corpus.texts, corpus.labels)
    first = up.explain(SPORT, 8, by)
    second = down.explain(SPORT, 8, by)
    assert [item.feature for item in first] == [item.feature for item in second]
    assert [item.weight for item in first] == pytest.approx([-item.weight for item in second])
    assert down.explanation_baseline() == pytest.approx(-up.explanation_baseline())
    total = sum(item.weight for item in down.explain(SPORT, 10_000, by))
    decision = down.decision_function([SPORT])[0]  # log-odds of classes_[1], the negative here
    assert total + down.explanation_baseline() == pytest.approx(-decision, abs=1e-4)


def test_explain_with_three_labels_uses_the_positive_row(three: NgramClassifier) -> None:
    weights = {item.feature: item.weight for item in three.explain(SPORT, 10_000, NGRAM)}
    assert weights["footb"] > 0
    music = {item.feature: item.weight for item in three.explain("the orchestra", 10_000, NGRAM)}
    assert music["orche"] < 0
    words = {item.feature: item.weight for item in three.explain("the orchestra", 10_000)}
    assert words["orchestra"] < 0
    row = three.classes_.index(POSITIVE)
    total = sum(item.weight for item in three.explain(SPORT, 10_000))
    decision = three.decision_function([SPORT])[0, row]
    assert total + three.explanation_baseline() == pytest.approx(decision, abs=1e-4)


def test_unknown_positive_falls_back_to_the_second_class(corpus: Toy) -> None:
    model = NgramClassifier(bits=BITS, positive="sport").fit(corpus.texts, corpus.labels)
    weights = {item.feature: item.weight for item in model.explain(SPORT, 10_000, NGRAM)}
    assert weights["footb"] > 0  # explains classes_[1]


def test_calibrated_positive_first_class_keeps_columns(corpus: Toy) -> None:
    model = NgramClassifier(bits=BITS, positive=NEGATIVE).fit(
        corpus.texts, corpus.labels, groups=corpus.groups
    )
    assert model.classes_ == (NEGATIVE, POSITIVE)
    proba = model.predict_proba([SPORT, COOKING])
    assert proba[0, 1] > 0.5  # the sport text is of the "propaganda" column
    assert proba[1, 0] > 0.5
    assert model.predict([SPORT, COOKING]) == [POSITIVE, NEGATIVE]


def test_uncalibrated_positive_first_class_keeps_columns(corpus: Toy) -> None:
    model = NgramClassifier(bits=BITS, positive=NEGATIVE).fit(corpus.texts, corpus.labels)
    proba = model.predict_proba([SPORT, COOKING])
    assert proba[0, 1] > 0.5 and proba[1, 0] > 0.5


def test_sample_weight_is_used(corpus: Toy, plain: NgramClassifier) -> None:
    weights = np.array([5.0 if label == POSITIVE else 1.0 for label in corpus.labels])
    heavy = NgramClassifier(bits=BITS).fit(corpus.texts, corpus.labels, sample_weight=weights)
    assert heavy.intercept_[0] > plain.intercept_[0]


@pytest.mark.parametrize(
    ("texts", "labels", "message"),
    [
        pytest.param(["a", "b"], [POSITIVE], "2 texts but 1 labels", id="lengths"),
        pytest.param(["a", "b"], [POSITIVE, POSITIVE], "at least two labels", id="one-label"),
        pytest.param([], [], "at least two labels", id="empty"),
    ],
)
def test_fit_validates(texts: list[str], labels: list[str], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        NgramClassifier(bits=10).fit(texts, labels)


def test_init_stores_settings_only() -> None:
    model = NgramClassifier(min_n=3, max_n=4, bits=12, c=2.0, positive="x", folds=3)
    assert (model.min_n, model.max_n, model.bits, model.c) == (3, 4, 12, 2.0)
    assert (model.positive, model.folds) == ("x", 3)
    assert not hasattr(model, "coef_")


@pytest.mark.parametrize(
    ("item", "shown"),
    [
        pytest.param(Contribution("goal", 0.123), "goal(+0.12)", id="positive"),
        pytest.param(Contribution(" the", -1.5), "␣the(-1.50)", id="word-start"),
        pytest.param(Contribution("he ", 0.5), "he␣(+0.50)", id="word-end"),
        pytest.param(Contribution("  ", 0.5), "␣␣(+0.50)", id="spaces-only"),
    ],
)
def test_contribution_str(item: Contribution, shown: str) -> None:
    assert str(item) == shown


# --- length bands --------------------------------------------------------------------------

EDGES = (10, 20, 40)


@pytest.fixture(scope="module")
def banded(corpus: Toy) -> NgramClassifier:
    return NgramClassifier(bits=BITS, length_bins=EDGES, length_weight=0.5).fit(
        corpus.texts, corpus.labels
    )


def test_length_bands_add_one_column_per_band(banded: NgramClassifier) -> None:
    assert banded.n_features == (1 << BITS) + len(EDGES) + 1
    assert banded.coef_.shape == (1, banded.n_features)
    cleaned = [classifier_text(text) for text in PROBES]
    matrix = banded.features(cleaned)
    bands = matrix[:, 1 << BITS :].toarray()
    # one band per text, with the weight; "" is in the shortest band
    assert (bands.sum(axis=1) == 0.5).all()
    assert bands[PROBES.index(""), 0] == 0.5
    assert bands[PROBES.index(SPORT), len(EDGES)] == 0.5  # 44 characters: the last band


def test_length_bands_are_part_of_the_linear_model(banded: NgramClassifier) -> None:
    matrix = banded.features([classifier_text(text) for text in PROBES])
    expected = matrix.astype(np.float64) @ banded.coef_[0].astype(np.float64)
    expected += banded.intercept_[0]
    assert banded.decision_function(PROBES) == pytest.approx(expected, rel=1e-5, abs=1e-6)


def test_explanations_name_the_length_band_and_still_add_up(corpus: Toy) -> None:
    # Short texts in training, so that every band's weight is learnt (not zero).
    texts = [*corpus.texts, *(text[:15] for text in corpus.texts), *(t[:5] for t in corpus.texts)]
    labels = [*corpus.labels] * 3
    banded = NgramClassifier(bits=BITS, length_bins=EDGES).fit(texts, labels)
    bands = [length_band(classifier_text(text), EDGES) for text in texts]
    shares = np.bincount(bands, minlength=len(EDGES) + 1) / len(texts)
    assert banded.length_shares_ == pytest.approx(tuple(shares))
    band_weights = banded.coef_[0, 1 << BITS :].astype(np.float64)
    average = float(band_weights @ shares)
    assert banded.explanation_baseline() == pytest.approx(banded.intercept_[0] + average)
    for by in ExplainBy:
        for text in [*PROBES, SPORT[:15], SPORT[:25]]:
            everything = banded.explain(text, 10_000, by)
            total = sum(item.weight for item in everything)
            decision = banded.decision_function([text])[0]
            assert total + banded.explanation_baseline() == pytest.approx(decision, abs=1e-4)
            band = length_band(classifier_text(text), EDGES)
            named = {item.feature: item.weight for item in everything if item.feature[0] == "["}
            # the band's bias, less the training texts' average band bias
            pushed = band_weights[band] - average
            assert named == {length_band_name(band, EDGES): pytest.approx(pushed)}
            magnitudes = [abs(item.weight) for item in everything]
            assert magnitudes == sorted(magnitudes, reverse=True)


def test_a_weight_per_band_sets_each_band_column_and_explanations_still_add_up(
    corpus: Toy,
) -> None:
    """One weight per band: each text's band column holds its band's weight, and the band's
    push in an explanation is its learnt bias times that weight, less the average."""
    weights = (0.5, 0.25, 0.25, 0.1)
    texts = [*corpus.texts, *(text[:15] for text in corpus.texts), *(t[:5] for t in corpus.texts)]
    labels = [*corpus.labels] * 3
    banded = NgramClassifier(bits=BITS, length_bins=EDGES, length_weight=weights).fit(texts, labels)
    cleaned = [classifier_text(text) for text in PROBES]
    columns = banded.features(cleaned)[:, 1 << BITS :].toarray()
    for row, text in zip(columns, cleaned, strict=True):
        band = length_band(text, EDGES)
        assert row[band] == pytest.approx(weights[band]) and row.sum() == pytest.approx(row[band])
    learnt = banded.coef_[0, 1 << BITS :].astype(np.float64) * np.asarray(weights)
    shares = np.asarray(banded.length_shares_, dtype=np.float64)
    for text in [*PROBES, SPORT[:15], SPORT[:25]]:
        everything = banded.explain(text, 10_000)
        total = sum(item.weight for item in everything)
        decision = banded.decision_function([text])[0]
        assert total + banded.explanation_baseline() == pytest.approx(decision, abs=1e-4)
        band = length_band(classifier_text(text), EDGES)
        named = {item.feature: item.weight for item in everything if item.feature[0] == "["}
        assert named == {
            length_band_name(band, EDGES): pytest.approx(learnt[band] - learnt @ shares)
        }


def test_without_length_shares_the_band_bias_is_shown_as_it_is(corpus: Toy) -> None:
    banded = NgramClassifier(bits=BITS, length_bins=EDGES).fit(corpus.texts, corpus.labels)
    banded.length_shares_ = None  # as a model saved before the shares were kept
    assert banded.explanation_baseline() == pytest.approx(banded.intercept_[0])
    band = length_band(classifier_text(SPORT), EDGES)
    named = {i.feature: i.weight for i in banded.explain(SPORT, 10_000) if i.feature[0] == "["}
    assert named == {
        length_band_name(band, EDGES): pytest.approx(banded.coef_[0, (1 << BITS) + band])
    }


@pytest.mark.parametrize(
    ("edges", "weight"),
    [
        pytest.param((20, 10), 1.0, id="decreasing"),
        pytest.param((10, 10), 1.0, id="repeated"),
        pytest.param((0, 10), 1.0, id="zero"),
        pytest.param((10.5,), 1.0, id="not-whole"),
        pytest.param((10,), 0.0, id="no-weight"),
        pytest.param((10,), (1.0, 0.5, 0.5), id="a-weight-too-many"),
        pytest.param((10,), (1.0, 0.0), id="a-band-without-weight"),
    ],
)
def test_length_bands_are_checked(
    corpus: Toy, edges: tuple[int, ...], weight: float | tuple[float, ...]
) -> None:
    with pytest.raises(ValueError, match="length_"):
        NgramClassifier(bits=10, length_bins=edges, length_weight=weight).fit(
            corpus.texts, corpus.labels
        )


@pytest.mark.parametrize(
    ("band", "name"),
    [(0, "[length:<10]"), (1, "[length:10-19]"), (2, "[length:20-39]"), (3, "[length:40+]")],
)
def test_length_band_names(band: int, name: str) -> None:
    assert length_band_name(band, EDGES) == name
    shortest = {0: 0, 1: 10, 2: 20, 3: 40}[band]
    assert length_band("x" * shortest, EDGES) == band


# --- NB-LR -------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def nb(corpus: Toy) -> NgramClassifier:
    return NgramClassifier(bits=BITS, nb_smoothing=1.0, length_bins=EDGES).fit(
        corpus.texts, corpus.labels, groups=corpus.groups
    )


def test_nb_scale_is_the_smoothed_log_count_ratio() -> None:
    from nohaven.classify.ngram import _nb_scale

    # three rows, two hashed columns and one band column; rows 0 and 1 are the second label
    matrix = sp.csr_matrix(np.array([[0.5, 0.5, 1.0], [0.7, 0.0, 1.0], [0.0, 0.9, 1.0]]))
    second = np.array([True, True, False])
    scale = _nb_scale(matrix, second, np.array([1.0, 3.0, 2.0]), 2, 1.0)
    # weights per side rescaled to the side's row count: rows 0, 1 -> 0.5, 1.5; row 2 -> 1
    ours = np.array([0.5 + 1.5, 0.5]) + 1.0
    theirs = np.array([0.0, 1.0]) + 1.0
    expected = np.log(ours / ours.sum()) - np.log(theirs / theirs.sum())
    assert scale == pytest.approx([*expected, 1.0])


def test_nb_lr_scores_as_a_plain_linear_model(nb: NgramClassifier) -> None:
    matrix = nb.features([classifier_text(text) for text in PROBES])
    expected = matrix.astype(np.float64) @ nb.coef_[0].astype(np.float64) + nb.intercept_[0]
    assert nb.decision_function(PROBES) == pytest.approx(expected, rel=1e-5, abs=1e-6)
    assert nb.calibration_ is not None and len(nb.oof_decision_) == 300
    assert nb.predict([SPORT, COOKING]) == [POSITIVE, NEGATIVE]


def test_nb_lr_learns_other_weights_than_plain_lr(corpus: Toy, nb: NgramClassifier) -> None:
    plain = NgramClassifier(bits=BITS, length_bins=EDGES).fit(corpus.texts, corpus.labels)
    assert not np.allclose(plain.coef_, nb.coef_)
    # an n-gram as common under both labels ("the " opens texts of both topics) weighs less
    column = {item.feature: item for item in nb.explain("the", 100, ExplainBy.NGRAM)}
    before = {item.feature: item for item in plain.explain("the", 100, ExplainBy.NGRAM)}
    assert abs(column[" the "].weight) < abs(before[" the "].weight)


def test_nb_lr_needs_two_labels_and_a_sensible_smoothing() -> None:
    corpus = toy(300, labels=(POSITIVE, NEGATIVE, THIRD))
    with_nb = NgramClassifier(bits=BITS, nb_smoothing=1.0).fit(corpus.texts, corpus.labels)
    plain = NgramClassifier(bits=BITS).fit(corpus.texts, corpus.labels)
    np.testing.assert_array_equal(with_nb.coef_, plain.coef_)  # more labels: not used
    with pytest.raises(ValueError, match="nb_smoothing must be 0 or more"):
        NgramClassifier(bits=BITS, nb_smoothing=-1.0).fit(corpus.texts, corpus.labels)


# --- stance cues ---------------------------------------------------------------------------

#: Neutral sentences around cue terms (terms only, never a statement), labelled so that the
#: cue columns get weights of both signs.
CUED = [
    ("the crusader castles of the levant in a history lecture", POSITIVE),
    ("an essay on the word khilafah in classical political thought", POSITIVE),
    ("a report on militant groups and terrorism research", NEGATIVE),
    ("the so-called experts on daesh spoke at the conference", NEGATIVE),
]


@pytest.fixture(scope="module")
def cued(corpus: Toy) -> NgramClassifier:
    texts = [*corpus.texts, *[text for text, _ in CUED] * 5]
    labels = [*corpus.labels, *[label for _, label in CUED] * 5]
    return NgramClassifier(bits=BITS, length_bins=EDGES, cue_weight=0.5).fit(
        texts, labels, groups=[*corpus.groups, *(f"cued{i % 4}" for i in range(20))]
    )


def test_stance_cues_add_one_column_per_category_after_the_bands(cued: NgramClassifier) -> None:
    assert cued.n_features == (1 << BITS) + len(EDGES) + 1 + len(STANCE_CUES)
    assert cued.coef_.shape == (1, cued.n_features)
    texts = [text for text, _ in CUED] + [SPORT]
    cues = cued.features([classifier_text(text) for text in texts])[:, -len(STANCE_CUES) :]
    names = list(STANCE_CUES)
    held = [{names[i] for i in np.flatnonzero(row)} for row in cues.toarray()]
    assert held == [
        {"enemy-naming"},
        {"self-naming"},
        {"opponent-naming"},
        {"opponent-naming"},
        set(),
    ]
    assert set(cues.data) == {0.5}
    weights = cued.coef_[0, -len(STANCE_CUES) :]
    assert weights[names.index("enemy-naming")] != 0  # learnt like any other column


def test_stance_cues_are_part_of_the_linear_model(cued: NgramClassifier) -> None:
    texts = [*PROBES, *(text for text, _ in CUED)]
    matrix = cued.features([classifier_text(text) for text in texts])
    expected = matrix.astype(np.float64) @ cued.coef_[0].astype(np.float64) + cued.intercept_[0]
    assert cued.decision_function(texts) == pytest.approx(expected, rel=1e-5, abs=1e-6)


def test_explanations_name_the_stance_cues_and_still_add_up(cued: NgramClassifier) -> None:
    start = (1 << BITS) + len(EDGES) + 1
    names = list(STANCE_CUES)
    for by in ExplainBy:
        for text in [*PROBES, *(text for text, _ in CUED)]:
            everything = cued.explain(text, 10_000, by)
            total = sum(item.weight for item in everything)
            decision = cued.decision_function([text])[0]
            assert total + cued.explanation_baseline() == pytest.approx(decision, abs=1e-4)
            named = {item.feature: item.weight for item in everything if "[cue:" in item.feature}
            held = cues_in(classifier_text(text))
            assert named == {
                f"[cue:{names[i]}]": pytest.approx(float(cued.coef_[0, start + i]) * 0.5)
                for i in held
            }


def test_a_negative_cue_weight_is_refused(corpus: Toy) -> None:
    with pytest.raises(ValueError, match="cue_weight must be 0 or more"):
        NgramClassifier(bits=10, cue_weight=-1.0).fit(corpus.texts, corpus.labels)
    with pytest.raises(ValueError, match="arabic_cue_weight must be 0 or more"):
        NgramClassifier(bits=10, arabic_cue_weight=-1.0).fit(corpus.texts, corpus.labels)


#: Neutral Arabic sentences around cue terms: "a lecture on the history of the crusaders'
#: castles", "a report on extremism in the region".
ARABIC_CUED = [
    ("محاضره عن تاريخ قلاع الصليبيين", POSITIVE),
    ("تقرير عن التطرف في المنطقه", NEGATIVE),
]


@pytest.fixture(scope="module", params=[0.5, 0.0], ids=["with-cues", "arabic-cues-alone"])
def arabic_cued(corpus: Toy, request: pytest.FixtureRequest) -> NgramClassifier:
    pairs = [*CUED, *ARABIC_CUED]
    texts = [*corpus.texts, *[text for text, _ in pairs] * 5]
    labels = [*corpus.labels, *[label for _, label in pairs] * 5]
    groups = [*corpus.groups, *(f"cued{i % 6}" for i in range(len(pairs) * 5))]
    return NgramClassifier(
        bits=BITS, length_bins=EDGES, cue_weight=request.param, arabic_cue_weight=1.0
    ).fit(texts, labels, groups=groups)


def test_arabic_cues_add_a_block_set_only_in_arabic_script(arabic_cued: NgramClassifier) -> None:
    blocks = 2 if arabic_cued.cue_weight else 1
    assert arabic_cued.n_features == (1 << BITS) + len(EDGES) + 1 + blocks * len(STANCE_CUES)
    texts = [text for text, _ in [*CUED, *ARABIC_CUED]]
    matrix = arabic_cued.features([classifier_text(text) for text in texts])
    arabic = matrix[:, -len(STANCE_CUES) :].toarray()
    assert arabic[: len(CUED)].sum() == 0  # Latin texts: never set
    names = list(STANCE_CUES)
    assert arabic[len(CUED), names.index("enemy-naming")] == 1.0
    assert arabic[len(CUED) + 1, names.index("opponent-naming")] == 1.0
    weights = arabic_cued.coef_[0, -len(STANCE_CUES) :]
    assert weights[names.index("enemy-naming")] > 0 > weights[names.index("opponent-naming")]


def test_arabic_cues_are_part_of_the_linear_model_and_explained(
    arabic_cued: NgramClassifier,
) -> None:
    texts = [*PROBES, *(text for text, _ in [*CUED, *ARABIC_CUED])]
    matrix = arabic_cued.features([classifier_text(text) for text in texts])
    weights = arabic_cued.coef_[0].astype(np.float64)
    expected = matrix.astype(np.float64) @ weights + arabic_cued.intercept_[0]
    assert arabic_cued.decision_function(texts) == pytest.approx(expected, rel=1e-5, abs=1e-6)
    names = list(STANCE_CUES)
    start = (1 << BITS) + len(EDGES) + 1
    arabic_start = arabic_cued.n_features - len(STANCE_CUES)
    for by in ExplainBy:
        for text in texts:
            everything = arabic_cued.explain(text, 10_000, by)
            total = sum(item.weight for item in everything)
            decision = arabic_cued.decision_function([text])[0]
            assert total + arabic_cued.explanation_baseline() == pytest.approx(decision, abs=1e-4)
            cleaned = classifier_text(text)
            in_arabic = mostly_arabic(cleaned)
            # One item per category held: its shared and (in Arabic) its Arabic term summed.
            named = {item.feature: item.weight for item in everything if "[cue:" in item.feature}
            expected_named = {}
            for i in cues_in(cleaned):
                push = float(weights[start + i]) * arabic_cued.cue_weight
                if in_arabic:
                    push += float(weights[arabic_start + i])
                if push:
                    expected_named[f"[cue:{names[i]}]"] = pytest.approx(push, abs=1e-6)
            assert named == expected_named


# The topic expert: gardening plays the hard negatives (the same "subjects" told otherwise),
# cooking the controls the expert never sees.
def _expert_rows(corpus: Toy) -> list[bool]:
    return [
        label == POSITIVE or any(word in text for word in _GARDEN_WORDS)
        for text, label in zip(corpus.texts, corpus.labels, strict=True)
    ]


_GARDEN_WORDS = ("tomat", "rose", "garden", "jardin", "apple", "pommier", "voisin", "neighbour")


@pytest.fixture(scope="module")
def expert(corpus: Toy) -> NgramClassifier:
    return NgramClassifier(bits=BITS, length_bins=EDGES, cue_weight=0.5, expert=True).fit(
        corpus.texts, corpus.labels, groups=corpus.groups, expert_rows=_expert_rows(corpus)
    )


def _linear(model: NgramClassifier, texts: list[str]) -> tuple[np.ndarray, np.ndarray]:
    matrix = model.features([classifier_text(text) for text in texts]).astype(np.float64)
    assert model.expert_coef_ is not None
    first = matrix @ model.coef_[0].astype(np.float64) + model.intercept_[0]
    second = matrix @ model.expert_coef_.astype(np.float64) + model.expert_intercept_
    return first, second


def test_the_topic_expert_is_a_second_row_and_the_decision_the_smaller(
    expert: NgramClassifier, corpus: Toy
) -> None:
    assert expert.expert_coef_ is not None
    assert expert.expert_coef_.shape == (expert.n_features,)
    assert expert.expert_coef_.dtype == np.float32
    assert not np.array_equal(expert.expert_coef_, expert.coef_[0])
    texts = [*PROBES, *corpus.texts[:40]]
    first, second = _linear(expert, texts)
    assert (first != second).all()
    assert expert.decision_function(texts) == pytest.approx(
        np.minimum(first, second), rel=1e-5, abs=1e-6
    )
    assert expert.calibration_ is not None  # calibrated on the smaller of the two, out of fold
    assert expert.vetoes([classifier_text(t) for t in texts]) == pytest.approx(
        np.minimum(second - first, 0.0), abs=1e-5
    )


def test_without_the_expert_there_is_no_second_row(plain: NgramClassifier) -> None:
    assert plain.expert is False and plain.expert_coef_ is None
    assert (plain.vetoes(["a", "b"]) == 0).all()


def test_explanations_name_the_veto_and_still_add_up(expert: NgramClassifier) -> None:
    texts = [*PROBES, "the tomatoes grow well beside the fence", SPORT + " " + GARDEN_FR]
    vetoes = expert.vetoes([classifier_text(text) for text in texts])
    assert (vetoes < 0).any() and (vetoes == 0).any()
    for by in ExplainBy:
        for text, veto in zip(texts, vetoes, strict=True):
            everything = expert.explain(text, 10_000, by)
            total = sum(item.weight for item in everything)
            decision = expert.decision_function([text])[0]
            assert total + expert.explanation_baseline() == pytest.approx(decision, abs=1e-4)
            named = [item.weight for item in everything if item.feature == VETO_FEATURE]
            assert named == ([pytest.approx(veto)] if veto else [])


def test_with_the_positive_label_first_the_expert_takes_the_larger_log_odds(
    corpus: Toy,
) -> None:
    model = NgramClassifier(bits=BITS, positive=NEGATIVE, expert=True).fit(
        corpus.texts, corpus.labels, expert_rows=_expert_rows(corpus)
    )
    assert model.classes_ == (NEGATIVE, POSITIVE)  # log-odds are of POSITIVE, the second
    first, second = _linear(model, PROBES)
    assert model.decision_function(PROBES) == pytest.approx(np.maximum(first, second), abs=1e-5)
    assert model.vetoes([classifier_text(t) for t in PROBES]) == pytest.approx(
        np.minimum(first - second, 0.0), abs=1e-5
    )


def test_the_expert_learns_only_its_rows(corpus: Toy) -> None:
    rows = _expert_rows(corpus)
    model = NgramClassifier(bits=BITS, expert=True).fit(
        corpus.texts, corpus.labels, expert_rows=rows
    )
    kept = [i for i, row in enumerate(rows) if row]
    assert model.expert_coef_ is not None
    assert 0 < len(kept) < len(rows)
    # a plain fit of the same rows, the negatives weighted to the positives' total
    positives = sum(corpus.labels[i] == POSITIVE for i in kept)
    weights = np.array(
        [1.0 if corpus.labels[i] == POSITIVE else positives / (len(kept) - positives) for i in kept]
    )
    weighted = NgramClassifier(bits=BITS).fit(
        [corpus.texts[i] for i in kept], [corpus.labels[i] for i in kept], sample_weight=weights
    )
    assert model.expert_coef_ == pytest.approx(weighted.coef_[0], abs=1e-6)
    assert not np.allclose(model.expert_coef_, model.coef_[0])


@pytest.mark.parametrize("positive", [POSITIVE, NEGATIVE])
def test_the_expert_margin_moves_its_log_odds_towards_the_positive_label(
    corpus: Toy, positive: str
) -> None:
    rows = _expert_rows(corpus)

    def fit(margin: float) -> NgramClassifier:
        return NgramClassifier(bits=BITS, positive=positive, expert=True, expert_margin=margin).fit(
            corpus.texts, corpus.labels, groups=corpus.groups, expert_rows=rows
        )

    plain, vetoing = fit(0.0), fit(-1.5)
    assert vetoing.expert_coef_ == pytest.approx(plain.expert_coef_)  # the same weights ...
    towards_positive = 1.0 if positive == plain.classes_[1] else -1.0
    # ... and the intercept moved by the margin, towards the positive label
    assert vetoing.expert_intercept_ == pytest.approx(
        plain.expert_intercept_ - 1.5 * towards_positive
    )
    first, second = _linear(vetoing, PROBES)
    combine = np.minimum if towards_positive > 0 else np.maximum
    assert vetoing.decision_function(PROBES) == pytest.approx(combine(first, second), abs=1e-5)
    # the out-of-fold decisions calibration learns from were vetoed as much
    assert plain.oof_decision_ is not None and vetoing.oof_decision_ is not None
    lowered = (vetoing.oof_decision_ - plain.oof_decision_) * towards_positive
    assert (lowered <= 1e-9).all() and (lowered < 0).any()


@pytest.mark.parametrize(
    ("settings", "rows", "labels", "message"),
    [
        ({"expert": True}, None, None, "needs expert_rows"),
        ({}, "all", None, "has no topic expert"),
        ({"expert": True, "nb_smoothing": 1.0}, "all", None, "not learnt with NB-LR"),
        ({"expert": True}, "all", "three", "exactly two labels"),
        ({"expert": True}, "short", None, "expert_rows for"),
        ({"expert": True}, "positives", None, "must hold both labels"),
    ],
)
def test_the_expert_is_checked(
    corpus: Toy, settings: dict[str, object], rows: str | None, labels: str | None, message: str
) -> None:
    texts, chosen = corpus.texts, corpus.labels
    if labels == "three":
        chosen = [*chosen[:-1], THIRD]
    flags = {
        None: None,
        "all": [True] * len(texts),
        "short": [True] * (len(texts) - 1),
        "positives": [label == POSITIVE for label in chosen],
    }[rows]
    with pytest.raises(ValueError, match=message):
        NgramClassifier(bits=10, **settings).fit(texts, chosen, expert_rows=flags)  # type: ignore[arg-type]


def test_texts_outside_main_rows_teach_only_the_expert(corpus: Toy) -> None:
    rows = _expert_rows(corpus)
    # the garden texts among the negatives teach the expert alone
    main = [not (row and label != POSITIVE) for row, label in zip(rows, corpus.labels, strict=True)]
    assert 0 < sum(main) < len(main)
    model = NgramClassifier(bits=BITS, expert=True).fit(
        corpus.texts, corpus.labels, groups=corpus.groups, expert_rows=rows, main_rows=main
    )
    kept = [i for i, row in enumerate(main) if row]
    first = NgramClassifier(bits=BITS).fit(
        [corpus.texts[i] for i in kept], [corpus.labels[i] for i in kept]
    )
    assert model.coef_ == pytest.approx(first.coef_, abs=1e-6)
    everything = NgramClassifier(bits=BITS, expert=True).fit(
        corpus.texts, corpus.labels, expert_rows=rows
    )
    assert model.expert_coef_ == pytest.approx(everything.expert_coef_, abs=1e-6)
    assert not np.allclose(model.coef_, everything.coef_)
    # every text is scored out of fold and calibrated, the expert-only ones too
    assert model.oof_decision_ is not None and model.oof_decision_.shape == (len(main),)
    assert model.calibration_ is not None


@pytest.mark.parametrize(
    ("rows", "message"),
    [("short", "main_rows for"), ("positives", "at least two labels")],
)
def test_main_rows_are_checked(corpus: Toy, rows: str, message: str) -> None:
    flags = {
        "short": [True] * (len(corpus.texts) - 1),
        "positives": [label == POSITIVE for label in corpus.labels],
    }[rows]
    with pytest.raises(ValueError, match=message):
        NgramClassifier(bits=10).fit(corpus.texts, corpus.labels, main_rows=flags)


def test_arabic_cues_with_three_labels_are_part_of_each_row() -> None:
    corpus = toy(300, labels=(POSITIVE, NEGATIVE, THIRD))
    pairs = [*ARABIC_CUED, ("دراسه عن الصليبيين في التاريخ", THIRD)]
    texts = [*corpus.texts, *[text for text, _ in pairs] * 5]
    labels = [*corpus.labels, *[label for _, label in pairs] * 5]
    model = NgramClassifier(bits=BITS, cue_weight=0.5, arabic_cue_weight=1.0).fit(texts, labels)
    assert model.coef_.shape == (3, (1 << BITS) + 2 * len(STANCE_CUES))
    probes = [*PROBES, *(text for text, _ in pairs)]
    matrix = model.features([classifier_text(text) for text in probes]).astype(np.float64)
    expected = matrix @ model.coef_.T.astype(np.float64) + model.intercept_
    assert model.decision_function(probes) == pytest.approx(expected, rel=1e-5, abs=1e-6)
    _assert_explanations_add_up(model, probes, ExplainBy.WORD)


# --- TF-IDF ----------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def with_idf(corpus: Toy) -> NgramClassifier:
    rows = _expert_rows(corpus)
    return NgramClassifier(
        bits=BITS, length_bins=EDGES, cue_weight=0.5, idf=True, expert=True, expert_margin=-1.0
    ).fit(corpus.texts, corpus.labels, groups=corpus.groups, expert_rows=rows)


def test_idf_is_learnt_from_the_training_texts(with_idf: NgramClassifier, corpus: Toy) -> None:
    assert with_idf.idf_ is not None and with_idf.idf_.shape == (1 << BITS,)
    expected = inverse_document_frequency(
        [classifier_text(text) for text in corpus.texts], with_idf.hasher
    )
    np.testing.assert_array_equal(with_idf.idf_, expected)
    # A column no training text holds weighs the most; one held by every text weighs 1.
    texts = len(corpus.texts)
    assert with_idf.idf_.max() == pytest.approx(np.log(1.0 + texts) + 1.0)
    assert with_idf.idf_.min() >= 1.0
    assert NgramClassifier(bits=BITS).fit(corpus.texts, corpus.labels).idf_ is None


def test_idf_rows_have_unit_length_and_are_the_linear_model(with_idf: NgramClassifier) -> None:
    cleaned = [classifier_text(text) for text in PROBES]
    hashed = with_idf.hasher.transform(cleaned, with_idf.idf_)
    lengths = np.sqrt(np.asarray(hashed.multiply(hashed).sum(axis=1)).ravel())
    # unit length for texts without a repeated n-gram, as without TF-IDF
    unrepeated = [
        index
        for index, text in enumerate(cleaned)
        if len(set(with_idf.hasher.hashes([text])[1])) == len(with_idf.hasher.hashes([text])[1])
    ]
    assert unrepeated
    assert lengths[unrepeated] == pytest.approx(1.0, abs=1e-5)
    matrix = with_idf.features(cleaned).astype(np.float64)
    first = matrix @ with_idf.coef_[0].astype(np.float64) + with_idf.intercept_[0]
    assert with_idf.expert_coef_ is not None
    expert = matrix @ with_idf.expert_coef_.astype(np.float64) + with_idf.expert_intercept_
    expected = np.minimum(first, expert)  # the positive label is classes_[1] here
    assert with_idf.classes_[1] == POSITIVE
    assert with_idf.decision_function(PROBES) == pytest.approx(expected, rel=1e-5, abs=1e-5)


def _assert_explanations_add_up(model: NgramClassifier, texts: list[str], by: ExplainBy) -> None:
    """Every feature of each text's explanation, with the baseline, adds up to its log-odds of
    the positive label."""
    for text in texts:
        total = sum(item.weight for item in model.explain(text, 10_000, by))
        decision = model.decision_function([text])[0]
        if decision.ndim:  # more labels: the positive label's column
            decision = decision[model.classes_.index(model.positive)]
        assert total + model.explanation_baseline() == pytest.approx(decision, abs=1e-4)


def test_idf_explanations_still_add_up(with_idf: NgramClassifier) -> None:
    for by in ExplainBy:
        _assert_explanations_add_up(with_idf, PROBES, by)
    cleaned = [classifier_text(text) for text in PROBES]
    assert with_idf.explain_many(cleaned, 5) == [with_idf.explain_cleaned(t, 5) for t in cleaned]


def test_the_card_names_tf_idf_only_when_the_model_has_it() -> None:
    from nohaven.classify.card import _fast_model_line

    settings = {"min_n": 2, "max_n": 5, "bits": 20, "c": 8.0}
    with_idf = _fast_model_line({"settings": {**settings, "idf": True}})
    assert "inverse document frequency over the training texts (TF-IDF" in with_idf
    assert "TF-IDF" not in _fast_model_line({"settings": {**settings, "idf": False}})


def test_more_deals_score_out_of_fold_again_and_calibrate_on_them_all(corpus: Toy) -> None:
    one = NgramClassifier(bits=BITS).fit(corpus.texts, corpus.labels, groups=corpus.groups)
    three = NgramClassifier(bits=BITS, deals=3).fit(
        corpus.texts, corpus.labels, groups=corpus.groups
    )
    assert one.oof_decisions_.shape == (1, len(corpus.texts))
    assert three.oof_decisions_.shape == (3, len(corpus.texts))
    # the first deal is the one a single deal makes; the others deal the groups again
    np.testing.assert_allclose(three.oof_decisions_[0], one.oof_decision_)
    np.testing.assert_allclose(three.oof_decision_, one.oof_decision_)
    assert not np.allclose(three.oof_decisions_[1], three.oof_decisions_[0])
    second = np.asarray(corpus.labels) == one.classes_[1]
    stacked = Platt.fit(three.oof_decisions_.ravel(), np.tile(second, 3), None)
    assert three.calibration_ == stacked
    # the weights learnt on the whole set do not depend on the deals
    np.testing.assert_allclose(three.coef_, one.coef_)


def test_deals_must_be_one_or_more(corpus: Toy) -> None:
    with pytest.raises(ValueError, match="deals must be 1 or more, not 0"):
        NgramClassifier(bits=BITS, deals=0).fit(corpus.texts, corpus.labels, groups=corpus.groups)


def _long(corpus: Toy, index: int, sentences: int = 8) -> str:
    """A long text of one label: ``sentences`` of that label's toy texts in a row."""
    label = corpus.labels[index]
    same = [text for text, tag in zip(corpus.texts, corpus.labels, strict=True) if tag == label]
    return " ".join(same[index : index + sentences])


@pytest.fixture(scope="module")
def by_passages(corpus: Toy) -> NgramClassifier:
    """Learnt from the toy corpus and some long texts (several sentences each), read by
    passages of at most 60 characters."""
    texts = corpus.texts + [_long(corpus, index) for index in range(0, 40, 2)]
    labels = corpus.labels + [corpus.labels[index] for index in range(0, 40, 2)]
    groups = corpus.groups + [f"long-{index}" for index in range(0, 40, 2)]
    return NgramClassifier(bits=BITS, passage_chars=60, length_bins=(10, 20, 40)).fit(
        texts, labels, groups=groups
    )


def test_a_long_text_scores_as_its_most_positive_passage(
    by_passages: NgramClassifier, corpus: Toy
) -> None:
    from nohaven.classify.features import passages

    mixed = f"{_long(corpus, 1)} {SPORT} {_long(corpus, 3)}"
    cleaned = classifier_text(mixed)
    pieces = passages(cleaned, 60)
    assert len(pieces) > 3 and all(len(piece) <= 60 for piece in pieces)
    each = by_passages.decision_cleaned(pieces)
    positive_is_second = by_passages.classes_[1] == POSITIVE
    best = each.max() if positive_is_second else each.min()
    assert by_passages.decision_cleaned([cleaned])[0] == pytest.approx(best)
    # the explanation is that passage's, and adds up with the baseline to the text's log-odds
    chosen = pieces[int(np.argmax(each if positive_is_second else -each))]
    assert by_passages.explain(mixed, top=3) == by_passages.explain(chosen, top=3)
    every = by_passages.explain(mixed, top=10_000)
    total = by_passages.explanation_baseline() + sum(item.weight for item in every)
    sign = 1.0 if positive_is_second else -1.0
    assert total == pytest.approx(sign * by_passages.decision_cleaned([cleaned])[0], abs=1e-4)


def test_passages_are_learnt_and_scored_out_of_fold_per_text(
    by_passages: NgramClassifier, corpus: Toy
) -> None:
    texts = len(corpus.texts) + 20
    # out of fold: one decision per text (its best passage's), calibrated on those
    assert by_passages.oof_decisions_.shape == (1, texts)
    assert by_passages.calibration_ is not None
    # the length bands were learnt from passages: none reaches the 40+ band from a long text
    # alone, and the weights' shares are those of passages
    assert by_passages.length_shares_ is not None
    assert sum(by_passages.length_shares_) == pytest.approx(1.0)


def test_passages_need_two_labels_and_a_positive_length() -> None:
    corpus = toy(90, labels=(POSITIVE, NEGATIVE, THIRD))
    long = " ".join(corpus.texts[:6])
    with pytest.raises(ValueError, match=r"passages \(passage_chars\) need exactly two labels"):
        NgramClassifier(bits=BITS, passage_chars=60).fit(
            [*corpus.texts, long], [*corpus.labels, THIRD]
        )
    with pytest.raises(ValueError, match="passage_chars must be 0 or more, not -1"):
        NgramClassifier(bits=BITS, passage_chars=-1).fit(corpus.texts, corpus.labels)


def test_passages_cut_at_spaces_and_keep_every_word() -> None:
    from nohaven.classify.features import PASSAGE_TAIL, passage_rows, passages

    words = " ".join(f"word{index}" for index in range(60))
    found = passages(words, 100)
    assert " ".join(found) == words
    assert all(len(piece) <= 100 - PASSAGE_TAIL for piece in found[:-1])
    assert all(len(piece) <= 100 for piece in found)
    # a wider cut, as benchmarks/eval_long_texts.py measured: the tail may then pass the limit
    wide = passages(words, 100, width=100)
    assert " ".join(wide) == words and len(wide) < len(found)
    assert all(len(piece) <= 100 for piece in wide[:-1])
    assert passages("short text", 100) == ["short text"] == passages("short text", 0)
    # a tail under PASSAGE_TAIL characters joins the passage before it
    assert passages("a" * 70 + " " + "b" * 5, 75) == ["a" * 70 + " " + "b" * 5]
    assert passages("a" * 70 + " " + "b" * 5 + " c", 75) == ["a" * 70 + " " + "b" * 5 + " c"]
    assert passages("a" * 50 + " " + "b" * 50, 75) == ["a" * 50, "b" * 50]
    assert passage_rows(["one", "two"], 100) == (["one", "two"], None)
    pieces, owner = passage_rows(["one", "a" * 50 + " " + "b" * 50], 75)
    assert pieces == ["one", "a" * 50, "b" * 50] and owner is not None
    assert owner.tolist() == [0, 1, 1]
