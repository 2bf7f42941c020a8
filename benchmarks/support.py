"""What the benchmarks share: a limiter that does not limit, a PostgreSQL database of their own."""

from __future__ import annotations

import uuid
from collections.abc import Awaitable, Callable, Coroutine
from typing import Any

import asyncpg
from sqlalchemy.engine import make_url
from telegram.ext import BaseRateLimiter


class NoLimiter(BaseRateLimiter[dict[str, Any]]):
    """Every request at once: what the code costs, without Telegram's waits."""

    async def initialize(self) -> None:
        return None

    async def shutdown(self) -> None:
        return None

    async def process_request(
        self,
        callback: Callable[..., Coroutine[Any, Any, Any]],
        args: Any,
        kwargs: dict[str, Any],
        endpoint: str,
        data: dict[str, Any],
        rate_limit_args: dict[str, Any] | None,
    ) -> Any:
        if rate_limit_args and rate_limit_args.get("flight") is not None:
            rate_limit_args["flight"].mark()
        return await callback(*args, **kwargs)


async def postgres_database(admin_url: str) -> tuple[str, Callable[[], Awaitable[None]]]:
    """A database of its own on the server of `admin_url`; its URL, and how to drop it."""
    url = make_url(admin_url)
    name = f"inovasi_bench_{uuid.uuid4().hex[:8]}"

    async def admin(sql: str) -> None:
        connection = await asyncpg.connect(
            host=url.host or "127.0.0.1", port=url.port or 5432, user=url.username or "postgres",
            password=url.password, database=url.database or "postgres",
        )  # fmt: skip
        try:
            await connection.execute(sql)
        finally:
            await connection.close()

    await admin(f'CREATE DATABASE "{name}"')

    async def drop() -> None:
        await admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    target = url.set(drivername="postgresql+asyncpg", database=name)
    return target.render_as_string(hide_password=False), drop
