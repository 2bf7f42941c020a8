"""Starting the real bot: long polling or a webhook, with one-line failures.

A server often boots before its network is up: unless told `--once`, the bot waits for the Bot
API, trying again with growing pauses (2 s, 4 s, … up to a minute) and one log line each time,
instead of exiting at once. A token Telegram refuses is never retried. An address that answers,
but not as the Bot API does (a 404 page with no JSON: a proxy or a mistyped path), is said as
such and retried like an unreachable one: it may be a proxy that is not ready yet.
"""

from __future__ import annotations

import asyncio
import contextlib
import gc
import logging
import re
import signal
import time
from collections.abc import Callable, Iterator
from urllib.parse import urlsplit

from sqlalchemy.exc import SQLAlchemyError
from telegram import Bot, Update
from telegram.error import InvalidToken, NetworkError, RetryAfter, TelegramError

from bot.app import build_application, file_url_for
from bot.core.failures import EXIT_USAGE, CliError, describe_database_error
from bot.core.logs import configure_logging
from bot.core.settings import Settings
from bot.innovations.evidence import EvidenceStoreError
from bot.operations.monitor import MonitorError
from bot.telegram import webhook
from storage.database import StorageError

logger = logging.getLogger(__name__)

FIRST_PAUSE = 2.0
LONGEST_PAUSE = 60.0


def _secrets(settings: Settings) -> list[str]:
    values = [settings.bot_token, settings.webhook_secret]
    return [value.get_secret_value() for value in values if value is not None]


async def _reach_bot_api(settings: Settings) -> None:
    assert settings.bot_token is not None
    bot = Bot(
        settings.bot_token.get_secret_value(),
        base_url=settings.bot_api_base_url,
        base_file_url=settings.bot_api_base_file_url or file_url_for(settings.bot_api_base_url),
    )
    try:
        await bot.initialize()  # getMe
    finally:
        with contextlib.suppress(TelegramError):
            await bot.shutdown()


@contextlib.contextmanager
def _stoppable() -> Iterator[None]:
    """While waiting, SIGTERM stops the program at once (in a container the program is process 1,
    which has no default handler for it)."""

    def stop(signum: int, frame: object) -> None:
        raise SystemExit(0)

    try:
        previous = signal.signal(signal.SIGTERM, stop)
    except ValueError:  # not the main thread
        yield
        return
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def _not_json(exc: InvalidToken) -> InvalidToken | None:
    """python-telegram-bot reads a 401 or 404 as a refused token, also when the body is not
    JSON (and `Bot.initialize` wraps that in a refusal naming the token). Telegram answers a
    bad token in JSON: a body that is not JSON came from something else (a web server, a
    proxy, a wrong BOT_API_BASE_URL). The refusal whose cause is the failed parse, if any."""
    error: BaseException | None = exc
    while isinstance(error, InvalidToken):
        if isinstance(error.__cause__, TelegramError) and not isinstance(
            error.__cause__, InvalidToken
        ):
            return error
        error = error.__cause__
    return None


def not_the_bot_api(exc: InvalidToken) -> bool:
    return _not_json(exc) is not None


def answered_as(exc: InvalidToken) -> str:
    """'404 Not Found', from python-telegram-bot's 'Not Found (404). Parsing …' (never the
    wrapping message, which names the token)."""
    refusal = _not_json(exc)
    match = re.match(r"(.+?) \((\d{3})\)", refusal.message if refusal else "")
    return f"{match.group(2)} {match.group(1)}" if match else "an HTTP error"


