"""Honest splits: by group, forward in time, near-duplicates dropped, families respected."""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import replace
from datetime import timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from nohaven.classify.corpus import FAMILIES, Example
from nohaven.classify.split import (
    LeakageError,
    check_leakage,
    fold_groups,
    may_train,
    skeleton,
    split_examples,
)

from .toy import NEGATIVE, POSITIVE, T0, tag, toy_examples


def _groups(examples: list[Example]) -> set[tuple[str, str]]:
    return {(example.family, example.group) for example in examples}


def _timeless(examples: list[Example]) -> list[Example]:
    return [replace(example, time=None) for example in examples]


def test_groups_never_on_both_sides() -> None:
    examples = toy_examples(400, accounts=40)
    split = split_examples(examples)
    assert split.train and split.test
    assert not _groups(split.train) & _groups(split.test)
    check_leakage(split.train, split.test)


_ROWS = st.lists(
    st.tuples(
        st.sampled_from(["toy", "toy-b", "written-eval", "written-train"]),
        st.integers(0, 12),
        st.one_of(st.none(), st.integers(0, 500)),
    ),
    max_size=60,
)


@settings(max_examples=60, deadline=None)
@given(_ROWS)
def test_split_invariants(rows: list[tuple[str, int, int | None]]) -> None:
    examples = [
        Example(
            f"rain {tag(index)}",
            POSITIVE,
            family,
            f"acct-{group}",
            f"toy.csv:{index}",
            None if hours is None else T0 + timedelta(hours=hours),
        )
        for index, (family, group, hours) in enumerate(rows)
    ]
    split = split_examples(examples)
    assert not _groups(split.train) & _groups(split.test)
    assert len(split.train) + len(split.test) + sum(split.dropped.values()) == len(examples)
    for example in split.train:
        cutoff = split.cutoffs.get(example.family)
        assert example.family != "written-eval"
        assert cutoff is None or example.time is None or example.time < cutoff
    for example in split.test:
        cutoff = split.cutoffs.get(example.family)
        assert example.family != "written-train"
        assert cutoff is None or example.time is None or example.time >= cutoff
    check_leakage(split.train, split.test)


@pytest.mark.parametrize(
    ("family", "learn", "expected"),
    [
        ("propaganda", (), True),
        ("bible-kjv", (), False),
        ("bible-kjv", ("bible-kjv",), True),
        ("a-teams-own-family", (), True),
    ],
)
def test_which_families_may_be_trained_on(
    family: str, learn: tuple[str, ...], expected: bool
) -> None:
    assert may_train(family, learn) is expected


def test_an_evaluation_only_family_is_split_only_when_learnt() -> None:
    examples = [
        Example(f"{tag(index)} rain", NEGATIVE, "bible-kjv", f"book-{index % 20}", f"b:{index}")
        for index in range(200)
    ]
    evaluated = split_examples(examples)
    assert not evaluated.train and len(evaluated.test) == 200
    learnt = split_examples(examples, learn=("bible-kjv",))
    assert learnt.train and learnt.test
    assert not _groups(learnt.train) & _groups(learnt.test)
    assert _groups(learnt.test) < _groups(evaluated.test)


def test_every_example_is_placed_or_counted_as_dropped() -> None:
    examples = toy_examples(400, accounts=40)
    split = split_examples(examples)
    assert len(split.train) + len(split.test) + sum(split.dropped.values()) == len(examples)
    sources = [e.source for e in split.train + split.test]
    assert len(sources) == len(set(sources))


def test_test_share_is_about_the_share_of_groups() -> None:
    examples = [
        Example(f"{tag(index)} rain", POSITIVE, "toy", f"acct-{index}", f"toy.csv:{index}")
        for index in range(2000)
    ]
    split = split_examples(examples, test_share=0.3)
    share = len(_groups(split.test)) / 2000
    assert 0.26 < share < 0.34


