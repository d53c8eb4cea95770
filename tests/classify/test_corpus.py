"""Readers of the corpus that need no real data: placeholder rows in a temporary folder, and
the written sets shipped in the package."""

from __future__ import annotations

import csv
import re
from collections import Counter
from datetime import datetime
from pathlib import Path

import pytest

from nohaven.classify.corpus import (
    FAMILIES,
    Role,
    _video_titles,
    written_everyday,
    written_negatives,
    written_religious,
)
from nohaven.classify.labels import Label
from nohaven.classify.split import skeleton


def _releases(root: Path, titles: list[str], date: str = "March 8, 2015") -> None:
    folder = root / "isis-video-release-metadata"
    folder.mkdir()
    with (folder / "video_metadata.csv").open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["", "id_x", "date", "title", "label"])
        for index, title in enumerate(titles):
            writer.writerow([index, index, date, title, "Placeholder Province"])


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        ("New video message from X: “Placeholder Words – Wilāyat Somewhere”", "Placeholder Words"),
        (
            "Y Media presents a new video message from X: “Placeholder Words #2″",
            "Placeholder Words #2",
        ),
        (
            "New video message from X: “Placeholder Words – Part Two”",
            "Placeholder Words – Part Two",
        ),
        ("New video message from X: “Placeholder Words - Wilayat Somewhere", "Placeholder Words"),
        ('New release from X: "Placeholder Words"', "Placeholder Words"),
        (
            "New video message from X: “Placeholder: Words – “Wilāyat Somewhere”",
            "Placeholder: Words",
        ),
        (
            "New video message from X: “New video message from X: “Placeholder Words”",
            "Placeholder Words",
        ),
    ],
)
def test_a_video_title_is_the_quoted_title_without_its_province(
    tmp_path: Path, title: str, expected: str
) -> None:
    _releases(tmp_path, [title])
    (example,) = _video_titles(tmp_path)
    assert example.text == expected
    assert example.label == Label.PROPAGANDA.value
    assert example.family == "video-titles"
    assert example.group == "video:placeholder province"
    assert example.time == datetime(2015, 3, 8)
    assert example.source == "isis-video-release-metadata/video_metadata.csv:2"


def test_an_archive_post_without_a_quoted_title_is_not_a_title(tmp_path: Path) -> None:
    _releases(tmp_path, ["Primary source data dump, December", "Placeholder: “Words”"])
    assert [example.text for example in _video_titles(tmp_path)] == ["Words"]


def test_the_video_titles_are_evaluated_and_never_learnt() -> None:
    family = FAMILIES["video-titles"]
    assert family.role is Role.POSITIVE
    assert family.test and not family.train


def test_a_release_date_that_does_not_parse_is_named_with_its_file_and_line(
    tmp_path: Path,
) -> None:
    _releases(tmp_path, ["Placeholder: “Words”"], date="2015-03-08")
    with pytest.raises(ValueError, match=r"video_metadata\.csv:2: date '2015-03-08' is not"):
        list(_video_titles(tmp_path))


def test_the_second_batch_of_religious_phrases_shares_under_half_its_words_across_files() -> None:
    # The second batch (train lines 101-190, eval lines 89-148) was written together, siblings
    # of the same customs: no phrase of it may share half its words or more with a phrase of
    # the other file, or religious-eval would measure strings learnt, not other wordings.
    def words(text: str) -> set[str]:
        return set(re.findall(r"\w+", text.lower()))

    def line(source: str) -> int:
        return int(source.rsplit(":", 1)[1])

    train, held_out = written_religious("train"), written_religious("eval")
    assert len(train) == 190 and len(held_out) == 148
    pairs = [
        (a.text, b.text)
        for a in train
        for b in held_out
        if line(a.source) > 100 or line(b.source) > 88
    ]
    close = [(a, b) for a, b in pairs if len(words(a) & words(b)) >= 0.5 * len(words(a) | words(b))]
    assert not close


def test_the_written_sets_are_disjoint_and_balanced() -> None:
    train, held_out = written_negatives("train"), written_negatives("eval")
    assert not {skeleton(e.text) for e in train} & {skeleton(e.text) for e in held_out}
    assert Counter(e.lang for e in held_out) == {"ar": 50, "fr": 50, "en": 50}
    assert all(e.label == "other" for e in train + held_out)


def test_the_everyday_sets_are_disjoint_short_and_in_three_languages() -> None:
    train, held_out = written_everyday("train"), written_everyday("eval")
    assert len(train) >= 120 and len(held_out) >= 45
    assert not {skeleton(e.text) for e in train} & {skeleton(e.text) for e in held_out}
    assert {e.lang for e in train} == {e.lang for e in held_out} == {"ar", "fr", "en"}
    assert all(e.label == "other" and len(e.text) < 40 for e in train + held_out)
    assert {e.family for e in held_out} == {"everyday-eval"}


def test_the_religious_phrase_sets_are_disjoint_and_in_three_languages() -> None:
    train, held_out = written_religious("train"), written_religious("eval")
    assert len(train) >= 190 and len(held_out) >= 148
    assert not {skeleton(e.text) for e in train} & {skeleton(e.text) for e in held_out}
    assert {e.lang for e in train} == {e.lang for e in held_out} == {"ar", "fr", "en"}
    assert all(e.label == "other" for e in train + held_out)
    assert {e.family for e in train} == {"religious-train"}
    assert {e.family for e in held_out} == {"religious-eval"}
    assert FAMILIES["religious-train"].train and not FAMILIES["religious-train"].test
    assert FAMILIES["religious-eval"].test and not FAMILIES["religious-eval"].train
