"""The CLI end to end with Typer's runner: every command, its JSON, its exit status."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from nohaven.cli.main import app
from nohaven.demo import WorldManifest
from nohaven.demo.world import MANIFEST_NAME
from nohaven.model import AccountStatus
from nohaven.store import open_store

runner = CliRunner()

ROWS = [
    {
        "id": f"c{i}",
        "account": "u1",
        "created": "2024-05-01T08:00:00Z",
        "text": f"Neutral placeholder number {i}, the bus leaves at nine.",
    }
    for i in range(3)
]


def _invoke(*args: str) -> tuple[int, str]:
    result = runner.invoke(app, list(args))
    return result.exit_code, result.output


@pytest.mark.parametrize(
    "command", ["formats", "ingest", "scan", "stats", "demo"], ids=lambda c: str(c)
)
def test_every_command_has_help(command: str) -> None:
    code, output = _invoke(command, "--help")
    assert code == 0
    assert "Usage" in output


def test_formats_json_lists_the_built_ins() -> None:
    code, output = _invoke("formats", "--json")
    assert code == 0
    names = {row["name"] for row in json.loads(output)}
    assert names == {
        "fifthtribe-csv",
        "twitter-v1",
        "twitter-v2",
        "telegram-telethon",
        "telegram-export",
        "csv",
        "jsonl",
        "parquet",
        "accounts-csv",
    }


def test_ingest_then_stats_json(tmp_path: Path) -> None:
    data = tmp_path / "posts.jsonl"
    data.write_text("".join(json.dumps(row) + "\n" for row in ROWS), "utf-8")
    db = f"sqlite:///{tmp_path / 'cli.db'}"
    code, output = _invoke("ingest", str(data), "--format", "jsonl", "--db", db, "--json")
    assert code == 0, output
    assert json.loads(output)["totals"]["posts"]["new"] == 3
    code, output = _invoke("stats", "--db", db, "--json")
    assert code == 0
    figures = json.loads(output)
    assert figures["posts"] == 3
    assert figures["accounts"] == 1


def test_the_rejected_records_file_is_named_in_full(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A file outside the working folder is shown with its whole path, never as a folder and
    name that would read as a relative path."""
    data = tmp_path / "inbox" / "posts.jsonl"
    data.parent.mkdir()
    data.write_text(json.dumps(ROWS[0]) + "\n{not json\n", "utf-8")
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    code, output = _invoke(
        "ingest", str(data), "--format", "jsonl", "--db", f"sqlite:///{tmp_path / 'c.db'}"
    )
    assert code == 0, output
    flat = " ".join(output.split())
    rejects = data.with_name("posts.jsonl.rejects.jsonl")
    assert rejects.exists()
    assert f"1 rejected records of {data.resolve()}: {rejects.resolve()}" in flat


def test_ingest_with_a_mapping(tmp_path: Path) -> None:
    data = tmp_path / "posts.csv"
    data.write_text("ref,who,ts,body\nm1,u9,2024-05-01T08:00:00Z,Placeholder text\n", "utf-8")
    db = f"sqlite:///{tmp_path / 'cli.db'}"
    code, output = _invoke(
        "ingest",
        str(data),
        "--format",
        "csv",
        "--map",
        "id=ref,account=who,created=ts,text=body",
        "--db",
        db,
        "--json",
    )
    assert code == 0, output
    assert json.loads(output)["totals"]["posts"]["new"] == 1


@pytest.mark.parametrize(
    ("args", "code"),
    [
        pytest.param(["--format", "no-such-format"], 2, id="unknown-format"),
        pytest.param(["--format", "csv", "--map", "nonsense"], 2, id="bad-mapping"),
    ],
)
def test_usage_errors_exit_2(tmp_path: Path, args: list[str], code: int) -> None:
    data = tmp_path / "posts.csv"
    data.write_text("id,text\n1,x\n", "utf-8")
    exit_code, output = _invoke("ingest", str(data), "--db", f"sqlite:///{tmp_path}/x.db", *args)
    assert exit_code == code
    assert "error:" in output


def test_unreadable_input_exits_1(tmp_path: Path) -> None:
    data = tmp_path / "posts.jsonl"
    data.write_text("{broken\n", "utf-8")
    code, output = _invoke(
        "ingest", str(data), "--format", "jsonl", "--db", f"sqlite:///{tmp_path}/x.db"
    )
    assert code == 1
    assert "nothing could be read" in output


def test_demo_prints_a_summary(tmp_path: Path) -> None:
    code, output = _invoke("demo", "--out", str(tmp_path / "demo"), "--json")
    assert code == 0, output
    report = json.loads(output)
    assert report["stats"]["posts"] > 1_000
    assert report["stats"]["accounts"] > 100
    assert set(report["stats"]["posts_by_language"]) >= {"ar", "fr", "en"}
    # The only records not stored are the Telegram export's service messages (joins, pins).
    rejected = report["scan"]["totals"]["rejected"]
    assert 0 < rejected < 50
    for file in report["scan"]["files"]:
        if file["rejects_file"]:
            reasons = Path(file["rejects_file"]).read_text("utf-8").splitlines()
            assert all("service message" in json.loads(line)["reason"] for line in reasons)
    # The account status table is scanned too: the store knows who was suspended.
    manifest = WorldManifest.read(tmp_path / "demo" / "world" / MANIFEST_NAME)
    truth = {a.id for a in manifest.accounts if a.platform == "twitter" and a.suspended}
    with open_store(report["db"]) as store:
        stored = {
            a.id for a in store.iter_accounts("twitter") if a.status is AccountStatus.SUSPENDED
        }
    assert stored == truth and len(truth) > 10
    # The scan scored every post: the flagged ones come back for review, highest first.
    listed = runner.invoke(app, ["scores", "--db", report["db"], "--json", "--top", "5"])
    posts = json.loads(listed.stdout)["posts"]
    assert len(posts) == 5 and {post["label"] for post in posts} == {"propaganda"}
    assert [post["score"] for post in posts] == sorted((p["score"] for p in posts), reverse=True)
    assert all(post["text"] and post["account_id"] for post in posts)


def _scan_rows(tmp_path: Path, **env: str) -> tuple[int, str]:
    data = tmp_path / "posts.jsonl"
    data.write_text("".join(json.dumps(row) + "\n" for row in ROWS), "utf-8")
    db = f"sqlite:///{tmp_path}/scan.db"
    result = runner.invoke(app, ["scan", str(data), "--db", db, "--json"], env=env)
    return result.exit_code, result.output


def test_scan_scores_accounts_with_the_account_model_setting(tmp_path: Path) -> None:
    code, output = _scan_rows(tmp_path)
    assert code == 0, output
    report = json.loads(output)
    assert "accounts" in report["stages"] and report["accounts"]["accounts"] == 1
    assert report["accounts"]["model"] == "default"


def test_scan_skips_account_scoring_when_told(tmp_path: Path) -> None:
    code, output = _scan_rows(tmp_path, NOHAVEN_ACCOUNT_MODEL="none")
    assert code == 0, output
    report = json.loads(output)
    assert "accounts" not in report["stages"] and "accounts" not in report


def test_a_broken_account_model_fails_before_anything_is_read(tmp_path: Path) -> None:
    broken = tmp_path / "model.json"
    broken.write_text("{not json", "utf-8")
    code, output = _scan_rows(tmp_path, NOHAVEN_ACCOUNT_MODEL=str(broken))
    assert code == 2
    assert "unreadable account model" in output and "NOHAVEN_ACCOUNT_MODEL" in output
    assert not (tmp_path / "scan.db").exists()
