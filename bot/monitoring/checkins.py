"""Check-ins (pemantauan): every approved innovation is asked, every few months from its
approval, whether it still runs; the answers are its monitoring history, and its freshness.

Freshness is read from the rows, never stored, and defined once (`freshness_of`): *aktif* when
the OPD confirmed it running within its period (plus ``STALE_AFTER`` to answer), *belum
dikonfirmasi* before any confirmation while no question is overdue, *perlu diperbarui* when its
answer is overdue, *berhenti* when its latest answer says so.
"""

from __future__ import annotations

import enum
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Any

from babel.dates import format_date
from markupsafe import Markup
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import aliased

from bot.core.formatting import format_day
from bot.core.textinput import NumberProblem, parse_count
from bot.core.texts import Catalog, escape
from bot.telegram.callbacks import Callback, Choice, Int
from storage.models import (
    Checkin,
    CheckinAnswer,
    CheckinPeriod,
    CheckinStatus,
    Event,
    Innovation,
    Member,
    Opd,
    Status,
)
from storage.repositories.settings import AppSettingRepository

MONTHS_KEY = "checkin_months"  # the regency's default period, an admin's choice in /jadwal
DEFAULT_MONTHS = 3
PERIOD_CHOICES = (1, 3, 6, 12)  # the buttons of /jadwal and of an innovation's screen
REMIND_AFTER = timedelta(days=7)
STALE_AFTER = timedelta(days=30)
# People served in one period: more than this is a typing slip (the regency has about a
# million inhabitants; a service counted per visit over a year stays well under it).
SERVED_MAX = 10_000_000
HISTORY_SHOWN = 5
NOTE_SHOWN = 200  # characters of a check-in's note on the monitoring screen

ANSWER_ICONS = {
    CheckinAnswer.RUNNING: "✅",
    CheckinAnswer.DEVELOPING: "🛠",
    CheckinAnswer.STOPPED: "⏸",
}

# The buttons. An answer names its check-in and what it says; a follow-up's skip names its
# step, so a second tap cannot skip the next question too.
ANSWER = Callback("chk:a", Int("checkin"), Choice.of("answer", CheckinAnswer))
SKIP = Callback("chk:skip", Choice.of("step", ("changes", "served", "photo")))
PERIOD = Callback("chk:p", Int("innovation"), Int("months", 2))  # 0: the regency's default


class StopReason(enum.StrEnum):
    """Why an OPD says an innovation stopped (asked after ⏸ Berhenti), as its buttons offer."""

    BUDGET = "budget"  # anggaran habis
    REPLACED = "replaced"  # diganti inovasi lain
    NO_STAFF = "no_staff"  # tidak ada petugas
    NOT_NEEDED = "not_needed"  # tidak dibutuhkan lagi
    OTHER = "other"  # lainnya


STOP_NOTE_MAX = 500  # characters of a stop's note kept (the rest cut, and the person told)
# After ⏸: why (a reason of this check-in); and on a stopped innovation's screen, "it runs
# again" (asks its OPD at once).
REASON = Callback("chk:r", Int("checkin"), Choice.of("reason", StopReason))
AGAIN = Callback("stp:again", Int("innovation"))


class Freshness(enum.StrEnum):
    ACTIVE = "active"  # aktif
    UNCONFIRMED = "unconfirmed"  # belum dikonfirmasi
    STALE = "stale"  # perlu diperbarui
    STOPPED = "stopped"  # berhenti


FRESHNESS_ICONS = {
    Freshness.ACTIVE: "🟢",
    Freshness.UNCONFIRMED: "⚪",
    Freshness.STALE: "🟠",
    Freshness.STOPPED: "⏸",
}


class Invalid(ValueError):
    def __init__(self, key: str, **arguments: object) -> None:
        super().__init__(key)
        self.key = key
        self.arguments = arguments


# --- periods ---------------------------------------------------------------------------------


def add_months(day: date, months: int) -> date:
    """The same day `months` later (the month's last day where it is shorter)."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    month += 1
    next_month = date(year + (month == 12), month % 12 + 1, 1)
    last = (next_month - timedelta(days=1)).day
    return date(year, month, min(day.day, last))


async def default_months(session: AsyncSession) -> int:
    value = await AppSettingRepository(session).get(MONTHS_KEY)
    months = parse_count(value or "", minimum=1, maximum=24)
    return months if isinstance(months, int) else DEFAULT_MONTHS


async def set_default_months(session: AsyncSession, months: int) -> None:
    if months not in PERIOD_CHOICES:
        raise ValueError(f"a period of {months} months is not offered")
    await AppSettingRepository(session).set(MONTHS_KEY, str(months))


async def set_innovation_months(
    session: AsyncSession, innovation_id: int, months: int, member_id: int | None
) -> None:
    """`months` 0: back to the regency's default."""
    row = await session.get(CheckinPeriod, innovation_id)
    if months == 0:
        if row is not None:
            await session.delete(row)
        await session.flush()
        return
    if months not in PERIOD_CHOICES:
        raise ValueError(f"a period of {months} months is not offered")
    if row is None:
        row = CheckinPeriod(innovation_id=innovation_id, months=months)
        session.add(row)
    row.months, row.updated_by_id = months, member_id
    await session.flush()


