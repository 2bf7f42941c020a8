"""`inovasi-bot plan import` and `plan template`: the OPDs' action plans loaded from a
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

from bot.plans.backlog import file_key
from storage.database import Database
from storage.models import Innovation, Opd, Pillar
from storage.plans import PlanEntry
from tests.support.cli import cli, write

SAMPLE = Path(__file__).resolve().parent.parent / "data" / "opd_sample.csv"

# A regency's own sheet: its headers, OPD names written loosely, months as people write them.
PLANS_CSV = (
    "No;Perangkat Daerah;Dimensi;Quick Win;Tahap;Bulan Target\n"
    "1;Dis. Kesehatan;Smart Living;Posyandu Digital;Uji coba;Agustus 2026\n"
    "2;dinas  PENDIDIKAN;Smart Society;Sekolah Ramah Anak;penerapan;11/2026\n"
    "3;BAPPEDA;Tata Kelola Pemerintahan;Perencanaan Terpadu;implementation;2027-01\n"
)


@pytest.fixture
def regency(
    monkeypatch: pytest.MonkeyPatch, database_url: str, capsys: pytest.CaptureFixture[str]
) -> str:
    monkeypatch.setenv("DATABASE_URL", database_url)
    assert cli(capsys, "opd", "import", str(SAMPLE))[0] == 0
    return database_url


async def stored(url: str) -> dict[str, dict[str, Any]]:
    database = Database(url)
    try:
        async with database.reading() as session:
            rows = (
                await session.execute(
                    select(PlanEntry, Opd.code, Pillar.code)
                    .join(Opd, Opd.id == PlanEntry.opd_id)
                    .join(Pillar, Pillar.id == PlanEntry.pillar_id)
                    .order_by(PlanEntry.id)
                )
            ).all()
    finally:
        await database.dispose()
    return {
        entry.title: {
            "opd": opd, "pillar": pillar, "stage": entry.target_stage,
            "month": entry.target_month, "innovation": entry.innovation_id,
            "_key": entry.import_key, "_from": entry.imported_from,
        }
        for entry, opd, pillar in rows
    }  # fmt: skip


async def count(url: str) -> int:
    database = Database(url)
    try:
        async with database.reading() as session:
            return await session.scalar(select(func.count()).select_from(PlanEntry))
    finally:
        await database.dispose()


async def mark_reminded(url: str) -> None:
    database = Database(url)
    try:
        async with database.transaction() as session:
            for entry in await session.scalars(select(PlanEntry)):
                entry.reminded_due, entry.reminded_late = "2026-W44", "2026-W45"
    finally:
        await database.dispose()


async def reminded(url: str) -> dict[str, tuple[str | None, str | None]]:
    database = Database(url)
    try:
        async with database.reading() as session:
            rows = await session.execute(
                select(PlanEntry.title, PlanEntry.reminded_due, PlanEntry.reminded_late)
            )
            return {title: (due, late) for title, due, late in rows}
    finally:
        await database.dispose()


async def add_innovation(url: str, opd_code: str, title: str) -> int:
    database = Database(url)
    try:
        async with database.transaction() as session:
            opd = await session.scalar(select(Opd).where(Opd.code == opd_code))
            assert opd is not None
            innovation = Innovation(opd_id=opd.id, title=title, status="approved", version=1)
            session.add(innovation)
            await session.flush()
            return innovation.id
    finally:
        await database.dispose()


def test_a_regency_sheet_imports_and_again_changes_nothing(
    capsys: pytest.CaptureFixture[str], regency: str, tmp_path: Path
) -> None:
    path = write(tmp_path, "rencana.csv", PLANS_CSV)
    code, out, err = cli(capsys, "plan", "import", str(path), "--by", "Dewi Lestari")
    assert (code, err) == (0, "")
    assert out == (
        f"{path}: 3 rows read (UTF-8); 3 new, 0 changed, 0 unchanged plan entries were imported.\n"
    )
    rows = asyncio.run(stored(regency))
    assert rows["Posyandu Digital"] == {
        "opd": "DINKES", "pillar": "living", "stage": "uji_coba", "month": date(2026, 8, 1),
        "innovation": None, "_key": file_key("rencana.csv", "no:DINKES:1"),
        "_from": "rencana.csv",
    }  # fmt: skip
    assert (rows["Sekolah Ramah Anak"]["opd"], rows["Sekolah Ramah Anak"]["month"]) == (
        "DISDIK", date(2026, 11, 1),
    )  # fmt: skip
    assert rows["Perencanaan Terpadu"]["pillar"] == "governance"
    assert rows["Perencanaan Terpadu"]["stage"] == "penerapan"

    code, out, err = cli(capsys, "plan", "import", str(path))
    assert (code, err) == (0, "")
    assert "0 new, 0 changed, 3 unchanged plan entries were imported." in out
    assert asyncio.run(count(regency)) == 3


def test_a_changed_row_updates_its_entry_and_an_empty_cell_keeps_the_link(
    capsys: pytest.CaptureFixture[str], regency: str, tmp_path: Path
) -> None:
    innovation = asyncio.run(add_innovation(regency, "DINKES", "Posyandu Digital Sumedang"))
    other = asyncio.run(add_innovation(regency, "DISDIK", "Sekolah Digital"))
    linked = PLANS_CSV.replace("Bulan Target\n", "Bulan Target;Nomor Inovasi\n", 1)
    linked = linked.replace("Agustus 2026\n", f"Agustus 2026;{innovation}\n")
    path = write(tmp_path, "rencana.csv", linked)
    code, out, err = cli(capsys, "plan", "import", str(path))
    assert (code, err) == (0, ""), err
    assert asyncio.run(stored(regency))["Posyandu Digital"]["innovation"] == innovation
    asyncio.run(mark_reminded(regency))  # the weekly reminders have named every entry

    # The month moved, the link's cell left empty: the month changes, the link stays.
    changed = PLANS_CSV.replace("Agustus 2026", "September 2026")
    path = write(tmp_path, "rencana.csv", changed)
    code, out, err = cli(capsys, "plan", "import", str(path))
    assert (code, err) == (0, ""), err
    assert "0 new, 1 changed, 2 unchanged" in out
    row = asyncio.run(stored(regency))["Posyandu Digital"]
    assert (row["month"], row["innovation"]) == (date(2026, 9, 1), innovation)
    # A moved target is reminded of again; the others' reminders stay given.
    assert asyncio.run(reminded(regency)) == {
        "Posyandu Digital": (None, None),
        "Sekolah Ramah Anak": ("2026-W44", "2026-W45"),
        "Perencanaan Terpadu": ("2026-W44", "2026-W45"),
    }

    # Another OPD's innovation is refused.
    wrong = linked.replace(f";{innovation}\n", f";{other}\n")
    path = write(tmp_path, "rencana.csv", wrong)
    code, out, err = cli(capsys, "plan", "import", str(path))
    assert (code, out) == (1, "")
    assert err.splitlines()[0] == (
        f'{path}: row 2, column G ("Nomor Inovasi"): innovation {other} is another OPD\'s (DISDIK)'
    )


def test_opds_plans_sent_one_by_one_on_the_same_template_stay_apart(
    capsys: pytest.CaptureFixture[str], regency: str, tmp_path: Path
) -> None:
    """Each OPD fills the same template (its name, its numbers from 1): one OPD's rows never
    take another's entries, and a sheet numbered per OPD is no duplicate either. A file name
    of 240 characters keeps the numbers apart too."""
    header = "No;Perangkat Daerah;Pilar;Rencana;Tahap;Bulan Target\n"
    dinkes = header + "1;DINKES;Smart Living;Posyandu Digital;Uji coba;08/2026\n"
    disdik = header + "1;DISDIK;Smart Society;Sekolah Ramah Anak;Uji coba;09/2026\n"
    name = "templat-impor-rencana-aksi.csv"
    for text in (dinkes, disdik):
        code, out, err = cli(capsys, "plan", "import", str(write(tmp_path, name, text)))
        assert (code, err) == (0, ""), err
        assert "1 new, 0 changed, 0 unchanged" in out
    rows = asyncio.run(stored(regency))
    assert {title: row["opd"] for title, row in rows.items()} == {
        "Posyandu Digital": "DINKES", "Sekolah Ramah Anak": "DISDIK"
    }  # fmt: skip
    both = header + dinkes.split("\n")[1] + "\n" + disdik.split("\n")[1] + "\n"
    code, out, err = cli(capsys, "plan", "import", str(write(tmp_path, name, both)))
    assert (code, err) == (0, ""), err
    assert "0 new, 0 changed, 2 unchanged" in out
    long_name = "r" * 236 + ".csv"
    more = header + "1;DINKES;Smart Living;Telemedis Desa;Uji coba;10/2026\n"
    more += "2;DINKES;Smart Living;Apotek Keliling;Penerapan;11/2026\n"
    code, out, err = cli(capsys, "plan", "import", str(write(tmp_path, long_name, more)))
    assert (code, err) == (0, ""), err
    assert "2 new, 0 changed, 0 unchanged" in out
    assert asyncio.run(count(regency)) == 4


def test_renumbered_list_adopts_the_entries_of_the_same_opd_and_title(
    capsys: pytest.CaptureFixture[str], regency: str, tmp_path: Path
) -> None:
    assert cli(capsys, "plan", "import", str(write(tmp_path, "a.csv", PLANS_CSV)))[0] == 0
    renumbered = PLANS_CSV.replace("\n1;", "\n7;").replace("Posyandu Digital", "POSYANDU digital")
    code, out, err = cli(capsys, "plan", "import", str(write(tmp_path, "b.csv", renumbered)))
    assert (code, err) == (0, "")
    assert "0 new, 1 changed, 2 unchanged" in out  # its title written anew
    assert asyncio.run(count(regency)) == 3


BAD_CSV = (
    "No;OPD;Pilar;Rencana;Tahap;Bulan Target\n"
    "1;DINKES;Smart Living;Posyandu Digital;uji coba;08/2026\n"
    "2;Dinas Antah Berantah;Smart Living;Sekolah Ramah;uji coba;08/2026\n"
    "3;DINKES;Smart Living, Smart Economy;Pasar Daring;uji coba;08/2026\n"
    "4;DINKES;Smart Kota;Ab;setengah jadi;Agustusan\n"
    "5;DINKES;;Kebun Kota;;\n"
    "6;DINKES;Smart Living;Posyandu Lagi;penerapan;12/2026\n"
)


def test_bad_rows_are_each_reported_and_nothing_is_written(
    capsys: pytest.CaptureFixture[str], regency: str, tmp_path: Path
) -> None:
    path = write(tmp_path, "buruk.csv", BAD_CSV)
    code, out, err = cli(capsys, "plan", "import", str(path))
    assert (code, out) == (1, "")
    assert err.splitlines() == [
        f'{path}: row 3, column B ("OPD"): no OPD is called "Dinas Antah Berantah" '
        "(see the template's list)",
        f'{path}: row 4, column C ("Pilar"): "Smart Living, Smart Economy": a plan entry has '
        "exactly one pillar",
        f'{path}: row 5, column C ("Pilar"): "Smart Kota" is not a pillar (see the '
        "template's list)",
        f'{path}: row 5, column D ("Rencana"): a title must be 5-150 characters (this one has 2)',
        f'{path}: row 5, column E ("Tahap"): "setengah jadi" is not a target stage (uji '
        "coba/trial or penerapan/implementation)",
        f'{path}: row 5, column F ("Bulan Target"): "Agustusan" is not a month (08/2026, '
        "Agustus 2026 or 2026-08)",
        f'{path}: row 6, column C ("Pilar"): no pillar given',
        f'{path}: row 6, column E ("Tahap"): no target stage given',
        f'{path}: row 6, column F ("Bulan Target"): no target month given',
        f"inovasi-bot: {path}: nothing imported (9 problems)",
    ]
    assert asyncio.run(count(regency)) == 0

    code, out, err = cli(capsys, "plan", "import", str(path), "--skip-bad")
    assert code == 0
    assert err.count(f"{path}: skipped row ") == 9
    assert out.splitlines() == [
        f"{path}: 6 rows read (UTF-8); 2 new, 0 changed, 0 unchanged plan entries were imported.",
        "Skipped 4 bad rows: 3, 4, 5, 6.",
    ]
    assert sorted(asyncio.run(stored(regency))) == ["Posyandu Digital", "Posyandu Lagi"]


def test_an_unknown_header_is_reported_never_guessed(
    capsys: pytest.CaptureFixture[str], regency: str, tmp_path: Path
) -> None:
    path = write(tmp_path, "x.csv", "Rencana;OPD;Anggaran;Pilar;Tahap;Bulan\nA;B;C;D;E;F\n")
    code, out, err = cli(capsys, "plan", "import", str(path), "--skip-bad")
    assert (code, out) == (1, "")
    assert err.splitlines() == [
        f'{path}: row 1, column C ("Anggaran"): is not a column the import knows: rename it '
        "as the template's, or delete the column",
        f"inovasi-bot: {path}: nothing imported (1 problem)",
    ]
    assert asyncio.run(count(regency)) == 0


def test_the_template_round_trips(
    capsys: pytest.CaptureFixture[str], regency: str, tmp_path: Path
) -> None:
    path = tmp_path / "templat.xlsx"
    code, out, err = cli(capsys, "plan", "template", "-o", str(path))
    assert (code, err) == (0, "")
    book = openpyxl.load_workbook(path)
    assert book.sheetnames == ["Rencana Aksi", "Daftar"]
    header = [c.value for c in book["Rencana Aksi"][1]]
    assert header == ["No", "Kode OPD", "OPD", "Pilar", "Rencana", "Target Tahap",
                      "Bulan Target", "Nomor Inovasi"]  # fmt: skip
    lists = [[c.value for c in row] for row in book["Daftar"].iter_rows(min_row=2)]
    assert ("BAPPEDA", "Badan Perencanaan Pembangunan Daerah") in [tuple(r[:2]) for r in lists]
    assert [r[6] for r in lists[:2]] == ["Uji coba", "Penerapan"]
    code, out, err = cli(capsys, "plan", "import", str(path))
    assert (code, err) == (0, ""), err
    assert "1 new, 0 changed, 0 unchanged" in out

    english = tmp_path / "template.xlsx"
    assert cli(capsys, "plan", "template", "-o", str(english), "--lang", "en")[0] == 0
    assert openpyxl.load_workbook(english).sheetnames == ["Action plan", "Lists"]
    code, out, err = cli(capsys, "plan", "import", str(english), "--dry-run")
    assert (code, err) == (0, ""), err
    # Its example is the same entry (the same OPD and title): found, not made again.
    assert "0 new, 0 changed, 1 unchanged plan entries would be imported." in out
    assert "Dry run: nothing was written." in out


def test_a_date_cell_is_its_month(
    capsys: pytest.CaptureFixture[str], regency: str, tmp_path: Path
) -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["Kode OPD", "Pilar", "Judul", "Target Tahap", "Bulan Target"])
    sheet.append(["DINKES", "Smart Living", "Posyandu Digital", "Trial", date(2026, 8, 17)])
    path = tmp_path / "tanggal.xlsx"
    book.save(path)
    code, _out, err = cli(capsys, "plan", "import", str(path))
    assert (code, err) == (0, ""), err
    row = asyncio.run(stored(regency))["Posyandu Digital"]
    assert (row["month"], row["stage"], row["_key"]) == (
        date(2026, 8, 1), "uji_coba", "opd:DINKES:posyandu digital",
    )  # fmt: skip
