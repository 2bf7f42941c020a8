"""Submitting an innovation: one question per message, buttons where they can be, the draft
saved after every answer, a review screen to correct any field, then Kirim.

/baru ─> (draft open? continue / start new) ─> TITLE ─> PILLARS ─> QUICK_WIN ─> STAGE ─> KIND
      ─> PROBLEM ─> SOLUTION ─> GOAL ─> BENEFIT ─> START_DATE ─> LINK ─> EVIDENCE ─> REVIEW
/ubah N ─> REVIEW (an editable innovation of the person's OPD)

Every answer is written to the innovation and the conversation's state in one transaction, with
an optimistic version check: someone else's change in between is shown, never overwritten.
"""

from __future__ import annotations

import enum
import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from typing import Any, NamedTuple

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm.exc import StaleDataError
from telegram import CallbackQuery, InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.error import BadRequest, Forbidden, TelegramError
from telegram.ext import (
    CallbackQueryHandler,
    CommandHandler,
    ConversationHandler,
    MessageHandler,
    TypeHandler,
    filters,
)

from bot.core.formatting import shorten
from bot.core.policy import Action
from bot.core.textinput import NumberProblem, innovation_number, without_controls
from bot.core.texts import Catalog, Html
from bot.delivery.outbox import announce_innovation
from bot.innovations.form import FORM, Kind, Question, file_label
from bot.innovations.rules import (
    EDITABLE,
    HEAD_BYTES,
    MAX_EVIDENCE,
    EvidenceFile,
    Invalid,
    can_send,
    can_withdraw,
    check_evidence,
    first_bytes_match,
    status_after_send,
    valid_title,
)
from bot.innovations.view import render_field, render_record, shortened, status_label
from bot.telegram.callbacks import RESUME, Bool, Callback, Int, Str, any_of
from bot.telegram.context import BotContext
from bot.telegram.menu import button_labels, command, menu_labels
from bot.telegram.people import Caller, identified_in, identify, refuse, require
from bot.telegram.sending import unparsed
from conversations.common import (
    END,
    FlowStore,
    conversation,
    stale_button,
    use_the_buttons,
)
from conversations.iid import offer as iid_offer
from storage.models import Attachment, ConversationState, Innovation, Pillar, Status
from storage.repositories.innovations import InnovationRepository

logger = logging.getLogger(__name__)

FLOW = FlowStore("submission")
TIMEOUT = timedelta(hours=12)


class Step(enum.StrEnum):
    RESUME = "resume"
    DUPLICATE = "duplicate"
    REVIEW = "review"
    CONFIRM_DELETE = "confirm_delete"


# The flow's buttons. A question's name is at most this long (it is in the buttons' data).
NAME = 24
FRESH = Callback("sub:fresh")
DUPLICATE = Callback("sub:dup", Str("choice", 4))  # go | open
PILLAR = Callback("sub:pil", Int("id", 6))
PILLARS_DONE = Callback("sub:pil:done")
CHOOSE = Callback("sub:c", Str("question", NAME), Str("option", 16))
SHORTCUT = Callback("sub:s", Str("question", NAME), Str("shortcut", 8))
FILES_DONE = Callback("sub:ev:done")
REMOVE_FILE = Callback("sub:ev:rm", Int("id"))  # an attachment of the flow's innovation
BACK = Callback("sub:back")
SKIP = Callback("sub:skip")
EDIT = Callback("sub:edit", Str("question", NAME))
FULL = Callback("sub:full", Str("question", NAME))
INFO = Callback("sub:info", Str("question", NAME))  # ℹ️ under a question: what it means
CRITERIA = Callback("sub:crit")  # ℹ️ on the review screen: how it will be scored
SEND = Callback("sub:send")
SAVE = Callback("sub:save")
DELETE = Callback("sub:del")
WITHDRAW = Callback("sub:withdraw")
CONFIRM_DELETE = Callback("sub:delete", Bool("yes"))


EVIDENCE = "evidence"  # the files question (its attachments are a table of their own)


class Stale(Exception):
    """The innovation changed (or went) since this person last saw it."""


# --- small helpers --------------------------------------------------------------------------


async def _say(update: Update, text: str, markup: InlineKeyboardMarkup | None = None) -> None:
    """A reply in the person's chat (Telegram's answer, the sent message, is not read)."""
    message = update.effective_message
    assert message is not None
    with unparsed():
        await message.reply_text(text, reply_markup=markup)


def _button(text: str, data: str) -> InlineKeyboardButton:
    return InlineKeyboardButton(text, callback_data=data)


def _files_markup(texts: Catalog, lang: str, files: list[Attachment]) -> InlineKeyboardMarkup:
    """Under the evidence question: a 🗑 per file received (one sent by mistake is taken out
    again), then Selesai."""
    rows = [
        # A label is plain text (never HTML): the name and caption go in as they are.
        [_button(shorten(f"🗑 {number}. {file_label(texts, lang, attachment)}", 60),
                 REMOVE_FILE.data(attachment.id))]
        for number, attachment in enumerate(files, start=1)
    ]  # fmt: skip
    rows.append([_button(texts.text(lang, "button-done"), FILES_DONE.data())])
    return InlineKeyboardMarkup(rows)


async def _without_buttons(query: CallbackQuery) -> None:
    """The pressed message's buttons taken away (not an error when they are gone already)."""
    try:
        with unparsed():
            await query.edit_message_reply_markup(None)
    except BadRequest as exc:  # "message is not modified": a second press
        logger.debug("buttons not removed: %s", exc)


def _may_not_submit(caller: Caller) -> str | None:
    """Why this person may not submit (None: they may)."""
    if not caller.may(Action.SUBMIT):
        return "refused"
    if caller.member is None or caller.member.opd_id is None:
        return "no-opd"
    return None


class _Turn(NamedTuple):
    """Who is answering and where their flow stands, read first in an answer's transaction."""

    caller: Caller
    refused: bool  # may not submit (now): nothing else is read, nothing written
    row: ConversationState | None
    data: dict[str, Any]


async def _begin(
    session: AsyncSession, update: Update, context: BotContext, caller: Caller | None = None
) -> _Turn:
    row: ConversationState | None = None
    read = False
    if caller is None:  # who they are and where their flow stands: one statement
        member, row = await FLOW.member_and_row(session, update)
        caller, read = await identified_in(session, update, context, member), member is not None
    refused = _may_not_submit(caller) is not None
    if not refused and not read:
        row = await FLOW.row(session, update)
    return _Turn(caller, refused, row, dict(row.data) if row is not None else {})


