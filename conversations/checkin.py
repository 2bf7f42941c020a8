"""Answering a check-in (pemantauan): ✅ Masih berjalan · 🛠 Dikembangkan · ⏸ Berhenti, then,
each optional, what changed (text), how many people it served in the period (a number) and a
new photo.

The first member of the OPD to press an answer wins (a conditional update of the open row);
the others are told through the outbox, and a later press gets who answered what. Every press
is checked again on the server: the check-in exists, the person is an active member of the
innovation's OPD now (a member who left it is refused, and shown nothing), the innovation is
still approved (otherwise the check-in closes).

ANSWER ─> CHANGES (text | Lewati) ─> SERVED (number | Lewati) ─> MEASURE (each active benefit
measure in turn: a number with its unit | Lewati) ─> PHOTO (photo | Selesai)
⏸ ─> REASON ─> STOP_NOTE (``conversations.stops``)
"""

from __future__ import annotations

import enum
import logging
from collections.abc import Callable
from datetime import timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy import update as sql_update
from sqlalchemy.ext.asyncio import AsyncSession
from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.error import BadRequest
from telegram.ext import (
    CallbackQueryHandler,
    CommandHandler,
    ConversationHandler,
    MessageHandler,
    TypeHandler,
    filters,
)

from bot.core.policy import Action
from bot.core.texts import Catalog
from bot.delivery.checkin_round import close_open
from bot.delivery.outbox import notify_person
from bot.delivery.reminders import reachable
from bot.innovations.rules import Invalid as InvalidText
from bot.innovations.rules import valid_long_text
from bot.monitoring.benefits import (
    MEASURE_SKIP,
    Measure,
    innovation_figures,
    parse_measure,
    render_figures,
)
from bot.monitoring.checkins import (
    ANSWER,
    PERIOD,
    PERIOD_CHOICES,
    REASON,
    SKIP,
    Invalid,
    answer_label,
    monitoring,
    parse_served,
    render_monitoring,
    set_innovation_months,
)
from bot.review.public_files import announce_file
from bot.telegram.context import BotContext
from bot.telegram.menu import command, menu_labels
from bot.telegram.people import Caller, identify, refuse, require
from bot.telegram.screens import show_screen
from conversations.benefits.steps import advance, current_measure
from conversations.common import (
    END,
    FlowStore,
    conversation,
    please_type_text,
    stale_button,
    use_the_buttons,
)
from conversations.stops import flow as stops
from conversations.stops.flow import member_of
from storage.models import (
    Attachment,
    AttachmentKind,
    Checkin,
    CheckinAnswer,
    CheckinStatus,
    Innovation,
    Member,
    Status,
)
from storage.repositories.innovations import InnovationRepository

logger = logging.getLogger(__name__)

FLOW = FlowStore("checkin")
TIMEOUT = timedelta(hours=12)


class Step(enum.StrEnum):
    CHANGES = "changes"
    SERVED = "served"
    MEASURE = "measure"
    PHOTO = "photo"


NEXT = {Step.CHANGES: Step.SERVED, Step.SERVED: Step.MEASURE, Step.MEASURE: Step.PHOTO}


