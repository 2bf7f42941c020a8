"""The bot's client for Telegram: sends whose answer is not read
(``bot.telegram.sending.unparsed``) still reach the chat and still fail loudly; every other
send returns the message as before."""

from __future__ import annotations

import pytest
from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Message
from telegram.error import BadRequest
from telegram.ext import ExtBot

from bot.telegram.sending import Bot, unparsed
from sandbox.client import Sandbox

KEYBOARD = InlineKeyboardMarkup([[InlineKeyboardButton("Ya", callback_data="x:1")]])


async def test_a_send_inside_unparsed_arrives_and_returns_true(sandbox: Sandbox, person) -> None:
    siti = await person("staff")
    bot = sandbox.application.bot
    assert isinstance(bot, Bot)  # the application's own client
    with unparsed():
        sent = await bot.send_message(siti.user.id, "<b>Halo</b> Siti", reply_markup=KEYBOARD)
    assert sent is True
    arrived = sandbox.emulator.messages(siti.user.id)[-1]
    assert arrived.from_bot and arrived.text == "Halo Siti"  # HTML as ever (the default)
    assert arrived.inline_buttons[0][0]["text"] == "Ya"

    # Outside the block, and after it, the message comes back whole.
    message = await bot.send_message(siti.user.id, "Kedua")
    assert isinstance(message, Message) and message.text == "Kedua"
    edited = await bot.edit_message_text("Kedua, diubah", siti.user.id, message.message_id)
    assert isinstance(edited, Message) and edited.text == "Kedua, diubah"


async def test_a_refused_send_inside_unparsed_still_raises(sandbox: Sandbox, person) -> None:
    siti = await person("staff")
    bot = sandbox.application.bot
    message = await bot.send_message(siti.user.id, "Sama")
    with unparsed(), pytest.raises(BadRequest, match="not modified"):
        await bot.edit_message_text("Sama", siti.user.id, message.message_id)
    with unparsed(), pytest.raises(BadRequest, match=r"(?i)chat not found"):
        await bot.send_message(424242, "Halo")


async def test_a_flows_replies_are_sent_unparsed_and_read_as_ever(
    sandbox: Sandbox, person, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The submission flow's questions and edited keyboards go out unparsed; what the person
    reads is what it was."""
    siti = await person("staff")
    answers: list[str] = []  # what python-telegram-bot handed back to each send of the flow
    original = ExtBot._send_message

    async def recorded(self, endpoint, data, *args, **kwargs):  # type: ignore[no-untyped-def]
        result = await original(self, endpoint, data, *args, **kwargs)
        answers.append(f"{endpoint}:{type(result).__name__}")
        return result

    monkeypatch.setattr(ExtBot, "_send_message", recorded)
    await siti.send("/baru")
    asked = await siti.send("Posyandu Digital Kecamatan")
    assert "Smart Living" in str(asked.last.inline_buttons)
    pressed = await siti.press("⬜ Smart Living")
    assert "☑️ Smart Living" in str(pressed.last.inline_buttons)  # the keyboard, edited
    assert answers and all(answer.endswith(":bool") for answer in answers), answers
    assert "editMessageText:bool" in answers and "sendMessage:bool" in answers
