"""Work a handler starts and does not wait for: an export, a chart. The person's lane is free
again at once (they can ask for /bantuan while their export is made), and no processing slot is
held by a thread that draws or writes."""

from __future__ import annotations

import asyncio
from collections.abc import Coroutine
from typing import Any

from telegram.ext import Application


class Background:
    def __init__(self) -> None:
        self.tasks: set[asyncio.Task[Any]] = set()
        self.exports: set[int] = set()  # people whose export is being made: one at a time
        self._application: Application | None = None  # type: ignore[type-arg]

    def bind(self, application: Application) -> None:  # type: ignore[type-arg]
        self._application = application

    def spawn(
        self, work: Coroutine[Any, Any, Any], *, update: object = None, name: str | None = None
    ) -> asyncio.Task[Any]:
        """Run `work` on its own. Through the application, so a failure reaches the error
        handler (which tells the person, as for any update) and a stop waits for it."""
        if self._application is not None:
            task = self._application.create_task(work, update=update, name=name)
        else:
            task = asyncio.create_task(work, name=name)
        self.tasks.add(task)
        task.add_done_callback(self.tasks.discard)
        return task

    async def idle(self) -> None:
        """Until everything started here (and whatever that started) has finished."""
        while self.tasks:
            await asyncio.gather(*list(self.tasks), return_exceptions=True)
