"""`inovasi-bot sandbox`: a scripted terminal session, as a real process and in process."""

from __future__ import annotations

import asyncio
import io
import os
import re
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import select
from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.ext import CallbackQueryHandler, CommandHandler, MessageHandler, filters

from bot.core.settings import load_settings
from sandbox.terminal import TerminalChat
from storage.models import Broadcast
from tests.support.form import COMPLETE, fill
from tests.support.terminal import in_order, output, printed, terminal, type_lines

EXECUTABLE = Path(sys.executable).parent / "inovasi-bot"


SUNDAY_MORNING = ("--start", "2026-11-29 08:00")  # nothing scheduled falls due: any day will do


def sandbox_process(cwd: Path, script: str, *argv: str) -> subprocess.CompletedProcess[str]:
    """The sandbox as a process. Its clock starts where `--start` says (Sunday morning unless the
    test says otherwise), never at the real hour: what is scheduled must not depend on it."""
    if "--start" not in argv:
        argv = (*argv, *SUNDAY_MORNING)
    env = {key: value for key, value in os.environ.items() if key != "BOT_TOKEN"}
    return subprocess.run(
        [str(EXECUTABLE), "sandbox", *argv],
        input=script,
        capture_output=True,
        text=True,
        cwd=cwd,
        env=env,
        timeout=120,
        check=False,
    )


def test_a_scripted_session_with_no_configuration(tmp_path: Path) -> None:
    lines = [
        "/start",
        "",
        "7",
        "x" * 5000,
        ":as new",
        "/start",
        ":as boss",
        ":as admin",
        "/start",
        "/rencana",
        ":stiker",
        ":waktu 25:00",
        ":waktu 16:00",
        ":grup",
        ":teleport",
        ":keluar",
    ]
    # A Sunday: nothing is scheduled at 16.00, whatever day the test runs on.
    result = sandbox_process(tmp_path, "\n".join(lines) + "\n", *SUNDAY_MORNING)
    out = result.stdout
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in out + result.stderr
    assert (tmp_path / "data" / "sandbox.db").is_file()
    expected_in_order = [
        "Sandbox Inovasi Bot: bot sungguhan, Telegram tiruan, tanpa internet.",
        "staff (DINKES): ",
        "── Sekarang sebagai: Siti Rahmawati (staf) ──",
        "🤖 Selamat datang kembali, Siti Rahmawati.",
        "(Pesan kosong tidak dikirim.",
        # A number is a message like any other (a year, say): buttons are pressed with :N.
        "🤖 Mohon maaf, pesan ini belum dapat saya proses.",
        "(Pesan terlalu panjang: 5.000 karakter, batas Telegram 4.096. Tidak dikirim.)",
        "── Sekarang sebagai: Asep Saepudin (belum terdaftar) ──",
        "🤖 Selamat datang di Inovasi Bot",
        "[:1] 🙋 Minta akses tanpa undangan",
        "(Pilih salah satu: staff, coordinator, admin, new, asep.)",
        "── Sekarang sebagai: Dewi Lestari (admin) ──",
        "Bapak/Ibu terdaftar sebagai admin untuk Dinas Komunikasi",
        # The sample action plan, the OPD behind first.
        "🤖 📌 Rencana aksi 2 OPD, yang tertinggal di atas",
        "1. DINKES — 🔴 1 terlambat (paling lama 2 bln) · 0/2 selesai",
        "🤖 Mohon maaf, pesan ini belum dapat saya proses.",
        "(Tulis waktu sebagai JJ:MM, misalnya :waktu 16:00.)",
        "(Jam sandbox sekarang 29/11/2026 16.00",
        "(Belum ada pesan di grup koordinator.)",
        "(Perintah sandbox tidak dikenal: :teleport. Ketik :bantuan.)",
        "Sampai jumpa.",
    ]
    position = 0
    for expected in expected_in_order:
        found = out.find(expected, position)
        assert found >= 0, f"{expected!r} missing after position {position} in:\n{out}"
        position = found + len(expected)


