"""The daily check-in round (pemantauan): ask the OPDs whose approved innovations are due
(not those stopped: their OPD says when they run again), remind once those who have not
answered in a week, close what no longer needs an answer, and tell the coordinators once of an
innovation overdue by more than a second period.

The round runs as a scheduled kind of its own (``Kind.CHECKINS``, within working hours), in one
transaction: the questions and the reminders are notices of the outbox (the delivery log),
written with the check-in they are about, so each goes out once, also after a crash, a double
run or a second instance. Whether something is due is decided from the rows and the bot's
clock, never from the job having run.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import and_, func, select, update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import aliased
from telegram.ext import Application

from bot.core.formatting import format_day
from bot.delivery.outbox import announce_checkin, notify_person
from bot.delivery.reminders import reachable
from bot.monitoring.checkins import (
    ANSWER,
    REMIND_AFTER,
    add_months,
    answer_label,
    default_months,
    is_stopped,
)
from bot.telegram.context import Services
from storage.models import (
    Checkin,
    CheckinAnswer,
    CheckinPeriod,
    CheckinStatus,
    Event,
    Innovation,
    Member,
    Opd,
    Status,
)

logger = logging.getLogger(__name__)


@dataclass
class Round:
    asked: int = 0
    reminded: int = 0
    closed: int = 0
    escalated: int = 0


def answer_buttons(services: Services, lang: str, checkin_id: int) -> list[list[tuple[str, str]]]:
    return [
        [
            (answer_label(services.texts, lang, answer), ANSWER.data(checkin_id, answer))
            for answer in CheckinAnswer
        ]
    ]


async def close_open(
    session: AsyncSession, now: datetime, *, innovation_id: int | None = None
) -> int:
    """Close the open check-ins of innovations that are no longer approved (withdrawn,
    rejected, sent back for revision): there is nothing left to ask. Of one innovation, or of
    all. The number closed."""
    query = (
        select(Checkin.id, Innovation.status)
        .join(Innovation, Innovation.id == Checkin.innovation_id)
        .where(Checkin.status == CheckinStatus.OPEN, Innovation.status != Status.APPROVED)
    )
    if innovation_id is not None:
        query = query.where(Checkin.innovation_id == innovation_id)
    closed = 0
    for checkin_id, status in list(await session.execute(query)):
        closed += (
            await session.execute(
                update(Checkin)
                .where(Checkin.id == checkin_id, Checkin.status == CheckinStatus.OPEN)
                .values(status=CheckinStatus.CLOSED, closed_at=now, closed_reason=status)
                .execution_options(synchronize_session=False)
            )
        ).rowcount
    return closed


async def _members(session: AsyncSession, opd_ids: set[int]) -> dict[int, list[Member]]:
    by_opd: dict[int, list[Member]] = defaultdict(list)
    if not opd_ids:
        return by_opd
    for member in await session.scalars(
        select(Member).where(Member.opd_id.in_(opd_ids), reachable()).order_by(Member.id)
    ):
        assert member.opd_id is not None
        by_opd[member.opd_id].append(member)
    return by_opd


async def _tell(
    session: AsyncSession,
    services: Services,
    members: list[Member],
    *,
    key: str,
    text_key: str,
    checkin_id: int,
    innovation_id: int,
    title: str,
) -> None:
    default = services.settings.default_language
    for member in members:
        lang = member.language or default
        text = services.texts.text(lang, text_key, id=innovation_id, title=title)
        await notify_person(
            session, services, chat_id=member.telegram_id, key=key, text=text,
            buttons=answer_buttons(services, lang, checkin_id),
        )  # fmt: skip


async def ask_due(session: AsyncSession, services: Services, now: datetime) -> int:
    """Open a check-in for every approved innovation whose period has passed since its last
    check-in (or its approval) and that has none open, and ask its OPD."""
    zone = services.settings.tzinfo
    today = now.astimezone(zone).date()
    latest = (
        select(Checkin.innovation_id, func.max(Checkin.id).label("checkin_id"))
        .group_by(Checkin.innovation_id)
        .subquery()
    )
    approvals = (
        select(Event.innovation_id, func.max(Event.created_at).label("at"))
        .where(Event.to_status == Status.APPROVED)
        .group_by(Event.innovation_id)
        .subquery()
    )
    rows = list(
        await session.execute(
            select(
                Innovation.id, Innovation.title, Innovation.opd_id, Innovation.updated_at,
                Checkin.status, Checkin.asked_at, Checkin.round, approvals.c.at,
                CheckinPeriod.months, Checkin.answer,
            )
            .outerjoin(latest, latest.c.innovation_id == Innovation.id)
            .outerjoin(Checkin, Checkin.id == latest.c.checkin_id)
            .outerjoin(approvals, approvals.c.innovation_id == Innovation.id)
            .outerjoin(CheckinPeriod, CheckinPeriod.innovation_id == Innovation.id)
            .where(Innovation.status == Status.APPROVED)
            .order_by(Innovation.id)
        )
    )  # fmt: skip
    months_default = await default_months(session)
    due = []
    for (innovation_id, title, opd_id, updated_at, status, asked_at, number, approved_at,
         months, answer) in rows:  # fmt: skip
        if status == CheckinStatus.OPEN or is_stopped(status, answer):
            continue
        anchor = asked_at or approved_at or updated_at
        if today >= add_months(anchor.astimezone(zone).date(), months or months_default):
            due.append((innovation_id, title, opd_id, (number or 0) + 1))
    members = await _members(session, {opd_id for _, _, opd_id, _ in due})
    for innovation_id, title, opd_id, number in due:
        checkin = Checkin(innovation_id=innovation_id, round=number, asked_at=now)
        session.add(checkin)
        await session.flush()
        await _tell(
            session, services, members[opd_id], key=f"checkin:{checkin.id}",
            text_key="chk-ask", checkin_id=checkin.id, innovation_id=innovation_id, title=title,
        )  # fmt: skip
    return len(due)


async def ask_now(session: AsyncSession, services: Services, innovation: Innovation) -> int:
    """Open the innovation's next check-in now and ask its OPD (it runs again after a stop).
    The new check-in's id; two at once make one (the round number is unique per innovation:
    the second's transaction fails)."""
    number = await session.scalar(
        select(func.max(Checkin.round)).where(Checkin.innovation_id == innovation.id)
    )
    checkin = Checkin(innovation_id=innovation.id, round=(number or 0) + 1,
                      asked_at=services.clock.now())  # fmt: skip
    session.add(checkin)
    await session.flush()
    members = await _members(session, {innovation.opd_id})
    await _tell(
        session, services, members[innovation.opd_id], key=f"checkin:{checkin.id}",
        text_key="chk-ask", checkin_id=checkin.id, innovation_id=innovation.id,
        title=innovation.title,
    )  # fmt: skip
    return checkin.id


