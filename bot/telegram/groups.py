"""The coordinators' group as it is now: as configured, or as it migrated (a group that
became a supergroup has a new id); the leaders' chat likewise. Plumbing every capability that
writes to the group uses; it knows no flow."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from typing import Any

from telegram.error import ChatMigrated

from bot.telegram.context import Services
from storage.repositories.settings import COORDINATOR_CHAT_ID, AppSettingRepository

logger = logging.getLogger(__name__)

LEADERS_CHAT_ID = "leaders_chat_id"  # the leaders' chat, an admin's choice of an offered group


async def coordinator_chat_id(services: Services) -> int | None:
    """The coordinators' group: as it migrated, else as configured."""
    async with services.database.transaction() as session:
        learned = await AppSettingRepository(session).get(COORDINATOR_CHAT_ID)
    return int(learned) if learned is not None else services.settings.coordinator_chat_id


async def leaders_chat_id(services: Services) -> int | None:
    """The leaders' chat (the monthly report goes there); None until an admin has chosen one."""
    async with services.database.reading() as session:
        chosen = await AppSettingRepository(session).get(LEADERS_CHAT_ID)
    return int(chosen) if chosen else None


async def to_leaders_chat(
    services: Services, chat_id: int, send: Callable[[int], Awaitable[Any]]
) -> int:
    """`send(chat_id)` to the leaders' chat; if it has become a supergroup, follow it (the
    setting too) and send there. The chat id it went to."""
    try:
        await send(chat_id)
    except ChatMigrated as migrated:
        async with services.database.transaction() as session:
            await AppSettingRepository(session).set(LEADERS_CHAT_ID, str(migrated.new_chat_id))
        logger.info("the leaders' chat moved from %s to %s", chat_id, migrated.new_chat_id)
        chat_id = migrated.new_chat_id
        await send(chat_id)
    return chat_id


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
