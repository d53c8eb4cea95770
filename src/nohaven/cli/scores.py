"""``nohaven scores``: the stored post scores of one model version, for review."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import closing
from dataclasses import asdict
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.markup import escape
from rich.table import Table

from nohaven.cli.common import DbOption, JsonOption, fail, out, print_json, settings

if TYPE_CHECKING:
    from nohaven.store.scores import ScoredPost

__all__ = ["scores_command", "scores_table"]

_TEXT_SHOWN = 100  # characters of a post's text in the table (the file holds it whole)
_REASONS_SHOWN = 3  # explanation terms in the table


def scores_command(
    output: Annotated[
        Path | None,
        typer.Option(
            "--output", "-o", help="Write every matching post here (.csv or .jsonl), highest first."
        ),
    ] = None,
    top: Annotated[int, typer.Option("--top", help="How many posts to list.", min=1)] = 50,
    model: Annotated[
        str | None, typer.Option("--model", help="The model's name; default: the latest scored.")
    ] = None,
    version: Annotated[
        str | None,
        typer.Option("--version", help="The model version; default: the latest scored."),
    ] = None,
    label: Annotated[
        str,
        typer.Option("--label", help="Only posts of this label ('any': every post)."),
    ] = "propaganda",
    caveat: Annotated[
        str | None,
        typer.Option("--caveat", help="Only posts with this caveat (short, long, language; none)."),
    ] = None,
    min_score: Annotated[
        float | None, typer.Option("--min-score", help="Only scores at or above this.")
    ] = None,
    max_score: Annotated[
        float | None, typer.Option("--max-score", help="Only scores at or below this.")
    ] = None,
    platform: Annotated[
        str | None, typer.Option("--platform", help="Only posts of this platform.")
    ] = None,
    account: Annotated[
        str | None,
        typer.Option("--account", help="Only this account's posts (its id; see nohaven accounts)."),
    ] = None,
    db: DbOption = None,
    json_output: JsonOption = False,
) -> None:
    """List the stored post scores of one model version, highest first, for review.

    By default the posts 'nohaven scan' flagged as propaganda under the model version scored
    most recently, each with its account, time, score, caveats (why the score may say less:
    short, long, language) and the words that pushed it. --caveat none keeps the posts without
    any; --label other --caveat short the unflagged short posts, whose low score says least;
    --account ID one account's posts (after 'nohaven accounts' listed it).
    The table and --json show --top posts; -o writes every matching post with its whole text.
    Post texts are shown as data, never as markup, and nothing in them is fetched. Each
    listing is kept in the store's access log (who, when, what was asked, the posts shown;
    see 'nohaven audit'): set NOHAVEN_REVIEWER to your name, else your login name is used.
    """
    from nohaven.classify.caveats import Caveat
    from nohaven.store import open_store
    from nohaven.store.access import AccessRecord, post_key, record_access
    from nohaven.store.scores import (
        NO_CAVEAT,
        ScoreFilter,
        content_model_versions,
        iter_scored_posts,
        scored_posts,
        write_scored_posts,
    )

    caveats = [item.value for item in Caveat] + [NO_CAVEAT]
    if caveat is not None and caveat not in caveats:
        fail(f"--caveat {caveat!r}: choose one of {', '.join(caveats)}")
    if output is not None and output.suffix.lower() not in (".csv", ".jsonl"):
        fail(f"{output}: write the scored posts to a .csv or .jsonl file")
    if min_score is not None and max_score is not None and min_score > max_score:
        fail(f"--min-score {min_score} is above --max-score {max_score}")
    config = settings(db)
    with open_store(config.db_url) as store:
        versions = content_model_versions(store)
        if model is not None and version is None:
            named = [item for item in versions if item[0] == model]
            if not named:
                stored = ", ".join(sorted({item[0] for item in versions})) or "none"
                fail(f"no post scores of model {model!r} in the store (models: {stored})")
        if version is not None and not any(item[1] == version for item in versions):
            stored = ", ".join(item[1] for item in versions) or "none"
            fail(f"no post scores of version {version!r} in the store (versions: {stored})")

        where = ScoreFilter(
            model=model,
            model_version=version,
            label=None if label == "any" else label,
            caveat=caveat,
            platform=platform,
            account=account,
            min_score=min_score,
            max_score=max_score,
        )
        shown: list[ScoredPost] = []
        matching: int | None = None
        if output is None:
            shown = scored_posts(store, where, limit=top)
        else:  # every match streamed to the file, the first --top kept for the table

            def kept(rows: Iterator[ScoredPost]) -> Iterator[ScoredPost]:
                for item in rows:
                    if len(shown) < top:
                        shown.append(item)
                    yield item

            with closing(iter_scored_posts(store, where)) as rows:
                matching = write_scored_posts(kept(rows), output)
        if shown or matching:  # who saw which posts: the access log
            record_access(
                store,
                AccessRecord(
                    who=config.reviewer,
                    command="scores",
                    shown=len(shown) if matching is None else matching,
                    detail={
                        **{k: v for k, v in asdict(where).items() if v is not None},
                        "output": None if output is None else str(output.absolute()),
                    },
                    items=[post_key(i.score.platform, i.score.post_id) for i in shown],
                ),
            )
    chosen = (shown[0].score.model, shown[0].score.model_version) if shown else None
    if json_output:
        print_json(
            {
                "model": chosen[0] if chosen else model,
                "model_version": chosen[1] if chosen else version,
                "versions": [{"model": m, "model_version": v, "posts": n} for m, v, n in versions],
                "matching": matching,
                "output": str(output) if output else None,
                "posts": [item.record() for item in shown],
            }
        )
        return
    if not versions:
        out.print("No post scores in the store: run 'nohaven scan' first.")
        return
    title = _posts(len(shown)) + (f" of {chosen[0]} {chosen[1]}" if chosen else "")
    table = scores_table(shown, title)
    out.print(table)
    if output is not None:
        out.print(f"{matching or 0:,} matching posts written to {output}", markup=False)
    rest = [item for item in versions if chosen is None or item[:2] != chosen]
    if rest and version is None:
        others = ", ".join(f"{m} {v} ({_posts(n)})" for m, v, n in rest)
        out.print(f"other model versions in the store (--version): {others}", markup=False)


def scores_table(rows: Sequence[ScoredPost], title: str) -> Table:
    """The scored posts as a table: every value from the data escaped (shown, never styled)."""
    table = Table(title=escape(title))
    for column in ("platform", "post", "account", "time", "score", "caveats", "why", "text"):
        table.add_column(column, overflow="fold")
    for item in rows:
        text = " ".join((item.text or "").split())
        table.add_row(
            escape(item.score.platform),
            escape(item.score.post_id),
            escape(item.handle or item.account_id or "?"),
            item.created.strftime("%Y-%m-%d %H:%M") if item.created else "",
            f"{item.score.score:.3f}",
            escape(", ".join(item.score.caveats)),
            escape(", ".join(item.score.explanation[:_REASONS_SHOWN])),
            escape(text[:_TEXT_SHOWN] + ("…" if len(text) > _TEXT_SHOWN else "")),
        )
    return table


def _posts(count: int) -> str:
    return f"{count:,} post" + ("" if count == 1 else "s")