# --- freshness -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Standing:
    """Where an approved innovation stands, and since when: `asked_at` of the question open now
    (None when none is), `answered_at` of the latest answer, `overdue_at` when its answer is (or
    was) overdue (None: no answer is due, never asked yet or stopped)."""

    state: Freshness
    asked_at: datetime | None = None
    answered_at: datetime | None = None
    overdue_at: datetime | None = None


def add_months_to(moment: datetime, months: int) -> datetime:
    return datetime.combine(add_months(moment.date(), months), moment.timetz())


def freshness_of(
    latest_status: str | None,
    latest_asked: datetime | None,
    last_answer: str | None,
    last_answered: datetime | None,
    months: int,
    now: datetime,
) -> Standing:
    """The one definition of freshness (every screen, the export and the dashboard use it):

    - *berhenti* (stopped): the latest answer says so (until ▶️ asks anew: then it is a
      question like any other, unconfirmed until its answer is due);
    - *aktif* (active): the OPD confirmed it running (or developed) within its period plus the
      ``STALE_AFTER`` grace to answer; a question asked while that held is due ``STALE_AFTER``
      after it was asked, and until then the innovation stays active;
    - *perlu diperbarui* (stale): its answer is overdue, a question open for ``STALE_AFTER`` or
      the last confirmation older than its period plus the grace;
    - *belum dikonfirmasi* (unconfirmed): never confirmed, and no question overdue (never asked,
      or asked less than ``STALE_AFTER`` ago).
    """
    asked = latest_asked if latest_status == CheckinStatus.OPEN else None
    if last_answer == CheckinAnswer.STOPPED:
        if asked is None or last_answered is None or asked <= last_answered:
            return Standing(Freshness.STOPPED, asked, last_answered)
        # Running again (▶️ asked anew after the stop): not confirmed yet, due as any question.
        due = asked + STALE_AFTER
        return Standing(Freshness.UNCONFIRMED if now < due else Freshness.STALE, asked, None, due)
    if last_answer is not None and last_answered is not None:
        due = add_months_to(last_answered, months) + STALE_AFTER
        if asked is not None and asked < due:
            due = max(due, asked + STALE_AFTER)
        state = Freshness.ACTIVE if now < due else Freshness.STALE
        return Standing(state, asked, last_answered, due)
    if asked is None:
        return Standing(Freshness.UNCONFIRMED)
    due = asked + STALE_AFTER
    return Standing(Freshness.UNCONFIRMED if now < due else Freshness.STALE, asked, None, due)


def freshness_query(*columns: Any) -> Any:
    """The approved innovations with what their freshness is made of (and `columns`): the
    latest check-in's status and time, the latest answer and its time, the innovation's own
    period (None: the regency's default). One statement, whatever the number of innovations;
    `standing` reads its rows."""
    latest = (
        select(Checkin.innovation_id, func.max(Checkin.id).label("checkin_id"))
        .group_by(Checkin.innovation_id)
        .subquery()
    )
    answered = (
        select(Checkin.innovation_id, func.max(Checkin.id).label("checkin_id"))
        .where(Checkin.status == CheckinStatus.ANSWERED)
        .group_by(Checkin.innovation_id)
        .subquery()
    )
    last, last_answered = aliased(Checkin), aliased(Checkin)
    return (
        select(
            Innovation.id, last.status, last.asked_at, last_answered.answer,
            last_answered.answered_at, CheckinPeriod.months, *columns,
        )
        .outerjoin(latest, latest.c.innovation_id == Innovation.id)
        .outerjoin(last, last.id == latest.c.checkin_id)
        .outerjoin(answered, answered.c.innovation_id == Innovation.id)
        .outerjoin(last_answered, last_answered.id == answered.c.checkin_id)
        .outerjoin(CheckinPeriod, CheckinPeriod.innovation_id == Innovation.id)
        .where(Innovation.status == Status.APPROVED)
    )  # fmt: skip


