"""The records of an account's risk score: the score, its evidence and its counts.

Plain frozen records with no dependencies, shared by the scoring code and the store.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

__all__ = ["AccountScore", "Evidence", "RankedAccount"]


@dataclass(frozen=True, slots=True)
class Evidence:
    """One feature of an account and how far it moved the account's score.

    ``contribution`` is in log-odds against an average account of the training data
    (+ raises the score); ``text`` says it in words, e.g. ``"share of posts flagged by the
    content model: 0.42"``.
    """

    feature: str
    text: str
    value: float
    contribution: float

    def __str__(self) -> str:
        return f"{self.text} ({self.contribution:+.2f})"

    def to_json(self) -> dict[str, Any]:
        return {
            "feature": self.feature,
            "text": self.text,
            "value": self.value,
            "contribution": self.contribution,
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Evidence:
        return cls(
            str(data["feature"]),
            str(data["text"]),
            float(data["value"]),
            float(data["contribution"]),
        )


@dataclass(frozen=True, slots=True)
class AccountScore:
    """An account's risk score from one version of an account model, for human review.

    ``label`` is ``"review"`` when the score reaches the model's threshold, else ``"low"``.
    ``counts`` are the volumes behind the score (posts, scored posts, flagged posts, matches,
    posts with off-platform links, interactions in and out). ``scored`` is when it was made
    (None: the time of the write).
    """

    platform: str
    account_id: str
    model: str
    model_version: str
    score: float
    label: str
    evidence: tuple[Evidence, ...] = ()
    counts: Mapping[str, int] = field(default_factory=dict)
    scored: datetime | None = None

    def __post_init__(self) -> None:
        if self.scored is not None and self.scored.utcoffset() is None:
            raise ValueError("naive scoring time: every time must carry a zone")

    def summary(self, top: int = 3) -> str:
        """The strongest evidence that raised the score, in words ("; "-separated)."""
        raised = [item for item in self.evidence if item.contribution > 0][:top]
        return "; ".join(str(item) for item in raised)


@dataclass(frozen=True, slots=True)
class RankedAccount:
    """A stored account score with the account's handle and display name (when known)."""

    score: AccountScore
    handle: str | None = None
    display_name: str | None = None
