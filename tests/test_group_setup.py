"""Finding the coordinators' group: an admin or a coordinator adds the bot to a group, every admin
gets its id, who added the bot and how many are in it, and a one-tap "use this as the
coordinators' group", checked again on the server. Anyone else's group hears a polite no and the
bot leaves it; offers are one pending per group and OFFERS_PER_HOUR in all."""

from __future__ import annotations

from datetime import timedelta

from bot.core.clock import FakeClock
from bot.core.settings import Settings
from bot.telegram.groups import coordinator_chat_id
from conversations.admin.groups import OFFER_LIFETIME, OFFERS_PER_HOUR
from sandbox.client import Person, Sandbox
from sandbox.emulator import Chat
from tests.support.people import admin_of

BUTTON = "✅ Jadikan grup koordinator"
REFUSAL = (
    "Mohon maaf, Inovasi Bot hanya dapat ditambahkan ke grup oleh admin atau koordinator "
    "Diskominfo, sehingga bot akan keluar dari grup ini. Bapak/Ibu tetap dapat menggunakan bot "
    "lewat chat pribadi: https://t.me/InovasiSandboxBot"
)


def offers(admin: Person) -> list:
    return [m for m in admin.bot_messages if "ID grup" in m.content]


async def remove_bot(sandbox: Sandbox, group: Chat, by) -> None:
    emulator = sandbox.emulator
    group.bot_is_member = False
    await emulator._deliver(
        {
            "my_chat_member": {
                "chat": group.to_dict(),
                "from": by.to_dict(),
                "date": int(emulator.clock().timestamp()),
                "old_chat_member": {"status": "member", "user": emulator.bot.to_dict()},
                "new_chat_member": {"status": "left", "user": emulator.bot.to_dict()},
            }
        }
    )


async def test_an_admin_makes_a_new_group_the_coordinators_group_in_one_tap(
    person, sandbox: Sandbox, settings: Settings, coordinators_group
) -> None:
    dewi = await admin_of(sandbox)  # in ADMIN_IDS; she has never written to the bot
    other_admin = await person("admin", opd="DISKOMINFOSANDITIK", name="Admin Kominfo")
    budi = sandbox.emulator.add_user("Budi")
    group = sandbox.emulator.add_group("Tim Smart City 2027", [budi], supergroup=True)
    await sandbox.emulator.add_bot_to_group(group, dewi.user)
    for admin in (dewi, other_admin):
        (notice,) = offers(admin)
        assert notice.text == (
            '➕ Inovasi Bot ditambahkan ke grup "Tim Smart City 2027"\n'
            "Ditambahkan oleh: Dewi Lestari (admin)\n"
            "Jumlah anggota: 3\n"  # Budi, Dewi and the bot
            f"ID grup: {group.id}\n"
            "Apakah ini grup koordinator Diskominfo? Bila ya, silakan tekan tombol di bawah; "
            "rekap harian dan pemberitahuan inovasi akan dikirim ke grup ini."
        )
        assert notice.button_labels == [[BUTTON], ["👔 Jadikan chat pimpinan"]]
    replies = await dewi.press(BUTTON)
    assert replies.last.text == (
        f'✅ Grup "Tim Smart City 2027" (ID {group.id}) kini menjadi grup koordinator.'
    )
    assert replies.last.button_labels == []
    services = sandbox.application.bot_data
    assert await coordinator_chat_id(services) == group.id
    assert settings.coordinator_chat_id == coordinators_group.id  # the default stays as it was
    in_group = sandbox.emulator.messages(group.id)
    assert in_group[-1].content.startswith("Grup ini kini menjadi grup koordinator Inovasi Bot")
    # The group's command menu is published for the new group.
    scopes = [scope for scope, _ in sandbox.emulator.commands if str(group.id) in scope]
    assert scopes
    # Pressed again (an old copy of the button), or by the other admin on theirs: nothing
    # changes, and they are told.
    replies = await dewi.forge(f"grp:use:{group.id}", replies.last)
    assert replies.toasts == ["Grup ini sudah menjadi grup koordinator."]
    replies = await other_admin.press(BUTTON)
    assert replies.toasts == ["Grup ini sudah menjadi grup koordinator."]
    assert await coordinator_chat_id(services) == group.id


