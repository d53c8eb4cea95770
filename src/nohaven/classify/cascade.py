"""The shipped content model: the fast n-gram model, and a cascade to the semantic model.

The fast model scores every post. Posts whose fast score falls inside the uncertain *band*
(a setting) are embedded and scored again by combining both models' log-odds with weights
learnt on out-of-fold scores; posts outside the band keep the fast score. ``mode="fast"`` never
runs the encoder.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from enum import StrEnum

import numpy as np
import numpy.typing as npt

from nohaven.classify.calibration import FloatArray, logit, sigmoid
from nohaven.classify.caveats import Caveat, LearntTexts
from nohaven.classify.embedding import EmbeddingClassifier, Encoder
from nohaven.classify.features import classifier_text
from nohaven.classify.ngram import Contribution, ExplainBy, NgramClassifier
from nohaven.classify.split import skeleton_hash_each

__all__ = ["Combiner", "ContentModel", "Mode", "Prediction", "Stage"]


class Mode(StrEnum):
    """How much of the model runs."""

    FAST = "fast"  # the n-gram model alone
    CASCADE = "cascade"  # the semantic model too, for posts in the uncertain band


class Stage(StrEnum):
    """Which model decided a post's score."""

    FAST = "fast"
    SEMANTIC = "semantic"


@dataclass(frozen=True, slots=True)
class Combiner:
    """``p = sigmoid(fast * logit(p_fast) + semantic * logit(p_semantic) + offset)``."""

    fast: float = 0.5
    semantic: float = 0.5
    offset: float = 0.0

    def __call__(self, fast: FloatArray, semantic: FloatArray) -> FloatArray:
        return sigmoid(self.fast * logit(fast) + self.semantic * logit(semantic) + self.offset)


@dataclass(frozen=True, slots=True)
class Prediction:
    """A post's score (calibrated probability of the positive label), label and reasons."""

    score: float
    label: str
    stage: Stage
    explanation: tuple[Contribution, ...] = ()
    # Why the score may say less than it seems (nohaven.classify.caveats); given only when the
    # texts' languages are (``predict(..., languages=...)``).
    caveats: tuple[Caveat, ...] = ()


def _share(name: str, value: object) -> None:
    """Refuse a ``name`` (a threshold, a prevalence) that is not a number inside (0, 1)."""
    if not (isinstance(value, int | float) and 0.0 < value < 1.0):
        raise ValueError(f"{name} must be above 0 and below 1, not {value!r}")


