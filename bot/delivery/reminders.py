"""Reminders to members: OPDs that are behind (weekly, and counting down to the deadline),
drafts left idle, revisions not yet resubmitted. Each message is claimed before it is sent.

The weekly message also names the OPD's action-plan entries that are due soon or late, each
once (``plan_lines``): an OPD behind on nothing but its plan gets the weekly message for that."""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from typing import Any

from babel.dates import format_date
from sqlalchemy import and_, func, select, update
from sqlalchemy.ext.asyncio import AsyncSession
from telegram import InlineKeyboardButton, InlineKeyboardMarkup
from telegram.ext import Application

from bot.core.formatting import format_day, shorten
from bot.delivery.deliveries import Letter, Send, Tally, deliver_all
from bot.delivery.schedules import COUNTDOWN, Kind, load_deadline, load_hours, load_plans
from bot.plans.progress import PlanState, entries
from bot.reporting.reports import COUNTED_FOR_COVERAGE, SENT
from bot.telegram.callbacks import RESUME
from bot.telegram.context import Services
from storage.models import (
    Delivery,
    DeliveryStatus,
    Event,
    Innovation,
    Member,
    MemberStatus,
    Opd,
    Pillar,
    Status,
    innovation_pillar,
)
from storage.plans import PlanEntry

logger = logging.getLogger(__name__)

IDLE_DRAFT = timedelta(days=1)
MAX_DRAFT_NUDGES = 3
REVISION_AFTER = timedelta(days=2)


@dataclass
class Behind:
    """An OPD that owes something: no submission at all, or pillars without a quick win."""

    name: str
    submitted: bool
    missing: list[str]


def reachable() -> Any:
    return and_(Member.status == MemberStatus.ACTIVE, Member.unreachable_since.is_(None))


async def behind_opds(session: AsyncSession) -> dict[int, Behind]:
    pillars = list(await session.execute(select(Pillar.id, Pillar.name).order_by(Pillar.position)))
    submitted = set(
        await session.scalars(
            select(Innovation.opd_id).where(Innovation.status.in_(SENT)).distinct()
        )
    )
    covered: dict[int, set[int]] = defaultdict(set)
    pairs = await session.execute(
        select(Innovation.opd_id, innovation_pillar.c.pillar_id)
        .join(innovation_pillar, innovation_pillar.c.innovation_id == Innovation.id)
        .where(Innovation.quick_win.is_(True), Innovation.status.in_(COUNTED_FOR_COVERAGE))
        .distinct()
    )
    for opd_id, pillar_id in pairs:
        covered[opd_id].add(pillar_id)
    behind: dict[int, Behind] = {}
    # Only OPDs expected to submit owe anything (not Diskominfo, which collects).
    for opd_id, name in await session.execute(
        select(Opd.id, Opd.name).where(Opd.active.is_(True), Opd.expected.is_(True))
    ):
        missing = [p_name for p_id, p_name in pillars if p_id not in covered[opd_id]]
        if opd_id not in submitted or missing:
            behind[opd_id] = Behind(name, opd_id in submitted, missing)
    return behind


async def members_of(session: AsyncSession, opd_ids: list[int]) -> list[Member]:
    if not opd_ids:
        return []
    return list(
        await session.scalars(
            select(Member).where(Member.opd_id.in_(opd_ids), reachable()).order_by(Member.id)
        )
    )


def _lang(services: Services, member: Member) -> str:
    return member.language or services.settings.default_language


def _message(application: Application, chat_id: int, text: str, markup: Any = None) -> Send:
    async def send(limits: dict[str, Any]) -> None:
        await application.bot.send_message(
            chat_id, text, reply_markup=markup, rate_limit_args=limits
        )

    return send


def _behind_text(services: Services, lang: str, opd: Behind) -> str:
    texts = services.texts
    if not opd.submitted:
        return texts.text(lang, "remind-opd-nothing", opd=opd.name)
    return texts.text(lang, "remind-opd-quick-wins", opd=opd.name, pillars=", ".join(opd.missing))


