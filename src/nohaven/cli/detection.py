"""The detection commands: ``nohaven classify``, ``nohaven train`` and ``nohaven evaluate``.

Thin layers over :mod:`nohaven.classify` and :mod:`nohaven.jobs`: they parse options, call one
job and print its figures.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.markup import escape
from rich.table import Table

from nohaven import jobs
from nohaven.cli.common import FormatOption, JsonOption, MapOption, err, out, shown_path
from nohaven.cli.common import fail as _fail
from nohaven.cli.common import print_json as _print_json
from nohaven.cli.common import settings as _settings
from nohaven.cli.common import short_value as _short
from nohaven.config import Settings
from nohaven.ingest.mapping import MappingError, parse_mapping
from nohaven.ingest.registry import UnknownFormatError
from nohaven.shown import percent, ratio, span

if TYPE_CHECKING:
    from nohaven.classify.external import ExternalEvaluation
    from nohaven.ingest.base import Reject

__all__ = [
    "classify_command",
    "evaluate_command",
    "longer_than_learnt",
    "train_command",
]

_shown = shown_path


ModelOption = Annotated[
    str | None,
    typer.Option("--model", help="Content model: 'default' (shipped) or a model folder."),
]
ModeOption = Annotated[
    str | None,
    typer.Option(
        "--mode", help="fast (n-gram model only) or cascade (semantic model for uncertain posts)."
    ),
]


def _table(what: str) -> Any:
    """The ``--csv`` option: a team's own labelled table, and what the command does with it."""
    return typer.Option("--csv", help=f"Your own labelled table (CSV/TSV, or .jsonl). {what}")


TableTextOption = Annotated[str, typer.Option("--text-column", help="With --csv.")]
TableLabelOption = Annotated[str, typer.Option("--label-column", help="With --csv.")]
DataOption = Annotated[
    Path,
    typer.Option("--data", help="The shared data folder with the labelled corpus."),
]


def _band(text: str) -> tuple[float, float]:
    """``--band LOW,HIGH`` as two numbers; a clear error otherwise."""
    parts = text.split(",")
    try:
        if len(parts) != 2:
            raise ValueError
        return float(parts[0]), float(parts[1])
    except ValueError:
        raise ValueError(f"--band takes LOW,HIGH (two numbers from 0 to 1), not {text!r}") from None


