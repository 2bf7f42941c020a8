"""/rekap (/summary) and /belum (/missing): the numbers and the gaps, as text and pictures."""

from __future__ import annotations

import asyncio
from collections.abc import Callable

from telegram import InlineKeyboardMarkup, Update
from telegram.constants import ChatAction

from bot.core.formatting import page_navigation
from bot.core.policy import Action
from bot.core.texts import Catalog
from bot.iid.record import count_ready
from bot.monitoring.checkins import build_overview, render_overview
from bot.reporting.reports import (
    Coverage,
    Summary,
    build_coverage,
    build_plan_totals,
    build_summary,
    coverage_picture,
    missing_pages,
    pillar_chart,
    render_missing,
    render_plan_totals,
    render_summary,
)
from bot.telegram.callbacks import Callback, Int
from bot.telegram.context import BotContext
from bot.telegram.people import Caller, require
from bot.telegram.screens import show_screen

# /belum's pages: ⬅️ / ➡️ carry the page they open. The page is checked again when pressed
# (the list may have grown shorter since): past the end, the last page is shown.
MISSING_PAGE = Callback("mis:p", Int("page", 5))


async def _report(
    update: Update,
    context: BotContext,
    text: Callable[[Catalog, str, Summary, Coverage | None], str],
    picture: Callable[[Catalog, str, Summary, Coverage | None], bytes],
    *,
    coverage: bool,
    keyboard: Callable[[Catalog, str, Summary], InlineKeyboardMarkup | None] = lambda *_: None,
    iid: bool = False,
    plans: bool = False,
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
        # How the approved innovations are kept up to date (pemantauan), after the numbers.
        freshness = await build_overview(session, context.services.clock.now())
        ready = await count_ready(session) if iid else None
        today = context.services.clock.now().astimezone(context.services.settings.tzinfo).date()
        plan_totals = await build_plan_totals(session, today) if plans else None
    body = text(texts, caller.lang, summary, matrix)
    if (plan_line := render_plan_totals(texts, caller.lang, plan_totals)) is not None:
        body += "\n" + plan_line  # the action plans: nothing when no OPD has one
    if ready is not None:  # the national index: how many innovations have all it asks
        body += "\n" + texts.text(caller.lang, "rep-iid", ready=ready[0], total=ready[1])
    await message.reply_text(
        body + "\n\n" + render_overview(texts, caller.lang, freshness),
        reply_markup=keyboard(texts, caller.lang, summary),
    )

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
        plans=True,
    )


def _pages(
    texts: Catalog, lang: str, summary: Summary, page: int = 0
) -> InlineKeyboardMarkup | None:
    """⬅️ / ➡️ through the OPDs without a submission; none when one page holds them all."""
    row = page_navigation(
        texts, lang, page=page, pages=missing_pages(summary), page_data=MISSING_PAGE.data
    )
    return InlineKeyboardMarkup([row]) if row else None


async def missing_command(update: Update, context: BotContext) -> None:
    await _report(
        update,
        context,
        lambda texts, lang, summary, matrix: render_missing(texts, lang, summary, matrix),
        lambda texts, lang, summary, matrix: coverage_picture(texts, lang, matrix),
        coverage=True,
        keyboard=_pages,
    )


async def missing_page(update: Update, context: BotContext) -> None:
    """⬅️ / ➡️ of /belum: the role is asked again, the page read again from the database."""
    query = update.callback_query
    assert query is not None
    caller: Caller | None = await require(update, context, Action.REPORT)
    if caller is None:
        return
    texts = context.services.texts
    parsed = MISSING_PAGE.parse(query.data)
    if parsed is None:
        await query.answer(texts.text(caller.lang, "button-expired"))
        return
    async with context.services.database.reading() as session:
        summary = await build_summary(session)
        matrix = await build_coverage(session)
    page = min(parsed[0], missing_pages(summary) - 1)
    await query.answer()
    await show_screen(
        update,
        render_missing(texts, caller.lang, summary, matrix, page),
        _pages(texts, caller.lang, summary, page),
        edit=True,
    )
