"""The export's IID sheets: one in the column order of the national index's input form (one row
per innovation sent and not rejected), then one per evidence indicator with the level claimed and
the evidence's file name or link. Added to the workbook after its other sheets."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from typing import Any

from sqlalchemy import ColumnElement, case, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.core.texts import Catalog
from bot.core.xlsx import Workbook
from bot.iid.record import COUNTED, IID_FORM, IidState, active_indicators
from bot.innovations.form import FORM
from storage.models import Attachment, IidEvidence, IidIndicator, IidRecord, Innovation, Opd

BATCH = 1000


def iid_weight(size: Callable[..., Any]) -> Any:
    """About how many characters an innovation takes in the IID sheets, for the export's plan
    of its parts (`bot.reporting.export.Weights`): its texts again on the IID sheet, and a row on
    every indicator's sheet."""
    indicators = select(func.count(IidIndicator.id)).where(IidIndicator.active).scalar_subquery()
    texts = size(Innovation.title, Innovation.problem, Innovation.solution, Innovation.goal,
                 Innovation.benefit)  # fmt: skip
    rows = texts + 300 + indicators * (size(Innovation.title) + 120)
    return case((Innovation.status.in_(COUNTED), rows), else_=0)


def _innovations(where: list[ColumnElement[bool]]) -> Any:
    return (
        select(Innovation, Opd.name, IidRecord)
        .join(Opd, Opd.id == Innovation.opd_id)
        .outerjoin(IidRecord, IidRecord.innovation_id == Innovation.id)
        .where(*where, Innovation.status.in_(COUNTED))
        .order_by(Innovation.id)
    )


async def _claims(session: AsyncSession, ids: list[int]) -> dict[int, dict[int, Any]]:
    """The claims of these innovations: {innovation: {indicator: (claim, file name)}}."""
    rows = await session.execute(
        select(IidEvidence, Attachment.file_name, Attachment.caption)
        .outerjoin(Attachment, Attachment.id == IidEvidence.attachment_id)
        .where(IidEvidence.innovation_id.in_(ids))
    )
    claims: dict[int, dict[int, Any]] = defaultdict(dict)
    for claim, file_name, caption in rows:
        claims[claim.innovation_id][claim.indicator_id] = (claim, file_name or caption)
    return claims


async def write_iid_sheets(
    book: Workbook,
    session: AsyncSession,
    texts: Catalog,
    lang: str,
    where: list[ColumnElement[bool]],
) -> None:
    t = texts.text
    indicators = await active_indicators(session)
    headers = [
        t(lang, "exp-number"), t(lang, "field-opd"), t(lang, "field-title"),
        t(lang, "field-stage"), t(lang, "field-initiator"), t(lang, "field-kind"),
        t(lang, "field-innovation_form"), t(lang, "field-affair"), t(lang, "field-trial_date"),
        t(lang, "field-applied_date"), t(lang, "exp-iid-design"), t(lang, "field-goal"),
        t(lang, "field-benefit"), t(lang, "field-result"), t(lang, "field-budget"),
        t(lang, "exp-iid-ready"), t(lang, "exp-iid-score"), t(lang, "exp-iid-missing"),
    ]  # fmt: skip
    sheet = book.add_sheet(
        t(lang, "exp-sheet-iid"), headers,
        [6, 32, 40, 14, 18, 14, 24, 30, 14, 14, 60, 40, 40, 40, 16, 10, 12, 50],
    )  # fmt: skip
    yes, no = t(lang, "button-yes"), t(lang, "button-no")
    query = _innovations(where)
    result = await session.stream(query.execution_options(yield_per=BATCH))
    async for partition in result.partitions(BATCH):
        claims = await _claims(session, [innovation.id for innovation, _, _ in partition])
        for innovation, opd_name, record in partition:
            state = IidState(
                record, indicators,
                {i: claim for i, (claim, _) in claims.get(innovation.id, {}).items()},
            )  # fmt: skip
            missing = [t(lang, q.label_key) for q in state.missing_questions]
            missing += [i.name for i in state.missing_indicators]

            def answer(name: str, record: IidRecord | None = record) -> Any:
                if record is None:
                    return None
                question = IID_FORM[name]
                return question.export_cell(texts, lang, getattr(record, name))

            design = "\n\n".join(p for p in (innovation.problem, innovation.solution) if p)
            sheet.append([
                innovation.id, opd_name, innovation.title,
                FORM["stage"].export_cell(texts, lang, innovation.stage), answer("initiator"),
                FORM["kind"].export_cell(texts, lang, innovation.kind),
                answer("innovation_form"), answer("affair"), answer("trial_date"),
                answer("applied_date"), design or None, innovation.goal, innovation.benefit,
                answer("result"), answer("budget"), yes if state.ready else no,
                round(state.score, 2), ", ".join(missing) or None,
            ])  # fmt: skip

    for indicator in indicators:
        levels = {level.level: level.label for level in indicator.levels}
        per = book.add_sheet(
            # "03 Dukungan anggaran"; the workbook makes it a name Excel takes (bot.core.xlsx).
            f"{indicator.position:02d} {indicator.name}",
            [t(lang, "exp-number"), t(lang, "field-opd"), t(lang, "field-title"),
             t(lang, "exp-iid-level"), t(lang, "exp-iid-level-label"), t(lang, "exp-iid-file"),
             t(lang, "exp-iid-link")],
            [6, 32, 40, 8, 50, 40, 50],
        )  # fmt: skip
        rows = await session.stream(
            select(Innovation.id, Opd.name, Innovation.title, IidEvidence.level,
                   Attachment.file_name, Attachment.caption, IidEvidence.link)
            .join(Opd, Opd.id == Innovation.opd_id)
            .outerjoin(IidEvidence, (IidEvidence.innovation_id == Innovation.id)
                       & (IidEvidence.indicator_id == indicator.id))
            .outerjoin(Attachment, Attachment.id == IidEvidence.attachment_id)
            .where(*where, Innovation.status.in_(COUNTED))
            .order_by(Innovation.id)
            .execution_options(yield_per=BATCH)
        )  # fmt: skip
        async for batch in rows.partitions(BATCH):
            for number, opd_name, title, level, file_name, caption, link in batch:
                per.append([number, opd_name, title, level, levels.get(level) if level else None,
                            file_name or caption, link])  # fmt: skip