def classify_command(
    input_path: Annotated[Path, typer.Argument(help="File to classify.", show_default=False)],
    output: Annotated[
        Path, typer.Option("--output", "-o", help="Where to write: OUT.csv or OUT.jsonl.")
    ],
    format_name: FormatOption = None,
    text_column: Annotated[
        str | None,
        typer.Option("--text-column", help="Read a plain CSV/TSV and classify this column."),
    ] = None,
    id_column: Annotated[
        str | None,
        typer.Option("--id-column", help="With --text-column: the id column (default: line)."),
    ] = None,
    mapping: MapOption = None,
    model: ModelOption = None,
    mode: ModeOption = None,
    explain_by: Annotated[
        str,
        typer.Option(
            "--explain-by",
            help="Name the words (word) or the character n-grams (ngram) behind each score.",
        ),
    ] = "word",
    threshold: Annotated[
        float | None,
        typer.Option(
            "--threshold",
            help="Label at this score instead of the model's threshold (an operating point of "
            "its card's 'Other operating points'; lower finds more and flags more of everything). "
            "Scores are unchanged.",
        ),
    ] = None,
    prevalence: Annotated[
        float | None,
        typer.Option(
            "--prevalence",
            help="Read the scores as probabilities where this share of the posts is "
            "propaganda (0.01: one in a hundred), not the share the model was calibrated at "
            "(half, for the shipped model). Labels are unchanged.",
        ),
    ] = None,
    band: Annotated[
        str | None,
        typer.Option(
            "--band",
            help="With --mode cascade: LOW,HIGH, the fast scores sent to the semantic model "
            "(default: the model's own, in its card); wider is slower and re-scores more posts.",
        ),
    ] = None,
    json_output: JsonOption = False,
) -> None:
    """Score every post of a file: id, lang, score, label, explanation, caveats and the
    model, threshold and prevalence that made them, one row per record, and per tweet of a
    Twitter API v2 page (a status that a post retweets, quotes or references gets no row).

    The score is the calibrated probability of propaganda; the label applies the model's
    threshold (or --threshold); the explanation names the words of the cleaned text (or, with
    --explain-by ngram, the character n-grams) that pushed the score most, with the push in
    log-odds. The caveats say where a score tells less: 'short' and 'long' (shorter or longer
    than any propaganda the model learnt), 'language' (a language it learnt few propaganda
    texts in); a low score under a caveat is weak evidence, and the model card measures each.
    With --prevalence the scores are probabilities at your share of propaganda, not the
    model's training mix.
    Records that cannot be read get a row with the reason in 'error'. Nothing is stored.
    """
    from nohaven.classify import LeakageError, ModelFormatError

    base = _settings()
    settings = Settings(
        db_url=base.db_url,
        max_text_chars=base.max_text_chars,
        model=model or base.model,
        classify_mode=base.classify_mode,
    )
    try:
        parsed = parse_mapping(mapping) if mapping else None
        report = jobs.classify(
            input_path,
            output,
            settings,
            format_name=format_name,
            text_column=text_column,
            id_column=id_column,
            mode=mode,
            mapping=parsed,
            explain_by=explain_by,
            threshold=threshold,
            prevalence=prevalence,
            band=_band(band) if band is not None else None,
        )
    except (MappingError, UnknownFormatError, ModelFormatError, LeakageError) as error:
        _fail(str(error))
    except (OSError, ValueError) as error:
        _fail(str(error))
    if json_output:
        _print_json(report.as_json())
        return
    out.print(
        f"{report.rows:,} rows from {_shown(report.input)} ({report.format}): "
        f"{report.flagged:,} flagged, {report.errors:,} unreadable -> {_shown(report.output)} "
        f"[{report.model_version}"
        + ("" if report.threshold is None else f", threshold {round(report.threshold, 6)}")
        + ("" if report.prevalence is None else f", scores at prevalence {report.prevalence:g}")
        + ("" if report.band is None else f", cascade band {report.band[0]:g}-{report.band[1]:g}")
        + "]",
        markup=False,
    )
    longer = report.longer_than_learnt
    if longer and report.learnt_lengths is not None:
        out.print(
            f"warning: {longer_than_learnt(longer, 'texts', report.learnt_lengths[1])}",
            markup=False,
        )
    if report.learnt:
        out.print(
            f"note: {report.learnt:,} of the texts (or near-identical ones) were on the model's "
            "training side ('learnt' column): their scores are what it was taught, not a "
            "judgement of a text it never saw",
            markup=False,
        )
    counted = {kind: count for kind, count in report.caveats.items() if count}
    if counted:
        out.print(
            "caveats: "
            + ", ".join(f"{count:,} {kind}" for kind, count in counted.items())
            + " (a low score under a caveat is weak evidence; see the 'caveats' column and the "
            "model card)",
            markup=False,
        )


def longer_than_learnt(count: int, what: str, limit: int | None = None) -> str:
    """The warning for ``count`` texts longer than any positive the model learnt from."""
    verb = "is" if count == 1 else "are"
    longest = f" ({limit:,} characters once cleaned)" if limit is not None else ""
    return (
        f"{count:,} of the {what} {verb} longer than any propaganda text the model was trained "
        f"on{longest}: their scores are outside what it learnt (the shipped model hardly ever "
        "flags such posts, whatever they say). Review long posts by their passages, accounts "
        "and known-content matches (see the model card's known limits)."
    )