def test_moving_the_clock_runs_what_falls_due_on_the_sandbox_day(tmp_path: Path) -> None:
    """The terminal's clock starts where --start says, and :waktu walks the schedules from there:
    on a Monday, 16.00 brings the daily summary to the group (the weekly reminder at 09.00 and
    the drafts' at 10.00 run on the way)."""
    script = ":waktu 16:00\n:grup\n:keluar\n"
    result = sandbox_process(tmp_path, script, "--start", "2026-11-30 08:00")
    out = result.stdout
    assert result.returncode == 0, result.stderr
    moved = out.index("(Jam sandbox sekarang 30/11/2026 16.00.")
    # Shown as it is sent, and again by :grup.
    assert out[moved:].count("[grup koordinator] 🤖 🗓 Rekap harian 30/11/2026") == 2


def test_a_start_time_that_is_not_a_time_is_refused(tmp_path: Path) -> None:
    result = sandbox_process(tmp_path, "", "--start", "besok pagi")
    assert result.returncode == 2
    expected = 'inovasi-bot: --start: "besok pagi" is not a time like "2026-11-30 08:00"'
    assert result.stderr.strip() == expected


def test_end_of_input_ends_the_session_and_a_restart_keeps_the_data(tmp_path: Path) -> None:
    first = sandbox_process(tmp_path, "", "--database", "sb.db")
    second = sandbox_process(tmp_path, "", "--database", "sb.db")
    assert (first.returncode, second.returncode) == (0, 0)

    def invites(output: str) -> list[str]:
        return [line for line in output.splitlines() if line.startswith("  staff (")]

    assert invites(first.stdout) and invites(first.stdout) == invites(second.stdout)


async def test_buttons_are_numbered_and_pressed_by_number(tmp_path: Path) -> None:
    output = io.StringIO()
    chat = TerminalChat(
        load_settings(default_language="en"),
        database_path=tmp_path / "sandbox.db",
        start=datetime(2026, 11, 29, 1, 0, tzinfo=UTC),
        stdin=io.StringIO(),
        stdout=output,
    )
    await chat.start()
    try:
        assert chat.sandbox is not None

        async def choose(update: Update, context: object) -> None:
            keyboard = InlineKeyboardMarkup(
                [
                    [InlineKeyboardButton("Yes", callback_data="c:yes")],
                    [InlineKeyboardButton("No", callback_data="c:no")],
                    [InlineKeyboardButton("Site", url="https://sumedangkab.go.id")],
                ]
            )
            assert update.effective_message is not None
            await update.effective_message.reply_text("Continue?", reply_markup=keyboard)

        async def chosen(update: Update, context: object) -> None:
            query = update.callback_query
            assert query is not None
            await query.answer("Noted")
            await query.edit_message_text(f"You chose {query.data}")

        handlers = chat.sandbox.application.handlers[0]
        handlers.insert(0, CommandHandler("choose", choose))
        handlers.insert(0, CallbackQueryHandler(chosen))
        for line in ("/choose", ":3", ":2", ":2"):
            assert await chat.handle(line)
        assert not await chat.handle(":quit")
    finally:
        await chat.stop()
    text = output.getvalue()
    assert "🤖 Continue?\n   [:1] Yes\n   [:2] No\n   [↗] Site https://sumedangkab.go.id\n" in text
    assert "(There is no button :3; choose :1 to :2.)" in text
    assert "💬 Noted\n🤖 (edited) You chose c:no\n" in text
    # The edit took the buttons away: pressing again is explained, not a crash.
    assert text.rstrip().endswith("(There are no numbered buttons now.)")


