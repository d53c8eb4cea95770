"""Applying a content model: the scan pipeline's classification stage and ``nohaven classify``.

``classify_file`` reads any ingest format, or a plain CSV/TSV with a text column, and writes one
row per input record, in input order: the record's id, its language, the score, the label, the
explanation and which model decided; a record that cannot be read gets a row with the reason in
``error`` (and is kept in the rejects file like any ingest reject).
"""

from __future__ import annotations

import csv
import gzip
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, cast

import orjson

from nohaven.cells import safe_cell
from nohaven.classify.cascade import ContentModel, Mode, Prediction
from nohaven.classify.caveats import Caveat
from nohaven.classify.features import classifier_text
from nohaven.classify.ngram import ExplainBy
from nohaven.ingest.base import Format, FormatOptions, Reject, SourceRecord
from nohaven.ingest.readers import read_csv
from nohaven.ingest.registry import FormatRegistry, UnknownFormatError
from nohaven.model import PostScore
from nohaven.pipeline import Batch, Stage, own_posts
from nohaven.text import LanguageIdentifier

__all__ = [
    "OUTPUT_COLUMNS",
    "ClassifiedRow",
    "ClassifyReport",
    "classification_stage",
    "classify_file",
    "explanation_text",
]

OUTPUT_COLUMNS = (
    "line",
    "id",
    "lang",
    "score",
    "label",
    "stage",
    "explanation",
    "caveats",
    "learnt",
    "error",
    "model",
    "threshold",
    "prevalence",
)
#: Where a CSV row holds a list (of strings), joined by "; ".
_LIST_CELLS = (OUTPUT_COLUMNS.index("explanation"), OUTPUT_COLUMNS.index("caveats"))
_BATCH = 2_000
_EXPLAIN = 5


def explanation_text(prediction: Prediction) -> tuple[str, ...]:
    return tuple(str(item) for item in prediction.explanation)


@dataclass(frozen=True, slots=True)
class _ClassificationStage:
    model: ContentModel
    explain_all: bool = False
    name: str = "classify"

    def __call__(self, batch: Batch) -> Batch:
        posts = batch.posts
        if not posts:
            return batch
        cleaned = [classifier_text(post.text) for post in posts]
        learnt = self.model.learnt_lengths()
        if learnt is not None:
            batch.longer_than_learnt += sum(1 for text in cleaned if len(text) > learnt[1])
        # the text stage identified each post's language before this one
        caveats = self.model.learnt_texts().caveats_many(cleaned, [post.language for post in posts])
        scores, _ = self.model.scores_cleaned(cleaned)
        labels = [self.model.label_for(value) for value in scores.tolist()]
        # Explanations cost more than scores: made for flagged posts, which analysts read.
        explained = [
            index
            for index, label in enumerate(labels)
            if self.explain_all or label == self.model.positive
        ]
        reasons: dict[int, tuple[str, ...]] = {}
        if explained:
            found = self.model.fast.explain_many([cleaned[i] for i in explained], _EXPLAIN)
            reasons = {
                index: tuple(str(item) for item in items)
                for index, items in zip(explained, found, strict=True)
            }
        out = []
        for index, (post, value) in enumerate(zip(posts, scores.tolist(), strict=True)):
            out.append(
                PostScore(
                    post.platform,
                    post.id,
                    self.model.name,
                    self.model.scoring_version,
                    value,
                    labels[index],
                    reasons.get(index, ()),
                    caveats=tuple(str(kind) for kind in caveats[index]),
                )
            )
        batch.scores = [*batch.scores, *out]
        return batch


def classification_stage(model: ContentModel, *, explain_all: bool = False) -> Stage:
    """Score every post of a batch; flagged posts (or all) get an explanation, and every post
    its caveats (from the language the text stage identified)."""
    return _ClassificationStage(model, explain_all)


@dataclass(frozen=True, slots=True)
class ClassifiedRow:
    line: int
    id: str
    lang: str | None
    prediction: Prediction | None
    error: str | None = None
    #: whether the model learnt this text or a near-identical one (None: it does not say)
    learnt: bool | None = None

    def as_json(self) -> dict[str, object]:
        prediction = self.prediction
        return {
            "line": self.line,
            "id": self.id,
            "lang": self.lang,
            "score": None if prediction is None else round(prediction.score, 6),
            "label": None if prediction is None else prediction.label,
            "stage": None if prediction is None else prediction.stage.value,
            "explanation": [] if prediction is None else list(explanation_text(prediction)),
            "caveats": [] if prediction is None else [str(item) for item in prediction.caveats],
            "learnt": self.learnt,
            "error": self.error,
        }


