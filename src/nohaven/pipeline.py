"""The scan pipeline: stages as pure functions over batches of records.

    read + map (ingest) -> text (matching key, language) -> interactions -> store

Reading is a generator of :class:`Batch` objects per input file; every stage after it is a
function ``Batch -> Batch`` with no I/O but the final store stage, so the same stages can run
in-process (here) or on a distributed engine that ships batches to workers. Later capabilities
(classification, known-content matching, links) are the stages of :func:`analysis_stages`.
"""

from __future__ import annotations

import gc
import os
import re
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, TYPE_CHECKING, Protocol

import orjson

from nohaven.ingest.base import (
    Format,
    FormatOptions,
    Mapped,
    RecordError,
    Reject,
    SourceRecord,
    excerpt,
)
from nohaven.ingest.registry import FormatRegistry, UnknownFormatError
from nohaven.model import Account, Interaction, Post, PostLink, PostScore, interactions_of
from nohaven.store import Store, WriteCounts
from nohaven.text import LanguageIdentifier, matching_key

if TYPE_CHECKING:
    from nohaven.classify.cascade import ContentModel
    from nohaven.links.extract import LinkExtractor
    from nohaven.signals.bank import FloodSettings, Match
    from nohaven.signals.matcher import Matcher
    from nohaven.signals.registry import SignalRegistry

__all__ = [
    "Batch",
    "FileReport",
    "RunReport",
    "Stage",
    "analysis_stages",
    "batched_collection",
    "expand_inputs",
    "foundation_stages",
    "interaction_stage",
    "map_records",
    "own_posts",
    "read_batches",
    "rejects_path",
    "run",
    "text_stage",
    "write_rejects",
]

DEFAULT_BATCH_SIZE = 5_000


@dataclass(slots=True)
class Batch:
    """A slice of one input file on its way through the stages.

    ``scores`` holds the post scores analysis stages made, ``matches`` the bank matches and
    ``links`` the off-platform destinations; all are stored with the batch.
    ``longer_than_learnt`` counts the posts the classification stage scored that are longer
    than any positive its model was trained on (see ``ContentModel.learnt_lengths``).
    """

    source: str
    posts: list[Post] = field(default_factory=list)
    accounts: list[Account] = field(default_factory=list)
    interactions: list[Interaction] = field(default_factory=list)
    rejects: list[Reject] = field(default_factory=list)
    records: int = 0
    scores: list[PostScore] = field(default_factory=list)
    matches: list[Match] = field(default_factory=list)
    links: list[PostLink] = field(default_factory=list)
    longer_than_learnt: int = 0


class Stage(Protocol):
    """One step over a batch. ``name`` is stable: it is shown in reports and settings."""

    @property
    def name(self) -> str: ...

    def __call__(self, batch: Batch) -> Batch: ...


@dataclass(frozen=True, slots=True)
class _FunctionStage:
    name: str
    function: Callable[[Batch], Batch]

    def __call__(self, batch: Batch) -> Batch:
        return self.function(batch)


def map_records(
    fmt: Format, records: Iterable[SourceRecord | Reject], options: FormatOptions, source: str
) -> Iterator[tuple[int, Sequence[Post], Sequence[Account], Sequence[Reject]]]:
    """Apply a format's pure mapper to each record; errors become rejects, never exceptions."""
    for item in records:
        posts: list[Post] = []
        accounts: list[Account] = []
        rejects: list[Reject] = []
        _map_into(fmt, item, options, posts, accounts, rejects)
        yield 1, posts, accounts, rejects


def _map_into(
    fmt: Format,
    item: SourceRecord | Reject,
    options: FormatOptions,
    posts: list[Post],
    accounts: list[Account],
    rejects: list[Reject],
) -> None:
    """Map one record and append what it gives to ``posts``, ``accounts`` and ``rejects``.

    The lists are the batch's own (the hot path appends in place instead of building and
    merging small lists per record).
    """
    mapped = _mapped(fmt, item, options, rejects)
    if mapped is None:
        return
    assert isinstance(item, SourceRecord)
    _within_limit(mapped.posts, item, options, posts, rejects)
    accounts.extend(_observed(mapped.accounts, mapped.posts))


