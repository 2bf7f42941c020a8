"""Importing the innovations a regency already has (its backlog) from a spreadsheet, and the
template for it.

The columns are the form's (``FORM``, headed as the export heads its Inovasi sheet, in
Indonesian or English) plus the names a regency's own sheet gives them; a header nobody knows
is reported, never guessed. Every row is checked first (its OPD, pillars, choices, date, texts
by the form's own rules); nothing is written unless every row is good, or the bad ones are to
be skipped. Each row has a stable key (the file's own number, else OPD and title), so the same
file imported again changes nothing, and a changed row updates its record. The writes are Core
statements in batches (INSERT, UPDATE, the pillar links and the audit events), in the caller's
one transaction."""

from __future__ import annotations

import asyncio
import hashlib
import re
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from pathlib import Path
from typing import Any, BinaryIO

from sqlalchemy import bindparam, delete, insert, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from bot.core.texts import Catalog
from bot.innovations.form import FORM, Kind, Question
from bot.innovations.rules import (
    Invalid,
    PartialDate,
    Precision,
    parse_partial_date,
    valid_link,
    valid_long_text,
    valid_title,
)
from bot.plans.problems import Bad, Problem
from bot.plans.table import Cell, Table, as_text, letter
from storage.models import (
    CRITERIA,
    SEARCHED,
    Event,
    EventKind,
    Innovation,
    Opd,
    Pillar,
    Status,
    innovation_pillar,
    searchable,
    session_now,
)

BATCH = 500
COMMAND_LINE = "command line"

# --- the columns -----------------------------------------------------------------------------

# Columns the import reads besides the form's questions.
NUMBER, OPD_CODE, OPD, STATUS, CONTACT, PHONE = (
    "number", "opd_code", "opd", "status", "contact_name", "contact_phone",
)  # fmt: skip
# The export's columns that the import knows and leaves (computed, or the review's).
IGNORED = "ignored"
QUESTIONS = [q for q in FORM if q.kind is not Kind.FILES]

# The names a regency's own spreadsheet gives the columns, besides the export's headers.
VARIANTS: dict[str, tuple[str, ...]] = {
    NUMBER: ("no", "no.", "nomor", "no urut", "number", "nomor inovasi"),
    OPD_CODE: ("kode opd", "kode", "opd code", "code"),
    OPD: ("perangkat daerah", "opd", "skpd", "nama opd", "nama perangkat daerah", "unit kerja",
          "instansi", "nama skpd"),
    STATUS: ("status",),
    "title": ("nama inovasi", "judul", "judul inovasi", "inovasi", "nama", "title"),
    "pillars": ("pilar", "dimensi", "pilar smart city", "dimensi smart city", "pillar",
                "pillars"),
    "quick_win": ("quick win", "quickwin"),
    "stage": ("tahapan", "tahap", "tahapan inovasi", "stage"),
    "kind": ("jenis", "jenis inovasi", "kind", "type"),
    "problem": ("permasalahan", "masalah", "problem"),
    "solution": ("solusi", "perubahan", "solution"),
    "goal": ("tujuan", "goal"),
    "benefit": ("manfaat", "benefit"),
    "start_date": ("tanggal mulai", "mulai", "waktu mulai", "tanggal", "start date"),
    "link": ("tautan", "link", "url", "alamat web"),
    CONTACT: ("narahubung", "kontak", "contact"),
    PHONE: ("telepon", "no hp", "nomor hp", "hp", "phone", "no telepon"),
}  # fmt: skip

# Indonesian names of the master plan's pillars (the stored names are the English ones).
PILLAR_NAMES_ID = {
    "governance": "Tata Kelola Pemerintahan", "branding": "Branding Daerah",
    "economy": "Ekonomi", "living": "Kualitas Hidup", "society": "Masyarakat",
    "environment": "Lingkungan",
}  # fmt: skip

_WORD = re.compile(r"[^\w]+")


def normal(text: str) -> str:
    """A header or a name as compared: case, punctuation and spacing forgiven."""
    return " ".join(_WORD.sub(" ", text.casefold()).replace("_", " ").split())


