"""``nohaven network`` through a local Typer app (the lead registers it in cli/main.py)."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from nohaven.cli.network import network_command

from .conftest import ScannedWorld

runner = CliRunner()
app = typer.Typer()
app.command("network")(network_command)


@app.callback()
def _group() -> None:
    """A group, so that 'network' is a subcommand as in the real app."""


def test_tables_and_gexf(small_world: ScannedWorld, tmp_path: Path) -> None:
    out = tmp_path / "graph.gexf"
    result = runner.invoke(
        app, ["network", "--db", small_world.db_url, "-o", str(out), "--top", "3"]
    )
    assert result.exit_code == 0, result.output
    for title in (
        "Top communicators",
        "Top communicators of the flagged accounts and communities",
        "Bridges",
        "Contacts for human review",
        "graph written to",
    ):
        assert title in result.output
    assert ET.parse(out).getroot().tag.endswith("gexf")


def test_json_output(small_world: ScannedWorld, tmp_path: Path) -> None:
    out = tmp_path / "graph.json"
    result = runner.invoke(app, ["network", "--db", small_world.db_url, "-o", str(out), "--json"])
    assert result.exit_code == 0, result.output
    doc = json.loads(result.output)
    assert doc["output"] == str(out) and doc["review"] == "human"
    assert isinstance(doc["flagged_communicators"], list)
    assert len(json.loads(out.read_text("utf-8"))["nodes"]) == doc["nodes"]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        pytest.param(["-o", "graph.csv"], "must end in .gexf or .json", id="format"),
        pytest.param(["--db", "mysql://x/y"], "", id="bad-url"),
    ],
)
def test_errors(args: list[str], message: str) -> None:
    result = runner.invoke(app, ["network", *args])
    assert result.exit_code == 2
    assert message in result.output


def test_help_says_human_review() -> None:
    result = runner.invoke(app, ["network", "--help"])
    assert result.exit_code == 0
    assert "never for automatic action" in " ".join(result.output.split())
