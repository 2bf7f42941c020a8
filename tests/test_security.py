"""What an outside review broke (issue 12), each through the sandbox: the test fails without
its fix. The webhook's secret is tested over HTTP in test_sandbox_http.py."""

from __future__ import annotations

import asyncio
import io
import json
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from types import SimpleNamespace
from typing import Any

import httpx
import pytest
from openpyxl import load_workbook
from sqlalchemy import select
from starlette.applications import Starlette
from telegram import Bot

from bot.telegram import webhook
from sandbox.client import Person, Sandbox
from sandbox.emulator import SANDBOX_TOKEN, TelegramEmulator
from storage.database import Database
from storage.models import CRITERIA, AccessRequest, Evaluation, Event, Innovation, Member, Opd
from tests.support.form import COMPLETE, fill
from tests.support.people import request_revision, score_all, send_decision
from tests.support.records import events, stored
from tests.support.time import wib

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
EMOJI = "🙂"  # one character to Python, two UTF-16 units to Telegram


async def sent_innovation(person, title: str = "Posyandu Digital") -> Person:
    siti = await person("staff", opd="DINKES", name="Siti Rahmawati")
    await fill(siti, {**COMPLETE, "title": title})
    await siti.press("📤 Kirim")
    return siti


# --- 2. lengths as Telegram counts them --------------------------------------------------------


async def test_answers_are_measured_in_utf16_units(person, database: Database) -> None:
    siti = await person("staff")
    await siti.send("/baru")
    replies = await siti.send(EMOJI * 76)  # 76 characters, 152 units
    assert replies.texts == ["Judul harus 5–150 karakter (sekarang 152). Silakan ketik lagi."]
    await fill(siti, {"title": "Posyandu " + EMOJI * 70}, start=None, until="problem")
    replies = await siti.send(EMOJI * 2000)  # 2,000 characters, 4,000 units
    assert replies.texts == [
        "Jawaban terlalu panjang: 4.000 karakter, paling banyak 3.000. Mohon diringkas."
    ]
    replies = await siti.send(EMOJI * 1500)  # 3,000 units: the most there may be
    assert replies.last.text.startswith("Apa yang diubah: proses bisnisnya, dan solusinya?\n")
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
    assert replies.last.button_labels[0] == ["✅ Setujui", "✏️ Minta revisi", "❌ Tolak"]
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
    await fill(siti, {"title": "Posyandu\x1b[31m Digital\x08"}, until="problem")
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
    # Written, not failed: kept as stored, in the escapes Excel reads back (openpyxl refused it).
    texts = [value for value in values if isinstance(value, str)]
    assert any(v.startswith("Tujuan") and v.endswith("jelas") for v in texts)
    assert any(v.startswith("Siti") and v.endswith("Rahmawati") for v in texts)


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
    await fill(siti, {**COMPLETE, "title": "Rahasia Dinas Kesehatan"})
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


# --- 4. a verdict is for the version it was made on --------------------------------------------


async def test_a_stale_verdict_does_not_land_on_a_resubmitted_version(
    person, database: Database
) -> None:
    siti = await sent_innovation(person)
    budi = await person("coordinator", opd="DISKOMINFOSANDITIK", name="Budi Santoso")
    wawan = await person("coordinator", opd="DISKOMINFOSANDITIK", name="Wawan Setiawan")
    await budi.send("/tinjau")
    await budi.press(data="rev:open:1")
    await budi.press("❌ Tolak")
    await score_all(budi, [1, 1, 1, 1, 1])  # ...and leaves the note for later
    await wawan.send("/tinjau")
    await wawan.press(data="rev:open:1")
    await request_revision(wawan, "Mohon lengkapi data kecamatan.")
    await siti.send("/ubah 1")
    await siti.press("✏️ Tujuan")
    await siti.send("Tujuan yang sudah dilengkapi.")
    await siti.press("📤 Kirim")
    assert (await stored(database)).status == "submitted"
    told = len(siti.bot_messages)

    await budi.send("Bukan inovasi.")
    replies = await send_decision(budi)
    assert replies.texts[1] == (
        "Inovasi #1 telah berubah sejak Bapak/Ibu membukanya (sekarang 📤 terkirim), sehingga "
        "keputusan Bapak/Ibu tidak disimpan. Berikut keadaan terbarunya; silakan tinjau kembali "
        "lewat /tinjau."
    )
    assert replies[2].text.startswith("Inovasi #1 (📤 terkirim)")
    assert "Tujuan: Tujuan yang sudah dilengkapi." in replies.text
    assert (await stored(database)).status == "submitted"
    async with database.transaction() as session:
        verdicts = [e.verdict for e in await session.scalars(select(Evaluation))]
        reviewed = [
            (e.from_status, e.to_status)
            for e in await session.scalars(select(Event).where(Event.kind == "reviewed"))
        ]
    assert verdicts == ["revision_requested"]
    assert reviewed == [("submitted", "revision_requested")]
    assert len(siti.bot_messages) == told  # nobody told of a rejection


