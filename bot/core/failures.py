"""How the command line fails: one line naming the setting or the file, and an exit code.
Raised by the commands (``bot.cli``) and by the start-up (``bot.runner``) alike."""

from __future__ import annotations

from sqlalchemy.engine import make_url

from bot.core.settings import Settings

EXIT_FAILED = 1
EXIT_USAGE = 2


class CliError(Exception):
    def __init__(self, message: str, code: int = EXIT_FAILED) -> None:
        super().__init__(message)
        self.code = code


def describe_database_error(settings: Settings, exc: BaseException) -> str:
    url = make_url(settings.database_url).render_as_string(hide_password=True)
    original = getattr(exc, "orig", None) or exc
    reason = (
        str(original).strip().splitlines()[0] if str(original).strip() else type(original).__name__
    )
    return f"DATABASE_URL: cannot use {url}: {reason}"
