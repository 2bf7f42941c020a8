"""What waits, and who waits for it: on a clock that moves only when the test says, a 429 for one
chat, a slow update of one person, fifty commands in the coordinators' group; everyone else is
answered meanwhile, through the update queue."""

from __future__ import annotations

import asyncio
from datetime import timedelta

import pytest

from sandbox.client import Sandbox
from tests.support.clock import ManualClock

HELP_START = "Yang dapat Bapak/Ibu lakukan"


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock()


def flood_once(chat_id: int):
    """A 429 (retry after 2 s) for the first message to `chat_id`."""
    state = {"done": False}

    def fault(method: str, params: dict) -> str | None:
        if (
            not state["done"]
            and method == "sendMessage"
            and str(params.get("chat_id")) == str(chat_id)
        ):
            state["done"] = True
            return "429"
        return None

    return fault


async def test_a_429_for_one_chat_holds_that_chat_only(
    sandbox: Sandbox, person, emulator, clock: ManualClock
) -> None:
    siti = await person("staff", name="Siti Rahmawati")
    budi = await person("staff", name="Budi Santoso")
    emulator.faults = flood_once(siti.id)
    held = asyncio.create_task(siti.send("/bantuan"))
    await clock.someone_sleeps()  # her reply is refused and waits out retry_after
    replies = await budi.send("/bantuan")  # meanwhile, on a clock that has not moved
    assert replies.last.text.startswith(HELP_START)
    assert not held.done() and not siti.bot_messages
    clock.advance(timedelta(seconds=2))
    assert (await held).last.text.startswith(HELP_START)


async def test_one_persons_updates_stay_in_order_while_others_overtake(
    sandbox: Sandbox, person, emulator, clock: ManualClock
) -> None:
    siti = await person("staff", name="Siti Rahmawati")
    budi = await person("staff", name="Budi Santoso")
    await siti.send("/baru")
    emulator.faults = flood_once(siti.id)  # her first answer's reply will be held
    first = asyncio.create_task(siti.send("Judul Yang Pertama"))
    await clock.someone_sleeps()
    second = asyncio.create_task(siti.send("Teks kedua saat pilar ditanya"))
    # Budi overtakes both of hers.
    assert (await budi.send("/bantuan")).last.text.startswith(HELP_START)
    assert not first.done() and not second.done()
    clock.advance(timedelta(seconds=2))
    await asyncio.gather(first, second)
    texts = [m.text for m in siti.bot_messages][1:]  # after the question of /baru
    assert texts[0].startswith("Pilih pilar Smart City")  # the title, taken first
    assert texts[1] == "Silakan pilih dengan tombol pada pertanyaan di atas."


async def test_fifty_commands_in_the_coordinators_group_keep_nobody_waiting(
    sandbox: Sandbox, person, emulator, coordinators_group, clock: ManualClock
) -> None:
    members = []
    for number in range(50):
        member = await person("coordinator", opd="DISKOMINFOSANDITIK", name=f"Koordinator {number}")
        coordinators_group.members.add(member.id)
        members.append(sandbox.person(member.user, coordinators_group))
    await asyncio.gather(*(m.send("/rekap") for m in members))
    pointers = [m for m in emulator.messages(coordinators_group.id) if m.from_bot]
    assert len(pointers) == 1  # one "use the private chat" is enough for everyone to see
    siti = await person("staff")
    assert (await siti.send("/bantuan")).last.text.startswith(HELP_START)
    assert not clock.sleepers  # nothing waits on the group's window
    clock.advance(timedelta(minutes=1))
    await members[0].send("/rekap")  # a minute later the group is pointed again
    assert len([m for m in emulator.messages(coordinators_group.id) if m.from_bot]) == 2
