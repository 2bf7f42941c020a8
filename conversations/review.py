"""/tinjau (/review): the queue, oldest first; one innovation with its evidence; a verdict, a
score of 1–5 on each criterion (not for a revision request: its note only), a note, a preview
to confirm; the OPD is told. Every screen has ⬅️ Kembali and ✖️ Batal. The first decision
wins."""

from __future__ import annotations

import copy
import enum
import logging
from typing import Any

from sqlalchemy import select
from sqlalchemy import update as sql_update
from sqlalchemy.ext.asyncio import AsyncSession
from telegram import CallbackQuery, InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.ext import CallbackQueryHandler, CommandHandler, MessageHandler, filters

from bot.core.formatting import shorten
from bot.core.policy import Action
from bot.core.texts import Catalog
from bot.delivery.outbox import notify_person
from bot.innovations.rules import TEXT_MAX, Invalid, valid_long_text
from bot.innovations.view import score_summary, status_label
from bot.review.public_files import approve_with
from bot.telegram.callbacks import Callback, Choice, Int
from bot.telegram.context import BotContext
from bot.telegram.menu import button_labels, command, menu_labels
from bot.telegram.people import Caller, require
from conversations.common import END, FlowStore, conversation, stale_button
from conversations.innovations import show_innovation
from storage.models import (
    CRITERIA,
    Evaluation,
    Innovation,
    Member,
    MemberStatus,
    Status,
    Verdict,
)
from storage.repositories.innovations import InnovationRepository

logger = logging.getLogger(__name__)

FLOW = FlowStore("review")
QUEUE_SHOWN = 10
# Waiting for a decision. Opening an innovation does not change its status: it changes only
# when a decision is confirmed, in one step from "submitted" to the verdict. A coordinator who
# looks, scores, goes back or cancels (or simply leaves) leaves it as it was, and its OPD keeps
# "Tarik kembali" meanwhile; a withdrawal (or a resubmission) before the decision is confirmed
# makes that decision fail on the version check below. ("in_review" is no longer given; the
# rows of the old behaviour were put back to "submitted" by migration 0010.)
OPEN = (Status.SUBMITTED, Status.IN_REVIEW)
VERDICT_CODES = {"ok": Verdict.APPROVED, "rev": Verdict.REVISION_REQUESTED, "no": Verdict.REJECTED}


class Step(enum.StrEnum):
    VERDICT = "verdict"
    SCORE = "score"
    NOTE = "note"
    PREVIEW = "preview"


# The screens of a review; a back button names the screen it is on (`_position`), so a back
# button left on an older message cannot undo a later step.
SCREENS = ("verdict", *CRITERIA, "note", "preview")

OPEN_ITEM = Callback("rev:open", Int("innovation"))
VERDICT = Callback("rev:v", Choice.of("verdict", tuple(VERDICT_CODES)))
SCORE = Callback(
    "rev:s", Choice.of("criterion", CRITERIA), Choice.of("score", ("1", "2", "3", "4", "5"))
)
SKIP_NOTE = Callback("rev:note:skip")
BACK = Callback("rev:back", Choice.of("screen", SCREENS))
CANCEL = Callback("rev:cancel")
CONFIRM = Callback("rev:send")


def _button(text: str, data: str) -> InlineKeyboardButton:
    return InlineKeyboardButton(text, callback_data=data)


def _back_and_cancel(texts: Catalog, lang: str, screen: str) -> list[InlineKeyboardButton]:
    back_key = "rev-button-queue" if screen == "verdict" else "button-back"
    return [
        _button(texts.text(lang, back_key), BACK.data(screen)),
        _button(texts.text(lang, "button-cancel"), CANCEL.data()),
    ]


def _position(state: str | None, data: dict[str, Any]) -> str | None:
    """The screen the flow is on: one of SCREENS."""
    if state == Step.SCORE:
        remaining = [c for c in CRITERIA if c not in data.get("scores", {})]
        return remaining[0] if remaining else None
    return state if state in (Step.VERDICT, Step.NOTE, Step.PREVIEW) else None


