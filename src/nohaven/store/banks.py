"""Banks in the store: banks, their entries, matched items, quarantine and the ledger.

:class:`BankStore` keeps what :mod:`nohaven.signals.bank` describes in the ``banks``,
``bank_entries`` and ``bank_matches`` tables of a :class:`~nohaven.store.Store` (SQLite or
PostgreSQL). Every method is one transaction and every write is idempotent: adding an entry
that is there merges its labels, recording a match seen before only moves its last time,
recording the same verdict twice counts once.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import sqlalchemy as sa

from nohaven.signals.bank import (
    Bank,
    BankEntry,
    BankError,
    EntryLabels,
    EntryStatus,
    FloodSettings,
    Match,
    MatchStatus,
    NewEntry,
    Verdict,
    check_bank_name,
)
from nohaven.signals.base import ContentKind
from nohaven.store import schema
from nohaven.store.store import Store
from nohaven.store.write import RowCounts

__all__ = ["BankStore", "BankSummary", "Quarantine", "value_digest"]

_CHUNK = 500


def value_digest(value: str) -> str:
    """The key of an entry's value within its bank and signal type (SHA-256, hex)."""
    return hashlib.sha256(value.encode("utf-8")).hexdigest()


def _now() -> datetime:
    return datetime.now(UTC)


@dataclass(frozen=True, slots=True)
class BankSummary:
    """A bank with its entry counts by status and its reviewed-match counts."""

    bank: Bank
    entries: int
    quarantined: int
    matched_items: int
    true_positives: int
    false_positives: int

    def to_json(self) -> dict[str, object]:
        return {
            "name": self.bank.name,
            "kind": str(self.bank.kind),
            "negative": self.bank.negative,
            "description": self.bank.description,
            "created": self.bank.created.isoformat() if self.bank.created else None,
            "entries": self.entries,
            "quarantined": self.quarantined,
            "matched_items": self.matched_items,
            "true_positives": self.true_positives,
            "false_positives": self.false_positives,
        }


@dataclass(frozen=True, slots=True)
class Quarantine:
    """An entry put in quarantine by a flood of matches."""

    entry_id: int
    bank: str
    signal_type: str
    items: int
    reason: str

    def to_json(self) -> dict[str, object]:
        return {
            "entry_id": self.entry_id,
            "bank": self.bank,
            "signal_type": self.signal_type,
            "items": self.items,
            "reason": self.reason,
        }


