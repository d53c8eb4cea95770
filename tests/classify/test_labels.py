"""Label enums: the default task and the enums built from a team's own labels."""

from __future__ import annotations

from enum import StrEnum

import pytest

from nohaven.classify.labels import Label, LabelSet, label_set, labels_of


def test_default_labels() -> None:
    assert [member.value for member in Label] == ["propaganda", "other"]
    assert issubclass(Label, StrEnum)
    assert Label("other") is Label.OTHER


@pytest.mark.parametrize(
    ("values", "members"),
    [
        pytest.param(
            ["propaganda", "other", "other"],
            [("OTHER", "other"), ("PROPAGANDA", "propaganda")],
            id="sorted-distinct",
        ),
        pytest.param(
            ["other", "counter-messaging", "propaganda"],
            [
                ("COUNTER_MESSAGING", "counter-messaging"),
                ("OTHER", "other"),
                ("PROPAGANDA", "propaganda"),
            ],
            id="three-with-hyphen",
        ),
        pytest.param(
            [" sport ", "cooking", "sport", "  "],
            [("COOKING", "cooking"), ("SPORT", "sport")],
            id="stripped-blank-ignored",
        ),
        pytest.param(["2nd", "1st"], [("L_1ST", "1st"), ("L_2ND", "2nd")], id="leading-digit"),
        pytest.param(
            ["a-b", "a_b", "A B"],
            [("A_B", "A B"), ("A_B_", "a-b"), ("A_B__", "a_b")],
            id="colliding-names",
        ),
        pytest.param(["!!!", "???"], [("LABEL", "!!!"), ("LABEL_", "???")], id="no-letters"),
        pytest.param(["رياضة", "طبخ"], [("LABEL", "رياضة"), ("LABEL_", "طبخ")], id="arabic-values"),
        pytest.param(
            ["_missing_", "name", "value"],
            [("MISSING", "_missing_"), ("NAME", "name"), ("VALUE", "value")],
            id="enum-reserved-words",
        ),
        pytest.param(["Sport", "sport"], [("SPORT", "Sport"), ("SPORT_", "sport")], id="case"),
    ],
)
def test_label_set(values: list[str], members: list[tuple[str, str]]) -> None:
    enum = label_set(values)
    assert issubclass(enum, LabelSet)
    assert [(member.name, member.value) for member in enum] == members
    for name, value in members:
        assert enum(value).name == name
        assert enum[name] == value  # a StrEnum member equals its value


def test_label_set_name() -> None:
    assert label_set(["a", "b"], name="Topics").__name__ == "Topics"
    assert label_set(["a", "b"]).__name__ == "TaskLabel"


@pytest.mark.parametrize(
    "values",
    [
        pytest.param([], id="none"),
        pytest.param(["sport"], id="one"),
        pytest.param(["sport", "sport", " sport "], id="one-repeated"),
        pytest.param(["sport", "", "  "], id="one-and-blanks"),
    ],
)
def test_label_set_needs_two_labels(values: list[str]) -> None:
    with pytest.raises(ValueError, match="at least two labels"):
        label_set(values)


def test_label_set_accepts_any_iterable() -> None:
    enum = label_set(value for value in ("b", "a"))
    assert labels_of(enum) == ("a", "b")


def test_labels_of() -> None:
    assert labels_of(Label) == ("propaganda", "other")
