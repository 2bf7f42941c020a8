"""Callback data, typed: one small codec instead of strings split by hand.

A button's data is a prefix and typed fields joined by ``:``. Each ``Callback`` declares its
fields with their longest value, so the longest data it can ever make is known when it is
declared: a declaration that could exceed Telegram's 64 bytes fails at import, and a value
longer than declared fails when the button is built, never at Telegram.

    PILLAR = Callback("sub:pil", Str("choice", 12))
    PILLAR.data("done")            -> "sub:pil:done"
    PILLAR.parse("sub:pil:done")   -> ("done",)
    CallbackQueryHandler(pressed, pattern=PILLAR.pattern)
"""

from __future__ import annotations

import enum
import re
from dataclasses import dataclass
from typing import Any

MAX_BYTES = 64  # what Telegram takes in callback_data
SEPARATOR = ":"


class CallbackTooLong(ValueError):
    pass


@dataclass(frozen=True)
class Int:
    """A non-negative whole number of at most `digits` digits (`signed`: negative ones too, as
    a group's chat id).

    Nine digits by default: the database's keys are 32-bit (PostgreSQL's ``integer``), and a
    forged ten-digit id must be refused as a stale button, not reach a query that PostgreSQL
    refuses with an error."""

    name: str
    digits: int = 9
    signed: bool = False

    @property
    def longest(self) -> int:
        return self.digits + (1 if self.signed else 0)

    @property
    def regex(self) -> str:
        return ("-?" if self.signed else "") + rf"[0-9]{{1,{self.digits}}}"

    def encode(self, value: Any) -> str:
        if isinstance(value, bool) or not isinstance(value, int):
            raise ValueError(f"{self.name}: {value!r} is not an int")
        if value < 0 and not self.signed:
            raise ValueError(f"{self.name}: {value!r} is negative")
        text = str(abs(value))
        if len(text) > self.digits:
            raise CallbackTooLong(f"{self.name}: {value} has more than {self.digits} digits")
        return str(value)

    def decode(self, text: str) -> int:
        return int(text)


@dataclass(frozen=True)
class Bool:
    name: str
    longest = 1
    regex = "[01]"

    def encode(self, value: Any) -> str:
        if not isinstance(value, bool):
            raise ValueError(f"{self.name}: {value!r} is not a bool")
        return "1" if value else "0"

    def decode(self, text: str) -> bool:
        return text == "1"


@dataclass(frozen=True)
class Str:
    """A word (letters, digits, ``_``, ``-``) of at most `length` characters."""

    name: str
    length: int

    @property
    def longest(self) -> int:
        return self.length

    @property
    def regex(self) -> str:
        return rf"[\w\-]{{1,{self.length}}}"

    def encode(self, value: Any) -> str:
        text = str(value)
        if not re.fullmatch(r"[\w\-]+", text, re.ASCII):
            raise ValueError(f"{self.name}: {value!r} is not a word")
        if len(text) > self.length:
            raise CallbackTooLong(f"{self.name}: {value!r} is longer than {self.length}")
        return text

    def decode(self, text: str) -> str:
        return text


@dataclass(frozen=True)
class Choice:
    """One of an enum's values (or of fixed words)."""

    name: str
    values: tuple[str, ...]

    @classmethod
    def of(cls, name: str, values: type[enum.Enum] | tuple[str, ...]) -> Choice:
        if isinstance(values, tuple):
            return cls(name, values)
        return cls(name, tuple(str(member.value) for member in values))

    @property
    def longest(self) -> int:
        return max(len(value.encode()) for value in self.values)

    @property
    def regex(self) -> str:
        return "(?:" + "|".join(re.escape(value) for value in self.values) + ")"

    def encode(self, value: Any) -> str:
        text = str(value.value if isinstance(value, enum.Enum) else value)
        if text not in self.values:
            raise ValueError(f"{self.name}: {value!r} is not one of {self.values}")
        return text

    def decode(self, text: str) -> str:
        return text


FieldType = Int | Bool | Str | Choice


class Callback:
    """A kind of button: its prefix and its typed fields."""

    def __init__(self, prefix: str, *fields: FieldType) -> None:
        self.prefix = prefix
        self.fields = fields
        longest = len(prefix.encode()) + sum(1 + field.longest for field in fields)
        if longest > MAX_BYTES:
            raise CallbackTooLong(f"{prefix}: data of up to {longest} bytes (at most {MAX_BYTES})")
        self.longest = longest
        parts = [re.escape(prefix), *(f"({field.regex})" for field in fields)]
        self.pattern = "^" + SEPARATOR.join(parts) + "$"
        self._compiled = re.compile(self.pattern)

    def data(self, *values: Any) -> str:
        """The data of one button; fails here for a value its declaration does not allow."""
        if len(values) != len(self.fields):
            raise ValueError(f"{self.prefix}: {len(self.fields)} values, got {len(values)}")
        parts = [
            self.prefix,
            *(field.encode(v) for field, v in zip(self.fields, values, strict=True)),
        ]
        data = SEPARATOR.join(parts)
        if len(data.encode()) > MAX_BYTES:  # cannot happen after the declaration's check
            raise CallbackTooLong(data)
        return data

    def parse(self, data: str | None) -> tuple[Any, ...] | None:
        """The typed values, or None for data that is not this button's."""
        match = self._compiled.match(data or "")
        if match is None:
            return None
        return tuple(
            field.decode(text) for field, text in zip(self.fields, match.groups(), strict=True)
        )

    def matches(self, data: str | None) -> bool:
        return self._compiled.match(data or "") is not None

    def __repr__(self) -> str:
        return f"Callback({self.prefix!r}, {', '.join(f.name for f in self.fields)})"


def any_of(*callbacks: Callback) -> str:
    """One pattern for several kinds of buttons (one handler for all of them)."""
    return "|".join(f"(?:{callback.pattern})" for callback in callbacks)


# Buttons that other parts of the bot put under their own messages and the submission flow
# answers: a reminder's "Lanjutkan draf" / "Perbaiki sekarang" reopens an innovation where it
# was left.
RESUME = Callback("sub:resume", Int("id"))
# 📝 under an action plan's entry (/rencana): the innovation's form, begun from the entry (its
# title and pillar filled in), or reopened where it was left when the entry has one.
FROM_PLAN = Callback("sub:plan", Int("entry"))


# Buttons of more than one screen: an innovation's 👁 (lists, search, the group's notices) and
# the pages of /daftar.
VIEW_INNOVATION = Callback("ino:view", Int("innovation"))
INNOVATION_PAGE = Callback("ino:page", Int("page", 5))
# ✅ / 🚫 under a file sent to the coordinators' group: shown on the public pages, or never.
PUBLIC_FILE = Callback("file", Choice("decision", ("ok", "hide")), Int("innovation"), Int("file"))


# Buttons that may be pressed in a group: "👁 Lihat" under a notice in the coordinators' group
# (the details go to the presser's private chat, if their role lets them see it), and ✅ / 🚫
# under a new file there (a coordinator's decision, checked again by its handler). Every other
# screen is private: pressed in a group, a button does nothing there.
def button_allowed_in_group(data: str | None) -> bool:
    return VIEW_INNOVATION.parse(data) is not None or PUBLIC_FILE.parse(data) is not None
