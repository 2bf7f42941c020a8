from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import Pillar


class PillarRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def list(self) -> list[Pillar]:
        return list(await self.session.scalars(select(Pillar).order_by(Pillar.position)))
