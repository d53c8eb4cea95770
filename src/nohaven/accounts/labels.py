"""Training an account model on a team's own decisions about accounts.

The shipped account model learnt from two public collections that differ beyond stance (see
its card). A team that has reviewed accounts in its own store knows better: it writes its
decisions to a CSV and trains a model on the features of those accounts in that store.

The labels file has a header and one row per account:

* ``platform`` and ``account_id`` (or ``id``): the account as the store keys it;
* ``label``: the decision; exactly two distinct values, one of them the positive class
  (``--positive``, default ``1``);
* ``group`` (optional): accounts that must stay on the same side of a cross-validation split,
  such as the successive accounts of one operator. Without it each account is its own group.

Bad rows (a missing field, a third label value, an account the store does not hold, the same
account twice with different labels) are kept with their line and reason and the rest is
used. :func:`train_on_labels` reports how the model does on accounts it did not see: folds
grouped by ``group``, with ROC-AUC and recall at a 1% false-positive rate, then fits the
model on every labelled account.
"""

from __future__ import annotations

import csv
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from nohaven.accounts.evaluation import Metrics, metrics
from nohaven.accounts.features import FEATURES, AccountFeatures, account_features
from nohaven.accounts.risk import AccountRiskModel
from nohaven.store import Store

__all__ = [
    "AccountLabels",
    "LabelError",
    "LabelTraining",
    "read_account_labels",
    "train_on_labels",
]

AccountKey = tuple[str, str]


class LabelError(ValueError):
    """The labels cannot train a model (a missing column, one class only, too few accounts)."""


@dataclass(frozen=True, slots=True)
class AccountLabels:
    """Decisions about accounts: ``labels`` (1: positive class), ``groups``, and the rows
    that could not be used (``rejected``: line and reason)."""

    labels: dict[AccountKey, int]
    groups: dict[AccountKey, str]
    positive: str
    rejected: tuple[tuple[int, str], ...] = ()

    @classmethod
    def of(
        cls,
        labels: Mapping[AccountKey, int],
        groups: Mapping[AccountKey, str] | None = None,
        positive: str = "1",
    ) -> AccountLabels:
        """Labels given in code: ``{(platform, id): 0 or 1}``, groups default to the account."""
        given = dict(groups or {})
        return cls(
            dict(labels),
            {key: given.get(key, f"{key[0]}:{key[1]}") for key in labels},
            positive,
        )


def _column(header: Sequence[str], *names: str) -> str | None:
    folded = {name.strip().casefold(): name for name in header}
    return next((folded[name] for name in names if name in folded), None)


def read_account_labels(path: Path, *, positive: str = "1") -> AccountLabels:
    """Read a labels CSV (see the module help); raises LabelError when it cannot be used."""
    with path.open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.DictReader(handle)
        header = reader.fieldnames or []
        platform_col = _column(header, "platform")
        id_col = _column(header, "account_id", "id")
        label_col = _column(header, "label")
        group_col = _column(header, "group")
        missing = [
            name
            for name, col in (
                ("platform", platform_col),
                ("account_id", id_col),
                ("label", label_col),
            )
            if col is None
        ]
        if missing:
            raise LabelError(f"{path}: no {', '.join(missing)} column (header: {header})")
        assert platform_col and id_col and label_col
        values: dict[AccountKey, str] = {}
        groups: dict[AccountKey, str] = {}
        rejected: list[tuple[int, str]] = []
        for row in reader:
            line = reader.line_num
            platform = (row.get(platform_col) or "").strip().casefold()
            account = (row.get(id_col) or "").strip()
            value = (row.get(label_col) or "").strip()
            if not platform or not account or not value:
                rejected.append((line, "platform, account_id and label are required"))
                continue
            key = (platform, account)
            if key in values and values[key] != value:
                rejected.append((line, f"{platform}:{account} labelled twice, differently"))
                continue
            values[key] = value
            group = (row.get(group_col) or "").strip() if group_col else ""
            groups[key] = group or f"{platform}:{account}"
    distinct = sorted(set(values.values()))
    if positive not in distinct:
        raise LabelError(f"{path}: no row has the positive label {positive!r} (found {distinct})")
    if len(distinct) != 2:
        raise LabelError(
            f"{path}: a label takes exactly two values, the positive one and one other "
            f"(found {distinct})"
        )
    labels = {key: int(value == positive) for key, value in values.items()}
    return AccountLabels(labels, groups, positive, tuple(rejected))


