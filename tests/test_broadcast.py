"""/siaran: compose, choose who, preview and count, confirm, one progress message; blocked
members, faults of the network, a stop in the middle, double presses and forged buttons."""

from __future__ import annotations

import asyncio

from sqlalchemy import select

from bot.app import build_application
from conversations.admin.broadcast import SEND
from sandbox.client import Sandbox
from storage.database import Database
from storage.models import Broadcast, Delivery, Member, Opd
from tests.support.broadcast import TEXT, compose, received, staff
from tests.support.people import admin_of, submitted
from tests.support.time import restarted


async def test_a_broadcast_to_everyone_from_compose_to_done(
    sandbox: Sandbox, person, database: Database
) -> None:
    members = await staff(person, 3) + [await person("coordinator", opd="DISKOMINFOSANDITIK")]
    admin = await admin_of(sandbox)
    await admin.send("/start")
    replies = await compose(admin)
    assert replies.texts[:2] == ["Pratinjau pesan, sebagaimana akan diterima:", TEXT]
    assert "akan dikirim ke 4 anggota (Semua anggota)" in replies.last.content
    assert replies.last.button_labels == [["📣 Kirim ke 4 anggota"], ["✏️ Ubah pesan", "Batal"]]
    assert all(received(member) == 0 for member in members)  # nothing before the confirmation

    confirm = replies.last
    replies = await admin.press("📣 Kirim ke 4 anggota")
    assert replies.last.message_id == confirm.message_id
    assert replies.last.content == "📣 Mengirim siaran… Terkirim 0/4, gagal 0"
    again = await admin.forge(SEND.data(), message=confirm)  # pressed twice before the edit arrived
    assert again.toasts == ["Tombol ini sudah tidak berlaku. Silakan ulangi dari menu."]

    assert await sandbox.run_jobs() == ["broadcast:1"]
    assert [received(member) for member in members] == [1, 1, 1, 1]
    assert [m.html for m in members[0].bot_messages if m.content == TEXT] == [
        "Rapat koordinasi &lt;Smart City&gt; besok &amp; lusa, pukul 09.00 di Gedung Negara."
    ]
    progress = next(m for m in admin.messages if m.message_id == confirm.message_id)
    assert progress.content == "✅ Siaran selesai. Terkirim 4/4, gagal 0"
    assert await sandbox.run_jobs() == []
    async with database.reading() as session:
        broadcast = await session.scalar(select(Broadcast))
        assert (broadcast.status, broadcast.total, broadcast.sent, broadcast.failed) == (
            "done",
            4,
            4,
            0,
        )


async def test_a_photo_to_one_opd_and_a_member_who_blocked_the_bot(
    sandbox: Sandbox, person, database: Database
) -> None:
    disdik = await staff(person, 2, "DISDIK")
    dinkes = await staff(person, 2, "DINKES")
    disdik[1].block()
    admin = await admin_of(sandbox)
    await admin.send("/siaran")
    replies = await admin.send_photo(b"\xff\xd8 undangan", caption="Undangan <rapat> & diskusi")
    replies = await admin.press("Satu OPD")
    assert replies.last.button_labels[:2] == [["Dinas Kesehatan"], ["Dinas Pendidikan"]]
    replies = await admin.press("Dinas Pendidikan")
    assert replies[1].photo and replies[1].content == "Undangan <rapat> & diskusi"
    assert "akan dikirim ke 2 anggota (Satu OPD: Dinas Pendidikan)" in replies.last.content
    await admin.press("📣 Kirim ke 2 anggota")
    await sandbox.run_jobs()

    assert [m.content for m in disdik[0].bot_messages if m.photo] == ["Undangan <rapat> & diskusi"]
    assert not any(m.photo for person_ in dinkes for m in person_.bot_messages)
    assert "Terkirim 1/2, gagal 1" in admin.messages[-1].content or any(
        "Terkirim 1/2, gagal 1" in m.content for m in admin.bot_messages
    )
    async with database.reading() as session:
        blocked = await session.scalar(select(Member).where(Member.telegram_id == disdik[1].id))
        assert blocked.unreachable_since is not None

    coordinator = await person("coordinator", opd="DISKOMINFOSANDITIK")
    replies = await coordinator.send("/rekap")
    assert "Anggota yang tidak dapat dihubungi (memblokir bot): 1" in replies.text

    # The next broadcast does not count (nor try) her; once she writes again, it does.
    replies = await compose(admin)
    assert "akan dikirim ke 4 anggota" in replies.last.content
    await admin.press("Batal")
    await disdik[1].unblock()
    replies = await compose(admin)
    assert "akan dikirim ke 5 anggota" in replies.last.content


