"""The evidence store: every accepted file kept in ``EVIDENCE_DIR`` under the sha256 of its
content (the same file sent twice is kept once), its first bytes checked against what its type
and name claim. Read back only by a sha256 (64 hex digits, checked), never by a path built from
anything a person sent. Downloading files from Telegram into it, and pruning it, is
``bot.operations.evidence``."""

from __future__ import annotations

import contextlib
import hashlib
import logging
import os
import re
import tempfile
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

from bot.innovations.rules import (
    MAX_FILE_BYTES,
    EvidenceFile,
    Invalid,
    check_evidence,
    first_bytes_match,
)
from storage.models import Attachment

try:
    import fcntl
except ImportError:  # not POSIX: no locks (one process at a time is the operator's care)
    fcntl = None  # type: ignore[assignment]

logger = logging.getLogger(__name__)

JPEG_START = b"\xff\xd8"  # Telegram makes every photo a JPEG
ERROR_MAX = 300
SHA256 = re.compile(r"^[0-9a-f]{64}$")

class EvidenceStoreError(Exception):
    """The evidence folder cannot be used; one line for the operator."""


class StoreBusy(EvidenceStoreError):
    """Someone else holds the store's lock."""


class Refused(Exception):
    """The file's bytes contradict what it claims to be: it is never stored."""


class EvidenceStore:
    """Files named by the sha256 of their content, two folder levels deep:
    ``<root>/ab/cd/abcd…``. Written to a temporary file and renamed into place, so a file in the
    store is always whole (a backup taken meanwhile never sees half of one)."""

    def __init__(self, root: str | Path) -> None:
        self.root = Path(root)

    def prepare(self) -> None:
        """Create the folder if it is missing; refuse clearly if it cannot be written."""
        if self.root.exists() and not self.root.is_dir():
            raise EvidenceStoreError(f"the evidence folder {self.root} is not a folder")
        try:
            self.root.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise EvidenceStoreError(
                f"cannot create the evidence folder {self.root}: {exc.strerror}"
            ) from None
        if not os.access(self.root, os.W_OK | os.X_OK):
            raise EvidenceStoreError(f"the evidence folder {self.root} is read-only")
        try:  # os.access says yes to root on a read-only mount: try for real
            with tempfile.TemporaryFile(dir=self.root):
                pass
        except OSError as exc:
            raise EvidenceStoreError(
                f"cannot write in the evidence folder {self.root}: {exc.strerror}"
            ) from None

    def path_of(self, sha256: str) -> Path:
        if not SHA256.match(sha256):
            raise ValueError("not a sha256")
        return self.root / sha256[:2] / sha256[2:4] / sha256

    def has(self, sha256: str) -> bool:
        return self.path_of(sha256).is_file()

    @contextlib.contextmanager
    def locked(self, name: str, *, wait: bool) -> Iterator[None]:
        """Hold the lock file `name` in the store's folder (made if missing); StoreBusy when
        another holds it and not `wait`."""
        self.prepare()
        path = self.root / name
        handle = open(path, "a+b")  # noqa: SIM115 - held for the whole block
        try:
            if fcntl is not None:
                try:
                    fcntl.flock(handle.fileno(), fcntl.LOCK_EX | (0 if wait else fcntl.LOCK_NB))
                except OSError:
                    raise StoreBusy(str(path)) from None
            yield
        finally:
            handle.close()  # closing lets the lock go

    def put(self, content: bytes, *, at: datetime | None = None) -> str:
        """Store `content` (once, however often it comes); its sha256. The file is stamped
        `at` (default: now), also when it was there already: kept again, it is fresh again
        for the prune."""
        sha256 = hashlib.sha256(content).hexdigest()
        path = self.path_of(sha256)
        with contextlib.suppress(FileNotFoundError):
            if path.stat().st_size == len(content):
                self._stamp(path, at)
                return sha256
        self.write(sha256, [content])
        self._stamp(path, at)
        return sha256

    @staticmethod
    def _stamp(path: Path, at: datetime | None) -> None:
        moment = at.timestamp() if at is not None else None
        os.utime(path, (moment, moment) if moment is not None else None)

    def write(self, sha256: str, chunks: Any) -> None:
        """Write the file `sha256` from `chunks` (bytes), checking that they hash to it."""
        path = self.path_of(sha256)
        path.parent.mkdir(parents=True, exist_ok=True)
        digest = hashlib.sha256()
        handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
        try:
            with os.fdopen(handle, "wb") as file:
                for chunk in chunks:
                    digest.update(chunk)
                    file.write(chunk)
                file.flush()
                os.fsync(file.fileno())
            if digest.hexdigest() != sha256:
                raise ValueError(f"the content does not hash to {sha256[:12]}…")
            os.replace(temporary, path)
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(temporary)
            raise

    def read(self, sha256: str) -> bytes:
        return self.path_of(sha256).read_bytes()

    def hash_of(self, sha256: str) -> str:
        """The sha256 of what is stored under `sha256` now (to verify it)."""
        digest = hashlib.sha256()
        with self.path_of(sha256).open("rb") as file:
            for chunk in iter(lambda: file.read(1 << 20), b""):
                digest.update(chunk)
        return digest.hexdigest()

    def all(self) -> Iterator[str]:
        """Every file in the store, by its sha256."""
        if not self.root.is_dir():
            return
        for path in sorted(self.root.glob("??/??/*")):
            if SHA256.match(path.name) and path.is_file():
                yield path.name

    def stamped_before(self, moment: datetime) -> list[str]:
        """The files last written or kept again before `moment`."""
        limit = moment.timestamp()
        found = []
        for sha256 in self.all():
            with contextlib.suppress(FileNotFoundError):
                if self.path_of(sha256).stat().st_mtime < limit:
                    found.append(sha256)
        return found

    def remove_if_stamped_before(self, sha256: str, moment: datetime) -> bool:
        """Remove the file `sha256` unless it was written or kept again since `moment`."""
        path = self.path_of(sha256)
        try:
            if path.stat().st_mtime >= moment.timestamp():
                return False
            path.unlink()
        except FileNotFoundError:
            return False
        return True


