"""Evidence public approval: each attachment's public state

A file is on the public pages (and at /bukti/N) only once a coordinator approved it: the files
an innovation has when it is approved are approved with it; one added afterwards (a check-in
photo, an IID evidence file) waits for a coordinator's ✅.

Existing rows: the files of an approved innovation that it had when it was last approved become
``approved`` (all of them when no approval is recorded); files added after that approval, and
the files of innovations not approved, stay ``pending`` until a coordinator decides.

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-10
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0016"
down_revision: str | None = "0015"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("attachment", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("public_state", sa.String(length=16), server_default="pending",
                      nullable=False)
        )  # fmt: skip
        batch_op.create_check_constraint(
            op.f("ck_attachment_public_state"),
            "public_state in ('pending', 'approved', 'hidden')",
        )
        batch_op.create_index("ix_attachment_public_state", ["public_state"], unique=False)
    # Both columns are written by the same type (UTC; on SQLite the same text form), so they
    # compare alike on both databases.
    op.execute(
        """
        UPDATE attachment SET public_state = 'approved'
        WHERE innovation_id IN (SELECT id FROM innovation WHERE status = 'approved')
          AND NOT EXISTS (
            SELECT 1 FROM event
            WHERE event.innovation_id = attachment.innovation_id
              AND event.to_status = 'approved'
              AND event.created_at < attachment.created_at
              AND NOT EXISTS (
                SELECT 1 FROM event AS later
                WHERE later.innovation_id = event.innovation_id
                  AND later.to_status = 'approved'
                  AND later.created_at > event.created_at
              )
          )
        """
    )


def downgrade() -> None:
    with op.batch_alter_table("attachment", schema=None) as batch_op:
        batch_op.drop_index("ix_attachment_public_state")
        batch_op.drop_constraint(op.f("ck_attachment_public_state"), type_="check")
        batch_op.drop_column("public_state")
