"""Access requests, /anggota and /undang: what admins do, and what nobody else can."""

from __future__ import annotations

from sqlalchemy import select

from sandbox.client import Person
from storage.database import Database
from storage.models import AccessRequest, Invite, Member, Opd
from storage.repositories import MemberRepository, OpdRepository

EXPIRED = "Tombol ini sudah tidak berlaku. Silakan ulangi dari menu."


async def add_opds(database: Database, count: int) -> None:
    async with database.transaction() as session:
        await OpdRepository(session).upsert(
            [("DINKES", "Dinas Kesehatan")]
            + [(f"KEC{i:02d}", f"Kecamatan Nomor {i:02d}") for i in range(1, count)]
        )


async def member_of(database: Database, person: Person) -> Member | None:
    async with database.transaction() as session:
        return await MemberRepository(session).by_telegram_id(person.id)


async def test_requesting_access_and_an_admin_approving(person, database: Database) -> None:
    await add_opds(database, 12)
    dewi = await person("admin", opd="DISKOMINFOSANDITIK", name="Dewi Lestari")
    rudi = await person("admin", opd="DISKOMINFOSANDITIK", name="Rudi Hartono", language="en")
    asep = await person("new", name="Asep Saepudin")

    await asep.send("/start")
    replies = await asep.press("🙋 Minta akses tanpa undangan")
    screen = replies.last
    assert screen.text.startswith("Pilih OPD Bapak/Ibu (halaman 1 dari 2).")
    assert len(screen.button_labels) == 9 and screen.button_labels[-1] == ["Berikutnya ➡️"]
    replies = await asep.press("Berikutnya ➡️")
    assert replies.last.text.startswith("Pilih OPD Bapak/Ibu (halaman 2 dari 2).")
    replies = await asep.send("zzz")
    assert replies.texts == ["Tidak ada OPD yang cocok dengan “zzz”. Silakan coba kata lain."]
    replies = await asep.send("KESEHATAN")
    assert replies.last.button_labels == [["Dinas Kesehatan"]]
    replies = await asep.press("Dinas Kesehatan")
    assert replies.texts == ["Apakah nama lengkap Bapak/Ibu Asep Saepudin?"]
    replies = await asep.press("✅ Ya, benar")
    assert replies.texts == [
        "Permintaan akses untuk Dinas Kesehatan telah dikirim ke admin. "
        "Kami akan mengabari Bapak/Ibu di sini."
    ]
    notice = dewi.last
    assert notice.text.startswith(
        "🙋 Permintaan akses baru\nNama: Asep Saepudin\nOPD: Dinas Kesehatan"
    )
    assert notice.button_labels == [["✅ Setujui", "❌ Tolak"]]
    assert rudi.last.text.startswith("🙋 New access request")

    # Asking again while it waits: told it waits, no second request.
    replies = await asep.send("/start")
    assert "sedang menunggu persetujuan admin" in replies.text

    await dewi.press("✅ Setujui")
    assert dewi.last.text.endswith("✅ Disetujui oleh Dewi Lestari.")
    assert dewi.last.inline_buttons == []
    assert asep.last.text.startswith("Permintaan akses Bapak/Ibu untuk Dinas Kesehatan disetujui.")
    member = await member_of(database, asep)
    assert member is not None and (member.role, member.full_name) == ("staff", "Asep Saepudin")

    # The other admin's copy still has buttons: pressing them is told the outcome.
    replies = await rudi.press("❌ Reject")
    assert replies.toasts == ["This request has already been decided. ✅ Approved by Dewi Lestari."]
    assert rudi.last.text.endswith("✅ Approved by Dewi Lestari.")
    admin = await member_of(database, dewi)
    async with database.transaction() as session:
        requests = list(await session.scalars(select(AccessRequest)))
    assert admin is not None
    assert [(r.status, r.decided_by_id) for r in requests] == [("approved", admin.id)]


async def test_a_rejected_request_is_told_in_the_requesters_language(
    person, database: Database
) -> None:
    await add_opds(database, 2)
    dewi = await person("admin", opd="DISKOMINFOSANDITIK", name="Dewi Lestari")
    john = await person("new", name="John Smith", language_code="en")
    await john.send("/start")
    await john.press("🙋 Request access without an invite")
    await john.press("Dinas Kesehatan")
    await john.press("✏️ Change name")
    await john.send("John A. Smith")
    await dewi.press("❌ Tolak")
    assert john.last.text.startswith(
        "Sorry, your access request for Dinas Kesehatan was not approved"
    )
    assert await member_of(database, john) is None
    # A decided request does not block asking again.
    replies = await john.send("/start")
    assert replies.text.startswith("Welcome to Inovasi Bot")


