"""One command table (bot/telegram/menu.py): its names, roles, menu places and handlers; the
handlers registered, the main menus, the command menus and the help texts all agree with it."""

from __future__ import annotations

import re

import pytest
from telegram.ext import CommandHandler, ConversationHandler

from bot.core.texts import LANGUAGES, Catalog
from bot.telegram.menu import COMMANDS, MENU, bot_commands, commands_for, menu_rows
from sandbox.client import Sandbox
from storage.models import Role

UNKNOWN = "belum dapat saya proses"


def _command_handlers(sandbox: Sandbox) -> tuple[list[set[str]], dict[str, list[set[str]]]]:
    plain: list[set[str]] = []
    flows: dict[str, list[set[str]]] = {}
    for handlers in sandbox.application.handlers.values():
        for handler in handlers:
            if isinstance(handler, CommandHandler):
                plain.append(set(handler.commands))
            elif isinstance(handler, ConversationHandler):
                flows[handler.name or ""] = [
                    set(h.commands) for h in handler.entry_points if isinstance(h, CommandHandler)
                ]
    return plain, flows


async def test_every_command_of_the_table_is_registered_under_its_names(sandbox: Sandbox) -> None:
    plain, flows = _command_handlers(sandbox)
    for command in COMMANDS:
        names = set(command.names)
        assert (command.handler is None) != (command.flow is None), command
        if command.handler is not None:
            assert names in plain, command
        else:
            assert names in flows[command.flow or ""], command
    registered = set().union(*plain, *(n for entries in flows.values() for n in entries))
    assert registered == {name for command in COMMANDS for name in command.names}


def test_menus_and_command_menus_come_from_the_table() -> None:
    texts = Catalog()
    assert MENU[Role.STAFF] == [
        ["menu-new", "menu-list"],
        ["menu-plan"],
        ["menu-help", "menu-language"],
    ]
    for role in Role:
        assert MENU[role] == menu_rows(role)
        shown = {key for row in MENU[role] for key in row}
        assert shown == {c.button_key for c in commands_for(role) if c.button_key}
        for lang in LANGUAGES:
            assert [c.command for c in bot_commands(texts, lang, role)] == [
                c.name_in(lang) for c in commands_for(role)
            ]


@pytest.mark.parametrize("lang", LANGUAGES)
def test_each_roles_help_names_exactly_its_commands(lang: str) -> None:
    texts = Catalog()
    for role in Role:
        named = set(re.findall(r"(?m)^/(\w+)", texts.text(lang, f"help-{role}")))
        assert named == {c.name_in(lang) for c in commands_for(role)}, (lang, role)


async def test_every_main_menu_button_of_an_admin_is_answered(person) -> None:
    dewi = await person("admin", opd="DISKOMINFOSANDITIK", name="Dewi Lestari")
    await dewi.send("/start")
    labels = [label for row in dewi.reply_keyboard for label in row]
    assert len(labels) == sum(len(row) for row in MENU[Role.ADMIN])
    for label in labels:
        replies = await dewi.tap(label)
        assert replies.texts and UNKNOWN not in replies.text, label
        await dewi.send("/batal")
