"""Which OPDs innovate, on the dashboard over HTTP: the OPDs' ranking (its order and numbers, a
fixed number of statements), one OPD's page public and the coordinators', strict ids, a stopped
innovation never counted active nor a quick win, titles and names escaped."""

from __future__ import annotations

import re
from datetime import timedelta

import httpx
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from bot.core.settings import Settings
from storage.database import Database
from storage.models import Checkin, CheckinAnswer, CheckinStatus, Innovation, Opd, Pillar, Status
from tests.support.catalogue import Seeded, seed_catalogue
from tests.support.plan_catalogue import seed_plans
from tests.support.sql import counting
from tests.support.web import SECURITY_HEADERS, dashboard_client, login_query, number

COLUMNS = ("approved", "pillars", "alive")


def ranking(html: str) -> list[tuple[str, dict[str, str]]]:
    """The ranking's rows: each OPD's code and its cells by column."""
    rows = []
    for code, cells in re.findall(r'<tr data-opd="([^"]+)"[^>]*>(.*?)</tr>', html, re.S):
        found = dict(re.findall(r'<td class="num" data-col="(\w+)"[^>]*>([^<]*)</td>', cells))
        rows.append((code, found))
    return rows


async def logged_in(client: httpx.AsyncClient, settings: Settings, seeded: Seeded, clock) -> None:
    query = login_query(settings, seeded.coordinator_telegram_id, int(clock.now().timestamp()))
    assert (await client.get(f"/masuk?{query}")).status_code == 303


async def opd_ids(database: Database) -> dict[str, int]:
    async with database.reading() as session:
        return {code: opd_id for opd_id, code in await session.execute(select(Opd.id, Opd.code))}


async def checked_in(database: Database, clock, answers: dict[int, str]) -> None:
    """Each innovation's check-in answered, a week ago, as `answers` says."""
    when = clock.now() - timedelta(days=7)
    async with database.transaction() as session:
        for innovation_id, answer in answers.items():
            session.add(Checkin(
                innovation_id=innovation_id, round=1, status=CheckinStatus.ANSWERED,
                asked_at=when - timedelta(days=1), answer=answer, answered_at=when,
            ))  # fmt: skip


async def test_the_ranking_orders_the_opds_and_counts_a_stopped_one_out(
    settings: Settings, database: Database, clock
) -> None:
    """DINKES: three approved, two active; of its quick wins (pillars 0 and 3; 3 and 4) the second
    stopped: pillars 0 and 3 covered. DISDIK: two approved, both active, a quick win (pillar 3)."""
    seeded = await seed_catalogue(database)
    posyandu, sekolah, rapor, ambulans, gizi = seeded.approved
    await checked_in(database, clock, {
        posyandu: CheckinAnswer.RUNNING, gizi: CheckinAnswer.DEVELOPING,
        ambulans: CheckinAnswer.STOPPED, sekolah: CheckinAnswer.RUNNING,
        rapor: CheckinAnswer.RUNNING,
    })  # fmt: skip
    ids = await opd_ids(database)
    async with dashboard_client(settings, database, clock) as client:
        page = await client.get("/opd")
        assert page.status_code == 200
        # Diskominfo is not expected to submit: not ranked. BAPPEDA has nothing approved: last.
        assert ranking(page.text) == [
            ("DINKES", {"approved": "3", "pillars": "2/6", "alive": "67%"}),
            ("DISDIK", {"approved": "2", "pillars": "1/6", "alive": "100%"}),
            ("BAPPEDA", {"approved": "belum ada"}),
        ]
        for code in ("DINKES", "DISDIK", "BAPPEDA"):
            assert f'href="/opd/{ids[code]}"' in page.text
        assert "DISKOMINFOSANDITIK" not in page.text and "Rencana aksi" not in page.text
        assert "none yet" in (await client.get("/opd?lang=en")).text
        # The overview: the most active OPDs, the ranking linked; the nav links it too.
        home = (await client.get("/")).text
        leaders = re.search(r'<section id="leaders">(.*?)</section>', home, re.S)
        assert leaders is not None
        assert re.findall(r'<a href="/opd/(\d+)">', leaders.group(1)) == [
            str(ids["DINKES"]),
            str(ids["DISDIK"]),
        ]
        assert 'id="leaders-more" href="/opd"' in home and '<a href="/opd">' in home
        # A stopped quick win is not one on the overview either: three, less the stopped one.
        assert number(home, "quick-wins") == 2


