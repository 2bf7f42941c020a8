"""Evaluations of innovations, and accent-free search columns (filled for existing rows)

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-28
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "evaluation",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("innovation_id", sa.Integer(), nullable=False),
        sa.Column("reviewer_id", sa.Integer(), nullable=True),
        sa.Column("verdict", sa.String(length=24), nullable=False),
        sa.Column("fungsional", sa.Integer(), nullable=False),
        sa.Column("mutakhir", sa.Integer(), nullable=False),
        sa.Column("berkelanjutan", sa.Integer(), nullable=False),
        sa.Column("bermanfaat", sa.Integer(), nullable=False),
        sa.Column("berdampak", sa.Integer(), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "verdict in ('approved', 'revision_requested', 'rejected')",
            name=op.f("ck_evaluation_verdict"),
        ),
        sa.CheckConstraint("berdampak between 1 and 5", name=op.f("ck_evaluation_berdampak_score")),
        sa.CheckConstraint(
            "berkelanjutan between 1 and 5", name=op.f("ck_evaluation_berkelanjutan_score")
        ),
        sa.CheckConstraint(
            "bermanfaat between 1 and 5", name=op.f("ck_evaluation_bermanfaat_score")
        ),
        sa.CheckConstraint(
            "fungsional between 1 and 5", name=op.f("ck_evaluation_fungsional_score")
        ),
        sa.CheckConstraint("mutakhir between 1 and 5", name=op.f("ck_evaluation_mutakhir_score")),
        sa.ForeignKeyConstraint(
            ["innovation_id"],
            ["innovation.id"],
            name=op.f("fk_evaluation_innovation_id_innovation"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["reviewer_id"],
            ["member.id"],
            name=op.f("fk_evaluation_reviewer_id_member"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_evaluation")),
    )
    with op.batch_alter_table("evaluation", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_evaluation_innovation_id"), ["innovation_id"], unique=False
        )

    with op.batch_alter_table("innovation", schema=None) as batch_op:
        batch_op.add_column(sa.Column("search_text", sa.Text(), server_default="", nullable=False))

    with op.batch_alter_table("opd", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("search_name", sa.String(length=200), server_default="", nullable=False)
        )

    connection = op.get_bind()
    opd = sa.table(
        "opd", sa.column("id"), sa.column("code"), sa.column("name"), sa.column("search_name")
    )
    for row in connection.execute(sa.select(opd.c.id, opd.c.code, opd.c.name)).all():
        connection.execute(
            opd.update()
            .where(opd.c.id == row.id)
            .values(search_name=_searchable(row.code, row.name))
        )
    innovation = sa.table(
        "innovation",
        sa.column("id"),
        sa.column("title"),
        sa.column("problem"),
        sa.column("solution"),
        sa.column("search_text"),
    )
    query = sa.select(
        innovation.c.id, innovation.c.title, innovation.c.problem, innovation.c.solution
    )
    for row in connection.execute(query).all():
        connection.execute(
            innovation.update()
            .where(innovation.c.id == row.id)
            .values(search_text=_searchable(row.title, row.problem, row.solution))
        )


def _searchable(*parts: str | None) -> str:
    # Frozen copy of storage.models.searchable as it was at this revision.
    text = " ".join(part for part in parts if part)
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return " ".join("".join(c for c in decomposed if not unicodedata.combining(c)).split())


def downgrade() -> None:
    with op.batch_alter_table("opd", schema=None) as batch_op:
        batch_op.drop_column("search_name")

    with op.batch_alter_table("innovation", schema=None) as batch_op:
        batch_op.drop_column("search_text")

    with op.batch_alter_table("evaluation", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_evaluation_innovation_id"))

    op.drop_table("evaluation")