def check_content(attachment: Attachment, content: bytes) -> None:
    """Raise :class:`Refused` when the bytes are not what the attachment says it is; ValueError
    when the download is plainly incomplete (it is tried again)."""
    declared = attachment.file_size
    if declared is not None and declared != len(content):
        raise ValueError(f"got {len(content)} bytes of {declared}")
    if len(content) > MAX_FILE_BYTES:
        raise Refused(f"{len(content)} bytes, more than {MAX_FILE_BYTES}")
    if not content:
        raise Refused("an empty file")
    if attachment.kind == "photo":
        if not content.startswith(JPEG_START):
            raise Refused("a photo that is not a JPEG")
        return
    evidence = EvidenceFile(
        "document", attachment.file_id, attachment.file_unique_id, attachment.file_name,
        attachment.mime_type, len(content),
    )  # fmt: skip
    try:
        check_evidence(evidence)
    except Invalid:
        raise Refused(f"its name and type do not agree ({attachment.mime_type})") from None
    if not first_bytes_match(attachment.mime_type, content):
        raise Refused(f"its first bytes are not those of {attachment.mime_type}")


def short_error(error: BaseException) -> str:
    text = str(error).strip().splitlines()[0] if str(error).strip() else ""
    return f"{type(error).__name__}: {text}"[:ERROR_MAX]


def safe_name(name: str | None, fallback: str) -> str:
    """A file name made harmless: no folders, no control characters, no leading dots, at most
    120 characters, keeping its suffix."""
    name = (name or "").replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join(c for c in name if c.isprintable() and c not in '<>:"|?*').strip().lstrip(".")
    if not name:
        return fallback
    if len(name) > 120:
        stem, dot, suffix = name.rpartition(".")
        name = (stem[: 120 - len(suffix) - 1] + "." + suffix) if dot and len(suffix) < 10 else name
        name = name[:120]
    return name