async def answer_pressed(update: Update, context: BotContext) -> object:
    query = update.callback_query
    assert query is not None
    services = context.services
    texts = services.texts
    caller = await identify(update, context)
    if not caller.may(Action.SUBMIT):
        await refuse(update, context, caller, Action.SUBMIT)
        return None  # whatever flow the person is in goes on
    parsed = ANSWER.parse(query.data)
    if parsed is None:
        await query.answer(texts.text(caller.lang, "button-expired"), show_alert=True)
        return None
    checkin_id, answer = parsed
    lang = caller.lang
    now = services.clock.now()
    outcome = "won"
    async with services.database.transaction() as session:
        checkin = await session.get(Checkin, checkin_id)
        innovation = await session.get(Innovation, checkin.innovation_id) if checkin else None
        if checkin is None or innovation is None:
            outcome = "gone"
        elif not member_of(caller, innovation.opd_id):
            outcome = "refused"  # nothing read further, nothing written
        elif innovation.status != Status.APPROVED:
            await close_open(session, now, innovation_id=innovation.id)
            outcome = "closed"
        else:
            assert caller.member is not None
            won = (
                await session.execute(
                    sql_update(Checkin)
                    .where(Checkin.id == checkin_id, Checkin.status == CheckinStatus.OPEN)
                    .values(
                        status=CheckinStatus.ANSWERED, answer=answer,
                        answered_by_id=caller.member.id, answered_at=now,
                    )
                    .execution_options(synchronize_session=False)
                )
            ).rowcount == 1  # fmt: skip
            if won:
                await InnovationRepository(session).log(
                    innovation, caller.member, "checkin", new_value=answer,
                    note=f"round {checkin.round}",
                )  # fmt: skip
                await _tell_the_others(session, context, caller, innovation, checkin_id, answer)
                step = stops.REASON_STEP if answer == CheckinAnswer.STOPPED else Step.CHANGES
                await FLOW.save(session, update, step, {"checkin_id": checkin_id})
            else:
                await session.refresh(checkin)
                who = await session.get(Member, checkin.answered_by_id or 0)
                outcome = "taken" if checkin.status == CheckinStatus.ANSWERED else "closed"
        title = innovation.title if innovation else ""
        number = innovation.id if innovation else 0
    if outcome == "gone":
        await query.answer(texts.text(lang, "button-expired"), show_alert=True)
        return None
    if outcome == "refused":
        logger.info("check-in %s: refused to telegram user %s", checkin_id, caller.telegram_id)
        await query.answer(texts.text(lang, "chk-not-yours"), show_alert=True)
        return None
    await query.answer()
    if outcome == "closed":
        await _settle_message(update, texts.text(lang, "chk-closed", id=number, title=title))
        return None
    if outcome == "taken":
        text = texts.text(
            lang, "chk-answered-by", id=number, title=title, who=who.full_name if who else "-",
            answer=answer_label(texts, lang, checkin.answer or answer),
        )  # fmt: skip
        await _settle_message(update, text)
        return None
    text = texts.text(
        lang, "chk-recorded", id=number, title=title, answer=answer_label(texts, lang, answer)
    )
    await _settle_message(update, text)
    if answer == CheckinAnswer.STOPPED:  # why: the coordinators are told once it is said
        return await stops.ask_reason(update, context, caller, checkin_id)
    return await _ask(update, context, caller, Step.CHANGES)


async def _settle_message(update: Update, text: str) -> None:
    """The pressed question becomes what came of it, without its buttons."""
    query = update.callback_query
    assert query is not None
    try:
        await query.edit_message_text(text, reply_markup=None)
    except BadRequest as exc:  # not modified, or too old to edit: say it anew
        logger.debug("check-in message not edited: %s", exc)
        if update.effective_message is not None:
            await update.effective_message.reply_text(text)


async def _tell_the_others(
    session: AsyncSession,
    context: BotContext,
    caller: Caller,
    innovation: Innovation,
    checkin_id: int,
    answer: str,
) -> None:
    services = context.services
    assert caller.member is not None
    default = services.settings.default_language
    others = await session.scalars(
        select(Member).where(
            Member.opd_id == innovation.opd_id, Member.id != caller.member.id, reachable()
        )
    )
    for member in others:
        lang = member.language or default
        text = services.texts.text(
            lang, "chk-answered-by", id=innovation.id, title=innovation.title,
            who=caller.member.full_name, answer=answer_label(services.texts, lang, answer),
        )  # fmt: skip
        await notify_person(
            session, services, chat_id=member.telegram_id, key=f"checkin-answered:{checkin_id}",
            text=text,
        )  # fmt: skip


async def _ask(
    update: Update, context: BotContext, caller: Caller, step: Step, measure: Measure | None = None
) -> object:
    texts = context.services.texts
    label = "button-done" if step is Step.PHOTO else "button-skip"
    if measure is None:
        text, data = texts.text(caller.lang, f"chk-ask-{step}"), SKIP.data(step)
    else:  # a benefit measure's question, its Lewati naming it
        name, unit = measure.name_in(caller.lang), measure.unit_in(caller.lang)
        text = texts.text(caller.lang, "ben-ask", name=name, unit=unit)
        data = MEASURE_SKIP.data(measure.id)
    markup = InlineKeyboardMarkup(
        [[InlineKeyboardButton(texts.text(caller.lang, label), callback_data=data)]]
    )
    await context.bot.send_message(
        update.effective_chat.id,  # type: ignore[union-attr]
        text,
        reply_markup=markup,
    )
    return step


