"""``nohaven bank ...``, ``nohaven hash`` and ``nohaven match``: banks of known content."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from enum import StrEnum
from pathlib import Path
from typing import IO, Annotated

import orjson
import typer
from rich.markup import escape
from rich.table import Table

from nohaven.cli.common import (
    DbOption,
    JsonOption,
    err,
    fail,
    log_access,
    out,
    print_json,
    settings,
)
from nohaven.pipeline import expand_inputs
from nohaven.signals.bank import (
    Bank,
    BankError,
    EntryStatus,
    FloodSettings,
    Match,
    Verdict,
    parse_labels,
)
from nohaven.signals.base import ContentKind, SignalError
from nohaven.signals.exchange import BankFormat
from nohaven.signals.registry import SignalRegistry, UnknownSignalTypeError, default_registry
from nohaven.store import open_store
from nohaven.store.banks import BankStore

__all__ = ["bank_app", "hash_command", "match_command"]

bank_app = typer.Typer(
    help="Banks of known content: create, fill, import, export, list and review them.",
    no_args_is_help=True,
    rich_markup_mode=None,
)

NameArgument = Annotated[str, typer.Argument(help="The bank's name.", show_default=False)]
LabelOption = Annotated[
    list[str] | None,
    typer.Option(
        "--label",
        "-l",
        help="A label for the entries: group=NAME, behaviour=NAME or tag=TEXT (repeatable).",
    ),
]
BankFormatOption = Annotated[
    BankFormat,
    typer.Option("--format", "-f", help="Bank file format: threatexchange, hma or csv."),
]
ReviewerOption = Annotated[
    str, typer.Option("--reviewer", help="Who decides (recorded with the decision).")
]


class _Kind(StrEnum):
    IMAGE = "image"
    VIDEO = "video"
    FILE = "file"
    TEXT = "text"
    URL = "url"


@contextmanager
def _banks(db: str | None) -> Iterator[tuple[BankStore, SignalRegistry]]:
    """The bank store and signal registry; bank and signal errors end the command cleanly."""
    try:
        with open_store(settings(db).db_url) as store:
            yield BankStore(store), default_registry()
    except (BankError, SignalError, UnknownSignalTypeError) as error:
        fail(str(error))


@bank_app.command("create")
def create(
    name: NameArgument,
    kind: Annotated[_Kind, typer.Option("--kind", help="What the bank holds.")] = _Kind.IMAGE,
    negative: Annotated[
        bool,
        typer.Option("--negative", help="Known-benign content: its matches suppress others."),
    ] = False,
    description: Annotated[str, typer.Option("--description", help="What it is for.")] = "",
    db: DbOption = None,
    json_output: JsonOption = False,
) -> None:
    """Create a bank of images, video, files, texts or URLs (--negative: known-benign)."""
    with _banks(db) as (banks, _):
        bank = banks.create_bank(Bank(name, ContentKind(kind.value), negative, description))
    if json_output:
        print_json({"name": bank.name, "kind": str(bank.kind), "negative": bank.negative})
    else:
        what = "negative " if bank.negative else ""
        out.print(f"Created {what}{bank.kind} bank {bank.name!r}.", markup=False)


@bank_app.command("add")
def add(
    name: NameArgument,
    files: Annotated[
        list[Path] | None,
        typer.Argument(
            help="Files to hash and add (folders are read recursively).", show_default=False
        ),
    ] = None,
    text: Annotated[
        list[str] | None, typer.Option("--text", help="A known text to add (text banks).")
    ] = None,
    label: LabelOption = None,
    source: Annotated[
        str | None, typer.Option("--source", help="Where the entries come from.")
    ] = None,
    confidence: Annotated[
        float | None, typer.Option("--confidence", help="How sure the source is, 0 to 1.")
    ] = None,
    db: DbOption = None,
    json_output: JsonOption = False,
) -> None:
    """Hash files (or take --text) and add their signals to a bank, with labels.

    Image banks take PDQ hashes, video banks vPDQ and MD5, file banks MD5 and SHA-256, text
    banks each file's text, URL banks each line. Adding what is there merges labels only.
    """
    from nohaven.signals.operations import add_files, add_texts

    if not files and not text:
        fail("give files to add, or --text for a text bank")
    with _banks(db) as (banks, registry):
        labels = parse_labels(label or [])
        report = add_files(
            banks,
            name,
            expand_inputs(files or []),
            registry,
            labels=labels,
            source=source,
            confidence=confidence,
        )
        if text:
            extra = add_texts(
                banks, name, text, labels=labels, source=source, confidence=confidence
            )
            report.counts = report.counts + extra.counts
            report.errors.extend(extra.errors)
    if json_output:
        print_json(report.to_json())
    else:
        c = report.counts
        out.print(
            f"Bank {name!r}: {c.new} new, {c.updated} updated, {c.unchanged} unchanged entries.",
            markup=False,
        )
        for line in report.errors:
            err.print(f"skipped: {line}", markup=False)
    if report.errors and not report.counts.total:
        raise typer.Exit(1)


@bank_app.command("import")
def import_(
    name: NameArgument,
    path: Annotated[Path, typer.Argument(help="The bank file to read.", show_default=False)],
    fmt: BankFormatOption = BankFormat.THREATEXCHANGE,
    label: LabelOption = None,
    db: DbOption = None,
    json_output: JsonOption = False,
) -> None:
    """Import a bank file (threatexchange, hma or csv) into a bank.

    Bad lines go to <file>.rejects.jsonl with line and reason; the rest is added. Importing
    the same file again adds nothing.
    """
    from nohaven.pipeline import rejects_path
    from nohaven.signals.operations import import_bank, write_rejects

    with _banks(db) as (banks, registry):
        labels = parse_labels(label) if label else None
        report = import_bank(banks, name, path, fmt, registry, labels=labels)
        written = write_rejects(report.rejects, rejects_path(path, settings(db).rejects_dir))
        report.rejects_file = str(written) if written else None
    if json_output:
        print_json(report.to_json())
    else:
        c = report.counts
        out.print(
            f"Bank {name!r} from {path}: {c.new} new, {c.updated} updated, "
            f"{c.unchanged} unchanged, {len(report.rejects)} rejected"
            + (f" (see {report.rejects_file})" if report.rejects_file else ""),
            markup=False,
        )
    if report.rejects and not report.counts.total:
        raise typer.Exit(1)


@bank_app.command("export")
def export(
    name: NameArgument,
    output: Annotated[
        Path, typer.Option("--output", "-o", help="File to write ('-' for standard output).")
    ],
    fmt: BankFormatOption = BankFormat.THREATEXCHANGE,
    db: DbOption = None,
    json_output: JsonOption = False,
) -> None:
    """Write a bank in threatexchange, hma or csv format (csv keeps labels and sources)."""
    from nohaven.signals.operations import export_bank

    with _banks(db) as (banks, registry):
        if str(output) == "-":
            report = export_bank(banks, name, sys.stdout, fmt, registry)
        else:
            partial = output.with_name(output.name + ".partial")
            handle: IO[str]
            with partial.open("w", encoding="utf-8", newline="") as handle:
                report = export_bank(banks, name, handle, fmt, registry)
            partial.replace(output)
    summary = {
        "written": report.written,
        "skipped": report.skipped,
        "skipped_types": list(report.skipped_types),
    }
    if json_output and str(output) != "-":
        print_json(summary)
    elif str(output) != "-":
        out.print(f"Wrote {report.written} entries of bank {name!r} to {output}.", markup=False)
    if report.skipped:
        err.print(
            f"note: {report.skipped} entries of types {', '.join(report.skipped_types)} have no "
            f"{fmt} name and were not written; use --format csv to keep them",
            markup=False,
        )


@bank_app.command("list")
def list_(db: DbOption = None, json_output: JsonOption = False) -> None:
    """List banks with their entries, quarantined entries and reviewed matches."""
    with _banks(db) as (banks, _):
        summaries = banks.summaries()
    if json_output:
        print_json([summary.to_json() for summary in summaries])
        return
    if not summaries:
        out.print("No banks yet; create one with 'nohaven bank create NAME --kind KIND'.")
        return
    table = Table("bank", "kind", "negative", "entries", "quarantined", "matched", "TP", "FP")
    for s in summaries:
        table.add_row(
            escape(s.bank.name),
            str(s.bank.kind),
            "yes" if s.bank.negative else "",
            str(s.entries),
            str(s.quarantined),
            str(s.matched_items),
            str(s.true_positives),
            str(s.false_positives),
        )
    out.print(table)


@bank_app.command("show")
def show(
    name: NameArgument,
    status: Annotated[
        EntryStatus | None, typer.Option("--status", help="Only active or quarantined entries.")
    ] = None,
    limit: Annotated[int, typer.Option("--limit", help="Most entries to show.")] = 50,
    db: DbOption = None,
    json_output: JsonOption = False,
) -> None:
    """A bank's entries: signal, labels, status and precision ledger."""
    with _banks(db) as (banks, _):
        banks.get_bank(name)
        entries = []
        for entry in banks.entries(name, status=status):
            entries.append(entry)
            if len(entries) >= limit:
                break
    rows = [
        {
            "id": e.id,
            "signal_type": e.signal_type,
            "value": e.value,
            "labels": e.labels.to_json(),
            "source": e.source,
            "confidence": e.confidence,
            "status": str(e.status),
            "status_reason": e.status_reason,
            "true_positives": e.true_positives,
            "false_positives": e.false_positives,
            "precision": e.precision,
        }
        for e in entries
    ]
    if json_output:
        print_json(rows)
        return
    table = Table("id", "type", "value", "group", "behaviours", "status", "TP", "FP")
    for e in entries:
        value = e.value if len(e.value) <= 40 else e.value[:39] + "…"
        table.add_row(  # values and labels may come from others' banks: never markup
            str(e.id),
            escape(e.signal_type),
            escape(value),
            escape(e.labels.group or ""),
            escape(", ".join(e.labels.behaviours)),
            str(e.status),
            str(e.true_positives),
            str(e.false_positives),
        )
    out.print(table)


