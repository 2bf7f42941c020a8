from __future__ import annotations

import logging
from pathlib import Path

import pytest

from bot.core.logs import RedactingFilter, configure_logging
from bot.core.settings import DEFAULT_DATABASE_URL, SettingsError, load_settings

TOKEN = "123456789:AAH9xVb-7Qm2kZr5TgYp0LwXe1Nc3Ud4Sf8"


def error_of(monkeypatch: pytest.MonkeyPatch, **env: str) -> str:
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    with pytest.raises(SettingsError) as caught:
        load_settings()
    return str(caught.value)


def test_defaults_need_no_configuration() -> None:
    settings = load_settings()
    assert settings.bot_token is None
    assert settings.database_url == DEFAULT_DATABASE_URL
    assert settings.bot_api_base_url == "https://api.telegram.org/bot"
    assert settings.timezone == "Asia/Jakarta"
    assert settings.default_language == "id"
    assert settings.admin_ids == frozenset()
    assert settings.coordinator_chat_id is None


def test_values_come_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BOT_TOKEN", TOKEN)
    monkeypatch.setenv("ADMIN_IDS", " 111, 222 ,,333")
    monkeypatch.setenv("COORDINATOR_CHAT_ID", "-1001234567890")
    monkeypatch.setenv("DATABASE_URL", "postgresql://bot:pw@db.example:5432/inovasi")
    monkeypatch.setenv("DEFAULT_LANGUAGE", "en")
    settings = load_settings()
    assert settings.bot_token is not None
    assert settings.bot_token.get_secret_value() == TOKEN
    assert settings.admin_ids == {111, 222, 333}
    assert settings.coordinator_chat_id == -1001234567890
    assert settings.database_url == "postgresql+asyncpg://bot:pw@db.example:5432/inovasi"
    assert settings.default_language == "en"


def test_values_come_from_dot_env(tmp_path: Path) -> None:
    (tmp_path / ".env").write_text(f"BOT_TOKEN={TOKEN}\nTIMEZONE=Asia/Makassar\n", "utf-8")
    settings = load_settings()
    assert settings.bot_token is not None
    assert settings.timezone == "Asia/Makassar"


def test_an_empty_token_means_not_configured(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BOT_TOKEN", "  ")
    assert load_settings().bot_token is None


@pytest.mark.parametrize(
    ("env", "expected"),
    [
        ({"ADMIN_IDS": "12a"}, 'ADMIN_IDS: "12a" is not a Telegram user id'),
        ({"ADMIN_IDS": "1,-5"}, 'ADMIN_IDS: "-5" is not a Telegram user id'),
        ({"ADMIN_IDS": "111,²"}, 'ADMIN_IDS: "²" is not a Telegram user id'),
        ({"ADMIN_IDS": "9" * 4301}, 'ADMIN_IDS: "999'),
        ({"TIMEZONE": "Asia/Bandung"}, 'TIMEZONE: "Asia/Bandung" is not a time zone'),
        ({"DATABASE_URL": "mysql://x/y"}, 'DATABASE_URL: "mysql" is not supported'),
        ({"DATABASE_URL": "not a url"}, "DATABASE_URL: is not a database URL"),
        ({"DATABASE_URL": "sqlite:///:memory:"}, "DATABASE_URL: needs a file for SQLite"),
        ({"BOT_API_BASE_URL": "api.telegram.org"}, "BOT_API_BASE_URL: "),
        ({"COORDINATOR_CHAT_ID": "grup koordinator"}, "COORDINATOR_CHAT_ID: "),
        ({"COORDINATOR_CHAT_ID": "-١٠٠١٢٣"}, 'COORDINATOR_CHAT_ID: "-١٠٠١٢٣" is not a Telegram'),
        ({"DEFAULT_LANGUAGE": "jv"}, "DEFAULT_LANGUAGE: must be one of 'id' or 'en'"),
        ({"BOT_TOKEN": "12345"}, "BOT_TOKEN: does not look like a token"),
        ({"WEBHOOK_SECRET": "has space"}, "WEBHOOK_SECRET: may only contain"),
        ({"WEBHOOK_PORT": "http"}, "WEBHOOK_PORT: must be a whole number"),
        ({"BOT_USERNAME": "x y"}, 'BOT_USERNAME: "x y" is not a Telegram bot username'),
    ],
)
def test_a_bad_value_is_one_line_naming_the_variable(
    monkeypatch: pytest.MonkeyPatch, env: dict[str, str], expected: str
) -> None:
    message = error_of(monkeypatch, **env)
    assert message.startswith(expected), message
    assert "\n" not in message


def test_the_token_never_shows_in_errors_or_repr(monkeypatch: pytest.MonkeyPatch) -> None:
    message = error_of(monkeypatch, BOT_TOKEN=TOKEN + "!")
    assert TOKEN not in message
    monkeypatch.setenv("BOT_TOKEN", TOKEN)
    settings = load_settings()
    assert TOKEN not in repr(settings)
    assert TOKEN not in str(settings)
    assert TOKEN not in str(settings.model_dump())


def test_the_token_is_redacted_from_every_log_line(caplog: pytest.LogCaptureFixture) -> None:
    configure_logging("INFO", [TOKEN])
    caplog.handler.addFilter(RedactingFilter([TOKEN]))
    logging.getLogger("httpx").warning("GET https://api.telegram.org/bot%s/getMe", TOKEN)
    try:
        raise RuntimeError(f"failed at /bot{TOKEN}/sendMessage")
    except RuntimeError:
        logging.getLogger("bot").exception("request failed")
    assert TOKEN not in caplog.text
    assert "[REDACTED]" in caplog.text
    assert logging.getLogger("httpx").level == logging.WARNING
