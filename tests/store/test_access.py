"""The access log (nohaven.store.access, ``nohaven audit``): who saw which posts, on both
backends."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import UTC, timedelta
from pathlib import Path

import pytest
from typer.testing import CliRunner

from nohaven.cli.main import app
from nohaven.config import Settings
from nohaven.model import PostScore
from nohaven.store import Store, open_store
from nohaven.store.access import AccessRecord, iter_access, post_key, record_access

from .records import T0, account, post

runner = CliRunner()


def test_entries_come_back_newest_first_and_narrowed(store: Store) -> None:
    first = AccessRecord(
        "ana", "scores", 2, {"label": "propaganda"}, ["post:twitter:1", "post:twitter:2"]
    )
    second = AccessRecord("ben", "scores", 1, {"caveat": "short"}, [post_key("telegram", "5/9")])
    export = AccessRecord("ana", "scores", 500, {"output": "/tmp/all.csv"}, [])
    record_access(store, replace(first, at=T0))
    record_access(store, replace(second, at=T0 + timedelta(hours=1)))
    record_access(store, export)  # stamped now
    entries = list(iter_access(store))
    assert [(e.who, e.shown) for e in entries] == [("ana", 500), ("ben", 1), ("ana", 2)]
    assert entries[2].at == T0 and entries[2].at.tzinfo is UTC
    assert entries[2].items == ("post:twitter:1", "post:twitter:2")
    assert entries[2].detail == {"label": "propaganda"}
    assert [e.shown for e in iter_access(store, who="ana")] == [500, 2]
    assert [e.who for e in iter_access(store, item="post:telegram:5/9")] == ["ben"]
    assert list(iter_access(store, item=post_key("twitter", "404"))) == []


def test_a_record_names_who_and_what(store: Store) -> None:
    for fields, message in (
        ({"who": " ", "command": "scores", "shown": 1}, "non-empty who"),
        ({"who": "ana", "command": "", "shown": 1}, "non-empty command"),
        ({"who": "ana", "command": "scores", "shown": -1}, "shown must be 0 or more"),
    ):
        with pytest.raises(ValueError, match=message):
            AccessRecord(**fields)  # type: ignore[arg-type]
    # hostile text is stored as data: NUL replaced, markup kept as written
    record_access(store, AccessRecord("ana\x00", "scores", 1, {"q": "[b]x[/b]"}, ["a:b"]))
    (entry,) = iter_access(store)
    assert entry.who == "ana\ufffd" and entry.detail == {"q": "[b]x[/b]"}


def test_the_reviewer_is_the_setting_else_the_login_name() -> None:
    cwd = Path("/tmp")
    assert Settings.from_env({"NOHAVEN_REVIEWER": " ana "}, cwd).reviewer == "ana"
    assert Settings.from_env({"LOGNAME": "ben", "USER": "other"}, cwd).reviewer == "ben"
    assert Settings.from_env({"USERNAME": "cy"}, cwd).reviewer == "cy"
    assert Settings.from_env({}, cwd).reviewer  # the password database's name, or "unknown"


def test_listing_scores_is_logged_and_audit_answers_who_saw_a_post(
    db_url: str, tmp_path: Path
) -> None:
    with open_store(db_url) as store:
        store.write(
            [post("1"), post("2")],
            [],
            [],
            scores=[
                PostScore("twitter", "1", "default", "default+1", 0.97, "propaganda"),
                PostScore("twitter", "2", "default", "default+1", 0.20, "other"),
            ],
        )
    base = ["--db", db_url]
    shown = runner.invoke(app, ["scores", *base, "--json"], env={"NOHAVEN_REVIEWER": "ana"})
    assert shown.exit_code == 0, shown.output
    out = tmp_path / "all.csv"
    exported = runner.invoke(
        app, ["scores", *base, "--label", "any", "-o", str(out)], env={"NOHAVEN_REVIEWER": "ben"}
    )
    assert exported.exit_code == 0, exported.output
    nothing = runner.invoke(app, ["scores", *base, "--caveat", "long"])  # shows no post
    assert nothing.exit_code == 0
    log = json.loads(runner.invoke(app, ["audit", *base, "--json"]).stdout)
    assert [(e["who"], e["shown"], e["items"]) for e in log] == [
        ("ben", 2, ["post:twitter:1", "post:twitter:2"]),
        ("ana", 1, ["post:twitter:1"]),
    ]
    assert log[0]["detail"] == {"output": str(out.absolute())}
    assert log[1]["detail"] == {"label": "propaganda", "output": None}
    saw_two = json.loads(
        runner.invoke(app, ["audit", *base, "--post", "twitter:2", "--json"]).stdout
    )
    assert [e["who"] for e in saw_two] == ["ben"]
    table = runner.invoke(app, ["audit", *base, "--who", "ana"])
    assert "1 access log entries" in table.stdout and "ben" not in table.stdout
    refused = runner.invoke(app, ["audit", *base, "--post", "42"])
    assert refused.exit_code == 2 and "--post '42': give it as PLATFORM:ID" in refused.stderr
    both = runner.invoke(app, ["audit", *base, "--post", "a:1", "--account", "a:2"])
    assert both.exit_code == 2 and "not both" in both.stderr


def test_listing_accounts_is_logged(tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path}/accounts.db"
    with open_store(db) as store:
        store.write([post("1"), post("2", account_id="200")], [account("100"), account("200")], [])
    env = {"NOHAVEN_REVIEWER": "cy"}
    listed = runner.invoke(app, ["accounts", "--db", db, "--top", "1", "--json"], env=env)
    assert listed.exit_code == 0, listed.output
    top = json.loads(listed.stdout)["top"][0]
    key = f"{top['platform']}:{top['id']}"
    (entry,) = json.loads(runner.invoke(app, ["audit", "--db", db, "--json"]).stdout)
    assert (entry["who"], entry["command"], entry["shown"]) == ("cy", "accounts", 1)
    assert entry["items"] == [f"account:{key}"]
    found = runner.invoke(app, ["audit", "--db", db, "--account", key, "--json"])
    assert [e["command"] for e in json.loads(found.stdout)] == ["accounts"]
    assert (
        json.loads(runner.invoke(app, ["audit", "--db", db, "--post", key, "--json"]).stdout) == []
    )
