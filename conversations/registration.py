"""Joining: with an invite code (deep link or typed), or by asking an admin for access.

/start CODE ─┐                        ┌─ invite ──> PHONE ──> member, main menu
/start ──> CODE ──> NAME (confirm) ───┤
             └─ "request access" ──> OPD ──> NAME ──> request sent to the admins
"""

from __future__ import annotations

import enum
import logging
import re
from datetime import timedelta
from typing import Any

from sqlalchemy.exc import IntegrityError
from telegram import (
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    KeyboardButton,
    Message,
    ReplyKeyboardMarkup,
    ReplyKeyboardRemove,
    Update,
)
from telegram.ext import CallbackQueryHandler, CommandHandler, MessageHandler, filters

from bot.core.formatting import format_day, format_moment, page_count, paged_buttons
from bot.core.texts import resolve_language
from bot.telegram.callbacks import Callback, Int
from bot.telegram.context import BotContext
from bot.telegram.menu import command, main_menu
from bot.telegram.people import INVISIBLE, NAME_MAX, NAME_MIN, Caller, identify, valid_name
from conversations.admin.access import notify_admins
from conversations.common import END, FlowStore, conversation, please_type_text, stale_button
from storage.models import Invite, Member, MemberStatus, Role
from storage.repositories import InviteRepository, MemberRepository, OpdRepository
from storage.repositories.access_requests import AccessRequestRepository
from storage.repositories.invites import INVITE_ALPHABET, INVITE_LENGTH

logger = logging.getLogger(__name__)

FLOW = FlowStore("registration")
# The flow's buttons (see bot/telegram/callbacks.py); each handler parses its own, typed.
REQUEST = Callback("reg:request")
NAME_OK = Callback("reg:name:ok")
NAME_EDIT = Callback("reg:name:edit")
OPD_PAGE = Callback("reg:page", Int("page", 4))
OPD_CHOSEN = Callback("reg:opd", Int("id", 9))
ANY_BUTTON = "^reg:"  # what is left of the flow's buttons once it has ended: stale
OPD_PAGE_SIZE = 8
PHONE = re.compile(r"^\+?[0-9][0-9 \-]{7,18}$")


class LooksLikeInviteCode(filters.MessageFilter):
    """A message that is an invite code as people paste it (any case, spaces or dashes,
    invisible characters from WhatsApp): sent without /start first, it is still taken."""

    def filter(self, message: Message) -> bool:
        code = normalise_code(message.text or "")
        return len(code) == INVITE_LENGTH and set(code) <= set(INVITE_ALPHABET)


class Step(enum.StrEnum):
    CODE = "code"
    NAME = "name"
    NAME_TYPING = "name_typing"
    PHONE = "phone"
    OPD = "opd"


def normalise_code(text: str) -> str:
    return re.sub(r"[\s\-]", "", INVISIBLE.sub("", text)).upper()


def _lang(update: Update, context: BotContext, member: Member | None = None) -> str:
    user = update.effective_user
    return resolve_language(
        member.language if member else None,
        user.language_code if user else None,
        context.services.settings.default_language,
    )


async def _reply(update: Update, text: str, **kwargs: Any) -> None:
    message = update.effective_message
    assert message is not None
    await message.reply_text(text, **kwargs)


async def _answer(update: Update) -> None:
    if update.callback_query is not None:
        await update.callback_query.answer()


# --- entry ----------------------------------------------------------------------------------


async def start(update: Update, context: BotContext) -> object:
    caller = await identify(update, context)
    texts = context.services.texts
    if caller.member is not None:
        await _already_registered(update, context, caller, " ".join(context.args or []))
        return END
    lang = caller.lang
    async with context.services.database.transaction() as session:
        pending = await AccessRequestRepository(session).pending_for(caller.telegram_id)
        if pending is not None:
            await FLOW.end(session, update)
    if pending is not None:
        await _reply(update, texts.text(lang, "req-pending", opd=pending.opd.name))
        return END
    code = normalise_code(" ".join(context.args or []))
    if code:
        return await _take_code(update, context, code)
    async with context.services.database.transaction() as session:
        await FLOW.save(session, update, Step.CODE, {})
    keyboard = InlineKeyboardMarkup(
        [
            [
                InlineKeyboardButton(
                    texts.text(lang, "reg-button-request"), callback_data=REQUEST.data()
                )
            ]
        ]
    )
    await _reply(update, texts.text(lang, "start-welcome-guest"), reply_markup=keyboard)
    return Step.CODE


