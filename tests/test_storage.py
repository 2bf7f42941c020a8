"""Models, constraints and repositories, on SQLite and (with TEST_DATABASE_URL) PostgreSQL."""

from __future__ import annotations

import asyncio
from datetime import UTC, date, datetime, timedelta, timezone

import pytest
from sqlalchemy import select, text
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import selectinload
from sqlalchemy.orm.exc import StaleDataError

from storage.database import Database
from storage.models import (
    Attachment,
    Delivery,
    Event,
    Innovation,
    Invite,
    Member,
    Opd,
    Pillar,
    Role,
    Status,
)
from storage.repositories import InviteRepository, MemberRepository, OpdRepository
from storage.repositories.conversations import ConversationRepository
from storage.repositories.innovations import InnovationRepository
from storage.repositories.invites import INVITE_ALPHABET, INVITE_LENGTH
from storage.repositories.settings import AppSettingRepository


async def add_opd(database: Database, code: str = "DINKES") -> int:
    async with database.transaction() as session:
        opd = Opd(code=code, name="Dinas Kesehatan")
        session.add(opd)
        await session.flush()
        return opd.id


async def add_innovation(database: Database, title: str) -> Innovation:
    opd_id = await add_opd(database)
    async with database.transaction() as session:
        innovation = Innovation(opd_id=opd_id, title=title)
        session.add(innovation)
    return innovation


async def fails_with_integrity_error(database: Database, *objects: object) -> None:
    with pytest.raises(IntegrityError):
        async with database.transaction() as session:
            session.add_all(objects)
            await session.flush()


async def test_the_six_pillars_are_seeded_in_order(database: Database) -> None:
    async with database.transaction() as session:
        pillars = list(await session.scalars(select(Pillar).order_by(Pillar.position)))
    assert [p.name for p in pillars] == [
        "Smart Governance",
        "Smart Branding",
        "Smart Economy",
        "Smart Living",
        "Smart Society",
        "Smart Environment",
    ]


async def test_opd_codes_are_unique(database: Database) -> None:
    await add_opd(database)
    await fails_with_integrity_error(database, Opd(code="DINKES", name="Lagi"))


async def test_one_member_per_telegram_user(database: Database) -> None:
    opd_id = await add_opd(database)
    async with database.transaction() as session:
        await MemberRepository(session).add(
            telegram_id=5_000_000_001, full_name="Siti", role=Role.STAFF, opd_id=opd_id
        )
    await fails_with_integrity_error(
        database, Member(telegram_id=5_000_000_001, full_name="Siti 2", opd_id=opd_id)
    )


async def test_foreign_keys_are_enforced(database: Database) -> None:
    await fails_with_integrity_error(database, Member(telegram_id=1, full_name="X", opd_id=999))


@pytest.mark.parametrize(
    "bad",
    [
        lambda opd: Member(telegram_id=2, full_name="X", opd_id=opd, role="superuser"),
        lambda opd: Member(telegram_id=3, full_name="X", opd_id=opd, status="gone"),
        lambda opd: Member(telegram_id=4, full_name="X", opd_id=None, role="staff"),
        lambda opd: Member(telegram_id=5, full_name="X", opd_id=opd, language="fr"),
        lambda opd: Innovation(opd_id=opd, title="Inovasi", status="published"),
        lambda opd: Innovation(opd_id=opd, title="Inovasi", stage="pilot"),
        lambda opd: Innovation(opd_id=opd, title="Inovasi", kind="analog"),
        lambda opd: Innovation(opd_id=opd, title=""),
        lambda opd: Invite(code="C1", opd_id=opd, role="owner"),
        lambda opd: Invite(code="C2", opd_id=opd, max_uses=0),
        lambda opd: Invite(code="C3", opd_id=opd, max_uses=1, used_count=2),
        lambda opd: Opd(code="X", name="Too short a code"),
        lambda opd: Delivery(
            kind="summary", period_key="2026-11-30", recipient_chat_id=1, status="lost"
        ),
    ],
)
async def test_check_constraints_live_in_the_database(database: Database, bad) -> None:
    opd_id = await add_opd(database)
    await fails_with_integrity_error(database, bad(opd_id))


async def test_an_admin_may_stand_outside_any_opd(database: Database) -> None:
    async with database.transaction() as session:
        member = await MemberRepository(session).add(
            telegram_id=42, full_name="Admin", role=Role.ADMIN, opd_id=None
        )
    assert member.id is not None


