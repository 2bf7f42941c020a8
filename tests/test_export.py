"""The Excel and CSV exports, read back cell by cell."""

from __future__ import annotations

import asyncio
import csv
import errno
import io
import os
import tempfile
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest
from openpyxl import load_workbook
from sqlalchemy import select

from bot.cli import main
from bot.core.texts import Catalog
from bot.reporting.export import ExportFilter, safe_text, write_csv, write_xlsx
from sandbox.client import Sandbox
from storage.database import Database
from storage.models import Evaluation, Event, EventKind, Innovation, Member, Opd, Pillar
from storage.repositories.innovations import InnovationRepository
from tests.support.checkins import OTHERS, approve, at, switch
from tests.support.form import COMPLETE, fill
from tests.support.iid import SMALL_TABLE
from tests.support.people import submitted
from tests.support.plan_entries import plan, seed_plans
from tests.support.sheets import excel_takes

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
    # Then the IID sheets (tests/test_iid.py reads them): the index's form, one per indicator.
    assert book.sheetnames[:9] == ["Inovasi", "Per OPD", "Per pilar", "Cakupan", "Rencana Aksi",
                                   "Riwayat", "Pemantauan", "Status pemantauan",
                                   "IID"]  # fmt: skip
    sheet = book["Inovasi"]
    header = [cell.value for cell in sheet[1]]
    assert header[:6] == ["No", "OPD (kode)", "OPD", "Status", "Judul", "Smart Governance"]
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
    formula_cells = [sheet.cell(3, 3), sheet.cell(3, 5)]
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
    assert history[0][1:6] == [1, "Siti", "Dikirim", None, "terkirim"]
    per_pillar = book["Per pilar"]
    assert [c.value for c in per_pillar[1]] == [
        "Pilar", "Menunggu tinjauan", "sedang ditinjau", "disetujui", "perlu revisi", "ditolak",
        "Total terkirim",
    ]  # fmt: skip
    assert [c.value for c in per_pillar[2]] == ["Smart Governance", 0, 0, 1, 0, 0, 1]


async def test_an_empty_database_gives_a_valid_file_with_headers(
    database: Database, tmp_path: Path
) -> None:
    path = tmp_path / "kosong.xlsx"
    async with database.transaction() as session:
        assert await write_xlsx(session, str(path), Catalog(), "en", ZONE) == 0
    book = load_workbook(path)
    assert book.sheetnames[0] == "Innovations"
    assert book["Innovations"].max_row == 1
    assert book["Innovations"]["E1"].value == "Title"
    # No plan yet: the sheet is there, with its headers.
    assert book["Action Plans"].max_row == 1
    assert book["Action Plans"]["D1"].value == "Plan"


