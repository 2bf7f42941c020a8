"""Submitting an innovation as a clerk does, through the sandbox, and what is stored."""

from __future__ import annotations

import io
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import select

from bot.app import build_application
from conversations.submission_form import SKIP
from sandbox.client import Sandbox
from storage.database import Database
from storage.models import Innovation
from tests.support.form import COMPLETE, Press, fill
from tests.support.records import events, stored

ZONE = ZoneInfo("Asia/Jakarta")
TRICKY_TITLE = "Posyandu <b>Digital</b> & *Cepat* _Sumedang_ 🙂"
PROBLEM = "Pencatatan balita masih di buku; data gizi terlambat 2–3 bulan.\nעברית test"


FULL = {**COMPLETE, "title": TRICKY_TITLE, "problem": PROBLEM}


async def test_a_complete_submission(person, database: Database, coordinators_group) -> None:
    siti = await person("staff", opd="DINKES", name="Siti Rahmawati")
    replies = await siti.send("/baru")
    assert replies.texts == ["Apa judul inovasinya? (5–150 karakter)\nPertanyaan 1 dari 12"]
    replies = await siti.send(TRICKY_TITLE)
    assert replies.last.text.startswith("Pilih pilar Smart City inovasi ini")
    assert replies.last.text.endswith("Dipilih: belum ada\nPertanyaan 2 dari 12")
    replies = await siti.press("⬜ Smart Living")
    assert replies.last.text.endswith("Dipilih: Smart Living\nPertanyaan 2 dari 12")
    assert ["☑️ Smart Living"] in replies.last.button_labels
    replies = await siti.press("Selesai")
    assert replies.last.text == "Apakah inovasi ini termasuk quick win?\nPertanyaan 3 dari 12"
    await siti.press("Tidak")
    replies = await siti.press("Penerapan")
    assert replies.last.text == "Apa jenis inovasi ini?\nPertanyaan 5 dari 12"
    await siti.press("Non-digital")
    for answer in ("Masalahnya.", "Solusinya.", "Tujuannya.", "Manfaatnya untuk warga."):
        await siti.send(answer)
    replies = await siti.send("17/08/2024")
    assert replies.last.text.startswith("Tautan terkait")
    assert replies.last.text.endswith("\nPertanyaan 11 dari 12")
    assert replies.last.button_labels == [["⬅️ Kembali", "Lewati"]]
    replies = await siti.press("Lewati")
    assert replies.last.text.startswith("Kirim bukti dukung")
    replies = await siti.send_photo(b"\xff\xd8 foto")
    assert replies.last.text == "Bukti dukung diterima: 1 berkas. Kirim lagi, atau tekan Selesai."
    replies = await siti.press("Selesai")
    review = replies.last
    assert review.text.startswith(
        "Periksa kembali inovasi Bapak/Ibu (#1, 📝 draf)\nOPD: Dinas Kesehatan"
    )
    assert f"Judul: {TRICKY_TITLE}" in review.text
    assert "Tanggal mulai: 17 Agustus 2024" in review.text
    assert "Tautan: —" in review.text and "Bukti dukung: 1 berkas" in review.text
    assert review.button_labels[-2:] == [["📤 Kirim"], ["💾 Simpan draf", "🗑 Hapus draf"]]
    replies = await siti.press("📤 Kirim")
    assert replies.last.text == (
        f"Terima kasih! Inovasi #1 {TRICKY_TITLE} telah terkirim dan akan ditinjau koordinator."
    )
    # The card above says it is sent now, and has no buttons left.
    (card,) = [m for m in siti.messages if m.message_id == review.message_id]
    assert card.text.startswith("Inovasi #1 (📤 terkirim)\nOPD: Dinas Kesehatan")
    assert f"Judul: {TRICKY_TITLE}" in card.text and card.button_labels == []
    innovation = await stored(database)
    assert (innovation.title, innovation.status, innovation.quick_win) == (
        TRICKY_TITLE,
        "submitted",
        False,
    )
    assert (innovation.stage, innovation.kind) == ("penerapan", "non_digital")
    assert (innovation.problem, innovation.solution, innovation.goal, innovation.benefit) == (
        "Masalahnya.",
        "Solusinya.",
        "Tujuannya.",
        "Manfaatnya untuk warga.",
    )
    assert innovation.start_date == date(2024, 8, 17) and innovation.link is None
    assert [p.name for p in innovation.pillars] == ["Smart Living"]
    assert [a.kind for a in innovation.attachments] == ["photo"]
    assert (innovation.contact_name, innovation.submitted_at is not None) == (
        "Siti Rahmawati",
        True,
    )
    assert [(e.kind, e.from_status, e.to_status) for e in await events(database)] == [
        ("created", None, "draft"),
        ("submitted", "draft", "submitted"),
    ]
    notice = siti.emulator.messages(coordinators_group.id)[-1]
    assert notice.text == (
        f"📤 Inovasi baru terkirim\n#1 {TRICKY_TITLE}\nDinas Kesehatan · Smart Living"
    )
    assert notice.button_labels == [["👁 Lihat"]]


