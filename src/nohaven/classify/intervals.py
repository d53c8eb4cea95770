"""How sure an evaluation figure is: intervals from resampling whole accounts.

The test split holds few propaganda accounts (the split is by account), and an account's tweets
are alike: a figure measured on them varies with which accounts happen to be in the test split
far more than a count of tweets suggests. Each interval here comes from a stratified cluster
bootstrap: every draw resamples, with replacement, the groups (accounts, surahs, outlets,
blocks of rows: :attr:`~nohaven.classify.corpus.Example.group`) of the positives and of each
negative family apart, keeping their numbers, and recomputes the figure with each text weighed
by how often its group was drawn. The percentile interval of the draws is reported.

With a handful of groups (11 positive accounts in the default test split) a percentile bootstrap
is itself rough and tends to be too narrow; the card says so beside the figures. Deterministic:
a fixed seed, so ``nohaven evaluate`` reproduces the card.
"""

from __future__ import annotations

import zlib
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

__all__ = [
    "AccountRecall",
    "Interval",
    "LabelSpread",
    "Spread",
    "account_recall",
    "grouped_spread",
    "label_spread",
]

DRAWS = 1000
LEVEL = 0.95
SEED = 20261205
_CHUNK = 50  # draws weighed at once (memory: _CHUNK x texts floats)


@dataclass(frozen=True, slots=True)
class Interval:
    """A percentile interval of a figure over the draws."""

    low: float
    high: float

    def as_json(self) -> list[float]:
        return [round(self.low, 5), round(self.high, 5)]


@dataclass(frozen=True, slots=True)
class Spread:
    """Intervals of the figures of positives against one set of negatives at one threshold
    (None: a class is missing)."""

    positive_groups: int
    negative_groups: int
    recall: Interval | None
    false_positive_rate: Interval | None
    roc_auc: Interval | None

    def as_json(self) -> dict[str, object]:
        return {
            "positive_groups": self.positive_groups,
            "negative_groups": self.negative_groups,
            "recall": None if self.recall is None else self.recall.as_json(),
            "false_positive_rate": (
                None if self.false_positive_rate is None else self.false_positive_rate.as_json()
            ),
            "roc_auc": None if self.roc_auc is None else self.roc_auc.as_json(),
        }


@dataclass(frozen=True, slots=True)
class AccountRecall:
    """How the recall spreads over the positive accounts (none named: counts only)."""

    accounts: int
    lowest: float | None
    median: float | None
    highest: float | None
    at_least: dict[str, int]  # "0.7": accounts whose recall is at least 70%

    def as_json(self) -> dict[str, object]:
        def rounded(value: float | None) -> float | None:
            return None if value is None else round(value, 5)

        return {
            "accounts": self.accounts,
            "lowest": rounded(self.lowest),
            "median": rounded(self.median),
            "highest": rounded(self.highest),
            "at_least": self.at_least,
        }


def account_recall(
    flagged: npt.NDArray[np.bool_],
    groups: Sequence[str] | npt.NDArray[np.str_],
    marks: Sequence[float] = (0.5, 0.7),
) -> AccountRecall:
    """Each positive account's recall (``flagged`` and ``groups`` of its texts), summarised."""
    names, index = np.unique(np.asarray(groups, dtype=str), return_inverse=True)
    if not len(names):
        return AccountRecall(0, None, None, None, {f"{mark:g}": 0 for mark in marks})
    found = np.bincount(index, weights=flagged.astype(np.float64), minlength=len(names))
    texts = np.bincount(index, minlength=len(names))
    recalls = found / texts
    return AccountRecall(
        accounts=len(names),
        lowest=float(recalls.min()),
        median=float(np.median(recalls)),
        highest=float(recalls.max()),
        at_least={f"{mark:g}": int((recalls >= mark - 1e-12).sum()) for mark in marks},
    )


def grouped_spread(
    scores: npt.NDArray[np.float64],
    positive: npt.NDArray[np.bool_],
    strata: Sequence[str] | npt.NDArray[np.str_],
    groups: Sequence[str] | npt.NDArray[np.str_],
    threshold: float,
    *,
    draws: int = DRAWS,
    level: float = LEVEL,
    seed: int = SEED,
) -> Spread:
    """Intervals of recall, false-positive rate and ROC-AUC of ``scores`` (positives against
    the rest), resampling the groups within each stratum (``strata``: a text's family; the
    positives are one stratum whatever it says)."""
    n = len(scores)
    if not (len(positive) == len(strata) == len(groups) == n):
        raise ValueError("scores, positive, strata and groups must be of one length")
    stratum = np.where(positive, _POSITIVE, np.asarray(strata, dtype=str))
    draws_of = _Draws(stratum, groups, seed)
    positive_groups = int((draws_of.group_stratum == _POSITIVE).sum())
    negative_groups = len(draws_of.group_stratum) - positive_groups
    has_both = positive.any() and (~positive).any()
    flagged = scores >= threshold
    _, score_bin = np.unique(scores, return_inverse=True)
    bins = int(score_bin.max()) + 1 if n else 0
    recall: list[float] = []
    fpr: list[float] = []
    auc: list[float] = []
    for row in draws_of.weights(draws):
        pos_w = row * positive
        neg_w = row * ~positive
        pos_total, neg_total = pos_w.sum(), neg_w.sum()
        if pos_total > 0:
            recall.append(float(pos_w[flagged].sum() / pos_total))
        if neg_total > 0:
            fpr.append(float(neg_w[flagged].sum() / neg_total))
        if has_both and pos_total > 0 and neg_total > 0:
            auc.append(_weighted_auc(score_bin, bins, pos_w, neg_w, pos_total, neg_total))
    return Spread(
        positive_groups=positive_groups,
        negative_groups=negative_groups,
        recall=_interval(recall, level),
        false_positive_rate=_interval(fpr, level),
        roc_auc=_interval(auc, level) if has_both else None,
    )