async def test_the_action_plan_sheet(database: Database, clock, tmp_path: Path) -> None:
    """One row per entry, in all four states on the export's day (Monday 2 November 2026, the
    database's clock), the target month a real date shown as MM/YYYY; a typed formula stays
    text; an export of one OPD has its plan only."""
    database.clock = clock
    await seed_plans(database)
    await plan(database, "DISHUB", FORMULA, date(2027, 1, 1), pillar=6)
    path = tmp_path / "rencana.xlsx"
    async with database.transaction() as session:
        await write_xlsx(session, str(path), Catalog(), "id", ZONE)
    sheet = load_workbook(path)["Rencana Aksi"]
    rows = [[c.value for c in row] for row in sheet.iter_rows()]
    assert rows[0] == [
        "OPD (kode)", "OPD", "Pilar", "Rencana", "Target tahapan", "Target bulan", "Keadaan",
        "Bulan terlambat", "No inovasi", "Inovasi", "Status inovasi",
    ]  # fmt: skip
    august = datetime(2026, 8, 1)
    assert rows[1:] == [
        ["DINKES", "Dinas Kesehatan", "Smart Governance", "Posyandu Digital", "Uji coba",
         datetime(2026, 6, 1), "Selesai", None, 1, "Posyandu Digital", "disetujui"],
        ["DINKES", "Dinas Kesehatan", "Smart Governance", "Ambulans Desa", "Uji coba",
         datetime(2026, 10, 1), "Terlambat", 1, None, None, None],
        ["DINKES", "Dinas Kesehatan", "Smart Governance", "Data Gizi Balita", "Uji coba",
         datetime(2027, 3, 1), "Sesuai jadwal", None, None, None, None],
        ["DISDIK", "Dinas Pendidikan", "Smart Governance", "Rapor Daring", "Uji coba", august,
         "Terlambat", 3, None, None, None],
        ["DISDIK", "Dinas Pendidikan", "Smart Governance", "Sekolah Ramah Anak", "Uji coba",
         datetime(2026, 10, 1), "Terlambat", 1, None, None, None],
        ["DISDIK", "Dinas Pendidikan", "Smart Governance", "Perpustakaan Keliling", "Uji coba",
         datetime(2026, 12, 1), "Segera jatuh tempo", None, None, None, None],
        ["DISHUB", "Dinas Perhubungan", "Smart Environment", FORMULA, "Uji coba",
         datetime(2027, 1, 1), "Sesuai jadwal", None, None, None, None],
        ["DISHUB", "Dinas Perhubungan", "Smart Governance", "Bus Sekolah", "Penerapan",
         datetime(2027, 6, 1), "Sesuai jadwal", None, None, None, None],
    ]  # fmt: skip
    assert sheet.cell(2, 6).number_format == "MM/YYYY"
    assert sheet.cell(8, 4).data_type == "s"  # the formula: text
    assert sheet.freeze_panes == "A2"

    only = tmp_path / "dinkes.xlsx"
    async with database.transaction() as session:
        await write_xlsx(session, str(only), Catalog(), "en", ZONE, ExportFilter(opd_code="DINKES"))
    rows = [[c.value for c in row] for row in load_workbook(only)["Action Plans"].iter_rows()]
    assert rows[0][3:8] == ["Plan", "Target stage", "Target month", "State", "Months late"]
    assert [(row[3], row[4], row[6]) for row in rows[1:]] == [
        ("Posyandu Digital", "Trial", "Done"), ("Ambulans Desa", "Trial", "Late"),
        ("Data Gizi Balita", "Trial", "On track"),
    ]  # fmt: skip


async def test_filters_and_csv(database: Database) -> None:
    await seed(database)
    buffer = io.StringIO()
    async with database.transaction() as session:
        count = await write_csv(
            session, buffer, Catalog(), "id", ZONE, ExportFilter(opd_code="DISDIK")
        )
    rows = list(csv.reader(io.StringIO(buffer.getvalue()), delimiter=";"))
    assert count == 1 and len(rows) == 2
    assert rows[1][2] == "'" + FORMULA and rows[1][4] == "'" + FORMULA
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
    assert "📊 Rekap inovasi: 1 terkirim seluruhnya, 1 masih draf" in out and "<b>" not in out
    assert "🗓 Rekap harian" in out
    assert "--opd: no OPD with code NOPE" in err and "--status: unknown status 'lost'" in err
    data = (tmp_path / "a.csv").read_bytes()
    assert data.startswith(b"\xef\xbb\xbfNo;OPD (kode)")
    assert load_workbook(tmp_path / "a.xlsx")["Inovasi"].max_row == 3


