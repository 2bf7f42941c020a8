"""The national regional-innovation index (Indeks Inovasi Daerah, IID): what its input form asks
of an innovation beyond the submission, the evidence indicators with their levels and weights,
an innovation's readiness (everything required present) and the OPD's own estimate of its score.

The record's questions are declared once, in `IID_FORM`, with the machinery of the submission's
form (`bot/innovations/form.py`): kinds, checks, catalog keys, how answers show and go in the
export. The
indicators, their levels and weights are data (tables seeded by migration 0013, replaced by a
CSV import), because the index's rules change from year to year.
"""

from __future__ import annotations

import csv
import enum
import io
import re
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from sqlalchemy import and_, func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import selectinload

from bot.core.xlsx import safe_text, typed_text
from bot.innovations.form import Form, Kind, Option, Question
from bot.innovations.rules import Invalid, clean_answer, parse_start_date, valid_long_text
from storage.models import (
    IidEvidence,
    IidForm,
    IidIndicator,
    IidInitiator,
    IidLevel,
    IidRecord,
    Innovation,
    Status,
)

# --- the record's questions -----------------------------------------------------------------

# Urusan pemerintahan (UU 23/2014): the concurrent affairs a regency carries out, then the
# supporting functions; shown by their official names in every language.
AFFAIRS: tuple[str, ...] = (
    "Pendidikan", "Kesehatan", "Pekerjaan umum dan penataan ruang",
    "Perumahan rakyat dan kawasan permukiman",
    "Ketenteraman, ketertiban umum dan pelindungan masyarakat", "Sosial", "Tenaga kerja",
    "Pemberdayaan perempuan dan pelindungan anak", "Pangan", "Pertanahan", "Lingkungan hidup",
    "Administrasi kependudukan dan pencatatan sipil", "Pemberdayaan masyarakat dan desa",
    "Pengendalian penduduk dan keluarga berencana", "Perhubungan", "Komunikasi dan informatika",
    "Koperasi, usaha kecil dan menengah", "Penanaman modal", "Kepemudaan dan olahraga",
    "Statistik", "Persandian", "Kebudayaan", "Perpustakaan", "Kearsipan",
    "Kelautan dan perikanan", "Pariwisata", "Pertanian", "Kehutanan",
    "Energi dan sumber daya mineral", "Perdagangan", "Perindustrian", "Transmigrasi",
    "Perencanaan pembangunan", "Keuangan daerah", "Kepegawaian", "Penelitian dan pengembangan",
    "Pengawasan", "Pemerintahan umum dan kesekretariatan",
)  # fmt: skip
AFFAIRS_PAGE = 8

MAX_BUDGET = 10**13  # ten trillion rupiah: more is a typing slip, not a regency's budget
UNITS = {
    "rb": 10**3, "ribu": 10**3, "k": 10**3,
    "jt": 10**6, "juta": 10**6,
    "m": 10**9, "miliar": 10**9, "milyar": 10**9, "mlyr": 10**9,
    "t": 10**12, "triliun": 10**12,
}  # fmt: skip
_AMOUNT = re.compile(r"([0-9]{1,3}(?:[.,][0-9]{3})+|[0-9]+)(?:[.,]([0-9]{1,2}))?")


def parse_rupiah(text: str, today: date | None = None) -> int:
    """An amount of rupiah as people type it: ``Rp 25.000.000``, ``25.000.000,00``, ``25 juta``,
    ``25jt``, ``1,5 miliar``, ``500 rb``. A whole number of rupiah, or ``Invalid``."""
    cleaned = clean_answer(text).casefold().replace("\u00a0", " ").strip()
    cleaned = re.sub(r"^rp\.?\s*", "", cleaned)
    cleaned = re.sub(r"\s*,-$", "", cleaned).strip().rstrip(".")
    match = re.fullmatch(r"([0-9.,]+)\s*([a-z]*)", cleaned)  # ASCII digits, as parse_count
    if match is None or (match.group(2) and match.group(2) not in UNITS):
        raise Invalid("iid-budget-invalid")
    number, unit = match.groups()
    amount = _AMOUNT.fullmatch(number)
    if amount is None:
        raise Invalid("iid-budget-invalid")
    whole = re.sub(r"[.,]", "", amount.group(1))
    try:
        value = Decimal(f"{whole}.{amount.group(2) or 0}") * UNITS.get(unit, 1)
    except InvalidOperation:
        raise Invalid("iid-budget-invalid") from None
    rupiah = int(value.to_integral_value())
    if rupiah > MAX_BUDGET:
        raise Invalid("iid-budget-too-large")
    return rupiah


