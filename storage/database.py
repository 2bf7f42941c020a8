"""The one engine factory, and the unit of work around it."""

from __future__ import annotations

import asyncio
import logging
import os
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from contextvars import ContextVar
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import event
from sqlalchemy.engine import URL, make_url
from sqlalchemy.ext.asyncio import (
    AsyncEngine,
    AsyncSession,
    async_sessionmaker,
    create_async_engine,
)
from sqlalchemy.orm import Session

from storage import sqlite_driver

logger = logging.getLogger(__name__)

SQLITE_BUSY_TIMEOUT_MS = 10_000
# Set while a write transaction is open in this task: the sandbox refuses a request to Telegram
# then (a network round trip while holding the write lock stalls every other writer).
IN_WRITE_TRANSACTION: ContextVar[bool] = ContextVar("in_write_transaction", default=False)
OUTBOX_WRITTEN = "outbox_written"
INNOVATIONS_WRITTEN = "innovations_written"


STATES_WRITTEN = "conversation_states_written"


def mark_outbox(session: Any, kind: str) -> None:
    """This transaction writes a notice of `kind` to the outbox: wake the sender once it is
    committed."""
    session.info.setdefault(OUTBOX_WRITTEN, set()).add(kind)


def written(session: Any, name: str, key: tuple[int, ...], state: str | None) -> None:
    """A handler wrote this conversation's state in this transaction: once committed, the
    persistence need not write it again (see ``Database.states_written``)."""
    session.info.setdefault(STATES_WRITTEN, {})[(name, key)] = state


class StorageError(Exception):
    """A database problem worded for an operator, in one line."""


_DATABASE = "database"  # in every write session's info: the Database it belongs to


class DatabaseSession(Session):
    """A write session of a ``Database`` (its info names which one)."""


@event.listens_for(DatabaseSession, "after_commit")
def _after_commit(session: Session) -> None:
    # One listener for all databases: a listener per database on a class of its own would be
    # kept by SQLAlchemy's class-level registry for good (the class is a weak key, but the
    # listener, a bound method, holds the database and so the class), with every engine and
    # application around it.
    database = session.info.get(_DATABASE)
    if database is not None:
        database._after_commit(session)


def sqlite_path(url: URL) -> Path | None:
    if url.get_backend_name() != "sqlite" or not url.database or url.database == ":memory:":
        return None
    return Path(url.database)


def prepare_sqlite_file(path: Path) -> None:
    """Create the database's folder if it is missing; refuse clearly if it cannot be written."""
    folder = path.parent if str(path.parent) else Path(".")
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise StorageError(f"cannot create the database folder {folder}: {exc.strerror}") from None
    if not os.access(folder, os.W_OK | os.X_OK):
        raise StorageError(f"the database folder {folder} is read-only")
    if path.exists() and not os.access(path, os.R_OK | os.W_OK):
        raise StorageError(f"the database file {path} is read-only")


def create_engine(url: str | URL, **kwargs: Any) -> AsyncEngine:
    """An async engine for SQLite (aiosqlite) or PostgreSQL (asyncpg).

    SQLite gets WAL, enforced foreign keys and a busy timeout on every connection, and starts
    every transaction as a write (BEGIN IMMEDIATE): a read that later upgrades to a write would
    otherwise fail with "database is locked" instead of waiting its turn.
    """
    url = make_url(url)
    # An error's message never carries the values of a statement (names, phone numbers).
    kwargs.setdefault("hide_parameters", True)
    if url.get_backend_name() == "sqlite":
        path = sqlite_path(url)
        if path is not None:
            prepare_sqlite_file(path)
        if url.get_driver_name() == "aiosqlite":  # one trip to SQLite's thread per statement
            kwargs.setdefault("module", sqlite_driver.dbapi())
        engine = create_async_engine(url, **kwargs)
        _configure_sqlite(engine)
        return engine
    kwargs.setdefault("pool_pre_ping", True)
    return create_async_engine(url, **kwargs)


