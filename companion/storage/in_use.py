"""Is the database open in another Companion? Asked before a restore or encrypt switches files.

A switch replaces the file by name. A Companion that still has the old file open would go on
reading and writing the replaced file, and everything it saved afterwards would be lost.

Companion keeps its database in WAL mode, where every open connection holds a shared lock on
the file for as long as it is open, even between transactions. ``BEGIN EXCLUSIVE`` does not
see it (in WAL mode it only keeps out other writers), but a connection in exclusive locking
mode must take the file's exclusive lock for its first transaction, and cannot while any
other connection has the file open, in this process or another.
"""

from __future__ import annotations

from pathlib import Path

from companion.storage import cipher
from companion.storage.cipher import Key
from companion.storage.errors import StorageError

IN_USE = "Companion is open on this data folder; close it first. Nothing was changed."

#: Seconds to wait for the lock. An idle Companion holds its lock for good, so waiting longer
#: only delays the refusal.
_WAIT = 0.2


def refuse_if_open(path: Path, key: Key | None) -> None:
    """Raise ``StorageError`` when another connection has ``path`` open.

    Only a lock held elsewhere is judged here: a file that cannot be read with ``key`` (damaged,
    another key) is left to the checks of the operation itself. No connection of the caller may
    be open on ``path``. The lock is let go at once; nothing in the file changes.
    """
    if not path.exists() or path.stat().st_size == 0:
        return  # nothing to open (and connecting would create the file)
    try:
        conn = cipher.connect(path, key, isolation_level=None, timeout=_WAIT)
    except (cipher.WrongPassphrase, *cipher.database_errors()) as exc:
        if _locked(exc):
            raise StorageError(IN_USE) from None
        return
    try:
        conn.execute("PRAGMA locking_mode=EXCLUSIVE")
        conn.execute("BEGIN EXCLUSIVE")
        conn.execute("ROLLBACK")
    except cipher.database_errors() as exc:
        if _locked(exc):
            raise StorageError(IN_USE) from None
    finally:
        conn.close()


def _locked(exc: BaseException) -> bool:
    """SQLITE_BUSY or SQLITE_LOCKED: another connection holds the file."""
    return "database is locked" in str(exc) or "database table is locked" in str(exc)