def test_time_forward_rule() -> None:
    examples = toy_examples(400, accounts=40)
    split = split_examples(examples, time_quantile=0.6)
    times = sorted(example.time for example in examples if example.time is not None)
    cutoff = split.cutoffs["toy"]
    assert cutoff == times[int(0.6 * len(times))]
    assert all(e.time is not None and e.time < cutoff for e in split.train)
    assert all(e.time is not None and e.time >= cutoff for e in split.test)
    assert split.dropped["training group, after the time cutoff"] > 0
    assert split.dropped["test group, before the time cutoff"] > 0


def test_time_quantile_zero_keeps_every_test_row() -> None:
    examples = toy_examples(200, accounts=20)
    split = split_examples(examples, time_quantile=0.0)
    assert split.cutoffs["toy"] == T0
    assert "test group, before the time cutoff" not in split.dropped


def test_cutoffs_are_per_family() -> None:
    early = toy_examples(100, family="toy-early")
    late = [
        replace(e, time=e.time + timedelta(days=365) if e.time else None)
        for e in toy_examples(100, family="toy-late", seed=1)
    ]
    split = split_examples(early + late)
    assert set(split.cutoffs) == {"toy-early", "toy-late"}
    assert split.cutoffs["toy-late"] - split.cutoffs["toy-early"] == timedelta(days=365)


def test_examples_without_time_are_not_split_by_time() -> None:
    examples = _timeless(toy_examples(200, accounts=20))
    split = split_examples(examples)
    assert split.cutoffs == {}
    assert len(split.train) + len(split.test) == len(examples)
    assert not _groups(split.train) & _groups(split.test)


def _test_and_train_groups(examples: list[Example]) -> tuple[str, str]:
    split = split_examples(examples)
    return sorted(_groups(split.test))[0][1], sorted(_groups(split.train))[0][1]


@pytest.mark.parametrize(
    "copy",
    [
        pytest.param(lambda text: f"RT @somebody: {text}", id="retweet"),
        pytest.param(lambda text: f"{text} https://t.co/xyz123", id="other-link"),
        pytest.param(lambda text: f"@friend {text}", id="other-handle"),
        pytest.param(lambda text: f"{text} 2024!!", id="digits-and-punctuation"),
        pytest.param(lambda text: text.upper(), id="case"),
        pytest.param(lambda text: "  ".join(text.split()), id="spacing"),
    ],
)
def test_near_identical_test_texts_are_dropped(copy: Callable[[str], str]) -> None:
    examples = _timeless(toy_examples(200, accounts=20))
    test_group, train_group = _test_and_train_groups(examples)
    original = next(e for e in examples if e.group == train_group)
    duplicate = Example(copy(original.text), POSITIVE, "toy", test_group, "copy.csv:2")
    assert skeleton(duplicate.text) == skeleton(original.text)
    split = split_examples([*examples, duplicate])
    assert original in split.train
    assert duplicate not in split.test
    reason = "test text near-identical to a training or earlier test text"
    assert split.dropped[reason] == 1
    check_leakage(split.train, split.test)


def test_repeats_within_the_test_are_dropped() -> None:
    examples = _timeless(toy_examples(200, accounts=20))
    test_group, _ = _test_and_train_groups(examples)
    first = Example("the rain falls on the hills kxzz", NEGATIVE, "toy", test_group, "a.csv:2")
    second = replace(
        first, text="RT @x: the rain falls on the hills kxzz http://a.b/c", source="a.csv:3"
    )
    split = split_examples([*examples, first, second])
    assert first in split.test
    assert second not in split.test and second not in split.train


def test_test_texts_without_letters_are_dropped() -> None:
    examples = _timeless(toy_examples(200, accounts=20))
    test_group, _ = _test_and_train_groups(examples)
    empty = Example("2024 @bob https://t.co/x !!", NEGATIVE, "toy", test_group, "a.csv:2")
    split = split_examples([*examples, empty])
    assert empty not in split.test
    assert split.dropped["test text without letters"] == 1