def own_posts(
    fmt: Format, item: SourceRecord | Reject, options: FormatOptions
) -> tuple[list[Post], list[Reject]]:
    """One record's own posts (:meth:`~nohaven.ingest.base.Mapped.own_posts`: not the statuses
    captured with them), each once, and every reject of the record, as :func:`map_records`
    makes them: what ``nohaven classify`` gives a row each."""
    rejects: list[Reject] = []
    mapped = _mapped(fmt, item, options, rejects)
    if mapped is None:
        return [], rejects
    assert isinstance(item, SourceRecord)
    unique: dict[str, Post] = {}
    for post in mapped.own_posts():
        unique.setdefault(post.id, post)
    posts: list[Post] = []
    _within_limit(unique.values(), item, options, posts, rejects)
    return posts, rejects


def _mapped(
    fmt: Format, item: SourceRecord | Reject, options: FormatOptions, rejects: list[Reject]
) -> Mapped | None:
    """What ``fmt`` maps ``item`` to, its rejects appended to ``rejects``; None (the reason in
    ``rejects``) where the record is a reject or cannot be mapped."""
    if isinstance(item, Reject):
        rejects.append(item)
        return None
    try:
        mapped = fmt.map(item, options)
    except RecordError as err:
        rejects.append(Reject(item.source, item.line, str(err), _excerpt(item.data)))
        return None
    except (ValueError, TypeError, KeyError, AttributeError) as err:
        reason = f"unexpected record layout for {fmt.name} ({type(err).__name__}: {err})"
        rejects.append(Reject(item.source, item.line, reason, _excerpt(item.data)))
        return None
    if mapped.rejects:
        rejects.extend(mapped.rejects)
    return mapped


def _within_limit(
    found: Iterable[Post],
    record: SourceRecord,
    options: FormatOptions,
    posts: list[Post],
    rejects: list[Reject],
) -> None:
    """Append each of ``found`` to ``posts``, or a reject where its text is over the limit."""
    limit = options.max_text_chars
    for post in found:
        if len(post.text) <= limit:
            posts.append(post)
        else:
            rejects.append(_too_long(post, record, limit))


def _too_long(post: Post, record: SourceRecord, limit: int) -> Reject:
    return Reject(
        record.source,
        record.line,
        f"text of post {post.id} is {len(post.text):,} characters; the limit is "
        f"{limit:,} (setting max_text_chars)",
        excerpt(post.text),
    )


def _observed(accounts: Sequence[Account], posts: Sequence[Post]) -> Sequence[Account]:
    """Mark account snapshots that do not say when they were true with their record's time
    (the latest of its posts), so the store can keep the most recent snapshot."""
    for account in accounts:
        if account.observed is None:
            break
    else:
        return accounts  # every snapshot says when (mappers usually fill it): the fast path
    if not posts:
        return accounts
    when = max(post.created for post in posts)
    return [
        account if account.observed is not None else account.observed_at(when)
        for account in accounts
    ]


def _excerpt(data: object) -> str:
    try:
        return excerpt(orjson.dumps(data, default=str).decode("utf-8"))
    except TypeError:
        return excerpt(repr(data))


def read_batches(
    path: Path,
    fmt: Format,
    options: FormatOptions,
    *,
    batch_size: int = DEFAULT_BATCH_SIZE,
) -> Iterator[Batch]:
    """Stream one file as batches of mapped records (the ingest stage)."""
    source = str(path)
    batch = Batch(source)
    for item in fmt.read(path, options):
        batch.records += 1
        _map_into(fmt, item, options, batch.posts, batch.accounts, batch.rejects)
        if len(batch.posts) + len(batch.rejects) >= batch_size:
            yield batch
            batch = Batch(source)
    if batch.records or batch.posts or batch.rejects:
        yield batch


