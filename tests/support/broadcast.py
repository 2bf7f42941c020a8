"""A broadcast composed as an admin does."""

from __future__ import annotations

from sandbox.client import Person

TEXT = "Rapat koordinasi <Smart City> besok & lusa, pukul 09.00 di Gedung Negara."


def received(person: Person, text: str = TEXT) -> int:
    return sum(1 for m in person.bot_messages if m.content == text)


async def staff(person, count: int, opd: str = "DISDIK") -> list[Person]:
    return [await person("staff", opd=opd, name=f"Staf {opd} {i:03d}") for i in range(count)]


async def compose(admin: Person, audience: str = "Semua anggota", text: str = TEXT):
    replies = await admin.send("/siaran")
    assert "Silakan tulis pesan siaran" in replies.text
    replies = await admin.send(text)
    assert replies.last.button_labels == [
        ["Semua anggota"],
        ["Satu OPD"],
        ["OPD yang belum mengirim"],
        ["Batal"],
    ]
    return await admin.press(audience)
