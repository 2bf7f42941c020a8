"""Importing the OPDs' action plans (rencana aksi) from a spreadsheet, and the template for it.

The same rules as the backlog's import (``bot.plans.backlog``), whose machinery it reuses (the
table reader, the OPD and pillar indexes, the problems): headers in Indonesian or English or as
a regency's sheet names them, an unknown header reported, never guessed; every row checked
first, each bad one reported with its row, column and why; nothing written unless every row is
good, or the bad ones are to be skipped. Each row has a stable key (the file's own number, else
OPD and title), so the same file imported again changes nothing, a changed row updates its
entry, and an empty optional cell keeps what is stored."""

from __future__ import annotations

import asyncio
import re
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from pathlib import Path
from typing import Any, BinaryIO

from sqlalchemy import bindparam, case, insert, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from bot.core.texts import Catalog
from bot.innovations.rules import Invalid, valid_title
from bot.plans.backlog import (
    BATCH,
    COMMAND_LINE,
    PILLAR_NAMES_ID,
    OpdIndex,
    Outcome,
    PillarIndex,
    bad,
    file_key,
    normal,
)
from bot.plans.problems import Bad, Problem
from bot.plans.progress import BadMonth, parse_month
from bot.plans.table import Cell, Table, as_text, letter
from storage.models import Event, EventKind, Innovation, Opd, Pillar, searchable, session_now
from storage.plans import PLAN_STAGES, PlanEntry

NUMBER, OPD_CODE, OPD, PILLAR, TITLE, STAGE, MONTH, INNOVATION = (
    "number", "opd_code", "opd", "pillar_id", "title", "target_stage", "target_month",
    "innovation_id",
)  # fmt: skip
COLUMNS = (NUMBER, OPD_CODE, OPD, PILLAR, TITLE, STAGE, MONTH, INNOVATION)
# The template's headers, each also a name the import knows.
HEADERS = {
    "id": ("No", "Kode OPD", "OPD", "Pilar", "Rencana", "Target Tahap", "Bulan Target",
           "Nomor Inovasi"),
    "en": ("No", "OPD code", "OPD", "Pillar", "Plan", "Target stage", "Target month",
           "Innovation number"),
}  # fmt: skip
VARIANTS: dict[str, tuple[str, ...]] = {
    NUMBER: ("no", "no.", "nomor", "no urut", "number"),
    OPD_CODE: ("kode opd", "kode", "opd code", "code"),
    OPD: ("opd", "perangkat daerah", "skpd", "nama opd", "nama perangkat daerah", "unit kerja",
          "instansi", "nama skpd"),
    PILLAR: ("pilar", "dimensi", "pilar smart city", "dimensi smart city", "pillar"),
    TITLE: ("rencana", "rencana aksi", "judul", "judul inovasi", "nama inovasi", "quick win",
            "inovasi", "nama", "plan", "title"),
    STAGE: ("tahap", "target tahap", "tahapan", "target tahapan", "stage", "target stage"),
    MONTH: ("bulan target", "target bulan", "target", "bulan", "target month", "month"),
    INNOVATION: ("nomor inovasi", "no inovasi", "innovation number", "innovation"),
}  # fmt: skip
REQUIRED = {TITLE: "imp-no-plan-title-column", PILLAR: "imp-no-pillar-column",
            STAGE: "imp-no-stage-column", MONTH: "imp-no-month-column"}  # fmt: skip
STAGE_WORDS = {
    "uji coba": "uji_coba", "ujicoba": "uji_coba", "uji_coba": "uji_coba", "trial": "uji_coba",
    "penerapan": "penerapan", "implementation": "penerapan", "implemented": "penerapan",
    "diterapkan": "penerapan",
}  # fmt: skip
_ID = re.compile(r"^#?\s*(\d{1,9})$", re.ASCII)


