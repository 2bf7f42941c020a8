"""The emulator over HTTP: python-telegram-bot's real HTTP client against it, and the bot itself
started as another process with BOT_API_BASE_URL pointing at it."""

from __future__ import annotations

import asyncio
import os
import signal
from collections.abc import AsyncIterator
from pathlib import Path

import aiohttp
import pytest
from telegram import Bot
from telegram.error import BadRequest, EndPointNotFound

from sandbox.emulator import SANDBOX_TOKEN, TelegramEmulator
from sandbox.http import BotApiServer
from tests.support.processes import (
    EXECUTABLE,
    free_port,
    read_until,
    run_to_end,
    start,
    start_update,
    stop,
    webhook_env,
)


@pytest.fixture
def live_emulator() -> TelegramEmulator:
    return TelegramEmulator()  # real clock: another process shares it


@pytest.fixture
async def server(live_emulator: TelegramEmulator) -> AsyncIterator[BotApiServer]:
    server = BotApiServer(live_emulator)
    await server.start()
    yield server
    await server.stop()


@pytest.fixture
async def http_bot(server: BotApiServer) -> AsyncIterator[Bot]:
    bot = Bot(SANDBOX_TOKEN, base_url=server.base_url, base_file_url=server.base_file_url)
    await bot.initialize()
    yield bot
    await bot.shutdown()


async def test_the_real_http_client_works_against_it(
    http_bot: Bot, live_emulator: TelegramEmulator
) -> None:
    siti = live_emulator.add_user("Siti")
    live_emulator.private_chat(siti)
    assert (await http_bot.get_me()).username == "InovasiSandboxBot"
    sent = await http_bot.send_message(siti.id, "<b>Halo</b> &amp; hai", parse_mode="HTML")
    assert sent.text == "Halo & hai"
    with pytest.raises(BadRequest, match="Can't parse entities"):
        await http_bot.send_message(siti.id, "<b>Halo", parse_mode="HTML")
    photo = await http_bot.send_photo(siti.id, b"\xff\xd8 foto kegiatan", caption="Bukti")
    telegram_file = await http_bot.get_file(photo.photo[-1].file_id)
    assert bytes(await telegram_file.download_as_bytearray()) == b"\xff\xd8 foto kegiatan"
    assert live_emulator.messages(siti.id)[-1].caption == "Bukti"


async def test_long_polling_returns_when_a_person_writes(
    http_bot: Bot, live_emulator: TelegramEmulator
) -> None:
    siti = live_emulator.add_user("Siti")
    poll = asyncio.create_task(http_bot.get_updates(timeout=20))
    await live_emulator.send_text(siti, "/start")
    async with asyncio.timeout(15):
        updates = await poll
    assert [u.message.text for u in updates if u.message] == ["/start"]


async def test_json_and_form_bodies_and_unknown_methods(
    server: BotApiServer, live_emulator: TelegramEmulator, http_bot: Bot
) -> None:
    siti = live_emulator.add_user("Siti")
    live_emulator.private_chat(siti)
    url = f"{server.base_url}{SANDBOX_TOKEN}"
    async with aiohttp.ClientSession() as session:
        async with session.post(f"{url}/sendMessage", json={"chat_id": siti.id, "text": "J"}) as r:
            assert r.status == 200 and (await r.json())["result"]["text"] == "J"
        async with session.post(f"{url}/sendMessage", data={"chat_id": siti.id, "text": "F"}) as r:
            assert r.status == 200 and (await r.json())["result"]["text"] == "F"
        async with session.get(f"{url}/getMe") as r:
            assert r.status == 200
        async with session.post(f"{url}/sendTelepathy", json={}) as r:
            assert (r.status, await r.json()) == (
                404,
                {"ok": False, "error_code": 404, "description": "Not Found"},
            )
        async with session.get(f"{server.base_url}1:wrong/getMe") as r:
            assert r.status == 401
    with pytest.raises(EndPointNotFound):
        await http_bot.do_api_request("sendTelepathy", api_kwargs={})


async def test_inovasi_bot_run_as_a_process_answers_start(
    server: BotApiServer, live_emulator: TelegramEmulator, tmp_path: Path
) -> None:
    env = {
        **os.environ,
        "BOT_TOKEN": SANDBOX_TOKEN,
        "BOT_API_BASE_URL": server.base_url,
        "DATABASE_URL": f"sqlite:///{tmp_path}/bot.db",
        "LOG_LEVEL": "DEBUG",
    }
    process = await asyncio.create_subprocess_exec(
        str(EXECUTABLE), "run", cwd=tmp_path, env=env,
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE,
    )  # fmt: skip
    try:
        siti = live_emulator.add_user("Siti", language_code="id")
        await live_emulator.send_text(siti, "/start")
        async with asyncio.timeout(60):
            actions = await live_emulator.wait_for_actions(1)
        assert actions[0].message is not None
        assert actions[0].message.chat_id == siti.id
        assert "Selamat datang di Inovasi Bot" in actions[0].message.content
    finally:
        process.send_signal(signal.SIGINT)
        async with asyncio.timeout(30):
            _, stderr = await process.communicate()
    log = stderr.decode()
    assert process.returncode == 0, log
    assert "starting with long polling" in log
    assert SANDBOX_TOKEN not in log and SANDBOX_TOKEN.split(":")[1] not in log
    assert "getUpdates" in live_emulator.calls and "deleteWebhook" in live_emulator.calls