async def _to_those_behind(
    application: Application,
    period: str,
    heading: Callable[[str], str],
    plans: dict[int, list[PlanLine]] | None = None,
) -> list[Letter]:
    """A letter to every reachable member of an OPD that is behind: the heading in their
    language, what their OPD owes, and how to submit; then the lines of their OPD's action plan
    in `plans` (an OPD behind on nothing else gets those alone, under a heading of its own)."""
    services: Services = application.bot_data
    plans = plans or {}
    async with services.database.reading() as session:
        behind = await behind_opds(session)
        members = await members_of(session, sorted(set(behind) | set(plans)))
    letters = []
    for member in members:
        assert member.opd_id is not None
        lang = _lang(services, member)
        opd = behind.get(member.opd_id)
        lines = plans.get(member.opd_id, [])
        if opd is not None:
            parts = [
                heading(lang),
                _behind_text(services, lang, opd),
                services.texts.text(lang, "remind-how"),
            ]
        else:
            parts = [services.texts.text(lang, "remind-plan-title")]
        if lines:
            parts.append(_plan_text(services, lang, lines))
        text = "\n\n".join(parts)
        letters.append(
            Letter(member.telegram_id, period, _message(application, member.telegram_id, text))
        )
    return letters


# --- the action plan in the weekly message ---------------------------------------------------

PLAN_LINES_SHOWN = 10  # the rest are counted ("…and 4 more"): /rencana has them all


@dataclass(frozen=True)
class PlanLine:
    """One plan entry named in the week's message: late (how many months) or due soon."""

    opd: str
    title: str
    stage: str
    month: date
    late: bool
    months_late: int = 0


async def plan_lines(services: Services, today: date, period: str) -> dict[int, list[PlanLine]]:
    """The plan entries the weekly message of `period` names, per OPD: those due soon never
    reminded as due, and those late never reminded as late (done ones never), of OPDs with
    someone to tell. Marked with `period` in the same transaction, before any letter is built,
    so each is said once: a round resumed or run again this week finds its own marks and says
    the same; the next week finds them and says nothing.

    An OPD whose message of this week went out already (to any of its members) is told only
    what its marks say, nothing new: an entry added or fallen late since would be marked but
    never told (the claims stop a second message), so it waits for the next week."""
    lines: dict[int, list[PlanLine]] = defaultdict(list)
    async with services.database.transaction() as session:
        # The weeks whose message reached each OPD (any member). A mark of an earlier week that
        # no message reached (the round stopped, and was not resumed that week) was never said:
        # it counts as no mark.
        reached_weeks = set(
            (await session.execute(
                select(Member.opd_id, Delivery.period_key)
                .join(Delivery, Delivery.recipient_chat_id == Member.telegram_id)
                .where(Delivery.kind == Kind.WEEKLY, Delivery.status == DeliveryStatus.SENT)
                .distinct()
            )).all()
        )  # fmt: skip

        def said(opd_id: int, mark: str | None) -> str | None:
            if mark is None or mark == period or (opd_id, mark) in reached_weeks:
                return mark
            return None

        marks = {
            entry_id: (said(opd_id, due), said(opd_id, late))
            for entry_id, opd_id, due, late in await session.execute(
                select(PlanEntry.id, PlanEntry.opd_id, PlanEntry.reminded_due,
                       PlanEntry.reminded_late)
            )
        }  # fmt: skip
        if not any(None in pair or period in pair for pair in marks.values()):
            return {}
        told = set(
            await session.scalars(
                select(Member.opd_id)
                .join(Delivery, Delivery.recipient_chat_id == Member.telegram_id)
                .where(Delivery.kind == Kind.WEEKLY, Delivery.period_key == period)
                .distinct()
            )
        )
        reached = set(
            await session.scalars(
                select(Member.opd_id)
                .join(Opd, Opd.id == Member.opd_id)
                .where(reachable(), Opd.active.is_(True))
                .distinct()
            )
        )
        due_ids, late_ids = [], []
        for view in await entries(session, today):
            if view.id not in marks or view.opd_id not in reached:
                continue
            if view.state is PlanState.DONE:
                continue
            due, late = marks[view.id]
            new = view.opd_id not in told
            line = PlanLine(view.opd_name, view.title, view.target_stage, view.target_month,
                            late=True, months_late=max(1, view.months_late))  # fmt: skip
            if late == period or (new and late is None and view.state is PlanState.LATE):
                lines[view.opd_id].append(line)
                if late is None:
                    late_ids.append(view.id)
            elif due == period or (new and due is None and view.state is PlanState.DUE_SOON):
                lines[view.opd_id].append(replace(line, late=False, months_late=0))
                if due is None:
                    due_ids.append(view.id)
        for column, ids in ((PlanEntry.reminded_due, due_ids), (PlanEntry.reminded_late, late_ids)):
            if ids:
                await session.execute(
                    update(PlanEntry).where(PlanEntry.id.in_(ids)).values({column: period})
                )
    for opd_lines in lines.values():
        opd_lines.sort(key=lambda line: (not line.late, line.month, line.title))
    return dict(lines)