def _configure_sqlite(engine: AsyncEngine) -> None:
    @event.listens_for(engine.sync_engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        # Hand transaction control to SQLAlchemy's "begin" event below (pysqlite's own
        # BEGIN is deferred, which is what we do not want).
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()

    @event.listens_for(engine.sync_engine, "begin")
    def _on_begin(connection: Any) -> None:
        # Readers (reports, exports) take no write lock: under WAL they never block writers.
        read_only = connection.get_execution_options().get("read_only", False)
        connection.exec_driver_sql("BEGIN DEFERRED" if read_only else "BEGIN IMMEDIATE")


class _ClockOf:
    """The database's current clock, looked up at each statement (it may be set later)."""

    def __init__(self, database: Database) -> None:
        self.database = database

    def now(self) -> datetime:
        clock = self.database.clock
        return clock.now() if clock is not None else datetime.now(UTC)


class Database:
    """An engine and its session factory. One session per update or job, never shared."""

    def __init__(self, url: str | URL, *, clock: Any = None, **engine_kwargs: Any) -> None:
        self.url = make_url(url)
        # Rows are stamped by this database's clock (an object with ``now()``): the
        # application sets it to its own, so tests and the sandbox can move time.
        self.clock = clock
        self.engine = create_engine(
            self.url, execution_options={"clock": _ClockOf(self)}, **engine_kwargs
        )
        # Bumped by every commit that wrote innovations (or their pillars): what a cache of
        # figures about them (the dashboard's overview) compares with.
        self.innovations_version = 0
        event.listen(self.engine.sync_engine, "after_cursor_execute", self._after_statement)
        event.listen(self.engine.sync_engine, "commit", self._after_connection_commit)
        event.listen(self.engine.sync_engine, "rollback", self._after_connection_rollback)
        # Called after a commit that wrote to the outbox (see ``mark_outbox``): the sender is
        # woken as soon as the notice can be seen, not on its next poll.
        self.on_outbox: Callable[[set[str]], None] | None = None
        # Conversation states the handlers committed, and which python-telegram-bot's
        # persistence would otherwise write again in a transaction of its own.
        # (name, key) → (the commit's number, the state), and the number of the last commit.
        self.states_written: dict[tuple[str, tuple[int, ...]], tuple[int, str | None]] = {}
        self.commits = 0
        self.sessions = async_sessionmaker(
            self.engine, expire_on_commit=False, sync_session_class=DatabaseSession,
            info={_DATABASE: self},
        )  # fmt: skip
        self.read_sessions = async_sessionmaker(
            self.engine.execution_options(read_only=True), expire_on_commit=False
        )
        self._prepared = False
        self._prepare_lock = asyncio.Lock()
        self._write_lock = asyncio.Lock() if self.url.get_backend_name() == "sqlite" else None

    def now(self) -> datetime:
        return _ClockOf(self).now()

    def _after_statement(self, conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        head = statement.lstrip()[:6].upper()
        start = statement[:80]
        # Folding the tally's changes (storage.tally.compact) changes no figure.
        if (
            head in ("INSERT", "UPDATE", "DELETE")
            and "innovation" in start
            and "innovation_tally" not in start
        ):
            conn.info[INNOVATIONS_WRITTEN] = True

    def _after_connection_commit(self, conn: Any) -> None:
        if conn.info.pop(INNOVATIONS_WRITTEN, False):
            self.innovations_version += 1

    def _after_connection_rollback(self, conn: Any) -> None:
        conn.info.pop(INNOVATIONS_WRITTEN, None)

    def _after_commit(self, session: Session) -> None:
        self.commits += 1
        for key, state in session.info.pop(STATES_WRITTEN, {}).items():
            self.states_written[key] = (self.commits, state)
        kinds = session.info.pop(OUTBOX_WRITTEN, None)
        if kinds and self.on_outbox is not None:
            self.on_outbox(kinds)

    @property
    def dialect(self) -> str:
        return self.engine.dialect.name

    @asynccontextmanager
    async def transaction(self) -> AsyncIterator[AsyncSession]:
        """A session inside one transaction: committed when the block ends, rolled back if it
        raises. Handlers and jobs own it; repositories only flush.

        SQLite has one writer at a time. Left to itself, every other writer polls the lock,
        sleeping between tries (up to 100 ms a time): under many people at once that is most
        of the wait, and unfair. So this process's writers queue here, in order, and SQLite's
        own busy timeout is left for other processes."""
        if self._write_lock is not None and IN_WRITE_TRANSACTION.get():
            # The outer one holds the write turn: this one would wait for it forever.
            raise StorageError("a write transaction inside another one, in one task")
        marker = IN_WRITE_TRANSACTION.set(True)
        try:
            if self._write_lock is None:
                async with self.sessions() as session, session.begin():
                    yield session
                return
            async with self._write_turn(), self.sessions() as session, session.begin():
                yield session
        finally:
            IN_WRITE_TRANSACTION.reset(marker)

    @asynccontextmanager
    async def _write_turn(self) -> AsyncIterator[None]:
        assert self._write_lock is not None
        try:
            async with asyncio.timeout(SQLITE_BUSY_TIMEOUT_MS / 1000):
                await self._write_lock.acquire()
        except TimeoutError:
            raise StorageError("the database is busy: no write turn within the timeout") from None
        try:
            yield
        finally:
            self._write_lock.release()

    @asynccontextmanager
    async def reading(self) -> AsyncIterator[AsyncSession]:
        """A session for reading only: long reports and exports hold no write lock."""
        async with self.read_sessions() as session, session.begin():
            yield session

    async def upgrade(self) -> list[str]:
        """Apply pending migrations; returns the revisions applied (empty if up to date)."""
        from storage.migrate import upgrade

        return await upgrade(self.engine)

    async def prepare(self, *, migrate: bool = True) -> None:
        """Once per process, before first use: apply pending migrations (unless told not to)."""
        async with self._prepare_lock:
            if not self._prepared:
                if migrate:
                    applied = await self.upgrade()
                    if applied:
                        logger.info("database: applied migrations %s", ", ".join(applied))
                self._prepared = True

    async def dispose(self) -> None:
        await self.engine.dispose()
