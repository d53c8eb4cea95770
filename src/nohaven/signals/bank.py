"""Banks of known content: what each entry is, how it is labelled, and what matching found.

A *bank* holds entries of one content kind (images, video, files, text or URLs). Each *entry*
is one signal (a PDQ hash, a file SHA-256, the matching key of a known statement...) with
labels (the group, the behaviour), where it came from and how sure that source is. A
*negative* bank holds known-benign content: an item that matches a negative entry is never
reported as a match of a positive one. An entry that suddenly matches a flood of distinct
items is *quarantined* (an over-broad hash, such as a logo or a blank frame, hurts more than
it helps) until a person releases it; every entry keeps a *precision ledger* of the review
decisions on its matches.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from enum import StrEnum
from typing import Final

from nohaven.signals.base import ContentKind

__all__ = [
    "BANK_NAME",
    "Bank",
    "BankEntry",
    "BankError",
    "Behaviour",
    "EntryLabels",
    "EntryStatus",
    "FloodSettings",
    "Match",
    "MatchStatus",
    "NewEntry",
    "Verdict",
    "check_bank_name",
    "parse_labels",
]

#: Bank names: a letter or digit, then letters, digits, ``.``, ``_`` and ``-`` (64 at most).
BANK_NAME: Final = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$")


class BankError(ValueError):
    """A bank operation cannot be done; the message says what and what to do."""


class Behaviour(StrEnum):
    """What a banked item does, in the terms hash-sharing programmes label with."""

    GLORIFICATION = "glorification"
    RECRUITMENT = "recruitment"
    INSTRUCTION = "instruction"
    GRAPHIC_VIOLENCE = "graphic_violence"
    THREAT = "threat"
    PROPAGANDA = "propaganda"
    OTHER = "other"


class EntryStatus(StrEnum):
    """Whether an entry matches: active, or quarantined after a flood of matches."""

    ACTIVE = "active"
    QUARANTINED = "quarantined"


class MatchStatus(StrEnum):
    """What became of a match: reported, or suppressed and why."""

    MATCH = "match"
    NEGATIVE = "suppressed_by_negative_bank"
    QUARANTINED = "suppressed_quarantined_entry"
    LOW_QUALITY = "suppressed_low_quality"


class Verdict(StrEnum):
    """A reviewer's decision on one match, fed to the entry's precision ledger."""

    TRUE_POSITIVE = "true_positive"
    FALSE_POSITIVE = "false_positive"


def check_bank_name(name: str) -> str:
    """``name`` when it is a valid bank name; :class:`BankError` saying why not."""
    if not BANK_NAME.match(name):
        raise BankError(
            f"bank name {name!r} is not valid: use 1-64 letters, digits, '.', '_' or '-', "
            "starting with a letter or digit"
        )
    return name


@dataclass(frozen=True, slots=True)
class EntryLabels:
    """An entry's labels: the group it is attributed to, its behaviours, and free tags."""

    group: str | None = None
    behaviours: tuple[Behaviour, ...] = ()
    tags: tuple[str, ...] = ()

    def to_json(self) -> dict[str, object]:
        return {
            "group": self.group,
            "behaviours": [str(b) for b in self.behaviours],
            "tags": list(self.tags),
        }

    @classmethod
    def from_json(cls, data: Mapping[str, object]) -> EntryLabels:
        group = data.get("group")
        behaviours = data.get("behaviours") or ()
        tags = data.get("tags") or ()
        if not isinstance(behaviours, list | tuple) or not isinstance(tags, list | tuple):
            raise BankError("labels: behaviours and tags must be lists")
        return cls(
            group=str(group) if group else None,
            behaviours=tuple(_behaviour(str(b)) for b in behaviours),
            tags=tuple(str(t) for t in tags),
        )

    def merged(self, other: EntryLabels) -> EntryLabels:
        """These labels with ``other``'s added (``other``'s group wins when it has one)."""
        return EntryLabels(
            group=other.group or self.group,
            behaviours=tuple(dict.fromkeys((*self.behaviours, *other.behaviours))),
            tags=tuple(dict.fromkeys((*self.tags, *other.tags))),
        )


