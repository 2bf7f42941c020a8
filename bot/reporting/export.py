"""The spreadsheet for reports to the regent and Kominfo: every innovation, per OPD, per pillar,
the coverage matrix and the history. Rows are read from the database a thousand at a time and
written straight to disk (``bot.core.xlsx``), so memory stays flat however many innovations there
are. A workbook larger than Telegram takes is made again in parts (``write_parts``)."""

from __future__ import annotations

import csv
import math
import re
from collections.abc import AsyncIterator, Awaitable, Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from typing import IO, Any
from zoneinfo import ZoneInfo

from sqlalchemy import ColumnElement, Select, and_, case, func, literal_column, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.core.texts import Catalog
from bot.core.xlsx import Workbook, date_text, safe_text
from bot.innovations.form import FORM, ExportColumn, Question
from bot.innovations.form import Kind as FormKind
from bot.innovations.rules import (
    MONTHS,
    NUMERIC_DATE,
    WORDED_DATE,
    YEAR_ONLY,
    Invalid,
    PartialDate,
    Precision,
    month_start,
)
from bot.reporting.export_checkins import write_checkin_sheets
from bot.reporting.export_leaders import write_leaders_sheet
from bot.reporting.export_plans import write_plan_sheet
from bot.reporting.iid_export import iid_weight, write_iid_sheets
from bot.reporting.reports import SENT, build_coverage, build_summary
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
# Telegram takes documents up to 50 MB from a bot: a larger workbook is sent in parts. A
# module constant, so that a test can lower it.
PART_LIMIT = 50 * 1000 * 1000
PART_FILL = 0.85  # parts are cut for 85 % of the limit, so that few need cutting again

Progress = Callable[[int, int], None]  # rows written, rows in all; called from the writer


@dataclass(frozen=True)
class Window:
    """Submitted from `start` to `end`, both included, local dates."""

    start: date
    end: date

    def bounds(self, zone: ZoneInfo) -> tuple[datetime, datetime]:
        begin = datetime.combine(self.start, time(), zone).astimezone(UTC)
        stop = datetime.combine(self.end + timedelta(days=1), time(), zone).astimezone(UTC)
        return begin, stop


@dataclass(frozen=True)
class ExportFilter:
    opd_code: str | None = None
    status: Status | None = None
    window: Window | None = None
    # Only innovations that were sent: a draft is the OPD's own until it is (the chat's
    # /ekspor, for coordinators). The summary sheets still count the drafts per OPD.
    sent_only: bool = False

    @property
    def empty(self) -> bool:
        """No OPD, status or date asked for (drafts left out or not)."""
        return self.opd_code is None and self.status is None and self.window is None


# --- the date window ------------------------------------------------------------------------

_SEPARATOR = re.compile(
    r"\s+(?:-|s/d|s\.d\.?|sd|sampai(?:\s+dengan)?|hingga|to|until)\s+|\s*(?:–|—|\.\.)\s*",
    re.IGNORECASE,
)
_LEADING = re.compile(r"^(?:dari|from|tanggal|tgl\.?)\s+", re.IGNORECASE)
ISO_DATE = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$", re.ASCII)


def _relative(word: str, today: date) -> tuple[date, date] | None:
    """The words people type for a recent period, in both languages."""
    yesterday = today - timedelta(days=1)
    last_month = month_start(today, 1)
    return {
        "hari ini": (today, today), "today": (today, today),
        "kemarin": (yesterday, yesterday), "yesterday": (yesterday, yesterday),
        "minggu ini": (today - timedelta(days=today.weekday()), today),
        "this week": (today - timedelta(days=today.weekday()), today),
        "bulan ini": (month_start(today), today), "this month": (month_start(today), today),
        "bulan lalu": (last_month, month_start(today) - timedelta(days=1)),
        "last month": (last_month, month_start(today) - timedelta(days=1)),
        "tahun ini": (date(today.year, 1, 1), today), "this year": (date(today.year, 1, 1), today),
    }.get(word)  # fmt: skip


