"""An innovation as a person reads it: one message (or several, split between fields, never
inside HTML; a value too long for one message goes on in the next), values escaped, dates and
choices in their language."""

from __future__ import annotations

from collections.abc import Mapping

from sqlalchemy import inspect

from bot.core.textinput import cut, telegram_length
from bot.core.texts import Catalog, escape
from bot.innovations.form import FORM, Question
from bot.innovations.rules import STATUS_ICONS
from storage.models import CRITERIA, Evaluation, Innovation

# Under Telegram's 4096, counted as Telegram counts (UTF-16 units) on the text a person sees.
MESSAGE_BUDGET = 3900


def status_label(texts: Catalog, lang: str, status: str) -> str:
    return f"{STATUS_ICONS.get(status, '')} {texts.text(lang, f'status-{status}')}".strip()


def score_summary(texts: Catalog, lang: str, scores: Mapping[str, int | None]) -> str | None:
    """``fungsional 4, mutakhir 3, …``; None when nothing was scored (a revision request)."""
    if not any(scores.get(c) is not None for c in CRITERIA):
        return None
    return ", ".join(f"{texts.text(lang, f'crit-{c}')} {scores.get(c) or '-'}" for c in CRITERIA)


def evaluation_scores(evaluation: Evaluation) -> dict[str, int | None]:
    return {c: getattr(evaluation, c) for c in CRITERIA}


def current_evaluation(innovation: Innovation) -> Evaluation | None:
    """The verdict the innovation stands on now: its latest evaluation, while its status is
    still that verdict. Once resubmitted (or withdrawn) the old scores and note are history,
    not its current review. None when the evaluations were not loaded with it."""
    if "evaluations" in inspect(innovation).unloaded or not innovation.evaluations:
        return None
    latest = innovation.evaluations[-1]
    return latest if latest.verdict == innovation.status else None


def field_value(
    texts: Catalog, lang: str, innovation: Innovation, question: Question | str
) -> str | None:
    """The plain value of one question's answer, or None when it is not answered."""
    if isinstance(question, str):
        question = FORM[question]
    return question.shown(texts, lang, innovation)


# On the review screen an answer longer than this (as Telegram counts) is shown shortened,
# with a button to read it whole: twelve answers of any length make one message.
BRIEF = 200


def brief(value: str) -> str | None:
    """`value` shortened to BRIEF units at a word, with "…"; None when it fits as it is."""
    head, rest = cut(value, BRIEF)
    return head.rstrip() + "…" if rest else None


def shortened(texts: Catalog, lang: str, innovation: Innovation) -> list[Question]:
    """The questions whose answers the review screen shows shortened."""
    return [
        question
        for question in FORM
        if (value := question.shown(texts, lang, innovation)) is not None and brief(value)
    ]


def render_record(
    texts: Catalog,
    lang: str,
    innovation: Innovation,
    *,
    header_key: str = "sub-review-title",
    short: bool = False,
) -> list[str]:
    """The whole record, in as few messages as fit (`short`: long answers shortened, one
    message)."""
    header = texts.text(
        lang,
        header_key,
        id=innovation.id,
        status=status_label(texts, lang, innovation.status),
    )
    lines: list[tuple[str, int]] = [(header, telegram_length(header))]
    if innovation.opd is not None:
        lines += _lines(texts, lang, texts.text(lang, "field-opd"), innovation.opd.name)
    rows = [(question, question.shown(texts, lang, innovation)) for question in FORM]
    contact = " · ".join(v for v in (innovation.contact_name, innovation.contact_phone) if v)
    for question, value in rows:
        label = texts.text(lang, question.label_key)
        shown = value if value is not None else texts.text(lang, "sub-empty")
        if short and value is not None:
            shown = brief(value) or value
        lines += _lines(texts, lang, label, shown)
    if contact:
        lines += _lines(texts, lang, texts.text(lang, "field-contact"), contact)
    if innovation.imported_from:  # loaded from the backlog's file, not typed in the chat
        imported = texts.text(lang, "view-imported", file=innovation.imported_from)
        lines.append((imported, telegram_length(imported)))
    evaluation = current_evaluation(innovation)
    if evaluation is not None:  # what the reviewer decided: for the OPD, and on /lihat
        scores = score_summary(texts, lang, evaluation_scores(evaluation))
        if scores is not None:
            lines += _lines(texts, lang, texts.text(lang, "view-review-scores"), scores)
        if evaluation.note:
            lines += _lines(texts, lang, texts.text(lang, "view-review-note"), evaluation.note)
    return _pack(lines)


def render_field(
    texts: Catalog, lang: str, innovation: Innovation, question: Question
) -> list[str]:
    """One answer whole, in as few messages as fit."""
    value = question.shown(texts, lang, innovation)
    shown = value if value is not None else texts.text(lang, "sub-empty")
    return _pack(_lines(texts, lang, texts.text(lang, question.label_key), shown))


def _lines(texts: Catalog, lang: str, label: str, value: str) -> list[tuple[str, int]]:
    """One field as (HTML, length a person sees): one line, or, for a value longer than a
    message (stored before the limits counted as Telegram does), the line and its
    continuations, each cut outside HTML."""
    room = max(MESSAGE_BUDGET - telegram_length(label) - 2, 1)
    first, rest = cut(value, room)
    lines = [
        (
            texts.text(lang, "sub-review-line", label=label, value=first),
            telegram_length(label) + telegram_length(first) + 2,
        )
    ]
    while rest:
        piece, rest = cut(rest, MESSAGE_BUDGET)
        lines.append((escape(piece), telegram_length(piece)))
    return lines


def _pack(lines: list[tuple[str, int]]) -> list[str]:
    messages: list[str] = []
    current: list[str] = []
    size = 0
    for html, plain_length in lines:
        if current and size + plain_length + 1 > MESSAGE_BUDGET:
            messages.append("\n".join(current))
            current, size = [], 0
        current.append(html)
        size += plain_length + 1
    if current:
        messages.append("\n".join(current))
    return messages
