"""Evaluation figures on hand-made examples whose values are worked out in the comments."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from nohaven.classify.metrics import (
    Binary,
    FlagRate,
    binary_metrics,
    calibration_error,
    flag_rate,
    precision_at_prevalence,
)


@pytest.mark.parametrize(
    ("recall", "fpr", "prevalence", "precision"),
    [
        pytest.param(1.0, 0.0, 0.01, 1.0, id="perfect"),
        pytest.param(0.5, 0.5, 0.5, 0.5, id="coin"),
        # 0.01 * 0.9 / (0.01 * 0.9 + 0.99 * 0.01) = 0.009 / 0.0189
        pytest.param(0.9, 0.01, 0.01, 0.009 / 0.0189, id="one-percent"),
        # 0.001 * 0.8 / (0.001 * 0.8 + 0.999 * 0.001) = 0.0008 / 0.001799
        pytest.param(0.8, 0.001, 0.001, 0.0008 / 0.001799, id="per-mille"),
        pytest.param(0.0, 0.0, 0.01, 0.0, id="nothing-flagged"),
        pytest.param(0.0, 0.2, 0.01, 0.0, id="only-false-positives"),
    ],
)
def test_precision_at_prevalence(
    recall: float, fpr: float, prevalence: float, precision: float
) -> None:
    assert precision_at_prevalence(recall, fpr, prevalence) == pytest.approx(precision)


# Positives score 0.95, 0.85, 0.65, 0.25; negatives 0.75, 0.45, 0.35, 0.15 (no score on a bin
# edge). Pairs ranked right: 4 + 4 + 3 + 1 = 12 of 16, so ROC-AUC 0.75. At 0.5: flagged 0.95,
# 0.85, 0.75, 0.65: recall 3/4, FPR 1/4, precision 3/4. Average precision: the positives come at
# ranks 1, 2, 4, 7: (1/1 + 2/2 + 3/4 + 4/7) / 4. Each score is alone in its bin, so the
# calibration error is the mean of |score - outcome|: (.05+.15+.35+.75 + .75+.45+.35+.15) / 8.
SCORES = np.array([0.95, 0.85, 0.75, 0.65, 0.45, 0.35, 0.25, 0.15])
POSITIVE = np.array([True, True, False, True, False, False, True, False])


def test_binary_metrics_hand_made() -> None:
    figures = binary_metrics(SCORES, POSITIVE, 0.5)
    assert (figures.positives, figures.negatives) == (4, 4)
    assert figures.roc_auc == pytest.approx(0.75)
    assert figures.pr_auc == pytest.approx((1 + 1 + 0.75 + 4 / 7) / 4)
    assert figures.recall == pytest.approx(0.75)
    assert figures.false_positive_rate == pytest.approx(0.25)
    assert figures.precision == pytest.approx(0.75)
    assert figures.precision_at_1_percent == pytest.approx(0.0075 / (0.0075 + 0.99 * 0.25))
    assert figures.precision_at_0_1_percent == pytest.approx(0.00075 / (0.00075 + 0.999 * 0.25))
    assert figures.calibration_error == pytest.approx(3.0 / 8)


@pytest.mark.parametrize(
    ("threshold", "recall", "fpr", "precision"),
    [
        pytest.param(0.0, 1.0, 1.0, 0.5, id="flag-all"),
        pytest.param(0.8, 0.5, 0.0, 1.0, id="high"),
        pytest.param(0.95, 0.25, 0.0, 1.0, id="at-the-top-score"),
        pytest.param(0.99, 0.0, 0.0, None, id="flag-none"),
    ],
)
def test_binary_metrics_threshold(
    threshold: float, recall: float, fpr: float, precision: float | None
) -> None:
    figures = binary_metrics(SCORES, POSITIVE, threshold)
    assert figures.recall == pytest.approx(recall)
    assert figures.false_positive_rate == pytest.approx(fpr)
    assert figures.precision == (None if precision is None else pytest.approx(precision))
    assert figures.roc_auc == pytest.approx(0.75)  # the ranking does not depend on it


@pytest.mark.parametrize(
    ("positive", "missing"),
    [
        pytest.param([True, True, True], "negatives", id="no-negatives"),
        pytest.param([False, False, False], "positives", id="no-positives"),
    ],
)
def test_binary_metrics_none_when_a_class_is_missing(positive: list[bool], missing: str) -> None:
    figures = binary_metrics(np.array([0.9, 0.6, 0.2]), np.array(positive), 0.5)
    assert figures.roc_auc is None and figures.pr_auc is None
    assert figures.calibration_error is None
    assert figures.precision_at_1_percent is None and figures.precision_at_0_1_percent is None
    if missing == "negatives":
        assert figures.false_positive_rate is None
        assert figures.recall == pytest.approx(2 / 3)
        assert figures.precision == 1.0
    else:
        assert figures.recall is None
        assert figures.false_positive_rate == pytest.approx(2 / 3)
        assert figures.precision == 0.0


def test_binary_metrics_empty() -> None:
    figures = binary_metrics(np.array([]), np.array([], dtype=bool), 0.5)
    assert (figures.positives, figures.negatives) == (0, 0)
    assert figures.recall is None and figures.precision is None and figures.roc_auc is None


def test_binary_as_json_rounds() -> None:
    figures = binary_metrics(SCORES, POSITIVE, 0.5)
    data = figures.as_json()
    assert data["pr_auc"] == round((1 + 1 + 0.75 + 4 / 7) / 4, 5)
    assert data["positives"] == 4
    assert set(data) == set(Binary.__dataclass_fields__)
    none = binary_metrics(np.array([0.9]), np.array([True]), 0.5).as_json()
    assert none["roc_auc"] is None


@pytest.mark.parametrize(
    ("scores", "positive", "error"),
    [
        pytest.param(
            [0.25] * 4 + [0.75] * 4,
            [True, False, False, False, True, True, True, False],
            0.0,
            id="perfectly-calibrated-bins",
        ),
        pytest.param([0.05, 0.05, 0.95, 0.95], [False, False, True, True], 0.05, id="sharp"),
        pytest.param([0.95, 0.95], [False, False], 0.95, id="confidently-wrong"),
        # bin [0.5, 0.6): mean score 0.55, frequency 0.5 -> gap 0.05 for all four
        pytest.param([0.52, 0.58, 0.51, 0.59], [True, False, True, False], 0.05, id="one-bin"),
        pytest.param([1.0, 0.0], [True, False], 0.0, id="edges"),
    ],
)
def test_calibration_error(scores: list[float], positive: list[bool], error: float) -> None:
    found = calibration_error(np.array(scores), np.array(positive))
    assert found == pytest.approx(error)


_SCORED = st.lists(st.tuples(st.floats(0.0, 1.0), st.booleans()), min_size=1, max_size=50)


@settings(max_examples=100, deadline=None)
@given(_SCORED, st.floats(0.0, 1.0))
def test_binary_metrics_bounds(scored: list[tuple[float, bool]], threshold: float) -> None:
    scores = np.array([score for score, _ in scored])
    positive = np.array([flag for _, flag in scored])
    figures = binary_metrics(scores, positive, threshold)
    assert figures.positives + figures.negatives == len(scored)
    for value in (
        figures.roc_auc,
        figures.pr_auc,
        figures.precision,
        figures.recall,
        figures.false_positive_rate,
        figures.precision_at_1_percent,
        figures.precision_at_0_1_percent,
        figures.calibration_error,
    ):
        assert value is None or 0.0 <= value <= 1.0 + 1e-12
    error = calibration_error(scores, positive)
    assert error is not None and 0.0 <= error <= 1.0


@settings(max_examples=100, deadline=None)
@given(st.floats(0.0, 1.0), st.floats(0.0, 1.0), st.floats(0.0001, 0.9999))
def test_precision_at_prevalence_grows_with_prevalence(
    recall: float, fpr: float, prevalence: float
) -> None:
    low = precision_at_prevalence(recall, fpr, prevalence / 2)
    high = precision_at_prevalence(recall, fpr, prevalence)
    assert 0.0 <= low <= high + 1e-12 <= 1.0 + 1e-12


def test_calibration_error_bins() -> None:
    # with one bin, only the overall mean matters
    scores = np.array([0.1, 0.9])
    positive = np.array([False, True])
    assert calibration_error(scores, positive, bins=1) == pytest.approx(0.0)
    assert calibration_error(scores, positive, bins=10) == pytest.approx(0.1)


def test_calibration_error_empty() -> None:
    assert calibration_error(np.array([]), np.array([], dtype=bool)) is None


@pytest.mark.parametrize(
    ("scores", "threshold", "expected"),
    [
        pytest.param([0.1, 0.5, 0.9, 0.4], 0.5, FlagRate(4, 2, 0.5, 0.475), id="at-threshold"),
        pytest.param([0.1, 0.2], 0.5, FlagRate(2, 0, 0.0, 0.15), id="none-flagged"),
        pytest.param([], 0.5, FlagRate(0, 0, None, None), id="empty"),
    ],
)
def test_flag_rate(scores: list[float], threshold: float, expected: FlagRate) -> None:
    found = flag_rate(scores, threshold)
    assert (found.texts, found.flagged) == (expected.texts, expected.flagged)
    assert found.rate == (None if expected.rate is None else pytest.approx(expected.rate))
    assert found.mean_score == (
        None if expected.mean_score is None else pytest.approx(expected.mean_score)
    )


def test_flag_rate_accepts_arrays_and_rounds() -> None:
    found = flag_rate(np.array([0.123456, 0.9]), 0.5)
    assert found.as_json() == {"texts": 2, "flagged": 1, "rate": 0.5, "mean_score": 0.51173}


def test_json_rate_prints_as_the_rate_itself() -> None:
    # 20 of 3,096 negatives flagged: 0.646%, printed 0.6%. Rounded to four decimals (0.0065)
    # it printed 0.7% in the CLI while the card, reading the figure itself, printed 0.6%.
    positive = np.array([True] * 10 + [False] * 3096)
    scores = np.concatenate([np.ones(10), np.ones(20), np.zeros(3076)])
    rate = binary_metrics(scores, positive, 0.5).as_json()["false_positive_rate"]
    assert isinstance(rate, float)
    assert f"{100 * rate:.1f}%" == f"{100 * 20 / 3096:.1f}%" == "0.6%"
