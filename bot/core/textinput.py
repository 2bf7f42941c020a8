"""What people type, as the bot takes it and measures it.

Control characters (an escape, a backspace: C0 and DEL) are invisible, break spreadsheets and
terminals, and no one means them: they are taken out of every answer at input; tabs and new
lines stay. Lengths are counted as Telegram counts them, in UTF-16 code units: an emoji or
another character outside the Basic Multilingual Plane is two.
"""

from __future__ import annotations

import re

CONTROLS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")


def without_controls(text: str) -> str:
    """The text without control characters, tabs and new lines kept (a carriage return goes:
    what it ends is a new line)."""
    return CONTROLS.sub("", text)


def telegram_length(text: str) -> int:
    """The length Telegram gives `text`: UTF-16 code units."""
    return len(text.encode("utf-16-le")) // 2


def cut(text: str, units: int) -> tuple[str, str]:
    """The longest start of `text` of at most `units` UTF-16 units (never half a character),
    ended at a new line or a space when one is in its second half; and the rest."""
    length = telegram_length(text)
    if length <= units:
        return text, ""
    if length == len(text):  # no character of two units: the end is where the units run out
        end = units
    else:
        used = 0
        end = len(text)
        for index, char in enumerate(text):
            used += 2 if ord(char) > 0xFFFF else 1
            if used > units:
                end = index
                break
    head = text[:end]
    for separator in ("\n", " "):
        at = head.rfind(separator)
        if at >= end // 2:
            return text[: at + 1], text[at + 1 :]
    return head, text[end:]
