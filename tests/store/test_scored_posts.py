"""Post scores read back for review (nohaven.store.scores, ``nohaven scores``), on both backends."""

from __future__ import annotations

import csv
import io
import json
from contextlib import closing
from datetime import timedelta
from pathlib import Path

import pytest
from rich.console import Console
from typer.testing import CliRunner

from nohaven.cli.main import app
from nohaven.cli.scores import scores_table
from nohaven.model import PostScore
from nohaven.store import Store, open_store
from nohaven.store.scores import (
    NO_CAVEAT,
    ScoreFilter,
    content_model_versions,
    iter_scored_posts,
    latest_content_model,
    scored_posts,
    write_scored_posts,
)

from .records import T0, account, post

OLD, NEW = "default+00000001", "default+00000002"
runner = CliRunner()


def _score(post_id: str, value: float, *, version: str = NEW, **fields: object) -> PostScore:
    label = "propaganda" if value >= 0.9 else "other"
    return PostScore(
        platform="twitter",
        post_id=post_id,
        model="default",
        model_version=version,
        score=value,
        label=label,
        explanation=(f"word{post_id}(+1.00)",),
        scored=T0 + timedelta(hours=2 if version == NEW else 1),
        **fields,  # type: ignore[arg-type]
    )


def _fill(store: Store) -> None:
    posts = [post(str(i), account_id="100" if i % 2 else "200") for i in range(1, 7)]
    posts[4] = post("5", account_id="100", text='=HYPERLINK("x") [bold]not markup[/bold]')
    scores = [
        _score("1", 0.95),
        _score("2", 0.99, caveats=("language",)),
        _score("3", 0.40, caveats=("short",)),
        _score("4", 0.91),
        _score("5", 0.93, caveats=("short", "language")),
        _score("6", 0.10),
        _score("1", 0.20, version=OLD),
        _score("7", 0.97),  # a score whose post is no longer stored
    ]
    store.write(posts, [account("100"), account("200", handle=None)], [], scores=scores)


def test_the_latest_version_is_read_highest_first_with_its_posts(store: Store) -> None:
    _fill(store)
    assert content_model_versions(store) == [("default", NEW, 7), ("default", OLD, 1)]
    assert latest_content_model(store) == ("default", NEW)
    assert latest_content_model(store, "other-model") is None
    flagged = scored_posts(store, ScoreFilter(label="propaganda"))
    assert [item.score.post_id for item in flagged] == ["2", "7", "1", "5", "4"]
    first = flagged[0]
    assert (first.account_id, first.handle, first.language) == ("200", None, None)
    assert first.text == "weather report number 2: sunny with light wind"
    assert first.created == T0 + timedelta(minutes=2)
    gone = flagged[1]
    assert gone.text is None and gone.account_id is None  # kept, the post not stored
    assert flagged[2].handle == "user100"
    old = scored_posts(store, ScoreFilter(model_version=OLD))
    assert [(item.score.post_id, item.score.score) for item in old] == [("1", 0.20)]


def test_the_filters_narrow_and_the_limit_counts_after_them(store: Store) -> None:
    _fill(store)

    def ids(limit: int | None = 50, **options: object) -> list[str]:
        where = ScoreFilter(**options)  # type: ignore[arg-type]
        return [item.score.post_id for item in scored_posts(store, where, limit=limit)]

    assert ids(caveat="short") == ["5", "3"]
    assert ids(caveat="short", limit=1) == ["5"]
    assert ids(caveat=NO_CAVEAT, label="propaganda") == ["7", "1", "4"]
    assert ids(min_score=0.4, max_score=0.93) == ["5", "4", "3"]
    assert ids(label="other") == ["3", "6"]
    assert ids(platform="telegram") == []
    assert ids(account="200") == ["2", "4", "6"]  # posts 1, 3 and 5 are account 100's
    assert ids(account="200", platform="twitter", label="propaganda") == ["2", "4"]
    assert ids(limit=2) == ["2", "7"] and ids(limit=0) == []
    with pytest.raises(ValueError, match="limit must be 0 or more"):
        scored_posts(store, limit=-1)