def _period(text: str, today: date) -> tuple[date, date]:
    """One expression as the days it covers: a day, a month (`Agustus 2026`), a year (`2026`),
    or a word (`kemarin`, `bulan lalu`)."""
    value = " ".join(text.split()).lower()
    if (relative := _relative(value, today)) is not None:
        return relative
    try:
        if match := NUMERIC_DATE.match(value):
            day = date(int(match.group(3)), int(match.group(2)), int(match.group(1)))
            first = last = day
        elif match := ISO_DATE.match(value):
            first = last = date(int(match.group(1)), int(match.group(2)), int(match.group(3)))
        elif (match := WORDED_DATE.match(value)) and match.group(2) in MONTHS:
            year, month = int(match.group(3)), MONTHS[match.group(2)]
            if match.group(1):
                first = last = date(year, month, int(match.group(1)))
            else:
                first = date(year, month, 1)
                last = month_start(date(year, month, 28) + timedelta(days=7)) - timedelta(days=1)
        elif match := YEAR_ONLY.match(value):
            first, last = date(int(match.group(1)), 1, 1), date(int(match.group(1)), 12, 31)
        else:
            raise Invalid("exp-window-invalid")
    except (ValueError, OverflowError):  # 31/02/2026, year 0
        raise Invalid("exp-window-invalid") from None
    if first.year < 1945:
        raise Invalid("exp-window-invalid")
    return first, last


def parse_window(text: str, today: date) -> Window:
    """`1/10/2026 - 31/10/2026`, `1 Oktober 2026 s/d 15 Oktober 2026`, `Oktober 2026`, `2026`,
    `kemarin`, `bulan lalu`, `2026-10-01..2026-10-31`: the submission dates, both ends
    included; an end after today is today. Invalid("exp-window-invalid") when it is not
    dates at all, "-reversed" or "-future" when the dates cannot be meant."""
    value = _LEADING.sub("", " ".join(text.split()))
    pieces = _SEPARATOR.split(value, maxsplit=1)
    if len(pieces) == 2 and all(pieces):
        start, _ = _period(pieces[0], today)
        _, end = _period(pieces[1], today)
    else:
        start, end = _period(value, today)
    if start > today:
        raise Invalid("exp-window-future", start=f"{start:%d/%m/%Y}", today=f"{today:%d/%m/%Y}")
    if start > end:
        raise Invalid("exp-window-reversed", start=f"{start:%d/%m/%Y}", end=f"{end:%d/%m/%Y}")
    return Window(start, min(end, today))


@dataclass(frozen=True)
class _Column:
    """One column of the Inovasi sheet: its header and its width."""

    header: str
    width: int


def _question_width(question: Question) -> int:
    if question.kind is FormKind.TEXT:
        return 50 if question.long else 40
    return {FormKind.LINK: 30, FormKind.FILES: 10}.get(question.kind, 14)


def _columns(texts: Catalog, lang: str, pillars: list[str]) -> list[_Column]:
    """The Inovasi sheet's columns: who and where, then the form's questions in the form's
    order (`FORM.export_columns()`; the pillars, its multi-choice question, as one 1/0 column
    each where the form asks them), then the contact, when it was sent and the review."""
    t = texts.text
    columns = [_Column(t(lang, "exp-number"), 6), _Column(t(lang, "exp-opd-code"), 14),
               _Column(t(lang, "field-opd"), 32), _Column(t(lang, "exp-status"), 16)]  # fmt: skip
    by_question = {column.question.name: column for column in FORM.export_columns()}
    for question in FORM:
        if question.kind is FormKind.MULTI_CHOICE:
            columns += [_Column(pillar, 10) for pillar in pillars]
        elif (column := by_question.get(question.name)) is not None:
            columns.append(_Column(t(lang, column.header_key), _question_width(question)))
    columns += [_Column(t(lang, "field-contact"), 24), _Column(t(lang, "exp-phone"), 16),
                _Column(t(lang, "exp-submitted-at"), 18),
                *(_Column(t(lang, f"exp-score-{c}"), 10) for c in CRITERIA),
                _Column(t(lang, "exp-note"), 40)]  # fmt: skip
    return columns


def _headers(texts: Catalog, lang: str, pillars: list[str]) -> list[str]:
    return [column.header for column in _columns(texts, lang, pillars)]


