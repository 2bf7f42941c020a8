"""The coordinators' page of the OPDs' action plans on the dashboard, over HTTP: the OPDs
behind their plan first with their counts, one OPD's entries, strict ids, the empty state, and
nothing of it without a coordinator's session."""

from __future__ import annotations

import re
from datetime import UTC, datetime

import httpx
from sqlalchemy import select

from bot.core.settings import Settings
from storage.database import Database
from storage.models import Opd
from tests.support.catalogue import Seeded, seed_catalogue
from tests.support.plan_catalogue import seed_plans
from tests.support.sql import counting
from tests.support.web import SECURITY_HEADERS, dashboard_client, login_query, number

COLUMNS = ("total", "done", "on_track", "due_soon", "late", "worst")


def table(html: str) -> list[tuple[str, dict[str, str]]]:
    """The plans' table: each row's OPD code and its cells by column."""
    rows = []
    for code, cells in re.findall(r'<tr data-opd="([^"]+)"[^>]*>(.*?)</tr>', html, re.S):
        found = dict(re.findall(r'<td class="num" data-col="(\w+)">([^<]*)</td>', cells))
        assert tuple(found) == COLUMNS, found
        rows.append((code, found))
    return rows


async def logged_in(client: httpx.AsyncClient, settings: Settings, seeded: Seeded, clock) -> None:
    query = login_query(settings, seeded.coordinator_telegram_id, int(clock.now().timestamp()))
    assert (await client.get(f"/masuk?{query}")).status_code == 303


async def test_the_opds_behind_their_plan_come_first_with_their_counts(
    settings: Settings, database: Database, clock
) -> None:
    seeded = await seed_catalogue(database)
    plans = await seed_plans(database, seeded)
    async with dashboard_client(settings, database, clock) as client:
        await logged_in(client, settings, seeded, clock)
        home = (await client.get("/koordinator")).text
        assert 'href="/koordinator/rencana"' in home  # in the nav and the home's links
        page = await client.get("/koordinator/rencana")
        assert page.status_code == 200
        assert page.headers["content-type"].startswith("text/html")
        # Not alphabetical (Badan…, Dinas Kesehatan, Dinas Pendidikan): the most late first.
        assert table(page.text) == [
            ("DINKES", dict(zip(COLUMNS, ["4", "1", "1", "0", "2", "3 bulan"], strict=True))),
            ("DISDIK", dict(zip(COLUMNS, ["4", "1", "0", "2", "1", "1 bulan"], strict=True))),
            ("BAPPEDA", dict(zip(COLUMNS, ["3", "0", "2", "1", "0", "–"], strict=True))),
        ]
        assert number(page.text, "plan-total") == 11
        assert number(page.text, "plan-late") == 3
        assert number(page.text, "plan-due_soon") == 3
        assert number(page.text, "plan-on_track") == 3
        assert number(page.text, "plan-done") == 2
        assert number(page.text, "plan-opds-late") == 2
        assert "per 2 November 2026" in page.text  # the day the states are reckoned on
        assert page.text.count('class="behind"') == 2
        for code in ("DINKES", "DISDIK", "BAPPEDA"):
            assert f'href="/koordinator/rencana/{plans.opd_ids[code]}"' in page.text
        english = (await client.get("/koordinator/rencana?lang=en")).text
        assert "Most months late" in english and "3 months" in english and "1 month<" in english
        assert "Due soon" in english and "as of 2 November 2026" in english


async def test_one_opds_entries(settings: Settings, database: Database, clock) -> None:
    seeded = await seed_catalogue(database)
    plans = await seed_plans(database, seeded)
    async with dashboard_client(settings, database, clock) as client:
        await logged_in(client, settings, seeded, clock)
        page = await client.get(f"/koordinator/rencana/{plans.opd_ids['DINKES']}")
        assert page.status_code == 200
        html = page.text
        assert "Rencana aksi Dinas Kesehatan" in html
        states = re.findall(r'<tr data-state="(\w+)">', html)
        assert states == ["done", "late", "late", "on_track"]  # by target month
        telemedicine = re.search(r'<tr data-state="late"><td>Telemedisin Puskesmas</td>(.*?)</tr>',
                                 html, re.S)  # fmt: skip
        assert telemedicine is not None
        row = telemedicine.group(1)
        assert "Uji coba" in row and "Agustus 2026" in row and "Terlambat" in row
        assert "3 bulan" in row and "Belum ditautkan" in row
        # The linked innovation leads to its coordinators' page.
        assert f'<a href="/koordinator/inovasi/{seeded.approved[0]}">' in html
        assert f'<a href="/koordinator/inovasi/{seeded.approved[3]}">' in html
        assert "Posyandu Digital Sumedang" in html
        # Titles are text, never markup: an entry's and a linked innovation's.
        assert "Ambulans Desa &lt;Siaga&gt; &amp; Cepat" in html and "<Siaga>" not in html
        bappeda = (await client.get(f"/koordinator/rencana/{plans.opd_ids['BAPPEDA']}")).text
        assert "Peta &lt;Rawan&gt; &amp; Bencana" in bappeda and "<Rawan>" not in bappeda
        assert f'href="/koordinator/inovasi/{seeded.others["submitted"]}"' in bappeda
        english = await client.get(f"/koordinator/rencana/{plans.opd_ids['DINKES']}?lang=en")
        assert "August 2026" in english.text and "Late" in english.text
        assert "Trial" in english.text and "3 months" in english.text
        # An OPD without a plan: its page says so.
        async with database.reading() as session:
            kominfo = await session.scalar(select(Opd.id).where(Opd.code == "DISKOMINFOSANDITIK"))
        empty = await client.get(f"/koordinator/rencana/{kominfo}?lang=id")
        assert empty.status_code == 200 and "OPD ini belum punya rencana aksi." in empty.text


