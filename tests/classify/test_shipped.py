"""The shipped model on the generated demo world: neutral placeholder posts, no real data.

The demo world's posts are everyday text in Arabic, French and English (greetings, replies,
news headlines, links): a model that flags them has learnt sources or style, not stance.
"""

from __future__ import annotations

import json
from pathlib import Path

from nohaven import jobs
from nohaven.classify import load_model
from nohaven.classify.artifact import default_model_path
from nohaven.classify.corpus import written_religious
from nohaven.store import open_store


def test_the_demo_world_is_scored_and_almost_nothing_is_flagged(tmp_path: Path) -> None:
    report = jobs.run_demo(tmp_path / "demo", seed=11)
    assert "classify" in report.run.stages
    model = load_model("default", mode="fast")
    with open_store(report.db_url) as store:
        scores = list(store.iter_scores(model.name))
        posts = store.count("posts")
    assert len(scores) == posts > 10_000
    assert {score.model_version for score in scores} == {model.version}
    flagged = [score for score in scores if score.label == model.positive]
    # Measured 0.8% (English 1.4%, French 1.8%) since the model learnt ordinary English
    # (default+13442a7c; 4.7% before, English 12.5%), 0.5% since default+3e860adf (English
    # 1.4%, French 0.7%): guard against it getting worse.
    assert len(flagged) / len(scores) < 0.02
    assert all(score.explanation for score in flagged)


def test_the_shipped_card_says_how_training_weighs_accounts_and_how_far_the_expert_vetoes() -> None:
    folder = default_model_path()
    settings = json.loads((folder / "card.json").read_text(encoding="utf-8"))["settings"]
    assert settings["positive_account_power"] == 0.0 and settings["expert_margin"] == -1.5
    assert settings["idf"] is True
    card = (folder / "MODEL_CARD.md").read_text(encoding="utf-8")
    assert "Each positive account weighs the same in training" in card
    assert "(the expert's moved by -1.5)" in card
    assert "weighed by its inverse document frequency" in card


def test_the_shipped_threshold_is_set_over_three_deals_of_the_folds() -> None:
    folder = default_model_path()
    card = json.loads((folder / "card.json").read_text(encoding="utf-8"))
    assert card["settings"]["threshold_deals"] == 3
    needs = card["threshold_by_family"]
    assert all(len(item["deals"]) == 3 for item in needs.values())
    # The threshold is the highest family's mean need over the deals.
    assert card["threshold"] == max(item["threshold"] for item in needs.values())
    assert "thresholds by deal" in (folder / "MODEL_CARD.md").read_text(encoding="utf-8")


def test_the_shipped_model_learns_arabic_cues_and_its_card_says_so() -> None:
    folder = default_model_path()
    settings = json.loads((folder / "card.json").read_text(encoding="utf-8"))["settings"]
    assert settings["arabic_cue_weight"] == 1.0
    assert settings["arabic_positive_weight"] == 3.0
    assert load_model("default", mode="fast").fast.arabic_cue_weight == 1.0
    card = (folder / "MODEL_CARD.md").read_text(encoding="utf-8")
    assert "set only in texts mostly in Arabic script" in card
    assert "The positives in Arabic weigh 3 times more" in card


def test_the_shipped_model_does_not_flag_the_greeting_and_hardly_any_religious_phrase() -> None:
    model = load_model("default", mode="fast")
    # The full greeting, learnt from the religious phrases' train file: 0.98-0.99 and flagged
    # before default+b286eab7; its reply, 0.97-0.98 until default+5270c54e left out the one
    # positive training text that is the reply word for word
    greetings = [
        "السلام عليكم ورحمة الله وبركاته",
        "Assalamu alaikum wa rahmatullahi wa barakatuh",
        "Assalamou alaykoum wa rahmatoullah wa barakatouh",
        "وعليكم السلام ورحمة الله وبركاته",
    ]
    assert all(prediction.label != model.positive for prediction in model.predict(greetings))
    # The eval file's phrases were never trained on: 3 of 148 flagged (5 before the second
    # batch of train phrases, default+5270c54e; 9 of the first 88 before any was learnt)
    held_out = [example.text for example in written_religious("eval")]
    flagged = [p for p in model.predict(held_out, explain=0) if p.label == model.positive]
    assert len(held_out) == 148 and len(flagged) <= 3
    # and none of the train file's 190 (7 before the second batch)
    learnt = [example.text for example in written_religious("train")]
    assert not [p for p in model.predict(learnt, explain=0) if p.label == model.positive]


def test_the_shipped_model_names_scores_made_in_another_mode_or_band() -> None:
    """Saved to score in fast mode: its scores are stored under its version, and those made
    in cascade mode (which moves the scores of the posts in its band) under another name."""
    fast = load_model("default")
    assert fast.scoring_version == fast.version
    cascade = load_model("default", mode="cascade")
    assert cascade.scoring_version == f"{fast.version}@cascade0.7-0.95"
    assert cascade.at_band(0.5, 0.99).scoring_version == f"{fast.version}@cascade0.5-0.99"


def test_the_shipped_card_gives_the_second_readers_agreement_and_figures() -> None:
    folder = default_model_path()
    card = json.loads((folder / "card.json").read_text(encoding="utf-8"))
    agreed = card["evaluation"]["reading_agreement"]
    assert agreed["texts"] == 562 and 0.7 < agreed["kappa"] < 0.8
    assert set(card["evaluation"]["per_second_reading"]) == {"stance", "unclear", "none"}
    markdown = (folder / "MODEL_CARD.md").read_text(encoding="utf-8")
    assert "A second reader read 562 of these positives again, blind" in markdown
    assert any(
        "by a second, blind reader; Cohen's kappa 0.742" in limit for limit in card["limits"]
    )
