"""⏸ Berhenti, then why: a reason (buttons), then an optional note (text, cut at
``STOP_NOTE_MAX`` with a word saying so; Lewati skips). The coordinators' group is told when
the answer is complete (or the flow ends before it: /batal, idle), once per check-in.

A stopped innovation is not asked again by the round; ▶️ Berjalan lagi on its screen (for those
who may change its OPD's innovations) opens a check-in at once, asked with the usual buttons.

REASON (button) ─> STOP_NOTE (text | Lewati) ─> thanks
"""

from __future__ import annotations

import logging

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession
from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.error import BadRequest

from bot.core.policy import Action
from bot.core.texts import Catalog
from bot.delivery.checkin_round import announce_stop, ask_now
from bot.innovations.rules import clean_answer
from bot.monitoring.checkins import (
    AGAIN,
    REASON,
    STOP_NOTE_MAX,
    StopReason,
    is_stopped,
    stop_reason_label,
)
from bot.telegram.callbacks import Callback, Int
from bot.telegram.context import BotContext
from bot.telegram.people import Caller, identify, refuse, require
from conversations.common import END, FlowStore, please_type_text, stale_button
from storage.models import Checkin, CheckinAnswer, Innovation, MemberStatus, Status

logger = logging.getLogger(__name__)

FLOW = FlowStore("checkin")  # the check-in's flow: these are two of its steps
REASON_STEP = "reason"
NOTE_STEP = "stop_note"
NOTE_SKIP = Callback("chk:rskip", Int("checkin"))


def member_of(caller: Caller, opd_id: int) -> bool:
    """An active member of this OPD now (whatever their role): the check-in is theirs."""
    member = caller.member
    return (
        member is not None
        and member.status == MemberStatus.ACTIVE
        and member.opd_id == opd_id
        and caller.may(Action.SUBMIT)
    )


async def ask_reason(update: Update, context: BotContext, caller: Caller, checkin_id: int) -> str:
    texts = context.services.texts
    buttons = [
        InlineKeyboardButton(
            stop_reason_label(texts, caller.lang, reason),
            callback_data=REASON.data(checkin_id, reason),
        )
        for reason in StopReason
    ]
    markup = InlineKeyboardMarkup([buttons[i : i + 2] for i in range(0, len(buttons), 2)])
    await context.bot.send_message(
        update.effective_chat.id,  # type: ignore[union-attr]
        texts.text(caller.lang, "stop-ask-reason"),
        reply_markup=markup,
    )
    return REASON_STEP


async def reason_pressed(update: Update, context: BotContext) -> object:
    """Checked on the server like an answer: the person's own ⏸ of their OPD's innovation, not
    given a reason yet."""
    query = update.callback_query
    assert query is not None
    texts = context.services.texts
    caller = await identify(update, context)
    if not caller.may(Action.SUBMIT):
        await refuse(update, context, caller, Action.SUBMIT)
        return None
    parsed = REASON.parse(query.data)
    outcome = "gone"
    async with context.services.database.transaction() as session:
        checkin = await session.get(Checkin, parsed[0]) if parsed else None
        innovation = await session.get(Innovation, checkin.innovation_id) if checkin else None
        if checkin is None or innovation is None or parsed is None:
            pass
        elif not member_of(caller, innovation.opd_id):
            outcome = "refused"
        elif (
            caller.member is not None
            and innovation.status == Status.APPROVED
            and checkin.answered_by_id == caller.member.id
            and checkin.answer == CheckinAnswer.STOPPED
            and checkin.stop_reason is None
        ):
            checkin.stop_reason = parsed[1]
            await FLOW.save(session, update, NOTE_STEP, {"checkin_id": checkin.id})
            outcome = "chosen"
    if outcome == "refused":
        logger.info("stop reason: refused to telegram user %s", caller.telegram_id)
        await query.answer(texts.text(caller.lang, "chk-not-yours"), show_alert=True)
        return None
    if outcome != "chosen" or parsed is None:
        await stale_button(update, context)  # a second tap, or not (or no longer) theirs
        return None
    await query.answer()
    chosen = stop_reason_label(texts, caller.lang, parsed[1])
    try:
        await query.edit_message_text(
            texts.text(caller.lang, "stop-reason-chosen", reason=chosen), reply_markup=None
        )
    except BadRequest as exc:
        logger.debug("reason question not edited: %s", exc)
    skip = InlineKeyboardButton(
        texts.text(caller.lang, "button-skip"), callback_data=NOTE_SKIP.data(parsed[0])
    )
    await context.bot.send_message(
        update.effective_chat.id,  # type: ignore[union-attr]
        texts.text(caller.lang, "stop-ask-note", max=STOP_NOTE_MAX),
        reply_markup=InlineKeyboardMarkup([[skip]]),
    )
    return NOTE_STEP


async def note_typed(update: Update, context: BotContext) -> object:
    caller = await require(update, context, Action.SUBMIT)
    message = update.effective_message
    assert message is not None and message.text is not None
    note = clean_answer(message.text)
    cut = len(note) > STOP_NOTE_MAX
    if cut:
        note = note[:STOP_NOTE_MAX].rstrip()
        lang = caller.lang if caller else context.services.settings.default_language
        await message.reply_text(
            context.services.texts.text(lang, "stop-note-cut", max=STOP_NOTE_MAX)
        )
    return await _finish(update, context, caller, note or None)


