"""``nohaven train --csv`` on a team-style table built from ``../shared/data``.

Three labels, as a team reviewing its own decisions might keep them: ``propaganda`` (the Fifth
Tribe tweets of pro-ISIS accounts), ``news-counter`` (news tweets and articles, the verified
news and counter accounts of radicalization-tt, Arabic headlines) and ``other`` (off-topic
tweets, general Arabic tweets, Qur'an verses). The table is written as a CSV with an account
and a time column and trained through :func:`nohaven.jobs.train_from_table`, as the command
does: split by account and forward in time, figures with 95% intervals from resampling the
held-out accounts.

With ``--two-labels`` the news and other rows are one label, ``other``, and with ``--max-fpr
F`` the threshold is set where at most that share of the training negatives is flagged out of
fold (``nohaven train --csv --max-fpr``); with ``--written-negatives`` the training side also
learns nohaven's written negatives as ``other`` (``nohaven train --csv --written-negatives
other``), and with ``--ordinary-english`` 2,000 texts of ordinary English (WordNet's usage
examples, the fortune files) too (``nohaven train --csv --ordinary-english other``). The
developers' written texts and ordinary English are not in the table: their held-out halves
are the check every table model's report gives (``written_flagged``). Printed too: the share
of the ordinary tweets of ``twitter-v2-samples`` (the shipped corpus's ``ordinary-tweets``,
never in the table) given ``propaganda``.

Run: ``.venv/bin/python benchmarks/eval_train_table.py [--data DIR] [--two-labels]
[--max-fpr F] [--written-negatives] [--ordinary-english]`` (about 20 seconds).
"""

from __future__ import annotations

import argparse
import csv
import random
import resource
import tempfile
import time
from pathlib import Path

from nohaven.classify import load_model, split_examples
from nohaven.classify.corpus import Example, load_corpus
from nohaven.jobs import train_from_table

LABELS = {
    "propaganda": "propaganda",
    "news-en-pheme": "news-counter",
    "news-en-fakes": "news-counter",
    "news-tt-verified-counter": "news-counter",
    "news-ar-ans": "news-counter",
    "offtopic-tweets": "other",
    "arabic-general": "other",
    "quran-ar": "other",
    "quran-en": "other",
    "quran-fr": "other",
}
PER_FAMILY = 3000  # at most, drawn with a fixed seed, so no family outweighs the rest


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=Path("../shared/data"))
    parser.add_argument("--two-labels", action="store_true", help="propaganda / other")
    parser.add_argument("--max-fpr", type=float, default=None)
    parser.add_argument("--written-negatives", action="store_true")
    parser.add_argument("--ordinary-english", action="store_true")
    args = parser.parse_args()
    data = args.data
    labels = (
        {
            family: "propaganda" if label == "propaganda" else "other"
            for family, label in LABELS.items()
        }
        if args.two_labels
        else LABELS
    )
    rng = random.Random(20261205)
    chosen: list[Example] = []
    by_family: dict[str, list[Example]] = {}
    corpus = load_corpus(data)
    tweets = [e.text for e in split_examples(corpus).test if e.family == "ordinary-tweets"]
    for example in corpus:
        if example.family in LABELS:
            by_family.setdefault(example.family, []).append(example)
    for _, examples in sorted(by_family.items()):
        chosen.extend(rng.sample(examples, min(PER_FAMILY, len(examples))))
    with tempfile.TemporaryDirectory() as folder:
        table = Path(folder) / "decisions.csv"
        with table.open("w", encoding="utf-8", newline="") as handle:
            writer = csv.writer(handle)
            writer.writerow(["text", "label", "account", "time"])
            for example in chosen:
                when = example.time.isoformat() if example.time else ""
                writer.writerow(
                    [
                        example.text,
                        labels[example.family],
                        f"{example.family}/{example.group}",
                        when,
                    ]
                )
        started = time.perf_counter()
        _, report = train_from_table(
            table,
            Path(folder) / "model",
            name="decisions",
            group_column="account",
            time_column="time",
            positive="propaganda",
            max_false_positive_rate=args.max_fpr,
            written_negatives_as="other" if args.written_negatives else None,
            ordinary_english_as="other" if args.ordinary_english else None,
        )
        seconds = time.perf_counter() - started
        said = load_model(Path(folder) / "model").predict(tweets, explain=0)
        tweets_flagged = sum(prediction.label == "propaganda" for prediction in said)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        f"{len(chosen):,} rows; {report.training_rows:,} trained on, {report.test_rows:,} "
        f"held out in {report.test_groups:,} accounts; {seconds:.1f} s, peak {peak:.0f} MB"
    )
    print(f"  rejected: {len(report.rejected):,} rows")
    for reason, count in sorted(report.dropped.items()):
        print(f"  left out: {count:,} rows, {reason}")
    for figures in report.per_label:
        print(
            f"  {figures.label:<13} support {figures.support:>5}  "
            f"precision {_figure(figures.precision, figures.precision_interval)}  "
            f"recall {_figure(figures.recall, figures.recall_interval)}"
        )
    print(f"  accuracy {_figure(report.accuracy, report.accuracy_interval)}")
    print(
        f"  threshold {report.threshold:.4f}; training negatives flagged out of fold "
        f"{_figure(report.training_false_positive_rate, None)}; held-out rows of other labels "
        f"called propaganda {_figure(report.false_positive_rate, None)}"
    )
    for lang, figures_in in list(report.per_language.items())[:4]:
        print(
            f"  {lang}: {figures_in['rows']:,} held-out rows, {figures_in['positives']:,} "
            f"propaganda; recall {figures_in['recall']} {figures_in['recall_interval']}, others "
            f"given propaganda {figures_in['false_positive_rate']} "
            f"{figures_in['false_positive_rate_interval']}"
        )
    for family, counts in report.written_flagged.items():
        print(
            f"  {family}: {counts['flagged']} of {counts['texts']} given propaganda "
            f"({counts['flagged'] / counts['texts']:.1%})"
        )
    print(
        f"  ordinary-tweets (twitter-v2-samples, test side): {tweets_flagged} of {len(tweets)} "
        f"given propaganda ({tweets_flagged / len(tweets):.1%})"
    )
    print(f"  ROC-AUC propaganda vs the rest {_figure(report.roc_auc, report.roc_auc_interval)}")


def _figure(value: float | None, interval: object) -> str:
    if value is None:
        return "-"
    low = getattr(interval, "low", None)
    high = getattr(interval, "high", None)
    if low is None or high is None:
        return f"{value:.3f}"
    return f"{value:.3f} ({low:.3f}-{high:.3f})"


if __name__ == "__main__":
    main()
