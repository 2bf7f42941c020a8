from __future__ import annotations

import csv
import io

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.innovations.opd_csv import OpdCsvError, parse_opd_csv


def parsed(text: str | bytes) -> list[tuple[int, str, str]]:
    data = text.encode("utf-8") if isinstance(text, str) else text
    return [(row.line, row.code, row.name) for row in parse_opd_csv(data)]


def problems(text: str | bytes) -> list[str]:
    data = text.encode("utf-8") if isinstance(text, str) else text
    with pytest.raises(OpdCsvError) as caught:
        parse_opd_csv(data)
    return caught.value.problems


def test_plain_comma_file() -> None:
    assert parsed("code,name\nDINKES,Dinas Kesehatan\nDISDIK,Dinas Pendidikan\n") == [
        (2, "DINKES", "Dinas Kesehatan"),
        (3, "DISDIK", "Dinas Pendidikan"),
    ]


def test_excel_indonesia_semicolons_bom_crlf_and_blank_lines() -> None:
    data = "\ufeffCode;Name\r\n\r\ndinkes ; Dinas  Kesehatan \r\n;\r\nBAPPEDA;Bappeda\r\n"
    assert parsed(data.encode("utf-8")) == [
        (3, "DINKES", "Dinas Kesehatan"),
        (5, "BAPPEDA", "Bappeda"),
    ]


def test_quoted_names_keep_their_commas() -> None:
    rows = parsed('code,name\nDINSOS,"Dinas Sosial, P3A"\n')
    assert rows == [(2, "DINSOS", "Dinas Sosial, P3A")]


def test_every_bad_row_is_reported_with_its_line() -> None:
    found = problems(
        "code,name\nDINKES,Dinas Kesehatan\nDINKES,Dinas Kesehatan lagi\nBAPPEDA,\n"
        "RS UD!,Rumah Sakit\nDISDIK\nA,B,C\n"
    )
    assert found == [
        "line 3: code DINKES already stands on line 2",
        "line 4: the name of BAPPEDA is empty",
        "line 5: code 'RSUD!' may only have letters, digits, '_', '-' and '.' (2 to 32 characters)",
        "line 6: expected 2 columns (code,name), found 1",
        "line 7: expected 2 columns (code,name), found 3",
    ]


def test_a_missing_header_is_named() -> None:
    assert problems("DINKES,Dinas Kesehatan\n") == [
        "line 1: the header must be 'code,name' or 'code,name,expected', "
        "found 'DINKES,Dinas Kesehatan'"
    ]


def test_an_expected_column_says_who_is_expected_to_submit() -> None:
    data = (
        "code;name;expected\nDISKOMINFO;Dinas Kominfo;\nDINKES;Dinas Kesehatan;Ya\n"
        "SETDA;Sekretariat Daerah;tidak\nDISDIK;Dinas Pendidikan;no\nRSUD;RSUD;mungkin\n"
        "BAPPEDA;Bappeda;;x\n"
    )
    assert problems(data) == [
        "line 6: expected of RSUD must be ya or tidak (yes/no, 1/0), not 'mungkin'",
        "line 7: expected 3 columns (code,name,expected), found 4",
    ]
    rows = parse_opd_csv("\n".join(data.splitlines()[:5]).encode())
    assert [(row.code, row.expected) for row in rows] == [
        ("DISKOMINFO", None), ("DINKES", True), ("SETDA", False), ("DISDIK", False)
    ]  # fmt: skip


def test_empty_files() -> None:
    assert problems("") == ["the file is empty; expected a header line: code,name"]
    assert problems("\n\n") == ["the file is empty; expected a header line: code,name"]
    assert problems("code,name\n") == ["the file has a header but no OPDs"]


def test_a_ten_megabyte_line_is_refused_without_parsing_it() -> None:
    found = problems("code,name\nX," + "a" * 4_000_000 + "\n")
    assert found == ["line 2: too long (4,000,002 characters, at most 1,000)"]
    assert problems(b"code,name\n" + b"a" * (10 * 1024 * 1024)) == ["the file is larger than 5 MB"]


def test_a_file_that_is_not_utf8() -> None:
    latin1 = "code,name\nDISPAR,Dinas Pariwisata\nDPMD,Dinas Pemberdayaan Masyarakat Désa\n"
    assert problems(latin1.encode("latin-1")) == [
        "line 3: not UTF-8 text; in Excel save it as 'CSV UTF-8 (Comma delimited)'"
    ]


codes = st.from_regex(r"\A[A-Z][A-Z0-9_-]{1,20}\Z")
names = (
    st.text(
        alphabet=st.characters(categories=["L", "N", "Zs", "P"], exclude_characters="\x85"),
        min_size=1,
        max_size=80,
    )
    .map(lambda name: " ".join(name.split()))
    .filter(bool)
)


@given(
    rows=st.dictionaries(codes, names, min_size=1, max_size=20),
    delimiter=st.sampled_from([",", ";"]),
    bom=st.booleans(),
)
def test_whatever_excel_writes_reads_back(rows: dict[str, str], delimiter: str, bom: bool) -> None:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter)
    writer.writerow(["code", "name"])
    writer.writerows(rows.items())
    data = ("\ufeff" if bom else "") + buffer.getvalue()
    assert [(code, name) for _, code, name in parsed(data.encode("utf-8"))] == list(rows.items())
