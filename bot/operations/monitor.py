"""Health and metrics: `/healthz` and a Prometheus `/metrics`.

In webhook mode without the dashboard both are served by the webhook's own server
(``bot/telegram/webhook.py``, on WEBHOOK_LISTEN, 127.0.0.1 by default); with METRICS_PORT set,
in either mode, by a small server of their own on METRICS_LISTEN (127.0.0.1 by default).
Behind a reverse proxy, pass only the webhook's path on: these two are for the machine's own
monitoring.

``/healthz`` answers 200 when the database answers, the scheduler runs and the application runs,
503 otherwise, with a JSON body that also says when the last update was processed (a quiet
evening is not a fault, so that is information, not a condition).

Every application has its own registry (tests build many applications in one process):
updates by kind, handler latency, errors, deliveries by kind and result, 429s, the outbox's
length, the evidence store, the database pool.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Awaitable, Iterable
from datetime import datetime
from typing import TYPE_CHECKING, Any

from aiohttp import web
from prometheus_client import (
    CONTENT_TYPE_LATEST,
    CollectorRegistry,
    Counter,
    Gauge,
    Histogram,
    disable_created_metrics,
    generate_latest,
)
from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily
from prometheus_client.registry import Collector
from sqlalchemy import func, select, text
from telegram import Update

from bot.telegram.updates import ChatOrderedUpdateProcessor
from storage.models import Attachment, Delivery, DeliveryStatus

if TYPE_CHECKING:
    from bot.telegram.application import BotApplication

logger = logging.getLogger(__name__)
disable_created_metrics()  # no `_created` series beside every counter

LATENCY_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0)
CHECK_TIMEOUT = 5.0  # seconds the database has to answer a health check


class MonitorError(Exception):
    """The monitoring server cannot start (its port is taken, say); one line."""


def update_kind(update: object) -> str:
    """What an update is: message, callback_query, my_chat_member, …"""
    if not isinstance(update, Update):
        return "other"
    for kind in Update.ALL_TYPES:
        if getattr(update, str(kind), None) is not None:
            return str(kind)
    return "other"


class Metrics:
    def __init__(self) -> None:
        self.registry = CollectorRegistry(auto_describe=True)
        registry = self.registry
        self.updates = Counter(
            "inovasi_updates", "Updates processed, by kind", ["kind"], registry=registry
        )
        self.latency = Histogram(
            "inovasi_update_seconds",
            "Time the handlers took for one update, by kind",
            ["kind"],
            buckets=LATENCY_BUCKETS,
            registry=registry,
        )
        self.errors = Counter(
            "inovasi_errors", "Errors caught by the error handler", ["where"], registry=registry
        )
        for where in ("update", "background"):
            self.errors.labels(where)  # shown as 0 before the first
        self.last_update = Gauge(
            "inovasi_last_update_timestamp_seconds",
            "When the last update was processed (Unix time, the bot's clock)",
            registry=registry,
        )
        self.deliveries = Gauge(
            "inovasi_deliveries",
            "Rows of the delivery log (scheduled sends, broadcasts, the outbox) by kind and result",
            ["kind", "status"],
            registry=registry,
        )
        self.outbox = Gauge(
            "inovasi_outbox_pending", "Notices waiting in the outbox", registry=registry
        )
        self.evidence = Gauge(
            "inovasi_evidence_files",
            "Evidence attachments by their state in the evidence store",
            ["state"],
            registry=registry,
        )
        self.database_up = Gauge(
            "inovasi_database_up", "1 when the database answered the last check", registry=registry
        )
        self.scheduler_running = Gauge(
            "inovasi_scheduler_running", "1 when the job scheduler runs", registry=registry
        )
        self.last_update_at: datetime | None = None

    def processed(self, kind: str, seconds: float, now: datetime) -> None:
        self.updates.labels(kind).inc()
        self.latency.labels(kind).observe(seconds)
        self.last_update.set(now.timestamp())
        self.last_update_at = now


class _LiveCollector(Collector):
    """Read at every scrape: the rate limiter's 429s and the database pool."""

    def __init__(self, application: BotApplication) -> None:
        self.application = application

    def describe(self) -> Iterable[Any]:
        return []

    def collect(self) -> Iterable[Any]:
        limiter = getattr(self.application.bot, "rate_limiter", None)
        retried = CounterMetricFamily(
            "inovasi_telegram_429", "429 Too Many Requests answers from Telegram (retried)"
        )
        retried.add_metric([], float(getattr(limiter, "retried", 0)))
        yield retried
        services = self.application.bot_data
        database = getattr(services, "database", None)
        pool = database.engine.sync_engine.pool if database is not None else None
        family = GaugeMetricFamily(
            "inovasi_database_pool_connections", "Database pool connections", labels=["state"]
        )
        for state, read in (
            ("size", "size"),
            ("checked_out", "checkedout"),
            ("overflow", "overflow"),
            ("checked_in", "checkedin"),
        ):
            method = getattr(pool, read, None)
            if callable(method):
                try:
                    family.add_metric([state], float(method()))
                except Exception:  # noqa: S112 - a pool kind without this figure
                    continue
        yield family


