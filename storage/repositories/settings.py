from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import AppSetting, session_now

COORDINATOR_CHAT_ID = "coordinator_chat_id"


class AppSettingRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def get(self, key: str) -> str | None:
        row = await self.session.get(AppSetting, key)
        return row.value if row else None

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
