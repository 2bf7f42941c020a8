"""What the dashboard's pages show, each page in a fixed number of SQL statements.

Public pages count and list *approved* innovations only: nothing that is not approved is ever
on a public page. The coordinators' pages see every status."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import and_, func, select, union_all
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import joinedload, selectinload

from bot.monitoring.checkins import (
    FRESHNESS_COLUMNS,
    Freshness,
    default_months,
    freshness_query,
    standing,
)
from storage import tally
from storage.database import Database
from storage.models import (
    Attachment,
    AttachmentKind,
    Innovation,
    InnovationKind,
    Opd,
    Pillar,
    PublicState,
    Stage,
    Status,
    TallyDimension,
    innovation_pillar,
    searchable,
)
from storage.repositories.innovations import with_words

PAGE_SIZE = 20
QUEUE_SIZE = 200  # the oldest waiting innovations the queue shows
QUERY_MAX = 100  # characters of a search; more is cut, never an error


@dataclass
class Overview:
    """Counts over a set of innovations (the approved ones, or all the sent ones)."""

    total: int = 0
    by_pillar: list[tuple[str, int]] = field(default_factory=list)
    by_stage: dict[str, int] = field(default_factory=dict)
    by_kind: dict[str, int] = field(default_factory=dict)
    by_status: dict[str, int] = field(default_factory=dict)
    quick_wins: int = 0
    opd_count: int = 0
    ranking: list[tuple[str, str, int]] = field(default_factory=list)  # code, name, count
    without: list[tuple[str, str]] = field(default_factory=list)  # code, name
    pillars: list[str] = field(default_factory=list)
    coverage: list[tuple[str, list[int]]] = field(default_factory=list)  # OPD, per pillar
    # The approved innovations by freshness (see `freshness`): filled in by the dashboard.
    freshness: dict[str, int] = field(default_factory=dict)
    # The OPDs' ranking's first few with an approved innovation (`web.opds.ranking`): likewise.
    leaders: list[Any] = field(default_factory=list)
    # Each benefit measure's total over the regency (`bot.monitoring.benefits`): likewise.
    benefits: list[Any] = field(default_factory=list)


async def overview(database: Database, statuses: tuple[str, ...]) -> Overview:
    """Three statements, whatever the number of innovations: the counts the database keeps
    (the tally and its pending changes, see `storage.tally`), the OPDs and the pillars."""
    async with database.reading() as session:
        rows = await tally.counts(session, statuses)
        opds, pillars = await _opds_and_pillars(session)
    mix: list[tuple[str, str | None, str | None, bool | None, int]] = []
    per_opd: dict[int, int] = {}
    cells: list[tuple[int, int, int]] = []
    for (dimension, status, opd_id, value), count in rows.items():
        if dimension == TallyDimension.MIX:
            stage, kind, quick_win = value.split("|")
            mix.append((status, stage or None, kind or None,
                        None if quick_win == "" else quick_win == "1", count))  # fmt: skip
        elif dimension == TallyDimension.OPD:
            per_opd[opd_id] = count
        elif dimension == TallyDimension.PILLAR:
            cells.append((opd_id, int(value), count))
    return _assemble(mix, per_opd, cells, opds, pillars)


async def recount(database: Database, statuses: tuple[str, ...]) -> Overview:
    """The same figures counted from the innovations themselves (two full scans): what the tally
    is checked against."""
    async with database.reading() as session:
        groups = await session.execute(
            select(
                Innovation.opd_id, Innovation.status, Innovation.stage, Innovation.kind,
                Innovation.quick_win, func.count(),
            )
            .where(Innovation.status.in_(statuses))
            .group_by(Innovation.opd_id, Innovation.status, Innovation.stage, Innovation.kind,
                      Innovation.quick_win)
        )  # fmt: skip
        cells = await session.execute(
            select(Innovation.opd_id, innovation_pillar.c.pillar_id, func.count())
            .join(innovation_pillar, innovation_pillar.c.innovation_id == Innovation.id)
            .where(Innovation.status.in_(statuses))
            .group_by(Innovation.opd_id, innovation_pillar.c.pillar_id)
        )
        opds, pillars = await _opds_and_pillars(session)
    mix, per_opd = [], {}
    for opd_id, status, stage, kind, quick_win, count in groups:
        mix.append((status, stage, kind, quick_win, count))
        per_opd[opd_id] = per_opd.get(opd_id, 0) + count
    return _assemble(mix, per_opd, [tuple(cell) for cell in cells], opds, pillars)


async def _opds_and_pillars(session: AsyncSession) -> tuple[list[Any], list[Any]]:
    opds = await session.execute(
        select(Opd.id, Opd.code, Opd.name, Opd.expected)
        .where(Opd.active.is_(True))
        .order_by(Opd.name, Opd.id)
    )
    pillars = await session.execute(select(Pillar.id, Pillar.name).order_by(Pillar.position))
    return list(opds), list(pillars)


def _assemble(
    mix: list[tuple[str, str | None, str | None, bool | None, int]],
    per_opd: dict[int, int],
    cells: list[tuple[int, int, int]],
    opds: list[Any],
    pillars: list[Any],
) -> Overview:
    """The overview from its counts: `mix` (status, stage, kind, quick win, count), the count
    per OPD, the coverage's cells (OPD, pillar, count), the active OPDs by name, the pillars."""
    result = Overview()
    for status, stage, kind, quick_win, count in mix:
        result.total += count
        result.by_status[status] = result.by_status.get(status, 0) + count
        if stage:
            result.by_stage[stage] = result.by_stage.get(stage, 0) + count
        if kind:
            result.by_kind[kind] = result.by_kind.get(kind, 0) + count
        if quick_win:
            result.quick_wins += count
    result.by_stage = {s.value: result.by_stage.get(s.value, 0) for s in Stage}
    result.by_kind = {k.value: result.by_kind.get(k.value, 0) for k in InnovationKind}
    result.pillars = [name for _, name in pillars]
    grid: dict[int, dict[int, int]] = {}
    per_pillar: dict[int, int] = {}
    for opd_id, pillar_id, count in cells:
        grid.setdefault(opd_id, {})[pillar_id] = count
        per_pillar[pillar_id] = per_pillar.get(pillar_id, 0) + count
    result.by_pillar = [(name, per_pillar.get(pillar_id, 0)) for pillar_id, name in pillars]
    # "Not yet" lists only OPDs expected to submit (Diskominfo, which collects and reviews, is
    # not by default); one that innovates is ranked, and counted, whether expected or not.
    result.opd_count = sum(1 for opd_id, *_, expected in opds if expected or per_opd.get(opd_id))
    ranked = [
        (code, name, per_opd.get(opd_id, 0), expected) for opd_id, code, name, expected in opds
    ]
    result.ranking = sorted(
        ((code, name, count) for code, name, count, _ in ranked if count),
        key=lambda row: (-row[2], row[1].lower()),
    )
    result.without = [
        (code, name) for code, name, count, expected in ranked if expected and not count
    ]
    result.coverage = [
        (name, [grid.get(opd_id, {}).get(pillar_id, 0) for pillar_id, _ in pillars])
        for opd_id, _code, name, _expected in opds
        if opd_id in grid
    ]
    return result


