"""The action plans in /rekap and in the daily summary: one line, the OPD furthest behind named
when some entry is late; nothing when no OPD has a plan."""

from __future__ import annotations

from datetime import date

from sandbox.client import Sandbox
from storage.database import Database
from tests.support.plan_entries import plan, seed_plans
from tests.support.time import summaries, wib

LINE = (
    "Rencana aksi: 7 — 1 selesai · 2 sesuai jadwal · 1 segera · 3 terlambat (2 OPD); "
    "paling tertinggal: Dinas Pendidikan, 2 terlambat"
)


async def test_rekap_has_one_line_of_the_plans(person, database: Database) -> None:
    budi = await person("coordinator", opd="DISKOMINFOSANDITIK", name="Budi Santoso")
    text = (await budi.send("/rekap"))[0].text
    assert "Rencana aksi" not in text  # no plan yet: not a word of plans

    await seed_plans(database)
    lines = (await budi.send("/rekap"))[0].text.splitlines()
    assert LINE in lines
    # After the OPDs' numbers, before the national index's.
    assert lines[lines.index(LINE) + 1].startswith("Siap IID:")

    eko = await person("coordinator", opd="DISKOMINFOSANDITIK", name="Eko Prasetyo",
                       language="en")  # fmt: skip
    text = (await eko.send("/summary"))[0].text
    assert (
        "Action plans: 7 — 1 done · 2 on track · 1 due soon · 3 late (2 OPDs); "
        "furthest behind: Dinas Pendidikan, 2 late"
    ) in text.splitlines()


async def test_no_late_entry_names_nobody(person, database: Database) -> None:
    budi = await person("coordinator", opd="DISKOMINFOSANDITIK", name="Budi Santoso")
    await plan(database, "DISHUB", "Bus Sekolah", date(2027, 6, 1))
    text = (await budi.send("/rekap"))[0].text
    assert "Rencana aksi: 1 — 0 selesai · 1 sesuai jadwal · 0 segera · 0 terlambat" in (
        text.splitlines()
    )
    assert "tertinggal" not in text


async def test_the_daily_summary_has_the_line(
    sandbox: Sandbox, emulator, coordinators_group, database: Database
) -> None:
    await sandbox.advance(to=wib(2, 16, 30))
    [monday] = summaries(emulator, coordinators_group)
    assert "Rencana aksi" not in monday

    await seed_plans(database)
    await sandbox.advance(to=wib(3, 16, 30))
    [_, tuesday] = summaries(emulator, coordinators_group)
    lines = tuesday.splitlines()
    assert LINE in lines
    # After the totals, before the check-ins (a blank line between).
    assert lines[lines.index(LINE) + 1] == ""
