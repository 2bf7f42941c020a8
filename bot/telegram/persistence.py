"""Conversation states in the database, so a restart continues every open conversation.

The state of a conversation has one writer: the handler, which writes it (with what the flow
collected) in the same transaction as the answer it took (`FlowStore.save`/`end`). This
persistence only reads: at start it hands python-telegram-bot the stored states. When
python-telegram-bot later offers a state to persist, nothing is written; it is compared with
what the handler committed, and a difference (a handler that returned a state it did not
write) is logged as an error and kept in `disagreements` (the tests fail on any).

User, chat and bot data stay off: what a flow collects lives in the `conversation_state` row.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from datetime import timedelta
from typing import Any

from telegram.ext import BasePersistence, PersistenceInput
from telegram.ext._utils.types import CDCData, ConversationDict, ConversationKey

from storage.database import Database
from storage.repositories.conversations import ConversationRepository

_NOTHING = object()
logger = logging.getLogger(__name__)


class DatabasePersistence(BasePersistence[dict[Any, Any], dict[Any, Any], dict[Any, Any]]):
    def __init__(
        self,
        database: Database,
        ready: Callable[[], Awaitable[None]],
        *,
        max_age: dict[str, timedelta] | None = None,
    ) -> None:
        super().__init__(
            store_data=PersistenceInput(
                bot_data=False, chat_data=False, user_data=False, callback_data=False
            ),
            update_interval=60,
        )
        self.database = database
        self.ready = ready
        # A conversation's timeout lives on the JobQueue, which a restart empties: one idle
        # longer than its timeout is ended here, when the states are loaded at start.
        self.max_age = max_age or {}
        # States python-telegram-bot held that the handlers had not written (see above).
        self.disagreements: list[tuple[str, tuple[Any, ...], str | None, object]] = []

    async def get_conversations(self, name: str) -> ConversationDict:
        await self.ready()
        async with self.database.transaction() as session:
            repository = ConversationRepository(session)
            if name in self.max_age:
                # Rows are stamped by the database layer's clock, so compare with the same.
                await repository.delete_idle(name, self.database.now() - self.max_age[name])
            return dict(await repository.states(name))

    async def update_conversation(
        self, name: str, key: ConversationKey, new_state: object | None
    ) -> None:
        """Never a write (the handler wrote the state with its answer): a check that
        python-telegram-bot holds what the handler committed."""
        wanted = None if new_state is None else str(new_state)
        entry = self.database.states_written.pop((name, tuple(key)), None)
        written = _NOTHING if entry is None else entry[1]  # (the commit's number, the state)
        if written != wanted:
            shown = "nothing" if written is _NOTHING else repr(written)
            self.disagreements.append(
                (name, tuple(key), wanted, None if written is _NOTHING else written)
            )
            logger.error(
                "conversation %s %s: the handler went to %r but wrote %s", name, key, wanted, shown
            )

    # Nothing else is persisted (see the module's docstring).

    async def get_user_data(self) -> dict[int, dict[Any, Any]]:
        return {}

    async def get_chat_data(self) -> dict[int, dict[Any, Any]]:
        return {}

    async def get_bot_data(self) -> dict[Any, Any]:
        return {}

    async def get_callback_data(self) -> CDCData | None:
        return None

    async def update_user_data(self, user_id: int, data: dict[Any, Any]) -> None:
        return None

    async def update_chat_data(self, chat_id: int, data: dict[Any, Any]) -> None:
        return None

    async def update_bot_data(self, data: dict[Any, Any]) -> None:
        return None

    async def update_callback_data(self, data: CDCData) -> None:
        return None

    async def drop_chat_data(self, chat_id: int) -> None:
        return None

    async def drop_user_data(self, user_id: int) -> None:
        return None

    async def refresh_user_data(self, user_id: int, user_data: dict[Any, Any]) -> None:
        return None

    async def refresh_chat_data(self, chat_id: int, chat_data: dict[Any, Any]) -> None:
        return None

    async def refresh_bot_data(self, bot_data: dict[Any, Any]) -> None:
        return None

    async def flush(self) -> None:
        return None
