"""The national index's record (Lengkapi data IID) as a clerk fills it in after sending, its
readiness on /lihat and /rekap, the indicators table an admin replaces with a CSV, and the
export's IID sheets read back cell by cell."""

from __future__ import annotations

import io
from datetime import date

import pytest
from openpyxl import load_workbook

from bot.iid import parse_rupiah
from bot.innovations import Invalid
from storage.database import Database
from tests.support.iid import SMALL_TABLE, claims, indicators, record, sent, use_indicators

PDF = b"%PDF-1.4 peraturan bupati"


async def test_the_iid_section_after_kirim(person, database: Database) -> None:
    await use_indicators(database)
    siti = await person("staff", opd="DINKES")
    await sent(siti)
    assert siti.last.button_labels == [["📝 Lengkapi data IID"]]
    replies = await siti.press("📝 Lengkapi data IID")
    assert replies.texts[0].startswith("Lengkapi data IID inovasi #1 Posyandu Digital")
    assert replies.last.text == "Apa bentuk inovasi daerah ini?"
    assert replies.last.button_labels == [
        ["Tata kelola pemerintahan daerah"], ["Pelayanan publik"], ["Bentuk lainnya"], ["Lewati"]
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
    replies = await siti.press("Selesai")
    assert replies.last.text == (
        "Data IID inovasi #1 tersimpan.\n✅ Siap IID: semua data wajib sudah lengkap.\n"
        "Perkiraan skor (penilaian OPD sendiri, bukan nilai resmi): 16,7 dari 20"
    )
