"""The application factory: the CLI, the sandbox and the tests all build the bot here."""

from __future__ import annotations

import contextlib
import logging
from typing import Any

from telegram import Update
from telegram.constants import ParseMode
from telegram.error import TelegramError
from telegram.ext import (
    Application,
    ApplicationBuilder,
    BaseRateLimiter,
    ContextTypes,
    Defaults,
)
from telegram.request import BaseRequest, HTTPXRequest

from bot.background import Background
from bot.clock import Clock
from bot.context import BotContext, Services
from bot.evidence import Evidence, EvidenceStore
from bot.evidence import install_jobs as install_evidence_jobs
from bot.jobs import scheduler
from bot.jobs import tally as tally_jobs
from bot.jobs.outbox import Outbox
from bot.menu import publish_commands
from bot.monitor import MeasuredUpdateProcessor, Metrics, Monitor, MonitorServer
from bot.persistence import DatabasePersistence
from bot.ratelimit import RateLimiter
from bot.sending import Bot
from bot.settings import Settings
from bot.texts import Catalog, resolve_language
from conversations import broadcast, checkin, iid, schedule, search, submission
from storage.database import Database
from storage.models import Role
from storage.repositories import MemberRepository

logger = logging.getLogger(__name__)

BotApplication = Application[Any, BotContext, dict, dict, Services, Any]
POOL_RESERVE = 16  # connections beyond the updates': scheduled rounds, the outbox, start-up
DASHBOARD_POOL = 4


def file_url_for(base_url: str) -> str:
    """Telegram serves files under /file/bot<token>/, beside /bot<token>/."""
    if base_url.endswith("/bot"):
        return base_url[: -len("bot")] + "file/bot"
    return base_url.rstrip("/") + "/file/bot"


def open_database(settings: Settings) -> Database:
    """The bot's database. Its pool holds a connection for every update processed at once, plus
    the jobs' and the outbox's: a flood of updates waits for its turn in the update processor,
    not on the pool."""
    return Database(
        settings.database_url,
        pool_size=5,
        max_overflow=settings.max_concurrent_updates + POOL_RESERVE,
    )


def build_application(
    settings: Settings,
    *,
    request: BaseRequest | None = None,
    get_updates_request: BaseRequest | None = None,
    database: Database | None = None,
    clock: Clock | None = None,
    texts: Catalog | None = None,
    rate_limiter: BaseRateLimiter | None = None,
    migrate: bool = True,
) -> BotApplication:
    """Build the bot. Nothing touches the network or the database until it is initialised.

    `request`/`get_updates_request` replace the HTTP layer (the sandbox passes its emulator);
    `database` shares an already open database (the tests pass theirs), else ``post_init``
    opens ``settings.database_url`` and closes it at shutdown.
    """
    if settings.bot_token is None:
        raise ValueError("BOT_TOKEN is required to build the application")

    clock = clock or Clock()
    owned = database is None
    # Creating the engine touches nothing (a SQLite file's folder is made, or refused, here).
    database = database or open_database(settings)
    database.clock = clock  # rows are stamped with the bot's time
    # The evidence folder is made here too, or refused in one line (EvidenceStoreError).
    store = EvidenceStore(settings.evidence_dir)
    store.prepare()
    metrics = Metrics()  # a registry of this application's own
    server: list[MonitorServer] = []

    async def ready() -> None:
        await database.prepare(migrate=migrate)

    async def post_init(application: BotApplication) -> None:
        await ready()
        await publish_all_commands(application)
        if settings.dashboard_port is not None:  # first: a port taken stops the start cleanly
            await start_dashboard(application)
        await scheduler.start(application)
        install_evidence_jobs(application)  # what is not in the evidence store yet
        tally_jobs.install(application)  # the dashboard's counts folded, now and every minute
        application.bot_data.outbox.start()  # what waited in the outbox goes out first
        if settings.metrics_port is not None:
            monitor = MonitorServer(
                application.bot_data.monitor, settings.metrics_listen, settings.metrics_port
            )
            await monitor.start()
            server.append(monitor)

    async def post_stop(application: BotApplication) -> None:
        # Before the bot's connections close: the sends in flight finish, the rest wait.
        await application.bot_data.outbox.stop()
        if application.bot_data.dashboard is not None:
            await application.bot_data.dashboard.stop()
            application.bot_data.dashboard = None

    async def post_shutdown(application: BotApplication) -> None:
        while server:
            await server.pop().stop()
        if owned:
            await database.dispose()

    # Built here rather than by the builder, to be the bot's own subclass (``bot.sending``); the
    # requests as the builder would make them: 256 connections for sends, one for getUpdates.
    bot = Bot(
        settings.bot_token.get_secret_value(),
        base_url=settings.bot_api_base_url,
        base_file_url=settings.bot_api_base_file_url or file_url_for(settings.bot_api_base_url),
        defaults=Defaults(parse_mode=ParseMode.HTML, tzinfo=settings.tzinfo),
        request=request or HTTPXRequest(connection_pool_size=256),
        get_updates_request=get_updates_request or request or HTTPXRequest(connection_pool_size=1),
        # Every request passes one limiter: Telegram's limits hold for replies and bulk sends.
        rate_limiter=rate_limiter or RateLimiter(clock),
    )
    builder = (
        ApplicationBuilder()
        .bot(bot)
        .context_types(ContextTypes(context=BotContext, bot_data=Services))
        .concurrent_updates(
            MeasuredUpdateProcessor(settings.max_concurrent_updates, metrics, clock)
        )
        .post_init(post_init)
        .post_stop(post_stop)
        .post_shutdown(post_shutdown)
        .persistence(
            DatabasePersistence(
                database,
                ready,
                max_age={
                    "submission": submission.TIMEOUT,
                    "schedule": schedule.TIMEOUT,
                    "broadcast": broadcast.TIMEOUT,
                    "checkin": checkin.TIMEOUT,
                    "search": search.TIMEOUT,
                    "iid": iid.TIMEOUT,
                },
            )
        )
    )
    application: BotApplication = builder.build()

    services = application.bot_data
    services.settings = settings
    services.texts = texts or Catalog(default=settings.default_language)
    services.clock = clock
    services.database = database
    services.outbox = Outbox(services, application.bot)
    database.on_outbox = services.outbox.poke
    services.background = Background()
    services.background.bind(application)
    services.evidence = Evidence(services, application.bot, store)
    services.metrics = metrics
    services.monitor = Monitor(application, metrics)
    services.group_pointers = {}
    services.dashboard = None
    services.webhook_routes = None

    from bot.commands import register_handlers

    register_handlers(application)
    application.add_error_handler(on_error)
    return application


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