def _conditions(filters: ExportFilter, zone: ZoneInfo, ids: IdRange) -> list[ColumnElement[bool]]:
    """What an innovation must be to be in this export (or this part of it)."""
    where: list[ColumnElement[bool]] = []
    if filters.opd_code:
        where.append(
            Innovation.opd_id
            == select(Opd.id).where(Opd.code == filters.opd_code).scalar_subquery()
        )
    if filters.status:
        where.append(Innovation.status == filters.status)
    if filters.sent_only:
        where.append(Innovation.status.in_(SENT))
    if filters.window:
        begin, stop = filters.window.bounds(zone)
        where += [Innovation.submitted_at >= begin, Innovation.submitted_at < stop]
    after, up_to = ids
    if after is not None:
        where.append(Innovation.id > after)
    if up_to is not None:
        where.append(Innovation.id <= up_to)
    return where


IdRange = tuple[int | None, int | None]  # (after this id, up to and with this id); None: open
EVERYTHING: IdRange = (None, None)


def _innovation_query(filters: ExportFilter, zone: ZoneInfo, ids: IdRange) -> Select[Any]:
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
    return (
        select(
            Innovation.id, Opd.code, Opd.name, Innovation.status,
            *(_form_value(column, attachments) for column in FORM.export_columns()),
            Innovation.start_date_precision,
            Innovation.contact_name, Innovation.contact_phone, Innovation.submitted_at,
            *(getattr(Evaluation, c) for c in CRITERIA), Evaluation.note,
        )
        .join(Opd, Opd.id == Innovation.opd_id)
        .outerjoin(attachments, attachments.c.innovation_id == Innovation.id)
        .outerjoin(latest, latest.c.innovation_id == Innovation.id)
        # The scores and note of the verdict it stands on; a resubmitted (or withdrawn) one
        # has none yet: the old review is history (the Riwayat sheet), not its current scores.
        .outerjoin(
            Evaluation,
            (Evaluation.id == latest.c.evaluation_id) & (Evaluation.verdict == Innovation.status),
        )
        .where(*_conditions(filters, zone, ids))
        .order_by(Innovation.id)
    )  # fmt: skip


def _form_value(column: ExportColumn, attachments: Any) -> Any:
    """What a form column reads: the innovation's own column, or the evidence counted."""
    if column.column is None:
        return func.coalesce(attachments.c.files, 0)
    return getattr(Innovation, column.column)


def _event_query(filters: ExportFilter, zone: ZoneInfo, ids: IdRange) -> Select[Any]:
    """The history of the innovations in the export; events of no innovation only in a whole
    export (or its first part)."""
    query = (
        select(Event.created_at, Event.innovation_id, Member.full_name, Event.kind,
               Event.from_status, Event.to_status, Event.field, Event.old_value,
               Event.new_value, Event.note)
        .outerjoin(Member, Member.id == Event.actor_id)
        .order_by(Event.id)
    )  # fmt: skip
    if filters.empty and not filters.sent_only and ids == EVERYTHING:
        return query
    matching = select(Innovation.id).where(*_conditions(filters, zone, ids))
    if filters.empty and ids[0] is None:
        return query.where(Event.innovation_id.in_(matching) | Event.innovation_id.is_(None))
    return query.where(Event.innovation_id.in_(matching))


async def _batches(session: AsyncSession, query: Select[Any]) -> AsyncIterator[list[Any]]:
    """The rows of `query`, BATCH at a time: one await per batch, not per row."""
    result = await session.stream(query.execution_options(yield_per=BATCH))
    async for partition in result.partitions(BATCH):
        yield partition


async def _count(session: AsyncSession, query: Select[Any]) -> int:
    return await session.scalar(select(func.count()).select_from(query.order_by(None).subquery()))


Cell = Callable[[Any], Any]


class _Names:
    """The words the rows repeat (statuses, the choices' labels, the history's events and
    fields), looked up once per export rather than once per cell."""

    def __init__(self, texts: Catalog, lang: str) -> None:
        def text(key: str) -> str:
            return texts.text(lang, key)

        keys = texts.keys(lang)
        self.status = {s.value: text(f"status-{s}") for s in Status}
        self.event = {
            key.removeprefix("event-"): text(key) for key in keys if key.startswith("event-")
        }
        self.field = {q.name: text(q.label_key) for q in FORM}
        # A choice as the history stored it (str of its value: "uji_coba", "True").
        self.choices = {
            q.name: {str(o.value): text(o.label_key) for o in q.options}
            for q in FORM
            if q.kind is FormKind.CHOICE
        }
        self.cells: list[Cell] = [self._cell(texts, lang, c) for c in FORM.export_columns()]

    @staticmethod
    def _cell(texts: Catalog, lang: str, column: ExportColumn) -> Cell:
        question = column.question
        if question.kind is FormKind.CHOICE:
            labels = {o.value: column.cell(texts, lang, o.value) for o in question.options}
            return lambda value: None if value is None else labels.get(value, value)
        return lambda value: column.cell(texts, lang, value)

    def event_row(self, row: Sequence[Any]) -> list[Any]:
        """A row of the history as a person reads it: the event, the statuses, the field and
        a choice's old and new value in their words (codes nobody has a word for stay)."""
        innovation_id, who, kind, from_status, to_status, field_name, old, new, note = row
        choices = self.choices.get(field_name or "", {})
        return [
            innovation_id, who, self.event.get(kind, kind),
            self.status.get(from_status, from_status) if from_status else None,
            self.status.get(to_status, to_status) if to_status else None,
            self.field.get(field_name, field_name) if field_name else None,
            choices.get(old, old) if old is not None else None,
            choices.get(new, new) if new is not None else None,
            note,
        ]  # fmt: skip