async def _refused(update: Update, context: BotContext, caller: Caller) -> object:
    """They may not submit (any more): the flow ends, and they are told why."""
    async with context.services.database.transaction() as session:
        await FLOW.end(session, update)
    if _may_not_submit(caller) == "no-opd":
        await _say(update, context.services.texts.text(caller.lang, "sub-no-opd"))
    else:
        await refuse(update, context, caller, Action.SUBMIT)
    return END


async def _caller(update: Update, context: BotContext) -> Caller | None:
    caller = await identify(update, context)
    if _may_not_submit(caller) is not None:
        await _refused(update, context, caller)
        return None
    return caller


async def _in_flow(update: Update, context: BotContext) -> Caller | None:
    """Who wrote or pressed inside the flow, if they still may: submit at all and, once the
    flow is about an innovation, change that one (the policy is asked again on every update,
    because every screen of the flow shows the innovation: after a move to another OPD or a
    demotion, an old button shows nothing). Otherwise the flow ends and they are told."""
    caller = await _caller(update, context)
    if caller is None:
        return None
    async with context.services.database.transaction() as session:
        data = await FLOW.load(session, update)
        if not data.get("innovation_id"):
            return caller
        opd_id = await session.scalar(
            select(Innovation.opd_id).where(Innovation.id == int(data["innovation_id"]))
        )
        if opd_id is not None and caller.may(Action.EDIT_INNOVATION, opd_id=opd_id):
            return caller
        await FLOW.end(session, update)
    await _no_longer_yours(update, context, caller, int(data["innovation_id"]))
    return None


async def _no_longer_yours(
    update: Update, context: BotContext, caller: Caller, innovation_id: int
) -> None:
    """The flow's innovation is not this person's to change any more (moved, demoted): the
    flow has ended; they are told, and shown nothing of it."""
    logger.info(
        "submission flow of telegram user %s ended: innovation %s is not theirs to change",
        caller.telegram_id, innovation_id,
    )  # fmt: skip
    text = context.services.texts.text(caller.lang, "sub-no-longer-yours")
    query = update.callback_query
    if query is not None:
        try:
            await query.answer(text, show_alert=True)
            return
        except TelegramError:  # already acknowledged: say it in the chat instead
            pass
    await _say(update, text)


async def _answered(update: Update, context: BotContext) -> Caller | None:
    """A button press inside the flow, acknowledged, and who pressed it (if they still may)."""
    assert update.callback_query is not None
    caller = await _in_flow(update, context)
    if caller is not None:
        await update.callback_query.answer()
    return caller


async def _open(
    session: AsyncSession,
    data: dict[str, Any],
    caller: Caller,
    *,
    full: bool = True,
    pillars: bool = False,
) -> Innovation:
    """The innovation of this flow, as this person may change it: same version as they saw,
    still of their OPD, still editable (`full`: with what the review card shows: its OPD,
    pillars, files and verdicts; `pillars`: with its pillars)."""
    repository = InnovationRepository(session)
    innovation = await repository.row(int(data.get("innovation_id", 0)), pillars=full or pillars)
    if (
        innovation is None
        or innovation.version != data.get("version")
        or not caller.may(Action.EDIT_INNOVATION, opd_id=innovation.opd_id)
        or innovation.status not in EDITABLE
    ):
        raise Stale
    if full:  # what the review card shows (its OPD: the member's own, read with them)
        await repository.load(innovation, _NEEDS[Step.REVIEW])
    return innovation


async def _changed_elsewhere(update: Update, context: BotContext, caller: Caller) -> object:
    """The innovation is not as this person last saw it: if it is still theirs to change, tell
    them and carry on from the review screen with its current state; if it is no longer theirs
    (a move, a demotion), the flow ends and nothing of it is shown."""
    texts = context.services.texts
    not_yours = False
    async with context.services.database.transaction() as session:
        data = await FLOW.load(session, update)
        innovation = await InnovationRepository(session).get(int(data.get("innovation_id", 0)))
        if innovation is not None and not caller.may(
            Action.EDIT_INNOVATION, opd_id=innovation.opd_id
        ):
            not_yours = True
            await FLOW.end(session, update)
        elif innovation is None or innovation.status not in EDITABLE:
            await FLOW.end(session, update)
            innovation = None
        else:
            data.update(version=innovation.version, editing=None)
            await FLOW.save(session, update, Step.REVIEW, data)
    if not_yours:
        await _no_longer_yours(update, context, caller, int(data["innovation_id"]))
        return END
    await _say(update, texts.text(caller.lang, "sub-changed-elsewhere"))
    if innovation is None:
        return END
    await _show_review(update, context, caller, innovation)
    return Step.REVIEW


# --- entry ----------------------------------------------------------------------------------


async def new_innovation(update: Update, context: BotContext) -> object:
    texts = context.services.texts
    async with context.services.database.transaction() as session:
        caller, refused, row, _data = await _begin(session, update, context)
        if not refused:
            assert caller.member is not None
            draft = await InnovationRepository(session).latest_draft(caller.member)
            if draft is not None:
                state, data = Step.RESUME.value, {"draft_id": draft.id}
            else:
                state, data = FORM.first.name, {}
            await FLOW.save(session, update, state, data, row=row, looked=True)
    if refused:
        return await _refused(update, context, caller)
    if draft is not None:
        markup = InlineKeyboardMarkup(
            [
                [
                    _button(texts.text(caller.lang, "sub-button-resume"), RESUME.data(draft.id)),
                    _button(texts.text(caller.lang, "sub-button-fresh"), FRESH.data()),
                ]
            ]
        )
        await _say(update, texts.text(caller.lang, "sub-draft-exists", title=draft.title), markup)
        return Step.RESUME
    return await _ask(update, context, caller, FORM.first)


async def resume_or_fresh(update: Update, context: BotContext) -> object:
    query = update.callback_query
    assert query is not None
    caller = await _answered(update, context)
    if caller is None:
        return END
    resumed = RESUME.parse(query.data)
    if resumed is None:
        async with context.services.database.transaction() as session:
            await FLOW.save(session, update, FORM.first.name, {})
        return await _ask(update, context, caller, FORM.first)
    (draft_id,) = resumed
    return await _enter(update, context, caller, draft_id, resume=True)


