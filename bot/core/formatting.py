"""Dates, times and pages the way people here write them: `17 Agustus 2024`, `16.00 WIB`."""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from datetime import date, datetime
from zoneinfo import ZoneInfo

from babel.dates import format_date as babel_format_date
from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot.core.dates import PartialDate, Precision
from bot.core.texts import Catalog

ZONE_NAMES = {
    "Asia/Jakarta": "WIB",
    "Asia/Pontianak": "WIB",
    "Asia/Makassar": "WITA",
    "Asia/Jayapura": "WIT",
}


def format_day(day: date, lang: str) -> str:
    return babel_format_date(day, "d MMMM y", locale=lang)


def format_partial(value: PartialDate, lang: str) -> str:
    """17 Agustus 2024, Juli 2024, or 2024: as precisely as it was given."""
    if value.precision is Precision.MONTH:
        return babel_format_date(value.day, "LLLL y", locale=lang)
    if value.precision is Precision.YEAR:
        return str(value.day.year)
    return format_day(value.day, lang)


def format_rupiah(amount: int) -> str:
    """``Rp 25.000.000``: the thousands marked with dots, as rupiah are written."""
    return "Rp " + f"{amount:,}".replace(",", ".")


def format_moment(moment: datetime, zone: str, lang: str) -> str:
    local = moment.astimezone(ZoneInfo(zone))
    clock = f"{local:%H.%M}" if lang == "id" else f"{local:%H:%M}"
    return f"{format_day(local.date(), lang)} {clock} {ZONE_NAMES.get(zone, zone)}"


def shorten(text: str, limit: int = 64) -> str:
    """A button label that fits a phone's width: cut at a word, with an ellipsis."""
    if len(text) <= limit:
        return text
    cut = text[: limit - 1].rsplit(" ", 1)[0].rstrip(",;:")
    return cut + "…"


def page_count(total: int, size: int) -> int:
    return max(1, math.ceil(total / size))


def page_navigation(
    texts: Catalog, lang: str, *, page: int, pages: int, page_data: Callable[[int], str]
) -> list[InlineKeyboardButton]:
    """⬅️ / ➡️ to the page before and after (none at the ends), their data `page_data(page)`
    (a typed callback's ``data``)."""
    navigation = []
    if page > 0:
        navigation.append(
            InlineKeyboardButton(texts.text(lang, "button-prev"), callback_data=page_data(page - 1))
        )
    if page + 1 < pages:
        navigation.append(
            InlineKeyboardButton(texts.text(lang, "button-next"), callback_data=page_data(page + 1))
        )
    return navigation


def paged_buttons(
    texts: Catalog,
    lang: str,
    items: Sequence[tuple[str, str]],
    *,
    page: int,
    pages: int,
    page_data: Callable[[int], str],
    extra: Sequence[list[InlineKeyboardButton]] = (),
) -> InlineKeyboardMarkup:
    """One button per (label, callback data), then ⬅️/➡️ (see `page_navigation`)."""
    rows = [[InlineKeyboardButton(shorten(label), callback_data=data)] for label, data in items]
    navigation = page_navigation(texts, lang, page=page, pages=pages, page_data=page_data)
    if navigation:
        rows.append(navigation)
    rows.extend(extra)
    return InlineKeyboardMarkup(rows)
