"""A model judged on a team's own table, as a report to keep and share (``nohaven evaluate --csv
FILE --report OUT.md``).

The same figures as ``--json`` (:class:`~nohaven.classify.external.ExternalEvaluation`), with
what they were measured on: the model's version, mode and threshold, the table's name and
SHA-256 and the columns read, when. The flagged negatives and missed positives are named by
file and line, never by text: the report may travel where the posts must not. Every string
from the table (labels, families, file name) is written as data, escaped for Markdown and HTML.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from nohaven.classify.external import ExternalEvaluation
from nohaven.classify.table import table_sha256
from nohaven.shown import markdown_text as _md
from nohaven.shown import percent as _pct
from nohaven.shown import ratio as _num
from nohaven.shown import span as _span

__all__ = ["external_markdown", "write_external_report"]

#: How many flagged negatives and missed positives the report names (by file and line).
LISTED = 50


def write_external_report(
    evaluation: ExternalEvaluation,
    target: Path,
    *,
    source: Path,
    columns: Mapping[str, str | None],
    rejects_file: Path | None = None,
    when: datetime | None = None,
) -> Path:
    """Write the Markdown report of ``evaluation`` (of the table ``source``) to ``target``."""
    text = external_markdown(
        evaluation, source=source, columns=columns, rejects_file=rejects_file, when=when
    )
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(text, encoding="utf-8")
    return target


def external_markdown(
    evaluation: ExternalEvaluation,
    *,
    source: Path,
    columns: Mapping[str, str | None],
    rejects_file: Path | None = None,
    when: datetime | None = None,
) -> str:
    """The report of ``evaluation`` as Markdown (see the module documentation)."""
    data = evaluation.as_json()
    positive = _md(evaluation.positive)
    spread: dict[str, Any] = data["spread"]  # type: ignore[assignment]
    stamp = (when or datetime.now(UTC)).isoformat(timespec="seconds")
    counts = ", ".join(f"{_md(label)} {count:,}" for label, count in evaluation.counts.items())
    grouped = (
        f"the {_md(evaluation.grouped_by)} column's values"
        if evaluation.grouped_by
        else "blocks of 50 rows (no group column: the intervals say less)"
    )
    lines = [
        f"# {_md(evaluation.model)} ({_md(evaluation.version)}) on {_md(source.name)}",
        "",
        f"Judged by `nohaven evaluate --csv` on {stamp}: {evaluation.mode} mode, threshold "
        f"{evaluation.threshold:g}; the rows labelled {positive} against every other row. Table "
        f"{_md(source.name)} (SHA-256 {table_sha256(source)}); columns "
        + ", ".join(
            f"{name} {_md(column) if column else '(none)'}" for name, column in columns.items()
        )
        + f". {evaluation.rows:,} rows ({counts}); {len(evaluation.rejected):,} rejected"
        + (f" (kept in {_md(rejects_file.name)})" if rejects_file is not None else "")
        + f". 95% intervals resample {grouped}."
        + (
            f" {len(evaluation.learnt_rows):,} more rows are left out of every figure: the model "
            "learnt near-identical texts, so they are no test of it (listed below)."
            if evaluation.learnt_rows
            else ""
        ),
        "",
        f"## {positive} against the other rows",
        "",
        "| against | negatives | ROC-AUC | 95% | PR-AUC | recall | 95% | false positives | 95% "
        "| precision | at 1% / 0.1% prevalence |",
        "|---|---|---|---|---|---|---|---|---|---|---|",
        *_binary_rows(
            [("every other row", data["overall"], spread.get("overall"))]
            + [
                (f"label {_md(name)}", row, spread.get(f"label:{name}"))
                for name, row in evaluation_json(data, "per_label").items()
            ]
            + [
                (f"family {_md(name)}", row, spread.get(f"family:{name}"))
                for name, row in evaluation_json(data, "per_family").items()
            ]
        ),
        "",
        "## Flag rates",
        "",
        "| rows of | texts | flagged | share | mean score |",
        "|---|---|---|---|---|",
        *(
            f"| {kind} {_md(name)} | {row['texts']:,} | {row['flagged']:,} | "
            f"{_pct(row['rate'])} | {_num(row['mean_score'])} |"
            for kind, key in (("label", "label_flag_rates"), ("family", "family_flag_rates"))
            for name, row in evaluation_json(data, key).items()
        ),
        "",
        "## By identified language and by caveat",
        "",
        "| part | positives | negatives | recall | false positives | ROC-AUC |",
        "|---|---|---|---|---|---|",
        *(
            f"| {kind} {_md(name)} | {row['positives']:,} | {row['negatives']:,} | "
            f"{_pct(row['recall'])} | {_pct(row['false_positive_rate'])} | "
            f"{_num(row['roc_auc'])} |"
            for kind, key in (("language", "per_language"), ("caveat", "per_caveat"))
            for name, row in evaluation_json(data, key).items()
        ),
        "",
        "## Other thresholds",
        "",
        "| threshold | recall | false positives |",
        "|---|---|---|",
        *(
            f"| {point['threshold']:g} | {_pct(point.get('recall'))} | "
            f"{_pct(point.get('false_positive_rate'))} |"
            for point in evaluation.operating_points
            if isinstance(point.get("threshold"), int | float)
        ),
        "",
    ]
    if evaluation.by_group is not None:
        group = evaluation.by_group
        lines += [
            f"Recall by value of {_md(evaluation.grouped_by)} ({group.accounts:,} with positives, "
            f"none named): lowest {_pct(group.lowest)}, median {_pct(group.median)}, highest "
            f"{_pct(group.highest)}; "
            + ", ".join(
                f"{count:,} at {_pct(float(mark))} or more"
                for mark, count in group.at_least.items()
            )
            + ".",
            "",
        ]
    if evaluation.longer_than_learnt:
        lines += [
            f"{evaluation.longer_than_learnt:,} texts are longer than any positive the model "
            f"learnt ({evaluation.learnt_longest} characters once cleaned): their scores are "
            "outside what it learnt.",
            "",
        ]
    lines += [
        "## Rows to read (by file and line)",
        "",
        _listed("Negatives flagged, highest score first", evaluation.false_positives),
        "",
        _listed("Positives missed, lowest score first", evaluation.missed),
        "",
        _listed("Rows left out, the model learnt them", list(evaluation.learnt_rows)),
        "",
    ]
    return "\n".join(lines)


def evaluation_json(data: Mapping[str, object], key: str) -> dict[str, Any]:
    """One mapping of an evaluation's JSON (``per_label``, ``per_family`` ...)."""
    value = data.get(key) or {}
    assert isinstance(value, dict)
    return value


def _binary_rows(rows: Iterable[tuple[str, Any, Any]]) -> list[str]:
    out = []
    for name, row, spread in rows:
        spread = spread or {}
        out.append(
            f"| {name} | {row['negatives']:,} | {_num(row['roc_auc'])} | "
            f"{_span(spread.get('roc_auc'))} | {_num(row['pr_auc'])} | {_pct(row['recall'])} | "
            f"{_span(spread.get('recall'), pct=True)} | {_pct(row['false_positive_rate'])} | "
            f"{_span(spread.get('false_positive_rate'), pct=True)} | {_pct(row['precision'])} | "
            f"{_pct(row['precision_at_1_percent'])} / {_pct(row['precision_at_0_1_percent'])} |"
        )
    return out


def _listed(title: str, sources: list[str]) -> str:
    if not sources:
        return f"{title}: none."
    shown = ", ".join(_md(source) for source in sources[:LISTED])
    more = (
        f" and {len(sources) - LISTED:,} more (all of them in --json)"
        if len(sources) > LISTED
        else ""
    )
    return f"{title} ({len(sources):,}): {shown}{more}."