async def test_a_submission_in_english(person, database: Database) -> None:
    john = await person("staff", name="John Smith", language_code="en")
    replies = await john.send("/new")
    assert replies.texts == ["What is the innovation's title? (5–150 characters)\nQuestion 1 of 12"]
    await john.send("Digital village registry")
    await john.press("⬜ Smart Governance")
    await john.press("Done")
    await john.press("Yes")
    replies = await john.press("Trial")
    assert replies.last.text == "What type of innovation is it?\nQuestion 5 of 12"
    await john.press("Digital")
    for answer in ("The problem.", "The change.", "The goal.", "The benefit."):
        await john.send(answer)
    await john.send("August 2024")
    await john.send("https://desa.sumedangkab.go.id")
    replies = await john.press("Done")
    assert replies.last.text.startswith("Check your innovation (#1, 📝 draft)")
    replies = await john.press("📤 Submit")
    assert replies.last.text.startswith("Thank you! Innovation #1 Digital village registry")
    innovation = await stored(database)
    assert (innovation.title, innovation.status, innovation.quick_win) == (
        "Digital village registry",
        "submitted",
        True,
    )
    assert (innovation.stage, innovation.kind, innovation.start_date) == (
        "uji_coba",
        "digital",
        date(2024, 8, 1),
    )
    assert (innovation.problem, innovation.solution, innovation.goal, innovation.benefit) == (
        "The problem.",
        "The change.",
        "The goal.",
        "The benefit.",
    )
    assert innovation.link == "https://desa.sumedangkab.go.id"
    assert [p.name for p in innovation.pillars] == ["Smart Governance"]
    assert innovation.attachments == [] and innovation.contact_name == "John Smith"


async def test_every_answer_is_validated_and_asked_again(person, database: Database) -> None:
    siti = await person("staff")
    await siti.send("/baru")
    assert (await siti.send("Abc")).texts == [
        "Judul harus 5–150 karakter (sekarang 3). Silakan ketik lagi."
    ]
    assert "sekarang 151" in (await siti.send("x" * 151)).text
    assert (await siti.send_sticker()).texts == ["Mohon ketik jawaban Bapak/Ibu sebagai teks."]
    await siti.send("Inovasi Sampah Terpadu")
    assert (await siti.send("Smart Living")).texts == [
        "Silakan pilih dengan tombol pada pertanyaan di atas."
    ]
    replies = await siti.press("Selesai")
    assert replies.toasts == ["Pilih paling sedikit satu pilar."]
    await siti.press("⬜ Smart Environment")
    await siti.press("Selesai")
    await siti.press("Ya")
    await siti.press("Inisiatif")
    await siti.press("Digital")
    assert (await siti.send("ab")).texts == [
        "Jawaban terlalu singkat. Silakan ketik paling sedikit 3 karakter."
    ]
    assert (await siti.send("y" * 10_000)).texts == [
        "Jawaban terlalu panjang: 10.000 karakter, paling banyak 3.000. Mohon diringkas."
    ]
    assert (await siti.send_voice()).texts == ["Mohon ketik jawaban Bapak/Ibu sebagai teks."]
    assert (await siti.send_animation()).texts == ["Mohon ketik jawaban Bapak/Ibu sebagai teks."]
    await siti.send("z" * 3000)
    for answer in ("Solusi.", "Tujuan.", "Manfaat."):
        await siti.send(answer)
    for bad in ("kemarin", "31/02/2024", "13-13-2024", "jam 9"):
        assert "Tanggal tidak dikenali" in (await siti.send(bad)).text
    assert (await siti.send("1 Januari 2027")).texts == ["Tanggal mulai tidak boleh di masa depan."]
    assert (await siti.send_location()).texts == ["Mohon ketik jawaban Bapak/Ibu sebagai teks."]
    await siti.send("17-8-2024")
    for bad in ("sumedang", "ftp://x.go.id", "https://", "https://localhost"):
        assert "Tautan harus berisi alamat situs" in (await siti.send(bad)).text
    await siti.send("https://sampah.sumedangkab.go.id/peta?x=1&y=<2>")
    assert "kirim foto atau dokumen" in (await siti.send("ini fotonya")).text
    assert "kirim foto atau dokumen" in (await siti.send_sticker()).text
    assert "kirim foto atau dokumen" in (await siti.send_animation()).text
    replies = await siti.send_document(b"MZ\x90", "virus.exe", "application/x-msdownload")
    assert replies.texts == [
        "Jenis berkas ini tidak diterima. Kirim foto, atau dokumen PDF, Word, Excel, "
        "atau PowerPoint."
    ]
    await siti.press("Selesai")
    innovation = await stored(database)
    assert innovation.problem == "z" * 3000
    assert innovation.start_date == date(2024, 8, 17)
    assert innovation.link == "https://sampah.sumedangkab.go.id/peta?x=1&y=<2>"
    assert innovation.attachments == []


async def test_html_and_markdown_come_back_exactly_as_typed(person, database: Database) -> None:
    siti = await person("staff")
    await fill(siti, FULL)
    review = siti.last
    assert f"Judul: {TRICKY_TITLE}" in review.text
    assert "&lt;b&gt;Digital&lt;/b&gt; &amp; *Cepat* _Sumedang_" in (review.html or "")
    assert f"Permasalahan: {PROBLEM}" in review.text
    innovation = await stored(database)
    assert innovation.title == TRICKY_TITLE and innovation.problem == PROBLEM


async def test_back_skip_and_editing_one_field_from_the_review(person, database: Database) -> None:
    siti = await person("staff")
    await siti.send("/baru")
    await siti.send("Layanan Adminduk Keliling")
    await siti.press("⬜ Smart Governance")
    await siti.press("Selesai")
    replies = await siti.press("⬅️ Kembali")
    assert replies.last.text.startswith("Pilih pilar Smart City")
    assert replies.last.text.endswith("Dipilih: Smart Governance\nPertanyaan 2 dari 12")
    await siti.press("Selesai")
    await fill(siti, REST, start=None, after="pillars")
    replies = await siti.press("✏️ Tahapan")
    assert replies.last.text == "Apa tahapan inovasi ini?\nPertanyaan 4 dari 12"
    replies = await siti.press("Penerapan")
    assert replies.last.text.startswith("Periksa kembali inovasi")
    assert "Tahapan: Penerapan" in replies.last.text
    replies = await siti.press("✏️ Judul")
    replies = await siti.send("Layanan Adminduk Keliling Desa")
    assert "Judul: Layanan Adminduk Keliling Desa" in replies.last.text
    innovation = await stored(database)
    assert (innovation.title, innovation.stage) == ("Layanan Adminduk Keliling Desa", "penerapan")


