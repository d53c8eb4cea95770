"""``nohaven accounts``: the accounts most worth a reviewer's time, with the evidence."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape
from rich.table import Table

from nohaven.cli.common import DbOption, JsonOption, fail, out, print_json, settings

__all__ = ["accounts_command", "train_accounts_command"]


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

    With -o, every account goes to the file, highest first. The score (0-1) combines the
    account's content scores, known-content matches, off-platform
    links, behaviour and network position; 'review' marks accounts at or above the model's
    threshold. Scores are kept in the store (re-scoring unchanged data writes nothing). The
    list is for human review: it decides nothing about an account. Each listing is kept in the
    store's access log (see 'nohaven audit').
    """
    from nohaven.accounts.risk import AccountModelFormatError, load_account_model
    from nohaven.accounts.scoring import score_accounts, write_account_scores
    from nohaven.store import open_store
    from nohaven.store.access import AccessRecord, account_key, record_access
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
        # The file holds every account; the table and --json the top ones.
        ranked = top_account_scores(
            store,
            report.accounts if output is not None else top,
            model=chosen.name,
            model_version=chosen.version,
            platform=platform,
        )
        if ranked:  # who saw which accounts: the access log
            record_access(
                store,
                AccessRecord(
                    who=config.reviewer,
                    command="accounts",
                    shown=len(ranked),
                    detail={
                        "model_version": chosen.version,
                        **({"platform": platform} if platform else {}),
                        "output": None if output is None else str(output.absolute()),
                    },
                    items=[
                        account_key(item.score.platform, item.score.account_id)
                        for item in ranked[:top]
                    ],
                ),
            )
    if output is not None:
        write_account_scores(ranked, output)
        ranked = ranked[:top]
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
            escape(item.score.platform),
            escape(item.handle or item.score.account_id),
            f"{item.score.score:.3f}",
            item.score.label,
            escape(item.score.summary()),
            str(item.score.counts.get("posts", 0)),
        )
    out.print(table)
    out.print(
        f"{report.review:,} accounts marked for review; scores "
        f"{report.written.new:,} new, {report.written.updated:,} updated, "
        f"{report.written.unchanged:,} unchanged" + (f"; written to {output}" if output else ""),
        markup=False,
    )


def train_accounts_command(
    labels: Annotated[
        Path,
        typer.Argument(
            help="CSV of decisions: platform, account_id, label[, group].", show_default=False
        ),
    ],
    output: Annotated[
        Path, typer.Option("--output", "-o", help="Where to write the model (.json).")
    ],
    positive: Annotated[
        str, typer.Option("--positive", help="The label value of the positive class.")
    ] = "1",
    name: Annotated[str, typer.Option("--name", help="The model's name in the store.")] = "team",
    folds: Annotated[
        int, typer.Option("--folds", min=2, help="Cross-validation folds, grouped by group.")
    ] = 5,
    db: DbOption = None,
    json_output: JsonOption = False,
) -> None:
    """Train an account model on your own decisions about accounts in the store.

    Reads the labels, computes every labelled account's features from the store, reports
    ROC-AUC and recall at a 1% false-positive rate on accounts the model did not see (folds
    grouped by the optional group column: keep one operator's accounts together), then fits
    the model on every labelled account and writes it. Score with
    'nohaven accounts --model FILE'.
    """
    from nohaven.accounts.labels import LabelError, read_account_labels, train_on_labels
    from nohaven.store import open_store

    config = settings(db)
    if output.suffix.lower() != ".json":
        fail(f"{output}: write the model to a .json file")
    try:
        decisions = read_account_labels(labels, positive=positive)
        with open_store(config.db_url) as store:
            trained = train_on_labels(store, decisions, name=name, folds=folds)
    except (LabelError, OSError, UnicodeDecodeError) as error:
        fail(str(error))
    trained.model.save(output)
    if json_output:
        print_json({**trained.to_json(), "output": str(output)})
        return
    cv = trained.cross_validation
    out.print(
        f"{trained.accounts:,} labelled accounts in the store ({trained.positives:,} positive); "
        f"{trained.folds} grouped folds: ROC-AUC {cv.auc:.3f}, recall {cv.recall:.3f} at "
        f"{cv.fpr:.2%} false positives",
        markup=False,
    )
    if trained.not_in_store:
        out.print(f"{len(trained.not_in_store):,} labelled accounts are not in the store")
    for line, reason in trained.rejected:
        out.print(f"{labels}:{line}: {reason}", markup=False)
    out.print(
        f"model {trained.model.name} {trained.model.version} written to {output}", markup=False
    )
