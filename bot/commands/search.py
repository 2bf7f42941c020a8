"""/cari (/search): innovations by words in the title, problem, solution or OPD name, in any
case and with or without accents, the same on SQLite and PostgreSQL."""

from __future__ import annotations

import re

from telegram import Update

from bot.context import BotContext
from bot.formatting import page_count, paged_buttons, shorten
from bot.innovation_view import status_label
from bot.people import Caller, require
from bot.policy import Action
from bot.screens import pressed, show_screen
from storage.models import searchable
from storage.repositories.innovations import InnovationRepository
from storage.repositories.settings import AppSettingRepository

PAGE_SIZE = 10
MIN_LENGTH = 2
MAX_LENGTH = 100
PAGE = re.compile(r"^srch:(\d{1,5})$")


def _key(caller: Caller) -> str:
    return f"search:{caller.telegram_id}"


async def search_command(update: Update, context: BotContext) -> None:
    caller = await require(update, context, Action.REPORT)
    if caller is None:
        return
    texts = context.services.texts
    message = update.effective_message
    assert message is not None
    query = " ".join(context.args or []).strip()[:MAX_LENGTH]
    if not query:
        await message.reply_text(texts.text(caller.lang, "srch-usage"))
        return
    if len(searchable(query).replace(" ", "")) < MIN_LENGTH:
        await message.reply_text(texts.text(caller.lang, "srch-too-short", min=MIN_LENGTH))
        return
    # Kept for the page buttons (callback data has room for a page number, not for words).
    async with context.services.database.transaction() as session:
        await AppSettingRepository(session).set(_key(caller), query)
    await _show(update, context, caller, query, 0, edit=False)


async def search_page(update: Update, context: BotContext) -> None:
    button = await pressed(update, context, Action.REPORT, PAGE)
    if button is None:
        return
    caller, (page,) = button
    async with context.services.database.transaction() as session:
        query = await AppSettingRepository(session).get(_key(caller))
    assert update.callback_query is not None
    await update.callback_query.answer()
    if query:
        await _show(update, context, caller, query, int(page), edit=True)


async def _show(
    update: Update, context: BotContext, caller: Caller, query: str, page: int, *, edit: bool
) -> None:
    texts = context.services.texts
    lang = caller.lang
    async with context.services.database.transaction() as session:
        found, total = await InnovationRepository(session).search(
            searchable(query).split(), page * PAGE_SIZE, PAGE_SIZE
        )
    if total == 0:
        await show_screen(update, texts.text(lang, "srch-none", query=query), None, edit=edit)
        return
    pages = page_count(total, PAGE_SIZE)
    items = [
        (
            shorten(f"#{i.id} {status_label(texts, lang, i.status)} · {i.opd.code} · {i.title}"),
            f"ino:view:{i.id}",
        )
        for i in found
    ]
    keyboard = paged_buttons(texts, lang, items, page=page, pages=pages, page_data="srch:")
    text = texts.text(lang, "srch-title", query=query, total=total, page=page + 1, pages=pages)
    await show_screen(update, text, keyboard, edit=edit)