def test_a_stranger_asks_for_access_and_the_admin_approves_in_the_terminal(tmp_path: Path) -> None:
    lines = [
        ":as new",
        "/start",
        ":1",
        "kesehatan",
        ":1",
        ":1",
        ":as admin",
        ":1",
        ":as asep",
        ":quit",
    ]
    result = sandbox_process(tmp_path, "\n".join(lines) + "\n")
    out = result.stdout
    assert result.returncode == 0, result.stderr
    expected_in_order = [
        "── Sekarang sebagai: Asep Saepudin (belum terdaftar) ──",
        "[:1] 🙋 Minta akses tanpa undangan",
        "[:1] Dinas Kesehatan",
        "[:1] ✅ Ya, benar   [:2] ✏️ Ubah nama",
        "Permintaan akses untuk Dinas Kesehatan telah dikirim ke admin.",
        "[kepada Dewi Lestari] 🤖 🙋 Permintaan akses baru",
        "── Sekarang sebagai: Dewi Lestari (admin) ──",
        "[:1] ✅ Setujui   [:2] ❌ Tolak",
        "✅ Disetujui oleh Dewi Lestari.",
        "[kepada Asep Saepudin] 🤖 Permintaan akses Bapak/Ibu untuk Dinas Kesehatan disetujui.",
        "── Sekarang sebagai: Asep Saepudin (staf) ──",
    ]
    position = 0
    for expected in expected_in_order:
        found = out.find(expected, position)
        assert found >= 0, f"{expected!r} missing after position {position} in:\n{out}"
        position = found + len(expected)
    assert (tmp_path / "data" / "sandbox.log").is_file()


async def test_the_sandbox_serves_the_dashboard_and_dasbor_logs_in(tmp_path: Path) -> None:
    import re

    import httpx

    output = io.StringIO()
    chat = TerminalChat(
        load_settings(),
        database_path=tmp_path / "sandbox.db",
        start=datetime(2026, 11, 29, 1, 0, tzinfo=UTC),
        stdin=io.StringIO(),
        stdout=output,
    )
    await chat.start()
    try:
        assert await chat.handle(":as coordinator")
        assert await chat.handle("/dasbor")
        text = output.getvalue()
        address = re.search(r"Dasbor web: (http://127\.0\.0\.1:\d+)/", text)
        link = re.search(r"\[↗\] 🌐 Buka dasbor (http://\S+)", text)
        assert address is not None and link is not None
        async with httpx.AsyncClient() as client:
            home = await client.get(address.group(1) + "/")
            assert home.status_code == 200 and "Inovasi Smart City" in home.text
            arrived = await client.get(link.group(1))
            assert arrived.status_code == 303
            page = await client.get(address.group(1) + "/koordinator")
            assert "Masuk sebagai Budi Santoso" in page.text
    finally:
        await chat.stop()


async def test_a_broadcast_is_printed_as_it_goes_out_in_the_background(tmp_path: Path) -> None:
    """The admin confirms a broadcast; the JobQueue sends it after the line has been handled:
    every message to the members and the progress edits are printed as they arrive."""
    text = "Rapat koordinasi besok pukul 09.00 di Gedung Negara."
    async with terminal(tmp_path) as chat:
        await type_lines(chat, ":as admin", "/siaran", text, ":1")
        assert "[:1] 📣 Kirim ke 3 anggota" in output(chat)
        mark = len(output(chat))
        await type_lines(chat, ":1")
        for line in (
            f"[kepada Siti Rahmawati] 🤖 {text}",
            f"[kepada Budi Santoso] 🤖 {text}",
            "🤖 (diubah) ✅ Siaran selesai. Terkirim 3/3, gagal 0",
        ):
            await printed(chat, line, after=mark)
        async with chat.database.reading() as session:  # type: ignore[union-attr]
            broadcast = await session.scalar(select(Broadcast))
        assert broadcast is not None and (broadcast.status, broadcast.sent) == ("done", 3)


async def test_a_message_the_bot_sends_between_two_lines_is_printed(tmp_path: Path) -> None:
    """Anything the bot sends while nobody types (here: a send made from outside any update,
    as a job or the outbox does) appears at once, labelled with whom it went to."""
    async with terminal(tmp_path) as chat:
        assert chat.sandbox is not None
        bot = chat.sandbox.application.bot
        await bot.send_message(chat.users["coordinator"].id, "Pengingat: rapat pukul 10.00")
        await printed(chat, "[kepada Budi Santoso] 🤖 Pengingat: rapat pukul 10.00")
        await bot.send_message(chat.users["staff"].id, "Untuk Siti")
        await printed(chat, "\n🤖 Untuk Siti")  # the person typing: first-hand, no label


