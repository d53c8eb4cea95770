"""Account scores: one risk score per account, account model and model version.

Revision ID: 0005
Revises: 0004
Create Date: 2025-01-05 00:00:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from nohaven.store.types import JSON_DOC, UTCDateTime

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "account_scores",
        sa.Column("platform", sa.Text(), nullable=False),
        sa.Column("account_id", sa.Text(), nullable=False),
        sa.Column("model", sa.Text(), nullable=False),
        sa.Column("model_version", sa.Text(), nullable=False),
        sa.Column("score", sa.Double(), nullable=False),
        sa.Column("label", sa.Text(), nullable=False),
        sa.Column("evidence", JSON_DOC, nullable=False),
        sa.Column("counts", JSON_DOC, nullable=False),
        sa.Column("scored", UTCDateTime(), nullable=False),
        sa.Column("content_hash", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint(
            "platform", "account_id", "model", "model_version", name="pk_account_scores"
        ),
    )
    op.create_index(
        "ix_account_scores_model_model_version_score",
        "account_scores",
        ["model", "model_version", "score"],
    )


def downgrade() -> None:
    op.drop_index("ix_account_scores_model_model_version_score", table_name="account_scores")
    op.drop_table("account_scores")