async def edit_innovation(update: Update, context: BotContext) -> object:
    """/ubah N: the review screen of an editable innovation of the person's OPD."""
    caller = await require(update, context, Action.EDIT_INNOVATION)
    if caller is None:
        return END
    number = innovation_number(" ".join(context.args or []))
    if not isinstance(number, int):
        key = "view-no-such-number" if number is NumberProblem.TOO_LARGE else "view-usage"
        await _say(update, context.services.texts.text(caller.lang, key, command="/ubah"))
        return END
    return await _enter(update, context, caller, number, resume=False)


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
    return await _enter(update, context, caller, resumed[0], resume=True)


async def _enter(
    update: Update, context: BotContext, caller: Caller, innovation_id: int, *, resume: bool
) -> object:
    texts = context.services.texts
    lang = caller.lang
    async with context.services.database.transaction() as session:
        innovation = await InnovationRepository(session).get(innovation_id)
        allowed = innovation is not None and caller.may(
            Action.EDIT_INNOVATION, opd_id=innovation.opd_id
        )
        if innovation is None or not allowed or innovation.status not in EDITABLE:
            await FLOW.end(session, update)
        else:
            data = {"innovation_id": innovation.id, "version": innovation.version}
            next_step = _first_unanswered(innovation) if resume else None
            await FLOW.save(session, update, next_step.name if next_step else Step.REVIEW, data)
    if innovation is None or not allowed:
        if innovation is not None:
            await refuse(update, context, caller, Action.EDIT_INNOVATION)
        else:
            await _say(update, texts.text(lang, "sub-not-found", id=innovation_id))
        return END
    if innovation.status not in EDITABLE:
        await _say(
            update,
            texts.text(
                lang,
                "sub-not-editable",
                id=innovation.id,
                status=status_label(texts, lang, innovation.status),
            ),
        )
        return END
    if next_step is not None:
        return await _ask(update, context, caller, next_step, innovation=innovation)
    await _show_review(update, context, caller, innovation)
    return Step.REVIEW


def _first_unanswered(innovation: Innovation) -> Question | None:
    missing = FORM.missing(innovation)
    return missing[0] if missing else None


# --- moving on ------------------------------------------------------------------------------


@dataclass
class _Next:
    """Where an answer leads, with what showing it needs, loaded in the answer's transaction."""

    state: Question | Step
    innovation: Innovation | None = None  # with OPD, pillars, attachments (review, pillars)
    pillars: list[Pillar] | None = None  # for the pillars question


async def _advance(
    session: AsyncSession,
    update: Update,
    row: ConversationState | None,
    data: dict[str, Any],
    question: Question,
    *,
    innovation: Innovation | None = None,
) -> _Next:
    """After `question` was answered: the next question, or the review when one answer was
    being corrected or the form is done; saved as the flow's state in the caller's
    transaction (`innovation`: as already read in it, not read again)."""
    following = None if data.get("editing") else FORM.next(question.name)
    data["editing"] = None
    state: Question | Step = following or Step.REVIEW
    await FLOW.save(session, update, _state_name(state), data, row=row)
    return await _loaded(session, data, state, innovation=innovation)


def _state_name(state: Question | Step) -> str:
    return state.name if isinstance(state, Question) else state.value


# What showing a step needs of the innovation, beyond its own row.
_NEEDS: dict[Kind | Step, tuple[str, ...]] = {
    Step.REVIEW: ("opd", "pillars", "attachments", "evaluations"),
    Kind.MULTI_CHOICE: ("pillars",),
    Kind.FILES: ("attachments",),
}


async def _loaded(
    session: AsyncSession,
    data: dict[str, Any],
    state: Question | Step,
    *,
    innovation: Innovation | None = None,
) -> _Next:
    """`state` with what showing it needs, read in the caller's transaction: of `innovation`
    (the flow's, as already read in it, if given) only what is not loaded yet."""
    needs = _NEEDS.get(state.kind if isinstance(state, Question) else state, ())
    if not needs:
        return _Next(state)
    repository = InnovationRepository(session)
    if innovation is None:
        innovation = await repository.get(int(data.get("innovation_id", 0)))
    else:
        await repository.load(innovation, needs)
    multi = isinstance(state, Question) and state.kind is Kind.MULTI_CHOICE
    return _Next(state, innovation, await repository.known_pillars() if multi else None)


async def _present(
    update: Update, context: BotContext, caller: Caller, step: _Next, *, edit: bool = False
) -> object:
    """Show where the answer led (after the transaction: nothing is sent while it is open)."""
    if step.state is Step.REVIEW:
        if step.innovation is None:
            return END
        await _show_review(update, context, caller, step.innovation)
        return Step.REVIEW
    assert isinstance(step.state, Question)
    return await _ask(
        update, context, caller, step.state, innovation=step.innovation, pillars=step.pillars,
        edit=edit,
    )  # fmt: skip


# --- questions ------------------------------------------------------------------------------


