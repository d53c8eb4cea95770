"""The ``nohaven`` command line: a thin layer that parses options, calls a job, prints."""

from __future__ import annotations

import shlex
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn
from rich.table import Table
from rich.text import Text

from nohaven import jobs
from nohaven.cli.accounts import accounts_command, train_accounts_command
from nohaven.cli.audit import audit_command
from nohaven.cli.banks import bank_app, hash_command, match_command
from nohaven.cli.common import DbOption, FormatOption, JsonOption, MapOption, err, out
from nohaven.cli.common import fail as _fail
from nohaven.cli.common import print_json as _print_json
from nohaven.cli.common import settings as _settings
from nohaven.cli.common import short_value as _short
from nohaven.cli.common import shown_path as _shown
from nohaven.cli.detection import (
    classify_command,
    evaluate_command,
    longer_than_learnt,
    train_command,
)
from nohaven.cli.links import destinations_table, links_command
from nohaven.cli.network import network_command
from nohaven.cli.resurgence import resurgence_command
from nohaven.cli.scores import scores_command
from nohaven.ingest.mapping import MappingError, parse_mapping
from nohaven.ingest.registry import UnknownFormatError, default_registry
from nohaven.links.migration import MigrationSummary
from nohaven.pipeline import ProgressHook, RunReport
from nohaven.store import StoreStats

if TYPE_CHECKING:
    pass

__all__ = ["app", "main"]

app = typer.Typer(
    name="nohaven",
    help="Find, measure and counter violent-extremist propaganda online.",
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
)
app.add_typer(bank_app, name="bank")
app.command("hash")(hash_command)
app.command("match")(match_command)
app.command("links")(links_command)
app.command("scores")(scores_command)
app.command("audit")(audit_command)
app.command("accounts")(accounts_command)
app.command("train-accounts")(train_accounts_command)
app.command("network")(network_command)
app.command("resurgence")(resurgence_command)
PathsArgument = Annotated[
    list[Path],
    typer.Argument(help="Files or folders (read recursively) to read.", show_default=False),
]
PlatformOption = Annotated[
    str | None, typer.Option("--platform", help="Platform name for sources that do not say.")
]
BatchOption = Annotated[
    int | None, typer.Option("--batch-size", help="Records per batch and transaction.")
]
RejectsOption = Annotated[
    Path | None,
    typer.Option("--rejects-dir", help="Folder for rejects files (default: beside each input)."),
]


@app.command()
def formats(json_output: JsonOption = False) -> None:
    """List the input formats nohaven reads."""
    registry = default_registry()
    rows = [{"name": fmt.name, "description": fmt.description} for fmt in registry]
    if json_output:
        _print_json(rows)
        return
    table = Table("format", "reads")
    for row in rows:
        table.add_row(row["name"], row["description"])
    out.print(table)


def _ingest_command(
    job_name: str,
    paths: list[Path],
    format_name: str | None,
    mapping: str | None,
    platform: str | None,
    db: str | None,
    batch_size: int | None,
    rejects_dir: Path | None,
    json_output: bool,
) -> None:
    settings = _settings(db, batch_size, rejects_dir)
    try:
        parsed = parse_mapping(mapping) if mapping else None
        registry = default_registry()
        if format_name:
            registry.get(format_name)
    except (MappingError, UnknownFormatError) as error:
        _fail(str(error))
    job = jobs.scan if job_name == "scan" else jobs.ingest
    from nohaven.accounts.risk import AccountModelFormatError

    try:
        with _Progress(enabled=not json_output) as hook:
            report = job(
                paths,
                settings,
                format_name=format_name,
                mapping=parsed,
                platform=platform,
                registry=registry,
                progress=hook,
            )
    except AccountModelFormatError as error:
        _fail(f"{error} (NOHAVEN_ACCOUNT_MODEL: 'default', a model file, or 'none')")
    if json_output:
        _print_json(report.to_json())
    else:
        _print_run(report)
    if not report.anything_read:
        err.print("error: nothing could be read from the input; see the reasons above", style="red")
        raise typer.Exit(1)


