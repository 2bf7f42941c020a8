"""The real Application, run in process against the emulator, and the people who talk to it.

Updates take the production path: they are put on the application's update queue, as polling
and webhooks do, and the application's own fetcher hands them to its update processor (one
person's in order, different people's at once). Every person-side call returns when its update
has been processed and what it set going has settled (background work, the outbox): no sleeps,
no polling loops. Calls of several people awaited together run concurrently, as they would on
Telegram.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Iterator
from datetime import datetime, timedelta
from typing import Any

from telegram import Update
from telegram.ext import Application, Job

from bot.core.clock import SettableClock
from bot.telegram.application import stop_application
from bot.telegram.updates import ChatOrderedUpdateProcessor
from sandbox.emulator import BotAction, Chat, Message, TelegramEmulator, User
from sandbox.request import EmulatorRequest


class Replies(list[Message]):
    """What the bot sent or edited in one chat in answer to one action, in order."""

    def __init__(self, messages: list[Message], toasts: list[str | None]) -> None:
        super().__init__(messages)
        self.toasts = toasts

    @property
    def texts(self) -> list[str]:
        return [message.content for message in self]

    @property
    def text(self) -> str:
        """All the texts, one after the other: handy for `in` checks."""
        return "\n".join(self.texts)

    @property
    def last(self) -> Message:
        if not self:
            raise AssertionError("the bot did not answer")
        return self[-1]


class Sandbox:
    """An application (from ``build_application``) wired to an emulator, in process.

    The JobQueue's scheduler keeps real time, which means nothing to a bot on a moved clock. So
    unless ``live_scheduler`` is set (the terminal sandbox), it is paused after start, and jobs
    run when the caller says: ``run_jobs()`` for one-off jobs due now (the catch-up at start,
    a broadcast just confirmed), ``advance()`` to move the clock through the daily jobs'
    fire times, as APScheduler's own triggers compute them."""

    ONE_OFF = ("startup:", "broadcast:", "now:")

    def __init__(
        self,
        application: Application,
        emulator: TelegramEmulator,
        *,
        clock: SettableClock | None = None,
        live_scheduler: bool = False,
    ) -> None:
        self.application = application
        self.emulator = emulator
        self.clock = clock
        self.live_scheduler = live_scheduler
        self.running = False
        self._processing: dict[int, asyncio.Future[None]] = {}
        services = application.bot_data
        services.outbox.autorun = False  # flushed by settle(), when the caller can see it

    @staticmethod
    def request(emulator: TelegramEmulator) -> EmulatorRequest:
        return EmulatorRequest(emulator)

    async def start(self) -> None:
        """What ``run_polling`` does before it polls: initialise, post_init, start (the
        JobQueue runs), then take updates straight from the emulator."""
        application = self.application
        await application.initialize()
        if application.post_init is not None:
            await application.post_init(application)
        processor = application.update_processor
        assert isinstance(processor, ChatOrderedUpdateProcessor)
        processor.on_done = self._processed
        await application.start()
        self.emulator.deliver = self.process
        self.running = True
        if application.job_queue is not None and not self.live_scheduler:
            application.job_queue.scheduler.pause()
            await self.run_jobs()
        await self.settle(outbox=True)  # as the sender does first: what waited in the outbox

    def _jobs(self, *prefixes: str) -> list[Job]:
        assert self.application.job_queue is not None
        return [
            job
            for job in self.application.job_queue.jobs()
            if job.name and job.name.startswith(prefixes) and not job.removed
        ]

    async def run_jobs(self) -> list[str]:
        """Run the one-off jobs waiting to run now, and those they schedule; their names."""
        ran: list[str] = []
        while jobs := self._jobs(*self.ONE_OFF):
            for job in jobs:
                job.schedule_removal()
                await job.run(self.application)
                ran.append(str(job.name))
        return ran

    async def advance(
        self, delta: timedelta | None = None, *, to: datetime | None = None
    ) -> list[str]:
        """Move the clock by `delta` (or to `to`), stopping at every moment a scheduled job falls
        due on the way and running it there, as a bot that kept running would. The names of the
        jobs run, in order."""
        assert self.clock is not None, "advance() needs a clock it can set"
        target = to or self.clock.now() + (delta or timedelta())
        ran: list[str] = []
        cursor = self.clock.now()
        while True:
            due = [
                (fire, job)
                for job in self._jobs("schedule:")
                if (fire := job.job.trigger.get_next_fire_time(None, cursor)) is not None
            ]
            if not due:
                break
            fire = min(moment for moment, _ in due)
            if fire > target:
                break
            self.clock.set(max(fire, self.clock.now()))
            for moment, job in due:
                if moment == fire:  # every job due at this moment, in the order they were added
                    await job.run(self.application)
                    ran.append(str(job.name))
                    ran += await self.run_jobs()
            cursor = fire + timedelta(microseconds=1)
        self.clock.set(max(target, self.clock.now()))
        await self.settle(outbox=True)  # a group batch whose gap passed on the way goes now
        return ran

    async def stop(self) -> None:
        if not self.running:
            return
        self.running = False
        self.emulator.deliver = None
        await stop_application(self.application)

    async def process(self, data: dict[str, Any]) -> None:
        """Put an update on the application's queue; return when it has been processed and
        what it started has settled."""
        await self.enqueue(data)
        await self.settle()

    async def enqueue(self, data: dict[str, Any]) -> None:
        """Put an update on the queue and wait until it has been processed (not settled)."""
        update = Update.de_json(data, self.application.bot)
        done = asyncio.get_running_loop().create_future()
        self._processing[update.update_id] = done
        await self.application.update_queue.put(update)
        await done

    def _processed(self, update: object) -> None:
        if isinstance(update, Update):
            done = self._processing.pop(update.update_id, None)
            if done is not None and not done.done():
                done.set_result(None)

    async def settle(self, *, outbox: bool = False) -> None:
        """Until the background work started by updates has finished and the outbox has sent
        what is due now: when something was written to it since (as in production, where a
        commit wakes the sender), or always with `outbox`."""
        services = self.application.bot_data
        while True:
            await services.background.idle()
            if outbox or services.outbox.poked:
                await services.outbox.flush()
            if not services.background.tasks:
                return

    @contextlib.contextmanager
    def unsettled(self) -> Iterator[None]:
        """Person-side calls return as soon as their update is processed, without waiting for
        what it started (an export being made, the outbox): to see what happens meanwhile."""
        self.emulator.deliver = self.enqueue
        try:
            yield
        finally:
            self.emulator.deliver = self.process

    def person(self, user: User, chat: Chat | None = None) -> Person:
        return Person(self.emulator, user, chat)