STOP_WAIT = timedelta(hours=12)  # the check-in flow's own timeout: the reason and note awaited
# Stops the round makes sure were told: a daily round needs a day or two; more would tell, on
# the first round after an upgrade, stops answered long before stops were news.
STOP_LOOKBACK = timedelta(days=3)
GROUP_NOTE_SHOWN = 300  # characters of a stop's note in the group's notice (all of it on 👁)


async def announce_stop(session: AsyncSession, services: Services, checkin: Checkin) -> None:
    """The coordinators' group told of this ⏸ (its innovation, OPD, who, why): once per
    check-in, however often asked."""
    row = (
        await session.execute(
            select(Innovation.title, Opd.name, Member.full_name)
            .join(Opd, Opd.id == Innovation.opd_id)
            .outerjoin(Member, Member.id == checkin.answered_by_id)
            .where(Innovation.id == checkin.innovation_id)
        )
    ).first()
    if row is None or checkin.answer != CheckinAnswer.STOPPED:
        return
    title, opd, who = row
    note = checkin.stop_note or ""
    if len(note) > GROUP_NOTE_SHOWN:
        note = note[:GROUP_NOTE_SHOWN] + "…"
    item = {
        "innovation_id": checkin.innovation_id, "title": title, "opd": opd, "who": who,
        "reason": checkin.stop_reason, "note": note or None,
    }  # fmt: skip
    await announce_checkin(session, services, f"checkin-stopped:{checkin.id}", "stopped", item)


async def announce_stops(session: AsyncSession, services: Services, now: datetime) -> None:
    """A stop whose reason or note was never given (the person went away, the bot restarted
    meanwhile) is told anyway, with what there is, once its flow would have timed out."""
    for checkin in await session.scalars(
        select(Checkin)
        .where(
            Checkin.status == CheckinStatus.ANSWERED,
            Checkin.answer == CheckinAnswer.STOPPED,
            Checkin.answered_at <= now - STOP_WAIT,
            Checkin.answered_at > now - STOP_LOOKBACK,
        )
        .order_by(Checkin.id)
    ):
        await announce_stop(session, services, checkin)


