"""Benchmark of `inovasi-bot innovation import`: a generated workbook of --rows innovations
(10,000 by default, answers of about 200 characters, one to three pillars each), imported into
a fresh database on SQLite and on PostgreSQL, with a baseline of the same weight in the same
run: the same rows written by the bot's own create path one by one (each its draft's INSERT,
its answers' UPDATE, its pillars, its sending, its events, one transaction per innovation, as
the chat writes them).

    .venv/bin/python benchmarks/import.py                        # 10,000 rows, both databases
    .venv/bin/python benchmarks/import.py --rows 2000 --database sqlite
    .venv/bin/python benchmarks/import.py --postgres postgresql+asyncpg://postgres@127.0.0.1:5432/test

Steps, per database: reading the file (openpyxl, read-only), the import (checking every row,
then the bulk writes, one transaction), the same file again (every row unchanged: nothing
written), and the baseline. PostgreSQL: a database of its own is created and dropped on the
server of --postgres.
"""

from __future__ import annotations

import argparse
import asyncio
import random
import sys
import tempfile
import time
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import asyncpg
from openpyxl import Workbook
from sqlalchemy import func, insert, select

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.support import postgres_database
from bot.core.texts import Catalog
from bot.plans.backlog import import_table, parse_table
from bot.plans.table import read_table
from storage.database import Database
from storage.models import Innovation, Member, Opd, Pillar, Role, Status
from storage.repositories.innovations import InnovationRepository

TODAY = date(2026, 12, 7)
HEADERS = ["No", "Judul", "Kode OPD", "Pilar", "Quick win", "Tahapan", "Jenis", "Permasalahan",
           "Solusi", "Tujuan", "Manfaat", "Tanggal mulai", "Tautan", "Narahubung",
           "Telepon"]  # fmt: skip
PILLARS = ["Smart Governance", "Smart Branding", "Smart Economy", "Smart Living",
           "Smart Society", "Smart Environment"]  # fmt: skip
WORDS = ["layanan", "warga", "desa", "data", "aplikasi", "posyandu", "sekolah", "pasar",
         "daring", "antrean", "kader", "puskesmas", "sampah", "air", "bersih", "jalan", "umkm",
         "pelatihan", "laporan"]  # fmt: skip


def sentence(rng: random.Random, length: int) -> str:
    words: list[str] = []
    while sum(len(w) + 1 for w in words) < length:
        words.append(rng.choice(WORDS))
    return " ".join(words).capitalize()


def build_file(path: Path, rows: int, opds: list[str]) -> None:
    rng = random.Random(26)
    book = Workbook(write_only=True)
    sheet = book.create_sheet("Inovasi")
    sheet.append(HEADERS)
    for number in range(1, rows + 1):
        sheet.append([
            number, f"{sentence(rng, 30)} {number}", rng.choice(opds),
            ", ".join(rng.sample(PILLARS, rng.randint(1, 3))), rng.choice(["Ya", "Tidak"]),
            rng.choice(["Inisiatif", "Uji coba", "Penerapan"]),
            rng.choice(["Digital", "Non-digital"]),
            sentence(rng, 200), sentence(rng, 200), sentence(rng, 120), sentence(rng, 120),
            f"{rng.randint(1, 28)}/{rng.randint(1, 12)}/{rng.randint(2018, 2025)}",
            "https://sumedangkab.go.id/inovasi", "Siti Rahmawati", "081234567890",
        ])  # fmt: skip
    book.save(path)


async def seed(database: Database, opds: list[str]) -> None:
    async with database.transaction() as session:
        await session.execute(
            insert(Opd), [{"code": code, "name": f"Dinas {code.title()}"} for code in opds]
        )
        ids = dict((await session.execute(select(Opd.code, Opd.id))).all())
        await session.execute(
            insert(Member),
            [{"telegram_id": 1000 + n, "opd_id": ids[code], "role": Role.STAFF,
              "full_name": f"Staf {code}"} for n, code in enumerate(opds)],
        )  # fmt: skip


