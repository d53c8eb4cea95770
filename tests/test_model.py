"""The common model: invariants and the fast copies the pipeline relies on."""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime, timedelta, timezone

import pytest

from nohaven.model import Account, Media, MediaKind, Post, account_ref, stable_id

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
