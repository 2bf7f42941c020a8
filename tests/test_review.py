"""/tinjau: coordinators review; the OPD hears the verdict; the first decision wins."""

from __future__ import annotations

import asyncio
import io

from openpyxl import load_workbook
from sqlalchemy import func, select

from storage.database import Database
from storage.models import CRITERIA, ConversationState, Evaluation, Event, Innovation
from tests.support.people import request_revision, score_all, send_decision, submitted

SCORE_COLUMNS = tuple(f"Skor {c}" for c in CRITERIA)
EXPIRED = "Tombol ini sudah tidak berlaku. Silakan ulangi dari menu."


async def stored(database: Database) -> Innovation:
    async with database.transaction() as session:
        innovation = await session.get(Innovation, 1)
    assert innovation is not None
    return innovation


async def test_a_revision_request_asks_only_the_note_and_is_previewed_before_it_goes(
    person, database: Database
) -> None:
    siti = await submitted(person)
    rina = await person("staff", opd="DINKES", name="Rina Marlina", language="en")
    budi = await person("coordinator", opd="DISKOMINFOSANDITIK", name="Budi Santoso")
    replies = await budi.send("/tinjau")
    assert replies.last.text.startswith("Antrean tinjauan, yang terlama lebih dahulu")
    assert replies.last.button_labels == [["#1 📤 terkirim · Posyandu Digital"]]
    replies = await budi.press("#1 📤 terkirim · Posyandu Digital")
    # Opening it changes nothing: it is still "terkirim", its OPD may still withdraw it.
    assert replies[0].text.startswith("Inovasi #1 (📤 terkirim)")
    assert any(m.photo for m in replies) and any(m.document for m in replies)
    assert replies.last.button_labels == [
        ["✅ Setujui", "✏️ Minta revisi", "❌ Tolak"],
        ["⬅️ Kembali ke antrean", "✖️ Batal"],
    ]
    assert (await stored(database)).status == "submitted"
    assert ["↩️ Tarik kembali ke draf"] in (await siti.send("/ubah 1")).last.button_labels
    await siti.press("Selesai mengubah")
    assert (await budi.send("setuju")).texts == [
        "Silakan pilih dengan tombol pada pertanyaan di atas."
    ]
    replies = await budi.press("✏️ Minta revisi")
    # No scores for a revision request: its note only.
    assert replies.texts == [
        "Keputusan: ✏️ perlu revisi",
        "Tulis catatan untuk OPD (wajib untuk revisi dan penolakan; paling banyak 3.000 karakter).",
    ]
    assert replies.last.button_labels == [["⬅️ Kembali", "✖️ Batal"]]
    assert (await budi.send_sticker()).texts == ["Mohon ketik jawaban Bapak/Ibu sebagai teks."]
    assert "terlalu panjang: 5.000" in (await budi.send("x" * 5000)).text
    replies = await budi.send("Lengkapi data <dampak> & bukti.")
    assert replies.last.text == (
        "Pratinjau keputusan untuk inovasi #1 Posyandu Digital\n"
        "Keputusan: ✏️ perlu revisi\n"
        "Skor: tidak dinilai (permintaan revisi hanya berisi catatan)\n"
        "Catatan: Lengkapi data <dampak> & bukti.\n"
        "Kirim keputusan ini? OPD akan langsung diberi tahu."
    )
    assert replies.last.button_labels == [["📤 Kirim keputusan"], ["⬅️ Kembali", "✖️ Batal"]]
    assert not [m for m in siti.bot_messages if m.text.startswith("Hasil tinjauan")]
    assert (await stored(database)).status == "submitted"  # nothing has gone yet
    replies = await budi.press("📤 Kirim keputusan")
    assert replies.last.text == "Keputusan tersimpan: #1 ✏️ perlu revisi. OPD telah diberi tahu."
    assert siti.last.text == (
        "Hasil tinjauan inovasi #1 Posyandu Digital: ✏️ perlu revisi\n"
        "Catatan: Lengkapi data <dampak> & bukti.\n"
        "Silakan perbaiki lalu kirim ulang dengan /ubah 1."
    )
    assert rina.last.text.startswith(
        "Review of innovation #1 Posyandu Digital: ✏️ revision requested"
    )
    async with database.transaction() as session:
        evaluation = await session.scalar(select(Evaluation))
        events = [e.kind for e in await session.scalars(select(Event).order_by(Event.id))]
    assert (await stored(database)).status == "revision_requested"
    assert evaluation is not None
    assert [getattr(evaluation, c) for c in CRITERIA] == [None] * 5
    assert evaluation.note == "Lengkapi data <dampak> & bukti."
    assert events == ["created", "submitted", "reviewed"]
    assert (await budi.send("/tinjau")).texts == ["Antrean tinjauan kosong. Terima kasih!"]
    # The OPD that must revise reads the note on /ubah (and on /lihat), until it resubmits.
    assert "Catatan peninjau: Lengkapi data <dampak> & bukti." in (await siti.send("/ubah 1")).text
    await siti.press("📤 Kirim")
    assert "Catatan peninjau" not in (await siti.send("/lihat 1")).text
    assert "Catatan peninjau" not in (await budi.send("/lihat 1")).text


