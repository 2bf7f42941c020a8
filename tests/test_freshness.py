"""Freshness defined once (issue 27): aktif, belum dikonfirmasi, perlu diperbarui, berhenti.
The same innovations, one in each state, counted alike by /rekap, /belum, the daily summary,
the export and the dashboard; /pemantauan lists them, stopped and overdue first."""

from __future__ import annotations

import io
import re
from collections import Counter

from openpyxl import load_workbook
from sqlalchemy import select, update

from sandbox.client import Person, Sandbox
from storage.database import Database
from storage.models import Checkin, Innovation, Opd, Status
from tests.support.checkins import OTHERS, approve, approved, at, switch
from tests.support.form import COMPLETE, fill
from tests.support.people import admin_of
from tests.support.web import dashboard_client

TITLES = {1: "Posyandu Digital", 2: "Sampah Pintar", 3: "Lapor Jalan", 4: "Pasar Daring"}
COUNTS = "1 aktif · 1 belum dikonfirmasi · 1 perlu diperbarui · 1 berhenti"


def question(member: Person, number: int):
    [message] = [m for m in member.bot_messages if f"Apakah inovasi #{number} " in m.content]
    return message


async def four_states(sandbox: Sandbox, person) -> tuple[Person, Person, Person]:
    """Four innovations of DINKES approved on 2 November 2026; on 10 March 2027: #1 confirmed
    running (aktif), #2 stopped (berhenti), #3 asked on 2 February and never answered (perlu
    diperbarui), #4 on a period of 6 months, never asked yet (belum dikonfirmasi)."""
    siti, budi = await approved(person, TITLES[1])
    for number in (2, 3, 4):
        await fill(siti, {**COMPLETE, "title": TITLES[number]})
        await siti.press("📤 Kirim")
        await approve(budi, number, TITLES[number])
    dewi = await admin_of(sandbox)
    await switch(dewi, *OTHERS)
    screen = (await dewi.send("/lihat 4")).last
    await dewi.press("6 bln", message=screen)

    await sandbox.advance(to=at(2027, 2, 2, 9, 30))
    await siti.press("✅ Masih berjalan", message=question(siti, 1))
    await siti.press("Lewati")
    await siti.press("Lewati")
    await siti.press("Selesai")
    await siti.press("⏸ Berhenti", message=question(siti, 2))
    await siti.press("Lewati")
    await siti.press("Lewati")
    await siti.press("Selesai")
    assert [m for m in siti.bot_messages if "Apakah inovasi #4 " in m.content] == []
    await sandbox.advance(to=at(2027, 3, 10, 9, 30))  # #3's question open for 36 days
    return siti, budi, dewi


async def test_the_same_four_states_everywhere(
    sandbox: Sandbox, person, database: Database, emulator, coordinators_group, settings, clock
) -> None:
    _, budi, dewi = await four_states(sandbox, person)

    # /rekap and /belum: the counts, then the stopped and the overdue by name.
    for command in ("/rekap", "/belum"):
        text = (await budi.send(command)).text
        assert f"📋 Pemantauan: 4 inovasi disetujui — {COUNTS}" in text
        assert "⏸ Berhenti: #2 Sampah Pintar (DINKES)" in text
        assert "🟠 Perlu diperbarui: #3 Lapor Jalan (DINKES)" in text

    # The daily summary in the coordinators' group.
    await switch(dewi, "Rekap harian", on=True)
    await sandbox.advance(to=at(2027, 3, 10, 16, 30))
    [daily] = [
        m.content for m in emulator.messages(coordinators_group.id) if "Rekap harian" in m.content
    ]
    assert COUNTS in daily and "⏸ Berhenti: #2 Sampah Pintar (DINKES)" in daily
    assert "🟠 Perlu diperbarui: #3 Lapor Jalan (DINKES)" in daily

    # The export's cells.
    document = (await budi.send("/ekspor")).last.document
    book = load_workbook(io.BytesIO(budi.emulator.files[document["file_id"]].content))
    rows = [[c.value for c in row] for row in book["Status pemantauan"].iter_rows()][1:]
    assert {row[0]: row[4] for row in rows} == {
        1: "aktif", 2: "berhenti", 3: "perlu diperbarui", 4: "belum dikonfirmasi",
    }  # fmt: skip
    assert Counter(row[4] for row in rows) == Counter(
        {"aktif": 1, "belum dikonfirmasi": 1, "perlu diperbarui": 1, "berhenti": 1}
    )

    # The dashboard's overview: the same numbers; the stopped one is no quick win any more.
    async with dashboard_client(settings, database, clock) as client:
        page = (await client.get("/")).text
    numbers = dict(re.findall(r'id="fresh-(\w+)">[^<]*<span class="num">(\d+)<', page))
    assert numbers == {"active": "1", "unconfirmed": "1", "stale": "1", "stopped": "1"}
    assert 'id="quick-wins">3<' in page  # four approved quick wins, one stopped