def _behaviour(value: str) -> Behaviour:
    try:
        return Behaviour(value.strip().lower().replace("-", "_").replace(" ", "_"))
    except ValueError:
        known = ", ".join(b.value for b in Behaviour)
        raise BankError(f"unknown behaviour {value!r}; known: {known}") from None


def parse_labels(items: Iterable[str]) -> EntryLabels:
    """Labels from ``KEY=VALUE`` strings: ``group=NAME``, ``behaviour=NAME``, ``tag=TEXT``.

    A bare word is a tag. ``behaviour`` and ``tag`` may repeat; ``group`` may be given once.
    """
    group: str | None = None
    behaviours: list[Behaviour] = []
    tags: list[str] = []
    for item in items:
        key, sep, value = item.partition("=")
        key, value = key.strip().lower(), value.strip()
        if not sep:
            key, value = "tag", item.strip()
        if not value:
            raise BankError(f"label {item!r} has no value; write KEY=VALUE")
        if key == "group":
            if group is not None and group != value:
                raise BankError(f"two groups given: {group!r} and {value!r}")
            group = value
        elif key in ("behaviour", "behavior"):
            behaviours.append(_behaviour(value))
        elif key == "tag":
            tags.append(value)
        else:
            raise BankError(f"unknown label key {key!r} in {item!r}; use group, behaviour or tag")
    return EntryLabels(
        group=group,
        behaviours=tuple(dict.fromkeys(behaviours)),
        tags=tuple(dict.fromkeys(tags)),
    )


@dataclass(frozen=True, slots=True)
class Bank:
    """A named bank of one content kind; ``negative`` banks hold known-benign content."""

    name: str
    kind: ContentKind
    negative: bool = False
    description: str = ""
    created: datetime | None = None


@dataclass(frozen=True, slots=True)
class NewEntry:
    """An entry to add: a canonical signal and what is known about it."""

    signal_type: str
    value: str
    labels: EntryLabels = field(default_factory=EntryLabels)
    source: str | None = None
    confidence: float | None = None
    quality: int | None = None

    def __post_init__(self) -> None:
        if self.confidence is not None and not 0.0 <= self.confidence <= 1.0:
            raise BankError(f"confidence must be between 0 and 1, not {self.confidence}")


@dataclass(frozen=True, slots=True)
class BankEntry:
    """A stored entry, with its status and precision ledger."""

    id: int
    bank: str
    signal_type: str
    value: str
    labels: EntryLabels
    source: str | None
    confidence: float | None
    quality: int | None
    added: datetime
    status: EntryStatus
    status_reason: str | None
    true_positives: int
    false_positives: int

    @property
    def precision(self) -> float | None:
        """Share of reviewed matches that were right; ``None`` before any review."""
        reviewed = self.true_positives + self.false_positives
        return self.true_positives / reviewed if reviewed else None


@dataclass(frozen=True, slots=True)
class Match:
    """One item near one bank entry, and what became of it.

    ``item`` names what was matched: ``file:PATH`` or ``post:PLATFORM:ID``. ``distance`` is
    in the signal type's unit (bits for PDQ, ``1 - similarity`` for text, 0 when exact).
    ``suppressed_by`` names the negative-bank entry that suppressed it, if one did.
    """

    item: str
    bank: str
    entry_id: int
    signal_type: str
    distance: float
    labels: EntryLabels
    status: MatchStatus = MatchStatus.MATCH
    suppressed_by: int | None = None
    entry_precision: float | None = None

    def to_json(self) -> dict[str, object]:
        return {
            "item": self.item,
            "bank": self.bank,
            "entry_id": self.entry_id,
            "signal_type": self.signal_type,
            "distance": self.distance,
            "labels": self.labels.to_json(),
            "status": str(self.status),
            "suppressed_by": self.suppressed_by,
            "entry_precision": self.entry_precision,
        }


@dataclass(frozen=True, slots=True)
class FloodSettings:
    """An entry matching more than ``limit`` distinct items within ``window`` is quarantined."""

    limit: int = 1_000
    window: timedelta = timedelta(hours=24)

    def __post_init__(self) -> None:
        if self.limit < 1:
            raise BankError(f"flood limit must be at least 1, not {self.limit}")
        if self.window <= timedelta(0):
            raise BankError("flood window must be positive")
