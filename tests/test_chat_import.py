"""/impor (/import) in the chat, through the real application as a person uses it: an admin
imports innovations, a coordinator action plans; problems by row and column in the person's
language, nothing written; the skip button once; the template as a document; who may."""

from __future__ import annotations

import io

import openpyxl
import pytest
from sqlalchemy import func, select

from storage.database import Database
from storage.models import Innovation, Member, Opd, Role
from storage.plans import PlanEntry

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def workbook(*rows: list[object]) -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    for row in rows:
        sheet.append(row)
    content = io.BytesIO()
    book.save(content)
    return content.getvalue()


INNOVATIONS = workbook(
    ["No", "Judul", "OPD", "Pilar", "Tahapan"],
    [1, "Posyandu Digital", "DINKES", "Smart Living", "uji coba"],
    [2, "Sekolah Ramah Anak", "DISDIK", "Smart Society", "penerapan"],
)
BAD_INNOVATIONS = workbook(
    ["No", "Judul", "OPD", "Pilar", "Tahapan"],
    [1, "Posyandu Digital", "DINKES", "Smart Living", "uji coba"],
    [2, "Sekolah Ramah Anak", "Dinas Antah Berantah", "Smart Kota", "penerapan"],
    [3, "Pasar Daring", "DISDIK", "Smart Economy", "penerapan"],
)
PLANS = workbook(
    ["No", "OPD", "Pilar", "Rencana", "Tahap", "Bulan Target"],
    [1, "DINKES", "Smart Living", "Posyandu Digital", "uji coba", "08/2026"],
    [2, "DISDIK", "Smart Society", "Sekolah Ramah Anak", "penerapan", "11/2026"],
)


@pytest.fixture(autouse=True)
async def opds(database: Database) -> None:
    """The OPDs the files name."""
    async with database.transaction() as session:
        session.add_all([Opd(code="DINKES", name="Dinas Kesehatan"),
                         Opd(code="DISDIK", name="Dinas Pendidikan")])  # fmt: skip


async def count(database: Database, model: type) -> int:
    async with database.reading() as session:
        return await session.scalar(select(func.count()).select_from(model))


async def test_an_admin_imports_innovations_and_reads_the_counts(
    person, database: Database
) -> None:
    dewi = await person("admin", opd="DISKOMINFOSANDITIK", name="Dewi Lestari")
    replies = await dewi.send("/impor")
    assert replies.text.startswith("Impor dari berkas")
    assert replies.last.button_labels == [["💡 Inovasi (yang sudah ada)", "🗓 Rencana aksi"]]
    replies = await dewi.press("💡 Inovasi (yang sudah ada)")
    assert "Silakan kirim inovasi dalam berkas .xlsx atau .csv" in replies.text
    replies = await dewi.send_document(INNOVATIONS, "inovasi lama.xlsx", XLSX)
    assert replies.texts == [
        "✅ Berhasil diimpor inovasi lama.xlsx: 2 baru, 0 berubah, 0 tetap (inovasi)."
    ]
    assert await count(database, Innovation) == 2
    assert "Diimpor dari berkas inovasi lama.xlsx" in (await dewi.send("/lihat 1")).text
    async with database.reading() as session:
        notes = list(await session.scalars(select(Innovation.imported_from)))
    assert notes == ["inovasi lama.xlsx", "inovasi lama.xlsx"]

    # The same file again: nothing changes.
    await dewi.send("/impor")
    await dewi.press("💡 Inovasi (yang sudah ada)")
    replies = await dewi.send_document(INNOVATIONS, "inovasi lama.xlsx", XLSX)
    assert "0 baru, 0 berubah, 2 tetap" in replies.text


