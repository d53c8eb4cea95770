"""Every built-in format keeps the format contract on a neutral sample of its own."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from nohaven.ingest.base import FormatOptions, Head, Mapped, Reject, SourceRecord
from nohaven.ingest.contract import check_format
from nohaven.ingest.registry import default_registry

FIXTURES = Path(__file__).parent / "fixtures"

SAMPLES = {
    "fifthtribe-csv": FIXTURES / "fifthtribe" / "tweets.csv",
    "twitter-v1": FIXTURES / "twitter" / "v1_stream.jsonl",
    "twitter-v2": FIXTURES / "twitter" / "v2_page.json",
    "telegram-telethon": FIXTURES / "telegram" / "telethon_group.jsonl",
    "telegram-export": FIXTURES / "telegram" / "result_channel.json",
    "csv": FIXTURES / "generic" / "posts.csv",
    "jsonl": FIXTURES / "generic" / "posts.jsonl",
    "accounts-csv": FIXTURES / "accounts" / "accounts.csv",
}


def _parquet(tmp_path: Path) -> Path:
    path = tmp_path / "posts.parquet"
    table = pa.table(
        {
            "id": ["p1", "p2"],
            "account": ["u1", "u2"],
            "created": ["2024-01-01T10:00:00Z", "2024-01-02T11:30:00Z"],
            "text": ["Rain expected this afternoon.", "Le marché ouvre à huit heures."],
        }
    )
    pq.write_table(table, path)
    return path


@pytest.mark.parametrize("name", default_registry().names(), ids=str)
def test_every_built_in_format_keeps_the_contract(name: str, tmp_path: Path) -> None:
    registry = default_registry()
    sample = _parquet(tmp_path) if name == "parquet" else SAMPLES[name]
    check_format(registry.get(name), sample, registry=registry)


def test_the_kit_names_a_broken_promise() -> None:
    class Lazy:
        name = "lazy"
        description = "reads nothing"

        def sniff(self, head: object) -> float:
            return 0.0

        def read(self, path: object, options: object) -> list[object]:
            return []

        def map(self, record: object, options: object) -> object:
            raise KeyError("boom")

    with pytest.raises(AssertionError, match="recognises its own sample"):
        check_format(Lazy(), SAMPLES["csv"])  # type: ignore[arg-type]


def test_the_kit_refuses_a_record_whose_posts_are_all_captured() -> None:
    """A record's captured posts (others' statuses it retweets or quotes) are some of the
    posts it gives, never all of them: else classify would give the record no row."""
    csv = default_registry().get("csv")

    class AllCaptured:
        name = "csv"
        description = csv.description

        def sniff(self, head: Head) -> float:
            return csv.sniff(head)

        def read(self, path: Path, options: FormatOptions) -> Iterator[SourceRecord | Reject]:
            return csv.read(path, options)

        def map(self, record: SourceRecord, options: FormatOptions) -> Mapped:
            mapped = csv.map(record, options)
            return replace(mapped, captured=frozenset(post.id for post in mapped.posts))

    with pytest.raises(AssertionError, match="never all of them"):
        check_format(AllCaptured(), SAMPLES["csv"])