async def _ask(
    update: Update,
    context: BotContext,
    caller: Caller,
    question: Question,
    *,
    innovation: Innovation | None = None,
    pillars: list[Pillar] | None = None,
    edit: bool = False,
    explained: bool = False,
) -> object:
    """Ask a question, with its buttons (a multi-choice with the innovation and the pillars as
    loaded by the caller, else it looks them up; `explained`: with what it means, asked for
    with ℹ️). Returns the question's state."""
    texts = context.services.texts
    lang = caller.lang
    rows: list[list[InlineKeyboardButton]] = []
    arguments: dict[str, Any] = dict(question.ask_arguments)
    name = question.name
    if question.kind is Kind.MULTI_CHOICE:
        if pillars is None or innovation is None:
            async with context.services.database.reading() as session:
                repository = InnovationRepository(session)
                pillars = await repository.known_pillars()
                if innovation is None:
                    data = await FLOW.load(session, update)
                    innovation = await repository.get(int(data.get("innovation_id", 0)))
        chosen = {p.id for p in innovation.pillars} if innovation else set()
        rows = [
            [_button(("☑️ " if p.id in chosen else "⬜ ") + p.name, PILLAR.data(p.id))]
            for p in pillars
        ]
        rows.append([_button(texts.text(lang, "button-done"), PILLARS_DONE.data())])
        names = [p.name for p in pillars if p.id in chosen]
        arguments["chosen"] = ", ".join(names) or texts.text(lang, "sub-none-chosen")
    elif question.kind is Kind.CHOICE:
        rows = [[_button(texts.text(lang, o.label_key), CHOOSE.data(name, o.code))
                 for o in question.options]]  # fmt: skip
    elif question.kind is Kind.FILES:
        if innovation is None:
            async with context.services.database.reading() as session:
                data = await FLOW.load(session, update)
                innovation = await InnovationRepository(session).get(
                    int(data.get("innovation_id", 0))
                )
        files = list(innovation.attachments) if innovation is not None else []
        rows = [list(row) for row in _files_markup(texts, lang, files).inline_keyboard]
    if question.shortcuts:
        rows.append([_button(texts.text(lang, s.label_key), SHORTCUT.data(name, s.code))
                     for s in question.shortcuts])  # fmt: skip
    if question.info and not explained:
        rows.append([_button(texts.text(lang, f"info-button-{name}"), INFO.data(name))])
    navigation = []
    if FORM.previous(name) is not None:
        navigation.append(_button(texts.text(lang, "button-back"), BACK.data()))
    if question.optional and question.kind is not Kind.FILES:
        navigation.append(_button(texts.text(lang, "button-skip"), SKIP.data()))
    if navigation:
        rows.append(navigation)
    asked = texts.text(lang, question.ask_key, **arguments)
    if explained:
        asked += "\n\n" + texts.text(lang, question.info_key)
    # Every question says how far the form goes, counted from the form's declaration.
    text = texts.text(
        lang, "sub-question", question=Html(asked), number=FORM.position(name), total=len(FORM)
    )
    markup = InlineKeyboardMarkup(rows) if rows else None
    query = update.callback_query
    if edit and query is not None:
        try:
            with unparsed():
                await query.edit_message_text(text, reply_markup=markup)
        except BadRequest as exc:  # "message is not modified" after a double press
            logger.debug("question not edited: %s", exc)
    else:
        await _say(update, text, markup)
    return name


async def _after_answer(
    update: Update, context: BotContext, caller: Caller, question: Question, data: dict[str, Any]
) -> object:
    """The next question, or back to the review when one answer was being corrected."""
    async with context.services.database.transaction() as session:
        step = await _advance(session, update, None, data, question)
    return await _present(update, context, caller, step)


async def _store(
    update: Update,
    context: BotContext,
    caller: Caller | None,
    question: Question,
    value: Any,
    *,
    acknowledge: bool = False,
) -> object:
    """Write one answer and move on, in one transaction: who is writing (unless known), the
    flow's row, the innovation as they saw it, the answer (an event with old and new value once
    the innovation was sent), and the next state. Then the next question, or the review."""
    return await _answer(
        update, context, caller, lambda _asked: (question, value), acknowledge=acknowledge
    )


async def _answer(
    update: Update,
    context: BotContext,
    caller: Caller | None,
    take: Callable[[Question], tuple[Question, Any]],
    *,
    acknowledge: bool = False,
) -> object:
    """``_store`` for an answer that depends on the question being answered: `take(asked)`
    gives the question and its value, or raises ``Invalid`` (nothing is written then). Nothing is
    sent while the transaction is open, and the transaction ends normally whatever is found
    (a rollback would expire what it loaded, the caller's membership included)."""
    services = context.services
    problem: Invalid | None = None
    step: _Next | None = None
    innovation: Innovation | None = None
    refused = stale = False
    try:
        async with services.database.transaction() as session:
            caller, refused, row, data = await _begin(session, update, context, caller)
            state = row.state if row is not None else None
            asked = FORM.get(state) or FORM.first
            try:
                question, value = take(asked)
                innovation = None if refused else await _open(session, data, caller, full=False)
            except Invalid as invalid:
                problem = invalid
            except Stale:
                stale = True
            if innovation is not None and problem is None:
                old = question.value(innovation)
                if old != value:
                    repository = InnovationRepository(session)
                    await repository.write(innovation, question.columns(value))
                    if innovation.status != Status.DRAFT:
                        await repository.log(
                            innovation, caller.member, "field_changed", field=question.name,
                            old_value=_text(old), new_value=_text(value),
                        )  # fmt: skip
                data["version"] = innovation.version
                step = await _advance(session, update, row, data, question, innovation=innovation)
    except StaleDataError:  # changed by someone else between our read and our write
        stale = True
    if refused:  # told in the button's own alert
        return await _refused(update, context, caller)
    if acknowledge and update.callback_query is not None:
        await update.callback_query.answer()  # the press, acknowledged before any reply
    if stale:
        return await _changed_elsewhere(update, context, caller)
    if problem is not None:
        await _say(update, services.texts.text(caller.lang, problem.key, **problem.arguments))
        return asked.name
    assert step is not None
    return await _present(update, context, caller, step)


def _text(value: Any) -> str | None:
    return None if value is None else str(value)


# --- answers --------------------------------------------------------------------------------


async def title_typed(update: Update, context: BotContext) -> object:
    """The title: checked, compared with the OPD's titles, and (for a new innovation) the draft
    created and the next question asked, in one transaction."""
    message = update.effective_message
    assert message is not None and message.text is not None
    texts = context.services.texts
    problem: Invalid | None = None
    same: Innovation | None = None
    step: _Next | None = None
    try:
        title = valid_title(message.text)
    except Invalid as invalid:
        problem, title = invalid, ""
    async with context.services.database.transaction() as session:
        caller, refused, row, data = await _begin(session, update, context)
        if not refused and problem is None:
            assert caller.member is not None
            repository = InnovationRepository(session)
            same = await repository.same_title(
                caller.member.opd_id or 0, title, data.get("innovation_id")
            )
            if same is not None and not data.get("duplicate_ok"):
                data.update(pending_title=title, duplicate_id=same.id)
                await FLOW.save(session, update, Step.DUPLICATE, data, row=row)
            else:
                same = None
                if not data.get("innovation_id"):
                    innovation = await repository.create_draft(caller.member, title)
                    data.update(innovation_id=innovation.id, version=innovation.version)
                    # New: no pillars, no files yet; nothing of it is read again.
                    step = await _advance(
                        session, update, row, data, FORM["title"], innovation=innovation
                    )
    if refused:
        return await _refused(update, context, caller)
    if problem is not None:
        await _say(update, texts.text(caller.lang, problem.key, **problem.arguments))
        return "title"
    if same is not None:
        lang = caller.lang
        markup = InlineKeyboardMarkup(
            [[_button(texts.text(lang, "sub-button-continue"), DUPLICATE.data("go")),
              _button(texts.text(lang, "sub-button-open-existing"), DUPLICATE.data("open"))]]
        )  # fmt: skip
        await _say(
            update,
            texts.text(lang, "sub-duplicate", id=same.id, title=same.title,
                       status=status_label(texts, lang, same.status)),
            markup,
        )  # fmt: skip
        return Step.DUPLICATE
    if step is not None:
        return await _present(update, context, caller, step)
    # A new title for an innovation that exists (going back, or correcting it): as any answer.
    return await _store(update, context, caller, FORM["title"], title)


