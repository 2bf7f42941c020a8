"""Screens with buttons: shown anew, or in place of the message whose button was pressed."""

from __future__ import annotations

import logging
from typing import Any

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.error import BadRequest

from bot.core.policy import Action
from bot.core.texts import Catalog
from bot.telegram.callbacks import Callback
from bot.telegram.context import BotContext
from bot.telegram.people import Caller, require

logger = logging.getLogger(__name__)


async def show_screen(
    update: Update, text: str, keyboard: InlineKeyboardMarkup | None, *, edit: bool
) -> None:
    query = update.callback_query
    if edit and query is not None:
        try:
            await query.edit_message_text(text, reply_markup=keyboard)
        except BadRequest as exc:  # e.g. "message is not modified" after a double press
            logger.debug("screen not edited: %s", exc)
        return
    message = update.effective_message
    assert message is not None
    await message.reply_text(text, reply_markup=keyboard)


async def pressed_one(
    update: Update, context: BotContext, action: Action, callbacks: tuple[Callback, ...]
) -> tuple[Caller, Callback, tuple[Any, ...]] | None:
    """A button's caller, its kind and its typed values, after checking both again: the person
    may still do `action`, and the data is one of `callbacks` (anything else, forged or
    garbled, gets a polite "no longer valid" and changes nothing)."""
    query = update.callback_query
    assert query is not None
    caller = await require(update, context, action)
    if caller is None:
        return None
    for callback in callbacks:
        values = callback.parse(query.data)
        if values is not None:
            return caller, callback, values
    await query.answer(context.services.texts.text(caller.lang, "button-expired"), show_alert=True)
    return None


def confirm_keyboard(
    texts: Catalog, lang: str, confirm_key: str, confirm_data: str, cancel_data: str
) -> InlineKeyboardMarkup:
    """Before an act that cannot be taken back: its "Ya, …" button and ✖️ Batal."""
    return InlineKeyboardMarkup(
        [
            [
                InlineKeyboardButton(texts.text(lang, confirm_key), callback_data=confirm_data),
                InlineKeyboardButton(texts.text(lang, "button-cancel"), callback_data=cancel_data),
            ]
        ]
    )
