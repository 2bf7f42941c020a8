"""/cari: words in any case, with or without accents, also in the goal and the benefit; the
words asked for when none came with the command; bad input."""

from __future__ import annotations

from sqlalchemy import select

from storage.database import Database
from storage.models import ConversationState, Innovation, Opd


async def seed(database: Database) -> None:
    async with database.transaction() as session:
        dinkes = Opd(code="DINKES", name="Dinas Kesehatan")
        kecamatan = Opd(code="KEC-JTN", name="Kecamatan Jatinangor")
        session.add_all([dinkes, kecamatan])
        await session.flush()
        session.add_all(
            [
                Innovation(opd_id=dinkes.id, title="Posyandu Digital", status="submitted",
                           problem="Data gizi balita terlambat"),
                Innovation(opd_id=dinkes.id, title="Café Sehat Remaja", status="approved",
                           solution="Konseling 100% gratis di sekolah"),
                Innovation(opd_id=kecamatan.id, title="Pelayanan_Malam Kecamatan",
                           status="submitted", problem="Warga bekerja siang hari"),
            ]
        )  # fmt: skip


async def titles(replies) -> list[str]:
    return [row[0].split(" · ", 2)[-1] for row in replies.last.button_labels]


async def test_search_by_words_case_and_accents(person, database: Database) -> None:
    await seed(database)
    budi = await person("coordinator", opd="DISKOMINFOSANDITIK")
    replies = await budi.send("/cari POSYANDU")
    assert replies.last.text == "Hasil pencarian “POSYANDU”: 1 inovasi, halaman 1 dari 1."
    assert await titles(replies) == ["Posyandu Digital"]
    assert await titles(await budi.send("/cari cafe")) == ["Café Sehat Remaja"]
    assert await titles(await budi.send("/cari CAFÉ remaja")) == ["Café Sehat Remaja"]
    assert await titles(await budi.send("/cari gizi balita")) == ["Posyandu Digital"]
    assert await titles(await budi.send("/cari jatinangor")) == ["Pelayanan_Malam Kecamatan"]
    assert await titles(await budi.send("/cari kesehatan")) == [
        "Café Sehat Remaja",
        "Posyandu Digital",
    ]
    replies = await budi.press("#1 📤 terkirim · DINKES · Posyandu Digital")
    assert replies.texts[0].startswith("Inovasi #1 (📤 terkirim)")


async def test_bad_search_input(person, database: Database) -> None:
    await seed(database)
    budi = await person("coordinator", opd="DISKOMINFOSANDITIK", language_code="en")
    assert (await budi.send("/search a")).texts == ["Search for at least 2 letters."]
    assert await titles(await budi.send("/search 100%")) == ["Café Sehat Remaja"]
    assert (await budi.send("/search %%")).texts == ["No innovation matches “%%”."]
    assert (await budi.send("/search __")).texts == ["No innovation matches “__”."]
    # "y_n" would match "pelayanan" if "_" were a wildcard.
    assert (await budi.send("/search y_n")).texts == ["No innovation matches “y_n”."]
    assert await titles(await budi.send("/search pelayanan_malam")) == ["Pelayanan_Malam Kecamatan"]
    for sql in ("' OR 1=1 --", '"; DROP TABLE innovation; --', "<b>x</b>"):
        assert (await budi.send(f"/search {sql}")).texts == [f"No innovation matches “{sql}”."]
    async with database.transaction() as session:
        assert len(list(await session.scalars(select(Innovation)))) == 3
    siti = await person("staff")
    assert (await siti.send("/cari posyandu")).texts == [
        "Mohon maaf, perintah ini tidak tersedia untuk peran Bapak/Ibu."
    ]


async def test_search_results_are_paged(person, database: Database) -> None:
    async with database.transaction() as session:
        opd = Opd(code="DINKES", name="Dinas Kesehatan")
        session.add(opd)
        await session.flush()
        session.add_all(
            Innovation(opd_id=opd.id, title=f"Layanan Kesehatan {i:02d}", status="submitted")
            for i in range(23)
        )
    budi = await person("coordinator", opd="DISKOMINFOSANDITIK")
    replies = await budi.send("/cari layanan")
    assert replies.last.text.endswith("23 inovasi, halaman 1 dari 3.")
    replies = await budi.press("Berikutnya ➡️")
    assert replies.last.text.endswith("halaman 2 dari 3.")
    assert len(replies.last.button_labels) == 11


async def test_cari_without_words_asks_for_them_and_searches_what_is_typed_next(
    person, database: Database
) -> None:
    await seed(database)
    async with database.transaction() as session:
        dinkes = await session.scalar(select(Opd).where(Opd.code == "DINKES"))
        session.add(
            Innovation(opd_id=dinkes.id, title="Kelas Ibu Hamil", status="submitted",
                       goal="Menurunkan angka stunting", benefit="Ibu hamil di Jatigede")
        )  # fmt: skip
    budi = await person("coordinator", opd="DISKOMINFOSANDITIK")
    await budi.send("/start")  # the main menu
    replies = await budi.send("/cari")
    assert replies.texts == [
        "Kata apa yang Bapak/Ibu cari? Tulis satu kata atau lebih, misalnya posyandu (judul, "
        "masalah, solusi, tujuan, manfaat, atau nama OPD). Ketik /batal untuk batal."
    ]
    assert await waiting(database) == ["words"]  # kept: a restart still waits for the words
    assert (await budi.send("x")).texts == ["Kata pencarian paling sedikit 2 huruf."]
    replies = await budi.send("STUNTING")  # in the goal
    assert replies.last.text == "Hasil pencarian “STUNTING”: 1 inovasi, halaman 1 dari 1."
    assert await titles(replies) == ["Kelas Ibu Hamil"]
    assert await waiting(database) == []
    # Searched once: the next message is not taken for words again.
    assert "belum dapat saya proses" in (await budi.send("posyandu")).text
    # The benefit too; with the words on the command, nothing is asked.
    assert await titles(await budi.send("/cari jatigede")) == ["Kelas Ibu Hamil"]

    # A main-menu button while the words are awaited does its own work; /batal ends the wait.
    await budi.send("/cari")
    assert (await budi.tap("📊 Rekap")).texts[0].startswith("📊 Rekap inovasi")
    assert (await budi.send("/batal")).texts == ["Pencarian dibatalkan."]
    assert await waiting(database) == []
    assert "belum dapat saya proses" in (await budi.send("posyandu")).text
    # A sticker is not words.
    await budi.send("/cari")
    assert (await budi.send_sticker()).texts == ["Mohon ketik jawaban Bapak/Ibu sebagai teks."]
    assert await titles(await budi.send("gizi")) == ["Posyandu Digital"]


async def waiting(database: Database) -> list[str]:
    async with database.reading() as session:
        rows = await session.scalars(
            select(ConversationState).where(ConversationState.name == "search")
        )
        return [row.state for row in rows]
