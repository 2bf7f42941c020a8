from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import joinedload, selectinload

from storage.models import Member, MemberStatus, Role


class MemberRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def by_telegram_id(self, telegram_id: int) -> Member | None:
        """With the OPD, in one statement (asked on every update)."""
        return await self.session.scalar(
            select(Member).where(Member.telegram_id == telegram_id).options(joinedload(Member.opd))
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

    async def get(self, member_id: int) -> Member | None:
        return await self.session.scalar(
            select(Member).where(Member.id == member_id).options(selectinload(Member.opd))
        )

    async def page(self, offset: int, limit: int) -> tuple[list[Member], int]:
        """Members by name, and how many there are in all."""
        total = await self.session.scalar(select(func.count()).select_from(Member)) or 0
        members = await self.session.scalars(
            select(Member)
            .options(selectinload(Member.opd))
            .order_by(func.lower(Member.full_name), Member.id)
            .offset(offset)
            .limit(limit)
        )
        return list(members), total

    async def with_role(self, role: Role) -> list[Member]:
        return list(
            await self.session.scalars(
                select(Member).where(Member.role == role, Member.status == MemberStatus.ACTIVE)
            )
        )
