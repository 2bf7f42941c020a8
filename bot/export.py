"""The spreadsheet for reports to the regent and Kominfo: every innovation, per OPD, per pillar,
the coverage matrix and the history. Rows are streamed from the database into a write-only
workbook, so memory stays flat however many innovations there are."""

from __future__ import annotations

import csv
from collections.abc import AsyncIterator, Iterable
from dataclasses import dataclass
from datetime import date, datetime
from typing import IO, Any
from zoneinfo import ZoneInfo

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from sqlalchemy import Select, and_, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.reports import SENT, build_coverage, build_summary
from bot.textinput import CONTROLS, without_controls
from bot.texts import Catalog
from storage.models import (
    CRITERIA,
    Attachment,
    Evaluation,
    Event,
    Innovation,
    Member,
    Opd,
    Pillar,
    Status,
    innovation_pillar,
)

BATCH = 1000
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


@dataclass(frozen=True)
class ExportFilter:
    opd_code: str | None = None
    status: Status | None = None


def safe_text(value: str) -> str:
    """A CSV cell that a spreadsheet will not run as a formula, and without control characters
    (refused at input since, but older answers may hold them)."""
    value = without_controls(value)
    return "'" + value if value.startswith(FORMULA_START) else value


def _headers(texts: Catalog, lang: str, pillars: list[str]) -> list[str]:
    t = texts.text
    return [
        t(lang, "exp-number"), t(lang, "exp-opd-code"), t(lang, "field-opd"),
        t(lang, "field-title"), t(lang, "exp-status"),
        *pillars,
        t(lang, "field-quick_win"), t(lang, "field-stage"), t(lang, "field-kind"),
        t(lang, "field-problem"), t(lang, "field-solution"), t(lang, "field-goal"),
        t(lang, "field-benefit"), t(lang, "field-start_date"), t(lang, "field-link"),
        t(lang, "field-evidence"), t(lang, "field-contact"), t(lang, "exp-phone"),
        t(lang, "exp-submitted-at"),
        *(t(lang, f"exp-score-{c}") for c in CRITERIA),
        t(lang, "exp-note"),
    ]  # fmt: skip


def _innovation_query(filters: ExportFilter) -> Select[Any]:
    attachments = (
        select(Attachment.innovation_id, func.count().label("files"))
        .group_by(Attachment.innovation_id)
        .subquery()
    )
    latest = (
        select(Evaluation.innovation_id, func.max(Evaluation.id).label("evaluation_id"))
        .group_by(Evaluation.innovation_id)
        .subquery()
    )
    query = (
        select(
            Innovation.id, Opd.code, Opd.name, Innovation.title, Innovation.status,
            Innovation.quick_win, Innovation.stage, Innovation.kind, Innovation.problem,
            Innovation.solution, Innovation.goal, Innovation.benefit, Innovation.start_date,
            Innovation.link, func.coalesce(attachments.c.files, 0), Innovation.contact_name,
            Innovation.contact_phone, Innovation.submitted_at,
            *(getattr(Evaluation, c) for c in CRITERIA), Evaluation.note,
        )
        .join(Opd, Opd.id == Innovation.opd_id)
        .outerjoin(attachments, attachments.c.innovation_id == Innovation.id)
        .outerjoin(latest, latest.c.innovation_id == Innovation.id)
        .outerjoin(Evaluation, Evaluation.id == latest.c.evaluation_id)
        .order_by(Innovation.id)
    )  # fmt: skip
    if filters.opd_code:
        query = query.where(Opd.code == filters.opd_code)
    if filters.status:
        query = query.where(Innovation.status == filters.status)
    return query


async def _stream(session: AsyncSession, query: Select[Any]) -> AsyncIterator[Any]:
    result = await session.stream(query.execution_options(yield_per=BATCH))
    async for row in result:
        yield row


