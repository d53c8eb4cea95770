"""Post scores in the store: one per post, model and model version, written with their batch."""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime, timedelta, timezone
from typing import Any

import orjson
import pytest
import sqlalchemy as sa

from nohaven.model import PostScore
from nohaven.store import ModelScores, RowCounts, Store, migrate, open_store, schema, schema_diff
from nohaven.store import write as write_module
from nohaven.store.engine import create_store_engine, resolve_url
from nohaven.store.migrate import current_revision, head_revision
from nohaven.store.rows import iso_utc, post_row
from nohaven.store.write import TableSpec, upsert

from .records import T0, account, fail_writes_to, post, reject

VERSION_1 = "placeholder-1.0.0+0a1b2c3d"
VERSION_2 = "placeholder-1.1.0+4e5f6a7b"
PLUS_2 = timezone(timedelta(hours=2))


def score(post_id: str = "1", **fields: Any) -> PostScore:
    values: dict[str, Any] = {
        "platform": "twitter",
        "post_id": post_id,
        "model": "default",
        "model_version": VERSION_1,
        "score": 0.25,
        "label": "other",
        "explanation": ("weather", "sunny", "wind"),
        "scored": T0 + timedelta(hours=1),
    }
    values.update(fields)
    return PostScore(**values)


def test_a_score_round_trips_with_every_field(store: Store) -> None:
    full = score(
        "42",
        platform="telegram",
        score=0.1 + 0.2,  # not a short decimal: the float must come back bit for bit
        label="propaganda",
        explanation=("météo", "الطقس", "char 3-grams: 'rai'"),
        scored=datetime(2024, 5, 1, 14, 0, 0, 123456, tzinfo=PLUS_2),
    )
    counts = store.write([], [], [], scores=[full])
    assert counts.scores == RowCounts(new=1)
    (back,) = store.iter_scores()
    assert back == full
    assert back.score == 0.1 + 0.2
    assert back.scored == datetime(2024, 5, 1, 12, 0, 0, 123456, tzinfo=UTC)
    assert back.scored is not None and back.scored.tzinfo is UTC


def test_caveats_round_trip_and_a_score_without_keeps_its_hash(store: Store) -> None:
    with_caveats = score("1", caveats=("short", "language"))
    store.write([], [], [], scores=[with_caveats, score("2")])
    assert list(store.iter_scores()) == [with_caveats, score("2")]
    with store.engine.connect() as conn:
        hashes = dict(
            conn.execute(
                sa.select(schema.post_scores.c.post_id, schema.post_scores.c.content_hash)
            ).all()
        )
    # the hash of a score without caveats is the one scores had before caveats were stored
    plain = score("2")
    explanation = '["weather","sunny","wind"]'
    assert (
        hashes["2"]
        == hashlib.sha256(orjson.dumps((plain.score, plain.label, explanation))).hexdigest()[:32]
    )
    assert hashes["1"] != hashes["2"]


@pytest.mark.parametrize(
    ("value", "explanation"),
    [(0.0, ()), (1.0, ("a",)), (5e-324, ("x",) * 20)],
    ids=["zero-no-explanation", "one", "subnormal-long-explanation"],
)
def test_edge_values_round_trip(store: Store, value: float, explanation: tuple[str, ...]) -> None:
    item = score(score=value, explanation=explanation)
    store.write([], [], [], scores=[item])
    assert list(store.iter_scores()) == [item]


def test_a_score_without_a_time_is_stamped_with_the_write(store: Store) -> None:
    before = datetime.now(UTC)
    store.write([], [], [], scores=[score(scored=None)])
    after = datetime.now(UTC)
    (back,) = store.iter_scores()
    assert back.scored is not None and before <= back.scored <= after
    assert back == score(scored=back.scored)


def test_scoring_again_with_the_same_result_changes_nothing(store: Store) -> None:
    items = [score(str(i), score=i / 10) for i in range(1, 6)]
    store.write([], [], [], scores=items)
    with store.engine.connect() as conn:
        before = conn.execute(sa.select(schema.post_scores)).all()
    # A later run scores the same posts with the same model version and the same outcome.
    later = [score(str(i), score=i / 10, scored=T0 + timedelta(days=1)) for i in range(1, 6)]
    counts = store.write([], [], [], scores=later)
    assert counts.scores == RowCounts(unchanged=5)
    with store.engine.connect() as conn:
        after = conn.execute(sa.select(schema.post_scores)).all()
    assert sorted(after) == sorted(before)
    assert {s.scored for s in store.iter_scores()} == {T0 + timedelta(hours=1)}


