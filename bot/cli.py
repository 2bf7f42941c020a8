"""The `inovasi-bot` command line.

Exit codes: 0 done; 1 the operation failed (bad file, database unreachable); 2 bad usage or
configuration. Every failure is one line on stderr, never a traceback.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import logging
import os
import signal
import sys
from collections.abc import Callable, Coroutine, Sequence
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any, NoReturn

from sqlalchemy import select
from sqlalchemy.engine import make_url
from sqlalchemy.exc import SQLAlchemyError

from bot import __version__
from bot.core.clock import Clock
from bot.core.failures import EXIT_USAGE, CliError, describe_database_error
from bot.core.settings import Settings, SettingsError, load_settings
from bot.innovations.opd_csv import OpdCsvError, normalise_code, parse_opd_csv
from storage.database import Database, StorageError
from storage.models import Role
from storage.repositories import InviteRepository, OpdRepository

logger = logging.getLogger(__name__)


def _positive(value: str) -> int:
    try:
        number = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f'"{value}" is not a whole number') from None
    if number <= 0:
        raise argparse.ArgumentTypeError(f"must be at least 1, not {number}")
    return number


async def _with_database(
    settings: Settings, work: Callable[[Database, list[str]], Coroutine[Any, Any, int]]
) -> int:
    """Open the database, bring it up to date, run `work`, close it; errors become one line."""
    database = None
    try:
        database = Database(settings.database_url)
        applied = await database.upgrade()
        return await work(database, applied)
    except BrokenPipeError:  # the reader went away (`| head`): not the database's fault
        raise
    except StorageError as exc:
        raise CliError(f"DATABASE_URL: {exc}") from None
    except (SQLAlchemyError, OSError) as exc:
        raise CliError(describe_database_error(settings, exc)) from None
    finally:
        if database is not None:
            await database.dispose()


# --- commands ----------------------------------------------------------------------------


def cmd_db_upgrade(settings: Settings, args: argparse.Namespace) -> int:
    async def work(database: Database, applied: list[str]) -> int:
        if applied:
            print(f"Applied migrations: {', '.join(applied)}.")
        else:
            print("The database is up to date; nothing to do.")
        return 0

    return asyncio.run(_with_database(settings, work))


def _size(count: int) -> str:
    for unit in ("bytes", "KB", "MB", "GB"):
        if count < 1024 or unit == "GB":
            return f"{count} {unit}" if unit == "bytes" else f"{count:.1f} {unit}"
        count /= 1024  # type: ignore[assignment]
    return str(count)


def _maintenance(settings: Settings, work: Coroutine[Any, Any, int]) -> int:
    """Run a backup, restore or copy; its failures become one line (exit code 1)."""
    from bot.operations.backup import BackupError

    try:
        return asyncio.run(work)
    except BrokenPipeError:
        raise
    except BackupError as exc:
        raise CliError(str(exc)) from None
    except StorageError as exc:
        raise CliError(f"DATABASE_URL: {exc}") from None
    except (SQLAlchemyError, OSError) as exc:
        raise CliError(describe_database_error(settings, exc)) from None


def cmd_db_backup(settings: Settings, args: argparse.Namespace) -> int:
    from bot.innovations.evidence import EvidenceStore
    from bot.operations.backup import backup

    async def work() -> int:
        output = Path(args.file)
        report = await backup(
            settings.database_url, EvidenceStore(settings.evidence_dir), output, force=args.force
        )
        manifest = report.manifest
        rows = sum(count for name, count in manifest.tables.items() if name != "alembic_version")
        print(
            f"Backed up {rows} rows and {len(manifest.evidence)} evidence files to {output} "
            f"({_size(report.size)}): one archive with the database and the evidence store."
        )
        return 0

    return _maintenance(settings, work())


def cmd_db_restore(settings: Settings, args: argparse.Namespace) -> int:
    from bot.innovations.evidence import EvidenceStore
    from bot.operations.backup import restore

    async def work() -> int:
        path = Path(args.file)
        report = await restore(
            settings.database_url, EvidenceStore(settings.evidence_dir), path, force=args.force
        )
        manifest = report.manifest
        rows = sum(count for name, count in manifest.tables.items() if name != "alembic_version")
        print(
            f"Restored {path} (taken {manifest.created_at or 'at an unknown time'}): "
            f"{rows} rows and {len(manifest.evidence)} evidence files."
        )
        if report.applied:
            print(f"Applied migrations: {', '.join(report.applied)}.")
        return 0

    return _maintenance(settings, work())


def cmd_db_copy(settings: Settings, args: argparse.Namespace) -> int:
    from pydantic_core import PydanticCustomError

    from bot.core.settings import normalise_database_url
    from bot.operations.dbcopy import copy_database

    try:
        target = normalise_database_url(args.to)
    except PydanticCustomError as exc:
        raise CliError(f"--to: {exc.message()}", EXIT_USAGE) from None
    shown = make_url(target).render_as_string(hide_password=True)

    async def work() -> int:
        copied = await copy_database(settings.database_url, target)
        print(
            f"Copied {copied.rows} rows of {len(copied.tables)} tables to {shown}; the counts "
            "match. Set DATABASE_URL to it and restart the bot (EVIDENCE_DIR stays as it is)."
        )
        return 0

    return _maintenance(settings, work())


def _read_csv(path: Path) -> bytes:
    """A CSV file's bytes, or one line saying why it cannot be read."""
    try:
        return path.read_bytes()
    except FileNotFoundError:
        raise CliError(f"{path}: no such file") from None
    except IsADirectoryError:
        raise CliError(f"{path}: is a folder, not a CSV file") from None
    except OSError as exc:
        raise CliError(f"{path}: cannot read it: {exc.strerror}") from None


