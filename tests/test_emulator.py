"""The emulator answers as Telegram does, seen through python-telegram-bot's own Bot: each rule
raises the exception the bot would meet in production. Loosen a rule and its test fails."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import timedelta

import pytest
from telegram import Bot, InlineKeyboardButton, InlineKeyboardMarkup, InputMediaPhoto
from telegram.constants import ParseMode
from telegram.error import (
    BadRequest,
    ChatMigrated,
    EndPointNotFound,
    Forbidden,
    InvalidToken,
    RetryAfter,
)

from bot.core.clock import FakeClock
from sandbox.emulator import SANDBOX_TOKEN, FloodLimits, TelegramEmulator
from sandbox.html import HtmlParseError, parse_html
from sandbox.request import EmulatorRequest


def make_bot(emulator: TelegramEmulator, token: str = SANDBOX_TOKEN) -> Bot:
    request = EmulatorRequest(emulator)
    return Bot(token, request=request, get_updates_request=request)


@pytest.fixture
async def bot(emulator: TelegramEmulator) -> AsyncIterator[Bot]:
    bot = make_bot(emulator)
    await bot.initialize()
    yield bot
    await bot.shutdown()


@pytest.fixture
def siti(emulator: TelegramEmulator):
    user = emulator.add_user("Siti", language_code="id")
    emulator.private_chat(user)
    return user


async def test_get_me_names_the_bot(bot: Bot) -> None:
    me = await bot.get_me()
    assert (me.id, me.username, me.is_bot) == (123456789, "InovasiSandboxBot", True)


async def test_a_wrong_token_is_unauthorized(emulator: TelegramEmulator) -> None:
    bot = make_bot(emulator, "987654321:WRONGwrongWRONGwrongWRONGwrong0000")
    with pytest.raises(InvalidToken):
        await bot.initialize()


async def test_an_unimplemented_method_is_not_found(bot: Bot) -> None:
    with pytest.raises(EndPointNotFound):
        await bot.do_api_request("sendTelepathy", api_kwargs={"chat_id": 1})


async def test_messages_are_kept_in_the_chat_history(
    bot: Bot, emulator: TelegramEmulator, siti
) -> None:
    first = await bot.send_message(siti.id, "<b>Halo</b> &amp; selamat", parse_mode="HTML")
    second = await bot.send_message(siti.id, "Kedua")
    assert (first.message_id, second.message_id) == (1, 2)
    assert first.text == "Halo & selamat"
    stored = emulator.messages(siti.id)
    assert [m.text for m in stored] == ["Halo & selamat", "Kedua"]
    assert stored[0].html == "<b>Halo</b> &amp; selamat"


async def test_text_over_4096_characters_is_refused(bot: Bot, siti) -> None:
    await bot.send_message(siti.id, "a" * 4096)
    with pytest.raises(BadRequest, match="Message is too long"):
        await bot.send_message(siti.id, "a" * 4097)
    # Counted after parsing, in UTF-16 units: markup is free, an emoji costs two.
    await bot.send_message(siti.id, "<b>" + "a" * 4096 + "</b>", parse_mode="HTML")
    with pytest.raises(BadRequest, match="Message is too long"):
        await bot.send_message(siti.id, "🙂" * 2049)


async def test_empty_text_is_refused(bot: Bot, siti) -> None:
    with pytest.raises(BadRequest, match="Message text is empty"):
        await bot.send_message(siti.id, "<b> </b>", parse_mode="HTML")


async def test_captions_over_1024_characters_are_refused(bot: Bot, siti) -> None:
    await bot.send_photo(siti.id, b"\xff\xd8 photo", caption="c" * 1024)
    with pytest.raises(BadRequest, match="Message caption is too long"):
        await bot.send_photo(siti.id, b"\xff\xd8 photo", caption="c" * 1025)
    with pytest.raises(BadRequest, match="Message caption is too long"):
        await bot.send_document(siti.id, b"%PDF", filename="a.pdf", caption="c" * 1025)


async def test_callback_data_over_64_bytes_is_refused(bot: Bot, siti) -> None:
    fits = InlineKeyboardMarkup([[InlineKeyboardButton("Ya", callback_data="x" * 64)]])
    await bot.send_message(siti.id, "Pilih", reply_markup=fits)
    too_long = InlineKeyboardMarkup([[InlineKeyboardButton("Ya", callback_data="é" * 33)]])
    with pytest.raises(BadRequest, match="Button_data_invalid"):
        await bot.send_message(siti.id, "Pilih", reply_markup=too_long)


@pytest.mark.parametrize(
    ("html", "error"),
    [
        ("<b>tebal", 'Can\'t find end tag corresponding to start tag "b"'),
        ("<b><i>x</b></i>", "Unmatched end tag"),
        ("baris<br>baru", 'Unsupported start tag "br"'),
        ("<script>x</script>", 'Unsupported start tag "script"'),
        ("2 < 3", "Unexpected end of name token"),
        ("Tom & Jerry", "Character entity expected"),
        ("&nbsp;", 'Unsupported HTML entity "&nbsp;"'),
        ("</b>", "Unexpected end tag"),
    ],
)
async def test_html_that_does_not_parse_is_refused(bot: Bot, siti, html: str, error: str) -> None:
    with pytest.raises(BadRequest, match="Can't parse entities") as caught:
        await bot.send_message(siti.id, html, parse_mode=ParseMode.HTML)
    # python-telegram-bot lower-cases the first letter after its own prefix.
    assert error.lower() in caught.value.message.lower()


def test_html_that_parses_gives_the_plain_text() -> None:
    assert parse_html('<a href="https://x.id">a</a> &lt;&gt;&amp;&quot;&#128578;') == 'a <>&"🙂'
    assert parse_html('<span class="tg-spoiler">s</span><pre><code>c</code></pre>') == "sc"
    with pytest.raises(HtmlParseError):
        parse_html("<span>no class</span>")


async def test_editing_with_identical_content_is_not_modified(bot: Bot, siti) -> None:
    keyboard = InlineKeyboardMarkup([[InlineKeyboardButton("Ya", callback_data="y")]])
    sent = await bot.send_message(siti.id, "Satu", reply_markup=keyboard)
    with pytest.raises(BadRequest, match="Message is not modified"):
        await bot.edit_message_text("Satu", siti.id, sent.message_id, reply_markup=keyboard)
    edited = await bot.edit_message_text("Dua", siti.id, sent.message_id, reply_markup=keyboard)
    assert edited.text == "Dua"
    removed = await bot.edit_message_reply_markup(siti.id, sent.message_id, reply_markup=None)
    assert removed.reply_markup is None
    with pytest.raises(BadRequest, match="Message is not modified"):
        await bot.edit_message_reply_markup(siti.id, sent.message_id, reply_markup=None)


async def test_deleting_and_editing_missing_messages(bot: Bot, siti) -> None:
    sent = await bot.send_message(siti.id, "Hapus saya")
    assert await bot.delete_message(siti.id, sent.message_id)
    with pytest.raises(BadRequest, match="Message to delete not found"):
        await bot.delete_message(siti.id, sent.message_id)
    with pytest.raises(BadRequest, match="Message to edit not found"):
        await bot.edit_message_text("x", siti.id, sent.message_id)


async def test_an_unknown_chat_is_not_found(bot: Bot) -> None:
    with pytest.raises(BadRequest, match="Chat not found"):
        await bot.send_message(777, "Halo")


async def test_a_user_who_never_wrote_is_unknown_to_the_bot(
    bot: Bot, emulator: TelegramEmulator
) -> None:
    stranger = emulator.add_user("Asep")
    with pytest.raises(BadRequest, match="Chat not found"):
        await bot.send_message(stranger.id, "Halo")


async def test_a_user_who_blocked_the_bot_is_forbidden(
    bot: Bot, emulator: TelegramEmulator, siti
) -> None:
    emulator.block(siti)
    with pytest.raises(Forbidden, match="bot was blocked by the user"):
        await bot.send_message(siti.id, "Halo")


async def test_a_group_without_the_bot_is_forbidden(bot: Bot, emulator: TelegramEmulator) -> None:
    group = emulator.add_group("Grup lain")
    group.bot_is_member = False
    with pytest.raises(Forbidden, match="bot is not a member"):
        await bot.send_message(group.id, "Halo")


async def test_the_bot_counts_a_group_it_is_in_and_can_leave_it(
    bot: Bot, emulator: TelegramEmulator, siti
) -> None:
    budi = emulator.add_user("Budi")
    group = emulator.add_group("Grup Arisan", [siti, budi])
    assert await bot.get_chat_member_count(group.id) == 3  # the bot is counted too
    assert await bot.leave_chat(group.id) is True
    assert not group.bot_is_member
    # Telegram tells the bot it left: its own my_chat_member, member → left, from the bot.
    (update,) = await bot.get_updates()
    change = update.my_chat_member
    assert change is not None and change.chat.id == group.id
    assert change.from_user.id == bot.id
    assert (change.old_chat_member.status, change.new_chat_member.status) == ("member", "left")
    with pytest.raises(Forbidden, match="bot is not a member of the group chat"):
        await bot.get_chat_member_count(group.id)
    with pytest.raises(Forbidden, match="bot is not a member of the group chat"):
        await bot.leave_chat(group.id)
    with pytest.raises(Forbidden, match="bot is not a member"):
        await bot.send_message(group.id, "Halo")
    with pytest.raises(BadRequest, match="can't be changed in private chats"):
        await bot.leave_chat(siti.id)


async def test_a_callback_query_is_answered_once_and_in_time(
    bot: Bot, emulator: TelegramEmulator, siti, clock: FakeClock
) -> None:
    keyboard = InlineKeyboardMarkup([[InlineKeyboardButton("Ya", callback_data="yes")]])
    await bot.send_message(siti.id, "Lanjut?", reply_markup=keyboard)
    queries: list[str] = []

    async def collect(update: dict) -> None:
        queries.append(update["callback_query"]["id"])

    emulator.deliver = collect
    await emulator.press(siti, "Ya")
    await emulator.press(siti, data="yes")
    assert await bot.answer_callback_query(queries[0], text="Oke")
    with pytest.raises(BadRequest, match="Query is too old"):
        await bot.answer_callback_query(queries[0])
    clock.advance(timedelta(seconds=16))
    with pytest.raises(BadRequest, match="Query is too old"):
        await bot.answer_callback_query(queries[1])
    assert emulator.actions[-1].detail == {"user_id": siti.id, "text": "Oke", "show_alert": False}


async def test_pressing_a_button_on_an_old_message_sends_that_message(
    bot: Bot, emulator: TelegramEmulator, siti
) -> None:
    keyboard = InlineKeyboardMarkup([[InlineKeyboardButton("Setujui", callback_data="ok:1")]])
    old = await bot.send_message(siti.id, "Lama", reply_markup=keyboard)
    await bot.send_message(siti.id, "Baru", reply_markup=keyboard)
    updates: list[dict] = []

    async def collect(update: dict) -> None:
        updates.append(update)

    emulator.deliver = collect
    first_message = emulator.messages(siti.id)[0]
    await emulator.press(siti, "Setujui", message=first_message)
    await emulator.press(siti, "Setujui")
    assert [u["callback_query"]["message"]["message_id"] for u in updates] == [
        old.message_id,
        old.message_id + 1,
    ]
    await bot.delete_message(siti.id, old.message_id)
    with pytest.raises(LookupError):
        await emulator.press(siti, "Setujui", message=first_message)
    with pytest.raises(LookupError):
        await emulator.press(siti, "Tolak")


async def test_flood_limit_overall_30_per_second(clock: FakeClock) -> None:
    emulator = TelegramEmulator(clock=clock.now, flood_limits=FloodLimits())
    bot = make_bot(emulator)
    await bot.initialize()
    users = [emulator.add_user(f"U{i}") for i in range(31)]
    for user in users:
        emulator.private_chat(user)
    for user in users[:30]:
        await bot.send_message(user.id, "Pengumuman")
    with pytest.raises(RetryAfter) as caught:
        await bot.send_message(users[30].id, "Pengumuman")
    assert caught.value.retry_after == timedelta(seconds=1)
    clock.advance(timedelta(seconds=1))
    await bot.send_message(users[30].id, "Pengumuman")
    assert emulator.flood is not None and emulator.flood.rejected == 1


async def test_flood_limit_one_per_second_in_a_private_chat(clock: FakeClock) -> None:
    emulator = TelegramEmulator(clock=clock.now, flood_limits=FloodLimits())
    bot = make_bot(emulator)
    await bot.initialize()
    siti = emulator.add_user("Siti")
    emulator.private_chat(siti)
    await bot.send_message(siti.id, "Satu")
    with pytest.raises(RetryAfter):
        await bot.send_message(siti.id, "Dua")
    clock.advance(timedelta(milliseconds=1000))
    await bot.send_message(siti.id, "Dua")


async def test_flood_limit_20_per_minute_in_a_group(clock: FakeClock) -> None:
    emulator = TelegramEmulator(clock=clock.now, flood_limits=FloodLimits())
    bot = make_bot(emulator)
    await bot.initialize()
    group = emulator.add_group("Koordinator")
    for _ in range(20):
        await bot.send_message(group.id, "Rekap")
        clock.advance(timedelta(seconds=2))
    with pytest.raises(RetryAfter) as caught:
        await bot.send_message(group.id, "Rekap")
    assert caught.value.retry_after == timedelta(seconds=20)
    clock.advance(timedelta(seconds=20))
    await bot.send_message(group.id, "Rekap")


async def test_no_flood_limits_unless_enabled(bot: Bot, siti) -> None:
    for _ in range(40):
        await bot.send_message(siti.id, "Cepat")


async def test_a_migrated_group_answers_with_its_new_id(
    bot: Bot, emulator: TelegramEmulator, siti
) -> None:
    group = emulator.add_group("Koordinator", [siti])
    updates: list[dict] = []

    async def collect(update: dict) -> None:
        updates.append(update)

    emulator.deliver = collect
    supergroup = await emulator.migrate_group(group)
    assert supergroup.type == "supergroup" and supergroup.id < -1_000_000_000_000
    assert updates[0]["message"]["migrate_to_chat_id"] == supergroup.id
    assert updates[1]["message"]["migrate_from_chat_id"] == group.id
    with pytest.raises(ChatMigrated) as caught:
        await bot.send_message(group.id, "Rekap")
    assert caught.value.new_chat_id == supergroup.id
    await bot.send_message(supergroup.id, "Rekap")


async def test_files_go_up_and_come_back(bot: Bot, emulator: TelegramEmulator, siti) -> None:
    pdf = b"%PDF-1.4 laporan inovasi"
    sent = await bot.send_document(siti.id, pdf, filename="laporan.pdf")
    assert sent.document is not None and sent.document.file_name == "laporan.pdf"
    again = await bot.send_document(siti.id, sent.document.file_id)
    assert again.document is not None and again.document.file_id == sent.document.file_id
    telegram_file = await bot.get_file(sent.document.file_id)
    assert bytes(await telegram_file.download_as_bytearray()) == pdf
    with pytest.raises(BadRequest, match="Wrong file identifier"):
        await bot.send_photo(siti.id, "AgACnotafile")
    with pytest.raises(BadRequest, match="Invalid file_id"):
        await bot.get_file("nope")


async def test_a_person_sends_a_photo_the_bot_downloads_it(
    bot: Bot, emulator: TelegramEmulator, siti
) -> None:
    received: list[dict] = []

    async def collect(update: dict) -> None:
        received.append(update)

    emulator.deliver = collect
    await emulator.send_photo(siti, b"\xff\xd8 kegiatan posyandu", caption="Bukti")
    photo = received[0]["message"]["photo"][-1]
    telegram_file = await bot.get_file(photo["file_id"])
    assert bytes(await telegram_file.download_as_bytearray()) == b"\xff\xd8 kegiatan posyandu"
    assert received[0]["message"]["caption"] == "Bukti"


async def test_media_groups(bot: Bot, emulator: TelegramEmulator, siti) -> None:
    album = [InputMediaPhoto(b"\xff\xd8 1", caption="Satu"), InputMediaPhoto(b"\xff\xd8 2")]
    messages = await bot.send_media_group(siti.id, album)
    assert len(messages) == 2 and messages[0].media_group_id == messages[1].media_group_id
    assert messages[0].caption == "Satu"
    status, body = await emulator.call("sendMediaGroup", {"chat_id": siti.id, "media": "[]"})
    assert (status, body["description"]) == (
        400,
        "Bad Request: wrong number of media in the album (2-10)",
    )


async def test_chat_actions_and_commands(bot: Bot, emulator: TelegramEmulator, siti) -> None:
    from telegram import BotCommand, BotCommandScopeAllPrivateChats

    assert await bot.send_chat_action(siti.id, "upload_document")
    assert emulator.actions[-1].detail == {"action": "upload_document"}
    with pytest.raises(BadRequest, match="Wrong parameter action"):
        await bot.send_chat_action(siti.id, "dancing")
    commands = [BotCommand("baru", "Inovasi baru"), BotCommand("bantuan", "Bantuan")]
    scope = BotCommandScopeAllPrivateChats()
    assert await bot.set_my_commands(commands, scope=scope, language_code="id")
    assert [c.command for c in await bot.get_my_commands(scope=scope, language_code="id")] == [
        "baru",
        "bantuan",
    ]
    assert await bot.get_my_commands() == ()
    with pytest.raises(BadRequest, match="Bot_command_invalid"):
        await bot.set_my_commands([BotCommand("Baru Sekali", "x")])


async def test_webhook_and_get_updates_exclude_each_other(
    bot: Bot, emulator: TelegramEmulator, siti
) -> None:
    from telegram.error import Conflict

    await emulator.send_text(siti, "/start")
    updates = await bot.get_updates()
    assert updates[0].message is not None and updates[0].message.text == "/start"
    assert await bot.get_updates(offset=updates[0].update_id + 1) == ()
    with pytest.raises(BadRequest, match=r"(?i)https url must be provided"):
        await bot.set_webhook("http://insecure.example/hook")
    with pytest.raises(BadRequest, match=r"(?i)secret token contains unallowed characters"):
        await bot.set_webhook("https://bot.example/hook", secret_token="a b")
    assert await bot.set_webhook("https://bot.example/hook", secret_token="s3cret_-")
    with pytest.raises(Conflict):
        await bot.get_updates()
    assert await bot.delete_webhook()


async def test_person_side_messages_carry_what_telegram_sends(
    emulator: TelegramEmulator, siti
) -> None:
    received: list[dict] = []

    async def collect(update: dict) -> None:
        received.append(update)

    emulator.deliver = collect
    other = emulator.add_user("Budi")
    await emulator.send_text(siti, "/start@InovasiSandboxBot kode")
    await emulator.share_contact(siti, "+628111")
    await emulator.send_sticker(siti)
    await emulator.send_voice(siti)
    await emulator.send_location(siti)
    await emulator.send_animation(siti)
    await emulator.forward_text(siti, "diteruskan", other)
    await emulator.send_album(siti, [b"\xff\xd8 1", b"\xff\xd8 2", b"\xff\xd8 3"])
    await emulator.send_document(siti, b"%PDF", "bukti.pdf", "application/pdf")
    original = emulator.messages(siti.id)[0]
    await emulator.edit_text(siti, original, "/start diedit")
    messages = [u.get("message") or u.get("edited_message") for u in received]
    assert messages[0]["entities"] == [{"type": "bot_command", "offset": 0, "length": 24}]
    assert messages[1]["contact"]["phone_number"] == "+628111"
    assert messages[1]["contact"]["user_id"] == siti.id
    assert "sticker" in messages[2] and "voice" in messages[3] and "location" in messages[4]
    assert "animation" in messages[5]
    assert messages[6]["forward_origin"]["sender_user"]["id"] == other.id
    album = messages[7:10]
    assert len({m["media_group_id"] for m in album}) == 1
    assert messages[10]["document"]["file_name"] == "bukti.pdf"
    assert "edited_message" in received[-1] and received[-1]["edited_message"]["text"] == (
        "/start diedit"
    )
    assert [u["update_id"] for u in received] == list(range(1, 13))