async def test_the_group_shows_its_buttons_and_one_presses_and_types_there(
    tmp_path: Path,
) -> None:
    async with terminal(tmp_path) as chat:
        assert chat.sandbox is not None
        siti = chat.sandbox.person(chat.users["staff"])
        await fill(siti, COMPLETE)
        await siti.press("📤 Kirim")
        mark = len(output(chat))
        await type_lines(chat, ":as coordinator", ":grup", ":1", "/rekap", ":pribadi", "/rekap")
        text = output(chat)[mark:]
        in_order(
            text,
            [
                "── Sekarang sebagai: Budi Santoso (koordinator) ──",
                "[grup koordinator] 🤖 ",
                "[:1] 👁 Lihat",
                "(Sekarang di grup koordinator:",
                # Pressed in the group: the details go to the presser's private chat.
                "[obrolan pribadi] 🤖 ",
                "Posyandu Digital",
                "💬 Detail dikirim ke chat pribadi Bapak/Ibu dengan bot.",
                # Typed in the group: the bot answers there (first-hand, no label).
                "\n🤖 Silakan kirim perintah ini lewat chat pribadi dengan saya",
                "(Kembali ke obrolan pribadi dengan bot.)",
            ],
        )
    assert chat.emulator.messages(chat.group.id)[-2].content == "/rekap"
    group_reply = chat.emulator.messages(chat.group.id)[-1]
    assert group_reply.from_bot and "chat pribadi" in group_reply.content


async def test_a_member_outside_the_group_only_looks(tmp_path: Path) -> None:
    async with terminal(tmp_path) as chat:
        await type_lines(chat, ":grup", "halo")
        assert "(Siti Rahmawati bukan anggota grup koordinator: hanya melihat.)" in output(chat)
    assert chat.emulator.messages(chat.group.id) == []  # "halo" went to her private chat
    assert chat.emulator.messages(chat.users["staff"].id)[0].content == "halo"


async def test_a_chart_and_an_export_are_saved_where_they_can_be_opened(tmp_path: Path) -> None:
    async with terminal(tmp_path) as chat:
        assert chat.sandbox is not None
        await fill(chat.sandbox.person(chat.users["staff"]), COMPLETE)
        await type_lines(chat, ":as coordinator", "/rekap")
        picture = await printed(chat, "💾 disimpan: ")
        path = Path(output(chat)[picture:].splitlines()[0])
        await type_lines(chat, "/ekspor")
        export = await printed(chat, "💾 disimpan: ", after=picture)
        workbook = Path(output(chat)[export:].splitlines()[0])
    assert path.parent == tmp_path / "data" / "sandbox-files"
    assert path.suffix == ".png" and workbook.parent == path.parent
    assert workbook.suffix == ".xlsx"
    picture_bytes, workbook_bytes = await asyncio.gather(
        asyncio.to_thread(path.read_bytes), asyncio.to_thread(workbook.read_bytes)
    )
    assert picture_bytes.startswith(b"\x89PNG") and workbook_bytes.startswith(b"PK")


