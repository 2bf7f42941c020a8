"""Access requests reach the admins with Approve / Reject; the first decision wins."""

from __future__ import annotations

import logging

from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession
from telegram import Update
from telegram.error import TelegramError

from bot.core.policy import Action
from bot.delivery.outbox import notify_person
from bot.telegram.callbacks import Callback, Choice, Int
from bot.telegram.context import BotContext
from bot.telegram.people import require
from storage.models import AccessRequest, Member, RequestStatus, Role
from storage.repositories import MemberRepository
from storage.repositories.access_requests import AccessRequestRepository

logger = logging.getLogger(__name__)

DECISION = Callback("acc", Choice("verdict", ("ok", "no")), Int("request"))


async def notify_admins(session: AsyncSession, context: BotContext, request: AccessRequest) -> None:
    """Every admin gets the request with Approve / Reject, through the outbox, in the
    transaction that makes the request (`request` with its OPD loaded)."""
    services = context.services
    texts = services.texts
    for admin in await MemberRepository(session).with_role(Role.ADMIN):
        lang = admin.language or services.settings.default_language
        text = texts.text(
            lang,
            "req-admin-notice",
            name=request.full_name,
            opd=request.opd.name,
            telegram=str(request.telegram_id),
        )
        buttons = [
            [
                (texts.text(lang, "button-approve"), DECISION.data("ok", request.id)),
                (texts.text(lang, "button-reject"), DECISION.data("no", request.id)),
            ]
        ]
        await notify_person(
            session, services, chat_id=admin.telegram_id, key=f"access:{request.id}",
            text=text, buttons=buttons,
        )  # fmt: skip


async def decide(update: Update, context: BotContext) -> None:
    query = update.callback_query
    assert query is not None
    decision = DECISION.parse(query.data)
    caller = await require(update, context, Action.DECIDE_ACCESS)
    if caller is None:
        return
    if decision is None:
        await query.answer(context.services.texts.text(caller.lang, "button-expired"))
        return
    verdict, request_id = decision
    approve = verdict == "ok"
    services = context.services
    texts = services.texts
    admin = caller.member
    assert admin is not None
    async with services.database.transaction() as session:
        requests = AccessRequestRepository(session)
        won = await requests.decide(
            request_id,
            RequestStatus.APPROVED if approve else RequestStatus.REJECTED,
            admin.id,
            services.clock.now(),
        )
        request = await requests.get(request_id)
        decided_by = (
            await session.get(Member, request.decided_by_id)
            if request is not None and request.decided_by_id
            else None
        )
    if request is None:
        await query.answer(texts.text(caller.lang, "button-expired"), show_alert=True)
        return
    verdict_key = (
        "req-decided-approved"
        if request.status == RequestStatus.APPROVED
        else "req-decided-rejected"
    )
    verdict = texts.text(
        caller.lang, verdict_key, admin=decided_by.full_name if decided_by else "-"
    )
    if not won:
        await query.answer(
            texts.text(caller.lang, "req-already-decided") + " " + verdict, show_alert=True
        )
        await _close_message(update, verdict)
        return
    await query.answer()
    if approve:
        approved = await _make_member(context, request)
        if not approved:
            logger.info("access request %s: already a member", request.id)
    await _close_message(update, verdict)
    lang = request.language or services.settings.default_language
    key = "req-you-approved" if approve else "req-you-rejected"
    try:
        await context.bot.send_message(
            request.telegram_id, texts.text(lang, key, opd=request.opd.name)
        )
    except TelegramError as exc:
        logger.warning("could not tell the requester of request %s: %s", request.id, exc)


async def _make_member(context: BotContext, request: AccessRequest) -> bool:
    try:
        async with context.services.database.transaction() as session:
            members = MemberRepository(session)
            if await members.by_telegram_id(request.telegram_id) is not None:
                return False
            await members.add(
                telegram_id=request.telegram_id,
                full_name=request.full_name,
                role=Role.STAFF,
                opd_id=request.opd_id,
                language=request.language,
            )
    except IntegrityError:
        return False
    return True


async def _close_message(update: Update, verdict: str) -> None:
    """The admin's copy shows the verdict and loses its buttons."""
    query = update.callback_query
    message = query.message if query else None
    if message is None or not hasattr(message, "text") or message.text is None:
        return
    try:
        await query.edit_message_text(f"{message.text_html}\n\n{verdict}", reply_markup=None)
    except TelegramError as exc:
        logger.debug("could not close the access request message: %s", exc)
