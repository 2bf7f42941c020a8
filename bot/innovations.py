"""The rules of an innovation, without Telegram: answers that are valid, dates as people type
them, which statuses may change to which, what is still missing before it can be sent."""

from __future__ import annotations

import enum
import re
from dataclasses import dataclass
from datetime import date
from urllib.parse import urlsplit

from babel.dates import get_month_names

from bot.textinput import telegram_length, without_controls
from storage.models import Innovation, Status

TITLE_MIN, TITLE_MAX = 5, 150
TEXT_MIN, TEXT_MAX = 3, 3000
LINK_MAX = 2048
MAX_EVIDENCE = 20
MAX_FILE_BYTES = 20 * 1024 * 1024  # what a bot may download again (getFile)
DOCUMENT_TYPES = {
    "application/pdf",
    "application/msword",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "application/vnd.ms-excel",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "application/vnd.ms-powerpoint",
    "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    "application/vnd.oasis.opendocument.text",
    "application/vnd.oasis.opendocument.spreadsheet",
    "image/jpeg",
    "image/png",
}
DOCUMENT_SUFFIXES = (".pdf", ".doc", ".docx", ".xls", ".xlsx", ".ppt", ".pptx", ".odt", ".ods",
                     ".jpg", ".jpeg", ".png")  # fmt: skip


class Field(enum.StrEnum):
    """The questions of the form, in the order they are asked."""

    TITLE = "title"
    PILLARS = "pillars"
    QUICK_WIN = "quick_win"
    STAGE = "stage"
    KIND = "kind"
    PROBLEM = "problem"
    SOLUTION = "solution"
    GOAL = "goal"
    BENEFIT = "benefit"
    START_DATE = "start_date"
    LINK = "link"
    EVIDENCE = "evidence"


ORDER = list(Field)
OPTIONAL = {Field.LINK, Field.EVIDENCE}
LONG_TEXTS = {Field.PROBLEM, Field.SOLUTION, Field.GOAL, Field.BENEFIT}
EDITABLE = {Status.DRAFT, Status.SUBMITTED, Status.REVISION_REQUESTED}
STATUS_ICONS = {
    Status.DRAFT: "📝",
    Status.SUBMITTED: "📤",
    Status.IN_REVIEW: "🔎",
    Status.APPROVED: "✅",
    Status.REVISION_REQUESTED: "✏️",
    Status.REJECTED: "❌",
}


def next_field(field: Field) -> Field | None:
    index = ORDER.index(field)
    return ORDER[index + 1] if index + 1 < len(ORDER) else None


def previous_field(field: Field) -> Field | None:
    index = ORDER.index(field)
    return ORDER[index - 1] if index > 0 else None


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


def valid_link(text: str) -> str:
    link = clean_answer(text)
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
    names.update({"agt": 8, "agust": 8, "sept": 9, "nop": 11, "des": 12, "mei": 5, "okt": 10})
    return names


MONTHS = _month_names()
NUMERIC_DATE = re.compile(r"^(\d{1,2})[/\-.](\d{1,2})[/\-.](\d{4})$")
WORDED_DATE = re.compile(r"^(?:(\d{1,2})\s+)?([A-Za-z]+)\.?\s+(\d{4})$")
YEAR_ONLY = re.compile(r"^(\d{4})$")


def parse_start_date(text: str, today: date) -> date:
    """`17/08/2024`, `17-8-2024`, `17 Agustus 2024`, `Agustus 2024` (its first day), `2024`
    (1 January); never after `today`."""
    value = " ".join(clean_answer(text).split())
    day: date | None = None
    try:
        if match := NUMERIC_DATE.match(value):
            day = date(int(match.group(3)), int(match.group(2)), int(match.group(1)))
        elif match := WORDED_DATE.match(value):
            month = MONTHS.get(match.group(2).lower())
            if month is not None:
                day = date(int(match.group(3)), month, int(match.group(1) or 1))
        elif match := YEAR_ONLY.match(value):
            day = date(int(match.group(1)), 1, 1)
    except ValueError:  # 31/02/2024 and the like
        day = None
    if day is None or day.year < 1945:
        raise Invalid("sub-invalid-date")
    if day > today:
        raise Invalid("sub-invalid-future-date")
    return day


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
    if evidence.file_size is not None and evidence.file_size > MAX_FILE_BYTES:
        raise Invalid("sub-invalid-file-size", max_mb=MAX_FILE_BYTES // (1024 * 1024))
    if evidence.kind == "document":
        name = (evidence.file_name or "").lower()
        if evidence.mime_type not in DOCUMENT_TYPES and not name.endswith(DOCUMENT_SUFFIXES):
            raise Invalid("sub-invalid-file-type")


def missing_fields(innovation: Innovation, pillar_count: int) -> list[Field]:
    """Required answers not given yet (a draft may lack them; a submission may not)."""
    values = {
        Field.TITLE: innovation.title,
        Field.PILLARS: pillar_count or None,
        Field.QUICK_WIN: innovation.quick_win,
        Field.STAGE: innovation.stage,
        Field.KIND: innovation.kind,
        Field.PROBLEM: innovation.problem,
        Field.SOLUTION: innovation.solution,
        Field.GOAL: innovation.goal,
        Field.BENEFIT: innovation.benefit,
        Field.START_DATE: innovation.start_date,
    }
    return [field for field, value in values.items() if value is None or value == ""]


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
