"""/bantuan and /bahasa."""

from __future__ import annotations

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update

from bot.core.policy import Action
from bot.core.texts import LANGUAGES
from bot.telegram.callbacks import Callback, Choice
from bot.telegram.context import BotContext
from bot.telegram.menu import main_menu, publish_member_commands
from bot.telegram.people import identify, refuse
from conversations.common import stale_button
from storage.models import MemberStatus, Role

LANGUAGE = Callback("lang", Choice("code", LANGUAGES))
ANY_LANGUAGE = "^lang:"  # a forged or outdated choice too: answered, never left spinning


async def help_command(update: Update, context: BotContext) -> None:
    caller = await identify(update, context)
    member = caller.member
    if member is not None and member.status == MemberStatus.BLOCKED:
        await refuse(update, context, caller, Action.USE_BOT)
        return
    texts = context.services.texts
    text = texts.text(caller.lang, f"help-{member.role}" if member is not None else "help-guest")
    if member is not None:  # what the form's words mean: quick win, the stages, the criteria
        text += "\n\n" + texts.text(caller.lang, "help-terms")
    message = update.effective_message
    assert message is not None
    await message.reply_text(text)


async def language_command(update: Update, context: BotContext) -> None:
    caller = await identify(update, context)
    texts = context.services.texts
    keyboard = InlineKeyboardMarkup(
        [
            [
                InlineKeyboardButton(
                    texts.text(caller.lang, "lang-button-id"), callback_data=LANGUAGE.data("id")
                ),
                InlineKeyboardButton(
                    texts.text(caller.lang, "lang-button-en"), callback_data=LANGUAGE.data("en")
                ),
            ]
        ]
    )
    message = update.effective_message
    assert message is not None
    await message.reply_text(texts.text(caller.lang, "lang-choose"), reply_markup=keyboard)


async def language_chosen(update: Update, context: BotContext) -> None:
    query = update.callback_query
    assert query is not None
    chosen = LANGUAGE.parse(query.data)
    caller = await identify(update, context)
    if chosen is None:
        await stale_button(update, context)
        return
    (lang,) = chosen
    texts = context.services.texts
    member = caller.member
    if member is None or member.status != MemberStatus.ACTIVE:
        await refuse(update, context, caller, Action.USE_BOT)
        return
    async with context.services.database.transaction() as session:
        stored = await session.merge(member)
        stored.language = lang
    await query.answer()
    await query.edit_message_text(texts.text(lang, "lang-set"))
    message = update.effective_message
    assert message is not None
    # The menu's labels change language too: help comes with the menu in the new language.
    await message.reply_text(
        texts.text(lang, f"help-{member.role}"),
        reply_markup=main_menu(texts, lang, Role(member.role)),
    )
    await publish_member_commands(context.bot, texts, member.telegram_id, Role(member.role), lang)
