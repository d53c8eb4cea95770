"""Platt scaling: turn a model's decision values into calibrated probabilities.

Fitted on out-of-fold decision values (grouped folds, so an account's tweets never calibrate a
model that saw that account), and stored as two numbers in the model's JSON.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import GroupKFold

__all__ = ["Platt", "deal_seeds", "logit", "out_of_fold", "sigmoid"]

FloatArray = npt.NDArray[np.float64]


def sigmoid(values: FloatArray) -> FloatArray:
    out: FloatArray = 1.0 / (1.0 + np.exp(-np.clip(values, -500.0, 500.0)))
    return out


def logit(p: FloatArray, epsilon: float = 1e-6) -> FloatArray:
    """The log-odds of probabilities ``p`` (clipped away from 0 and 1)."""
    clipped = np.clip(p, epsilon, 1.0 - epsilon)
    out: FloatArray = np.log(clipped / (1.0 - clipped))
    return out


@dataclass(frozen=True, slots=True)
class Platt:
    """``p = sigmoid(slope * decision + offset)``."""

    slope: float = 1.0
    offset: float = 0.0

    @classmethod
    def fit(
        cls,
        decisions: FloatArray,
        positive: npt.NDArray[np.bool_],
        sample_weight: FloatArray | None = None,
    ) -> Platt:
        if positive.all() or not positive.any():
            raise ValueError("calibration needs both positive and negative examples")
        model = LogisticRegression(C=1e4)
        model.fit(decisions.reshape(-1, 1), positive.astype(int), sample_weight=sample_weight)
        return cls(float(model.coef_[0, 0]), float(model.intercept_[0]))

    def __call__(self, decisions: FloatArray) -> FloatArray:
        return sigmoid(self.slope * decisions + self.offset)

    def as_json(self) -> dict[str, float]:
        return {"slope": self.slope, "offset": self.offset}


def out_of_fold(
    fit_and_decide: Callable[[npt.NDArray[np.int64], npt.NDArray[np.int64]], FloatArray],
    groups: Sequence[str],
    folds: int = 5,
    seed: int | None = None,
) -> FloatArray:
    """Decision values for every example from a model that never saw its group.

    ``fit_and_decide(train_index, test_index)`` fits on the first and returns decisions of the
    second. The groups are dealt to the folds by size (scikit-learn's GroupKFold: largest
    first, each to the lightest fold); with ``seed``, in a random order instead, each still to
    the lightest fold: another deal of folds as balanced, to see how much a figure owes to the
    deal.
    """
    codes = np.unique(np.asarray(groups), return_inverse=True)[1]
    splits = min(folds, int(codes.max()) + 1)
    if splits < 2:
        raise ValueError("calibration needs examples from at least two groups")
    out = np.zeros(len(codes), dtype=np.float64)
    if seed is None:
        dummy = np.zeros((len(codes), 1))
        dealt = GroupKFold(n_splits=splits).split(dummy, groups=codes)
    else:
        dealt = _random_deal(codes, splits, seed)
    for train_index, test_index in dealt:
        out[test_index] = fit_and_decide(train_index, test_index)
    return out


def deal_seeds(deals: int, first: int | None = None) -> list[int | None]:
    """The ``seed`` of :func:`out_of_fold` for each of ``deals`` deals of the folds: ``first``
    (None: by size), then random deals 100, 101 ... (the same in training and benchmarks)."""
    return [first, *range(100, 99 + deals)]


def _random_deal(
    codes: npt.NDArray[np.int64], splits: int, seed: int
) -> Iterator[tuple[npt.NDArray[np.int64], npt.NDArray[np.int64]]]:
    """(train, test) indices of each fold, the groups dealt in a random order, each to the
    fold with the fewest examples so far."""
    sizes = np.bincount(codes)
    load = np.zeros(splits, dtype=np.int64)
    fold_of = np.zeros(len(sizes), dtype=np.int64)
    for group in np.random.default_rng(seed).permutation(len(sizes)).tolist():
        lightest = int(np.argmin(load))
        fold_of[group] = lightest
        load[lightest] += sizes[group]
    for fold in range(splits):
        held = fold_of[codes] == fold
        yield np.flatnonzero(~held), np.flatnonzero(held)