def train_command(
    out_dir: Annotated[Path, typer.Option("--out", help="Folder for the trained model.")],
    data: DataOption = Path("../shared/data"),
    csv_path: Annotated[Path | None, _table("Train on it instead of the corpus.")] = None,
    text_column: TableTextOption = "text",
    label_column: TableLabelOption = "label",
    group_column: Annotated[
        str | None,
        typer.Option("--group-column", help="With --csv: the account (kept on one side)."),
    ] = None,
    time_column: Annotated[
        str | None, typer.Option("--time-column", help="With --csv: split forward in time.")
    ] = None,
    positive: Annotated[
        str | None,
        typer.Option("--positive", help="With --csv: the label whose probability is the score."),
    ] = None,
    passage_chars: Annotated[
        int,
        typer.Option(
            "--passage-chars",
            help="With --csv and two labels: learn and score a text longer than this by its "
            "passages (0: every text whole).",
        ),
    ] = 0,
    max_fpr: Annotated[
        float | None,
        typer.Option(
            "--max-fpr",
            help="With --csv and two labels: set the threshold where at most this share of the "
            "training negatives is flagged out of fold (0.01: one in a hundred); default 0.5.",
        ),
    ] = None,
    written_negatives: Annotated[
        str | None,
        typer.Option(
            "--written-negatives",
            help="With --csv: also learn nohaven's written news, counter-messaging, support, "
            "everyday religious and identity texts as this label (one of yours, not the "
            "positive).",
        ),
    ] = None,
    ordinary_english: Annotated[
        str | None,
        typer.Option(
            "--ordinary-english",
            help="With --csv: also learn 2,000 texts of ordinary English (WordNet's usage "
            "examples and the fortune files, from Debian) as this label (one of yours, not the "
            "positive).",
        ),
    ] = None,
    name: Annotated[str, typer.Option("--name", help="The model's name.")] = "custom",
    fast_only: Annotated[
        bool, typer.Option("--fast-only", help="Default corpus: skip the semantic model.")
    ] = False,
    json_output: JsonOption = False,
) -> None:
    """Train a content model: the default one from the shared corpus, or yours from a CSV.

    The default model is split by account and time, checked for leakage, calibrated and
    evaluated; its model card is written beside it. A CSV needs a text and a label column (any
    labels, e.g. propaganda / counter-messaging / other).
    """
    from nohaven.classify import LeakageError

    try:
        if csv_path is not None:
            report, table_report = jobs.train_from_table(
                csv_path,
                out_dir,
                name=name,
                text_column=text_column,
                label_column=label_column,
                group_column=group_column,
                time_column=time_column,
                positive=positive,
                passage_chars=passage_chars,
                max_false_positive_rate=max_fpr,
                written_negatives_as=written_negatives,
                ordinary_english_as=ordinary_english,
            )
        else:
            report = jobs.train_default(
                data,
                out_dir,
                semantic=not fast_only,
                progress=lambda message: err.print(message, markup=False),
            )
    except (OSError, ValueError, LeakageError) as error:
        _fail(str(error))
    kept = (
        _keep_rejects(table_report.rejected, csv_path, _settings().rejects_dir)
        if csv_path is not None
        else None
    )
    if json_output:
        _print_json({**report.to_json(), "rejects_file": None if kept is None else str(kept)})
        return
    out.print(f"Model {report.version} written to {out_dir}, with its model card", markup=False)
    _print_figures(report.figures)
    if csv_path is not None:
        from nohaven.classify.table_card import checked_limits

        for limit in checked_limits(table_report):
            err.print(f"warning: {limit}", markup=False)


