"""Row counts of a database, as the backup and the copy check them; archives taken apart and
put together again (with plain tarfile, or GNU tar for what tarfile cannot write)."""

from __future__ import annotations

import io
import shutil
import subprocess
import tarfile
from pathlib import Path

from storage.database import Database


async def counts(url: str) -> dict[str, int]:
    from bot.operations.backup import _counts

    database = Database(url)
    try:
        return await _counts(database)
    finally:
        await database.dispose()


def entries(archive: Path) -> dict[str, bytes]:
    """Every entry of `archive`, by name, in order."""
    with tarfile.open(archive) as tar:
        return {m.name: tar.extractfile(m).read() for m in tar.getmembers()}  # type: ignore[union-attr]


def write_tar(path: Path, members: dict[str, bytes]) -> None:
    with tarfile.open(path, "w") as tar:
        for name, content in members.items():
            info = tarfile.TarInfo(name)
            info.size = len(content)
            tar.addfile(info, io.BytesIO(content))


def write_sparse_tar(
    path: Path, members: dict[str, bytes], sparse: str, size: int, tar_format: str
) -> None:
    """`members` as files, and `sparse` a file of `size` bytes that are all a hole, archived by
    GNU tar --sparse: a few hundred bytes in the archive that read as `size`."""
    folder = path.parent / f"{path.name}.parts"
    for name, content in members.items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_bytes(content)
    (folder / sparse).parent.mkdir(parents=True, exist_ok=True)
    with (folder / sparse).open("wb") as file:
        file.truncate(size)
    tar = shutil.which("tar")
    assert tar is not None, "GNU tar is needed to write a sparse entry"
    subprocess.run(
        [tar, "--sparse", f"--format={tar_format}", "-cf", str(path), "-C", str(folder),
         *members, sparse],
        check=True,
    )  # fmt: skip
    shutil.rmtree(folder)


def largest_file(folder: Path) -> int:
    """The size of the largest file under `folder` (as it reads, holes included)."""
    return max((p.stat().st_size for p in folder.rglob("*") if p.is_file()), default=0)