# After the pillars: short answers, the start date by its "last month" button.
REST = {"problem": "Masalah.", "solution": "Solusi.", "goal": "Tujuan.", "benefit": "Manfaat.",
        "start_date": Press("Bulan lalu")}  # fmt: skip


async def test_date_buttons_use_the_local_month(person, database: Database) -> None:
    siti = await person("staff")
    await fill(siti, {**REST, "pillars": ["Smart Governance"]})
    # The fake clock stands at 2 November 2026, 09.00 WIB.
    assert (await stored(database)).start_date == date(2026, 10, 1)


async def test_cancel_keeps_the_draft_and_new_offers_to_continue(
    person, database: Database
) -> None:
    siti = await person("staff")
    await siti.send("/baru")
    await siti.send("Pasar Online Tanjungsari")
    await siti.press("⬜ Smart Economy")
    replies = await siti.send("/batal")
    assert replies.texts == [
        "Pengisian dihentikan; draf Pasar Online Tanjungsari tersimpan (2 dari 12 pertanyaan "
        "terjawab). Ketik /baru untuk melanjutkan."
    ]
    replies = await siti.send("/baru")
    assert replies.last.text == (
        "Bapak/Ibu punya draf yang belum selesai: Pasar Online Tanjungsari. "
        "Lanjutkan draf itu, atau mulai baru?"
    )
    replies = await siti.press("Lanjutkan draf")
    # Continues at the first question still unanswered, with the pillar kept.
    assert replies.last.text == "Apakah inovasi ini termasuk quick win?\nPertanyaan 3 dari 12"
    await siti.send("/batal")
    await siti.send("/baru")
    replies = await siti.press("Mulai baru")
    assert replies.last.text == "Apa judul inovasinya? (5–150 karakter)\nPertanyaan 1 dari 12"
    await siti.send("Inovasi Kedua Saya")
    async with database.transaction() as session:
        drafts = list(await session.scalars(select(Innovation).order_by(Innovation.id)))
    assert [(d.title, d.status) for d in drafts] == [
        ("Pasar Online Tanjungsari", "draft"),
        ("Inovasi Kedua Saya", "draft"),
    ]
    assert [p.name for p in (await stored(database, 1)).pillars] == ["Smart Economy"]


async def test_cancel_says_what_was_saved(person, database: Database) -> None:
    siti = await person("staff")
    await siti.send("/baru")
    replies = await siti.send("/batal")
    assert replies.texts == [
        "Pengisian dihentikan. Belum ada yang tersimpan; ketik /baru untuk memulai lagi."
    ]
    async with database.transaction() as session:
        assert list(await session.scalars(select(Innovation))) == []
    await siti.send("/baru")
    await siti.send("Judul Saja Dulu")
    replies = await siti.send("/batal")
    assert replies.texts == [
        "Pengisian dihentikan; draf Judul Saja Dulu tersimpan (1 dari 12 pertanyaan terjawab). "
        "Ketik /baru untuk melanjutkan."
    ]
    assert ((await stored(database)).title, (await stored(database)).status) == (
        "Judul Saja Dulu",
        "draft",
    )
    # Changing a sent innovation: the answers given are kept, and it stays sent.
    await siti.send("/baru")
    await siti.press("Lanjutkan draf")
    await fill(siti, FULL, start=None, after="title")
    await siti.press("📤 Kirim")
    await siti.send("/ubah 1")
    await siti.press("✏️ Tujuan")
    await siti.send("Tujuan yang baru.")
    await siti.press("✏️ Manfaat dan penerima manfaat")
    replies = await siti.send("/batal")
    assert replies.texts == [
        "Pengisian dihentikan. Jawaban yang sudah Bapak/Ibu berikan tersimpan; inovasi #1 "
        "tetap 📤 terkirim."
    ]
    assert ((await stored(database)).goal, (await stored(database)).status) == (
        "Tujuan yang baru.",
        "submitted",
    )


async def test_help_in_the_middle_answers_and_the_flow_goes_on(person) -> None:
    siti = await person("staff")
    await siti.send("/baru")
    await siti.send("Pasar Online Tanjungsari")
    replies = await siti.send("/bantuan")
    assert replies.text.startswith("Yang dapat Bapak/Ibu lakukan:")
    replies = await siti.press("⬜ Smart Economy")
    assert replies.last.text.endswith("Dipilih: Smart Economy\nPertanyaan 2 dari 12")


async def test_a_killed_bot_continues_at_the_same_question(
    sandbox: Sandbox, settings, database: Database, emulator, clock, person
) -> None:
    siti = await person("staff")
    await fill(siti, {"title": "Pasar Online Tanjungsari", "pillars": ["Smart Economy"],
                      "quick_win": True}, until="stage")  # fmt: skip
    # Killed: no shutdown, no flush; a new process over the same database.
    sandbox.emulator.deliver = None
    sandbox.running = False
    again = Sandbox(
        build_application(settings, request=Sandbox.request(emulator), database=database,
                          clock=clock),
        emulator,
    )  # fmt: skip
    await again.start()
    try:
        replies = await siti.press("Inisiatif")
        assert replies.last.text == "Apa jenis inovasi ini?\nPertanyaan 5 dari 12"
        await fill(siti, {**REST, "start_date": "2024"}, start=None, after="stage")
        replies = await siti.press("📤 Kirim")
        assert replies.last.text.startswith("Terima kasih! Inovasi #1")
    finally:
        await again.stop()
        await sandbox.application.stop()
        await sandbox.application.shutdown()
        # The killed process never flushed: its flush at this cleanup compares old states.
        sandbox.application.persistence.disagreements.clear()
    innovation = await stored(database)
    assert (innovation.status, innovation.quick_win, innovation.stage) == (
        "submitted",
        True,
        "inisiatif",
    )