def evaluate_command(
    data: DataOption = Path("../shared/data"),
    model: ModelOption = None,
    csv_path: Annotated[Path | None, _table("Judge the model on it instead (never seen).")] = None,
    text_column: TableTextOption = "text",
    label_column: TableLabelOption = "label",
    family_column: Annotated[
        str | None,
        typer.Option(
            "--family-column", help="With --csv: figures per value (source, platform, kind)."
        ),
    ] = None,
    group_column: Annotated[
        str | None,
        typer.Option(
            "--group-column",
            help="With --csv: the account; intervals resample its values (else blocks of rows).",
        ),
    ] = None,
    positive: Annotated[
        str,
        typer.Option("--positive", help="With --csv: the label that counts as propaganda."),
    ] = "propaganda",
    report_path: Annotated[
        Path | None,
        typer.Option(
            "--report",
            help="With --csv: also write the figures as a Markdown report to keep and share "
            "(rows named by file and line, never by text).",
        ),
    ] = None,
    mode: ModeOption = None,
    json_output: JsonOption = False,
) -> None:
    """Re-score a model's held-out test split and check the figures against its model card.

    Exits 1 when the figures differ from the card. With --csv, judge the model on your own
    labelled table instead: every row with the --positive label against every other row, per
    label, per --family-column value and per language, with the flag rate of each; rows that
    cannot be read are named by file and line and the rest is evaluated.
    """
    from nohaven.classify import LeakageError, ModelFormatError

    base = _settings()
    table_only = {
        "--mode": mode is not None,
        "--family-column": family_column is not None,
        "--group-column": group_column is not None,
        "--positive": positive != "propaganda",
        "--text-column": text_column != "text",
        "--label-column": label_column != "label",
        "--report": report_path is not None,
    }
    if csv_path is None and any(table_only.values()):
        given = ", ".join(name for name, used in table_only.items() if used)
        _fail(f"{given}: only with --csv (the test split is judged as the model card was)")
    if csv_path is not None:
        try:
            external = jobs.evaluate_own_table(
                csv_path,
                base,
                model_name=model,
                mode=mode,
                text_column=text_column,
                label_column=label_column,
                family_column=family_column,
                group_column=group_column,
                positive=positive,
            )
        except (OSError, ValueError, ModelFormatError) as error:
            _fail(str(error))
        kept = _keep_rejects(external.rejected, csv_path, base.rejects_dir)
        written = None
        if report_path is not None:
            from nohaven.classify.external_report import write_external_report

            columns: dict[str, str | None] = {"text": text_column, "label": label_column}
            columns |= {"family": family_column, "group": group_column}
            try:
                written = write_external_report(
                    external, report_path, source=csv_path, columns=columns, rejects_file=kept
                )
            except OSError as error:
                _fail(f"{report_path}: cannot write the report: {error}")
        if json_output:
            _print_json(
                {
                    **external.as_json(),
                    "rejects_file": None if kept is None else str(kept),
                    "report": None if written is None else str(written),
                }
            )
        else:
            _print_external(external, csv_path)
            if written is not None:
                out.print(f"Report written to {_shown(str(written))}", markup=False)
        return
    try:
        report = jobs.evaluate(data, base, model_name=model)
    except (OSError, ValueError, ModelFormatError, LeakageError) as error:
        _fail(str(error))
    if json_output:
        _print_json(report.to_json())
    else:
        out.print(f"Model {report.version}", markup=False)
        _print_figures(dict(report.evaluation.as_json()))
        if report.card_matches is None:
            out.print("No model card beside this model to compare with.", markup=False)
        elif report.card_matches:
            out.print("The figures reproduce the model card.", markup=False)
        for line in report.differences:
            err.print(f"differs: {line}", markup=False)
    if report.card_matches is False:
        raise typer.Exit(1)


_pct = percent
_ratio = ratio


