"""A spreadsheet read as a header and rows of cells: xlsx (openpyxl, read-only, cached values:
a formula is never evaluated) or CSV (UTF-8 with or without a BOM, UTF-16 by its BOM, else
Windows-1252 / Latin-1, and which one was used is said). Why a file cannot be read is a
``TableError`` with a catalog key. Limits are checked before anything
large is read: a file over MAX_FILE_BYTES is refused from its size alone, and reading stops
at the first row past MAX_ROWS."""

from __future__ import annotations

import csv
import io
import zipfile
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

from bot.core.xlsx import column_letter, typed_text
from bot.plans.problems import TableError

MAX_FILE_BYTES = 10 * 1024 * 1024
MAX_ROWS = 20_000
# Rows above the header that hold one cell at most (a title merged across the sheet) are
# skipped, up to this many.
TITLE_ROWS = 5
XLSX_SUFFIXES = (".xlsx", ".xlsm")
CSV_SUFFIXES = (".csv", ".txt")
OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


@dataclass(frozen=True)
class Cell:
    """A value as the file holds it; `number_format` for a date in a workbook (how precisely
    it is shown: DD/MM/YYYY, MM/YYYY, YYYY)."""

    value: Any
    number_format: str = ""


@dataclass
class Table:
    headers: list[str]  # as written, "" where a column has none
    rows: list[tuple[int, list[Cell]]]  # (the row's number in the file, its cells)
    header_row: int
    encoding: str | None = None  # a CSV's, as decoded
    blank_rows: list[int] = field(default_factory=list)  # rows of nothing but spaces, skipped
    title_rows: list[int] = field(default_factory=list)  # title rows above the header, skipped


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def read_table(path: Path) -> Table:
    """The file's first sheet (an export's Inovasi sheet where there is one) as a table."""
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        raise TableError("imp-file-missing") from None
    except OSError as exc:
        raise TableError("imp-file-unreadable", why=exc.strerror or "") from None
    if path.is_dir():
        raise TableError("imp-file-folder")
    if size > MAX_FILE_BYTES:
        raise TableError(
            "imp-file-too-large", size=f"{size / 1024 / 1024:.1f}",
            most=MAX_FILE_BYTES // 1024 // 1024,
        )  # fmt: skip
    if size == 0:
        raise TableError("imp-file-empty")
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise TableError("imp-file-unreadable", why=exc.strerror or "") from None
    return table_of(data, path.name)


def table_of(data: bytes, name: str) -> Table:
    """A file's bytes as a table (`name`: the file's name, its suffix says what it is)."""
    if len(data) > MAX_FILE_BYTES:
        raise TableError(
            "imp-file-too-large", size=f"{len(data) / 1024 / 1024:.1f}",
            most=MAX_FILE_BYTES // 1024 // 1024,
        )  # fmt: skip
    if not data:
        raise TableError("imp-file-empty")
    suffix = Path(name).suffix.lower()
    if data.startswith(OLE2):
        raise TableError("imp-file-xls")
    if suffix in XLSX_SUFFIXES or data.startswith(b"PK\x03\x04"):
        return _read_xlsx(data)
    if suffix in CSV_SUFFIXES or not suffix:
        return _read_csv(data)
    raise TableError("imp-file-suffix", suffix=suffix)


def _table(lines: Any, encoding: str | None) -> Table:
    """Rows (number, cells) into a table: the header is the first row of two or more cells."""
    header: list[Cell] | None = None
    header_row = 0
    title_rows: list[int] = []
    blank_rows: list[int] = []
    rows: list[tuple[int, list[Cell]]] = []
    for number, cells in lines:
        if all(_blank(cell.value) for cell in cells):
            if header is not None:
                blank_rows.append(number)
            continue
        if header is None:
            filled = sum(not _blank(cell.value) for cell in cells)
            if filled < 2 and len(title_rows) < TITLE_ROWS:
                title_rows.append(number)
                continue
            header, header_row = cells, number
            continue
        if len(rows) >= MAX_ROWS:
            raise TableError("imp-file-too-many-rows", most=MAX_ROWS)
        rows.append((number, cells))
    if header is None:
        raise TableError("imp-file-no-header")
    headers = ["" if _blank(c.value) else " ".join(str(c.value).split()) for c in header]
    return Table(headers, rows, header_row, encoding, blank_rows, title_rows)


def _read_xlsx(data: bytes) -> Table:
    from openpyxl import load_workbook

    try:
        # data_only: a formula's value as Excel last saved it, never evaluated here.
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
        raise TableError("imp-file-not-xlsx", kind=type(exc).__name__) from None
    try:
        names = [name.casefold() for name in book.sheetnames]
        wanted = next((n for n in ("inovasi", "innovations") if n in names), None)
        sheet = book.worksheets[names.index(wanted)] if wanted else book.worksheets[0]

        def lines() -> Any:
            for number, row in enumerate(sheet.iter_rows(), start=1):
                yield (
                    number,
                    [Cell(cell.value, getattr(cell, "number_format", "") or "") for cell in row],
                )

        return _table(lines(), None)
    finally:
        book.close()


def _decode(data: bytes) -> tuple[str, str]:
    """The text and the encoding it was read in: a BOM decides, else UTF-8, else Windows-1252
    (what Excel in Indonesia saves a CSV in), else Latin-1 (which takes any byte)."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="strict"), "UTF-8 with BOM"
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16"), "UTF-16"
    if b"\x00" in data[:4096]:
        raise TableError("imp-file-nul")
    try:
        return data.decode("utf-8"), "UTF-8"
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252"), "Windows-1252"
    except UnicodeDecodeError:
        return data.decode("latin-1"), "Latin-1"


def _read_csv(data: bytes) -> Table:
    try:
        text, encoding = _decode(data)
    except UnicodeDecodeError:
        raise TableError("imp-file-encoding") from None
    first = text.split("\n", 1)[0]
    # Excel in Indonesia writes semicolons (the export does too); others commas or tabs.
    delimiter = max((";", ",", "\t"), key=first.count)

    def lines() -> Any:
        reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
        for number, row in enumerate(reader, start=1):
            # The export's CSV puts a quote before text that looks like a formula: taken off.
            yield number, [Cell(typed_text(value)) for value in row]

    try:
        return _table(lines(), encoding)
    except csv.Error as exc:
        raise TableError("imp-file-not-csv", why=str(exc)) from None


def letter(index: int) -> str:
    return column_letter(index)


def as_text(value: Any) -> str:
    """A cell as text: a whole number without ".0", a date as DD/MM/YYYY, spaces trimmed."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, date):
        return value.strftime("%d/%m/%Y")
    return str(value).strip()
