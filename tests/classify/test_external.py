"""A model judged on a team's own labelled table (``nohaven evaluate --csv``).

Toy topics stand in for the labels (see ``toy.py``); the real-data test rewrites the shipped
model's own test split as such a table and checks that both harnesses give the same figures.
"""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from typer.testing import CliRunner

from nohaven.classify import default_model_path, load_model, reproduce, save_model
from nohaven.classify.cascade import ContentModel
from nohaven.classify.corpus import Example
from nohaven.classify.external import evaluate_table
from nohaven.classify.ngram import NgramClassifier
from nohaven.cli.main import app
from nohaven.ingest.base import Reject

from .toy import NEGATIVE, POSITIVE, THIRD, fast_content_model, toy, toy_examples

runner = CliRunner()


@pytest.fixture(scope="module")
def model() -> ContentModel:
    data = toy(400)
    fast = NgramClassifier(c=4.0, positive=POSITIVE, folds=3).fit(
        data.texts, data.labels, groups=data.groups
    )
    return fast_content_model(fast)


def _rows(n: int, seed: int) -> list[Example]:
    return toy_examples(n, labels=(POSITIVE, NEGATIVE, THIRD), seed=seed)


def test_every_figure_of_a_table(model: ContentModel) -> None:
    examples = _rows(120, seed=7)
    families = ["forum" if i % 2 else "chat" for i in range(len(examples))]
    reject = Reject("own.csv", 9, "column 'text' is empty")
    found = evaluate_table(model, examples, families=families, rejected=[reject])
    labels = np.array([e.label for e in examples])
    scores = model.predict_proba([e.text for e in examples])[:, 1]
    flagged = scores >= model.threshold
    assert found.rows == 120 and found.counts == {
        name: int((labels == name).sum()) for name in (NEGATIVE, POSITIVE, THIRD)
    }
    assert found.overall.positives == (labels == POSITIVE).sum()
    assert found.overall.negatives == (labels != POSITIVE).sum()
    assert found.overall.recall == pytest.approx(flagged[labels == POSITIVE].mean())
    assert found.overall.false_positive_rate == pytest.approx(flagged[labels != POSITIVE].mean())
    # One comparison per other label, and one per family against its negatives.
    assert set(found.per_label) == {NEGATIVE, THIRD}
    assert found.per_label[THIRD].negatives == (labels == THIRD).sum()
    assert set(found.per_family) == {"chat", "forum"}
    forum = np.array(families) == "forum"
    assert found.per_family["forum"].negatives == (forum & (labels != POSITIVE)).sum()
    assert found.family_flag_rates["forum"].texts == forum.sum()
    assert found.label_flag_rates[POSITIVE].flagged == flagged[labels == POSITIVE].sum()
    # The toy examples carry their language: one row per language, every row counted once.
    assert set(found.per_language) == {"en", "fr", "ar"}
    assert sum(f.positives + f.negatives for f in found.per_language.values()) == 120
    assert [p["threshold"] for p in found.operating_points][:2] == [0.5, 0.6]
    assert found.rejected == (reject,)
    assert found.as_json()["rejected"] == [reject.as_json()]
    # 95% intervals for every comparison, resampling the rows' groups (here the toy accounts,
    # not named as a column: grouped_by is empty and no account's recall is summarised)
    assert set(found.spread) == {
        "overall",
        f"label:{NEGATIVE}",
        f"label:{THIRD}",
        "family:chat",
        "family:forum",
    }
    positive_accounts = {e.group for e in examples if e.label == POSITIVE}
    assert found.spread["overall"].positive_groups == len(positive_accounts)
    interval = found.spread["overall"].recall
    recall = found.overall.recall
    assert interval is not None and recall is not None
    assert interval.low <= recall <= interval.high
    assert found.grouped_by == "" and found.by_group is None
    grouped = evaluate_table(model, examples, grouped_by="account")
    assert grouped.by_group is not None and grouped.by_group.accounts == len(positive_accounts)
    assert grouped.as_json()["grouped_by"] == "account"


