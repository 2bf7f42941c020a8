#!/usr/bin/env python3
"""The two commands of the README's quick start, with nothing but Python 3.11+ installed.

    python3 dev.py start   install into .venv, then start the bot: for real when BOT_TOKEN is
                           configured (environment or .env) — long polling, or the webhook
                           when WEBHOOK_URL is set — else the offline sandbox
    python3 dev.py test    install into .venv with the test tools, then ruff and the whole suite
                           (extra arguments go to pytest)

Each creates .venv when it is missing and reinstalls only when pyproject.toml changed.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
PYTHON = BIN / ("python.exe" if os.name == "nt" else "python")


def ensure_environment(extras: str) -> None:
    if sys.version_info < (3, 11):
        sys.exit(f"Python 3.11 or newer is needed; this is {sys.version.split()[0]}.")
    if not PYTHON.exists():
        print(f"Creating {VENV} ...", flush=True)
        venv.EnvBuilder(with_pip=True).create(VENV)
    digest = hashlib.sha256((ROOT / "pyproject.toml").read_bytes() + extras.encode()).hexdigest()
    stamp = VENV / f".installed-{extras or 'base'}"
    if stamp.exists() and stamp.read_text() == digest:
        return
    print("Installing Inovasi Bot and its dependencies into .venv ...", flush=True)
    target = f".[{extras}]" if extras else "."
    subprocess.run(
        [
            str(PYTHON),
            "-m",
            "pip",
            "install",
            "--quiet",
            "--disable-pip-version-check",
            "--editable",
            target,
        ],
        cwd=ROOT,
        check=True,
    )
    stamp.write_text(digest)


def start_command() -> str:
    """`sandbox` without BOT_TOKEN, `webhook` with WEBHOOK_URL, else `run` (long polling)."""
    probe = (
        "import sys\n"
        "from bot.core.settings import SettingsError, load_settings\n"
        "try:\n"
        "    settings = load_settings()\n"
        "except SettingsError:\n"
        "    sys.exit(0)  # `run` names the bad variable\n"
        "sys.exit(3 if not settings.bot_token else 4 if settings.webhook_url else 0)\n"
    )
    code = subprocess.run([str(PYTHON), "-c", probe], cwd=ROOT, check=False).returncode
    return {3: "sandbox", 4: "webhook"}.get(code, "run")


def start() -> int:
    ensure_environment("")
    command = start_command()
    if command == "sandbox":
        print("No BOT_TOKEN configured: starting the offline sandbox (see .env.example).")
    return subprocess.run([str(BIN / "inovasi-bot"), command], cwd=ROOT, check=False).returncode


def ensure_browser() -> None:
    """The dashboard's tests drive Debian's Chromium (Playwright cannot download a browser
    here). Installed when missing and this machine can (root, apt-get); otherwise said."""
    if shutil.which("chromium"):
        return
    if shutil.which("apt-get") and hasattr(os, "geteuid") and os.geteuid() == 0:
        print("Installing Chromium for the dashboard's browser tests (apt-get) ...", flush=True)
        env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
        subprocess.run(["apt-get", "update", "-qq"], check=False, env=env)
        subprocess.run(["apt-get", "install", "-y", "-qq", "chromium"], check=False, env=env)
    if not shutil.which("chromium"):
        print(
            "Chromium is missing: the dashboard's browser tests will fail "
            "(Debian/Ubuntu: sudo apt-get install chromium).",
            file=sys.stderr,
        )


def test(pytest_args: list[str]) -> int:
    ensure_environment("dev")
    ensure_browser()
    lint = subprocess.run([str(BIN / "ruff"), "check", "."], cwd=ROOT, check=False)
    if lint.returncode != 0:
        return lint.returncode
    tests = subprocess.run([str(PYTHON), "-m", "pytest", *pytest_args], cwd=ROOT, check=False)
    if tests.returncode == 5:
        print("No tests were collected: that is a failure.", file=sys.stderr)
        return 1
    return tests.returncode


def main() -> int:
    if len(sys.argv) < 2 or sys.argv[1] not in ("start", "test"):
        print(__doc__)
        return 2
    try:
        return start() if sys.argv[1] == "start" else test(sys.argv[2:])
    except subprocess.CalledProcessError as exc:
        print(
            f"dev.py: {' '.join(map(str, exc.cmd[:4]))} ... failed ({exc.returncode})",
            file=sys.stderr,
        )
        return 1
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
