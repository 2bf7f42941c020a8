"""/ekspor (/export): the Excel file, in chat, named with the date; a date window of submission;
one progress message while it is made; parts when it is larger than Telegram takes."""

from __future__ import annotations

import asyncio
import contextlib
import errno
import re
import shutil
import tempfile
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from telegram import Message, Update
from telegram.constants import ChatAction
from telegram.error import BadRequest

from bot.core.clock import Clock
from bot.core.policy import Action
from bot.core.texts import Catalog
from bot.innovations.opd_csv import normalise_code
from bot.innovations.rules import Invalid
from bot.reporting.export import (
    ExportFilter,
    Part,
    PartProgress,
    Window,
    parse_window,
    write_parts,
    write_xlsx,
)
from bot.telegram.context import BotContext, Services
from bot.telegram.people import require
from storage.database import Database
from storage.models import Status
from storage.repositories import OpdRepository

PROGRESS_EVERY = timedelta(seconds=3)  # the progress message is edited at most this often
FULL = (errno.ENOSPC, errno.EDQUOT)


class DiskFull(Exception):
    """The disk filled up while the file was written (what was written is removed)."""


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


def disk_full(exc: BaseException) -> bool:
    while exc is not None:
        if isinstance(exc, OSError) and exc.errno in FULL:
            return True
        exc = exc.__cause__ or exc.__context__  # type: ignore[assignment]
    return False


async def _export(
    url: str,
    folder: Path,
    name: str,
    texts: Catalog,
    lang: str,
    zone: ZoneInfo,
    filters: ExportFilter,
    progress: PartProgress,
    clock: Clock | None = None,
) -> list[Part]:
    """In the export's own thread and event loop, with a connection of its own (and the bot's
    clock: the monitoring's freshness is read at the bot's now)."""
    database = Database(url, clock=clock)
    try:
        async with database.reading() as session:
            if database.dialect == "postgresql":  # one snapshot for every sheet and part
                await session.connection(execution_options={"isolation_level": "REPEATABLE READ"})
            return await write_parts(
                session, folder, name, texts, lang, zone, filters, write=write_xlsx,
                progress=progress,
                label=lambda part, parts: texts.text(lang, "exp-file-part", part=part,
                                                     parts=parts),
            )  # fmt: skip
    except OSError as exc:
        if disk_full(exc):
            raise DiskFull from exc
        raise
    finally:
        await database.dispose()


@dataclass
class Request:
    filters: ExportFilter
    error: str | None = None
    arguments: dict[str, object] | None = None


async def read_request(services: Services, argument: str, today: date) -> Request:
    """`[OPD or status] [window]`: `/ekspor`, `/ekspor DINKES`, `/ekspor perlu revisi`,
    `/ekspor 1/10/2026 - 31/10/2026`, `/ekspor disetujui Oktober 2026`, `/ekspor kemarin`.
    Innovations that were sent, only: a draft is the OPD's own until it is."""
    texts = services.texts
    if not argument:
        return Request(ExportFilter(sent_only=True))
    try:
        return Request(ExportFilter(window=parse_window(argument, today), sent_only=True))
    except Invalid as exc:
        if exc.key != "exp-window-invalid":
            return Request(ExportFilter(), exc.key, exc.arguments)
    words = argument.split()
    for size in (2, 1):
        if len(words) < size:
            continue
        head, rest = " ".join(words[:size]), " ".join(words[size:])
        status = status_named(texts, head)
        opd_code = None
        if status is None and size == 1:
            code = normalise_code(head)[:32]
            async with services.database.reading() as session:
                opd = await OpdRepository(session).get_by_code(code)
            opd_code = opd.code if opd is not None else None
        if status is None and opd_code is None:
            continue
        if status == Status.DRAFT:  # the OPD's own until sent: not for anyone else's file
            return Request(ExportFilter(), "exp-no-drafts")
        window: Window | None = None
        if rest:
            try:
                window = parse_window(rest, today)
            except Invalid as exc:
                return Request(ExportFilter(), exc.key, exc.arguments)
        return Request(
            ExportFilter(opd_code=opd_code, status=status, window=window, sent_only=True)
        )
    return Request(ExportFilter(), "exp-unknown-filter", {"value": argument})


async def export_command(update: Update, context: BotContext) -> None:
    caller = await require(update, context, Action.REPORT)
    if caller is None:
        return
    message = update.effective_message
    assert message is not None
    services = context.services
    texts = services.texts
    today = services.clock.now().astimezone(services.settings.tzinfo).date()
    argument = " ".join(context.args or []).strip()
    request = await read_request(services, argument, today)
    if request.error is not None:
        await message.reply_text(
            texts.text(caller.lang, request.error, **(request.arguments or {}))
        )
        return
    making = services.background.exports
    if caller.telegram_id in making:
        await message.reply_text(texts.text(caller.lang, "exp-busy"))
        return
    making.add(caller.telegram_id)
    try:
        shown = await message.reply_text(texts.text(caller.lang, "exp-preparing"))
    except BaseException:
        making.discard(caller.telegram_id)
        raise
    # Writing a large workbook is seconds of CPU: it is made in the background (a thread with a
    # connection of its own), so this person's lane and everyone else's stay free meanwhile.
    services.background.spawn(
        _make_and_send(update, context, caller.lang, caller.telegram_id, request.filters, shown),
        update=update,
        name="export",
    )