def wait_for_bot_api(settings: Settings, sleep: Callable[[float], None] = time.sleep) -> None:
    """Return once the Bot API answers; InvalidToken and other refusals are raised."""
    host = urlsplit(settings.bot_api_base_url).netloc
    pause = FIRST_PAUSE
    attempt = 1
    with _stoppable():
        while True:
            try:
                asyncio.run(_reach_bot_api(settings))
            except RetryAfter as exc:
                wait = exc.retry_after
                seconds = wait if isinstance(wait, int | float) else wait.total_seconds()
                logger.warning("the Bot API asks to wait %s s before starting", seconds)
                sleep(float(seconds))
                continue
            except NetworkError as exc:  # also a timeout
                logger.warning(
                    "cannot reach the Bot API at %s (%s); trying again in %.0f s (attempt %s); "
                    "--once stops instead",
                    host, exc.message, pause, attempt,
                )  # fmt: skip
                sleep(pause)
                pause = min(pause * 2, LONGEST_PAUSE)
                attempt += 1
                continue
            except InvalidToken as exc:
                if not not_the_bot_api(exc):
                    raise
                logger.warning(
                    "the address %s answered %s, not JSON as the Bot API does (check "
                    "BOT_API_BASE_URL); trying again in %.0f s (attempt %s); --once stops instead",
                    host, answered_as(exc), pause, attempt,
                )  # fmt: skip
                sleep(pause)
                pause = min(pause * 2, LONGEST_PAUSE)
                attempt += 1
                continue
            if attempt > 1:
                logger.info("the Bot API at %s answers after %s attempts", host, attempt)
            return


# Container objects allocated, less those freed, before the youngest generation is collected
# (Python's default is 700). An update makes thousands (python-telegram-bot's objects, the ORM's
# rows and states) that live until it is answered: at 700, with many people at once, they were
# collected while still alive, and the survivors promoted until a full collection walked them all.
YOUNGEST_THRESHOLD = 20_000


def freeze_startup_objects() -> None:
    """What is made at start-up (modules, texts, the ORM's mappers, python-telegram-bot's
    handlers: most of the process's objects) lives as long as the process. Frozen, the garbage
    collector stops walking it again in every full collection: with 200 people walking the form
    at once, the collector's time fell from 1.1 s to 0.6 s of a 25-second walk. And the young
    generation is collected less often (``YOUNGEST_THRESHOLD``): 0.5 s to 0.3 s of a 15-second
    walk, one full collection (of about 0.1 s) instead of five."""
    gc.collect()
    gc.freeze()
    _, middle, oldest = gc.get_threshold()
    gc.set_threshold(YOUNGEST_THRESHOLD, middle, oldest)


def _run(settings: Settings, start: str, *, once: bool = False) -> int:
    configure_logging(settings.log_level, _secrets(settings), fmt=settings.log_format)
    try:
        application = build_application(settings)
        if not once:
            wait_for_bot_api(settings)
        freeze_startup_objects()
        if start == "polling":
            logger.info("starting with long polling against %s", settings.bot_api_base_url)
            application.run_polling(allowed_updates=Update.ALL_TYPES)
        else:
            # The bot's own web server takes the webhook (the dashboard's, when it is on).
            webhook.run(application, settings)
    except InvalidToken as exc:
        if not_the_bot_api(exc):
            raise CliError(
                f"BOT_API_BASE_URL: the address answered {answered_as(exc)}, "
                "not JSON as the Bot API does"
            ) from None
        raise CliError("BOT_TOKEN: Telegram does not accept this token") from None
    except StorageError as exc:
        raise CliError(f"DATABASE_URL: {exc}") from None
    except EvidenceStoreError as exc:
        raise CliError(f"EVIDENCE_DIR: {exc}", EXIT_USAGE) from None
    except MonitorError as exc:
        raise CliError(str(exc), EXIT_USAGE) from None
    except (SQLAlchemyError, OSError) as exc:
        raise CliError(describe_database_error(settings, exc)) from None
    except NetworkError as exc:
        raise CliError(f"BOT_API_BASE_URL: cannot reach the Bot API: {exc.message}") from None
    except TelegramError as exc:
        raise CliError(f"Telegram refused to start the bot: {exc.message}") from None
    return 0


def run_polling(settings: Settings, *, once: bool = False) -> int:
    return _run(settings, "polling", once=once)


def run_webhook(settings: Settings, *, once: bool = False) -> int:
    return _run(settings, "webhook", once=once)
