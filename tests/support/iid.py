"""The IID section's test helpers: a small indicators table, an innovation sent, and what is
stored of its IID record and claims."""

from __future__ import annotations

from sqlalchemy import select

from bot.iid.record import parse_indicator_csv, replace_indicators
from sandbox.client import Person
from storage.database import Database
from storage.models import IidEvidence, IidIndicator, IidRecord
from tests.support.form import fill

# Three indicators: two required (weights 10 and 5), one not; levels 3, 2 and 3.
SMALL_TABLE = (
    b"kode;nama;bobot;wajib;tingkat_1;tingkat_2;tingkat_3\r\n"
    b"regulasi;Regulasi inovasi daerah;10;1;SK Kepala Perangkat Daerah;SK Kepala Daerah;"
    b"Peraturan Kepala Daerah\r\n"
    b"video;Video penerapan inovasi;5;1;Video kegiatan;Video masalah dan solusi;\r\n"
    b"jejaring;Jejaring inovasi;5;0;1-2 perangkat daerah;3-4 perangkat daerah;"
    b"Lebih dari 4 perangkat daerah\r\n"
)


async def use_indicators(database: Database, table: bytes = SMALL_TABLE) -> None:
    async with database.transaction() as session:
        await replace_indicators(session, parse_indicator_csv(table))


async def sent(person: Person, title: str = "Posyandu Digital") -> None:
    """The form walked and sent (the thank-you with its IID button is the last message)."""
    await fill(person, {"title": title})
    await person.press("📤 Kirim")


async def record(database: Database, innovation_id: int = 1) -> IidRecord | None:
    async with database.transaction() as session:
        return await session.get(IidRecord, innovation_id)


async def claims(database: Database, innovation_id: int = 1) -> dict[str, IidEvidence]:
    async with database.transaction() as session:
        rows = await session.execute(
            select(IidIndicator.code, IidEvidence)
            .join(IidEvidence, IidEvidence.indicator_id == IidIndicator.id)
            .where(IidEvidence.innovation_id == innovation_id)
        )
        return {code: claim for code, claim in rows}


async def indicators(database: Database) -> dict[str, tuple[float, bool, int]]:
    """{code: (weight, active, levels)}."""
    async with database.transaction() as session:
        found = await session.scalars(select(IidIndicator))
        result = {}
        for indicator in found:
            await session.refresh(indicator, ["levels"])
            result[indicator.code] = (indicator.weight, indicator.active, len(indicator.levels))
        return result


PDF = b"%PDF-1.4 peraturan bupati"


async def complete(person: Person) -> None:
    """Lengkapi data IID from the thank-you (the last message), everything answered, the
    small table's two required indicators with evidence: ready."""
    await person.press("📝 Lengkapi data IID")
    for press in ("Pelayanan publik", "Kesehatan", "OPD"):
        await person.press(press)
    for typed in ("Agustus 2024", "2/01/2025", "25 juta", "Data gizi harian."):
        await person.send(typed)
    await person.press("⬜ Regulasi inovasi daerah")
    await person.press("3")
    await person.send_document(PDF, "Perbup 12 2024.pdf", "application/pdf")
    await person.press("⬜ Video penerapan inovasi")
    await person.press("2")
    await person.send("https://youtu.be/posyandu-digital")
    await person.press("Selesai")
