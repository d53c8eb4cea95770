"""Account features on a hand-made store: exact values, computed in SQL."""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pytest

from nohaven.accounts.features import FEATURES, account_features, rhythm_features
from nohaven.store import open_store

from .world import MODEL, fill

NAN = math.nan

EXPECTED_A = {
    "content_mean": 0.7,
    "content_max": 0.9,
    "content_flagged_share": 0.5,
    "content_scored": 2,
    "content_flagged": 1,
    "match_posts": 1,
    "match_share": 1 / 3,
    "link_share": 1 / 3,
    "link_messaging_share": 1 / 3,
    "link_paste_share": 0,
    "posts": 3,
    "repost_share": 1 / 3,
    "reply_share": 1 / 3,
    "quote_share": 0,
    "hashtags_per_post": 2 / 3,
    "urls_per_post": 1 / 3,
    "active_days": 3 / 24,
    "hour_entropy": math.log2(3),
    "median_gap_hours": 1.5,
    "burstiness": -0.5,
    "in_amplifiers": 0,
    "in_addressers": 1,
    "in_accounts": 1,
    "in_interactions": 1,
    "out_amplified": 1,
    "out_addressed": 1,
    "out_accounts": 1,
    "out_interactions": 2,
}
EXPECTED_B = {
    "content_mean": 0.1,
    "content_scored": 1,
    "content_flagged_share": 0.0,
    "match_posts": 0,
    "posts": 1,
    "hour_entropy": NAN,
    "median_gap_hours": NAN,
    "burstiness": NAN,
    "in_amplifiers": 1,
    "in_addressers": 1,
    "out_addressed": 1,
    "out_interactions": 1,
}
EXPECTED_C = {"posts": 0, "content_mean": NAN, "repost_share": NAN, "in_accounts": 0}


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> str:
    url = f"sqlite:///{tmp_path_factory.mktemp('features') / 'f.db'}"
    with open_store(url) as store:
        fill(store)
    return url


@pytest.mark.parametrize(
    ("account", "expected"),
    [("a", EXPECTED_A), ("b", EXPECTED_B), ("c", EXPECTED_C)],
    ids=["three-posts", "one-post", "no-posts"],
)
def test_features_have_exact_values(db: str, account: str, expected: dict[str, float]) -> None:
    with open_store(db) as store:
        table = account_features(store, content_model=MODEL[0], content_version=MODEL[1])
    assert table.ids == ("a", "b", "c")
    assert table.handles == ("user_a", "user_b", "user_c")
    row = table.ids.index(account)
    for name, value in expected.items():
        got = table.values[row, table.names.index(name)]
        if math.isnan(value):
            assert math.isnan(got), name
        else:
            assert got == pytest.approx(value, abs=1e-6), name


def test_the_latest_content_version_is_chosen_and_extras_join(db: str) -> None:
    network = {("twitter", "a"): {"pagerank": 0.25}, ("twitter", "zz"): {"pagerank": 1.0}}
    with open_store(db) as store:
        table = account_features(store, network=network)
    assert table.content_model == MODEL
    assert table.names[: len(FEATURES)] == tuple(item.name for item in FEATURES)
    extra = table.column("extra:pagerank")
    assert extra[0] == 0.25 and np.isnan(extra[1:]).all()
    assert table.counts(0) == {
        "posts": 3,
        "content_scored": 2,
        "content_flagged": 1,
        "match_posts": 1,
        "in_accounts": 1,
        "out_accounts": 1,
        "posts_with_links": 1,
    }


def test_one_platform_only(db: str) -> None:
    with open_store(db) as store:
        assert len(account_features(store, platform="telegram")) == 0
        assert len(account_features(store, platform="twitter")) == 3


def test_a_store_without_scores_has_no_content(tmp_path: Path) -> None:
    with open_store(f"sqlite:///{tmp_path / 'e.db'}") as store:
        table = account_features(store)
    assert len(table) == 0 and table.content_model is None


def test_rhythm_of_a_clock_and_of_bursts() -> None:
    hour = 3600.0
    owner = np.array([0, 0, 0, 0, 1, 1, 1, 1, -1], dtype=np.int64)
    when = np.array([0, 1, 2, 3, 0, 1, 100, 101, 5], dtype=np.float64) * hour
    got = rhythm_features(owner, when, 2)
    assert got["burstiness"][0] == pytest.approx(-1.0)
    assert got["burstiness"][1] > 0.1
    assert got["median_gap_hours"].tolist() == [1.0, 1.0]
    assert got["hour_entropy"][0] == pytest.approx(2.0)
