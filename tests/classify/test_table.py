"""Training on a team's own labelled table (toy topics stand in for the labels)."""

from __future__ import annotations

import csv
from pathlib import Path

import numpy as np
import pytest

from nohaven.classify.cascade import Mode
from nohaven.classify.corpus import Example
from nohaven.classify.labels import LabelSet
from nohaven.classify.table import (
    ORDINARY_LEARNT,
    ORDINARY_SETS,
    LabelFigures,
    TableReport,
    ordinary_english,
    ordinary_english_sha256,
    read_table,
    train_table,
    written_sets,
)
from nohaven.ingest.base import Reject

from .toy import NEGATIVE, POSITIVE, THIRD, toy_examples

HEADER = ["text", "label", "account", "time"]


def _write(path: Path, rows: list[list[str]], header: list[str] = HEADER) -> Path:
    delimiter = "\t" if path.suffix == ".tsv" else ","
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, delimiter=delimiter)
        writer.writerow(header)
        writer.writerows(rows)
    return path


def _toy_rows(n: int, labels: tuple[str, ...]) -> list[list[str]]:
    return [
        [e.text, e.label, e.group, e.time.isoformat() if e.time else ""]
        for e in toy_examples(n, labels=labels)
    ]


def test_read_table(tmp_path: Path) -> None:
    path = _write(
        tmp_path / "labels.csv",
        [
            ["the rain is cold", "weather", "acct-1", "2020-01-01T10:00:00Z"],
            ["the soup is hot", "cooking", "acct-2", "2020-01-02T10:00:00Z"],
        ],
    )
    examples, rejects = read_table(path, group_column="account", time_column="time")
    assert rejects == []
    assert [(e.text, e.label, e.group) for e in examples] == [
        ("the rain is cold", "weather", "acct-1"),
        ("the soup is hot", "cooking", "acct-2"),
    ]
    assert [e.source for e in examples] == ["labels.csv:2", "labels.csv:3"]
    assert [e.family for e in examples] == ["table:weather", "table:cooking"]
    first_time = examples[0].time
    assert first_time is not None and first_time.isoformat() == "2020-01-01T10:00:00+00:00"


def test_read_table_without_group_uses_blocks_of_rows(tmp_path: Path) -> None:
    rows = [[f"sentence {index} about rain", "weather", "", ""] for index in range(120)]
    examples, _ = read_table(_write(tmp_path / "t.csv", rows))
    groups = [e.group for e in examples]
    assert groups[0] == "rows:0"  # line 2
    assert groups[48] == "rows:1"  # line 50
    assert len(set(groups)) == 3
    assert all(e.time is None for e in examples)


def test_read_table_rejects_rows_without_text_or_label(tmp_path: Path) -> None:
    path = _write(
        tmp_path / "t.csv",
        [
            ["the rain is cold", "weather", "acct-1", ""],
            ["", "weather", "acct-1", ""],
            ["the soup is hot", "", "acct-2", ""],
            ["   ", "cooking", "acct-2", ""],
            ["the garden is green", "  ", "acct-2", ""],
            ["the match was long", "sport", "acct-3", ""],
        ],
    )
    examples, rejects = read_table(path)
    assert [e.text for e in examples] == ["the rain is cold", "the match was long"]
    assert [(r.source, r.line, r.reason) for r in rejects] == [
        (str(path), 3, "column 'text' is empty"),
        (str(path), 4, "column 'label' is empty"),
        (str(path), 5, "column 'text' is empty"),
        (str(path), 6, "column 'label' is empty"),
    ]
    assert rejects[1].excerpt == "the soup is hot"


def test_read_table_rejects_bad_times(tmp_path: Path) -> None:
    path = _write(
        tmp_path / "t.csv",
        [
            ["the rain is cold", "weather", "acct-1", "2020-01-01T10:00:00Z"],
            ["the soup is hot", "cooking", "acct-2", "yesterday-ish"],
        ],
    )
    examples, rejects = read_table(path, time_column="time")
    assert len(examples) == 1
    assert [(r.line, r.reason.startswith("column 'time': ")) for r in rejects] == [(3, True)]


