"""Command and message handlers, registered in one place, in the order they are tried."""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from telegram.ext import (
    CallbackQueryHandler,
    ChatMemberHandler,
    CommandHandler,
    MessageHandler,
    filters,
)

from bot.callbacks import PUBLIC_FILE
from bot.checkins import PERIOD
from bot.commands import invites
from bot.commands.access import decide
from bot.commands.files import file_pressed
from bot.commands.groups import (
    bot_membership_changed,
    command_in_group,
    group_migrated,
    private_buttons_only,
    use_group_button,
)
from bot.commands.help import ANY_LANGUAGE, language_chosen
from bot.commands.innovations import innovation_button
from bot.commands.members import members_button
from bot.commands.opds import opd_button
from bot.commands.reports import MISSING_PAGE, missing_page
from bot.commands.search import PAGE as SEARCH_PAGE
from bot.commands.search import search_page
from bot.commands.start import unknown_message
from bot.menu import COMMANDS
from conversations import checkin, iid, registration, review, search, submission
from conversations.broadcast import build_broadcast_conversation
from conversations.common import stale_button
from conversations.schedule import build_schedule_conversation


def resolve(path: str) -> Any:
    """``module:function`` of the command table, imported."""
    module, _, name = path.partition(":")
    return getattr(importlib.import_module(module), name)


if TYPE_CHECKING:
    from bot.application import BotApplication


def register_handlers(application: BotApplication) -> None:
    texts = application.bot_data.texts
    private = filters.ChatType.PRIVATE

    # Before everything: buttons pressed in a group go no further (see the policy).
    application.add_handler(CallbackQueryHandler(private_buttons_only), group=-1)
    # The submission flow first: its answers (any text) must not be taken for an invite code.
    application.add_handler(submission.build(texts))
    application.add_handler(review.build(texts))
    application.add_handler(checkin.build(texts))
    application.add_handler(invites.build(texts))
    application.add_handler(registration.build())
    application.add_handler(build_schedule_conversation(texts))
    application.add_handler(build_broadcast_conversation(texts))
    application.add_handler(search.build(texts))
    # After the other flows: a form, a review or a broadcast begun meanwhile takes the text.
    application.add_handler(iid.build(texts))
    # The commands the table gives a handler (the others are entry points of the flows).
    for entry in COMMANDS:
        if entry.handler is None:
            continue
        callback = resolve(entry.handler)
        application.add_handler(CommandHandler(entry.names, callback, filters=private))
        if entry.button_key is not None:
            labels = list(texts.all(entry.button_key))
            application.add_handler(MessageHandler(private & filters.Text(labels), callback))
    application.add_handler(CallbackQueryHandler(language_chosen, pattern=ANY_LANGUAGE))
    application.add_handler(CallbackQueryHandler(members_button, pattern=r"^mem:"))
    application.add_handler(CallbackQueryHandler(invites.invite_button, pattern=r"^inv:"))
    application.add_handler(CallbackQueryHandler(decide, pattern=r"^acc:"))
    application.add_handler(CallbackQueryHandler(innovation_button, pattern=r"^ino:"))
    application.add_handler(CallbackQueryHandler(file_pressed, pattern=PUBLIC_FILE.pattern))
    application.add_handler(CallbackQueryHandler(search_page, pattern=SEARCH_PAGE.pattern))
    application.add_handler(CallbackQueryHandler(missing_page, pattern=MISSING_PAGE.pattern))
    application.add_handler(CallbackQueryHandler(opd_button, pattern=r"^opd:"))
    application.add_handler(CallbackQueryHandler(checkin.period_pressed, pattern=PERIOD.pattern))
    application.add_handler(CallbackQueryHandler(use_group_button, pattern=r"^grp:"))

    groups = filters.ChatType.GROUPS
    application.add_handler(MessageHandler(groups & filters.StatusUpdate.MIGRATE, group_migrated))
    application.add_handler(
        ChatMemberHandler(bot_membership_changed, ChatMemberHandler.MY_CHAT_MEMBER)
    )
    application.add_handler(MessageHandler(groups & filters.COMMAND, command_in_group))

    # Last: whatever no handler above took gets an answer, never silence.
    application.add_handler(CallbackQueryHandler(stale_button))
    application.add_handler(MessageHandler(private & ~filters.StatusUpdate.ALL, unknown_message))
