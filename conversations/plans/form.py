"""➕ Tambah rencana: a coordinator or an admin adds one entry to an OPD's action plan, in chat.

➕ (under an OPD's plan, or after choosing the OPD) ─> the plan's title ─> its pillar ─> the
stage it is to reach ─> the month by which ─> the answers with ✏️ each, ✅ Simpan, ✖️ Batal

The form engine (conversations.flow) asks, checks and goes back; the answers wait in the flow's
stored state until ✅ Simpan writes the entry, so a person who goes away comes back to the same
question, and nothing half-made ever shows on a plan. The right to manage plans is checked again
at every answer.
"""

from __future__ import annotations

import logging
from datetime import date, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession
from telegram import InlineKeyboardMarkup, Update
from telegram.ext import (
    CallbackQueryHandler,
    CommandHandler,
    ConversationHandler,
    MessageHandler,
    filters,
)

from bot.core.policy import Action
from bot.core.texts import Catalog
from bot.innovations.form import Form, Kind, Option, Question
from bot.innovations.rules import TITLE_MAX, TITLE_MIN, Invalid, valid_title
from bot.plans.progress import BadMonth, add_entry, parse_month
from bot.telegram.callbacks import Callback, any_of
from bot.telegram.context import BotContext
from bot.telegram.menu import command
from bot.telegram.people import Caller, identified_in, require
from conversations.common import END, FlowStore, conversation, leave_flow, stale_button
from conversations.flow import (
    KEEP,
    Buttons,
    FormFlow,
    Inputs,
    Next,
    Turn,
    button,
    edit_button,
    inputs,
    say,
    show,
)
from conversations.plans.screens import ADD, month_text, show_opd
from storage.models import Opd, Pillar
from storage.plans import PLAN_STAGES

logger = logging.getLogger(__name__)

FLOW = FlowStore("plan")
TIMEOUT = timedelta(hours=12)
CONFIRM = "confirm"
# The master plan's pillars, as the first migration seeds them (their names are proper names,
# the same in both languages).
PILLARS = (
    ("governance", "Smart Governance"), ("branding", "Smart Branding"),
    ("economy", "Smart Economy"), ("living", "Smart Living"), ("society", "Smart Society"),
    ("environment", "Smart Environment"),
)  # fmt: skip


def _title(text: str, today: date) -> str:
    return valid_title(text)


def _month(text: str, today: date) -> str:
    try:
        return parse_month(text).isoformat()
    except BadMonth:
        raise Invalid("plan-invalid-month") from None


PLAN_FORM = Form(
    [
        Question(
            "plan_title",
            Kind.TEXT,
            parse=_title,
            ask_arguments={"min": TITLE_MIN, "max": TITLE_MAX},
        ),
        Question(
            "plan_pillar",
            Kind.CHOICE,
            options=tuple(Option(code, code, label=name) for code, name in PILLARS),
        ),
        Question(
            "plan_stage",
            Kind.CHOICE,
            options=tuple(Option(s.value, s.value, f"stage-{s.value}") for s in PLAN_STAGES),
        ),
        Question("plan_month", Kind.TEXT, parse=_month),
    ]
)

BUTTONS = Buttons("pla")
SAVE = Callback("pla:save")
CANCEL = Callback("pla:cancel")


class PlanFlow(FormFlow):
    """The answers wait in the flow's data (``answers``) until ✅ Simpan."""

    form = PLAN_FORM
    store = FLOW
    buttons = BUTTONS
    timeout_key = "plan-timed-out"
    review = CONFIRM
    walk_end = CONFIRM
    choices_in_a_row = False
    any_question = False

    async def begin(
        self, session: AsyncSession, update: Update, context: BotContext, caller: Caller | None
    ) -> Turn:
        member, row = await FLOW.member_and_row(session, update)
        caller = await identified_in(session, update, context, member)
        data = dict(row.data) if row is not None else {}
        refused = row is None or not caller.may(Action.MANAGE_PLANS)
        if refused and row is not None:
            await FLOW.end(session, update)
        return Turn(caller, refused, row, data, data.get("opd_id"))

    async def open(self, session: AsyncSession, turn: Turn) -> dict[str, Any]:
        answers: dict[str, Any] = turn.data.setdefault("answers", {})
        return answers

    async def write(
        self, session: AsyncSession, turn: Turn, target: Any, question: Question, value: Any
    ) -> None:
        if value is not KEEP:
            target[question.name] = value

    async def prepare(self, session: AsyncSession, turn: Turn, state: str, target: Any) -> Next:
        opd = await session.get(Opd, int(turn.data.get("opd_id") or 0))
        return Next(state, turn.data.get("answers", {}), opd.name if opd else "")

    async def present(
        self, update: Update, context: BotContext, turn: Turn, step: Next, *, edit: bool = False
    ) -> object:
        if step.state == CONFIRM:
            await show_confirm(update, context, turn.caller.lang, step.target, step.extra)
            return CONFIRM
        return await self.ask(update, context, turn.caller.lang, PLAN_FORM[step.state])

    async def refused(self, update: Update, context: BotContext, turn: Turn) -> object:
        if turn.row is None:  # over already (saved, cancelled): an old button
            await stale_button(update, context)
            return END
        text = context.services.texts.text(turn.caller.lang, "refused-not-allowed")
        if update.callback_query is not None:
            await update.callback_query.answer(text, show_alert=True)
        else:
            await say(update, text)
        return END


