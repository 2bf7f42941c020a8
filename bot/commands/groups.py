"""Groups: the coordinators' group (summaries go there; it may migrate to a supergroup), and
any other group the bot is added to (it says once who it is for, then stays quiet)."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from datetime import timedelta
from typing import Any

from telegram import ChatMemberUpdated, Update
from telegram.constants import ChatMemberStatus, ChatType
from telegram.error import ChatMigrated, TelegramError
from telegram.ext import ApplicationHandlerStop

from bot.callbacks import Callback, Int
from bot.context import BotContext, Services
from bot.jobs.outbox import notify_person
from bot.people import require
from bot.policy import Action, button_allowed_in_group
from bot.texts import resolve_language
from storage.models import Role
from storage.repositories import MemberRepository
from storage.repositories.settings import COORDINATOR_CHAT_ID, AppSettingRepository

logger = logging.getLogger(__name__)

INTRODUCED = "group_introduced:{chat_id}"
GROUP_ADDED = "group_added:{chat_id}"  # the groups the bot is in (their titles), as it was told
USE_GROUP = Callback("grp:use", Int("group", 20, signed=True))  # groups have negative ids
POINTER_GAP = timedelta(minutes=1)


async def coordinator_chat_id(services: Services) -> int | None:
    """The coordinators' group: as it migrated, else as configured."""
    async with services.database.transaction() as session:
        learned = await AppSettingRepository(session).get(COORDINATOR_CHAT_ID)
    return int(learned) if learned is not None else services.settings.coordinator_chat_id


async def follow_migration(services: Services, old_id: int, new_id: int) -> None:
    """Remember the coordinators' group under its new id (it became a supergroup)."""
    if old_id != await coordinator_chat_id(services):
        return
    async with services.database.transaction() as session:
        await AppSettingRepository(session).set(COORDINATOR_CHAT_ID, str(new_id))
    logger.info("the coordinators' group moved from %s to %s", old_id, new_id)


async def to_coordinators_group(
    services: Services, send: Callable[[int], Awaitable[Any]]
) -> int | None:
    """`send(chat_id)` to the coordinators' group as it is now; if it has become a supergroup,
    follow it and send there. The chat id it went to (None: no group configured)."""
    chat_id = await coordinator_chat_id(services)
    if chat_id is None:
        return None
    try:
        await send(chat_id)
    except ChatMigrated as migrated:
        await follow_migration(services, chat_id, migrated.new_chat_id)
        chat_id = migrated.new_chat_id
        await send(chat_id)
    return chat_id


def private_link(context: BotContext) -> str:
    return f"https://t.me/{context.bot.username}"


async def command_in_group(update: Update, context: BotContext) -> None:
    chat = update.effective_chat
    message = update.effective_message
    if chat is None or message is None:
        return
    services = context.services
    lang = services.settings.default_language
    if chat.id == await coordinator_chat_id(services):
        # One pointer a minute is plenty for everyone in the group to see; more would queue
        # behind the group's 20-a-minute window, each holding a processing slot meanwhile.
        now = services.clock.now()
        last = services.group_pointers.get(chat.id)
        if last is not None and now - last < POINTER_GAP:
            logger.info("command in the coordinators' group: pointer given %s ago", now - last)
            return
        services.group_pointers[chat.id] = now
        key = (
            "help-group"
            if (message.text or "").split("@")[0] in ("/bantuan", "/help")
            else ("group-private-only")
        )
        await message.reply_text(services.texts.text(lang, key, link=private_link(context)))
        return
    await introduce_once(update, context)


async def introduce_once(update: Update, context: BotContext) -> None:
    """In a group that is not the coordinators', say once who the bot is for."""
    chat = update.effective_chat
    if chat is None:
        return
    services = context.services
    if chat.id == await coordinator_chat_id(services):
        return
    key = INTRODUCED.format(chat_id=chat.id)
    async with services.database.transaction() as session:
        settings = AppSettingRepository(session)
        if await settings.get(key) is not None:
            return
        await settings.set(key, services.clock.now().isoformat())
    lang = services.settings.default_language
    await context.bot.send_message(
        chat.id, services.texts.text(lang, "group-not-for-here", link=private_link(context))
    )


IN_GROUP = (ChatMemberStatus.MEMBER, ChatMemberStatus.ADMINISTRATOR, ChatMemberStatus.OWNER)


async def bot_membership_changed(update: Update, context: BotContext) -> None:
    change: ChatMemberUpdated | None = update.my_chat_member
    if change is None or change.chat.type == "private":
        return
    now_in = change.new_chat_member.status in IN_GROUP
    was_in = change.old_chat_member.status in IN_GROUP
    if now_in and not was_in:
        await offer_as_coordinators_group(update, context)
    elif was_in and not now_in:
        await forget_group(context.services, change.chat.id)
    if now_in:
        await introduce_once(update, context)


