"""Benchmark of the coordinators' reports: the summary text, the pillar chart, the coverage
picture and the xlsx export, at a baseline size and at 1,000 OPDs / 100,000 innovations, on
SQLite and PostgreSQL, in one run. Prints seconds and peak Python memory (tracemalloc) per step.

    .venv/bin/python benchmarks/reports.py                 # SQLite and, if reachable, PostgreSQL
    .venv/bin/python benchmarks/reports.py --database sqlite --innovations 20000

PostgreSQL: a database of its own is created and dropped on the server of --postgres
(default postgresql://postgres@127.0.0.1:5432/postgres).
"""

from __future__ import annotations

import argparse
import asyncio
import random
import tempfile
import time
import tracemalloc
import uuid
from collections.abc import Awaitable, Callable
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import asyncpg
from sqlalchemy import insert, select
from sqlalchemy.engine import make_url

from bot.export import write_xlsx
from bot.reports import (
    build_coverage,
    build_summary,
    coverage_picture,
    pillar_chart,
    render_summary,
)
from bot.texts import Catalog
from storage.database import Database
from storage.models import Event, Innovation, Opd, Pillar, innovation_pillar, searchable

STATUSES = ["draft", "submitted", "in_review", "approved", "revision_requested", "rejected"]
WEIGHTS = [10, 25, 10, 35, 10, 10]
BATCH = 5000
ZONE = ZoneInfo("Asia/Jakarta")


async def generate(database: Database, opds: int, innovations: int, seed: int = 7) -> None:
    rng = random.Random(seed)
    async with database.transaction() as session:
        await session.execute(
            insert(Opd),
            [
                {"code": f"OPD{i:05d}", "name": f"Perangkat Daerah {i:05d}", "active": True,
                 "search_name": searchable(f"OPD{i:05d}", f"Perangkat Daerah {i:05d}")}
                for i in range(opds)
            ],
        )  # fmt: skip
        opd_ids = list(await session.scalars(select(Opd.id)))
        pillar_ids = list(await session.scalars(select(Pillar.id)))
    now = datetime.now(UTC)
    next_id = 1
    for start in range(0, innovations, BATCH):
        rows, links, events = [], [], []
        for _ in range(min(BATCH, innovations - start)):
            status = rng.choices(STATUSES, WEIGHTS)[0]
            title = f"Inovasi layanan {next_id} {rng.choice(['digital', 'desa', 'sehat', 'pasar'])}"
            rows.append(
                {"id": next_id, "opd_id": rng.choice(opd_ids), "title": title, "status": status,
                 "quick_win": rng.random() < 0.3,
                 "stage": rng.choice(["inisiatif", "uji_coba", "penerapan"]),
                 "kind": rng.choice(["digital", "non_digital"]), "problem": "Masalah " * 20,
                 "solution": "Solusi " * 20, "goal": "Tujuan", "benefit": "Manfaat",
                 "start_date": date(2024, 1, 1) + timedelta(days=rng.randrange(600)),
                 "search_text": searchable(title), "version": 1, "created_at": now,
                 "updated_at": now, "submitted_at": None if status == "draft" else now}
            )  # fmt: skip
            for pillar in rng.sample(pillar_ids, rng.randint(1, 3)):
                links.append({"innovation_id": next_id, "pillar_id": pillar})
            events.append({"innovation_id": next_id, "kind": "created", "to_status": "draft",
                           "created_at": now})  # fmt: skip
            if status != "draft":
                events.append({"innovation_id": next_id, "kind": "submitted",
                               "from_status": "draft", "to_status": status,
                               "created_at": now})  # fmt: skip
            next_id += 1
        async with database.transaction() as session:
            await session.execute(insert(Innovation), rows)
            await session.execute(insert(innovation_pillar), links)
            await session.execute(insert(Event), events)


async def measure(step: Callable[[], Awaitable[Any]]) -> tuple[float, float]:
    """Seconds (without tracing), then peak traced memory in MiB (a second, traced run)."""
    started = time.perf_counter()
    await step()
    seconds = time.perf_counter() - started
    tracemalloc.start()
    await step()
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return seconds, peak / (1024 * 1024)


async def run_steps(database: Database, folder: Path) -> dict[str, tuple[float, float]]:
    texts = Catalog()
    results: dict[str, tuple[float, float]] = {}

    async def summary_text() -> None:
        async with database.transaction() as session:
            render_summary(texts, "id", await build_summary(session))

    async def chart() -> None:
        async with database.transaction() as session:
            summary = await build_summary(session)
        await asyncio.to_thread(pillar_chart, texts, "id", summary)

    async def coverage() -> None:
        async with database.transaction() as session:
            matrix = await build_coverage(session)
        await asyncio.to_thread(coverage_picture, texts, "id", matrix)

    async def xlsx() -> None:
        async with database.transaction() as session:
            await write_xlsx(session, str(folder / "export.xlsx"), texts, "id", ZONE)

    for name, step in (("summary text", summary_text), ("pillar chart", chart),
                       ("coverage picture", coverage), ("xlsx export", xlsx)):  # fmt: skip
        results[name] = await measure(step)
    return results


async def postgres_database(admin_url: str) -> tuple[str, Callable[[], Awaitable[None]]]:
    url = make_url(admin_url)
    name = f"inovasi_bench_{uuid.uuid4().hex[:8]}"

    async def admin(sql: str) -> None:
        connection = await asyncpg.connect(
            host=url.host or "127.0.0.1", port=url.port or 5432, user=url.username or "postgres",
            password=url.password, database=url.database or "postgres",
        )  # fmt: skip
        try:
            await connection.execute(sql)
        finally:
            await connection.close()

    await admin(f'CREATE DATABASE "{name}"')

    async def drop() -> None:
        await admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    target = url.set(drivername="postgresql+asyncpg", database=name)
    return target.render_as_string(hide_password=False), drop


async def bench(backend: str, sizes: list[tuple[int, int]], admin_url: str) -> list[str]:
    lines = []
    for opds, innovations in sizes:
        with tempfile.TemporaryDirectory() as folder:
            drop = None
            if backend == "sqlite":
                url = f"sqlite+aiosqlite:///{folder}/bench.db"
            else:
                url, drop = await postgres_database(admin_url)
            database = Database(url)
            try:
                await database.upgrade()
                started = time.perf_counter()
                await generate(database, opds, innovations)
                generated = time.perf_counter() - started
                results = await run_steps(database, Path(folder))
            finally:
                await database.dispose()
                if drop is not None:
                    await drop()
        size = f"{opds:,} OPDs / {innovations:,} innovations"
        lines.append(f"{backend:<10} {size:<34} data generated in {generated:6.1f} s")
        for name, (seconds, mib) in results.items():
            lines.append(f"{'':10} {'':34} {name:<17} {seconds:7.3f} s {mib:8.1f} MiB peak")
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database", choices=["sqlite", "postgresql", "both"], default="both")
    parser.add_argument("--opds", type=int, default=1000)
    parser.add_argument("--innovations", type=int, default=100_000)
    parser.add_argument("--postgres", default="postgresql://postgres@127.0.0.1:5432/postgres")
    args = parser.parse_args()
    sizes = [(10, 1000), (args.opds, args.innovations)]  # baseline first, in the same run
    backends = ["sqlite", "postgresql"] if args.database == "both" else [args.database]
    for backend in backends:
        try:
            for line in asyncio.run(bench(backend, sizes, args.postgres)):
                print(line, flush=True)
        except (OSError, asyncpg.PostgresError) as exc:
            print(f"{backend}: skipped ({exc})")


if __name__ == "__main__":
    main()
