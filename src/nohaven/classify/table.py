"""Training on a team's own labelled table (``nohaven train --csv``).

Any CSV/TSV with a text column and a label column (for example propaganda /
counter-messaging / other); an optional group column (the account) keeps each group on one side
of the split, an optional time column makes the split forward in time, each label cut at its own
time. The labels become a :class:`~nohaven.classify.labels.LabelSet` enum; the fast model is
trained (multinomial for more than two labels, calibrated for two, its threshold 0.5 or set for
a false-positive target out of fold) and evaluated on the held-out groups, per label, with 95%
intervals resampling them. Every report also says how often the model gives the positive label
to texts no table holds, none of them propaganda: nohaven's own held-out written texts and,
where Debian's WordNet and fortune files are installed, held-out ordinary English; their
training halves can be learnt as one of the table's labels.
"""

from __future__ import annotations

import functools
import hashlib
import random
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

import numpy as np
import numpy.typing as npt
from sklearn.metrics import roc_auc_score

from nohaven.classify.cascade import ContentModel, Mode
from nohaven.classify.caveats import positive_languages
from nohaven.classify.corpus import (
    Example,
    english_fortunes,
    example_languages,
    identity_examples,
    wordnet_examples,
    written_everyday,
    written_negatives,
    written_religious,
)
from nohaven.classify.intervals import Interval, grouped_spread, label_spread
from nohaven.classify.labels import LabelSet, label_set, labels_of
from nohaven.classify.ngram import NgramClassifier
from nohaven.classify.split import check_leakage, skeleton_hashes, split_examples
from nohaven.classify.training import positive_lengths, weights_version
from nohaven.ingest.base import Reject
from nohaven.ingest.readers import read_csv, read_jsonl
from nohaven.ingest.times import parse_time

__all__ = [
    "ORDINARY_LEARNT",
    "ORDINARY_SETS",
    "WRITTEN_SETS",
    "LabelFigures",
    "TableReport",
    "ordinary_english",
    "ordinary_english_sha256",
    "read_table",
    "table_sha256",
    "train_table",
    "written_sets",
]

_BLOCK = 50


@dataclass(frozen=True, slots=True)
class LabelFigures:
    label: str
    support: int
    precision: float | None
    recall: float | None
    f1: float | None
    precision_interval: Interval | None = None
    recall_interval: Interval | None = None