def _pressed(update: Update, button: Callback) -> tuple[CallbackQuery, tuple[Any, ...]]:
    """The query and its typed values (its handler's pattern matched them already)."""
    query = update.callback_query
    assert query is not None
    values = button.parse(query.data)
    assert values is not None
    return query, values


async def _say(
    update: Update, context: BotContext, text: str, markup: InlineKeyboardMarkup
) -> None:
    await context.bot.send_message(
        update.effective_chat.id,  # type: ignore[union-attr]
        text,
        reply_markup=markup,
    )


async def _reviewer(update: Update, context: BotContext) -> Caller | None:
    return await require(update, context, Action.REVIEW)


async def queue_command(update: Update, context: BotContext) -> object:
    caller = await _reviewer(update, context)
    if caller is None:
        return END
    async with context.services.database.transaction() as session:
        await FLOW.end(session, update)  # a review left open is left: nothing was decided
    await _show_queue(update, context, caller)
    return END


async def _show_queue(update: Update, context: BotContext, caller: Caller) -> None:
    texts = context.services.texts
    lang = caller.lang
    async with context.services.database.transaction() as session:
        queue = list(
            await session.scalars(
                select(Innovation)
                .where(Innovation.status.in_(OPEN))
                .order_by(Innovation.submitted_at, Innovation.id)
                .limit(QUEUE_SHOWN + 1)
            )
        )
    message = update.effective_message
    assert message is not None
    if not queue:
        await message.reply_text(texts.text(lang, "rev-queue-empty"))
        return
    rows = [
        [_button(shorten(f"#{i.id} {status_label(texts, lang, i.status)} · {i.title}"),
                 OPEN_ITEM.data(i.id))]
        for i in queue[:QUEUE_SHOWN]
    ]  # fmt: skip
    await message.reply_text(
        texts.text(lang, "rev-queue-title", shown=min(len(queue), QUEUE_SHOWN)),
        reply_markup=InlineKeyboardMarkup(rows),
    )


def _not_open(texts: Catalog, lang: str, innovation_id: int, innovation: Innovation | None) -> str:
    """Why an innovation cannot be decided (any more): withdrawn by its OPD, or decided."""
    if innovation is not None and innovation.status == Status.DRAFT:
        return texts.text(lang, "rev-withdrawn", id=innovation_id)
    status = status_label(texts, lang, innovation.status) if innovation else "-"
    return texts.text(lang, "rev-already-decided", id=innovation_id, status=status)


async def open_innovation(update: Update, context: BotContext) -> object:
    query = update.callback_query
    assert query is not None
    caller = await _reviewer(update, context)
    if caller is None:
        return END
    parsed = OPEN_ITEM.parse(query.data)
    assert parsed is not None  # the handler's pattern
    (innovation_id,) = parsed
    texts = context.services.texts
    async with context.services.database.transaction() as session:
        innovation = await InnovationRepository(session).get(innovation_id)
        if innovation is None or innovation.status not in OPEN:
            await FLOW.end(session, update)
        else:
            # The verdict will be for this version, and no other. The status stays as it is.
            data = {"innovation_id": innovation.id, "version": innovation.version}
            await FLOW.save(session, update, Step.VERDICT, data)
    if innovation is None or innovation.status not in OPEN:
        await query.answer(
            _not_open(texts, caller.lang, innovation_id, innovation), show_alert=True
        )
        return END
    await query.answer()
    await show_innovation(update, context, caller, innovation.id)
    await _ask_verdict(update, context, caller, innovation.id)
    return Step.VERDICT


async def _ask_verdict(
    update: Update, context: BotContext, caller: Caller, innovation_id: int
) -> object:
    texts = context.services.texts
    lang = caller.lang
    markup = InlineKeyboardMarkup(
        [
            [_button(texts.text(lang, "button-approve"), VERDICT.data("ok")),
             _button(texts.text(lang, "rev-button-revise"), VERDICT.data("rev")),
             _button(texts.text(lang, "button-reject"), VERDICT.data("no"))],
            _back_and_cancel(texts, lang, "verdict"),
        ]
    )  # fmt: skip
    await _say(update, context, texts.text(lang, "rev-ask-verdict", id=innovation_id), markup)
    return Step.VERDICT


