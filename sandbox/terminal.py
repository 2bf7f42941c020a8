"""`inovasi-bot sandbox`: the real bot, in a terminal, against the emulator.

The application is the one ``build_application`` makes for production, with its own SQLite file
(``data/sandbox.db``), the sample OPDs, an invite per role and a registered person per role. You
type as that person; the bot's replies are printed with their buttons numbered (``:1`` presses
the first: a line that starts with ``:`` is never a message, so typing ``2027`` sends 2027).

What the bot sends in the background (a broadcast, the outbox's notices, a scheduled job, an
export finishing) is printed as it arrives; files and pictures it sends are saved beside the
database and their path printed; the chats are kept beside the database too
(``data/sandbox-chats.json``), as Telegram keeps them, so that after a restart the person finds
the question they were answering.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import re
import socket
import sys
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TextIO

from pydantic import SecretStr
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.app import build_application
from bot.core.clock import Clock
from bot.core.logs import configure_logging
from bot.core.settings import Settings
from bot.core.texts import Catalog
from bot.innovations.opd_csv import OpdCsvError, parse_opd_csv
from bot.monitoring.checkins import add_months
from sandbox.client import Sandbox
from sandbox.emulator import (
    MAX_TEXT,
    SANDBOX_TOKEN,
    BotAction,
    Chat,
    FloodLimits,
    Message,
    TelegramEmulator,
    User,
)
from sandbox.paths import beside, sandbox_storage
from storage.database import Database
from storage.models import Invite, Opd, Pillar, Role
from storage.plans import PlanEntry
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
    role: Role
    opd: str


PEOPLE = (
    SandboxPerson("staff", 7_000_000_001, "Siti", "Rahmawati", Role.STAFF, "DINKES"),
    SandboxPerson(
        "coordinator", 7_000_000_002, "Budi", "Santoso", Role.COORDINATOR, "DISKOMINFOSANDITIK"
    ),
    SandboxPerson("admin", 7_000_000_003, "Dewi", "Lestari", Role.ADMIN, "DISKOMINFOSANDITIK"),
)
NEW = "new"  # `:as new`: a stranger the bot has never seen, a new one each time
STRANGER_IDS = 7_100_000_001  # strangers' Telegram ids count up from here
STRANGER_NAMES = (
    ("Asep", "Saepudin"), ("Euis", "Komalasari"), ("Ujang", "Suherman"), ("Neneng", "Rahayu"),
    ("Dadang", "Hermawan"), ("Yayat", "Supriatna"), ("Iis", "Nurhayati"), ("Cecep", "Gunawan"),
)  # fmt: skip
COMMAND_ALIASES = {
    ":help": ":bantuan", ":quit": ":keluar", ":exit": ":keluar", ":text": ":teks",
    ":photo": ":foto", ":file": ":berkas", ":contact": ":kontak", ":sticker": ":stiker",
    ":group": ":grup", ":time": ":waktu", ":press": ":tekan", ":private": ":pribadi",
}  # fmt: skip
BUTTON = re.compile(r"^:(\d{1,3})$")  # `:2` presses button 2


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
        self.chats_path = beside(database_path, "chats.json")
        self.files_dir = beside(database_path, "files")
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
                **sandbox_storage(database_path),
                "coordinator_chat_id": self.group.id,
                "admin_ids": frozenset({self.users["admin"].id}),
                "bot_username": self.emulator.bot.username,
            }
        )
        for person in PEOPLE:  # members have opened their chat with the bot
            self.emulator.private_chat(self.users[person.key])
        self.user = self.users["staff"]
        self.place: Chat = self.emulator.private_chat(self.user)  # where typing goes
        self.numbered: list[tuple[Message, str]] = []
        self.shown = 0  # how many of the emulator's actions have been printed
        self.at_prompt = False
        self.busy = asyncio.Lock()  # one line at a time; background output waits for it
        self.saved_files: dict[str, Path] = {}  # file_unique_id → where it was saved
        self.sandbox: Sandbox | None = None
        self.database: Database | None = None
        self.watcher: asyncio.Task[None] | None = None
        self.sender: asyncio.Task[None] | None = None
        self.said = asyncio.Event()  # set at every line printed (the tests wait on it)

    def t(self, key: str, **args: object) -> str:
        return self.texts.text(self.lang, key, **args)

    def say(self, text: str = "") -> None:
        self.stdout.write(text + "\n")
        self.stdout.flush()
        self.said.set()

    async def start(self) -> None:
        """Open the database, seed it, start the real application against the emulator."""
        self.database = Database(self.settings.database_url)  # makes the folder
        # The chat owns the terminal: log lines go to a file beside the database.
        configure_logging(self.settings.log_level, file=self.database_path.with_suffix(".log"))
        await self.database.upgrade()
        invites = await self.seed(self.database)
        await self.load_chats()
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
        self.shown = len(self.emulator.actions)  # the start's own requests are not news
        await self.announce_person()
        self.show_last_message()
        self.watcher = asyncio.create_task(self.watch(), name="sandbox-terminal-watcher")
        self.sender = asyncio.create_task(self.send_outbox(), name="sandbox-terminal-outbox")

    async def stop(self) -> None:
        tasks = [task for task in (self.watcher, self.sender) if task is not None]
        async with self.busy:  # never in the middle of the outbox's round or of a print
            for task in tasks:
                task.cancel()
        for task in tasks:
            with contextlib.suppress(asyncio.CancelledError):
                await task
        self.watcher = self.sender = None
        if self.sandbox is not None:
            await self.sandbox.stop()
            self.sandbox = None
            await self.save_chats()
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
                if await members.by_telegram_id(person.telegram_id):
                    continue
                opd = await opds.get_by_code(person.opd)
                await members.add(
                    telegram_id=person.telegram_id,
                    full_name=f"{person.first_name} {person.last_name}",
                    role=person.role,
                    opd_id=opd.id if opd else None,
                )
            if not await session.scalar(select(func.count()).select_from(PlanEntry)):
                await self.seed_plans(session)
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

    async def seed_plans(self, session: AsyncSession) -> None:
        """A small action plan to look at with /rencana: one entry late, one due soon, one on
        track, by the sandbox's own day."""
        today = self.clock.now().date().replace(day=1)
        pillars = dict((await session.execute(select(Pillar.code, Pillar.id))).all())
        opds = dict((await session.execute(select(Opd.code, Opd.id))).all())
        for code, pillar, title, stage, months in SAMPLE_PLAN:
            if code in opds and pillar in pillars:
                session.add(PlanEntry(
                    opd_id=opds[code], pillar_id=pillars[pillar], title=title, target_stage=stage,
                    target_month=add_months(today, months),
                ))  # fmt: skip

    # --- the chats, kept across restarts ------------------------------------------------

    async def load_chats(self) -> None:
        """The people met and the chats as they were when the sandbox last stopped."""
        try:
            text = await asyncio.to_thread(self.chats_path.read_text, encoding="utf-8")
            saved = json.loads(text)
        except (OSError, ValueError):  # none yet, or unreadable: start with empty chats
            return
        if isinstance(saved, dict):
            self.emulator.restore(saved)

    async def save_chats(self) -> None:
        data = json.dumps(self.emulator.snapshot(), ensure_ascii=False)
        await asyncio.to_thread(_write_atomically, self.chats_path, data)

    # --- who is typing --------------------------------------------------------------------

    def strangers(self) -> list[User]:
        """The people who are not one of the sandbox's members: met with `:as new`."""
        fixed = {p.telegram_id for p in PEOPLE}
        return [u for u in self.emulator.users.values() if u.id not in fixed and not u.is_bot]

    def new_stranger(self) -> User:
        met = self.strangers()
        first, last = STRANGER_NAMES[len(met) % len(STRANGER_NAMES)]
        if len(met) >= len(STRANGER_NAMES):
            last = f"{last} {len(met) // len(STRANGER_NAMES) + 1}"
        user_id = max([STRANGER_IDS - 1, *(u.id for u in met)]) + 1
        return self.emulator.add_user(
            first, last_name=last, language_code=self.lang, user_id=user_id
        )

    def find_person(self, name: str) -> User | None:
        """`:as staff|coordinator|admin`, `:as new` (a new stranger), or a stranger met before
        by first name (`:as asep`), or full name."""
        wanted = " ".join(name.lower().split())
        if wanted == NEW:
            return self.new_stranger()
        if wanted in self.users:
            return self.users[wanted]
        return next(
            (
                u
                for u in reversed(self.strangers())
                if wanted in (u.first_name.lower(), u.full_name.lower())
            ),
            None,
        )

    async def announce_person(self) -> None:
        """Who the trainer is now, as the bot knows them (a stranger may have joined since)."""
        user = self.user
        member = None
        if self.database is not None:
            async with self.database.transaction() as session:
                member = await MemberRepository(session).by_telegram_id(user.id)
        if member is None:
            self.say(self.t("sandbox-now-speaking-guest", name=user.full_name))
        else:
            role = self.t(f"role-{member.role}")
            self.say(self.t("sandbox-now-speaking", name=member.full_name, role=role))
        if user.id not in {p.telegram_id for p in PEOPLE}:
            self.say(self.t("sandbox-back-to-stranger", name=user.first_name.lower()))

    # --- reading and typing ---------------------------------------------------------------

    async def loop(self) -> None:
        loop = asyncio.get_running_loop()
        while True:
            self.prompt()
            line = await loop.run_in_executor(None, self.stdin.readline)
            self.at_prompt = False
            if line == "":  # end of input
                self.say()
                return
            line = line.rstrip("\r\n")
            if not await self.handle(line):
                return

    def prompt(self) -> None:
        where = self.t("sandbox-prompt-group") + " " if self.place.id == self.group.id else ""
        self.stdout.write(f"{where}> ")
        self.stdout.flush()
        self.at_prompt = True

    async def watch(self) -> None:
        """Print what the bot does between the lines typed (a broadcast going out, a notice
        from the outbox, a scheduled job, an export finishing) as it happens."""
        while True:
            await self.emulator.wait_until(lambda: len(self.emulator.actions) > self.shown)
            async with self.busy:
                if len(self.emulator.actions) <= self.shown:
                    continue
                interrupted = self.at_prompt
                if interrupted:
                    self.say()
                self.show(expect_answer=False)
                await self.save_chats()
                if interrupted:
                    self.prompt()

    async def send_outbox(self) -> None:
        """The outbox's sender, between lines: a line's own notices go with it (the sandbox
        flushes the outbox when a line wrote to it); this sends what falls due later, as a
        group notice waiting for its gap, and the watcher prints it."""
        assert self.sandbox is not None
        outbox = self.sandbox.application.bot_data.outbox
        while True:
            async with self.busy:
                wait = await outbox.flush()
            await asyncio.sleep(max(wait, 1.0))

    async def handle(self, line: str) -> bool:
        """One line typed by the trainer; False to stop."""
        async with self.busy:
            going_on = await self._handle(line)
            if self.sandbox is not None:
                await self.save_chats()
            return going_on

    async def _handle(self, line: str) -> bool:
        stripped = line.strip()
        if not stripped:
            self.say(self.t("sandbox-empty-line"))
            return True
        if len(line) > MAX_TEXT:
            self.say(self.t("sandbox-too-long", length=len(line), limit=MAX_TEXT))
            return True
        if stripped.startswith(":"):
            return await self.command(stripped)
        await self.emulator.send_text(self.user, line, self.place)
        self.show()
        return True

    async def command(self, line: str) -> bool:
        button = BUTTON.match(line)
        if button is not None:
            await self.press_number(int(button.group(1)))
            return True
        name, _, argument = line.partition(" ")
        name = COMMAND_ALIASES.get(name.lower(), name.lower())
        argument = argument.strip()
        user, place = self.user, self.place
        if name == ":keluar":
            return False
        if name == ":bantuan":
            self.say(self.t("sandbox-help", files=str(self.files_dir)))
        elif name == ":as":
            await self.switch_person(argument)
        elif name == ":tekan":
            if argument.isdigit():
                await self.press_number(int(argument))
            else:
                self.say(self.t("sandbox-press-how"))
        elif name == ":teks" and argument:
            await self.emulator.send_text(user, argument, place)
            self.show()
        elif name == ":foto":
            await self.emulator.send_photo(user, SAMPLE_PHOTO, caption=argument or None, chat=place)
            self.show()
        elif name == ":berkas":
            await self.send_file(user, argument)
        elif name == ":kontak":
            await self.emulator.share_contact(user, chat=place)
            self.show()
        elif name == ":stiker":
            await self.emulator.send_sticker(user, place)
            self.show()
        elif name == ":grup":
            self.open_group()
        elif name == ":pribadi":
            self.place = self.emulator.private_chat(self.user)
            self.numbered = []
            self.say(self.t("sandbox-in-private"))
            self.show_last_message()
        elif name == ":waktu":
            await self.jump_clock(argument)
        else:
            self.say(self.t("sandbox-unknown-command", command=name))
        return True

    async def switch_person(self, argument: str) -> None:
        person = self.find_person(argument) if argument else None
        if person is None:
            names = ", ".join([*self.users, NEW, *(u.first_name.lower() for u in self.strangers())])
            self.say(self.t("sandbox-unknown-person", names=names))
            return
        self.show(expect_answer=False)  # what came before the switch, as the last person saw it
        self.user = person
        self.place = self.emulator.private_chat(person)
        self.numbered = []
        await self.announce_person()
        if not self.show(expect_answer=False):  # unless something just came in here
            self.show_last_message()

    def open_group(self) -> None:
        """The coordinators' group: its last messages with their buttons numbered; a member
        of the group then types and presses there (`:pribadi` goes back)."""
        messages = self.emulator.messages(self.group.id)[-10:]
        if not messages:
            self.say(self.t("sandbox-group-empty"))
        self.numbered = []
        for message in messages:
            self.print_message(message, prefix=self.t("sandbox-to-group") + " ")
            self.number_buttons(message, keep=True)
        if self.user.id in self.group.members:
            self.place = self.group
            self.say(self.t("sandbox-in-group"))
        else:
            self.numbered = []
            self.say(self.t("sandbox-not-in-group", name=self.user.full_name))

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
        await self.emulator.send_document(user, content, path.name, mime, chat=self.place)
        self.show()

    async def press_number(self, number: int) -> None:
        if not self.numbered:
            self.say(self.t("sandbox-no-buttons", number=number))
            return
        if not 1 <= number <= len(self.numbered):
            self.say(self.t("sandbox-button-out-of-range", number=number, count=len(self.numbered)))
            return
        message, data = self.numbered[number - 1]
        try:
            await self.emulator.press(
                self.user, data=data, message=message, chat=self.emulator.chats[message.chat_id]
            )
        except LookupError:
            self.say(self.t("sandbox-button-gone"))
            return
        self.show()

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
        ran: list[str] = []
        if self.sandbox is not None:
            # The live scheduler keeps real time, which says nothing about the moved clock: walk
            # the daily jobs' own triggers from here to the target and run what falls due.
            ran = await self.sandbox.advance(to=target)
        else:
            self.clock.set(target)
        self.say(self.t("sandbox-time-now", time=f"{target:%d/%m/%Y %H.%M}", jobs=len(ran)))
        self.show(expect_answer=False)

    # --- printing -------------------------------------------------------------------------

    def show_last_message(self) -> None:
        """Switching to someone, or starting again: the bot's last message in this chat (the
        question they were answering, an approval request waiting), buttons numbered."""
        waiting = next(
            (m for m in reversed(self.emulator.messages(self.place.id)) if m.from_bot), None
        )
        if waiting is not None:
            self.say(self.t("sandbox-last-message"))
            self.print_message(waiting)
            self.number_buttons(waiting)

    def show(self, *, expect_answer: bool = True) -> bool:
        """Print what the bot did since the last print: in the chat being typed in first-hand,
        elsewhere with a label. Whether anything came in the chat being typed in."""
        actions = self.emulator.actions[self.shown :]
        self.shown += len(actions)
        user = self.user
        shown_here = False
        for action in actions:
            if action.kind == "answer":
                if action.detail.get("user_id") == user.id and action.detail.get("text"):
                    self.say(f"💬 {action.detail['text']}")
                continue
            if action.message is None:
                continue
            here = action.chat_id == self.place.id
            shown_here = shown_here or here
            prefix = "" if here else self.label(action) + " "
            if action.kind == "delete":
                self.say(f"{prefix}🗑 {self.t('sandbox-deleted')}")
            else:
                self.print_message(action.message, prefix=prefix, edited=action.kind == "edit")
                if here:
                    self.number_buttons(action.message)
        if expect_answer and not shown_here and not any(a.kind == "answer" for a in actions):
            self.say(self.t("sandbox-no-answer"))
        return shown_here

    def label(self, action: BotAction) -> str:
        if action.chat_id == self.group.id:
            return self.t("sandbox-to-group")
        if action.chat_id == self.user.id:
            return self.t("sandbox-to-private")
        other = self.emulator.users.get(action.chat_id or 0)
        return self.t("sandbox-to-person", name=other.full_name if other else str(action.chat_id))

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
        saved = self.save_file(message)
        if saved is not None:
            self.say("   " + self.t("sandbox-file-saved", path=str(saved)))

    def save_file(self, message: Message) -> Path | None:
        """A file or picture the bot sent, written beside the database so it can be opened
        (once per file); its path. The person's own files are not copied."""
        if not message.from_bot:
            return None
        attachment = message.document or (message.photo[-1] if message.photo else None)
        if attachment is None:
            return None
        unique = str(attachment.get("file_unique_id", ""))
        if unique in self.saved_files:
            return self.saved_files[unique]
        stored = self.emulator.files.get(str(attachment.get("file_id", "")))
        if stored is None:  # sent before a restart: the bytes were not kept
            return None
        # A picture's name is python-telegram-bot's guess from its type: named here instead.
        name = "" if stored.kind == "photo" else _safe_name(stored.file_name or "")
        if not name:
            picture = stored.content.startswith(b"\x89PNG")
            name = f"gambar-{message.chat_id}-{message.message_id}" + (
                ".png" if picture else ".jpg"
            )
        self.files_dir.mkdir(parents=True, exist_ok=True)
        path = self.files_dir / name
        stem, suffix, number = path.stem, path.suffix, 1
        while path.exists() and path.read_bytes() != stored.content:
            number += 1
            path = self.files_dir / f"{stem}-{number}{suffix}"
        path.write_bytes(stored.content)
        self.saved_files[unique] = path
        return path

    def number_buttons(self, message: Message, *, keep: bool = False) -> None:
        """Number the message's buttons, `:1` onwards (`keep`: after those numbered already,
        for a listing of several messages)."""
        if not message.inline_buttons:
            if self.numbered and self.numbered[0][0].message_id == message.message_id:
                self.numbered = []  # the bot took these buttons away
            return
        if not keep:
            self.numbered = []
        for row in message.inline_buttons:
            cells = []
            for button in row:
                if "callback_data" in button:
                    self.numbered.append((message, button["callback_data"]))
                    cells.append(f"[:{len(self.numbered)}] {button['text']}")
                else:
                    link = button.get("url") or (button.get("login_url") or {}).get("url", "")
                    cells.append(f"[↗] {button['text']} {link}".rstrip())
            self.say("   " + "   ".join(cells))


def _safe_name(name: str) -> str:
    """A file name the bot gave, without folders or characters a file system minds."""
    base = name.replace("\\", "/").rsplit("/", 1)[-1]
    return re.sub(r"[^\w.\- ]", "_", base).strip(". ")[:120]


def _write_atomically(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(path.name + ".tmp")
    partial.write_text(text, encoding="utf-8")
    os.replace(partial, path)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


# The sample action plan: OPD, pillar, title, stage, target month from this month.
SAMPLE_PLAN = (
    ("DINKES", "living", "Posyandu Digital", "uji_coba", -2),
    ("DINKES", "living", "Telemedis Desa", "penerapan", 1),
    ("DISDIK", "society", "Rapor Daring", "uji_coba", 4),
)


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
