"""Who is writing: their membership, their language, what they may do."""

from __future__ import annotations

import logging
import re
import unicodedata
from dataclasses import dataclass, field

from sqlalchemy.ext.asyncio import AsyncSession
from telegram import Update
from telegram.error import TelegramError

from bot.core.policy import Action, Actor, can
from bot.core.textinput import telegram_length, without_controls
from bot.core.texts import resolve_language
from bot.telegram.context import BotContext
from storage.models import Member, MemberStatus, Role
from storage.repositories import MemberRepository

logger = logging.getLogger(__name__)

NAME_MIN, NAME_MAX = 3, 100
# Pasted from WhatsApp, codes and names often carry invisible characters.
INVISIBLE = re.compile(r"[\u200b-\u200f\u202a-\u202e\u2060-\u2064\ufeff\u00ad]")


@dataclass
class Caller:
    """The person behind an update. What they may do is taken when they are identified (a
    snapshot, not the ORM row: a rolled-back transaction expires the row, never this)."""

    telegram_id: int
    member: Member | None
    lang: str
    actor: Actor = field(init=False)

    def __post_init__(self) -> None:
        self.actor = Actor.of(self.member)

    def may(self, action: Action, *, opd_id: int | None = None) -> bool:
        return can(self.actor, action, opd_id=opd_id)


def clean_text(text: str) -> str:
    """Invisible and control characters out, Unicode in one form, runs of spaces as one."""
    text = INVISIBLE.sub("", without_controls(unicodedata.normalize("NFC", text)))
    return " ".join(text.split())


def valid_name(text: str) -> str | None:
    """A person's name as typed, cleaned; None if it cannot be one (no letters, too short or too
    long)."""
    name = clean_text(text)
    if not NAME_MIN <= telegram_length(name) <= NAME_MAX:
        return None
    if sum(1 for char in name if char.isalpha()) < 2:
        return None
    return name


def telegram_name(update: Update) -> str:
    user = update.effective_user
    if user is None:
        return ""
    return valid_name(user.full_name) or ""


async def identify(update: Update, context: BotContext) -> Caller:
    """Load the member behind the update. Reading who someone is takes no write lock; only
    when something must change (see ``identify_in``) is a write transaction opened."""
    user = update.effective_user
    assert user is not None
    services = context.services
    async with services.database.reading() as session:
        member = await MemberRepository(session).by_telegram_id(user.id)
    if _changes(update, context, member):
        async with services.database.transaction() as session:
            return await identify_in(session, update, context)
    return _caller(update, context, member)


async def identify_in(session: AsyncSession, update: Update, context: BotContext) -> Caller:
    """``identify`` inside the caller's transaction (one transaction for a whole answer).
    People named in ADMIN_IDS are admins from their first message: their membership is made
    (or raised to admin) here; someone who writes privately again is reachable again."""
    user = update.effective_user
    assert user is not None
    member = await MemberRepository(session).by_telegram_id(user.id)
    return await identified_in(session, update, context, member)


async def identified_in(
    session: AsyncSession, update: Update, context: BotContext, member: Member | None
) -> Caller:
    """``identify_in`` with the member already read in this transaction (with its OPD), by
    the caller's own statement (a flow reads the member and its state in one)."""
    user = update.effective_user
    assert user is not None
    services = context.services
    members = MemberRepository(session)
    if not _changes(update, context, member):
        return _caller(update, context, member)
    if user.id in services.settings.admin_ids:
        if member is None:
            member = await members.add(
                telegram_id=user.id,
                full_name=telegram_name(update) or f"Admin {user.id}",
                role=Role.ADMIN,
                opd_id=None,
            )
            await session.refresh(member, ["opd"])
            logger.info("member %s made admin from ADMIN_IDS", member.id)
        elif member.role != Role.ADMIN or member.status != MemberStatus.ACTIVE:
            member.role, member.status = Role.ADMIN, MemberStatus.ACTIVE
            logger.info("member %s raised to admin from ADMIN_IDS", member.id)
    if member is not None and member.unreachable_since is not None and _private(update):
        member.unreachable_since = None  # they wrote to the bot again: it reaches them again
    return _caller(update, context, member)


def _private(update: Update) -> bool:
    chat = update.effective_chat
    return chat is not None and chat.type == "private"


def _changes(update: Update, context: BotContext, member: Member | None) -> bool:
    """Whether identifying this person must write something."""
    user = update.effective_user
    assert user is not None
    if user.id in context.services.settings.admin_ids and (
        member is None or member.role != Role.ADMIN or member.status != MemberStatus.ACTIVE
    ):
        return True
    return member is not None and member.unreachable_since is not None and _private(update)


def _caller(update: Update, context: BotContext, member: Member | None) -> Caller:
    user = update.effective_user
    assert user is not None
    lang = resolve_language(
        member.language if member else None,
        user.language_code,
        context.services.settings.default_language,
    )
    return Caller(user.id, member, lang)


async def refuse(update: Update, context: BotContext, caller: Caller, action: Action) -> None:
    """Say politely why not, and log it."""
    logger.info(
        "refused %s to telegram user %s (role %s)", action, caller.telegram_id, caller.actor.role
    )
    if caller.actor.role is None:
        key = "refused-not-registered"
    elif caller.actor.status == MemberStatus.BLOCKED:
        key = "refused-blocked"
    else:
        key = "refused-not-allowed"
    text = context.services.texts.text(caller.lang, key)
    if update.callback_query is not None:
        try:
            await update.callback_query.answer(text, show_alert=True)
            return
        except TelegramError:  # already acknowledged: say it in the chat instead
            pass
    if update.effective_message is not None:
        await update.effective_message.reply_text(text)


async def require(
    update: Update, context: BotContext, action: Action, *, opd_id: int | None = None
) -> Caller | None:
    """The caller if they may do `action`; otherwise they are told, and None."""
    caller = await identify(update, context)
    if caller.may(action, opd_id=opd_id):
        return caller
    await refuse(update, context, caller, action)
    return None