async def test_a_coordinator_may_add_the_bot_and_the_offer_names_them(
    person, sandbox: Sandbox
) -> None:
    admin = await person("admin", opd="DISKOMINFOSANDITIK", name="Admin Kominfo")
    coordinator = await person("coordinator", opd="DISKOMINFOSANDITIK", name="Rina <b>&</b> Co")
    group = sandbox.emulator.add_group("Tim <i>Smart</i> City")
    await sandbox.emulator.add_bot_to_group(group, coordinator.user)
    (notice,) = offers(admin)
    # Names as typed, never read as HTML.
    assert notice.text.startswith('➕ Inovasi Bot ditambahkan ke grup "Tim <i>Smart</i> City"\n')
    assert "Ditambahkan oleh: Rina <b>&</b> Co (koordinator)\nJumlah anggota: 2\n" in notice.text
    assert not offers(coordinator)
    assert group.bot_is_member
    replies = await admin.press(BUTTON)
    assert replies.last.text.endswith("kini menjadi grup koordinator.")
    assert await coordinator_chat_id(sandbox.application.bot_data) == group.id


async def test_a_strangers_group_hears_a_polite_no_and_the_bot_leaves(
    person, sandbox: Sandbox, coordinators_group
) -> None:
    admin = await person("admin", opd="DISKOMINFOSANDITIK", name="Admin Kominfo")
    dewi = await admin_of(sandbox)
    staff = await person("staff", opd="DINKES", name="Siti Rahmawati")
    stranger = sandbox.emulator.add_user("Asep", language_code="id")
    for adder in (stranger, staff.user):
        group = sandbox.emulator.add_group("Grup Promo Pulsa")
        actions = await sandbox.emulator.add_bot_to_group(group, adder)
        assert [a.message.text for a in actions if a.message is not None] == [REFUSAL]
        assert [a.kind for a in actions if a.chat_id == group.id] == ["send", "leave"]
        assert not group.bot_is_member
        # No admin is pinged, and the group cannot be chosen by a forged button either.
        assert not offers(admin) and not dewi.bot_messages
        await admin.send("/bantuan")
        replies = await admin.forge(f"grp:use:{group.id}")
        assert replies.toasts == [
            "Mohon maaf, tombol ini sudah tidak berlaku. Bila grup itu memang grup koordinator, "
            "silakan keluarkan bot dari grup lalu tambahkan lagi."
        ]
        services = sandbox.application.bot_data
        assert await coordinator_chat_id(services) == coordinators_group.id
    # In English for someone whose Telegram is in English.
    english = sandbox.emulator.add_user("John", language_code="en")
    group = sandbox.emulator.add_group("Spam group")
    actions = await sandbox.emulator.add_bot_to_group(group, english)
    (refusal,) = [a.message.text for a in actions if a.message is not None]
    assert refusal.startswith("Sorry, only Diskominfo's admins and coordinators can add")
    assert not group.bot_is_member


async def test_one_pending_offer_per_group(person, sandbox: Sandbox) -> None:
    admin = await person("admin", opd="DISKOMINFOSANDITIK", name="Admin Kominfo")
    coordinator = await person("coordinator", opd="DISKOMINFOSANDITIK", name="Rina Koordinator")
    group = sandbox.emulator.add_group("Tim Smart City")
    await sandbox.emulator.add_bot_to_group(group, coordinator.user)
    (notice,) = offers(admin)
    # Removed and added again, twice: the admin is not pinged again.
    for _ in range(2):
        await remove_bot(sandbox, group, coordinator.user)
        await sandbox.emulator.add_bot_to_group(group, coordinator.user)
    assert offers(admin) == [notice]
    # The bot is back in the group: the one button works.
    replies = await admin.press(BUTTON, message=notice)
    assert replies.last.text.endswith("kini menjadi grup koordinator.")
    assert await coordinator_chat_id(sandbox.application.bot_data) == group.id


async def test_offers_are_limited_per_hour(person, sandbox: Sandbox, clock: FakeClock) -> None:
    admin = await person("admin", opd="DISKOMINFOSANDITIK", name="Admin Kominfo")
    coordinator = await person("coordinator", opd="DISKOMINFOSANDITIK", name="Rina Koordinator")
    assert OFFERS_PER_HOUR == 5
    groups = [sandbox.emulator.add_group(f"Grup {n}") for n in range(OFFERS_PER_HOUR + 2)]
    for group in groups[:OFFERS_PER_HOUR]:
        await sandbox.emulator.add_bot_to_group(group, coordinator.user)
        clock.advance(timedelta(minutes=5))
    assert len(offers(admin)) == OFFERS_PER_HOUR
    # The sixth within the hour: no ping; the group is told why.
    late = groups[OFFERS_PER_HOUR]
    actions = await sandbox.emulator.add_bot_to_group(late, coordinator.user)
    assert [a.message.text for a in actions if a.message is not None] == [
        "Mohon maaf, bot sudah ditambahkan ke terlalu banyak grup dalam satu jam terakhir, "
        "sehingga admin belum diberi tahu tentang grup ini. Silakan keluarkan bot lalu "
        "tambahkan lagi satu jam lagi."
    ]
    assert len(offers(admin)) == OFFERS_PER_HOUR
    # An hour after the first offer, there is room for one more.
    clock.advance(timedelta(minutes=36))
    await sandbox.emulator.add_bot_to_group(groups[-1], coordinator.user)
    assert len(offers(admin)) == OFFERS_PER_HOUR + 1
    assert f"ID grup: {groups[-1].id}" in offers(admin)[-1].text