def test_read_table_an_empty_time_is_no_time(tmp_path: Path) -> None:
    path = _write(
        tmp_path / "t.csv",
        [
            ["the rain is cold", "weather", "acct-1", "2020-01-01T10:00:00Z"],
            ["the soup is hot", "cooking", "acct-2", ""],
            ["the tea is warm", "cooking", "acct-3", "   "],
        ],
    )
    examples, rejects = read_table(path, time_column="time")
    assert rejects == []
    assert [e.time is None for e in examples] == [False, True, True]


def test_train_table_cuts_time_per_label(tmp_path: Path) -> None:
    """One label gathered in 2015, the other in 2020: a cutoff over the pooled times would
    leave the 2015 label with no held-out row; each label's own cutoff tests both."""
    rows = []
    for index, (text, label, group, _) in enumerate(_toy_rows(200, (POSITIVE, NEGATIVE))):
        year = 2015 if label == POSITIVE else 2020
        rows.append([text, label, group, f"{year}-{1 + index % 12:02d}-01T00:00:00Z"])
    examples, _ = read_table(
        _write(tmp_path / "t.csv", rows), group_column="account", time_column="time"
    )
    _, report, _ = train_table(examples, name="t", grouped_by="account")
    assert {figures.label: figures.support > 0 for figures in report.per_label} == {
        POSITIVE: True,
        NEGATIVE: True,
    }
    assert set(report.cutoffs) == {POSITIVE, NEGATIVE}
    assert report.cutoffs[POSITIVE].startswith("2015-")
    assert report.cutoffs[NEGATIVE].startswith("2020-")
    assert report.dropped["training group, after the time cutoff"] > 0
    assert report.training_rows + report.test_rows + sum(report.dropped.values()) == len(rows)
    assert report.as_json()["grouped_by"] == "account"


def test_read_table_keeps_reader_rejects(tmp_path: Path) -> None:
    path = tmp_path / "t.csv"
    path.write_text(
        "text,label\nthe rain is cold,weather\nthe soup,cooking,extra,cells\nthe sun,weather\n",
        encoding="utf-8",
    )
    examples, rejects = read_table(path)
    assert [e.text for e in examples] == ["the rain is cold", "the sun"]
    assert [r.line for r in rejects] == [3]


@pytest.mark.parametrize(
    ("header", "kwargs", "missing"),
    [
        pytest.param(["body", "label"], {}, "text", id="no-text"),
        pytest.param(["text", "tag"], {}, "label", id="no-label"),
        pytest.param(["text", "label"], {"group_column": "account"}, "account", id="no-group"),
        pytest.param(["text", "label"], {"time_column": "when"}, "when", id="no-time"),
        pytest.param(["text", "label"], {"label_column": "topic"}, "topic", id="custom-label"),
    ],
)
def test_read_table_missing_column(
    tmp_path: Path, header: list[str], kwargs: dict[str, str], missing: str
) -> None:
    path = _write(tmp_path / "t.csv", [["the rain", "weather"]], header=header)
    with pytest.raises(ValueError) as raised:
        read_table(path, **kwargs)
    message = str(raised.value)
    assert f"no column {missing!r}" in message
    assert f"(columns: {', '.join(header)})" in message
    assert str(path) in message


def test_read_table_custom_columns_and_tsv(tmp_path: Path) -> None:
    path = _write(
        tmp_path / "t.tsv",
        [["acct-1", "la pluie tombe", "météo"], ["acct-2", "الطقس جميل اليوم", "طقس"]],
        header=["who", "message", "topic"],
    )
    examples, rejects = read_table(
        path, text_column="message", label_column="topic", group_column="who"
    )
    assert rejects == []
    assert [(e.text, e.label, e.group) for e in examples] == [
        ("la pluie tombe", "météo", "acct-1"),
        ("الطقس جميل اليوم", "طقس", "acct-2"),
    ]


