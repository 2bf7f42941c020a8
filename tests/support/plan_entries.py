"""Action-plan entries (rencana aksi) made straight in the database, for the tests of what the
reminders, the reports and the export say of them."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select

from bot.plans.progress import add_entry
from storage.database import Database
from storage.models import Innovation, Opd, Pillar, searchable
from storage.plans import PlanEntry

OPD_NAMES = {
    "DINKES": "Dinas Kesehatan",
    "DISDIK": "Dinas Pendidikan",
    "DISHUB": "Dinas Perhubungan",
    "DISKOMINFOSANDITIK": "Dinas Komunikasi, Informatika, Persandian dan Statistik",
}


async def opd_id(database: Database, code: str) -> int:
    """The OPD of `code`, made if there is none yet."""
    async with database.transaction() as session:
        found = await session.scalar(select(Opd.id).where(Opd.code == code))
        if found is not None:
            return found
        name = OPD_NAMES.get(code, code.title())
        opd = Opd(code=code, name=name, search_name=searchable(code, name))
        session.add(opd)
        await session.flush()
        return opd.id


async def plan(
    database: Database,
    opd: str,
    title: str,
    month: date,
    *,
    stage: str = "uji_coba",
    pillar: int = 1,
    innovation: tuple[str, str, str] | None = None,
) -> int:
    """An entry of `opd`'s plan for `month` in the pillar at `pillar` (1: Smart Governance);
    `innovation`: (title, status, stage) of an innovation of the OPD it is linked to."""
    owner = await opd_id(database, opd)
    async with database.transaction() as session:
        pillar_id = await session.scalar(select(Pillar.id).where(Pillar.position == pillar))
        assert pillar_id is not None
        entry = await add_entry(
            session, opd_id=owner, pillar_id=pillar_id, title=title, target_stage=stage,
            target_month=month, by_member_id=None,
        )  # fmt: skip
        if innovation is not None:
            made = Innovation(
                opd_id=owner, title=innovation[0], status=innovation[1], stage=innovation[2]
            )
            session.add(made)
            await session.flush()
            entry.innovation_id = made.id
        return entry.id


async def marks(database: Database) -> dict[str, tuple[str | None, str | None]]:
    """Every entry's title and the weeks it was reminded in: (as due, as late)."""
    async with database.reading() as session:
        rows = await session.execute(
            select(PlanEntry.title, PlanEntry.reminded_due, PlanEntry.reminded_late)
        )
        return {title: (due, late) for title, due, late in rows}


async def seed_plans(database: Database) -> None:
    """Seven entries on Monday 2 November 2026: three late in two OPDs, one due, two on
    track, one done."""
    await plan(database, "DISDIK", "Rapor Daring", date(2026, 8, 1))
    await plan(database, "DISDIK", "Sekolah Ramah Anak", date(2026, 10, 1))
    await plan(database, "DISDIK", "Perpustakaan Keliling", date(2026, 12, 1))
    await plan(database, "DINKES", "Ambulans Desa", date(2026, 10, 1))
    await plan(database, "DINKES", "Posyandu Digital", date(2026, 6, 1),
               innovation=("Posyandu Digital", "approved", "penerapan"))  # fmt: skip
    await plan(database, "DINKES", "Data Gizi Balita", date(2027, 3, 1))
    await plan(database, "DISHUB", "Bus Sekolah", date(2027, 6, 1), stage="penerapan")
