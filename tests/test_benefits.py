"""Benefit in numbers (manfaat): the measures a check-in asks after the people served (time saved
per service, rupiah saved, revenue), refused politely when absurd, skipped with Lewati; their
latest values and totals on /lihat, per innovation, OPD and pillar, in the export; and the
admins' /manfaat CSV round trip."""

from __future__ import annotations

import io

import pytest
from openpyxl import load_workbook
from sqlalchemy import select

from bot.cli import main
from bot.monitoring.benefits import MEASURE_SKIP, benefit_totals
from sandbox.client import Person, Sandbox
from storage.benefits import BenefitMeasure, CheckinMeasure
from storage.database import Database
from storage.models import Checkin, Innovation, innovation_pillar
from tests.support.checkins import asked, at

QUESTION = "masih berjalan?"
COST = "📈 Biaya yang dihemat selama periode ini?"
REVENUE = "📈 Pendapatan daerah selama periode ini?"
PHOTO = "Kirim satu foto terbaru"
THANKS = "✅ Terima kasih. Pemantauan inovasi #1 sudah lengkap tercatat."


async def values(database: Database) -> dict[tuple[int, str], int]:
    async with database.reading() as session:
        rows = await session.execute(
            select(Checkin.round, BenefitMeasure.code, CheckinMeasure.value)
            .join(Checkin, Checkin.id == CheckinMeasure.checkin_id)
            .join(BenefitMeasure, BenefitMeasure.id == CheckinMeasure.measure_id)
        )
        return {(round_, code): value for round_, code, value in rows}


async def answer(member: Person, *typed: str | None) -> None:
    """✅ on the latest question, what changed skipped, then each typed answer (None: Lewati),
    then Selesai on the photo."""
    question = next(m for m in reversed(member.bot_messages) if QUESTION in m.content)
    await member.press("✅ Masih berjalan", message=question)
    await member.press("Lewati")
    for text in typed:
        replies = await (member.send(text) if text is not None else member.press("Lewati"))
    assert replies.last.text.startswith(PHOTO)
    assert (await member.press("Selesai")).texts[-1] == THANKS