# --- train_table -------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def three_labels(
    tmp_path_factory: pytest.TempPathFactory,
) -> tuple[Path, list[list[str]]]:
    rows = _toy_rows(300, (POSITIVE, NEGATIVE, THIRD))
    path = _write(tmp_path_factory.mktemp("table") / "three.csv", rows)
    return path, rows


def test_train_table_three_labels(three_labels: tuple[Path, list[list[str]]]) -> None:
    path, _ = three_labels
    examples, _ = read_table(path, group_column="account")
    reject = Reject(str(path), 99, "column 'text' is empty")
    model, report, labels = train_table(examples, name="topics", c=4.0, rejected=[reject])
    assert isinstance(report, TableReport)
    assert report.labels == (THIRD, NEGATIVE, POSITIVE)
    assert model.classes_ == (THIRD, NEGATIVE, POSITIVE)
    assert [str(member.value) for member in labels] == [THIRD, NEGATIVE, POSITIVE]
    assert issubclass(labels, LabelSet)
    assert model.positive == POSITIVE and model.negative is None
    assert (model.name, model.mode) == ("topics", Mode.FAST)
    # the version is the digest of the weights: equal for the same fit, other for another
    assert model.version.startswith("topics+") and len(model.version) == len("topics+") + 8
    again, _, _ = train_table(examples, name="topics", c=4.0)
    assert again.version == model.version
    other, _, _ = train_table(examples, name="topics", c=1.0)
    assert other.version != model.version
    assert model.fast.calibration_ is None
    assert report.training_rows > 0 and report.test_rows > 0
    assert report.training_rows + report.test_rows <= len(examples)
    assert [figures.label for figures in report.per_label] == [THIRD, NEGATIVE, POSITIVE]
    assert sum(figures.support for figures in report.per_label) == report.test_rows
    assert report.accuracy is not None and report.accuracy > 0.8
    for figures in report.per_label:
        assert isinstance(figures, LabelFigures)
        assert figures.f1 is not None and 0.0 <= figures.f1 <= 1.0
    assert report.rejected == (reject,)
    # the model keeps the hashes of its training side's texts: most rows, never all
    learnt = model.was_learnt([e.text for e in examples])
    assert learnt is not None and 0 < learnt.sum() < len(examples)
    # intervals from the held-out accounts, each holding its figure
    assert report.test_groups > 1 and report.positive == POSITIVE
    for figures in report.per_label:
        for value, interval in (
            (figures.recall, figures.recall_interval),
            (figures.precision, figures.precision_interval),
        ):
            assert value is not None and interval is not None
            assert interval.low <= value <= interval.high
    assert report.accuracy_interval is not None
    assert report.accuracy_interval.low <= report.accuracy <= report.accuracy_interval.high
    assert report.roc_auc is not None and report.roc_auc_interval is not None
    assert report.roc_auc_interval.low <= report.roc_auc <= report.roc_auc_interval.high
    # per identified language of the held-out rows (the toy posts are in three)
    assert set(report.per_language) == {"en", "fr", "ar"}
    assert sum(int(str(row["rows"])) for row in report.per_language.values()) == report.test_rows
    for row in report.per_language.values():
        assert row["recall"] is not None and row["recall_interval"] is not None
    data = report.as_json()
    assert data["grouped_by"] == "" and data["test_groups"] == report.test_groups
    per_label = data["per_label"]
    assert isinstance(per_label, list) and len(per_label[0]["recall_interval"]) == 2
    assert data["labels"] == [THIRD, NEGATIVE, POSITIVE]
    assert isinstance(data["per_label"], list) and len(data["per_label"]) == 3
    assert data["rejected"] == [reject.as_json()]
    predictions = model.predict(["the orchestra played a concert at the festival"], explain=0)
    assert predictions[0].label == THIRD


