"""`inovasi-bot db backup FILE` and `inovasi-bot db restore FILE`: the database and the evidence
store in one archive, consistent while the bot runs.

The archive is a plain tar file (photos and PDFs do not compress):

    inovasi-backup.json        what it holds: the schema revision, every table's row count, and
                               every evidence file's sha256 and size
    database.sqlite3           SQLite: a copy by the online backup API (one consistent snapshot)
    database.pgdump            PostgreSQL: `pg_dump -Fc` of one exported snapshot, the counts
                               read in the same snapshot
    evidence/ab/cd/<sha256>    every evidence file the database refers to

It is written to a temporary file beside FILE and renamed into place when whole (an existing
FILE only with `--force`): a full or read-only disk leaves nothing behind. One backup or restore
runs at a time (a lock in EVIDENCE_DIR). A restore reads only the entries it knows, by their
exact names (never extracting the archive as it comes), and trusts no size it has not checked:
the manifest is read only up to a sane size, a sparse entry (a few bytes in the archive that
read as gigabytes) is refused, and every entry must lie within the archive and be the size the
manifest gives before a byte of it is written, read no further than that. It checks every
evidence file and the database against their sha256, and replaces the database in one
transaction; it refuses a database that holds data unless told `--force`.
"""

from __future__ import annotations

import asyncio
import contextlib
import errno
import hashlib
import json
import os
import re
import shutil
import sqlite3
import tarfile
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import IO, Any

from sqlalchemy import inspect, text
from sqlalchemy.engine import URL, make_url

from bot import __version__
from bot.innovations.evidence import EvidenceStore, EvidenceStoreError, StoreBusy
from bot.operations.evidence import BACKUP_LOCK, PRUNE_LOCK
from storage.database import Database, sqlite_path
from storage.migrate import all_revisions
from storage.models import Base

FORMAT = "inovasi-bot-backup"
FORMAT_VERSION = 1
MANIFEST = "inovasi-backup.json"
SQLITE_MEMBER = "database.sqlite3"
POSTGRES_MEMBER = "database.pgdump"
EVIDENCE_MEMBER = re.compile(r"^evidence/([0-9a-f]{2})/([0-9a-f]{2})/([0-9a-f]{64})$")
# The manifest names every evidence file (about 90 bytes each): this is some 700,000 files, far
# beyond a regency's; anything larger is not read into memory.
MAX_MANIFEST_BYTES = 64 << 20
# Rows a migrated database holds before anyone used it: not "data" to protect (the pillars; the
# IID indicators and their levels, migration 0013; the benefit measures, migration 0020). A copy
# replaces them with the source's.
SEEDED = {"alembic_version", "pillar", "iid_indicator", "iid_level", "benefit_measure"}
HOW_TO_GET_PG_TOOLS = (
    "install the PostgreSQL client tools of the server's version or newer "
    "(Debian/Ubuntu: apt-get install postgresql-client), or run it in the container image"
)


class BackupError(Exception):
    """A backup or restore that cannot be done, in one line."""


def table_names() -> list[str]:
    """Our tables, parents before children."""
    return ["alembic_version", *(table.name for table in Base.metadata.sorted_tables)]