def header_names() -> dict[str, str]:
    """Every header the plan import knows (normalised) → the column it is."""
    names = {normal(v): name for name, variants in VARIANTS.items() for v in variants}
    for headers in HEADERS.values():
        names.update({normal(h): name for h, name in zip(headers, COLUMNS, strict=True)})
    return names


def _stages(texts: Catalog) -> dict[str, str]:
    words = {normal(w): stage for w, stage in STAGE_WORDS.items()}
    for stage in PLAN_STAGES:
        for lang in ("id", "en"):
            words[normal(texts.text(lang, f"stage-{stage}"))] = stage.value
    return words


def _month(cell: Cell) -> date:
    value = cell.value
    if isinstance(value, datetime | date):  # a date cell in a workbook: its month
        day = value.date() if isinstance(value, datetime) else value
        return day.replace(day=1)
    text = as_text(value)
    try:
        return parse_month(text)
    except BadMonth:
        raise Bad("imp-not-month", text=text) from None


@dataclass
class Row:
    number: int  # in the file
    key: str
    opd_id: int
    values: dict[str, Any]  # pillar_id, title, target_stage, target_month, innovation_id?


@dataclass
class Parsed:
    rows: list[Row]
    problems: list[Problem]
    bad_rows: list[int] = field(default_factory=list)


def parse_table(table: Table, texts: Catalog, opds: Iterable[Opd], pillars: list[Pillar]) -> Parsed:
    """Every row checked; the good ones, and a problem for every bad cell."""
    known = header_names()
    problems: list[Problem] = []
    columns: dict[int, str] = {}
    seen: dict[str, int] = {}
    filled = {i for _, cells in table.rows for i, c in enumerate(cells) if as_text(c.value)}
    for index, header in enumerate(table.headers):
        where = letter(index)
        if not header:
            if index in filled:
                problems.append(Problem(table.header_row, where, "imp-header-missing"))
            continue
        what = known.get(normal(header))
        if what is None:
            problems.append(Problem(table.header_row, f'{where} ("{header}")',
                                    "imp-header-unknown"))  # fmt: skip
            continue
        if what in seen:
            first = f'{letter(seen[what])} ("{table.headers[seen[what]]}")'
            problems.append(Problem(table.header_row, f'{where} ("{header}")',
                                    "imp-header-twice", {"column": first}))  # fmt: skip
            continue
        seen[what] = index
        columns[index] = what
    for name, key in REQUIRED.items():
        if name not in seen:
            problems.append(Problem(table.header_row, None, key))
    if OPD not in seen and OPD_CODE not in seen:
        problems.append(Problem(table.header_row, None, "imp-no-opd-column"))
    if problems:  # the columns are wrong: the rows cannot be read meaningfully
        return Parsed([], problems)

    opd_index, pillar_index, stages = OpdIndex(opds), PillarIndex(pillars), _stages(texts)
    rows: list[Row] = []
    keys: dict[str, int] = {}
    bad_rows: list[int] = []

    def at(name: str) -> str:
        return f'{letter(seen[name])} ("{table.headers[seen[name]]}")'

    for number, cells in table.rows:
        values: dict[str, Any] = {}
        code = name = key_number = ""
        row_problems: list[Problem] = []
        for index, what in columns.items():
            cell = cells[index] if index < len(cells) else Cell(None)
            text = as_text(cell.value)
            try:
                if what == NUMBER:
                    key_number = text
                elif what == OPD_CODE:
                    code = text
                elif what == OPD:
                    name = text
                elif not text:
                    continue  # required ones are said below
                elif what == PILLAR:
                    found = pillar_index.find(text)
                    if len(found) != 1:
                        raise Bad("imp-one-pillar", text=text)
                    values[PILLAR] = found.pop()
                elif what == TITLE:
                    try:
                        values[TITLE] = valid_title(text)
                    except Invalid as exc:
                        raise bad(exc) from None
                elif what == STAGE:
                    stage = stages.get(normal(text))
                    if stage is None:
                        raise Bad("imp-not-stage", text=text)
                    values[STAGE] = stage
                elif what == MONTH:
                    values[MONTH] = _month(cell)
                elif what == INNOVATION:
                    match = _ID.match(text)
                    if match is None:
                        raise Bad("imp-not-innovation-number", text=text)
                    values[INNOVATION] = int(match.group(1))
            except Bad as exc:
                where = f'{letter(index)} ("{table.headers[index]}")'
                row_problems.append(Problem.of(number, where, exc))
        failed = {p.column for p in row_problems}
        opd: Opd | None = None
        if code or name:
            try:
                opd = opd_index.find(code, name)
            except Bad as exc:
                row_problems.append(Problem.of(number, at(OPD_CODE if code else OPD), exc))
        else:
            row_problems.append(Problem(number, "OPD", "imp-no-opd"))
        for required, key in ((TITLE, "imp-no-title"), (PILLAR, "imp-no-pillar"),
                              (STAGE, "imp-no-stage"), (MONTH, "imp-no-month")):  # fmt: skip
            if required not in values and at(required) not in failed:
                row_problems.append(Problem(number, at(required), key))
        if row_problems or opd is None:
            problems += sorted(row_problems, key=lambda p: p.column or "")
            bad_rows.append(number)
            continue
        # A number is the OPD's row in the file (see the backlog's import).
        key = (
            f"no:{opd.code}:{key_number}"
            if key_number
            else f"opd:{opd.code}:{searchable(values[TITLE])}"
        )
        if key in keys:
            same = "imp-same-number" if key.startswith("no:") else "imp-same-opd-title"
            problems.append(Problem(number, None, same, {"row": str(keys[key])}))
            bad_rows.append(number)
            continue
        keys[key] = number
        rows.append(Row(number, key[:200], opd.id, values))
    return Parsed(rows, problems, bad_rows)


