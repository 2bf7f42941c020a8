"""SQLAlchemy's aiosqlite adapter, with one trip to the database's thread per statement.

aiosqlite runs SQLite in a thread of its own, and every call into it is a trip there and back
to the event loop. SQLAlchemy's adapter makes four of them for one statement (open a cursor,
execute, fetch the rows, close the cursor), and each trip waits for the event loop to come back
round to it. Under many people at once the loop is busy with everyone else's work, and a write
transaction holds SQLite's single write turn for all of its trips: measured with 200 people
walking the form at once, a typed answer's transaction held the turn for about ten
milliseconds, most of it waiting in those trips, while the SQL itself took well under one.

This adapter does the four in one function run on aiosqlite's thread, so a statement is one
trip. Everything else (connections, transactions, server-side cursors for long exports,
errors) is SQLAlchemy's and aiosqlite's own. It uses aiosqlite's `_execute` (how aiosqlite's
own methods queue work on its thread) and `_conn` (the sqlite3 connection, used only on that
thread); `aiosqlite` is pinned to the versions that have them.
"""

from __future__ import annotations

import collections
import sqlite3
from collections.abc import Sequence
from types import ModuleType
from typing import Any

import aiosqlite
from sqlalchemy.dialects.sqlite.aiosqlite import (
    AsyncAdapt_aiosqlite_connection,
    AsyncAdapt_aiosqlite_cursor,
    AsyncAdapt_aiosqlite_dbapi,
)
from sqlalchemy.util.concurrency import await_


def _run(
    connection: sqlite3.Connection, operation: str, parameters: Any, many: bool
) -> tuple[Any, list[Any] | None, int | None, int, bool]:
    """On aiosqlite's thread: the whole statement, with its rows, and whether a transaction is
    open after it."""
    cursor = connection.cursor()
    try:
        if many:
            cursor.executemany(operation, parameters)
        elif parameters is None:
            cursor.execute(operation)
        else:
            cursor.execute(operation, parameters)
        description = cursor.description
        rows = cursor.fetchall() if description else None
        return description, rows, cursor.lastrowid, cursor.rowcount, connection.in_transaction
    finally:
        cursor.close()


class _Cursor(AsyncAdapt_aiosqlite_cursor):
    """A cursor whose statement runs in one trip; it holds the rows, not a driver cursor."""

    __slots__ = ("_description", "_lastrowid", "_rowcount")

    def __init__(self, adapt_connection: AsyncAdapt_aiosqlite_connection) -> None:
        self._adapt_connection = adapt_connection
        self._connection = adapt_connection._connection
        self._cursor = None  # type: ignore[assignment]
        self._soft_closed_memoized = {}
        self._rows = collections.deque()
        self._description: Any = None
        self._lastrowid: int | None = None
        self._rowcount = -1

    @property
    def description(self) -> Any:
        return self._description

    @property
    def rowcount(self) -> int:
        return self._rowcount

    @property
    def lastrowid(self) -> int:
        return self._lastrowid  # type: ignore[return-value]

    @property
    def arraysize(self) -> int:
        return 1

    @arraysize.setter
    def arraysize(self, value: int) -> None:
        pass

    async def _async_soft_close(self) -> None:
        pass  # nothing is open: the rows are already here

    def close(self) -> None:
        self._rows.clear()

    def execute(self, operation: Any, parameters: Any = None) -> Any:
        return self._trip(operation, parameters, many=False)

    def executemany(self, operation: Any, seq_of_parameters: Sequence[Any]) -> Any:
        return self._trip(operation, seq_of_parameters, many=True)

    def _trip(self, operation: Any, parameters: Any, *, many: bool) -> None:
        adapted = self._adapt_connection
        connection = self._connection
        try:
            self._description, rows, self._lastrowid, self._rowcount, adapted.open = await_(
                connection._execute(_run, connection._conn, operation, parameters, many)
            )
        except Exception as error:
            adapted.open = True  # as far as we know: the rollback will tell
            adapted._handle_exception(error)
        self._rows = collections.deque(rows) if rows else collections.deque()

    def nextset(self) -> None:
        return None

    def setinputsizes(self, *inputsizes: Any) -> None:
        return None


class _Connection(AsyncAdapt_aiosqlite_connection):
    __slots__ = ("open",)
    _cursor_cls = _Cursor

    def __init__(self, dbapi: Any, connection: aiosqlite.Connection) -> None:
        super().__init__(dbapi, connection)
        self.open = True  # whether a transaction may be open: unknown until a statement ran

    def commit(self) -> None:
        super().commit()
        self.open = False

    def rollback(self) -> None:
        # The pool rolls back every connection it takes back, after the session's own commit
        # too: with no transaction open that is a trip for nothing.
        if self.open:
            super().rollback()
            self.open = False


class _DBAPI(AsyncAdapt_aiosqlite_dbapi):
    def connect(self, *arg: Any, **kw: Any) -> _Connection:
        adapted = super().connect(*arg, **kw)
        return _Connection(self, adapted._connection)


def dbapi() -> ModuleType:
    """What `create_async_engine(..., module=dbapi())` takes for the sqlite+aiosqlite dialect."""
    return _DBAPI(aiosqlite, sqlite3)  # type: ignore[return-value]
