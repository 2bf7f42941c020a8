"""What people type, as the bot takes it and measures it.

Control characters (an escape, a backspace: C0 and DEL) are invisible, break spreadsheets and
terminals, and no one means them: they are taken out of every answer at input; tabs and new
lines stay. Lengths are counted as Telegram counts them, in UTF-16 code units: an emoji or
another character outside the Basic Multilingual Plane is two. A typed number goes through
`parse_count`: ASCII digits, within a range, or the reason it is refused.
"""

from __future__ import annotations

import enum
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


# --- typed numbers -----------------------------------------------------------------------------

MAX_ID = 2_147_483_647  # PostgreSQL's `integer`: no key of the database is larger

# ASCII digits only: `str.isdigit()` takes "²" and `int()` takes "١٢", and neither is what a
# clerk means by a number. Grouped: "1.250", "1,250", "1 250", one separator throughout.
_PLAIN = re.compile(r"[0-9]+")
_GROUPED = re.compile(r"[0-9]{1,3}([., \u00a0\u202f])[0-9]{3}(?:\1[0-9]{3})*")
_MINUS = re.compile(r"[-\u2212\u2013]\s*")  # "-", and the minus and dash phones put in


class NumberProblem(enum.StrEnum):
    """Why a typed text is not a number the bot takes."""

    NOT_A_NUMBER = "not-a-number"
    NEGATIVE = "negative"
    TOO_SMALL = "too-small"
    TOO_LARGE = "too-large"


def parse_count(
    text: str, *, minimum: int, maximum: int, grouped: bool = False
) -> int | NumberProblem:
    """The whole number `text` is, from `minimum` to `maximum` (`minimum` >= 0); else why not.

    Spaces around are ignored; with `grouped`, thousands may be grouped as people type them.
    The length is checked before `int()`, so a text of thousands of digits is just too large
    (never `int()`'s own limit, never a number the database's columns cannot hold)."""
    answer = text.strip()
    minus = _MINUS.match(answer)
    body = answer[minus.end() :] if minus else answer
    if _PLAIN.fullmatch(body) is None and not (grouped and _GROUPED.fullmatch(body)):
        return NumberProblem.NOT_A_NUMBER
    if minus:
        return NumberProblem.NEGATIVE
    digits = re.sub(r"[^0-9]", "", body).lstrip("0") or "0"
    if len(digits) > len(str(maximum)):
        return NumberProblem.TOO_LARGE
    value = int(digits)
    if value > maximum:
        return NumberProblem.TOO_LARGE
    if value < minimum:
        return NumberProblem.TOO_SMALL
    return value


def innovation_number(text: str) -> int | NumberProblem:
    """The innovation a person names ("12" or "#12"): a key the database can hold, or why not
    (a number above any key is no innovation, not a query the database refuses)."""
    return parse_count(text.strip().removeprefix("#"), minimum=0, maximum=MAX_ID)


def parse_number(text: str | None, *, high: int, low: int = 0) -> int | None:
    """A number in a web address or a form (an id in a path, a page in a query), by the same
    rules as a typed one but stricter: nothing around the digits, no grouping. None for
    anything else (the page answers 404 or uses its default)."""
    if text is None or text != text.strip():
        return None
    number = parse_count(text, minimum=low, maximum=high)
    return number if isinstance(number, int) else None


def parse_id(text: str | None) -> int | None:
    """A database id (1 to MAX_ID) from a path or a form; None for anything else."""
    return parse_number(text, low=1, high=MAX_ID)