@bank_app.command("release")
def release(
    entry_id: Annotated[int, typer.Argument(help="The quarantined entry's id.")],
    reviewer: ReviewerOption,
    db: DbOption = None,
    json_output: JsonOption = False,
) -> None:
    """Put a quarantined entry back in service."""
    with _banks(db) as (banks, _):
        entry = banks.release(entry_id, reviewer)
    if json_output:
        print_json({"id": entry.id, "status": str(entry.status)})
    else:
        out.print(f"Entry {entry.id} is active again.", markup=False)


@bank_app.command("verdict")
def verdict(
    entry_id: Annotated[int, typer.Argument(help="The entry's id.")],
    item: Annotated[str, typer.Argument(help="The matched item (as in matches.jsonl).")],
    decision: Annotated[Verdict, typer.Argument(help="true_positive or false_positive.")],
    reviewer: ReviewerOption,
    db: DbOption = None,
    json_output: JsonOption = False,
) -> None:
    """Record a review decision on one match; it feeds the entry's precision ledger."""
    with _banks(db) as (banks, _):
        entry = banks.set_verdict(entry_id, item, decision, reviewer)
    if json_output:
        print_json(
            {
                "id": entry.id,
                "true_positives": entry.true_positives,
                "false_positives": entry.false_positives,
                "precision": entry.precision,
            }
        )
    else:
        out.print(
            f"Entry {entry.id}: {entry.true_positives} true and {entry.false_positives} false "
            "positives reviewed.",
            markup=False,
        )


