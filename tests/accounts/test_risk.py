"""The account risk model: learning, calibration, explanations, JSON round trip."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from nohaven.accounts.features import FEATURES, AccountFeatures
from nohaven.accounts.risk import (
    FORMAT_VERSION,
    AccountModelFormatError,
    AccountRiskModel,
    load_account_model,
)

NAMES = tuple(item.name for item in FEATURES)


def table(n: int = 400, seed: int = 0) -> tuple[AccountFeatures, np.ndarray]:
    """Synthetic accounts: positives have a higher flagged share and more messaging links."""
    rng = np.random.default_rng(seed)
    label = (rng.random(n) < 0.2).astype(np.int64)
    values = rng.random((n, len(NAMES)))
    flagged = NAMES.index("content_flagged_share")
    messaging = NAMES.index("link_messaging_share")
    values[:, flagged] = rng.normal(0.1 + 0.4 * label, 0.1)
    values[:, messaging] = rng.normal(0.05 + 0.2 * label, 0.1)
    values[::7, NAMES.index("median_gap_hours")] = np.nan
    ids = tuple(str(i) for i in range(n))
    return AccountFeatures(("twitter",) * n, ids, (None,) * n, NAMES, values), label


def test_fit_predicts_and_calibrates() -> None:
    features, label = table()
    model = AccountRiskModel().fit(features, label)
    assert model.feature_names_ == NAMES
    proba = model.predict_proba(features)
    assert proba.shape == (len(features), 2)
    assert np.allclose(proba.sum(axis=1), 1.0)
    score = proba[:, 1]
    assert score[label == 1].mean() > 0.7 > 0.2 > score[label == 0].mean()
    # Calibrated on the training mix: the mean score is near the share of positives.
    assert abs(score.mean() - label.mean()) < 0.05
    assert 0.5 <= model.threshold_ <= 1.0
    assert set(model.predict(features)) <= {"review", "low"}


def test_explanations_name_the_features_that_moved_the_score() -> None:
    features, label = table()
    model = AccountRiskModel().fit(features, label)
    top = int(np.argmax(model.predict_proba(features)[:, 1]))
    evidence = model.explain(features.take([top]), top=3)[0]
    assert len(evidence) == 3
    assert {item.feature for item in evidence} & {"content_flagged_share", "link_messaging_share"}
    assert abs(evidence[0].contribution) >= abs(evidence[-1].contribution)
    first = evidence[0]
    assert first.text.startswith(("share of its scored posts", "share of its posts linking"))
    assert f"{first.value:.2f}" in first.text
    # Beside the average training account's value, so a low value that raises the score reads
    # as below the average.
    j = model.feature_names_.index(first.feature)
    assert first.text.endswith(f", average account {float(model.mean_[j]):.2f}")


def test_save_and_load_round_trip(tmp_path: Path) -> None:
    features, label = table()
    model = AccountRiskModel(features=NAMES[:10], c=0.5, name="team").fit(features, label)
    path = model.save(tmp_path / "model.json")
    back = load_account_model(path)
    assert back.version == model.version and back.version.startswith("team+")
    assert back.feature_names_ == NAMES[:10]
    assert np.array_equal(back.predict_proba(features), model.predict_proba(features))
    assert back.explain(features.take([0])) == model.explain(features.take([0]))


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"format": "other"}, "not a nohaven account model"),
        ({"format_version": FORMAT_VERSION + 1}, "format"),
        ({"coef": [1.0]}, "does not match the features"),
        ({"features": ["no_such_feature"]}, "broken account model"),
        ({"intercept": 12.0}, "version does not match"),
    ],
    ids=["format", "format-version", "coef-shape", "unknown-feature", "tampered"],
)
def test_bad_model_files_are_refused(
    tmp_path: Path, change: dict[str, object], message: str
) -> None:
    features, label = table()
    data = AccountRiskModel().fit(features, label).to_json()
    data.update(change)
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(data), "utf-8")
    with pytest.raises(AccountModelFormatError, match=message) as error:
        load_account_model(path)
    assert str(path) in str(error.value)


def test_missing_and_broken_files(tmp_path: Path) -> None:
    with pytest.raises(AccountModelFormatError, match="no such account model"):
        load_account_model(tmp_path / "none.json")
    (tmp_path / "x.json").write_text("{", "utf-8")
    with pytest.raises(AccountModelFormatError, match="unreadable"):
        load_account_model(tmp_path / "x.json")


def test_the_shipped_model_loads() -> None:
    model = load_account_model()
    assert model.version.startswith("default+")
    assert model.training_["positives"] == 84


def test_the_shipped_card_marks_few_topical_authors_and_no_verified_or_counter_one() -> None:
    # The account model is near-separable on 84 positive accounts, so small shifts of its
    # content features move how many topical, mixed-stance PRO authors it marks: 19.7% once
    # its fold content models learnt ordinary English, 5.1% once they learnt all 190 everyday
    # religious phrases (both kept out since: NOT_LEARNT). Its card, rewritten by make model,
    # must not ship such a regression unnoticed: 0.32% (21 of 6,584) with default+c12dd461.
    import nohaven.accounts

    folder = Path(nohaven.accounts.__file__).parent / "data"
    card = json.loads((folder / "account-risk-card.json").read_text("utf-8"))
    reported = card["evaluation"]["reported"]["shipped"]
    assert card["model"]["version"] == load_account_model().version
    assert reported["pro_mixed"]["accounts"] > 6000
    assert reported["pro_mixed"]["share_flagged"] <= 0.01
    assert reported["pro_verified_or_counter_authors"]["flagged"] == 0
    assert reported["positives"]["share_flagged"] >= 0.9


def test_one_class_is_refused() -> None:
    features, _ = table(20)
    with pytest.raises(ValueError, match="both classes"):
        AccountRiskModel().fit(features, np.zeros(20, dtype=np.int64))
