"""The SQLite adapter that runs a statement in one trip to aiosqlite's thread: what SQLAlchemy
reads of a cursor (rows, row counts, new ids, errors) is as with its own adapter."""

from __future__ import annotations

from pathlib import Path

import aiosqlite
import pytest
from sqlalchemy import insert, select, text, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm.exc import StaleDataError

from storage.database import Database
from storage.models import Innovation, Member, Opd, Status


@pytest.fixture
async def database(tmp_path: Path) -> Database:
    database = Database(f"sqlite+aiosqlite:///{tmp_path / 'driver.db'}")
    await database.prepare()
    yield database
    await database.dispose()


def count_trips(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    trips: list[str] = []
    original = aiosqlite.Connection._execute

    async def counted(self, fn, *args, **kwargs):  # type: ignore[no-untyped-def]
        trips.append(getattr(fn, "__name__", repr(fn)))
        return await original(self, fn, *args, **kwargs)

    monkeypatch.setattr(aiosqlite.Connection, "_execute", counted)
    return trips


async def test_a_statement_is_one_trip_with_its_rows(
    database: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    async with database.transaction() as session:
        session.add_all([Opd(code="DA", name="Dinas A"), Opd(code="DB", name="Dinas B")])
    trips = count_trips(monkeypatch)
    async with database.reading() as session:
        names = list(await session.scalars(select(Opd.name).order_by(Opd.name)))
    assert names == ["Dinas A", "Dinas B"]
    # BEGIN, the select, and the commit: three trips (SQLAlchemy's adapter made six).
    assert trips.count("_run") == 2, trips
    assert len(trips) == 3, trips


async def test_new_ids_row_counts_and_many_rows_at_once(database: Database) -> None:
    async with database.transaction() as session:
        opd = Opd(code="DA", name="Dinas A")
        session.add(opd)
        await session.flush()
        assert opd.id is not None  # lastrowid, read back by the ORM
        await session.execute(
            insert(Opd), [{"code": f"X{i}0", "name": f"Dinas X{i}"} for i in range(5)]
        )
        changed = await session.execute(update(Opd).where(Opd.code.like("X%")).values(active=False))
        assert changed.rowcount == 5
        none = await session.execute(text("UPDATE opd SET name = name WHERE code = 'none'"))
        assert none.rowcount == 0


async def test_a_stale_version_is_still_found(database: Database) -> None:
    """The ORM's version check reads the row count of its UPDATE."""
    async with database.transaction() as session:
        opd = Opd(code="DA", name="Dinas A")
        member = Member(telegram_id=1, full_name="Staf", opd=opd)
        session.add(Innovation(opd=opd, submitter=member, title="Posyandu", status=Status.DRAFT))
    async with database.transaction() as session:
        innovation = await session.scalar(select(Innovation))
        assert innovation is not None
    async with database.transaction() as session:
        await session.execute(update(Innovation).values(version=Innovation.version + 1))
    with pytest.raises(StaleDataError):
        async with database.transaction() as session:
            stale = await session.merge(innovation, load=False)
            stale.title = "Posyandu Digital"


async def test_errors_are_sqlalchemys_and_the_connection_goes_on(database: Database) -> None:
    async with database.transaction() as session:
        session.add(Opd(code="DA", name="Dinas A"))
    with pytest.raises(IntegrityError):
        async with database.transaction() as session:
            session.add(Opd(code="DA", name="Dinas A lagi"))
    async with database.reading() as session:
        assert await session.scalar(select(Opd.name)) == "Dinas A"
