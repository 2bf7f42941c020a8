"""The leaders' report: once a month, the regency's innovations in a few numbers for the
leaders (the Bupati, the Sekda), and each OPD's own line for its members.

Built with a fixed number of statements, whatever the number of OPDs and innovations: the
approved innovations per pillar and per stage, those approved in the month, how they stand
(freshness, from `bot.monitoring.checkins`), the benefit measures' totals (all and the month's),
and per OPD what it has approved, the quick-win
pillars it covers, the share still alive and its action plan's progress."""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, tzinfo

from babel.dates import format_date
from sqlalchemy import distinct, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.core.texts import Catalog
from bot.monitoring.benefits import MeasureTotal, measure_totals, regency_totals
from bot.monitoring.checkins import Freshness, Overview, overview_of, watched
from bot.plans.progress import by_opd, entries
from bot.reporting.reports import COUNTED_FOR_COVERAGE
from storage.models import (
    Evaluation,
    Innovation,
    Opd,
    Pillar,
    Stage,
    Status,
    Verdict,
    innovation_pillar,
)

TOP = 5  # the OPDs the leaders' message names


@dataclass
class OpdLine:
    """One OPD's part of the report. `rank` counts from 1 among the OPDs with something
    approved (0: nothing approved, not ranked)."""

    opd_id: int
    code: str
    name: str
    approved: int = 0
    pillars: int = 0  # quick-win pillars covered, of `Leaders.pillar_count`
    alive: int = 0  # approved and active (confirmed running)
    plan_done: int = 0
    plan_total: int = 0
    rank: int = 0
    benefits: list[MeasureTotal] = field(default_factory=list)

    @property
    def alive_share(self) -> int:
        """Percent of the approved still alive (0 when nothing is approved)."""
        return round(100 * self.alive / self.approved) if self.approved else 0


@dataclass
class Leaders:
    month: date  # the first day of the month reported on
    pillars: list[tuple[str, int]]  # approved per pillar, in order
    stages: dict[str, int]  # approved per stage
    new_approved: int  # approved within the month
    freshness: Overview
    ranked: list[OpdLine] = field(default_factory=list)  # best first
    without: list[OpdLine] = field(default_factory=list)  # nothing approved, by name
    pillar_count: int = 6
    benefits: list[MeasureTotal] = field(default_factory=list)  # the regency's, every OPD's

    @property
    def approved(self) -> int:
        return self.freshness.approved

    @property
    def opd_count(self) -> int:
        return len(self.ranked) + len(self.without)

    def line_of(self, opd_id: int) -> OpdLine | None:
        for line in self.ranked + self.without:
            if line.opd_id == opd_id:
                return line
        return None