@dataclass(frozen=True, slots=True)
class ClassifyReport:
    """What ``classify_file`` did. ``longer_than_learnt`` counts the texts longer, once
    cleaned, than any positive the model was trained on (``learnt_lengths``, see
    :meth:`ContentModel.learnt_lengths`; None when the model does not say): their scores are
    outside what it learnt, and the shipped model hardly ever flags them. ``caveats`` counts the
    rows of each caveat (:mod:`nohaven.classify.caveats`), every kind named. ``threshold`` is
    the score the labels were given at (None for a model of more than two labels), on the
    scale of the scores written: at ``prevalence`` when the scores were read at one
    (:meth:`ContentModel.at_prevalence`), else as calibrated."""

    input: str
    output: str
    format: str
    rows: int
    flagged: int
    errors: int
    model: str
    model_version: str
    longer_than_learnt: int = 0
    learnt_lengths: tuple[int, int] | None = None
    threshold: float | None = None
    caveats: dict[str, int] = field(default_factory=dict)
    prevalence: float | None = None
    #: rows whose text (or a near-identical one) the model learnt; None: it does not say
    learnt: int | None = None
    #: the mode the model scored in, and in cascade mode the band of fast scores it sent to
    #: the semantic model (None in fast mode)
    mode: str = ""
    band: tuple[float, float] | None = None

    def as_json(self) -> dict[str, object]:
        return {
            "input": self.input,
            "output": self.output,
            "format": self.format,
            "rows": self.rows,
            "flagged": self.flagged,
            "errors": self.errors,
            "model": self.model,
            "model_version": self.model_version,
            "longer_than_learnt": self.longer_than_learnt,
            "learnt_lengths": None if self.learnt_lengths is None else list(self.learnt_lengths),
            "threshold": self.threshold,
            "caveats": dict(self.caveats),
            "prevalence": self.prevalence,
            "learnt": self.learnt,
            "mode": self.mode,
            "band": None if self.band is None else list(self.band),
        }


@dataclass(frozen=True, slots=True)
class _Item:
    line: int
    id: str
    text: str | None
    error: str | None = None


def _text_items(path: Path, text_column: str, id_column: str | None) -> Iterator[_Item]:
    first = True
    for item in read_csv(path):
        if isinstance(item, Reject):
            yield _Item(item.line, "", None, item.reason)
            continue
        if first:
            first = False
            missing = [c for c in (text_column, id_column) if c and c not in item.data]
            if missing:
                columns = ", ".join(str(key) for key in item.data)
                raise ValueError(
                    f"{path}: no column {missing[0]!r} in the header (columns: {columns})"
                )
        record_id = str(item.data.get(id_column) or "") if id_column else str(item.line)
        text = item.data.get(text_column)
        if not isinstance(text, str) or not text.strip():
            yield _Item(item.line, record_id, None, f"column {text_column!r} is empty")
        else:
            yield _Item(item.line, record_id, text)


