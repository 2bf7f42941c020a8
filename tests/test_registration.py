"""Joining with an invite, or by asking for access, driven as a person through the sandbox."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from bot.app import build_application
from bot.core.clock import FakeClock
from sandbox.client import Person, Sandbox
from sandbox.emulator import TelegramEmulator
from storage.database import Database
from storage.models import ConversationState, Invite, Member, Opd, Role
from storage.repositories import InviteRepository, MemberRepository


@pytest.fixture
def invite(database: Database, clock: FakeClock):
    """``await invite("DINKES", role="staff", uses=5)``: a stored invite's code."""

    async def make(
        opd: str = "DINKES",
        *,
        role: str = "staff",
        uses: int | None = 5,
        days: int = 14,
        revoked: bool = False,
    ) -> str:
        async with database.transaction() as session:
            row = await session.scalar(select(Opd).where(Opd.code == opd))
            if row is None:
                row = Opd(code=opd, name={"DINKES": "Dinas Kesehatan"}.get(opd, opd.title()))
                session.add(row)
                await session.flush()
            created = await InviteRepository(session).create(
                opd_id=row.id,
                role=Role(role),
                max_uses=uses,
                expires_at=clock.now() + timedelta(days=days),
            )
            if revoked:
                created.revoked_at = clock.now()
            return created.code

    return make


async def member_of(database: Database, person: Person) -> Member | None:
    async with database.transaction() as session:
        return await MemberRepository(session).by_telegram_id(person.id)


async def open_conversations(database: Database) -> int:
    async with database.transaction() as session:
        return await session.scalar(select(func.count()).select_from(ConversationState)) or 0


async def test_joining_with_a_deep_link(person, invite, database: Database) -> None:
    code = await invite("DINKES", role="staff", uses=5)
    asep = await person("new", name="Asep Saepudin")
    replies = await asep.send(f"/start {code}")
    assert replies.texts == [
        "Kode undangan diterima: Dinas Kesehatan, sebagai staf.\n\n"
        "Apakah nama lengkap Bapak/Ibu Asep Saepudin?"
    ]
    assert replies.last.button_labels == [["✅ Ya, benar", "✏️ Ubah nama"]]
    replies = await asep.press("✅ Ya, benar")
    assert "Bagikan nomor telepon" in replies.text
    assert asep.reply_keyboard == [["📱 Bagikan nomor telepon"], ["Lewati"]]
    replies = await asep.share_contact("+6281234567890")
    assert replies.texts == [
        "Terima kasih, Asep Saepudin. Bapak/Ibu sekarang terdaftar sebagai staf untuk "
        "Dinas Kesehatan.\nSilakan pilih menu di bawah, atau ketik /bantuan."
    ]
    assert asep.reply_keyboard == [
        ["➕ Inovasi baru", "📋 Daftar inovasi"],
        ["📌 Rencana aksi"],
        ["❓ Bantuan", "🌐 Bahasa"],
    ]
    member = await member_of(database, asep)
    assert member is not None
    assert (member.full_name, member.role, member.phone) == (
        "Asep Saepudin",
        "staff",
        "+6281234567890",
    )
    assert member.opd is not None and member.opd.code == "DINKES"
    async with database.transaction() as session:
        stored = await InviteRepository(session).by_code(code)
    assert stored is not None and stored.used_count == 1
    assert await open_conversations(database) == 0