async def test_ekspor_in_chat(person, database: Database) -> None:
    await seed(database)  # DINKES: one approved; DISDIK: one draft
    budi = await person("coordinator", opd="DISKOMINFOSANDITIK")
    replies = await budi.send("/ekspor")
    document = replies.last.document
    assert document is not None and document["file_name"] == "inovasi-2026-11-02.xlsx"
    # A draft is the OPD's own until it is sent: not in anyone else's file (only counted).
    assert replies.last.caption == "Ekspor inovasi 02/11/2026: 1 inovasi."
    book = workbook(budi, replies)
    assert book["Inovasi"].max_row == 2 and book["Inovasi"]["E2"].value == "Posyandu Digital"
    assert [c.value for c in book["Riwayat"]["B"]][1:] == [1]  # the draft's history neither
    per_opd = {r[0].value: r[-1].value for r in book["Per OPD"].iter_rows(min_row=2)}
    assert per_opd == {"DINKES": 0, "DISDIK": 1, "DISKOMINFOSANDITIK": 0}
    assert [a.detail for a in budi.emulator.actions if a.kind == "chat_action"] == [
        {"action": "upload_document"}
    ]
    replies = await budi.send("/ekspor disetujui")
    assert replies.last.document["file_name"] == "inovasi-2026-11-02-disetujui.xlsx"
    assert replies.last.caption.endswith(": 1 inovasi.")
    replies = await budi.send("/ekspor perlu revisi")
    assert replies.last.document["file_name"] == "inovasi-2026-11-02-perlu-revisi.xlsx"
    replies = await budi.send("/ekspor dinkes")
    assert replies.last.document["file_name"] == "inovasi-2026-11-02-DINKES.xlsx"
    replies = await budi.send("/ekspor DISDIK")  # its only innovation is a draft
    assert replies.last.caption.endswith(": 0 inovasi.")
    assert workbook(budi, replies)["Inovasi"].max_row == 1
    replies = await budi.send("/ekspor draf")
    assert replies.texts == [
        "Draf tetap milik OPD sampai dikirim, jadi tidak ikut diekspor. Ekspor berisi inovasi "
        "yang sudah dikirim, misalnya /ekspor atau /ekspor disetujui."
    ]
    john = await person("coordinator", opd="DISKOMINFOSANDITIK", name="John Doe", language="en")
    replies = await john.send("/export revision requested")
    assert replies.last.document["file_name"] == "inovasi-2026-11-02-revision-requested.xlsx"
    replies = await budi.send("/ekspor entahlah")
    assert replies.texts == [
        "Saring dengan kode OPD, status, atau tanggal kirim, misalnya /ekspor DINKES, "
        "/ekspor disetujui, atau /ekspor 1/10/2026 - 31/10/2026. “entahlah” tidak dikenali."
    ]
    siti = await person("staff")
    assert (await siti.send("/ekspor")).texts == [
        "Mohon maaf, perintah ini tidak tersedia untuk peran Bapak/Ibu."
    ]


async def test_the_history_reads_in_the_persons_language(person, database: Database) -> None:
    """Riwayat: what happened, the statuses, the field and a choice's values in words, not
    the codes the database keeps (`field_changed`, `uji_coba`)."""
    siti = await submitted(person, "Posyandu Digital")  # stage: uji coba
    await siti.send("/ubah 1")
    await siti.press("✏️ Tahapan")
    await siti.press("Penerapan")
    async with database.reading() as session:
        event = await session.scalar(select(Event).where(Event.kind == "field_changed"))
    assert (event.field, event.old_value, event.new_value) == ("stage", "uji_coba", "penerapan")
    budi = await person("coordinator", opd="DISKOMINFOSANDITIK", name="Budi Santoso")
    history = [
        [c.value for c in row][1:]
        for row in workbook(budi, await budi.send("/ekspor"))["Riwayat"].iter_rows(min_row=2)
    ]
    assert history == [
        [1, "Siti Rahmawati", "Draf dibuat", None, "draf", None, None, None, None],
        [1, "Siti Rahmawati", "Dikirim", "draf", "terkirim", None, None, None, None],
        [1, "Siti Rahmawati", "Isian diubah", None, None, "Tahapan", "Uji coba", "Penerapan",
         None],
    ]  # fmt: skip
    john = await person("coordinator", opd="DISKOMINFOSANDITIK", name="John Doe", language="en")
    book = workbook(john, await john.send("/export"))
    assert [c.value for c in book["Change history"][4]][3:9] == [
        "Answer changed",
        None,
        None,
        "Stage",
        "Trial",
        "Implementation",
    ]