def _nothing_imported(path: Path, problems: list[str]) -> CliError:
    """Every problem of a refused file on stderr, and the line the command ends with."""
    for problem in problems:
        print(f"{path}: {problem}", file=sys.stderr)
    count = len(problems)
    return CliError(f"{path}: nothing imported ({count} problem{'s' if count != 1 else ''})")


def _rows_refused(path: Path, problems: list[Any]) -> CliError:
    """A refused CSV's problems (each with its line and catalog key), in English."""
    from bot.core.texts import Catalog, plain

    texts = Catalog()
    return _nothing_imported(path, [
        (f"line {p.line}: " if p.line else "") + plain(texts.text("en", p.key, **p.arguments))
        for p in problems
    ])  # fmt: skip


def cmd_opd_import(settings: Settings, args: argparse.Namespace) -> int:
    path = Path(args.file)
    data = _read_csv(path)
    try:
        rows = parse_opd_csv(data)
    except OpdCsvError as exc:
        raise _nothing_imported(path, exc.problems) from None

    async def work(database: Database, applied: list[str]) -> int:
        async with database.transaction() as session:
            result = await OpdRepository(session).upsert(
                (row.code, row.name, row.expected) for row in rows
            )
        print(
            f"Imported {len(rows)} OPDs from {path}: {result.created} new, "
            f"{result.updated} changed, {result.unchanged} unchanged."
        )
        return 0

    return asyncio.run(_with_database(settings, work))


def cmd_opd_list(settings: Settings, args: argparse.Namespace) -> int:
    async def work(database: Database, applied: list[str]) -> int:
        async with database.transaction() as session:
            opds = await OpdRepository(session).list()
        if not opds:
            print("No OPDs yet. Import them with: inovasi-bot opd import data/opd_sample.csv")
            return 0
        width = max(len(opd.code) for opd in opds)
        for opd in opds:
            flags = [] if opd.active else ["inactive"]
            flags += [] if opd.expected else ["not expected to submit"]
            flag = f"  ({', '.join(flags)})" if flags else ""
            print(f"{opd.code:<{width}}  {opd.name}{flag}")
        print(f"{len(opds)} OPDs.")
        return 0

    return asyncio.run(_with_database(settings, work))


def cmd_iid_import(settings: Settings, args: argparse.Namespace) -> int:
    """Replace the IID indicators (weights, levels) with a CSV's: all or nothing."""
    from bot.iid.record import IidCsvError, parse_indicator_csv, replace_indicators

    path = Path(args.file)
    try:
        rows = parse_indicator_csv(_read_csv(path))
    except IidCsvError as exc:
        raise _rows_refused(path, exc.problems) from None

    async def work(database: Database, applied: list[str]) -> int:
        async with database.transaction() as session:
            imported, retired = await replace_indicators(session, rows)
        print(f"Imported {imported} IID indicators from {path}; {retired} made inactive.")
        return 0

    return asyncio.run(_with_database(settings, work))


