"""/tinjau (/review): the queue, oldest first; one innovation with its evidence; a verdict, a
score of 1–5 on each criterion, a note; the OPD is told. The first decision wins."""

from __future__ import annotations

import enum
import logging
from typing import Any

from sqlalchemy import select
from sqlalchemy import update as sql_update
from sqlalchemy.ext.asyncio import AsyncSession
from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.ext import CallbackQueryHandler, CommandHandler, MessageHandler, filters

from bot.commands.innovations import show_innovation
from bot.context import BotContext
from bot.formatting import shorten
from bot.innovation_view import status_label
from bot.innovations import TEXT_MAX, Invalid, valid_long_text
from bot.jobs.outbox import notify_person
from bot.menu import button_labels, command
from bot.people import Caller, require
from bot.policy import Action
from bot.texts import Catalog
from conversations.common import END, FlowStore, conversation, stale_button
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
OPEN = (Status.SUBMITTED, Status.IN_REVIEW)
VERDICT_CODES = {"ok": Verdict.APPROVED, "rev": Verdict.REVISION_REQUESTED, "no": Verdict.REJECTED}


class Step(enum.StrEnum):
    VERDICT = "verdict"
    SCORE = "score"
    NOTE = "note"


def _button(text: str, data: str) -> InlineKeyboardButton:
    return InlineKeyboardButton(text, callback_data=data)


async def _reviewer(update: Update, context: BotContext) -> Caller | None:
    return await require(update, context, Action.REVIEW)


async def queue_command(update: Update, context: BotContext) -> object:
    caller = await _reviewer(update, context)
    if caller is None:
        return END
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
        return END
    rows = [
        [_button(shorten(f"#{i.id} {status_label(texts, lang, i.status)} · {i.title}"),
                 f"rev:open:{i.id}")]
        for i in queue[:QUEUE_SHOWN]
    ]  # fmt: skip
    await message.reply_text(
        texts.text(lang, "rev-queue-title", shown=min(len(queue), QUEUE_SHOWN)),
        reply_markup=InlineKeyboardMarkup(rows),
    )
    return END


async def open_innovation(update: Update, context: BotContext) -> object:
    query = update.callback_query
    assert query is not None
    caller = await _reviewer(update, context)
    if caller is None:
        return END
    innovation_id = int((query.data or "0").rsplit(":", 1)[1])
    texts = context.services.texts
    async with context.services.database.transaction() as session:
        repository = InnovationRepository(session)
        innovation = await repository.get(innovation_id)
        if innovation is None or innovation.status not in OPEN:
            await FLOW.end(session, update)
        else:
            if innovation.status == Status.SUBMITTED:
                innovation.status = Status.IN_REVIEW
                await repository.log(
                    innovation,
                    caller.member,
                    "review_started",
                    from_status=Status.SUBMITTED,
                    to_status=Status.IN_REVIEW,
                )
                await session.flush()
            # The verdict will be for this version, and no other.
            data = {"innovation_id": innovation.id, "version": innovation.version}
            await FLOW.save(session, update, Step.VERDICT, data)
    if innovation is None or innovation.status not in OPEN:
        status = status_label(texts, caller.lang, innovation.status) if innovation else "-"
        await query.answer(
            texts.text(caller.lang, "rev-already-decided", id=innovation_id, status=status),
            show_alert=True,
        )
        return END
    await query.answer()
    await show_innovation(update, context, caller, innovation.id)
    lang = caller.lang
    markup = InlineKeyboardMarkup(
        [
            [_button(texts.text(lang, "button-approve"), "rev:v:ok"),
             _button(texts.text(lang, "rev-button-revise"), "rev:v:rev"),
             _button(texts.text(lang, "button-reject"), "rev:v:no")],
        ]
    )  # fmt: skip
    await context.bot.send_message(
        update.effective_chat.id,  # type: ignore[union-attr]
        texts.text(lang, "rev-ask-verdict", id=innovation.id),
        reply_markup=markup,
    )
    return Step.VERDICT


async def verdict_chosen(update: Update, context: BotContext) -> object:
    query = update.callback_query
    assert query is not None
    caller = await _reviewer(update, context)
    if caller is None:
        return END
    await query.answer()
    code = (query.data or "").rsplit(":", 1)[1]
    async with context.services.database.transaction() as session:
        data = await FLOW.load(session, update)
        data.update(verdict=VERDICT_CODES[code].value, scores={})
        await FLOW.save(session, update, Step.SCORE, data)
    await query.edit_message_reply_markup(None)
    return await _ask_score(update, context, caller, CRITERIA[0])


async def _ask_score(update: Update, context: BotContext, caller: Caller, criterion: str) -> object:
    texts = context.services.texts
    # The button names its criterion: a second tap on it cannot score the next one.
    markup = InlineKeyboardMarkup(
        [[_button(str(n), f"rev:s:{criterion}:{n}") for n in range(1, 6)]]
    )
    await context.bot.send_message(
        update.effective_chat.id,  # type: ignore[union-attr]
        texts.text(
            caller.lang, "rev-ask-score", criterion=texts.text(caller.lang, f"crit-{criterion}")
        ),
        reply_markup=markup,
    )
    return Step.SCORE


