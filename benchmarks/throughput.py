"""Benchmark: P people walk the whole submission at once, through the real polling path.

The bot runs as in production: python-telegram-bot's Updater long-polls the in-process emulator
(getUpdates), puts the updates on the application's queue, and the application's update
processor runs them. Beside it, in the same run and given the same number of steps per person:

- a bare python-telegram-bot **echo bot** (one handler that replies with the text), and
- the **floor bot**: one handler that per update, in one SQLAlchemy async write transaction,
  reads the member by Telegram id, reads the conversation state, updates the draft's answer and
  version, updates the state and inserts an audit event, then replies once. No bot that stores
  every answer as it comes can do much better.

Both baselines process up to the same number of updates at once as the bot
(MAX_CONCURRENT_UPDATES, python-telegram-bot's SimpleUpdateProcessor). Printed per database:
updates per second of the three, the bot's ratio to each, the latency of a step (from the
person's message to the end of its processing) at p50 and p99, and the SQL statements and
commits per update. The bot runs twice: without a rate limiter and without Telegram's flood
limits (what the code costs), and with the shipped rate limiter against the emulator's flood
limits (what people feel at a deadline): then every innovation must be submitted, confirmed to
its clerk and announced in the coordinators' group, none twice.

With --one-at-a-time the floor bot and the bot take each step of the walk one person after the
other: what each step costs on the event loop (CPU and statements), with no one else waiting.

    .venv/bin/python benchmarks/throughput.py
    .venv/bin/python benchmarks/throughput.py --people 50 --database sqlite
    .venv/bin/python benchmarks/throughput.py --one-at-a-time
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import logging
import statistics
import sys
import tempfile
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import event, func, insert, select
from sqlalchemy import update as sql_update
from telegram import Update
from telegram.ext import (
    Application,
    ApplicationBuilder,
    MessageHandler,
    SimpleUpdateProcessor,
    filters,
)

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.support import NoLimiter, postgres_database
from bot.app import build_application, open_database
from bot.core.settings import load_settings
from bot.delivery.outbox import GROUP
from bot.delivery.schedules import Kind
from bot.runner import freeze_startup_objects
from bot.telegram.updates import ChatOrderedUpdateProcessor
from sandbox.emulator import SANDBOX_TOKEN, FloodLimits, TelegramEmulator, User
from sandbox.request import EmulatorRequest
from storage.database import Database
from storage.models import (
    ConversationState,
    Delivery,
    Event,
    Innovation,
    Member,
    Opd,
    Schedule,
    Status,
)

THRESHOLDS = gc.get_threshold()  # the collector's, before any run tunes it
CONCURRENT = 16  # the bot's default MAX_CONCURRENT_UPDATES, given to the baselines too
OPDS = 20

# The clerk's whole walk: 15 updates, typed and pressed as in the sandbox's tests.
WALK: list[tuple[str, str]] = [
    ("send", "/baru"),
    ("send", "Posyandu Digital Kecamatan {n}"),
    ("press", "⬜ Smart Living"),
    ("press", "Selesai"),
    ("press", "Ya"),
    ("press", "Uji coba"),
    ("press", "Digital"),
    ("send", "Pencatatan balita masih di buku; data gizi terlambat dua bulan."),
    ("send", "Kader mencatat di aplikasi; puskesmas melihat dasbor harian."),
    ("send", "Menurunkan stunting dengan data yang cepat."),
    ("send", "Ibu dan balita di 26 kecamatan; kader posyandu."),
    ("send", "17/08/2024"),
    ("press", "Lewati"),
    ("press", "Selesai"),
    ("press", "📤 Kirim"),
]


class TrackedProcessor(SimpleUpdateProcessor):
    """python-telegram-bot's own concurrent processor, telling when an update is done."""

    def __init__(self, limit: int) -> None:
        super().__init__(limit)
        self.on_done: Callable[[object], None] | None = None

    async def do_process_update(self, update: object, coroutine: Awaitable[Any]) -> None:
        try:
            await coroutine
        finally:
            if self.on_done is not None:
                self.on_done(update)


