"""Notices that may wait: written with the change that causes them, sent in the background.

A handler never waits on a rate-limit window to tell someone else: the notice to the
coordinators' group (an innovation arrived), to the admins (an access request), or to an OPD's
members (a verdict) is a ``pending`` row of the delivery log, inserted in the same transaction as
the change. A crash after the commit still announces it at the next start; a rollback announces
nothing. The sender claims rows (pending → claimed, one conditional UPDATE, so two instances
never send one twice), sends them through the shared retry machinery, and marks them.

Group notices are coalesced: a batch goes to the group at most every ``GROUP_GAP``, listing
every innovation that arrived meanwhile, so 200 submissions in a minute make a handful of
messages instead of ten minutes of queue behind the group's 20-a-minute limit.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Callable, Collection
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession
from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot.delivery.deliveries import (
    CONCURRENCY,
    Flight,
    Outcome,
    _unstoppable,
    mark_unreachable,
    send_with_retries,
)
from bot.telegram.callbacks import PUBLIC_FILE, VIEW_INNOVATION
from bot.telegram.context import Services
from bot.telegram.groups import to_coordinators_group
from storage.database import mark_outbox
from storage.models import DeliveryStatus, Innovation
from storage.repositories.deliveries import DeliveryRepository

logger = logging.getLogger(__name__)

GROUP = "notice:group"  # recipient 0: "the coordinators' group", wherever it has moved
PRIVATE = "notice:private"
GROUP_CHAT = 0
GROUP_GAP = timedelta(seconds=10)
BATCH = 200  # rows taken from the outbox at once
BUTTONS_UP_TO = 10  # a batch this small gets a 👁 button per innovation; a larger one, /lihat N
MESSAGE_BUDGET = 3800  # UTF-16 units of HTML: under Telegram's 4096 after parsing
POLL = 30.0  # seconds between looks at the outbox when nobody pokes it (rows of other instances)

Button = tuple[str, str]  # label, callback data


def utf16_length(text: str) -> int:
    """Length as Telegram counts it."""
    return len(text.encode("utf-16-le")) // 2


async def notify_person(
    session: AsyncSession,
    services: Services,
    *,
    chat_id: int,
    key: str,
    text: str,
    buttons: list[list[Button]] | None = None,
) -> None:
    """Queue `text` (already in the person's language) for one private chat. `key` names the
    occasion: the same key to the same person is one notice, however often it is queued."""
    payload = {"text": text, "buttons": [[list(b) for b in row] for row in buttons or []]}
    await DeliveryRepository(session).enqueue(PRIVATE, key, chat_id, payload, services.clock.now())
    mark_outbox(session, PRIVATE)


async def announce_innovation(
    session: AsyncSession, services: Services, innovation: Innovation, *, resubmitted: bool
) -> None:
    """Queue the coordinators' group notice of a sent innovation (`innovation` with its OPD and
    pillars loaded), in the caller's transaction."""
    payload = {
        "innovation_id": innovation.id,
        "title": innovation.title,
        "opd": innovation.opd.name,
        "pillars": [pillar.name for pillar in innovation.pillars],
        "resubmitted": resubmitted,
    }
    key = f"sent:{innovation.id}:{innovation.version}"
    await DeliveryRepository(session).enqueue(GROUP, key, GROUP_CHAT, payload, services.clock.now())
    mark_outbox(session, GROUP)


async def announce_checkin(
    session: AsyncSession, services: Services, key: str, notice: str, item: dict[str, Any]
) -> None:
    """Queue a coordinators' group notice about an innovation's monitoring (`notice`:
    "stopped", with who answered and why; "overdue", with since when), once per `key`. `item`
    holds its innovation_id, title and opd; a reason is a code, told in the group's language."""
    payload = {**item, "notice": notice}
    await DeliveryRepository(session).enqueue(GROUP, key, GROUP_CHAT, payload, services.clock.now())
    mark_outbox(session, GROUP)


@dataclass
class GroupMessage:
    ids: list[int]  # the outbox rows it announces
    text: str
    markup: InlineKeyboardMarkup | None
    done: bool = False  # sent, or recorded as failed: not to be put back in the outbox
    media: tuple[str, str] | None = None  # (photo | document, file_id): sent with `text` below


def compose_group_messages(
    services: Services, rows: list[tuple[int, dict[str, Any]]]
) -> list[GroupMessage]:
    """One message for the innovations that arrived together (split only where Telegram's
    length demands); each new file of an approved innovation on its own, with ✅ / 🚫."""
    files = [(row_id, item) for row_id, item in rows if "file" in item]
    innovations = [(row_id, item) for row_id, item in rows if not {"file", "notice"} & set(item)]
    messages = _innovation_messages(services, innovations) if innovations else []
    for notice in ("stopped", "overdue"):  # the monitoring's notices, each kind together
        told = [(row_id, item) for row_id, item in rows if item.get("notice") == notice]
        if told:
            messages += _checkin_messages(services, notice, told)
    return messages + [_file_message(services, row_id, item) for row_id, item in files]