@dataclass(frozen=True, slots=True)
class LabelTraining:
    """A model trained on a team's labels, and how it did on accounts it had not seen."""

    model: AccountRiskModel
    cross_validation: Metrics
    folds: int
    accounts: int
    positives: int
    not_in_store: tuple[AccountKey, ...] = ()
    rejected: tuple[tuple[int, str], ...] = field(default=())

    def to_json(self) -> dict[str, Any]:
        return {
            "model": self.model.name,
            "version": self.model.version,
            "threshold": round(self.model.threshold_, 6),
            "accounts": self.accounts,
            "positives": self.positives,
            "folds": self.folds,
            "cross_validation": self.cross_validation.to_json(),
            "not_in_store": [f"{p}:{i}" for p, i in self.not_in_store],
            "rejected": [{"line": line, "reason": reason} for line, reason in self.rejected],
        }


def _grouped_folds(groups: Sequence[str], label: npt.NDArray[np.int64], folds: int) -> list[int]:
    """A fold per account: groups dealt round-robin, positive groups first, in a fixed order."""
    positive_groups = sorted({g for g, y in zip(groups, label, strict=True) if y == 1})
    other = sorted(set(groups) - set(positive_groups))
    fold_of: dict[str, int] = {}
    for order in (positive_groups, other):
        for i, group in enumerate(order):
            fold_of[group] = i % folds
    return [fold_of[group] for group in groups]


def train_on_labels(
    store: Store,
    labels: AccountLabels,
    *,
    features: Sequence[str] | None = None,
    name: str = "team",
    folds: int = 5,
    target_fpr: float = 0.01,
    table: AccountFeatures | None = None,
) -> LabelTraining:
    """Cross-validate (folds grouped by ``labels.groups``) and fit an account model on the
    store's features of the labelled accounts.

    ``features``: the feature names (default: every built-in one: within one store, volumes
    and rhythm mean the same for every account); ``table``: features already computed.
    """
    table = table if table is not None else account_features(store)
    rows = {key: i for i, key in enumerate(table.keys())}
    known = sorted(key for key in labels.labels if key in rows)
    missing = tuple(sorted(key for key in labels.labels if key not in rows))
    label = np.array([labels.labels[key] for key in known], dtype=np.int64)
    positives = int(label.sum())
    if positives < 2 or len(known) - positives < 2:
        raise LabelError(
            f"training needs at least 2 accounts of each class in the store; found {positives} "
            f"positive and {len(known) - positives} other ({len(missing)} not in the store)"
        )
    sub = table.take([rows[key] for key in known])
    groups = [labels.groups[key] for key in known]
    folds = max(2, min(folds, len({g for g, y in zip(groups, label, strict=True) if y == 1})))
    fold = np.array(_grouped_folds(groups, label, folds))
    names = tuple(features) if features is not None else tuple(f.name for f in FEATURES)
    score = np.zeros(len(known))
    for k in range(folds):
        train, test = np.flatnonzero(fold != k), np.flatnonzero(fold == k)
        if len(np.unique(label[train])) < 2:
            raise LabelError(f"fold {k + 1} of {folds} has one class only: add labelled accounts")
        model = AccountRiskModel(features=names, name=name, target_fpr=target_fpr)
        score[test] = model.fit(sub.take(train), label[train]).predict_proba(sub.take(test))[:, 1]
    model = AccountRiskModel(features=names, name=name, target_fpr=target_fpr)
    model.fit(sub, label)
    return LabelTraining(
        model,
        metrics(score, label, target_fpr),
        folds,
        len(known),
        positives,
        missing,
        labels.rejected,
    )
