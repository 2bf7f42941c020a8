"""What the browser tests share: Debian's Chromium, the viewports, a page that notes every host
it asks and every refusal of the content security policy, and where screenshots go."""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from urllib.parse import urlsplit

from playwright.async_api import Browser, ConsoleMessage, Page

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
HAVE_CHROMIUM = Path(CHROMIUM).exists()
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}


def screenshots(tmp_path: Path) -> Path:
    folder = Path(os.environ.get("SCREENSHOTS") or tmp_path / "screenshots")
    folder.mkdir(parents=True, exist_ok=True)
    return folder


async def open_page(
    browser: Browser, viewport: dict[str, int], hosts: set[str], errors: list[str]
) -> Page:
    """A page that notes every host it asks and everything the content security policy
    refused (Chromium says so on the console)."""
    page = await browser.new_page(viewport=viewport)
    page.on("request", lambda request: hosts.add(urlsplit(request.url).netloc))

    def refused(message: ConsoleMessage) -> None:
        if "Content Security Policy" in message.text:
            errors.append(message.text)

    page.on("console", refused)
    return page
