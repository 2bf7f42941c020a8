"""Telegram's rules, as the emulator applies them to the bot's requests: the limits (text and
caption lengths counted after HTML parsing in UTF-16 units, callback data, file sizes), what
does not parse (HTML entities, keyboards), who can be reached (unknown chats, blocked users,
groups the bot left or that became supergroups), late callback answers, edits that change
nothing, and flood control (429 with ``retry_after``).

Each rule answers the way Telegram does, with a :class:`BotApiError` carrying its status and
description, so a bot that breaks one meets the same error it would in production.
"""

from __future__ import annotations

import math
import re
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sandbox.html import HtmlParseError, parse_html, utf16_length
from sandbox.world import CallbackQuery, Chat, Clock, Message, StoredFile

MAX_TEXT = 4096
MAX_CAPTION = 1024
MAX_CALLBACK_DATA = 64
MAX_TOAST = 200
CALLBACK_ANSWER_WINDOW = timedelta(seconds=15)
DELETE_WINDOW = timedelta(hours=48)
MAX_PHOTO_BYTES = 10 * 1024 * 1024
MAX_UPLOAD_BYTES = 50 * 1024 * 1024
MAX_DOWNLOAD_BYTES = 20 * 1024 * 1024
CHAT_ACTIONS = {
    "typing", "upload_photo", "record_video", "upload_video", "record_voice", "upload_voice",
    "upload_document", "choose_sticker", "find_location", "record_video_note",
    "upload_video_note",
}  # fmt: skip
BUTTON_ACTIONS = {"callback_data", "url", "switch_inline_query", "web_app", "copy_text"}


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


def not_modified() -> BotApiError:
    return bad_request(
        "message is not modified: specified new message content and reply markup are exactly "
        "the same as a current content and reply markup of the message"
    )


def flag(value: Any) -> bool:
    """Booleans arrive as JSON text ("true") in forms and query strings."""
    return value is True or str(value).lower() in ("true", "1")


# --- who can be reached ---------------------------------------------------------------------


def known_chat(chats: dict[int, Chat], chat_id: Any) -> Chat:
    """The chat a request names (by id or @username): unknown, or a group that became a
    supergroup, is an error."""
    try:
        key = int(chat_id)
    except (TypeError, ValueError):
        username = str(chat_id or "").removeprefix("@")
        key = next((c.id for c in chats.values() if c.user and c.user.username == username), 0)
    chat = chats.get(key)
    if chat is None:
        raise bad_request("chat not found")
    if chat.migrated_to is not None:
        raise bad_request(
            "group chat was upgraded to a supergroup chat", migrate_to_chat_id=chat.migrated_to
        )
    return chat


def check_reachable(chat: Chat) -> None:
    """A person who blocked the bot, or a group the bot is not in, cannot be sent to."""
    if chat.type == "private":
        assert chat.user is not None
        if chat.user.blocked_bot:
            raise BotApiError(403, "Forbidden: bot was blocked by the user")
    elif not chat.bot_is_member:
        raise BotApiError(403, f"Forbidden: bot is not a member of the {chat.type} chat")


def check_leavable(chat: Chat) -> None:
    """Only a group or channel the bot is in can be left."""
    if chat.type == "private":
        raise bad_request("chat member status can't be changed in private chats")
    if not chat.bot_is_member:
        raise BotApiError(403, f"Forbidden: bot is not a member of the {chat.type} chat")


# --- text and entities ----------------------------------------------------------------------


def formatted(
    params: dict[str, Any], name: str, limit: int, *, required: bool = False
) -> tuple[str | None, str | None]:
    """A text or caption as the person will read it (HTML parsed the way Telegram parses it),
    and the HTML as sent; its length checked as Telegram counts it."""
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


# --- keyboards ------------------------------------------------------------------------------


def reply_markup(chat: Chat, markup: Any) -> dict[str, Any] | None:
    """A new message's markup, checked; a reply keyboard (or its removal) sticks to the chat."""
    if markup is None:
        return None
    if not isinstance(markup, dict):
        raise bad_request("can't parse reply keyboard markup JSON object")
    if "inline_keyboard" in markup:
        check_inline_keyboard(markup)
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


def edit_markup(markup: Any) -> dict[str, Any] | None:
    """An edit's markup: only an inline keyboard; an empty one takes the buttons away."""
    if markup is None:
        return None
    if not isinstance(markup, dict) or "inline_keyboard" not in markup:
        raise bad_request("only an inline keyboard can be set when editing")
    check_inline_keyboard(markup)
    return markup if markup["inline_keyboard"] else None


