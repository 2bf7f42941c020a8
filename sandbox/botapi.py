"""The Bot API side of the emulator: one handler per method the bot uses, dispatched by name,
each applying Telegram's rules (:mod:`sandbox.rules`) to the shared state
(:class:`sandbox.world.World`). Methods it does not implement answer 404 like Telegram, so a
gap shows up as a failing test rather than silence.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import Callable
from typing import Any

from sandbox import rules
from sandbox.rules import MAX_CAPTION, MAX_TEXT, BotApiError, FloodControl, FloodLimits, bad_request
from sandbox.world import BotAction, Chat, Message, StoredFile, World, document, photo_sizes

# Parameters whose value travels as JSON inside a form or query string.
JSON_PARAMETERS = {
    "reply_markup", "media", "commands", "scope", "allowed_updates", "entities",
    "caption_entities", "link_preview_options", "reply_parameters",
}  # fmt: skip


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
Files = dict[str, tuple[str | None, bytes, str | None]]


class BotApi(World):
    """The bot's requests: ``call(method, params, files)`` answers as Telegram would."""

    def __init__(self, *, flood_limits: FloodLimits | None = None, **world: Any) -> None:
        super().__init__(**world)
        self.flood = FloodControl(flood_limits, self.clock) if flood_limits else None
        self.commands: dict[tuple[str, str], list[dict[str, Any]]] = {}
        self.webhook_url: str | None = None
        self.calls: list[str] = []
        # Called with (method, params) before a request is carried out; answering one of FAULTS
        # makes that request fail so (tests of 429s, 5xx and timeouts).
        self.faults: FaultHook | None = None
        self.fault_counts: dict[str, int] = dict.fromkeys(FAULTS, 0)
        self.handlers: dict[str, Callable[[dict[str, Any], Files], Any]] = {
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
            "getChatMemberCount": self._get_chat_member_count,
            "leaveChat": self._leave_chat,
        }

    async def call(
        self,
        method: str,
        params: dict[str, Any],
        files: Files | None = None,
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

    async def close(self) -> None:
        """Release every long poll that is waiting, as a server shutting down does."""
        async with self._queue_changed:
            self._closed = True
            self._queue_changed.notify_all()

    def pending_updates(self) -> int:
        return len(self._queue)

    # --- the methods ----------------------------------------------------------------------

    def _get_me(self, params: dict[str, Any], files: Files) -> dict[str, Any]:
        return {
            **self.bot.to_dict(),
            "can_join_groups": True,
            "can_read_all_group_messages": False,
            "supports_inline_queries": False,
        }

    async def _get_updates(self, params: dict[str, Any], files: Files) -> list[Any]:
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
            self._queue_follow_ups()
            if offset:
                self._queue = [u for u in self._queue if u["update_id"] >= offset]
            if not self._queue and timeout > 0:
                try:
                    await asyncio.wait_for(
                        self._queue_changed.wait_for(
                            lambda: bool(self._queue or self.follow_ups) or self._closed
                        ),
                        timeout,
                    )
                except TimeoutError:
                    return []
                self._queue_follow_ups()
            # The updates are built for the queue and never changed after; every way to the bot
            # (EmulatorRequest, the HTTP server) sends them as JSON, so no copy is needed.
            return self._queue[:limit]

    def _send_message(self, params: dict[str, Any], files: Files) -> dict[str, Any]:
        chat = self._target_chat(params)
        text, html = rules.formatted(params, "text", MAX_TEXT, required=True)
        markup = rules.reply_markup(chat, params.get("reply_markup"))
        self._count_send(chat)
        message = self._bot_message(chat, text=text, html=html, reply_markup=markup)
        return message.to_dict(chat)

    def _send_photo(self, params: dict[str, Any], files: Files) -> dict[str, Any]:
        return self._send_file(params, files, "photo")

    def _send_document(self, params: dict[str, Any], files: Files) -> dict[str, Any]:
        return self._send_file(params, files, "document")

    def _send_file(self, params: dict[str, Any], files: Files, kind: str) -> dict[str, Any]:
        chat = self._target_chat(params)
        caption, html = rules.formatted(params, "caption", MAX_CAPTION)
        markup = rules.reply_markup(chat, params.get("reply_markup"))
        stored = self._input_file(params, files, kind, kind)
        self._count_send(chat)
        message = self._bot_message(
            chat, caption=caption, html=html, reply_markup=markup, **_attachment(kind, stored)
        )
        return message.to_dict(chat)

    def _send_media_group(self, params: dict[str, Any], files: Files) -> list[Any]:
        chat = self._target_chat(params)
        media = params.get("media")
        rules.check_album(media)
        assert isinstance(media, list)
        prepared = []
        for item in media:
            caption, html = rules.formatted(item, "caption", MAX_CAPTION)
            stored = self._input_file(item, files, "media", item["type"])
            prepared.append((item["type"], stored, caption, html))
        group_id = f"{next(self._file_counter):013d}"
        messages = []
        for kind, stored, caption, html in prepared:
            self._count_send(chat)
            message = self._bot_message(
                chat, caption=caption, html=html, media_group_id=group_id,
                **_attachment(kind, stored),
            )  # fmt: skip
            messages.append(message.to_dict(chat))
        return messages

    def _edit_message_text(self, params: dict[str, Any], files: Files) -> Any:
        return self._edit_content(params, "text")

    def _edit_message_caption(self, params: dict[str, Any], files: Files) -> Any:
        return self._edit_content(params, "caption")

    def _edit_content(self, params: dict[str, Any], name: str) -> Any:
        """editMessageText / editMessageCaption: the new text or caption and markup, unless
        the message has none to edit or nothing would change."""
        chat, message = self._editable(params)
        if name == "text" and message.text is None:
            raise bad_request("there is no text in the message to edit")
        if name == "caption" and message.photo is None and message.document is None:
            raise bad_request("there is no caption in the message to edit")
        limit = MAX_TEXT if name == "text" else MAX_CAPTION
        content, html = rules.formatted(params, name, limit, required=name == "text")
        markup = rules.edit_markup(params.get("reply_markup"))
        if (content, html, markup) == (getattr(message, name), message.html, message.reply_markup):
            raise rules.not_modified()
        setattr(message, name, content)
        message.html, message.reply_markup = html, markup
        return self._edited(chat, message)

    def _edit_message_reply_markup(self, params: dict[str, Any], files: Files) -> Any:
        chat, message = self._editable(params)
        markup = rules.edit_markup(params.get("reply_markup"))
        if markup == message.reply_markup:
            raise rules.not_modified()
        message.reply_markup = markup
        return self._edited(chat, message)

    def _delete_message(self, params: dict[str, Any], files: Files) -> bool:
        chat = rules.known_chat(self.chats, params.get("chat_id"))
        message = self._find_message(chat.id, params.get("message_id"))
        message = rules.check_deletable(message, self.clock())
        message.deleted = True
        self._record(BotAction("delete", chat.id, message.snapshot()))
        return True

    def _answer_callback_query(self, params: dict[str, Any], files: Files) -> bool:
        text = params.get("text")
        query = rules.check_callback_answer(
            self.callback_queries.get(str(params.get("callback_query_id", ""))), self.clock(), text
        )
        query.answered = True
        detail = {
            "user_id": query.user_id,
            "text": text,
            "show_alert": rules.flag(params.get("show_alert")),
        }
        self._record(BotAction("answer", None, detail=detail))
        return True

    def _get_file(self, params: dict[str, Any], files: Files) -> dict[str, Any]:
        stored = rules.check_downloadable(self.files.get(str(params.get("file_id", ""))))
        return {
            "file_id": stored.file_id,
            "file_unique_id": stored.file_unique_id,
            "file_size": stored.size,
            "file_path": stored.path,
        }

    def _send_chat_action(self, params: dict[str, Any], files: Files) -> bool:
        chat = self._target_chat(params)
        action = params.get("action")
        rules.check_chat_action(action)
        self._record(BotAction("chat_action", chat.id, detail={"action": action}))
        return True

    def _set_my_commands(self, params: dict[str, Any], files: Files) -> bool:
        commands = params.get("commands")
        rules.check_commands(commands)
        assert isinstance(commands, list)
        self.commands[_command_key(params)] = commands
        return True

    def _get_my_commands(self, params: dict[str, Any], files: Files) -> list[Any]:
        return self.commands.get(_command_key(params), [])

    def _delete_my_commands(self, params: dict[str, Any], files: Files) -> bool:
        self.commands.pop(_command_key(params), None)
        return True

    def _set_webhook(self, params: dict[str, Any], files: Files) -> bool:
        url = str(params.get("url") or "")
        rules.check_webhook(url, params.get("secret_token"))
        self.webhook_url = url or None
        return True

    def _delete_webhook(self, params: dict[str, Any], files: Files) -> bool:
        self.webhook_url = None
        if rules.flag(params.get("drop_pending_updates")):
            self._queue.clear()
        return True

    def _get_webhook_info(self, params: dict[str, Any], files: Files) -> dict[str, Any]:
        return {
            "url": self.webhook_url or "",
            "has_custom_certificate": False,
            "pending_update_count": len(self._queue),
        }

    def _get_chat(self, params: dict[str, Any], files: Files) -> dict[str, Any]:
        chat = rules.known_chat(self.chats, params.get("chat_id"))
        return {**chat.to_dict(), "accent_color_id": 0, "max_reaction_count": 11}

    def _get_chat_member_count(self, params: dict[str, Any], files: Files) -> int:
        """Everyone in the chat, the bot included; a group the bot is not in is not its to
        count."""
        chat = self._target_chat(params)
        if chat.type == "private":
            return 2
        return len(chat.members) + (1 if chat.bot_is_member else 0)

    async def _leave_chat(self, params: dict[str, Any], files: Files) -> bool:
        """The bot leaves a group; Telegram then sends the bot its own `my_chat_member` (from
        the bot itself, member → left)."""
        chat = rules.known_chat(self.chats, params.get("chat_id"))
        rules.check_leavable(chat)
        chat.bot_is_member = False
        self._record(BotAction("leave", chat.id))
        change = {
            "chat": chat.to_dict(),
            "from": self.bot.to_dict(),
            "date": int(self.clock().timestamp()),
            "old_chat_member": {"status": "member", "user": self.bot.to_dict()},
            "new_chat_member": {"status": "left", "user": self.bot.to_dict()},
        }
        async with self._queue_changed:
            self.follow_ups.append({"my_chat_member": change})
            self._queue_changed.notify_all()
        return True

    # --- helpers of the methods -----------------------------------------------------------

    def _queue_follow_ups(self) -> None:
        """Follow-up updates, for getUpdates (a bot in another process)."""
        for body in self.follow_ups:
            self._queue.append({"update_id": next(self._update_ids), **body})
        self.follow_ups.clear()

    def _target_chat(self, params: dict[str, Any]) -> Chat:
        chat = rules.known_chat(self.chats, params.get("chat_id"))
        rules.check_reachable(chat)
        return chat

    def _count_send(self, chat: Chat) -> None:
        if self.flood is not None:
            self.flood.check(chat)

    def _editable(self, params: dict[str, Any]) -> tuple[Chat, Message]:
        if params.get("inline_message_id"):
            raise bad_request("inline messages are not used by this bot")
        chat = rules.known_chat(self.chats, params.get("chat_id"))
        message = rules.check_editable(self._find_message(chat.id, params.get("message_id")))
        return chat, message

    def _edited(self, chat: Chat, message: Message) -> dict[str, Any]:
        message.edit_date = self.clock()
        self._record(BotAction("edit", chat.id, message.snapshot()))
        return message.to_dict(chat)

    def _input_file(self, params: dict[str, Any], files: Files, name: str, kind: str) -> StoredFile:
        """The file a request sends: an upload (by its field or ``attach://``), or a file_id
        sent again."""
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
            rules.check_upload(content, kind)
            return self.store_file(content, kind, file_name=file_name, mime_type=mime_type)
        if isinstance(value, str) and value:
            return rules.check_file_reference(self.files.get(value), value, kind)
        raise bad_request(f"there is no {name} in the request")


def _attachment(kind: str, stored: StoredFile) -> dict[str, Any]:
    if kind == "photo":
        return {"photo": photo_sizes(stored)}
    return {"document": document(stored)}


def _command_key(params: dict[str, Any]) -> tuple[str, str]:
    scope = params.get("scope") or {"type": "default"}
    scope_key = json.dumps(scope, sort_keys=True) if isinstance(scope, dict) else str(scope)
    return scope_key, str(params.get("language_code") or "")


def _decode(name: str, value: Any) -> Any:
    if name in JSON_PARAMETERS and isinstance(value, str):
        try:
            return json.loads(value)
        except json.JSONDecodeError:
            raise bad_request(f"can't parse {name} JSON object") from None
    if isinstance(value, bytes):
        return value.decode("utf-8", "replace")
    return value