async def test_a_check_in_records_the_benefit_measures(
    sandbox: Sandbox, person, database: Database
) -> None:
    siti, budi, _ = await asked(sandbox, person)  # 2 February 2027
    question = next(m for m in siti.bot_messages if QUESTION in m.content)
    await siti.press("✅ Masih berjalan", message=question)
    await siti.press("Lewati")
    replies = await siti.send("1.250")
    assert replies.last.text == (
        "📈 Waktu layanan yang dihemat selama periode ini? Ketik angkanya dalam menit per "
        "layanan, misalnya 1250, atau tekan Lewati."
    )
    assert replies.last.button_labels == [["Lewati"]]
    first = replies.last
    # Absurd answers are refused politely and the measure asked again; nothing is stored.
    assert (await siti.send("-15")).texts == [
        "Mohon maaf, angka ini tidak bisa kurang dari nol. Ketik angka 0 atau lebih, atau tekan "
        "Lewati."
    ]
    assert (await siti.send("20.000 menit")).texts == [
        "Mohon maaf, angka itu terlalu besar untuk satu periode (paling banyak 10.080 menit per "
        "layanan). Periksa lagi angkanya, atau tekan Lewati."
    ]
    for typed in ("lima belas", "2,5 menit"):
        assert (await siti.send(typed)).texts == [
            f'Mohon maaf, "{typed}" belum dapat saya baca sebagai angka dalam menit per layanan. '
            "Tulis dengan angka bulat saja, misalnya 1250 atau 1.250, atau tekan Lewati."
        ]
    assert (await siti.send_sticker()).texts == ["Mohon ketik jawaban Bapak/Ibu sebagai teks."]
    assert await values(database) == {}
    # With its unit typed after it; then the next measure, in rupiah.
    assert (await siti.send("15 menit per layanan")).last.text.startswith(COST)
    # The first measure's Lewati, tapped late: not the next question's.
    replies = await siti.forge(MEASURE_SKIP.data(1), message=first)
    assert replies.toasts == ["Tombol ini sudah tidak berlaku. Silakan ulangi dari menu."]
    assert (await siti.send("Rp 1.500.000")).last.text.startswith(REVENUE)
    assert (await siti.press("Lewati")).last.text.startswith(PHOTO)
    assert (await siti.press("Selesai")).texts[-1] == THANKS
    assert await values(database) == {(1, "waktu_hemat"): 15, (1, "biaya_hemat"): 1_500_000}

    # Three months later: other values, "1,250" and "1 250" written as people write them.
    await sandbox.advance(to=at(2027, 5, 3, 12))
    await answer(siti, "2 000", "20", "500,000 rupiah", "2 000 000")
    assert await values(database) == {
        (1, "waktu_hemat"): 15, (1, "biaya_hemat"): 1_500_000,
        (2, "waktu_hemat"): 20, (2, "biaya_hemat"): 500_000, (2, "pendapatan"): 2_000_000,
    }  # fmt: skip

    # /lihat: each measure's latest value and its total over the check-ins.
    screen = (await budi.send("/lihat 1")).text
    assert (
        "📈 Manfaat (nilai terakhir · jumlah semua pemantauan)\n"
        "• Waktu layanan yang dihemat: 20 menit per layanan · jumlah 35 menit per layanan dari "
        "2 pemantauan\n"
        "• Biaya yang dihemat: 500.000 rupiah · jumlah 2.000.000 rupiah dari 2 pemantauan\n"
        "• Pendapatan daerah: 2.000.000 rupiah · jumlah 2.000.000 rupiah dari 1 pemantauan"
    ) in screen
    john = await person("coordinator", opd="DISKOMINFOSANDITIK", name="John Doe", language="en")
    assert (
        "📈 Benefits (latest value · total of all check-ins)\n"
        "• Service time saved: 20 minutes per service · total 35 minutes per service over 2 "
        "check-ins\n"
        "• Costs saved: 500,000 rupiah · total 2,000,000 rupiah over 2 check-ins"
    ) in (await john.send("/view 1")).text

    # The totals per innovation, per OPD and per pillar (for the leaders' report).
    async with database.reading() as session:
        opd_id = await session.scalar(select(Innovation.opd_id))
        pillars = sorted(await session.scalars(select(innovation_pillar.c.pillar_id)))
        codes = dict((await session.execute(select(BenefitMeasure.code, BenefitMeasure.id))).all())
        per = {p: await benefit_totals(session, p) for p in ("innovation", "opd", "pillar")}
    expected = {codes["waktu_hemat"]: (35, 2), codes["biaya_hemat"]: (2_000_000, 2),
                codes["pendapatan"]: (2_000_000, 1)}  # fmt: skip
    assert {t.measure_id: (t.total, t.checkins) for t in per["innovation"] if t.key == 1} == (
        expected
    )
    assert {t.measure_id: (t.total, t.checkins) for t in per["opd"] if t.key == opd_id} == expected
    assert pillars and {t.key for t in per["pillar"]} == set(pillars)
    for pillar in pillars:
        assert {t.measure_id: (t.total, t.checkins) for t in per["pillar"]
                if t.key == pillar} == expected  # fmt: skip

    # The export's check-in sheet: a column per measure, its unit in the header.
    replies = await budi.send("/ekspor")
    content = budi.emulator.files[replies.last.document["file_id"]].content
    sheet = load_workbook(io.BytesIO(content))["Pemantauan"]
    rows = [[c.value for c in row] for row in sheet.iter_rows()]
    assert rows[0][-3:] == [
        "Waktu layanan yang dihemat (menit per layanan)", "Biaya yang dihemat (rupiah)",
        "Pendapatan daerah (rupiah)",
    ]  # fmt: skip
    assert [row[-3:] for row in rows[1:]] == [[15, 1_500_000, None], [20, 500_000, 2_000_000]]


SEEDED = (
    "kode;nama;nama_en;satuan;satuan_en;maksimum\r\n"
    "waktu_hemat;Waktu layanan yang dihemat;Service time saved;menit per layanan;"
    "minutes per service;10080\r\n"
    "biaya_hemat;Biaya yang dihemat;Costs saved;rupiah;rupiah;1000000000000\r\n"
    "pendapatan;Pendapatan daerah;Regional revenue;rupiah;rupiah;1000000000000\r\n"
)
# Revenue retired, the time saved renamed, documents issued added (no English: the Indonesian).
NEW_TABLE = (
    b"kode,nama,satuan,maksimum\n"
    b"dokumen_terbit,Dokumen yang diterbitkan,dokumen terbit,100.000\n"
    b"waktu_hemat,Waktu tunggu yang dihemat,menit per layanan,600\n"
    b"biaya_hemat,Biaya yang dihemat,rupiah,1.000.000.000\n"
)


