"""The innovations' tally: counts the database keeps itself (see `InnovationTally` and migration
0015), read as the running counts plus the changes not folded in yet, and compacted.

Triggers append a delta row to `innovation_tally_change` for every change to an innovation or to
its pillars. `compact` folds those rows into `innovation_tally`; a reader never needs it to be
right (it adds the pending changes), only to stay fast (the pending set kept small).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from typing import Any

from sqlalchemy import String, and_, bindparam, case, delete, func, literal, select, union_all
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession

from storage.database import Database
from storage.models import InnovationTally, InnovationTallyChange, TallyDimension

BATCH = 20_000  # change rows folded per transaction: a writer never waits long behind one

Key = tuple[str, str, int, str]  # dimension, status, opd_id, value
TALLY = InnovationTally.__table__


async def counts(session: AsyncSession, statuses: Iterable[str]) -> dict[Key, int]:
    """The counts of innovations in `statuses`, by (dimension, status, opd_id, value): the
    tally plus its pending changes, in one statement (so one snapshot: a compaction never
    counts twice or not at all), keys that sum to nothing left out. The status is kept for the
    'mix' dimension only; the others are summed over the statuses (an OPD's count, a cell of the
    coverage), so the answer is about OPDs × pillars rows, whatever the number of
    innovations."""
    statuses = list(statuses)
    tally, change = InnovationTally, InnovationTallyChange
    mix = TallyDimension.MIX.value
    nothing = literal("", String)
    by_opd = (  # read in the key's order: summed as it goes, no sorting
        select(tally.dimension, nothing, tally.opd_id, tally.value, func.sum(tally.n))
        .where(tally.dimension.in_((TallyDimension.OPD.value, TallyDimension.PILLAR.value)),
               tally.status.in_(statuses))
        .group_by(tally.dimension, tally.opd_id, tally.value)
    )  # fmt: skip
    mixed = (
        select(tally.dimension, tally.status, tally.opd_id, tally.value, func.sum(tally.n))
        .where(tally.dimension == mix, tally.status.in_(statuses))
        .group_by(tally.dimension, tally.status, tally.opd_id, tally.value)
    )
    status = case((change.dimension == mix, change.status), else_=nothing)
    pending = (
        select(change.dimension, status, change.opd_id, change.value, func.sum(change.n))
        .where(change.status.in_(statuses))
        .group_by(change.dimension, status, change.opd_id, change.value)
    )
    sums: dict[Key, int] = defaultdict(int)
    for dimension, kept_status, opd_id, value, n in await session.execute(
        union_all(by_opd, mixed, pending)
    ):
        sums[(dimension, kept_status, int(opd_id), value)] += int(n)
    return {key: n for key, n in sums.items() if n}


async def compact(database: Database, *, batch: int = BATCH) -> int:
    """Fold the pending changes into the running counts, `batch` change rows per transaction;
    the number of change rows folded.

    Each transaction deletes the change rows it reads (DELETE … RETURNING: on PostgreSQL a
    change committed meanwhile is not among them and waits for the next round, never lost; two
    compactions at once never fold one row twice, the second finding it deleted), sums them,
    and adds the sums to the tally in key order (two compactions at once take the same rows'
    locks in the same order: no deadlock); keys that come to zero are dropped."""
    folded = 0
    while True:
        async with database.transaction() as session:
            taken = await _fold(session, batch)
        folded += taken
        if taken < batch:
            return folded


async def _fold(session: AsyncSession, batch: int) -> int:
    change = InnovationTallyChange
    oldest = select(change.id).order_by(change.id).limit(batch).scalar_subquery()
    rows = (
        await session.execute(
            delete(change)
            .where(change.id.in_(oldest))
            .returning(change.dimension, change.status, change.opd_id, change.value, change.n)
        )
    ).all()
    sums: dict[Key, int] = defaultdict(int)
    for dimension, status, opd_id, value, n in rows:
        sums[(dimension, status, opd_id, value)] += n
    changed = [
        {"dimension": key[0], "status": key[1], "opd_id": key[2], "value": key[3], "n": n}
        for key, n in sorted(sums.items())
        if n
    ]
    if changed:
        await session.execute(_upsert(session), changed)
        # Only the keys just written, whose rows this transaction holds already: dropping any
        # other could wait for a second compaction that waits for this one.
        await session.execute(_zero, changed)
    return len(rows)


_zero = delete(TALLY).where(
    and_(
        TALLY.c.dimension == bindparam("dimension"),
        TALLY.c.status == bindparam("status"),
        TALLY.c.opd_id == bindparam("opd_id"),
        TALLY.c.value == bindparam("value"),
        TALLY.c.n == 0,
    )
)


def _upsert(session: AsyncSession) -> Any:
    """INSERT … ON CONFLICT (the key) DO UPDATE SET n = n + the delta."""
    dialect = session.bind.dialect.name
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    statement = insert(TALLY)
    return statement.on_conflict_do_update(
        index_elements=list(TALLY.primary_key.columns),
        set_={"n": TALLY.c.n + statement.excluded.n},
    )
