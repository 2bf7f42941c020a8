"""Groups, languages, help by role, and the command menus Telegram shows."""

from __future__ import annotations

import json
from datetime import timedelta

from sandbox.client import Sandbox
from storage.database import Database
from storage.repositories import MemberRepository
from storage.repositories.settings import COORDINATOR_CHAT_ID, AppSettingRepository


async def test_commands_in_the_coordinators_group_point_to_a_private_chat(
    sandbox: Sandbox, coordinators_group, person, clock
) -> None:
    budi = await person("coordinator", opd="DISKOMINFOSANDITIK", name="Budi Santoso")
    in_group = sandbox.person(budi.user, coordinators_group)
    replies = await in_group.send("/anggota@InovasiSandboxBot")
    assert replies.texts == [
        "Silakan kirim perintah ini lewat chat pribadi dengan saya: https://t.me/InovasiSandboxBot"
    ]
    # Within the minute the pointer above serves everyone: the group is not flooded with it.
    assert (await in_group.send("/rekap")).texts == []
    clock.advance(timedelta(minutes=1))
    replies = await in_group.send("/bantuan")
    assert replies.texts == [
        "Inovasi Bot mengirim rekap ke grup ini. Untuk perintah lainnya, silakan chat pribadi: "
        "https://t.me/InovasiSandboxBot"
    ]
    # Ordinary talk in the group is not the bot's business.
    assert (await in_group.send("Rapat jam 2 ya")).texts == []


async def test_another_group_hears_once_who_the_bot_is_for(sandbox: Sandbox, person) -> None:
    siti = await person("coordinator")  # staff may not add the bot (tests/test_group_setup.py)
    group = sandbox.emulator.add_group("Arisan RT 05")
    group.bot_is_member = False
    actions = await sandbox.emulator.add_bot_to_group(group, siti.user)
    texts = [a.message.text for a in actions if a.message is not None]
    assert texts == [
        "Halo! Saya Inovasi Bot, layanan pendataan inovasi Smart City untuk perangkat daerah. "
        "Saya hanya bekerja di grup koordinator Diskominfo dan di chat pribadi: "
        "https://t.me/InovasiSandboxBot"
    ]
    in_group = sandbox.person(siti.user, group)
    assert (await in_group.send("/start")).texts == []
    assert (await in_group.send("/bantuan")).texts == []


async def test_a_group_the_bot_missed_being_added_to_hears_it_at_the_first_command(
    sandbox: Sandbox, person
) -> None:
    siti = await person("staff")
    group = sandbox.emulator.add_group("Grup lama", [siti.user])
    in_group = sandbox.person(siti.user, group)
    assert len((await in_group.send("/start")).texts) == 1
    assert (await in_group.send("/start")).texts == []


async def test_the_coordinators_group_is_followed_when_it_becomes_a_supergroup(
    sandbox: Sandbox, coordinators_group, person, database: Database
) -> None:
    budi = await person("coordinator", opd="DISKOMINFOSANDITIK")
    coordinators_group.members.add(budi.id)
    supergroup = await sandbox.emulator.migrate_group(coordinators_group)
    async with database.transaction() as session:
        stored = await AppSettingRepository(session).get(COORDINATOR_CHAT_ID)
    assert stored == str(supergroup.id)
    in_supergroup = sandbox.person(budi.user, supergroup)
    replies = await in_supergroup.send("/bantuan")
    assert replies.text.startswith("Inovasi Bot mengirim rekap ke grup ini.")


async def test_choosing_english_changes_texts_menu_and_commands(person, database: Database) -> None:
    siti = await person("staff")
    await siti.send("/start")
    replies = await siti.tap("🌐 Bahasa")
    assert replies.last.button_labels == [["🇮🇩 Bahasa Indonesia", "🇬🇧 English"]]
    replies = await siti.press("🇬🇧 English")
    assert replies.texts[0] == "Language set to English."
    assert replies.texts[1].startswith("What you can do:")
    assert siti.reply_keyboard == [
        ["➕ New innovation", "📋 Innovations"],
        ["📌 Action plan"],
        ["❓ Help", "🌐 Language"],
    ]
    assert (await siti.tap("❓ Help")).text.startswith("What you can do:")
    async with database.transaction() as session:
        member = await MemberRepository(session).by_telegram_id(siti.id)
    assert member is not None and member.language == "en"
    scope = json.dumps({"chat_id": siti.id, "type": "chat"}, sort_keys=True)
    assert [c["command"] for c in siti.emulator.commands[(scope, "")]] == [
        "start", "new", "list", "view", "edit", "plan", "help", "language", "cancel",
    ]  # fmt: skip
    replies = await siti.send("/bahasa")
    await siti.press("🇮🇩 Bahasa Indonesia")
    assert (await siti.send("/start")).text.startswith("Selamat datang kembali")


