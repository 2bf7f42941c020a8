"""Who the tests' people are: the admin of ADMIN_IDS, a clerk who has sent an innovation."""

from __future__ import annotations

from typing import Any

from sandbox.client import Person, Replies, Sandbox
from tests.support.form import COMPLETE, fill

ADMIN_ID = 4_000_000_001


async def admin_of(sandbox: Sandbox, language_code: str = "id") -> Person:
    """Dewi, the admin named in ADMIN_IDS."""
    user = sandbox.emulator.add_user(
        "Dewi", last_name="Lestari", user_id=ADMIN_ID, language_code=language_code
    )
    return sandbox.person(user)


async def submitted(person: Any, title: str = "Posyandu Digital", **answers: Any) -> Person:
    """Siti of DINKES, who has filled in the whole form (files too) and pressed 📤 Kirim."""
    siti = await person("staff", opd="DINKES", name="Siti Rahmawati")
    await fill(siti, {**COMPLETE, "title": title, **answers})
    await siti.press("📤 Kirim")
    return siti


async def score_all(reviewer: Person, scores: list[int]) -> None:
    for score in scores:
        await reviewer.press(str(score))


async def send_decision(reviewer: Person) -> Replies:
    """📤 Kirim keputusan under the preview of a decision in /tinjau."""
    return await reviewer.press(data="rev:send")


async def request_revision(reviewer: Person, note: str) -> Replies:
    """✏️ Minta revisi on the innovation the reviewer has opened in /tinjau: the note, then
    📤 Kirim keputusan under its preview."""
    await reviewer.press(data="rev:v:rev")
    await reviewer.send(note)
    return await send_decision(reviewer)
