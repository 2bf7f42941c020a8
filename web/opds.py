"""Which OPDs innovate: the OPDs' ranking (/opd) and one OPD's page (/opd/{id}), public and the
coordinators' versions. Each page is a fixed number of SQL statements, whatever the number of
OPDs or innovations.

Freshness is the one definition of `bot.monitoring.checkins`: a stopped innovation is shown as
stopped, and never counted as active nor as a quick win (its pillars are not covered by it).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import selectinload
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response

from bot.core.textinput import parse_id
from bot.monitoring.benefits import MeasureTotal, measure_totals
from bot.monitoring.checkins import (
    FRESHNESS_COLUMNS,
    Freshness,
    default_months,
    freshness_query,
    standing,
)
from bot.plans import progress
from storage.models import Checkin, Innovation, Member, Opd, Pillar, Status, innovation_pillar

if TYPE_CHECKING:
    from web.app import Dashboard

HISTORY = 10  # the latest check-ins on an OPD's coordinators' page
LEADERS = 5  # the OPDs on the overview's "most active" block


@dataclass
class Ranked:
    """One OPD's row of the ranking."""

    opd_id: int
    code: str
    name: str
    approved: int = 0
    active: int = 0
    quick_win_pillars: set[int] = field(default_factory=set)
    plan_done: int = 0
    plan_total: int = 0

    @property
    def pillars(self) -> int:
        return len(self.quick_win_pillars)

    @property
    def alive(self) -> int:
        """The share of its approved innovations that are active, in whole percent."""
        return round(100 * self.active / self.approved) if self.approved else 0

    def key(self) -> tuple[Any, ...]:
        return (-self.approved, -self.pillars, -self.active / max(self.approved, 1),
                self.name.lower(), self.opd_id)  # fmt: skip


async def pillar_count(session: AsyncSession) -> int:
    return await session.scalar(select(func.count()).select_from(Pillar)) or 0


async def ranking(session: AsyncSession, now: datetime, today: date | None = None) -> list[Ranked]:
    """Every active OPD expected to submit (and any other that has an approved innovation),
    ranked by approved innovations, then quick-win pillars covered, then the share alive; those
    with nothing last. `today`: the plans' progress too (the coordinators' version). Four
    statements, five with the plans."""
    regency = await default_months(session)
    rows = list(await session.execute(freshness_query(Innovation.opd_id, Innovation.quick_win)))
    cells = await session.execute(
        select(Innovation.id, innovation_pillar.c.pillar_id)
        .join(innovation_pillar, innovation_pillar.c.innovation_id == Innovation.id)
        .where(Innovation.status == Status.APPROVED, Innovation.quick_win.is_(True))
    )
    opds = await session.execute(
        select(Opd.id, Opd.code, Opd.name, Opd.expected).where(Opd.active.is_(True))
    )
    ranked = {
        opd_id: (Ranked(opd_id, code, name), expected) for opd_id, code, name, expected in opds
    }
    quick_wins: dict[int, int] = {}  # innovation → OPD, the quick wins not stopped
    for row in rows:
        opd_id, quick_win = row[FRESHNESS_COLUMNS], row[FRESHNESS_COLUMNS + 1]
        if opd_id not in ranked:  # an inactive OPD is not ranked
            continue
        item = ranked[opd_id][0]
        item.approved += 1
        state = standing(row, regency, now).state
        item.active += state is Freshness.ACTIVE
        if quick_win and state is not Freshness.STOPPED:
            quick_wins[row[0]] = opd_id
    for innovation_id, pillar_id in cells:
        if innovation_id in quick_wins:
            ranked[quick_wins[innovation_id]][0].quick_win_pillars.add(pillar_id)
    if today is not None:
        for plan in progress.by_opd(await progress.entries(session, today)):
            if plan.opd_id in ranked:
                ranked[plan.opd_id][0].plan_done = plan.done
                ranked[plan.opd_id][0].plan_total = plan.total
    listed = [item for item, expected in ranked.values() if expected or item.approved]
    return sorted(listed, key=Ranked.key)


@dataclass
class Shown:
    """An approved innovation on its OPD's page."""

    innovation: Innovation
    state: Freshness

    @property
    def quick_win(self) -> bool:
        """A stopped innovation is no longer counted a quick win."""
        return bool(self.innovation.quick_win) and self.state is not Freshness.STOPPED


