"""The benefit measures' totals where leaders read: the leaders' report (the regency's and each
OPD's, with the month's part, in Indonesian and English) and the dashboard (the overview and an
OPD's pages), the numbers those of `benefit_totals` on the seeded catalogue."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime

from sqlalchemy import select

from bot.core.settings import Settings
from bot.core.texts import Catalog
from bot.monitoring.benefits import benefit_totals
from bot.reporting.leaders import build_leaders, render_leaders, render_opd
from storage.benefits import BenefitMeasure, CheckinMeasure
from storage.database import Database
from storage.models import Checkin, Innovation, Opd
from tests.support.catalogue import seed_catalogue
from tests.support.web import dashboard_client, login_query

NOW = datetime(2026, 11, 30, 3, 0, tzinfo=UTC)
NOVEMBER = date(2026, 11, 1)


async def measured(database: Database) -> dict[str, int]:
    """The catalogue with three check-ins' values: DINKES's posyandu in October and November,
    DISDIK's school in November. The OPDs' ids by code, and its coordinator's telegram id."""
    seeded = await seed_catalogue(database)
    posyandu, sekolah = seeded.approved[0], seeded.approved[1]
    async with database.transaction() as session:
        codes = dict((await session.execute(select(BenefitMeasure.code, BenefitMeasure.id))).all())
        answered = [
            (posyandu, 1, datetime(2026, 10, 10, tzinfo=UTC),
             {"waktu_hemat": 15, "biaya_hemat": 1_500_000}),
            (posyandu, 2, datetime(2026, 11, 10, tzinfo=UTC),
             {"waktu_hemat": 20, "biaya_hemat": 500_000}),
            (sekolah, 1, datetime(2026, 11, 12, tzinfo=UTC),
             {"waktu_hemat": 5, "pendapatan": 2_000_000}),
        ]  # fmt: skip
        for innovation_id, round_, when, values in answered:
            checkin = Checkin(innovation_id=innovation_id, round=round_, status="answered",
                              answer="running", asked_at=when, answered_at=when)  # fmt: skip
            session.add(checkin)
            await session.flush()
            session.add_all(
                CheckinMeasure(checkin_id=checkin.id, measure_id=codes[code], value=value)
                for code, value in values.items()
            )
        opds = await session.execute(select(Opd.code, Opd.id))
        owners = await session.execute(
            select(Innovation.id, Innovation.opd_id).where(Innovation.id.in_([posyandu, sekolah]))
        )
        ids = dict(opds.all())
        assert dict(owners.all()) == {posyandu: ids["DINKES"], sekolah: ids["DISDIK"]}
    return ids | {"coordinator": seeded.coordinator_telegram_id}


async def test_the_leaders_report_shows_the_benefit_totals(database: Database) -> None:
    ids = await measured(database)
    async with database.reading() as session:
        report = await build_leaders(session, NOVEMBER, NOW, NOW.date())
    assert [(t.measure.code, t.total, t.within, t.checkins) for t in report.benefits] == [
        ("waktu_hemat", 40, 25, 3), ("biaya_hemat", 2_000_000, 500_000, 2),
        ("pendapatan", 2_000_000, 2_000_000, 1),
    ]  # fmt: skip
    texts = Catalog()
    text = render_leaders(texts, "id", report)
    assert (
        "📈 Manfaat tercatat (tambahan November 2026 dalam kurung): Waktu layanan yang dihemat "
        "40 menit per layanan (+25) · Biaya yang dihemat 2.000.000 rupiah (+500.000) · "
        "Pendapatan daerah 2.000.000 rupiah (+2.000.000)"
    ) in text.splitlines()
    assert len(text) < 1000
    assert (
        "📈 Benefits recorded (November 2026's part in brackets): Service time saved 40 minutes "
        "per service (+25) · Costs saved 2,000,000 rupiah (+500,000) · Regional revenue "
        "2,000,000 rupiah (+2,000,000)"
    ) in render_leaders(texts, "en", report).splitlines()
    dinkes, disdik = (report.line_of(ids[code]) for code in ("DINKES", "DISDIK"))
    assert dinkes is not None and disdik is not None
    assert (
        "📈 Manfaat tercatat (tambahan November 2026 dalam kurung): Waktu layanan yang dihemat "
        "35 menit per layanan (+20) · Biaya yang dihemat 2.000.000 rupiah (+500.000)"
    ) in render_opd(texts, "id", report, dinkes).splitlines()
    assert (
        "📈 Benefits recorded (November 2026's part in brackets): Service time saved 5 minutes "
        "per service (+5) · Regional revenue 2,000,000 rupiah (+2,000,000)"
    ) in render_opd(texts, "en", report, disdik).splitlines()
    bappeda = report.line_of(ids["BAPPEDA"])
    assert bappeda is not None and "📈" not in render_opd(texts, "id", report, bappeda)


async def test_no_benefit_line_before_any_value(database: Database) -> None:
    await seed_catalogue(database)
    async with database.reading() as session:
        report = await build_leaders(session, NOVEMBER, NOW, NOW.date())
    assert report.benefits == [] and "📈" not in render_leaders(Catalog(), "id", report)


def shown(html: str) -> dict[str, int]:
    """The benefits block's totals by measure code."""
    block = re.search(r'<section id="benefits">(.*?)</section>', html, re.S)
    assert block, "no benefits block"
    return {code: int(total) for code, total in re.findall(
        r'<tr data-measure="(\w+)">.*?data-total="(\d+)"', block.group(1))}  # fmt: skip


async def test_the_dashboard_shows_the_benefit_totals(
    settings: Settings, database: Database, clock
) -> None:
    ids = await measured(database)
    async with database.reading() as session:
        codes = {m_id: code for code, m_id in await session.execute(
            select(BenefitMeasure.code, BenefitMeasure.id))}  # fmt: skip
        per_opd = await benefit_totals(session, "opd")
    regency: dict[str, int] = {}
    for total in per_opd:
        regency[codes[total.measure_id]] = regency.get(codes[total.measure_id], 0) + total.total
    assert regency == {"waktu_hemat": 40, "biaya_hemat": 2_000_000, "pendapatan": 2_000_000}
    async with dashboard_client(settings, database, clock) as client:
        home = (await client.get("/")).text
        assert shown(home) == regency
        assert "2.000.000 rupiah" in home and "dari 3 pemantauan" in home
        for code in ("DINKES", "DISDIK", "BAPPEDA"):
            own = {codes[t.measure_id]: t.total for t in per_opd if t.key == ids[code]}
            page = (await client.get(f"/opd/{ids[code]}")).text
            assert shown(page) == own, code
            if not own:
                assert "Belum ada nilai manfaat yang tercatat." in page
        assert shown((await client.get(f"/opd/{ids['DINKES']}")).text) == {
            "waktu_hemat": 35, "biaya_hemat": 2_000_000,
        }  # fmt: skip
        query = login_query(settings, ids["coordinator"], int(clock.now().timestamp()))
        assert (await client.get(f"/masuk?{query}")).status_code == 303
        assert shown((await client.get("/koordinator")).text) == regency
        assert shown((await client.get(f"/koordinator/opd/{ids['DISDIK']}")).text) == {
            "waktu_hemat": 5, "pendapatan": 2_000_000,
        }  # fmt: skip
        english = (await client.get("/?lang=en")).text
        assert "Benefits recorded" in english and "2,000,000 rupiah" in english