@dataclass(frozen=True, slots=True)
class TableReport:
    labels: tuple[str, ...]
    training_rows: int
    test_rows: int
    accuracy: float | None
    per_label: tuple[LabelFigures, ...]
    rejected: tuple[Reject, ...]
    positive: str = ""
    #: ROC-AUC of the positive label's score against every other label's rows
    roc_auc: float | None = None
    roc_auc_interval: Interval | None = None
    accuracy_interval: Interval | None = None
    #: held-out groups resampled for the intervals, and the column they come from (empty:
    #: blocks of rows, which say less: rows of one account may fall in different blocks)
    test_groups: int = 0
    grouped_by: str = ""
    #: rows the split left out, by reason (a held-out account's rows before its label's time
    #: cutoff, a training account's rows after it, held-out copies of training texts)
    dropped: dict[str, int] = field(default_factory=dict)
    #: each label's time cutoff (ISO 8601): trained on rows before it, tested on rows from it
    cutoffs: dict[str, str] = field(default_factory=dict)
    #: the threshold on the positive label's score, the false-positive target that set it
    #: (None: 0.5 as calibrated) and the share of the training negatives flagged there, out
    #: of fold
    threshold: float = 0.5
    max_false_positive_rate: float | None = None
    training_false_positive_rate: float | None = None
    #: held out: the share of the rows of other labels given the positive label
    false_positive_rate: float | None = None
    #: nohaven's written negatives learnt (0: none), and per family of their held-out halves
    #: (and of held-out ordinary English, where installed) the texts and how many got the
    #: positive label
    written_negatives: int = 0
    written_flagged: dict[str, dict[str, int]] = field(default_factory=dict)
    #: ordinary English texts learnt (0: none; see :func:`ordinary_english`), and the SHA-256
    #: of every ordinary English text read (None: not installed): which Debian data it was
    ordinary_english: int = 0
    ordinary_english_sha256: str | None = None
    #: per identified language of the held-out rows: rows, positives, the positive label's
    #: recall and the other labels' share given it, with their intervals
    per_language: dict[str, dict[str, object]] = field(default_factory=dict)

    def as_json(self) -> dict[str, object]:
        return {
            "labels": list(self.labels),
            "positive": self.positive,
            "training_rows": self.training_rows,
            "test_rows": self.test_rows,
            "test_groups": self.test_groups,
            "grouped_by": self.grouped_by,
            "dropped": dict(self.dropped),
            "cutoffs": dict(self.cutoffs),
            "threshold": round(self.threshold, 6),
            "max_false_positive_rate": self.max_false_positive_rate,
            "training_false_positive_rate": _round(self.training_false_positive_rate),
            "false_positive_rate": _round(self.false_positive_rate),
            "written_negatives": self.written_negatives,
            "ordinary_english": self.ordinary_english,
            "ordinary_english_sha256": self.ordinary_english_sha256,
            "written_flagged": {key: dict(value) for key, value in self.written_flagged.items()},
            "per_language": {key: dict(value) for key, value in self.per_language.items()},
            "accuracy": None if self.accuracy is None else round(self.accuracy, 4),
            "accuracy_interval": _span(self.accuracy_interval),
            "roc_auc": _round(self.roc_auc),
            "roc_auc_interval": _span(self.roc_auc_interval),
            "per_label": [
                {
                    "label": item.label,
                    "support": item.support,
                    "precision": _round(item.precision),
                    "precision_interval": _span(item.precision_interval),
                    "recall": _round(item.recall),
                    "recall_interval": _span(item.recall_interval),
                    "f1": _round(item.f1),
                }
                for item in self.per_label
            ],
            "rejected": [reject.as_json() for reject in self.rejected],
        }


_JSON_LINES = (".jsonl", ".jsonl.gz", ".ndjson", ".ndjson.gz")


def _cell(value: object) -> str | None:
    """A table value as text: "" for none, a number or a truth value as written, None for
    anything else (a list, an object: not a cell)."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, bool | int | float):
        return str(value).lower() if isinstance(value, bool) else str(value)
    return None


def _span(interval: Interval | None) -> list[float] | None:
    return None if interval is None else [round(interval.low, 4), round(interval.high, 4)]


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 4)


def table_sha256(path: Path) -> str:
    """The SHA-256 of a table file (read in blocks): what a card or report names it by."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def read_table(
    path: Path,
    *,
    text_column: str = "text",
    label_column: str = "label",
    group_column: str | None = None,
    time_column: str | None = None,
    family_column: str | None = None,
) -> tuple[list[Example], list[Reject]]:
    """Labelled examples from ``path`` (CSV/TSV, or JSON lines when its name ends in .jsonl or
    .ndjson, gzipped or not: one object a line, its keys the columns); rows without text or
    label, or with a value that is not text or a number, are rejected with a reason.

    An example's family is ``table:<label>``, or with ``family_column`` that column's value
    (``(empty)`` where it is empty)."""
    examples: list[Example] = []
    rejects: list[Reject] = []
    checked = False
    reader = read_jsonl if path.name.lower().endswith(_JSON_LINES) else read_csv
    for item in reader(path):
        if isinstance(item, Reject):
            rejects.append(item)
            continue
        if not checked:
            checked = True
            wanted = [text_column, label_column, group_column, time_column, family_column]
            missing = [name for name in wanted if name and name not in item.data]
            if missing:
                found = ", ".join(str(key) for key in item.data)
                raise ValueError(f"{path}: no column {missing[0]!r} (columns: {found})")
        wrong = [
            name
            for name in (text_column, label_column, group_column, family_column)
            if name and _cell(item.data.get(name)) is None
        ]
        if wrong:
            kind = type(item.data.get(wrong[0])).__name__
            rejects.append(
                Reject(str(path), item.line, f"column {wrong[0]!r} holds a {kind}, not text")
            )
            continue
        text = (_cell(item.data.get(text_column)) or "").strip()
        label = (_cell(item.data.get(label_column)) or "").strip()
        if not text or not label:
            empty = text_column if not text else label_column
            rejects.append(
                Reject(str(path), item.line, f"column {empty!r} is empty", excerpt=text[:200])
            )
            continue
        group = (_cell(item.data.get(group_column)) or "") if group_column else ""
        when = None
        stamp = item.data.get(time_column) if time_column else None
        # An empty time is no time: the row is split by its group alone, as an undated
        # source (scripture, quotations) is in the shipped corpus.
        if stamp is not None and not (isinstance(stamp, str) and not stamp.strip()):
            try:
                when = parse_time(stamp)
            except ValueError as error:
                rejects.append(Reject(str(path), item.line, f"column {time_column!r}: {error}"))
                continue
        family = (
            (_cell(item.data.get(family_column)) or "").strip() or "(empty)"
            if family_column
            else f"table:{label}"
        )
        examples.append(
            Example(
                text,
                label,
                family,
                group or f"rows:{item.line // _BLOCK}",
                f"{path.name}:{item.line}",
                when,
            )
        )
    return examples, rejects


