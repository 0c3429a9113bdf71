"""Files and folders Companion cannot use: refused with a clear reason, never half-opened."""

from __future__ import annotations

import os
import re
import sqlite3
import stat
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from companion.storage import database, paths
from companion.storage.database import Database
from companion.storage.errors import ForeignDatabase, NotOurDatabase, StorageError
from tests.storage.bad_files import (
    damaged_pages,
    folder_fingerprint,
    foreign,
    sound_database,
    unversioned,
)

AS_ROOT = hasattr(os, "geteuid") and os.geteuid() == 0


def deny_writing(monkeypatch: pytest.MonkeyPatch, *denied: Path) -> None:
    """``os.access`` says "no" to writing the paths in ``denied``, as for a read-only mount
    (a chmod would not do it for root, who runs these tests in some set-ups)."""
    real = os.access

    def access(path: str | os.PathLike[str], mode: int, **kwargs: object) -> bool:
        if mode & os.W_OK and Path(path) in denied:
            return False
        return real(path, mode, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "access", access)


@pytest.fixture
def read_only_folder(data_dir: Path) -> Iterator[Path]:
    """A data folder with a journal, really made read-only (chmod 500)."""
    data_dir.mkdir()
    sound_database(paths.database_path(data_dir), days=5)
    data_dir.chmod(stat.S_IRUSR | stat.S_IXUSR)
    yield data_dir
    data_dir.chmod(stat.S_IRWXU)


# --- a damaged page --------------------------------------------------------------------------


def test_a_damaged_page_is_a_finding_not_a_fault(data_dir: Path) -> None:
    data_dir.mkdir()
    path = paths.database_path(data_dir)
    damaged_pages(path)
    with sqlite3.connect(path) as conn, pytest.raises(sqlite3.DatabaseError):
        conn.execute("PRAGMA quick_check").fetchall()  # SQLite gives up on the check itself
    before = folder_fingerprint(data_dir)
    db = Database.open(path)
    try:
        assert db.quick_check() == ["database disk image is malformed"]
        assert db.integrity_errors() == ["database disk image is malformed"]
    finally:
        db.close()
    assert folder_fingerprint(data_dir) == before


def test_a_check_that_cannot_read_the_file_is_refused_not_called_damage(
    data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    data_dir.mkdir()
    path = paths.database_path(data_dir)
    sound_database(path, days=5)
    set_pragmas = database._set_pragmas

    def impatient(conn: sqlite3.Connection, record: object) -> None:
        conn.execute("PRAGMA busy_timeout=50")  # not five seconds of waiting in a test
        set_pragmas(conn, record)
        conn.execute("PRAGMA busy_timeout=50")

    monkeypatch.setattr(database, "_set_pragmas", impatient)
    db = Database.open(path)
    holder = sqlite3.connect(path, isolation_level=None)
    try:
        holder.execute("PRAGMA locking_mode=EXCLUSIVE")
        holder.execute("BEGIN EXCLUSIVE")
        holder.execute("DELETE FROM journal_entries")
        with pytest.raises(StorageError, match="could not be checked") as raised:
            db.quick_check()
        assert not isinstance(raised.value, NotOurDatabase)
    finally:
        holder.execute("ROLLBACK")
        holder.close()
        db.close()


# --- another program's file ------------------------------------------------------------------


@pytest.mark.parametrize("make", [foreign, unversioned], ids=["another program's", "unversioned"])
def test_another_programs_sqlite_file_is_told_apart_from_damage(
    data_dir: Path, make: Callable[[Path], None]
) -> None:
    data_dir.mkdir()
    path = paths.database_path(data_dir)
    make(path)
    with pytest.raises(ForeignDatabase):
        Database.open(path)


def test_damage_is_not_called_another_programs_file(data_dir: Path) -> None:
    data_dir.mkdir()
    path = paths.database_path(data_dir)
    path.write_bytes(b"SQLite format 3\x00" + b"\xee" * 5000)
    with pytest.raises(NotOurDatabase) as raised:
        Database.open(path)
    assert not isinstance(raised.value, ForeignDatabase)


# --- a file given as the data folder ---------------------------------------------------------


@pytest.mark.parametrize("inside", [False, True], ids=["the folder", "a folder inside it"])
def test_a_file_given_as_the_data_folder_is_refused(tmp_path: Path, inside: bool) -> None:
    file = tmp_path / "notes.txt"
    file.write_text("mine")
    folder = file / "sub" if inside else file
    with pytest.raises(StorageError, match=r"notes\.txt is a file, not a folder; give --data-dir"):
        paths.check_folder(folder)
    with pytest.raises(StorageError, match="is a file, not a folder"):
        Database.open(paths.database_path(folder))
    assert file.read_text() == "mine"


def test_a_missing_data_folder_is_fine(tmp_path: Path) -> None:
    paths.check_folder(tmp_path / "not yet" / "made")
    paths.check_writable(paths.database_path(tmp_path / "not yet" / "made"))


# --- read-only folders and files -------------------------------------------------------------


def test_a_read_only_data_folder_is_refused_before_a_byte_is_written(
    data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    data_dir.mkdir()
    path = paths.database_path(data_dir)
    sound_database(path, days=5)
    before = folder_fingerprint(data_dir)
    deny_writing(monkeypatch, data_dir)
    with pytest.raises(StorageError) as raised:
        Database.open(path)
    assert str(raised.value) == (
        f"The data folder {data_dir} is read-only: Companion cannot save there."
    )
    assert folder_fingerprint(data_dir) == before


def test_a_read_only_journal_file_is_refused(
    data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    data_dir.mkdir()
    path = paths.database_path(data_dir)
    sound_database(path, days=5)
    deny_writing(monkeypatch, path)
    with pytest.raises(StorageError, match=r"The journal file .* is read-only"):
        Database.open(path)


def test_a_data_folder_that_cannot_be_made_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    deny_writing(monkeypatch, tmp_path)
    folder = tmp_path / "new"
    with pytest.raises(StorageError, match=re.escape(f"cannot be made: {tmp_path} is read-only")):
        Database.open(paths.database_path(folder))
    assert not folder.exists()


@pytest.mark.skipif(AS_ROOT or os.name != "posix", reason="chmod does not restrict root")
def test_a_really_read_only_folder_is_refused(read_only_folder: Path) -> None:
    before = folder_fingerprint(read_only_folder)
    with pytest.raises(StorageError, match="is read-only: Companion cannot save there"):
        Database.open(paths.database_path(read_only_folder))
    assert folder_fingerprint(read_only_folder) == before


def test_a_full_or_failing_disk_at_start_is_not_called_damage(
    data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A full disk can leave a stub -shm file that makes every read fail with "disk I/O error":
    the journal is sound, and offering to replace it with a backup would be wrong."""
    data_dir.mkdir()
    path = paths.database_path(data_dir)
    sound_database(path, days=3)
    before = folder_fingerprint(data_dir)

    def failing_disk(_path: Path, _key: object) -> sqlite3.Connection:
        raise sqlite3.OperationalError("disk I/O error")

    monkeypatch.setattr(database, "read_only", failing_disk)
    with pytest.raises(StorageError) as raised:
        Database.open(path)
    assert not isinstance(raised.value, NotOurDatabase)
    assert "the disk could not be read or written. Nothing was changed." in str(raised.value)
    assert folder_fingerprint(data_dir) == before
