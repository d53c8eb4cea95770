"""Signals: what content is hashed into, and how hashes are compared and indexed.

A *signal* is one hash of one piece of content under one *signal type* (``pdq`` for images,
``vpdq`` and ``video_md5`` for video, ``md5`` and ``sha256`` for files, ``text`` for the
near-duplicate fingerprint of a text, ``url`` and ``domain`` for links). A *hasher* turns a
file (or a text) into signals; a signal type validates a signal's value and builds the
*index* that finds bank entries near a query. Banks, matching and the CLI sit on top.

The interfaces here are small Protocols (house style 2); each implementation lives in its
own module and is registered explicitly in :mod:`nohaven.signals.registry`.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import Protocol, runtime_checkable

__all__ = [
    "ContentKind",
    "Hasher",
    "Hit",
    "MatchSettings",
    "Signal",
    "SignalError",
    "SignalIndex",
    "SignalType",
]


class ContentKind(StrEnum):
    """What a bank holds and what a hasher reads."""

    IMAGE = "image"
    VIDEO = "video"
    FILE = "file"
    TEXT = "text"
    URL = "url"


class SignalError(ValueError):
    """Content could not be hashed, or a signal value is malformed.

    The message names the file (or the bank line) and the reason, so a batch can report it
    and go on with the rest.
    """

    def __init__(self, where: str, reason: str) -> None:
        super().__init__(f"{where}: {reason}")
        self.where = where
        self.reason = reason


@dataclass(frozen=True, slots=True)
class Signal:
    """One hash of one piece of content.

    ``type`` is a registered signal type's name; ``value`` is canonical for that type
    (lower-case hex for hashes, the matching key for text, the normalised URL or domain);
    ``quality`` is the hasher's confidence in the hash where it has one (PDQ: 0-100).
    """

    type: str
    value: str
    quality: int | None = None


@dataclass(frozen=True, slots=True)
class Hit:
    """An index entry near a query: its key and how far it is.

    ``distance`` is in the signal type's own unit: bits for PDQ (0-256), ``1 - similarity``
    for text and vPDQ (0-1), 0 for exact types.
    """

    key: int
    distance: float


@dataclass(frozen=True, slots=True)
class MatchSettings:
    """Thresholds every index and matcher reads (all settings, with the industry defaults).

    * ``pdq_threshold``: largest Hamming distance that is a PDQ match (31 of 256 bits);
    * ``pdq_min_quality``: PDQ hashes of lower quality (flat, tiny images) never match;
    * ``pdq_rotations``: also try the 7 other rotations and flips of each query image;
    * ``text_threshold``: least estimated Jaccard similarity of two texts' shingles;
    * ``vpdq_match_percent``: least share of frames, both ways, that match for a video match.
    """

    pdq_threshold: int = 31
    pdq_min_quality: int = 50
    pdq_rotations: bool = False
    text_threshold: float = 0.5
    vpdq_match_percent: float = 80.0

    def __post_init__(self) -> None:
        if not 0 <= self.pdq_threshold <= 256:
            raise ValueError(f"pdq threshold must be 0..256 bits, not {self.pdq_threshold}")
        if not 0 <= self.pdq_min_quality <= 100:
            raise ValueError(f"pdq minimum quality must be 0..100, not {self.pdq_min_quality}")
        if not 0.0 < self.text_threshold <= 1.0:
            raise ValueError(f"text threshold must be in (0, 1], not {self.text_threshold}")
        if not 0.0 < self.vpdq_match_percent <= 100.0:
            raise ValueError(
                f"vpdq match percent must be in (0, 100], not {self.vpdq_match_percent}"
            )


@runtime_checkable
class SignalIndex(Protocol):
    """Bank entries of one signal type, searchable for entries near a query."""

    def add(self, entries: Iterable[tuple[int, str]]) -> None:
        """Add ``(key, canonical value)`` pairs; a key may be added once."""
        ...

    def query(self, value: str) -> list[Hit]:
        """Entries within the type's match threshold of ``value``, nearest first."""
        ...

    def __len__(self) -> int: ...


@runtime_checkable
class SignalType(Protocol):
    """A kind of hash: its stable name, what it is of, and how it is checked and indexed.

    ``threatexchange_name`` is the name python-threatexchange gives the same signal type
    (``pdq``, ``video_md5``, ``url``, ``raw_text``...), or ``None`` where it has none: bank
    import and export in the threatexchange format use it.
    """

    @property
    def name(self) -> str: ...

    @property
    def kind(self) -> ContentKind: ...

    @property
    def threatexchange_name(self) -> str | None: ...

    def canonical(self, value: str) -> str:
        """The canonical form of ``value``; :class:`SignalError` when it is malformed."""
        ...

    def new_index(self, settings: MatchSettings) -> SignalIndex:
        """An empty index that matches under ``settings``."""
        ...


@runtime_checkable
class Hasher(Protocol):
    """Turns files of one content kind into signals."""

    @property
    def name(self) -> str: ...

    @property
    def kind(self) -> ContentKind: ...

    def accepts(self, path: Path, head: bytes) -> bool:
        """Whether this hasher reads ``path``, given its first bytes (magic numbers)."""
        ...

    def hash_file(self, path: Path) -> Sequence[Signal]:
        """Every signal of the file; :class:`SignalError` naming the file when it cannot."""
        ...
