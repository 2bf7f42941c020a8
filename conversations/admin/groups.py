"""Groups: the coordinators' group (summaries go there; it may migrate to a supergroup), and
any other group the bot is added to (it says once who it is for, then stays quiet)."""

from __future__ import annotations

import json
import logging
from datetime import datetime, timedelta

from telegram import ChatMemberUpdated, Update
from telegram.constants import ChatMemberStatus, ChatType
from telegram.error import BadRequest, ChatMigrated, Forbidden, TelegramError
from telegram.ext import ApplicationHandlerStop

from bot.core.policy import Action
from bot.core.texts import resolve_language
from bot.delivery.outbox import notify_person
from bot.telegram.application import publish_all_commands
from bot.telegram.callbacks import Callback, Int, button_allowed_in_group
from bot.telegram.context import BotContext, Services
from bot.telegram.groups import LEADERS_CHAT_ID, coordinator_chat_id, leaders_chat_id
from bot.telegram.people import Caller, identify, require, telegram_name
from storage.models import Role
from storage.repositories import MemberRepository
from storage.repositories.settings import COORDINATOR_CHAT_ID, AppSettingRepository

logger = logging.getLogger(__name__)

INTRODUCED = "group_introduced:{chat_id}"
GROUP_ADDED = "group_added:{chat_id}"  # the groups the bot is in (their titles), as it was told
USE_GROUP = Callback("grp:use", Int("group", 20, signed=True))  # groups have negative ids
USE_LEADERS = Callback("grp:lead", Int("group", 20, signed=True))  # as the leaders' chat
POINTER_GAP = timedelta(minutes=1)
# Offers of a group as the coordinators' group: one pending per group (re-adding the bot pings
# nobody again), and at most OFFERS_PER_HOUR in all, so fifty groups are not fifty pings.
OFFER = "group_offer:{chat_id}"  # JSON: when it was offered, and who added the bot
RECENT_OFFERS = "group_offers_recent"  # JSON: when the offers of the last hour went
OFFERS_PER_HOUR = 5
OFFERS_WINDOW = timedelta(hours=1)
OFFER_LIFETIME = timedelta(days=7)  # after that its button is stale; adding again offers anew


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
    if change is None or change.chat.type == ChatType.PRIVATE:
        return
    now_in = change.new_chat_member.status in IN_GROUP
    was_in = change.old_chat_member.status in IN_GROUP
    if now_in and not was_in:
        if not await added_to_group(update, context):
            return
    elif was_in and not now_in:
        await forget_group(context.services, change.chat.id)
    if now_in:
        await introduce_once(update, context)


async def added_to_group(update: Update, context: BotContext) -> bool:
    """The bot was added to a group. By an admin or a coordinator: the admins are offered it as
    the coordinators' group. By anyone else: a polite no in the group, and the bot leaves, so a
    stranger's group never reaches an admin. Whether the bot stays and may introduce itself."""
    change = update.my_chat_member
    assert change is not None
    chat = change.chat
    services = context.services
    if chat.id in (await coordinator_chat_id(services), await leaders_chat_id(services)):
        return True  # a group chosen already: no offer, no question
    adder = await identify(update, context)  # `from`: who added the bot
    if not adder.may(Action.ADD_TO_GROUP):
        await refuse_group(context, chat.id, adder)
        return False
    members = await member_count(context, chat.id)
    outcome = await offer_as_coordinators_group(update, context, adder, members)
    if outcome == "limit":
        text = services.texts.text(adder.lang, "group-offer-limit")
        try:
            await context.bot.send_message(chat.id, text)
        except TelegramError as exc:
            logger.warning("could not tell group %s the offers' limit: %s", chat.id, exc)
        return False
    return True


async def refuse_group(context: BotContext, chat_id: int, adder: Caller) -> None:
    logger.info(
        "added to group %s by telegram user %s (role %s): refused, leaving",
        chat_id, adder.telegram_id, adder.actor.role,
    )  # fmt: skip
    text = context.services.texts.text(adder.lang, "group-refused", link=private_link(context))
    try:
        await context.bot.send_message(chat_id, text)
    except TelegramError as exc:  # a channel, or writing not allowed: leave all the same
        logger.warning("could not say no in group %s: %s", chat_id, exc)
    try:
        await context.bot.leave_chat(chat_id)
    except TelegramError as exc:
        logger.warning("could not leave group %s: %s", chat_id, exc)