async def measures(database: Database) -> list[tuple[str, str, int, bool]]:
    async with database.reading() as session:
        rows = await session.scalars(
            select(BenefitMeasure).order_by(BenefitMeasure.active.desc(), BenefitMeasure.position)
        )
        return [(m.code, m.name, m.maximum, m.active) for m in rows]


async def test_admins_replace_the_measures_with_a_csv(
    sandbox: Sandbox, person, database: Database
) -> None:
    siti, budi, dewi = await asked(sandbox, person)
    # A value recorded on revenue before it is retired.
    await answer(siti, "100", None, None, "750.000")
    before = await measures(database)
    assert [m[0] for m in before] == ["waktu_hemat", "biaya_hemat", "pendapatan"]

    # Only admins: a staff member and a coordinator are refused.
    for member in (siti, budi):
        assert (await member.send("/manfaat")).texts == [
            "Mohon maaf, perintah ini tidak tersedia untuk peran Bapak/Ibu."
        ]
    replies = await dewi.send("/manfaat")
    assert replies.texts[0] == (
        "📈 Ukuran manfaat: 3 aktif, ditanyakan berurutan di setiap pemantauan setelah jumlah "
        "orang dilayani.\n"
        "waktu_hemat · Waktu layanan yang dihemat · menit per layanan · paling banyak 10.080\n"
        "biaya_hemat · Biaya yang dihemat · rupiah · paling banyak 1.000.000.000.000\n"
        "pendapatan · Pendapatan daerah · rupiah · paling banyak 1.000.000.000.000"
    )
    document = replies.last.document
    assert document["file_name"] == "ukuran-manfaat.csv"
    assert dewi.emulator.files[document["file_id"]].content.decode("utf-8-sig") == SEEDED

    # Bad rows: every one listed with its line, nothing written.
    assert (await dewi.send("tabelnya menyusul")).texts == [
        "Kirim berkas CSV ukuran manfaat sebagai dokumen, atau /batal."
    ]
    bad = (
        b"kode;nama;satuan;maksimum\n"
        b"waktu_hemat;Waktu;menit;-5\n"
        b"Biaya Hemat;Biaya;rupiah;1000\n"
        b"waktu_hemat;Lagi;;10\n"
        b"ok;Baik;unit;sepuluh\n"
    )
    replies = await dewi.send_document(bad, "manfaat.csv", "text/csv")
    assert replies.texts == [
        "Tidak ada yang diimpor: 5 masalah.\n"
        'Baris 2: maksimum "-5" bukan angka bulat 1 atau lebih (contoh: 10080 atau 1.000.000)\n'
        'Baris 3: kode "biaya hemat" tidak sah (huruf kecil, angka dan _, paling panjang 32)\n'
        "Baris 4: ukuran waktu_hemat sudah ada di baris 2\n"
        "Baris 4: satuan kosong atau lebih dari 40 karakter\n"
        'Baris 5: maksimum "sepuluh" bukan angka bulat 1 atau lebih (contoh: 10080 atau '
        "1.000.000)"
    ]
    assert await measures(database) == before
    replies = await dewi.send_document(b"%PDF-1.7", "manfaat.pdf", "application/pdf")
    assert replies.texts == [
        'Tidak ada yang diimpor: 1 masalah.\nKirim berkas CSV (.csv), misalnya hasil "Simpan '
        'sebagai CSV UTF-8" dari Excel.'
    ]
    # A good file: in its order; revenue retired, its value kept.
    replies = await dewi.send_document(NEW_TABLE, "manfaat.csv", "text/csv")
    assert replies.texts == [
        "Ukuran manfaat diganti: 3 ukuran, 1 dinonaktifkan (nilainya tetap tersimpan)."
    ]
    assert await measures(database) == [
        ("dokumen_terbit", "Dokumen yang diterbitkan", 100_000, True),
        ("waktu_hemat", "Waktu tunggu yang dihemat", 600, True),
        ("biaya_hemat", "Biaya yang dihemat", 1_000_000_000, True),
        ("pendapatan", "Pendapatan daerah", 1_000_000_000_000, False),
    ]
    assert (await dewi.send("tabelnya menyusul")).texts != [  # the flow ended
        "Kirim berkas CSV ukuran manfaat sebagai dokumen, atau /batal."
    ]

    # The next check-in asks the new measures, in the file's order.
    await sandbox.advance(to=at(2027, 5, 3, 12))
    question = next(m for m in reversed(siti.bot_messages) if QUESTION in m.content)
    await siti.press("✅ Masih berjalan", message=question)
    await siti.press("Lewati")
    assert (await siti.send("300")).last.text == (
        "📈 Dokumen yang diterbitkan selama periode ini? Ketik angkanya dalam dokumen terbit, "
        "misalnya 1250, atau tekan Lewati."
    )
    assert (await siti.send("120 dokumen terbit")).last.text.startswith(
        "📈 Waktu tunggu yang dihemat"
    )
    assert "paling banyak 600 menit per layanan" in (await siti.send("601")).text
    await siti.send("30")
    assert (await siti.press("Lewati")).last.text.startswith(PHOTO)
    await siti.press("Selesai")
    # The retired measure's value stays on /lihat.
    screen = (await budi.send("/lihat 1")).text
    assert "• Dokumen yang diterbitkan: 120 dokumen terbit · jumlah 120 dokumen terbit" in screen
    assert "• Pendapatan daerah: 750.000 rupiah · jumlah 750.000 rupiah dari 1 pemantauan" in (
        screen
    )
    # The export keeps the retired measure's column, after the active ones.
    content = budi.emulator.files[(await budi.send("/ekspor")).last.document["file_id"]].content
    rows = [[c.value for c in r] for r in load_workbook(io.BytesIO(content))["Pemantauan"].rows]
    assert rows[0][-4:] == [
        "Dokumen yang diterbitkan (dokumen terbit)", "Waktu tunggu yang dihemat (menit per "
        "layanan)", "Biaya yang dihemat (rupiah)", "Pendapatan daerah (rupiah)",
    ]  # fmt: skip
    assert [r[-4:] for r in rows[1:]] == [[None, None, None, 750_000], [120, 30, None, None]]