async def test_a_code_typed_as_pasted_from_whatsapp(person, invite, database: Database) -> None:
    code = await invite("DINKES", role="coordinator", uses=1)
    asep = await person("new", name="Asep Saepudin")
    await asep.send("/start")
    pasted = f"  {code[:4].lower()} {code[4:8]}-{code[8:12]}\u200b{code[12:].lower()} "
    replies = await asep.send(pasted)
    assert "sebagai koordinator" in replies.text
    await asep.press("✏️ Ubah nama")
    for bad in ("🙂🙂🙂", "x" * 500, "A"):
        replies = await asep.send(bad)
        assert replies.texts == [
            "Mohon maaf, nama harus 3–100 karakter dan berisi huruf. "
            "Silakan ketik nama lengkap Bapak/Ibu."
        ]
    replies = await asep.send_sticker()
    assert replies.texts == ["Mohon ketik jawaban Bapak/Ibu sebagai teks."]
    await asep.send("Dr. Hj. Euis  Komariah, M.Si. <b>&")
    replies = await asep.tap("Lewati")
    assert "terdaftar sebagai koordinator" in replies.text
    member = await member_of(database, asep)
    assert member is not None
    assert (member.full_name, member.role, member.phone) == (
        "Dr. Hj. Euis Komariah, M.Si. <b>&",
        "coordinator",
        None,
    )


async def test_registration_in_english(person, invite, database: Database) -> None:
    code = await invite("DINKES")
    john = await person("new", name="John Smith", language_code="en-US")
    replies = await john.send("/start")
    assert replies.text.startswith("Welcome to Inovasi Bot")
    assert replies.last.button_labels == [["🙋 Request access without an invite"]]
    replies = await john.send(code)
    assert "Invite code accepted: Dinas Kesehatan, as staff." in replies.text
    await john.press("✅ Yes, that's right")
    replies = await john.send("0812-3456-7890")
    assert replies.text.startswith("Thank you, John Smith. You are now registered as staff")
    assert john.reply_keyboard == [
        ["➕ New innovation", "📋 Innovations"],
        ["📌 Action plan"],
        ["❓ Help", "🌐 Language"],
    ]
    member = await member_of(database, john)
    assert member is not None and (member.phone, member.language) == ("081234567890", "en")


@pytest.mark.parametrize(
    ("kind", "indonesian", "english"),
    [
        ("unknown", "tidak dikenal", "is not known"),
        ("expired", "sudah kedaluwarsa sejak", "expired on"),
        ("used_up", "sudah habis dipakai", "has been used up"),
        ("revoked", "sudah dicabut", "has been revoked"),
    ],
)
async def test_an_unusable_code_says_why_and_who_to_ask(
    person, invite, database: Database, clock: FakeClock, kind, indonesian, english
) -> None:
    if kind == "unknown":
        code = "ABCDEFGHJKMNPQRS"
    elif kind == "expired":
        code = await invite(days=1)
        clock.advance(timedelta(days=2))
    elif kind == "used_up":
        code = await invite(uses=1)
        async with database.transaction() as session:
            stored = await session.scalar(select(Invite).where(Invite.code == code))
            assert stored is not None
            stored.used_count = 1
    else:
        code = await invite(revoked=True)
    for lang, expected in (("id", indonesian), ("en", english)):
        someone = await person("new", language_code=lang)
        replies = await someone.send(f"/start {code}")
        assert expected in replies.text
        assert "admin" in replies.text
        # Still waiting for a code: the next try is taken as one.
        replies = await someone.send("ZZZZ ZZZZ ZZZZ ZZZZ")
        assert ("tidak dikenal" if lang == "id" else "is not known") in replies.text
        assert await member_of(database, someone) is None


async def test_somebody_elses_contact_is_refused(person, invite, database: Database) -> None:
    code = await invite()
    asep = await person("new", name="Asep Saepudin")
    other = asep.emulator.add_user("Budi")
    await asep.send(f"/start {code}")
    await asep.press("✅ Ya, benar")
    replies = await asep.share_contact("+628999", of=other)
    assert replies.texts == [
        "Mohon bagikan nomor telepon Bapak/Ibu sendiri dengan tombol di bawah."
    ]
    replies = await asep.send("nomor saya rahasia")
    assert "Nomor telepon tidak dikenali" in replies.text
    await asep.send_photo()
    assert await member_of(database, asep) is None
    await asep.share_contact("+6285700001111")
    member = await member_of(database, asep)
    assert member is not None and member.phone == "+6285700001111"