def _checkin_messages(
    services: Services, notice: str, rows: list[tuple[int, dict[str, Any]]]
) -> list[GroupMessage]:
    """One message for the innovations of one kind of monitoring notice, each with its 👁 (up
    to ``BUTTONS_UP_TO``), split only where Telegram's length demands."""
    texts = services.texts
    lang = services.settings.default_language
    lines = []
    for row_id, item in rows:
        reason = item.get("reason")
        line = texts.text(
            lang, f"stop-group-{notice}-line", id=item["innovation_id"], title=item["title"],
            opd=item["opd"], who=item.get("who") or "-", since=item.get("since") or "-",
            reason=texts.text(lang, f"stop-reason-{reason}") if reason else "-",
        )  # fmt: skip
        if item.get("note"):
            line += "\n" + texts.text(lang, "chk-screen-note", note=item["note"])
        lines.append((row_id, line))
    head = texts.text(lang, f"stop-group-{notice}", count=len(rows))
    chunks: list[list[tuple[int, str]]] = [[]]
    size = utf16_length(head)
    for row_id, line in lines:
        if chunks[-1] and size + 2 + utf16_length(line) > MESSAGE_BUDGET:
            chunks.append([])
            size = utf16_length(head)
        chunks[-1].append((row_id, line))
        size += 2 + utf16_length(line)
    with_buttons = len(rows) <= BUTTONS_UP_TO
    numbers = dict((row_id, item["innovation_id"]) for row_id, item in rows)
    messages = []
    for chunk in chunks:
        markup = None
        if with_buttons:
            buttons = [
                InlineKeyboardButton(
                    f"👁 #{numbers[row_id]}", callback_data=VIEW_INNOVATION.data(numbers[row_id])
                )
                for row_id, _ in chunk
            ]
            markup = InlineKeyboardMarkup([buttons[i : i + 3] for i in range(0, len(buttons), 3)])
        text = "\n\n".join([head, *(line for _, line in chunk)])
        messages.append(GroupMessage([row_id for row_id, _ in chunk], text, markup))
    return messages


def _file_message(services: Services, row_id: int, item: dict[str, Any]) -> GroupMessage:
    texts = services.texts
    lang = services.settings.default_language
    text = texts.text(
        lang, "file-group-notice", id=item["innovation_id"], title=item["title"],
        opd=item["opd"], caption=item["caption"] or "-",
    )  # fmt: skip
    buttons = [
        InlineKeyboardButton(
            texts.text(lang, f"file-button-{decision}"),
            callback_data=PUBLIC_FILE.data(decision, item["innovation_id"], item["file"]),
        )
        for decision in ("ok", "hide")
    ]
    return GroupMessage(
        [row_id], text, InlineKeyboardMarkup([buttons]), media=(item["kind"], item["file_id"])
    )


def _innovation_messages(
    services: Services, rows: list[tuple[int, dict[str, Any]]]
) -> list[GroupMessage]:
    texts = services.texts
    lang = services.settings.default_language
    if len(rows) == 1:
        row_id, item = rows[0]
        key = "notice-group-resubmitted" if item.get("resubmitted") else "sub-group-notice"
        text = texts.text(
            lang, key, id=item["innovation_id"], title=item["title"], opd=item["opd"],
            pillars=", ".join(item["pillars"]),
        )  # fmt: skip
        button = InlineKeyboardButton(
            texts.text(lang, "button-view"),
            callback_data=VIEW_INNOVATION.data(item["innovation_id"]),
        )
        return [GroupMessage([row_id], text, InlineKeyboardMarkup([[button]]))]
    with_buttons = len(rows) <= BUTTONS_UP_TO
    line_key = "notice-group-line" if with_buttons else "notice-group-line-pointer"
    lines = [
        (
            row_id,
            texts.text(
                lang,
                line_key + ("-resubmitted" if item.get("resubmitted") else ""),
                id=item["innovation_id"],
                title=item["title"],
                opd=item["opd"],
            ),
        )
        for row_id, item in rows
    ]
    # Pack the lines into as few messages as fit; the head counts what the whole batch brings.
    head = texts.text(lang, "notice-group-batch", count=len(rows))
    chunks: list[list[tuple[int, str]]] = [[]]
    size = utf16_length(head)
    for row_id, line in lines:
        if chunks[-1] and size + 1 + utf16_length(line) > MESSAGE_BUDGET:
            chunks.append([])
            size = utf16_length(head)
        chunks[-1].append((row_id, line))
        size += 1 + utf16_length(line)
    messages = []
    for chunk in chunks:
        markup = None
        if with_buttons:
            ids = [item["innovation_id"] for row_id, item in rows if row_id in dict(chunk)]
            buttons = [
                InlineKeyboardButton(f"👁 #{number}", callback_data=VIEW_INNOVATION.data(number))
                for number in ids
            ]
            markup = InlineKeyboardMarkup([buttons[i : i + 3] for i in range(0, len(buttons), 3)])
        text = "\n".join([head, *(line for _, line in chunk)])
        messages.append(GroupMessage([row_id for row_id, _ in chunk], text, markup))
    return messages