async def test_a_duplicate_title_is_flagged(person, database: Database) -> None:
    siti = await person("staff")
    await fill(siti, {**FULL, "title": "Posyandu Digital"})
    await siti.press("📤 Kirim")
    await siti.send("/baru")
    replies = await siti.send("posyandu   DIGITAL")
    assert replies.last.text == (
        "Sudah ada inovasi berjudul sama di OPD Bapak/Ibu: #1 Posyandu Digital (📤 terkirim). "
        "Lanjutkan dengan judul ini, atau buka yang sudah ada?"
    )
    replies = await siti.press("Buka yang ada")
    assert replies.texts[0].startswith("Inovasi #1 (📤 terkirim)")
    await siti.send("/baru")
    await siti.send("Posyandu Digital")
    replies = await siti.press("Lanjutkan")
    assert replies.last.text.startswith("Pilih pilar Smart City")


async def test_deleting_a_draft_asks_first(person, database: Database) -> None:
    siti = await person("staff")
    await fill(siti, FULL)
    replies = await siti.press("🗑 Hapus draf")
    assert replies.last.button_labels == [["Ya", "Tidak"]]
    replies = await siti.press("Tidak")
    assert replies.texts[0] == "Draf tidak dihapus."
    await siti.press("🗑 Hapus draf")
    replies = await siti.press("Ya")
    assert replies.last.text == "Draf dihapus."
    async with database.transaction() as session:
        assert list(await session.scalars(select(Innovation))) == []


async def test_pressing_send_twice_sends_once(
    person, database: Database, coordinators_group
) -> None:
    siti = await person("staff")
    await fill(siti, FULL)
    review = siti.last
    first = await siti.emulator.forge_callback(siti.user, "sub:send", review)
    second = await siti.emulator.forge_callback(siti.user, "sub:send", review)
    assert any(a.kind == "send" for a in first)
    toasts = [a.detail.get("text") for a in second if a.kind == "answer"]
    assert toasts == ["Tombol ini sudah tidak berlaku. Silakan ulangi dari menu."]
    async with database.transaction() as session:
        count = len(list(await session.scalars(select(Innovation))))
    notices = [m for m in siti.emulator.messages(coordinators_group.id)]
    assert (count, len(notices)) == (1, 1)
    assert [e.kind for e in await events(database)] == ["created", "submitted"]


async def test_an_album_of_ten_photos_is_acknowledged_once(person, database: Database) -> None:
    siti = await person("staff")
    await fill(siti, {**REST, "title": "Galeri Kegiatan Posyandu"}, until="evidence")
    replies = await siti.send_album([f"\xff\xd8 foto {i}".encode() for i in range(10)])
    sent = [m for m in replies if m.text.startswith("Bukti dukung diterima")]
    assert len({m.message_id for m in sent}) == 1
    assert sent[-1].text == "Bukti dukung diterima: 10 berkas. Kirim lagi, atau tekan Selesai."
    # The same photo sent again is kept once.
    photo = siti.emulator.messages(siti.chat.id)[-2]
    await siti.send_photo(b"\xff\xd8 foto baru")
    assert photo is not None
    await siti.press("Selesai")
    assert len((await stored(database)).attachments) == 11


async def test_a_forwarded_text_is_an_answer_and_an_edit_is_explained(
    person, database: Database
) -> None:
    siti = await person("staff")
    other = siti.emulator.add_user("Kepala Dinas")
    await siti.send("/baru")
    title_message_replies = await siti.send("Judul Sementara Saja")
    assert title_message_replies
    own_title = [m for m in siti.messages if not m.from_bot][-1]
    await fill(siti, start=None, after="title", until="problem")
    await siti.forward("Masalah yang diteruskan dari grup WhatsApp dinas.", other)
    replies = await siti.edit(own_title, "Judul Yang Diperbaiki")
    assert replies.texts == [
        "Perubahan pada pesan yang sudah terkirim tidak dibaca. Gunakan tombol ✏️ pada "
        "ringkasan untuk mengubah jawaban."
    ]
    innovation = await stored(database)
    assert innovation.problem == "Masalah yang diteruskan dari grup WhatsApp dinas."
    assert innovation.title == "Judul Sementara Saja"


async def test_long_answers_are_shortened_on_the_review_card_and_shown_whole_on_request(
    person, database: Database
) -> None:
    siti = await person("staff")
    long = {name: ("<&> " + letter * 40 + " ") * 60
            for name, letter in zip(("problem", "solution", "goal", "benefit"), "abcd",
                                    strict=True)}  # fmt: skip
    replies = await fill(siti, {"title": "Inovasi Dengan Uraian Panjang", **long})
    # Four answers of 2,700 characters: one message, each answer cut at about 200 + "…".
    review = [m for m in replies if m.text.startswith("Periksa kembali")]
    assert len(review) == 1 and len(review[0].text) < 1500
    card = review[0]
    first = ("<&> " + "a" * 40 + " ") * 4 + "<&>"
    assert f"Permasalahan: {first}…\n" in card.text
    assert "&lt;&amp;&gt; aaaa" in (card.html or "")
    assert [row for row in card.button_labels if row[0].startswith("📖")] == [
        ["📖 Permasalahan (lengkap)", "📖 Perubahan / solusi (lengkap)"],
        ["📖 Tujuan (lengkap)", "📖 Manfaat dan penerima manfaat (lengkap)"],
    ]
    # One answer in full, on request; the card stays.
    replies = await siti.press("📖 Tujuan (lengkap)")
    assert replies.texts == ["Tujuan: " + long["goal"].strip()]
    # A correction: the old card loses its buttons, one new card follows the answer.
    await siti.press("✏️ Permasalahan")
    (old_card,) = [m for m in siti.messages if m.message_id == card.message_id]
    assert (old_card.text, old_card.button_labels) == (card.text, [])
    replies = await siti.send("Masalahnya kini singkat.")
    assert [m.text.startswith("Periksa kembali") for m in replies] == [True]
    assert "Permasalahan: Masalahnya kini singkat.\n" in replies.last.text
    assert ["📖 Permasalahan (lengkap)", "📖 Perubahan / solusi (lengkap)"] not in (
        replies.last.button_labels
    )
    assert (await stored(database)).goal == long["goal"].strip()
    # The record as /lihat shows it is whole, split between fields where it must be.
    view = [m for m in await siti.send("/lihat 1") if m.text]
    assert len(view) >= 2 and all(len(m.text) <= 4096 for m in view)
    text = "\n".join(m.text for m in view)
    for letter in "bcd":
        assert ("<&> " + letter * 40 + " ") * 59 in text