PLAN = PlanFlow()


def _shown(texts: Catalog, lang: str, name: str, answers: dict[str, Any]) -> str:
    value = answers.get(name)
    if value is None:
        return texts.text(lang, "sub-empty")
    if name == "plan_month":
        return month_text(date.fromisoformat(value), lang)
    question = PLAN_FORM[name]
    if question.kind is Kind.CHOICE:
        return str(question.cell(texts, lang, value))
    return str(value)


async def show_confirm(
    update: Update, context: BotContext, lang: str, answers: dict[str, Any], opd_name: str
) -> None:
    texts = context.services.texts
    lines = [texts.text(lang, "plan-confirm", opd=opd_name)]
    lines += [
        texts.text(lang, "plan-confirm-line", label=texts.text(lang, q.label_key),
                   value=_shown(texts, lang, q.name, answers))
        for q in PLAN_FORM
    ]  # fmt: skip
    rows = [[edit_button(texts, lang, BUTTONS, q)] for q in PLAN_FORM]
    rows.append([button(texts.text(lang, "plan-button-save"), SAVE.data()),
                 button(texts.text(lang, "plan-button-cancel"), CANCEL.data())])  # fmt: skip
    await show(update, "\n".join(lines), InlineKeyboardMarkup(rows))


# --- entry, saving, leaving ---------------------------------------------------------------------


async def add_pressed(update: Update, context: BotContext) -> object:
    """➕ for an OPD: the first question (a flow begun before starts again)."""
    query = update.callback_query
    assert query is not None
    caller = await require(update, context, Action.MANAGE_PLANS)
    if caller is None:
        return END
    pressed = ADD.parse(query.data)
    async with context.services.database.transaction() as session:
        opd = await session.get(Opd, pressed[0]) if pressed else None
        if opd is not None and opd.active:
            await FLOW.save(session, update, PLAN_FORM.first.name, {"opd_id": opd.id})
    if opd is None or not opd.active:
        await stale_button(update, context)
        return END
    await query.answer()
    texts = context.services.texts
    await say(update, texts.text(caller.lang, "plan-add-for", opd=opd.name))
    return await PLAN.ask(update, context, caller.lang, PLAN_FORM.first)


async def save_pressed(update: Update, context: BotContext) -> object:
    """✅ Simpan: the entry written and the flow ended in one transaction; then the OPD's plan."""
    query = update.callback_query
    assert query is not None
    missing = False
    async with context.services.database.transaction() as session:
        turn = await PLAN.begin(session, update, context, None)
        if not turn.refused:
            answers = turn.data.get("answers", {})
            missing = any(answers.get(q.name) is None for q in PLAN_FORM)
            pillar_id = await session.scalar(
                select(Pillar.id).where(Pillar.code == answers.get("plan_pillar"))
            )
            opd = await session.get(Opd, int(turn.data.get("opd_id") or 0))
            missing = missing or pillar_id is None or opd is None
            if not missing:
                assert opd is not None and pillar_id is not None
                member = turn.caller.member
                await add_entry(
                    session, opd_id=opd.id, pillar_id=pillar_id, title=answers["plan_title"],
                    target_stage=answers["plan_stage"],
                    target_month=date.fromisoformat(answers["plan_month"]),
                    by_member_id=member.id if member else None,
                )  # fmt: skip
                await FLOW.end(session, update)
    if turn.refused:
        return await PLAN.refused(update, context, turn)
    texts, lang = context.services.texts, turn.caller.lang
    if missing:
        await query.answer(texts.text(lang, "plan-incomplete"), show_alert=True)
        return CONFIRM
    await query.answer(texts.text(lang, "plan-saved"))
    logger.info("plan entry added for OPD %s by telegram user %s", opd.id, turn.caller.telegram_id)
    await show_opd(update, context, turn.caller, opd.id, 0, edit=False)
    return END


async def cancel_pressed(update: Update, context: BotContext) -> object:
    query = update.callback_query
    assert query is not None
    await query.answer()
    return await leave_flow(update, context, FLOW, "plan-cancelled")


async def cancel(update: Update, context: BotContext) -> object:
    return await leave_flow(update, context, FLOW, "plan-cancelled")


def build(texts: Catalog) -> ConversationHandler[Any]:
    given: Inputs = inputs(texts)
    states: dict[object, list[Any]] = {
        **PLAN.states(given),
        CONFIRM: [
            CallbackQueryHandler(PLAN.edit_pressed, pattern=BUTTONS.edit.pattern),
            CallbackQueryHandler(save_pressed, pattern=SAVE.pattern),
            CallbackQueryHandler(cancel_pressed, pattern=CANCEL.pattern),
            MessageHandler(given.text | given.other, PLAN.told("sub-use-buttons")),
        ],
    }
    return conversation(
        FLOW.name,
        entry_points=[CallbackQueryHandler(add_pressed, pattern=ADD.pattern)],
        states=states,
        timeout=TIMEOUT,
        fallbacks=[
            CommandHandler(command("batal").names, cancel, filters=filters.ChatType.PRIVATE),
            CallbackQueryHandler(stale_button, pattern=any_of(
                BUTTONS.choose, BUTTONS.page, BUTTONS.skip, BUTTONS.back, BUTTONS.edit, SAVE,
                CANCEL)),
        ],
    )  # fmt: skip
