"""The daily summary to the coordinators' group: what came in since the last one, the totals,
the review queue, the OPDs still missing, and the chart."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import selectinload
from telegram.ext import Application

from bot.core.formatting import shorten
from bot.core.texts import Catalog
from bot.delivery.deliveries import Outcome, Send, deliver_once, send_with_retries
from bot.delivery.schedules import Kind
from bot.monitoring.checkins import Overview, build_overview, render_overview
from bot.reporting.reports import (
    SENT,
    PlanTotals,
    Summary,
    build_plan_totals,
    build_summary,
    pillar_chart,
    render_plan_totals,
    render_summary,
)
from bot.telegram.context import Services
from bot.telegram.groups import coordinator_chat_id, to_coordinators_group
from storage.database import Database
from storage.models import Innovation, Member, MemberStatus, Role
from storage.repositories.deliveries import DeliveryRepository
from storage.repositories.settings import AppSettingRepository

logger = logging.getLogger(__name__)

CHART = "summary-chart"
GROUP = 0  # the delivery log's recipient for the coordinators' group, whatever its chat id
CUTOFF = "summary_cutoff"  # when the last summary that went out was put together
LISTED = 20  # new submissions named one by one; the rest are counted
GROUP_PROBLEM = "group_problem_told:{chat_id}"


@dataclass
class NewSubmission:
    title: str
    opd: str
    pillars: list[str]


@dataclass
class Daily:
    new: list[NewSubmission]
    new_count: int
    summary: Summary
    freshness: Overview | None = None  # the approved innovations' check-ins
    plans: PlanTotals | None = None  # the action plans, when there are any


async def build_daily(
    session: AsyncSession, since: datetime, now: datetime | None = None, today: date | None = None
) -> Daily:
    """`today`: the local date the plans' states are taken on (None: the plans are left out)."""
    query = (
        select(Innovation)
        .where(Innovation.status.in_(SENT), Innovation.submitted_at > since)
        .options(selectinload(Innovation.opd), selectinload(Innovation.pillars))
        .order_by(Innovation.submitted_at, Innovation.id)
    )
    rows = list(await session.scalars(query.limit(LISTED)))
    count = len(rows)
    if count == LISTED:
        count = (
            await session.scalar(
                select(func.count()).where(
                    Innovation.status.in_(SENT), Innovation.submitted_at > since
                )
            )
            or 0
        )
    new = [
        NewSubmission(row.title, row.opd.name, [pillar.name for pillar in row.pillars])
        for row in rows
    ]
    freshness = await build_overview(session, now) if now is not None else None
    plans = await build_plan_totals(session, today) if today is not None else None
    return Daily(new, count, await build_summary(session), freshness, plans)


def render_daily(texts: Catalog, lang: str, daily: Daily, day: datetime) -> str:
    lines = [texts.text(lang, "daily-title", date=f"{day:%d/%m/%Y}")]
    if not daily.new:
        lines.append(texts.text(lang, "daily-nothing-new"))
    else:
        lines.append(texts.text(lang, "daily-new", count=daily.new_count))
        for item in daily.new:
            lines.append(
                texts.text(
                    lang,
                    "daily-new-line",
                    title=shorten(item.title, 80),
                    opd=item.opd,
                    pillars=", ".join(item.pillars) or "-",
                )
            )
        if daily.new_count > len(daily.new):
            lines.append(texts.text(lang, "daily-new-more", more=daily.new_count - len(daily.new)))
    lines.append("")
    lines.append(render_summary(texts, lang, daily.summary))
    if (plans := render_plan_totals(texts, lang, daily.plans)) is not None:
        lines.append(plans)
    if daily.freshness is not None:
        lines.append("")
        lines.append(render_overview(texts, lang, daily.freshness))
    return "\n".join(lines)


async def compose_daily(
    database: Database, texts: Catalog, lang: str, local: datetime
) -> tuple[str, Daily]:
    """The summary as it goes out now: what came in since the last one that went out (so a
    missed or failed day loses nothing), and the totals."""
    async with database.reading() as session:
        cutoff = await AppSettingRepository(session).get(CUTOFF)
        since = datetime.fromisoformat(cutoff) if cutoff else datetime(2000, 1, 1, tzinfo=UTC)
        daily = await build_daily(session, since, local.astimezone(UTC), local.date())
    return render_daily(texts, lang, daily, local), daily


