"""Account scores in the store: write them idempotently, read the highest ones back.

One row per ``(platform, account, model, model version)`` in table ``account_scores``. Writing
works like post scores (:meth:`Store.write <nohaven.store.Store.write>`): a score whose score,
label, evidence and counts are the ones stored is left alone (its ``scored`` time too), a
changed one replaces the stored one of the same model version, and other versions stay beside
it.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Iterator, Mapping
from datetime import UTC, datetime
from itertools import islice
from typing import Any

import orjson
import sqlalchemy as sa

from nohaven.accounts.evidence import AccountScore, Evidence, RankedAccount
from nohaven.store import schema
from nohaven.store.rows import Row, iso_utc
from nohaven.store.sanitise import clean_text, dump_json
from nohaven.store.store import Store
from nohaven.store.versions import latest_version
from nohaven.store.write import RowCounts, TableSpec, upsert

__all__ = [
    "ACCOUNT_SCORE_COLUMNS",
    "account_risk",
    "account_score_from_row",
    "account_score_row",
    "latest_account_model",
    "save_account_scores",
    "top_account_scores",
]

ACCOUNT_SCORE_COLUMNS = (
    "platform",
    "account_id",
    "model",
    "model_version",
    "score",
    "label",
    "evidence",
    "counts",
    "scored",
    "content_hash",
)

ACCOUNT_SCORES = TableSpec(
    schema.account_scores,
    ACCOUNT_SCORE_COLUMNS,
    ("platform", "account_id", "model", "model_version"),
    1,
    ("content_hash",),
)

WRITE_BATCH = 20_000


def account_score_row(score: AccountScore, now: str) -> Row:
    """The ``account_scores`` row for ``score``; ``now`` (ISO UTC) when it carries no time.

    The content hash covers score, label, evidence and counts, not the time.
    """
    key = tuple(
        clean_text(value)
        for value in (score.platform, score.account_id, score.model, score.model_version)
    )
    label = clean_text(score.label)
    evidence = dump_json([item.to_json() for item in score.evidence])
    counts = dump_json({str(name): int(value) for name, value in sorted(score.counts.items())})
    digest = hashlib.sha256(orjson.dumps((score.score, label, evidence, counts))).hexdigest()[:32]
    scored = now if score.scored is None else iso_utc(score.scored)
    return (*key, float(score.score), label, evidence, counts, scored, digest)


def _batches(items: Iterable[AccountScore], size: int) -> Iterator[list[AccountScore]]:
    iterator = iter(items)
    while batch := list(islice(iterator, size)):
        yield batch


def save_account_scores(
    store: Store, scores: Iterable[AccountScore], *, batch: int = WRITE_BATCH
) -> RowCounts:
    """Upsert ``scores`` in transactions of ``batch`` rows; say what changed.

    Within a batch the last score of a key wins. Scores without a ``scored`` time are stamped
    with the time of the call.
    """
    now = iso_utc(datetime.now(UTC))
    total = RowCounts()
    for items in _batches(scores, batch):
        rows = [account_score_row(item, now) for item in items]
        with store.engine.connect() as conn:
            conn.execution_options(nohaven_write=True)
            with conn.begin():
                total += upsert(conn, ACCOUNT_SCORES, rows)
    return total


def latest_account_model(store: Store, model: str | None = None) -> tuple[str, str] | None:
    """The ``(model, version)`` scored most recently (of ``model`` when given), or None."""
    return latest_version(store, schema.account_scores, model)


def _evidence(value: object) -> tuple[Evidence, ...]:
    if not isinstance(value, list):
        return ()
    return tuple(Evidence.from_json(item) for item in value if isinstance(item, Mapping))


def _counts(value: object) -> dict[str, int]:
    if not isinstance(value, Mapping):
        return {}
    return {str(name): int(count) for name, count in value.items()}


def account_score_from_row(row: Mapping[Any, Any]) -> AccountScore:
    """Rebuild an :class:`AccountScore` from an ``account_scores`` row."""
    return AccountScore(
        platform=row["platform"],
        account_id=row["account_id"],
        model=row["model"],
        model_version=row["model_version"],
        score=float(row["score"]),
        label=row["label"],
        evidence=_evidence(row["evidence"]),
        counts=_counts(row["counts"]),
        scored=row["scored"],
    )


def top_account_scores(
    store: Store,
    n: int = 50,
    *,
    model: str | None = None,
    model_version: str | None = None,
    platform: str | None = None,
) -> list[RankedAccount]:
    """The ``n`` highest account scores of one model version, highest first.

    Without ``model_version`` the version scored most recently (of ``model`` when given) is
    read; an empty list when the store holds no account scores. Ties are broken by platform
    and account id, so the order is stable.
    """
    if model_version is None:
        chosen = latest_account_model(store, model)
        if chosen is None:
            return []
        model, model_version = chosen
    scores, accounts = schema.account_scores, schema.accounts
    query = (
        sa.select(scores, accounts.c.handle, accounts.c.display_name)
        .select_from(
            scores.outerjoin(
                accounts,
                sa.and_(
                    accounts.c.platform == scores.c.platform,
                    accounts.c.id == scores.c.account_id,
                ),
            )
        )
        .where(scores.c.model_version == model_version)
        .order_by(scores.c.score.desc(), scores.c.platform, scores.c.account_id)
        .limit(max(n, 0))
    )
    if model is not None:
        query = query.where(scores.c.model == model)
    if platform is not None:
        query = query.where(scores.c.platform == platform)
    with store.engine.connect() as conn:
        rows = conn.execute(query).mappings().all()
    return [
        RankedAccount(account_score_from_row(row), row["handle"], row["display_name"])
        for row in rows
    ]


def account_risk(
    store: Store, model: str | None = None, *, platform: str | None = None
) -> dict[tuple[str, str], float]:
    """Every account's score under the model version scored most recently (of ``model`` when
    given): ``{(platform, account id): score}``; empty when the store holds no account scores.

    What the network analyses take as risk (:func:`nohaven.network.report.network_report`).
    """
    chosen = latest_account_model(store, model)
    if chosen is None:
        return {}
    table = schema.account_scores
    query = sa.select(table.c.platform, table.c.account_id, table.c.score).where(
        table.c.model == chosen[0], table.c.model_version == chosen[1]
    )
    if platform is not None:
        query = query.where(table.c.platform == platform)
    with store.engine.connect() as conn:
        return {(str(p), str(a)): float(s) for p, a, s in conn.execute(query)}
