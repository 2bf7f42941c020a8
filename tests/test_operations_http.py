"""Running it for real, as a process: waiting for a network that is not up yet, and /healthz
and /metrics over HTTP (on the webhook's server, and on METRICS_PORT in polling mode)."""

from __future__ import annotations

import asyncio
import json
import os
from pathlib import Path

import aiohttp
import pytest

from bot.operations.monitor import Metrics, update_kind
from sandbox.client import Sandbox
from sandbox.emulator import SANDBOX_TOKEN, TelegramEmulator
from sandbox.http import BotApiServer
from tests.support.processes import (
    EXECUTABLE,
    free_port,
    read_until,
    start,
    start_update,
    stop,
    webhook_env,
)


@pytest.fixture
def live_emulator() -> TelegramEmulator:
    return TelegramEmulator()  # real clock: another process shares it


async def test_the_bot_waits_for_telegram_instead_of_exiting(
    live_emulator: TelegramEmulator, tmp_path: Path
) -> None:
    port = free_port()
    env = {
        "BOT_TOKEN": SANDBOX_TOKEN,
        "BOT_API_BASE_URL": f"http://127.0.0.1:{port}/bot",
        "DATABASE_URL": f"sqlite:///{tmp_path}/bot.db",
    }
    process = await start("run", env, tmp_path)
    log: list[str] = []
    server = None
    try:
        async with asyncio.timeout(60):
            line = await read_until(process, "cannot reach the Bot API", log)
            assert f"at 127.0.0.1:{port}" in line and "trying again in 2 s (attempt 1)" in line
            assert process.returncode is None
            # The network comes up: the bot starts on its next try and answers.
            server = BotApiServer(live_emulator, port=port)
            await server.start()
            siti = live_emulator.add_user("Siti", language_code="id")
            await live_emulator.send_text(siti, "/start")
            actions = await live_emulator.wait_for_actions(1)
        assert actions[0].message is not None
        assert "Selamat datang di Inovasi Bot" in actions[0].message.content
    finally:
        output = await stop(process, log)
        if server is not None:
            await server.stop()
    assert process.returncode == 0, output
    assert "the Bot API at 127.0.0.1" in output and "answers after" in output
    assert SANDBOX_TOKEN.split(":")[1] not in output and "Traceback" not in output


async def test_healthz_and_metrics_on_the_webhooks_server(
    live_emulator: TelegramEmulator, tmp_path: Path
) -> None:
    server = BotApiServer(live_emulator)
    await server.start()
    secret = "sandbox_Secret-1"
    env = webhook_env(server.base_url, tmp_path, secret, LOG_LEVEL="DEBUG")
    port = int(env["WEBHOOK_PORT"])
    process = await start("webhook", env, tmp_path)
    siti = live_emulator.add_user("Siti", language_code="id")
    live_emulator.private_chat(siti)
    update = start_update(siti.to_dict())
    log: list[str] = []
    base = f"http://127.0.0.1:{port}"
    try:
        async with asyncio.timeout(60), aiohttp.ClientSession() as session:
            await read_until(process, "webhook server started", log)
            async with session.get(f"{base}/healthz") as response:
                assert response.status == 200
                health = await response.json()
            assert health["status"] == "ok" and health["database"] == "ok"
            assert health["scheduler"] == "running" and health["last_update"] is None
            headers = {"X-Telegram-Bot-Api-Secret-Token": secret}
            async with session.post(f"{base}/telegram", json=update, headers=headers) as response:
                assert response.status == 200
            await live_emulator.wait_for_actions(1)
            while True:  # counted once its handlers are done, a moment after the answer left
                async with session.get(f"{base}/metrics") as response:
                    assert response.status == 200
                    assert response.headers["Content-Type"].startswith("text/plain")
                    metrics = await response.text()
                if 'inovasi_updates_total{kind="message"} 1.0' in metrics:
                    break
            async with session.get(f"{base}/healthz") as response:
                health = await response.json()
    finally:
        output = await stop(process, log)
        await server.stop()
    assert process.returncode == 0, output
    assert 'inovasi_updates_total{kind="message"} 1.0' in metrics
    assert 'inovasi_update_seconds_count{kind="message"} 1.0' in metrics
    assert 'inovasi_errors_total{where="update"} 0.0' in metrics
    assert "inovasi_telegram_429_total 0.0" in metrics
    assert "inovasi_outbox_pending 0.0" in metrics
    assert 'inovasi_database_pool_connections{state="checked_out"}' in metrics
    assert "inovasi_scheduler_running 1.0" in metrics and "inovasi_database_up 1.0" in metrics
    assert "inovasi_last_update_timestamp_seconds" in metrics
    assert health["last_update"] is not None
    assert secret not in output and SANDBOX_TOKEN.split(":")[1] not in output


