"""`inovasi-bot db copy --to URL`: a populated SQLite database moved to another database (to
PostgreSQL when TEST_DATABASE_URL is set), ids, sequences and constraints kept, counts checked;
then the bot runs on the copy."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

import pytest
from sqlalchemy import func, select, text

from bot.app import build_application
from bot.cli import main
from bot.core.settings import Settings
from sandbox.client import Person, Sandbox
from sandbox.emulator import TelegramEmulator
from storage.database import Database
from storage.models import Attachment, Innovation, Member, Opd, Role, StoreState
from tests.databases import Templates, fresh_database_url
from tests.support.backups import counts
from tests.support.form import COMPLETE, fill


async def cli(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = await asyncio.to_thread(main, list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@asynccontextmanager
async def running_bot(
    settings: Settings, url: str, emulator: TelegramEmulator, clock
) -> AsyncIterator[tuple[Sandbox, Database]]:
    database = Database(url)
    application = build_application(
        settings.model_copy(update={"database_url": url}),
        request=Sandbox.request(emulator),
        database=database,
        clock=clock,
    )
    sandbox = Sandbox(application, emulator, clock=clock)
    await sandbox.start()
    try:
        yield sandbox, database
    finally:
        await sandbox.stop()
        await database.dispose()


async def member(sandbox: Sandbox, database: Database, role: str, name: str) -> Person:
    user = sandbox.emulator.add_user(name.split()[0], last_name=name.split()[-1])
    async with database.transaction() as session:
        opd = await session.scalar(select(Opd).where(Opd.code == "DINKES"))
        if opd is None:
            opd = Opd(code="DINKES", name="Dinas Kesehatan")
            session.add(opd)
            await session.flush()
        session.add(Member(telegram_id=user.id, full_name=name, role=Role(role), opd_id=opd.id))
    return sandbox.person(user)


@pytest.fixture
def source_url(tmp_path: Path, templates: Templates):
    with fresh_database_url("sqlite", tmp_path, templates) as url:
        yield url


async def test_a_populated_sqlite_database_is_copied_and_the_bot_runs_on_the_copy(
    settings: Settings, source_url: str, empty_database_url: str, emulator: TelegramEmulator,
    clock, capsys, monkeypatch: pytest.MonkeyPatch, backend: str,
) -> None:  # fmt: skip
    async with running_bot(settings, source_url, emulator, clock) as (sandbox, database):
        siti = await member(sandbox, database, "staff", "Siti Rahmawati")
        await member(sandbox, database, "admin", "Admin Kominfo")
        for title in ("Posyandu digital", "Sekolah ramah anak"):
            await fill(siti, {**COMPLETE, "title": title})
            await siti.press("📤 Kirim")
        await siti.send("/baru")  # an open flow: its state is a row too
        await siti.send("Inovasi yang belum selesai")
    before = await counts(source_url)
    assert before["innovation"] == 3 and before["attachment"] == 4 and before["event"] > 0

    monkeypatch.setenv("DATABASE_URL", source_url)
    code, out, err = await cli(capsys, "db", "copy", "--to", empty_database_url)
    assert code == 0, err
    assert out.startswith(f"Copied {sum(before.values()) - 1} rows of ")
    assert "the counts match" in out
    assert await counts(empty_database_url) == before

    async with running_bot(settings, empty_database_url, emulator, clock) as (sandbox, database):
        siti = sandbox.person(siti.user)
        # The flow goes on where it was, on the new database.
        replies = await siti.send("/batal")
        assert replies.texts
        replies = await siti.send("/lihat 1")
        assert "Posyandu digital" in replies.text
        assert len([m for m in replies if m.photo or m.document]) == 2
        await siti.send("/baru")
        await siti.press("Mulai baru")
        replies = await siti.send("Inovasi di basis data baru")
        assert replies.last.text.startswith("Pilih pilar Smart City")
        async with database.transaction() as session:
            newest = await session.scalar(select(func.max(Innovation.id)))
            stored = set(await session.scalars(select(Attachment.store_state)))
        assert newest == 4  # the sequence goes on after the copied ids
        assert stored == {StoreState.STORED}


async def test_copy_refuses_a_target_with_data_or_foreign_tables(
    settings: Settings, source_url: str, empty_database_url: str, emulator: TelegramEmulator,
    clock, capsys, monkeypatch: pytest.MonkeyPatch,
) -> None:  # fmt: skip
    async with running_bot(settings, source_url, emulator, clock) as (sandbox, database):
        await member(sandbox, database, "staff", "Siti Rahmawati")
    monkeypatch.setenv("DATABASE_URL", source_url)
    code, _, err = await cli(capsys, "db", "copy", "--to", empty_database_url)
    assert code == 0, err
    code, _, err = await cli(capsys, "db", "copy", "--to", empty_database_url)
    assert code == 1
    [line] = err.splitlines()
    assert line.startswith("inovasi-bot: --to: the target already holds data (1 opd, 1 member)")
    assert line.endswith("copy only into an empty database")
    code, _, err = await cli(capsys, "db", "copy", "--to", source_url)
    assert (code, err) == (
        1, "inovasi-bot: --to: that is the configured database itself (DATABASE_URL)\n",
    )  # fmt: skip
    code, _, err = await cli(capsys, "db", "copy", "--to", "mysql://x@localhost/inovasi")
    assert code == 2 and err.startswith('inovasi-bot: --to: "mysql" is not supported')


async def test_copy_refuses_a_target_with_someone_elses_tables(
    source_url: str, empty_database_url: str, capsys, monkeypatch: pytest.MonkeyPatch
) -> None:
    other = Database(empty_database_url)
    try:
        async with other.engine.begin() as connection:
            await connection.execute(text("CREATE TABLE payroll (id integer primary key)"))
    finally:
        await other.dispose()
    monkeypatch.setenv("DATABASE_URL", source_url)
    code, _, err = await cli(capsys, "db", "copy", "--to", empty_database_url)
    assert code == 1 and "the target already holds data (the table payroll)" in err
