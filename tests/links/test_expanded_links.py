"""The expanded-links tweets (``IsisFanboy.csv``): every link extracted and kinded.

The file's ``tweets`` column holds tweets whose ``t.co`` links were mostly expanded. The
baseline is what the ingest finds (:func:`nohaven.ingest.entities.parse_text_entities`,
``http(s)://`` links): each of those must be an extracted link (the same text, or one a
prefix of the other where the two disagree on closing punctuation), except the links that
tweets cut off mid-host (``https://t…``), which have no domain and cannot be kinded. Nothing
is fetched. The test prints the destination mix per month (``pytest -s``).
"""

from __future__ import annotations

import csv
from collections import Counter, defaultdict
from datetime import datetime
from pathlib import Path

import pytest

from nohaven.ingest.entities import parse_text_entities
from nohaven.links.base import ExtractedLink, LinkKind
from nohaven.links.extract import LinkExtractor
from nohaven.links.hosts import host_of, normalize, registered

pytestmark = pytest.mark.shared

#: Kinds in the order the monthly table prints them.
KINDS = (
    LinkKind.SOCIAL,
    LinkKind.SHORTENER,
    LinkKind.NEWS,
    LinkKind.VIDEO,
    LinkKind.PASTE,
    LinkKind.FILE_HOST,
    LinkKind.MESSAGING,
    LinkKind.OTHER,
    LinkKind.HANDOFF,
)


def _rows(shared_data: Path) -> list[dict[str, str]]:
    path = shared_data / "isis-twitter-expanded-links" / "IsisFanboy.csv"
    if not path.is_file():
        pytest.skip(f"{path} is missing")
    with path.open(encoding="utf-8", newline="") as handle:
        # the file ends mid-row: a last row without a tweet id is dropped (see PROVENANCE.md)
        return [row for row in csv.DictReader(handle) if row["tweetid"]]


def _truncated(url: str) -> bool:
    canonical = normalize(url)
    return canonical is None or registered(host_of(canonical).split(":")[0]) is None


def _same(raw: str, url: str) -> bool:
    return raw.startswith(url) or url.startswith(raw)


@pytest.fixture(scope="module")
def extracted(shared_data: Path) -> list[tuple[dict[str, str], list[ExtractedLink]]]:
    extractor = LinkExtractor()
    return [(row, extractor.extract(row["tweets"])) for row in _rows(shared_data)]


def test_every_entity_link_is_extracted_and_kinded(
    extracted: list[tuple[dict[str, str], list[ExtractedLink]]],
) -> None:
    baseline = truncated = matched = 0
    missing: list[str] = []
    for row, links in extracted:
        for url in parse_text_entities(row["tweets"]).urls:
            baseline += 1
            if _truncated(url):
                truncated += 1
            elif any(_same(link.raw, url) for link in links):
                matched += 1
            else:
                missing.append(url)
    print(f"\nentity links {baseline}, extracted {matched}, cut off mid-host {truncated}")
    assert missing == []
    assert len(extracted) == 12_227
    assert baseline == 5_989
    assert truncated == 276  # "https://t…" (201), "https://t.c…" (74), "http://t.c…" (1)
    assert matched == baseline - truncated


def test_kinds_counts_and_known_targets(
    extracted: list[tuple[dict[str, str], list[ExtractedLink]]],
) -> None:
    links = [link for _, found in extracted for link in found]
    kinds = Counter(link.kind for link in links)
    targets = Counter(link.target for link in links)
    assert len(links) == 5_717
    assert kinds[LinkKind.SOCIAL] == 3_192
    assert kinds[LinkKind.SHORTENER] == 1_357  # t.co links the file left unexpanded
    assert kinds[LinkKind.PASTE] == 177
    assert kinds[LinkKind.FILE_HOST] == 56
    assert kinds[LinkKind.MESSAGING] == 11
    assert kinds[LinkKind.HANDOFF] == 2
    assert kinds[LinkKind.ONION] == kinds[LinkKind.CRYPTO] == 0
    assert targets["https://twitter.com/account/suspended"] >= 1_000
    pastes = Counter(link.domain for link in links if link.kind is LinkKind.PASTE)
    assert pastes == {"justpaste.it": 173, "textsave.org": 4}
    assert {link.app for link in links if link.kind is LinkKind.MESSAGING} == {"telegram"}
    assert all(link.target.startswith("https://t.me/") for link in links if link.app)
    # links the entity pattern does not see: a bare domain and two account hand-offs
    bare = [link for link in links if link.kind is LinkKind.OTHER and "://" not in link.raw]
    assert [link.target for link in bare] == ["https://isdarat.ru/", "https://local.fr/"]


def test_destination_mix_per_month(
    extracted: list[tuple[dict[str, str], list[ExtractedLink]]],
) -> None:
    posts: Counter[str] = Counter()
    linked: Counter[str] = Counter()
    mix: defaultdict[str, Counter[LinkKind]] = defaultdict(Counter)
    for row, links in extracted:
        month = datetime.strptime(row["time"], "%m/%d/%Y %H:%M").strftime("%Y-%m")
        posts[month] += 1
        linked[month] += bool(links)
        mix[month].update(link.kind for link in links)
    header = ["month", "posts", "with link", *(kind.value for kind in KINDS)]
    print("\n| " + " | ".join(header) + " |")
    print("|" + "---|" * len(header))
    for month in sorted(posts):
        cells = [month, str(posts[month]), f"{linked[month] / posts[month]:.0%}"]
        cells += [str(mix[month][kind]) for kind in KINDS]
        print("| " + " | ".join(cells) + " |")
    assert sorted(posts)[0] == "2015-07"
    assert sorted(posts)[-1] == "2016-05"
    assert sum(posts.values()) == 12_227
    assert sum(sum(counter.values()) for counter in mix.values()) == 5_717
