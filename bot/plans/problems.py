"""Why a file, a header or a row is refused: a catalog key and its arguments, rendered in the
reader's language (the chat's person) or in English as plain text (the command line). Every
problem keeps its row and its column ("C ("Pilar")")."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from bot.core.texts import Catalog, Html, plain


class Said(Exception):
    """A refusal that says why: the catalog's `key` with its `arguments`."""

    def __init__(self, key: str, /, **arguments: Any) -> None:
        super().__init__(key)
        self.key = key
        self.arguments = arguments

    def text(self, texts: Catalog, lang: str) -> str:
        return texts.text(lang, self.key, **self.arguments)

    def english(self, texts: Catalog) -> str:
        return plain(self.text(texts, "en"))


class Bad(Said, ValueError):
    """A cell that cannot be taken, and why."""


class TableError(Said):
    """The whole file cannot be read, and why (one line)."""


@dataclass(frozen=True)
class Problem:
    row: int | None  # the row's number in the file (None: the header or the whole file)
    column: str | None  # as 'C ("Pilar")'
    key: str  # why, in the catalog
    arguments: dict[str, Any] = field(default_factory=dict, hash=False, compare=True)

    @classmethod
    def of(cls, row: int | None, column: str | None, bad: Bad) -> Problem:
        return cls(row, column, bad.key, bad.arguments)

    def reason(self, texts: Catalog, lang: str) -> str:
        return texts.text(lang, self.key, **self.arguments)

    def text(self, texts: Catalog, lang: str) -> str:
        """Where and why, in Telegram HTML (the arguments escaped by the catalog)."""
        reason = Html(self.reason(texts, lang))
        # The row as written in the file (1234, not 1.234: people look it up).
        row = str(self.row) if self.row is not None else None
        if row is not None and self.column:
            return texts.text(lang, "imp-at-row-column", row=row, column=self.column,
                              reason=reason)  # fmt: skip
        if row is not None:
            return texts.text(lang, "imp-at-row", row=row, reason=reason)
        if self.column:
            return texts.text(lang, "imp-at-column", column=self.column, reason=reason)
        return reason

    def english(self, texts: Catalog) -> str:
        """For the command line: English, plain text."""
        return plain(self.text(texts, "en"))
