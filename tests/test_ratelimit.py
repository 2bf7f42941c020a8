"""The rate limiter on a fake clock: Telegram's three limits as sliding windows, 429s waited
out and retried, permanent errors never retried; and a broadcast through the sandbox with its
flood limits on, without a single 429."""

from __future__ import annotations

import asyncio
import itertools
from datetime import datetime, timedelta

import pytest
from telegram.error import BadRequest, RetryAfter

from bot.core.clock import FakeClock
from bot.telegram.ratelimit import Limits, RateLimiter
from sandbox.emulator import FloodControl, FloodLimits
from tests.support.broadcast import compose, received, staff
from tests.support.people import admin_of


class Recorder:
    def __init__(self, clock: FakeClock) -> None:
        self.clock = clock
        self.sent: list[tuple[datetime, int]] = []

    async def __call__(self, chat_id: int) -> bool:
        self.sent.append((self.clock.now(), chat_id))
        return True


async def send(limiter: RateLimiter, callback, chat_id: int, *, bulk: bool = True) -> object:
    return await limiter.process_request(
        callback,
        (chat_id,),
        {},
        "sendMessage",
        {"chat_id": chat_id},
        {"bulk": True} if bulk else None,
    )


def most_in_any_window(times: list[datetime], span: timedelta) -> int:
    return max(sum(1 for t in times if start <= t < start + span) for start in times)


async def test_thirty_a_second_overall_even_when_sent_all_at_once() -> None:
    clock = FakeClock()
    limiter = RateLimiter(clock)
    recorder = Recorder(clock)
    start = clock.now()
    await asyncio.gather(*(send(limiter, recorder, 1000 + i) for i in range(150)))
    times = [t for t, _ in recorder.sent]
    assert len(times) == 150
    assert most_in_any_window(times, timedelta(seconds=1)) <= 30
    elapsed = (clock.now() - start).total_seconds()
    # Near the limit, not far under it; bulk sends leave a little of it to people's replies.
    bulk_rate = 30 - Limits().reserve
    assert 150 / 30 - 1 <= elapsed <= 150 / bulk_rate * 1.1


async def test_one_a_second_per_private_chat_for_bulk_sends_only() -> None:
    clock = FakeClock()
    limiter = RateLimiter(clock)
    recorder = Recorder(clock)
    for _ in range(3):
        await send(limiter, recorder, 42)
    times = [t for t, _ in recorder.sent]
    assert all(b - a >= timedelta(seconds=1) for a, b in itertools.pairwise(times))
    before = clock.now()
    for _ in range(3):  # an answer of three messages to a person who pressed a button
        await send(limiter, recorder, 43, bulk=False)
    assert clock.now() == before


async def test_twenty_a_minute_per_group() -> None:
    clock = FakeClock()
    limiter = RateLimiter(clock)
    recorder = Recorder(clock)
    for _ in range(25):
        await send(limiter, recorder, -1001, bulk=False)
    times = [t for t, _ in recorder.sent]
    assert most_in_any_window(times, timedelta(minutes=1)) <= 20
    assert times[20] - times[0] >= timedelta(minutes=1)


async def test_a_429_is_waited_out_and_retried_and_a_400_is_not() -> None:
    clock = FakeClock()
    limiter = RateLimiter(clock)
    calls: list[datetime] = []

    async def flooded(chat_id: int) -> bool:
        calls.append(clock.now())
        if len(calls) == 1:
            raise RetryAfter(7)
        return True

    assert await send(limiter, flooded, 7) is True
    assert calls[1] - calls[0] >= timedelta(seconds=7)
    assert limiter.retried == 1

    bad: list[int] = []

    async def refused(chat_id: int) -> bool:
        bad.append(chat_id)
        raise BadRequest("Bad Request: chat not found")

    with pytest.raises(BadRequest):
        await send(limiter, refused, 8)
    assert bad == [8]


async def test_a_429_holds_only_the_chat_it_was_for() -> None:
    clock = FakeClock()
    limiter = RateLimiter(clock)
    calls: list[tuple[datetime, int]] = []

    async def flooded(chat_id: int) -> bool:
        calls.append((clock.now(), chat_id))
        if chat_id == 7 and len([c for _, c in calls if c == 7]) == 1:
            raise RetryAfter(30)
        return True

    start = clock.now()
    await send(limiter, flooded, 7, bulk=False)  # refused once, held 30 s, then sent
    assert [c for _, c in calls] == [7, 7]
    assert calls[1][0] - start >= timedelta(seconds=30)
    # Meanwhile (on a clock that did not move for them) others are not held.
    clock.set(start)
    await send(limiter, flooded, 8, bulk=False)
    await send(limiter, flooded, -1002, bulk=False)
    assert clock.now() == start


async def test_429s_for_several_chats_at_once_hold_every_chat() -> None:
    clock = FakeClock()
    limiter = RateLimiter(clock)
    refused: set[int] = set()

    async def overall_flood(chat_id: int) -> bool:
        if chat_id not in refused:
            refused.add(chat_id)
            raise RetryAfter(5)
        return True

    start = clock.now()
    await asyncio.gather(*(send(limiter, overall_flood, chat, bulk=False) for chat in (1, 2, 3)))
    assert clock.now() - start >= timedelta(seconds=5)
    clock.set(start)  # back to the moment of the 429s: a fourth chat, never refused, waits too
    refused.add(4)
    await send(limiter, overall_flood, 4, bulk=False)
    assert clock.now() - start >= timedelta(seconds=5)


async def test_a_broadcast_under_the_sandboxs_flood_limits_gets_no_429(
    sandbox, person, emulator, clock
) -> None:
    members = await staff(person, 120)
    admin = await admin_of(sandbox)
    await compose(admin)
    await admin.press("📣 Kirim ke 120 anggota")
    emulator.flood = FloodControl(FloodLimits(), clock.now)  # Telegram's limits, on this clock
    start = clock.now()
    mark = len(emulator.actions)
    await sandbox.run_jobs()
    assert [received(member) for member in members] == [1] * 120
    progress = [
        action.message.content
        for action in emulator.actions[mark:]
        if action.kind == "edit" and action.chat_id == admin.id and action.message is not None
    ]
    assert len(progress) >= 3  # one message, edited as the sending goes on
    assert progress[0].startswith("📣 Mengirim siaran… Terkirim ")
    assert progress[-1] == "✅ Siaran selesai. Terkirim 120/120, gagal 0"
    assert emulator.flood.rejected == 0
    elapsed = (clock.now() - start).total_seconds()
    assert 120 / 30 - 1 <= elapsed <= 120 / 30 * 1.2


async def test_windows_of_idle_chats_are_forgotten() -> None:
    clock = FakeClock()
    limiter = RateLimiter(clock)
    recorder = Recorder(clock)
    for i in range(999):
        await send(limiter, recorder, 10_000 + i)
    assert len(limiter._privates) == 999
    clock.advance(timedelta(seconds=5))
    await send(limiter, recorder, 42)  # the thousandth send cleans up
    assert list(limiter._privates) == [42]