def train_table(
    examples: Sequence[Example],
    *,
    name: str,
    positive: str | None = None,
    test_share: float = 0.3,
    c: float = 4.0,
    rejected: Sequence[Reject] = (),
    passage_chars: int = 0,
    grouped_by: str = "",
    max_false_positive_rate: float | None = None,
    written_negatives_as: str | None = None,
    ordinary_english_as: str | None = None,
) -> tuple[ContentModel, TableReport, type[LabelSet]]:
    """Train the fast model on ``examples`` and evaluate it on held-out groups; with
    ``passage_chars`` (two labels) a longer text is learnt and scored by its passages (see
    :class:`~nohaven.classify.ngram.NgramClassifier`). The report's 95% intervals resample the
    held-out groups; ``grouped_by`` names the column they were read from (empty: blocks of
    rows, :func:`read_table`).

    The threshold is 0.5, or with ``max_false_positive_rate`` (two labels) the lowest score at
    which at most that share of the training negatives, scored out of fold (folded by group,
    as the calibration is), is flagged: the shipped model's rule, for one family.

    With ``written_negatives_as`` (a label of the table other than the positive one), the
    training side also learns nohaven's written negatives (:data:`WRITTEN_SETS`, their training
    halves) as that label, and with ``ordinary_english_as`` :data:`ORDINARY_LEARNT` texts of
    ordinary English (:func:`ordinary_english`). Every report gives the share of their held-out
    halves, which no model learns, given the positive label: a check of harm on texts the team
    never labelled."""
    labels = label_set(example.label for example in examples)
    values = list(labels_of(labels))
    chosen = (
        positive
        if positive is not None
        else ("propaganda" if "propaganda" in values else values[-1])
    )
    if chosen not in values:
        raise ValueError(f"positive label {chosen!r} is not among the labels {values}")
    # One family for all rows: the held-out groups are drawn from all labels at once, so an
    # account with rows of several labels is on one side. The time cutoff is each label's
    # own: labels gathered over different years (propaganda of 2015, counter-messaging of
    # 2020) would otherwise leave a label with no row on one side.
    pooled = [
        Example(e.text, e.label, "table", e.group, e.source, e.time, e.lang) for e in examples
    ]
    split = split_examples(pooled, test_share=test_share, time_quantile=0.6, clock=_label)
    check_leakage(split.train, split.test)
    written = ordinary = 0
    if written_negatives_as is not None:
        _check_negative_label(written_negatives_as, chosen, values, "the written negatives need")
        extra = _as_label(written_sets("train"), written_negatives_as)
        written = len(extra)
        split = replace(split, train=[*split.train, *extra])
    if ordinary_english_as is not None:
        _check_negative_label(ordinary_english_as, chosen, values, "ordinary English needs")
        extra = _as_label(ordinary_english("train"), ordinary_english_as)
        if not extra:
            raise ValueError(
                "no ordinary English to learn: install Debian's wordnet-base, fortunes and "
                "fortunes-min (scripts/sysdeps.sh does)"
            )
        ordinary = len(extra)
        split = replace(split, train=[*split.train, *extra])
    if len({e.label for e in split.train}) < 2:
        raise ValueError("the training split holds fewer than two labels; add more data")
    binary = len(values) == 2
    if max_false_positive_rate is not None:
        if not binary:
            raise ValueError("a false-positive target (--max-fpr) needs exactly two labels")
        if not 0.0 <= max_false_positive_rate < 1.0:
            raise ValueError(
                f"the false-positive target must be from 0 to below 1, not "
                f"{max_false_positive_rate}"
            )
    fast = NgramClassifier(c=c, positive=chosen, passage_chars=passage_chars).fit(
        [e.text for e in split.train],
        [e.label for e in split.train],
        groups=[e.group for e in split.train] if binary else None,
    )
    others = [value for value in values if value != chosen]
    threshold, training_rate = 0.5, None
    if max_false_positive_rate is not None:
        threshold, training_rate = _threshold_for(
            fast, chosen, [e.label for e in split.train], max_false_positive_rate
        )
    learnt = [e for e in split.train if e.label == chosen]
    model = ContentModel(
        name=name,
        version=name,  # replaced below by the digest of the weights
        fast=fast,
        positive=chosen,
        negative=others[0] if binary else None,
        threshold=threshold,
        mode=Mode.FAST,
        info={
            "positive_lengths": positive_lengths([e.text for e in learnt]),
            "positive_languages": positive_languages(example_languages(learnt)),
            # its calibration learnt on the training texts unweighted
            "calibration_prior": round(len(learnt) / len(split.train), 6),
        },
    )
    # a retrained model gets another version, so stored scores of the two never mix
    model.version = weights_version(model, name)
    model.learnt_skeletons = skeleton_hashes(e.text for e in split.train)
    report = _report(model, split.test, values, len(split.train), rejected, grouped_by)
    cutoffs = {label: when.isoformat() for label, when in sorted(split.cutoffs.items())}
    report = replace(
        report,
        written_negatives=written,
        written_flagged=_written_flagged(model),
        ordinary_english=ordinary,
        ordinary_english_sha256=ordinary_english_sha256(),
        dropped=dict(split.dropped),
        cutoffs=cutoffs,
        threshold=threshold,
        max_false_positive_rate=max_false_positive_rate,
        training_false_positive_rate=training_rate,
    )
    return model, report, labels


