"""Issue-level acceptance on the real public data in ../shared/data.

Every real sample is read through the whole pipeline (format detection, mapping, stages,
store) and must give no rejects except the records that really are broken. Tweet text from
the pro-ISIS sets is never quoted here: rows are checked by counts, ids, handles and times.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from nohaven.cli.main import app
from nohaven.config import Settings
from nohaven.jobs import ingest
from nohaven.store import open_store

pytestmark = pytest.mark.shared

# (file under ../shared/data, detected format, records read, rejects, posts stored at least)
SAMPLES = [
    ("isis-twitter-fifthtribe/tweets.csv", "fifthtribe-csv", 12_237, 0, 12_237),
    ("isis-twitter-expanded-links/IsisFanboy.csv", "fifthtribe-csv", 12_227, 0, 12_227),
    ("radicalization-tt-twitter-v1/TT-TEST.jsonl.gz", "twitter-v1", 5_297, 0, 5_297),
    ("radicalization-tt-twitter-v1/TT-TRAIN-PRO.jsonl.gz", "twitter-v1", 10_282, 0, 10_282),
    (
        "radicalization-tt-twitter-v1/samples/sample_TT-TEST_864865986582851585.json",
        "twitter-v1",
        1,
        0,
        1,
    ),
    ("hardneg-news-en-pheme/sydneysiege-all-rnr-threads.rumours.json.gz", "twitter-v1", 0, 0, 1),
    ("twitter-v2-samples/noflat.jsonl", "twitter-v2", 1, 0, 100),
    ("twitter-v2-samples/2sets.jsonl", "twitter-v2", 2, 0, 200),
    ("twitter-v2-samples/flat.jsonl", "twitter-v2", 100, 0, 100),
    ("twitter-v2-samples/withheld.jsonl", "twitter-v2", 5, 0, 215),
    ("twitter-v2-samples/many_urls.jsonl", "twitter-v2", 1, 0, 1),
    ("twitter-v2-samples/edited.jsonl", "twitter-v2", 1, 0, 1),
    ("twitter-v2-samples/streaming_output_with_error.jsonl", "twitter-v2", 8, 1, 7),
    ("telegram-telethon-sample/bloomberg.jsonl", "telegram-telethon", 3, 0, 3),
]


@pytest.mark.parametrize(
    ("relative", "fmt", "records", "rejects", "posts"),
    SAMPLES,
    ids=[sample[0].split("/")[-1] for sample in SAMPLES],
)
def test_every_real_sample_ingests_with_only_broken_records_rejected(
    shared_data: Path,
    tmp_path: Path,
    relative: str,
    fmt: str,
    records: int,
    rejects: int,
    posts: int,
) -> None:
    settings = Settings(db_url=f"sqlite:///{tmp_path / 'store.db'}", rejects_dir=tmp_path)
    report = ingest([shared_data / relative], settings)
    (file,) = report.files
    assert file.error is None
    assert file.format == fmt
    if records:
        assert file.records == records
    assert file.rejects == rejects
    assert file.counts.posts.new >= posts


def test_the_fifthtribe_acceptance_command(shared_data: Path, tmp_path: Path) -> None:
    """`nohaven ingest .../tweets.csv` stores 12,237 posts from 84 accounts; again, nothing."""
    source = shared_data / "isis-twitter-fifthtribe" / "tweets.csv"
    db = f"sqlite:///{tmp_path / 'store.db'}"
    runner = CliRunner()
    args = ["ingest", str(source), "--db", db, "--rejects-dir", str(tmp_path), "--json"]
    first = runner.invoke(app, args)
    assert first.exit_code == 0, first.output
    assert json.loads(first.output)["totals"]["posts"]["new"] == 12_237
    again = runner.invoke(app, args)
    assert again.exit_code == 0, again.output
    totals = json.loads(again.output)["totals"]
    assert totals["posts"] == {"new": 0, "updated": 0, "unchanged": 12_237}
    assert (totals["accounts"]["new"], totals["accounts"]["updated"]) == (0, 0)
    assert totals["interactions"]["new"] == 0
    stats = runner.invoke(app, ["stats", "--db", db, "--json"])
    figures = json.loads(stats.output)
    assert figures["posts"] == 12_237
    assert figures["accounts"] == 84
    with open_store(db) as store:
        retweets = sum(1 for post in store.iter_posts() if post.repost_of_account)
        languages = figures["posts_by_language"]
    assert 4_000 <= retweets <= 4_200  # "RT @x:" rows, counted in the file: 4,102
    assert languages["en"] > languages["ar"] > 0


def test_the_flat_csv_with_a_column_mapping(shared_data: Path, tmp_path: Path) -> None:
    source = shared_data / "radicalization-tt-twitter-v1" / "tt_flat.csv"
    settings = Settings(db_url=f"sqlite:///{tmp_path / 'store.db'}", rejects_dir=tmp_path)
    mapping = {
        "id": "id_str",
        "account": "user_id_str",
        "handle": "screen_name",
        "created": "created_at",
        "text": "text",
    }
    report = ingest([source], settings, format_name="csv", mapping=mapping, platform="twitter")
    assert report.files[0].rejects == 0
    assert report.totals().posts.new == 30_779
