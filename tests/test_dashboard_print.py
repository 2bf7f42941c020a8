"""The leaders' report page in a real browser (Debian's Chromium, driven by Playwright): printed
(print media, A4) it is one page with its chart, on a 390-px phone it never scrolls sideways,
nothing is fetched from another host and the content security policy blocks nothing."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from playwright.async_api import Browser, async_playwright

from bot.core.settings import Settings
from storage.database import Database
from storage.models import Innovation, Opd, Status
from tests.support.browser import (
    CHROMIUM,
    DESKTOP,
    HAVE_CHROMIUM,
    PHONE,
    open_page,
    screenshots,
)
from tests.support.catalogue import seed_catalogue
from tests.support.plan_catalogue import seed_plans
from tests.support.web import login_query, served_dashboard

# A4 less the print style sheet's 10 mm margins, at 96 dpi: 190 × 277 mm.
A4_CONTENT = {"width": 718, "height": 1046}
PAGE = re.compile(rb"/Type\s*/Page(?![a-zA-Z])")  # a page object, not the /Pages tree


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


async def seed_many(database: Database) -> None:
    """A regency's worth of OPDs with long names: eighteen more with an approved innovation
    (the ranking cut at fifteen) and ten with nothing."""
    async with database.transaction() as session:
        for index in range(28):
            name = f"Kecamatan Sukamaju Lebak Wangi Nomor {index:02d} <Selatan>"
            opd = Opd(code=f"KEC{index:02d}", name=name)
            session.add(opd)
            await session.flush()
            if index < 18:
                session.add(Innovation(opd_id=opd.id, title=f"Inovasi {index}",
                                       status=Status.APPROVED, attachments=[]))  # fmt: skip


async def test_the_report_prints_on_one_a4_page_and_fits_a_phone(
    browser: Browser, settings: Settings, database: Database, clock, tmp_path: Path, backend
) -> None:
    seeded = await seed_catalogue(database)
    await seed_plans(database, seeded)
    await seed_many(database)
    hosts: set[str] = set()
    errors: list[str] = []
    folder = screenshots(tmp_path)
    async with served_dashboard(settings, database, clock) as address:
        page = await open_page(browser, PHONE, hosts, errors)
        query = login_query(settings, seeded.coordinator_telegram_id, int(clock.now().timestamp()))
        await page.goto(f"{address}/masuk?{query}")
        await page.wait_for_url("**/koordinator")
        await page.click("#report-link")
        await page.wait_for_url("**/koordinator/laporan")
        await page.wait_for_function(
            "document.querySelector('#report-chart').complete"
            " && document.querySelector('#report-chart').naturalWidth > 0"
        )
        assert await page.locator("#report-ranking tbody tr").count() == 15
        assert await page.text_content("#report-more") == "dan 5 OPD lainnya"
        for name, viewport in (("phone", PHONE), ("desktop", DESKTOP)):
            await page.set_viewport_size(viewport)
            wide = await page.evaluate("document.documentElement.scrollWidth")
            assert wide <= viewport["width"], f"the report is {wide} px wide at {name} width"
            await page.screenshot(path=str(folder / f"report-{name}-{backend}.png"), full_page=True)
        # Printed: no nav, the chart kept, everything on one A4 page.
        await page.emulate_media(media="print")
        assert not await page.locator("header.top").is_visible()
        assert await page.locator("#report-chart").is_visible()
        assert await page.locator("#report-without").is_visible()
        await page.set_viewport_size(A4_CONTENT)
        await page.screenshot(path=str(folder / f"report-print-{backend}.png"), full_page=True)
        tall = await page.evaluate("document.documentElement.scrollHeight")
        assert tall <= A4_CONTENT["height"], f"printed, the report is {tall} px tall"
        pdf = await page.pdf(format="A4", print_background=True, prefer_css_page_size=True)
        (folder / f"report-{backend}.pdf").write_bytes(pdf)
        assert len(PAGE.findall(pdf)) == 1, "the printed report is more than one A4 page"
    assert hosts == {urlsplit(address).netloc}
    assert errors == []
