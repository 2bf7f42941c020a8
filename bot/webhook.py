"""The webhook's door: every POST must carry WEBHOOK_SECRET, compared in constant time.

python-telegram-bot checks the secret header with `!=`, which returns sooner the earlier the
first wrong character is. Its request handler is replaced here by one that compares with
`hmac.compare_digest` first; the library's own check then only ever sees the right secret.
"""

from __future__ import annotations

import hmac
import json
from http import HTTPStatus
from typing import Any

import tornado.web
from telegram.ext import _updater
from telegram.ext._utils import webhookhandler

SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"  # noqa: S105 (a header name)
SECRET_MIN_LENGTH = 16  # Telegram allows 1-256 characters; a short one can be guessed
HOW_TO_MAKE_ONE = "python3 -c 'import secrets; print(secrets.token_urlsafe(32))'"


def secret_matches(given: str | None, expected: str) -> bool:
    """Does the header carry the secret? In constant time: how long this takes says nothing
    about how much of a guess was right."""
    return hmac.compare_digest((given or "").encode(), expected.encode())


class SecretCheckingHandler(webhookhandler.TelegramHandler):
    def _validate_post(self) -> None:
        if self.secret_token is None or not secret_matches(
            self.request.headers.get(SECRET_HEADER), self.secret_token
        ):
            # No secret configured is refused too: the command line never starts without one.
            raise tornado.web.HTTPError(HTTPStatus.FORBIDDEN)
        super()._validate_post()


class HealthHandler(tornado.web.RequestHandler):
    def initialize(self, monitor: Any) -> None:
        self.monitor = monitor

    async def get(self) -> None:
        status, body = await self.monitor.health()
        self.set_status(status)
        self.set_header("Content-Type", "application/json")
        self.finish(json.dumps(body))


class MetricsHandler(tornado.web.RequestHandler):
    def initialize(self, monitor: Any) -> None:
        self.monitor = monitor

    async def get(self) -> None:
        from prometheus_client import CONTENT_TYPE_LATEST

        payload = await self.monitor.metrics_payload()
        self.set_header("Content-Type", CONTENT_TYPE_LATEST)
        self.finish(payload)


_monitor: Any = None  # the application's Monitor, when `install` was given one


class SecretCheckingApp(webhookhandler.WebhookAppClass):
    def __init__(
        self, webhook_path: str, bot: Any, update_queue: Any, secret_token: str | None = None
    ) -> None:
        # As the library's own application, with the handler above in place of its own, and
        # /healthz and /metrics beside it.
        self.shared_objects = {
            "bot": bot,
            "update_queue": update_queue,
            "secret_token": secret_token,
        }
        routes: list[Any] = []
        if _monitor is not None:
            routes += [
                (r"/healthz", HealthHandler, {"monitor": _monitor}),
                (r"/metrics", MetricsHandler, {"monitor": _monitor}),
            ]
        routes.append((rf"{webhook_path}/?", SecretCheckingHandler, self.shared_objects))
        tornado.web.Application.__init__(self, routes)


def install(monitor: Any = None) -> None:
    """Make python-telegram-bot's webhook server use the constant-time check (and answer
    /healthz and /metrics from `monitor`)."""
    global _monitor
    if not hasattr(_updater, "WebhookAppClass"):  # the library moved it: fail loudly
        raise RuntimeError("python-telegram-bot's webhook server is not where it was")
    _monitor = monitor
    _updater.WebhookAppClass = SecretCheckingApp  # type: ignore[attr-defined,misc]
