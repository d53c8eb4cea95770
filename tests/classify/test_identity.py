"""Religious identity templates: the shipped files, their parsing, the figures and the card.

The evaluation test uses the neutral toy corpus (sport and weather sentences), with the
evaluation file's sentences added to its test side, to exercise the machinery only.
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import numpy as np
import pytest

from nohaven.classify import evaluate
from nohaven.classify.card import _identity_lines
from nohaven.classify.corpus import FAMILIES, Role, identity_examples
from nohaven.classify.features import classifier_text
from nohaven.classify.identity import (
    FAITH_WORDS,
    IdentityTemplateError,
    IdentityText,
    biased_identities,
    faith_subgroups,
    faiths_named,
    identity_figures,
    load_identity_texts,
    over_represented,
    parse_identity_templates,
)
from nohaven.classify.split import split_examples

from .toy import headline_toy_model

FAITHS = {"muslim", "christian", "jewish", "hindu", "buddhist", "sikh"}
COMMUNITIES = {
    "shia", "sunni", "sufi", "alawite", "druze", "yazidi", "catholic", "protestant", "orthodox"
}  # fmt: skip
PEOPLES = {
    "arab", "kurdish", "afghan", "pakistani", "somali", "chechen", "syrian", "iraqi", "british",
    "american", "german", "french",
}  # fmt: skip
SETS = {
    "identity_templates": FAITHS,
    "identity_communities": COMMUNITIES,
    "identity_peoples": PEOPLES,
}


@pytest.mark.parametrize("which", ["eval", "train"])
@pytest.mark.parametrize("templates", sorted(SETS))
def test_each_shipped_frame_is_written_once_per_identity_in_three_languages(
    which: str, templates: str
) -> None:
    items = [item for item in load_identity_texts(which) if item.templates == templates]
    identities = SETS[templates]
    assert {item.language for item in items} == {"ar", "en", "fr"}
    for language in ("ar", "en", "fr"):
        mine = [item for item in items if item.language == language]
        assert {item.identity for item in mine} == identities
        per_frame = Counter(item.frame for item in mine)
        assert set(per_frame.values()) == {len(identities)}
        assert len(per_frame) >= 12
    assert all("{" not in item.text and item.text[0] == item.text[0].upper() for item in items)
    assert len({item.text for item in items}) == len(items)


def test_the_train_file_shares_no_sentence_with_the_eval_file() -> None:
    train = {item.text for item in load_identity_texts("train")}
    assert not train & {item.text for item in load_identity_texts("eval")}


def test_a_frame_is_filled_with_each_faiths_words_and_capitalised() -> None:
    text = json.dumps(
        {
            "languages": {
                "en": {
                    "identities": {"a": {"plural": "alphas"}, "b": {"plural": "betas"}},
                    "frames": ["{plural} met today.", "We saw {plural}."],
                }
            }
        }
    )
    items = parse_identity_templates(text, "mine.json")
    assert [(item.text, item.identity, item.frame) for item in items] == [
        ("Alphas met today.", "a", 0),
        ("Betas met today.", "b", 0),
        ("We saw alphas.", "a", 1),
        ("We saw betas.", "b", 1),
    ]
    source = items[1].source("eval")
    assert source == "nohaven:identity_templates_eval.json:en:0:b"
    assert IdentityText.from_source(items[1].text, source) == items[1]
    assert IdentityText.from_source("x", "isis-twitter-fifthtribe/tweets.csv:7") is None


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("{", r"mine.json:1: not JSON"),
        ('{"languages": {}}', "mine.json: no 'languages' object"),
        (
            '{"languages": {"en": {"identities": {"a": {}}, "frames": ["x"]}}}',
            r"languages.en: needs an 'identities' object of two or more",
        ),
        (
            '{"languages": {"en": {"identities": {"a": {}, "b": {}}, "frames": []}}}',
            r"languages.en: needs a non-empty 'frames' list",
        ),
        (
            '{"languages": {"en": {"identities": {"a": {"p": "x"}, "b": {}}, '
            '"frames": ["ok", "{p} here"]}}}',
            r"languages.en.frames\[1\]: identity 'b' has no \['p'\]",
        ),
    ],
)
def test_a_bad_templates_file_is_refused_with_its_place_and_reason(text: str, reason: str) -> None:
    with pytest.raises(IdentityTemplateError, match=reason):
        parse_identity_templates(text, "mine.json")


def test_the_gap_compares_each_sentence_with_the_same_sentence_of_the_other_faiths() -> None:
    items = [
        IdentityText(f"{faith} {frame}", "en", faith, frame)
        for frame in range(4)
        for faith in ("a", "b", "c")
    ]
    base = np.array([0.1, 0.2, 0.3, 0.4])
    push = {"a": 0.5, "b": 0.0, "c": 0.1}
    scores = np.array([base[item.frame] + push[item.identity] for item in items])
    figures = identity_figures(items, scores, threshold=0.85, positive_scores=np.array([0.95]))
    assert set(figures) == {"en:a", "en:b", "en:c"}
    assert figures["en:a"].gap == pytest.approx(0.5 - 0.05)
    assert figures["en:b"].gap == pytest.approx(0.0 - 0.3)
    assert figures["en:a"].flagged == 1  # 0.4 + 0.5
    assert figures["en:a"].max_score == pytest.approx(0.9)
    assert figures["en:a"].roc_auc == 1.0
    assert identity_figures(items, scores, 0.8)["en:a"].roc_auc is None
    with pytest.raises(ValueError, match="12 sentences but 3 scores"):
        identity_figures(items, scores[:3], 0.8)


def test_the_eval_templates_are_a_test_only_control_family_grouped_by_frame() -> None:
    assert FAMILIES["identity-eval"].role is Role.CONTROL
    assert not FAMILIES["identity-eval"].train and not FAMILIES["identity-train"].test
    examples = identity_examples("eval")
    assert {example.family for example in examples} == {"identity-eval"}
    frames = {(i.templates, i.language, i.frame) for i in load_identity_texts("eval")}
    assert len({example.group for example in examples}) == len(frames)
    split = split_examples(examples + identity_examples("train"))
    assert {e.family for e in split.test} == {"identity-eval"}
    assert {e.family for e in split.train} == {"identity-train"}
    with pytest.raises(ValueError, match="which must be"):
        identity_examples("test")


def test_the_evaluation_and_the_card_report_each_faith() -> None:
    model, test = headline_toy_model()
    evaluation = evaluate(model, test + identity_examples("eval"), robustness_sample=0)
    assert set(evaluation.identity) == {
        f"{lang}:{faith}" for lang in ("ar", "en", "fr") for faith in FAITHS | COMMUNITIES | PEOPLES
    }
    english = evaluation.identity["en:muslim"]
    assert english.texts == len(
        [i for i in load_identity_texts() if i.language == "en" and i.identity == "muslim"]
    )
    assert english.roc_auc is not None
    saved = evaluation.as_json()["identity"]
    assert (
        isinstance(saved, dict)
        and saved["fr:sikh"]["texts"] == evaluation.identity["fr:sikh"].texts
    )
    section = "\n".join(_identity_lines(evaluation))
    assert "| en | muslim |" in section and "never trained on" in section
    # the toy corpus names no faith: the real subgroups are empty, the templates not counted
    assert all(group.negatives == 0 for group in evaluation.faith_subgroups.values())
    assert "| muslim | 0 | 0 | n/a | 0 | 0 |" in section
    plain = evaluate(model, test, robustness_sample=0)
    assert plain.identity == {} and _identity_lines(plain) == []


def test_a_templates_file_is_read_from_a_path(tmp_path: Path) -> None:
    path = tmp_path / "mine.json"
    path.write_text(
        '{"languages": {"fr": {"identities": {"a": {"x": "un"}, "b": {"x": "deux"}}, '
        '"frames": ["{x} ici"]}}}',
        encoding="utf-8",
    )
    assert [item.text for item in load_identity_texts(path=path)] == ["Un ici", "Deux ici"]


@pytest.mark.parametrize(
    ("text", "faiths"),
    [
        ("Muslims and Christians held a vigil", {"muslim", "christian"}),
        ("Les musulmanes de la mosquée", {"muslim"}),
        ("للمسلمين في المسجد", {"muslim"}),
        ("الكنيسه والكنيس", {"christian", "jewish"}),
        ("The Islamic State claimed it", set()),  # the group's name is not the faith
        ("الدولة الإسلامية", set()),
        ("a Sikh gurdwara and a Hindu mandir", {"sikh", "hindu"}),
        ("Buddhism", {"buddhist"}),
        ("jewelry and churchill", set()),  # whole words only
    ],
)
def test_the_faiths_a_text_names(text: str, faiths: set[str]) -> None:
    assert faiths_named(classifier_text(text)) == faiths


def test_every_eval_sentence_names_its_own_faith_and_no_other() -> None:
    assert set(FAITH_WORDS) == FAITHS | COMMUNITIES  # the peoples are not counted on real data
    for item in load_identity_texts("eval"):
        named = faiths_named(classifier_text(item.text))
        assert named == (set() if item.identity in PEOPLES else {item.identity}), item.text


def test_subgroups_count_the_negatives_and_positives_that_name_each_faith() -> None:
    cleaned = ["muslims pray", "a mosque", "church bells", "muslims", "weather"]
    scores = np.array([0.9, 0.1, 0.95, 0.99, 0.99])
    positive = np.array([False, False, False, True, True])
    negative = ~positive
    groups = faith_subgroups(cleaned, scores, positive, negative, 0.8)
    assert groups["muslim"].negatives == 2 and groups["muslim"].flagged == 1
    assert groups["muslim"].false_positive_rate == 0.5
    assert groups["muslim"].positives == 1 and groups["muslim"].found == 1
    assert groups["christian"].flagged == 1 and groups["christian"].positives == 0
    assert groups["sikh"].negatives == 0 and groups["sikh"].false_positive_rate is None


def test_the_identities_to_balance_are_those_flagged_or_scored_above_the_others() -> None:
    items = [
        IdentityText(f"{faith} {frame}", lang, faith, frame)
        for lang in ("en", "fr")
        for frame in range(3)
        for faith in ("a", "b", "c", "d")
    ]
    push = {("en", "a"): 0.3, ("fr", "b"): 0.2, ("en", "c"): 0.05}
    scores = np.array([0.2 + push.get((item.language, item.identity), 0.0) for item in items])
    scores[-1] = 0.55  # one "d" sentence in French flagged
    figures = identity_figures(items, scores, threshold=0.52)
    assert biased_identities(figures) == ("a", "b", "d")
    assert biased_identities(figures, min_gap=0.2) == ("a", "d")


def test_over_represented_identities_are_named_more_by_the_weighted_positives() -> None:
    cleaned = ["the muslims", "a church", "the muslims", "plain", "a church", "a sikh"]
    positive = np.array([True, True, False, False, False, False])
    negative = ~positive
    # positives: muslim 1/2, christian 1/2; negatives: muslim 1/4, christian 1/4, sikh 1/4
    assert over_represented(cleaned, np.ones(6), positive, negative) == ("muslim", "christian")
    weights = np.array([1.0, 1.0, 1.0, 1.0, 5.0, 1.0])  # the negative church weighs more
    assert over_represented(cleaned, weights, positive, negative) == ("muslim",)
