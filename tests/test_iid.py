"""The national index's record (Lengkapi data IID) as a clerk fills it in after sending, its
readiness on /lihat and /rekap, the indicators table an admin replaces with a CSV, and the
export's IID sheets read back cell by cell."""

from __future__ import annotations

import csv
import hashlib
import io
from datetime import date, datetime

import pytest
from openpyxl import load_workbook
from sqlalchemy import select

from bot.cli import main
from bot.iid.record import active_indicators, parse_rupiah
from bot.innovations.rules import Invalid
from storage.database import Database
from storage.models import Attachment, Member, Opd
from tests.support.form import DEFAULTS
from tests.support.iid import (
    PDF,
    SMALL_TABLE,
    claims,
    complete,
    indicators,
    record,
    sent,
    use_indicators,
)
from tests.support.sheets import excel_takes


async def test_the_iid_section_after_kirim(person, database: Database) -> None:
    await use_indicators(database)
    siti = await person("staff", opd="DINKES")
    await sent(siti)
    assert siti.last.button_labels == [["📝 Lengkapi data IID"]]
    replies = await siti.press("📝 Lengkapi data IID")
    assert replies.texts[0].startswith("Lengkapi data IID inovasi #1 Posyandu Digital")
    assert replies.last.text == "Apa bentuk inovasi daerah ini?"
    assert replies.last.button_labels == [
        ["Tata kelola pemerintahan daerah"],
        ["Pelayanan publik"],
        ["Bentuk lainnya"],
        ["Lewati"],
    ]
    replies = await siti.press("Pelayanan publik")
    assert replies.last.text == (
        "Urusan pemerintahan apa yang didukung inovasi ini?\nHalaman 1 dari 5"
    )
    assert replies.last.button_labels[0] == ["Pendidikan"]
    assert replies.last.button_labels[-2:] == [["Berikutnya ➡️"], ["Lewati"]]
    # Paged: the next page replaces the buttons in place.
    replies = await siti.press("Berikutnya ➡️")
    assert replies.last.text.endswith("Halaman 2 dari 5")
    assert replies.last.button_labels[0] == ["Pangan"]
    assert replies.last.button_labels[-2] == ["⬅️ Sebelumnya", "Berikutnya ➡️"]
    replies = await siti.send("Kesehatan")  # typed where a button is expected
    assert replies.texts == ["Silakan pilih dengan tombol pada pertanyaan di atas."]
    replies = await siti.press("Lingkungan hidup")
    assert replies.last.text == "Siapa inisiator inovasi ini?"
    replies = await siti.press("OPD")
    assert replies.last.text.startswith("Kapan inovasi ini mulai diuji coba?")
    replies = await siti.send("2030")
    assert replies.texts == [
        "Tanggal ini belum lewat. Tulis tanggal yang sudah terjadi, misalnya 17/08/2024 atau "
        "Agustus 2024."
    ]
    replies = await siti.send("kemarin sore")
    assert replies.texts[0].startswith("Tanggal tidak dikenali.")
    replies = await siti.send("Agustus 2024")
    assert replies.last.text.startswith("Kapan inovasi ini mulai diterapkan?")
    replies = await siti.send("Juli 2024")
    assert replies.texts == [
        "Waktu penerapan tidak boleh sebelum waktu uji coba. Periksa kembali tanggalnya."
    ]
    replies = await siti.send("2/01/2025")
    assert replies.last.text.startswith("Berapa anggaran inovasi ini (rupiah)?")
    replies = await siti.send("dua puluh")
    assert replies.texts == [
        "Anggaran tidak dikenali. Tulis dengan angka, misalnya Rp 25.000.000, 25 juta, atau 25jt."
    ]
    replies = await siti.send("Rp 25.000.000")
    assert replies.last.text.startswith("Apa hasil inovasi ini sejauh ini?")
    replies = await siti.send("Data gizi balita kini harian, <b>bukan</b> bulanan & akurat.")
    assert replies.last.text.startswith("Indikator bukti (0 dari 3 lengkap, halaman 1 dari 1)")
    assert replies.last.button_labels == [
        ["⬜ Regulasi inovasi daerah"], ["⬜ Video penerapan inovasi"], ["⬜ Jejaring inovasi"],
        ["⬅️ Kembali", "Selesai"],
    ]  # fmt: skip
    stored = await record(database)
    assert stored is not None
    assert (stored.innovation_form, stored.affair, stored.initiator) == (
        "pelayanan_publik", "lingkungan_hidup", "opd"
    )  # fmt: skip
    assert (stored.trial_date, stored.applied_date) == (date(2024, 8, 1), date(2025, 1, 2))
    assert stored.budget == 25_000_000
    assert stored.result == "Data gizi balita kini harian, <b>bukan</b> bulanan & akurat."

    # An indicator: the level claimed, then a file.
    replies = await siti.press("⬜ Regulasi inovasi daerah")
    assert replies.last.text == (
        "Regulasi inovasi daerah: tingkat mana yang dicapai inovasi ini (menurut OPD)?\n"
        "1. SK Kepala Perangkat Daerah\n2. SK Kepala Daerah\n3. Peraturan Kepala Daerah"
    )
    assert replies.last.button_labels == [["1", "2", "3"], ["⬅️ Kembali"]]
    replies = await siti.press("3")
    assert replies.last.text.startswith("Kirim bukti dukung untuk Regulasi inovasi daerah")
    replies = await siti.send("bukan tautan")
    assert replies.texts[0].startswith("Kirim berkas (foto atau dokumen), atau ketik tautan")
    replies = await siti.send_document(b"MZ program", "Perbup.pdf", "application/pdf")
    assert replies.texts[0].startswith("Jenis berkas ini tidak diterima.")
    replies = await siti.send_document(PDF, "Perbup 12 2024.pdf", "application/pdf")
    assert replies.texts[0] == "Tersimpan: Regulasi inovasi daerah."
    assert replies.last.button_labels[0] == ["✅ Regulasi inovasi daerah · 3"]
    # Another: a link.
    await siti.press("⬜ Video penerapan inovasi")
    await siti.press("2")
    replies = await siti.send("https://youtu.be/posyandu-digital")
    assert replies.last.button_labels[1] == ["✅ Video penerapan inovasi · 2"]
    # A level without its evidence is not complete.
    await siti.press("⬜ Jejaring inovasi")
    await siti.press("1")
    replies = await siti.press("Lewati")
    assert replies.last.button_labels[2] == ["⬜ Jejaring inovasi · 1"]
    found = await claims(database)
    assert found["regulasi"].level == 3 and found["regulasi"].attachment_id is not None
    assert found["video"].level == 2
    assert found["video"].link == "https://youtu.be/posyandu-digital"
    assert found["jejaring"].level == 1 and found["jejaring"].attachment_id is None
    # The file is one of the innovation's evidence files, kept by the evidence store.
    async with database.transaction() as session:
        kept = await session.get(Attachment, found["regulasi"].attachment_id)
    assert (kept.innovation_id, kept.file_name, kept.caption) == (
        1, "Perbup 12 2024.pdf", "IID: Regulasi inovasi daerah"
    )  # fmt: skip
    assert kept.store_state == "stored" and kept.sha256 == hashlib.sha256(PDF).hexdigest()
    replies = await siti.press("Selesai")
    assert replies.last.text == (
        "Data IID inovasi #1 tersimpan.\n✅ Siap IID: semua data wajib sudah lengkap.\n"
        "Perkiraan skor (penilaian OPD sendiri, bukan nilai resmi): 16,7 dari 20"
    )


