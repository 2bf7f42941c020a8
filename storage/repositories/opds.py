from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import Opd


@dataclass(frozen=True)
class UpsertResult:
    created: int
    updated: int
    unchanged: int


class OpdRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def get_by_code(self, code: str) -> Opd | None:
        return await self.session.scalar(select(Opd).where(Opd.code == code))

    async def get(self, opd_id: int) -> Opd | None:
        return await self.session.get(Opd, opd_id)

    async def list(self, *, active_only: bool = False) -> list[Opd]:
        query = select(Opd).order_by(Opd.code)
        if active_only:
            query = query.where(Opd.active.is_(True))
        return list(await self.session.scalars(query))

    async def upsert(
        self, rows: Iterable[tuple[str, str] | tuple[str, str, bool | None]]
    ) -> UpsertResult:
        """Insert new codes, rename existing ones; one SELECT for all, whatever the count. A
        third value, when given and not None, says whether the OPD is expected to submit (a
        new OPD without it: `expected_by_default`; an existing one keeps what it had)."""
        rows = [(row[0], row[1], row[2] if len(row) > 2 else None) for row in rows]
        existing = {
            opd.code: opd
            for opd in await self.session.scalars(
                select(Opd).where(Opd.code.in_([code for code, _, _ in rows]))
            )
        }
        created = updated = unchanged = 0
        for code, name, expected in rows:
            opd = existing.get(code)
            if opd is None:
                self.session.add(Opd(code=code, name=name, expected=expected))
                created += 1
            elif opd.name != name or (expected is not None and opd.expected != expected):
                opd.name = name
                if expected is not None:
                    opd.expected = expected
                updated += 1
            else:
                unchanged += 1
        await self.session.flush()
        return UpsertResult(created, updated, unchanged)

    async def set_expected(self, opd: Opd, expected: bool) -> None:
        opd.expected = expected
        await self.session.flush()

    async def page(self, text: str, offset: int, limit: int) -> tuple[list[Opd], int]:
        """Active OPDs whose code or name contains `text` (any case), by name; and the count."""
        query = select(Opd).where(Opd.active.is_(True))
        if text.strip():
            pattern = "%" + escape_like(text.strip().lower()) + "%"
            query = query.where(
                or_(
                    func.lower(Opd.name).like(pattern, escape="\\"),
                    func.lower(Opd.code).like(pattern, escape="\\"),
                )
            )
        total = await self.session.scalar(select(func.count()).select_from(query.subquery()))
        opds = await self.session.scalars(
            query.order_by(Opd.name, Opd.id).offset(offset).limit(limit)
        )
        return list(opds), total or 0


def escape_like(text: str) -> str:
    """User text inside a LIKE pattern matches itself, `%` and `_` included."""
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
