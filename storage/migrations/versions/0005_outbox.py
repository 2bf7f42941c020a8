"""The outbox: pending notices with their payload in the delivery log

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-29
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("delivery", schema=None) as batch_op:
        batch_op.add_column(sa.Column("payload", sa.JSON(), nullable=True))
        batch_op.drop_constraint(op.f("ck_delivery_status"), type_="check")
        batch_op.create_check_constraint(
            op.f("ck_delivery_status"), "status in ('pending', 'claimed', 'sent', 'failed')"
        )
        batch_op.create_index("ix_delivery_status_kind", ["status", "kind"], unique=False)


def downgrade() -> None:
    op.execute("DELETE FROM delivery WHERE status = 'pending'")
    with op.batch_alter_table("delivery", schema=None) as batch_op:
        batch_op.drop_index("ix_delivery_status_kind")
        batch_op.drop_constraint(op.f("ck_delivery_status"), type_="check")
        batch_op.create_check_constraint(
            op.f("ck_delivery_status"), "status in ('claimed', 'sent', 'failed')"
        )
        batch_op.drop_column("payload")
