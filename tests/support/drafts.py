"""Innovations ready to send, made straight in the database (as if the form had been filled)."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select

from storage.database import Database
from storage.models import Innovation, Member, Pillar, Stage, Status


async def complete_draft(database: Database, telegram_id: int, title: str) -> int:
    """A draft with every required answer, of the member's OPD; its id."""
    async with database.transaction() as session:
        member = await session.scalar(select(Member).where(Member.telegram_id == telegram_id))
        assert member is not None and member.opd_id is not None
        pillar = await session.scalar(select(Pillar).order_by(Pillar.position).limit(1))
        innovation = Innovation(
            opd_id=member.opd_id,
            submitter_id=member.id,
            title=title,
            quick_win=True,
            stage=Stage.PENERAPAN,
            kind="digital",
            problem="Masalahnya.",
            solution="Solusinya.",
            goal="Tujuannya.",
            benefit="Manfaatnya.",
            start_date=date(2024, 8, 17),
            status=Status.DRAFT,
            pillars=[pillar],
            attachments=[],
        )
        session.add(innovation)
        await session.flush()
        return innovation.id
