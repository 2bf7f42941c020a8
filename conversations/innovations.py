"""/daftar (/list) and /lihat (/view): seeing innovations, with their evidence sent again."""

from __future__ import annotations

import logging

from telegram import Update
from telegram.constants import ChatType
from telegram.error import BadRequest, Forbidden

from bot.core.formatting import page_count, paged_buttons, shorten
from bot.core.policy import Action
from bot.core.textinput import NumberProblem, innovation_number, telegram_length
from bot.core.texts import plain
from bot.innovations.view import MESSAGE_BUDGET, render_record, status_label
from bot.telegram.callbacks import INNOVATION_PAGE, VIEW_INNOVATION
from bot.telegram.context import BotContext
from bot.telegram.people import Caller, identify, refuse, require
from bot.telegram.screens import show_screen
from conversations.checkin import monitoring_screen
from conversations.iid import iid_status
from storage.models import Attachment
from storage.repositories.innovations import InnovationRepository

logger = logging.getLogger(__name__)

PAGE_SIZE = 10


async def list_command(update: Update, context: BotContext) -> None:
    caller = await require(update, context, Action.USE_BOT)
    if caller is not None:
        await _show_list(update, context, caller, 0, edit=False)


async def _show_list(
    update: Update, context: BotContext, caller: Caller, page: int, *, edit: bool
) -> None:
    texts = context.services.texts
    lang = caller.lang
    member = caller.member
    assert member is not None
    everything = caller.may(Action.LIST_ALL)
    async with context.services.database.transaction() as session:
        innovations, total = await InnovationRepository(session).page(
            None if everything else member.opd_id or -1, page * PAGE_SIZE, PAGE_SIZE
        )
    if total == 0:
        await show_screen(update, texts.text(lang, "list-empty"), None, edit=edit)
        return
    pages = page_count(total, PAGE_SIZE)
    items = [
        (
            shorten(
                f"#{i.id} {status_label(texts, lang, i.status)} · "
                + (f"{i.opd.code} · " if everything else "")
                + i.title
            ),
            VIEW_INNOVATION.data(i.id),
        )
        for i in innovations
    ]
    keyboard = paged_buttons(
        texts, lang, items, page=page, pages=pages, page_data=INNOVATION_PAGE.data
    )
    scope = texts.text(lang, "list-scope-all" if everything else "list-scope-opd")
    text = texts.text(lang, "list-title", scope=scope, total=total, page=page + 1, pages=pages)
    await show_screen(update, text, keyboard, edit=edit)


async def view_command(update: Update, context: BotContext) -> None:
    caller = await require(update, context, Action.USE_BOT)
    if caller is None:
        return
    number = innovation_number(" ".join(context.args or []))
    if not isinstance(number, int):
        message = update.effective_message
        assert message is not None
        key = "view-no-such-number" if number is NumberProblem.TOO_LARGE else "view-usage"
        await message.reply_text(context.services.texts.text(caller.lang, key, command="/lihat"))
        return
    await show_innovation(update, context, caller, number)


async def innovation_button(update: Update, context: BotContext) -> None:
    query = update.callback_query
    assert query is not None
    caller = await identify(update, context)
    viewed, paged = VIEW_INNOVATION.parse(query.data), INNOVATION_PAGE.parse(query.data)
    if viewed is None and paged is None:
        await query.answer(context.services.texts.text(caller.lang, "button-expired"))
        return
    kind, (number,) = ("view", viewed) if viewed is not None else ("page", paged)
    if not caller.may(Action.USE_BOT):
        await refuse(update, context, caller, Action.VIEW_INNOVATION)
        return
    if kind == "page":
        await query.answer()
        await _show_list(update, context, caller, number, edit=True)
        return
    chat = update.effective_chat
    if chat is not None and chat.type != ChatType.PRIVATE:
        # Pressed under a notice in a group: the details go to the presser's private chat.
        try:
            shown = await show_innovation(
                update, context, caller, number, chat_id=caller.telegram_id
            )
        except (Forbidden, BadRequest):
            link = f"https://t.me/{context.bot.username}"
            await query.answer(
                context.services.texts.text(caller.lang, "view-open-private-first", link=link),
                show_alert=True,
            )
            return
        if shown:
            await query.answer(context.services.texts.text(caller.lang, "view-sent-privately"))
        return
    if await show_innovation(update, context, caller, number):
        await query.answer()


async def show_innovation(
    update: Update,
    context: BotContext,
    caller: Caller,
    innovation_id: int,
    *,
    chat_id: int | None = None,
) -> bool:
    """The full record, then its evidence sent again (photos as albums, documents). False
    when there is nothing to show (not found, or not the person's to see: they were told)."""
    texts = context.services.texts
    lang = caller.lang
    target = chat_id if chat_id is not None else update.effective_chat.id  # type: ignore[union-attr]
    async with context.services.database.transaction() as session:
        innovation = await InnovationRepository(session).get(innovation_id)
    if innovation is None:
        await context.bot.send_message(target, texts.text(lang, "sub-not-found", id=innovation_id))
        if update.callback_query is not None:
            await update.callback_query.answer()
        return False
    if not caller.may(Action.VIEW_INNOVATION, opd_id=innovation.opd_id):
        await refuse(update, context, caller, Action.VIEW_INNOVATION)
        return False
    messages = render_record(texts, lang, innovation, header_key="view-title")
    iid_text, iid_markup = await iid_status(context, caller, innovation)
    for text in messages[:-1]:
        await context.bot.send_message(target, text)
    if telegram_length(plain(messages[-1])) + telegram_length(plain(iid_text)) < MESSAGE_BUDGET:
        await context.bot.send_message(
            target, f"{messages[-1]}\n\n{iid_text}", reply_markup=iid_markup
        )
    else:
        await context.bot.send_message(target, messages[-1])
        await context.bot.send_message(target, iid_text, reply_markup=iid_markup)
    await send_evidence(context, target, innovation.attachments)
    monitored = await monitoring_screen(context, caller, innovation)
    if monitored is not None:  # approved: how it has been doing since (pemantauan)
        await context.bot.send_message(target, monitored[0], reply_markup=monitored[1])
    return True


async def send_evidence(context: BotContext, chat_id: int, attachments: list[Attachment]) -> None:
    """By file_id while Telegram knows it, else uploaded from the regency's evidence store."""
    missing = await context.services.evidence.send(chat_id, attachments)
    if missing:
        logger.warning("%s evidence files of %s could not be sent again", missing, len(attachments))
