"""``nohaven audit``: the access log, who saw which stored posts and when."""

from __future__ import annotations

from itertools import islice
from typing import Annotated

import typer
from rich.markup import escape
from rich.table import Table

from nohaven.cli.common import DbOption, JsonOption, fail, out, print_json, settings

__all__ = ["audit_command"]


def audit_command(
    post: Annotated[
        str | None,
        typer.Option("--post", help="Only the entries that showed this post: PLATFORM:ID."),
    ] = None,
    account: Annotated[
        str | None,
        typer.Option("--account", help="Only the entries that showed this account: PLATFORM:ID."),
    ] = None,
    who: Annotated[str | None, typer.Option("--who", help="Only this reviewer's entries.")] = None,
    top: Annotated[int, typer.Option("--top", help="How many entries to list.", min=1)] = 50,
    db: DbOption = None,
    json_output: JsonOption = False,
) -> None:
    """List the access log, newest first: who was shown stored posts or accounts, when, by
    which command and asking what.

    --post PLATFORM:ID answers 'who saw this post', --account PLATFORM:ID 'who saw this
    account' (on screen; an export to a file is logged by its count and path, with the filters
    that chose what it holds). The log is only ever added to.
    """
    from nohaven.store import open_store
    from nohaven.store.access import account_key, iter_access, post_key

    item = None
    for option, value, key in (("--post", post, post_key), ("--account", account, account_key)):
        if value is None:
            continue
        platform, _, ident = value.partition(":")
        if not platform or not ident:
            fail(f"{option} {value!r}: give it as PLATFORM:ID (for example twitter:123)")
        if item is not None:
            fail("give --post or --account, not both")
        item = key(platform, ident)
    with open_store(settings(db).db_url) as store:
        entries = list(islice(iter_access(store, who=who, item=item), top))
    if json_output:
        print_json([entry.to_json() for entry in entries])
        return
    if not entries:
        out.print("No access log entries" + (" for that item." if item else "."))
        return
    table = Table(title=f"{len(entries)} access log entries, newest first")
    for column in ("at", "who", "command", "shown", "asked"):
        table.add_column(column, overflow="fold")
    for entry in entries:
        asked = ", ".join(f"{key} {value}" for key, value in entry.detail.items() if value)
        table.add_row(
            entry.at.strftime("%Y-%m-%d %H:%M:%S") if entry.at else "",
            escape(entry.who),
            escape(entry.command),
            f"{entry.shown:,}",
            escape(asked),
        )
    out.print(table)
