"""The OPDs' action plans (rencana aksi): one row per planned innovation or quick win

Revision ID: 0018
Revises: 0017
Create Date: 2026-12-07
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0018"
down_revision: str | None = "0017"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "plan_entry",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("opd_id", sa.Integer(), nullable=False),
        sa.Column("pillar_id", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=150), nullable=False),
        sa.Column("target_stage", sa.String(length=16), nullable=False),
        sa.Column("target_month", sa.Date(), nullable=False),
        sa.Column("innovation_id", sa.Integer(), nullable=True),
        sa.Column("import_key", sa.String(length=200), nullable=True),
        sa.Column("imported_from", sa.String(length=255), nullable=True),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.Column("reminded_due", sa.String(length=16), nullable=True),
        sa.Column("reminded_late", sa.String(length=16), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "target_stage in ('uji_coba', 'penerapan')", name=op.f("ck_plan_entry_target_stage")
        ),
        sa.CheckConstraint(
            "length(title) between 1 and 150", name=op.f("ck_plan_entry_title_length")
        ),
        sa.ForeignKeyConstraint(
            ["opd_id"], ["opd.id"], name=op.f("fk_plan_entry_opd_id_opd"), ondelete="RESTRICT"
        ),
        sa.ForeignKeyConstraint(
            ["pillar_id"],
            ["pillar.id"],
            name=op.f("fk_plan_entry_pillar_id_pillar"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["innovation_id"],
            ["innovation.id"],
            name=op.f("fk_plan_entry_innovation_id_innovation"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["created_by_id"],
            ["member.id"],
            name=op.f("fk_plan_entry_created_by_id_member"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_plan_entry")),
    )
    op.create_index("ix_plan_entry_innovation_id", "plan_entry", ["innovation_id"])
    op.create_index("ix_plan_entry_opd_id_target_month", "plan_entry", ["opd_id", "target_month"])
    op.create_index("ix_plan_entry_import_key", "plan_entry", ["import_key"], unique=True)


def downgrade() -> None:
    op.drop_table("plan_entry")
