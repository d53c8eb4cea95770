"""``nohaven network``: communities, communicators, bridges and contacts for human review."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import timedelta
from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape
from rich.table import Table

from nohaven.cli.common import DbOption, JsonOption, fail, out, print_json, settings
from nohaven.network.centrality import Communicator
from nohaven.network.export import EXPORT_FORMATS, write_graph
from nohaven.network.report import NetworkReport, NetworkSettings, network_report
from nohaven.store import StoreURLError, open_store

__all__ = ["network_command"]


def network_command(
    output: Annotated[
        Path | None,
        typer.Option(
            "--output", "-o", help="Write the graph here: .gexf (Gephi) or .json.", dir_okay=False
        ),
    ] = None,
    top: Annotated[
        int, typer.Option("--top", min=1, help="How many communicators and bridges to list.")
    ] = 20,
    platform: Annotated[
        str | None, typer.Option("--platform", help="Only this platform's interactions.")
    ] = None,
    threshold: Annotated[
        float,
        typer.Option(
            "--threshold", min=0.0, max=1.0, help="Risk at which an account/community is flagged."
        ),
    ] = 0.5,
    min_each_way: Annotated[
        int,
        typer.Option("--min-each-way", min=1, help="Fewest posts each way in an exchange."),
    ] = 3,
    min_span_days: Annotated[
        float,
        typer.Option("--min-span-days", min=0.0, help="Shortest span of an exchange, in days."),
    ] = 1.0,
    resolution: Annotated[
        float, typer.Option("--resolution", min=0.0, help="Louvain resolution (more: smaller).")
    ] = 1.0,
    seed: Annotated[int, typer.Option("--seed", help="Seed of the community detection.")] = 0,
    account_model: Annotated[
        str | None,
        typer.Option(
            "--account-model",
            help="Take risk from this account model's stored scores (default: the latest).",
        ),
    ] = None,
    db: DbOption = None,
    json_output: JsonOption = False,
) -> None:
    """Map who reposts, replies to, mentions and quotes whom, and list accounts for review.

    Prints the communicators (accounts whose content the network amplifies most), those of
    the flagged part of the network (flagged accounts and communities), the bridges
    (accounts linking flagged communities to ordinary ones) and the contacts for review
    (sustained two-way exchanges between a flagged account and one that is not, with who
    started and whether off-platform links entered). Risk is each account's stored account
    score ('nohaven accounts', 'nohaven scan'), else the mean of its post scores. Every listed
    account is for a human to review, never for automatic action.
    With -o, writes the graph for Gephi (.gexf) or as JSON.
    """
    if output is not None and output.suffix.lower() not in EXPORT_FORMATS:
        fail(f"{output}: the output must end in {' or '.join(EXPORT_FORMATS)}")
    options = NetworkSettings(
        top=top,
        resolution=resolution,
        seed=seed,
        threshold=threshold,
        min_each_way=min_each_way,
        min_span=timedelta(days=min_span_days),
    )
    config = settings(db)
    try:
        with open_store(config.db_url) as store:
            report = network_report(
                store, platform=platform, settings=options, account_model=account_model
            )
        if output is not None:
            write_graph(report.view, output, description=f"nohaven network of {store.url}")
    except (StoreURLError, ValueError, OSError) as error:
        fail(str(error))
    if json_output:
        print_json({**report.to_json(), "output": None if output is None else str(output)})
        return
    _print(report, output)


def _print(report: NetworkReport, output: Path | None) -> None:
    out.print(
        f"{report.nodes} accounts, {report.edges} interactions, {report.communities} "
        f"communities (modularity {report.modularity:.3f}); risk: {report.risk_source}; "
        f"flagged communities: {len(report.flagged_communities)}",
        markup=False,
    )
    for title, listed in (
        ("Top communicators (for human review)", report.communicators),
        (
            "Top communicators of the flagged accounts and communities (for human review)",
            report.flagged_communicators,
        ),
    ):
        out.print(_communicator_table(title, listed))
    table = Table(
        "account",
        "platform",
        "community",
        "flagged",
        "risk",
        "with flagged",
        "with ordinary",
        "partners (f/o)",
        "communities (f/o)",
        title="Bridges between flagged and ordinary communities (for human review)",
    )
    for b in report.bridges:
        table.add_row(
            escape(b.label), escape(b.platform), str(b.community),
            "yes" if b.community_flagged else "no",
            "-" if b.risk is None else f"{b.risk:.2f}", str(b.flagged_weight),
            str(b.ordinary_weight), f"{b.flagged_partners}/{b.ordinary_partners}",
            f"{b.flagged_communities}/{b.ordinary_communities}",
        )  # fmt: skip
    out.print(table)
    table = Table(
        "flagged",
        "contact",
        "each way (f/c)",
        "first",
        "last",
        "days",
        "started by",
        "links",
        "priority",
        title="Contacts for human review (no automatic action)",
    )
    for r in report.contacts:
        table.add_row(
            escape(r.flagged_label), escape(r.contact_label), f"{r.from_flagged}/{r.from_contact}",
            r.first.date().isoformat(), r.last.date().isoformat(),
            f"{r.span.total_seconds() / 86400:.1f}", r.started_by,
            str(r.links), f"{r.priority:.2f}",
        )  # fmt: skip
    out.print(table)
    if output is not None:
        out.print(f"graph written to {output}", markup=False)


def _communicator_table(title: str, listed: Sequence[Communicator]) -> Table:
    table = Table(
        "#",
        "account",
        "platform",
        "pagerank",
        "reposts",
        "replies",
        "mentions",
        "quotes",
        "amplifiers",
        "community",
        "communities reached",
        title=title,
    )
    for c in listed:
        table.add_row(
            str(c.rank), escape(c.label), escape(c.platform), f"{c.pagerank:.4f}",
            *(str(c.received[k]) for k in ("repost", "reply", "mention", "quote")),
            str(c.amplifiers), str(c.community), str(c.communities_reached),
        )  # fmt: skip
    return table
