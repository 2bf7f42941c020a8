"""The benefit measures as a CSV: what `/manfaat` and `inovasi-bot benefit list` give, and what
`/manfaat` and `inovasi-bot benefit import` take back. All or nothing: any bad row, and nothing
is written, every problem listed with its line.

Columns (UTF-8 with or without BOM, comma or semicolon): ``kode, nama, nama_en, satuan,
satuan_en, maksimum`` (the English ones optional: the Indonesian is used).
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.core.textinput import parse_count
from bot.core.xlsx import safe_text, typed_text
from bot.monitoring.benefits import Measure
from storage.benefits import BenefitMeasure

COLUMNS = ("kode", "nama", "nama_en", "satuan", "satuan_en", "maksimum")
REQUIRED = ("kode", "nama", "satuan", "maksimum")
CODE = re.compile(r"^[a-z0-9][a-z0-9_]{0,31}$")
MAX_CSV_BYTES = 256 * 1024
MAX_MAXIMUM = 10**15  # a thousand trillion: no period of a regency claims more
NAME, UNIT = 100, 40  # the columns' lengths
ECHOED = 40  # characters of a bad cell quoted back


@dataclass(frozen=True)
class Problem:
    """One bad row (line 1: the header; 0: the whole file), as a catalog key and its
    arguments."""

    line: int
    key: str
    arguments: dict[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        for name, value in self.arguments.items():
            if isinstance(value, str) and len(value) > ECHOED:
                self.arguments[name] = value[:ECHOED] + "…"


class BenefitCsvError(Exception):
    def __init__(self, problems: list[Problem]) -> None:
        super().__init__(f"{len(problems)} problems")
        self.problems = problems


@dataclass(frozen=True)
class MeasureRow:
    code: str
    name: str
    name_en: str
    unit: str
    unit_en: str
    maximum: int


def _records(data: bytes) -> list[tuple[int, list[str]]]:
    if len(data) > MAX_CSV_BYTES:
        raise BenefitCsvError([Problem(0, "ben-csv-too-large")])
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise BenefitCsvError([Problem(0, "ben-csv-not-utf8")]) from None
    first = next((line for line in text.splitlines() if line.strip()), None)
    if first is None:
        raise BenefitCsvError([Problem(0, "ben-csv-empty")])
    delimiter = ";" if first.count(";") > first.count(",") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        return [(reader.line_num, record) for record in reader]
    except csv.Error:
        raise BenefitCsvError([Problem(0, "ben-csv-not-readable")]) from None


def _header(line: int, record: list[str]) -> list[str]:
    header = [cell.strip().casefold() for cell in record]
    problems = [Problem(line, "ben-csv-unknown-column", {"column": name})
                for name in header if name not in COLUMNS]  # fmt: skip
    problems += [Problem(line, "ben-csv-missing-column", {"column": name})
                 for name in REQUIRED if name not in header]  # fmt: skip
    if len(set(header)) != len(header):
        problems.append(Problem(line, "ben-csv-repeated-column"))
    if problems:
        raise BenefitCsvError(problems)
    return header


def parse_measure_csv(data: bytes) -> list[MeasureRow]:
    """The measures from a CSV, in its order; any bad row: nothing, every problem listed."""
    header: list[str] | None = None
    problems: list[Problem] = []
    rows: list[MeasureRow] = []
    seen: dict[str, int] = {}
    for line, record in _records(data):
        if not any(cell.strip() for cell in record):
            continue
        if header is None:
            header = _header(line, record)
            continue
        if len(record) > len(header) and any(c.strip() for c in record[len(header) :]):
            problems.append(Problem(line, "ben-csv-extra-cells"))
            continue
        # A cell the bot's own file quoted (a name starting with "=") is read as it was.
        cells = {name: " ".join(typed_text(record[i]).split()) if i < len(record) else ""
                 for i, name in enumerate(header)}  # fmt: skip
        code = cells["kode"].casefold()
        name, unit = cells["nama"], cells["satuan"]
        name_en, unit_en = cells.get("nama_en") or name, cells.get("satuan_en") or unit
        maximum = parse_count(cells["maksimum"], minimum=1, maximum=MAX_MAXIMUM, grouped=True)
        bad = len(problems)
        if not CODE.match(code):
            problems.append(Problem(line, "ben-csv-bad-code", {"code": code or "—"}))
        elif code in seen:
            problems.append(Problem(line, "ben-csv-duplicate", {"code": code,
                                                                 "first": seen[code]}))  # fmt: skip
        if not name or len(name) > NAME or len(name_en) > NAME:
            problems.append(Problem(line, "ben-csv-bad-name", {"max": NAME}))
        if not unit or len(unit) > UNIT or len(unit_en) > UNIT:
            problems.append(Problem(line, "ben-csv-bad-unit", {"max": UNIT}))
        if not isinstance(maximum, int):
            problems.append(Problem(line, "ben-csv-bad-maximum",
                                    {"value": cells["maksimum"] or "—"}))  # fmt: skip
        if CODE.match(code) and code not in seen:
            seen[code] = line
        if len(problems) == bad:
            assert isinstance(maximum, int)
            rows.append(MeasureRow(code, name, name_en, unit, unit_en, maximum))
    if problems:
        raise BenefitCsvError(problems)
    if not rows:
        raise BenefitCsvError([Problem(0, "ben-csv-no-rows")])
    return rows


async def replace_measures(session: AsyncSession, rows: list[MeasureRow]) -> tuple[int, int]:
    """Make the measures what the file says, in its order: a code already known is updated, a
    new one added, an active one not in the file retired (its recorded values stay).
    (in the file, retired)."""
    known = {m.code: m for m in await session.scalars(select(BenefitMeasure))}
    for position, row in enumerate(rows, start=1):
        measure = known.pop(row.code, None)
        if measure is None:
            measure = BenefitMeasure(code=row.code)
            session.add(measure)
        measure.name, measure.name_en = row.name, row.name_en
        measure.unit, measure.unit_en = row.unit, row.unit_en
        measure.maximum, measure.position, measure.active = row.maximum, position, True
    retired = [m for m in known.values() if m.active]
    for measure in retired:
        measure.active = False
    await session.flush()
    return len(rows), len(retired)


def measures_csv(measures: list[Measure]) -> bytes:
    """The active measures as the CSV the import reads (UTF-8 with BOM, semicolons, as Excel
    in Indonesia opens it): download, change, send back."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow(COLUMNS)
    for m in measures:
        # Opened in a spreadsheet to be edited: a name or unit is never run as a formula.
        writer.writerow([m.code, safe_text(m.name), safe_text(m.name_en), safe_text(m.unit),
                         safe_text(m.unit_en), str(m.maximum)])  # fmt: skip
    return ("\ufeff" + buffer.getvalue()).encode()
