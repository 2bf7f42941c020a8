"""Numbers typed into the dashboard's addresses (ids in a path, a page or pillar in a query).

Strict: ASCII digits only, as many as the highest value allowed has, within a range. Python's
str.isdigit also takes '²' (which int() refuses) and other scripts' digits such as '٣' (which
int() reads), and int() refuses more than 4,300 digits: any of them reaching int() was a 500.
"""

from __future__ import annotations

ID_MAX = 2**31 - 1  # the database's keys are 32-bit integers


def parse_number(text: str | None, *, high: int, low: int = 0) -> int | None:
    """The number `text` spells in ASCII digits, if it is within low..high; else None."""
    if text is None or not 0 < len(text) <= len(str(high)):
        return None
    if not (text.isascii() and text.isdigit()):
        return None
    number = int(text)
    return number if low <= number <= high else None


def parse_id(text: str | None) -> int | None:
    """A database id (1 to ID_MAX) from a path or a form; None for anything else."""
    return parse_number(text, low=1, high=ID_MAX)
