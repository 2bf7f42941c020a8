"""The Excel and CSV exports, read back cell by cell."""

from __future__ import annotations

import asyncio
import csv
import io
from datetime import date, datetime
from pathlib import Path

import pytest
from openpyxl import load_workbook
from sqlalchemy import select

from bot.cli import main
from bot.export import ExportFilter, safe_text, write_csv, write_xlsx
from bot.texts import Catalog
from storage.database import Database
from storage.models import Evaluation, Innovation, Member, Opd, Pillar
from storage.repositories.innovations import InnovationRepository

ZONE = __import__("zoneinfo").ZoneInfo("Asia/Jakarta")
FORMULA = '=HYPERLINK("http://evil.example","klik")'


async def seed(database: Database) -> None:
    async with database.transaction() as session:
        dinkes = Opd(code="DINKES", name="Dinas Kesehatan; Kab. Sumedang")
        disdik = Opd(code="DISDIK", name=FORMULA)
        session.add_all([dinkes, disdik])
        await session.flush()
        siti = Member(telegram_id=1, full_name="Siti", role="staff", opd_id=dinkes.id)
        session.add(siti)
        await session.flush()
        pillars = list(await session.scalars(select(Pillar).order_by(Pillar.position)))
        first = Innovation(
            opd_id=dinkes.id, submitter_id=siti.id, title="Posyandu Digital", status="approved",
            quick_win=True, stage="penerapan", kind="digital", problem="+6281 masalah",
            solution="Solusi", goal="Tujuan", benefit="Manfaat", start_date=date(2024, 8, 17),
            link="https://posyandu.go.id", contact_name="Siti", contact_phone="0812",
            submitted_at=datetime(2026, 11, 2, 3, 0, tzinfo=ZONE), pillars=[pillars[0], pillars[3]],
        )  # fmt: skip
        second = Innovation(opd_id=disdik.id, title=FORMULA, status="draft", pillars=[])
        session.add_all([first, second])
        await session.flush()
        await InnovationRepository(session).log(first, siti, "submitted", to_status="submitted")
        session.add(
            Evaluation(innovation_id=first.id, reviewer_id=siti.id, verdict="approved",
                       fungsional=5, mutakhir=4, berkelanjutan=3, bermanfaat=5, berdampak=4,
                       note="Bagus")
        )  # fmt: skip


async def test_the_workbook_cell_by_cell(database: Database, tmp_path: Path) -> None:
    await seed(database)
    path = tmp_path / "inovasi.xlsx"
    async with database.transaction() as session:
        count = await write_xlsx(session, str(path), Catalog(), "id", ZONE)
    assert count == 2
    book = load_workbook(path)
    assert book.sheetnames == ["Inovasi", "Per OPD", "Per pilar", "Cakupan", "Riwayat"]
    sheet = book["Inovasi"]
    header = [cell.value for cell in sheet[1]]
    assert header[:6] == ["No", "OPD (kode)", "OPD", "Judul", "Status", "Smart Governance"]
    assert header[-1] == "Catatan" and header[-6] == "Skor fungsional"
    row = {name: cell.value for name, cell in zip(header, sheet[2], strict=True)}
    assert row["No"] == 1 and isinstance(row["No"], int)
    assert row["OPD"] == "Dinas Kesehatan; Kab. Sumedang"
    assert row["Status"] == "disetujui"
    assert [row[p] for p in ("Smart Governance", "Smart Branding", "Smart Living")] == [1, 0, 1]
    assert row["Quick win"] == "Ya" and row["Tahapan"] == "Penerapan"
    assert row["Permasalahan"] == "+6281 masalah"
    assert row["Tanggal mulai"] == datetime(2024, 8, 17)
    assert sheet.cell(2, header.index("Tanggal mulai") + 1).number_format == "DD/MM/YYYY"
    assert row["Dikirim"] == datetime(2026, 11, 2, 3, 0)
    assert row["Bukti dukung"] == 0
    assert [row[f"Skor {c}"] for c in ("fungsional", "mutakhir", "berkelanjutan")] == [5, 4, 3]
    assert row["Catatan"] == "Bagus"
    # A formula typed by someone stays text, never a formula.
    formula_cells = [sheet.cell(3, 3), sheet.cell(3, 4)]
    assert [c.value for c in formula_cells] == [FORMULA, FORMULA]
    assert all(c.data_type == "s" for c in formula_cells)
    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref == f"A1:{sheet.cell(1, len(header)).column_letter}3"
    per_opd = [[c.value for c in r] for r in book["Per OPD"].iter_rows(min_row=2)]
    assert sorted(per_opd) == [["DINKES", "Dinas Kesehatan; Kab. Sumedang", 1, 1, 1, 0],
                               ["DISDIK", FORMULA, 0, 0, 0, 1]]  # fmt: skip
    coverage = sorted([c.value for c in r] for r in book["Cakupan"].iter_rows(min_row=2))
    assert coverage[1] == ["Dinas Kesehatan; Kab. Sumedang", 1, 0, 0, 1, 0, 0, 2]
    history = [[c.value for c in r] for r in book["Riwayat"].iter_rows(min_row=2)]
    assert history[0][1:4] == [1, "Siti", "submitted"]


