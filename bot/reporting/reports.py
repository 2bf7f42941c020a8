"""The numbers coordinators report: built with a fixed number of aggregate queries, whatever
the number of OPDs and innovations, then rendered as text and as pictures."""

from __future__ import annotations

import io
import math
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.core.texts import Catalog
from bot.plans.progress import Counts, OpdProgress, PlanState, by_opd, entries, totals
from storage.models import (
    Innovation,
    Member,
    MemberStatus,
    Opd,
    Pillar,
    Stage,
    Status,
    innovation_pillar,
)

SENT = (Status.SUBMITTED, Status.IN_REVIEW, Status.APPROVED, Status.REVISION_REQUESTED,
        Status.REJECTED)  # fmt: skip
COUNTED_FOR_COVERAGE = (Status.SUBMITTED, Status.IN_REVIEW, Status.APPROVED,
                        Status.REVISION_REQUESTED)  # fmt: skip
TOP = 5
NAMES_SHOWN = 10


@dataclass
class Summary:
    by_status: dict[str, int]
    by_pillar: list[tuple[str, dict[str, int]]]
    by_stage: dict[str, int]
    quick_wins: int
    top_opds: list[tuple[str, int]]
    opd_count: int
    opds_without: int
    opds_without_names: list[str]  # all of them, by name (/rekap shows the first NAMES_SHOWN)
    unreachable: int = 0  # members who blocked the bot: reminders and broadcasts skip them

    @property
    def sent(self) -> int:
        return sum(self.by_status.get(status, 0) for status in SENT)

    @property
    def review_queue(self) -> int:
        return self.by_status.get(Status.SUBMITTED, 0) + self.by_status.get(Status.IN_REVIEW, 0)


async def pillar_counts(session: AsyncSession) -> list[tuple[str, dict[str, int]]]:
    """The chart's data: per pillar (in order), the sent innovations by status. The links are
    counted first (grouped), then named: no sort of the 200,000 links, one statement."""
    per_pillar = (
        select(innovation_pillar.c.pillar_id, Innovation.status, func.count().label("n"))
        .join(Innovation, Innovation.id == innovation_pillar.c.innovation_id)
        .where(Innovation.status.in_(SENT))
        .group_by(innovation_pillar.c.pillar_id, Innovation.status)
        .subquery()
    )
    by_pillar: dict[str, dict[str, int]] = {}
    for name, status, count in await session.execute(
        select(Pillar.name, per_pillar.c.status, per_pillar.c.n)
        .outerjoin(per_pillar, per_pillar.c.pillar_id == Pillar.id)
        .order_by(Pillar.position, Pillar.id)
    ):
        by_pillar.setdefault(name, {})
        if status is not None:
            by_pillar[name][status] = count
    return list(by_pillar.items())