def check_inline_keyboard(markup: dict[str, Any]) -> None:
    rows = markup["inline_keyboard"]
    if not isinstance(rows, list):
        raise bad_request("can't parse inline keyboard button: InlineKeyboardButton")
    for row in rows:
        for button in row:
            if not isinstance(button, dict) or not button.get("text"):
                raise bad_request("can't parse inline keyboard button: Text must be non-empty")
            if len(BUTTON_ACTIONS & button.keys()) != 1:
                raise bad_request("can't parse inline keyboard button: exactly one action")
            if "callback_data" in button:
                data = str(button["callback_data"]).encode("utf-8")
                if not 1 <= len(data) <= MAX_CALLBACK_DATA:
                    raise bad_request("BUTTON_DATA_INVALID")
            if "url" in button and not re.match(r"^(https?|tg)://\S+$", button["url"]):
                raise bad_request("BUTTON_URL_INVALID")


# --- editing, deleting, answering -----------------------------------------------------------


def check_editable(message: Message | None) -> Message:
    if message is None or message.deleted:
        raise bad_request("message to edit not found")
    if not message.from_bot:
        raise bad_request("message can't be edited")
    return message


def check_deletable(message: Message | None, now: datetime) -> Message:
    if message is None or message.deleted:
        raise bad_request("message to delete not found")
    if now - message.date > DELETE_WINDOW:
        raise bad_request("message can't be deleted for everyone")
    return message


def check_callback_answer(query: CallbackQuery | None, now: datetime, text: Any) -> CallbackQuery:
    """A callback is answered once, within 15 seconds; its toast is short."""
    if query is None or query.answered or now - query.created_at > CALLBACK_ANSWER_WINDOW:
        raise bad_request("query is too old and response timeout expired or query ID is invalid")
    if text is not None and len(str(text)) > MAX_TOAST:
        raise bad_request("MESSAGE_TOO_LONG")
    return query


def check_chat_action(action: Any) -> None:
    if action not in CHAT_ACTIONS:
        raise bad_request("wrong parameter action in request")


# --- files ----------------------------------------------------------------------------------


def check_album(media: Any) -> None:
    if not isinstance(media, list) or not 2 <= len(media) <= 10:
        raise bad_request("wrong number of media in the album (2-10)")
    kinds = {item.get("type") for item in media if isinstance(item, dict)}
    if not kinds <= {"photo", "document"} or (len(kinds) > 1 and "document" in kinds):
        raise bad_request("documents can't be mixed with other media types")


def check_upload(content: bytes, kind: str) -> None:
    limit = MAX_PHOTO_BYTES if kind == "photo" else MAX_UPLOAD_BYTES
    if len(content) > limit:
        raise BotApiError(413, "Request Entity Too Large")
    if not content:
        raise bad_request("file must be non-empty")


def check_file_reference(stored: StoredFile | None, value: str, kind: str) -> StoredFile:
    """A file sent again by its file_id: known, and of the kind it is sent as."""
    if stored is None:
        if value.startswith(("http://", "https://")):
            raise bad_request("failed to get HTTP URL content")
        raise bad_request("wrong file identifier/HTTP URL specified")
    if (stored.kind == "photo") != (kind == "photo"):
        raise bad_request(f"wrong file type: can't use a {stored.kind} as {kind}")
    return stored


def check_downloadable(stored: StoredFile | None) -> StoredFile:
    if stored is None:
        raise bad_request("invalid file_id")
    if stored.size > MAX_DOWNLOAD_BYTES:
        raise bad_request("file is too big")
    return stored


# --- commands and webhooks ------------------------------------------------------------------


def check_commands(commands: Any) -> None:
    if not isinstance(commands, list) or len(commands) > 100:
        raise bad_request("commands must be a list of at most 100")
    for command in commands:
        name = command.get("command", "") if isinstance(command, dict) else ""
        description = command.get("description", "") if isinstance(command, dict) else ""
        if not re.fullmatch(r"[a-z0-9_]{1,32}", name):
            raise bad_request("BOT_COMMAND_INVALID")
        if not 1 <= len(description) <= 256:
            raise bad_request("BOT_COMMAND_DESCRIPTION_INVALID")


def check_webhook(url: str, secret: Any) -> None:
    if url and not url.startswith("https://"):
        raise bad_request("bad webhook: An HTTPS URL must be provided for webhook")
    if secret is not None and not re.fullmatch(r"[A-Za-z0-9_-]{1,256}", str(secret)):
        raise bad_request("bad webhook: secret token contains unallowed characters")


# --- flood control --------------------------------------------------------------------------


@dataclass(frozen=True)
class FloodLimits:
    overall_per_second: int = 30
    private_per_second: int = 1
    group_per_minute: int = 20


class FloodControl:
    """Sliding windows over the emulator's clock; a send over a limit gets 429 retry_after."""

    def __init__(self, limits: FloodLimits, clock: Clock) -> None:
        self.limits = limits
        self.clock: Callable[[], datetime] = clock
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