async def test_an_export_after_every_kind_of_event(
    sandbox: Sandbox,
    person,
    database: Database,
    database_url: str,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> None:
    """One audit event of every kind the log can hold (EventKind), each made the way a person
    makes it, then /ekspor: an event of no innovation (an /iid import) once ended every chat
    export in "terjadi kendala" on SQLite (its part of the plan was FLOOR(NULL / 1000))."""
    rina = await person("admin", opd="DISKOMINFOSANDITIK", name="Rina Admin")
    await rina.send("/iid")
    replies = await rina.send_document(SMALL_TABLE, "indikator-iid.csv", "text/csv")
    assert replies.texts[0].startswith("Tabel indikator IID diganti")  # iid_indicators
    siti = await submitted(person)  # created, submitted (#1)
    await siti.press("📝 Lengkapi data IID")
    await siti.press("Pelayanan publik")  # iid_changed
    await siti.send("/batal")
    await fill(siti, {**COMPLETE, "title": "Antrean Daring", "stage": "uji_coba"})
    await siti.press("📤 Kirim")  # #2
    await siti.send("/ubah 2")
    await siti.press("✏️ Tahapan")
    await siti.press("Penerapan")  # field_changed
    replies = await siti.press("↩️ Tarik kembali ke draf")  # withdrawn
    assert "Inovasi #2 ditarik kembali menjadi draf." in replies.texts
    await siti.press("📤 Kirim")  # submitted again: its history is in the chat's export
    budi = await person("coordinator", opd="DISKOMINFOSANDITIK", name="Budi Santoso")
    await approve(budi, 1, "Posyandu Digital")  # reviewed
    await switch(rina, *OTHERS)
    await sandbox.advance(to=at(2027, 2, 2, 9, 30))
    [question] = [m for m in siti.bot_messages if "Apakah inovasi #1" in m.content]
    await siti.press("✅ Masih berjalan", message=question)  # checkin
    await siti.send("/batal")
    backlog = tmp_path / "inovasi-lama.csv"  # an operator loads the backlog: imported (#3)
    backlog.write_text("Judul;OPD\nPasar Daring Desa;DINKES\n", encoding="utf-8")
    monkeypatch.setenv("DATABASE_URL", database_url)
    assert await asyncio.to_thread(main, ["innovation", "import", str(backlog)]) == 0
    async with database.transaction() as session:  # what older databases hold
        session.add(Event(innovation_id=1, kind="review_started", from_status="submitted",
                          to_status="in_review"))  # fmt: skip
        # A coordinator's ✅ / 🚫 on a file added after approval (made through the group's
        # buttons in tests/test_public_files.py).
        for kind in ("file_approved", "file_hidden"):
            session.add(Event(innovation_id=1, kind=kind,
                              field="attachment", new_value="1"))  # fmt: skip
    async with database.reading() as session:
        kinds = list(await session.scalars(select(Event.kind).order_by(Event.id)))
    assert set(kinds) == set(EventKind)  # a new kind needs its step above

    replies = await budi.send("/ekspor")
    assert replies.last.document is not None
    assert replies.last.caption.startswith("Ekspor inovasi ") and "3 inovasi" in (
        replies.last.caption
    )
    history = list(workbook(budi, replies)["Riwayat"].iter_rows(min_row=2, values_only=True))
    assert len(history) == len(kinds)  # every event, the one of no innovation too
    catalog = Catalog()
    assert {row[3] for row in history} == {catalog.text("id", f"event-{k}") for k in EventKind}
    assert [row[1] for row in history if row[3] == "Tabel indikator IID diganti"] == [None]
    john = await person("coordinator", opd="DISKOMINFOSANDITIK", name="John Doe", language="en")
    replies = await john.send("/export")
    history = list(workbook(john, replies)["Change history"].iter_rows(min_row=2, values_only=True))
    assert {row[3] for row in history} == {catalog.text("en", f"event-{k}") for k in EventKind}


async def test_an_event_of_an_unknown_kind_is_refused(database: Database) -> None:
    """EventKind is the whole list: a new kind must be added there (and so to the test above)."""
    await seed(database)
    async with database.transaction() as session:
        innovation = await session.get(Innovation, 1)
        with pytest.raises(ValueError, match="EventKind"):
            await InnovationRepository(session).log(innovation, None, "exported")
        with pytest.raises(ValueError, match="EventKind"):
            Event(innovation_id=1, kind="exported")


def workbook(person, replies):
    """The workbook the bot sent last in `replies`, read back."""
    content = person.emulator.files[replies.last.document["file_id"]].content
    return load_workbook(io.BytesIO(content))


# --- the writer -----------------------------------------------------------------------------


def test_the_writer_keeps_text_exact_and_never_a_formula(tmp_path: Path) -> None:
    from openpyxl.utils.escape import unescape

    from bot.core.xlsx import MAX_TEXT, Workbook

    tricky = [
        FORMULA, "+62 812", "-1", "@SUM(A1)", "a & b <c> \"d\" 'e'", "_x0041_ stays",
        "bell \x07 and nul \x00", "line\r\nbreak", "  spaces  ", "emoji 🙂 ✓", "x" * 40_000,
    ]  # fmt: skip
    path = tmp_path / "t.xlsx"
    with Workbook(path, folder=str(tmp_path)) as book:
        sheet = book.add_sheet(
            "Uji 'kutip' ganda", ["Teks", "Angka", "Benar", "Tanggal"], [40, 8, 8, 12]
        )
        for n, text in enumerate(tricky):
            sheet.append([text, n + 0.5, n % 2 == 0, date(2026, 1, n + 1)])
        book.add_sheet("Kosong", ["A"], [10])
    assert sorted(p.name for p in tmp_path.iterdir()) == ["t.xlsx"]  # no temporary file left
    book = load_workbook(path)
    assert book.sheetnames == ["Uji 'kutip' ganda", "Kosong"]
    sheet = book["Uji 'kutip' ganda"]
    assert sheet.freeze_panes == "A2" and sheet.auto_filter.ref == f"A1:D{len(tricky) + 1}"
    assert sheet["A1"].font.bold and sheet.column_dimensions["A"].width == 40
    values = [row for row in sheet.iter_rows(min_row=2, values_only=True)]
    # Excel reads _xHHHH_ back as the character (openpyxl leaves that to its `unescape`).
    assert [unescape(v[0]) for v in values] == [*tricky[:-1], "x" * MAX_TEXT]
    assert all(sheet.cell(r, 1).data_type == "s" for r in range(2, len(tricky) + 2))
    assert values[0][1:] == (0.5, True, datetime(2026, 1, 1))
    assert book["Kosong"].max_row == 1


def test_every_sheet_name_is_one_excel_takes(tmp_path: Path) -> None:
    """A name from data is made valid, and unlike the others whatever the case (Excel refuses
    two sheets named alike), with a suffix that keeps it within 31 characters."""
    from bot.core.xlsx import Workbook

    path = tmp_path / "names.xlsx"
    names = ["Riwayat", "RIWAYAT", "History", "x" * 40, "X" * 40, "''", "a\x00b\tc",
             "12 'kutip'", "[a]: b/c*?d\\e", " 🙂" * 20]  # fmt: skip
    with Workbook(path, folder=str(tmp_path)) as book:
        for name in names:
            book.add_sheet(name, ["A"], [10]).append(["isi"])
    book = load_workbook(path)
    assert book.sheetnames == [
        "Riwayat", "RIWAYAT (2)", "History (2)", "x" * 31, "X" * 27 + " (2)", "(1)", "a b c",
        "12 'kutip", "a b c d e", " ".join(["🙂"] * 10),
    ]  # fmt: skip
    excel_takes(book.sheetnames)
    assert [book[name]["A2"].value for name in book.sheetnames] == ["isi"] * len(names)


# --- the date window --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "start", "end"),
    [
        ("1/10/2026 - 31/10/2026", date(2026, 10, 1), date(2026, 10, 31)),
        ("1-10-2026 s/d 15-10-2026", date(2026, 10, 1), date(2026, 10, 15)),
        ("dari 1 Oktober 2026 sampai 15 Okt 2026", date(2026, 10, 1), date(2026, 10, 15)),
        ("Februari 2024", date(2024, 2, 1), date(2024, 2, 29)),
        ("Desember 2025", date(2025, 12, 1), date(2025, 12, 31)),
        ("2025", date(2025, 1, 1), date(2025, 12, 31)),
        ("2026", date(2026, 1, 1), date(2026, 11, 2)),  # not beyond today
        ("2026-10-01..2026-10-31", date(2026, 10, 1), date(2026, 10, 31)),
        ("Agustus 2026 – Oktober 2026", date(2026, 8, 1), date(2026, 10, 31)),
        ("kemarin", date(2026, 11, 1), date(2026, 11, 1)),
        ("Hari ini", date(2026, 11, 2), date(2026, 11, 2)),
        ("bulan lalu", date(2026, 10, 1), date(2026, 10, 31)),
        ("last month", date(2026, 10, 1), date(2026, 10, 31)),
    ],
)
def test_date_windows(text: str, start: date, end: date) -> None:
    from bot.reporting.export import Window, parse_window

    assert parse_window(text, date(2026, 11, 2)) == Window(start, end)


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("31/10/2026 - 1/10/2026", "exp-window-reversed"),
        ("Desember 2026", "exp-window-future"),
        ("1/12/2026 - 31/12/2026", "exp-window-future"),
        ("besok", "exp-window-invalid"),
        ("31/02/2026", "exp-window-invalid"),
        ("1/1/1900", "exp-window-invalid"),
        ("1/10/2026 -", "exp-window-invalid"),
    ],
)
def test_date_windows_that_cannot_be_meant(text: str, key: str) -> None:
    from bot.innovations.rules import Invalid
    from bot.reporting.export import parse_window

    with pytest.raises(Invalid) as raised:
        parse_window(text, date(2026, 11, 2))
    assert raised.value.key == key