# --- 5. a score button names its criterion ----------------------------------------------------


async def test_a_double_tap_on_a_score_does_not_score_the_next_criterion(
    person, database: Database
) -> None:
    await sent_innovation(person)
    budi = await person("coordinator", opd="DISKOMINFOSANDITIK", name="Budi Santoso")
    await budi.send("/tinjau")
    await budi.press(data="rev:open:1")
    replies = await budi.press("✅ Setujui")
    question = replies.last
    assert question.text == "Skor fungsional (1 = kurang, 5 = sangat baik):"
    four = question.inline_buttons[0][3]["callback_data"]
    replies = await budi.press("4", message=question)
    assert replies.last.text == "Skor mutakhir (1 = kurang, 5 = sangat baik):"
    replies = await budi.forge(four, message=question)  # the second tap of a double tap
    assert replies.toasts == [EXPIRED]
    assert not any(m.text.startswith("Skor berkelanjutan") for m in replies)
    await score_all(budi, [2, 3, 4, 5])
    await budi.press("Lewati")
    await send_decision(budi)
    async with database.transaction() as session:
        evaluation = await session.scalar(select(Evaluation))
    assert evaluation is not None
    assert [getattr(evaluation, c) for c in CRITERIA] == [4, 2, 3, 4, 5]


# --- 8. private screens stay private ------------------------------------------------------------


async def test_buttons_pressed_in_the_group_open_no_private_screen_there(
    sandbox: Sandbox, person, database: Database, coordinators_group
) -> None:
    await sent_innovation(person, "Rahasia Dinas Kesehatan")
    budi = await person("coordinator", opd="DISKOMINFOSANDITIK", name="Budi Santoso")
    await budi.send("/start")
    in_group = sandbox.person(budi.user, coordinators_group)
    notice = sandbox.emulator.messages(coordinators_group.id)[-1]
    before = (notice.text, notice.button_labels)
    private_only = "Tombol ini hanya dapat digunakan di chat pribadi dengan bot."
    for data in ("ino:page:0", "rev:open:1", "srch:1:0", "mem:page:0", "sub:send"):
        replies = await in_group.forge(data, message=notice)
        assert replies.toasts == [private_only], data
        assert [m for m in replies if m.chat_id == coordinators_group.id] == []
    notice = sandbox.emulator.messages(coordinators_group.id)[-1]
    assert (notice.text, notice.button_labels) == before
    assert (await stored(database)).status == "submitted"  # no review started
    # The notice's own button still sends the details privately.
    replies = await in_group.press("👁 Lihat")
    assert replies.toasts == ["Detail dikirim ke chat pribadi Bapak/Ibu dengan bot."]


# --- 9. reminders go to the innovation's OPD as it is now -------------------------------------


