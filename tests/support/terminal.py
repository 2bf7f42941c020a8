"""The terminal sandbox in process, and waiting for what it prints (an event, never a sleep)."""

from __future__ import annotations

import asyncio
import contextlib
import io
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from pathlib import Path

from bot.core.settings import load_settings
from sandbox.terminal import TerminalChat

# A Sunday at 08.00 local time: nothing scheduled falls due, whatever day the test runs on.
SUNDAY_MORNING = datetime(2026, 11, 29, 1, 0, tzinfo=UTC)


@contextlib.asynccontextmanager
async def terminal(tmp_path: Path, language: str = "id") -> AsyncIterator[TerminalChat]:
    """A started terminal sandbox writing to a StringIO (``output(chat)``), stopped after."""
    chat = TerminalChat(
        load_settings(default_language=language),
        database_path=tmp_path / "data" / "sandbox.db",
        start=SUNDAY_MORNING,
        stdin=io.StringIO(),
        stdout=io.StringIO(),
    )
    await chat.start()
    try:
        yield chat
    finally:
        await chat.stop()


def output(chat: TerminalChat) -> str:
    assert isinstance(chat.stdout, io.StringIO)
    return chat.stdout.getvalue()


async def type_lines(chat: TerminalChat, *lines: str) -> None:
    for line in lines:
        assert await chat.handle(line), line


async def printed(chat: TerminalChat, text: str, *, after: int = 0) -> int:
    """Wait until `text` has been printed (after position `after`); where it ends. Bounded by
    a timeout, for a bot that never prints it."""
    async with asyncio.timeout(30):
        while (found := output(chat).find(text, after)) < 0:
            chat.said.clear()
            await chat.said.wait()
    return found + len(text)


def in_order(text: str, expected: list[str]) -> None:
    position = 0
    for line in expected:
        found = text.find(line, position)
        assert found >= 0, f"{line!r} missing after position {position} in:\n{text}"
        position = found + len(line)
