"""Every button's data comes from a declared `Callback` (bot/telegram/callbacks.py): no hand-made
strings left in the source, and data that no declaration makes — forged, garbled, a day
outside the week, a number too long for the database, another flow's prefix — gets a polite
"no longer valid" in /jadwal and /siaran and changes nothing stored."""

from __future__ import annotations

import ast
import re
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from bot.delivery.schedules import Kind
from bot.telegram.callbacks import SEPARATOR, Callback, CallbackTooLong, Int
from conversations.admin import broadcast, schedule
from sandbox.client import Sandbox
from storage.database import Database
from storage.models import Base, ConversationState
from tests.support.broadcast import compose, received, staff
from tests.support.people import admin_of

ROOT = Path(__file__).resolve().parent.parent
SOURCES = ("bot", "conversations", "web")
EXPIRED = "Tombol ini sudah tidak berlaku. Silakan ulangi dari menu."


def _callback_names(tree: ast.Module) -> set[str]:
    """The names `Callback` goes by in a module
    (``from bot.telegram.callbacks import Callback as X``)."""
    names = {"Callback"}
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module == "bot.telegram.callbacks":
            names |= {
                alias.asname or alias.name for alias in node.names if alias.name == "Callback"
            }
    return names


def _literal_start(node: ast.AST) -> str | None:
    """The text a string literal or an f-string starts with (None for anything else)."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.JoinedStr):
        head = node.values[0] if node.values else None
        if isinstance(head, ast.Constant) and isinstance(head.value, str):
            return head.value
        return ""
    return None


def _declared_prefixes(trees: dict[str, ast.Module]) -> set[str]:
    """The prefix of every declared callback (``"bc:send"`` of ``Callback("bc:send")``)."""
    prefixes = set()
    for tree in trees.values():
        names = _callback_names(tree)
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Name)
                and node.func.id in names
                and node.args
                and isinstance(node.args[0], ast.Constant)
                and isinstance(node.args[0].value, str)
            ):
                prefixes.add(node.args[0].value)
    return prefixes


def offences(trees: dict[str, ast.Module]) -> list[str]:
    """Button data not made by a declared `Callback`: a literal or f-string given as
    ``callback_data=``/``page_data=``, a ``re.compile(r"^word:…")`` parsing callback data by
    hand, or any other string that starts with a declared callback's prefix."""
    prefixes = sorted(_declared_prefixes(trees))
    # A prefix and a value ("bc:opd:…"), or a whole prefix of two words or more ("bc:send"; a
    # lone word such as "lang" is also an ordinary word).
    whole = [prefix for prefix in prefixes if SEPARATOR in prefix]
    hand_made = re.compile(
        rf"^(?:{'|'.join(map(re.escape, prefixes))}){SEPARATOR}"
        rf"|^(?:{'|'.join(map(re.escape, whole))})$"
    )
    found = []
    for path, tree in trees.items():
        names = _callback_names(tree)
        declarations = {
            id(node.args[0])
            for node in ast.walk(tree)
            if isinstance(node, ast.Call)
            and isinstance(node.func, ast.Name)
            and node.func.id in names
            and node.args
        }
        # The literal parts of an f-string are judged with the f-string, and a keyword's value
        # with its keyword, not again alone.
        judged = {
            id(part)
            for node in ast.walk(tree)
            if isinstance(node, ast.JoinedStr)
            for part in node.values
        } | {id(node.value) for node in ast.walk(tree) if isinstance(node, ast.keyword)}
        for node in ast.walk(tree):
            where = f"{path}:{getattr(node, 'lineno', '?')}"
            if isinstance(node, ast.keyword) and node.arg in ("callback_data", "page_data"):
                if _literal_start(node.value) is not None:
                    found.append(f"{where}: {node.arg}= given a string")
            elif (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Attribute)
                and node.func.attr == "compile"
                and isinstance(node.func.value, ast.Name)
                and node.func.value.id == "re"
                and node.args
                and re.match(r"\^\w+:", _literal_start(node.args[0]) or "")
            ):
                found.append(f"{where}: a callback regex")
            elif id(node) not in declarations | judged:
                text = _literal_start(node)
                if text and hand_made.match(text):
                    found.append(f"{where}: {text!r} looks like hand-made button data")
    return found


