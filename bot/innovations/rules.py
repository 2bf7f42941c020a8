"""The rules of an innovation, without Telegram: answers that are valid, dates as people type
them, which statuses may change to which, what is still missing before it can be sent."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from urllib.parse import urlsplit

from babel.dates import get_month_names

from bot.core.dates import PartialDate, Precision
from bot.core.textinput import telegram_length, without_controls
from storage.models import Status

TITLE_MIN, TITLE_MAX = 5, 150
TEXT_MIN, TEXT_MAX = 3, 3000
LINK_MAX = 2048
MAX_EVIDENCE = 20
MAX_FILE_BYTES = 20 * 1024 * 1024  # what a bot may download again (getFile)
PDF = "application/pdf"
DOC, XLS, PPT = "application/msword", "application/vnd.ms-excel", "application/vnd.ms-powerpoint"
OOXML = "application/vnd.openxmlformats-officedocument."
DOCX, XLSX, PPTX = (f"{OOXML}wordprocessingml.document", f"{OOXML}spreadsheetml.sheet",
                    f"{OOXML}presentationml.presentation")  # fmt: skip
ODT, ODS = (
    "application/vnd.oasis.opendocument.text",
    "application/vnd.oasis.opendocument.spreadsheet",
)
JPEG, PNG = "image/jpeg", "image/png"
# The evidence a document may be: its name's suffix and the type its sender declared must both
# be here, and agree (`Laporan.exe` declared as PDF, `login.html` declared as PNG: refused).
DOCUMENT_TYPES_BY_SUFFIX = {
    ".pdf": PDF, ".doc": DOC, ".docx": DOCX, ".xls": XLS, ".xlsx": XLSX, ".ppt": PPT,
    ".pptx": PPTX, ".odt": ODT, ".ods": ODS, ".jpg": JPEG, ".jpeg": JPEG, ".png": PNG,
}  # fmt: skip
DOCUMENT_TYPES = set(DOCUMENT_TYPES_BY_SUFFIX.values())
DOCUMENT_SUFFIXES = tuple(DOCUMENT_TYPES_BY_SUFFIX)
# How each type's files begin: Office 97-2003 files are OLE2 compound files, OOXML and
# OpenDocument files are zip archives.
OLE2, ZIP = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", b"PK\x03\x04"
MAGIC_NUMBERS = {
    PDF: b"%PDF-", JPEG: b"\xff\xd8\xff", PNG: b"\x89PNG\r\n\x1a\n",
    DOC: OLE2, XLS: OLE2, PPT: OLE2, DOCX: ZIP, XLSX: ZIP, PPTX: ZIP, ODT: ZIP, ODS: ZIP,
}  # fmt: skip
HEAD_BYTES = max(len(magic) for magic in MAGIC_NUMBERS.values())


EDITABLE = {Status.DRAFT, Status.SUBMITTED, Status.REVISION_REQUESTED}
STATUS_ICONS = {
    Status.DRAFT: "📝",
    Status.SUBMITTED: "📤",
    Status.IN_REVIEW: "🔎",
    Status.APPROVED: "✅",
    Status.REVISION_REQUESTED: "✏️",
    Status.REJECTED: "❌",
}


class Invalid(ValueError):
    """An answer that cannot be taken; `key` names the catalog text that says why."""

    def __init__(self, key: str, **arguments: object) -> None:
        super().__init__(key)
        self.key = key
        self.arguments = arguments


def clean_answer(text: str) -> str:
    """Control characters out, the ends trimmed; everything else a person typed in between
    kept exactly."""
    return without_controls(text).strip()


def valid_title(text: str) -> str:
    title = " ".join(clean_answer(text).split())
    length = telegram_length(title)
    if not TITLE_MIN <= length <= TITLE_MAX:
        raise Invalid("sub-invalid-title", min=TITLE_MIN, max=TITLE_MAX, length=length)
    return title


def valid_long_text(text: str) -> str:
    """An answer of a few words up to TEXT_MAX (as Telegram counts): the long questions of the
    form, and a reviewer's note."""
    answer = clean_answer(text)
    length = telegram_length(answer)
    if length < TEXT_MIN:
        raise Invalid("sub-invalid-short", min=TEXT_MIN)
    if length > TEXT_MAX:
        raise Invalid("sub-invalid-long", max=TEXT_MAX, length=length)
    return answer


BARE_DOMAIN = re.compile(r"^(?:[a-z0-9](?:[a-z0-9\-]*[a-z0-9])?\.)+[a-z]{2,}(?:[/?#:]\S*)?$", re.I)


def valid_link(text: str) -> str:
    """An http(s) link to a named site; a bare domain (`eposyandu.sumedangkab.go.id`, as
    people write them) gets https:// in front."""
    link = clean_answer(text)
    if "://" not in link and BARE_DOMAIN.match(link):
        link = "https://" + link
    parts = urlsplit(link)
    if (
        parts.scheme not in ("http", "https")
        or not parts.hostname
        or "." not in parts.hostname
        or telegram_length(link) > LINK_MAX
        or any(char.isspace() for char in link)
    ):
        raise Invalid("sub-invalid-link")
    return link