async def test_an_innovation_with_pillars_attachments_and_events(database: Database) -> None:
    opd_id = await add_opd(database)
    async with database.transaction() as session:
        pillars = list(await session.scalars(select(Pillar).order_by(Pillar.position)))
        innovation = Innovation(
            opd_id=opd_id,
            title="Posyandu Digital <b>&</b>",
            quick_win=True,
            stage="uji_coba",
            kind="digital",
            problem="Pencatatan balita masih manual 🙂",
            start_date=date(2024, 8, 17),
            pillars=[pillars[3], pillars[0]],
            attachments=[
                Attachment(kind="photo", file_id="AgAC-1", file_unique_id="u1", file_size=1234)
            ],
        )
        session.add(innovation)
        await session.flush()
        session.add(
            Event(
                innovation_id=innovation.id,
                kind="created",
                to_status="draft",
                details={"via": "test"},
            )
        )
        innovation_id = innovation.id

    async with database.transaction() as session:
        stored = await session.scalar(
            select(Innovation)
            .where(Innovation.id == innovation_id)
            .options(selectinload(Innovation.pillars), selectinload(Innovation.attachments))
        )
        events = list(await session.scalars(select(Event)))
    assert stored is not None
    assert stored.title == "Posyandu Digital <b>&</b>"
    assert stored.problem == "Pencatatan balita masih manual 🙂"
    assert stored.start_date == date(2024, 8, 17)
    assert stored.status == Status.DRAFT
    assert [p.code for p in stored.pillars] == ["governance", "living"]
    assert [(a.file_id, a.file_size) for a in stored.attachments] == [("AgAC-1", 1234)]
    assert events[0].details == {"via": "test"}
    assert stored.created_at.tzinfo is not None


async def test_deleting_an_innovation_removes_its_pillar_links_and_files(
    database: Database,
) -> None:
    opd_id = await add_opd(database)
    async with database.transaction() as session:
        pillar = await session.scalar(select(Pillar).limit(1))
        innovation = Innovation(opd_id=opd_id, title="Hapus saya", pillars=[pillar])
        innovation.attachments.append(Attachment(kind="document", file_id="f", file_unique_id="u"))
        session.add(innovation)
    async with database.transaction() as session:
        await session.execute(text("DELETE FROM innovation"))
    async with database.transaction() as session:
        links = await session.scalar(text("SELECT count(*) FROM innovation_pillar"))
        files = await session.scalar(text("SELECT count(*) FROM attachment"))
    assert (links, files) == (0, 0)


async def test_a_stale_update_of_an_innovation_is_refused(database: Database) -> None:
    opd_id = await add_opd(database)
    async with database.transaction() as session:
        innovation = Innovation(opd_id=opd_id, title="Satu versi")
        session.add(innovation)
    # Two people opened version 1; the first saves, the second saves what they saw.
    async with database.transaction() as session:
        mine = await session.get(Innovation, innovation.id)
        assert mine is not None
        mine.title = "Perubahan pertama"
    with pytest.raises(StaleDataError):
        async with database.transaction() as session:
            theirs = await session.merge(innovation, load=False)
            theirs.title = "Perubahan kedua"
            await session.flush()
    async with database.transaction() as session:
        stored = await session.get(Innovation, innovation.id)
    assert stored is not None
    assert (stored.title, stored.version) == ("Perubahan pertama", 2)


async def test_a_written_answer_is_one_update_checked_against_the_version_seen(
    database: Database,
) -> None:
    innovation = await add_innovation(database, "Posyandu Digital")
    async with database.transaction() as session:
        repository = InnovationRepository(session)
        mine = await repository.row(innovation.id)
        assert mine is not None
        await repository.write(mine, {"problem": "Data Gizi Terlambat"})
        await repository.write(mine, {"status": Status.SUBMITTED})
        # The loaded object holds what was written, as written: nothing left for a flush.
        assert (mine.problem, mine.status, mine.version) == ("Data Gizi Terlambat", "submitted", 3)
        assert not session.dirty
    async with database.reading() as session:
        stored = await session.get(Innovation, innovation.id)
    assert stored is not None and stored.problem == "Data Gizi Terlambat"
    assert (stored.status, stored.version) == ("submitted", 3)
    assert stored.search_text == "posyandu digital data gizi terlambat"  # made again, in order
    # Changed by someone else between the read and the write: refused, nothing lands.
    with pytest.raises(StaleDataError):
        async with database.transaction() as session:
            repository = InnovationRepository(session)
            seen = await repository.row(innovation.id)
            assert seen is not None
            await session.execute(
                text("UPDATE innovation SET version = version + 1 WHERE id = :id"),
                {"id": innovation.id},
            )
            await repository.write(seen, {"goal": "Tujuan yang terlambat"})
    async with database.reading() as session:
        stored = await session.get(Innovation, innovation.id)
    assert stored is not None and (stored.goal, stored.version) == (None, 3)


