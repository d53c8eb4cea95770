"""A threshold per identified language, set out of fold as the shipped one is (issue 3).

    .venv/bin/python benchmarks/eval_language_thresholds.py [--data ../shared/data]

The shipped model has one threshold, the lowest at which every negative family's out-of-fold
false-positive rate meets its target; English Qur'an verses set it, so Arabic posts are held
to a bar that English scripture asks for. Here the fast model is fit as shipped (the training
side of the default split, five grouped folds), each training text's language identified
(``ar``, ``en``, ``fr``, else ``other``), and for each language the same rule is applied to
that language's texts of each family (families with under 50 such texts not judged; a
language with no judged family keeps the one threshold). Then the shipped model scores the
test split once, at the one threshold and at the per-language ones, either for every language
or for Arabic alone (the others keep the one threshold). About five minutes on one core.

Measured (2026-12-04, ``default+202027df``): thresholds out of fold ``ar`` 0.699 (set by general
Arabic tweets), ``en`` 0.905 (English Qur'an), ``fr`` 0.847 (French abusive speech), ``other``
0.693; out-of-fold recall 61.5% -> 62.7%. On the test split, every language: recall 68.0% ->
71.0% (Arabic 12% -> 32% of 50), but verified news and counter accounts' tweets 26.8% -> 41.5%
flagged (English tweets identified as another language get the low ``other`` threshold),
general Arabic 0.09% -> 0.9%, French Qur'an 0.1% -> 0.9%, abusive speech 1.8% -> 3.2%,
``everyday-eval`` 0% -> 2.4%, hard negatives 1.4% -> 1.8%. Arabic alone: recall 68.0% ->
69.8%, hard negatives unchanged, but general Arabic tweets 0.09% -> 0.9% (target 1%) and one of
the 41 ``everyday-eval`` posts flagged (an Arabic one). Not shipped: the recall it buys is paid
by the families that must not be flagged, and still falls short of 70%.
"""

from __future__ import annotations

import argparse
from pathlib import Path

import numpy as np
import numpy.typing as npt

from nohaven.classify import load_model
from nohaven.classify.corpus import Example, Role, load_corpus, role_of
from nohaven.classify.training import (
    STRICT_CONTROLS,
    TrainingSettings,
    fast_classifier,
    training_set,
    training_weights,
)
from nohaven.text.language import LanguageIdentifier

ROOT = Path(__file__).resolve().parents[1]
LANGUAGES = ("ar", "en", "fr", "other")
_JUDGED = 50  # as threshold_by_family: smaller families are not judged


def _languages(examples: list[Example]) -> npt.NDArray[np.str_]:
    identifier = LanguageIdentifier()
    found = identifier.detect_many([example.text for example in examples])
    return np.array([item.lang if item.lang in LANGUAGES else "other" for item in found])


def _needed(
    scores: npt.NDArray[np.float64],
    families: npt.NDArray[np.str_],
    positive: npt.NDArray[np.bool_],
    mask: npt.NDArray[np.bool_],
) -> dict[str, float]:
    """What each judged negative family asks of the threshold, among the ``mask`` texts."""
    out: dict[str, float] = {}
    for name in sorted(set(families[mask & ~positive].tolist())):
        inside = (families == name) & mask
        if inside.sum() < _JUDGED:
            continue
        target = 0.01 if name in STRICT_CONTROLS else 0.05
        out[name] = min(float(np.quantile(scores[inside], 1.0 - target)) + 1e-6, 0.99)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data")
    args = parser.parse_args()
    settings = TrainingSettings()
    split, train, _ = training_set(load_corpus(args.data), settings)
    fast = fast_classifier(settings).fit(
        [example.text for example in train],
        [example.label for example in train],
        sample_weight=training_weights(train, settings),
        groups=[f"{example.family}/{example.group}" for example in train],
    )
    assert fast.calibration_ is not None
    oof = np.asarray(fast.calibration_(fast.oof_decision_), dtype=np.float64)
    languages = _languages(train)
    families = np.array([example.family for example in train])
    positive = np.array([role_of(example) is Role.POSITIVE for example in train])
    everything = np.ones(len(train), dtype=bool)
    one = max(settings.min_threshold, *_needed(oof, families, positive, everything).values())
    thresholds: dict[str, float] = {}
    for lang in LANGUAGES:
        needed = _needed(oof, families, positive, languages == lang)
        thresholds[lang] = max(settings.min_threshold, *needed.values()) if needed else one
        setter = max(needed, key=lambda name: needed[name]) if needed else "-"
        inside = positive & (languages == lang)
        recall = float((oof[inside] >= thresholds[lang]).mean()) if inside.any() else 0.0
        print(
            f"out of fold {lang:5} threshold {thresholds[lang]:.3f} (set by {setter}), "
            f"{int(inside.sum())} positives, recall {recall:.3f}"
        )
    per_text = np.array([thresholds[lang] for lang in languages])
    print(
        f"out of fold recall: one threshold {float((oof[positive] >= one).mean()):.3f}, "
        f"per language {float((oof[positive] >= per_text[positive]).mean()):.3f}"
    )

    model = load_model("default", mode="fast")
    test = split.test
    scores = model.predict_proba([example.text for example in test])[:, 1]
    test_languages = _languages(test)
    test_families = np.array([example.family for example in test])
    hard = np.array([role_of(example) is Role.HARD_NEGATIVE for example in test])
    found = test_families == "propaganda"
    for name, chosen in (("every language", LANGUAGES), ("Arabic alone", ("ar",))):
        limits = np.array(
            [thresholds[lang] if lang in chosen else model.threshold for lang in test_languages]
        )
        flagged = scores >= limits
        before = scores >= model.threshold
        print(
            f"test, {name}: recall {before[found].mean():.3f} -> {flagged[found].mean():.3f}, "
            f"hard negatives {before[hard].mean():.4f} -> {flagged[hard].mean():.4f}"
        )
        for family in sorted(set(test_families.tolist())):
            inside = test_families == family
            if family != "propaganda" and flagged[inside].mean() != before[inside].mean():
                print(
                    f"  {family}: {before[inside].mean():.4f} -> {flagged[inside].mean():.4f}"
                    f" of {int(inside.sum())}"
                )


if __name__ == "__main__":
    main()
