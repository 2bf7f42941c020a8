"""The innovation's rules, without Telegram."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.innovations.rules import (
    MAX_FILE_BYTES,
    EvidenceFile,
    Invalid,
    can_edit,
    can_withdraw,
    check_evidence,
    month_start,
    parse_start_date,
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
        ("javascript://x.go.id", False),
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


def test_a_bare_domain_is_a_link() -> None:
    assert valid_link("eposyandu.sumedangkab.go.id") == "https://eposyandu.sumedangkab.go.id"
    assert valid_link("www.desa.id/peta?x=1") == "https://www.desa.id/peta?x=1"
    for text in ("posyandu", "kemarin.", "a b.id"):
        with pytest.raises(Invalid):
            valid_link(text)


@pytest.mark.parametrize(
    ("text", "expected"),
    [("17 agts 2024", date(2024, 8, 17)), ("3 Pebr 2023", date(2023, 2, 3)),
     ("1 Nop 2023", date(2023, 11, 1)), ("9 ags 2024", date(2024, 8, 9))],
)  # fmt: skip
def test_indonesian_month_abbreviations(text: str, expected: date) -> None:
    assert parse_start_date(text, TODAY) == expected


def test_evidence_files() -> None:
    pdf = EvidenceFile("document", "f", "u", "laporan.pdf", "application/pdf", 1000)
    check_evidence(pdf)
    xlsx = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    check_evidence(EvidenceFile("document", "f", "u", "data.XLSX", xlsx, 1000))
    check_evidence(EvidenceFile("photo", "f", "u", None, "image/jpeg", MAX_FILE_BYTES))
    with pytest.raises(Invalid) as caught:
        check_evidence(EvidenceFile("photo", "f", "u", None, "image/jpeg", MAX_FILE_BYTES + 1))
    assert caught.value.key == "sub-invalid-file-size"
    with pytest.raises(Invalid) as caught:
        check_evidence(EvidenceFile("document", "f", "u", "lagu.mp3", "audio/mpeg", 10))
    assert caught.value.key == "sub-invalid-file-type"


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


@pytest.mark.parametrize(
    ("name", "declared", "ok"),
    [
        ("laporan.pdf", "application/pdf", True),
        ("Foto Kegiatan.JPEG", "image/jpeg", True),
        ("Laporan.exe", "application/pdf", False),  # the name is not allowed
        ("login.html", "image/png", False),
        ("laporan.pdf", "application/x-msdownload", False),  # the declared type is not
        ("laporan.pdf", "image/png", False),  # both allowed, but they disagree
        ("data.xlsx", None, False),
        ("pdf", "application/pdf", False),
    ],
)
def test_a_documents_name_and_declared_type_must_both_be_allowed(
    name: str, declared: str | None, ok: bool
) -> None:
    evidence = EvidenceFile("document", "f", "u", name, declared, 1000)
    if ok:
        check_evidence(evidence)
    else:
        with pytest.raises(Invalid):
            check_evidence(evidence)


def test_first_bytes_must_match_the_declared_type() -> None:
    from bot.innovations.rules import first_bytes_match

    docx = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    assert first_bytes_match("application/pdf", b"%PDF-1.7\n")
    assert first_bytes_match("image/png", b"\x89PNG\r\n\x1a\n")
    assert first_bytes_match("image/jpeg", b"\xff\xd8\xff\xe0")
    assert first_bytes_match(docx, b"PK\x03\x04\x14")
    assert first_bytes_match("application/msword", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1")
    assert not first_bytes_match("application/pdf", b"MZ\x90\x00")
    assert not first_bytes_match("image/png", b"<html><body>")
    assert not first_bytes_match("application/x-msdownload", b"MZ\x90\x00")
    assert not first_bytes_match(None, b"%PDF-")
