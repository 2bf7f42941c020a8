"""/rekap (/summary) and /belum (/missing): the numbers and the gaps, as text and pictures."""

from __future__ import annotations

import asyncio

from telegram import Update
from telegram.constants import ChatAction

from bot.context import BotContext
from bot.people import require
from bot.policy import Action
from bot.reports import (
    build_coverage,
    build_summary,
    coverage_picture,
    pillar_chart,
    render_missing,
    render_summary,
)


async def summary_command(update: Update, context: BotContext) -> None:
    caller = await require(update, context, Action.REPORT)
    if caller is None:
        return
    message = update.effective_message
    assert message is not None
    texts = context.services.texts
    async with context.services.database.reading() as session:
        summary = await build_summary(session)
    await message.reply_text(render_summary(texts, caller.lang, summary))
    await message.reply_chat_action(ChatAction.UPLOAD_PHOTO)
    # Drawing takes a moment of CPU: off the event loop, so other people are not kept waiting.
    chart = await asyncio.to_thread(pillar_chart, texts, caller.lang, summary)
    await message.reply_photo(chart)


async def missing_command(update: Update, context: BotContext) -> None:
    caller = await require(update, context, Action.REPORT)
    if caller is None:
        return
    message = update.effective_message
    assert message is not None
    texts = context.services.texts
    async with context.services.database.reading() as session:
        summary = await build_summary(session)
        coverage = await build_coverage(session)
    await message.reply_text(render_missing(texts, caller.lang, summary, coverage))
    await message.reply_chat_action(ChatAction.UPLOAD_PHOTO)
    picture = await asyncio.to_thread(coverage_picture, texts, caller.lang, coverage)
    await message.reply_photo(picture)
