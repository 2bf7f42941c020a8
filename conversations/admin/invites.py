"""/undang (/invite): admins create invite links with buttons, list the valid ones, revoke.

A new invite is a short flow ("invite"): the OPD (from the list, or by typing part of its name
or code), the role, how many times the code may be used, and how many days it is valid (a
button with a suggested value, or a typed number). The list and 🗑 Cabut (asked to confirm) are
plain buttons, outside the flow. Every button is checked again here: the presser is still an
admin, the OPD or the invite still exists, the flow is at that question.
"""

from __future__ import annotations

import enum
import logging
from datetime import timedelta
from typing import Any

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.ext import CallbackQueryHandler, CommandHandler, MessageHandler, filters

from bot.core.formatting import format_moment, page_count, paged_buttons
from bot.core.policy import Action
from bot.core.textinput import parse_count
from bot.core.texts import Catalog
from bot.innovations.opd_csv import normalise_code
from bot.telegram.callbacks import Callback, Choice, Int, any_of
from bot.telegram.context import BotContext
from bot.telegram.menu import button_labels, command, menu_labels
from bot.telegram.people import Caller, require
from bot.telegram.screens import confirm_keyboard, pressed_one, show_screen
from conversations.common import END, FlowStore, conversation, stale_button, use_the_buttons
from storage.models import Invite, Role
from storage.repositories import InviteRepository, OpdRepository

logger = logging.getLogger(__name__)

FLOW = FlowStore("invite")
OPD_PAGE_SIZE = 8
ROLE_CODES = {"s": Role.STAFF, "c": Role.COORDINATOR, "a": Role.ADMIN}
DEFAULT_USES = {Role.STAFF: 30, Role.COORDINATOR: 1, Role.ADMIN: 1}
USES_OFFERED = (1, 5, 10, 30, 100)
MAX_USES = 1000
DEFAULT_DAYS = 14
DAYS_OFFERED = (1, 7, 14, 30)
MAX_DAYS = 365
SEARCH_MAX = 64  # characters of a typed OPD name kept


class Step(enum.StrEnum):
    OPD = "opd"  # the OPD list (or the roles of one): typing filters the OPDs
    USES = "uses"
    DAYS = "days"


NEW = Callback("inv:new", Int("page", 5))  # the OPD list, page n (typed words forgotten)
FOUND = Callback("inv:found", Int("page", 5))  # the OPDs matching the typed words, page n
OPD = Callback("inv:opd", Int("opd"))  # one OPD: which role?
ROLE = Callback("inv:mk", Int("opd"), Choice.of("role", tuple(ROLE_CODES)))
USES = Callback("inv:use", Int("uses", 4))
DAYS = Callback("inv:day", Int("days", 3))
LIST = Callback("inv:list")
REVOKE = Callback("inv:rv", Int("invite"))  # asks to confirm
REVOKE_CONFIRMED = Callback("inv:rvok", Int("invite"))


def invite_link(bot_username: str | None, code: str) -> str:
    return f"https://t.me/{bot_username or '<bot_username>'}?start={code}"


async def _admin(update: Update, context: BotContext) -> Caller | None:
    return await require(update, context, Action.MANAGE_INVITES)


async def invite_command(update: Update, context: BotContext) -> object:
    caller = await _admin(update, context)
    if caller is None:
        return END
    texts = context.services.texts
    lang = caller.lang
    message = update.effective_message
    assert message is not None
    if context.args:
        words = " ".join(context.args)
        code = normalise_code(words)[:32]
        async with context.services.database.transaction() as session:
            opd = await OpdRepository(session).get_by_code(code)
            await FLOW.save(session, update, Step.OPD, {})
        if opd is not None and opd.active:
            await _show_roles(update, context, caller, opd.id, edit=False)
            return Step.OPD
        await message.reply_text(texts.text(lang, "inv-unknown-opd", code=code))
        await _show_opds(update, context, caller, 0, edit=False)
        return Step.OPD
    async with context.services.database.transaction() as session:
        await FLOW.end(session, update)
    keyboard = InlineKeyboardMarkup(
        [
            [InlineKeyboardButton(texts.text(lang, "inv-button-new"), callback_data=NEW.data(0))],
            [InlineKeyboardButton(texts.text(lang, "inv-button-list"), callback_data=LIST.data())],
        ]
    )
    await message.reply_text(texts.text(lang, "inv-menu"), reply_markup=keyboard)
    return END