async def test_only_admins_decide_even_with_forged_buttons(person, database: Database) -> None:
    await add_opds(database, 2)
    dewi = await person("admin", opd="DISKOMINFOSANDITIK")
    siti = await person("staff")
    asep = await person("new")
    await asep.send("/start")
    await asep.press("🙋 Minta akses tanpa undangan")
    await asep.press("Dinas Kesehatan")
    await asep.press("✅ Ya, benar")
    request_id = dewi.last.inline_buttons[0][0]["callback_data"].split(":")[-1]
    await siti.send("/start")
    # A tampered client sends the admin's callback data from Siti's own chat.
    replies = await siti.forge(f"acc:ok:{request_id}")
    assert replies.toasts == ["Mohon maaf, perintah ini tidak tersedia untuk peran Bapak/Ibu."]
    for data in ("acc:ok:99999999999999999999", "acc:maybe:1", "acc:ok:424242"):
        replies = await dewi.forge(data)
        assert replies.toasts == ["Tombol ini sudah tidak berlaku. Silakan ulangi dari menu."]
    assert await member_of(database, asep) is None


async def test_admins_manage_members(person, database: Database) -> None:
    await add_opds(database, 3)
    dewi = await person("admin", opd="DISKOMINFOSANDITIK", name="Dewi Lestari")
    siti = await person("staff", opd="DINKES", name="Siti Rahmawati")
    await dewi.send("/start")
    replies = await dewi.tap("👥 Anggota")
    assert replies.last.text == "Anggota (2), halaman 1 dari 1. Pilih untuk mengelola:"
    assert replies.last.button_labels == [
        ["Dewi Lestari · admin · DISKOMINFOSANDITIK"],
        ["Siti Rahmawati · staf · DINKES"],
    ]
    replies = await dewi.press("Siti Rahmawati · staf · DINKES")
    assert replies.last.text == (
        "Siti Rahmawati\nOPD: Dinas Kesehatan\nPeran: staf\nStatus: aktif\nTelepon: -"
    )
    await dewi.press("Jadikan koordinator")
    assert siti.last.text == "Peran Bapak/Ibu di Inovasi Bot sekarang: koordinator."
    assert "Peran: koordinator" in dewi.last.text
    await dewi.press("🏢 Ganti OPD")
    await dewi.press("Kecamatan Nomor 01")
    assert siti.last.text == "OPD Bapak/Ibu di Inovasi Bot sekarang: Kecamatan Nomor 01."
    told = len(siti.bot_messages)
    # 🚫 Blokir asks first; Batal leaves her as she was.
    replies = await dewi.press("🚫 Blokir")
    assert replies.last.text == (
        "Blokir Siti Rahmawati (Kecamatan Nomor 01)? Ia tidak dapat memakai bot lagi sampai "
        "blokirnya dibuka."
    )
    assert replies.last.button_labels == [["🚫 Ya, blokir", "✖️ Batal"]]
    replies = await dewi.press("✖️ Batal")
    assert replies.last.text.startswith("Siti Rahmawati\nOPD: Kecamatan Nomor 01")
    member = await member_of(database, siti)
    assert member is not None and member.status == "active"
    assert len(siti.bot_messages) == told
    await dewi.press("🚫 Blokir")
    await dewi.press("🚫 Ya, blokir")
    assert siti.last.text == "Akun Bapak/Ibu di Inovasi Bot dinonaktifkan oleh admin."
    member = await member_of(database, siti)
    assert member is not None and member.opd is not None
    assert (member.role, member.status, member.opd.code) == ("coordinator", "blocked", "KEC01")
    replies = await siti.send("/start")
    assert "dinonaktifkan" in replies.text
    await dewi.press("✅ Buka blokir")
    assert "diaktifkan kembali" in siti.last.text
    # Admin commands for the coordinator's menu were published to her chat.
    scopes = [key for key in dewi.emulator.commands if str(siti.id) in key[0]]
    assert scopes


async def test_an_admin_cannot_lock_themselves_out(person, database: Database) -> None:
    dewi = await person("admin", opd="DISKOMINFOSANDITIK", name="Dewi Lestari")
    await dewi.send("/anggota")
    await dewi.press("Dewi Lestari · admin · DISKOMINFOSANDITIK")
    replies = await dewi.press("🚫 Blokir")
    assert replies.toasts == ["Bapak/Ibu tidak dapat mengubah peran atau memblokir diri sendiri."]
    replies = await dewi.press("Jadikan staf")
    assert replies.toasts == ["Bapak/Ibu tidak dapat mengubah peran atau memblokir diri sendiri."]
    # The confirmation's data, forged, is checked again on the server.
    member = await member_of(database, dewi)
    assert member is not None
    replies = await dewi.forge(f"mem:blockok:{member.id}")
    assert replies.toasts == ["Bapak/Ibu tidak dapat mengubah peran atau memblokir diri sendiri."]
    member = await member_of(database, dewi)
    assert member is not None and member.status == "active"