@pytest.mark.parametrize(
    ("family", "side"),
    [
        pytest.param("written-eval", "test", id="written-eval-test-only"),
        pytest.param("self-described-reporters", "test", id="reporters-test-only"),
        pytest.param("written-train", "train", id="written-train-train-only"),
    ],
)
def test_families_restricted_to_one_side(family: str, side: str) -> None:
    assert FAMILIES[family].train is (side == "train")
    assert FAMILIES[family].test is (side == "test")
    examples = _timeless(toy_examples(200, accounts=40, family=family))
    split = split_examples(examples)
    placed = split.test if side == "test" else split.train
    other = split.train if side == "test" else split.test
    assert not other
    assert len(placed) == len(examples)


def test_the_ambiguous_pro_tweets_are_split_like_the_trained_families() -> None:
    # learnt as weak negatives since default+dce7f6f7: by account, on both sides
    assert FAMILIES["tt-pro-mixed"].train and FAMILIES["tt-pro-mixed"].test
    examples = _timeless(toy_examples(200, accounts=40, family="tt-pro-mixed"))
    split = split_examples(examples)
    assert split.train and split.test
    assert not {e.group for e in split.train} & {e.group for e in split.test}


def test_family_with_both_sides_uses_the_groups() -> None:
    assert FAMILIES["quran-en"].train and FAMILIES["quran-en"].test
    examples = _timeless(toy_examples(200, accounts=40, family="quran-en"))
    split = split_examples(examples)
    assert split.train and split.test


def test_deterministic_and_independent_of_order() -> None:
    examples = toy_examples(300, accounts=30)
    first = split_examples(examples)
    assert split_examples(examples) == first
    shuffled = list(examples)
    random.Random(3).shuffle(shuffled)
    again = split_examples(shuffled)
    assert {e.source for e in again.train} == {e.source for e in first.train}
    assert {e.source for e in again.test} == {e.source for e in first.test}
    assert again.cutoffs == first.cutoffs


def test_the_key_chooses_the_groups() -> None:
    examples = _timeless(toy_examples(300, accounts=60))
    first = _groups(split_examples(examples, key="one").test)
    second = _groups(split_examples(examples, key="two").test)
    assert first != second


def test_split_records_its_settings() -> None:
    split = split_examples(toy_examples(100), test_share=0.25, time_quantile=0.5)
    assert (split.test_share, split.time_quantile) == (0.25, 0.5)