async def new_pressed(update: Update, context: BotContext) -> object:
    """➕ Undangan baru, or a page of the OPD list."""
    caller = await _admin(update, context)
    if caller is None:
        return END
    query = update.callback_query
    assert query is not None
    (page,) = NEW.parse(query.data) or (0,)
    async with context.services.database.transaction() as session:
        await FLOW.save(session, update, Step.OPD, {})
    await query.answer()
    await _show_opds(update, context, caller, page, edit=True)
    return Step.OPD


async def opd_typed(update: Update, context: BotContext) -> object:
    """Part of an OPD's name or code, typed at the OPD list: the matching OPDs."""
    caller = await _admin(update, context)
    if caller is None:
        return END
    message = update.effective_message
    assert message is not None and message.text is not None
    words = " ".join(message.text.split())[:SEARCH_MAX]
    async with context.services.database.transaction() as session:
        await FLOW.save(session, update, Step.OPD, {"search": words})
    await _show_found(update, context, caller, words, 0, edit=False)
    return Step.OPD


async def found_pressed(update: Update, context: BotContext) -> object:
    """⬅️/➡️ through the OPDs matching the typed words."""
    query = update.callback_query
    assert query is not None
    caller = await _admin(update, context)
    if caller is None:
        return END
    (page,) = FOUND.parse(query.data) or (0,)
    async with context.services.database.transaction() as session:
        words = (await FLOW.load(session, update)).get("search")
    if not words:
        await stale_button(update, context)
        return None
    await query.answer()
    await _show_found(update, context, caller, words, page, edit=True)
    return None


async def _show_found(
    update: Update, context: BotContext, caller: Caller, words: str, page: int, *, edit: bool
) -> None:
    texts = context.services.texts
    lang = caller.lang
    async with context.services.database.transaction() as session:
        opds, total = await OpdRepository(session).page(words, page * OPD_PAGE_SIZE, OPD_PAGE_SIZE)
    if total == 0:
        message = update.effective_message
        assert message is not None
        await message.reply_text(texts.text(lang, "inv-opd-no-match", query=words))
        await _show_opds(update, context, caller, 0, edit=False)
        return
    keyboard = paged_buttons(
        texts, lang, [(opd.name, OPD.data(opd.id)) for opd in opds],
        page=page, pages=page_count(total, OPD_PAGE_SIZE), page_data=FOUND.data,
        extra=[[InlineKeyboardButton(texts.text(lang, "button-back"), callback_data=NEW.data(0))]],
    )  # fmt: skip
    text = texts.text(lang, "inv-opd-matches", query=words, count=total)
    await show_screen(update, text, keyboard, edit=edit)


async def _show_opds(
    update: Update, context: BotContext, caller: Caller, page: int, *, edit: bool
) -> None:
    texts = context.services.texts
    async with context.services.database.transaction() as session:
        opds, total = await OpdRepository(session).page("", page * OPD_PAGE_SIZE, OPD_PAGE_SIZE)
    pages = page_count(total, OPD_PAGE_SIZE)
    keyboard = paged_buttons(
        texts, caller.lang, [(opd.name, OPD.data(opd.id)) for opd in opds],
        page=page, pages=pages, page_data=NEW.data,
    )  # fmt: skip
    await show_screen(
        update, texts.text(caller.lang, "inv-choose-opd", page=page + 1, pages=pages), keyboard,
        edit=edit,
    )  # fmt: skip


async def opd_pressed(update: Update, context: BotContext) -> object:
    caller = await _admin(update, context)
    if caller is None:
        return END
    query = update.callback_query
    assert query is not None
    (opd_id,) = OPD.parse(query.data) or (0,)
    async with context.services.database.transaction() as session:
        data = await FLOW.load(session, update)
        await FLOW.save(session, update, Step.OPD, data)
    await query.answer()
    await _show_roles(update, context, caller, opd_id, edit=True)
    return Step.OPD