@pytest.mark.parametrize(
    ("typed", "rupiah"),
    [
        ("Rp 25.000.000", 25_000_000), ("25 juta", 25_000_000), ("25jt", 25_000_000),
        ("Rp25.000.000,00", 25_000_000), ("25000000", 25_000_000), ("1,5 miliar", 1_500_000_000),
        ("500 rb", 500_000), ("Rp 7.500.000,-", 7_500_000), ("0", 0),
    ],
)  # fmt: skip
def test_rupiah_as_people_type_it(typed: str, rupiah: int) -> None:
    assert parse_rupiah(typed) == rupiah


@pytest.mark.parametrize("typed", ["dua puluh", "-5", "1e9", "25 dolar", "Rp", "25,5,5"])
def test_what_is_not_an_amount(typed: str) -> None:
    with pytest.raises(Invalid) as refused:
        parse_rupiah(typed)
    assert refused.value.key == "iid-budget-invalid"
    with pytest.raises(Invalid) as absurd:
        parse_rupiah("900 triliun")
    assert absurd.value.key == "iid-budget-too-large"


async def test_readiness_on_lihat_the_overview_and_rekap(person, database: Database) -> None:
    await use_indicators(database)
    siti = await person("staff", opd="DINKES")
    await sent(siti)
    await complete(siti)
    await sent(siti, "Antrean Puskesmas Daring")
    replies = await siti.send("/lihat 2")
    block = next(m for m in replies if m.button_labels == [["📝 Lengkapi data IID"]])
    assert block.text.endswith(
        "Data IID\n⏳ Belum siap IID, masih kurang 8: Bentuk inovasi, Urusan pemerintahan, "
        "Inisiator, Waktu uji coba, Waktu penerapan, Hasil inovasi, Regulasi inovasi daerah, "
        "Video penerapan inovasi\n"
        "Perkiraan skor (penilaian OPD sendiri, bukan nilai resmi): 0 dari 20"
    )
    assert block.text.startswith("Inovasi #2 (📤 terkirim)")  # the record's own message
    replies = await siti.send("/lihat 1")
    assert (
        "✅ Siap IID: semua data wajib sudah lengkap.\nPerkiraan skor (penilaian OPD "
        "sendiri, bukan nilai resmi): 15 dari 20" in replies.text
    )
    # Opened again, the overview: every answer with ✏️.
    replies = await siti.press("📝 Lengkapi data IID")
    overview = replies.last
    assert overview.text.splitlines()[:9] == [
        "Data IID inovasi #1 Posyandu Digital",
        "Bentuk inovasi: Pelayanan publik",
        "Urusan pemerintahan: Kesehatan",
        "Inisiator: OPD",
        "Waktu uji coba: 1 Agustus 2024",
        "Waktu penerapan: 2 Januari 2025",
        "Anggaran: Rp 25.000.000",
        "Hasil inovasi: Data gizi harian.",
        "Indikator bukti lengkap: 2 dari 3",
    ]
    assert overview.button_labels[-2:] == [["📎 Indikator bukti"], ["Selesai"]]
    replies = await siti.press("✏️ Anggaran")
    assert replies.last.text.endswith("Sekarang: Rp 25.000.000")
    replies = await siti.send("1,5 miliar")
    assert "Anggaran: Rp 1.500.000.000" in replies.last.text
    await siti.press("✏️ Anggaran")
    replies = await siti.send("25jt")
    assert "Anggaran: Rp 25.000.000" in replies.last.text
    assert (await record(database)).budget == 25_000_000
    await siti.press("Selesai")
    # The coordinators' summary counts it.
    budi = await person("coordinator", opd="DISKOMINFOSANDITIK", name="Budi Santoso")
    replies = await budi.send("/rekap")
    assert "Siap IID: 1 dari 2 inovasi terkirim" in replies.texts[0]
    # In English, the same.
    mary = await person("staff", opd="DINKES", name="Mary Jane", language="en")
    replies = await mary.send("/view 2")
    assert "IID data\n⏳ Not ready for the IID yet, 8 missing: Form of innovation" in (replies.text)


