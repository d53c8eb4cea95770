"""The destinations table shows hostile strings as data: never rich markup, never a link."""

from __future__ import annotations

import io
from datetime import UTC, datetime

from rich.console import Console

from nohaven.cli.links import destinations_table
from nohaven.links.migration import Destination

T0 = datetime(2024, 3, 1, tzinfo=UTC)


def test_targets_and_handles_are_shown_as_written() -> None:
    hostile = Destination(
        target="t.me/[link=https://example.org]join[/link]",
        kind="messenger",
        app="telegram",
        domain="t.me",
        first_seen=T0,
        last_seen=T0,
        posts=3,
        accounts=1,
        top_accounts=(("[bold]handle[/bold]", 3),),
        obfuscated_posts=0,
    )
    console = Console(width=300, record=True, file=io.StringIO())
    console.print(destinations_table([hostile]))
    shown = console.export_text()
    assert "t.me/[link=https://example.org]join[/link]" in shown
    assert "[bold]handle[/bold]" in shown
