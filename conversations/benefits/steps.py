"""A check-in's benefit measures, asked one by one after the people served: the flow's data
keeps the ids still to ask (the first is the one waiting for its answer)."""

from __future__ import annotations

from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from bot.monitoring.benefits import Measure, active_measures, measure, record


async def current_measure(session: AsyncSession, data: dict[str, Any]) -> Measure | None:
    """The measure waiting for its answer; None when none does (or it was retired since)."""
    waiting = data.get("measures") or []
    return await measure(session, int(waiting[0])) if waiting else None


async def advance(
    session: AsyncSession, checkin_id: int, data: dict[str, Any], answered: bool, value: Any
) -> Measure | None:
    """On to the next measure, `data` changed in place: from the people served, the active
    measures in their order; from a measure (`answered`), its `value` stored (None: skipped)
    and the next. None: no measure left (on to the photo)."""
    if answered:
        remaining = [int(i) for i in data.get("measures") or []]
        if remaining:
            current = remaining.pop(0)
            if value is not None:
                await record(session, checkin_id, current, value)
    else:
        remaining = [m.id for m in await active_measures(session)]
    while remaining:
        found = await measure(session, remaining[0])
        if found is not None:
            data["measures"] = remaining
            return found
        remaining.pop(0)  # retired since the check-in began
    data.pop("measures", None)
    return None
