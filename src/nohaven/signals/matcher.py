"""The matcher: items' signals against banks' entries, with negative banks and quarantine.

A :class:`Matcher` holds one index per signal type for positive banks and one for negative
banks. Matching an item (a file, a post) queries every signal it has; each positive entry
found becomes a :class:`~nohaven.signals.bank.Match` whose status says whether it stands or
why it is suppressed:

* a hit on any *negative* bank entry suppresses every positive match of the same item
  (known-benign content must never be reported);
* a *quarantined* entry's matches are kept for the record but suppressed;
* a PDQ hash below the minimum quality (a flat or tiny image) matches nothing reliable: its
  hits are suppressed as low quality.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from nohaven.signals.bank import Bank, BankEntry, EntryLabels, EntryStatus, Match, MatchStatus
from nohaven.signals.base import Hit, MatchSettings, Signal, SignalIndex
from nohaven.signals.registry import SignalRegistry

__all__ = ["Matcher"]

_QUALITY_TYPES = frozenset({"pdq"})


@dataclass(frozen=True, slots=True)
class _Entry:
    bank: str
    negative: bool
    signal_type: str
    labels: EntryLabels
    status: EntryStatus
    precision: float | None


class Matcher:
    """Entries of some banks, indexed by signal type, ready to match items."""

    def __init__(self, registry: SignalRegistry, settings: MatchSettings | None = None) -> None:
        self._registry = registry
        self._settings = settings or MatchSettings()
        self._entries: dict[int, _Entry] = {}
        self._pending: dict[tuple[str, bool], list[tuple[int, str]]] = defaultdict(list)
        self._indexes: dict[tuple[str, bool], SignalIndex] = {}

    @property
    def settings(self) -> MatchSettings:
        return self._settings

    def add(self, bank: Bank, entries: Iterable[BankEntry]) -> int:
        """Index ``bank``'s ``entries``; the number added."""
        added = 0
        for entry in entries:
            self._registry.type(entry.signal_type)  # unknown types are loud
            self._entries[entry.id] = _Entry(
                bank=bank.name,
                negative=bank.negative,
                signal_type=entry.signal_type,
                labels=entry.labels,
                status=entry.status,
                precision=entry.precision,
            )
            self._pending[entry.signal_type, bank.negative].append((entry.id, entry.value))
            added += 1
        return added

    def signal_types(self) -> set[str]:
        """The signal types some indexed entry has: others need not be computed."""
        return {entry.signal_type for entry in self._entries.values()}

    def __len__(self) -> int:
        return len(self._entries)

    def match(self, item: str, signals: Sequence[Signal]) -> list[Match]:
        """Every positive entry near one of ``item``'s signals, nearest first."""
        return self.match_many([(item, signals)])[0]

    def match_many(self, items: Sequence[tuple[str, Sequence[Signal]]]) -> list[list[Match]]:
        """:meth:`match` for many items, querying each index once per batch."""
        queries: dict[str, list[tuple[int, Signal]]] = defaultdict(list)
        for position, (_, signals) in enumerate(items):
            for signal in signals:
                queries[signal.type].append((position, signal))
        positive: list[dict[int, tuple[float, bool]]] = [{} for _ in items]
        negative: list[int | None] = [None] * len(items)
        for signal_type, asked in queries.items():
            values = [signal.value for _, signal in asked]
            for is_negative in (False, True):
                index = self._index(signal_type, is_negative)
                if index is None:
                    continue
                for (position, signal), hits in zip(asked, _query(index, values), strict=True):
                    low = (
                        signal_type in _QUALITY_TYPES
                        and signal.quality is not None
                        and signal.quality < self._settings.pdq_min_quality
                    )
                    for hit in hits:
                        if is_negative:
                            if not low and negative[position] is None:
                                negative[position] = hit.key
                            continue
                        found = positive[position]
                        before = found.get(hit.key)
                        # The best evidence wins: a good-quality hit over a low-quality one,
                        # then the nearest.
                        if before is None or (before[1], before[0]) > (low, hit.distance):
                            found[hit.key] = (hit.distance, low)
        return [
            self._matches(item, found, negative[position])
            for position, ((item, _), found) in enumerate(zip(items, positive, strict=True))
        ]

    def _matches(
        self, item: str, found: dict[int, tuple[float, bool]], suppressed_by: int | None
    ) -> list[Match]:
        out = []
        for key, (distance, low) in found.items():
            entry = self._entries[key]
            if suppressed_by is not None:
                status = MatchStatus.NEGATIVE
            elif entry.status is EntryStatus.QUARANTINED:
                status = MatchStatus.QUARANTINED
            elif low:
                status = MatchStatus.LOW_QUALITY
            else:
                status = MatchStatus.MATCH
            out.append(
                Match(
                    item=item,
                    bank=entry.bank,
                    entry_id=key,
                    signal_type=entry.signal_type,
                    distance=distance,
                    labels=entry.labels,
                    status=status,
                    suppressed_by=suppressed_by,
                    entry_precision=entry.precision,
                )
            )
        out.sort(key=lambda match: (match.status is not MatchStatus.MATCH, match.distance))
        return out

    def _index(self, signal_type: str, negative: bool) -> SignalIndex | None:
        key = (signal_type, negative)
        pending = self._pending.pop(key, None)
        index = self._indexes.get(key)
        if pending:
            if index is None:
                index = self._registry.type(signal_type).new_index(self._settings)
                self._indexes[key] = index
            index.add(pending)
        return index


def _query(index: SignalIndex, values: Sequence[str]) -> list[list[Hit]]:
    many = getattr(index, "query_many", None)
    if many is not None:
        hits: list[list[Hit]] = many(values)
        return hits
    return [index.query(value) for value in values]
