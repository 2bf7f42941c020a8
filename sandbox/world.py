"""What the emulated Telegram holds: the bot, the people, their chats and messages, the files,
and what the bot did. Both sides of the emulator work on this one state: the Bot API side
(:mod:`sandbox.botapi`, the bot's requests) and the person's side (:mod:`sandbox.person`, what a
user does); the rules Telegram applies between them are in :mod:`sandbox.rules`.
"""

from __future__ import annotations

import asyncio
import dataclasses
import hashlib
import itertools
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

# Shaped like a real token so the bot's own checks accept it; it opens nothing anywhere.
SANDBOX_TOKEN = "123456789:SANDBOXsandboxSANDBOXsandbox00000"  # noqa: S105

Clock = Callable[[], datetime]


def real_clock() -> datetime:
    return datetime.now(UTC)


@dataclass
class User:
    id: int
    first_name: str
    last_name: str | None = None
    username: str | None = None
    language_code: str | None = None
    is_bot: bool = False
    blocked_bot: bool = False

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {"id": self.id, "is_bot": self.is_bot, "first_name": self.first_name}
        for name in ("last_name", "username", "language_code"):
            if getattr(self, name):
                data[name] = getattr(self, name)
        return data

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}" if self.last_name else self.first_name


@dataclass
class Chat:
    id: int
    type: str  # private | group | supergroup
    title: str | None = None
    user: User | None = None
    members: set[int] = field(default_factory=set)
    bot_is_member: bool = True
    migrated_to: int | None = None
    reply_keyboard: dict[str, Any] | None = None

    def to_dict(self) -> dict[str, Any]:
        if self.type == "private" and self.user is not None:
            data = {"id": self.id, "type": "private", "first_name": self.user.first_name}
            if self.user.last_name:
                data["last_name"] = self.user.last_name
            if self.user.username:
                data["username"] = self.user.username
            return data
        return {"id": self.id, "type": self.type, "title": self.title or ""}


@dataclass
class StoredFile:
    file_id: str
    file_unique_id: str
    content: bytes
    kind: str
    file_name: str | None = None
    mime_type: str | None = None

    @property
    def size(self) -> int:
        return len(self.content)

    @property
    def path(self) -> str:
        folder = "photos" if self.kind == "photo" else "documents"
        suffix = ".jpg" if self.kind == "photo" else _suffix(self.file_name)
        return f"{folder}/{self.file_unique_id}{suffix}"


def _suffix(name: str | None) -> str:
    match = re.search(r"(\.[A-Za-z0-9]{1,8})$", name or "")
    return match.group(1) if match else ""


@dataclass
class Message:
    """A message in a chat, as the emulator keeps it (the bot's and the people's)."""

    chat_id: int
    message_id: int
    date: datetime
    sender: User
    text: str | None = None  # what the person sees, after entity parsing
    html: str | None = None  # what the bot sent, for HTML messages
    caption: str | None = None
    reply_markup: dict[str, Any] | None = None
    photo: list[dict[str, Any]] | None = None
    document: dict[str, Any] | None = None
    media_group_id: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)
    edit_date: datetime | None = None
    deleted: bool = False

    def snapshot(self) -> Message:
        """This message as it is now, for the record of what the bot did. Sends and edits
        replace a message's fields (never change a field's value in place), so a shallow copy
        keeps what it was; a deep one cost more than the send itself."""
        return dataclasses.replace(self, extra=dict(self.extra))

    @property
    def from_bot(self) -> bool:
        return self.sender.is_bot

    @property
    def content(self) -> str:
        """The text or the caption: what the person reads."""
        return self.text if self.text is not None else (self.caption or "")

    @property
    def inline_buttons(self) -> list[list[dict[str, Any]]]:
        if not self.reply_markup:
            return []
        return self.reply_markup.get("inline_keyboard", [])

    @property
    def button_labels(self) -> list[list[str]]:
        return [[button["text"] for button in row] for row in self.inline_buttons]

    @property
    def reply_keyboard_labels(self) -> list[list[str]]:
        if not self.reply_markup or "keyboard" not in self.reply_markup:
            return []
        return [
            [button if isinstance(button, str) else button["text"] for button in row]
            for row in self.reply_markup["keyboard"]
        ]

    def to_dict(self, chat: Chat) -> dict[str, Any]:
        data: dict[str, Any] = {
            "message_id": self.message_id,
            "from": self.sender.to_dict(),
            "chat": chat.to_dict(),
            "date": int(self.date.timestamp()),
        }
        if self.text is not None:
            data["text"] = self.text
        if self.caption is not None:
            data["caption"] = self.caption
        if self.photo is not None:
            data["photo"] = self.photo
        if self.document is not None:
            data["document"] = self.document
        if self.media_group_id is not None:
            data["media_group_id"] = self.media_group_id
        if self.reply_markup and "inline_keyboard" in self.reply_markup:
            data["reply_markup"] = self.reply_markup
        if self.edit_date is not None:
            data["edit_date"] = int(self.edit_date.timestamp())
        data.update(self.extra)
        return data