async def _show_roles(
    update: Update, context: BotContext, caller: Caller, opd_id: int, *, edit: bool
) -> None:
    texts = context.services.texts
    lang = caller.lang
    async with context.services.database.transaction() as session:
        opd = await OpdRepository(session).get(opd_id)
    if opd is None or not opd.active:
        await _show_opds(update, context, caller, 0, edit=edit)
        return
    keyboard = InlineKeyboardMarkup(
        [
            [
                InlineKeyboardButton(
                    texts.text(lang, f"role-{role}"), callback_data=ROLE.data(opd.id, code)
                )
                for code, role in ROLE_CODES.items()
            ],
            [InlineKeyboardButton(texts.text(lang, "button-back"), callback_data=NEW.data(0))],
        ]
    )
    await show_screen(
        update, texts.text(lang, "inv-choose-role", opd=opd.name), keyboard, edit=edit
    )


async def role_pressed(update: Update, context: BotContext) -> object:
    """The role: then how many uses."""
    caller = await _admin(update, context)
    if caller is None:
        return END
    query = update.callback_query
    assert query is not None
    opd_id, code = ROLE.parse(query.data) or (0, "s")
    role = ROLE_CODES[code]
    async with context.services.database.transaction() as session:
        opd = await OpdRepository(session).get(opd_id)
        if opd is not None and opd.active:
            await FLOW.save(session, update, Step.USES, {"opd_id": opd.id, "role": role.value})
    if opd is None or not opd.active:  # the OPD went meanwhile
        await query.answer(context.services.texts.text(caller.lang, "button-expired"), True)
        return None
    await query.answer()
    texts = context.services.texts
    lang = caller.lang
    suggested = DEFAULT_USES[role]
    offered = sorted({*USES_OFFERED, suggested})
    buttons = [
        InlineKeyboardButton(
            _suggested(texts, lang, texts.text(lang, "inv-uses-button", uses=n), n == suggested),
            callback_data=USES.data(n),
        )
        for n in offered
    ]
    text = texts.text(
        lang, "inv-ask-uses", opd=opd.name, role=texts.text(lang, f"role-{role}"), max=MAX_USES
    )
    await show_screen(update, text, _in_rows(texts, lang, buttons), edit=True)
    return Step.USES


def _suggested(texts: Catalog, lang: str, label: str, suggested: bool) -> str:
    return texts.text(lang, "inv-suggested", label=label) if suggested else label


def _in_rows(
    texts: Catalog, lang: str, buttons: list[InlineKeyboardButton]
) -> InlineKeyboardMarkup:
    rows = [buttons[i : i + 3] for i in range(0, len(buttons), 3)]
    rows.append([InlineKeyboardButton(texts.text(lang, "button-back"), callback_data=NEW.data(0))])
    return InlineKeyboardMarkup(rows)


def _number(text: str, most: int) -> int | None:
    number = parse_count(text, minimum=1, maximum=most)
    return number if isinstance(number, int) else None


def _given(update: Update, button: Callback, most: int) -> int | None:
    """The number pressed (a button of `button`) or typed (1 to `most`, else None)."""
    query = update.callback_query
    if query is not None:
        values = button.parse(query.data)
        return values[0] if values is not None else None
    message = update.effective_message
    assert message is not None and message.text is not None
    return _number(message.text, most)


async def uses_given(update: Update, context: BotContext) -> object:
    return await _uses_given(update, context, _given(update, USES, MAX_USES))


async def days_given(update: Update, context: BotContext) -> object:
    return await _create(update, context, _given(update, DAYS, MAX_DAYS))


async def _uses_given(update: Update, context: BotContext, uses: int | None) -> object:
    caller = await _admin(update, context)
    if caller is None:
        return END
    texts = context.services.texts
    lang = caller.lang
    if uses is None or not 1 <= uses <= MAX_USES:
        await _bad_number(update, context, caller, MAX_USES)
        return None
    async with context.services.database.transaction() as session:
        row = await FLOW.row(session, update)
        ready = row is not None and row.state == Step.USES
        if ready:
            await FLOW.save(session, update, Step.DAYS, {**row.data, "uses": uses}, row=row)
    if not ready:
        await stale_button(update, context)
        return None
    if update.callback_query is not None:
        await update.callback_query.answer()
        await update.callback_query.edit_message_reply_markup(None)
    buttons = [
        InlineKeyboardButton(
            _suggested(texts, lang, texts.text(lang, "inv-days-button", days=n), n == DEFAULT_DAYS),
            callback_data=DAYS.data(n),
        )
        for n in DAYS_OFFERED
    ]
    message = update.effective_message
    assert message is not None
    await message.reply_text(
        texts.text(lang, "inv-ask-days", uses=uses, max=MAX_DAYS),
        reply_markup=_in_rows(texts, lang, buttons),
    )
    return Step.DAYS