@pytest.mark.parametrize(
    ("share", "quantile", "message"),
    [
        pytest.param(0.0, 0.6, "test_share", id="share-zero"),
        pytest.param(1.0, 0.6, "test_share", id="share-one"),
        pytest.param(-0.1, 0.6, "test_share", id="share-negative"),
        pytest.param(0.3, 1.0, "time_quantile", id="quantile-one"),
        pytest.param(0.3, -0.5, "time_quantile", id="quantile-negative"),
    ],
)
def test_split_validates_settings(share: float, quantile: float, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        split_examples(toy_examples(20), test_share=share, time_quantile=quantile)


@pytest.mark.parametrize(
    ("left", "right", "same"),
    [
        pytest.param("the rain", "RT @bob: The RAIN!! https://t.co/x 12", True, id="retweet"),
        pytest.param("the rain", "the r a i n", True, id="spaced"),
        pytest.param("الطقس جميل", "الطَّقسُ جميل 2024", True, id="arabic-marks-digits"),
        pytest.param("the rain", "the sun", False, id="other-text"),
    ],
)
def test_skeleton(left: str, right: str, same: bool) -> None:
    assert (skeleton(left) == skeleton(right)) is same


# --- check_leakage -----------------------------------------------------------------------------


def _example(text: str, group: str, source: str, family: str = "toy") -> Example:
    return Example(text, POSITIVE, family, group, source)


def test_check_leakage_passes_a_clean_split() -> None:
    train = [_example("the rain falls", "acct-1", "a.csv:2")]
    test = [_example("the soup simmers", "acct-2", "a.csv:3")]
    check_leakage(train, test)
    check_leakage([], [])


def test_check_leakage_names_a_shared_group() -> None:
    train = [_example("the rain falls", "acct-1", "a.csv:2")]
    test = [_example("the soup simmers", "acct-1", "a.csv:3")]
    with pytest.raises(LeakageError, match=r"1 groups .* on both sides, e\.g\. toy/acct-1"):
        check_leakage(train, test)


def test_check_leakage_names_a_near_identical_text() -> None:
    train = [_example("the rain falls on the hills", "acct-1", "a.csv:2")]
    test = [_example("RT @bob: the rain falls on the hills http://t.co/x", "acct-2", "b.csv:7")]
    with pytest.raises(LeakageError, match=r"1 test texts near-identical .* e\.g\. b\.csv:7"):
        check_leakage(train, test)


def test_check_leakage_names_both_problems() -> None:
    train = [_example("the rain", "acct-1", "a.csv:2"), _example("sun", "acct-9", "a.csv:3")]
    test = [_example("the rain!", "acct-2", "b.csv:7"), _example("goal", "acct-9", "b.csv:8")]
    with pytest.raises(LeakageError) as raised:
        check_leakage(train, test)
    message = str(raised.value)
    assert "toy/acct-9" in message and "b.csv:7" in message
    assert isinstance(raised.value, ValueError)


def test_check_leakage_shows_at_most_five() -> None:
    train = [_example(f"text {tag(i)}", f"acct-{i}", f"a.csv:{i}") for i in range(8)]
    test = [_example(f"other {tag(i)}", f"acct-{i}", f"b.csv:{i}") for i in range(8)]
    with pytest.raises(LeakageError, match="8 groups") as raised:
        check_leakage(train, test)
    assert str(raised.value).count("toy/acct-") == 5


_COPIES = [  # the copies go with the first group in sorted order; the rest with its account
    ("the rain falls on the hills", "acct-2", "toy", "toy/acct-1"),
    ("the soup simmers slowly", "acct-2", "toy", "toy/acct-2"),
    ("RT @bob: the rain falls on the hills http://t.co/x", "acct-1", "toy", "toy/acct-1"),
    ("The rain falls on the hills!", "acct-3", "toy", "toy/acct-1"),
    ("the wind turned warm", "acct-3", "toy", "toy/acct-3"),
]
_ACROSS_FAMILIES = [  # groups are per family; texts without letters stay with their account
    ("the rain falls", "acct-1", "toy", "other-toy/acct-1"),
    ("the rain falls", "acct-1", "other-toy", "other-toy/acct-1"),
    ("123 !!!", "acct-5", "toy", "toy/acct-5"),
    ("456 ???", "acct-4", "toy", "toy/acct-4"),
]


@pytest.mark.parametrize("rows", [_COPIES, _ACROSS_FAMILIES], ids=["copies", "families"])
def test_fold_groups_keep_every_copy_of_a_text_in_one_fold(
    rows: list[tuple[str, str, str, str]],
) -> None:
    examples = [
        _example(text, group, f"a.csv:{line}", family)
        for line, (text, group, family, _) in enumerate(rows, start=2)
    ]
    assert fold_groups(examples) == [fold for *_, fold in rows]


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.sampled_from("abcde"), st.integers(0, 4)), min_size=1, max_size=30))
def test_fold_groups_invariants(rows: list[tuple[str, int]]) -> None:
    examples = [
        _example(f"text {word}", f"acct-{account}", f"a.csv:{line}")
        for line, (word, account) in enumerate(rows)
    ]
    folds = fold_groups(examples)
    by_text: dict[str, set[str]] = {}
    for example, fold in zip(examples, folds, strict=True):
        by_text.setdefault(example.text, set()).add(fold)
        # a text is folded with its own account or with another account that posted it
        assert fold in {f"toy/{e.group}" for e in examples if e.text == example.text}
    assert all(len(found) == 1 for found in by_text.values())
