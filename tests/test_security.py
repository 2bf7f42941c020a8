"""What an outside review broke (issue 12), each through the sandbox: the test fails without
its fix. The webhook's secret is tested over HTTP in test_sandbox_http.py."""

from __future__ import annotations

import io

import pytest
from openpyxl import load_workbook
from sqlalchemy import select

from sandbox.client import Person, Sandbox
from storage.database import Database
from storage.models import Innovation, Member, Opd
from tests.test_submission import fill_until_review, stored

EMOJI = "🙂"  # one character to Python, two UTF-16 units to Telegram


async def sent_innovation(person, title: str = "Posyandu Digital") -> Person:
    siti = await person("staff", opd="DINKES", name="Siti Rahmawati")
    await fill_until_review(siti, title)
    await siti.press("📤 Kirim")
    return siti


# --- 2. lengths as Telegram counts them --------------------------------------------------------


async def test_answers_are_measured_in_utf16_units(person, database: Database) -> None:
    siti = await person("staff")
    await siti.send("/baru")
    replies = await siti.send(EMOJI * 76)  # 76 characters, 152 units
    assert replies.texts == ["Judul harus 5–150 karakter (sekarang 152). Silakan ketik lagi."]
    await siti.send("Posyandu " + EMOJI * 70)
    await siti.press("⬜ Smart Living")
    await siti.press("Selesai")
    await siti.press("Ya")
    await siti.press("Uji coba")
    await siti.press("Digital")
    replies = await siti.send(EMOJI * 2000)  # 2,000 characters, 4,000 units
    assert replies.texts == [
        "Jawaban terlalu panjang: 4.000 karakter, paling banyak 3.000. Mohon diringkas."
    ]
    replies = await siti.send(EMOJI * 1500)  # 3,000 units: the most there may be
    assert replies.last.text == "Apa yang diubah: proses bisnisnya, dan solusinya?"
    assert (await stored(database)).problem == EMOJI * 1500


async def test_a_record_stored_too_long_is_split_never_failed(person, database: Database) -> None:
    """3,000 emoji in every long field (6,000 units each), stored before the limit counted
    as Telegram does: everyone can still read it, review it and edit it."""
    siti = await sent_innovation(person)
    async with database.transaction() as session:
        innovation = await session.get(Innovation, 1)
        assert innovation is not None
        innovation.problem = innovation.solution = EMOJI * 3000
        innovation.goal = innovation.benefit = EMOJI * 2999 + "x"
    replies = await siti.send("/lihat 1")
    record = [m for m in replies if m.text]
    assert record[0].text.startswith("Inovasi #1 (📤 terkirim)")
    assert len(record) >= 7
    text = "".join(m.text for m in record).replace("\n", "")
    assert text.count(EMOJI) == 4 * 3000 - 2
    budi = await person("coordinator", opd="DISKOMINFOSANDITIK", name="Budi Santoso")
    await budi.send("/tinjau")
    replies = await budi.press(data="rev:open:1")
    assert replies.last.button_labels == [["✅ Setujui", "✏️ Minta revisi", "❌ Tolak"]]
    await budi.send("/batal")
    async with database.transaction() as session:
        innovation = await session.get(Innovation, 1)
        assert innovation is not None
        innovation.status = "revision_requested"
    replies = await siti.send("/ubah 1")
    assert replies[0].text.startswith("Periksa kembali inovasi Bapak/Ibu (#1, ✏️ perlu revisi)")
    assert replies.last.button_labels[-2:] == [["📤 Kirim"], ["Selesai mengubah"]]


# --- 6. control characters ----------------------------------------------------------------------


async def test_control_characters_are_taken_out_at_input(person, database: Database) -> None:
    siti = await person("staff")
    await siti.send("/baru")
    await siti.send("Posyandu\x1b[31m Digital\x08")
    await siti.press("⬜ Smart Living")
    await siti.press("Selesai")
    await siti.press("Ya")
    await siti.press("Uji coba")
    await siti.press("Digital")
    await siti.send("Baris satu\x1b\r\nbaris\tdua\x00")
    innovation = await stored(database)
    assert innovation.title == "Posyandu[31m Digital"
    assert innovation.problem == "Baris satu\nbaris\tdua"


