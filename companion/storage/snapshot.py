"""Consistent copies of a database file, re-keyed on the way when asked.

Plain to plain uses SQLite's online backup API; anything involving a key uses SQLCipher's
``sqlcipher_export`` inside one read transaction, which is just as consistent. Copies are
written in rollback-journal mode, so a backup is one self-contained file.
"""

from __future__ import annotations

import errno
from pathlib import Path

from companion.storage import cipher
from companion.storage.cipher import Key
from companion.storage.files import fsync_file, private_file

#: SQLite's words for a copy it could not write, as the OSError the disk would have given.
#: As an OSError the fault reaches ``files.replacing``, which names the file being replaced
#: (not the temporary copy) and says that nothing was changed.
_WRITE_FAULTS = {
    "database or disk is full": (errno.ENOSPC, "No space left on device"),
    "attempt to write a readonly database": (errno.EROFS, "Read-only file system"),
    "unable to open database file": (errno.EACCES, "Permission denied"),
    "disk I/O error": (errno.EIO, "the disk could not be read or written"),
}


def copy(source: Path, source_key: Key | None, target: Path, target_key: Key | None) -> None:
    """Write a consistent snapshot of ``source`` to the new, owner-only file ``target``.

    A full, read-only or failing disk raises ``OSError``, as any other failed write does.
    """
    target.parent.mkdir(parents=True, exist_ok=True)
    private_file(target)
    try:
        if source_key is None and target_key is None:
            _backup_api(source, target)
        else:
            _export(source, source_key, target, target_key)
    except cipher.database_errors() as exc:
        fault = disk_fault(exc)
        if fault is None:
            raise
        raise fault from exc
    fsync_file(target)


def disk_fault(exc: BaseException | None) -> OSError | None:
    """The OSError for one of SQLite's disk faults; None for any other database error."""
    for words, (number, reason) in _WRITE_FAULTS.items():
        if words in str(exc):
            return OSError(number, reason)
    return None


def _backup_api(source: Path, target: Path) -> None:
    src = cipher.connect(source, None, readonly=True)
    try:
        dst = cipher.connect(target, None)
        try:
            src.backup(dst)
            dst.execute("PRAGMA journal_mode=DELETE").fetchall()
        finally:
            dst.close()
    finally:
        src.close()


def _export(source: Path, source_key: Key | None, target: Path, target_key: Key | None) -> None:
    conn = cipher.connect(source, source_key, readonly=True, with_cipher=True, isolation_level=None)
    try:
        target_value = target_key.pragma_value() if target_key is not None else ""
        conn.execute("ATTACH DATABASE ? AS snapshot KEY ?", (str(target), target_value))
        conn.execute("BEGIN")  # one read snapshot of the source for the whole export
        version = conn.execute("PRAGMA main.user_version").fetchone()[0]
        conn.execute("SELECT sqlcipher_export('snapshot')").fetchall()
        conn.execute(f"PRAGMA snapshot.user_version = {int(version)}")
        conn.execute("COMMIT")
    finally:
        conn.close()  # rolls back and detaches after an error


def table_counts(path: Path, key: Key | None) -> dict[str, int]:
    """Rows per table: a copy that differs from its source in any of them is not kept."""
    conn = cipher.connect(path, key, readonly=True)
    try:
        names = [
            row[0]
            for row in conn.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
            )
        ]
        return {
            name: conn.execute(f'SELECT count(*) FROM "{name}"').fetchone()[0] for name in names
        }
    finally:
        conn.close()
