"""Finding the coordinators' group: the bot is added to a group, every admin gets its id and a
one-tap "use this as the coordinators' group", checked again on the server."""

from __future__ import annotations

from bot.commands.groups import coordinator_chat_id
from bot.settings import Settings
from sandbox.client import Sandbox
from sandbox.emulator import Chat

BUTTON = "✅ Jadikan grup koordinator"


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
    admin = await person("admin", opd="DISKOMINFOSANDITIK", name="Admin Kominfo")
    coordinator = await person("coordinator", opd="DISKOMINFOSANDITIK", name="Rina Koordinator")
    group = sandbox.emulator.add_group("Tim Smart City 2027", supergroup=True)
    await sandbox.emulator.add_bot_to_group(group, coordinator.user)
    notice = admin.last
    assert notice.text.startswith('➕ Inovasi Bot ditambahkan ke grup "Tim Smart City 2027"')
    assert f"ID grup: {group.id}" in notice.text
    assert notice.button_labels == [[BUTTON]]
    assert not [m for m in coordinator.bot_messages if "ID grup" in m.content]
    replies = await admin.press(BUTTON)
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
    # Pressed again (an old copy of the button): nothing changes.
    replies = await admin.forge(f"grp:use:{group.id}", notice)
    assert replies.toasts == ["Grup ini sudah menjadi grup koordinator."]


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
