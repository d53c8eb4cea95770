"""What the demo shows after its scan: accounts, network and resurgent accounts, each measured
against the generated world's ground truth.

The demo world's posts are neutral placeholder text, so the shipped account model (trained on
real collections, where content carries the signal) has nothing to go on there. The demo
therefore plays the workflow of a team that has reviewed some accounts: the accounts of every
other network persona, and every other remaining account, are "reviewed" (labelled from the
ground truth); an account model is trained on them (:func:`nohaven.accounts.labels.
train_on_labels`, folds grouped by persona) and scores every account. How well it ranks the
accounts nobody reviewed is measured against the ground truth and printed. The network
analyses take that model's scores as risk; resurgent-account linking needs no model.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import Any

import numpy as np

from nohaven.accounts.evidence import RankedAccount
from nohaven.accounts.labels import AccountLabels, train_on_labels
from nohaven.accounts.resurgence import CandidatePair, evaluate, resurgence_report
from nohaven.accounts.scoring import score_accounts
from nohaven.demo.truth import Role, WorldManifest
from nohaven.network.evaluation import evaluate_exchanges
from nohaven.network.report import NetworkReport, NetworkSettings, network_report
from nohaven.store import Store
from nohaven.store.accounts import account_risk, top_account_scores

__all__ = ["DEMO_ACCOUNT_MODEL", "DemoAnalysis", "analyse_demo", "reviewed_labels"]

#: The name of the account model the demo trains on its "reviewed" half.
DEMO_ACCOUNT_MODEL = "demo"
_TOP = 8


def _reviewed(key: str) -> bool:
    """Whether the demo's team "reviewed" (labelled) an account or persona: half of them, by a
    stable hash, so the same world gives the same halves."""
    return hashlib.blake2b(key.encode("utf-8"), digest_size=2).digest()[0] % 2 == 0


@dataclass(frozen=True, slots=True)
class DemoAnalysis:
    """The demo's accounts, network and resurgence findings, with their ground-truth figures."""

    labelled: int
    cross_validation: dict[str, Any]
    unreviewed_auc: float
    #: The highest-scored accounts nobody reviewed, with their role in the ground truth.
    top_accounts: tuple[tuple[RankedAccount, str], ...]
    network: NetworkReport
    exchanges: dict[str, object]
    pairs: tuple[CandidatePair, ...]
    resurgence: dict[str, Any]
    true_pairs: frozenset[frozenset[str]]
    roles: dict[tuple[str, str], str]

    def to_json(self) -> dict[str, object]:
        return {
            "accounts": {
                "model": DEMO_ACCOUNT_MODEL,
                "labelled": self.labelled,
                "cross_validation": self.cross_validation,
                "unreviewed_roc_auc": round(self.unreviewed_auc, 4),
                "top": [
                    {
                        "platform": item.score.platform,
                        "id": item.score.account_id,
                        "handle": item.handle,
                        "score": item.score.score,
                        "evidence": item.score.summary(),
                        "role": role,
                    }
                    for item, role in self.top_accounts
                ],
            },
            "network": self.network.to_json(),
            "exchanges": self.exchanges,
            "resurgence": {
                **self.resurgence,
                "top": [
                    {
                        **pair.to_json(),
                        "true": frozenset((pair.earlier_id, pair.later_id)) in self.true_pairs,
                    }
                    for pair in self.pairs[:_TOP]
                ],
            },
        }


def reviewed_labels(manifest: WorldManifest) -> tuple[AccountLabels, set[tuple[str, str]]]:
    """The reviewed half's labels (network: 1) and the keys of the unreviewed accounts."""
    labels: dict[tuple[str, str], int] = {}
    groups: dict[tuple[str, str], str] = {}
    unreviewed: set[tuple[str, str]] = set()
    for account in manifest.accounts:
        key = (account.platform, account.id)
        group = account.persona or f"{account.platform}:{account.id}"
        if not _reviewed(group):
            unreviewed.add(key)
            continue
        labels[key] = int(account.role is Role.NETWORK)
        groups[key] = group
    return AccountLabels.of(labels, groups), unreviewed


def analyse_demo(store: Store, manifest: WorldManifest) -> DemoAnalysis:
    """Train the demo's account model on the reviewed half, score every account, and run the
    network and resurgence analyses (see the module help)."""
    from sklearn.metrics import roc_auc_score

    labels, unreviewed = reviewed_labels(manifest)
    trained = train_on_labels(store, labels, name=DEMO_ACCOUNT_MODEL)
    score_accounts(store, trained.model)
    risk = account_risk(store, DEMO_ACCOUNT_MODEL)
    roles = {(a.platform, a.id): a.role.value for a in manifest.accounts}
    held_out = sorted(key for key in unreviewed if key in risk)
    truth = np.array([roles[key] == Role.NETWORK.value for key in held_out])
    scores = np.array([risk[key] for key in held_out])
    auc = float(roc_auc_score(truth, scores)) if 0 < truth.sum() < len(truth) else float("nan")
    ranked = top_account_scores(store, 4 * _TOP, model=DEMO_ACCOUNT_MODEL)
    unreviewed_top = tuple(
        (item, roles.get(key, "-"))
        for item in ranked
        if (key := (item.score.platform, item.score.account_id)) in unreviewed
    )[:_TOP]
    network = network_report(
        store, settings=NetworkSettings(top=5), account_model=DEMO_ACCOUNT_MODEL
    )
    exchanges = evaluate_exchanges(network.contacts, manifest).to_json()
    pairs = resurgence_report(store).pairs
    true_pairs = frozenset(
        frozenset((p.predecessor_id, p.successor_id)) for p in manifest.resurgence
    )
    return DemoAnalysis(
        labelled=trained.accounts,
        cross_validation=trained.cross_validation.to_json(),
        unreviewed_auc=auc,
        top_accounts=unreviewed_top,
        network=network,
        exchanges=exchanges,
        pairs=pairs,
        resurgence=evaluate(pairs, set(true_pairs)).to_json(),
        true_pairs=true_pairs,
        roles=roles,
    )