def test_train_table_binary(tmp_path: Path) -> None:
    path = _write(tmp_path / "two.csv", _toy_rows(200, (POSITIVE, NEGATIVE)))
    examples, _ = read_table(path, group_column="account")
    model, report, _ = train_table(examples, name="two")
    assert model.classes_ == (NEGATIVE, POSITIVE)
    assert (model.positive, model.negative) == (POSITIVE, NEGATIVE)
    assert model.fast.calibration_ is not None  # binary with groups: calibrated
    assert report.accuracy is not None and report.accuracy > 0.8
    # calibrated on its training rows as they are: about half of the toy accounts' posts
    prior = model.calibration_prior()
    assert prior is not None and 0.4 < prior < 0.6
    assert model.at_prevalence(0.01).threshold < model.threshold


@pytest.mark.parametrize("rate", [0.0, 0.05, 0.2])
def test_train_table_threshold_for_a_false_positive_target(tmp_path: Path, rate: float) -> None:
    path = _write(tmp_path / "two.csv", _toy_rows(200, (POSITIVE, NEGATIVE)))
    examples, _ = read_table(path, group_column="account")
    model, report, _ = train_table(examples, name="two", max_false_positive_rate=rate)
    assert model.threshold == report.threshold and 0.0 < report.threshold < 1.0
    assert report.max_false_positive_rate == rate
    trained = report.training_false_positive_rate
    assert trained is not None and trained <= rate + 1e-12
    # the threshold is the lowest that meets the target: a hair lower flags one more negative
    decisions = model.fast.calibration_(model.fast.oof_decision_)  # type: ignore[misc]
    negatives = decisions[[label != POSITIVE for label in _training_labels(examples)]]
    assert (negatives >= report.threshold).mean() == pytest.approx(trained)
    if rate > 0:
        assert (negatives >= np.nextafter(report.threshold, 0.0) - 1e-9).mean() > trained
    data = report.as_json()
    assert data["threshold"] == round(report.threshold, 6)
    assert data["false_positive_rate"] is not None


def _training_labels(examples: list[Example]) -> list[str]:
    """The labels of the training side of :func:`train_table`'s split, in its order."""
    from nohaven.classify.split import split_examples

    pooled = [
        Example(e.text, e.label, "table", e.group, e.source, e.time, e.lang) for e in examples
    ]
    split = split_examples(pooled, test_share=0.3, time_quantile=0.6, clock=lambda e: e.label)
    return [e.label for e in split.train]


def test_train_table_refuses_a_false_positive_target_it_cannot_meet(tmp_path: Path) -> None:
    three = _write(tmp_path / "three.csv", _toy_rows(150, (POSITIVE, NEGATIVE, THIRD)))
    examples, _ = read_table(three, group_column="account")
    with pytest.raises(ValueError, match="exactly two labels"):
        train_table(examples, name="t", max_false_positive_rate=0.01)
    two = _write(tmp_path / "two.csv", _toy_rows(100, (POSITIVE, NEGATIVE)))
    examples, _ = read_table(two, group_column="account")
    with pytest.raises(ValueError, match="from 0 to below 1"):
        train_table(examples, name="t", max_false_positive_rate=1.5)


