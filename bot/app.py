"""The composition root: the application factory that the CLI, the sandbox and the tests all
call, and the one place where every capability's handlers, jobs and web routes are put
together. Nothing imports it but the command line (``bot.cli``, ``bot.runner``) and the tests."""

from __future__ import annotations

import contextlib
import importlib
import logging
from typing import Any

from telegram import Update
from telegram.constants import ParseMode
from telegram.error import TelegramError
from telegram.ext import (
    ApplicationBuilder,
    BaseRateLimiter,
    CallbackQueryHandler,
    ChatMemberHandler,
    CommandHandler,
    ContextTypes,
    Defaults,
    MessageHandler,
    filters,
)
from telegram.request import BaseRequest, HTTPXRequest

from bot.core.background import Background
from bot.core.clock import Clock
from bot.core.settings import Settings
from bot.core.texts import Catalog, resolve_language
from bot.core.webserver import DashboardServer
from bot.delivery import scheduler
from bot.delivery import tally as tally_jobs
from bot.delivery.outbox import Outbox
from bot.innovations.evidence import EvidenceStore
from bot.monitoring.checkins import AGAIN, PERIOD
from bot.operations.evidence import Evidence
from bot.operations.evidence import install_jobs as install_evidence_jobs
from bot.operations.monitor import MeasuredUpdateProcessor, Metrics, Monitor, MonitorServer
from bot.telegram.application import (
    BotApplication,
    file_url_for,
    publish_all_commands,
)
from bot.telegram.callbacks import PUBLIC_FILE
from bot.telegram.context import BotContext, Services
from bot.telegram.menu import COMMANDS
from bot.telegram.persistence import DatabasePersistence
from bot.telegram.ratelimit import RateLimiter
from bot.telegram.sending import Bot
from bot.telegram.webhook import beside
from conversations import checkin, iid, registration, review, search, submission
from conversations.admin import broadcast, imports, invites, schedule
from conversations.admin.access import decide
from conversations.admin.broadcast import build_broadcast_conversation
from conversations.admin.groups import (
    bot_membership_changed,
    command_in_group,
    group_migrated,
    private_buttons_only,
    use_group_button,
)
from conversations.admin.members import members_button
from conversations.admin.opds import opd_button
from conversations.admin.schedule import build_schedule_conversation
from conversations.benefits import admin as benefit_admin
from conversations.common import stale_button
from conversations.files import file_pressed
from conversations.help import ANY_LANGUAGE, language_chosen
from conversations.innovations import innovation_button
from conversations.monitoring.screens import FRESHNESS_PAGE, monitoring_page
from conversations.plans import form as plan_form
from conversations.plans.screens import plan_button
from conversations.reports import MISSING_PAGE, missing_page
from conversations.search_results import PAGE as SEARCH_PAGE
from conversations.search_results import search_page
from conversations.start import unknown_message
from storage.database import Database
from web.app import build_dashboard

logger = logging.getLogger(__name__)

POOL_RESERVE = 16  # connections beyond the updates': scheduled rounds, the outbox, start-up
DASHBOARD_POOL = 4


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

    # Built here rather than by the builder, to be the bot's own subclass
    # (``bot.telegram.sending``); the requests as the builder would make them: 256 connections
    # for sends, one for getUpdates.
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
                    "benefits": benefit_admin.TIMEOUT,
                    "plan": plan_form.TIMEOUT,
                    "import": imports.TIMEOUT,
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

    register_handlers(application)
    application.add_error_handler(on_error)
    return application


async def start_dashboard(application: BotApplication) -> None:
    """The web dashboard in this process, on DASHBOARD_LISTEN:DASHBOARD_PORT, from the same
    database (the public pages as DASHBOARD_PUBLIC says)."""
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
        app = beside(services.webhook_routes, app)
    server = DashboardServer(
        app, settings.dashboard_listen, settings.dashboard_port, on_stop=pages.dispose
    )
    await server.start()
    services.dashboard = server


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


def resolve(path: str) -> Any:
    """``module:function`` of the command table, imported."""
    module, _, name = path.partition(":")
    return getattr(importlib.import_module(module), name)


def register_handlers(application: BotApplication) -> None:
    texts = application.bot_data.texts
    private = filters.ChatType.PRIVATE

    # Before everything: buttons pressed in a group go no further (see the policy).
    application.add_handler(CallbackQueryHandler(private_buttons_only), group=-1)
    # The submission flow first: its answers (any text) must not be taken for an invite code.
    application.add_handler(submission.build(texts))
    application.add_handler(review.build(texts))
    application.add_handler(checkin.build(texts))
    application.add_handler(invites.build(texts))
    application.add_handler(registration.build())
    application.add_handler(build_schedule_conversation(texts))
    application.add_handler(build_broadcast_conversation(texts))
    application.add_handler(search.build(texts))
    # After the other flows: a form, a review or a broadcast begun meanwhile takes the text.
    application.add_handler(iid.build(texts))
    application.add_handler(benefit_admin.build(texts))
    application.add_handler(plan_form.build(texts))
    application.add_handler(imports.build(texts))
    # The commands the table gives a handler (the others are entry points of the flows).
    for entry in COMMANDS:
        if entry.handler is None:
            continue
        callback = resolve(entry.handler)
        application.add_handler(CommandHandler(entry.names, callback, filters=private))
        if entry.button_key is not None:
            labels = list(texts.all(entry.button_key))
            application.add_handler(MessageHandler(private & filters.Text(labels), callback))
    application.add_handler(CallbackQueryHandler(language_chosen, pattern=ANY_LANGUAGE))
    application.add_handler(CallbackQueryHandler(members_button, pattern=r"^mem:"))
    application.add_handler(CallbackQueryHandler(invites.invite_button, pattern=r"^inv:"))
    application.add_handler(CallbackQueryHandler(decide, pattern=r"^acc:"))
    application.add_handler(CallbackQueryHandler(innovation_button, pattern=r"^ino:"))
    application.add_handler(CallbackQueryHandler(file_pressed, pattern=PUBLIC_FILE.pattern))
    application.add_handler(CallbackQueryHandler(search_page, pattern=SEARCH_PAGE.pattern))
    application.add_handler(CallbackQueryHandler(missing_page, pattern=MISSING_PAGE.pattern))
    application.add_handler(CallbackQueryHandler(monitoring_page, pattern=FRESHNESS_PAGE.pattern))
    application.add_handler(CallbackQueryHandler(opd_button, pattern=r"^opd:"))
    application.add_handler(CallbackQueryHandler(checkin.period_pressed, pattern=PERIOD.pattern))
    application.add_handler(CallbackQueryHandler(checkin.again_pressed, pattern=AGAIN.pattern))
    application.add_handler(CallbackQueryHandler(use_group_button, pattern=r"^grp:"))
    # The action plans' screens (their ➕, "pln:a:", begins the add flow, above).
    application.add_handler(CallbackQueryHandler(plan_button, pattern=r"^pln:(?!a:)"))

    groups = filters.ChatType.GROUPS
    application.add_handler(MessageHandler(groups & filters.StatusUpdate.MIGRATE, group_migrated))
    application.add_handler(
        ChatMemberHandler(bot_membership_changed, ChatMemberHandler.MY_CHAT_MEMBER)
    )
    application.add_handler(MessageHandler(groups & filters.COMMAND, command_in_group))

    # Last: whatever no handler above took gets an answer, never silence.
    application.add_handler(CallbackQueryHandler(stale_button))
    application.add_handler(MessageHandler(private & ~filters.StatusUpdate.ALL, unknown_message))
