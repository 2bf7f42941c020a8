"""The commands and the main menu, by role: one table that help, the command menu
(setMyCommands) and the reply keyboard are all made from."""

from __future__ import annotations

import logging
from dataclasses import dataclass

from telegram import (
    Bot,
    BotCommand,
    BotCommandScopeAllPrivateChats,
    BotCommandScopeChat,
    KeyboardButton,
    ReplyKeyboardMarkup,
)
from telegram.error import TelegramError

from bot.texts import LANGUAGES, Catalog
from storage.models import Role

logger = logging.getLogger(__name__)

EVERYONE = frozenset(Role)
MANAGERS = frozenset({Role.COORDINATOR, Role.ADMIN})
ADMINS = frozenset({Role.ADMIN})


@dataclass(frozen=True)
class Command:
    indonesian: str
    english: str | None
    roles: frozenset[Role]

    @property
    def names(self) -> list[str]:
        return [self.indonesian] + ([self.english] if self.english else [])

    def name_in(self, lang: str) -> str:
        return self.english if lang == "en" and self.english else self.indonesian


COMMANDS = (
    Command("start", None, EVERYONE),
    Command("baru", "new", EVERYONE),
    Command("daftar", "list", EVERYONE),
    Command("lihat", "view", EVERYONE),
    Command("ubah", "edit", EVERYONE),
    Command("bantuan", "help", EVERYONE),
    Command("bahasa", "language", EVERYONE),
    Command("batal", "cancel", EVERYONE),
    Command("rekap", "summary", MANAGERS),
    Command("belum", "missing", MANAGERS),
    Command("tinjau", "review", MANAGERS),
    Command("cari", "search", MANAGERS),
    Command("ekspor", "export", MANAGERS),
    Command("dasbor", "dashboard", MANAGERS),
    Command("anggota", "members", ADMINS),
    Command("undang", "invite", ADMINS),
    Command("jadwal", "schedule", ADMINS),
    Command("siaran", "broadcast", ADMINS),
)
# Main-menu buttons (catalog keys), by role, in rows.
MENU: dict[Role, list[list[str]]] = {
    Role.STAFF: [["menu-new", "menu-list"], ["menu-help", "menu-language"]],
    Role.COORDINATOR: [
        ["menu-new", "menu-list"],
        ["menu-summary", "menu-missing", "menu-review"],
        ["menu-help", "menu-language"],
    ],
    Role.ADMIN: [
        ["menu-new", "menu-list"],
        ["menu-summary", "menu-missing", "menu-review"],
        ["menu-members", "menu-invites"],
        ["menu-broadcast", "menu-schedule"],
        ["menu-help", "menu-language"],
    ],
}


def menu_labels(texts: Catalog) -> list[str]:
    """Every main-menu button's label, in every language: a flow waiting for typed text lets
    these through to their own handlers instead of taking them as an answer."""
    keys = {key for rows in MENU.values() for row in rows for key in row}
    return sorted({label for key in keys for label in texts.all(key)})


def commands_for(role: Role | None) -> list[Command]:
    if role is None:
        return [c for c in COMMANDS if c.indonesian in ("start", "bantuan", "bahasa", "batal")]
    return [c for c in COMMANDS if role in c.roles]


def main_menu(texts: Catalog, lang: str, role: Role) -> ReplyKeyboardMarkup:
    rows = [[KeyboardButton(texts.text(lang, key)) for key in row] for row in MENU[role]]
    return ReplyKeyboardMarkup(rows, resize_keyboard=True, is_persistent=True)


def bot_commands(texts: Catalog, lang: str, role: Role | None) -> list[BotCommand]:
    return [
        BotCommand(command.name_in(lang), texts.text(lang, f"cmd-{command.indonesian}"))
        for command in commands_for(role)
    ]


async def publish_commands(
    bot: Bot, texts: Catalog, *, managers: list[tuple[int, Role, str]], group_id: int | None
) -> None:
    """The command menu Telegram shows: per language for private chats, per person for
    coordinators and admins (their extra commands), and for the coordinators' group."""
    for lang in LANGUAGES:
        await bot.set_my_commands(
            bot_commands(texts, lang, Role.STAFF),
            scope=BotCommandScopeAllPrivateChats(),
            language_code=lang,
        )
    await bot.set_my_commands(
        bot_commands(texts, texts.default, Role.STAFF), scope=BotCommandScopeAllPrivateChats()
    )
    for telegram_id, role, lang in managers:
        await publish_member_commands(bot, texts, telegram_id, role, lang)
    if group_id is not None:
        try:
            await bot.set_my_commands(
                [BotCommand("bantuan", texts.text(texts.default, "cmd-bantuan"))],
                scope=BotCommandScopeChat(group_id),
            )
        except TelegramError as exc:
            logger.warning("could not set the coordinators' group commands: %s", exc)


async def publish_member_commands(
    bot: Bot, texts: Catalog, telegram_id: int, role: Role, lang: str
) -> None:
    """One person's command menu, after their role changed (or at start)."""
    try:
        await bot.set_my_commands(
            bot_commands(texts, lang, role), scope=BotCommandScopeChat(telegram_id)
        )
    except TelegramError as exc:  # they never opened a chat with the bot, or blocked it
        logger.info("could not set commands for telegram user %s: %s", telegram_id, exc)
