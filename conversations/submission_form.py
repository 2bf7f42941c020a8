"""The submission's form, on the form engine (`conversations/flow.py`): its buttons, who may
go on, the title's draft and its duplicate check, the pillars, the files and the review card.
The ways in, what is decided from the card (📤 Kirim, ↩️ Tarik, 🗑 Hapus), /batal and the
handler's state table are `conversations/submission.py`.

Every answer is written to the innovation and the conversation's state in one transaction, with
an optimistic version check: someone else's change in between is shown, never overwritten.
"""

from __future__ import annotations

import enum
import logging
from datetime import timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession
from telegram import CallbackQuery, InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.error import BadRequest, TelegramError
from telegram.ext import CallbackQueryHandler, MessageHandler

from bot.core.formatting import shorten
from bot.core.policy import Action
from bot.core.textinput import without_controls
from bot.core.texts import Catalog
from bot.innovations.form import FORM, Kind, Question, file_label
from bot.innovations.rules import (
    EDITABLE,
    MAX_EVIDENCE,
    Invalid,
    can_withdraw,
    valid_title,
)
from bot.innovations.view import render_record, shortened, status_label
from bot.telegram.callbacks import Bool, Callback, Int, Str, any_of
from bot.telegram.context import BotContext
from bot.telegram.people import Caller, identified_in, identify, refuse
from bot.telegram.sending import unparsed
from conversations.common import (
    END,
    FlowStore,
    stale_button,
)
from conversations.flow import (
    Buttons,
    FormFlow,
    Inputs,
    Next,
    Stale,
    Turn,
    button,
    checked_file,
    edit_button,
    say,
    without_buttons,
)
from storage.models import Attachment, Innovation, Pillar, Status
from storage.repositories.innovations import InnovationRepository

logger = logging.getLogger(__name__)

FLOW = FlowStore("submission")
TIMEOUT = timedelta(hours=12)


class Step(enum.StrEnum):
    RESUME = "resume"
    DUPLICATE = "duplicate"
    REVIEW = "review"
    CONFIRM_DELETE = "confirm_delete"


# The flow's buttons: the form's (sub:c, sub:s, sub:back, sub:skip, sub:edit, sub:info), and its
# own.
BUTTONS = Buttons("sub")
SKIP, EDIT = BUTTONS.skip, BUTTONS.edit
FRESH = Callback("sub:fresh")
DUPLICATE = Callback("sub:dup", Str("choice", 4))  # go | open
PILLAR = Callback("sub:pil", Int("id", 6))
PILLARS_DONE = Callback("sub:pil:done")
FILES_DONE = Callback("sub:ev:done")
REMOVE_FILE = Callback("sub:ev:rm", Int("id"))  # an attachment of the flow's innovation
FULL = Callback("sub:full", Str("question", 24))
CRITERIA = Callback("sub:crit")  # ℹ️ on the review screen: how it will be scored
SEND = Callback("sub:send")
SAVE = Callback("sub:save")
DELETE = Callback("sub:del")
WITHDRAW = Callback("sub:withdraw")
CONFIRM_DELETE = Callback("sub:delete", Bool("yes"))


EVIDENCE = "evidence"  # the files question (its attachments are a table of their own)

# What showing a step needs of the innovation, beyond its own row.
_NEEDS: dict[Kind | Step, tuple[str, ...]] = {
    Step.REVIEW: ("opd", "pillars", "attachments", "evaluations"),
    Kind.MULTI_CHOICE: ("pillars",),
    Kind.FILES: ("attachments",),
}


def files_markup(texts: Catalog, lang: str, files: list[Attachment]) -> InlineKeyboardMarkup:
    """Under the evidence question: a 🗑 per file received (one sent by mistake is taken out
    again), then Selesai."""
    rows = [
        # A label is plain text (never HTML): the name and caption go in as they are.
        [button(shorten(f"🗑 {number}. {file_label(texts, lang, attachment)}", 60),
                REMOVE_FILE.data(attachment.id))]
        for number, attachment in enumerate(files, start=1)
    ]  # fmt: skip
    rows.append([button(texts.text(lang, "button-done"), FILES_DONE.data())])
    return InlineKeyboardMarkup(rows)


def may_not_submit(caller: Caller) -> str | None:
    """Why this person may not submit (None: they may)."""
    if not caller.may(Action.SUBMIT):
        return "refused"
    if caller.member is None or caller.member.opd_id is None:
        return "no-opd"
    return None