@dataclass
class Manifest:
    backend: str
    revision: str
    tables: dict[str, int]
    evidence: dict[str, int]  # sha256 → size
    created_at: str = ""
    app_version: str = __version__
    # The database entry's size and sha256 (backups before these were added have neither).
    database_size: int | None = None
    database_sha256: str | None = None

    def to_json(self) -> bytes:
        data = {
            "format": FORMAT,
            "format_version": FORMAT_VERSION,
            "created_at": self.created_at,
            "app_version": self.app_version,
            "backend": self.backend,
            "database": SQLITE_MEMBER if self.backend == "sqlite" else POSTGRES_MEMBER,
            "revision": self.revision,
            "tables": self.tables,
            "evidence": self.evidence,
        }
        if self.database_size is not None:
            data["database_size"] = self.database_size
        if self.database_sha256 is not None:
            data["database_sha256"] = self.database_sha256
        return json.dumps(data, indent=2, sort_keys=True).encode("utf-8")

    @classmethod
    def from_json(cls, raw: bytes, name: str) -> Manifest:
        try:
            data = json.loads(raw)
        except (UnicodeDecodeError, json.JSONDecodeError):
            raise BackupError(
                f"{name}: not an inovasi-bot backup (its manifest is damaged)"
            ) from None
        if not isinstance(data, dict) or data.get("format") != FORMAT:
            raise BackupError(f"{name}: not an inovasi-bot backup (a foreign manifest)")
        if (
            not isinstance(data.get("format_version"), int)
            or data["format_version"] > FORMAT_VERSION
        ):
            raise BackupError(f"{name}: made by a newer inovasi-bot; upgrade this one first")
        try:
            manifest = cls(
                backend=str(data["backend"]),
                revision=str(data["revision"]),
                tables={str(k): int(v) for k, v in dict(data["tables"]).items()},
                evidence={str(k): int(v) for k, v in dict(data["evidence"]).items()},
                created_at=str(data.get("created_at", "")),
                app_version=str(data.get("app_version", "")),
                database_size=_optional(data, "database_size", int),
                database_sha256=_optional(data, "database_sha256", str),
            )
        except (KeyError, TypeError, ValueError):
            raise BackupError(
                f"{name}: not an inovasi-bot backup (its manifest is incomplete)"
            ) from None
        if manifest.backend not in ("sqlite", "postgresql"):
            raise BackupError(f"{name}: not an inovasi-bot backup (unknown database kind)")
        if any(not re.fullmatch(r"[0-9a-f]{64}", sha) for sha in manifest.evidence):
            raise BackupError(f"{name}: not an inovasi-bot backup (a bad evidence entry)")
        sizes = [*manifest.evidence.values(), manifest.database_size or 0]
        if any(size < 0 for size in sizes) or (
            manifest.database_sha256 is not None
            and not re.fullmatch(r"[0-9a-f]{64}", manifest.database_sha256)
        ):
            raise BackupError(f"{name}: not an inovasi-bot backup (its manifest is damaged)")
        return manifest


def _optional(data: dict[str, object], key: str, kind: type[int] | type[str]) -> Any:
    """`data[key]` when present, of exactly `kind` (no "12" for 12, no true for 1)."""
    value = data.get(key)
    if value is None:
        return None
    if type(value) is not kind:
        raise TypeError(key)
    return value


@dataclass
class BackupReport:
    path: Path
    manifest: Manifest
    size: int


@dataclass
class RestoreReport:
    manifest: Manifest
    applied: list[str] = field(default_factory=list)


# --- the lock -------------------------------------------------------------------------------


@contextlib.contextmanager
def exclusive(store: EvidenceStore) -> Iterator[None]:
    """One backup or restore at a time (per evidence folder, that is per installation); a
    prune of the store under way is waited for (it is short), and none starts meanwhile."""
    with contextlib.ExitStack() as locks:
        try:
            locks.enter_context(store.locked(BACKUP_LOCK, wait=False))
            locks.enter_context(store.locked(PRUNE_LOCK, wait=True))
        except StoreBusy:
            raise BackupError(
                "another backup or restore is running (it holds the lock "
                f"{store.root / BACKUP_LOCK}); try again when it has finished"
            ) from None
        except EvidenceStoreError as exc:
            raise BackupError(f"EVIDENCE_DIR: {exc}") from None
        yield


def _oserror(path: Path, exc: OSError, doing: str) -> BackupError:
    reason = exc.strerror or str(exc)
    if exc.errno in (errno.ENOSPC, errno.EDQUOT):
        reason = "no space left on the disk"
    elif exc.errno == errno.EROFS:
        reason = "the disk is read-only"
    return BackupError(f"{path}: cannot {doing}: {reason}")


@contextlib.contextmanager
def _temporary_beside(path: Path, suffix: str = ".tmp") -> Iterator[Path]:
    """A temporary file in `path`'s folder, removed unless renamed away."""
    folder = path.parent if str(path.parent) else Path(".")
    handle, name = tempfile.mkstemp(dir=folder, prefix=f".{path.name}.", suffix=suffix)
    os.close(handle)
    temporary = Path(name)
    try:
        yield temporary
    finally:
        with contextlib.suppress(OSError):
            temporary.unlink()