async def _take_title(update: Update, context: BotContext, caller: Caller, title: str) -> object:
    async with context.services.database.transaction() as session:
        data = await FLOW.load(session, update)
        data.pop("pending_title", None)
        data.pop("duplicate_id", None)
        if data.get("innovation_id"):
            await FLOW.save(session, update, "title", data)
            create = False
        else:
            assert caller.member is not None
            innovation = await InnovationRepository(session).create_draft(caller.member, title)
            data.update(innovation_id=innovation.id, version=innovation.version)
            await FLOW.save(session, update, "title", data)
            create = True
    if create:
        return await _after_answer(update, context, caller, FORM["title"], data)
    return await _store(update, context, caller, FORM["title"], title)


async def duplicate_choice(update: Update, context: BotContext) -> object:
    query = update.callback_query
    assert query is not None
    caller = await _answered(update, context)
    if caller is None:
        return END
    async with context.services.database.transaction() as session:
        data = await FLOW.load(session, update)
    if DUPLICATE.parse(query.data) == ("open",):
        from conversations.innovations import show_innovation

        async with context.services.database.transaction() as session:
            await FLOW.end(session, update)
        await show_innovation(update, context, caller, int(data.get("duplicate_id", 0)))
        return END
    title = data.get("pending_title")
    if not title:
        async with context.services.database.transaction() as session:
            await FLOW.save(session, update, "title", data)
        return await _ask(update, context, caller, FORM["title"])
    return await _take_title(update, context, caller, title)


async def typed(update: Update, context: BotContext) -> object:
    """A typed answer: checked as the question asked says, stored, the next question asked."""
    message = update.effective_message
    assert message is not None and message.text is not None
    services = context.services
    text = message.text

    def take(asked: Question) -> tuple[Question, Any]:
        if asked.parse is None or not asked.typed:
            raise Invalid("sub-use-buttons")
        today = services.clock.now().astimezone(services.settings.tzinfo).date()
        return asked, asked.parse(text, today)

    return await _answer(update, context, None, take)


async def choice_pressed(update: Update, context: BotContext) -> object:
    """A choice's button, or a typed question's shortcut (the date's "this month"): answered
    at once, stored in one transaction with who pressed it."""
    query = update.callback_query
    assert query is not None
    answer: tuple[Question, Any] | None = None
    if (chosen := CHOOSE.parse(query.data)) is not None:
        question = FORM.get(chosen[0])
        option = question.option(chosen[1]) if question is not None else None
        if question is not None and option is not None:
            answer = (question, option.value)
    elif (shortcut := SHORTCUT.parse(query.data)) is not None:
        question = FORM.get(shortcut[0])
        found = question.shortcut(shortcut[1]) if question is not None else None
        if question is not None and found is not None:
            services = context.services
            today = services.clock.now().astimezone(services.settings.tzinfo).date()
            answer = (question, found.value(today))
    if answer is None:
        await stale_button(update, context)
        return None
    return await _store(update, context, None, *answer, acknowledge=True)


async def pillar_pressed(update: Update, context: BotContext) -> object:
    """A pillar switched on or off, or Selesai: one transaction with who pressed it."""
    query = update.callback_query
    assert query is not None
    texts = context.services.texts
    pressed = PILLAR.parse(query.data)
    choice = "done" if pressed is None else str(pressed[0])
    refused = stale = chosen = False
    step: _Next | None = None
    async with context.services.database.transaction() as session:
        caller, refused, row, data = await _begin(session, update, context)
        question = FORM.get(row.state if row is not None else None)
        try:
            innovation = (
                None if refused else await _open(session, data, caller, full=False, pillars=True)
            )  # its files are not needed here
        except Stale:
            stale = True
            innovation = None
        if question is None or question.kind is not Kind.MULTI_CHOICE:
            stale, innovation = True, None
        if innovation is not None and question is not None:
            repository = InnovationRepository(session)
            chosen = bool(innovation.pillars)
            if choice == "done":
                if chosen:
                    step = await _advance(
                        session, update, row, data, question, innovation=innovation
                    )
            else:
                pillars = await repository.known_pillars()
                known = next((p for p in pillars if str(p.id) == choice), None)
                if known is None:
                    stale = True
                else:
                    before = ", ".join(p.name for p in innovation.pillars)
                    await repository.toggle_pillar(innovation, known)
                    if innovation.status != Status.DRAFT:
                        await repository.log(
                            innovation, caller.member, "field_changed", field=question.name,
                            old_value=before,
                            new_value=", ".join(p.name for p in innovation.pillars),
                        )  # fmt: skip
                    data["version"] = innovation.version
                    await FLOW.save(session, update, question.name, data, row=row)
                    step = _Next(question, innovation, pillars)
    if refused:
        return await _refused(update, context, caller)
    if stale:
        await query.answer()
        return await _changed_elsewhere(update, context, caller)
    assert question is not None
    if choice == "done" and not chosen:
        await query.answer(texts.text(caller.lang, "sub-choose-pillar"), show_alert=True)
        return question.name
    await query.answer()
    assert step is not None
    if choice == "done":
        with unparsed():
            await query.edit_message_reply_markup(None)
        return await _present(update, context, caller, step)
    return await _present(update, context, caller, step, edit=True)


