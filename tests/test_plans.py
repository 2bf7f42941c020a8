"""/rencana through the real application: an OPD's member reads their own plan, links an entry
to its innovation or begins the innovation's form from it; coordinators read every OPD's plan
with the OPDs behind first, add an entry in chat (bad input included) and delete one; buttons
are checked again on the server. Today is Monday 2 November 2026 (the fake clock)."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select

from storage.database import Database
from storage.models import Innovation, Opd, Pillar
from storage.plans import PlanEntry


async def seed(database: Database) -> dict[str, int]:
    """Three OPDs' plans: DINKES late by 3 months, due soon and on track; DISDIK late by 1 month
    and done; KEC-JTN on track. Returns the entries' ids by title, and the OPDs' by code."""
    async with database.transaction() as session:
        opds = {code: Opd(code=code, name=name) for code, name in (
            ("DINKES", "Dinas Kesehatan"), ("DISDIK", "Dinas Pendidikan"),
            ("KEC-JTN", "Kecamatan Jatinangor"),
        )}  # fmt: skip
        session.add_all(opds.values())
        await session.flush()
        pillars = {p.code: p.id for p in await session.scalars(select(Pillar))}
        done = Innovation(opd_id=opds["DISDIK"].id, title="Rapor Daring", status="approved",
                          stage="penerapan")  # fmt: skip
        waiting = Innovation(opd_id=opds["DINKES"].id, title="Posyandu Online",
                             status="submitted", stage="uji_coba")  # fmt: skip
        session.add_all([done, waiting])
        await session.flush()
        rows = [
            ("DINKES", "living", "Posyandu Digital", "uji_coba", date(2026, 8, 1), None),
            ("DINKES", "living", "Telemedis Desa", "penerapan", date(2026, 11, 1), None),
            ("DINKES", "society", "Apotek <Keliling>", "uji_coba", date(2027, 3, 1), None),
            ("DISDIK", "society", "Sekolah Digital", "uji_coba", date(2026, 10, 1), None),
            ("DISDIK", "governance", "Rapor Daring", "uji_coba", date(2026, 6, 1), done.id),
            ("KEC-JTN", "governance", "Kecamatan Tanpa Antre", "penerapan", date(2027, 6, 1),
             None),
        ]  # fmt: skip
        entries = {}
        for code, pillar, title, stage, month, innovation_id in rows:
            entry = PlanEntry(opd_id=opds[code].id, pillar_id=pillars[pillar], title=title,
                              target_stage=stage, target_month=month,
                              innovation_id=innovation_id)  # fmt: skip
            session.add(entry)
            await session.flush()
            entries[title] = entry.id
        ids = {**entries, **{code: opd.id for code, opd in opds.items()}}
        ids["waiting"], ids["done"] = waiting.id, done.id
        return ids


async def test_an_opd_member_reads_their_own_plan(person, database: Database) -> None:
    ids = await seed(database)
    siti = await person("staff", opd="DINKES")
    await siti.send("/start")
    replies = await siti.tap("📌 Rencana aksi")  # the main menu's button
    text = replies.last.text
    assert text.splitlines()[:2] == [
        "📌 Rencana aksi Dinas Kesehatan",
        "3 rencana — 0 selesai · 1 sesuai jadwal · 1 segera · 1 terlambat",
    ]
    assert "🔴 Posyandu Digital — Uji coba, Agustus 2026 · Terlambat 3 bulan" in text
    assert "🟡 Telemedis Desa — Penerapan, November 2026 · Segera jatuh tempo" in text
    assert "🟢 Apotek <Keliling> — Uji coba, Maret 2027 · Sesuai jadwal" in text
    assert "Sekolah Digital" not in text  # another OPD's
    assert "&lt;Keliling&gt;" in replies.last.html  # escaped into HTML
    assert [row[0] for row in replies.last.button_labels] == [
        "🔴 Posyandu Digital", "🟡 Telemedis Desa", "🟢 Apotek <Keliling>"
    ]  # fmt: skip

    # Another OPD's entry, forged: nothing of it is shown.
    forged = await siti.forge(f"pln:e:{ids['Sekolah Digital']}")
    assert forged.toasts == ["Rencana itu tidak ada lagi, atau bukan rencana OPD Bapak/Ibu."]
    assert "Sekolah Digital" not in forged.text
    # A coordinator's buttons, forged by staff: refused.
    for data in ("pln:p:0", "pln:ap:0", f"pln:d:{ids['Posyandu Digital']}",
                 f"pln:dy:{ids['Posyandu Digital']}", f"pln:o:{ids['DISDIK']}:0"):  # fmt: skip
        refused = await siti.forge(data)
        assert refused.toasts and refused.toasts[0] in (
            "Mohon maaf, perintah ini tidak tersedia untuk peran Bapak/Ibu.",
            "Rencana itu tidak ada lagi, atau bukan rencana OPD Bapak/Ibu.",
        ), data
    async with database.reading() as session:
        assert len(list(await session.scalars(select(PlanEntry)))) == 6


async def test_linking_an_entry_to_its_innovation(person, database: Database) -> None:
    ids = await seed(database)
    siti = await person("staff", opd="DINKES")
    await siti.send("/rencana")
    entry = await siti.press("🔴 Posyandu Digital")
    assert "Inovasi: belum ditautkan." in entry.last.text
    choices = await siti.press("🔗 Tautkan ke inovasi yang ada")
    assert "Inovasi mana yang mewujudkan rencana Posyandu Digital?" in choices.last.text
    labels = [row[0] for row in choices.last.button_labels]
    assert labels[0] == f"#{ids['waiting']} 📤 terkirim · Posyandu Online"
    assert "Rapor Daring" not in " ".join(labels)  # another OPD's innovation
    linked = await siti.press(labels[0])
    assert linked.toasts == ["Rencana ditautkan ke inovasinya."]
    assert f"Inovasi: #{ids['waiting']} Posyandu Online" in linked.last.text
    assert "Selesai setelah inovasinya disetujui koordinator." in linked.last.text
    async with database.reading() as session:
        stored = await session.get(PlanEntry, ids["Posyandu Digital"])
        assert stored is not None and stored.innovation_id == ids["waiting"]

    # Another OPD's innovation, forged onto the entry: refused, the link unchanged.
    forged = await siti.forge(f"pln:k:{ids['Posyandu Digital']}:{ids['done']}")
    assert forged.toasts == ["Inovasi itu bukan milik OPD Bapak/Ibu."]
    # Approved at its stage: the entry is done.
    async with database.transaction() as session:
        innovation = await session.get(Innovation, ids["waiting"])
        assert innovation is not None
        innovation.status = "approved"
    replies = await siti.send("/rencana")
    assert "✅ Posyandu Digital — Uji coba, Agustus 2026 · Selesai" in replies.last.text
    # Unlinked again.
    await siti.press("✅ Posyandu Digital")
    unlinked = await siti.press("✖️ Lepas tautan")
    assert unlinked.toasts == ["Tautan dilepas."]
    assert "Inovasi: belum ditautkan." in unlinked.last.text


async def test_the_form_begun_from_an_entry(person, database: Database) -> None:
    ids = await seed(database)
    siti = await person("staff", opd="DINKES")
    await siti.send("/rencana")
    await siti.press("🟡 Telemedis Desa")
    replies = await siti.press("📝 Isi formulir inovasinya")
    # The title and the pillar are the entry's: the form goes on at the next question.
    assert "Pertanyaan 3 dari" in replies.last.text
    async with database.reading() as session:
        entry = await session.get(PlanEntry, ids["Telemedis Desa"])
        assert entry is not None and entry.innovation_id is not None
        draft = await session.get(Innovation, entry.innovation_id)
        assert draft is not None and (draft.title, draft.status) == ("Telemedis Desa", "draft")
    # Pressed again (an old message): the same draft is reopened, no second one.
    await siti.send("/batal")
    await siti.send("/rencana")
    await siti.press("🟡 Telemedis Desa")
    await siti.press("📝 Isi formulir inovasinya", message=None)
    async with database.reading() as session:
        drafts = list(await session.scalars(select(Innovation).where(
            Innovation.title == "Telemedis Desa")))  # fmt: skip
        assert len(drafts) == 1


async def test_coordinators_see_who_is_behind_first(person, database: Database) -> None:
    ids = await seed(database)
    budi = await person("coordinator", opd="DISKOMINFOSANDITIK")
    replies = await budi.send("/rencana")
    lines = replies.last.text.splitlines()
    assert lines[:3] == [
        "📌 Rencana aksi 3 OPD, yang tertinggal di atas",
        "6 rencana — 1 selesai · 2 sesuai jadwal · 1 segera · 2 terlambat",
        "OPD dengan rencana terlambat: 2",
    ]
    assert lines[4:7] == [
        "1. DINKES — 🔴 1 terlambat (paling lama 3 bln) · 0/3 selesai",
        "2. DISDIK — 🔴 1 terlambat (paling lama 1 bln) · 1/2 selesai",
        "3. KEC-JTN — 🟢 0/1 selesai",
    ]
    opd = await budi.press("2. DISDIK · Dinas Pendidikan")
    assert "✅ Rapor Daring — Uji coba, Juni 2026 · Selesai" in opd.last.text
    assert "🔴 Sekolah Digital — Uji coba, Oktober 2026 · Terlambat 1 bulan" in opd.last.text
    # Deleting an entry asks first.
    await budi.press("🔴 Sekolah Digital")
    sure = await budi.press("🗑 Hapus rencana")
    assert "Hapus rencana Sekolah Digital dari rencana aksi Dinas Pendidikan?" in sure.last.text
    deleted = await budi.press("🗑 Ya, hapus")
    assert deleted.toasts == ["Rencana dihapus."]
    assert "Sekolah Digital" not in deleted.last.text
    async with database.reading() as session:
        assert await session.get(PlanEntry, ids["Sekolah Digital"]) is None
    # Pressed twice (the first press's screen replaced it): nothing more happens.
    again = await budi.forge(f"pln:dy:{ids['Sekolah Digital']}")
    assert again.toasts == ["Rencana itu tidak ada lagi, atau bukan rencana OPD Bapak/Ibu."]


async def test_a_coordinator_adds_an_entry_in_chat(person, database: Database) -> None:
    ids = await seed(database)
    budi = await person("coordinator", opd="DISKOMINFOSANDITIK")
    await budi.send("/rencana")
    await budi.press("3. KEC-JTN · Kecamatan Jatinangor")
    asked = await budi.press("➕ Tambah rencana")
    assert "Rencana baru untuk Kecamatan Jatinangor" in asked.text
    assert "Apa rencananya?" in asked.last.text
    assert "5–150 karakter" in (await budi.send("Ab")).last.text  # too short: asked again
    sticker = await budi.send_sticker()
    assert sticker.last.text == "Mohon ketik jawaban Bapak/Ibu sebagai teks."
    pillar = await budi.send("Desa Digital Jatinangor")
    assert "Pilar mana?" in pillar.last.text
    stage = await budi.press("Smart Society")
    assert "Tahap apa" in stage.last.text
    month = await budi.press("Uji coba")
    assert "Paling lambat bulan apa?" in month.last.text
    refused = await budi.send("besok")
    assert refused.last.text == "Tulis bulannya seperti 08/2026 atau Agustus 2026."
    confirm = await budi.send("Maret 2027")
    assert confirm.last.text.splitlines() == [
        "Rencana baru untuk Kecamatan Jatinangor — periksa, lalu simpan:",
        "• Rencana: Desa Digital Jatinangor",
        "• Pilar: Smart Society",
        "• Target tahap: Uji coba",
        "• Bulan target: Maret 2027",
    ]
    # ✏️ one answer: back to the same screen with it changed.
    await budi.press("✏️ Bulan target")
    confirm = await budi.send("04/2027")
    assert "• Bulan target: April 2027" in confirm.last.text
    saved = await budi.press("✅ Simpan")
    assert saved.toasts == ["Rencana disimpan."]
    assert "🟢 Desa Digital Jatinangor — Uji coba, April 2027 · Sesuai jadwal" in saved.text
    async with database.reading() as session:
        stored = await session.scalar(select(PlanEntry).where(
            PlanEntry.title == "Desa Digital Jatinangor"))  # fmt: skip
        assert stored is not None
        assert (stored.opd_id, stored.target_stage, stored.target_month) == (
            ids["KEC-JTN"],
            "uji_coba",
            date(2027, 4, 1),
        )
    # ✅ pressed again on the old message: nothing more is written.
    again = await budi.press("✅ Simpan", message=confirm.last)
    assert again.toasts == ["Tombol ini sudah tidak berlaku. Silakan ulangi dari menu."]
    async with database.reading() as session:
        count = len(list(await session.scalars(select(PlanEntry))))
    assert count == 7


async def test_empty_plans_and_english(person, database: Database) -> None:
    siti = await person("staff", opd="DINKES", language="en")
    assert "Your OPD has no action plan here yet." in (await siti.send("/plan")).last.text
    budi = await person("coordinator", opd="DISKOMINFOSANDITIK")
    replies = await budi.send("/rencana")
    assert "Belum ada rencana aksi." in replies.last.text
    assert [row[0] for row in replies.last.button_labels] == ["➕ Tambah rencana"]


async def test_rejected_same_title_and_other_opds_forms(person, database: Database) -> None:
    """A rejected innovation is not linked (even by a forged button); 📝 on an entry whose
    title the OPD already has links that innovation instead of a second draft; an admin reads
    every OPD's entries but begins forms only for their own."""
    ids = await seed(database)
    async with database.transaction() as session:
        dinkes = ids["DINKES"]
        rejected = Innovation(opd_id=dinkes, title="Klinik Malam", status="rejected")
        typed = Innovation(opd_id=dinkes, title="telemedis desa", status="submitted",
                           stage="uji_coba")  # fmt: skip
        session.add_all([rejected, typed])
        await session.flush()
        rejected_id, typed_id = rejected.id, typed.id
    siti = await person("staff", opd="DINKES")
    await siti.send("/rencana")
    await siti.press("🔴 Posyandu Digital")
    choices = await siti.press("🔗 Tautkan ke inovasi yang ada")
    assert "Klinik Malam" not in choices.last.text + str(choices.last.button_labels)
    forged = await siti.forge(f"pln:k:{ids['Posyandu Digital']}:{rejected_id}")
    assert forged.toasts == ["Inovasi yang ditolak tidak dapat ditautkan."]

    await siti.send("/rencana")
    await siti.press("🟡 Telemedis Desa")
    await siti.press("📝 Isi formulir inovasinya")
    async with database.reading() as session:
        entry = await session.get(PlanEntry, ids["Telemedis Desa"])
        assert entry is not None and entry.innovation_id == typed_id
        same = list(await session.scalars(select(Innovation).where(
            Innovation.opd_id == dinkes, Innovation.title.ilike("telemedis desa"))))  # fmt: skip
        assert len(same) == 1

    dewi = await person("admin", opd="DISKOMINFOSANDITIK", name="Dewi Lestari")
    await dewi.send("/rencana")
    await dewi.press("2. DISDIK · Dinas Pendidikan")
    entry_screen = await dewi.press("🔴 Sekolah Digital")
    labels = [label for row in entry_screen.last.button_labels for label in row]
    assert "🔗 Tautkan ke inovasi yang ada" in labels
    assert "📝 Isi formulir inovasinya" not in labels
