"""The export's "Laporan Pimpinan" sheet: the leaders' report (`bot.reporting.leaders`) of the
current month so far, as the title row says: the headline figures one a row (label, number),
then the OPDs' ranking table, those with nothing approved last. The whole regency's: only in an
export of every OPD (an export of one OPD has none). Text goes in as text, never a formula
(``bot.core.xlsx``)."""

from __future__ import annotations

from zoneinfo import ZoneInfo

from sqlalchemy.ext.asyncio import AsyncSession

from bot.core.formatting import format_day
from bot.core.texts import Catalog
from bot.core.xlsx import Workbook
from bot.monitoring.checkins import Freshness
from bot.reporting.leaders import build_leaders, month_name
from storage.models import Stage, session_now

WIDTHS = [44, 10, 14, 12, 16, 16, 14, 14]
STATES = (Freshness.ACTIVE, Freshness.UNCONFIRMED, Freshness.STALE, Freshness.STOPPED)


async def write_leaders_sheet(
    book: Workbook, session: AsyncSession, texts: Catalog, lang: str, zone: ZoneInfo
) -> int:
    """The sheet; returns the number of OPDs in its table."""
    t = texts.text
    now = session_now(session).astimezone(zone)
    month = now.date().replace(day=1)
    report = await build_leaders(session, month, now, now.date())
    shown = month_name(month, lang)
    title = t(lang, "exp-lead-title", month=shown, today=format_day(now.date(), lang))
    sheet = book.add_sheet(t(lang, "exp-sheet-leaders"), [title] + [""] * 7, WIDTHS)
    counts = report.freshness.counts
    sheet.append([t(lang, "exp-lead-approved"), report.approved])
    sheet.append([t(lang, "exp-lead-new", month=shown), report.new_approved])
    for state in STATES:
        sheet.append([t(lang, "exp-lead-state", name=t(lang, f"lead-state-{state}")),
                      counts[state]])  # fmt: skip
    for name, count in report.pillars:
        sheet.append([t(lang, "exp-lead-pillar", name=name), count])
    for stage in Stage:
        sheet.append([t(lang, "exp-lead-stage", name=t(lang, f"stage-{stage}")),
                      report.stages.get(stage, 0)])  # fmt: skip
    sheet.append([t(lang, "exp-lead-opds"), len(report.ranked)])
    sheet.append([t(lang, "exp-lead-without"), len(report.without)])
    sheet.append([])
    sheet.append([
        t(lang, "field-opd"), t(lang, "exp-lead-rank"), t(lang, "exp-opd-code"),
        t(lang, "exp-lead-approved-col"),
        t(lang, "exp-lead-pillars-col", total=report.pillar_count),
        t(lang, "exp-lead-alive-col"), t(lang, "exp-lead-plan-done"),
        t(lang, "exp-lead-plan-total"),
    ])  # fmt: skip
    for line in report.ranked + report.without:
        sheet.append([line.name, line.rank or None, line.code, line.approved, line.pillars,
                      line.alive_share, line.plan_done, line.plan_total])  # fmt: skip
    return len(report.ranked) + len(report.without)
