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
from tests.support.checkins import FIRST_MEASURE, asked, at
from tests.support.people import admin_of

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
