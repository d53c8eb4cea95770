"""``nohaven resurgence``: accounts that may be re-creations of gone accounts, for review."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape
from rich.table import Table

from nohaven.accounts.resurgence import (
    CandidatePair,
    ResurgenceSettings,
    resurgence_report,
    write_pairs,
)
from nohaven.cli.common import DbOption, JsonOption, fail, out, print_json, settings
from nohaven.store import StoreURLError, open_store

__all__ = ["pairs_table", "resurgence_command"]


def resurgence_command(
    output: Annotated[
        Path | None,
        typer.Option("--output", "-o", help="Write every pair here (.csv or .jsonl)."),
    ] = None,
    top: Annotated[int, typer.Option("--top", min=0, help="Pairs to print.")] = 20,
    platform: Annotated[str | None, typer.Option("--platform", help="Only this platform.")] = None,
    vanished_after: Annotated[
        float,
        typer.Option(
            "--vanished-after",
            min=0.0,
            help="Days without posts at the end of the data after which an account is gone.",
        ),
    ] = 14.0,
    max_gap: Annotated[
        float,
        typer.Option("--max-gap", min=0.1, help="Most days between an account and its successor."),
    ] = 90.0,
    db: DbOption = None,
    json_output: JsonOption = False,
) -> None:
    """Link accounts to earlier accounts that are gone (suspended, or silent at the end of the
    data): handle, name and description similarity, shared contacts, posting rhythm, time gap
    and announcements ("new account", "follow me at"). Each pair has a score and its evidence
    in words; pairs are leads for a person to review, never decisions.
    """
    config = settings(db)
    options = ResurgenceSettings(vanished_after_days=vanished_after, max_gap_days=max_gap)
    try:
        with open_store(config.db_url) as store:
            report = resurgence_report(store, options, platform=platform)
        if output is not None:
            write_pairs(report.pairs, output)
    except (StoreURLError, ValueError, OSError) as error:
        fail(str(error))
    if json_output:
        data = report.to_json(top)
        if output is not None:
            data["output"] = str(output)
        print_json(data)
        return
    out.print(pairs_table(report.pairs[:top]))
    out.print(
        f"{len(report.pairs)} pairs from {report.accounts} accounts ({report.gone} gone, "
        f"{report.announcements} announcements)" + (f"; written to {output}" if output else ""),
        markup=False,
    )


def pairs_table(pairs: list[CandidatePair] | tuple[CandidatePair, ...]) -> Table:
    """Pairs with their score, gap and evidence, for a person to check."""
    table = Table(
        "#",
        "earlier",
        "later",
        "score",
        "gap (h)",
        "evidence",
        title="Resurgent pairs (for review)",
    )
    for rank, pair in enumerate(pairs, 1):
        table.add_row(
            str(rank),
            escape(f"@{pair.earlier_handle}"),
            escape(f"@{pair.later_handle}"),
            f"{pair.score:.2f}",
            f"{pair.gap_hours:.0f}",
            escape(pair.summary),
        )
    return table