async def test_the_ranking_breaks_ties_by_pillars_then_share_alive(
    settings: Settings, database: Database, clock
) -> None:
    """DISDIK gets a third approved innovation: level with DINKES (three), ranked after it for its
    fewer quick-win pillars although more of its innovations are active; level on pillars too,
    ranked first for its share alive."""
    seeded = await seed_catalogue(database)
    ids = await opd_ids(database)
    async with database.transaction() as session:
        session.add(Innovation(opd_id=ids["DISDIK"], title="Perpustakaan Keliling",
                               status=Status.APPROVED, attachments=[]))  # fmt: skip
    await checked_in(database, clock, {seeded.approved[1]: CheckinAnswer.RUNNING})
    async with dashboard_client(settings, database, clock) as client:
        rows = ranking((await client.get("/opd")).text)
        assert [code for code, _ in rows] == ["DINKES", "DISDIK", "BAPPEDA"]
        assert rows[0][1] == {"approved": "3", "pillars": "3/6", "alive": "0%"}
        assert rows[1][1] == {"approved": "3", "pillars": "1/6", "alive": "33%"}
        # Its new one a quick win on pillars 0 and 4: level on pillars too, more of it alive.
        async with database.transaction() as session:
            pillars = list(await session.scalars(select(Pillar).order_by(Pillar.position)))
            added = await session.scalar(
                select(Innovation)
                .where(Innovation.title == "Perpustakaan Keliling")
                .options(selectinload(Innovation.pillars))
            )
            assert added is not None
            added.quick_win = True
            added.pillars = [pillars[0], pillars[4]]
        rows = ranking((await client.get("/opd")).text)
        assert [code for code, _ in rows] == ["DISDIK", "DINKES", "BAPPEDA"]
        assert rows[0][1] == {"approved": "3", "pillars": "3/6", "alive": "33%"}


async def test_the_ranking_is_a_fixed_number_of_statements(
    settings: Settings, database: Database, clock
) -> None:
    seeded = await seed_catalogue(database)
    await seed_plans(database, seeded)
    async with dashboard_client(settings, database, clock) as client:
        with counting(database) as counted:
            public = await client.get("/opd")
        assert public.status_code == 200
        assert {name: public.headers.get(name) for name in SECURITY_HEADERS} == SECURITY_HEADERS
        assert "<script" not in public.text and "style=" not in public.text
        before = len(counted.statements)
        dinkes = (await opd_ids(database))["DINKES"]
        with counting(database) as counted:
            assert (await client.get(f"/opd/{dinkes}")).status_code == 200
        one_opd = len(counted.statements)
        await logged_in(client, settings, seeded, clock)
        with counting(database) as counted:
            assert (await client.get(f"/koordinator/opd/{dinkes}")).status_code == 200
        one_opd_coordinators = len(counted.statements)
        with counting(database) as counted:
            assert (await client.get("/koordinator/opd")).status_code == 200
        coordinators = len(counted.statements)
        # Many more OPDs, each with an approved innovation and a check-in.
        async with database.transaction() as session:
            for number_ in range(12):
                opd = Opd(code=f"KEC{number_:02d}", name=f"Kecamatan {number_}")
                session.add(opd)
                await session.flush()
                innovation = Innovation(opd_id=opd.id, title=f"Layanan {number_}", quick_win=True,
                                        status=Status.APPROVED, attachments=[])  # fmt: skip
                session.add(innovation)
                await session.flush()
                session.add(Checkin(innovation_id=innovation.id, round=1,
                                    status=CheckinStatus.OPEN, asked_at=clock.now()))  # fmt: skip
            for number_ in range(6):  # and DINKES many more, checked in
                innovation = Innovation(opd_id=dinkes, title=f"Klinik {number_}", quick_win=True,
                                        status=Status.APPROVED, attachments=[])  # fmt: skip
                session.add(innovation)
                await session.flush()
                session.add(Checkin(innovation_id=innovation.id, round=1,
                                    status=CheckinStatus.OPEN, asked_at=clock.now()))  # fmt: skip
        await seed_plans(database, seeded)
        with counting(database) as counted:
            assert "Klinik 5" in (await client.get(f"/koordinator/opd/{dinkes}")).text
        assert len(counted.statements) == one_opd_coordinators
        with counting(database) as counted:
            page = await client.get("/koordinator/opd")
        assert len(counted.statements) == coordinators
        assert "Kecamatan 11" in page.text
        client.cookies.clear()
        with counting(database) as counted:
            await client.get("/opd")
        assert len(counted.statements) == before
        with counting(database) as counted:
            await client.get(f"/opd/{dinkes}")
        assert len(counted.statements) == one_opd


