"""Row counts of a database, as the backup and the copy check them."""

from __future__ import annotations

from storage.database import Database


async def counts(url: str) -> dict[str, int]:
    from bot.backup import _counts

    database = Database(url)
    try:
        return await _counts(database)
    finally:
        await database.dispose()
