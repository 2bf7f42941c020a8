"""Submitting an innovation: one question per message, buttons where they can be, the draft
saved after every answer, a review screen to correct any field, then Kirim.

/baru ─> (draft open? continue / start new) ─> TITLE ─> PILLARS ─> QUICK_WIN ─> STAGE ─> KIND
      ─> PROBLEM ─> SOLUTION ─> GOAL ─> BENEFIT ─> START_DATE ─> LINK ─> EVIDENCE ─> REVIEW
/ubah N ─> REVIEW (an editable innovation of the person's OPD)

The questions are `FORM`'s, and their moves (ask, parse, store, back, skip, ✏️, ℹ️) the form
engine's (`conversations/flow.py`). The submission's own questions (the title's draft and its
duplicate check, the pillars, the files) and its review card are
`conversations/submission_form.py`; here are the ways in (/baru, /ubah, a draft resumed), what
is decided from the card (Kirim, Tarik, Hapus), /batal, and the handler's state table.

Every answer is written to the innovation and the conversation's state in one transaction, with
an optimistic version check: someone else's change in between is shown, never overwritten.
"""

from __future__ import annotations

import logging
from typing import Any

from sqlalchemy.orm.exc import StaleDataError
from telegram import InlineKeyboardMarkup, Update
from telegram.error import BadRequest
from telegram.ext import CallbackQueryHandler, CommandHandler, MessageHandler, filters

from bot.core.policy import Action
from bot.core.textinput import NumberProblem, innovation_number
from bot.core.texts import Catalog
from bot.delivery.outbox import announce_innovation
from bot.innovations.form import FORM, Question
from bot.innovations.rules import (
    can_send,
    can_withdraw,
    status_after_send,
)
from bot.innovations.view import render_field, render_record, status_label
from bot.plans.progress import PlanError, innovation_from_entry
from bot.telegram.callbacks import FROM_PLAN, RESUME, any_of
from bot.telegram.context import BotContext
from bot.telegram.menu import button_labels, command
from bot.telegram.people import Caller, require
from bot.telegram.sending import unparsed
from conversations.common import (
    END,
    conversation,
    stale_button,
)
from conversations.flow import (
    Stale,
    button,
    inputs,
    say,
)
from conversations.iid import offer as iid_offer
from conversations.innovations import show_innovation
from conversations.submission_form import (
    CONFIRM_DELETE,
    CRITERIA,
    DELETE,
    DUPLICATE,
    EDIT,
    FLOW,
    FRESH,
    FULL,
    SAVE,
    SEND,
    SUBMISSION,
    TIMEOUT,
    WITHDRAW,
    Step,
    answered_turn,
    ask_question,
    begin_turn,
    caller_of,
    changed_elsewhere,
    enter,
    in_flow,
    open_innovation,
    say_refused,
    show_review,
    take_title,
)
from storage.models import Innovation, Status
from storage.repositories.innovations import InnovationRepository

logger = logging.getLogger(__name__)


# --- entry ------------------------------------------------------------------------------------


async def new_innovation(update: Update, context: BotContext) -> object:
    texts = context.services.texts
    async with context.services.database.transaction() as session:
        turn = await begin_turn(session, update, context)
        caller, refused = turn.caller, turn.refused
        if not refused:
            assert caller.member is not None
            draft = await InnovationRepository(session).latest_draft(caller.member)
            if draft is not None:
                state, data = Step.RESUME.value, {"draft_id": draft.id}
            else:
                state, data = FORM.first.name, {}
            await FLOW.save(session, update, state, data, row=turn.row, looked=True)
    if refused:
        return await say_refused(update, context, caller)
    if draft is not None:
        markup = InlineKeyboardMarkup(
            [
                [
                    button(texts.text(caller.lang, "sub-button-resume"), RESUME.data(draft.id)),
                    button(texts.text(caller.lang, "sub-button-fresh"), FRESH.data()),
                ]
            ]
        )
        await say(update, texts.text(caller.lang, "sub-draft-exists", title=draft.title), markup)
        return Step.RESUME
    return await ask_question(update, context, caller, FORM.first)


async def resume_or_fresh(update: Update, context: BotContext) -> object:
    query = update.callback_query
    assert query is not None
    caller = await answered_turn(update, context)
    if caller is None:
        return END
    resumed = RESUME.parse(query.data)
    if resumed is None:
        async with context.services.database.transaction() as session:
            await FLOW.save(session, update, FORM.first.name, {})
        return await ask_question(update, context, caller, FORM.first)
    (draft_id,) = resumed
    return await enter(update, context, caller, draft_id, resume=True)


