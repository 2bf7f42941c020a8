"""Which evidence files the public may see: a coordinator decides.

The files an innovation has when it is approved are approved with it (``approve_with``, in the
verdict's transaction). A file added to an approved innovation afterwards (a check-in photo, an
IID evidence file) starts ``pending``: the coordinators' group gets it with ✅ / 🚫 buttons
(``announce_file``, through the outbox), and the coordinators' dashboard marks it, with the same
two choices. Until one of them decides, it is on no public page and not at /bukti/N.

A decision (``decide``) is one conditional UPDATE: only a pending file of that innovation
changes, so a second press, a forged number or a file of another innovation changes nothing.
Whoever calls it has checked the role first (a coordinator or an admin).
"""

from __future__ import annotations

import enum

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from bot.delivery.outbox import GROUP, GROUP_CHAT
from bot.telegram.context import Services
from storage.database import mark_outbox
from storage.models import Attachment, Event, Innovation, Member, Opd, PublicState, Status
from storage.repositories.deliveries import DeliveryRepository

CAPTION_SHOWN = 200  # characters of a file's own caption in the group's notice


class Decision(enum.StrEnum):
    SHOW = "ok"
    HIDE = "hide"


STATE_OF = {Decision.SHOW: PublicState.APPROVED, Decision.HIDE: PublicState.HIDDEN}


class Outcome(enum.StrEnum):
    DECIDED = "decided"
    ALREADY = "already"  # decided before (by someone else, or by this same press)
    GONE = "gone"  # no such file of that innovation


async def approve_with(session: AsyncSession, innovation_id: int) -> None:
    """The innovation was just approved: the files it has now are approved with it (a file a
    coordinator hid stays hidden)."""
    await session.execute(
        update(Attachment)
        .where(
            Attachment.innovation_id == innovation_id,
            Attachment.public_state == PublicState.PENDING,
        )
        .values(public_state=PublicState.APPROVED)
        .execution_options(synchronize_session=False)
    )


async def announce_file(
    session: AsyncSession, services: Services, innovation: Innovation, attachment: Attachment
) -> None:
    """Queue the group's notice of a file added to an approved innovation (the file itself,
    with ✅ / 🚫), in the caller's transaction. Any other file needs none: it is approved, or
    it waits for its innovation's approval."""
    if innovation.status != Status.APPROVED or attachment.public_state != PublicState.PENDING:
        return
    opd = await session.scalar(select(Opd.name).where(Opd.id == innovation.opd_id))
    payload = {
        "file": attachment.id,
        "innovation_id": innovation.id,
        "title": innovation.title,
        "opd": opd or "",
        "kind": attachment.kind,
        "file_id": attachment.file_id,
        "caption": (attachment.caption or "")[:CAPTION_SHOWN],
    }
    key = f"public:{attachment.id}"
    await DeliveryRepository(session).enqueue(GROUP, key, GROUP_CHAT, payload, services.clock.now())
    mark_outbox(session, GROUP)


async def decide(
    session: AsyncSession,
    innovation_id: int,
    attachment_id: int,
    decision: Decision,
    member: Member,
) -> Outcome:
    """Show or hide a pending file of this innovation, and log who did it."""
    changed = (
        await session.execute(
            update(Attachment)
            .where(
                Attachment.id == attachment_id,
                Attachment.innovation_id == innovation_id,
                Attachment.public_state == PublicState.PENDING,
            )
            .values(public_state=STATE_OF[decision])
            .execution_options(synchronize_session=False)
        )
    ).rowcount == 1
    if not changed:
        exists = await session.scalar(
            select(Attachment.id).where(
                Attachment.id == attachment_id, Attachment.innovation_id == innovation_id
            )
        )
        return Outcome.GONE if exists is None else Outcome.ALREADY
    session.add(
        Event(
            innovation_id=innovation_id, actor_id=member.id, kind=f"file_{STATE_OF[decision]}",
            field="attachment", new_value=str(attachment_id),
        )
    )  # fmt: skip
    return Outcome.DECIDED
