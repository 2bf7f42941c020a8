"""Sending a broadcast: to everyone in its audience who has not had it yet, with one progress
message for the admin that is edited as it goes. Run as a job, so a restart resumes it."""

from __future__ import annotations

import contextlib
import logging
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import exists, select, update
from sqlalchemy.ext.asyncio import AsyncSession
from telegram.error import TelegramError
from telegram.ext import Application

from bot.delivery.deliveries import Attempt, Letter, Send, deliver_all
from bot.reporting.reports import SENT
from bot.telegram.context import BotContext, Services
from storage.models import (
    Audience,
    Broadcast,
    BroadcastStatus,
    DeliveryStatus,
    Innovation,
    Member,
    MemberStatus,
    Opd,
)
from storage.repositories.deliveries import DeliveryRepository

logger = logging.getLogger(__name__)

KIND = "broadcast"
PROGRESS_EVERY = timedelta(seconds=3)  # the admin's progress message is edited at most this often


def job_name(broadcast_id: int) -> str:
    return f"broadcast:{broadcast_id}"


def audience_filter(audience: Audience, opd_id: int | None) -> Any:
    """Active members with an OPD, whom Telegram can reach, in the chosen audience."""
    clauses = [
        Member.status == MemberStatus.ACTIVE,
        Member.unreachable_since.is_(None),
        Member.opd_id.is_not(None),
    ]
    if audience is Audience.OPD:
        clauses.append(Member.opd_id == opd_id)
    elif audience is Audience.WITHOUT:
        # Members of OPDs expected to submit (not Diskominfo's own) that have sent nothing.
        clauses.append(
            exists().where(Opd.id == Member.opd_id, Opd.expected.is_(True), Opd.active.is_(True))
        )
        clauses.append(
            ~exists().where(Innovation.opd_id == Member.opd_id, Innovation.status.in_(SENT))
        )
    return clauses


async def recipients(session: AsyncSession, audience: Audience, opd_id: int | None) -> list[int]:
    rows = await session.scalars(
        select(Member.telegram_id).where(*audience_filter(audience, opd_id)).order_by(Member.id)
    )
    return list(rows)


def schedule(application: Application, broadcast_id: int) -> None:
    """Send it now, as a job (the admin's update is answered at once)."""
    assert application.job_queue is not None
    application.job_queue.run_once(
        _job,
        0,
        name=job_name(broadcast_id),
        data=broadcast_id,
        job_kwargs={"misfire_grace_time": None},
    )


async def _job(context: BotContext) -> None:
    assert context.job is not None
    await _send_logged(context.application, int(str(context.job.data)))


async def resume_all(application: Application) -> None:
    """Broadcasts a restart interrupted: each goes on with those who have not had it."""
    services: Services = application.bot_data
    async with services.database.reading() as session:
        ids = list(
            await session.scalars(
                select(Broadcast.id)
                .where(Broadcast.status == BroadcastStatus.SENDING)
                .order_by(Broadcast.id)
            )
        )
    for broadcast_id in ids:
        logger.info("resuming broadcast %s", broadcast_id)
        await _send_logged(application, broadcast_id)


async def _send_logged(application: Application, broadcast_id: int) -> None:
    """A broadcast that fails (the database gone, say) stays "sending" and is resumed at the
    next start; the others go on."""
    try:
        await send_broadcast(application, broadcast_id)
    except Exception:
        logger.exception(
            "broadcast %s stopped by an error; it resumes at the next start", broadcast_id
        )


def _sender(application: Application, broadcast: Broadcast, chat_id: int) -> Send:
    bot = application.bot

    async def send(limits: dict[str, Any]) -> None:
        if broadcast.photo_file_id:
            await bot.send_photo(
                chat_id, broadcast.photo_file_id, caption=broadcast.html, rate_limit_args=limits
            )
        elif broadcast.document_file_id:
            await bot.send_document(
                chat_id, broadcast.document_file_id, caption=broadcast.html, rate_limit_args=limits
            )
        else:
            assert broadcast.html is not None
            await bot.send_message(chat_id, broadcast.html, rate_limit_args=limits)

    return send


async def send_broadcast(application: Application, broadcast_id: int) -> None:
    services: Services = application.bot_data
    async with services.database.reading() as session:
        broadcast = await session.get(Broadcast, broadcast_id)
        if broadcast is None or broadcast.status != BroadcastStatus.SENDING:
            return
        everyone = await recipients(session, Audience(broadcast.audience), broadcast.opd_id)
        done = await DeliveryRepository(session).claimed_chats(KIND, str(broadcast_id))
    todo = [chat_id for chat_id in everyone if chat_id not in done]
    total = len(done) + len(todo)
    async with services.database.transaction() as session:
        await session.execute(
            update(Broadcast).where(Broadcast.id == broadcast_id).values(total=total)
        )
    progress = Progress(application, broadcast, total)
    letters = [
        Letter(chat_id, str(broadcast_id), _sender(application, broadcast, chat_id))
        for chat_id in todo
    ]

    async def on_result(letter: Letter, result: Attempt) -> None:
        await progress.maybe_update()

    await deliver_all(
        services, KIND, letters, on_result=on_result, keep_going=lambda: application.running
    )
    if not application.running:
        logger.info("broadcast %s paused by the stop; it resumes at the next start", broadcast_id)
        return
    counts = await progress.counts()
    async with services.database.transaction() as session:
        await session.execute(
            update(Broadcast)
            .where(Broadcast.id == broadcast_id, Broadcast.status == BroadcastStatus.SENDING)
            .values(
                status=BroadcastStatus.DONE,
                sent=counts.get(DeliveryStatus.SENT, 0),
                failed=counts.get(DeliveryStatus.FAILED, 0),
                finished_at=services.clock.now(),
            )
        )
    await progress.show(counts, finished=True)
    logger.info("broadcast %s done: %s", broadcast_id, counts)


class Progress:
    """One message in the admin's chat: "Terkirim 250/1.000, gagal 3", edited as it goes."""

    def __init__(self, application: Application, broadcast: Broadcast, total: int) -> None:
        self.application = application
        self.services: Services = application.bot_data
        self.broadcast = broadcast
        self.total = total
        self.last: datetime | None = None

    async def counts(self) -> dict[str, int]:
        async with self.services.database.reading() as session:
            return await DeliveryRepository(session).count(KIND, str(self.broadcast.id))

    async def maybe_update(self) -> None:
        now = self.services.clock.now()
        if self.last is not None and now - self.last < PROGRESS_EVERY:
            return
        self.last = now
        await self.show(await self.counts(), finished=False)

    async def show(self, counts: dict[str, int], *, finished: bool) -> None:
        broadcast = self.broadcast
        if broadcast.progress_chat_id is None or broadcast.progress_message_id is None:
            return
        key = "bc-progress-done" if finished else "bc-progress"
        text = self.services.texts.text(
            broadcast.language,
            key,
            sent=counts.get(DeliveryStatus.SENT, 0),
            total=self.total,
            failed=counts.get(DeliveryStatus.FAILED, 0),
        )
        # Not modified, or the admin deleted it: the sending goes on regardless.
        with contextlib.suppress(TelegramError):
            await self.application.bot.edit_message_text(
                text, broadcast.progress_chat_id, broadcast.progress_message_id
            )