async def test_ekspor_with_a_date_window(person, database: Database) -> None:
    await seed(database)  # the approved one was submitted today, 2 November 2026
    budi = await person("coordinator", opd="DISKOMINFOSANDITIK")
    replies = await budi.send("/ekspor kemarin")
    assert replies.last.document["file_name"] == "inovasi-2026-11-02-20261101-20261101.xlsx"
    assert replies.last.caption == (
        "Ekspor inovasi 02/11/2026: 0 inovasi.\nDikirim 01/11/2026 s/d 01/11/2026."
    )
    content = budi.emulator.files[replies.last.document["file_id"]].content
    assert load_workbook(io.BytesIO(content))["Inovasi"].max_row == 1
    replies = await budi.send("/ekspor dinkes November 2026")
    assert replies.last.document["file_name"] == (
        "inovasi-2026-11-02-DINKES-20261101-20261102.xlsx"
    )
    assert replies.last.caption.endswith(": 1 inovasi.\nDikirim 01/11/2026 s/d 02/11/2026.")
    replies = await budi.send("/ekspor disetujui 1/11/2026 - 2/11/2026")
    assert replies.last.caption.startswith("Ekspor inovasi 02/11/2026: 1 inovasi.")
    assert (await budi.send("/ekspor 31/10/2026 - 1/10/2026")).texts == [
        "Tanggal awal (31/10/2026) sesudah tanggal akhir (01/10/2026). Mohon tulis tanggal "
        "awal lebih dahulu, misalnya /ekspor 1/10/2026 - 31/10/2026."
    ]
    assert (await budi.send("/ekspor Desember 2026")).texts == [
        "Tanggal 01/12/2026 belum tiba (hari ini 02/11/2026), jadi belum ada inovasi yang "
        "dikirim sejak itu. Mohon pilih tanggal sampai hari ini."
    ]
    assert (await budi.send("/ekspor DINKES besok")).texts == [
        "Rentang tanggal tidak dikenali. Contoh: /ekspor 1/10/2026 - 31/10/2026, /ekspor "
        "Oktober 2026, /ekspor 2026, atau /ekspor kemarin."
    ]
    john = await person("admin", opd="DISKOMINFOSANDITIK", language_code="en", name="John Doe")
    replies = await john.send("/export yesterday")
    assert replies.last.caption == (
        "Innovations export 02/11/2026: 0 innovations.\nSubmitted 01/11/2026 to 01/11/2026."
    )


