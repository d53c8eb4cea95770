"""The model card of a model trained on a team's own table (``nohaven train --csv``).

Written beside the model, as the shipped model's card is: ``card.json`` (every figure of the
report, the source table's name and SHA-256, the columns read, the split, the threshold rule
and the known limits) and ``MODEL_CARD.md`` (the same for a reader). A model that decides about
people's posts should say what it was trained on and how sure its figures are, wherever it
goes. Every string that comes from the table (labels, column names, the file's name) is
written as data: escaped for Markdown and HTML, never as markup.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from nohaven.classify.card import CARD_JSON, CARD_MARKDOWN
from nohaven.classify.cascade import ContentModel
from nohaven.classify.table import ORDINARY_SETS, TableReport, table_sha256
from nohaven.shown import markdown_text as _md
from nohaven.shown import percent as _pct
from nohaven.shown import ratio as _num
from nohaven.shown import span as _span

__all__ = ["CHECKED_LIMIT", "checked_limits", "table_card", "write_table_card"]

#: The rejected rows a card lists by file and line (all of them are in the rejects file).
_SHOWN_REJECTS = 20
#: Fewer held-out positives or groups than this: the card says the figures rest on few.
_FEW = 30
_FEW_GROUPS = 5
#: A checked set (texts no table holds) given the positive label more often than this is named
#: in the limits.
CHECKED_LIMIT = 0.05


def checked_limits(report: TableReport) -> list[str]:
    """What the check on texts no table holds says against the model: each set given the
    positive label more often than :data:`CHECKED_LIMIT`, with the option that would teach
    such texts where it was not used, and ordinary English left unchecked."""
    limits: list[str] = []
    if not set(ORDINARY_SETS) & set(report.written_flagged):
        limits.append(
            "Not checked against ordinary English: Debian's wordnet-base, fortunes and "
            "fortunes-min are not installed where it was trained (scripts/sysdeps.sh installs "
            "them); plain table models give the positive label to half of it."
        )
    for family, row in report.written_flagged.items():
        if row["texts"] and row["flagged"] / row["texts"] > CHECKED_LIMIT:
            remedy = (
                ("--ordinary-english", report.ordinary_english)
                if family in ORDINARY_SETS
                else ("--written-negatives", report.written_negatives)
            )
            limits.append(
                f"It gives the positive label to {row['flagged']:,} of {row['texts']:,} of "
                f"the held-out {family} texts, none of them propaganda"
                + (f": add such negatives to the table, or {remedy[0]}." if not remedy[1] else ".")
            )
    return limits


def table_card(
    report: TableReport,
    model: ContentModel,
    *,
    source: Path,
    columns: Mapping[str, str | None],
    when: datetime | None = None,
) -> dict[str, Any]:
    """The JSON card of ``model``, trained on the table ``source`` read with ``columns``
    (``text``, ``label``, ``group``, ``time``: the column names, None where not given)."""
    figures = report.as_json()
    rejected = figures.pop("rejected")
    assert isinstance(rejected, list)
    lengths = model.learnt_lengths()
    return {
        "model": model.name,
        "version": model.version,
        "kind": "table",
        "written": (when or datetime.now(UTC)).isoformat(timespec="seconds"),
        "source": {
            "file": source.name,
            "sha256": table_sha256(source),
            "columns": dict(columns),
        },
        "positive": model.positive,
        "threshold": round(model.threshold, 6),
        "threshold_rule": _threshold_rule(report),
        "learnt_lengths": None if lengths is None else list(lengths),
        "figures": figures,
        "rejected": {"rows": len(rejected), "first": rejected[:_SHOWN_REJECTS]},
        "limits": _limits(report, columns, lengths),
    }


def write_table_card(
    report: TableReport,
    model: ContentModel,
    folder: Path,
    *,
    source: Path,
    columns: Mapping[str, str | None],
    when: datetime | None = None,
) -> dict[str, Any]:
    """Write ``card.json`` and ``MODEL_CARD.md`` into ``folder``; returns the JSON card."""
    card = table_card(report, model, source=source, columns=columns, when=when)
    folder.mkdir(parents=True, exist_ok=True)
    (folder / CARD_JSON).write_text(
        json.dumps(card, indent=2, ensure_ascii=False) + "\n", encoding="utf-8"
    )
    (folder / CARD_MARKDOWN).write_text(markdown(card), encoding="utf-8")
    return card


def _threshold_rule(report: TableReport) -> str:
    if report.max_false_positive_rate is None:
        return "0.5 on the calibrated score" if len(report.labels) == 2 else "the likeliest label"
    trained = report.training_false_positive_rate
    return (
        f"the lowest score at which at most {report.max_false_positive_rate:.2%} of the "
        f"training negatives are flagged out of fold ({trained:.2%} there)"
        if trained is not None
        else f"at most {report.max_false_positive_rate:.2%} of the training negatives flagged"
    )


def _limits(
    report: TableReport, columns: Mapping[str, str | None], lengths: tuple[int, int] | None
) -> list[str]:
    limits = [
        "Learnt from this table's labels alone: the figures hold for texts like its held-out "
        "rows (the same sources, other accounts, later times), and the model is as careful "
        "as the table's negatives are varied.",
        "The plain fast model (character n-grams, a logistic regression): no topic expert, "
        "no hard negatives of the shipped model unless --written-negatives taught them, and "
        "no ordinary English unless --ordinary-english did.",
    ]
    if not columns.get("group"):
        limits.append(
            "No group column: the rows were held out in blocks of 50, so one account's rows may "
            "be on both sides and the figures may be better than on accounts never seen."
        )
    if not columns.get("time"):
        limits.append("No time column: the model was not tested forward in time.")
    positives = next((row.support for row in report.per_label if row.label == report.positive), 0)
    if positives < _FEW or report.test_groups < _FEW_GROUPS:
        limits.append(
            f"The held-out figures rest on few texts: {positives} held-out rows of the "
            f"positive label, {report.test_groups} held-out groups; read their intervals."
        )
    limits.extend(checked_limits(report))
    if lengths is not None:
        limits.append(
            f"The positive texts it learnt were {lengths[0]} to {lengths[1]} characters once "
            "cleaned: scores of longer texts are outside what it learnt."
        )
    return limits


def markdown(card: Mapping[str, Any]) -> str:
    """The Markdown card of a JSON card made by :func:`table_card`."""
    figures = card["figures"]
    source = card["source"]
    columns = source["columns"]
    lines = [
        f"# Model card: {_md(card['model'])} ({_md(card['version'])})",
        "",
        f"Trained by `nohaven train --csv` on {card['written']} from the table "
        f"{_md(source['file'])} (SHA-256 {source['sha256']}). Positive label: "
        f"{_md(card['positive'])}; "
        + (
            f"threshold {card['threshold']:.4g}: {card['threshold_rule']}."
            if len(figures["labels"]) == 2
            else f"each row is given {card['threshold_rule']}."
        ),
        "",
        "## Data and split",
        "",
        "| what | value |",
        "|---|---|",
        *(
            f"| {name} column | {_md(column) if column else '(none)'} |"
            for name, column in columns.items()
        ),
        f"| labels | {', '.join(_md(label) for label in figures['labels'])} |",
        f"| rows trained on | {figures['training_rows']:,} |",
        f"| rows held out | {figures['test_rows']:,} in {figures['test_groups']:,} groups |",
        f"| rows rejected | {card['rejected']['rows']:,} (named by line in card.json) |",
        *(
            f"| left out of the split: {_md(reason)} | {count:,} |"
            for reason, count in sorted(figures["dropped"].items())
        ),
        *(
            f"| time cutoff of {_md(label)} | {_md(cutoff)} |"
            for label, cutoff in figures["cutoffs"].items()
        ),
        f"| nohaven's written negatives learnt | {figures['written_negatives']:,} |",
        f"| ordinary English learnt | {figures.get('ordinary_english', 0):,} |",
        "| ordinary English read (Debian's WordNet and fortune files) | "
        + (
            f"SHA-256 {figures['ordinary_english_sha256']} |"
            if figures.get("ordinary_english_sha256")
            else "not installed |"
        ),
        "",
        "Held out by group (an account is on one side only), each label cut at its own time "
        "when there is a time column; test texts near-identical to training texts dropped.",
        "",
        "## Held-out figures (95% intervals resampling the held-out groups)",
        "",
        "| label | held out | precision | 95% | recall | 95% | F1 |",
        "|---|---|---|---|---|---|---|",
        *(
            f"| {_md(row['label'])} | {row['support']:,} | {_num(row['precision'])} | "
            f"{_span(row['precision_interval'])} | {_num(row['recall'])} | "
            f"{_span(row['recall_interval'])} | {_num(row['f1'])} |"
            for row in figures["per_label"]
        ),
        "",
        f"Accuracy {_num(figures['accuracy'])} ({_span(figures['accuracy_interval'])}); "
        f"ROC-AUC of {_md(card['positive'])} against the other labels "
        f"{_num(figures['roc_auc'])} ({_span(figures['roc_auc_interval'])}); held-out rows of "
        f"other labels given {_md(card['positive'])}: {_pct(figures['false_positive_rate'])}.",
        "",
        f"By identified language (held-out rows; recall of {_md(card['positive'])} and the "
        "share of the other labels' rows given it):",
        "",
        "| language | rows | positives | recall | 95% | others given it | 95% |",
        "|---|---|---|---|---|---|---|",
        *(
            f"| {_md(lang)} | {row['rows']:,} | {row['positives']:,} | {_num(row['recall'])} | "
            f"{_span(row['recall_interval'])} | {_pct(row['false_positive_rate'])} | "
            f"{_span(row['false_positive_rate_interval'], pct=True)} |"
            for lang, row in figures["per_language"].items()
        ),
        "",
        "## Texts no table holds (none propaganda, never learnt)",
        "",
        "nohaven's own held-out written sets and, where Debian's WordNet and fortune files are "
        "installed, held-out ordinary English (english-wordnet, english-fortunes: topics never "
        "learnt).",
        "",
        "| set | texts | given the positive label |",
        "|---|---|---|",
        *(
            f"| {_md(family)} | {row['texts']:,} | {row['flagged']:,} "
            f"({_pct(row['flagged'] / row['texts'] if row['texts'] else None)}) |"
            for family, row in figures["written_flagged"].items()
        ),
        "",
        "## Known limits",
        "",
        *(f"- {_md(limit)}" for limit in card["limits"]),
        "",
    ]
    return "\n".join(lines)