async def test_lists_show_my_opd_or_everything(person, database: Database) -> None:
    siti = await person("staff", opd="DINKES")
    asep = await person("staff", opd="DISDIK", name="Asep Saepudin")
    budi = await person("coordinator", opd="DISKOMINFOSANDITIK", name="Budi Santoso")
    for number in range(12):
        await siti.send("/baru")
        if number:
            await siti.press("Mulai baru")
        await siti.send(f"Inovasi Kesehatan {number:02d}")
        await siti.send("/batal")
    await fill(asep, {**FULL, "title": "Inovasi Pendidikan"})
    await asep.press("📤 Kirim")
    replies = (
        await siti.tap("📋 Daftar inovasi") if siti.reply_keyboard else await siti.send("/daftar")
    )
    page = replies.last
    assert page.text == "Inovasi OPD Bapak/Ibu (12), halaman 1 dari 2:"
    assert page.button_labels[0] == ["#12 📝 draf · Inovasi Kesehatan 11"]
    assert page.button_labels[-1] == ["Berikutnya ➡️"]
    replies = await siti.press("Berikutnya ➡️")
    assert replies.last.button_labels[0] == ["#2 📝 draf · Inovasi Kesehatan 01"]
    replies = await siti.press("#1 📝 draf · Inovasi Kesehatan 00")
    assert replies.texts[0].startswith("Inovasi #1 (📝 draf)")
    replies = await budi.send("/daftar")
    assert replies.last.text == "Inovasi semua OPD (13), halaman 1 dari 2:"
    assert replies.last.button_labels[0] == ["#13 📤 terkirim · DISDIK · Inovasi Pendidikan"]
    # Staff cannot open another OPD's innovation, by number or by forged button.
    assert (await siti.send("/lihat 13")).texts == [
        "Mohon maaf, perintah ini tidak tersedia untuk peran Bapak/Ibu."
    ]
    replies = await siti.forge("ino:view:13")
    assert replies.toasts == ["Mohon maaf, perintah ini tidak tersedia untuk peran Bapak/Ibu."]
    assert (await siti.send("/lihat")).texts == ["Tulis nomor inovasinya, misalnya /lihat 12."]
    assert (await siti.send("/lihat 999")).texts == ["Inovasi #999 tidak ditemukan."]


async def test_view_sends_the_evidence_again(person, database: Database) -> None:
    siti = await person("staff")
    await fill(siti, FULL)
    await siti.press("📤 Kirim")
    replies = await siti.send("/lihat 1")
    assert replies[0].text.startswith("Inovasi #1 (📤 terkirim)")
    assert [m.photo is not None for m in replies[1:]] == [True, False]
    assert replies[-1].document is not None
    assert replies[-1].document["file_name"] == "SK Bupati.pdf"


async def test_the_group_notice_opens_privately_for_coordinators(
    sandbox: Sandbox, person, coordinators_group
) -> None:
    siti = await person("staff")
    budi = await person("coordinator", opd="DISKOMINFOSANDITIK", name="Budi Santoso")
    await budi.send("/start")
    await fill(siti, FULL)
    await siti.press("📤 Kirim")
    in_group = sandbox.person(budi.user, coordinators_group)
    replies = await in_group.press("👁 Lihat")
    assert replies.toasts == ["Detail dikirim ke chat pribadi Bapak/Ibu dengan bot."]
    assert budi.bot_messages[-3].text.startswith("Inovasi #1 (📤 terkirim)")
    # A staff member of another OPD in the group is refused.
    asep = await person("staff", opd="DISDIK", name="Asep Saepudin")
    await asep.send("/start")
    replies = await sandbox.person(asep.user, coordinators_group).press("👁 Lihat")
    assert replies.toasts == ["Mohon maaf, perintah ini tidak tersedia untuk peran Bapak/Ibu."]
    # Someone who never opened the bot is pointed to it.
    stranger_user = sandbox.emulator.add_user("Cecep")
    replies = await sandbox.person(stranger_user, coordinators_group).press("👁 Lihat")
    assert replies.toasts == [
        "Mohon maaf, Bapak/Ibu belum terdaftar. Ketik /start untuk mendaftar."
    ]


async def test_editing_a_submission_is_logged_and_it_can_be_withdrawn(
    person, database: Database
) -> None:
    siti = await person("staff")
    await fill(siti, FULL)
    await siti.press("📤 Kirim")
    replies = await siti.send("/ubah 1")
    assert replies.last.text.startswith("Periksa kembali inovasi Bapak/Ibu (#1, 📤 terkirim)")
    assert replies.last.button_labels[-2:] == [["↩️ Tarik kembali ke draf"], ["Selesai mengubah"]]
    await siti.press("✏️ Tujuan")
    await siti.send("Tujuan yang lebih jelas.")
    await siti.press("✏️ Pilar")
    await siti.press("☑️ Smart Living")
    replies = await siti.press("Selesai")
    assert "Pilar: Smart Governance" in replies.last.text
    replies = await siti.press("↩️ Tarik kembali ke draf")
    assert "Inovasi #1 ditarik kembali menjadi draf." in replies.texts
    assert replies.last.text.startswith("Periksa kembali inovasi Bapak/Ibu (#1, 📝 draf)")
    replies = await siti.press("💾 Simpan draf")
    assert replies.last.text == "Draf disimpan. Ketik /baru kapan saja untuk melanjutkan."
    logged = [(e.kind, e.field, e.old_value, e.new_value) for e in await events(database)]
    assert logged[2:] == [
        ("field_changed", "goal", "Menurunkan stunting dengan data yang cepat.",
         "Tujuan yang lebih jelas."),
        ("field_changed", "pillars", "Smart Governance, Smart Living", "Smart Governance"),
        ("withdrawn", None, None, None),
    ]  # fmt: skip
    assert (await stored(database)).status == "draft"