async def test_the_coordinators_ranking_shows_the_plans_progress(
    settings: Settings, database: Database, clock
) -> None:
    seeded = await seed_catalogue(database)
    plans = await seed_plans(database, seeded)
    async with dashboard_client(settings, database, clock) as client:
        await logged_in(client, settings, seeded, clock)
        page = (await client.get("/koordinator/opd")).text
        rows = dict(ranking(page))
        assert rows["DINKES"]["plan"] == "1/4" and rows["DISDIK"]["plan"] == "1/4"
        assert rows["BAPPEDA"]["plan"] == "0/3"
        assert f'href="/koordinator/opd/{plans.opd_ids["DINKES"]}"' in page
        assert '<a href="/koordinator/opd">' in page  # in the nav
        home = (await client.get("/koordinator")).text
        assert f'<a href="/koordinator/opd/{plans.opd_ids["DINKES"]}">' in home


async def test_an_opds_public_page(settings: Settings, database: Database, clock) -> None:
    seeded = await seed_catalogue(database)
    posyandu, _sekolah, _rapor, ambulans, _gizi = seeded.approved
    await checked_in(
        database, clock, {posyandu: CheckinAnswer.RUNNING, ambulans: CheckinAnswer.STOPPED}
    )
    ids = await opd_ids(database)
    async with database.transaction() as session:
        dinkes = await session.get(Opd, ids["DINKES"])
        assert dinkes is not None
        dinkes.name = "Dinas <Kesehatan> & KB"
    async with dashboard_client(settings, database, clock) as client:
        page = await client.get(f"/opd/{ids['DINKES']}")
        assert page.status_code == 200
        html = page.text
        assert "Dinas &lt;Kesehatan&gt; &amp; KB" in html and "<Kesehatan>" not in html
        assert "Ambulans Desa &lt;Siaga&gt; &amp; Cepat" in html and "<Siaga>" not in html
        assert number(html, "opd-approved") == 3
        assert number(html, "opd-active") == 1
        # Posyandu (pillars 0 and 3) is the only quick win left: the stopped one's 4 is not.
        assert number(html, "opd-pillars") == 2
        states = dict(re.findall(r'data-innovation="(\d+)" data-state="(\w+)"', html))
        assert states[str(ambulans)] == "stopped" and states[str(posyandu)] == "active"
        assert f'href="/inovasi/{ambulans}"' in html and f'href="/inovasi/{posyandu}"' in html
        assert "Rahasia" not in html and "draf" not in html and 'id="opd-checkins"' not in html
        # BAPPEDA: nothing approved (its others are not the public's): an empty state.
        bappeda = await client.get(f"/opd/{ids['BAPPEDA']}")
        assert bappeda.status_code == 200
        assert "OPD ini belum punya inovasi yang disetujui." in bappeda.text
        assert "Rahasia" not in bappeda.text
        # An inactive OPD still shows.
        async with database.transaction() as session:
            disdik = await session.get(Opd, ids["DISDIK"])
            assert disdik is not None
            disdik.active = False
        inactive = await client.get(f"/opd/{ids['DISDIK']}")
        assert inactive.status_code == 200 and "OPD tidak aktif" in inactive.text
        assert "Rapor Daring" in inactive.text
        assert "Dinas Pendidikan" not in (await client.get("/opd")).text