async def edit_innovation(update: Update, context: BotContext) -> object:
    """/ubah N: the review screen of an editable innovation of the person's OPD."""
    caller = await require(update, context, Action.EDIT_INNOVATION)
    if caller is None:
        return END
    number = innovation_number(" ".join(context.args or []))
    if not isinstance(number, int):
        key = "view-no-such-number" if number is NumberProblem.TOO_LARGE else "view-usage"
        await say(update, context.services.texts.text(caller.lang, key, command="/ubah"))
        return END
    return await enter(update, context, caller, number, resume=False)


async def resume_button(update: Update, context: BotContext) -> object:
    """ "Lanjutkan" under a reminder: the draft (or the revision) where it was left."""
    query = update.callback_query
    assert query is not None
    caller = await require(update, context, Action.EDIT_INNOVATION)
    if caller is None:
        return END
    await query.answer()
    resumed = RESUME.parse(query.data)
    if resumed is None:
        return END
    return await enter(update, context, caller, resumed[0], resume=True)


async def from_plan(update: Update, context: BotContext) -> object:
    """📝 under an action plan's entry (/rencana): its innovation's form, begun with the entry's
    title and pillar (a new draft, linked to the entry), or reopened where it was left."""
    query = update.callback_query
    assert query is not None
    caller = await require(update, context, Action.SUBMIT)
    if caller is None:
        return END
    pressed = FROM_PLAN.parse(query.data)
    member = caller.member
    if pressed is None or member is None or member.opd_id is None:
        await stale_button(update, context)
        return END
    try:
        async with context.services.database.transaction() as session:
            innovation_id = await innovation_from_entry(session, pressed[0], member)
    except PlanError as error:
        await query.answer(context.services.texts.text(caller.lang, error.key), show_alert=True)
        return END
    await query.answer()
    return await enter(update, context, caller, innovation_id, resume=True)


async def duplicate_choice(update: Update, context: BotContext) -> object:
    query = update.callback_query
    assert query is not None
    caller = await answered_turn(update, context)
    if caller is None:
        return END
    async with context.services.database.transaction() as session:
        data = await FLOW.load(session, update)
    if DUPLICATE.parse(query.data) == ("open",):
        async with context.services.database.transaction() as session:
            await FLOW.end(session, update)
        await show_innovation(update, context, caller, int(data.get("duplicate_id", 0)))
        return END
    title = data.get("pending_title")
    if not title:
        async with context.services.database.transaction() as session:
            await FLOW.save(session, update, "title", data)
        return await ask_question(update, context, caller, FORM["title"])
    return await take_title(update, context, caller, title)


async def explain_criteria(update: Update, context: BotContext) -> object:
    """ℹ️ on the review screen: the five criteria a sent innovation is scored on."""
    query = update.callback_query
    assert query is not None
    caller = await answered_turn(update, context)
    if caller is None:
        return END
    await say(update, context.services.texts.text(caller.lang, "info-criteria"))
    return None


async def edited_message(update: Update, context: BotContext) -> object:
    caller = await caller_of(update, context)
    if caller is not None and update.edited_message is not None:
        await update.edited_message.reply_text(
            context.services.texts.text(caller.lang, "sub-edited-message")
        )
    return None


async def show_full(update: Update, context: BotContext, caller: Caller, name: str) -> object:
    """📖 on the review screen: one answer whole, below the card (which stays as it is)."""
    query = update.callback_query
    assert query is not None
    question = FORM.get(name)
    async with context.services.database.reading() as session:
        data = await FLOW.load(session, update)
        innovation = await InnovationRepository(session).get(int(data.get("innovation_id", 0)))
    if question is None or innovation is None:
        await stale_button(update, context)
        return None
    await query.answer()
    for text in render_field(context.services.texts, caller.lang, innovation, question):
        await say(update, text)
    return Step.REVIEW


async def cancel(update: Update, context: BotContext) -> object:
    """/batal: the flow ends, and the person is told what is kept: nothing (no title yet), the
    draft and how much of it is answered, or the sent innovation's answers as given."""
    async with context.services.database.transaction() as session:
        data = await FLOW.load(session, update)
        await FLOW.end(session, update)
        number = data.get("innovation_id") or data.get("draft_id")
        innovation = await InnovationRepository(session).get(int(number)) if number else None
    caller = await require(update, context, Action.USE_BOT)
    if caller is None:
        return END
    texts = context.services.texts
    lang = caller.lang
    if innovation is None or not caller.may(Action.EDIT_INNOVATION, opd_id=innovation.opd_id):
        text = texts.text(lang, "sub-cancelled-nothing")
    elif innovation.status == Status.DRAFT:
        answered = sum(1 for question in FORM if question.answered(innovation))
        text = texts.text(lang, "sub-cancelled", title=innovation.title, answered=answered,
                          total=len(FORM))  # fmt: skip
    else:
        status = status_label(texts, lang, innovation.status)
        text = texts.text(lang, "sub-cancelled-edit", id=innovation.id, status=status)
    await say(update, text)
    return END