async def test_what_cannot_be_edited_says_why(person, database: Database) -> None:
    siti = await person("staff", opd="DINKES")
    asep = await person("staff", opd="DISDIK", name="Asep Saepudin")
    await fill(siti, FULL)
    await siti.press("📤 Kirim")
    async with database.transaction() as session:
        innovation = await session.get(Innovation, 1)
        assert innovation is not None
        innovation.status = "approved"
    assert (await siti.send("/ubah 1")).texts == [
        "Inovasi #1 berstatus ✅ disetujui dan tidak dapat diubah lagi."
    ]
    assert (await asep.send("/ubah 1")).texts == [
        "Mohon maaf, perintah ini tidak tersedia untuk peran Bapak/Ibu."
    ]
    assert (await siti.send("/ubah dua")).texts == ["Tulis nomor inovasinya, misalnya /ubah 12."]


async def test_a_revision_requested_is_sent_again_from_the_review(
    sandbox: Sandbox, person, database: Database, coordinators_group
) -> None:
    siti = await person("staff")
    await fill(siti, FULL)
    await siti.press("📤 Kirim")
    await _revision_requested(database, 1)
    await siti.send("/ubah 1")
    await siti.press("✏️ Manfaat dan penerima manfaat")
    await siti.send("Manfaat yang diperbaiki sesuai catatan.")
    replies = await siti.press("📤 Kirim")
    assert replies.last.text.startswith("Terima kasih! Inovasi #1")
    assert (await stored(database)).status == "submitted"
    assert [e.kind for e in await events(database)][-1] == "submitted"
    # The coordinators hear of it as a revision, not as a new innovation (the group's notices
    # go at most every 10 s).
    await sandbox.advance(timedelta(seconds=10))
    group = siti.emulator.messages(coordinators_group.id)
    assert [m.text.splitlines()[0] for m in group] == [
        "📤 Inovasi baru terkirim",
        "🔁 Revisi inovasi terkirim",
    ]
    # Arriving together with a new one, it shares the notice, still marked as a revision.
    asep = await person("staff", opd="DISDIK", name="Asep Saepudin")
    await fill(asep, {**FULL, "title": "Sekolah Ramah Anak"})
    await _revision_requested(database, 1)
    await siti.send("/ubah 1")
    await siti.press("📤 Kirim")
    await asep.press("📤 Kirim")
    await sandbox.advance(timedelta(seconds=10))
    batch = siti.emulator.messages(coordinators_group.id)[-1].text
    assert batch.splitlines()[0] == "📤 2 inovasi masuk"
    assert f"• #1 {TRICKY_TITLE} — Dinas Kesehatan (revisi)" in batch
    assert "• #2 Sekolah Ramah Anak — Dinas Pendidikan" in batch.splitlines()


async def _revision_requested(database: Database, number: int) -> None:
    """A coordinator asked for a revision (the review flow itself is tests/test_review.py's)."""
    async with database.transaction() as session:
        innovation = await session.get(Innovation, number)
        assert innovation is not None
        innovation.status = "revision_requested"


async def test_two_people_of_one_opd_editing_the_same_innovation(
    person, database: Database
) -> None:
    siti = await person("staff", opd="DINKES")
    rina = await person("staff", opd="DINKES", name="Rina Marlina")
    await fill(siti, FULL)
    await siti.press("📤 Kirim")
    await siti.send("/ubah 1")
    await rina.send("/ubah 1")
    await siti.press("✏️ Tujuan")
    await siti.send("Tujuan versi Siti.")
    await rina.press("✏️ Tujuan")
    replies = await rina.send("Tujuan versi Rina.")
    assert (
        replies.texts[0]
        == "Inovasi ini baru saja diubah oleh orang lain. Berikut keadaan terbarunya."
    )
    assert "Tujuan: Tujuan versi Siti." in replies.last.text
    assert (await stored(database)).goal == "Tujuan versi Siti."
    await rina.press("✏️ Tujuan")
    await rina.send("Tujuan versi Rina.")
    assert (await stored(database)).goal == "Tujuan versi Rina."


async def test_an_idle_draft_times_out_and_stays(
    sandbox: Sandbox, person, database: Database
) -> None:
    siti = await person("staff")
    await siti.send("/baru")
    await siti.send("Draf Yang Ditinggal")
    job_queue = sandbox.application.job_queue
    assert job_queue is not None
    timeouts = [job for job in job_queue.jobs() if job.name and "timeout" in job.name.lower()]
    assert len(timeouts) == 1
    await timeouts[0].run(sandbox.application)
    assert siti.last.text == (
        "Sesi pengisian berakhir karena lama tidak aktif. Draf tersimpan; ketik /baru untuk "
        "melanjutkan."
    )
    assert (await stored(database)).status == "draft"
    replies = await siti.send("/baru")
    assert "Draf Yang Ditinggal" in replies.last.text


async def test_a_conversation_idle_past_its_timeout_is_ended_at_start(
    sandbox: Sandbox, settings, database: Database, emulator, clock, person
) -> None:
    from datetime import timedelta

    siti = await person("staff")
    await siti.send("/baru")
    await siti.send("Draf Lama Sekali")
    await sandbox.stop()
    clock.advance(timedelta(hours=13))  # the bot was down overnight
    again = Sandbox(
        build_application(settings, request=Sandbox.request(emulator), database=database,
                          clock=clock),
        emulator,
    )  # fmt: skip
    await again.start()
    try:
        replies = await siti.press("⬜ Smart Living")
        assert replies.toasts == ["Tombol ini sudah tidak berlaku. Silakan ulangi dari menu."]
        replies = await siti.send("/baru")
        assert "Draf Lama Sekali" in replies.last.text
    finally:
        await again.stop()


