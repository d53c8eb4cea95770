"""Post scores in the store, read back for review: one model version's posts by score.

``nohaven scan`` stores a score per post, model and model version (``post_scores``, written by
:meth:`Store.write <nohaven.store.Store.write>`). A reviewer wants them back highest first,
with the post, its account and why the score may say less than it seems (its caveats), and to
narrow them: the flagged ones, one caveat, one platform, a score range. This module reads them;
it decides nothing about a post.
"""

from __future__ import annotations

from collections.abc import Generator, Iterable, Sequence
from contextlib import closing
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import sqlalchemy as sa

from nohaven.cells import write_records
from nohaven.model import PostScore
from nohaven.store import schema
from nohaven.store.rows import iso_utc, score_from_row
from nohaven.store.store import Store
from nohaven.store.versions import latest_version

__all__ = [
    "NO_CAVEAT",
    "SCORED_POST_COLUMNS",
    "ScoreFilter",
    "ScoredPost",
    "content_model_versions",
    "iter_scored_posts",
    "latest_content_model",
    "scored_posts",
    "write_scored_posts",
]

#: The caveat filter that keeps the posts without any caveat.
NO_CAVEAT = "none"

SCORED_POST_COLUMNS = (
    "platform",
    "post_id",
    "account_id",
    "handle",
    "created",
    "language",
    "score",
    "label",
    "caveats",
    "explanation",
    "model",
    "model_version",
    "scored",
    "text",
)


@dataclass(frozen=True, slots=True)
class ScoredPost:
    """A stored score with the post it scores (None where the post is no longer stored)."""

    score: PostScore
    account_id: str | None
    handle: str | None
    created: datetime | None
    language: str | None
    text: str | None

    def record(self) -> dict[str, object]:
        """The post as one flat record (``SCORED_POST_COLUMNS``), lists kept as lists."""
        return {
            "platform": self.score.platform,
            "post_id": self.score.post_id,
            "account_id": self.account_id,
            "handle": self.handle,
            "created": None if self.created is None else iso_utc(self.created),
            "language": self.language,
            "score": round(self.score.score, 6),
            "label": self.score.label,
            "caveats": list(self.score.caveats),
            "explanation": list(self.score.explanation),
            "model": self.score.model,
            "model_version": self.score.model_version,
            "scored": None if self.score.scored is None else iso_utc(self.score.scored),
            "text": self.text,
        }


def content_model_versions(store: Store) -> list[tuple[str, str, int]]:
    """Every ``(model, version, posts scored)`` in the store, the most recently scored first."""
    table = schema.post_scores
    newest = sa.func.max(table.c.scored)
    query = (
        sa.select(table.c.model, table.c.model_version, sa.func.count())
        .group_by(table.c.model, table.c.model_version)
        .order_by(newest.desc(), table.c.model, table.c.model_version)
    )
    with store.engine.connect() as conn:
        return [(str(m), str(v), int(n)) for m, v, n in conn.execute(query)]


def latest_content_model(store: Store, model: str | None = None) -> tuple[str, str] | None:
    """The content ``(model, version)`` whose post scores were made last (of ``model`` when
    given), or None when the store holds no post scores."""
    return latest_version(store, schema.post_scores, model)


@dataclass(frozen=True, slots=True)
class ScoreFilter:
    """Which stored scores to read (every field optional; see :func:`iter_scored_posts`).

    Without ``model_version`` the version scored most recently (of ``model`` when given) is
    read. ``label`` keeps one label (``"propaganda"``: the flagged posts), ``caveat`` the posts
    with that caveat (:data:`NO_CAVEAT`: those without any), ``account`` one account's posts
    (its id, with ``platform`` where ids may repeat across platforms), ``min_score`` and
    ``max_score`` a score range (both ends kept).
    """

    model: str | None = None
    model_version: str | None = None
    label: str | None = None
    caveat: str | None = None
    platform: str | None = None
    account: str | None = None
    min_score: float | None = None
    max_score: float | None = None


