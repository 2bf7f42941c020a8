"""Configuration from the environment and `.env`.

Every name here is a contract operators and tools rely on. A wrong or missing value becomes one
:class:`SettingsError` line that names the variable; the command line turns it into exit code 2.
"""

from __future__ import annotations

import re
from typing import Annotated, Any, Literal
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import Field, SecretStr, ValidationError, field_validator
from pydantic_core import PydanticCustomError
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError

from bot.core.textinput import parse_count

DEFAULT_DATABASE_URL = "sqlite+aiosqlite:///data/inovasi.db"
DEFAULT_API_BASE_URL = "https://api.telegram.org/bot"
DEFAULT_EVIDENCE_DIR = "data/evidence"
# What BotFather hands out: a numeric bot id, a colon, then 35 characters of [A-Za-z0-9_-].
TOKEN_PATTERN = re.compile(r"^\d{3,20}:[A-Za-z0-9_-]{30,50}$", re.ASCII)
MAX_USER_ID = 2**63 - 1  # the members' BIGINT column; Telegram's ids have at most 52 bits
WEBHOOK_SECRET_PATTERN = re.compile(r"^[A-Za-z0-9_-]{1,256}$")
USERNAME_PATTERN = re.compile(r"^[A-Za-z][A-Za-z0-9_]{3,31}$")


class SettingsError(Exception):
    """One configuration problem, worded for an operator: ``NAME: what is wrong``."""


def _invalid(message: str, **context: Any) -> PydanticCustomError:
    return PydanticCustomError("invalid_setting", message, context)


def normalise_database_url(value: str) -> str:
    """A database URL as the bot uses it (the async drivers), or a one-line problem."""
    value = value.strip()
    try:
        url = make_url(value)
    except ArgumentError:
        raise _invalid("is not a database URL (e.g. sqlite+aiosqlite:///data/inovasi.db)") from None
    backend = url.get_backend_name()
    if backend == "sqlite":
        if not url.database or url.database == ":memory:":
            raise _invalid("needs a file for SQLite (e.g. sqlite+aiosqlite:///data/inovasi.db)")
        return url.set(drivername="sqlite+aiosqlite").render_as_string(hide_password=False)
    if backend in ("postgresql", "postgres"):
        return url.set(drivername="postgresql+asyncpg").render_as_string(hide_password=False)
    raise _invalid('"{scheme}" is not supported: use sqlite or postgresql', scheme=backend)