def _export_headers(texts: Catalog) -> dict[str, str]:
    """The export's own headers, both languages → what each is."""
    headers: dict[str, str] = {}
    for lang in ("id", "en"):

        def t(key: str, lang: str = lang) -> str:
            return texts.text(lang, key)

        headers[normal(t("exp-number"))] = NUMBER
        headers[normal(t("exp-opd-code"))] = OPD_CODE
        headers[normal(t("field-opd"))] = OPD
        headers[normal(t("exp-status"))] = STATUS
        for question in FORM:
            what = IGNORED if question.kind is Kind.FILES else question.name
            headers[normal(t(question.label_key))] = what
        headers[normal(t("field-contact"))] = CONTACT
        headers[normal(t("exp-phone"))] = PHONE
        for key in ("exp-submitted-at", "exp-note", *(f"exp-score-{c}" for c in CRITERIA)):
            headers[normal(t(key))] = IGNORED
    return headers


def header_names(texts: Catalog, pillars: list[Pillar]) -> dict[str, str]:
    """Every header the import knows (normalised) → the column it is: a field's name, a
    pillar's 1/0 column (``pillar:<id>``, as the export writes them) or IGNORED."""
    names = {normal(v): name for name, variants in VARIANTS.items() for v in variants}
    names.update(_export_headers(texts))
    for pillar in pillars:
        names[normal(pillar.name)] = f"pillar:{pillar.id}"
    return names


# --- the values ------------------------------------------------------------------------------


# The form's reasons (said in the chat as a question's answer) as an import says them.
REASONS = {
    "sub-invalid-title": "imp-title-length", "sub-invalid-short": "imp-too-short",
    "sub-invalid-long": "imp-too-long", "sub-invalid-link": "imp-not-link",
    "sub-invalid-date": "imp-not-date", "sub-invalid-future-date": "imp-future-date",
}  # fmt: skip


def bad(exc: Invalid) -> Bad:
    """The form's refusal of an answer, as the import's reason."""
    a = exc.arguments
    names = ("min", "max", "length")
    return Bad(REASONS.get(exc.key, "imp-invalid"),
               **{n: a[n] for n in names if n in a})  # fmt: skip


TRUE_WORDS = {"1", "ya", "y", "yes", "true", "benar", "x", "v", "✓", "√"}
FALSE_WORDS = {"0", "tidak", "t", "no", "n", "false", "bukan", "-"}
MONTH_YEAR = re.compile(r"^(\d{1,2})[/\-.](\d{4})$", re.ASCII)
ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T].*)?$", re.ASCII)


def _choices(texts: Catalog, question: Question) -> dict[str, Any]:
    words: dict[str, Any] = {}
    for option in question.options:
        for lang in ("id", "en"):
            words[normal(option.text(texts, lang))] = option.value
        words[normal(str(option.value))] = option.value
    if question.name == "quick_win":
        words.update({normal(w): True for w in TRUE_WORDS} | {w: False for w in FALSE_WORDS})
    if question.name == "stage":
        words.update({"ujicoba": "uji_coba", "inisiasi": "inisiatif", "trial": "uji_coba"})
    if question.name == "kind":
        words.update({"nondigital": "non_digital", "non digital": "non_digital"})
    return words


def _date(cell: Cell, today: date) -> PartialDate:
    value = cell.value
    if isinstance(value, datetime | date):
        day = value.date() if isinstance(value, datetime) else value
        shown = cell.number_format.casefold()
        # The export writes a date known to its month as MM/YYYY, to its year as YYYY.
        if "d" not in shown and "m" in shown:
            partial = PartialDate(day.replace(day=1), Precision.MONTH)
        elif "d" not in shown and "m" not in shown and "y" in shown:
            partial = PartialDate(day.replace(month=1, day=1), Precision.YEAR)
        else:
            partial = PartialDate(day, Precision.DAY)
        if partial.day > today:
            raise Bad("imp-future-date")
        return partial
    text = as_text(value)
    if match := MONTH_YEAR.match(text):  # the export's CSV writes a month as 08/2024
        month, year = int(match.group(1)), int(match.group(2))
        if 1 <= month <= 12 and year >= 1945:
            partial = PartialDate(date(year, month, 1), Precision.MONTH)
            if partial.day > today:
                raise Bad("imp-future-date")
            return partial
    if match := ISO.match(text):
        text = f"{match.group(3)}/{match.group(2)}/{match.group(1)}"
    try:
        return parse_partial_date(text, today)
    except Invalid as exc:
        raise bad(exc) from None


