"""Schedules of the summary and the reminders, and broadcasts

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-29
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "schedule",
        sa.Column("kind", sa.String(length=24), nullable=False),
        sa.Column("enabled", sa.Boolean(), nullable=False),
        sa.Column("at", sa.String(length=5), nullable=False),
        sa.Column("days", sa.String(length=13), nullable=False),
        sa.Column("updated_by_id", sa.Integer(), nullable=True),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint("length(at) = 5", name=op.f("ck_schedule_at_format")),
        sa.CheckConstraint(
            "length(days) between 1 and 13", name=op.f("ck_schedule_days_not_empty")
        ),
        sa.ForeignKeyConstraint(
            ["updated_by_id"],
            ["member.id"],
            name=op.f("fk_schedule_updated_by_id_member"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("kind", name=op.f("pk_schedule")),
    )
    op.create_table(
        "broadcast",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.Column("html", sa.Text(), nullable=True),
        sa.Column("photo_file_id", sa.String(length=256), nullable=True),
        sa.Column("document_file_id", sa.String(length=256), nullable=True),
        sa.Column("audience", sa.String(length=16), nullable=False),
        sa.Column("opd_id", sa.Integer(), nullable=True),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("total", sa.Integer(), server_default="0", nullable=False),
        sa.Column("sent", sa.Integer(), server_default="0", nullable=False),
        sa.Column("failed", sa.Integer(), server_default="0", nullable=False),
        sa.Column("progress_chat_id", sa.BigInteger(), nullable=True),
        sa.Column("progress_message_id", sa.Integer(), nullable=True),
        sa.Column("language", sa.String(length=8), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("finished_at", sa.DateTime(timezone=True), nullable=True),
        sa.CheckConstraint(
            "audience in ('all', 'opd', 'without')", name=op.f("ck_broadcast_audience")
        ),
        sa.CheckConstraint(
            "html is not null or photo_file_id is not null or document_file_id is not null",
            name=op.f("ck_broadcast_has_content"),
        ),
        sa.CheckConstraint("status in ('sending', 'done')", name=op.f("ck_broadcast_status")),
        sa.ForeignKeyConstraint(
            ["created_by_id"],
            ["member.id"],
            name=op.f("fk_broadcast_created_by_id_member"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["opd_id"], ["opd.id"], name=op.f("fk_broadcast_opd_id_opd"), ondelete="SET NULL"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_broadcast")),
    )
    with op.batch_alter_table("broadcast", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_broadcast_status"), ["status"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("broadcast", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_broadcast_status"))
    op.drop_table("broadcast")
    op.drop_table("schedule")
