"""Serving the dashboard with uvicorn inside the bot's own event loop (or alone)."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Awaitable, Callable

import uvicorn
from starlette.applications import Starlette

logger = logging.getLogger(__name__)
LIMIT_CONCURRENCY = 64  # connections at once; more are answered 503 at once, not queued


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