# --- backup ---------------------------------------------------------------------------------


async def backup(
    database_url: str, store: EvidenceStore, output: Path, *, force: bool = False
) -> BackupReport:
    """Write the archive `output`; an existing file there is replaced only when `force`."""
    url = make_url(database_url)
    if not force and await asyncio.to_thread(os.path.lexists, output):
        raise _exists(output)
    with exclusive(store):
        try:
            with _temporary_beside(output, ".db") as snapshot, _temporary_beside(output) as archive:
                if url.get_backend_name() == "sqlite":
                    manifest = await asyncio.to_thread(_sqlite_snapshot, url, snapshot)
                    member = SQLITE_MEMBER
                else:
                    manifest = await _postgres_snapshot(url, snapshot)
                    member = POSTGRES_MEMBER
                manifest.created_at = datetime.now(UTC).isoformat(timespec="seconds")
                manifest.database_size, manifest.database_sha256 = await asyncio.to_thread(
                    _size_and_sha256, snapshot
                )
                await asyncio.to_thread(_write_archive, archive, manifest, member, snapshot, store)
                _put_in_place(archive, output, force=force)
        except OSError as exc:
            raise _oserror(output, exc, "write the backup") from None
    size = (await asyncio.to_thread(output.stat)).st_size
    return BackupReport(output, manifest, size)


def _exists(output: Path) -> BackupError:
    return BackupError(
        f"{output} exists already: choose another name, or add --force to replace it"
    )


def _put_in_place(archive: Path, output: Path, *, force: bool) -> None:
    """The whole archive renamed to `output`; without `force` only where nothing is (a link
    made atomically: a file that appeared meanwhile is not replaced either)."""
    if force:
        os.replace(archive, output)
        return
    try:
        os.link(archive, output)
    except FileExistsError:
        raise _exists(output) from None
    except OSError as exc:
        if exc.errno not in (errno.EPERM, errno.ENOTSUP, errno.EOPNOTSUPP):
            raise
        # A filesystem without hard links: checked, then renamed.
        if os.path.lexists(output):
            raise _exists(output) from None
        os.replace(archive, output)


def _sqlite_counts(connection: sqlite3.Connection) -> tuple[str, dict[str, int], dict[str, int]]:
    tables = {}
    for name in table_names():
        tables[name] = connection.execute(f'SELECT count(*) FROM "{name}"').fetchone()[0]  # noqa: S608
    revision = connection.execute("SELECT version_num FROM alembic_version").fetchone()
    evidence = dict(
        connection.execute(
            "SELECT sha256, max(file_size) FROM attachment"
            " WHERE store_state = 'stored' AND sha256 IS NOT NULL GROUP BY sha256"
        ).fetchall()
    )
    return (revision[0] if revision else ""), tables, evidence


def _sqlite_snapshot(url: URL, snapshot: Path) -> Manifest:
    path = sqlite_path(url)
    if path is None or not path.is_file():
        raise BackupError(f"DATABASE_URL: there is no database file {path}")
    source = sqlite3.connect(path, timeout=30)
    try:
        target = sqlite3.connect(snapshot)
        try:
            # One step: the whole database as it was at one moment (WAL lets the bot write on).
            source.backup(target)
            target.execute("PRAGMA journal_mode=DELETE")  # one self-contained file
            check = target.execute("PRAGMA quick_check").fetchone()[0]
            if check != "ok":
                raise BackupError(f"DATABASE_URL: the database is damaged ({check})")
            try:
                revision, tables, evidence = _sqlite_counts(target)
            except sqlite3.OperationalError as exc:
                raise BackupError(
                    f"DATABASE_URL: not an inovasi-bot database, or not upgraded ({exc}); "
                    "run inovasi-bot db upgrade"
                ) from None
        finally:
            target.close()
    except sqlite3.DatabaseError as exc:
        raise BackupError(f"DATABASE_URL: cannot read {path}: {exc}") from None
    finally:
        source.close()
    return Manifest("sqlite", revision, tables, evidence)


