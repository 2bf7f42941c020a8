"""Benefit in numbers: the measures the regency declares, and each check-in's value of each

Revision ID: 0020
Revises: 0019
Create Date: 2026-12-08
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0020"
down_revision: str | None = "0019"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# The measures a regency starts with (admins replace them with /manfaat or `benefit import`).
MEASURES = (
    ("waktu_hemat", "Waktu layanan yang dihemat", "Service time saved", "menit per layanan",
     "minutes per service", 10_080),
    ("biaya_hemat", "Biaya yang dihemat", "Costs saved", "rupiah", "rupiah",
     1_000_000_000_000),
    ("pendapatan", "Pendapatan daerah", "Regional revenue", "rupiah", "rupiah",
     1_000_000_000_000),
)  # fmt: skip


def upgrade() -> None:
    measure = op.create_table(
        "benefit_measure",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=32), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("name_en", sa.String(length=100), nullable=False),
        sa.Column("unit", sa.String(length=40), nullable=False),
        sa.Column("unit_en", sa.String(length=40), nullable=False),
        sa.Column("maximum", sa.BigInteger(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("active", sa.Boolean(), server_default=sa.true(), nullable=False),
        sa.CheckConstraint("maximum >= 1", name=op.f("ck_benefit_measure_maximum")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_benefit_measure")),
        sa.UniqueConstraint("code", name=op.f("uq_benefit_measure_code")),
    )
    op.create_table(
        "checkin_measure",
        sa.Column("checkin_id", sa.Integer(), nullable=False),
        sa.Column("measure_id", sa.Integer(), nullable=False),
        sa.Column("value", sa.BigInteger(), nullable=False),
        sa.CheckConstraint("value >= 0", name=op.f("ck_checkin_measure_value")),
        sa.ForeignKeyConstraint(
            ["checkin_id"], ["checkin.id"], name=op.f("fk_checkin_measure_checkin_id_checkin"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["measure_id"], ["benefit_measure.id"],
            name=op.f("fk_checkin_measure_measure_id_benefit_measure"), ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("checkin_id", "measure_id", name=op.f("pk_checkin_measure")),
    )  # fmt: skip
    op.create_index(
        "ix_checkin_measure_measure_id", "checkin_measure", ["measure_id", "checkin_id"]
    )
    op.bulk_insert(
        measure,
        [
            {"code": code, "name": name, "name_en": name_en, "unit": unit, "unit_en": unit_en,
             "maximum": maximum, "position": position, "active": True}
            for position, (code, name, name_en, unit, unit_en, maximum) in enumerate(
                MEASURES, start=1
            )
        ],
    )  # fmt: skip


def downgrade() -> None:
    op.drop_table("checkin_measure")
    op.drop_table("benefit_measure")