async def test_a_restart_mid_registration_continues_where_it_was(
    sandbox: Sandbox,
    settings,
    database: Database,
    emulator: TelegramEmulator,
    clock,
    person,
    invite,
) -> None:
    code = await invite()
    asep = await person("new", name="Asep Saepudin")
    await asep.send(f"/start {code}")
    await asep.press("✏️ Ubah nama")
    await asep.send("Asep Saepudin, S.Kom.")
    # The bot goes down (as a killed process would: nothing is flushed) and comes back.
    await sandbox.stop()
    again = Sandbox(
        build_application(
            settings, request=Sandbox.request(emulator), database=database, clock=clock
        ),
        emulator,
    )
    await again.start()
    try:
        replies = await asep.tap("Lewati")
        assert "terdaftar sebagai staf" in replies.text
    finally:
        await again.stop()
    member = await member_of(database, asep)
    assert member is not None and member.full_name == "Asep Saepudin, S.Kom."


async def test_the_last_use_goes_to_whoever_finishes_first(
    person, invite, database: Database
) -> None:
    code = await invite(uses=1)
    first = await person("new", name="Asep Saepudin")
    second = await person("new", name="Budi Santoso")
    for someone in (first, second):
        await someone.send(f"/start {code}")
        await someone.press("✅ Ya, benar")
    assert "terdaftar" in (await first.tap("Lewati")).text
    replies = await second.tap("Lewati")
    assert replies.texts == [
        "Kode undangan ini sudah habis dipakai. Mohon minta kode baru kepada admin Diskominfo."
    ]
    assert await member_of(database, second) is None


async def test_a_member_who_opens_an_invite_again_gets_the_menu(
    person, invite, database: Database
) -> None:
    code = await invite()
    siti = await person("staff")
    replies = await siti.send(f"/start {code}")
    assert replies.text.startswith("Selamat datang kembali, Siti Rahmawati.")
    async with database.transaction() as session:
        stored = await InviteRepository(session).by_code(code)
        count = await session.scalar(select(func.count()).select_from(Member))
    assert stored is not None and stored.used_count == 0
    assert count == 1


async def test_a_member_opening_another_opds_invite_is_told_it_was_not_used(
    person, invite, database: Database
) -> None:
    """Siti of DINKES opens a link meant for a DISDIK clerk (forwarded in a WhatsApp group):
    she is told the code was not used and why, then gets her menu; the code stays whole for
    the person it was meant for, and she stays in DINKES."""
    code = await invite("DISDIK", role="staff", uses=1)
    siti = await person("staff", opd="DINKES")
    replies = await siti.send(f"/start {code}")
    assert replies.texts[0] == (
        "Kode undangan ini tidak dipakai. Bapak/Ibu sudah terdaftar sebagai staf untuk Dinas "
        "Kesehatan, sedangkan kode ini untuk staf di Disdik; satu akun Telegram "
        "terdaftar di satu OPD saja.\nKode ini tetap berlaku untuk orang yang dituju. Bila "
        "Bapak/Ibu memang pindah OPD atau berganti peran, mohon minta admin Diskominfo "
        "mengubahnya."
    )
    assert replies.texts[1].startswith("Selamat datang kembali, Siti Rahmawati.")
    # Typed (pasted) instead of opened as a link, in English: the same.
    english = await person("coordinator", opd="DINKES", name="Budi Santoso", language="en")
    replies = await english.send(code.lower())
    assert replies.texts[0].startswith(
        "This invite code was not used. You are already registered as coordinator for Dinas "
        "Kesehatan, and this code is for staff in Disdik;"
    )
    async with database.transaction() as session:
        stored = await InviteRepository(session).by_code(code)
        siti_member = await MemberRepository(session).by_telegram_id(siti.id)
        assert siti_member is not None and siti_member.opd is not None
        assert siti_member.opd.code == "DINKES"
    assert stored is not None and stored.used_count == 0
    # The clerk it was meant for still joins with it.
    asep = await person("new", name="Asep Saepudin")
    replies = await asep.send(f"/start {code}")
    assert "Kode undangan diterima: Disdik, sebagai staf." in replies.text