async def test_inovasi_bot_webhook_as_a_process(
    server: BotApiServer, live_emulator: TelegramEmulator, tmp_path: Path
) -> None:
    secret = "sandbox_Secret-1"
    env = webhook_env(server.base_url, tmp_path, secret, LOG_LEVEL="DEBUG")
    port = int(env["WEBHOOK_PORT"])
    process = await start("webhook", env, tmp_path)
    siti = live_emulator.add_user("Siti", language_code="id")
    live_emulator.private_chat(siti)
    update = start_update(siti.to_dict())
    log: list[str] = []
    try:
        async with asyncio.timeout(60), aiohttp.ClientSession() as session:
            await read_until(process, "webhook server started", log)
            assert live_emulator.webhook_url == "https://inovasi.example.go.id/telegram"
            wrong = {"X-Telegram-Bot-Api-Secret-Token": "wrong"}
            async with session.post(
                f"http://127.0.0.1:{port}/telegram", json=update, headers=wrong
            ) as response:
                assert response.status == 403
            right = {"X-Telegram-Bot-Api-Secret-Token": secret}
            async with session.post(
                f"http://127.0.0.1:{port}/telegram", json=update, headers=right
            ) as response:
                assert response.status == 200
            actions = await live_emulator.wait_for_actions(1)
    finally:
        output = await stop(process, log)
    assert actions[0].message is not None and actions[0].message.chat_id == siti.id
    assert "Selamat datang di Inovasi Bot" in actions[0].message.content
    assert process.returncode == 0, output
    assert secret not in output and SANDBOX_TOKEN.split(":")[1] not in output


async def test_a_token_telegram_refuses_stops_with_one_line(
    server: BotApiServer, tmp_path: Path
) -> None:
    code, log = await run_to_end(
        "run",
        {
            "BOT_TOKEN": "987654321:WRONGwrongWRONGwrongWRONGwrong0000",
            "BOT_API_BASE_URL": server.base_url,
            "DATABASE_URL": f"sqlite:///{tmp_path}/bot.db",
        },
        tmp_path,
    )
    assert code == 1
    assert log.splitlines()[-1] == "inovasi-bot: BOT_TOKEN: Telegram does not accept this token"
    assert "Traceback" not in log and "WRONGwrong" not in log


async def test_with_once_an_unreachable_bot_api_stops_with_one_line(tmp_path: Path) -> None:
    code, log = await run_to_end(
        "run",
        {
            "BOT_TOKEN": SANDBOX_TOKEN,
            "BOT_API_BASE_URL": f"http://127.0.0.1:{free_port()}/bot",
            "DATABASE_URL": f"sqlite:///{tmp_path}/bot.db",
        },
        tmp_path,
        "--once",
    )
    assert code == 1
    assert log.splitlines()[-1].startswith(
        "inovasi-bot: BOT_API_BASE_URL: cannot reach the Bot API:"
    )
    assert "Traceback" not in log and SANDBOX_TOKEN.split(":")[1] not in log


async def start_webhook_briefly(env: dict[str, str], cwd: Path) -> tuple[int, str]:
    process = await asyncio.create_subprocess_exec(
        str(EXECUTABLE), "webhook", cwd=cwd, env={**os.environ, **env},
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE,
    )  # fmt: skip
    try:
        async with asyncio.timeout(60):
            _, stderr = await process.communicate()
    finally:
        if process.returncode is None:  # it started after all: stop it, the test fails
            process.kill()
            await process.wait()
    assert process.returncode is not None
    return process.returncode, stderr.decode()


@pytest.mark.parametrize(
    ("secret", "problem"),
    [(None, "WEBHOOK_SECRET is not set"), ("short_secret", "WEBHOOK_SECRET is too short")],
)
async def test_a_webhook_never_starts_without_a_proper_secret(
    server: BotApiServer,
    live_emulator: TelegramEmulator,
    tmp_path: Path,
    secret: str | None,
    problem: str,
) -> None:
    """Without a secret, anyone who finds the address can post updates as an admin."""
    env = {
        "BOT_TOKEN": SANDBOX_TOKEN,
        "BOT_API_BASE_URL": server.base_url,
        "DATABASE_URL": f"sqlite:///{tmp_path}/bot.db",
        "WEBHOOK_URL": "https://inovasi.example.go.id/telegram",
        "WEBHOOK_PORT": str(free_port()),
    }
    if secret is not None:
        env["WEBHOOK_SECRET"] = secret
    code, log = await start_webhook_briefly(env, tmp_path)
    assert code == 2
    [line] = log.splitlines()
    assert line.startswith(f"inovasi-bot: {problem}")
    assert "secrets.token_urlsafe" in line
    assert live_emulator.webhook_url is None and "setWebhook" not in live_emulator.calls


