"""`inovasi-bot innovation import` and `template`: the regency's backlog loaded from a
spreadsheet as an operator does it, on SQLite and PostgreSQL: what is printed, what is stored,
and that a bad file writes nothing."""

from __future__ import annotations

import asyncio
from datetime import date
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from sqlalchemy import func, select

from bot.cli import main
from bot.plans import table as table_module
from bot.plans.backlog import file_key
from storage.database import Database
from storage.models import Event, Innovation, Opd, Pillar, innovation_pillar
from tests.databases import Templates, fresh_database_url
from tests.support.cli import cli, write

SAMPLE = Path(__file__).resolve().parent.parent / "data" / "opd_sample.csv"

# A regency's own sheet: its headers, OPD names written loosely, several pillars in a cell.
REGENCY_CSV = (
    "No;Nama Inovasi;Perangkat Daerah;Pilar;Tahapan;Quick Win;Tanggal Mulai;Status\n"
    "1;Posyandu Digital;Dis. Kesehatan;Smart Governance, Living;Uji coba;Ya;Agustus 2024;"
    "disetujui\n"
    "2;Sekolah Ramah Anak;dinas  PENDIDIKAN;Smart Society;penerapan;tidak;17/08/2023;\n"
    "3;Perencanaan Terpadu;Bd. Perencanaan Pembangunan Daerah;Tata Kelola Pemerintahan;"
    "Inisiatif;;2022;terkirim\n"
)


COLUMNS = ("quick_win", "stage", "kind", "problem", "solution", "goal", "benefit", "start_date",
           "start_date_precision", "link", "contact_name", "contact_phone", "status")  # fmt: skip


@pytest.fixture
def regency(
    monkeypatch: pytest.MonkeyPatch, database_url: str, capsys: pytest.CaptureFixture[str]
) -> str:
    """The database with the sample's OPDs, as an operator would have it."""
    monkeypatch.setenv("DATABASE_URL", database_url)
    assert cli(capsys, "opd", "import", str(SAMPLE))[0] == 0
    return database_url


async def stored(url: str) -> dict[str, dict[str, Any]]:
    """Every innovation by title: its columns as the import writes them, its pillars' codes."""
    database = Database(url)
    try:
        async with database.reading() as session:
            rows = list(await session.scalars(select(Innovation).order_by(Innovation.id)))
            links = (
                await session.execute(
                    select(innovation_pillar.c.innovation_id, Pillar.code).join(
                        Pillar, Pillar.id == innovation_pillar.c.pillar_id
                    )
                )
            ).all()
            opds = dict((await session.execute(select(Opd.id, Opd.code))).all())
    finally:
        await database.dispose()
    result = {}
    for row in rows:
        result[row.title] = {
            "opd": opds[row.opd_id],
            "pillars": sorted(code for i, code in links if i == row.id),
            **{name: getattr(row, name) for name in COLUMNS},
        }
        result[row.title]["_key"] = row.import_key
        result[row.title]["_from"] = row.imported_from
    return result


async def events(url: str) -> list[tuple[Any, ...]]:
    database = Database(url)
    try:
        async with database.reading() as session:
            rows = await session.execute(
                select(Event.innovation_id, Event.kind, Event.field, Event.old_value,
                       Event.new_value, Event.note, Event.to_status).order_by(Event.id)
            )  # fmt: skip
            return [tuple(row) for row in rows]
    finally:
        await database.dispose()


async def count(url: str) -> int:
    database = Database(url)
    try:
        async with database.reading() as session:
            return await session.scalar(select(func.count()).select_from(Innovation))
    finally:
        await database.dispose()


