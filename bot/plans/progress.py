"""Each OPD's action plan (rencana aksi) against what happened: the state of every entry, the
counts per OPD, and the changes a person makes (an entry added, linked to its innovation).

The four states are defined here once, for every screen, the reminders, the export and the
dashboard:

- **done**: the entry's innovation is approved and has reached the planned stage (penerapan
  counts for a plan of uji coba);
- **late**: not done, and the target month is over;
- **due soon**: not done, and the target month begins within ``DUE_SOON`` days (or has begun);
- **on track**: none of these.
"""

from __future__ import annotations

import enum
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.innovations.rules import MONTHS, clean_answer
from storage.models import Innovation, Member, Opd, Pillar, Stage, Status
from storage.plans import PLAN_STAGES, PlanEntry
from storage.repositories.innovations import InnovationRepository

DUE_SOON = timedelta(days=30)
STAGE_RANK = {Stage.INISIATIF: 0, Stage.UJI_COBA: 1, Stage.PENERAPAN: 2}
# A target month people would plan for: from the smart-city programme's start to a far horizon.
FIRST_YEAR, LAST_YEAR = 2015, 2045


class PlanState(enum.StrEnum):
    # In the order a coordinator reads them: what is wrong first.
    LATE = "late"
    DUE_SOON = "due_soon"
    ON_TRACK = "on_track"
    DONE = "done"


class BadMonth(ValueError):
    """Not a month (the catalog's ``plan-invalid-month`` says how to write one)."""