@dataclass
class BotAction:
    """One thing the bot did that a person can see: a message sent, edited or deleted, a
    callback answered (a toast), a chat action shown."""

    kind: str  # send | edit | delete | answer | chat_action | leave
    chat_id: int | None
    message: Message | None = None  # a snapshot, as it was right after the action
    detail: dict[str, Any] = field(default_factory=dict)


@dataclass
class CallbackQuery:
    id: str
    user_id: int
    created_at: datetime
    answered: bool = False


# Fields of a message kept when the chats are saved (see World.snapshot); a file's bytes are
# not, as Telegram's file ids are not the bot's to keep either.
_SAVED_FIELDS = (
    "text", "html", "caption", "reply_markup", "photo", "document", "media_group_id", "extra",
)  # fmt: skip


class World:
    """The state both sides of the emulator share: one bot, any number of users, private chats
    and groups, every message, every file, and the bot's visible actions in order."""

    def __init__(
        self,
        *,
        token: str = SANDBOX_TOKEN,
        bot_username: str = "InovasiSandboxBot",
        clock: Clock = real_clock,
    ) -> None:
        self.token = token
        self.bot = User(
            id=int(token.split(":", 1)[0]),
            first_name="Inovasi Bot",
            username=bot_username,
            is_bot=True,
        )
        self.clock = clock
        self.users: dict[int, User] = {}
        self.chats: dict[int, Chat] = {}
        self.history: dict[int, list[Message]] = {}
        self.actions: list[BotAction] = []
        self.files: dict[str, StoredFile] = {}
        self.callback_queries: dict[str, CallbackQuery] = {}
        # Updates waiting for getUpdates (when nobody takes them directly, see PersonSide).
        self._queue: list[dict[str, Any]] = []
        # Updates Telegram sends because of something the bot did (leaving a group sends its
        # own `my_chat_member`): delivered after the update being processed, or queued for
        # getUpdates, by whichever side takes updates (see PersonSide._deliver).
        self.follow_ups: list[dict[str, Any]] = []
        self._update_ids = itertools.count(1)
        self._queue_changed = asyncio.Condition()
        self._closed = False
        self._changed = asyncio.Event()
        self._user_ids = itertools.count(5_000_000_001)
        self._group_ids = itertools.count(1_001)
        self._file_counter = itertools.count(1)
        self._message_ids: dict[int, itertools.count[int]] = {}

    # --- who is there -------------------------------------------------------------------

    def add_user(
        self,
        first_name: str = "Siti",
        *,
        last_name: str | None = None,
        username: str | None = None,
        language_code: str | None = "id",
        user_id: int | None = None,
    ) -> User:
        if user_id is None:
            user_id = next(self._user_ids)
            while user_id in self.users:
                user_id = next(self._user_ids)
        user = User(
            id=user_id,
            first_name=first_name,
            last_name=last_name,
            username=username,
            language_code=language_code,
        )
        self.users[user.id] = user
        return user

    def private_chat(self, user: User) -> Chat:
        chat = self.chats.get(user.id)
        if chat is None:
            chat = Chat(id=user.id, type="private", user=user, members={user.id})
            self.chats[user.id] = chat
        return chat

    def add_group(
        self,
        title: str,
        members: list[User] | None = None,
        *,
        supergroup: bool = False,
        chat_id: int | None = None,
    ) -> Chat:
        number = next(self._group_ids)
        chat_id = chat_id or (-1_001_000_000_000 - number if supergroup else -number)
        chat = Chat(
            id=chat_id,
            type="supergroup" if supergroup else "group",
            title=title,
            members={user.id for user in members or []},
        )
        self.chats[chat.id] = chat
        return chat

    # --- messages -----------------------------------------------------------------------

    def messages(self, chat_id: int) -> list[Message]:
        """A chat's history as it stands: deleted messages left out, edits applied."""
        return [m for m in self.history.get(chat_id, []) if not m.deleted]

    def _find_message(self, chat_id: int, message_id: Any) -> Message | None:
        try:
            wanted = int(message_id)
        except (TypeError, ValueError):
            return None
        return next((m for m in self.history.get(chat_id, []) if m.message_id == wanted), None)

    def _next_message_id(self, chat_id: int) -> int:
        return next(self._message_ids.setdefault(chat_id, itertools.count(1)))

    def _add_message(self, chat: Chat, sender: User, **fields: Any) -> Message:
        message = Message(
            chat_id=chat.id,
            message_id=self._next_message_id(chat.id),
            date=self.clock(),
            sender=sender,
            **fields,
        )
        self.history.setdefault(chat.id, []).append(message)
        return message

    def _bot_message(self, chat: Chat, **fields: Any) -> Message:
        message = self._add_message(chat, self.bot, **fields)
        self._record(BotAction("send", chat.id, message.snapshot()))
        return message

    def _record(self, action: BotAction) -> None:
        self.actions.append(action)
        self._changed.set()

    async def wait_until(self, condition: Callable[[], bool]) -> None:
        """Wait until `condition` holds, re-checking after every API call and bot action (an
        event, never a sleep): for a bot in another process, whose processing the caller
        cannot await. Bound it with ``asyncio.timeout``."""
        while not condition():
            self._changed.clear()
            await self._changed.wait()

    async def wait_for_actions(self, count: int) -> list[BotAction]:
        await self.wait_until(lambda: len(self.actions) >= count)
        return self.actions[:count]

    # --- files --------------------------------------------------------------------------

    def store_file(
        self,
        content: bytes,
        kind: str,
        *,
        file_name: str | None = None,
        mime_type: str | None = None,
    ) -> StoredFile:
        number = next(self._file_counter)
        digest = hashlib.sha256(content).hexdigest()[:16]
        prefix = "AgAC" if kind == "photo" else "BQAC"
        stored = StoredFile(
            file_id=f"{prefix}AgIAAxkBAAI{number:06d}{digest}",
            file_unique_id=f"AQAD{digest[:12]}{number:04d}",
            content=content,
            kind=kind,
            file_name=file_name,
            mime_type=mime_type,
        )
        self.files[stored.file_id] = stored
        return stored

    # --- keeping the chats across a restart ---------------------------------------------

    def snapshot(self) -> dict[str, Any]:
        """The people and the chats' histories as JSON-able data: Telegram keeps a chat's
        messages when the bot restarts, so the terminal sandbox saves and restores them."""
        return {
            "users": [
                {k: v for k, v in user.to_dict().items() if k != "is_bot"}
                for user in self.users.values()
            ],
            "chats": [
                {
                    "id": chat.id,
                    "type": chat.type,
                    "title": chat.title,
                    "members": sorted(chat.members),
                    "reply_keyboard": chat.reply_keyboard,
                    "messages": [
                        {
                            "message_id": m.message_id,
                            "date": m.date.isoformat(),
                            "sender": m.sender.id,
                            **{name: getattr(m, name) for name in _SAVED_FIELDS},
                        }
                        for m in self.messages(chat.id)
                    ],
                }
                for chat in self.chats.values()
                if chat.migrated_to is None
            ],
        }

    def restore(self, saved: dict[str, Any]) -> None:
        """Put back what :meth:`snapshot` saved; people and chats that exist already keep their
        objects (and get the saved history)."""
        for data in saved.get("users", []):
            if data["id"] not in self.users:
                self.add_user(
                    data["first_name"],
                    last_name=data.get("last_name"),
                    username=data.get("username"),
                    language_code=data.get("language_code"),
                    user_id=data["id"],
                )
        for data in saved.get("chats", []):
            chat = self.chats.get(data["id"])
            if chat is None:
                user = self.users.get(data["id"]) if data["type"] == "private" else None
                chat = Chat(id=data["id"], type=data["type"], title=data.get("title"), user=user)
                self.chats[chat.id] = chat
            chat.members |= set(data.get("members", []))
            chat.reply_keyboard = data.get("reply_keyboard")
            messages = []
            for saved_message in data.get("messages", []):
                sender = self.users.get(saved_message["sender"]) or self.bot
                fields = {name: saved_message.get(name) for name in _SAVED_FIELDS}
                fields["extra"] = fields["extra"] or {}
                messages.append(
                    Message(
                        chat_id=chat.id,
                        message_id=saved_message["message_id"],
                        date=datetime.fromisoformat(saved_message["date"]),
                        sender=sender,
                        **fields,
                    )
                )
            self.history[chat.id] = messages
            last = max((m.message_id for m in messages), default=0)
            self._message_ids[chat.id] = itertools.count(last + 1)


def photo_sizes(stored: StoredFile) -> list[dict[str, Any]]:
    return [
        {
            "file_id": stored.file_id,
            "file_unique_id": stored.file_unique_id,
            "width": 1280,
            "height": 960,
            "file_size": stored.size,
        }
    ]


def document(stored: StoredFile) -> dict[str, Any]:
    data: dict[str, Any] = {
        "file_id": stored.file_id,
        "file_unique_id": stored.file_unique_id,
        "file_size": stored.size,
    }
    if stored.file_name:
        data["file_name"] = stored.file_name
    if stored.mime_type:
        data["mime_type"] = stored.mime_type
    return data
