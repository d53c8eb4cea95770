"""The streaming benchmark generator: determinism, layout, text, constant memory."""

from __future__ import annotations

import gzip
import tracemalloc
from collections import Counter
from pathlib import Path

import orjson
import pytest

from nohaven.demo import write_benchmark_jsonl
from nohaven.ingest.times import parse_twitter_v1


def test_writes_n_parseable_statuses(tmp_path: Path) -> None:
    path = tmp_path / "bench.jsonl"
    write_benchmark_jsonl(path, 3000)
    docs = [orjson.loads(line) for line in path.read_bytes().splitlines()]
    assert len(docs) == 3000
    assert len({d["id_str"] for d in docs}) == 3000
    langs = Counter(d["lang"] for d in docs)
    assert set(langs) == {"ar", "fr", "en"} and langs["ar"] > langs["fr"]
    retweets = [d for d in docs if "retweeted_status" in d]
    assert 200 < len(retweets) < 400
    for doc in docs:
        parse_twitter_v1(doc["created_at"])
        body = doc.get("retweeted_status", doc)["text"]
        assert 60 <= len(body) <= 200
        for url in doc["entities"]["urls"]:
            start, end = url["indices"]
            assert doc["text"][start:end] == url["url"]


@pytest.mark.parametrize("name", ["bench.jsonl", "bench.jsonl.gz"], ids=["plain", "gzip"])
def test_same_seed_same_bytes(tmp_path: Path, name: str) -> None:
    write_benchmark_jsonl(tmp_path / "a" / name, 500, seed=5)
    write_benchmark_jsonl(tmp_path / "b" / name, 500, seed=5)
    write_benchmark_jsonl(tmp_path / "c" / name, 500, seed=6)
    a, b, c = ((tmp_path / d / name).read_bytes() for d in "abc")
    assert a == b != c
    if name.endswith(".gz"):
        assert len(gzip.decompress(a).splitlines()) == 500


def test_zero_posts_and_negative(tmp_path: Path) -> None:
    write_benchmark_jsonl(tmp_path / "empty.jsonl", 0)
    assert (tmp_path / "empty.jsonl").read_bytes() == b""
    with pytest.raises(ValueError, match="negative"):
        write_benchmark_jsonl(tmp_path / "bad.jsonl", -1)


def test_memory_is_flat_in_the_number_of_posts(tmp_path: Path) -> None:
    peaks = []
    for n in (4000, 16000):
        tracemalloc.start()
        write_benchmark_jsonl(tmp_path / f"{n}.jsonl", n)
        peaks.append(tracemalloc.get_traced_memory()[1])
        tracemalloc.stop()
    assert peaks[1] < peaks[0] * 1.3 + 512 * 1024