async def note_skipped(update: Update, context: BotContext) -> object:
    query = update.callback_query
    assert query is not None
    caller = await require(update, context, Action.SUBMIT)
    async with context.services.database.reading() as session:
        row = await FLOW.row(session, update)
    parsed = NOTE_SKIP.parse(query.data)
    if (
        parsed is None
        or row is None
        or row.state != NOTE_STEP
        or int(row.data.get("checkin_id", 0)) != parsed[0]
    ):
        await stale_button(update, context)
        return None
    await query.answer()
    try:
        await query.edit_message_reply_markup(None)
    except BadRequest as exc:
        logger.debug("skip button not removed: %s", exc)
    return await _finish(update, context, caller, None)


async def not_text(update: Update, context: BotContext) -> object:
    caller = await require(update, context, Action.SUBMIT)
    if caller is not None:
        await please_type_text(update, context, caller.lang)
    return None


async def _finish(
    update: Update, context: BotContext, caller: Caller | None, note: str | None
) -> object:
    """The note stored (if the check-in is still theirs to add to), the coordinators told."""
    texts = context.services.texts
    async with context.services.database.transaction() as session:
        data = await FLOW.load(session, update)
        checkin = await session.get(Checkin, int(data.get("checkin_id", 0)))
        innovation = await session.get(Innovation, checkin.innovation_id) if checkin else None
        own = (
            checkin is not None
            and innovation is not None
            and caller is not None
            and caller.member is not None
            and checkin.answered_by_id == caller.member.id
            and member_of(caller, innovation.opd_id)
            and innovation.status == Status.APPROVED
        )
        if own and checkin is not None:
            checkin.stop_note = note
        await tell_the_coordinators(session, context, checkin)
        await FLOW.end(session, update)
    message = update.effective_message
    if caller is None or message is None:
        return END
    if not own or innovation is None:
        await context.bot.send_message(message.chat_id, texts.text(caller.lang, "chk-no-longer"))
        return END
    await context.bot.send_message(
        message.chat_id, texts.text(caller.lang, "stop-thanks", id=innovation.id)
    )
    return END


async def tell_the_coordinators(
    session: AsyncSession, context: BotContext, checkin: Checkin | None
) -> None:
    """A notice to the coordinators' group of this stop (once per check-in, whenever asked)."""
    if checkin is not None and checkin.answer == CheckinAnswer.STOPPED:
        await announce_stop(session, context.services, checkin)


async def flow_ending(session: AsyncSession, update: Update, context: BotContext) -> None:
    """The check-in's flow ends early (/batal, idle, the person no longer of the OPD): a stop
    whose reason or note was still awaited is told with what there is."""
    row = await FLOW.row(session, update)
    if row is not None and row.state in (REASON_STEP, NOTE_STEP):
        checkin = await session.get(Checkin, int(row.data.get("checkin_id", 0)))
        await tell_the_coordinators(session, context, checkin)


# --- it runs again -------------------------------------------------------------------------------


def again_button(texts: Catalog, lang: str, innovation_id: int) -> InlineKeyboardButton:
    return InlineKeyboardButton(
        texts.text(lang, "stop-button-again"), callback_data=AGAIN.data(innovation_id)
    )


def may_restart(caller: Caller, innovation: Innovation) -> bool:
    return caller.may(Action.EDIT_INNOVATION, opd_id=innovation.opd_id)


async def runs_again(update: Update, context: BotContext) -> tuple[Caller, Innovation] | None:
    """▶️ Berjalan lagi: a check-in opened and asked at once, if the innovation is still
    stopped and the person may change its OPD's innovations. The innovation to show again, or
    None (the person was told why not)."""
    query = update.callback_query
    assert query is not None
    texts = context.services.texts
    caller = await require(update, context, Action.EDIT_INNOVATION)
    if caller is None:
        return None
    parsed = AGAIN.parse(query.data)
    outcome = "gone"
    try:
        async with context.services.database.transaction() as session:
            innovation = await session.get(Innovation, parsed[0]) if parsed else None
            if innovation is None or innovation.status != Status.APPROVED:
                pass
            elif not may_restart(caller, innovation):
                outcome = "refused"
            else:
                latest = await session.scalar(
                    select(Checkin).where(
                        Checkin.id
                        == select(func.max(Checkin.id))
                        .where(Checkin.innovation_id == innovation.id)
                        .scalar_subquery()
                    )
                )
                outcome = "running"
                if latest is not None and is_stopped(latest.status, latest.answer):
                    await ask_now(session, context.services, innovation)
                    outcome = "asked"
    except IntegrityError:  # pressed twice at once: the other press asked
        outcome = "running"
        async with context.services.database.reading() as session:  # the rolled-back row
            innovation = await session.get(Innovation, parsed[0]) if parsed else None
    if outcome == "refused":
        logger.info("runs again: refused to telegram user %s", caller.telegram_id)
        await query.answer(texts.text(caller.lang, "stop-again-not-yours"), show_alert=True)
        return None
    if outcome == "gone" or innovation is None:
        await stale_button(update, context)
        return None
    key = "stop-again-asked" if outcome == "asked" else "stop-again-running"
    await query.answer(texts.text(caller.lang, key))
    return caller, innovation