@dataclass
class Run:
    name: str
    updates: int = 0
    seconds: float = 0.0
    latencies: list[float] = field(default_factory=list)
    by_step: dict[int, list[float]] = field(default_factory=dict)
    statements: int = 0
    commits: int = 0
    cpu: float = 0.0  # the event loop's thread, during the walk
    errors: int = 0
    checks: str = ""
    step_cpu: dict[int, float] = field(default_factory=dict)  # one person at a time
    step_statements: dict[int, float] = field(default_factory=dict)

    @property
    def rate(self) -> float:
        return self.updates / self.seconds if self.seconds else 0.0

    def percentile(self, share: float) -> float:
        ordered = sorted(self.latencies)
        return ordered[min(len(ordered) - 1, int(share * len(ordered)))] if ordered else 0.0


class Counter:
    def __init__(self, database: Database) -> None:
        self.statements = 0
        self.commits = 0
        engine = database.engine.sync_engine
        event.listen(engine, "before_cursor_execute", self._statement)
        event.listen(engine, "commit", self._commit)

    def _statement(self, conn: Any, cursor: Any, statement: str, *args: Any) -> None:
        if not statement.lstrip().upper().startswith(("BEGIN", "PRAGMA")):
            self.statements += 1

    def _commit(self, conn: Any) -> None:
        self.commits += 1


async def seed(database: Database, users: list[User], *, drafts_too: bool) -> None:
    """OPDs, a staff member per person; for the floor bot, a draft and a state each. Every
    scheduled send switched off: the walk runs on the real clock, and a reminder round falling
    due (or caught up at start) would be measured as the walk's, on some hours only."""
    async with database.transaction() as session:
        await session.execute(
            insert(Schedule),
            [{"kind": kind.value, "enabled": False, "at": "08:00", "days": "1"} for kind in Kind],
        )
        await session.execute(
            insert(Opd), [{"code": f"OPD{i:02d}", "name": f"Dinas Nomor {i}"} for i in range(OPDS)]
        )
        opd_ids = list(await session.scalars(select(Opd.id).order_by(Opd.id)))
        await session.execute(
            insert(Member),
            [
                {"telegram_id": u.id, "full_name": u.full_name, "role": "staff",
                 "status": "active", "opd_id": opd_ids[i % OPDS]}
                for i, u in enumerate(users)
            ],
        )  # fmt: skip
        members = dict((await session.execute(select(Member.telegram_id, Member.id))).all())
        for i, user in enumerate(users if drafts_too else []):
            innovation = Innovation(
                opd_id=opd_ids[i % OPDS], submitter_id=members[user.id],
                title=f"Floor {i}", status=Status.DRAFT, pillars=[], attachments=[],
            )  # fmt: skip
            session.add(innovation)
            await session.flush()
            session.add(
                ConversationState(
                    name="floor", key=f"[{user.id},{user.id}]", state="problem",
                    data={"innovation_id": innovation.id, "version": 1},
                )
            )  # fmt: skip


ERRORS: list[BaseException] = []


async def count_error(update: object, context: Any) -> None:
    """A baseline's handler failed: counted (a baseline that fails is no baseline)."""
    ERRORS.append(context.error)


def baseline_application(
    emulator: TelegramEmulator, handler: Callable[[Update, Any], Awaitable[None]]
) -> Application:
    """A bare python-telegram-bot application with one text handler, polling the emulator."""
    application = (
        ApplicationBuilder()
        .token(SANDBOX_TOKEN)
        .request(EmulatorRequest(emulator))
        .get_updates_request(EmulatorRequest(emulator))
        .concurrent_updates(TrackedProcessor(CONCURRENT))
        .rate_limiter(NoLimiter())
        .build()
    )
    application.add_handler(MessageHandler(filters.TEXT, handler))
    application.add_error_handler(count_error)
    return application


def echo_application(emulator: TelegramEmulator) -> Application:
    async def echo(update: Update, context: Any) -> None:
        assert update.effective_message is not None
        await update.effective_message.reply_text(update.effective_message.text or "")

    return baseline_application(emulator, echo)


