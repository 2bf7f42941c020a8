"""The evidence the regency keeps: every accepted file, downloaded once and kept in the store
(``bot.innovations.evidence``) by its sha256.

A `file_id` is Telegram's handle on a file, tied to the bot's token: a database backup holds no
evidence, and a new token (a leaked one revoked at BotFather) loses every file. So each accepted
evidence file is downloaded (``getFile``) in the background, right after the answer that took it
was committed, checked again (its size, and that its first bytes are what its declared type and
name say), and written to ``EVIDENCE_DIR`` under the sha256 of its content (the same file sent
twice is kept once). The row keeps the original name, caption, type and size.

A download that fails (a 404, a timeout, a full disk) stays ``pending`` and is retried by a job,
further apart each time; after ``REPORT_AFTER`` failures the admins are told (through the
outbox), once. A file whose bytes contradict its type is ``refused``: kept out of the store, and
reported at once. Nothing is dropped silently. A file no attachment refers to any more (taken
out with 🗑, a deleted draft's) leaves the store at the hourly prune.

Files are read back only by their sha256 (64 hex digits, checked), never by a path built from
anything a person sent.
"""

from __future__ import annotations

import asyncio
import hashlib
import logging
from collections import Counter
from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from sqlalchemy import or_, select, update
from telegram import InputMediaDocument, InputMediaPhoto, Message
from telegram.error import BadRequest, Forbidden, TelegramError

from bot.core.texts import escape
from bot.delivery.outbox import notify_person
from bot.innovations.evidence import (
    ERROR_MAX,
    EvidenceStore,
    EvidenceStoreError,
    Refused,
    StoreBusy,
    check_content,
    safe_name,
    short_error,
)
from bot.innovations.rules import (
    MAX_FILE_BYTES,
)
from storage.models import Attachment, Innovation, Role, StoreState
from storage.repositories import MemberRepository

if TYPE_CHECKING:
    from bot.telegram.context import Services

logger = logging.getLogger(__name__)

RETRY_DELAYS = (
    timedelta(minutes=1),
    timedelta(minutes=5),
    timedelta(minutes=15),
    timedelta(hours=1),
    timedelta(hours=6),
)
REPORT_AFTER = 3  # failed attempts before the admins are told (a short outage is not news)
IN_FLIGHT = timedelta(minutes=10)  # a first download older than this was lost (a restart)
SWEEP_EVERY = timedelta(minutes=5)
DOWNLOADS_AT_ONCE = 4
DOWNLOAD_TIMEOUT = 120.0  # seconds for one file (20 MB at a slow office line)
BATCH = 100
# A file no attachment refers to any more (a photo taken out with 🗑, a deleted draft's files)
# leaves the store at the next prune, once it was last written or kept again longer ago than
# the grace: one an upload has just written, whose row is not committed yet, stays.
PRUNE_EVERY = timedelta(hours=1)
PRUNE_GRACE = timedelta(hours=1)
PRUNE_BATCH = 500
# A round that would remove more than this many files, and more than half the store, is not
# made (see Evidence._prune).
PRUNE_SAFE_COUNT = 10
# One backup or restore at a time (refused while one runs); the prune and a backup or restore
# take turns (the prune skips a round, a backup waits for a prune to finish).
BACKUP_LOCK = ".backup.lock"
PRUNE_LOCK = ".prune.lock"


def retry_delay(attempts: int) -> timedelta:
    return RETRY_DELAYS[min(attempts, len(RETRY_DELAYS)) - 1]


