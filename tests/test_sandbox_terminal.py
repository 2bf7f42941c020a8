"""`inovasi-bot sandbox`: a scripted terminal session, as a real process and in process."""

from __future__ import annotations

import io
import os
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.ext import CallbackQueryHandler, CommandHandler

from bot.settings import load_settings
from sandbox.terminal import TerminalChat

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
        "(Tidak ada tombol bernomor saat ini. Untuk mengirim angka sebagai teks, ketik :teks 7)",
        "(Pesan terlalu panjang: 5.000 karakter, batas Telegram 4.096. Tidak dikirim.)",
        "── Sekarang sebagai: Asep Saepudin (belum terdaftar) ──",
        "🤖 Selamat datang di Inovasi Bot",
        "(Pilih salah satu: staff, coordinator, admin, new.)",
        "── Sekarang sebagai: Dewi Lestari (admin) ──",
        "Bapak/Ibu terdaftar sebagai admin untuk Dinas Komunikasi",
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
        for line in ("/choose", "3", "2", "2"):
            assert await chat.handle(line)
        assert not await chat.handle(":quit")
    finally:
        await chat.stop()
    text = output.getvalue()
    assert "🤖 Continue?\n   [1] Yes\n   [2] No\n   [↗] Site https://sumedangkab.go.id\n" in text
    assert "(There is no button 3; choose 1 to 2.)" in text
    assert "💬 Noted\n🤖 (edited) You chose c:no\n" in text
    # The edit took the buttons away: pressing again is explained, not a crash.
    assert text.rstrip().endswith(
        "(There are no numbered buttons now. To send a number as text, type :text 2)"
    )


def test_a_stranger_asks_for_access_and_the_admin_approves_in_the_terminal(tmp_path: Path) -> None:
    lines = [":as new", "/start", "1", "kesehatan", "1", "1", ":as admin", "1", ":as new", ":quit"]
    result = sandbox_process(tmp_path, "\n".join(lines) + "\n")
    out = result.stdout
    assert result.returncode == 0, result.stderr
    expected_in_order = [
        "── Sekarang sebagai: Asep Saepudin (belum terdaftar) ──",
        "[1] 🙋 Minta akses tanpa undangan",
        "[1] Dinas Kesehatan",
        "[1] ✅ Ya, benar   [2] ✏️ Ubah nama",
        "Permintaan akses untuk Dinas Kesehatan telah dikirim ke admin.",
        "[kepada Dewi Lestari] 🤖 🙋 Permintaan akses baru",
        "── Sekarang sebagai: Dewi Lestari (admin) ──",
        "[1] ✅ Setujui   [2] ❌ Tolak",
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