def cmd_iid_list(settings: Settings, args: argparse.Namespace) -> int:
    """The active IID indicators as the CSV the import reads."""
    from bot.iid.record import active_indicators, indicators_csv

    async def work(database: Database, applied: list[str]) -> int:
        async with database.transaction() as session:
            indicators = await active_indicators(session)
        sys.stdout.write(indicators_csv(indicators).decode("utf-8-sig"))
        return 0

    return asyncio.run(_with_database(settings, work))


def cmd_benefit_import(settings: Settings, args: argparse.Namespace) -> int:
    """Replace the benefit measures with a CSV's: all or nothing."""
    from bot.monitoring.benefit_csv import BenefitCsvError, parse_measure_csv, replace_measures

    path = Path(args.file)
    try:
        rows = parse_measure_csv(_read_csv(path))
    except BenefitCsvError as exc:
        raise _rows_refused(path, exc.problems) from None

    async def work(database: Database, applied: list[str]) -> int:
        async with database.transaction() as session:
            imported, retired = await replace_measures(session, rows)
        print(f"Imported {imported} benefit measures from {path}; {retired} retired.")
        return 0

    return asyncio.run(_with_database(settings, work))


def cmd_benefit_list(settings: Settings, args: argparse.Namespace) -> int:
    """The active benefit measures as the CSV the import reads."""
    from bot.monitoring.benefit_csv import measures_csv
    from bot.monitoring.benefits import active_measures

    async def work(database: Database, applied: list[str]) -> int:
        async with database.transaction() as session:
            measures = await active_measures(session)
        sys.stdout.write(measures_csv(measures).decode("utf-8-sig"))
        return 0

    return asyncio.run(_with_database(settings, work))


def cmd_innovation_import(settings: Settings, args: argparse.Namespace) -> int:
    """Load innovations that already exist (the backlog) from an xlsx or CSV file: every row
    checked first, then all written in one transaction, or nothing."""
    return _import_file(settings, args, plans=False)


def cmd_plan_import(settings: Settings, args: argparse.Namespace) -> int:
    """Load the OPDs' action plans from an xlsx or CSV file, by the same rules."""
    return _import_file(settings, args, plans=True)


def _import_file(settings: Settings, args: argparse.Namespace, *, plans: bool) -> int:
    from bot.core.texts import Catalog
    from bot.plans import backlog, plan_import
    from bot.plans.table import TableError, read_table

    path = Path(args.file)
    texts = Catalog()
    try:  # the file's size and shape are checked before the database is opened
        table = read_table(path)
    except TableError as exc:
        raise CliError(f"{path}: {exc.english(texts)}") from None
    by = args.by or backlog.COMMAND_LINE
    what = "plan entries" if plans else "innovations"

    async def work(database: Database, applied: list[str]) -> int:
        today = datetime.now(settings.tzinfo).date()
        async with database.transaction() as session:
            report: Any
            if plans:
                report = await plan_import.import_table(
                    session, table, texts, file_name=path.name, by=by,
                    dry_run=args.dry_run, skip_bad=args.skip_bad,
                )  # fmt: skip
            else:
                report = await backlog.import_table(
                    session, table, texts, file_name=path.name, by=by, today=today,
                    dry_run=args.dry_run, skip_bad=args.skip_bad,
                )  # fmt: skip
        parsed = report.parsed
        read = f"{len(table.rows)} rows read"
        read += f" ({table.encoding})" if table.encoding else ""
        if table.title_rows:
            read += f", title rows {_numbers(table.title_rows)} above the header skipped"
        if table.blank_rows:
            read += f", blank rows {_numbers(table.blank_rows)} skipped"
        if report.outcome is None:
            raise _nothing_imported(path, [p.english(texts) for p in parsed.problems])
        for problem in parsed.problems:
            print(f"{path}: skipped {problem.english(texts)}", file=sys.stderr)
        outcome = report.outcome
        verb = "would be" if args.dry_run else "were"
        print(
            f"{path}: {read}; {outcome.created} new, {outcome.updated} changed, "
            f"{outcome.unchanged} unchanged {what} {verb} imported."
        )
        if parsed.bad_rows:
            print(f"Skipped {len(parsed.bad_rows)} bad rows: {_numbers(parsed.bad_rows)}.")
        if getattr(parsed, "left", None):
            print(f"Columns not imported (the export's own): {', '.join(parsed.left)}.")
        if args.dry_run:
            print("Dry run: nothing was written.")
        return 0

    return asyncio.run(_with_database(settings, work))


def _numbers(numbers: list[int], most: int = 20) -> str:
    shown = ", ".join(str(n) for n in numbers[:most])
    return shown + (f" and {len(numbers) - most} more" if len(numbers) > most else "")


