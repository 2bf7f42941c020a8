"""/cari (/search): innovations by words in the title, problem, solution, goal, benefit or OPD
name, in any case and with or without accents, the same on SQLite and PostgreSQL. The words
come with the command, or (asked for) in the next message: see conversations/search.py."""

from __future__ import annotations

from telegram import Update

from bot.core.formatting import page_count, paged_buttons
from bot.core.policy import Action
from bot.innovations.view import status_label
from bot.telegram.callbacks import VIEW_INNOVATION, Callback, Int
from bot.telegram.context import BotContext
from bot.telegram.people import Caller, require
from bot.telegram.screens import show_screen
from storage.models import searchable
from storage.repositories.innovations import InnovationRepository
from storage.repositories.settings import AppSettingRepository

PAGE_SIZE = 10
MIN_LENGTH = 2
MAX_LENGTH = 100
# The page a ⬅️ / ➡️ opens; the words are kept per person (they do not fit in callback data).
PAGE = Callback("srch", Int("page", 5))


def _key(caller: Caller) -> str:
    return f"search:{caller.telegram_id}"


def problem(query: str) -> str | None:
    """The catalog key of what is wrong with the words (None: they can be searched)."""
    if not query:
        return "srch-usage"
    if len(searchable(query).replace(" ", "")) < MIN_LENGTH:
        return "srch-too-short"
    return None


async def run_search(update: Update, context: BotContext, caller: Caller, query: str) -> None:
    """Search for `query` (already checked with `problem`) and show the first page."""
    query = query[:MAX_LENGTH]
    async with context.services.database.transaction() as session:
        await AppSettingRepository(session).set(_key(caller), query)
    await _show(update, context, caller, query, 0, edit=False)


async def search_page(update: Update, context: BotContext) -> None:
    query_ = update.callback_query
    assert query_ is not None
    caller = await require(update, context, Action.REPORT)
    if caller is None:
        return
    parsed = PAGE.parse(query_.data)
    if parsed is None:
        await query_.answer(context.services.texts.text(caller.lang, "button-expired"))
        return
    async with context.services.database.reading() as session:
        query = await AppSettingRepository(session).get(_key(caller))
    await query_.answer()
    if query:
        await _show(update, context, caller, query, parsed[0], edit=True)


async def _show(
    update: Update, context: BotContext, caller: Caller, query: str, page: int, *, edit: bool
) -> None:
    texts = context.services.texts
    lang = caller.lang
    words = searchable(query).split()
    async with context.services.database.reading() as session:
        found, total = await InnovationRepository(session).search(
            words, page * PAGE_SIZE, PAGE_SIZE
        )
        pages = page_count(total, PAGE_SIZE)
        if total and page >= pages:  # fewer results since the button was made: the last page
            page = pages - 1
            found, _ = await InnovationRepository(session).search(
                words, page * PAGE_SIZE, PAGE_SIZE
            )
    if total == 0:
        await show_screen(update, texts.text(lang, "srch-none", query=query), None, edit=edit)
        return
    items = [
        (
            f"#{i.id} {status_label(texts, lang, i.status)} · {i.opd.code} · {i.title}",
            VIEW_INNOVATION.data(i.id),
        )
        for i in found
    ]
    keyboard = paged_buttons(texts, lang, items, page=page, pages=pages, page_data=PAGE.data)
    text = texts.text(lang, "srch-title", query=query, total=total, page=page + 1, pages=pages)
    await show_screen(update, text, keyboard, edit=edit)
