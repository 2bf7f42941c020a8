"""What is stored, read back for assertions."""

from __future__ import annotations

from sqlalchemy import select

from storage.database import Database
from storage.models import Event, Innovation
from storage.repositories.innovations import InnovationRepository


async def stored(database: Database, innovation_id: int = 1) -> Innovation:
    async with database.transaction() as session:
        innovation = await InnovationRepository(session).get(innovation_id)
    assert innovation is not None
    return innovation


async def events(database: Database) -> list[Event]:
    async with database.transaction() as session:
        return list(await session.scalars(select(Event).order_by(Event.id)))