def cmd_innovation_template(settings: Settings, args: argparse.Namespace) -> int:
    """The import's template: the form's columns, an example row, the OPDs and pillars."""
    return _write_template(settings, args, plans=False)


def cmd_plan_template(settings: Settings, args: argparse.Namespace) -> int:
    """The plan import's template: its columns, an example row, the OPDs, pillars, stages."""
    return _write_template(settings, args, plans=True)


def _write_template(settings: Settings, args: argparse.Namespace, *, plans: bool) -> int:
    from bot.core.texts import Catalog
    from bot.plans import backlog, plan_import
    from storage.models import Pillar

    output = Path(args.output)

    async def work(database: Database, applied: list[str]) -> int:
        async with database.transaction() as session:
            opds = await OpdRepository(session).list()
            pillars = list(await session.scalars(select(Pillar).order_by(Pillar.position)))
        try:
            if plans:
                today = datetime.now(settings.tzinfo).date()
                plan_import.write_template(output, Catalog(), args.lang, opds, pillars, today)
            else:
                backlog.write_template(output, Catalog(), args.lang, opds, pillars)
        except OSError as exc:
            raise CliError(f"{output}: cannot write it: {exc.strerror}") from None
        print(
            f"Wrote the import's template to {output}: its columns, one example row, and "
            f"{len(opds)} OPDs and {len(pillars)} pillars it accepts."
        )
        return 0

    return asyncio.run(_with_database(settings, work))


DEFAULT_USES = {Role.STAFF: 30, Role.COORDINATOR: 1, Role.ADMIN: 1}
DEFAULT_DAYS = 14


def invite_link(settings: Settings, code: str) -> str:
    username = settings.bot_username or "<bot_username>"
    return f"https://t.me/{username}?start={code}"


def cmd_invite_create(settings: Settings, args: argparse.Namespace) -> int:
    role = Role(args.role)
    uses = args.uses if args.uses is not None else DEFAULT_USES[role]
    days = args.days if args.days is not None else DEFAULT_DAYS
    code = normalise_code(args.opd)

    async def work(database: Database, applied: list[str]) -> int:
        expires_at = Clock().now() + timedelta(days=days)
        async with database.transaction() as session:
            opd = await OpdRepository(session).get_by_code(code)
            if opd is None:
                raise CliError(f"--opd: no OPD with code {code} (see: inovasi-bot opd list)")
            if not opd.active:
                raise CliError(f"--opd: {code} is inactive")
            invite = await InviteRepository(session).create(
                opd_id=opd.id, role=role, max_uses=uses, expires_at=expires_at
            )
        local = expires_at.astimezone(settings.tzinfo)
        print(f"Invite code: {invite.code}")
        print(f"Link: {invite_link(settings, invite.code)}")
        print(
            f"For {opd.code} ({opd.name}) as {role.value}; {uses} use{'s' if uses != 1 else ''}; "
            f"valid until {local:%d/%m/%Y %H.%M} ({settings.timezone})."
        )
        if settings.bot_username is None:
            print("Set BOT_USERNAME in .env to print the bot's name in the link.")
        return 0

    return asyncio.run(_with_database(settings, work))


def cmd_summary(settings: Settings, args: argparse.Namespace) -> int:
    from datetime import UTC, datetime

    from bot.core.texts import Catalog, plain
    from bot.delivery.summary import compose_daily

    async def work(database: Database, applied: list[str]) -> int:
        catalog = Catalog(default=settings.default_language)
        local = datetime.now(UTC).astimezone(settings.tzinfo)
        text, _ = await compose_daily(database, catalog, settings.default_language, local)
        print(plain(text))
        return 0

    return asyncio.run(_with_database(settings, work))