def test_the_cli_export_with_dates_and_a_full_disk(
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
    out = tmp_path / "a.csv"
    assert main(["export", "--format", "csv", "-o", str(out), "--from", "1/11/2026",
                 "--to", "2026-11-02"]) == 0  # fmt: skip
    assert main(["export", "-o", str(tmp_path / "b.xlsx"), "--from", "2020",
                 "--to", "2020"]) == 0  # fmt: skip
    assert main(["export", "-o", str(tmp_path / "c.xlsx"), "--from", "2/11/2026",
                 "--to", "1/11/2026"]) == 2  # fmt: skip
    assert main(["export", "-o", str(tmp_path / "c.xlsx"), "--from", "kemarin lusa"]) == 2
    assert main(["export", "-o", str(tmp_path / "c.xlsx"), "--from", "1/1/2999"]) == 2
    out_text, err = capsys.readouterr()
    assert "Wrote 1 innovations" in out_text and "Wrote 0 innovations" in out_text
    assert "--from 2/11/2026 is after --to 1/11/2026" in err
    assert "is not a date" in err and "--from 1/1/2999 is after today" in err
    assert not (tmp_path / "c.xlsx").exists()
    rows = list(csv.reader(io.StringIO(out.read_bytes().decode("utf-8-sig")), delimiter=";"))
    assert len(rows) == 2 and rows[1][4] == "Posyandu Digital"

    def full(self, *args, **kwargs) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    existing = tmp_path / "d.xlsx"
    monkeypatch.setattr("bot.core.xlsx.Sheet.close", full)
    assert main(["export", "-o", str(existing)]) == 1
    assert "-o: the disk is full" in capsys.readouterr().err
    assert not existing.exists()  # the partial file is removed


def leftovers(folders: list[str]) -> list[str]:
    return [folder for folder in folders if os.path.exists(folder)]


async def test_a_full_disk_in_chat_is_told_and_leaves_nothing(
    person, database: Database, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    await seed(database)
    folders: list[str] = []
    real_mkdtemp = tempfile.mkdtemp

    def mkdtemp(**kwargs) -> str:
        folders.append(real_mkdtemp(dir=tmp_path, **kwargs))
        return folders[-1]

    def full(self, *args, **kwargs) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr("conversations.export.tempfile.mkdtemp", mkdtemp)
    monkeypatch.setattr("bot.core.xlsx.Sheet.close", full)
    budi = await person("coordinator", opd="DISKOMINFOSANDITIK")
    replies = await budi.send("/ekspor")
    assert replies.last.text == (
        "Mohon maaf, penyimpanan server sedang penuh sehingga berkas ekspor tidak dapat "
        "dibuat. Berkas yang belum selesai sudah dihapus. Silakan coba lagi nanti atau hubungi "
        "admin."
    )
    assert replies.last.message_id == replies[0].message_id  # the progress message, edited
    assert not any(m.document for m in budi.bot_messages)
    assert folders and not leftovers(folders)
    monkeypatch.undo()
    assert (await budi.send("/ekspor")).last.document is not None  # not stuck as "busy"


# --- progress and parts ---------------------------------------------------------------------


async def test_one_progress_message_edited_at_most_every_few_seconds(
    person, clock, monkeypatch: pytest.MonkeyPatch
) -> None:
    async def steady_workbook(session, target, *args, progress, **kwargs) -> int:
        for done in range(0, 11):
            clock.advance(timedelta(seconds=1))  # ten seconds in all, a step a second
            progress(done, 10)
            await asyncio.sleep(0)
        target.write(b"PK")
        return 10

    monkeypatch.setattr("conversations.export.write_xlsx", steady_workbook)
    budi = await person("coordinator", opd="DISKOMINFOSANDITIK")
    replies = await budi.send("/ekspor")
    first = replies[0]
    assert first.text.startswith("Sedang menyiapkan berkas ekspor")
    edits = [a for a in budi.emulator.actions if a.kind == "edit"]
    assert {a.message.message_id for a in edits} == {first.message_id}  # one message
    shown = [a.message.text for a in edits]
    assert shown[-1] == "Berkas ekspor siap: 10 inovasi."
    steps = shown[:-1]
    assert 1 <= len(steps) <= 4  # ten seconds of progress, at most one edit in three seconds
    assert all(s.startswith("Menyiapkan berkas ekspor… ") and s.endswith(" %") for s in steps)
    assert replies.last.document is not None


async def test_no_edit_when_the_file_is_made_within_seconds(person, database: Database) -> None:
    await seed(database)
    budi = await person("coordinator", opd="DISKOMINFOSANDITIK")
    await budi.send("/ekspor")
    edits = [a.message.text for a in budi.emulator.actions if a.kind == "edit"]
    assert edits == ["Berkas ekspor siap: 1 inovasi."]  # the draft is not exported


async def long_answers(database: Database, count: int, *, seed_value: int = 17) -> None:
    """`count` innovations with 3,000-character answers in four fields, two events each."""
    import random

    from sqlalchemy import insert

    rng = random.Random(seed_value)  # noqa: S311
    words = ["pelayanan", "digital", "masyarakat", "desa", "kesehatan", "data", "aplikasi",
             "warga", "puskesmas", "sekolah", "pasar", "izin", "cepat", "terpadu"]  # fmt: skip

    def answer() -> str:
        text = ""
        while len(text) < 3000:
            text += rng.choice(words) + rng.choice([" ", ", ", ". "]) + str(rng.randrange(999))
        return text[:3000]

    async with database.transaction() as session:
        opd = Opd(code="DINKES", name="Dinas Kesehatan")
        session.add(opd)
        await session.flush()
        await session.execute(
            insert(Innovation),
            [{"id": n, "opd_id": opd.id, "title": f"Inovasi {n}", "status": "submitted",
              "problem": answer(), "solution": answer(), "goal": answer(), "benefit": answer(),
              "submitted_at": datetime(2026, 11, 1, 8, tzinfo=ZONE), "version": 1}
             for n in range(1, count + 1)],
        )  # fmt: skip
        await session.execute(
            insert(Event),
            [{"innovation_id": n, "kind": kind, "created_at": datetime(2026, 11, 1, tzinfo=ZONE)}
             for n in range(1, count + 1) for kind in ("created", "submitted")],
        )  # fmt: skip


async def test_a_large_export_is_sent_in_parts_each_within_the_limit(
    person, database: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    await long_answers(database, 240)
    limit = 200_000  # instead of 50 MB: the same cut, at a size a test can make
    monkeypatch.setattr("bot.reporting.export.PART_LIMIT", limit)
    monkeypatch.setattr("bot.reporting.export.MARK_EVERY", 5)  # marks to cut at, as at 100,000
    from bot.reporting.export import write_xlsx

    passes: list[object] = []

    async def counted(*args, **kwargs) -> int:
        passes.append(kwargs.get("ids"))
        return await write_xlsx(*args, **kwargs)

    monkeypatch.setattr("conversations.export.write_xlsx", counted)
    budi = await person("coordinator", opd="DISKOMINFOSANDITIK")
    replies = await budi.send("/ekspor")
    documents = [m for m in replies if m.document is not None]
    parts = len(documents)
    assert parts >= 3
    assert len(passes) == parts  # cut beforehand by the weights: no pass over the whole first
    progress = [m for m in replies if m.document is None]
    assert progress[-1].text == (
        f"Berkas ekspor siap: 240 inovasi, dikirim dalam {parts} bagian karena Telegram hanya "
        "menerima berkas hingga 50 MB."
    )
    numbers: list[int] = []
    for number, message in enumerate(documents, start=1):
        name = message.document["file_name"]
        assert name == f"inovasi-2026-11-02-bagian-{number}-dari-{parts}.xlsx"
        content = budi.emulator.files[message.document["file_id"]].content
        assert len(content) <= limit
        book = load_workbook(io.BytesIO(content), read_only=True)
        assert book.sheetnames[:9] == ["Inovasi", "Per OPD", "Per pilar", "Cakupan",
                                       "Rencana Aksi", "Riwayat", "Pemantauan",
                                       "Status pemantauan", "IID"]  # fmt: skip
        mine = [r[0] for r in book["Inovasi"].iter_rows(min_row=2, values_only=True)]
        history = {r[1] for r in book["Riwayat"].iter_rows(min_row=2, values_only=True)}
        assert history == set(mine)  # each part with the history of its own innovations
        assert message.caption.endswith(
            f"Bagian {number} dari {parts}: inovasi nomor {mine[0]} s/d {mine[-1]}."
        )
        per_opd = list(book["Per OPD"].iter_rows(min_row=2, values_only=True))
        assert ("DINKES", "Dinas Kesehatan", 240, 0, 0, 0) in per_opd
        numbers += mine
    assert numbers == list(range(1, 241))  # every innovation once, in order


async def test_a_part_still_too_large_is_cut_again(
    database: Database, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    from bot.reporting.export import write_parts

    await long_answers(database, 60)
    monkeypatch.setattr("bot.reporting.export.PART_LIMIT", 60_000)
    monkeypatch.setattr("bot.reporting.export.PART_FILL", 4.0)  # a first cut far too optimistic
    shares: list[tuple[float, int]] = []
    folder = tmp_path / "export"
    folder.mkdir()
    async with database.reading() as session:
        parts = await write_parts(session, folder, "x", Catalog(), "id", ZONE, ExportFilter(),
                                  progress=lambda share, n: shares.append((share, n)))  # fmt: skip
    assert len(parts) >= 3
    assert all(p.path.stat().st_size <= 60_000 for p in parts)
    assert [p.first for p in parts] == sorted(p.first for p in parts)
    assert sum(p.count for p in parts) == 60
    assert sorted(os.listdir(folder)) == sorted(p.path.name for p in parts)
    assert shares[0][0] == 0.0 and all(0 <= s <= 1 for s, _ in shares)