async def test_the_webhook_secret_is_compared_in_constant_time(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The webhook's route as `inovasi-bot webhook` serves it: forged updates are refused before
    anything reads them, the secret compared in constant time; a body that is not an update is
    refused and nothing queued."""
    import hmac
    from types import SimpleNamespace

    import httpx
    from starlette.applications import Starlette
    from telegram import Bot as PlainBot

    from bot.telegram import webhook
    from sandbox.client import Sandbox

    compared: list[tuple[bytes, bytes]] = []
    real = hmac.compare_digest

    def spy(given: bytes, expected: bytes) -> bool:
        compared.append((given, expected))
        return real(given, expected)

    monkeypatch.setattr(hmac, "compare_digest", spy)
    emulator = TelegramEmulator()
    secret = "the_right_Secret-42"
    bot = PlainBot(SANDBOX_TOKEN, request=Sandbox.request(emulator))
    queue: asyncio.Queue = asyncio.Queue()
    application = SimpleNamespace(bot=bot, update_queue=queue)
    app = Starlette(routes=webhook.webhook_routes(application, "/telegram", secret))  # type: ignore[arg-type]
    forged = {
        "update_id": 7,
        "callback_query": {
            "id": "1", "from": {"id": 4_000_000_001, "is_bot": False, "first_name": "Admin"},
            "chat_instance": "1", "data": "mem:role:2:a",
        },
    }  # fmt: skip
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://bot") as client:
        for headers in ({}, {"X-Telegram-Bot-Api-Secret-Token": "the_right_Secret-43"}):
            response = await client.post("/telegram", json=forged, headers=headers)
            assert response.status_code == 403
        assert queue.empty()
        right = {"X-Telegram-Bot-Api-Secret-Token": secret}
        for body in (b"not json", b"[1, 2]", b'{"update_id": "x", "message": 5}'):
            response = await client.post("/telegram", content=body, headers=right)
            assert response.status_code == 400
        assert queue.empty()
        response = await client.post("/telegram", json=forged, headers=right)
        assert response.status_code == 200
        assert (await client.get("/telegram")).status_code == 405
    assert (await queue.get()).update_id == 7
    assert compared[:2] == [
        (b"", secret.encode()),
        (b"the_right_Secret-43", secret.encode()),
    ]
    assert all(pair == (secret.encode(), secret.encode()) for pair in compared[2:])
    await emulator.close()


async def test_in_webhook_mode_the_dashboards_server_takes_the_webhook(
    server: BotApiServer, live_emulator: TelegramEmulator, tmp_path: Path
) -> None:
    """One process, one web server: with DASHBOARD_PORT set, Telegram posts to the dashboard's
    port, the pages are there too, and /healthz and /metrics are not (they stay off a server a
    proxy passes on whole)."""
    port = free_port()
    secret = "sandbox_Secret-1"
    env = webhook_env(server.base_url, tmp_path, secret, DASHBOARD_PORT=str(port))
    process = await start("webhook", env, tmp_path)
    siti = live_emulator.add_user("Siti", language_code="id")
    live_emulator.private_chat(siti)
    update = start_update(siti.to_dict())
    log: list[str] = []
    base = f"http://127.0.0.1:{port}"
    try:
        async with asyncio.timeout(60), aiohttp.ClientSession() as session:
            started = await read_until(process, "webhook server started", log)
            assert f"{base}/telegram (beside the dashboard)" in started
            async with session.get(f"{base}/") as response:
                assert response.status == 200
                assert "Inovasi" in await response.text()
            for path in ("/healthz", "/metrics", "/telegram"):
                async with session.get(f"{base}{path}") as response:
                    assert response.status == 404, path
            headers = {"X-Telegram-Bot-Api-Secret-Token": "wrong-wrong-wrong"}
            async with session.post(f"{base}/telegram", json=update, headers=headers) as response:
                assert response.status == 403
            headers = {"X-Telegram-Bot-Api-Secret-Token": secret}
            async with session.post(f"{base}/telegram", json=update, headers=headers) as response:
                assert response.status == 200
            actions = await live_emulator.wait_for_actions(1)
    finally:
        output = await stop(process, log)
    assert live_emulator.webhook_url == "https://inovasi.example.go.id/telegram"
    assert actions[0].message is not None and "Selamat datang" in actions[0].message.content
    assert process.returncode == 0, output
    assert secret not in output and SANDBOX_TOKEN.split(":")[1] not in output
