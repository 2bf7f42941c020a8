"""Reminders to members: OPDs that are behind (weekly, and counting down to the deadline),
drafts left idle, revisions not yet resubmitted. Each message is claimed before it is sent."""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import and_, func, select
from sqlalchemy.ext.asyncio import AsyncSession
from telegram import InlineKeyboardButton, InlineKeyboardMarkup
from telegram.ext import Application

from bot.core.formatting import format_day, shorten
from bot.delivery.deliveries import Letter, Send, Tally, deliver_all
from bot.delivery.schedules import COUNTDOWN, Kind, load_deadline, load_hours, load_plans
from bot.reporting.reports import COUNTED_FOR_COVERAGE, SENT
from bot.telegram.callbacks import RESUME
from bot.telegram.context import Services
from storage.models import (
    Delivery,
    Event,
    Innovation,
    Member,
    MemberStatus,
    Opd,
    Pillar,
    Status,
    innovation_pillar,
)

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
    application: Application, period: str, heading: Callable[[str], str]
) -> list[Letter]:
    """A letter to every reachable member of an OPD that is behind: the heading in their
    language, what their OPD owes, and how to submit."""
    services: Services = application.bot_data
    async with services.database.reading() as session:
        behind = await behind_opds(session)
        members = await members_of(session, list(behind))
    letters = []
    for member in members:
        assert member.opd_id is not None
        lang = _lang(services, member)
        text = "\n\n".join(
            [
                heading(lang),
                _behind_text(services, lang, behind[member.opd_id]),
                services.texts.text(lang, "remind-how"),
            ]
        )
        letters.append(
            Letter(member.telegram_id, period, _message(application, member.telegram_id, text))
        )
    return letters


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
    return await _to_those_behind(
        application,
        f"{year}-W{week:02d}",
        lambda lang: services.texts.text(lang, "remind-weekly-title"),
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
