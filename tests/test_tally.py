"""The innovations' tally the database keeps by triggers (migration 0015): whoever writes (the
bot's flows, a Core update, another process, a rollback), the counts equal a recount, pending or
folded; compactions and writes at once lose nothing; a backup, a restore and a copy count
nothing twice."""

from __future__ import annotations

import asyncio
import contextvars
import random
from collections.abc import Coroutine
from pathlib import Path
from typing import Any, TypeVar

import pytest
from sqlalchemy import delete, insert, select, text, update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import selectinload

from bot.cli import main
from bot.delivery import tally as tally_jobs
from bot.innovations.evidence import EvidenceStore
from bot.operations.backup import backup, restore
from sandbox.client import Sandbox
from storage import tally
from storage.database import Database
from storage.models import (
    Innovation,
    InnovationKind,
    Opd,
    Pillar,
    Stage,
    Status,
    innovation_pillar,
)
from tests.databases import Templates, fresh_database_url
from tests.support.form import COMPLETE, fill
from tests.support.people import request_revision, score_all, send_decision
from tests.support.tally import assert_tally_right, expected_counts, kept_counts, pending

T = TypeVar("T")
STATUSES = [s.value for s in Status]
STAGES = [None, *(s.value for s in Stage)]
KINDS = [None, *(k.value for k in InnovationKind)]


def seeded(seed: int) -> random.Random:
    """The same "random" writes on every run."""
    return random.Random(seed)  # noqa: S311 - not for secrets


async def review(reviewer, innovation_id: int, verdict: str) -> None:
    """A coordinator's decision on an innovation, through /tinjau."""
    await reviewer.send("/tinjau")
    await reviewer.press(data=f"rev:open:{innovation_id}")
    if verdict == "revision":
        await request_revision(reviewer, "Lengkapi datanya.")
        return
    await reviewer.press("✅ Setujui" if verdict == "approve" else "❌ Tolak")
    await score_all(reviewer, [4, 4, 4, 4, 4])
    if verdict == "approve":
        await reviewer.press("Lewati")
    else:
        await reviewer.send("Bukan inovasi.")
    replies = await send_decision(reviewer)
    assert "Keputusan tersimpan" in replies.last.text, replies.texts


async def status_of(database: Database, innovation_id: int) -> str | None:
    async with database.reading() as session:
        return await session.scalar(select(Innovation.status).where(Innovation.id == innovation_id))


async def test_the_tally_follows_the_bots_own_flows(
    person, database: Database, sandbox: Sandbox
) -> None:
    siti = await person("staff", opd="DINKES", name="Siti Rahmawati")
    asep = await person("staff", opd="DISDIK", name="Asep Saepudin")
    budi = await person("coordinator", opd="DISKOMINFOSANDITIK", name="Budi Santoso")
    await fill(siti, {**COMPLETE, "title": "Posyandu Digital"})  # two pillars
    await siti.press("📤 Kirim")  # 1
    await fill(asep, {**COMPLETE, "title": "Rapor Daring", "pillars": ["Smart Economy"]})
    await asep.press("📤 Kirim")  # 2
    await fill(siti, {**COMPLETE, "title": "Ambulans Desa", "quick_win": False,
                      "stage": "inisiatif", "kind": "non_digital"})  # fmt: skip
    await siti.press("📤 Kirim")  # 3
    await fill(asep, {"title": "Sekolah Ramah Anak"})
    await asep.press("💾 Simpan draf")  # 4, a draft
    await assert_tally_right(database, compact=False)

    await review(budi, 1, "approve")
    await review(budi, 2, "revision")
    await review(budi, 3, "reject")
    assert [await status_of(database, n) for n in (1, 2, 3, 4)] == [
        "approved", "revision_requested", "rejected", "draft"
    ]  # fmt: skip
    await assert_tally_right(database)

    # The revision: a pillar more, then sent again.
    await asep.send("/ubah 2")
    await asep.press("✏️ Pilar")
    await asep.press("⬜ Smart Governance")
    await asep.press("Selesai")
    await asep.press("📤 Kirim")
    assert await status_of(database, 2) == "submitted"
    await assert_tally_right(database, compact=False)
    # Withdrawn to a draft after a pillar is taken off; then the draft deleted.
    await fill(siti, {**COMPLETE, "title": "Data Gizi Balita"})
    await siti.press("📤 Kirim")  # 5
    await siti.send("/ubah 5")
    await siti.press("✏️ Pilar")
    await siti.press("☑️ Smart Living")
    await siti.press("Selesai")
    replies = await siti.press("↩️ Tarik kembali ke draf")
    assert "Inovasi #5 ditarik kembali menjadi draf." in replies.texts
    await siti.press("💾 Simpan draf")
    await assert_tally_right(database, compact=False)
    await asep.send("/ubah 4")
    await asep.press("🗑 Hapus draf")
    assert (await asep.press("Ya")).last.text == "Draf dihapus."
    assert await status_of(database, 4) is None
    await review(budi, 2, "approve")
    await assert_tally_right(database)


