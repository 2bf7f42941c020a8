"""Inovasi Bot. Its folders by capability, top to bottom (imports go down, checked by
import-linter: see ``[tool.importlinter]`` in pyproject.toml): ``cli`` and ``runner`` (the
command line and the start-up), ``app`` (the composition root, which nothing else imports),
then, below the handlers of ``conversations`` and the dashboard of ``web``: ``operations``
and ``review``, ``delivery``, ``reporting``, ``iid`` and ``monitoring``, ``innovations``, then
``telegram`` (plumbing), ``core`` and, outside, ``storage``."""

__version__ = "0.1.0"

import os

# Opt in now to python-telegram-bot's next major behaviour (durations as timedelta, e.g.
# RetryAfter.retry_after), so the code is written once against it.
os.environ.setdefault("PTB_TIMEDELTA", "1")
