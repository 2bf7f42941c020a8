"""`inovasi-bot export --with-files`: the workbook and the evidence, per OPD and innovation."""

from __future__ import annotations

import asyncio
import csv
import errno
import io
import zipfile
from pathlib import Path

import pytest
from openpyxl import load_workbook

from bot.cli import main
from sandbox.client import Sandbox
from storage.database import Database
from tests.support.evidence import PDF, PHOTO, at_evidence_step


async def cli(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = await asyncio.to_thread(main, list(argv))  # the command line runs its own loop
    out, err = capsys.readouterr()
    return code, out, err


async def evidence_of_two_opds(person, database: Database, sandbox: Sandbox) -> None:
    siti = await at_evidence_step(person, database, "Posyandu digital")
    await siti.send_photo(PHOTO, caption="Kegiatan Juli")
    await siti.send_document(PDF, "../../../etc/SK Bupati.pdf", "application/pdf")
    await siti.press("Selesai")
    budi = await person("staff", opd="DISDIK", name="Budi Santoso")
    from tests.support.drafts import complete_draft

    number = await complete_draft(database, budi.id, "Rapor=SUM(A1)")
    await budi.send(f"/ubah {number}")
    await budi.press("✏️ Bukti dukung")
    # This one's download fails (and is being retried): listed, not silently left out.
    sandbox.emulator.faults = lambda method, params: "timeout" if method == "getFile" else None
    await budi.send_photo(b"\xff\xd8 rapor")
    sandbox.emulator.faults = None


async def test_export_with_files_writes_the_workbook_and_the_evidence(
    person, database: Database, sandbox: Sandbox, database_url: str, capsys,
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path,
) -> None:  # fmt: skip
    await evidence_of_two_opds(person, database, sandbox)
    monkeypatch.setenv("DATABASE_URL", database_url)
    code, out, err = await cli(capsys, "export", "--with-files", "-o", "laporan.zip")
    assert code == 0, err
    assert out.startswith("Wrote 2 innovations and 2 evidence files to laporan.zip.")
    assert "1 evidence files are not in the store yet" in err
    with zipfile.ZipFile(tmp_path / "laporan.zip") as archive:
        names = archive.namelist()
        [workbook] = [n for n in names if n.endswith(".xlsx")]
        assert "/" not in workbook
        sheet = load_workbook(io.BytesIO(archive.read(workbook)))["Inovasi"]
        assert sheet.max_row == 3  # the header and two innovations
        dinkes = [n for n in names if n.startswith("bukti/DINKES/")]
        assert sorted(dinkes) == [
            "bukti/DINKES/0001 Posyandu digital/01 foto-01.jpg",
            "bukti/DINKES/0001 Posyandu digital/02 SK Bupati.pdf",
        ]
        assert archive.read(dinkes[0]) == PHOTO and archive.read(dinkes[1]) == PDF
        assert not any(".." in n or n.startswith("/") for n in names)
        listing = list(
            csv.reader(io.StringIO(archive.read("bukti/daftar-berkas.csv").decode("utf-8-sig")),
                       delimiter=";")
        )  # fmt: skip
    assert listing[0][:4] == ["opd", "inovasi", "judul", "berkas"]
    rows = {(row[0], row[3]): row for row in listing[1:]}
    assert rows[("DINKES", "DINKES/0001 Posyandu digital/01 foto-01.jpg")][4] == "Kegiatan Juli"
    [missing] = [row for row in listing[1:] if row[0] == "DISDIK"]
    assert missing[2] == "Rapor=SUM(A1)"
    assert missing[3] == "" and missing[8] == "belum tersimpan (pending)"
    # Only one OPD: only its folder.
    argv = ["export", "--with-files", "--opd", "disdik", "-o", "disdik.zip"]
    code, out, _ = await cli(capsys, *argv)
    assert code == 0 and out.startswith("Wrote 1 innovations and 0 evidence files")
    with zipfile.ZipFile(tmp_path / "disdik.zip") as archive:
        assert not [n for n in archive.namelist() if n.startswith("bukti/DINKES")]


async def test_a_full_disk_leaves_no_half_written_zip(
    person, database: Database, sandbox: Sandbox, database_url: str, capsys,
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path,
) -> None:  # fmt: skip
    await evidence_of_two_opds(person, database, sandbox)
    monkeypatch.setenv("DATABASE_URL", database_url)
    out_dir = tmp_path / "out"
    out_dir.mkdir()

    def full(*args, **kwargs):
        raise OSError(errno.ENOSPC, "No space left on device")

    # The disk fills up after the workbook and the files went in, before the zip is whole.
    monkeypatch.setattr("bot.reporting.export_files._listing", full)
    code, _, err = await cli(capsys, "export", "--with-files", "-o", str(out_dir / "laporan.zip"))
    assert code == 1
    assert err.strip().splitlines() == [
        f"inovasi-bot: -o: cannot write {out_dir / 'laporan.zip'}: No space left on device"
    ]
    assert list(out_dir.iterdir()) == []