async def test_a_new_draft_is_stored_as_the_unit_of_work_would_store_it(
    database: Database,
) -> None:
    """create_draft writes with Core, every column given: a column added later with a default
    of its own would be stored as NULL there, and this fails until create_draft gives it."""
    opd_id = await add_opd(database)
    async with database.transaction() as session:
        siti = Member(telegram_id=5_000_000_001, full_name="Siti", phone="0812", opd_id=opd_id)
        session.add(siti)
        await session.flush()
        made = await InnovationRepository(session).create_draft(siti, "Posyandu Digital")
        assert not session.dirty and made.pillars == [] and made.attachments == []
        by_orm = Innovation(
            opd_id=opd_id, submitter_id=siti.id, title="Posyandu Digital",
            contact_name="Siti", contact_phone="0812",
        )  # fmt: skip
        session.add(by_orm)
        await session.flush()
        names = [column.key for column in Innovation.__table__.columns]
        as_made = {name: getattr(made, name) for name in names}
    async with database.reading() as session:
        stored = await session.get(Innovation, made.id)
        other = await session.get(Innovation, by_orm.id)
    assert stored is not None and other is not None
    for name in set(names) - {"id", "created_at", "updated_at"}:
        assert getattr(stored, name) == getattr(other, name), name
    # The object handed back is what a query reads.
    assert as_made == {name: getattr(stored, name) for name in names}


async def test_a_pillar_switched_on_and_off(database: Database) -> None:
    innovation = await add_innovation(database, "Satu pilar")
    async with database.transaction() as session:
        repository = InnovationRepository(session)
        pillars = {p.name: p for p in await repository.known_pillars()}
        mine = await repository.row(innovation.id, pillars=True)
        assert mine is not None and mine.pillars == []
        await repository.toggle_pillar(mine, pillars["Smart Living"])
        await repository.toggle_pillar(mine, pillars["Smart Governance"])
        assert [p.name for p in mine.pillars] == ["Smart Governance", "Smart Living"]
        await repository.toggle_pillar(mine, pillars["Smart Living"])
        assert [p.name for p in mine.pillars] == ["Smart Governance"]
    async with database.reading() as session:
        stored = await InnovationRepository(session).get(innovation.id)
    assert stored is not None and stored.version == 4
    assert [p.name for p in stored.pillars] == ["Smart Governance"]


async def test_a_flow_state_saved_on_its_loaded_row(database: Database) -> None:
    key = (5000000001, 5000000001)
    async with database.transaction() as session:
        await ConversationRepository(session).save("submission", key, "title", {"step": 1})
    async with database.transaction() as session:
        repository = ConversationRepository(session)
        row = await repository.get("submission", key)
        assert row is not None
        await repository.save("submission", key, "problem", {"step": 2}, row=row)
        assert (row.state, row.data) == ("problem", {"step": 2}) and not session.dirty
        await repository.save("submission", key, "goal", row=row)  # its data kept
        row.data = {"step": 3}  # changed by hand: the unit of work writes it with the state
        await repository.save("submission", key, "benefit", row=row)
    async with database.reading() as session:
        stored = await ConversationRepository(session).get("submission", key)
    assert stored is not None and (stored.state, stored.data) == ("benefit", {"step": 3})
    # Swept away between the read and the write: refused, as the unit of work would.
    with pytest.raises(StaleDataError):
        async with database.transaction() as session:
            repository = ConversationRepository(session)
            row = await repository.get("submission", key)
            await session.execute(text("DELETE FROM conversation_state"))
            await repository.save("submission", key, "link", row=row)


async def test_times_come_back_aware_and_in_utc(database: Database) -> None:
    opd_id = await add_opd(database)
    wib = timezone(timedelta(hours=7))
    moment = datetime(2026, 8, 17, 10, 0, tzinfo=wib)
    async with database.transaction() as session:
        invite = await InviteRepository(session).create(
            opd_id=opd_id, role=Role.STAFF, max_uses=5, expires_at=moment
        )
    async with database.transaction() as session:
        stored = await InviteRepository(session).by_code(invite.code)
    assert stored is not None
    assert stored.expires_at == moment
    assert stored.expires_at.tzinfo == UTC