@dataclass
class OpdPage:
    opd: Opd
    innovations: list[Shown]
    pillars: list[tuple[int, str, bool]]  # id, name, covered by a quick win
    benefits: list[MeasureTotal] = field(default_factory=list)  # each measure's total
    # The coordinators' version only:
    by_status: dict[str, int] = field(default_factory=dict)
    plan: progress.Counts | None = None
    # check-in, the innovation's title, the day of its answer (or question), the regency's
    history: list[tuple[Checkin, str, date]] = field(default_factory=list)

    @property
    def active(self) -> int:
        return sum(1 for shown in self.innovations if shown.state is Freshness.ACTIVE)

    @property
    def covered(self) -> int:
        return sum(1 for *_, covered in self.pillars if covered)


async def opd_page(
    session: AsyncSession, opd_id: int, now: datetime, today: date | None = None, zone: Any = UTC
) -> OpdPage | None:
    """One OPD (active or not) with its approved innovations and their freshness; `today`: the
    coordinators' version, with its drafts and sent ones counted, its plan and its latest
    check-ins. None: no such OPD. Seven statements, ten for the coordinators."""
    opd = await session.get(Opd, opd_id)
    if opd is None:
        return None
    found = list(
        await session.scalars(
            select(Innovation)
            .where(Innovation.opd_id == opd_id, Innovation.status == Status.APPROVED)
            .options(selectinload(Innovation.pillars))
            .order_by(Innovation.title, Innovation.id)
        )
    )
    regency = await default_months(session)
    states = {
        row[0]: standing(row, regency, now).state
        for row in await session.execute(freshness_query().where(Innovation.opd_id == opd_id))
    }
    shown = [Shown(item, states.get(item.id, Freshness.UNCONFIRMED)) for item in found]
    covered = {pillar.id for item in shown if item.quick_win for pillar in item.innovation.pillars}
    pillars = [
        (pillar_id, name, pillar_id in covered)
        for pillar_id, name in await session.execute(
            select(Pillar.id, Pillar.name).order_by(Pillar.position)
        )
    ]
    benefits = (await measure_totals(session, opd_id)).get(opd_id, [])
    page = OpdPage(opd, shown, pillars, benefits)
    if today is None:
        return page
    counts = await session.execute(
        select(Innovation.status, func.count())
        .where(Innovation.opd_id == opd_id)
        .group_by(Innovation.status)
    )
    page.by_status = {status: count for status, count in counts}
    page.plan = progress.totals(await progress.entries(session, today, opd_id=opd_id))[0]
    history = await session.execute(
        select(Checkin, Innovation.title)
        .join(Innovation, Innovation.id == Checkin.innovation_id)
        .where(Innovation.opd_id == opd_id)
        .order_by(func.coalesce(Checkin.answered_at, Checkin.asked_at).desc(), Checkin.id.desc())
        .limit(HISTORY)
    )
    page.history = [
        (checkin, title, (checkin.answered_at or checkin.asked_at).astimezone(zone).date())
        for checkin, title in history
    ]
    return page


# --- the pages ---------------------------------------------------------------------------------


async def ranking_page(dashboard: Dashboard, request: Request, member: Member | None) -> Response:
    """/opd (public) and /koordinator/opd (with the plans' progress)."""
    if member is None and not dashboard.public:
        raise HTTPException(404)
    today = dashboard.today() if member is not None else None
    async with dashboard.database.reading() as session:
        rows = await ranking(session, dashboard.clock.now(), today)
        pillars = await pillar_count(session)
    return dashboard.render(
        request, "opds.html", rows=rows, pillars=pillars, member=member,
        base="/koordinator/opd" if member is not None else "/opd",
    )  # fmt: skip


async def opd_detail(dashboard: Dashboard, request: Request, member: Member | None) -> Response:
    """/opd/{id} (public: approved innovations) and /koordinator/opd/{id}; a bad or unknown id
    is a 404, an inactive OPD or one without an approved innovation still shows."""
    if member is None and not dashboard.public:
        raise HTTPException(404)
    opd_id = parse_id(request.path_params["opd_id"])
    if opd_id is None:
        raise HTTPException(404)
    today = dashboard.today() if member is not None else None
    async with dashboard.database.reading() as session:
        page = await opd_page(
            session, opd_id, dashboard.clock.now(), today, dashboard.settings.tzinfo
        )
    if page is None:
        raise HTTPException(404)
    return dashboard.render(
        request, "opd.html", page=page, member=member,
        base="/koordinator/inovasi" if member is not None else "/inovasi",
    )  # fmt: skip