async def _step(
    update: Update, context: BotContext, screen: str, change: Any
) -> tuple[Caller, dict[str, Any], str] | None:
    """A button of the screen `screen`, checked again: the presser may review, the flow is on
    that screen. `change(data)` gives the next state (data changed in place), stored in the same
    transaction. None when refused (the person was told)."""
    caller = await _reviewer(update, context)
    if caller is None:
        return None
    async with context.services.database.transaction() as session:
        row = await FLOW.row(session, update)
        # A deep copy: changed in place, the stored JSON would not be seen as changed.
        data = copy.deepcopy(row.data) if row is not None else {}
        if row is None or _position(row.state, data) != screen:
            state = None
        else:
            state = change(data)
            await FLOW.save(session, update, state, data, row=row)
    if state is None:  # an older screen's button, or a flow already ended
        await stale_button(update, context)
        return None
    query = update.callback_query
    assert query is not None
    await query.answer()
    return caller, data, state


async def verdict_chosen(update: Update, context: BotContext) -> object:
    query, parsed = _pressed(update, VERDICT)
    verdict = VERDICT_CODES[parsed[0]]

    def choose(data: dict[str, Any]) -> str:
        data.update(verdict=verdict.value, scores={})
        data.pop("note", None)
        # A revision request asks only for the note: the scores go to the version decided.
        return Step.NOTE if verdict is Verdict.REVISION_REQUESTED else Step.SCORE

    stepped = await _step(update, context, "verdict", choose)
    if stepped is None:
        return None
    caller, data, state = stepped
    texts = context.services.texts
    await query.edit_message_text(
        texts.text(
            caller.lang, "rev-verdict-chosen", verdict=status_label(texts, caller.lang, verdict)
        )
    )
    if state == Step.NOTE:
        return await _ask_note(update, context, caller, data)
    return await _ask_score(update, context, caller, CRITERIA[0])


async def _ask_score(update: Update, context: BotContext, caller: Caller, criterion: str) -> object:
    texts = context.services.texts
    lang = caller.lang
    # The button names its criterion: a second tap on it cannot score the next one.
    markup = InlineKeyboardMarkup(
        [
            [_button(str(n), SCORE.data(criterion, str(n))) for n in range(1, 6)],
            _back_and_cancel(texts, lang, criterion),
        ]
    )
    await _say(
        update,
        context,
        texts.text(lang, "rev-ask-score", criterion=texts.text(lang, f"crit-{criterion}")),
        markup,
    )
    return Step.SCORE


async def score_chosen(update: Update, context: BotContext) -> object:
    query, parsed = _pressed(update, SCORE)
    criterion, score = parsed[0], int(parsed[1])

    def record(data: dict[str, Any]) -> str:
        data["scores"] = {**data.get("scores", {}), criterion: score}
        return Step.SCORE if len(data["scores"]) < len(CRITERIA) else Step.NOTE

    # A second tap, or a button of a criterion already scored, is not on its screen.
    stepped = await _step(update, context, criterion, record)
    if stepped is None:
        return None
    caller, data, state = stepped
    await query.edit_message_text(
        f"{context.services.texts.text(caller.lang, f'crit-{criterion}')}: {score}"
    )
    if state == Step.SCORE:
        following = [c for c in CRITERIA if c not in data["scores"]]
        return await _ask_score(update, context, caller, following[0])
    return await _ask_note(update, context, caller, data)


async def _ask_note(
    update: Update, context: BotContext, caller: Caller, data: dict[str, Any]
) -> object:
    texts = context.services.texts
    lang = caller.lang
    required = data["verdict"] != Verdict.APPROVED
    rows = [] if required else [[_button(texts.text(lang, "button-skip"), SKIP_NOTE.data())]]
    rows.append(_back_and_cancel(texts, lang, "note"))
    key = "rev-ask-note-required" if required else "rev-ask-note-optional"
    await _say(update, context, texts.text(lang, key, max=TEXT_MAX), InlineKeyboardMarkup(rows))
    return Step.NOTE


