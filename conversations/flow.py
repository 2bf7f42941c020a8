"""One engine for the bot's forms: a flow is a declaration (a `Form` of questions, a button
prefix, a `FlowStore`) and a few hooks for what is truly its own; the moves are written here,
once, for every form:

    ask       a question with its keyboard: choices (paged), shortcuts, ℹ️, ⬅️ Kembali, Lewati
    typed     a typed answer, parsed as its question declares
    choose    a choice's button, or a typed question's shortcut
    skip      Lewati (empties an optional answer, or keeps any answer: `skip_keeps`)
    back      ⬅️ Kembali to the question before
    edit      ✏️ on the review screen: that question, then back to the review
    explain   ℹ️ under a question: what it means, in place
    page      ⬅️ ➡️ of a choice of many options
    told      "use the buttons", "please type", "send a file": the answers to what is not one
    answer    the transaction every answer is: who, where the flow stands, what it writes to
              (as they saw it), the answer, the next state; nothing sent while it is open

A flow subclasses `FormFlow` and gives: `begin` (who, the flow's row, may they still), `open`
(what the answers are written to, as they saw it, or `Stale`), `write` (one answer), `prepare`
and `present` (what a state shows), `refused` and `changed` (the flow is over for them, the
thing changed elsewhere). `states` makes the ConversationHandler's states of every question.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import date
from typing import Any, NamedTuple

from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm.exc import StaleDataError
from telegram import CallbackQuery, InlineKeyboardButton, InlineKeyboardMarkup, Message, Update
from telegram.error import BadRequest, TelegramError
from telegram.ext import (
    BaseHandler,
    CallbackQueryHandler,
    ConversationHandler,
    MessageHandler,
    TypeHandler,
    filters,
)

from bot.core.texts import Catalog, Html
from bot.innovations.form import Form, Kind, Question
from bot.innovations.rules import (
    HEAD_BYTES,
    EvidenceFile,
    Invalid,
    check_evidence,
    first_bytes_match,
)
from bot.telegram.callbacks import Callback, Int, Str
from bot.telegram.context import BotContext
from bot.telegram.menu import menu_labels
from bot.telegram.people import Caller
from bot.telegram.sending import unparsed
from conversations.common import (
    END,
    FlowStore,
    evidence_file,
    flow_timed_out,
    stale_button,
)
from storage.models import ConversationState

logger = logging.getLogger(__name__)

KEEP = object()  # Lewati where it keeps the answer as it was
Handler = Callable[[Update, BotContext], Awaitable[object]]


class Stale(Exception):
    """What the flow writes to changed (or went) since this person last saw it."""


@dataclass
class Turn:
    """Who is answering and where their flow stands, read first in an answer's transaction
    (`refused`: they may not go on; nothing else is read, nothing written)."""

    caller: Caller
    refused: bool
    row: ConversationState | None
    data: dict[str, Any]
    subject: Any = None  # what the flow is about, as `begin` found it

    @property
    def state(self) -> str | None:
        return self.row.state if self.row is not None else None


@dataclass
class Next:
    """Where an answer leads, with what showing it needs, loaded in the answer's transaction."""

    state: str
    target: Any = None
    extra: Any = None


class Inputs(NamedTuple):
    """What a person sends, sorted: typed text that can be an answer (not a command, not a
    main-menu button: those go on to their own handlers), anything else, and files."""

    text: filters.BaseFilter
    other: filters.BaseFilter
    files: filters.BaseFilter


def inputs(texts: Catalog) -> Inputs:
    private = filters.ChatType.PRIVATE
    new = filters.UpdateType.MESSAGE
    menu = filters.Text(menu_labels(texts))
    return Inputs(
        private & new & filters.TEXT & ~filters.COMMAND & ~menu,
        private & new & ~filters.TEXT & ~filters.COMMAND & ~filters.StatusUpdate.ALL,
        private & new & (filters.PHOTO | filters.Document.ALL) & ~filters.ANIMATION,
    )