async def innovation_batches(
    session: AsyncSession,
    texts: Catalog,
    lang: str,
    zone: ZoneInfo,
    filters: ExportFilter,
    ids: IdRange = EVERYTHING,
) -> AsyncIterator[list[list[Any]]]:
    """Lists of rows of cell values, one row per innovation, with the pillars as 1/0 columns:
    the pillar links are streamed in the same order and merged, nothing is held for the whole
    set."""
    names = _Names(texts, lang)
    width = len(names.cells)
    # Where the form asks the pillars: their 1/0 columns go among its columns there.
    kinds = [question.kind for question in FORM]
    pillars_at = kinds.index(FormKind.MULTI_CHOICE) if FormKind.MULTI_CHOICE in kinds else width
    columns = [column.column for column in FORM.export_columns()]
    dated = columns.index("start_date") if "start_date" in columns else None
    pillar_ids = list(await session.scalars(select(Pillar.id).order_by(Pillar.position)))
    links_query = select(innovation_pillar.c.innovation_id, innovation_pillar.c.pillar_id).order_by(
        innovation_pillar.c.innovation_id
    )
    after, up_to = ids
    if after is not None:
        links_query = links_query.where(innovation_pillar.c.innovation_id > after)
    if up_to is not None:
        links_query = links_query.where(innovation_pillar.c.innovation_id <= up_to)
    links = _batches(session, links_query)
    pending: list[Any] = []
    position = 0
    exhausted = False
    async for batch in _batches(session, _innovation_query(filters, zone, ids)):
        rows = []
        for row in batch:
            number = row[0]
            chosen: set[int] = set()
            while True:
                if position == len(pending):
                    if exhausted:
                        break
                    pending = await anext(links, [])
                    position = 0
                    if not pending:
                        exhausted = True
                        break
                link_id, pillar_id = pending[position]
                if link_id > number:
                    break
                if link_id == number:
                    chosen.add(pillar_id)
                position += 1
            number, opd_code, opd_name, status, *rest = row
            form_values, precision, rest = rest[:width], rest[width], rest[width + 1 :]
            cells = [cell(value) for cell, value in zip(names.cells, form_values, strict=True)]
            if dated is not None and form_values[dated] is not None:
                # A real date, shown as precisely as it was given (07/2024, 2024).
                cells[dated] = PartialDate(form_values[dated], Precision(precision or "day")).cell
            flags = [1 if pillar_id in chosen else 0 for pillar_id in pillar_ids]
            submitted_at = rest[2]
            rest[2] = submitted_at.astimezone(zone).replace(tzinfo=None) if submitted_at else None
            rows.append(
                [number, opd_code, opd_name, names.status.get(status, status),
                 *cells[:pillars_at], *flags, *cells[pillars_at:], *rest]
            )  # fmt: skip
        yield rows


async def _pillar_names(session: AsyncSession) -> list[str]:
    return list(await session.scalars(select(Pillar.name).order_by(Pillar.position)))


@dataclass
class Written:
    """What `write_xlsx` wrote: the number of innovations, their first and last number."""

    count: int = 0
    first: int | None = None
    last: int | None = None


