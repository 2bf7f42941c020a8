"""/rekap (/summary) and /belum (/missing): the numbers and the gaps, as text and pictures."""

from __future__ import annotations

import asyncio
from collections.abc import Callable

from telegram import Update
from telegram.constants import ChatAction

from bot.context import BotContext
from bot.iid import count_ready
from bot.people import require
from bot.policy import Action
from bot.reports import (
    Coverage,
    Summary,
    build_coverage,
    build_summary,
    coverage_picture,
    pillar_chart,
    render_missing,
    render_summary,
)
from bot.texts import Catalog


async def _report(
    update: Update,
    context: BotContext,
    text: Callable[[Catalog, str, Summary, Coverage | None], str],
    picture: Callable[[Catalog, str, Summary, Coverage | None], bytes],
    *,
    coverage: bool,
    iid: bool = False,
) -> None:
    """The text at once, then the picture, drawn in the background (a moment of CPU in a
    thread): nobody waits for it, the person who asked included."""
    caller = await require(update, context, Action.REPORT)
    if caller is None:
        return
    message = update.effective_message
    assert message is not None
    texts = context.services.texts
    async with context.services.database.reading() as session:
        summary = await build_summary(session)
        matrix = await build_coverage(session) if coverage else None
        ready = await count_ready(session) if iid else None
    reply = text(texts, caller.lang, summary, matrix)
    if ready is not None:  # the national index: how many innovations have all it asks
        reply += "\n" + texts.text(caller.lang, "rep-iid", ready=ready[0], total=ready[1])
    await message.reply_text(reply)

    async def draw_and_send() -> None:
        await message.reply_chat_action(ChatAction.UPLOAD_PHOTO)
        drawn = await asyncio.to_thread(picture, texts, caller.lang, summary, matrix)
        await message.reply_photo(drawn)

    context.services.background.spawn(draw_and_send(), update=update, name="report picture")


async def summary_command(update: Update, context: BotContext) -> None:
    await _report(
        update,
        context,
        lambda texts, lang, summary, _: render_summary(texts, lang, summary),
        lambda texts, lang, summary, _: pillar_chart(texts, lang, summary),
        coverage=False,
        iid=True,
    )


async def missing_command(update: Update, context: BotContext) -> None:
    await _report(
        update,
        context,
        lambda texts, lang, summary, matrix: render_missing(texts, lang, summary, matrix),
        lambda texts, lang, summary, matrix: coverage_picture(texts, lang, matrix),
        coverage=True,
    )