#: nohaven's own written texts, none of them propaganda, shipped in the package: news,
#: counter-messaging, condemnations and support services (``written``), everyday religious
#: phrases (``religious``), sentences naming a faith or a people (``identity``) and, held out
#: only, everyday short posts (``everyday``).
WRITTEN_SETS = ("written", "religious", "identity", "everyday")


def written_sets(which: str) -> list[Example]:
    """The :data:`WRITTEN_SETS` examples of one half (``which``: "train" or "eval"); the
    everyday posts only in the held-out half (learnt, they cost the shipped model its recall)."""
    examples = [*written_negatives(which), *written_religious(which), *identity_examples(which)]
    return [*examples, *written_everyday(which)] if which == "eval" else examples


#: The ordinary English of Debian's packages that the shipped model learns and is judged on:
#: WordNet's usage examples and the fortune files (sayings, quotations, jokes).
ORDINARY_SETS = ("english-wordnet", "english-fortunes")

#: How many ordinary English texts ``--ordinary-english`` teaches: a sample of the training
#: halves (about 35,000 texts), so they do not outweigh a team's own rows.
ORDINARY_LEARNT = 2_000


def ordinary_english(which: str) -> list[Example]:
    """Ordinary English of :data:`ORDINARY_SETS`, split as the shipped model's split makes it
    (WordNet by part of speech and block of lines, the fortune files by topic file):
    ``which`` "eval" the held-out half, "train" :data:`ORDINARY_LEARNT` texts of the training
    half (a fixed sample). Empty where Debian's files are not installed."""
    train, test = _ordinary_halves()
    if which == "eval":
        return list(test)
    return random.Random(20261205).sample(list(train), min(ORDINARY_LEARNT, len(train)))


