"""Post score caveats: why a score may say less than it seems (nohaven.classify.caveats).

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-05 00:00:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from nohaven.store.types import JSON_DOC

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # Scores stored before have none: an empty list, as a score without caveats is written.
    with op.batch_alter_table("post_scores") as batch:
        batch.add_column(sa.Column("caveats", JSON_DOC, nullable=False, server_default="[]"))


def downgrade() -> None:
    with op.batch_alter_table("post_scores") as batch:
        batch.drop_column("caveats")
