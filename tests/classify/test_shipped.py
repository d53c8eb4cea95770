"""The shipped model on the generated demo world: neutral placeholder posts, no real data.

The demo world's posts are everyday text in Arabic, French and English (greetings, replies,
news headlines, links): a model that flags them has learnt sources or style, not stance.
"""

from __future__ import annotations

from pathlib import Path

from nohaven import jobs
from nohaven.classify import load_model
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
    # (default+13442a7c; 4.7% before, English 12.5%): guard against it getting worse.
    assert len(flagged) / len(scores) < 0.02
    assert all(score.explanation for score in flagged)