def text_stage(identifier: LanguageIdentifier) -> Stage:
    """Add each post's matching key (normalised text) and its language, offline.

    A language the source declares (a generic table's language column) is kept (score None);
    every other post's language is identified. One stage for both so each post is copied
    once; the original text is kept.
    """

    def annotate(batch: Batch) -> Batch:
        posts = batch.posts
        undeclared = [post.text for post in posts if post.language is None]
        found = iter(identifier.detect_many(undeclared))
        annotated = []
        for post in posts:
            language: str | None
            score: float | None
            if post.language is None:
                hit = next(found)
                language, score = hit.lang, hit.score
            else:
                language, score = post.language, post.language_score
            annotated.append(post.with_text_annotations(matching_key(post.text), language, score))
        batch.posts = annotated
        return batch

    return _FunctionStage("text", annotate)


def _interactions(batch: Batch) -> Batch:
    batch.interactions = [edge for post in batch.posts for edge in interactions_of(post)]
    return batch


def interaction_stage() -> Stage:
    """Derive reposts, replies, mentions and quotes between accounts from each post."""
    return _FunctionStage("interactions", _interactions)


def foundation_stages(identifier: LanguageIdentifier | None = None) -> list[Stage]:
    """The stages every ingest runs: text (matching key and language), interactions."""
    return [text_stage(identifier or LanguageIdentifier()), interaction_stage()]


def analysis_stages(
    *,
    model: ContentModel | None = None,
    matcher: Matcher | None = None,
    signals: SignalRegistry | None = None,
    links: LinkExtractor | None = None,
) -> list[Stage]:
    """The analysis stages: classification with ``model`` when one is given, matching
    against known content when a ``matcher`` with entries is given, and off-platform links
    with ``links`` (an extractor)."""
    stages: list[Stage] = []
    if links is not None:
        from nohaven.links.stage import link_stage

        stages.append(link_stage(links))
    if model is not None:
        from nohaven.classify.apply import classification_stage  # sklearn and numpy: only here

        stages.append(classification_stage(model))
    if matcher is not None and len(matcher):
        from nohaven.signals.operations import matching_stage
        from nohaven.signals.registry import default_registry

        stages.append(matching_stage(matcher, signals or default_registry()))
    return stages


@dataclass(slots=True)
class FileReport:
    """What happened to one input file."""

    path: str
    format: str | None = None
    records: int = 0
    counts: WriteCounts = field(default_factory=WriteCounts)
    rejects: int = 0
    rejects_file: str | None = None
    error: str | None = None
    seconds: float = 0.0
    matches: int = 0
    quarantined: list[dict[str, object]] = field(default_factory=list)
    #: Posts longer than any positive the content model was trained on (see Batch).
    longer_than_learnt: int = 0

    @property
    def readable(self) -> bool:
        return self.error is None and self.records > self.rejects

    def to_json(self) -> dict[str, object]:
        return {
            "path": self.path,
            "format": self.format,
            "records": self.records,
            "rejected": self.rejects,
            "rejects_file": self.rejects_file,
            "error": self.error,
            "seconds": round(self.seconds, 3),
            **self.counts.to_json(),
            "matches": self.matches,
            "quarantined": self.quarantined,
            "longer_than_learnt": self.longer_than_learnt,
        }