async def build_summary(session: AsyncSession) -> Summary:
    """Four statements, whatever the size: each a grouped aggregate (see README, Performance)."""
    sent = Innovation.status.in_(SENT)
    # Status × quick win × stage: the counts by status, by stage and the quick wins in one
    # pass over the index ix_innovation_report (status, quick_win, stage, ...).
    by_status: dict[str, int] = defaultdict(int)
    by_stage: dict[str, int] = defaultdict(int)
    quick_wins = 0
    for status, quick_win, stage, count in await session.execute(
        select(Innovation.status, Innovation.quick_win, Innovation.stage, func.count()).group_by(
            Innovation.status, Innovation.quick_win, Innovation.stage
        )
    ):
        by_status[status] += count
        if status in SENT:
            if stage is not None:
                by_stage[stage] += count
            if quick_win:
                quick_wins += count
    by_pillar = await pillar_counts(session)
    # Per OPD: the innovations counted per OPD first (grouped, on ix_innovation_opd_id_status),
    # then joined to the OPDs: no subquery per OPD.
    per_opd = (
        select(Innovation.opd_id, func.count().label("n"))
        .where(sent)
        .group_by(Innovation.opd_id)
        .subquery()
    )
    opds = (
        await session.execute(
            select(Opd.name, Opd.active, Opd.expected, func.coalesce(per_opd.c.n, 0)).outerjoin(
                per_opd, per_opd.c.opd_id == Opd.id
            )
        )
    ).all()
    # The OPDs expected to submit (Diskominfo, which collects, is not): the ones counted as
    # behind. The most active are counted among all.
    owing = [(name, n) for name, is_active, expected, n in opds if is_active and expected]
    without = sorted(name for name, n in owing if n == 0)
    top = sorted(((name, n) for name, _, _, n in opds if n > 0), key=lambda row: (-row[1], row[0]))
    unreachable = await session.scalar(
        select(func.count()).where(
            Member.unreachable_since.is_not(None), Member.status == MemberStatus.ACTIVE
        )
    )
    return Summary(
        unreachable=unreachable or 0,
        by_status=dict(by_status),
        by_pillar=by_pillar,
        by_stage=dict(by_stage),
        quick_wins=quick_wins,
        top_opds=top[:TOP],
        opd_count=len(owing),
        opds_without=len(without),
        opds_without_names=without,
    )


def render_summary(texts: Catalog, lang: str, summary: Summary) -> str:
    # The headline counts every innovation sent (whatever became of it since); the next line
    # splits that same number by where each one stands, so the two always add up.
    lines = [
        texts.text(
            lang, "rep-title", sent=summary.sent, drafts=summary.by_status.get(Status.DRAFT, 0)
        )
    ]
    lines.append(
        texts.text(
            lang,
            "rep-status",
            sent=summary.sent,
            submitted=summary.by_status.get(Status.SUBMITTED, 0),
            in_review=summary.by_status.get(Status.IN_REVIEW, 0),
            approved=summary.by_status.get(Status.APPROVED, 0),
            revision=summary.by_status.get(Status.REVISION_REQUESTED, 0),
            rejected=summary.by_status.get(Status.REJECTED, 0),
        )
    )
    lines.append(texts.text(lang, "rep-queue", count=summary.review_queue))
    lines.append(texts.text(lang, "rep-quick-wins", count=summary.quick_wins))
    lines.append(texts.text(lang, "rep-by-pillar"))
    for name, statuses in summary.by_pillar:
        lines.append(texts.text(lang, "rep-line", name=name, count=sum(statuses.values())))
    lines.append(texts.text(lang, "rep-by-stage"))
    for stage in Stage:
        lines.append(
            texts.text(lang, "rep-line", name=texts.text(lang, f"stage-{stage}"),
                       count=summary.by_stage.get(stage, 0))
        )  # fmt: skip
    if summary.top_opds:
        lines.append(texts.text(lang, "rep-top-opds"))
        for name, count in summary.top_opds:
            lines.append(texts.text(lang, "rep-line", name=name, count=count))
    lines.append(
        texts.text(lang, "rep-opds-without", count=summary.opds_without, total=summary.opd_count)
    )
    shown = summary.opds_without_names[:NAMES_SHOWN]
    lines += _name_lines(texts, lang, shown)
    if summary.opds_without > len(shown):
        lines.append(texts.text(lang, "rep-names-more", more=summary.opds_without - len(shown)))
    if summary.unreachable:
        lines.append(texts.text(lang, "rep-unreachable", count=summary.unreachable))
    return "\n".join(lines)


def _name_lines(texts: Catalog, lang: str, names: list[str]) -> list[str]:
    """OPDs one to a line: their names may have commas of their own ("Dinas Komunikasi,
    Informatika, Persandian dan Statistik")."""
    return [texts.text(lang, "rep-opd", name=name) for name in names]


@dataclass
class PlanTotals:
    """The action plans in one line: every entry's state counted, how many OPDs have a late
    one, and the OPD furthest behind (the most late entries; None when none is late)."""

    counts: Counts
    late_opds: int
    furthest: OpdProgress | None


