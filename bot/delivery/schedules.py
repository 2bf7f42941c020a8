"""The schedules as the bot uses them: defaults in code, an admin's changes in the database.

Times are local (``TIMEZONE``); days are ISO weekdays, 1 = Monday ... 7 = Sunday, except for
the monthly schedules (the leaders' report), whose one day is a day of the month, 1 to 28.
"""

from __future__ import annotations

import enum
import re
from dataclasses import dataclass, replace
from datetime import date, time

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.core.textinput import parse_count
from storage.models import Schedule
from storage.repositories.settings import AppSettingRepository

WORKDAYS = frozenset({1, 2, 3, 4, 5})
EVERY_DAY = frozenset(range(1, 8))
HOURS_KEY = "reminder_hours"
DEADLINE_KEY = "submission_deadline"
DEFAULT_HOURS = (time(7, 0), time(20, 0))
COUNTDOWN = (7, 3, 1)  # days before the deadline

# "16:00" or "16.00": two digits each, as the bot shows times. "9.30" and "jam 9" are refused
# with an example, rather than guessed at.
TIME = re.compile(r"^([01][0-9]|2[0-3])[:.]([0-5][0-9])$")
HOURS = re.compile(r"^(\S+)\s*(?:-|–|—|s/?d|sampai|to)\s*(\S+)$", re.IGNORECASE)


class Kind(enum.StrEnum):
    SUMMARY = "summary"  # the daily summary to the coordinators' group
    WEEKLY = "weekly"  # OPDs with no submission, or missing a quick win
    DRAFTS = "drafts"  # drafts idle for more than a day
    REVISIONS = "revisions"  # revisions requested two days ago, not resubmitted
    DEADLINE = "deadline"  # countdown to the submission deadline
    CHECKINS = "checkins"  # approved innovations asked whether they still run, and reminded
    LEADERS = "leaders"  # the leaders' monthly report, and each OPD's part to its members


REMINDERS = frozenset({Kind.WEEKLY, Kind.DRAFTS, Kind.REVISIONS, Kind.DEADLINE, Kind.CHECKINS})
MONTHLY = frozenset({Kind.LEADERS})  # `days`: one day of the month
LAST_MONTH_DAY = 28  # every month has it


@dataclass(frozen=True)
class Plan:
    kind: Kind
    enabled: bool
    at: time
    days: frozenset[int]

    def due_on(self, day: date) -> bool:
        if self.kind in MONTHLY:
            return self.enabled and day.day == min(self.days)
        return self.enabled and day.isoweekday() in self.days

    @property
    def days_text(self) -> str:
        return ",".join(str(day) for day in sorted(self.days))


DEFAULTS: dict[Kind, Plan] = {
    Kind.SUMMARY: Plan(Kind.SUMMARY, True, time(16, 0), WORKDAYS),
    Kind.WEEKLY: Plan(Kind.WEEKLY, True, time(9, 0), frozenset({1})),
    Kind.DRAFTS: Plan(Kind.DRAFTS, True, time(10, 0), WORKDAYS),
    Kind.REVISIONS: Plan(Kind.REVISIONS, True, time(10, 0), WORKDAYS),
    Kind.DEADLINE: Plan(Kind.DEADLINE, True, time(8, 0), EVERY_DAY),
    Kind.CHECKINS: Plan(Kind.CHECKINS, True, time(9, 0), WORKDAYS),
    # Off until an admin has chosen the leaders' chat and switched it on.
    Kind.LEADERS: Plan(Kind.LEADERS, False, time(9, 0), frozenset({1})),
}


def parse_time(text: str) -> time | None:
    match = TIME.match(text.strip())
    return time(int(match[1]), int(match[2])) if match else None


def parse_hours(text: str) -> tuple[time, time] | None:
    """``07.00-20.00``: a start before an end, on the same day."""
    match = HOURS.match(" ".join(text.split()))
    if match is None:
        return None
    start, end = parse_time(match[1]), parse_time(match[2])
    if start is None or end is None or start >= end:
        return None
    return start, end


def parse_days(text: str, maximum: int = 7) -> frozenset[int]:
    days = (parse_count(part, minimum=1, maximum=maximum) for part in text.split(","))
    return frozenset(day for day in days if isinstance(day, int))


def parse_month_day(text: str) -> int | None:
    """A day of the month the monthly schedules may use: 1 to 28."""
    day = parse_count(text.strip(), minimum=1, maximum=LAST_MONTH_DAY)
    return day if isinstance(day, int) else None


def format_time(moment: time) -> str:
    return f"{moment:%H.%M}"


async def load_plans(session: AsyncSession) -> dict[Kind, Plan]:
    plans = dict(DEFAULTS)
    for row in await session.scalars(select(Schedule)):
        if row.kind in Kind.__members__.values():
            kind = Kind(row.kind)
            at = parse_time(row.at) or DEFAULTS[kind].at
            days = parse_days(row.days, LAST_MONTH_DAY if kind in MONTHLY else 7)
            plans[kind] = Plan(kind, row.enabled, at, days or DEFAULTS[kind].days)
    return plans


async def save_plan(session: AsyncSession, plan: Plan, member_id: int | None) -> None:
    if not plan.days:
        raise ValueError("a schedule needs at least one day")
    row = await session.get(Schedule, str(plan.kind))
    if row is None:
        row = Schedule(kind=str(plan.kind))
        session.add(row)
    row.enabled, row.at, row.days = plan.enabled, f"{plan.at:%H:%M}", plan.days_text
    row.updated_by_id = member_id
    await session.flush()


async def load_hours(session: AsyncSession) -> tuple[time, time]:
    value = await AppSettingRepository(session).get(HOURS_KEY)
    return (parse_hours(value) if value else None) or DEFAULT_HOURS


async def load_deadline(session: AsyncSession) -> date | None:
    value = await AppSettingRepository(session).get(DEADLINE_KEY)
    return date.fromisoformat(value) if value else None


def with_changes(plan: Plan, **changes: object) -> Plan:
    return replace(plan, **changes)  # type: ignore[arg-type]