async def member_count(context: BotContext, chat_id: int) -> int:
    """How many are in the group (the bot too); 0 when Telegram does not say."""
    try:
        return await context.bot.get_chat_member_count(chat_id)
    except TelegramError as exc:
        logger.warning("could not count the members of group %s: %s", chat_id, exc)
        return 0


def _recent(value: str | None, now: datetime) -> list[datetime]:
    """The offers sent within the last hour, from their stored times."""
    times = [datetime.fromisoformat(moment) for moment in json.loads(value or "[]")]
    return [moment for moment in times if now - moment < OFFERS_WINDOW]


def _pending(value: str | None, now: datetime) -> bool:
    if value is None:
        return False
    offered = datetime.fromisoformat(json.loads(value)["at"])
    return now - offered < OFFER_LIFETIME


async def offer_as_coordinators_group(
    update: Update, context: BotContext, adder: Caller, members: int
) -> str:
    """Every admin gets the group's id, who added the bot and how many are in it, and a one-tap
    "use this as the coordinators' group" (through the outbox, in the transaction that records
    the group). At most one pending offer per group, and OFFERS_PER_HOUR in all: "offered",
    "pending" (one waits already; nobody is pinged again) or "limit"."""
    chat = update.effective_chat
    assert chat is not None
    services = context.services
    texts = services.texts
    title = chat.title or str(chat.id)
    who = adder.member.full_name if adder.member is not None else telegram_name(update)
    role = adder.actor.role
    now = services.clock.now()
    async with services.database.transaction() as session:
        settings = AppSettingRepository(session)
        await settings.set(GROUP_ADDED.format(chat_id=chat.id), title)
        # Locked first: two groups added at once count one after the other (the row is made
        # first if this is the very first offer, so there is always one to lock).
        await settings.ensure(RECENT_OFFERS, "[]")
        recent = _recent(await settings.get(RECENT_OFFERS, for_update=True), now)
        offer_key = OFFER.format(chat_id=chat.id)
        if _pending(await settings.get(offer_key), now):
            logger.info("added to group %s again: its offer is still pending", chat.id)
            return "pending"
        if len(recent) >= OFFERS_PER_HOUR:
            logger.warning("added to group %s: %s offers this hour already", chat.id, len(recent))
            return "limit"
        recent.append(now)
        await settings.set(RECENT_OFFERS, json.dumps([moment.isoformat() for moment in recent]))
        await settings.set(offer_key, json.dumps({"at": now.isoformat(), "by": adder.telegram_id}))
        for admin in await MemberRepository(session).with_role(Role.ADMIN):
            lang = admin.language or services.settings.default_language
            text = texts.text(
                lang, "group-added-admin", title=title, chat=str(chat.id), who=who,
                role=texts.text(lang, f"role-{role}") if role else "-", members=members,
            )  # fmt: skip
            button = (texts.text(lang, "button-use-as-coordinators"), USE_GROUP.data(chat.id))
            leaders = (texts.text(lang, "button-use-as-leaders"), USE_LEADERS.data(chat.id))
            await notify_person(
                session, services, chat_id=admin.telegram_id,
                key=f"group-added:{chat.id}:{update.update_id}", text=text,
                buttons=[[button], [leaders]],
            )  # fmt: skip
    logger.info(
        "added to group %s by telegram user %s: offered to the admins", chat.id, adder.telegram_id
    )
    return "offered"


async def forget_group(services: Services, chat_id: int) -> None:
    """The bot left the group. Its pending offer stays: added again, the admins are not
    pinged again, and the button they have works again."""
    async with services.database.transaction() as session:
        await AppSettingRepository(session).delete(GROUP_ADDED.format(chat_id=chat_id))
    logger.info("removed from group %s", chat_id)


async def still_in_group(context: BotContext, chat_id: int) -> bool:
    """Asked of Telegram now: a removal the bot missed (it was down) shows here. A network
    failure proves nothing: the record of the bot's updates decides then."""
    try:
        await context.bot.get_chat_member_count(chat_id)
    except (Forbidden, BadRequest, ChatMigrated) as exc:
        logger.info("group %s: the bot is not in it (%s)", chat_id, exc)
        return False
    except TelegramError as exc:
        logger.warning("could not ask whether the bot is in group %s: %s", chat_id, exc)
    return True


