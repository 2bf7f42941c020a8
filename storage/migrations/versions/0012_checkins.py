"""Check-ins: approved innovations asked periodically whether they still run

Revision ID: 0012
Revises: 0011
Create Date: 2026-11-29
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0012"
down_revision: str | None = "0011"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "checkin",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("innovation_id", sa.Integer(), nullable=False),
        sa.Column("round", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("asked_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("reminded_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("answer", sa.String(length=16), nullable=True),
        sa.Column("answered_by_id", sa.Integer(), nullable=True),
        sa.Column("answered_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("served", sa.BigInteger(), nullable=True),
        sa.Column("attachment_id", sa.Integer(), nullable=True),
        sa.Column("closed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("closed_reason", sa.String(length=24), nullable=True),
        sa.CheckConstraint(
            "status in ('open', 'answered', 'closed')", name=op.f("ck_checkin_status")
        ),
        sa.CheckConstraint(
            "answer is null or answer in ('running', 'developing', 'stopped')",
            name=op.f("ck_checkin_answer"),
        ),
        sa.CheckConstraint(
            "status <> 'answered' or answer is not null",
            name=op.f("ck_checkin_answered_has_answer"),
        ),
        sa.CheckConstraint("served is null or served >= 0", name=op.f("ck_checkin_served")),
        sa.CheckConstraint("round >= 1", name=op.f("ck_checkin_round")),
        sa.ForeignKeyConstraint(
            ["innovation_id"],
            ["innovation.id"],
            name=op.f("fk_checkin_innovation_id_innovation"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["answered_by_id"],
            ["member.id"],
            name=op.f("fk_checkin_answered_by_id_member"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["attachment_id"],
            ["attachment.id"],
            name=op.f("fk_checkin_attachment_id_attachment"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_checkin")),
        sa.UniqueConstraint("innovation_id", "round", name=op.f("uq_checkin_innovation_id_round")),
    )
    op.create_index("ix_checkin_status_asked_at", "checkin", ["status", "asked_at"], unique=False)
    op.create_table(
        "checkin_period",
        sa.Column("innovation_id", sa.Integer(), nullable=False),
        sa.Column("months", sa.Integer(), nullable=False),
        sa.Column("updated_by_id", sa.Integer(), nullable=True),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint("months between 1 and 24", name=op.f("ck_checkin_period_months")),
        sa.ForeignKeyConstraint(
            ["innovation_id"],
            ["innovation.id"],
            name=op.f("fk_checkin_period_innovation_id_innovation"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["updated_by_id"],
            ["member.id"],
            name=op.f("fk_checkin_period_updated_by_id_member"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("innovation_id", name=op.f("pk_checkin_period")),
    )


def downgrade() -> None:
    op.drop_table("checkin_period")
    op.drop_index("ix_checkin_status_asked_at", table_name="checkin")
    op.drop_table("checkin")
