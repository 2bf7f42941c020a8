"""The dashboard over HTTP in tests: in process (ASGI) or on a loopback port for a browser."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from urllib.parse import urlencode

import httpx

from bot.core.clock import Clock
from bot.core.settings import Settings
from bot.core.texts import Catalog
from bot.core.webserver import DashboardServer
from bot.telegram.login import sign_login
from storage.database import Database
from tests.support.processes import free_port
from web.app import build_dashboard


def login_query(settings: Settings, telegram_id: int, when: int, **extra: str) -> str:
    """The query string Telegram's login button (or /dasbor's link) brings."""
    assert settings.bot_token is not None
    fields = {"id": str(telegram_id), "first_name": "Budi", "auth_date": str(when), **extra}
    return urlencode(sign_login(fields, settings.bot_token.get_secret_value()))


@asynccontextmanager
async def dashboard_client(
    settings: Settings, database: Database, clock: Clock, *, public: bool = True
) -> AsyncIterator[httpx.AsyncClient]:
    app = build_dashboard(settings, database, Catalog(), clock, public=public)
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://dasbor.test") as client:
        yield client


@asynccontextmanager
async def served_dashboard(
    settings: Settings, database: Database, clock: Clock
) -> AsyncIterator[str]:
    """The dashboard on a free loopback port; its address."""
    app = build_dashboard(settings, database, Catalog(), clock)
    server = DashboardServer(app, "127.0.0.1", free_port())
    await server.start()
    try:
        yield server.address.rstrip("/")
    finally:
        await server.stop()


SECURITY_HEADERS = {
    "content-security-policy": (
        "default-src 'none'; img-src 'self'; style-src 'self'; form-action 'self'; "
        "frame-ancestors 'none'; base-uri 'none'"
    ),
    "x-frame-options": "DENY",
    "x-content-type-options": "nosniff",
    "referrer-policy": "no-referrer",
}


def number(html: str, element_id: str) -> int:
    match = re.search(rf'id="{element_id}">(\d+)<', html)
    assert match, element_id
    return int(match.group(1))
