"""The README documents every command, option, setting and format, and the public API."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import typer.core
import typer.main

import nohaven
from nohaven.cli.main import app
from nohaven.config import ENVIRONMENT
from nohaven.ingest.registry import default_registry

README = (Path(__file__).resolve().parents[1] / "README.md").read_text("utf-8")
COMMAND = typer.main.get_command(app)
assert isinstance(COMMAND, typer.core.TyperGroup)


def _commands() -> dict[str, Any]:
    """Every command by its full name, sub-commands of groups (``bank create``) included."""
    found: dict[str, Any] = {}
    assert isinstance(COMMAND, typer.core.TyperGroup)
    for name, command in COMMAND.commands.items():
        if isinstance(command, typer.core.TyperGroup):
            for sub, inner in command.commands.items():
                found[f"{name} {sub}"] = inner
        else:
            found[name] = command
    return found


COMMANDS = _commands()


@pytest.mark.parametrize("name", sorted(COMMANDS), ids=str)
def test_every_command_and_option_is_documented(name: str) -> None:
    assert f"`nohaven {name}" in README
    for param in COMMANDS[name].params:
        for option in getattr(param, "opts", []):
            if option.startswith("--") and option != "--help":
                assert option in README, f"{name} {option} is not in the README"
    assert COMMANDS[name].help, f"{name} has no help text"


@pytest.mark.parametrize("variable", sorted(ENVIRONMENT), ids=str)
def test_every_setting_is_documented(variable: str) -> None:
    assert f"`{variable}`" in README


@pytest.mark.parametrize("name", default_registry().names(), ids=str)
def test_every_format_is_documented(name: str) -> None:
    assert f"`{name}`" in README


def test_the_readme_opens_with_the_two_commands() -> None:
    head = "\n".join(README.splitlines()[:8])
    assert "make demo" in head
    assert "make test" in head


def test_the_public_api_is_what_the_readme_uses() -> None:
    for name in ("Settings", "ingest", "scan", "stats", "run_demo", "Post", "Account"):
        assert name in nohaven.__all__
        assert hasattr(nohaven, name)


def _slug(heading: str) -> str:
    """GitHub's anchor of a Markdown heading: lower case, punctuation dropped, spaces as dashes."""
    kept = "".join(char for char in heading.strip().lower() if char.isalnum() or char in " -_")
    return kept.replace(" ", "-")


def test_the_readme_s_links_into_docs_reach_a_file_and_a_heading() -> None:
    import re

    root = Path(__file__).resolve().parents[1]
    links = re.findall(r"\]\((docs/[^)#\s]+)(?:#([^)\s]+))?\)", README)
    assert links, "the README links to docs/detection-notes.md"
    for target, anchor in links:
        path = root / target
        assert path.is_file(), f"the README links to {target}, which is missing"
        if anchor:
            headings = {
                _slug(line.lstrip("#"))
                for line in path.read_text("utf-8").splitlines()
                if line.startswith("#")
            }
            assert anchor in headings, f"{target} has no heading for #{anchor}"


def test_the_detection_notes_contents_reach_their_headings() -> None:
    import re

    notes = (Path(__file__).resolve().parents[1] / "docs" / "detection-notes.md").read_text("utf-8")
    headings = {_slug(line.lstrip("#")) for line in notes.splitlines() if line.startswith("#")}
    anchors = re.findall(r"\]\(#([^)\s]+)\)", notes)
    assert len(anchors) > 20
    assert [anchor for anchor in anchors if anchor not in headings] == []


def test_the_readme_s_table_training_example_runs(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The README's block on training on a table and judging a model on one, run as written
    on a generated table of neutral placeholder texts."""
    import csv

    lines = README.splitlines()
    start = next(i for i, line in enumerate(lines) if "a test runs this block" in line)
    block = []
    for line in lines[start + 2 :]:
        if line and not line.startswith("    "):
            break
        block.append(line[4:])
    code = "\n".join(block)
    assert "train_table(" in code and "write_external_report(" in code
    with (tmp_path / "decisions.csv").open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["text", "label", "account", "time"])
        for i in range(240):  # two neutral topics stand in for the labels
            topic = ("rain falls on the hills", "soup simmers with garlic")[i % 2]
            label = ("propaganda", "other")[i % 2]
            when = f"2024-{1 + i % 12:02d}-{1 + i % 28:02d}T10:00:00Z"
            writer.writerow([f"the {topic} near place {i}", label, f"acct-{i % 24}", when])
    monkeypatch.chdir(tmp_path)
    exec(compile(code, "README.md", "exec"), {})
    assert (tmp_path / "ours" / "MODEL_CARD.md").is_file()
    assert (tmp_path / "report.md").read_text("utf-8").startswith("# default (")
