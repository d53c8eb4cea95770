"""Post links: the off-platform destinations each post points to.

Revision ID: 0004
Revises: 0003
Create Date: 2025-01-04 00:00:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from nohaven.store.types import UTCDateTime

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "post_links",
        sa.Column("platform", sa.Text(), nullable=False),
        sa.Column("post_id", sa.Text(), nullable=False),
        sa.Column("target", sa.Text(), nullable=False),
        sa.Column("account_id", sa.Text(), nullable=False),
        sa.Column("created", UTCDateTime(), nullable=False),
        sa.Column("raw", sa.Text(), nullable=False),
        sa.Column("kind", sa.Text(), nullable=False),
        sa.Column("domain", sa.Text(), nullable=True),
        sa.Column("app", sa.Text(), nullable=True),
        sa.Column("obfuscated", sa.Boolean(), nullable=False),
        sa.Column("source", sa.Text(), nullable=False),
        sa.Column("content_hash", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("platform", "post_id", "target", name="pk_post_links"),
    )
    op.create_index("ix_post_links_target", "post_links", ["target"])
    op.create_index("ix_post_links_kind_created", "post_links", ["kind", "created"])


def downgrade() -> None:
    op.drop_index("ix_post_links_kind_created", table_name="post_links")
    op.drop_index("ix_post_links_target", table_name="post_links")
    op.drop_table("post_links")
