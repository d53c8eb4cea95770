"""A stand-in account risk: the mean content score of an account's posts.

The network measures take account risk as an input (a mapping ``(platform, account_id) ->
[0, 1]``), normally the calibrated account scores of :mod:`nohaven.accounts`. When none is
given, :func:`mean_post_score` is used: the mean stored post score of each account's posts
under one content model and version. It is cruder (it ignores behaviour and matches) but
needs nothing beyond ``nohaven scan``.
"""

from __future__ import annotations

import sqlalchemy as sa

from nohaven.network.graph import NodeKey
from nohaven.store import Store, schema

__all__ = ["mean_post_score"]


def mean_post_score(
    store: Store,
    *,
    platform: str | None = None,
    model: str | None = None,
    model_version: str | None = None,
) -> dict[NodeKey, float]:
    """Each account's mean post score under one model version (one SQL aggregate).

    Without ``model`` / ``model_version``, the (model, version) with the most stored scores
    is used. Accounts with no scored post are absent. Empty when nothing is scored.
    """
    scores, posts = schema.post_scores, schema.posts
    with store.engine.connect() as conn:
        if model is None or model_version is None:
            pick = sa.select(scores.c.model, scores.c.model_version)
            if model is not None:
                pick = pick.where(scores.c.model == model)
            if model_version is not None:
                pick = pick.where(scores.c.model_version == model_version)
            pick = (
                pick.group_by(scores.c.model, scores.c.model_version)
                .order_by(sa.func.count().desc(), scores.c.model, scores.c.model_version)
                .limit(1)
            )
            row = conn.execute(pick).first()
            if row is None:
                return {}
            model, model_version = row[0], row[1]
        query = (
            sa.select(posts.c.platform, posts.c.account_id, sa.func.avg(scores.c.score))
            .join(
                posts,
                sa.and_(posts.c.platform == scores.c.platform, posts.c.id == scores.c.post_id),
            )
            .where(scores.c.model == model, scores.c.model_version == model_version)
            .group_by(posts.c.platform, posts.c.account_id)
        )
        if platform is not None:
            query = query.where(scores.c.platform == platform)
        return {
            (p, a): min(1.0, max(0.0, float(mean)))
            for p, a, mean in conn.execute(query)
            if mean is not None
        }
