"""``nohaven accounts``: the accounts most worth a reviewer's time, with the evidence."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from nohaven.cli.common import DbOption, JsonOption, fail, out, print_json, settings

__all__ = ["accounts_command"]


def accounts_command(
    output: Annotated[
        Path | None,
        typer.Option("--output", "-o", help="Write the ranked accounts here (.csv or .jsonl)."),
    ] = None,
    top: Annotated[int, typer.Option("--top", help="How many accounts to list.", min=1)] = 50,
    platform: Annotated[
        str | None, typer.Option("--platform", help="Only accounts of this platform.")
    ] = None,
    model: Annotated[
        str | None,
        typer.Option("--model", help="An account model file (JSON); default: the shipped one."),
    ] = None,
    db: DbOption = None,
    json_output: JsonOption = False,
) -> None:
    """Score every stored account for risk and list the highest, with the evidence behind each.

    The score (0-1) combines the account's content scores, known-content matches, off-platform
    links, behaviour and network position; 'review' marks accounts at or above the model's
    threshold. Scores are kept in the store (re-scoring unchanged data writes nothing). The
    list is for human review: it decides nothing about an account.
    """
    from nohaven.accounts.risk import AccountModelFormatError, load_account_model
    from nohaven.accounts.scoring import score_accounts, write_account_scores
    from nohaven.store import open_store
    from nohaven.store.accounts import top_account_scores

    config = settings(db)
    if output is not None and output.suffix.lower() not in (".csv", ".jsonl"):
        fail(f"{output}: write the accounts to a .csv or .jsonl file")
    try:
        chosen = load_account_model(model or "default")
    except AccountModelFormatError as error:
        fail(str(error))
    with open_store(config.db_url) as store:
        report = score_accounts(store, chosen, platform=platform)
        ranked = top_account_scores(
            store, top, model=chosen.name, model_version=chosen.version, platform=platform
        )
    if output is not None:
        write_account_scores(ranked, output)
    if json_output:
        print_json(
            {
                **report.to_json(),
                "output": str(output) if output else None,
                "top": [
                    {
                        "platform": item.score.platform,
                        "id": item.score.account_id,
                        "handle": item.handle,
                        "score": item.score.score,
                        "label": item.score.label,
                        "evidence": [e.to_json() for e in item.score.evidence],
                        "counts": dict(item.score.counts),
                    }
                    for item in ranked
                ],
            }
        )
        return
    table = Table(
        title=f"Top {len(ranked)} of {report.accounts:,} accounts ({report.model_version})"
    )
    for column in ("platform", "account", "score", "label", "evidence", "posts"):
        table.add_column(column, overflow="fold")
    for item in ranked:
        table.add_row(
            item.score.platform,
            item.handle or item.score.account_id,
            f"{item.score.score:.3f}",
            item.score.label,
            item.score.summary(),
            str(item.score.counts.get("posts", 0)),
        )
    out.print(table)
    out.print(
        f"{report.review:,} accounts marked for review; scores "
        f"{report.written.new:,} new, {report.written.updated:,} updated, "
        f"{report.written.unchanged:,} unchanged" + (f"; written to {output}" if output else "")
    )