async def _random_change(session: AsyncSession, rng: random.Random, opds: list[int],
                         pillars: list[int]) -> None:  # fmt: skip
    """One write as any code might make it, with Core statements (and the ORM, for a delete
    in its own order: the links first), to innovations of `opds` (writers at once write to
    innovations of their own, as people do: random rows in random order would deadlock)."""
    ids = list(await session.scalars(select(Innovation.id).where(Innovation.opd_id.in_(opds))))
    links = list(
        await session.execute(
            select(innovation_pillar).where(innovation_pillar.c.innovation_id.in_(ids))
        )
    )
    choice = rng.random()
    if choice < 0.3 or not ids:
        new = (await session.execute(
            insert(Innovation).returning(Innovation.id),
            [{"opd_id": rng.choice(opds), "title": f"Inovasi {rng.random()}",
              "status": rng.choice(STATUSES), "stage": rng.choice(STAGES),
              "kind": rng.choice(KINDS), "quick_win": rng.choice([None, True, False]),
              "search_text": "", "version": 1} for _ in range(rng.randint(1, 3))],
        )).scalars().all()  # fmt: skip
        for innovation_id in new:
            for pillar_id in rng.sample(pillars, rng.randint(0, 3)):
                await session.execute(
                    insert(innovation_pillar).values(
                        innovation_id=innovation_id, pillar_id=pillar_id
                    )
                )
    elif choice < 0.6:
        values = rng.choice([
            {"status": rng.choice(STATUSES)},
            {"opd_id": rng.choice(opds)},
            {"stage": rng.choice(STAGES), "kind": rng.choice(KINDS)},
            {"quick_win": rng.choice([None, True, False])},
            {"title": "Judul baru"},  # nothing counted changes
            {"status": rng.choice(STATUSES), "opd_id": rng.choice(opds),
             "quick_win": rng.choice([True, False])},
        ])  # fmt: skip
        chosen = rng.sample(ids, min(len(ids), rng.randint(1, 4)))
        await session.execute(update(Innovation).where(Innovation.id.in_(chosen)).values(values))
    elif choice < 0.72 and links:
        innovation_id, pillar_id = rng.choice(links)
        await session.execute(
            delete(innovation_pillar).where(
                innovation_pillar.c.innovation_id == innovation_id,
                innovation_pillar.c.pillar_id == pillar_id,
            )
        )
    elif choice < 0.8 and links:  # a link moved to another pillar
        innovation_id, pillar_id = rng.choice(links)
        taken = {p for i, p in links if i == innovation_id}
        free = [p for p in pillars if p not in taken]
        if free:
            await session.execute(
                update(innovation_pillar)
                .where(innovation_pillar.c.innovation_id == innovation_id,
                       innovation_pillar.c.pillar_id == pillar_id)
                .values(pillar_id=rng.choice(free))
            )  # fmt: skip
    elif choice < 0.9:  # deleted with its links still there: ON DELETE CASCADE
        await session.execute(delete(Innovation).where(Innovation.id == rng.choice(ids)))
    else:  # the ORM's delete: the links first, then the innovation
        innovation = await session.scalar(
            select(Innovation)
            .where(Innovation.id == rng.choice(ids))
            .options(selectinload(Innovation.pillars), selectinload(Innovation.attachments))
        )
        assert innovation is not None
        await session.delete(innovation)


async def _opds_and_pillars(database: Database, count: int = 4) -> tuple[list[int], list[int]]:
    async with database.transaction() as session:
        await session.execute(
            insert(Opd), [{"code": f"OPD{n}", "name": f"Dinas {n}"} for n in range(count)]
        )
        return (list(await session.scalars(select(Opd.id))),
                list(await session.scalars(select(Pillar.id))))  # fmt: skip


async def test_the_tally_follows_any_writer_and_a_rollback(database: Database) -> None:
    rng = seeded(15)
    opds, pillars = await _opds_and_pillars(database)
    for round_ in range(12):
        for _ in range(rng.randint(3, 8)):
            async with database.transaction() as session:
                for _ in range(rng.randint(1, 4)):
                    await _random_change(session, rng, opds, pillars)
            if rng.random() < 0.2:
                await tally.compact(database, batch=rng.choice([1, 7, 1000]))
        await assert_tally_right(database, compact=round_ % 3 == 2)
    # A transaction rolled back leaves no count behind.
    before = await kept_counts(database)

    class Undone(Exception):
        pass

    with pytest.raises(Undone):
        async with database.transaction() as session:
            for _ in range(5):
                await _random_change(session, rng, opds, pillars)
            raise Undone
    assert await kept_counts(database) == before
    await assert_tally_right(database)


async def _writes(database: Database, rng: random.Random, opds: list[int], pillars: list[int],
                  count: int) -> None:  # fmt: skip
    for _ in range(count):
        async with database.transaction() as session:
            await _random_change(session, rng, opds, pillars)