@pytest.mark.parametrize(
    "change",
    [
        {"score": 0.75},
        {"score": 0.25 + 1e-12},
        {"label": "propaganda"},
        {"explanation": ("wind", "sunny", "weather")},
        {"explanation": ()},
        {"caveats": ("language",)},
    ],
    ids=[
        "score",
        "tiny-score-change",
        "label",
        "explanation-order",
        "explanation-empty",
        "caveats",
    ],
)
def test_a_changed_score_is_updated(store: Store, change: dict[str, object]) -> None:
    store.write([], [], [], scores=[score("1"), score("2")])
    changed = score("1", scored=T0 + timedelta(days=2), **change)
    counts = store.write([], [], [], scores=[changed, score("2")])
    assert counts.scores == RowCounts(updated=1, unchanged=1)
    assert list(store.iter_scores()) == [changed, score("2")]


def test_model_versions_are_kept_side_by_side(store: Store) -> None:
    old = [score("1", score=0.2), score("2", score=0.9, label="propaganda")]
    new = [
        score("1", model_version=VERSION_2, score=0.3, caveats=("short", "language")),
        score("2", model_version=VERSION_2, caveats=("language",)),
    ]
    other = score("1", model="baseline", model_version="0.1", score=0.5)
    store.write([], [], [], scores=old)
    counts = store.write([], [], [], scores=[*new, other])
    assert counts.scores == RowCounts(new=3)
    assert store.count("post_scores") == 5
    assert [(s.post_id, s.model, s.model_version) for s in store.iter_scores()] == [
        ("1", "baseline", "0.1"),
        ("1", "default", VERSION_1),
        ("1", "default", VERSION_2),
        ("2", "default", VERSION_1),
        ("2", "default", VERSION_2),
    ]
    assert list(store.iter_scores("default", model_version=VERSION_1)) == old
    assert list(store.iter_scores("default", model_version=VERSION_2)) == new
    assert list(store.iter_scores("baseline")) == [other]
    assert list(store.iter_scores("missing")) == []
    stats = store.stats()
    assert stats.scores == 5
    # by label, and by caveat counted in the database (a post of two caveats under both)
    assert list(stats.scores_by_model) == [
        ModelScores("baseline", "0.1", 1, {"other": 1}, {"none": 1}),
        ModelScores("default", VERSION_1, 2, {"other": 1, "propaganda": 1}, {"none": 2}),
        ModelScores("default", VERSION_2, 2, {"other": 2}, {"language": 2, "short": 1}),
    ]
    assert stats.to_json()["scores_by_model"][2] == {  # type: ignore[index]
        "model": "default",
        "model_version": VERSION_2,
        "scores": 2,
        "labels": {"other": 2},
        "caveats": {"language": 2, "short": 1},
    }


def test_scores_of_many_platforms_and_versions_in_one_batch(store: Store) -> None:
    items = [
        score(str(i), platform=platform, model_version=version, score=(i % 100) / 100)
        for platform in ("twitter", "telegram")
        for version in (VERSION_1, VERSION_2)
        for i in range(1500)
    ]
    assert store.write([], [], [], scores=items).scores == RowCounts(new=6000)
    changed = [score("7", platform="telegram", model_version=VERSION_2, score=0.99), *items[:50]]
    assert store.write([], [], [], scores=changed).scores == RowCounts(updated=1, unchanged=50)
    assert store.count("post_scores") == 6000


def test_duplicates_in_a_batch_count_once_and_the_last_wins(store: Store) -> None:
    counts = store.write([], [], [], scores=[score("1", score=0.1), score("1", score=0.6)])
    assert counts.scores == RowCounts(new=1)
    assert [s.score for s in store.iter_scores()] == [0.6]


def test_scores_are_written_with_their_posts(store: Store) -> None:
    counts = store.write([post("1"), post("2")], [account()], [], scores=[score("1"), score("2")])
    assert counts.posts == RowCounts(new=2)
    assert counts.scores == RowCounts(new=2)
    assert counts.to_json()["scores"] == {"new": 2, "updated": 0, "unchanged": 0}
    # A later batch may score posts stored before, without sending them again.
    later = store.write([], [], [], scores=[score("1", model_version=VERSION_2)])
    assert later.scores == RowCounts(new=1)
    assert later.posts == RowCounts()


