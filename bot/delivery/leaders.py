"""The leaders' monthly round: the report and its chart to the leaders' chat, and to each OPD's
members their own OPD's line, each exactly once a month (claims in the delivery log, under the
month reported on, so a double run, a restart or a changed day sends nothing twice).

The round on day D of a month reports on the month before it: its new approvals; the rest
(how the approved innovations stand, the plans) as they are on the day it goes out."""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import select
from telegram.ext import Application

from bot.delivery.deliveries import Attempt, Letter, Outcome, deliver_all, deliver_once
from bot.delivery.schedules import Kind
from bot.delivery.summary import group_works, tell_admins_once
from bot.reporting.leaders import Leaders, build_leaders, leaders_chart, render_leaders, render_opd
from bot.telegram.context import Services
from bot.telegram.groups import leaders_chat_id, to_leaders_chat
from storage.models import Member, MemberStatus
from storage.repositories.deliveries import DeliveryRepository

logger = logging.getLogger(__name__)

CHART = "leaders-chart"
OPD_LINE = "leaders-opd"  # an OPD member's own line, claimed per member
CHAT = 0  # the delivery log's recipient for the leaders' chat, whatever its id
PROBLEM = "leaders_problem_told:{chat_id}"


def reported_month(day: date) -> date:
    """The month before `day`'s: the one a round on `day` reports on."""
    return (day.replace(day=1) - timedelta(days=1)).replace(day=1)


@dataclass
class Round:
    chat: Outcome
    members: int  # OPD members sent their line this time


async def send_monthly(application: Application, local: datetime) -> Round | None:
    """This month's round (None: no leaders' chat chosen, nothing goes out)."""
    services: Services = application.bot_data
    chat_id = await leaders_chat_id(services)
    if chat_id is None:
        logger.info("no leaders' chat chosen: no leaders' report")
        return None
    month = reported_month(local.date())
    period = f"{month:%Y-%m}"
    async with services.database.reading() as session:
        report = await build_leaders(session, month, local, local.date())
    chat = await _to_leaders(application, services, chat_id, report, period)
    members = await _to_members(application, services, report, period)
    return Round(chat, members)


async def _to_leaders(
    application: Application, services: Services, chat_id: int, report: Leaders, period: str
) -> Outcome:
    async with services.database.reading() as session:
        deliveries = DeliveryRepository(session)
        text_status = await deliveries.status(Kind.LEADERS, period, CHAT)
        chart_status = await deliveries.status(CHART, period, CHAT)
    if chart_status is not None or text_status not in (None, "sent"):
        return Outcome.SKIPPED  # done (or being done) this month
    lang = services.settings.default_language
    text = render_leaders(services.texts, lang, report)
    chart = await asyncio.to_thread(leaders_chart, services.texts, lang, report)
    bot = application.bot
    keep_going = lambda: application.running  # noqa: E731
    chat = {"id": chat_id}  # where it went last: a group that became a supergroup is followed

    async def text_to(limits: dict[str, Any]) -> None:
        chat["id"] = await to_leaders_chat(
            services, chat["id"],
            lambda to: bot.send_message(to, text, rate_limit_args=limits),
        )  # fmt: skip

    async def chart_to(limits: dict[str, Any]) -> None:
        chat["id"] = await to_leaders_chat(
            services, chat["id"], lambda to: bot.send_photo(to, chart, rate_limit_args=limits)
        )

    result = await deliver_once(
        services, kind=Kind.LEADERS, period=period, chat_id=CHAT, send=text_to,
        keep_going=keep_going,
    )  # fmt: skip
    if result.outcome is Outcome.SKIPPED:
        async with services.database.reading() as session:
            if await DeliveryRepository(session).status(Kind.LEADERS, period, CHAT) != "sent":
                return Outcome.SKIPPED
    if result.outcome in (Outcome.SENT, Outcome.SKIPPED):
        result = await deliver_once(
            services, kind=CHART, period=period, chat_id=CHAT, send=chart_to,
            keep_going=keep_going,
        )  # fmt: skip
    await _after(application, services, chat["id"], result)
    return result.outcome


async def _after(
    application: Application, services: Services, chat_id: int, result: Attempt
) -> None:
    """A chat that took it is fine again; one that blocked or removed the bot (or no longer
    exists) is told to the admins once, not at every round, until a report goes through."""
    if result.outcome is Outcome.SENT:
        await group_works(services, chat_id, PROBLEM)
    elif result.outcome is Outcome.UNREACHABLE or result.permanent:
        await tell_admins_once(
            application, chat_id, result.error or "", problem=PROBLEM,
            text_key="lead-chat-unreachable",
        )  # fmt: skip


async def _to_members(
    application: Application, services: Services, report: Leaders, period: str
) -> int:
    """Each active member of a reported OPD gets that OPD's line, in their own language."""
    lines = {line.opd_id: line for line in report.ranked + report.without}
    async with services.database.reading() as session:
        rows = (
            await session.execute(
                select(Member.telegram_id, Member.opd_id, Member.language).where(
                    Member.status == MemberStatus.ACTIVE,
                    Member.unreachable_since.is_(None),
                    Member.opd_id.in_(list(lines)),
                )
            )
        ).all()
    default = services.settings.default_language
    letters = []
    for telegram_id, opd_id, language in rows:
        text = render_opd(services.texts, language or default, report, lines[opd_id])

        async def send(limits: dict[str, Any], chat: int = telegram_id, text: str = text) -> None:
            await application.bot.send_message(chat, text, rate_limit_args=limits)

        letters.append(Letter(telegram_id, period, send))
    tally = await deliver_all(services, OPD_LINE, letters, keep_going=lambda: application.running)
    return tally.sent