async def test_cancel_leaves_the_registration(person, invite, database: Database) -> None:
    code = await invite()
    asep = await person("new")
    await asep.send(f"/start {code}")
    replies = await asep.send("/batal")
    assert replies.texts == ["Pendaftaran dibatalkan. Ketik /start untuk memulai lagi."]
    assert await open_conversations(database) == 0
    replies = await asep.press("✅ Ya, benar")
    assert replies.toasts == ["Tombol ini sudah tidak berlaku. Silakan ulangi dari menu."]


async def test_a_blocked_member_is_told_and_refused(person, database: Database) -> None:
    siti = await person("staff")
    async with database.transaction() as session:
        member = await MemberRepository(session).by_telegram_id(siti.id)
        assert member is not None
        member.status = "blocked"
    assert (await siti.send("/start")).texts == [
        "Mohon maaf, akun Bapak/Ibu sedang dinonaktifkan. Silakan hubungi admin Diskominfo."
    ]
    assert (await siti.send("/bantuan")).texts == [
        "Mohon maaf, akun Bapak/Ibu sedang dinonaktifkan. Silakan hubungi admin Diskominfo."
    ]


async def test_a_person_who_deleted_the_chat_comes_back(person) -> None:
    siti = await person("staff")
    await siti.send("/start")
    siti.emulator.history[siti.chat.id] = []  # the chat is gone from their phone
    siti.chat.reply_keyboard = None
    replies = await siti.send("/start")
    assert replies.text.startswith("Selamat datang kembali")
    assert siti.reply_keyboard == [
        ["➕ Inovasi baru", "📋 Daftar inovasi"],
        ["📌 Rencana aksi"],
        ["❓ Bantuan", "🌐 Bahasa"],
    ]


async def test_configured_admins_are_admins_from_their_first_message(
    sandbox: Sandbox, database: Database
) -> None:
    from tests.support.people import ADMIN_ID

    user = sandbox.emulator.add_user("Dewi", last_name="Lestari", user_id=ADMIN_ID)
    dewi = sandbox.person(user)
    replies = await dewi.send("/start")
    assert "Bapak/Ibu terdaftar sebagai admin untuk (tanpa OPD)" in replies.text
    assert dewi.reply_keyboard == [
        ["➕ Inovasi baru", "📋 Daftar inovasi"],
        ["📊 Rekap", "🧩 Belum", "📡 Pemantauan", "🔎 Tinjau"],
        ["👥 Anggota", "✉️ Undangan"],
        ["📣 Siaran", "🗓 Jadwal"],
        ["📌 Rencana aksi"],
        ["❓ Bantuan", "🌐 Bahasa"],
    ]
    member = await member_of(database, dewi)
    assert member is not None and (member.role, member.opd_id) == ("admin", None)


async def test_a_titled_name_ends_its_sentence_once(person, invite, database: Database) -> None:
    code = await invite("DISDIK", role="staff", uses=1)
    asep = await person("new", name="Asep")
    await asep.send(f"/start {code}")
    await asep.press("✏️ Ubah nama")
    await asep.send("Asep Saepudin, S.Pd.")
    replies = await asep.tap("Lewati")
    assert replies.texts[0].startswith(
        "Terima kasih, Asep Saepudin, S.Pd. Bapak/Ibu sekarang terdaftar sebagai staf"
    )
    assert (await member_of(database, asep)).full_name == "Asep Saepudin, S.Pd."  # type: ignore[union-attr]
    replies = await asep.send("/start")
    assert replies.texts[0].startswith("Selamat datang kembali, Asep Saepudin, S.Pd.\n")