class Settings(BaseSettings):
    """The bot's configuration. Field names are the environment variable names, lower-cased."""

    model_config = SettingsConfigDict(
        env_file=".env",
        env_file_encoding="utf-8",
        extra="ignore",
        case_sensitive=False,
        hide_input_in_errors=True,
    )

    bot_token: SecretStr | None = None
    database_url: str = DEFAULT_DATABASE_URL
    bot_api_base_url: str = DEFAULT_API_BASE_URL
    bot_api_base_file_url: str | None = None
    bot_username: str | None = None
    admin_ids: Annotated[frozenset[int], NoDecode] = frozenset()
    coordinator_chat_id: int | None = None
    timezone: str = "Asia/Jakarta"
    default_language: Literal["id", "en"] = "id"
    webhook_url: str | None = None
    webhook_secret: SecretStr | None = None
    webhook_listen: str = "127.0.0.1"
    webhook_port: int = Field(default=8443, ge=1, le=65535)
    log_level: Literal["DEBUG", "INFO", "WARNING", "ERROR"] = "INFO"
    # "text": one line per event for a person; "json": one JSON object per line for a collector.
    log_format: Literal["text", "json"] = "text"
    # Where the evidence files are kept, named by their sha256 (see bot/operations/evidence.py).
    evidence_dir: str = DEFAULT_EVIDENCE_DIR
    # /healthz and /metrics on their own port (any mode); the webhook's server has them too.
    metrics_port: int | None = Field(default=None, ge=1, le=65535)
    metrics_listen: str = "127.0.0.1"
    # Updates of different people processed at once (one person's always in order). The
    # database pool is sized from it, so a flood of updates waits here, not on the pool.
    max_concurrent_updates: int = Field(default=16, ge=1, le=256)
    # The web dashboard, served by the bot's process (and by `inovasi-bot dashboard` alone).
    dashboard_port: int | None = Field(default=None, ge=1, le=65535)
    dashboard_listen: str = "127.0.0.1"
    dashboard_public: bool = True
    dashboard_url: str | None = None
    access_request_cooldown_hours: int = Field(default=24, ge=0, le=24 * 365)

    @field_validator(
        "bot_token",
        "bot_username",
        "coordinator_chat_id",
        "webhook_url",
        "webhook_secret",
        "bot_api_base_file_url",
        "dashboard_url",
        "dashboard_port",
        "metrics_port",
        mode="before",
    )
    @classmethod
    def _blank_is_unset(cls, value: Any) -> Any:
        # `BOT_TOKEN=` in .env means "not configured", as it does for an operator.
        if isinstance(value, str) and not value.strip():
            return None
        return value.strip() if isinstance(value, str) else value

    @field_validator("bot_token")
    @classmethod
    def _check_token(cls, value: SecretStr | None) -> SecretStr | None:
        if value is not None and not TOKEN_PATTERN.match(value.get_secret_value()):
            # The value itself is never repeated: it may be a real token with a typo.
            raise _invalid("does not look like a token from @BotFather (digits:letters)")
        return value

    @field_validator("database_url")
    @classmethod
    def _check_database_url(cls, value: str) -> str:
        return normalise_database_url(value)

    @field_validator("evidence_dir")
    @classmethod
    def _check_evidence_dir(cls, value: str) -> str:
        value = value.strip()
        if not value:
            raise _invalid("needs a folder (e.g. data/evidence)")
        return value

    @field_validator("bot_api_base_url", "bot_api_base_file_url", "webhook_url", "dashboard_url")
    @classmethod
    def _check_http_url(cls, value: str | None) -> str | None:
        if value is None:
            return None
        parts = urlsplit(value.strip())
        if parts.scheme not in ("http", "https") or not parts.netloc:
            raise _invalid('"{value}" is not an http(s) URL', value=value)
        return value.strip()

    @field_validator("bot_username")
    @classmethod
    def _check_username(cls, value: str | None) -> str | None:
        if value is None:
            return None
        value = value.removeprefix("@")
        if not USERNAME_PATTERN.match(value):
            raise _invalid('"{value}" is not a Telegram bot username', value=value)
        return value

    @field_validator("admin_ids", mode="before")
    @classmethod
    def _parse_admin_ids(cls, value: Any) -> Any:
        if not isinstance(value, str):
            return value
        ids = set()
        for part in value.replace(";", ",").split(","):
            part = part.strip()
            if not part:
                continue
            user_id = parse_count(part, minimum=1, maximum=MAX_USER_ID)
            if not isinstance(user_id, int):
                raise _invalid('"{value}" is not a Telegram user id', value=part)
            ids.add(user_id)
        return frozenset(ids)

    @field_validator("coordinator_chat_id", mode="before")
    @classmethod
    def _check_chat_id(cls, value: Any) -> Any:
        if isinstance(value, str) and not value.strip():
            return None
        if isinstance(value, str) and not re.fullmatch(r"-?[0-9]+", value.strip()):
            raise _invalid('"{value}" is not a Telegram chat id (e.g. -1001234567890)', value=value)
        return value

    @field_validator("timezone")
    @classmethod
    def _check_timezone(cls, value: str) -> str:
        value = value.strip()
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError):
            raise _invalid(
                '"{value}" is not a time zone (e.g. Asia/Jakarta)', value=value
            ) from None
        return value

    @field_validator("webhook_secret")
    @classmethod
    def _check_webhook_secret(cls, value: SecretStr | None) -> SecretStr | None:
        if value is not None and not WEBHOOK_SECRET_PATTERN.match(value.get_secret_value()):
            raise _invalid("may only contain A-Z, a-z, 0-9, _ and - (at most 256)")
        return value

    @property
    def tzinfo(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    def __repr_args__(self):  # never print the secrets, even by accident in a debug log
        for name, value in super().__repr_args__():
            if name in ("bot_token", "webhook_secret") and value is not None:
                value = "**********"
            yield name, value


def _describe(error: dict[str, Any]) -> str:
    name = str(error["loc"][0]).upper() if error.get("loc") else "SETTINGS"
    kind = error.get("type", "")
    if kind == "invalid_setting":
        return f"{name}: {error['msg']}"
    if kind == "literal_error":
        return f"{name}: must be one of {error['ctx']['expected']}"
    if kind in ("int_parsing", "int_type"):
        return f"{name}: must be a whole number"
    if kind in ("greater_than_equal", "less_than_equal"):
        return f"{name}: {error['msg'].lower()}"
    return f"{name}: {error['msg']}"


def load_settings(**overrides: Any) -> Settings:
    """Read the settings, or raise :class:`SettingsError` naming the first bad variable."""
    try:
        return Settings(**overrides)
    except ValidationError as exc:
        raise SettingsError(_describe(exc.errors()[0])) from None
