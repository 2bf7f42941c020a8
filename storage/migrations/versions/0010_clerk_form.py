"""How precisely the start date was given: a day, a month (Juli 2024) or a year (2024)

Revision ID: 0010
Revises: 0009
Create Date: 2026-11-29
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0010"
down_revision: str | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # NULL for the dates stored before: they are read as days, as they were shown.
    with op.batch_alter_table("innovation") as batch_op:
        batch_op.add_column(sa.Column("start_date_precision", sa.String(length=8), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("innovation") as batch_op:
        batch_op.drop_column("start_date_precision")