async def send_daily(application: Application, local: datetime) -> Outcome:
    """Today's summary, once, to the coordinators' group (followed if it migrated)."""
    services: Services = application.bot_data
    chat_id = await coordinator_chat_id(services)
    if chat_id is None:
        logger.info("no COORDINATOR_CHAT_ID: no daily summary")
        return Outcome.SKIPPED
    period = local.date().isoformat()
    async with services.database.reading() as session:
        deliveries = DeliveryRepository(session)
        text_status = await deliveries.status(Kind.SUMMARY, period, GROUP)
        chart_status = await deliveries.status(CHART, period, GROUP)
    if chart_status is not None or text_status not in (None, "sent"):
        return Outcome.SKIPPED  # done (or being done) today: not even drawn again
    lang = services.settings.default_language
    composed = services.clock.now()
    text, daily = await compose_daily(services.database, services.texts, lang, local)
    chart = await asyncio.to_thread(pillar_chart, services.texts, lang, daily.summary)
    bot = application.bot
    group = {"id": chat_id}  # where it went last: a migration moves it

    def to_group(part: Callable[[int, dict[str, Any]], Awaitable[Any]]) -> Send:
        async def send(limits: dict[str, Any]) -> None:
            sent_to = await to_coordinators_group(services, lambda chat: part(chat, limits))
            group["id"] = sent_to or group["id"]

        return send

    async def text_to(chat: int, limits: dict[str, Any]) -> None:
        await bot.send_message(chat, text, rate_limit_args=limits)

    async def chart_to(chat: int, limits: dict[str, Any]) -> None:
        await bot.send_photo(chat, chart, rate_limit_args=limits)

    async def remember_cutoff(session: AsyncSession) -> None:
        # With the record of the text, in one transaction: the next summary lists what came
        # in after this one was put together, never the same twice.
        await AppSettingRepository(session).set(CUTOFF, composed.isoformat())

    keep_going = lambda: application.running  # noqa: E731
    # Claimed under one key for the group, whatever its id: a group that moves to a supergroup
    # does not get the day's summary again. The text and the chart are claimed apart: a stop
    # between them sends the chart later, and never the text twice.
    text_sent = await deliver_once(
        services, kind=Kind.SUMMARY, period=period, chat_id=GROUP, send=to_group(text_to),
        keep_going=keep_going, on_sent=remember_cutoff,
    )  # fmt: skip
    result = text_sent
    if text_sent.outcome is Outcome.SKIPPED:
        # Sent earlier (the chart may be missing, if a stop came between), or being sent now
        # by another instance, which sends its chart too: the chart follows a sent text only.
        async with services.database.reading() as session:
            if await DeliveryRepository(session).status(Kind.SUMMARY, period, GROUP) != "sent":
                return Outcome.SKIPPED
    if text_sent.outcome in (Outcome.SENT, Outcome.SKIPPED):
        result = await deliver_once(
            services, kind=CHART, period=period, chat_id=GROUP, send=to_group(chart_to),
            keep_going=keep_going,
        )  # fmt: skip
    if result.outcome is Outcome.SENT:
        await group_works(services, group["id"])
    elif result.outcome is Outcome.UNREACHABLE or result.permanent:
        # Not in the group, or no such chat: only a person can fix that.
        await tell_admins_once(application, group["id"], result.error or "")
    return result.outcome


async def group_works(services: Services, chat_id: int, problem: str = GROUP_PROBLEM) -> None:
    async with services.database.transaction() as session:
        settings = AppSettingRepository(session)
        if await settings.get(problem.format(chat_id=chat_id)):
            await settings.set(problem.format(chat_id=chat_id), "")


async def tell_admins_once(
    application: Application,
    chat_id: int,
    error: str,
    *,
    problem: str = GROUP_PROBLEM,
    text_key: str = "daily-group-unreachable",
) -> None:
    """The group cannot be reached (the bot is not in it, a wrong id): the admins hear it once,
    not every day, until a message goes through again (`problem`: the setting that remembers
    they were told; `text_key`: what they are told)."""
    services: Services = application.bot_data
    key = problem.format(chat_id=chat_id)
    async with services.database.transaction() as session:
        settings = AppSettingRepository(session)
        if await settings.get(key):
            return
        await settings.set(key, services.clock.now().isoformat())
        rows = await session.execute(
            select(Member.telegram_id, Member.language).where(
                Member.role == Role.ADMIN,
                Member.status == MemberStatus.ACTIVE,
                Member.unreachable_since.is_(None),
            )
        )
        default = services.settings.default_language
        admins = {telegram_id: default for telegram_id in services.settings.admin_ids}
        admins.update({telegram_id: lang or default for telegram_id, lang in rows})
    logger.warning("the group %s cannot be reached: %s", chat_id, error)
    for admin_id, lang in admins.items():
        text = services.texts.text(lang, text_key, chat_id=str(chat_id))

        async def send(limits: dict[str, Any], admin_id: int = admin_id, text: str = text) -> None:
            await application.bot.send_message(admin_id, text, rate_limit_args=limits)

        await send_with_retries(services, send)
