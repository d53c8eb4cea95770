"""The fast model: hashed character n-grams of the cleaned text with a linear classifier.

Language-agnostic (Arabic, French and English alike), tens of thousands of posts a second on
one core, calibrated, and explainable: each prediction can name what pushed its score most.

An explanation reads the model's own sum: a post's log-odds are the intercept plus one term per
n-gram occurrence (plus its length band's term, below). By words (the default,
:attr:`ExplainBy.WORD`), each occurrence's term is shared among the words of the cleaned text it
spans, in proportion to its characters in each, and a word's terms are summed (a repeated word
once): "caliphate(+1.2)" reads better than the 2-grams "li(+0.3)" and "ph(+0.2)", which alone
say little to an analyst. By n-grams (:attr:`ExplainBy.NGRAM`), each distinct n-gram's terms
are summed. Either way the terms of all features add up, with the baseline
(:meth:`NgramClassifier.explanation_baseline`), to the log-odds.

Optionally the model also learns a bias per length band of the cleaned text (``length_bins``,
see :func:`~nohaven.classify.features.length_columns`). An explanation names the band when it
pushed the score among the most, by how far its bias differs from the training texts' average
band bias (the average is part of the baseline): a bias that every text of tweet length gets is
not a reason to flag this one.

Optionally it also reads stance cues (``cue_weight``, see :mod:`nohaven.classify.cues`): one
feature per category of terms (how the group and its enemies are named, honorifics, outlets),
so what is learnt of a category in one language counts in the others. An explanation names a
cue the text holds when it is among the strongest (``[cue:enemy-naming]``). With
``arabic_cue_weight`` it learns each category a second time for texts mostly in Arabic script
(:func:`~nohaven.classify.cues.mostly_arabic`), so a cue may count for more there; an
explanation of such a text names the category once, with both of its terms summed.

Optionally (``expert``, two labels only) it also learns a *topic expert*: a second linear model
over the same columns, fit on the positives against the hard negatives alone (the topic's news,
counter-speech and commentary; ``fit(expert_rows=...)`` names them). A text's log-odds are the
smaller of the two models' (towards the positive label): it is flagged only where the expert,
which learnt nothing but stance within the topic, agrees. A text far from the topic (a verse, a
joke) is left to the first model, which the expert never learnt to judge, since the expert only
ever lowers a score. An explanation reads the first model's terms and, where the expert lowered
the score, a ``[veto:news-like]`` term by how much, so the terms still add up to the log-odds.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Self

import numpy as np
import numpy.typing as npt
import scipy.sparse as sp
from sklearn.linear_model import LogisticRegression

from nohaven.classify.calibration import FloatArray, Platt, deal_seeds, out_of_fold, sigmoid
from nohaven.classify.cues import (
    STANCE_CUES,
    cue_columns,
    cue_feature_name,
    cues_of,
    mostly_arabic,
)
from nohaven.classify.features import (
    BandWeight,
    NgramHasher,
    band_weights,
    check_length_bins,
    classifier_text,
    inverse_document_frequency,
    length_band,
    length_band_name,
    length_bands,
    length_columns,
    occurrence_values,
    passage_rows,
)

__all__ = ["VETO_FEATURE", "Contribution", "ExplainBy", "NgramClassifier"]

#: How an explanation names the topic expert's veto: how far it lowered the log-odds.
VETO_FEATURE = "[veto:news-like]"


class ExplainBy(StrEnum):
    """What an explanation names: words of the cleaned text, or its character n-grams."""

    WORD = "word"
    NGRAM = "ngram"


@dataclass(frozen=True, slots=True)
class Contribution:
    """One feature of a post and how far it moved the post's score (log-odds, + is positive).

    ``feature`` is a word of the cleaned text, a character n-gram of it (with the padding
    spaces), a length band (``[length:80-159]``), a stance cue (``[cue:enemy-naming]``) or the
    topic expert's veto (:data:`VETO_FEATURE`).
    """

    feature: str
    weight: float

    def __str__(self) -> str:
        # Spaces shown as "␣": " ab" (a word start) and "ab " (a word end) differ.
        return f"{self.feature.replace(' ', '␣')}({self.weight:+.2f})"


class NgramClassifier:
    """scikit-learn style: ``__init__`` stores settings, ``fit`` learns, state ends in ``_``.

    ``positive`` names the label whose probability is the score. With two labels the scores
    are Platt-calibrated on grouped out-of-fold decisions when ``fit`` gets ``groups``.
    ``length_bins`` (increasing character counts of the cleaned text; empty: none) adds one
    feature per length band, of value ``length_weight`` (or, given one per band, each band's
    own: a lighter band's bias is held closer to 0), after the hashed n-grams.
    ``cue_weight`` > 0 adds one feature per stance-cue category
    (:data:`~nohaven.classify.cues.STANCE_CUES`), of that value where the text holds one of its
    terms, after the length bands. ``arabic_cue_weight`` > 0 adds the same categories again,
    of that value and set only in texts mostly in Arabic script, after them.

    ``idf`` makes the n-gram columns TF-IDF: ``fit`` learns each hashed column's smoothed
    inverse document frequency over its texts (``idf_``), and every text's occurrences are
    weighed by it, each row still of unit length
    (:func:`~nohaven.classify.features.occurrence_values`): an n-gram every text holds weighs
    less than a rare one before the regression.

    ``nb_smoothing`` > 0 (two labels only) makes it NB-LR (Wang and Manning, "Baselines and
    Bigrams", 2012): each n-gram column is scaled by the log ratio of the n-gram's weighted
    document frequency under the two labels (each smoothed by this much) before the logistic
    regression learns, so an n-gram that is as common under both labels starts near zero and a
    telling one is cheap to use. The scale is folded into the learnt weights, so the model
    scores as a plain linear one; out-of-fold calibration learns each fold's own scale.

    ``expert`` (two labels, not with NB-LR) learns the topic expert of the module docs from the
    rows ``fit`` names in ``expert_rows`` (the positives and the hard negatives), the negatives
    among them weighted to the positives' total; the log-odds are the smaller of the two
    models' towards the positive label, and calibration learns on those. ``expert_margin`` is
    added to the expert's log-odds towards the positive label (folded into its intercept):
    below 0 it vetoes more.

    ``deals`` > 1 scores the training texts out of fold that many times, the groups dealt to
    the folds by size and then at random (:func:`~nohaven.classify.calibration.out_of_fold`
    with seeds 100, 101 ...): ``oof_decisions_`` holds one row per deal (``oof_decision_`` is
    the first) and the calibration learns on all of them, so a threshold can be set over
    deals rather than on one (the deal alone moves out-of-fold figures by points).

    ``passage_chars`` > 0 (two labels) reads a cleaned text longer than that many characters
    as its passages (:func:`~nohaven.classify.features.passages`: cut at spaces, at most that
    long): ``fit`` learns each passage as an example of its text's label and group, the text's
    weight shared among them, and a text's log-odds are those of its passage most towards the
    positive label (out of fold too, so calibration and thresholds see long texts as they are
    scored); its explanation is that passage's. A text no longer than that is read whole.
    """

    def __init__(
        self,
        *,
        min_n: int = 2,
        max_n: int = 5,
        bits: int = 20,
        c: float = 4.0,
        positive: str = "propaganda",
        max_iter: int = 300,
        folds: int = 5,
        length_bins: Sequence[int] = (),
        length_weight: BandWeight = 1.0,
        nb_smoothing: float = 0.0,
        cue_weight: float = 0.0,
        arabic_cue_weight: float = 0.0,
        expert: bool = False,
        expert_margin: float = 0.0,
        idf: bool = False,
        deals: int = 1,
        passage_chars: int = 0,
    ) -> None:
        self.min_n = min_n
        self.max_n = max_n
        self.bits = bits
        self.c = c
        self.positive = positive
        self.max_iter = max_iter
        self.folds = folds
        self.length_bins = tuple(length_bins)
        self.length_weight = length_weight
        self.nb_smoothing = nb_smoothing
        self.cue_weight = cue_weight
        self.arabic_cue_weight = arabic_cue_weight
        self.expert = expert
        self.expert_margin = expert_margin
        self.idf = idf
        self.deals = deals
        self.passage_chars = passage_chars
        #: With ``idf``: each hashed column's inverse document frequency, learnt by ``fit``.
        self.idf_: npt.NDArray[np.float32] | None = None
        #: The topic expert's weights (one row, the columns of ``coef_``) and intercept, in the
        #: orientation of ``coef_`` (log-odds of ``classes_[1]``); None without ``expert``.
        self.expert_coef_: npt.NDArray[np.float32] | None = None
        self.expert_intercept_: float = 0.0
        #: Set by ``fit`` (and by a loaded model that saved it): the share of the training
        #: weight in each length band, which sets the average band bias explanations use.
        self.length_shares_: tuple[float, ...] | None = None
        # (state it was made for, weights): see _explained_weights.
        self._explained: tuple[object, npt.NDArray[np.float32]] | None = None
        # (state it was made for, the two weight rows, their intercepts): see _with_expert.
        self._stacked: tuple[object, npt.NDArray[np.float32], npt.NDArray[np.float64]] | None = None

    @property
    def hasher(self) -> NgramHasher:
        return NgramHasher(self.min_n, self.max_n, self.bits)

    @property
    def _bands(self) -> int:
        return len(self.length_bins) + 1 if self.length_bins else 0

    @property
    def _cue_start(self) -> int:
        """The first stance-cue column (after the hashed n-grams and the length bands)."""
        return self.hasher.n_features + self._bands

    @property
    def _arabic_cue_start(self) -> int:
        """The first Arabic stance-cue column (after the stance-cue columns)."""
        return self._cue_start + (len(STANCE_CUES) if self.cue_weight else 0)

    @property
    def n_features(self) -> int:
        """Hashed n-gram columns, then one column per length band (when ``length_bins``),
        then one per stance-cue category (when ``cue_weight``), then one per category for
        texts mostly in Arabic script (when ``arabic_cue_weight``)."""
        arabic = len(STANCE_CUES) if self.arabic_cue_weight else 0
        return self._arabic_cue_start + arabic

    def features(self, cleaned: Sequence[str]) -> sp.csr_matrix:
        """The feature matrix of already cleaned texts: hashed n-grams, then length bands,
        then stance cues, then the Arabic ones."""
        blocks = [self.hasher.transform(cleaned, self.idf_)]
        if self.length_bins:
            blocks.append(length_columns(cleaned, self.length_bins, self.length_weight))
        found = cues_of(cleaned) if self.cue_weight or self.arabic_cue_weight else None
        if self.cue_weight:
            blocks.append(cue_columns(cleaned, self.cue_weight, found=found))
        if self.arabic_cue_weight:
            blocks.append(
                cue_columns(cleaned, self.arabic_cue_weight, found=found, arabic_only=True)
            )
        return blocks[0] if len(blocks) == 1 else sp.hstack(blocks, format="csr")

    def _length_terms(self, cleaned: Sequence[str], coef: npt.NDArray[np.float32]) -> FloatArray:
        """Each row of ``coef``'s length-band term for each text (rows x texts); zeros without
        ``length_bins``."""
        if not self.length_bins:
            return np.zeros((coef.shape[0], len(cleaned)))
        bands = length_bands(cleaned, self.length_bins)
        values = band_weights(self.length_bins, self.length_weight)[bands]
        terms: FloatArray = coef[:, self.hasher.n_features + bands].astype(np.float64) * values
        return terms

    def _cue_terms(
        self,
        cleaned: Sequence[str],
        coef: npt.NDArray[np.float32],
        cues: Sequence[Sequence[int]] | None = None,
    ) -> FloatArray:
        """Each row of ``coef``'s stance-cue terms (the Arabic ones included) for each text
        (rows x texts); zeros without cues. ``cues``: the categories each text holds, when
        already found."""
        terms = np.zeros((coef.shape[0], len(cleaned)))
        if not self.cue_weight and not self.arabic_cue_weight:
            return terms
        start, arabic_start = self._cue_start, self._arabic_cue_start
        for row, found in enumerate(cues_of(cleaned) if cues is None else cues):
            if not found:
                continue
            if self.cue_weight:
                columns = [start + index for index in found]
                terms[:, row] = coef[:, columns].sum(axis=1, dtype=np.float64) * self.cue_weight
            if self.arabic_cue_weight and mostly_arabic(cleaned[row]):
                columns = [arabic_start + index for index in found]
                arabic = coef[:, columns].sum(axis=1, dtype=np.float64)
                terms[:, row] += arabic * self.arabic_cue_weight
        return terms

    def _linear(self, binary: bool) -> LogisticRegression:
        return LogisticRegression(
            C=self.c,
            solver="liblinear" if binary else "lbfgs",
            max_iter=self.max_iter,
            random_state=0,
        )

    def fit(
        self,
        texts: Sequence[str],
        labels: Sequence[str],
        *,
        sample_weight: FloatArray | None = None,
        groups: Sequence[str] | None = None,
        expert_rows: Sequence[bool] | None = None,
        main_rows: Sequence[bool] | None = None,
    ) -> Self:
        """Learn from ``texts`` and their ``labels``; ``groups`` (accounts) enable calibration;
        ``expert_rows`` (one flag per text: the positives and the hard negatives) are what the
        topic expert learns from, needed with ``expert``; ``main_rows`` (default: all) are
        what the first model learns from, so some texts can teach the expert alone. The
        calibration is fit on every text."""
        if len(texts) != len(labels):
            raise ValueError(f"{len(texts)} texts but {len(labels)} labels")
        classes = sorted(set(labels))
        if len(classes) < 2:
            raise ValueError(f"training needs at least two labels, found {classes}")
        topical = self._expert_rows(expert_rows, labels, len(classes))
        main = self._main_rows(main_rows, labels)
        check_length_bins(self.length_bins, self.length_weight)
        if not self.cue_weight >= 0:
            raise ValueError(f"cue_weight must be 0 or more, not {self.cue_weight}")
        if not self.arabic_cue_weight >= 0:
            raise ValueError(f"arabic_cue_weight must be 0 or more, not {self.arabic_cue_weight}")
        if self.deals < 1:
            raise ValueError(f"deals must be 1 or more, not {self.deals}")
        if self.passage_chars < 0:
            raise ValueError(f"passage_chars must be 0 or more, not {self.passage_chars}")
        if not self.nb_smoothing >= 0:
            raise ValueError(f"nb_smoothing must be 0 or more, not {self.nb_smoothing}")
        cleaned = [classifier_text(text) for text in texts]
        text_target = np.asarray(labels)
        text_weight = sample_weight
        text_groups = groups
        cleaned, owner = passage_rows(cleaned, self.passage_chars)
        if owner is not None:
            if len(classes) != 2:
                raise ValueError("passages (passage_chars) need exactly two labels")
            # each passage an example of its text: its label, group and rows, the text's
            # weight shared among its passages
            pieces = np.bincount(owner, minlength=len(texts))[owner].astype(np.float64)
            base = np.ones(len(texts)) if sample_weight is None else np.asarray(sample_weight)
            sample_weight = base[owner] / pieces
            labels = [labels[index] for index in owner.tolist()]
            groups = None if groups is None else [groups[index] for index in owner.tolist()]
            topical = None if topical is None else topical[owner]
            main = main[owner]
        self.idf_ = inverse_document_frequency(cleaned, self.hasher) if self.idf else None
        matrix = self.features(cleaned)
        target = np.asarray(labels)
        self.length_shares_ = None
        if self.length_bins:
            weights = np.ones(len(cleaned)) if sample_weight is None else sample_weight
            shares = np.bincount(
                length_bands(cleaned, self.length_bins),
                weights=weights,
                minlength=len(self.length_bins) + 1,
            )
            self.length_shares_ = tuple(float(share) for share in shares / shares.sum())
        binary = len(classes) == 2
        # The second label in sorted order: the one a binary model's log-odds are of.
        second = target == classes[1]
        nb = binary and self.nb_smoothing > 0
        if sample_weight is not None:
            sample_weight = np.asarray(sample_weight, dtype=np.float64)
        everything = bool(main.all())
        model, scale = self._learn(
            matrix if everything else matrix[main],
            (second if everything else second[main]) if nb else None,
            target if everything else target[main],
            sample_weight if everything or sample_weight is None else sample_weight[main],
        )
        self.classes_ = tuple(str(item) for item in model.classes_)
        coef = model.coef_ if scale is None else model.coef_ * scale
        self.coef_ = coef.astype(np.float32)
        self.intercept_ = model.intercept_.astype(np.float64)
        self.expert_coef_, self.expert_intercept_ = None, 0.0
        if topical is not None:
            expert = self._learn_expert(matrix, target, sample_weight, topical)
            self.expert_coef_ = expert.coef_[0].astype(np.float32)
            self.expert_intercept_ = float(expert.intercept_[0]) + self._margin_shift(classes)
        self.calibration_: Platt | None = None
        if binary and groups is not None:
            # Calibrated like the decisions: the probability of classes_[1], whichever label
            # is the positive one (predict_proba puts it in that column).

            def fit_and_decide(
                train: npt.NDArray[np.int64], test: npt.NDArray[np.int64]
            ) -> FloatArray:
                weights = None if sample_weight is None else sample_weight[train]
                learnt = train if everything else train[main[train]]
                fold, scale = self._learn(
                    matrix[learnt],
                    second[learnt] if nb else None,
                    target[learnt],
                    None if sample_weight is None else sample_weight[learnt],
                )
                held = matrix[test] if scale is None else matrix[test] @ sp.diags(scale)
                decided: FloatArray = fold.decision_function(held)
                if topical is not None:
                    expert = self._learn_expert(
                        matrix[train], target[train], weights, topical[train]
                    )
                    decided = self._combined(
                        decided,
                        expert.decision_function(matrix[test]) + self._margin_shift(classes),
                    )
                return decided if fold.classes_[1] == self.classes_[1] else -decided

            def by_text(train: npt.NDArray[np.int64], test: npt.NDArray[np.int64]) -> FloatArray:
                """:func:`fit_and_decide` of texts: the folds deal texts (as without passages),
                each fold learns and scores their passages, a text gets its best passage's."""
                assert owner is not None
                rows = np.isin(owner, test)
                decided = fit_and_decide(
                    np.flatnonzero(np.isin(owner, train)), np.flatnonzero(rows)
                )
                return self._per_text(decided, owner[rows], len(texts))[test]

            # the groups dealt by size, then (deals > 1) at random: one row of decisions each,
            # per text (a long text's that of its passage most towards the positive label)
            decide, dealt = (fit_and_decide, groups) if owner is None else (by_text, text_groups)
            assert dealt is not None  # the texts' groups, given with groups
            runs = np.vstack(
                [out_of_fold(decide, dealt, self.folds, seed) for seed in deal_seeds(self.deals)]
            )
            repeat = len(runs)
            self.calibration_ = Platt.fit(
                runs.ravel(),
                np.tile(text_target == classes[1], repeat),
                None if text_weight is None else np.tile(np.asarray(text_weight), repeat),
            )
            self.oof_decision_ = runs[0]
            self.oof_decisions_ = runs
        return self

    def _per_text(
        self, decisions: FloatArray, owner: npt.NDArray[np.int64] | None, count: int
    ) -> FloatArray:
        """Binary log-odds of passages (rows of :func:`passage_rows`) as each text's: that of
        its passage most towards the positive label; the decisions themselves without
        passages."""
        if owner is None:
            return decisions
        if self._positive_class() == self.classes_[1]:
            out = np.full(count, -np.inf)
            np.maximum.at(out, owner, decisions)
        else:
            out = np.full(count, np.inf)
            np.minimum.at(out, owner, decisions)
        return out

    def _best_passages(self, cleaned: Sequence[str]) -> list[str]:
        """Each cleaned text, or its passage most towards the positive label when it is
        longer than ``passage_chars`` (what its score and explanation come from)."""
        pieces, owner = passage_rows(cleaned, self.passage_chars)
        if owner is None:
            return list(cleaned)
        decisions = self._passage_decisions(pieces)
        if self._positive_class() != self.classes_[1]:
            decisions = -decisions
        best: list[tuple[float, str]] = [(-np.inf, text) for text in cleaned]
        for index, (piece, value) in enumerate(zip(pieces, decisions.tolist(), strict=True)):
            text = int(owner[index])
            if value > best[text][0]:
                best[text] = (value, piece)
        return [piece for _, piece in best]

    def _learn(
        self,
        matrix: sp.csr_matrix,
        second: npt.NDArray[np.bool_] | None,
        target: npt.NDArray[np.str_],
        weights: FloatArray | None,
    ) -> tuple[LogisticRegression, FloatArray | None]:
        """The logistic regression on ``matrix``, and with ``second`` (NB-LR: the rows of the
        second label) the column scale it learnt on, else None."""
        if second is None:
            return self._linear(len(set(target.tolist())) == 2).fit(
                matrix, target, sample_weight=weights
            ), None
        scale = _nb_scale(matrix, second, weights, self.hasher.n_features, self.nb_smoothing)
        model = self._linear(True).fit(matrix @ sp.diags(scale), target, sample_weight=weights)
        return model, scale

    def _expert_rows(
        self, expert_rows: Sequence[bool] | None, labels: Sequence[str], n_classes: int
    ) -> npt.NDArray[np.bool_] | None:
        """``expert_rows`` as a mask, checked against the settings; None without ``expert``."""
        if not self.expert:
            if expert_rows is not None:
                raise ValueError("expert_rows given, but the model has no topic expert")
            return None
        if n_classes != 2:
            raise ValueError("a topic expert needs exactly two labels")
        if self.nb_smoothing:
            raise ValueError("a topic expert is not learnt with NB-LR (nb_smoothing 0)")
        if expert_rows is None:
            raise ValueError("a topic expert needs expert_rows: the positives and hard negatives")
        topical = np.asarray(expert_rows, dtype=bool)
        if topical.shape != (len(labels),):
            raise ValueError(f"{topical.size} expert_rows for {len(labels)} texts")
        if len(set(np.asarray(labels)[topical].tolist())) != 2:
            raise ValueError("the topic expert's rows must hold both labels")
        return topical

    @staticmethod
    def _main_rows(
        main_rows: Sequence[bool] | None, labels: Sequence[str]
    ) -> npt.NDArray[np.bool_]:
        """``main_rows`` as a mask (all when None), checked: one per text, both labels."""
        if main_rows is None:
            return np.ones(len(labels), dtype=bool)
        main = np.asarray(main_rows, dtype=bool)
        if main.shape != (len(labels),):
            raise ValueError(f"{main.size} main_rows for {len(labels)} texts")
        if len(set(np.asarray(labels)[main].tolist())) < 2:
            raise ValueError("the first model's rows (main_rows) must hold at least two labels")
        return main

    def _learn_expert(
        self,
        matrix: sp.csr_matrix,
        target: npt.NDArray[np.str_],
        weights: FloatArray | None,
        topical: npt.NDArray[np.bool_],
    ) -> LogisticRegression:
        """The topic expert: the rows of ``topical`` only, the negatives among them weighted to
        the positives' total (the positive label's rows keep their weights)."""
        rows = np.flatnonzero(topical)
        row_weights = np.ones(len(rows)) if weights is None else np.array(weights[rows], float)
        positive = target[rows] == self._positive_class_of(sorted(set(target.tolist())))
        negative_total = row_weights[~positive].sum()
        if negative_total > 0:
            row_weights[~positive] *= row_weights[positive].sum() / negative_total
        return self._linear(True).fit(matrix[rows], target[rows], sample_weight=row_weights)

    def _margin_shift(self, classes: Sequence[str]) -> float:
        """``expert_margin`` as a shift of the log-odds of ``classes[1]``."""
        toward_second = self._positive_class_of(classes) == classes[1]
        return self.expert_margin if toward_second else -self.expert_margin

    def _positive_class_of(self, classes: Sequence[str]) -> str:
        if len(classes) == 2 and self.positive not in classes:
            return str(classes[1])
        return self.positive

    def _combined(self, decisions: FloatArray, expert: FloatArray) -> FloatArray:
        """The smaller of the two log-odds towards the positive label, as log-odds of
        ``classes_[1]``."""
        if self._positive_class() == self.classes_[1]:
            return np.minimum(decisions, expert)
        return np.maximum(decisions, expert)

    def _positive_class(self) -> str:
        return self._positive_class_of(self.classes_)

    def decision_function(self, texts: Sequence[str]) -> FloatArray:
        """Binary: log-odds of ``classes_[1]``; more labels: one column per label."""
        cleaned = [classifier_text(text) for text in texts]
        return self.decision_cleaned(cleaned)

    def decision_cleaned(self, cleaned: Sequence[str]) -> FloatArray:
        hasher = self.hasher
        hashed = hasher.n_features
        if self.coef_.shape[0] == 1:
            pieces, owner = passage_rows(cleaned, self.passage_chars)
            return self._per_text(self._passage_decisions(pieces), owner, len(cleaned))
        # the length band and stance cue terms: a few columns, read without the hashing
        columns_after = self._length_terms(cleaned, self.coef_) + self._cue_terms(
            cleaned, self.coef_
        )
        columns = [hasher.dot(cleaned, row[:hashed], self.idf_) for row in self.coef_]
        stacked: FloatArray = np.column_stack(columns) + columns_after.T + self.intercept_
        return stacked

    def _passage_decisions(self, cleaned: Sequence[str]) -> FloatArray:
        """Binary log-odds of ``classes_[1]`` of each cleaned text read whole."""
        if self.expert_coef_ is None:
            single: FloatArray = self._row_decisions(cleaned, self.coef_, self.intercept_)[0]
            return single
        first, expert = self._row_decisions(cleaned, *self._with_expert())
        return self._combined(first, expert)

    def _row_decisions(
        self,
        cleaned: Sequence[str],
        coef: npt.NDArray[np.float32],
        intercepts: npt.NDArray[np.float64],
    ) -> FloatArray:
        """The log-odds of each weight row of ``coef`` for each text (rows x texts); the texts
        are hashed once."""
        dots = self.hasher.dot_rows(cleaned, coef[:, : self.hasher.n_features], self.idf_)
        after = self._length_terms(cleaned, coef) + self._cue_terms(cleaned, coef)
        out: FloatArray = dots + after + intercepts[:, None]
        return out

    def _with_expert(self) -> tuple[npt.NDArray[np.float32], npt.NDArray[np.float64]]:
        """The first model's weight row and the expert's stacked (2 x columns) with their
        intercepts, made once per fitted or loaded state."""
        assert self.expert_coef_ is not None
        state = (id(self.coef_), id(self.expert_coef_), self.expert_intercept_)
        if self._stacked is None or self._stacked[0] != state:
            rows = np.vstack([self.coef_[0], self.expert_coef_]).astype(np.float32)
            intercepts = np.array([float(self.intercept_[0]), self.expert_intercept_])
            self._stacked = (state, rows, intercepts)
        return self._stacked[1], self._stacked[2]

    def vetoes(self, cleaned: Sequence[str]) -> FloatArray:
        """How far the topic expert lowered each cleaned text's log-odds of the positive label
        (0 or less; zeros without ``expert``)."""
        if self.expert_coef_ is None:
            return np.zeros(len(cleaned))
        if self.passage_chars:
            cleaned = self._best_passages(cleaned)
        first, expert = self._row_decisions(cleaned, *self._with_expert())
        lowered: FloatArray = np.minimum(expert - first, 0.0)
        if self._positive_class() != self.classes_[1]:
            lowered = np.minimum(first - expert, 0.0)
        return lowered

    def predict_proba(self, texts: Sequence[str]) -> FloatArray:
        """One row per text, one column per label in ``classes_`` order."""
        return self.proba_from_decision(self.decision_function(texts))

    def proba_from_decision(self, decisions: FloatArray) -> FloatArray:
        if decisions.ndim == 1:
            second = self.calibration_(decisions) if self.calibration_ else sigmoid(decisions)
            return np.column_stack([1.0 - second, second])
        shifted = np.exp(decisions - decisions.max(axis=1, keepdims=True))
        out: FloatArray = shifted / shifted.sum(axis=1, keepdims=True)
        return out

    def predict(self, texts: Sequence[str]) -> list[str]:
        proba = self.predict_proba(texts)
        return [self.classes_[index] for index in proba.argmax(axis=1)]

    def explain(
        self, text: str, top: int = 5, by: ExplainBy = ExplainBy.WORD
    ) -> list[Contribution]:
        """The ``top`` words (or n-grams) of ``text`` that moved the positive label's log-odds
        most, and its length band, stance cues and the topic expert's veto when they are among
        them; strongest first."""
        return self.explain_cleaned(classifier_text(text), top, by)

    def explain_cleaned(
        self, cleaned: str, top: int = 5, by: ExplainBy = ExplainBy.WORD
    ) -> list[Contribution]:
        """:meth:`explain` of an already cleaned text (see :func:`classifier_text`)."""
        return self.explain_many([cleaned], top, by)[0]

    def explain_many(
        self, cleaned: Sequence[str], top: int = 5, by: ExplainBy = ExplainBy.WORD
    ) -> list[list[Contribution]]:
        """:meth:`explain_cleaned` of each already cleaned text, in order: the n-grams of a
        chunk of texts are hashed and attributed together (about four times faster than one
        by one, with the same answers: each text's terms are summed in the same order either
        way)."""
        if top <= 0:
            return [[] for _ in cleaned]
        if self.passage_chars and self.coef_.shape[0] == 1:
            cleaned = self._best_passages(cleaned)
        by = ExplainBy(by)
        weights = self._explained_weights()
        bins = self.length_bins
        bands = [
            Contribution(length_band_name(band, bins), self._length_push(band, weights))
            for band in range(len(bins) + 1 if bins else 0)
        ]
        cues_learnt = bool(self.cue_weight or self.arabic_cue_weight)
        cue_pushes = self._cue_pushes(weights, self._cue_start, self.cue_weight)
        arabic_pushes = self._cue_pushes(weights, self._arabic_cue_start, self.arabic_cue_weight)
        out: list[list[Contribution]] = []
        for first in range(0, len(cleaned), _EXPLAIN_CHUNK):
            chunk = cleaned[first : first + _EXPLAIN_CHUNK]
            hashed = self.hasher.hashes_with_lengths(chunk)
            if by is ExplainBy.WORD:
                found = _by_word(chunk, hashed, weights, top, self.idf_)
            else:
                found = _by_ngram(self.hasher.n_features, chunk, hashed, weights, top, self.idf_)
            cues = cues_of(chunk) if cues_learnt else [[] for _ in chunk]
            vetoes = self._hashed_vetoes(chunk, hashed[:2], cues).tolist()
            for text, items, held, veto in zip(chunk, found, cues, vetoes, strict=True):
                pushes = cue_pushes
                if held and self.arabic_cue_weight and mostly_arabic(text):
                    pushes = [a + b for a, b in zip(cue_pushes, arabic_pushes, strict=True)]
                extra = [
                    Contribution(cue_feature_name(index), pushes[index])
                    for index in held
                    if pushes[index]
                ]
                if veto:
                    extra.append(Contribution(VETO_FEATURE, veto))
                if bins:
                    band = bands[length_band(text, bins)]
                    if band.weight:
                        extra.append(band)
                if extra:
                    items.extend(extra)
                    items.sort(key=_strength)
                out.append(items[:top])
        return out

    def _hashed_vetoes(
        self,
        chunk: Sequence[str],
        hashed: tuple[npt.NDArray[np.int64], npt.NDArray[np.int64]],
        cues: Sequence[Sequence[int]],
    ) -> FloatArray:
        """:meth:`vetoes` of a chunk from its n-grams' (rows, columns) and the cue categories
        each text holds, as :meth:`explain_many` has them (the texts are not hashed again)."""
        if self.expert_coef_ is None:
            return np.zeros(len(chunk))
        coef, intercepts = self._with_expert()
        rows, cols = hashed
        scale = occurrence_values(rows, cols, len(chunk), self.idf_, np.float64)
        decisions = np.empty((2, len(chunk)))
        for index, row in enumerate(coef):
            decisions[index] = np.bincount(
                rows, weights=row[cols].astype(np.float64) * scale, minlength=len(chunk)
            )
        decisions += self._length_terms(chunk, coef) + self._cue_terms(chunk, coef, cues)
        decisions += intercepts[:, None]
        first, expert = decisions
        if self._positive_class() != self.classes_[1]:
            first, expert = expert, first
        lowered: FloatArray = np.minimum(expert - first, 0.0)
        return lowered

    @staticmethod
    def _cue_pushes(weights: npt.NDArray[np.float32], start: int, value: float) -> list[float]:
        """Each stance-cue category's term from the block of columns at ``start`` (zeros when
        ``value`` is 0: the model has no such block)."""
        if not value:
            return [0.0] * len(STANCE_CUES)
        return [float(weights[start + index]) * value for index in range(len(STANCE_CUES))]

    def _length_push(self, band: int, weights: npt.NDArray[np.float32]) -> float:
        """The length band's term, less the training texts' average band term when known."""
        value = band_weights(self.length_bins, self.length_weight)[band]
        pushed = float(weights[self.hasher.n_features + band]) * float(value)
        return pushed - self._average_band_term(weights)

    def _average_band_term(self, weights: npt.NDArray[np.float32]) -> float:
        """The training texts' average length-band term (0 without bands or their shares)."""
        if not self.length_bins or self.length_shares_ is None:
            return 0.0
        shares = np.asarray(self.length_shares_, dtype=np.float64)
        bands = weights[self.hasher.n_features : self._cue_start].astype(np.float64)
        return float((bands * band_weights(self.length_bins, self.length_weight)) @ shares)

    def explanation_baseline(self) -> float:
        """The positive label's log-odds that no feature of an explanation accounts for: the
        intercept (and the training texts' average length-band term; a stance cue the text
        does not hold adds nothing). An explanation with every
        feature (``top`` large) adds up with it to :meth:`decision_function` (negated when the
        positive label is ``classes_[0]`` of two)."""
        positive = self._positive_class()
        if self.coef_.shape[0] == 1:
            sign = 1.0 if positive == self.classes_[1] else -1.0
            baseline = sign * float(self.intercept_[0])
        else:
            baseline = float(self.intercept_[self.classes_.index(positive)])
        return baseline + self._average_band_term(self._explained_weights())

    def _explained_weights(self) -> npt.NDArray[np.float32]:
        """The positive label's weight row (negated for ``classes_[0]`` of two), made once per
        fitted or loaded state: negating a million weights for every explanation cost more
        than the explanation."""
        positive = self._positive_class()
        state = (id(self.coef_), positive, self.classes_)
        cached = self._explained
        if cached is not None and cached[0] == state:
            weights: npt.NDArray[np.float32] = cached[1]
            return weights
        if self.coef_.shape[0] == 1:
            sign = 1.0 if positive == self.classes_[1] else -1.0
            weights = self.coef_[0] * np.float32(sign)
        else:
            weights = self.coef_[self.classes_.index(positive)]
        self._explained = (state, weights)
        return weights


def _nb_scale(
    matrix: sp.csr_matrix,
    second: npt.NDArray[np.bool_],
    weights: FloatArray | None,
    hashed: int,
    smoothing: float,
) -> FloatArray:
    """The NB-LR column scale: for each n-gram column, the log ratio of its smoothed, weighted
    document frequency among the rows of ``second`` to that among the others (each side's
    weights summing to its number of rows); 1 for the columns after ``hashed`` (length bands).
    """
    present = (matrix[:, :hashed] > 0).astype(np.float64)
    weights = np.ones(matrix.shape[0]) if weights is None else np.asarray(weights, np.float64)
    scale = np.ones(matrix.shape[1])
    ratio = np.zeros(hashed)
    for side, sign in ((second, 1.0), (~second, -1.0)):
        side_weights = weights * side
        side_weights *= side.sum() / side_weights.sum()
        counts = np.asarray(present.T @ side_weights).ravel() + smoothing
        ratio += sign * np.log(counts / counts.sum())
    scale[:hashed] = ratio
    return scale


#: Texts explained together: their arrays stay in the processor caches.
_EXPLAIN_CHUNK = 256


def _strength(item: Contribution) -> float:
    return -abs(item.weight)


def _pair_strength(pair: tuple[str, float]) -> float:
    return -abs(pair[1])


#: A chunk's n-gram occurrences as :meth:`NgramHasher.hashes_with_lengths` gives them: (row,
#: column, offset in the padded text, length).
Hashed = tuple[
    npt.NDArray[np.int64], npt.NDArray[np.int64], npt.NDArray[np.int64], npt.NDArray[np.int64]
]


def _terms(
    n_texts: int,
    hashed: Hashed,
    weights: npt.NDArray[np.float32],
    idf: npt.NDArray[np.float32] | None = None,
) -> tuple[
    npt.NDArray[np.int64],
    npt.NDArray[np.int64],
    npt.NDArray[np.int64],
    npt.NDArray[np.int64],
    npt.NDArray[np.float64],
]:
    """Every n-gram occurrence of the chunk: (row, column, offset, length, term), where the
    term is its part of the log-odds: the weight times the occurrence's value (1 / sqrt(the
    text's n-gram count), or weighed by ``idf``)."""
    rows, cols, offsets, lengths = hashed
    terms = weights[cols].astype(np.float64) * occurrence_values(
        rows, cols, n_texts, idf, np.float64
    )
    return rows, cols, offsets, lengths, terms


def _by_ngram(
    n_features: int,
    chunk: Sequence[str],
    hashed: Hashed,
    weights: npt.NDArray[np.float32],
    top: int,
    idf: npt.NDArray[np.float32] | None = None,
) -> list[list[Contribution]]:
    """Per text, its ``top`` distinct n-grams (hashed columns) by the magnitude of the sum of
    their terms, strongest first (ties in column order)."""
    rows, cols, offsets, lengths, terms = _terms(len(chunk), hashed, weights, idf)
    # One key per (text, column); sorted keys group each text's columns in column order.
    keys, first, inverse = np.unique(
        rows * n_features + cols, return_index=True, return_inverse=True
    )
    totals = np.bincount(inverse, weights=terms)
    bounds = np.searchsorted(keys // n_features, np.arange(len(chunk) + 1))
    out: list[list[Contribution]] = []
    for row, text in enumerate(chunk):
        low, high = bounds[row], bounds[row + 1]
        mine = totals[low:high]
        items = []
        padded = f" {text} "
        for index in np.argsort(-np.abs(mine), kind="stable")[:top]:
            if mine[index] == 0:
                break
            at = first[low + index]
            gram = padded[offsets[at] : offsets[at] + lengths[at]]
            items.append(Contribution(gram, float(mine[index])))
        out.append(items)
    return out


def _by_word(
    chunk: Sequence[str],
    hashed: Hashed,
    weights: npt.NDArray[np.float32],
    top: int,
    idf: npt.NDArray[np.float32] | None = None,
) -> list[list[Contribution]]:
    """Per text, its ``top`` distinct words by the magnitude of their share of the terms of the
    n-grams that span them, strongest first (ties in the order of the words).

    An occurrence's term is spread evenly over its characters that are not spaces (the padding
    and the single spaces between words), so a word gets the part of the term that fell on its
    letters; the terms of a word that occurs more than once are summed.
    """
    rows, _, offsets, lengths, terms = _terms(len(chunk), hashed, weights, idf)
    padded = [f" {text} " for text in chunk]
    # The padded texts end to end (as hashed, less the separators): a position for every
    # character of the chunk.
    sizes = np.fromiter((len(item) for item in padded), dtype=np.int64, count=len(padded))
    starts = np.concatenate(([0], np.cumsum(sizes)[:-1])) if len(padded) else sizes
    joined = "".join(padded)
    letters = np.frombuffer(joined.encode("utf-32-le"), dtype=np.uint32) != ord(" ")
    before = np.concatenate(([0], np.cumsum(letters)))
    begin = starts[rows] + offsets
    inside = before[begin + lengths] - before[begin]
    # Each occurrence's letters, one entry each, in the order of the occurrences, so a word's
    # shares are summed in the same order whichever texts are explained with it.
    spans = np.repeat(begin - np.cumsum(lengths) + lengths, lengths)
    position = spans + np.arange(int(lengths.sum()))
    share = np.repeat(np.where(inside > 0, terms / np.maximum(inside, 1), 0.0), lengths)
    on_letter = letters[position]
    word_starts = letters & ~np.concatenate(([False], letters[:-1]))
    word_of = np.cumsum(word_starts) - 1
    totals = np.bincount(
        word_of[position[on_letter]],
        weights=share[on_letter],
        minlength=int(word_starts.sum()),
    ).tolist()
    out: list[list[Contribution]] = []
    word = 0
    spaces_only = np.flatnonzero(inside == 0)
    for text in padded:
        found: dict[str, float] = {}
        for item in text.split():
            found[item] = found.get(item, 0.0) + totals[word]
            word += 1
        pairs = sorted(((w, total) for w, total in found.items() if total), key=_pair_strength)
        out.append([Contribution(item, total) for item, total in pairs[:top]])
    # Only the empty text has n-grams of spaces alone (and no word): named as they are.
    for at in spaces_only:
        row = int(rows[at])
        gram = padded[row][offsets[at] : offsets[at] + lengths[at]]
        out[row].append(Contribution(gram, float(terms[at])))
        out[row].sort(key=_strength)
        del out[row][top:]
    return out