def test_train_table_learns_and_checks_the_written_negatives(tmp_path: Path) -> None:
    path = _write(tmp_path / "two.csv", _toy_rows(120, (POSITIVE, NEGATIVE)))
    examples, _ = read_table(path, group_column="account")
    _, plain, _ = train_table(examples, name="t")
    assert plain.written_negatives == 0
    held_out = written_sets("eval")
    checked = [*held_out, *ordinary_english("eval")]
    assert {family: row["texts"] for family, row in plain.written_flagged.items()} == {
        family: sum(e.family == family for e in checked)
        for family in (
            "written-eval",
            "religious-eval",
            "identity-eval",
            "everyday-eval",
            *ORDINARY_SETS,
        )
    }
    _, learnt, _ = train_table(examples, name="t", written_negatives_as=NEGATIVE)
    assert learnt.written_negatives == len(written_sets("train")) > 2000
    # learnt as the negative label, the held-out halves are given the positive one less often
    flagged = sum(row["flagged"] for row in learnt.written_flagged.values())
    assert flagged <= sum(row["flagged"] for row in plain.written_flagged.values())
    assert learnt.as_json()["written_flagged"] == learnt.written_flagged
    assert not {e.text for e in held_out} & {e.text for e in written_sets("train")}
    for wrong in (POSITIVE, "weather"):
        with pytest.raises(ValueError, match="other than"):
            train_table(examples, name="t", written_negatives_as=wrong)


def test_train_table_learns_and_checks_ordinary_english(tmp_path: Path) -> None:
    """Debian's WordNet and fortune files (installed by scripts/sysdeps.sh): their held-out
    halves are in every report's check, and --ordinary-english teaches a sample of the others
    (topics and blocks never in the check)."""
    held_out, learnable = ordinary_english("eval"), ordinary_english("train")
    assert len(held_out) > 10_000 and len(learnable) == ORDINARY_LEARNT
    assert {e.family for e in held_out} == set(ORDINARY_SETS)
    assert not {e.group for e in held_out} & {e.group for e in learnable}
    assert learnable == ordinary_english("train")  # the same sample every time
    path = _write(tmp_path / "two.csv", _toy_rows(120, (POSITIVE, NEGATIVE)))
    examples, _ = read_table(path, group_column="account")
    _, plain, _ = train_table(examples, name="t")
    _, learnt, _ = train_table(examples, name="t", ordinary_english_as=NEGATIVE)
    assert (plain.ordinary_english, learnt.ordinary_english) == (0, ORDINARY_LEARNT)
    assert learnt.as_json()["ordinary_english"] == ORDINARY_LEARNT
    digest = ordinary_english_sha256()
    assert digest is not None and len(digest) == 64 and digest == ordinary_english_sha256()
    assert plain.ordinary_english_sha256 == learnt.ordinary_english_sha256 == digest
    for family in ORDINARY_SETS:
        assert learnt.written_flagged[family]["flagged"] <= plain.written_flagged[family]["flagged"]
    with pytest.raises(ValueError, match="ordinary English needs a label of the table other"):
        train_table(examples, name="t", ordinary_english_as=POSITIVE)


def test_train_table_groups_stay_on_one_side(tmp_path: Path) -> None:
    path = _write(tmp_path / "two.csv", _toy_rows(200, (POSITIVE, NEGATIVE)))
    examples, _ = read_table(path, group_column="account")
    _, report, _ = train_table(examples, name="two", test_share=0.5)
    # 20 accounts of 10 rows: whole accounts are held out
    assert report.test_rows % 10 == 0 and report.training_rows % 10 == 0


@pytest.mark.parametrize(
    ("names", "positive", "chosen"),
    [
        pytest.param(("sport", "cooking"), None, "sport", id="default-last-sorted"),
        pytest.param(("sport", "cooking"), "cooking", "cooking", id="explicit"),
        pytest.param((POSITIVE, "zucchini"), None, POSITIVE, id="default-propaganda"),
    ],
)
def test_train_table_positive_label(
    tmp_path: Path, names: tuple[str, str], positive: str | None, chosen: str
) -> None:
    rename = dict(zip((POSITIVE, NEGATIVE), names, strict=True))
    rows = [
        [text, rename[label], group, time]
        for text, label, group, time in _toy_rows(120, (POSITIVE, NEGATIVE))
    ]
    examples, _ = read_table(_write(tmp_path / "t.csv", rows), group_column="account")
    model, _, _ = train_table(examples, name="t", positive=positive)
    assert model.positive == chosen
    assert model.negative == next(name for name in names if name != chosen)