def test_wrong_rows_are_named_by_line_in_order(model: ContentModel) -> None:
    examples = _rows(90, seed=3)
    # Every negative is relabelled as the positive label's rival: the model now "misses"
    # the rows it does not flag and "wrongly flags" the sport and weather texts labelled other.
    swapped = [
        Example(e.text, NEGATIVE if e.label == POSITIVE else POSITIVE, e.family, e.group, e.source)
        for e in examples
    ]
    found = evaluate_table(model, swapped)
    scores = dict(
        zip(
            [e.source for e in swapped],
            model.predict_proba([e.text for e in swapped])[:, 1].tolist(),
            strict=True,
        )
    )
    assert found.false_positives and found.missed
    assert all(scores[s] >= model.threshold for s in found.false_positives)
    assert all(scores[s] < model.threshold for s in found.missed)
    assert [scores[s] for s in found.false_positives] == sorted(
        (scores[s] for s in found.false_positives), reverse=True
    )
    assert [scores[s] for s in found.missed] == sorted(scores[s] for s in found.missed)


def test_a_table_without_positives_gives_flag_rates(model: ContentModel) -> None:
    examples = [e for e in _rows(60, seed=5) if e.label != POSITIVE]
    found = evaluate_table(model, examples)
    assert found.overall.positives == 0
    assert found.overall.roc_auc is None and found.overall.recall is None
    assert found.overall.false_positive_rate is not None
    assert found.missed == []


def test_nothing_to_evaluate_is_an_error(model: ContentModel) -> None:
    with pytest.raises(ValueError, match="no labelled rows"):
        evaluate_table(model, [])
    with pytest.raises(ValueError, match="1 families for 2 rows"):
        evaluate_table(model, _rows(2, seed=1), families=["a"])


def test_texts_longer_than_learnt_are_counted(model: ContentModel) -> None:
    learnt = model.learnt_lengths()
    assert learnt is None  # the toy model records no lengths: nothing is counted
    examples = _rows(10, seed=2)
    assert evaluate_table(model, examples).longer_than_learnt == 0
    model.info["positive_lengths"] = [10, 40]
    try:
        longer = [Example(e.text * 3, e.label, e.family, e.group, e.source) for e in examples]
        found = evaluate_table(model, longer)
        assert found.longer_than_learnt == 10 and found.learnt_longest == 40
    finally:
        model.info.pop("positive_lengths")


def test_the_figures_are_given_again_by_caveat(model: ContentModel, tmp_path: Path) -> None:
    examples = _rows(90, seed=4)
    assert evaluate_table(model, examples).per_caveat == {}  # the toy model records nothing
    model.info["positive_languages"] = {"en": 300, "fr": 300, "ar": 30}
    try:
        found = evaluate_table(model, examples)
        arabic = [e for e in examples if e.lang == "ar"]
        assert set(found.per_caveat) == {"language", "none"}
        figures = found.per_caveat["language"]
        assert figures.positives + figures.negatives == len(arabic)
        assert figures.positives == sum(e.label == POSITIVE for e in arabic)
        assert found.per_caveat["none"].negatives == sum(
            e.label != POSITIVE and e.lang != "ar" for e in examples
        )
        folder = save_model(model, tmp_path / "learnt")
        rows = [[e.text, e.label, "chat"] for e in examples]
        path = _write(tmp_path / "own.csv", rows)
        options = ["--csv", str(path), "--label-column", "verdict", "--model", str(folder)]
        result = runner.invoke(app, ["evaluate", *options])
        assert result.exit_code == 0, result.output
        assert f"per caveat: language ({figures.positives} + {figures.negatives}): recall" in (
            " ".join(result.stdout.split())
        )
    finally:
        model.info.pop("positive_languages")


def _write(path: Path, rows: list[list[str]]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["text", "verdict", "source"])
        writer.writerows(rows)
    return path