async def test_only_the_innovations_own_opd_fills_it(person, database: Database) -> None:
    await use_indicators(database)
    siti = await person("staff", opd="DINKES")
    await sent(siti)
    asep = await person("staff", opd="DISDIK", name="Asep Saepudin")
    await asep.send("/start")
    replies = await asep.forge("iid:open:1")
    assert replies.toasts == ["Mohon maaf, perintah ini tidak tersedia untuk peran Bapak/Ibu."]
    assert replies.texts == []
    budi = await person("coordinator", opd="DISKOMINFOSANDITIK", name="Budi Santoso")
    replies = await budi.send("/lihat 1")
    assert "Data IID\n⏳ Belum siap IID" in replies.text  # read, without the button
    assert all(m.button_labels != [["📝 Lengkapi data IID"]] for m in replies)
    # Siti starts; she is moved to another OPD; her old buttons show and store nothing.
    await siti.press("📝 Lengkapi data IID")
    await siti.press("Pelayanan publik")
    async with database.transaction() as session:
        disdik = await session.scalar(select(Opd.id).where(Opd.code == "DISDIK"))
        member = await session.scalar(select(Member).where(Member.telegram_id == siti.id))
        member.opd_id = disdik
    replies = await siti.press("Kesehatan")
    assert replies.toasts == [
        "Mohon maaf, data IID inovasi ini hanya dapat diisi oleh OPD pemiliknya."
    ]
    assert replies.texts == []
    assert (await record(database)).affair is None
    # A forged level beyond the indicator's is refused without a trace.
    await sent(asep, "Sekolah Ramah Anak")
    await asep.press("📝 Lengkapi data IID")
    await asep.press("Lewati")
    for _ in range(6):
        await asep.press("Lewati")
    regulasi = next(
        row[0] for row in asep.last.button_labels if row[0].endswith("Regulasi inovasi daerah")
    )
    await asep.press(regulasi)
    level_three = asep.last.inline_buttons[0][2]["callback_data"]
    assert level_three.endswith(":3")
    replies = await asep.forge(level_three[:-1] + "9")
    assert replies.toasts and replies.toasts[0].startswith("Tombol ini sudah tidak berlaku")
    assert await claims(database, 2) == {}


