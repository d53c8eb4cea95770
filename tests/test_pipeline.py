"""The pipeline end to end on bad input: each bad record is rejected, the rest stored."""

from __future__ import annotations

import codecs
import gc
import gzip
import json
from collections.abc import Sequence
from pathlib import Path

import pytest

from nohaven.config import Settings
from nohaven.ingest.registry import default_registry
from nohaven.jobs import ingest, stats
from nohaven.model import PostScore
from nohaven.pipeline import (
    Batch,
    RunReport,
    batched_collection,
    interaction_stage,
    rejects_path,
    run,
)
from nohaven.store import RowCounts, open_store

GOOD = [
    {
        "id": f"p{i}",
        "account": f"u{i % 3}",
        "created": f"2024-03-0{i + 1}T10:00:00Z",
        "text": f"Placeholder post number {i} about the weather and the market.",
    }
    for i in range(5)
]


def _jsonl(rows: Sequence[object]) -> str:
    return "".join((row if isinstance(row, str) else json.dumps(row)) + "\n" for row in rows)


def _run(tmp_path: Path, path: Path, fmt: str) -> tuple[RunReport, Settings]:
    settings = Settings(db_url=f"sqlite:///{tmp_path / 'store.db'}")
    return ingest([path], settings, format_name=fmt), settings


def _rejects(path: Path) -> list[dict[str, object]]:
    target = rejects_path(path)
    return [json.loads(line) for line in target.read_text("utf-8").splitlines()]


@pytest.mark.parametrize(
    ("bad_line", "reason"),
    [
        pytest.param('{"id": "x", "text": ', "malformed JSON", id="malformed-json"),
        pytest.param("[1, 2, 3]", "expected a JSON object", id="not-an-object"),
        pytest.param(
            '{"id": "x", "account": "u", "text": "no time here"}', "created", id="missing-time"
        ),
        pytest.param(
            '{"id": "x", "account": "u", "created": "yesterday-ish", "text": "t"}',
            "invalid timestamp",
            id="invalid-time",
        ),
        pytest.param(
            '{"id": "x", "account": "u", "created": "2024-01-01T00:00:00Z", "text": "a\x00b"}',
            "NUL",
            id="nul-byte",
        ),
        pytest.param(
            '{"id": "x", "account": "u", "created": "2024-01-01T00:00:00Z"}',
            "text",
            id="missing-text",
        ),
    ],
)
def test_a_bad_json_line_is_rejected_and_the_rest_stored(
    tmp_path: Path, bad_line: str, reason: str
) -> None:
    path = tmp_path / "posts.jsonl"
    path.write_text(_jsonl([GOOD[0], GOOD[1], bad_line, *GOOD[2:]]), "utf-8")
    report, settings = _run(tmp_path, path, "jsonl")
    assert report.anything_read
    assert report.files[0].rejects == 1
    assert report.totals().posts.new == len(GOOD)
    (reject,) = _rejects(path)
    assert reject["file"] == str(path)
    assert reject["line"] == 3
    assert reason.lower() in str(reject["reason"]).lower()
    assert stats(settings).to_json()["rejects"] == 1


def test_a_ten_megabyte_text_field_is_rejected(tmp_path: Path) -> None:
    huge = dict(GOOD[0], id="huge", text="x" * 10_000_000)
    path = tmp_path / "posts.jsonl"
    path.write_text(_jsonl([huge, *GOOD]), "utf-8")
    settings = Settings(db_url=f"sqlite:///{tmp_path / 'store.db'}", max_text_chars=1_000_000)
    report = ingest([path], settings, format_name="jsonl")
    assert report.totals().posts.new == len(GOOD)
    (reject,) = _rejects(path)
    assert reject["line"] == 1
    assert "10,000,000 characters" in str(reject["reason"])
    assert len(str(reject["excerpt"])) < 1_000