async def freshness(database: Database, now: datetime) -> tuple[dict[str, int], int]:
    """The approved innovations by freshness, as every screen of the bot counts them (the one
    definition, `bot.monitoring.checkins.freshness_of`), and how many stopped ones are quick
    wins (no longer counted as such). Two statements, whatever the number of innovations."""
    async with database.reading() as session:
        regency = await default_months(session)
        rows = list(await session.execute(freshness_query(Innovation.quick_win)))
    counts = {state.value: 0 for state in Freshness}
    stopped_quick_wins = 0
    for row in rows:
        state = standing(row, regency, now).state
        counts[state.value] += 1
        if state is Freshness.STOPPED and row[FRESHNESS_COLUMNS]:
            stopped_quick_wins += 1
    return counts, stopped_quick_wins


@dataclass
class Filters:
    query: str = ""
    pillar: int | None = None
    opd: str | None = None
    stage: str | None = None
    kind: str | None = None
    status: str | None = None
    page: int = 1


@dataclass
class Listing:
    innovations: list[Innovation]
    total: int
    page: int
    pages: int


async def listing(session: AsyncSession, filters: Filters, statuses: tuple[str, ...]) -> Listing:
    """A page of innovations (with OPD and pillars): three statements."""
    words = searchable(filters.query[:QUERY_MAX]).split()[:10]
    query = select(Innovation).where(Innovation.status.in_(statuses))
    if words or filters.opd:  # the OPD's name or code: joined only when asked for
        query = query.join(Opd, Opd.id == Innovation.opd_id)
    if filters.status:
        query = query.where(Innovation.status == filters.status)
    if filters.opd:
        query = query.where(Opd.code == filters.opd)
    if filters.stage:
        query = query.where(Innovation.stage == filters.stage)
    if filters.kind:
        query = query.where(Innovation.kind == filters.kind)
    if filters.pillar is not None:
        query = query.where(
            Innovation.id.in_(
                select(innovation_pillar.c.innovation_id).where(
                    innovation_pillar.c.pillar_id == filters.pillar
                )
            )
        )
    query = with_words(query, words)
    total = await session.scalar(select(func.count()).select_from(query.subquery())) or 0
    pages = max(1, -(-total // PAGE_SIZE))
    page = min(max(filters.page, 1), pages)
    rows = await session.scalars(
        query.options(joinedload(Innovation.opd), selectinload(Innovation.pillars))
        .order_by(Innovation.submitted_at.desc().nulls_last(), Innovation.id.desc())
        .offset((page - 1) * PAGE_SIZE)
        .limit(PAGE_SIZE)
    )
    return Listing(list(rows), total, page, pages)


async def innovation(
    session: AsyncSession, innovation_id: int, statuses: tuple[str, ...]
) -> Innovation | None:
    """One innovation, if its status may be shown here: three statements."""
    return await session.scalar(
        select(Innovation)
        .where(Innovation.id == innovation_id, Innovation.status.in_(statuses))
        .options(
            joinedload(Innovation.opd),
            selectinload(Innovation.pillars),
            selectinload(Innovation.attachments),
        )
    )


@dataclass
class Queue:
    waiting: list[tuple[Innovation, float]]  # innovation, days waiting
    drafts: list[tuple[str, int]]  # OPD, drafts
    files: list[tuple[int, int, str]] = field(default_factory=list)  # file, innovation, title


async def coordinators_queue(session: AsyncSession, now: datetime) -> Queue:
    """The review queue, oldest first, with its age; drafts per OPD (counts only)."""
    # Each status's oldest by its own (status, submitted_at) index, then the two merged: an IN
    # over both would read every waiting innovation and sort them.
    oldest = [
        select(Innovation.id)
        .where(Innovation.status == status)
        .order_by(Innovation.submitted_at.asc().nulls_last(), Innovation.id)
        .limit(QUEUE_SIZE)
        .subquery()
        for status in (Status.SUBMITTED, Status.IN_REVIEW)
    ]
    ids = union_all(*(select(part.c.id) for part in oldest)).subquery()
    rows = await session.scalars(
        select(Innovation)
        .where(Innovation.id.in_(select(ids.c.id)))
        .options(joinedload(Innovation.opd))
        .order_by(Innovation.submitted_at.asc().nulls_last(), Innovation.id)
        .limit(QUEUE_SIZE)
    )
    waiting = [
        (row, ((now - row.submitted_at).total_seconds() / 86400) if row.submitted_at else 0.0)
        for row in rows
    ]
    drafts = await session.execute(
        select(Opd.name, func.count())
        .join(Innovation, and_(Innovation.opd_id == Opd.id, Innovation.status == Status.DRAFT))
        .group_by(Opd.name)
        .order_by(func.count().desc(), Opd.name)
    )
    # Files of approved innovations the public does not see until a coordinator decides.
    files = await session.execute(
        select(Attachment.id, Innovation.id, Innovation.title)
        .join(Innovation, Innovation.id == Attachment.innovation_id)
        .where(
            Attachment.public_state == PublicState.PENDING,
            Innovation.status == Status.APPROVED,
        )
        .order_by(Attachment.id)
        .limit(QUEUE_SIZE)
    )
    return Queue(
        waiting,
        [(name, count) for name, count in drafts],
        [(file_id, innovation_id, title) for file_id, innovation_id, title in files],
    )


async def pillar_choices(session: AsyncSession) -> list[tuple[int, str]]:
    return [(pid, name) for pid, name in await session.execute(
        select(Pillar.id, Pillar.name).order_by(Pillar.position)
    )]  # fmt: skip


async def opd_choices(session: AsyncSession) -> list[tuple[str, str]]:
    return [(code, name) for code, name in await session.execute(
        select(Opd.code, Opd.name).where(Opd.active.is_(True)).order_by(Opd.name)
    )]  # fmt: skip


async def stored_photo(
    session: AsyncSession, attachment_id: int, statuses: tuple[str, ...], *, public: bool
) -> tuple[str, str | None] | None:
    """(sha256, type) of a photo kept in the evidence store, of an innovation in `statuses`;
    `public`: only one a coordinator approved for the public."""
    query = (
        select(Attachment.sha256, Attachment.mime_type)
        .join(Innovation, Innovation.id == Attachment.innovation_id)
        .where(
            Attachment.id == attachment_id,
            Attachment.kind == AttachmentKind.PHOTO,
            Attachment.sha256.is_not(None),
            Innovation.status.in_(statuses),
        )
    )
    if public:
        query = query.where(Attachment.public_state == PublicState.APPROVED)
    row = (await session.execute(query)).first()
    return (row[0], row[1]) if row is not None else None
