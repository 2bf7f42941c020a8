"""Sending one scheduled message exactly once: claim, send (retrying what may be retried), mark.

The claim is a row in the delivery log with a unique (kind, period, recipient): whoever inserts
it first sends, everyone else (a restart, a second instance, a double run) skips. If the process
dies between the send and the mark, the row stays "claimed" and is never sent again: a missed
message is the price of never sending one twice.
"""

from __future__ import annotations

import asyncio
import contextlib
import enum
import logging
from collections.abc import Awaitable, Callable, Iterator
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

import httpx
from sqlalchemy import update
from sqlalchemy.ext.asyncio import AsyncSession
from telegram.error import (
    BadRequest,
    Forbidden,
    NetworkError,
    RetryAfter,
    TelegramError,
    TimedOut,
)

from bot.telegram.context import Services
from storage.models import DeliveryStatus, Member
from storage.repositories.deliveries import DeliveryRepository

logger = logging.getLogger(__name__)

# A transient failure (5xx, a timeout before the request left, 429 beyond the limiter's retries)
# is tried again after these pauses, about six minutes in all; then the send counts as failed.
BACKOFF = (1.0, 4.0, 15.0, 60.0, 240.0)
BULK = {"bulk": True}  # rate_limit_args: one message a second per private chat


class Outcome(enum.StrEnum):
    SENT = "sent"
    FAILED = "failed"
    UNREACHABLE = "unreachable"  # 403: the person blocked the bot, or the bot left the group
    SKIPPED = "skipped"  # claimed before: sent already, or being sent by someone else
    STOPPED = "stopped"  # the bot stopped before it could go: the claim was given back


@dataclass
class Attempt:
    outcome: Outcome
    attempts: int
    error: str | None = None
    permanent: bool = False  # Telegram refused it (400, 401, 404, 409): not the network


class Flight:
    """Whether a send has left for Telegram: the rate limiter says so, right before the request."""

    def __init__(self) -> None:
        self.left = False

    def mark(self) -> None:
        self.left = True


Send = Callable[[dict[str, Any]], Awaitable[Any]]  # called with the rate_limit_args to pass on


async def send_with_retries(
    services: Services,
    send: Send,
    flight: Flight | None = None,
    keep_going: Callable[[], bool] = lambda: True,
) -> Attempt:
    """Send, retrying what is safe to repeat: a 429, a 5xx, or a failure before the request
    reached Telegram. Permanent errors (400, 403) are never retried; a failure after the request
    left (no answer came back) is taken as delivered, since repeating it could make a
    duplicate. A stop while waiting to retry ends it as STOPPED: the message did not arrive."""
    limits: dict[str, Any] = {**BULK, "flight": flight} if flight else dict(BULK)
    attempts = 0
    while True:
        attempts += 1
        try:
            await send(limits)
            return Attempt(Outcome.SENT, attempts)
        except Forbidden as exc:
            return Attempt(Outcome.UNREACHABLE, attempts, str(exc))
        except BadRequest as exc:  # before NetworkError: BadRequest is one of them
            return Attempt(Outcome.FAILED, attempts, str(exc), permanent=True)
        except (RetryAfter, NetworkError) as exc:
            if isinstance(exc, NetworkError) and not never_left(exc):
                return Attempt(Outcome.SENT, attempts, f"no answer ({exc}); taken as delivered")
            failure: TelegramError = exc
        except TelegramError as exc:  # 401, 404, 409: nothing a retry would fix
            return Attempt(Outcome.FAILED, attempts, str(exc), permanent=True)
        if attempts > len(BACKOFF):
            return Attempt(Outcome.FAILED, attempts, str(failure))
        pause = BACKOFF[attempts - 1]
        if isinstance(failure, RetryAfter):
            wait = failure.retry_after
            pause = wait.total_seconds() if isinstance(wait, timedelta) else float(wait)
        logger.info("send failed (%s), trying again in %.0f s", failure, pause)
        if flight is not None:
            flight.left = False  # that attempt did not arrive
        if not await _pause(services, pause, keep_going):
            return Attempt(Outcome.STOPPED, attempts, str(failure))


async def _pause(services: Services, seconds: float, keep_going: Callable[[], bool]) -> bool:
    """Wait `seconds` a second at a time; False as soon as the bot is stopping."""
    while seconds > 0:
        if not keep_going():
            return False
        step = min(seconds, 1.0)
        await services.clock.sleep(step)
        seconds -= step
    return keep_going()


# Failures of the connection that happen before the request has fully left: safe to repeat.
BEFORE_SENDING = (httpx.ConnectTimeout, httpx.PoolTimeout, httpx.WriteTimeout, httpx.ConnectError)


def never_left(exc: NetworkError) -> bool:
    """Did this failure happen before Telegram could have carried the request out? An answer
    from Telegram (5xx) says it was not; of the connection's own failures, only those of
    connecting, waiting for a connection or writing the request are sure."""
    cause = exc.__cause__
    if isinstance(cause, httpx.HTTPError):
        return isinstance(cause, BEFORE_SENDING)
    if isinstance(exc, TimedOut):
        return "Pool timeout" in exc.message  # python-telegram-bot's own: "not sent"
    return True  # Telegram answered with an error: nothing was carried out


