"""Many people at once, through the update queue as polling and webhooks feed it: a deadline
burst, an export being made, one person's flood, a group full of commands, a small database pool,
faults on the coordinators' group notice, a stop between the commit and the notice."""

from __future__ import annotations

import asyncio
import threading
from datetime import timedelta

from sqlalchemy import func, select

from bot.delivery.outbox import GROUP, GROUP_GAP
from bot.innovations.form import FORM
from sandbox.client import Sandbox
from sandbox.emulator import FloodControl, FloodLimits
from storage.database import Database
from storage.models import Delivery, Innovation, Status
from tests.support.drafts import complete_draft
from tests.support.form import answer, fill
from tests.support.restart import started
from tests.support.sql import counting

ERROR = "Mohon maaf, terjadi kendala"
HELP_START = "Yang dapat Bapak/Ibu lakukan"


async def test_a_typed_answer_is_one_transaction_of_at_most_six_statements(
    person, database: Database
) -> None:
    siti = await person("staff")
    replies = await fill(siti, {"title": "Posyandu Digital Sumedang"}, until="problem")
    assert replies.last.text.startswith("Permasalahan apa")
    with counting(database) as counted:
        replies = await siti.send("Pencatatan balita masih di buku.")
    assert replies.last.text.startswith("Apa yang diubah")
    # Who she is, where she is, the innovation, the answer, the next state: one commit.
    assert counted.commits == 1, counted.statements
    assert len(counted.statements) <= 6, counted.statements
    await siti.press("⬅️ Kembali")
    await siti.press("⬅️ Kembali")
    await siti.press("⬅️ Kembali")  # back at the stage
    with counting(database) as counted:  # a pressed answer likewise
        replies = await siti.press("Penerapan")
    assert replies.last.text.startswith("Apa jenis inovasi ini?\n")
    assert counted.commits == 1 and len(counted.statements) <= 6, counted.statements


async def test_the_heavy_steps_of_the_form_read_nothing_twice(
    sandbox: Sandbox, person, database: Database
) -> None:
    """The steps that show more than a question (the pillars, the files, the review card) read
    what they show once, in the answer's one transaction: nothing they just made or read."""
    siti = await person("staff")
    with counting(database) as counted:  # who she is with where she is, no draft, the state
        replies = await siti.send("/baru")
    assert replies.last.text.startswith("Apa judul inovasinya?")
    assert counted.commits == 1 and len(counted.statements) <= 3, counted.statements
    with counting(database) as counted:  # the draft made, the pillars asked
        replies = await answer(siti, FORM["title"], "Posyandu Digital Sumedang")
    assert replies.last.text.startswith("Pilih pilar Smart City")
    assert ["⬜ Smart Living"] in replies.last.button_labels
    # Who, where, the same title in the OPD?, the draft, its event, the state (and, once per
    # database, the pillars).
    assert counted.commits == 1 and len(counted.statements) <= 6, counted.statements
    with counting(database) as counted:  # a pillar switched on: its files are not read
        replies = await siti.press("⬜ Smart Living")
    assert ["☑️ Smart Living"] in replies.last.button_labels
    # Who with where, the draft with its pillars, the version, the pillar's link, the state.
    assert counted.commits == 1 and len(counted.statements) <= 5, counted.statements
    assert not [s for s in counted.statements if "attachment" in s]
    with counting(database) as counted:
        replies = await siti.press("Selesai")
    assert replies.last.text.startswith("Apakah inovasi ini termasuk quick win?")
    assert counted.commits == 1 and len(counted.statements) <= 3, counted.statements
    await fill(siti, start=None, after="pillars", until="link")
    with counting(database) as counted:  # no link: the files question, with the files
        replies = await siti.press("Lewati")
    assert replies.last.text.startswith("Kirim bukti dukung")
    assert counted.commits == 1 and len(counted.statements) <= 4, counted.statements
    with counting(database) as counted:  # no files: the review card
        replies = await siti.press("Selesai")
    assert "Periksa kembali inovasi Bapak/Ibu" in replies.last.text
    assert "Pilar: Smart Living" in replies.last.text
    # Who with where, the draft with its pillars, the state, its files (never sent: no
    # verdicts to look for).
    assert counted.commits == 1 and len(counted.statements) <= 4, counted.statements
    with sandbox.unsettled(), counting(database) as counted:  # (the outbox's sender: later)
        replies = await siti.press("📤 Kirim")
    assert "telah terkirim" in replies.text
    # Who with where, the draft with its pillars, its files, the status, its event, the
    # flow's end, the group's notice in the outbox.
    assert counted.commits == 1 and len(counted.statements) <= 7, counted.statements
    async with database.reading() as session:
        innovation = await session.scalar(select(Innovation))
    assert innovation is not None and innovation.title == "Posyandu Digital Sumedang"
    assert innovation.status == "submitted"


