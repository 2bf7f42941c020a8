"""The person's side of the emulator: what a user does in Telegram (type, press a button, send
a photo, an album, a document, a contact, a sticker, forward, edit, block the bot, add it to a
group) becomes the update Telegram would send the bot. :class:`sandbox.client.Person` is the
friendlier wrapper the tests use.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Awaitable, Callable
from typing import Any

from sandbox.html import utf16_length
from sandbox.world import BotAction, CallbackQuery, Chat, Message, User, World, document
from sandbox.world import photo_sizes as _photo_sizes

UpdateSink = Callable[[dict[str, Any]], Awaitable[None]]


class PersonSide(World):
    """People acting in their chats. Each call returns the bot's actions its update caused
    (when a sink takes updates directly, ``deliver``; else they wait for getUpdates)."""

    def __init__(self, **world: Any) -> None:
        super().__init__(**world)
        self.deliver: UpdateSink | None = None
        self.last_update_of: dict[int, int] = {}  # user id → the newest update they sent
        self._callback_ids = itertools.count(1)

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
            photo=_photo_sizes(stored),
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
        return await self._person_message(user, chat, caption=caption, document=document(stored))

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
        return await self._person_message(
            user, chat, extra={"animation": animation, "document": document(stored)}
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
        old = self._add_message(chat, actor, extra={"migrate_to_chat_id": supergroup.id})
        await self._deliver({"message": old.to_dict(chat)})
        new = self._add_message(supergroup, actor, extra={"migrate_from_chat_id": chat.id})
        await self._deliver({"message": new.to_dict(supergroup)})
        return supergroup

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
        message = self._add_message(chat, user, extra=extra or {}, **fields)
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
            while self.follow_ups:  # what the bot's actions made Telegram send, in order
                await self._deliver(self.follow_ups.pop(0))
        else:
            async with self._queue_changed:
                self._queue.append(update)
                self._queue_changed.notify_all()
        return self.actions[mark:]


def _find_button(message: Message, label: str | None, data: str | None) -> dict[str, Any] | None:
    for row in message.inline_buttons:
        for button in row:
            if (label is not None and button["text"] == label) or (
                data is not None and button.get("callback_data") == data
            ):
                return button
    return None