# --- the rows --------------------------------------------------------------------------------


@dataclass
class Row:
    number: int  # in the file
    key: str
    opd_id: int
    values: dict[str, Any]  # column → value, the columns the file gives
    pillar_ids: set[int] | None  # None: the file has no pillar column


@dataclass
class Parsed:
    rows: list[Row]
    problems: list[Problem]
    columns: list[str]  # the innovation's columns the file gives
    with_pillars: bool
    left: list[str] = field(default_factory=list)  # headers known but not imported
    bad_rows: list[int] = field(default_factory=list)


class OpdIndex:
    """OPDs found by code or by name: case, spacing, punctuation and the usual abbreviations
    ("Dis"/"Din" for Dinas, "Bd."/"Bdn" for Badan, "Kec." for Kecamatan …) forgiven; a name
    that is part of several OPDs' names is ambiguous."""

    ABBREVIATIONS = {
        "dis": "dinas", "din": "dinas", "dns": "dinas", "bd": "badan", "bdn": "badan",
        "kec": "kecamatan", "kel": "kelurahan", "kab": "kabupaten", "sekr": "sekretariat",
        "set": "sekretariat", "rsud": "rumah sakit umum daerah", "dan": "", "&": "",
    }  # fmt: skip

    def __init__(self, opds: Iterable[Opd]) -> None:
        self.opds = list(opds)
        self.by_code = {normal(o.code).replace(" ", ""): o for o in self.opds}
        self.by_name: dict[str, list[Opd]] = {}
        for opd in self.opds:
            self.by_name.setdefault(self._name(opd.name), []).append(opd)

    @classmethod
    def _name(cls, text: str) -> str:
        words = (cls.ABBREVIATIONS.get(w, w) for w in normal(text).split())
        return " ".join(" ".join(words).split())

    def find(self, code: str, name: str) -> Opd:
        if code:
            found = self.by_code.get(normal(code).replace(" ", ""))
            if found is None:
                raise Bad("imp-no-opd-code", code=code)
            return found
        if (found := self.by_code.get(normal(name).replace(" ", ""))) is not None:
            return found  # a code in the name's column (DINKES)
        wanted = self._name(name)
        exact = self.by_name.get(wanted, [])
        if len(exact) == 1:
            return exact[0]
        candidates = exact or [
            o for key, opds in self.by_name.items() for o in opds
            if wanted and all(word in key.split() for word in wanted.split())
        ]  # fmt: skip
        if len(candidates) == 1:
            return candidates[0]
        if candidates:
            shown = ", ".join(f"{o.code} ({o.name})" for o in candidates[:4])
            raise Bad("imp-opd-ambiguous", name=name, candidates=shown)
        raise Bad("imp-no-opd-named", name=name)


class PillarIndex:
    SPLIT = re.compile(r"\s*(?:[,;/\n|+&]|\bdan\b|\band\b)\s*", re.IGNORECASE)

    def __init__(self, pillars: Iterable[Pillar]) -> None:
        self.names: dict[str, int] = {}
        for pillar in pillars:
            for name in (pillar.code, pillar.name, PILLAR_NAMES_ID.get(pillar.code, "")):
                if name:
                    self.names[normal(name)] = pillar.id
                    self.names[normal(name).removeprefix("smart ")] = pillar.id

    def find(self, text: str) -> set[int]:
        found: set[int] = set()
        for part in self.SPLIT.split(text):
            if not part.strip():
                continue
            pillar_id = self.names.get(normal(part))
            if pillar_id is None:
                raise Bad("imp-not-pillar", text=part.strip())
            found.add(pillar_id)
        return found


def _flag(value: Any) -> bool:
    text = normal(as_text(value))
    if text in TRUE_WORDS:
        return True
    if text in FALSE_WORDS or text == "":
        return False
    raise Bad("imp-not-flag", text=as_text(value))