def test_the_command_reads_a_table_and_names_its_bad_rows(
    model: ContentModel, tmp_path: Path
) -> None:
    folder = tmp_path / "toy-model"
    save_model(model, folder)
    rows = [[e.text, e.label, "forum" if i % 3 else "chat"] for i, e in enumerate(_rows(60, 9))]
    rows.insert(4, ["", POSITIVE, "chat"])  # line 6: no text
    rows.insert(10, ["the soup is hot", "", "chat"])  # line 12: no label
    path = _write(tmp_path / "own labels.csv", rows)
    options = ["--csv", str(path), "--label-column", "verdict", "--model", str(folder)]
    result = runner.invoke(app, ["evaluate", *options, "--family-column", "source"])
    assert result.exit_code == 0, result.output
    assert "60 rows, " in result.stdout and "2 rejected" in result.stdout
    assert "family forum" in result.stdout and f"label {THIRD}" in result.stdout
    assert f"{path}:6: column 'text' is empty" in result.stderr
    assert f"{path}:12: column 'verdict' is empty" in result.stderr
    # the rejected rows are kept beside the table, as an ingest's are
    kept = path.with_name(path.name + ".rejects.jsonl")
    assert [json.loads(line)["line"] for line in kept.read_text("utf-8").splitlines()] == [6, 12]
    assert f"2 rejected rows kept in {kept}" in " ".join(result.stderr.split())
    data = json.loads(runner.invoke(app, ["evaluate", *options, "--json"]).stdout)
    assert data["rows"] == 60 and data["positive"] == POSITIVE
    assert data["rejects_file"] == str(kept)
    assert [(item["line"], item["reason"]) for item in data["rejected"]] == [
        (6, "column 'text' is empty"),
        (12, "column 'verdict' is empty"),
    ]
    missing = runner.invoke(app, ["evaluate", *options, "--family-column", "platform"])
    assert missing.exit_code == 2 and "no column 'platform'" in missing.stderr
    none = runner.invoke(app, ["evaluate", *options, "--positive", "extremism"])
    assert none.exit_code == 0 and "No row is labelled 'extremism'" in none.stdout
    assert "the table has" not in none.stdout
    cased = runner.invoke(app, ["evaluate", *options, "--positive", POSITIVE.upper()])
    said = " ".join(cased.stdout.split())
    assert cased.exit_code == 0 and f"the table has '{POSITIVE}'" in said
    # grouped by a column, the intervals resample its values and each group's recall is
    # summarised; without one, blocks of rows, and the output says what that costs
    assert "blocks of rows (no --group-column" in result.stdout
    grouped = runner.invoke(app, ["evaluate", *options, "--group-column", "source", "--json"])
    data = json.loads(grouped.stdout)
    assert data["grouped_by"] == "source" and data["by_group"]["accounts"] == 2
    assert data["spread"]["overall"]["positive_groups"] == 2
    alone = runner.invoke(app, ["evaluate", "--mode", "fast", "--family-column", "source"])
    assert alone.exit_code == 2
    assert "--mode, --family-column: only with --csv" in alone.stderr


_FAMILIES = ("news-tt-verified-counter", "quran-en", "written-eval", "english-fortunes")