def _print_external(report: ExternalEvaluation, path: Path) -> None:
    """A model judged on a team's own table, as tables (see ``nohaven evaluate --csv``)."""
    positives = report.counts.get(report.positive, 0)
    out.print(
        f"Model {report.version} ({report.mode} mode, threshold {report.threshold}) on "
        f"{_shown(str(path))}: {report.rows:,} rows, {positives:,} labelled {report.positive!r}; "
        f"{len(report.rejected):,} rejected",
        markup=False,
    )
    if report.learnt_rows:
        first_rows = ", ".join(report.learnt_rows[:5])
        left = len(report.learnt_rows) - 5
        extra = f" and {left:,} more" if left > 0 else ""
        out.print(
            f"warning: {len(report.learnt_rows):,} rows left out of every figure: the model "
            f"learnt near-identical texts, so they are no test of it ({first_rows}{extra}; all in "
            "--json as learnt_rows)",
            markup=False,
        )
    if not positives:
        alike = [
            label
            for label in report.counts
            if label.strip().casefold() == report.positive.strip().casefold()
        ]
        out.print(
            f"No row is labelled {report.positive!r}: only flag rates (use --positive to name "
            "the label that counts as propaganda"
            + (f"; the table has {', '.join(map(repr, alike))}" if alike else "")
            + ").",
            markup=False,
        )
    table = Table(
        "positives vs", "negatives", "ROC-AUC", "95%", "PR-AUC", "recall", "FPR", "95%", "precision"
    )
    rows = [("every other row", "overall", report.overall)]
    rows += [
        (f"label {name}", f"label:{name}", figures) for name, figures in report.per_label.items()
    ]
    rows += [
        (f"family {name}", f"family:{name}", figures) for name, figures in report.per_family.items()
    ]
    spreads = {key: value.as_json() for key, value in report.spread.items()}
    for name, key, figures in rows:
        spread = spreads.get(key) or {}
        table.add_row(
            name,
            f"{figures.negatives:,}",
            _ratio(figures.roc_auc),
            _span(spread.get("roc_auc")),
            _ratio(figures.pr_auc),
            _pct(figures.recall),
            _pct(figures.false_positive_rate),
            _span(spread.get("false_positive_rate"), pct=True),
            _pct(figures.precision),
        )
    out.print(table)
    overall = spreads.get("overall")
    if overall:
        groups = (
            f"the {overall['positive_groups']:,} positive groups of column {report.grouped_by!r}"
            if report.grouped_by
            else f"{overall['positive_groups']:,} blocks of rows (no --group-column: rows of "
            "one account are alike, so the intervals say less than they would by account)"
        )
        by_group = report.by_group
        each = (
            f"; by group: lowest {_pct(by_group.lowest)}, median {_pct(by_group.median)}, "
            f"highest {_pct(by_group.highest)}"
            if by_group is not None
            else ""
        )
        out.print(
            f"recall {_pct(report.overall.recall)}, 95% interval "
            f"{_span(overall.get('recall'), pct=True)} resampling {groups}{each}",
            markup=False,
        )
    rates = Table("rows of", "texts", "flagged", "share", "mean score")
    named = [(f"label {k}", v) for k, v in report.label_flag_rates.items()]
    named += [(f"family {k}", v) for k, v in report.family_flag_rates.items()]
    for name, rate in named:
        rates.add_row(
            name, f"{rate.texts:,}", f"{rate.flagged:,}", _pct(rate.rate), _ratio(rate.mean_score)
        )
    out.print(rates)
    for title, split in (("per language", report.per_language), ("per caveat", report.per_caveat)):
        _print_split(title, {name: figures.as_json() for name, figures in split.items()})
    points = ", ".join(
        f"{point['threshold']}: {_pct(point['recall'])} / {_pct(point['false_positive_rate'])}"
        for point in report.operating_points
    )
    out.print(f"recall / FPR at other thresholds: {points}", markup=False)
    if report.false_positives:
        shown = ", ".join(report.false_positives[:10])
        more = len(report.false_positives) - 10
        out.print(
            f"negatives flagged (highest first): {shown}"
            + (f" and {more:,} more (--json lists all)" if more > 0 else ""),
            markup=False,
        )
    if report.longer_than_learnt:
        out.print(
            "warning: "
            + longer_than_learnt(report.longer_than_learnt, "texts", report.learnt_longest),
            markup=False,
        )


def _keep_rejects(rejects: Sequence[Reject], source: Path, rejects_dir: Path | None) -> Path | None:
    """Keep the rows a table command could not read: each named on stderr by file, line and
    reason, and all written to ``<table>.rejects.jsonl`` (as an ingest's are; removed when a
    run rejects none). Returns the file written, if any."""
    from nohaven.pipeline import rejects_path, write_rejects

    written = write_rejects(rejects, rejects_path(source, rejects_dir))
    for item in rejects:
        err.print(f"{item.source}:{item.line}: {item.reason}", markup=False)
    if written is not None:
        err.print(f"{len(rejects):,} rejected rows kept in {written}", markup=False)
    return written