def _plan_text(services: Services, lang: str, lines: list[PlanLine]) -> str:
    texts = services.texts
    parts = [texts.text(lang, "remind-plan-heading", opd=lines[0].opd)]
    for line in lines[:PLAN_LINES_SHOWN]:
        common = {
            "title": shorten(line.title, 80),
            "stage": texts.text(lang, f"stage-{line.stage}"),
            "month": format_date(line.month, "LLLL y", locale=lang),
        }
        if line.late:
            parts.append(texts.text(lang, "remind-plan-late", months=line.months_late, **common))
        else:
            parts.append(texts.text(lang, "remind-plan-due", **common))
    if len(lines) > PLAN_LINES_SHOWN:
        parts.append(texts.text(lang, "remind-plan-more", more=len(lines) - PLAN_LINES_SHOWN))
    parts.append(texts.text(lang, "remind-plan-how"))
    return "\n".join(parts)


async def countdown_today(session: AsyncSession, local: datetime) -> tuple[date, int] | None:
    """The deadline and the days left, when the countdown goes out today (on, a day it is
    scheduled, within working hours, at D-7, D-3 or D-1); else None."""
    plan = (await load_plans(session))[Kind.DEADLINE]
    start, end = await load_hours(session)
    deadline = await load_deadline(session)
    if deadline is None or not plan.due_on(local.date()) or not start <= plan.at <= end:
        return None
    days_left = (deadline - local.date()).days
    return (deadline, days_left) if days_left in COUNTDOWN else None


async def _weekly(application: Application, services: Services, local: datetime) -> list[Letter]:
    """The week's reminder; on a morning the countdown goes out too, none: the countdown says
    the same to the same people (the OPDs behind), so they get one message, not two."""
    async with services.database.reading() as session:
        if await countdown_today(session, local) is not None:
            logger.info("weekly reminder: the countdown brings it today")
            return []
    year, week, _ = local.isocalendar()
    period = f"{year}-W{week:02d}"
    # Marked before the letters are built (and only on a day the weekly message goes: on a
    # countdown morning the plan's lines wait for the next week's).
    plans = await plan_lines(services, local.date(), period)
    return await _to_those_behind(
        application,
        period,
        lambda lang: services.texts.text(lang, "remind-weekly-title"),
        plans,
    )


async def _deadline(application: Application, services: Services, local: datetime) -> list[Letter]:
    async with services.database.reading() as session:
        countdown = await countdown_today(session, local)
    if countdown is None:
        return []
    deadline, days_left = countdown
    return await _to_those_behind(
        application,
        f"{deadline}:D-{days_left}",
        lambda lang: services.texts.text(
            lang, "remind-deadline", date=format_day(deadline, lang), days=days_left
        ),
    )


