"""Fresh, isolated databases for tests: SQLite always, PostgreSQL when TEST_DATABASE_URL is set.

Each test gets its own database, already migrated: SQLite by copying a migrated file, PostgreSQL
by CREATE DATABASE ... TEMPLATE of a migrated one (tens of milliseconds), dropped afterwards.
"""

from __future__ import annotations

import asyncio
import os
import shutil
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import asyncpg
from sqlalchemy.engine import URL, make_url

from storage.database import Database

TEST_DATABASE_URL = os.environ.get("TEST_DATABASE_URL", "").strip()
BACKENDS = ["sqlite"] + (["postgresql"] if TEST_DATABASE_URL else [])


def postgres_url(database: str) -> URL:
    url = make_url(TEST_DATABASE_URL).set(drivername="postgresql+asyncpg")
    return url.set(database=database)


async def _admin(sql: str) -> None:
    url = make_url(TEST_DATABASE_URL)
    connection = await asyncpg.connect(
        host=url.host or "127.0.0.1",
        port=url.port or 5432,
        user=url.username or "postgres",
        password=url.password,
        database=url.database or "postgres",
    )
    try:
        await connection.execute(sql)
    finally:
        await connection.close()


def admin_sql(sql: str) -> None:
    asyncio.run(_admin(sql))


async def _migrate(url: URL | str) -> None:
    database = Database(url)
    try:
        await database.upgrade()
    finally:
        await database.dispose()


class Templates:
    """Migrated databases made once per test session, copied for every test."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.sqlite_file: Path | None = None
        self.postgres_name: str | None = None

    def sqlite(self) -> Path:
        if self.sqlite_file is None:
            path = self.folder / "template.db"
            asyncio.run(_migrate(f"sqlite+aiosqlite:///{path}"))
            self.sqlite_file = path
        return self.sqlite_file

    def postgres(self) -> str:
        if self.postgres_name is None:
            name = f"inovasi_tmpl_{os.getpid()}_{uuid.uuid4().hex[:6]}"
            admin_sql(f'CREATE DATABASE "{name}"')
            asyncio.run(_migrate(postgres_url(name)))
            self.postgres_name = name
        return self.postgres_name

    def close(self) -> None:
        if self.postgres_name is not None:
            admin_sql(f'DROP DATABASE IF EXISTS "{self.postgres_name}" WITH (FORCE)')


@contextmanager
def fresh_database_url(
    backend: str, folder: Path, templates: Templates, *, migrated: bool = True
) -> Iterator[str]:
    """A URL to a database of its own; migrated unless `migrated` is False (then empty)."""
    if backend == "sqlite":
        path = folder / f"test-{uuid.uuid4().hex[:8]}.db"
        if migrated:
            shutil.copyfile(templates.sqlite(), path)
        yield f"sqlite+aiosqlite:///{path}"
        return
    name = f"inovasi_test_{uuid.uuid4().hex[:12]}"
    template = f' TEMPLATE "{templates.postgres()}"' if migrated else ""
    admin_sql(f'CREATE DATABASE "{name}"{template}')
    try:
        yield postgres_url(name).render_as_string(hide_password=False)
    finally:
        admin_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
