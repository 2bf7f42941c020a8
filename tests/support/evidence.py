"""Evidence files as a clerk sends them, and a clerk at the evidence question."""

from __future__ import annotations

from sandbox.client import Person
from storage.database import Database
from tests.support.drafts import complete_draft

PDF = b"%PDF-1.4 SK Bupati tentang tim inovasi"
PHOTO = b"\xff\xd8\xff\xe0 kegiatan posyandu"


async def at_evidence_step(person, database: Database, title: str = "Posyandu digital") -> Person:
    siti = await person("staff", opd="DINKES")
    number = await complete_draft(database, siti.id, title)
    await siti.send(f"/ubah {number}")
    replies = await siti.press("✏️ Bukti dukung")
    assert replies.last.text.startswith("Kirim bukti dukung")
    return siti
