"""Command and message handlers, registered in one place, in the order they are tried."""

from __future__ import annotations

from typing import TYPE_CHECKING

from telegram.ext import (
    CallbackQueryHandler,
    ChatMemberHandler,
    CommandHandler,
    MessageHandler,
    filters,
)

from bot.commands.access import decide
from bot.commands.export import export_command
from bot.commands.groups import (
    bot_membership_changed,
    command_in_group,
    group_migrated,
    private_buttons_only,
    use_group_button,
)
from bot.commands.help import help_command, language_chosen, language_command
from bot.commands.innovations import innovation_button, list_command, view_command
from bot.commands.invites import invite_button, invite_command
from bot.commands.members import members_button, members_command
from bot.commands.reports import missing_command, summary_command
from bot.commands.search import search_command, search_page
from bot.commands.start import nothing_to_cancel, unknown_message
from conversations import registration, review, submission
from conversations.broadcast import build_broadcast_conversation
from conversations.common import stale_button
from conversations.schedule import build_schedule_conversation

if TYPE_CHECKING:
    from bot.application import BotApplication


def register_handlers(application: BotApplication) -> None:
    texts = application.bot_data.texts
    private = filters.ChatType.PRIVATE

    def command_or_button(names: list[str], button_key: str, callback) -> None:
        application.add_handler(CommandHandler(names, callback, filters=private))
        application.add_handler(
            MessageHandler(private & filters.Text(list(texts.all(button_key))), callback)
        )

    # Before everything: buttons pressed in a group go no further (see the policy).
    application.add_handler(CallbackQueryHandler(private_buttons_only), group=-1)
    # The submission flow first: its answers (any text) must not be taken for an invite code.
    application.add_handler(submission.build(texts))
    application.add_handler(review.build(texts))
    application.add_handler(registration.build())
    application.add_handler(build_schedule_conversation(texts))
    application.add_handler(build_broadcast_conversation(texts))
    command_or_button(["daftar", "list"], "menu-list", list_command)
    application.add_handler(CommandHandler(["lihat", "view"], view_command, filters=private))
    command_or_button(["rekap", "summary"], "menu-summary", summary_command)
    command_or_button(["belum", "missing"], "menu-missing", missing_command)
    application.add_handler(CommandHandler(["ekspor", "export"], export_command, filters=private))
    application.add_handler(CommandHandler(["cari", "search"], search_command, filters=private))
    command_or_button(["bantuan", "help"], "menu-help", help_command)
    command_or_button(["bahasa", "language"], "menu-language", language_command)
    command_or_button(["anggota", "members"], "menu-members", members_command)
    command_or_button(["undang", "invite"], "menu-invites", invite_command)
    application.add_handler(CommandHandler(["batal", "cancel"], nothing_to_cancel, filters=private))
    application.add_handler(CallbackQueryHandler(language_chosen, pattern=r"^lang:"))
    application.add_handler(CallbackQueryHandler(members_button, pattern=r"^mem:"))
    application.add_handler(CallbackQueryHandler(invite_button, pattern=r"^inv:"))
    application.add_handler(CallbackQueryHandler(decide, pattern=r"^acc:"))
    application.add_handler(CallbackQueryHandler(innovation_button, pattern=r"^ino:"))
    application.add_handler(CallbackQueryHandler(search_page, pattern=r"^srch:"))
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
