"""A revision request without scores; no innovation left "in review" by opening it

Revision ID: 0014
Revises: 0013
Create Date: 2026-11-29
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0014"
down_revision: str | None = "0013"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

CRITERIA = ("fungsional", "mutakhir", "berkelanjutan", "bermanfaat", "berdampak")


def _nullable(nullable: bool) -> None:
    # SQLite rebuilds the table (batch mode), its named CHECK constraints reflected and kept.
    with op.batch_alter_table("evaluation") as batch_op:
        for criterion in CRITERIA:
            batch_op.alter_column(criterion, existing_type=sa.Integer(), nullable=nullable)


def upgrade() -> None:
    _nullable(True)
    # Opening an innovation in /tinjau no longer marks it "in review" (the decision changes its
    # status); those left so by the old behaviour go back to "submitted", where their OPD may
    # withdraw them again and the queue still offers them.
    op.execute("UPDATE innovation SET status = 'submitted' WHERE status = 'in_review'")


def downgrade() -> None:
    op.execute(
        "DELETE FROM evaluation WHERE fungsional IS NULL OR mutakhir IS NULL "
        "OR berkelanjutan IS NULL OR bermanfaat IS NULL OR berdampak IS NULL"
    )
    _nullable(False)
