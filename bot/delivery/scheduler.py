"""The JobQueue side: one daily job per schedule, named ``schedule:<kind>``, rebuilt from the
database at start and whenever an admin changes a schedule.

A job only says "look now". What is due is decided from the database and the bot's clock:
enabled, a scheduled day, the time reached, still the same day, within working hours for
reminders; who gets what is decided by claims in the delivery log. So a late run, a double run,
the catch-up at start and a second instance all send each message once.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

from telegram.ext import Application, ContextTypes

from bot.delivery import checkin_round as checkins
from bot.delivery import leaders, reminders, summary
from bot.delivery.broadcast import resume_all
from bot.delivery.schedules import MONTHLY, REMINDERS, Kind, Plan, load_hours, load_plans
from bot.telegram.context import BotContext, Services

logger = logging.getLogger(__name__)

# A job late by up to this much still runs (APScheduler's default is one second). Whatever is
# later than that is caught up at start, if it is still the same day.
MISFIRE_GRACE = timedelta(hours=6)
CATCH_UP = "startup:catch-up"


def job_name(kind: Kind) -> str:
    return f"schedule:{kind}"


def iso_to_ptb_days(days: frozenset[int]) -> tuple[int, ...]:
    """python-telegram-bot counts days from Sunday = 0 (since v20); we keep ISO, Monday = 1."""
    return tuple(sorted(day % 7 for day in days))


def install(application: Application, plans: dict[Kind, Plan]) -> None:
    """(Re)create the daily jobs from `plans`: a job per enabled schedule, none for the rest."""
    job_queue = application.job_queue
    assert job_queue is not None, "python-telegram-bot[job-queue] is required"
    tz = application.bot_data.settings.tzinfo
    for kind, plan in plans.items():
        for job in job_queue.get_jobs_by_name(job_name(kind)):
            job.schedule_removal()
        if not plan.enabled:
            continue
        job_queue.run_daily(
            fire,
            plan.at.replace(tzinfo=tz),
            # A monthly one looks every day: `run` knows which day of the month is its own.
            days=tuple(range(7)) if kind in MONTHLY else iso_to_ptb_days(plan.days),
            name=job_name(kind),
            data=str(kind),
            job_kwargs={"misfire_grace_time": int(MISFIRE_GRACE.total_seconds()), "coalesce": True},
        )


async def start(application: Application) -> None:
    """At start: the jobs from the database, and a catch-up run as soon as the queue runs."""
    services: Services = application.bot_data
    async with services.database.reading() as session:
        plans = await load_plans(session)
    install(application, plans)
    assert application.job_queue is not None
    # However busy the start, the catch-up runs (APScheduler would drop a one-off job late by
    # more than a second).
    application.job_queue.run_once(
        catch_up, 0, name=CATCH_UP, job_kwargs={"misfire_grace_time": None}
    )


def run_soon(application: Application, kind: Kind) -> None:
    """Look at `kind` once more right away (after a change of its schedule): due today and not
    sent yet, it goes now."""
    assert application.job_queue is not None
    application.job_queue.run_once(
        fire, 0, name=f"now:{kind}", data=str(kind), job_kwargs={"misfire_grace_time": None}
    )


async def fire(context: ContextTypes.DEFAULT_TYPE) -> None:
    assert context.job is not None
    await run(context.application, Kind(str(context.job.data)))


async def catch_up(context: BotContext) -> None:
    """What fell due while the bot was down, if it is still the same day; and broadcasts that
    a restart interrupted."""
    for kind in Kind:
        await run(context.application, kind)
    await resume_all(context.application)


async def run(application: Application, kind: Kind, *, now: datetime | None = None) -> bool:
    """Send today's `kind` if it is due; True if it was (whether or not anything went out)."""
    services: Services = application.bot_data
    now = now or services.clock.now()
    local = now.astimezone(services.settings.tzinfo)
    async with services.database.reading() as session:
        plan = (await load_plans(session))[kind]
        start, end = await load_hours(session)
    if not plan.due_on(local.date()) or local.time() < plan.at:
        return False
    if kind in REMINDERS and not start <= local.time() <= end:
        logger.info("%s not sent: %s is outside working hours", kind, f"{local:%H:%M}")
        return False
    try:
        if kind is Kind.SUMMARY:
            await summary.send_daily(application, local)
        elif kind is Kind.LEADERS:
            await leaders.send_monthly(application, local)
        elif kind is Kind.CHECKINS:
            await checkins.send(application, local)
        else:
            await reminders.send(application, kind, local)
    except Exception:
        # One failed round must not stop the others, nor the scheduler.
        logger.exception("the %s round of %s failed", kind, local.date())
    return True