async def write_xlsx(
    session: AsyncSession,
    target: str | Path | IO[bytes],
    texts: Catalog,
    lang: str,
    zone: ZoneInfo,
    filters: ExportFilter = ExportFilter(),
    *,
    progress: Progress | None = None,
    ids: IdRange = EVERYTHING,
    written: Written | None = None,
    folder: str | None = None,
) -> int:
    """Write the workbook; returns the number of innovations in it. `ids` limits the
    innovations (and their history) to a range, for a part."""
    t = texts.text
    written = written if written is not None else Written()
    total = 0
    if progress is not None:
        total = await _count(session, _innovation_query(filters, zone, ids)) + await _count(
            session, _event_query(filters, zone, ids)
        )
        progress(0, total)
    done = 0
    pillars = await _pillar_names(session)
    with Workbook(target, folder=folder) as book:
        columns = _columns(texts, lang, pillars)
        sheet = book.add_sheet(
            t(lang, "exp-sheet-innovations"),
            [column.header for column in columns],
            [column.width for column in columns],
        )
        async for batch in innovation_batches(session, texts, lang, zone, filters, ids):
            for values in batch:
                sheet.append(values)
            if written.first is None:
                written.first = batch[0][0]
            written.last = batch[-1][0]
            done += len(batch)
            if progress is not None:
                progress(done, total)
        count = written.count = sheet.rows

        per_opd = book.add_sheet(
            t(lang, "exp-sheet-opd"),
            [t(lang, "exp-opd-code"), t(lang, "field-opd"), t(lang, "exp-sent"),
             t(lang, "status-approved"), t(lang, "field-quick_win"), t(lang, "status-draft")],
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
        async for batch in _batches(session, opd_rows):
            for row in batch:
                per_opd.append(row)

        summary = await build_summary(session)
        per_pillar = book.add_sheet(
            t(lang, "exp-sheet-pillar"),
            # Where the sent ones stand, then their total: "submitted" (the status) is said as
            # "waiting for review", so it is not taken for the total.
            [t(lang, "field-pillars"), t(lang, "exp-waiting"),
             *(t(lang, f"status-{s}") for s in SENT if s != Status.SUBMITTED),
             t(lang, "exp-sent")],
            [24, *([14] * len(SENT)), 12],
        )  # fmt: skip
        for name, statuses in summary.by_pillar:
            per_pillar.append([name, *(statuses.get(s, 0) for s in SENT), sum(statuses.values())])

        coverage = await build_coverage(session)
        matrix = book.add_sheet(
            t(lang, "exp-sheet-coverage"),
            [t(lang, "field-opd"), *coverage.pillars, t(lang, "exp-covered")],
            [40, *([16] * len(coverage.pillars)), 12],
        )  # fmt: skip
        for name, flags in sorted(coverage.rows):
            matrix.append([name, *(1 if flag else 0 for flag in flags), sum(flags)])

        # The action plans beside the other summaries (the whole plan, in every part).
        await write_plan_sheet(book, session, texts, lang, zone, filters.opd_code)

        names = _Names(texts, lang)
        history = book.add_sheet(
            t(lang, "exp-sheet-history"),
            [t(lang, key) for key in ("exp-when", "exp-number", "exp-who", "exp-what",
                                      "exp-from", "exp-to", "exp-field", "exp-old", "exp-new",
                                      "exp-note")],
            [18, 8, 24, 16, 16, 16, 14, 40, 40, 40],
        )  # fmt: skip
        async for batch in _batches(session, _event_query(filters, zone, ids)):
            for when, *rest in batch:
                history.append([when.astimezone(zone).replace(tzinfo=None),
                                *names.event_row(rest)])  # fmt: skip
            done += len(batch)
            if progress is not None:
                progress(done, total)

        matching = select(Innovation.id).where(*_conditions(filters, zone, ids))
        await write_checkin_sheets(book, session, texts, lang, zone, matching)
        await write_iid_sheets(book, session, texts, lang, _conditions(filters, zone, ids))
        if filters.opd_code is None:  # the whole regency's report, in an export of every OPD
            await write_leaders_sheet(book, session, texts, lang, zone)
    return count


# --- parts: never a file larger than Telegram takes -----------------------------------------

MARK_EVERY = 1000  # innovation numbers per mark of the weights, the finest cut planned
# How much the text of a workbook shrinks at least in its zip (measured: 3.4 with short answers,
# 3.9 with 3,000-character ones); each part written measures it again for the next.
RATIO = 3.0


@dataclass(frozen=True)
class Part:
    path: Path
    count: int  # innovations in it
    first: int | None  # the first and last innovation number in it
    last: int | None


Writer = Callable[..., Awaitable[int]]
PartProgress = Callable[[float, int], None]  # share done (0-1), number of parts (1: whole)


class Weights:
    """About how many characters the export's rows and history take, cumulated per
    MARK_EVERY innovation numbers: two grouped statements, before anything is written."""

    def __init__(self, marks: list[tuple[int, int]]) -> None:
        self.marks = marks  # (the last innovation number of a mark, weight up to it)
        self.total = marks[-1][1] if marks else 0
        self.last = marks[-1][0] if marks else None

    @classmethod
    async def of(cls, session: AsyncSession, filters: ExportFilter, zone: ZoneInfo) -> Weights:
        def size(*columns: Any) -> Any:
            return sum((func.coalesce(func.length(c), 0) for c in columns), start=0)

        every = literal_column(str(int(MARK_EVERY)))  # one literal: GROUP BY repeats it
        bucket = Innovation.id // every
        rows = await session.execute(
            select(bucket, func.max(Innovation.id),
                   func.sum(size(Innovation.title, Innovation.problem, Innovation.solution,
                                 Innovation.goal, Innovation.benefit, Innovation.link,
                                 Innovation.contact_name) + 200 + iid_weight(size)))
            .where(*_conditions(filters, zone, EVERYTHING))
            .group_by(bucket)
        )  # fmt: skip
        weights = {b: [last, int(w or 0)] for b, last, w in rows}
        history = _event_query(filters, zone, EVERYTHING).order_by(None).subquery()
        # Events of no innovation (an /iid import) are a group of their own (NULL), added to
        # the first mark below; FLOOR is never given their NULL: SQLAlchemy's floor for SQLite
        # is Python's math.floor, which raises on it (and ended the whole export).
        owner = history.c.innovation_id
        event_bucket = case((owner.is_not(None), owner // every))
        events = await session.execute(
            select(event_bucket,
                   func.sum(size(history.c.old_value, history.c.new_value, history.c.note) + 80))
            .group_by(event_bucket)
        )  # fmt: skip
        first = min(weights, default=None)
        for b, w in events:
            target = weights.get(b if b is not None else first)
            if target is not None:
                target[1] += int(w or 0)
        marks, total = [], 0
        for b in sorted(weights):
            total += weights[b][1]
            marks.append((weights[b][0], total))
        return cls(marks)

    def upto(self, number: int | None) -> int:
        """The weight of the innovations up to and with `number` (None: none), by marks."""
        if number is None:
            return 0
        return max([w for last, w in self.marks if last <= number], default=0)

    def of_range(self, ids: IdRange) -> int:
        end = self.total if ids[1] is None else self.upto(ids[1])
        return end - self.upto(ids[0])


def _cut(
    marks: list[tuple[int, int]], parts: int, ids: IdRange, first: int | None, last: int | None
) -> list[IdRange]:
    """`ids` (innovations `first` to `last`) cut into `parts` ranges of about the same weight
    at the marks; by innovation number where there are too few marks; [ids] when it holds a
    single innovation."""
    inside = [(i, w) for i, w in marks if (ids[0] is None or i > ids[0])
              and (ids[1] is None or i <= ids[1])]  # fmt: skip
    cuts: list[int] = []
    if len(inside) > parts:
        base = max([w for i, w in marks if ids[0] is not None and i <= ids[0]], default=0)
        total = inside[-1][1] - base
        for number in range(1, parts):
            # The last mark within the share (a part a little light rather than too heavy).
            below = [i for i, w in inside if w <= base + total * number / parts]
            mark = below[-1] if below else inside[0][0]
            if mark != inside[-1][0] and (not cuts or mark > cuts[-1]):
                cuts.append(mark)
    elif first is not None and last is not None and first < last:
        for number in range(1, parts):
            mark = first + (last - first) * number // parts
            if first <= mark < last and (not cuts or mark > cuts[-1]):
                cuts.append(mark)
    edges: list[int | None] = [ids[0], *cuts, ids[1]]
    return [(edges[n], edges[n + 1]) for n in range(len(edges) - 1)]


async def write_parts(
    session: AsyncSession,
    folder: Path,
    name: str,
    texts: Catalog,
    lang: str,
    zone: ZoneInfo,
    filters: ExportFilter,
    *,
    write: Writer = write_xlsx,
    progress: PartProgress | None = None,
    label: Callable[[int, int], str] = lambda part, parts: f"{part}-{parts}",
) -> list[Part]:
    """The workbook as one file in `folder` when it is at most PART_LIMIT bytes; else parts by
    innovation number, each at most PART_LIMIT, each with the summary sheets and the history
    of its own innovations. The weights say beforehand whether it will fit (then one pass, as
    nearly always) or how to cut it (one pass over the parts; each part measures how well the
    rows compress, and the rest is cut by that); a part that still comes out too large is
    made again in two."""
    limit = PART_LIMIT
    weights = await Weights.of(session, filters, zone)
    ratio = RATIO
    if weights.total / ratio <= limit * PART_FILL:
        whole = folder / f"{name}.xlsx"
        written = Written()

        def whole_progress(done: int, total: int) -> None:
            if progress is not None:
                progress(done / total if total else 1.0, 1)

        with whole.open("wb") as target:
            count = await write(session, target, texts, lang, zone, filters,
                                progress=whole_progress, written=written,
                                folder=str(folder))  # fmt: skip
        size = whole.stat().st_size
        if size <= limit:
            return [Part(whole, count, written.first, written.last)]
        whole.unlink()  # the text compressed less than expected: cut by what it did
        ratio = weights.total / size if weights.total else ratio
    done: list[tuple[Path, Written]] = []
    after: int | None = None
    again: list[IdRange] = []  # halves of a part that came out too large, to write next
    while True:
        remaining = weights.total - weights.upto(after)
        planned = max(1, math.ceil(remaining / ratio / (limit * PART_FILL)))
        if again:
            ids = again.pop(0)
        else:
            first = (after or 0) + 1
            ids = _cut(weights.marks, planned, (after, None), first, weights.last)[0]
        path = folder / f"{name}-{len(done) + 1}-{len(again)}.xlsx"
        part = Written()
        share_before = weights.upto(after) / weights.total if weights.total else 0.0
        share_part = weights.of_range(ids) / weights.total if weights.total else 1.0
        parts_shown = len(done) + len(again) + planned

        def part_progress(
            rows: int, total: int, before: float = share_before, share: float = share_part,
            shown: int = parts_shown,
        ) -> None:  # fmt: skip
            if progress is not None:
                progress(min(1.0, before + share * (rows / total if total else 1.0)), shown)

        with path.open("wb") as target:
            await write(session, target, texts, lang, zone, filters, progress=part_progress,
                        ids=ids, written=part, folder=str(folder))  # fmt: skip
        size = path.stat().st_size
        weight = weights.of_range(ids)
        if size > limit:
            halves = _cut(weights.marks, 2, ids, part.first, part.last)
            if len(halves) == 2:  # else a single innovation: it goes as it is
                path.unlink()
                again[:0] = halves
                if weight > 0:
                    ratio = min(ratio, weight / size)
                continue
        done.append((path, part))
        if weight > 0 and size > 0:
            ratio = weight / size
        after = ids[1]
        if after is None and not again:
            break
    parts = []
    for number, (path, part) in enumerate(done, start=1):
        named = folder / f"{name}-{label(number, len(done))}.xlsx"
        path.rename(named)
        parts.append(Part(named, part.count, part.first, part.last))
    return parts


async def write_csv(
    session: AsyncSession,
    target: IO[str],
    texts: Catalog,
    lang: str,
    zone: ZoneInfo,
    filters: ExportFilter = ExportFilter(),
) -> int:
    """The innovations sheet as CSV: UTF-8 with a BOM and semicolons, as Excel in Indonesia
    opens it; text that looks like a formula is prefixed with an apostrophe. The other sheets
    (the summaries, the action plans, the history) are the workbook's only: a CSV is one
    table."""
    writer = csv.writer(target, delimiter=";")
    writer.writerow(_headers(texts, lang, await _pillar_names(session)))
    count = 0
    async for batch in innovation_batches(session, texts, lang, zone, filters):
        writer.writerows(
            [
                safe_text(v) if isinstance(v, str)
                else v.strftime("%d/%m/%Y %H:%M") if isinstance(v, datetime)
                else date_text(v) if isinstance(v, date)
                else "" if v is None else v
                for v in values
            ]
            for values in batch
        )  # fmt: skip
        count += len(batch)
    return count


def csv_bytes(text: str) -> bytes:
    return ("\ufeff" + text).encode("utf-8")