FRESHNESS_COLUMNS = 6  # the columns of `freshness_query` before the caller's own


def standing(row: Any, regency_months: int, now: datetime) -> Standing:
    """A row of `freshness_query` read: `regency_months` the default period (`default_months`)."""
    _, status, asked, answer, answered, months = row[:FRESHNESS_COLUMNS]
    return freshness_of(status, asked, answer, answered, months or regency_months, now)


async def freshness_of_innovation(
    session: AsyncSession, innovation_id: int, now: datetime
) -> Freshness | None:
    """None: not approved (nothing to keep fresh)."""
    row = (await session.execute(freshness_query().where(Innovation.id == innovation_id))).first()
    if row is None:
        return None
    return standing(row, await default_months(session), now).state


@dataclass(frozen=True)
class Watched:
    """An approved innovation in the monitoring's lists."""

    id: int
    title: str
    opd_code: str
    standing: Standing

    @property
    def state(self) -> Freshness:
        return self.standing.state


def _order(item: Watched) -> tuple[Any, ...]:
    """Stopped first (the latest news first), then overdue (longest first), then unconfirmed
    (asked longest ago first, never asked last), then active."""
    s = item.standing
    far = datetime.max.replace(tzinfo=UTC)
    if s.state is Freshness.STOPPED:
        return (0, -(s.answered_at or far).timestamp(), item.id)
    if s.state is Freshness.STALE:
        return (1, (s.overdue_at or far).timestamp(), item.id)
    if s.state is Freshness.UNCONFIRMED:
        return (2, (s.asked_at or far).timestamp(), item.id)
    return (3, 0, item.id)


async def watched(session: AsyncSession, now: datetime) -> list[Watched]:
    """Every approved innovation with its standing, in the order of /pemantauan: two
    statements, whatever the number of innovations."""
    regency = await default_months(session)
    query = freshness_query(Innovation.title, Opd.code).join(Opd, Opd.id == Innovation.opd_id)
    items = [
        Watched(row[0], row[FRESHNESS_COLUMNS], row[FRESHNESS_COLUMNS + 1],
                standing(row, regency, now))
        for row in await session.execute(query)
    ]  # fmt: skip
    return sorted(items, key=_order)


NAMED = 3  # the stopped and the overdue innovations named in /rekap, /belum, the summary


@dataclass
class Overview:
    """How the approved innovations stand, for /rekap, /belum and the daily summary."""

    counts: dict[Freshness, int] = field(default_factory=lambda: defaultdict(int))
    stopped: list[Watched] = field(default_factory=list)  # the latest news first
    overdue: list[Watched] = field(default_factory=list)  # the longest overdue first

    @property
    def approved(self) -> int:
        return sum(self.counts.values())

    @property
    def not_up_to_date(self) -> int:
        return self.counts[Freshness.STALE]


def overview_of(items: list[Watched]) -> Overview:
    overview = Overview()
    for item in items:
        overview.counts[item.state] += 1
    overview.stopped = [item for item in items if item.state is Freshness.STOPPED]
    overview.overdue = [item for item in items if item.state is Freshness.STALE]
    return overview


async def build_overview(session: AsyncSession, now: datetime) -> Overview:
    """Two statements, whatever the number of innovations."""
    return overview_of(await watched(session, now))


def freshness_label(texts: Catalog, lang: str, state: Freshness | str) -> str:
    state = Freshness(state)
    return f"{FRESHNESS_ICONS[state]} {texts.text(lang, f'chk-fresh-{state}')}"


def answer_label(texts: Catalog, lang: str, answer: str) -> str:
    return f"{ANSWER_ICONS[CheckinAnswer(answer)]} {texts.text(lang, f'chk-answer-{answer}')}"


def stop_reason_label(texts: Catalog, lang: str, reason: str) -> str:
    return texts.text(lang, f"stop-reason-{reason}")


TITLE_SHOWN = 40  # characters of a title in a list


def short_title(title: str) -> str:
    return title if len(title) <= TITLE_SHOWN else title[: TITLE_SHOWN - 1] + "…"


def _named(texts: Catalog, lang: str, key: str, items: list[Watched]) -> str | None:
    if not items:
        return None
    shown = items[:NAMED]
    names = ", ".join(f"#{i.id} {short_title(i.title)} ({i.opd_code})" for i in shown)
    more = len(items) - len(shown)
    if more > 0:
        names += texts.text(lang, "fresh-and-more", count=more)
    return texts.text(lang, key, names=names)