@pytest.mark.parametrize(
    "failing",
    [write_module.REJECTS, write_module.SCORES],
    ids=["rejects-fail", "scores-fail"],
)
def test_a_failed_batch_writes_no_scores_and_no_posts(
    store: Store, monkeypatch: pytest.MonkeyPatch, failing: TableSpec
) -> None:
    store.write([post("1")], [], [], scores=[score("1")])
    fail_writes_to(monkeypatch, failing, "disk on fire")
    with pytest.raises(RuntimeError, match="disk on fire"):
        store.write(
            [post("1", text="changed"), post("2")],
            [account()],
            [],
            [reject()],
            scores=[score("1", score=0.9), score("2")],
        )
    assert store.count("posts") == 1
    assert store.count("rejects") == 0
    assert list(store.iter_scores()) == [score("1")]


def test_unstorable_characters_are_replaced(store: Store) -> None:
    dirty = score(label="other\x00", explanation=("rain\x00", "caf\udce9"), model="m\x00")
    store.write([], [], [], scores=[dirty])
    (back,) = store.iter_scores()
    assert (back.model, back.label) == ("m\ufffd", "other\ufffd")
    assert back.explanation == ("rain\ufffd", "caf\ufffd")
    assert store.write([], [], [], scores=[dirty]).scores == RowCounts(unchanged=1)


def test_naive_scoring_times_are_refused() -> None:
    with pytest.raises(ValueError, match="naive"):
        score(scored=datetime(2024, 1, 1))


def test_highest_scores_of_a_model_use_the_index(sqlite_url: str) -> None:
    table = schema.post_scores
    query = (
        sa.select(table.c.post_id)
        .where(table.c.model == "default", table.c.model_version == VERSION_1)
        .order_by(table.c.score.desc())
        .limit(10)
    )
    with open_store(sqlite_url) as store:
        store.write([], [], [], scores=[score(str(i), score=i / 100) for i in range(100)])
        with store.engine.connect() as conn:
            sql = str(query.compile(conn, compile_kwargs={"literal_binds": True}))
            plan = " ".join(
                str(row[-1]) for row in conn.exec_driver_sql(f"EXPLAIN QUERY PLAN {sql}")
            )
            top = conn.execute(query).scalars().all()
    assert "ix_post_scores_model_model_version_score" in plan
    assert "TEMP B-TREE" not in plan  # no sort: the index gives the order
    assert top == [str(i) for i in range(99, 89, -1)]


def test_upgrading_a_0001_store_keeps_its_data_and_adds_scores(db_url: str) -> None:
    migrate(db_url, "0001")
    engine = create_store_engine(resolve_url(db_url))
    try:
        with engine.connect() as conn, conn.begin():
            assert current_revision(conn) == "0001"
            assert "post_scores" not in sa.inspect(conn).get_table_names()
            now = iso_utc(datetime.now(UTC))
            upsert(conn, write_module.POSTS, [post_row(post("1"), "old.jsonl", now)])
    finally:
        engine.dispose()
    with open_store(db_url) as store:
        assert store.get_post("twitter", "1") == post("1")
        assert store.count("post_scores") == 0
        assert store.write([], [], [], scores=[score("1")]).scores == RowCounts(new=1)
        with store.engine.connect() as conn:
            assert current_revision(conn) == head_revision()
            assert schema_diff(conn) == []


def test_upgrading_a_0005_store_keeps_its_scores_without_caveats(db_url: str) -> None:
    migrate(db_url, "0005")
    engine = create_store_engine(resolve_url(db_url))
    try:
        with engine.begin() as conn:
            conn.execute(
                sa.text(
                    "INSERT INTO post_scores (platform, post_id, model, model_version, score, "
                    "label, explanation, scored, content_hash) VALUES ('twitter', '1', 'default', "
                    "'v1', 0.5, 'other', '[]', '2024-01-01T00:00:00+00:00', 'h')"
                )
            )
    finally:
        engine.dispose()
    with open_store(db_url) as store:
        (kept,) = store.iter_scores()
        assert (kept.post_id, kept.caveats) == ("1", ())
        with store.engine.connect() as conn:
            assert current_revision(conn) == head_revision()
            assert schema_diff(conn) == []