async def show_main_menu(update: Update, context: BotContext, caller: Caller) -> None:
    member = caller.member
    assert member is not None
    texts = context.services.texts
    lang = caller.lang
    if member.status == MemberStatus.BLOCKED:
        await _reply(update, texts.text(lang, "refused-blocked"))
        return
    await _reply(
        update,
        texts.text(
            lang,
            "start-welcome-member",
            name=member.full_name,
            role=texts.text(lang, f"role-{member.role}"),
            opd=member.opd.name if member.opd else texts.text(lang, "opd-none"),
        ),
        reply_markup=main_menu(texts, lang, Role(member.role)),
    )


# --- the invite code ------------------------------------------------------------------------


async def code_typed(update: Update, context: BotContext) -> object:
    message = update.effective_message
    assert message is not None and message.text is not None
    caller = await identify(update, context)
    if caller.member is not None:
        await _already_registered(update, context, caller, message.text)
        return END
    return await _take_code(update, context, normalise_code(message.text))


async def _already_registered(
    update: Update, context: BotContext, caller: Caller, typed: str
) -> None:
    """A member who opens an invite link (or types a code) meant for another OPD or role: the
    code is not used, and they are told so and why, before their menu. It stays valid for the
    person it was meant for."""
    member = caller.member
    assert member is not None
    code = normalise_code(typed)
    meant_for = None  # (role, OPD name) of an invite for someone else
    if member.status == MemberStatus.ACTIVE and len(code) == INVITE_LENGTH:
        async with context.services.database.reading() as session:
            invite = await InviteRepository(session).by_code_with_opd(code)
            if invite is not None and (invite.opd_id, invite.role) != (member.opd_id, member.role):
                meant_for = (invite.role, invite.opd.name)
    if meant_for is not None:
        texts = context.services.texts
        lang = caller.lang
        logger.info("invite code not used: member %s is registered already", member.id)
        await _reply(
            update,
            texts.text(
                lang,
                "reg-code-not-used",
                role=texts.text(lang, f"role-{member.role}"),
                opd=member.opd.name if member.opd else texts.text(lang, "opd-none"),
                invite_role=texts.text(lang, f"role-{meant_for[0]}"),
                invite_opd=meant_for[1],
            ),
        )
    await show_main_menu(update, context, caller)


def invite_problem(invite: Invite | None, now: Any) -> str | None:
    """Which catalog text explains why this invite cannot be used, if one does."""
    if invite is None:
        return "reg-code-unknown"
    if invite.revoked_at is not None:
        return "reg-code-revoked"
    if invite.expires_at is not None and invite.expires_at <= now:
        return "reg-code-expired"
    if invite.max_uses is not None and invite.used_count >= invite.max_uses:
        return "reg-code-used-up"
    return None


async def _take_code(update: Update, context: BotContext, code: str) -> object:
    services = context.services
    texts = services.texts
    lang = _lang(update, context)
    well_formed = len(code) == INVITE_LENGTH and set(code) <= set(INVITE_ALPHABET)
    async with services.database.transaction() as session:
        invite = await InviteRepository(session).by_code_with_opd(code) if well_formed else None
        problem = invite_problem(invite, services.clock.now())
        if problem is not None or invite is None:
            await FLOW.save(session, update, Step.CODE, {})
        else:
            name = _telegram_name(update)
            await FLOW.save(
                session, update, Step.NAME, {"path": "invite", "invite_id": invite.id, "name": name}
            )
    if problem is not None or invite is None:
        logger.info("invite code refused (%s)", problem)
        shown = code[: INVITE_LENGTH + 4] or "-"
        date = (
            format_day(invite.expires_at.astimezone(services.settings.tzinfo).date(), lang)
            if invite is not None and invite.expires_at is not None
            else ""
        )
        await _reply(update, texts.text(lang, problem or "reg-code-unknown", code=shown, date=date))
        return Step.CODE
    role = texts.text(lang, f"role-{invite.role}")
    if name:
        await _reply(
            update,
            texts.text(lang, "reg-code-accepted", opd=invite.opd.name, role=role, name=name),
            reply_markup=_name_buttons(context, lang),
        )
        return Step.NAME
    await _reply(update, texts.text(lang, "reg-ask-name"))
    return await _save_step(update, context, Step.NAME_TYPING)


