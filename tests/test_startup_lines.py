"""What an operator reads when the bot starts: a few lines, each saying something, and one
line naming the setting when the start cannot go on."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from aiohttp import web

from bot.core.logs import ShortInvalidJson, configure_logging
from sandbox.emulator import SANDBOX_TOKEN, TelegramEmulator
from sandbox.http import BotApiServer
from tests.support.processes import (
    read_until,
    run_to_end,
    start,
    stop,
)


@pytest.fixture
async def not_the_bot_api() -> AsyncIterator[str]:
    """A web server on loopback that answers every path 404 with an empty body, as a proxy or
    a mistyped BOT_API_BASE_URL would."""
    seen: list[str] = []

    async def not_found(request: web.Request) -> web.Response:
        seen.append(request.path)
        return web.Response(status=404, body=b"")

    app = web.Application()
    app.router.add_route("*", "/{tail:.*}", not_found)
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    assert site._server is not None and site._server.sockets
    port = site._server.sockets[0].getsockname()[1]
    try:
        yield f"http://127.0.0.1:{port}/bot"
    finally:
        await runner.cleanup()
    assert seen, "the bot never asked the address"


async def test_an_address_that_is_not_the_bot_api_is_said_so_with_once(
    not_the_bot_api: str, tmp_path: Path
) -> None:
    code, log = await run_to_end(
        "run",
        {
            "BOT_TOKEN": SANDBOX_TOKEN,
            "BOT_API_BASE_URL": not_the_bot_api,
            "DATABASE_URL": f"sqlite:///{tmp_path}/bot.db",
        },
        tmp_path,
        "--once",
    )
    assert code == 1
    assert log.splitlines()[-1] == (
        "inovasi-bot: BOT_API_BASE_URL: the address answered 404 Not Found, "
        "not JSON as the Bot API does"
    )
    assert "does not accept this token" not in log
    assert "Traceback" not in log and SANDBOX_TOKEN.split(":")[1] not in log


async def test_an_address_that_is_not_the_bot_api_is_tried_again(
    not_the_bot_api: str, tmp_path: Path
) -> None:
    env = {
        "BOT_TOKEN": SANDBOX_TOKEN,
        "BOT_API_BASE_URL": not_the_bot_api,
        "DATABASE_URL": f"sqlite:///{tmp_path}/bot.db",
    }
    process = await start("run", env, tmp_path)
    log: list[str] = []
    try:
        async with asyncio.timeout(60):
            line = await read_until(process, "not JSON as the Bot API does", log)
        assert "answered 404 Not Found" in line and "check BOT_API_BASE_URL" in line
        assert "trying again in 2 s (attempt 1)" in line
        assert process.returncode is None  # still waiting, not stopped
    finally:
        output = await stop(process, log)
    assert "Traceback" not in output and "does not accept this token" not in output
    assert SANDBOX_TOKEN.split(":")[1] not in output


async def test_webhook_url_with_long_polling_is_refused_in_one_line(tmp_path: Path) -> None:
    code, log = await run_to_end(
        "run",
        {
            "BOT_TOKEN": SANDBOX_TOKEN,
            "BOT_API_BASE_URL": "http://127.0.0.1:9/bot",
            "DATABASE_URL": f"sqlite:///{tmp_path}/bot.db",
            "WEBHOOK_URL": "https://inovasi.example.go.id/telegram",
        },
        tmp_path,
        "--once",
    )
    assert code == 2
    assert log.splitlines() == [
        "inovasi-bot: WEBHOOK_URL is set: long polling would delete that webhook at Telegram; "
        "start with `inovasi-bot webhook`, or leave WEBHOOK_URL empty for long polling"
    ]


@pytest.mark.parametrize("level", ["INFO", "DEBUG"])
async def test_migrations_at_start_are_quiet_unless_debugging(
    level: str, tmp_path: Path
) -> None:
    emulator = TelegramEmulator()  # real clock: another process shares it
    server = BotApiServer(emulator)
    await server.start()
    env = {
        "BOT_TOKEN": SANDBOX_TOKEN,
        "BOT_API_BASE_URL": server.base_url,
        "DATABASE_URL": f"sqlite:///{tmp_path}/bot.db",
        "LOG_LEVEL": level,
    }
    process = await start("run", env, tmp_path)
    log: list[str] = []
    try:
        async with asyncio.timeout(60):
            await read_until(process, "Application started", log)
    finally:
        output = await stop(process, log)
        await server.stop()
    alembic = [line for line in output.splitlines() if " alembic." in line]
    if level == "INFO":
        assert alembic == []
        assert sum("database: applied migrations 0001, 0002" in line for line in log) == 1
        started = output[: output.index("Application started")].splitlines()
        assert len(started) <= 6, started
    else:
        assert any("Running upgrade" in line for line in alembic)


def test_a_long_body_that_echoes_the_token_is_cut_after_the_token_is_redacted(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """A proxy's 404 page that echoes the path ("Cannot POST /bot<token>/getMe") is logged by
    python-telegram-bot with the body: shortened to one line, never with a piece of the token
    (a token cut in two by the shortening would no longer be found by the redactor)."""
    root = logging.getLogger()
    handlers, level = root.handlers[:], root.level
    root.handlers = []
    try:
        configure_logging("INFO", [SANDBOX_TOKEN])
        body = "x" * (ShortInvalidJson.LONGEST_BODY - 60) + f"Cannot POST /bot{SANDBOX_TOKEN}/getMe"
        try:
            raise ValueError("Expecting value")
        except ValueError:
            logging.getLogger("telegram.request.BaseRequest").exception(
                'Can not load invalid JSON data: "%s"', body
            )
    finally:
        root.handlers, root.level = handlers, level
    [line] = capsys.readouterr().err.splitlines()
    assert " WARNING telegram.request.BaseRequest: Can not load invalid JSON data" in line
    assert "Traceback" not in line and line.endswith("…")
    assert SANDBOX_TOKEN.split(":")[1][:8] not in line and "[REDACTED]" in line
