"""Reading the OPD list from a CSV file as Excel in Indonesia writes it.

UTF-8 with or without a BOM; comma or semicolon; columns ``code,name``, and optionally
``expected`` (whether the OPD is expected to submit innovations: ``ya``/``tidak``,
``yes``/``no``, ``1``/``0``; empty: Diskominfo not, every other OPD yes). Every bad row is
reported with its line number, and a file with any bad row imports nothing.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass

MAX_LINE_CHARS = 1_000
MAX_FILE_BYTES = 5 * 1024 * 1024
CODE_PATTERN = re.compile(r"^[A-Z0-9][A-Z0-9_.-]{1,31}$")
MAX_NAME_CHARS = 200


@dataclass(frozen=True)
class OpdRow:
    line: int
    code: str
    name: str
    expected: bool | None = None  # None: not given (the default rule, or unchanged)


YES = {"ya", "y", "yes", "1", "true", "wajib"}
NO = {"tidak", "t", "no", "n", "0", "false", "tidak wajib"}


class OpdCsvError(Exception):
    """The file cannot be imported; ``problems`` holds one line per problem."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("; ".join(problems))
        self.problems = problems


def _delimiter(first_line: str) -> str:
    # Excel with Indonesian regional settings writes ";" because "," is the decimal mark.
    return ";" if first_line.count(";") > first_line.count(",") else ","


def normalise_code(raw: str) -> str:
    return re.sub(r"\s+", "", raw).upper()


def parse_opd_csv(data: bytes) -> list[OpdRow]:
    if len(data) > MAX_FILE_BYTES:
        raise OpdCsvError([f"the file is larger than {MAX_FILE_BYTES // (1024 * 1024)} MB"])
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise OpdCsvError(
            [f"line {line}: not UTF-8 text; in Excel save it as 'CSV UTF-8 (Comma delimited)'"]
        ) from None

    lines = text.splitlines()
    problems = [
        f"line {number}: too long ({len(line):,} characters, at most {MAX_LINE_CHARS:,})"
        for number, line in enumerate(lines, start=1)
        if len(line) > MAX_LINE_CHARS
    ]
    if problems:
        raise OpdCsvError(problems)

    first = next((line for line in lines if line.strip()), None)
    if first is None:
        raise OpdCsvError(["the file is empty; expected a header line: code,name"])

    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(first))
    header: list[str] | None = None
    rows: list[OpdRow] = []
    seen: dict[str, int] = {}
    for record in reader:
        number = reader.line_num
        if not any(cell.strip() for cell in record):
            continue
        if header is None:
            header = [cell.strip().lower() for cell in record]
            while header and not header[-1]:
                header.pop()
            if header not in (["code", "name"], ["code", "name", "expected"]):
                raise OpdCsvError(
                    [f"line {number}: the header must be 'code,name' or 'code,name,expected', "
                     f"found '{','.join(record)}'"]
                )  # fmt: skip
            continue
        columns = len(header)
        if len(record) < 2:
            problems.append(
                f"line {number}: expected {columns} columns ({','.join(header)}), "
                f"found {len(record)}"
            )
            continue
        code, name = normalise_code(record[0]), " ".join(record[1].split())
        flag = record[2].strip().lower() if columns == 3 and len(record) > 2 else ""
        if any(cell.strip() for cell in record[columns:]):
            problems.append(
                f"line {number}: expected {columns} columns ({','.join(header)}), "
                f"found {len(record)}"
            )
        elif flag and flag not in YES | NO:
            problems.append(
                f"line {number}: expected of {code} must be ya or tidak (yes/no, 1/0), "
                f"not '{record[2].strip()}'"
            )
        elif not code:
            problems.append(f"line {number}: the code is empty")
        elif not CODE_PATTERN.match(code):
            problems.append(
                f"line {number}: code '{code}' may only have letters, digits, '_', '-' and '.' "
                "(2 to 32 characters)"
            )
        elif not name:
            problems.append(f"line {number}: the name of {code} is empty")
        elif len(name) > MAX_NAME_CHARS:
            problems.append(f"line {number}: the name of {code} is longer than {MAX_NAME_CHARS}")
        elif code in seen:
            problems.append(f"line {number}: code {code} already stands on line {seen[code]}")
        else:
            seen[code] = number
            rows.append(OpdRow(number, code, name, (flag in YES) if flag else None))
    if problems:
        raise OpdCsvError(problems)
    if not rows:
        raise OpdCsvError(["the file has a header but no OPDs"])
    return rows