async def evidence_sent(update: Update, context: BotContext) -> object:
    caller = await _in_flow(update, context)
    if caller is None:
        return END
    message = update.effective_message
    assert message is not None
    texts = context.services.texts
    if message.photo:
        photo = message.photo[-1]
        evidence = EvidenceFile(
            "photo", photo.file_id, photo.file_unique_id, None, "image/jpeg", photo.file_size
        )
    else:
        document = message.document
        assert document is not None
        evidence = EvidenceFile(
            "document",
            document.file_id,
            document.file_unique_id,
            document.file_name,
            document.mime_type,
            document.file_size,
        )
    content = None  # a document's bytes, read for the check: the evidence store keeps them
    try:
        check_evidence(evidence)
        if evidence.kind == "document":  # a photo is one Telegram has made a JPEG of itself
            content = await _check_first_bytes(context, evidence)
    except Invalid as problem:
        await _say(update, texts.text(caller.lang, problem.key, **problem.arguments))
        return EVIDENCE
    try:
        async with context.services.database.transaction() as session:
            data = await FLOW.load(session, update)
            innovation = await _open(session, data, caller)
            attachment = None
            if len(innovation.attachments) >= MAX_EVIDENCE:
                count = None
            else:
                attachment = await InnovationRepository(session).add_attachment(
                    innovation, kind=evidence.kind, file_id=evidence.file_id,
                    file_unique_id=evidence.file_unique_id, file_name=evidence.file_name,
                    mime_type=evidence.mime_type, file_size=evidence.file_size,
                    caption=without_controls(message.caption or "").strip() or None,
                )  # fmt: skip
                innovation.updated_at = context.services.clock.now()
                await session.flush()
                count = len(innovation.attachments)
            files = list(innovation.attachments)
            data["version"] = innovation.version
            group = message.media_group_id
            status_message = (
                data.get("album", {}).get("message_id")
                if group and data.get("album", {}).get("group") == group
                else None
            )
            await FLOW.save(session, update, EVIDENCE, data)
    except Stale:
        return await _changed_elsewhere(update, context, caller)
    if attachment is not None:  # committed: the regency's copy is made in the background
        context.services.evidence.keep_soon(attachment.id, content)
    if count is None:
        await _say(update, texts.text(caller.lang, "sub-too-many-files", max=MAX_EVIDENCE))
        return EVIDENCE
    text = texts.text(caller.lang, "sub-evidence-received", count=count)
    markup = _files_markup(texts, caller.lang, files)
    if status_message is not None:
        # One album, one acknowledgement: edited as its photos arrive, not ten messages.
        try:
            await context.bot.edit_message_text(
                text, chat_id=message.chat_id, message_id=status_message, reply_markup=markup
            )
            return EVIDENCE
        except BadRequest as exc:
            logger.debug("album acknowledgement not edited: %s", exc)
    sent = await message.reply_text(text, reply_markup=markup)  # its id, for the album's edits
    if message.media_group_id:
        async with context.services.database.transaction() as session:
            data = await FLOW.load(session, update)
            data["album"] = {"group": message.media_group_id, "message_id": sent.message_id}
            await FLOW.save(session, update, EVIDENCE, data)
    return EVIDENCE


async def _check_first_bytes(context: BotContext, evidence: EvidenceFile) -> bytes:
    """The document's first bytes must be what its declared type begins with (a renamed
    program is not a PDF). Read through getFile; a file that cannot be read is not taken.
    Its bytes, for the evidence store."""
    try:
        telegram_file = await context.bot.get_file(evidence.file_id)
        content = bytes(await telegram_file.download_as_bytearray())
        head = content[:HEAD_BYTES]
    except TelegramError as exc:
        logger.warning("could not read evidence file %s: %s", evidence.file_unique_id, exc)
        raise Invalid("sub-file-unreadable") from None
    if not first_bytes_match(evidence.mime_type, head):
        logger.info(
            "evidence %s refused: declared %s, begins %r",
            evidence.file_unique_id, evidence.mime_type, head,
        )  # fmt: skip
        raise Invalid("sub-invalid-file-type")
    return content


async def file_removed(update: Update, context: BotContext) -> object:
    """🗑 under the evidence question: that file out of the innovation, in one transaction
    with who pressed it (the flow's innovation, as they saw it, still theirs to change)."""
    query = update.callback_query
    assert query is not None
    (attachment_id,) = REMOVE_FILE.parse(query.data) or (0,)
    texts = context.services.texts
    removed: Attachment | None = None
    stale = False
    async with context.services.database.transaction() as session:
        caller, refused, row, data = await _begin(session, update, context)
        if not refused:
            try:
                innovation = await _open(session, data, caller)
            except Stale:
                stale = True
            else:
                removed = next((a for a in innovation.attachments if a.id == attachment_id), None)
            if removed is not None:
                innovation.attachments.remove(removed)
                innovation.updated_at = context.services.clock.now()  # bumps the version
                if innovation.status != Status.DRAFT:
                    await InnovationRepository(session).log(
                        innovation, caller.member, "field_changed", field=EVIDENCE,
                        old_value=file_label(texts, "id", removed), new_value=None,
                    )  # fmt: skip
                await session.flush()
                data["version"] = innovation.version
                await FLOW.save(session, update, EVIDENCE, data, row=row)
                files = list(innovation.attachments)
    if refused:
        return await _refused(update, context, caller)
    if stale:
        await query.answer()
        return await _changed_elsewhere(update, context, caller)
    if removed is None:  # not a file of this innovation (gone already, or forged)
        await stale_button(update, context)
        return None
    await query.answer()
    lang = caller.lang
    text = texts.text(lang, "sub-file-removed", name=file_label(texts, lang, removed),
                      count=len(files))  # fmt: skip
    try:
        with unparsed():
            await query.edit_message_text(text, reply_markup=_files_markup(texts, lang, files))
    except BadRequest as exc:
        logger.debug("evidence message not edited: %s", exc)
        await _say(update, text, _files_markup(texts, lang, files))
    return EVIDENCE


async def evidence_done(update: Update, context: BotContext) -> object:
    query = update.callback_query
    assert query is not None
    async with context.services.database.transaction() as session:
        caller, refused, row, data = await _begin(session, update, context)
        stale = False
        if not refused:
            data.pop("album", None)
            try:
                # As they saw it; with its pillars for the review card, which comes next.
                innovation = await _open(session, data, caller, full=False, pillars=True)
            except Stale:
                stale = True
            else:
                step = await _advance(
                    session, update, row, data, FORM[EVIDENCE], innovation=innovation
                )
    if refused:
        return await _refused(update, context, caller)
    if stale:
        return await _changed_elsewhere(update, context, caller)
    await query.answer()
    return await _present(update, context, caller, step)