async def _bad_number(update: Update, context: BotContext, caller: Caller, most: int) -> None:
    text = context.services.texts.text(caller.lang, "inv-bad-number", max=most)
    if update.callback_query is not None:  # a button no screen offered
        await update.callback_query.answer(text, show_alert=True)
    elif update.effective_message is not None:
        await update.effective_message.reply_text(text)


async def _create(update: Update, context: BotContext, days: int | None) -> object:
    services = context.services
    caller = await _admin(update, context)
    if caller is None:
        return END
    assert caller.member is not None
    texts = services.texts
    lang = caller.lang
    if days is None or not 1 <= days <= MAX_DAYS:
        await _bad_number(update, context, caller, MAX_DAYS)
        return None
    expires_at = services.clock.now() + timedelta(days=days)
    invite = opd = None
    async with services.database.transaction() as session:
        row = await FLOW.row(session, update)
        data = dict(row.data) if row is not None and row.state == Step.DAYS else None
        if data is not None:
            opd = await OpdRepository(session).get(int(data["opd_id"]))
            role, uses = Role(data["role"]), int(data["uses"])
            if opd is not None and opd.active:
                invite = await InviteRepository(session).create(
                    opd_id=opd.id,
                    role=role,
                    max_uses=uses,
                    expires_at=expires_at,
                    created_by_id=caller.member.id,
                )
            await FLOW.end(session, update)
    if data is None:
        await stale_button(update, context)
        return None
    if opd is None or invite is None:  # the OPD went meanwhile (answered after the transaction)
        if update.callback_query is not None:
            await update.callback_query.answer(texts.text(lang, "button-expired"), True)
        return END
    if update.callback_query is not None:
        await update.callback_query.answer()
        await update.callback_query.edit_message_reply_markup(None)
    logger.info(
        "admin %s created invite %s for opd %s as %s", caller.telegram_id, invite.id, opd.code, role
    )
    text = texts.text(
        lang,
        "inv-created",
        code=invite.code,
        link=invite_link(context.bot.username, invite.code),
        opd=opd.name,
        role=texts.text(lang, f"role-{role}"),
        uses=uses,
        until=format_moment(expires_at, services.settings.timezone, lang),
    )
    # A new message, not an edit: the admin forwards it.
    message = update.effective_message
    assert message is not None
    await message.reply_text(text)
    return END


async def cancel(update: Update, context: BotContext) -> object:
    async with context.services.database.transaction() as session:
        await FLOW.end(session, update)
    caller = await require(update, context, Action.USE_BOT)
    if caller is not None and update.effective_message is not None:
        await update.effective_message.reply_text(
            context.services.texts.text(caller.lang, "inv-cancelled")
        )
    return END


async def use_buttons_or_number(update: Update, context: BotContext) -> object:
    caller = await _admin(update, context)
    if caller is not None:
        await use_the_buttons(update, context, caller.lang)
    return None


# --- outside the flow: the valid invites, and revoking one -------------------------------------


async def invite_button(update: Update, context: BotContext) -> None:
    query = update.callback_query
    assert query is not None
    # Anything else under "inv:" here is a flow's button pressed after the flow ended (or
    # forged): refused politely by `pressed_one`.
    button = await pressed_one(
        update, context, Action.MANAGE_INVITES, (LIST, REVOKE, REVOKE_CONFIRMED)
    )
    if button is None:
        return
    caller, kind, values = button
    if kind is LIST:
        await query.answer()
        await _show_list(update, context, caller)
    elif kind is REVOKE:
        await _confirm_revoke(update, context, caller, values[0])
    else:
        await _revoke(update, context, caller, values[0])


async def _show_list(update: Update, context: BotContext, caller: Caller) -> None:
    services = context.services
    texts = services.texts
    lang = caller.lang
    async with services.database.transaction() as session:
        invites = await InviteRepository(session).active(services.clock.now())
    if not invites:
        await show_screen(update, texts.text(lang, "inv-list-empty"), None, edit=True)
        return
    lines = [texts.text(lang, "inv-list")]
    buttons = []
    for invite in invites:
        lines.append(
            texts.text(
                lang,
                "inv-list-item",
                code=invite.code,
                opd=invite.opd.code,
                role=texts.text(lang, f"role-{invite.role}"),
                used=invite.used_count,
                uses=invite.max_uses if invite.max_uses is not None else "∞",
                until=format_moment(invite.expires_at, services.settings.timezone, lang)
                if invite.expires_at
                else "∞",
            )
        )
        buttons.append(
            [
                InlineKeyboardButton(
                    texts.text(lang, "inv-button-revoke", code=invite.code),
                    callback_data=REVOKE.data(invite.id),
                )
            ]
        )
    await show_screen(update, "\n".join(lines), InlineKeyboardMarkup(buttons), edit=True)


