"""What a store holds: totals and breakdowns by platform, language, month, kind and model."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import sqlalchemy as sa

from nohaven.store import schema

__all__ = ["UNDETERMINED", "ModelScores", "StoreStats", "collect_stats"]

UNDETERMINED = "und"
"""The language key for posts whose language is not (yet) known (BCP 47 "undetermined")."""


@dataclass(frozen=True, slots=True)
class ModelScores:
    """How many posts one version of a model has scored, by label (``{"other": n,
    "propaganda": m}``) and by caveat (each caveat's posts, a post of two under both; "none":
    the posts without a caveat)."""

    model: str
    model_version: str
    scores: int
    labels: Mapping[str, int] = field(default_factory=dict)
    caveats: Mapping[str, int] = field(default_factory=dict)

    def to_json(self) -> dict[str, object]:
        return {
            "model": self.model,
            "model_version": self.model_version,
            "scores": self.scores,
            "labels": dict(self.labels),
            "caveats": dict(self.caveats),
        }


@dataclass(frozen=True, slots=True)
class StoreStats:
    """Totals and breakdowns of a store. Months are ``YYYY-MM`` in UTC.

    ``scores`` counts post scores of every model version; ``scores_by_model`` breaks them down
    by model and version, in that order.
    """

    posts: int
    accounts: int
    interactions: int
    rejects: int
    posts_by_platform: Mapping[str, int]
    posts_by_language: Mapping[str, int]
    posts_by_month: Mapping[str, int]
    accounts_by_platform: Mapping[str, int]
    interactions_by_kind: Mapping[str, int]
    first_post: datetime | None = None
    last_post: datetime | None = None
    scores: int = 0
    scores_by_model: Sequence[ModelScores] = ()

    def to_json(self) -> dict[str, object]:
        """A JSON-ready dict; ``posts`` and ``accounts`` are the totals."""
        return {
            "posts": self.posts,
            "accounts": self.accounts,
            "interactions": self.interactions,
            "rejects": self.rejects,
            "first_post": self.first_post.isoformat() if self.first_post else None,
            "last_post": self.last_post.isoformat() if self.last_post else None,
            "posts_by_platform": dict(self.posts_by_platform),
            "posts_by_language": dict(self.posts_by_language),
            "posts_by_month": dict(self.posts_by_month),
            "accounts_by_platform": dict(self.accounts_by_platform),
            "interactions_by_kind": dict(self.interactions_by_kind),
            "scores": self.scores,
            "scores_by_model": [item.to_json() for item in self.scores_by_model],
        }


def month_of(column: sa.ColumnElement[Any], dialect: str) -> sa.ColumnElement[str]:
    """``YYYY-MM`` (UTC) of a :class:`~nohaven.store.types.UTCDateTime` column, in SQL."""
    if dialect == "postgresql":
        return sa.func.to_char(sa.func.timezone("UTC", column), "YYYY-MM", type_=sa.Text)
    return sa.func.strftime("%Y-%m", column, type_=sa.Text)


def _count(conn: sa.Connection, table: sa.Table) -> int:
    return int(conn.execute(sa.select(sa.func.count()).select_from(table)).scalar_one())


def _by(conn: sa.Connection, expr: sa.ColumnElement[Any], table: sa.Table) -> dict[str, int]:
    label = expr.label("k")
    query = sa.select(label, sa.func.count()).select_from(table).group_by(label).order_by(label)
    out: dict[str, int] = {}
    for key, count in conn.execute(query):
        name = UNDETERMINED if key is None else str(key)
        out[name] = out.get(name, 0) + int(count)
    return out


def _by_count(conn: sa.Connection, expr: sa.ColumnElement[Any], table: sa.Table) -> dict[str, int]:
    """Like :func:`_by`, largest first (ties by key)."""
    return dict(sorted(_by(conn, expr, table).items(), key=lambda kv: (-kv[1], kv[0])))


def _scores_by_model(conn: sa.Connection) -> tuple[ModelScores, ...]:
    table = schema.post_scores
    key = (table.c.model, table.c.model_version)
    labels: dict[tuple[str, str], dict[str, int]] = {}
    query = sa.select(*key, table.c.label, sa.func.count()).group_by(*key, table.c.label)
    for model, version, label, count in conn.execute(query.order_by(*key, table.c.label)):
        labels.setdefault((model, version), {})[str(label)] = int(count)
    caveats = _caveats_by_model(conn)
    return tuple(
        ModelScores(model, version, sum(counts.values()), counts, caveats.get((model, version), {}))
        for (model, version), counts in labels.items()
    )


def _caveats_by_model(conn: sa.Connection) -> dict[tuple[str, str], dict[str, int]]:
    """Posts per caveat of each ``(model, version)``, and those without one (``"none"``). The
    JSON arrays are read by the database (``json_each`` and ``json_array_length`` on SQLite,
    their ``jsonb`` twins on PostgreSQL), never loaded here."""
    table = schema.post_scores
    key = (table.c.model, table.c.model_version)
    postgres = conn.dialect.name == "postgresql"
    elements = sa.func.jsonb_array_elements_text if postgres else sa.func.json_each
    length = sa.func.jsonb_array_length if postgres else sa.func.json_array_length
    element = elements(table.c.caveats).table_valued("value")
    out: dict[tuple[str, str], dict[str, int]] = {}
    each = sa.select(*key, element.c.value, sa.func.count()).join(element, sa.true())
    for model, version, caveat, count in conn.execute(
        each.group_by(*key, element.c.value).order_by(*key, element.c.value)
    ):
        out.setdefault((model, version), {})[str(caveat)] = int(count)
    none = sa.select(*key, sa.func.count()).where(length(table.c.caveats) == 0).group_by(*key)
    for model, version, count in conn.execute(none):
        out.setdefault((model, version), {})["none"] = int(count)
    return out


def collect_stats(conn: sa.Connection) -> StoreStats:
    """Compute :class:`StoreStats` with SQL that runs on SQLite and PostgreSQL."""
    posts, accounts = schema.posts, schema.accounts
    interactions = schema.interactions
    by_model = _scores_by_model(conn)
    first, last = conn.execute(
        sa.select(sa.func.min(posts.c.created), sa.func.max(posts.c.created))
    ).one()
    return StoreStats(
        posts=_count(conn, posts),
        accounts=_count(conn, accounts),
        interactions=_count(conn, interactions),
        rejects=_count(conn, schema.rejects),
        posts_by_platform=_by_count(conn, posts.c.platform, posts),
        posts_by_language=_by_count(conn, posts.c.language, posts),
        posts_by_month=_by(conn, month_of(posts.c.created, conn.dialect.name), posts),
        accounts_by_platform=_by_count(conn, accounts.c.platform, accounts),
        interactions_by_kind=_by_count(conn, interactions.c.kind, interactions),
        first_post=first,
        last_post=last,
        scores=sum(item.scores for item in by_model),
        scores_by_model=by_model,
    )
