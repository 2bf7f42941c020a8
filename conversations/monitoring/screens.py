"""/pemantauan (/monitoring): every approved innovation by its freshness, the stopped and the
overdue first, ten a page, each with its OPD, its state and since when, and a 👁 to open it."""

from __future__ import annotations

import math

from telegram import Update

from bot.core.formatting import paged_buttons
from bot.core.policy import Action
from bot.monitoring.checkins import FRESHNESS_ICONS, Watched, short_title, since_text, watched
from bot.telegram.callbacks import VIEW_INNOVATION, Callback, Int
from bot.telegram.context import BotContext
from bot.telegram.people import Caller, require
from bot.telegram.screens import show_screen

PAGE_SIZE = 10
# ⬅️ / ➡️ carry the page they open; the page is checked again when pressed (the list may have
# grown shorter since): past the end, the last page is shown.
FRESHNESS_PAGE = Callback("mon:p", Int("page", 5))


def pages_of(items: list[Watched]) -> int:
    return max(1, math.ceil(len(items) / PAGE_SIZE))


async def _show(
    update: Update, context: BotContext, caller: Caller, page: int, *, edit: bool
) -> None:
    services = context.services
    texts, lang, now = services.texts, caller.lang, services.clock.now()
    async with services.database.reading() as session:
        items = await watched(session, now)
    if not items:
        await show_screen(update, texts.text(lang, "fresh-none"), None, edit=edit)
        return
    pages = pages_of(items)
    page = min(max(page, 0), pages - 1)
    shown = items[page * PAGE_SIZE : (page + 1) * PAGE_SIZE]
    zone = services.settings.tzinfo
    lines = [texts.text(lang, "fresh-title", approved=len(items), page=page + 1, pages=pages)]
    lines += [
        texts.text(lang, "fresh-line", icon=FRESHNESS_ICONS[item.state], id=item.id,
                   title=short_title(item.title), opd=item.opd_code,
                   since=since_text(texts, lang, item.standing, now, zone))
        for item in shown
    ]  # fmt: skip
    buttons = [(f"👁 #{item.id} {item.title}", VIEW_INNOVATION.data(item.id)) for item in shown]
    keyboard = paged_buttons(
        texts, lang, buttons, page=page, pages=pages, page_data=FRESHNESS_PAGE.data
    )
    await show_screen(update, "\n".join(lines), keyboard, edit=edit)


async def monitoring_command(update: Update, context: BotContext) -> None:
    caller = await require(update, context, Action.REPORT)
    if caller is not None:
        await _show(update, context, caller, 0, edit=False)


async def monitoring_page(update: Update, context: BotContext) -> None:
    """⬅️ / ➡️: the role asked again, the list read again from the database."""
    query = update.callback_query
    assert query is not None
    caller = await require(update, context, Action.REPORT)
    if caller is None:
        return
    parsed = FRESHNESS_PAGE.parse(query.data)
    if parsed is None:
        await query.answer(context.services.texts.text(caller.lang, "button-expired"))
        return
    await query.answer()
    await _show(update, context, caller, parsed[0], edit=True)