async def test_an_admin_replaces_the_indicators_with_a_csv(person, database: Database) -> None:
    admin = await person("admin", opd="DISKOMINFOSANDITIK", name="Rina Admin")
    replies = await admin.send("/iid")
    assert replies[0].text.startswith("Indikator IID: 20 indikator aktif, jumlah bobot 100.")
    assert "regulasi · Regulasi inovasi daerah · bobot 5 · 3 tingkat · wajib: Ya" in (
        replies[0].text
    )
    document = replies.last.document
    assert document["file_name"] == "indikator-iid.csv"
    table = admin.emulator.files[document["file_id"]].content
    assert table.decode("utf-8-sig").splitlines()[0] == (
        "kode;nama;bobot;wajib;tingkat_1;tingkat_2;tingkat_3"
    )
    before = await indicators(database)
    assert len(before) == 20 and before["regulasi"] == (5.0, True, 3)
    # Not a file, or not a CSV: told what to send.
    replies = await admin.send("halo")
    assert replies.texts == ["Kirim berkas CSV indikator sebagai dokumen, atau /batal."]
    replies = await admin.send_document(PDF, "indikator.pdf", "application/pdf")
    assert replies.texts[0].startswith("Kirim berkas CSV (.csv)")
    # An unknown column: nothing imported, the header named (as typed, never as HTML).
    replies = await admin.send_document(
        b"kode,nama,bobot,<i>Catatan</i>,tingkat_1\nregulasi,Regulasi,10,x,SK\n",
        "iid.csv",
        "text/csv",
    )
    assert replies.texts == [
        'Tidak ada yang diimpor: 1 masalah.\nBaris 1: kolom "<i>catatan</i>" tidak dikenal '
        "(yang dikenal: kode, nama, bobot, wajib, tingkat_1 … tingkat_9)"
    ]
    # A weight that is not a number and a duplicate: every bad row listed, nothing imported.
    bad = (
        b"kode;nama;bobot;wajib;tingkat_1\r\n"
        b"regulasi;Regulasi inovasi daerah;10;1;SK\r\n"
        b"sdm;SDM;lima;1;Ada\r\n"
        b"regulasi;Regulasi lagi;5;1;SK\r\n"
    )
    replies = await admin.send_document(bad, "iid.csv", "text/csv")
    assert replies.texts == [
        "Tidak ada yang diimpor: 2 masalah.\n"
        'Baris 3: bobot "lima" bukan angka (contoh: 5 atau 7,5)\n'
        "Baris 4: indikator regulasi sudah ada di baris 2"
    ]
    assert await indicators(database) == before
    # A good file replaces the table; indicators left out stay, inactive.
    replies = await admin.send_document(SMALL_TABLE, "iid.csv", "text/csv")
    assert replies.texts == ["Tabel indikator IID diganti: 3 indikator, 17 dinonaktifkan."]
    after = await indicators(database)
    assert after["regulasi"] == (10.0, True, 3) and after["video"] == (5.0, True, 2)
    assert after["sdm"][1] is False
    # The flow is over; a clerk cannot ask for it.
    siti = await person("staff", opd="DINKES")
    replies = await siti.send("/iid")
    assert replies.texts == ["Mohon maaf, perintah ini tidak tersedia untuk peran Bapak/Ibu."]


