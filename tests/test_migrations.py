from __future__ import annotations

from datetime import UTC, datetime

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import bindparam, inspect, text
from sqlalchemy.exc import SQLAlchemyError

from storage import migrate
from storage.database import Database
from storage.migrate import head_revision
from storage.models import Base, UTCDateTime
from tests.support.tally import assert_tally_right


@pytest.fixture
async def empty_database(empty_database_url: str):
    database = Database(empty_database_url)
    yield database
    await database.dispose()


async def table_names(database: Database) -> set[str]:
    async with database.engine.connect() as connection:
        return set(await connection.run_sync(lambda c: inspect(c).get_table_names()))


async def test_upgrade_from_empty_then_again_does_nothing(empty_database: Database) -> None:
    applied = await empty_database.upgrade()
    assert applied[0] == "0001" and applied[-1] == head_revision()
    assert applied == sorted(applied)
    assert await empty_database.upgrade() == []
    async with empty_database.transaction() as session:
        assert await session.scalar(text("SELECT count(*) FROM pillar")) == 6
        assert await session.scalar(text("SELECT version_num FROM alembic_version")) == (
            head_revision()
        )
    assert {
        "opd",
        "member",
        "invite",
        "pillar",
        "innovation",
        "innovation_pillar",
        "attachment",
        "event",
        "delivery",
    } <= await table_names(empty_database)


async def test_models_and_migrations_never_drift(database: Database) -> None:
    def diff(connection):
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        return compare_metadata(context, Base.metadata)

    async with database.engine.connect() as connection:
        assert await connection.run_sync(diff) == []


async def test_a_failing_migration_leaves_the_database_as_it_was(
    empty_database: Database,
) -> None:
    # A table in the way makes the first migration fail half-way through.
    async with empty_database.engine.begin() as connection:
        await connection.execute(text("CREATE TABLE pillar (something integer)"))
    with pytest.raises(SQLAlchemyError):
        await empty_database.upgrade()
    assert await table_names(empty_database) == {"pillar"}


async def test_0011_marks_diskominfo_not_expected_and_makes_goal_and_benefit_searchable(
    empty_database: Database,
) -> None:
    from storage.migrate import upgrade

    await upgrade(empty_database.engine, "0009")
    async with empty_database.transaction() as session:
        await session.execute(
            text(
                "INSERT INTO opd (id, code, name, active, search_name, created_at, updated_at) "
                "VALUES (1, 'DISKOMINFOSANDITIK', 'Dinas Komunikasi, Informatika', true, "
                "'', CURRENT_TIMESTAMP, CURRENT_TIMESTAMP), (2, 'KOMDIGI', 'Dinas Komunikasi "
                "dan Informatika', true, 'dinas komunikasi dan informatika', CURRENT_TIMESTAMP, "
                "CURRENT_TIMESTAMP), (3, 'DINKES', 'Dinas Kesehatan', true, '', "
                "CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)"
            )
        )
        await session.execute(
            text(
                "INSERT INTO innovation (id, opd_id, title, status, goal, benefit, search_text, "
                "version, created_at, updated_at) VALUES (1, 3, 'Posyandu', 'submitted', "
                "'Menurunkan Stunting', 'Ibu hamil di Jatigede', 'posyandu', 1, "
                "CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)"
            )
        )
    await empty_database.upgrade()
    async with empty_database.reading() as session:
        expected = dict((await session.execute(text("SELECT code, expected FROM opd"))).all())
        search_text = await session.scalar(text("SELECT search_text FROM innovation"))
    assert {code: bool(flag) for code, flag in expected.items()} == {
        "DISKOMINFOSANDITIK": False, "KOMDIGI": False, "DINKES": True
    }  # fmt: skip
    assert search_text == "posyandu menurunkan stunting ibu hamil di jatigede"


async def test_innovations_left_in_review_by_opening_them_go_back_to_submitted(
    empty_database: Database,
) -> None:
    """Opening an innovation in /tinjau no longer marks it "in review": those the old
    behaviour left so are "submitted" again (their OPD may withdraw them), the others kept."""
    await migrate.upgrade(empty_database.engine, "0013")  # the revision before
    async with empty_database.transaction() as session:
        await session.execute(
            text(
                "INSERT INTO opd (id, code, name, active, search_name, created_at, updated_at) "
                "VALUES (1, 'DINKES', 'Dinas Kesehatan', true, 'dinas kesehatan', "
                "CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)"
            )
        )
        for number, (title, status) in enumerate(
            (("Dilihat", "in_review"), ("Disetujui", "approved")), start=1
        ):
            await session.execute(
                text(
                    "INSERT INTO innovation (id, opd_id, title, status, search_text, version, "
                    "created_at, updated_at) VALUES (:id, 1, :title, :status, '', 1, "
                    "CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)"
                ),
                {"id": number, "title": title, "status": status},
            )
    assert "0014" in await empty_database.upgrade()
    async with empty_database.reading() as session:
        statuses = dict((await session.execute(text("SELECT title, status FROM innovation"))).all())
    assert statuses == {"Dilihat": "submitted", "Disetujui": "approved"}


