"""The fast model: hashed character n-grams of the cleaned text with a linear classifier.

Language-agnostic (Arabic, French and English alike), tens of thousands of posts a second on
one core, calibrated, and explainable: each prediction can name the n-grams that pushed its
score most. Optionally the model also learns a bias per length band of the cleaned text
(``length_bins``, see :func:`~nohaven.classify.features.length_columns`); an explanation then
names the band too when it pushed the score among the most.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Self

import numpy as np
import numpy.typing as npt
import scipy.sparse as sp
from sklearn.linear_model import LogisticRegression

from nohaven.classify.calibration import FloatArray, Platt, out_of_fold, sigmoid
from nohaven.classify.features import (
    NgramHasher,
    check_length_bins,
    classifier_text,
    length_band,
    length_band_name,
    length_bands,
    length_columns,
)

__all__ = ["Contribution", "NgramClassifier"]


@dataclass(frozen=True, slots=True)
class Contribution:
    """One n-gram of a post and how far it moved the post's score (log-odds, + is positive)."""

    ngram: str
    weight: float

    def __str__(self) -> str:
        # Spaces shown as "␣": " ab" (a word start) and "ab " (a word end) differ.
        return f"{self.ngram.replace(' ', '␣')}({self.weight:+.2f})"


class NgramClassifier:
    """scikit-learn style: ``__init__`` stores settings, ``fit`` learns, state ends in ``_``.

    ``positive`` names the label whose probability is the score. With two labels the scores
    are Platt-calibrated on grouped out-of-fold decisions when ``fit`` gets ``groups``.
    ``length_bins`` (increasing character counts of the cleaned text; empty: none) adds one
    feature per length band, of value ``length_weight``, after the hashed n-grams.
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
        length_weight: float = 1.0,
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

    @property
    def hasher(self) -> NgramHasher:
        return NgramHasher(self.min_n, self.max_n, self.bits)

    @property
    def n_features(self) -> int:
        """Hashed n-gram columns, then one column per length band (when ``length_bins``)."""
        bands = len(self.length_bins) + 1 if self.length_bins else 0
        return self.hasher.n_features + bands

    def features(self, cleaned: Sequence[str]) -> sp.csr_matrix:
        """The feature matrix of already cleaned texts: hashed n-grams, then length bands."""
        matrix = self.hasher.transform(cleaned)
        if not self.length_bins:
            return matrix
        bands = length_columns(cleaned, self.length_bins, self.length_weight)
        return sp.hstack([matrix, bands], format="csr")

    def _length_terms(self, cleaned: Sequence[str]) -> FloatArray:
        """Each weight row's length-band term for each text (rows x texts); zeros without
        ``length_bins``."""
        if not self.length_bins:
            return np.zeros((self.coef_.shape[0], len(cleaned)))
        columns = self.hasher.n_features + length_bands(cleaned, self.length_bins)
        terms: FloatArray = self.coef_[:, columns].astype(np.float64) * self.length_weight
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
    ) -> Self:
        """Learn from ``texts`` and their ``labels``; ``groups`` (accounts) enable calibration."""
        if len(texts) != len(labels):
            raise ValueError(f"{len(texts)} texts but {len(labels)} labels")
        classes = sorted(set(labels))
        if len(classes) < 2:
            raise ValueError(f"training needs at least two labels, found {classes}")
        check_length_bins(self.length_bins, self.length_weight)
        matrix = self.features([classifier_text(text) for text in texts])
        target = np.asarray(labels)
        binary = len(classes) == 2
        model = self._linear(binary).fit(matrix, target, sample_weight=sample_weight)
        self.classes_ = tuple(str(item) for item in model.classes_)
        self.coef_ = model.coef_.astype(np.float32)
        self.intercept_ = model.intercept_.astype(np.float64)
        self.calibration_: Platt | None = None
        if binary and groups is not None:
            # Calibrated like the decisions: the probability of classes_[1], whichever label
            # is the positive one (predict_proba puts it in that column).
            second = target == self.classes_[1]

            def fit_and_decide(
                train: npt.NDArray[np.int64], test: npt.NDArray[np.int64]
            ) -> FloatArray:
                weights = None if sample_weight is None else sample_weight[train]
                fold = self._linear(True).fit(matrix[train], target[train], sample_weight=weights)
                decided: FloatArray = fold.decision_function(matrix[test])
                return decided if fold.classes_[1] == self.classes_[1] else -decided

            decisions = out_of_fold(fit_and_decide, groups, self.folds)
            self.calibration_ = Platt.fit(decisions, second, sample_weight)
            self.oof_decision_ = decisions
        return self

    def _positive_class(self) -> str:
        if len(self.classes_) == 2 and self.positive not in self.classes_:
            return self.classes_[1]
        return self.positive

    def decision_function(self, texts: Sequence[str]) -> FloatArray:
        """Binary: log-odds of ``classes_[1]``; more labels: one column per label."""
        cleaned = [classifier_text(text) for text in texts]
        return self.decision_cleaned(cleaned)

    def decision_cleaned(self, cleaned: Sequence[str]) -> FloatArray:
        hasher = self.hasher
        hashed = hasher.n_features
        lengths = self._length_terms(cleaned)
        if self.coef_.shape[0] == 1:
            out: FloatArray = (
                hasher.dot(cleaned, self.coef_[0, :hashed]) + lengths[0] + self.intercept_[0]
            )
            return out
        columns = [hasher.dot(cleaned, row[:hashed]) for row in self.coef_]
        stacked: FloatArray = np.column_stack(columns) + lengths.T + self.intercept_
        return stacked

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

    def explain(self, text: str, top: int = 5) -> list[Contribution]:
        """The ``top`` n-grams of ``text`` that moved the positive label's log-odds most."""
        return self.explain_cleaned(classifier_text(text), top)

    def explain_cleaned(self, cleaned: str, top: int = 5) -> list[Contribution]:
        """:meth:`explain` of an already cleaned text (see :func:`classifier_text`)."""
        if top <= 0:
            return []
        weights = self._explained_weights()
        out: list[Contribution] = []
        cols, offsets, lengths = self.hasher.occurrences(cleaned)
        if len(cols):
            ngram_weights = weights[cols].astype(np.float64) / np.sqrt(len(cols))
            _, first, inverse = np.unique(cols, return_index=True, return_inverse=True)
            totals = np.bincount(inverse, weights=ngram_weights)
            order = np.argsort(-np.abs(totals), kind="stable")[:top]
            padded = f" {cleaned} "
            for index in order:
                if totals[index] == 0:
                    break
                at = first[index]
                ngram = padded[offsets[at] : offsets[at] + lengths[at]]
                out.append(Contribution(ngram, float(totals[index])))
        if self.length_bins:
            band = length_band(cleaned, self.length_bins)
            pushed = float(weights[self.hasher.n_features + band]) * self.length_weight
            if pushed:
                out.append(Contribution(length_band_name(band, self.length_bins), pushed))
                out.sort(key=lambda item: -abs(item.weight))
        return out[:top]

    def _explained_weights(self) -> npt.NDArray[np.float32]:
        positive = self._positive_class()
        if self.coef_.shape[0] == 1:
            sign = 1.0 if positive == self.classes_[1] else -1.0
            weights: npt.NDArray[np.float32] = self.coef_[0] * np.float32(sign)
            return weights
        row: npt.NDArray[np.float32] = self.coef_[self.classes_.index(positive)]
        return row