async def note_typed(update: Update, context: BotContext) -> object:
    caller = await _reviewer(update, context)
    if caller is None:
        return END
    message = update.effective_message
    assert message is not None and message.text is not None
    try:
        note = valid_long_text(message.text)
    except Invalid as problem:
        await message.reply_text(
            context.services.texts.text(caller.lang, problem.key, **problem.arguments)
        )
        return Step.NOTE
    async with context.services.database.transaction() as session:
        row = await FLOW.row(session, update)
        data = dict(row.data) if row is not None else {}
        if "verdict" in data:
            data["note"] = note
            await FLOW.save(session, update, Step.PREVIEW, data, row=row)
    if "verdict" not in data:  # the flow ended meanwhile (e.g. another device)
        await message.reply_text(context.services.texts.text(caller.lang, "button-expired"))
        return END
    return await _preview(update, context, caller, data)


async def note_skipped(update: Update, context: BotContext) -> object:
    query = update.callback_query
    assert query is not None
    caller = await _reviewer(update, context)
    if caller is None:
        return END
    async with context.services.database.transaction() as session:
        verdict = (await FLOW.load(session, update)).get("verdict")
    if verdict is not None and verdict != Verdict.APPROVED:
        await query.answer(
            context.services.texts.text(caller.lang, "rev-note-required"), show_alert=True
        )
        return None

    def skip(data: dict[str, Any]) -> str:
        data["note"] = None
        return Step.PREVIEW

    stepped = await _step(update, context, "note", skip)
    if stepped is None:
        return None
    caller, data, _ = stepped
    await query.edit_message_reply_markup(None)
    return await _preview(update, context, caller, data)


async def _preview(
    update: Update, context: BotContext, caller: Caller, data: dict[str, Any]
) -> object:
    """The decision as the OPD will get it, to be confirmed before it goes."""
    texts = context.services.texts
    lang = caller.lang
    async with context.services.database.transaction() as session:
        innovation = await session.get(Innovation, int(data["innovation_id"]))
    scores = score_summary(texts, lang, data.get("scores", {}))
    note = data.get("note")
    text = texts.text(
        lang,
        "rev-preview",
        id=data["innovation_id"],
        title=innovation.title if innovation is not None else "-",
        verdict=status_label(texts, lang, data["verdict"]),
        scores=scores if scores is not None else texts.text(lang, "rev-preview-no-scores"),
        note=note if note else texts.text(lang, "rev-preview-no-note"),
    )
    markup = InlineKeyboardMarkup(
        [
            [_button(texts.text(lang, "rev-button-send"), CONFIRM.data())],
            _back_and_cancel(texts, lang, "preview"),
        ]
    )
    await _say(update, context, text, markup)
    return Step.PREVIEW


async def back_pressed(update: Update, context: BotContext) -> object:
    """One screen back: the answer given there is taken back and its question asked again."""
    query, parsed = _pressed(update, BACK)
    (screen,) = parsed

    def undo(data: dict[str, Any]) -> str:
        scores: dict[str, int] = data.get("scores", {})
        if screen == "preview":
            data.pop("note", None)
            return Step.NOTE
        if screen == "note" and data.get("verdict") != Verdict.REVISION_REQUESTED:
            scores.pop(CRITERIA[-1], None)
            return Step.SCORE
        if screen in CRITERIA and screen != CRITERIA[0]:
            scores.pop(CRITERIA[CRITERIA.index(screen) - 1], None)
            return Step.SCORE
        # The first score or a revision's note: the verdict again; the verdict: the queue.
        data.pop("verdict", None)
        data.pop("scores", None)
        return Step.VERDICT

    if screen == "verdict":  # back to the queue: nothing was decided, nothing changes
        caller = await _reviewer(update, context)
        if caller is None:
            return END
        async with context.services.database.transaction() as session:
            row = await FLOW.row(session, update)
            here = row is not None and _position(row.state, dict(row.data)) == "verdict"
            if here:
                await FLOW.end(session, update)
        if not here:
            await stale_button(update, context)
            return None
        await query.answer()
        await query.edit_message_reply_markup(None)
        await _show_queue(update, context, caller)
        return END
    stepped = await _step(update, context, screen, undo)
    if stepped is None:
        return None
    caller, data, state = stepped
    await query.edit_message_reply_markup(None)
    if state == Step.VERDICT:
        return await _ask_verdict(update, context, caller, int(data["innovation_id"]))
    if state == Step.SCORE:
        remaining = [c for c in CRITERIA if c not in data.get("scores", {})]
        return await _ask_score(update, context, caller, remaining[0])
    return await _ask_note(update, context, caller, data)