async def review_pressed(update: Update, context: BotContext) -> object:
    query = update.callback_query
    assert query is not None
    if SEND.matches(query.data):
        return await _send(update, context)
    caller = await in_flow(update, context)
    if caller is None:
        return END
    if (whole := FULL.parse(query.data)) is not None:
        return await show_full(update, context, caller, whole[0])
    if (edited := EDIT.parse(query.data)) is not None:
        return await SUBMISSION.edit(update, context, edited[0], caller)
    if SAVE.matches(query.data):
        await query.answer()
        texts = context.services.texts
        async with context.services.database.transaction() as session:
            data = await FLOW.load(session, update)
            innovation = await InnovationRepository(session).get(int(data.get("innovation_id", 0)))
            await FLOW.end(session, update)
        draft = innovation is not None and innovation.status == Status.DRAFT
        with unparsed():
            await query.edit_message_reply_markup(None)
        await say(update, texts.text(caller.lang, "sub-saved" if draft else "sub-closed"))
        return END
    if DELETE.matches(query.data):
        await query.answer()
        texts = context.services.texts
        async with context.services.database.transaction() as session:
            data = await FLOW.load(session, update)
            innovation = await InnovationRepository(session).get(int(data.get("innovation_id", 0)))
            await FLOW.save(session, update, Step.CONFIRM_DELETE, data)
        markup = InlineKeyboardMarkup(
            [[button(texts.text(caller.lang, "button-yes"), CONFIRM_DELETE.data(True)),
              button(texts.text(caller.lang, "button-no"), CONFIRM_DELETE.data(False))]]
        )  # fmt: skip
        title = innovation.title if innovation else "-"
        await say(update, texts.text(caller.lang, "sub-confirm-delete", title=title), markup)
        return Step.CONFIRM_DELETE
    if WITHDRAW.matches(query.data):
        return await _withdraw(update, context, caller)
    await stale_button(update, context)
    return None


async def _send(update: Update, context: BotContext) -> object:
    """📤 Kirim: who pressed it, the check, the status, the event and the group's notice, in
    one transaction; the press answered right after it."""
    query = update.callback_query
    assert query is not None
    texts = context.services.texts
    missing: list[Question] = []
    refused = stale = False
    unsendable: Innovation | None = None
    try:
        async with context.services.database.transaction() as session:
            turn = await begin_turn(session, update, context)
            caller, refused, data = turn.caller, turn.refused, turn.data
            try:
                innovation = None if refused else await open_innovation(session, data, caller)
            except Stale:  # found inside, the transaction ends normally: nothing was written
                innovation, stale = None, True
            if innovation is not None and not can_send(innovation.status):
                # A forged Kirim on the version they saw, which cannot be sent (already
                # sent, say): refused politely, nothing changes.
                unsendable, innovation = innovation, None
            missing = FORM.missing(innovation) if innovation else []
            if innovation is not None and not missing:
                before = innovation.status
                repository = InnovationRepository(session)
                await repository.write(
                    innovation,
                    {"status": status_after_send(before),
                     "submitted_at": context.services.clock.now()},
                )  # fmt: skip
                await repository.log(
                    innovation, caller.member, "submitted", from_status=before,
                    to_status=innovation.status,
                )  # fmt: skip
                await FLOW.end(session, update)
                # The group hears of it from the outbox: never a wait here for its window.
                await announce_innovation(
                    session, context.services, innovation,
                    resubmitted=before == Status.REVISION_REQUESTED,
                )  # fmt: skip
    except StaleDataError:  # changed by someone else between our read and our write
        stale = True
    if refused:
        return await say_refused(update, context, caller)
    if stale:
        await query.answer()
        return await changed_elsewhere(update, context, caller)
    lang = caller.lang
    if unsendable is not None:
        status = status_label(texts, lang, unsendable.status)
        await query.answer(
            texts.text(lang, "sub-not-sendable", id=unsendable.id, status=status),
            show_alert=True,
        )
        return Step.REVIEW
    assert innovation is not None
    if missing:
        names = ", ".join(texts.text(lang, q.label_key) for q in missing)
        await query.answer(texts.text(lang, "sub-missing", fields=names), show_alert=True)
        return Step.REVIEW
    await query.answer()
    # The card now says what the innovation is (sent), without its buttons.
    card = render_record(texts, lang, innovation, header_key="view-title", short=True)
    try:
        with unparsed():
            if len(card) == 1:
                await query.edit_message_text(card[0], reply_markup=None)
            else:
                await query.edit_message_reply_markup(None)
    except BadRequest as exc:
        logger.debug("card not updated after sending: %s", exc)
    await say(
        update,
        texts.text(lang, "sub-sent", id=innovation.id, title=innovation.title),
        iid_offer(texts, lang, innovation.id),  # the optional IID section, after sending
    )
    return END


