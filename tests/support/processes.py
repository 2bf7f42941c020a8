"""The bot as another process: its console script, a free loopback port, a read-only folder."""

from __future__ import annotations

import asyncio
import os
import shutil
import signal
import socket
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from sandbox.emulator import SANDBOX_TOKEN

EXECUTABLE = shutil.which("inovasi-bot") or str(Path(sys.executable).parent / "inovasi-bot")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def read_only_command(folder: Path, argv: list[str]) -> list[str]:
    """`argv` run where `folder` is read-only. root writes through permissions, so for root the
    folder becomes a read-only bind mount in a private mount namespace."""
    if os.geteuid() != 0:
        folder.chmod(0o555)
        return argv
    if shutil.which("unshare") is None:
        pytest.skip("needs unshare(1) to make a read-only folder for root")
    script = 'mount --bind "$1" "$1" && mount -o remount,ro,bind "$1" && shift && exec "$@"'
    return ["unshare", "-m", "sh", "-c", script, "sh", str(folder), *argv]


def run_read_only(
    folder: Path, argv: list[str], env: dict[str, str], cwd: Path
) -> subprocess.CompletedProcess[str]:
    """Run `argv` where `folder` is read-only (skipped where no read-only mount can be made)."""
    result = subprocess.run(
        read_only_command(folder, argv),
        capture_output=True, text=True, env=env, cwd=cwd, timeout=60, check=False,
    )  # fmt: skip
    if "mount:" in result.stderr or "unshare:" in result.stderr:
        pytest.skip(f"cannot make a read-only mount here: {result.stderr.strip()}")
    return result


WEBHOOK_URL = "https://inovasi.example.go.id/telegram"


def webhook_env(bot_api: str, folder: Path, secret: str, **more: str) -> dict[str, str]:
    """The environment of `inovasi-bot webhook` against the emulator at `bot_api`."""
    return {
        **os.environ,
        "BOT_TOKEN": SANDBOX_TOKEN,
        "BOT_API_BASE_URL": bot_api,
        "DATABASE_URL": f"sqlite:///{folder}/bot.db",
        "WEBHOOK_URL": WEBHOOK_URL,
        "WEBHOOK_SECRET": secret,
        "WEBHOOK_PORT": str(free_port()),
        **more,
    }


def start_update(user: dict[str, Any], update_id: int = 1) -> dict[str, Any]:
    """What Telegram posts when `user` (a User's dict) sends /start in their private chat."""
    return {
        "update_id": update_id,
        "message": {
            "message_id": 1, "date": 1_790_000_000, "from": user,
            "chat": {"id": user["id"], "type": "private", "first_name": user["first_name"]},
            "text": "/start", "entities": [{"type": "bot_command", "offset": 0, "length": 6}],
        },
    }  # fmt: skip


async def start(
    command: str, env: dict[str, str], cwd: Path, *extra: str
) -> asyncio.subprocess.Process:
    return await asyncio.create_subprocess_exec(
        str(EXECUTABLE), command, *extra, cwd=cwd, env={**os.environ, **env},
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE,
    )  # fmt: skip


async def run_to_end(
    command: str, env: dict[str, str], cwd: Path, *extra: str
) -> tuple[int, str]:
    """`inovasi-bot COMMAND …` run until it stops by itself (a minute at most): its exit code
    and what it wrote to stderr."""
    process = await start(command, env, cwd, *extra)
    async with asyncio.timeout(60):
        _, stderr = await process.communicate()
    assert process.returncode is not None
    return process.returncode, stderr.decode()


async def read_until(process: asyncio.subprocess.Process, text: str, log: list[str]) -> str:
    assert process.stderr is not None
    while True:
        line = (await process.stderr.readline()).decode()
        assert line, f"the bot stopped before saying {text!r}:\n" + "".join(log)
        log.append(line)
        if text in line:
            return line


async def stop(process: asyncio.subprocess.Process, log: list[str]) -> str:
    if process.returncode is None:
        process.send_signal(signal.SIGINT)
    async with asyncio.timeout(30):
        _, stderr = await process.communicate()
    return "".join(log) + stderr.decode()
