"""The daily summary: at its time on working days, exactly once, across restarts, clock jumps
and two instances; the group that cannot be reached, and the group that moved."""

from __future__ import annotations

import asyncio

from sqlalchemy import select

from bot.app import build_application
from bot.delivery.scheduler import job_name
from sandbox.client import Sandbox
from storage.database import Database
from storage.models import Delivery
from tests.support.people import ADMIN_ID, submitted
from tests.support.time import restarted, summaries, wib


def charts(emulator, group) -> int:
    return sum(1 for m in emulator.messages(group.id) if m.from_bot and m.photo)


async def test_the_summary_goes_out_at_four_on_working_days_and_once(
    sandbox: Sandbox, person, emulator, coordinators_group, database: Database
) -> None:
    await submitted(person, "Posyandu Digital")  # Monday 09.00

    ran = await sandbox.advance(to=wib(2, 15, 59))
    assert job_name("summary") not in ran and summaries(emulator, coordinators_group) == []
    ran = await sandbox.advance(to=wib(2, 16, 0))
    assert ran == [job_name("summary")]
    [text] = summaries(emulator, coordinators_group)
    assert "Rekap harian 02/11/2026" in text
    assert "Kiriman baru: 1" in text
    assert "Posyandu Digital — Dinas Kesehatan (Smart Governance, Smart Living)" in text
    assert "Antrean tinjauan: 1" in text and "OPD belum mengirim: 0 dari 1" in text
    assert charts(emulator, coordinators_group) == 1

    # The same job once more (a late duplicate run, a second scheduler): nothing new goes out.
    [job] = sandbox.application.job_queue.get_jobs_by_name(job_name("summary"))
    await job.run(sandbox.application)
    assert len(summaries(emulator, coordinators_group)) == 1
    assert charts(emulator, coordinators_group) == 1

    # Tuesday: nothing new, said in one line.
    await sandbox.advance(to=wib(3, 16, 30))
    tuesday = summaries(emulator, coordinators_group)[-1]
    assert "Rekap harian 03/11/2026" in tuesday
    assert "Tidak ada kiriman baru sejak rekap sebelumnya." in tuesday

    # The weekend has none; Monday again has one.
    await sandbox.advance(to=wib(9, 16, 30))
    dates = [text.splitlines()[0] for text in summaries(emulator, coordinators_group)]
    assert [d[-10:] for d in dates] == [
        "02/11/2026", "03/11/2026", "04/11/2026", "05/11/2026", "06/11/2026", "09/11/2026",
    ]  # fmt: skip
    async with database.reading() as session:
        rows = list(await session.scalars(select(Delivery).where(Delivery.kind == "summary")))
    assert {row.status for row in rows} == {"sent"} and len(rows) == 6


async def test_missed_while_down_is_sent_once_after_start_the_same_day(
    sandbox: Sandbox, person, settings, emulator, coordinators_group, database: Database, clock
) -> None:
    await submitted(person, "Posyandu Digital")
    await sandbox.advance(to=wib(2, 15, 0))
    await sandbox.stop()
    clock.set(wib(2, 18, 30))  # down from 15.00 to 18.30
    again = await restarted(settings, emulator, database, clock)
    try:
        assert len(summaries(emulator, coordinators_group)) == 1
        assert "Kiriman baru: 1" in summaries(emulator, coordinators_group)[0]
    finally:
        await again.stop()
    third = await restarted(settings, emulator, database, clock)  # and restarted once more
    try:
        assert len(summaries(emulator, coordinators_group)) == 1
        assert charts(emulator, coordinators_group) == 1
    finally:
        await third.stop()


async def test_a_day_missed_entirely_is_not_sent_late_but_its_news_is_not_lost(
    sandbox: Sandbox, person, settings, emulator, coordinators_group, database: Database, clock
) -> None:
    await submitted(person, "Posyandu Digital")
    await sandbox.stop()
    clock.set(wib(3, 1, 0))  # down over Monday's 16.00; back on Tuesday at 01.00
    again = await restarted(settings, emulator, database, clock)
    try:
        assert summaries(emulator, coordinators_group) == []  # Monday's is not sent on Tuesday
        await again.advance(to=wib(3, 16, 0))
        [text] = summaries(emulator, coordinators_group)
        assert "Rekap harian 03/11/2026" in text and "Posyandu Digital" in text
    finally:
        await again.stop()


async def test_the_clock_jumping_a_day_sends_today_once(
    sandbox: Sandbox, person, emulator, coordinators_group, clock
) -> None:
    await submitted(person, "Posyandu Digital")
    clock.set(wib(3, 17, 0))  # Monday 09.00 to Tuesday 17.00 in one step (NTP, a suspended VM)
    [job] = sandbox.application.job_queue.get_jobs_by_name(job_name("summary"))
    # APScheduler runs a job late by less than its grace once (coalesced), however many runs
    # it missed: here, twice to be sure.
    await job.run(sandbox.application)
    await job.run(sandbox.application)
    [text] = summaries(emulator, coordinators_group)
    assert "Rekap harian 03/11/2026" in text and "Posyandu Digital" in text