async def test_0015_counts_the_innovations_there_are_and_goes_back(
    empty_database: Database,
) -> None:
    """The tally starts from the innovations already there; after that the triggers keep it;
    taken back down, no trigger is left behind to write into a table that is gone."""
    await migrate.upgrade(empty_database.engine, "0014")  # the revision before
    async with empty_database.transaction() as session:
        await session.execute(
            text(
                "INSERT INTO opd (id, code, name, active, search_name, expected, created_at, "
                "updated_at) VALUES (1, 'DINKES', 'Dinas Kesehatan', true, '', true, "
                "CURRENT_TIMESTAMP, CURRENT_TIMESTAMP), (2, 'DISDIK', 'Dinas Pendidikan', true, "
                "'', true, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)"
            )
        )
        rows = [
            (1, 1, "approved", True, "penerapan", "digital"),
            (2, 1, "approved", False, "uji_coba", None),
            (3, 2, "submitted", None, None, "non_digital"),
            (4, 2, "draft", True, "inisiatif", "digital"),
            (5, 1, "rejected", False, "penerapan", "digital"),
        ]
        for number, opd_id, status, quick_win, stage, kind in rows:
            await session.execute(
                text(
                    "INSERT INTO innovation (id, opd_id, title, status, quick_win, stage, kind, "
                    "search_text, version, created_at, updated_at) VALUES (:id, :opd, :title, "
                    ":status, :quick_win, :stage, :kind, '', 1, CURRENT_TIMESTAMP, "
                    "CURRENT_TIMESTAMP)"
                ),
                {"id": number, "opd": opd_id, "title": f"Inovasi {number}", "status": status,
                 "quick_win": quick_win, "stage": stage, "kind": kind},
            )  # fmt: skip
        for innovation_id, pillar_id in ((1, 1), (1, 4), (2, 4), (3, 2), (4, 6), (5, 1)):
            await session.execute(
                text("INSERT INTO innovation_pillar (innovation_id, pillar_id) VALUES (:i, :p)"),
                {"i": innovation_id, "p": pillar_id},
            )
    assert await migrate.upgrade(empty_database.engine, "0015") == ["0015"]
    async with empty_database.reading() as session:
        assert await session.scalar(text("SELECT count(*) FROM innovation_tally_change")) == 0
    await assert_tally_right(empty_database)
    async with empty_database.transaction() as session:
        await session.execute(text("UPDATE innovation SET status = 'approved' WHERE id = 3"))
        await session.execute(text("DELETE FROM innovation WHERE id = 5"))
    await assert_tally_right(empty_database, compact=False)

    def down(sync_connection) -> None:
        config = migrate.alembic_config()
        config.attributes["connection"] = sync_connection
        command.downgrade(config, "0014")

    async with empty_database.engine.begin() as connection:
        await connection.run_sync(down)
    assert not {"innovation_tally", "innovation_tally_change"} & await table_names(empty_database)
    async with empty_database.transaction() as session:  # no trigger left to fail
        await session.execute(text("UPDATE innovation SET status = 'draft' WHERE id = 1"))
        await session.execute(text("DELETE FROM innovation_pillar WHERE innovation_id = 2"))
        await session.execute(text("DELETE FROM innovation WHERE id = 2"))
    assert await migrate.upgrade(empty_database.engine, "0015") == ["0015"]
    await assert_tally_right(empty_database)


