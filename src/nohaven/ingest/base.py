"""The ingest interface: a format reads a file into raw records and maps each to the model.

A format has two small duties:

* ``read(path, options)`` streams :class:`SourceRecord` (a raw object and where it came from)
  or :class:`Reject` (a record that could not even be parsed) from one file;
* ``map(record, options)`` is a *pure* function from one raw record to a :class:`Mapped`
  bundle of posts and accounts. It raises :class:`RecordError` with a reason when the record
  is unusable; the pipeline turns that into a :class:`Reject` and goes on.

``sniff(head)`` scores how likely a file is in this format, for auto-detection.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol, runtime_checkable

from nohaven._records import slot_init
from nohaven.model import Account, Post

__all__ = [
    "EXCERPT_CHARS",
    "Format",
    "FormatOptions",
    "Head",
    "Mapped",
    "RecordError",
    "Reject",
    "SourceRecord",
    "excerpt",
]

EXCERPT_CHARS = 200


class RecordError(ValueError):
    """A raw record cannot be mapped; the message is the reason shown to the user."""


def excerpt(value: object, limit: int = EXCERPT_CHARS) -> str:
    """A short, printable excerpt of a bad record for the rejects file."""
    text = value if isinstance(value, str) else repr(value)
    text = text.replace("\x00", "\\x00")
    return text if len(text) <= limit else text[:limit] + "…"


@slot_init
@dataclass(frozen=True, slots=True)
class SourceRecord:
    """One raw record and where it was read: file, 1-based line, and (for pages) item index."""

    source: str
    line: int
    data: Mapping[str, object]


@slot_init
@dataclass(frozen=True, slots=True)
class Reject:
    """A record that was not stored, with the reason and an excerpt; never silently dropped."""

    source: str
    line: int
    reason: str
    excerpt: str = ""

    def as_json(self) -> dict[str, object]:
        return {
            "file": self.source,
            "line": self.line,
            "reason": self.reason,
            "excerpt": self.excerpt,
        }


@slot_init
@dataclass(frozen=True, slots=True)
class Mapped:
    """What one raw record maps to: usually one post and its author; pages give many.

    ``captured`` holds the ids of the posts among ``posts`` that are not the record's own but
    were captured with it: statuses by other accounts that it retweets, quotes or references
    (stored like any post; ``nohaven classify`` scores a record's own posts only)."""

    posts: tuple[Post, ...] = ()
    accounts: tuple[Account, ...] = ()
    rejects: tuple[Reject, ...] = ()
    captured: frozenset[str] = frozenset()

    def own_posts(self) -> tuple[Post, ...]:
        """The record's own posts, in order: ``posts`` less those ``captured`` with them."""
        if not self.captured:
            return self.posts
        return tuple(post for post in self.posts if post.id not in self.captured)


@dataclass(frozen=True, slots=True)
class FormatOptions:
    """Per-run settings a format may use.

    ``mapping`` maps model field names to source column names for the generic formats
    (``--map text=body,account=user``); ``platform`` names the platform for sources that do not
    say; ``max_text_chars`` bounds a single text field (longer ones are rejected).
    """

    mapping: Mapping[str, str] = field(default_factory=dict)
    platform: str | None = None
    max_text_chars: int = 1_000_000


@dataclass(frozen=True, slots=True)
class Head:
    """The start of a file, for sniffing: its path, its first bytes (decompressed) and lines.

    ``mapping`` is the user's column mapping (``--map``), for the formats that read columns:
    a file whose columns are named only there is still recognised.
    """

    path: Path
    data: bytes
    text: str
    mapping: Mapping[str, str] = field(default_factory=dict)

    @property
    def first_line(self) -> str:
        return self.text.lstrip("\ufeff").split("\n", 1)[0].strip()


@runtime_checkable
class Format(Protocol):
    """An input format. ``name`` is stable and user-facing (``--format NAME``)."""

    name: str
    description: str

    def sniff(self, head: Head) -> float:
        """How sure (0..1) it is that the file is in this format."""
        ...

    def read(self, path: Path, options: FormatOptions) -> Iterator[SourceRecord | Reject]:
        """Stream raw records, or rejects for records that cannot be parsed, from one file."""
        ...

    def map(self, record: SourceRecord, options: FormatOptions) -> Mapped:
        """Map one raw record to the model (pure; raises RecordError when unusable)."""
        ...
