"""The leaders' report as a printable page over HTTP: its numbers are build_leaders' on the
seeded catalogue, the month asked for (strictly parsed) or the one the monthly round reports
on, only behind a coordinator's login, the OPDs' names escaped, the ranking cut at fifteen, in a
fixed number of statements."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime

import httpx

from bot.core.settings import Settings
from bot.monitoring.checkins import Freshness
from bot.reporting.leaders import build_leaders
from storage.database import Database
from storage.models import Checkin, Evaluation, Innovation, Opd, Status
from tests.support.catalogue import Seeded, seed_catalogue
from tests.support.plan_catalogue import seed_plans
from tests.support.sql import counting
from tests.support.web import SECURITY_HEADERS, dashboard_client, login_query, number

OCTOBER = date(2026, 10, 1)  # the month before the test clock's (2 November 2026)
BAD_MONTHS = ("2026-13", "2026-00", "2026-1", "26-10", "2026-10x", " 2026-10", "2026/10",
              "２０２６-10", "2026-12", "2027-01", "1999-12", "")  # fmt: skip


async def logged_in(client: httpx.AsyncClient, settings: Settings, seeded: Seeded, clock) -> None:
    query = login_query(settings, seeded.coordinator_telegram_id, int(clock.now().timestamp()))
    assert (await client.get(f"/masuk?{query}")).status_code == 303


def cells(html: str, table: str, key: str) -> dict[str, int]:
    """A figures table's numbers by each row's `data-{key}` (or its heading)."""
    found = re.search(rf'<table class="figures" id="{table}">(.*?)</table>', html, re.S)
    assert found, table
    rows = re.findall(rf'<tr(?: data-{key}="([^"]+)")?><th scope="row">([^<]*)</th>'
                      r'<td class="num">(\d+)</td></tr>', found.group(1))  # fmt: skip
    return {attribute or heading: int(count) for attribute, heading, count in rows}


def ranking(html: str) -> list[tuple[str, str, dict[str, str]]]:
    rows = []
    for code, rank, name, body in re.findall(
        r'<tr data-opd="([^"]+)"><td class="num">(\d+)</td><th scope="row">([^<]*)</th>(.*?)</tr>',
        html,
    ):
        rows.append((code, f"{rank}. {name}", dict(re.findall(
            r'<td class="num" data-col="(\w+)">([^<]*)</td>', body))))  # fmt: skip
    return rows


async def seed_report(database: Database) -> Seeded:
    """The catalogue and its plans; one innovation approved in October, one in September; one
    confirmed running, one stopped."""
    seeded = await seed_catalogue(database)
    await seed_plans(database, seeded)
    async with database.transaction() as session:
        session.add_all([
            Evaluation(innovation_id=seeded.approved[0], verdict="approved",
                       created_at=datetime(2026, 10, 5, tzinfo=UTC)),
            Evaluation(innovation_id=seeded.approved[1], verdict="approved",
                       created_at=datetime(2026, 9, 5, tzinfo=UTC)),
            Checkin(innovation_id=seeded.approved[0], round=1, status="answered",
                    answer="running", asked_at=datetime(2026, 10, 27, tzinfo=UTC),
                    answered_at=datetime(2026, 10, 28, tzinfo=UTC)),
            Checkin(innovation_id=seeded.approved[3], round=1, status="answered",
                    answer="stopped", asked_at=datetime(2026, 10, 27, tzinfo=UTC),
                    answered_at=datetime(2026, 10, 28, tzinfo=UTC)),
        ])  # fmt: skip
    return seeded


async def test_the_report_page_shows_build_leaders_numbers(
    settings: Settings, database: Database, clock
) -> None:
    seeded = await seed_report(database)
    now = clock.now().astimezone(settings.tzinfo)
    async with database.reading() as session:
        report = await build_leaders(session, OCTOBER, now, now.date())
    async with dashboard_client(settings, database, clock) as client:
        await logged_in(client, settings, seeded, clock)
        page = await client.get("/koordinator/laporan")
        assert page.status_code == 200
        for header, value in SECURITY_HEADERS.items():
            assert page.headers[header] == value
        html = page.text
        assert 'data-month="2026-10"' in html and "Laporan pimpinan — Oktober 2026" in html
        assert number(html, "report-approved") == report.approved == 5
        assert number(html, "report-new") == report.new_approved == 1
        assert number(html, "report-opds") == len(report.ranked) == 2
        assert cells(html, "report-freshness", "state") == {
            str(state): report.freshness.counts[state] for state in Freshness
        }
        assert cells(html, "report-freshness", "state")["active"] == 1
        assert cells(html, "report-pillars", "none") == dict(report.pillars)
        stages = cells(html, "report-stages", "stage")
        assert {k: v for k, v in stages.items() if v} == report.stages
        assert ranking(html) == [
            (line.code, f"{line.rank}. {line.name}", {
                "approved": str(line.approved), "pillars": f"{line.pillars}/6",
                "alive": f"{line.alive_share}%",
                "plan": f"{line.plan_done}/{line.plan_total}" if line.plan_total else "–",
            })
            for line in report.ranked
        ]  # fmt: skip
        assert [line.code for line in report.without] == ["BAPPEDA"]
        assert '<span data-opd="BAPPEDA">Badan Perencanaan Pembangunan Daerah</span>' in html
        assert 'id="report-more"' not in html
        # The chart: the leaders' picture, served to a coordinator for the same month.
        src = re.search(r'<img id="report-chart" src="([^"]+)"', html)
        assert src and src.group(1) == "/koordinator/laporan/grafik.png?bulan=2026-10&amp;lang=id"
        chart = await client.get("/koordinator/laporan/grafik.png?bulan=2026-10&lang=id")
        assert chart.status_code == 200 and chart.headers["content-type"] == "image/png"
        assert chart.content.startswith(b"\x89PNG")
        assert "<script" not in html and " style=" not in html and "onclick" not in html
        # Linked from the coordinators' nav and home.
        home = (await client.get("/koordinator")).text
        assert 'id="report-link" href="/koordinator/laporan"' in home
        assert '<a href="/koordinator/laporan">' in home
        english = (await client.get("/koordinator/laporan?lang=en")).text
        assert "Leaders' report — October 2026" in english and "and 5 more" not in english


async def test_the_month_asked_for_and_a_bad_one(
    settings: Settings, database: Database, clock
) -> None:
    seeded = await seed_report(database)
    async with dashboard_client(settings, database, clock) as client:
        await logged_in(client, settings, seeded, clock)
        september = (await client.get("/koordinator/laporan?bulan=2026-09")).text
        assert 'data-month="2026-09"' in september and "September 2026" in september
        assert number(september, "report-new") == 1 and number(september, "report-approved") == 5
        assert 'id="report-next" href="/koordinator/laporan?bulan=2026-10"' in september
        # This month so far is a month too; the next one is not linked.
        november = (await client.get("/koordinator/laporan?bulan=2026-11")).text
        assert number(november, "report-new") == 0 and 'id="report-next"' not in november
        assert 'id="report-previous" href="/koordinator/laporan?bulan=2026-10"' in november
        for bad in BAD_MONTHS:
            for path in ("/koordinator/laporan", "/koordinator/laporan/grafik.png"):
                answer = await client.get(path, params={"bulan": bad})
                assert answer.status_code == 404, (path, bad)


async def test_only_a_coordinator_sees_the_report(
    settings: Settings, database: Database, clock
) -> None:
    seeded = await seed_report(database)
    async with dashboard_client(settings, database, clock) as client:
        for path in ("/koordinator/laporan", "/koordinator/laporan/grafik.png",
                     "/koordinator/laporan?bulan=2026-10"):  # fmt: skip
            answer = await client.get(path)
            assert answer.status_code == 403 and "Silakan masuk" in answer.text
            assert "Dinas Kesehatan" not in answer.text
        # A staff member's login is no coordinator's.
        query = login_query(settings, seeded.staff_telegram_id, int(clock.now().timestamp()))
        assert (await client.get(f"/masuk?{query}")).status_code == 403
        assert (await client.get("/koordinator/laporan")).status_code == 403
        assert 'href="/koordinator/laporan"' not in (await client.get("/")).text


async def test_the_ranking_is_cut_at_fifteen_and_names_are_escaped(
    settings: Settings, database: Database, clock
) -> None:
    seeded = await seed_report(database)
    async with dashboard_client(settings, database, clock) as client:
        await logged_in(client, settings, seeded, clock)
        with counting(database) as counted:
            assert (await client.get("/koordinator/laporan")).status_code == 200
        few = len(counted.statements)
        async with database.transaction() as session:
            for index in range(18):
                opd = Opd(code=f"KEC{index:02d}", name=f'Kecamatan <b>{index:02d}</b> & "Desa"')
                session.add(opd)
                await session.flush()
                session.add(Innovation(opd_id=opd.id, title=f"Inovasi {index}",
                                       status=Status.APPROVED, attachments=[]))  # fmt: skip
        with counting(database) as counted:
            html = (await client.get("/koordinator/laporan")).text
        assert len(counted.statements) == few  # whatever the number of OPDs
        rows = ranking(html)
        assert len(rows) == 15 and [code for code, *_ in rows[:2]] == ["DINKES", "DISDIK"]
        assert number(html, "report-opds") == 20
        assert '<p id="report-more">dan 5 OPD lainnya</p>' in html
        assert "<b>" not in html
        assert "Kecamatan &lt;b&gt;00&lt;/b&gt; &amp; &#34;Desa&#34;" in html
