"""/start and the application's manners, driven as a person through the sandbox."""

from __future__ import annotations

import logging

import pytest

from bot.telegram.context import BotContext
from sandbox.client import Sandbox


async def test_a_member_is_welcomed_by_name_and_opd(person) -> None:
    siti = await person("staff", opd="DINKES", name="Siti <Rahma> & Co")
    replies = await siti.send("/start")
    assert replies.texts == [
        "Selamat datang kembali, Siti <Rahma> & Co.\n"
        "Bapak/Ibu terdaftar sebagai staf untuk Dinas Kesehatan.\n"
        "Silakan pilih menu di bawah, atau ketik /bantuan."
    ]
    assert siti.reply_keyboard == [
        ["➕ Inovasi baru", "📋 Daftar inovasi"],
        ["📌 Rencana aksi"],
        ["❓ Bantuan", "🌐 Bahasa"],
    ]
    assert "Siti &lt;Rahma&gt; &amp; Co" in (replies.last.html or "")


async def test_english_from_telegram_language(person) -> None:
    john = await person("coordinator", name="John Doe", language_code="en-GB")
    replies = await john.send("/start")
    assert replies.text.startswith("Welcome back, John Doe.")
    assert "as coordinator for" in replies.text


async def test_a_stranger_is_told_how_to_register(person) -> None:
    stranger = await person("new", language_code="id")
    replies = await stranger.send("/start")
    assert "Selamat datang di Inovasi Bot" in replies.text
    assert "kode undangan" in replies.text


async def test_a_sticker_gets_a_polite_answer_not_silence(person) -> None:
    siti = await person("staff")
    replies = await siti.send_sticker()
    assert replies.texts == [
        "Mohon maaf, pesan ini belum dapat saya proses. Ketik /start untuk kembali ke menu utama."
    ]


async def test_a_failing_handler_gets_a_polite_message_and_a_log_line(
    sandbox: Sandbox, person, caplog: pytest.LogCaptureFixture
) -> None:
    from telegram.ext import CommandHandler

    async def broken(update, context: BotContext) -> None:
        raise RuntimeError("database exploded with secret 12345")

    # First in its group, as a real command would be registered.
    sandbox.application.handlers[0].insert(0, CommandHandler("rusak", broken))
    siti = await person("staff")
    with caplog.at_level(logging.ERROR, logger="bot.app"):
        replies = await siti.send("/rusak")
    assert replies.texts == [
        "Mohon maaf, terjadi kendala saat memproses pesan Bapak/Ibu. Data yang sudah tersimpan "
        "tetap aman.\nSilakan coba lagi sebentar lagi."
    ]
    assert "Traceback" not in replies.text and "secret" not in replies.text
    record = next(r for r in caplog.records if r.name == "bot.app")
    assert record.getMessage().startswith("error while handling update ")
    assert record.exc_info is not None
