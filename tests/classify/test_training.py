"""Training choices: the threshold each negative family asks for, and the sample weights."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from nohaven.classify.corpus import FAMILIES, Example, identity_examples
from nohaven.classify.stance import Reading
from nohaven.classify.training import (
    _PHRASE_FAMILIES,
    TrainingSettings,
    _threshold,
    _without_copies,
    _without_positives_read_as,
    _without_short_positives,
    account_balanced,
    expert_rows,
    family_weights,
    main_rows,
    threshold_by_family,
    threshold_over_deals,
    training_set,
    training_weights,
    with_identity_faiths,
)

from .toy import tag


def _examples(family: str, label: str, count: int) -> list[Example]:
    return [
        Example(f"text {i}", label, family, f"{family}/{i}", f"{family}:{i}") for i in range(count)
    ]


def test_each_family_asks_for_its_quantile_and_the_strictest_sets_the_threshold() -> None:
    # 100 positives at 0.00..0.99; 100 news texts (5% target) and 100 Qur'an verses (1%
    # target, a strict control) at 0.00..0.99; 20 written texts (too few to judge).
    examples = (
        _examples("propaganda", "propaganda", 100)
        + _examples("news-en-pheme", "other", 100)
        + _examples("quran-en", "other", 100)
        + _examples("written-train", "other", 20)
    )
    ramp = np.arange(100) / 100
    scores = np.concatenate([ramp, ramp, ramp, np.full(20, 0.99)])
    settings = TrainingSettings(min_threshold=0.5)
    table = threshold_by_family(scores, examples, settings)
    assert list(table) == ["quran-en", "news-en-pheme"]  # highest threshold first
    quran, news = table["quran-en"], table["news-en-pheme"]
    assert quran["fpr_target"] == 0.01 and news["fpr_target"] == 0.05
    assert quran["threshold"] == pytest.approx(np.quantile(ramp, 0.99) + 1e-6, abs=1e-4)
    assert news["threshold"] == pytest.approx(np.quantile(ramp, 0.95) + 1e-6, abs=1e-4)
    assert quran["recall"] == pytest.approx(float((ramp >= quran["threshold"]).mean()))
    assert news["recall"] == pytest.approx(float((ramp >= news["threshold"]).mean()))
    assert _threshold(scores, examples, settings) == quran["threshold"]


def test_over_deals_each_family_asks_the_mean_of_what_each_deal_asks() -> None:
    examples = _examples("propaganda", "propaganda", 100) + _examples("quran-en", "other", 100)
    ramp = np.arange(100) / 100
    first = np.concatenate([ramp, ramp])
    second = np.concatenate([ramp, ramp * 0.5])  # the verses score lower at another deal
    settings = TrainingSettings()
    assert threshold_over_deals([first], examples, settings) == threshold_by_family(
        first, examples, settings
    )
    both = threshold_over_deals([first, second], examples, settings)["quran-en"]
    apart = [threshold_by_family(run, examples, settings)["quran-en"] for run in (first, second)]
    assert both["deals"] == [item["threshold"] for item in apart]
    assert both["threshold"] == pytest.approx(np.mean(both["deals"]), abs=1e-4)
    assert both["recall"] == pytest.approx(np.mean([item["recall"] for item in apart]), abs=1e-4)
    assert both["fpr_target"] == 0.01


def test_the_threshold_is_never_below_its_floor() -> None:
    examples = _examples("propaganda", "propaganda", 60) + _examples("news-en-pheme", "other", 60)
    scores = np.concatenate([np.full(60, 0.9), np.full(60, 0.1)])
    assert _threshold(scores, examples, TrainingSettings(min_threshold=0.5)) == 0.5
    assert threshold_by_family(scores, examples, TrainingSettings())["news-en-pheme"]["recall"] == 1


def test_short_positives_are_left_out_of_training_but_negatives_are_kept() -> None:
    positives = [
        Example("jazakallahu akhi", "propaganda", "propaganda", "a/1", "p1"),  # 16 characters
        Example("@someone https://t.co/abc", "propaganda", "propaganda", "a/2", "p2"),  # ""
        Example("the football team won the cup final", "propaganda", "propaganda", "a/3", "p3"),
    ]
    negatives = [Example("ok", "other", "offtopic-tweets", "b/1", "n1")]
    kept, left_out = _without_short_positives(positives + negatives, 20)
    assert left_out == 2
    assert [example.source for example in kept] == ["p3", "n1"]
    assert _without_short_positives(positives + negatives, 0) == (positives + negatives, 0)


def test_positives_that_repeat_a_learnt_everyday_phrase_are_left_out_and_nothing_else() -> None:
    # An account's reply to a greeting carries its account's label, but the written control
    # says the same words are not propaganda: learnt both ways, the phrase was flagged.
    phrase = "wa alaykum salam wa rahmatullah"
    positives = [
        Example(f"@someone {phrase}", "propaganda", "propaganda", "a/1", "p1"),
        Example(
            f"{phrase}, the market opens at nine tomorrow", "propaganda", "propaganda", "a/2", "p2"
        ),
        Example("the football team won the cup final", "propaganda", "propaganda", "a/3", "p3"),
    ]
    controls = [
        Example(phrase, "other", "religious-train", "wr/1", "c1"),
        Example("the football team won the cup final", "other", "offtopic-tweets", "b/1", "n1"),
    ]
    kept, left_out = _without_copies(positives + controls, _PHRASE_FAMILIES, 0.9)
    # only the bare copy; a text that says more is kept, and another family's copy too
    assert left_out == 1
    assert [example.source for example in kept] == ["p2", "p3", "c1", "n1"]
    assert _without_copies(positives + controls, _PHRASE_FAMILIES, 1.0) == (
        positives + controls,
        0,
    )
    assert TrainingSettings().phrase_similarity == 0.9
    assert {"religious-train"} == _PHRASE_FAMILIES


def test_the_shipped_settings_learn_length_bands_without_short_positives() -> None:
    settings = TrainingSettings()
    assert settings.min_positive_chars == 20
    assert settings.length_bins == (10, 20, 40, 80, 160)
    # the shortest band ("lol", "ok") at 0.5, the longer ones lighter (bands-split10)
    assert settings.length_weight == (0.5, 0.25, 0.25, 0.25, 0.25, 0.25)


def test_positives_read_as_saying_nothing_can_be_left_out_but_negatives_and_unread_are_kept() -> (
    None
):
    positives = [
        Example("thanks brother, see you", "propaganda", "propaganda", "a/1", "p1"),
        Example("the football team won the cup final", "propaganda", "propaganda", "a/2", "p2"),
        Example("the weather is cold over the hills", "propaganda", "propaganda", "a/3", "p3"),
    ]
    negatives = [Example("thanks brother, see you", "other", "offtopic-tweets", "b/1", "n1")]
    readings = {"p1": Reading.NONE, "p2": Reading.STANCE, "n1": Reading.NONE}
    kept, left_out = _without_positives_read_as(positives + negatives, ("none",), readings)
    assert left_out == 1
    assert [example.source for example in kept] == ["p2", "p3", "n1"]
    assert _without_positives_read_as(positives, (), readings) == (positives, 0)
    assert TrainingSettings().unlearnt_readings == ()  # the shipped model learns every reading
    with pytest.raises(ValueError, match="unknown readings \\['nothing'\\]"):
        _without_positives_read_as(positives, ("nothing",), readings)


def test_only_the_chosen_faiths_identity_sentences_are_learnt() -> None:
    templates = identity_examples("train")
    other = Example("the football team won", "propaganda", "propaganda", "a/1", "p1")
    kept = with_identity_faiths([other, *templates], ("muslim", "sikh"))
    assert kept[0] is other
    faiths = {example.source.rsplit(":", 1)[1] for example in kept[1:]}
    assert faiths == {"muslim", "sikh"}
    assert len(kept) - 1 == sum(e.source.rsplit(":", 1)[1] in faiths for e in templates)
    assert with_identity_faiths([other, *templates], ()) == [other]
    assert TrainingSettings().identity_faiths == (
        "arab", "french", "muslim", "pakistani", "shia", "sikh", "somali", "sunni", "yazidi",
    )  # fmt: skip
    with pytest.raises(ValueError, match=r"unknown faiths \[.muslims.\] \(one of afghan, alawite"):
        with_identity_faiths(templates, ("muslims",))


def _account_texts(account: str, count: int) -> list[Example]:
    return [
        Example(f"text {i}", "propaganda", "propaganda", account, f"{account}:{i}")
        for i in range(count)
    ]


def test_every_positive_account_weighs_the_same_at_account_power_0() -> None:
    # One account of 6 texts and two of 1: by text the big one has 6/8 of the positive
    # weight, by account a third; the positives' total (half of all weight) is kept.
    examples = (
        _account_texts("twitter:big", 6)
        + _account_texts("twitter:a", 1)
        + _account_texts("twitter:b", 1)
        + _examples("news-en-pheme", "other", 4)
    )
    by_text = family_weights(examples, 0.0, 2.0)
    by_account = family_weights(examples, 0.0, 2.0, account_power=0.0)
    positive = np.arange(len(examples)) < 8
    assert by_text[:6].sum() / by_text[positive].sum() == pytest.approx(6 / 8)
    assert by_account[:6].sum() / by_account[positive].sum() == pytest.approx(1 / 3)
    assert by_account[6] == pytest.approx(by_account[:6].sum())  # each account the same
    assert len(set(by_account[:6].round(12).tolist())) == 1  # its texts share its weight
    assert by_account[positive].sum() == pytest.approx(by_text[positive].sum())
    assert by_account[~positive] == pytest.approx(by_text[~positive])  # negatives as they were
    half = family_weights(examples, 0.0, 2.0, account_power=0.5)
    assert half[:6].sum() / half[6] == pytest.approx(6**0.5)
    assert TrainingSettings().positive_account_power == 0.0
    assert training_weights(examples, TrainingSettings()) == pytest.approx(by_account)


def test_account_balancing_touches_only_the_chosen_rows_and_refuses_a_negative_power() -> None:
    weights = np.array([1.0, 1.0, 1.0, 2.0, 5.0])
    rows = np.array([True, True, True, True, False])
    groups = ["x", "x", "x", "y", "z"]
    balanced = account_balanced(weights, rows, groups, 0.0)
    assert balanced.tolist() == pytest.approx([5 / 6, 5 / 6, 5 / 6, 2.5, 5.0])
    assert account_balanced(weights, rows, groups, 1.0).tolist() == pytest.approx(weights)
    assert weights.tolist() == [1.0, 1.0, 1.0, 2.0, 5.0]  # the input is not changed
    with pytest.raises(ValueError, match="0 or more, not -1"):
        account_balanced(weights, rows, groups, -1.0)


@pytest.mark.parametrize(
    "family",
    [
        # ambiguous: tt-pro-mixed scores like the positives; judged, it would ask for 0.95
        "tt-pro-mixed",
        # learnt but only teaching: everyday religious phrases (the first 100 of them) whose
        # 5% target asked more than the news does (religious-eval measures them instead)
        "religious-train",
    ],
)
def test_ambiguous_and_teaching_families_never_set_the_threshold(family: str) -> None:
    examples = (
        _examples("propaganda", "propaganda", 100)
        + _examples("news-en-pheme", "other", 100)
        + _examples(family, "other", 100)
    )
    ramp = np.arange(100) / 100
    scores = np.concatenate([ramp, ramp * 0.5, ramp])
    settings = TrainingSettings(min_threshold=0.0)
    table = threshold_by_family(scores, examples, settings)
    assert list(table) == ["news-en-pheme"]
    assert _threshold(scores, examples, settings) == table["news-en-pheme"]["threshold"] < 0.5
    assert FAMILIES[family].sets_threshold is (family != "religious-train")


def test_ambiguous_families_weigh_their_share_and_teach_the_expert_alone() -> None:
    examples = (
        _examples("propaganda", "propaganda", 4)
        + _examples("news-en-pheme", "other", 4)  # a hard negative: 2 shares
        + _examples("offtopic-tweets", "other", 4)  # a control: 1 share
        + _examples("tt-pro-mixed", "other", 8)  # ambiguous: ambiguous_weight shares
    )
    family = np.array([e.family for e in examples])

    def shares(weight: float) -> dict[str, float]:
        weights = family_weights(examples, 0.0, 2.0, ambiguous_weight=weight)
        return {name: float(weights[family == name].sum()) for name in sorted(set(family))}

    one, half = shares(1.0), shares(0.5)
    assert one["propaganda"] == pytest.approx(sum(one.values()) / 2)  # positives: half
    assert one["news-en-pheme"] == pytest.approx(2 * one["offtopic-tweets"])
    assert one["tt-pro-mixed"] == pytest.approx(one["offtopic-tweets"])
    assert half["tt-pro-mixed"] == pytest.approx(0.5 * half["offtopic-tweets"])
    settings = TrainingSettings(ambiguous_weight=0.5)
    assert training_weights(examples, settings) == pytest.approx(
        family_weights(examples, 0.0, 2.0, 0.0, 0.5)
    )
    # the topic expert learns them with the positives and hard negatives; the first model not
    ambiguous = (family == "tt-pro-mixed").tolist()
    topical = [name in ("propaganda", "news-en-pheme", "tt-pro-mixed") for name in family]
    assert expert_rows(examples) == topical
    assert main_rows(examples, TrainingSettings()) == [not row for row in ambiguous]
    assert main_rows(examples, TrainingSettings(ambiguous_in_main=True)) is None
    assert main_rows(examples[:12], TrainingSettings()) is None  # none ambiguous: all rows


def _with_news_and(family: str) -> list[Example]:
    """Two texts in each of 20 groups of the positives, of a news family and of ``family``."""
    return [
        Example(f"{name} text {tag(i)} {end}", label, name, f"{name}:{i}", f"{name}.csv:{i}{end}")
        for name, label in (
            ("propaganda", "propaganda"),
            ("news-en-pheme", "other"),
            (family, "other"),
        )
        for i in range(20)
        for end in ("one", "two")
    ]


@pytest.mark.parametrize(
    ("weight", "expert", "learnt"), [(1.0, True, True), (0.0, True, False), (1.0, False, False)]
)
def test_ambiguous_families_are_learnt_only_when_something_learns_them(
    weight: float, expert: bool, learnt: bool
) -> None:
    settings = TrainingSettings(ambiguous_weight=weight, expert=expert)
    _, train, _ = training_set(_with_news_and("tt-pro-mixed"), settings)
    families = {example.family for example in train}
    assert ("tt-pro-mixed" in families) is learnt
    assert {"propaganda", "news-en-pheme"} <= families


@pytest.mark.parametrize("learn", [(), ("bible-kjv",)])
def test_an_evaluation_only_family_is_learnt_only_when_the_settings_name_it(
    learn: tuple[str, ...],
) -> None:
    settings = TrainingSettings(learnt_evaluation_families=learn)
    split, train, _ = training_set(_with_news_and("bible-kjv"), settings)
    assert ("bible-kjv" in {example.family for example in train}) is bool(learn)
    tested = [example for example in split.test if example.family == "bible-kjv"]
    assert len(tested) == (12 if learn else 40)  # 6 of 20 books held out, or all of them


@pytest.mark.parametrize("learn", [("propaganda",), ("no-such-family",)])
def test_only_evaluation_only_families_can_be_learnt_on_request(learn: tuple[str, ...]) -> None:
    examples = _examples("propaganda", "propaganda", 4) + _examples("quran-en", "other", 4)
    with pytest.raises(ValueError, match="are not evaluation-only families"):
        training_set(examples, TrainingSettings(learnt_evaluation_families=learn))


def test_a_model_trained_over_two_deals_takes_the_highest_mean_need(tmp_path: Path) -> None:
    from nohaven.classify.card import write_card
    from nohaven.classify.training import train_model

    examples = [
        Example(f"{word} {tag(i)} {end}", label, family, f"{family}:{i % 12}", f"{family}:{i}")
        for family, label, word in (
            ("propaganda", "propaganda", "rain storm wind"),
            ("news-en-pheme", "other", "match goal team"),
            ("quran-en", "other", "verse mercy light"),
        )
        for i in range(60)
        for end in ("one two", "three four")
    ]
    settings = TrainingSettings(semantic=False, folds=3, bits=14, threshold_deals=2)
    trained = train_model(examples, settings)
    needs = trained.model.info["threshold_by_family"]
    assert isinstance(needs, dict)
    assert all(len(item["deals"]) == 2 for item in needs.values())
    highest = max(settings.min_threshold, *(item["threshold"] for item in needs.values()))
    assert trained.model.threshold == pytest.approx(min(highest, 0.99), abs=1e-4)
    write_card(trained, tmp_path)
    markdown = (tmp_path / "MODEL_CARD.md").read_text(encoding="utf-8")
    assert "| family | FPR target | threshold it needs | recall there | thresholds by deal |" in (
        markdown
    )


def test_arabic_positives_weigh_more_and_the_positives_keep_their_total() -> None:
    from dataclasses import replace

    from nohaven.classify.training import arabic_rows

    arabic = "الطقس جميل اليوم في المدينة والرياح معتدلة على الساحل"  # identified, no lang
    examples = [
        *_account_texts("twitter:a", 2),
        Example(arabic, "propaganda", "propaganda", "twitter:b", "b:0"),
        replace(_account_texts("twitter:c", 1)[0], lang="ar"),  # the corpus says Arabic
        Example(arabic, "other", "arabic-general", "ar:0", "ar:0"),  # a negative: untouched
        *_examples("news-en-pheme", "other", 3),
    ]
    positive = np.array([e.family == "propaganda" for e in examples])
    assert arabic_rows(examples, positive).tolist() == [False, False, True, True] + [False] * 4
    plain = training_weights(examples, TrainingSettings(arabic_positive_weight=1.0))
    tripled = training_weights(examples, TrainingSettings(arabic_positive_weight=3.0))
    assert TrainingSettings().arabic_positive_weight == 3.0
    assert tripled[positive].sum() == pytest.approx(plain[positive].sum())
    assert tripled[~positive] == pytest.approx(plain[~positive])
    # each Arabic positive three times an English one of the same account weight
    assert tripled[2] / tripled[0] == pytest.approx(3 * plain[2] / plain[0])
    assert tripled[3] / tripled[0] == pytest.approx(3 * plain[3] / plain[0])
    with pytest.raises(ValueError, match="arabic_positive_weight must be above 0, not 0"):
        training_weights(examples, TrainingSettings(arabic_positive_weight=0.0))


def test_the_version_tells_apart_the_same_weights_over_other_cue_columns(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from nohaven.classify import training
    from nohaven.classify.cascade import ContentModel
    from nohaven.classify.ngram import NgramClassifier

    from .toy import POSITIVE, fast_content_model, toy

    corpus = toy(120)
    settings = TrainingSettings()

    def model(cue_weight: float) -> ContentModel:
        fast = NgramClassifier(positive=POSITIVE, folds=2, cue_weight=cue_weight)
        return fast_content_model(fast.fit(corpus.texts, corpus.labels, groups=corpus.groups))

    reads_cues, reads_none = model(1.0), model(0.0)
    with_cues = training.weights_version(reads_cues, settings.name)
    without = training.weights_version(reads_none, settings.name)
    assert with_cues.startswith("default+") and with_cues != without
    # stance-cues-v5 matched a term behind a proclitic joined to a hashtag that v4 missed:
    # the same weights then score some texts otherwise, so the version moves
    monkeypatch.setattr(training, "CUE_SCHEME", "stance-cues-other")
    assert training.weights_version(reads_cues, settings.name) != with_cues
    # a model that reads no cues keeps its version
    assert training.weights_version(reads_none, settings.name) == without


def test_training_records_what_the_caveats_read_and_the_card_measures_each(
    tmp_path: Path,
) -> None:
    from nohaven.classify.card import write_card
    from nohaven.classify.caveats import CAVEAT_MEANINGS, Caveat
    from nohaven.classify.training import train_model

    examples = [
        Example(
            f"{word} {tag(i)} {end}",
            label,
            family,
            f"{family}:{i % 12}",
            f"{family}:{i}",
            lang=lang,
        )
        for family, label, word, lang in (
            ("propaganda", "propaganda", "rain storm wind", "en"),
            ("news-en-pheme", "other", "match goal team", "en"),
            ("quran-en", "other", "verse mercy light", "en"),
        )
        for i in range(60)
        for end in ("one two", "three four five six seven eight nine ten eleven twelve")
    ]
    settings = TrainingSettings(semantic=False, folds=3, bits=14)
    trained = train_model(examples, settings)
    info = trained.model.info
    learnt = [e for e in training_set(examples, settings)[1] if e.label == "propaganda"]
    assert info["positive_languages"] == {"en": len(learnt)}
    assert info["positive_lengths"] == [
        min(len(e.text) for e in learnt),
        max(len(e.text) for e in learnt),
    ]
    # fewer than FEW_POSITIVES learnt in English: every test text has the language caveat
    figures = trained.evaluation.per_caveat["language"]
    assert figures.positives + figures.negatives == len(trained.split.test)
    write_card(trained, tmp_path)
    markdown = (tmp_path / "MODEL_CARD.md").read_text(encoding="utf-8")
    assert "## Caveats: where a score says less" in markdown
    assert f"| `language` | {CAVEAT_MEANINGS[Caveat.LANGUAGE]} | {figures.positives} |" in markdown
    # how sure the figures are: intervals from resampling the test split's positive accounts
    accounts = {e.group for e in trained.split.test if e.family == "propaganda"}
    spread = trained.evaluation.spread["overall"]
    assert spread.positive_groups == len(accounts) > 1 and spread.recall is not None
    assert "## How sure these figures are (resampling accounts)" in markdown
    assert f"The test split holds {len(accounts)} propaganda accounts" in markdown
    # the known limits quote this model's figures: every field filled, n/a where the evaluation
    # has no such figure (no positive of these made-up texts was read for its stance)
    limits = json.loads((tmp_path / "card.json").read_text(encoding="utf-8"))["limits"]
    assert not any("{" in limit for limit in limits)
    assert any("(n/a and n/a at the threshold)" in limit for limit in limits)
    recall = trained.evaluation.overall.recall
    assert recall is not None
    assert any(f"below the 70% target ({100 * recall:.1f}%, " in limit for limit in limits)


def test_the_topic_expert_learns_the_named_families_besides_the_topical_ones() -> None:
    examples = (
        _examples("propaganda", "propaganda", 2)
        + _examples("news-en-pheme", "other", 2)
        + _examples("identity-train", "other", 2)
        + _examples("quran-en", "other", 2)
    )
    assert expert_rows(examples) == [True, True, True, True, False, False, False, False]
    named = expert_rows(examples, ("identity-train",))
    assert named == [True, True, True, True, True, True, False, False]
    assert TrainingSettings().expert_families == ("identity-train",)