def postgres_environment(url: URL) -> dict[str, str]:
    """libpq's variables for `url`: the password never appears on a command line."""
    environment = dict(os.environ)
    for variable, value in (
        ("PGHOST", url.host),
        ("PGPORT", str(url.port) if url.port else None),
        ("PGUSER", url.username),
        ("PGPASSWORD", url.password),
        ("PGDATABASE", url.database),
    ):
        if value:
            environment[variable] = str(value)
    return environment


def _tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        raise BackupError(f"{name} is not installed: {HOW_TO_GET_PG_TOOLS}")
    return path


async def _run_tool(argv: list[str], url: URL) -> None:
    process = await asyncio.create_subprocess_exec(
        *argv, env=postgres_environment(url),
        stdout=asyncio.subprocess.DEVNULL, stderr=asyncio.subprocess.PIPE,
    )  # fmt: skip
    _, stderr = await process.communicate()
    if process.returncode != 0:
        lines = [line for line in stderr.decode(errors="replace").splitlines() if line.strip()]
        problem = lines[0] if lines else f"exit code {process.returncode}"
        raise BackupError(f"{Path(argv[0]).name} failed: {problem}")


async def _postgres_snapshot(url: URL, snapshot: Path) -> Manifest:
    pg_dump = _tool("pg_dump")
    database = Database(url)
    try:
        async with database.engine.connect() as connection:
            connection = await connection.execution_options(isolation_level="REPEATABLE READ")
            async with connection.begin():
                await connection.execute(text("SET TRANSACTION READ ONLY"))
                exported = await connection.scalar(text("SELECT pg_export_snapshot()"))
                present = set(await connection.run_sync(lambda c: inspect(c).get_table_names()))
                if "alembic_version" not in present or "attachment" not in present:
                    raise BackupError(
                        "DATABASE_URL: not an inovasi-bot database, or not upgraded; "
                        "run inovasi-bot db upgrade"
                    )
                tables = {
                    name: int(await connection.scalar(text(f'SELECT count(*) FROM "{name}"')))  # noqa: S608
                    for name in table_names()
                }
                revision = await connection.scalar(text("SELECT version_num FROM alembic_version"))
                rows = await connection.execute(
                    text(
                        "SELECT sha256, max(file_size) FROM attachment"
                        " WHERE store_state = 'stored' AND sha256 IS NOT NULL GROUP BY sha256"
                    )
                )
                evidence = {sha: int(size or 0) for sha, size in rows}
                # pg_dump reads the very snapshot the counts were read in.
                await _run_tool(
                    [pg_dump, "--format=custom", "--no-owner", "--no-privileges",
                     f"--snapshot={exported}", f"--file={snapshot}"],
                    url,
                )  # fmt: skip
    finally:
        await database.dispose()
    return Manifest("postgresql", str(revision or ""), tables, evidence)


def _size_and_sha256(path: Path) -> tuple[int, str]:
    digest = hashlib.sha256()
    size = 0
    with path.open("rb") as file:
        for chunk in _chunks(file):
            digest.update(chunk)
            size += len(chunk)
    return size, digest.hexdigest()


def _write_archive(
    archive: Path, manifest: Manifest, member: str, snapshot: Path, store: EvidenceStore
) -> None:
    missing = [sha for sha in manifest.evidence if not store.has(sha)]
    if missing:
        raise BackupError(
            f"EVIDENCE_DIR: {len(missing)} evidence files the database refers to are missing "
            f"from {store.root} (the first: {missing[0]})"
        )
    # The sizes of the files as they are archived (a restore holds each entry to its size).
    manifest.evidence = {sha: store.path_of(sha).stat().st_size for sha in manifest.evidence}
    with tarfile.open(archive, "w", format=tarfile.PAX_FORMAT) as tar:
        _add_bytes(tar, MANIFEST, manifest.to_json())
        tar.add(snapshot, arcname=member, recursive=False)
        for sha in sorted(manifest.evidence):
            tar.add(store.path_of(sha), arcname=f"evidence/{sha[:2]}/{sha[2:4]}/{sha}")
    with open(archive, "rb+") as written:
        os.fsync(written.fileno())


def _add_bytes(tar: tarfile.TarFile, name: str, content: bytes) -> None:
    import io

    info = tarfile.TarInfo(name)
    info.size = len(content)
    info.mtime = int(datetime.now(UTC).timestamp())
    info.mode = 0o600
    tar.addfile(info, io.BytesIO(content))


