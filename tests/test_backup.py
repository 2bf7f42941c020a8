"""`inovasi-bot db backup` and `db restore`: one archive with the database and the evidence,
consistent while the bot writes; a restore only into an empty database (or with --force); every
bad archive, full disk and second backup refused in one line, nothing half-written left."""

from __future__ import annotations

import asyncio
import errno
import hashlib
import io
import json
import os
import tarfile
from pathlib import Path

import pytest
from sqlalchemy import select

from bot.cli import main
from bot.innovations.evidence import EvidenceStore
from bot.operations import backup as backup_module
from bot.operations.backup import (
    MANIFEST,
    BackupError,
    backup,
    exclusive,
    read_manifest,
    restore,
    table_names,
    user_rows,
)
from sandbox.client import Sandbox
from storage.database import Database
from storage.models import Attachment, StoreState
from tests.support.backups import counts, entries, largest_file, write_sparse_tar, write_tar
from tests.support.evidence import at_evidence_step
from tests.support.processes import EXECUTABLE, run_read_only


async def cli(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = await asyncio.to_thread(main, list(argv))  # the command line runs its own loop
    out, err = capsys.readouterr()
    return code, out, err


async def stored_hashes(url: str) -> set[str]:
    database = Database(url)
    try:
        async with database.transaction() as session:
            rows = await session.scalars(
                select(Attachment.sha256).where(Attachment.store_state == StoreState.STORED)
            )
            return {sha for sha in rows if sha}
    finally:
        await database.dispose()


async def submit_evidence(person, database: Database, number: int, photos: int = 2) -> None:
    clerk = await at_evidence_step(person, database, f"Inovasi nomor {number}")
    await send_photos(clerk, number, photos)


async def send_photos(clerk, number: int, photos: int = 2) -> None:
    for index in range(photos):
        await clerk.send_photo(b"\xff\xd8" + f" foto {number}-{index}".encode())


async def clerks(person, database: Database, numbers: range) -> list:
    return [await at_evidence_step(person, database, f"Inovasi nomor {n}") for n in numbers]


def listing(folder: Path) -> list[str]:
    return sorted(path.name for path in folder.iterdir())


@pytest.fixture
def store(tmp_path: Path) -> EvidenceStore:
    return EvidenceStore(tmp_path / "data" / "evidence")  # the bot's, in the test's folder


async def test_a_backup_taken_while_the_bot_writes_restores_exactly(
    person, database: Database, sandbox: Sandbox, database_url: str, empty_database_url: str,
    store: EvidenceStore, tmp_path: Path,
) -> None:  # fmt: skip
    first = await clerks(person, database, range(3))
    await asyncio.gather(*(send_photos(clerk, n) for n, clerk in enumerate(first)))
    more = await clerks(person, database, range(3, 9))
    before = await counts(database_url)
    # More clerks write while the backup is taken.
    writing = asyncio.gather(*(send_photos(clerk, n) for n, clerk in enumerate(more, 3)))
    report = await backup(database_url, store, tmp_path / "inovasi.tar")
    await writing
    after = await counts(database_url)
    manifest = report.manifest
    assert before["attachment"] <= manifest.tables["attachment"] <= after["attachment"]
    assert after["attachment"] == 18
    assert set(manifest.tables) == set(table_names())
    # The archive holds exactly the manifest, the database and the evidence it refers to.
    with tarfile.open(tmp_path / "inovasi.tar") as tar:
        names = tar.getnames()
    assert names[0] == MANIFEST
    assert sorted(n for n in names if n.startswith("evidence/")) == sorted(
        f"evidence/{sha[:2]}/{sha[2:4]}/{sha}" for sha in manifest.evidence
    )
    assert not [name for name in listing(tmp_path) if name.startswith(".inovasi.tar")]
    # Restored into an empty database with an empty evidence folder: the same rows, the
    # same files, each whole.
    restored_store = EvidenceStore(tmp_path / "restored" / "evidence")
    result = await restore(empty_database_url, restored_store, tmp_path / "inovasi.tar")
    assert result.manifest.tables == manifest.tables
    assert await counts(empty_database_url) == manifest.tables
    hashes = await stored_hashes(empty_database_url)
    assert hashes == set(manifest.evidence) and len(hashes) == manifest.tables["attachment"]
    assert set(restored_store.all()) == hashes
    assert all(restored_store.hash_of(sha) == sha for sha in hashes)


async def test_restore_refuses_a_database_with_data_unless_forced(
    person, database: Database, sandbox: Sandbox, database_url: str, store: EvidenceStore,
    tmp_path: Path, capsys, monkeypatch: pytest.MonkeyPatch,
) -> None:  # fmt: skip
    await submit_evidence(person, database, 1, photos=1)
    monkeypatch.setenv("DATABASE_URL", database_url)
    code, out, err = await cli(capsys, "db", "backup", "cadangan.tar")
    assert (code, err) == (0, ""), err
    assert out.startswith("Backed up ") and "1 evidence files to cadangan.tar" in out
    assert "one archive with the database and the evidence store" in out
    await submit_evidence(person, database, 2, photos=1)  # after the backup
    await sandbox.stop()
    code, out, err = await cli(capsys, "db", "restore", "cadangan.tar")
    assert code == 1
    [line] = err.splitlines()
    assert line.startswith("inovasi-bot: DATABASE_URL already holds data (")
    assert line.endswith("add --force to replace everything in it")
    assert (await counts(database_url))["innovation"] == 2
    code, out, err = await cli(capsys, "db", "restore", "--force", "cadangan.tar")
    assert code == 0, err
    assert out.startswith("Restored cadangan.tar (taken ")
    assert (await counts(database_url))["innovation"] == 1


def _tar(path: Path, entries: dict[str, bytes]) -> None:
    with tarfile.open(path, "w") as tar:
        for name, content in entries.items():
            info = tarfile.TarInfo(name)
            info.size = len(content)
            tar.addfile(info, io.BytesIO(content))


async def test_bad_archives_are_refused_in_one_line_and_change_nothing(
    person, database: Database, sandbox: Sandbox, database_url: str, empty_database_url: str,
    store: EvidenceStore, tmp_path: Path, capsys, monkeypatch: pytest.MonkeyPatch, backend: str,
) -> None:  # fmt: skip
    await submit_evidence(person, database, 1, photos=1)
    good = tmp_path / "good.tar"
    await backup(database_url, store, good)
    manifest = json.loads(read_manifest(good).to_json())
    (tmp_path / "random.tar").write_bytes(os.urandom(3000))
    _tar(tmp_path / "foreign.tar", {"notes.txt": b"halo"})
    _tar(tmp_path / "other-app.tar", {MANIFEST: json.dumps({"format": "something"}).encode()})
    content = good.read_bytes()
    (tmp_path / "short.tar").write_bytes(content[: len(content) // 2])
    # An evidence file changed after the backup was taken.
    with tarfile.open(good) as tar:
        entries = {m.name: tar.extractfile(m).read() for m in tar.getmembers()}  # type: ignore[union-attr]
    tampered = dict(entries)
    [evidence] = [name for name in entries if name.startswith("evidence/")]
    tampered[evidence] = b"\xff\xd8 bukan foto yang asli"
    _tar(tmp_path / "tampered.tar", tampered)
    sneaky = dict(entries)
    sneaky["../../etc/cron.d/evil"] = b"* * * * * root sh"
    _tar(tmp_path / "sneaky.tar", sneaky)
    other_kind = dict(entries)
    other_kind[MANIFEST] = json.dumps(
        {**manifest, "backend": "postgresql" if backend == "sqlite" else "sqlite"}
    ).encode()
    _tar(tmp_path / "other-kind.tar", other_kind)
    newer = dict(entries)
    newer[MANIFEST] = json.dumps({**manifest, "revision": "9999"}).encode()
    _tar(tmp_path / "newer.tar", newer)

    monkeypatch.setenv("DATABASE_URL", empty_database_url)
    monkeypatch.setenv("EVIDENCE_DIR", str(tmp_path / "restored"))
    expected = {
        "missing.tar": "missing.tar: no such file",
        "random.tar": "not an inovasi-bot backup (not an archive)",
        "foreign.tar": f"not an inovasi-bot backup (no {MANIFEST})",
        "other-app.tar": "not an inovasi-bot backup (a foreign manifest)",
        "short.tar": "the backup is damaged",
        "tampered.tar": "is damaged",
        "sneaky.tar": "not an inovasi-bot backup (unexpected '../../etc/cron.d/evil')",
        "other-kind.tar": "cannot be restored into",
        "newer.tar": "made by a newer inovasi-bot (schema 9999)",
    }
    for name, problem in expected.items():
        code, out, err = await cli(capsys, "db", "restore", str(tmp_path / name))
        assert code == 1, (name, out, err)
        [line] = err.splitlines()
        assert line.startswith("inovasi-bot: ") and problem in line, (name, line)
        assert await user_rows(empty_database_url) == {}, name
        assert list(EvidenceStore(tmp_path / "restored").all()) == [], name
    assert not (tmp_path / "etc").exists()


async def test_backup_faults_leave_nothing_behind(
    person, database: Database, sandbox: Sandbox, database_url: str, store: EvidenceStore,
    tmp_path: Path, capsys, monkeypatch: pytest.MonkeyPatch,
) -> None:  # fmt: skip
    await submit_evidence(person, database, 1, photos=2)
    monkeypatch.setenv("DATABASE_URL", database_url)
    folder = tmp_path / "backups"
    folder.mkdir()
    # Two backups at once: the second is refused.
    with exclusive(store):
        code, _, err = await cli(capsys, "db", "backup", str(folder / "b.tar"))
    assert code == 1
    assert err.startswith("inovasi-bot: another backup or restore is running")
    assert len(err.splitlines()) == 1
    # A disk that fills up half-way through the archive.
    real_add = tarfile.TarFile.add
    added: list[str] = []

    def filling(self, name, arcname=None, *args, **kwargs):
        added.append(str(arcname))
        if len(added) > 2:
            raise OSError(errno.ENOSPC, "No space left on device")
        return real_add(self, name, arcname, *args, **kwargs)

    monkeypatch.setattr(tarfile.TarFile, "add", filling)
    code, _, err = await cli(capsys, "db", "backup", str(folder / "b.tar"))
    assert code == 1
    assert err == (
        f"inovasi-bot: {folder / 'b.tar'}: cannot write the backup: no space left on the disk\n"
    )
    assert list(folder.iterdir()) == []
    monkeypatch.setattr(tarfile.TarFile, "add", real_add)
    # A folder that does not exist.
    code, _, err = await cli(capsys, "db", "backup", str(tmp_path / "nowhere" / "b.tar"))
    assert code == 1 and "cannot write the backup: No such file or directory" in err


@pytest.mark.skipif(not hasattr(os, "geteuid"), reason="POSIX permissions")
def test_a_backup_to_a_read_only_disk_is_one_line(tmp_path: Path, database_url: str) -> None:
    folder = tmp_path / "ro"
    folder.mkdir()
    env = {**os.environ, "DATABASE_URL": database_url, "EVIDENCE_DIR": str(tmp_path / "ev")}
    result = run_read_only(
        folder, [EXECUTABLE, "db", "backup", str(folder / "b.tar")], env, tmp_path
    )
    assert result.stderr == (
        f"inovasi-bot: {folder / 'b.tar'}: cannot write the backup: the disk is read-only\n"
    )
    assert result.returncode == 1
    assert list(folder.iterdir()) == []


async def test_without_pg_dump_the_backup_says_what_to_install(
    database_url: str, backend: str, store: EvidenceStore, tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:  # fmt: skip
    if backend != "postgresql":
        pytest.skip("PostgreSQL only")
    monkeypatch.setattr("shutil.which", lambda name: None)
    with pytest.raises(BackupError, match="pg_dump is not installed: install the PostgreSQL"):
        await backup(database_url, store, tmp_path / "b.tar")
    assert not [name for name in listing(tmp_path) if "b.tar" in name]


async def test_a_backup_onto_an_existing_file_is_refused_unless_forced(
    person, database: Database, sandbox: Sandbox, database_url: str, tmp_path: Path, capsys,
    monkeypatch: pytest.MonkeyPatch,
) -> None:  # fmt: skip
    await submit_evidence(person, database, 1, photos=1)
    monkeypatch.setenv("DATABASE_URL", database_url)
    target = tmp_path / "kemarin.tar"
    target.write_bytes(b"the backup of yesterday")
    code, out, err = await cli(capsys, "db", "backup", str(target))
    assert (code, out) == (1, "")
    assert err == (
        f"inovasi-bot: {target} exists already: choose another name, or add --force to replace it\n"
    )
    assert target.read_bytes() == b"the backup of yesterday"
    # A file that appears while the backup is written is not replaced either.
    late = tmp_path / "late.tar"
    real_write = backup_module._write_archive

    def someone_else_writes(*args, **kwargs):  # type: ignore[no-untyped-def]
        real_write(*args, **kwargs)
        late.write_bytes(b"someone else's")

    monkeypatch.setattr(backup_module, "_write_archive", someone_else_writes)
    code, _, err = await cli(capsys, "db", "backup", str(late))
    assert code == 1 and "late.tar exists already" in err
    assert late.read_bytes() == b"someone else's"
    monkeypatch.setattr(backup_module, "_write_archive", real_write)
    assert not [name for name in listing(tmp_path) if name.startswith((".kemarin", ".late"))]
    # --force: replaced, whole, readable only by its owner.
    code, out, err = await cli(capsys, "db", "backup", "--force", str(target))
    assert code == 0, err
    assert out.startswith("Backed up ") and "1 evidence files" in out
    assert read_manifest(target).tables["attachment"] == 1
    assert target.stat().st_mode & 0o777 == 0o600


SPARSE_SIZE = 256 << 20  # what a few hundred bytes of the archive read as


@pytest.mark.parametrize(
    "case",
    [
        "sparse evidence (gnu)",
        "sparse evidence (posix)",
        "sparse database",
        "evidence larger than its manifest says",
        "database larger than its manifest says",
        "database changed, its size kept",
        "evidence the manifest does not list",
        "an entry twice",
        "manifest too large",
    ],
)
async def test_restore_checks_every_size_before_it_writes_a_byte(
    person, database: Database, sandbox: Sandbox, database_url: str, empty_database_url: str,
    store: EvidenceStore, tmp_path: Path, capsys, monkeypatch: pytest.MonkeyPatch, backend: str,
    case: str,
) -> None:  # fmt: skip
    await submit_evidence(person, database, 1, photos=1)
    good = tmp_path / "good.tar"
    await backup(database_url, store, good)
    members = entries(good)
    manifest = json.loads(members[MANIFEST])
    database_member = manifest["database"]
    [evidence] = [name for name in members if name.startswith("evidence/")]
    bad = tmp_path / "bad.tar"

    def with_manifest(**changes: object) -> dict[str, bytes]:
        return {**members, MANIFEST: json.dumps({**manifest, **changes}).encode()}

    if case.startswith("sparse evidence"):
        # Its manifest says the size it reads as: only its being sparse gives it away.
        sha = "ab" * 32
        name = f"evidence/ab/ab/{sha}"
        parts = with_manifest(evidence={**manifest["evidence"], sha: SPARSE_SIZE})
        tar_format = "gnu" if "gnu" in case else "posix"
        write_sparse_tar(bad, parts, name, SPARSE_SIZE, tar_format)
        problem = f"not an inovasi-bot backup (a sparse entry '{name}')"
    elif case == "sparse database":
        # A backup from before the manifest gave the database's size.
        parts = {n: c for n, c in members.items() if n != database_member}
        parts[MANIFEST] = json.dumps(
            {k: v for k, v in manifest.items() if not k.startswith("database_")}
        ).encode()
        write_sparse_tar(bad, parts, database_member, SPARSE_SIZE, "gnu")
        problem = f"a sparse entry '{database_member}'"
    elif case == "evidence larger than its manifest says":
        write_tar(bad, {**members, evidence: members[evidence] + b"\0" * (1 << 20)})
        problem = f"is {len(members[evidence]) + (1 << 20)} bytes where its manifest says"
    elif case == "database larger than its manifest says":
        write_tar(bad, {**members, database_member: members[database_member] + b"\0" * 4096})
        problem = "the database is "
    elif case == "database changed, its size kept":
        content = bytearray(members[database_member])
        content[-1] ^= 0xFF
        write_tar(bad, {**members, database_member: bytes(content)})
        problem = "the backup's database is damaged (its sha256 differs)"
    elif case == "evidence the manifest does not list":
        extra = b"\xff\xd8 not in the manifest"
        sha = hashlib.sha256(extra).hexdigest()
        write_tar(bad, {**members, f"evidence/{sha[:2]}/{sha[2:4]}/{sha}": extra})
        problem = f"not an inovasi-bot backup (unexpected 'evidence/{sha[:2]}/"
    elif case == "an entry twice":
        with tarfile.open(good) as source, tarfile.open(bad, "w") as tar:
            for info in source.getmembers():
                tar.addfile(info, source.extractfile(info))
            [again] = [m for m in source.getmembers() if m.name == evidence]
            tar.addfile(again, io.BytesIO(b"\xff\xd8".ljust(again.size, b"x")))
        problem = f"not an inovasi-bot backup (unexpected '{evidence}')"
    else:
        # A manifest larger than any backup's is not read at all (the limit made small here
        # so that the test need not write one).
        monkeypatch.setattr(backup_module, "MAX_MANIFEST_BYTES", 4096)
        write_tar(bad, {**members, MANIFEST: members[MANIFEST] + b" " * 4096})
        problem = "not an inovasi-bot backup (its manifest is "
    written: list[str] = []
    real_write = EvidenceStore.write

    def spy(self: EvidenceStore, sha256: str, chunks: object) -> None:
        written.append(sha256)
        real_write(self, sha256, chunks)

    monkeypatch.setattr(EvidenceStore, "write", spy)
    monkeypatch.setenv("DATABASE_URL", empty_database_url)
    monkeypatch.setenv("EVIDENCE_DIR", str(tmp_path / "restored"))
    code, out, err = await cli(capsys, "db", "restore", str(bad))
    assert (code, out) == (1, ""), err
    [line] = err.splitlines()
    assert line.startswith(f"inovasi-bot: {bad}: ") and problem in line, line
    assert written == []
    assert await user_rows(empty_database_url) == {}
    assert list(EvidenceStore(tmp_path / "restored").all()) == []
    # Nothing large was written anywhere (the sparse entries read as 256 MB).
    assert largest_file(tmp_path) < 1 << 22
