"""Scoring every account of a store, keeping the scores, and writing them out for review.

:func:`score_accounts` computes the feature table (:func:`~nohaven.accounts.features.
account_features`), scores and explains every account with an
:class:`~nohaven.accounts.risk.AccountRiskModel` (the shipped default unless one is given) and
upserts the scores into ``account_scores``: scoring again with the same data writes nothing.
:func:`write_account_scores` writes ranked scores as CSV (cells guarded against spreadsheet
formulas) or JSON Lines. The ``review`` label marks accounts for a person to look at; nothing
here acts on an account.
"""

from __future__ import annotations

import time
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from nohaven.accounts.evidence import AccountScore, RankedAccount
from nohaven.accounts.features import account_features
from nohaven.accounts.risk import REVIEW, AccountRiskModel, load_account_model
from nohaven.cells import write_records
from nohaven.store import Store
from nohaven.store.accounts import save_account_scores
from nohaven.store.write import RowCounts

__all__ = [
    "OUTPUT_COLUMNS",
    "AccountScoringReport",
    "score_accounts",
    "write_account_scores",
]

EVIDENCE_ITEMS = 5
_CHUNK = 50_000
#: Columns of the CSV written by :func:`write_account_scores`.
OUTPUT_COLUMNS = (
    "platform",
    "id",
    "handle",
    "score",
    "label",
    "evidence",
    "posts",
    "content_scored",
    "content_flagged",
    "match_posts",
    "posts_with_links",
    "in_accounts",
    "out_accounts",
    "model",
    "model_version",
)


@dataclass(frozen=True, slots=True)
class AccountScoringReport:
    """What :func:`score_accounts` did."""

    accounts: int
    review: int
    written: RowCounts
    model: str
    model_version: str
    content_model: tuple[str, str] | None
    seconds: float

    def to_json(self) -> dict[str, Any]:
        return {
            "accounts": self.accounts,
            "review": self.review,
            "written": self.written.to_json(),
            "model": self.model,
            "model_version": self.model_version,
            "content_model": list(self.content_model) if self.content_model else None,
            "seconds": round(self.seconds, 3),
        }


def score_accounts(
    store: Store,
    model: AccountRiskModel | None = None,
    *,
    platform: str | None = None,
    content_model: str | None = None,
    content_version: str | None = None,
    network: Mapping[tuple[str, str], Mapping[str, float]] | None = None,
) -> AccountScoringReport:
    """Score every account of ``store`` (of ``platform``) and upsert ``account_scores``.

    ``model`` defaults to the shipped one; content features use the content model scored last
    unless ``content_model`` / ``content_version`` say which; ``network`` adds per-account
    metrics (see :func:`~nohaven.accounts.features.account_features`).
    """
    started = time.perf_counter()
    chosen = model or load_account_model()
    table = account_features(
        store,
        content_model=content_model,
        content_version=content_version,
        platform=platform,
        network=network,
    )
    version = chosen.version

    def scores() -> Iterator[AccountScore]:
        for start in range(0, len(table), _CHUNK):
            part = table.take(range(start, min(start + _CHUNK, len(table))))
            probabilities = chosen.predict_proba(part)[:, 1]
            evidence = chosen.explain(part, EVIDENCE_ITEMS)
            counts = part.all_counts()
            for row in range(len(part)):
                value = float(probabilities[row])
                yield AccountScore(
                    part.platforms[row],
                    part.ids[row],
                    chosen.name,
                    version,
                    round(value, 6),
                    REVIEW if value >= chosen.threshold_ else "low",
                    evidence[row],
                    counts[row],
                )

    review = 0

    def counted() -> Iterator[AccountScore]:
        nonlocal review
        for item in scores():
            review += item.label == REVIEW
            yield item

    written = save_account_scores(store, counted())
    return AccountScoringReport(
        len(table),
        review,
        written,
        chosen.name,
        version,
        table.content_model,
        time.perf_counter() - started,
    )


def _record(item: RankedAccount) -> dict[str, Any]:
    score = item.score
    counts = dict(score.counts)
    return {
        "platform": score.platform,
        "id": score.account_id,
        "handle": item.handle,
        "score": score.score,
        "label": score.label,
        "evidence": score.summary(),
        **{name: counts.get(name, 0) for name in OUTPUT_COLUMNS[6:13]},
        "model": score.model,
        "model_version": score.model_version,
    }


def write_account_scores(rows: Sequence[RankedAccount], path: Path) -> int:
    """Write ranked account scores to ``path``: ``.csv`` (spreadsheet-safe cells) or
    ``.jsonl`` (one object a line, with the full evidence). Returns the rows written."""
    return write_records(path, "account scores", OUTPUT_COLUMNS, rows, _record, _json_record)


def _json_record(item: RankedAccount) -> dict[str, Any]:
    return {**_record(item), "evidence": [e.to_json() for e in item.score.evidence]}