def _date(text: str, today: date) -> date:
    return parse_start_date(text, today)


def _text(text: str, today: date) -> str:
    return valid_long_text(text)


def _choices(enum_type: type[enum.StrEnum], prefix: str) -> tuple[Option, ...]:
    return tuple(
        Option(str(m.value), str(number), f"{prefix}-{m.value}")
        for number, m in enumerate(enum_type, start=1)
    )


def affair_code(name: str) -> str:
    """The stored code of an urusan: its name in lower case, words joined by ``_``."""
    return "_".join(re.findall(r"[a-z]+", name.casefold()))[:40]


AFFAIR_OPTIONS = tuple(
    Option(affair_code(name), str(number), label=name)
    for number, name in enumerate(AFFAIRS, start=1)
)

IID_FORM = Form(
    [
        Question("innovation_form", Kind.CHOICE, options=_choices(IidForm, "iid-form")),
        Question("affair", Kind.CHOICE, options=AFFAIR_OPTIONS, page_size=AFFAIRS_PAGE),
        Question("initiator", Kind.CHOICE, options=_choices(IidInitiator, "iid-initiator")),
        Question("trial_date", Kind.DATE, parse=_date),
        Question("applied_date", Kind.DATE, parse=_date),
        Question("budget", Kind.RUPIAH, required=False, parse=parse_rupiah),
        Question("result", Kind.TEXT, parse=_text, long=True),
    ]
)


def check_dates(question: Question, value: Any, record: IidRecord | None) -> None:
    """The trial comes before the application: a date that contradicts the other is refused."""
    if record is None or not isinstance(value, date):
        return
    if question.name == "applied_date" and record.trial_date and value < record.trial_date:
        raise Invalid("iid-applied-before-trial")
    if question.name == "trial_date" and record.applied_date and value > record.applied_date:
        raise Invalid("iid-applied-before-trial")


# --- readiness and the OPD's own estimate ----------------------------------------------------

# Innovations counted for the index: sent and not rejected.
COUNTED = (Status.SUBMITTED, Status.IN_REVIEW, Status.APPROVED, Status.REVISION_REQUESTED)


def claim_complete(claim: IidEvidence | None, indicator: IidIndicator) -> bool:
    """A level the indicator has, and a file or a link behind it."""
    return (
        claim is not None
        and claim.level is not None
        and 1 <= claim.level <= len(indicator.levels)
        and (claim.attachment_id is not None or bool(claim.link))
    )


@dataclass
class IidState:
    """One innovation's IID record, the active indicators (with levels) and its claims."""

    record: IidRecord | None
    indicators: list[IidIndicator]
    claims: dict[int, IidEvidence] = field(default_factory=dict)

    def answered(self, question: Question) -> bool:
        return self.record is not None and question.answered(self.record)  # type: ignore[arg-type]

    @property
    def missing_questions(self) -> list[Question]:
        return [q for q in IID_FORM if q.required and not self.answered(q)]

    @property
    def missing_indicators(self) -> list[IidIndicator]:
        return [
            i
            for i in self.indicators
            if i.required and not claim_complete(self.claims.get(i.id), i)
        ]

    @property
    def ready(self) -> bool:
        return not self.missing_questions and not self.missing_indicators

    @property
    def score(self) -> float:
        """Σ weight × claimed level / levels: the OPD's own estimate, not the index's."""
        total = 0.0
        for indicator in self.indicators:
            claim = self.claims.get(indicator.id)
            levels = len(indicator.levels)
            if claim is not None and claim.level and levels and 1 <= claim.level <= levels:
                total += indicator.weight * claim.level / levels
        return total

    @property
    def maximum(self) -> float:
        return sum(i.weight for i in self.indicators)


async def active_indicators(session: AsyncSession) -> list[IidIndicator]:
    return list(
        await session.scalars(
            select(IidIndicator)
            .where(IidIndicator.active)
            .options(selectinload(IidIndicator.levels))
            .order_by(IidIndicator.position, IidIndicator.id)
        )
    )


async def load_state(session: AsyncSession, innovation_id: int) -> IidState:
    record = await session.get(IidRecord, innovation_id)
    claims = await session.scalars(
        select(IidEvidence)
        .where(IidEvidence.innovation_id == innovation_id)
        .options(selectinload(IidEvidence.attachment))
    )
    return IidState(record, await active_indicators(session), {c.indicator_id: c for c in claims})