@app.command()
def ingest(
    paths: PathsArgument,
    format_name: FormatOption = None,
    mapping: MapOption = None,
    platform: PlatformOption = None,
    db: DbOption = None,
    batch_size: BatchOption = None,
    rejects_dir: RejectsOption = None,
    json_output: JsonOption = False,
) -> None:
    """Read platform exports into the store (normalised, with language and interactions).

    Bad records go to <input>.rejects.jsonl with file, line and reason; the rest is stored.
    Running it again on the same files changes nothing. Exits 1 only when nothing could be read.
    """
    _ingest_command(
        "ingest", paths, format_name, mapping, platform, db, batch_size, rejects_dir, json_output
    )


@app.command()
def scan(
    paths: PathsArgument,
    format_name: FormatOption = None,
    mapping: MapOption = None,
    platform: PlatformOption = None,
    db: DbOption = None,
    batch_size: BatchOption = None,
    rejects_dir: RejectsOption = None,
    json_output: JsonOption = False,
) -> None:
    """Ingest files and run every analysis stage that exists over them."""
    _ingest_command(
        "scan", paths, format_name, mapping, platform, db, batch_size, rejects_dir, json_output
    )


@app.command()
def stats(db: DbOption = None, json_output: JsonOption = False) -> None:
    """Posts, accounts and interactions in the store, by platform, language and month."""
    result = jobs.stats(_settings(db))
    if json_output:
        _print_json(result.to_json())
    else:
        _print_stats(result)


@app.command()
def demo(
    out_dir: Annotated[
        Path, typer.Option("--out", help="Folder for the generated world and its store.")
    ] = Path("nohaven-demo"),
    seed: Annotated[int, typer.Option(help="Random seed; the same seed gives the same world.")] = 7,
    db: Annotated[
        str | None, typer.Option("--db", help="Database URL (default: a fresh OUT/nohaven.db).")
    ] = None,
    json_output: JsonOption = False,
) -> None:
    """Generate a synthetic multi-platform world, scan it into a fresh store, summarise it.

    The text is neutral placeholder text; the structure (suspended accounts re-appearing under
    numbered handles, counter-messaging and news accounts, growing outlinks) is realistic.
    """
    report = jobs.run_demo(out_dir, seed=seed, db_url=db)
    if json_output:
        _print_json(report.to_json())
        return
    out.print(f"Generated world in {report.out_dir / 'world'} (seed {seed})", markup=False)
    table = Table("world", "value")
    for key, value in report.world.items():
        table.add_row(str(key), _short(value))
    out.print(table)
    _print_run(report.run, by_format=True)
    _print_stats(report.stats)
    _print_link_mix(report.links)
    _print_demo_analysis(report)
    out.print(f"Store: {report.db_url}", markup=False)
    out.print(
        f"Review the flagged posts: nohaven scores --db {shlex.quote(report.db_url)}; "
        f"the accounts: nohaven accounts --db {shlex.quote(report.db_url)}",
        markup=False,
    )