async def test_0016_keeps_public_only_the_files_an_approval_covered(
    empty_database: Database,
) -> None:
    """Files an approved innovation had when it was last approved stay public; a file added
    after that approval, and every file of an innovation not approved, wait for a
    coordinator."""
    await migrate.upgrade(empty_database.engine, "0015")  # the revision before
    async with empty_database.transaction() as session:
        await session.execute(
            text(
                "INSERT INTO opd (id, code, name, active, search_name, expected, created_at, "
                "updated_at) VALUES (1, 'DINKES', 'Dinas Kesehatan', true, '', true, "
                "CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)"
            )
        )
        for number, status in ((1, "approved"), (2, "approved"), (3, "submitted")):
            await session.execute(
                text(
                    "INSERT INTO innovation (id, opd_id, title, status, search_text, version, "
                    "created_at, updated_at) VALUES (:id, 1, :title, :status, '', 1, "
                    "CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)"
                ),
                {"id": number, "title": f"Inovasi {number}", "status": status},
            )
        # Times written as the models write them (UTC; on SQLite its text form).
        when = bindparam("when", type_=UTCDateTime())
        for innovation_id, day, hour in ((1, 1, 9), (1, 2, 9)):
            await session.execute(
                text(
                    "INSERT INTO event (innovation_id, kind, from_status, to_status, created_at) "
                    "VALUES (:i, 'reviewed', 'submitted', 'approved', :when)"
                ).bindparams(when),
                {"i": innovation_id, "when": datetime(2026, 11, day, hour, tzinfo=UTC)},
            )
        files = (
            ("sent", 1, 10, 30),
            ("between", 1, 11, 1),  # added between two approvals: covered by the second
            ("check-in", 1, 11, 3),
            ("unrecorded", 2, 11, 3),  # no approval event: kept public
            ("waiting", 3, 10, 30),
        )
        for name, innovation_id, month, day in files:
            await session.execute(
                text(
                    "INSERT INTO attachment (innovation_id, kind, file_id, file_unique_id, "
                    "created_at) VALUES (:i, 'photo', :name, :name, :when)"
                ).bindparams(when),
                {"i": innovation_id, "name": name,
                 "when": datetime(2026, month, day, 10, tzinfo=UTC)},
            )  # fmt: skip
    assert await migrate.upgrade(empty_database.engine, "0016") == ["0016"]
    async with empty_database.reading() as session:
        states = dict(
            (await session.execute(text("SELECT file_id, public_state FROM attachment"))).all()
        )
    assert states == {
        "sent": "approved", "between": "approved", "check-in": "pending",
        "unrecorded": "approved", "waiting": "pending",
    }  # fmt: skip


async def test_0017_adds_the_import_key_and_keeps_the_tally_triggers(
    empty_database: Database,
) -> None:
    """Innovations already there get no key; the key is unique where given; the columns are
    added in place, so the tally's triggers still count (a batch rebuild would drop them)."""
    await migrate.upgrade(empty_database.engine, "0016")  # the revision before
    async with empty_database.transaction() as session:
        await session.execute(
            text(
                "INSERT INTO opd (id, code, name, active, search_name, expected, created_at, "
                "updated_at) VALUES (1, 'DINKES', 'Dinas Kesehatan', true, '', true, "
                "CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)"
            )
        )
        await session.execute(
            text(
                "INSERT INTO innovation (id, opd_id, title, status, search_text, version, "
                "created_at, updated_at) VALUES (1, 1, 'Inovasi 1', 'submitted', '', 1, "
                "CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)"
            )
        )
    assert (await empty_database.upgrade())[0] == "0017"
    async with empty_database.transaction() as session:
        query = text("SELECT import_key, imported_from FROM innovation")
        row = (await session.execute(query)).one()
        assert tuple(row) == (None, None)
        await session.execute(
            text(
                "INSERT INTO innovation (id, opd_id, title, status, search_text, version, "
                "created_at, updated_at, import_key, imported_from) VALUES (2, 1, 'Inovasi 2', "
                "'approved', '', 1, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP, 'no:1', 'a.xlsx')"
            )
        )
    await assert_tally_right(empty_database)
    with pytest.raises(SQLAlchemyError):  # the key is unique
        async with empty_database.transaction() as session:
            await session.execute(
                text(
                    "INSERT INTO innovation (id, opd_id, title, status, search_text, version, "
                    "created_at, updated_at, import_key) VALUES (3, 1, 'Inovasi 3', "
                    "'approved', '', 1, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP, 'no:1')"
                )
            )

    def down(sync_connection) -> None:
        config = migrate.alembic_config()
        config.attributes["connection"] = sync_connection
        command.downgrade(config, "0016")

    async with empty_database.engine.begin() as connection:
        await connection.run_sync(down)
    async with empty_database.transaction() as session:
        await session.execute(text("UPDATE innovation SET status = 'approved' WHERE id = 1"))
    await assert_tally_right(empty_database)
    assert (await empty_database.upgrade())[0] == "0017"
