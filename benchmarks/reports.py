"""Benchmark of the coordinators' reports and the export, on SQLite and PostgreSQL in one run.

For each size (a baseline of 10 OPDs / 1,000 innovations, then --opds / --innovations, by
default 1,000 / 100,000) both databases are filled with the same generated data, then every
step runs on both, alternately, so that a busy machine weighs on both alike:

- the reports: the summary (/rekap's text), the chart's data (pillar × status), the coverage
  matrix, /belum's text (summary and matrix), and the two pictures drawn from them; each the
  median of five runs, the databases taking turns run by run, with the number of statements,
  and PostgreSQL's time over SQLite's;
- the export: the xlsx workbook beside a plain CSV of the same innovation rows (the floor for
  writing those rows), their ratio, the file sizes and, for the xlsx, the parts it would be
  sent in to Telegram (50 MB each);
- peak Python memory (tracemalloc) of each step, in a separate traced run.

    .venv/bin/python benchmarks/reports.py                       # both sizes, both databases
    .venv/bin/python benchmarks/reports.py --innovations 20000 --opds 200
    .venv/bin/python benchmarks/reports.py --answer-length 3000  # long answers: size and parts
    .venv/bin/python benchmarks/reports.py --explain              # the query plans as well

PostgreSQL: a database of its own is created and dropped on the server of --postgres
(default postgresql://postgres@127.0.0.1:5432/postgres); after loading it gets VACUUM ANALYZE,
as autovacuum would do within a minute of a bulk load. Without a server, SQLite alone runs.
"""

from __future__ import annotations

import argparse
import asyncio
import random
import shutil
import statistics
import sys
import tempfile
import time
import tracemalloc
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import asyncpg
from sqlalchemy import event, insert, select, text

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import bot.reporting.export
from benchmarks.support import postgres_database
from bot.core.texts import Catalog
from bot.reporting.export import ExportFilter, write_csv, write_parts
from bot.reporting.reports import (
    build_coverage,
    build_summary,
    coverage_picture,
    pillar_chart,
    pillar_counts,
    render_missing,
    render_summary,
)
from storage.database import Database
from storage.models import Event, Innovation, Opd, Pillar, innovation_pillar, searchable

STATUSES = ["draft", "submitted", "in_review", "approved", "revision_requested", "rejected"]
WEIGHTS = [10, 25, 10, 35, 10, 10]
BATCH = 5000
ZONE = ZoneInfo("Asia/Jakarta")
WORDS = [
    "pelayanan",
    "digital",
    "masyarakat",
    "desa",
    "kesehatan",
    "data",
    "aplikasi",
    "warga",
    "puskesmas",
    "sekolah",
    "pasar",
    "perizinan",
    "cepat",
    "mudah",
    "terpadu",
    "daerah",
    "informasi",
    "keluhan",
    "antrean",
    "posyandu",
    "bantuan",
    "sosial",
    "petani",
    "nelayan",
]
RUNS = 5


def _answer(rng: random.Random, length: int, fallback: str) -> str:
    if length <= 0:
        return fallback
    words: list[str] = []
    size = 0
    while size < length:
        word = rng.choice(WORDS) + rng.choice([" ", " ", ", ", ". "]) + str(rng.randrange(100))
        words.append(word)
        size += len(word)
    return "".join(words)[:length]


async def generate(
    database: Database, opds: int, innovations: int, answer_length: int = 0, seed: int = 7
) -> None:
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
    now = datetime(2026, 11, 30, 3, tzinfo=UTC)
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
                 "kind": rng.choice(["digital", "non_digital"]),
                 "problem": _answer(rng, answer_length, "Masalah " * 20),
                 "solution": _answer(rng, answer_length, "Solusi " * 20),
                 "goal": _answer(rng, answer_length, "Tujuan"),
                 "benefit": _answer(rng, answer_length, "Manfaat"),
                 "start_date": date(2024, 1, 1) + timedelta(days=rng.randrange(600)),
                 "search_text": searchable(title), "version": 1, "created_at": now,
                 "updated_at": now,
                 "submitted_at": None if status == "draft"
                 else now - timedelta(days=rng.randrange(700))}
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


@dataclass
class Measured:
    seconds: float
    mib: float
    statements: int
    detail: dict[str, Any] = field(default_factory=dict)


