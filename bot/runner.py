"""Starting the real bot: long polling or a webhook, with one-line failures."""

from __future__ import annotations

import logging
from urllib.parse import urlsplit

from sqlalchemy.exc import SQLAlchemyError
from telegram import Update
from telegram.error import InvalidToken, NetworkError, TelegramError

from bot.application import build_application
from bot.evidence import EvidenceStoreError
from bot.logs import configure_logging
from bot.settings import Settings
from storage.database import StorageError

logger = logging.getLogger(__name__)


def _secrets(settings: Settings) -> list[str]:
    values = [settings.bot_token, settings.webhook_secret]
    return [value.get_secret_value() for value in values if value is not None]


def _run(settings: Settings, start: str) -> int:
    from bot.cli import EXIT_USAGE, CliError, describe_database_error

    configure_logging(settings.log_level, _secrets(settings))
    try:
        application = build_application(settings)
        if start == "polling":
            logger.info("starting with long polling against %s", settings.bot_api_base_url)
            application.run_polling(allowed_updates=Update.ALL_TYPES)
        else:
            from bot.webhook import install

            install()  # the secret compared in constant time
            logger.info(
                "starting the webhook on %s:%s", settings.webhook_listen, settings.webhook_port
            )
            application.run_webhook(
                listen=settings.webhook_listen,
                port=settings.webhook_port,
                # Behind a reverse proxy the path is usually passed through unchanged.
                url_path=urlsplit(settings.webhook_url or "").path.lstrip("/"),
                webhook_url=settings.webhook_url,
                secret_token=(
                    settings.webhook_secret.get_secret_value() if settings.webhook_secret else None
                ),
                allowed_updates=Update.ALL_TYPES,
            )
    except InvalidToken:
        raise CliError("BOT_TOKEN: Telegram does not accept this token") from None
    except StorageError as exc:
        raise CliError(f"DATABASE_URL: {exc}") from None
    except EvidenceStoreError as exc:
        raise CliError(f"EVIDENCE_DIR: {exc}", EXIT_USAGE) from None
    except (SQLAlchemyError, OSError) as exc:
        raise CliError(describe_database_error(settings, exc)) from None
    except NetworkError as exc:
        raise CliError(f"BOT_API_BASE_URL: cannot reach the Bot API: {exc.message}") from None
    except TelegramError as exc:
        raise CliError(f"Telegram refused to start the bot: {exc.message}") from None
    return 0


def run_polling(settings: Settings) -> int:
    return _run(settings, "polling")


def run_webhook(settings: Settings) -> int:
    return _run(settings, "webhook")
