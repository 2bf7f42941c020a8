"""Benefit in numbers (manfaat): the measures a check-in may record after the people served
(time saved per service, rupiah saved, revenue...), each typed as a number with its unit, and
what they add up to per innovation, per OPD and per pillar.

The measures are the regency's data (``storage.benefits``): asked in their order while active;
a measure retired keeps the values recorded on it, in the totals and the export.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any, Literal

from sqlalchemy import case, func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.core.textinput import NumberProblem, parse_count
from bot.core.texts import Catalog
from bot.monitoring.checkins import Invalid
from bot.telegram.callbacks import Callback, Int
from storage.benefits import BenefitMeasure, CheckinMeasure
from storage.models import Checkin, Innovation, innovation_pillar

# A measure's Lewati names the measure: a second tap cannot skip the next one too.
MEASURE_SKIP = Callback("chk:ms", Int("measure"))
GIVEN_SHOWN = 30  # characters of a refused answer quoted back


@dataclass(frozen=True)
class Measure:
    """A measure as a question shows it (read once, kept past the session)."""

    id: int
    code: str
    name: str
    name_en: str
    unit: str
    unit_en: str
    maximum: int
    active: bool = True
    position: int = 0

    @classmethod
    def of(cls, row: BenefitMeasure) -> Measure:
        return cls(row.id, row.code, row.name, row.name_en, row.unit, row.unit_en, row.maximum,
                   row.active, row.position)  # fmt: skip

    def order(self) -> tuple[bool, int, int]:
        """The measures' order: the active ones first, then by position."""
        return (not self.active, self.position, self.id)

    def name_in(self, lang: str) -> str:
        return self.name_en if lang == "en" and self.name_en else self.name

    def unit_in(self, lang: str) -> str:
        return self.unit_en if lang == "en" and self.unit_en else self.unit


async def active_measures(session: AsyncSession) -> list[Measure]:
    rows = await session.scalars(
        select(BenefitMeasure)
        .where(BenefitMeasure.active)
        .order_by(BenefitMeasure.position, BenefitMeasure.id)
    )
    return [Measure.of(row) for row in rows]


async def reported_measures(session: AsyncSession) -> list[Measure]:
    """The active measures, then the retired ones that have values (the export's columns)."""
    recorded = select(CheckinMeasure.measure_id).where(
        CheckinMeasure.measure_id == BenefitMeasure.id
    )
    rows = await session.scalars(
        select(BenefitMeasure)
        .where(or_(BenefitMeasure.active, recorded.exists()))
        .order_by(BenefitMeasure.active.desc(), BenefitMeasure.position, BenefitMeasure.id)
    )
    return [Measure.of(row) for row in rows]


async def measure(session: AsyncSession, measure_id: int) -> Measure | None:
    """An active measure, by id; None once retired (its question is not asked any more)."""
    row = await session.get(BenefitMeasure, measure_id)
    return Measure.of(row) if row is not None and row.active else None


# --- typed values -------------------------------------------------------------------------------


def _without_unit(answer: str, measure: Measure) -> str:
    """The number in "15 menit per layanan", "15 menit", "Rp 1.500.000", "1.500.000 rupiah"."""
    folded = answer.casefold()
    units = {measure.unit, measure.unit_en, measure.unit.split()[0], measure.unit_en.split()[0]}
    for unit in sorted((u.casefold() for u in units if u), key=len, reverse=True):
        if folded.endswith(unit) and len(folded) > len(unit):
            folded = folded[: -len(unit)].rstrip()
            break
    for prefix in ("rp.", "rp"):
        if folded.startswith(prefix):
            folded = folded[len(prefix) :].lstrip()
            break
    return folded


def parse_measure(text: str, measure: Measure) -> int:
    """A measure's value as a clerk types it, like the people served: "1250", "1.250",
    "1,250", "1 250", with its unit after it; never negative nor above its maximum."""
    answer = _without_unit(" ".join(text.split()), measure)
    value = parse_count(answer, minimum=0, maximum=measure.maximum, grouped=True)
    if value is NumberProblem.NEGATIVE:
        raise Invalid("ben-negative")
    if value is NumberProblem.TOO_LARGE:
        raise Invalid("ben-too-large", max=measure.maximum, unit=measure.unit)
    if not isinstance(value, int):
        raise Invalid("ben-not-number", given=text[:GIVEN_SHOWN], unit=measure.unit)
    return value


async def record(session: AsyncSession, checkin_id: int, measure_id: int, value: int) -> None:
    """A check-in's value of a measure (typed again: the new one)."""
    row = await session.get(CheckinMeasure, (checkin_id, measure_id))
    if row is None:
        session.add(CheckinMeasure(checkin_id=checkin_id, measure_id=measure_id, value=value))
    else:
        row.value = value
    await session.flush()


# --- totals ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Total:
    """A measure's values added up for one innovation, OPD or pillar."""

    key: int  # the innovation's, the OPD's or the pillar's id
    measure_id: int
    total: int
    checkins: int  # how many check-ins recorded a value


Per = Literal["innovation", "opd", "pillar"]


