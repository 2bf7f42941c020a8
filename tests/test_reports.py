"""/rekap and /belum: the numbers, the pictures, and a cost that does not grow with the data."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import event, insert, select

from bot.reporting.reports import build_coverage, build_summary, pillar_counts
from storage.database import Database
from storage.models import Innovation, Opd, Pillar, innovation_pillar, searchable
from tests.support.people import admin_of

PNG = b"\x89PNG\r\n\x1a\n"


async def seed(database: Database, opds: int, per_opd: list[tuple[str, bool, list[int]]]) -> None:
    """`opds` OPDs; the first ones get innovations (status, quick win, pillar positions)."""
    async with database.transaction() as session:
        pillars = {p.position: p.id for p in await session.scalars(select(Pillar))}
        await session.execute(
            insert(Opd),
            [
                {"code": f"OPD{i:04d}", "name": f"Dinas Nomor {i:04d}", "active": True,
                 "search_name": searchable(f"OPD{i:04d}", f"Dinas Nomor {i:04d}")}
                for i in range(opds)
            ],
        )  # fmt: skip
        ids = list(await session.scalars(select(Opd.id).order_by(Opd.code)))
        for number, (status, quick_win, positions) in enumerate(per_opd):
            innovation = Innovation(
                opd_id=ids[number],
                title=f"Inovasi {number}",
                status=status,
                quick_win=quick_win,
                stage="uji_coba",
                kind="digital",
                start_date=date(2024, 1, 1),
            )
            session.add(innovation)
            await session.flush()
            for position in positions:
                await session.execute(
                    insert(innovation_pillar).values(
                        innovation_id=innovation.id, pillar_id=pillars[position]
                    )
                )


async def test_the_summary_counts(database: Database) -> None:
    await seed(
        database,
        4,
        [("submitted", True, [1, 4]), ("approved", False, [4]), ("draft", True, [2])],
    )
    async with database.transaction() as session:
        summary = await build_summary(session)
        coverage = await build_coverage(session)
    assert summary.by_status == {"submitted": 1, "approved": 1, "draft": 1}
    assert summary.sent == 2 and summary.review_queue == 1 and summary.quick_wins == 1
    assert dict(summary.by_pillar)["Smart Living"] == {"submitted": 1, "approved": 1}
    assert dict(summary.by_pillar)["Smart Branding"] == {}
    assert summary.by_stage == {"uji_coba": 2}
    assert summary.top_opds == [("Dinas Nomor 0000", 1), ("Dinas Nomor 0001", 1)]
    assert (summary.opd_count, summary.opds_without) == (4, 2)
    assert summary.opds_without_names == ["Dinas Nomor 0002", "Dinas Nomor 0003"]
    assert coverage.rows[-1] == (
        "Dinas Nomor 0000", [True, False, False, True, False, False]
    )  # fmt: skip
    assert len(coverage.gaps()) == 4


async def test_rekap_and_belum_as_a_coordinator(person, database: Database) -> None:
    await seed(database, 3, [("submitted", True, [1])])
    budi = await person("coordinator", opd="DISKOMINFOSANDITIK")
    replies = await budi.send("/rekap")
    assert replies[0].text.startswith("📊 Rekap inovasi: 1 terkirim seluruhnya, 0 masih draf")
    assert "Antrean tinjauan: 1" in replies[0].text
    assert "• Smart Governance: 1" in replies[0].text
    assert replies[-1].photo is not None
    photo = replies[-1].photo[-1]["file_id"]
    assert budi.emulator.files[photo].content.startswith(PNG)
    replies = await budi.send("/belum")
    # Diskominfo (Budi's OPD), which collects the innovations, is not expected to submit.
    assert replies[0].text.startswith("OPD tanpa inovasi terkirim: 2 dari 3")
    assert "• Dinas Kesehatan" not in replies[0].text
    assert "• Dinas Nomor 0001: belum ada di Governance, Branding, Economy" in replies[0].text
    assert budi.emulator.files[replies[-1].photo[-1]["file_id"]].content.startswith(PNG)
    chat_actions = [a.detail["action"] for a in budi.emulator.actions if a.kind == "chat_action"]
    assert chat_actions == ["upload_photo", "upload_photo"]


COMMA_NAMES = [f"Dinas Pekerjaan Umum, Penataan Ruang, Wilayah {i:02d}" for i in range(28)]


async def test_the_counts_add_up_and_belum_lists_every_opd_behind_a_page_at_a_time(
    person, database: Database
) -> None:
    budi = await person("coordinator", opd="DISKOMINFOSANDITIK", name="Budi Santoso")
    async with database.transaction() as session:
        opds = [Opd(code=f"PU{i:02d}", name=name) for i, name in enumerate(COMMA_NAMES)]
        opds += [Opd(code="DINKES", name="Dinas Kesehatan"),
                 Opd(code="DISDIK", name="Dinas Pendidikan")]  # fmt: skip
        session.add_all(opds)
        await session.flush()
        session.add_all(
            [Innovation(opd_id=opds[-2].id, title="Posyandu Digital", status="submitted"),
             Innovation(opd_id=opds[-1].id, title="Rapor Daring", status="approved"),
             Innovation(opd_id=opds[0].id, title="Draf PU", status="draft")]
        )  # fmt: skip
    async with database.reading() as session:
        expected = {o.code: o.expected for o in await session.scalars(select(Opd))}
    assert expected.pop("DISKOMINFOSANDITIK") is False and set(expected.values()) == {True}

    text = (await budi.send("/rekap"))[0].text
    headline, breakdown = text.splitlines()[:2]
    assert headline == "📊 Rekap inovasi: 2 terkirim seluruhnya, 1 masih draf di OPD"
    assert breakdown == (
        "Dari 2 yang terkirim: 1 menunggu tinjauan · 0 sedang ditinjau · 1 disetujui · "
        "0 perlu revisi · 0 ditolak"
    )
    assert "OPD belum mengirim: 28 dari 30 OPD yang wajib mengirim" in text
    lines = text.splitlines()
    assert "• Dinas Pekerjaan Umum, Penataan Ruang, Wilayah 00" in lines  # one OPD, one line
    # The list ends with a pointer to /belum; readiness for the index and how the approved ones
    # are kept up to date follow.
    after = lines[lines.index("…dan 18 OPD lainnya: lihat /belum") - 1 :]
    assert after[0].startswith("• ") and after[2] == "Siap IID: 0 dari 2 inovasi terkirim"
    assert "Komunikasi" not in text

    replies = await budi.send("/belum")
    first = replies[0]
    assert first.text.startswith("OPD tanpa inovasi terkirim: 28 dari 30 OPD yang wajib")
    assert "Halaman 1 dari 2" in first.text and "lainnya" not in first.text
    assert first.button_labels == [["Berikutnya ➡️"]]
    replies = await budi.press("Berikutnya ➡️", message=first)
    second = replies.last
    assert second.message_id == first.message_id  # the same message, its next page
    assert "Halaman 2 dari 2" in second.text
    assert second.button_labels == [["⬅️ Sebelumnya"]]
    shown = [line[2:] for page in (first.text, second.text) for line in page.splitlines()
             if line.startswith("• Dinas Pekerjaan") and ":" not in line]  # fmt: skip
    assert shown == sorted(COMMA_NAMES)  # every one, once, in name order
    # A page past the end (the list grew shorter meanwhile, or a forged press): the last page.
    replies = await budi.press("⬅️ Sebelumnya", message=second)
    assert "Halaman 1 dari 2" in replies.last.text
    replies = await budi.forge("mis:p:7", message=second)
    assert "Halaman 2 dari 2" in replies.last.text
    siti = await person("staff", opd="DINKES")
    refused = await siti.send("/belum")
    replies = await siti.forge("mis:p:1", message=refused.last)
    assert refused.texts == ["Mohon maaf, perintah ini tidak tersedia untuk peran Bapak/Ibu."]
    assert replies.texts == [] and replies.toasts == refused.texts  # told, nothing shown


async def test_reports_in_english_and_not_for_staff(person, database: Database) -> None:
    john = await person("admin", opd="DISKOMINFOSANDITIK", language_code="en")
    assert (
        (await john.send("/summary"))
        .texts[0]
        .startswith("📊 Innovation summary: 0 submitted in all")
    )
    siti = await person("staff")
    for command in ("/rekap", "/belum", "/summary"):
        assert (await siti.send(command)).texts == [
            "Mohon maaf, perintah ini tidak tersedia untuk peran Bapak/Ibu."
        ]


async def bulk_seed(database: Database, opds: int, innovations: int) -> None:
    """`opds` OPDs and `innovations` innovations spread over them, every status, quick wins,
    one to three pillars each: inserted in bulk."""
    statuses = ["draft", "submitted", "in_review", "approved", "revision_requested", "rejected"]
    async with database.transaction() as session:
        await session.execute(Innovation.__table__.delete())
        await session.execute(Opd.__table__.delete())
        pillars = list(await session.scalars(select(Pillar.id).order_by(Pillar.position)))
        await session.execute(
            insert(Opd),
            [{"code": f"OPD{i:04d}", "name": f"Dinas Nomor {i:04d}", "active": i % 7 != 0,
              "expected": i % 11 != 0, "search_name": f"opd{i:04d}"} for i in range(opds)],
        )  # fmt: skip
        ids = list(await session.scalars(select(Opd.id).order_by(Opd.code)))
        rows = [
            {"id": n + 1, "opd_id": ids[(n * 7) % len(ids)], "title": f"Inovasi {n}",
             "status": statuses[n % 6], "quick_win": n % 3 == 0,
             "stage": ["inisiatif", "uji_coba", "penerapan", None][n % 4], "version": 1}
            for n in range(innovations)
        ]  # fmt: skip
        if rows:
            await session.execute(insert(Innovation), rows)
            await session.execute(
                insert(innovation_pillar),
                [{"innovation_id": n + 1, "pillar_id": pillars[(n + k) % 6]}
                 for n in range(innovations) for k in range(1 + n % 3)],
            )  # fmt: skip


async def belum(session) -> None:
    await build_summary(session)
    await build_coverage(session)


REPORTS = {
    "summary": (build_summary, 4),
    "chart data": (pillar_counts, 1),
    "coverage": (build_coverage, 2),
    "belum": (belum, 6),
}


@pytest.mark.parametrize("report", sorted(REPORTS))
async def test_statements_do_not_grow_with_the_data(database_url: str, report: str) -> None:
    """The same statements at 10 OPDs / 20 innovations as at 1,000 OPDs / 3,000 innovations:
    grouped aggregates, no query per OPD, per pillar or per innovation."""
    build, expected = REPORTS[report]
    counts = []
    statements: list[str] = []

    def count(conn, cursor, statement, parameters, context, executemany) -> None:
        statements.append(statement)

    for opds, innovations in ((10, 20), (1000, 3000)):
        database = Database(database_url)
        try:
            await bulk_seed(database, opds, innovations)
            statements.clear()
            event.listen(database.engine.sync_engine, "before_cursor_execute", count)
            async with database.reading() as session:
                await build(session)
            event.remove(database.engine.sync_engine, "before_cursor_execute", count)
            counts.append([s for s in statements if s.lstrip().upper().startswith("SELECT")])
        finally:
            await database.dispose()
    assert counts[0] == counts[1]
    assert len(counts[0]) == expected


async def test_the_grouped_counts_agree_with_counting_one_by_one(database: Database) -> None:
    await bulk_seed(database, 40, 500)
    async with database.reading() as session:
        summary = await build_summary(session)
        coverage = await build_coverage(session)
        innovations = (await session.execute(select(Innovation))).scalars().all()
        opds = {o.id: o for o in await session.scalars(select(Opd))}
        links = (await session.execute(select(innovation_pillar))).all()
        names = {p.id: p.name for p in await session.scalars(select(Pillar))}
    sent = [i for i in innovations if i.status != "draft"]
    assert sum(summary.by_status.values()) == 500 and summary.sent == len(sent)
    assert summary.quick_wins == sum(1 for i in sent if i.quick_win)
    assert summary.by_stage == {
        stage: sum(1 for i in sent if i.stage == stage)
        for stage in ("inisiatif", "uji_coba", "penerapan")
    }
    status_of = {i.id: i.status for i in innovations}
    for name, statuses in summary.by_pillar:
        expected = [status_of[i] for i, p in links if names[p] == name and status_of[i] != "draft"]
        assert sum(statuses.values()) == len(expected)
    with_sent = {i.opd_id for i in sent}
    active = [o for o in opds.values() if o.active and o.expected]
    assert summary.opd_count == len(active)
    assert summary.opds_without == sum(1 for o in active if o.id not in with_sent)
    assert summary.opds_without_names == sorted(o.name for o in active if o.id not in with_sent)
    per_opd = {o.name: sum(1 for i in sent if i.opd_id == o.id) for o in opds.values()}
    top = sorted(((n, c) for n, c in per_opd.items() if c), key=lambda r: (-r[1], r[0]))[:5]
    assert summary.top_opds == top
    assert coverage.opd_count == len(active)


async def test_an_admin_marks_which_opds_are_expected_to_submit(
    sandbox, person, database: Database
) -> None:
    dewi = await admin_of(sandbox)
    await person("staff", opd="DINKES")
    budi = await person("coordinator", opd="DISKOMINFOSANDITIK", name="Budi Santoso")
    await person("staff", opd="DISDIK", name="Ani Suryani")
    replies = await dewi.send("/opd")
    assert replies.last.text.startswith(
        "🏢 OPD yang wajib mengirim inovasi (3 OPD, halaman 1 dari 1)"
    )
    assert replies.last.button_labels == [
        ["✅ DINKES · Dinas Kesehatan"],
        ["➖ DISKOMINFOSANDITIK · Dinas Komunikasi, Informatika…"],
        ["✅ DISDIK · Dinas Pendidikan"],
    ]
    screen = replies.last
    replies = await dewi.press("✅ DISDIK · Dinas Pendidikan", message=screen)
    assert replies.toasts == ["DISDIK kini tidak wajib mengirim inovasi."]
    assert ["➖ DISDIK · Dinas Pendidikan"] in replies.last.button_labels
    assert await expected_flags(database) == {
        "DINKES": True, "DISKOMINFOSANDITIK": False, "DISDIK": False
    }  # fmt: skip
    assert (await budi.send("/belum"))[0].text.startswith(
        "OPD tanpa inovasi terkirim: 1 dari 1 OPD yang wajib mengirim"
    )
    # The same switch pressed twice (an old screen): it sets what it says, no flip back.
    replies = await dewi.forge(screen.reply_markup["inline_keyboard"][2][0]["callback_data"],
                               message=screen)  # fmt: skip
    assert await expected_flags(database) == {
        "DINKES": True, "DISKOMINFOSANDITIK": False, "DISDIK": False
    }  # fmt: skip
    # Coordinators may not change it, also with a forged button.
    refused = await budi.send("/opd")
    assert refused.texts == ["Mohon maaf, perintah ini tidak tersedia untuk peran Bapak/Ibu."]
    replies = await budi.forge(screen.reply_markup["inline_keyboard"][0][0]["callback_data"],
                               message=refused.last)  # fmt: skip
    assert replies.toasts == refused.texts
    assert (await expected_flags(database))["DINKES"] is True


async def expected_flags(database: Database) -> dict[str, bool]:
    async with database.reading() as session:
        return {opd.code: opd.expected for opd in await session.scalars(select(Opd))}