def _print_demo_analysis(report: jobs.DemoReport) -> None:
    """Top accounts, communicators, contacts and resurgent pairs, each beside the truth."""
    from nohaven.demo.analysis import DEMO_ACCOUNT_MODEL

    analysis = report.analysis
    cv = analysis.cross_validation
    out.print(
        f"Account model '{DEMO_ACCOUNT_MODEL}' trained on the {analysis.labelled} accounts a "
        f"team reviewed (half the world): ROC-AUC {cv['roc_auc']:.3f} in folds grouped by "
        f"persona; on the accounts nobody reviewed, ROC-AUC {analysis.unreviewed_auc:.3f}.",
        markup=False,
    )
    table = Table("account", "score", "evidence", "role (truth)", title="Top unreviewed accounts")
    for item, role in analysis.top_accounts[:6]:
        table.add_row(
            Text(item.handle or item.score.account_id),
            f"{item.score.score:.3f}",
            Text(item.score.summary(top=2)),
            role,
        )
    out.print(table)
    network = analysis.network
    for title, listed in (
        ("Top communicators", network.communicators),
        (
            "Top communicators of the flagged accounts and communities",
            network.flagged_communicators,
        ),
    ):
        table = Table("account", "pagerank", "amplifiers", "role (truth)", title=title)
        for c in listed[:5]:
            table.add_row(
                Text(c.label),
                f"{c.pagerank:.4f}",
                str(c.amplifiers),
                analysis.roles.get((c.platform, c.account_id), "-"),
            )
        out.print(table)
    found = analysis.exchanges
    out.print(
        f"Contacts for human review: {found['listed']} pairs in sustained two-way exchanges "
        f"with flagged accounts; {found['found']} of the world's {found['true_exchanges']} "
        "one-to-one exchanges among them.",
        markup=False,
    )
    table = Table("earlier", "later", "score", "true", "evidence", title="Resurgent accounts")
    for pair in analysis.pairs[:6]:
        true = frozenset((pair.earlier_id, pair.later_id)) in analysis.true_pairs
        table.add_row(
            Text(pair.earlier_handle),
            Text(pair.later_handle),
            f"{pair.score:.2f}",
            "yes" if true else "no",
            Text(pair.summary.split("; ")[0]),
        )
    out.print(table)
    figures = analysis.resurgence
    at = figures["precision_at"]
    out.print(
        f"Resurgent pairs: {figures['found']} listed; precision at 10 {at['10']:.2f}, at 50 "
        f"{at['50']:.2f}; recall {figures['recall']:.2f} of the world's {figures['truth']}.",
        markup=False,
    )


def _print_link_mix(summary: MigrationSummary) -> None:
    """Posts carrying off-platform links, by destination kind and quarter; top destinations."""
    posts: dict[str, int] = {}
    kinds: dict[str, dict[str, int]] = {}
    for week in summary.weeks:
        year, number = week.week.split("-W")
        quarter = f"{year}-Q{min(4, (int(number) - 1) // 13 + 1)}"
        posts[quarter] = posts.get(quarter, 0) + week.posts
        cell = kinds.setdefault(quarter, {})
        for kind, count in week.by_kind.items():
            cell[kind] = cell.get(kind, 0) + count
    names = sorted({kind for cell in kinds.values() for kind in cell})
    if not names:
        return
    table = Table("quarter", "posts", *[f"{name} links" for name in names])
    for quarter in sorted(posts):
        table.add_row(
            quarter,
            f"{posts[quarter]:,}",
            *[f"{100 * kinds[quarter].get(name, 0) / posts[quarter]:.1f}%" for name in names],
        )
    out.print(table)
    out.print(destinations_table(summary.destinations[:5]))