def render_overview(texts: Catalog, lang: str, overview: Overview) -> str:
    """The lines /rekap, /belum and the daily summary end with: the counts, then the stopped
    and the most overdue innovations by name."""
    lines = [
        texts.text(
            lang,
            "chk-overview",
            approved=overview.approved,
            active=overview.counts[Freshness.ACTIVE],
            unconfirmed=overview.counts[Freshness.UNCONFIRMED],
            stale=overview.counts[Freshness.STALE],
            stopped=overview.counts[Freshness.STOPPED],
        )
    ]
    for key, items in (("fresh-named-stopped", overview.stopped),
                       ("fresh-named-stale", overview.overdue)):  # fmt: skip
        if (line := _named(texts, lang, key, items)) is not None:
            lines.append(line)
    return "\n".join(lines)


def short_day(moment: datetime, zone: Any, lang: str) -> str:
    """3 Okt 2026."""
    return format_date(moment.astimezone(zone).date(), "d MMM y", locale=lang)


def since_text(texts: Catalog, lang: str, item: Standing, now: datetime, zone: Any) -> str:
    """Since when an innovation stands as it does, in a few words."""
    t = texts.text
    if item.state is Freshness.STOPPED and item.answered_at is not None:
        return t(lang, "fresh-since-stopped", date=short_day(item.answered_at, zone, lang))
    if item.asked_at is not None and item.state is not Freshness.ACTIVE:
        return t(lang, "fresh-since-waiting", days=(now - item.asked_at).days)
    if item.answered_at is not None:
        return t(lang, "fresh-since-confirmed", date=short_day(item.answered_at, zone, lang))
    return t(lang, "fresh-since-never")


# --- people served -----------------------------------------------------------------------------


def parse_served(text: str) -> int:
    """How many people an innovation served in a period, as a clerk types it: "1250",
    "1.250", "1,250", "1 250", "1.250 orang"."""
    answer = " ".join(text.split()).removesuffix(" orang").removesuffix(" people")
    served = parse_count(answer, minimum=0, maximum=SERVED_MAX, grouped=True)
    if served is NumberProblem.NEGATIVE:
        raise Invalid("chk-served-negative")
    if served is NumberProblem.TOO_LARGE:
        raise Invalid("chk-served-too-large", max=SERVED_MAX)
    if not isinstance(served, int):
        raise Invalid("chk-served-not-number", given=text[:30])
    return served


def format_count(value: int, lang: str = "id") -> str:
    """1.250 in Indonesian, 1,250 in English."""
    return f"{value:,}" if lang == "en" else f"{value:,}".replace(",", ".")


# --- an innovation's screen --------------------------------------------------------------------


@dataclass
class HistoryRow:
    round: int
    status: str
    asked_at: datetime
    reminded_at: datetime | None
    answer: str | None
    answered_at: datetime | None
    who: str | None
    note: str | None
    served: int | None
    photo: bool
    stop_reason: str | None = None
    stop_note: str | None = None


@dataclass
class Monitoring:
    freshness: Freshness
    months: int
    own_period: bool  # set for this innovation (not the regency's default)
    next_ask: date | None
    history: list[HistoryRow]  # newest first

    @property
    def stopped(self) -> bool:
        """Its latest check-in says it stopped: not asked again until its OPD says it runs."""
        return is_stopped(self.history[0].status, self.history[0].answer) if self.history else False


def is_stopped(latest_status: str | None, latest_answer: str | None) -> bool:
    """Of an innovation's latest check-in: answered ⏸ Berhenti."""
    return latest_status == CheckinStatus.ANSWERED and latest_answer == CheckinAnswer.STOPPED


async def approved_at(session: AsyncSession, innovation_id: int) -> datetime | None:
    return await session.scalar(
        select(func.max(Event.created_at)).where(
            Event.innovation_id == innovation_id, Event.to_status == Status.APPROVED
        )
    )