async def test_benefits_in_english(sandbox: Sandbox, person, database: Database) -> None:
    john = await person("admin", opd="DISKOMINFOSANDITIK", name="John Doe", language="en")
    replies = await john.send("/benefits")
    assert replies.texts[0].splitlines()[:2] == [
        "📈 Benefit measures: 3 active, asked in turn at every check-in after the people served.",
        "waktu_hemat · Service time saved · minutes per service · at most 10,080",
    ]
    replies = await john.send_document(b"kode,nama\nx,\n", "b.csv", "text/csv")
    assert replies.texts == [
        "Nothing was imported: 2 problems.\n"
        'Line 1: the column "satuan" is missing\n'
        'Line 1: the column "maksimum" is missing'
    ]
    assert (await john.send("/cancel")).texts == ["All right, the benefit measures are unchanged."]
    rina = await person("staff", name="Rina Marlina", language="en")
    assert (await rina.send("/benefits")).texts == [
        "Sorry, this command is not available for your role."
    ]


def test_benefit_import_on_the_command_line(
    capsys: pytest.CaptureFixture[str], database_url: str, tmp_path, monkeypatch
) -> None:
    monkeypatch.setenv("DATABASE_URL", database_url)
    bad = tmp_path / "bad.csv"
    bad.write_text("kode,nama,satuan,maksimum\na,A,x,0\na,A,x,1\n", "utf-8")
    assert main(["benefit", "import", str(bad)]) == 1
    assert capsys.readouterr().err.splitlines() == [
        f'{bad}: line 2: maximum "0" is not a whole number of 1 or more (for example 10080 or '
        "1,000,000)",
        f"{bad}: line 3: measure a already stands on line 2",
        f"inovasi-bot: {bad}: nothing imported (2 problems)",
    ]
    good = tmp_path / "good.csv"
    good.write_bytes(NEW_TABLE)
    assert main(["benefit", "import", str(good)]) == 0
    assert capsys.readouterr().out.strip() == (
        f"Imported 3 benefit measures from {good}; 1 retired."
    )
    assert main(["benefit", "list"]) == 0
    assert capsys.readouterr().out.splitlines() == [
        "kode;nama;nama_en;satuan;satuan_en;maksimum",
        "dokumen_terbit;Dokumen yang diterbitkan;Dokumen yang diterbitkan;dokumen terbit;"
        "dokumen terbit;100000",
        "waktu_hemat;Waktu tunggu yang dihemat;Waktu tunggu yang dihemat;menit per layanan;"
        "menit per layanan;600",
        "biaya_hemat;Biaya yang dihemat;Biaya yang dihemat;rupiah;rupiah;1000000000",
    ]
