"""One rate limiter for everything the bot sends, within Telegram's limits.

Telegram allows about 30 messages a second overall, 20 a minute in one group, and about one a
second in one private chat. python-telegram-bot's ``AIORateLimiter`` keeps the first two but not
the third, and runs on the event loop's clock, which tests cannot move. This one keeps all three
as sliding windows on the bot's ``Clock``: in tests a ``FakeClock`` lets a thousand sends pass in
virtual seconds, with no real sleeping.

The per-private-chat limit applies to bulk sends only (``rate_limit_args={"bulk": True}``; a
``"flight"`` there is told when the request leaves, see ``bot.delivery.deliveries``): a
person who presses a button gets the two or three messages of the answer at once, as Telegram
allows in short bursts; a broadcast or a reminder round never sends two to one person within a
second.

Bulk sends leave ``Limits.reserve`` of the 30 a second to replies, so a person who presses a
button during a broadcast is answered at once, not after the broadcast's next second.

A 429 (``RetryAfter``) holds only the chat it was for, for ``retry_after``, and is retried, up to
``max_retries`` times: one person's flood is not everyone's wait. When 429s come for several
chats within a second (or for a request that names no chat), it is the overall limit Telegram
means: then every send is held. Nothing else is retried here: a 400 or 403 is permanent, and
whether a timed-out send may be repeated is for the caller to decide.
"""

from __future__ import annotations

import asyncio
import logging
from collections import deque
from collections.abc import Callable, Coroutine
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from telegram.error import RetryAfter
from telegram.ext import BaseRateLimiter

from bot.core.clock import Clock

logger = logging.getLogger(__name__)

JSONResult = bool | dict[str, Any] | list[dict[str, Any]]
PRUNE_EVERY = 1000  # sends between two clean-ups of idle chats' windows


@dataclass(frozen=True)
class Limits:
    overall: tuple[int, timedelta] = (30, timedelta(seconds=1))
    group: tuple[int, timedelta] = (20, timedelta(minutes=1))
    private: tuple[int, timedelta] = (1, timedelta(seconds=1))
    # Sends leave here a moment before Telegram counts them; a little slack keeps a burst that
    # arrives closer together than it left from tipping over the limit.
    margin: float = 0.05
    # Of the overall limit, what bulk sends may never take: room for the replies to people.
    reserve: int = 2
    # 429s for this many different chats within `flood_span` mean the overall limit.
    flood_chats: int = 3
    flood_span: timedelta = timedelta(seconds=1)


class Window:
    """At most `count` events in any `span`."""

    def __init__(self, count: int, span: timedelta) -> None:
        self.count = count
        self.span = span
        self.times: deque[datetime] = deque()

    def wait(self, now: datetime, *, keep_free: int = 0) -> float:
        """Seconds until one more event fits, leaving `keep_free` places (0: it fits now)."""
        while self.times and now - self.times[0] >= self.span:
            self.times.popleft()
        allowed = max(1, self.count - keep_free)
        if len(self.times) < allowed:
            return 0.0
        return (self.times[-allowed] + self.span - now).total_seconds()

    def take(self, now: datetime) -> None:
        self.times.append(now)