async def deliver_once(
    services: Services,
    *,
    kind: str,
    period: str,
    chat_id: int,
    send: Send,
    keep_going: Callable[[], bool] = lambda: True,
    on_sent: Callable[[AsyncSession], Awaitable[None]] | None = None,
) -> Attempt:
    """Claim (kind, period, chat_id); if the claim is ours, send and record how it went
    (`on_sent` writes in the same transaction as a record of success).

    Stopped before the message left for Telegram (cancelled, or the bot stopping while a retry
    waits), the claim is given back, so a resumed round sends it; stopped after, the outcome is
    still recorded. The claim and the record are shielded from cancellation, so a stop never
    leaves a claim nobody can explain. (A killed process can: at most the sends in flight stay
    claimed, and are never repeated.)"""
    claiming = asyncio.ensure_future(_claim(services, kind, period, chat_id))
    try:
        claim = await asyncio.shield(claiming)
    except asyncio.CancelledError:
        with _logged("giving back a claim after a stop"):
            if (claim := await claiming) is not None:
                await _release(services, claim)
        raise
    if claim is None:
        return Attempt(Outcome.SKIPPED, 0)
    flight = Flight()
    try:
        result = await send_with_retries(services, send, flight, keep_going)
    except asyncio.CancelledError:
        with _logged("recording a send after a stop"):
            if flight.left:  # it may have arrived: never send it again
                stopped = Attempt(Outcome.FAILED, 1, "stopped")
                await _unstoppable(_finish(services, claim, chat_id, stopped, None))
            else:
                await _unstoppable(_release(services, claim))
        raise
    if result.outcome is Outcome.STOPPED:
        await _unstoppable(_release(services, claim))
        return result
    await _unstoppable(_finish(services, claim, chat_id, result, on_sent))
    if result.outcome is not Outcome.SENT:
        logger.warning("%s %s to chat %s: %s", kind, result.outcome, chat_id, result.error)
    return result


@contextlib.contextmanager
def _logged(doing: str) -> Iterator[None]:
    """On the way out of a stop, a database error is logged, not put in the stop's place."""
    try:
        yield
    except Exception:
        logger.exception("failed %s", doing)


async def _unstoppable(work: Awaitable[None]) -> None:
    """Finish `work` even if the caller is stopped meanwhile, and only then let the stop on: a
    restart must find every record written, not one still on its way."""
    task = asyncio.ensure_future(work)
    try:
        await asyncio.shield(task)
    except asyncio.CancelledError:
        await task
        raise


async def _claim(services: Services, kind: str, period: str, chat_id: int) -> int | None:
    async with services.database.transaction() as session:
        return await DeliveryRepository(session).claim(kind, period, chat_id, services.clock.now())


async def _release(services: Services, claim: int) -> None:
    async with services.database.transaction() as session:
        await DeliveryRepository(session).release(claim)


async def _finish(
    services: Services,
    claim: int,
    chat_id: int,
    result: Attempt,
    on_sent: Callable[[AsyncSession], Awaitable[None]] | None,
) -> None:
    status = DeliveryStatus.SENT if result.outcome is Outcome.SENT else DeliveryStatus.FAILED
    async with services.database.transaction() as session:
        await DeliveryRepository(session).finish(
            claim, status, attempts=result.attempts, now=services.clock.now(), error=result.error
        )
        if result.outcome is Outcome.UNREACHABLE and chat_id > 0:
            await mark_unreachable(session, chat_id, services)
        if status is DeliveryStatus.SENT and on_sent is not None:
            await on_sent(session)


async def mark_unreachable(session: Any, telegram_id: int, services: Services) -> None:
    """The person blocked the bot: skip them until they write again."""
    await session.execute(
        update(Member)
        .where(Member.telegram_id == telegram_id, Member.unreachable_since.is_(None))
        .values(unreachable_since=services.clock.now())
    )


@dataclass
class Letter:
    """One message of a round: to whom, under which claim, and how to send it."""

    chat_id: int
    period: str
    send: Send


@dataclass
class Tally:
    sent: int = 0
    failed: int = 0
    skipped: int = 0

    def add(self, outcome: Outcome) -> None:
        if outcome is Outcome.SENT:
            self.sent += 1
        elif outcome in (Outcome.SKIPPED, Outcome.STOPPED):
            self.skipped += 1
        else:
            self.failed += 1


# Sends in flight at once. The rate limiter keeps them under Telegram's limits; several in flight
# keep a round near 30 a second even when one send takes a tenth of a second to come back.
CONCURRENCY = 8


async def deliver_all(
    services: Services,
    kind: str,
    letters: list[Letter],
    *,
    on_result: Callable[[Letter, Attempt], Awaitable[None]] | None = None,
    keep_going: Callable[[], bool] = lambda: True,
) -> Tally:
    """Deliver every letter once (claims decide), a few at a time. When `keep_going` turns
    false (the bot is stopping), the sends in flight finish and the rest wait for a resume."""
    tally = Tally()
    pending = iter(letters)

    async def worker() -> None:
        for letter in pending:  # one shared iterator: each letter is taken by one worker
            if not keep_going():
                return
            try:
                result = await deliver_once(
                    services, kind=kind, period=letter.period, chat_id=letter.chat_id,
                    send=letter.send, keep_going=keep_going,
                )  # fmt: skip
            except Exception:  # one letter's trouble (the database, say) is not the round's
                logger.exception("%s to chat %s failed", kind, letter.chat_id)
                tally.add(Outcome.FAILED)
                continue
            tally.add(result.outcome)
            if on_result is not None:
                try:
                    await on_result(letter, result)
                except Exception:
                    logger.exception("after %s to chat %s", kind, letter.chat_id)

    async with asyncio.TaskGroup() as group:
        for _ in range(min(CONCURRENCY, len(letters))):
            group.create_task(worker())
    return tally
