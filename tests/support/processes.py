"""The bot as another process: its console script, a free loopback port, a read-only folder."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
from pathlib import Path

import pytest

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
