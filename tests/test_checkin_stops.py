"""A stop is news (issue 27): ⏸ Berhenti asks why, tells the coordinators, pauses the periodic
question until the OPD says the innovation runs again; an innovation overdue by more than a
second period is escalated to the coordinators once."""

from __future__ import annotations

import asyncio
from datetime import timedelta

from sqlalchemy import select

from bot.delivery import checkin_round
from bot.monitoring.checkins import AGAIN, REASON, Freshness, freshness_of_innovation
from sandbox.client import Sandbox
from storage.database import Database
from storage.models import Checkin
from tests.support.checkins import ANSWERS, asked, at, sent

QUESTION = "Apakah inovasi #1 Posyandu Digital masih berjalan?"
ASKED = "Apakah inovasi #1"
REASONS = [["💸 Anggaran habis", "🔄 Diganti inovasi lain"],
           ["👤 Tidak ada petugas", "🚫 Tidak dibutuhkan lagi"], ["✏️ Lainnya"]]  # fmt: skip
EXPIRED = "Tombol ini sudah tidak berlaku. Silakan ulangi dari menu."
NOT_YOURS = "Mohon maaf, pemantauan ini untuk anggota OPD pemilik inovasi."


async def checkins(database: Database) -> list[Checkin]:
    async with database.reading() as session:
        return list(await session.scalars(select(Checkin).order_by(Checkin.id)))


def group_texts(emulator, group, words: str) -> list[str]:
    return [m.content for m in emulator.messages(group.id) if words in m.content]


