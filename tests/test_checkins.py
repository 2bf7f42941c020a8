"""Check-ins (pemantauan): approved innovations asked every period whether they still run,
answered by one member of the OPD, reminded once, stale after 30 days; over a whole year."""

from __future__ import annotations

import asyncio
import io
from datetime import datetime

from openpyxl import load_workbook
from sqlalchemy import select

from bot.monitoring.checkins import ANSWER, PERIOD, SKIP
from sandbox.client import Sandbox
from storage.database import Database
from storage.models import (
    Attachment,
    Checkin,
    CheckinPeriod,
    Delivery,
    Event,
    Innovation,
    Member,
    Opd,
)
from tests.support.checkins import (
    ANSWERS,
    FIRST_MEASURE,
    OTHERS,
    approve,
    approved,
    asked,
    at,
    sent,
    skip_measures,
    switch,
)
from tests.support.form import COMPLETE, fill
from tests.support.people import admin_of
from tests.support.web import dashboard_client

QUESTION = "Apakah inovasi #1 Posyandu Digital masih berjalan?"
REMINDER = "Pengingat pemantauan"
ASKED = "Apakah inovasi #1"


async def checkins(database: Database) -> list[Checkin]:
    async with database.reading() as session:
        return list(await session.scalars(select(Checkin).order_by(Checkin.id)))


