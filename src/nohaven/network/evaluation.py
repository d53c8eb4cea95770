"""How well the contacts-for-review list finds the demo world's true sustained exchanges.

The generated world (:mod:`nohaven.demo`) records every sustained one-to-one exchange between
a network persona and an ordinary user. A listed contact *finds* a true exchange when it pairs
the exchange's ordinary account with one of the persona's accounts that took part. Recall is
the share of true exchanges found; every listed pair that finds none is an *extra*, split by
whether its flagged side is really a network account (a shorter or mention-only exchange the
ground truth does not count, or chatter between two network accounts) or not (a false flag).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from nohaven.demo.truth import Role, WorldManifest
from nohaven.network.graph import NodeKey
from nohaven.network.reciprocity import ContactReview

__all__ = ["ExchangeEvaluation", "evaluate_exchanges", "role_risk"]


@dataclass(frozen=True, slots=True)
class ExchangeEvaluation:
    """Recall of the true exchanges, and what else was listed."""

    true_exchanges: int
    found: int
    listed: int
    matching: int
    extra: int
    extra_by_network_account: int
    extra_within_network: int

    @property
    def recall(self) -> float:
        return self.found / self.true_exchanges if self.true_exchanges else 0.0

    @property
    def precision(self) -> float:
        """Share of listed pairs that belong to a true exchange."""
        return self.matching / self.listed if self.listed else 0.0

    def to_json(self) -> dict[str, object]:
        return {
            "true_exchanges": self.true_exchanges,
            "found": self.found,
            "recall": round(self.recall, 4),
            "listed": self.listed,
            "matching": self.matching,
            "precision": round(self.precision, 4),
            "extra": self.extra,
            "extra_by_network_account": self.extra_by_network_account,
            "extra_within_network": self.extra_within_network,
        }


def role_risk(manifest: WorldManifest) -> dict[NodeKey, float]:
    """Ground-truth risk: 1.0 for network accounts, 0.0 for every other account."""
    return {(a.platform, a.id): 1.0 if a.role is Role.NETWORK else 0.0 for a in manifest.accounts}


def evaluate_exchanges(
    contacts: Sequence[ContactReview], manifest: WorldManifest
) -> ExchangeEvaluation:
    """Match listed contacts against the manifest's true exchanges."""
    truth = {
        ((e.platform, account), (e.platform, e.ordinary_account)): i
        for i, e in enumerate(manifest.exchanges)
        for account in e.network_accounts
    }
    network = {(a.platform, a.id) for a in manifest.accounts if a.role is Role.NETWORK}
    found: set[int] = set()
    matching = extra = extra_network = within = 0
    for contact in contacts:
        hit = truth.get(contact.pair)
        if hit is not None:
            found.add(hit)
            matching += 1
            continue
        extra += 1
        if contact.pair[0] in network:
            extra_network += 1
            within += contact.pair[1] in network
    return ExchangeEvaluation(
        true_exchanges=len(manifest.exchanges),
        found=len(found),
        listed=len(contacts),
        matching=matching,
        extra=extra,
        extra_by_network_account=extra_network,
        extra_within_network=within,
    )