async def build_plan_totals(session: AsyncSession, today: date) -> PlanTotals | None:
    """None when no OPD has a plan: the reports say nothing of plans then."""
    views = await entries(session, today)
    if not views:
        return None
    counts, late_opds = totals(views)
    worst = by_opd(views)[0]  # the late first, the most late first
    return PlanTotals(counts, late_opds, worst if worst.late else None)


def render_plan_totals(texts: Catalog, lang: str, plans: PlanTotals | None) -> str | None:
    """/rekap's and the daily summary's line: "Rencana aksi: 40 — 10 selesai · 20 sesuai
    jadwal · 5 segera · 5 terlambat (3 OPD); paling tertinggal: Dinas X, 3 terlambat"."""
    if plans is None:
        return None
    counts = plans.counts.counts
    line = texts.text(
        lang, "rep-plans", total=plans.counts.total, done=counts[PlanState.DONE],
        on_track=counts[PlanState.ON_TRACK], due_soon=counts[PlanState.DUE_SOON],
        late=counts[PlanState.LATE], late_opds=plans.late_opds,
    )  # fmt: skip
    if plans.furthest is not None:
        furthest = texts.text(
            lang, "rep-plans-furthest", opd=plans.furthest.name, late=plans.furthest.late
        )
        line += "; " + furthest
    return line


STATUS_COLOURS = {
    Status.SUBMITTED: "#4e79a7",
    Status.IN_REVIEW: "#f28e2b",
    Status.APPROVED: "#59a14f",
    Status.REVISION_REQUESTED: "#edc948",
    Status.REJECTED: "#e15759",
}


def pillar_chart(texts: Catalog, lang: str, summary: Summary) -> bytes:
    """Innovations per pillar, stacked by status, as a PNG a phone shows well."""
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib.figure import Figure

    figure = Figure(figsize=(8, 5), dpi=120)
    axes = figure.subplots()
    names = [name.replace("Smart ", "") for name, _ in summary.by_pillar]
    bottom = [0] * len(names)
    for status in SENT:
        values = [statuses.get(status, 0) for _, statuses in summary.by_pillar]
        axes.bar(names, values, bottom=bottom, color=STATUS_COLOURS[status],
                 label=texts.text(lang, f"status-{status}"))  # fmt: skip
        bottom = [b + v for b, v in zip(bottom, values, strict=True)]
    axes.set_title(texts.text(lang, "rep-chart-title"))
    axes.set_ylabel(texts.text(lang, "rep-chart-axis"))
    axes.legend(fontsize="small")
    axes.spines[["top", "right"]].set_visible(False)
    figure.tight_layout()
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png")
    return buffer.getvalue()


@dataclass
class Coverage:
    pillars: list[str]
    # OPD name, and for each pillar whether it has a quick win there; worst gaps first.
    rows: list[tuple[str, list[bool]]] = field(default_factory=list)
    opd_count: int = 0

    def gaps(self) -> list[tuple[str, list[str]]]:
        return [
            (name, [p for p, covered in zip(self.pillars, flags, strict=True) if not covered])
            for name, flags in self.rows
            if not all(flags)
        ]