class MeasuredUpdateProcessor(ChatOrderedUpdateProcessor):
    """The chat-ordered processor, timing each update's handlers (not its wait for a lane)."""

    def __init__(self, limit: int, metrics: Metrics, clock: Any) -> None:
        super().__init__(limit)
        self.metrics = metrics
        self.clock = clock

    async def do_process_update(self, update: object, coroutine: Awaitable[Any]) -> None:
        kind = update_kind(update)

        async def measured() -> None:
            start = time.perf_counter()
            try:
                await coroutine
            finally:
                self.metrics.processed(kind, time.perf_counter() - start, self.clock.now())

        wrapper = measured()
        try:
            await super().do_process_update(update, wrapper)
        finally:
            if asyncio.iscoroutine(coroutine):
                coroutine.close()  # never started (the wrapper was cancelled first): no warning


class Monitor:
    """What /healthz and /metrics answer, for one application."""

    def __init__(self, application: BotApplication, metrics: Metrics) -> None:
        self.application = application
        self.metrics = metrics
        metrics.registry.register(_LiveCollector(application))

    def _scheduler_running(self) -> bool:
        job_queue = self.application.job_queue
        return bool(job_queue is not None and job_queue.scheduler.running)

    async def _database_ok(self) -> tuple[bool, str | None]:
        try:
            async with asyncio.timeout(CHECK_TIMEOUT):
                async with self.application.bot_data.database.reading() as session:
                    await session.execute(text("SELECT 1"))
        except Exception as exc:
            return False, type(exc).__name__
        return True, None

    async def health(self) -> tuple[int, dict[str, Any]]:
        database_ok, problem = await self._database_ok()
        scheduler = self._scheduler_running()
        running = bool(self.application.running)
        self.metrics.database_up.set(1 if database_ok else 0)
        self.metrics.scheduler_running.set(1 if scheduler else 0)
        last = self.metrics.last_update_at
        now = self.application.bot_data.clock.now()
        healthy = database_ok and scheduler and running
        body: dict[str, Any] = {
            "status": "ok" if healthy else "failing",
            "database": "ok" if database_ok else f"failing: {problem}",
            "scheduler": "running" if scheduler else "stopped",
            "application": "running" if running else "stopped",
            "last_update": last.isoformat() if last else None,
            "seconds_since_last_update": round((now - last).total_seconds(), 1) if last else None,
        }
        return (200 if healthy else 503), body

    async def refresh(self) -> None:
        """The figures that live in the database, read once per scrape."""
        metrics = self.metrics
        try:
            async with asyncio.timeout(CHECK_TIMEOUT):
                async with self.application.bot_data.database.reading() as session:
                    deliveries = (
                        await session.execute(
                            select(Delivery.kind, Delivery.status, func.count()).group_by(
                                Delivery.kind, Delivery.status
                            )
                        )
                    ).all()
                    evidence = (
                        await session.execute(
                            select(Attachment.store_state, func.count()).group_by(
                                Attachment.store_state
                            )
                        )
                    ).all()
        except Exception as exc:
            logger.warning("metrics: the database did not answer: %s", type(exc).__name__)
            metrics.database_up.set(0)
            return
        metrics.database_up.set(1)
        metrics.deliveries.clear()
        pending = 0
        for kind, status, count in deliveries:
            metrics.deliveries.labels(kind, status).set(count)
            if status == DeliveryStatus.PENDING:
                pending += count
        metrics.outbox.set(pending)
        metrics.evidence.clear()
        for state, count in evidence:
            metrics.evidence.labels(state).set(count)
        metrics.scheduler_running.set(1 if self._scheduler_running() else 0)

    async def metrics_payload(self) -> bytes:
        await self.refresh()
        return generate_latest(self.metrics.registry)


class MonitorServer:
    """/healthz and /metrics on a port of their own (METRICS_PORT)."""

    def __init__(self, monitor: Monitor, host: str, port: int) -> None:
        self.monitor = monitor
        self.host = host
        self.port = port
        self._runner: web.AppRunner | None = None

    async def start(self) -> None:
        app = web.Application()
        app.router.add_get("/healthz", self._health)
        app.router.add_get("/metrics", self._metrics)
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, self.host, self.port)
        try:
            await site.start()
        except OSError as exc:
            await self._runner.cleanup()
            self._runner = None
            raise MonitorError(
                f"METRICS_PORT: cannot listen on {self.host}:{self.port}: {exc.strerror or exc}"
            ) from None
        logger.info("health and metrics on http://%s:%s/healthz and /metrics", self.host, self.port)

    async def stop(self) -> None:
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    async def _health(self, request: web.Request) -> web.Response:
        status, body = await self.monitor.health()
        return web.json_response(body, status=status)

    async def _metrics(self, request: web.Request) -> web.Response:
        payload = await self.monitor.metrics_payload()
        return web.Response(body=payload, headers={"Content-Type": CONTENT_TYPE_LATEST})