class Buttons:
    """The buttons every form has, under the flow's prefix (a question's name, at most 24
    characters, is in their data)."""

    def __init__(self, prefix: str) -> None:
        self.prefix = prefix
        self.choose = Callback(f"{prefix}:c", Str("question", 24), Str("option", 16))
        self.shortcut = Callback(f"{prefix}:s", Str("question", 24), Str("shortcut", 8))
        self.page = Callback(f"{prefix}:pg", Str("question", 24), Int("page", 3))
        self.skip = Callback(f"{prefix}:skip")
        self.back = Callback(f"{prefix}:back")
        self.edit = Callback(f"{prefix}:edit", Str("question", 24))
        self.info = Callback(f"{prefix}:info", Str("question", 24))


def button(text: str, data: str) -> InlineKeyboardButton:
    return InlineKeyboardButton(text, callback_data=data)


async def say(update: Update, text: str, markup: InlineKeyboardMarkup | None = None) -> None:
    """A reply in the person's chat (Telegram's answer, the sent message, is not read)."""
    message = update.effective_message
    assert message is not None
    with unparsed():
        await message.reply_text(text, reply_markup=markup)


async def show(
    update: Update, text: str, markup: InlineKeyboardMarkup | None, *, edit: bool = False
) -> None:
    """A screen: in place of the pressed message (`edit`), else anew."""
    query = update.callback_query
    if edit and query is not None:
        try:
            with unparsed():
                await query.edit_message_text(text, reply_markup=markup)
        except BadRequest as exc:  # "message is not modified" after a double press
            logger.debug("screen not edited: %s", exc)
        return
    await say(update, text, markup)


async def without_buttons(query: CallbackQuery) -> None:
    """The pressed message's buttons taken away (not an error when they are gone already)."""
    try:
        with unparsed():
            await query.edit_message_reply_markup(None)
    except BadRequest as exc:  # "message is not modified": a second press
        logger.debug("buttons not removed: %s", exc)


def today(context: BotContext) -> date:
    services = context.services
    return services.clock.now().astimezone(services.settings.tzinfo).date()


def shown_or_empty(texts: Catalog, lang: str, question: Question, target: Any) -> str:
    """An answer as a person reads it, or "—"."""
    value = question.shown(texts, lang, target) if target is not None else None
    return str(value) if value not in (None, "") else texts.text(lang, "sub-empty")


def edit_button(texts: Catalog, lang: str, buttons: Buttons, question: Question) -> Any:
    label = texts.text(lang, "sub-button-edit", label=texts.text(lang, question.label_key))
    return button(label, buttons.edit.data(question.name))


async def checked_file(context: BotContext, message: Message) -> tuple[EvidenceFile, bytes | None]:
    """A photo or document sent as evidence, checked (its size and type; a document's first
    bytes must be what its declared type begins with: a renamed program is not a PDF), with a
    document's bytes for the evidence store. ``Invalid`` when it is not taken."""
    evidence = evidence_file(message)
    check_evidence(evidence)
    if evidence.kind != "document":  # a photo is one Telegram has made a JPEG of itself
        return evidence, None
    try:
        telegram_file = await context.bot.get_file(evidence.file_id)
        content = bytes(await telegram_file.download_as_bytearray())
    except TelegramError as exc:
        logger.warning("could not read evidence file %s: %s", evidence.file_unique_id, exc)
        raise Invalid("sub-file-unreadable") from None
    if not first_bytes_match(evidence.mime_type, content[:HEAD_BYTES]):
        logger.info(
            "evidence %s refused: declared %s, begins %r",
            evidence.file_unique_id, evidence.mime_type, content[:HEAD_BYTES],
        )  # fmt: skip
        raise Invalid("sub-invalid-file-type")
    return evidence, content