# --- restore --------------------------------------------------------------------------------


def _open_archive(path: Path) -> tarfile.TarFile:
    try:
        return tarfile.open(path, "r:")
    except FileNotFoundError:
        raise BackupError(f"{path}: no such file") from None
    except IsADirectoryError:
        raise BackupError(f"{path}: is a folder, not a backup") from None
    except tarfile.TarError:
        raise BackupError(f"{path}: not an inovasi-bot backup (not an archive)") from None
    except OSError as exc:
        raise BackupError(f"{path}: cannot read it: {exc.strerror}") from None


def read_manifest(path: Path) -> Manifest:
    with _open_archive(path) as tar:
        return _manifest_of(tar, path)


def _check_entry(tar: tarfile.TarFile, info: tarfile.TarInfo, path: Path) -> None:
    """A plain file whose bytes are all in the archive: what its header says it holds is what
    is there to read. A sparse entry (GNU or PAX) reads as its full size from a few bytes, and
    a header may claim more than the archive has: both refused before anything is read."""
    if not info.isreg():
        raise BackupError(f"{path}: not an inovasi-bot backup (unexpected {info.name!r})")
    if info.issparse():
        raise BackupError(f"{path}: not an inovasi-bot backup (a sparse entry {info.name!r})")
    assert tar.fileobj is not None
    if info.offset_data + info.size > os.fstat(tar.fileobj.fileno()).st_size:
        raise BackupError(f"{path}: the backup is damaged (cut short?)")


def _manifest_of(tar: tarfile.TarFile, path: Path) -> Manifest:
    """The manifest, the archive's first entry (as every backup writes it), read no further
    than a manifest can be."""
    try:
        info = tar.next()
    except tarfile.TarError:
        raise BackupError(f"{path}: the backup is damaged (cut short?)") from None
    if info is None or info.name != MANIFEST:
        raise BackupError(f"{path}: not an inovasi-bot backup (no {MANIFEST})")
    if not info.isreg():
        raise BackupError(f"{path}: not an inovasi-bot backup ({MANIFEST} is not a file)")
    _check_entry(tar, info, path)
    if info.size > MAX_MANIFEST_BYTES:
        raise BackupError(
            f"{path}: not an inovasi-bot backup (its manifest is {info.size} bytes, "
            f"more than {MAX_MANIFEST_BYTES})"
        )
    try:
        raw = _read_exactly(tar, info, info.size)
    except (tarfile.TarError, ValueError):
        raise BackupError(f"{path}: the backup is damaged (cut short?)") from None
    return Manifest.from_json(raw, str(path))


def _read_exactly(tar: tarfile.TarFile, info: tarfile.TarInfo, size: int) -> bytes:
    file = tar.extractfile(info)
    assert file is not None
    raw = file.read(size)
    if len(raw) != size:
        raise ValueError("cut short")
    return raw


def _members(tar: tarfile.TarFile, path: Path, manifest: Manifest) -> dict[str, tarfile.TarInfo]:
    """Every entry, checked before any is read: only regular files, each once, only the names
    a backup has (the evidence the manifest lists), each of the size the manifest gives."""
    database_member = SQLITE_MEMBER if manifest.backend == "sqlite" else POSTGRES_MEMBER
    members: dict[str, tarfile.TarInfo] = {}
    try:
        for info in tar:
            match = EVIDENCE_MEMBER.match(info.name)
            sha = match.group(3) if match else ""
            known = info.name in (MANIFEST, database_member) or (
                sha in manifest.evidence and info.name == _evidence_name(sha)
            )
            if not known or info.name in members:
                raise BackupError(f"{path}: not an inovasi-bot backup (unexpected {info.name!r})")
            _check_entry(tar, info, path)
            if sha and info.size != manifest.evidence[sha]:
                raise BackupError(
                    f"{path}: the backup is damaged (evidence {sha[:12]}… is {info.size} "
                    f"bytes where its manifest says {manifest.evidence[sha]})"
                )
            if info.name == database_member and manifest.database_size not in (None, info.size):
                raise BackupError(
                    f"{path}: the backup is damaged (the database is {info.size} bytes where "
                    f"its manifest says {manifest.database_size})"
                )
            members[info.name] = info
    except tarfile.TarError:
        raise BackupError(f"{path}: the backup is damaged (cut short?)") from None
    if database_member not in members:
        raise BackupError(f"{path}: the backup is damaged (no {database_member})")
    for sha in manifest.evidence:
        if _evidence_name(sha) not in members:
            raise BackupError(f"{path}: the backup is damaged (evidence {sha[:12]}… missing)")
    return members