async def test_old_admin_buttons_are_rechecked_after_a_role_change(
    person, database: Database
) -> None:
    dewi = await person("admin", opd="DISKOMINFOSANDITIK", name="Dewi Lestari")
    siti = await person("staff", name="Siti Rahmawati")
    await dewi.send("/anggota")
    await dewi.press("Siti Rahmawati · staf · DINKES")
    async with database.transaction() as session:
        member = await MemberRepository(session).by_telegram_id(dewi.id)
        assert member is not None
        member.role = "staff"
    replies = await dewi.press("🚫 Blokir")
    assert replies.toasts == ["Mohon maaf, perintah ini tidak tersedia untuk peran Bapak/Ibu."]
    replies = await dewi.send("/anggota")
    assert replies.texts == ["Mohon maaf, perintah ini tidak tersedia untuk peran Bapak/Ibu."]
    member = await member_of(database, siti)
    assert member is not None and member.status == "active"


async def test_staff_and_strangers_cannot_use_admin_commands(person) -> None:
    siti = await person("staff")
    budi = await person("coordinator", opd="DISKOMINFOSANDITIK")
    stranger = await person("new", language_code="en")
    for someone in (siti, budi):
        for command in ("/anggota", "/undang DINKES", "/members"):
            assert (await someone.send(command)).texts == [
                "Mohon maaf, perintah ini tidak tersedia untuk peran Bapak/Ibu."
            ]
        for data in ("mem:block:1", "mem:role:1:a", "inv:mk:1:a", "inv:rv:1", "mem:page:0"):
            replies = await someone.forge(data)
            assert replies.toasts == [
                "Mohon maaf, perintah ini tidak tersedia untuk peran Bapak/Ibu."
            ]
    assert (await stranger.send("/invite")).texts == [
        "Sorry, you are not registered yet. Type /start to register."
    ]


async def test_admins_create_list_and_revoke_invites(person, database: Database) -> None:
    await add_opds(database, 3)
    dewi = await person("admin", opd="DISKOMINFOSANDITIK", name="Dewi Lestari")
    await dewi.send("/start")
    await dewi.tap("✉️ Undangan")
    await dewi.press("➕ Undangan baru")
    await dewi.press("Dinas Kesehatan")
    replies = await dewi.press("staf")
    assert replies.last.text == (
        "Undangan untuk Dinas Kesehatan sebagai staf. Berapa kali kode ini boleh dipakai? Pilih, "
        "atau ketik angka 1–1.000."
    )
    assert replies.last.button_labels == [
        ["1 kali", "5 kali", "10 kali"], ["30 kali (disarankan)", "100 kali"], ["⬅️ Kembali"],
    ]  # fmt: skip
    replies = await dewi.press("30 kali (disarankan)")
    assert (
        replies.last.text
        == "Dapat dipakai 30 kali. Berlaku berapa hari? Pilih, atau ketik angka 1–365."
    )
    assert replies.last.button_labels == [
        ["1 hari", "7 hari", "14 hari (disarankan)"], ["30 hari"], ["⬅️ Kembali"],
    ]  # fmt: skip
    replies = await dewi.press("14 hari (disarankan)")
    text = replies.last.text
    assert text.startswith("Kode undangan: ")
    code = text.split("\n")[0].removeprefix("Kode undangan: ")
    assert f"Tautan: https://t.me/InovasiSandboxBot?start={code}" in text
    assert "Untuk Dinas Kesehatan sebagai staf; dapat dipakai 30 kali; berlaku sampai " in text
    assert "16 November 2026 09.00 WIB" in text

    asep = await person("new", name="Asep Saepudin")
    assert "Kode undangan diterima" in (await asep.send(f"/start {code}")).text

    await dewi.send("/undang")
    replies = await dewi.press("📋 Undangan aktif")
    assert code in replies.last.text and "terpakai 0/30" in replies.last.text
    # 🗑 Cabut asks first; Batal goes back to the list, the invite still valid.
    replies = await dewi.press(f"🗑 Cabut {code}")
    assert replies.last.text == (
        f"Cabut undangan {code} (DINKES · staf)? Tautannya tidak dapat dipakai lagi."
    )
    assert replies.last.button_labels == [["🗑 Ya, cabut", "✖️ Batal"]]
    replies = await dewi.press("✖️ Batal")
    assert code in replies.last.text and "terpakai 0/30" in replies.last.text
    async with database.transaction() as session:
        invite = await session.scalar(select(Invite).where(Invite.code == code))
    assert invite is not None and invite.revoked_at is None
    await dewi.press(f"🗑 Cabut {code}")
    replies = await dewi.press("🗑 Ya, cabut")
    assert replies.toasts == [f"Undangan {code} dicabut."]
    assert replies.last.text == "Tidak ada undangan yang masih berlaku."
    async with database.transaction() as session:
        invite = await session.scalar(select(Invite).where(Invite.code == code))
    assert invite is not None and invite.revoked_at is not None
    # Asep had the code accepted before the revocation; finishing now is refused.
    await asep.press("✅ Ya, benar")
    replies = await asep.tap("Lewati")
    assert "sudah dicabut" in replies.text
    assert await member_of(database, asep) is None