def cmd_dashboard(settings: Settings, args: argparse.Namespace) -> int:
    """The web dashboard alone (a second machine, say): no bot, no scheduler, no sends."""
    from bot.core.texts import Catalog
    from bot.core.webserver import DashboardServer
    from web.app import build_dashboard

    port = args.port or settings.dashboard_port or 8080

    async def work(database: Database, applied: list[str]) -> int:
        app = build_dashboard(
            settings, database, Catalog(default=settings.default_language),
            public=settings.dashboard_public,
        )  # fmt: skip
        server = DashboardServer(app, settings.dashboard_listen, port)
        try:
            await server.start()
        except OSError as exc:
            raise CliError(f"DASHBOARD_PORT: cannot listen on {port}: {exc}") from None
        # Ctrl+C or a service manager's stop, taken from before the line that says it is up
        # (also when SIGINT came ignored from a parent: a script's `&`, nohup).
        stopping = asyncio.Event()

        def stop() -> None:
            if stopping.is_set():
                server.hurry()  # a second one: no more waiting for open connections
            stopping.set()

        loop = asyncio.get_running_loop()
        for number in (signal.SIGINT, signal.SIGTERM):
            with contextlib.suppress(NotImplementedError, RuntimeError):  # not the main thread
                loop.add_signal_handler(number, stop)
        print(f"Dashboard on {server.address} (Ctrl+C to stop)", flush=True)
        try:
            await stopping.wait()
        finally:
            await server.stop()
        return 0

    try:
        return asyncio.run(_with_database(settings, work))
    except KeyboardInterrupt:
        return 0


def _export_window(settings: Settings, args: argparse.Namespace) -> Any:
    """--from/--to as a window of submission dates (the same words as /ekspor takes)."""
    from bot.innovations.rules import Invalid
    from bot.reporting.export import parse_window

    if not args.date_from and not args.date_to:
        return None
    today = datetime.now(settings.tzinfo).date()
    text = " / ".join(value for value in (args.date_from, args.date_to) if value)
    try:
        return parse_window(
            f"{args.date_from or '1/1/1945'} s/d {args.date_to or 'hari ini'}", today
        )
    except Invalid as exc:
        reasons = {
            "exp-window-reversed": f"--from {args.date_from} is after --to {args.date_to}",
            "exp-window-future": f"--from {args.date_from} is after today ({today:%d/%m/%Y})",
        }
        raise CliError(
            reasons.get(
                exc.key,
                f"--from/--to: {text} is not a date "
                '(e.g. 2026-10-01, 1/10/2026, "Oktober 2026", 2026, kemarin)',
            ),
            EXIT_USAGE,
        ) from None


def cmd_export(settings: Settings, args: argparse.Namespace) -> int:
    from bot.core.texts import Catalog
    from bot.reporting.export import ExportFilter, write_csv, write_xlsx
    from conversations.export import disk_full, status_named

    catalog = Catalog(default=settings.default_language)
    lang = settings.default_language
    status = None
    if args.status:
        status = status_named(catalog, args.status)
        if status is None:
            raise CliError(f"--status: unknown status {args.status!r}", EXIT_USAGE)
    window = _export_window(settings, args)
    output = Path(args.output)
    if output.parent and not output.parent.exists():
        raise CliError(f"-o: the folder {output.parent} does not exist")

    started = False

    async def work(database: Database, applied: list[str]) -> int:
        nonlocal started
        code = normalise_code(args.opd) if args.opd else None
        async with database.reading() as session:
            if code and await OpdRepository(session).get_by_code(code) is None:
                raise CliError(f"--opd: no OPD with code {code}")
            filters = ExportFilter(opd_code=code, status=status, window=window)
            if args.with_files:
                return await _export_with_files(settings, args, session, output, filters)
            started = True
            try:
                if args.format == "xlsx":
                    count = await write_xlsx(session, str(output), catalog, lang,
                                             settings.tzinfo, filters)  # fmt: skip
                else:
                    # This process does nothing else meanwhile: a blocking file is fine here.
                    with open(output, "w", encoding="utf-8-sig", newline="") as target:  # noqa: ASYNC230
                        count = await write_csv(
                            session, target, catalog, lang, settings.tzinfo, filters
                        )
            except OSError as exc:
                if disk_full(exc):
                    raise CliError(
                        f"-o: the disk is full: {output} could not be written (removed)"
                    ) from None
                raise CliError(f"-o: cannot write {output}: {exc.strerror or exc}") from None
        print(f"Wrote {count} innovations to {output}.")
        return 0

    try:
        return asyncio.run(_with_database(settings, work))
    except BaseException:
        if started:  # never a half-written file left behind
            output.unlink(missing_ok=True)
        raise


