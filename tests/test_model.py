"""The common model: invariants and the fast copies the pipeline relies on."""

from __future__ import annotations

import dataclasses
import math
from datetime import UTC, datetime, timedelta, timezone
from typing import Any

import numpy as np
import pytest

from nohaven.model import Account, Media, MediaKind, Post, PostScore, account_ref, stable_id

WHEN = datetime(2024, 5, 1, 12, 0, tzinfo=UTC)


def _post() -> Post:
    return Post(
        platform="twitter",
        id="1",
        account_id="10",
        created=WHEN,
        text="Placeholder text",
        reply_to="2",
        reply_to_account="20",
        repost_of="3",
        repost_of_account="30",
        quote_of="4",
        quote_of_account="40",
        urls=("https://example.org/a",),
        mentions=("someone",),
        mention_ids=("50",),
        hashtags=("weather",),
        media=(Media(MediaKind.PHOTO, key="m1"),),
        raw={"id": "1"},
    )


def test_text_annotations_copy_every_field() -> None:
    post = _post()
    copied = post.with_text_annotations("placeholder text", "en", 0.9)
    expected = dataclasses.replace(
        post, text_key="placeholder text", language="en", language_score=0.9
    )
    for field in dataclasses.fields(Post):
        assert getattr(copied, field.name) == getattr(expected, field.name), field.name


def test_observed_at_copies_every_field() -> None:
    account = Account("twitter", "10", handle="someone", followers=5, raw={"id": "10"})
    copied = account.observed_at(WHEN)
    for field in dataclasses.fields(Account):
        if field.name != "observed":
            assert getattr(copied, field.name) == getattr(account, field.name), field.name
    assert copied.observed == WHEN


@pytest.mark.parametrize(
    "created",
    [
        pytest.param(datetime(2024, 5, 1, 14, 0, tzinfo=timezone(timedelta(hours=2))), id="cest"),
        pytest.param(datetime(2024, 5, 1, 12, 0, tzinfo=timezone.utc), id="utc-alias"),  # noqa: UP017
    ],
)
def test_times_are_stored_as_utc(created: datetime) -> None:
    post = dataclasses.replace(_post(), created=created)
    assert post.created == WHEN
    assert post.created.tzinfo is UTC


def test_naive_times_are_refused() -> None:
    with pytest.raises(ValueError, match="naive"):
        dataclasses.replace(_post(), created=datetime(2024, 5, 1, 12, 0))


@pytest.mark.parametrize(
    ("handle", "ref"),
    [
        pytest.param("AbcDef", "@abcdef", id="case"),
        pytest.param("@Someone ", "@someone", id="at-and-space"),
    ],
)
def test_account_refs(handle: str, ref: str) -> None:
    assert account_ref(handle) == ref


def test_stable_ids_are_deterministic_and_separated() -> None:
    assert stable_id("a", "b") == stable_id("a", "b")
    assert stable_id("a", "b") != stable_id("ab", "")
    assert stable_id("a\x1fb") != stable_id("a", "b")
    assert stable_id("x").startswith("h")


def _score(**fields: Any) -> PostScore:
    values: dict[str, Any] = {
        "platform": "twitter",
        "post_id": "1",
        "model": "default",
        "model_version": "placeholder-1.0.0+0a1b2c3d",
        "score": 0.5,
        "label": "other",
    }
    values.update(fields)
    return PostScore(**values)


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        pytest.param({"platform": ""}, "non-empty platform", id="empty-platform"),
        pytest.param({"post_id": ""}, "non-empty post_id", id="empty-post-id"),
        pytest.param({"model": ""}, "non-empty model", id="empty-model"),
        pytest.param({"model_version": ""}, "non-empty model_version", id="empty-version"),
        pytest.param({"label": ""}, "non-empty label", id="empty-label"),
        pytest.param({"label": None}, "non-empty label", id="label-none"),
        pytest.param({"score": -0.001}, r"within \[0, 1\]", id="below-zero"),
        pytest.param({"score": 1.000001}, r"within \[0, 1\]", id="above-one"),
        pytest.param({"score": math.nan}, r"within \[0, 1\]", id="nan"),
        pytest.param({"score": math.inf}, r"within \[0, 1\]", id="infinity"),
        pytest.param({"score": "0.5"}, "must be a number", id="string-score"),
        pytest.param({"score": None}, "must be a number", id="none-score"),
        pytest.param({"score": True}, "must be a number", id="bool-score"),
        pytest.param({"explanation": ("a", 1)}, "must be strings", id="non-string-feature"),
        pytest.param({"scored": datetime(2024, 5, 1, 12, 0)}, "naive", id="naive-time"),
    ],
)
def test_invalid_post_scores_are_refused(fields: dict[str, Any], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        _score(**fields)


@pytest.mark.parametrize(
    ("given", "stored"),
    [
        pytest.param(0, 0.0, id="int-zero"),
        pytest.param(1, 1.0, id="int-one"),
        pytest.param(np.float32(0.25), 0.25, id="numpy-float32"),
        pytest.param(np.float64(0.75), 0.75, id="numpy-float64"),
    ],
)
def test_post_scores_are_plain_floats(given: object, stored: float) -> None:
    scored = _score(score=given)
    assert scored.score == stored
    assert type(scored.score) is float


def test_post_score_times_are_utc_and_explanations_tuples() -> None:
    scored = _score(
        scored=datetime(2024, 5, 1, 14, 0, tzinfo=timezone(timedelta(hours=2))),
        explanation=["sunny", "wind"],
    )
    assert scored.scored == WHEN
    assert scored.scored is not None and scored.scored.tzinfo is UTC
    assert scored.explanation == ("sunny", "wind")
    assert _score().scored is None and _score().explanation == ()
    with pytest.raises(dataclasses.FrozenInstanceError):
        scored.score = 0.1  # type: ignore[misc]