async def test_a_member_blocked_mid_flow_is_refused_at_the_next_button(
    person, database: Database
) -> None:
    from storage.repositories import MemberRepository

    siti = await person("staff")
    await siti.send("/baru")
    await siti.send("Inovasi Sebelum Diblokir")
    await siti.press("⬜ Smart Living")
    await siti.press("Selesai")
    async with database.transaction() as session:
        member = await MemberRepository(session).by_telegram_id(siti.id)
        assert member is not None
        member.status = "blocked"
    blocked = "Mohon maaf, akun Bapak/Ibu sedang dinonaktifkan. Silakan hubungi admin Diskominfo."
    assert (await siti.press("Ya")).toasts == [blocked]
    # The flow ended there; the draft is kept for when the account is active again.
    assert (await siti.forge("sub:back")).toasts == [
        "Tombol ini sudah tidak berlaku. Silakan ulangi dari menu."
    ]
    innovation = await stored(database)
    assert (innovation.status, innovation.quick_win) == ("draft", None)


async def test_a_bare_domain_and_an_abbreviated_month_are_taken(person, database: Database) -> None:
    siti = await person("staff")
    replies = await fill(
        siti, {"start_date": "17 agts 2024", "link": "eposyandu.sumedangkab.go.id"}
    )
    assert "Tautan: https://eposyandu.sumedangkab.go.id" in replies.last.text
    innovation = await stored(database)
    assert innovation.start_date == date(2024, 8, 17)
    assert innovation.link == "https://eposyandu.sumedangkab.go.id"
    assert "atau Lewati" not in "\n".join(m.text for m in siti.bot_messages)


async def test_a_main_menu_button_mid_form_is_not_an_answer(person, database: Database) -> None:
    budi = await person("coordinator", opd="DISKOMINFOSANDITIK", name="Budi Santoso")
    await budi.send("/start")  # the main menu under the text box
    await fill(budi, {"title": "Satu Data Kominfo"}, until="problem")
    # 📊 Rekap at a typed question: the summary, as /rekap typed there gives it; not stored.
    replies = await budi.tap("📊 Rekap")
    assert replies.texts[0].startswith("📊 Rekap inovasi")
    assert (await stored(database)).problem is None
    # The question still waits: the next text typed is its answer.
    replies = await budi.send("Data antar-OPD tidak terhubung.")
    assert replies.last.text.startswith("Apa yang diubah")
    assert (await stored(database)).problem == "Data antar-OPD tidak terhubung."
    # 📋 Daftar inovasi at the title (nothing saved yet): the list, and no draft made of it.
    siti = await person("staff")
    await siti.send("/start")
    await siti.send("/baru")
    replies = await siti.tap("📋 Daftar inovasi")
    assert replies.last.text.startswith("Belum ada inovasi")
    async with database.transaction() as session:
        titles = list(await session.scalars(select(Innovation.title)))
    assert titles == ["Satu Data Kominfo"]


async def test_a_month_or_a_year_stays_as_precise_as_it_was_given(
    person, database: Database, tmp_path
) -> None:
    from openpyxl import load_workbook

    from bot.core.texts import Catalog
    from bot.reporting.export import write_csv, write_xlsx

    siti = await person("staff")
    # "Bulan lalu" on 2 November 2026 is October 2026: a month, not 1 October.
    replies = await fill(siti, {"start_date": Press("Bulan lalu")})
    assert "Tanggal mulai: Oktober 2026\n" in replies.last.text
    innovation = await stored(database)
    assert (innovation.start_date, innovation.start_date_precision) == (date(2026, 10, 1), "month")
    await siti.press("📤 Kirim")
    await siti.send("/ubah 1")
    await siti.press("✏️ Tanggal mulai")
    replies = await siti.send("Juli 2024")
    assert "Tanggal mulai: Juli 2024\n" in replies.last.text
    await siti.press("✏️ Tanggal mulai")
    replies = await siti.send("2023")
    assert "Tanggal mulai: 2023\n" in replies.last.text
    await siti.press("✏️ Tanggal mulai")
    replies = await siti.send("1 Juli 2024")
    assert "Tanggal mulai: 1 Juli 2024\n" in replies.last.text
    await siti.press("✏️ Tanggal mulai")
    await siti.send("juli 2024")
    await siti.press("Selesai mengubah")
    assert "Tanggal mulai: Juli 2024\n" in (await siti.send("/lihat 1"))[0].text
    innovation = await stored(database)
    assert (innovation.start_date, innovation.start_date_precision) == (date(2024, 7, 1), "month")
    changes = [(e.old_value, e.new_value) for e in await events(database) if e.field]
    assert changes == [("2026-10", "2024-07"), ("2024-07", "2023"), ("2023", "2024-07-01"),
                       ("2024-07-01", "2024-07")]  # fmt: skip
    # The export: a real date, shown to its month.
    path = tmp_path / "inovasi.xlsx"
    async with database.transaction() as session:
        await write_xlsx(session, str(path), Catalog(), "id", ZONE)
        csv = io.StringIO()
        await write_csv(session, csv, Catalog(), "id", ZONE)
    sheet = load_workbook(path)["Inovasi"]
    column = [cell.value for cell in sheet[1]].index("Tanggal mulai") + 1
    assert sheet.cell(2, column).value == datetime(2024, 7, 1)
    assert sheet.cell(2, column).number_format == "MM/YYYY"
    assert ";07/2024;" in csv.getvalue()


