"""``nohaven links``: off-platform destinations of posts, and how the mix moves over time."""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from pathlib import Path
from typing import Annotated

import orjson
import typer
from rich.markup import escape
from rich.table import Table

from nohaven import jobs
from nohaven.cli.common import (
    DbOption,
    JsonOption,
    fail,
    log_access,
    out,
    print_json,
    settings,
)
from nohaven.config import Settings
from nohaven.ingest.mapping import MappingError, parse_mapping
from nohaven.ingest.registry import UnknownFormatError
from nohaven.links.migration import Destination

__all__ = ["destinations_table", "links_command"]

_SHOWN_DESTINATIONS = 20


def links_command(
    paths: Annotated[
        list[Path] | None,
        typer.Argument(
            help="Files or folders to read (any input format); else the store.", show_default=False
        ),
    ] = None,
    output: Annotated[
        Path | None,
        typer.Option(
            "--output", "-o", help="Write links here (.csv or .jsonl), or the summary (.json)."
        ),
    ] = None,
    summary: Annotated[
        bool,
        typer.Option(
            "--summary", help="Weekly destination mix and every destination, from the store."
        ),
    ] = False,
    format_name: Annotated[
        str | None, typer.Option("--format", "-f", help="Input format; default: detect.")
    ] = None,
    mapping: Annotated[
        str | None, typer.Option("--map", help="Column mapping for csv/jsonl/parquet.")
    ] = None,
    platform: Annotated[
        str | None, typer.Option("--platform", help="Platform name, or only this platform.")
    ] = None,
    categories: Annotated[
        Path | None,
        typer.Option(
            "--categories", help="Your own domain categories (TOML), after the shipped ones."
        ),
    ] = None,
    db: DbOption = None,
    json_output: JsonOption = False,
) -> None:
    """List every off-platform destination (messengers, onion, paste, file hosts...) of posts.

    With INPUT files the posts are read and their links written to -o (nothing is stored);
    without, the links 'nohaven scan' stored are written. --summary prints the share of posts
    carrying links by destination kind per week, platform and language, and each
    destination's first and last sighting, posts and the accounts that push it. URLs are
    never fetched.
    """
    config = settings(db)
    if categories is not None:
        config = dataclasses.replace(config, link_categories=categories)
    try:
        if summary:
            _summary(config, platform, output, json_output)
            return
        if output is None:
            fail("give --output FILE.csv|FILE.jsonl, or --summary")
        if paths:
            parsed = parse_mapping(mapping) if mapping else None
            report = jobs.links(
                paths, output, config, format_name=format_name, mapping=parsed, platform=platform
            )
            result: dict[str, object] = {**report.to_json(), "output": str(output)}
        else:
            written = jobs.stored_links(output, config, platform=platform)
            result = {"links": written, "output": str(output)}
            detail = {"platform": platform, "output": str(output.absolute())}
            log_access(config, "links", written, detail)  # who was given the stored links
    except (MappingError, UnknownFormatError, ValueError, OSError) as error:
        fail(str(error))
    if json_output:
        print_json(result)
    else:
        out.print(
            ", ".join(f"{key} {value}" for key, value in result.items() if key != "by_kind"),
            markup=False,
        )


def _summary(
    config: Settings, platform: str | None, output: Path | None, json_output: bool
) -> None:
    result = jobs.links_summary(config, platform=platform)
    detail = {
        "summary": True,
        "platform": platform,
        "output": None if output is None else str(output.absolute()),
    }
    log_access(config, "links", len(result.destinations), detail)  # handles are shown
    data = result.to_json()
    if output is not None:
        output.write_bytes(orjson.dumps(data, option=orjson.OPT_INDENT_2) + b"\n")
    if json_output:
        print_json(data)
        return
    kinds = sorted({kind for week in result.weeks for kind in week.by_kind})
    table = Table("week", "platform", "lang", "posts", "with links", *kinds)
    for week in result.weeks:
        if not week.posts_with_links:
            continue
        table.add_row(
            week.week,
            escape(week.platform),
            escape(week.language or "-"),
            str(week.posts),
            f"{100 * week.share():.1f}%",
            *[f"{100 * week.share(kind):.1f}%" for kind in kinds],
        )
    out.print(table)
    out.print(destinations_table(result.destinations[:_SHOWN_DESTINATIONS]))
    out.print(f"{len(result.destinations)} destinations in all.", markup=False)


def destinations_table(destinations: Sequence[Destination]) -> Table:
    """Destinations with their kind, sightings, posts and the account that pushes them most."""
    table = Table(
        "destination", "kind", "first seen", "last seen", "posts", "accounts", "top account"
    )
    for destination in destinations:
        table.add_row(
            escape(destination.target),  # hostile data: shown, never read as markup
            escape(destination.kind + (f" ({destination.app})" if destination.app else "")),
            destination.first_seen.date().isoformat(),
            destination.last_seen.date().isoformat(),
            str(destination.posts),
            str(destination.accounts),
            escape(destination.top_accounts[0][0]) if destination.top_accounts else "",
        )
    return table