@functools.cache
def ordinary_english_sha256() -> str | None:
    """The SHA-256 of the ordinary English texts read (both halves, in order, one a line), or
    None where Debian's files are not installed: a card names the data it checked and taught
    by it, as another Debian release's files would give other texts."""
    train, test = _ordinary_halves()
    if not train and not test:
        return None
    digest = hashlib.sha256()
    for example in (*train, *test):
        digest.update(example.text.encode("utf-8", "surrogatepass") + b"\n")
    return digest.hexdigest()


@functools.cache
def _ordinary_halves() -> tuple[tuple[Example, ...], tuple[Example, ...]]:
    try:
        examples = [*wordnet_examples(), *english_fortunes()]
    except FileNotFoundError:
        return (), ()
    split = split_examples(examples)
    return tuple(split.train), tuple(split.test)


def _check_negative_label(label: str, positive: str, values: Sequence[str], what: str) -> None:
    if label not in values or label == positive:
        raise ValueError(
            f"{what} a label of the table other than {positive!r}, one of "
            f"{[value for value in values if value != positive]}, not {label!r}"
        )


def _as_label(examples: Sequence[Example], label: str) -> list[Example]:
    return [Example(e.text, label, "table", f"nohaven:{e.group}", e.source) for e in examples]


def _written_flagged(model: ContentModel) -> dict[str, dict[str, int]]:
    """Per family of the held-out written sets and ordinary English: texts, and how many get
    the positive label."""
    examples = [*written_sets("eval"), *ordinary_english("eval")]
    said = [prediction.label for prediction in model.predict([e.text for e in examples], explain=0)]
    out: dict[str, dict[str, int]] = {}
    for example, label in zip(examples, said, strict=True):
        counts = out.setdefault(example.family, {"texts": 0, "flagged": 0})
        counts["texts"] += 1
        counts["flagged"] += int(label == model.positive)
    return out


def _threshold_for(
    fast: NgramClassifier, positive: str, labels: Sequence[str], rate: float
) -> tuple[float, float]:
    """The lowest threshold at which at most ``rate`` of the negatives among ``labels`` (the
    training texts) are flagged by their out-of-fold scores, and the share flagged there."""
    decisions = getattr(fast, "oof_decision_", None)
    if fast.calibration_ is None or decisions is None:
        raise ValueError("a false-positive target needs a model calibrated out of fold")
    scores = fast.calibration_(decisions)
    if fast.classes_[1] != positive:
        scores = 1.0 - scores
    negatives = np.sort(scores[np.asarray(labels) != positive])[::-1]
    if not len(negatives):
        raise ValueError("a false-positive target needs negatives in the training split")
    allowed = int(np.floor(rate * len(negatives) + 1e-9))
    if allowed >= len(negatives):
        threshold = float(negatives[-1])
    else:
        # above the first negative that must not be flagged (ties stay unflagged with it)
        threshold = float(np.nextafter(negatives[allowed], 1.0))
    threshold = min(max(threshold, 1e-6), 1.0 - 1e-6)
    return threshold, float((negatives >= threshold).mean())


def _label(example: Example) -> str:
    return example.label