async def _withdraw(update: Update, context: BotContext, caller: Caller) -> object:
    query = update.callback_query
    assert query is not None
    try:
        async with context.services.database.transaction() as session:
            data = await FLOW.load(session, update)
            innovation = await open_innovation(session, data, caller)
            if not can_withdraw(innovation.status):
                raise Stale
            innovation.status = Status.DRAFT
            await InnovationRepository(session).log(
                innovation, caller.member, "withdrawn", from_status=Status.SUBMITTED,
                to_status=Status.DRAFT,
            )  # fmt: skip
            await session.flush()
            data["version"] = innovation.version
            await FLOW.save(session, update, Step.REVIEW, data)
    except Stale:
        await query.answer()
        return await changed_elsewhere(update, context, caller)
    await query.answer()
    with unparsed():
        await query.edit_message_reply_markup(None)
    texts = context.services.texts
    await say(update, texts.text(caller.lang, "sub-withdrawn", id=innovation.id))
    await show_review(update, context, caller, innovation)
    return Step.REVIEW


async def delete_confirmed(update: Update, context: BotContext) -> object:
    query = update.callback_query
    assert query is not None
    caller = await answered_turn(update, context)
    if caller is None:
        return END
    texts = context.services.texts
    if CONFIRM_DELETE.parse(query.data) != (True,):
        async with context.services.database.transaction() as session:
            data = await FLOW.load(session, update)
            innovation = await InnovationRepository(session).get(int(data.get("innovation_id", 0)))
            await FLOW.save(session, update, Step.REVIEW, data)
        with unparsed():
            await query.edit_message_text(texts.text(caller.lang, "sub-kept"))
        if innovation is None:
            return END
        await show_review(update, context, caller, innovation)
        return Step.REVIEW
    try:
        async with context.services.database.transaction() as session:
            data = await FLOW.load(session, update)
            innovation = await open_innovation(session, data, caller)
            if innovation.status != Status.DRAFT:
                raise Stale
            await session.delete(innovation)
            await FLOW.end(session, update)
    except Stale:
        return await changed_elsewhere(update, context, caller)
    with unparsed():
        await query.edit_message_text(texts.text(caller.lang, "sub-deleted"))
    return END


def build(texts: Catalog) -> Any:
    private = filters.ChatType.PRIVATE
    new = filters.UpdateType.MESSAGE
    # A main-menu button pressed in the middle of the form (📋 Daftar inovasi, ❓ Bantuan,
    # 📊 Rekap, 🔎 Tinjau…) is never an answer: it goes on to its own handler and does what
    # it says, exactly as its command typed mid-form does (/bantuan, /rekap); the draft and
    # the question waiting stay as they were, and the next typed answer goes to it. That is
    # what a person pressing a menu button expects; keeping them in the form instead would
    # need /batal first. (➕ Inovasi baru re-enters this flow: it offers to continue the
    # draft.)
    given = inputs(texts)
    buttons_only = MessageHandler(given.text | given.other, SUBMISSION.told("sub-use-buttons"))
    states: dict[object, list[Any]] = {
        Step.RESUME: [
            CallbackQueryHandler(resume_or_fresh, pattern=any_of(RESUME, FRESH)), buttons_only,
        ],
        Step.DUPLICATE: [
            CallbackQueryHandler(duplicate_choice, pattern=DUPLICATE.pattern), buttons_only,
        ],
        **SUBMISSION.states(given),
        Step.REVIEW: [
            CallbackQueryHandler(
                review_pressed, pattern=any_of(EDIT, FULL, SEND, SAVE, DELETE, WITHDRAW)
            ),
            CallbackQueryHandler(explain_criteria, pattern=CRITERIA.pattern),
            buttons_only,
        ],
        Step.CONFIRM_DELETE: [
            CallbackQueryHandler(delete_confirmed, pattern=CONFIRM_DELETE.pattern), buttons_only,
        ],
    }  # fmt: skip
    return conversation(
        FLOW.name,
        entry_points=[
            CommandHandler(command("baru").names, new_innovation, filters=private),
            CommandHandler(command("ubah").names, edit_innovation, filters=private),
            CallbackQueryHandler(resume_button, pattern=RESUME.pattern),
            CallbackQueryHandler(from_plan, pattern=FROM_PLAN.pattern),
            MessageHandler(
                private & new & filters.Text(button_labels(texts, "baru")),
                new_innovation,
            ),
        ],
        states=states,
        timeout=TIMEOUT,
        fallbacks=[
            CommandHandler(command("batal").names, cancel, filters=private),
            MessageHandler(private & filters.UpdateType.EDITED_MESSAGE, edited_message),
            CallbackQueryHandler(stale_button, pattern=r"^sub:"),
        ],
    )