def scored_posts(
    store: Store, where: ScoreFilter | None = None, *, limit: int | None = 50
) -> list[ScoredPost]:
    """The stored scores ``where`` says, highest first, with their posts, as a list of at
    most ``limit`` (:func:`iter_scored_posts`)."""
    with closing(iter_scored_posts(store, where, limit=limit)) as found:
        return list(found)


def iter_scored_posts(
    store: Store, where: ScoreFilter | None = None, *, limit: int | None = None
) -> Generator[ScoredPost, None, None]:
    """Stream the stored scores ``where`` says (:class:`ScoreFilter`; default: every score of
    the version scored most recently), highest first, with their posts; nothing when the store
    holds no post scores.

    Ties are broken by platform and post id, so the order is stable. ``limit`` None reads them
    all. Rows are read in batches (a server-side cursor on PostgreSQL), so an export of every
    score holds one batch at a time; close the iterator (``contextlib.closing``) when leaving
    it early.
    """
    where = where or ScoreFilter()
    model, model_version, caveat = where.model, where.model_version, where.caveat
    if limit is not None and limit < 0:
        raise ValueError(f"limit must be 0 or more, not {limit}")
    if limit == 0:
        return
    if model_version is None:
        chosen = latest_content_model(store, model)
        if chosen is None:
            return
        model, model_version = chosen
    scores, posts, accounts = schema.post_scores, schema.posts, schema.accounts
    query = (
        sa.select(
            scores,
            posts.c.account_id.label("post_account_id"),
            posts.c.created.label("post_created"),
            posts.c.language.label("post_language"),
            posts.c.text.label("post_text"),
            accounts.c.handle.label("account_handle"),
        )
        .select_from(
            scores.outerjoin(
                posts,
                sa.and_(posts.c.platform == scores.c.platform, posts.c.id == scores.c.post_id),
            ).outerjoin(
                accounts,
                sa.and_(
                    accounts.c.platform == posts.c.platform,
                    accounts.c.id == posts.c.account_id,
                ),
            )
        )
        .where(scores.c.model_version == model_version)
        .order_by(scores.c.score.desc(), scores.c.platform, scores.c.post_id)
    )
    if model is not None:
        query = query.where(scores.c.model == model)
    if where.label is not None:
        query = query.where(scores.c.label == where.label)
    if where.platform is not None:
        query = query.where(scores.c.platform == where.platform)
    if where.account is not None:
        query = query.where(posts.c.account_id == where.account)
    if where.min_score is not None:
        query = query.where(scores.c.score >= where.min_score)
    if where.max_score is not None:
        query = query.where(scores.c.score <= where.max_score)
    if caveat is None and limit is not None:
        query = query.limit(limit)  # else filtered here: caveats are a JSON list
    given = 0
    with store.engine.connect() as conn:
        result = conn.execution_options(stream_results=True, yield_per=1_000).execute(query)
        try:  # closed however the loop ends
            for found in result.mappings():
                row = dict(found)
                score = score_from_row(row)
                if caveat is not None and not _has(score.caveats, caveat):
                    continue
                yield ScoredPost(
                    score,
                    row["post_account_id"],
                    row["account_handle"],
                    row["post_created"],
                    row["post_language"],
                    row["post_text"],
                )
                given += 1
                if limit is not None and given >= limit:
                    break
        finally:
            result.close()


def _has(caveats: Sequence[str], wanted: str) -> bool:
    return not caveats if wanted == NO_CAVEAT else wanted in caveats


def write_scored_posts(rows: Iterable[ScoredPost], path: Path) -> int:
    """Write ``rows`` to ``path`` as they come: ``.csv`` (spreadsheet-safe cells, lists joined
    by "; ") or ``.jsonl`` (one object a line). Returns the rows written."""
    return write_records(
        path, "scored posts", SCORED_POST_COLUMNS, rows, _csv_record, ScoredPost.record
    )


def _csv_record(item: ScoredPost) -> dict[str, object]:
    return {name: _cell(value) for name, value in item.record().items()}


def _cell(value: object) -> object:
    if value is None:
        return ""
    if isinstance(value, list):
        return "; ".join(str(item) for item in value)
    return value