def test_a_regency_sheet_imports_and_again_changes_nothing(
    capsys: pytest.CaptureFixture[str], regency: str, tmp_path: Path
) -> None:
    path = write(tmp_path, "inovasi-lama.csv", REGENCY_CSV)
    code, out, err = cli(capsys, "innovation", "import", str(path))
    assert (code, err) == (0, "")
    assert out == (
        f"{path}: 3 rows read (UTF-8); 3 new, 0 changed, 0 unchanged innovations were imported.\n"
    )
    rows = asyncio.run(stored(regency))
    assert rows["Posyandu Digital"] == {
        "opd": "DINKES", "pillars": ["governance", "living"], "quick_win": True,
        "stage": "uji_coba", "kind": None, "problem": None, "solution": None, "goal": None,
        "benefit": None, "start_date": date(2024, 8, 1), "start_date_precision": "month",
        "link": None, "contact_name": None, "contact_phone": None, "status": "approved",
        "_key": file_key("inovasi-lama.csv", "no:DINKES:1"), "_from": "inovasi-lama.csv",
    }  # fmt: skip
    assert rows["Sekolah Ramah Anak"]["opd"] == "DISDIK"
    assert rows["Sekolah Ramah Anak"]["status"] == "submitted"  # none given: submitted
    assert rows["Sekolah Ramah Anak"]["quick_win"] is False
    assert rows["Perencanaan Terpadu"]["opd"] == "BAPPEDA"  # "Bd." is Badan
    assert rows["Perencanaan Terpadu"]["pillars"] == ["governance"]  # its Indonesian name
    assert rows["Perencanaan Terpadu"]["start_date_precision"] == "year"
    history = asyncio.run(events(regency))
    assert [(kind, note, status) for _, kind, _, _, _, note, status in history] == [
        ("imported", "inovasi-lama.csv (command line)", "approved"),
        ("imported", "inovasi-lama.csv (command line)", "submitted"),
        ("imported", "inovasi-lama.csv (command line)", "submitted"),
    ]

    code, out, err = cli(capsys, "innovation", "import", str(path))
    assert (code, err) == (0, ""), err
    assert "0 new, 0 changed, 3 unchanged innovations were imported." in out
    assert asyncio.run(stored(regency)) == rows
    assert asyncio.run(events(regency)) == history  # not even an event

    changed = REGENCY_CSV.replace("Uji coba;Ya", "Penerapan;Ya").replace(
        "Smart Society", "Smart Society, Smart Economy"
    )
    write(tmp_path, "inovasi-lama.csv", changed)
    code, out, err = cli(capsys, "innovation", "import", str(path), "--by", "Rina (Bappeda)")
    assert code == 0, err
    assert "0 new, 2 changed, 1 unchanged innovations were imported." in out
    after = asyncio.run(stored(regency))
    assert after["Posyandu Digital"]["stage"] == "penerapan"
    assert after["Sekolah Ramah Anak"]["pillars"] == ["economy", "society"]
    new_events = asyncio.run(events(regency))[len(history) :]
    assert new_events == [
        (1, "field_changed", "stage", "uji_coba", "penerapan", None, None),
        (1, "imported", None, None, None, "inovasi-lama.csv (Rina (Bappeda))", None),
        (2, "field_changed", "pillars", "Smart Society", "Smart Economy, Smart Society",
         None, None),
        (2, "imported", None, None, None, "inovasi-lama.csv (Rina (Bappeda))", None),
    ]  # fmt: skip


def test_without_a_number_column_opd_and_title_are_the_key(
    capsys: pytest.CaptureFixture[str], regency: str, tmp_path: Path
) -> None:
    path = write(tmp_path, "a.csv", "Judul,OPD,Tahapan\nPosyandu Digital,DINKES,uji coba\n")
    assert cli(capsys, "innovation", "import", str(path))[0] == 0
    again = write(tmp_path, "b.csv", "Judul,OPD,Tahapan\nPOSYANDU  digital,dinkes,uji coba\n")
    code, out, _ = cli(capsys, "innovation", "import", str(again))
    assert code == 0
    assert "0 new, 1 changed, 0 unchanged" in out  # the same record, its title written anew
    assert asyncio.run(stored(regency))["POSYANDU digital"]["_key"] == (
        "opd:DINKES:posyandu digital"
    )


def test_two_files_numbered_from_one_are_different_innovations(
    capsys: pytest.CaptureFixture[str], regency: str, tmp_path: Path
) -> None:
    """Last year's list and this year's both count from 1: the numbers are each file's own,
    so the second list adds its innovations, never overwrites the first's."""
    last = write(tmp_path, "inovasi-2025.csv", "No,Judul,OPD\n1,Posyandu Digital,DINKES\n")
    this = write(tmp_path, "inovasi-2026.csv", "No,Judul,OPD\n1,Sekolah Ramah Anak,DISDIK\n")
    assert cli(capsys, "innovation", "import", str(last))[0] == 0
    code, out, _ = cli(capsys, "innovation", "import", str(this))
    assert code == 0 and "1 new, 0 changed, 0 unchanged" in out
    rows = asyncio.run(stored(regency))
    assert (rows["Posyandu Digital"]["opd"], rows["Sekolah Ramah Anak"]["opd"]) == (
        "DINKES",
        "DISDIK",
    )


