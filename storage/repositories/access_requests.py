from __future__ import annotations

from datetime import datetime

from sqlalchemy import func, select, update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import selectinload

from storage.models import AccessRequest, RequestStatus


class AccessRequestRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def pending_for(self, telegram_id: int) -> AccessRequest | None:
        return await self.session.scalar(
            select(AccessRequest)
            .where(
                AccessRequest.telegram_id == telegram_id,
                AccessRequest.status == RequestStatus.PENDING,
            )
            .options(selectinload(AccessRequest.opd))
        )

    async def last_rejected_at(self, telegram_id: int) -> datetime | None:
        """When this person's latest rejected request was rejected (None: never)."""
        return await self.session.scalar(
            select(func.max(AccessRequest.decided_at)).where(
                AccessRequest.telegram_id == telegram_id,
                AccessRequest.status == RequestStatus.REJECTED,
            )
        )

    async def get(self, request_id: int) -> AccessRequest | None:
        return await self.session.scalar(
            select(AccessRequest)
            .where(AccessRequest.id == request_id)
            .options(selectinload(AccessRequest.opd))
        )

    async def add(
        self, *, telegram_id: int, full_name: str, opd_id: int, language: str | None
    ) -> AccessRequest:
        request = AccessRequest(
            telegram_id=telegram_id, full_name=full_name, opd_id=opd_id, language=language
        )
        self.session.add(request)
        await self.session.flush()
        return request

    async def decide(
        self, request_id: int, status: RequestStatus, decided_by_id: int | None, at: datetime
    ) -> bool:
        """Close a pending request; False if it was already decided (the first decision wins,
        also when two admins press at the same moment)."""
        result = await self.session.execute(
            update(AccessRequest)
            .where(AccessRequest.id == request_id, AccessRequest.status == RequestStatus.PENDING)
            .values(status=status, decided_by_id=decided_by_id, decided_at=at)
            .execution_options(synchronize_session=False)
        )
        return result.rowcount == 1