def _parsed(sources: dict[str, str]) -> dict[str, ast.Module]:
    return {path: ast.parse(text, path) for path, text in sources.items()}


def test_every_buttons_data_comes_from_a_declared_callback() -> None:
    files = sorted(path for folder in SOURCES for path in (ROOT / folder).rglob("*.py"))
    assert len(files) > 30  # the scan sees the code
    trees = _parsed({str(path.relative_to(ROOT)): path.read_text() for path in files})
    assert {"bc:send", "jdw:on", "mem:open", "rev:v"} <= _declared_prefixes(trees)
    assert offences(trees) == []


def test_the_scan_finds_hand_made_button_data() -> None:
    """The scan above is not vacuous: each way of making data by hand is found."""
    trees = _parsed(
        {
            "declared.py": (
                "from bot.telegram.callbacks import Callback as Data, Int\n"
                'SEND = Data("bc:send")\n'
                'OPD = Data("bc:opd", Int("opd"))\n'
            ),
            "hand.py": (
                "import re\n"
                'BUTTON = re.compile(r"^jdw:(home|k)$")\n'
                'a = InlineKeyboardButton("x", callback_data="bc:send")\n'
                'b = InlineKeyboardButton("x", callback_data=f"bc:opd:{opd_id}")\n'
                'c = paged_buttons(texts, lang, [], page=0, pages=1, page_data="bc:opds:")\n'
                'd = [(opd.name, f"bc:opd:{opd.id}")]\n'
                'fine = re.compile(r"^(\\d+):(\\d+)$"), "see bc_notes", SEND.data()\n'
            ),
        }
    )
    assert offences(trees) == [
        "hand.py:2: a callback regex",
        "hand.py:3: callback_data= given a string",
        "hand.py:4: callback_data= given a string",
        "hand.py:5: page_data= given a string",
        "hand.py:6: 'bc:opd:' looks like hand-made button data",
    ]


def test_ids_fit_the_databases_keys() -> None:
    """An id has at most nine digits (a 32-bit key): a longer one is not a button's data, so a
    forged one never reaches PostgreSQL, which would refuse it with an error."""
    opd = Callback("x:opd", Int("opd"))
    assert opd.parse(opd.data(999_999_999)) == (999_999_999,)
    assert opd.parse("x:opd:1000000000") is None
    with pytest.raises(CallbackTooLong):
        opd.data(1_000_000_000)


async def _everything(database: Database) -> dict[str, list[Any]]:
    """Every row of every table, to show that a refused button changed nothing."""
    async with database.reading() as session:
        return {
            table.name: [tuple(row) for row in (await session.execute(select(table))).all()]
            for table in Base.metadata.sorted_tables
        }


async def _flows(database: Database) -> list[tuple[str, str | None]]:
    async with database.reading() as session:
        rows = await session.scalars(select(ConversationState))
        return [(row.name, row.state) for row in rows]


def _data(message: Any) -> list[str]:
    """The callback data of a message's buttons."""
    return [button.get("callback_data") for row in message.inline_buttons for button in row]


def _jobs(sandbox: Sandbox) -> dict[str, str]:
    return {
        job.name: str(job.job.trigger)
        for job in sandbox.application.job_queue.jobs()
        if job.name.startswith("schedule:")
    }


SCHEDULE_GARBLED = (
    "jdw:on:nosuchkind:1",  # no such schedule
    "jdw:on:SUMMARY:1",
    "jdw:k:summary:1",  # one value too many
    "jdw:t",  # one too few
    "jdw:d:summary:1",  # the shape of another button
    "jdw:on:summary:2",  # a switch is 0 or 1
    "jdw:d:summary:0:1",  # no day 0 …
    "jdw:d:summary:8:1",  # … nor 8
    "jdw:d:summary:-1:1",
    "jdw:d:summary:1234567:0",
    "jdw:cp:2",  # a check-in period not offered
    "jdw:cp:99999999999999999999",
    "jdw:home:0",
    "jdwx:on:summary:0",  # other prefixes
    "jdw",
    "xyz:on:summary:0",
    "bc:send",  # another flow's button, with no broadcast begun
)


