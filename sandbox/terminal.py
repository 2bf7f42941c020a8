"""`inovasi-bot sandbox`: the real bot, in a terminal, against the emulator.

The application is the one ``build_application`` makes for production, with its own SQLite file
(``data/sandbox.db``), the sample OPDs, an invite per role and a registered person per role. You
type as that person; the bot's replies are printed with their buttons numbered.
"""

from __future__ import annotations

import asyncio
import re
import socket
import sys
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TextIO

from pydantic import SecretStr
from sqlalchemy import func, select

from bot.application import build_application
from bot.clock import Clock
from bot.logs import configure_logging
from bot.opd_csv import OpdCsvError, parse_opd_csv
from bot.settings import Settings
from bot.texts import Catalog
from sandbox.client import Sandbox
from sandbox.emulator import (
    MAX_TEXT,
    SANDBOX_TOKEN,
    BotAction,
    FloodLimits,
    Message,
    TelegramEmulator,
    User,
)
from storage.database import Database
from storage.models import Invite, Opd, Role
from storage.repositories import InviteRepository, MemberRepository, OpdRepository

SAMPLE_OPDS = Path(__file__).resolve().parent.parent / "data" / "opd_sample.csv"
FALLBACK_OPDS = [
    ("DISKOMINFOSANDITIK", "Dinas Komunikasi, Informatika, Persandian dan Statistik"),
    ("DINKES", "Dinas Kesehatan"),
    ("DISDIK", "Dinas Pendidikan"),
]
SAMPLE_PHOTO = b"\xff\xd8\xff\xe0 sandbox sample photo"


@dataclass(frozen=True)
class SandboxPerson:
    key: str
    telegram_id: int
    first_name: str
    last_name: str
    role: Role | None  # None: not registered
    opd: str | None


PEOPLE = (
    SandboxPerson("staff", 7_000_000_001, "Siti", "Rahmawati", Role.STAFF, "DINKES"),
    SandboxPerson(
        "coordinator", 7_000_000_002, "Budi", "Santoso", Role.COORDINATOR, "DISKOMINFOSANDITIK"
    ),
    SandboxPerson("admin", 7_000_000_003, "Dewi", "Lestari", Role.ADMIN, "DISKOMINFOSANDITIK"),
    SandboxPerson("new", 7_000_000_004, "Asep", "Saepudin", None, None),
)
COMMAND_ALIASES = {
    ":help": ":bantuan", ":quit": ":keluar", ":exit": ":keluar", ":text": ":teks",
    ":photo": ":foto", ":file": ":berkas", ":contact": ":kontak", ":sticker": ":stiker",
    ":group": ":grup", ":time": ":waktu",
}  # fmt: skip


class OffsetClock(Clock):
    """Real time, shifted: to the `--start` moment if one was given, and forward by `:waktu`."""

    def __init__(self, start: datetime | None = None) -> None:
        self.offset = timedelta()
        if start is not None:
            self.set(start)

    def now(self) -> datetime:
        return datetime.now(UTC) + self.offset

    def set(self, moment: datetime) -> datetime:
        if moment.tzinfo is None:
            raise ValueError("OffsetClock needs an aware datetime")
        self.offset = moment - datetime.now(UTC)
        return self.now()