async def begin_turn(
    session: AsyncSession, update: Update, context: BotContext, caller: Caller | None = None
) -> Turn:
    """Who is answering and where their flow stands, read first in an answer's transaction."""
    row = None
    read = False
    if caller is None:  # who they are and where their flow stands: one statement
        member, row = await FLOW.member_and_row(session, update)
        caller, read = await identified_in(session, update, context, member), member is not None
    refused = may_not_submit(caller) is not None
    if not refused and not read:
        row = await FLOW.row(session, update)
    return Turn(caller, refused, row, dict(row.data) if row is not None else {})


async def say_refused(update: Update, context: BotContext, caller: Caller) -> object:
    """They may not submit (any more): the flow ends, and they are told why."""
    async with context.services.database.transaction() as session:
        await FLOW.end(session, update)
    if may_not_submit(caller) == "no-opd":
        await say(update, context.services.texts.text(caller.lang, "sub-no-opd"))
    else:
        await refuse(update, context, caller, Action.SUBMIT)
    return END


async def caller_of(update: Update, context: BotContext) -> Caller | None:
    caller = await identify(update, context)
    if may_not_submit(caller) is not None:
        await say_refused(update, context, caller)
        return None
    return caller


async def in_flow(update: Update, context: BotContext) -> Caller | None:
    """Who wrote or pressed inside the flow, if they still may: submit at all and, once the
    flow is about an innovation, change that one (the policy is asked again on every update,
    because every screen of the flow shows the innovation: after a move to another OPD or a
    demotion, an old button shows nothing). Otherwise the flow ends and they are told."""
    caller = await caller_of(update, context)
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
    await no_longer_yours(update, context, caller, int(data["innovation_id"]))
    return None


