"""Action plans of three OPDs over the catalogue (tests.support.catalogue), with entries in
every state on the test clock's day (Monday 2 November 2026)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select

from storage.database import Database
from storage.models import Opd, Pillar
from storage.plans import PlanEntry
from tests.support.catalogue import Seeded

# (title, stage, target month, the innovation it is linked to: an approved one by its index,
# or a status of the catalogue's others), per OPD.
PLANS = {
    "DINKES": [
        ("Telemedisin Puskesmas", "uji_coba", date(2026, 8, 1), None),  # late, 3 months
        ("Posyandu Digital", "penerapan", date(2026, 6, 1), 0),  # done (penerapan, approved)
        ("Ambulans Desa", "uji_coba", date(2026, 10, 1), 3),  # late: approved at inisiatif
        ("SIM Rumah Sakit", "penerapan", date(2027, 3, 1), None),  # on track
    ],
    "DISDIK": [
        ("Rapor Daring", "penerapan", date(2026, 12, 1), 2),  # done, early
        ("Beasiswa Daring", "uji_coba", date(2026, 11, 1), None),  # due soon: this month
        ("Perpustakaan Digital", "uji_coba", date(2026, 12, 1), None),  # due soon: 29 days
        ("Sekolah Sehat", "uji_coba", date(2026, 10, 1), None),  # late, 1 month
    ],
    "BAPPEDA": [
        ("E-Planning", "penerapan", date(2027, 6, 1), "submitted"),  # on track
        ("Satu Data", "uji_coba", date(2026, 12, 1), None),  # due soon
        ("Peta <Rawan> & Bencana", "uji_coba", date(2027, 2, 1), None),  # on track
    ],
}


@dataclass
class SeededPlans:
    opd_ids: dict[str, int]  # code → id


async def seed_plans(database: Database, seeded: Seeded) -> SeededPlans:
    async with database.transaction() as session:
        opds = {code: opd_id for opd_id, code in await session.execute(select(Opd.id, Opd.code))}
        pillars = list(await session.scalars(select(Pillar.id).order_by(Pillar.position)))
        for code, plan in PLANS.items():
            for number, (title, stage, month, linked) in enumerate(plan):
                innovation_id = (
                    seeded.approved[linked] if isinstance(linked, int)
                    else seeded.others[linked] if linked else None
                )  # fmt: skip
                session.add(PlanEntry(
                    opd_id=opds[code], pillar_id=pillars[number % len(pillars)], title=title,
                    target_stage=stage, target_month=month, innovation_id=innovation_id,
                ))  # fmt: skip
    return SeededPlans(opds)