async def test_invite_codes_are_long_and_unguessable(database: Database) -> None:
    opd_id = await add_opd(database)
    async with database.transaction() as session:
        repo = InviteRepository(session)
        codes = {
            (await repo.create(opd_id=opd_id, role=Role.STAFF, max_uses=1, expires_at=None)).code
            for _ in range(50)
        }
    assert len(codes) == 50
    assert all(len(code) == INVITE_LENGTH and set(code) <= set(INVITE_ALPHABET) for code in codes)


async def test_a_delivery_is_claimed_once(database: Database) -> None:
    async with database.transaction() as session:
        session.add(Delivery(kind="summary", period_key="2026-11-30", recipient_chat_id=-100))
    await fails_with_integrity_error(
        database, Delivery(kind="summary", period_key="2026-11-30", recipient_chat_id=-100)
    )


async def test_opd_upsert_inserts_renames_and_keeps(database: Database) -> None:
    async with database.transaction() as session:
        first = await OpdRepository(session).upsert([("DINKES", "Dinkes"), ("DISDIK", "Disdik")])
    async with database.transaction() as session:
        second = await OpdRepository(session).upsert(
            [("DINKES", "Dinas Kesehatan"), ("DISDIK", "Disdik"), ("RSUD", "RSUD")]
        )
        names = {opd.code: opd.name for opd in await OpdRepository(session).list()}
    assert (first.created, first.updated, first.unchanged) == (2, 0, 0)
    assert (second.created, second.updated, second.unchanged) == (1, 1, 1)
    assert names == {"DINKES": "Dinas Kesehatan", "DISDIK": "Disdik", "RSUD": "RSUD"}


async def test_a_failed_transaction_leaves_nothing_behind(database: Database) -> None:
    with pytest.raises(IntegrityError):
        async with database.transaction() as session:
            await OpdRepository(session).upsert([("DINKES", "Dinkes")])
            session.add(Opd(code="DINKES", name="duplicate"))
            await session.flush()
    async with database.transaction() as session:
        assert await OpdRepository(session).list() == []


async def test_sqlite_connections_are_configured(database: Database) -> None:
    if database.dialect != "sqlite":
        pytest.skip("SQLite pragmas")
    async with database.engine.connect() as connection:
        assert (await connection.exec_driver_sql("PRAGMA foreign_keys")).scalar() == 1
        assert (await connection.exec_driver_sql("PRAGMA journal_mode")).scalar() == "wal"
        assert (await connection.exec_driver_sql("PRAGMA busy_timeout")).scalar() >= 5000


async def test_a_long_read_does_not_block_writers(database: Database) -> None:
    async with database.reading() as reader:
        assert await reader.scalar(text("SELECT count(*) FROM opd")) == 0
        # While the read is open, another transaction writes and commits.
        await add_opd(database, "DISDIK")
    async with database.reading() as reader:
        assert await reader.scalar(text("SELECT count(*) FROM opd")) == 1


async def test_a_database_let_go_is_freed_with_its_engine(database_url: str) -> None:
    """Nothing keeps a Database alive once it is disposed and let go (a process that opens many:
    the tests, the benchmarks, `db copy`). Its after-commit hook was a listener on a session
    class of its own, which SQLAlchemy's class-level registry kept for good, with every engine
    and application around it."""
    import gc
    import weakref

    database = Database(database_url)
    async with database.transaction() as session:
        session.add(Opd(code="DA", name="Dinas A"))
    assert database.commits == 1  # the hook runs
    other = Database(database_url)
    async with other.transaction() as session:
        session.add(Opd(code="DB", name="Dinas B"))
    assert (database.commits, other.commits) == (1, 1)  # each database counts its own
    await database.dispose()
    await other.dispose()
    gone = weakref.ref(database), weakref.ref(other), weakref.ref(database.engine)
    del database, other, session
    gc.collect()
    assert [ref() for ref in gone] == [None, None, None]


async def test_a_setting_ensured_at_once_by_two_transactions_is_made_once(
    database: Database,
) -> None:
    """The first offer of a group as the coordinators' (conversations/admin/groups.py) locks a
    row that may not exist yet: `ensure` makes it in one statement, so two first offers at once
    both go on (an INSERT of the same key by both used to fail one of them)."""
    async def offer(value: str) -> str | None:
        async with database.transaction() as session:
            settings = AppSettingRepository(session)
            await settings.ensure("group_offers_recent", value)
            return await settings.get("group_offers_recent", for_update=True)

    first, second = await asyncio.gather(offer("[1]"), offer("[2]"))
    assert {first, second} <= {"[1]", "[2]"} and first == second
    async with database.transaction() as session:
        settings = AppSettingRepository(session)
        await settings.ensure("group_offers_recent", "[3]")  # there: its value kept
        assert await settings.get("group_offers_recent") == first