async def count_ready(session: AsyncSession) -> tuple[int, int]:
    """(ready, counted): how many innovations sent and not rejected have every required item
    of the index, in one statement whatever the data."""
    levels = (
        select(IidLevel.indicator_id, func.count().label("n"))
        .group_by(IidLevel.indicator_id)
        .subquery()
    )
    required = (
        select(IidIndicator.id.label("id"), levels.c.n)
        .join(levels, levels.c.indicator_id == IidIndicator.id)
        .where(IidIndicator.active, IidIndicator.required)
        .subquery()
    )
    needed = select(func.count()).select_from(required).scalar_subquery()
    complete = (
        select(IidEvidence.innovation_id, func.count().label("done"))
        .join(required, required.c.id == IidEvidence.indicator_id)
        .where(
            IidEvidence.level >= 1,
            IidEvidence.level <= required.c.n,
            or_(IidEvidence.attachment_id.is_not(None), IidEvidence.link.is_not(None)),
        )
        .group_by(IidEvidence.innovation_id)
        .subquery()
    )
    answered = [getattr(IidRecord, q.name).is_not(None) for q in IID_FORM if q.required] + [
        IidRecord.result != ""
    ]
    ready = and_(*answered, func.coalesce(complete.c.done, 0) == needed)
    row = (
        await session.execute(
            select(func.count(Innovation.id), func.count(Innovation.id).filter(ready))
            .select_from(Innovation)
            .outerjoin(IidRecord, IidRecord.innovation_id == Innovation.id)
            .outerjoin(complete, complete.c.innovation_id == Innovation.id)
            .where(Innovation.status.in_(COUNTED))
        )
    ).one()
    return int(row[1]), int(row[0])


# --- the indicators as a CSV file -------------------------------------------------------------

MAX_CSV_BYTES = 1024 * 1024
MAX_LEVELS = 9
COLUMNS = ("kode", "nama", "bobot", "wajib", *(f"tingkat_{n}" for n in range(1, MAX_LEVELS + 1)))
CODE = re.compile(r"^[a-z0-9][a-z0-9_]{0,31}$")
YES = {"1", "ya", "y", "yes", "true", "wajib"}
NO = {"0", "tidak", "t", "no", "false", ""}


ECHOED = 40  # characters of a bad cell quoted back in a refusal