async def test_a_bad_row_is_reported_in_indonesian_then_skipped_once(
    person, database: Database
) -> None:
    dewi = await person("admin", opd="DISKOMINFOSANDITIK", name="Dewi Lestari")
    await dewi.send("/impor")
    await dewi.press("💡 Inovasi (yang sudah ada)")
    replies = await dewi.send_document(BAD_INNOVATIONS, "inovasi.xlsx", XLSX)
    assert replies.texts == [
        "❌ Tidak ada yang disimpan: inovasi.xlsx punya 2 masalah:\n"
        '• baris 3, kolom D ("Pilar"): "Smart Kota" bukan pilar (lihat daftar di templat)\n'
        '• baris 3, kolom C ("OPD"): tidak ada OPD bernama "Dinas Antah Berantah" (lihat '
        "daftar di templat)\n"
        "Silakan perbaiki berkasnya lalu kirim lagi, atau /batal.\n"
        "2 baris benar: tombol di bawah mengimpor baris-baris itu dan melewati yang salah."
    ]
    assert replies.last.button_labels == [["Lewati baris yang salah & impor sisanya"]]
    assert await count(database, Innovation) == 0

    replies = await dewi.press("Lewati baris yang salah & impor sisanya")
    assert "✅ Berhasil diimpor inovasi.xlsx: 2 baru, 0 berubah, 0 tetap (inovasi)." in (
        replies.text
    )
    assert "Baris salah yang dilewati: 3." in replies.text
    assert await count(database, Innovation) == 2
    # The button pressed again (a stale copy of it): told politely, nothing imported twice.
    replies = await dewi.forge("imp:skip")
    assert replies.toasts == ["Tombol ini sudah dipakai: baris yang benar sudah diimpor."]
    assert await count(database, Innovation) == 2


async def test_a_coordinator_imports_plans_but_not_innovations(person, database: Database) -> None:
    rina = await person("coordinator", opd="DISKOMINFOSANDITIK", name="Rina Koordinator")
    await person("admin", opd="DISKOMINFOSANDITIK", name="Dewi Lestari")
    await rina.send("/impor")
    replies = await rina.press("💡 Inovasi (yang sudah ada)")
    assert replies.texts == [
        "Hanya admin yang dapat mengimpor inovasi. Silakan hubungi Dewi Lestari, atau impor "
        "rencana aksi di sini."
    ]
    # Action plans: a sticker first gets what is expected, and the question again.
    await rina.press("🗓 Rencana aksi")
    replies = await rina.send_sticker()
    assert replies.texts[0].startswith("Silakan kirim berkas .xlsx atau .csv sebagai dokumen")
    assert "Silakan kirim baris rencana aksi" in replies.texts[1]
    replies = await rina.send_document(PLANS, "rencana.xlsx", XLSX)
    assert replies.texts == [
        "✅ Berhasil diimpor rencana.xlsx: 2 baru, 0 berubah, 0 tetap (baris rencana aksi)."
    ]
    assert await count(database, PlanEntry) == 2
    async with database.reading() as session:
        entry = await session.scalar(select(PlanEntry).order_by(PlanEntry.id))
    assert entry is not None and entry.imported_from == "rencana.xlsx"
    assert entry.created_by_id is not None


async def test_a_staff_member_is_refused(person) -> None:
    siti = await person("staff", opd="DINKES")
    replies = await siti.send("/impor")
    assert replies.texts == ["Mohon maaf, perintah ini tidak tersedia untuk peran Bapak/Ibu."]
    replies = await siti.forge("imp:k:plans")
    assert replies.toasts and replies.toasts[0]


