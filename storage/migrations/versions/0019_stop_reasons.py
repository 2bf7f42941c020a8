"""Why an innovation stopped: the reason an OPD chose after ⏸ Berhenti, and its own words

Plain ADD COLUMN on ``checkin``: no batch rebuild.

Revision ID: 0019
Revises: 0018
Create Date: 2026-12-08
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0019"
down_revision: str | None = "0018"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column("checkin", sa.Column("stop_reason", sa.String(length=16), nullable=True))
    op.add_column("checkin", sa.Column("stop_note", sa.Text(), nullable=True))


def downgrade() -> None:
    op.drop_column("checkin", "stop_note")
    op.drop_column("checkin", "stop_reason")