async def offer_as_coordinators_group(update: Update, context: BotContext) -> None:
    """The bot was added to a group: every admin gets its id and a one-tap "use this as the
    coordinators' group" (through the outbox, in the transaction that records the group)."""
    chat = update.effective_chat
    assert chat is not None
    services = context.services
    if chat.id == await coordinator_chat_id(services):
        return
    texts = services.texts
    title = chat.title or str(chat.id)
    async with services.database.transaction() as session:
        await AppSettingRepository(session).set(GROUP_ADDED.format(chat_id=chat.id), title)
        for admin in await MemberRepository(session).with_role(Role.ADMIN):
            lang = admin.language or services.settings.default_language
            text = texts.text(lang, "group-added-admin", title=title, chat=str(chat.id))
            button = (texts.text(lang, "button-use-as-coordinators"), USE_GROUP.data(chat.id))
            await notify_person(
                session, services, chat_id=admin.telegram_id,
                key=f"group-added:{chat.id}:{update.update_id}", text=text, buttons=[[button]],
            )  # fmt: skip
    logger.info("added to group %s: its id offered to the admins", chat.id)


async def forget_group(services: Services, chat_id: int) -> None:
    async with services.database.transaction() as session:
        await AppSettingRepository(session).delete(GROUP_ADDED.format(chat_id=chat_id))
    logger.info("removed from group %s", chat_id)


async def use_group_button(update: Update, context: BotContext) -> None:
    """An admin's "use this as the coordinators' group". Asked again here: the presser is an
    admin now, and the group is one the bot was added to and is still in."""
    query = update.callback_query
    assert query is not None
    caller = await require(update, context, Action.CONFIGURE)
    if caller is None:
        return
    services = context.services
    texts = services.texts
    chosen = USE_GROUP.parse(query.data)
    if chosen is None or chosen[0] >= 0:  # a group's id is negative
        await query.answer(texts.text(caller.lang, "button-expired"))
        return
    (chat_id,) = chosen
    async with services.database.transaction() as session:
        settings = AppSettingRepository(session)
        title = await settings.get(GROUP_ADDED.format(chat_id=chat_id))
        current = await settings.get(COORDINATOR_CHAT_ID)
        if title is not None and current != str(chat_id):
            await settings.set(COORDINATOR_CHAT_ID, str(chat_id))
    if title is None:
        logger.info("group %s refused as the coordinators' group: not a group of the bot", chat_id)
        await query.answer(texts.text(caller.lang, "group-set-gone"), show_alert=True)
        return
    if current == str(chat_id):
        await query.answer(texts.text(caller.lang, "group-set-already"))
        return
    logger.info(
        "telegram user %s made group %s the coordinators' group", caller.telegram_id, chat_id
    )
    await query.answer()
    await query.edit_message_text(
        texts.text(caller.lang, "group-set-done", title=title, chat=str(chat_id))
    )
    try:
        lang = services.settings.default_language
        await context.bot.send_message(chat_id, texts.text(lang, "group-now-coordinators"))
    except TelegramError as exc:
        logger.warning("could not greet the new coordinators' group %s: %s", chat_id, exc)
    from bot.application import publish_all_commands

    await publish_all_commands(context.application)  # the group's own command menu


async def group_migrated(update: Update, context: BotContext) -> None:
    """A group became a supergroup: its id changed. Follow it if it is the coordinators'."""
    message = update.effective_message
    if message is None or message.migrate_to_chat_id is None:
        return
    services = context.services
    old_id = message.chat.id
    if old_id != await coordinator_chat_id(services):
        return
    async with services.database.transaction() as session:
        await AppSettingRepository(session).set(
            COORDINATOR_CHAT_ID, str(message.migrate_to_chat_id)
        )
    logger.info("the coordinators' group moved from %s to %s", old_id, message.migrate_to_chat_id)


async def private_buttons_only(update: Update, context: BotContext) -> None:
    """Before any other handler: a button pressed outside a private chat goes no further,
    unless it is one meant for a group (a forged `ino:page:0` on the group's notice, a
    coordinator's `rev:open:N` in the group: the screen would be posted there)."""
    query = update.callback_query
    chat = update.effective_chat
    if query is None or (chat is not None and chat.type == ChatType.PRIVATE):
        return
    if button_allowed_in_group(query.data):
        return
    user = update.effective_user
    logger.info(
        "button %r pressed in chat %s refused: private chats only",
        query.data, chat.id if chat else None,
    )  # fmt: skip
    lang = resolve_language(
        None, user.language_code if user else None, context.services.settings.default_language
    )
    try:
        await query.answer(context.services.texts.text(lang, "button-private-only"))
    except TelegramError as exc:
        logger.debug("could not answer a group button: %s", exc)
    raise ApplicationHandlerStop
