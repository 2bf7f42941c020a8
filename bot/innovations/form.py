"""The submission form, declared once: its questions in the order they are asked, each with its
kind, whether it is required, how a typed answer is checked, its choices, how it shows on the
review screen and in the export, and its catalog keys.

The conversation's states, handlers, keyboards, back and skip, the review screen's ✏️ buttons,
what is missing before Kirim, the record as a person reads it, and the export's columns all
come from `FORM`. Adding an optional question is one `Question` here, its two texts in both
catalogs (``field-<name>``, ``sub-ask-<name>``), and a column for it (a migration).
"""

from __future__ import annotations

import enum
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from bot.core.formatting import format_day, format_partial, format_rupiah
from bot.core.texts import Catalog
from bot.innovations.rules import (
    TITLE_MAX,
    TITLE_MIN,
    PartialDate,
    Precision,
    month_start,
    parse_partial_date,
    valid_link,
    valid_long_text,
    valid_title,
)
from storage.models import Attachment, Innovation, InnovationKind, Stage


class Kind(enum.StrEnum):
    TEXT = "text"  # typed, one value
    CHOICE = "choice"  # one button of several
    MULTI_CHOICE = "multi_choice"  # buttons switched on and off, then Selesai
    DATE = "date"  # typed, or a shortcut button
    LINK = "link"  # typed
    FILES = "files"  # photos and documents, then Selesai
    RUPIAH = "rupiah"  # typed, an amount of rupiah stored as a whole number


TYPED = {Kind.TEXT, Kind.DATE, Kind.LINK, Kind.RUPIAH}


@dataclass(frozen=True)
class Option:
    """One button of a choice: the value stored, its code in the button's data, its label."""

    value: Any
    code: str
    label_key: str = ""
    # A proper name shown as it is in every language (an urusan pemerintahan), instead of a
    # catalog key.
    label: str | None = None

    def text(self, texts: Catalog, lang: str) -> str:
        return self.label if self.label is not None else texts.text(lang, self.label_key)


@dataclass(frozen=True)
class Shortcut:
    """A button that answers a typed question (the date's "this month")."""

    code: str
    label_key: str
    value: Callable[[date], Any]  # from today


def _typed_as_is(text: str, today: date) -> str:
    return valid_long_text(text)


