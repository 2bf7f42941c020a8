"""An innovation as a person reads it: one message (or several, split between fields, never
inside HTML), values escaped, dates and choices in their language."""

from __future__ import annotations

from bot.formatting import format_day
from bot.innovations import ORDER, STATUS_ICONS, Field
from bot.texts import Catalog
from storage.models import Innovation

MESSAGE_BUDGET = 3900  # under Telegram's 4096, counted on the text a person sees


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
    lines: list[tuple[str, int]] = [(header, len(header))]
    rows = [(field, field_value(texts, lang, innovation, field)) for field in ORDER]
    contact = " · ".join(v for v in (innovation.contact_name, innovation.contact_phone) if v)
    for field, value in rows:
        label = texts.text(lang, f"field-{field.value}")
        shown = value if value is not None else texts.text(lang, "sub-empty")
        lines.append(_line(texts, lang, label, shown))
    if contact:
        lines.append(_line(texts, lang, texts.text(lang, "field-contact"), contact))
    if innovation.opd is not None:
        lines.insert(1, _line(texts, lang, texts.text(lang, "field-opd"), innovation.opd.name))
    return _pack(lines)


def _line(texts: Catalog, lang: str, label: str, value: str) -> tuple[str, int]:
    return texts.text(lang, "sub-review-line", label=label, value=value), len(label) + len(
        value
    ) + 2


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
