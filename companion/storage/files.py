"""Careful file handling: durable writes, atomic switches, and overwriting before deleting.

Every switch of a database file happens by ``os.replace`` of a finished, verified, fsynced copy,
so a crash or a full disk leaves either the old file or the new one, never half of each.
Everything Companion writes is its owner's alone (0600 files, 0700 folders on POSIX).
"""

from __future__ import annotations

import errno
import logging
import os
import shutil
import stat
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

from companion.storage.errors import StorageError

log = logging.getLogger("companion.storage")

#: What SQLite keeps beside a database file while it is open or after a crash.
SIDECAR_SUFFIXES = ("-wal", "-shm", "-journal")

#: Owner only. Other accounts on the computer must not read a patient's journal, whatever the
#: umask. Windows gives a user's own folders to that user already: nothing is done there.
PRIVATE_FILE = 0o600
PRIVATE_FOLDER = 0o700
POSIX = os.name == "posix"


def tighten(path: Path, mode: int = PRIVATE_FILE) -> None:
    """Take away every permission beyond ``mode`` from an existing file or folder.

    Never fails: a refused chmod (a foreign owner, a file system without modes) is logged,
    and the file is used as it is.
    """
    if not POSIX:
        return
    try:
        current = stat.S_IMODE(path.stat().st_mode)
        if current & ~mode:
            os.chmod(path, current & mode)
    except FileNotFoundError:
        return
    except OSError as exc:
        log.warning("could not make %s private: %s", path, exc.strerror or exc)


def private_folder(folder: Path) -> Path:
    """Create ``folder`` (and its parents) if needed; the folder itself is made owner-only."""
    folder.mkdir(parents=True, exist_ok=True, mode=PRIVATE_FOLDER)
    tighten(folder, PRIVATE_FOLDER)
    return folder


def private_file(path: Path) -> Path:
    """Create ``path`` empty and owner-only, or tighten it when it exists.

    Created with that mode, so it is never readable by others for a moment. Whoever writes it
    afterwards keeps the mode: SQLite (which gives its -wal, -shm and -journal files the
    database file's mode), Qt's QSaveFile and ``open(path, "w")`` alike.
    """
    if POSIX:
        with suppress(FileExistsError):
            os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, PRIVATE_FILE))
        tighten(path)
    return path


def copy_private(source: Path, target: Path) -> None:
    """Copy the bytes of ``source`` into an owner-only ``target``."""
    shutil.copyfile(source, private_file(target))


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
        yield private_file(temp)
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