async def test_a_stop_asks_why_tells_the_coordinators_and_pauses_until_it_runs_again(
    sandbox: Sandbox, person, database: Database, emulator, coordinators_group
) -> None:
    eko = await person("staff", opd="DISDIK", name="Eko Prasetyo")
    siti, budi, _ = await asked(sandbox, person)  # asked on Tuesday 2 February 2027
    await eko.send("/start")
    question = next(m for m in siti.bot_messages if QUESTION in m.content)
    replies = await siti.press("⏸ Berhenti", message=question)
    assert replies.last.text == ("⏸ Mengapa inovasi ini berhenti? Pilih alasan yang paling sesuai.")
    assert replies.last.button_labels == REASONS
    # Typing instead of choosing; someone of another OPD forging a reason.
    assert (await siti.send("anggaran")).texts == [
        "Silakan pilih dengan tombol pada pertanyaan di atas."
    ]
    replies = await eko.forge(REASON.data(1, "budget"))
    assert replies.texts == [] and replies.toasts[0].startswith(NOT_YOURS)
    reason_question = next(m for m in siti.bot_messages if "Mengapa" in m.content)
    replies = await siti.press("🔄 Diganti inovasi lain", message=reason_question)
    assert replies[0].text == "⏸ Alasan berhenti: 🔄 Diganti inovasi lain"
    assert replies.last.text.startswith("Ada keterangan tambahan?")
    assert replies.last.button_labels == [["Lewati"]]
    # The same reason button again: its moment has passed.
    assert (await siti.forge(REASON.data(1, "budget"), message=reason_question)).toasts == [EXPIRED]
    assert (await siti.send_sticker()).texts == ["Mohon ketik jawaban Bapak/Ibu sebagai teks."]
    long_note = "Layanan dialihkan ke aplikasi provinsi <SiapSehat> & kader. " * 12
    replies = await siti.send(long_note)
    assert replies.texts[0] == (
        "Keterangan Bapak/Ibu lebih dari 500 karakter, jadi hanya 500 karakter pertama yang "
        "disimpan."
    )
    assert replies.texts[-1].startswith("✅ Terima kasih. Berhentinya inovasi #1 sudah dicatat")
    [row] = await checkins(database)
    assert (row.answer, row.stop_reason) == ("stopped", "replaced")
    assert row.stop_note == long_note[:500].rstrip()

    # The coordinators' group: who, which OPD, why, and a 👁 that shows the innovation.
    await sandbox.advance(timedelta(seconds=15))
    [notice] = [m for m in emulator.messages(coordinators_group.id) if "berhenti" in m.content]
    assert notice.content.startswith(
        "⏸ Inovasi berhenti (1)\n\n#1 Posyandu Digital\nDinas Kesehatan · dijawab oleh Siti "
        "Rahmawati\nAlasan: 🔄 Diganti inovasi lain\n“Layanan dialihkan ke aplikasi provinsi "
        "<SiapSehat> & kader."
    )
    assert notice.button_labels == [["👁 #1"]]
    in_group = sandbox.person(budi.user, coordinators_group)
    replies = await in_group.press("👁 #1", message=notice)
    assert replies.toasts == ["Detail dikirim ke chat pribadi Bapak/Ibu dengan bot."]
    assert any("⏸ Alasan berhenti" not in m.content and "Diganti inovasi lain" in m.content
               for m in budi.bot_messages)  # fmt: skip

    # /lihat: the reason, the note, the question paused; ▶️ only for the OPD's own members.
    screen = (await siti.send("/lihat 1")).last
    assert screen.text.startswith("📋 Pemantauan inovasi #1: ⏸ berhenti\n")
    assert "Siti Rahmawati · ⏸ Berhenti · 🔄 Diganti inovasi lain" in screen.text
    assert "“Layanan dialihkan" in screen.text and "Pertanyaan berikutnya" not in screen.text
    assert "Pemantauan berkala dihentikan karena inovasi ini berhenti" in screen.text
    assert screen.button_labels == [["▶️ Berjalan lagi"]]
    assert "▶️ Berjalan lagi" not in str((await budi.send("/lihat 1")).last.button_labels)

    # No periodic question while stopped, and no escalation of it either: a year on.
    await sandbox.advance(to=at(2028, 2, 3, 9, 30))
    assert len(sent(siti, ASKED)) == 1
    assert group_texts(emulator, coordinators_group, "terlambat") == []
    assert len(await checkins(database)) == 1

    # Eko of DISDIK forging ▶️: refused, nothing asked.
    replies = await eko.forge(AGAIN.data(1))
    assert replies.toasts == [
        "Mohon maaf, hanya anggota OPD pemilik inovasi yang dapat menyatakan inovasi ini "
        "berjalan lagi."
    ]
    assert len(await checkins(database)) == 1

    # It runs again: a check-in asked at once, with the usual buttons.
    replies = await siti.press("▶️ Berjalan lagi", message=screen)
    assert replies.toasts == ["▶️ Pertanyaan pemantauan dikirim sekarang kepada OPD."]
    [edited] = [m for m in siti.bot_messages if m.message_id == screen.message_id]
    assert edited.button_labels == [] and "ditanyakan 3 Februari 2028, belum dijawab" in (
        edited.content
    )
    [_, again] = sent(siti, ASKED)
    assert again == "📋 Pemantauan inovasi\n" + QUESTION
    assert siti.last.button_labels == ANSWERS
    rows = await checkins(database)
    assert [(c.round, c.status) for c in rows] == [(1, "answered"), (2, "open")]
    # Asked anew: no longer stopped, not confirmed yet; the stop a year ago starts no overdue
    # spell (the next day's round tells the coordinators nothing).
    async with database.reading() as session:
        state = await freshness_of_innovation(session, 1, at(2028, 2, 3, 10, 0))
    assert state is Freshness.UNCONFIRMED
    await sandbox.advance(to=at(2028, 2, 4, 9, 30))
    assert group_texts(emulator, coordinators_group, "terlambat") == []
    # A second press (an old screen): already running, nothing asked twice.
    assert (await siti.forge(AGAIN.data(1), message=screen)).toasts == [
        "Inovasi ini tidak sedang berhenti: pemantauannya sudah berjalan."
    ]
    assert len(await checkins(database)) == 2
    replies = await siti.press("✅ Masih berjalan", message=siti.last)
    assert replies.last.text.startswith("Apa yang berubah sejak pemantauan terakhir?")


async def test_an_innovation_overdue_two_periods_is_escalated_once(
    sandbox: Sandbox, person, database: Database, emulator, coordinators_group
) -> None:
    siti, _, _ = await asked(sandbox, person)  # approved 2 November 2026, asked 2 February
    await sandbox.advance(to=at(2027, 4, 30, 18))
    assert group_texts(emulator, coordinators_group, "terlambat") == []
    # Six months since its approval, never confirmed: on the next working day's round.
    await sandbox.advance(to=at(2027, 5, 3, 9, 30))
    notice = (
        "⏰ Pemantauan terlambat lebih dari dua periode (1)\n\n#1 Posyandu Digital\n"
        "Dinas Kesehatan · belum dipastikan berjalan sejak 2 November 2026"
    )
    assert group_texts(emulator, coordinators_group, "terlambat") == [notice]
    [message] = [m for m in emulator.messages(coordinators_group.id) if "terlambat" in m.content]
    assert message.button_labels == [["👁 #1"]]
    # The round again the next day, and twice at once (two instances): still one notice.
    await sandbox.advance(to=at(2027, 5, 4, 9, 30))
    services = sandbox.application.bot_data
    local = services.clock.now().astimezone(services.settings.tzinfo)
    await asyncio.gather(
        checkin_round.send(sandbox.application, local),
        checkin_round.send(sandbox.application, local),
    )
    await sandbox.advance(timedelta(seconds=30))
    assert group_texts(emulator, coordinators_group, "terlambat") == [notice]

    # Answered: the spell is over. Silent again for two periods after that: told once more.
    question = next(m for m in siti.bot_messages if QUESTION in m.content)
    await siti.press("✅ Masih berjalan", message=question)
    await siti.press("Lewati")
    await siti.press("Lewati")
    await siti.press("Selesai")
    await sandbox.advance(to=at(2027, 11, 3, 18))
    assert len(group_texts(emulator, coordinators_group, "terlambat")) == 1
    await sandbox.advance(to=at(2027, 11, 5, 9, 30))
    later = group_texts(emulator, coordinators_group, "terlambat")
    assert len(later) == 2 and "sejak 4 Mei 2027" in later[1]