@pytest.mark.shared
def test_the_shipped_test_split_as_a_table_gives_the_card_figures(
    shared_data: Path, tmp_path: Path
) -> None:
    """Two harnesses, one answer: the shipped model's own test split written as a team's table
    (text, label, family) and judged by ``nohaven evaluate --csv`` gives the model card's
    figures for each family (the card compares the propaganda accounts' tweets with each)."""
    shipped = load_model("default", mode="fast")
    test = [
        e
        for e in reproduce.test_split_for(shipped, shared_data)
        if e.family in {"propaganda", *_FAMILIES}
    ]
    path = tmp_path / "split.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["text", "label", "family", "group"])
        writer.writerows([e.text, e.label, e.family, e.group] for e in test)
    options = ["--family-column", "family", "--group-column", "group", "--mode", "fast"]
    result = runner.invoke(app, ["evaluate", "--csv", str(path), *options, "--json"])
    assert result.exit_code == 0, result.output
    found: dict[str, Any] = json.loads(result.stdout)
    card = json.loads((default_model_path() / "card.json").read_text(encoding="utf-8"))
    card = card["evaluation"]
    assert found["rejected"] == [] and found["rows"] == len(test)
    assert found["counts"]["propaganda"] == card["counts"]["propaganda"]
    for family in _FAMILIES:
        mine, theirs = found["per_family"][family], card["per_family"][family]
        for key in ("roc_auc", "pr_auc", "recall", "false_positive_rate"):
            assert mine[key] == pytest.approx(theirs[key], abs=1e-4), (family, key)
        assert (
            found["family_flag_rates"][family]["flagged"] == card["flag_rates"][family]["flagged"]
        )
        # grouped by the test accounts (and each family's groups), the intervals are the
        # card's: the same draws of the same groups
        assert found["spread"][f"family:{family}"] == card["spread"][family], family
    assert found["grouped_by"] == "group"
    assert found["by_group"] == card["by_account"]


def test_a_team_trains_by_passages_and_judges_long_texts(tmp_path: Path) -> None:
    examples = toy_examples(240, labels=(POSITIVE, NEGATIVE))
    # long texts of each label: several sentences of one label in a row
    long = [
        Example(
            " ".join(e.text for e in examples[start : start + 40 : 2]), e.label, "", e.group, ""
        )
        for start, e in ((index, examples[index]) for index in range(0, 160, 4))
    ]
    rows = [[e.text, e.label, e.group] for e in [*examples, *long]]
    table = tmp_path / "mine.csv"
    with table.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["text", "label", "account"])
        writer.writerows(rows)
    folder = tmp_path / "mine"
    options = ["--csv", str(table), "--group-column", "account", "--out", str(folder)]
    trained = runner.invoke(app, ["train", *options, "--passage-chars", "80"])
    assert trained.exit_code == 0, trained.output
    model = load_model(folder)
    assert model.fast.passage_chars == 80
    judged = runner.invoke(app, ["evaluate", "--csv", str(table), "--model", str(folder), "--json"])
    found = json.loads(judged.stdout)
    # judged on the table it was trained on, only its held-out rows are a test of it
    assert found["rows"] + len(found["learnt_rows"]) == len(rows)
    assert 0 < found["rows"] < len(rows) / 2 and found["overall"]["roc_auc"] > 0.9


def test_rows_the_model_learnt_are_left_out_and_named(model: ContentModel, tmp_path: Path) -> None:
    from dataclasses import replace

    from nohaven.classify.split import skeleton_hashes

    examples = _rows(90, seed=11)
    learnt = replace(model, learnt_skeletons=skeleton_hashes(e.text for e in examples[:10]))
    plain = evaluate_table(model, examples)
    found = evaluate_table(learnt, examples)
    copies = {e.source for e in examples if e.text in {x.text for x in examples[:10]}}
    assert set(found.learnt_rows) == copies and len(copies) >= 10
    assert found.rows == plain.rows - len(copies) and plain.learnt_rows == ()
    assert found.as_json()["learnt_rows"] == list(found.learnt_rows)
    with pytest.raises(ValueError, match="no row is a test of it"):
        evaluate_table(learnt, examples[:10])
    # the command says so
    folder = save_model(learnt, tmp_path / "learnt")
    path = _write(tmp_path / "own.csv", [[e.text, e.label, "chat"] for e in examples])
    options = ["--csv", str(path), "--label-column", "verdict", "--model", str(folder)]
    result = runner.invoke(app, ["evaluate", *options])
    assert result.exit_code == 0, result.output
    said = " ".join(result.stdout.split())
    assert f"warning: {len(copies)} rows left out of every figure: the model learnt" in said