class Evidence:
    """Keeps the evidence: downloads in the background, retries, re-sends from the store."""

    def __init__(self, services: Services, bot: Any, store: EvidenceStore) -> None:
        self.services = services
        self.bot = bot
        self.store = store
        self._slots = asyncio.Semaphore(DOWNLOADS_AT_ONCE)
        self.reported: list[int] = []  # attachments reported to the admins (for tests, logs)
        # Files being put in the store whose row is not committed yet: the prune leaves them.
        self._landing: Counter[str] = Counter()

    def keep_soon(self, attachment_id: int, content: bytes | None = None) -> None:
        """After the answer's transaction: keep this attachment, in the background (`content`
        when its bytes are at hand already, as a document's are after the first-bytes check)."""
        self.services.background.spawn(self.keep(attachment_id, content), name="evidence")

    async def keep(self, attachment_id: int, content: bytes | None = None) -> str:
        """Download, check and store one attachment; its store state afterwards."""
        try:
            async with self._slots:
                return await self._keep(attachment_id, content)
        except Exception:  # never the person's problem: the sweep tries again
            logger.exception("evidence %s: keeping it failed", attachment_id)
            return StoreState.PENDING

    async def _keep(self, attachment_id: int, content: bytes | None) -> str:
        services = self.services
        async with services.database.reading() as session:
            attachment = await session.get(Attachment, attachment_id)
        if attachment is None:  # its draft was deleted meanwhile
            return "gone"
        if attachment.store_state != StoreState.PENDING:
            return attachment.store_state
        try:
            if content is None:
                content = await self._download(attachment)
            check_content(attachment, content)
        except Refused as refusal:
            await self._refused(attachment, str(refusal))
            return StoreState.REFUSED
        except (TelegramError, OSError, ValueError, TimeoutError) as exc:
            await self._failed(attachment, short_error(exc))
            return StoreState.PENDING
        sha256 = await asyncio.to_thread(_sha256, content)
        # Landing from before the file is put until its row is committed: no prune removes it
        # meanwhile (nor a file with the same bytes kept already, which put stamps afresh).
        self._landing[sha256] += 1
        try:
            try:
                await asyncio.to_thread(self.store.put, content, at=services.clock.now())
            except OSError as exc:
                await self._failed(attachment, short_error(exc))
                return StoreState.PENDING
            async with services.database.transaction() as session:
                await session.execute(
                    update(Attachment)
                    .where(
                        Attachment.id == attachment_id,
                        Attachment.store_state == StoreState.PENDING,
                    )
                    .values(
                        store_state=StoreState.STORED,
                        sha256=sha256,
                        file_size=len(content),
                        stored_at=services.clock.now(),
                        store_error=None,
                        store_retry_at=None,
                    )
                )
        finally:
            self._landing[sha256] -= 1
            if not self._landing[sha256]:
                del self._landing[sha256]
        logger.info("evidence %s stored as %s", attachment_id, sha256[:12])
        return StoreState.STORED

    async def _download(self, attachment: Attachment) -> bytes:
        async with asyncio.timeout(DOWNLOAD_TIMEOUT):
            telegram_file = await self.bot.get_file(attachment.file_id)
            if telegram_file.file_size is not None and telegram_file.file_size > MAX_FILE_BYTES:
                raise Refused(f"{telegram_file.file_size} bytes, more than {MAX_FILE_BYTES}")
            return bytes(await telegram_file.download_as_bytearray())

    async def _failed(self, attachment: Attachment, error: str) -> None:
        services = self.services
        now = services.clock.now()
        attempts = attachment.store_attempts + 1
        logger.warning(
            "evidence %s of innovation %s not stored (attempt %s): %s",
            attachment.id, attachment.innovation_id, attempts, error,
        )  # fmt: skip
        async with services.database.transaction() as session:
            await session.execute(
                update(Attachment)
                .where(Attachment.id == attachment.id, Attachment.store_state == StoreState.PENDING)
                .values(
                    store_attempts=attempts,
                    store_error=error,
                    store_retry_at=now + retry_delay(attempts),
                )
            )
            if attempts == REPORT_AFTER:
                await self._report(session, attachment, "evidence-failed-admin", error)

    async def _refused(self, attachment: Attachment, reason: str) -> None:
        logger.warning(
            "evidence %s of innovation %s refused by the store: %s",
            attachment.id, attachment.innovation_id, reason,
        )  # fmt: skip
        async with self.services.database.transaction() as session:
            await session.execute(
                update(Attachment)
                .where(Attachment.id == attachment.id, Attachment.store_state == StoreState.PENDING)
                .values(
                    store_state=StoreState.REFUSED,
                    store_error=reason[:ERROR_MAX],
                    store_attempts=attachment.store_attempts + 1,
                    store_retry_at=None,
                )
            )
            await self._report(session, attachment, "evidence-refused-admin", reason)

    async def _report(self, session: Any, attachment: Attachment, key: str, error: str) -> None:
        """Every admin is told, through the outbox, in this transaction."""
        services = self.services
        texts = services.texts
        innovation = await session.get(Innovation, attachment.innovation_id)
        title = innovation.title if innovation is not None else "?"
        for admin in await MemberRepository(session).with_role(Role.ADMIN):
            lang = admin.language or services.settings.default_language
            text = texts.text(
                lang, key, id=attachment.innovation_id, title=title,
                file=attachment.file_name or texts.text(lang, "evidence-photo"),
                error=error, attempts=REPORT_AFTER,
            )  # fmt: skip
            await notify_person(
                session, services, chat_id=admin.telegram_id,
                key=f"{key}:{attachment.id}", text=text,
            )  # fmt: skip
        self.reported.append(attachment.id)

    async def sweep(self, *, at_start: bool = False) -> int:
        """Try again every pending attachment that is due (at start: also those whose first
        download a stop interrupted, and those an upgrade backfilled). How many were stored."""
        services = self.services
        now = services.clock.now()
        due = or_(Attachment.store_retry_at.is_(None), Attachment.store_retry_at <= now)
        if not at_start:
            # A first download younger than IN_FLIGHT is still under way in this process.
            due = or_(
                Attachment.store_retry_at <= now,
                (Attachment.store_attempts == 0) & (Attachment.created_at <= now - IN_FLIGHT),
            )
        stored = 0
        after = 0
        while True:
            async with services.database.reading() as session:
                ids = list(
                    await session.scalars(
                        select(Attachment.id)
                        .where(
                            Attachment.store_state == StoreState.PENDING,
                            Attachment.id > after,
                            due,
                        )
                        .order_by(Attachment.id)
                        .limit(BATCH)
                    )
                )
            if not ids:
                return stored
            results = await asyncio.gather(*(self.keep(i) for i in ids))
            stored += sum(1 for result in results if result == StoreState.STORED)
            after = ids[-1]

    # --- pruning ----------------------------------------------------------------------

    async def prune(self) -> int:
        """Remove from the store every file no attachment refers to any more (a photo taken
        out with 🗑, the files of a deleted draft); how many were removed.

        Every stored file is named by an attachment row: the innovation's evidence, an IID
        claim's file and a check-in's photo are all attachments (a claim and a check-in point at
        one), so a file is referred to while any attachment row holds its sha256. A file written
        or kept again within PRUNE_GRACE stays (an upload whose row is not committed yet), and
        so does one being put now. Skipped while a backup or restore holds the store."""
        cutoff = self.services.clock.now() - PRUNE_GRACE
        try:
            with self.store.locked(PRUNE_LOCK, wait=False):
                return await self._prune(cutoff)
        except StoreBusy:
            logger.info("evidence prune skipped: a backup or restore is running")
            return 0
        except EvidenceStoreError as exc:
            logger.warning("evidence prune skipped: %s", exc)
            return 0

    async def _prune(self, cutoff: datetime) -> int:
        old = await asyncio.to_thread(self.store.stamped_before, cutoff)
        unreferenced: list[str] = []
        for start in range(0, len(old), PRUNE_BATCH):
            batch = old[start : start + PRUNE_BATCH]
            async with self.services.database.reading() as session:
                referenced = set(
                    await session.scalars(
                        select(Attachment.sha256).where(Attachment.sha256.in_(batch)).distinct()
                    )
                )
            unreferenced.extend(sha256 for sha256 in batch if sha256 not in referenced)
        if len(unreferenced) > PRUNE_SAFE_COUNT and len(unreferenced) * 2 > len(old):
            # Most of the store named by no row: far likelier a wrong or new database (an
            # unset DATABASE_URL makes a fresh SQLite file) than that many files let go. Kept.
            logger.warning(
                "evidence prune skipped: %s of the store's %s files are named by no attachment "
                "in this database; is DATABASE_URL the regency's database? Nothing removed",
                len(unreferenced), len(old),
            )  # fmt: skip
            return 0
        removed = 0
        for sha256 in unreferenced:
            # No await between this look and the removal: a keep of the same bytes lands first
            # (and is seen here, or has stamped the file anew, which is then not removed) or
            # puts the file afresh after it is gone.
            if self._landing[sha256]:
                continue
            if self.store.remove_if_stamped_before(sha256, cutoff):
                removed += 1
        if removed:
            logger.info("evidence prune: %s files no attachment refers to removed", removed)
        return removed

    # --- sending again ------------------------------------------------------------------

    async def send(self, chat_id: int, attachments: Sequence[Attachment]) -> int:
        """Send the evidence to `chat_id`: photos as albums, then documents; by file_id while
        Telegram still knows it, else uploaded from the store (and the new file_id kept). How
        many could not be sent at all."""
        photos = [a for a in attachments if a.kind == "photo"]
        documents = [a for a in attachments if a.kind == "document"]
        missing = 0
        for group in [*_chunks(photos, 10), *_chunks(documents, 10)]:
            try:
                await self._send_group(chat_id, group, by_file_id=True)
                continue
            except Forbidden as exc:
                logger.info("evidence not sent: %s", exc)
                return missing
            except BadRequest as exc:
                logger.info("evidence by file_id refused (%s): sending it from the store", exc)
            except TelegramError as exc:
                logger.warning("could not send evidence again: %s", exc)
                continue
            stored = [a for a in group if a.sha256 and await asyncio.to_thread(self._has, a)]
            missing += len(group) - len(stored)
            if not stored:
                continue
            try:
                sent = await self._send_group(chat_id, stored, by_file_id=False)
            except TelegramError as exc:
                logger.warning("could not upload evidence from the store: %s", exc)
                missing += len(stored)
                continue
            await self._remember_file_ids(stored, sent)
        return missing

    def _has(self, attachment: Attachment) -> bool:
        return attachment.sha256 is not None and self.store.has(attachment.sha256)

    async def _send_group(
        self, chat_id: int, group: list[Attachment], *, by_file_id: bool
    ) -> list[Message]:
        async def media(attachment: Attachment) -> Any:
            if by_file_id:
                return attachment.file_id
            assert attachment.sha256 is not None
            return await asyncio.to_thread(self.store.read, attachment.sha256)

        if len(group) == 1:
            attachment = group[0]
            if attachment.kind == "photo":
                return [
                    await self.bot.send_photo(
                        chat_id, await media(attachment), caption=sent_caption(attachment)
                    )
                ]
            return [
                await self.bot.send_document(
                    chat_id,
                    await media(attachment),
                    filename=upload_name(attachment),
                    caption=sent_caption(attachment),
                )
            ]
        items: list[Any] = []
        for attachment in group:
            if attachment.kind == "photo":
                items.append(
                    InputMediaPhoto(await media(attachment), caption=sent_caption(attachment))
                )
            else:
                items.append(
                    InputMediaDocument(await media(attachment), filename=upload_name(attachment),
                                       caption=sent_caption(attachment))
                )  # fmt: skip
        return list(await self.bot.send_media_group(chat_id, items))

    async def _remember_file_ids(self, group: list[Attachment], sent: list[Message]) -> None:
        """Uploaded again: Telegram gave new file_ids; the next time they are used."""
        changes = {}
        for attachment, message in zip(group, sent, strict=False):
            if message.photo:
                changes[attachment.id] = message.photo[-1].file_id
            elif message.document is not None:
                changes[attachment.id] = message.document.file_id
        if not changes:
            return
        async with self.services.database.transaction() as session:
            for attachment_id, file_id in changes.items():
                await session.execute(
                    update(Attachment).where(Attachment.id == attachment_id).values(file_id=file_id)
                )
        for attachment in group:
            if attachment.id in changes:
                attachment.file_id = changes[attachment.id]


