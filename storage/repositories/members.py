from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import selectinload

from storage.models import Member, MemberStatus, Role


class MemberRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def by_telegram_id(self, telegram_id: int) -> Member | None:
        return await self.session.scalar(
            select(Member)
            .where(Member.telegram_id == telegram_id)
            .options(selectinload(Member.opd))
        )

    async def add(
        self,
        *,
        telegram_id: int,
        full_name: str,
        role: Role,
        opd_id: int | None,
        phone: str | None = None,
        language: str | None = None,
    ) -> Member:
        member = Member(
            telegram_id=telegram_id,
            full_name=full_name,
            role=role,
            opd_id=opd_id,
            phone=phone,
            language=language,
            status=MemberStatus.ACTIVE,
        )
        self.session.add(member)
        await self.session.flush()
        return member
