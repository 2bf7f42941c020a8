"""/tinjau: coordinators review; the OPD hears the verdict; the first decision wins."""

from __future__ import annotations

import asyncio

from sqlalchemy import select

from storage.database import Database
from storage.models import Evaluation, Event, Innovation
from tests.support.people import score_all, submitted


async def test_a_revision_requested_with_scores_and_a_note(person, database: Database) -> None:
    siti = await submitted(person)
    rina = await person("staff", opd="DINKES", name="Rina Marlina", language="en")
    budi = await person("coordinator", opd="DISKOMINFOSANDITIK", name="Budi Santoso")
    replies = await budi.send("/tinjau")
    assert replies.last.text.startswith("Antrean tinjauan, yang terlama lebih dahulu")
    assert replies.last.button_labels == [["#1 📤 terkirim · Posyandu Digital"]]
    replies = await budi.press("#1 📤 terkirim · Posyandu Digital")
    assert replies[0].text.startswith("Inovasi #1 (🔎 sedang ditinjau)")
    assert any(m.photo for m in replies) and any(m.document for m in replies)
    assert replies.last.button_labels == [["✅ Setujui", "✏️ Minta revisi", "❌ Tolak"]]
    assert (await budi.send("setuju")).texts == [
        "Silakan pilih dengan tombol pada pertanyaan di atas."
    ]
    replies = await budi.press("✏️ Minta revisi")
    assert replies.last.text == "Skor fungsional (1 = kurang, 5 = sangat baik):"
    await budi.press("4")
    assert (await budi.send("tiga")).texts == [
        "Silakan pilih dengan tombol pada pertanyaan di atas."
    ]
    await score_all(budi, [3, 2])
    replies = await budi.press("5")
    assert replies.last.text == "Skor berdampak (1 = kurang, 5 = sangat baik):"
    replies = await budi.press("4")
    assert replies.last.text.startswith("Tulis catatan untuk OPD (wajib")
    assert (await budi.send_sticker()).texts == ["Mohon ketik jawaban Bapak/Ibu sebagai teks."]
    assert "terlalu panjang: 5.000" in (await budi.send("x" * 5000)).text
    replies = await budi.send("Lengkapi data <dampak> & bukti.")
    assert replies.texts == ["Keputusan tersimpan: #1 ✏️ perlu revisi. OPD telah diberi tahu."]
    assert siti.last.text == (
        "Hasil tinjauan inovasi #1 Posyandu Digital: ✏️ perlu revisi\n"
        "fungsional 4, mutakhir 3, berkelanjutan 2, bermanfaat 5, berdampak 4\n"
        "Catatan: Lengkapi data <dampak> & bukti.\n"
        "Silakan perbaiki lalu kirim ulang dengan /ubah 1."
    )
    assert rina.last.text.startswith(
        "Review of innovation #1 Posyandu Digital: ✏️ revision requested"
    )
    async with database.transaction() as session:
        innovation = await session.get(Innovation, 1)
        evaluation = await session.scalar(select(Evaluation))
        events = [e.kind for e in await session.scalars(select(Event).order_by(Event.id))]
    assert innovation is not None and innovation.status == "revision_requested"
    assert evaluation is not None
    assert (evaluation.fungsional, evaluation.berdampak, evaluation.note) == (
        4, 4, "Lengkapi data <dampak> & bukti.",
    )  # fmt: skip
    assert events == ["created", "submitted", "review_started", "reviewed"]
    assert (await budi.send("/tinjau")).texts == ["Antrean tinjauan kosong. Terima kasih!"]


async def test_an_approval_may_skip_the_note(person, database: Database) -> None:
    siti = await submitted(person)
    dewi = await person("admin", opd="DISKOMINFOSANDITIK", name="Dewi Lestari", language_code="en")
    await dewi.send("/review")
    await dewi.press("#1 📤 submitted · Posyandu Digital")
    await dewi.press("✅ Approve")
    await score_all(dewi, [5, 5, 5, 5, 5])
    replies = await dewi.press("Skip")
    assert replies.last.text == "Decision saved: #1 ✅ approved. The OPD has been told."
    assert siti.last.text.startswith("Hasil tinjauan inovasi #1 Posyandu Digital: ✅ disetujui")
    async with database.transaction() as session:
        innovation = await session.get(Innovation, 1)
    assert innovation is not None and innovation.status == "approved"
    assert (await siti.send("/ubah 1")).texts == [
        "Inovasi #1 berstatus ✅ disetujui dan tidak dapat diubah lagi."
    ]


async def test_a_rejection_needs_a_note(person) -> None:
    await submitted(person)
    budi = await person("coordinator", opd="DISKOMINFOSANDITIK")
    await budi.send("/tinjau")
    await budi.press("#1 📤 terkirim · Posyandu Digital")
    await budi.press("❌ Tolak")
    await score_all(budi, [1, 1, 1, 1, 1])
    replies = await budi.forge("rev:note:skip")
    assert replies.toasts == ["Catatan wajib diisi untuk revisi dan penolakan."]
    replies = await budi.send("Bukan inovasi, melainkan kegiatan rutin.")
    assert replies.texts == ["Keputusan tersimpan: #1 ❌ ditolak. OPD telah diberi tahu."]


async def test_two_coordinators_on_one_innovation(person, database: Database) -> None:
    siti = await submitted(person)
    budi = await person("coordinator", opd="DISKOMINFOSANDITIK", name="Budi Santoso")
    wawan = await person("coordinator", opd="DISKOMINFOSANDITIK", name="Wawan Setiawan")
    for reviewer in (budi, wawan):
        await reviewer.send("/tinjau")
        await reviewer.press(data="rev:open:1")
    await budi.press("✅ Setujui")
    await wawan.press("❌ Tolak")
    await score_all(budi, [5, 4, 4, 5, 4])
    await score_all(wawan, [1, 1, 1, 1, 1])
    outcomes = await asyncio.gather(budi.press("Lewati"), wawan.send("Ditolak karena duplikat."))
    texts = [text for replies in outcomes for text in replies.texts]
    assert sum(t.startswith("Keputusan tersimpan") for t in texts) == 1
    assert sum("sudah diputuskan oleh koordinator lain" in t for t in texts) == 1
    async with database.transaction() as session:
        evaluations = list(await session.scalars(select(Evaluation)))
    assert len(evaluations) == 1
    verdicts = [m for m in siti.bot_messages if m.text.startswith("Hasil tinjauan")]
    assert len(verdicts) == 1
    # Opening it again now says it is decided.
    await budi.send("/tinjau")
    replies = await budi.forge("rev:open:1")
    assert replies.toasts[0].startswith("Inovasi #1 sudah diputuskan oleh koordinator lain")


async def test_staff_cannot_review_even_with_forged_buttons(person, database: Database) -> None:
    siti = await submitted(person)
    assert (await siti.send("/tinjau")).texts == [
        "Mohon maaf, perintah ini tidak tersedia untuk peran Bapak/Ibu."
    ]
    for data in ("rev:open:1", "rev:v:ok", "rev:s:5"):
        replies = await siti.forge(data)
        assert replies.toasts in (
            ["Mohon maaf, perintah ini tidak tersedia untuk peran Bapak/Ibu."],
            ["Tombol ini sudah tidak berlaku. Silakan ulangi dari menu."],
        )
    async with database.transaction() as session:
        innovation = await session.get(Innovation, 1)
    assert innovation is not None and innovation.status == "submitted"