async def test_polling_with_metrics_port_and_json_logs(
    live_emulator: TelegramEmulator, tmp_path: Path
) -> None:
    server = BotApiServer(live_emulator)
    await server.start()
    port = free_port()
    env = {
        "BOT_TOKEN": SANDBOX_TOKEN,
        "BOT_API_BASE_URL": server.base_url,
        "DATABASE_URL": f"sqlite:///{tmp_path}/bot.db",
        "METRICS_PORT": str(port),
        "LOG_FORMAT": "json",
    }
    process = await start("run", env, tmp_path)
    log: list[str] = []
    try:
        async with asyncio.timeout(60), aiohttp.ClientSession() as session:
            await read_until(process, "health and metrics on http://127.0.0.1:", log)
            async with session.get(f"http://127.0.0.1:{port}/healthz") as response:
                assert response.status == 200
                assert (await response.json())["status"] == "ok"
            async with session.get(f"http://127.0.0.1:{port}/metrics") as response:
                assert "inovasi_updates" in await response.text()
    finally:
        output = await stop(process, log)
        await server.stop()
    assert process.returncode == 0, output
    records = [json.loads(line) for line in output.splitlines() if line.strip()]
    assert {"time", "level", "logger", "message"} <= set(records[0])
    assert any("starting with long polling" in r["message"] for r in records)


async def test_a_taken_metrics_port_is_one_line(
    live_emulator: TelegramEmulator, tmp_path: Path
) -> None:
    server = BotApiServer(live_emulator)
    await server.start()
    env = {
        "BOT_TOKEN": SANDBOX_TOKEN,
        "BOT_API_BASE_URL": server.base_url,
        "DATABASE_URL": f"sqlite:///{tmp_path}/bot.db",
        "METRICS_PORT": str(server.port),  # the emulator's own port: taken
    }
    process = await start("run", env, tmp_path)
    try:
        async with asyncio.timeout(60):
            _, stderr = await process.communicate()
    finally:
        await server.stop()
    last = stderr.decode().splitlines()[-1]
    assert process.returncode == 2
    assert last.startswith(f"inovasi-bot: METRICS_PORT: cannot listen on 127.0.0.1:{server.port}")


async def test_a_read_only_evidence_folder_stops_the_start_in_one_line(tmp_path: Path) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x")
    env = {
        "BOT_TOKEN": SANDBOX_TOKEN,
        "BOT_API_BASE_URL": f"http://127.0.0.1:{free_port()}/bot",
        "DATABASE_URL": f"sqlite:///{tmp_path}/bot.db",
        "EVIDENCE_DIR": str(blocker / "evidence"),
    }
    process = await start("run", env, tmp_path)
    async with asyncio.timeout(60):
        _, stderr = await process.communicate()
    assert process.returncode == 2
    assert stderr.decode() == (
        f"inovasi-bot: EVIDENCE_DIR: cannot create the evidence folder {blocker / 'evidence'}: "
        "Not a directory\n"
    )


async def test_health_fails_when_the_database_does_not_answer(
    sandbox: Sandbox, person, monkeypatch: pytest.MonkeyPatch
) -> None:
    siti = await person("staff")
    await siti.send("/bantuan")
    services = sandbox.application.bot_data
    status, body = await services.monitor.health()
    assert status == 200 and body["last_update"] == "2026-11-02T02:00:00+00:00"
    assert body["seconds_since_last_update"] == 0.0

    def broken():
        raise OSError("connection refused")

    monkeypatch.setattr(services.database, "reading", broken)
    status, body = await services.monitor.health()
    assert status == 503
    assert body["status"] == "failing" and body["database"] == "failing: OSError"
    payload = (await services.monitor.metrics_payload()).decode()
    assert "inovasi_database_up 0.0" in payload


def test_every_application_has_its_own_registry() -> None:
    first, second = Metrics(), Metrics()
    first.updates.labels("message").inc()
    assert first.registry is not second.registry
    assert second.registry.get_sample_value("inovasi_updates_total", {"kind": "message"}) is None
    assert update_kind(object()) == "other"


@pytest.mark.skipif(not hasattr(os, "geteuid"), reason="POSIX permissions")
def test_a_read_only_evidence_folder_is_named_at_start(tmp_path: Path) -> None:
    from tests.support.processes import run_read_only

    folder = tmp_path / "evidence"
    folder.mkdir()
    env = {
        **os.environ,
        "BOT_TOKEN": SANDBOX_TOKEN,
        "BOT_API_BASE_URL": f"http://127.0.0.1:{free_port()}/bot",
        "DATABASE_URL": f"sqlite:///{tmp_path}/bot.db",
        "EVIDENCE_DIR": str(folder),
    }
    result = run_read_only(folder, [str(EXECUTABLE), "run"], env, tmp_path)
    assert (
        result.stderr == f"inovasi-bot: EVIDENCE_DIR: the evidence folder {folder} is read-only\n"
    )
    assert result.returncode == 2


def test_the_start_freezes_what_it_made_and_collects_the_young_less_often() -> None:
    """What `inovasi-bot run` does to the garbage collector before it starts taking updates."""
    import gc

    from bot.runner import YOUNGEST_THRESHOLD, freeze_startup_objects

    before = gc.get_threshold()
    try:
        freeze_startup_objects()
        assert gc.get_freeze_count() > 0
        assert gc.get_threshold() == (YOUNGEST_THRESHOLD, *before[1:])
    finally:
        gc.unfreeze()
        gc.set_threshold(*before)