async def test_a_number_is_text_and_buttons_need_a_colon(tmp_path: Path) -> None:
    """`2027` is a year someone answers; `:1` presses button 1: the two cannot collide."""
    seen: list[str] = []
    async with terminal(tmp_path, "en") as chat:
        assert chat.sandbox is not None

        async def choose(update: Update, context: object) -> None:
            keyboard = InlineKeyboardMarkup([[InlineKeyboardButton("2026", callback_data="y:6")]])
            assert update.effective_message is not None
            await update.effective_message.reply_text("Which year?", reply_markup=keyboard)

        async def typed(update: Update, context: object) -> None:
            assert update.effective_message is not None and update.effective_message.text
            seen.append(update.effective_message.text)
            await update.effective_message.reply_text(f"Got {update.effective_message.text}")

        async def pressed(update: Update, context: object) -> None:
            assert update.callback_query is not None
            seen.append(f"pressed {update.callback_query.data}")
            await update.callback_query.answer()

        handlers = chat.sandbox.application.handlers[0]
        handlers.insert(0, CommandHandler("year", choose))
        handlers.insert(0, CallbackQueryHandler(pressed))
        handlers.insert(0, MessageHandler(filters.TEXT & ~filters.COMMAND, typed))
        await type_lines(chat, "/year", "2027", "1", ":1", ":tekan 1", ":teks :1")
        assert ":1" in chat.t("sandbox-help", files="x") and "2027" in chat.t(
            "sandbox-help", files="x"
        )
    assert seen == ["2027", "1", "pressed y:6", "pressed y:6", ":1"]
    assert "🤖 Got 2027" in output(chat)


async def test_as_new_is_a_new_stranger_each_time(tmp_path: Path) -> None:
    async with terminal(tmp_path) as chat:
        await type_lines(chat, ":as new", "/start")
        first = chat.user
        await type_lines(chat, ":as new", "/start")
        second = chat.user
        await type_lines(chat, ":as asep")
        back = chat.user
    assert first.id != second.id and back is first
    in_order(
        output(chat),
        [
            "── Sekarang sebagai: Asep Saepudin (belum terdaftar) ──",
            "(Orang baru ini dapat dipanggil lagi dengan :as asep.)",
            "🤖 Selamat datang di Inovasi Bot",
            "── Sekarang sebagai: Euis Komalasari (belum terdaftar) ──",
            "🤖 Selamat datang di Inovasi Bot",
            "── Sekarang sebagai: Asep Saepudin (belum terdaftar) ──",
            "(Pesan terakhir bot di obrolan ini:)",
        ],
    )
    # Both are new to the bot: neither was a member before their own /start.
    assert {first.first_name, second.first_name} == {"Asep", "Euis"}


def test_the_clis_sandbox_option_writes_to_the_sandboxs_database(tmp_path: Path) -> None:
    """The README's example: an invite made on the command line is one the sandbox knows."""
    assert sandbox_process(tmp_path, "").returncode == 0  # the sandbox's database, seeded
    made = subprocess.run(
        [str(EXECUTABLE), "--sandbox", "invite", "create", "--opd", "DISDIK"],
        capture_output=True, text=True, cwd=tmp_path, timeout=60, check=False,
        env={k: v for k, v in os.environ.items() if k not in ("BOT_TOKEN", "DATABASE_URL")},
    )  # fmt: skip
    assert made.returncode == 0, made.stderr
    code = re.search(r"\b([A-Z0-9]{16})\b", made.stdout)
    assert code is not None and "t.me/InovasiSandboxBot?start=" in made.stdout
    assert not (tmp_path / "data" / "inovasi.db").exists()  # not the real bot's database
    result = sandbox_process(tmp_path, f":as new\n/start {code.group(1)}\n:keluar\n")
    assert "Kode undangan diterima: Dinas Pendidikan, sebagai staf." in result.stdout


def test_after_a_restart_the_question_being_answered_is_shown_again(tmp_path: Path) -> None:
    first = sandbox_process(tmp_path, "/baru\n:keluar\n")
    assert "🤖 Apa judul inovasinya?" in first.stdout
    second = sandbox_process(tmp_path, "Posyandu Digital\n:keluar\n")
    in_order(
        second.stdout,
        [
            "── Sekarang sebagai: Siti Rahmawati (staf) ──",
            "(Pesan terakhir bot di obrolan ini:)",
            "🤖 Apa judul inovasinya?",
            # Answered after the restart: the flow goes on, its buttons numbered.
            "🤖 Pilih pilar Smart City",
            "[:1] ⬜ Smart Governance",
        ],
    )
    assert (tmp_path / "data" / "sandbox-chats.json").is_file()
