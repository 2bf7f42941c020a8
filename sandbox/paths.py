"""Where the terminal sandbox keeps its things, shared by ``inovasi-bot sandbox`` and the
``--sandbox`` option of the other commands (so that ``inovasi-bot --sandbox invite create``
writes to the very database the sandbox reads, never the real bot's)."""

from __future__ import annotations

from pathlib import Path

SANDBOX_DATABASE = Path("data") / "sandbox.db"
SANDBOX_BOT_USERNAME = "InovasiSandboxBot"


def beside(database_path: Path, what: str) -> Path:
    """A file or folder next to the sandbox's database: ``data/sandbox-evidence`` and so on."""
    return database_path.with_name(f"{database_path.stem}-{what}")


def sandbox_storage(database_path: Path = SANDBOX_DATABASE) -> dict[str, str]:
    """The settings that point a command at the sandbox's database and evidence store."""
    return {
        "database_url": f"sqlite+aiosqlite:///{database_path}",
        # Its own evidence store beside its database, never the real bot's.
        "evidence_dir": str(beside(database_path, "evidence")),
        "bot_username": SANDBOX_BOT_USERNAME,
    }
