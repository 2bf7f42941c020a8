"""The leaders' report as a printable page for the regent's desk: /koordinator/laporan (the
month the monthly round reports on, or ?bulan=YYYY-MM), with its chart as a PNG of its own
route. The same figures as the message the leaders' chat gets (`bot.reporting.leaders`); the
print style sheet (web/static/style.css, @media print) fits it on one A4 page."""

from __future__ import annotations

import asyncio
import re
from datetime import date, datetime
from typing import TYPE_CHECKING

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response

from bot.delivery.leaders import reported_month
from bot.monitoring.checkins import Freshness
from bot.reporting.leaders import Leaders, build_leaders, leaders_chart, month_name
from storage.models import Member

if TYPE_CHECKING:
    from web.app import Dashboard

SHOWN = 15  # the OPDs the printed ranking names; the rest are counted
FIRST_YEAR = 2000
MONTH = re.compile(r"(\d{4})-(\d{2})")
# The states in the chart's order: what runs first, what stopped last.
STATES = (Freshness.ACTIVE, Freshness.UNCONFIRMED, Freshness.STALE, Freshness.STOPPED)


def parse_month(text: str | None, today: date) -> date | None:
    """``YYYY-MM``, exactly, of a month that has begun (not after `today`'s); None otherwise."""
    if text is None or not text.isascii():
        return None
    found = MONTH.fullmatch(text)
    if found is None:
        return None
    year, number = int(found.group(1)), int(found.group(2))
    if not 1 <= number <= 12 or year < FIRST_YEAR:
        return None
    month = date(year, number, 1)
    return month if month <= today.replace(day=1) else None


def asked_month(request: Request, today: date) -> date:
    """The month of the request: ?bulan= (a bad one is a 404), else the one the monthly round
    reports on (the month before this one)."""
    text = request.query_params.get("bulan")
    if text is None:
        return reported_month(today)
    month = parse_month(text, today)
    if month is None:
        raise HTTPException(404)
    return month


def next_month(month: date) -> date:
    return date(month.year + month.month // 12, month.month % 12 + 1, 1)


def previous_month(month: date) -> date:
    return date(month.year - (month.month == 1), (month.month - 2) % 12 + 1, 1)


async def _report(dashboard: Dashboard, month: date) -> tuple[Leaders, date]:
    now: datetime = dashboard.clock.now().astimezone(dashboard.settings.tzinfo)
    async with dashboard.database.reading() as session:
        return await build_leaders(session, month, now, now.date()), now.date()


async def report_page(dashboard: Dashboard, request: Request, member: Member) -> Response:
    """/koordinator/laporan: build_leaders' nine statements, whatever the size."""
    month = asked_month(request, dashboard.today())
    report, today = await _report(dashboard, month)
    lang = dashboard.lang(request)
    later = next_month(month)
    return dashboard.render(
        request, "report.html", member=member, report=report, today=today,
        month_text=month_name(month, lang), key=f"{month:%Y-%m}", shown=report.ranked[:SHOWN],
        more=max(len(report.ranked) - SHOWN, 0), states=STATES,
        previous=previous_month(month), following=later if later <= today else None,
        month_name=lambda value: month_name(value, lang),
    )  # fmt: skip


async def report_chart(dashboard: Dashboard, request: Request, member: Member) -> Response:
    """The report's chart: the picture the leaders' chat gets, in the reader's language."""
    month = asked_month(request, dashboard.today())
    report, _ = await _report(dashboard, month)
    lang = dashboard.lang(request)
    png = await asyncio.to_thread(leaders_chart, dashboard.texts, lang, report)
    return Response(png, media_type="image/png", headers={"Cache-Control": "private, no-store"})