async def _own_checkin(
    session: AsyncSession, update: Update, caller: Caller
) -> tuple[Checkin, Innovation] | None:
    """The check-in this person answered, while it is still theirs to add to: they answered
    it, they are still of its OPD, the innovation is still approved."""
    data = await FLOW.load(session, update)
    checkin = await session.get(Checkin, int(data.get("checkin_id", 0)))
    if checkin is None or caller.member is None:
        return None
    innovation = await session.get(Innovation, checkin.innovation_id)
    if (
        innovation is None
        or checkin.answered_by_id != caller.member.id
        or not member_of(caller, innovation.opd_id)
        or innovation.status != Status.APPROVED
    ):
        return None
    return checkin, innovation


async def _after(
    update: Update, context: BotContext, caller: Caller, step: Step, **values: Any
) -> object:
    """Store this step's answer (if any) on the person's check-in and go on."""
    measured, measure = values.pop("measured", None), None
    following = NEXT.get(step)
    async with context.services.database.transaction() as session:
        own = await _own_checkin(session, update, caller)
        if own is None:
            await FLOW.end(session, update)
        else:
            checkin, _ = own
            for name, value in values.items():
                setattr(checkin, name, value)
            data = await FLOW.load(session, update)
            if step in (Step.SERVED, Step.MEASURE):  # the measures, one by one, then the photo
                measure = await advance(session, checkin.id, data, step is Step.MEASURE, measured)
                following = Step.MEASURE if measure is not None else Step.PHOTO
            if following is None:
                await FLOW.end(session, update)
            else:
                await FLOW.save(session, update, following, data)
    texts = context.services.texts
    message = update.effective_message
    assert message is not None
    if own is None:
        await message.reply_text(texts.text(caller.lang, "chk-no-longer"))
        return END
    if following is None:
        _, innovation = own
        await context.bot.send_message(
            message.chat_id, texts.text(caller.lang, "chk-thanks", id=innovation.id)
        )
        return END
    return await _ask(update, context, caller, following, measure)


async def _member(update: Update, context: BotContext) -> Caller | None:
    return await require(update, context, Action.SUBMIT)


async def _typed(
    update: Update,
    context: BotContext,
    step: Step,
    field: str,
    parse: Callable[[str], Any],
    refused: tuple[type[Exception], ...],
) -> object:
    """A typed follow-up: `parse`d into `field`, or its problem told and the step asked again."""
    caller = await _member(update, context)
    if caller is None:
        return await _end(update, context)
    message = update.effective_message
    assert message is not None and message.text is not None
    try:
        value = parse(message.text)
    except refused as problem:
        key, arguments = problem.key, problem.arguments  # type: ignore[attr-defined]
        await message.reply_text(context.services.texts.text(caller.lang, key, **arguments))
        return step
    return await _after(update, context, caller, step, **{field: value})


async def changes_typed(update: Update, context: BotContext) -> object:
    return await _typed(update, context, Step.CHANGES, "note", valid_long_text, (InvalidText,))


async def served_typed(update: Update, context: BotContext) -> object:
    return await _typed(update, context, Step.SERVED, "served", parse_served, (Invalid,))


async def measure_typed(update: Update, context: BotContext) -> object:
    async with context.services.database.reading() as session:
        measure = await current_measure(session, await FLOW.load(session, update))
    if measure is None:  # retired meanwhile: the next question
        return await skip_measure(update, context)
    parse = lambda text: parse_measure(text, measure)  # noqa: E731
    return await _typed(update, context, Step.MEASURE, "measured", parse, (Invalid,))


async def skip_measure(update: Update, context: BotContext) -> object:
    """Lewati on a measure (the one still asked: an older one's button is stale)."""
    caller = await _member(update, context)
    if caller is None:
        return await _end(update, context)
    query = update.callback_query
    if query is not None:
        parsed = MEASURE_SKIP.parse(query.data)
        async with context.services.database.reading() as session:
            row = await FLOW.row(session, update)
        waiting = (row.data.get("measures") or [None])[0] if row is not None else None
        if parsed is None or row is None or row.state != Step.MEASURE or waiting != parsed[0]:
            await stale_button(update, context)
            return None
        await query.answer()
        try:
            await query.edit_message_reply_markup(None)
        except BadRequest as exc:
            logger.debug("skip button not removed: %s", exc)
    return await _after(update, context, caller, Step.MEASURE)