async def test_the_template_arrives_as_a_document_and_imports(person, database: Database) -> None:
    rina = await person("coordinator", opd="DISKOMINFOSANDITIK", name="Rina Koordinator")
    await rina.send("/impor")
    await rina.press("🗓 Rencana aksi")
    replies = await rina.press("📄 Templat")
    document = replies.last.document
    assert document["file_name"] == "templat-impor-rencana-aksi.xlsx"
    content = rina.emulator.files[document["file_id"]].content
    book = openpyxl.load_workbook(io.BytesIO(content))
    assert book.sheetnames == ["Rencana Aksi", "Daftar"]
    replies = await rina.send_document(content, "templat.xlsx", XLSX)
    assert "1 baru, 0 berubah, 0 tetap" in replies.text
    # The import is over: its old template button says so, and sends nothing.
    old = await rina.press("📄 Templat")
    assert old.toasts == ["Tombol ini sudah tidak berlaku. Silakan ulangi dari menu."]
    assert not any(message.document for message in old)
    # A file too large is refused from its declared size, never downloaded.
    await rina.send("/impor")
    await rina.press("🗓 Rencana aksi")
    replies = await rina.send_document(b"x" * (11 * 1024 * 1024), "besar.csv", "text/csv")
    assert replies.texts == [
        "besar.csv berukuran 11.0 MB; impor menerima berkas paling besar 10 MB. Silakan bagi "
        "menjadi beberapa berkas."
    ]
    replies = await rina.send("/batal")
    assert replies.texts == ["Impor dibatalkan. Tidak ada lagi yang disimpan."]


async def test_english_for_a_member_whose_language_is_english(person, database: Database) -> None:
    john = await person("admin", opd="DISKOMINFOSANDITIK", name="John Doe", language="en")
    replies = await john.send("/import")
    assert replies.text.startswith("Import from a file")
    await john.press("💡 Innovations (backlog)")
    replies = await john.press("📄 Template")
    assert replies.last.document["file_name"] == "innovation-import-template.xlsx"
    replies = await john.send_document(BAD_INNOVATIONS, "old.xlsx", XLSX)
    assert replies.texts[0].startswith("❌ Nothing was saved: old.xlsx has 2 problems:\n")
    assert (
        '• row 3, column C ("OPD"): no OPD is called "Dinas Antah Berantah" (see the '
        "template's list)"
    ) in replies.text
    replies = await john.send_document(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 50,
                                       "old.xls", "application/vnd.ms-excel")  # fmt: skip
    assert replies.texts == [
        "old.xls is not an .xlsx or .csv file. Please send the spreadsheet as .xlsx or .csv."
    ]
    replies = await john.send_document(b"", "empty.csv", "text/csv")
    assert replies.texts == ["❌ empty.csv is empty. Nothing was saved."]


async def test_the_role_is_asked_again_and_only_ten_problems_are_listed(
    person, database: Database
) -> None:
    dewi = await person("admin", opd="DISKOMINFOSANDITIK", name="Dewi Lestari")
    await dewi.send("/impor")
    await dewi.press("🗓 Rencana aksi")
    many = workbook(
        ["OPD", "Pilar", "Rencana", "Tahap", "Bulan Target"],
        *([["DINKES", "Smart Kota", f"Rencana {n}", "uji coba", "08/2026"] for n in range(12)]),
    )
    replies = await dewi.send_document(many, "banyak.xlsx", XLSX)
    assert replies.text.startswith("❌ Tidak ada yang disimpan: banyak.xlsx punya 12 masalah:")
    assert replies.text.count("• baris ") == 10
    assert "… dan 2 lainnya." in replies.text
    assert replies.last.button_labels == []  # no good row: nothing to skip to

    # Made a coordinator meanwhile, she asked for plans: still hers; innovations no longer.
    await dewi.send("/impor")
    await dewi.press("💡 Inovasi (yang sudah ada)")
    async with database.transaction() as session:
        member = await session.scalar(select(Member).where(Member.telegram_id == dewi.id))
        assert member is not None
        member.role = Role.COORDINATOR
    replies = await dewi.send_document(INNOVATIONS, "inovasi.xlsx", XLSX)
    assert replies.texts == [
        "Hanya admin yang dapat mengimpor inovasi; bot belum punya admin. Bapak/Ibu dapat "
        "mengimpor rencana aksi di sini."
    ]
    assert await count(database, Innovation) == 0
