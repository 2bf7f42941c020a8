"""An in-process emulator of the parts of the Telegram Bot API that the bot uses.

It answers as Telegram does where bots break: message and caption lengths, callback data size,
HTML that does not parse, edits that change nothing, unknown chats, blocked users, late callback
answers, flood limits and migrated groups. Methods it does not implement answer 404 like
Telegram, so a gap shows up as a failing test rather than silence.

The person's side (a user typing, pressing buttons, sending files) lives here too; see
:class:`sandbox.client.SandboxClient` for the friendlier wrapper the tests use.
"""

from __future__ import annotations

import asyncio
import copy
import hashlib
import itertools
import json
import math
import re
from collections import deque
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from sandbox.html import HtmlParseError, parse_html, utf16_length

MAX_TEXT = 4096
MAX_CAPTION = 1024
MAX_CALLBACK_DATA = 64
CALLBACK_ANSWER_WINDOW = timedelta(seconds=15)
MAX_PHOTO_BYTES = 10 * 1024 * 1024
MAX_UPLOAD_BYTES = 50 * 1024 * 1024
CHAT_ACTIONS = {
    "typing", "upload_photo", "record_video", "upload_video", "record_voice", "upload_voice",
    "upload_document", "choose_sticker", "find_location", "record_video_note",
    "upload_video_note",
}  # fmt: skip
# Parameters whose value travels as JSON inside a form or query string.
JSON_PARAMETERS = {
    "reply_markup", "media", "commands", "scope", "allowed_updates", "entities",
    "caption_entities", "link_preview_options", "reply_parameters",
}  # fmt: skip

# Shaped like a real token so the bot's own checks accept it; it opens nothing anywhere.
SANDBOX_TOKEN = "123456789:SANDBOXsandboxSANDBOXsandbox00000"  # noqa: S105

Clock = Callable[[], datetime]
UpdateSink = Callable[[dict[str, Any]], Awaitable[None]]


def real_clock() -> datetime:
    return datetime.now(UTC)


class EmulatedTimeout(Exception):
    """The request got no answer: "timeout", it never arrived (a connect timeout); "late", it
    was carried out and the answer was lost (a read timeout)."""

    def __init__(self, method: str, *, carried_out: bool) -> None:
        super().__init__(method)
        self.carried_out = carried_out


# What a fault hook may answer for a request: Telegram's flood limit, a server error, no answer
# (the request lost on the way there, or the answer lost on the way back).
FAULTS = ("429", "5xx", "timeout", "late")
FaultHook = Callable[[str, dict[str, Any]], str | None]


class BotApiError(Exception):
    """A Bot API error response: HTTP status, Telegram's description, optional parameters."""

    def __init__(
        self, status: int, description: str, parameters: dict[str, Any] | None = None
    ) -> None:
        super().__init__(description)
        self.status = status
        self.description = description
        self.parameters = parameters

    def payload(self) -> dict[str, Any]:
        body: dict[str, Any] = {
            "ok": False,
            "error_code": self.status,
            "description": self.description,
        }
        if self.parameters:
            body["parameters"] = self.parameters
        return body


def bad_request(description: str, **parameters: Any) -> BotApiError:
    return BotApiError(400, f"Bad Request: {description}", parameters or None)


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

    kind: str  # send | edit | delete | answer | chat_action
    chat_id: int | None
    message: Message | None = None  # a snapshot, as it was right after the action
    detail: dict[str, Any] = field(default_factory=dict)


@dataclass
class CallbackQuery:
    id: str
    user_id: int
    created_at: datetime
    answered: bool = False


@dataclass(frozen=True)
class FloodLimits:
    overall_per_second: int = 30
    private_per_second: int = 1
    group_per_minute: int = 20


class FloodControl:
    """Sliding windows over the emulator's clock; a send over a limit gets 429 retry_after."""

    def __init__(self, limits: FloodLimits, clock: Clock) -> None:
        self.limits = limits
        self.clock = clock
        self.overall: deque[datetime] = deque()
        self.per_chat: dict[int, deque[datetime]] = {}
        self.rejected = 0

    def check(self, chat: Chat) -> None:
        now = self.clock()
        windows = [(self.overall, timedelta(seconds=1), self.limits.overall_per_second)]
        sent = self.per_chat.setdefault(chat.id, deque())
        if chat.type == "private":
            windows.append((sent, timedelta(seconds=1), self.limits.private_per_second))
        else:
            windows.append((sent, timedelta(minutes=1), self.limits.group_per_minute))
        wait = 0.0
        for times, span, limit in windows:
            while times and now - times[0] >= span:
                times.popleft()
            if len(times) >= limit:
                wait = max(wait, (times[0] + span - now).total_seconds())
        if wait > 0:
            self.rejected += 1
            retry_after = max(1, math.ceil(wait))
            raise BotApiError(
                429, f"Too Many Requests: retry after {retry_after}", {"retry_after": retry_after}
            )
        self.overall.append(now)
        sent.append(now)


