"""A model judged on a team's own table, as a Markdown report (nohaven evaluate --report)."""

from __future__ import annotations

import csv
import hashlib
import json
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

import pytest
from typer.testing import CliRunner

from nohaven.classify import save_model
from nohaven.classify.cascade import ContentModel
from nohaven.classify.external import evaluate_table
from nohaven.classify.external_report import LISTED, external_markdown
from nohaven.classify.ngram import NgramClassifier
from nohaven.classify.table import read_table
from nohaven.cli.main import app

from .toy import NEGATIVE, POSITIVE, THIRD, fast_content_model, toy, toy_examples

HOSTILE = "<img src=x onerror=alert(1)>|[x](y)"


@pytest.fixture(scope="module")
def model() -> ContentModel:
    data = toy(300)
    fast = NgramClassifier(c=4.0, positive=POSITIVE, folds=3).fit(
        data.texts, data.labels, groups=data.groups
    )
    return fast_content_model(fast)


def _table(path: Path, n: int, third: str = THIRD) -> Path:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["text", "label", "account"])
        for example in toy_examples(n, labels=(POSITIVE, NEGATIVE, THIRD), seed=5):
            label = third if example.label == THIRD else example.label
            writer.writerow([example.text, label, example.group])
    return path


def test_the_report_names_what_was_measured_and_every_comparison(
    model: ContentModel, tmp_path: Path
) -> None:
    path = _table(tmp_path / "own.csv", 150, third=HOSTILE)
    examples, rejected = read_table(path, group_column="account")
    found = evaluate_table(model, examples, rejected=rejected, grouped_by="account")
    columns = {"text": "text", "label": "label", "family": None, "group": "account"}
    when = datetime(2026, 12, 5, 12, 0, tzinfo=UTC)
    text = external_markdown(found, source=path, columns=columns, when=when)
    assert text.startswith(f"# {model.name} ({model.version}) on own.csv")
    assert hashlib.sha256(path.read_bytes()).hexdigest() in text
    assert "2026-12-05T12:00:00+00:00" in text and "150 rows" in text
    assert "resample the account column's values" in text
    assert "| every other row | " in text and f"| label {NEGATIVE} | " in text
    # the hostile label is data: no HTML, no link, and its "|" does not split the table
    assert "<img" not in text and "[x](y)" not in text and "\\[x\\](y)" in text
    rows = [line for line in text.splitlines() if line.startswith("| label &lt;img")]
    assert sorted(row.count(" | ") for row in rows) == [4, 10]  # flag rates, comparisons
    # rows are named by file and line, never by text
    for source in found.false_positives[:LISTED] + found.missed[:LISTED]:
        assert source in text
    assert not any(example.text in text for example in examples)


def test_long_lists_are_cut_and_say_so(model: ContentModel, tmp_path: Path) -> None:
    path = _table(tmp_path / "own.csv", 150)
    examples, _ = read_table(path)
    found = evaluate_table(model, examples)
    many = [f"own.csv:{line}" for line in range(2, 2 + LISTED + 7)]
    columns = {"text": "text", "label": "label", "family": None, "group": None}
    text = external_markdown(
        replace(found, missed=many),
        source=path,
        columns=columns,
    )
    assert f"Positives missed, lowest score first ({LISTED + 7:,})" in text
    assert "and 7 more (all of them in --json)" in text
    assert f"own.csv:{LISTED + 2}" not in text  # the 51st is not listed
    assert "blocks of 50 rows (no group column" in text


def test_evaluate_csv_writes_the_report(model: ContentModel, tmp_path: Path) -> None:
    folder = save_model(model, tmp_path / "m")
    path = _table(tmp_path / "own.csv", 90)
    target = tmp_path / "out" / "report.md"
    options = ["evaluate", "--csv", str(path), "--model", str(folder)]
    result = CliRunner().invoke(app, [*options, "--report", str(target), "--json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["report"] == str(target)
    assert target.read_text("utf-8").startswith(f"# {model.name} ({model.version}) on own.csv")
    refused = CliRunner().invoke(app, ["evaluate", "--report", str(target)])
    assert refused.exit_code != 0 and "--report: only with --csv" in refused.output