def test_iid_import_on_the_command_line(
    capsys: pytest.CaptureFixture[str], database_url: str, tmp_path, monkeypatch
) -> None:
    monkeypatch.setenv("DATABASE_URL", database_url)
    bad = tmp_path / "bad.csv"
    bad.write_text("kode,nama,bobot,tingkat_1\na,A,x,1\na,A,2,1\n", "utf-8")
    assert main(["iid", "import", str(bad)]) == 1
    assert capsys.readouterr().err.splitlines() == [
        f'{bad}: line 2: weight "x" is not a number (for example 5 or 7.5)',
        f"{bad}: line 3: indicator a already stands on line 2",
        f"inovasi-bot: {bad}: nothing imported (2 problems)",
    ]
    good = tmp_path / "good.csv"
    good.write_bytes(SMALL_TABLE)
    assert main(["iid", "import", str(good)]) == 0
    assert "Imported 3 IID indicators" in capsys.readouterr().out
    assert main(["iid", "list"]) == 0
    listed = capsys.readouterr().out.splitlines()
    assert listed[1] == (
        "regulasi;Regulasi inovasi daerah;10;1;SK Kepala Perangkat Daerah;SK Kepala Daerah;"
        "Peraturan Kepala Daerah"
    )
    assert len(listed) == 4


async def test_the_export_iid_sheets_cell_by_cell(person, database: Database) -> None:
    await use_indicators(database)
    siti = await person("staff", opd="DINKES")
    await sent(siti)
    await complete(siti)
    await sent(siti, "Antrean Puskesmas Daring")
    await siti.send("/baru")
    await siti.send("Draf yang belum dikirim")  # a draft: not in the IID sheets
    await siti.send("/batal")
    budi = await person("coordinator", opd="DISKOMINFOSANDITIK", name="Budi Santoso")
    replies = await budi.send("/ekspor")
    content = budi.emulator.files[replies.last.document["file_id"]].content
    book = load_workbook(io.BytesIO(content))
    assert book.sheetnames[8:] == [
        "IID", "01 Regulasi inovasi daerah", "02 Video penerapan inovasi", "03 Jejaring inovasi",
        "Laporan Pimpinan",
    ]  # fmt: skip
    sheet = book["IID"]
    assert [c.value for c in sheet[1]] == [
        "No", "OPD", "Judul", "Tahapan", "Inisiator", "Jenis", "Bentuk inovasi",
        "Urusan pemerintahan", "Waktu uji coba", "Waktu penerapan", "Rancang bangun", "Tujuan",
        "Manfaat dan penerima manfaat", "Hasil inovasi", "Anggaran", "Siap IID",
        "Perkiraan skor OPD", "Yang masih kurang",
    ]  # fmt: skip
    assert [c.value for c in sheet[2]] == [
        1, "Dinas Kesehatan", "Posyandu Digital", "Uji coba", "OPD", "Digital",
        "Pelayanan publik", "Kesehatan", datetime(2024, 8, 1), datetime(2025, 1, 2),
        f"{DEFAULTS['problem']}\n\n{DEFAULTS['solution']}", DEFAULTS["goal"],
        DEFAULTS["benefit"], "Data gizi harian.", 25_000_000, "Ya", 15, None,
    ]  # fmt: skip
    second = [c.value for c in sheet[3]]
    assert second[:3] == [2, "Dinas Kesehatan", "Antrean Puskesmas Daring"]
    assert second[6:10] == [None, None, None, None] and second[14:16] == [None, "Tidak"]
    assert second[16] == 0
    assert second[17].startswith("Bentuk inovasi, Urusan pemerintahan, Inisiator")
    assert sheet.max_row == 3
    regulasi = book["01 Regulasi inovasi daerah"]
    assert [c.value for c in regulasi[1]] == [
        "No", "OPD", "Judul", "Tingkat", "Keterangan tingkat", "Nama berkas bukti", "Tautan bukti"
    ]  # fmt: skip
    assert [c.value for c in regulasi[2]] == [
        1, "Dinas Kesehatan", "Posyandu Digital", 3, "Peraturan Kepala Daerah",
        "Perbup 12 2024.pdf", None,
    ]  # fmt: skip
    assert [c.value for c in regulasi[3]] == [
        2, "Dinas Kesehatan", "Antrean Puskesmas Daring", None, None, None, None
    ]  # fmt: skip
    video = book["02 Video penerapan inovasi"]
    assert [c.value for c in video[2]][3:] == [
        2, "Video masalah dan solusi", None, "https://youtu.be/posyandu-digital"
    ]  # fmt: skip