async def test_sixty_clerks_press_kirim_together_at_the_deadline(
    sandbox: Sandbox, person, database: Database, emulator, coordinators_group, clock
) -> None:
    emulator.flood = FloodControl(FloodLimits(), clock.now)  # Telegram's limits, as in production
    clerks = []
    for number in range(60):
        clerk = await person("staff", opd=f"OPD{number % 12:02d}", name=f"Staf Nomor {number}")
        innovation_id = await complete_draft(database, clerk.id, f"Inovasi Tenggat {number:02d}")
        await clerk.send(f"/ubah {innovation_id}")
        clerks.append((clerk, innovation_id))
    before = len(emulator.messages(coordinators_group.id))

    answers = await asyncio.gather(*(clerk.press("📤 Kirim") for clerk, _ in clerks))

    for (_clerk, innovation_id), replies in zip(clerks, answers, strict=True):
        assert f"Inovasi #{innovation_id}" in replies.text and "telah terkirim" in replies.text
        assert ERROR not in replies.text
    async with database.reading() as session:
        statuses = set(await session.scalars(select(Innovation.status)))
    assert statuses == {Status.SUBMITTED}
    # Every innovation is announced once, in a handful of messages (the first batch went at
    # once; the rest, coalesced, once the group's gap has passed).
    await sandbox.advance(GROUP_GAP)
    notices = [m.text for m in emulator.messages(coordinators_group.id)[before:]]
    assert 1 <= len(notices) <= 6, notices
    for _clerk, innovation_id in clerks:
        assert sum(f"#{innovation_id} " in text for text in notices) == 1
    async with database.reading() as session:
        states = dict(
            (await session.execute(
                select(Delivery.status, func.count()).where(Delivery.kind == GROUP)
                .group_by(Delivery.status)
            )).all()
        )  # fmt: skip
    assert states == {"sent": 60}


async def test_pressing_kirim_ten_times_at_once_sends_it_once(
    sandbox: Sandbox, person, database: Database, emulator, coordinators_group
) -> None:
    siti = await person("staff")
    innovation_id = await complete_draft(database, siti.id, "Satu Kali Saja")
    review = (await siti.send(f"/ubah {innovation_id}")).last
    presses = await asyncio.gather(
        *(siti.press(data="sub:send", message=review) for _ in range(10)), return_exceptions=True
    )
    assert not [p for p in presses if isinstance(p, Exception)]
    thanks = [m for m in siti.bot_messages if "telah terkirim" in m.text]
    assert len(thanks) == 1
    assert not [m for m in siti.bot_messages if ERROR in m.text]
    notices = [m for m in emulator.messages(coordinators_group.id) if "Satu Kali Saja" in m.text]
    assert len(notices) == 1


async def test_an_export_being_made_holds_nobody_and_a_second_one_is_told_to_wait(
    sandbox: Sandbox, person, monkeypatch
) -> None:
    gate = threading.Event()

    async def slow_workbook(session, buffer, *args, **kwargs) -> int:
        gate.wait(timeout=30)  # a big workbook being written, in its own thread
        buffer.write(b"PK")
        return 0

    monkeypatch.setattr("conversations.export.write_xlsx", slow_workbook)
    admin = await person("admin", opd="DISKOMINFOSANDITIK", name="Dewi Lestari")
    siti = await person("staff")
    with sandbox.unsettled():
        first = await admin.send("/ekspor")
        assert first.texts == [
            "Sedang menyiapkan berkas ekspor. Mohon tunggu sebentar; "
            "Bapak/Ibu tetap dapat memakai perintah lain."
        ]
        # Meanwhile: others are answered, and so is the admin herself.
        assert (await siti.send("/bantuan")).last.text.startswith(HELP_START)
        assert (await admin.send("/bantuan")).last.text.startswith(HELP_START)
        again = await admin.send("/ekspor")
        assert again.texts == [
            "Berkas ekspor Bapak/Ibu sebelumnya masih disiapkan. Mohon tunggu hingga selesai."
        ]
        assert admin.last.document is None
    gate.set()
    await sandbox.settle()
    documents = [m for m in admin.bot_messages if m.document is not None]
    assert len(documents) == 1 and documents[0].document["file_name"].endswith(".xlsx")


