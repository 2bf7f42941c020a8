from __future__ import annotations

import secrets
from datetime import datetime

from sqlalchemy import or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import selectinload

from storage.models import Invite, Role

# No 0/O, 1/I/L: a code is sometimes read out or typed from a screenshot.
INVITE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
INVITE_LENGTH = 16  # 16 symbols of 31 = 79 bits from `secrets`


def new_invite_code() -> str:
    return "".join(secrets.choice(INVITE_ALPHABET) for _ in range(INVITE_LENGTH))


class InviteRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def create(
        self,
        *,
        opd_id: int,
        role: Role,
        max_uses: int | None,
        expires_at: datetime | None,
        created_by_id: int | None = None,
    ) -> Invite:
        invite = Invite(
            code=new_invite_code(),
            opd_id=opd_id,
            role=role,
            max_uses=max_uses,
            expires_at=expires_at,
            created_by_id=created_by_id,
        )
        self.session.add(invite)
        await self.session.flush()
        return invite

    async def by_code(self, code: str) -> Invite | None:
        return await self.session.scalar(select(Invite).where(Invite.code == code))

    async def by_code_with_opd(self, code: str) -> Invite | None:
        return await self.session.scalar(
            select(Invite).where(Invite.code == code).options(selectinload(Invite.opd))
        )

    async def use(self, invite_id: int, now: datetime) -> bool:
        """Take one use of an invite, atomically: False if it expired, was revoked or ran out
        in the meantime (two people redeeming the last use at once)."""
        result = await self.session.execute(
            update(Invite)
            .where(
                Invite.id == invite_id,
                Invite.revoked_at.is_(None),
                or_(Invite.expires_at.is_(None), Invite.expires_at > now),
                or_(Invite.max_uses.is_(None), Invite.used_count < Invite.max_uses),
            )
            .values(used_count=Invite.used_count + 1)
            .execution_options(synchronize_session=False)
        )
        return result.rowcount == 1

    async def active(self, now: datetime, limit: int = 20) -> list[Invite]:
        query = (
            select(Invite)
            .where(
                Invite.revoked_at.is_(None),
                or_(Invite.expires_at.is_(None), Invite.expires_at > now),
                or_(Invite.max_uses.is_(None), Invite.used_count < Invite.max_uses),
            )
            .options(selectinload(Invite.opd))
            .order_by(Invite.id.desc())
            .limit(limit)
        )
        return list(await self.session.scalars(query))

    async def revoke(self, invite_id: int, now: datetime) -> bool:
        result = await self.session.execute(
            update(Invite)
            .where(Invite.id == invite_id, Invite.revoked_at.is_(None))
            .values(revoked_at=now)
            .execution_options(synchronize_session=False)
        )
        return result.rowcount == 1
