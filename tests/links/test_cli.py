"""``nohaven links`` end to end: a file's links, the scan's link stage, the summary."""

from __future__ import annotations

import csv
import json
from pathlib import Path

from typer.testing import CliRunner

from nohaven.cli.main import app

runner = CliRunner()

ROWS = [
    ("p1", "u1", "2015-06-01T10:00:00Z", "Weather updates on t[.]me/weather_daily and more"),
    ("p2", "u2", "2015-06-02T10:00:00Z", "Recipes at https://pastebin.com/abc123 today"),
    ("p3", "u1", "2015-06-09T10:00:00Z", "Join https://t.me/weather_daily for the forecast"),
    ("p4", "u3", "2015-06-09T11:00:00Z", "The match ended 2.1 after extra time."),
]


def _posts(tmp_path: Path) -> Path:
    path = tmp_path / "posts.jsonl"
    path.write_text(
        "".join(
            json.dumps({"id": i, "account": a, "created": c, "text": t}) + "\n"
            for i, a, c, t in ROWS
        ),
        "utf-8",
    )
    return path


def test_links_of_a_file_to_csv(tmp_path: Path) -> None:
    out = tmp_path / "links.csv"
    result = runner.invoke(app, ["links", str(_posts(tmp_path)), "-o", str(out), "--json"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.output)
    assert (report["posts"], report["links"], report["posts_with_links"]) == (4, 3, 3)
    with out.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert [(r["post_id"], r["target"], r["kind"], r["obfuscated"]) for r in rows] == [
        ("p1", "https://t.me/weather_daily", "messaging", "yes"),
        ("p2", "https://pastebin.com/abc123", "paste", "no"),
        ("p3", "https://t.me/weather_daily", "messaging", "no"),
    ]


def test_scan_stores_links_and_summary_reports_them(tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'l.db'}"
    scanned = runner.invoke(app, ["scan", str(_posts(tmp_path)), "--db", db, "--json"])
    assert scanned.exit_code == 0, scanned.output
    assert "links" in json.loads(scanned.output)["stages"]
    out = tmp_path / "stored.jsonl"
    stored = runner.invoke(app, ["links", "--db", db, "-o", str(out), "--json"])
    assert json.loads(stored.output)["links"] == 3
    summary = runner.invoke(app, ["links", "--summary", "--db", db, "--json"])
    assert summary.exit_code == 0, summary.output
    data = json.loads(summary.output)
    (top, paste) = data["destinations"]
    assert (top["target"], top["posts"], top["accounts"]) == ("https://t.me/weather_daily", 2, 1)
    assert top["obfuscated_posts"] == 1
    assert paste["kind"] == "paste"
    weeks = {w["week"]: w for w in data["weeks"]}
    assert weeks["2015-W23"]["by_kind"] == {"messaging": 1, "paste": 1}
    assert weeks["2015-W24"]["share"] == 0.5
    printed = runner.invoke(app, ["links", "--summary", "--db", db])
    assert "2 destinations in all." in printed.output
    # who was given the stored links and shown the destinations: the access log
    log = json.loads(runner.invoke(app, ["audit", "--db", db, "--json"]).output)
    assert [(e["command"], e["shown"]) for e in log] == [("links", 2), ("links", 2), ("links", 3)]
    assert log[2]["detail"] == {"platform": None, "output": str(out.absolute())}
    assert log[0]["detail"]["summary"] is True


def test_links_needs_an_output_or_summary(tmp_path: Path) -> None:
    result = runner.invoke(app, ["links", str(_posts(tmp_path))])
    assert result.exit_code == 2
    assert "--output" in result.output