async def test_a_bad_or_unknown_opd_is_a_404(settings: Settings, database: Database, clock) -> None:
    seeded = await seed_catalogue(database)
    await seed_plans(database, seeded)
    async with dashboard_client(settings, database, clock) as client:
        await logged_in(client, settings, seeded, clock)
        for odd in ("abc", "0", "-1", "99999999", "9" * 5000, "%C2%B2", "%D9%A3", "1_0", "+1",
                    "1.0", "%20"):  # fmt: skip
            page = await client.get(f"/koordinator/rencana/{odd}")
            assert page.status_code == 404, odd
            assert "Halaman tidak ditemukan" in page.text, odd
            assert "Traceback" not in page.text and "kendala" not in page.text, odd


async def test_the_empty_state_says_how_a_plan_is_loaded(
    settings: Settings, database: Database, clock
) -> None:
    seeded = await seed_catalogue(database)
    async with dashboard_client(settings, database, clock) as client:
        await logged_in(client, settings, seeded, clock)
        page = (await client.get("/koordinator/rencana")).text
        assert "Belum ada rencana aksi." in page
        assert "/impor" in page and "inovasi-bot plan import" in page
        assert 'id="plans"' not in page
        assert "inovasi-bot plan import" in (await client.get("/koordinator/rencana?lang=en")).text


async def test_no_plan_without_a_coordinators_session(
    settings: Settings, database: Database, clock
) -> None:
    seeded = await seed_catalogue(database)
    plans = await seed_plans(database, seeded)
    opd = plans.opd_ids["DINKES"]
    for public in (True, False):
        async with dashboard_client(settings, database, clock, public=public) as client:
            for path in ("/koordinator/rencana", f"/koordinator/rencana/{opd}",
                         "/koordinator/rencana/abc"):  # fmt: skip
                page = await client.get(path)
                assert page.status_code == 403, path
                assert "Silakan masuk" in page.text
                assert "Telemedisin" not in page.text and 'id="plans"' not in page.text
            # The public pages show nothing of the plans, not even the link.
            for path in ("/", "/inovasi", "/koordinator"):
                shown = (await client.get(path)).text
                assert "/koordinator/rencana" not in shown and "Rencana aksi" not in shown, path
            # A member who is not a coordinator is not let in.
            staff = login_query(settings, seeded.staff_telegram_id, int(clock.now().timestamp()))
            assert (await client.get(f"/masuk?{staff}")).status_code == 403
            assert (await client.get("/koordinator/rencana")).status_code == 403


async def test_the_plan_pages_carry_the_headers_and_a_fixed_number_of_statements(
    settings: Settings, database: Database, clock
) -> None:
    seeded = await seed_catalogue(database)
    plans = await seed_plans(database, seeded)
    paths = ("/koordinator/rencana", f"/koordinator/rencana/{plans.opd_ids['DISDIK']}")
    async with dashboard_client(settings, database, clock) as client:
        await logged_in(client, settings, seeded, clock)
        counts = {}
        for path in paths:
            with counting(database) as counted:
                response = await client.get(path)
            assert response.status_code == 200
            shown = {name: response.headers.get(name) for name in SECURITY_HEADERS}
            assert shown == SECURITY_HEADERS, path
            assert "<script" not in response.text and "style=" not in response.text
            counts[path] = len(counted.statements)
        await seed_plans(database, seeded)  # every entry again: twice as many
        for path, before in counts.items():
            with counting(database) as counted:
                await client.get(path)
            assert len(counted.statements) == before, path


async def test_the_states_are_reckoned_on_the_regencys_day(
    settings: Settings, database: Database, clock
) -> None:
    """Half past midnight on 1 November in Sumedang is still 31 October in UTC: an entry due in
    October is late already."""
    seeded = await seed_catalogue(database)
    plans = await seed_plans(database, seeded)
    clock.set(datetime(2026, 10, 31, 17, 30, tzinfo=UTC))
    async with dashboard_client(settings, database, clock) as client:
        await logged_in(client, settings, seeded, clock)
        page = (await client.get(f"/koordinator/rencana/{plans.opd_ids['DISDIK']}")).text
        assert re.search(r'<tr data-state="late"><td>Sekolah Sehat</td>', page)
        assert "per 1 November 2026" not in page  # the OPD's page names no day
        assert "per 1 November 2026" in (await client.get("/koordinator/rencana")).text