async def test_opds_without_submissions_and_an_audience_of_nobody(
    sandbox: Sandbox, person, database: Database
) -> None:
    await submitted(person, "Posyandu Digital")  # DINKES has submitted
    disdik = await staff(person, 2, "DISDIK")
    # Diskominfo collects the innovations: it is not expected to submit, nor told it has not.
    budi = await person("coordinator", opd="DISKOMINFOSANDITIK", name="Budi Santoso")
    admin = await admin_of(sandbox)
    replies = await compose(admin, "OPD yang belum mengirim")
    assert "akan dikirim ke 2 anggota (OPD yang belum mengirim)" in replies.last.content
    await admin.press("📣 Kirim ke 2 anggota")
    await sandbox.run_jobs()
    assert [received(member) for member in disdik] == [1, 1]
    assert received(budi) == 0

    async with database.transaction() as session:
        session.add(Opd(code="DISPERKIM", name="Dinas Perumahan dan Permukiman"))
    replies = await compose(admin, "Satu OPD")
    replies = await admin.press("Dinas Perumahan dan Permukiman")
    assert "Tidak ada anggota yang dapat menerima siaran ini" in replies.last.content
    assert replies.last.button_labels == [["Pilih OPD lain"], ["Batal"]]


async def test_bad_input_while_composing_and_people_who_may_not_broadcast(
    sandbox: Sandbox, person
) -> None:
    siti = await person("staff")
    replies = await siti.send("/siaran")
    assert "tidak" in replies.text.lower() or "maaf" in replies.text.lower()
    admin = await admin_of(sandbox)
    await admin.send("/siaran")
    assert "Mohon kirim teks, foto, atau dokumen" in (await admin.send_sticker()).text
    assert "Mohon kirim teks, foto, atau dokumen" in (await admin.send_voice()).text
    replies = await admin.send("Pengumuman")
    assert (await admin.send("Semua")).texts == [
        "Silakan pilih dengan tombol pada pertanyaan di atas."
    ]
    confirm = (await admin.press("Semua anggota")).last
    # A member forging the confirmation of the admin's broadcast is refused, and nothing goes.
    forged = await siti.forge(SEND.data(), message=confirm)
    assert forged.toasts
    assert await sandbox.run_jobs() == []
    replies = await admin.send("/batal")
    assert "Siaran dibatalkan" in replies.text
    replies = await admin.forge(SEND.data(), message=confirm)
    assert replies.toasts == ["Tombol ini sudah tidak berlaku. Silakan ulangi dari menu."]
    assert await sandbox.run_jobs() == []


async def test_429s_server_errors_and_timeouts_lose_nothing_and_double_nothing(
    sandbox: Sandbox, person, emulator, database: Database
) -> None:
    members = await staff(person, 30)
    admin = await admin_of(sandbox)
    await compose(admin)
    await admin.press("📣 Kirim ke 30 anggota")
    index = {member.id: number for number, member in enumerate(members, start=1)}
    attempts: dict[int, int] = {}

    def faults(method: str, params: dict) -> str | None:
        """A share of the sends fails once or twice: timeouts both ways, 5xx, 429."""
        chat_id = int(params.get("chat_id") or 0)
        if method != "sendMessage" or chat_id not in index:
            return None
        attempt = attempts[chat_id] = attempts.get(chat_id, 0) + 1
        n = index[chat_id]
        if attempt == 1 and n % 11 == 0:
            return "late"  # carried out, the answer lost: it must not be sent again
        if attempt == 1:
            return (
                "429" if n % 7 == 0 else "5xx" if n % 5 == 0 else "timeout" if n % 3 == 0 else None
            )
        return "5xx" if attempt == 2 and n % 2 == 0 and n % 3 == 0 else None

    emulator.faults = faults
    await sandbox.run_jobs()
    assert emulator.fault_counts["429"] and emulator.fault_counts["5xx"]
    assert emulator.fault_counts["timeout"] and emulator.fault_counts["late"]
    assert [received(member) for member in members] == [1] * 30
    assert any("Terkirim 30/30, gagal 0" in m.content for m in admin.bot_messages)


async def test_a_permanent_error_is_not_retried(sandbox: Sandbox, person, emulator) -> None:
    members = await staff(person, 2)
    admin = await admin_of(sandbox)
    await compose(admin)
    await admin.press("📣 Kirim ke 2 anggota")
    members[0].block()
    mark = len(emulator.calls)
    await sandbox.run_jobs()
    sends = [call for call in emulator.calls[mark:] if call == "sendMessage"]
    assert len(sends) == 2  # one each: the 403 was not tried again
    assert any("Terkirim 1/2, gagal 1" in m.content for m in admin.bot_messages)


