"""Indexes for the reports at a hundred thousand innovations (issue 17)

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-30
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # (opd_id, status) and (status, ...) start with the columns of the two single-column
    # indexes they replace, so every query those served is served by these.
    op.create_index("ix_innovation_opd_id_status", "innovation", ["opd_id", "status"])
    op.create_index(
        "ix_innovation_report", "innovation", ["status", "quick_win", "stage", "opd_id", "id"]
    )
    op.drop_index("ix_innovation_opd_id", table_name="innovation")
    op.drop_index("ix_innovation_status", table_name="innovation")
    op.create_index(
        "ix_innovation_pillar_pillar_id", "innovation_pillar", ["pillar_id", "innovation_id"]
    )


def downgrade() -> None:
    op.drop_index("ix_innovation_pillar_pillar_id", table_name="innovation_pillar")
    op.create_index("ix_innovation_status", "innovation", ["status"])
    op.create_index("ix_innovation_opd_id", "innovation", ["opd_id"])
    op.drop_index("ix_innovation_report", table_name="innovation")
    op.drop_index("ix_innovation_opd_id_status", table_name="innovation")