async def test_indicator_names_become_sheet_names_excel_takes(person, database: Database) -> None:
    """An indicator's name is data: a control character once made every later workbook
    unreadable, and a quote at the end a name Excel refuses."""
    admin = await person("admin", opd="DISKOMINFOSANDITIK", name="Rina Admin")
    await admin.send("/iid")
    table = (
        "kode;nama;bobot;wajib;tingkat_1\r\n"
        "regulasi;Regulasi\x07inovasi daerah;10;1;SK\r\n"
        "video;Video 'penerapan';5;1;Video\r\n"
        "jejaring;[Jejaring]: OPD/desa*?;5;0;1-2 perangkat daerah\r\n"
        "perda;Daerah terbitkan peraturan 'X' tentang inovasi;5;0;Ada\r\n"
        "warga;Inovasi 🙂 warga " + "x" * 30 + ";5;0;Ada\r\n"
    )
    replies = await admin.send_document(table.encode(), "iid.csv", "text/csv")
    assert replies.texts == ["Tabel indikator IID diganti: 5 indikator, 17 dinonaktifkan."]
    for lang, command in (("id", "/ekspor"), ("en", "/export")):
        reader = await person("coordinator", opd="DISKOMINFOSANDITIK", name=f"Budi {lang}",
                              language=lang)  # fmt: skip
        replies = await reader.send(command)
        content = reader.emulator.files[replies.last.document["file_id"]].content
        book = load_workbook(io.BytesIO(content))  # it opens
        # The indicators' sheets, then the leaders' report (bot/reporting/export_leaders.py).
        assert book.sheetnames[-6:-1] == [
            "01 Regulasi inovasi daerah", "02 Video 'penerapan", "03 Jejaring OPD desa",
            "04 Daerah terbitkan peraturan", "05 Inovasi 🙂 warga xxxxxxxxxxx",
        ]  # fmt: skip
        excel_takes(book.sheetnames)
        assert [c.value for c in book["02 Video 'penerapan"][1]][:3] == (
            ["No", "OPD", "Judul"] if lang == "id" else ["No", "OPD", "Title"]
        )


FORMULA = '=HYPERLINK("http://evil.example","klik")'


async def names_and_levels(database: Database) -> dict[str, tuple[str, list[str]]]:
    async with database.reading() as session:
        return {
            i.code: (i.name, [level.label for level in i.levels])
            for i in await active_indicators(session)
        }