async def test_opening_then_going_back_or_cancelling_leaves_it_as_it_was(
    person, database: Database
) -> None:
    siti = await submitted(person)
    budi = await person("coordinator", opd="DISKOMINFOSANDITIK", name="Budi Santoso")
    await budi.send("/tinjau")
    await budi.press("#1 📤 terkirim · Posyandu Digital")
    replies = await budi.press("⬅️ Kembali ke antrean")
    assert replies.last.text.startswith("Antrean tinjauan")
    assert replies.last.button_labels == [["#1 📤 terkirim · Posyandu Digital"]]
    await budi.press("#1 📤 terkirim · Posyandu Digital")
    # /tinjau again mid-review: the queue, the review left (nothing decided, nothing changed).
    assert (await budi.send("/tinjau")).last.button_labels == [
        ["#1 📤 terkirim · Posyandu Digital"]
    ]
    assert (await budi.press("✅ Setujui")).toasts == [EXPIRED]
    async with database.transaction() as session:
        assert await session.scalar(select(func.count()).select_from(ConversationState)) == 0
    await budi.press("#1 📤 terkirim · Posyandu Digital")
    await budi.press("✅ Setujui")
    await score_all(budi, [4, 3])
    replies = await budi.press("✖️ Batal")
    assert replies.last.text == (
        "Tinjauan inovasi #1 dibatalkan. Statusnya tidak berubah dan inovasi tetap dalam antrean."
    )
    assert (await budi.forge("rev:s:berkelanjutan:5")).toasts == [EXPIRED]  # ended with it
    assert (await stored(database)).status == "submitted"
    async with database.transaction() as session:
        assert await session.scalar(select(func.count()).select_from(Evaluation)) == 0
        events = [e.kind for e in await session.scalars(select(Event).order_by(Event.id))]
    assert events == ["created", "submitted"]
    # /batal too, and the OPD may withdraw it all along.
    await budi.press(data="rev:open:1")
    assert (await budi.send("/batal")).texts == [
        "Tinjauan inovasi #1 dibatalkan. Statusnya tidak berubah dan inovasi tetap dalam antrean."
    ]
    await budi.press(data="rev:open:1")
    await budi.press("❌ Tolak")
    await score_all(budi, [1, 1, 1, 1, 1])
    await budi.send("Bukan inovasi.")
    await siti.send("/ubah 1")
    await siti.press("↩️ Tarik kembali ke draf")
    assert (await stored(database)).status == "draft"
    replies = await send_decision(budi)
    assert replies.last.text == (
        "Inovasi #1 telah ditarik kembali oleh OPD menjadi draf; tidak ada keputusan yang disimpan."
    )
    assert (await stored(database)).status == "draft"
    assert not [m for m in siti.bot_messages if m.text.startswith("Hasil tinjauan")]


async def test_back_while_scoring_and_from_the_preview(person, database: Database) -> None:
    siti = await submitted(person)
    budi = await person("coordinator", opd="DISKOMINFOSANDITIK", name="Budi Santoso")
    await budi.send("/tinjau")
    await budi.press(data="rev:open:1")
    replies = await budi.press("✅ Setujui")
    assert replies.last.text == "Skor fungsional (1 = kurang, 5 = sangat baik):"
    assert replies.last.button_labels == [["1", "2", "3", "4", "5"], ["⬅️ Kembali", "✖️ Batal"]]
    mutakhir = (await budi.press("2")).last
    replies = await budi.press("⬅️ Kembali")  # on mutakhir: fungsional again
    assert replies.last.text == "Skor fungsional (1 = kurang, 5 = sangat baik):"
    await score_all(budi, [4, 3, 2, 5])
    replies = await budi.press("4")
    assert replies.last.text.startswith("Tulis catatan untuk OPD (tidak wajib")
    assert replies.last.button_labels == [["Lewati"], ["⬅️ Kembali", "✖️ Batal"]]
    replies = await budi.press("⬅️ Kembali")  # on the note: berdampak again
    assert replies.last.text == "Skor berdampak (1 = kurang, 5 = sangat baik):"
    await budi.press("5")
    replies = await budi.press("Lewati")
    assert replies.last.text.splitlines()[1:4] == [
        "Keputusan: ✅ disetujui",
        "Skor: fungsional 4, mutakhir 3, berkelanjutan 2, bermanfaat 5, berdampak 5",
        "Catatan: -",
    ]
    replies = await budi.press("⬅️ Kembali")  # on the preview: the note again
    assert replies.last.text.startswith("Tulis catatan untuk OPD (tidak wajib")
    replies = await budi.send("Layak direplikasi.")
    assert replies.last.text.splitlines()[3] == "Catatan: Layak direplikasi."
    # A back button left on an older screen undoes nothing now.
    assert (await budi.forge("rev:back:mutakhir", message=mutakhir)).toasts == [EXPIRED]
    assert (await budi.forge("rev:back:note")).toasts == [EXPIRED]
    replies = await send_decision(budi)
    assert replies.last.text == "Keputusan tersimpan: #1 ✅ disetujui. OPD telah diberi tahu."
    async with database.transaction() as session:
        evaluation = await session.scalar(select(Evaluation))
    assert evaluation is not None
    assert [getattr(evaluation, c) for c in CRITERIA] == [4, 3, 2, 5, 5]
    assert evaluation.note == "Layak direplikasi."
    assert siti.last.text.splitlines()[1:3] == [
        "fungsional 4, mutakhir 3, berkelanjutan 2, bermanfaat 5, berdampak 5",
        "Catatan: Layak direplikasi.",
    ]
    # The scores and the note on /lihat, for the OPD and for coordinators.
    for viewer in (siti, budi):
        text = (await viewer.send("/lihat 1")).text
        assert text.startswith("Inovasi #1 (✅ disetujui)")
        assert (
            "Skor tinjauan: fungsional 4, mutakhir 3, berkelanjutan 2, bermanfaat 5, "
            "berdampak 5" in text
        )
        assert "Catatan peninjau: Layak direplikasi." in text


