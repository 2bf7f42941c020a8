"""/rekap and /belum: the numbers, the pictures, and a cost that does not grow with the data."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import event, insert, select

from bot.reports import build_coverage, build_summary
from storage.database import Database
from storage.models import Innovation, Opd, Pillar, innovation_pillar, searchable

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
    assert replies[0].text.startswith("📊 Rekap inovasi: 1 terkirim, 0 draf")
    assert "Antrean tinjauan: 1" in replies[0].text
    assert "• Smart Governance: 1" in replies[0].text
    assert replies[-1].photo is not None
    photo = replies[-1].photo[-1]["file_id"]
    assert budi.emulator.files[photo].content.startswith(PNG)
    replies = await budi.send("/belum")
    assert replies[0].text.startswith("OPD tanpa inovasi terkirim: 3 dari 4")
    assert "• Dinas Kesehatan" not in replies[0].text
    assert "• Dinas Nomor 0001: belum ada di Governance, Branding, Economy" in replies[0].text
    assert budi.emulator.files[replies[-1].photo[-1]["file_id"]].content.startswith(PNG)
    chat_actions = [a.detail["action"] for a in budi.emulator.actions if a.kind == "chat_action"]
    assert chat_actions == ["upload_photo", "upload_photo"]


async def test_reports_in_english_and_not_for_staff(person, database: Database) -> None:
    john = await person("admin", opd="DISKOMINFOSANDITIK", language_code="en")
    assert (await john.send("/summary")).texts[0].startswith("📊 Innovation summary: 0 submitted")
    siti = await person("staff")
    for command in ("/rekap", "/belum", "/summary"):
        assert (await siti.send(command)).texts == [
            "Mohon maaf, perintah ini tidak tersedia untuk peran Bapak/Ibu."
        ]


@pytest.mark.parametrize("builder", [build_summary, build_coverage])
async def test_statements_do_not_grow_with_the_number_of_opds(
    database_url: str, builder, tmp_path
) -> None:
    counts = []
    statements: list[str] = []

    def count(conn, cursor, statement, parameters, context, executemany) -> None:
        statements.append(statement)

    for size in (10, 1000):
        database = Database(database_url)
        try:
            async with database.transaction() as session:
                await session.execute(Innovation.__table__.delete())
                await session.execute(Opd.__table__.delete())
            await seed(database, size, [("submitted", True, [1, 2])] * min(size, 50))
            statements.clear()
            event.listen(database.engine.sync_engine, "before_cursor_execute", count)
            async with database.transaction() as session:
                await builder(session)
            event.remove(database.engine.sync_engine, "before_cursor_execute", count)
            counts.append(len([s for s in statements if s.lstrip().upper().startswith("SELECT")]))
        finally:
            await database.dispose()
    assert counts[0] == counts[1]
    assert counts[0] <= 8
