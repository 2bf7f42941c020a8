"""Check-ins: an approved innovation, the bot's clock on any day, only the check-in round on."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from sandbox.client import Person
from tests.support.people import score_all, send_decision, submitted

WIB = timedelta(hours=7)
QUESTION = "masih berjalan?"
ANSWERS = [["✅ Masih berjalan", "🛠 Dikembangkan", "⏸ Berhenti"]]
# The schedules other than the check-ins, as /jadwal names them: a year of their rounds (a
# chart every working day) would only slow a test of the check-ins down.
OTHERS = ("Rekap harian", "Pengingat mingguan", "Draf tertunda", "Revisi tertunda",
          "Hitung mundur batas waktu")  # fmt: skip


def at(year: int, month: int, day: int, hour: int, minute: int = 0) -> datetime:
    """A moment given in Jakarta time."""
    return datetime(year, month, day, hour, minute, tzinfo=UTC) - WIB


async def approve(reviewer: Person, number: int, title: str) -> None:
    await reviewer.send("/tinjau")
    await reviewer.press(f"#{number} 📤 terkirim · {title}")
    await reviewer.press("✅ Setujui")
    await score_all(reviewer, [5, 4, 4, 5, 4])
    await reviewer.press("Lewati")
    await send_decision(reviewer)


async def approved(person: Any, title: str = "Posyandu Digital") -> tuple[Person, Person]:
    """Siti of DINKES sent `title` (innovation #1); Budi, a coordinator, approved it."""
    siti = await submitted(person, title)
    budi = await person("coordinator", opd="DISKOMINFOSANDITIK", name="Budi Santoso")
    await approve(budi, 1, title)
    return siti, budi


async def switch(admin: Person, *names: str, on: bool = False) -> None:
    """Turn schedules off (or on) in /jadwal, as an admin does."""
    await admin.send("/jadwal")
    for name in names:
        await admin.press(name)
        await admin.press("▶️ Aktifkan" if on else "⏸ Nonaktifkan")
        await admin.press("⬅️ Kembali")


def sent(member: Person, words: str) -> list[str]:
    """Every message the bot ever sent this person containing `words` (as sent, not as it
    reads after an edit)."""
    return [
        action.message.content
        for action in member.emulator.actions
        if action.kind == "send"
        and action.chat_id == member.chat.id
        and action.message is not None
        and words in action.message.content
    ]


async def asked(sandbox: Any, person: Any) -> tuple[Person, Person, Person]:
    """Innovation #1 approved on 2 November 2026 and asked about on 2 February 2027 (only the
    check-in round on): Siti who sent it, Budi who approved it, Dewi the admin."""
    from tests.support.people import admin_of

    siti, budi = await approved(person)
    dewi = await admin_of(sandbox)
    await switch(dewi, *OTHERS)
    await sandbox.advance(to=at(2027, 2, 2, 9, 30))
    return siti, budi, dewi


# The benefit measures migration 0020 seeds, asked after the people served (tests/test_benefits.py).
MEASURES = 3
FIRST_MEASURE = "📈 Waktu layanan yang dihemat selama periode ini?"


async def skip_measures(member: Person) -> Any:
    """Lewati on each benefit measure: the photo's question is next (the last replies)."""
    replies = None
    for _ in range(MEASURES):
        replies = await member.press("Lewati")
    return replies