async def _check_innovations(session: AsyncSession, parsed: Parsed, table: Table) -> None:
    """An innovation's number must be an innovation of the row's own OPD."""
    wanted = sorted({row.values[INNOVATION] for row in parsed.rows if INNOVATION in row.values})
    if not wanted:
        return
    found: dict[int, tuple[int, str]] = {}
    for chunk in _chunks(wanted):
        result = await session.execute(
            select(Innovation.id, Innovation.opd_id, Opd.code)
            .join(Opd, Opd.id == Innovation.opd_id)
            .where(Innovation.id.in_(chunk))
        )
        found.update({i: (opd_id, code) for i, opd_id, code in result})
    column = next(f'{letter(i)} ("{h}")' for i, h in enumerate(table.headers)
                  if header_names().get(normal(h)) == INNOVATION)  # fmt: skip
    good: list[Row] = []
    for row in parsed.rows:
        number = row.values.get(INNOVATION)
        if number is None:
            good.append(row)
            continue
        owner = found.get(number)
        if owner is None:
            parsed.problems.append(Problem(row.number, column, "imp-no-innovation",
                                           {"number": str(number)}))  # fmt: skip
        elif owner[0] != row.opd_id:
            parsed.problems.append(Problem(row.number, column, "imp-innovation-other-opd",
                                           {"number": str(number), "code": owner[1]}))  # fmt: skip
        else:
            good.append(row)
            continue
        parsed.bad_rows.append(row.number)
    parsed.rows[:] = good
    parsed.problems.sort(key=lambda p: p.row or 0)
    parsed.bad_rows.sort()


