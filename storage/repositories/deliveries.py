"""The delivery log: a scheduled send is claimed here before it goes out, and marked after."""

from __future__ import annotations

from datetime import datetime
from functools import cache
from typing import Any

from sqlalchemy import bindparam, delete, func, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import Delivery, DeliveryStatus


@cache
def _insert_once_statement(dialect: str, columns: tuple[str, ...], returning: bool) -> Any:
    """Built once per dialect and set of columns (a Kirim's notice is one of these: building
    the statement cost more than running it)."""
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    statement = (
        insert(Delivery)
        .values(attempts=0, **{column: bindparam(column) for column in columns})
        .on_conflict_do_nothing(index_elements=["kind", "period_key", "recipient_chat_id"])
    )
    # Without `returning`, inline: no RETURNING of the new id, which nobody reads.
    return statement.returning(Delivery.id) if returning else statement.inline()


class DeliveryRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def _insert_once(self, *, returning: bool = False, **values: Any) -> Any:
        """INSERT a delivery row, doing nothing when (kind, period, recipient) is there
        already: the unique constraint decides, in one statement."""
        dialect = self.session.bind.dialect.name
        statement = _insert_once_statement(dialect, tuple(sorted(values)), returning)
        # On the session's connection: a new row, nothing for the ORM to track or synchronise.
        connection = await self.session.connection()
        return await connection.execute(statement, values)

    async def claim(self, kind: str, period_key: str, chat_id: int, now: datetime) -> int | None:
        """The new claim's id, or None if this send was claimed before (by this process, an
        earlier run, or another instance)."""
        result = await self._insert_once(
            kind=kind, period_key=period_key, recipient_chat_id=chat_id,
            status=DeliveryStatus.CLAIMED, claimed_at=now, returning=True,
        )  # fmt: skip
        return result.scalar()

    async def enqueue(
        self, kind: str, period_key: str, chat_id: int, payload: dict[str, Any], now: datetime
    ) -> None:
        """Put a notice in the outbox (pending). The same notice twice is one notice."""
        await self._insert_once(
            kind=kind,
            period_key=period_key,
            recipient_chat_id=chat_id,
            status=DeliveryStatus.PENDING,
            claimed_at=now,
            payload=payload,
        )

    async def pending(self, kind: str, limit: int) -> list[Delivery]:
        """The oldest notices of `kind` waiting in the outbox."""
        rows = await self.session.scalars(
            select(Delivery)
            .where(Delivery.status == DeliveryStatus.PENDING, Delivery.kind == kind)
            .order_by(Delivery.id)
            .limit(limit)
        )
        return list(rows)

    async def claim_pending(self, ids: list[int], now: datetime) -> list[int]:
        """Take these notices for sending: only those still pending (another sender, in this
        process or another, may have taken some); one conditional UPDATE."""
        if not ids:
            return []
        claimed = await self.session.scalars(
            update(Delivery)
            .where(Delivery.id.in_(ids), Delivery.status == DeliveryStatus.PENDING)
            .values(status=DeliveryStatus.CLAIMED, claimed_at=now)
            .returning(Delivery.id)
        )
        return sorted(claimed)

    async def requeue(self, ids: list[int]) -> None:
        """Back to the outbox: the notice never left (a stop came first)."""
        await self.session.execute(
            update(Delivery)
            .where(Delivery.id.in_(ids), Delivery.status == DeliveryStatus.CLAIMED)
            .values(status=DeliveryStatus.PENDING)
        )

    async def last_claimed_at(self, kind: str) -> datetime | None:
        return await self.session.scalar(
            select(func.max(Delivery.claimed_at)).where(
                Delivery.kind == kind, Delivery.status != DeliveryStatus.PENDING
            )
        )

    async def finish(
        self,
        delivery_id: int | list[int],
        status: DeliveryStatus,
        *,
        attempts: int,
        now: datetime,
        error: str | None = None,
    ) -> None:
        ids = delivery_id if isinstance(delivery_id, list) else [delivery_id]
        await self.session.execute(
            update(Delivery)
            .where(Delivery.id.in_(ids))
            .values(
                status=status,
                attempts=attempts,
                error=error,
                sent_at=now if status is DeliveryStatus.SENT else None,
            )
        )

    async def release(self, delivery_id: int) -> None:
        """Give a claim back: its message never left, so a later round may send it."""
        await self.session.execute(
            delete(Delivery).where(
                Delivery.id == delivery_id, Delivery.status == DeliveryStatus.CLAIMED
            )
        )

    async def claimed_chats(self, kind: str, period_key: str) -> set[int]:
        rows = await self.session.scalars(
            select(Delivery.recipient_chat_id).where(
                Delivery.kind == kind, Delivery.period_key == period_key
            )
        )
        return set(rows)

    async def count(self, kind: str, period_key: str) -> dict[str, int]:
        """Claims of one round (kind, period), by status."""
        rows = await self.session.execute(
            select(Delivery.status, func.count())
            .where(Delivery.kind == kind, Delivery.period_key == period_key)
            .group_by(Delivery.status)
        )
        return {str(status): count for status, count in rows.all()}

    async def status(self, kind: str, period_key: str, chat_id: int) -> str | None:
        return await self.session.scalar(
            select(Delivery.status).where(
                Delivery.kind == kind,
                Delivery.period_key == period_key,
                Delivery.recipient_chat_id == chat_id,
            )
        )