async def not_evidence(update: Update, context: BotContext) -> object:
    caller = await _in_flow(update, context)
    if caller is not None:
        await _say(update, context.services.texts.text(caller.lang, "sub-invalid-evidence"))
    return None if caller is not None else END


async def back_or_skip(update: Update, context: BotContext) -> object:
    query = update.callback_query
    assert query is not None
    if SKIP.matches(query.data):

        def skipped(asked: Question) -> tuple[Question, Any]:
            # Skipped: a question that may be left empty and holds one value (an old Lewati
            # pressed at the pillars or the files is a button of another question).
            if asked.required or asked.kind in (Kind.MULTI_CHOICE, Kind.FILES):
                raise Invalid("sub-use-buttons")
            return asked, None

        return await _answer(update, context, None, skipped, acknowledge=True)
    step: _Next | None = None
    async with context.services.database.transaction() as session:
        caller, refused, row, data = await _begin(session, update, context)
        question = FORM.get(row.state if row is not None else None)
        stale = False
        innovation: Innovation | None = None
        if question is not None and data.get("innovation_id"):
            try:
                innovation = await _open(session, data, caller, full=False)  # as they saw it
            except Stale:
                stale, question = True, None
        if question is not None and data.get("editing"):
            step = await _advance(session, update, row, data, question, innovation=innovation)
        elif question is not None and (previous := FORM.previous(question.name)) is not None:
            await FLOW.save(session, update, previous.name, data, row=row)
            step = await _loaded(session, data, previous, innovation=innovation)
    if refused:
        return await _refused(update, context, caller)
    if stale:
        return await _changed_elsewhere(update, context, caller)
    if question is None:
        await stale_button(update, context)
        return None
    await query.answer()
    if step is None:  # the first question: nothing before it
        return question.name
    return await _present(update, context, caller, step)


async def explain(update: Update, context: BotContext) -> object:
    """ℹ️ under a question: the same message, with what the question means (quick win, the
    stages), and its buttons still there. Only for the question being asked."""
    query = update.callback_query
    assert query is not None
    caller = await _in_flow(update, context)
    if caller is None:
        return END
    async with context.services.database.reading() as session:
        row = await FLOW.row(session, update)
    asked = FORM.get(row.state if row is not None else None)
    if asked is None or not asked.info or INFO.parse(query.data) != (asked.name,):
        await stale_button(update, context)
        return None
    await query.answer()
    return await _ask(update, context, caller, asked, edit=True, explained=True)


async def explain_criteria(update: Update, context: BotContext) -> object:
    """ℹ️ on the review screen: the five criteria a sent innovation is scored on."""
    query = update.callback_query
    assert query is not None
    caller = await _answered(update, context)
    if caller is None:
        return END
    await _say(update, context.services.texts.text(caller.lang, "info-criteria"))
    return None


async def please_use_buttons(update: Update, context: BotContext) -> object:
    caller = await _in_flow(update, context)
    if caller is not None:
        await use_the_buttons(update, context, caller.lang)
    return None if caller is not None else END


async def please_type(update: Update, context: BotContext) -> object:
    caller = await _in_flow(update, context)
    if caller is not None:
        await _say(update, context.services.texts.text(caller.lang, "please-type-text"))
    return None if caller is not None else END


async def edited_message(update: Update, context: BotContext) -> object:
    caller = await _caller(update, context)
    if caller is not None and update.edited_message is not None:
        await update.edited_message.reply_text(
            context.services.texts.text(caller.lang, "sub-edited-message")
        )
    return None


# --- the review screen ----------------------------------------------------------------------


async def _show_review(
    update: Update, context: BotContext, caller: Caller, innovation: Innovation
) -> None:
    texts = context.services.texts
    lang = caller.lang
    rows = [
        [_button(texts.text(lang, "sub-button-edit", label=texts.text(lang, q.label_key)),
                 EDIT.data(q.name)) for q in row]
        for row in FORM.review_rows()
    ]  # fmt: skip
    # Long answers come shortened (the card is one message however long they are), each with
    # a button to read it whole.
    full = [_button(texts.text(lang, "sub-button-full", label=texts.text(lang, q.label_key)),
                    FULL.data(q.name)) for q in shortened(texts, lang, innovation)]  # fmt: skip
    rows += [full[start : start + 2] for start in range(0, len(full), 2)]
    status = Status(innovation.status)
    if status in (Status.DRAFT, Status.REVISION_REQUESTED):
        rows.append([_button(texts.text(lang, "info-button-criteria"), CRITERIA.data())])
        rows.append([_button(texts.text(lang, "sub-button-send"), SEND.data())])
    if status is Status.DRAFT:
        rows.append([_button(texts.text(lang, "sub-button-save"), SAVE.data()),
                     _button(texts.text(lang, "sub-button-delete"), DELETE.data())])  # fmt: skip
    else:
        if can_withdraw(status):
            rows.append([_button(texts.text(lang, "sub-button-withdraw"), WITHDRAW.data())])
        rows.append([_button(texts.text(lang, "sub-button-close"), SAVE.data())])
    messages = render_record(texts, lang, innovation, short=True)
    for text in messages[:-1]:
        await _say(update, text)
    await _say(update, messages[-1], InlineKeyboardMarkup(rows))


async def _show_full(update: Update, context: BotContext, caller: Caller, name: str) -> object:
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
        await _say(update, text)
    return Step.REVIEW