async def test_a_year_of_check_ins(sandbox: Sandbox, person, database: Database, emulator,
                                   coordinators_group, settings, clock) -> None:  # fmt: skip
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
        "🛠 Dikembangkan. Bapak/Ibu tidak perlu menjawab lagi."
    )
    [rina_question] = [m for m in rina.bot_messages if QUESTION in m.content]
    replies = await rina.press("✅ Masih berjalan", message=rina_question)
    assert replies.texts == [
        "📋 Pemantauan inovasi #1 Posyandu Digital sudah dijawab oleh Siti Rahmawati: "
        "🛠 Dikembangkan. Bapak/Ibu tidak perlu menjawab lagi."
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
    assert (await siti.send("1.250")).last.text.startswith(FIRST_MEASURE)
    replies = await skip_measures(siti)
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
    # Asked a month ago, within the 30 days to answer: still aktif (confirmed in February).
    assert (
        "📋 Pemantauan: 1 inovasi disetujui — 1 aktif · 0 belum dikonfirmasi · "
        "0 perlu diperbarui · 0 berhenti"
    ) in summary

    # Thirty days unanswered: perlu diperbarui, in /rekap, /belum, /lihat and the summary.
    await sandbox.advance(to=at(2027, 6, 2, 9, 30))
    for command in ("/rekap", "/belum"):
        text = (await budi.send(command)).text
        assert "1 aktif" not in text
        assert "0 aktif · 0 belum dikonfirmasi · 1 perlu diperbarui · 0 berhenti" in text
        assert "🟠 Perlu diperbarui: #1 Posyandu Digital (DINKES)" in text
    assert "📋 Pemantauan inovasi #1: 🟠 perlu diperbarui" in (await siti.send("/lihat 1")).text
    await switch(dewi, "Rekap harian", on=True)
    await sandbox.advance(to=at(2027, 6, 2, 16, 30))
    [daily] = [
        m.content for m in emulator.messages(coordinators_group.id) if "Rekap harian" in m.content
    ]
    assert "0 aktif · 0 belum dikonfirmasi · 1 perlu diperbarui" in daily
    assert "🟠 Perlu diperbarui: #1 Posyandu Digital (DINKES)" in daily
    await switch(dewi, "Rekap harian")

    # Rina answers from the reminder: stopped, for a reason; the note may be skipped.
    reminder = [m for m in rina.bot_messages if REMINDER in m.content][-1]
    await rina.press("⏸ Berhenti", message=reminder)
    await rina.press("💸 Anggaran habis")
    replies = await rina.press("Lewati")
    assert replies.texts[-1].startswith("✅ Terima kasih. Berhentinya inovasi #1 sudah dicatat")
    assert "📋 Pemantauan inovasi #1: ⏸ berhenti" in (await siti.send("/lihat 1")).text

    # Not asked while stopped; running again in August (Siti says so), with its numbers; a year
    # after the approval, asked once more.
    await sandbox.advance(to=at(2027, 8, 3, 9, 30))
    assert len(sent(siti, ASKED)) == 2
    await siti.send("/lihat 1")
    await siti.press("▶️ Berjalan lagi")
    assert len(sent(siti, ASKED)) == 3
    await siti.press("✅ Masih berjalan", message=siti.last)
    await siti.press("Lewati")
    await siti.send("2 000")
    await skip_measures(siti)
    await siti.press("Selesai")
    await sandbox.advance(to=at(2027, 11, 3, 9, 30))
    assert len(sent(siti, ASKED)) == 4
    assert len(sent(siti, REMINDER)) == 1
    screen = (await siti.send("/lihat 1")).text
    assert "📋 Pemantauan inovasi #1: 🟢 aktif" in screen
    assert "Ditanyakan setiap 3 bulan (bawaan)" in screen
    assert "• ditanyakan 3 November 2027, belum dijawab" in screen
    assert "3 Agustus 2027 · Siti Rahmawati · ✅ Masih berjalan · 2.000 orang dilayani" in screen
    assert "Rina Marlina · ⏸ Berhenti · 💸 Anggaran habis" in screen
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

    # The dashboard: the freshness badge and the people served, per period.
    async with dashboard_client(settings, database, clock) as client:
        page = (await client.get("/inovasi/1")).text
    assert '<span class="badge fresh-active">aktif</span> Pemantauan setiap 3 bulan' in page
    assert '<svg class="served"' in page
    assert ">1.250</text>" in page and ">2.000</text>" in page and ">08/2027</text>" in page

    # The export: every check-in, and each innovation's standing, read back cell by cell.
    replies = await budi.send("/ekspor")
    document = replies.last.document
    book = load_workbook(io.BytesIO(budi.emulator.files[document["file_id"]].content))
    assert book.sheetnames[6:8] == ["Pemantauan", "Status pemantauan"]
    sheet = [[c.value for c in row] for row in book["Pemantauan"].iter_rows()]
    assert sheet[0][:15] == ["No", "OPD (kode)", "Judul", "Ke-", "Ditanyakan", "Diingatkan",
                        "Status tanya", "Jawaban", "Oleh", "Dijawab", "Yang berubah",
                        "Orang dilayani", "Foto", "Alasan berhenti",
                        "Keterangan berhenti"]  # fmt: skip
    assert sheet[1][:15] == [1, "DINKES", "Posyandu Digital", 1, datetime(2027, 2, 2, 9, 0), None,
                        "dijawab", "Dikembangkan", "Siti Rahmawati", datetime(2027, 2, 2, 9, 30),
                        "Menambah antrean <b>online</b> & SMS", 1250, "Ya", None,
                        None]  # fmt: skip
    assert sheet[2][:9] == [1, "DINKES", "Posyandu Digital", 2, datetime(2027, 5, 3, 9, 0),
                            datetime(2027, 5, 10, 9, 0), "dijawab", "Berhenti",
                            "Rina Marlina"]  # fmt: skip
    assert sheet[2][10:15] == [None, None, None, "Anggaran habis", None]  # then the measures
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


async def test_two_members_answering_at_once_the_first_wins(
    sandbox: Sandbox, person, database: Database
) -> None:
    rina = await person("staff", opd="DINKES", name="Rina Marlina", language="en")
    siti, _, _ = await asked(sandbox, person)
    [to_siti] = [m for m in siti.bot_messages if QUESTION in m.content]
    [to_rina] = [m for m in rina.bot_messages if "Is innovation #1" in m.content]
    assert to_rina.content == (
        "📋 Innovation check-in\nIs innovation #1 Posyandu Digital still running?"
    )
    assert to_rina.button_labels == [["✅ Still running", "🛠 Being developed", "⏸ Stopped"]]
    by_siti, by_rina = await asyncio.gather(
        siti.press("✅ Masih berjalan", message=to_siti),
        rina.press("⏸ Stopped", message=to_rina),
    )
    await sandbox.settle(outbox=True)  # the notice to the one who came second, if not yet sent
    rows = await checkins(database)
    assert len(rows) == 1 and rows[0].status == "answered"
    if rows[0].answer == "running":
        winner, loser, second, question = by_siti, by_rina, rina, to_rina
        told = (
            "📋 The check-in of innovation #1 Posyandu Digital was already answered by Siti "
            "Rahmawati: ✅ Still running. No need to answer again."
        )
    else:
        winner, loser, second, question = by_rina, by_siti, siti, to_siti
        told = (
            "📋 Pemantauan inovasi #1 Posyandu Digital sudah dijawab oleh Rina Marlina: "
            "⏸ Berhenti. Bapak/Ibu tidak perlu menjawab lagi."
        )
    assert "Terima kasih, sudah dicatat." in winner.text or "Thank you, recorded." in winner.text
    # Whether the notice or the pressed question's answer reaches them first, it is one text,
    # and no follow-up question for the one who came second.
    assert loser.texts and set(loser.texts) == {told}
    [settled] = [m for m in second.bot_messages if m.message_id == question.message_id]
    assert (settled.content, settled.button_labels) == (told, [])
    assert sent(second, "answered by" if second is rina else "sudah dijawab") == [told]
    async with database.reading() as session:
        assert list(await session.scalars(select(Event.kind).where(Event.kind == "checkin"))) == [
            "checkin"
        ]


async def test_a_member_who_left_the_opd_is_refused_and_shown_nothing(
    sandbox: Sandbox, person, database: Database
) -> None:
    rina = await person("staff", opd="DINKES", name="Rina Marlina")
    eko = await person("staff", opd="DISDIK", name="Eko Prasetyo")
    await asked(sandbox, person)
    [question] = [m for m in rina.bot_messages if QUESTION in m.content]
    async with database.transaction() as session:  # moved to DISDIK by an admin
        member = await session.scalar(select(Member).where(Member.telegram_id == rina.id))
        assert member is not None
        member.opd_id = (await session.scalar(select(Opd.id).where(Opd.code == "DISDIK"))) or 0
    refused = "Mohon maaf, pemantauan ini untuk anggota OPD pemilik inovasi. Bapak/Ibu tidak lagi "
    replies = await rina.press("✅ Masih berjalan", message=question)
    assert replies.texts == [] and replies.toasts[0].startswith(refused)
    assert rina.bot_messages[-1].button_labels == ANSWERS  # the question as it was
    # Someone of another OPD forging the same button: the same refusal, nothing told.
    await eko.send("/start")
    replies = await eko.forge(ANSWER.data(1, "stopped"))
    assert replies.texts == [] and replies.toasts[0].startswith(refused)
    [row] = await checkins(database)
    assert (row.status, row.answer, row.answered_by_id) == ("open", None, None)


async def test_an_innovation_no_longer_approved_closes_its_check_in(
    sandbox: Sandbox, person, database: Database
) -> None:
    siti, _, _ = await asked(sandbox, person)
    [question] = [m for m in siti.bot_messages if QUESTION in m.content]
    # No screen of the bot takes an approved innovation back today; whatever does (a future
    # withdrawal, a correction in the database) finds its check-in closed.
    async with database.transaction() as session:
        innovation = await session.get(Innovation, 1)
        assert innovation is not None
        innovation.status = "rejected"
    await sandbox.advance(to=at(2027, 2, 3, 9, 30))  # the next round
    [row] = await checkins(database)
    assert (row.status, row.closed_reason, row.answer) == ("closed", "rejected", None)
    replies = await siti.press("✅ Masih berjalan", message=question)
    assert replies.texts == [
        "📋 Pemantauan inovasi #1 Posyandu Digital sudah ditutup karena inovasi ini tidak lagi "
        "berstatus disetujui. Tidak perlu dijawab."
    ]
    await sandbox.advance(to=at(2027, 6, 2, 9, 30))
    assert len(sent(siti, ASKED)) == 1 and len(sent(siti, REMINDER)) == 0
    [row] = await checkins(database)
    assert row.status == "closed"


async def test_closing_when_pressed_before_the_round(
    sandbox: Sandbox, person, database: Database
) -> None:
    siti, _, _ = await asked(sandbox, person)
    [question] = [m for m in siti.bot_messages if QUESTION in m.content]
    async with database.transaction() as session:
        innovation = await session.get(Innovation, 1)
        assert innovation is not None
        innovation.status = "draft"  # withdrawn
    replies = await siti.press("🛠 Dikembangkan", message=question)
    assert "sudah ditutup" in replies.text
    [row] = await checkins(database)
    assert (row.status, row.closed_reason) == ("closed", "draft")


async def test_forged_stale_and_wrong_kinds_of_answers(
    sandbox: Sandbox, person, database: Database
) -> None:
    siti, _, dewi = await asked(sandbox, person)
    assert (await siti.forge(ANSWER.data(99, "running"))).toasts == [
        "Tombol ini sudah tidak berlaku. Silakan ulangi dari menu."
    ]
    assert (await siti.forge("chk:a:1:maybe")).toasts == [
        "Tombol ini sudah tidak berlaku. Silakan ulangi dari menu."
    ]
    assert "tidak tersedia" in (await siti.forge(PERIOD.data(1, 1))).toasts[0]
    assert (await dewi.forge(PERIOD.data(1, 5))).toasts == [
        "Tombol ini sudah tidak berlaku. Silakan ulangi dari menu."
    ]
    question = next(m for m in siti.bot_messages if QUESTION in m.content)
    ask_changes = (await siti.press("✅ Masih berjalan", message=question)).last
    # Her own button again, and a forged one, while the follow-up waits: the flow goes on.
    assert (
        "sudah dijawab oleh Siti Rahmawati"
        in (await siti.forge(ANSWER.data(1, "stopped"), message=question)).text
    )
    assert (await siti.forge(ANSWER.data(99, "running"), message=question)).toasts == [
        "Tombol ini sudah tidak berlaku. Silakan ulangi dari menu."
    ]
    assert (await siti.send_sticker()).texts == ["Mohon ketik jawaban Bapak/Ibu sebagai teks."]
    await siti.press("Lewati", message=ask_changes)
    # The same Lewati again (a double tap that came late): not the next question's skip.
    replies = await siti.forge(SKIP.data("changes"), message=ask_changes)
    assert replies.toasts == ["Tombol ini sudah tidak berlaku. Silakan ulangi dari menu."]
    assert siti.last.text.startswith("Berapa orang yang dilayani")
    # The main menu keeps working while a follow-up waits; the question still waits.
    listed = (await siti.send("📋 Daftar inovasi")).last
    assert listed.text.startswith("Inovasi OPD Bapak/Ibu (1)")
    assert (await siti.send("0")).last.text.startswith(FIRST_MEASURE)
    [row] = await checkins(database)
    assert (row.note, row.served) == (None, 0)


async def test_the_period_of_all_in_jadwal_and_of_one_on_its_screen(
    sandbox: Sandbox, person, database: Database
) -> None:
    siti, budi = await approved(person)
    await fill(siti, {**COMPLETE, "title": "Sampah Pintar"})
    await siti.press("📤 Kirim")
    await approve(budi, 2, "Sampah Pintar")
    dewi = await admin_of(sandbox)
    await switch(dewi, *OTHERS)
    await dewi.send("/jadwal")
    replies = await dewi.press("Pemantauan inovasi")
    assert "Periode pemantauan bawaan" in replies.last.text
    assert replies.last.button_labels[-2] == ["1 bln", "✅ 3 bln", "6 bln", "12 bln"]
    replies = await dewi.press("1 bln")
    assert replies.toasts == ["✅ Jadwal disimpan."]
    assert replies.last.button_labels[-2] == ["✅ 1 bln", "3 bln", "6 bln", "12 bln"]
    replies = await dewi.press("⬅️ Kembali")
    assert "Periode pemantauan: setiap 1 bulan sejak disetujui" in replies.last.text

    # Innovation #1 gets its own period on its screen; staff see it, without the buttons.
    # Never asked yet: not confirmed running by its OPD (no longer "aktif" by default).
    replies = await dewi.send("/lihat 1")
    assert replies.last.text == (
        "📋 Pemantauan inovasi #1: ⚪ belum dikonfirmasi\nDitanyakan setiap 1 bulan (bawaan)\n"
        "Pertanyaan berikutnya: 2 Desember 2026\nBelum pernah ditanyakan."
    )
    replies = await dewi.press("6 bln", message=replies.last)
    assert replies.last.text.startswith(
        "📋 Pemantauan inovasi #1: ⚪ belum dikonfirmasi\n"
        "Ditanyakan setiap 6 bulan (khusus inovasi ini)\n"
        "Pertanyaan berikutnya: 2 Mei 2027"
    )
    assert replies.last.button_labels == [["1 bln", "3 bln", "✅ 6 bln", "12 bln"],
                                          ["Ikuti bawaan"]]  # fmt: skip
    screen = (await siti.send("/lihat 1")).last
    assert "setiap 6 bulan (khusus inovasi ini)" in screen.text and screen.button_labels == []

    await sandbox.advance(to=at(2026, 12, 2, 9, 30))
    assert sent(siti, "Apakah inovasi #2 Sampah Pintar") != []
    assert sent(siti, ASKED) == []
    await sandbox.advance(to=at(2027, 5, 3, 9, 30))  # 2 May 2027 is a Sunday
    assert len(sent(siti, ASKED)) == 1
    async with database.reading() as session:
        period = await session.get(CheckinPeriod, 1)
    assert period is not None and period.months == 6
