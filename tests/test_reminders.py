"""Reminders: weekly to OPDs that are behind, idle drafts, pending revisions, the deadline
countdown; working hours; once each, also with two instances."""

from __future__ import annotations

import asyncio

from sqlalchemy import select

from bot.app import build_application
from bot.delivery.scheduler import job_name
from sandbox.client import Person, Sandbox
from storage.database import Database
from storage.models import Delivery
from tests.support.form import fill
from tests.support.people import ADMIN_ID, request_revision, submitted
from tests.support.time import restarted, wib


def reminders(person: Person, marker: str) -> list[str]:
    return [m.content for m in person.bot_messages if marker in m.content]


WEEKLY = "Pengingat mingguan"


async def test_weekly_reminders_say_what_each_opd_owes_once_a_week(
    sandbox: Sandbox, person, database: Database
) -> None:
    siti = await submitted(person, "Posyandu Digital")  # DINKES: quick win in two pillars
    ani = await person("staff", opd="DISDIK", name="Ani Suryani")  # DISDIK: nothing yet
    eko = await person("staff", opd="DISDIK", name="Eko Prasetyo", language="en")
    ani.block()  # blocked the bot: marked unreachable, skipped afterwards
    [job] = sandbox.application.job_queue.get_jobs_by_name(job_name("weekly"))
    await job.run(sandbox.application)  # Monday 09.00

    [to_siti] = reminders(siti, WEEKLY)
    assert (
        "Dinas Kesehatan belum memiliki quick win pada pilar: Smart Branding, Smart Economy, "
        "Smart Society, Smart Environment." in to_siti
    )
    [to_eko] = reminders(eko, "Weekly reminder")
    assert "Dinas Pendidikan has not submitted an innovation yet." in to_eko
    assert reminders(ani, WEEKLY) == []

    await job.run(sandbox.application)
    await sandbox.advance(to=wib(6, 18))  # the rest of the week
    assert len(reminders(siti, WEEKLY)) == 1 and len(reminders(eko, "Weekly reminder")) == 1

    await sandbox.advance(to=wib(9, 9, 30))  # next Monday
    assert len(reminders(siti, WEEKLY)) == 2 and len(reminders(eko, "Weekly reminder")) == 2
    assert reminders(ani, WEEKLY) == []  # still blocked: not even tried again
    async with database.reading() as session:
        tried_ani = await session.scalars(
            select(Delivery).where(Delivery.recipient_chat_id == ani.id)
        )
        assert [(d.status, d.attempts) for d in tried_ani] == [("failed", 1)]

    await ani.unblock()
    await ani.send("/start")  # she writes again: reachable again
    await sandbox.advance(to=wib(16, 9, 30))
    assert len(reminders(ani, WEEKLY)) == 1


async def test_no_reminder_outside_working_hours_but_the_summary_still_goes(
    sandbox: Sandbox, person, settings, emulator, database: Database, clock, coordinators_group
) -> None:
    ani = await person("staff", opd="DISDIK", name="Ani Suryani")
    await sandbox.stop()
    clock.set(wib(2, 21, 0))  # down all Monday; back at 21.00
    again = await restarted(settings, emulator, database, clock)
    try:
        assert reminders(ani, WEEKLY) == []
        assert any("Rekap harian" in m.content for m in emulator.messages(coordinators_group.id))
    finally:
        await again.stop()


async def test_an_idle_draft_is_nudged_once_a_day_three_times_with_a_continue_button(
    sandbox: Sandbox, person, database: Database
) -> None:
    siti = await person("staff")
    # Monday 09.00: left at the quick-win question
    await fill(siti, {"title": "Aplikasi Antrean Puskesmas"}, until="quick_win")

    await sandbox.advance(to=wib(2, 18))
    assert reminders(siti, "Draf inovasi") == []  # not idle for a day yet
    await sandbox.advance(to=wib(3, 10, 30))  # Tuesday 10.00
    [nudge] = [m for m in siti.bot_messages if "Draf inovasi" in m.content]
    assert '"Aplikasi Antrean Puskesmas" belum selesai sejak 2 November 2026' in nudge.content
    assert nudge.button_labels == [["Lanjutkan draf"]]

    await sandbox.advance(to=wib(9, 18))  # Wednesday to the next Monday
    assert len(reminders(siti, "Draf inovasi")) == 3  # Tuesday, Wednesday, Thursday: no more

    replies = await siti.press("Lanjutkan draf", message=nudge)
    assert "quick win" in replies.last.content.lower()  # where she left it


