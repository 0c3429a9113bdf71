"""Files that are not a sound Companion database, and a fingerprint to prove they stay as is."""

from __future__ import annotations

import hashlib
import random
import sqlite3
from collections.abc import Callable
from pathlib import Path

from companion.storage.database import Database
from companion.storage.demo import fill


def folder_fingerprint(folder: Path) -> dict[str, str]:
    """Name -> SHA-256 of every file below ``folder`` except the logs.

    Comparing two fingerprints proves a file was neither changed nor joined by -wal/-shm files.
    """
    return {
        str(path.relative_to(folder)): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(folder.rglob("*"))
        if path.is_file() and "logs" not in path.relative_to(folder).parts
    }


def garbage(path: Path) -> None:
    path.write_bytes(b"These are not the droppings of a database.\n" * 100)


def short_garbage(path: Path) -> None:
    path.write_bytes(b"\x00\x01")


def sound_database(path: Path, days: int = 120) -> None:
    """A real Companion database with some history, closed (so no -wal/-shm files remain)."""
    db = Database.open(path)
    try:
        fill(db, days)
    finally:
        db.close()


def truncated(path: Path) -> None:
    """The first half of a real Companion database, as a failed copy would leave it."""
    source = path.with_name("whole.sqlite3.tmp")
    sound_database(source)
    data = source.read_bytes()
    source.unlink()
    path.write_bytes(data[: len(data) // 2])


def damaged_pages(path: Path) -> None:
    """A real Companion database with five pages in the middle overwritten by noise.

    The header and the schema are intact, so the file opens; ``PRAGMA quick_check`` itself then
    stops with "database disk image is malformed" instead of listing findings.
    """
    sound_database(path, days=120)
    data = bytearray(path.read_bytes())
    page_size = int.from_bytes(data[16:18], "big")
    middle = len(data) // page_size // 2
    noise = random.Random(7).randbytes(5 * page_size)
    data[(middle - 2) * page_size : (middle + 3) * page_size] = noise
    path.write_bytes(bytes(data))


def mangled_name(path: Path) -> None:
    """A real Companion database whose list of tables holds a name that is not UTF-8 text."""
    sound_database(path, days=10)
    data = bytearray(path.read_bytes())
    at = data.index(b"journal_entries", 100)  # in the schema table on the first page
    data[at] = 0x80
    path.write_bytes(bytes(data))


def foreign(path: Path) -> None:
    """Another program's SQLite database."""
    conn = sqlite3.connect(path)
    with conn:
        conn.execute("CREATE TABLE moz_places (id INTEGER PRIMARY KEY, url TEXT)")
        conn.execute("INSERT INTO moz_places (url) VALUES ('https://example.org')")
    conn.close()


def unversioned(path: Path) -> None:
    """Our table names, but no schema version: not something Companion wrote."""
    conn = sqlite3.connect(path)
    with conn:
        conn.execute("CREATE TABLE alembic_version (version_num VARCHAR(32) NOT NULL)")
        conn.execute("CREATE TABLE journal_entries (id INTEGER PRIMARY KEY)")
    conn.close()


NOT_OURS: dict[str, Callable[[Path], None]] = {
    "garbage": garbage,
    "short garbage": short_garbage,
    "truncated": truncated,
    "mangled table name": mangled_name,
    "another program's SQLite": foreign,
    "unversioned": unversioned,
}