async def test_a_forged_language_choice_is_answered_and_changes_nothing(
    person, database: Database
) -> None:
    """The language buttons carry typed data (bot/telegram/callbacks.py): a language the bot does
    not have, or data that is not a language, gets the expired-button notice, never silence."""
    siti = await person("staff")
    menu = await siti.send("/bahasa")
    assert menu.last.button_labels == [["🇮🇩 Bahasa Indonesia", "🇬🇧 English"]]
    for data in ("lang:fr", "lang:en:x", "lang:"):
        replies = await siti.forge(data, menu.last)
        assert replies.toasts == ["Tombol ini sudah tidak berlaku. Silakan ulangi dari menu."]
    async with database.transaction() as session:
        member = await MemberRepository(session).by_telegram_id(siti.id)
    assert member is not None and member.language is None


async def test_the_chosen_language_beats_telegrams(person) -> None:
    siti = await person("staff", language_code="en", language="id")
    assert (await siti.send("/start")).text.startswith("Selamat datang kembali")


async def test_help_depends_on_the_role(person) -> None:
    siti = await person("staff")
    dewi = await person("admin", opd="DISKOMINFOSANDITIK", language_code="en")
    stranger = await person("new")
    staff_help = (await siti.send("/bantuan")).text
    admin_help = (await dewi.send("/help")).text
    guest_help = (await stranger.send("/bantuan")).text
    assert staff_help.startswith("Yang dapat Bapak/Ibu lakukan:") and "/anggota" not in staff_help
    assert admin_help.startswith("What you can do as an admin:") and "/members" in admin_help
    assert "/start — mendaftar dengan kode undangan" in guest_help


async def test_command_menus_are_published_per_language_and_role(sandbox: Sandbox) -> None:
    commands = sandbox.emulator.commands
    private = json.dumps({"type": "all_private_chats"}, sort_keys=True)
    assert [c["command"] for c in commands[(private, "id")]] == [
        "start", "baru", "daftar", "lihat", "ubah", "rencana", "bantuan", "bahasa", "batal",
    ]  # fmt: skip
    assert [c["command"] for c in commands[(private, "en")]] == [
        "start", "new", "list", "view", "edit", "plan", "help", "language", "cancel",
    ]  # fmt: skip
    assert commands[(private, "en")][6]["description"] == "What I can do here"


async def test_an_admin_gets_admin_commands_at_the_next_start(
    sandbox: Sandbox, person, settings, database: Database, emulator, clock
) -> None:
    from bot.app import build_application

    dewi = await person("admin", opd="DISKOMINFOSANDITIK")
    await dewi.send("/start")
    await sandbox.stop()
    again = Sandbox(
        build_application(settings, request=Sandbox.request(emulator), database=database,
                          clock=clock),
        emulator,
    )  # fmt: skip
    await again.start()
    await again.stop()
    scope = json.dumps({"chat_id": dewi.id, "type": "chat"}, sort_keys=True)
    assert "anggota" in [c["command"] for c in emulator.commands[(scope, "")]]


async def test_unknown_messages_and_stale_buttons_get_an_answer(person) -> None:
    siti = await person("staff")
    assert (await siti.send("halo bot")).texts == [
        "Mohon maaf, pesan ini belum dapat saya proses. Ketik /start untuk kembali ke menu utama."
    ]
    assert (await siti.send("/batal")).texts == [
        "Tidak ada langkah yang sedang berjalan. Ketik /start untuk membuka menu utama."
    ]
    await siti.send("/start")
    replies = await siti.forge("xyz:unknown")
    assert replies.toasts == ["Tombol ini sudah tidak berlaku. Silakan ulangi dari menu."]