async def test_an_old_lewati_at_the_files_question_changes_nothing(
    person, database: Database
) -> None:
    """Lewati belongs to the questions before (a slow phone shows it still): at the files
    question it is not an answer; the file already sent stays."""
    siti = await person("staff")
    await fill(siti, {"title": "Posyandu Digital"}, until="evidence")
    await siti.send_photo(b"\xff\xd8 kegiatan", caption="Kegiatan posyandu")
    replies = await siti.forge(SKIP.data())
    assert replies.texts == ["Silakan pilih dengan tombol pada pertanyaan di atas."]
    replies = await siti.press("Selesai")
    assert "Periksa kembali inovasi Bapak/Ibu" in replies.last.text
    assert len((await stored(database)).attachments) == 1


async def test_a_file_sent_by_mistake_is_removed_and_captions_are_kept(
    person, database: Database
) -> None:
    siti = await person("staff")
    await fill(siti, {"title": "Posyandu Digital"}, until="evidence")
    await siti.send_photo(b"\xff\xd8 kegiatan", caption="Kegiatan <posyandu> Desa Cibeureum")
    replies = await siti.send_document(b"%PDF-1.4 salah", "Daftar gaji.pdf", "application/pdf")
    assert replies.last.text == "Bukti dukung diterima: 2 berkas. Kirim lagi, atau tekan Selesai."
    assert replies.last.button_labels == [
        ["🗑 1. foto: Kegiatan <posyandu> Desa Cibeureum"],
        ["🗑 2. Daftar gaji.pdf"],
        ["Selesai"],
    ]
    replies = await siti.press("🗑 2. Daftar gaji.pdf")
    assert replies.last.text == (
        "Berkas dihapus: Daftar gaji.pdf. Bukti dukung sekarang: 1 berkas. "
        "Kirim lagi, atau tekan Selesai."
    )
    assert replies.last.button_labels == [
        ["🗑 1. foto: Kegiatan <posyandu> Desa Cibeureum"],
        ["Selesai"],
    ]
    # Pressed again (or forged for a file of another innovation): nothing more goes.
    assert (await siti.forge("sub:ev:rm:2")).toasts == [
        "Tombol ini sudah tidak berlaku. Silakan ulangi dari menu."
    ]
    replies = await siti.press("Selesai")
    assert "Bukti dukung: 1 berkas\n• foto: Kegiatan <posyandu> Desa Cibeureum\n" in (
        replies.last.text
    )
    assert "Kegiatan &lt;posyandu&gt; Desa" in (replies.last.html or "")
    innovation = await stored(database)
    assert [(a.kind, a.caption) for a in innovation.attachments] == [
        ("photo", "Kegiatan <posyandu> Desa Cibeureum")
    ]
    # ✏️ Bukti dukung offers the files again, each removable.
    replies = await siti.press("✏️ Bukti dukung")
    assert replies.last.button_labels[0] == ["🗑 1. foto: Kegiatan <posyandu> Desa Cibeureum"]
    await siti.press("Selesai")
    await siti.press("📤 Kirim")
    # /lihat: the record names it, and the photo comes again with its caption.
    replies = await siti.send("/lihat 1")
    assert "• foto: Kegiatan <posyandu> Desa Cibeureum" in replies[0].text
    assert [m.caption for m in replies if m.photo] == ["Kegiatan <posyandu> Desa Cibeureum"]


async def test_quick_win_the_stages_and_the_criteria_are_explained_on_request(
    person, database: Database
) -> None:
    siti = await person("staff")
    replies = await fill(siti, {"title": "Posyandu Digital"}, until="quick_win")
    question = replies.last
    assert question.button_labels == [["Ya", "Tidak"], ["ℹ️ Apa itu quick win?"], ["⬅️ Kembali"]]
    replies = await siti.press("ℹ️ Apa itu quick win?")
    # The same message, now with the explanation, and its buttons still there.
    explained = replies.last
    assert explained.message_id == question.message_id
    assert explained.text.startswith("Apakah inovasi ini termasuk quick win?\n\nℹ️ Quick win: ")
    assert "satu tahun anggaran" in explained.text
    assert explained.text.endswith("\nPertanyaan 3 dari 12")
    assert explained.button_labels == [["Ya", "Tidak"], ["⬅️ Kembali"]]
    # ℹ️ of another question (an old message, or forged) explains nothing here.
    assert (await siti.forge("sub:info:stage")).toasts == [
        "Tombol ini sudah tidak berlaku. Silakan ulangi dari menu."
    ]
    replies = await siti.press("Ya")
    replies = await siti.press("ℹ️ Arti tiap tahapan")
    assert "• Uji coba: sudah dijalankan secara terbatas" in replies.last.text
    await siti.press("Uji coba")
    replies = await fill(siti, start=None, after="stage")
    replies = await siti.press("ℹ️ Kriteria penilaian")
    assert replies.last.text.startswith("ℹ️ Kriteria penilaian: setelah dikirim")
    assert "• Berkelanjutan: " in replies.last.text
    replies = await siti.press("📤 Kirim")
    innovation = await stored(database)
    assert (innovation.quick_win, innovation.stage, innovation.status) == (
        True,
        "uji_coba",
        "submitted",
    )
    # And in /bantuan.
    help_text = (await siti.send("/bantuan")).text
    assert "Istilah\nℹ️ Quick win: " in help_text and "• Penerapan: " in help_text
    assert "• Berdampak: " in help_text


async def test_the_shortest_full_submission_takes_at_most_seven_typed_answers(
    person, database: Database
) -> None:
    siti = await person("staff")
    await fill(siti, {"start_date": Press("Bulan ini")})
    replies = await siti.press("📤 Kirim")
    assert replies.last.text.startswith("Terima kasih! Inovasi #1")
    typed = [m for m in siti.messages if not m.from_bot and not m.text.startswith("/")]
    assert len(typed) <= 7, [m.text for m in typed]
    assert (await stored(database)).status == "submitted"