async def test_two_instances_on_one_database_send_the_summary_once(
    sandbox: Sandbox, person, settings, emulator, coordinators_group, database_url, clock
) -> None:
    await submitted(person, "Posyandu Digital")
    clock.set(wib(2, 16, 0))
    second_database = Database(database_url)
    second = Sandbox(
        build_application(settings, request=Sandbox.request(emulator), database=second_database,
                          clock=clock),
        emulator, clock=clock,
    )  # fmt: skip
    await second.start()
    try:
        first_job = sandbox.application.job_queue.get_jobs_by_name(job_name("summary"))[0]
        second_job = second.application.job_queue.get_jobs_by_name(job_name("summary"))[0]
        for _ in range(3):
            await asyncio.gather(
                first_job.run(sandbox.application), second_job.run(second.application)
            )
        assert len(summaries(emulator, coordinators_group)) == 1
        assert charts(emulator, coordinators_group) == 1
    finally:
        await second.stop()
        await second_database.dispose()


async def test_a_group_the_bot_is_not_in_is_reported_to_the_admins_once(
    sandbox: Sandbox, emulator, coordinators_group, database: Database
) -> None:
    admin = emulator.add_user("Dewi", last_name="Lestari", user_id=ADMIN_ID)
    emulator.private_chat(admin)
    coordinators_group.bot_is_member = False
    await sandbox.advance(to=wib(4, 17, 0))  # Monday, Tuesday and Wednesday
    told = [m.content for m in emulator.messages(admin.id) if "tidak dapat dikirim" in m.content]
    assert len(told) == 1
    assert str(coordinators_group.id) in told[0]
    assert summaries(emulator, coordinators_group) == []

    coordinators_group.bot_is_member = True  # someone added the bot back
    await sandbox.advance(to=wib(5, 17, 0))
    assert len(summaries(emulator, coordinators_group)) == 1
    coordinators_group.bot_is_member = False  # and it was removed again: the admins hear again
    await sandbox.advance(to=wib(6, 17, 0))
    told = [m.content for m in emulator.messages(admin.id) if "tidak dapat dikirim" in m.content]
    assert len(told) == 2


async def test_the_summary_follows_the_group_to_its_supergroup(
    sandbox: Sandbox, emulator, coordinators_group
) -> None:
    supergroup = await emulator.migrate_group(coordinators_group)
    await sandbox.advance(to=wib(2, 16, 0))
    assert len(summaries(emulator, supergroup)) == 1
    assert charts(emulator, supergroup) == 1
    await sandbox.advance(to=wib(3, 16, 0))
    assert len(summaries(emulator, supergroup)) == 2


async def test_stopped_between_the_text_and_the_chart(
    sandbox: Sandbox, person, settings, emulator, coordinators_group, database: Database, clock
) -> None:
    await submitted(person, "Posyandu Digital")
    clock.set(wib(2, 16, 0))
    [job] = sandbox.application.job_queue.get_jobs_by_name(job_name("summary"))
    running = asyncio.create_task(job.run(sandbox.application))
    await emulator.wait_until(lambda: bool(summaries(emulator, coordinators_group)))
    running.cancel()
    await asyncio.gather(running, return_exceptions=True)
    await sandbox.stop()
    again = await restarted(settings, emulator, database, clock)
    try:
        assert len(summaries(emulator, coordinators_group)) == 1
        assert charts(emulator, coordinators_group) == 1
        await again.advance(to=wib(3, 16, 0))  # Tuesday lists nothing of Monday's again
        assert "Tidak ada kiriman baru" in summaries(emulator, coordinators_group)[-1]
    finally:
        await again.stop()


async def test_a_group_that_moved_after_the_summary_does_not_get_it_again(
    sandbox: Sandbox, settings, emulator, coordinators_group, database: Database, clock
) -> None:
    await sandbox.advance(to=wib(2, 16, 0))
    assert len(summaries(emulator, coordinators_group)) == 1
    supergroup = await emulator.migrate_group(coordinators_group)
    await sandbox.stop()
    clock.set(wib(2, 18, 0))
    again = await restarted(settings, emulator, database, clock)  # the catch-up looks again
    try:
        assert summaries(emulator, supergroup) == []
        await again.advance(to=wib(3, 16, 0))
        assert len(summaries(emulator, supergroup)) == 1
    finally:
        await again.stop()


async def test_server_errors_and_timeouts_on_the_summary_are_retried_once_each(
    sandbox: Sandbox, emulator, coordinators_group
) -> None:
    seen: dict[str, int] = {}

    def faults(method: str, params: dict) -> str | None:
        seen[method] = seen.get(method, 0) + 1
        if method == "sendMessage" and seen[method] == 1:
            return "5xx"
        if method == "sendPhoto" and seen[method] <= 2:
            return "timeout" if seen[method] == 1 else "429"
        return None

    emulator.faults = faults
    await sandbox.advance(to=wib(2, 16, 0))
    assert len(summaries(emulator, coordinators_group)) == 1
    assert charts(emulator, coordinators_group) == 1
    assert seen == {"sendMessage": 2, "sendPhoto": 3}