def _print_split(title: str, rows: Mapping[str, Mapping[str, Any]] | None) -> None:
    """One line of binary figures per part of a split (language, reading, caveat): the
    positives and negatives in it, recall, false-positive rate and ROC-AUC; nothing if empty."""
    if not rows:
        return
    shown = "; ".join(
        f"{name} ({row['positives']:,} + {row['negatives']:,}): recall {_pct(row['recall'])}, "
        f"FPR {_pct(row['false_positive_rate'])}, AUC {_ratio(row['roc_auc'])}"
        for name, row in rows.items()
    )
    out.print(f"{title}: {shown}", markup=False)


def _span(bounds: Any, *, pct: bool = False) -> str:
    """A 95% interval saved as [low, high] ("" when there is none)."""
    return span(bounds, pct=pct, missing="")


def _print_table_report(figures: dict[str, Any]) -> None:
    """``nohaven train --csv``'s report: each label's figures with their 95% intervals."""
    table = Table("label", "support", "precision", "95%", "recall", "95%", "F1")
    for row in figures["per_label"]:
        table.add_row(
            escape(str(row["label"])),
            str(row["support"]),
            _ratio(row["precision"]),
            _span(row.get("precision_interval")),
            _ratio(row["recall"]),
            _span(row.get("recall_interval")),
            _ratio(row["f1"]),
        )
    out.print(table)
    accuracy = f"accuracy {_ratio(figures['accuracy'])}"
    if figures.get("accuracy_interval"):
        accuracy += f" (95% {_span(figures['accuracy_interval'])})"
    out.print(
        f"{accuracy} on {figures['test_rows']:,} held-out rows; "
        f"{len(figures['rejected'])} rows rejected",
        markup=False,
    )
    threshold = (
        f"threshold {figures.get('threshold', 0.5):.4g} on the score of {figures['positive']!r}"
        if len(figures["labels"]) == 2
        else f"each row given the likeliest of its {len(figures['labels'])} labels"
    )
    if figures.get("max_false_positive_rate") is not None:
        threshold += (
            f", set for at most {_pct(figures['max_false_positive_rate'])} of the training "
            f"negatives out of fold ({_pct(figures.get('training_false_positive_rate'))} there)"
        )
    if figures.get("false_positive_rate") is not None:
        threshold += (
            f"; held-out rows of other labels given {figures['positive']!r}: "
            f"{_pct(figures['false_positive_rate'])}"
        )
    out.print(threshold, markup=False)
    if figures.get("written_negatives"):
        out.print(
            f"learnt {figures['written_negatives']:,} of nohaven's written negatives as well",
            markup=False,
        )
    if figures.get("ordinary_english"):
        out.print(
            f"learnt {figures['ordinary_english']:,} texts of ordinary English as well",
            markup=False,
        )
    written = figures.get("written_flagged") or {}
    if written:
        shown = "; ".join(
            f"{family} {row['flagged']} of {row['texts']} ({_pct(row['flagged'] / row['texts'])})"
            for family, row in written.items()
            if row["texts"]
        )
        out.print(
            f"texts no table holds (nohaven's written sets, ordinary English), none propaganda "
            f"and never learnt, given {figures['positive']!r}: {shown}",
            markup=False,
        )
    languages = figures.get("per_language") or {}
    if languages:
        shown = "; ".join(
            f"{lang} ({row['rows']:,} rows, {row['positives']:,} {figures['positive']!r}): "
            f"recall {_ratio(row['recall'])} ({_span(row['recall_interval']) or '-'}), others "
            f"given it {_pct(row['false_positive_rate'])}"
            for lang, row in list(languages.items())[:6]
        )
        out.print(f"per language: {shown}", markup=False)
    dropped = figures.get("dropped") or {}
    if dropped:
        reasons = "; ".join(f"{count:,} {reason}" for reason, count in sorted(dropped.items()))
        out.print(f"left out of the split: {reasons}", markup=False)
    if figures.get("roc_auc") is not None:
        out.print(
            f"ROC-AUC of {figures['positive']!r} against the other labels "
            f"{_ratio(figures['roc_auc'])} (95% {_span(figures.get('roc_auc_interval'))})",
            markup=False,
        )
    if figures.get("test_groups"):
        source = (
            f"the {figures['test_groups']:,} held-out values of column {figures['grouped_by']!r}"
            if figures.get("grouped_by")
            else f"{figures['test_groups']:,} blocks of 50 held-out rows (give --group-column "
            "for intervals by account)"
        )
        out.print(f"95% intervals resample {source}.", markup=False)