def _to_owner(
    application: Application,
    member: Member,
    period: str,
    innovation_id: int,
    keys: tuple[str, str],
    *,
    title: str,
    since: datetime,
    **args: str,
) -> Letter:
    """A reminder about one innovation to one member of its OPD, with a button that reopens
    it where it was left. `keys`: the text's and the button's."""
    services: Services = application.bot_data
    lang = _lang(services, member)
    text_key, button_key = keys
    text = services.texts.text(
        lang,
        text_key,
        title=shorten(title, 80),
        since=format_day(since.astimezone(services.settings.tzinfo).date(), lang),
        **args,
    )
    button = InlineKeyboardButton(
        services.texts.text(lang, button_key), callback_data=RESUME.data(innovation_id)
    )
    send = _message(application, member.telegram_id, text, InlineKeyboardMarkup([[button]]))
    return Letter(member.telegram_id, period, send)


async def _drafts(application: Application, services: Services, local: datetime) -> list[Letter]:
    """A nudge a day for a draft idle more than a day, three at most per draft, to whoever
    started it while they are still a member of its OPD."""
    now = services.clock.now()
    async with services.database.reading() as session:
        rows = list(
            await session.execute(
                select(Innovation.id, Innovation.title, Innovation.updated_at, Member)
                .join(
                    Member,
                    and_(Member.id == Innovation.submitter_id, Member.opd_id == Innovation.opd_id),
                )
                .where(
                    Innovation.status == Status.DRAFT,
                    Innovation.updated_at <= now - IDLE_DRAFT,
                    reachable(),
                )
                .order_by(Innovation.id)
            )
        )
        nudged: dict[str, int] = defaultdict(int)
        for period in await session.scalars(
            select(Delivery.period_key).where(Delivery.kind == Kind.DRAFTS)
        ):
            nudged[period.split(":", 1)[0]] += 1
    return [
        _to_owner(
            application,
            member,
            f"{innovation_id}:{local.date()}",
            innovation_id,
            ("remind-draft", "remind-draft-continue"),
            title=title,
            since=updated_at,
        )
        for innovation_id, title, updated_at, member in rows
        if nudged[str(innovation_id)] < MAX_DRAFT_NUDGES
    ]


async def _revisions(application: Application, services: Services, local: datetime) -> list[Letter]:
    """Once per revision request, two days after it, if not resubmitted by then: to the
    innovation's OPD as it is now (whoever submitted it may have moved to another OPD; the
    reviewer's note is not theirs to read any more)."""
    now = services.clock.now()
    latest = (
        select(Event.innovation_id, func.max(Event.id).label("event_id"))
        .where(Event.to_status == Status.REVISION_REQUESTED)
        .group_by(Event.innovation_id)
        .subquery()
    )
    async with services.database.reading() as session:
        rows = list(
            await session.execute(
                select(
                    Innovation.id, Innovation.title, Event.id, Event.created_at, Event.note, Member
                )
                .join(latest, latest.c.innovation_id == Innovation.id)
                .join(Event, Event.id == latest.c.event_id)
                .join(Member, Member.opd_id == Innovation.opd_id)
                .where(
                    Innovation.status == Status.REVISION_REQUESTED,
                    Event.created_at <= now - REVISION_AFTER,
                    reachable(),
                )
                .order_by(Innovation.id, Member.id)
            )
        )
    return [
        _to_owner(
            application,
            member,
            f"{innovation_id}:{event_id}",
            innovation_id,
            ("remind-revision", "remind-revision-fix"),
            title=title,
            since=asked_at,
            note=note or "-",
        )
        for innovation_id, title, event_id, asked_at, note, member in rows
    ]


ROUNDS = {
    Kind.WEEKLY: _weekly,
    Kind.DEADLINE: _deadline,
    Kind.DRAFTS: _drafts,
    Kind.REVISIONS: _revisions,
}


async def send(application: Application, kind: Kind, local: datetime) -> Tally:
    services: Services = application.bot_data
    letters = await ROUNDS[kind](application, services, local)
    # A stopping bot finishes the sends in flight and leaves the rest unclaimed: the catch-up
    # at the next start sends them, if it is still the same day.
    tally = await deliver_all(services, str(kind), letters, keep_going=lambda: application.running)
    if letters:
        logger.info(
            "%s reminders: %s sent, %s failed, %s sent before",
            kind,
            tally.sent,
            tally.failed,
            tally.skipped,
        )
    return tally