def _telegram_name(update: Update) -> str:
    user = update.effective_user
    return (valid_name(user.full_name) or "") if user else ""


def _name_buttons(context: BotContext, lang: str) -> InlineKeyboardMarkup:
    texts = context.services.texts
    return InlineKeyboardMarkup(
        [
            [
                InlineKeyboardButton(
                    texts.text(lang, "reg-button-name-ok"), callback_data=NAME_OK.data()
                ),
                InlineKeyboardButton(
                    texts.text(lang, "reg-button-name-edit"), callback_data=NAME_EDIT.data()
                ),
            ]
        ]
    )


async def _save_step(update: Update, context: BotContext, step: Step, **changes: Any) -> Step:
    async with context.services.database.transaction() as session:
        data = await FLOW.load(session, update)
        data.update(changes)
        await FLOW.save(session, update, step, data)
    return step


async def not_text(update: Update, context: BotContext) -> None:
    await please_type_text(update, context, _lang(update, context))


# --- the name -------------------------------------------------------------------------------


async def name_confirmed(update: Update, context: BotContext) -> object:
    await _answer(update)
    async with context.services.database.transaction() as session:
        data = await FLOW.load(session, update)
    if not data.get("name"):
        return await name_edit(update, context)
    if data.get("path") == "request":
        return await _send_request(update, context, data)
    return await _ask_phone(update, context)


async def name_edit(update: Update, context: BotContext) -> object:
    await _answer(update)
    await _reply(update, context.services.texts.text(_lang(update, context), "reg-ask-name"))
    return await _save_step(update, context, Step.NAME_TYPING)


async def name_typed(update: Update, context: BotContext) -> object:
    message = update.effective_message
    assert message is not None and message.text is not None
    lang = _lang(update, context)
    name = valid_name(message.text)
    if name is None:
        await _reply(
            update,
            context.services.texts.text(lang, "reg-name-invalid", min=NAME_MIN, max=NAME_MAX),
        )
        return Step.NAME_TYPING
    await _save_step(update, context, Step.NAME, name=name)
    async with context.services.database.transaction() as session:
        data = await FLOW.load(session, update)
    if data.get("path") == "request":
        return await _send_request(update, context, data)
    return await _ask_phone(update, context)


# --- the phone number -----------------------------------------------------------------------


async def _ask_phone(update: Update, context: BotContext) -> object:
    texts = context.services.texts
    lang = _lang(update, context)
    keyboard = ReplyKeyboardMarkup(
        [
            [KeyboardButton(texts.text(lang, "reg-button-share-phone"), request_contact=True)],
            [KeyboardButton(texts.text(lang, "button-skip"))],
        ],
        resize_keyboard=True,
        one_time_keyboard=True,
    )
    await _reply(update, texts.text(lang, "reg-ask-phone"), reply_markup=keyboard)
    return await _save_step(update, context, Step.PHONE)


async def contact_shared(update: Update, context: BotContext) -> object:
    message = update.effective_message
    assert message is not None and message.contact is not None
    user = update.effective_user
    if user is None or message.contact.user_id != user.id:
        await _reply(
            update, context.services.texts.text(_lang(update, context), "reg-phone-not-own")
        )
        return Step.PHONE
    return await _complete(update, context, phone=message.contact.phone_number[:32])


async def phone_typed(update: Update, context: BotContext) -> object:
    message = update.effective_message
    assert message is not None and message.text is not None
    text = message.text.strip()
    if text in context.services.texts.all("button-skip"):
        return await _complete(update, context, phone=None)
    if PHONE.match(text):
        return await _complete(update, context, phone=re.sub(r"[\s\-]", "", text))
    await _reply(update, context.services.texts.text(_lang(update, context), "reg-phone-invalid"))
    return Step.PHONE


