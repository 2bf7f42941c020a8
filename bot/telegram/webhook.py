"""The webhook: Telegram's POSTs taken by the bot's own web server and put on the update queue.

python-telegram-bot's custom-webhook pattern: instead of the library's own (tornado) server, one
Starlette app served by uvicorn inside the bot's event loop takes the webhook's path. With the
dashboard on (DASHBOARD_PORT), it is the dashboard's server: one process, one web server, one port
behind the reverse proxy. Without it, a server of its own on WEBHOOK_LISTEN:WEBHOOK_PORT, with
/healthz and /metrics beside the webhook (with the dashboard those two are only on METRICS_PORT,
so a proxy that passes `/` to the dashboard never exposes them).

Every POST must carry WEBHOOK_SECRET in Telegram's header, compared in constant time (how long the
comparison takes says nothing about how much of a guess was right); anything else is refused
before its body is read. A body is counted as it arrives and refused past MAX_BODY (413); one
that is not an update is refused with 400, one log line and nothing queued.
"""

from __future__ import annotations

import asyncio
import contextlib
import hmac
import json
import logging
import signal
from http import HTTPStatus
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import BaseRoute, Mount, Route
from telegram import Update

from bot.core.webserver import DashboardServer
from bot.telegram.application import BotApplication, stop_application

if TYPE_CHECKING:
    from bot.core.settings import Settings
    from bot.operations.monitor import Monitor

logger = logging.getLogger(__name__)

SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"  # noqa: S105 (a header name)
SECRET_MIN_LENGTH = 16  # Telegram allows 1-256 characters; a short one can be guessed
HOW_TO_MAKE_ONE = "python3 -c 'import secrets; print(secrets.token_urlsafe(32))'"
MAX_BODY = 1_048_576  # an update is a few kilobytes; more is not Telegram


def secret_matches(given: str | None, expected: str) -> bool:
    """Does the header carry the secret? In constant time."""
    return hmac.compare_digest((given or "").encode(), expected.encode())


def webhook_path(settings: Settings) -> str:
    """The path Telegram posts to: WEBHOOK_URL's, as a reverse proxy passes it on unchanged."""
    path = urlsplit(settings.webhook_url or "").path.rstrip("/")
    return path or "/"


def webhook_routes(
    application: BotApplication, path: str, secret: str, monitor: Monitor | None = None
) -> list[BaseRoute]:
    """The webhook's route (and /healthz, /metrics when `monitor` is given)."""

    async def receive(request: Request) -> Response:
        if not secret_matches(request.headers.get(SECRET_HEADER), secret):
            return Response(status_code=HTTPStatus.FORBIDDEN)
        try:
            body = await request.body()
        except HTTPException:  # the route's max_body_size: 413, the rest unread
            logger.warning("the webhook refused a body of more than %d bytes", MAX_BODY)
            raise
        try:
            data = json.loads(body)
            update = Update.de_json(data, application.bot) if isinstance(data, dict) else None
        # Whatever the parsers raise on a body from outside (a date past any calendar is an
        # OverflowError, deep nesting a RecursionError) is a bad body, not a fault of ours.
        except Exception as error:
            logger.warning("the webhook received a body that is not an update (%s)",
                           type(error).__name__)  # fmt: skip
            return Response(status_code=HTTPStatus.BAD_REQUEST)
        if update is None:
            logger.warning("the webhook received a body that is not an update")
            return Response(status_code=HTTPStatus.BAD_REQUEST)
        await application.update_queue.put(update)
        return Response(status_code=HTTPStatus.OK)

    # Starlette's body limit counts the bytes as they arrive (a chunked body declares no
    # Content-Length) and answers 413 once there are too many.
    routes: list[BaseRoute] = [Route(path, receive, methods=["POST"], max_body_size=MAX_BODY)]
    if path != "/":
        routes.append(Route(path + "/", receive, methods=["POST"], max_body_size=MAX_BODY))
    if monitor is not None:

        async def health(request: Request) -> Response:
            status, body = await monitor.health()
            return JSONResponse(body, status_code=status)

        async def metrics(request: Request) -> Response:
            from prometheus_client import CONTENT_TYPE_LATEST

            payload = await monitor.metrics_payload()
            return Response(payload, headers={"Content-Type": CONTENT_TYPE_LATEST})

        routes += [Route("/healthz", health), Route("/metrics", metrics)]
    return routes


def beside(routes: list[BaseRoute], app: Starlette) -> Starlette:
    """`app` (the dashboard) with `routes` taken first: the webhook's POST never reaches the
    dashboard, and every other request is the dashboard's as before."""
    return Starlette(routes=[*routes, Mount("/", app=app)])


async def serve_webhook(application: BotApplication, settings: Settings) -> None:
    """Run the bot behind its webhook until SIGINT or SIGTERM, as `run_webhook` would, with the
    bot's own web server in place of the library's."""
    assert settings.webhook_secret is not None  # the command line never starts without one
    path = webhook_path(settings)
    secret = settings.webhook_secret.get_secret_value()
    services = application.bot_data
    stopping = asyncio.Event()
    loop = asyncio.get_running_loop()
    for number in (signal.SIGINT, signal.SIGTERM):
        with contextlib.suppress(NotImplementedError, RuntimeError):  # not the main thread
            loop.add_signal_handler(number, stopping.set)
    own: DashboardServer | None = None
    await application.initialize()
    try:
        if settings.dashboard_port is not None:
            # The dashboard's server, started in post_init, takes the webhook's path too.
            services.webhook_routes = webhook_routes(application, path, secret)
        if application.post_init is not None:
            await application.post_init(application)
        if services.dashboard is None:
            app = Starlette(routes=webhook_routes(application, path, secret, services.monitor))
            own = DashboardServer(app, settings.webhook_listen, settings.webhook_port)
            await own.start()
            where = f"http://{settings.webhook_listen}:{settings.webhook_port}{path}"
        else:
            where = f"{services.dashboard.address.rstrip('/')}{path} (beside the dashboard)"
        # Told only once the server listens, so Telegram's first POST finds it.
        await application.bot.set_webhook(
            url=settings.webhook_url or "",
            secret_token=secret,
            allowed_updates=Update.ALL_TYPES,
        )
        await application.start()
        logger.info("webhook server started: %s", where)
        await stopping.wait()
        logger.info("stopping")
    finally:
        if own is not None:  # no more updates taken in; what was queued is still handled
            await own.stop()
        await stop_application(application)
        for number in (signal.SIGINT, signal.SIGTERM):
            with contextlib.suppress(NotImplementedError, RuntimeError):
                loop.remove_signal_handler(number)


def run(application: BotApplication, settings: Settings) -> None:
    asyncio.run(serve_webhook(application, settings))