@dataclass(frozen=True, slots=True)
class LabelSpread:
    """Intervals of a classifier's accuracy and of each label's precision and recall (None: the
    label was never true, or never said, in any draw)."""

    groups: int
    accuracy: Interval | None
    precision: dict[str, Interval | None]
    recall: dict[str, Interval | None]

    def as_json(self) -> dict[str, object]:
        def each(intervals: dict[str, Interval | None]) -> dict[str, list[float] | None]:
            return {
                label: None if interval is None else interval.as_json()
                for label, interval in intervals.items()
            }

        return {
            "groups": self.groups,
            "accuracy": None if self.accuracy is None else self.accuracy.as_json(),
            "precision": each(self.precision),
            "recall": each(self.recall),
        }


def label_spread(
    predicted: Sequence[str],
    truth: Sequence[str],
    groups: Sequence[str],
    labels: Sequence[str],
    *,
    draws: int = DRAWS,
    level: float = LEVEL,
    seed: int = SEED,
) -> LabelSpread:
    """Intervals of accuracy and of each label's precision and recall, resampling the groups
    (accounts) of each true label apart, as :func:`grouped_spread` resamples each family."""
    if not (len(predicted) == len(truth) == len(groups)):
        raise ValueError("predicted, truth and groups must be of one length")
    said = np.asarray(predicted, dtype=str)
    true = np.asarray(truth, dtype=str)
    right = said == true
    draws_of = _Draws(true, groups, seed)
    accuracy: list[float] = []
    precision: dict[str, list[float]] = {label: [] for label in labels}
    recall: dict[str, list[float]] = {label: [] for label in labels}
    masks = {label: (said == label, true == label) for label in labels}
    for row in draws_of.weights(draws) if len(true) else iter(()):
        total = row.sum()
        if total > 0:
            accuracy.append(float(row[right].sum() / total))
        for label, (is_said, is_true) in masks.items():
            hits = float(row[is_said & is_true].sum())
            said_weight, true_weight = float(row[is_said].sum()), float(row[is_true].sum())
            if said_weight > 0:
                precision[label].append(hits / said_weight)
            if true_weight > 0:
                recall[label].append(hits / true_weight)
    return LabelSpread(
        groups=len(np.unique(np.asarray(groups, dtype=str))) if len(true) else 0,
        accuracy=_interval(accuracy, level),
        precision={label: _interval(values, level) for label, values in precision.items()},
        recall={label: _interval(values, level) for label, values in recall.items()},
    )


_POSITIVE = "\x00positive"


class _Draws:
    """The draws of a stratified cluster bootstrap: each draw resamples, with replacement, the
    groups of every stratum apart, keeping their numbers; a text weighs how often its group was
    drawn. One generator per stratum, seeded by its name: a stratum is resampled alike whatever
    else is compared (the positives' recall interval is the same against every family)."""

    def __init__(
        self,
        strata: Sequence[str] | npt.NDArray[np.str_],
        groups: Sequence[str] | npt.NDArray[np.str_],
        seed: int,
    ) -> None:
        keys = np.char.add(
            np.char.add(np.asarray(strata, dtype=str), "\x01"), np.asarray(groups, dtype=str)
        )
        names, self.group_of = np.unique(keys, return_inverse=True)
        self.group_stratum = np.asarray([name.split("\x01", 1)[0] for name in names.tolist()])
        self.members = [
            (
                np.flatnonzero(self.group_stratum == name),
                np.random.default_rng([seed, zlib.crc32(name.encode("utf-8"))]),
            )
            for name in np.unique(self.group_stratum).tolist()
        ]

    def weights(self, draws: int) -> Iterator[npt.NDArray[np.float64]]:
        """Each draw's weight per text, a chunk of draws at a time."""
        count = len(self.group_stratum)
        for start in range(0, draws, _CHUNK):
            size = min(_CHUNK, draws - start)
            counts = np.zeros((size, count))
            for chosen, rng in self.members:
                picks = rng.integers(0, len(chosen), size=(size, len(chosen)))
                for row in range(size):
                    counts[row] += np.bincount(chosen[picks[row]], minlength=count)
            yield from counts[:, self.group_of]


def _weighted_auc(
    score_bin: npt.NDArray[np.intp],
    bins: int,
    pos_w: npt.NDArray[np.float64],
    neg_w: npt.NDArray[np.float64],
    pos_total: float,
    neg_total: float,
) -> float:
    """ROC-AUC with weighted texts: the weighted share of (positive, negative) pairs ranked
    right, ties counting half (what roc_auc_score gives with sample weights)."""
    pos_by_bin = np.bincount(score_bin, weights=pos_w, minlength=bins)
    neg_by_bin = np.bincount(score_bin, weights=neg_w, minlength=bins)
    below = np.cumsum(neg_by_bin) - neg_by_bin
    return float((pos_by_bin * (below + 0.5 * neg_by_bin)).sum() / (pos_total * neg_total))


def _interval(values: list[float], level: float) -> Interval | None:
    if not values:
        return None
    tail = (1.0 - level) / 2.0 * 100.0
    low, high = np.percentile(values, [tail, 100.0 - tail])
    return Interval(float(low), float(high))