async def bulk(database: Database, path: Path) -> dict[str, float]:
    started = time.perf_counter()
    table = read_table(path)
    read = time.perf_counter() - started
    times = {"read": read}
    for step in ("import", "again"):
        started = time.perf_counter()
        async with database.transaction() as session:
            report = await import_table(
                session, table, Catalog(), file_name=path.name, today=TODAY
            )
        times[step] = time.perf_counter() - started
        assert report.outcome is not None, [str(p) for p in report.parsed.problems[:5]]
        expected = len(table.rows)
        done = report.outcome.created if step == "import" else report.outcome.unchanged
        assert done == expected, (step, report.outcome)
    return times


async def one_by_one(database: Database, path: Path) -> float:
    """The baseline: every row through the repository the chat writes with."""
    table = read_table(path)
    async with database.transaction() as session:
        opds = list(await session.scalars(select(Opd)))
        pillars = list(await session.scalars(select(Pillar).order_by(Pillar.position)))
        members = {m.opd_id: m for m in await session.scalars(select(Member))}
    parsed = parse_table(table, Catalog(), opds, pillars, TODAY)
    started = time.perf_counter()
    for row in parsed.rows:
        async with database.transaction() as session:
            member = await session.merge(members[row.opd_id], load=False)
            repository = InnovationRepository(session)
            innovation = await repository.create_draft(member, row.values["title"])
            answers = {k: v for k, v in row.values.items() if k != "title"}
            await repository.write(innovation, answers)
            for pillar in await repository.known_pillars():
                if pillar.id in (row.pillar_ids or ()):
                    await repository.toggle_pillar(innovation, pillar)
            await repository.write(
                innovation, {"status": Status.SUBMITTED.value, "submitted_at": datetime.now(UTC)}
            )
            await repository.log(innovation, member, "submitted", to_status=Status.SUBMITTED)
    elapsed = time.perf_counter() - started
    async with database.reading() as session:
        count = await session.scalar(select(func.count()).select_from(Innovation))
    assert count == len(parsed.rows), count
    return elapsed


async def run(args: argparse.Namespace) -> list[str]:
    opds = [f"OPD{n:02d}" for n in range(1, 41)]
    lines = [f"{args.rows:,} rows, {datetime.now(UTC):%Y-%m-%d}"]
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "backlog.xlsx"
        started = time.perf_counter()
        build_file(path, args.rows, opds)
        lines.append(f"file: {path.stat().st_size / 1024 / 1024:.1f} MB, written in "
                     f"{time.perf_counter() - started:.1f} s")  # fmt: skip
        backends = ["sqlite", "postgresql"] if args.database == "both" else [args.database]
        for backend in backends:
            results: dict[str, Any] = {}
            for step in ("bulk", "baseline"):
                drop = None
                if backend == "sqlite":
                    url = f"sqlite+aiosqlite:///{folder}/{step}.db"
                else:
                    try:
                        url, drop = await postgres_database(args.postgres)
                    except (OSError, asyncpg.PostgresError) as exc:
                        lines.append(f"postgresql: skipped ({exc})")
                        break
                database = Database(url)
                try:
                    await database.upgrade()
                    await seed(database, opds)
                    if step == "bulk":
                        results.update(await bulk(database, path))
                    else:
                        results["baseline"] = await one_by_one(database, path)
                finally:
                    await database.dispose()
                    if drop is not None:
                        await drop()
            if "baseline" in results:
                rate = args.rows / results["import"]
                lines.append(
                    f"{backend}: read {results['read']:.1f} s; import {results['import']:.1f} s "
                    f"({rate:,.0f} rows/s); again, unchanged {results['again']:.1f} s; "
                    f"one by one (the chat's path) {results['baseline']:.1f} s "
                    f"({results['baseline'] / results['import']:.0f}x the import)"
                )
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=10_000)
    parser.add_argument("--database", choices=["both", "sqlite", "postgresql"], default="both")
    parser.add_argument("--postgres", default="postgresql://postgres@127.0.0.1:5432/postgres")
    args = parser.parse_args()
    for line in asyncio.run(run(args)):
        print(line)


if __name__ == "__main__":
    main()