async def benefit_totals(
    session: AsyncSession, per: Per, measure_id: int | None = None
) -> list[Total]:
    """Every measure's total per innovation, per OPD or per pillar (an innovation counted in
    each of its pillars), in one statement whatever the number of rows; retired measures
    included (their values stay)."""
    keys: dict[str, Any] = {
        "innovation": Checkin.innovation_id,
        "opd": Innovation.opd_id,
        "pillar": innovation_pillar.c.pillar_id,
    }
    key = keys[per]
    query = select(
        key, CheckinMeasure.measure_id, func.sum(CheckinMeasure.value),
        func.count(CheckinMeasure.checkin_id),
    ).join(Checkin, Checkin.id == CheckinMeasure.checkin_id)  # fmt: skip
    if per in ("opd", "pillar"):
        query = query.join(Innovation, Innovation.id == Checkin.innovation_id)
    if per == "pillar":
        query = query.join(innovation_pillar, innovation_pillar.c.innovation_id == Innovation.id)
    if measure_id is not None:
        query = query.where(CheckinMeasure.measure_id == measure_id)
    query = query.group_by(key, CheckinMeasure.measure_id).order_by(key, CheckinMeasure.measure_id)
    return [
        Total(int(k), int(m), int(total), int(count))
        for k, m, total, count in await session.execute(query)
    ]


@dataclass(frozen=True)
class MeasureTotal:
    """A measure added up over the regency or one OPD: all its values, and those of the check-ins
    answered within a period (the month a report is on)."""

    measure: Measure
    total: int
    checkins: int
    within: int = 0


async def measure_totals(
    session: AsyncSession,
    opd_id: int | None = None,
    period: tuple[datetime, datetime] | None = None,
) -> dict[int, list[MeasureTotal]]:
    """Every measure with a value, added up per OPD (only `opd_id`'s if given), in the measures'
    order (the active ones first), with `period`'s part: one statement, whatever the number of
    OPDs and check-ins. `regency_totals` adds the OPDs up."""
    within: Any = 0
    if period is not None:
        start, end = period
        answered = (Checkin.answered_at >= start) & (Checkin.answered_at < end)
        within = func.sum(case((answered, CheckinMeasure.value), else_=0))
    query = (
        select(
            BenefitMeasure, Innovation.opd_id, func.sum(CheckinMeasure.value),
            func.count(CheckinMeasure.checkin_id), within,
        )
        .join(CheckinMeasure, CheckinMeasure.measure_id == BenefitMeasure.id)
        .join(Checkin, Checkin.id == CheckinMeasure.checkin_id)
        .join(Innovation, Innovation.id == Checkin.innovation_id)
        .group_by(BenefitMeasure.id, Innovation.opd_id)
        .order_by(BenefitMeasure.active.desc(), BenefitMeasure.position, BenefitMeasure.id)
    )  # fmt: skip
    if opd_id is not None:
        query = query.where(Innovation.opd_id == opd_id)
    totals: dict[int, list[MeasureTotal]] = {}
    for row, key, total, count, part in await session.execute(query):
        totals.setdefault(key, []).append(
            MeasureTotal(Measure.of(row), int(total), int(count), int(part or 0))
        )
    return totals


def regency_totals(per_opd: dict[int, list[MeasureTotal]]) -> list[MeasureTotal]:
    """The OPDs' totals added up, measure by measure, in the measures' order."""
    added: dict[int, MeasureTotal] = {}
    for totals in per_opd.values():
        for item in totals:
            before = added.get(item.measure.id)
            if before is not None:
                item = MeasureTotal(
                    item.measure, before.total + item.total, before.checkins + item.checkins,
                    before.within + item.within,
                )  # fmt: skip
            added[item.measure.id] = item
    return sorted(added.values(), key=lambda t: t.measure.order())


@dataclass(frozen=True)
class Figure:
    """One measure on an innovation's screen: its latest value and its total."""

    measure: Measure
    latest: int
    total: int
    checkins: int


async def innovation_figures(session: AsyncSession, innovation_id: int) -> list[Figure]:
    """The measures this innovation's check-ins recorded, in the measures' order (one
    statement)."""
    rows = await session.execute(
        select(BenefitMeasure, CheckinMeasure.value)
        .join(CheckinMeasure, CheckinMeasure.measure_id == BenefitMeasure.id)
        .join(Checkin, Checkin.id == CheckinMeasure.checkin_id)
        .where(Checkin.innovation_id == innovation_id)
        .order_by(BenefitMeasure.position, BenefitMeasure.id, Checkin.round)
    )
    figures: dict[int, Figure] = {}
    for row, value in rows:
        before = figures.get(row.id)
        figures[row.id] = Figure(
            Measure.of(row), value, value + (before.total if before else 0),
            1 + (before.checkins if before else 0),
        )  # fmt: skip
    return list(figures.values())


def render_figures(texts: Catalog, lang: str, figures: list[Figure]) -> str | None:
    """The benefit lines of an innovation's monitoring block; None before any value."""
    if not figures:
        return None
    lines = [texts.text(lang, "ben-screen-title")]
    for figure in figures:
        lines.append(
            texts.text(
                lang, "ben-screen-line", name=figure.measure.name_in(lang),
                unit=figure.measure.unit_in(lang), latest=figure.latest, total=figure.total,
                count=figure.checkins,
            )
        )  # fmt: skip
    return "\n".join(lines)
