"""The stand-in account risk: mean post score per account, on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from nohaven.model import Post, PostScore
from nohaven.network import mean_post_score
from nohaven.store import Store


def _post(pid: str, account: str, platform: str = "twitter") -> Post:
    return Post(platform, pid, account, datetime(2024, 3, 1, tzinfo=UTC), "Light rain later.")


def _score(pid: str, score: float, version: str = "v1", platform: str = "twitter") -> PostScore:
    return PostScore(platform, pid, "content", version, score, "other")


def test_mean_post_score(store: Store) -> None:
    posts = [
        _post("p1", "a"),
        _post("p2", "a"),
        _post("p3", "b"),
        _post("p4", "c"),
        _post("q1", "a", "telegram"),
    ]
    scores = [
        _score("p1", 0.2), _score("p2", 0.6), _score("p3", 0.9),
        _score("q1", 0.4, platform="telegram"), _score("p1", 0.99, version="v0"),
    ]  # fmt: skip
    store.write(posts, [], [], scores=scores)
    risk = mean_post_score(store)
    assert risk == pytest.approx(
        {("twitter", "a"): 0.4, ("twitter", "b"): 0.9, ("telegram", "a"): 0.4}
    )
    assert mean_post_score(store, platform="telegram") == pytest.approx({("telegram", "a"): 0.4})
    assert mean_post_score(store, model="content", model_version="v0") == pytest.approx(
        {("twitter", "a"): 0.99}
    )


def test_nothing_scored(store: Store) -> None:
    assert mean_post_score(store) == {}
