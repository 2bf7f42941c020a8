"""Benefit in numbers (manfaat): the measures the regency declares (time saved per service,
rupiah saved, revenue...) and the value a check-in recorded for each. The measures are data,
seeded by migration 0020 and replaced by a CSV; a measure left out of a later file is kept,
inactive, with the values recorded on it. A module of its own beside ``storage.models``
(imported by ``storage/__init__`` so its tables are in ``Base.metadata``)."""

from __future__ import annotations

from sqlalchemy import BigInteger, Boolean, CheckConstraint, ForeignKey, Index, String, true
from sqlalchemy.orm import Mapped, mapped_column

from storage.models import Base


class BenefitMeasure(Base):
    """One measure a check-in may record: its names and unit in Indonesian and English, the
    largest value one period may claim (more is a typing slip), its place in the questions."""

    __tablename__ = "benefit_measure"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(32), unique=True)
    name: Mapped[str] = mapped_column(String(100))
    name_en: Mapped[str] = mapped_column(String(100))
    unit: Mapped[str] = mapped_column(String(40))  # "menit per layanan", "rupiah"
    unit_en: Mapped[str] = mapped_column(String(40))
    maximum: Mapped[int] = mapped_column(BigInteger)
    position: Mapped[int]
    active: Mapped[bool] = mapped_column(Boolean, default=True, server_default=true())

    __table_args__ = (CheckConstraint("maximum >= 1", name="maximum"),)

    def name_in(self, lang: str) -> str:
        return self.name_en if lang == "en" and self.name_en else self.name

    def unit_in(self, lang: str) -> str:
        return self.unit_en if lang == "en" and self.unit_en else self.unit


class CheckinMeasure(Base):
    """The value one check-in recorded for one measure (as its ``served`` is the people)."""

    __tablename__ = "checkin_measure"

    checkin_id: Mapped[int] = mapped_column(
        ForeignKey("checkin.id", ondelete="CASCADE"), primary_key=True
    )
    measure_id: Mapped[int] = mapped_column(
        ForeignKey("benefit_measure.id", ondelete="RESTRICT"), primary_key=True
    )
    value: Mapped[int] = mapped_column(BigInteger)

    __table_args__ = (
        CheckConstraint("value >= 0", name="value"),
        # The totals per measure (and the foreign key).
        Index("ix_checkin_measure_measure_id", "measure_id", "checkin_id"),
    )