async def _export_with_files(
    settings: Settings, args: argparse.Namespace, session: Any, output: Path, filters: Any
) -> int:
    from bot.core.texts import Catalog
    from bot.innovations.evidence import EvidenceStore
    from bot.reporting.export_files import LISTING, write_with_files

    today = datetime.now(settings.tzinfo).date()
    try:
        bundled = await write_with_files(
            session, output, EvidenceStore(settings.evidence_dir),
            Catalog(default=settings.default_language), settings.default_language,
            settings.tzinfo, filters, today=today, fmt=args.format,
        )  # fmt: skip
    except OSError as exc:
        raise CliError(f"-o: cannot write {output}: {exc.strerror or exc}") from None
    print(
        f"Wrote {bundled.innovations} innovations and {bundled.files} evidence files to {output}."
    )
    if bundled.missing:
        print(
            f"{bundled.missing} evidence files are not in the store yet (EVIDENCE_DIR); "
            f"they are listed in {LISTING}.",
            file=sys.stderr,
        )
    return 0


def cmd_run(settings: Settings, args: argparse.Namespace) -> int:
    from bot.runner import run_polling

    _require_token(settings)
    if settings.webhook_url is not None:
        # Not ignored: long polling starts by deleting the bot's webhook at Telegram, which
        # would silently cut off the instance that serves WEBHOOK_URL.
        raise CliError(
            "WEBHOOK_URL is set: long polling would delete that webhook at Telegram; "
            "start with `inovasi-bot webhook`, or leave WEBHOOK_URL empty for long polling",
            EXIT_USAGE,
        )
    return run_polling(settings, once=args.once)


def cmd_webhook(settings: Settings, args: argparse.Namespace) -> int:
    from bot.runner import run_webhook

    _require_token(settings)
    if settings.webhook_url is None:
        raise CliError(
            "WEBHOOK_URL is not set: the public https:// address Telegram should call",
            EXIT_USAGE,
        )
    _require_webhook_secret(settings)
    return run_webhook(settings, once=args.once)


def cmd_sandbox(settings: Settings, args: argparse.Namespace) -> int:
    from sandbox.terminal import run_terminal

    start = None
    if args.start is not None:
        try:
            start = datetime.strptime(args.start, "%Y-%m-%d %H:%M").replace(tzinfo=settings.tzinfo)
        except ValueError:
            raise CliError(
                f'--start: "{args.start}" is not a time like "2026-11-30 08:00"', EXIT_USAGE
            ) from None
    return run_terminal(
        settings, database_path=Path(args.database), flood_limits=args.flood, start=start
    )


def _require_webhook_secret(settings: Settings) -> None:
    """Without a secret, anyone who finds the address can post updates as any user (an admin
    among them): a webhook never starts without one."""
    from bot.telegram.webhook import HOW_TO_MAKE_ONE, SECRET_MIN_LENGTH

    secret = settings.webhook_secret
    if secret is None:
        raise CliError(
            "WEBHOOK_SECRET is not set: a webhook without it takes updates from anyone; "
            f"make one with: {HOW_TO_MAKE_ONE}",
            EXIT_USAGE,
        )
    if len(secret.get_secret_value()) < SECRET_MIN_LENGTH:
        raise CliError(
            f"WEBHOOK_SECRET is too short: at least {SECRET_MIN_LENGTH} characters; "
            f"make one with: {HOW_TO_MAKE_ONE}",
            EXIT_USAGE,
        )


def _require_token(settings: Settings) -> None:
    if settings.bot_token is None:
        raise CliError(
            "BOT_TOKEN is not set: put the token from @BotFather in .env (see .env.example), "
            "or try the bot offline with: inovasi-bot sandbox",
            EXIT_USAGE,
        )


