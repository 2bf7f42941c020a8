"""The Application as this bot builds it, and what is done to a running one (its command
menus, its stop) by the parts below the composition root (``bot.app``), which nothing imports."""

from __future__ import annotations

import logging
from typing import Any

from telegram.error import TelegramError
from telegram.ext import Application

from bot.telegram.context import BotContext, Services
from bot.telegram.groups import coordinator_chat_id
from bot.telegram.menu import publish_commands
from storage.models import Role
from storage.repositories import MemberRepository

logger = logging.getLogger(__name__)

BotApplication = Application[Any, BotContext, dict, dict, Services, Any]


def file_url_for(base_url: str) -> str:
    """Telegram serves files under /file/bot<token>/, beside /bot<token>/."""
    if base_url.endswith("/bot"):
        return base_url[: -len("bot")] + "file/bot"
    return base_url.rstrip("/") + "/file/bot"


async def stop_application(application: BotApplication) -> None:
    """What run_polling and run_webhook do on the way out, for a bot started by hand: stop
    (what is queued is still handled), post_stop, shutdown, post_shutdown."""
    if application.running:
        await application.stop()
    if application.post_stop is not None:
        await application.post_stop(application)
    await application.shutdown()
    if application.post_shutdown is not None:
        await application.post_shutdown(application)


async def publish_all_commands(application: BotApplication) -> None:
    """Telegram's command menus, per language, scope and the managers' roles."""
    services = application.bot_data
    async with services.database.transaction() as session:
        members = MemberRepository(session)
        managers = [
            (m.telegram_id, Role(m.role), m.language or services.settings.default_language)
            for role in (Role.COORDINATOR, Role.ADMIN)
            for m in await members.with_role(role)
        ]
    try:
        await publish_commands(
            application.bot,
            services.texts,
            managers=managers,
            group_id=await coordinator_chat_id(services),
        )
    except TelegramError as exc:  # the menu is a convenience; never a reason not to start
        logger.warning("could not publish the command menus: %s", exc)