async def test_a_revision_not_resubmitted_is_reminded_two_days_later_once(
    sandbox: Sandbox, person
) -> None:
    siti = await submitted(person, "Posyandu Digital")
    budi = await person("coordinator", opd="DISKOMINFOSANDITIK", name="Budi Santoso")
    await budi.send("/tinjau")
    await budi.press("#1 📤 terkirim · Posyandu Digital")
    await request_revision(budi, "Mohon lengkapi data kecamatan.")  # Monday 09.00

    await sandbox.advance(to=wib(3, 18))
    assert reminders(siti, "diminta revisi pada") == []
    await sandbox.advance(to=wib(4, 10, 30))  # Wednesday 10.00: two days on
    [reminder] = [m for m in siti.bot_messages if "diminta revisi pada" in m.content]
    assert "Mohon lengkapi data kecamatan." in reminder.content
    assert reminder.button_labels == [["Perbaiki sekarang"]]
    await sandbox.advance(to=wib(13, 18))
    assert len(reminders(siti, "diminta revisi pada")) == 1


async def test_the_deadline_counts_down_at_seven_three_and_one_days(
    sandbox: Sandbox, person, emulator
) -> None:
    ani = await person("staff", opd="DISDIK", name="Ani Suryani")
    admin = sandbox.person(emulator.add_user("Dewi", last_name="Lestari", user_id=ADMIN_ID))
    await admin.send("/jadwal")
    await admin.press("📅 Batas pengumpulan")
    replies = await admin.send("1 November 2026")
    assert "tanggal hari ini atau sesudahnya" in replies.text  # in the past
    replies = await admin.send("12/11/2026")
    assert "Batas pengumpulan: 12 November 2026" in replies.text

    await sandbox.advance(to=wib(12, 20))
    countdown = reminders(ani, "Batas pengumpulan inovasi")
    assert [line.splitlines()[0] for line in countdown] == [
        "⏰ Batas pengumpulan inovasi: 12 November 2026 (7 hari lagi).",
        "⏰ Batas pengumpulan inovasi: 12 November 2026 (3 hari lagi).",
        "⏰ Batas pengumpulan inovasi: 12 November 2026 (1 hari lagi).",
    ]


async def test_the_countdown_and_the_weekly_reminder_of_one_morning_are_one_message(
    sandbox: Sandbox, person, emulator, database: Database
) -> None:
    """Monday 9 November is D-7 of a deadline on the 16th: the 08.00 countdown and the 09.00
    weekly reminder would say the same to the same people. Diskominfo, which collects the
    innovations, is not expected to submit: it hears neither."""
    ani = await person("staff", opd="DISDIK", name="Ani Suryani")
    budi = await person("coordinator", opd="DISKOMINFOSANDITIK", name="Budi Santoso")
    admin = sandbox.person(emulator.add_user("Dewi", last_name="Lestari", user_id=ADMIN_ID))
    await admin.send("/jadwal")
    await admin.press("📅 Batas pengumpulan")
    await admin.send("16/11/2026")

    await sandbox.advance(to=wib(9, 12))
    monday = [m.content for m in ani.bot_messages if wib(9, 0) <= m.date < wib(10, 0)]
    assert len(monday) == 1
    [message] = monday
    assert message.startswith("⏰ Batas pengumpulan inovasi: 16 November 2026 (7 hari lagi).")
    assert "Dinas Pendidikan belum mengirim inovasi." in message
    assert ("deadline", "2026-11-16:D-7") in await deliveries(database, ani)
    assert ("weekly", "2026-W46") not in await deliveries(database, ani)  # no second message

    # A Monday with no countdown: the weekly reminder goes as ever.
    await sandbox.advance(to=wib(16, 12))
    assert [m.content.splitlines()[0] for m in ani.bot_messages if wib(16, 0) <= m.date] == [
        "🔔 Pengingat mingguan"
    ]
    assert len(reminders(ani, "Batas pengumpulan inovasi")) == 3  # D-7, D-3, D-1
    assert ("weekly", "2026-W47") in await deliveries(database, ani)
    assert reminders(budi, WEEKLY) == [] and reminders(budi, "Batas pengumpulan") == []
    assert await deliveries(database, budi) == set()


async def deliveries(database: Database, person: Person) -> set[tuple[str, str]]:
    """What the delivery log holds as sent to `person`: (kind, period)."""
    async with database.reading() as session:
        rows = await session.scalars(
            select(Delivery).where(Delivery.recipient_chat_id == person.id)
        )
        return {(d.kind, d.period_key) for d in rows}


async def test_two_instances_send_each_reminder_once(
    sandbox: Sandbox, person, settings, emulator, database_url
) -> None:
    members = [await person("staff", opd="DISDIK", name=f"Staf Nomor {i}") for i in range(12)]
    second_database = Database(database_url)
    second = Sandbox(
        build_application(settings, request=Sandbox.request(emulator), database=second_database,
                          clock=sandbox.clock),
        emulator, clock=sandbox.clock,
    )  # fmt: skip
    await second.start()
    try:
        applications = [sandbox.application, second.application]
        jobs = [app.job_queue.get_jobs_by_name(job_name("weekly"))[0] for app in applications]
        await asyncio.gather(*(job.run(app) for job, app in zip(jobs, applications, strict=True)))
        assert [len(reminders(member, WEEKLY)) for member in members] == [1] * 12
    finally:
        await second.stop()
        await second_database.dispose()