def month_bounds(month: date, zone: tzinfo) -> tuple[datetime, datetime]:
    """The month as instants: from its first day's local midnight to the next month's (an
    approval at 06.00 WIB on the 1st is of the new month)."""
    start = month.replace(day=1)
    following = date(start.year + start.month // 12, start.month % 12 + 1, 1)
    return (datetime.combine(start, time(), zone), datetime.combine(following, time(), zone))


async def build_leaders(session: AsyncSession, month: date, now: datetime, today: date) -> Leaders:
    """Ten statements, whatever the size: each a grouped aggregate or one pass."""
    approved = Innovation.status == Status.APPROVED
    opds = {
        opd_id: OpdLine(opd_id, code, name)
        for opd_id, code, name in await session.execute(
            select(Opd.id, Opd.code, Opd.name)
            .where(Opd.active.is_(True), Opd.expected.is_(True))
            .order_by(Opd.name, Opd.id)
        )
    }
    for opd_id, count in await session.execute(
        select(Innovation.opd_id, func.count()).where(approved).group_by(Innovation.opd_id)
    ):
        if opd_id in opds:
            opds[opd_id].approved = count
    # Quick-win pillars covered: as /belum counts them (sent and not refused).
    for opd_id, count in await session.execute(
        select(Innovation.opd_id, func.count(distinct(innovation_pillar.c.pillar_id)))
        .join(innovation_pillar, innovation_pillar.c.innovation_id == Innovation.id)
        .where(Innovation.quick_win.is_(True), Innovation.status.in_(COUNTED_FOR_COVERAGE))
        .group_by(Innovation.opd_id)
    ):
        if opd_id in opds:
            opds[opd_id].pillars = count
    per_pillar = (
        select(innovation_pillar.c.pillar_id, func.count().label("n"))
        .join(Innovation, Innovation.id == innovation_pillar.c.innovation_id)
        .where(approved)
        .group_by(innovation_pillar.c.pillar_id)
        .subquery()
    )
    pillars = [
        (name, count or 0)
        for name, count in await session.execute(
            select(Pillar.name, per_pillar.c.n)
            .outerjoin(per_pillar, per_pillar.c.pillar_id == Pillar.id)
            .order_by(Pillar.position, Pillar.id)
        )
    ]
    stages = {
        stage: count
        for stage, count in await session.execute(
            select(Innovation.stage, func.count()).where(approved).group_by(Innovation.stage)
        )
        if stage is not None
    }
    start, end = month_bounds(month, now.tzinfo or UTC)  # `now` as the regency's clock
    new_approved = (
        await session.scalar(
            select(func.count(distinct(Evaluation.innovation_id)))
            .join(Innovation, Innovation.id == Evaluation.innovation_id)
            .where(
                approved,
                Evaluation.verdict == Verdict.APPROVED,
                Evaluation.created_at >= start,
                Evaluation.created_at < end,
            )
        )
        or 0
    )
    items = await watched(session, now)  # two statements
    by_code = {line.code: line for line in opds.values()}
    for item in items:
        if item.state is Freshness.ACTIVE and item.opd_code in by_code:
            by_code[item.opd_code].alive += 1
    for progress in by_opd(await entries(session, today)):
        if progress.opd_id in opds:
            opds[progress.opd_id].plan_done = progress.done
            opds[progress.opd_id].plan_total = progress.total
    ranked = sorted(
        (line for line in opds.values() if line.approved),
        key=lambda o: (-o.approved, -o.pillars, -o.alive_share, o.name),
    )
    for rank, line in enumerate(ranked, start=1):
        line.rank = rank
    without = [line for line in opds.values() if not line.approved]
    benefits = await measure_totals(session, period=(start, end))
    for opd_id, totals in benefits.items():
        if opd_id in opds:
            opds[opd_id].benefits = totals
    return Leaders(
        month=month.replace(day=1), pillars=pillars, stages=stages, new_approved=new_approved,
        freshness=overview_of(items), ranked=ranked, without=without,
        pillar_count=len(pillars), benefits=regency_totals(benefits),
    )  # fmt: skip


def month_name(month: date, lang: str) -> str:
    return format_date(month, "LLLL y", locale=lang)


def plan_text(texts: Catalog, lang: str, line: OpdLine) -> str:
    if not line.plan_total:
        return texts.text(lang, "lead-no-plan")
    return texts.text(lang, "lead-plan", done=line.plan_done, total=line.plan_total)


def opd_text(texts: Catalog, lang: str, report: Leaders, line: OpdLine) -> str:
    """An OPD's figures in one line: approved, pillars covered, share alive, plan progress."""
    return texts.text(
        lang, "lead-opd-figures", approved=line.approved, pillars=line.pillars,
        of=report.pillar_count, alive=line.alive_share, plan=plan_text(texts, lang, line),
    )  # fmt: skip


def benefits_text(texts: Catalog, lang: str, month: date, totals: list[MeasureTotal]) -> str:
    """The measures' totals in one line, each with the month's part; "" before any value."""
    if not totals:
        return ""
    return texts.text(lang, "lead-benefits", measures=" · ".join(
        texts.text(lang, "lead-benefit", name=item.measure.name_in(lang), total=item.total,
                   unit=item.measure.unit_in(lang), within=item.within)
        for item in totals
    ), month=month_name(month, lang))  # fmt: skip


def render_leaders(texts: Catalog, lang: str, report: Leaders) -> str:
    """For a phone screen: the headline numbers, the top OPDs, how many have nothing."""
    counts = report.freshness.counts
    lines = [
        texts.text(lang, "lead-title", month=month_name(report.month, lang)),
        texts.text(
            lang,
            "lead-approved",
            count=report.approved,
            new=report.new_approved,
            month=month_name(report.month, lang),
        ),
        texts.text(
            lang,
            "lead-freshness",
            alive=counts[Freshness.ACTIVE],
            unconfirmed=counts[Freshness.UNCONFIRMED],
            overdue=counts[Freshness.STALE],
            stopped=counts[Freshness.STOPPED],
        ),
        texts.text(
            lang,
            "lead-stages",
            stages=", ".join(
                f"{texts.text(lang, f'stage-{stage}')} {report.stages.get(stage, 0)}"
                for stage in Stage
            ),
        ),
    ]
    if report.benefits:
        lines.append(benefits_text(texts, lang, report.month, report.benefits))
    if report.ranked:
        lines.append("")
        lines.append(texts.text(lang, "lead-top", count=min(TOP, len(report.ranked))))
        for line in report.ranked[:TOP]:
            lines.append(
                texts.text(
                    lang,
                    "lead-top-line",
                    rank=line.rank,
                    name=line.name,
                    figures=opd_text(texts, lang, report, line),
                )
            )
    lines.append("")
    lines.append(texts.text(lang, "lead-without", count=len(report.without),
                            total=report.opd_count))  # fmt: skip
    return "\n".join(lines)


def render_opd(texts: Catalog, lang: str, report: Leaders, line: OpdLine) -> str:
    """An OPD's members' message: their OPD's line and its rank."""
    lines = [
        texts.text(lang, "lead-opd-title", month=month_name(report.month, lang), name=line.name),
        opd_text(texts, lang, report, line),
    ]
    if line.benefits:
        lines.append(benefits_text(texts, lang, report.month, line.benefits))
    if line.rank:
        lines.append(texts.text(lang, "lead-opd-rank", rank=line.rank, of=len(report.ranked)))
    else:
        lines.append(texts.text(lang, "lead-opd-unranked"))
    return "\n".join(lines)


def leaders_chart(texts: Catalog, lang: str, report: Leaders) -> bytes:
    """Two panels a phone shows well: the approved per pillar, and how they stand."""
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib.figure import Figure

    figure = Figure(figsize=(8, 7), dpi=120)
    top, bottom = figure.subplots(2, 1, height_ratios=(3, 2))
    names = [name.replace("Smart ", "") for name, _ in report.pillars]
    values = [count for _, count in report.pillars]
    bars = top.bar(names, values, color="#59a14f")
    top.bar_label(bars)
    top.set_title(texts.text(lang, "lead-chart-pillars"))
    top.spines[["top", "right"]].set_visible(False)
    states = [
        (Freshness.ACTIVE, "#59a14f"),
        (Freshness.UNCONFIRMED, "#bab0ac"),
        (Freshness.STALE, "#f28e2b"),
        (Freshness.STOPPED, "#e15759"),
    ]
    labels = [texts.text(lang, f"lead-state-{state}") for state, _ in states]
    counts = [report.freshness.counts[state] for state, _ in states]
    bars = bottom.barh(labels, counts, color=[colour for _, colour in states])
    bottom.bar_label(bars)
    bottom.invert_yaxis()
    bottom.set_title(texts.text(lang, "lead-chart-states"))
    bottom.spines[["top", "right"]].set_visible(False)
    figure.tight_layout()
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png")
    return buffer.getvalue()
