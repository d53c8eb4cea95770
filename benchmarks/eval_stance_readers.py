"""Two readers of what the test positives say: their agreement, and the figures by each.

    .venv/bin/python benchmarks/eval_stance_readers.py [--second FILE] [--data ../shared/data]

The model card's figures "by what the positive says" rest on one reader's readings of the 562
test positives (``nohaven.classify.stance``: ``stance``, ``unclear`` or ``none``). A second
reader read the same texts blind (no scores, no first readings, a shuffled order, the same
three definitions): ``src/nohaven/classify/data/stance_readings_second.csv`` (keyed by
source, no text; ``--second`` reads another file).
Printed: how the two agree (the confusion of their readings and Cohen's kappa), then the
shipped model's test figures by each reader's readings and by the texts both read alike
(``both``: a text the two read differently counts as ``unclear``): each reading's share and
recall, and the ROC-AUC of the positives read as ``stance`` against the families whose
targets are unmet over all positives. About 20 seconds. ``nohaven evaluate`` and the model
card give the agreement and the figures by each reader too.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from nohaven.classify import evaluate, load_model
from nohaven.classify.reproduce import test_split_for
from nohaven.classify.stance import Reading, agreement, load_readings, load_second_readings

ROOT = Path(__file__).resolve().parents[1]
FAMILIES = ("news-tt-verified-counter", "religious-eval", "written-eval", "english-fortunes")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--second", type=Path, default=None, help="default: the shipped second readings"
    )
    parser.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data")
    args = parser.parse_args()
    model = load_model("default", mode="fast")
    test = test_split_for(model, args.data)
    positives = {e.source for e in test if e.family == "propaganda"}
    first = {s: r for s, r in load_readings().items() if s in positives}
    shipped = load_second_readings() if args.second is None else load_readings(args.second)
    second = {s: r for s, r in shipped.items() if s in positives}
    found = agreement(first, second)
    print(json.dumps({"positives": len(positives), "agreement": found.as_json()}))
    both = {s: r if second.get(s) is r else Reading.UNCLEAR for s, r in first.items()}
    for name, readings in (("first", first), ("second", second), ("both", both)):
        evaluation = evaluate(
            model, test, robustness_sample=0, readings=readings, second_readings={}
        )
        by_reading = evaluation.per_reading
        stance = evaluation.per_family_stance
        line = {
            "readings": name,
            "read": len(readings),
            "share": {
                key: round(binary.positives / len(readings), 3)
                for key, binary in by_reading.items()
            },
            "recall": {key: round(binary.recall or 0.0, 3) for key, binary in by_reading.items()},
            "stance_roc_auc": {
                family: round(stance[family].roc_auc or 0.0, 3)
                for family in FAMILIES
                if family in stance
            },
        }
        print(json.dumps(line), flush=True)


if __name__ == "__main__":
    main()