async def start_dashboard(application: BotApplication) -> None:
    """The web dashboard in this process, on DASHBOARD_LISTEN:DASHBOARD_PORT, from the same
    database (the public pages as DASHBOARD_PUBLIC says)."""
    from web.app import build_dashboard
    from web.server import DashboardServer

    services = application.bot_data
    settings = services.settings
    assert settings.dashboard_port is not None
    # A small pool of its own: a flood of page views can never take the bot's connections.
    pages = Database(settings.database_url, pool_size=DASHBOARD_POOL, max_overflow=0)
    pages.clock = services.clock
    app = build_dashboard(
        settings, pages, services.texts, services.clock, public=settings.dashboard_public,
        changes=services.database,
    )  # fmt: skip
    if services.webhook_routes:  # webhook mode: one server takes the webhook's path too
        from bot.webhook import beside

        app = beside(services.webhook_routes, app)
    server = DashboardServer(
        app, settings.dashboard_listen, settings.dashboard_port, on_stop=pages.dispose
    )
    await server.start()
    services.dashboard = server


async def publish_all_commands(application: BotApplication) -> None:
    """Telegram's command menus, per language, scope and the managers' roles."""
    from bot.commands.groups import coordinator_chat_id

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


async def on_error(update: object, context: BotContext) -> None:
    """Log first, with the update's id only (no personal data); then tell the person politely."""
    update_id = update.update_id if isinstance(update, Update) else None
    logger.error("error while handling update %s", update_id, exc_info=context.error)
    context.services.metrics.errors.labels("update" if update_id else "background").inc()
    if not isinstance(update, Update) or update.effective_chat is None:
        return
    services = context.services
    user = update.effective_user
    lang = resolve_language(
        None, user.language_code if user else None, services.settings.default_language
    )
    if update.callback_query is not None:
        with contextlib.suppress(TelegramError):  # answered already, before the failure
            await update.callback_query.answer()
    try:
        await context.bot.send_message(
            update.effective_chat.id, services.texts.text(lang, "error-generic")
        )
    except TelegramError as exc:
        logger.warning("could not tell chat about the error of update %s: %s", update_id, exc)