class FormFlow:
    """The engine: a subclass declares its form and fills in the hooks."""

    form: Form
    store: FlowStore
    buttons: Buttons
    timeout_key: str
    review: str  # the state a corrected answer returns to
    walk_end: str  # where the last question leads when the form is walked through
    back = True  # ⬅️ Kembali under every question after the first
    skip_keeps = False  # Lewati keeps the answer (any question) or empties it (optional ones)
    choices_in_a_row = True  # a choice's buttons side by side, or one a row
    numbered = True  # every question says how far the form goes
    any_question = True  # a choice's button answers the question it names, or only the asked
    now_key = ""  # under a question: its current answer
    page_key = "iid-page"  # under a paged choice: which page

    # --- hooks: what is each flow's own -------------------------------------------------------

    async def begin(
        self, session: AsyncSession, update: Update, context: BotContext, caller: Caller | None
    ) -> Turn:
        raise NotImplementedError

    async def open(self, session: AsyncSession, turn: Turn) -> Any:
        """What the answers are written to, as this person saw it (None or ``Stale``: not)."""
        raise NotImplementedError

    def check(self, question: Question, value: Any, target: Any) -> None:
        """An answer checked against the others (raises ``Invalid``)."""

    async def write(
        self, session: AsyncSession, turn: Turn, target: Any, question: Question, value: Any
    ) -> None:
        raise NotImplementedError

    async def prepare(self, session: AsyncSession, turn: Turn, state: str, target: Any) -> Next:
        """What showing `state` needs, read in the answer's transaction."""
        return Next(state, target)

    async def present(
        self, update: Update, context: BotContext, turn: Turn, step: Next, *, edit: bool = False
    ) -> object:
        """Show where the answer led (after the transaction)."""
        raise NotImplementedError

    async def refused(self, update: Update, context: BotContext, turn: Turn) -> object:
        raise NotImplementedError

    async def changed(
        self, update: Update, context: BotContext, turn: Turn, *, acknowledge: bool = False
    ) -> object:
        """What the flow writes to is not as they saw it, or the button is not of this step."""
        await stale_button(update, context)
        return None

    async def in_flow(self, update: Update, context: BotContext) -> Caller | None:
        """Who wrote or pressed, if they may still go on (else the flow ends, they are told)."""
        async with context.services.database.transaction() as session:
            turn = await self.begin(session, update, context, None)
        if turn.refused:
            await self.refused(update, context, turn)
            return None
        return turn.caller

    async def ask_question(
        self, update: Update, context: BotContext, caller: Caller, question: Question,
        target: Any = None, **how: Any,
    ) -> object:  # fmt: skip
        """Ask `question` (a flow adds buttons of its own kinds here)."""
        return await self.ask(update, context, caller.lang, question, target, **how)

    def parse(self, question: Question, text: str, on: date) -> Any:
        return question.parse(text, on) if question.parse is not None else None

    def walking(self, data: dict[str, Any]) -> bool:
        """Through the form question by question, or correcting one answer from the review."""
        return not data.get("editing")

    def leave_review(self, query: CallbackQuery) -> Awaitable[None] | None:
        """✏️ pressed: what becomes of the review screen (it stays as it is)."""
        return None

    def own_handlers(self, question: Question, given: Inputs) -> list[Any] | None:
        """The handlers of a question of a kind the engine does not know (they end with the
        answer to anything else)."""
        return None

    def typed_handler(self, question: Question) -> Handler:
        return self.typed

    # --- asking ---------------------------------------------------------------------------------

    def may_skip(self, question: Question) -> bool:
        return question.kind not in (Kind.MULTI_CHOICE, Kind.FILES) and (
            self.skip_keeps or question.optional
        )

    async def ask(
        self,
        update: Update,
        context: BotContext,
        lang: str,
        question: Question,
        target: Any = None,
        *,
        page: int = 0,
        edit: bool = False,
        explained: bool = False,
        rows: list[list[InlineKeyboardButton]] | None = None,
        arguments: dict[str, Any] | None = None,
    ) -> object:
        """A question with its buttons (`rows`: of a kind the flow adds; `explained`: with what
        it means, asked for with ℹ️). Returns the question's state."""
        texts = context.services.texts
        rows = list(rows or [])
        name = question.name
        buttons = self.buttons
        if question.kind is Kind.CHOICE:
            choices = [button(o.text(texts, lang), buttons.choose.data(name, o.code))
                       for o in question.options_on(page)]  # fmt: skip
            rows += [choices] if self.choices_in_a_row else [[b] for b in choices]
            pages = []
            if page > 0:
                pages.append(button(texts.text(lang, "button-prev"),
                                    buttons.page.data(name, page - 1)))  # fmt: skip
            if page + 1 < question.pages():
                pages.append(button(texts.text(lang, "button-next"),
                                    buttons.page.data(name, page + 1)))  # fmt: skip
            if pages:
                rows.append(pages)
        if question.shortcuts:
            rows.append([button(texts.text(lang, s.label_key), buttons.shortcut.data(name, s.code))
                         for s in question.shortcuts])  # fmt: skip
        if question.info and not explained:
            rows.append([button(texts.text(lang, f"info-button-{name}"), buttons.info.data(name))])
        navigation = []
        if self.back and self.form.previous(name) is not None:
            navigation.append(button(texts.text(lang, "button-back"), buttons.back.data()))
        if self.may_skip(question):
            navigation.append(button(texts.text(lang, "button-skip"), buttons.skip.data()))
        if navigation:
            rows.append(navigation)
        text = texts.text(lang, question.ask_key, **question.ask_arguments, **(arguments or {}))
        if explained:
            text += "\n\n" + texts.text(lang, question.info_key)
        if self.now_key and target is not None and question.answered(target):
            now = shown_or_empty(texts, lang, question, target)
            text += "\n" + texts.text(lang, self.now_key, value=now)
        if question.pages() > 1:
            text += "\n" + texts.text(lang, self.page_key, page=page + 1, pages=question.pages())
        if self.numbered:
            text = texts.text(lang, "sub-question", question=Html(text),
                              number=self.form.position(name), total=len(self.form))  # fmt: skip
        await show(update, text, InlineKeyboardMarkup(rows) if rows else None, edit=edit)
        return name

    # --- answering ------------------------------------------------------------------------------

    async def advance(
        self, session: AsyncSession, update: Update, turn: Turn, question: Question, target: Any
    ) -> Next:
        """After `question` was answered: the next question while walking the form; the review
        when one answer was being corrected, or the walk is done. Saved as the flow's state in
        the caller's transaction."""
        walking = self.walking(turn.data)
        following = self.form.next(question.name) if walking else None
        state = following.name if following else self.walk_end if walking else self.review
        if following is None:
            turn.data["editing"] = None
        await self.store.save(session, update, state, turn.data, row=turn.row)
        return await self.prepare(session, turn, state, target)

    async def answer(
        self,
        update: Update,
        context: BotContext,
        take: Callable[[Question], tuple[Question, Any]],
        *,
        caller: Caller | None = None,
        acknowledge: bool = False,
    ) -> object:
        """One answer to the question asked: `take(asked)` gives the question and its value, or
        raises ``Invalid`` (nothing written then). Who is writing (unless known), the flow's row,
        what it writes to as they saw it, the answer and the next state: one transaction, which
        ends normally whatever is found (a rollback would expire what it loaded). Nothing is
        sent while it is open."""
        problem: Invalid | None = None
        step: Next | None = None
        asked: Question | None = None
        stale = False
        try:
            async with context.services.database.transaction() as session:
                turn = await self.begin(session, update, context, caller)
                asked = self.form.get(turn.state)
                try:
                    if asked is None:
                        raise Stale
                    question, value = take(asked)
                    target = None if turn.refused else await self.open(session, turn)
                    if target is not None:
                        self.check(question, value, target)
                    elif not turn.refused:
                        raise Stale
                except Invalid as invalid:
                    problem = invalid
                except Stale:
                    stale = True
                if not turn.refused and not stale and problem is None:
                    await self.write(session, turn, target, question, value)
                    step = await self.advance(session, update, turn, question, target)
        except StaleDataError:  # changed by someone else between our read and our write
            stale = True
        if turn.refused:  # told in the button's own alert
            return await self.refused(update, context, turn)
        if stale:
            return await self.changed(update, context, turn, acknowledge=acknowledge)
        if acknowledge and update.callback_query is not None:
            await update.callback_query.answer()  # the press, acknowledged before any reply
        if problem is not None:
            texts = context.services.texts
            await say(update, texts.text(turn.caller.lang, problem.key, **problem.arguments))
            assert asked is not None
            return asked.name
        assert step is not None
        return await self.present(update, context, turn, step)

    async def typed(self, update: Update, context: BotContext) -> object:
        """A typed answer: checked as the question asked says, stored, the next one asked."""
        message = update.effective_message
        assert message is not None and message.text is not None
        text, on = message.text, today(context)

        def take(asked: Question) -> tuple[Question, Any]:
            if asked.parse is None or not asked.typed:
                raise Invalid("sub-use-buttons")
            return asked, self.parse(asked, text, on)

        return await self.answer(update, context, take)

    async def choose(self, update: Update, context: BotContext) -> object:
        """A choice's button, or a typed question's shortcut (the date's "this month")."""
        query = update.callback_query
        assert query is not None
        answer: tuple[Question, Any] | None = None
        if (chosen := self.buttons.choose.parse(query.data)) is not None:
            question = self.form.get(chosen[0])
            option = question.option(chosen[1]) if question is not None else None
            if question is not None and option is not None:
                answer = (question, option.value)
        elif (shortcut := self.buttons.shortcut.parse(query.data)) is not None:
            question = self.form.get(shortcut[0])
            found = question.shortcut(shortcut[1]) if question is not None else None
            if question is not None and found is not None:
                answer = (question, found.value(today(context)))
        if answer is None and self.any_question:
            await stale_button(update, context)
            return None

        def take(asked: Question) -> tuple[Question, Any]:
            if answer is None or (not self.any_question and answer[0] is not asked):
                raise Invalid("button-expired")
            return answer

        return await self.answer(update, context, take, acknowledge=True)

    async def skip(self, update: Update, context: BotContext) -> object:
        """Lewati: an optional answer emptied (`skip_keeps`: any answer kept), and on."""

        def skipped(asked: Question) -> tuple[Question, Any]:
            # An old Lewati pressed at a question that has none is a button of another one.
            if not self.may_skip(asked):
                raise Invalid("sub-use-buttons")
            return asked, KEEP if self.skip_keeps else None

        return await self.answer(update, context, skipped, acknowledge=True)

    async def go_back(self, update: Update, context: BotContext) -> object:
        """⬅️ Kembali: the question before (correcting one answer: back to the review)."""
        query = update.callback_query
        assert query is not None
        step: Next | None = None
        stale = False
        async with context.services.database.transaction() as session:
            turn = await self.begin(session, update, context, None)
            question = None if turn.refused else self.form.get(turn.state)
            target = None
            if question is not None:
                try:
                    target = await self.open(session, turn)  # as they saw it
                except Stale:
                    stale, question = True, None
            if question is not None and not self.walking(turn.data):
                step = await self.advance(session, update, turn, question, target)
            elif question is not None and (previous := self.form.previous(question.name)):
                await self.store.save(session, update, previous.name, turn.data, row=turn.row)
                step = await self.prepare(session, turn, previous.name, target)
        if turn.refused:
            return await self.refused(update, context, turn)
        if stale:
            return await self.changed(update, context, turn)
        if question is None:
            await stale_button(update, context)
            return None
        await query.answer()
        if step is None:  # the first question: nothing before it
            return question.name
        return await self.present(update, context, turn, step)

    async def edit(
        self, update: Update, context: BotContext, name: str, caller: Caller | None = None
    ) -> object:
        """✏️ on the review screen: that question, then back to the review."""
        query = update.callback_query
        assert query is not None
        question = self.form.get(name)
        if question is None:
            await stale_button(update, context)
            return None
        async with context.services.database.transaction() as session:
            turn = await self.begin(session, update, context, caller)
            if not turn.refused:
                turn.data["editing"] = question.name
                await self.store.save(session, update, question.name, turn.data, row=turn.row)
                target = await self.shown_when_asked(session, turn)
        if turn.refused:
            return await self.refused(update, context, turn)
        await query.answer()
        if (leaving := self.leave_review(query)) is not None:
            await leaving
        return await self.ask_question(update, context, turn.caller, question, target)

    async def shown_when_asked(self, session: AsyncSession, turn: Turn) -> Any:
        """What a question asked anew shows of the current answers (None: nothing)."""
        return None

    async def edit_pressed(self, update: Update, context: BotContext) -> object:
        assert update.callback_query is not None
        edited = self.buttons.edit.parse(update.callback_query.data)
        return await self.edit(update, context, edited[0] if edited else "")

    async def explain(self, update: Update, context: BotContext) -> object:
        """ℹ️ under a question: the same message, with what the question means, and its buttons
        still there. Only for the question being asked."""
        query = update.callback_query
        assert query is not None
        caller = await self.in_flow(update, context)
        if caller is None:
            return END
        async with context.services.database.reading() as session:
            row = await self.store.row(session, update)
        asked = self.form.get(row.state if row is not None else None)
        if asked is None or not asked.info or self.buttons.info.parse(query.data) != (asked.name,):
            await stale_button(update, context)
            return None
        await query.answer()
        return await self.ask_question(update, context, caller, asked, edit=True, explained=True)

    async def turn_page(self, update: Update, context: BotContext) -> object:
        """⬅️ ➡️ of a paged choice: the same question, another page, in place."""
        query = update.callback_query
        assert query is not None
        paged = self.buttons.page.parse(query.data)
        async with context.services.database.transaction() as session:
            turn = await self.begin(session, update, context, None)
            target = None if turn.refused else await self.shown_when_asked(session, turn)
        if turn.refused:
            return await self.refused(update, context, turn)
        question = self.form.get(turn.state)
        if question is None or paged is None or paged[0] != question.name:
            await stale_button(update, context)
            return None
        await query.answer()
        page = min(paged[1], question.pages() - 1)
        return await self.ask(
            update, context, turn.caller.lang, question, target, page=page, edit=True
        )

    async def tell(self, update: Update, context: BotContext, problem: Invalid) -> object:
        """What is wrong with what they sent, if they may still go on; the step still waits."""
        caller = await self.in_flow(update, context)
        if caller is None:
            return END
        texts = context.services.texts
        await say(update, texts.text(caller.lang, problem.key, **problem.arguments))
        return None

    def told(self, key: str) -> Handler:
        """The answer to what is not an answer here: `key` said, the question still waiting."""

        async def tell(update: Update, context: BotContext) -> object:
            return await self.tell(update, context, Invalid(key))

        return tell

    async def timed_out(self, update: Update, context: BotContext) -> None:
        """Idle too long: the flow ends (what was answered stays), and the person is told."""
        await flow_timed_out(update, context, self.store, self.timeout_key)

    # --- the conversation's states ------------------------------------------------------------

    def question_handlers(self, question: Question, given: Inputs) -> list[Any]:
        """A question's state: what it takes, back, skip, ℹ️, and what it says to the rest."""
        buttons = self.buttons
        navigation: list[BaseHandler[Any, Any, Any]] = []
        if self.back:
            navigation.append(CallbackQueryHandler(self.go_back, pattern=buttons.back.pattern))
        navigation.append(CallbackQueryHandler(self.skip, pattern=buttons.skip.pattern))
        if question.info:
            navigation.append(CallbackQueryHandler(self.explain, pattern=buttons.info.pattern))
        own = self.own_handlers(question, given)
        if own is not None:
            return [*own[:-1], *navigation, own[-1]]
        if question.kind is Kind.CHOICE:
            pages = [CallbackQueryHandler(self.turn_page, pattern=buttons.page.pattern)]
            return [
                CallbackQueryHandler(self.choose, pattern=buttons.choose.pattern),
                *(pages if question.pages() > 1 else []),
                *navigation,
                MessageHandler(given.text | given.other, self.told("sub-use-buttons")),
            ]
        shortcut = CallbackQueryHandler(self.choose, pattern=buttons.shortcut.pattern)
        return [
            MessageHandler(given.text, self.typed_handler(question)),
            *([shortcut] if question.shortcuts else []),
            *navigation,
            MessageHandler(given.other, self.told("please-type-text")),
        ]

    def states(self, given: Inputs) -> dict[object, list[Any]]:
        """Every question's state, and the timeout's."""
        return {
            **{q.name: self.question_handlers(q, given) for q in self.form},
            ConversationHandler.TIMEOUT: [TypeHandler(Update, self.timed_out)],
        }
