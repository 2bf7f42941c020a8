"""The evidence store: each attachment's sha256, caption and download state

Existing attachments become ``pending``: the bot downloads them into EVIDENCE_DIR at its next
start (and retries what fails), so a database upgraded from 0005 is backfilled without a step
of its own.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-01
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("attachment", schema=None) as batch_op:
        batch_op.add_column(sa.Column("caption", sa.Text(), nullable=True))
        batch_op.add_column(sa.Column("sha256", sa.String(length=64), nullable=True))
        batch_op.add_column(
            sa.Column("store_state", sa.String(length=16), server_default="pending", nullable=False)
        )
        batch_op.add_column(
            sa.Column("store_attempts", sa.Integer(), server_default="0", nullable=False)
        )
        batch_op.add_column(sa.Column("store_error", sa.Text(), nullable=True))
        batch_op.add_column(sa.Column("store_retry_at", sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column("stored_at", sa.DateTime(timezone=True), nullable=True))
        batch_op.create_check_constraint(
            op.f("ck_attachment_store_state"), "store_state in ('pending', 'stored', 'refused')"
        )
        batch_op.create_check_constraint(
            op.f("ck_attachment_stored_has_sha256"), "store_state <> 'stored' or sha256 is not null"
        )
        batch_op.create_index(batch_op.f("ix_attachment_sha256"), ["sha256"], unique=False)
        batch_op.create_index("ix_attachment_store_state", ["store_state"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("attachment", schema=None) as batch_op:
        batch_op.drop_index("ix_attachment_store_state")
        batch_op.drop_index(batch_op.f("ix_attachment_sha256"))
        batch_op.drop_constraint(op.f("ck_attachment_stored_has_sha256"), type_="check")
        batch_op.drop_constraint(op.f("ck_attachment_store_state"), type_="check")
        batch_op.drop_column("stored_at")
        batch_op.drop_column("store_retry_at")
        batch_op.drop_column("store_error")
        batch_op.drop_column("store_attempts")
        batch_op.drop_column("store_state")
        batch_op.drop_column("sha256")
        batch_op.drop_column("caption")
