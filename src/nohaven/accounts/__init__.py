"""Accounts: a calibrated risk score per account, with the evidence behind it, for human review.

* :mod:`nohaven.accounts.features`: one row of features per account, computed in the store with
  SQL aggregates (content scores, known-content matches, off-platform links, behaviour,
  posting rhythm, network position);
* :mod:`nohaven.accounts.risk`: :class:`~nohaven.accounts.risk.AccountRiskModel`, a
  standardised, calibrated logistic regression that explains each score;
* :mod:`nohaven.accounts.scoring`: :func:`~nohaven.accounts.scoring.score_accounts` scores every
  account of a store and keeps the scores (table ``account_scores``);
* :mod:`nohaven.accounts.evaluation` and :mod:`nohaven.accounts.training`: the honest
  evaluation (cross-validation grouped by account) and the shipped default model.

A score says which accounts a person should look at first; it never decides anything about an
account by itself. Nothing heavy is imported here: import the modules you need.
"""

__all__: list[str] = []