async def review_pressed(update: Update, context: BotContext) -> object:
    query = update.callback_query
    assert query is not None
    if SEND.matches(query.data):
        return await _send(update, context)
    caller = await _in_flow(update, context)
    if caller is None:
        return END
    if (whole := FULL.parse(query.data)) is not None:
        return await _show_full(update, context, caller, whole[0])
    if (edited := EDIT.parse(query.data)) is not None:
        question = FORM.get(edited[0])
        if question is None:
            await stale_button(update, context)
            return None
        await query.answer()
        async with context.services.database.transaction() as session:
            data = await FLOW.load(session, update)
            data["editing"] = question.name
            await FLOW.save(session, update, question.name, data)
        # The card's buttons go (the card stays, as it was); a new card follows the answer.
        await _without_buttons(query)
        return await _ask(update, context, caller, question)
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
        await _say(update, texts.text(caller.lang, "sub-saved" if draft else "sub-closed"))
        return END
    if DELETE.matches(query.data):
        await query.answer()
        texts = context.services.texts
        async with context.services.database.transaction() as session:
            data = await FLOW.load(session, update)
            innovation = await InnovationRepository(session).get(int(data.get("innovation_id", 0)))
            await FLOW.save(session, update, Step.CONFIRM_DELETE, data)
        markup = InlineKeyboardMarkup(
            [[_button(texts.text(caller.lang, "button-yes"), CONFIRM_DELETE.data(True)),
              _button(texts.text(caller.lang, "button-no"), CONFIRM_DELETE.data(False))]]
        )  # fmt: skip
        title = innovation.title if innovation else "-"
        await _say(update, texts.text(caller.lang, "sub-confirm-delete", title=title), markup)
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
            caller, refused, _row, data = await _begin(session, update, context)
            try:
                innovation = None if refused else await _open(session, data, caller)
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
        return await _refused(update, context, caller)
    if stale:
        await query.answer()
        return await _changed_elsewhere(update, context, caller)
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
    await _say(
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
            innovation = await _open(session, data, caller)
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
        return await _changed_elsewhere(update, context, caller)
    await query.answer()
    with unparsed():
        await query.edit_message_reply_markup(None)
    texts = context.services.texts
    await _say(update, texts.text(caller.lang, "sub-withdrawn", id=innovation.id))
    await _show_review(update, context, caller, innovation)
    return Step.REVIEW


async def delete_confirmed(update: Update, context: BotContext) -> object:
    query = update.callback_query
    assert query is not None
    caller = await _answered(update, context)
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
        await _show_review(update, context, caller, innovation)
        return Step.REVIEW
    try:
        async with context.services.database.transaction() as session:
            data = await FLOW.load(session, update)
            innovation = await _open(session, data, caller)
            if innovation.status != Status.DRAFT:
                raise Stale
            await session.delete(innovation)
            await FLOW.end(session, update)
    except Stale:
        return await _changed_elsewhere(update, context, caller)
    with unparsed():
        await query.edit_message_text(texts.text(caller.lang, "sub-deleted"))
    return END


# --- leaving, timing out --------------------------------------------------------------------


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
    await _say(update, text)
    return END


async def timed_out(update: Update, context: BotContext) -> None:
    """The conversation was idle too long: it ends, the draft stays."""
    if update.effective_chat is None or update.effective_user is None:
        return
    async with context.services.database.transaction() as session:
        await FLOW.end(session, update)
    caller = await require(update, context, Action.USE_BOT)
    if caller is not None:
        try:
            await context.bot.send_message(
                update.effective_chat.id, context.services.texts.text(caller.lang, "sub-timed-out")
            )
        except (Forbidden, BadRequest) as exc:
            logger.info("could not tell about a timed-out draft: %s", exc)


def _handlers(question: Question, text: filters.BaseFilter, other: filters.BaseFilter) -> list[Any]:
    """A question's state: what it takes (`text`: typed text that is an answer), and what it
    says to anything else."""
    private = filters.ChatType.PRIVATE
    new = filters.UpdateType.MESSAGE
    evidence = private & new & (filters.PHOTO | filters.Document.ALL) & ~filters.ANIMATION
    # Back, skip, and ℹ️ where the question has an explanation.
    navigation: list[Any] = [CallbackQueryHandler(back_or_skip, pattern=any_of(BACK, SKIP))]
    if question.info:
        navigation.append(CallbackQueryHandler(explain, pattern=INFO.pattern))
    if question.kind is Kind.MULTI_CHOICE:
        return [
            CallbackQueryHandler(pillar_pressed, pattern=any_of(PILLAR, PILLARS_DONE)),
            *navigation,
            MessageHandler(text | other, please_use_buttons),
        ]
    if question.kind is Kind.CHOICE:
        return [
            CallbackQueryHandler(choice_pressed, pattern=CHOOSE.pattern),
            *navigation,
            MessageHandler(text | other, please_use_buttons),
        ]
    if question.kind is Kind.FILES:
        return [
            MessageHandler(evidence, evidence_sent),
            CallbackQueryHandler(evidence_done, pattern=FILES_DONE.pattern),
            CallbackQueryHandler(file_removed, pattern=REMOVE_FILE.pattern),
            *navigation,
            MessageHandler(text | other, not_evidence),
        ]
    # Typed: the first question (the title) is the one that makes the draft.
    take = title_typed if question is FORM.first else typed
    handlers: list[Any] = [MessageHandler(text, take)]
    if question.shortcuts:
        handlers.append(CallbackQueryHandler(choice_pressed, pattern=SHORTCUT.pattern))
    return [*handlers, *navigation, MessageHandler(other, please_type)]


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
    menu = filters.Text(menu_labels(texts))
    text = private & new & filters.TEXT & ~filters.COMMAND & ~menu
    other = private & new & ~filters.TEXT & ~filters.COMMAND & ~filters.StatusUpdate.ALL
    states: dict[object, list[Any]] = {
        Step.RESUME: [
            CallbackQueryHandler(resume_or_fresh, pattern=any_of(RESUME, FRESH)),
            MessageHandler(text | other, please_use_buttons),
        ],
        Step.DUPLICATE: [
            CallbackQueryHandler(duplicate_choice, pattern=DUPLICATE.pattern),
            MessageHandler(text | other, please_use_buttons),
        ],
        **{question.name: _handlers(question, text, other) for question in FORM},
        Step.REVIEW: [
            CallbackQueryHandler(
                review_pressed, pattern=any_of(EDIT, FULL, SEND, SAVE, DELETE, WITHDRAW)
            ),
            CallbackQueryHandler(explain_criteria, pattern=CRITERIA.pattern),
            MessageHandler(text | other, please_use_buttons),
        ],
        Step.CONFIRM_DELETE: [
            CallbackQueryHandler(delete_confirmed, pattern=CONFIRM_DELETE.pattern),
            MessageHandler(text | other, please_use_buttons),
        ],
        ConversationHandler.TIMEOUT: [TypeHandler(Update, timed_out)],
    }
    return conversation(
        FLOW.name,
        entry_points=[
            CommandHandler(command("baru").names, new_innovation, filters=private),
            CommandHandler(command("ubah").names, edit_innovation, filters=private),
            CallbackQueryHandler(resume_button, pattern=RESUME.pattern),
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