async def confirmed(update: Update, context: BotContext) -> object:
    query = update.callback_query
    assert query is not None
    caller = await _reviewer(update, context)
    if caller is None:
        return END
    async with context.services.database.transaction() as session:
        row = await FLOW.row(session, update)
        here = row is not None and _position(row.state, dict(row.data)) == "preview"
    if not here:
        await stale_button(update, context)
        return None
    await query.answer()
    await query.edit_message_reply_markup(None)
    return await _decide(update, context, caller)


async def not_a_note(update: Update, context: BotContext) -> object:
    caller = await _reviewer(update, context)
    if caller is not None and update.effective_message is not None:
        await update.effective_message.reply_text(
            context.services.texts.text(caller.lang, "please-type-text")
        )
    return None


async def _decide(update: Update, context: BotContext, caller: Caller) -> object:
    """The verdict, in one transaction: only if the innovation is still open for review, in
    the version the reviewer opened."""
    texts = context.services.texts
    lang = caller.lang
    async with context.services.database.transaction() as session:
        data = await FLOW.load(session, update)
        innovation_id = int(data.get("innovation_id", 0))
        verdict = Verdict(data["verdict"])
        scores: dict[str, int] = data.get("scores", {})
        note: str | None = data.get("note")
        before = await session.scalar(
            select(Innovation.status).where(Innovation.id == innovation_id)
        )
        # Only on the version the reviewer opened: a revision resubmitted (or a withdrawal)
        # meanwhile is a version nobody has reviewed yet.
        won = (
            await session.execute(
                sql_update(Innovation)
                .where(
                    Innovation.id == innovation_id,
                    Innovation.status.in_(OPEN),
                    Innovation.version == data.get("version", 0),
                )
                .values(status=verdict.value, version=Innovation.version + 1)
                .execution_options(synchronize_session=False)
            )
        ).rowcount == 1
        innovation = await InnovationRepository(session).get(innovation_id)
        assert innovation is not None
        if won:
            reviewer_id = caller.member.id if caller.member else None
            session.add(
                Evaluation(
                    innovation_id=innovation.id,
                    reviewer_id=reviewer_id,
                    verdict=verdict.value,
                    note=note,
                    **{c: scores.get(c) for c in CRITERIA},
                )
            )
            await InnovationRepository(session).log(
                innovation, caller.member, "reviewed", from_status=before,
                to_status=verdict.value, note=note,
            )  # fmt: skip
            await _tell_the_opd(session, context, innovation, verdict, scores, note)
            if verdict is Verdict.APPROVED:  # the files it has now are approved with it
                await approve_with(session, innovation.id)
        await FLOW.end(session, update)
    message = update.effective_message
    assert message is not None
    if not won and innovation.status in OPEN:  # changed since it was opened: shown as it is
        await message.reply_text(
            texts.text(lang, "rev-changed", id=innovation.id,
                       status=status_label(texts, lang, innovation.status))
        )  # fmt: skip
        await show_innovation(update, context, caller, innovation.id)
        return END
    if not won:
        await message.reply_text(_not_open(texts, lang, innovation.id, innovation))
        return END
    await message.reply_text(
        texts.text(lang, "rev-done", id=innovation.id,
                   verdict=status_label(texts, lang, verdict.value))
    )  # fmt: skip
    return END


async def _tell_the_opd(
    session: AsyncSession,
    context: BotContext,
    innovation: Innovation,
    verdict: Verdict,
    scores: dict[str, int],
    note: str | None,
) -> None:
    """The verdict for each active member of the OPD, in their language, through the outbox
    (written with the verdict: a crash after the commit still tells them)."""
    services = context.services
    default = services.settings.default_language
    members = await session.scalars(
        select(Member).where(
            Member.opd_id == innovation.opd_id, Member.status == MemberStatus.ACTIVE
        )
    )
    for member in members:
        text = verdict_notice(
            services.texts, member.language or default, innovation, verdict, scores, note
        )
        await notify_person(
            session, services, chat_id=member.telegram_id,
            key=f"verdict:{innovation.id}:{innovation.version}", text=text,
        )  # fmt: skip


