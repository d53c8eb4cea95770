"""The matcher: nearest entries, negative banks, quarantine and low-quality hashes."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime

import pytest

from nohaven.signals.bank import (
    Bank,
    BankEntry,
    EntryLabels,
    EntryStatus,
    MatchStatus,
)
from nohaven.signals.base import ContentKind, Hit, MatchSettings, Signal, SignalIndex
from nohaven.signals.exact import ExactIndex
from nohaven.signals.matcher import Matcher
from nohaven.signals.registry import SignalRegistry, UnknownSignalTypeError

T0 = datetime(2025, 1, 1, tzinfo=UTC)


@dataclass(frozen=True)
class ExactType:
    """A test signal type: values match only when equal."""

    name: str
    kind: ContentKind = ContentKind.FILE
    threatexchange_name: str | None = None

    def canonical(self, value: str) -> str:
        return value.strip().lower()

    def new_index(self, settings: MatchSettings) -> SignalIndex:
        return ExactIndex()


class NearIndex:
    """A test index: integers within 3 of each other match, distance their difference."""

    def __init__(self) -> None:
        self._entries: list[tuple[int, int]] = []

    def add(self, entries: Iterable[tuple[int, str]]) -> None:
        self._entries.extend((key, int(value)) for key, value in entries)

    def query(self, value: str) -> list[Hit]:
        hits = [Hit(k, abs(v - int(value))) for k, v in self._entries if abs(v - int(value)) <= 3]
        return sorted(hits, key=lambda hit: hit.distance)

    def __len__(self) -> int:
        return len(self._entries)


@dataclass(frozen=True)
class NearType:
    name: str = "pdq"  # the matcher applies PDQ's quality rule to this name
    kind: ContentKind = ContentKind.IMAGE
    threatexchange_name: str | None = None

    def canonical(self, value: str) -> str:
        return str(int(value))

    def new_index(self, settings: MatchSettings) -> SignalIndex:
        return NearIndex()


def _entry(
    entry_id: int, bank: str, signal_type: str, value: str, status: EntryStatus = EntryStatus.ACTIVE
) -> BankEntry:
    return BankEntry(
        entry_id,
        bank,
        signal_type,
        value,
        EntryLabels(group="g"),
        None,
        None,
        None,
        T0,
        status,
        None,
        3,
        1,
    )


@pytest.fixture
def registry() -> SignalRegistry:
    return SignalRegistry([ExactType("md5"), NearType()])


@pytest.fixture
def matcher(registry: SignalRegistry) -> Matcher:
    found = Matcher(registry, MatchSettings(pdq_min_quality=50))
    found.add(
        Bank("known", ContentKind.FILE),
        [_entry(1, "known", "md5", "aa"), _entry(2, "known", "md5", "bb", EntryStatus.QUARANTINED)],
    )
    found.add(Bank("images", ContentKind.IMAGE), [_entry(3, "images", "pdq", "100")])
    found.add(Bank("benign", ContentKind.FILE, negative=True), [_entry(4, "benign", "md5", "cc")])
    return found


def test_exact_and_near_matches(matcher: Matcher) -> None:
    (match,) = matcher.match("file:x", [Signal("md5", "aa")])
    assert (match.entry_id, match.bank, match.status, match.distance) == (1, "known", "match", 0)
    assert match.entry_precision == pytest.approx(0.75)
    (near,) = matcher.match("file:y", [Signal("pdq", "102", quality=90)])
    assert (near.entry_id, near.distance, near.status) == (3, 2, MatchStatus.MATCH)
    assert matcher.match("file:z", [Signal("pdq", "110", quality=90)]) == []
    assert matcher.match("file:z", [Signal("sha256", "aa")]) == []


def test_quarantined_entries_are_reported_suppressed(matcher: Matcher) -> None:
    (match,) = matcher.match("file:x", [Signal("md5", "bb")])
    assert match.status is MatchStatus.QUARANTINED


def test_a_negative_bank_hit_suppresses_every_match_of_the_item(matcher: Matcher) -> None:
    matches = matcher.match(
        "file:x", [Signal("md5", "aa"), Signal("md5", "cc"), Signal("pdq", "100", quality=99)]
    )
    assert {m.entry_id for m in matches} == {1, 3}
    assert all(m.status is MatchStatus.NEGATIVE and m.suppressed_by == 4 for m in matches)


def test_low_quality_hashes_are_suppressed(matcher: Matcher) -> None:
    (match,) = matcher.match("file:x", [Signal("pdq", "100", quality=10)])
    assert match.status is MatchStatus.LOW_QUALITY
    # The same entry through a good hash (a rotation, say) wins over the poor one.
    (match,) = matcher.match(
        "file:x", [Signal("pdq", "100", quality=10), Signal("pdq", "101", quality=80)]
    )
    assert (match.status, match.distance) == (MatchStatus.MATCH, 1)


def test_match_many_equals_match_one_by_one(matcher: Matcher) -> None:
    items = [
        ("a", [Signal("md5", "aa")]),
        ("b", []),
        ("c", [Signal("md5", "bb"), Signal("pdq", "99", quality=70)]),
    ]
    assert matcher.match_many(items) == [matcher.match(item, sig) for item, sig in items]


def test_entries_added_after_a_query_are_indexed(matcher: Matcher) -> None:
    assert matcher.match("x", [Signal("md5", "dd")]) == []
    matcher.add(Bank("known", ContentKind.FILE), [_entry(9, "known", "md5", "dd")])
    assert [m.entry_id for m in matcher.match("x", [Signal("md5", "dd")])] == [9]
    assert matcher.signal_types() == {"md5", "pdq"}
    assert len(matcher) == 5


def test_unknown_signal_types_are_loud(registry: SignalRegistry) -> None:
    with pytest.raises(UnknownSignalTypeError, match="known signal types: md5, pdq"):
        Matcher(registry).add(Bank("b", ContentKind.FILE), [_entry(1, "b", "tlsh", "x")])


def test_registry_refuses_duplicates_and_non_types(registry: SignalRegistry) -> None:
    with pytest.raises(ValueError, match="already registered"):
        registry.register_type(ExactType("md5"))
    with pytest.raises(TypeError):
        registry.register_type(object())  # type: ignore[arg-type]