def floor_application(emulator: TelegramEmulator, database: Database) -> Application:
    async def store(update: Update, context: Any) -> None:
        message = update.effective_message
        user = update.effective_user
        assert message is not None and user is not None
        async with database.transaction() as session:
            member = await session.scalar(select(Member).where(Member.telegram_id == user.id))
            state = await session.scalar(
                select(ConversationState).where(
                    ConversationState.name == "floor",
                    ConversationState.key == f"[{user.id},{user.id}]",
                )
            )
            assert member is not None and state is not None
            innovation_id = int(state.data["innovation_id"])
            await session.execute(
                sql_update(Innovation)
                .where(Innovation.id == innovation_id)
                .values(problem=message.text, version=Innovation.version + 1)
            )
            state.data = {**state.data, "answered": (state.data.get("answered") or 0) + 1}
            state.state = "problem"
            session.add(
                Event(innovation_id=innovation_id, actor_id=member.id, kind="field_changed",
                      field="problem", new_value=message.text)
            )  # fmt: skip
        await message.reply_text("Tersimpan.")

    return baseline_application(emulator, store)


async def drive(
    application: Application,
    emulator: TelegramEmulator,
    users: list[User],
    walk: Callable[[int], list[tuple[str, str]]],
    run: Run,
    *,
    own_lifecycle: bool,
    counter: Counter,
    alone: bool = False,
) -> None:
    """Start `application` polling the emulator; every person walks at once (`alone`: one
    person at a time, step by step); stop."""
    processor = application.update_processor
    waiting: dict[int, asyncio.Future[None]] = {}

    def done(update: object) -> None:
        if isinstance(update, Update):
            future = waiting.pop(update.update_id, None)
            if future is not None and not future.done():
                future.set_result(None)

    processor.on_done = done  # type: ignore[attr-defined]
    await application.initialize()
    if own_lifecycle and application.post_init is not None:
        await application.post_init(application)
    await application.start()
    assert application.updater is not None
    await application.updater.start_polling(poll_interval=0.0, timeout=5)
    loop = asyncio.get_running_loop()
    if own_lifecycle:  # the start-up's own work (catch-up, menus) is not the walk's
        await application.bot_data.background.idle()
        await asyncio.sleep(1.0)  # the JobQueue's start-up jobs run in their own time
    counter.statements = counter.commits = 0
    freeze_startup_objects()  # as `inovasi-bot run` does, for every bot of the run alike

    async def one_step(number: int, user: User, step: int) -> None:
        kind, what = walk(number)[step]
        future = loop.create_future()
        started = time.perf_counter()
        if kind == "send":
            await emulator.send_text(user, what.format(n=number))
        else:
            await emulator.press(user, what)
        waiting[emulator.last_update_of[user.id]] = future
        await future
        run.latencies.append(time.perf_counter() - started)
        run.by_step.setdefault(step, []).append(run.latencies[-1])
        run.updates += 1

    async def person(number: int, user: User) -> None:
        for step in range(len(WALK)):
            await one_step(number, user, step)

    async def one_at_a_time() -> None:
        """Each step of the walk taken by everyone, one person after the other: what a step
        costs (the event loop's CPU, its statements), without waiting for anyone else."""
        for step in range(len(WALK)):
            cpu, statements = time.thread_time(), counter.statements
            for number, user in enumerate(users):
                await one_step(number, user, step)
            run.step_cpu[step] = (time.thread_time() - cpu) / len(users)
            run.step_statements[step] = (counter.statements - statements) / len(users)

    started, cpu = time.perf_counter(), time.thread_time()
    try:
        if alone:
            await one_at_a_time()
        else:
            await asyncio.gather(*(person(n, u) for n, u in enumerate(users)))
        run.seconds = time.perf_counter() - started
        run.cpu = time.thread_time() - cpu
        run.statements, run.commits = counter.statements, counter.commits
        if own_lifecycle:  # the group's notices, coalesced, go out after the walk
            await drained(application.bot_data.database)
    finally:
        await application.updater.stop()
        await application.stop()
        if own_lifecycle and application.post_stop is not None:
            await application.post_stop(application)
        await application.shutdown()
        if own_lifecycle and application.post_shutdown is not None:
            await application.post_shutdown(application)
        gc.unfreeze()  # the next run starts as this one did
        gc.set_threshold(*THRESHOLDS)