async def no_longer_yours(
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
    await say(update, text)


async def answered_turn(update: Update, context: BotContext) -> Caller | None:
    """A button press inside the flow, acknowledged, and who pressed it (if they still may)."""
    assert update.callback_query is not None
    caller = await in_flow(update, context)
    if caller is not None:
        await update.callback_query.answer()
    return caller


async def open_innovation(
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


async def changed_elsewhere(update: Update, context: BotContext, caller: Caller) -> object:
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
        await no_longer_yours(update, context, caller, int(data["innovation_id"]))
        return END
    await say(update, texts.text(caller.lang, "sub-changed-elsewhere"))
    if innovation is None:
        return END
    await show_review(update, context, caller, innovation)
    return Step.REVIEW


def typed_text(value: Any) -> str | None:
    return None if value is None else str(value)


class SubmissionFlow(FormFlow):
    """The form engine with the submission's own: the innovation (as they saw it) is what the
    answers are written to, a change of a sent one is logged, the pillars and the files."""

    form = FORM
    store = FLOW
    buttons = BUTTONS
    timeout_key = "sub-timed-out"
    review = walk_end = Step.REVIEW

    async def begin(
        self, session: AsyncSession, update: Update, context: BotContext, caller: Caller | None
    ) -> Turn:
        return await begin_turn(session, update, context, caller)

    async def open(self, session: AsyncSession, turn: Turn) -> Innovation | None:
        if not turn.data.get("innovation_id"):  # the title not given yet: nothing to open
            return None
        return await open_innovation(session, turn.data, turn.caller, full=False)

    async def write(
        self, session: AsyncSession, turn: Turn, target: Any, question: Question, value: Any
    ) -> None:
        """The answer (an event with old and new value once the innovation was sent)."""
        innovation: Innovation = target
        old = question.value(innovation)
        if old != value:
            repository = InnovationRepository(session)
            await repository.write(innovation, question.columns(value))
            if innovation.status != Status.DRAFT:
                await repository.log(
                    innovation, turn.caller.member, "field_changed", field=question.name,
                    old_value=typed_text(old), new_value=typed_text(value),
                )  # fmt: skip
        turn.data["version"] = innovation.version

    async def prepare(self, session: AsyncSession, turn: Turn, state: str, target: Any) -> Next:
        """`state` with what showing it needs, read in the caller's transaction: of the
        innovation (as already read in it, if given) only what is not loaded yet."""
        question = FORM.get(state)
        needs = _NEEDS.get(question.kind if question is not None else Step(state), ())
        if not needs:
            return Next(state)
        repository = InnovationRepository(session)
        if target is None:
            target = await repository.get(int(turn.data.get("innovation_id", 0)))
        else:
            await repository.load(target, needs)
        multi = question is not None and question.kind is Kind.MULTI_CHOICE
        return Next(state, target, await repository.known_pillars() if multi else None)

    async def present(
        self, update: Update, context: BotContext, turn: Turn, step: Next, *, edit: bool = False
    ) -> object:
        """Show where the answer led (after the transaction: nothing is sent while it is open)."""
        if step.state == Step.REVIEW:
            if step.target is None:
                return END
            await show_review(update, context, turn.caller, step.target)
            return Step.REVIEW
        return await self.ask_question(
            update, context, turn.caller, FORM[step.state], step.target, pillars=step.extra,
            edit=edit,
        )  # fmt: skip

    async def refused(self, update: Update, context: BotContext, turn: Turn) -> object:
        return await say_refused(update, context, turn.caller)

    async def changed(
        self, update: Update, context: BotContext, turn: Turn, *, acknowledge: bool = False
    ) -> object:
        if acknowledge and update.callback_query is not None:
            await update.callback_query.answer()
        return await changed_elsewhere(update, context, turn.caller)

    async def in_flow(self, update: Update, context: BotContext) -> Caller | None:
        return await in_flow(update, context)

    def leave_review(self, query: CallbackQuery) -> Any:
        # The card's buttons go (the card stays, as it was); a new card follows the answer.
        return without_buttons(query)

    async def ask_question(
        self, update: Update, context: BotContext, caller: Caller, question: Question,
        target: Any = None, *, pillars: list[Pillar] | None = None, **how: Any,
    ) -> object:  # fmt: skip
        """The pillars with the innovation's chosen (as loaded by the caller, else looked up),
        the files received with a 🗑 each; any other question as the engine asks it."""
        texts = context.services.texts
        lang = caller.lang
        innovation: Innovation | None = target
        rows: list[list[InlineKeyboardButton]] = []
        arguments: dict[str, Any] = {}
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
                [button(("☑️ " if p.id in chosen else "⬜ ") + p.name, PILLAR.data(p.id))]
                for p in pillars
            ]
            rows.append([button(texts.text(lang, "button-done"), PILLARS_DONE.data())])
            names = [p.name for p in pillars if p.id in chosen]
            arguments["chosen"] = ", ".join(names) or texts.text(lang, "sub-none-chosen")
        elif question.kind is Kind.FILES:
            if innovation is None:
                async with context.services.database.reading() as session:
                    data = await FLOW.load(session, update)
                    innovation = await InnovationRepository(session).get(
                        int(data.get("innovation_id", 0))
                    )
            files = list(innovation.attachments) if innovation is not None else []
            rows = [list(row) for row in files_markup(texts, lang, files).inline_keyboard]
        return await self.ask(
            update, context, lang, question, innovation, rows=rows, arguments=arguments, **how
        )

    def own_handlers(self, question: Question, given: Inputs) -> list[Any] | None:
        if question.kind is Kind.MULTI_CHOICE:
            return [
                CallbackQueryHandler(pillar_pressed, pattern=any_of(PILLAR, PILLARS_DONE)),
                MessageHandler(given.text | given.other, self.told("sub-use-buttons")),
            ]
        if question.kind is Kind.FILES:
            return [
                MessageHandler(given.files, evidence_sent),
                CallbackQueryHandler(evidence_done, pattern=FILES_DONE.pattern),
                CallbackQueryHandler(file_removed, pattern=REMOVE_FILE.pattern),
                MessageHandler(given.text | given.other, self.told("sub-invalid-evidence")),
            ]
        return None

    def typed_handler(self, question: Question) -> Any:
        # The first question (the title) is the one that makes the draft.
        return title_typed if question is FORM.first else self.typed


SUBMISSION = SubmissionFlow()
ask_question = SUBMISSION.ask_question


# --- entry ----------------------------------------------------------------------------------


async def enter(
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
            next_step = first_unanswered(innovation) if resume else None
            await FLOW.save(session, update, next_step.name if next_step else Step.REVIEW, data)
    if innovation is None or not allowed:
        if innovation is not None:
            await refuse(update, context, caller, Action.EDIT_INNOVATION)
        else:
            await say(update, texts.text(lang, "sub-not-found", id=innovation_id))
        return END
    if innovation.status not in EDITABLE:
        await say(
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
        return await ask_question(update, context, caller, next_step, innovation)
    await show_review(update, context, caller, innovation)
    return Step.REVIEW


def first_unanswered(innovation: Innovation) -> Question | None:
    missing = FORM.missing(innovation)
    return missing[0] if missing else None


# --- the title: the draft made, its duplicates --------------------------------------------------


async def store_answer(
    update: Update, context: BotContext, caller: Caller, question: Question, value: Any
) -> object:
    """One answer written, and on (as the engine writes any)."""
    return await SUBMISSION.answer(update, context, lambda _asked: (question, value), caller=caller)


async def title_typed(update: Update, context: BotContext) -> object:
    """The title: checked, compared with the OPD's titles, and (for a new innovation) the draft
    created and the next question asked, in one transaction."""
    message = update.effective_message
    assert message is not None and message.text is not None
    texts = context.services.texts
    problem: Invalid | None = None
    same: Innovation | None = None
    step: Next | None = None
    try:
        title = valid_title(message.text)
    except Invalid as invalid:
        problem, title = invalid, ""
    async with context.services.database.transaction() as session:
        turn = await begin_turn(session, update, context)
        caller, data = turn.caller, turn.data
        if not turn.refused and problem is None:
            assert caller.member is not None
            repository = InnovationRepository(session)
            same = await repository.same_title(
                caller.member.opd_id or 0, title, data.get("innovation_id")
            )
            if same is not None and not data.get("duplicate_ok"):
                data.update(pending_title=title, duplicate_id=same.id)
                await FLOW.save(session, update, Step.DUPLICATE, data, row=turn.row)
            else:
                same = None
                if not data.get("innovation_id"):
                    innovation = await repository.create_draft(caller.member, title)
                    data.update(innovation_id=innovation.id, version=innovation.version)
                    # New: no pillars, no files yet; nothing of it is read again.
                    step = await SUBMISSION.advance(
                        session, update, turn, FORM["title"], innovation
                    )
    if turn.refused:
        return await say_refused(update, context, caller)
    if problem is not None:
        await say(update, texts.text(caller.lang, problem.key, **problem.arguments))
        return "title"
    if same is not None:
        lang = caller.lang
        markup = InlineKeyboardMarkup(
            [[button(texts.text(lang, "sub-button-continue"), DUPLICATE.data("go")),
              button(texts.text(lang, "sub-button-open-existing"), DUPLICATE.data("open"))]]
        )  # fmt: skip
        await say(
            update,
            texts.text(lang, "sub-duplicate", id=same.id, title=same.title,
                       status=status_label(texts, lang, same.status)),
            markup,
        )  # fmt: skip
        return Step.DUPLICATE
    if step is not None:
        return await SUBMISSION.present(update, context, turn, step)
    # A new title for an innovation that exists (going back, or correcting it): as any answer.
    return await store_answer(update, context, caller, FORM["title"], title)


async def take_title(update: Update, context: BotContext, caller: Caller, title: str) -> object:
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
    if not create:
        return await store_answer(update, context, caller, FORM["title"], title)
    turn = Turn(caller, False, None, data)
    async with context.services.database.transaction() as session:
        step = await SUBMISSION.advance(session, update, turn, FORM["title"], None)
    return await SUBMISSION.present(update, context, turn, step)


# --- the pillars and the files: the form's kinds of its own -------------------------------------


async def pillar_pressed(update: Update, context: BotContext) -> object:
    """A pillar switched on or off, or Selesai: one transaction with who pressed it."""
    query = update.callback_query
    assert query is not None
    texts = context.services.texts
    pressed = PILLAR.parse(query.data)
    choice = "done" if pressed is None else str(pressed[0])
    stale = chosen = False
    step: Next | None = None
    async with context.services.database.transaction() as session:
        turn = await begin_turn(session, update, context)
        caller, data = turn.caller, turn.data
        question = FORM.get(turn.state)
        try:
            innovation = (
                None
                if turn.refused
                else await open_innovation(session, data, caller, full=False, pillars=True)
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
                    step = await SUBMISSION.advance(session, update, turn, question, innovation)
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
                    await FLOW.save(session, update, question.name, data, row=turn.row)
                    step = Next(question.name, innovation, pillars)
    if turn.refused:
        return await say_refused(update, context, caller)
    if stale:
        await query.answer()
        return await changed_elsewhere(update, context, caller)
    assert question is not None
    if choice == "done" and not chosen:
        await query.answer(texts.text(caller.lang, "sub-choose-pillar"), show_alert=True)
        return question.name
    await query.answer()
    assert step is not None
    if choice == "done":
        with unparsed():
            await query.edit_message_reply_markup(None)
        return await SUBMISSION.present(update, context, turn, step)
    return await SUBMISSION.present(update, context, turn, step, edit=True)


async def evidence_sent(update: Update, context: BotContext) -> object:
    caller = await in_flow(update, context)
    if caller is None:
        return END
    message = update.effective_message
    assert message is not None
    texts = context.services.texts
    try:
        # A document's bytes, read for the check: the evidence store keeps them.
        evidence, content = await checked_file(context, message)
    except Invalid as problem:
        await say(update, texts.text(caller.lang, problem.key, **problem.arguments))
        return EVIDENCE
    try:
        async with context.services.database.transaction() as session:
            data = await FLOW.load(session, update)
            innovation = await open_innovation(session, data, caller)
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
        return await changed_elsewhere(update, context, caller)
    if attachment is not None:  # committed: the regency's copy is made in the background
        context.services.evidence.keep_soon(attachment.id, content)
    if count is None:
        await say(update, texts.text(caller.lang, "sub-too-many-files", max=MAX_EVIDENCE))
        return EVIDENCE
    text = texts.text(caller.lang, "sub-evidence-received", count=count)
    markup = files_markup(texts, caller.lang, files)
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
        turn = await begin_turn(session, update, context)
        caller, data = turn.caller, turn.data
        if not turn.refused:
            try:
                innovation = await open_innovation(session, data, caller)
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
                await FLOW.save(session, update, EVIDENCE, data, row=turn.row)
                files = list(innovation.attachments)
    if turn.refused:
        return await say_refused(update, context, caller)
    if stale:
        await query.answer()
        return await changed_elsewhere(update, context, caller)
    if removed is None:  # not a file of this innovation (gone already, or forged)
        await stale_button(update, context)
        return None
    await query.answer()
    lang = caller.lang
    text = texts.text(lang, "sub-file-removed", name=file_label(texts, lang, removed),
                      count=len(files))  # fmt: skip
    try:
        with unparsed():
            await query.edit_message_text(text, reply_markup=files_markup(texts, lang, files))
    except BadRequest as exc:
        logger.debug("evidence message not edited: %s", exc)
        await say(update, text, files_markup(texts, lang, files))
    return EVIDENCE


async def evidence_done(update: Update, context: BotContext) -> object:
    query = update.callback_query
    assert query is not None
    stale = False
    async with context.services.database.transaction() as session:
        turn = await begin_turn(session, update, context)
        if not turn.refused:
            turn.data.pop("album", None)
            try:
                # As they saw it; with its pillars for the review card, which comes next.
                innovation = await open_innovation(
                    session, turn.data, turn.caller, full=False, pillars=True
                )
            except Stale:
                stale = True
            else:
                step = await SUBMISSION.advance(session, update, turn, FORM[EVIDENCE], innovation)
    if turn.refused:
        return await say_refused(update, context, turn.caller)
    if stale:
        return await changed_elsewhere(update, context, turn.caller)
    await query.answer()
    return await SUBMISSION.present(update, context, turn, step)


# --- the review screen ----------------------------------------------------------------------


async def show_review(
    update: Update, context: BotContext, caller: Caller, innovation: Innovation
) -> None:
    texts = context.services.texts
    lang = caller.lang
    rows = [[edit_button(texts, lang, BUTTONS, q) for q in row] for row in FORM.review_rows()]
    # Long answers come shortened (the card is one message however long they are), each with
    # a button to read it whole.
    full = [button(texts.text(lang, "sub-button-full", label=texts.text(lang, q.label_key)),
                    FULL.data(q.name)) for q in shortened(texts, lang, innovation)]  # fmt: skip
    rows += [full[start : start + 2] for start in range(0, len(full), 2)]
    status = Status(innovation.status)
    if status in (Status.DRAFT, Status.REVISION_REQUESTED):
        rows.append([button(texts.text(lang, "info-button-criteria"), CRITERIA.data())])
        rows.append([button(texts.text(lang, "sub-button-send"), SEND.data())])
    if status is Status.DRAFT:
        rows.append([button(texts.text(lang, "sub-button-save"), SAVE.data()),
                     button(texts.text(lang, "sub-button-delete"), DELETE.data())])  # fmt: skip
    else:
        if can_withdraw(status):
            rows.append([button(texts.text(lang, "sub-button-withdraw"), WITHDRAW.data())])
        rows.append([button(texts.text(lang, "sub-button-close"), SAVE.data())])
    messages = render_record(texts, lang, innovation, short=True)
    for text in messages[:-1]:
        await say(update, text)
    await say(update, messages[-1], InlineKeyboardMarkup(rows))


# --- leaving, timing out --------------------------------------------------------------------


