"""What every flow shares: its key, its stored answers, the answers to what is not text."""

from __future__ import annotations

import contextlib
import logging
import warnings
from datetime import timedelta
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession
from telegram import Message, Update
from telegram.error import BadRequest, Forbidden, TelegramError
from telegram.ext import BaseHandler, ConversationHandler
from telegram.warnings import PTBUserWarning

from bot.core.policy import Action
from bot.core.texts import resolve_language
from bot.innovations.rules import EvidenceFile
from bot.telegram.context import BotContext
from bot.telegram.people import require
from storage.database import written
from storage.models import ConversationState, Member
from storage.repositories.conversations import ConversationRepository

END = ConversationHandler.END
logger = logging.getLogger(__name__)


def conversation_key(update: Update) -> tuple[int, int]:
    """The key python-telegram-bot gives a per-chat, per-user conversation."""
    assert update.effective_chat is not None and update.effective_user is not None
    return update.effective_chat.id, update.effective_user.id


class FlowStore:
    """A flow's state and answers in `conversation_state`, written by the handler in the same
    transaction as the answer it took."""

    def __init__(self, name: str) -> None:
        self.name = name

    async def load(self, session: AsyncSession, update: Update) -> dict[str, Any]:
        row = await self.row(session, update)
        return dict(row.data) if row is not None else {}

    async def row(self, session: AsyncSession, update: Update) -> ConversationState | None:
        return await ConversationRepository(session).get(self.name, conversation_key(update))

    async def member_and_row(
        self, session: AsyncSession, update: Update
    ) -> tuple[Member | None, ConversationState | None]:
        """Who wrote (with their OPD) and this flow's row for them, in one statement."""
        assert update.effective_user is not None
        return await ConversationRepository(session).member_and_get(
            update.effective_user.id, self.name, conversation_key(update)
        )

    async def save(
        self,
        session: AsyncSession,
        update: Update,
        state: str,
        data: dict[str, Any],
        *,
        row: ConversationState | None = None,
        looked: bool = False,
    ) -> str:
        key = conversation_key(update)
        await ConversationRepository(session).save(
            self.name, key, state, data, row=row, looked=looked
        )
        written(session, self.name, key, state)
        return state

    async def end(self, session: AsyncSession, update: Update) -> int:
        key = conversation_key(update)
        await ConversationRepository(session).delete(self.name, key)
        written(session, self.name, key, None)
        return END


def conversation(
    name: str,
    *,
    entry_points: list[BaseHandler[Any, Any, Any]],
    states: dict[object, list[BaseHandler[Any, Any, Any]]],
    fallbacks: list[BaseHandler[Any, Any, Any]],
    timeout: timedelta | None = None,
) -> ConversationHandler[Any]:
    """A persistent, per-chat-and-user ConversationHandler.

    per_message is False on purpose: a flow is one conversation per person, and its buttons are
    re-checked by pattern and by what is stored, whichever message they sit on. The library
    warns about exactly that choice; the warning is silenced here, and only here."""
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message=".*per_message=False.*", category=PTBUserWarning)
        return ConversationHandler(
            entry_points=entry_points,
            states=states,
            fallbacks=fallbacks,
            name=name,
            persistent=True,
            per_chat=True,
            per_user=True,
            per_message=False,
            allow_reentry=True,
            conversation_timeout=timeout,
        )


async def please_type_text(update: Update, context: BotContext, lang: str) -> None:
    """A sticker, photo, voice note or location where text was asked for."""
    if update.effective_message is not None:
        await update.effective_message.reply_text(
            context.services.texts.text(lang, "please-type-text")
        )


async def use_the_buttons(update: Update, context: BotContext, lang: str) -> None:
    """Typed text (or a sticker, a photo...) where a button is expected."""
    if update.effective_message is not None:
        await update.effective_message.reply_text(
            context.services.texts.text(lang, "sub-use-buttons")
        )


async def stale_button(update: Update, context: BotContext) -> None:
    """A button whose flow has ended or moved on: say so instead of leaving it spinning."""
    query = update.callback_query
    if query is None:
        return
    user = update.effective_user
    lang = resolve_language(
        None, user.language_code if user else None, context.services.settings.default_language
    )
    with contextlib.suppress(TelegramError):  # answered too late: nothing left to tell
        await query.answer(context.services.texts.text(lang, "button-expired"), show_alert=True)


async def leave_flow(update: Update, context: BotContext, flow: FlowStore, key: str) -> int:
    """/batal inside a flow: it ends (what was answered stays), and the person is told."""
    async with context.services.database.transaction() as session:
        await flow.end(session, update)
    caller = await require(update, context, Action.USE_BOT)
    if caller is not None and update.effective_message is not None:
        await update.effective_message.reply_text(context.services.texts.text(caller.lang, key))
    return END


async def flow_timed_out(update: Update, context: BotContext, flow: FlowStore, key: str) -> None:
    """A flow idle too long: it ends (what was answered stays), and the person is told."""
    if update.effective_chat is None or update.effective_user is None:
        return
    async with context.services.database.transaction() as session:
        await flow.end(session, update)
    caller = await require(update, context, Action.USE_BOT)
    if caller is not None:
        try:
            await context.bot.send_message(
                update.effective_chat.id, context.services.texts.text(caller.lang, key)
            )
        except (Forbidden, BadRequest) as exc:
            logger.info("could not tell about a timed-out %s flow: %s", flow.name, exc)


def evidence_file(message: Message) -> EvidenceFile:
    """A photo or a document as sent, to be checked as evidence."""
    if message.photo:
        photo = message.photo[-1]
        return EvidenceFile(
            "photo", photo.file_id, photo.file_unique_id, None, "image/jpeg", photo.file_size
        )
    document = message.document
    assert document is not None
    return EvidenceFile(
        "document", document.file_id, document.file_unique_id, document.file_name,
        document.mime_type, document.file_size,
    )  # fmt: skip
