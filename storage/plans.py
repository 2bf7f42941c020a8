"""The OPDs' action plans (rencana aksi): what each OPD committed to reach, in which pillar and
by which month, and the innovation that fulfilled it. A module of its own beside
``storage.models`` (which holds the other tables and would pass the size the layers test
allows); ``storage/__init__`` imports it, so its table is in ``Base.metadata`` wherever
storage is used."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import CheckConstraint, ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from storage.models import Base, Innovation, Member, Opd, Pillar, Stage, stamp

# The stages a plan may aim at: an innovation tried (uji coba) or in use (penerapan).
PLAN_STAGES = (Stage.UJI_COBA, Stage.PENERAPAN)


class PlanEntry(Base):
    """One line of an OPD's action plan: a planned innovation or quick win under a pillar, the
    stage it is to reach and the month by which; optionally the innovation that became of it."""

    __tablename__ = "plan_entry"

    id: Mapped[int] = mapped_column(primary_key=True)
    opd_id: Mapped[int] = mapped_column(ForeignKey("opd.id", ondelete="RESTRICT"))
    pillar_id: Mapped[int] = mapped_column(ForeignKey("pillar.id", ondelete="RESTRICT"))
    title: Mapped[str] = mapped_column(String(150))
    target_stage: Mapped[str] = mapped_column(String(16))
    # The month by which: its first day.
    target_month: Mapped[date]
    innovation_id: Mapped[int | None] = mapped_column(
        ForeignKey("innovation.id", ondelete="SET NULL"), index=True
    )
    # Loaded from a file: its stable key (the file's own number, else OPD and title) and the
    # file's name, as for imported innovations.
    import_key: Mapped[str | None] = mapped_column(String(200))
    imported_from: Mapped[str | None] = mapped_column(String(255))
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("member.id", ondelete="SET NULL"))
    # The weekly reminder that carried the "due soon" line and the "late" line (its week, as
    # 2026-W49): each is said once, and a round resumed in the same week says it again.
    reminded_due: Mapped[str | None] = mapped_column(String(16))
    reminded_late: Mapped[str | None] = mapped_column(String(16))
    created_at: Mapped[datetime] = mapped_column(default=stamp)
    updated_at: Mapped[datetime] = mapped_column(default=stamp, onupdate=stamp)

    opd: Mapped[Opd] = relationship(lazy="raise")
    pillar: Mapped[Pillar] = relationship(lazy="raise")
    innovation: Mapped[Innovation | None] = relationship(lazy="raise")
    created_by: Mapped[Member | None] = relationship(lazy="raise")

    __table_args__ = (
        CheckConstraint(
            "target_stage in (" + ", ".join(f"'{s.value}'" for s in PLAN_STAGES) + ")",
            name="target_stage",
        ),
        CheckConstraint("length(title) between 1 and 150", name="title_length"),
        # An OPD's plan by month (its /rencana, the coordinators' table).
        Index("ix_plan_entry_opd_id_target_month", "opd_id", "target_month"),
        Index("ix_plan_entry_import_key", "import_key", unique=True),
    )
