"""Banks of known content: banks, their entries, and the items each entry matched.

Revision ID: 0003
Revises: 0002
Create Date: 2025-01-03 00:00:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from nohaven.store.types import JSON_DOC, UTCDateTime

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "banks",
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("kind", sa.Text(), nullable=False),
        sa.Column("negative", sa.Boolean(), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("created", UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("name", name="pk_banks"),
    )
    op.create_table(
        "bank_entries",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("bank", sa.Text(), nullable=False),
        sa.Column("signal_type", sa.Text(), nullable=False),
        sa.Column("value", sa.Text(), nullable=False),
        sa.Column("value_digest", sa.Text(), nullable=False),
        sa.Column("labels", JSON_DOC, nullable=False),
        sa.Column("source", sa.Text(), nullable=True),
        sa.Column("confidence", sa.Double(), nullable=True),
        sa.Column("quality", sa.Integer(), nullable=True),
        sa.Column("added", UTCDateTime(), nullable=False),
        sa.Column("status", sa.Text(), nullable=False),
        sa.Column("status_reason", sa.Text(), nullable=True),
        sa.Column("status_changed", UTCDateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["bank"], ["banks.name"], name="fk_bank_entries_bank_banks", ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name="pk_bank_entries"),
        sa.UniqueConstraint(
            "bank",
            "signal_type",
            "value_digest",
            name="uq_bank_entries_bank_signal_type_value_digest",
        ),
    )
    op.create_index("ix_bank_entries_signal_type_status", "bank_entries", ["signal_type", "status"])
    op.create_table(
        "bank_matches",
        sa.Column("entry_id", sa.Integer(), nullable=False),
        sa.Column("item", sa.Text(), nullable=False),
        sa.Column("distance", sa.Double(), nullable=False),
        sa.Column("first_matched", UTCDateTime(), nullable=False),
        sa.Column("last_matched", UTCDateTime(), nullable=False),
        sa.Column("verdict", sa.Text(), nullable=True),
        sa.Column("verdict_by", sa.Text(), nullable=True),
        sa.Column("verdict_at", UTCDateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["entry_id"],
            ["bank_entries.id"],
            name="fk_bank_matches_entry_id_bank_entries",
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("entry_id", "item", name="pk_bank_matches"),
    )
    op.create_index(
        "ix_bank_matches_entry_id_first_matched", "bank_matches", ["entry_id", "first_matched"]
    )
    op.create_index("ix_bank_matches_item", "bank_matches", ["item"])


def downgrade() -> None:
    op.drop_index("ix_bank_matches_item", table_name="bank_matches")
    op.drop_index("ix_bank_matches_entry_id_first_matched", table_name="bank_matches")
    op.drop_table("bank_matches")
    op.drop_index("ix_bank_entries_signal_type_status", table_name="bank_entries")
    op.drop_table("bank_entries")
    op.drop_table("banks")
