"""Many people at once: updates of different chats run concurrently, one person's in order.

python-telegram-bot processes one update at a time unless told otherwise, so every ``await`` in
a handler (a slow query, a rate-limit window) is a wait for everyone. Its own concurrent mode
(``concurrent_updates=True``) runs every update at once, which breaks ``ConversationHandler``:
two answers of one person could be taken out of order, or both in the same state.

This processor gives every (chat, user) pair a lane. A lane runs its updates one after another,
in the order they arrived; different lanes run side by side, at most ``limit`` at a time. The
lane key is exactly the key of our conversations (``per_chat=True, per_user=True``), so each
``ConversationHandler`` still sees one update of a conversation at a time, and its state for that
key is read and written by one update after the other, as the library assumes; updates of other
keys touch other entries. An update waiting for its lane does not hold one of the ``limit``
places: a thousand updates from one person leave the other lanes free.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Hashable
from dataclasses import dataclass, field
from typing import Any

from telegram import Update
from telegram.ext import BaseUpdateProcessor

# python-telegram-bot's own semaphore is taken before ``do_process_update``, that is before an
# update has its lane. It is made wide enough never to bind; ``limit`` is applied after the lane.
_UNBOUNDED = 1_000_000


def lane_of(update: object) -> Hashable | None:
    """The (chat, user) an update belongs to; None for updates of no one (run freely)."""
    if not isinstance(update, Update):
        return None
    chat = update.effective_chat
    user = update.effective_user
    if chat is None and user is None:
        return None
    return (chat.id if chat else None, user.id if user else None)


@dataclass
class _Lane:
    lock: asyncio.Lock = field(default_factory=asyncio.Lock)
    users: int = 0  # updates holding or waiting for the lock


class ChatOrderedUpdateProcessor(BaseUpdateProcessor):
    def __init__(self, limit: int) -> None:
        if limit < 1:
            raise ValueError("the number of updates processed at once must be at least 1")
        super().__init__(_UNBOUNDED)
        self.limit = limit
        self._slots = asyncio.BoundedSemaphore(limit)
        self._lanes: dict[Hashable, _Lane] = {}
        self.running = 0  # updates being processed now (for tests and benchmarks)
        self.peak = 0
        # Told when an update is done, whatever its outcome: the sandbox waits on it.
        self.on_done: Callable[[object], None] | None = None

    @property
    def lanes(self) -> int:
        """Lanes with an update running or waiting."""
        return len(self._lanes)

    async def do_process_update(self, update: object, coroutine: Awaitable[Any]) -> None:
        key = lane_of(update)
        try:
            if key is None:
                await self._run(coroutine)
                return
            lane = self._lanes.get(key)
            if lane is None:
                lane = self._lanes[key] = _Lane()
            lane.users += 1
            try:
                async with lane.lock:
                    await self._run(coroutine)
            finally:
                lane.users -= 1
                if lane.users == 0:
                    del self._lanes[key]
        finally:
            if asyncio.iscoroutine(coroutine):
                coroutine.close()  # never started (cancelled while waiting): no warning
            if self.on_done is not None:
                self.on_done(update)

    async def _run(self, coroutine: Awaitable[Any]) -> None:
        async with self._slots:
            self.running += 1
            self.peak = max(self.peak, self.running)
            try:
                await coroutine
            finally:
                self.running -= 1

    async def initialize(self) -> None:
        return None

    async def shutdown(self) -> None:
        return None
