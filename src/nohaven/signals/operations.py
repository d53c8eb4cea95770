"""What the ``bank``, ``hash`` and ``match`` commands and the scan's matching stage do.

Each function takes the store's :class:`~nohaven.store.banks.BankStore`, a
:class:`~nohaven.signals.registry.SignalRegistry` and plain values, and returns a report; the
CLI only parses arguments and prints. Files that cannot be hashed are reported one by one
and never stop the rest.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

from nohaven.ingest.base import Reject
from nohaven.model import Post
from nohaven.pipeline import Batch, Stage, write_rejects
from nohaven.signals.bank import Bank, BankError, EntryLabels, Match, NewEntry
from nohaven.signals.base import ContentKind, MatchSettings, Signal, SignalError
from nohaven.signals.exchange import BankFormat, ExportReport, read_bank, write_bank
from nohaven.signals.matcher import Matcher
from nohaven.signals.registry import SignalRegistry
from nohaven.store.banks import BankStore
from nohaven.store.write import RowCounts

__all__ = [
    "AddReport",
    "HashResult",
    "ImportReport",
    "ItemMatches",
    "add_files",
    "add_texts",
    "build_matcher",
    "export_bank",
    "hash_paths",
    "import_bank",
    "match_paths",
    "match_posts",
    "matching_stage",
    "post_item",
    "post_signals",
    "write_rejects",
]

_MATCH_BATCH = 2_000


@dataclass(frozen=True, slots=True)
class HashResult:
    """A file's signals, or why it has none."""

    path: str
    hasher: str | None
    signals: tuple[Signal, ...] = ()
    error: str | None = None

    def to_json(self) -> dict[str, object]:
        return {
            "path": self.path,
            "hasher": self.hasher,
            "signals": [
                {"type": s.type, "value": s.value, "quality": s.quality} for s in self.signals
            ],
            "error": self.error,
        }


def hash_paths(paths: Iterable[Path], registry: SignalRegistry) -> Iterator[HashResult]:
    """Hash each file with the first hasher that reads it; errors are results, not raised."""
    for path in paths:
        try:
            hasher = registry.hasher_for(path)
            signals = tuple(hasher.hash_file(path))
        except SignalError as err:
            yield HashResult(str(path), None, error=err.reason)
            continue
        yield HashResult(str(path), hasher.name, signals)


# --- adding and importing -----------------------------------------------------------------


@dataclass(slots=True)
class AddReport:
    """What adding files or texts to a bank did."""

    counts: RowCounts = field(default_factory=RowCounts)
    errors: list[str] = field(default_factory=list)

    def to_json(self) -> dict[str, object]:
        return {**self.counts.to_json(), "errors": self.errors}


def _bank_signals(bank: Bank, signals: Sequence[Signal], registry: SignalRegistry) -> list[Signal]:
    """The signals of a hashed file that a bank of ``bank.kind`` holds."""
    return [s for s in signals if s.type in registry and registry.type(s.type).kind is bank.kind]


def add_files(
    banks: BankStore,
    bank_name: str,
    paths: Sequence[Path],
    registry: SignalRegistry,
    *,
    labels: EntryLabels | None = None,
    source: str | None = None,
    confidence: float | None = None,
) -> AddReport:
    """Hash ``paths`` and add their signals of the bank's kind to bank ``bank_name``.

    Image banks take PDQ hashes, video banks vPDQ and video MD5, file banks MD5 and SHA-256;
    a text bank takes each file's whole text as one entry, a URL bank each line of each file
    (a bare domain line banks the domain). A file that yields nothing is an error in the
    report; the others are added.
    """
    bank = banks.get_bank(bank_name)
    labels = labels or EntryLabels()
    report = AddReport()
    entries: list[NewEntry] = []
    for path in paths:
        try:
            found = _file_signals(bank, path, registry)
        except SignalError as err:
            report.errors.append(str(err))
            continue
        if not found:
            report.errors.append(f"{path}: no {bank.kind} signal in this file")
            continue
        for signal in found:
            entries.append(
                NewEntry(
                    signal.type,
                    signal.value,
                    labels,
                    source or path.name,
                    confidence,
                    signal.quality,
                )
            )
    report.counts = banks.add_entries(bank.name, entries)
    return report