async def innovation_rows(
    session: AsyncSession, texts: Catalog, lang: str, zone: ZoneInfo, filters: ExportFilter
) -> AsyncIterator[list[Any]]:
    """One list of cell values per innovation, with the pillars as 1/0 columns: the pillar
    links are streamed in the same order and merged, nothing is held for the whole set."""
    pillar_ids = list(await session.scalars(select(Pillar.id).order_by(Pillar.position)))
    links_query = select(innovation_pillar.c.innovation_id, innovation_pillar.c.pillar_id).order_by(
        innovation_pillar.c.innovation_id
    )
    links = _stream(session, links_query)
    pending: tuple[int, int] | None = None
    async for row in _stream(session, _innovation_query(filters)):
        chosen: set[int] = set()
        while True:
            if pending is None:
                pending = await anext(links, None)  # type: ignore[arg-type]
                if pending is None:
                    break
            if pending[0] < row[0]:
                pending = None
                continue
            if pending[0] == row[0]:
                chosen.add(pending[1])
                pending = None
                continue
            break
        (number, opd_code, opd_name, title, status, quick_win, stage, kind, problem,
         solution, goal, benefit, start_date, link, files, contact, phone, submitted_at,
         *rest) = row  # fmt: skip
        scores, note = rest[: len(CRITERIA)], rest[len(CRITERIA)]
        answer = None if quick_win is None else "button-yes" if quick_win else "button-no"
        yield [
            number, opd_code, opd_name, title, texts.text(lang, f"status-{status}"),
            *(1 if pillar_id in chosen else 0 for pillar_id in pillar_ids),
            texts.text(lang, answer) if answer else None,
            texts.text(lang, f"stage-{stage}") if stage else None,
            texts.text(lang, f"kind-{kind}") if kind else None,
            problem, solution, goal, benefit, start_date, link, files, contact, phone,
            submitted_at.astimezone(zone).replace(tzinfo=None) if submitted_at else None,
            *scores, note,
        ]  # fmt: skip


async def _pillar_names(session: AsyncSession) -> list[str]:
    return list(await session.scalars(select(Pillar.name).order_by(Pillar.position)))


class _Sheet:
    """A write-only sheet: bold, frozen header with filters; strings never become formulas."""

    def __init__(self, workbook: Workbook, title: str, headers: list[str], widths: list[int]):
        self.sheet = workbook.create_sheet(title)
        self.sheet.freeze_panes = "A2"
        for index, width in enumerate(widths, start=1):
            self.sheet.column_dimensions[get_column_letter(index)].width = width
        self.columns = len(headers)
        self.rows = 0
        bold = Font(bold=True)
        header = []
        for value in headers:
            cell = WriteOnlyCell(self.sheet, value=value)
            cell.font = bold
            header.append(cell)
        self.sheet.append(header)

    def _cell(self, value: Any) -> Any:
        """Plain values as they are (the fast path); a cell object only where the value
        needs one."""
        if isinstance(value, str):
            if CONTROLS.search(value):  # openpyxl refuses them: stored before input was cleaned
                value = without_controls(value)
            if not value.startswith("="):
                return value
            cell = WriteOnlyCell(self.sheet, value=value)
            cell.data_type = "s"  # "=HYPERLINK(...)" typed by someone stays text
            return cell
        if isinstance(value, datetime):
            cell = WriteOnlyCell(self.sheet, value=value)
            cell.number_format = "DD/MM/YYYY HH:MM"
            return cell
        if isinstance(value, date):
            cell = WriteOnlyCell(self.sheet, value=value)
            cell.number_format = "DD/MM/YYYY"
            return cell
        return value

    def append(self, values: Iterable[Any]) -> None:
        self.sheet.append([self._cell(value) for value in values])
        self.rows += 1

    def close(self) -> None:
        last = get_column_letter(self.columns)
        self.sheet.auto_filter.ref = f"A1:{last}{self.rows + 1}"