async def escalate(session: AsyncSession, services: Services, now: datetime) -> int:
    """Tell the coordinators of every approved, not stopped innovation overdue by more than a
    second period: its latest question unanswered for two periods, or its last confirmation
    (or, never confirmed or approved again since, its approval) two periods old. Once per
    overdue spell: the notice's key names that confirmation (or approval), so only a new answer
    or approval starts a new spell, and the outbox keeps one row per key (a second round, a
    second instance: nothing more)."""
    zone = services.settings.tzinfo
    today = now.astimezone(zone).date()
    latest = (
        select(Checkin.innovation_id, func.max(Checkin.id).label("checkin_id"))
        .group_by(Checkin.innovation_id)
        .subquery()
    )
    answered = (
        select(Checkin.innovation_id, func.max(Checkin.id).label("checkin_id"))
        .where(Checkin.status == CheckinStatus.ANSWERED)
        .group_by(Checkin.innovation_id)
        .subquery()
    )
    approvals = (
        select(Event.innovation_id, func.max(Event.created_at).label("at"))
        .where(Event.to_status == Status.APPROVED)
        .group_by(Event.innovation_id)
        .subquery()
    )
    confirmed = aliased(Checkin)
    rows = list(
        await session.execute(
            select(
                Innovation.id, Innovation.title, Opd.name, Innovation.updated_at, Checkin.status,
                Checkin.asked_at, Checkin.answer, confirmed.id, confirmed.answered_at,
                approvals.c.at, CheckinPeriod.months, confirmed.answer,
            )
            .join(Opd, Opd.id == Innovation.opd_id)
            .outerjoin(latest, latest.c.innovation_id == Innovation.id)
            .outerjoin(Checkin, Checkin.id == latest.c.checkin_id)
            .outerjoin(answered, answered.c.innovation_id == Innovation.id)
            .outerjoin(confirmed, confirmed.id == answered.c.checkin_id)
            .outerjoin(approvals, approvals.c.innovation_id == Innovation.id)
            .outerjoin(CheckinPeriod, CheckinPeriod.innovation_id == Innovation.id)
            .where(Innovation.status == Status.APPROVED)
            .order_by(Innovation.id)
        )
    )  # fmt: skip
    months_default = await default_months(session)
    told = 0
    for (innovation_id, title, opd, updated_at, status, asked_at, answer, confirmed_id,
         confirmed_at, approved_at, months, confirmed_answer) in rows:  # fmt: skip
        if is_stopped(status, answer):
            continue
        period = months or months_default
        # Re-approved since its last confirmation: counted from the approval. Running again
        # after a stop (▶️): counted from the question asked then, never from the stop.
        last = asked_at if confirmed_answer == CheckinAnswer.STOPPED else confirmed_at
        moments = [at for at in (last, approved_at) if at is not None]
        since = max(moments) if moments else updated_at
        due = [add_months(since.astimezone(zone).date(), 2 * period)]
        if status == CheckinStatus.OPEN and asked_at is not None:
            due.append(add_months(asked_at.astimezone(zone).date(), 2 * period))
        if today < min(due):
            continue
        item = {
            "innovation_id": innovation_id, "title": title, "opd": opd,
            "since": format_day(since.astimezone(zone).date(), services.settings.default_language),
        }  # fmt: skip
        # The spell: since that confirmation (or approval); a new one starts another.
        key = f"checkin-overdue:{innovation_id}:{confirmed_id or 0}:{since.timestamp():.0f}"
        await announce_checkin(session, services, key, "overdue", item)
        told += 1
    return told


async def remind(session: AsyncSession, services: Services, now: datetime) -> int:
    """One reminder per check-in left unanswered for a week, to its OPD as it is now."""
    rows = list(
        await session.execute(
            select(Checkin.id, Innovation.id, Innovation.title, Innovation.opd_id)
            .join(Innovation, Innovation.id == Checkin.innovation_id)
            .where(
                and_(
                    Checkin.status == CheckinStatus.OPEN,
                    Checkin.reminded_at.is_(None),
                    Checkin.asked_at <= now - REMIND_AFTER,
                    Innovation.status == Status.APPROVED,
                )
            )
            .order_by(Checkin.id)
        )
    )
    members = await _members(session, {opd_id for *_, opd_id in rows})
    for checkin_id, innovation_id, title, opd_id in rows:
        await session.execute(
            update(Checkin)
            .where(Checkin.id == checkin_id)
            .values(reminded_at=now)
            .execution_options(synchronize_session=False)
        )
        await _tell(
            session, services, members[opd_id], key=f"checkin-reminder:{checkin_id}",
            text_key="chk-reminder", checkin_id=checkin_id, innovation_id=innovation_id,
            title=title,
        )  # fmt: skip
    return len(rows)


async def send(application: Application, local: datetime) -> Round:
    """Today's round: close, ask, remind; the notices go out through the outbox."""
    services: Services = application.bot_data
    now = services.clock.now()
    done = Round()
    async with services.database.transaction() as session:
        done.closed = await close_open(session, now)
        done.asked = await ask_due(session, services, now)
        done.reminded = await remind(session, services, now)
        done.escalated = await escalate(session, services, now)
        await announce_stops(session, services, now)
    if done.asked or done.reminded or done.closed:
        logger.info(
            "check-ins of %s: %s asked, %s reminded, %s closed, %s overdue",
            local.date(), done.asked, done.reminded, done.closed, done.escalated,
        )  # fmt: skip
    return done