class Bench:
    """One database of one size, and its steps."""

    def __init__(self, backend: str, database: Database, folder: Path) -> None:
        self.backend, self.database, self.folder = backend, database, folder
        self.texts = Catalog()
        self.statements = 0
        event.listen(database.engine.sync_engine, "before_cursor_execute", self._count)

    def _count(self, conn: Any, cursor: Any, statement: str, *args: Any) -> None:
        if statement.lstrip().upper().startswith("SELECT"):
            self.statements += 1

    async def summary(self) -> dict[str, Any]:
        async with self.database.reading() as session:
            render_summary(self.texts, "id", await build_summary(session))
        return {}

    async def chart_data(self) -> dict[str, Any]:
        async with self.database.reading() as session:
            await pillar_counts(session)
        return {}

    async def coverage(self) -> dict[str, Any]:
        async with self.database.reading() as session:
            await build_coverage(session)
        return {}

    async def belum(self) -> dict[str, Any]:
        async with self.database.reading() as session:
            summary = await build_summary(session)
            render_missing(self.texts, "id", summary, await build_coverage(session))
        return {}

    async def chart_picture(self) -> dict[str, Any]:
        async with self.database.reading() as session:
            summary = await build_summary(session)
        await asyncio.to_thread(pillar_chart, self.texts, "id", summary)
        return {}

    async def coverage_picture(self) -> dict[str, Any]:
        async with self.database.reading() as session:
            matrix = await build_coverage(session)
        await asyncio.to_thread(coverage_picture, self.texts, "id", matrix)
        return {}

    async def xlsx(self) -> dict[str, Any]:
        folder = Path(tempfile.mkdtemp(dir=self.folder))
        async with self.database.reading() as session:
            parts = await write_parts(session, folder, "inovasi", self.texts, "id", ZONE,
                                      ExportFilter())  # fmt: skip
        sizes = [part.path.stat().st_size for part in parts]
        await asyncio.to_thread(shutil.rmtree, folder)
        return {"bytes": sum(sizes), "parts": len(parts), "largest": max(sizes)}

    async def csv(self) -> dict[str, Any]:
        path = self.folder / "export.csv"
        async with self.database.reading() as session:
            with path.open("w", encoding="utf-8-sig", newline="") as target:
                await write_csv(session, target, self.texts, "id", ZONE)
        size = path.stat().st_size
        path.unlink()
        return {"bytes": size}

    async def timed(self, step: str) -> tuple[float, dict[str, Any]]:
        self.statements = 0
        started = time.perf_counter()
        detail = await getattr(self, step)()
        return time.perf_counter() - started, detail

    async def traced(self, step: str) -> float:
        """Peak traced memory of one more run, in MiB."""
        tracemalloc.start()
        await getattr(self, step)()
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        return peak / (1024 * 1024)


async def measure(benches: dict[str, Bench], step: str, runs: int) -> dict[str, Measured]:
    """`runs` runs of `step`, the databases taking turns run by run (a busy moment of the
    machine falls on both), the median of each; then a traced run each for the memory."""
    times: dict[str, list[float]] = {backend: [] for backend in benches}
    details: dict[str, dict[str, Any]] = {}
    statements: dict[str, int] = {}
    for _ in range(runs):
        for backend, bench in benches.items():
            seconds, details[backend] = await bench.timed(step)
            times[backend].append(seconds)
            statements[backend] = bench.statements
    return {
        backend: Measured(statistics.median(times[backend]), await bench.traced(step),
                          statements[backend], details[backend])
        for backend, bench in benches.items()
    }  # fmt: skip


async def explain(database: Database, out: list[str]) -> None:
    """Every statement of the summary and the coverage matrix with its plan: EXPLAIN ANALYZE
    on PostgreSQL, EXPLAIN QUERY PLAN and the time on SQLite."""
    captured: list[Any] = []

    def capture(conn: Any, cursor: Any, statement: str, parameters: Any, context: Any,
                executemany: bool) -> None:  # fmt: skip
        if statement.lstrip().upper().startswith("SELECT"):
            captured.append(context.compiled.statement)

    event.listen(database.engine.sync_engine, "before_cursor_execute", capture)
    async with database.reading() as session:
        await build_summary(session)
        await build_coverage(session)
    event.remove(database.engine.sync_engine, "before_cursor_execute", capture)
    postgres = database.url.get_backend_name() == "postgresql"
    for statement in captured:
        sql = str(statement.compile(dialect=database.engine.dialect,
                                    compile_kwargs={"literal_binds": True}))  # fmt: skip
        out.append("    " + " ".join(sql.split()))
        async with database.reading() as session:
            if postgres:
                plan = await session.execute(text("EXPLAIN (ANALYZE, COSTS OFF) " + sql))
                out.extend("        " + line for (line,) in plan)
            else:
                plan = await session.execute(text("EXPLAIN QUERY PLAN " + sql))
                out.extend("        " + row[3] for row in plan)
                started = time.perf_counter()
                await session.execute(text(sql))
                out.append(
                    f"        Execution Time: {(time.perf_counter() - started) * 1000:.3f} ms"
                )


REPORTS = ["summary", "chart_data", "coverage", "belum", "chart_picture", "coverage_picture"]
NAMES = {
    "summary": "summary (/rekap text)", "chart_data": "chart data (pillar×status)",
    "coverage": "coverage matrix", "belum": "/belum text", "chart_picture": "pillar chart PNG",
    "coverage_picture": "coverage PNG", "xlsx": "xlsx export", "csv": "csv of the same rows",
}  # fmt: skip