@dataclass(slots=True)
class RunReport:
    """What a whole ingest or scan run did, file by file."""

    files: list[FileReport] = field(default_factory=list)
    stages: list[str] = field(default_factory=list)
    #: What account scoring did after the files (``nohaven scan``; ``None`` when it did not run).
    accounts: dict[str, object] | None = None

    @property
    def anything_read(self) -> bool:
        return any(report.readable for report in self.files)

    def totals(self) -> WriteCounts:
        total = WriteCounts()
        for report in self.files:
            total = total + report.counts
        return total

    def to_json(self) -> dict[str, object]:
        return {
            "stages": self.stages,
            "files": [report.to_json() for report in self.files],
            "totals": {
                "records": sum(r.records for r in self.files),
                "rejected": sum(r.rejects for r in self.files),
                **self.totals().to_json(),
            },
            **({} if self.accounts is None else {"accounts": self.accounts}),
        }


_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")


def rejects_path(path: Path, rejects_dir: Path | None = None) -> Path:
    """Where the rejects of ``path`` go: ``<input>.rejects.jsonl`` beside it when that folder is
    writable, else (or when ``rejects_dir`` is set) in ``rejects_dir`` / ``./nohaven-rejects``
    under a name made from the input's full path."""
    if rejects_dir is None and _writable(path.parent):
        return path.with_name(path.name + ".rejects.jsonl")
    folder = rejects_dir or Path.cwd() / "nohaven-rejects"
    flat = _UNSAFE.sub("_", str(path.resolve()).strip("/"))
    return folder / (flat + ".rejects.jsonl")


def write_rejects(rejects: Sequence[Reject], target: Path) -> Path | None:
    """Write rejects as JSON lines to ``target`` (removed when there are none)."""
    if not rejects:
        target.unlink(missing_ok=True)
        return None
    partial = target.with_name(target.name + ".partial")
    with partial.open("wb") as handle:
        for reject in rejects:
            handle.write(orjson.dumps(reject.as_json()) + b"\n")
    partial.replace(target)
    return target


def _writable(folder: Path) -> bool:
    """Writable, and not marked read-only (root may write anywhere, but should not here)."""
    try:
        return os.access(folder, os.W_OK) and bool(folder.stat().st_mode & 0o222)
    except OSError:
        return False


class _RejectsWriter:
    """Writes a file's rejects as JSON lines, created only when there is one to write."""

    def __init__(self, target: Path) -> None:
        self.target = target
        self.count = 0
        self._handle: IO[bytes] | None = None
        self._partial = target.with_name(target.name + ".partial")

    def write(self, rejects: Sequence[Reject]) -> None:
        if not rejects:
            return
        if self._handle is None:
            self.target.parent.mkdir(parents=True, exist_ok=True)
            self._handle = self._partial.open("wb")
        for reject in rejects:
            self._handle.write(orjson.dumps(reject.as_json()) + b"\n")
        self.count += len(rejects)

    def finish(self) -> Path | None:
        """Replace the previous rejects file atomically (or remove it when there are none)."""
        if self._handle is None:
            self.target.unlink(missing_ok=True)
            return None
        self._handle.close()
        self._partial.replace(self.target)
        return self.target


ProgressHook = Callable[[str, int], None]

#: Young-generation threshold while a run streams batches. Every batch holds thousands of
#: fresh containers (raw records); with CPython's default (700) the collector rescans them
#: again and again, which cost up to a third of the ingest time in the benchmark. Batches
#: are freed whole, so nothing accumulates: the higher threshold only batches the work.
_RUN_GC_THRESHOLD = (50_000, 20, 10)


@contextmanager
def batched_collection() -> Iterator[None]:
    """Collect garbage less often while batches stream (a run, ``nohaven links``, a benchmark);
    the previous settings come back after."""
    previous = gc.get_threshold()
    gc.set_threshold(*_RUN_GC_THRESHOLD)
    try:
        yield
    finally:
        gc.set_threshold(*previous)


