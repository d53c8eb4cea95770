"""Banks end to end through the CLI: create, add, match, negative banks, quarantine, review,
export and import, the scan's matching stage, and bad input that does not stop the rest."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from PIL import Image, ImageDraw
from typer.testing import CliRunner

from nohaven.cli.main import app

from .pictures import encode, picture

runner = CliRunner()


def _invoke(*args: str, env: dict[str, str] | None = None) -> tuple[int, str]:
    result = runner.invoke(app, list(args), env=env)
    return result.exit_code, result.output


def _json(*args: str, env: dict[str, str] | None = None) -> Any:
    code, output = _invoke(*args, "--json", env=env)
    assert code == 0, output
    return json.loads(output)


def _lines(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text("utf-8").splitlines()]


@pytest.fixture
def db(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'banks.db'}"


def _variants(original: Image.Image, folder: Path) -> dict[str, Path]:
    """Edited copies of a picture, as platforms and re-uploaders make them."""
    folder.mkdir()
    width, height = original.size
    marked = original.copy()
    ImageDraw.Draw(marked).text((10, 10), "re-upload 2025", fill=(255, 255, 255))
    edits = {
        "reencoded.jpg": (original, "JPEG"),
        "resized.png": (original.resize((width // 2, height // 2)), "PNG"),
        "watermarked.png": (marked, "PNG"),
        "cropped.png": (original.crop((4, 4, width - 4, height - 4)), "PNG"),
    }
    out = {}
    for name, (image, fmt) in edits.items():
        path = folder / name
        path.write_bytes(encode(image, fmt))
        out[name] = path
    return out


def test_image_bank_matches_edited_copies_and_not_unrelated_ones(tmp_path: Path, db: str) -> None:
    originals = tmp_path / "known"
    originals.mkdir()
    for seed in (1, 2):
        (originals / f"known-{seed}.png").write_bytes(encode(picture(seed)))
    assert _json("bank", "create", "known-media", "--kind", "image", "--db", db) == {
        "name": "known-media",
        "kind": "image",
        "negative": False,
    }
    added = _json(
        "bank",
        "add",
        "known-media",
        str(originals),
        "--label",
        "group=group-x",
        "--label",
        "behaviour=glorification",
        "--source",
        "test-list",
        "--db",
        db,
    )
    assert added == {"new": 2, "updated": 0, "unchanged": 0, "errors": []}
    again = _json("bank", "add", "known-media", str(originals), "--db", db)
    assert again == {"new": 0, "updated": 0, "unchanged": 2, "errors": []}

    queries = _variants(picture(1), tmp_path / "queries")
    (tmp_path / "queries" / "unrelated.png").write_bytes(encode(picture(99)))
    (tmp_path / "queries" / "corrupt.png").write_bytes(encode(picture(5))[:200])
    (tmp_path / "queries" / "empty.jpg").write_bytes(b"")
    flipped = tmp_path / "flipped.png"
    flipped.write_bytes(encode(picture(2).transpose(Image.Transpose.FLIP_LEFT_RIGHT)))
    out = tmp_path / "matches.jsonl"
    summary = _json("match", str(tmp_path / "queries"), str(flipped), "-o", str(out), "--db", db)
    assert summary["items"] == 8
    assert summary["errors"] == 2
    by_item = {Path(str(row["item"])).name: row for row in _lines(out)}
    for name in queries:
        (match,) = by_item[name]["matches"]
        assert match["status"] == "match", name
        assert match["labels"] == {
            "group": "group-x",
            "behaviours": ["glorification"],
            "tags": [],
        }
        assert match["distance"] <= 31
    assert "unrelated.png" not in by_item
    assert "flipped.png" not in by_item  # rotations are off by default
    assert by_item["corrupt.png"]["error"]
    assert "empty" in str(by_item["empty.jpg"]["error"])

    rotations = {"NOHAVEN_PDQ_ROTATIONS": "1"}
    summary = _json("match", str(flipped), "--db", db, env=rotations)
    assert summary["matched"] == 1


def test_negative_bank_suppresses_a_match(tmp_path: Path, db: str) -> None:
    image = tmp_path / "logo.png"
    image.write_bytes(encode(picture(7)))
    _json("bank", "create", "known-media", "--kind", "image", "--db", db)
    _json("bank", "create", "benign", "--kind", "image", "--negative", "--db", db)
    _json("bank", "add", "known-media", str(image), "--db", db)
    out = tmp_path / "m.jsonl"
    assert _json("match", str(image), "--db", db)["matched"] == 1
    _json("bank", "add", "benign", str(image), "--db", db)
    summary = _json("match", str(image), "--bank", "known-media", "-o", str(out), "--db", db)
    assert summary["matched"] == 0
    (row,) = _lines(out)
    (match,) = row["matches"]
    assert match["status"] == "suppressed_by_negative_bank"
    assert match["suppressed_by"] is not None


def test_flood_quarantine_review_and_release(tmp_path: Path, db: str) -> None:
    image = tmp_path / "known.png"
    image.write_bytes(encode(picture(11)))
    copies = tmp_path / "copies"
    copies.mkdir()
    for i in range(3):
        (copies / f"copy-{i}.jpg").write_bytes(encode(picture(11), "JPEG", quality=90 - i * 10))
    _json("bank", "create", "known-media", "--kind", "image", "--db", db)
    _json("bank", "add", "known-media", str(image), "--db", db)
    flood = {"NOHAVEN_FLOOD_LIMIT": "2"}
    summary = _json("match", str(copies), "--db", db, env=flood)
    (quarantine,) = summary["quarantined"]
    entry_id = quarantine["entry_id"]
    (listed,) = _json("bank", "list", "--db", db)
    assert (listed["entries"], listed["quarantined"], listed["matched_items"]) == (1, 1, 3)
    # While quarantined, its matches are suppressed.
    assert _json("match", str(image), "--db", db)["matched"] == 0
    item = f"file:{copies / 'copy-0.jpg'}"
    ledger = _json(
        "bank", "verdict", str(entry_id), item, "true_positive", "--reviewer", "ana", "--db", db
    )
    assert ledger == {"id": entry_id, "true_positives": 1, "false_positives": 0, "precision": 1.0}
    released = _json("bank", "release", str(entry_id), "--reviewer", "ana", "--db", db)
    assert released == {"id": entry_id, "status": "active"}
    assert _json("match", str(image), "--db", db)["matched"] == 1
    (shown,) = _json("bank", "show", "known-media", "--db", db)
    assert (shown["status"], shown["true_positives"]) == ("active", 1)


def test_text_bank_scan_and_store_matching(tmp_path: Path, db: str) -> None:
    known = "The village market opens at seven every Saturday, bring your own bags and baskets"
    _json("bank", "create", "statements", "--kind", "text", "--db", db)
    _json("bank", "add", "statements", "--text", known, "--label", "tag=market", "--db", db)
    posts = tmp_path / "posts.jsonl"
    rows = [
        # An edited re-post: words inserted, a homoglyph, a zero-width space, a new link.
        "RT @someone: The village markеt opens at seven every\u200b Saturday, please bring "
        "your own bags and baskets https://example.org/x",
        "The football match was cancelled because of the heavy rain this afternoon",
    ]
    posts.write_text(
        "".join(
            json.dumps(
                {"id": f"p{i}", "account": "u1", "created": "2025-01-01T00:00:00Z", "text": text}
            )
            + "\n"
            for i, text in enumerate(rows)
        ),
        "utf-8",
    )
    env = {"NOHAVEN_MODEL": "default"}
    report = _json("scan", str(posts), "--db", db, env=env)
    (file_report,) = report["files"]
    assert file_report["matches"] == 1
    assert "match" in report["stages"]
    out = tmp_path / "store-matches.jsonl"
    summary = _json("match", "--store", "-o", str(out), "--db", db, env={"NOHAVEN_REVIEWER": "dee"})
    assert (summary["items"], summary["matched"]) == (1, 1)
    (row,) = _lines(out)
    assert row["item"] == "post:generic:p0"
    # who was told which stored posts are known content is in the access log
    (entry,) = _json("audit", "--db", db, "--post", "generic:p0")
    assert (entry["who"], entry["command"], entry["shown"]) == ("dee", "match --store", 1)
    assert entry["items"] == ["post:generic:p0"] and entry["detail"]["output"] == str(out)


def test_export_import_round_trip_and_rejects(tmp_path: Path, db: str) -> None:
    image = tmp_path / "known.png"
    image.write_bytes(encode(picture(4)))
    _json("bank", "create", "a", "--kind", "image", "--db", db)
    _json("bank", "add", "a", str(image), "--label", "group=g", "--db", db)
    exported = tmp_path / "a.csv"
    assert _json("bank", "export", "a", "-o", str(exported), "--format", "csv", "--db", db) == {
        "written": 1,
        "skipped": 0,
        "skipped_types": [],
    }
    other = f"sqlite:///{tmp_path / 'other.db'}"
    _json("bank", "create", "b", "--kind", "image", "--db", other)
    report = _json("bank", "import", "b", str(exported), "--format", "csv", "--db", other)
    assert report == {"new": 1, "updated": 0, "unchanged": 0, "rejected": 0, "rejects_file": None}
    (entry,) = _json("bank", "show", "b", "--db", other)
    assert entry["labels"]["group"] == "g"

    te = tmp_path / "te.txt"
    te.write_text(
        "pdq not-a-hash\n"
        + exported.read_text("utf-8").splitlines()[1].replace(",", " ", 1).split(",")[0]
        + "\n",
        "utf-8",
    )
    report = _json("bank", "import", "b", str(te), "--db", other)
    assert (report["unchanged"], report["rejected"]) == (1, 1)
    (reject,) = _lines(Path(str(report["rejects_file"])))
    assert (reject["file"], reject["line"]) == (str(te), 1)


def test_hash_prints_signals_and_survives_bad_files(tmp_path: Path) -> None:
    image = tmp_path / "p.png"
    image.write_bytes(encode(picture(8)))
    (tmp_path / "empty.bin").write_bytes(b"")
    results = _json("hash", str(tmp_path))
    by_name = {Path(str(r["path"])).name: r for r in results}
    assert {s["type"] for s in by_name["p.png"]["signals"]} == {"pdq", "md5", "sha256"}
    assert by_name["empty.bin"]["error"]
    code, _ = _invoke("hash", str(tmp_path / "empty.bin"))
    assert code == 1


def test_usage_errors(tmp_path: Path, db: str) -> None:
    code, output = _invoke("bank", "create", "x", "--kind", "image", "--db", db)
    assert code == 0
    code, output = _invoke("bank", "create", "x", "--kind", "image", "--db", db)
    assert (code, "already exists" in output) == (2, True)
    code, output = _invoke("bank", "add", "nope", str(tmp_path), "--db", db)
    assert (code, "no bank named 'nope'" in output) == (2, True)
    code, output = _invoke("match", str(tmp_path), "--db", db)
    assert (code, "hold no entries" in output) == (2, True)
    code, output = _invoke("bank", "delete", "x", "--db", db)
    assert code == 2
    code, output = _invoke("bank", "delete", "x", "--yes", "--db", db)
    assert code == 0


def test_bank_entries_are_shown_as_written(db: str) -> None:
    """Banked values and labels may come from another organisation's export: the table shows
    them as data, never as rich markup (a [link=...] would be a clickable terminal link)."""
    _json("bank", "create", "notes", "--kind", "text", "--db", db)
    notice = "the market notice for saturday"
    _json("bank", "add", "notes", "--text", notice, "--label", "group=[b]g[/b]", "--db", db)
    shown = runner.invoke(app, ["bank", "show", "notes", "--db", db])
    assert shown.exit_code == 0, shown.output
    assert "[b]g[/b]" in shown.stdout
