"""Benchmark of the dashboard's pages, rendered server-side, at a baseline and at scale.

Generates OPDs and innovations (a share approved, each with one to three pillars) with plain
INSERTs, so the database's triggers count them into the tally's pending changes as they would
any write; folds those once (as the bot does at start and every minute) and leaves a backlog of
PENDING status changes unfolded (a busy minute's worth). Then asks each page through the ASGI
app in process (no network: the time is the page's own: its SQL and its template) several times
and prints the first request and the median of the next ones, beside the baseline size in the
same run, on SQLite and PostgreSQL. The overviews are measured twice more: each request right
after a change to an innovation (the first view after a change: nothing kept). The target:
every page under 300 ms at 1,000 OPDs / 100,000 innovations.

    .venv/bin/python benchmarks/dashboard.py
    .venv/bin/python benchmarks/dashboard.py --database sqlite --sizes 10:1000
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Awaitable, Callable
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from urllib.parse import urlencode

import httpx
from sqlalchemy import insert, select, text, update

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.support import postgres_database
from bot.core.clock import FakeClock
from bot.core.settings import load_settings
from bot.core.texts import Catalog
from bot.telegram.login import sign_login
from sandbox.emulator import SANDBOX_TOKEN
from storage import tally
from storage.database import Database
from storage.models import Innovation, Member, Opd, Pillar, innovation_pillar, searchable
from web.app import build_dashboard

STATUSES = ["approved"] * 5 + ["submitted", "in_review", "draft", "revision_requested", "rejected"]
WORDS = [
    "posyandu",
    "sekolah",
    "pasar",
    "data",
    "gizi",
    "sampah",
    "wisata",
    "pajak",
    "izin",
    "desa",
    "air",
    "jalan",
]
REPEATS = 7
PENDING = 1000  # status changes left unfolded while the pages are asked for


async def generate(database: Database, opds: int, innovations: int) -> int:
    """The data; the telegram id of a coordinator."""
    rng = random.Random(2026)
    async with database.transaction() as session:
        await session.execute(
            insert(Opd),
            [{"code": f"OPD{i:04d}", "name": f"Dinas {i:04d}", "search_name": f"dinas {i:04d}"}
             for i in range(opds)],
        )  # fmt: skip
        opd_ids = list(await session.scalars(select(Opd.id)))
        pillar_ids = list(await session.scalars(select(Pillar.id)))
        await session.execute(
            insert(Member),
            [{"telegram_id": 9_000_000_001, "full_name": "Koordinator", "role": "coordinator",
              "status": "active", "opd_id": opd_ids[0]}],
        )  # fmt: skip
    start = datetime(2025, 1, 1, tzinfo=UTC)
    batch = 5000
    for first in range(0, innovations, batch):
        rows = []
        for number in range(first, min(first + batch, innovations)):
            title = f"Inovasi {rng.choice(WORDS)} {rng.choice(WORDS)} {number}"
            problem = f"Masalah {rng.choice(WORDS)} di {rng.choice(WORDS)}."
            rows.append({
                "opd_id": rng.choice(opd_ids), "title": title, "status": rng.choice(STATUSES),
                "quick_win": rng.random() < 0.4,
                "stage": rng.choice(["inisiatif", "uji_coba", "penerapan"]),
                "kind": rng.choice(["digital", "non_digital"]), "problem": problem,
                "solution": "Solusi.", "goal": "Tujuan.", "benefit": "Manfaat.",
                "start_date": date(2024, 1, 1) + timedelta(days=number % 700),
                "submitted_at": start + timedelta(minutes=number),
                "search_text": searchable(title, problem, "Solusi."), "version": 1,
            })  # fmt: skip
        async with database.transaction() as session:
            ids = list(await session.scalars(insert(Innovation).returning(Innovation.id), rows))
            links = [
                {"innovation_id": innovation_id, "pillar_id": pillar_id}
                for innovation_id in ids
                for pillar_id in rng.sample(pillar_ids, rng.randint(1, 3))
            ]
            await session.execute(insert(innovation_pillar), links)
    return 9_000_000_001


async def measure(
    client: httpx.AsyncClient, path: str, before: Callable[[], Awaitable[None]] | None = None
) -> tuple[float, float]:
    """The first request (nothing kept: the overview's figures read afresh) and the median of
    the following ones; `before` (untimed) runs before each."""
    times = []
    for _ in range(REPEATS):
        if before is not None:
            await before()
        started = time.perf_counter()
        response = await client.get(path)
        times.append(time.perf_counter() - started)
        assert response.status_code == 200, (path, response.status_code)
    return times[0], statistics.median(times[1:])


async def backlog(database: Database, changes: int) -> list[int]:
    """`changes` innovations moved between submitted and approved, left unfolded; their ids."""
    async with database.transaction() as session:
        ids = list(await session.scalars(
            select(Innovation.id).where(Innovation.status.in_(("submitted", "approved")))
            .order_by(Innovation.id).limit(changes)
        ))  # fmt: skip
        await session.execute(
            update(Innovation)
            .where(Innovation.id.in_(ids))
            .values(
                status=text("CASE WHEN status = 'approved' THEN 'submitted' ELSE 'approved' END")
            )
        )
    return ids


def changer(database: Database, ids: list[int]) -> Callable[[], Awaitable[None]]:
    """A change to one innovation at a time (its status flipped), by this process: the
    overview's kept figures no longer hold."""
    turn = iter(ids * 2)

    async def change() -> None:
        innovation_id = next(turn)
        async with database.transaction() as session:
            await session.execute(
                update(Innovation).where(Innovation.id == innovation_id)
                .values(status=text(
                    "CASE WHEN status = 'approved' THEN 'submitted' ELSE 'approved' END"
                ))
            )  # fmt: skip

    return change


async def bench(url: str, opds: int, innovations: int) -> list[tuple[str, float, float]]:
    database = Database(url)
    await database.upgrade()
    clock = FakeClock(datetime.now(UTC))
    try:
        coordinator = await generate(database, opds, innovations)
        started = time.perf_counter()
        folded = await tally.compact(database)  # as the bot does at start and every minute
        print(f"  {opds:,} / {innovations:,}: {folded:,} tally changes folded in "
              f"{time.perf_counter() - started:.1f} s", flush=True)  # fmt: skip
        if database.url.get_backend_name() == "postgresql":
            # As autovacuum does after a load: the rows the compaction deleted cleared away,
            # the statistics read (outside a transaction, or a rollback would discard them).
            async with database.engine.connect() as plain:
                connection = await plain.execution_options(isolation_level="AUTOCOMMIT")
                await connection.execute(text("VACUUM ANALYZE"))
        flipped = await backlog(database, min(PENDING, innovations // 10))
        settings = load_settings(bot_token=SANDBOX_TOKEN, database_url=url)
        app = build_dashboard(settings, database, Catalog(), clock)
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://bench") as client:
            approved = await client.get("/inovasi")
            assert approved.status_code == 200
            async with database.reading() as session:
                one = await session.scalar(
                    select(Innovation.id).where(Innovation.status == "approved").limit(1)
                )
            fields = {"id": str(coordinator), "first_name": "K",
                      "auth_date": str(int(clock.now().timestamp()))}  # fmt: skip
            login = await client.get("/masuk?" + urlencode(sign_login(fields, SANDBOX_TOKEN)))
            assert login.status_code == 303
            pages = [
                ("overview", "/"),
                ("list", "/inovasi"),
                ("list, page 50", "/inovasi?halaman=50"),
                ("search", "/inovasi?q=posyandu+gizi"),
                ("filters", "/inovasi?pilar=1&tahap=penerapan&jenis=digital"),
                ("one innovation", f"/inovasi/{one}"),
                ("coordinators", "/koordinator"),
                ("coordinators' list", "/koordinator/inovasi?status=submitted"),
            ]
            results = [(name, *await measure(client, path)) for name, path in pages]
            change = changer(database, flipped)
            for name, path in (
                ("overview, changed", "/"),
                ("coordinators, changed", "/koordinator"),
            ):
                results.append((name, *await measure(client, path, change)))
            return results
    finally:
        await database.dispose()


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database", choices=["sqlite", "postgresql", "both"], default="both")
    parser.add_argument("--postgres", default="postgresql://postgres@127.0.0.1:5432/postgres")
    parser.add_argument("--sizes", default="10:1000,1000:100000", help="OPDS:INNOVATIONS,…")
    options = parser.parse_args()
    logging.basicConfig(level=logging.CRITICAL)
    sizes = [tuple(int(n) for n in size.split(":")) for size in options.sizes.split(",")]
    backends = ["sqlite", "postgresql"] if options.database == "both" else [options.database]
    for backend in backends:
        results = {}
        for opds, innovations in sizes:
            with tempfile.TemporaryDirectory() as folder:
                drop = None
                if backend == "sqlite":
                    url = f"sqlite+aiosqlite:///{folder}/dash.db"
                else:
                    url, drop = await postgres_database(options.postgres)
                try:
                    results[(opds, innovations)] = await bench(url, opds, innovations)
                finally:
                    if drop is not None:
                        await drop()
        print(f"{backend}: first request / median of the next {REPEATS - 1}, ms")
        header = "  page                  " + "".join(f"{o:>6,} / {i:<9,}" for o, i in sizes)
        print(header)
        for index, (page, _, _) in enumerate(results[sizes[0]]):
            cells = "".join(
                f"{results[s][index][1] * 1000:7.0f} /{results[s][index][2] * 1000:5.0f}    "
                for s in sizes
            )
            print(f"  {page:<22}{cells}")


if __name__ == "__main__":
    asyncio.run(main())
