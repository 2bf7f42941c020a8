"""The leaders' report: its numbers on the seeded catalogue, in a fixed number of statements,
as a phone-sized message and a picture, in Indonesian and in English."""

from __future__ import annotations

from datetime import UTC, date, datetime

from sqlalchemy import select

from bot.core.texts import Catalog
from bot.reporting.leaders import build_leaders, leaders_chart, render_leaders, render_opd
from storage.database import Database
from storage.models import Checkin, Evaluation, Innovation, Opd, Pillar, Status
from tests.support.catalogue import seed_catalogue
from tests.support.plan_catalogue import seed_plans
from tests.support.sql import counting

NOW = datetime(2026, 11, 30, 3, 0, tzinfo=UTC)
NOVEMBER = date(2026, 11, 1)


async def seed_month(database: Database) -> None:
    """The catalogue, its plans, one innovation approved in November, one confirmed running
    and one stopped."""
    seeded = await seed_catalogue(database)
    await seed_plans(database, seeded)
    posyandu, sekolah, _, ambulans, _ = seeded.approved
    async with database.transaction() as session:
        session.add_all([
            Evaluation(innovation_id=posyandu, verdict="approved",
                       created_at=datetime(2026, 10, 5, tzinfo=UTC)),
            Evaluation(innovation_id=sekolah, verdict="approved",
                       created_at=datetime(2026, 11, 3, tzinfo=UTC)),
            Checkin(innovation_id=posyandu, round=1, status="answered", answer="running",
                    asked_at=datetime(2026, 11, 2, tzinfo=UTC),
                    answered_at=datetime(2026, 11, 3, tzinfo=UTC)),
            Checkin(innovation_id=ambulans, round=1, status="answered", answer="stopped",
                    asked_at=datetime(2026, 11, 2, tzinfo=UTC),
                    answered_at=datetime(2026, 11, 3, tzinfo=UTC)),
        ])  # fmt: skip


async def test_the_leaders_numbers_on_the_catalogue(database: Database) -> None:
    await seed_month(database)
    async with database.reading() as session:
        report = await build_leaders(session, NOVEMBER, NOW, NOW.date())
    assert report.approved == 5 and report.new_approved == 1
    assert report.freshness.counts["active"] == 1 and report.freshness.counts["stopped"] == 1
    assert report.freshness.counts["unconfirmed"] == 3
    pillars = dict(report.pillars)
    assert pillars["Smart Living"] == 3 and pillars["Smart Economy"] == 0
    assert sum(pillars.values()) == 7
    assert report.stages == {"penerapan": 3, "uji_coba": 1, "inisiatif": 1}
    dinkes, disdik = report.ranked
    assert (dinkes.code, dinkes.rank, dinkes.approved, dinkes.pillars, dinkes.alive) == (
        "DINKES", 1, 3, 3, 1,
    )  # fmt: skip
    assert dinkes.alive_share == 33 and (dinkes.plan_done, dinkes.plan_total) == (1, 4)
    assert (disdik.rank, disdik.approved, disdik.pillars, disdik.alive_share) == (2, 2, 1, 0)
    assert (disdik.plan_done, disdik.plan_total) == (1, 4)
    [bappeda] = report.without
    assert (bappeda.code, bappeda.rank, bappeda.pillars, bappeda.plan_total) == (
        "BAPPEDA", 0, 1, 3,
    )  # fmt: skip

    texts = Catalog()
    text = render_leaders(texts, "id", report)
    assert text.splitlines()[0] == "📊 Laporan pimpinan — November 2026"
    assert "Inovasi disetujui: 5 (1 baru bulan ini)" in text
    assert (
        "Masih berjalan: 1 · belum dikonfirmasi: 3 · terlambat diperbarui: 0 · berhenti: 1"
    ) in text
    assert (
        "1. Dinas Kesehatan — 3 disetujui · 3/6 pilar quick win · 33% berjalan · "
        "rencana aksi 1/4 selesai"
    ) in text
    assert "OPD belum memiliki inovasi disetujui: 1 dari 3" in text
    assert len(text) < 1000
    english = render_leaders(texts, "en", report)
    assert "Leaders' report — November 2026" in english
    assert "Approved innovations: 5 (1 new this month)" in english
    own = render_opd(texts, "en", report, bappeda)
    assert "no action plan" not in own and "action plan 0/3 done" in own
    assert "not ranked" in own
    assert "Peringkat 2 dari 2" in render_opd(texts, "id", report, disdik)
    assert leaders_chart(texts, "id", report).startswith(b"\x89PNG")


async def test_the_statements_do_not_grow_with_the_catalogue(database: Database) -> None:
    await seed_month(database)
    async with database.reading() as session:
        with counting(database) as small:
            await build_leaders(session, NOVEMBER, NOW, NOW.date())
    async with database.transaction() as session:
        pillars = list(await session.scalars(select(Pillar).order_by(Pillar.position)))
        opds = [Opd(code=f"OPD{n}", name=f"Dinas {n}") for n in range(30)]
        session.add_all(opds)
        await session.flush()
        session.add_all(
            Innovation(opd_id=opds[n % 30].id, title=f"Inovasi {n}", quick_win=True,
                       stage="penerapan", status=Status.APPROVED, pillars=[pillars[n % 6]],
                       attachments=[])
            for n in range(60)
        )  # fmt: skip
    async with database.reading() as session:
        with counting(database) as large:
            report = await build_leaders(session, NOVEMBER, NOW, NOW.date())
    assert report.approved == 65 and len(report.ranked) == 32
    assert len(large.statements) == len(small.statements) <= 10