@dataclass(frozen=True)
class Problem:
    """One bad row (line 1: the header), as a catalog key and its arguments."""

    line: int
    key: str
    arguments: dict[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        # A cell quoted back is cut: forty problems must fit one message.
        for name, value in self.arguments.items():
            if isinstance(value, str) and len(value) > ECHOED:
                self.arguments[name] = value[:ECHOED] + "…"


class IidCsvError(Exception):
    def __init__(self, problems: list[Problem]) -> None:
        super().__init__(f"{len(problems)} problems")
        self.problems = problems


@dataclass(frozen=True)
class IndicatorRow:
    code: str
    name: str
    weight: float
    required: bool
    levels: tuple[str, ...]


def _weight(text: str) -> float | None:
    cleaned = text.strip().replace(",", ".")
    try:
        value = float(cleaned)
    except ValueError:
        return None
    return value if value >= 0 and value == value and value < 10**6 else None


def parse_indicator_csv(data: bytes) -> list[IndicatorRow]:
    """The indicators table from a CSV (UTF-8 with or without BOM, comma or semicolon):
    ``kode, nama, bobot, wajib, tingkat_1 … tingkat_9``. Any bad row: nothing, every problem
    listed with its line."""
    if len(data) > MAX_CSV_BYTES:
        raise IidCsvError([Problem(0, "iid-csv-too-large")])
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise IidCsvError([Problem(0, "iid-csv-not-utf8")]) from None
    first = next((line for line in text.splitlines() if line.strip()), None)
    if first is None:
        raise IidCsvError([Problem(0, "iid-csv-empty")])
    delimiter = ";" if first.count(";") > first.count(",") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    header: list[str] | None = None
    problems: list[Problem] = []
    rows: list[IndicatorRow] = []
    seen: dict[str, int] = {}
    records: list[tuple[int, list[str]]] = []
    try:  # a cell over the csv module's field limit, a broken quote: not a table
        for record in reader:
            records.append((reader.line_num, record))
    except csv.Error:
        raise IidCsvError([Problem(0, "iid-csv-not-readable")]) from None
    for line, record in records:
        if not any(cell.strip() for cell in record):
            continue
        if header is None:
            header = [cell.strip().casefold() for cell in record]
            unknown = [name for name in header if name not in COLUMNS]
            for name in unknown:
                problems.append(Problem(line, "iid-csv-unknown-column", {"column": name}))
            for name in ("kode", "nama", "bobot", "tingkat_1"):
                if name not in header:
                    problems.append(Problem(line, "iid-csv-missing-column", {"column": name}))
            if len(set(header)) != len(header):
                problems.append(Problem(line, "iid-csv-repeated-column"))
            if problems:
                raise IidCsvError(problems)
            continue
        # A cell the bot's own file quoted (a name starting with "=") is read as it was.
        cells = {name: (typed_text(record[i]).strip() if i < len(record) else "") for i, name in
                 enumerate(header)}  # fmt: skip
        if len(record) > len(header) and any(c.strip() for c in record[len(header) :]):
            problems.append(Problem(line, "iid-csv-extra-cells"))
            continue
        code = cells["kode"].casefold()
        name = " ".join(cells["nama"].split())
        weight = _weight(cells["bobot"])
        required = cells.get("wajib", "1").casefold()
        levels = [cells.get(f"tingkat_{n}", "") for n in range(1, MAX_LEVELS + 1)]
        while levels and not levels[-1]:
            levels.pop()
        bad = len(problems)
        if not CODE.match(code):
            problems.append(Problem(line, "iid-csv-bad-code", {"code": code or "—"}))
        elif code in seen:
            problems.append(Problem(line, "iid-csv-duplicate", {"code": code, "first": seen[code]}))
        if not name or len(name) > 200:
            problems.append(Problem(line, "iid-csv-bad-name"))
        if weight is None:
            problems.append(Problem(line, "iid-csv-bad-weight", {"weight": cells["bobot"] or "—"}))
        if required not in YES | NO:
            problems.append(Problem(line, "iid-csv-bad-required", {"value": required}))
        if not levels or any(not level or len(level) > 300 for level in levels):
            problems.append(Problem(line, "iid-csv-bad-levels"))
        if CODE.match(code) and code not in seen:
            seen[code] = line
        if len(problems) == bad:
            assert weight is not None
            rows.append(IndicatorRow(code, name, weight, required in YES, tuple(levels)))
    if problems:
        raise IidCsvError(problems)
    if not rows:
        raise IidCsvError([Problem(0, "iid-csv-no-rows")])
    return rows


async def replace_indicators(session: AsyncSession, rows: list[IndicatorRow]) -> tuple[int, int]:
    """Make the indicators what the file says, in its order: a code already known is updated
    (its levels replaced), a new one added, one not in the file kept inactive (the claims made on
    it stay). (in the file, made inactive)."""
    known = {
        i.code: i
        for i in await session.scalars(
            select(IidIndicator).options(selectinload(IidIndicator.levels))
        )
    }
    for position, row in enumerate(rows, start=1):
        indicator = known.pop(row.code, None)
        if indicator is None:
            indicator = IidIndicator(code=row.code, levels=[])
            session.add(indicator)
        indicator.name, indicator.weight, indicator.required = row.name, row.weight, row.required
        indicator.position, indicator.active = position, True
        current = {level.level: level for level in indicator.levels}
        for number, label in enumerate(row.levels, start=1):
            if number in current:
                current.pop(number).label = label
            else:
                indicator.levels.append(IidLevel(level=number, label=label))
        for level in current.values():
            indicator.levels.remove(level)
    for indicator in known.values():
        indicator.active = False
    await session.flush()
    return len(rows), len(known)


def indicators_csv(indicators: list[IidIndicator]) -> bytes:
    """The active indicators as the CSV the import reads (UTF-8 with BOM, semicolons, as Excel
    in Indonesia opens it): download, change, send back."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    most = max((len(i.levels) for i in indicators), default=1)
    writer.writerow(COLUMNS[: 4 + most])
    for indicator in indicators:
        labels = [level.label for level in indicator.levels]
        # Opened in a spreadsheet to be edited: a name or level is never run as a formula.
        writer.writerow(
            [indicator.code, safe_text(indicator.name), f"{indicator.weight:g}",
             "1" if indicator.required else "0", *map(safe_text, labels),
             *([""] * (most - len(labels)))]
        )  # fmt: skip
    return ("\ufeff" + buffer.getvalue()).encode()