def test_the_scores_stream_and_an_early_stop_closes_the_cursor(
    store: Store, tmp_path: Path
) -> None:
    _fill(store)
    with closing(iter_scored_posts(store)) as rows:
        first = next(rows)  # a server-side cursor on PostgreSQL, left open here
    assert first.score.post_id == "2"
    assert [
        item.score.post_id for item in iter_scored_posts(store, ScoreFilter(caveat="short"))
    ] == ["5", "3"]
    assert list(iter_scored_posts(store, limit=0)) == []
    streamed = iter_scored_posts(store)
    assert write_scored_posts(streamed, tmp_path / "all.csv") == 7  # written as read


def test_an_empty_store_has_nothing_to_review(store: Store) -> None:
    assert scored_posts(store) == [] and content_model_versions(store) == []


def test_the_files_hold_every_field_and_no_formula(store: Store, tmp_path: Path) -> None:
    _fill(store)
    rows = scored_posts(store, limit=None)
    assert write_scored_posts(rows, tmp_path / "out.csv") == 7
    with (tmp_path / "out.csv").open(encoding="utf-8", newline="") as handle:
        table = list(csv.DictReader(handle))
    by_id = {row["post_id"]: row for row in table}
    assert by_id["5"]["text"].startswith("'=HYPERLINK")  # a spreadsheet shows it as text
    assert by_id["5"]["caveats"] == "short; language"
    assert by_id["7"]["text"] == "" and by_id["2"]["score"] == "0.99"
    write_scored_posts(rows, tmp_path / "out.jsonl")
    lines = [json.loads(line) for line in (tmp_path / "out.jsonl").read_text().splitlines()]
    assert lines[0]["post_id"] == "2" and lines[0]["caveats"] == ["language"]
    assert lines[-1]["explanation"] == ["word6(+1.00)"]
    with pytest.raises(ValueError, match=r"a \.csv or \.jsonl file"):
        write_scored_posts(rows, tmp_path / "out.xlsx")


def test_the_command_lists_writes_and_refuses_clearly(db_url: str, tmp_path: Path) -> None:
    with open_store(db_url) as store:
        _fill(store)
    base = ["scores", "--db", db_url]
    shown = runner.invoke(app, [*base, "--top", "3"])
    assert shown.exit_code == 0, shown.output
    assert f"3 posts of default {NEW}" in shown.stdout
    assert f"other model versions in the store (--version): default {OLD} (1 post)" in shown.stdout
    mine = json.loads(runner.invoke(app, [*base, "--json", "--account", "100"]).stdout)
    assert [item["post_id"] for item in mine["posts"]] == ["1", "5"]  # flagged, account 100
    data = json.loads(runner.invoke(app, [*base, "--json", "--caveat", "short"]).stdout)
    assert [item["post_id"] for item in data["posts"]] == ["5"]  # flagged and short
    assert data["posts"][0]["text"] == '=HYPERLINK("x") [bold]not markup[/bold]'
    with open_store(db_url) as store:
        table = scores_table(scored_posts(store, ScoreFilter(caveat="short")), "[red]title[/red]")
    console = Console(width=300, record=True, file=io.StringIO())
    console.print(table)
    shown_text = console.export_text()
    assert "[bold]not markup[/bold]" in shown_text  # shown as data, not styled
    assert "[red]title[/red]" in shown_text
    out = tmp_path / "all.jsonl"
    written = runner.invoke(app, [*base, "--label", "any", "-o", str(out), "--top", "1"])
    assert written.exit_code == 0 and "7 matching posts written to" in written.stdout
    assert len(out.read_text().splitlines()) == 7
    old = json.loads(
        runner.invoke(app, [*base, "--version", OLD, "--label", "any", "--json"]).stdout
    )
    assert old["model_version"] == OLD and len(old["posts"]) == 1
    for options, message in (
        (["--caveat", "tiny"], "--caveat 'tiny': choose one of short, long, language, none"),
        (["--version", "default+ffffffff"], "no post scores of version 'default+ffffffff'"),
        (["--model", "team"], "no post scores of model 'team' in the store (models: default)"),
        (["-o", str(tmp_path / "x.xlsx")], "a .csv or .jsonl file"),
        (["--min-score", "0.9", "--max-score", "0.5"], "--min-score 0.9 is above --max-score"),
    ):
        refused = runner.invoke(app, [*base, *options])
        assert refused.exit_code == 2 and message in refused.stderr, options


def test_the_command_on_an_empty_store_says_what_to_do(tmp_path: Path) -> None:
    result = runner.invoke(app, ["scores", "--db", f"sqlite:///{tmp_path}/empty.db"])
    assert result.exit_code == 0 and "run 'nohaven scan' first" in result.stdout
