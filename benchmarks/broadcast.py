"""Benchmark of a broadcast to 1,000 members through the sandbox with Telegram's flood limits on
(30 messages/s overall, 1/s per private chat, 20/min per group), in real time.

Each request to the emulator takes a simulated network round trip (--latency, default 80 ms),
so the sending has to keep several requests in flight to get near the limit. Printed: the
achieved rate against 30 messages/s, the 429s Telegram (the emulator) answered, and the lost
and doubled messages. The baseline, in the same run, is the same broadcast without the rate
limiter: the sender only waits out the 429s it gets.

    .venv/bin/python benchmarks/broadcast.py
    .venv/bin/python benchmarks/broadcast.py --members 300 --latency 0.05
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import insert, select

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.support import NoLimiter
from bot.app import build_application
from bot.core.settings import load_settings
from bot.delivery.broadcast import send_broadcast
from sandbox.client import Sandbox
from sandbox.emulator import SANDBOX_TOKEN, FloodLimits, TelegramEmulator
from sandbox.request import EmulatorRequest
from storage.database import Database
from storage.models import Audience, Broadcast, Member, Opd

TELEGRAM_LIMIT = 30.0
TEXT = "Rapat koordinasi Smart City, Senin 09.00 di Gedung Negara."


class SlowRequest(EmulatorRequest):
    """The emulator, a network round trip away."""

    def __init__(self, emulator: TelegramEmulator, latency: float) -> None:
        super().__init__(emulator)
        self.latency = latency

    async def do_request(self, *args: Any, **kwargs: Any) -> tuple[int, bytes]:
        await asyncio.sleep(self.latency / 2)
        answer = await super().do_request(*args, **kwargs)
        await asyncio.sleep(self.latency / 2)
        return answer


@dataclass
class Result:
    name: str
    seconds: float
    delivered: int
    lost: int
    doubled: int
    rejected_429: int

    @property
    def rate(self) -> float:
        return self.delivered / self.seconds if self.seconds else 0.0


async def run(name: str, members: int, latency: float, limited: bool, folder: Path) -> Result:
    emulator = TelegramEmulator(flood_limits=FloodLimits())
    database_url = f"sqlite+aiosqlite:///{folder / f'{name}.sqlite'}"
    settings = load_settings(bot_token=SANDBOX_TOKEN, database_url=database_url)
    database = Database(database_url)
    users = [emulator.add_user(f"Anggota{i:04d}") for i in range(members)]
    for user in users:
        emulator.private_chat(user)
    application = build_application(
        settings,
        request=SlowRequest(emulator, latency),
        database=database,
        rate_limiter=None if limited else NoLimiter(),
    )
    sandbox = Sandbox(application, emulator)
    await sandbox.start()
    try:
        async with database.transaction() as session:
            session.add(Opd(code="DISKOMINFO", name="Diskominfo"))
            await session.flush()
            opd_id = await session.scalar(select(Opd.id))
            await session.execute(
                insert(Member),
                [
                    {"telegram_id": user.id, "full_name": user.full_name, "role": "staff",
                     "status": "active", "opd_id": opd_id}
                    for user in users
                ],
            )  # fmt: skip
            broadcast = Broadcast(html=TEXT, audience=Audience.ALL, language="id")
            session.add(broadcast)
            await session.flush()
            broadcast_id = broadcast.id
        started = time.perf_counter()
        await send_broadcast(application, broadcast_id)
        seconds = time.perf_counter() - started
    finally:
        await sandbox.stop()
        await database.dispose()
    counts = [sum(1 for m in emulator.messages(user.id) if m.content == TEXT) for user in users]
    assert emulator.flood is not None
    return Result(
        name,
        seconds,
        delivered=sum(counts),
        lost=sum(1 for count in counts if count == 0),
        doubled=sum(1 for count in counts if count > 1),
        rejected_429=emulator.flood.rejected,
    )


def report(result: Result, members: int) -> None:
    print(
        f"{result.name:<24} {result.seconds:7.1f} s  {result.rate:5.1f} msg/s "
        f"({result.rate / TELEGRAM_LIMIT:4.0%} of 30/s)  429s: {result.rejected_429:5d}  "
        f"delivered: {result.delivered}/{members}  lost: {result.lost}  doubled: {result.doubled}"
    )


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--members", type=int, default=1000)
    parser.add_argument("--latency", type=float, default=0.08, help="seconds per round trip")
    options = parser.parse_args()
    logging.basicConfig(level=logging.ERROR)
    print(
        f"broadcast to {options.members:,} members, {options.latency * 1000:.0f} ms per request, "
        "flood limits on"
    )
    with tempfile.TemporaryDirectory() as folder:
        for name, limited in (("with the rate limiter", True), ("baseline: no limiter", False)):
            report(await run(name, options.members, options.latency, limited, Path(folder)),
                   options.members)  # fmt: skip


if __name__ == "__main__":
    asyncio.run(main())
