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

from bot.core.texts import LANGUAGES, Catalog
from storage.models import Role

logger = logging.getLogger(__name__)

EVERYONE = frozenset(Role)
MANAGERS = frozenset({Role.COORDINATOR, Role.ADMIN})
ADMINS = frozenset({Role.ADMIN})


@dataclass(frozen=True)
class Command:
    """One command: its names (Indonesian, English), who sees it, its place in the main menu
    (row, the button's catalog key), and what answers it: a handler (``module:function``,
    registered from this table) or the conversation (``flow``) whose entry point it is (the
    flow takes its names and its button from here)."""

    indonesian: str
    english: str | None
    roles: frozenset[Role]
    handler: str | None = None
    flow: str | None = None
    menu: tuple[int, str] | None = None

    @property
    def names(self) -> list[str]:
        return [self.indonesian] + ([self.english] if self.english else [])

    def name_in(self, lang: str) -> str:
        return self.english if lang == "en" and self.english else self.indonesian

    @property
    def button_key(self) -> str | None:
        return self.menu[1] if self.menu else None


_INNOVATIONS, _REPORTS = "conversations.innovations", "conversations.reports"
COMMANDS = (
    Command("start", None, EVERYONE, flow="registration"),
    Command("baru", "new", EVERYONE, flow="submission", menu=(0, "menu-new")),
    Command("daftar", "list", EVERYONE, f"{_INNOVATIONS}:list_command", menu=(0, "menu-list")),
    Command("lihat", "view", EVERYONE, f"{_INNOVATIONS}:view_command"),
    Command("ubah", "edit", EVERYONE, flow="submission"),
    Command("rencana", "plan", EVERYONE, "conversations.plans.screens:plan_command",
            menu=(8, "menu-plan")),
    Command("bantuan", "help", EVERYONE, "conversations.help:help_command",
            menu=(9, "menu-help")),
    Command("bahasa", "language", EVERYONE, "conversations.help:language_command",
            menu=(9, "menu-language")),
    Command("batal", "cancel", EVERYONE, "conversations.start:nothing_to_cancel"),
    Command("rekap", "summary", MANAGERS, f"{_REPORTS}:summary_command",
            menu=(1, "menu-summary")),
    Command("belum", "missing", MANAGERS, f"{_REPORTS}:missing_command",
            menu=(1, "menu-missing")),
    Command("pemantauan", "monitoring", MANAGERS,
            "conversations.monitoring.screens:monitoring_command", menu=(1, "menu-monitoring")),
    Command("tinjau", "review", MANAGERS, flow="review", menu=(1, "menu-review")),
    Command("cari", "search", MANAGERS, flow="search"),
    Command("ekspor", "export", MANAGERS, "conversations.export:export_command"),
    Command("dasbor", "dashboard", MANAGERS, "conversations.dashboard:dashboard_command"),
    Command("impor", "import", MANAGERS, flow="import"),
    Command("anggota", "members", ADMINS, "conversations.admin.members:members_command",
            menu=(2, "menu-members")),
    Command("undang", "invite", ADMINS, flow="invite", menu=(2, "menu-invites")),
    Command("siaran", "broadcast", ADMINS, flow="broadcast", menu=(3, "menu-broadcast")),
    Command("jadwal", "schedule", ADMINS, flow="schedule", menu=(3, "menu-schedule")),
    Command("opd", None, ADMINS, "conversations.admin.opds:opd_command"),
    Command("iid", None, ADMINS, flow="iid"),
    Command("manfaat", "benefits", ADMINS, flow="benefits"),
)  # fmt: skip
BY_NAME = {command.indonesian: command for command in COMMANDS}


def command(name: str) -> Command:
    """A command of the table, by its Indonesian name."""
    return BY_NAME[name]


def button_labels(texts: Catalog, name: str) -> list[str]:
    """The labels of a command's main-menu button, in every language."""
    key = BY_NAME[name].button_key
    return list(texts.all(key)) if key else []


def menu_rows(role: Role) -> list[list[str]]:
    """The main menu of a role (buttons' catalog keys, in rows), from the table."""
    rows: dict[int, list[str]] = {}
    for entry in COMMANDS:
        if entry.menu is not None and role in entry.roles:
            rows.setdefault(entry.menu[0], []).append(entry.menu[1])
    return [rows[row] for row in sorted(rows)]


# Main-menu buttons (catalog keys), by role, in rows.
MENU: dict[Role, list[list[str]]] = {role: menu_rows(role) for role in Role}


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