def _month_names() -> dict[str, int]:
    names: dict[str, int] = {}
    for locale in ("id", "en"):
        for width in ("wide", "abbreviated"):
            for number, name in get_month_names(width, locale=locale).items():
                names[name.lower().rstrip(".")] = number
    # The abbreviations people type besides babel's (`17 agts 2024`, `3 Pebr 2023`).
    names.update({
        "agt": 8, "agts": 8, "ags": 8, "agst": 8, "agus": 8, "agust": 8, "sept": 9, "nop": 11,
        "des": 12, "mei": 5, "okt": 10, "peb": 2, "pebr": 2, "febr": 2, "jan": 1, "mar": 3,
        "apr": 4, "jun": 6, "jul": 7, "sep": 9, "nov": 11, "nopember": 11, "pebruari": 2,
    })  # fmt: skip
    return names


MONTHS = _month_names()
# ASCII digits only, as every typed number (bot.core.textinput): \d alone takes ٣ and ² too.
NUMERIC_DATE = re.compile(r"^(\d{1,2})[/\-.](\d{1,2})[/\-.](\d{4})$", re.ASCII)
WORDED_DATE = re.compile(r"^(?:(\d{1,2})\s+)?([A-Za-z]+)\.?\s+(\d{4})$", re.ASCII)
YEAR_ONLY = re.compile(r"^(\d{4})$", re.ASCII)


def parse_partial_date(text: str, today: date) -> PartialDate:
    """`17/08/2024`, `17-8-2024`, `17 Agustus 2024`, `Agustus 2024` (a month), `2024` (a
    year); never after `today`."""
    value = " ".join(clean_answer(text).split())
    day: date | None = None
    precision = Precision.DAY
    try:
        if match := NUMERIC_DATE.match(value):
            day = date(int(match.group(3)), int(match.group(2)), int(match.group(1)))
        elif match := WORDED_DATE.match(value):
            month = MONTHS.get(match.group(2).lower())
            if month is not None:
                day = date(int(match.group(3)), month, int(match.group(1) or 1))
                precision = Precision.DAY if match.group(1) else Precision.MONTH
        elif match := YEAR_ONLY.match(value):
            day, precision = date(int(match.group(1)), 1, 1), Precision.YEAR
    except ValueError:  # 31/02/2024 and the like
        day = None
    if day is None or day.year < 1945:
        raise Invalid("sub-invalid-date")
    if day > today:
        raise Invalid("sub-invalid-future-date")
    return PartialDate(day, precision)


def parse_start_date(text: str, today: date) -> date:
    """As `parse_partial_date`, the day alone (a month: its first day; a year: 1 January)."""
    return parse_partial_date(text, today).day


def month_start(today: date, months_back: int = 0) -> date:
    year, month = today.year, today.month - months_back
    while month < 1:
        year, month = year - 1, month + 12
    return date(year, month, 1)


@dataclass(frozen=True)
class EvidenceFile:
    kind: str  # photo | document
    file_id: str
    file_unique_id: str
    file_name: str | None
    mime_type: str | None
    file_size: int | None


def check_evidence(evidence: EvidenceFile) -> None:
    """What can be told before the file is read: its size, and for a document, that its name
    and its declared type are both allowed and name the same type."""
    if evidence.file_size is not None and evidence.file_size > MAX_FILE_BYTES:
        raise Invalid("sub-invalid-file-size", max_mb=MAX_FILE_BYTES // (1024 * 1024))
    if evidence.kind == "document":
        name = (evidence.file_name or "").strip().lower()
        suffix = name[name.rfind(".") :] if "." in name else ""
        expected = DOCUMENT_TYPES_BY_SUFFIX.get(suffix)
        if expected is None or (evidence.mime_type or "").lower() != expected:
            raise Invalid("sub-invalid-file-type")


def first_bytes_match(mime_type: str | None, head: bytes) -> bool:
    """Do a file's first bytes (HEAD_BYTES of them) match the type it was declared as? To be
    asked wherever a file's bytes are at hand (the bot reads each evidence document's)."""
    magic = MAGIC_NUMBERS.get((mime_type or "").lower())
    return magic is not None and head.startswith(magic)


def can_edit(status: str) -> bool:
    return Status(status) in EDITABLE


def can_withdraw(status: str) -> bool:
    """Back to draft, while nobody has started reviewing it."""
    return Status(status) is Status.SUBMITTED


def can_send(status: str) -> bool:
    """A draft, or a revision asked for; a submitted one is sent already."""
    return Status(status) in (Status.DRAFT, Status.REVISION_REQUESTED)


def status_after_send(status: str) -> Status:
    if not can_send(status):
        raise ValueError(f"an innovation that is {status} cannot be sent")
    return Status.SUBMITTED