class ProgressMessage:
    """The one message that says how far the file is: the writer's thread reports through
    `report` (thread-safe); the message is edited on the event loop, at most every
    PROGRESS_EVERY of the bot's clock and only when the figure changed."""

    def __init__(self, message: Message, services: Services, lang: str) -> None:
        self.message, self.services, self.lang = message, services, lang
        self.loop = asyncio.get_running_loop()
        self.shown = message.text or ""
        self.edited_at: datetime = services.clock.now()
        self.editing: asyncio.Task[None] | None = None

    def report(self, share: float, parts: int) -> None:
        """From the writer's thread."""
        self.loop.call_soon_threadsafe(self._update, share, parts)

    def _text(self, share: float, parts: int) -> str:
        percent = min(100, int(share * 100))
        if parts > 1:
            return self.services.texts.text(
                self.lang, "exp-progress-parts", percent=percent, parts=parts
            )
        return self.services.texts.text(self.lang, "exp-progress", percent=percent)

    def _update(self, share: float, parts: int) -> None:
        now = self.services.clock.now()
        text = self._text(share, parts)
        if text == self.shown or now - self.edited_at < PROGRESS_EVERY:
            return
        if self.editing is not None and not self.editing.done():
            return  # the previous edit is still on its way: the next report brings this one
        self.edited_at, self.shown = now, text
        self.editing = self.services.background.spawn(self._edit(text), name="export progress")

    async def _edit(self, text: str) -> None:
        # Deleted by the person, or not modified: the file comes all the same.
        with contextlib.suppress(BadRequest):
            await self.message.edit_text(text)

    async def finish(self, text: str) -> None:
        if self.editing is not None:
            await asyncio.gather(self.editing, return_exceptions=True)
        if text != self.shown:
            self.shown = text
            await self._edit(text)


async def _make_and_send(
    update: Update,
    context: BotContext,
    lang: str,
    telegram_id: int,
    filters: ExportFilter,
    shown: Message,
) -> None:
    services = context.services
    texts = services.texts
    message = update.effective_message
    assert message is not None
    progress = ProgressMessage(shown, services, lang)
    folder = Path(tempfile.mkdtemp(prefix="inovasi-export-"))
    try:
        await message.reply_chat_action(ChatAction.UPLOAD_DOCUMENT)
        try:
            parts = await asyncio.to_thread(
                asyncio.run,
                _export(services.settings.database_url, folder, file_name(services, lang, filters),
                        texts, lang, services.settings.tzinfo, filters, progress.report,
                        services.clock),
            )  # fmt: skip
        except DiskFull:
            shutil.rmtree(folder, ignore_errors=True)
            await progress.finish(texts.text(lang, "exp-disk-full"))
            return
        count = sum(part.count for part in parts)
        await progress.finish(texts.text(lang, "exp-ready", count=count, parts=len(parts)))
        for number, part in enumerate(parts, start=1):
            await _send_file(message, services, lang, filters, part, number, len(parts))
    finally:
        shutil.rmtree(folder, ignore_errors=True)
        services.background.exports.discard(telegram_id)


def file_name(services: Services, lang: str, filters: ExportFilter) -> str:
    """`inovasi-2026-11-02`, then the OPD's code or the status in the person's words
    (`inovasi-2026-11-02-perlu-revisi`), then the window's days."""
    today = services.clock.now().astimezone(services.settings.tzinfo).date()
    name = f"inovasi-{today:%Y-%m-%d}"
    if filters.opd_code:
        name += f"-{filters.opd_code}"
    elif filters.status:
        word = services.texts.text(lang, f"status-{filters.status}")
        name += "-" + "-".join(re.findall(r"\w+", word))
    if filters.window:
        name += f"-{filters.window.start:%Y%m%d}-{filters.window.end:%Y%m%d}"
    return name


async def _send_file(
    message: Message,
    services: Services,
    lang: str,
    filters: ExportFilter,
    part: Part,
    number: int,
    parts: int,
) -> None:
    texts = services.texts
    today = services.clock.now().astimezone(services.settings.tzinfo).date()
    lines = [texts.text(lang, "exp-caption", date=f"{today:%d/%m/%Y}", count=part.count)]
    if filters.window:
        lines.append(
            texts.text(lang, "exp-caption-window", start=f"{filters.window.start:%d/%m/%Y}",
                       end=f"{filters.window.end:%d/%m/%Y}")
        )  # fmt: skip
    if parts > 1:
        lines.append(
            texts.text(lang, "exp-caption-part", part=number, parts=parts,
                       first_id=part.first or 0, last_id=part.last or 0)
        )  # fmt: skip
    with part.path.open("rb") as content:
        await message.reply_document(content, filename=part.path.name, caption="\n".join(lines))
