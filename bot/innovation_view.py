"""An innovation as a person reads it: one message (or several, split between fields, never
inside HTML; a value too long for one message goes on in the next), values escaped, dates and
choices in their language."""

from __future__ import annotations

from bot.formatting import format_day
from bot.innovations import ORDER, STATUS_ICONS, Field
from bot.textinput import cut, telegram_length
from bot.texts import Catalog, escape
from storage.models import Innovation

# Under Telegram's 4096, counted as Telegram counts (UTF-16 units) on the text a person sees.
MESSAGE_BUDGET = 3900


def status_label(texts: Catalog, lang: str, status: str) -> str:
    return f"{STATUS_ICONS.get(status, '')} {texts.text(lang, f'status-{status}')}".strip()


def field_value(texts: Catalog, lang: str, innovation: Innovation, field: Field) -> str | None:
    """The plain value of one field, or None when it is not answered."""
    if field is Field.TITLE:
        return innovation.title
    if field is Field.PILLARS:
        return ", ".join(p.name for p in innovation.pillars) or None
    if field is Field.QUICK_WIN:
        if innovation.quick_win is None:
            return None
        return texts.text(lang, "button-yes" if innovation.quick_win else "button-no")
    if field is Field.STAGE:
        return texts.text(lang, f"stage-{innovation.stage}") if innovation.stage else None
    if field is Field.KIND:
        return texts.text(lang, f"kind-{innovation.kind}") if innovation.kind else None
    if field is Field.START_DATE:
        return format_day(innovation.start_date, lang) if innovation.start_date else None
    if field is Field.EVIDENCE:
        count = len(innovation.attachments)
        return texts.text(lang, "sub-files", count=count) if count else None
    return getattr(innovation, field.value)


def render_record(
    texts: Catalog, lang: str, innovation: Innovation, *, header_key: str = "sub-review-title"
) -> list[str]:
    """The whole record, in as few messages as fit."""
    header = texts.text(
        lang,
        header_key,
        id=innovation.id,
        status=status_label(texts, lang, innovation.status),
    )
    lines: list[tuple[str, int]] = [(header, telegram_length(header))]
    if innovation.opd is not None:
        lines += _lines(texts, lang, texts.text(lang, "field-opd"), innovation.opd.name)
    rows = [(field, field_value(texts, lang, innovation, field)) for field in ORDER]
    contact = " · ".join(v for v in (innovation.contact_name, innovation.contact_phone) if v)
    for field, value in rows:
        label = texts.text(lang, f"field-{field.value}")
        shown = value if value is not None else texts.text(lang, "sub-empty")
        lines += _lines(texts, lang, label, shown)
    if contact:
        lines += _lines(texts, lang, texts.text(lang, "field-contact"), contact)
    return _pack(lines)


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
