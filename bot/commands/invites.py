"""/undang (/invite): admins create invite links with buttons, list the valid ones, revoke."""

from __future__ import annotations

import logging
import re
from datetime import timedelta

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update

from bot.context import BotContext
from bot.formatting import format_moment, page_count, paged_buttons
from bot.opd_csv import normalise_code
from bot.people import Caller, require
from bot.policy import Action
from bot.screens import pressed, show_screen
from storage.models import Invite, Role
from storage.repositories import InviteRepository, OpdRepository

logger = logging.getLogger(__name__)

OPD_PAGE_SIZE = 8
DEFAULT_USES = {Role.STAFF: 30, Role.COORDINATOR: 1, Role.ADMIN: 1}
DEFAULT_DAYS = 14
ROLE_CODES = {"s": Role.STAFF, "c": Role.COORDINATOR, "a": Role.ADMIN}
CALLBACK = re.compile(
    r"^inv:(?:(new):(\d{1,5})|(opd):(\d{1,12})|(mk):(\d{1,12}):([sca])|(list)|(rv):(\d{1,12}))$"
)


def invite_link(bot_username: str | None, code: str) -> str:
    return f"https://t.me/{bot_username or '<bot_username>'}?start={code}"


async def invite_command(update: Update, context: BotContext) -> None:
    caller = await require(update, context, Action.MANAGE_INVITES)
    if caller is None:
        return
    texts = context.services.texts
    lang = caller.lang
    if context.args:
        code = normalise_code(" ".join(context.args))[:32]
        async with context.services.database.transaction() as session:
            opd = await OpdRepository(session).get_by_code(code)
        if opd is not None and opd.active:
            await _show_roles(update, context, caller, opd.id, edit=False)
            return
        message = update.effective_message
        assert message is not None
        await message.reply_text(texts.text(lang, "inv-unknown-opd", code=code))
        await _show_opds(update, context, caller, 0, edit=False)
        return
    keyboard = InlineKeyboardMarkup(
        [
            [InlineKeyboardButton(texts.text(lang, "inv-button-new"), callback_data="inv:new:0")],
            [InlineKeyboardButton(texts.text(lang, "inv-button-list"), callback_data="inv:list")],
        ]
    )
    message = update.effective_message
    assert message is not None
    await message.reply_text(texts.text(lang, "inv-menu"), reply_markup=keyboard)


async def invite_button(update: Update, context: BotContext) -> None:
    query = update.callback_query
    assert query is not None
    button = await pressed(update, context, Action.MANAGE_INVITES, CALLBACK)
    if button is None:
        return
    caller, (action, *arguments) = button
    if action == "new":
        await query.answer()
        await _show_opds(update, context, caller, int(arguments[0]), edit=True)
    elif action == "opd":
        await query.answer()
        await _show_roles(update, context, caller, int(arguments[0]), edit=True)
    elif action == "mk":
        await _create(update, context, caller, int(arguments[0]), ROLE_CODES[arguments[1]])
    elif action == "list":
        await query.answer()
        await _show_list(update, context, caller)
    elif action == "rv":
        await _revoke(update, context, caller, int(arguments[0]))


async def _show_opds(
    update: Update, context: BotContext, caller: Caller, page: int, *, edit: bool
) -> None:
    texts = context.services.texts
    async with context.services.database.transaction() as session:
        opds, total = await OpdRepository(session).page("", page * OPD_PAGE_SIZE, OPD_PAGE_SIZE)
    pages = page_count(total, OPD_PAGE_SIZE)
    keyboard = paged_buttons(
        texts, caller.lang, [(opd.name, f"inv:opd:{opd.id}") for opd in opds],
        page=page, pages=pages, page_data="inv:new:",
    )  # fmt: skip
    await show_screen(
        update, texts.text(caller.lang, "inv-choose-opd", page=page + 1, pages=pages), keyboard,
        edit=edit,
    )  # fmt: skip


async def _show_roles(
    update: Update, context: BotContext, caller: Caller, opd_id: int, *, edit: bool
) -> None:
    texts = context.services.texts
    lang = caller.lang
    async with context.services.database.transaction() as session:
        opd = await OpdRepository(session).get(opd_id)
    if opd is None:
        await _show_opds(update, context, caller, 0, edit=edit)
        return
    keyboard = InlineKeyboardMarkup(
        [
            [
                InlineKeyboardButton(
                    texts.text(lang, f"role-{role}"), callback_data=f"inv:mk:{opd.id}:{code}"
                )
                for code, role in ROLE_CODES.items()
            ],
            [InlineKeyboardButton(texts.text(lang, "button-back"), callback_data="inv:new:0")],
        ]
    )
    await show_screen(
        update, texts.text(lang, "inv-choose-role", opd=opd.name), keyboard, edit=edit
    )


async def _create(
    update: Update, context: BotContext, caller: Caller, opd_id: int, role: Role
) -> None:
    query = update.callback_query
    assert query is not None
    services = context.services
    texts = services.texts
    lang = caller.lang
    assert caller.member is not None
    expires_at = services.clock.now() + timedelta(days=DEFAULT_DAYS)
    invite = None
    async with services.database.transaction() as session:
        opd = await OpdRepository(session).get(opd_id)
        if opd is not None and opd.active:
            invite = await InviteRepository(session).create(
                opd_id=opd.id,
                role=role,
                max_uses=DEFAULT_USES[role],
                expires_at=expires_at,
                created_by_id=caller.member.id,
            )
    if opd is None or invite is None:  # the OPD went meanwhile (answered after the transaction)
        await query.answer(texts.text(lang, "button-expired"), show_alert=True)
        return
    await query.answer()
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
        uses=DEFAULT_USES[role],
        until=format_moment(expires_at, services.settings.timezone, lang),
    )
    # A new message, not an edit: the admin forwards it, and may press a role again for more.
    message = update.effective_message
    assert message is not None
    await message.reply_text(text)


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
                    callback_data=f"inv:rv:{invite.id}",
                )
            ]
        )
    await show_screen(update, "\n".join(lines), InlineKeyboardMarkup(buttons), edit=True)


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
