"""The export's leaders' report sheet read back: the current month so far (its title row says
so), build_leaders' figures, the OPDs' ranking with those with nothing last, headers in the
workbook's language, a formula-like OPD name kept as text; none in an export of one OPD."""

from __future__ import annotations

import io
from typing import Any
from zoneinfo import ZoneInfo

from openpyxl import load_workbook

from bot.core.formatting import format_day
from bot.core.texts import Catalog
from bot.reporting.export import ExportFilter, write_xlsx
from bot.reporting.leaders import build_leaders, month_name
from storage.database import Database
from storage.models import Evaluation, Innovation, Opd, Status, session_now
from tests.support.catalogue import seed_catalogue
from tests.support.plan_catalogue import seed_plans

ZONE = ZoneInfo("Asia/Jakarta")
FORMULA = '=HYPERLINK("http://x.test","klik")'


async def workbook(database: Database, lang: str, filters: ExportFilter | None = None) -> Any:
    buffer = io.BytesIO()
    async with database.reading() as session:
        await write_xlsx(session, buffer, Catalog(), lang, ZONE, filters or ExportFilter())
    return load_workbook(io.BytesIO(buffer.getvalue()))


async def test_the_leaders_sheet_read_back(database: Database) -> None:
    seeded = await seed_catalogue(database)
    await seed_plans(database, seeded)
    async with database.transaction() as session:
        opd = Opd(code="RUMUS", name=FORMULA)
        session.add(opd)
        await session.flush()
        innovation = Innovation(opd_id=opd.id, title="Rumus", status=Status.APPROVED,
                                attachments=[])  # fmt: skip
        session.add(innovation)
        await session.flush()
        session.add(Evaluation(innovation_id=innovation.id, verdict="approved"))  # this month
    async with database.reading() as session:
        now = session_now(session).astimezone(ZONE)
        report = await build_leaders(session, now.date().replace(day=1), now, now.date())
    book = await workbook(database, "id")
    assert book.sheetnames[-1] == "Laporan Pimpinan"
    rows = [list(row) for row in book["Laporan Pimpinan"].iter_rows(values_only=True)]
    month = month_name(report.month, "id")
    assert rows[0][0] == (
        f"Laporan pimpinan — {month} (bulan berjalan, sampai {format_day(now.date(), 'id')})"
    )
    figures = {row[0]: row[1] for row in rows[1:] if row[0] and isinstance(row[1], int)}
    assert figures["Inovasi disetujui"] == report.approved == 6
    assert figures[f"Disetujui pada {month}"] == report.new_approved == 1
    assert figures["Keadaan: Belum dikonfirmasi"] == 6
    assert figures["Pilar: Smart Governance"] == dict(report.pillars)["Smart Governance"]
    assert figures["Tahap: Penerapan"] == report.stages["penerapan"] == 3
    assert figures["OPD memiliki inovasi disetujui"] == 3
    assert figures["OPD belum memiliki inovasi disetujui"] == 1
    start = next(i for i, row in enumerate(rows) if row[0] == "OPD")
    assert rows[start][:4] == ["OPD", "Peringkat", "OPD (kode)", "Disetujui"]
    assert rows[start][4] == "Pilar quick win (dari 6)"
    table = [row[:8] for row in rows[start + 1 :]]
    assert table == [
        [line.name, line.rank or None, line.code, line.approved, line.pillars, line.alive_share,
         line.plan_done, line.plan_total]
        for line in report.ranked + report.without
    ]  # fmt: skip
    assert [row[2] for row in table] == ["DINKES", "DISDIK", "RUMUS", "BAPPEDA"]
    assert table[2][0] == FORMULA  # text, not a formula
    assert book["Laporan Pimpinan"].cell(row=start + 4, column=1).data_type == "s"
    english = await workbook(database, "en")
    sheet = english["Leaders' Report"]
    assert str(sheet["A1"].value).startswith("Leaders' report — ")
    assert "(current month, up to " in str(sheet["A1"].value)
    assert sheet["A2"].value == "Approved innovations" and sheet["B2"].value == 6
    # An export of one OPD: the regency's report is not in it.
    one = await workbook(database, "id", ExportFilter(opd_code="DINKES"))
    assert "Laporan Pimpinan" not in one.sheetnames