async def photo_sent(update: Update, context: BotContext) -> object:
    caller = await _member(update, context)
    if caller is None:
        return await _end(update, context)
    message = update.effective_message
    assert message is not None and message.photo
    photo = message.photo[-1]
    texts = context.services.texts
    async with context.services.database.transaction() as session:
        own = await _own_checkin(session, update, caller)
        attachment = None
        if own is None:
            await FLOW.end(session, update)
        else:
            checkin, innovation = own
            attachment = await session.scalar(
                select(Attachment).where(
                    Attachment.innovation_id == innovation.id,
                    Attachment.file_unique_id == photo.file_unique_id,
                )
            )  # the same photo sent before: kept once, pointed at again
            fresh = attachment is None
            if attachment is None:
                attachment = Attachment(
                    innovation_id=innovation.id, kind=AttachmentKind.PHOTO,
                    file_id=photo.file_id, file_unique_id=photo.file_unique_id,
                    mime_type="image/jpeg", file_size=photo.file_size,
                    caption=texts.text(caller.lang, "chk-photo-caption", round=checkin.round),
                )  # fmt: skip
                session.add(attachment)
                await session.flush()
                # Approved innovation, new photo: public only after a coordinator's ✅.
                await announce_file(session, context.services, innovation, attachment)
            checkin.attachment_id = attachment.id
            await FLOW.end(session, update)
    if own is None or attachment is None:
        await message.reply_text(texts.text(caller.lang, "chk-no-longer"))
        return END
    if fresh:  # committed: the regency's copy is made in the background
        context.services.evidence.keep_soon(attachment.id)
    await message.reply_text(texts.text(caller.lang, "chk-thanks", id=own[1].id))
    return END


async def skip_pressed(update: Update, context: BotContext) -> object:
    query = update.callback_query
    assert query is not None
    caller = await _member(update, context)
    if caller is None:
        return await _end(update, context)
    parsed = SKIP.parse(query.data)
    async with context.services.database.reading() as session:
        row = await FLOW.row(session, update)
    if parsed is None or row is None or row.state != parsed[0]:
        await stale_button(update, context)  # a second tap, or an older question's button
        return None
    await query.answer()
    try:
        await query.edit_message_reply_markup(None)
    except BadRequest as exc:
        logger.debug("skip button not removed: %s", exc)
    return await _after(update, context, caller, Step(parsed[0]))


async def not_a_number_or_text(update: Update, context: BotContext) -> object:
    caller = await _member(update, context)
    if caller is None:
        return await _end(update, context)
    await please_type_text(update, context, caller.lang)
    return None


async def _use_the_buttons(update: Update, context: BotContext) -> object:
    caller = await _member(update, context)
    if caller is None:
        return await _end(update, context)
    await use_the_buttons(update, context, caller.lang)
    return None


async def not_a_photo(update: Update, context: BotContext) -> object:
    caller = await _member(update, context)
    if caller is None:
        return await _end(update, context)
    message = update.effective_message
    assert message is not None
    await message.reply_text(context.services.texts.text(caller.lang, "chk-photo-only"))
    return None


async def _end(update: Update, context: BotContext) -> object:
    async with context.services.database.transaction() as session:
        await stops.flow_ending(session, update, context)
        return await FLOW.end(session, update)


async def timed_out(update: Update, context: BotContext) -> None:
    """Idle too long: the follow-ups are no longer waited for (the answer stays)."""
    if update.effective_chat is not None and update.effective_user is not None:
        await _end(update, context)


async def cancel(update: Update, context: BotContext) -> object:
    await _end(update, context)
    caller = await require(update, context, Action.USE_BOT)
    if caller is not None and update.effective_message is not None:
        await update.effective_message.reply_text(
            context.services.texts.text(caller.lang, "chk-cancelled")
        )
    return END


# --- an innovation's screen: its monitoring, and its own period -------------------------------


def period_markup(
    context: BotContext, lang: str, innovation_id: int, months: int, own: bool
) -> InlineKeyboardMarkup:
    texts = context.services.texts
    buttons = [
        InlineKeyboardButton(
            ("✅ " if own and choice == months else "")
            + texts.text(lang, "chk-button-months", months=choice),
            callback_data=PERIOD.data(innovation_id, choice),
        )
        for choice in PERIOD_CHOICES
    ]
    default = InlineKeyboardButton(
        ("✅ " if not own else "") + texts.text(lang, "chk-button-default"),
        callback_data=PERIOD.data(innovation_id, 0),
    )
    return InlineKeyboardMarkup([buttons, [default]])


