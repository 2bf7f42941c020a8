"""Dashboard logins used once; innovations listed by status and time sent

Revision ID: 0009
Revises: 0007
Create Date: 2026-11-29
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0009"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "dashboard_login",
        sa.Column("hash", sa.String(length=64), nullable=False),
        sa.Column("telegram_id", sa.BigInteger(), nullable=False),
        sa.Column("used_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("ended_at", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("hash", name=op.f("pk_dashboard_login")),
    )
    op.create_index(
        "ix_innovation_status_submitted_at", "innovation", ["status", "submitted_at"], unique=False
    )
    op.create_index(
        "ix_innovation_status_counts",
        "innovation",
        ["status", "opd_id", "stage", "kind", "quick_win"],
        unique=False,
    )


def downgrade() -> None:
    op.drop_index("ix_innovation_status_counts", table_name="innovation")
    op.drop_index("ix_innovation_status_submitted_at", table_name="innovation")
    op.drop_table("dashboard_login")