def month_end(month: date) -> date:
    """The last day of the month `month` falls in."""
    following = date(month.year + month.month // 12, month.month % 12 + 1, 1)
    return following - timedelta(days=1)


def months_between(earlier: date, later: date) -> int:
    return (later.year - earlier.year) * 12 + later.month - earlier.month


_NUMERIC = re.compile(r"^(\d{1,2})[/\-.](\d{4})$", re.ASCII)
_ISO = re.compile(r"^(\d{4})[/\-.](\d{1,2})(?:[/\-.]\d{1,2})?$", re.ASCII)
_WORDED = re.compile(r"^(?:\d{1,2}\s+)?([A-Za-z]+)\.?\s+(\d{4})$", re.ASCII)


def parse_month(text: str) -> date:
    """A target month as people write it: `08/2026`, `8-2026`, `2026-08`, `Agustus 2026`,
    `agt 2026`, `Aug 2026` (a full date is taken as its month). Past or future alike."""
    value = " ".join(clean_answer(text).split())
    year = month = 0
    if match := _NUMERIC.match(value):
        month, year = int(match.group(1)), int(match.group(2))
    elif match := _ISO.match(value):
        year, month = int(match.group(1)), int(match.group(2))
    elif match := _WORDED.match(value):
        month, year = MONTHS.get(match.group(1).lower(), 0), int(match.group(2))
    if not (1 <= month <= 12 and FIRST_YEAR <= year <= LAST_YEAR):
        raise BadMonth(value)
    return date(year, month, 1)


def state_of(
    target_month: date,
    target_stage: str,
    today: date,
    innovation_status: str | None = None,
    innovation_stage: str | None = None,
) -> PlanState:
    reached = (
        innovation_status == Status.APPROVED
        and innovation_stage is not None
        and STAGE_RANK.get(Stage(innovation_stage), -1) >= STAGE_RANK[Stage(target_stage)]
    )
    if reached:
        return PlanState.DONE
    if today > month_end(target_month):
        return PlanState.LATE
    if today + DUE_SOON >= target_month:
        return PlanState.DUE_SOON
    return PlanState.ON_TRACK


@dataclass(frozen=True)
class EntryView:
    """One plan entry as every screen shows it, with its state on `today`."""

    id: int
    opd_id: int
    opd_code: str
    opd_name: str
    pillar_id: int
    pillar_code: str
    pillar_name: str
    title: str
    target_stage: str
    target_month: date
    innovation_id: int | None
    innovation_title: str | None
    innovation_status: str | None
    innovation_stage: str | None
    imported_from: str | None
    state: PlanState
    months_late: int  # whole months past the target month (0 unless late)

    @property
    def waiting_for_review(self) -> bool:
        """Linked, at the stage, sent and not decided yet: done once a coordinator approves."""
        return (
            self.state is not PlanState.DONE
            and self.innovation_stage is not None
            and self.innovation_status in (Status.SUBMITTED, Status.IN_REVIEW)
            and STAGE_RANK.get(Stage(self.innovation_stage), -1)
            >= STAGE_RANK[Stage(self.target_stage)]
        )


def _months_late(state: PlanState, target_month: date, today: date) -> int:
    return max(1, months_between(target_month, today)) if state is PlanState.LATE else 0


async def entries(
    session: AsyncSession,
    today: date,
    *,
    opd_id: int | None = None,
    entry_ids: Iterable[int] | None = None,
) -> list[EntryView]:
    """The plan entries (one OPD's, or some by id, else all), by OPD, month and title."""
    query = (
        select(
            PlanEntry.id, PlanEntry.opd_id, Opd.code, Opd.name, PlanEntry.pillar_id,
            Pillar.code, Pillar.name, PlanEntry.title, PlanEntry.target_stage,
            PlanEntry.target_month, PlanEntry.innovation_id, Innovation.title,
            Innovation.status, Innovation.stage, PlanEntry.imported_from,
        )
        .join(Opd, Opd.id == PlanEntry.opd_id)
        .join(Pillar, Pillar.id == PlanEntry.pillar_id)
        .outerjoin(Innovation, Innovation.id == PlanEntry.innovation_id)
        .order_by(Opd.name, PlanEntry.target_month, PlanEntry.title, PlanEntry.id)
    )  # fmt: skip
    if opd_id is not None:
        query = query.where(PlanEntry.opd_id == opd_id)
    if entry_ids is not None:
        query = query.where(PlanEntry.id.in_(list(entry_ids)))
    views = []
    for row in await session.execute(query):
        (
            entry_id,
            entry_opd,
            code,
            name,
            pillar_id,
            pillar_code,
            pillar_name,
            title,
            stage,
            month,
            innovation_id,
            innovation_title,
            status,
            innovation_stage,
            imported,
        ) = row
        state = state_of(month, stage, today, status, innovation_stage)
        views.append(EntryView(
            entry_id, entry_opd, code, name, pillar_id, pillar_code, pillar_name, title, stage,
            month, innovation_id, innovation_title, status, innovation_stage, imported, state,
            _months_late(state, month, today),
        ))  # fmt: skip
    return views


@dataclass
class Counts:
    """Entries per state, and the most months any one is late."""

    counts: dict[PlanState, int] = field(default_factory=lambda: dict.fromkeys(PlanState, 0))
    worst_months_late: int = 0

    def add(self, view: EntryView) -> None:
        self.counts[view.state] += 1
        self.worst_months_late = max(self.worst_months_late, view.months_late)

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    @property
    def late(self) -> int:
        return self.counts[PlanState.LATE]

    @property
    def done(self) -> int:
        return self.counts[PlanState.DONE]


@dataclass
class OpdProgress(Counts):
    opd_id: int = 0
    code: str = ""
    name: str = ""


def by_opd(views: Iterable[EntryView]) -> list[OpdProgress]:
    """Plan against reality per OPD: the OPDs with late entries first (the most late, then the
    longest late), then those with entries due soon, then by name."""
    progress: dict[int, OpdProgress] = {}
    for view in views:
        opd = progress.setdefault(
            view.opd_id, OpdProgress(opd_id=view.opd_id, code=view.opd_code, name=view.opd_name)
        )
        opd.add(view)
    return sorted(
        progress.values(),
        key=lambda o: (-o.late, -o.worst_months_late, -o.counts[PlanState.DUE_SOON], o.name),
    )


def totals(views: Iterable[EntryView]) -> tuple[Counts, int]:
    """Every entry's state counted, and how many OPDs have a late entry."""
    counts = Counts()
    late_opds: set[int] = set()
    for view in views:
        counts.add(view)
        if view.state is PlanState.LATE:
            late_opds.add(view.opd_id)
    return counts, len(late_opds)


class PlanError(ValueError):
    """A change the person may not make; `key` is the catalog's message."""

    def __init__(self, key: str) -> None:
        super().__init__(key)
        self.key = key


async def add_entry(
    session: AsyncSession,
    *,
    opd_id: int,
    pillar_id: int,
    title: str,
    target_stage: str,
    target_month: date,
    by_member_id: int | None,
) -> PlanEntry:
    if target_stage not in PLAN_STAGES:
        raise PlanError("plan-invalid-stage")
    entry = PlanEntry(
        opd_id=opd_id, pillar_id=pillar_id, title=title, target_stage=target_stage,
        target_month=target_month.replace(day=1), created_by_id=by_member_id,
    )  # fmt: skip
    session.add(entry)
    await session.flush()
    return entry


async def link(
    session: AsyncSession, entry_id: int, innovation_id: int | None, opd_id: int
) -> None:
    """Link the entry to the innovation that fulfils it (None: unlink). Both must be the OPD's
    (`opd_id`: the person's own, checked again here whatever the button said)."""
    entry = await session.get(PlanEntry, entry_id, with_for_update=True)
    if entry is None or entry.opd_id != opd_id:
        raise PlanError("plan-not-found")
    if innovation_id is not None:
        innovation = await session.get(Innovation, innovation_id)
        if innovation is None or innovation.opd_id != opd_id:
            raise PlanError("plan-link-not-yours")
        if innovation.status == Status.REJECTED:  # not offered; a forged or old button
            raise PlanError("plan-link-rejected")
    entry.innovation_id = innovation_id


async def innovation_from_entry(session: AsyncSession, entry_id: int, member: Member) -> int:
    """📝 under an entry: the innovation to fill in. The entry's own when it has one (its form
    reopened); else a new draft of the member's OPD, its title and pillar the entry's, and the
    entry linked to it. `member` must be of the entry's OPD (checked here again)."""
    entry = await session.get(PlanEntry, entry_id, with_for_update=True)
    if entry is None or entry.opd_id != member.opd_id:
        raise PlanError("plan-not-found")
    if entry.innovation_id is not None:
        return entry.innovation_id
    repository = InnovationRepository(session)
    # The OPD has it already (typed in the chat before the plan was loaded): that one, linked,
    # rather than a second of the same title.
    same = await repository.same_title(entry.opd_id, entry.title)
    if same is not None and same.status != Status.REJECTED:
        entry.innovation_id = same.id
        await session.flush()
        return same.id
    draft = await repository.create_draft(member, entry.title)
    pillar = next((p for p in await repository.known_pillars() if p.id == entry.pillar_id), None)
    if pillar is not None:
        await repository.toggle_pillar(draft, pillar)
    entry.innovation_id = draft.id
    await session.flush()
    return draft.id