def _print_run(report: RunReport, *, by_format: bool = False) -> None:
    rows: dict[str, list[int]] = {}
    for file in report.files:
        if file.error:
            err.print(f"error: {file.error}", markup=False)
            continue
        counts = file.counts
        figures = [
            1,
            file.records,
            counts.posts.new,
            counts.posts.updated,
            counts.posts.unchanged,
            file.rejects,
        ]
        if by_format:
            key = file.format or "-"
            total = rows.get(key, [0] * len(figures))
            rows[key] = [a + b for a, b in zip(total, figures, strict=True)]
            continue
        out.print(
            f"{_shown(file.path)} ({file.format}): {file.records:,} records; posts "
            f"{counts.posts.new:,} new, {counts.posts.updated:,} updated, "
            f"{counts.posts.unchanged:,} unchanged; {file.rejects:,} rejected; "
            f"{file.seconds:.1f} s",
            markup=False,
        )
    if rows:
        table = Table("format", "files", "records", "posts new", "updated", "unchanged", "rejects")
        table.columns[0].no_wrap = True
        for name, figures in rows.items():
            table.add_row(name, *(f"{n:,}" for n in figures))
        out.print(table)
    totals = report.totals()
    out.print(
        f"posts: {totals.posts.new:,} new, {totals.posts.updated:,} updated, "
        f"{totals.posts.unchanged:,} unchanged; accounts: {totals.accounts.new:,} new, "
        f"{totals.accounts.updated:,} updated; interactions: {totals.interactions.new:,} new; "
        f"stages: {', '.join(report.stages)}",
        markup=False,
    )
    if "classify" in report.stages:
        out.print(
            f"scores: {totals.scores.new:,} new, {totals.scores.updated:,} updated, "
            f"{totals.scores.unchanged:,} unchanged",
            markup=False,
        )
        longer = sum(file.longer_than_learnt for file in report.files)
        if longer:
            out.print(f"warning: {longer_than_learnt(longer, 'posts')}", markup=False)
    if report.accounts is not None:
        accounts = report.accounts
        out.print(
            f"account scores ({accounts['model']} {accounts['model_version']}): "
            f"{accounts['accounts']:,} accounts, {accounts['review']:,} marked for review "
            "(see 'nohaven accounts')",
            markup=False,
        )
    for file in report.files:
        if file.rejects_file:
            out.print(
                f"{file.rejects:,} rejected records of {_shown(file.path)}: "
                f"{_shown(file.rejects_file)}",
                markup=False,
            )


def _print_stats(result: StoreStats) -> None:
    data = result.to_json()
    out.print(
        f"posts {data['posts']:,}  accounts {data['accounts']:,}  "
        f"interactions {data['interactions']:,}  rejects {data['rejects']:,}  "
        f"scores {result.scores:,}",
        markup=False,
    )
    for key in ("posts_by_platform", "posts_by_language", "posts_by_month", "accounts_by_platform"):
        value = data.get(key)
        if isinstance(value, dict) and value:
            table = Table(key.replace("_", " "), "count")
            for name, count in value.items():
                table.add_row(str(name), f"{count:,}")
            out.print(table)
    if result.scores_by_model:
        table = Table("model", "version", "scores", "by label", "by caveat")
        for item in result.scores_by_model:
            # Names come from model files: shown as text, never read as markup.
            table.add_row(
                Text(item.model),
                Text(item.model_version),
                f"{item.scores:,}",
                Text(", ".join(f"{name} {count:,}" for name, count in item.labels.items())),
                Text(", ".join(f"{name} {count:,}" for name, count in item.caveats.items())),
            )
        out.print(table)


class _Progress:
    """A rich progress line on an interactive terminal; nothing otherwise."""

    def __init__(self, *, enabled: bool) -> None:
        self._progress: Progress | None = None
        if enabled and err.is_terminal:
            self._progress = Progress(
                SpinnerColumn(),
                TextColumn("{task.description}"),
                TextColumn("{task.completed:,} records"),
                TimeElapsedColumn(),
                console=err,
                transient=True,
            )
        self._tasks: dict[str, int] = {}

    def __enter__(self) -> ProgressHook | None:
        if self._progress is None:
            return None
        self._progress.start()
        return self._advance

    def _advance(self, source: str, records: int) -> None:
        assert self._progress is not None
        if source not in self._tasks:
            self._tasks[source] = int(self._progress.add_task(Path(source).name, total=None))
        self._progress.advance(self._tasks[source], records)  # type: ignore[arg-type]

    def __exit__(self, *exc: object) -> None:
        if self._progress is not None:
            self._progress.stop()


# After the store's commands, as a workflow reads: classify a file, train, evaluate.
app.command("classify")(classify_command)
app.command("train")(train_command)
app.command("evaluate")(evaluate_command)


def main() -> None:
    """Entry point of the ``nohaven`` command."""
    app()