async def test_a_revision_reminder_goes_to_the_opd_not_to_a_submitter_who_moved(
    sandbox: Sandbox, person, database: Database
) -> None:
    siti = await sent_innovation(person)
    rina = await person("staff", opd="DINKES", name="Rina Marlina")
    budi = await person("coordinator", opd="DISKOMINFOSANDITIK", name="Budi Santoso")
    await budi.send("/tinjau")
    await budi.press(data="rev:open:1")
    await request_revision(budi, "Catatan internal: data kecamatan belum lengkap.")  # Mon 09.00
    await change_member(database, siti, opd="DISDIK")
    await sandbox.advance(to=wib(4, 10, 30))  # Wednesday 10.00: two days on
    marker = "diminta revisi pada"
    assert [m for m in siti.bot_messages if marker in m.content] == []
    [reminder] = [m for m in rina.bot_messages if marker in m.content]
    assert "Catatan internal" in reminder.content
    assert reminder.button_labels == [["Perbaiki sekarang"]]


async def test_a_draft_nudge_stops_when_its_author_moved(
    sandbox: Sandbox, person, database: Database
) -> None:
    siti = await person("staff", opd="DINKES")
    await siti.send("/baru")
    await siti.send("Draf Dinas Kesehatan")
    await siti.send("/batal")
    await change_member(database, siti, opd="DISDIK")
    await sandbox.advance(to=wib(4, 10, 30))
    assert [m for m in siti.bot_messages if "Draf inovasi" in m.content] == []


# --- 10. access requests: a cooldown after a rejection, one open request ----------------------


async def test_after_a_rejection_the_same_person_waits_before_asking_again(
    person, database: Database, clock
) -> None:
    from datetime import timedelta

    dewi = await person("admin", opd="DISKOMINFOSANDITIK", name="Dewi Lestari")
    async with database.transaction() as session:
        session.add(Opd(code="DINKES", name="Dinas Kesehatan"))
    asep = await person("new", name="Asep Saepudin")

    async def ask() -> list[str]:
        await asep.send("/start")
        replies = await asep.press("🙋 Minta akses tanpa undangan")
        if "Pilih OPD" not in replies.text:
            return replies.texts
        await asep.press("Dinas Kesehatan")
        return (await asep.press("✅ Ya, benar")).texts

    def notices() -> int:
        return sum("Permintaan akses baru" in m.text for m in dewi.bot_messages)

    assert (await ask())[0].startswith("Permintaan akses untuk Dinas Kesehatan telah dikirim")
    # While it waits, asking again does not reach the admins again.
    assert "sedang menunggu persetujuan admin" in (await asep.send("/start")).text
    assert notices() == 1
    await dewi.press("❌ Tolak")  # Monday 2 November, 09.00
    clock.advance(timedelta(hours=23))
    assert await ask() == [
        "Mohon maaf, permintaan akses Bapak/Ibu belum lama ini tidak disetujui. Bapak/Ibu dapat "
        "mengajukan lagi mulai 3 November 2026 09.00 WIB. Bila ada pertanyaan, silakan "
        "hubungi admin Diskominfo."
    ]
    assert notices() == 1
    clock.advance(timedelta(hours=1))
    assert (await ask())[0].startswith("Permintaan akses untuk Dinas Kesehatan telah dikirim")
    assert notices() == 2
    async with database.transaction() as session:
        requests = [r.status for r in await session.scalars(select(AccessRequest))]
    assert requests == ["rejected", "pending"]


def test_the_cooldown_is_a_setting() -> None:
    from bot.core.settings import SettingsError, load_settings

    assert load_settings().access_request_cooldown_hours == 24
    assert load_settings(access_request_cooldown_hours="0").access_request_cooldown_hours == 0
    with pytest.raises(SettingsError, match="ACCESS_REQUEST_COOLDOWN_HOURS"):
        load_settings(access_request_cooldown_hours="-1")


# --- 11. a forged Kirim on an innovation already submitted ------------------------------------


async def test_a_forged_send_on_a_submitted_innovation_is_refused_politely(
    person, database: Database, coordinators_group
) -> None:
    siti = await sent_innovation(person)
    replies = await siti.send("/ubah 1")
    assert ["📤 Kirim"] not in replies.last.button_labels
    replies = await siti.forge("sub:send")
    assert replies.toasts == [
        "Inovasi #1 berstatus 📤 terkirim, sehingga tidak perlu dikirim lagi."
    ]
    assert "kendala" not in replies.text
    assert [e.kind for e in await events(database)] == ["created", "submitted"]
    assert len(siti.emulator.messages(coordinators_group.id)) == 1
    # The review screen is still open: its buttons still work.
    replies = await siti.press("✏️ Tujuan")
    assert replies.last.text.startswith("Apa tujuan")