async def _complete(update: Update, context: BotContext, *, phone: str | None) -> object:
    """Make the member: take one use of the invite and add them, in one transaction."""
    services = context.services
    texts = services.texts
    lang = _lang(update, context)
    user = update.effective_user
    assert user is not None
    problem: str | None = None
    try:
        async with services.database.transaction() as session:
            data = await FLOW.load(session, update)
            invites = InviteRepository(session)
            invite = await session.get(Invite, data.get("invite_id", 0))
            members = MemberRepository(session)
            if await members.by_telegram_id(user.id) is None:
                if invite is None or not await invites.use(invite.id, services.clock.now()):
                    if invite is not None:
                        await session.refresh(invite)
                    problem = invite_problem(invite, services.clock.now()) or "reg-code-used-up"
                else:
                    await members.add(
                        telegram_id=user.id,
                        full_name=data.get("name") or _telegram_name(update) or str(user.id),
                        role=Role(invite.role),
                        opd_id=invite.opd_id,
                        phone=phone,
                        # What they registered in, so later notices reach them in it too.
                        language=lang,
                    )
            await FLOW.end(session, update)
    except IntegrityError:  # registered at the same moment from another update
        logger.info("telegram user %s registered twice at once", user.id)
    if problem is not None:
        await _reply(
            update,
            texts.text(lang, problem, code="-", date="-"),
            reply_markup=ReplyKeyboardRemove(),
        )
        return END
    caller = await identify(update, context)
    member = caller.member
    assert member is not None
    await _reply(
        update,
        texts.text(
            caller.lang,
            "reg-welcome",
            name=member.full_name,
            role=texts.text(caller.lang, f"role-{member.role}"),
            opd=member.opd.name if member.opd else texts.text(caller.lang, "opd-none"),
        ),
        reply_markup=main_menu(texts, caller.lang, Role(member.role)),
    )
    return END


# --- access without an invite ---------------------------------------------------------------


async def _cooling_down(update: Update, context: BotContext) -> bool:
    """After a rejection the same person asks again only once the cooldown has passed (every
    request notifies every admin); if not yet, they are told from when, and the flow ends."""
    services = context.services
    hours = services.settings.access_request_cooldown_hours
    user = update.effective_user
    assert user is not None
    async with services.database.transaction() as session:
        rejected_at = await AccessRequestRepository(session).last_rejected_at(user.id)
        until = rejected_at + timedelta(hours=hours) if rejected_at is not None else None
        cooling = until is not None and until > services.clock.now()
        if cooling:
            await FLOW.end(session, update)
    if not cooling:
        return False
    assert until is not None
    lang = _lang(update, context)
    when = format_moment(until, services.settings.timezone, lang)
    await _reply(update, services.texts.text(lang, "req-cooldown", when=when))
    return True


async def request_access(update: Update, context: BotContext) -> object:
    await _answer(update)
    if await _cooling_down(update, context):
        return END
    await _save_step(update, context, Step.OPD, path="request", query="", page=0)
    return await _show_opds(update, context, edit=True)


async def opd_page(update: Update, context: BotContext) -> object:
    query = update.callback_query
    assert query is not None and query.data is not None
    await query.answer()
    (page,) = OPD_PAGE.parse(query.data) or (0,)
    await _save_step(update, context, Step.OPD, page=page)
    return await _show_opds(update, context, edit=True)


async def opd_search(update: Update, context: BotContext) -> object:
    message = update.effective_message
    assert message is not None and message.text is not None
    await _save_step(update, context, Step.OPD, query=message.text.strip()[:60], page=0)
    return await _show_opds(update, context, edit=False)


async def _show_opds(update: Update, context: BotContext, *, edit: bool) -> object:
    texts = context.services.texts
    lang = _lang(update, context)
    async with context.services.database.transaction() as session:
        data = await FLOW.load(session, update)
        page = int(data.get("page", 0))
        opds, total = await OpdRepository(session).page(
            data.get("query", ""), page * OPD_PAGE_SIZE, OPD_PAGE_SIZE
        )
    if total == 0:
        await _reply(update, texts.text(lang, "req-no-opd-found", query=data.get("query", "")))
        return Step.OPD
    pages = page_count(total, OPD_PAGE_SIZE)
    keyboard = paged_buttons(
        texts, lang, [(opd.name, OPD_CHOSEN.data(opd.id)) for opd in opds],
        page=page, pages=pages, page_data=OPD_PAGE.data,
    )  # fmt: skip
    text = texts.text(lang, "req-choose-opd", page=page + 1, pages=pages)
    query = update.callback_query
    if edit and query is not None and query.message is not None:
        await query.edit_message_text(text, reply_markup=keyboard)
    else:
        await _reply(update, text, reply_markup=keyboard)
    return Step.OPD


