"""Moments in the tests' November 2026, and the application started again."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from bot.app import build_application
from bot.core.clock import FakeClock
from sandbox.client import Sandbox
from storage.database import Database

WIB = timedelta(hours=7)


def wib(day: int, hour: int, minute: int = 0) -> datetime:
    """A moment in November 2026, given in Jakarta time."""
    return datetime(2026, 11, day, hour, minute, tzinfo=UTC) - WIB


def summaries(emulator, group) -> list[str]:
    return [m.content for m in emulator.messages(group.id) if "Rekap harian" in m.content]


async def restarted(settings, emulator, database: Database, clock: FakeClock) -> Sandbox:
    again = Sandbox(
        build_application(settings, request=Sandbox.request(emulator), database=database,
                          clock=clock),
        emulator, clock=clock,
    )  # fmt: skip
    await again.start()  # runs the catch-up, as the JobQueue does right after start
    return again
