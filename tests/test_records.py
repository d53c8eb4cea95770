"""slot_init: records built through their slots' setters behave as dataclass builds them."""

from __future__ import annotations

import dataclasses
import inspect
from datetime import UTC, datetime

import pytest

from nohaven._records import slot_init
from nohaven.ingest.base import Mapped, Reject, SourceRecord
from nohaven.ingest.entities import TextEntities
from nohaven.model import Account, Interaction, Post

WHEN = datetime(2024, 5, 1, 12, 0, tzinfo=UTC)


def _record(*, fast: bool) -> type:
    """The same record built by dataclass alone, or with slot_init on top (a new class each
    call, since slot_init changes the class it is given)."""

    @dataclasses.dataclass(frozen=True, slots=True)
    class Record:
        name: str
        count: int = 0
        tags: tuple[str, ...] = ()
        extra: dict[str, object] = dataclasses.field(default_factory=dict, compare=False)

        def __post_init__(self) -> None:
            if self.count < 0:
                raise ValueError("negative count")
            if self.name != self.name.strip():
                object.__setattr__(self, "name", self.name.strip())

    return slot_init(Record) if fast else Record


_Plain = _record(fast=False)
_Fast = _record(fast=True)


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
    for cls in (Post, Account, Interaction, SourceRecord, Reject, Mapped, TextEntities):
        parameters = list(inspect.signature(cls).parameters.values())
        assert [item.name for item in parameters] == [item.name for item in dataclasses.fields(cls)]
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


@pytest.mark.parametrize(
    "cls", [dict, type("Loose", (), {})], ids=["not-a-dataclass", "plain-class"]
)
def test_slot_init_refuses_what_it_cannot_build(cls: type) -> None:
    with pytest.raises(TypeError, match="frozen, slotted dataclass"):
        slot_init(cls)


def test_slot_init_refuses_unfrozen_or_unslotted_dataclasses() -> None:
    @dataclasses.dataclass(slots=True)
    class Open:
        name: str

    @dataclasses.dataclass(frozen=True)
    class Unslotted:
        name: str

    for cls in (Open, Unslotted):
        with pytest.raises(TypeError, match="frozen, slotted dataclass"):
            slot_init(cls)