async def test_a_stop_in_english(sandbox: Sandbox, person, database: Database) -> None:
    rina = await person("staff", opd="DINKES", name="Rina Marlina", language="en")
    siti, _, _ = await asked(sandbox, person)
    question = next(m for m in rina.bot_messages if "Is innovation #1" in m.content)
    replies = await rina.press("⏸ Stopped", message=question)
    assert replies.last.text == "⏸ Why did this innovation stop? Choose the reason that fits best."
    assert replies.last.button_labels == [
        ["💸 Budget ran out", "🔄 Replaced by another innovation"],
        ["👤 No staff to run it", "🚫 No longer needed"], ["✏️ Other"],
    ]  # fmt: skip
    replies = await rina.press("✏️ Other")
    assert replies.last.text.startswith("Anything to add? Type it briefly (at most 500")
    replies = await rina.send("The clinic moved to the new hospital")
    assert replies.texts == [
        "✅ Thank you. The stop of innovation #1 is recorded and passed on to the coordinators. "
        "Its periodic check-ins are paused until the OPD says it runs again."
    ]
    [row] = await checkins(database)
    assert (row.stop_reason, row.stop_note) == ("other", "The clinic moved to the new hospital")
    screen = (await rina.send("/lihat 1")).last
    assert "Rina Marlina · ⏸ Stopped · ✏️ Other" in screen.text
    assert "Periodic check-ins are paused" in screen.text
    assert screen.button_labels == [["▶️ Running again"]]
    # Rina and Siti both press ▶️ at once: one check-in is asked, the other is told so.
    siti_screen = (await siti.send("/lihat 1")).last
    by_rina, by_siti = await asyncio.gather(
        rina.press("▶️ Running again", message=screen),
        siti.press("▶️ Berjalan lagi", message=siti_screen),
    )
    asked_en, running_id = (
        "▶️ The check-in question was sent to the OPD now.",
        "Inovasi ini tidak sedang berhenti: pemantauannya sudah berjalan.",
    )
    running_en, asked_id = (
        "This innovation is not stopped: its check-ins are already running.",
        "▶️ Pertanyaan pemantauan dikirim sekarang kepada OPD.",
    )
    assert (by_rina.toasts, by_siti.toasts) in (
        ([asked_en], [running_id]), ([running_en], [asked_id]),
    )  # fmt: skip
    await sandbox.settle(outbox=True)
    assert [(c.round, c.status) for c in await checkins(database)] == [
        (1, "answered"), (2, "open"),
    ]  # fmt: skip
    assert (
        rina.last.text == "📋 Innovation check-in\nIs innovation #1 Posyandu Digital still running?"
    )


async def test_a_stop_left_without_its_reason_is_told_anyway_once(
    sandbox: Sandbox, person, database: Database, emulator, coordinators_group
) -> None:
    siti, _, _ = await asked(sandbox, person)
    question = next(m for m in siti.bot_messages if QUESTION in m.content)
    await siti.press("⏸ Berhenti", message=question)  # and nothing more
    await sandbox.advance(timedelta(hours=1))
    assert group_texts(emulator, coordinators_group, "Inovasi berhenti") == []
    await sandbox.advance(to=at(2027, 2, 4, 9, 30))  # the flow timed out; rounds ran
    assert group_texts(emulator, coordinators_group, "Inovasi berhenti") == [
        "⏸ Inovasi berhenti (1)\n\n#1 Posyandu Digital\nDinas Kesehatan · dijawab oleh Siti "
        "Rahmawati\nAlasan: -"
    ]
    [row] = await checkins(database)
    assert (row.answer, row.stop_reason, row.stop_note) == ("stopped", None, None)