def test_train_table_refuses_an_unknown_positive(tmp_path: Path) -> None:
    examples, _ = read_table(
        _write(tmp_path / "t.csv", _toy_rows(60, (POSITIVE, NEGATIVE))), group_column="account"
    )
    with pytest.raises(ValueError, match="positive label 'music' is not among the labels"):
        train_table(examples, name="t", positive="music")


def test_train_table_needs_two_labels(tmp_path: Path) -> None:
    rows = [[f"the rain {index}", "weather", f"acct-{index}", ""] for index in range(20)]
    examples, _ = read_table(_write(tmp_path / "t.csv", rows), group_column="account")
    with pytest.raises(ValueError, match="at least two labels"):
        train_table(examples, name="t")


def test_train_table_with_a_time_column(
    three_labels: tuple[Path, list[list[str]]],
) -> None:
    path, _ = three_labels
    examples, _ = read_table(path, group_column="account", time_column="time")
    assert all(e.time is not None for e in examples)
    model, report, _ = train_table(examples, name="timed")
    assert report.training_rows > 0 and report.test_rows > 0
    assert model.classes_ == (THIRD, NEGATIVE, POSITIVE)


def test_train_table_positive_first_label_predicts_right(tmp_path: Path) -> None:
    rename = {POSITIVE: "sport", NEGATIVE: "cooking"}
    rows = [
        [text, rename[label], group, time]
        for text, label, group, time in _toy_rows(160, (POSITIVE, NEGATIVE))
    ]
    examples, _ = read_table(_write(tmp_path / "t.csv", rows), group_column="account")
    model, report, _ = train_table(examples, name="t", positive="cooking")
    assert report.accuracy is not None and report.accuracy > 0.8
    assert (
        model.predict(["the soup is simmered slowly with fresh garlic"], explain=0)[0].label
        == "cooking"
    )


def test_read_table_from_json_lines(tmp_path: Path) -> None:
    import gzip

    rows = [
        '{"text": "the rain is cold", "label": 1, "account": "acct-1"}',
        '{"text": "the soup is hot", "label": 0, "account": 7}',
        '{"text": ["a", "list"], "label": 1}',
        '{"label": 0}',
        "not json",
        '{"text": "the wind is up", "label": true, "account": null}',
    ]
    for name in ("labels.jsonl", "labels.ndjson.gz"):
        path = tmp_path / name
        data = ("\n".join(rows) + "\n").encode("utf-8")
        path.write_bytes(gzip.compress(data) if name.endswith(".gz") else data)
        examples, rejects = read_table(path, group_column="account")
        assert [(e.text, e.label, e.group) for e in examples] == [
            ("the rain is cold", "1", "acct-1"),
            ("the soup is hot", "0", "7"),
            ("the wind is up", "true", "rows:0"),
        ]
        assert [(r.line, r.reason.split(":")[0]) for r in rejects] == [
            (3, "column 'text' holds a list, not text"),
            (4, "column 'text' is empty"),
            (5, "malformed JSON"),
        ]


def test_languages_of_few_held_out_rows_are_reported_together() -> None:
    from nohaven.classify.table import _OTHER_LANGUAGES, _per_language

    texts = ["the rain is cold today"] * 30 + ["la pluie est froide"] * 5
    test = [
        Example(text, POSITIVE if i % 2 else NEGATIVE, "table", f"g{i % 7}", "")
        for i, text in enumerate(texts)
    ]
    said = np.array([i % 3 == 0 for i in range(len(texts))])
    truth = [e.label for e in test]
    found = _per_language(
        test, said, np.array([t == POSITIVE for t in truth]), truth, [e.group for e in test]
    )
    assert set(found) == {"en", _OTHER_LANGUAGES}
    assert (found["en"]["rows"], found[_OTHER_LANGUAGES]["rows"]) == (30, 5)
