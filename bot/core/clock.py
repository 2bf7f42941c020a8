"""Time as the bot sees it. Tests and the sandbox swap in a clock they can move."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta
from typing import Protocol


class Clock:
    def now(self) -> datetime:
        """The current moment, timezone-aware, in UTC."""
        return datetime.now(UTC)

    async def sleep(self, seconds: float) -> None:
        """Wait `seconds` of this clock's time."""
        await asyncio.sleep(seconds)


class FakeClock(Clock):
    """A clock that only moves when told to."""

    def __init__(self, start: datetime | None = None) -> None:
        self._now = start or datetime(2026, 11, 2, 2, 0, tzinfo=UTC)
        if self._now.tzinfo is None:
            raise ValueError("FakeClock needs an aware datetime")

    def now(self) -> datetime:
        return self._now

    async def sleep(self, seconds: float) -> None:
        """Virtual time: whoever waits moves the clock to their wake-up time at once (others
        waiting concurrently from the same moment wake at the same time, not after)."""
        wake = self._now + timedelta(seconds=seconds)
        await asyncio.sleep(0)
        self._now = max(self._now, wake)

    def advance(self, delta: timedelta) -> datetime:
        self._now += delta
        return self._now

    def set(self, moment: datetime) -> datetime:
        if moment.tzinfo is None:
            raise ValueError("FakeClock needs an aware datetime")
        self._now = moment
        return self._now


class SettableClock(Protocol):
    """A clock the sandbox can move: the tests' FakeClock, the terminal's shifted real time."""

    def now(self) -> datetime: ...

    def set(self, moment: datetime) -> datetime: ...
