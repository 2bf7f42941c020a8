"""A clock for tests of waiting: whoever sleeps waits until the test moves the clock."""

from __future__ import annotations

import asyncio
from datetime import timedelta

from bot.core.clock import FakeClock


class ManualClock(FakeClock):
    """Unlike ``FakeClock`` (a sleeper moves time forward at once), a sleeper here waits until
    ``advance`` passes its wake-up time, so a test can look at everyone else meanwhile."""

    def __init__(self) -> None:
        super().__init__()
        self.sleepers: list[tuple[object, asyncio.Future[None]]] = []
        self._someone_sleeps = asyncio.Event()

    async def someone_sleeps(self) -> None:
        """Until something waits on this clock."""
        await self._someone_sleeps.wait()

    async def sleep(self, seconds: float) -> None:
        wake = self.now() + timedelta(seconds=seconds)
        if seconds <= 0:
            await asyncio.sleep(0)
            return
        future: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        self.sleepers.append((wake, future))
        self._someone_sleeps.set()
        await future

    def advance(self, delta: timedelta):  # type: ignore[no-untyped-def]
        moment = super().advance(delta)
        for wake, future in list(self.sleepers):
            if wake <= moment and not future.done():  # type: ignore[operator]
                future.set_result(None)
                self.sleepers.remove((wake, future))
        return moment
