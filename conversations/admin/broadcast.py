"""/siaran (/broadcast): an admin writes a message (text, or a photo or document with a
caption), picks who gets it, sees it as it will arrive and how many will get it, and confirms.
The sending runs as a job (``bot.delivery.broadcast``) with one progress message."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Message, Update
from telegram.ext import (
    CallbackQueryHandler,
    CommandHandler,
    ConversationHandler,
    MessageHandler,
    filters,
)

from bot.core.formatting import page_count, paged_buttons
from bot.core.policy import Action
from bot.core.texts import Catalog
from bot.delivery import broadcast as sending
from bot.telegram.callbacks import Callback, Int, any_of
from bot.telegram.context import BotContext
from bot.telegram.menu import button_labels, command, menu_labels
from bot.telegram.people import Caller, require
from bot.telegram.screens import pressed_one, show_screen
from conversations.common import END, FlowStore, conversation, stale_button, use_the_buttons
from storage.models import Audience, Broadcast
from storage.repositories import OpdRepository

FLOW = FlowStore("broadcast")
TIMEOUT = timedelta(hours=12)  # a broadcast left unfinished is dropped (nothing was sent)
WRITING, AUDIENCE, CONFIRM = "writing", "audience", "confirm"
# The buttons: an audience (everyone, the OPDs without a submission, or one OPD picked from
# pages), then send, write again, or stop.
ALL = Callback("bc:all")
WITHOUT = Callback("bc:without")
OPD = Callback("bc:opd", Int("opd", 9))  # an OPD's id (a 32-bit key)
OPD_PAGE = Callback("bc:opds", Int("page", 5))
SEND = Callback("bc:send")
REWRITE = Callback("bc:rewrite")
STOP = Callback("bc:stop")
BUTTONS = (ALL, WITHOUT, OPD, OPD_PAGE, SEND, REWRITE, STOP)
AUDIENCES = {ALL: Audience.ALL, WITHOUT: Audience.WITHOUT, OPD: Audience.OPD}
OPD_PAGE_SIZE = 8
CAPTION_LIMIT = 1024


async def _admin(update: Update, context: BotContext) -> Caller | None:
    return await require(update, context, Action.BROADCAST)


async def start(update: Update, context: BotContext) -> object:
    caller = await _admin(update, context)
    if caller is None:
        return END
    async with context.services.database.transaction() as session:
        await FLOW.save(session, update, WRITING, {})
    await _reply(update, context.services.texts.text(caller.lang, "bc-ask-message"))
    return WRITING


async def _reply(update: Update, text: str, markup: InlineKeyboardMarkup | None = None) -> Message:
    message = update.effective_message
    assert message is not None
    return await message.reply_text(text, reply_markup=markup)


async def written(update: Update, context: BotContext) -> object:
    """The message to send: text, or a photo or document with an optional caption."""
    caller = await _admin(update, context)
    if caller is None:
        return await _end(update, context)
    message = update.effective_message
    assert message is not None
    texts = context.services.texts
    content: dict[str, Any] = {"html": None, "photo": None, "document": None}
    if message.photo:
        content["photo"] = message.photo[-1].file_id
        content["html"] = message.caption_html or None
        content["album"] = message.media_group_id  # an album: its first photo is the one
    elif message.document:
        content["document"] = message.document.file_id
        content["html"] = message.caption_html or None
    elif message.text and message.text.strip():
        content["html"] = message.text_html
    else:
        await _reply(update, texts.text(caller.lang, "bc-not-content"))
        return WRITING
    if (content["photo"] or content["document"]) and len(message.caption or "") > CAPTION_LIMIT:
        await _reply(update, texts.text(caller.lang, "bc-caption-too-long", limit=CAPTION_LIMIT))
        return WRITING
    async with context.services.database.transaction() as session:
        await FLOW.save(session, update, AUDIENCE, content)
    if content.get("album"):
        await _reply(update, texts.text(caller.lang, "bc-album-first-only"))
    await _audience_screen(update, context, caller, edit=False)
    return AUDIENCE


async def album_part(update: Update, context: BotContext) -> object:
    """The other photos of an album whose first one is the broadcast: already answered (only
    the first is sent); anything else gets the pointer to the buttons."""
    message = update.effective_message
    async with context.services.database.reading() as session:
        data = await FLOW.load(session, update)
    if (
        message is not None
        and message.media_group_id
        and data.get("album") == message.media_group_id
    ):
        return None
    return await use_buttons(update, context)


async def _audience_screen(
    update: Update, context: BotContext, caller: Caller, *, edit: bool
) -> None:
    texts = context.services.texts
    lang = caller.lang
    keyboard = InlineKeyboardMarkup(
        [
            [InlineKeyboardButton(texts.text(lang, "bc-aud-all"), callback_data=ALL.data())],
            [InlineKeyboardButton(texts.text(lang, "bc-aud-opd"), callback_data=OPD_PAGE.data(0))],
            [
                InlineKeyboardButton(
                    texts.text(lang, "bc-aud-without"), callback_data=WITHOUT.data()
                )
            ],
            [InlineKeyboardButton(texts.text(lang, "bc-button-stop"), callback_data=STOP.data())],
        ]
    )
    await show_screen(update, texts.text(lang, "bc-choose-audience"), keyboard, edit=edit)


async def _opd_screen(update: Update, context: BotContext, caller: Caller, page: int) -> None:
    texts = context.services.texts
    async with context.services.database.reading() as session:
        opds, total = await OpdRepository(session).page("", page * OPD_PAGE_SIZE, OPD_PAGE_SIZE)
    pages = page_count(total, OPD_PAGE_SIZE)
    keyboard = paged_buttons(
        texts, caller.lang, [(opd.name, OPD.data(opd.id)) for opd in opds],
        page=page, pages=pages, page_data=OPD_PAGE.data,
        extra=[[InlineKeyboardButton(texts.text(caller.lang, "bc-button-stop"),
                                     callback_data=STOP.data())]],
    )  # fmt: skip
    await show_screen(
        update, texts.text(caller.lang, "bc-choose-opd", page=page + 1, pages=pages), keyboard,
        edit=True,
    )  # fmt: skip


async def chosen(update: Update, context: BotContext) -> object:
    """A button of the audience, OPD or confirmation screens (checked again here; data that is
    none of `BUTTONS` never gets here: the fallback answers it, and the flow stays)."""
    checked = await pressed_one(update, context, Action.BROADCAST, BUTTONS)
    if checked is None:
        return await _end(update, context)
    caller, button, values = checked
    query = update.callback_query
    assert query is not None
    texts = context.services.texts
    async with context.services.database.transaction() as session:
        data = await FLOW.load(session, update)
    if button is STOP:
        await query.answer()
        await show_screen(update, texts.text(caller.lang, "bc-cancelled"), None, edit=True)
        return await _end(update, context)
    if not (data.get("html") or data.get("photo") or data.get("document")):
        await query.answer(texts.text(caller.lang, "button-expired"), show_alert=True)
        return await _end(update, context)
    if button is REWRITE:
        await query.answer()
        async with context.services.database.transaction() as session:
            await FLOW.save(session, update, WRITING, {})
        await _reply(update, texts.text(caller.lang, "bc-ask-message"))
        return WRITING
    if button is OPD_PAGE:
        await query.answer()
        await _opd_screen(update, context, caller, values[0])
        return AUDIENCE
    if button in AUDIENCES:
        audience = AUDIENCES[button]
        opd_id = values[0] if button is OPD else None
        async with context.services.database.reading() as session:
            opd = await OpdRepository(session).get(opd_id) if opd_id is not None else None
            if audience is Audience.OPD and opd is None:
                await query.answer(texts.text(caller.lang, "button-expired"), show_alert=True)
                return None  # an OPD gone (or never there): stay where the flow is
            count = len(await sending.recipients(session, audience, opd_id))
        await query.answer()
        data.update(audience=str(audience), opd_id=opd_id, count=count)
        async with context.services.database.transaction() as session:
            await FLOW.save(session, update, CONFIRM, data)
        await _preview(update, context, caller, data, opd.name if opd else None)
        return CONFIRM
    if button is SEND and data.get("audience"):
        return await _send(update, context, caller, data)
    await query.answer(texts.text(caller.lang, "button-expired"))
    return None  # stay where the flow is


async def _preview(
    update: Update, context: BotContext, caller: Caller, data: dict[str, Any], opd: str | None
) -> None:
    """The message as people will get it, then the count and the buttons."""
    texts = context.services.texts
    lang = caller.lang
    chat_id = update.effective_chat.id  # type: ignore[union-attr]
    await context.bot.send_message(chat_id, texts.text(lang, "bc-preview-intro"))
    if data.get("photo"):
        await context.bot.send_photo(chat_id, data["photo"], caption=data.get("html"))
    elif data.get("document"):
        await context.bot.send_document(chat_id, data["document"], caption=data.get("html"))
    else:
        await context.bot.send_message(chat_id, data["html"])
    audience = texts.text(lang, f"bc-aud-{data['audience']}")
    if opd is not None:
        audience = f"{audience}: {opd}"
    count = int(data.get("count") or 0)
    if count == 0:
        rows = [
            [
                InlineKeyboardButton(
                    texts.text(lang, "bc-button-other"), callback_data=OPD_PAGE.data(0)
                )
            ],
            [InlineKeyboardButton(texts.text(lang, "bc-button-stop"), callback_data=STOP.data())],
        ]
        await context.bot.send_message(
            chat_id,
            texts.text(lang, "bc-no-recipients", audience=audience),
            reply_markup=InlineKeyboardMarkup(rows),
        )
        return
    rows = [
        [InlineKeyboardButton(texts.text(lang, "bc-button-send", count=count),
                              callback_data=SEND.data())],
        [InlineKeyboardButton(texts.text(lang, "bc-button-rewrite"), callback_data=REWRITE.data()),
         InlineKeyboardButton(texts.text(lang, "bc-button-stop"), callback_data=STOP.data())],
    ]  # fmt: skip
    await context.bot.send_message(
        chat_id,
        texts.text(lang, "bc-confirm", count=count, audience=audience),
        reply_markup=InlineKeyboardMarkup(rows),
    )


async def _send(
    update: Update, context: BotContext, caller: Caller, data: dict[str, Any]
) -> object:
    """Confirmed: the broadcast is stored with its progress message, and the job sends it."""
    query = update.callback_query
    assert query is not None and caller.member is not None
    await query.answer()
    texts = context.services.texts
    count = int(data.get("count") or 0)
    await show_screen(
        update, texts.text(caller.lang, "bc-progress", sent=0, total=count, failed=0), None,
        edit=True,
    )  # fmt: skip
    progress = query.message
    async with context.services.database.transaction() as session:
        broadcast = Broadcast(
            created_by_id=caller.member.id,
            html=data.get("html"),
            photo_file_id=data.get("photo"),
            document_file_id=data.get("document"),
            audience=data["audience"],
            opd_id=data.get("opd_id"),
            total=count,
            progress_chat_id=progress.chat.id if progress else None,
            progress_message_id=progress.message_id if progress else None,
            language=caller.lang,
        )
        session.add(broadcast)
        await session.flush()
        broadcast_id = broadcast.id
        await FLOW.end(session, update)
    sending.schedule(context.application, broadcast_id)
    return END


async def _end(update: Update, context: BotContext) -> object:
    async with context.services.database.transaction() as session:
        return await FLOW.end(session, update)


async def cancel(update: Update, context: BotContext) -> object:
    caller = await require(update, context, Action.USE_BOT)
    await _end(update, context)
    if caller is not None:
        await _reply(update, context.services.texts.text(caller.lang, "bc-cancelled"))
    return END


async def use_buttons(update: Update, context: BotContext) -> object:
    caller = await _admin(update, context)
    if caller is not None:
        await use_the_buttons(update, context, caller.lang)
    return None


def build_broadcast_conversation(texts: Catalog) -> ConversationHandler[Any]:
    private = filters.ChatType.PRIVATE
    # Main-menu buttons pass through to their own handlers; the flow waits meanwhile.
    anything_else = (
        private & ~filters.COMMAND & ~filters.StatusUpdate.ALL & ~filters.Text(menu_labels(texts))
    )
    return conversation(
        "broadcast",
        entry_points=[
            CommandHandler(command("siaran").names, start, filters=private),
            MessageHandler(private & filters.Text(button_labels(texts, "siaran")), start),
        ],
        states={
            WRITING: [MessageHandler(anything_else, written)],
            AUDIENCE: [
                CallbackQueryHandler(chosen, pattern=any_of(*BUTTONS)),
                MessageHandler(anything_else, album_part),
            ],
            CONFIRM: [
                CallbackQueryHandler(chosen, pattern=any_of(*BUTTONS)),
                MessageHandler(anything_else, album_part),
            ],
        },
        fallbacks=[
            CommandHandler(command("batal").names, cancel, filters=private),
            CallbackQueryHandler(stale_button, pattern=r"^bc:"),
        ],
        timeout=TIMEOUT,
    )
