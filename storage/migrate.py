"""Alembic, driven from code: the CLI's `db upgrade` and the bot's start share this."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any
from weakref import WeakKeyDictionary

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy.ext.asyncio import AsyncEngine

MIGRATIONS = Path(__file__).resolve().parent / "migrations"


def alembic_config(url: str | None = None) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    if url is not None:
        config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return config


def head_revision() -> str:
    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    assert head is not None
    return head


def all_revisions() -> list[str]:
    """Every revision, oldest first."""
    script = ScriptDirectory.from_config(alembic_config())
    return [rev.revision for rev in reversed(list(script.walk_revisions()))]


def current_revision(sync_connection: Any) -> str | None:
    return MigrationContext.configure(sync_connection).get_current_revision()


async def upgrade(engine: AsyncEngine, target: str = "head") -> list[str]:
    """Upgrade the database to `target` in one transaction; returns the revisions applied.

    Both SQLite and PostgreSQL run DDL inside a transaction, so a failing migration leaves the
    database as it was, never half-written.
    """
    applied: list[str] = []

    def run(sync_connection: Any) -> None:
        config = alembic_config()
        config.attributes["connection"] = sync_connection
        before = current_revision(sync_connection)
        script = ScriptDirectory.from_config(config)
        command.upgrade(config, target)
        after = current_revision(sync_connection)
        if before != after:
            applied.extend(
                rev.revision for rev in reversed(list(script.iterate_revisions(after, before)))
            )

    # Alembic keeps its context in module globals: two upgrades at once in one process (two
    # applications in one test, say) would trample each other's. One at a time, then.
    async with _upgrade_lock(), engine.begin() as connection:
        await connection.run_sync(run)
    return applied


_locks: WeakKeyDictionary[asyncio.AbstractEventLoop, asyncio.Lock] = WeakKeyDictionary()


def _upgrade_lock() -> asyncio.Lock:
    loop = asyncio.get_running_loop()
    if loop not in _locks:
        _locks[loop] = asyncio.Lock()
    return _locks[loop]