async def drained(database: Database, *, within: float = 180.0) -> None:
    """Until the outbox is empty (the last group batch waits for its gap) and nothing claimed
    is still being sent, or `within` s."""
    deadline = time.perf_counter() + within
    while time.perf_counter() < deadline:
        async with database.reading() as session:
            pending = await session.scalar(
                select(func.count())
                .select_from(Delivery)
                .where(Delivery.status.in_(("pending", "claimed")))
            )
        if not pending:
            return
        await asyncio.sleep(0.5)


async def one_run(
    kind: str, url: str, people: int, *, limited: bool = False, alone: bool = False
) -> Run:
    emulator = TelegramEmulator(flood_limits=FloodLimits() if limited else None)
    users = [emulator.add_user(f"Staf{i:04d}", last_name="Sumedang") for i in range(people)]
    for user in users:
        emulator.private_chat(user)
    group = emulator.add_group("Koordinator Smart City")
    settings = load_settings(
        bot_token=SANDBOX_TOKEN, database_url=url, coordinator_chat_id=group.id,
        max_concurrent_updates=CONCURRENT,
    )  # fmt: skip
    database = open_database(settings)  # pooled as the bot's own, for all three bots
    await database.upgrade()
    await seed(database, users, drafts_too=kind == "floor")
    counter = Counter(database)
    run = Run(
        {"echo": "echo bot", "floor": "floor bot", "bot": "Inovasi Bot"}[kind]
        + (" (rate limiter, flood limits)" if limited else "")
    )
    try:
        if kind == "echo":
            application = echo_application(emulator)
            walk = lambda n: [("send", f"pesan {i}") for i in range(len(WALK))]  # noqa: E731
        elif kind == "floor":
            application = floor_application(emulator, database)
            walk = lambda n: [("send", f"jawaban {i}") for i in range(len(WALK))]  # noqa: E731
        else:
            application = build_application(
                settings,
                request=EmulatorRequest(emulator),
                database=database,
                rate_limiter=None if limited else NoLimiter(),
                migrate=False,
            )
            walk = lambda n: WALK  # noqa: E731
        assert isinstance(
            application.update_processor, TrackedProcessor | ChatOrderedUpdateProcessor
        )
        await drive(
            application, emulator, users, walk, run,
            own_lifecycle=kind == "bot", counter=counter, alone=alone,
        )  # fmt: skip
        errors = sum(
            1 for u in users for m in emulator.messages(u.id)
            if m.from_bot and "terjadi kendala" in m.content
        )  # fmt: skip
        run.errors = errors + len(ERRORS)
        ERRORS.clear()
        if kind == "bot":
            run.checks = await verify(database, emulator, users, group.id)
    finally:
        await database.dispose()
    return run


async def verify(
    database: Database, emulator: TelegramEmulator, users: list[User], group: int
) -> str:
    """Every innovation submitted, its clerk thanked, the group told once about each."""
    async with database.reading() as session:
        submitted = await session.scalar(
            select(func.count())
            .select_from(Innovation)
            .where(Innovation.status == Status.SUBMITTED)
        )
        announced = await session.scalar(
            select(func.count())
            .select_from(Delivery)
            .where(Delivery.kind == GROUP, Delivery.status == "sent")
        )
    thanked = sum(
        1 for u in users if any("telah terkirim" in m.content for m in emulator.messages(u.id))
    )
    group_texts = "\n".join(m.content for m in emulator.messages(group))
    ids = [f"#{i} " for i in range(1, len(users) + 1)]
    told = [group_texts.count(i) for i in ids]
    return (
        f"submitted {submitted}/{len(users)}, thanked {thanked}, announced {announced} "
        f"(in {len([m for m in emulator.messages(group) if m.from_bot])} group messages, "
        f"missing {told.count(0)}, twice {sum(1 for t in told if t > 1)})"
    )


async def on(backend: str, admin_url: str, folder: Path, name: str):  # type: ignore[no-untyped-def]
    if backend == "sqlite":
        return f"sqlite+aiosqlite:///{folder / f'{name}.db'}", None
    return await postgres_database(admin_url)