async def _still_valid(context: BotContext, invite_id: int) -> Invite | None:
    """The invite, while it can still be used (not revoked, not expired, not used up)."""
    services = context.services
    async with services.database.transaction() as session:
        valid = await InviteRepository(session).active(services.clock.now())
    return next((invite for invite in valid if invite.id == invite_id), None)


async def _confirm_revoke(
    update: Update, context: BotContext, caller: Caller, invite_id: int
) -> None:
    """🗑 Cabut asks first: Ya, cabut / Batal (back to the list)."""
    query = update.callback_query
    assert query is not None
    texts = context.services.texts
    lang = caller.lang
    invite = await _still_valid(context, invite_id)
    if invite is None:
        await query.answer(texts.text(lang, "inv-already-revoked"), show_alert=True)
        await _show_list(update, context, caller)
        return
    await query.answer()
    keyboard = confirm_keyboard(
        texts, lang, "inv-button-confirm-revoke", REVOKE_CONFIRMED.data(invite.id), LIST.data()
    )
    text = texts.text(
        lang, "inv-confirm-revoke", code=invite.code, opd=invite.opd.code,
        role=texts.text(lang, f"role-{invite.role}"),
    )  # fmt: skip
    await show_screen(update, text, keyboard, edit=True)


async def _revoke(update: Update, context: BotContext, caller: Caller, invite_id: int) -> None:
    query = update.callback_query
    assert query is not None
    services = context.services
    texts = services.texts
    async with services.database.transaction() as session:
        invite = await session.get(Invite, invite_id)
        revoked = await InviteRepository(session).revoke(invite_id, services.clock.now())
    if not revoked or invite is None:
        await query.answer(texts.text(caller.lang, "inv-already-revoked"), show_alert=True)
    else:
        logger.info("admin %s revoked invite %s", caller.telegram_id, invite_id)
        await query.answer(texts.text(caller.lang, "inv-revoked", code=invite.code))
    await _show_list(update, context, caller)


def build(texts: Catalog) -> Any:
    """The flow of a new invite."""
    private = filters.ChatType.PRIVATE
    # A main-menu button is not an OPD's name nor a number: it goes on to its own command.
    typed = (
        private & filters.UpdateType.MESSAGE & filters.TEXT & ~filters.COMMAND
        & ~filters.Text(menu_labels(texts))
    )  # fmt: skip
    other = private & filters.UpdateType.MESSAGE & ~filters.TEXT & ~filters.COMMAND
    return conversation(
        "invite",
        entry_points=[
            CommandHandler(command("undang").names, invite_command, filters=private),
            MessageHandler(private & filters.Text(button_labels(texts, "undang")), invite_command),
            CallbackQueryHandler(new_pressed, pattern=NEW.pattern),
            CallbackQueryHandler(opd_pressed, pattern=OPD.pattern),
            CallbackQueryHandler(role_pressed, pattern=ROLE.pattern),
        ],
        states={
            Step.OPD: [
                MessageHandler(typed, opd_typed),
                CallbackQueryHandler(found_pressed, pattern=FOUND.pattern),
                MessageHandler(other, use_buttons_or_number),
            ],
            Step.USES: [
                CallbackQueryHandler(uses_given, pattern=USES.pattern),
                MessageHandler(typed, uses_given),
                MessageHandler(other, use_buttons_or_number),
            ],
            Step.DAYS: [
                CallbackQueryHandler(days_given, pattern=DAYS.pattern),
                MessageHandler(typed, days_given),
                MessageHandler(other, use_buttons_or_number),
            ],
        },
        fallbacks=[
            CommandHandler(command("batal").names, cancel, filters=private),
            # A question's button pressed at another question: no longer valid. (The list and
            # 🗑 Cabut are not the flow's: they go on to `invite_button`.)
            CallbackQueryHandler(stale_button, pattern=any_of(FOUND, USES, DAYS)),
        ],
    )
