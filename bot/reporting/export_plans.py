"""The export's "Rencana Aksi" sheet: every OPD's action-plan entry, one a row, with its state
as ``bot.plans.progress`` defines it on the day of the export, and the innovation linked to it.
Present, with its headers, when there is no plan yet. Not in the CSV export: a CSV holds one
table, the innovations (the plan is the workbook's)."""

from __future__ import annotations

from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.core.texts import Catalog
from bot.core.xlsx import Month, Workbook
from bot.plans.progress import PlanState, entries
from storage.models import Opd, Stage, Status, session_now

HEADERS = (
    ("exp-opd-code", 14), ("field-opd", 32), ("exp-plan-pillar", 18), ("exp-plan-title", 40),
    ("exp-plan-stage", 14), ("exp-plan-month", 12), ("exp-plan-state", 18),
    ("exp-plan-months-late", 10), ("exp-plan-innovation-number", 10),
    ("exp-plan-innovation", 40), ("exp-plan-innovation-status", 16),
)  # fmt: skip


async def write_plan_sheet(
    book: Workbook,
    session: AsyncSession,
    texts: Catalog,
    lang: str,
    zone: ZoneInfo,
    opd_code: str | None = None,
) -> int:
    """The sheet, of one OPD (`opd_code`, as the export was asked for) or of all; returns the
    number of entries written. Text goes in as text, never a formula (``bot.core.xlsx``)."""
    t = texts.text
    sheet = book.add_sheet(
        t(lang, "exp-sheet-plans"), [t(lang, key) for key, _ in HEADERS], [w for _, w in HEADERS]
    )
    opd_id = None
    if opd_code is not None:
        opd_id = await session.scalar(select(Opd.id).where(Opd.code == opd_code))
        if opd_id is None:
            return 0
    stages = {s.value: t(lang, f"stage-{s}") for s in Stage}
    states = {s: t(lang, f"plan-state-{s}") for s in PlanState}
    statuses = {s.value: t(lang, f"status-{s}") for s in Status}
    today = session_now(session).astimezone(zone).date()
    for view in await entries(session, today, opd_id=opd_id):
        month = view.target_month
        sheet.append(
            [view.opd_code, view.opd_name, view.pillar_name, view.title,
             stages.get(view.target_stage, view.target_stage), Month(month.year, month.month, 1),
             states[view.state], view.months_late if view.state is PlanState.LATE else None,
             view.innovation_id, view.innovation_title,
             statuses.get(view.innovation_status, view.innovation_status)
             if view.innovation_status else None]
        )  # fmt: skip
    return sheet.rows
