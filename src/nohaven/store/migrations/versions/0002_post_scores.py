"""Post scores: one row per post, model and model version.

Revision ID: 0002
Revises: 0001
Create Date: 2025-01-02 00:00:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from nohaven.store.types import JSON_DOC, UTCDateTime

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "post_scores",
        sa.Column("platform", sa.Text(), nullable=False),
        sa.Column("post_id", sa.Text(), nullable=False),
        sa.Column("model", sa.Text(), nullable=False),
        sa.Column("model_version", sa.Text(), nullable=False),
        sa.Column("score", sa.Double(), nullable=False),
        sa.Column("label", sa.Text(), nullable=False),
        sa.Column("explanation", JSON_DOC, nullable=False),
        sa.Column("scored", UTCDateTime(), nullable=False),
        sa.Column("content_hash", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint(
            "platform", "post_id", "model", "model_version", name="pk_post_scores"
        ),
    )
    op.create_index(
        "ix_post_scores_model_model_version_score",
        "post_scores",
        ["model", "model_version", "score"],
    )


def downgrade() -> None:
    op.drop_index("ix_post_scores_model_model_version_score", table_name="post_scores")
    op.drop_table("post_scores")
