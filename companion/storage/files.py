"""Careful file handling: durable writes, atomic switches, and overwriting before deleting.

Every switch of a database file happens by ``os.replace`` of a finished, verified, fsynced copy,
so a crash or a full disk leaves either the old file or the new one, never half of each.
"""

from __future__ import annotations

import errno
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from companion.storage.errors import StorageError

#: What SQLite keeps beside a database file while it is open or after a crash.
SIDECAR_SUFFIXES = ("-wal", "-shm", "-journal")


def sidecars(path: Path) -> list[Path]:
    return [path.with_name(path.name + suffix) for suffix in SIDECAR_SUFFIXES]


def fsync_file(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def fsync_dir(folder: Path) -> None:
    """Make a rename durable (a no-op where directories cannot be opened, as on Windows)."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def _overwrite(fd: int) -> None:
    size = os.fstat(fd).st_size
    os.lseek(fd, 0, os.SEEK_SET)
    chunk = b"\0" * (1 << 20)
    left = size
    while left > 0:
        left -= os.write(fd, chunk[: min(left, len(chunk))])
    os.fsync(fd)


def shred(path: Path) -> None:
    """Overwrite a file with zeros, then delete it (best effort on SSDs and journaling disks)."""
    try:
        fd = os.open(path, os.O_RDWR)
    except FileNotFoundError:
        return
    try:
        _overwrite(fd)
    finally:
        os.close(fd)
    path.unlink(missing_ok=True)


@contextmanager
def replacing(target: Path) -> Iterator[Path]:
    """Yield a temporary path beside ``target``; on success it atomically becomes ``target``.

    The old content of ``target`` is overwritten with zeros once it has been replaced, so no
    copy of it survives in the folder. On any error the temporary file is removed and
    ``target`` is exactly as it was.
    """
    temp = target.with_name(f".{target.name}.partial")
    discard(temp)
    old: int | None = None
    try:
        if target.exists():
            old = os.open(target, os.O_RDWR)
        yield temp
        fsync_file(temp)
        os.replace(temp, target)
        fsync_dir(target.parent)
    except OSError as exc:
        discard(temp)
        raise write_error(target, exc) from exc
    except BaseException:
        discard(temp)
        raise
    finally:
        if old is not None:
            _shred_replaced(old)


def _shred_replaced(fd: int) -> None:
    """Zero a file that is no longer in the folder (unless another name still links to it)."""
    try:
        if os.fstat(fd).st_nlink == 0:
            _overwrite(fd)
    except OSError:
        pass  # the new file is in place; a failed wipe of the old one loses nothing
    finally:
        os.close(fd)


def discard(path: Path) -> None:
    """Remove a temporary database file and whatever SQLite left beside it."""
    for item in (path, *sidecars(path)):
        shred(item)


def write_error(target: Path, exc: OSError) -> StorageError:
    """A calm message for a failed write; the strerror only, never paths of temporary files."""
    if exc.errno == errno.ENOSPC:
        reason = "the disk is full"
    elif exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        reason = "Companion may not write there"
    else:
        reason = exc.strerror or type(exc).__name__
    return StorageError(f"Could not write {target}: {reason}. Nothing was changed.")