BAD_CSV = (
    "No;Judul;OPD;Pilar;Tahapan;Tanggal mulai;Status\n"
    "1;Posyandu Digital;Dinas Kesehatan;Smart Living;uji coba;2024;\n"
    "2;Sekolah Ramah;Dinas Antah Berantah;Smart Living;uji coba;2024;\n"
    "3;Pasar Daring;Dinas;Smart Economy;uji coba;2024;\n"
    "4;Kebun Kota;DLHK;Smart Kota;setengah jadi;2099;\n"
    "5;Ab;DINKES;Smart Living;uji coba;2024;ditolak\n"
    "6;Posyandu Lagi;DINKES;Smart Living;uji coba;2024;\n"
    "6;Posyandu Lagi Lagi;DINKES;Smart Living;uji coba;2024;\n"
)


def test_bad_rows_are_each_reported_and_nothing_is_written(
    capsys: pytest.CaptureFixture[str], regency: str, tmp_path: Path
) -> None:
    path = write(tmp_path, "buruk.csv", BAD_CSV)
    code, out, err = cli(capsys, "innovation", "import", str(path))
    assert (code, out) == (1, "")
    lines = err.splitlines()
    assert lines == [
        f'{path}: row 3, column C ("OPD"): no OPD is called "Dinas Antah Berantah" '
        "(see the template's list)",
        f'{path}: row 4, column C ("OPD"): "Dinas" could be several OPDs: DINKES (Dinas '
        "Kesehatan), DINSOS (Dinas Sosial, Pemberdayaan Perempuan dan Perlindungan Anak), "
        "DISDIK (Dinas Pendidikan), DISDUKCAPIL (Dinas Kependudukan dan Pencatatan Sipil); "
        "write its code",
        f'{path}: row 5, column D ("Pilar"): "Smart Kota" is not a pillar (see the '
        "template's list)",
        f'{path}: row 5, column E ("Tahapan"): "setengah jadi" is not one of the choices '
        "(inisiatif, penerapan, uji_coba)",
        f'{path}: row 5, column F ("Tanggal mulai"): a start date in the future',
        f'{path}: row 6, column B ("Judul"): a title must be 5-150 characters (this one has 2)',
        f'{path}: row 6, column G ("Status"): "ditolak": only approved or submitted '
        "innovations are imported",
        f"{path}: row 8: the same number as row 7",
        f"inovasi-bot: {path}: nothing imported (8 problems)",
    ]
    assert asyncio.run(count(regency)) == 0

    code, out, err = cli(capsys, "innovation", "import", str(path), "--skip-bad")
    assert code == 0
    assert err.count(f"{path}: skipped row ") == 8
    assert out.splitlines() == [
        f"{path}: 7 rows read (UTF-8); 2 new, 0 changed, 0 unchanged innovations were imported.",
        "Skipped 5 bad rows: 3, 4, 5, 6, 8.",
    ]
    assert sorted(asyncio.run(stored(regency))) == ["Posyandu Digital", "Posyandu Lagi"]


def test_dry_run_says_what_would_change_and_writes_nothing(
    capsys: pytest.CaptureFixture[str], regency: str, tmp_path: Path
) -> None:
    path = write(tmp_path, "inovasi.csv", REGENCY_CSV)
    code, out, _ = cli(capsys, "innovation", "import", str(path), "--dry-run")
    assert code == 0
    assert out.splitlines() == [
        f"{path}: 3 rows read (UTF-8); 3 new, 0 changed, 0 unchanged innovations would be "
        "imported.",
        "Dry run: nothing was written.",
    ]
    assert asyncio.run(count(regency)) == 0


def test_an_unknown_header_is_reported_never_guessed(
    capsys: pytest.CaptureFixture[str], regency: str, tmp_path: Path
) -> None:
    path = write(tmp_path, "x.csv", "Judul,OPD,Anggaran,Judul Inovasi\nPosyandu,DINKES,5,x\n")
    code, out, err = cli(capsys, "innovation", "import", str(path), "--skip-bad")
    assert (code, out) == (1, "")
    assert err.splitlines() == [
        f'{path}: row 1, column C ("Anggaran"): is not a column the import knows: rename it '
        "as the template's, or delete the column",
        f'{path}: row 1, column D ("Judul Inovasi"): means the same as column A ("Judul")',
        f"inovasi-bot: {path}: nothing imported (2 problems)",
    ]
    assert asyncio.run(count(regency)) == 0