def _report(
    model: ContentModel,
    test: Sequence[Example],
    values: Sequence[str],
    training_rows: int,
    rejected: Sequence[Reject],
    grouped_by: str,
) -> TableReport:
    if not test:
        return TableReport(
            tuple(values),
            training_rows,
            0,
            None,
            (),
            tuple(rejected),
            positive=model.positive,
            grouped_by=grouped_by,
        )
    predictions = model.predict([e.text for e in test], explain=0)
    predicted = [prediction.label for prediction in predictions]
    truth = [e.label for e in test]
    groups = [e.group for e in test]
    spread = label_spread(predicted, truth, groups, values)
    hits = Counter(p for p, t in zip(predicted, truth, strict=True) if p == t)
    said = Counter(predicted)
    support = Counter(truth)
    figures = []
    for value in values:
        precision = hits[value] / said[value] if said[value] else None
        recall = hits[value] / support[value] if support[value] else None
        f1 = (
            2 * precision * recall / (precision + recall)
            if precision is not None and recall is not None and precision + recall
            else None
        )
        figures.append(
            LabelFigures(
                value,
                support[value],
                precision,
                recall,
                f1,
                precision_interval=spread.precision[value],
                recall_interval=spread.recall[value],
            )
        )
    accuracy = float(np.mean([p == t for p, t in zip(predicted, truth, strict=True)]))
    scores = np.asarray([prediction.score for prediction in predictions], dtype=np.float64)
    is_positive = np.asarray([label == model.positive for label in truth])
    said_positive = np.asarray([label == model.positive for label in predicted])
    false_positive_rate = (
        float(said_positive[~is_positive].mean()) if (~is_positive).any() else None
    )
    roc_auc = roc_auc_interval = None
    if is_positive.any() and (~is_positive).any():
        roc_auc = float(roc_auc_score(is_positive, scores))
        # the other labels are the negative families, each resampled apart
        roc_auc_interval = grouped_spread(
            scores, is_positive, truth, groups, model.threshold
        ).roc_auc
    return TableReport(
        tuple(values),
        training_rows,
        len(test),
        accuracy,
        tuple(figures),
        tuple(rejected),
        positive=model.positive,
        roc_auc=roc_auc,
        roc_auc_interval=roc_auc_interval,
        accuracy_interval=spread.accuracy,
        test_groups=spread.groups,
        grouped_by=grouped_by,
        false_positive_rate=false_positive_rate,
        per_language=_per_language(test, said_positive, is_positive, truth, groups),
    )


#: Languages with fewer held-out rows than this are reported together as :data:`_OTHER_LANGUAGES`.
_FEW_ROWS = 20
_OTHER_LANGUAGES = "(others)"


def _per_language(
    test: Sequence[Example],
    said_positive: npt.NDArray[np.bool_],
    is_positive: npt.NDArray[np.bool_],
    truth: Sequence[str],
    groups: Sequence[str],
) -> dict[str, dict[str, object]]:
    """The positive label's recall and the other labels' share given it, in each identified
    language of the held-out rows (most rows first), with 95% intervals resampling the groups."""
    langs = np.array(example_languages(test))
    # languages of few held-out rows (often identified from a short text) say nothing alone
    counts = Counter(langs.tolist())
    langs = np.array([lang if counts[lang] >= _FEW_ROWS else _OTHER_LANGUAGES for lang in langs])
    decided = said_positive.astype(np.float64)
    out: dict[str, dict[str, object]] = {}
    for lang, rows in Counter(langs.tolist()).most_common():
        inside = langs == lang
        positives = int(is_positive[inside].sum())
        spread = grouped_spread(
            decided[inside],
            is_positive[inside],
            np.asarray(truth)[inside],
            np.asarray(groups)[inside],
            0.5,
        )
        others = inside & ~is_positive
        out[lang] = {
            "rows": rows,
            "positives": positives,
            "recall": _round(float(said_positive[inside & is_positive].mean()))
            if positives
            else None,
            "recall_interval": _span(spread.recall),
            "false_positive_rate": _round(float(said_positive[others].mean()))
            if others.any()
            else None,
            "false_positive_rate_interval": _span(spread.false_positive_rate),
        }
    return out