def _file_signals(bank: Bank, path: Path, registry: SignalRegistry) -> list[Signal]:
    if bank.kind in (ContentKind.TEXT, ContentKind.URL):
        try:
            text = path.read_text(encoding="utf-8-sig")
        except (OSError, UnicodeDecodeError) as err:
            reason = err.strerror if isinstance(err, OSError) else "not UTF-8 text"
            raise SignalError(str(path), reason or str(err)) from None
        if bank.kind is ContentKind.TEXT:
            return [_text_signal(text, str(path))]
        out: list[Signal] = []
        for number, line in enumerate(text.splitlines(), 1):
            if line.strip():
                out.append(_url_signal(line.strip(), f"{path}:{number}", registry))
        return out
    hasher = registry.hasher_for(path)
    return _bank_signals(bank, hasher.hash_file(path), registry)


def _text_signal(text: str, where: str) -> Signal:
    from nohaven.signals.text import text_signal

    try:
        return text_signal(text)
    except SignalError as err:
        raise SignalError(where, err.reason) from None


def _url_signal(line: str, where: str, registry: SignalRegistry) -> Signal:
    kind = "domain" if "/" not in line and ":" not in line else "url"
    try:
        return Signal(kind, registry.type(kind).canonical(line))
    except SignalError as err:
        raise SignalError(where, err.reason) from None


def add_texts(
    banks: BankStore,
    bank_name: str,
    texts: Sequence[str],
    *,
    labels: EntryLabels | None = None,
    source: str | None = None,
    confidence: float | None = None,
) -> AddReport:
    """Add known statements to text bank ``bank_name``."""
    bank = banks.get_bank(bank_name)
    if bank.kind is not ContentKind.TEXT:
        raise BankError(f"bank {bank.name!r} holds {bank.kind}, not text")
    report = AddReport()
    entries = []
    for number, text in enumerate(texts, 1):
        try:
            signal = _text_signal(text, f"text {number}")
        except SignalError as err:
            report.errors.append(str(err))
            continue
        entries.append(
            NewEntry(signal.type, signal.value, labels or EntryLabels(), source, confidence)
        )
    report.counts = banks.add_entries(bank.name, entries)
    return report


@dataclass(slots=True)
class ImportReport:
    """What importing a bank file did."""

    counts: RowCounts
    rejects: list[Reject]
    rejects_file: str | None = None

    def to_json(self) -> dict[str, object]:
        return {
            **self.counts.to_json(),
            "rejected": len(self.rejects),
            "rejects_file": self.rejects_file,
        }


def import_bank(
    banks: BankStore,
    bank_name: str,
    path: Path,
    fmt: BankFormat,
    registry: SignalRegistry,
    *,
    labels: EntryLabels | None = None,
) -> ImportReport:
    """Read a bank file into bank ``bank_name``; bad lines are rejects, the rest are added.

    ``labels`` are added to every entry (the threatexchange and HMA formats carry none).
    """
    bank = banks.get_bank(bank_name)
    result = read_bank(path, fmt, bank, registry)
    entries = result.entries
    if labels is not None:
        entries = [
            NewEntry(e.signal_type, e.value, e.labels.merged(labels), e.source, e.confidence)
            for e in entries
        ]
    counts = banks.add_entries(bank.name, entries)
    return ImportReport(counts, result.rejects)


def export_bank(
    banks: BankStore, bank_name: str, target: IO[str], fmt: BankFormat, registry: SignalRegistry
) -> ExportReport:
    """Write bank ``bank_name``'s entries (quarantined ones too) in format ``fmt``."""
    banks.get_bank(bank_name)
    return write_bank(banks.entries(bank_name), target, fmt, registry)


# --- matching ------------------------------------------------------------------------------


def build_matcher(
    banks: BankStore,
    registry: SignalRegistry,
    settings: MatchSettings | None = None,
    bank_names: Sequence[str] | None = None,
) -> Matcher:
    """A matcher over the named banks (default: every bank), negative banks included.

    Naming a positive bank does not leave the negative banks out: they always apply.
    """
    matcher = Matcher(registry, settings)
    chosen = set(bank_names) if bank_names else None
    if chosen is not None:
        for name in chosen:
            banks.get_bank(name)  # unknown names are loud
    for bank in banks.banks():
        if chosen is None or bank.name in chosen or bank.negative:
            matcher.add(bank, banks.entries(bank.name))
    return matcher


