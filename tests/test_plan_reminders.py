"""The action plan in the weekly reminder: each entry named once when due soon and once when
late, in the member's language; an OPD behind on nothing but its plan hears of it too; a round
run again in the same week sends nothing more; a countdown morning leaves the lines for the
next week."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select

from bot.delivery.reminders import plan_lines
from bot.delivery.scheduler import job_name
from sandbox.client import Person, Sandbox
from storage.database import Database
from storage.models import Delivery, Innovation, Pillar
from storage.plans import PlanEntry
from tests.support.people import ADMIN_ID
from tests.support.plan_entries import marks, opd_id, plan
from tests.support.time import wib

WEEKLY = "Pengingat mingguan"
DECEMBER, OCTOBER, JANUARY = date(2026, 12, 1), date(2026, 10, 1), date(2027, 1, 1)


def weekly(person: Person, since: int = 1) -> list[str]:
    """The weekly messages `person` got from day `since` of November on."""
    return [
        m.content
        for m in person.bot_messages
        if m.date >= wib(since, 0)
        and ("Pengingat mingguan" in m.content or "Weekly reminder" in m.content)
    ]


async def run_weekly(sandbox: Sandbox) -> None:
    [job] = sandbox.application.job_queue.get_jobs_by_name(job_name("weekly"))
    await job.run(sandbox.application)


async def covered(database: Database, code: str) -> None:
    """`code` has a quick win in every pillar: behind on nothing."""
    owner = await opd_id(database, code)
    async with database.transaction() as session:
        pillars = list(await session.scalars(select(Pillar)))
        session.add(
            Innovation(opd_id=owner, title="Satu Data Perhubungan", status="approved",
                       quick_win=True, stage="penerapan", pillars=pillars)
        )  # fmt: skip


async def test_due_soon_and_late_entries_are_named_once_each_and_done_ones_never(
    sandbox: Sandbox, person, database: Database
) -> None:
    ani = await person("staff", opd="DISDIK", name="Ani Suryani")  # behind: no quick win
    await plan(database, "DISDIK", "Rapor Daring", DECEMBER)  # due within 30 days
    await plan(database, "DISDIK", "Sekolah Ramah Anak", OCTOBER, stage="penerapan")  # late
    await plan(database, "DISDIK", "Perpustakaan Keliling", JANUARY)  # on track
    await plan(database, "DISDIK", "PPDB Daring", OCTOBER,
               innovation=("PPDB Daring", "approved", "penerapan"))  # done  # fmt: skip
    await run_weekly(sandbox)  # Monday 2 November, 09.00

    [message] = weekly(ani)
    assert message.startswith("🔔 Pengingat mingguan\n\nDinas Pendidikan belum memiliki quick win")
    assert message.endswith(
        "📋 Rencana aksi Dinas Pendidikan\n"
        "• Terlambat 1 bulan: Sekolah Ramah Anak (Penerapan, Oktober 2026)\n"
        "• Segera jatuh tempo: Rapor Daring (Uji coba, Desember 2026)\n"
        "Lihat rencana aksi lengkap di /rencana."
    )
    assert "Perpustakaan" not in message and "PPDB" not in message
    assert await marks(database) == {
        "Rapor Daring": ("2026-W45", None), "Sekolah Ramah Anak": (None, "2026-W45"),
        "Perpustakaan Keliling": (None, None), "PPDB Daring": (None, None),
    }  # fmt: skip

    await sandbox.advance(to=wib(9, 9, 30))  # next Monday: still behind, nothing of the plan
    [again] = weekly(ani, since=9)
    assert "Rencana aksi" not in again and "/rencana" not in again

    # In January the entry of December is late: named once more, as late; January's, due.
    services = sandbox.application.bot_data
    lines = await plan_lines(services, date(2027, 1, 4), "2027-W01")
    [disdik] = lines.values()
    assert [(line.title, line.late, line.months_late) for line in disdik] == [
        ("Rapor Daring", True, 1), ("Perpustakaan Keliling", False, 0)
    ]  # fmt: skip
    async with database.transaction() as session:  # the round of that week told Ani
        session.add(Delivery(kind="weekly", period_key="2027-W01", recipient_chat_id=ani.id,
                             status="sent"))  # fmt: skip
    assert await plan_lines(services, date(2027, 1, 11), "2027-W02") == {}
    assert (await marks(database))["Rapor Daring"] == ("2026-W45", "2027-W01")


async def test_an_opd_behind_on_nothing_but_its_plan_gets_the_weekly_message(
    sandbox: Sandbox, person, database: Database
) -> None:
    await covered(database, "DISHUB")
    rudi = await person("staff", opd="DISHUB", name="Rudi Hartono")
    eko = await person("staff", opd="DISHUB", name="Eko Prasetyo", language="en")
    await run_weekly(sandbox)
    assert weekly(rudi) == [] and weekly(eko) == []  # nothing owed, no plan: no message

    await plan(database, "DISHUB", "Bus Sekolah <Gratis>", DECEMBER)
    await sandbox.advance(to=wib(9, 9, 30))
    [message] = weekly(rudi)
    assert message == (
        "🔔 Pengingat mingguan: rencana aksi\n\n"
        "📋 Rencana aksi Dinas Perhubungan\n"
        "• Segera jatuh tempo: Bus Sekolah <Gratis> (Uji coba, Desember 2026)\n"
        "Lihat rencana aksi lengkap di /rencana."
    )
    [in_english] = weekly(eko)
    assert in_english == (
        "🔔 Weekly reminder: action plan\n\n"
        "📋 Action plan of Dinas Perhubungan\n"
        "• Due soon: Bus Sekolah <Gratis> (Trial, December 2026)\n"
        "See the whole action plan with /plan."
    )
    await sandbox.advance(to=wib(16, 9, 30))
    assert len(weekly(rudi)) == 1 and len(weekly(eko)) == 1  # said once


async def test_late_in_english_with_months_counted(
    sandbox: Sandbox, person, database: Database
) -> None:
    eko = await person("staff", opd="DISDIK", name="Eko Prasetyo", language="en")
    await plan(database, "DISDIK", "Rapor Daring", date(2026, 8, 1))
    await run_weekly(sandbox)
    [message] = weekly(eko)
    assert message.startswith("🔔 Weekly reminder\n\nDinas Pendidikan has not submitted")
    assert "• 3 months late: Rapor Daring (Trial, August 2026)" in message


async def test_a_round_run_again_in_the_same_week_sends_once_and_says_nothing_new(
    sandbox: Sandbox, person, database: Database
) -> None:
    ani = await person("staff", opd="DISDIK", name="Ani Suryani")
    await plan(database, "DISDIK", "Rapor Daring", DECEMBER)
    await run_weekly(sandbox)
    await run_weekly(sandbox)  # a double run: the claim stops the second
    assert len(weekly(ani)) == 1

    # Added after this week's message went: not marked now (it would never be told), but
    # named next week.
    await plan(database, "DISDIK", "Sekolah Ramah Anak", DECEMBER)
    await run_weekly(sandbox)
    assert len(weekly(ani)) == 1
    assert (await marks(database))["Sekolah Ramah Anak"] == (None, None)
    await sandbox.advance(to=wib(9, 9, 30))
    [_, next_week] = weekly(ani)
    assert "Sekolah Ramah Anak" in next_week and "Rapor Daring" not in next_week
    assert (await marks(database))["Sekolah Ramah Anak"] == ("2026-W46", None)


async def test_a_countdown_morning_leaves_the_plan_for_the_next_weekly_message(
    sandbox: Sandbox, person, emulator, database: Database
) -> None:
    ani = await person("staff", opd="DISDIK", name="Ani Suryani")
    admin = sandbox.person(emulator.add_user("Dewi", last_name="Lestari", user_id=ADMIN_ID))
    await admin.send("/jadwal")
    await admin.press("📅 Batas pengumpulan")
    await admin.send("16/11/2026")  # Monday the 9th is D-7: the countdown replaces the weekly
    await sandbox.advance(to=wib(8, 12))
    await plan(database, "DISDIK", "Rapor Daring", DECEMBER)

    await sandbox.advance(to=wib(9, 12))
    [countdown] = [m.content for m in ani.bot_messages if wib(9, 0) <= m.date < wib(10, 0)]
    assert "Batas pengumpulan" in countdown and "Rapor Daring" not in countdown
    assert (await marks(database))["Rapor Daring"] == (None, None)

    await sandbox.advance(to=wib(16, 12))
    [message] = weekly(ani, since=16)
    assert "• Segera jatuh tempo: Rapor Daring (Uji coba, Desember 2026)" in message


async def test_a_mark_whose_message_never_went_out_is_said_the_next_time(
    sandbox: Sandbox, person, database: Database
) -> None:
    """Marked in a week whose round stopped before this OPD's message (and was not resumed
    that week): nobody heard it, so the next weekly message says it. A mark of a week whose
    message reached the OPD stays said."""
    ani = await person("staff", opd="DISDIK", name="Ani Suryani")
    budi = await person("staff", opd="DINKES", name="Budi Santoso")
    await plan(database, "DISDIK", "Rapor Daring", DECEMBER)
    await plan(database, "DINKES", "Posyandu Digital", DECEMBER)
    async with database.transaction() as session:
        for entry in await session.scalars(select(PlanEntry)):
            entry.reminded_due = "2026-W44"
        # Budi's OPD had the message of that week; Ani's did not.
        session.add(Delivery(kind="weekly", period_key="2026-W44",
                             recipient_chat_id=budi.id, status="sent"))  # fmt: skip
    await run_weekly(sandbox)  # Monday 2 November: week 45
    [message] = weekly(ani)
    assert "• Segera jatuh tempo: Rapor Daring (Uji coba, Desember 2026)" in message
    assert all("Posyandu Digital" not in m for m in weekly(budi))
    assert (await marks(database)) == {
        "Rapor Daring": ("2026-W45", None), "Posyandu Digital": ("2026-W44", None)
    }  # fmt: skip