class TerminalChat:
    def __init__(
        self,
        settings: Settings,
        *,
        database_path: Path,
        flood_limits: bool = False,
        start: datetime | None = None,
        stdin: TextIO = sys.stdin,
        stdout: TextIO = sys.stdout,
    ) -> None:
        self.stdin = stdin
        self.stdout = stdout
        self.database_path = database_path
        self.clock = OffsetClock(start)
        self.emulator = TelegramEmulator(
            clock=self.clock.now, flood_limits=FloodLimits() if flood_limits else None
        )
        self.lang = settings.default_language
        self.texts = Catalog(default=self.lang)
        self.users: dict[str, User] = {
            p.key: self.emulator.add_user(
                p.first_name,
                last_name=p.last_name,
                language_code=self.lang,
                user_id=p.telegram_id,
            )
            for p in PEOPLE
        }
        self.group = self.emulator.add_group(
            "Koordinator Smart City (sandbox)",
            [self.users["coordinator"], self.users["admin"]],
        )
        self.settings = settings.model_copy(
            update={
                # The dashboard too, on DASHBOARD_PORT or a free port: /dasbor logs in there.
                "dashboard_port": settings.dashboard_port or _free_port(),
                "bot_token": SecretStr(SANDBOX_TOKEN),
                "database_url": f"sqlite+aiosqlite:///{database_path}",
                # Its own evidence store beside its database, never the real bot's.
                "evidence_dir": str(database_path.with_name(database_path.stem + "-evidence")),
                "coordinator_chat_id": self.group.id,
                "admin_ids": frozenset({self.users["admin"].id}),
                "bot_username": self.emulator.bot.username,
            }
        )
        for person in PEOPLE:
            if person.role is not None:  # members have opened their chat with the bot
                self.emulator.private_chat(self.users[person.key])
        self.current = next(p for p in PEOPLE if p.key == "staff")
        self.numbered: list[tuple[Message, str]] = []
        self.sandbox: Sandbox | None = None
        self.database: Database | None = None

    def t(self, key: str, **args: object) -> str:
        return self.texts.text(self.lang, key, **args)

    def say(self, text: str = "") -> None:
        self.stdout.write(text + "\n")
        self.stdout.flush()

    async def start(self) -> None:
        """Open the database, seed it, start the real application against the emulator."""
        self.database = Database(self.settings.database_url)  # makes the folder
        # The chat owns the terminal: log lines go to a file beside the database.
        configure_logging(self.settings.log_level, file=self.database_path.with_suffix(".log"))
        await self.database.upgrade()
        invites = await self.seed(self.database)
        application = build_application(
            self.settings,
            request=Sandbox.request(self.emulator),
            database=self.database,
            clock=self.clock,
            migrate=False,
        )
        self.sandbox = Sandbox(application, self.emulator, clock=self.clock, live_scheduler=True)
        await self.sandbox.start()
        self.say(self.t("sandbox-banner", database=str(self.database_path)))
        dashboard = application.bot_data.dashboard
        if dashboard is not None:
            self.say(self.t("sandbox-dashboard", address=dashboard.address))
        self.say(self.t("sandbox-invites"))
        for role, opd, code in invites:
            self.say("  " + self.t("sandbox-invite-line", role=role, opd=opd, code=code))
        await self.announce_person()

    async def stop(self) -> None:
        if self.sandbox is not None:
            await self.sandbox.stop()
            self.sandbox = None
        if self.database is not None:
            await self.database.dispose()
            self.database = None

    async def run(self) -> int:
        try:
            await self.start()
            await self.loop()
        finally:
            await self.stop()
        self.say(self.t("sandbox-bye"))
        return 0

    async def seed(self, database: Database) -> list[tuple[str, str, str]]:
        """Sample OPDs, the registered people and an invite per role; only what is missing."""
        async with database.transaction() as session:
            opds = OpdRepository(session)
            if not await opds.list():
                await opds.upsert(_sample_opds())
            members = MemberRepository(session)
            for person in PEOPLE:
                if person.role is None or await members.by_telegram_id(person.telegram_id):
                    continue
                opd = await opds.get_by_code(person.opd or "")
                await members.add(
                    telegram_id=person.telegram_id,
                    full_name=f"{person.first_name} {person.last_name}",
                    role=person.role,
                    opd_id=opd.id if opd else None,
                )
            if not await session.scalar(select(func.count()).select_from(Invite)):
                invites = InviteRepository(session)
                for role, code in (
                    (Role.STAFF, "DINKES"),
                    (Role.COORDINATOR, "DISKOMINFOSANDITIK"),
                    (Role.ADMIN, "DISKOMINFOSANDITIK"),
                ):
                    opd = await opds.get_by_code(code)
                    if opd is not None:
                        await invites.create(
                            opd_id=opd.id,
                            role=role,
                            max_uses=100,
                            expires_at=self.clock.now() + timedelta(days=365),
                        )
            rows = await session.execute(
                select(Invite.role, Opd.code, Invite.code)
                .join(Opd, Opd.id == Invite.opd_id)
                .where(Invite.revoked_at.is_(None))
                .order_by(Invite.id)
                .limit(3)
            )
            return [(str(role), opd, code) for role, opd, code in rows]

    async def announce_person(self) -> None:
        """Who the trainer is now, as the bot knows them (a stranger may have joined since)."""
        user = self.users[self.current.key]
        member = None
        if self.database is not None:
            async with self.database.transaction() as session:
                member = await MemberRepository(session).by_telegram_id(user.id)
        if member is None:
            self.say(self.t("sandbox-now-speaking-guest", name=user.full_name))
        else:
            role = self.t(f"role-{member.role}")
            self.say(self.t("sandbox-now-speaking", name=member.full_name, role=role))

    async def loop(self) -> None:
        loop = asyncio.get_running_loop()
        while True:
            self.stdout.write("> ")
            self.stdout.flush()
            line = await loop.run_in_executor(None, self.stdin.readline)
            if line == "":  # end of input
                self.say()
                return
            line = line.rstrip("\r\n")
            if not await self.handle(line):
                return

    async def handle(self, line: str) -> bool:
        """One line typed by the trainer; False to stop."""
        user = self.users[self.current.key]
        stripped = line.strip()
        if not stripped:
            self.say(self.t("sandbox-empty-line"))
            return True
        if len(line) > MAX_TEXT:
            self.say(self.t("sandbox-too-long", length=len(line), limit=MAX_TEXT))
            return True
        if stripped.startswith(":"):
            return await self.command(stripped)
        if stripped.isdigit():
            await self.press_number(int(stripped))
            return True
        self.show(await self.emulator.send_text(user, line))
        return True

    async def command(self, line: str) -> bool:
        name, _, argument = line.partition(" ")
        name = COMMAND_ALIASES.get(name.lower(), name.lower())
        argument = argument.strip()
        user = self.users[self.current.key]
        if name == ":keluar":
            return False
        if name == ":bantuan":
            self.say(self.t("sandbox-help"))
        elif name == ":as":
            person = next((p for p in PEOPLE if p.key == argument.lower()), None)
            if person is None:
                self.say(self.t("sandbox-unknown-person"))
            else:
                self.current = person
                self.numbered = []
                await self.announce_person()
                self.show_waiting_buttons()
        elif name == ":teks" and argument:
            self.show(await self.emulator.send_text(user, argument))
        elif name == ":foto":
            self.show(await self.emulator.send_photo(user, SAMPLE_PHOTO, caption=argument or None))
        elif name == ":berkas":
            await self.send_file(user, argument)
        elif name == ":kontak":
            self.show(await self.emulator.share_contact(user))
        elif name == ":stiker":
            self.show(await self.emulator.send_sticker(user))
        elif name == ":grup":
            messages = self.emulator.messages(self.group.id)[-10:]
            if not messages:
                self.say(self.t("sandbox-group-empty"))
            for message in messages:
                self.print_message(message, prefix=self.t("sandbox-to-group") + " ")
        elif name == ":waktu":
            await self.jump_clock(argument)
        else:
            self.say(self.t("sandbox-unknown-command", command=name))
        return True

    async def send_file(self, user: User, argument: str) -> None:
        path = Path(argument)
        if not argument or not await asyncio.to_thread(path.is_file):
            self.say(self.t("sandbox-file-missing", path=argument or "-"))
            return
        mime = {
            ".pdf": "application/pdf",
            ".jpg": "image/jpeg",
            ".jpeg": "image/jpeg",
            ".png": "image/png",
            ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        }.get(path.suffix.lower(), "application/octet-stream")
        content = await asyncio.to_thread(path.read_bytes)
        self.show(await self.emulator.send_document(user, content, path.name, mime))

    async def press_number(self, number: int) -> None:
        if not self.numbered:
            self.say(self.t("sandbox-no-buttons", number=number))
            return
        if not 1 <= number <= len(self.numbered):
            self.say(self.t("sandbox-button-out-of-range", number=number, count=len(self.numbered)))
            return
        message, data = self.numbered[number - 1]
        try:
            actions = await self.emulator.press(
                self.users[self.current.key], data=data, message=message
            )
        except LookupError:
            self.say(self.t("sandbox-button-gone"))
            return
        self.show(actions)

    async def jump_clock(self, argument: str) -> None:
        match = re.fullmatch(r"([01]?\d|2[0-3])[:.]([0-5]\d)", argument)
        if match is None:
            self.say(self.t("sandbox-bad-time"))
            return
        zone = self.settings.tzinfo
        local_now = self.clock.now().astimezone(zone)
        target = local_now.replace(
            hour=int(match.group(1)), minute=int(match.group(2)), second=0, microsecond=0
        )
        if target <= local_now:
            target += timedelta(days=1)
        mark = len(self.emulator.actions)
        ran: list[str] = []
        if self.sandbox is not None:
            # The live scheduler keeps real time, which says nothing about the moved clock: walk
            # the daily jobs' own triggers from here to the target and run what falls due.
            ran = await self.sandbox.advance(to=target)
        else:
            self.clock.set(target)
        self.say(self.t("sandbox-time-now", time=f"{target:%d/%m/%Y %H.%M}", jobs=len(ran)))
        self.show(self.emulator.actions[mark:], expect_answer=False)

    def show_waiting_buttons(self) -> None:
        """Switching to someone who has buttons waiting (an admin's approval request, say):
        show that message again, numbered."""
        user = self.users[self.current.key]
        waiting = next((m for m in reversed(self.emulator.messages(user.id)) if m.from_bot), None)
        if waiting is not None and waiting.inline_buttons:
            self.print_message(waiting)
            self.number_buttons(waiting)

    def show(self, actions: list[BotAction], *, expect_answer: bool = True) -> None:
        """Print what the bot did: in this person's chat first-hand, elsewhere with a label."""
        user = self.users[self.current.key]
        shown_here = False
        for action in actions:
            if action.kind == "answer":
                if action.detail.get("user_id") == user.id and action.detail.get("text"):
                    self.say(f"💬 {action.detail['text']}")
                continue
            if action.message is None:
                continue
            if action.chat_id == user.id:
                shown_here = True
                prefix = ""
            elif action.chat_id == self.group.id:
                prefix = self.t("sandbox-to-group") + " "
            else:
                other = self.emulator.users.get(action.chat_id)
                name = other.full_name if other else str(action.chat_id)
                prefix = self.t("sandbox-to-person", name=name) + " "
            if action.kind == "delete":
                self.say(f"{prefix}🗑 {self.t('sandbox-deleted')}")
            else:
                self.print_message(action.message, prefix=prefix, edited=action.kind == "edit")
                if action.chat_id == user.id:
                    self.number_buttons(action.message)
        if expect_answer and not shown_here and not any(a.kind == "answer" for a in actions):
            self.say(self.t("sandbox-no-answer"))

    def print_message(self, message: Message, *, prefix: str = "", edited: bool = False) -> None:
        head = f"{prefix}🤖 " + (f"{self.t('sandbox-edited')} " if edited else "")
        if message.photo is not None:
            head += f"🖼 {self.t('sandbox-photo')} "
        if message.document is not None:
            head += f"📄 {message.document.get('file_name', '')} "
        lines = message.content.splitlines() or [""]
        self.say(head + lines[0])
        for line in lines[1:]:
            self.say("   " + line)
        if message.reply_keyboard_labels:
            self.say("   ⌨ " + " | ".join(" | ".join(row) for row in message.reply_keyboard_labels))

    def number_buttons(self, message: Message) -> None:
        if not message.inline_buttons:
            if self.numbered and self.numbered[0][0].message_id == message.message_id:
                self.numbered = []  # the bot took these buttons away
            return
        self.numbered = []
        for row in message.inline_buttons:
            cells = []
            for button in row:
                if "callback_data" in button:
                    self.numbered.append((message, button["callback_data"]))
                    cells.append(f"[{len(self.numbered)}] {button['text']}")
                else:
                    link = button.get("url") or (button.get("login_url") or {}).get("url", "")
                    cells.append(f"[↗] {button['text']} {link}".rstrip())
            self.say("   " + "   ".join(cells))


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _sample_opds() -> list[tuple[str, str]]:
    try:
        return [(row.code, row.name) for row in parse_opd_csv(SAMPLE_OPDS.read_bytes())]
    except (OSError, OpdCsvError):
        return FALLBACK_OPDS


def run_terminal(
    settings: Settings,
    *,
    database_path: Path,
    flood_limits: bool = False,
    start: datetime | None = None,
    stdin: TextIO = sys.stdin,
    stdout: TextIO = sys.stdout,
) -> int:
    chat = TerminalChat(
        settings,
        database_path=database_path,
        flood_limits=flood_limits,
        start=start,
        stdin=stdin,
        stdout=stdout,
    )
    return asyncio.run(chat.run())