async def test_a_thousand_updates_of_one_person_leave_everyone_else_free(
    sandbox: Sandbox, person
) -> None:
    flood = await person("staff", name="Banyak Sekali")
    siti = await person("staff", name="Siti Rahmawati")
    with sandbox.unsettled():
        spam = [asyncio.create_task(flood.send("/bantuan")) for _ in range(1000)]
        await asyncio.sleep(0)  # all of them on the queue first
        replies = await siti.send("/bantuan")
        assert replies.last.text.startswith(HELP_START)
        answered = sum(1 for m in flood.bot_messages if m.text.startswith(HELP_START))
        assert answered < 1000  # she did not wait for the thousand
        await asyncio.gather(*spam)
    assert sum(1 for m in flood.bot_messages if m.text.startswith(HELP_START)) == 1000
    processor = sandbox.application.update_processor
    assert processor.lanes == 0  # nothing left behind


async def test_a_small_database_pool_makes_updates_wait_their_turn_not_fail(
    settings, database_url: str, emulator, clock, person
) -> None:
    small = Database(database_url, pool_size=1, max_overflow=0)
    sandbox = await started(settings, emulator, small, clock)
    try:
        people = [await person("staff", name=f"Staf Nomor {n}") for n in range(30)]
        answers = await asyncio.gather(*(p.send("/bantuan") for p in people))
        assert all(a.last.text.startswith(HELP_START) for a in answers)
        assert sandbox.application.update_processor.peak > 1  # they did run side by side
    finally:
        await sandbox.stop()
        await small.dispose()


async def test_a_5xx_on_the_group_notice_is_retried_and_it_arrives_once(
    sandbox: Sandbox, person, database: Database, emulator, coordinators_group
) -> None:
    failures = iter([True, False])

    def fault(method: str, params: dict) -> str | None:
        if method == "sendMessage" and str(params.get("chat_id")) == str(coordinators_group.id):
            return "5xx" if next(failures, False) else None
        return None

    emulator.faults = fault
    siti = await person("staff")
    innovation_id = await complete_draft(database, siti.id, "Tahan Gangguan")
    await siti.send(f"/ubah {innovation_id}")
    replies = await siti.press("📤 Kirim")
    assert "telah terkirim" in replies.text  # she was never kept waiting for the group
    notices = [m for m in emulator.messages(coordinators_group.id) if "Tahan Gangguan" in m.text]
    assert len(notices) == 1
    async with database.reading() as session:
        row = await session.scalar(select(Delivery).where(Delivery.kind == GROUP))
    assert row is not None and (row.status, row.attempts) == ("sent", 2)
    assert emulator.fault_counts["5xx"] == 1


async def test_a_stop_after_the_commit_announces_it_after_the_restart_once(
    sandbox: Sandbox, settings, person, database: Database, emulator, coordinators_group, clock
) -> None:
    siti = await person("staff")
    innovation_id = await complete_draft(database, siti.id, "Selamat Setelah Mati Lampu")
    await siti.send(f"/ubah {innovation_id}")
    with sandbox.unsettled():  # the commit happens; the process dies before the sender runs
        replies = await siti.press("📤 Kirim")
    assert "telah terkirim" in replies.text
    assert not [m for m in emulator.messages(coordinators_group.id) if "Mati Lampu" in m.text]
    await sandbox.stop()
    for _ in range(2):  # restarted, and restarted again
        again = await started(settings, emulator, database, clock)
        clock.advance(timedelta(minutes=1))
        await again.settle(outbox=True)
        await again.stop()
    notices = [m for m in emulator.messages(coordinators_group.id) if "Mati Lampu" in m.text]
    assert len(notices) == 1


async def test_kirim_after_someone_else_changed_it_shows_the_change(
    person, database: Database
) -> None:
    siti = await person("staff", name="Siti Rahmawati")
    budi = await person("staff", name="Budi Santoso")
    innovation_id = await complete_draft(database, siti.id, "Diubah Dua Orang")
    await siti.send(f"/ubah {innovation_id}")
    await budi.send(f"/ubah {innovation_id}")
    await budi.press("✏️ Tujuan")
    await budi.send("Tujuan versi Budi.")
    replies = await siti.press("📤 Kirim")
    assert "baru saja diubah oleh orang lain" in replies.text
    assert "Tujuan versi Budi." in replies.text and ERROR not in replies.text
    replies = await siti.press("📤 Kirim")  # on the current version now: it goes
    assert "telah terkirim" in replies.text