async def test_an_offer_left_too_long_is_stale(
    person, sandbox: Sandbox, clock: FakeClock, coordinators_group
) -> None:
    admin = await person("admin", opd="DISKOMINFOSANDITIK", name="Admin Kominfo")
    coordinator = await person("coordinator", opd="DISKOMINFOSANDITIK", name="Rina Koordinator")
    group = sandbox.emulator.add_group("Tim Smart City")
    await sandbox.emulator.add_bot_to_group(group, coordinator.user)
    (notice,) = offers(admin)
    clock.advance(OFFER_LIFETIME)
    replies = await admin.press(BUTTON, message=notice)
    assert replies.toasts == [
        "Mohon maaf, tombol ini sudah tidak berlaku. Bila grup itu memang grup koordinator, "
        "silakan keluarkan bot dari grup lalu tambahkan lagi."
    ]
    services = sandbox.application.bot_data
    assert await coordinator_chat_id(services) == coordinators_group.id
    # Added again, the group is offered anew.
    await remove_bot(sandbox, group, coordinator.user)
    await sandbox.emulator.add_bot_to_group(group, coordinator.user)
    assert len(offers(admin)) == 2
    replies = await admin.press(BUTTON)
    assert replies.last.text.endswith("kini menjadi grup koordinator.")


async def test_the_button_is_checked_again_on_the_server(
    person, sandbox: Sandbox, coordinators_group
) -> None:
    admin = await person("admin", opd="DISKOMINFOSANDITIK", name="Admin Kominfo")
    coordinator = await person("coordinator", opd="DISKOMINFOSANDITIK", name="Rina Koordinator")
    group = sandbox.emulator.add_group("Grup Arisan")
    await sandbox.emulator.add_bot_to_group(group, admin.user)
    notice = admin.last
    services = sandbox.application.bot_data
    # A coordinator forging the admin's button: refused.
    await coordinator.send("/bantuan")
    replies = await coordinator.forge(f"grp:use:{group.id}")
    assert replies.toasts == ["Mohon maaf, perintah ini tidak tersedia untuk peran Bapak/Ibu."]
    assert await coordinator_chat_id(services) == coordinators_group.id
    # An admin forging the id of a group the bot is not in, or no group at all.
    stranger = sandbox.emulator.add_group("Grup lain")
    for data in (f"grp:use:{stranger.id}", "grp:use:12345", "grp:use:-1" + "0" * 30):
        await admin.forge(data, notice)
        assert await coordinator_chat_id(services) == coordinators_group.id
    assert len(f"grp:use:{-1_009_999_999_999}".encode()) <= 64
    # The bot was removed from the group before the press: refused.
    await remove_bot(sandbox, group, admin.user)
    replies = await admin.press(BUTTON, message=notice)
    assert replies.toasts == [
        "Mohon maaf, bot tidak lagi berada di grup tersebut. Silakan tambahkan bot ke grup "
        "itu lagi."
    ]
    assert await coordinator_chat_id(services) == coordinators_group.id


async def test_no_offer_for_the_coordinators_group_itself(
    person, sandbox: Sandbox, coordinators_group
) -> None:
    admin = await person("admin", opd="DISKOMINFOSANDITIK", name="Admin Kominfo")
    await sandbox.emulator.add_bot_to_group(coordinators_group, admin.user)
    assert not [m for m in admin.bot_messages if "ID grup" in m.content]


async def test_a_removal_the_bot_missed_is_seen_at_the_press(
    person, sandbox: Sandbox, coordinators_group
) -> None:
    admin = await person("admin", opd="DISKOMINFOSANDITIK", name="Admin Kominfo")
    group = sandbox.emulator.add_group("Grup Arisan")
    await sandbox.emulator.add_bot_to_group(group, admin.user)
    # Removed while the bot was down: no update ever came; Telegram is asked at the press.
    group.bot_is_member = False
    replies = await admin.press(BUTTON)
    assert replies.toasts == [
        "Mohon maaf, bot tidak lagi berada di grup tersebut. Silakan tambahkan bot ke grup "
        "itu lagi."
    ]
    assert await coordinator_chat_id(sandbox.application.bot_data) == coordinators_group.id
