"""OPDs expected to submit innovations (Diskominfo, which collects them, is not); the goal and
the benefit searched too (the search column filled again for existing rows)

Revision ID: 0011
Revises: 0010
Create Date: 2026-11-29
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0011"
down_revision: str | None = "0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # A plain ADD COLUMN, also on SQLite: a batch would copy the table and drop the old one,
    # which members and innovations refer to.
    op.add_column(
        "opd", sa.Column("expected", sa.Boolean(), server_default=sa.true(), nullable=False)
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
    innovation = sa.table("innovation", sa.column("id"), sa.column("title"),
                          sa.column("problem"), sa.column("solution"), sa.column("goal"),
                          sa.column("benefit"), sa.column("search_text"))  # fmt: skip
    rows = connection.execute(
        sa.select(innovation.c.id, innovation.c.title, innovation.c.problem,
                  innovation.c.solution, innovation.c.goal, innovation.c.benefit)
    ).all()  # fmt: skip
    update = (
        innovation.update()
        .where(innovation.c.id == sa.bindparam("row_id"))
        .values(search_text=sa.bindparam("text"))
    )
    for start in range(0, len(rows), 1000):
        connection.execute(
            update,
            [
                {"row_id": row.id, "text": _searchable(*row[1:])}
                for row in rows[start : start + 1000]
            ],
        )


def downgrade() -> None:
    with op.batch_alter_table("opd", schema=None) as batch_op:
        batch_op.drop_column("expected")


def _searchable(*parts: str | None) -> str:
    # Frozen copy of storage.models.searchable as it was at this revision.
    text = " ".join(part for part in parts if part)
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    stripped = "".join(char for char in decomposed if not unicodedata.combining(char))
    return " ".join(stripped.split())
