"""The innovations' tally checked against the innovations themselves: every count the triggers
keep, and the dashboard's overview built from them, equal a recount, before and after the
pending changes are folded in."""

from __future__ import annotations

from collections import Counter

from sqlalchemy import func, select

from storage import tally
from storage.database import Database
from storage.models import (
    Innovation,
    InnovationTally,
    InnovationTallyChange,
    Status,
    innovation_pillar,
)
from web import queries

# The sets of statuses the dashboard asks for (public, coordinators, everything) and each alone.
SCOPES = [
    (Status.APPROVED.value,),
    tuple(s.value for s in Status if s is not Status.DRAFT),
    tuple(s.value for s in Status),
    *((s.value,) for s in Status if s is not Status.APPROVED),
]


def _mix(stage: str | None, kind: str | None, quick_win: bool | None) -> str:
    flag = "" if quick_win is None else "1" if quick_win else "0"
    return f"{stage or ''}|{kind or ''}|{flag}"


async def expected_counts(database: Database) -> Counter:
    """Every key of the tally counted from the innovations and their pillars."""
    counts: Counter = Counter()
    async with database.reading() as session:
        rows = await session.execute(
            select(Innovation.id, Innovation.status, Innovation.opd_id, Innovation.stage,
                   Innovation.kind, Innovation.quick_win)
        )  # fmt: skip
        innovations = {row[0]: row[1:] for row in rows}
        links = list(await session.execute(select(innovation_pillar)))
    for status, opd_id, stage, kind, quick_win in innovations.values():
        counts[("opd", status, opd_id, "")] += 1
        counts[("mix", status, 0, _mix(stage, kind, quick_win))] += 1
    for innovation_id, pillar_id in links:
        status, opd_id, *_ = innovations[innovation_id]
        counts[("pillar", status, opd_id, str(pillar_id))] += 1
    return counts


async def kept_counts(database: Database) -> Counter:
    """Every key of the tally as the database keeps it: running counts plus pending changes."""
    counts: Counter = Counter()
    async with database.reading() as session:
        for table in (InnovationTally, InnovationTallyChange):
            rows = await session.execute(
                select(table.dimension, table.status, table.opd_id, table.value, table.n)
            )
            for dimension, status, opd_id, value, n in rows:
                counts[(dimension, status, opd_id, value)] += n
    return Counter({key: n for key, n in counts.items() if n})


async def pending(database: Database) -> int:
    async with database.reading() as session:
        return int(await session.scalar(select(func.count()).select_from(InnovationTallyChange)))


async def assert_tally_right(database: Database, *, compact: bool = True) -> None:
    """The tally equals a recount, key by key and as the dashboard's overviews; then, folded,
    still (with no change left pending and no key at zero)."""
    rounds = (False, True) if compact else (False,)
    for folded in rounds:
        if folded:
            await tally.compact(database)
            assert await pending(database) == 0
            async with database.reading() as session:
                zeros = await session.scalar(
                    select(func.count()).select_from(InnovationTally).where(InnovationTally.n == 0)
                )
            assert zeros == 0
        expected = await expected_counts(database)
        assert await kept_counts(database) == expected, "compacted" if folded else "pending"
        for statuses in SCOPES:
            assert await queries.overview(database, statuses) == await queries.recount(
                database, statuses
            ), statuses