def classify_file(
    path: Path,
    output: Path,
    model: ContentModel,
    registry: FormatRegistry,
    *,
    format_name: str | None = None,
    text_column: str | None = None,
    id_column: str | None = None,
    options: FormatOptions | None = None,
    languages: LanguageIdentifier | None = None,
    explain_by: ExplainBy = ExplainBy.WORD,
) -> ClassifyReport:
    """Classify every record of ``path`` into ``output`` (``.csv`` or ``.jsonl``); each row's
    explanation names words, or n-grams (``explain_by``)."""
    options = options or FormatOptions()
    suffix = output.name.lower().removesuffix(".gz").rsplit(".", 1)[-1]
    if suffix not in ("csv", "jsonl"):
        raise ValueError(f"{output}: the output must end in .csv or .jsonl")
    if text_column is not None:
        items = _text_items(path, text_column, id_column)
        chosen = "text-column"
    else:
        fmt = registry.get(format_name) if format_name else _detected(path, registry, options)
        items = _numbered_items(path, fmt, options)
        chosen = fmt.name
    identifier = languages or LanguageIdentifier()
    learnt = model.learnt_lengths()
    rows = flagged = errors = longer = 0
    known: int | None = None if model.learnt_skeletons is None else 0
    caveats = dict.fromkeys((str(kind) for kind in Caveat), 0)
    with _open_output(output) as handle:
        writer = _Writer(handle, suffix, model)
        for chunk in _chunks(items, _BATCH):
            texts = [item.text for item in chunk if item.text is not None]
            cleaned = [classifier_text(text) for text in texts]
            if learnt is not None:
                longer += sum(1 for text in cleaned if len(text) > learnt[1])
            langs = [found.lang for found in identifier.detect_many(texts)]
            predictions = iter(
                model.predict_cleaned(cleaned, explain=_EXPLAIN, by=explain_by, languages=langs)
            )
            detected = iter(langs)
            was = model.was_learnt(cleaned, cleaned=True)
            seen = iter([None] * len(texts) if was is None else was.tolist())
            if was is not None:
                known = (known or 0) + int(was.sum())
            for item in chunk:
                if item.text is None:
                    row = ClassifiedRow(item.line, item.id, None, None, item.error)
                    errors += 1
                else:
                    prediction = next(predictions)
                    row = ClassifiedRow(
                        item.line, item.id, next(detected), prediction, learnt=next(seen)
                    )
                    flagged += prediction.label == model.positive
                    for kind in prediction.caveats:
                        caveats[str(kind)] += 1
                writer.write(row)
                rows += 1
    return ClassifyReport(
        str(path),
        str(output),
        chosen,
        rows,
        flagged,
        errors,
        model.name,
        model.scoring_version,
        longer,
        learnt,
        model.threshold if len(model.classes_) == 2 else None,
        caveats,
        model.prevalence,
        known,
        model.mode.value if model.cascades else Mode.FAST.value,
        model.band if model.cascades else None,
    )


def _detected(path: Path, registry: FormatRegistry, options: FormatOptions) -> Format:
    """The format that recognises ``path``; where none does and the file is a table, the error
    also says how to read it as one (``--text-column``) and names its columns."""
    try:
        return registry.detect(path, options.mapping)
    except UnknownFormatError as error:
        name = path.name.lower().removesuffix(".gz")
        if not name.endswith((".csv", ".tsv")):
            raise
        first = next(iter(read_csv(path)), None)
        if not isinstance(first, SourceRecord):
            raise
        columns = ", ".join(str(key) for key in first.data)
        raise UnknownFormatError(
            f"{error}; or read it as a plain table: name its text column with --text-column "
            f"(its columns: {columns})"
        ) from None


def _numbered_items(path: Path, fmt: Format, options: FormatOptions) -> Iterator[_Item]:
    """A row for each of a record's own posts (a page of tweets gives one a tweet; a status
    it retweets or quotes is not its own), then one for each of its rejects; a record that
    gives neither (accounts only) is a row naming that."""
    for item in fmt.read(path, options):
        posts, rejects = own_posts(fmt, item, options)
        for post in posts:
            yield _Item(item.line, post.id, post.text)
        for reject in rejects:
            yield _Item(reject.line, "", None, reject.reason)
        if not posts and not rejects:
            yield _Item(item.line, "", None, "the record holds no post")


def _chunks(items: Iterator[_Item], size: int) -> Iterator[list[_Item]]:
    chunk: list[_Item] = []
    for item in items:
        chunk.append(item)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def _open_output(output: Path) -> IO[str]:
    output.parent.mkdir(parents=True, exist_ok=True)
    if output.name.lower().endswith(".gz"):
        return gzip.open(output, "wt", encoding="utf-8", newline="")
    return output.open("w", encoding="utf-8", newline="")


class _Writer:
    """Writes each row with the model version that scored it, the threshold its label applies
    and the prevalence its score is read at (empty: as calibrated): a file of scores that
    travels still says what made them."""

    def __init__(self, handle: IO[str], kind: str, model: ContentModel) -> None:
        self.handle = handle
        self.kind = kind
        self.made_by = {
            "model": model.scoring_version,
            "threshold": model.threshold,
            "prevalence": model.prevalence,
        }
        self.csv = csv.writer(handle) if kind == "csv" else None
        if self.csv is not None:
            self.csv.writerow(OUTPUT_COLUMNS)

    def write(self, row: ClassifiedRow) -> None:
        record = {**row.as_json(), **self.made_by}
        if self.csv is None:
            self.handle.write(orjson.dumps(record).decode("utf-8") + "\n")
            return
        cells = [record[column] for column in OUTPUT_COLUMNS]
        for index in _LIST_CELLS:
            cells[index] = "; ".join(cast("list[str]", cells[index]))
        self.csv.writerow(
            [safe_cell(str(cell).lower() if isinstance(cell, bool) else cell) for cell in cells]
        )
