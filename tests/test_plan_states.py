"""The action plan's four states, defined once (bot.plans.progress), and the months people
type for a target."""

from __future__ import annotations

from datetime import date

import pytest

from bot.plans.progress import BadMonth, PlanState, month_end, parse_month, state_of

AUGUST = date(2026, 8, 1)


@pytest.mark.parametrize(
    ("today", "status", "stage", "expected"),
    [
        (date(2026, 6, 1), None, None, PlanState.ON_TRACK),
        (date(2026, 7, 1), None, None, PlanState.ON_TRACK),  # 31 days before
        (date(2026, 7, 2), None, None, PlanState.DUE_SOON),  # 30 days before
        (date(2026, 8, 31), None, None, PlanState.DUE_SOON),  # the month itself
        (date(2026, 9, 1), None, None, PlanState.LATE),
        (date(2026, 9, 1), "submitted", "uji_coba", PlanState.LATE),  # not approved yet
        (date(2026, 9, 1), "approved", "inisiatif", PlanState.LATE),  # not the stage yet
        (date(2026, 9, 1), "approved", "uji_coba", PlanState.DONE),
        (date(2026, 1, 1), "approved", "penerapan", PlanState.DONE),  # further, and early
    ],
)
def test_states(today: date, status: str | None, stage: str | None, expected: PlanState) -> None:
    assert state_of(AUGUST, "uji_coba", today, status, stage) is expected


def test_a_plan_of_penerapan_is_not_done_at_uji_coba() -> None:
    assert state_of(AUGUST, "penerapan", date(2026, 9, 1), "approved", "uji_coba") is (
        PlanState.LATE
    )


@pytest.mark.parametrize(
    "text", ["08/2026", "8-2026", "2026-08", "Agustus 2026", "agt 2026", "Aug 2026",
             "  agustus   2026 ", "17/08/2026"[3:], "2026-08-17"],
)  # fmt: skip
def test_months_as_people_write_them(text: str) -> None:
    assert parse_month(text) == AUGUST


@pytest.mark.parametrize("text", ["", "13/2026", "besok", "08/1990", "Agustus", "2026", "🙂"])
def test_not_a_month(text: str) -> None:
    with pytest.raises(BadMonth):
        parse_month(text)


def test_month_end() -> None:
    assert month_end(date(2026, 2, 1)) == date(2026, 2, 28)
    assert month_end(date(2026, 12, 1)) == date(2026, 12, 31)
