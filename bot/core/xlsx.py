"""A streaming .xlsx writer for the export: rows go straight to disk as SpreadsheetML, one sheet
after the other, so memory stays flat however many rows there are.

Why not openpyxl or XlsxWriter: both build an object or a call chain per cell (about 3 million
cells for 100,000 innovations) and spent 45-65 s (openpyxl, write-only) and 23 s (XlsxWriter,
constant memory, the innovations sheet alone) on it; here a row is one formatted string, and
the export is bound by reading the rows and compressing them (see README, Performance).

What it writes is deliberately little: inline strings (never a formula: text that starts with
"=" stays text), numbers, booleans, dates and date-times as real dates with a DD/MM/YYYY
format (a date known only to its month or year: MM/YYYY, YYYY), a bold header row frozen
with an auto-filter, and column widths.
"""

from __future__ import annotations

import contextlib
import os
import re
import tempfile
import zipfile
from collections.abc import Iterable
from datetime import date, datetime
from typing import IO, Any
from xml.sax.saxutils import escape, quoteattr

MAX_TEXT = 32_767  # Excel's limit of characters in a cell
EPOCH = datetime(1899, 12, 30)
STYLE_DATE, STYLE_DATETIME, STYLE_HEADER, STYLE_MONTH, STYLE_YEAR = 1, 2, 3, 4, 5
COMPRESSION_LEVEL = 6  # zlib's default; level 1 saves a second at 100,000 rows, for a quarter more

# What XML cannot carry as it is, and what Excel would read as an escape of its own (_x0041_).
_SPECIAL = re.compile(r"[&<>\r\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]|_x[0-9A-Fa-f]{4}_")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]|_(?=x[0-9A-Fa-f]{4}_)")

NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
CT = "application/vnd.openxmlformats-officedocument.spreadsheetml"


class Month(date):
    """A date known to its month (the first day): a real date, shown as MM/YYYY."""

    __slots__ = ()


class Year(date):
    """A date known to its year (1 January): a real date, shown as YYYY."""

    __slots__ = ()


DATE_FORMATS = {date: "%d/%m/%Y", Month: "%m/%Y", Year: "%Y"}


def date_text(value: date) -> str:
    """A date as the export's CSV writes it: 17/08/2024, 08/2024 (a month), 2024 (a year)."""
    return value.strftime(DATE_FORMATS.get(type(value), "%d/%m/%Y"))