def _evidence_name(sha: str) -> str:
    return f"evidence/{sha[:2]}/{sha[2:4]}/{sha}"


async def user_rows(database_url: str) -> dict[str, int]:
    """Rows in each of our tables that hold data (not the seeded pillars); {} when there are
    no tables at all."""
    database = Database(database_url)
    try:
        async with database.engine.connect() as connection:
            present = set(await connection.run_sync(lambda c: inspect(c).get_table_names()))
            counts = {}
            for name in table_names():
                if name in present and name not in SEEDED:
                    counts[name] = int(
                        await connection.scalar(text(f'SELECT count(*) FROM "{name}"'))  # noqa: S608
                    )
            foreign = sorted(present - set(table_names()))
            if foreign:
                counts.update(dict.fromkeys(foreign, -1))  # someone else's tables: not empty
            return {name: count for name, count in counts.items() if count}
    finally:
        await database.dispose()


def describe_rows(rows: dict[str, int]) -> str:
    parts = [
        f"{count} {name}" if count >= 0 else f"the table {name}"
        for name, count in sorted(rows.items(), key=lambda item: -item[1])
    ]
    return ", ".join(parts[:4]) + (", …" if len(parts) > 4 else "")


async def restore(
    database_url: str, store: EvidenceStore, path: Path, *, force: bool = False
) -> RestoreReport:
    url = make_url(database_url)
    backend = "sqlite" if url.get_backend_name() == "sqlite" else "postgresql"
    with exclusive(store), _open_archive(path) as tar:
        manifest = _manifest_of(tar, path)
        if manifest.revision not in all_revisions():
            raise BackupError(
                f"{path}: made by a newer inovasi-bot (schema {manifest.revision}); "
                "upgrade this one first"
            )
        if manifest.backend != backend:
            raise BackupError(
                f"{path}: a backup of a {manifest.backend} database cannot be restored into "
                f"{backend}: restore it into {manifest.backend}, then use inovasi-bot db copy"
            )
        members = _members(tar, path, manifest)
        rows = await user_rows(database_url)
        if rows and not force:
            raise BackupError(
                f"DATABASE_URL already holds data ({describe_rows(rows)}): restore only into "
                "an empty database, or add --force to replace everything in it"
            )
        target = sqlite_path(url) if backend == "sqlite" else None
        try:
            # The database copied out and checked first (beside a SQLite target: the same
            # disk), then the evidence, each file whole and checked, then the database replaced.
            with _database_copy(target) as copy:
                info = members[SQLITE_MEMBER if backend == "sqlite" else POSTGRES_MEMBER]
                await asyncio.to_thread(_extract_to, tar, info, copy, manifest, path)
                await asyncio.to_thread(_restore_evidence, tar, members, manifest, store, path)
                if target is not None:
                    await asyncio.to_thread(_restore_sqlite, copy, target, manifest, path)
                else:
                    await _restore_postgres(copy, url, path)
        except tarfile.TarError:
            raise BackupError(f"{path}: the backup is damaged (cut short?)") from None
        except OSError as exc:
            raise _oserror(path, exc, "restore it") from None
    database = Database(database_url)
    try:
        counts = await _counts(database)
        applied = await database.upgrade()  # a backup of an older version: brought up to date
    finally:
        await database.dispose()
    wrong = {
        name: (expected, counts.get(name))
        for name, expected in manifest.tables.items()
        if counts.get(name) != expected
    }
    if wrong:
        name, (expected, found) = next(iter(wrong.items()))
        raise BackupError(f"restored, but {name} has {found} rows where the backup had {expected}")
    return RestoreReport(manifest, applied)


