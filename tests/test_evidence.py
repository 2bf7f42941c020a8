"""The evidence the regency keeps: downloaded once, checked, stored by sha256, retried when a
download fails (and reported), sent again from the store when Telegram forgot the file_id."""

from __future__ import annotations

import asyncio
import hashlib
import threading
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import select, text

from bot.app import build_application
from bot.core.settings import Settings
from bot.innovations.evidence import EvidenceStore, EvidenceStoreError, safe_name
from bot.operations.backup import backup, exclusive
from bot.operations.evidence import (
    PRUNE_EVERY,
    PRUNE_GRACE,
    PRUNE_JOB,
    PRUNE_SAFE_COUNT,
    REPORT_AFTER,
)
from sandbox.client import Sandbox
from sandbox.emulator import TelegramEmulator
from storage.database import Database
from storage.migrate import upgrade
from storage.models import Attachment, StoreState
from tests.support.evidence import PDF, PHOTO, at_evidence_step


def sha(content: bytes) -> str:
    return hashlib.sha256(content).hexdigest()


async def attachments(database: Database) -> list[Attachment]:
    async with database.transaction() as session:
        return list(await session.scalars(select(Attachment).order_by(Attachment.id)))


def store_of(sandbox: Sandbox) -> EvidenceStore:
    return sandbox.application.bot_data.evidence.store


async def test_evidence_is_downloaded_checked_and_kept_by_its_sha256(
    person, database: Database, sandbox: Sandbox, settings: Settings
) -> None:
    siti = await at_evidence_step(person, database)
    await siti.send_photo(PHOTO, caption="Kegiatan posyandu <Juli> & Agustus")
    await siti.send_document(PDF, "SK Bupati 2024.pdf", "application/pdf", caption="SK tim")
    photo, document = await attachments(database)
    assert (photo.store_state, photo.sha256, photo.caption) == (
        StoreState.STORED, sha(PHOTO), "Kegiatan posyandu <Juli> & Agustus",
    )  # fmt: skip
    assert (document.store_state, document.sha256, document.caption) == (
        StoreState.STORED, sha(PDF), "SK tim",
    )  # fmt: skip
    assert (document.file_name, document.mime_type, document.file_size) == (
        "SK Bupati 2024.pdf", "application/pdf", len(PDF),
    )  # fmt: skip
    store = store_of(sandbox)
    assert store.root == Path(settings.evidence_dir) and store.root.resolve().is_relative_to(
        Path.cwd()
    )
    assert store.read(sha(PHOTO)) == PHOTO and store.read(sha(PDF)) == PDF
    assert store.path_of(sha(PDF)).relative_to(store.root).parts == (
        sha(PDF)[:2], sha(PDF)[2:4], sha(PDF),
    )  # fmt: skip
    # The document was read once, for its first bytes: the store kept those bytes.
    assert sandbox.emulator.calls.count("getFile") == 2


async def test_the_same_file_twice_is_kept_once(
    person, database: Database, sandbox: Sandbox
) -> None:
    siti = await at_evidence_step(person, database)
    await siti.send_document(PDF, "SK.pdf", "application/pdf")
    await siti.press("Selesai")
    budi = await at_evidence_step(person, database, "Perpustakaan keliling")
    await budi.send_document(PDF, "SK salinan.pdf", "application/pdf")
    rows = await attachments(database)
    assert [r.sha256 for r in rows] == [sha(PDF), sha(PDF)]
    assert list(store_of(sandbox).all()) == [sha(PDF)]


async def test_lihat_uploads_from_the_store_when_telegram_forgot_the_file(
    person, database: Database, sandbox: Sandbox, emulator: TelegramEmulator
) -> None:
    siti = await at_evidence_step(person, database)
    await siti.send_photo(PHOTO)
    await siti.send_photo(b"\xff\xd8 foto kedua")
    await siti.send_document(PDF, "SK Bupati.pdf", "application/pdf")
    await siti.press("Selesai")
    number = (await attachments(database))[0].innovation_id
    before = {r.id: r.file_id for r in await attachments(database)}
    # A new token (the old one revoked at BotFather): no file_id of the old bot works.
    emulator.files.clear()
    replies = await siti.send(f"/lihat {number}")
    album = [m for m in replies if m.photo]
    documents = [m for m in replies if m.document]
    assert len(album) == 2 and len(documents) == 1
    contents = {emulator.files[m.photo[-1]["file_id"]].content for m in album}
    assert contents == {PHOTO, b"\xff\xd8 foto kedua"}
    assert emulator.files[documents[0].document["file_id"]].content == PDF
    assert documents[0].document["file_name"] == "SK Bupati.pdf"
    # The new file_ids are kept: the next /lihat sends by file_id, nothing uploaded.
    after = {r.id: r.file_id for r in await attachments(database)}
    assert all(after[i] != before[i] for i in before)
    stored = len(emulator.files)
    replies = await siti.send(f"/lihat {number}")
    assert len([m for m in replies if m.photo or m.document]) == 3
    assert len(emulator.files) == stored