def report(runs: dict[str, Run]) -> None:
    echo, floor = runs["echo"], runs["floor"]
    for key in ("echo", "floor", "bot", "limited"):
        run = runs.get(key)
        if run is None:
            continue
        ratios = ""
        if key in ("bot", "limited"):
            ratios = (
                f"  {run.rate / echo.rate:5.2f}× echo  {run.rate / floor.rate:5.2f}× floor"
                f"  p99 {run.percentile(0.99) / floor.percentile(0.99):4.2f}× floor's"
            )
        print(
            f"  {run.name:<46} {run.rate:7.1f} updates/s  p50 {run.percentile(0.5) * 1000:7.1f} ms"
            f"  p99 {run.percentile(0.99) * 1000:7.1f} ms  "
            f"{run.statements / max(run.updates, 1):5.1f} SQL/update  "
            f"{run.commits / max(run.updates, 1):4.2f} commits/update  "
            f"CPU {run.cpu / max(run.updates, 1) * 1000:4.1f} ms/update  "
            f"errors {run.errors}{ratios}"
        )
        if run.checks:
            print(f"  {'':<46} {run.checks}")
        if key in ("bot", "limited") and run.by_step:
            steps = "  ".join(
                f"{step + 1}:{statistics.median(times) * 1000:.0f}"
                for step, times in sorted(run.by_step.items())
            )
            print(f"  {'':<46} median ms per step of the walk: {steps}")


def report_alone(runs: dict[str, Run]) -> None:
    floor, bot = runs["floor"], runs["bot"]
    print(f"  {'step':<24} {'floor bot':>22} {'Inovasi Bot':>22} {'CPU of the floor':>17}")
    for step, (_kind, what) in enumerate(WALK):
        name = f"{step + 1:2d} {what.format(n='')[:20]}"
        cells = [
            f"{run.step_cpu[step] * 1000:8.2f} ms, {run.step_statements[step]:4.1f} SQL"
            for run in (floor, bot)
        ]
        ratio = bot.step_cpu[step] / floor.step_cpu[step]
        print(f"  {name:<24} {cells[0]} {cells[1]} {ratio:16.2f}×")
    total_floor, total_bot = sum(floor.step_cpu.values()), sum(bot.step_cpu.values())
    print(
        f"  {'the whole walk':<24} {total_floor * 1000:8.2f} ms{'':9} {total_bot * 1000:8.2f} ms"
        f"{'':9} {total_bot / total_floor:16.2f}×"
    )


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=200)
    parser.add_argument("--database", choices=["sqlite", "postgresql", "both"], default="both")
    parser.add_argument("--postgres", default="postgresql://postgres@127.0.0.1:5432/postgres")
    parser.add_argument("--skip-limited", action="store_true", help="no run with the limiter")
    parser.add_argument(
        "--one-at-a-time", action="store_true",
        help="the floor bot and the bot only, each step taken by one person after the other: "
        "the CPU and statements of each step",
    )  # fmt: skip
    options = parser.parse_args()
    logging.basicConfig(level=logging.CRITICAL)
    backends = ["sqlite", "postgresql"] if options.database == "both" else [options.database]
    at_once = "one at a time" if options.one_at_a_time else f"{CONCURRENT} updates at once"
    print(f"{options.people} people, {len(WALK)} steps each, {at_once}")
    with tempfile.TemporaryDirectory() as folder:
        for backend in backends:
            print(f"{backend}:")
            runs: dict[str, Run] = {}
            plan = [("echo", "echo", False), ("floor", "floor", False), ("bot", "bot", False)]
            if options.one_at_a_time:
                plan = plan[1:]
            elif not options.skip_limited:
                plan.append(("limited", "bot", True))
            for key, kind, limited in plan:
                url, drop = await on(backend, options.postgres, Path(folder), key)
                try:
                    runs[key] = await one_run(
                        kind, url, options.people, limited=limited, alone=options.one_at_a_time
                    )
                finally:
                    if drop is not None:
                        await drop()
            (report_alone if options.one_at_a_time else report)(runs)


if __name__ == "__main__":
    asyncio.run(main())
