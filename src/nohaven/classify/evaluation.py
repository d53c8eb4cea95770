"""The evaluation harness: every figure of the model card, from a held-out test split.

The propaganda accounts' tweets (the headline positives) are compared with each negative family
separately, with the hard negatives pooled, with the news families pooled, and per language;
every family (other positive families, benign controls, ambiguous families) gets its flag rate
at the threshold; robustness is measured on a sample of the test texts and their obfuscated
variants. The headline positives are also split by what their text says
(:mod:`~nohaven.classify.stance`: one reader's annotation of the default test split), since
their labels are per account: each reading's recall and ranking against the hard negatives, and
the stance-bearing positives against each negative family; the same again by a second reader's
readings, with how the two readers agree. The texts are also split by their
caveats (:mod:`~nohaven.classify.caveats`: shorter or longer than any positive the model
learnt, or in a language it learnt few positives in), so that a caveat a prediction carries
says how much less its score tells.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt

from nohaven.classify.cascade import ContentModel, Stage
from nohaven.classify.caveats import Caveat, LearntTexts
from nohaven.classify.corpus import Example, Role, example_languages, role_of
from nohaven.classify.features import classifier_text
from nohaven.classify.identity import (
    FaithSubgroup,
    IdentityFigures,
    IdentityText,
    faith_subgroups,
    identity_figures,
)
from nohaven.classify.intervals import AccountRecall, Spread, account_recall, grouped_spread
from nohaven.classify.metrics import Binary, FlagRate, binary_metrics, flag_rate
from nohaven.classify.robustness import Robustness, robustness
from nohaven.classify.stance import (
    Agreement,
    Reading,
    agreement,
    load_readings,
    load_second_readings,
)
from nohaven.text import LanguageIdentifier

__all__ = ["Evaluation", "caveat_figures", "caveat_masks", "evaluate"]

_LANGUAGES = ("ar", "en", "fr")
HEADLINE_POSITIVES = frozenset({"propaganda"})


@dataclass(frozen=True, slots=True)
class Evaluation:
    threshold: float
    overall: Binary
    hard_negatives: Binary
    news: Binary
    per_family: dict[str, Binary]
    per_language: dict[str, Binary]
    flag_rates: dict[str, FlagRate]
    robustness: Robustness | None
    semantic_share: float  # share of test texts the cascade sent to the semantic model
    counts: dict[str, int] = field(default_factory=dict)
    # Other thresholds an analyst may choose: recall and false-positive rates at each.
    operating_points: list[dict[str, float | None]] = field(default_factory=list)
    # The headline positives by what their text says, against the pooled hard negatives, and
    # those read as stance-bearing against each negative family (empty: no positive was read).
    per_reading: dict[str, Binary] = field(default_factory=dict)
    per_family_stance: dict[str, Binary] = field(default_factory=dict)
    unread_positives: int = 0
    # The same by a second reader's readings of the same positives, and how the two readers
    # agree on the positives both read (None: no second reading of any of them).
    reading_agreement: Agreement | None = None
    per_second_reading: dict[str, Binary] = field(default_factory=dict)
    per_family_second_stance: dict[str, Binary] = field(default_factory=dict)
    # The religious identity templates of the test split (nohaven.classify.identity), by
    # "language:identity" (empty: none in the split).
    identity: dict[str, IdentityFigures] = field(default_factory=dict)
    # The real test texts that name each faith (nohaven.classify.identity.FAITH_WORDS; the
    # templates left out): negatives flagged, positives found.
    faith_subgroups: dict[str, FaithSubgroup] = field(default_factory=dict)
    # The headline positives and the negatives by caveat (nohaven.classify.caveats), and those
    # without any ("none"); empty when the model records nothing a caveat reads.
    per_caveat: dict[str, Binary] = field(default_factory=dict)
    # How sure the figures are: 95% intervals from resampling whole accounts (and each negative
    # family's groups; nohaven.classify.intervals), for the pooled negatives ("overall",
    # "hard_negatives", "news") and each negative family; and the recall of each positive
    # account, summarised (no account named).
    spread: dict[str, Spread] = field(default_factory=dict)
    by_account: AccountRecall | None = None
    # the same for each language's positives and negatives (few positive accounts write some
    # languages: their rows say little, and the intervals show how little)
    spread_by_language: dict[str, Spread] = field(default_factory=dict)
    # ... for each reading's positives against the hard negatives, and each caveat's
    spread_by_reading: dict[str, Spread] = field(default_factory=dict)
    spread_by_caveat: dict[str, Spread] = field(default_factory=dict)

    def as_json(self) -> dict[str, object]:
        return {
            "threshold": round(self.threshold, 4),
            "overall": self.overall.as_json(),
            "hard_negatives": self.hard_negatives.as_json(),
            "news": self.news.as_json(),
            "per_family": {key: value.as_json() for key, value in self.per_family.items()},
            "per_language": {key: value.as_json() for key, value in self.per_language.items()},
            "flag_rates": {key: value.as_json() for key, value in self.flag_rates.items()},
            "robustness": None if self.robustness is None else self.robustness.as_json(),
            "semantic_share": round(self.semantic_share, 4),
            "counts": self.counts,
            "operating_points": self.operating_points,
            "per_reading": {key: value.as_json() for key, value in self.per_reading.items()},
            "per_family_stance": {
                key: value.as_json() for key, value in self.per_family_stance.items()
            },
            "unread_positives": self.unread_positives,
            "reading_agreement": (
                None if self.reading_agreement is None else self.reading_agreement.as_json()
            ),
            "per_second_reading": {
                key: value.as_json() for key, value in self.per_second_reading.items()
            },
            "per_family_second_stance": {
                key: value.as_json() for key, value in self.per_family_second_stance.items()
            },
            "identity": {key: value.as_json() for key, value in self.identity.items()},
            "faith_subgroups": {
                key: value.as_json() for key, value in self.faith_subgroups.items()
            },
            "per_caveat": {key: value.as_json() for key, value in self.per_caveat.items()},
            "spread": {key: value.as_json() for key, value in self.spread.items()},
            "by_account": None if self.by_account is None else self.by_account.as_json(),
            "spread_by_language": {
                key: value.as_json() for key, value in self.spread_by_language.items()
            },
            "spread_by_reading": {
                key: value.as_json() for key, value in self.spread_by_reading.items()
            },
            "spread_by_caveat": {
                key: value.as_json() for key, value in self.spread_by_caveat.items()
            },
        }


def evaluate(
    model: ContentModel,
    test: Sequence[Example],
    *,
    robustness_sample: int = 400,
    languages: LanguageIdentifier | None = None,
    readings: Mapping[str, Reading] | None = None,
    second_readings: Mapping[str, Reading] | None = None,
) -> Evaluation:
    """Score ``test`` with ``model`` and compute every figure (see the module documentation).

    ``readings`` (by example ``source``) default to the shipped stance annotation, and
    ``second_readings`` to the shipped second reader's where ``readings`` are the shipped ones
    (none otherwise).
    """
    texts = [example.text for example in test]
    cleaned = [classifier_text(text) for text in texts]  # once: scores and caveats
    scores, stages = model.scores_cleaned(cleaned)
    roles = [role_of(example) for example in test]
    role_by_family = {e.family: role for e, role in zip(test, roles, strict=True)}
    # The headline positives are the propaganda accounts' tweets; other positive families
    # (another medium, never trained on) are reported by their flag rate.
    headline = {e.family for e in test} & HEADLINE_POSITIVES or {
        e.family for e, role in zip(test, roles, strict=True) if role is Role.POSITIVE
    }
    positive = np.array([example.family in headline for example in test])
    families = np.array([example.family for example in test])
    threshold = model.threshold
    # Positives against a chosen set of negatives (ambiguous families are never negatives).
    negatives_of = {
        "all": np.array([role in (Role.HARD_NEGATIVE, Role.CONTROL) for role in roles]),
        "hard": np.array([role is Role.HARD_NEGATIVE for role in roles]),
        "news": np.array([example.family.startswith("news-") for example in test]),
    }

    def against(
        negative: npt.NDArray[np.bool_], positives: npt.NDArray[np.bool_] = positive
    ) -> Binary:
        chosen = positives | negative
        return binary_metrics(scores[chosen], positives[chosen], threshold)

    negative_families = [
        name
        for name in sorted(set(families.tolist()))
        if role_by_family[name] in (Role.HARD_NEGATIVE, Role.CONTROL)
    ]
    per_family = {name: against(families == name) for name in negative_families}
    read = readings if readings is not None else load_readings()
    if second_readings is None:
        second_readings = load_second_readings() if readings is None else {}

    def readings_of(by_source: Mapping[str, Reading]) -> npt.NDArray[np.str_]:
        return np.array(
            [by_source.get(e.source, "") if p else "" for e, p in zip(test, positive, strict=True)],
            dtype=str,
        )

    def by_reading(
        reading_of: npt.NDArray[np.str_],
    ) -> tuple[dict[str, Binary], dict[str, Binary]]:
        """The positives of each reading against the hard negatives, and the stance-bearing
        ones against each negative family."""
        per = {
            reading.value: against(negatives_of["hard"], reading_of == reading.value)
            for reading in Reading
            if (reading_of == reading.value).any()
        }
        stance = reading_of == Reading.STANCE.value
        families_stance = (
            {name: against(families == name, stance) for name in negative_families}
            if stance.any()
            else {}
        )
        return per, families_stance

    reading_of = readings_of(read)
    per_reading, per_family_stance = by_reading(reading_of)
    second_of = readings_of(second_readings)
    per_second_reading, per_family_second_stance = by_reading(second_of)
    # the two readers compared on the test's headline positives only
    agreed = agreement(
        {e.source: Reading(r) for e, r in zip(test, reading_of, strict=True) if r},
        {e.source: Reading(r) for e, r in zip(test, second_of, strict=True) if r},
    )
    groups = np.array([example.group for example in test], dtype=str)

    def spread(
        negative: npt.NDArray[np.bool_], positives: npt.NDArray[np.bool_] = positive
    ) -> Spread:
        chosen = positives | negative
        return grouped_spread(
            scores[chosen], positives[chosen], families[chosen], groups[chosen], threshold
        )

    langs = example_languages(test, languages)
    per_language = {}
    spread_by_language = {}
    for lang in _LANGUAGES:
        in_lang = np.array([found == lang for found in langs])
        chosen = in_lang & (positive | negatives_of["all"])
        per_language[lang] = binary_metrics(scores[chosen], positive[chosen], threshold)
        spread_by_language[lang] = spread(in_lang & negatives_of["all"], in_lang & positive)
    flag_rates = {
        name: flag_rate(scores[families == name], threshold)
        for name in sorted(set(families.tolist()))
    }
    sample = _sample(texts, robustness_sample)
    robust = robustness(lambda items: model.scores(items)[0].tolist(), sample) if sample else None
    identity, subgroups = _identity(test, scores, positive, negatives_of["all"], threshold)
    masks = caveat_masks(model.learnt_texts(), cleaned, langs)
    spreads = {
        "overall": spread(negatives_of["all"]),
        "hard_negatives": spread(negatives_of["hard"]),
        "news": spread(negatives_of["news"]),
        **{name: spread(families == name) for name in negative_families},
    }
    semantic = sum(stage is Stage.SEMANTIC for stage in stages)
    counts = {name: int((families == name).sum()) for name in sorted(set(families.tolist()))}
    return Evaluation(
        threshold=threshold,
        overall=against(negatives_of["all"]),
        hard_negatives=against(negatives_of["hard"]),
        news=against(negatives_of["news"]),
        per_family=per_family,
        per_language=per_language,
        flag_rates=flag_rates,
        robustness=robust,
        semantic_share=semantic / len(texts) if texts else 0.0,
        counts=counts,
        operating_points=_operating_points(scores, positive, families, negatives_of, groups),
        per_reading=per_reading,
        per_family_stance=per_family_stance,
        unread_positives=int((positive & (reading_of == "")).sum()) if per_reading else 0,
        reading_agreement=agreed if agreed.texts else None,
        per_second_reading=per_second_reading,
        per_family_second_stance=per_family_second_stance,
        identity=identity,
        faith_subgroups=subgroups,
        per_caveat=caveat_figures(masks, scores, positive, negatives_of["all"], threshold),
        spread=spreads,
        by_account=account_recall(scores[positive] >= threshold, groups[positive]),
        spread_by_language=spread_by_language,
        spread_by_reading={
            reading: spread(negatives_of["hard"], reading_of == reading) for reading in per_reading
        },
        spread_by_caveat={
            key: spread(negatives_of["all"] & inside, positive & inside)
            for key, inside in masks.items()
            if ((positive | negatives_of["all"]) & inside).any()
        },
    )


def caveat_masks(
    learnt: LearntTexts, cleaned: Sequence[str], langs: Sequence[str | None]
) -> dict[str, npt.NDArray[np.bool_]]:
    """Which texts carry each caveat (:mod:`~nohaven.classify.caveats`), and which none
    ("none"); empty when the model records nothing a caveat reads. A text of two caveats is
    under both."""
    if learnt.lengths is None and learnt.languages is None:
        return {}
    found = learnt.caveats_many(cleaned, langs)
    kinds: list[Caveat | None] = [*Caveat, None]
    return {
        str(kind) if kind else "none": np.array(
            [kind in item if kind else not item for item in found], dtype=bool
        )
        for kind in kinds
    }


def caveat_figures(
    masks: Mapping[str, npt.NDArray[np.bool_]],
    scores: npt.NDArray[np.float64],
    positive: npt.NDArray[np.bool_],
    negative: npt.NDArray[np.bool_],
    threshold: float,
) -> dict[str, Binary]:
    """The ``positive`` texts against the ``negative`` ones among the texts of each caveat
    (``masks``: :func:`caveat_masks`); a caveat no such text carries is left out."""
    out: dict[str, Binary] = {}
    for key, inside in masks.items():
        chosen = inside & (positive | negative)
        if chosen.any():
            out[key] = binary_metrics(scores[chosen], positive[chosen], threshold)
    return out


def _identity(
    test: Sequence[Example],
    scores: npt.NDArray[np.float64],
    positive: npt.NDArray[np.bool_],
    negative: npt.NDArray[np.bool_],
    threshold: float,
) -> tuple[dict[str, IdentityFigures], dict[str, FaithSubgroup]]:
    """The identity templates' figures, from the test examples that are such sentences, and
    the real texts naming each identity (the other examples), read in one pass."""
    sentences = [IdentityText.from_source(example.text, example.source) for example in test]
    real = np.array([item is None for item in sentences])
    cleaned = [classifier_text(e.text) if keep else "" for e, keep in zip(test, real, strict=True)]
    subgroups = faith_subgroups(cleaned, scores, positive & real, negative & real, threshold)
    chosen = [item for item in sentences if item is not None]
    if not chosen:
        return {}, subgroups
    figures = identity_figures(chosen, scores[~real], threshold, scores[positive])
    return figures, subgroups


OPERATING_THRESHOLDS = (0.5, 0.6, 0.7, 0.8, 0.85, 0.9, 0.95, 0.98)
_OPERATING_FAMILIES = (
    "quran-en",
    "bible-kjv",
    "arabic-general",
    "english-wordnet",
    "english-fortunes",
    "ordinary-tweets",
    "written-eval",
)


def _operating_points(
    scores: npt.NDArray[np.float64],
    positive: npt.NDArray[np.bool_],
    families: npt.NDArray[np.str_],
    negatives_of: dict[str, npt.NDArray[np.bool_]],
    groups: npt.NDArray[np.str_],
) -> list[dict[str, float | None]]:
    def rate(chosen: npt.NDArray[np.bool_], threshold: float) -> float | None:
        return round(float((scores[chosen] >= threshold).mean()), 4) if chosen.any() else None

    points = []
    for threshold in OPERATING_THRESHOLDS:
        # the recall's 95% interval, resampling the positive accounts
        recall = grouped_spread(
            scores[positive], positive[positive], families[positive], groups[positive], threshold
        ).recall
        point: dict[str, float | None] = {
            "threshold": threshold,
            "recall": rate(positive, threshold),
            "recall_low": None if recall is None else round(recall.low, 4),
            "recall_high": None if recall is None else round(recall.high, 4),
            "fpr_hard_negatives": rate(negatives_of["hard"], threshold),
            "fpr_news": rate(negatives_of["news"], threshold),
        }
        for name in _OPERATING_FAMILIES:
            point[f"fpr_{name}"] = rate(families == name, threshold)
        points.append(point)
    return points


def _sample(texts: Sequence[str], size: int) -> list[str]:
    """An evenly spaced, deterministic sample of ``size`` texts."""
    if size <= 0 or not texts:
        return []
    if len(texts) <= size:
        return list(texts)
    step = len(texts) / size
    return [texts[int(index * step)] for index in range(size)]