def run(
    paths: Sequence[Path],
    store: Store,
    registry: FormatRegistry,
    *,
    format_name: str | None = None,
    options: FormatOptions | None = None,
    stages: Sequence[Stage] | None = None,
    batch_size: int = DEFAULT_BATCH_SIZE,
    rejects_dir: Path | None = None,
    progress: ProgressHook | None = None,
    flood: FloodSettings | None = None,
) -> RunReport:
    """Read each file, run the stages over its batches, and store the results.

    Bank matches a stage made are recorded with the bank entries they hit; an entry that
    then matches more distinct items than ``flood`` allows is quarantined (and reported).

    A file that cannot be opened or recognised is reported and skipped; the other files still
    run. Rejected records go to the file's rejects file and to the store's ``rejects`` table.
    Each batch is stored in its own transaction and every write is an idempotent upsert, so a
    run that is killed and started again ends with the store an uninterrupted run gives.
    """
    options = options or FormatOptions()
    stages = list(stages) if stages is not None else foundation_stages()
    report = RunReport(stages=[stage.name for stage in stages])
    plan = _Plan(
        store, registry, format_name, options, stages, batch_size, rejects_dir, progress, flood
    )
    with batched_collection(), store.bulk():
        report.files.extend(_run_file(path, plan) for path in paths)
    return report


@dataclass(frozen=True, slots=True)
class _Plan:
    """What every file of a run shares."""

    store: Store
    registry: FormatRegistry
    format_name: str | None
    options: FormatOptions
    stages: Sequence[Stage]
    batch_size: int
    rejects_dir: Path | None
    progress: ProgressHook | None
    flood: FloodSettings | None


def _run_file(path: Path, plan: _Plan) -> FileReport:
    report = FileReport(path=str(path))
    started = time.perf_counter()
    try:
        fmt = (
            plan.registry.get(plan.format_name)
            if plan.format_name
            else plan.registry.detect(path, plan.options.mapping)
        )
    except UnknownFormatError as err:
        report.error = str(err)
        return report
    except OSError as err:
        report.error = _os_error(err)
        return report
    report.format = fmt.name
    writer = _RejectsWriter(rejects_path(path, plan.rejects_dir))
    try:
        for batch in read_batches(path, fmt, plan.options, batch_size=plan.batch_size):
            for stage in plan.stages:
                batch = stage(batch)
            counts = plan.store.write(
                batch.posts,
                batch.accounts,
                batch.interactions,
                batch.rejects,
                scores=batch.scores,
                links=batch.links,
                source=batch.source,
            )
            if batch.matches:
                _record_matches(plan, batch.matches, report)
            writer.write(batch.rejects)
            report.records += batch.records
            report.rejects += len(batch.rejects)
            report.longer_than_learnt += batch.longer_than_learnt
            report.counts = report.counts + counts
            if plan.progress is not None:
                plan.progress(str(path), batch.records)
    except OSError as err:
        report.error = _os_error(err)
    finally:
        written = writer.finish()
        report.rejects_file = str(written) if written else None
        report.seconds = time.perf_counter() - started
    return report


def _record_matches(plan: _Plan, matches: Sequence[Match], report: FileReport) -> None:
    from nohaven.signals.bank import MatchStatus
    from nohaven.store.banks import BankStore

    quarantines = BankStore(plan.store).record_matches(matches, plan.flood)
    report.matches += sum(1 for match in matches if match.status is MatchStatus.MATCH)
    report.quarantined.extend(q.to_json() for q in quarantines)


def expand_inputs(paths: Iterable[Path]) -> list[Path]:
    """Files to read: each file as given, and every file under a folder (sorted, recursive),
    leaving out hidden files and nohaven's own rejects files."""
    found: list[Path] = []
    for path in paths:
        if not path.is_dir():
            found.append(path)
            continue
        for child in sorted(path.rglob("*")):
            hidden = any(part.startswith(".") for part in child.relative_to(path).parts)
            rejects = child.name.endswith((".rejects.jsonl", ".rejects.jsonl.partial"))
            if child.is_file() and not hidden and not rejects:
                found.append(child)
    return found


def _os_error(err: OSError) -> str:
    where = f"{err.filename}: " if err.filename else ""
    return f"{where}{err.strerror or err}"