class RateLimiter(BaseRateLimiter[dict[str, Any]]):
    def __init__(
        self, clock: Clock | None = None, limits: Limits | None = None, max_retries: int = 5
    ) -> None:
        self.clock = clock or Clock()
        self.limits = limits or Limits()
        self.max_retries = max_retries
        self.retried = 0  # 429s seen, for the benchmark and the logs
        self._overall = self._window(self.limits.overall)
        self._groups: dict[int | str, Window] = {}
        self._privates: dict[int, Window] = {}
        self._lock = asyncio.Lock()
        self._resume_at: datetime | None = None  # every chat held (the overall limit)
        self._held: dict[int | str, datetime] = {}  # chats held after a 429 of their own
        self._recent_429s: deque[tuple[datetime, int | str | None]] = deque()
        self._taken = 0

    def _windows(self, chat_id: int | str, *, bulk: bool) -> list[Window]:
        windows = [self._overall]
        if isinstance(chat_id, str) or int(chat_id) < 0:
            windows.append(self._groups.setdefault(chat_id, self._window(self.limits.group)))
        elif bulk:
            windows.append(
                self._privates.setdefault(int(chat_id), self._window(self.limits.private))
            )
        return windows

    def _prune(self, now: datetime) -> None:
        """Forget the windows of chats not sent to lately (a long-running bot meets many)."""
        self._held = {chat: until for chat, until in self._held.items() if until > now}
        for windows in (self._groups, self._privates):
            for chat_id in [c for c, w in windows.items() if w.wait(now) == 0 and not w.times]:
                del windows[chat_id]

    def _window(self, limit: tuple[int, timedelta]) -> Window:
        count, span = limit
        return Window(count, span * (1 + self.limits.margin))

    async def initialize(self) -> None:
        return None

    async def shutdown(self) -> None:
        return None

    async def process_request(
        self,
        callback: Callable[..., Coroutine[Any, Any, JSONResult]],
        args: Any,
        kwargs: dict[str, Any],
        endpoint: str,
        data: dict[str, Any],
        rate_limit_args: dict[str, Any] | None,
    ) -> JSONResult:
        chat_id = data.get("chat_id")
        bulk = bool(rate_limit_args and rate_limit_args.get("bulk"))
        for attempt in range(self.max_retries + 1):
            if chat_id is not None:
                await self._acquire(chat_id, bulk=bulk)
            if rate_limit_args and rate_limit_args.get("flight") is not None:
                rate_limit_args["flight"].mark()  # the request leaves now
            try:
                return await callback(*args, **kwargs)
            except RetryAfter as exc:
                if rate_limit_args and rate_limit_args.get("flight") is not None:
                    rate_limit_args["flight"].left = False  # refused: it did not arrive
                self.retried += 1
                if attempt == self.max_retries:
                    raise
                wait = exc.retry_after
                seconds = wait.total_seconds() if isinstance(wait, timedelta) else float(wait)
                logger.info("Telegram asked to wait %.0f s (%s)", seconds, endpoint)
                self._hold(chat_id, seconds)
        raise AssertionError("unreachable")  # pragma: no cover

    def _hold(self, chat_id: int | str | None, seconds: float) -> None:
        """After a 429: hold the chat it was for; every chat if it looks like the overall
        limit (several chats refused within a moment, or a request for no chat)."""
        now = self.clock.now()
        resume = now + timedelta(seconds=seconds)
        recent = self._recent_429s
        recent.append((now, chat_id))
        while recent and now - recent[0][0] > self.limits.flood_span:
            recent.popleft()
        if chat_id is None or len({chat for _, chat in recent}) >= self.limits.flood_chats:
            self._resume_at = max(self._resume_at or resume, resume)
            return
        self._held[chat_id] = max(self._held.get(chat_id, resume), resume)

    async def _acquire(self, chat_id: int | str, *, bulk: bool) -> None:
        """Wait until a send to `chat_id` fits every window, then count it."""
        while True:
            async with self._lock:
                # Looked up on every pass: a clean-up while this send waited may have dropped
                # its chat's window.
                windows = self._windows(chat_id, bulk=bulk)
                now = self.clock.now()
                keep_free = self.limits.reserve if bulk else 0
                wait = max(
                    window.wait(now, keep_free=keep_free if window is self._overall else 0)
                    for window in windows
                )
                if self._resume_at is not None:
                    wait = max(wait, (self._resume_at - now).total_seconds())
                held = self._held.get(chat_id)
                if held is not None:
                    if held <= now:
                        del self._held[chat_id]
                    else:
                        wait = max(wait, (held - now).total_seconds())
                if wait <= 0:
                    for window in windows:
                        window.take(now)
                    self._taken += 1
                    if self._taken % PRUNE_EVERY == 0:
                        self._prune(now)
                    return
            await self.clock.sleep(wait)
