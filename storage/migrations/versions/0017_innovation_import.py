"""Innovations imported from a file: their stable key and the file's name

``import_key`` (unique where given) lets the same file imported again find the innovations it
made; ``imported_from`` is the file's name, shown on the record. Plain ADD COLUMN and CREATE
INDEX: no batch rebuild of ``innovation``, so the tally's triggers of 0015 stay as they are.

Revision ID: 0017
Revises: 0016
Create Date: 2026-12-07
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0017"
down_revision: str | None = "0016"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column("innovation", sa.Column("import_key", sa.String(length=200), nullable=True))
    op.add_column("innovation", sa.Column("imported_from", sa.String(length=255), nullable=True))
    op.create_index("ix_innovation_import_key", "innovation", ["import_key"], unique=True)


def downgrade() -> None:
    op.drop_index("ix_innovation_import_key", table_name="innovation")
    # SQLite 3.35+ drops a column in place (no rebuild: the triggers stay).
    op.drop_column("innovation", "imported_from")
    op.drop_column("innovation", "import_key")
