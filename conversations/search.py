"""/cari without words: the words are asked for, and what is typed next is searched. A main-
menu button or another command meanwhile goes to its own handler; /batal ends the wait."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from telegram import Update
from telegram.ext import CommandHandler, ConversationHandler, MessageHandler, filters

from bot.core.policy import Action
from bot.core.texts import Catalog
from bot.telegram.context import BotContext
from bot.telegram.menu import command, menu_labels
from bot.telegram.people import require
from conversations.common import END, FlowStore, conversation, please_type_text
from conversations.search_results import MIN_LENGTH, problem, run_search

FLOW = FlowStore("search")
TIMEOUT = timedelta(hours=12)  # the words not typed by then are no longer waited for
WORDS = "words"


async def search_command(update: Update, context: BotContext) -> object:
    caller = await require(update, context, Action.REPORT)
    if caller is None:
        return END
    message = update.effective_message
    assert message is not None
    texts = context.services.texts
    query = " ".join(context.args or []).strip()
    if not query:
        async with context.services.database.transaction() as session:
            await FLOW.save(session, update, WORDS, {})
        await message.reply_text(texts.text(caller.lang, "srch-ask"))
        return WORDS
    async with context.services.database.transaction() as session:
        await FLOW.end(session, update)
    key = problem(query)
    if key is not None:
        await message.reply_text(texts.text(caller.lang, key, min=MIN_LENGTH))
        return END
    await run_search(update, context, caller, query)
    return END


async def words_typed(update: Update, context: BotContext) -> object:
    caller = await require(update, context, Action.REPORT)
    message = update.effective_message
    assert message is not None
    if caller is None:  # no longer a coordinator: nothing more is waited for
        async with context.services.database.transaction() as session:
            return await FLOW.end(session, update)
    query = " ".join((message.text or "").split())
    key = problem(query)
    if key is not None:  # too short: asked again, still waiting
        await message.reply_text(context.services.texts.text(caller.lang, key, min=MIN_LENGTH))
        return WORDS
    async with context.services.database.transaction() as session:
        await FLOW.end(session, update)
    await run_search(update, context, caller, query)
    return END


async def not_text(update: Update, context: BotContext) -> object:
    caller = await require(update, context, Action.REPORT)
    if caller is not None:
        await please_type_text(update, context, caller.lang)
    return WORDS


async def cancel(update: Update, context: BotContext) -> object:
    caller = await require(update, context, Action.REPORT)
    async with context.services.database.transaction() as session:
        await FLOW.end(session, update)
    if caller is not None and update.effective_message is not None:
        await update.effective_message.reply_text(
            context.services.texts.text(caller.lang, "srch-cancelled")
        )
    return END


def build(texts: Catalog) -> ConversationHandler[Any]:
    private = filters.ChatType.PRIVATE
    menu = filters.Text(menu_labels(texts))
    return conversation(
        "search",
        entry_points=[CommandHandler(command("cari").names, search_command, filters=private)],
        states={
            WORDS: [
                MessageHandler(private & filters.TEXT & ~filters.COMMAND & ~menu, words_typed),
                MessageHandler(private & ~filters.TEXT & ~filters.StatusUpdate.ALL, not_text),
            ],
        },
        timeout=TIMEOUT,
        fallbacks=[CommandHandler(command("batal").names, cancel, filters=private)],
    )