async def test_lihat_sends_by_file_id_while_it_works(
    person, database: Database, sandbox: Sandbox, emulator: TelegramEmulator
) -> None:
    siti = await at_evidence_step(person, database)
    await siti.send_document(PDF, "SK.pdf", "application/pdf")
    await siti.press("Selesai")
    number = (await attachments(database))[0].innovation_id
    files = len(emulator.files)
    replies = await siti.send(f"/lihat {number}")
    assert [m.document["file_name"] for m in replies if m.document] == ["SK.pdf"]
    assert len(emulator.files) == files  # no upload


@pytest.mark.parametrize("fault", ["timeout", "404"])
async def test_a_failed_download_is_retried_later_and_reported_never_dropped(
    person, database: Database, sandbox: Sandbox, emulator: TelegramEmulator, clock, fault: str
) -> None:
    admin = await person("admin", opd="DISKOMINFOSANDITIK", name="Admin Kominfo")
    siti = await at_evidence_step(person, database)
    real_content = emulator.file_content
    if fault == "timeout":
        emulator.faults = lambda method, params: "timeout" if method == "getFile" else None
    else:
        emulator.file_content = lambda path, token=None: (404, b'{"ok":false}')  # type: ignore[method-assign]
    replies = await siti.send_photo(PHOTO)
    assert replies.last.text.startswith("Bukti dukung diterima: 1 berkas")  # the person waits not
    [row] = await attachments(database)
    assert (row.store_state, row.store_attempts) == (StoreState.PENDING, 1)
    assert row.store_error and row.store_retry_at is not None
    evidence = sandbox.application.bot_data.evidence
    assert await evidence.sweep() == 0  # not due yet
    assert (await attachments(database))[0].store_attempts == 1
    for _ in range(REPORT_AFTER - 1):
        clock.advance(timedelta(hours=7))
        assert await evidence.sweep() == 0
    await sandbox.settle(outbox=True)
    [notice] = [m for m in admin.bot_messages if "Bukti dukung belum tersimpan" in m.content]
    assert f'#{row.innovation_id} Posyandu digital: berkas "foto"' in notice.content
    clock.advance(timedelta(hours=7))
    assert await evidence.sweep() == 0  # still failing: still pending, not reported again
    await sandbox.settle(outbox=True)
    assert len([m for m in admin.bot_messages if "belum tersimpan" in m.content]) == 1
    assert (await attachments(database))[0].store_state == StoreState.PENDING
    # The network is back: the next sweep keeps it.
    emulator.faults = None
    emulator.file_content = real_content  # type: ignore[method-assign]
    clock.advance(timedelta(hours=7))
    assert await evidence.sweep() == 1
    [row] = await attachments(database)
    assert (row.store_state, row.sha256, row.store_error) == (StoreState.STORED, sha(PHOTO), None)


async def test_a_file_whose_bytes_contradict_it_is_refused_and_reported(
    person, database: Database, sandbox: Sandbox
) -> None:
    admin = await person("admin", opd="DISKOMINFOSANDITIK", name="Admin Kominfo")
    siti = await at_evidence_step(person, database)
    await siti.send_photo(b"MZ\x90\x00 not a photo")
    [row] = await attachments(database)
    assert row.store_state == StoreState.REFUSED and row.sha256 is None
    assert "not a JPEG" in (row.store_error or "")
    assert list(store_of(sandbox).all()) == []
    assert any("Bukti dukung tidak disimpan" in m.content for m in admin.bot_messages)
    assert await sandbox.application.bot_data.evidence.sweep(at_start=True) == 0