async def test_compactions_and_writes_at_once_lose_nothing(
    database: Database, database_url: str
) -> None:
    opds, pillars = await _opds_and_pillars(database, 6)
    other = Database(database_url)  # another instance, folding and writing too
    try:
        await asyncio.gather(
            _writes(database, seeded(1), opds[:2], pillars, 40),
            _writes(other, seeded(2), opds[2:4], pillars, 40),
            *(tally.compact(db, batch=5) for db in (database, other, database, other)),
            _writes(database, seeded(3), opds[4:], pillars, 40),
            *(tally.compact(db) for db in (other, database)),
        )
    finally:
        await other.dispose()
    await assert_tally_right(database)


def elsewhere(work: Coroutine[Any, Any, T]) -> asyncio.Task[T]:
    """`work` started as another process would, outside this task's write transaction."""
    return asyncio.create_task(work, context=contextvars.Context())


async def _waiting_for_a_lock(database: Database) -> None:
    """Until another connection of the server waits for a row lock (PostgreSQL)."""
    async with asyncio.timeout(30):
        while True:
            async with database.reading() as session:
                waiting = await session.scalar(
                    text(
                        "SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock'"
                        " AND datname = current_database()"
                    )
                )
            if waiting:
                return


async def test_a_change_committed_during_a_compaction_waits_for_the_next_one(
    database: Database, database_url: str, backend: str
) -> None:
    opds, pillars = await _opds_and_pillars(database)
    await _writes(database, seeded(4), opds, pillars, 10)
    other = Database(database_url)
    try:
        async with database.transaction() as session:
            assert await tally._fold(session, tally.BATCH) > 0
            # Another process writes meanwhile (PostgreSQL: committed before the compaction is;
            # SQLite: it waits for the write lock).
            writing = elsewhere(_writes(other, seeded(5), opds, pillars, 3))
            if backend == "postgresql":
                await writing
        await writing
        assert await pending(database) > 0  # not folded, not lost: left for the next round
        await assert_tally_right(database, compact=False)
        # Two compactions at once: the second finds the rows the first took, waits, and folds
        # none of them twice.
        async with database.transaction() as session:
            assert await tally._fold(session, tally.BATCH) > 0
            second = elsewhere(tally.compact(other))
            if backend == "postgresql":
                await _waiting_for_a_lock(database)
        assert await second == 0
    finally:
        await other.dispose()
    await assert_tally_right(database)


async def test_the_job_folds_at_start_and_every_minute(
    sandbox: Sandbox, database: Database
) -> None:
    application = sandbox.application
    assert application.job_queue is not None
    [job] = application.job_queue.get_jobs_by_name(tally_jobs.JOB)
    assert job.job.trigger.interval.total_seconds() == 60
    opds, pillars = await _opds_and_pillars(database)
    await _writes(database, seeded(6), opds, pillars, 10)
    assert await pending(database) > 0
    version = database.innovations_version
    await job.run(application)
    assert await pending(database) == 0
    assert database.innovations_version == version  # folding changes no figure
    await assert_tally_right(database, compact=False)


async def _half_folded(database: Database) -> None:
    """Innovations some of whose changes are folded, some pending."""
    opds, pillars = await _opds_and_pillars(database)
    await _writes(database, seeded(7), opds, pillars, 15)
    await tally.compact(database)
    await _writes(database, seeded(8), opds, pillars, 15)
    assert await pending(database) > 0


async def test_a_backup_restored_counts_nothing_twice(
    database: Database, database_url: str, empty_database_url: str, tmp_path: Path
) -> None:
    await _half_folded(database)
    store = EvidenceStore(tmp_path / "evidence")
    await backup(database_url, store, tmp_path / "cadangan.tar")
    await restore(empty_database_url, store, tmp_path / "cadangan.tar")
    restored = Database(empty_database_url)
    try:
        assert await kept_counts(restored) == await expected_counts(database)
        await assert_tally_right(restored)
        # The triggers came back with it.
        async with restored.transaction() as session:
            await session.execute(update(Innovation).values(status="approved"))
        await assert_tally_right(restored)
    finally:
        await restored.dispose()


@pytest.fixture
def source_url(tmp_path: Path, templates: Templates):
    with fresh_database_url("sqlite", tmp_path, templates) as url:
        yield url


async def test_a_copy_counts_nothing_twice(
    source_url: str, empty_database_url: str, monkeypatch, capsys
) -> None:
    source = Database(source_url)
    try:
        await _half_folded(source)
        kept = await kept_counts(source)
    finally:
        await source.dispose()
    monkeypatch.setenv("DATABASE_URL", source_url)
    code = await asyncio.to_thread(main, ["db", "copy", "--to", empty_database_url])
    assert code == 0, capsys.readouterr().err
    target = Database(empty_database_url)
    try:
        assert await kept_counts(target) == kept
        await assert_tally_right(target)
        async with target.transaction() as session:  # the triggers work on the copy
            await session.execute(delete(innovation_pillar))
            await session.execute(update(Innovation).values(status="rejected"))
        await assert_tally_right(target)
    finally:
        await target.dispose()