def _status(texts: Catalog) -> dict[str, Status | None]:
    words: dict[str, Status | None] = {}
    for status in Status:
        for lang in ("id", "en"):
            words[normal(texts.text(lang, f"status-{status}"))] = None
        words[normal(status.value)] = None
    for status, extra in (
        (Status.APPROVED, ("disetujui", "approved", "setuju")),
        (Status.SUBMITTED, ("terkirim", "submitted", "diajukan", "dikirim")),
    ):
        for lang in ("id", "en"):
            words[normal(texts.text(lang, f"status-{status}"))] = status
        words.update({normal(w): status for w in (*extra, status.value)})
    return words  # fmt: skip


def parse_table(
    table: Table, texts: Catalog, opds: Iterable[Opd], pillars: list[Pillar], today: date
) -> Parsed:
    """Every row checked; the good ones, and a problem for every bad cell."""
    known = header_names(texts, pillars)
    problems: list[Problem] = []
    columns: dict[int, str] = {}
    seen: dict[str, int] = {}
    left: list[str] = []
    filled = {i for _, cells in table.rows for i, c in enumerate(cells) if as_text(c.value)}
    for index, header in enumerate(table.headers):
        where = f"{letter(index)}"
        if not header:
            if index in filled:
                problems.append(Problem(table.header_row, where, "imp-header-missing"))
            continue
        what = known.get(normal(header))
        if what is None:
            problems.append(
                Problem(table.header_row, f'{where} ("{header}")', "imp-header-unknown")
            )
            continue
        if what == IGNORED:
            left.append(header)
            continue
        if what in seen:
            problems.append(Problem(table.header_row, f'{where} ("{header}")',
                                    "imp-header-twice", {"column": f'{letter(seen[what])} '
                                    f'("{table.headers[seen[what]]}")'}))  # fmt: skip
            continue
        seen[what] = index
        columns[index] = what
    if "title" not in seen:
        problems.append(Problem(table.header_row, None, "imp-no-title-column"))
    if OPD not in seen and OPD_CODE not in seen:
        problems.append(Problem(table.header_row, None, "imp-no-opd-column"))
    with_pillars = "pillars" in seen or any(w.startswith("pillar:") for w in seen)
    stored = [q.name for q in QUESTIONS if q.name in seen and q.kind is not Kind.MULTI_CHOICE]
    stored += [name for name in (CONTACT, PHONE, STATUS) if name in seen]
    if problems:  # the columns are wrong: the rows cannot be read meaningfully
        return Parsed([], problems, [], with_pillars, left)

    opd_index, pillar_index = OpdIndex(opds), PillarIndex(pillars)
    choices = {q.name: _choices(texts, q) for q in QUESTIONS if q.kind is Kind.CHOICE}
    statuses = _status(texts)
    rows: list[Row] = []
    keys: dict[str, int] = {}
    bad_rows: list[int] = []
    for number, cells in table.rows:
        values: dict[str, Any] = {}
        pillar_ids: set[int] = set()
        code = name = key_number = ""
        row_problems: list[Problem] = []
        failed: set[str] = set()
        for index, what in columns.items():
            cell = cells[index] if index < len(cells) else Cell(None)
            text = as_text(cell.value)
            where = f'{letter(index)} ("{table.headers[index]}")'
            try:
                if what == NUMBER:
                    key_number = text
                elif what == OPD_CODE:
                    code = text
                elif what == OPD:
                    name = text
                elif what == STATUS:
                    if text:
                        status = statuses.get(normal(text), ...)
                        if status is ...:
                            raise Bad("imp-not-status", text=text)
                        if status is None:
                            raise Bad("imp-status-not-imported", text=text)
                        values[STATUS] = status.value
                elif what.startswith("pillar:"):
                    if _flag(cell.value):
                        pillar_ids.add(int(what.removeprefix("pillar:")))
                elif what == "pillars":
                    pillar_ids |= pillar_index.find(text)
                elif what in (CONTACT, PHONE):
                    limit = 128 if what == CONTACT else 32
                    if len(text) > limit:
                        raise Bad("imp-too-long", length=len(text), max=limit)
                    values[what] = text or None
                else:
                    question = FORM[what]
                    values.update(question.columns(_value(question, cell, text, choices,
                                                          today)))  # fmt: skip
            except Bad as exc:
                row_problems.append(Problem.of(number, where, exc))
                failed.add(what)
        opd: Opd | None = None
        if code or name:
            try:
                opd = opd_index.find(code, name)
            except Bad as exc:
                column = OPD_CODE if code else OPD
                where = f'{letter(seen[column])} ("{table.headers[seen[column]]}")'
                row_problems.append(Problem.of(number, where, exc))
        else:
            row_problems.append(Problem(number, "OPD", "imp-no-opd"))
        if values.get("title") is None and "title" not in failed:
            where = f'{letter(seen["title"])} ("{table.headers[seen["title"]]}")'
            row_problems.append(Problem(number, where, "imp-no-title"))
        if row_problems or opd is None:
            problems += row_problems
            bad_rows.append(number)
            continue
        title = values["title"]
        # A number is the OPD's row in the file (a sheet numbered per OPD, or several OPDs'
        # lists sent one by one on the same template, never take each other's rows).
        key = (
            f"no:{opd.code}:{key_number}"
            if NUMBER in seen and key_number
            else (f"opd:{opd.code}:{searchable(title)}")
        )
        if key in keys:
            same = "imp-same-number" if key.startswith("no:") else "imp-same-opd-title"
            problems.append(Problem(number, None, same, {"row": str(keys[key])}))
            bad_rows.append(number)
            continue
        keys[key] = number
        rows.append(Row(number, key[:200], opd.id, values, pillar_ids if with_pillars else None))
    return Parsed(rows, problems, stored, with_pillars, left, bad_rows)


