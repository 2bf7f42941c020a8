"""Typed callback context: handlers reach the bot's services as ``context.services``."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from telegram.ext import CallbackContext, ExtBot

if TYPE_CHECKING:
    from starlette.routing import BaseRoute

    from bot.core.background import Background
    from bot.core.clock import Clock
    from bot.core.settings import Settings
    from bot.core.texts import Catalog
    from bot.core.webserver import DashboardServer
    from bot.delivery.outbox import Outbox
    from bot.operations.evidence import Evidence
    from bot.operations.monitor import Metrics, Monitor
    from storage.database import Database


class Services:
    """What handlers and jobs need. The Application creates it empty (as ``bot_data``); the
    factory fills it in, and ``post_init`` opens the database."""

    settings: Settings
    texts: Catalog
    clock: Clock
    database: Database
    outbox: Outbox
    background: Background
    evidence: Evidence
    metrics: Metrics
    monitor: Monitor
    group_pointers: dict[int, datetime]  # group → when the last "use the private chat" went
    dashboard: DashboardServer | None  # the web dashboard, when this process serves it
    # In webhook mode with the dashboard on: the webhook's route, for the dashboard's server.
    webhook_routes: list[BaseRoute] | None


class BotContext(CallbackContext[ExtBot[None], dict, dict, Services]):
    @property
    def services(self) -> Services:
        return self.bot_data
