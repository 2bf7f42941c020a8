"""/opd (admins): which OPDs are expected to submit innovations. Those that are not (by default
Diskominfo, which collects and reviews them) get no weekly or countdown reminder, are left out
of the broadcast to "OPDs without a submission", and are not counted in /rekap, /belum or the
coverage."""

from __future__ import annotations

import logging

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update

from bot.core.formatting import page_count, page_navigation, shorten
from bot.core.policy import Action
from bot.telegram.callbacks import Bool, Callback, Int
from bot.telegram.context import BotContext
from bot.telegram.people import Caller, require
from bot.telegram.screens import show_screen
from storage.repositories import OpdRepository

logger = logging.getLogger(__name__)

PAGE_SIZE = 10
PAGE = Callback("opd:p", Int("page", 5))
# The OPD, the value the press sets (so a double press is harmless), the page to show again.
EXPECTED = Callback("opd:x", Int("opd", 9), Bool("expected"), Int("page", 5))


async def _screen(
    update: Update, context: BotContext, caller: Caller, page: int, *, edit: bool
) -> None:
    texts = context.services.texts
    lang = caller.lang
    async with context.services.database.reading() as session:
        opds, total = await OpdRepository(session).page("", page * PAGE_SIZE, PAGE_SIZE)
        pages = page_count(total, PAGE_SIZE)
        if page >= pages:  # fewer OPDs since the button was made: the last page
            page = pages - 1
            opds, _ = await OpdRepository(session).page("", page * PAGE_SIZE, PAGE_SIZE)
    rows = [
        [
            InlineKeyboardButton(
                shorten(("✅ " if opd.expected else "➖ ") + f"{opd.code} · {opd.name}"),
                callback_data=EXPECTED.data(opd.id, not opd.expected, page),
            )
        ]
        for opd in opds
    ]
    navigation = page_navigation(texts, lang, page=page, pages=pages, page_data=PAGE.data)
    if navigation:
        rows.append(navigation)
    text = texts.text(lang, "opd-title", page=page + 1, pages=pages, total=total)
    await show_screen(update, text, InlineKeyboardMarkup(rows), edit=edit)


async def opd_command(update: Update, context: BotContext) -> None:
    caller = await require(update, context, Action.CONFIGURE)
    if caller is None:
        return
    await _screen(update, context, caller, 0, edit=False)


async def opd_button(update: Update, context: BotContext) -> None:
    """A page, or a switch: the role is asked again, the OPD read again."""
    query = update.callback_query
    assert query is not None
    caller = await require(update, context, Action.CONFIGURE)
    if caller is None:
        return
    texts = context.services.texts
    if (page_only := PAGE.parse(query.data)) is not None:
        await query.answer()
        await _screen(update, context, caller, page_only[0], edit=True)
        return
    parsed = EXPECTED.parse(query.data)
    if parsed is None:
        await query.answer(texts.text(caller.lang, "button-expired"))
        return
    opd_id, expected, page = parsed
    async with context.services.database.transaction() as session:
        repository = OpdRepository(session)
        opd = await repository.get(opd_id)
        if opd is not None and opd.active:
            await repository.set_expected(opd, expected)
            code = opd.code
    if opd is None or not opd.active:
        await query.answer(texts.text(caller.lang, "button-expired"))
        return
    logger.info("OPD %s expected to submit: %s (by member %s)", code, expected, caller.telegram_id)
    key = "opd-now-expected" if expected else "opd-now-not-expected"
    await query.answer(texts.text(caller.lang, key, code=code))
    await _screen(update, context, caller, page, edit=True)