async def use_group_button(update: Update, context: BotContext) -> None:
    """An admin's "use this as the coordinators' group" (or "as the leaders' chat"). Asked
    again here: the presser is an admin now, the group's offer is still pending (not used, not
    expired), and the bot is still in the group."""
    query = update.callback_query
    assert query is not None
    caller = await require(update, context, Action.CONFIGURE)
    if caller is None:
        return
    services = context.services
    texts = services.texts
    leaders_choice = USE_LEADERS.parse(query.data)
    as_leaders = leaders_choice is not None
    chosen = leaders_choice if as_leaders else USE_GROUP.parse(query.data)
    if chosen is None or chosen[0] >= 0:  # a group's id is negative
        await query.answer(texts.text(caller.lang, "button-expired"))
        return
    (chat_id,) = chosen
    present = await still_in_group(context, chat_id)
    if not present:
        await forget_group(services, chat_id)
    now = services.clock.now()
    async with services.database.transaction() as session:
        settings = AppSettingRepository(session)
        offer_key = OFFER.format(chat_id=chat_id)
        offer = await settings.get(offer_key, for_update=True)  # one press takes it
        title = await settings.get(GROUP_ADDED.format(chat_id=chat_id))
        learned = await settings.get(COORDINATOR_CHAT_ID)
        current = int(learned) if learned is not None else services.settings.coordinator_chat_id
        leaders = await settings.get(LEADERS_CHAT_ID)
        if as_leaders:
            outcome = (
                "lead-set-already" if leaders == str(chat_id)
                else "lead-set-coordinators" if current == chat_id
                else "group-offer-stale" if not _pending(offer, now)
                else "group-set-gone" if title is None or not present else "lead-set-done"
            )  # fmt: skip
            if outcome == "lead-set-done":
                await settings.set(LEADERS_CHAT_ID, str(chat_id))
                await settings.delete(offer_key)
        elif current == chat_id:
            outcome = "group-set-already"
        elif leaders == str(chat_id):
            outcome = "lead-set-leaders"
        elif not _pending(offer, now):
            outcome = "group-offer-stale"
        elif title is None or not present:
            outcome = "group-set-gone"
        else:
            outcome = "group-set-done"
            await settings.set(COORDINATOR_CHAT_ID, str(chat_id))
            await settings.delete(offer_key)
    if as_leaders:
        await _use_as_leaders(update, context, caller, chat_id, title, outcome)
        return
    if outcome != "group-set-done":
        logger.info("group %s refused as the coordinators' group: %s", chat_id, outcome)
        await query.answer(
            texts.text(caller.lang, outcome), show_alert=outcome != "group-set-already"
        )
        return
    assert title is not None
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
    await publish_all_commands(context.application)  # the group's own command menu


async def _use_as_leaders(
    update: Update,
    context: BotContext,
    caller: Caller,
    chat_id: int,
    title: str | None,
    outcome: str,
) -> None:
    """The pressed "use as the leaders' chat", with what the checks found (`outcome`)."""
    query = update.callback_query
    assert query is not None
    services = context.services
    texts = services.texts
    if outcome != "lead-set-done":
        logger.info("group %s refused as the leaders' chat: %s", chat_id, outcome)
        await query.answer(
            texts.text(caller.lang, outcome), show_alert=outcome != "lead-set-already"
        )
        return
    logger.info("telegram user %s made group %s the leaders' chat", caller.telegram_id, chat_id)
    await query.answer()
    await query.edit_message_text(
        texts.text(caller.lang, "lead-set-done", title=title or str(chat_id), chat=str(chat_id))
    )
    try:
        lang = services.settings.default_language
        await context.bot.send_message(chat_id, texts.text(lang, "lead-now-leaders"))
    except TelegramError as exc:
        logger.warning("could not greet the new leaders' chat %s: %s", chat_id, exc)


async def group_migrated(update: Update, context: BotContext) -> None:
    """A group became a supergroup: its id changed. Follow it if it is the coordinators' or
    the leaders'."""
    message = update.effective_message
    if message is None or message.migrate_to_chat_id is None:
        return
    services = context.services
    old_id = message.chat.id
    if old_id == await leaders_chat_id(services):
        async with services.database.transaction() as session:
            await AppSettingRepository(session).set(
                LEADERS_CHAT_ID, str(message.migrate_to_chat_id)
            )
        logger.info("the leaders' chat moved from %s to %s", old_id, message.migrate_to_chat_id)
        return
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