async def _counts(database: Database) -> dict[str, int]:
    async with database.engine.connect() as connection:
        present = set(await connection.run_sync(lambda c: inspect(c).get_table_names()))
        return {
            name: int(await connection.scalar(text(f'SELECT count(*) FROM "{name}"')))  # noqa: S608
            for name in table_names()
            if name in present
        }


def _chunks(file: IO[bytes], size: int | None = None) -> Iterator[bytes]:
    """The file's bytes in chunks; with `size`, exactly that many (ValueError if fewer)."""
    if size is None:
        yield from iter(lambda: file.read(1 << 20), b"")
        return
    left = size
    while left:
        chunk = file.read(min(left, 1 << 20))
        if not chunk:
            raise ValueError("cut short")
        left -= len(chunk)
        yield chunk


@contextlib.contextmanager
def _database_copy(target: Path | None) -> Iterator[Path]:
    """Where the backup's database is copied out to: beside a SQLite target, else in a
    temporary folder; removed afterwards."""
    if target is not None:
        target.parent.mkdir(parents=True, exist_ok=True)
        with _temporary_beside(target, ".restore") as copy:
            yield copy
        return
    with tempfile.TemporaryDirectory(prefix="inovasi-restore-") as folder:
        yield Path(folder) / POSTGRES_MEMBER


def _restore_evidence(
    tar: tarfile.TarFile,
    members: dict[str, tarfile.TarInfo],
    manifest: Manifest,
    store: EvidenceStore,
    path: Path,
) -> None:
    for sha, size in manifest.evidence.items():
        if store.has(sha) and store.hash_of(sha) == sha:
            continue
        file = tar.extractfile(members[_evidence_name(sha)])
        assert file is not None
        try:
            store.write(sha, _chunks(file, size))
        except ValueError:
            raise BackupError(f"{path}: the evidence file {sha[:12]}… is damaged") from None


def _extract_to(
    tar: tarfile.TarFile, info: tarfile.TarInfo, copy: Path, manifest: Manifest, path: Path
) -> None:
    """The database entry (its size checked already) copied to `copy`, and held to the sha256
    its manifest gives before anything uses it."""
    file = tar.extractfile(info)
    assert file is not None
    digest = hashlib.sha256()
    with open(copy, "wb") as out:
        try:
            for chunk in _chunks(file, info.size):
                digest.update(chunk)
                out.write(chunk)
        except ValueError:
            raise BackupError(f"{path}: the backup is damaged (cut short?)") from None
    if manifest.database_sha256 not in (None, digest.hexdigest()):
        raise BackupError(f"{path}: the backup's database is damaged (its sha256 differs)")


def _restore_sqlite(copy: Path, target: Path, manifest: Manifest, path: Path) -> None:
    try:
        source = sqlite3.connect(copy)
        try:
            if source.execute("PRAGMA integrity_check").fetchone()[0] != "ok":
                raise BackupError(f"{path}: the backup's database is damaged")
            revision, tables, _ = _sqlite_counts(source)
            if (revision, tables) != (manifest.revision, manifest.tables):
                raise BackupError(f"{path}: the backup's database does not match its manifest")
            destination = sqlite3.connect(target, timeout=30)
            try:
                # One transaction on the target: it is the backup's, or as it was.
                source.backup(destination)
                destination.execute("PRAGMA journal_mode=WAL")
            finally:
                destination.close()
        finally:
            source.close()
    except sqlite3.DatabaseError as exc:
        raise BackupError(f"{path}: the backup's database is damaged ({exc})") from None


async def _restore_postgres(dump: Path, url: URL, path: Path) -> None:
    pg_restore = _tool("pg_restore")
    try:
        await _run_tool([pg_restore, "--list", str(dump)], url)
    except BackupError:
        raise BackupError(f"{path}: the backup's database is damaged") from None
    # --clean: the tables that are there (a migrated, empty database; or with --force, one
    # with data) are replaced; on a database with no tables it drops nothing.
    options = ["--no-owner", "--no-privileges", "--single-transaction", "--exit-on-error"]
    replace = ["--clean", "--if-exists"]
    await _run_tool([pg_restore, *options, *replace, f"--dbname={url.database}", str(dump)], url)
