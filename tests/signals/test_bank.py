"""Bank labels and names."""

from __future__ import annotations

import pytest

from nohaven.signals.bank import (
    BankError,
    Behaviour,
    EntryLabels,
    check_bank_name,
    parse_labels,
)


@pytest.mark.parametrize(
    ("items", "expected"),
    [
        pytest.param([], EntryLabels(), id="none"),
        pytest.param(["group=g1"], EntryLabels(group="g1"), id="group"),
        pytest.param(
            ["behaviour=recruitment", "behavior=Graphic-Violence"],
            EntryLabels(behaviours=(Behaviour.RECRUITMENT, Behaviour.GRAPHIC_VIOLENCE)),
            id="behaviours-spellings",
        ),
        pytest.param(["tag=a", "b", "tag=a"], EntryLabels(tags=("a", "b")), id="tags-dedup"),
    ],
)
def test_parse_labels(items: list[str], expected: EntryLabels) -> None:
    assert parse_labels(items) == expected


@pytest.mark.parametrize(
    ("items", "message"),
    [
        pytest.param(["behaviour=dancing"], "unknown behaviour", id="unknown-behaviour"),
        pytest.param(["colour=red"], "unknown label key", id="unknown-key"),
        pytest.param(["group=a", "group=b"], "two groups", id="two-groups"),
        pytest.param(["group="], "no value", id="empty"),
    ],
)
def test_parse_labels_refuses(items: list[str], message: str) -> None:
    with pytest.raises(BankError, match=message):
        parse_labels(items)


def test_labels_round_trip_through_json() -> None:
    labels = EntryLabels("g", (Behaviour.THREAT,), ("x",))
    assert EntryLabels.from_json(labels.to_json()) == labels


@pytest.mark.parametrize("name", ["a", "bank-1", "GIFCT.list_2"], ids=str)
def test_valid_bank_names(name: str) -> None:
    assert check_bank_name(name) == name


@pytest.mark.parametrize("name", ["", "-x", "a b", "x" * 65, "a/b"], ids=repr)
def test_invalid_bank_names(name: str) -> None:
    with pytest.raises(BankError):
        check_bank_name(name)