async def test_the_indicators_csv_never_holds_a_formula_and_comes_back_as_it_was(
    person, database: Database
) -> None:
    """indikator-iid.csv is opened in Excel to be edited: a cell that would run as a formula
    is written with a quote first (as the exports write it), and read back without it."""
    admin = await person("admin", opd="DISKOMINFOSANDITIK", name="Rina Admin")
    await admin.send("/iid")
    table = (
        "kode;nama;bobot;wajib;tingkat_1;tingkat_2\r\n"
        f"rumus;{FORMULA};5;1;+62 812;-1 perangkat\r\n"
        "surel;@SUM(A1) surel;5;0;'=dikutip sendiri;Biasa saja\r\n"
    )
    replies = await admin.send_document(table.encode(), "iid.csv", "text/csv")
    assert replies.texts == ["Tabel indikator IID diganti: 2 indikator, 20 dinonaktifkan."]
    stored = await names_and_levels(database)
    assert stored == {
        "rumus": (FORMULA, ["+62 812", "-1 perangkat"]),
        # A quote before a formula is how these files keep one as text: read as meant.
        "surel": ("@SUM(A1) surel", ["=dikutip sendiri", "Biasa saja"]),
    }
    replies = await admin.send("/iid")
    content = admin.emulator.files[replies.last.document["file_id"]].content
    rows = list(csv.reader(io.StringIO(content.decode("utf-8-sig")), delimiter=";"))
    assert rows[1:] == [
        ["rumus", "'" + FORMULA, "5", "1", "'+62 812", "'-1 perangkat"],
        ["surel", "'@SUM(A1) surel", "5", "0", "'=dikutip sendiri", "Biasa saja"],
    ]
    # Sent back unchanged (as after an edit elsewhere in Excel): the table stays as it was.
    replies = await admin.send_document(content, "indikator-iid.csv", "text/csv")
    assert replies.texts[0].startswith("Tabel indikator IID diganti: 2 indikator")
    assert await names_and_levels(database) == stored


def test_every_start_of_a_formula_is_quoted_and_read_back() -> None:
    """OWASP's list (= + - @, tab, carriage return), in the indicators' CSV as in the exports;
    what was written is what is read back."""
    from bot.core.xlsx import safe_text, typed_text
    from bot.iid.record import indicators_csv, parse_indicator_csv
    from storage.models import IidIndicator, IidLevel

    values = ["=1+1", "+62", "-1", "@A1", "\tTab", "\rCR", "'=quoted", "''+2", "'plain", "Biasa"]
    written = [safe_text(v) for v in values]
    assert written == ["'=1+1", "'+62", "'-1", "'@A1", "'\tTab", "'\rCR", "''=quoted",
                       "'''+2", "'plain", "Biasa"]  # fmt: skip
    assert [typed_text(w) for w in written] == values
    indicators = [
        IidIndicator(code=f"i{n}", name=f"{v} nama", weight=1, required=True,
                     levels=[IidLevel(level=1, label=f"{v} tingkat")])
        for n, v in enumerate(values)
    ]  # fmt: skip
    data = indicators_csv(indicators)
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline=""), delimiter=";"))
    assert [(row[1], row[4]) for row in rows[1:]] == [
        (safe_text(f"{v} nama"), safe_text(f"{v} tingkat")) for v in values
    ]
    # Read back as written (the import's own trimming of spaces, tabs and line ends apart).
    back = parse_indicator_csv(data)
    assert [(row.name, row.levels[0]) for row in back] == [
        (" ".join(f"{v} nama".split()), f"{v} tingkat".strip()) for v in values
    ]


def test_a_csv_that_is_not_a_table_and_long_cells_are_refused_politely() -> None:
    from bot.iid.record import IidCsvError, parse_indicator_csv

    huge = b'kode,nama,bobot,tingkat_1\nA1,"' + b"x" * 200_000 + b'",5,Ada\n'
    with pytest.raises(IidCsvError) as refused:
        parse_indicator_csv(huge)
    assert [p.key for p in refused.value.problems] == ["iid-csv-not-readable"]
    long_column = ("kolom_" + "y" * 500).encode()
    with pytest.raises(IidCsvError) as refused:
        parse_indicator_csv(b"kode,nama,bobot,tingkat_1," + long_column + b"\nA1,B,5,Ada,z\n")
    [problem] = refused.value.problems
    assert problem.key == "iid-csv-unknown-column" and len(problem.arguments["column"]) == 41