def column_letter(index: int) -> str:
    """0 → A, 25 → Z, 26 → AA."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


# What a spreadsheet runs as a formula when a CSV cell starts with it (OWASP, CSV injection).
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def safe_text(value: str) -> str:
    """A CSV cell that a spreadsheet will not run as a formula: a quote put first. A value
    that already starts with quotes before a formula gets one more, so that `typed_text`
    gives back exactly what was written."""
    return "'" + value if value.lstrip("'").startswith(FORMULA_START) else value


def typed_text(cell: str) -> str:
    """A cell of a CSV read back as it was before `safe_text` (a file the bot wrote, edited
    and sent back): the quote it put first taken off."""
    if cell.startswith("'") and cell.lstrip("'").startswith(FORMULA_START):
        return cell[1:]
    return cell


SHEET_NAME = 31  # UTF-16 units Excel takes in a sheet's name
RESERVED_SHEET_NAMES = {"history"}  # Excel keeps it for itself, in any case
# What Excel refuses in a sheet's name, and what XML cannot carry in it (controls,
# surrogates, the non-characters).
_NOT_IN_SHEET_NAME = re.compile(r"[\[\]:*?/\\\x00-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")


def _utf16(text: str) -> int:
    return len(text.encode("utf-16-le", "surrogatepass")) // 2


def _fit(name: str, room: int) -> str:
    """`name` within `room` UTF-16 units, a character never cut in two, never ending in a
    quote or a space."""
    while _utf16(name) > room:
        name = name[:-1]
    return name.rstrip(" '")


def sheet_name(title: str, taken: Iterable[str] = ()) -> str:
    """`title` as a sheet's name Excel opens: what it refuses (``[]:*?/\\``, control
    characters) made spaces, no quote first or last, at most 31 characters, not "History",
    and unlike every name in `taken` whatever the case (a suffix " (2)", " (3)" … if not)."""
    used = {name.casefold() for name in taken} | RESERVED_SHEET_NAMES
    base = _fit(" ".join(_NOT_IN_SHEET_NAME.sub(" ", title).split()).strip(" '"), SHEET_NAME)
    if base and base.casefold() not in used:
        return base
    number = 2 if base else 1  # a name of nothing but refused characters: "(1)"
    while True:
        suffix = f"({number})"
        name = f"{_fit(base, SHEET_NAME - _utf16(suffix) - 1)} {suffix}".lstrip()
        if name.casefold() not in used:
            return name
        number += 1


def _text(value: str) -> str:
    if len(value) > MAX_TEXT:
        value = value[:MAX_TEXT]
    if _SPECIAL.search(value) is None:  # the fast path: nearly every answer
        return value
    value = _CONTROL.sub(lambda m: f"_x{ord(m.group()):04X}_", value)
    return escape(value).replace("\r", "&#13;")


def _serial(value: date | datetime) -> str:
    if isinstance(value, datetime):
        delta = value.replace(tzinfo=None) - EPOCH
        return repr(round(delta.days + delta.seconds / 86400 + delta.microseconds / 8.64e10, 9))
    return str((value - EPOCH.date()).days)


class Sheet:
    """One worksheet, written row by row to a file of its own until it is closed."""

    def __init__(
        self, book: Workbook, title: str, headers: list[str], widths: list[float], index: int
    ) -> None:
        self.book, self.title, self.index = book, title, index
        self.columns = len(headers)
        self.letters = [column_letter(i) for i in range(max(self.columns, 1))]
        self.rows = 0
        descriptor, self.path = tempfile.mkstemp(suffix=".xml", dir=book.folder)
        self.file = open(descriptor, "w", encoding="utf-8", buffering=1 << 20)  # noqa: SIM115
        cols = "".join(
            f'<col min="{i}" max="{i}" width="{width}" customWidth="1"/>'
            for i, width in enumerate(widths, start=1)
        )
        selected = ' tabSelected="1"' if index == 0 else ""
        self.file.write(
            f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet xmlns="{NS}" '
            f'xmlns:r="{REL}"><sheetViews><sheetView workbookViewId="0"{selected}>'
            '<pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/>'
            '<selection pane="bottomLeft" activeCell="A2" sqref="A2"/></sheetView></sheetViews>'
            f'<sheetFormatPr defaultRowHeight="15"/>{"<cols>" + cols + "</cols>" if cols else ""}'
            "<sheetData>"
        )
        self.file.write(
            '<row r="1">'
            + "".join(
                f'<c r="{letter}1" s="{STYLE_HEADER}" t="inlineStr"><is><t>{_text(str(v))}'
                "</t></is></c>"
                for letter, v in zip(self.letters, headers, strict=False)
            )
            + "</row>"
        )

    def append(self, values: Iterable[Any]) -> None:
        self.rows += 1
        n = self.rows + 1
        cells = [f'<row r="{n}">']
        add = cells.append
        for letter, value in zip(self.letters, values, strict=False):
            if value is None:
                continue
            kind = value.__class__
            if kind is str:
                if value:
                    add(
                        f'<c r="{letter}{n}" t="inlineStr"><is><t xml:space="preserve">'
                        f"{_text(value)}</t></is></c>"
                    )
            elif kind is int or kind is float:
                add(f'<c r="{letter}{n}"><v>{value!r}</v></c>')
            elif kind is bool:
                add(f'<c r="{letter}{n}" t="b"><v>{int(value)}</v></c>')
            elif kind is datetime:
                add(f'<c r="{letter}{n}" s="{STYLE_DATETIME}"><v>{_serial(value)}</v></c>')
            elif kind is date:
                add(f'<c r="{letter}{n}" s="{STYLE_DATE}"><v>{_serial(value)}</v></c>')
            elif kind is Month or kind is Year:
                style = STYLE_MONTH if kind is Month else STYLE_YEAR
                add(f'<c r="{letter}{n}" s="{style}"><v>{_serial(value)}</v></c>')
            else:
                add(
                    f'<c r="{letter}{n}" t="inlineStr"><is><t xml:space="preserve">'
                    f"{_text(str(value))}</t></is></c>"
                )
        add("</row>")
        self.file.write("".join(cells))

    def close(self) -> None:
        last = self.letters[self.columns - 1] if self.columns else "A"
        self.filter = f"$A$1:${last}${self.rows + 1}"
        self.file.write(f'</sheetData><autoFilter ref="A1:{last}{self.rows + 1}"/></worksheet>')
        self.file.close()
        try:
            self.book.zip.write(self.path, f"xl/worksheets/sheet{self.index + 1}.xml")
        finally:
            os.unlink(self.path)


class Workbook:
    """``with Workbook(target) as book: sheet = book.add_sheet(...); sheet.append(...)``: one
    sheet at a time; the previous one is finished when the next is added."""

    def __init__(self, target: str | os.PathLike[str] | IO[bytes], folder: str | None = None):
        self.folder = folder
        self.zip = zipfile.ZipFile(
            target, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=COMPRESSION_LEVEL
        )
        self.sheets: list[Sheet] = []
        self.current: Sheet | None = None

    def add_sheet(self, title: str, headers: list[str], widths: list[float]) -> Sheet:
        self._finish_sheet()
        # Every name made valid here: some come from data (an IID indicator's name).
        name = sheet_name(title, (sheet.title for sheet in self.sheets))
        self.current = Sheet(self, name, headers, widths, len(self.sheets))
        self.sheets.append(self.current)
        return self.current

    def _finish_sheet(self) -> None:
        if self.current is not None:
            self.current.close()
            self.current = None

    def __enter__(self) -> Workbook:
        return self

    def __exit__(self, kind: object, error: object, trace: object) -> None:
        if error is None:
            self.close()
        else:
            self.abandon()

    def abandon(self) -> None:
        """After a failure: close and remove what was started (the caller removes the
        target)."""
        if self.current is not None:
            with contextlib.suppress(OSError):  # a full disk may refuse the last bytes again
                self.current.file.close()
            if os.path.exists(self.current.path):
                os.unlink(self.current.path)
            self.current = None
        with contextlib.suppress(OSError, ValueError):  # the disk that failed may fail again
            self.zip.close()

    def close(self) -> None:
        self._finish_sheet()
        sheets = "".join(
            f'<sheet name={quoteattr(s.title)} sheetId="{s.index + 1}" r:id="rId{s.index + 1}"/>'
            for s in self.sheets
        )
        names = "".join(
            f'<definedName name="_xlnm._FilterDatabase" localSheetId="{s.index}" hidden="1">'
            f"{escape(_quoted(s.title))}!{s.filter}</definedName>"
            for s in self.sheets
        )
        self._put(
            "xl/workbook.xml",
            f'<workbook xmlns="{NS}" xmlns:r="{REL}"><bookViews><workbookView/></bookViews>'
            f"<sheets>{sheets}</sheets>"
            + (f"<definedNames>{names}</definedNames>" if names else "")
            + "</workbook>",
        )
        relations = "".join(
            f'<Relationship Id="rId{s.index + 1}" Type="{REL}/worksheet" '
            f'Target="worksheets/sheet{s.index + 1}.xml"/>'
            for s in self.sheets
        )
        self._put(
            "xl/_rels/workbook.xml.rels",
            f'<Relationships xmlns="{PKG_REL}">{relations}<Relationship '
            f'Id="rId{len(self.sheets) + 1}" Type="{REL}/styles" Target="styles.xml"/>'
            "</Relationships>",
        )
        self._put("xl/styles.xml", STYLES)
        self._put(
            "_rels/.rels",
            f'<Relationships xmlns="{PKG_REL}"><Relationship Id="rId1" '
            f'Type="{REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>',
        )
        overrides = "".join(
            f'<Override PartName="/xl/worksheets/sheet{s.index + 1}.xml" '
            f'ContentType="{CT}.worksheet+xml"/>'
            for s in self.sheets
        )
        self._put(
            "[Content_Types].xml",
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" '
            'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            f'<Override PartName="/xl/workbook.xml" ContentType="{CT}.sheet.main+xml"/>'
            f'<Override PartName="/xl/styles.xml" ContentType="{CT}.styles+xml"/>'
            f"{overrides}</Types>",
        )
        self.zip.close()

    def _put(self, name: str, xml: str) -> None:
        self.zip.writestr(name, '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n' + xml)


def _quoted(title: str) -> str:
    return "'" + title.replace("'", "''") + "'"


STYLES = (
    f'<styleSheet xmlns="{NS}"><numFmts count="4">'
    '<numFmt numFmtId="164" formatCode="DD/MM/YYYY"/>'
    '<numFmt numFmtId="165" formatCode="DD/MM/YYYY HH:MM"/>'
    '<numFmt numFmtId="166" formatCode="MM/YYYY"/>'
    '<numFmt numFmtId="167" formatCode="YYYY"/></numFmts>'
    '<fonts count="2"><font><sz val="11"/><name val="Calibri"/><family val="2"/></font>'
    '<font><b/><sz val="11"/><name val="Calibri"/><family val="2"/></font></fonts>'
    '<fills count="2"><fill><patternFill patternType="none"/></fill>'
    '<fill><patternFill patternType="gray125"/></fill></fills>'
    '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
    '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
    '<cellXfs count="6"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
    '<xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
    '<xf numFmtId="165" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
    '<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/>'
    '<xf numFmtId="166" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
    '<xf numFmtId="167" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
    "</cellXfs>"
    '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>'
    "</styleSheet>"
)
