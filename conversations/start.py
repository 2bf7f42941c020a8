"""What is left when no handler took a message: an answer, never silence."""

from __future__ import annotations

from telegram import Update

from bot.telegram.context import BotContext
from bot.telegram.people import identify


async def unknown_message(update: Update, context: BotContext) -> None:
    message = update.effective_message
    if message is None:
        return
    caller = await identify(update, context)
    await message.reply_text(context.services.texts.text(caller.lang, "unknown-message"))


async def nothing_to_cancel(update: Update, context: BotContext) -> None:
    message = update.effective_message
    if message is None:
        return
    caller = await identify(update, context)
    await message.reply_text(context.services.texts.text(caller.lang, "nothing-to-cancel"))
