"""An in-process emulator of the parts of the Telegram Bot API that the bot uses.

Three parts, on one shared state (:mod:`sandbox.world`: the bot, people, chats, messages,
files, and what the bot did):

- the Bot API side (:mod:`sandbox.botapi`): the methods, dispatched by name, 404 for the rest;
- Telegram's rules (:mod:`sandbox.rules`): limits, what parses, who can be reached, late
  callback answers, edits that change nothing, flood control;
- the person's side (:mod:`sandbox.person`): what a user does, turned into updates.

:class:`TelegramEmulator` is all three together; the names below are re-exported so that
``from sandbox.emulator import ...`` keeps working.
"""

from __future__ import annotations

from typing import Any

from sandbox.botapi import FAULTS, JSON_PARAMETERS, BotApi, EmulatedTimeout, FaultHook
from sandbox.person import PersonSide, UpdateSink
from sandbox.rules import (
    CALLBACK_ANSWER_WINDOW,
    CHAT_ACTIONS,
    MAX_CALLBACK_DATA,
    MAX_CAPTION,
    MAX_PHOTO_BYTES,
    MAX_TEXT,
    MAX_UPLOAD_BYTES,
    BotApiError,
    FloodControl,
    FloodLimits,
    bad_request,
)
from sandbox.world import (
    SANDBOX_TOKEN,
    BotAction,
    CallbackQuery,
    Chat,
    Clock,
    Message,
    StoredFile,
    User,
    real_clock,
)


class TelegramEmulator(BotApi, PersonSide):
    """One bot, any number of users, private chats and groups: the bot's requests come in
    through :meth:`call` (the Bot API side), people act through the person's side."""

    def __init__(
        self,
        *,
        token: str = SANDBOX_TOKEN,
        bot_username: str = "InovasiSandboxBot",
        clock: Clock = real_clock,
        flood_limits: FloodLimits | None = None,
    ) -> None:
        world: dict[str, Any] = {"token": token, "bot_username": bot_username, "clock": clock}
        super().__init__(flood_limits=flood_limits, **world)


__all__ = [
    "CALLBACK_ANSWER_WINDOW", "CHAT_ACTIONS", "FAULTS", "JSON_PARAMETERS", "MAX_CALLBACK_DATA",
    "MAX_CAPTION", "MAX_PHOTO_BYTES", "MAX_TEXT", "MAX_UPLOAD_BYTES", "SANDBOX_TOKEN",
    "BotAction", "BotApiError", "CallbackQuery", "Chat", "Clock", "EmulatedTimeout",
    "FaultHook", "FloodControl", "FloodLimits", "Message", "StoredFile", "TelegramEmulator",
    "UpdateSink", "User", "bad_request", "real_clock",
]  # fmt: skip