async def test_a_broadcast_stopped_midway_resumes_after_the_restart(
    sandbox: Sandbox, person, settings, emulator, database: Database, clock
) -> None:
    members = await staff(person, 40)
    admin = await admin_of(sandbox)
    await compose(admin)
    await admin.press("📣 Kirim ke 40 anggota")

    # The process is stopped (cancelled) while the broadcast runs, in the middle: when the
    # 14th message is on its way (decided by the sends themselves, not by a race with them).
    running = asyncio.create_task(sandbox.run_jobs())
    sends = 0

    def stop_midway(method: str, params: dict) -> None:
        nonlocal sends
        if method == "sendMessage":
            sends += 1
            if sends == 14:
                running.cancel()

    emulator.faults = stop_midway
    await asyncio.gather(running, return_exceptions=True)
    emulator.faults = None
    await sandbox.stop()
    got = [received(member) for member in members]
    assert 13 <= sum(got) < 40 and max(got) == 1

    again = Sandbox(
        build_application(settings, request=Sandbox.request(emulator), database=database,
                          clock=clock),
        emulator, clock=clock,
    )  # fmt: skip
    await again.start()  # the catch-up resumes it
    try:
        assert [received(member) for member in members] == [1] * 40
        assert any("Terkirim 40/40, gagal 0" in m.content for m in admin.bot_messages), [
            m.content for m in admin.bot_messages
        ]
        async with database.reading() as session:
            statuses = set(await session.scalars(select(Delivery.status)))
        assert statuses == {"sent"}
    finally:
        await again.stop()


async def test_an_album_gives_its_first_photo_and_menu_buttons_pass_through(
    sandbox: Sandbox, person
) -> None:
    members = await staff(person, 2)
    admin = await admin_of(sandbox)
    await admin.send("/start")
    await admin.send("/siaran")
    replies = await admin.tap("📊 Rekap")  # the main menu still works while the flow waits
    assert "Rekap inovasi" in replies.text
    replies = await admin.send_album([b"\xff\xd8 satu", b"\xff\xd8 dua", b"\xff\xd8 tiga"])
    assert replies.texts == [
        "Catatan: siaran memuat satu foto. Foto pertama dari album ini yang akan dikirim.",
        "Kirim kepada siapa?",
    ]
    await admin.press("Semua anggota")
    await admin.press("📣 Kirim ke 2 anggota")
    await sandbox.run_jobs()
    assert [sum(1 for m in member.bot_messages if m.photo) for member in members] == [1, 1]


async def test_two_instances_resuming_one_broadcast_send_each_message_once(
    sandbox: Sandbox, person, settings, emulator, database_url, clock
) -> None:
    members = await staff(person, 25)
    admin = await admin_of(sandbox)
    await compose(admin)
    await admin.press("📣 Kirim ke 25 anggota")
    await sandbox.stop()  # stopped before the job ran: both instances find it "sending"

    databases = [Database(database_url), Database(database_url)]
    instances = [
        Sandbox(
            build_application(
                settings, request=Sandbox.request(emulator), database=database, clock=clock
            ),
            emulator,
            clock=clock,
        )
        for database in databases
    ]
    try:
        await asyncio.gather(*(instance.start() for instance in instances))
        assert [received(member) for member in members] == [1] * 25
    finally:
        for instance in instances:
            await instance.stop()
        for database in databases:
            await database.dispose()


async def test_a_stop_midway_finishes_what_is_in_flight_and_the_restart_sends_the_rest(
    sandbox: Sandbox, person, settings, emulator, database: Database, clock
) -> None:
    members = await staff(person, 40)
    admin = await admin_of(sandbox)
    await compose(admin)
    await admin.press("📣 Kirim ke 40 anggota")
    unlucky = {member.id for member in members[20:]}  # their first try meets a 5xx

    def faults(method: str, params: dict) -> str | None:
        chat_id = int(params.get("chat_id") or 0)
        if method == "sendMessage" and chat_id in unlucky:
            unlucky.discard(chat_id)
            return "5xx"
        return None

    emulator.faults = faults
    running = asyncio.create_task(sandbox.run_jobs())
    await emulator.wait_until(lambda: emulator.fault_counts["5xx"] >= 3)
    await sandbox.stop()  # as systemd stops it: the bot is no longer running
    await running  # the broadcast returns: sends in flight finish, retries waiting give up
    got = [received(member) for member in members]
    assert sum(got) < 40 and max(got) == 1
    async with database.reading() as session:
        assert set(await session.scalars(select(Delivery.status))) <= {"sent"}
    emulator.faults = None

    again = await restarted(settings, emulator, database, clock)
    try:
        assert [received(member) for member in members] == [1] * 40
        assert any("Terkirim 40/40, gagal 0" in m.content for m in admin.bot_messages)
    finally:
        await again.stop()