class TelegramEmulator:
    """The Bot API's side. One bot, any number of users, private chats and groups."""

    def __init__(
        self,
        *,
        token: str = SANDBOX_TOKEN,
        bot_username: str = "InovasiSandboxBot",
        clock: Clock = real_clock,
        flood_limits: FloodLimits | None = None,
    ) -> None:
        self.token = token
        self.bot = User(
            id=int(token.split(":", 1)[0]),
            first_name="Inovasi Bot",
            username=bot_username,
            is_bot=True,
        )
        self.clock = clock
        self.flood = FloodControl(flood_limits, clock) if flood_limits else None
        self.users: dict[int, User] = {}
        self.chats: dict[int, Chat] = {}
        self.history: dict[int, list[Message]] = {}
        self.actions: list[BotAction] = []
        self.files: dict[str, StoredFile] = {}
        self.callback_queries: dict[str, CallbackQuery] = {}
        self.commands: dict[tuple[str, str], list[dict[str, Any]]] = {}
        self.webhook_url: str | None = None
        self.calls: list[str] = []
        self.deliver: UpdateSink | None = None
        # Called with (method, params) before a request is carried out; answering one of FAULTS
        # makes that request fail so (tests of 429s, 5xx and timeouts).
        self.faults: FaultHook | None = None
        self.fault_counts: dict[str, int] = dict.fromkeys(FAULTS, 0)
        self._queue: list[dict[str, Any]] = []
        self._queue_changed = asyncio.Condition()
        self._closed = False
        self._changed = asyncio.Event()
        self._update_ids = itertools.count(1)
        self.last_update_of: dict[int, int] = {}  # user id → the newest update they sent
        self._user_ids = itertools.count(5_000_000_001)
        self._group_ids = itertools.count(1_001)
        self._callback_ids = itertools.count(1)
        self._file_counter = itertools.count(1)
        self._message_ids: dict[int, itertools.count[int]] = {}
        self.handlers: dict[str, Callable[[dict[str, Any], dict[str, Any]], Any]] = {
            "getMe": self._get_me,
            "getUpdates": self._get_updates,
            "sendMessage": self._send_message,
            "editMessageText": self._edit_message_text,
            "editMessageCaption": self._edit_message_caption,
            "editMessageReplyMarkup": self._edit_message_reply_markup,
            "deleteMessage": self._delete_message,
            "answerCallbackQuery": self._answer_callback_query,
            "sendPhoto": self._send_photo,
            "sendDocument": self._send_document,
            "sendMediaGroup": self._send_media_group,
            "getFile": self._get_file,
            "sendChatAction": self._send_chat_action,
            "setMyCommands": self._set_my_commands,
            "getMyCommands": self._get_my_commands,
            "deleteMyCommands": self._delete_my_commands,
            "setWebhook": self._set_webhook,
            "deleteWebhook": self._delete_webhook,
            "getWebhookInfo": self._get_webhook_info,
            "getChat": self._get_chat,
        }

    # --- the Bot API side ---------------------------------------------------------------

    async def call(
        self,
        method: str,
        params: dict[str, Any],
        files: dict[str, tuple[str | None, bytes, str | None]] | None = None,
        token: str | None = None,
    ) -> tuple[int, dict[str, Any]]:
        """Answer one Bot API request: (HTTP status, JSON body)."""
        if token is not None and token != self.token:
            return 401, {"ok": False, "error_code": 401, "description": "Unauthorized"}
        handler = self.handlers.get(method) or next(
            (h for name, h in self.handlers.items() if name.lower() == method.lower()), None
        )
        if handler is None:
            return 404, {"ok": False, "error_code": 404, "description": "Not Found"}
        self.calls.append(method)
        try:
            params = {name: _decode(name, value) for name, value in params.items()}
            fault = self.faults(method, params) if self.faults is not None else None
            if fault is not None:
                self.fault_counts[fault] += 1
                if fault == "timeout":
                    raise EmulatedTimeout(method, carried_out=False)
                if fault == "429":
                    raise BotApiError(429, "Too Many Requests: retry after 2", {"retry_after": 2})
                if fault == "5xx":
                    raise BotApiError(500, "Internal Server Error")
            result = handler(params, files or {})
            if asyncio.iscoroutine(result):
                result = await result
            if fault == "late":
                raise EmulatedTimeout(method, carried_out=True)
        except BotApiError as exc:
            return exc.status, exc.payload()
        finally:
            self._changed.set()
        return 200, {"ok": True, "result": result}

    def file_content(self, path: str, token: str | None = None) -> tuple[int, bytes]:
        if token is not None and token != self.token:
            return 401, b'{"ok":false,"error_code":401,"description":"Unauthorized"}'
        for stored in self.files.values():
            if stored.path == path:
                return 200, stored.content
        return 404, b'{"ok":false,"error_code":404,"description":"Not Found"}'

    def _get_me(self, params: dict[str, Any], files: dict[str, Any]) -> dict[str, Any]:
        return {
            **self.bot.to_dict(),
            "can_join_groups": True,
            "can_read_all_group_messages": False,
            "supports_inline_queries": False,
        }

    async def _get_updates(self, params: dict[str, Any], files: dict[str, Any]) -> list[Any]:
        if self.webhook_url:
            raise BotApiError(
                409,
                "Conflict: can't use getUpdates method while webhook is active; "
                "use deleteWebhook to delete the webhook first",
            )
        offset = int(params.get("offset") or 0)
        limit = min(max(int(params.get("limit") or 100), 1), 100)
        timeout = float(params.get("timeout") or 0)
        async with self._queue_changed:
            if offset:
                self._queue = [u for u in self._queue if u["update_id"] >= offset]
            if not self._queue and timeout > 0:
                try:
                    await asyncio.wait_for(
                        self._queue_changed.wait_for(lambda: bool(self._queue) or self._closed),
                        timeout,
                    )
                except TimeoutError:
                    return []
            return copy.deepcopy(self._queue[:limit])

    def _send_message(self, params: dict[str, Any], files: dict[str, Any]) -> dict[str, Any]:
        chat = self._target_chat(params)
        text, html = self._formatted(params, "text", MAX_TEXT, required=True)
        markup = self._reply_markup(chat, params.get("reply_markup"))
        self._count_send(chat)
        message = self._bot_message(chat, text=text, html=html, reply_markup=markup)
        return message.to_dict(chat)

    def _send_photo(self, params: dict[str, Any], files: dict[str, Any]) -> dict[str, Any]:
        chat = self._target_chat(params)
        caption, html = self._formatted(params, "caption", MAX_CAPTION)
        markup = self._reply_markup(chat, params.get("reply_markup"))
        stored = self._input_file(params, files, "photo", "photo")
        self._count_send(chat)
        message = self._bot_message(
            chat, caption=caption, html=html, reply_markup=markup, photo=self._photo_sizes(stored)
        )
        return message.to_dict(chat)

    def _send_document(self, params: dict[str, Any], files: dict[str, Any]) -> dict[str, Any]:
        chat = self._target_chat(params)
        caption, html = self._formatted(params, "caption", MAX_CAPTION)
        markup = self._reply_markup(chat, params.get("reply_markup"))
        stored = self._input_file(params, files, "document", "document")
        self._count_send(chat)
        message = self._bot_message(
            chat, caption=caption, html=html, reply_markup=markup, document=_document(stored)
        )
        return message.to_dict(chat)

    def _send_media_group(self, params: dict[str, Any], files: dict[str, Any]) -> list[Any]:
        chat = self._target_chat(params)
        media = params.get("media")
        if not isinstance(media, list) or not 2 <= len(media) <= 10:
            raise bad_request("wrong number of media in the album (2-10)")
        kinds = {item.get("type") for item in media if isinstance(item, dict)}
        if not kinds <= {"photo", "document"} or (len(kinds) > 1 and "document" in kinds):
            raise bad_request("documents can't be mixed with other media types")
        prepared = []
        for item in media:
            caption, html = self._formatted(item, "caption", MAX_CAPTION)
            stored = self._input_file(item, files, "media", item["type"])
            prepared.append((item["type"], stored, caption, html))
        group_id = f"{next(self._file_counter):013d}"
        messages = []
        for kind, stored, caption, html in prepared:
            self._count_send(chat)
            message = self._bot_message(
                chat,
                caption=caption,
                html=html,
                photo=self._photo_sizes(stored) if kind == "photo" else None,
                document=_document(stored) if kind == "document" else None,
                media_group_id=group_id,
            )
            messages.append(message.to_dict(chat))
        return messages

    def _edit_message_text(self, params: dict[str, Any], files: dict[str, Any]) -> Any:
        chat, message = self._editable(params)
        if message.text is None:
            raise bad_request("there is no text in the message to edit")
        text, html = self._formatted(params, "text", MAX_TEXT, required=True)
        markup = self._edit_markup(chat, params.get("reply_markup"))
        if text == message.text and html == message.html and markup == message.reply_markup:
            raise _not_modified()
        message.text, message.html, message.reply_markup = text, html, markup
        return self._edited(chat, message)

    def _edit_message_caption(self, params: dict[str, Any], files: dict[str, Any]) -> Any:
        chat, message = self._editable(params)
        if message.photo is None and message.document is None:
            raise bad_request("there is no caption in the message to edit")
        caption, html = self._formatted(params, "caption", MAX_CAPTION)
        markup = self._edit_markup(chat, params.get("reply_markup"))
        if caption == message.caption and html == message.html and markup == message.reply_markup:
            raise _not_modified()
        message.caption, message.html, message.reply_markup = caption, html, markup
        return self._edited(chat, message)

    def _edit_message_reply_markup(self, params: dict[str, Any], files: dict[str, Any]) -> Any:
        chat, message = self._editable(params)
        markup = self._edit_markup(chat, params.get("reply_markup"))
        if markup == message.reply_markup:
            raise _not_modified()
        message.reply_markup = markup
        return self._edited(chat, message)

    def _delete_message(self, params: dict[str, Any], files: dict[str, Any]) -> bool:
        chat = self._known_chat(params.get("chat_id"))
        message = self._find_message(chat.id, params.get("message_id"))
        if message is None or message.deleted:
            raise bad_request("message to delete not found")
        if self.clock() - message.date > timedelta(hours=48):
            raise bad_request("message can't be deleted for everyone")
        message.deleted = True
        self._record(BotAction("delete", chat.id, copy.deepcopy(message)))
        return True

    def _answer_callback_query(self, params: dict[str, Any], files: dict[str, Any]) -> bool:
        query = self.callback_queries.get(str(params.get("callback_query_id", "")))
        if (
            query is None
            or query.answered
            or self.clock() - query.created_at > CALLBACK_ANSWER_WINDOW
        ):
            raise bad_request(
                "query is too old and response timeout expired or query ID is invalid"
            )
        text = params.get("text")
        if text is not None and len(str(text)) > 200:
            raise bad_request("MESSAGE_TOO_LONG")
        query.answered = True
        self._record(
            BotAction(
                "answer",
                None,
                detail={
                    "user_id": query.user_id,
                    "text": text,
                    "show_alert": _flag(params.get("show_alert")),
                },
            )
        )
        return True

    def _get_file(self, params: dict[str, Any], files: dict[str, Any]) -> dict[str, Any]:
        stored = self.files.get(str(params.get("file_id", "")))
        if stored is None:
            raise bad_request("invalid file_id")
        if stored.size > 20 * 1024 * 1024:
            raise bad_request("file is too big")
        return {
            "file_id": stored.file_id,
            "file_unique_id": stored.file_unique_id,
            "file_size": stored.size,
            "file_path": stored.path,
        }

    def _send_chat_action(self, params: dict[str, Any], files: dict[str, Any]) -> bool:
        chat = self._target_chat(params)
        action = params.get("action")
        if action not in CHAT_ACTIONS:
            raise bad_request("wrong parameter action in request")
        self._record(BotAction("chat_action", chat.id, detail={"action": action}))
        return True

    def _set_my_commands(self, params: dict[str, Any], files: dict[str, Any]) -> bool:
        commands = params.get("commands")
        if not isinstance(commands, list) or len(commands) > 100:
            raise bad_request("commands must be a list of at most 100")
        for command in commands:
            name = command.get("command", "") if isinstance(command, dict) else ""
            description = command.get("description", "") if isinstance(command, dict) else ""
            if not re.fullmatch(r"[a-z0-9_]{1,32}", name):
                raise bad_request("BOT_COMMAND_INVALID")
            if not 1 <= len(description) <= 256:
                raise bad_request("BOT_COMMAND_DESCRIPTION_INVALID")
        self.commands[self._command_key(params)] = commands
        return True

    def _get_my_commands(self, params: dict[str, Any], files: dict[str, Any]) -> list[Any]:
        return self.commands.get(self._command_key(params), [])

    def _delete_my_commands(self, params: dict[str, Any], files: dict[str, Any]) -> bool:
        self.commands.pop(self._command_key(params), None)
        return True

    def _set_webhook(self, params: dict[str, Any], files: dict[str, Any]) -> bool:
        url = str(params.get("url") or "")
        if url and not url.startswith("https://"):
            raise bad_request("bad webhook: An HTTPS URL must be provided for webhook")
        secret = params.get("secret_token")
        if secret is not None and not re.fullmatch(r"[A-Za-z0-9_-]{1,256}", str(secret)):
            raise bad_request("bad webhook: secret token contains unallowed characters")
        self.webhook_url = url or None
        return True

    def _delete_webhook(self, params: dict[str, Any], files: dict[str, Any]) -> bool:
        self.webhook_url = None
        if _flag(params.get("drop_pending_updates")):
            self._queue.clear()
        return True

    def _get_webhook_info(self, params: dict[str, Any], files: dict[str, Any]) -> dict[str, Any]:
        return {
            "url": self.webhook_url or "",
            "has_custom_certificate": False,
            "pending_update_count": len(self._queue),
        }

    def _get_chat(self, params: dict[str, Any], files: dict[str, Any]) -> dict[str, Any]:
        chat = self._known_chat(params.get("chat_id"))
        return {**chat.to_dict(), "accent_color_id": 0, "max_reaction_count": 11}

    # --- rules ----------------------------------------------------------------------------

    def _known_chat(self, chat_id: Any) -> Chat:
        try:
            key = int(chat_id)
        except (TypeError, ValueError):
            username = str(chat_id or "").removeprefix("@")
            key = next(
                (c.id for c in self.chats.values() if c.user and c.user.username == username), 0
            )
        chat = self.chats.get(key)
        if chat is None:
            raise bad_request("chat not found")
        if chat.migrated_to is not None:
            raise bad_request(
                "group chat was upgraded to a supergroup chat", migrate_to_chat_id=chat.migrated_to
            )
        return chat

    def _target_chat(self, params: dict[str, Any]) -> Chat:
        chat = self._known_chat(params.get("chat_id"))
        if chat.type == "private":
            assert chat.user is not None
            if chat.user.blocked_bot:
                raise BotApiError(403, "Forbidden: bot was blocked by the user")
        elif not chat.bot_is_member:
            raise BotApiError(403, f"Forbidden: bot is not a member of the {chat.type} chat")
        return chat

    def _count_send(self, chat: Chat) -> None:
        if self.flood is not None:
            self.flood.check(chat)

    def _formatted(
        self, params: dict[str, Any], name: str, limit: int, *, required: bool = False
    ) -> tuple[str | None, str | None]:
        raw = params.get(name)
        if raw is None or raw == "":
            if required:
                raise bad_request("message text is empty")
            return None, None
        raw = str(raw)
        html = None
        parse_mode = str(params.get("parse_mode") or "")
        if parse_mode.upper() == "HTML":
            try:
                plain = parse_html(raw)
            except HtmlParseError as exc:
                raise bad_request(f"can't parse entities: {exc}") from None
            html = raw
        elif parse_mode:
            raise bad_request(f"unsupported parse_mode {parse_mode!r} in the sandbox")
        else:
            plain = raw
        if required and not plain.strip():
            raise bad_request("message text is empty")
        if utf16_length(plain) > limit:
            if name == "text":
                raise bad_request("message is too long")
            raise bad_request("message caption is too long")
        return plain, html

    def _reply_markup(self, chat: Chat, markup: Any) -> dict[str, Any] | None:
        if markup is None:
            return None
        if not isinstance(markup, dict):
            raise bad_request("can't parse reply keyboard markup JSON object")
        if "inline_keyboard" in markup:
            self._check_inline_keyboard(markup)
            return markup
        if "keyboard" in markup:
            rows = markup["keyboard"]
            if not isinstance(rows, list) or not all(isinstance(row, list) for row in rows):
                raise bad_request("can't parse reply keyboard markup JSON object")
            for row in rows:
                for button in row:
                    text = button if isinstance(button, str) else button.get("text")
                    if not text:
                        raise bad_request("keyboard button text must be non-empty")
            chat.reply_keyboard = markup
            return markup
        if markup.get("remove_keyboard"):
            chat.reply_keyboard = None
            return markup
        if markup.get("force_reply"):
            return markup
        raise bad_request("can't parse reply keyboard markup JSON object")

    def _edit_markup(self, chat: Chat, markup: Any) -> dict[str, Any] | None:
        if markup is None:
            return None
        if not isinstance(markup, dict) or "inline_keyboard" not in markup:
            raise bad_request("only an inline keyboard can be set when editing")
        self._check_inline_keyboard(markup)
        # An empty inline keyboard is how a bot removes the buttons.
        return markup if markup["inline_keyboard"] else None

    @staticmethod
    def _check_inline_keyboard(markup: dict[str, Any]) -> None:
        rows = markup["inline_keyboard"]
        if not isinstance(rows, list):
            raise bad_request("can't parse inline keyboard button: InlineKeyboardButton")
        for row in rows:
            for button in row:
                if not isinstance(button, dict) or not button.get("text"):
                    raise bad_request("can't parse inline keyboard button: Text must be non-empty")
                kinds = {"callback_data", "url", "switch_inline_query", "web_app", "copy_text"}
                present = kinds & button.keys()
                if len(present) != 1:
                    raise bad_request("can't parse inline keyboard button: exactly one action")
                if "callback_data" in button:
                    data = str(button["callback_data"]).encode("utf-8")
                    if not 1 <= len(data) <= MAX_CALLBACK_DATA:
                        raise bad_request("BUTTON_DATA_INVALID")
                if "url" in button and not re.match(r"^(https?|tg)://\S+$", button["url"]):
                    raise bad_request("BUTTON_URL_INVALID")

    def _editable(self, params: dict[str, Any]) -> tuple[Chat, Message]:
        if params.get("inline_message_id"):
            raise bad_request("inline messages are not used by this bot")
        chat = self._known_chat(params.get("chat_id"))
        message = self._find_message(chat.id, params.get("message_id"))
        if message is None or message.deleted:
            raise bad_request("message to edit not found")
        if not message.from_bot:
            raise bad_request("message can't be edited")
        return chat, message

    def _edited(self, chat: Chat, message: Message) -> dict[str, Any]:
        message.edit_date = self.clock()
        self._record(BotAction("edit", chat.id, copy.deepcopy(message)))
        return message.to_dict(chat)

    def _find_message(self, chat_id: int, message_id: Any) -> Message | None:
        try:
            wanted = int(message_id)
        except (TypeError, ValueError):
            return None
        return next((m for m in self.history.get(chat_id, []) if m.message_id == wanted), None)

    def _input_file(
        self, params: dict[str, Any], files: dict[str, Any], name: str, kind: str
    ) -> StoredFile:
        value = params.get(name)
        upload = None
        if isinstance(value, str) and value.startswith("attach://"):
            upload = files.get(value.removeprefix("attach://"))
            if upload is None:
                raise bad_request(f"file {value} not found in the request")
        elif value is None or name in files:
            upload = files.get(name)
        if upload is not None:
            file_name, content, mime_type = upload
            limit = MAX_PHOTO_BYTES if kind == "photo" else MAX_UPLOAD_BYTES
            if len(content) > limit:
                raise BotApiError(413, "Request Entity Too Large")
            if not content:
                raise bad_request("file must be non-empty")
            return self.store_file(content, kind, file_name=file_name, mime_type=mime_type)
        if isinstance(value, str) and value:
            stored = self.files.get(value)
            if stored is None:
                if value.startswith(("http://", "https://")):
                    raise bad_request("failed to get HTTP URL content")
                raise bad_request("wrong file identifier/HTTP URL specified")
            if (stored.kind == "photo") != (kind == "photo"):
                raise bad_request(f"wrong file type: can't use a {stored.kind} as {kind}")
            return stored
        raise bad_request(f"there is no {name} in the request")

    def _photo_sizes(self, stored: StoredFile) -> list[dict[str, Any]]:
        return [
            {
                "file_id": stored.file_id,
                "file_unique_id": stored.file_unique_id,
                "width": 1280,
                "height": 960,
                "file_size": stored.size,
            }
        ]

    def _command_key(self, params: dict[str, Any]) -> tuple[str, str]:
        scope = params.get("scope") or {"type": "default"}
        scope_key = json.dumps(scope, sort_keys=True) if isinstance(scope, dict) else str(scope)
        return scope_key, str(params.get("language_code") or "")

    # --- history --------------------------------------------------------------------------

    def _next_message_id(self, chat_id: int) -> int:
        return next(self._message_ids.setdefault(chat_id, itertools.count(1)))

    def _bot_message(self, chat: Chat, **fields: Any) -> Message:
        message = Message(
            chat_id=chat.id,
            message_id=self._next_message_id(chat.id),
            date=self.clock(),
            sender=self.bot,
            **fields,
        )
        self.history.setdefault(chat.id, []).append(message)
        self._record(BotAction("send", chat.id, copy.deepcopy(message)))
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

    def messages(self, chat_id: int) -> list[Message]:
        """A chat's history as it stands: deleted messages left out, edits applied."""
        return [m for m in self.history.get(chat_id, []) if not m.deleted]

    # --- the person's side ----------------------------------------------------------------

    def add_user(
        self,
        first_name: str = "Siti",
        *,
        last_name: str | None = None,
        username: str | None = None,
        language_code: str | None = "id",
        user_id: int | None = None,
    ) -> User:
        user = User(
            id=user_id or next(self._user_ids),
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

    async def send_text(
        self, user: User, text: str, chat: Chat | None = None, **extra: Any
    ) -> list[BotAction]:
        if not text:
            raise ValueError("Telegram does not send empty messages")
        fields: dict[str, Any] = {}
        command = re.match(r"^/[A-Za-z0-9_]+(@[A-Za-z0-9_]+)?", text)
        if command:
            fields["entities"] = [
                {"type": "bot_command", "offset": 0, "length": utf16_length(command.group(0))}
            ]
        return await self._person_message(user, chat, text=text, extra={**fields, **extra})

    async def send_photo(
        self,
        user: User,
        content: bytes = b"\xff\xd8\xff\xe0 sandbox photo",
        *,
        caption: str | None = None,
        chat: Chat | None = None,
        media_group_id: str | None = None,
    ) -> list[BotAction]:
        stored = self.store_file(content, "photo", mime_type="image/jpeg")
        return await self._person_message(
            user,
            chat,
            caption=caption,
            photo=self._photo_sizes(stored),
            media_group_id=media_group_id,
        )

    async def send_album(
        self, user: User, photos: list[bytes], chat: Chat | None = None
    ) -> list[BotAction]:
        """An album: one update per photo, sharing a media_group_id, as Telegram sends it."""
        group_id = f"{next(self._file_counter):018d}"
        actions: list[BotAction] = []
        for content in photos:
            actions += await self.send_photo(user, content, chat=chat, media_group_id=group_id)
        return actions

    async def send_document(
        self,
        user: User,
        content: bytes,
        file_name: str,
        mime_type: str,
        *,
        caption: str | None = None,
        chat: Chat | None = None,
    ) -> list[BotAction]:
        stored = self.store_file(content, "document", file_name=file_name, mime_type=mime_type)
        return await self._person_message(user, chat, caption=caption, document=_document(stored))

    async def share_contact(
        self,
        user: User,
        phone: str = "+6281234567890",
        chat: Chat | None = None,
        *,
        of: User | None = None,
    ) -> list[BotAction]:
        """Share a phone number: one's own (the contact button), or another person's card."""
        owner = of or user
        contact = {"phone_number": phone, "first_name": owner.first_name, "user_id": owner.id}
        return await self._person_message(user, chat, extra={"contact": contact})

    async def send_sticker(self, user: User, chat: Chat | None = None) -> list[BotAction]:
        stored = self.store_file(b"RIFF sticker", "document", mime_type="image/webp")
        sticker = {
            "file_id": stored.file_id, "file_unique_id": stored.file_unique_id,
            "type": "regular", "width": 512, "height": 512, "is_animated": False,
            "is_video": False, "emoji": "👍",
        }  # fmt: skip
        return await self._person_message(user, chat, extra={"sticker": sticker})

    async def send_voice(self, user: User, chat: Chat | None = None) -> list[BotAction]:
        stored = self.store_file(b"OggS voice", "document", mime_type="audio/ogg")
        voice = {
            "file_id": stored.file_id, "file_unique_id": stored.file_unique_id,
            "duration": 3, "mime_type": "audio/ogg", "file_size": stored.size,
        }  # fmt: skip
        return await self._person_message(user, chat, extra={"voice": voice})

    async def send_location(self, user: User, chat: Chat | None = None) -> list[BotAction]:
        location = {"latitude": -6.8586, "longitude": 107.9195}
        return await self._person_message(user, chat, extra={"location": location})

    async def send_animation(self, user: User, chat: Chat | None = None) -> list[BotAction]:
        stored = self.store_file(b"GIF89a", "document", file_name="a.mp4", mime_type="video/mp4")
        animation = {
            "file_id": stored.file_id, "file_unique_id": stored.file_unique_id,
            "width": 320, "height": 240, "duration": 2, "file_name": "a.mp4",
            "mime_type": "video/mp4",
        }  # fmt: skip
        document = _document(stored)
        return await self._person_message(
            user, chat, extra={"animation": animation, "document": document}
        )

    async def forward_text(
        self, user: User, text: str, original_sender: User, chat: Chat | None = None
    ) -> list[BotAction]:
        origin = {
            "type": "user",
            "sender_user": original_sender.to_dict(),
            "date": int(self.clock().timestamp()) - 3600,
        }
        return await self._person_message(user, chat, text=text, extra={"forward_origin": origin})

    async def edit_text(self, user: User, message: Message, text: str) -> list[BotAction]:
        """The person edits a message they sent earlier (Telegram sends `edited_message`)."""
        if message.sender.id != user.id:
            raise ValueError("a person can only edit their own messages")
        message.text = text
        message.edit_date = self.clock()
        chat = self.chats[message.chat_id]
        return await self._deliver({"edited_message": message.to_dict(chat)})

    async def press(
        self,
        user: User,
        label: str | None = None,
        *,
        data: str | None = None,
        message: Message | None = None,
        chat: Chat | None = None,
    ) -> list[BotAction]:
        """Press an inline button by its label (or its callback data) on `message`, by default
        the newest message in the chat that has such a button."""
        chat = chat or self.private_chat(user)
        if message is None:
            message = next(
                (
                    m
                    for m in reversed(self.messages(chat.id))
                    if _find_button(m, label, data) is not None
                ),
                None,
            )
            if message is None:
                raise LookupError(f"no button {label or data!r} in chat {chat.id}")
        else:
            current = self._find_message(message.chat_id, message.message_id)
            if current is None or current.deleted:
                raise LookupError("that message is gone; its buttons cannot be pressed")
            message = current
        button = _find_button(message, label, data)
        if button is None:
            raise LookupError(f"no button {label or data!r} on message {message.message_id}")
        if "callback_data" not in button:
            raise LookupError(f"button {button['text']!r} opens a link, it sends nothing")
        return await self.forge_callback(user, button["callback_data"], message)

    async def forge_callback(self, user: User, data: str, message: Message) -> list[BotAction]:
        """A callback query with any data on any message, as a modified client could send:
        the bot must check it again, whatever it says."""
        query = CallbackQuery(str(next(self._callback_ids)), user.id, self.clock())
        self.callback_queries[query.id] = query
        payload = {
            "id": query.id,
            "from": user.to_dict(),
            "message": message.to_dict(self.chats[message.chat_id]),
            "chat_instance": str(abs(message.chat_id)),
            "data": data,
        }
        return await self._deliver({"callback_query": payload})

    def block(self, user: User) -> None:
        user.blocked_bot = True

    async def unblock(self, user: User) -> list[BotAction]:
        """Telegram unblocks when the person presses Start/Restart: that sends /start."""
        user.blocked_bot = False
        return await self.send_text(user, "/start")

    async def add_bot_to_group(self, chat: Chat, by: User) -> list[BotAction]:
        """Someone adds the bot to a group: Telegram sends `my_chat_member`."""
        chat.bot_is_member = True
        chat.members.add(by.id)
        change = {
            "chat": chat.to_dict(),
            "from": by.to_dict(),
            "date": int(self.clock().timestamp()),
            "old_chat_member": {"status": "left", "user": self.bot.to_dict()},
            "new_chat_member": {"status": "member", "user": self.bot.to_dict()},
        }
        return await self._deliver({"my_chat_member": change})

    async def migrate_group(self, chat: Chat) -> Chat:
        """Upgrade a group to a supergroup, with the service messages Telegram sends."""
        if chat.type != "group":
            raise ValueError("only a basic group can be upgraded")
        supergroup = self.add_group(chat.title or "", supergroup=True)
        supergroup.members = set(chat.members)
        supergroup.bot_is_member = chat.bot_is_member
        chat.migrated_to = supergroup.id
        actor = self.users.get(next(iter(chat.members), 0)) or self.bot
        await self._deliver(
            {"message": self._service_message(chat, actor, migrate_to_chat_id=supergroup.id)}
        )
        await self._deliver(
            {"message": self._service_message(supergroup, actor, migrate_from_chat_id=chat.id)}
        )
        return supergroup

    def _service_message(self, chat: Chat, actor: User, **fields: Any) -> dict[str, Any]:
        message = Message(
            chat.id, self._next_message_id(chat.id), self.clock(), actor, extra=fields
        )
        self.history.setdefault(chat.id, []).append(message)
        return message.to_dict(chat)

    async def _person_message(
        self,
        user: User,
        chat: Chat | None,
        *,
        extra: dict[str, Any] | None = None,
        **fields: Any,
    ) -> list[BotAction]:
        chat = chat or self.private_chat(user)
        if chat.type == "private" and user.blocked_bot:
            # Writing to a bot one has blocked is not possible in the app; pressing Start
            # again unblocks it.
            user.blocked_bot = False
        if chat.migrated_to is not None:
            raise ValueError("this group was upgraded; write in the supergroup")
        message = Message(
            chat_id=chat.id,
            message_id=self._next_message_id(chat.id),
            date=self.clock(),
            sender=user,
            extra=extra or {},
            **fields,
        )
        self.history.setdefault(chat.id, []).append(message)
        return await self._deliver({"message": message.to_dict(chat)})

    async def _deliver(self, body: dict[str, Any]) -> list[BotAction]:
        update = {"update_id": next(self._update_ids), **body}
        for content in body.values():  # who sent it: the message's, or the query's, sender
            sender = content.get("from") if isinstance(content, dict) else None
            if sender is not None:
                self.last_update_of[sender["id"]] = update["update_id"]
        mark = len(self.actions)
        if self.deliver is not None:
            await self.deliver(update)
        else:
            async with self._queue_changed:
                self._queue.append(update)
                self._queue_changed.notify_all()
        return self.actions[mark:]

    async def close(self) -> None:
        """Release every long poll that is waiting, as a server shutting down does."""
        async with self._queue_changed:
            self._closed = True
            self._queue_changed.notify_all()

    def pending_updates(self) -> int:
        return len(self._queue)


def _find_button(message: Message, label: str | None, data: str | None) -> dict[str, Any] | None:
    for row in message.inline_buttons:
        for button in row:
            if (label is not None and button["text"] == label) or (
                data is not None and button.get("callback_data") == data
            ):
                return button
    return None


def _document(stored: StoredFile) -> dict[str, Any]:
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


def _not_modified() -> BotApiError:
    return bad_request(
        "message is not modified: specified new message content and reply markup are exactly "
        "the same as a current content and reply markup of the message"
    )


def _flag(value: Any) -> bool:
    """Booleans arrive as JSON text ("true") in forms and query strings."""
    return value is True or str(value).lower() in ("true", "1")


def _decode(name: str, value: Any) -> Any:
    if name in JSON_PARAMETERS and isinstance(value, str):
        try:
            return json.loads(value)
        except json.JSONDecodeError:
            raise bad_request(f"can't parse {name} JSON object") from None
    if isinstance(value, bytes):
        return value.decode("utf-8", "replace")
    return value