async def test_forged_or_garbled_review_buttons_are_refused_and_change_nothing(
    person, database: Database
) -> None:
    await submitted(person)
    budi = await person("coordinator", opd="DISKOMINFOSANDITIK", name="Budi Santoso")
    await budi.send("/tinjau")
    await budi.press(data="rev:open:1")
    await budi.press("✅ Setujui")
    for data in ("rev:s:fungsional:9", "rev:s:lain:3", "rev:s:mutakhir:3", "rev:v:maybe",
                 "rev:back:nowhere", "rev:send", "rev:open:x", "rev:note:skip", "rev:",
                 "rev:s:fungsional:3:1"):  # fmt: skip
        replies = await budi.forge(data)
        assert replies.toasts == [EXPIRED], data
        assert replies.texts == [], data
    async with database.transaction() as session:
        state = await session.scalar(
            select(ConversationState).where(ConversationState.name == "review")
        )
    assert state is not None and state.state == "score" and state.data["scores"] == {}
    replies = await budi.press("3")  # the real button still works
    assert replies.last.text == "Skor mutakhir (1 = kurang, 5 = sangat baik):"
    assert (await stored(database)).status == "submitted"


async def test_an_approval_may_skip_the_note(person, database: Database) -> None:
    siti = await submitted(person)
    dewi = await person("admin", opd="DISKOMINFOSANDITIK", name="Dewi Lestari", language_code="en")
    await dewi.send("/review")
    await dewi.press("#1 📤 submitted · Posyandu Digital")
    await dewi.press("✅ Approve")
    await score_all(dewi, [5, 5, 5, 5, 5])
    replies = await dewi.press("Skip")
    assert replies.last.text.startswith("Preview of the decision on innovation #1")
    replies = await dewi.press("📤 Send the decision")
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
    await budi.send("Bukan inovasi, melainkan kegiatan rutin.")
    replies = await send_decision(budi)
    assert replies.last.text == "Keputusan tersimpan: #1 ❌ ditolak. OPD telah diberi tahu."


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
    await budi.press("Lewati")
    await wawan.send("Ditolak karena duplikat.")
    outcomes = await asyncio.gather(send_decision(budi), send_decision(wawan))
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


async def test_the_export_shows_the_review_an_innovation_stands_on_never_an_old_one(
    person, database: Database
) -> None:
    siti = await submitted(person)
    budi = await person("coordinator", opd="DISKOMINFOSANDITIK", name="Budi Santoso")

    async def exported() -> dict[str, object]:
        document = (await budi.send("/ekspor")).last.document
        assert document is not None
        content = budi.emulator.files[document["file_id"]].content
        sheet = load_workbook(io.BytesIO(content))["Inovasi"]
        header = [cell.value for cell in sheet[1]]
        row = {name: cell.value for name, cell in zip(header, sheet[2], strict=True)}
        return {k: row[k] for k in ("Status", *SCORE_COLUMNS, "Catatan")}

    await budi.send("/tinjau")
    await budi.press(data="rev:open:1")
    await request_revision(budi, "Lengkapi data kecamatan.")
    assert await exported() == {
        "Status": "perlu revisi",
        **dict.fromkeys(SCORE_COLUMNS),
        "Catatan": "Lengkapi data kecamatan.",
    }
    await siti.send("/ubah 1")
    await siti.press("📤 Kirim")
    # Resubmitted: the revision's note is history, not the review of this version.
    assert await exported() == {
        "Status": "terkirim",
        **dict.fromkeys(SCORE_COLUMNS),
        "Catatan": None,
    }
    await budi.send("/tinjau")
    await budi.press(data="rev:open:1")
    await budi.press("✅ Setujui")
    await score_all(budi, [5, 4, 3, 4, 5])
    await budi.press("Lewati")
    await send_decision(budi)
    assert await exported() == {
        "Status": "disetujui", **dict(zip(SCORE_COLUMNS, [5, 4, 3, 4, 5], strict=True)),
        "Catatan": None,
    }  # fmt: skip
