"""OPDs expected to submit innovations (Diskominfo, which collects them, is not)

Revision ID: 0011
Revises: 0009
Create Date: 2026-11-29
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0011"
down_revision: str | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("opd", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("expected", sa.Boolean(), server_default=sa.true(), nullable=False)
        )
    # The rule of storage.models.expected_by_default, as it stands today (a migration never
    # imports the models, which move on): Diskominfo is not expected to submit.
    opd = sa.table("opd", sa.column("id"), sa.column("code"), sa.column("search_name"),
                   sa.column("expected"))  # fmt: skip
    connection = op.get_bind()
    connection.execute(
        opd.update()
        .where(
            sa.func.upper(opd.c.code).like("%KOMINFO%")
            | (
                opd.c.search_name.like("%komunikasi%")
                & opd.c.search_name.like("%informatika%")
                & opd.c.search_name.like("%dinas%")
            )
        )
        .values(expected=False)
    )


def downgrade() -> None:
    with op.batch_alter_table("opd", schema=None) as batch_op:
        batch_op.drop_column("expected")
