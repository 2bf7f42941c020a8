"""Check-ins (pemantauan): approved innovations asked every period whether they still run,
answered by one member of the OPD, reminded once, stale after 30 days; over a whole year."""

from __future__ import annotations

import io

from openpyxl import load_workbook
from sqlalchemy import select

from sandbox.client import Sandbox
from storage.database import Database
from storage.models import Attachment, Checkin, Delivery, Event
from tests.support.checkins import ANSWERS, OTHERS, approved, at, sent, switch
from tests.support.people import admin_of

QUESTION = "Apakah inovasi #1 Posyandu Digital masih berjalan?"
REMINDER = "Pengingat pemantauan"
ASKED = "Apakah inovasi #1"


async def checkins(database: Database) -> list[Checkin]:
    async with database.reading() as session:
        return list(await session.scalars(select(Checkin).order_by(Checkin.id)))


async def test_a_year_of_check_ins(sandbox: Sandbox, person, database: Database, emulator,
                                   coordinators_group) -> None:  # fmt: skip
    siti, budi = await approved(person)  # Monday 2 November 2026, 09.00
    rina = await person("staff", opd="DINKES", name="Rina Marlina")
    eko = await person("staff", opd="DISDIK", name="Eko Prasetyo")
    dewi = await admin_of(sandbox)
    await switch(dewi, *OTHERS)

    # Three months from the approval: not before.
    await sandbox.advance(to=at(2027, 2, 1, 18))
    assert sent(siti, ASKED) == [] and await checkins(database) == []
    await sandbox.advance(to=at(2027, 2, 2, 9, 30))  # Tuesday 2 February 2027, 09.00
    for member in (siti, rina):
        [question] = sent(member, ASKED)
        assert question == "📋 Pemantauan inovasi\n" + QUESTION
        assert member.last.button_labels == ANSWERS
    assert sent(eko, ASKED) == []  # another OPD's

    # Siti answers; Rina is told, and her button no longer counts.
    question = siti.last
    replies = await siti.press("🛠 Dikembangkan", message=question)
    assert replies[0].text == (
        "📋 Inovasi #1 Posyandu Digital: 🛠 Dikembangkan. Terima kasih, sudah dicatat."
    )
    assert replies[0].button_labels == []
    assert replies.last.text.startswith("Apa yang berubah sejak pemantauan terakhir?")
    assert rina.last.text == (
        "📋 Pemantauan inovasi #1 Posyandu Digital sudah dijawab oleh Siti Rahmawati: "
        "🛠 Dikembangkan. Anda tidak perlu menjawab lagi."
    )
    [rina_question] = [m for m in rina.bot_messages if QUESTION in m.content]
    replies = await rina.press("✅ Masih berjalan", message=rina_question)
    assert replies.texts == [
        "📋 Pemantauan inovasi #1 Posyandu Digital sudah dijawab oleh Siti Rahmawati: "
        "🛠 Dikembangkan. Tidak perlu dijawab lagi."
    ]

    # What changed, the people served (bad numbers refused politely), a photo.
    replies = await siti.send("Menambah antrean <b>online</b> & SMS")
    assert replies.last.text.startswith("Berapa orang yang dilayani inovasi ini")
    assert (await siti.send("-5")).texts == [
        "Mohon maaf, jumlah orang yang dilayani tidak bisa kurang dari nol. Ketik angka 0 atau "
        "lebih, misalnya 1250."
    ]
    for typed in ("1e9", "seribu"):
        assert (await siti.send(typed)).texts == [
            f'Mohon maaf, "{typed}" belum dapat saya baca sebagai jumlah orang. Tulis dengan '
            'angka saja, misalnya 1250 atau 1.250 (bukan "seribu").'
        ]
    assert (await siti.send("1000000000")).texts == [
        "Mohon maaf, angka itu terlalu besar untuk satu periode (paling banyak 10.000.000). "
        "Periksa lagi angkanya, misalnya 1250."
    ]
    replies = await siti.send("1.250")
    assert replies.last.text.startswith("Kirim satu foto terbaru")
    assert replies.last.button_labels == [["Selesai"]]
    assert (await siti.send("foto menyusul")).texts == [
        "Di sini saya menunggu sebuah foto. Kirim foto (bukan berkas), atau tekan Selesai."
    ]
    replies = await siti.send_photo(b"\xff\xd8\xff pemantauan")
    assert replies.texts == ["✅ Terima kasih. Pemantauan inovasi #1 sudah lengkap tercatat."]
    [first] = await checkins(database)
    assert (first.round, first.status, first.answer, first.served) == (
        1, "answered", "developing", 1250,
    )  # fmt: skip
    assert first.note == "Menambah antrean <b>online</b> & SMS"
    assert first.answered_at == at(2027, 2, 2, 9, 30)
    async with database.reading() as session:
        photo = await session.get(Attachment, first.attachment_id)
        kinds = list(await session.scalars(select(Event.kind).order_by(Event.id)))
    assert photo is not None and photo.caption == "Foto pemantauan ke-1"
    assert photo.store_state == "stored"  # kept in the regency's evidence store
    assert kinds.count("checkin") == 1

    # The next question three months after the last one; nobody answers.
    await sandbox.advance(to=at(2027, 5, 3, 12))  # 2 May is a Sunday: asked on Monday
    assert len(sent(siti, ASKED)) == 2
    await sandbox.advance(to=at(2027, 5, 7, 18))
    assert sent(siti, REMINDER) == []
    await sandbox.advance(to=at(2027, 5, 10, 9, 30))  # a week later, in working hours
    for member in (siti, rina):
        assert sent(member, REMINDER) == [
            "⏰ Pengingat pemantauan\nPertanyaan pekan lalu belum dijawab: apakah inovasi #1 "
            "Posyandu Digital masih berjalan?"
        ]
    await sandbox.advance(to=at(2027, 6, 1, 12))
    assert len(sent(siti, REMINDER)) == 1  # one reminder, never more
    assert "🟢 aktif" in (await budi.send("/lihat 1")).text
    summary = (await budi.send("/rekap")).text
    assert "📋 Pemantauan: 1 inovasi disetujui — 1 aktif · 0 perlu diperbarui · 0 berhenti" in (
        summary
    )

    # Thirty days unanswered: perlu diperbarui, in /rekap, /belum, /lihat and the summary.
    await sandbox.advance(to=at(2027, 6, 2, 9, 30))
    for command in ("/rekap", "/belum"):
        text = (await budi.send(command)).text
        assert "1 aktif" not in text
        assert "0 aktif · 1 perlu diperbarui · 0 berhenti" in text
        assert "Belum diperbarui: Dinas Kesehatan (1)" in text
    assert "📋 Pemantauan inovasi #1: 🟠 perlu diperbarui" in (await siti.send("/lihat 1")).text
    await switch(dewi, "Rekap harian", on=True)
    await sandbox.advance(to=at(2027, 6, 2, 16, 30))
    [daily] = [
        m.content for m in emulator.messages(coordinators_group.id) if "Rekap harian" in m.content
    ]
    assert "0 aktif · 1 perlu diperbarui" in daily and "Dinas Kesehatan (1)" in daily
    await switch(dewi, "Rekap harian")

    # Rina answers from the reminder: stopped. The follow-ups may all be skipped.
    reminder = [m for m in rina.bot_messages if REMINDER in m.content][-1]
    await rina.press("⏸ Berhenti", message=reminder)
    await rina.press("Lewati")
    await rina.press("Lewati")
    replies = await rina.press("Selesai")
    assert replies.texts[-1] == "✅ Terima kasih. Pemantauan inovasi #1 sudah lengkap tercatat."
    assert "📋 Pemantauan inovasi #1: ⏸ berhenti" in (await siti.send("/lihat 1")).text

    # Running again in August, with its numbers; a year after the approval, asked once more.
    await sandbox.advance(to=at(2027, 8, 3, 9, 30))
    assert len(sent(siti, ASKED)) == 3
    await siti.press("✅ Masih berjalan", message=siti.last)
    await siti.press("Lewati")
    await siti.send("2 000")
    await siti.press("Selesai")
    await sandbox.advance(to=at(2027, 11, 3, 9, 30))
    assert len(sent(siti, ASKED)) == 4
    assert len(sent(siti, REMINDER)) == 1
    screen = (await siti.send("/lihat 1")).text
    assert "📋 Pemantauan inovasi #1: 🟢 aktif" in screen
    assert "Ditanyakan setiap 3 bulan (bawaan)" in screen
    assert "• ditanyakan 3 November 2027, belum dijawab" in screen
    assert "3 Agustus 2027 · Siti Rahmawati · ✅ Masih berjalan · 2.000 orang dilayani" in screen
    assert "Rina Marlina · ⏸ Berhenti" in screen
    assert "Orang dilayani per periode: 1.250 → 2.000" in screen

    rows = await checkins(database)
    assert [(c.round, c.status, c.answer, c.reminded_at is not None) for c in rows] == [
        (1, "answered", "developing", False),
        (2, "answered", "stopped", True),
        (3, "answered", "running", False),
        (4, "open", None, False),
    ]
    async with database.reading() as session:
        keys = sorted(
            await session.scalars(
                select(Delivery.period_key).where(Delivery.recipient_chat_id == siti.id,
                                                  Delivery.period_key.like("checkin%"))
            )
        )  # fmt: skip
    assert keys == [
        "checkin-answered:2", "checkin-reminder:2", "checkin:1", "checkin:2", "checkin:3",
        "checkin:4",
    ]  # fmt: skip

    # The export: every check-in, and each innovation's standing, read back cell by cell.
    replies = await budi.send("/ekspor")
    document = replies.last.document
    book = load_workbook(io.BytesIO(budi.emulator.files[document["file_id"]].content))
    assert book.sheetnames[-2:] == ["Pemantauan", "Status pemantauan"]
    sheet = [[c.value for c in row] for row in book["Pemantauan"].iter_rows()]
    assert sheet[0] == ["No", "OPD (kode)", "Judul", "Ke-", "Ditanyakan", "Diingatkan",
                        "Status tanya", "Jawaban", "Oleh", "Dijawab", "Yang berubah",
                        "Orang dilayani", "Foto"]  # fmt: skip
    from datetime import datetime

    assert sheet[1] == [1, "DINKES", "Posyandu Digital", 1, datetime(2027, 2, 2, 9, 0), None,
                        "dijawab", "Dikembangkan", "Siti Rahmawati", datetime(2027, 2, 2, 9, 30),
                        "Menambah antrean <b>online</b> & SMS", 1250, "Ya"]  # fmt: skip
    assert sheet[2][:9] == [1, "DINKES", "Posyandu Digital", 2, datetime(2027, 5, 3, 9, 0),
                            datetime(2027, 5, 10, 9, 0), "dijawab", "Berhenti", "Rina Marlina"]  # fmt: skip
    assert sheet[2][10:] == [None, None, None]
    assert sheet[4][3:10] == [4, datetime(2027, 11, 3, 9, 0), None, "belum dijawab", None, None,
                              None]  # fmt: skip
    assert len(sheet) == 5
    status = [[c.value for c in row] for row in book["Status pemantauan"].iter_rows()]
    assert status == [
        ["No", "OPD (kode)", "OPD", "Judul", "Status pemantauan", "Periode (bulan)",
         "Terakhir ditanyakan", "Jawaban terakhir", "Terakhir dijawab", "Total orang dilayani"],
        [1, "DINKES", "Dinas Kesehatan", "Posyandu Digital", "aktif", 3,
         datetime(2027, 11, 3, 9, 0), "Masih berjalan", datetime(2027, 8, 3, 9, 30), 3250],
    ]  # fmt: skip