async def monitoring_screen(
    context: BotContext, caller: Caller, innovation: Innovation
) -> tuple[str, InlineKeyboardMarkup | None] | None:
    """The monitoring of an approved innovation as its screen shows it, with the period's
    buttons for those who set schedules; None for any other innovation."""
    services = context.services
    zone = services.settings.tzinfo
    async with services.database.reading() as session:
        view = await monitoring(session, innovation, services.clock.now(), zone)
        figures = await innovation_figures(session, innovation.id) if view else []
    if view is None:
        return None
    text = render_monitoring(services.texts, caller.lang, innovation.id, view, zone)
    benefits = render_figures(services.texts, caller.lang, figures)
    if benefits is not None:
        text += "\n" + benefits
    rows: list[list[InlineKeyboardButton]] = []
    if view.stopped and stops.may_restart(caller, innovation):  # ▶️ it runs again
        rows.append([stops.again_button(services.texts, caller.lang, innovation.id)])
    if caller.may(Action.SCHEDULE):
        markup = period_markup(context, caller.lang, innovation.id, view.months, view.own_period)
        rows.extend([list(row) for row in markup.inline_keyboard])
    return text, InlineKeyboardMarkup(rows) if rows else None


async def period_pressed(update: Update, context: BotContext) -> None:
    query = update.callback_query
    assert query is not None
    caller = await require(update, context, Action.SCHEDULE)
    if caller is None:
        return
    texts = context.services.texts
    parsed = PERIOD.parse(query.data)
    if parsed is None or (parsed[1] != 0 and parsed[1] not in PERIOD_CHOICES):
        await query.answer(texts.text(caller.lang, "button-expired"), show_alert=True)
        return
    innovation_id, months = parsed
    async with context.services.database.transaction() as session:
        innovation = await session.get(Innovation, innovation_id)
        if innovation is not None and innovation.status == Status.APPROVED:
            assert caller.member is not None
            await set_innovation_months(session, innovation_id, months, caller.member.id)
    if innovation is None or innovation.status != Status.APPROVED:
        await query.answer(texts.text(caller.lang, "button-expired"), show_alert=True)
        return
    await query.answer(texts.text(caller.lang, "sch-saved"))
    shown = await monitoring_screen(context, caller, innovation)
    if shown is not None:
        await show_screen(update, shown[0], shown[1], edit=True)


async def again_pressed(update: Update, context: BotContext) -> None:
    """▶️ Berjalan lagi on a stopped innovation's screen; the screen shown again."""
    shown = await stops.runs_again(update, context)
    if shown is not None:
        screen = await monitoring_screen(context, *shown)
        if screen is not None:
            await show_screen(update, screen[0], screen[1], edit=True)


def build(texts: Catalog) -> Any:
    private = filters.ChatType.PRIVATE
    message = private & filters.UpdateType.MESSAGE & ~filters.COMMAND
    # The main menu's buttons keep working while a follow-up waits (they are not an answer).
    text = message & filters.TEXT & ~filters.Text(menu_labels(texts))
    other = message & ~filters.TEXT
    return conversation(
        "checkin",
        entry_points=[
            CallbackQueryHandler(answer_pressed, pattern=ANSWER.pattern),
            CallbackQueryHandler(stops.reason_pressed, pattern=REASON.pattern),
        ],
        states={
            stops.REASON_STEP: [MessageHandler(text | other, _use_the_buttons)],
            stops.NOTE_STEP: [
                MessageHandler(text, stops.note_typed),
                CallbackQueryHandler(stops.note_skipped, pattern=stops.NOTE_SKIP.pattern),
                MessageHandler(other, stops.not_text),
            ],
            Step.CHANGES: [
                MessageHandler(text, changes_typed),
                CallbackQueryHandler(skip_pressed, pattern=SKIP.pattern),
                MessageHandler(other, not_a_number_or_text),
            ],
            Step.SERVED: [
                MessageHandler(text, served_typed),
                CallbackQueryHandler(skip_pressed, pattern=SKIP.pattern),
                MessageHandler(other, not_a_number_or_text),
            ],
            Step.MEASURE: [
                MessageHandler(text, measure_typed),
                CallbackQueryHandler(skip_measure, pattern=MEASURE_SKIP.pattern),
                MessageHandler(other, not_a_number_or_text),
            ],
            Step.PHOTO: [
                MessageHandler(message & filters.PHOTO, photo_sent),
                CallbackQueryHandler(skip_pressed, pattern=SKIP.pattern),
                MessageHandler(message & ~filters.PHOTO, not_a_photo),
            ],
            ConversationHandler.TIMEOUT: [TypeHandler(Update, timed_out)],
        },
        timeout=TIMEOUT,
        fallbacks=[
            CommandHandler(command("batal").names, cancel, filters=private),
            CallbackQueryHandler(stale_button, pattern=r"^chk:"),
        ],
    )