@dataclass(frozen=True, slots=True)
class ItemMatches:
    """One item's matches (or why it could not be matched)."""

    item: str
    matches: tuple[Match, ...] = ()
    error: str | None = None

    def to_json(self) -> dict[str, object]:
        return {
            "item": self.item,
            "matches": [match.to_json() for match in self.matches],
            "error": self.error,
        }


def _file_query_signals(path: Path, registry: SignalRegistry, matcher: Matcher) -> list[Signal]:
    hasher = registry.hasher_for(path)
    signals = list(hasher.hash_file(path))
    if matcher.settings.pdq_rotations and any(s.type == "pdq" for s in signals):
        from nohaven.signals.image import pdq_dihedral

        signals.extend(pdq_dihedral(path)[1:])  # the first is the original, hashed above
    wanted = matcher.signal_types()
    return [signal for signal in signals if signal.type in wanted]


def match_paths(
    paths: Iterable[Path], matcher: Matcher, registry: SignalRegistry
) -> Iterator[ItemMatches]:
    """Hash each file and match it; a file that cannot be hashed gets an error, not a stop."""
    for path in paths:
        item = f"file:{path}"
        try:
            signals = _file_query_signals(path, registry, matcher)
        except SignalError as err:
            yield ItemMatches(item, error=str(err))
            continue
        yield ItemMatches(item, tuple(matcher.match(item, signals)))


def post_item(post: Post) -> str:
    """The item name of a post in match records: ``post:PLATFORM:ID``."""
    return f"post:{post.platform}:{post.id}"


def post_signals(
    post: Post,
    registry: SignalRegistry,
    matcher: Matcher,
    media_root: Path | None = None,
) -> tuple[list[Signal], list[str]]:
    """A post's signals the matcher can use, and the problems met on the way.

    Its text (as a near-duplicate fingerprint), its links (URL and domain) and the media
    files it references by a local path (relative paths under ``media_root``). Media URLs are
    never fetched.
    """
    wanted = matcher.signal_types()
    signals: list[Signal] = []
    problems: list[str] = []
    if "text" in wanted and post.text.strip():
        # Nothing left after normalisation (only links or emoji): nothing to match.
        with contextlib.suppress(SignalError):
            signals.append(_text_signal(post.text, post_item(post)))
    if {"url", "domain"} & wanted:
        from nohaven.signals.urls import url_signals

        for url in post.urls:
            try:
                signals.extend(s for s in url_signals(url) if s.type in wanted)
            except SignalError as err:
                problems.append(str(err))
    for media in post.media:
        if not media.path:
            continue
        path = Path(media.path)
        if not path.is_absolute() and media_root is not None:
            path = media_root / path
        if not path.is_file():
            continue
        try:
            signals.extend(_file_query_signals(path, registry, matcher))
        except SignalError as err:
            problems.append(str(err))
    return signals, problems


def match_posts(
    posts: Iterable[Post],
    matcher: Matcher,
    registry: SignalRegistry,
    *,
    media_root: Path | None = None,
) -> Iterator[ItemMatches]:
    """Match stored or ingested posts in batches; one result a post with a match or a problem."""
    batch: list[Post] = []

    def flush() -> Iterator[ItemMatches]:
        queries = []
        problems: dict[str, list[str]] = {}
        for post in batch:
            signals, found = post_signals(post, registry, matcher, media_root)
            queries.append((post_item(post), signals))
            if found:
                problems[post_item(post)] = found
        for (item, _), matches in zip(queries, matcher.match_many(queries), strict=True):
            if matches or item in problems:
                error = "; ".join(problems[item]) if item in problems else None
                yield ItemMatches(item, tuple(matches), error)
        batch.clear()

    for post in posts:
        batch.append(post)
        if len(batch) >= _MATCH_BATCH:
            yield from flush()
    if batch:
        yield from flush()


@dataclass(frozen=True, slots=True)
class _MatchingStage:
    matcher: Matcher
    registry: SignalRegistry
    name: str = "match"

    def __call__(self, batch: Batch) -> Batch:
        if not batch.posts or not len(self.matcher):
            return batch
        root = Path(batch.source).parent
        found = [
            match
            for result in match_posts(batch.posts, self.matcher, self.registry, media_root=root)
            for match in result.matches
        ]
        batch.matches = [*batch.matches, *found]
        return batch


def matching_stage(matcher: Matcher, registry: SignalRegistry) -> Stage:
    """Match every post of a batch (text, links, local media) against the matcher's banks."""
    return _MatchingStage(matcher, registry)