# --- 7. evidence: name, declared type and first bytes agree -----------------------------------


async def test_evidence_is_taken_only_when_name_type_and_content_agree(
    person, database: Database
) -> None:
    siti = await person("staff")
    await fill(siti, COMPLETE)
    await siti.press("✏️ Bukti dukung")
    refused = (
        "Jenis berkas ini tidak diterima. Kirim foto, atau dokumen PDF, Word, Excel, "
        "atau PowerPoint."
    )
    for content, name, declared in [
        (b"MZ\x90\x00 program", "Laporan.exe", "application/pdf"),
        (b"<html><form>login</form>", "login.html", "image/png"),
        (b"MZ\x90\x00 program", "Laporan.pdf", "application/pdf"),  # renamed: bytes tell
        (b"<html><form>login</form>", "foto.png", "image/png"),
    ]:
        replies = await siti.send_document(content, name, declared)
        assert replies.texts == [refused], name
    # A file that cannot be read now is not taken unread.
    siti.emulator.faults = lambda method, params: "5xx" if method == "getFile" else None
    replies = await siti.send_document(b"%PDF-1.7 laporan", "Laporan.pdf", "application/pdf")
    assert replies.texts == [
        "Mohon maaf, berkas ini tidak dapat diperiksa. Silakan kirim ulang sebentar lagi."
    ]
    siti.emulator.faults = None
    replies = await siti.send_document(b"PK\x03\x04 docx", "Notulen.docx", DOCX)
    assert replies.last.text.startswith("Bukti dukung diterima: 3 berkas")
    assert [a.file_name for a in (await stored(database)).attachments] == [
        None, "SK Bupati.pdf", "Notulen.docx",
    ]  # fmt: skip


# --- held: forged privileged buttons change nothing; a blocked member is refused everywhere ---


async def test_forged_privileged_buttons_by_staff_and_coordinators_change_nothing(
    person, database: Database
) -> None:
    await sent_innovation(person)
    asep = await person("staff", opd="DINKES", name="Asep Saepudin")
    budi = await person("coordinator", opd="DISKOMINFOSANDITIK", name="Budi Santoso")

    async def snapshot() -> list[tuple[str, str, int | None]]:
        async with database.transaction() as session:
            members = await session.scalars(select(Member).order_by(Member.id))
            return [(m.role, m.status, m.opd_id) for m in members]

    before = await snapshot()
    async with database.transaction() as session:
        ids = [m.id for m in await session.scalars(select(Member).order_by(Member.id))]
    for someone in (asep, budi):
        await someone.send("/start")
        own = ids[[asep, budi].index(someone) + 1]
        for data in (f"mem:role:{own}:a", f"mem:block:{ids[0]}", f"mem:setopd:{own}:1",
                     "inv:mk:1:a", "acc:ok:1", "sch:on:weekly"):  # fmt: skip
            replies = await someone.forge(data)
            assert replies.toasts and replies.toasts[0] in (
                "Mohon maaf, perintah ini tidak tersedia untuk peran Bapak/Ibu.",
                EXPIRED,
            ), data
    assert await snapshot() == before


async def test_a_blocked_member_is_refused_everywhere(person, database: Database) -> None:
    siti = await sent_innovation(person)
    await change_member(database, siti, status="blocked")
    blocked = "Mohon maaf, akun Bapak/Ibu sedang dinonaktifkan. Silakan hubungi admin Diskominfo."
    for command in ("/baru", "/daftar", "/lihat 1", "/ubah 1", "/tinjau", "/ekspor"):
        assert (await siti.send(command)).texts == [blocked], command
    for data in ("ino:view:1", "ino:page:0", "sub:resume:1", "rev:open:1"):
        replies = await siti.forge(data)
        assert replies.toasts in ([blocked], [EXPIRED]), data
        assert "Posyandu" not in replies.text