@dataclass(slots=True)
class ContentModel:
    """A trained content model as shipped: see the module documentation.

    ``threshold`` is the default decision threshold on the score (chosen on training data);
    ``band`` the fast-score interval sent to the semantic model in cascade mode.
    ``prevalence`` (None: as calibrated) is the share of propaganda its scores are read at
    (:meth:`at_prevalence`); ``threshold`` is then on that scale too.
    """

    name: str
    version: str
    fast: NgramClassifier
    positive: str
    negative: str | None
    threshold: float
    semantic: EmbeddingClassifier | None = None
    encoder: Encoder | None = None
    band: tuple[float, float] = (0.2, 0.8)
    combiner: Combiner = field(default_factory=Combiner)
    mode: Mode = Mode.CASCADE
    info: dict[str, object] = field(default_factory=dict)
    prevalence: float | None = None
    #: the hashes of the skeletons of the texts on its training side
    #: (:func:`~nohaven.classify.split.skeleton_hashes`); None when it does not record them
    learnt_skeletons: npt.NDArray[np.uint64] | None = None
    #: the mode and band it was saved with (set by ``load_model``; None: as it is now), which
    #: :attr:`scoring_version` compares this run's with
    saved_mode: Mode | None = None
    saved_band: tuple[float, float] | None = None

    @property
    def classes_(self) -> tuple[str, ...]:
        return self.fast.classes_

    @property
    def scoring_version(self) -> str:
        """The name its scores are stored and written under: :attr:`version`, with the mode
        (and band) added where this run scores otherwise than the model was saved to
        (``default+cadbcad8@cascade0.7-0.95`` for the shipped fast model run in cascade mode),
        so scores of the same weights made two ways never mix or overwrite each other."""
        scoring = Mode.CASCADE if self.cascades else Mode.FAST
        saved = self.saved_mode if self.saved_mode is not None else scoring
        band = self.saved_band if self.saved_band is not None else self.band
        if scoring is saved and (scoring is Mode.FAST or band == self.band):
            return self.version
        if scoring is Mode.FAST:
            return f"{self.version}@fast"
        return f"{self.version}@cascade{self.band[0]:g}-{self.band[1]:g}"

    def was_learnt(
        self, texts: Sequence[str], *, cleaned: bool = False
    ) -> npt.NDArray[np.bool_] | None:
        """For each text, whether a near-identical text (the same skeleton: letters alone) was
        on the model's training side; None when the model does not record them. A text it
        learnt is no test of it: its figures on such texts are not honest. ``cleaned``: the
        texts are classifier texts already."""
        if self.learnt_skeletons is None:
            return None
        found = skeleton_hash_each(texts, cleaned=cleaned)
        learnt: npt.NDArray[np.bool_] = np.isin(found, self.learnt_skeletons) & (found != 0)
        return learnt

    def calibration_prior(self) -> float | None:
        """The share of the positive label its scores were calibrated at
        (``info["calibration_prior"]``: the positives' share of the training weight, a half
        for the shipped model), or None when the model does not say."""
        value = self.info.get("calibration_prior")
        if isinstance(value, float) and 0.0 < value < 1.0:
            return value
        return None

    def at_prevalence(self, prevalence: float) -> ContentModel:
        """The same model with its scores read as probabilities where ``prevalence`` of the
        posts are propaganda, not the share it was calibrated at (:meth:`calibration_prior`):
        each score's log-odds move by logit(prevalence) - logit(prior), and the threshold with
        them, so the labels are unchanged and the version is the same.

        The shipped model is calibrated on its training mix, half propaganda: where one post
        in a hundred is propaganda, a post scoring its threshold 0.9239 reads 0.109, and at the
        test split's own prevalence the shifted scores are calibrated (expected calibration
        error 0.009 against 0.282 unshifted).
        Refuses a share outside (0, 1), a model that does not record its prior or has more
        than two labels, and a model already at a prevalence."""
        self._two_labels("its scores are not one label's probability, so there is no prevalence")
        _share("prevalence", prevalence)
        prior = self.calibration_prior()
        if prior is None:
            raise ValueError(
                f"model {self.version} does not record the share of propaganda its scores "
                "were calibrated at (info['calibration_prior']): retrain it to read its scores "
                "at a prevalence"
            )
        if self.prevalence is not None:
            raise ValueError(
                f"model {self.version} is already read at prevalence {self.prevalence:g}: "
                "start from the model as loaded"
            )
        shifted = replace(self, prevalence=float(prevalence))
        return replace(shifted, threshold=float(shifted._shifted(np.array([self.threshold]))[0]))

    def _two_labels(self, why: str) -> None:
        """Refuse a model of more than two labels, saying ``why`` that matters."""
        if len(self.classes_) != 2:
            raise ValueError(
                f"model {self.version} has {len(self.classes_)} labels: {why} to set or read"
            )

    def _shifted(self, scores: FloatArray) -> FloatArray:
        """``scores`` (as calibrated) read at the model's prevalence."""
        prior = self.calibration_prior()
        if self.prevalence is None or prior is None:
            return scores
        # the odds times the ratio of the prior odds: log-odds moved by logit(p) - logit(prior),
        # exact at 0 and 1 too
        ratio = (self.prevalence / (1.0 - self.prevalence)) / (prior / (1.0 - prior))
        moved: FloatArray = scores * ratio / (scores * ratio + (1.0 - scores))
        return moved

    def at_threshold(self, threshold: float) -> ContentModel:
        """The same model labelling at ``threshold`` instead (an operating point of its card's
        'Other operating points' table: lower finds more propaganda and flags more of every
        negative family). Scores and version are unchanged; only the label moves. Refuses a
        threshold outside (0, 1) and a model of more than two labels, whose labels are the
        highest-scoring label, not a threshold. At a prevalence (:meth:`at_prevalence`) the
        threshold is still read on the card's scale, as calibrated."""
        self._two_labels("each text gets its highest-scoring label, so there is no threshold")
        _share("threshold", threshold)
        # read on the card's scale, as calibrated, then at the model's prevalence if it has one
        return replace(self, threshold=float(self._shifted(np.array([float(threshold)]))[0]))

    def at_band(self, low: float, high: float) -> ContentModel:
        """The same model sending the posts whose fast score is within ``low``-``high`` to the
        semantic model (cascade mode): a wider band embeds more posts, so it is slower, and
        moves the scores of more (``benchmarks/bench_classify.py --band`` measures both).
        The version is unchanged. Refuses a band outside 0-1 or with nothing in it, and a
        model that does not cascade (fast mode, no semantic model, more than two labels)."""
        for name, value in (("low", low), ("high", high)):
            if not (isinstance(value, int | float) and 0.0 <= value <= 1.0):
                raise ValueError(f"the band's {name} end must be from 0 to 1, not {value!r}")
        if low >= high:
            raise ValueError(f"the band's low end must be below its high end, not {low}-{high}")
        if not self.cascades:
            raise ValueError(
                f"model {self.version} in {self.mode.value} mode sends no post to a semantic "
                "model: a band applies in cascade mode only (--mode cascade)"
            )
        return replace(self, band=(float(low), float(high)))

    def learnt_lengths(self) -> tuple[int, int] | None:
        """The shortest and longest text of the positive label it was trained on, in characters
        once cleaned (``info["positive_lengths"]``), or None when the model does not say.

        It learnt nothing about the positive label from longer texts: the shipped model's
        positives are 2015-2016 tweets (at most 155 characters), and it hardly ever flags a
        longer post whatever it says (see its card's known limits).
        """
        return self.learnt_texts().lengths

    def learnt_texts(self) -> LearntTexts:
        """What it learnt its positives from (lengths, languages), which gives each text its
        caveats (:mod:`nohaven.classify.caveats`)."""
        return LearntTexts.from_info(self.info)

    @property
    def cascades(self) -> bool:
        return (
            self.mode is Mode.CASCADE
            and self.semantic is not None
            and self.encoder is not None
            and len(self.classes_) == 2
        )

    def scores(self, texts: Sequence[str]) -> tuple[FloatArray, list[Stage]]:
        """The positive label's calibrated probability for each text, and who decided it."""
        return self.scores_cleaned([classifier_text(text) for text in texts])

    def scores_cleaned(self, cleaned: Sequence[str]) -> tuple[FloatArray, list[Stage]]:
        """:meth:`scores` of already cleaned texts (see :func:`classifier_text`)."""
        proba = self.fast.proba_from_decision(self.fast.decision_cleaned(cleaned))
        score = proba[:, self.classes_.index(self.positive)].copy()
        stages = [Stage.FAST] * len(cleaned)
        if self.cascades and len(cleaned):
            assert self.semantic is not None and self.encoder is not None
            low, high = self.band
            uncertain = np.flatnonzero((score >= low) & (score <= high))
            if len(uncertain):
                vectors = self.encoder.encode([cleaned[i] or " " for i in uncertain.tolist()])
                semantic = self.semantic.proba_embedded(vectors)[:, 1]
                if self.semantic.classes_[1] != self.positive:
                    semantic = 1.0 - semantic
                score[uncertain] = self.combiner(score[uncertain], semantic)
                for index in uncertain:
                    stages[index] = Stage.SEMANTIC
        return self._shifted(score), stages

    def predict_proba(self, texts: Sequence[str]) -> FloatArray:
        """One row per text, one column per label in ``classes_`` order."""
        if len(self.classes_) != 2:
            return self.fast.predict_proba(texts)
        score, _ = self.scores(texts)
        positive_column = self.classes_.index(self.positive)
        out = np.empty((len(texts), 2), dtype=np.float64)
        out[:, positive_column] = score
        out[:, 1 - positive_column] = 1.0 - score
        return out

    def label_for(self, score: float, row: FloatArray | None = None) -> str:
        if len(self.classes_) == 2 or row is None:
            if score >= self.threshold:
                return self.positive
            return self.negative or next(item for item in self.classes_ if item != self.positive)
        return self.classes_[int(np.argmax(row))]

    def predict(
        self,
        texts: Sequence[str],
        *,
        explain: int = 5,
        by: ExplainBy = ExplainBy.WORD,
        languages: Sequence[str | None] | None = None,
    ) -> list[Prediction]:
        """Score, label and (``explain`` > 0) the words (or n-grams, ``by``) behind each text's
        score; see :meth:`NgramClassifier.explain`. With ``languages`` (one a text, None where
        none was identified) each prediction also names its caveats."""
        return self.predict_cleaned(
            [classifier_text(text) for text in texts], explain=explain, by=by, languages=languages
        )

    def predict_cleaned(
        self,
        cleaned: Sequence[str],
        *,
        explain: int = 5,
        by: ExplainBy = ExplainBy.WORD,
        languages: Sequence[str | None] | None = None,
    ) -> list[Prediction]:
        """:meth:`predict` of already cleaned texts (see :func:`classifier_text`)."""
        caveats: list[tuple[Caveat, ...]] = [()] * len(cleaned)
        if languages is not None:
            caveats = self.learnt_texts().caveats_many(cleaned, languages)
        if len(self.classes_) == 2:
            score, stages = self.scores_cleaned(cleaned)
            rows: list[FloatArray | None] = [None] * len(cleaned)
        else:
            proba = self.fast.proba_from_decision(self.fast.decision_cleaned(cleaned))
            score = proba[:, self.classes_.index(self.positive)]
            stages = [Stage.FAST] * len(cleaned)
            rows = list(proba)
        reasons = self.fast.explain_many(cleaned, explain, by)
        out = []
        for index, value in enumerate(score.tolist()):
            label = self.label_for(value, rows[index])
            out.append(
                Prediction(value, label, stages[index], tuple(reasons[index]), caveats[index])
            )
        return out

    def explain(
        self, text: str, top: int = 5, by: ExplainBy = ExplainBy.WORD
    ) -> list[Contribution]:
        """The words (or n-grams, ``by``) of ``text`` that moved the fast model's score most."""
        return self.fast.explain(text, top, by)
