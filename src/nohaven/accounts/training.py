"""Training the shipped default account model, reproducibly, with its model card.

``python -m nohaven.accounts.training SHARED_DATA OUT_DIR`` (what ``make model`` runs) builds the
evaluation store, stores cross-fitted content scores, runs the grouped cross-validation of
:mod:`nohaven.accounts.evaluation`, then fits :class:`~nohaven.accounts.risk.AccountRiskModel`
on :data:`~nohaven.accounts.evaluation.SHIPPED_FEATURES` of every labelled account and writes
``account-risk-default.json`` with its card (``account-risk-card.md`` and ``.json``) to
``OUT_DIR``. Copy them to ``src/nohaven/accounts/data/`` to ship them. Same data and settings,
same model: folds, seeds and solvers are fixed.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from nohaven.accounts.evaluation import (
    SHIPPED_FEATURES,
    AccountEvaluation,
    EvaluationSettings,
    evaluate_accounts,
)
from nohaven.accounts.features import feature
from nohaven.accounts.risk import AccountRiskModel

__all__ = ["TrainedAccountModel", "main", "train_account_model", "write_account_card"]

MODEL_FILE = "account-risk-default.json"
CARD_FILE = "account-risk-card"


@dataclass(frozen=True, slots=True)
class TrainedAccountModel:
    """The fitted model, its evaluation, and where they were written."""

    model: AccountRiskModel
    evaluation: AccountEvaluation
    model_path: Path
    card_path: Path


def train_account_model(
    root: Path,
    out_dir: Path,
    settings: EvaluationSettings | None = None,
    *,
    db_url: str | None = None,
    progress: Callable[[str], None] = lambda message: None,
) -> TrainedAccountModel:
    """Evaluate, fit the default account model on every labelled account, write model + card."""
    settings = settings or EvaluationSettings()
    evaluation, table, labels = evaluate_accounts(root, settings, db_url=db_url, progress=progress)
    model = AccountRiskModel(features=SHIPPED_FEATURES).fit(table, labels)
    out_dir.mkdir(parents=True, exist_ok=True)
    model_path = model.save(out_dir / MODEL_FILE)
    card_path = write_account_card(model, evaluation, out_dir)
    return TrainedAccountModel(model, evaluation, model_path, card_path)


def _row(name: str, values: dict[str, Any]) -> str:
    return (
        f"| {name} | {values['roc_auc']:.4f} | {values['recall_at_fpr']:.3f} | "
        f"{values['fpr_achieved']:.4f} | {values['tp']}/{values['tp'] + values['fn']} | "
        f"{values['fp']}/{values['fp'] + values['tn']} |"
    )


def write_account_card(
    model: AccountRiskModel, evaluation: AccountEvaluation, out_dir: Path
) -> Path:
    """Write ``account-risk-card.json`` and ``.md`` beside the model; return the Markdown path."""
    data = {"model": model.to_json(), "evaluation": evaluation.to_json()}
    (out_dir / f"{CARD_FILE}.json").write_text(json.dumps(data, indent=1) + "\n", "utf-8")
    ev = evaluation.to_json()
    lines = [
        f"# Account risk model card: {model.version}",
        "",
        "A calibrated score per account for **human review**, never for automatic action.",
        "Standardised logistic regression (classes balanced, Platt-calibrated on out-of-fold",
        f"decisions); `review` from score {model.threshold_:.4f}.",
        "",
        "## Data",
        f"- positives: {ev['accounts']['positives']} accounts of isis-twitter-fifthtribe;",
        f"- negatives: {ev['accounts']['negatives']} authors of radicalization-tt-twitter-v1 "
        "TT-TRAIN-CON and TT-TEST (off-topic), minus those who also wrote a PRO tweet "
        f"({ev['accounts']['off_topic_also_in_pro']});",
        f"- reported only: {ev['accounts']['pro']} TT-TRAIN-PRO authors (topical, mixed stance), "
        f"among them {ev['accounts']['pro_verified_or_counter_authors']} verified or counter-"
        f"messaging authors and {ev['accounts']['pro_retweeting_verified_or_counter']} authors "
        "who reposted such a source.",
        "",
        "Content features come from cross-fitted n-gram content models that never saw the "
        "account's texts (see `nohaven.accounts.evaluation`); the shipped content model was "
        "trained on the Fifth Tribe tweets and is never used here.",
        "",
        f"## Cross-validation grouped by account ({ev['settings']['folds']} folds)",
        "",
        "| features | ROC-AUC | recall @1% FPR | FPR achieved | TP | FP |",
        "|---|---|---|---|---|---|",
        *(_row(name, values) for name, values in ev["variants"].items()),
        "",
        "## Reported accounts (out-of-fold scores, `review` at each fold model's threshold)",
        "",
        "| features | group | accounts | median | p90 | p99 | share flagged |",
        "|---|---|---|---|---|---|---|",
    ]
    for variant, groups in ev["reported"].items():
        for group, dist in groups.items():
            if not dist.get("accounts"):
                continue
            lines.append(
                f"| {variant} | {group} | {dist['accounts']} | {dist['median']} | {dist['p90']} "
                f"| {dist['p99']} | {dist['share_flagged']} |"
            )
    lines += [
        "",
        "## Confound: the collections differ beyond stance",
        "",
        "Fifth Tribe (2015-16) and TT (three days of May 2017) were collected differently. "
        "Per source file:",
        "",
        "| file | posts/author | reply ids | mention ids | repost ids | times with seconds |",
        "|---|---|---|---|---|---|",
    ]
    for name, layout in ev["layout"].items():
        lines.append(
            f"| {name} | {layout['posts_per_author']} | {layout['share_reply_ids']} | "
            f"{layout['share_mention_ids']} | {layout['share_repost_ids']} | "
            f"{layout['share_times_with_seconds']} |"
        )
    separating = [name for name, auc in ev["single_feature_auc"].items() if auc >= 0.9]
    lines += [
        "",
        "Features that alone separate the labelled accounts (single-feature ROC-AUC >= 0.9, "
        "either direction): " + ", ".join(f"`{name}`" for name in separating) + ".",
        "Volumes, activity span and rhythm mostly measure the collection (about 146 tweets per "
        "Fifth Tribe account against about 1.5 per TT author), so the shipped model leaves "
        "them out; the near-perfect figures above are an upper bound, not what to expect on "
        "a platform where both kinds of account look alike in volume.",
        "",
        "## Shipped model: weights (log-odds per standard deviation)",
        "",
        "| feature | weight | meaning |",
        "|---|---|---|",
        *(
            f"| {name} | {weight:+.3f} | {feature(name).text} |"
            for name, weight in sorted(
                zip(model.feature_names_, model.coef_, strict=True), key=lambda item: -abs(item[1])
            )
        ),
        "",
    ]
    path = out_dir / f"{CARD_FILE}.md"
    path.write_text("\n".join(lines), encoding="utf-8")
    return path


def main(argv: Sequence[str] | None = None) -> int:
    """``python -m nohaven.accounts.training SHARED_DATA OUT_DIR [DB_URL]``."""
    args = list(sys.argv[1:] if argv is None else argv)
    if len(args) < 2:
        print(main.__doc__, file=sys.stderr)
        return 2
    trained = train_account_model(
        Path(args[0]),
        Path(args[1]),
        db_url=args[2] if len(args) > 2 else None,
        progress=lambda message: print(message, file=sys.stderr),
    )
    print(f"{trained.model.version}: {trained.model_path}, {trained.card_path}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
