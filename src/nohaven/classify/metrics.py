"""Evaluation figures: ranking quality, decisions at the threshold, calibration, prevalence.

Every figure comes with the number of examples behind it; a figure that needs both classes is
None when one is missing, never a made-up number.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict, dataclass

import numpy as np
import numpy.typing as npt
from sklearn.metrics import average_precision_score, roc_auc_score

from nohaven.classify.calibration import FloatArray

__all__ = [
    "Binary",
    "FlagRate",
    "binary_metrics",
    "calibration_error",
    "flag_rate",
    "precision_at_prevalence",
]

BoolArray = npt.NDArray[np.bool_]


def calibration_error(scores: FloatArray, positive: BoolArray, bins: int = 10) -> float | None:
    """Expected calibration error: the count-weighted mean gap between score and frequency."""
    if not len(scores):
        return None
    edges = np.linspace(0.0, 1.0, bins + 1)
    index = np.clip(np.digitize(scores, edges[1:-1]), 0, bins - 1)
    total = 0.0
    for bin_index in range(bins):
        inside = index == bin_index
        if inside.any():
            total += inside.sum() * abs(scores[inside].mean() - positive[inside].mean())
    return float(total / len(scores))


def precision_at_prevalence(recall: float, false_positive_rate: float, prevalence: float) -> float:
    """Precision if ``prevalence`` of the posts were propaganda (Bayes on recall and FPR)."""
    hits = prevalence * recall
    false = (1.0 - prevalence) * false_positive_rate
    return hits / (hits + false) if hits + false > 0 else 0.0


@dataclass(frozen=True, slots=True)
class Binary:
    """Figures of positives against one set of negatives at one threshold."""

    positives: int
    negatives: int
    roc_auc: float | None
    pr_auc: float | None
    precision: float | None
    recall: float | None
    false_positive_rate: float | None
    precision_at_1_percent: float | None
    precision_at_0_1_percent: float | None
    calibration_error: float | None

    def as_json(self) -> dict[str, float | int | None]:
        return {key: _rounded(value) for key, value in asdict(self).items()}


def _rounded(value: float | int | None) -> float | int | None:
    """Five decimals: a rate printed as a percentage with one decimal (0.6% for 20 of 3,096)
    must read the same from the JSON as from the figure itself, and four decimals round
    0.00646 to 0.0065, which prints as 0.7%."""
    return round(value, 5) if isinstance(value, float) else value


def binary_metrics(scores: FloatArray, positive: BoolArray, threshold: float) -> Binary:
    """ROC-AUC, PR-AUC, precision and recall at ``threshold``, precision at 1% and 0.1%
    prevalence, and calibration error."""
    n_pos = int(positive.sum())
    n_neg = int(len(positive) - n_pos)
    flagged = scores >= threshold
    both = n_pos > 0 and n_neg > 0
    recall = float(flagged[positive].mean()) if n_pos else None
    fpr = float(flagged[~positive].mean()) if n_neg else None
    precision = float(positive[flagged].mean()) if flagged.any() else None
    return Binary(
        positives=n_pos,
        negatives=n_neg,
        roc_auc=float(roc_auc_score(positive, scores)) if both else None,
        pr_auc=float(average_precision_score(positive, scores)) if both else None,
        precision=precision,
        recall=recall,
        false_positive_rate=fpr,
        precision_at_1_percent=(
            precision_at_prevalence(recall, fpr, 0.01)
            if recall is not None and fpr is not None
            else None
        ),
        precision_at_0_1_percent=(
            precision_at_prevalence(recall, fpr, 0.001)
            if recall is not None and fpr is not None
            else None
        ),
        calibration_error=calibration_error(scores, positive) if both else None,
    )


@dataclass(frozen=True, slots=True)
class FlagRate:
    """How often a set of texts is flagged at the threshold."""

    texts: int
    flagged: int
    rate: float | None
    mean_score: float | None

    def as_json(self) -> dict[str, float | int | None]:
        return {key: _rounded(value) for key, value in asdict(self).items()}


def flag_rate(scores: Sequence[float] | FloatArray, threshold: float) -> FlagRate:
    values = np.asarray(scores, dtype=np.float64)
    if not len(values):
        return FlagRate(0, 0, None, None)
    flagged = int((values >= threshold).sum())
    return FlagRate(len(values), flagged, flagged / len(values), float(values.mean()))