async def test_forged_schedule_buttons_are_refused_and_change_nothing(
    sandbox: Sandbox, database: Database
) -> None:
    admin = await admin_of(sandbox)
    await admin.send("/jadwal")
    screen = (await admin.press("Rekap harian")).last
    assert schedule.SWITCH.data(Kind.SUMMARY, False) in _data(screen)
    before, jobs = await _everything(database), _jobs(sandbox)
    for data in SCHEDULE_GARBLED:
        assert (await admin.forge(data, message=screen)).toasts == [EXPIRED], data
    assert await _everything(database) == before
    assert _jobs(sandbox) == jobs

    # While the working hours are awaited too: refused, and the flow still takes the answer.
    await admin.send("/jadwal")
    assert (await admin.press("🕖 Jam kerja")).texts
    waiting = await _everything(database)
    for data in SCHEDULE_GARBLED:
        assert (await admin.forge(data, message=screen)).toasts == [EXPIRED], data
    assert await _everything(database) == waiting
    replies = await admin.send("07.00-19.00")
    assert replies.texts[0] == "✅ Jadwal disimpan."
    assert "07.00–19.00" in replies.text

    # The buttons the bot made still work after all that; one pressed while the hours are
    # awaited drops that question (the admin moved on), in what is stored too.
    await admin.press("🕖 Jam kerja")
    assert await _flows(database) == [("schedule", "typing")]
    replies = await admin.forge(schedule.SWITCH.data(Kind.SUMMARY, False), message=screen)
    assert replies.toasts == ["✅ Jadwal disimpan."]
    assert "schedule:summary" not in _jobs(sandbox)
    assert await _flows(database) == []
    assert "belum dapat saya proses" in (await admin.send("07.00-18.00")).text


BROADCAST_GARBLED = (
    "bc:send:1",  # a value where none is
    "bc:all:5",
    "bc:opd",  # none where one is
    "bc:opd:x",
    "bc:opd:-1",
    "bc:opd:99999999999999999999",  # longer than any id
    "bc:opds:123456",  # a page past what is declared
    "bc:opds:-1",
    "bc:nothing",
    "BC:send",  # other prefixes
    "bcx:send",
    "jdw:bc:send",
)


async def test_forged_broadcast_buttons_are_refused_and_change_nothing(
    sandbox: Sandbox, person, database: Database
) -> None:
    members = await staff(person, 2)
    admin = await admin_of(sandbox)
    await admin.send("/siaran")
    assert (await admin.forge(broadcast.SEND.data())).toasts == [EXPIRED]  # nothing written yet
    await admin.send("/batal")

    replies = await compose(admin, audience="Satu OPD")
    picker = replies.last
    assert _data(picker) == [broadcast.OPD.data(1), broadcast.STOP.data()]
    before = await _everything(database)
    # An OPD that is not there (a number of the right shape): refused, the picker stays.
    assert (await admin.forge(broadcast.OPD.data(999_999_999), message=picker)).toasts == [EXPIRED]
    for data in BROADCAST_GARBLED:
        assert (await admin.forge(data, message=picker)).toasts == [EXPIRED], data
    assert await _everything(database) == before

    await admin.press("Batal")
    replies = await compose(admin)
    confirm = replies.last
    assert confirm.button_labels[0] == ["📣 Kirim ke 2 anggota"]
    before = await _everything(database)
    for data in BROADCAST_GARBLED:
        assert (await admin.forge(data, message=confirm)).toasts == [EXPIRED], data
    assert await _everything(database) == before
    assert await sandbox.run_jobs() == []

    # The flow is where it was: the real button sends, once.
    await admin.press("📣 Kirim ke 2 anggota")
    assert await sandbox.run_jobs() == ["broadcast:1"]
    assert [received(member) for member in members] == [1, 1]