async def test_monitoring_lists_stopped_and_overdue_first(sandbox: Sandbox, person) -> None:
    siti, budi, dewi = await four_states(sandbox, person)
    await budi.send("/start")
    replies = await budi.tap("📡 Pemantauan")  # the main menu's button
    assert replies.text == (
        "📋 Pemantauan — 4 inovasi disetujui (hlm. 1/1)\n"
        "⏸ #2 Sampah Pintar (DINKES) — berhenti sejak 2 Feb 2027\n"
        "🟠 #3 Lapor Jalan (DINKES) — menunggu jawaban 36 hari\n"
        "⚪ #4 Pasar Daring (DINKES) — belum pernah ditanya\n"
        "🟢 #1 Posyandu Digital (DINKES) — terakhir dikonfirmasi 2 Feb 2027"
    )
    assert replies.last.button_labels == [
        ["👁 #2 Sampah Pintar"], ["👁 #3 Lapor Jalan"], ["👁 #4 Pasar Daring"],
        ["👁 #1 Posyandu Digital"],
    ]  # fmt: skip
    opened = await budi.press("👁 #2 Sampah Pintar")
    assert "Sampah Pintar" in opened.text and "📋 Pemantauan inovasi #2: ⏸ berhenti" in opened.text

    # In English, by its English name; refused to the OPD's staff.
    eko = await person("coordinator", opd="DISKOMINFOSANDITIK", name="Eko Prasetyo",
                       language="en")  # fmt: skip
    text = (await eko.send("/monitoring")).text
    assert "⏸ #2 Sampah Pintar (DINKES) — stopped since 2 Feb 2027" in text
    assert "🟠 #3 Lapor Jalan (DINKES) — awaiting an answer for 36 days" in text
    assert (await siti.send("/pemantauan")).texts == [
        "Mohon maaf, perintah ini tidak tersedia untuk peran Bapak/Ibu."
    ]

    # The round turned off: nobody asked again, #1's confirmation grows older than its period
    # and 30 days (1 June): it needs an update too, after #3 (overdue since 4 March).
    await switch(dewi, "Pemantauan inovasi")
    await sandbox.advance(to=at(2027, 6, 2, 9, 30))
    assert (await budi.send("/pemantauan")).text.split("\n")[1:] == [
        "⏸ #2 Sampah Pintar (DINKES) — berhenti sejak 2 Feb 2027",
        "🟠 #3 Lapor Jalan (DINKES) — menunggu jawaban 120 hari",
        "🟠 #1 Posyandu Digital (DINKES) — terakhir dikonfirmasi 2 Feb 2027",
        "⚪ #4 Pasar Daring (DINKES) — belum pernah ditanya",
    ]
    assert (
        "🟠 Perlu diperbarui: #3 Lapor Jalan (DINKES), #1 Posyandu Digital (DINKES)"
        in (await budi.send("/rekap")).text
    )


async def test_monitoring_pages_checked_again_when_pressed(
    person, database: Database, sandbox: Sandbox
) -> None:
    budi = await person("coordinator", opd="DISKOMINFOSANDITIK", name="Budi Santoso")
    await person("staff", opd="DISDIK", name="Eko Prasetyo")
    async with database.transaction() as session:
        opd = await session.scalar(select(Opd).where(Opd.code == "DISDIK"))
        assert opd is not None
        session.add_all(
            Innovation(opd_id=opd.id, title=f"Inovasi {n:02d}", status=Status.APPROVED,
                       quick_win=False, pillars=[], attachments=[])
            for n in range(1, 13)
        )  # fmt: skip
        await session.flush()
        # Each asked 40 days ago, none answered: all overdue.
        session.add_all(
            Checkin(innovation_id=n, round=1, asked_at=at(2026, 9, 23, 9)) for n in range(1, 13)
        )
    assert (
        "🟠 Perlu diperbarui: #1 Inovasi 01 (DISDIK), #2 Inovasi 02 (DISDIK), #3 Inovasi 03 "
        "(DISDIK), dan 9 lainnya — /pemantauan"
    ) in (await budi.send("/rekap")).text
    first = await budi.send("/pemantauan")
    assert first.text.startswith("📋 Pemantauan — 12 inovasi disetujui (hlm. 1/2)\n")
    assert first.text.count("— menunggu jawaban 40 hari") == 10
    assert first.last.button_labels[-1] == ["Berikutnya ➡️"]
    again = await budi.send("/pemantauan")
    second = await budi.press("Berikutnya ➡️", message=again.last)
    assert second.last.text.startswith("📋 Pemantauan — 12 inovasi disetujui (hlm. 2/2)\n")
    assert "#11 Inovasi 11 (DISDIK)" in second.last.text
    assert second.last.button_labels == [
        ["👁 #11 Inovasi 11"], ["👁 #12 Inovasi 12"], ["⬅️ Sebelumnya"],
    ]  # fmt: skip

    # Five rejected meanwhile: ➡️ on an old first page shows the last page there is.
    async with database.transaction() as session:
        await session.execute(
            update(Innovation).where(Innovation.id <= 5).values(status=Status.REJECTED)
        )
    replies = await budi.press("Berikutnya ➡️", message=first.last)
    assert replies.last.text.startswith("📋 Pemantauan — 7 inovasi disetujui (hlm. 1/1)\n")
    assert replies.last.button_labels[-1] == ["👁 #12 Inovasi 12"]