# --- parser --------------------------------------------------------------------------------


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        self.exit(EXIT_USAGE, f"{self.prog}: {message} (see {self.prog} --help)\n")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="inovasi-bot",
        description="Inovasi Bot: collect and review a regency's smart-city innovations.",
    )
    parser.add_argument("--version", action="version", version=f"inovasi-bot {__version__}")
    parser.add_argument(
        "--sandbox",
        action="store_true",
        help="work on the terminal sandbox's database (data/sandbox.db) and evidence store "
        "instead of DATABASE_URL's, e.g. inovasi-bot --sandbox invite create --opd DINKES",
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    once_help = (
        "stop at once when Telegram cannot be reached (by default the bot waits for the "
        "network, trying again with growing pauses)"
    )
    run = commands.add_parser("run", help="start the bot (long polling)")
    run.add_argument("--once", action="store_true", help=once_help)
    run.set_defaults(handler=cmd_run)

    webhook = commands.add_parser(
        "webhook", help="start the bot behind a webhook (WEBHOOK_URL, WEBHOOK_PORT)"
    )
    webhook.add_argument("--once", action="store_true", help=once_help)
    webhook.set_defaults(handler=cmd_webhook)

    sandbox = commands.add_parser(
        "sandbox", help="try the whole bot offline in this terminal, with no token"
    )
    sandbox.add_argument(
        "--database",
        default="data/sandbox.db",
        help="the sandbox's own SQLite file (default: data/sandbox.db; the other commands "
        "work on it with --sandbox)",
    )
    sandbox.add_argument(
        "--flood", action="store_true", help="enforce Telegram's flood limits (429s)"
    )
    sandbox.add_argument(
        "--start",
        metavar='"YYYY-MM-DD HH:MM"',
        help="start the sandbox's clock at this local time (TIMEZONE) instead of now",
    )
    sandbox.set_defaults(handler=cmd_sandbox)

    dashboard = commands.add_parser(
        "dashboard", help="serve the web dashboard alone (DASHBOARD_LISTEN, DASHBOARD_PORT)"
    )
    dashboard.add_argument("--port", type=int, help="the port (default DASHBOARD_PORT or 8080)")
    dashboard.set_defaults(handler=cmd_dashboard)

    db = commands.add_parser("db", help="database maintenance")
    db_commands = db.add_subparsers(dest="db_command", required=True, metavar="COMMAND")
    upgrade = db_commands.add_parser("upgrade", help="apply the migrations (safe to repeat)")
    upgrade.set_defaults(handler=cmd_db_upgrade)
    backup = db_commands.add_parser(
        "backup",
        help="write one archive with the database and the evidence store (safe while the bot runs)",
    )
    backup.add_argument("file", metavar="FILE", help="the archive to write, e.g. inovasi.tar")
    backup.add_argument("--force", action="store_true", help="replace FILE when it exists already")
    backup.set_defaults(handler=cmd_db_backup)
    restore = db_commands.add_parser(
        "restore", help="restore a backup into an empty database (stop the bot first)"
    )
    restore.add_argument("file", metavar="FILE", help="an archive from inovasi-bot db backup")
    restore.add_argument(
        "--force", action="store_true", help="replace a database that already holds data"
    )
    restore.set_defaults(handler=cmd_db_restore)
    copy = db_commands.add_parser(
        "copy",
        help="copy every table into another, empty database (e.g. from SQLite to PostgreSQL)",
    )
    copy.add_argument(
        "--to",
        required=True,
        metavar="URL",
        help="the target, e.g. postgresql+asyncpg://inovasi:PASSWORD@localhost:5432/inovasi",
    )
    copy.set_defaults(handler=cmd_db_copy)

    opd = commands.add_parser("opd", help="the work units (OPD)")
    opd_commands = opd.add_subparsers(dest="opd_command", required=True, metavar="COMMAND")
    opd_import = opd_commands.add_parser(
        "import",
        help="load OPDs from a CSV file with columns code,name (comma or semicolon, UTF-8)",
    )
    opd_import.add_argument("file", metavar="FILE.csv")
    opd_import.set_defaults(handler=cmd_opd_import)
    opd_list = opd_commands.add_parser("list", help="show the OPDs")
    opd_list.set_defaults(handler=cmd_opd_list)

    iid = commands.add_parser("iid", help="the national innovation index's indicators")
    iid_commands = iid.add_subparsers(dest="iid_command", required=True, metavar="COMMAND")
    iid_import = iid_commands.add_parser(
        "import",
        help="replace the indicators with a CSV file: kode,nama,bobot,wajib,tingkat_1..tingkat_9",
    )
    iid_import.add_argument("file", metavar="FILE.csv")
    iid_import.set_defaults(handler=cmd_iid_import)
    iid_list = iid_commands.add_parser("list", help="print the indicators as that CSV")
    iid_list.set_defaults(handler=cmd_iid_list)

    benefit = commands.add_parser("benefit", help="the benefit measures check-ins ask for")
    benefit_commands = benefit.add_subparsers(
        dest="benefit_command", required=True, metavar="COMMAND"
    )
    benefit_import = benefit_commands.add_parser(
        "import",
        help="replace the measures with a CSV file: kode,nama,nama_en,satuan,satuan_en,maksimum",
    )
    benefit_import.add_argument("file", metavar="FILE.csv")
    benefit_import.set_defaults(handler=cmd_benefit_import)
    benefit_list = benefit_commands.add_parser("list", help="print the measures as that CSV")
    benefit_list.set_defaults(handler=cmd_benefit_list)

    invite = commands.add_parser("invite", help="invite codes")
    invite_commands = invite.add_subparsers(dest="invite_command", required=True, metavar="COMMAND")
    create = invite_commands.add_parser("create", help="print a new invite code and its t.me link")
    create.add_argument("--opd", required=True, metavar="CODE", help="the OPD's code")
    create.add_argument("--role", choices=[role.value for role in Role], default=Role.STAFF.value)
    create.add_argument(
        "--uses",
        type=_positive,
        metavar="N",
        help="how many people may join with it (default: 30 for staff, 1 otherwise)",
    )
    create.add_argument(
        "--days",
        type=_positive,
        metavar="D",
        help=f"days until it expires (default: {DEFAULT_DAYS})",
    )
    create.set_defaults(handler=cmd_invite_create)
    innovation = commands.add_parser("innovation", help="innovations that already exist")
    innovation_commands = innovation.add_subparsers(
        dest="innovation_command", required=True, metavar="COMMAND"
    )
    plan = commands.add_parser("plan", help="the OPDs' action plans (rencana aksi)")
    plan_commands = plan.add_subparsers(dest="plan_command", required=True, metavar="COMMAND")
    for noun, commands_of, what in (("innovation", innovation_commands, "innovations"),
                                    ("plan", plan_commands, "action plan entries")):  # fmt: skip
        importing = commands_of.add_parser(
            "import",
            help=f"load {what} from an xlsx or CSV file (the template's columns); nothing is "
            "written unless every row is good",
        )
        importing.add_argument("file", metavar="FILE", help="an .xlsx or .csv file")
        importing.add_argument(
            "--dry-run", action="store_true", help="check the file and say what would change"
        )
        importing.add_argument(
            "--skip-bad", action="store_true", help="import the good rows, skipping the bad ones"
        )
        importing.add_argument(
            "--by", metavar="NAME", help='who imports, for the history (default: "command line")'
        )
        importing.set_defaults(handler=cmd_plan_import if noun == "plan" else cmd_innovation_import)
        template = commands_of.add_parser(
            "template", help="write an xlsx template for the import, with the OPDs and pillars"
        )
        template.add_argument("-o", "--output", required=True, metavar="FILE")
        template.add_argument(
            "--lang", choices=["id", "en"], default="id", help="its headers' language"
        )
        template.set_defaults(
            handler=cmd_plan_template if noun == "plan" else cmd_innovation_template
        )

    summary = commands.add_parser("summary", help="print the daily summary as it would be sent")
    summary.set_defaults(handler=cmd_summary)

    export = commands.add_parser("export", help="write the innovations to an Excel or CSV file")
    export.add_argument("--format", choices=["xlsx", "csv"], default="xlsx")
    export.add_argument("-o", "--output", required=True, metavar="FILE")
    export.add_argument("--opd", metavar="CODE", help="only this OPD")
    export.add_argument("--status", help="only this status (e.g. approved, disetujui)")
    export.add_argument(
        "--from",
        dest="date_from",
        metavar="DATE",
        help='submitted on or after this day (2026-10-01, 1/10/2026, "Oktober 2026", 2026)',
    )
    export.add_argument(
        "--to", dest="date_to", metavar="DATE", help="submitted on or before this day (or month)"
    )
    export.add_argument(
        "--with-files",
        action="store_true",
        help="write a zip: the workbook, and the evidence files in folders per OPD and innovation",
    )
    export.set_defaults(handler=cmd_export)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        settings = load_settings()
    except SettingsError as exc:
        print(f"inovasi-bot: {exc}", file=sys.stderr)
        return EXIT_USAGE
    if args.sandbox:
        from sandbox.paths import sandbox_storage

        settings = settings.model_copy(update=sandbox_storage())
    try:
        code = args.handler(settings, args)
        sys.stdout.flush()  # here, where a reader gone is caught, not at the interpreter's exit
        return code
    except CliError as exc:
        print(f"inovasi-bot: {exc}", file=sys.stderr)
        return exc.code
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return _reader_gone()


EXIT_PIPE = 128 + 13  # as a program killed by SIGPIPE: what `set -o pipefail` expects


def _reader_gone() -> int:
    """The output's reader stopped reading (`inovasi-bot summary | head`): stop quietly, as
    the usual Unix tools do. What is still buffered goes to /dev/null, so that Python's own
    flush at exit does not complain about the pipe either."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError):  # stdout is not a file (a test's capture): nothing to flush
        pass
    return EXIT_PIPE


if __name__ == "__main__":
    sys.exit(main())
