"""A small regency's innovations in every status, made straight in the database."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime

from sqlalchemy import select

from storage.database import Database
from storage.models import Innovation, Member, Opd, Pillar, Role, Status


@dataclass
class Seeded:
    approved: list[int]
    others: dict[str, int]  # status → an innovation id in it
    coordinator_telegram_id: int
    staff_telegram_id: int


OPDS = [
    ("DINKES", "Dinas Kesehatan"),
    ("DISDIK", "Dinas Pendidikan"),
    ("BAPPEDA", "Badan Perencanaan Pembangunan Daerah"),
    ("DISKOMINFOSANDITIK", "Dinas Komunikasi, Informatika, Persandian dan Statistik"),
]


async def seed_catalogue(database: Database) -> Seeded:
    """Five approved innovations in two OPDs (one OPD with none), and one of each other
    status; a coordinator and a staff member."""
    async with database.transaction() as session:
        opds = {code: Opd(code=code, name=name) for code, name in OPDS}
        session.add_all(opds.values())
        await session.flush()
        pillars = list(await session.scalars(select(Pillar).order_by(Pillar.position)))
        coordinator = Member(
            telegram_id=6_100_000_001,
            full_name="Budi Santoso",
            role=Role.COORDINATOR,
            opd_id=opds["DISKOMINFOSANDITIK"].id,
        )
        staff = Member(telegram_id=6_100_000_002, full_name="Siti Rahmawati",
                       role=Role.STAFF, opd_id=opds["DINKES"].id)  # fmt: skip
        session.add_all([coordinator, staff])
        approved = [
            ("Posyandu Digital Sumedang", "DINKES", [0, 3], True, "penerapan", "digital"),
            ("Sekolah Ramah Anak", "DISDIK", [3], True, "uji_coba", "non_digital"),
            ("Rapor Daring", "DISDIK", [0], False, "penerapan", "digital"),
            ("Ambulans Desa <Siaga> & Cepat", "DINKES", [3, 4], True, "inisiatif", "digital"),
            ("Data Gizi Balita", "DINKES", [5], False, "penerapan", "digital"),
        ]
        made: list[Innovation] = []
        for number, (title, code, chosen, quick_win, stage, kind) in enumerate(approved):
            made.append(
                Innovation(
                    opd_id=opds[code].id,
                    title=title,
                    quick_win=quick_win,
                    stage=stage,
                    kind=kind,
                    problem=f"Masalah {number}.",
                    solution=f"Solusi {number}.",
                    goal="Tujuan.",
                    benefit="Manfaat bagi warga.",
                    start_date=date(2024, 8, 17),
                    status=Status.APPROVED,
                    submitted_at=datetime(2026, 10, 1 + number, 3, 0, tzinfo=UTC),
                    pillars=[pillars[i] for i in chosen],
                    attachments=[],
                )
            )
        others = {}
        for status in (Status.DRAFT, Status.SUBMITTED, Status.IN_REVIEW,
                       Status.REVISION_REQUESTED, Status.REJECTED):  # fmt: skip
            innovation = Innovation(
                opd_id=opds["BAPPEDA"].id, title=f"Rahasia {status.value}", quick_win=True,
                stage="inisiatif", kind="digital", status=status, pillars=[pillars[1]],
                attachments=[],
                submitted_at=(None if status is Status.DRAFT
                              else datetime(2026, 10, 20, 3, 0, tzinfo=UTC)),
            )  # fmt: skip
            made.append(innovation)
            others[status.value] = innovation
        session.add_all(made)
        await session.flush()
        return Seeded(
            approved=[i.id for i in made[:5]],
            others={status: i.id for status, i in others.items()},
            coordinator_telegram_id=coordinator.telegram_id,
            staff_telegram_id=staff.telegram_id,
        )