def _value(
    question: Question, cell: Cell, text: str, choices: dict[str, dict[str, Any]], today: date
) -> Any:
    """One answer of the form from a cell, by the question's own rules; None when empty."""
    if question.kind is Kind.DATE:
        return None if not text else _date(cell, today)
    if not text:
        return None
    try:
        if question.kind is Kind.CHOICE:
            value = choices[question.name].get(normal(text), ...)
            if value is ...:
                labels = sorted({str(o.value) for o in question.options})
                raise Bad("imp-not-a-choice", text=text, choices=", ".join(labels))
            return value
        if question.kind is Kind.LINK:
            return valid_link(text)
        if question.name == "title":
            return valid_title(text)
        return valid_long_text(text)
    except Invalid as exc:
        raise bad(exc) from None


# --- writing ---------------------------------------------------------------------------------


@dataclass
class Outcome:
    created: int = 0
    updated: int = 0
    unchanged: int = 0


def _stored_columns(parsed: Parsed) -> list[str]:
    """The innovation's columns the file gives (a date: its day and its precision)."""
    columns: list[str] = []
    for name in parsed.columns:
        question = FORM.get(name)
        columns += [name, question.precision_column] if question and question.kind is Kind.DATE \
            else [name]  # fmt: skip
    return columns


def _chunks(items: list[Any], size: int = BATCH) -> Iterable[list[Any]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _shown(value: Any) -> str | None:
    return None if value is None else str(value)


async def store(
    session: AsyncSession,
    parsed: Parsed,
    *,
    file_name: str,
    by: str,
    dry_run: bool = False,
) -> Outcome:
    """New rows inserted, changed ones updated, each with its audit events; batches of Core
    statements, never an ORM object per row. `dry_run`: counted, nothing written."""
    table = Innovation.__table__
    columns = _stored_columns(parsed)
    read = ["id", "import_key", "opd_id", "status", "version",
            *dict.fromkeys([*columns, *SEARCHED])]  # fmt: skip
    existing: dict[str, dict[str, Any]] = {}
    for chunk in _chunks([row.key for row in parsed.rows]):
        result = await session.execute(
            select(*(table.c[name] for name in read)).where(table.c.import_key.in_(chunk))
        )
        existing.update({row.import_key: dict(row._mapping) for row in result})
    await _adopt(session, parsed, existing, read)
    links: dict[int, set[int]] = {}
    if parsed.with_pillars and existing:
        ids = [old["id"] for old in existing.values()]
        for chunk in _chunks(ids):
            result = await session.execute(
                select(innovation_pillar.c.innovation_id, innovation_pillar.c.pillar_id).where(
                    innovation_pillar.c.innovation_id.in_(chunk)
                )
            )
            for innovation_id, pillar_id in result:
                links.setdefault(innovation_id, set()).add(pillar_id)
    pillar_names = dict((await session.execute(select(Pillar.id, Pillar.name))).all())

    now = session_now(session)
    note = f"{file_name} ({by})"
    outcome = Outcome()
    new: list[Row] = []
    changes: list[tuple[Row, dict[str, Any], dict[str, Any], bool]] = []
    for row in parsed.rows:
        old = existing.get(row.key)
        if old is None:
            new.append(row)
            continue
        wanted = _wanted(row, old, columns)
        changed = {name: value for name, value in wanted.items() if old.get(name) != value}
        changed.pop("import_key", None)  # found by OPD and title: it keeps its key
        # An empty pillar cell keeps the pillars, as an empty cell keeps any answer.
        pillars_changed = bool(row.pillar_ids) and row.pillar_ids != links.get(old["id"], set())
        if changed or pillars_changed:
            changes.append((row, old, changed, pillars_changed))
        else:
            outcome.unchanged += 1
    outcome.created, outcome.updated = len(new), len(changes)
    if dry_run:
        return outcome
    connection = await session.connection()

    blank = dict.fromkeys(c.key for c in table.columns if c.key != "id")
    for chunk in _chunks(new):
        records = []
        for row in chunk:
            values = {**blank, **row.values}
            values.update(
                opd_id=row.opd_id, status=row.values.get(STATUS) or Status.SUBMITTED.value,
                version=1, submitted_at=now, created_at=now, updated_at=now,
                import_key=row.key, imported_from=file_name[:255],
            )  # fmt: skip
            values["search_text"] = searchable(*(values[name] for name in SEARCHED))
            records.append(values)
        await connection.execute(insert(table), records)
        made = dict(
            (await connection.execute(
                select(table.c.import_key, table.c.id).where(
                    table.c.import_key.in_([row.key for row in chunk])
                )
            )).all()
        )  # fmt: skip
        pillar_rows = [{"innovation_id": made[row.key], "pillar_id": pillar_id}
                       for row in chunk for pillar_id in sorted(row.pillar_ids or ())]  # fmt: skip
        if pillar_rows:
            await connection.execute(insert(innovation_pillar), pillar_rows)
        await connection.execute(insert(Event.__table__), [
            _event(made[row.key], EventKind.IMPORTED, to_status=_status_of(row), note=note,
                   details={"file": file_name, "by": by, "row": row.number, "created": True})
            for row in chunk
        ])  # fmt: skip

    if changes:
        names = sorted({*columns, "opd_id", "import_key"})
        statement = (
            update(table)
            .where(table.c.id == bindparam("b_id"))
            .values({**{name: bindparam(f"v_{name}") for name in names},
                     "search_text": bindparam("v_search_text"),
                     "imported_from": bindparam("v_file"), "updated_at": bindparam("v_now"),
                     "version": table.c.version + 1})
        )  # fmt: skip
        for chunk in _chunks(changes):
            parameters, events, unlink, link_rows = [], [], [], []
            for row, old, changed, pillars_changed in chunk:
                wanted = _wanted(row, old, columns)
                merged = {**old, **wanted}
                parameters.append({
                    "b_id": old["id"], "v_file": file_name[:255], "v_now": now,
                    "v_search_text": searchable(*(merged[name] for name in SEARCHED)),
                    **{f"v_{name}": value for name, value in wanted.items()},
                })  # fmt: skip
                for name, value in changed.items():
                    if name.endswith("_precision"):
                        continue
                    events.append(_event(old["id"], EventKind.FIELD_CHANGED, field=name,
                                         old_value=_shown(old.get(name)),
                                         new_value=_shown(value)))  # fmt: skip
                if pillars_changed:
                    unlink.append(old["id"])
                    link_rows += [{"innovation_id": old["id"], "pillar_id": pillar_id}
                                  for pillar_id in sorted(row.pillar_ids or ())]  # fmt: skip
                    events.append(_event(
                        old["id"], EventKind.FIELD_CHANGED, field="pillars",
                        old_value=", ".join(pillar_names[p] for p in sorted(
                            links.get(old["id"], set()))) or None,
                        new_value=", ".join(pillar_names[p] for p in sorted(
                            row.pillar_ids or ())) or None,
                    ))  # fmt: skip
                status = changed.get(STATUS)
                events.append(_event(
                    old["id"], EventKind.IMPORTED, from_status=old["status"] if status else None,
                    to_status=status, note=note,
                    details={"file": file_name, "by": by, "row": row.number, "created": False},
                ))  # fmt: skip
            await connection.execute(statement, parameters)
            if unlink:
                await connection.execute(
                    delete(innovation_pillar).where(innovation_pillar.c.innovation_id.in_(unlink))
                )
            if link_rows:
                await connection.execute(insert(innovation_pillar), link_rows)
            await connection.execute(insert(Event.__table__), events)
    return outcome


def _wanted(row: Row, old: dict[str, Any], columns: list[str]) -> dict[str, Any]:
    """What the row says its record should hold: an empty cell keeps what is stored (a sheet
    that lacks an answer never wipes one typed in the chat)."""
    wanted = {name: row.values.get(name) for name in columns}
    for name in columns:
        if wanted[name] is None:
            wanted[name] = old.get(name)
    wanted["opd_id"] = row.opd_id
    wanted["import_key"] = row.key
    return wanted


async def _adopt(
    session: AsyncSession, parsed: Parsed, existing: dict[str, dict[str, Any]], read: list[str]
) -> None:
    """Rows whose key finds nothing that name an innovation already there (the same OPD and
    title, case ignored: typed in the chat, or imported from another file): that innovation,
    not a second one, and it keeps the key it had. So the bot's own export imported back, a
    backlog sheet listing what an OPD already sent, or the same list renamed or numbered anew
    makes no duplicates."""
    table = Innovation.__table__
    missing = {(row.opd_id, searchable(row.values["title"])): row.key
               for row in parsed.rows if row.key not in existing}  # fmt: skip
    if not missing:
        return
    taken = {old["id"] for old in existing.values()}
    # Light columns first, for the OPDs concerned; the whole rows of those that match after.
    matched: dict[int, str] = {}
    used: set[str] = set()
    for chunk in _chunks(sorted({opd_id for opd_id, _ in missing})):
        result = await session.execute(
            select(table.c.id, table.c.opd_id, table.c.title).where(table.c.opd_id.in_(chunk))
        )
        for found in result:
            key = missing.get((found.opd_id, searchable(found.title)))
            if key is not None and key not in used and found.id not in taken:
                matched[found.id] = key
                used.add(key)
                taken.add(found.id)
    for chunk in _chunks(sorted(matched)):
        result = await session.execute(
            select(*(table.c[name] for name in read)).where(table.c.id.in_(chunk))
        )
        for found in result:
            existing[matched[found.id]] = dict(found._mapping)


def file_key(file_name: str, key: str) -> str:
    """A row's key as stored. A file's own numbers are its own: two lists both counting from 1
    (last year's and this year's) are different innovations, so a number is a key within the
    file of that name, which goes in by a short digest (a long name would cut the number off
    a key of 200 characters)."""
    if not key.startswith("no:"):
        return key[:200]
    digest = hashlib.sha256(file_name.encode("utf-8")).hexdigest()[:16]
    return f"no:{digest}:{key.removeprefix('no:')}"[:200]


def _status_of(row: Row) -> str:
    return row.values.get(STATUS) or Status.SUBMITTED.value


def _event(innovation_id: int, kind: EventKind, **values: Any) -> dict[str, Any]:
    """An audit event's row, every column given (one executemany takes them all alike)."""
    return {
        "innovation_id": innovation_id, "actor_id": None, "kind": kind.value,
        "from_status": None, "to_status": None, "field": None, "old_value": None,
        "new_value": None, "note": None, "details": None, **values,
    }  # fmt: skip


@dataclass
class Report:
    table: Table
    parsed: Parsed
    outcome: Outcome | None  # None: nothing written (problems, and no --skip-bad)

    @property
    def written(self) -> bool:
        return self.outcome is not None


async def import_table(
    session: AsyncSession,
    table: Table,
    texts: Catalog,
    *,
    file_name: str,
    by: str = COMMAND_LINE,
    today: date,
    dry_run: bool = False,
    skip_bad: bool = False,
) -> Report:
    """Check every row, then (every row good, or `skip_bad`) write the good ones. A wrong
    header is never skipped: its rows cannot be read."""
    opds = list(await session.scalars(select(Opd).order_by(Opd.code)))
    pillars = list(await session.scalars(select(Pillar).order_by(Pillar.position)))
    # Checking every row is CPU work of a second or two for a large file: in a thread, so the
    # bot goes on answering everyone else meanwhile.
    parsed = await asyncio.to_thread(parse_table, table, texts, opds, pillars, today)
    parsed.rows[:] = [replace(row, key=file_key(file_name, row.key)) for row in parsed.rows]
    header_bad = any(p.row in (None, table.header_row) for p in parsed.problems)
    if header_bad or (parsed.problems and not skip_bad):
        return Report(table, parsed, None)
    outcome = await store(session, parsed, file_name=file_name, by=by, dry_run=dry_run)
    return Report(table, parsed, outcome)


# --- the template ----------------------------------------------------------------------------

TEMPLATE_COLUMNS = (NUMBER, OPD_CODE, OPD, STATUS, *(q.name for q in QUESTIONS), CONTACT, PHONE)
_HEADER_KEYS = {NUMBER: "exp-number", OPD_CODE: "exp-opd-code", OPD: "field-opd",
                STATUS: "exp-status", CONTACT: "field-contact", PHONE: "exp-phone"}  # fmt: skip
_LISTS = {"id": ("Daftar", "Nama Indonesia"), "en": ("Lists", "Indonesian name")}


def template_headers(texts: Catalog, lang: str) -> list[str]:
    return [
        texts.text(lang, _HEADER_KEYS.get(name) or FORM[name].label_key)
        for name in TEMPLATE_COLUMNS
    ]


def write_template(
    path: Path | BinaryIO, texts: Catalog, lang: str, opds: list[Opd], pillars: list[Pillar]
) -> None:
    """The form's columns with one example row, and a sheet of the OPDs and pillars the import
    accepts. Every cell is text (a date too, as the chat takes it)."""
    from openpyxl import Workbook

    opd = opds[0] if opds else None
    example: dict[str, str] = {
        NUMBER: "1", OPD_CODE: opd.code if opd else "DINKES",
        OPD: opd.name if opd else "Dinas Kesehatan",
        STATUS: texts.text(lang, "status-submitted"),
        "title": "Posyandu Digital", "pillars": ", ".join(p.name for p in pillars[:2]),
        "quick_win": texts.text(lang, "button-yes"), "stage": texts.text(lang, "stage-uji_coba"),
        "kind": texts.text(lang, "kind-digital"),
        "problem": "Pencatatan balita di posyandu masih manual.",
        "solution": "Kader mencatat di aplikasi di ponsel.",
        "goal": "Data gizi balita cepat dan akurat.",
        "benefit": "Ibu balita dan puskesmas.", "start_date": "08/2024",
        "link": "https://sumedangkab.go.id", CONTACT: "Siti Rahmawati", PHONE: "081234567890",
    }  # fmt: skip
    book = Workbook()
    sheet = book.active
    sheet.title = texts.text(lang, "exp-sheet-innovations")
    sheet.append(template_headers(texts, lang))
    sheet.append([example[name] for name in TEMPLATE_COLUMNS])
    for cell in sheet[2]:
        cell.data_type = "s"  # text as written (08/2024 is a month, not a division)
    lists_title, indonesian = _LISTS.get(lang, _LISTS["en"])
    lists = book.create_sheet(lists_title)
    lists.append([texts.text(lang, "exp-opd-code"), texts.text(lang, "field-opd"), None,
                  texts.text(lang, "field-pillars"), indonesian])  # fmt: skip
    for index in range(max(len(opds), len(pillars))):
        o = opds[index] if index < len(opds) else None
        p = pillars[index] if index < len(pillars) else None
        lists.append(
            [
                o.code if o else None,
                o.name if o else None,
                None,
                p.name if p else None,
                PILLAR_NAMES_ID.get(p.code) if p else None,
            ]
        )
    for column, width in zip("ABCDEFGHIJKLMNOPQ", (6, 14, 32, 12, 40, 30), strict=False):
        sheet.column_dimensions[column].width = width
    book.save(path)
