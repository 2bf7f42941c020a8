"""Inovasi Bot: the Telegram application, its commands, jobs and texts."""

__version__ = "0.1.0"

import os

# Opt in now to python-telegram-bot's next major behaviour (durations as timedelta, e.g.
# RetryAfter.retry_after), so the code is written once against it.
os.environ.setdefault("PTB_TIMEDELTA", "1")
