"""/ekspor (/export): the Excel file, in chat, named with the date."""

from __future__ import annotations

import asyncio
import io
from zoneinfo import ZoneInfo

from telegram import Message, Update
from telegram.constants import ChatAction

from bot.context import BotContext, Services
from bot.export import ExportFilter, write_xlsx
from bot.opd_csv import normalise_code
from bot.people import require
from bot.policy import Action
from bot.texts import Catalog
from storage.database import Database
from storage.models import Status
from storage.repositories import OpdRepository


def status_named(texts: Catalog, word: str) -> Status | None:
    """A status from its code or its name in either language (`disetujui`, `approved`)."""
    wanted = word.strip().lower().replace(" ", "_")
    for status in Status:
        names = {
            status.value,
            *(n.lower().replace(" ", "_") for n in texts.all(f"status-{status}")),
        }
        if wanted in names:
            return status
    return None


async def _export(
    url: str, buffer: io.BytesIO, texts: Catalog, lang: str, zone: ZoneInfo, filters: ExportFilter
) -> int:
    database = Database(url)
    try:
        async with database.reading() as session:
            return await write_xlsx(session, buffer, texts, lang, zone, filters)
    finally:
        await database.dispose()


async def export_command(update: Update, context: BotContext) -> None:
    caller = await require(update, context, Action.REPORT)
    if caller is None:
        return
    message = update.effective_message
    assert message is not None
    services = context.services
    texts = services.texts
    argument = " ".join(context.args or []).strip()
    filters = ExportFilter()
    if argument:
        status = status_named(texts, argument)
        code = normalise_code(argument)[:32]
        async with services.database.transaction() as session:
            opd = await OpdRepository(session).get_by_code(code)
        if status is not None:
            filters = ExportFilter(status=status)
        elif opd is not None:
            filters = ExportFilter(opd_code=opd.code)
        else:
            await message.reply_text(texts.text(caller.lang, "exp-unknown-filter", value=argument))
            return
    making = services.background.exports
    if caller.telegram_id in making:
        await message.reply_text(texts.text(caller.lang, "exp-busy"))
        return
    making.add(caller.telegram_id)
    await message.reply_text(texts.text(caller.lang, "exp-preparing"))
    # Writing a large workbook is seconds of CPU: it is made in the background (a thread with a
    # connection of its own), so this person's lane and everyone else's stay free meanwhile.
    services.background.spawn(
        _make_and_send(update, context, caller.lang, caller.telegram_id, filters),
        update=update,
        name="export",
    )


async def _make_and_send(
    update: Update, context: BotContext, lang: str, telegram_id: int, filters: ExportFilter
) -> None:
    services = context.services
    texts = services.texts
    message = update.effective_message
    assert message is not None
    try:
        await message.reply_chat_action(ChatAction.UPLOAD_DOCUMENT)
        buffer = io.BytesIO()
        count = await asyncio.to_thread(
            asyncio.run,
            _export(services.settings.database_url, buffer, texts, lang,
                    services.settings.tzinfo, filters),
        )  # fmt: skip
        await _send_file(message, services, lang, filters, buffer, count)
    finally:
        services.background.exports.discard(telegram_id)


async def _send_file(
    message: Message,
    services: Services,
    lang: str,
    filters: ExportFilter,
    buffer: io.BytesIO,
    count: int,
) -> None:
    texts = services.texts
    today = services.clock.now().astimezone(services.settings.tzinfo).date()
    suffix = (
        f"-{filters.opd_code or filters.status}" if (filters.opd_code or filters.status) else ""
    )
    await message.reply_document(
        buffer.getvalue(),
        filename=f"inovasi-{today:%Y-%m-%d}{suffix}.xlsx",
        caption=texts.text(lang, "exp-caption", date=f"{today:%d/%m/%Y}", count=count),
    )
