"""The innovation's rules, without Telegram."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.innovations import (
    MAX_FILE_BYTES,
    EvidenceFile,
    Field,
    Invalid,
    can_edit,
    can_withdraw,
    check_evidence,
    month_start,
    next_field,
    parse_start_date,
    previous_field,
    status_after_send,
    valid_link,
    valid_long_text,
    valid_title,
)

TODAY = date(2026, 11, 28)


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("17/08/2024", date(2024, 8, 17)),
        ("17-8-2024", date(2024, 8, 17)),
        ("17.08.2024", date(2024, 8, 17)),
        ("17 Agustus 2024", date(2024, 8, 17)),
        ("17 agt 2024", date(2024, 8, 17)),
        ("17 August 2024", date(2024, 8, 17)),
        ("Agustus 2024", date(2024, 8, 1)),
        ("  mei   2025 ", date(2025, 5, 1)),
        ("2024", date(2024, 1, 1)),
        ("28/11/2026", TODAY),
    ],
)
def test_dates_as_people_type_them(typed: str, expected: date) -> None:
    assert parse_start_date(typed, TODAY) == expected


@pytest.mark.parametrize(
    "typed", ["kemarin", "31/02/2024", "2024-08-17", "17/08/24", "Agustus", "1900"]
)
def test_dates_that_are_not(typed: str) -> None:
    with pytest.raises(Invalid) as caught:
        parse_start_date(typed, TODAY)
    assert caught.value.key == "sub-invalid-date"


@pytest.mark.parametrize("typed", ["29/11/2026", "Desember 2026", "2027"])
def test_dates_in_the_future(typed: str) -> None:
    with pytest.raises(Invalid) as caught:
        parse_start_date(typed, TODAY)
    assert caught.value.key == "sub-invalid-future-date"


@given(st.dates(min_value=date(1945, 1, 1), max_value=TODAY))
def test_every_past_date_in_the_short_form_reads_back(day: date) -> None:
    assert parse_start_date(f"{day.day}/{day.month}/{day.year}", TODAY) == day


def test_month_buttons() -> None:
    assert month_start(date(2026, 1, 15)) == date(2026, 1, 1)
    assert month_start(date(2026, 1, 15), 1) == date(2025, 12, 1)


def test_titles_and_long_texts() -> None:
    assert valid_title("  Posyandu   Digital ") == "Posyandu Digital"
    with pytest.raises(Invalid):
        valid_title("Abc")
    assert valid_long_text(" baris satu\nbaris dua ") == "baris satu\nbaris dua"
    with pytest.raises(Invalid):
        valid_long_text("x" * 3001)


@pytest.mark.parametrize(
    ("link", "ok"),
    [
        ("https://sumedangkab.go.id", True),
        ("http://desa.id/path?a=1&b=2", True),
        ("sumedangkab.go.id", False),
        ("javascript:alert(1)", False),
        ("https://localhost", False),
        ("https://exa mple.com", False),
    ],
)
def test_links(link: str, ok: bool) -> None:
    if ok:
        assert valid_link(link) == link
    else:
        with pytest.raises(Invalid):
            valid_link(link)


def test_evidence_files() -> None:
    pdf = EvidenceFile("document", "f", "u", "laporan.pdf", "application/pdf", 1000)
    check_evidence(pdf)
    check_evidence(EvidenceFile("document", "f", "u", "data.XLSX", None, 1000))
    check_evidence(EvidenceFile("photo", "f", "u", None, "image/jpeg", MAX_FILE_BYTES))
    with pytest.raises(Invalid) as caught:
        check_evidence(EvidenceFile("photo", "f", "u", None, "image/jpeg", MAX_FILE_BYTES + 1))
    assert caught.value.key == "sub-invalid-file-size"
    with pytest.raises(Invalid) as caught:
        check_evidence(EvidenceFile("document", "f", "u", "lagu.mp3", "audio/mpeg", 10))
    assert caught.value.key == "sub-invalid-file-type"


def test_the_order_of_questions() -> None:
    assert next_field(Field.TITLE) is Field.PILLARS
    assert next_field(Field.EVIDENCE) is None
    assert previous_field(Field.TITLE) is None
    assert previous_field(Field.START_DATE) is Field.BENEFIT


def test_status_rules() -> None:
    assert [can_edit(s) for s in ("draft", "submitted", "in_review", "approved",
                                  "revision_requested", "rejected")] == [
        True, True, False, False, True, False,
    ]  # fmt: skip
    assert can_withdraw("submitted") and not can_withdraw("in_review")
    assert status_after_send("draft") == "submitted"
    assert status_after_send("revision_requested") == "submitted"
    with pytest.raises(ValueError):
        status_after_send("approved")