class Person:
    """One person in one chat (their private chat with the bot unless a group is given)."""

    def __init__(self, emulator: TelegramEmulator, user: User, chat: Chat | None = None) -> None:
        self.emulator = emulator
        self.user = user
        self.chat = chat or emulator.private_chat(user)

    @property
    def id(self) -> int:
        return self.user.id

    def _replies(self, actions: list[BotAction]) -> Replies:
        messages = [
            action.message
            for action in actions
            if action.kind in ("send", "edit")
            and action.chat_id == self.chat.id
            and action.message is not None
        ]
        toasts = [
            action.detail.get("text")
            for action in actions
            if action.kind == "answer" and action.detail.get("user_id") == self.user.id
        ]
        return Replies(messages, toasts)

    async def send(self, text: str) -> Replies:
        return self._replies(await self.emulator.send_text(self.user, text, self.chat))

    async def tap(self, label: str) -> Replies:
        """Press a button of the reply keyboard under the text box: it sends its label."""
        keyboard = self.reply_keyboard
        if not any(label in row for row in keyboard):
            raise LookupError(f"no keyboard button {label!r}; the keyboard is {keyboard}")
        return await self.send(label)

    async def press(
        self, label: str | None = None, *, data: str | None = None, message: Message | None = None
    ) -> Replies:
        actions = await self.emulator.press(
            self.user, label, data=data, message=message, chat=self.chat
        )
        return self._replies(actions)

    async def forge(self, data: str, message: Message | None = None) -> Replies:
        """Send callback data that no button offered (a tampered client), on `message` or the
        last bot message in this chat."""
        target = message or self.last
        return self._replies(await self.emulator.forge_callback(self.user, data, target))

    async def send_photo(self, content: bytes = b"\xff\xd8\xff photo", **kwargs: Any) -> Replies:
        return self._replies(
            await self.emulator.send_photo(self.user, content, chat=self.chat, **kwargs)
        )

    async def send_album(self, photos: list[bytes]) -> Replies:
        return self._replies(await self.emulator.send_album(self.user, photos, self.chat))

    async def send_document(
        self, content: bytes, file_name: str, mime_type: str, **kwargs: Any
    ) -> Replies:
        return self._replies(
            await self.emulator.send_document(
                self.user, content, file_name, mime_type, chat=self.chat, **kwargs
            )
        )

    async def share_contact(
        self, phone: str = "+6281234567890", *, of: User | None = None
    ) -> Replies:
        return self._replies(await self.emulator.share_contact(self.user, phone, self.chat, of=of))

    async def send_sticker(self) -> Replies:
        return self._replies(await self.emulator.send_sticker(self.user, self.chat))

    async def send_voice(self) -> Replies:
        return self._replies(await self.emulator.send_voice(self.user, self.chat))

    async def send_location(self) -> Replies:
        return self._replies(await self.emulator.send_location(self.user, self.chat))

    async def send_animation(self) -> Replies:
        return self._replies(await self.emulator.send_animation(self.user, self.chat))

    async def forward(self, text: str, original_sender: User) -> Replies:
        return self._replies(
            await self.emulator.forward_text(self.user, text, original_sender, self.chat)
        )

    async def edit(self, message: Message, text: str) -> Replies:
        return self._replies(await self.emulator.edit_text(self.user, message, text))

    def block(self) -> None:
        self.emulator.block(self.user)

    async def unblock(self) -> Replies:
        return self._replies(await self.emulator.unblock(self.user))

    @property
    def messages(self) -> list[Message]:
        """Everything in this chat, the person's and the bot's, as it stands now."""
        return self.emulator.messages(self.chat.id)

    @property
    def bot_messages(self) -> list[Message]:
        return [message for message in self.messages if message.from_bot]

    @property
    def last(self) -> Message:
        messages = self.bot_messages
        if not messages:
            raise AssertionError("the bot has sent nothing in this chat")
        return messages[-1]

    @property
    def reply_keyboard(self) -> list[list[str]]:
        keyboard = self.chat.reply_keyboard
        if not keyboard:
            return []
        return [
            [button if isinstance(button, str) else button["text"] for button in row]
            for row in keyboard["keyboard"]
        ]