async def write_xlsx(
    session: AsyncSession,
    target: str | IO[bytes],
    texts: Catalog,
    lang: str,
    zone: ZoneInfo,
    filters: ExportFilter = ExportFilter(),
) -> int:
    """Write the workbook; returns the number of innovations in it."""
    t = texts.text
    workbook = Workbook(write_only=True)
    pillars = await _pillar_names(session)
    headers = _headers(texts, lang, pillars)
    widths = [6, 14, 32, 40, 16, *([10] * len(pillars)), 10, 14, 12, *([50] * 4), 14, 30, 10,
              24, 16, 18, *([10] * len(CRITERIA)), 40]  # fmt: skip
    sheet = _Sheet(workbook, t(lang, "exp-sheet-innovations"), headers, widths)
    async for values in innovation_rows(session, texts, lang, zone, filters):
        sheet.append(values)
    sheet.close()
    count = sheet.rows

    per_opd = _Sheet(
        workbook, t(lang, "exp-sheet-opd"),
        [t(lang, "exp-opd-code"), t(lang, "field-opd"), t(lang, "exp-sent"),
         t(lang, "status-approved"),
         t(lang, "field-quick_win"), t(lang, "status-draft")],
        [14, 40, 12, 12, 12, 12],
    )  # fmt: skip
    sent = Innovation.status.in_(SENT)
    opd_rows = (
        select(
            Opd.code, Opd.name,
            func.count(Innovation.id).filter(sent),
            func.count(Innovation.id).filter(Innovation.status == Status.APPROVED),
            func.count(Innovation.id).filter(and_(sent, Innovation.quick_win.is_(True))),
            func.count(Innovation.id).filter(Innovation.status == Status.DRAFT),
        )
        .outerjoin(Innovation, Innovation.opd_id == Opd.id)
        .group_by(Opd.id, Opd.code, Opd.name)
        .order_by(Opd.name)
    )  # fmt: skip
    async for row in _stream(session, opd_rows):
        per_opd.append(row)
    per_opd.close()

    summary = await build_summary(session)
    per_pillar = _Sheet(
        workbook, t(lang, "exp-sheet-pillar"),
        [t(lang, "field-pillars"), *(t(lang, f"status-{s}") for s in SENT), t(lang, "exp-sent")],
        [24, *([14] * len(SENT)), 12],
    )  # fmt: skip
    for name, statuses in summary.by_pillar:
        per_pillar.append([name, *(statuses.get(s, 0) for s in SENT), sum(statuses.values())])
    per_pillar.close()

    coverage = await build_coverage(session)
    matrix = _Sheet(
        workbook, t(lang, "exp-sheet-coverage"),
        [t(lang, "field-opd"), *coverage.pillars, t(lang, "exp-covered")],
        [40, *([16] * len(coverage.pillars)), 12],
    )  # fmt: skip
    for name, flags in sorted(coverage.rows):
        matrix.append([name, *(1 if flag else 0 for flag in flags), sum(flags)])
    matrix.close()

    history = _Sheet(
        workbook, t(lang, "exp-sheet-history"),
        [t(lang, key) for key in ("exp-when", "exp-number", "exp-who", "exp-what", "exp-from",
                                  "exp-to", "exp-field", "exp-old", "exp-new", "exp-note")],
        [18, 8, 24, 16, 16, 16, 14, 40, 40, 40],
    )  # fmt: skip
    events = (
        select(Event.created_at, Event.innovation_id, Member.full_name, Event.kind,
               Event.from_status, Event.to_status, Event.field, Event.old_value,
               Event.new_value, Event.note)
        .outerjoin(Member, Member.id == Event.actor_id)
        .order_by(Event.id)
    )  # fmt: skip
    async for when, *rest in _stream(session, events):
        history.append([when.astimezone(zone).replace(tzinfo=None), *rest])
    history.close()

    workbook.save(target)
    return count


async def write_csv(
    session: AsyncSession,
    target: IO[str],
    texts: Catalog,
    lang: str,
    zone: ZoneInfo,
    filters: ExportFilter = ExportFilter(),
) -> int:
    """The innovations sheet as CSV: UTF-8 with a BOM and semicolons, as Excel in Indonesia
    opens it; text that looks like a formula is prefixed with an apostrophe."""
    writer = csv.writer(target, delimiter=";")
    writer.writerow(_headers(texts, lang, await _pillar_names(session)))
    count = 0
    async for values in innovation_rows(session, texts, lang, zone, filters):
        writer.writerow(
            [
                safe_text(v) if isinstance(v, str)
                else v.strftime("%d/%m/%Y %H:%M") if isinstance(v, datetime)
                else v.strftime("%d/%m/%Y") if isinstance(v, date)
                else "" if v is None else v
                for v in values
            ]
        )  # fmt: skip
        count += 1
    return count


def csv_bytes(text: str) -> bytes:
    return ("\ufeff" + text).encode("utf-8")
