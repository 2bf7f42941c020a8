"""/anggota (/members): admins change a member's role or OPD, block (after a confirmation) and
unblock, with buttons.

Every button is re-checked here: the pressing person must still be an admin, the member must
still exist, and nobody changes their own role or blocks themselves (checked when 🚫 Blokir is
pressed, and again when it is confirmed).
"""

from __future__ import annotations

import logging
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession
from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.error import TelegramError

from bot.core.formatting import page_count, paged_buttons
from bot.core.policy import Action
from bot.telegram.callbacks import Callback, Choice, Int
from bot.telegram.context import BotContext
from bot.telegram.menu import publish_member_commands
from bot.telegram.people import Caller, require
from bot.telegram.screens import confirm_keyboard, pressed_one, show_screen
from storage.models import Member, MemberStatus, Role
from storage.repositories import MemberRepository, OpdRepository

logger = logging.getLogger(__name__)

PAGE_SIZE = 10
OPD_PAGE_SIZE = 8
ROLE_CODES = {"s": Role.STAFF, "c": Role.COORDINATOR, "a": Role.ADMIN}

PAGE = Callback("mem:page", Int("page", 5))
OPEN = Callback("mem:open", Int("member"))
ROLE = Callback("mem:role", Int("member"), Choice.of("role", tuple(ROLE_CODES)))
BLOCK = Callback("mem:block", Int("member"))  # asks to confirm
BLOCK_CONFIRMED = Callback("mem:blockok", Int("member"))
UNBLOCK = Callback("mem:unblock", Int("member"))
OPD_PAGE = Callback("mem:opd", Int("member"), Int("page", 5))
SET_OPD = Callback("mem:setopd", Int("member"), Int("opd"))
BUTTONS = (PAGE, OPEN, ROLE, BLOCK, BLOCK_CONFIRMED, UNBLOCK, OPD_PAGE, SET_OPD)
# What each changing button does (the name `_change` and the log know it by).
CHANGES = {ROLE: "role", BLOCK_CONFIRMED: "block", UNBLOCK: "unblock", SET_OPD: "setopd"}


async def members_command(update: Update, context: BotContext) -> None:
    caller = await require(update, context, Action.MANAGE_MEMBERS)
    if caller is not None:
        await _show_page(update, context, caller, 0, edit=False)


async def members_button(update: Update, context: BotContext) -> None:
    query = update.callback_query
    assert query is not None
    button = await pressed_one(update, context, Action.MANAGE_MEMBERS, BUTTONS)
    if button is None:
        return
    caller, kind, values = button
    if kind is PAGE:
        await query.answer()
        await _show_page(update, context, caller, values[0], edit=True)
    elif kind is OPEN:
        await query.answer()
        await _show_member(update, context, caller, values[0])
    elif kind is OPD_PAGE:
        await query.answer()
        await _show_opd_picker(update, context, caller, values[0], values[1])
    elif kind is BLOCK:
        await _confirm_block(update, context, caller, values[0])
    else:
        await _change(update, context, caller, CHANGES[kind], values[0], list(values[1:]))


async def _show_page(
    update: Update, context: BotContext, caller: Caller, page: int, *, edit: bool
) -> None:
    texts = context.services.texts
    lang = caller.lang
    async with context.services.database.transaction() as session:
        members, total = await MemberRepository(session).page(page * PAGE_SIZE, PAGE_SIZE)
    pages = page_count(total, PAGE_SIZE)
    items = [
        (
            f"{'🚫 ' if m.status == MemberStatus.BLOCKED else ''}{m.full_name} · "
            f"{texts.text(lang, f'role-{m.role}')} · {m.opd.code if m.opd else '-'}",
            OPEN.data(m.id),
        )
        for m in members
    ]
    keyboard = paged_buttons(texts, lang, items, page=page, pages=pages, page_data=PAGE.data)
    text = texts.text(lang, "mem-list", total=total, page=page + 1, pages=pages)
    await show_screen(update, text, keyboard, edit=edit)


def _detail(context: BotContext, lang: str, member: Member) -> str:
    texts = context.services.texts
    return texts.text(
        lang,
        "mem-detail",
        name=member.full_name,
        opd=member.opd.name if member.opd else texts.text(lang, "opd-none"),
        role=texts.text(lang, f"role-{member.role}"),
        status=texts.text(lang, f"mem-status-{member.status}"),
        phone=member.phone or texts.text(lang, "phone-none"),
    )


async def _show_member(update: Update, context: BotContext, caller: Caller, member_id: int) -> None:
    texts = context.services.texts
    lang = caller.lang
    async with context.services.database.transaction() as session:
        member = await MemberRepository(session).get(member_id)
    if member is None:
        await _show_page(update, context, caller, 0, edit=True)
        return
    role_buttons = [
        InlineKeyboardButton(
            texts.text(lang, "mem-button-make", role=texts.text(lang, f"role-{role}")),
            callback_data=ROLE.data(member.id, code),
        )
        for code, role in ROLE_CODES.items()
        if role != member.role
    ]
    block = (
        InlineKeyboardButton(
            texts.text(lang, "mem-button-unblock"), callback_data=UNBLOCK.data(member.id)
        )
        if member.status == MemberStatus.BLOCKED
        else InlineKeyboardButton(
            texts.text(lang, "mem-button-block"), callback_data=BLOCK.data(member.id)
        )
    )
    keyboard = InlineKeyboardMarkup(
        [
            role_buttons,
            [
                InlineKeyboardButton(
                    texts.text(lang, "mem-button-opd"), callback_data=OPD_PAGE.data(member.id, 0)
                ),
                block,
            ],
            [InlineKeyboardButton(texts.text(lang, "button-back"), callback_data=PAGE.data(0))],
        ]
    )
    await show_screen(update, _detail(context, lang, member), keyboard, edit=True)


