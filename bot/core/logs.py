"""Logging set-up. The token must never reach a log line, and a line names people by their
Telegram id only (SQL parameters are kept out of error messages, see ``storage.database``).

One line per event: ``LOG_FORMAT=text`` (a traceback folded into its line, new lines as ``\\n``)
or ``LOG_FORMAT=json`` (one JSON object per line: time, level, logger, message, error).
"""

from __future__ import annotations

import json
import logging
from datetime import UTC, datetime
from pathlib import Path

from telegram.error import TelegramError

# httpx logs every request URL at INFO, and the URL carries the token.
QUIET_LOGGERS = ("httpx", "httpcore", "apscheduler", "aiosqlite", "asyncio")


class RedactingFilter(logging.Filter):
    """Replaces secrets in every record that passes a handler, whoever logged it."""

    def __init__(self, secrets: list[str]) -> None:
        super().__init__()
        self.secrets = [secret for secret in secrets if secret]

    def filter(self, record: logging.LogRecord) -> bool:
        if not self.secrets:
            return True
        message = record.getMessage()
        redacted = message
        for secret in self.secrets:
            redacted = redacted.replace(secret, "[REDACTED]")
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            for secret in self.secrets:
                record.exc_text = record.exc_text.replace(secret, "[REDACTED]")
        if redacted != message:
            record.msg, record.args = redacted, None
        return True


class ShortNetworkRetry(logging.Filter):
    """python-telegram-bot logs a failed request of its start-up loop with three chained
    tracebacks; Telegram's own message says it all (and the command line adds one line naming
    the setting)."""

    def filter(self, record: logging.LogRecord) -> bool:
        error = record.exc_info[1] if record.exc_info else None
        if record.name.startswith("telegram.ext") and isinstance(error, TelegramError):
            record.msg = f"{record.getMessage()} ({type(error).__name__}: {error})"
            record.args = None
            record.exc_info = None
            record.exc_text = None
        return True


class ShortInvalidJson(logging.Filter):
    """python-telegram-bot logs a response body that is not JSON with a traceback and the whole
    body (a proxy's HTML page can be long): the start-up says what was seen in one line."""

    LONGEST_BODY = 200
    SAID = "Can not load invalid JSON data"  # python-telegram-bot's words (BaseRequest)

    def filter(self, record: logging.LogRecord) -> bool:
        # After the redactor: a body that echoes the request's path holds the token, and a
        # token cut in two here would no longer be found.
        if record.name.startswith("telegram.request") and record.exc_info:
            message = record.getMessage()
            if not message.startswith(self.SAID):
                return True
            if len(message) > self.LONGEST_BODY:
                message = message[: self.LONGEST_BODY] + "…"
            record.msg, record.args = message, None
            record.exc_info = None
            record.exc_text = None
            record.levelno, record.levelname = logging.WARNING, "WARNING"
        return True


class OneLineFormatter(logging.Formatter):
    """The usual `time level logger: message`, a traceback folded into the same line."""

    def __init__(self) -> None:
        super().__init__("%(asctime)s %(levelname)s %(name)s: %(message)s")

    def format(self, record: logging.LogRecord) -> str:
        return super().format(record).replace("\r", "").replace("\n", "\\n")


class JsonFormatter(logging.Formatter):
    """One JSON object per line, for a log collector."""

    def format(self, record: logging.LogRecord) -> str:
        data = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        if record.exc_info and not record.exc_text:
            record.exc_text = self.formatException(record.exc_info)
        if record.exc_text:
            data["error"] = record.exc_text
        return json.dumps(data, ensure_ascii=False)


def formatter_for(fmt: str) -> logging.Formatter:
    return JsonFormatter() if fmt == "json" else OneLineFormatter()


def configure_logging(
    level: str = "INFO",
    secrets: list[str] | None = None,
    file: Path | None = None,
    fmt: str = "text",
) -> None:
    """Log lines to stderr (or to `file`), secrets redacted, noisy libraries quieter."""
    root = logging.getLogger()
    if not root.handlers:
        handler: logging.Handler = (
            logging.FileHandler(file, encoding="utf-8") if file else logging.StreamHandler()
        )
        handler.setFormatter(formatter_for(fmt))
        root.addHandler(handler)
    root.setLevel(level)
    redactor = RedactingFilter(secrets or [])
    for handler in root.handlers:
        ours = RedactingFilter | ShortNetworkRetry | ShortInvalidJson
        for old in [f for f in handler.filters if isinstance(f, ours)]:
            handler.removeFilter(old)
        handler.addFilter(ShortNetworkRetry())
        handler.addFilter(redactor)
        handler.addFilter(ShortInvalidJson())
    for name in QUIET_LOGGERS:
        logging.getLogger(name).setLevel(logging.WARNING)
    # Alembic says at INFO how it set itself up (plugins, the context, every revision applied
    # on a new database): a dozen lines at every start. The bot says in one line what it
    # applied; Alembic's own lines are for LOG_LEVEL=DEBUG.
    logging.getLogger("alembic").setLevel(logging.DEBUG if level == "DEBUG" else logging.WARNING)
