from __future__ import annotations

import json
from datetime import datetime
from functools import cache
from typing import Any

from sqlalchemy import Delete, Select, Update, and_, bindparam, delete, inspect, select, update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import joinedload
from sqlalchemy.orm.attributes import set_committed_value
from sqlalchemy.orm.exc import StaleDataError

from storage.models import ConversationState, Member, session_now


def encode_key(key: tuple[int | str, ...]) -> str:
    return json.dumps(list(key), separators=(",", ":"))


def decode_key(key: str) -> tuple[int | str, ...]:
    return tuple(json.loads(key))


@cache
def _member_and_state_query() -> Select[Any]:
    """The member by Telegram id (with its OPD) and their conversation's row: built once (an
    answer's first statement; building it cost more than running it)."""
    return (
        select(Member, ConversationState)
        .outerjoin(
            ConversationState,
            and_(
                ConversationState.name == bindparam("name"),
                ConversationState.key == bindparam("key"),
            ),
        )
        .where(Member.telegram_id == bindparam("telegram_id"))
        .options(joinedload(Member.opd))
    )


@cache
def _state_query() -> Select[Any]:
    return select(ConversationState).where(
        ConversationState.name == bindparam("name"), ConversationState.key == bindparam("key")
    )


@cache
def _delete_state() -> Delete:
    return delete(ConversationState).where(
        ConversationState.name == bindparam("name"), ConversationState.key == bindparam("key")
    )


@cache
def _update_state(with_data: bool) -> Update:
    table = ConversationState.__table__
    values = {"state": bindparam("state"), "updated_at": bindparam("updated_at")}
    if with_data:
        values["data"] = bindparam("data")
    return update(table).where(table.c.id == bindparam("row_id")).values(values)


class ConversationRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def get(self, name: str, key: tuple[int | str, ...]) -> ConversationState | None:
        return await self.session.scalar(_state_query(), {"name": name, "key": encode_key(key)})

    async def member_and_get(
        self, telegram_id: int, name: str, key: tuple[int | str, ...]
    ) -> tuple[Member | None, ConversationState | None]:
        """The member with this Telegram id (with its OPD) and their conversation's row, in one
        statement (an answer's first read); (None, None) when there is no such member."""
        found = (
            await self.session.execute(
                _member_and_state_query(),
                {"name": name, "key": encode_key(key), "telegram_id": telegram_id},
            )
        ).first()
        return (found[0], found[1]) if found is not None else (None, None)

    async def states(self, name: str) -> dict[tuple[int | str, ...], str]:
        rows = await self.session.execute(
            select(ConversationState.key, ConversationState.state).where(
                ConversationState.name == name, ConversationState.state.is_not(None)
            )
        )
        return {decode_key(key): state for key, state in rows}

    async def save(
        self,
        name: str,
        key: tuple[int | str, ...],
        state: str | None,
        data: dict[str, Any] | None = None,
        *,
        row: ConversationState | None = None,
        looked: bool = False,
    ) -> ConversationState:
        """Set the state (and, when given, the data) of one conversation (`row`: the row as
        already loaded in this session, to spare a second look; `looked`: it was looked for in
        this session, and None means there is none)."""
        if row is None and not looked:
            row = await self.get(name, key)
        if row is None:
            row = ConversationState(name=name, key=encode_key(key), state=state, data=data or {})
            self.session.add(row)
            await self.session.flush()
            return row
        values: dict[str, Any] = {"state": state, "updated_at": session_now(self.session)}
        if data is not None:
            values["data"] = dict(data)
        loaded = inspect(row)
        if not loaded.persistent or loaded.modified:  # the unit of work holds changes of it
            for column, value in values.items():
                setattr(row, column, value)
            await self.session.flush()
            return row
        # One UPDATE on the session's connection (every answer's path: the unit of work's
        # machinery cost more than the statement), the loaded row told what it now holds.
        connection = await self.session.connection()
        result = await connection.execute(
            _update_state(data is not None), {**values, "row_id": row.id}
        )
        if result.rowcount != 1:  # gone meanwhile (an idle flow swept away): as the ORM says
            raise StaleDataError(f"conversation state {row.id} is no longer there")
        for column, value in values.items():
            set_committed_value(row, column, value)
        return row

    async def delete(self, name: str, key: tuple[int | str, ...]) -> None:
        encoded = encode_key(key)
        # On the session's connection (the ORM's own DELETE would first look for the row among
        # every object of the session): this row, if loaded, is let go of by hand.
        await self.session.flush()
        for held in list(self.session.identity_map.values()):
            if isinstance(held, ConversationState) and (held.name, held.key) == (name, encoded):
                self.session.expunge(held)
        connection = await self.session.connection()
        await connection.execute(_delete_state(), {"name": name, "key": encoded})

    async def delete_idle(self, name: str, before: datetime) -> int:
        result = await self.session.execute(
            delete(ConversationState).where(
                ConversationState.name == name, ConversationState.updated_at < before
            )
        )
        return result.rowcount or 0