async def test_upgrading_backfills_existing_attachments_at_the_next_start(
    empty_database_url: str, settings: Settings, emulator: TelegramEmulator, clock
) -> None:
    database = Database(empty_database_url)
    try:
        await upgrade(database.engine, "0005")
        photo = emulator.store_file(PHOTO, "photo", mime_type="image/jpeg")
        pdf = emulator.store_file(PDF, "document", file_name="SK.pdf", mime_type="application/pdf")
        async with database.engine.begin() as connection:
            await connection.execute(
                text(
                    "INSERT INTO opd (id, code, name, active, search_name, created_at, updated_at)"
                    " VALUES (1, 'DINKES', 'Dinas Kesehatan', true, '', :t, :t)"
                ),
                {"t": clock.now()},
            )
            await connection.execute(
                text(
                    "INSERT INTO innovation (id, opd_id, title, status, search_text, version,"
                    " created_at, updated_at) VALUES (1, 1, 'Lama', 'submitted', '', 1, :t, :t)"
                ),
                {"t": clock.now()},
            )
            for number, stored, kind, name, mime in [
                (1, photo, "photo", None, "image/jpeg"),
                (2, pdf, "document", "SK.pdf", "application/pdf"),
            ]:
                await connection.execute(
                    text(
                        "INSERT INTO attachment (id, innovation_id, kind, file_id, file_unique_id,"
                        " file_name, mime_type, file_size, created_at)"
                        " VALUES (:id, 1, :kind, :fid, :uid, :name, :mime, :size, :t)"
                    ),
                    {
                        "id": number, "kind": kind, "fid": stored.file_id,
                        "uid": stored.file_unique_id, "name": name, "mime": mime,
                        "size": stored.size, "t": clock.now(),
                    },
                )  # fmt: skip
        await database.upgrade()
        assert {r.store_state for r in await attachments(database)} == {StoreState.PENDING}
        updated = settings.model_copy(update={"database_url": empty_database_url})
        application = build_application(
            updated, request=Sandbox.request(emulator), database=database, clock=clock
        )
        sandbox = Sandbox(application, emulator, clock=clock)
        await sandbox.start()  # the start-up sweep takes what the upgrade marked
        await sandbox.settle()
        await sandbox.stop()
        rows = await attachments(database)
        assert [(r.store_state, r.sha256) for r in rows] == [
            (StoreState.STORED, sha(PHOTO)),
            (StoreState.STORED, sha(PDF)),
        ]
    finally:
        await database.dispose()


def test_the_store_reads_only_by_sha256_and_writes_whole_files(tmp_path: Path) -> None:
    store = EvidenceStore(tmp_path / "evidence")
    store.prepare()
    for bad in ("../../etc/passwd", "a" * 63, "A" * 64, "../" + "a" * 61, ""):
        with pytest.raises(ValueError):
            store.path_of(bad)
    digest = store.put(b"isi")
    assert store.put(b"isi") == digest == sha(b"isi")
    with pytest.raises(ValueError):
        store.write(sha(b"lain"), [b"bukan itu"])
    assert list(store.all()) == [digest]
    assert not [p for p in store.root.rglob("*") if p.name.startswith(".tmp-")]


