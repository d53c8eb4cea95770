"""The model card of a model trained on a team's own table (nohaven.classify.table_card)."""

from __future__ import annotations

import csv
import hashlib
import json
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

from typer.testing import CliRunner

from nohaven.classify.table import ORDINARY_SETS, read_table, train_table
from nohaven.classify.table_card import table_card, write_table_card
from nohaven.cli.main import app
from nohaven.ingest.base import Reject

from .toy import NEGATIVE, POSITIVE, THIRD, toy_examples

HOSTILE = "<script>alert(1)</script>|`x`"


def _table(path: Path, labels: tuple[str, ...], n: int = 120) -> Path:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["text", "label", "account"])
        for example in toy_examples(n, labels=labels):
            writer.writerow([example.text, example.label, example.group])
    return path


def test_the_card_names_its_table_split_figures_and_limits(tmp_path: Path) -> None:
    path = _table(tmp_path / "decisions.csv", (POSITIVE, NEGATIVE))
    examples, _ = read_table(path, group_column="account")
    rejects = [Reject(str(path), line, "column 'text' is empty") for line in range(2, 40)]
    model, report, _ = train_table(
        examples, name="ours", rejected=rejects, grouped_by="account", max_false_positive_rate=0.05
    )
    columns = {"text": "text", "label": "label", "group": "account", "time": None}
    when = datetime(2026, 12, 5, 12, 0, tzinfo=UTC)
    card = write_table_card(report, model, tmp_path / "m", source=path, columns=columns, when=when)
    assert json.loads((tmp_path / "m" / "card.json").read_text("utf-8")) == card
    assert card["version"] == model.version and card["kind"] == "table"
    assert card["source"] == {
        "file": "decisions.csv",
        "sha256": hashlib.sha256(path.read_bytes()).hexdigest(),
        "columns": columns,
    }
    assert card["written"] == "2026-12-05T12:00:00+00:00"
    assert card["rejected"]["rows"] == 38 and len(card["rejected"]["first"]) == 20
    assert "at most 5.00% of the training negatives" in card["threshold_rule"]
    assert card["figures"]["per_label"] == report.as_json()["per_label"]
    assert any("not tested forward in time" in limit for limit in card["limits"])
    assert not any("No group column" in limit for limit in card["limits"])
    text = (tmp_path / "m" / "MODEL_CARD.md").read_text("utf-8")
    assert text.startswith(f"# Model card: ours ({model.version})")
    assert "| group column | account |" in text and "| time column | (none) |" in text
    for row in report.per_label:
        assert f"| {row.label} | {row.support:,} |" in text
    assert "## Texts no table holds (none propaganda, never learnt)" in text
    assert "| english-fortunes |" in text and "| ordinary English learnt | 0 |" in text
    assert "| ordinary English read (Debian's WordNet and fortune files) | SHA-256 " in text
    assert "| identity-eval | 1,170 |" in text
    for lang, figures in report.per_language.items():
        assert f"| {lang} | {figures['rows']:,} | {figures['positives']:,} |" in text


def test_the_card_writes_the_table_s_strings_as_data(tmp_path: Path) -> None:
    path = _table(tmp_path / "t.csv", (POSITIVE, NEGATIVE))
    rows = list(csv.reader(path.read_text("utf-8").splitlines()))
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(rows[0])
        writer.writerows(
            [text, HOSTILE if label == NEGATIVE else label, group]
            for text, label, group in rows[1:]
        )
    examples, _ = read_table(path)
    model, report, _ = train_table(examples, name="ours")
    columns = {"text": "text", "label": "label", "group": None, "time": None}
    card = table_card(report, model, source=path, columns=columns)
    assert HOSTILE in card["figures"]["labels"]  # the JSON keeps the label as written
    write_table_card(report, model, tmp_path / "m", source=path, columns=columns)
    text = (tmp_path / "m" / "MODEL_CARD.md").read_text("utf-8")
    assert "<script>" not in text and "&lt;script&gt;" in text
    (line,) = [
        line for line in text.splitlines() if "alert(1)" in line and line.startswith("| &lt;")
    ]
    assert line.count(" | ") == 6  # the label's "|" is escaped: seven cells, as every row
    assert any("No group column" in limit for limit in card["limits"])


def test_few_held_out_positives_and_harmful_flags_are_limits(tmp_path: Path) -> None:
    path = _table(tmp_path / "t.csv", (POSITIVE, NEGATIVE), n=40)
    examples, _ = read_table(path, group_column="account")
    model, report, _ = train_table(examples, name="ours")
    columns = {"text": "text", "label": "label", "group": "account", "time": None}
    card = table_card(report, model, source=path, columns=columns)
    assert any("rest on few texts" in limit for limit in card["limits"])
    flagged = [
        family
        for family, row in report.written_flagged.items()
        if row["flagged"] / row["texts"] > 0.05
    ]
    named = [limit for limit in card["limits"] if "none of them propaganda" in limit]
    assert len(named) == len(flagged)
    assert not any("Not checked against ordinary English" in limit for limit in card["limits"])
    # trained where Debian's ordinary English is not installed: the card says it was not checked
    unchecked = {k: v for k, v in report.written_flagged.items() if k not in ORDINARY_SETS}
    bare = table_card(
        replace(report, written_flagged=unchecked), model, source=path, columns=columns
    )
    assert any("Not checked against ordinary English" in limit for limit in bare["limits"])


def test_a_card_of_three_labels_names_no_threshold(tmp_path: Path) -> None:
    path = _table(tmp_path / "t.csv", (POSITIVE, NEGATIVE, THIRD))
    examples, _ = read_table(path, group_column="account")
    model, report, _ = train_table(examples, name="ours")
    columns = {"text": "text", "label": "label", "group": "account", "time": None}
    write_table_card(report, model, tmp_path / "m", source=path, columns=columns)
    text = (tmp_path / "m" / "MODEL_CARD.md").read_text("utf-8")
    assert "each row is given the likeliest label." in text and "threshold" not in text


def test_nohaven_train_csv_writes_the_card(tmp_path: Path) -> None:
    path = _table(tmp_path / "t.csv", (POSITIVE, NEGATIVE))
    result = CliRunner().invoke(
        app,
        ["train", "--csv", str(path), "--group-column", "account", "--out", str(tmp_path / "m")],
    )
    assert result.exit_code == 0, result.output
    assert "with its model card" in result.stdout
    card = json.loads((tmp_path / "m" / "card.json").read_text("utf-8"))
    assert card["source"]["columns"]["group"] == "account"
    assert (tmp_path / "m" / "MODEL_CARD.md").is_file()
