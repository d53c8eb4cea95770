"""Applying a model: ``classify_file``, the scan stage and the CLI, on a toy model.

The toy model is trained on neutral placeholder topics (sport and weather stand in for the
positive label); these tests exercise the machinery, not the task.
"""

from __future__ import annotations

import csv
import json
from pathlib import Path

import orjson
import pytest
from typer.testing import CliRunner, Result

from nohaven.classify import (
    NgramClassifier,
    classification_stage,
    classify_file,
    load_model,
    save_model,
)
from nohaven.classify.features import classifier_text
from nohaven.cli.main import app
from nohaven.ingest.registry import UnknownFormatError, default_registry
from nohaven.pipeline import foundation_stages, run
from nohaven.store import open_store

from .toy import NEGATIVE, POSITIVE, THIRD, fast_content_model, toy

runner = CliRunner()


@pytest.fixture(scope="module")
def model_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    corpus = toy(400)
    fast = NgramClassifier(positive=POSITIVE).fit(corpus.texts, corpus.labels, groups=corpus.groups)
    return save_model(fast_content_model(fast), tmp_path_factory.mktemp("model") / "toy")


def _write_csv(path: Path, rows: list[dict[str, str]]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    return path


def _classify(source: Path, model: Path, output: Path, *extra: str) -> Result:
    """``nohaven classify`` of a CSV's text column with ``model``."""
    args = ["classify", str(source), "--text-column", "text", "--model", str(model)]
    return runner.invoke(app, [*args, "-o", str(output), *extra])


ROWS = [
    {"id": "a1", "text": "the football team scored a goal in the final"},
    {"id": "a2", "text": "the soup tastes better with fresh garlic"},
    {"id": "a3", "text": ""},
    {"id": "=cmd", "text": "le soleil est agréable sur la côte"},
    {"id": "a5", "text": "الحساء ألذ مع الثوم الطازج"},
]


@pytest.mark.parametrize("suffix", ["csv", "jsonl"], ids=["csv", "jsonl"])
def test_text_column_gives_one_row_per_record_in_order(
    tmp_path: Path, model_dir: Path, suffix: str
) -> None:
    source = _write_csv(tmp_path / "in.csv", ROWS)
    output = tmp_path / f"out.{suffix}"
    report = classify_file(
        source,
        output,
        load_model(model_dir),
        default_registry(),
        text_column="text",
        id_column="id",
    )
    assert (report.rows, report.errors) == (5, 1)
    if suffix == "jsonl":
        rows = [orjson.loads(line) for line in output.read_bytes().splitlines()]
    else:
        with output.open(encoding="utf-8", newline="") as handle:
            rows = list(csv.DictReader(handle))
    assert [str(row["line"]) for row in rows] == ["2", "3", "4", "5", "6"]
    first, second, empty = rows[0], rows[1], rows[2]
    assert first["label"] == POSITIVE and second["label"] == NEGATIVE
    assert float(first["score"]) > 0.5 > float(second["score"])
    assert first["lang"] == "en" and rows[4]["lang"] == "ar"
    assert empty["error"] == "column 'text' is empty" and empty["score"] in (None, "")
    if suffix == "csv":
        assert rows[3]["id"] == "'=cmd"  # no spreadsheet formula from hostile data
        assert "(+" in first["explanation"]
    else:
        assert rows[3]["id"] == "=cmd"
        assert first["explanation"] and all("(" in item for item in first["explanation"])
    # a model that records no learnt texts makes no claim about them
    assert {row["learnt"] for row in rows} == ({""} if suffix == "csv" else {None})
    # every row says what made it: the model's version, the threshold, the prevalence read at
    model = load_model(model_dir)
    model.info["calibration_prior"] = 0.5  # the toy model was fit on as many of each
    assert {row["model"] for row in rows} == {model.version}
    assert {float(row["threshold"]) for row in rows} == {model.threshold}
    assert {row["prevalence"] for row in rows} == ({""} if suffix == "csv" else {None})
    at = tmp_path / f"at.{suffix}"
    classify_file(source, at, model.at_prevalence(0.01), default_registry(), text_column="text")
    if suffix == "jsonl":
        read = [orjson.loads(line) for line in at.read_bytes().splitlines()]
    else:
        with at.open(encoding="utf-8", newline="") as handle:
            read = list(csv.DictReader(handle))
    assert {float(row["prevalence"]) for row in read} == {0.01}
    assert {float(row["threshold"]) for row in read} == {model.at_prevalence(0.01).threshold}


def test_rows_the_model_learnt_are_marked(tmp_path: Path, model_dir: Path) -> None:
    from dataclasses import replace

    from nohaven.classify.split import skeleton_hashes

    model = load_model(model_dir)
    learnt = save_model(
        replace(model, learnt_skeletons=skeleton_hashes([ROWS[0]["text"].upper()])),
        tmp_path / "learnt",
    )
    source = _write_csv(tmp_path / "in.csv", ROWS)
    result = _classify(source, learnt, tmp_path / "out.csv", "--json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["learnt"] == 1
    with (tmp_path / "out.csv").open(encoding="utf-8", newline="") as handle:
        marks = [row["learnt"] for row in csv.DictReader(handle)]
    assert marks == ["true", "false", "", "false", "false"]  # the third row has no text
    said = " ".join(_classify(source, learnt, tmp_path / "out2.csv").stdout.split())
    assert "note: 1 of the texts (or near-identical ones) were on the model's training side" in said


def test_explanations_name_words_or_ngrams(tmp_path: Path, model_dir: Path) -> None:
    source = _write_csv(tmp_path / "in.csv", ROWS[:1])
    words, ngrams = tmp_path / "words.jsonl", tmp_path / "ngrams.jsonl"
    assert _classify(source, model_dir, words).exit_code == 0
    assert _classify(source, model_dir, ngrams, "--explain-by", "ngram").exit_code == 0
    (by_word,) = [orjson.loads(line) for line in words.read_bytes().splitlines()]
    (by_ngram,) = [orjson.loads(line) for line in ngrams.read_bytes().splitlines()]
    text = ROWS[0]["text"]
    named = [item.rsplit("(", 1)[0] for item in by_word["explanation"]]
    assert named and set(named) <= set(text.split())
    grams = [item.rsplit("(", 1)[0].replace("␣", " ") for item in by_ngram["explanation"]]
    assert grams and all(gram in f" {text} " for gram in grams)
    assert by_word["score"] == by_ngram["score"]
    bad = _classify(source, model_dir, tmp_path / "bad.jsonl", "--explain-by", "letter")
    assert bad.exit_code != 0 and "explain_by must be one of word, ngram" in bad.output


def test_a_chosen_threshold_moves_the_labels_not_the_scores(
    tmp_path: Path, model_dir: Path
) -> None:
    # two texts the toy model is unsure of (neither topic's sentence)
    rows = [
        {"id": "m1", "text": "hello there"},
        {"id": "m2", "text": "the referee needs more salt"},
    ]
    source = _write_csv(tmp_path / "in.csv", rows)
    shipped, chosen = tmp_path / "shipped.jsonl", tmp_path / "chosen.jsonl"
    assert _classify(source, model_dir, shipped).exit_code == 0
    first, second = [orjson.loads(line) for line in shipped.read_bytes().splitlines()]
    assert (first["label"], second["label"]) == (POSITIVE, NEGATIVE)
    assert 0.0 < second["score"] < first["score"] < 1.0
    # above the first text's score: neither is labelled positive; scores unchanged
    higher = round((first["score"] + 1.0) / 2, 6)
    result = _classify(source, model_dir, chosen, "--threshold", str(higher))
    assert result.exit_code == 0, result.output
    assert f"threshold {higher}]" in result.output and "0 flagged" in result.output
    labelled = [orjson.loads(line) for line in chosen.read_bytes().splitlines()]
    assert [row["label"] for row in labelled] == [NEGATIVE, NEGATIVE]
    assert [row["score"] for row in labelled] == [first["score"], second["score"]]
    # under the second's: both are; the JSON report says which threshold labelled them
    lower = second["score"] / 2
    result = _classify(source, model_dir, chosen, "--threshold", str(lower), "--json")
    report = json.loads(result.output)
    assert report["threshold"] == lower and report["flagged"] == 2
    shipped_report = json.loads(_classify(source, model_dir, shipped, "--json").output)
    assert shipped_report["threshold"] == load_model(model_dir).threshold
    assert shipped_report["flagged"] == 1
    for bad in ("0", "1", "1.5", "-0.2", "nan"):
        refused = _classify(source, model_dir, tmp_path / "bad.jsonl", "--threshold", bad)
        assert refused.exit_code != 0
        assert "threshold must be above 0 and below 1" in refused.output, bad


def test_scores_are_read_at_a_chosen_prevalence_with_the_same_labels(
    tmp_path: Path, model_dir: Path
) -> None:
    source = _write_csv(tmp_path / "in.csv", ROWS)
    refused = _classify(source, model_dir, tmp_path / "no.jsonl", "--prevalence", "0.01")
    assert refused.exit_code != 0
    assert "does not record the share of propaganda its scores were calibrated at" in (
        " ".join(refused.output.split())
    )
    model = load_model(model_dir)
    model.info["calibration_prior"] = 0.5
    folder = save_model(model, tmp_path / "prior")
    with pytest.raises(ValueError, match="save the model as trained or loaded"):
        save_model(load_model(folder).at_prevalence(0.01), tmp_path / "refused")
    plain, rare = tmp_path / "plain.jsonl", tmp_path / "rare.jsonl"
    assert _classify(source, folder, plain).exit_code == 0
    result = _classify(source, folder, rare, "--prevalence", "0.01")
    assert result.exit_code == 0, result.output
    assert "scores at prevalence 0.01]" in result.output
    before = [orjson.loads(line) for line in plain.read_bytes().splitlines()]
    after = [orjson.loads(line) for line in rare.read_bytes().splitlines()]
    assert [row["label"] for row in after] == [row["label"] for row in before]
    texts = [row["text"] for row in ROWS if row["text"]]
    expected = load_model(folder).at_prevalence(0.01).predict_proba(texts)[:, 1]
    scored = [row["score"] for row in after if row["score"] is not None]
    unread = [row["score"] for row in before if row["score"] is not None]
    assert scored == pytest.approx(expected.tolist(), abs=1e-6)  # the library's reading
    assert all(new <= old for new, old in zip(scored, unread, strict=True))
    report = json.loads(_classify(source, folder, rare, "--prevalence", "0.01", "--json").output)
    assert report["prevalence"] == 0.01 and report["threshold"] < model.threshold


def test_the_report_names_the_mode_and_a_band_needs_the_cascade(
    tmp_path: Path, model_dir: Path
) -> None:
    source = _write_csv(tmp_path / "in.csv", ROWS)
    result = _classify(source, model_dir, tmp_path / "out.csv", "--json")
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert (report["mode"], report["band"]) == ("fast", None)
    for band, said in (("0.2,0.8", "a band applies in cascade mode only"), ("x", "LOW,HIGH")):
        refused = _classify(source, model_dir, tmp_path / "out.csv", "--band", band)
        assert refused.exit_code != 0 and said in refused.output


def test_only_a_model_of_two_labels_has_a_threshold_to_set(model_dir: Path) -> None:
    model = load_model(model_dir)
    moved = model.at_threshold(0.25)
    assert (moved.threshold, moved.version) == (0.25, model.version) and model.threshold != 0.25
    corpus = toy(300, labels=(POSITIVE, NEGATIVE, THIRD))
    fast = NgramClassifier(positive=POSITIVE).fit(corpus.texts, corpus.labels, groups=corpus.groups)
    with pytest.raises(ValueError, match="has 3 labels"):
        fast_content_model(fast).at_threshold(0.5)


def test_an_ingest_format_is_detected_and_read(tmp_path: Path, model_dir: Path) -> None:
    source = tmp_path / "posts.jsonl"
    lines = [
        {"id": "p1", "account": "u1", "created": "2024-01-01T00:00:00Z", "text": ROWS[0]["text"]},
        {"id": "p2", "account": "u2", "created": "not a time", "text": "x"},
        {"id": "p3", "account": "u3", "created": "2024-01-02T00:00:00Z", "text": ROWS[1]["text"]},
    ]
    source.write_bytes(b"\n".join(orjson.dumps(line) for line in lines) + b"\n")
    output = tmp_path / "out.jsonl"
    report = classify_file(source, output, load_model(model_dir), default_registry())
    rows = [orjson.loads(line) for line in output.read_bytes().splitlines()]
    assert report.format == "jsonl"
    assert [row["id"] for row in rows] == ["p1", "", "p3"]
    assert rows[1]["error"] and "created" in rows[1]["error"]
    assert rows[0]["label"] == POSITIVE and rows[2]["label"] == NEGATIVE


def _tweet(tweet_id: str, text: str, **extra: object) -> dict[str, object]:
    when = "2024-01-01T00:00:00.000Z"
    return {"id": tweet_id, "text": text, "author_id": "9", "created_at": when, **extra}


def test_a_page_of_tweets_gives_a_row_per_tweet_not_per_line(
    tmp_path: Path, model_dir: Path
) -> None:
    """A Twitter API v2 page holds many tweets on one line: each of its own tweets is a row
    (a broken one a row naming why); a tweet it only references is not its own, not scored.
    A v1.1 retweet is one row: the status it retweets is captured with it."""
    quoted = _tweet("t9", ROWS[1]["text"])
    page = {
        "data": [
            _tweet("t1", ROWS[0]["text"]),
            {"id": "t2", "text": "no author or time"},
            _tweet("t3", ROWS[1]["text"], referenced_tweets=[{"type": "quoted", "id": "t9"}]),
        ],
        "includes": {"tweets": [quoted], "users": [{"id": "9", "username": "someone"}]},
    }
    v2 = tmp_path / "page.jsonl"
    v2.write_bytes(orjson.dumps(page) + b"\n" + orjson.dumps({"data": [_tweet("t4", "x")]}))
    output = tmp_path / "out.jsonl"
    report = classify_file(v2, output, load_model(model_dir), default_registry())
    rows = [orjson.loads(line) for line in output.read_bytes().splitlines()]
    assert report.format == "twitter-v2" and report.rows == len(rows) == 4
    assert [(row["line"], row["id"]) for row in rows] == [(1, "t1"), (1, "t3"), (1, ""), (2, "t4")]
    assert "tweet 2 of 3 in this page" in rows[2]["error"] and report.errors == 1
    assert rows[0]["label"] == POSITIVE and rows[1]["label"] == NEGATIVE

    user = {"id_str": "7", "screen_name": "someone"}
    status = {"id_str": "s1", "user": user, "created_at": "Mon Jan 01 00:00:00 +0000 2024"}
    retweet = {
        **status,
        "text": "RT @someone: " + ROWS[0]["text"],
        "retweeted_status": {**status, "id_str": "s0", "text": ROWS[0]["text"]},
    }
    v1 = tmp_path / "statuses.jsonl"
    v1.write_bytes(orjson.dumps(retweet) + b"\n")
    classify_file(v1, output, load_model(model_dir), default_registry(), format_name="twitter-v1")
    assert [orjson.loads(line)["id"] for line in output.read_bytes().splitlines()] == ["s1"]


def test_a_missing_text_column_is_a_clear_error(tmp_path: Path, model_dir: Path) -> None:
    source = _write_csv(tmp_path / "in.csv", ROWS)
    with pytest.raises(ValueError, match=r"no column 'body'.*columns: id, text"):
        classify_file(
            source,
            tmp_path / "o.csv",
            load_model(model_dir),
            default_registry(),
            text_column="body",
        )


def test_a_table_no_format_knows_is_named_with_its_columns(tmp_path: Path, model_dir: Path) -> None:
    """A CSV whose columns no format reads (no text, account or time column named as one
    expects): the error says how to read it as a plain table and which columns it has."""
    source = _write_csv(tmp_path / "in.csv", [{"dialect": "x", "tweet": "y", "sarcasm": "z"}])
    with pytest.raises(UnknownFormatError, match=r"--text-column \(its columns: dialect, tweet,"):
        classify_file(source, tmp_path / "o.csv", load_model(model_dir), default_registry())


def test_the_output_must_be_csv_or_jsonl(tmp_path: Path, model_dir: Path) -> None:
    source = _write_csv(tmp_path / "in.csv", ROWS)
    with pytest.raises(ValueError, match=r"\.csv or \.jsonl"):
        classify_file(
            source,
            tmp_path / "o.txt",
            load_model(model_dir),
            default_registry(),
            text_column="text",
        )


def test_scan_stores_a_score_per_post_with_the_model_version(
    tmp_path: Path, model_dir: Path
) -> None:
    source = tmp_path / "posts.jsonl"
    texts = [ROWS[0]["text"], ROWS[1]["text"], "الطقس جميل اليوم في المدينة"]
    source.write_bytes(
        b"\n".join(
            orjson.dumps(
                {"id": f"p{i}", "account": "u", "created": "2024-01-01T00:00:00Z", "text": t}
            )
            for i, t in enumerate(texts)
        )
        + b"\n"
    )
    model = load_model(model_dir)
    stages = [*foundation_stages(), classification_stage(model)]
    with open_store(f"sqlite:///{tmp_path / 'db.sqlite'}") as store:
        report = run([source], store, default_registry(), stages=stages, rejects_dir=tmp_path)
        again = run([source], store, default_registry(), stages=stages, rejects_dir=tmp_path)
        scores = {score.post_id: score for score in store.iter_scores()}
    assert report.totals().scores.new == 3 and again.totals().scores.unchanged == 3
    assert {score.model_version for score in scores.values()} == {"toy-1"}
    assert scores["p0"].label == POSITIVE and scores["p0"].explanation
    assert scores["p1"].label == NEGATIVE and scores["p1"].explanation == ()  # only flagged
    assert report.files[0].longer_than_learnt == 0  # the toy model does not say its lengths
    model.info["positive_lengths"] = [5, 43]  # the first text is 44 characters
    stages = [*foundation_stages(), classification_stage(model)]
    with open_store(f"sqlite:///{tmp_path / 'db2.sqlite'}") as store:
        longer = run([source], store, default_registry(), stages=stages, rejects_dir=tmp_path)
    assert longer.files[0].longer_than_learnt == 1
    assert longer.to_json()["files"][0]["longer_than_learnt"] == 1  # type: ignore[index]


def test_scan_stores_each_posts_caveats_from_its_identified_language(
    tmp_path: Path, model_dir: Path
) -> None:
    source = tmp_path / "posts.jsonl"
    texts = [ROWS[0]["text"], "goal!", "الطقس جميل اليوم في المدينة"]
    source.write_bytes(
        b"".join(
            orjson.dumps({"id": f"p{i}", "account": "u", "created": "2024-01-01T00:00:00Z",
                          "text": t}) + b"\n"
            for i, t in enumerate(texts)
        )
    )  # fmt: skip
    model = load_model(model_dir)
    stages = [*foundation_stages(), classification_stage(model)]
    with open_store(f"sqlite:///{tmp_path / 'plain.sqlite'}") as store:
        run([source], store, default_registry(), stages=stages, rejects_dir=tmp_path)
        assert {score.caveats for score in store.iter_scores()} == {()}  # records nothing
    model.info["positive_lengths"] = [10, 60]
    model.info["positive_languages"] = {"en": 300, "ar": 20}
    stages = [*foundation_stages(), classification_stage(model)]
    with open_store(f"sqlite:///{tmp_path / 'db.sqlite'}") as store:
        first = run([source], store, default_registry(), stages=stages, rejects_dir=tmp_path)
        again = run([source], store, default_registry(), stages=stages, rejects_dir=tmp_path)
        caveats = {score.post_id: score.caveats for score in store.iter_scores()}
    assert caveats == {"p0": (), "p1": ("short",), "p2": ("language",)}
    assert first.totals().scores.new == 3 and again.totals().scores.unchanged == 3


def test_cli_train_csv_then_classify(tmp_path: Path) -> None:
    corpus = toy(300, labels=(POSITIVE, NEGATIVE, "neutral"))
    table = _write_csv(
        tmp_path / "labelled.csv",
        [
            {"text": text, "label": label, "account": group}
            for text, label, group in zip(corpus.texts, corpus.labels, corpus.groups, strict=True)
        ],
    )
    model = tmp_path / "mine"
    result = runner.invoke(
        app,
        [
            "train",
            "--csv",
            str(table),
            "--group-column",
            "account",
            "--out",
            str(model),
            "--name",
            "mine",
            "--json",
        ],
    )
    assert result.exit_code == 0, result.output
    figures = json.loads(result.stdout)["figures"]
    assert figures["labels"] == ["neutral", "other", "propaganda"]
    # The training split's positives, once cleaned, lie within all the positives' lengths.
    positives = [
        len(classifier_text(text))
        for text, label in zip(corpus.texts, corpus.labels, strict=True)
        if label == POSITIVE
    ]
    shortest, longest = load_model(model).learnt_lengths() or (-1, -1)
    assert min(positives) <= shortest <= longest <= max(positives)
    assert figures["accuracy"] > 0.8
    assert figures["grouped_by"] == "account" and figures["positive"] == POSITIVE
    low, high = figures["accuracy_interval"]
    assert low <= figures["accuracy"] <= high
    shown = runner.invoke(
        app,
        ["train", "--csv", str(table), "--group-column", "account", "--out", str(model)],
    )
    assert shown.exit_code == 0, shown.output
    said = " ".join(shown.stdout.split())
    groups = figures["test_groups"]
    assert f"95% intervals resample the {groups} held-out values of column 'account'" in said
    assert f"ROC-AUC of '{POSITIVE}' against the other labels" in said
    assert "each row given the likeliest of its 3 labels" in said  # no threshold to name
    # the toy model learnt neither set of texts no table holds: stderr says which it flags
    warned = " ".join(shown.stderr.split())
    assert "warning: It gives the positive label to" in warned
    assert "or --ordinary-english." in warned or "or --written-negatives." in warned
    source = _write_csv(tmp_path / "in.csv", ROWS)
    result = _classify(source, model, tmp_path / "out.jsonl", "--json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["rows"] == 5
    labels = [
        orjson.loads(line)["label"] for line in (tmp_path / "out.jsonl").read_bytes().splitlines()
    ]
    assert set(labels) <= {"neutral", "other", "propaganda", None}
    # a table model has no corpus split to re-score: the refusal says what to do instead
    refused = runner.invoke(app, ["evaluate", "--model", str(model), "--data", str(tmp_path)])
    assert refused.exit_code != 0
    assert "no test split to rebuild" in refused.output and "--csv FILE" in refused.output


def test_cli_train_csv_with_a_false_positive_target(tmp_path: Path) -> None:
    corpus = toy(200, labels=(POSITIVE, NEGATIVE))
    table = _write_csv(
        tmp_path / "two.csv",
        [
            {"text": text, "label": label, "account": group}
            for text, label, group in zip(corpus.texts, corpus.labels, corpus.groups, strict=True)
        ],
    )
    options = [
        *("train", "--csv", str(table), "--group-column", "account", "--max-fpr", "0.05"),
        *("--written-negatives", NEGATIVE, "--ordinary-english", NEGATIVE),
    ]
    result = runner.invoke(app, [*options, "--out", str(tmp_path / "m"), "--json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["rejects_file"] is None
    assert not table.with_name(table.name + ".rejects.jsonl").exists()
    figures = json.loads(result.stdout)["figures"]
    assert figures["max_false_positive_rate"] == 0.05
    assert figures["training_false_positive_rate"] <= 0.05
    assert load_model(tmp_path / "m").threshold == pytest.approx(figures["threshold"], abs=1e-6)
    shown = runner.invoke(app, [*options, "--out", str(tmp_path / "m2")])
    said = " ".join(shown.stdout.split())
    assert "set for at most 5.0% of the training negatives out of fold" in said
    assert figures["written_negatives"] > 2000 and "religious-eval" in figures["written_flagged"]
    assert figures["ordinary_english"] == 2000 and "learnt 2,000 texts of ordinary" in said
    assert "texts no table holds (nohaven's written sets, ordinary English), none" in said
    # a row without a label is named on stderr and kept beside the table
    with table.open("a", encoding="utf-8") as handle:
        handle.write("a text without its label,,acct-x\n")
    bad = runner.invoke(app, [*options, "--out", str(tmp_path / "m4")])
    assert bad.exit_code == 0, bad.output
    kept = table.with_name(table.name + ".rejects.jsonl")
    (reject,) = [json.loads(line) for line in kept.read_text("utf-8").splitlines()]
    assert reject["reason"] == "column 'label' is empty"
    assert f"{table}:{reject['line']}: column 'label' is empty" in bad.stderr
    three = _write_csv(
        tmp_path / "three.csv",
        [
            {"text": text, "label": label}
            for text, label in zip(corpus.texts, ["a", "b", "c"] * 200, strict=False)
        ],
    )
    refused = runner.invoke(
        app, ["train", "--csv", str(three), "--max-fpr", "0.05", "--out", str(tmp_path / "m3")]
    )
    assert refused.exit_code != 0 and "exactly two labels" in refused.output


def test_texts_longer_than_the_learnt_positives_are_counted_and_warned_of(
    tmp_path: Path, model_dir: Path
) -> None:
    model = load_model(model_dir)
    assert model.learnt_lengths() is None  # saved without: no count, no warning
    model.info["positive_lengths"] = [5, 60]
    learnt = save_model(model, tmp_path / "learnt")
    assert load_model(learnt).learnt_lengths() == (5, 60)
    long_text = "the football team scored a goal in the final " * 3  # 134 characters
    linked = "the football team scored https://example.org/" + "x" * 80  # 45 once cleaned
    rows = [*ROWS, {"id": "b1", "text": long_text}, {"id": "b2", "text": linked}]
    source = _write_csv(tmp_path / "in.csv", rows)
    report = classify_file(
        source, tmp_path / "out.csv", load_model(learnt), default_registry(), text_column="text"
    )
    assert (report.longer_than_learnt, report.learnt_lengths) == (1, (5, 60))
    assert report.as_json()["learnt_lengths"] == [5, 60]
    result = _classify(source, learnt, tmp_path / "out2.csv")
    assert result.exit_code == 0, result.output
    assert "warning: 1 of the texts is longer than any propaganda text" in " ".join(
        result.stdout.split()
    )
    quiet = _classify(_write_csv(tmp_path / "short.csv", ROWS), learnt, tmp_path / "o3.csv")
    assert quiet.exit_code == 0 and "warning" not in quiet.stdout


def test_cli_scan_warns_of_posts_longer_than_the_learnt_positives(
    tmp_path: Path, model_dir: Path
) -> None:
    model = load_model(model_dir)
    model.info["positive_lengths"] = [5, 43]
    learnt = save_model(model, tmp_path / "learnt")
    source = tmp_path / "posts.jsonl"
    source.write_bytes(
        b"".join(
            orjson.dumps({"id": f"p{i}", "account": "u", "created": "2024-01-01T00:00:00Z",
                          "text": row["text"]}) + b"\n"
            for i, row in enumerate(ROWS[:2])
        )
    )  # fmt: skip
    db = f"sqlite:///{tmp_path / 'db.sqlite'}"
    result = runner.invoke(
        app, ["scan", str(source), "--db", db], env={"NOHAVEN_MODEL": str(learnt)}
    )
    assert result.exit_code == 0, result.output
    assert "warning: 1 of the posts is longer than any propaganda text" in " ".join(
        result.stdout.split()
    )


@pytest.mark.parametrize("suffix", ["csv", "jsonl"], ids=["csv", "jsonl"])
def test_each_row_names_its_caveats_and_the_summary_counts_them(
    tmp_path: Path, model_dir: Path, suffix: str
) -> None:
    model = load_model(model_dir)
    source = _write_csv(tmp_path / "in.csv", [*ROWS, {"id": "b1", "text": "goal!"}])
    plain = classify_file(
        source, tmp_path / f"plain.{suffix}", model, default_registry(), text_column="text"
    )
    assert plain.caveats == {"short": 0, "long": 0, "language": 0}  # the model records nothing
    model.info["positive_lengths"] = [10, 40]
    model.info["positive_languages"] = {"en": 300, "fr": 120, "ar": 20}
    learnt = save_model(model, tmp_path / "learnt")
    output = tmp_path / f"out.{suffix}"
    report = classify_file(
        source, output, load_model(learnt), default_registry(), text_column="text"
    )
    if suffix == "jsonl":
        rows = [orjson.loads(line) for line in output.read_bytes().splitlines()]
        caveats = [row["caveats"] for row in rows]
    else:
        with output.open(encoding="utf-8", newline="") as handle:
            caveats = [
                row["caveats"].split("; ") if row["caveats"] else []
                for row in csv.DictReader(handle)
            ]
    # 44 characters (long), 40, an empty text (an error row: no caveat), French, Arabic, short
    assert caveats == [["long"], [], [], [], ["language"], ["short"]]
    assert report.caveats == {"short": 1, "long": 1, "language": 1}
    assert report.as_json()["caveats"] == report.caveats
    result = _classify(source, learnt, tmp_path / f"cli.{suffix}")
    assert result.exit_code == 0, result.output
    assert "caveats: 1 short, 1 long, 1 language (a low score under a caveat is weak" in " ".join(
        result.stdout.split()
    )
    quiet = _classify(source, model_dir, tmp_path / f"quiet.{suffix}")
    assert quiet.exit_code == 0 and "caveats:" not in quiet.stdout


@pytest.mark.parametrize(
    "value", [None, [60, 5], [5], ["5", "60"], [5.0, 60], [-1, 60], {"min": 5}, [True, 60]]
)
def test_learnt_lengths_that_make_no_sense_are_not_used(model_dir: Path, value: object) -> None:
    model = load_model(model_dir)
    model.info["positive_lengths"] = value
    assert model.learnt_lengths() is None


def test_cli_classify_reports_a_missing_model(tmp_path: Path) -> None:
    source = _write_csv(tmp_path / "in.csv", ROWS)
    result = _classify(source, tmp_path / "none", tmp_path / "o.csv")
    assert result.exit_code == 2
    assert "no such model file" in result.stderr
