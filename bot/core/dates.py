"""Dates as precisely as a person gave them (a day, a month, a year): how they are kept,
written in history, and put in a spreadsheet's cell."""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import date

from bot.core.xlsx import Month, Year


class Precision(enum.StrEnum):
    DAY = "day"
    MONTH = "month"
    YEAR = "year"


@dataclass(frozen=True)
class PartialDate:
    """A date as precisely as it was given: 17 Agustus 2024, Juli 2024 (stored as its first
    day), or 2024 (1 January)."""

    day: date
    precision: Precision = Precision.DAY

    def __str__(self) -> str:  # as history records it: 2024-08-17, 2024-07, 2024
        if self.precision is Precision.MONTH:
            return f"{self.day:%Y-%m}"
        if self.precision is Precision.YEAR:
            return f"{self.day:%Y}"
        return self.day.isoformat()

    @property
    def cell(self) -> date:
        """A spreadsheet's cell: a real date, shown as precisely as it is known."""
        if self.precision is Precision.MONTH:
            return Month(self.day.year, self.day.month, 1)
        if self.precision is Precision.YEAR:
            return Year(self.day.year, 1, 1)
        return self.day
