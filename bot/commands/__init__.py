"""Command and message handlers, registered in one place."""

from __future__ import annotations

from typing import TYPE_CHECKING

from telegram.ext import CommandHandler, MessageHandler, filters

from bot.commands.start import start, unknown_message

if TYPE_CHECKING:
    from bot.application import BotApplication


def register_handlers(application: BotApplication) -> None:
    application.add_handler(CommandHandler("start", start))
    # Last in the same group: whatever no handler above took gets an answer, never silence.
    application.add_handler(
        MessageHandler(filters.ChatType.PRIVATE & ~filters.StatusUpdate.ALL, unknown_message)
    )