async def build_coverage(session: AsyncSession) -> Coverage:
    """Which OPD has a quick win in which pillar: two statements, whatever the size. The
    (OPD, pillar) pairs with a quick win are found first (grouped), then joined to the active
    OPDs expected to submit, so one statement gives every OPD, covered or not, in name order."""
    pillars = list(await session.execute(select(Pillar.id, Pillar.name).order_by(Pillar.position)))
    pairs = (
        select(Innovation.opd_id, innovation_pillar.c.pillar_id)
        .join(innovation_pillar, innovation_pillar.c.innovation_id == Innovation.id)
        .where(Innovation.quick_win.is_(True), Innovation.status.in_(COUNTED_FOR_COVERAGE))
        .group_by(Innovation.opd_id, innovation_pillar.c.pillar_id)
        .subquery()
    )
    covered: dict[int, set[int]] = {}
    names: dict[int, str] = {}
    for opd_id, name, pillar_id in await session.execute(
        select(Opd.id, Opd.name, pairs.c.pillar_id)
        .outerjoin(pairs, pairs.c.opd_id == Opd.id)
        .where(Opd.active.is_(True), Opd.expected.is_(True))
        .order_by(Opd.name, Opd.id)
    ):
        names[opd_id] = name
        covered.setdefault(opd_id, set())
        if pillar_id is not None:
            covered[opd_id].add(pillar_id)
    rows = [
        (name, [pillar_id in covered[opd_id] for pillar_id, _ in pillars])
        for opd_id, name in names.items()
    ]
    rows.sort(key=lambda row: sum(row[1]))  # fewest quick wins first; stable by name
    return Coverage([name for _, name in pillars], rows, len(rows))


MISSING_PAGE = 25  # OPDs named per page of /belum


def missing_pages(summary: Summary) -> int:
    return max(1, math.ceil(len(summary.opds_without_names) / MISSING_PAGE))


def render_missing(
    texts: Catalog, lang: str, summary: Summary, coverage: Coverage, page: int = 0
) -> str:
    """/belum: every OPD without a submission, a page at a time, then the quick-win coverage."""
    lines = [texts.text(lang, "mis-title", count=summary.opds_without, total=summary.opd_count)]
    start = page * MISSING_PAGE
    lines += _name_lines(texts, lang, summary.opds_without_names[start : start + MISSING_PAGE])
    pages = missing_pages(summary)
    if pages > 1:
        lines.append(texts.text(lang, "mis-page", page=page + 1, pages=pages))
    gaps = coverage.gaps()
    lines.append("")
    lines.append(texts.text(lang, "mis-coverage", full=coverage.opd_count - len(gaps),
                            total=coverage.opd_count))  # fmt: skip
    if gaps:
        lines.append(texts.text(lang, "mis-worst"))
        for name, missing in gaps[:NAMES_SHOWN]:
            short = ", ".join(p.replace("Smart ", "") for p in missing)
            lines.append(texts.text(lang, "mis-gap", name=name, pillars=short))
    return "\n".join(lines)


def coverage_picture(texts: Catalog, lang: str, coverage: Coverage, limit: int = 40) -> bytes:
    """The OPD × pillar matrix for the worst `limit` OPDs: a grid that reads on a phone."""
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib.colors import ListedColormap
    from matplotlib.figure import Figure

    rows = coverage.rows[:limit] or [("-", [False] * len(coverage.pillars))]
    height = 1.2 + 0.32 * len(rows)
    figure = Figure(figsize=(7, height), dpi=120)
    axes = figure.subplots()
    matrix = [[1 if covered else 0 for covered in flags] for _, flags in rows]
    axes.imshow(matrix, cmap=ListedColormap(["#e15759", "#59a14f"]), vmin=0, vmax=1,
                aspect="auto")  # fmt: skip
    axes.set_xticks(range(len(coverage.pillars)))
    axes.set_xticklabels([p.replace("Smart ", "") for p in coverage.pillars], fontsize=8)
    axes.xaxis.tick_top()
    axes.set_yticks(range(len(rows)))
    axes.set_yticklabels([name[:38] for name, _ in rows], fontsize=7)
    for y, (_, flags) in enumerate(rows):
        for x, covered in enumerate(flags):
            axes.text(x, y, "✓" if covered else "✗", ha="center", va="center", color="white",
                      fontsize=8)  # fmt: skip
    axes.set_title(
        texts.text(lang, "mis-picture-title", shown=len(rows), total=coverage.opd_count),
        fontsize=9,
        pad=24,
    )
    figure.tight_layout()
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png")
    return buffer.getvalue()
