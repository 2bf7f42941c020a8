"""/start: the welcome, for members and for people who have not registered yet."""

from __future__ import annotations

from telegram import Update

from bot.context import BotContext
from bot.texts import resolve_language
from storage.models import Member, MemberStatus
from storage.repositories import MemberRepository


async def _member_and_language(update: Update, context: BotContext) -> tuple[Member | None, str]:
    user = update.effective_user
    assert user is not None
    services = context.services
    async with services.database.transaction() as session:
        member = await MemberRepository(session).by_telegram_id(user.id)
    lang = resolve_language(
        member.language if member else None,
        user.language_code,
        services.settings.default_language,
    )
    return member, lang


async def start(update: Update, context: BotContext) -> None:
    message = update.effective_message
    if message is None:
        return
    member, lang = await _member_and_language(update, context)
    texts = context.services.texts
    if member is None:
        await message.reply_text(texts.text(lang, "start-welcome-guest"))
    elif member.status == MemberStatus.BLOCKED:
        await message.reply_text(texts.text(lang, "start-welcome-blocked"))
    else:
        await message.reply_text(
            texts.text(
                lang,
                "start-welcome-member",
                name=member.full_name,
                role=texts.text(lang, f"role-{member.role}"),
                opd=member.opd.name if member.opd else texts.text(lang, "opd-none"),
            )
        )


async def unknown_message(update: Update, context: BotContext) -> None:
    message = update.effective_message
    if message is None:
        return
    _, lang = await _member_and_language(update, context)
    await message.reply_text(context.services.texts.text(lang, "unknown-message"))