@dataclass(frozen=True)
class Question:
    name: str  # the state, the innovation's attribute, the catalog keys' suffix
    kind: Kind
    required: bool = True
    # A typed answer, checked: (text, today) -> value, or raises `Invalid`.
    parse: Callable[[str, date], Any] | None = None
    options: tuple[Option, ...] = ()
    shortcuts: tuple[Shortcut, ...] = ()
    # Questions with the same group share a row of ✏️ buttons on the review screen.
    group: str = ""
    # Arguments of the question's text.
    ask_arguments: dict[str, Any] = field(default_factory=dict)
    # A long answer is shown shortened on the review screen.
    long: bool = False
    # An ℹ️ button under the question explains it (``info-<name>``, ``info-button-<name>``).
    info: bool = False
    # A choice of many options shows this many buttons a page, with ⬅️ ➡️ (0: all at once).
    page_size: int = 0

    @property
    def label_key(self) -> str:
        return f"field-{self.name}"

    @property
    def ask_key(self) -> str:
        return f"sub-ask-{self.name}"

    @property
    def info_key(self) -> str:
        return f"info-{self.name}"

    @property
    def keys(self) -> tuple[str, ...]:
        """The catalog keys it needs."""
        return (
            self.label_key,
            self.ask_key,
            *((self.info_key, f"info-button-{self.name}") if self.info else ()),
            *(o.label_key for o in self.options if o.label is None),
            *(s.label_key for s in self.shortcuts),
        )

    @property
    def optional(self) -> bool:
        return not self.required

    @property
    def typed(self) -> bool:
        return self.kind in TYPED

    def pages(self) -> int:
        """How many pages of buttons the choice has (1 unless paged)."""
        if not self.page_size:
            return 1
        return max(1, -(-len(self.options) // self.page_size))

    def options_on(self, page: int) -> tuple[Option, ...]:
        """The options on one page (0 the first) of a paged choice; all of them otherwise."""
        if not self.page_size:
            return self.options
        return self.options[page * self.page_size : (page + 1) * self.page_size]

    def option(self, code: str) -> Option | None:
        return next((o for o in self.options if o.code == code), None)

    def shortcut(self, code: str) -> Shortcut | None:
        return next((s for s in self.shortcuts if s.code == code), None)

    def stored(self, innovation: Innovation) -> Any:
        """What is stored for it (None or empty: not answered)."""
        if self.kind is Kind.MULTI_CHOICE:
            return list(innovation.pillars)
        if self.kind is Kind.FILES:
            return list(innovation.attachments)
        return self.value(innovation)

    @property
    def precision_column(self) -> str:
        """A date's second column: how precisely it was given."""
        return f"{self.name}_precision"

    def value(self, innovation: Innovation) -> Any:
        """The answer of a one-value question as the form handles it (a date with the
        precision it was given in)."""
        value = getattr(innovation, self.name)
        if self.kind is Kind.DATE and value is not None:
            precision = getattr(innovation, self.precision_column, None) or Precision.DAY
            return PartialDate(value, Precision(precision))
        return value

    def columns(self, value: Any) -> dict[str, Any]:
        """How the answer of a one-value question is stored: its column (a date: the day, and
        how precisely it was given) and value."""
        if self.kind is Kind.DATE:
            partial = (
                value if isinstance(value, PartialDate) or value is None else PartialDate(value)
            )
            return {
                self.name: partial.day if partial else None,
                self.precision_column: partial.precision.value if partial else None,
            }
        return {self.name: value}

    def answered(self, innovation: Innovation) -> bool:
        value = self.stored(innovation)
        return value is not None and value != "" and value != []

    def shown(self, texts: Catalog, lang: str, innovation: Innovation) -> str | None:
        """Its answer as a person reads it, or None when it is not answered."""
        if self.kind is Kind.MULTI_CHOICE:
            return ", ".join(p.name for p in innovation.pillars) or None
        if self.kind is Kind.FILES:
            count = len(innovation.attachments)
            if not count:
                return None
            lines = [texts.text(lang, "sub-files", count=count)]
            return "\n".join(
                lines + [f"• {file_label(texts, lang, a)}" for a in innovation.attachments]
            )
        return self.cell(texts, lang, self.value(innovation))

    def cell(self, texts: Catalog, lang: str, value: Any) -> Any:
        """A stored value as it goes in a report: a choice's label, a date as a date."""
        if value is None:
            return None
        if self.kind is Kind.CHOICE:
            option = next((o for o in self.options if o.value == value), None)
            return option.text(texts, lang) if option else str(value)
        if isinstance(value, PartialDate):
            return format_partial(value, lang)
        if self.kind is Kind.DATE and isinstance(value, date):
            return format_day(value, lang)
        if self.kind is Kind.RUPIAH and isinstance(value, int):
            return format_rupiah(value)
        return value

    def export_cell(self, texts: Catalog, lang: str, value: Any) -> Any:
        """As `cell`, but a date stays a date (the spreadsheet formats it, as precisely as it
        is known), and an amount a number."""
        if self.kind is Kind.DATE:
            return value.cell if isinstance(value, PartialDate) else value
        if self.kind is Kind.RUPIAH:
            return value
        return self.cell(texts, lang, value)


def file_label(texts: Catalog, lang: str, attachment: Attachment) -> str:
    """A file of the evidence as a person recognises it: its name (a photo: "foto"), and its
    caption when it has one."""
    name = attachment.file_name or texts.text(lang, "evidence-photo")
    return f"{name}: {attachment.caption}" if attachment.caption else name


@dataclass(frozen=True)
class ExportColumn:
    """One column of the export's Inovasi sheet that the form gives: the header's catalog key,
    the innovation's column it reads (``None``: computed by the export, e.g. the evidence
    count), and the cell made of the stored value."""

    question: Question
    header_key: str
    column: str | None
    cell: Callable[[Catalog, str, Any], Any]


class Form:
    """The questions, in order."""

    def __init__(self, questions: list[Question]) -> None:
        self.questions = list(questions)

    def __iter__(self) -> Iterator[Question]:
        return iter(self.questions)

    def __len__(self) -> int:
        return len(self.questions)

    def __contains__(self, name: object) -> bool:
        return any(q.name == name for q in self.questions)

    @property
    def names(self) -> list[str]:
        return [q.name for q in self.questions]

    @property
    def first(self) -> Question:
        return self.questions[0]

    def get(self, name: str | None) -> Question | None:
        return next((q for q in self.questions if q.name == name), None)

    def __getitem__(self, name: str) -> Question:
        question = self.get(name)
        if question is None:
            raise KeyError(name)
        return question

    def position(self, name: str) -> int:
        """1 for the first question."""
        return self.names.index(name) + 1

    def next(self, name: str) -> Question | None:
        index = self.names.index(name)
        return self.questions[index + 1] if index + 1 < len(self.questions) else None

    def previous(self, name: str) -> Question | None:
        index = self.names.index(name)
        return self.questions[index - 1] if index > 0 else None

    def missing(self, innovation: Innovation) -> list[Question]:
        """Required questions not answered yet (a draft may lack them; a submission may not)."""
        return [q for q in self.questions if q.required and not q.answered(innovation)]

    def review_rows(self) -> list[list[Question]]:
        """The ✏️ buttons of the review screen: consecutive questions of a group share a row."""
        rows: list[list[Question]] = []
        for question in self.questions:
            if rows and question.group and rows[-1][-1].group == question.group:
                rows[-1].append(question)
            else:
                rows.append([question])
        return rows

    def export_columns(self) -> Iterator[ExportColumn]:
        """The export's columns for the form's questions, in the form's order. The pillars
        (multi-choice) become one 1/0 column per pillar in the export itself; the files, a
        count."""
        for question in self.questions:
            if question.kind is Kind.MULTI_CHOICE:
                continue
            column = None if question.kind is Kind.FILES else question.name
            yield ExportColumn(question, question.label_key, column, question.export_cell)

    @contextmanager
    def added(self, question: Question, *, after: str) -> Iterator[Question]:
        """The form with one more question, for as long as the block lasts (for tests: the
        application must be built inside it, its states come from the form)."""
        self.questions.insert(self.names.index(after) + 1, question)
        try:
            yield question
        finally:
            self.questions.remove(question)


YES_NO = (Option(True, "1", "button-yes"), Option(False, "0", "button-no"))


def _options(enum_type: type[enum.StrEnum], prefix: str) -> tuple[Option, ...]:
    return tuple(Option(str(m.value), str(m.value), f"{prefix}-{m.value}") for m in enum_type)


def _start_date(text: str, today: date) -> PartialDate:
    return parse_partial_date(text, today)


def _month(months_back: int) -> Callable[[date], PartialDate]:
    """A shortcut's answer: this month or an earlier one, known to its month."""
    return lambda today: PartialDate(month_start(today, months_back), Precision.MONTH)


def _title(text: str, today: date) -> str:
    return valid_title(text)


def _link(text: str, today: date) -> str:
    return valid_link(text)


FORM = Form(
    [
        Question("title", Kind.TEXT, parse=_title, group="a",
                 ask_arguments={"min": TITLE_MIN, "max": TITLE_MAX}),
        Question("pillars", Kind.MULTI_CHOICE, group="a"),
        Question("quick_win", Kind.CHOICE, options=YES_NO, group="b", info=True),
        Question("stage", Kind.CHOICE, options=_options(Stage, "stage"), group="b", info=True),
        Question("kind", Kind.CHOICE, options=_options(InnovationKind, "kind"), group="b"),
        Question("problem", Kind.TEXT, parse=_typed_as_is, group="c", long=True),
        Question("solution", Kind.TEXT, parse=_typed_as_is, group="c", long=True),
        Question("goal", Kind.TEXT, parse=_typed_as_is, group="d", long=True),
        Question("benefit", Kind.TEXT, parse=_typed_as_is, group="d", long=True),
        Question("start_date", Kind.DATE, parse=_start_date, group="e", shortcuts=(
            Shortcut("0", "sub-this-month", _month(0)),
            Shortcut("1", "sub-last-month", _month(1)),
        )),
        Question("link", Kind.LINK, required=False, parse=_link, group="e"),
        Question("evidence", Kind.FILES, required=False, group="e"),
    ]
)  # fmt: skip


def optional_text(name: str, *, group: str = "") -> Question:
    """An optional typed question of a few words up to a long answer."""
    return Question(name, Kind.TEXT, required=False, parse=_typed_as_is, group=group, long=True)
