"""The initial schema, and the six pillars of the smart-city master plan

Revision ID: 0001
Revises:
Create Date: 2026-11-28
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0001"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Frozen here, not imported: a migration must do tomorrow what it did today.
PILLARS = (
    ("governance", "Smart Governance"),
    ("branding", "Smart Branding"),
    ("economy", "Smart Economy"),
    ("living", "Smart Living"),
    ("society", "Smart Society"),
    ("environment", "Smart Environment"),
)


def upgrade() -> None:
    op.create_table(
        "delivery",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=40), nullable=False),
        sa.Column("period_key", sa.String(length=64), nullable=False),
        sa.Column("recipient_chat_id", sa.BigInteger(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("attempts", sa.Integer(), server_default="0", nullable=False),
        sa.Column("error", sa.Text(), nullable=True),
        sa.Column("claimed_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("sent_at", sa.DateTime(timezone=True), nullable=True),
        sa.CheckConstraint(
            "status in ('claimed', 'sent', 'failed')", name=op.f("ck_delivery_status")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_delivery")),
        sa.UniqueConstraint(
            "kind",
            "period_key",
            "recipient_chat_id",
            name=op.f("uq_delivery_kind_period_key_recipient_chat_id"),
        ),
    )
    op.create_table(
        "opd",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=32), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("active", sa.Boolean(), server_default=sa.true(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint("length(code) between 2 and 32", name=op.f("ck_opd_code_length")),
        sa.CheckConstraint("length(name) between 1 and 200", name=op.f("ck_opd_name_length")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_opd")),
        sa.UniqueConstraint("code", name=op.f("uq_opd_code")),
    )
    op.create_table(
        "pillar",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=32), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_pillar")),
        sa.UniqueConstraint("code", name=op.f("uq_pillar_code")),
    )
    op.create_table(
        "member",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("telegram_id", sa.BigInteger(), nullable=False),
        sa.Column("opd_id", sa.Integer(), nullable=True),
        sa.Column("role", sa.String(length=16), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("full_name", sa.String(length=128), nullable=False),
        sa.Column("phone", sa.String(length=32), nullable=True),
        sa.Column("language", sa.String(length=8), nullable=True),
        sa.Column("unreachable_since", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "language is null or language in ('id', 'en')", name=op.f("ck_member_language")
        ),
        sa.CheckConstraint(
            "opd_id is not null or role = 'admin'", name=op.f("ck_member_opd_required")
        ),
        sa.CheckConstraint(
            "role in ('staff', 'coordinator', 'admin')", name=op.f("ck_member_role")
        ),
        sa.CheckConstraint("status in ('active', 'blocked')", name=op.f("ck_member_status")),
        sa.ForeignKeyConstraint(
            ["opd_id"], ["opd.id"], name=op.f("fk_member_opd_id_opd"), ondelete="RESTRICT"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_member")),
        sa.UniqueConstraint("telegram_id", name=op.f("uq_member_telegram_id")),
    )
    op.create_table(
        "innovation",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("opd_id", sa.Integer(), nullable=False),
        sa.Column("submitter_id", sa.Integer(), nullable=True),
        sa.Column("title", sa.String(length=150), nullable=False),
        sa.Column("quick_win", sa.Boolean(), nullable=True),
        sa.Column("stage", sa.String(length=16), nullable=True),
        sa.Column("kind", sa.String(length=16), nullable=True),
        sa.Column("problem", sa.Text(), nullable=True),
        sa.Column("solution", sa.Text(), nullable=True),
        sa.Column("goal", sa.Text(), nullable=True),
        sa.Column("benefit", sa.Text(), nullable=True),
        sa.Column("beneficiaries", sa.Text(), nullable=True),
        sa.Column("start_date", sa.Date(), nullable=True),
        sa.Column("link", sa.String(length=2048), nullable=True),
        sa.Column("contact_name", sa.String(length=128), nullable=True),
        sa.Column("contact_phone", sa.String(length=32), nullable=True),
        sa.Column("status", sa.String(length=24), nullable=False),
        sa.Column("version", sa.Integer(), server_default="1", nullable=False),
        sa.Column("submitted_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "kind is null or kind in ('digital', 'non_digital')", name=op.f("ck_innovation_kind")
        ),
        sa.CheckConstraint(
            "stage is null or stage in ('inisiatif', 'uji_coba', 'penerapan')",
            name=op.f("ck_innovation_stage"),
        ),
        sa.CheckConstraint(
            "status in ('draft', 'submitted', 'in_review', 'approved', 'revision_requested', 'rejected')",
            name=op.f("ck_innovation_status"),
        ),
        sa.CheckConstraint(
            "length(title) between 1 and 150", name=op.f("ck_innovation_title_length")
        ),
        sa.ForeignKeyConstraint(
            ["opd_id"], ["opd.id"], name=op.f("fk_innovation_opd_id_opd"), ondelete="RESTRICT"
        ),
        sa.ForeignKeyConstraint(
            ["submitter_id"],
            ["member.id"],
            name=op.f("fk_innovation_submitter_id_member"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_innovation")),
    )
    with op.batch_alter_table("innovation", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_innovation_opd_id"), ["opd_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_innovation_status"), ["status"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_innovation_submitter_id"), ["submitter_id"], unique=False
        )

    op.create_table(
        "invite",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=64), nullable=False),
        sa.Column("opd_id", sa.Integer(), nullable=False),
        sa.Column("role", sa.String(length=16), nullable=False),
        sa.Column("max_uses", sa.Integer(), nullable=True),
        sa.Column("used_count", sa.Integer(), server_default="0", nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("revoked_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "role in ('staff', 'coordinator', 'admin')", name=op.f("ck_invite_role")
        ),
        sa.CheckConstraint(
            "max_uses is null or max_uses > 0", name=op.f("ck_invite_max_uses_positive")
        ),
        sa.CheckConstraint(
            "used_count >= 0 and (max_uses is null or used_count <= max_uses)",
            name=op.f("ck_invite_used_count"),
        ),
        sa.ForeignKeyConstraint(
            ["created_by_id"],
            ["member.id"],
            name=op.f("fk_invite_created_by_id_member"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["opd_id"], ["opd.id"], name=op.f("fk_invite_opd_id_opd"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_invite")),
        sa.UniqueConstraint("code", name=op.f("uq_invite_code")),
    )
    op.create_table(
        "attachment",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("innovation_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("file_id", sa.String(length=255), nullable=False),
        sa.Column("file_unique_id", sa.String(length=64), nullable=False),
        sa.Column("file_name", sa.String(length=255), nullable=True),
        sa.Column("mime_type", sa.String(length=128), nullable=True),
        sa.Column("file_size", sa.BigInteger(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint("kind in ('photo', 'document')", name=op.f("ck_attachment_kind")),
        sa.CheckConstraint(
            "file_size is null or file_size >= 0", name=op.f("ck_attachment_file_size")
        ),
        sa.ForeignKeyConstraint(
            ["innovation_id"],
            ["innovation.id"],
            name=op.f("fk_attachment_innovation_id_innovation"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_attachment")),
        sa.UniqueConstraint(
            "innovation_id",
            "file_unique_id",
            name=op.f("uq_attachment_innovation_id_file_unique_id"),
        ),
    )
    with op.batch_alter_table("attachment", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_attachment_innovation_id"), ["innovation_id"], unique=False
        )

    op.create_table(
        "event",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("innovation_id", sa.Integer(), nullable=True),
        sa.Column("actor_id", sa.Integer(), nullable=True),
        sa.Column("kind", sa.String(length=40), nullable=False),
        sa.Column("from_status", sa.String(length=24), nullable=True),
        sa.Column("to_status", sa.String(length=24), nullable=True),
        sa.Column("field", sa.String(length=40), nullable=True),
        sa.Column("old_value", sa.Text(), nullable=True),
        sa.Column("new_value", sa.Text(), nullable=True),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("details", sa.JSON(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["actor_id"], ["member.id"], name=op.f("fk_event_actor_id_member"), ondelete="SET NULL"
        ),
        sa.ForeignKeyConstraint(
            ["innovation_id"],
            ["innovation.id"],
            name=op.f("fk_event_innovation_id_innovation"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_event")),
    )
    with op.batch_alter_table("event", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_event_created_at"), ["created_at"], unique=False)
        batch_op.create_index(batch_op.f("ix_event_innovation_id"), ["innovation_id"], unique=False)

    op.create_table(
        "innovation_pillar",
        sa.Column("innovation_id", sa.Integer(), nullable=False),
        sa.Column("pillar_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["innovation_id"],
            ["innovation.id"],
            name=op.f("fk_innovation_pillar_innovation_id_innovation"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["pillar_id"],
            ["pillar.id"],
            name=op.f("fk_innovation_pillar_pillar_id_pillar"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("innovation_id", "pillar_id", name=op.f("pk_innovation_pillar")),
    )

    pillar = sa.table(
        "pillar",
        sa.column("code", sa.String),
        sa.column("name", sa.String),
        sa.column("position", sa.Integer),
    )
    op.bulk_insert(
        pillar,
        [
            {"code": code, "name": name, "position": position}
            for position, (code, name) in enumerate(PILLARS, start=1)
        ],
    )


def downgrade() -> None:
    op.drop_table("innovation_pillar")
    with op.batch_alter_table("event", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_event_innovation_id"))
        batch_op.drop_index(batch_op.f("ix_event_created_at"))

    op.drop_table("event")
    with op.batch_alter_table("attachment", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_attachment_innovation_id"))

    op.drop_table("attachment")
    op.drop_table("invite")
    with op.batch_alter_table("innovation", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_innovation_submitter_id"))
        batch_op.drop_index(batch_op.f("ix_innovation_status"))
        batch_op.drop_index(batch_op.f("ix_innovation_opd_id"))

    op.drop_table("innovation")
    op.drop_table("member")
    op.drop_table("pillar")
    op.drop_table("opd")
    op.drop_table("delivery")
