"""Conversation states in the database, so a restart continues every open conversation.

Only conversations are persisted here: user, chat and bot data stay off, because what a flow
collects lives in the same `conversation_state` row, written by the handler in the same
transaction as the answer (a killed process loses nothing that was answered). python-telegram-
bot's own writes of the state (`update_conversation`) land in the same row and agree.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import timedelta
from typing import Any

from telegram.ext import BasePersistence, PersistenceInput
from telegram.ext._utils.types import CDCData, ConversationDict, ConversationKey

from storage.database import Database
from storage.repositories.conversations import ConversationRepository


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
        """python-telegram-bot's own write, every `update_interval`: skipped when the handler
        already committed this very state with its answer (no second write per answer), and
        when a handler commits a newer state while this write waits for its turn (it would
        put the older one back). Otherwise it keeps the two in agreement."""
        wanted = None if new_state is None else str(new_state)
        entry = (name, tuple(key))
        written = self.database.states_written.get(entry)
        if written is not None and written[1] == wanted:
            self.database.states_written.pop(entry, None)
            return
        asked_at = self.database.commits
        async with self.database.transaction() as session:
            written = self.database.states_written.get(entry)
            if written is not None and written[0] > asked_at:
                return
            repository = ConversationRepository(session)
            if new_state is None:
                await repository.delete(name, key)
            else:
                await repository.save(name, key, str(new_state))

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
