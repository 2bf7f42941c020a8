"""/manfaat (admins): the benefit measures a check-in asks, and their CSV; a CSV sent back is
checked whole and replaces them only when every row is good (every bad row listed with its
line). A measure left out is retired, its recorded values kept.

/manfaat ─> IMPORT (a CSV document | /batal)
"""

from __future__ import annotations

import logging
from datetime import timedelta
from typing import Any

from telegram import Update
from telegram.error import TelegramError
from telegram.ext import CommandHandler, ConversationHandler, MessageHandler, filters

from bot.core.policy import Action
from bot.core.texts import Catalog, Html
from bot.monitoring.benefit_csv import (
    BenefitCsvError,
    Problem,
    measures_csv,
    parse_measure_csv,
    replace_measures,
)
from bot.monitoring.benefits import active_measures
from bot.telegram.context import BotContext
from bot.telegram.menu import command, menu_labels
from bot.telegram.people import require
from conversations.common import END, FlowStore, conversation, leave_flow

logger = logging.getLogger(__name__)

FLOW = FlowStore("benefits")
TIMEOUT = timedelta(hours=1)
IMPORT = "import"
MAX_DOWNLOAD = 256 * 1024
PROBLEMS_SHOWN = 40


async def benefits_command(update: Update, context: BotContext) -> object:
    """/manfaat: the measures as they stand, their CSV, and the invitation to send it back."""
    caller = await require(update, context, Action.CONFIGURE)
    if caller is None:
        return END
    texts, lang = context.services.texts, caller.lang
    async with context.services.database.transaction() as session:
        measures = await active_measures(session)
        await FLOW.save(session, update, IMPORT, {})
    lines = [texts.text(lang, "ben-admin-title", count=len(measures))]
    lines += [
        texts.text(lang, "ben-admin-line", code=m.code, name=m.name_in(lang),
                   unit=m.unit_in(lang), max=m.maximum)
        for m in measures
    ]  # fmt: skip
    if not measures:
        lines.append(texts.text(lang, "ben-admin-none"))
    message = update.effective_message
    assert message is not None
    await message.reply_text("\n".join(lines))
    await message.reply_document(
        measures_csv(measures), filename="ukuran-manfaat.csv",
        caption=texts.text(lang, "ben-admin-send-back"),
    )  # fmt: skip
    return IMPORT


async def _download(context: BotContext, file_id: str) -> bytes:
    """A CSV sent back, read (at most `MAX_DOWNLOAD` bytes)."""
    try:
        telegram_file = await context.bot.get_file(file_id)
        if (telegram_file.file_size or 0) > MAX_DOWNLOAD:
            raise BenefitCsvError([Problem(0, "ben-csv-too-large")])
        return bytes(await telegram_file.download_as_bytearray())
    except TelegramError as exc:
        logger.warning("could not read a file sent for the benefit measures: %s", exc)
        raise BenefitCsvError([Problem(0, "sub-file-unreadable")]) from None


def refusal(texts: Catalog, lang: str, error: BenefitCsvError) -> str:
    """Every problem of a refused file, with its line (the first forty)."""
    lines = [texts.text(lang, "ben-csv-refused", count=len(error.problems))]
    for problem in error.problems[:PROBLEMS_SHOWN]:
        text = texts.text(lang, problem.key, **problem.arguments)
        lines.append(texts.text(lang, "ben-csv-line", line=str(problem.line), problem=Html(text))
                     if problem.line else text)  # fmt: skip
    if len(error.problems) > PROBLEMS_SHOWN:
        lines.append(texts.text(lang, "ben-csv-more", more=len(error.problems) - PROBLEMS_SHOWN))
    return "\n".join(lines)


async def csv_sent(update: Update, context: BotContext) -> object:
    """A CSV sent back: checked whole; imported only when every row is good."""
    message = update.effective_message
    assert message is not None and message.document is not None
    caller = await require(update, context, Action.CONFIGURE)
    if caller is None:
        async with context.services.database.transaction() as session:
            return await FLOW.end(session, update)
    texts, lang = context.services.texts, caller.lang
    name = (message.document.file_name or "").casefold()
    try:
        if not name.endswith((".csv", ".txt")):
            raise BenefitCsvError([Problem(0, "ben-csv-not-csv")])
        rows = parse_measure_csv(await _download(context, message.document.file_id))
    except BenefitCsvError as error:
        await message.reply_text(refusal(texts, lang, error))
        return IMPORT
    async with context.services.database.transaction() as session:
        imported, retired = await replace_measures(session, rows)
        await FLOW.end(session, update)
    logger.info("benefit measures replaced by telegram user %s: %s in the file, %s retired",
                caller.telegram_id, imported, retired)  # fmt: skip
    await message.reply_text(texts.text(lang, "ben-csv-imported", count=imported, retired=retired))
    return END


async def waiting(update: Update, context: BotContext) -> object:
    caller = await require(update, context, Action.CONFIGURE)
    if caller is None:
        async with context.services.database.transaction() as session:
            return await FLOW.end(session, update)
    message = update.effective_message
    assert message is not None
    await message.reply_text(context.services.texts.text(caller.lang, "ben-admin-waiting"))
    return IMPORT


async def cancel(update: Update, context: BotContext) -> object:
    return await leave_flow(update, context, FLOW, "ben-cancelled")


def build(texts: Catalog) -> ConversationHandler[Any]:
    private = filters.ChatType.PRIVATE
    # The main menu's buttons keep working while a file is waited for.
    message = (
        private & filters.UpdateType.MESSAGE & ~filters.COMMAND & ~filters.Text(menu_labels(texts))
    )
    return conversation(
        FLOW.name,
        entry_points=[CommandHandler(command("manfaat").names, benefits_command, filters=private)],
        states={
            IMPORT: [
                MessageHandler(message & filters.Document.ALL, csv_sent),
                MessageHandler(message, waiting),
            ],
        },
        timeout=TIMEOUT,
        fallbacks=[CommandHandler(command("batal").names, cancel, filters=private)],
    )