async def test_the_export_survives_control_characters_stored_before(
    person, database: Database
) -> None:
    siti = await sent_innovation(person)
    async with database.transaction() as session:
        innovation = await session.get(Innovation, 1)
        assert innovation is not None
        innovation.goal = "Tujuan\x1b[0m\x08 jelas"
        member = await session.scalar(select(Member).where(Member.telegram_id == siti.id))
        assert member is not None
        member.full_name = "Siti\x07 Rahmawati"
        innovation.contact_name = member.full_name
    budi = await person("coordinator", opd="DISKOMINFOSANDITIK", name="Budi Santoso")
    replies = await budi.send("/ekspor")
    document = replies.last.document
    assert document is not None, replies.texts
    book = load_workbook(io.BytesIO(budi.emulator.files[document["file_id"]].content))
    values = [cell.value for row in book["Inovasi"].iter_rows() for cell in row]
    assert "Tujuan[0m jelas" in values and "Siti Rahmawati" in values


# --- 3. old buttons after a move or a demotion -------------------------------------------------

NO_LONGER_YOURS = (
    "Mohon maaf, Bapak/Ibu tidak lagi dapat mengubah inovasi ini karena OPD atau peran "
    "Bapak/Ibu telah berubah. Pengisian dihentikan."
)
EXPIRED = "Tombol ini sudah tidak berlaku. Silakan ulangi dari menu."


async def change_member(database: Database, who: Person, **values: object) -> None:
    async with database.transaction() as session:
        member = await session.scalar(select(Member).where(Member.telegram_id == who.id))
        assert member is not None
        if "opd" in values:
            opd = await session.scalar(select(Opd).where(Opd.code == values.pop("opd")))
            if opd is None:
                opd = Opd(code="DISDIK", name="Dinas Pendidikan")
                session.add(opd)
                await session.flush()
            member.opd_id = opd.id
        for name, value in values.items():
            setattr(member, name, value)


def timeouts_waiting(sandbox: Sandbox) -> list[object]:
    assert sandbox.application.job_queue is not None
    return [
        job
        for job in sandbox.application.job_queue.jobs()
        if job.name and "timeout" in job.name.lower() and not job.removed
    ]


@pytest.mark.parametrize(
    ("opened", "then"),
    [
        (["✏️ Bukti dukung"], "Selesai"),  # sub:edit:evidence, then sub:ev:done
        (["✏️ Tujuan"], "⬅️ Kembali"),  # sub:edit:goal, then sub:back
        ([], "🗑 Hapus draf"),  # sub:del shows the title
        (["🗑 Hapus draf"], "Tidak"),  # sub:delete:no shows the record
        ([], "✏️ Judul"),  # sub:edit:title
    ],
)
async def test_old_buttons_show_nothing_after_a_move(
    sandbox: Sandbox, person, database: Database, opened: list[str], then: str
) -> None:
    siti = await person("staff", opd="DINKES")
    await fill_until_review(siti, "Rahasia Dinas Kesehatan")
    for label in opened:
        await siti.press(label)
    await change_member(database, siti, opd="DISDIK")
    replies = await siti.press(then)
    assert replies.toasts == [NO_LONGER_YOURS]
    assert "Rahasia" not in replies.text and "Pencatatan balita" not in replies.text
    assert timeouts_waiting(sandbox) == []  # the flow ended: no renewed 12 hours
    replies = await siti.press(then)  # the same button again
    assert replies.toasts == [EXPIRED] and "Rahasia" not in replies.text


async def test_old_buttons_show_nothing_after_a_demotion(person, database: Database) -> None:
    await sent_innovation(person, "Rahasia Dinas Kesehatan")
    dewi = await person("admin", opd="DISKOMINFOSANDITIK", name="Dewi Lestari")
    replies = await dewi.send("/ubah 1")
    assert replies[0].text.startswith("Periksa kembali inovasi Bapak/Ibu (#1, 📤 terkirim)")
    await change_member(database, dewi, role="coordinator")
    for label in ("✏️ Judul", "↩️ Tarik kembali ke draf"):
        replies = await dewi.press(label)
        assert replies.toasts in ([NO_LONGER_YOURS], [EXPIRED])
        assert "Rahasia" not in replies.text
    assert (await stored(database)).status == "submitted"
