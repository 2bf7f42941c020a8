"""The national regional-innovation index (IID): each innovation's record, the evidence
indicators with their levels and weights (seeded here, replaced later by a CSV import), and the
OPDs' claims on them

Revision ID: 0013
Revises: 0012
Create Date: 2026-11-29
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0013"
down_revision: str | None = "0012"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# The index's evidence indicators as the regency starts with them: code, name, levels (lowest
# first). The weights are equal (5 each, 100 in all) until an admin imports the year's table
# (`inovasi-bot iid import`, or the CSV sent to the bot's /iid): the index's rules change from
# year to year, so they are data, not code.
INDICATORS: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    ("regulasi", "Regulasi inovasi daerah", (
        "SK Kepala Perangkat Daerah", "SK Kepala Daerah",
        "Peraturan Kepala Daerah atau Peraturan Daerah")),
    ("sdm", "Ketersediaan SDM terhadap inovasi daerah", (
        "1-10 SDM", "11-30 SDM", "Lebih dari 30 SDM")),
    ("anggaran", "Dukungan anggaran", (
        "Anggaran dialokasikan pada kegiatan penerapan inovasi di T-0 (tahun berjalan)",
        "Anggaran dialokasikan pada T-1 atau T-2",
        "Anggaran dialokasikan pada T-0, T-1 dan T-2")),
    ("alat_kerja", "Alat kerja", (
        "Ada alat kerja tanpa teknologi informasi", "Alat kerja didukung teknologi informasi",
        "Alat kerja terintegrasi dengan sistem informasi lain")),
    ("bimtek", "Bimtek inovasi", (
        "Satu kali dalam dua tahun terakhir", "Dua kali dalam dua tahun terakhir",
        "Lebih dari dua kali dalam dua tahun terakhir")),
    ("rkpd", "Integrasi program dan kegiatan inovasi dalam RKPD", (
        "Ada dalam RKPD T-0", "Ada dalam RKPD T-1 dan T-0", "Ada dalam RKPD T-2, T-1 dan T-0")),
    ("aktor", "Keterlibatan aktor inovasi", (
        "Dua aktor", "Tiga aktor", "Lebih dari tiga aktor")),
    ("pelaksana", "Pelaksana inovasi daerah", (
        "Ada penetapan tim pelaksana oleh Kepala Perangkat Daerah",
        "Ada penetapan tim pelaksana oleh Kepala Daerah",
        "Tim pelaksana ditetapkan dan memiliki uraian tugas")),
    ("jejaring", "Jejaring inovasi", (
        "Melibatkan 1-2 perangkat daerah", "Melibatkan 3-4 perangkat daerah",
        "Melibatkan lebih dari 4 perangkat daerah")),
    ("sosialisasi", "Sosialisasi inovasi daerah", (
        "Media sosial", "Media berita daring", "Media cetak atau elektronik")),
    ("pedoman", "Pedoman teknis", (
        "Pedoman teknis berupa buku (cetak)", "Pedoman teknis berupa buku elektronik",
        "Pedoman teknis yang dapat diakses daring")),
    ("informasi", "Kemudahan informasi layanan", (
        "Layanan telepon atau tatap muka", "Layanan email atau media sosial",
        "Layanan informasi melalui aplikasi daring")),
    ("proses", "Kemudahan proses inovasi yang dihasilkan", (
        "Hasil inovasi diperoleh dalam lebih dari 6 hari", "Hasil inovasi diperoleh dalam 2-5 hari",
        "Hasil inovasi diperoleh dalam 1 hari")),
    ("pengaduan", "Penyelesaian layanan pengaduan", (
        "Kurang dari 50% pengaduan diselesaikan", "50-80% pengaduan diselesaikan",
        "Lebih dari 80% pengaduan diselesaikan")),
    ("terintegrasi", "Layanan terintegrasi", (
        "Terhubung dengan satu layanan lain", "Terhubung dengan dua layanan lain",
        "Terhubung dengan lebih dari dua layanan lain")),
    ("replikasi", "Replikasi", (
        "Direplikasi satu kali", "Direplikasi dua kali", "Direplikasi lebih dari dua kali")),
    ("kecepatan", "Kecepatan penciptaan inovasi", (
        "Lebih dari 9 bulan", "5-9 bulan", "Kurang dari 5 bulan")),
    ("kemanfaatan", "Kemanfaatan inovasi", (
        "Penerima manfaat 1-100 orang", "Penerima manfaat 101-200 orang",
        "Penerima manfaat lebih dari 200 orang")),
    ("monev", "Monitoring dan evaluasi inovasi daerah", (
        "Hasil laporan monev internal perangkat daerah",
        "Hasil pengukuran kepuasan pengguna (survei)",
        "Hasil kajian atau penelitian dari pihak luar")),
    ("video", "Video penerapan inovasi", (
        "Video dokumentasi kegiatan", "Video berisi masalah, solusi dan manfaat",
        "Video berisi masalah, solusi, manfaat dan testimoni penerima manfaat")),
)  # fmt: skip
WEIGHT = 5.0


def upgrade() -> None:
    op.create_table(
        "iid_record",
        sa.Column("innovation_id", sa.Integer(), nullable=False),
        sa.Column("innovation_form", sa.String(length=24), nullable=True),
        sa.Column("affair", sa.String(length=40), nullable=True),
        sa.Column("initiator", sa.String(length=24), nullable=True),
        sa.Column("trial_date", sa.Date(), nullable=True),
        sa.Column("applied_date", sa.Date(), nullable=True),
        sa.Column("budget", sa.BigInteger(), nullable=True),
        sa.Column("result", sa.Text(), nullable=True),
        sa.Column("updated_by_id", sa.Integer(), nullable=True),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "innovation_form is null or innovation_form in "
            "('tata_kelola', 'pelayanan_publik', 'lainnya')",
            name=op.f("ck_iid_record_form"),
        ),
        sa.CheckConstraint(
            "initiator is null or initiator in "
            "('kepala_daerah', 'anggota_dprd', 'opd', 'asn', 'masyarakat')",
            name=op.f("ck_iid_record_initiator"),
        ),
        sa.CheckConstraint("budget is null or budget >= 0", name=op.f("ck_iid_record_budget")),
        sa.ForeignKeyConstraint(
            ["innovation_id"], ["innovation.id"],
            name=op.f("fk_iid_record_innovation_id_innovation"), ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["updated_by_id"], ["member.id"],
            name=op.f("fk_iid_record_updated_by_id_member"), ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("innovation_id", name=op.f("pk_iid_record")),
    )  # fmt: skip
    indicator = op.create_table(
        "iid_indicator",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=32), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("weight", sa.Float(), nullable=False),
        sa.Column("required", sa.Boolean(), server_default=sa.true(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("active", sa.Boolean(), server_default=sa.true(), nullable=False),
        sa.CheckConstraint("weight >= 0", name=op.f("ck_iid_indicator_weight")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_iid_indicator")),
        sa.UniqueConstraint("code", name=op.f("uq_iid_indicator_code")),
    )
    level = op.create_table(
        "iid_level",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("indicator_id", sa.Integer(), nullable=False),
        sa.Column("level", sa.Integer(), nullable=False),
        sa.Column("label", sa.String(length=300), nullable=False),
        sa.CheckConstraint("level >= 1", name=op.f("ck_iid_level_level")),
        sa.ForeignKeyConstraint(
            ["indicator_id"], ["iid_indicator.id"],
            name=op.f("fk_iid_level_indicator_id_iid_indicator"), ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_iid_level")),
        sa.UniqueConstraint("indicator_id", "level", name=op.f("uq_iid_level_indicator_id_level")),
    )  # fmt: skip
    op.create_table(
        "iid_evidence",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("innovation_id", sa.Integer(), nullable=False),
        sa.Column("indicator_id", sa.Integer(), nullable=False),
        sa.Column("level", sa.Integer(), nullable=True),
        sa.Column("link", sa.String(length=2048), nullable=True),
        sa.Column("attachment_id", sa.Integer(), nullable=True),
        sa.Column("updated_by_id", sa.Integer(), nullable=True),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["attachment_id"], ["attachment.id"],
            name=op.f("fk_iid_evidence_attachment_id_attachment"), ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["indicator_id"], ["iid_indicator.id"],
            name=op.f("fk_iid_evidence_indicator_id_iid_indicator"), ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["innovation_id"], ["innovation.id"],
            name=op.f("fk_iid_evidence_innovation_id_innovation"), ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["updated_by_id"], ["member.id"],
            name=op.f("fk_iid_evidence_updated_by_id_member"), ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_iid_evidence")),
        sa.UniqueConstraint(
            "innovation_id", "indicator_id", name=op.f("uq_iid_evidence_innovation_id_indicator_id")
        ),
    )  # fmt: skip
    op.create_index(
        op.f("ix_iid_evidence_indicator_id"), "iid_evidence", ["indicator_id"], unique=False
    )
    op.create_index(
        op.f("ix_iid_evidence_attachment_id"), "iid_evidence", ["attachment_id"], unique=False
    )
    op.bulk_insert(
        indicator,
        [
            {"id": number, "code": code, "name": name, "weight": WEIGHT, "required": True,
             "position": number, "active": True}
            for number, (code, name, _levels) in enumerate(INDICATORS, start=1)
        ],
    )  # fmt: skip
    op.bulk_insert(
        level,
        [
            {"indicator_id": number, "level": position, "label": label}
            for number, (_code, _name, levels) in enumerate(INDICATORS, start=1)
            for position, label in enumerate(levels, start=1)
        ],
    )
    if op.get_bind().dialect.name == "postgresql":  # ids given above: move the sequence on
        op.execute(
            "SELECT setval(pg_get_serial_sequence('iid_indicator', 'id'), "
            "(SELECT max(id) FROM iid_indicator))"
        )


def downgrade() -> None:
    op.drop_index(op.f("ix_iid_evidence_attachment_id"), table_name="iid_evidence")
    op.drop_index(op.f("ix_iid_evidence_indicator_id"), table_name="iid_evidence")
    op.drop_table("iid_evidence")
    op.drop_table("iid_level")
    op.drop_table("iid_indicator")
    op.drop_table("iid_record")