async def _show_opd_picker(
    update: Update, context: BotContext, caller: Caller, member_id: int, page: int
) -> None:
    texts = context.services.texts
    lang = caller.lang
    async with context.services.database.transaction() as session:
        member = await MemberRepository(session).get(member_id)
        opds, total = await OpdRepository(session).page("", page * OPD_PAGE_SIZE, OPD_PAGE_SIZE)
    if member is None:
        await _show_page(update, context, caller, 0, edit=True)
        return
    pages = page_count(total, OPD_PAGE_SIZE)
    keyboard = paged_buttons(
        texts,
        lang,
        [(opd.name, SET_OPD.data(member.id, opd.id)) for opd in opds],
        page=page,
        pages=pages,
        page_data=lambda number: OPD_PAGE.data(member.id, number),
        extra=[
            [
                InlineKeyboardButton(
                    texts.text(lang, "button-back"), callback_data=OPEN.data(member.id)
                )
            ]
        ],
    )
    text = texts.text(lang, "mem-choose-opd", name=member.full_name, page=page + 1, pages=pages)
    await show_screen(update, text, keyboard, edit=True)


def _refusal(context: BotContext, caller: Caller, member: Member | None, action: str) -> str | None:
    """The catalog key of why `action` may not be done to `member`, else None."""
    if member is None:
        return "mem-not-found"
    if member.telegram_id == caller.telegram_id and action in ("role", "block"):
        return "mem-not-self"
    if member.telegram_id in context.services.settings.admin_ids and action in ("role", "block"):
        return "mem-configured-admin"
    return None


async def _confirm_block(
    update: Update, context: BotContext, caller: Caller, member_id: int
) -> None:
    """🚫 Blokir asks first: Ya, blokir / Batal (back to the member)."""
    query = update.callback_query
    assert query is not None
    texts = context.services.texts
    lang = caller.lang
    async with context.services.database.transaction() as session:
        member = await MemberRepository(session).get(member_id)
    refusal = _refusal(context, caller, member, "block")
    if refusal is not None or member is None:
        await query.answer(texts.text(lang, refusal or "mem-not-found"), show_alert=True)
        return
    await query.answer()
    keyboard = confirm_keyboard(
        texts,
        lang,
        "mem-button-confirm-block",
        BLOCK_CONFIRMED.data(member.id),
        OPEN.data(member.id),
    )
    opd = member.opd.name if member.opd else texts.text(lang, "opd-none")
    text = texts.text(lang, "mem-confirm-block", name=member.full_name, opd=opd)
    await show_screen(update, text, keyboard, edit=True)


async def _change(
    update: Update,
    context: BotContext,
    caller: Caller,
    action: str,
    member_id: int,
    arguments: list[Any],
) -> None:
    query = update.callback_query
    assert query is not None
    services = context.services
    texts = services.texts
    lang = caller.lang
    notice: tuple[str, dict[str, str]] | None = None
    telegram_id, role_now, member_lang = 0, Role.STAFF, lang

    async def change(session: AsyncSession) -> str | None:
        """The change, in the transaction; the catalog key of a refusal, else None. (Nothing
        is sent to Telegram while the transaction is open.)"""
        nonlocal notice, telegram_id, role_now, member_lang
        member = await MemberRepository(session).get(member_id)
        refusal = _refusal(context, caller, member, action)
        if refusal is not None or member is None:
            return refusal or "mem-not-found"
        member_lang = member.language or services.settings.default_language
        if action == "role":
            role = ROLE_CODES[arguments[0]]
            if role in (Role.STAFF, Role.COORDINATOR) and member.opd_id is None:
                # Staff and coordinators belong to an OPD (a constraint says so too).
                return "mem-needs-opd"
            member.role = role
            notice = ("mem-you-role", {"role": texts.text(member_lang, f"role-{role}")})
        elif action == "block":
            member.status = MemberStatus.BLOCKED
            notice = ("mem-you-blocked", {})
        elif action == "unblock":
            member.status = MemberStatus.ACTIVE
            notice = ("mem-you-unblocked", {})
        elif action == "setopd":
            opd = await OpdRepository(session).get(arguments[0])
            if opd is None:
                return "button-expired"
            member.opd_id = opd.id
            notice = ("mem-you-opd", {"opd": opd.name})
        logger.info("admin %s: %s on member %s", caller.telegram_id, action, member.id)
        telegram_id, role_now = member.telegram_id, Role(member.role)
        return None

    async with services.database.transaction() as session:
        refusal = await change(session)
    if refusal is not None:
        await query.answer(texts.text(lang, refusal), show_alert=True)
        return
    await query.answer(texts.text(lang, "mem-saved"))
    await _show_member(update, context, caller, member_id)
    if notice is not None:
        key, arguments_ = notice
        try:
            await context.bot.send_message(telegram_id, texts.text(member_lang, key, **arguments_))
        except TelegramError as exc:
            logger.info("could not tell member %s of the change: %s", member_id, exc)
    if action == "role":
        await publish_member_commands(context.bot, texts, telegram_id, role_now, member_lang)