@bank_app.command("delete")
def delete(
    name: NameArgument,
    yes: Annotated[bool, typer.Option("--yes", help="Really delete it.")] = False,
    db: DbOption = None,
) -> None:
    """Delete a bank, its entries and their match records."""
    if not yes:
        fail(f"this deletes bank {name!r} and all its entries; add --yes to go on")
    with _banks(db) as (banks, _):
        count = banks.delete_bank(name)
    out.print(f"Deleted bank {name!r} and its {count} entries.", markup=False)


def hash_command(
    paths: Annotated[
        list[Path], typer.Argument(help="Files or folders to hash.", show_default=False)
    ],
    json_output: JsonOption = False,
) -> None:
    """Print each file's signals: PDQ for images, vPDQ and MD5 for video, MD5 and SHA-256.

    A file that cannot be hashed is reported and the others go on; exits 1 when none could.
    """
    from nohaven.signals.operations import hash_paths

    results = list(hash_paths(expand_inputs(paths), default_registry()))
    if json_output:
        print_json([result.to_json() for result in results])
    else:
        for result in results:
            if result.error:
                err.print(f"{result.path}: error: {result.error}", markup=False)
                continue
            for signal in result.signals:
                quality = "" if signal.quality is None else f" quality={signal.quality}"
                out.print(f"{result.path}\t{signal.type}\t{signal.value}{quality}", markup=False)
    if results and all(result.error for result in results):
        raise typer.Exit(1)


