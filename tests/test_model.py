"""The common model: invariants and the fast copies the pipeline relies on."""

from __future__ import annotations

import dataclasses
import inspect
import math
from datetime import UTC, datetime, timedelta, timezone
from typing import Any

import numpy as np
import pytest

from nohaven import model
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


@dataclasses.dataclass(frozen=True, slots=True)
class _Plain:
    """A record as dataclass builds it, to compare the slot-setting __init__ with."""

    name: str
    count: int = 0
    tags: tuple[str, ...] = ()
    extra: dict[str, object] = dataclasses.field(default_factory=dict, compare=False)

    def __post_init__(self) -> None:
        if self.count < 0:
            raise ValueError("negative count")
        if self.name != self.name.strip():
            object.__setattr__(self, "name", self.name.strip())


@dataclasses.dataclass(frozen=True, slots=True)
class _Fast:
    name: str
    count: int = 0
    tags: tuple[str, ...] = ()
    extra: dict[str, object] = dataclasses.field(default_factory=dict, compare=False)

    def __post_init__(self) -> None:
        if self.count < 0:
            raise ValueError("negative count")
        if self.name != self.name.strip():
            object.__setattr__(self, "name", self.name.strip())


model._with_slot_init(_Fast)

_CALLS: list[tuple[tuple[object, ...], dict[str, object]]] = [
    (("a",), {}),
    ((" a ", 3), {}),
    (("a",), {"tags": ("x",), "extra": {"k": 1}}),
    ((), {"name": "a", "count": 2}),
    (("a", 1, ("t",), {"k": 2}), {}),
    ((), {}),  # name missing
    (("a",), {"name": "b"}),  # name twice
    (("a",), {"colour": "red"}),  # no such field
    (("a", 1, (), {}, "more"), {}),  # too many
    (("a", -1), {}),  # refused by __post_init__
]


@pytest.mark.parametrize("call", _CALLS)
def test_slot_init_behaves_as_the_dataclass_init(
    call: tuple[tuple[object, ...], dict[str, object]],
) -> None:
    args, kwargs = call

    def outcome(cls: type) -> object:
        try:
            made = cls(*args, **kwargs)
        except (TypeError, ValueError) as error:
            return type(error)
        return tuple(getattr(made, item.name) for item in dataclasses.fields(made))

    assert outcome(_Fast) == outcome(_Plain)


def test_slot_init_keeps_the_signature_and_fresh_defaults() -> None:
    for cls in (Post, Account, model.Interaction):
        parameters = list(inspect.signature(cls).parameters.values())
        assert [item.name for item in parameters] == [
            item.name for item in dataclasses.fields(cls)
        ]
        for parameter, item in zip(parameters, dataclasses.fields(cls), strict=True):
            if item.default is not dataclasses.MISSING:
                assert parameter.default == item.default
            elif item.default_factory is dataclasses.MISSING:
                assert parameter.default is inspect.Parameter.empty
    one, two = _Fast("a"), _Fast("b")
    assert one.extra == {} and one.extra is not two.extra
    first = Post(platform="x", id="1", account_id="a", created=WHEN, text="t")
    second = Post(platform="x", id="2", account_id="a", created=WHEN, text="t")
    assert first.raw == {} and first.raw is not second.raw
    with pytest.raises(dataclasses.FrozenInstanceError):
        first.text = "changed"  # type: ignore[misc]
    assert Post("x", "1", "a", WHEN, "t") == first
    assert Post.__init__.__qualname__ == "Post.__init__"