# --- issue 24: the webhook's body, counted as it arrives and parsed without a 500 ----------------

WEBHOOK_SECRET = "the_right_Secret-42"
RIGHT = {"X-Telegram-Bot-Api-Secret-Token": WEBHOOK_SECRET}


@asynccontextmanager
async def webhook_client() -> AsyncIterator[tuple[httpx.AsyncClient, asyncio.Queue]]:
    """The webhook's route as `inovasi-bot webhook` serves it, over ASGI, and its update queue."""
    emulator = TelegramEmulator()
    bot = Bot(SANDBOX_TOKEN, request=Sandbox.request(emulator))
    queue: asyncio.Queue = asyncio.Queue()
    application = SimpleNamespace(bot=bot, update_queue=queue)
    app = Starlette(routes=webhook.webhook_routes(application, "/telegram", WEBHOOK_SECRET))  # type: ignore[arg-type]
    transport = httpx.ASGITransport(app=app)
    try:
        async with httpx.AsyncClient(transport=transport, base_url="http://bot") as client:
            yield client, queue
    finally:
        await emulator.close()


def an_update(update_id: int, **extra: Any) -> dict[str, Any]:
    return {
        "update_id": update_id,
        "message": {
            "message_id": 1, "date": 1_767_225_600, "text": "/start",
            "chat": {"id": 5_000_000_001, "type": "private"},
            "from": {"id": 5_000_000_001, "is_bot": False, "first_name": "Siti"},
        },
        **extra,
    }  # fmt: skip


async def test_a_chunked_webhook_body_is_counted_as_it_arrives() -> None:
    """No Content-Length to trust: a 3 MB body sent in chunks is refused once 1 MiB has
    arrived, the rest never read and nothing queued; a small update in chunks still arrives."""
    sent = 0

    async def chunks(body: bytes, size: int = 65_536) -> AsyncIterator[bytes]:
        nonlocal sent
        for start in range(0, len(body), size):
            sent += len(body[start : start + size])
            yield body[start : start + size]

    huge = json.dumps(an_update(8, padding="x" * 3_000_000)).encode()
    async with webhook_client() as (client, queue):
        response = await client.post("/telegram", content=chunks(huge), headers=RIGHT)
        assert response.status_code == 413
        assert sent <= webhook.MAX_BODY + 65_536  # refused as it arrived, not after all of it
        # A Content-Length no int() takes (5,000 digits) is no 500 either.
        declared = {**RIGHT, "Content-Length": "9" * 5000}
        response = await client.post("/telegram", content=b"{}", headers=declared)
        assert response.status_code in (400, 413)
        assert queue.empty()
        small = json.dumps(an_update(9)).encode()
        response = await client.post("/telegram", content=chunks(small, 100), headers=RIGHT)
        assert response.status_code == 200
        assert (await queue.get()).update_id == 9


async def test_a_webhook_body_that_breaks_the_parser_is_a_400_and_one_line(
    caplog: pytest.LogCaptureFixture,
) -> None:
    """A date past any calendar, nesting deeper than the parser recurses: 400, one log line
    without a traceback, nothing queued."""
    far = an_update(10)
    far["message"]["date"] = 10**20
    bodies = {
        "far date": json.dumps(far).encode(),
        "deep array": b"[" * 100_000 + b"]" * 100_000,
        "deep object": b'{"a":' * 3000 + b"1" + b"}" * 3000,
    }
    async with webhook_client() as (client, queue):
        for name, body in bodies.items():
            caplog.clear()
            with caplog.at_level(logging.INFO):
                response = await client.post("/telegram", content=body, headers=RIGHT)
            assert response.status_code == 400, name
            served = [r for r in caplog.records if r.name != "httpx"]  # not the client's own
            assert len(served) == 1, (name, served)
            assert served[0].levelno == logging.WARNING and not served[0].exc_info
        assert queue.empty()
