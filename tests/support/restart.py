"""Another application over the same database and emulator: a restart, or a second instance."""

from __future__ import annotations

from bot.app import build_application
from bot.core.clock import FakeClock
from bot.core.settings import Settings
from sandbox.client import Sandbox
from sandbox.emulator import TelegramEmulator
from storage.database import Database


async def started(
    settings: Settings, emulator: TelegramEmulator, database: Database, clock: FakeClock
) -> Sandbox:
    """Built by the factory and started (the catch-up and the outbox's first round run)."""
    sandbox = Sandbox(
        build_application(settings, request=Sandbox.request(emulator), database=database,
                          clock=clock),
        emulator, clock=clock,
    )  # fmt: skip
    await sandbox.start()
    return sandbox
