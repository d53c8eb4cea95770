"""The stance readings of the test positives and the figures the evaluation draws from them.

The evaluation test uses the neutral toy corpus: its "propaganda" is sentences about sport and
the weather, read here as stance-bearing or not by index, to exercise the machinery only.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from nohaven.classify import evaluate
from nohaven.classify.card import _reading_lines
from nohaven.classify.stance import (
    Reading,
    ReadingError,
    agreement,
    load_readings,
    load_second_readings,
    parse_readings,
)

from .toy import headline_toy_model


def test_the_shipped_readings_name_a_source_and_a_reading_each() -> None:
    readings = load_readings()
    assert len(readings) == 3_324
    assert set(readings.values()) == set(Reading)
    assert all(source.startswith("isis-twitter-fifthtribe/tweets.csv:") for source in readings)


def test_a_readings_file_is_read_from_a_path(tmp_path: Path) -> None:
    path = tmp_path / "mine.csv"
    path.write_text("source,reading\na.csv:2,stance\na.csv:3, none \n", encoding="utf-8")
    assert load_readings(path) == {"a.csv:2": Reading.STANCE, "a.csv:3": Reading.NONE}


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("text,label\na.csv:2,stance\n", "mine.csv:1: the header must be 'source,reading'"),
        ("source,reading\na.csv:2,stance,x\n", "mine.csv:2: expected 2 fields, found 3"),
        ("source,reading\na.csv:2,stance\n,none\n", "mine.csv:3: empty source"),
        ("source,reading\na.csv:2,maybe\n", "mine.csv:2: unknown reading 'maybe'"),
        ("source,reading\na.csv:2,stance\na.csv:2,none\n", "mine.csv:3: a.csv:2 is read twice"),
    ],
)
def test_a_bad_readings_file_is_refused_with_its_line_and_reason(text: str, reason: str) -> None:
    with pytest.raises(ReadingError, match=reason):
        parse_readings(text, "mine.csv")


def test_positives_are_judged_by_what_they_say() -> None:
    model, test = headline_toy_model()
    positives = [e for e in test if e.family == "propaganda"]
    read = positives[:-3]
    readings = {
        e.source: Reading.STANCE if index % 2 else Reading.NONE for index, e in enumerate(read)
    }
    evaluation = evaluate(model, test, robustness_sample=0, readings=readings)

    scores = model.scores([e.text for e in read])[0]
    stance = np.array([readings[e.source] is Reading.STANCE for e in read])
    figures = evaluation.per_reading
    assert set(figures) == {"stance", "none"}
    assert figures["stance"].positives == stance.sum()
    assert figures["none"].positives == (~stance).sum()
    assert figures["stance"].recall == pytest.approx((scores[stance] >= 0.5).mean())
    assert figures["stance"].negatives == sum(e.family == "written-eval" for e in test)
    assert evaluation.unread_positives == 3
    assert set(evaluation.per_family_stance) == {"written-eval"}
    saved = evaluation.as_json()["per_reading"]
    assert isinstance(saved, dict) and saved["none"]["positives"] == (~stance).sum()
    section = "\n".join(_reading_lines(evaluation))
    assert "| `stance` |" in section and "3 positives were not read" in section

    # readings given, no second reader: none of the shipped second readings are used
    assert evaluation.reading_agreement is None and evaluation.per_second_reading == {}
    assert "second reader" not in section

    unread = evaluate(model, test, robustness_sample=0, readings={})
    assert unread.per_reading == {} and unread.per_family_stance == {}
    assert unread.unread_positives == 0 and _reading_lines(unread) == []


def test_a_second_readers_readings_are_compared_and_reported_beside_the_first() -> None:
    model, test = headline_toy_model()
    read = [e for e in test if e.family == "propaganda"]
    first = {e.source: Reading.STANCE if i % 2 else Reading.NONE for i, e in enumerate(read)}
    # the second reader reads the first two texts otherwise, and one text the first did not
    # read is no test positive: it is left out of the comparison
    second = dict(first)
    for e in read[:2]:
        second[e.source] = Reading.UNCLEAR
    second["elsewhere.csv:9"] = Reading.STANCE
    evaluation = evaluate(model, test, robustness_sample=0, readings=first, second_readings=second)
    agreed = evaluation.reading_agreement
    assert agreed is not None
    assert (agreed.texts, agreed.agreed, agreed.only_second) == (len(read), len(read) - 2, 0)
    assert agreed.confusion["none"]["unclear"] == 1 and agreed.confusion["stance"]["unclear"] == 1
    assert evaluation.per_second_reading["unclear"].positives == 2
    assert evaluation.per_second_reading["stance"].positives == (
        evaluation.per_reading["stance"].positives - 1
    )
    assert set(evaluation.per_family_second_stance) == {"written-eval"}
    saved = evaluation.as_json()
    assert saved["reading_agreement"] == agreed.as_json()
    section = "\n".join(_reading_lines(evaluation))
    assert "A second reader read" in section and "Cohen's kappa" in section
    assert "`stance` by the second reader" in section


def test_two_readers_agreement_counts_kappa_and_the_texts_one_reader_left() -> None:
    first = {
        "a:1": Reading.STANCE,
        "a:2": Reading.STANCE,
        "a:3": Reading.NONE,
        "a:4": Reading.NONE,
        "a:5": Reading.UNCLEAR,
    }
    second = {
        "a:1": Reading.STANCE,
        "a:2": Reading.UNCLEAR,
        "a:3": Reading.NONE,
        "a:4": Reading.NONE,
        "a:6": Reading.NONE,
    }
    found = agreement(first, second)
    assert (found.texts, found.agreed, found.only_first, found.only_second) == (4, 3, 1, 1)
    assert found.confusion["stance"] == {"stance": 1, "unclear": 1, "none": 0}
    assert found.confusion["none"]["none"] == 2
    # by hand: observed 3/4; chance (2*1 + 0*1 + 2*2) / 16 = 6/16
    assert found.kappa == pytest.approx((0.75 - 0.375) / (1 - 0.375))
    assert found.as_json()["share_agreed"] == 0.75


def test_agreement_of_one_reading_only_has_no_kappa() -> None:
    readings = {"a:1": Reading.NONE, "a:2": Reading.NONE}
    assert agreement(readings, readings).kappa is None
    assert agreement({}, readings).texts == 0


def test_the_second_readers_file_reads_the_first_readers_test_texts() -> None:
    second = load_second_readings()
    first = load_readings()
    assert len(second) == 562
    assert set(second) <= set(first)
    found = agreement(first, second)
    assert found.texts == 562 and found.only_second == 0
    assert found.kappa is not None and 0.7 < found.kappa < 0.8