def test_the_evidence_folder_is_made_or_refused_clearly(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    EvidenceStore(tmp_path / "new" / "evidence").prepare()
    assert (tmp_path / "new" / "evidence").is_dir()
    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.raises(EvidenceStoreError, match="cannot create the evidence folder"):
        EvidenceStore(blocker / "evidence").prepare()
    with pytest.raises(EvidenceStoreError, match="is not a folder"):
        EvidenceStore(blocker).prepare()
    monkeypatch.setattr("os.access", lambda path, mode: False)
    with pytest.raises(EvidenceStoreError, match="is read-only"):
        EvidenceStore(tmp_path / "new" / "evidence").prepare()


def test_upload_names_are_harmless() -> None:
    assert safe_name("../../etc/passwd", "x") == "passwd"
    assert safe_name("C:\\Users\\a\\SK.pdf", "x") == "SK.pdf"
    assert safe_name(".hidden", "x") == "hidden"
    assert safe_name("\x00\x1b", "fallback.jpg") == "fallback.jpg"
    assert safe_name("a" * 300 + ".pdf", "x").endswith(".pdf")
    assert len(safe_name("a" * 300 + ".pdf", "x")) == 120


KTP = b"\xff\xd8\xff\xe0 KTP sent by mistake"


async def test_a_file_no_row_refers_to_leaves_the_store_and_the_backup(
    person, database: Database, sandbox: Sandbox, database_url: str, clock, tmp_path: Path
) -> None:
    siti = await at_evidence_step(person, database)
    await siti.send_photo(KTP, caption="KTP")
    await siti.send_photo(PHOTO)
    await siti.send_document(PDF, "SK.pdf", "application/pdf")
    budi = await at_evidence_step(person, database, "Perpustakaan keliling")
    await budi.send_document(PDF, "SK salinan.pdf", "application/pdf")  # the same file
    replies = await siti.press("🗑 1. foto: KTP")
    assert replies.last.text.startswith("Berkas dihapus: foto: KTP. Bukti dukung sekarang: 2")
    store = store_of(sandbox)
    assert set(store.all()) == {sha(KTP), sha(PHOTO), sha(PDF)}
    # The backup carries only what a row refers to, though the file is still here.
    report = await backup(database_url, store, tmp_path / "cadangan.tar")
    assert set(report.manifest.evidence) == {sha(PHOTO), sha(PDF)}
    # Within the grace it stays (an upload whose row is not committed yet looks the same).
    evidence = sandbox.application.bot_data.evidence
    assert await evidence.prune() == 0
    clock.advance(PRUNE_GRACE + timedelta(minutes=1))
    # While a backup or restore holds the store, the prune waits for its next round.
    with exclusive(store):
        assert await evidence.prune() == 0
    assert store.has(sha(KTP))
    # The hourly job: the photo taken out leaves the store.
    assert sandbox.application.job_queue is not None
    [job] = sandbox.application.job_queue.get_jobs_by_name(PRUNE_JOB)
    assert job.job.trigger.interval == PRUNE_EVERY
    await job.run(sandbox.application)
    assert set(store.all()) == {sha(PHOTO), sha(PDF)}
    # Siti's draft deleted: its photo goes; the PDF stays, Budi's innovation has it too.
    await siti.press("Selesai")
    await siti.press("🗑 Hapus draf")
    replies = await siti.press("Ya")
    assert replies.last.text == "Draf dihapus."
    clock.advance(PRUNE_GRACE + timedelta(minutes=1))
    assert await evidence.prune() == 1
    assert set(store.all()) == {sha(PDF)}
    assert [r.sha256 for r in await attachments(database)] == [sha(PDF)]


async def test_a_file_being_kept_is_not_pruned(
    person, database: Database, sandbox: Sandbox, clock
) -> None:
    siti = await at_evidence_step(person, database)
    evidence = sandbox.application.bot_data.evidence
    store = store_of(sandbox)
    real_put = store.put
    landed, go_on = threading.Event(), threading.Event()

    def slow_put(content: bytes, **kwargs):  # type: ignore[no-untyped-def]
        digest = real_put(content, **kwargs)
        landed.set()  # the file is in the store; its row is not committed yet
        go_on.wait(30)
        return digest

    store.put = slow_put  # type: ignore[method-assign]
    with sandbox.unsettled():
        await siti.send_photo(PHOTO)
    assert await asyncio.to_thread(landed.wait, 30)
    # Long enough after it was written, and no row refers to it yet: still it stays.
    clock.advance(PRUNE_GRACE * 2)
    assert await evidence.prune() == 0
    go_on.set()
    await sandbox.settle()
    [row] = await attachments(database)
    assert (row.store_state, row.sha256) == (StoreState.STORED, sha(PHOTO))
    assert store.read(sha(PHOTO)) == PHOTO


async def test_a_store_the_database_does_not_know_is_never_pruned(
    person, database: Database, sandbox: Sandbox, clock, caplog: pytest.LogCaptureFixture
) -> None:
    """A bot started on the wrong database (DATABASE_URL unset: a fresh SQLite file) sees a
    store of files no row names: the prune keeps them all and says why, instead of emptying
    the regency's evidence within the hour. A few files let go are still removed."""
    store = store_of(sandbox)
    older = clock.now() - PRUNE_GRACE - timedelta(minutes=5)
    files = [PDF + f" bukti {n}".encode() for n in range(PRUNE_SAFE_COUNT + 1)]
    kept = [store.put(content, at=older) for content in files]
    evidence = sandbox.application.bot_data.evidence
    with caplog.at_level("WARNING", logger="bot.operations.evidence"):
        assert await evidence.prune() == 0
    assert set(store.all()) == set(kept)
    assert f"{PRUNE_SAFE_COUNT + 1} of the store's {PRUNE_SAFE_COUNT + 1} files" in caplog.text
    assert "is DATABASE_URL the regency's database? Nothing removed" in caplog.text

    # The same store once the database names most of it: the few others go.
    siti = await at_evidence_step(person, database)
    for n, content in enumerate(files):
        await siti.send_document(content, f"bukti-{n}.pdf", "application/pdf")
    stray = [store.put(f"lain {n}".encode(), at=older) for n in range(3)]
    clock.advance(PRUNE_GRACE + timedelta(minutes=1))
    assert await evidence.prune() == len(stray)
    assert set(store.all()) == set(kept)