async def bench_size(
    backends: list[str], opds: int, innovations: int, args: argparse.Namespace
) -> list[str]:
    lines: list[str] = []
    with tempfile.TemporaryDirectory() as folder:
        benches: dict[str, Bench] = {}
        drops = []
        try:
            for backend in backends:
                if backend == "sqlite":
                    url = f"sqlite+aiosqlite:///{folder}/bench.db"
                else:
                    try:
                        url, drop = await postgres_database(args.postgres)
                    except (OSError, asyncpg.PostgresError) as exc:
                        lines.append(f"postgresql: skipped ({exc})")
                        continue
                    drops.append(drop)
                database = Database(url)
                await database.upgrade()
                started = time.perf_counter()
                await generate(database, opds, innovations, args.answer_length)
                if backend == "postgresql":
                    async with database.engine.connect() as connection:
                        connection = await connection.execution_options(
                            isolation_level="AUTOCOMMIT"
                        )
                        await connection.execute(text("VACUUM ANALYZE"))
                lines.append(f"{backend}: {opds:,} OPDs / {innovations:,} innovations generated "
                             f"in {time.perf_counter() - started:.1f} s")  # fmt: skip
                benches[backend] = Bench(backend, database, Path(folder))
            results: dict[str, dict[str, Measured]] = {b: {} for b in benches}
            for step in [*REPORTS, "csv", "xlsx"]:
                measured = await measure(benches, step, RUNS if step in REPORTS else 1)
                for backend, result in measured.items():
                    results[backend][step] = result
            lines.append("")
            lines.append(f"{'report':<28} {'SQLite':>9} {'PostgreSQL':>11} {'PG/SQLite':>10} "
                         f"{'statements':>10} {'peak MiB SQLite/PG':>19}")  # fmt: skip
            for step in REPORTS:
                lines.append(_row(step, results))
            lines.append("")
            for backend in benches:
                xlsx, csv = results[backend]["xlsx"], results[backend]["csv"]
                lines.append(
                    f"{backend:<10} xlsx {xlsx.seconds:6.1f} s, {xlsx.mib:5.1f} MiB peak, "
                    f"{xlsx.detail['bytes'] / 1e6:6.1f} MB in {xlsx.detail['parts']} part(s) "
                    f"(largest {xlsx.detail['largest'] / 1e6:.1f} MB) | csv {csv.seconds:6.1f} s, "
                    f"{csv.mib:5.1f} MiB peak, {csv.detail['bytes'] / 1e6:6.1f} MB | "
                    f"xlsx/csv {xlsx.seconds / csv.seconds:4.2f}"
                )
            if args.explain:
                for backend, bench in benches.items():
                    lines.append("")
                    lines.append(f"{backend}: plans at {innovations:,} innovations")
                    await explain(bench.database, lines)
        finally:
            for bench in benches.values():
                await bench.database.dispose()
            for drop in drops:
                await drop()
    return lines


def _row(step: str, results: dict[str, dict[str, Measured]]) -> str:
    sqlite = results.get("sqlite", {}).get(step)
    postgres = results.get("postgresql", {}).get(step)
    ratio = f"{postgres.seconds / sqlite.seconds:9.2f}x" if sqlite and postgres else f"{'-':>10}"
    first = sqlite or postgres
    assert first is not None
    memory = "/".join(f"{m.mib:.1f}" for m in (sqlite, postgres) if m)
    return (
        f"{NAMES[step]:<28} {_seconds(sqlite):>9} {_seconds(postgres):>11} {ratio} "
        f"{first.statements:>10} {memory:>19}"
    )


def _seconds(measured: Measured | None) -> str:
    return f"{measured.seconds:.3f} s" if measured else "-"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database", choices=["sqlite", "postgresql", "both"], default="both")
    parser.add_argument("--opds", type=int, default=1000)
    parser.add_argument("--innovations", type=int, default=100_000)
    parser.add_argument(
        "--answer-length", type=int, default=0, help="characters in each long answer"
    )
    parser.add_argument("--no-baseline", action="store_true", help="only the large size")
    parser.add_argument("--explain", action="store_true", help="print the query plans")
    parser.add_argument("--postgres", default="postgresql://postgres@127.0.0.1:5432/postgres")
    args = parser.parse_args()
    sizes = [(args.opds, args.innovations)]
    if not args.no_baseline:
        sizes.insert(0, (10, 1000))  # the baseline first, in the same run
    backends = ["sqlite", "postgresql"] if args.database == "both" else [args.database]
    print(f"Telegram part limit: {bot.reporting.export.PART_LIMIT / 1e6:.0f} MB", flush=True)
    for opds, innovations in sizes:
        print(f"\n== {opds:,} OPDs / {innovations:,} innovations", flush=True)
        for line in asyncio.run(bench_size(backends, opds, innovations, args)):
            print(line, flush=True)


if __name__ == "__main__":
    main()
