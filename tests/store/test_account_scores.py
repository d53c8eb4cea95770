"""Account scores in the store: idempotent upserts, the top N, features and migration 0005."""

from __future__ import annotations

from datetime import timedelta

import pytest
import sqlalchemy as sa

from nohaven.accounts.evidence import AccountScore, Evidence
from nohaven.accounts.features import account_features
from nohaven.accounts.scoring import score_accounts
from nohaven.model import Interaction, InteractionKind, PostScore
from nohaven.store import RowCounts, Store, migrate, open_store, schema_diff
from nohaven.store.accounts import latest_account_model, save_account_scores, top_account_scores
from nohaven.store.engine import create_store_engine, resolve_url
from nohaven.store.migrate import current_revision, head_revision

from .records import T0, account, post

EVIDENCE = (Evidence("content_mean", "mean content score of its posts: 0.40", 0.4, 1.25),)


def item(account_id: str, score: float, version: str = "v1", **fields: object) -> AccountScore:
    values: dict[str, object] = {
        "platform": "twitter",
        "account_id": account_id,
        "model": "default",
        "model_version": version,
        "score": score,
        "label": "review" if score >= 0.5 else "low",
        "evidence": EVIDENCE,
        "counts": {"posts": 3},
        "scored": T0,
    }
    values.update(fields)
    return AccountScore(**values)  # type: ignore[arg-type]


def test_scores_round_trip_and_rescoring_is_idempotent(store: Store) -> None:
    store.write([], [account("100"), account("101")], [])
    items = [item("100", 0.9), item("101", 0.2), item("102", 0.6)]
    assert save_account_scores(store, items) == RowCounts(new=3)
    later = [item("100", 0.9, scored=T0 + timedelta(days=1)), item("101", 0.3), item("102", 0.6)]
    assert save_account_scores(store, later, batch=2) == RowCounts(updated=1, unchanged=2)
    top = top_account_scores(store, 2)
    assert [(r.score.account_id, r.handle) for r in top] == [("100", "user100"), ("102", None)]
    assert top[0].score == item("100", 0.9)
    assert top[0].score.summary() == "mean content score of its posts: 0.40 (+1.25)"
    assert store.count("account_scores") == 3


def test_versions_sit_side_by_side_and_the_latest_is_read(store: Store) -> None:
    save_account_scores(
        store, [item("1", 0.1, "v1"), item("1", 0.8, "v2", scored=T0 + timedelta(1))]
    )
    assert latest_account_model(store) == ("default", "v2")
    assert [r.score.score for r in top_account_scores(store)] == [0.8]
    assert [r.score.score for r in top_account_scores(store, model_version="v1")] == [0.1]
    assert top_account_scores(store, model="other") == []


def test_score_accounts_writes_scores_once(store: Store) -> None:
    posts = [post(str(i), account_id="100" if i < 4 else "200") for i in range(6)]
    scores = [
        PostScore(
            "twitter",
            str(i),
            "content",
            "c1",
            0.95 if i < 4 else 0.05,
            "propaganda" if i < 4 else "other",
            scored=T0,
        )
        for i in range(6)
    ]
    mention = Interaction("twitter", InteractionKind.MENTION, "200", "100", "4", T0)
    store.write(posts, [account("100"), account("200")], [mention], scores=scores)
    table = account_features(store)
    assert table.ids == ("100", "200")
    assert table.column("content_flagged").tolist() == [4.0, 0.0]
    assert table.column("in_accounts").tolist() == [1.0, 0.0]
    first = score_accounts(store)
    assert (first.accounts, first.written) == (2, RowCounts(new=2))
    again = score_accounts(store)
    assert again.written == RowCounts(unchanged=2)
    top = top_account_scores(store)
    assert top[0].score.account_id == "100"
    assert top[0].score.score > top[1].score.score
    assert top[0].score.counts["content_flagged"] == 4


def test_upgrading_a_0004_store_adds_account_scores(db_url: str) -> None:
    migrate(db_url, "0004")
    engine = create_store_engine(resolve_url(db_url))
    try:
        with engine.connect() as conn:
            assert "account_scores" not in sa.inspect(conn).get_table_names()
    finally:
        engine.dispose()
    with open_store(db_url) as store:
        assert save_account_scores(store, [item("1", 0.5)]) == RowCounts(new=1)
        with store.engine.connect() as conn:
            assert current_revision(conn) == head_revision()
            assert schema_diff(conn) == []


def test_naive_scoring_time_is_refused() -> None:
    from datetime import datetime

    with pytest.raises(ValueError, match="naive"):
        item("1", 0.5, scored=datetime(2024, 1, 1))