async def score_chosen(update: Update, context: BotContext) -> object:
    query = update.callback_query
    assert query is not None
    caller = await _reviewer(update, context)
    if caller is None:
        return END
    _, _, criterion, number = (query.data or "").split(":")
    score = int(number)
    async with context.services.database.transaction() as session:
        data = await FLOW.load(session, update)
        scores: dict[str, int] = data.get("scores", {})
        remaining = [c for c in CRITERIA if c not in scores]
        if not remaining or "verdict" not in data or criterion != remaining[0]:
            expired = True
        else:
            expired = False
            scores[criterion] = score
            data["scores"] = scores
            following = remaining[1:]
            await FLOW.save(session, update, Step.SCORE if following else Step.NOTE, data)
    if expired:  # a second tap, or a button of a criterion already scored
        await stale_button(update, context)
        return None
    await query.answer()
    await query.edit_message_text(
        f"{context.services.texts.text(caller.lang, f'crit-{criterion}')}: {score}"
    )
    if following:
        return await _ask_score(update, context, caller, following[0])
    texts = context.services.texts
    required = data["verdict"] != Verdict.APPROVED
    markup = (
        None
        if required
        else InlineKeyboardMarkup(
            [[_button(texts.text(caller.lang, "button-skip"), "rev:note:skip")]]
        )
    )
    key = "rev-ask-note-required" if required else "rev-ask-note-optional"
    await context.bot.send_message(
        update.effective_chat.id,  # type: ignore[union-attr]
        texts.text(caller.lang, key, max=TEXT_MAX),
        reply_markup=markup,
    )
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
    return await _decide(update, context, caller, note)


async def note_skipped(update: Update, context: BotContext) -> object:
    query = update.callback_query
    assert query is not None
    caller = await _reviewer(update, context)
    if caller is None:
        return END
    async with context.services.database.transaction() as session:
        data = await FLOW.load(session, update)
    if data.get("verdict") != Verdict.APPROVED:
        await query.answer(
            context.services.texts.text(caller.lang, "rev-note-required"), show_alert=True
        )
        return Step.NOTE
    await query.answer()
    await query.edit_message_reply_markup(None)
    return await _decide(update, context, caller, None)


async def not_a_note(update: Update, context: BotContext) -> object:
    caller = await _reviewer(update, context)
    if caller is not None and update.effective_message is not None:
        await update.effective_message.reply_text(
            context.services.texts.text(caller.lang, "please-type-text")
        )
    return None


async def _decide(update: Update, context: BotContext, caller: Caller, note: str | None) -> object:
    """The verdict, in one transaction: only if the innovation is still open for review."""
    texts = context.services.texts
    lang = caller.lang
    async with context.services.database.transaction() as session:
        data = await FLOW.load(session, update)
        innovation_id = int(data.get("innovation_id", 0))
        verdict = Verdict(data["verdict"])
        scores: dict[str, int] = data["scores"]
        # Only on the version the reviewer opened: a revision resubmitted meanwhile is a
        # version nobody has reviewed yet.
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
                    **scores,
                )
            )
            await InnovationRepository(session).log(
                innovation, caller.member, "reviewed", from_status=Status.IN_REVIEW,
                to_status=verdict.value, note=note,
            )  # fmt: skip
            await _tell_the_opd(session, context, innovation, verdict, scores, note)
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
        await message.reply_text(
            texts.text(lang, "rev-already-decided", id=innovation.id,
                       status=status_label(texts, lang, innovation.status))
        )  # fmt: skip
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
    lines.append(", ".join(f"{texts.text(lang, f'crit-{c}')} {scores[c]}" for c in CRITERIA))
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
    async with context.services.database.transaction() as session:
        await FLOW.end(session, update)
    caller = await require(update, context, Action.USE_BOT)
    if caller is not None and update.effective_message is not None:
        await update.effective_message.reply_text(
            context.services.texts.text(caller.lang, "rev-cancelled")
        )
    return END


def build(texts: Catalog) -> Any:
    private = filters.ChatType.PRIVATE
    text = private & filters.UpdateType.MESSAGE & filters.TEXT & ~filters.COMMAND
    other = private & filters.UpdateType.MESSAGE & ~filters.TEXT & ~filters.COMMAND
    return conversation(
        "review",
        entry_points=[
            CommandHandler(command("tinjau").names, queue_command, filters=private),
            MessageHandler(
                private & filters.Text(button_labels(texts, "tinjau")),
                queue_command,
            ),
            CallbackQueryHandler(open_innovation, pattern=r"^rev:open:\d{1,12}$"),
        ],
        states={
            Step.VERDICT: [
                CallbackQueryHandler(verdict_chosen, pattern=r"^rev:v:(ok|rev|no)$"),
                MessageHandler(text | other, use_buttons),
            ],
            Step.SCORE: [
                CallbackQueryHandler(
                    score_chosen, pattern=rf"^rev:s:({'|'.join(CRITERIA)}):[1-5]$"
                ),
                MessageHandler(text | other, use_buttons),
            ],
            Step.NOTE: [
                MessageHandler(text, note_typed),
                CallbackQueryHandler(note_skipped, pattern=r"^rev:note:skip$"),
                MessageHandler(other, not_a_note),
            ],
        },
        fallbacks=[
            CommandHandler(command("batal").names, cancel, filters=private),
            CallbackQueryHandler(stale_button, pattern=r"^rev:"),
        ],
    )
