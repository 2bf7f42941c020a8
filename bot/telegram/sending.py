"""The bot's client for Telegram: python-telegram-bot's ExtBot, and sends whose answer nobody reads.

Telegram answers every send and edit with the whole message: its text, entities, sender, chat and
keyboard. python-telegram-bot turns that into a ``Message`` object every time. Most of the bot's
replies are never looked at again (a question, an acknowledgement, a card whose buttons are
taken away), and building that object cost more than half of what the rest of the send cost
(measured on a typed answer's question and on 📤 Kirim's card). Inside ``unparsed()`` a send's
answer is checked as always (an error still raises) and then dropped: the call returns True, as
python-telegram-bot does for methods whose answer is a plain True.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

from telegram.ext import ExtBot

_UNPARSED: ContextVar[bool] = ContextVar("send_answer_unparsed", default=False)


@contextmanager
def unparsed() -> Iterator[None]:
    """The sends in this block return True instead of the message Telegram answers with."""
    token = _UNPARSED.set(True)
    try:
        yield
    finally:
        _UNPARSED.reset(token)


class Bot(ExtBot[Any]):
    """ExtBot, with ``unparsed()`` honoured where python-telegram-bot's own rate limiting hooks
    in (``_do_post``: every request passes it, after the limiter and Telegram have answered)."""

    async def _do_post(self, endpoint: str, data: Any, **kwargs: Any) -> Any:
        result = await super()._do_post(endpoint, data, **kwargs)
        if _UNPARSED.get() and isinstance(result, dict) and endpoint != "getUpdates":
            return True
        return result
