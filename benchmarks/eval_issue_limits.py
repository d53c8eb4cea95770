"""The recall the issue's false-positive limits alone would allow, read on the test split.

    .venv/bin/python benchmarks/eval_issue_limits.py [--data ../shared/data] [--mode fast|cascade]

The shipped threshold is set out of fold by the issue's limits (5% on the hard negatives and
news, 1% on Qur'an verses and general Arabic tweets) and by nohaven's own 1% on ordinary
English (WordNet's usage examples, the fortune files), which is the limit that sets it. This
asks what the issue's limits alone would give: the lowest threshold at which, on the shipped
model's test split, the pooled hard negatives, the news and each hard-negative family are
flagged at most 5% and each language's Qur'an verses and the general Arabic tweets at most
1%; then the recall there and the share flagged of the texts nohaven also keeps from harm
(ordinary English and tweets, its own written posts). Read on the test split, so it is a
ceiling for the issue's rule, not a threshold to ship: a threshold chosen on the test split
overstates what unseen data would give. About 20 seconds.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import numpy as np
import numpy.typing as npt

from nohaven.classify import load_model
from nohaven.classify.corpus import Role, role_of
from nohaven.classify.features import classifier_text
from nohaven.classify.reproduce import test_split_for

ROOT = Path(__file__).resolve().parents[1]
STRICT = ("quran-ar", "quran-en", "quran-fr", "arabic-general")
HARMS = (
    "english-fortunes",
    "english-wordnet",
    "ordinary-tweets",
    "written-eval",
    "religious-eval",
    "everyday-eval",
    "news-tt-verified-counter",
)


def lowest_threshold(scores: npt.NDArray[np.float64], limit: float) -> float:
    """The lowest threshold (score >= it is flagged) that flags at most ``limit`` of
    ``scores``: just above the score of the highest text that must go unflagged."""
    if not len(scores):
        return 0.0
    allowed = int(np.floor(limit * len(scores)))
    ranked = np.sort(scores)[::-1]
    return float(np.nextafter(ranked[allowed], 1.0)) if allowed < len(ranked) else 0.0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data")
    parser.add_argument("--mode", choices=["fast", "cascade"], default="fast")
    args = parser.parse_args()
    model = load_model("default", mode=args.mode)
    test = test_split_for(model, args.data)
    scores, _ = model.scores_cleaned([classifier_text(e.text) for e in test])
    families = np.array([e.family for e in test])
    roles = [role_of(e) for e in test]
    hard = np.array([role is Role.HARD_NEGATIVE for role in roles])
    news = np.array([e.family.startswith("news-") for e in test])
    needs = {
        "hard negatives pooled": lowest_threshold(scores[hard], 0.05),
        "news pooled": lowest_threshold(scores[news], 0.05),
        **{
            name: lowest_threshold(scores[families == name], 0.05)
            for name in sorted(set(families[hard].tolist()))
        },
        **{name: lowest_threshold(scores[families == name], 0.01) for name in STRICT},
    }
    setter = max(needs, key=lambda name: needs[name])
    threshold = needs[setter]
    positive = families == "propaganda"

    def flagged(at: float, chosen: npt.NDArray[np.bool_]) -> float:
        return round(float((scores[chosen] >= at).mean()), 4) if chosen.any() else float("nan")

    for name, at in (("issue's limits on the test split", threshold), ("shipped", model.threshold)):
        line = {
            "threshold": name,
            "mode": args.mode,
            "value": round(at, 4),
            "set_by": setter if at == threshold else "out of fold (see the card)",
            "recall": flagged(at, positive),
            "flagged": {family: flagged(at, families == family) for family in (*STRICT, *HARMS)},
        }
        print(json.dumps(line))


if __name__ == "__main__":
    main()
