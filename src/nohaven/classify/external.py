"""A content model judged on a team's own labelled table: data it never saw.

``nohaven evaluate --csv`` reads any CSV/TSV with a text and a label column
(:func:`~nohaven.classify.table.read_table`), scores every text once and gives the figures of
the model card that such a table allows: the positives (rows with the ``positive`` label)
against every other row and against each other label (ROC-AUC, PR-AUC, precision and recall
at the model's threshold, false-positive rate, precision at 1% and 0.1% prevalence,
calibration error), the same against the negatives of each value of an optional family column
(source, platform, kind of text), per detected language, the flag rate of every label and
family, and recall and false-positive rate at other thresholds an analyst may choose.

A table without positives (a team's own benign posts) gives the flag rates alone. The rows
flagged wrongly and the positives missed are named by file and line (never by text: the
analyst has the file). The texts longer than any positive the model learnt from are counted:
their scores are outside what it learnt (see the model card's known limits); and the figures are
given again by caveat (:mod:`~nohaven.classify.caveats`: shorter or longer than any positive
the model learnt, in a language it learnt few positives in), as the model card gives them.

Each comparison also gets 95% intervals of its recall, false-positive rate and ROC-AUC
(:mod:`~nohaven.classify.intervals`), resampling the table's groups: the values of a group
column (the accounts, as the card resamples its test accounts), or else blocks of rows, which
says less (rows of one account are alike, and a block mixes accounts). With a group column the
recall of each positive group is summarised too, none named.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt

from nohaven.classify.cascade import ContentModel, Stage
from nohaven.classify.corpus import Example, example_languages
from nohaven.classify.evaluation import OPERATING_THRESHOLDS, caveat_figures, caveat_masks
from nohaven.classify.features import classifier_text
from nohaven.classify.intervals import AccountRecall, Spread, account_recall, grouped_spread
from nohaven.classify.metrics import Binary, FlagRate, binary_metrics, flag_rate
from nohaven.ingest.base import Reject
from nohaven.text import LanguageIdentifier

__all__ = ["ExternalEvaluation", "evaluate_table"]


@dataclass(frozen=True, slots=True)
class ExternalEvaluation:
    """Every figure of a model on a labelled table (see the module documentation)."""

    model: str
    version: str
    mode: str
    threshold: float
    positive: str
    rows: int
    counts: dict[str, int]  # texts per label
    overall: Binary  # the positives against every other row
    per_label: dict[str, Binary]  # the positives against each other label
    per_family: dict[str, Binary]  # the positives against each family's negatives
    per_language: dict[str, Binary]  # positives and negatives in each detected language
    label_flag_rates: dict[str, FlagRate]
    family_flag_rates: dict[str, FlagRate]
    operating_points: list[dict[str, float | None]]
    false_positives: list[str]  # "file:line" of each negative flagged, highest score first
    missed: list[str]  # "file:line" of each positive not flagged, lowest score first
    longer_than_learnt: int
    learnt_longest: int | None
    semantic_share: float
    rejected: tuple[Reject, ...] = field(default_factory=tuple)
    # the positives against the negatives by caveat, and without one ("none"); empty when the
    # model records nothing a caveat reads
    per_caveat: dict[str, Binary] = field(default_factory=dict)
    # 95% intervals resampling the groups ("overall", "label:<name>", "family:<name>"), what
    # the groups are (a column's name, or "" for blocks of rows), and the recall of each
    # positive group (only with a group column)
    spread: dict[str, Spread] = field(default_factory=dict)
    grouped_by: str = ""
    by_group: AccountRecall | None = None
    # "file:line" of each row left out of every figure: near-identical to a text the model
    # learnt (its training side), so no test of it
    learnt_rows: tuple[str, ...] = ()

    def as_json(self) -> dict[str, object]:
        return {
            "model": self.model,
            "version": self.version,
            "mode": self.mode,
            "threshold": round(self.threshold, 4),
            "positive": self.positive,
            "rows": self.rows,
            "counts": self.counts,
            "overall": self.overall.as_json(),
            "per_label": {key: value.as_json() for key, value in self.per_label.items()},
            "per_family": {key: value.as_json() for key, value in self.per_family.items()},
            "per_language": {key: value.as_json() for key, value in self.per_language.items()},
            "label_flag_rates": {
                key: value.as_json() for key, value in self.label_flag_rates.items()
            },
            "family_flag_rates": {
                key: value.as_json() for key, value in self.family_flag_rates.items()
            },
            "operating_points": self.operating_points,
            "false_positives": self.false_positives,
            "missed": self.missed,
            "longer_than_learnt": self.longer_than_learnt,
            "learnt_longest": self.learnt_longest,
            "semantic_share": round(self.semantic_share, 4),
            "rejected": [item.as_json() for item in self.rejected],
            "per_caveat": {key: value.as_json() for key, value in self.per_caveat.items()},
            "spread": {key: value.as_json() for key, value in self.spread.items()},
            "grouped_by": self.grouped_by,
            "by_group": None if self.by_group is None else self.by_group.as_json(),
            "learnt_rows": list(self.learnt_rows),
        }


def evaluate_table(
    model: ContentModel,
    examples: Sequence[Example],
    *,
    positive: str = "propaganda",
    families: Sequence[str] | None = None,
    rejected: Sequence[Reject] = (),
    languages: LanguageIdentifier | None = None,
    grouped_by: str = "",
) -> ExternalEvaluation:
    """Score ``examples`` (labelled rows of a table) with ``model`` and compute every figure.

    ``positive`` is the label that counts as propaganda (every other label is a negative);
    ``families`` (one per example) group the rows by an optional column. The intervals
    resample each example's ``group``: ``grouped_by`` names the column it was read from (empty:
    blocks of rows). Raises ValueError when there is nothing to score.
    """
    if not examples:
        raise ValueError(
            "no labelled rows to evaluate (every row was rejected or the table is empty)"
        )
    if families is not None and len(families) != len(examples):
        raise ValueError(f"{len(families)} families for {len(examples)} rows")
    cleaned = [classifier_text(e.text) for e in examples]  # once: learnt, scores, caveats
    # A row the model learnt (a near-identical text on its training side) is no test of it:
    # left out of every figure, and named.
    seen = model.was_learnt(cleaned, cleaned=True)
    learnt_rows: tuple[str, ...] = ()
    if seen is not None and seen.any():
        kept = (~seen).tolist()
        learnt_rows = tuple(e.source for e, keep in zip(examples, kept, strict=True) if not keep)
        examples = [e for e, keep in zip(examples, kept, strict=True) if keep]
        cleaned = [text for text, keep in zip(cleaned, kept, strict=True) if keep]
        if families is not None:
            families = [f for f, keep in zip(families, kept, strict=True) if keep]
        if not examples:
            raise ValueError(
                f"every one of the {len(learnt_rows):,} rows is near-identical to a text the "
                f"model {model.version} learnt: no row is a test of it"
            )
    texts = [example.text for example in examples]
    scores, stages = model.scores_cleaned(cleaned)
    threshold = model.threshold
    labels = np.array([example.label for example in examples])
    is_positive = labels == positive
    flagged = scores >= threshold

    def against(negative: npt.NDArray[np.bool_]) -> Binary:
        chosen = is_positive | negative
        return binary_metrics(scores[chosen], is_positive[chosen], threshold)

    others = sorted(set(labels.tolist()) - {positive})
    per_label = {name: against(labels == name) for name in others}
    family_of = np.array(list(families) if families is not None else [""] * len(examples))
    family_names = sorted(set(family_of.tolist()) - {""}) if families is not None else []
    per_family = {
        name: against((family_of == name) & ~is_positive)
        for name in family_names
        if ((family_of == name) & ~is_positive).any()
    }
    langs = np.array(example_languages(examples, languages))
    per_language = {
        lang: binary_metrics(scores[langs == lang], is_positive[langs == lang], threshold)
        for lang, _ in Counter(langs.tolist()).most_common()
    }
    order = np.argsort(-scores, kind="stable")
    sources = [examples[index].source for index in order.tolist()]
    false_positives = [
        source
        for source, index in zip(sources, order.tolist(), strict=True)
        if flagged[index] and not is_positive[index]
    ]
    missed = [
        source
        for source, index in zip(reversed(sources), reversed(order.tolist()), strict=True)
        if is_positive[index] and not flagged[index]
    ]
    learnt = model.learnt_lengths()
    longest = learnt[1] if learnt is not None else None
    longer = sum(1 for text in cleaned if len(text) > longest) if longest is not None else 0
    points = [
        {
            "threshold": point,
            "recall": _rate(scores[is_positive] >= point),
            "false_positive_rate": _rate(scores[~is_positive] >= point),
        }
        for point in OPERATING_THRESHOLDS
    ]
    groups = np.array([example.group for example in examples], dtype=str)
    # a negative's stratum: its family where the table has a family column, else its label
    strata = family_of if families is not None else labels

    def spread(negative: npt.NDArray[np.bool_]) -> Spread:
        chosen = is_positive | negative
        return grouped_spread(
            scores[chosen], is_positive[chosen], strata[chosen], groups[chosen], threshold
        )

    spreads: dict[str, Spread] = {}
    if is_positive.any():
        spreads["overall"] = spread(~is_positive)
        spreads |= {f"label:{name}": spread(labels == name) for name in others}
        spreads |= {
            f"family:{name}": spread((family_of == name) & ~is_positive) for name in per_family
        }
    semantic = sum(stage is Stage.SEMANTIC for stage in stages)
    return ExternalEvaluation(
        model=model.name,
        version=model.version,
        mode=model.mode.value,
        threshold=threshold,
        positive=positive,
        rows=len(examples),
        counts=dict(sorted(Counter(labels.tolist()).items())),
        overall=against(~is_positive),
        per_label=per_label,
        per_family=per_family,
        per_language=per_language,
        label_flag_rates={
            name: flag_rate(scores[labels == name], threshold)
            for name in sorted(set(labels.tolist()))
        },
        family_flag_rates={
            name: flag_rate(scores[family_of == name], threshold) for name in family_names
        },
        operating_points=points,
        false_positives=false_positives,
        missed=missed,
        longer_than_learnt=longer,
        learnt_longest=longest,
        semantic_share=semantic / len(texts),
        rejected=tuple(rejected),
        per_caveat=caveat_figures(
            caveat_masks(model.learnt_texts(), cleaned, langs.tolist()),
            scores,
            is_positive,
            ~is_positive,
            threshold,
        ),
        spread=spreads,
        grouped_by=grouped_by,
        by_group=(
            account_recall(flagged[is_positive], groups[is_positive])
            if grouped_by and is_positive.any()
            else None
        ),
        learnt_rows=learnt_rows,
    )


def _rate(hits: npt.NDArray[np.bool_]) -> float | None:
    return round(float(hits.mean()), 5) if hits.size else None