async def test_invite_command_with_an_opd_code(person, database: Database) -> None:
    await add_opds(database, 2)
    dewi = await person("admin", opd="DISKOMINFOSANDITIK")
    replies = await dewi.send("/undang dinkes")
    assert replies.last.text == "Undangan untuk Dinas Kesehatan. Sebagai apa?"
    replies = await dewi.send("/invite NOPE")
    assert replies.texts[0] == "OPD dengan kode NOPE tidak ditemukan. Pilih dari daftar berikut."
    assert replies.last.text.startswith("Pilih OPD untuk undangan baru")
    replies = await dewi.press("Dinas Kesehatan")
    replies = await dewi.press("admin")
    assert ["1 kali (disarankan)", "5 kali", "10 kali"] in replies.last.button_labels
    await dewi.press("1 kali (disarankan)")
    replies = await dewi.send("3")  # typed, not a button: three days
    assert "dapat dipakai 1 kali; berlaku sampai 5 November 2026 09.00 WIB" in replies.last.text
    async with database.transaction() as session:
        opd = await session.scalar(select(Opd).where(Opd.code == "DINKES"))
        invite = await session.scalar(select(Invite))
    assert invite is not None and opd is not None
    assert (invite.opd_id, invite.role, invite.max_uses) == (opd.id, "admin", 1)
    assert invite.expires_at is not None and invite.expires_at.day == 5


async def test_two_admins_pressing_at_the_same_moment(person, database: Database) -> None:
    import asyncio

    await add_opds(database, 2)
    dewi = await person("admin", opd="DISKOMINFOSANDITIK", name="Dewi Lestari")
    rudi = await person("admin", opd="DISKOMINFOSANDITIK", name="Rudi Hartono")
    asep = await person("new", name="Asep Saepudin")
    await asep.send("/start")
    await asep.press("🙋 Minta akses tanpa undangan")
    await asep.press("Dinas Kesehatan")
    await asep.press("✅ Ya, benar")
    emulator = asep.emulator
    mark = len(emulator.actions)
    await asyncio.gather(dewi.press("✅ Setujui"), rudi.press("❌ Tolak"), dewi.press("✅ Setujui"))
    # Replies of concurrent presses interleave: count the answers in the emulator's log.
    answers = [a.detail.get("text") or "" for a in emulator.actions[mark:] if a.kind == "answer"]
    assert len(answers) == 3
    assert sum("sudah diputuskan" in text for text in answers) == 2
    async with database.transaction() as session:
        requests = list(await session.scalars(select(AccessRequest)))
        members = list(await session.scalars(select(Member).where(Member.telegram_id == asep.id)))
    assert len(requests) == 1 and requests[0].status in ("approved", "rejected")
    assert len(members) == (1 if requests[0].status == "approved" else 0)
    verdicts = [m for m in asep.bot_messages if "disetujui" in m.text]
    assert len(verdicts) == 1