class Outbox:
    """The sender. In production ``run()`` is a background task woken after every commit that
    wrote to the outbox (and every ``POLL`` seconds, for rows another instance left); the
    sandbox calls ``flush()`` itself, so tests see what is due, when it is due."""

    def __init__(self, services: Services, bot: Any) -> None:
        self.services = services
        self.bot = bot
        self._wakeup = asyncio.Event()
        self._poked: set[str] = set()  # the kinds written since the last flush began
        # When the group's next batch may go, as last read: a notice written meanwhile waits
        # for it anyway, so it is not looked for again before then (at a deadline, every
        # 📤 Kirim pokes the sender while the group's window is closed).
        self._group_due: datetime | None = None
        self._stopping = False
        self._task: asyncio.Task[None] | None = None
        self._flushing = asyncio.Lock()
        self.autorun = True  # the sandbox turns it off and flushes when it chooses

    def poke(self, kinds: Collection[str] = (PRIVATE, GROUP)) -> None:
        self._poked.update(kinds)
        self._wakeup.set()

    @property
    def poked(self) -> bool:
        """Written to since the last flush began."""
        return self._wakeup.is_set()

    def keep_going(self) -> bool:
        return not self._stopping

    def start(self) -> None:
        self._stopping = False
        if not self.autorun:
            return
        self._task = asyncio.create_task(self.run(), name="outbox")

    async def stop(self) -> None:
        """Let the sends in flight finish (the rest stay in the outbox for the next start)."""
        self._stopping = True
        self._wakeup.set()
        if self._task is not None:
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
            self._task = None

    async def run(self) -> None:
        kinds: Collection[str] = (PRIVATE, GROUP)  # at start: everything left from before
        while not self._stopping:
            wait = POLL
            try:
                wait = min(wait, await self.flush(kinds))
            except Exception:  # the database away a moment: try again on the next poll
                logger.exception("outbox: sending failed; trying again")
            if self._stopping:
                return
            try:
                await asyncio.wait_for(self._wakeup.wait(), timeout=max(wait, 0.05))
                kinds = set(self._poked)
            except TimeoutError:  # a group batch's gap is over, or a poll for other instances
                kinds = (PRIVATE, GROUP)

    async def flush(self, kinds: Collection[str] = (PRIVATE, GROUP)) -> float:
        """Send every notice (of `kinds`) that is due now. Seconds until the next one falls due
        (a group batch waiting for its gap), or ``POLL``."""
        async with self._flushing:
            # Only what this round looks at: a kind poked meanwhile keeps the sender awake.
            self._poked.difference_update(kinds)
            if not self._poked:
                self._wakeup.clear()
            if PRIVATE in kinds:
                await self._send_private()
            return await self._send_group() if GROUP in kinds else POLL

    async def _send_private(self) -> None:
        """A few at a time: only the sends in flight are ever claimed, so a process killed
        outright leaves at most those (never repeated); a stop leaves the rest pending."""
        while self.keep_going():
            async with self.services.database.reading() as session:  # no write lock to look
                rows = await DeliveryRepository(session).pending(PRIVATE, CONCURRENCY)
            if not rows:
                return
            async with self.services.database.transaction() as session:
                claimed = set(
                    await DeliveryRepository(session).claim_pending(
                        [r.id for r in rows], self.services.clock.now()
                    )
                )
            rows = [row for row in rows if row.id in claimed]
            if not rows:
                return
            await self._send_all(rows)

    async def _send_all(self, rows: list[Any]) -> None:
        """Send claimed rows side by side; one row's trouble (the database away a moment) puts
        it back in the outbox, and leaves the others alone."""

        async def one(row: Any) -> None:
            try:
                await self._send_one(row.id, row.recipient_chat_id, row.payload or {})
            except Exception:
                logger.exception("outbox: notice %s not sent; it waits for the next round", row.id)
                with contextlib.suppress(Exception):
                    await self._requeue([row.id])

        await asyncio.gather(*(one(row) for row in rows))

    async def _send_one(self, row_id: int, chat_id: int, payload: dict[str, Any]) -> None:
        buttons = [
            [InlineKeyboardButton(label, callback_data=data) for label, data in row]
            for row in payload.get("buttons") or []
        ]
        markup = InlineKeyboardMarkup(buttons) if buttons else None

        async def send(limits: dict[str, Any]) -> Any:
            return await self.bot.send_message(
                chat_id, payload.get("text", ""), reply_markup=markup, rate_limit_args=limits
            )

        await self._deliver([row_id], send, chat_id)

    async def _send_group(self) -> float:

        services = self.services
        while self.keep_going():
            now = services.clock.now()
            due = self._group_due
            if due is not None and now < due and due - now <= GROUP_GAP:  # (a clock set back)
                return (due - now).total_seconds()
            async with services.database.reading() as session:  # no write lock to look
                repository = DeliveryRepository(session)
                rows = await repository.pending(GROUP, BATCH)
                if not rows:
                    return POLL
                last = await repository.last_claimed_at(GROUP)
            due = last + GROUP_GAP if last is not None else None
            self._group_due = due
            if due is not None and now < due:
                return (due - now).total_seconds()
            async with services.database.transaction() as session:
                claimed = set(
                    await DeliveryRepository(session).claim_pending([r.id for r in rows], now)
                )
            batch = [(row.id, row.payload or {}) for row in rows if row.id in claimed]
            messages = compose_group_messages(services, batch)
            try:
                await self._send_group_messages(messages)
            finally:  # stopped or failed midway: what did not go waits in the outbox again
                unsent = [i for m in messages if not m.done for i in m.ids]
                if unsent:
                    await _unstoppable(self._requeue(unsent))
        return POLL

    async def _send_group_messages(self, messages: list[GroupMessage]) -> None:
        services = self.services
        for message in messages:
            if not self.keep_going():
                return

            async def send(limits: dict[str, Any], message: GroupMessage = message) -> Any:
                async def to(chat_id: int) -> Any:
                    if message.media is not None:  # the file itself, to be seen before ✅
                        kind, file_id = message.media
                        send_file = (
                            self.bot.send_photo if kind == "photo" else self.bot.send_document
                        )
                        return await send_file(
                            chat_id, file_id, caption=message.text, reply_markup=message.markup,
                            rate_limit_args=limits,
                        )  # fmt: skip
                    return await self.bot.send_message(
                        chat_id, message.text, reply_markup=message.markup,
                        rate_limit_args=limits,
                    )  # fmt: skip

                if await to_coordinators_group(services, to) is None:
                    raise NoGroup

            await self._deliver(message.ids, send, GROUP_CHAT)
            message.done = True

    async def _deliver(
        self, ids: list[int], send: Callable[[dict[str, Any]], Any], chat: int
    ) -> None:
        """Send one message for these claimed rows and record how it went; a stop before it
        left puts them back in the outbox."""
        services = self.services
        flight = Flight()
        try:
            result = await send_with_retries(services, send, flight, self.keep_going)
        except NoGroup:
            await self._finish(ids, DeliveryStatus.FAILED, 1, "no coordinators' group is set")
            return
        except asyncio.CancelledError:
            if flight.left:  # it may have arrived: never send it again
                await _unstoppable(self._finish(ids, DeliveryStatus.FAILED, 1, "stopped"))
            else:
                await _unstoppable(self._requeue(ids))
            raise
        if result.outcome is Outcome.STOPPED:
            await self._requeue(ids)
            return
        status = DeliveryStatus.SENT if result.outcome is Outcome.SENT else DeliveryStatus.FAILED
        await self._finish(ids, status, result.attempts, result.error)
        if result.outcome is Outcome.UNREACHABLE and chat > 0:
            async with services.database.transaction() as session:
                await mark_unreachable(session, chat, services)
        if status is DeliveryStatus.FAILED:
            logger.warning("notice to chat %s not delivered: %s", chat, result.error)

    async def _finish(
        self, ids: list[int], status: DeliveryStatus, attempts: int, error: str | None
    ) -> None:
        async with self.services.database.transaction() as session:
            await DeliveryRepository(session).finish(
                ids, status, attempts=attempts, now=self.services.clock.now(), error=error
            )

    async def _requeue(self, ids: list[int]) -> None:
        async with self.services.database.transaction() as session:
            await DeliveryRepository(session).requeue(ids)


class NoGroup(Exception):
    """No coordinators' group is configured: a group notice has nowhere to go."""
