"""Intervals from resampling whole accounts (nohaven.classify.intervals)."""

from __future__ import annotations

import numpy as np
import pytest
from sklearn.metrics import roc_auc_score

from nohaven.classify.intervals import (
    _weighted_auc,
    account_recall,
    grouped_spread,
    label_spread,
)


def _data(accounts: int, per_account: int, seed: int = 3) -> tuple[np.ndarray, ...]:
    """Positives whose accounts differ (each account's own level of score), negatives in two
    families of many small groups."""
    rng = np.random.default_rng(seed)
    level = np.repeat(rng.uniform(0.4, 1.0, accounts), per_account)
    positive_scores = np.clip(level + rng.normal(0, 0.05, len(level)), 0, 1)
    negative_scores = rng.uniform(0.0, 0.7, 400)
    scores = np.concatenate([positive_scores, negative_scores])
    positive = np.arange(len(scores)) < len(positive_scores)
    groups = np.array(
        [f"a{i // per_account}" for i in range(len(positive_scores))]
        + [f"g{i % 40}" for i in range(400)]
    )
    strata = np.array(["propaganda"] * len(positive_scores) + ["news"] * 200 + ["quran"] * 200)
    return scores, positive, strata, groups


def test_weighted_auc_with_unit_weights_is_roc_auc_with_ties() -> None:
    scores = np.array([0.1, 0.4, 0.4, 0.4, 0.8, 0.9, 0.2, 0.8])
    positive = np.array([False, True, False, True, True, False, False, True])
    _, bins = np.unique(scores, return_inverse=True)
    found = _weighted_auc(
        bins,
        int(bins.max()) + 1,
        positive.astype(float),
        (~positive).astype(float),
        float(positive.sum()),
        float((~positive).sum()),
    )
    assert found == pytest.approx(roc_auc_score(positive, scores))


def test_the_intervals_hold_the_figures_and_are_reproducible() -> None:
    scores, positive, strata, groups = _data(accounts=12, per_account=30)
    spread = grouped_spread(scores, positive, strata, groups, 0.75, draws=300)
    assert spread.positive_groups == 12 and spread.negative_groups == 80  # 40 per family
    recall = float((scores[positive] >= 0.75).mean())
    auc = roc_auc_score(positive, scores)
    assert spread.recall is not None and spread.roc_auc is not None
    assert spread.recall.low < recall < spread.recall.high
    assert spread.roc_auc.low < auc <= spread.roc_auc.high
    again = grouped_spread(scores, positive, strata, groups, 0.75, draws=300)
    assert again == spread
    # the positives are resampled alike whatever they are compared with
    alone = ~positive & (strata == "news")
    chosen = positive | alone
    other = grouped_spread(
        scores[chosen], positive[chosen], strata[chosen], groups[chosen], 0.75, draws=300
    )
    assert other.recall == spread.recall


def test_few_accounts_give_a_wider_recall_interval_than_many() -> None:
    """The same 360 positive texts: in 4 accounts the figure is far less sure than in 120."""
    scores, positive, strata, _ = _data(accounts=120, per_account=3)
    few = np.array([f"a{i % 4}" for i in range(360)] + [f"g{i % 40}" for i in range(400)])
    many = np.array([f"a{i // 3}" for i in range(360)] + [f"g{i % 40}" for i in range(400)])
    # the scores follow the accounts of ``few``: texts of one account alike
    scores[:360] = np.where(np.arange(360) % 4 < 2, 0.9, 0.5)
    narrow = grouped_spread(scores, positive, strata, many, 0.75, draws=300).recall
    wide = grouped_spread(scores, positive, strata, few, 0.75, draws=300).recall
    assert narrow is not None and wide is not None
    assert wide.high - wide.low > 3 * (narrow.high - narrow.low)


def test_a_missing_class_has_no_interval_and_lengths_must_agree() -> None:
    scores = np.array([0.9, 0.8])
    only = grouped_spread(scores, np.array([True, True]), ["p", "p"], ["a", "b"], 0.85)
    assert only.roc_auc is None and only.false_positive_rate is None
    assert only.recall is not None and only.negative_groups == 0
    with pytest.raises(ValueError, match="one length"):
        grouped_spread(scores, np.array([True]), ["p", "p"], ["a", "b"], 0.5)


def test_account_recall_summarises_without_naming() -> None:
    flagged = np.array([True, True, False, False, True, True, True, False])
    groups = ["x", "x", "x", "x", "y", "y", "z", "z"]  # 50%, 100%, 50%
    summary = account_recall(flagged, groups)
    assert (summary.accounts, summary.lowest, summary.median, summary.highest) == (
        3,
        0.5,
        0.5,
        1.0,
    )
    assert summary.at_least == {"0.5": 3, "0.7": 1}
    assert "x" not in str(summary.as_json())
    assert account_recall(np.array([], dtype=bool), []).accounts == 0


def test_the_card_check_reads_an_interval_within_the_tolerance() -> None:
    from nohaven.classify.reproduce import TOLERANCE, _differences

    found: list[str] = []
    saved = {"spread": {"overall": {"recall": [0.5, 0.6]}}}
    _differences("", saved, {"spread": {"overall": {"recall": [0.5, 0.6 + TOLERANCE / 2]}}}, found)
    assert found == []
    _differences("", {"recall": [0.5, 0.6]}, {"recall": [0.5, 0.7]}, found)
    assert found == ["recall[1]: card 0.6, measured 0.7"]
    _differences("", {"recall": [0.5, 0.6]}, {"recall": None}, found)
    assert found[-1] == "recall: card [0.5, 0.6], measured None"


def test_label_spread_holds_each_label_s_figures() -> None:
    """Three labels of 20 accounts each; the accounts of "b" are half of them read as "c"."""
    truth, predicted, groups = [], [], []
    for label in ("a", "b", "c"):
        for account in range(20):
            for post in range(5):
                truth.append(label)
                groups.append(f"{label}{account}")
                wrong = label == "b" and account % 2 == 0 and post < 4
                predicted.append("c" if wrong else label)
    spread = label_spread(predicted, truth, groups, ("a", "b", "c"), draws=300)
    assert spread.groups == 60
    recall_b = spread.recall["b"]
    assert recall_b is not None and recall_b.low < 0.6 < recall_b.high
    precision_c = spread.precision["c"]
    assert precision_c is not None and precision_c.low < 100 / 140 < precision_c.high
    # every "a" is right in every draw
    assert spread.recall["a"] == spread.precision["a"]
    assert spread.recall["a"] is not None and spread.recall["a"].low == 1.0
    accuracy = spread.accuracy
    assert accuracy is not None and accuracy.low < 260 / 300 < accuracy.high
    assert label_spread(predicted, truth, groups, ("a", "b", "c"), draws=300) == spread
    assert spread.as_json()["recall"] == {
        label: None if interval is None else interval.as_json()
        for label, interval in spread.recall.items()
    }


def test_label_spread_of_a_label_never_said_or_never_true() -> None:
    spread = label_spread(["a", "a"], ["a", "b"], ["g1", "g2"], ("a", "b", "z"), draws=50)
    assert spread.precision["b"] is None and spread.recall["z"] is None
    assert spread.recall["b"] is not None and spread.recall["b"].high == 0.0
    empty = label_spread([], [], [], ("a",), draws=50)
    assert empty.accuracy is None and empty.groups == 0
    with pytest.raises(ValueError, match="one length"):
        label_spread(["a"], ["a", "b"], ["g"], ("a", "b"))