async def test_typing_part_of_an_opd_name_then_the_uses_and_days(
    person, database: Database
) -> None:
    await add_opds(database, 12)
    dewi = await person("admin", opd="DISKOMINFOSANDITIK", name="Dewi Lestari")
    await dewi.send("/undang")
    replies = await dewi.press("➕ Undangan baru")
    assert replies.last.text.endswith("atau ketik sebagian nama atau kodenya:")
    replies = await dewi.send("zzz")
    assert replies.texts[0] == (
        "Tidak ada OPD yang cocok dengan “zzz”. Coba kata lain, atau pilih dari daftar berikut."
    )
    assert replies.last.text.startswith("Pilih OPD untuk undangan baru")
    replies = await dewi.send("nomor 1")
    assert replies.last.text == "OPD yang cocok dengan “nomor 1” (2). Pilih, atau ketik kata lain:"
    assert replies.last.button_labels == [
        ["Kecamatan Nomor 10"],
        ["Kecamatan Nomor 11"],
        ["⬅️ Kembali"],
    ]
    replies = await dewi.send("keseh")
    assert replies.last.button_labels == [["Dinas Kesehatan"], ["⬅️ Kembali"]]
    await dewi.press("Dinas Kesehatan")
    await dewi.press("koordinator")
    for typed, most in (("dua", "1.000"), ("0", "1.000"), ("1001", "1.000")):
        assert (await dewi.send(typed)).texts == [
            f"Mohon ketik angka bulat dari 1 sampai {most}, atau pilih salah satu tombol."
        ]
    assert (await dewi.forge("inv:use:5000")).toasts == [
        "Mohon ketik angka bulat dari 1 sampai 1.000, atau pilih salah satu tombol."
    ]
    assert (await dewi.forge("inv:day:7")).toasts == [EXPIRED]  # not at that question yet
    replies = await dewi.send("2")
    assert replies.last.text.startswith("Dapat dipakai 2 kali. Berlaku berapa hari?")
    assert (await dewi.send("400")).texts == [
        "Mohon ketik angka bulat dari 1 sampai 365, atau pilih salah satu tombol."
    ]
    async with database.transaction() as session:
        assert await session.scalar(select(Invite)) is None
    replies = await dewi.press("7 hari")
    assert "Untuk Dinas Kesehatan sebagai koordinator; dapat dipakai 2 kali" in replies.last.text
    async with database.transaction() as session:
        invite = await session.scalar(select(Invite))
    assert invite is not None and (invite.role, invite.max_uses) == ("coordinator", 2)
    assert invite.expires_at is not None and invite.expires_at.day == 9
    # The flow is over: its buttons, and a typed word, no longer make anything.
    assert (await dewi.forge("inv:day:7")).toasts == [EXPIRED]
    assert (await dewi.forge("inv:use:2")).toasts == [EXPIRED]
    assert "belum dapat saya proses" in (await dewi.send("keseh")).text
    async with database.transaction() as session:
        assert len(list(await session.scalars(select(Invite)))) == 1


async def test_forged_or_garbled_member_and_invite_buttons_change_nothing(
    person, database: Database
) -> None:
    await add_opds(database, 2)
    dewi = await person("admin", opd="DISKOMINFOSANDITIK", name="Dewi Lestari")
    siti = await person("staff", name="Siti Rahmawati")
    await dewi.send("/undang")
    await dewi.press("➕ Undangan baru")
    await dewi.press("Dinas Kesehatan")
    await dewi.press("staf")
    await dewi.press("30 kali (disarankan)")
    await dewi.press("14 hari (disarankan)")
    member = await member_of(database, siti)
    assert member is not None
    for data in ("mem:block:x", "mem:blockok:", "mem:role:1:z", "mem:setopd:1", "mem:page:-1",
                 "inv:rv:abc", "inv:rvok:1:2", "inv:mk:1:q", "inv:list:1", "inv:use:x",
                 "mem:blockok:99999", "inv:rvok:99999", "inv:rv:99999"):  # fmt: skip
        replies = await dewi.forge(data)
        assert replies.toasts and replies.toasts[0] in (
            EXPIRED,
            "Anggota tidak ditemukan.",
            "Undangan ini sudah tidak berlaku.",
        ), data
    member = await member_of(database, siti)
    assert member is not None and member.status == "active"
    async with database.transaction() as session:
        invites = list(await session.scalars(select(Invite)))
    assert len(invites) == 1 and invites[0].revoked_at is None
    # A staff member's forged confirmation is refused on the role, whatever the target.
    await siti.send("/start")
    for data in (f"mem:blockok:{member.id}", f"inv:rvok:{invites[0].id}"):
        assert (await siti.forge(data)).toasts == [
            "Mohon maaf, perintah ini tidak tersedia untuk peran Bapak/Ibu."
        ]
    async with database.transaction() as session:
        invite = await session.get(Invite, invites[0].id)
    assert invite is not None and invite.revoked_at is None


def test_an_invites_number_is_ascii_digits_only() -> None:
    from conversations.admin.invites import _number

    assert _number("²", 100) is None and _number("٣", 100) is None  # digits to isdigit() only
    assert _number(" 30 ", 100) == 30 and _number("0", 100) is None and _number("101", 100) is None