def test_a_truncated_gzip_keeps_what_came_before(tmp_path: Path) -> None:
    rows = [dict(GOOD[0], id=f"g{i}", text=f"Placeholder {i} " * 20) for i in range(3000)]
    whole = gzip.compress(_jsonl(rows).encode("utf-8"))
    path = tmp_path / "posts.jsonl.gz"
    path.write_bytes(whole[: len(whole) // 2])
    report, _ = _run(tmp_path, path, "jsonl")
    stored = report.totals().posts.new
    assert 0 < stored < len(rows)
    last = _rejects(path)[-1]
    assert "truncated" in str(last["reason"])
    assert int(str(last["line"])) > stored


def test_a_csv_row_with_the_wrong_number_of_fields_is_rejected(tmp_path: Path) -> None:
    path = tmp_path / "posts.csv"
    lines = ["id,account,created,text"]
    lines += [f"{r['id']},{r['account']},{r['created']},{r['text']}" for r in GOOD]
    lines.insert(3, "z9,u1,2024-01-01T00:00:00Z,too,many,fields")
    path.write_text("\n".join(lines) + "\n", "utf-8")
    report, _ = _run(tmp_path, path, "csv")
    assert report.totals().posts.new == len(GOOD)
    (reject,) = _rejects(path)
    assert reject["line"] == 4
    assert "6 fields" in str(reject["reason"])


@pytest.mark.parametrize(
    ("encoding", "bom"),
    [
        pytest.param("latin-1", b"", id="latin-1"),
        pytest.param("utf-16-le", codecs.BOM_UTF16_LE, id="utf-16-bom"),
        pytest.param("utf-8", codecs.BOM_UTF8, id="utf-8-bom"),
    ],
)
def test_latin1_and_bom_files_are_decoded(tmp_path: Path, encoding: str, bom: bytes) -> None:
    path = tmp_path / "posts.csv"
    text = "id,account,created,text\nq1,u1,2024-01-01T00:00:00Z,Café déjà vu à Genève\n"
    path.write_bytes(bom + text.encode(encoding))
    report, settings = _run(tmp_path, path, "csv")
    assert report.files[0].rejects == 0
    assert report.totals().posts.new == 1
    from nohaven.store import open_store

    with open_store(settings.db_url) as store:
        (post,) = list(store.iter_posts())
    assert post.text == "Café déjà vu à Genève"
    assert post.language == "fr"


@pytest.mark.parametrize(
    ("delimiter", "encoding", "bom"),
    [
        pytest.param(";", "utf-8", b"", id="semicolon"),  # a spreadsheet in a European locale
        pytest.param("\t", "utf-16-le", codecs.BOM_UTF16_LE, id="excel-unicode-text"),
        pytest.param("|", "utf-8", b"", id="pipe"),
    ],
)
def test_a_csv_with_another_delimiter_is_read(
    tmp_path: Path, delimiter: str, encoding: str, bom: bytes
) -> None:
    path = tmp_path / "posts.csv"
    header = delimiter.join(["id", "account", "created", "text"])
    rows = [
        delimiter.join([r["id"], r["account"], r["created"], f'"{r["text"]}, too"']) for r in GOOD
    ]
    path.write_bytes(bom + "\n".join([header, *rows, ""]).encode(encoding))
    report, _ = _run(tmp_path, path, "csv")
    assert report.files[0].rejects == 0
    assert report.totals().posts.new == len(GOOD)


def test_the_delimiter_is_sniffed_outside_quotes(tmp_path: Path) -> None:
    from nohaven.ingest.base import SourceRecord
    from nohaven.ingest.readers import read_csv

    def rows(path: Path) -> list[object]:
        return [item.data if isinstance(item, SourceRecord) else item for item in read_csv(path)]

    path = tmp_path / "t.csv"
    path.write_text('"id";"text, as written"\n1;"a, b; c"\n', "utf-8")
    assert rows(path) == [{"id": "1", "text, as written": "a, b; c"}]
    commas = tmp_path / "c.csv"
    commas.write_text("id,text\n1,a; b; c\n", "utf-8")  # a comma in the header: commas
    assert rows(commas) == [{"id": "1", "text": "a; b; c"}]


def test_running_again_changes_nothing_and_rewrites_the_rejects(tmp_path: Path) -> None:
    path = tmp_path / "posts.jsonl"
    path.write_text(_jsonl([*GOOD, "{broken"]), "utf-8")
    first, _ = _run(tmp_path, path, "jsonl")
    second, _ = _run(tmp_path, path, "jsonl")
    assert first.totals().posts.new == len(GOOD)
    assert second.totals().posts.new == 0
    assert second.totals().posts.updated == 0
    assert second.totals().posts.unchanged == len(GOOD)
    assert len(_rejects(path)) == 1


def test_nothing_readable_is_reported(tmp_path: Path) -> None:
    path = tmp_path / "posts.jsonl"
    path.write_text("{bad\n{worse\n", "utf-8")
    report, _ = _run(tmp_path, path, "jsonl")
    assert not report.anything_read
    assert report.files[0].rejects == 2


def test_a_missing_file_does_not_stop_the_others(tmp_path: Path) -> None:
    good = tmp_path / "posts.jsonl"
    good.write_text(_jsonl(GOOD), "utf-8")
    settings = Settings(db_url=f"sqlite:///{tmp_path / 'store.db'}")
    report = ingest([tmp_path / "absent.jsonl", good], settings, format_name="jsonl")
    assert report.files[0].error is not None
    assert "absent.jsonl" in report.files[0].error
    assert report.files[1].counts.posts.new == len(GOOD)


def test_a_folder_is_read_recursively_without_rejects_files(tmp_path: Path) -> None:
    (tmp_path / "in" / "sub").mkdir(parents=True)
    (tmp_path / "in" / "a.jsonl").write_text(_jsonl(GOOD[:2]), "utf-8")
    (tmp_path / "in" / "sub" / "b.jsonl").write_text(_jsonl([*GOOD[2:], "{bad"]), "utf-8")
    (tmp_path / "in" / ".hidden.jsonl").write_text(_jsonl(GOOD), "utf-8")
    settings = Settings(db_url=f"sqlite:///{tmp_path / 'store.db'}")
    first = ingest([tmp_path / "in"], settings, format_name="jsonl")
    assert [Path(f.path).name for f in first.files] == ["a.jsonl", "b.jsonl"]
    again = ingest([tmp_path / "in"], settings, format_name="jsonl")
    assert [Path(f.path).name for f in again.files] == ["a.jsonl", "b.jsonl"]
    assert again.totals().posts.unchanged == len(GOOD)


def test_rejects_of_a_read_only_folder_go_to_the_rejects_dir(tmp_path: Path) -> None:
    target = rejects_path(Path("/proc/version"), None)
    assert target.parent.name == "nohaven-rejects"
    assert target.name.endswith("proc_version.rejects.jsonl")


def test_the_latest_account_snapshot_wins_and_a_rerun_updates_nothing(tmp_path: Path) -> None:
    header = "name,username,description,location,followers,numberstatuses,time,tweets\n"
    rows = [
        "Weather Desk,weather_desk,Forecasts,,100,10,3/1/2016 8:05,Sunny today\n",
        "Weather Desk,weather_desk,Forecasts,,300,30,3/3/2016 8:05,Rain tomorrow\n",
        "Weather Desk,weather_desk,Forecasts,,200,20,3/2/2016 8:05,Clouds later\n",
    ]
    path = tmp_path / "tweets.csv"
    path.write_text(header + "".join(rows), "utf-8")
    settings = Settings(db_url=f"sqlite:///{tmp_path / 'store.db'}", batch_size=1)
    ingest([path], settings)
    again = ingest([path], settings)
    assert again.totals().accounts.updated == 0
    assert again.totals().posts.unchanged == 3
    from nohaven.store import open_store

    with open_store(settings.db_url) as store:
        (account,) = list(store.iter_accounts())
    assert account.followers == 300  # observed with the latest post, not the last row
    assert account.observed is not None
    assert account.observed.day == 3


class _PlaceholderScorer:
    """A stand-in analysis stage: scores each post by its position, no model involved."""

    name = "placeholder-scores"

    def __init__(self, version: str) -> None:
        self.version = version

    def __call__(self, batch: Batch) -> Batch:
        batch.scores = [
            PostScore(post.platform, post.id, "placeholder", self.version, i / 10, "other", ("w",))
            for i, post in enumerate(batch.posts)
        ]
        return batch


def test_scores_made_by_a_stage_are_stored_with_their_batch(tmp_path: Path) -> None:
    path = tmp_path / "posts.jsonl"
    path.write_text(_jsonl(GOOD), "utf-8")
    registry = default_registry()
    with open_store(f"sqlite:///{tmp_path / 'store.db'}") as store:
        stages = [interaction_stage(), _PlaceholderScorer("1.0")]
        first = run([path], store, registry, format_name="jsonl", stages=stages, batch_size=2)
        again = run([path], store, registry, format_name="jsonl", stages=stages, batch_size=2)
        retrained = [interaction_stage(), _PlaceholderScorer("2.0")]
        second = run([path], store, registry, format_name="jsonl", stages=retrained)
        stored = list(store.iter_scores("placeholder", model_version="1.0"))
        assert store.count("post_scores") == 2 * len(GOOD)
        assert store.stats().scores == 2 * len(GOOD)
    assert first.stages == ["interactions", "placeholder-scores"]
    assert first.totals().scores == RowCounts(new=len(GOOD))
    assert first.to_json()["totals"]["scores"] == {"new": 5, "updated": 0, "unchanged": 0}  # type: ignore[index]
    assert first.files[0].to_json()["scores"] == {"new": 5, "updated": 0, "unchanged": 0}
    assert again.totals().scores == RowCounts(unchanged=len(GOOD))
    assert second.totals().scores == RowCounts(new=len(GOOD))
    assert sorted(s.post_id for s in stored) == [row["id"] for row in GOOD]
    # Batches of two: each post's score is its position in its batch.
    assert {s.post_id: s.score for s in stored} == {
        "p0": 0.0,
        "p1": 0.1,
        "p2": 0.0,
        "p3": 0.1,
        "p4": 0.0,
    }


def test_batched_collection_gives_the_collectors_settings_back() -> None:
    before = gc.get_threshold()
    with batched_collection():
        assert gc.get_threshold()[0] > before[0]
    assert gc.get_threshold() == before
    with pytest.raises(RuntimeError), batched_collection():
        raise RuntimeError("a failing run")
    assert gc.get_threshold() == before
