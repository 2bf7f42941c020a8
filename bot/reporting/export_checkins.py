"""The export's monitoring sheets: "Pemantauan" (every check-in of the innovations in the file)
and "Status pemantauan" (each approved innovation's freshness). Streamed like the other sheets,
a thousand rows at a time."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import Select, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.core.texts import Catalog
from bot.core.xlsx import Workbook
from bot.monitoring.benefits import reported_measures
from bot.monitoring.checkins import (
    Freshness,
    default_months,
    freshness_query,
    standing,
    stop_reason_label,
)
from storage.benefits import CheckinMeasure
from storage.models import (
    Checkin,
    CheckinAnswer,
    CheckinStatus,
    Innovation,
    Member,
    Opd,
    session_now,
)

BATCH = 1000


async def _batches(session: AsyncSession, query: Select[Any]) -> AsyncIterator[list[Any]]:
    result = await session.stream(query.execution_options(yield_per=BATCH))
    async for partition in result.partitions(BATCH):
        yield partition


def _local(moment: Any, zone: ZoneInfo) -> Any:
    return moment.astimezone(zone).replace(tzinfo=None) if moment is not None else None


async def _measured(session: AsyncSession, checkin_ids: list[int]) -> dict[tuple[int, int], int]:
    """The benefit values of a batch of check-ins, by (check-in, measure): one statement."""
    rows = await session.execute(
        select(CheckinMeasure.checkin_id, CheckinMeasure.measure_id, CheckinMeasure.value).where(
            CheckinMeasure.checkin_id.in_(checkin_ids)
        )
    )
    return {(checkin, measure): value for checkin, measure, value in rows}


async def write_checkin_sheets(
    book: Workbook,
    session: AsyncSession,
    texts: Catalog,
    lang: str,
    zone: ZoneInfo,
    matching: Select[Any],
) -> None:
    """`matching`: the ids of the innovations in this file (or this part of it)."""
    t = texts.text
    answers = {a.value: t(lang, f"chk-answer-{a}") for a in CheckinAnswer}
    states = {s.value: t(lang, f"exp-checkin-{s}") for s in CheckinStatus}
    # A column per benefit measure (the active ones, then the retired ones with values).
    measures = await reported_measures(session)
    sheet = book.add_sheet(
        t(lang, "exp-sheet-checkins"),
        [t(lang, key) for key in ("exp-number", "exp-opd-code", "field-title", "exp-round",
                                  "exp-asked", "exp-reminded", "exp-checkin-status",
                                  "exp-answer", "exp-who", "exp-answered", "exp-changes",
                                  "exp-served", "exp-photo", "exp-stop-reason", "exp-stop-note")]
        + [f"{m.name_in(lang)} ({m.unit_in(lang)})" for m in measures],
        [8, 14, 40, 6, 18, 18, 14, 16, 24, 18, 50, 12, 8, 24, 50] + [18] * len(measures),
    )  # fmt: skip
    query = (
        select(
            Checkin.id, Innovation.id, Opd.code, Innovation.title, Checkin.round, Checkin.asked_at,
            Checkin.reminded_at, Checkin.status, Checkin.answer, Member.full_name,
            Checkin.answered_at, Checkin.note, Checkin.served, Checkin.attachment_id,
            Checkin.stop_reason, Checkin.stop_note,
        )
        .join(Innovation, Innovation.id == Checkin.innovation_id)
        .join(Opd, Opd.id == Innovation.opd_id)
        .outerjoin(Member, Member.id == Checkin.answered_by_id)
        .where(Checkin.innovation_id.in_(matching))
        .order_by(Checkin.innovation_id, Checkin.round)
    )  # fmt: skip
    yes = t(lang, "button-yes")
    async for batch in _batches(session, query):
        values = await _measured(session, [row[0] for row in batch]) if measures else {}
        for (checkin_id, number, code, title, round_, asked, reminded, status, answer, who,
             answered, note, served, photo, reason, why) in batch:  # fmt: skip
            sheet.append(
                [number, code, title, round_, _local(asked, zone), _local(reminded, zone),
                 states.get(status, status), answers.get(answer) if answer else None, who,
                 _local(answered, zone), note, served, yes if photo else None,
                 stop_reason_label(texts, lang, reason).split(" ", 1)[-1] if reason else None,
                 why]
                + [values.get((checkin_id, m.id)) for m in measures]
            )  # fmt: skip

    fresh = {s: t(lang, f"chk-fresh-{s}") for s in Freshness}
    status_sheet = book.add_sheet(
        t(lang, "exp-sheet-freshness"),
        [t(lang, key) for key in ("exp-number", "exp-opd-code", "field-opd", "field-title",
                                  "exp-freshness", "exp-period", "exp-last-asked",
                                  "exp-last-answer", "exp-last-answered", "exp-served-total")],
        [8, 14, 32, 40, 18, 10, 18, 16, 18, 14],
    )  # fmt: skip
    served = (
        select(Checkin.innovation_id, func.sum(Checkin.served).label("served"))
        .group_by(Checkin.innovation_id)
        .subquery()
    )
    last_answered = (
        select(Checkin.innovation_id, func.max(Checkin.answered_at).label("at"))
        .where(Checkin.status == CheckinStatus.ANSWERED)
        .group_by(Checkin.innovation_id)
        .subquery()
    )
    months = await default_months(session)
    now = session_now(session)
    rows = (
        freshness_query(
            Opd.code, Opd.name, Innovation.title, last_answered.c.at, served.c.served,
        )
        .join(Opd, Opd.id == Innovation.opd_id)
        .outerjoin(last_answered, last_answered.c.innovation_id == Innovation.id)
        .outerjoin(served, served.c.innovation_id == Innovation.id)
        .where(Innovation.id.in_(matching))
        .order_by(Innovation.id)
    )  # fmt: skip
    async for batch in _batches(session, rows):
        for row in batch:
            (number, _, asked, answer, _, own, code, opd, title, answered_at, total) = row
            state = standing(row, months, now).state  # the one definition, as every screen
            status_sheet.append(
                [number, code, opd, title, fresh[state], own or months, _local(asked, zone),
                 answers.get(answer) if answer else None, _local(answered_at, zone),
                 int(total) if total is not None else None]
            )  # fmt: skip