async def monitoring(
    session: AsyncSession, innovation: Innovation, now: datetime, zone: Any
) -> Monitoring | None:
    """An approved innovation's monitoring, as its screen shows it; None for any other."""
    if innovation.status != Status.APPROVED:
        return None
    # The same statements whatever the data (the dashboard's pages are a fixed number).
    own = await session.get(CheckinPeriod, innovation.id)
    regency = await default_months(session)
    approval = await approved_at(session, innovation.id)
    months = own.months if own is not None else regency
    rows = list(
        await session.execute(
            select(Checkin, Member.full_name)
            .outerjoin(Member, Member.id == Checkin.answered_by_id)
            .where(Checkin.innovation_id == innovation.id)
            .order_by(Checkin.round.desc())
        )
    )
    history = [
        HistoryRow(
            c.round, c.status, c.asked_at, c.reminded_at, c.answer, c.answered_at, name,
            c.note, c.served, c.attachment_id is not None, c.stop_reason, c.stop_note,
        )
        for c, name in rows
    ]  # fmt: skip
    latest = history[0] if history else None
    last = next((h for h in history if h.status == CheckinStatus.ANSWERED), None)
    state = freshness_of(
        latest.status if latest else None, latest.asked_at if latest else None,
        last.answer if last else None, last.answered_at if last else None, months, now,
    ).state  # fmt: skip
    anchor = latest.asked_at if latest else approval
    next_ask = None
    asking = not (latest and (latest.status == CheckinStatus.OPEN or is_stopped(
        latest.status, latest.answer)))  # fmt: skip
    if anchor is not None and asking:
        next_ask = add_months(anchor.astimezone(zone).date(), months)
    return Monitoring(state, months, own is not None, next_ask, history)


def render_monitoring(
    texts: Catalog, lang: str, innovation_id: int, view: Monitoring, zone: Any
) -> str:
    t = texts.text
    period = t(lang, "chk-period-own" if view.own_period else "chk-period-default",
               months=view.months)  # fmt: skip
    lines = [
        t(lang, "chk-screen-title", id=innovation_id,
          freshness=freshness_label(texts, lang, view.freshness)),
        t(lang, "chk-screen-period", period=period),
    ]  # fmt: skip
    if view.next_ask is not None:
        lines.append(t(lang, "chk-screen-next", date=format_day(view.next_ask, lang)))
    if view.stopped:
        lines.append(t(lang, "stop-screen-paused"))
    if not view.history:
        lines.append(t(lang, "chk-screen-none"))
    for row in view.history[:HISTORY_SHOWN]:
        asked = format_day(row.asked_at.astimezone(zone).date(), lang)
        if row.status == CheckinStatus.ANSWERED and row.answer and row.answered_at:
            parts = [
                format_day(row.answered_at.astimezone(zone).date(), lang),
                row.who or "-",
                answer_label(texts, lang, row.answer),
            ]
            if row.stop_reason:
                parts.append(stop_reason_label(texts, lang, row.stop_reason))
            if row.served is not None:
                parts.append(t(lang, "chk-served-count", count=format_count(row.served, lang)))
            line = t(lang, "chk-screen-answered", parts=" · ".join(parts))
            for note in (row.stop_note, row.note):
                if note:
                    # Shortened: five whole notes of 3,000 characters would not fit one message.
                    note = note if len(note) <= NOTE_SHOWN else note[:NOTE_SHOWN] + "…"
                    line += "\n" + t(lang, "chk-screen-note", note=note)
        elif row.status == CheckinStatus.OPEN:
            line = t(lang, "chk-screen-open", date=asked)
        else:
            line = t(lang, "chk-screen-closed", date=asked)
        lines.append(line)
    served = [row for row in reversed(view.history) if row.served is not None]
    if len(served) >= 2:
        trend = " → ".join(format_count(row.served or 0, lang) for row in served[-6:])
        lines.append(t(lang, "chk-screen-trend", trend=trend))
    return "\n".join(lines)


def served_chart(view: Monitoring, zone: Any, lang: str) -> Markup | None:
    """The people served per period as a small bar chart (SVG, drawn here: no script, nothing
    from the person but numbers and dates); None until a period has a number."""
    points = [
        (row.asked_at.astimezone(zone).date(), row.served)
        for row in reversed(view.history)
        if row.served is not None
    ][-8:]
    if not points:
        return None
    width, height, bar, gap = 40 + 56 * len(points), 150, 40, 16
    top = max(served for _, served in points) or 1
    parts = [
        f'<svg class="served" xmlns="http://www.w3.org/2000/svg" width="{width}" '
        f'height="{height}" viewBox="0 0 {width} {height}" role="img">'
    ]
    for index, (day, served) in enumerate(points):
        x = 20 + index * (bar + gap)
        tall = round(90 * served / top)
        y = 110 - tall
        parts.append(
            f'<rect x="{x}" y="{y}" width="{bar}" height="{max(tall, 1)}" rx="3"/>'
            f'<text x="{x + bar // 2}" y="{y - 4}" text-anchor="middle">'
            f"{escape(format_count(served, lang))}</text>"
            f'<text x="{x + bar // 2}" y="{128}" text-anchor="middle">'
            f"{escape(f'{day:%m/%Y}')}</text>"
        )
    parts.append("</svg>")
    return Markup("".join(parts))  # noqa: S704 (numbers and dates only, escaped)
