"""Benchmark of the monthly leaders' report, on SQLite and PostgreSQL in one run.

Generates OPDs and innovations (about half approved, each with one to three pillars, its
approval's evaluation within the last year), one or two answered check-ins per approved
innovation and the seeded benefit measures' values on most of them, with plain INSERTs. Then
builds the leaders' report (`build_leaders`, its statements) and renders it (the leaders'
message and every OPD's), each the median of several runs, beside a baseline of the same weight
on the same data in the same run: the daily summary's `build_summary` (/rekap's statements).
Printed: the statements, the time spent in the database (the statements' own time, as the
driver returns them), the whole build, and the render. The target: the report's queries under
a second at 1,000 OPDs / 100,000 innovations.

    .venv/bin/python benchmarks/leaders.py
    .venv/bin/python benchmarks/leaders.py --database sqlite --opds 200 --innovations 20000
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
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import event, insert, select, text

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.support import postgres_database
from bot.core.texts import Catalog
from bot.reporting.leaders import build_leaders, render_leaders, render_opd
from bot.reporting.reports import build_summary, render_summary
from storage.benefits import BenefitMeasure, CheckinMeasure
from storage.database import Database
from storage.models import (
    Checkin,
    Evaluation,
    Innovation,
    Opd,
    Pillar,
    innovation_pillar,
    searchable,
)

STATUSES = ["approved"] * 5 + ["submitted", "in_review", "draft", "revision_requested", "rejected"]
ANSWERS = ["running"] * 7 + ["developing"] * 2 + ["stopped"]
ZONE = ZoneInfo("Asia/Jakarta")
NOW = datetime(2026, 12, 3, 2, 0, tzinfo=UTC)  # the 3rd, 09.00 WIB: November's report
MONTH = date(2026, 11, 1)
REPEATS = 5
BATCH = 5000
STATEMENT_SHOWN = 72  # characters of a statement printed beside its time


async def generate(database: Database, opds: int, innovations: int) -> dict[str, int]:
    """The data; how many rows of each kind."""
    rng = random.Random(2026)
    async with database.transaction() as session:
        await session.execute(
            insert(Opd),
            [{"code": f"OPD{i:04d}", "name": f"Dinas {i:04d}", "search_name": f"dinas {i:04d}"}
             for i in range(opds)],
        )  # fmt: skip
        opd_ids = list(await session.scalars(select(Opd.id)))
        pillar_ids = list(await session.scalars(select(Pillar.id)))
        measures = list(await session.scalars(select(BenefitMeasure.id)))
    counted = {"innovations": 0, "approved": 0, "check-ins": 0, "values": 0}
    for first in range(0, innovations, BATCH):
        rows = []
        for number in range(first, min(first + BATCH, innovations)):
            title = f"Inovasi {number}"
            rows.append({
                "opd_id": rng.choice(opd_ids), "title": title, "status": rng.choice(STATUSES),
                "quick_win": rng.random() < 0.4,
                "stage": rng.choice(["inisiatif", "uji_coba", "penerapan"]),
                "kind": rng.choice(["digital", "non_digital"]), "problem": "Masalah.",
                "solution": "Solusi.", "goal": "Tujuan.", "benefit": "Manfaat.",
                "start_date": date(2024, 1, 1) + timedelta(days=number % 700),
                "submitted_at": NOW - timedelta(days=400, minutes=number),
                "search_text": searchable(title, "Masalah.", "Solusi."), "version": 1,
            })  # fmt: skip
        async with database.transaction() as session:
            ids = list(await session.scalars(insert(Innovation).returning(Innovation.id), rows))
            await session.execute(insert(innovation_pillar), [
                {"innovation_id": innovation_id, "pillar_id": pillar_id}
                for innovation_id in ids for pillar_id in rng.sample(pillar_ids, rng.randint(1, 3))
            ])  # fmt: skip
            approved = [i for i, row in zip(ids, rows, strict=True) if row["status"] == "approved"]
            await session.execute(insert(Evaluation), [
                {"innovation_id": i, "verdict": "approved",
                 "created_at": NOW - timedelta(days=rng.randint(1, 365))}
                for i in approved
            ])  # fmt: skip
            checkins = []
            for innovation_id in approved:
                for round_ in range(1, rng.randint(1, 2) + 1):
                    answered = NOW - timedelta(days=rng.randint(1, 200))
                    checkins.append({
                        "innovation_id": innovation_id, "round": round_, "status": "answered",
                        "answer": rng.choice(ANSWERS), "asked_at": answered - timedelta(days=1),
                        "answered_at": answered, "served": rng.randint(0, 500),
                    })  # fmt: skip
            checkin_ids = list(
                await session.scalars(insert(Checkin).returning(Checkin.id), checkins)
            )
            values = [
                {"checkin_id": checkin_id, "measure_id": measure_id,
                 "value": rng.randint(0, 10_000 if n == 0 else 5_000_000)}
                for checkin_id in checkin_ids if rng.random() < 0.7
                for n, measure_id in enumerate(measures) if rng.random() < 0.8
            ]  # fmt: skip
            if values:
                await session.execute(insert(CheckinMeasure), values)
        counted["innovations"] += len(ids)
        counted["approved"] += len(approved)
        counted["check-ins"] += len(checkin_ids)
        counted["values"] += len(values)
    return counted


class Timer:
    """The statements sent and the time the driver took for them."""

    def __init__(self, database: Database) -> None:
        self.engine = database.engine.sync_engine
        self.statements = 0
        self.seconds = 0.0
        self.each: list[tuple[str, float]] = []  # each statement's opening and time
        self._started: list[float] = []

    def before(self, *args: Any) -> None:
        self._started.append(time.perf_counter())

    def after(self, conn: Any, cursor: Any, statement: str, *args: Any) -> None:
        took = time.perf_counter() - self._started.pop()
        self.seconds += took
        # SQLite's BEGIN is sent by us, PostgreSQL's is implicit: left out of the count.
        if not statement.lstrip().upper().startswith("BEGIN"):
            self.statements += 1
            self.each.append((" ".join(statement.split())[:STATEMENT_SHOWN], took))

    def __enter__(self) -> Timer:
        event.listen(self.engine, "before_cursor_execute", self.before)
        event.listen(self.engine, "after_cursor_execute", self.after)
        return self

    def __exit__(self, *args: Any) -> None:
        event.remove(self.engine, "before_cursor_execute", self.before)
        event.remove(self.engine, "after_cursor_execute", self.after)


async def timed(database: Database, build: Callable[[Any], Awaitable[Any]]) -> tuple[Any, ...]:
    """One build in a reading session: (result, statements, seconds in SQL, seconds in all,
    each statement's time)."""
    async with database.reading() as session:
        with Timer(database) as timer:
            started = time.perf_counter()
            result = await build(session)
            whole = time.perf_counter() - started
    return result, timer.statements, timer.seconds, whole, timer.each


async def bench(url: str, opds: int, innovations: int) -> dict[str, Any]:
    database = Database(url)
    await database.upgrade()
    texts = Catalog()
    try:
        started = time.perf_counter()
        counted = await generate(database, opds, innovations)
        print(f"  {opds:,} OPDs / {innovations:,} innovations generated in "
              f"{time.perf_counter() - started:.0f} s: {counted}", flush=True)  # fmt: skip
        if database.url.get_backend_name() == "postgresql":
            async with database.engine.connect() as plain:
                connection = await plain.execution_options(isolation_level="AUTOCOMMIT")
                await connection.execute(text("VACUUM ANALYZE"))
        runs: dict[str, list[tuple[Any, ...]]] = {"leaders": [], "summary": []}
        renders: list[float] = []
        for _ in range(REPEATS):  # the report and the baseline taking turns
            report, *figures = await timed(
                database, lambda s: build_leaders(s, MONTH, NOW.astimezone(ZONE), NOW.date())
            )
            runs["leaders"].append(tuple(figures))
            summary, *figures = await timed(database, build_summary)
            runs["summary"].append(tuple(figures))
            started = time.perf_counter()
            message = render_leaders(texts, "id", report)
            for line in report.ranked + report.without:
                render_opd(texts, "id", report, line)
            renders.append(time.perf_counter() - started)
            render_summary(texts, "id", summary)
        assert "📈" in message, "no benefit line"
        return {
            name: (rows[0][0], statistics.median(r[1] for r in rows),
                   statistics.median(r[2] for r in rows))
            for name, rows in runs.items()
        } | {"render": statistics.median(renders), "opds": report.opd_count,
             "length": len(message), "each": [
                 (shown, statistics.median(run[3][n][1] for run in runs["leaders"]))
                 for n, (shown, _) in enumerate(runs["leaders"][0][3])
             ]}  # fmt: skip
    finally:
        await database.dispose()


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database", choices=["sqlite", "postgresql", "both"], default="both")
    parser.add_argument("--postgres", default="postgresql://postgres@127.0.0.1:5432/postgres")
    parser.add_argument("--opds", type=int, default=1000)
    parser.add_argument("--innovations", type=int, default=100_000)
    options = parser.parse_args()
    logging.basicConfig(level=logging.CRITICAL)
    backends = ["sqlite", "postgresql"] if options.database == "both" else [options.database]
    for backend in backends:
        with tempfile.TemporaryDirectory() as folder:
            drop = None
            if backend == "sqlite":
                url = f"sqlite+aiosqlite:///{folder}/leaders.db"
            else:
                url, drop = await postgres_database(options.postgres)
            print(backend, flush=True)
            try:
                found = await bench(url, options.opds, options.innovations)
            finally:
                if drop is not None:
                    await drop()
        print(f"  median of {REPEATS}: statements, ms in SQL, ms in all")
        for name, label in (("leaders", "leaders' report (build_leaders)"),
                            ("summary", "baseline: daily summary (build_summary)")):  # fmt: skip
            statements, sql, whole = found[name]
            print(f"  {label:<42}{statements:>4}{sql * 1000:9.0f}{whole * 1000:9.0f}")
        print("  the leaders' report's statements, median ms:")
        for shown, took in found["each"]:
            print(f"    {took * 1000:6.0f}  {shown}")
        render, length = found["render"] * 1000, found["length"]
        print(f"  render: the leaders' message and {found['opds']:,} OPDs' messages: "
              f"{render:.0f} ms (the leaders' {length} characters)")  # fmt: skip


if __name__ == "__main__":
    asyncio.run(main())