async def opd_chosen(update: Update, context: BotContext) -> object:
    query = update.callback_query
    assert query is not None and query.data is not None
    await query.answer()
    (opd_id,) = OPD_CHOSEN.parse(query.data) or (0,)
    texts = context.services.texts
    lang = _lang(update, context)
    name = _telegram_name(update)
    async with context.services.database.transaction() as session:
        opd = await OpdRepository(session).get(opd_id)
        if opd is not None and opd.active:
            data = await FLOW.load(session, update)
            data.update(opd_id=opd.id, name=name)
            await FLOW.save(session, update, Step.NAME if name else Step.NAME_TYPING, data)
    if opd is None or not opd.active:  # gone meanwhile: the list again (after the transaction)
        return await _show_opds(update, context, edit=False)
    if not name:
        await _reply(update, texts.text(lang, "reg-ask-name"))
        return Step.NAME_TYPING
    await _reply(
        update,
        texts.text(lang, "reg-confirm-name", name=name),
        reply_markup=_name_buttons(context, lang),
    )
    return Step.NAME


async def _send_request(update: Update, context: BotContext, data: dict[str, Any]) -> object:
    services = context.services
    texts = services.texts
    lang = _lang(update, context)
    user = update.effective_user
    assert user is not None
    if await _cooling_down(update, context):
        return END
    try:
        async with services.database.transaction() as session:
            requests = AccessRequestRepository(session)
            request = await requests.add(
                telegram_id=user.id,
                full_name=data.get("name") or str(user.id),
                opd_id=int(data["opd_id"]),
                language=lang,
            )
            await FLOW.end(session, update)
            request = await requests.get(request.id)
            assert request is not None
            await notify_admins(session, context, request)
    except IntegrityError:  # one open request per person
        async with services.database.transaction() as session:
            request = await AccessRequestRepository(session).pending_for(user.id)
            await FLOW.end(session, update)
        if request is not None:
            await _reply(update, texts.text(lang, "req-pending", opd=request.opd.name))
        return END
    await _reply(update, texts.text(lang, "req-sent", opd=request.opd.name))
    return END


# --- leaving --------------------------------------------------------------------------------


async def cancel(update: Update, context: BotContext) -> object:
    async with context.services.database.transaction() as session:
        await FLOW.end(session, update)
    await _reply(
        update,
        context.services.texts.text(_lang(update, context), "reg-cancelled"),
        reply_markup=ReplyKeyboardRemove(),
    )
    return END


def build() -> Any:
    private = filters.ChatType.PRIVATE
    text = private & filters.TEXT & ~filters.COMMAND
    not_a_text = private & ~filters.TEXT & ~filters.COMMAND & ~filters.StatusUpdate.ALL
    return conversation(
        "registration",
        entry_points=[
            CommandHandler(command("start").names, start, filters=private),
            MessageHandler(text & LooksLikeInviteCode(), code_typed),
        ],
        states={
            Step.CODE: [
                MessageHandler(text, code_typed),
                CallbackQueryHandler(request_access, pattern=REQUEST.pattern),
                MessageHandler(not_a_text, not_text),
            ],
            Step.NAME: [
                CallbackQueryHandler(name_confirmed, pattern=NAME_OK.pattern),
                CallbackQueryHandler(name_edit, pattern=NAME_EDIT.pattern),
                MessageHandler(text, name_typed),
                MessageHandler(not_a_text, not_text),
            ],
            Step.NAME_TYPING: [
                MessageHandler(text, name_typed),
                MessageHandler(not_a_text, not_text),
            ],
            Step.PHONE: [
                MessageHandler(private & filters.CONTACT, contact_shared),
                MessageHandler(text, phone_typed),
                MessageHandler(not_a_text, not_text),
            ],
            Step.OPD: [
                CallbackQueryHandler(opd_page, pattern=OPD_PAGE.pattern),
                CallbackQueryHandler(opd_chosen, pattern=OPD_CHOSEN.pattern),
                MessageHandler(text, opd_search),
                MessageHandler(not_a_text, not_text),
            ],
        },
        fallbacks=[
            CommandHandler(command("batal").names, cancel, filters=private),
            CallbackQueryHandler(stale_button, pattern=ANY_BUTTON),
        ],
    )
