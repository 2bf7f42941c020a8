"""`inovasi-bot export --with-files`: the workbook and the evidence files, in one zip.

The workbook is the export's own (``bot.reporting.export``, unchanged); beside it the evidence,
read from the regency's store (``bot.innovations.evidence``) by sha256, in a folder per OPD and
innovation:

    inovasi-2026-11-02.xlsx
    bukti/daftar-berkas.csv                      every file: OPD, innovation, name, caption, …
    bukti/DINKES/0012 Posyandu digital/01 SK Bupati.pdf

Names inside the zip are made harmless (no folders, no ``..``, no control characters). A file not
in the store yet (its download is still being retried) is listed in ``daftar-berkas.csv`` as
such, never silently left out. The zip is written to a temporary file beside the output and
renamed into place: a failure (a full disk) leaves nothing half-written.
"""

from __future__ import annotations

import asyncio
import contextlib
import csv
import io
import os
import re
import tempfile
import zipfile
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.core.texts import Catalog
from bot.innovations.evidence import EvidenceStore, safe_name
from bot.reporting.export import ExportFilter, csv_bytes, safe_text, write_csv, write_xlsx
from storage.models import Attachment, Innovation, Opd, StoreState

FOLDER = "bukti"
LISTING = f"{FOLDER}/daftar-berkas.csv"
TITLE_IN_PATH = 60


@dataclass(frozen=True)
class Bundled:
    innovations: int
    files: int
    missing: int


@dataclass(frozen=True)
class _File:
    opd: str
    innovation_id: int
    title: str
    number: int
    name: str
    caption: str | None
    mime_type: str | None
    size: int | None
    sha256: str | None
    state: str


def _slug(text: str, limit: int = TITLE_IN_PATH) -> str:
    words = re.sub(r"[^\w\s-]", " ", text, flags=re.UNICODE)
    return " ".join(words.split())[:limit].strip() or "inovasi"


def folder_of(file: _File) -> str:
    opd = safe_name(file.opd, "OPD")
    return f"{FOLDER}/{opd}/{file.innovation_id:04d} {_slug(file.title)}"


def arcname_of(file: _File) -> str:
    return f"{folder_of(file)}/{file.number:02d} {file.name}"


async def _files(session: AsyncSession, filters: ExportFilter) -> list[_File]:
    query = (
        select(Attachment, Innovation.title, Opd.code)
        .join(Innovation, Innovation.id == Attachment.innovation_id)
        .join(Opd, Opd.id == Innovation.opd_id)
        .order_by(Opd.code, Innovation.id, Attachment.id)
    )
    if filters.opd_code:
        query = query.where(Opd.code == filters.opd_code)
    if filters.status:
        query = query.where(Innovation.status == filters.status)
    files: list[_File] = []
    number = 0
    previous = None
    for attachment, title, code in (await session.execute(query)).all():
        number = number + 1 if previous == attachment.innovation_id else 1
        previous = attachment.innovation_id
        photo = attachment.kind == "photo"
        fallback = f"foto-{number:02d}.jpg" if photo else f"berkas-{number:02d}"
        file = _File(
            opd=code, innovation_id=attachment.innovation_id, title=title, number=number,
            name=safe_name(attachment.file_name, fallback), caption=attachment.caption,
            mime_type=attachment.mime_type, size=attachment.file_size,
            sha256=attachment.sha256, state=attachment.store_state,
        )  # fmt: skip
        files.append(file)
    return files


def _listing(files: list[_File], included: set[str]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow(
        ["opd", "inovasi", "judul", "berkas", "keterangan", "jenis", "ukuran", "sha256", "status"]
    )
    for file in files:
        path = arcname_of(file)
        row = [
            file.opd, file.innovation_id, safe_text(file.title),
            path.removeprefix(f"{FOLDER}/") if path in included else "",
            safe_text(file.caption or ""), file.mime_type or "", file.size or "",
            file.sha256 or "",
            "ada" if path in included else f"belum tersimpan ({file.state})",
        ]  # fmt: skip
        writer.writerow(row)
    return csv_bytes(buffer.getvalue())


def _write_zip(
    output: Path, workbook_name: str, workbook: bytes, files: list[_File], store: EvidenceStore
) -> tuple[int, int]:
    folder = output.parent if str(output.parent) else Path(".")
    handle, temporary = tempfile.mkstemp(dir=folder, prefix=f".{output.name}.", suffix=".tmp")
    os.close(handle)
    included: set[str] = set()
    try:
        with zipfile.ZipFile(temporary, "w", zipfile.ZIP_DEFLATED) as archive:
            archive.writestr(workbook_name, workbook)
            for file in files:
                if file.state != StoreState.STORED or file.sha256 is None:
                    continue
                path = store.path_of(file.sha256)
                if not path.is_file():
                    continue
                # Photos and PDFs do not shrink: stored as they are.
                archive.write(path, arcname_of(file), compress_type=zipfile.ZIP_STORED)
                included.add(arcname_of(file))
            archive.writestr(LISTING, _listing(files, included))
        with open(temporary, "rb+") as written:
            os.fsync(written.fileno())
        os.replace(temporary, output)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise
    return len(included), len(files) - len(included)


async def write_with_files(
    session: AsyncSession,
    output: Path,
    store: EvidenceStore,
    texts: Catalog,
    lang: str,
    zone: ZoneInfo,
    filters: ExportFilter,
    *,
    today: date,
    fmt: str = "xlsx",
) -> Bundled:
    """Write the zip to `output`; how many innovations, files included and files missing."""
    buffer: Any
    if fmt == "xlsx":
        buffer = io.BytesIO()
        count = await write_xlsx(session, buffer, texts, lang, zone, filters)
        workbook = buffer.getvalue()
    else:
        buffer = io.StringIO()
        count = await write_csv(session, buffer, texts, lang, zone, filters)
        workbook = csv_bytes(buffer.getvalue())
    files = await _files(session, filters)
    included, missing = await asyncio.to_thread(
        _write_zip, output, f"inovasi-{today:%Y-%m-%d}.{fmt}", workbook, files, store
    )
    return Bundled(count, included, missing)