class BankStore:
    """Banks kept in ``store``; ``clock`` gives the current time (UTC)."""

    def __init__(self, store: Store, clock: Callable[[], datetime] = _now) -> None:
        self._store = store
        self._engine = store.engine
        self._clock = clock

    # --- banks -------------------------------------------------------------------------

    def create_bank(self, bank: Bank) -> Bank:
        """Create ``bank``; :class:`BankError` when a bank of that name exists."""
        check_bank_name(bank.name)
        created = bank.created or self._clock()
        with self._write() as conn:
            exists = conn.execute(
                sa.select(schema.banks.c.name).where(schema.banks.c.name == bank.name)
            ).first()
            if exists is not None:
                raise BankError(f"bank {bank.name!r} already exists; see nohaven bank list")
            conn.execute(
                schema.banks.insert().values(
                    name=bank.name,
                    kind=str(bank.kind),
                    negative=bank.negative,
                    description=bank.description,
                    created=created,
                )
            )
        return Bank(bank.name, bank.kind, bank.negative, bank.description, created)

    def get_bank(self, name: str) -> Bank:
        """The bank called ``name``; :class:`BankError` naming the known banks otherwise."""
        with self._engine.connect() as conn:
            row = (
                conn.execute(sa.select(schema.banks).where(schema.banks.c.name == name))
                .mappings()
                .first()
            )
            if row is None:
                known = conn.execute(sa.select(schema.banks.c.name)).scalars().all()
        if row is None:
            hint = f"known banks: {', '.join(sorted(known))}" if known else "there are none yet"
            raise BankError(f"no bank named {name!r} ({hint}); create one with nohaven bank create")
        return _bank(row)

    def banks(self) -> list[Bank]:
        """Every bank, by name."""
        with self._engine.connect() as conn:
            rows = conn.execute(sa.select(schema.banks).order_by(schema.banks.c.name)).mappings()
            return [_bank(row) for row in rows]

    def summaries(self) -> list[BankSummary]:
        """Every bank with its counts."""
        e, m = schema.bank_entries, schema.bank_matches
        entry_counts = sa.select(
            e.c.bank,
            sa.func.count().label("entries"),
            sa.func.sum(sa.case((e.c.status == str(EntryStatus.QUARANTINED), 1), else_=0)).label(
                "quarantined"
            ),
        ).group_by(e.c.bank)
        match_counts = (
            sa.select(
                e.c.bank,
                sa.func.count().label("items"),
                sa.func.sum(sa.case((m.c.verdict == str(Verdict.TRUE_POSITIVE), 1), else_=0)).label(
                    "tp"
                ),
                sa.func.sum(
                    sa.case((m.c.verdict == str(Verdict.FALSE_POSITIVE), 1), else_=0)
                ).label("fp"),
            )
            .select_from(m.join(e, e.c.id == m.c.entry_id))
            .group_by(e.c.bank)
        )
        with self._engine.connect() as conn:
            entries = {row.bank: row for row in conn.execute(entry_counts)}
            matches = {row.bank: row for row in conn.execute(match_counts)}
        out = []
        for bank in self.banks():
            ec, mc = entries.get(bank.name), matches.get(bank.name)
            out.append(
                BankSummary(
                    bank=bank,
                    entries=int(ec.entries) if ec else 0,
                    quarantined=int(ec.quarantined or 0) if ec else 0,
                    matched_items=int(mc.items) if mc else 0,
                    true_positives=int(mc.tp or 0) if mc else 0,
                    false_positives=int(mc.fp or 0) if mc else 0,
                )
            )
        return out

    def delete_bank(self, name: str) -> int:
        """Delete bank ``name`` with its entries and their matches; the entries deleted."""
        self.get_bank(name)
        e, m = schema.bank_entries, schema.bank_matches
        with self._write() as conn:
            ids = sa.select(e.c.id).where(e.c.bank == name).scalar_subquery()
            conn.execute(m.delete().where(m.c.entry_id.in_(ids)))
            deleted = conn.execute(e.delete().where(e.c.bank == name)).rowcount
            conn.execute(schema.banks.delete().where(schema.banks.c.name == name))
        return int(deleted)

    # --- entries -----------------------------------------------------------------------

    def add_entries(self, bank_name: str, entries: Iterable[NewEntry]) -> RowCounts:
        """Add ``entries`` (canonical values) to a bank, idempotently.

        An entry already in the bank keeps its id, status and ledger; its labels gain the new
        ones and a missing source, confidence or quality is filled in.
        """
        self.get_bank(bank_name)
        e = schema.bank_entries
        new = updated = unchanged = 0
        now = self._clock()
        latest: dict[tuple[str, str], NewEntry] = {}
        for entry in entries:
            key = (entry.signal_type, value_digest(entry.value))
            before = latest.get(key)
            latest[key] = entry if before is None else _merged(before, entry)
        items = list(latest.items())
        with self._write() as conn:
            for start in range(0, len(items), _CHUNK):
                chunk = items[start : start + _CHUNK]
                digests = [digest for (_, digest), _ in chunk]
                stored = {
                    (row.signal_type, row.value_digest): row
                    for row in conn.execute(
                        sa.select(e).where(e.c.bank == bank_name, e.c.value_digest.in_(digests))
                    ).mappings()
                }
                inserts: list[dict[str, Any]] = []
                for key, entry in chunk:
                    row = stored.get(key)
                    if row is None:
                        inserts.append(_entry_row(bank_name, key[1], entry, now))
                        new += 1
                        continue
                    changes = _entry_changes(row, entry)
                    if changes:
                        conn.execute(e.update().where(e.c.id == row["id"]).values(**changes))
                        updated += 1
                    else:
                        unchanged += 1
                if inserts:
                    conn.execute(e.insert(), inserts)
        return RowCounts(new=new, updated=updated, unchanged=unchanged)

    def entries(
        self,
        bank_name: str | None = None,
        *,
        signal_types: Sequence[str] | None = None,
        status: EntryStatus | None = None,
    ) -> Iterator[BankEntry]:
        """Entries (of one bank, of some signal types, of one status), by id, with ledgers."""
        e = schema.bank_entries
        query = sa.select(e, *_ledger_columns()).order_by(e.c.id)
        if bank_name is not None:
            query = query.where(e.c.bank == bank_name)
        if signal_types is not None:
            query = query.where(e.c.signal_type.in_(list(signal_types)))
        if status is not None:
            query = query.where(e.c.status == str(status))
        with self._engine.connect() as conn, conn.begin():
            for row in conn.execution_options(yield_per=1000).execute(query).mappings():
                yield _entry(row)

    def get_entry(self, entry_id: int) -> BankEntry:
        """The entry with ``entry_id``; :class:`BankError` when there is none."""
        e = schema.bank_entries
        with self._engine.connect() as conn:
            row = (
                conn.execute(sa.select(e, *_ledger_columns()).where(e.c.id == entry_id))
                .mappings()
                .first()
            )
        if row is None:
            raise BankError(f"no bank entry with id {entry_id}")
        return _entry(row)

    # --- matches, quarantine, ledger ---------------------------------------------------

    def record_matches(
        self, matches: Iterable[Match], flood: FloodSettings | None = None
    ) -> list[Quarantine]:
        """Record reported matches and quarantine entries that now match a flood of items.

        Only matches with status ``match`` are recorded (suppressed ones are not evidence of
        an entry's reach). An entry whose distinct items first matched within the flood
        window exceed the flood limit is quarantined; the quarantines are returned.
        """
        flood = flood or FloodSettings()
        m, e = schema.bank_matches, schema.bank_entries
        now = self._clock()
        latest: dict[tuple[int, str], float] = {}
        for match in matches:
            if match.status is MatchStatus.MATCH:
                key = (match.entry_id, match.item)
                latest[key] = min(match.distance, latest.get(key, match.distance))
        quarantines: list[Quarantine] = []
        if not latest:
            return quarantines
        touched = sorted({entry_id for entry_id, _ in latest})
        with self._write() as conn:
            pairs = list(latest.items())
            for start in range(0, len(pairs), _CHUNK):
                chunk = pairs[start : start + _CHUNK]
                entry_ids = sorted({entry_id for (entry_id, _), _ in chunk})
                items = sorted({item for (_, item), _ in chunk})
                seen = {
                    (row.entry_id, row.item)
                    for row in conn.execute(
                        sa.select(m.c.entry_id, m.c.item).where(
                            m.c.entry_id.in_(entry_ids), m.c.item.in_(items)
                        )
                    )
                }
                fresh = [
                    {
                        "entry_id": entry_id,
                        "item": item,
                        "distance": distance,
                        "first_matched": now,
                        "last_matched": now,
                    }
                    for (entry_id, item), distance in chunk
                    if (entry_id, item) not in seen
                ]
                if fresh:
                    conn.execute(m.insert(), fresh)
                again = [
                    {"b_entry": entry_id, "b_item": item}
                    for (entry_id, item), _ in chunk
                    if (entry_id, item) in seen
                ]
                if again:
                    conn.execute(
                        m.update()
                        .where(
                            m.c.entry_id == sa.bindparam("b_entry"),
                            m.c.item == sa.bindparam("b_item"),
                        )
                        .values(last_matched=now),
                        again,
                    )
            since = now - flood.window
            counts = conn.execute(
                sa.select(m.c.entry_id, sa.func.count().label("items"))
                .where(m.c.entry_id.in_(touched), m.c.first_matched >= since)
                .group_by(m.c.entry_id)
                .having(sa.func.count() > flood.limit)
            ).all()
            for entry_id, items in counts:
                row = conn.execute(
                    sa.select(e.c.bank, e.c.signal_type, e.c.status).where(e.c.id == entry_id)
                ).first()
                if row is None or row.status == str(EntryStatus.QUARANTINED):
                    continue
                hours = flood.window.total_seconds() / 3600
                reason = (
                    f"matched {items} distinct items within {hours:g} h (flood limit {flood.limit})"
                )
                conn.execute(
                    e.update()
                    .where(e.c.id == entry_id)
                    .values(
                        status=str(EntryStatus.QUARANTINED),
                        status_reason=reason,
                        status_changed=now,
                    )
                )
                quarantines.append(Quarantine(entry_id, row.bank, row.signal_type, items, reason))
        return quarantines

    def release(self, entry_id: int, reviewer: str) -> BankEntry:
        """Put a quarantined entry back in service (``reviewer`` is recorded in its reason)."""
        entry = self.get_entry(entry_id)
        if entry.status is not EntryStatus.QUARANTINED:
            raise BankError(f"entry {entry_id} is not quarantined (it is {entry.status})")
        e = schema.bank_entries
        with self._write() as conn:
            conn.execute(
                e.update()
                .where(e.c.id == entry_id)
                .values(
                    status=str(EntryStatus.ACTIVE),
                    status_reason=f"released by {reviewer}",
                    status_changed=self._clock(),
                )
            )
        return self.get_entry(entry_id)

    def set_verdict(self, entry_id: int, item: str, verdict: Verdict, reviewer: str) -> BankEntry:
        """Record a reviewer's verdict on the match of ``entry_id`` with ``item``.

        The entry's ledger counts each matched item once, by its latest verdict. The match
        must have been recorded; :class:`BankError` otherwise.
        """
        m = schema.bank_matches
        with self._write() as conn:
            done = conn.execute(
                m.update()
                .where(m.c.entry_id == entry_id, m.c.item == item)
                .values(verdict=str(verdict), verdict_by=reviewer, verdict_at=self._clock())
            ).rowcount
        if not done:
            raise BankError(f"entry {entry_id} has no recorded match with {item!r}")
        return self.get_entry(entry_id)

    def matched_items(self, entry_id: int) -> list[tuple[str, float, Verdict | None]]:
        """The items an entry matched, with distance and verdict, first matched first."""
        m = schema.bank_matches
        with self._engine.connect() as conn:
            rows = conn.execute(
                sa.select(m.c.item, m.c.distance, m.c.verdict)
                .where(m.c.entry_id == entry_id)
                .order_by(m.c.first_matched, m.c.item)
            ).all()
        return [
            (r.item, float(r.distance), Verdict(r.verdict) if r.verdict else None) for r in rows
        ]

    # --- plumbing ----------------------------------------------------------------------

    @contextmanager
    def _write(self) -> Iterator[sa.Connection]:
        """A connection in a write transaction (``BEGIN IMMEDIATE`` on SQLite)."""
        with self._engine.connect() as conn:
            conn.execution_options(nohaven_write=True)
            with conn.begin():
                yield conn


