"""`inovasi-bot db copy --to URL`: every table of the configured database into another one
(SQLite to PostgreSQL, the usual move), ids kept, sequences set, counts verified.

The target is given the schema by the migrations (so its constraints, indexes, sequences and
triggers are the ones the bot expects), then filled in one transaction, parents before children,
from one consistent snapshot of the source: a failure leaves the target as it was. The tally the
triggers keep is copied as it stands, in place of what they counted while the rows went in. A
target that holds data, or tables of something else, is refused. The evidence store is not
touched: the same EVIDENCE_DIR serves both databases.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Integer, Table, delete, func, insert, select, text
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import AsyncConnection

from bot.operations.backup import SEEDED, BackupError, describe_rows, user_rows
from storage.database import Database
from storage.migrate import current_revision, head_revision
from storage.models import Base

BATCH = 1000
# Tables the database's triggers fill as the innovations are written (the tally, migration 0015).
DERIVED = ("innovation_tally", "innovation_tally_change")


@dataclass(frozen=True)
class Copied:
    tables: dict[str, int]

    @property
    def rows(self) -> int:
        return sum(self.tables.values())


def same_database(a: str, b: str) -> bool:
    first, second = make_url(a), make_url(b)
    return (first.get_backend_name(), first.host, first.port, first.database) == (
        second.get_backend_name(), second.host, second.port, second.database,
    )  # fmt: skip


def _serial(table: Table) -> str | None:
    """The integer id column a sequence numbers (PostgreSQL), if the table has one."""
    keys = list(table.primary_key.columns)
    if len(keys) == 1 and isinstance(keys[0].type, Integer):
        return keys[0].name
    return None


async def _snapshot(connection: AsyncConnection) -> AsyncConnection:
    """The source read as of one moment: a read transaction (SQLite, under WAL), or repeatable
    read (PostgreSQL)."""
    if connection.dialect.name == "sqlite":
        return await connection.execution_options(read_only=True)
    return await connection.execution_options(isolation_level="REPEATABLE READ")


async def copy_database(source_url: str, target_url: str) -> Copied:
    if same_database(source_url, target_url):
        raise BackupError("--to: that is the configured database itself (DATABASE_URL)")
    source = Database(source_url)
    target = Database(target_url)
    try:
        async with source.engine.connect() as connection:
            revision = await connection.run_sync(current_revision)
        if revision != head_revision():
            raise BackupError(
                f"DATABASE_URL: the database is at schema {revision or 'none'}, not "
                f"{head_revision()}: run inovasi-bot db upgrade first"
            )
        rows = await user_rows(target_url)
        if rows:
            raise BackupError(
                f"--to: the target already holds data ({describe_rows(rows)}): copy only into "
                "an empty database"
            )
        await target.upgrade()
        copied: dict[str, int] = {}
        async with source.engine.connect() as plain:
            reader = await _snapshot(plain)
            async with reader.begin(), target.engine.begin() as writer:
                # The migrations seed the pillars; the source's own rows replace them.
                for table in reversed(Base.metadata.sorted_tables):
                    if table.name in SEEDED:
                        await writer.execute(delete(table))
                for table in Base.metadata.sorted_tables:
                    if table.name not in DERIVED:
                        copied[table.name] = await _copy_table(reader, writer, table)
                # The innovations copied fired the target's tally triggers: what they counted
                # gives way to the source's tally, read in the same snapshot as the innovations.
                for name in DERIVED:
                    table = Base.metadata.tables[name]
                    await writer.execute(delete(table))
                    copied[name] = await _copy_table(reader, writer, table)
                if writer.dialect.name == "postgresql":
                    await _set_sequences(writer)
                for table in Base.metadata.sorted_tables:
                    expected = await reader.scalar(select(func.count()).select_from(table))
                    found = await writer.scalar(select(func.count()).select_from(table))
                    if expected != found or found != copied[table.name]:
                        raise BackupError(
                            f"--to: {table.name} has {found} rows after the copy, the source "
                            f"{expected}: nothing was copied"
                        )
        return Copied(copied)
    finally:
        await source.dispose()
        await target.dispose()


async def _copy_table(reader: AsyncConnection, writer: AsyncConnection, table: Table) -> int:
    order = list(table.primary_key.columns) or list(table.columns)
    result = await reader.stream(select(table).order_by(*order))
    count = 0
    async for rows in result.mappings().partitions(BATCH):
        await writer.execute(insert(table), [dict(row) for row in rows])
        count += len(rows)
    return count


async def _set_sequences(writer: AsyncConnection) -> None:
    """Ids were given explicitly: each sequence continues after the largest one."""
    for table in Base.metadata.sorted_tables:
        column = _serial(table)
        if column is None:
            continue
        await writer.execute(
            text(
                f"SELECT setval(pg_get_serial_sequence('{table.name}', '{column}'), "  # noqa: S608
                f'coalesce((SELECT max("{column}") FROM "{table.name}"), 1), '
                f'(SELECT max("{column}") FROM "{table.name}") IS NOT NULL)'
            )
        )