def _print_figures(figures: dict[str, Any]) -> None:
    """An evaluation (model card figures) or a table-training report, as tables."""
    if "per_label" in figures:
        _print_table_report(figures)
        return
    threshold = figures["threshold"]
    spread = figures.get("spread") or {}
    table = Table(
        "positives vs", "negatives", "ROC-AUC", "95%", "recall", "FPR", "95%", "flagged / texts"
    )
    for key in ("overall", "hard_negatives", "news"):
        row = figures[key]
        table.add_row(
            key,
            str(row["negatives"]),
            _short(row["roc_auc"]),
            _span((spread.get(key) or {}).get("roc_auc")),
            _pct(row["recall"]),
            _pct(row["false_positive_rate"]),
            _span((spread.get(key) or {}).get("false_positive_rate"), pct=True),
            "",
        )
    for name, row in figures["per_family"].items():
        rate = figures["flag_rates"][name]
        table.add_row(
            name,
            str(row["negatives"]),
            _short(row["roc_auc"]),
            _span((spread.get(name) or {}).get("roc_auc")),
            _pct(row["recall"]),
            _pct(row["false_positive_rate"]),
            _span((spread.get(name) or {}).get("false_positive_rate"), pct=True),
            f"{rate['flagged']} / {rate['texts']}",
        )
    for name, rate in figures["flag_rates"].items():
        if name not in figures["per_family"]:
            table.add_row(
                f"({name})", "", "", "", "", "", "", f"{rate['flagged']} / {rate['texts']}"
            )
    out.print(table)
    overall = spread.get("overall") or {}
    accounts = figures.get("by_account") or {}
    if overall:
        out.print(
            f"recall {_pct(figures['overall']['recall'])}, 95% interval "
            f"{_span(overall.get('recall'), pct=True)} resampling the "
            f"{overall['positive_groups']} positive accounts (and each negative family's "
            "groups); by account: lowest "
            f"{_pct(accounts.get('lowest'))}, median {_pct(accounts.get('median'))}, highest "
            f"{_pct(accounts.get('highest'))}",
            markup=False,
        )
    languages = ", ".join(
        f"{lang} AUC {_short(row['roc_auc'])} FPR {_pct(row['false_positive_rate'])}"
        for lang, row in figures["per_language"].items()
    )
    robust = figures.get("robustness") or {}
    out.print(f"threshold {threshold}; per language: {languages}", markup=False)
    out.print(
        f"obfuscation: mean score change {_short(robust.get('overall_mean_change'))}; "
        f"semantic model used for {_pct(figures.get('semantic_share'))} of test texts",
        markup=False,
    )
    _print_split("positives by what they say (vs hard negatives)", figures.get("per_reading"))
    agreed = figures.get("reading_agreement")
    if agreed:
        out.print(
            f"a second reader agrees on {agreed['agreed']} of {agreed['texts']} "
            f"({_pct(agreed['share_agreed'])}; Cohen's kappa {_short(agreed['kappa'])})",
            markup=False,
        )
        _print_split(
            "positives by the second reader (vs hard negatives)", figures.get("per_second_reading")
        )
    _print_split("per caveat", figures.get("per_caveat"))
    identity = figures.get("identity") or {}
    if identity:
        widest = max(identity.values(), key=lambda row: row["gap"])
        flagged = sum(row["flagged"] for row in identity.values())
        texts = sum(row["texts"] for row in identity.values())
        out.print(
            f"religious identity templates: {flagged} of {texts} flagged; largest gap "
            f"{widest['gap']:+.3f} ({widest['language']} {widest['identity']})",
            markup=False,
        )
    subgroups = figures.get("faith_subgroups") or {}
    if subgroups:
        shown = "; ".join(
            f"{faith} {row['flagged']} of {row['negatives']}" for faith, row in subgroups.items()
        )
        out.print(f"real negatives naming a faith or community, flagged: {shown}", markup=False)
