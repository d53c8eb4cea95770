"""Banks in the store, on SQLite and PostgreSQL: entries, matches, quarantine, ledger."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest

from nohaven.signals.bank import (
    Bank,
    BankError,
    Behaviour,
    EntryLabels,
    EntryStatus,
    FloodSettings,
    Match,
    MatchStatus,
    NewEntry,
    Verdict,
)
from nohaven.signals.base import ContentKind
from nohaven.store import Store, open_store
from nohaven.store.banks import BankStore
from nohaven.store.write import RowCounts

T0 = datetime(2025, 3, 1, 12, tzinfo=UTC)
MD5_A = "a" * 32
MD5_B = "b" * 32


class Clock:
    """A settable clock for the bank store."""

    def __init__(self) -> None:
        self.now = T0

    def __call__(self) -> datetime:
        return self.now


@pytest.fixture
def store(db_url: str) -> Iterator[Store]:
    with open_store(db_url) as opened:
        yield opened


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def banks(store: Store, clock: Clock) -> BankStore:
    repo = BankStore(store, clock)
    repo.create_bank(Bank("known", ContentKind.FILE, description="test bank"))
    return repo


def _match(entry_id: int, item: str, status: MatchStatus = MatchStatus.MATCH) -> Match:
    return Match(item, "known", entry_id, "md5", 0.0, EntryLabels(), status)


def test_create_get_list_and_refuse_duplicates(banks: BankStore) -> None:
    bank = banks.get_bank("known")
    assert (bank.kind, bank.negative, bank.description) == (ContentKind.FILE, False, "test bank")
    assert bank.created == T0
    with pytest.raises(BankError, match="already exists"):
        banks.create_bank(Bank("known", ContentKind.IMAGE))
    with pytest.raises(BankError, match="known banks: known"):
        banks.get_bank("missing")
    with pytest.raises(BankError, match="not valid"):
        banks.create_bank(Bank("bad name!", ContentKind.FILE))
    banks.create_bank(Bank("benign", ContentKind.IMAGE, negative=True))
    assert [b.name for b in banks.banks()] == ["benign", "known"]


def test_adding_is_idempotent_and_merges_labels(banks: BankStore) -> None:
    first = EntryLabels(group="group-a", behaviours=(Behaviour.RECRUITMENT,))
    counts = banks.add_entries("known", [NewEntry("md5", MD5_A, first, "list-1", 0.9)])
    assert counts == RowCounts(new=1)
    assert banks.add_entries("known", [NewEntry("md5", MD5_A, first)]) == RowCounts(unchanged=1)
    more = EntryLabels(behaviours=(Behaviour.INSTRUCTION,), tags=("t1",))
    assert banks.add_entries("known", [NewEntry("md5", MD5_A, more)]) == RowCounts(updated=1)
    (entry,) = banks.entries("known")
    assert entry.labels == EntryLabels(
        group="group-a", behaviours=(Behaviour.RECRUITMENT, Behaviour.INSTRUCTION), tags=("t1",)
    )
    assert (entry.source, entry.confidence, entry.status) == ("list-1", 0.9, EntryStatus.ACTIVE)


def test_duplicates_within_one_call_become_one_entry(banks: BankStore) -> None:
    counts = banks.add_entries(
        "known",
        [
            NewEntry("md5", MD5_A, EntryLabels(tags=("x",))),
            NewEntry("md5", MD5_A, EntryLabels(tags=("y",))),
            NewEntry("sha256", "c" * 64),
        ],
    )
    assert counts == RowCounts(new=2)
    by_type = {e.signal_type: e for e in banks.entries("known")}
    assert by_type["md5"].labels.tags == ("x", "y")


def test_many_entries_are_added_in_chunks(banks: BankStore) -> None:
    entries = [NewEntry("md5", f"{i:032x}") for i in range(1_234)]
    assert banks.add_entries("known", entries) == RowCounts(new=1_234)
    assert banks.add_entries("known", entries) == RowCounts(unchanged=1_234)
    assert sum(1 for _ in banks.entries("known", signal_types=["md5"])) == 1_234


def test_flood_quarantines_an_entry_and_release_restores_it(banks: BankStore, clock: Clock) -> None:
    banks.add_entries("known", [NewEntry("md5", MD5_A), NewEntry("md5", MD5_B)])
    a, b = (e.id for e in banks.entries("known"))
    flood = FloodSettings(limit=3, window=timedelta(hours=1))
    assert banks.record_matches([_match(a, f"file:{i}") for i in range(3)], flood) == []
    # The same items again are not new items: no flood.
    assert banks.record_matches([_match(a, f"file:{i}") for i in range(3)], flood) == []
    # Suppressed matches are not evidence of reach.
    assert banks.record_matches([_match(a, "file:x", MatchStatus.NEGATIVE)], flood) == []
    (quarantine,) = banks.record_matches([_match(a, "file:3"), _match(b, "file:3")], flood)
    assert (quarantine.entry_id, quarantine.items) == (a, 4)
    assert "flood limit 3" in quarantine.reason
    assert banks.get_entry(a).status is EntryStatus.QUARANTINED
    assert banks.get_entry(b).status is EntryStatus.ACTIVE
    assert [e.id for e in banks.entries(status=EntryStatus.QUARANTINED)] == [a]
    released = banks.release(a, "reviewer-1")
    assert released.status is EntryStatus.ACTIVE
    assert released.status_reason == "released by reviewer-1"
    with pytest.raises(BankError, match="not quarantined"):
        banks.release(a, "reviewer-1")


def test_matches_outside_the_window_do_not_count(banks: BankStore, clock: Clock) -> None:
    banks.add_entries("known", [NewEntry("md5", MD5_A)])
    (entry,) = banks.entries("known")
    flood = FloodSettings(limit=2, window=timedelta(hours=1))
    banks.record_matches([_match(entry.id, "file:1"), _match(entry.id, "file:2")], flood)
    clock.now = T0 + timedelta(hours=2)
    assert banks.record_matches([_match(entry.id, "file:3")], flood) == []
    assert banks.get_entry(entry.id).status is EntryStatus.ACTIVE


def test_verdicts_feed_the_precision_ledger_once_per_item(banks: BankStore) -> None:
    banks.add_entries("known", [NewEntry("md5", MD5_A)])
    (entry,) = banks.entries("known")
    banks.record_matches([_match(entry.id, f"post:x:{i}") for i in range(3)])
    assert entry.precision is None
    banks.set_verdict(entry.id, "post:x:0", Verdict.TRUE_POSITIVE, "r1")
    banks.set_verdict(entry.id, "post:x:0", Verdict.TRUE_POSITIVE, "r1")
    banks.set_verdict(entry.id, "post:x:1", Verdict.TRUE_POSITIVE, "r2")
    after = banks.set_verdict(entry.id, "post:x:2", Verdict.FALSE_POSITIVE, "r2")
    assert (after.true_positives, after.false_positives) == (2, 1)
    assert after.precision == pytest.approx(2 / 3)
    # A changed mind replaces the verdict; it does not add one.
    after = banks.set_verdict(entry.id, "post:x:2", Verdict.TRUE_POSITIVE, "r3")
    assert (after.true_positives, after.false_positives) == (3, 0)
    items = banks.matched_items(entry.id)
    assert [item for item, _, _ in items] == ["post:x:0", "post:x:1", "post:x:2"]
    with pytest.raises(BankError, match="no recorded match"):
        banks.set_verdict(entry.id, "post:x:9", Verdict.TRUE_POSITIVE, "r1")
    (summary,) = banks.summaries()
    assert (summary.entries, summary.matched_items, summary.true_positives) == (1, 3, 3)


def test_delete_bank_removes_entries_and_matches(banks: BankStore) -> None:
    banks.add_entries("known", [NewEntry("md5", MD5_A)])
    (entry,) = banks.entries("known")
    banks.record_matches([_match(entry.id, "file:1")])
    assert banks.delete_bank("known") == 1
    assert banks.banks() == []
    with pytest.raises(BankError):
        banks.get_entry(entry.id)


def test_confidence_must_be_a_probability() -> None:
    with pytest.raises(BankError, match="between 0 and 1"):
        NewEntry("md5", MD5_A, confidence=1.5)