_RECORD_BATCH = 2_000


def _record(
    banks: BankStore, pending: list[Match], flood: FloodSettings
) -> list[dict[str, object]]:
    """Record the pending matches (and empty the list); the quarantines they caused."""
    quarantines = banks.record_matches(pending, flood)
    pending.clear()
    return [q.to_json() for q in quarantines]


def match_command(
    paths: Annotated[
        list[Path] | None,
        typer.Argument(help="Files or folders to match (or --store).", show_default=False),
    ] = None,
    bank: Annotated[
        list[str] | None,
        typer.Option("--bank", "-b", help="Match against this bank only (repeatable)."),
    ] = None,
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="Write matches as JSON lines here.")
    ] = None,
    store_posts: Annotated[
        bool, typer.Option("--store", help="Match the posts already in the store.")
    ] = False,
    record: Annotated[
        bool,
        typer.Option(
            "--record/--no-record",
            help="Record matches with their entries (flood quarantine, review ledger).",
        ),
    ] = True,
    db: DbOption = None,
    json_output: JsonOption = False,
) -> None:
    """Match files, or the store's posts (--store), against banks; write matches.jsonl.

    Each line is one item with its matches; a match suppressed by a negative bank, a
    quarantined entry or a low-quality hash says so in its status. Never fetches a URL.
    """
    from nohaven.signals.bank import MatchStatus
    from nohaven.signals.operations import build_matcher, match_paths, match_posts

    if not paths and not store_posts:
        fail("give files to match, or --store to match the posts in the store")
    config = settings(db)
    items = matched = errors = 0
    quarantined: list[dict[str, object]] = []
    pending: list[Match] = []
    matched_posts: list[str] = []  # with --store: the stored posts found to be known content
    try:
        with open_store(config.db_url) as store:
            banks = BankStore(store)
            registry = default_registry()
            matcher = build_matcher(banks, registry, config.match, bank)
            if not len(matcher):
                fail("the banks hold no entries; add some with 'nohaven bank add'")
            results = (
                match_posts(store.iter_posts(), matcher, registry, media_root=Path.cwd())
                if store_posts
                else match_paths(expand_inputs(paths or []), matcher, registry)
            )
            target = output.with_name(output.name + ".partial") if output else None
            handle = target.open("wb") if target else None
            try:
                for result in results:
                    items += 1
                    errors += result.error is not None
                    hit = any(m.status is MatchStatus.MATCH for m in result.matches)
                    matched += hit
                    if store_posts and hit:
                        matched_posts.append(result.item)
                    if handle is not None and (result.matches or result.error):
                        handle.write(orjson.dumps(result.to_json()) + b"\n")
                    if result.error and not json_output:
                        err.print(f"{result.item}: error: {result.error}", markup=False)
                    if record and result.matches:
                        pending.extend(result.matches)
                        if len(pending) >= _RECORD_BATCH:
                            quarantined += _record(banks, pending, config.flood)
                if pending:
                    quarantined += _record(banks, pending, config.flood)
            finally:
                if handle is not None and target is not None and output is not None:
                    handle.close()
                    target.replace(output)
    except (BankError, SignalError, UnknownSignalTypeError) as error:
        fail(str(error))
    if store_posts:
        # who was told which stored posts are known content (their keys, "post:P:ID")
        detail = {"bank": list(bank or []), "output": str(output.resolve()) if output else None}
        log_access(config, "match --store", len(matched_posts), detail, matched_posts)
    summary = {
        "items": items,
        "matched": matched,
        "errors": errors,
        "quarantined": quarantined,
        "output": str(output) if output else None,
    }
    if json_output:
        print_json(summary)
    else:
        out.print(
            f"{matched} of {items} items matched a bank entry; {errors} could not be read"
            + (f" -> {output}" if output else ""),
            markup=False,
        )
        for q in quarantined:
            err.print(
                f"quarantined entry {q['entry_id']} ({q['bank']}): {q['reason']}", markup=False
            )