def _ledger_columns() -> list[Any]:
    m, e = schema.bank_matches, schema.bank_entries

    def count(verdict: Verdict) -> Any:
        return (
            sa.select(sa.func.count())
            .where(m.c.entry_id == e.c.id, m.c.verdict == str(verdict))
            .scalar_subquery()
        )

    return [
        count(Verdict.TRUE_POSITIVE).label("true_positives"),
        count(Verdict.FALSE_POSITIVE).label("false_positives"),
    ]


def _bank(row: Any) -> Bank:
    return Bank(
        name=row["name"],
        kind=ContentKind(row["kind"]),
        negative=bool(row["negative"]),
        description=row["description"],
        created=row["created"],
    )


def _entry(row: Any) -> BankEntry:
    return BankEntry(
        id=int(row["id"]),
        bank=row["bank"],
        signal_type=row["signal_type"],
        value=row["value"],
        labels=EntryLabels.from_json(row["labels"]),
        source=row["source"],
        confidence=row["confidence"],
        quality=row["quality"],
        added=row["added"],
        status=EntryStatus(row["status"]),
        status_reason=row["status_reason"],
        true_positives=int(row["true_positives"] or 0),
        false_positives=int(row["false_positives"] or 0),
    )


def _entry_row(bank: str, digest: str, entry: NewEntry, now: datetime) -> dict[str, Any]:
    return {
        "bank": bank,
        "signal_type": entry.signal_type,
        "value": entry.value,
        "value_digest": digest,
        "labels": entry.labels.to_json(),
        "source": entry.source,
        "confidence": entry.confidence,
        "quality": entry.quality,
        "added": now,
        "status": str(EntryStatus.ACTIVE),
        "status_reason": None,
        "status_changed": None,
    }


def _merged(before: NewEntry, after: NewEntry) -> NewEntry:
    return NewEntry(
        signal_type=after.signal_type,
        value=after.value,
        labels=before.labels.merged(after.labels),
        source=after.source or before.source,
        confidence=after.confidence if after.confidence is not None else before.confidence,
        quality=after.quality if after.quality is not None else before.quality,
    )


def _entry_changes(row: Any, entry: NewEntry) -> dict[str, Any]:
    changes: dict[str, Any] = {}
    labels = EntryLabels.from_json(row["labels"]).merged(entry.labels)
    if labels.to_json() != row["labels"]:
        changes["labels"] = labels.to_json()
    if row["source"] is None and entry.source is not None:
        changes["source"] = entry.source
    if row["confidence"] is None and entry.confidence is not None:
        changes["confidence"] = entry.confidence
    if row["quality"] is None and entry.quality is not None:
        changes["quality"] = entry.quality
    return changes
