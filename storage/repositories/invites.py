from __future__ import annotations

import secrets
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

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