def verdict_notice(
    texts: Catalog,
    lang: str,
    innovation: Innovation,
    verdict: Verdict,
    scores: dict[str, int],
    note: str | None,
) -> str:
    lines = [
        texts.text(lang, "rev-notice", id=innovation.id, title=innovation.title,
                   verdict=status_label(texts, lang, verdict.value))
    ]  # fmt: skip
    summary = score_summary(texts, lang, scores)
    if summary is not None:  # a revision request carries only its note
        lines.append(summary)
    if note:
        lines.append(texts.text(lang, "rev-notice-note", note=note))
    if verdict is Verdict.REVISION_REQUESTED:
        lines.append(texts.text(lang, "rev-notice-revise", id=innovation.id))
    return "\n".join(lines)


async def use_buttons(update: Update, context: BotContext) -> object:
    caller = await _reviewer(update, context)
    if caller is not None and update.effective_message is not None:
        await update.effective_message.reply_text(
            context.services.texts.text(caller.lang, "sub-use-buttons")
        )
    return None


async def cancel(update: Update, context: BotContext) -> object:
    """/batal or ✖️ Batal: the review ends, nothing decided, the innovation as it was."""
    query = update.callback_query
    async with context.services.database.transaction() as session:
        row = await FLOW.row(session, update)
        innovation_id = row.data.get("innovation_id") if row is not None else None
        await FLOW.end(session, update)
    if query is not None and row is None:  # a Batal left on a review already over
        await stale_button(update, context)
        return END
    caller = await require(update, context, Action.USE_BOT)
    if caller is None:
        return END
    if query is not None:
        await query.answer()
        await query.edit_message_reply_markup(None)
    message = update.effective_message
    assert message is not None
    texts = context.services.texts
    if innovation_id is None:
        await message.reply_text(texts.text(caller.lang, "rev-cancelled-nothing"))
    else:
        await message.reply_text(texts.text(caller.lang, "rev-cancelled", id=innovation_id))
    return END


def build(texts: Catalog) -> Any:
    private = filters.ChatType.PRIVATE
    # A main-menu button is not a note: it goes on to its own command.
    text = (
        private & filters.UpdateType.MESSAGE & filters.TEXT & ~filters.COMMAND
        & ~filters.Text(menu_labels(texts))
    )  # fmt: skip
    other = private & filters.UpdateType.MESSAGE & ~filters.TEXT & ~filters.COMMAND
    everywhere = [
        CallbackQueryHandler(back_pressed, pattern=BACK.pattern),
        CallbackQueryHandler(cancel, pattern=CANCEL.pattern),
    ]
    return conversation(
        "review",
        entry_points=[
            CommandHandler(command("tinjau").names, queue_command, filters=private),
            MessageHandler(
                private & filters.Text(button_labels(texts, "tinjau")),
                queue_command,
            ),
            CallbackQueryHandler(open_innovation, pattern=OPEN_ITEM.pattern),
        ],
        states={
            Step.VERDICT: [
                CallbackQueryHandler(verdict_chosen, pattern=VERDICT.pattern),
                *everywhere,
                MessageHandler(text | other, use_buttons),
            ],
            Step.SCORE: [
                CallbackQueryHandler(score_chosen, pattern=SCORE.pattern),
                *everywhere,
                MessageHandler(text | other, use_buttons),
            ],
            Step.NOTE: [
                MessageHandler(text, note_typed),
                CallbackQueryHandler(note_skipped, pattern=SKIP_NOTE.pattern),
                *everywhere,
                MessageHandler(other, not_a_note),
            ],
            Step.PREVIEW: [
                CallbackQueryHandler(confirmed, pattern=CONFIRM.pattern),
                *everywhere,
                MessageHandler(text | other, use_buttons),
            ],
        },
        fallbacks=[
            CommandHandler(command("batal").names, cancel, filters=private),
            # Anything else under "rev:" (an older screen's button, forged or garbled data):
            # refused politely, nothing changes.
            CallbackQueryHandler(stale_button, pattern=r"^rev:"),
        ],
    )
