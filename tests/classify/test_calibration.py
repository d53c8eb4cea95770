"""Platt scaling and grouped out-of-fold decisions."""

from __future__ import annotations

import numpy as np
import numpy.typing as npt
import pytest

from nohaven.classify.calibration import FloatArray, Platt, deal_seeds, out_of_fold, sigmoid


def test_sigmoid_values_and_extremes() -> None:
    values = sigmoid(np.array([-1e6, -1.0, 0.0, 1.0, 1e6]))
    assert values[2] == 0.5
    assert values[1] == pytest.approx(1.0 / (1.0 + np.e))
    assert values[3] == pytest.approx(1.0 - values[1])
    assert values[0] == pytest.approx(0.0) and values[4] == pytest.approx(1.0)
    assert np.isfinite(values).all()  # no overflow (warnings are errors)


@pytest.mark.parametrize(
    ("slope", "offset"),
    [
        pytest.param(2.0, -1.0, id="steep-shifted"),
        pytest.param(0.5, 0.5, id="flat"),
        pytest.param(-1.5, 0.0, id="decreasing"),
    ],
)
def test_platt_fit_recovers_the_mapping(slope: float, offset: float) -> None:
    rng = np.random.default_rng(0)
    decisions = rng.normal(scale=3.0, size=20_000)
    positive = rng.random(decisions.size) < sigmoid(slope * decisions + offset)
    platt = Platt.fit(decisions, positive)
    assert platt.slope == pytest.approx(slope, abs=0.15)
    assert platt.offset == pytest.approx(offset, abs=0.15)
    grid = np.linspace(-5.0, 5.0, 21)
    steps = np.diff(platt(grid))
    assert (steps > 0).all() if slope > 0 else (steps < 0).all()


def test_platt_fit_on_separable_data_is_monotone_and_sharp() -> None:
    decisions = np.array([-3.0, -2.0, -1.5, -0.5, 0.5, 1.0, 2.0, 4.0])
    positive = decisions > 0
    platt = Platt.fit(decisions, positive)
    assert platt.slope > 0
    scores = platt(decisions)
    assert (np.diff(scores) > 0).all()
    assert (scores[positive] > 0.5).all() and (scores[~positive] < 0.5).all()


def test_platt_fit_uses_sample_weights() -> None:
    decisions = np.array([0.0, 0.0, 0.0, 0.0, -1.0, 1.0])
    positive = np.array([True, False, False, False, False, True])
    plain = Platt.fit(decisions, positive)
    weighted = Platt.fit(decisions, positive, np.array([3.0, 1.0, 1.0, 1.0, 1.0, 1.0]))
    assert weighted(np.array([0.0]))[0] > plain(np.array([0.0]))[0]


@pytest.mark.parametrize(
    "positive",
    [
        pytest.param([True, True, True], id="all-positive"),
        pytest.param([False, False, False], id="all-negative"),
    ],
)
def test_platt_fit_refuses_one_class(positive: list[bool]) -> None:
    with pytest.raises(ValueError, match="both positive and negative"):
        Platt.fit(np.array([0.1, 0.2, 0.3]), np.array(positive))


def test_platt_call_and_json() -> None:
    platt = Platt(2.0, -1.0)
    assert platt(np.array([0.5]))[0] == 0.5
    assert platt.as_json() == {"slope": 2.0, "offset": -1.0}
    assert Platt()(np.array([0.0]))[0] == 0.5


# --- out_of_fold -------------------------------------------------------------------------------

GROUPS = [f"acct-{index % 7}" for index in range(42)]


class Recorder:
    """A fit_and_decide that remembers the folds and answers with the test indices."""

    def __init__(self) -> None:
        self.folds: list[tuple[list[int], list[int]]] = []

    def __call__(self, train: npt.NDArray[np.int64], test: npt.NDArray[np.int64]) -> FloatArray:
        self.folds.append((train.tolist(), test.tolist()))
        return test.astype(np.float64) * 10.0


@pytest.mark.parametrize(
    ("folds", "expected", "seed"),
    [
        pytest.param(5, 5, None, id="five"),
        pytest.param(2, 2, None, id="two"),
        pytest.param(50, 7, None, id="capped-by-groups"),
        pytest.param(3, 3, 11, id="dealt-at-random"),
    ],
)
def test_out_of_fold_never_scores_with_a_model_that_saw_the_group(
    folds: int, expected: int, seed: int | None
) -> None:
    recorder = Recorder()
    out = out_of_fold(recorder, GROUPS, folds, seed)
    assert len(recorder.folds) == expected
    tested: list[int] = []
    for train, test in recorder.folds:
        assert not {GROUPS[i] for i in train} & {GROUPS[i] for i in test}
        assert sorted(train + test) == list(range(len(GROUPS)))
        tested.extend(test)
    assert sorted(tested) == list(range(len(GROUPS)))  # every example scored exactly once
    assert out.tolist() == [index * 10.0 for index in range(len(GROUPS))]


def _dealt(seed: int | None) -> list[frozenset[str]]:
    recorder = Recorder()
    out_of_fold(recorder, GROUPS, 3, seed)
    return sorted((frozenset(GROUPS[i] for i in test) for _, test in recorder.folds), key=sorted)


def test_deal_seeds_start_with_the_given_deal_then_the_shared_random_ones() -> None:
    assert deal_seeds(1) == [None]
    assert deal_seeds(3) == [None, 100, 101]
    assert deal_seeds(2, first=7) == [7, 100]


def test_a_seed_deals_the_groups_again_and_the_same_seed_the_same_way() -> None:
    draws = {tuple(_dealt(seed)) for seed in range(8)}
    assert len(draws) > 1
    assert _dealt(3) == _dealt(3)
    assert _dealt(None) == _dealt(None)


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_a_random_deal_keeps_the_folds_balanced(seed: int) -> None:
    groups = [f"acct-{index}" for index in range(40) for _ in range(1 + index % 9)]
    recorder = Recorder()
    out_of_fold(recorder, groups, 5, seed)
    sizes = [len(test) for _, test in recorder.folds]
    assert max(sizes) - min(sizes) <= 9  # at most the largest group apart


def test_out_of_fold_with_a_real_model_keeps_groups_apart() -> None:
    from sklearn.linear_model import LogisticRegression

    rng = np.random.default_rng(1)
    features = rng.normal(size=(120, 3))
    target = (features[:, 0] > 0).astype(int)
    groups = [f"g{index // 6}" for index in range(120)]
    seen: list[set[str]] = []

    def fit_and_decide(train: npt.NDArray[np.int64], test: npt.NDArray[np.int64]) -> FloatArray:
        seen.append({groups[i] for i in train} & {groups[i] for i in test})
        model = LogisticRegression().fit(features[train], target[train])
        decided: FloatArray = model.decision_function(features[test])
        return decided

    decisions = out_of_fold(fit_and_decide, groups, folds=4)
    assert seen == [set()] * 4
    assert ((decisions > 0) == (target == 1)).mean() > 0.9


@pytest.mark.parametrize(
    "groups",
    [
        pytest.param(["a", "a", "a"], id="one-group"),
        pytest.param(["a"], id="one-example"),
    ],
)
def test_out_of_fold_needs_two_groups(groups: list[str]) -> None:
    with pytest.raises(ValueError, match="at least two groups"):
        out_of_fold(Recorder(), groups)
