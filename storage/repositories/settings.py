from __future__ import annotations

from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import AppSetting, session_now

COORDINATOR_CHAT_ID = "coordinator_chat_id"


class AppSettingRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def get(self, key: str, *, for_update: bool = False) -> str | None:
        """The value; `for_update` locks its row until the transaction ends (PostgreSQL; SQLite
        has one writer at a time anyway), so a read-then-write is not raced."""
        row = await self.session.get(AppSetting, key, with_for_update=for_update or None)
        return row.value if row else None

    async def ensure(self, key: str, value: str) -> None:
        """The row of `key` exists afterwards: inserted with `value` unless it was there (its
        value kept). One statement, so two transactions ensuring at once both go on, and a
        `get(..., for_update=True)` after it always has a row to lock."""
        dialect = self.session.bind.dialect.name
        insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
        statement = (
            insert(AppSetting)
            .values(key=key, value=value, updated_at=session_now(self.session))
            .on_conflict_do_nothing(index_elements=["key"])
        )
        await self.session.execute(statement)

    async def delete(self, key: str) -> None:
        row = await self.session.get(AppSetting, key)
        if row is not None:
            await self.session.delete(row)
            await self.session.flush()

    async def set(self, key: str, value: str) -> None:
        row = await self.session.get(AppSetting, key)
        if row is None:
            self.session.add(AppSetting(key=key, value=value))
        else:
            row.value = value
            row.updated_at = session_now(self.session)
        await self.session.flush()
