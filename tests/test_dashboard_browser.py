"""The dashboard in a real browser (Debian's Chromium, driven by Playwright): every page loads,
its numbers are the database's, filters and search work, the login round-trip works and a
forged one does not, nothing is fetched from another host and the content security policy
blocks nothing the pages need; screenshots at phone and desktop
widths are written for people to look at (SCREENSHOTS=folder keeps them)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from playwright.async_api import Browser, async_playwright
from sqlalchemy import func, select

from bot.core.settings import Settings
from storage.database import Database
from storage.models import Attachment, Innovation, Status
from tests.support.browser import CHROMIUM, DESKTOP, HAVE_CHROMIUM, PHONE, open_page, screenshots
from tests.support.catalogue import seed_catalogue
from tests.support.plan_catalogue import seed_plans
from tests.support.web import login_query, served_dashboard


@pytest.fixture
async def browser() -> AsyncIterator[Browser]:
    assert HAVE_CHROMIUM, "Debian's chromium is needed: apt-get install -y chromium"
    async with async_playwright() as playwright:
        launched = await playwright.chromium.launch(
            executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"]
        )
        try:
            yield launched
        finally:
            await launched.close()


async def test_every_public_page_in_a_browser(
    browser: Browser, settings: Settings, database: Database, clock, tmp_path: Path, backend
) -> None:
    seeded = await seed_catalogue(database)
    async with database.reading() as session:
        approved = await session.scalar(
            select(func.count()).select_from(Innovation).where(Innovation.status == Status.APPROVED)
        )
    hosts: set[str] = set()
    errors: list[str] = []
    async with served_dashboard(settings, database, clock) as address:
        folder = screenshots(tmp_path)
        for name, viewport in (("phone", PHONE), ("desktop", DESKTOP)):
            page = await open_page(browser, viewport, hosts, errors)
            response = await page.goto(f"{address}/")
            assert response is not None
            assert "frame-ancestors 'none'" in response.headers["content-security-policy"]
            # The style sheet applied under the policy: the header is a flex row.
            assert await page.eval_on_selector(".top", "e => getComputedStyle(e).display") == "flex"
            assert await page.text_content("#total") == str(approved)
            assert await page.text_content("#opds-innovating") == "2"
            assert await page.locator("#coverage tr").count() == 1 + 2  # header, two OPDs
            assert "Rahasia" not in await page.content()
            await page.screenshot(
                path=str(folder / f"overview-{name}-{backend}.png"), full_page=True
            )
            if name == "phone":  # one column under 600 px
                boxes = [await s.bounding_box() for s in await page.locator(".chart").all()]
                assert len({round(box["x"]) for box in boxes if box}) == 1
            await page.close()
        page = await open_page(browser, DESKTOP, hosts, errors)
        await page.goto(f"{address}/inovasi")
        assert "5 inovasi ditemukan" in await page.text_content("#found")
        await page.fill("input[name=q]", "posyandu")
        await page.click("button[type=submit]")
        await page.wait_for_url("**q=posyandu**")
        assert "1 inovasi ditemukan" in await page.text_content("#found")
        await page.click("text=Posyandu Digital Sumedang")
        await page.wait_for_url(f"**/inovasi/{seeded.approved[0]}")
        assert "Masalah 0." in await page.content()
        await page.goto(f"{address}/inovasi")
        await page.select_option("select[name=opd]", "DISDIK")
        await page.click("button[type=submit]")
        await page.wait_for_url("**opd=DISDIK**")
        assert "2 inovasi ditemukan" in await page.text_content("#found")
        await page.screenshot(path=str(folder / f"list-desktop-{backend}.png"), full_page=True)
        await page.goto(f"{address}/inovasi/{seeded.others['submitted']}")
        assert "Halaman tidak ditemukan" in await page.content()
    assert hosts == {urlsplit(address).netloc}  # nothing from any other host
    assert errors == []  # nothing the policy refused


async def test_the_login_round_trip_in_a_browser(
    browser: Browser, settings: Settings, database: Database, clock, tmp_path: Path, backend
) -> None:
    seeded = await seed_catalogue(database)
    now = int(clock.now().timestamp())
    hosts: set[str] = set()
    errors: list[str] = []
    async with served_dashboard(settings, database, clock) as address:
        page = await open_page(browser, DESKTOP, hosts, errors)
        forged = login_query(settings, seeded.coordinator_telegram_id, now).replace(
            "hash=", "hash=0"
        )
        response = await page.goto(f"{address}/masuk?{forged}")
        assert response is not None and response.status == 403
        await page.goto(f"{address}/koordinator")
        assert "Silakan masuk" in await page.content()
        await page.goto(
            f"{address}/masuk?{login_query(settings, seeded.coordinator_telegram_id, now)}"
        )
        await page.wait_for_url("**/koordinator")
        assert "Masuk sebagai Budi Santoso" in await page.content()
        assert await page.text_content("#total") == "9"
        assert await page.text_content("#queue") == "2"
        await page.screenshot(path=str(screenshots(tmp_path) / f"coordinators-{backend}.png"),
                              full_page=True)  # fmt: skip
        cookies = await page.context.cookies()
        session = next(c for c in cookies if c["name"] == "inovasi_session")
        assert session["httpOnly"] and session["sameSite"] == "Lax"
        # An old link to /keluar logs nobody out: it shows the button, which does.
        await page.goto(f"{address}/keluar")
        assert "Tekan tombol Keluar" in await page.content()
        await page.goto(f"{address}/koordinator")
        assert "Masuk sebagai Budi Santoso" in await page.content()
        for name, viewport in (("phone", PHONE), ("desktop", DESKTOP)):
            await page.set_viewport_size(viewport)
            assert await page.locator("form.logout button").is_visible(), name
            await page.screenshot(path=str(screenshots(tmp_path) / f"logout-{name}-{backend}.png"))
        await page.click("form.logout button")  # the nav's Keluar: a POST with the token
        await page.wait_for_url(f"{address}/")
        await page.goto(f"{address}/koordinator")
        assert "Silakan masuk" in await page.content()
    assert hosts == {urlsplit(address).netloc}
    assert errors == []


async def test_a_coordinator_decides_a_waiting_file_on_a_phone(
    browser: Browser, settings: Settings, database: Database, clock, tmp_path: Path, backend
) -> None:
    """A file added after approval, on a 390-px phone: the coordinators' home lists it, the
    innovation's page shows ✅ / 🚫 without scrolling sideways (a long file name too), and ✅
    (a form posted with the session's token) makes it public."""
    seeded = await seed_catalogue(database)
    name = "Surat-Keputusan-Kepala-Dinas-Kesehatan-Kabupaten-Sumedang-Nomor-12-Tahun-2024.pdf"
    async with database.transaction() as session:
        waiting = Attachment(
            innovation_id=seeded.approved[0], kind="document", file_id="f-sk",
            file_unique_id="u-sk", mime_type="application/pdf", file_name=name,
            public_state="pending",
        )  # fmt: skip
        session.add(waiting)
        await session.flush()
        waiting_id = waiting.id
    now = int(clock.now().timestamp())
    hosts: set[str] = set()
    errors: list[str] = []
    async with served_dashboard(settings, database, clock) as address:
        page = await open_page(browser, PHONE, hosts, errors)
        await page.goto(
            f"{address}/masuk?{login_query(settings, seeded.coordinator_telegram_id, now)}"
        )
        await page.wait_for_url("**/koordinator")
        assert f"#{seeded.approved[0]}" in await page.text_content("#files-waiting")
        await page.click("#files-waiting a")
        await page.wait_for_url(f"**/koordinator/inovasi/{seeded.approved[0]}**")
        assert name in await page.text_content("#files-waiting")
        assert await page.locator("form.logout button").is_visible()  # Keluar on every page
        wide = await page.evaluate("document.documentElement.scrollWidth")
        assert wide <= PHONE["width"], f"the page is {wide} px wide on a 390-px phone"
        await page.screenshot(path=str(screenshots(tmp_path) / f"file-waiting-{backend}.png"),
                              full_page=True)  # fmt: skip
        await page.click("#files-waiting button[value=ok]")
        await page.wait_for_url(f"**/koordinator/inovasi/{seeded.approved[0]}")
        assert await page.locator("#files-waiting").count() == 0
    async with database.reading() as session:
        decided = await session.get(Attachment, waiting_id)
        assert decided is not None and decided.public_state == "approved"
    assert hosts == {urlsplit(address).netloc}
    assert errors == []


async def test_the_action_plans_on_a_phone_and_a_desktop(
    browser: Browser, settings: Settings, database: Database, clock, tmp_path: Path, backend
) -> None:
    """The plans' table from the nav, the OPDs behind their plan first; on a 390-px phone the
    page does not scroll sideways (the wide table scrolls in its own box); an OPD's row leads to
    its entries, and a linked innovation to its coordinators' page."""
    seeded = await seed_catalogue(database)
    plans = await seed_plans(database, seeded)
    now = int(clock.now().timestamp())
    hosts: set[str] = set()
    errors: list[str] = []
    folder = screenshots(tmp_path)
    async with served_dashboard(settings, database, clock) as address:
        page = await open_page(browser, PHONE, hosts, errors)
        await page.goto(f"{address}/koordinator/rencana")
        assert "Silakan masuk" in await page.content()
        await page.goto(
            f"{address}/masuk?{login_query(settings, seeded.coordinator_telegram_id, now)}"
        )
        await page.wait_for_url("**/koordinator")
        await page.click("header nav >> text=Rencana aksi")
        await page.wait_for_url("**/koordinator/rencana")
        for name, viewport in (("phone", PHONE), ("desktop", DESKTOP)):
            await page.set_viewport_size(viewport)
            rows = page.locator("#plans tbody tr")
            assert await rows.count() == 3
            codes = [await row.get_attribute("data-opd") for row in await rows.all()]
            assert codes == ["DINKES", "DISDIK", "BAPPEDA"]
            assert await page.text_content("#plans tr[data-opd=DINKES] td[data-col=late]") == "2"
            assert await page.text_content("#plan-late") == "3"
            wide = await page.evaluate("document.documentElement.scrollWidth")
            assert wide <= viewport["width"], f"the page is {wide} px wide at {name} width"
            box = page.locator("#plans").locator("xpath=..")
            inner, shown = await box.evaluate("e => [e.scrollWidth, e.clientWidth]")
            # On a phone the table scrolls inside its box; on a desktop it fits.
            assert (inner > shown) if name == "phone" else (inner <= shown), (name, inner, shown)
            assert await page.locator("#plans tr[data-opd=DINKES] a").is_visible()
            await page.screenshot(path=str(folder / f"plans-{name}-{backend}.png"), full_page=True)
        await page.set_viewport_size(PHONE)
        await page.click("#plans tr[data-opd=DINKES] a")
        await page.wait_for_url(f"**/koordinator/rencana/{plans.opd_ids['DINKES']}")
        assert "Rencana aksi Dinas Kesehatan" in await page.text_content("h1")
        entries = await page.locator("#entries tbody tr").all()
        states = [await entry.get_attribute("data-state") for entry in entries]
        assert states == ["done", "late", "late", "on_track"]
        wide = await page.evaluate("document.documentElement.scrollWidth")
        assert wide <= PHONE["width"], f"the OPD's page is {wide} px wide on a 390-px phone"
        await page.screenshot(path=str(folder / f"plan-opd-phone-{backend}.png"), full_page=True)
        await page.set_viewport_size(DESKTOP)
        assert await page.evaluate("document.documentElement.scrollWidth") <= DESKTOP["width"]
        await page.screenshot(path=str(folder / f"plan-opd-desktop-{backend}.png"), full_page=True)
        await page.click(f"#entries a[href='/koordinator/inovasi/{seeded.approved[0]}']")
        await page.wait_for_url(f"**/koordinator/inovasi/{seeded.approved[0]}")
        assert "Posyandu Digital Sumedang" in await page.text_content("h1")
        response = await page.goto(f"{address}/koordinator/rencana/abc")
        assert response is not None and response.status == 404
    assert hosts == {urlsplit(address).netloc}
    assert errors == []


async def test_the_opds_ranking_on_a_phone_and_a_desktop(
    browser: Browser, settings: Settings, database: Database, clock, tmp_path: Path, backend
) -> None:
    """The OPDs' ranking from the overview's "most active" block: the page never scrolls
    sideways at 390 px nor at desktop width, and a row leads to the OPD's page."""
    seeded = await seed_catalogue(database)
    await seed_plans(database, seeded)
    hosts: set[str] = set()
    errors: list[str] = []
    folder = screenshots(tmp_path)
    async with served_dashboard(settings, database, clock) as address:
        page = await open_page(browser, PHONE, hosts, errors)
        await page.goto(f"{address}/")
        await page.click("#leaders-more")
        await page.wait_for_url("**/opd")
        for name, viewport in (("phone", PHONE), ("desktop", DESKTOP)):
            await page.set_viewport_size(viewport)
            rows = page.locator("#opds tbody tr")
            codes = [await row.get_attribute("data-opd") for row in await rows.all()]
            assert codes == ["DINKES", "DISDIK", "BAPPEDA"]
            wide = await page.evaluate("document.documentElement.scrollWidth")
            assert wide <= viewport["width"], f"the ranking is {wide} px wide at {name} width"
            assert await page.locator("#opds tr[data-opd=DINKES] a").is_visible()
            await page.screenshot(path=str(folder / f"opds-{name}-{backend}.png"), full_page=True)
        await page.set_viewport_size(PHONE)
        await page.click("#opds tr[data-opd=DINKES] a")
        await page.wait_for_url("**/opd/*")
        assert "Dinas Kesehatan" in await page.text_content("h1")
        assert await page.locator("#opd-innovations li").count() == 3
        for name, viewport in (("phone", PHONE), ("desktop", DESKTOP)):
            await page.set_viewport_size(viewport)
            wide = await page.evaluate("document.documentElement.scrollWidth")
            assert wide <= viewport["width"], f"the OPD's page is {wide} px wide at {name} width"
            await page.screenshot(path=str(folder / f"opd-{name}-{backend}.png"), full_page=True)
        await page.click(f"#opd-innovations a[href='/inovasi/{seeded.approved[0]}']")
        await page.wait_for_url(f"**/inovasi/{seeded.approved[0]}")
    assert hosts == {urlsplit(address).netloc}
    assert errors == []
