"""Initial store: accounts, posts, interactions and rejects.

Revision ID: 0001
Revises:
Create Date: 2025-01-01 00:00:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from nohaven.store.types import JSON_DOC, UTCDateTime

revision: str = "0001"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "accounts",
        sa.Column("platform", sa.Text(), nullable=False),
        sa.Column("id", sa.Text(), nullable=False),
        sa.Column("handle", sa.Text(), nullable=True),
        sa.Column("display_name", sa.Text(), nullable=True),
        sa.Column("description", sa.Text(), nullable=True),
        sa.Column("followers", sa.BigInteger(), nullable=True),
        sa.Column("post_count", sa.BigInteger(), nullable=True),
        sa.Column("created", UTCDateTime(), nullable=True),
        sa.Column("status", sa.Text(), nullable=False),
        sa.Column("observed", UTCDateTime(), nullable=True),
        sa.Column("raw", JSON_DOC, nullable=False),
        sa.Column("source", sa.Text(), nullable=True),
        sa.Column("content_hash", sa.Text(), nullable=False),
        sa.Column("first_seen", UTCDateTime(), nullable=False),
        sa.Column("updated_at", UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("platform", "id", name="pk_accounts"),
    )
    op.create_index("ix_accounts_platform_handle", "accounts", ["platform", "handle"])

    op.create_table(
        "posts",
        sa.Column("platform", sa.Text(), nullable=False),
        sa.Column("id", sa.Text(), nullable=False),
        sa.Column("account_id", sa.Text(), nullable=False),
        sa.Column("created", UTCDateTime(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("text_key", sa.Text(), nullable=True),
        sa.Column("language", sa.Text(), nullable=True),
        sa.Column("language_score", sa.Double(), nullable=True),
        sa.Column("reply_to", sa.Text(), nullable=True),
        sa.Column("reply_to_account", sa.Text(), nullable=True),
        sa.Column("repost_of", sa.Text(), nullable=True),
        sa.Column("repost_of_account", sa.Text(), nullable=True),
        sa.Column("quote_of", sa.Text(), nullable=True),
        sa.Column("quote_of_account", sa.Text(), nullable=True),
        sa.Column("urls", JSON_DOC, nullable=False),
        sa.Column("mentions", JSON_DOC, nullable=False),
        sa.Column("mention_ids", JSON_DOC, nullable=False),
        sa.Column("hashtags", JSON_DOC, nullable=False),
        sa.Column("media", JSON_DOC, nullable=False),
        sa.Column("raw", JSON_DOC, nullable=False),
        sa.Column("source", sa.Text(), nullable=True),
        sa.Column("content_hash", sa.Text(), nullable=False),
        sa.Column("first_seen", UTCDateTime(), nullable=False),
        sa.Column("updated_at", UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("platform", "id", name="pk_posts"),
    )
    op.create_index("ix_posts_platform_account_id", "posts", ["platform", "account_id"])
    op.create_index("ix_posts_created", "posts", ["created"])
    op.create_index("ix_posts_language", "posts", ["language"])

    op.create_table(
        "interactions",
        sa.Column("platform", sa.Text(), nullable=False),
        sa.Column("post_id", sa.Text(), nullable=False),
        sa.Column("kind", sa.Text(), nullable=False),
        sa.Column("target_account", sa.Text(), nullable=False),
        sa.Column("source_account", sa.Text(), nullable=False),
        sa.Column("time", UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint(
            "platform", "post_id", "kind", "target_account", name="pk_interactions"
        ),
    )
    op.create_index(
        "ix_interactions_platform_source_account", "interactions", ["platform", "source_account"]
    )
    op.create_index(
        "ix_interactions_platform_target_account", "interactions", ["platform", "target_account"]
    )

    op.create_table(
        "rejects",
        sa.Column("source", sa.Text(), nullable=False),
        sa.Column("line", sa.Integer(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("excerpt", sa.Text(), nullable=False),
        sa.Column("seen_at", UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("source", "line", name="pk_rejects"),
    )


def downgrade() -> None:
    op.drop_table("rejects")
    op.drop_index("ix_interactions_platform_target_account", table_name="interactions")
    op.drop_index("ix_interactions_platform_source_account", table_name="interactions")
    op.drop_table("interactions")
    op.drop_index("ix_posts_language", table_name="posts")
    op.drop_index("ix_posts_created", table_name="posts")
    op.drop_index("ix_posts_platform_account_id", table_name="posts")
    op.drop_table("posts")
    op.drop_index("ix_accounts_platform_handle", table_name="accounts")
    op.drop_table("accounts")