async def test_an_empty_database_gives_a_valid_file_with_headers(
    database: Database, tmp_path: Path
) -> None:
    path = tmp_path / "kosong.xlsx"
    async with database.transaction() as session:
        assert await write_xlsx(session, str(path), Catalog(), "en", ZONE) == 0
    book = load_workbook(path)
    assert book.sheetnames[0] == "Innovations"
    assert book["Innovations"].max_row == 1
    assert book["Innovations"]["D1"].value == "Title"


async def test_filters_and_csv(database: Database) -> None:
    await seed(database)
    buffer = io.StringIO()
    async with database.transaction() as session:
        count = await write_csv(
            session, buffer, Catalog(), "id", ZONE, ExportFilter(opd_code="DISDIK")
        )
    rows = list(csv.reader(io.StringIO(buffer.getvalue()), delimiter=";"))
    assert count == 1 and len(rows) == 2
    assert rows[1][2] == "'" + FORMULA and rows[1][3] == "'" + FORMULA
    assert safe_text("-1") == "'-1" and safe_text("biasa") == "biasa"


def test_the_cli_export_and_summary(
    database_url: str, monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capsys
) -> None:
    async def seed_and_close() -> None:
        database = Database(database_url)
        try:
            await seed(database)
        finally:
            await database.dispose()

    asyncio.run(seed_and_close())
    monkeypatch.setenv("DATABASE_URL", database_url)
    assert main(["export", "-o", str(tmp_path / "a.xlsx")]) == 0
    assert main(["export", "--format", "csv", "-o", str(tmp_path / "a.csv"),
                 "--status", "disetujui"]) == 0  # fmt: skip
    assert main(["export", "-o", str(tmp_path / "b.xlsx"), "--opd", "nope"]) == 1
    assert main(["export", "-o", str(tmp_path / "c.xlsx"), "--status", "lost"]) == 2
    assert main(["summary"]) == 0
    out, err = capsys.readouterr()
    assert "Wrote 2 innovations" in out and "Wrote 1 innovations" in out
    assert "📊 Rekap inovasi: 1 terkirim, 1 draf" in out and "<b>" not in out
    assert "🗓 Rekap harian" in out
    assert "--opd: no OPD with code NOPE" in err and "--status: unknown status 'lost'" in err
    data = (tmp_path / "a.csv").read_bytes()
    assert data.startswith(b"\xef\xbb\xbfNo;OPD (kode)")
    assert load_workbook(tmp_path / "a.xlsx")["Inovasi"].max_row == 3


async def test_ekspor_in_chat(person, database: Database) -> None:
    await seed(database)
    budi = await person("coordinator", opd="DISKOMINFOSANDITIK")
    replies = await budi.send("/ekspor")
    document = replies.last.document
    assert document is not None and document["file_name"] == "inovasi-2026-11-02.xlsx"
    assert replies.last.caption == "Ekspor inovasi 02/11/2026: 2 inovasi."
    content = budi.emulator.files[document["file_id"]].content
    assert load_workbook(io.BytesIO(content))["Inovasi"].max_row == 3
    assert [a.detail for a in budi.emulator.actions if a.kind == "chat_action"] == [
        {"action": "upload_document"}
    ]
    replies = await budi.send("/ekspor disetujui")
    assert replies.last.document["file_name"] == "inovasi-2026-11-02-approved.xlsx"
    assert replies.last.caption.endswith(": 1 inovasi.")
    replies = await budi.send("/ekspor dinkes")
    assert replies.last.document["file_name"] == "inovasi-2026-11-02-DINKES.xlsx"
    replies = await budi.send("/ekspor entahlah")
    assert replies.texts == [
        "Saring dengan kode OPD, status, atau tanggal kirim, misalnya /ekspor DINKES, "
        "/ekspor disetujui, atau /ekspor 1/10/2026 - 31/10/2026. “entahlah” tidak dikenali."
    ]
    siti = await person("staff")
    assert (await siti.send("/ekspor")).texts == [
        "Mohon maaf, perintah ini tidak tersedia untuk peran Bapak/Ibu."
    ]