async def test_a_bad_or_unknown_opd_is_a_404(settings: Settings, database: Database, clock) -> None:
    seeded = await seed_catalogue(database)
    async with dashboard_client(settings, database, clock) as client:
        await logged_in(client, settings, seeded, clock)
        for odd in ("abc", "0", "-1", "99999999", "9" * 5000, "%C2%B2", "%D9%A3", "1_0", "+1",
                    "1.0", "%20"):  # fmt: skip
            for prefix in ("/opd", "/koordinator/opd"):
                page = await client.get(f"{prefix}/{odd}")
                assert page.status_code == 404, (prefix, odd)
                assert "Halaman tidak ditemukan" in page.text
                assert "Traceback" not in page.text


async def test_an_opds_coordinators_page(settings: Settings, database: Database, clock) -> None:
    seeded = await seed_catalogue(database)
    plans = await seed_plans(database, seeded)
    await checked_in(database, clock, {seeded.approved[3]: CheckinAnswer.STOPPED})
    bappeda = plans.opd_ids["BAPPEDA"]
    async with database.transaction() as session:
        session.add(Checkin(innovation_id=seeded.approved[0], round=2, status=CheckinStatus.OPEN,
                            asked_at=clock.now() - timedelta(days=2)))  # fmt: skip
    async with dashboard_client(settings, database, clock) as client:
        for path in (f"/koordinator/opd/{bappeda}", "/koordinator/opd"):
            assert (await client.get(path)).status_code == 403, path
        await logged_in(client, settings, seeded, clock)
        html = (await client.get(f"/koordinator/opd/{bappeda}")).text
        assert number(html, "opd-drafts") == 1
        assert number(html, "opd-waiting") == 2  # submitted and in review
        assert number(html, "opd-approved") == 0
        assert f'href="/koordinator/rencana/{bappeda}"' in html
        assert "Belum ada pemantauan." in html
        dinkes = (await client.get(f"/koordinator/opd/{plans.opd_ids['DINKES']}")).text
        checkins = re.search(r'<section id="opd-checkins">(.*?)</section>', dinkes, re.S)
        assert checkins is not None
        rows = re.findall(r"<tr data-checkin.*?</tr>", checkins.group(1), re.S)
        assert len(rows) == 2
        assert "31 Oktober 2026" in rows[0] and "menunggu jawaban" in rows[0]
        assert "26 Oktober 2026" in rows[1] and "Berhenti" in rows[1]
        assert "Ambulans Desa &lt;Siaga&gt; &amp; Cepat" in rows[1]
        assert f'href="/koordinator/inovasi/{seeded.approved[3]}"' in dinkes
        assert "Terlambat: 2" in dinkes  # the plan's summary
        english = await client.get(f"/koordinator/opd/{plans.opd_ids['DINKES']}?lang=en")
        assert "awaiting an answer" in english.text and "Latest check-ins" in english.text


async def test_the_public_opd_pages_are_off_with_the_public_pages(
    settings: Settings, database: Database, clock
) -> None:
    await seed_catalogue(database)
    ids = await opd_ids(database)
    async with dashboard_client(settings, database, clock, public=False) as client:
        assert (await client.get("/opd")).status_code == 404
        assert (await client.get(f"/opd/{ids['DINKES']}")).status_code == 404