@pytest.mark.parametrize(
    ("encoding", "bom", "said"),
    [
        ("cp1252", b"", "Windows-1252"),
        ("utf-8", b"\xef\xbb\xbf", "UTF-8 with BOM"),
        ("utf-16-le", b"\xff\xfe", "UTF-16"),
    ],
)
def test_other_encodings_are_read_and_named(
    capsys: pytest.CaptureFixture[str],
    regency: str,
    tmp_path: Path,
    encoding: str,
    bom: bytes,
    said: str,
) -> None:
    path = tmp_path / "lama.csv"
    path.write_bytes(bom + "Judul;OPD\nKafé Literasi – Désa;DINKES\n".encode(encoding))
    code, out, err = cli(capsys, "innovation", "import", str(path))
    assert code == 0, err
    assert f"1 rows read ({said}); 1 new" in out
    assert list(asyncio.run(stored(regency))) == ["Kafé Literasi – Désa"]


def test_a_formula_is_never_run(
    capsys: pytest.CaptureFixture[str], regency: str, tmp_path: Path
) -> None:
    """A CSV cell that starts with = is text; in a workbook, a text cell too, and a formula's
    value is the one Excel saved (openpyxl's data_only), never evaluated here."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["Judul", "OPD", "Permasalahan"])
    sheet.append(["=1+1 Inovasi", "DINKES", '=HYPERLINK("http://x")'])
    for cell in sheet[2]:
        cell.data_type = "s"
    path = tmp_path / "rumus.xlsx"
    book.save(path)
    assert cli(capsys, "innovation", "import", str(path))[0] == 0
    csv_path = write(tmp_path, "rumus.csv", "Judul;OPD\n=cmd|' /C calc'!A0;DINKES\n")
    assert cli(capsys, "innovation", "import", str(csv_path))[0] == 0
    rows = asyncio.run(stored(regency))
    assert rows["=1+1 Inovasi"]["problem"] == '=HYPERLINK("http://x")'
    assert "=cmd|' /C calc'!A0" in rows


def test_a_merged_header_is_reported(
    capsys: pytest.CaptureFixture[str], regency: str, tmp_path: Path
) -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["DAFTAR INOVASI KABUPATEN SUMEDANG 2025"])
    sheet.merge_cells("A1:D1")
    sheet.append(["Judul", "OPD", "Pilar", None])
    sheet.merge_cells("C2:D2")
    sheet.append(["Posyandu Digital", "DINKES", "Smart Living", "Smart Economy"])
    path = tmp_path / "gabung.xlsx"
    book.save(path)
    code, out, err = cli(capsys, "innovation", "import", str(path))
    assert (code, out) == (1, "")
    assert err.splitlines() == [
        f"{path}: row 2, column D: has no header, though rows below have values (a merged "
        "header cell?): give every column its own header, on one row",
        f"inovasi-bot: {path}: nothing imported (1 problem)",
    ]


def test_files_that_cannot_be_imported_get_one_line(
    capsys: pytest.CaptureFixture[str],
    regency: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    huge = tmp_path / "besar.csv"
    with huge.open("wb") as file:  # 30 MB on disk, never read
        file.truncate(30 * 1024 * 1024)
    monkeypatch.setattr(table_module, "MAX_ROWS", 50)  # 50,000 rows: as refused, but smaller
    many = write(tmp_path, "banyak.csv", "Judul,OPD\n" + "Inovasi Lama,DINKES\n" * 51)
    empty = write(tmp_path, "kosong.csv", "")
    header = write(tmp_path, "kepala.csv", "Judul,OPD\n  ,  \n")
    old = tmp_path / "lama.xls"
    old.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100)
    broken = tmp_path / "rusak.xlsx"
    broken.write_bytes(b"PK\x03\x04 not really")
    expected = {
        huge: "is 30.0 MB; the import takes files up to 10 MB: split it into several files",
        many: "has more than 50 rows; the import takes up to 50 at a time: "
        "split it into several files",
        empty: "is empty",
        old: "is an old Excel 97-2003 workbook (.xls): save it as .xlsx or CSV",
        broken: "is not a readable .xlsx workbook (BadZipFile)",
        tmp_path / "tidak-ada.csv": "no such file",
    }
    for path, why in expected.items():
        assert cli(capsys, "innovation", "import", str(path)) == (
            1, "", f"inovasi-bot: {path}: {why}\n",
        )  # fmt: skip
    code, out, err = cli(capsys, "innovation", "import", str(header))
    assert code == 0, err
    assert out == (
        f"{header}: 0 rows read (UTF-8), blank rows 2 skipped; 0 new, 0 changed, 0 unchanged "
        "innovations were imported.\n"
    )
    assert asyncio.run(count(regency)) == 0


def test_the_real_limit_refuses_fifty_thousand_rows(
    capsys: pytest.CaptureFixture[str], regency: str, tmp_path: Path
) -> None:
    path = write(tmp_path, "50rb.csv", "Judul,OPD\n" + "Inovasi Lama,DINKES\n" * 50_000)
    assert cli(capsys, "innovation", "import", str(path)) == (
        1, "", f"inovasi-bot: {path}: has more than 20,000 rows; the import "
        "takes up to 20,000 at a time: split it into several files\n",
    )  # fmt: skip


def test_the_export_imports_back_unchanged(
    capsys: pytest.CaptureFixture[str],
    regency: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    backend: str,
    templates: Templates,
) -> None:
    """Records with every answer the form has, exported by the real exporter (xlsx and CSV,
    in both languages), imported into another database: the same records."""
    full = (
        "No;Judul;Kode OPD;Pilar;Quick win;Tahapan;Jenis;Permasalahan;Solusi;Tujuan;Manfaat;"
        "Tanggal mulai;Tautan;Narahubung;Telepon;Status\n"
        "1;Posyandu Digital;DINKES;Smart Governance, Smart Living;ya;uji coba;digital;"
        "Catatan manual;Aplikasi kader;Data cepat;Ibu balita;08/2024;sumedangkab.go.id;"
        "Siti;0812;approved\n"
        "2;Sekolah Ramah Anak;DISDIK;Smart Society;tidak;penerapan;non digital;Perundungan;"
        "Kanal aduan;Sekolah aman;Murid;17/08/2023;;;;submitted\n"
        "3;Pasar Daring;DISKOPUKMPP;;;inisiatif;;;;;;2021;;;;\n"
    )
    source = write(tmp_path, "awal.csv", full)
    assert cli(capsys, "innovation", "import", str(source))[0] == 0
    original = asyncio.run(stored(regency))
    assert original["Posyandu Digital"]["link"] == "https://sumedangkab.go.id"

    def strip(rows: dict[str, dict[str, Any]]) -> dict[str, dict[str, Any]]:
        return {t: {k: v for k, v in r.items() if not k.startswith("_")} for t, r in rows.items()}

    for form, lang in (("xlsx", "id"), ("csv", "id"), ("xlsx", "en")):
        exported = tmp_path / f"ekspor-{lang}.{form}"
        monkeypatch.setenv("DATABASE_URL", regency)
        monkeypatch.setenv("DEFAULT_LANGUAGE", lang)
        code, _, err = cli(capsys, "export", "--format", form, "-o", str(exported))
        assert code == 0, err
        # Into the same database: every row finds its record (by OPD and title: the export's
        # No is the bot's own number, not the first file's).
        code, out, err = cli(capsys, "innovation", "import", str(exported))
        assert (code, err) == (0, ""), err
        assert "0 new, 0 changed, 3 unchanged" in out
        folder = tmp_path / f"other-{form}-{lang}"
        folder.mkdir()
        with fresh_database_url(backend, folder, templates) as other:
            monkeypatch.setenv("DATABASE_URL", other)
            assert cli(capsys, "opd", "import", str(SAMPLE))[0] == 0
            code, out, err = cli(capsys, "innovation", "import", str(exported))
            assert (code, err) == (0, ""), err
            assert "3 new, 0 changed, 0 unchanged" in out
            assert strip(asyncio.run(stored(other))) == strip(original)


async def typed_in_the_chat(url: str) -> None:
    database = Database(url)
    try:
        async with database.transaction() as session:
            dinkes = await session.scalar(select(Opd.id).where(Opd.code == "DINKES"))
            session.add(
                Innovation(
                    opd_id=dinkes,
                    title="Posyandu Digital",
                    stage="uji_coba",
                    problem="Pencatatan balita manual",
                    status="submitted",
                )
            )
    finally:
        await database.dispose()


def test_an_innovation_typed_in_the_chat_is_found_not_doubled(
    capsys: pytest.CaptureFixture[str], regency: str, tmp_path: Path
) -> None:
    """The same OPD and title (case ignored) as an innovation no import made: that one, its
    answers kept where the sheet's cell is empty; the bot's own export imports back unchanged."""
    asyncio.run(typed_in_the_chat(regency))
    exported = tmp_path / "ekspor.xlsx"
    assert cli(capsys, "export", "-o", str(exported))[0] == 0
    code, out, err = cli(capsys, "innovation", "import", str(exported))
    assert (code, err) == (0, "")
    assert "0 new, 0 changed, 1 unchanged" in out
    sheet = write(tmp_path, "lokakarya.csv", "Judul;OPD;Tahapan\nposyandu  DIGITAL;Dis. "
                  "Kesehatan;Penerapan\n")  # fmt: skip
    code, out, err = cli(capsys, "innovation", "import", str(sheet))
    assert (code, err) == (0, "")
    assert "0 new, 1 changed, 0 unchanged" in out
    [(title, row)] = asyncio.run(stored(regency)).items()
    assert title == "posyandu DIGITAL"
    assert (row["stage"], row["problem"], row["_key"]) == (
        "penerapan", "Pencatatan balita manual", "opd:DINKES:posyandu digital",
    )  # fmt: skip
    assert [e[1:5] for e in asyncio.run(events(regency))] == [
        ("field_changed", "title", "Posyandu Digital", "posyandu DIGITAL"),
        ("field_changed", "stage", "uji_coba", "penerapan"),
        ("imported", None, None, None),
    ]


def test_the_template_lists_what_it_accepts_and_imports(
    capsys: pytest.CaptureFixture[str], regency: str, tmp_path: Path
) -> None:
    path = tmp_path / "templat.xlsx"
    code, out, err = cli(capsys, "innovation", "template", "-o", str(path))
    assert (code, err) == (0, "")
    assert out == (
        f"Wrote the import's template to {path}: its columns, one example row, and 14 OPDs "
        "and 6 pillars it accepts.\n"
    )
    book = openpyxl.load_workbook(path)
    assert book.sheetnames == ["Inovasi", "Daftar"]
    header = [cell.value for cell in book["Inovasi"][1]]
    assert header[:6] == ["No", "OPD (kode)", "OPD", "Status", "Judul", "Pilar"]
    lists = list(book["Daftar"].iter_rows(min_row=2, values_only=True))
    assert ("BAPPEDA", "Badan Perencanaan Pembangunan Daerah") in [r[:2] for r in lists]
    assert ("Smart Governance", "Tata Kelola Pemerintahan") in [r[3:5] for r in lists]
    code, out, err = cli(capsys, "innovation", "import", str(path))
    assert (code, err) == (0, "")
    assert "1 new" in out
    assert asyncio.run(stored(regency))["Posyandu Digital"]["start_date_precision"] == "month"
    english = tmp_path / "template.xlsx"
    assert cli(capsys, "innovation", "template", "-o", str(english), "--lang", "en")[0] == 0
    assert openpyxl.load_workbook(english).sheetnames == ["Innovations", "Lists"]
    code, out, _ = cli(capsys, "innovation", "import", str(english))
    assert "0 new, 0 changed, 1 unchanged" in out  # its example is the same innovation


async def test_lihat_says_the_innovation_was_imported(
    person: Any,
    database_url: str,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """A line on the record, in the reader's language, the file's name escaped."""
    siti = await person("staff", opd="DINKES", name="Siti Rahmawati")
    john = await person("coordinator", opd="DISKOMINFOSANDITIK", name="John Doe", language="en")
    monkeypatch.setenv("DATABASE_URL", database_url)
    path = write(tmp_path, "inovasi <lama> & baru.csv", "Judul;OPD\nPosyandu Digital;DINKES\n")
    code = await asyncio.to_thread(main, ["innovation", "import", str(path)])
    assert code == 0, capsys.readouterr().err
    text = (await siti.send("/lihat 1")).text
    assert "Posyandu Digital" in text
    assert "Diimpor dari berkas inovasi <lama> & baru.csv" in text
    assert "Imported from the file inovasi <lama> & baru.csv" in (await john.send("/view 1")).text
