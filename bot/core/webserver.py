"""Serving the dashboard with uvicorn inside the bot's own event loop (or alone), every response
with the security headers."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Awaitable, Callable

import uvicorn
from starlette.applications import Starlette
from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

logger = logging.getLogger(__name__)
LIMIT_CONCURRENCY = 64  # connections at once; more are answered 503 at once, not queued

# The pages use no script, no inline style and nothing from another host (the login is
# Telegram's button in the chat, not a widget on the page): the policy allows exactly that.
CONTENT_SECURITY_POLICY = (
    "default-src 'none'; img-src 'self'; style-src 'self'; form-action 'self'; "
    "frame-ancestors 'none'; base-uri 'none'"
)
SECURITY_HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Frame-Options": "DENY",  # frame-ancestors for browsers that predate it
    "X-Content-Type-Options": "nosniff",  # an evidence photo is never run as HTML or script
    "Referrer-Policy": "no-referrer",  # an innovation's outside link learns nothing of ours
}


class SecurityHeaders:
    """ASGI middleware: SECURITY_HEADERS on every HTTP response that does not set its own."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                for name, value in SECURITY_HEADERS.items():
                    headers.setdefault(name, value)
            await send(message)

        await self.app(scope, receive, send_with_headers)


class HeadedStarlette(Starlette):
    """Starlette with SecurityHeaders outside its whole stack: its 500 page, answered by
    ServerErrorMiddleware outside any middleware given to it, has the headers too."""

    def build_middleware_stack(self) -> ASGIApp:
        return SecurityHeaders(super().build_middleware_stack())


class DashboardServer:
    """uvicorn on `host:port`, started and stopped with the bot."""

    def __init__(
        self,
        app: Starlette,
        host: str,
        port: int,
        *,
        on_stop: Callable[[], Awaitable[None]] | None = None,
    ) -> None:
        config = uvicorn.Config(
            app, host=host, port=port, log_level="warning", access_log=False, lifespan="off",
            limit_concurrency=LIMIT_CONCURRENCY,
        )  # fmt: skip
        self.on_stop = on_stop
        self.server = uvicorn.Server(config)
        # uvicorn swaps in its own SIGINT/SIGTERM handlers while it serves from the main thread,
        # and raises the signal again once it has stopped. Whoever runs the server (the bot, the
        # dashboard command) owns the signals and stops it: with uvicorn's swap, a process whose
        # SIGINT was inherited as ignored never stopped (uvicorn re-raised into "ignore").
        self.server.capture_signals = contextlib.nullcontext  # type: ignore[method-assign]
        self._task: asyncio.Task[None] | None = None
        self.host, self.port = host, port

    @property
    def address(self) -> str:
        return f"http://{self.host}:{self.port}/"

    async def start(self) -> None:
        self._task = asyncio.create_task(self.server.serve(), name="dashboard")
        while not self.server.started:  # bound, or failed to bind
            if self._task.done():
                self._task.result()  # raises what stopped it (the port is taken, say)
                raise OSError(f"the dashboard could not listen on {self.host}:{self.port}")
            await asyncio.sleep(0.01)
        logger.info("dashboard on %s", self.address)

    def hurry(self) -> None:
        """Stop without waiting for open connections (a second Ctrl+C)."""
        self.server.force_exit = True

    async def stop(self) -> None:
        if self._task is None:
            return
        self.server.should_exit = True
        with contextlib.suppress(asyncio.CancelledError):
            await self._task
        self._task = None
        if self.on_stop is not None:
            await self.on_stop()
