"""/rekap and /belum: the numbers, the pictures, and a cost that does not grow with the data."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import event, insert, select

from bot.reports import build_coverage, build_summary, pillar_counts
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
              "search_name": f"opd{i:04d}"} for i in range(opds)],
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
    active = [o for o in opds.values() if o.active]
    assert summary.opd_count == len(active)
    assert summary.opds_without == sum(1 for o in active if o.id not in with_sent)
    assert (
        summary.opds_without_names == sorted(o.name for o in active if o.id not in with_sent)[:10]
    )
    per_opd = {o.name: sum(1 for i in sent if i.opd_id == o.id) for o in opds.values()}
    top = sorted(((n, c) for n, c in per_opd.items() if c), key=lambda r: (-r[1], r[0]))[:5]
    assert summary.top_opds == top
    assert coverage.opd_count == len(active)