def _chunks(items: list[Any], size: int = BATCH) -> Iterable[list[Any]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


READ = ("id", "import_key", "opd_id", PILLAR, TITLE, STAGE, MONTH, INNOVATION)


async def store(
    session: AsyncSession,
    parsed: Parsed,
    *,
    file_name: str,
    by: str,
    by_member_id: int | None = None,
    dry_run: bool = False,
) -> Outcome:
    """New rows inserted, changed ones updated (Core statements in batches), and one audit
    event for the file. `dry_run`: counted, nothing written."""
    table = PlanEntry.__table__
    existing: dict[str, dict[str, Any]] = {}
    for chunk in _chunks([row.key for row in parsed.rows]):
        result = await session.execute(
            select(*(table.c[name] for name in READ)).where(table.c.import_key.in_(chunk))
        )
        existing.update({found.import_key: dict(found._mapping) for found in result})
    await _adopt(session, parsed, existing)
    outcome = Outcome()
    new: list[Row] = []
    changes: list[dict[str, Any]] = []
    for row in parsed.rows:
        old = existing.get(row.key)
        if old is None:
            new.append(row)
            continue
        wanted = {name: row.values.get(name, old[name]) for name in READ[3:]}
        wanted["opd_id"] = row.opd_id
        if any(old[name] != value for name, value in wanted.items()):
            changes.append({"b_id": old["id"], **{f"v_{n}": v for n, v in wanted.items()}})
        else:
            outcome.unchanged += 1
    outcome.created, outcome.updated = len(new), len(changes)
    if dry_run:
        return outcome
    connection = await session.connection()
    now = session_now(session)
    for chunk in _chunks(new):
        await connection.execute(insert(table), [
            {"opd_id": row.opd_id, INNOVATION: None, **row.values, "import_key": row.key,
             "imported_from": file_name[:255], "created_by_id": by_member_id,
             "reminded_due": None, "reminded_late": None, "created_at": now, "updated_at": now}
            for row in chunk
        ])  # fmt: skip
    if changes:
        names = ("opd_id", *READ[3:])
        statement = (
            update(table)
            .where(table.c.id == bindparam("b_id"))
            .values({**{name: bindparam(f"v_{name}") for name in names},
                     "imported_from": bindparam("v_file"), "updated_at": bindparam("v_now"),
                     # A target month moved: the reminders before and after it are due again
                     # (the right-hand sides read the row as it was).
                     **{name: case((table.c[MONTH] == bindparam(f"v_{MONTH}"), table.c[name]),
                                   else_=None)
                        for name in ("reminded_due", "reminded_late")}})
        )  # fmt: skip
        for chunk in _chunks(changes):
            await connection.execute(
                statement, [{**change, "v_file": file_name[:255], "v_now": now} for change in chunk]
            )
    if new or changes:
        await connection.execute(insert(Event.__table__), [{
            "innovation_id": None, "actor_id": by_member_id, "kind": EventKind.IMPORTED.value,
            "from_status": None, "to_status": None, "field": None, "old_value": None,
            "new_value": None, "note": f"{file_name} ({by})",
            "details": {"file": file_name, "by": by, "plans": True, "created": outcome.created,
                        "updated": outcome.updated, "unchanged": outcome.unchanged},
        }])  # fmt: skip
    return outcome


async def _adopt(
    session: AsyncSession, parsed: Parsed, existing: dict[str, dict[str, Any]]
) -> None:
    """Rows whose key finds nothing take the entry of the same OPD and title (case and accents
    ignored), which keeps the key it had: a list renumbered makes no duplicates."""
    table = PlanEntry.__table__
    missing = {(row.opd_id, searchable(row.values[TITLE])): row.key
               for row in parsed.rows if row.key not in existing}  # fmt: skip
    if not missing:
        return
    taken = {old["id"] for old in existing.values()}
    for chunk in _chunks(sorted({opd_id for opd_id, _ in missing})):
        result = await session.execute(
            select(*(table.c[name] for name in READ)).where(table.c.opd_id.in_(chunk))
            .order_by(table.c.id)
        )  # fmt: skip
        for found in result:
            key = missing.pop((found.opd_id, searchable(found.title)), None)
            if key is not None and found.id not in taken:
                existing[key] = dict(found._mapping)
                taken.add(found.id)


@dataclass
class Report:
    table: Table
    parsed: Parsed
    outcome: Outcome | None  # None: nothing written (problems, and no skip_bad)


async def import_table(
    session: AsyncSession,
    table: Table,
    texts: Catalog,
    *,
    file_name: str,
    by: str = COMMAND_LINE,
    by_member_id: int | None = None,
    dry_run: bool = False,
    skip_bad: bool = False,
) -> Report:
    """Check every row, then (every row good, or `skip_bad`) write the good ones. A wrong
    header is never skipped: its rows cannot be read."""
    opds = list(await session.scalars(select(Opd).order_by(Opd.code)))
    pillars = list(await session.scalars(select(Pillar).order_by(Pillar.position)))
    parsed = await asyncio.to_thread(parse_table, table, texts, opds, pillars)  # as the backlog's
    await _check_innovations(session, parsed, table)
    # A file's own numbers are keys within the file of that name (see the backlog's import).
    parsed.rows[:] = [replace(row, key=file_key(file_name, row.key)) for row in parsed.rows]
    header_bad = any(p.row in (None, table.header_row) for p in parsed.problems)
    if header_bad or (parsed.problems and not skip_bad):
        return Report(table, parsed, None)
    outcome = await store(session, parsed, file_name=file_name, by=by,
                          by_member_id=by_member_id, dry_run=dry_run)  # fmt: skip
    return Report(table, parsed, outcome)


# --- the template ----------------------------------------------------------------------------

_LISTS = {"id": ("Daftar", "Nama Indonesia", "Target Tahap"),
          "en": ("Lists", "Indonesian name", "Target stage")}  # fmt: skip
_SHEET = {"id": "Rencana Aksi", "en": "Action plan"}


def write_template(
    path: Path | BinaryIO,
    texts: Catalog,
    lang: str,
    opds: list[Opd],
    pillars: list[Pillar],
    today: date,
) -> None:
    """The columns with one example row (a month ahead), and a sheet of the OPDs, pillars and
    stages the import accepts. Every cell is text. `path`: a file's path or a binary stream."""
    from openpyxl import Workbook

    lang = lang if lang in HEADERS else "en"
    opd = opds[0] if opds else None
    ahead = date(today.year + today.month // 12, today.month % 12 + 1, 1)
    example = ["1", opd.code if opd else "DINKES", opd.name if opd else "Dinas Kesehatan",
               pillars[0].name if pillars else "Smart Governance", "Posyandu Digital",
               texts.text(lang, "stage-uji_coba"), ahead.strftime("%m/%Y"), ""]  # fmt: skip
    book = Workbook()
    sheet = book.active
    sheet.title = _SHEET[lang]
    sheet.append(list(HEADERS[lang]))
    sheet.append(example)
    for cell in sheet[2]:
        cell.data_type = "s"  # text as written (08/2026 is a month, not a division)
    lists_title, indonesian, stage_header = _LISTS[lang]
    lists = book.create_sheet(lists_title)
    lists.append([texts.text(lang, "exp-opd-code"), texts.text(lang, "field-opd"), None,
                  texts.text(lang, "field-pillars"), indonesian, None, stage_header])  # fmt: skip
    stages = [texts.text(lang, f"stage-{stage}") for stage in PLAN_STAGES]
    for index in range(max(len(opds), len(pillars), len(stages))):
        o = opds[index] if index < len(opds) else None
        p = pillars[index] if index < len(pillars) else None
        lists.append([
            o.code if o else None, o.name if o else None, None, p.name if p else None,
            PILLAR_NAMES_ID.get(p.code) if p else None, None,
            stages[index] if index < len(stages) else None,
        ])  # fmt: skip
    for column, width in zip("ABCDEFGH", (6, 14, 32, 22, 40, 16, 14, 16), strict=True):
        sheet.column_dimensions[column].width = width
    book.save(path)