def sent_caption(attachment: Attachment) -> str | None:
    """The caption the file came with, sent again with it (escaped: captions go as HTML)."""
    return escape(attachment.caption) if attachment.caption else None


def upload_name(attachment: Attachment) -> str:
    """The name a file goes by when uploaded: the original, with no path or control characters
    (it names the upload only, never a file here)."""
    return safe_name(attachment.file_name, f"bukti-{attachment.id}.jpg")


def _sha256(content: bytes) -> str:
    return hashlib.sha256(content).hexdigest()


def _chunks(items: list[Attachment], size: int) -> list[list[Attachment]]:
    return [items[start : start + size] for start in range(0, len(items), size)]


# --- the jobs -------------------------------------------------------------------------------

STARTUP_JOB = "startup:evidence"
SWEEP_JOB = "evidence:sweep"
PRUNE_JOB = "evidence:prune"


def install_jobs(application: Any) -> None:
    """At start: everything pending (a backfill, a stop mid-download); then every few minutes
    whatever is due again; every hour, the files no attachment refers to any more pruned."""
    job_queue = application.job_queue
    assert job_queue is not None
    job_queue.run_once(_startup_sweep, 0, name=STARTUP_JOB, job_kwargs={"misfire_grace_time": None})
    job_queue.run_repeating(
        _sweep,
        interval=SWEEP_EVERY,
        first=SWEEP_EVERY,
        name=SWEEP_JOB,
        job_kwargs={"misfire_grace_time": None, "coalesce": True},
    )
    job_queue.run_repeating(
        _prune,
        interval=PRUNE_EVERY,
        first=PRUNE_EVERY,
        name=PRUNE_JOB,
        job_kwargs={"misfire_grace_time": None, "coalesce": True},
    )


async def _prune(context: Any) -> None:
    await context.application.bot_data.evidence.prune()


async def _startup_sweep(context: Any) -> None:
    await context.application.bot_data.evidence.sweep(at_start=True)


async def _sweep(context: Any) -> None:
    await context.application.bot_data.evidence.sweep()
