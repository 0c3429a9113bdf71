"""Backups and restores: consistent, encrypted like the database, and refusals touch nothing."""

from __future__ import annotations

import errno
import importlib.util
import os
import sqlite3
import subprocess
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date, timedelta
from pathlib import Path

import pytest
from sqlalchemy import select

from companion import cli
from companion.errors import UserError
from companion.storage import backup, cipher, encryption, files, paths, snapshot
from companion.storage import models as m
from companion.storage.database import Database
from companion.storage.errors import StorageError
from tests.storage.bad_files import NOT_OURS, folder_fingerprint, sound_database
from tests.storage.privacy_helpers import (
    add_entry,
    all_rows,
    fast_kdf,
    grep_folder,
    one_line_refusal,
    run_cli,
)

PASSPHRASE = "quiet river at dawn"
__all__ = ["fast_kdf"]


def test_backup_then_restore_gives_back_exactly_the_backed_up_data(
    data_dir: Path, tmp_path: Path
) -> None:
    path = paths.database_path(data_dir)
    sound_database(path, days=90)
    saved = tmp_path / "saved" / "companion-backup.sqlite3"
    rows = all_rows(path)

    assert run_cli("backup", "--output", str(saved)).returncode == 0
    db = Database.open(path)
    add_entry(db, "written after the backup")
    db.close()
    assert all_rows(path) != rows

    result = run_cli("restore", str(saved))
    assert result.returncode == 0, result.stderr
    assert all_rows(path) == rows
    kept = list(paths.backups_dir(data_dir).glob("before-restore-*.sqlite3"))
    assert len(kept) == 1 and b"written after the backup" in kept[0].read_bytes()
    assert run_cli("check").returncode == 0


@pytest.mark.skipif(
    importlib.util.find_spec("companion.export.commands") is None,
    reason="the CSV export command is not there yet",
)
def test_backup_and_restore_give_identical_csv_exports(data_dir: Path, tmp_path: Path) -> None:
    sound_database(paths.database_path(data_dir), days=90)
    saved = tmp_path / "backup.sqlite3"
    first, second = tmp_path / "first.csv", tmp_path / "second.csv"
    assert run_cli("backup", "--output", str(saved)).returncode == 0
    args = ("export", "--format", "csv", "--include-private", "--output")
    assert run_cli(*args, str(first)).returncode == 0
    db = Database.open(paths.database_path(data_dir))
    add_entry(db, "after the backup")
    db.close()
    assert run_cli("restore", str(saved)).returncode == 0
    assert run_cli(*args, str(second)).returncode == 0
    assert first.read_bytes() == second.read_bytes()


def _too_new(path: Path) -> None:
    sound_database(path, days=5)
    conn = sqlite3.connect(path)
    with conn:
        conn.execute("UPDATE alembic_version SET version_num = 'f00dcafe'")
    conn.close()


def _damaged(path: Path) -> None:
    sound_database(path, days=60)
    data = bytearray(path.read_bytes())
    for offset in range(4096 * 3, len(data), 4096):  # scribble over every page but the first few
        data[offset + 100 : offset + 140] = b"\xff" * 40
    path.write_bytes(bytes(data))


REFUSED: dict[str, Callable[[Path], None]] = {
    **NOT_OURS,
    "from a newer Companion": _too_new,
    "damaged": _damaged,
    "empty": lambda path: path.write_bytes(b""),
}


@pytest.mark.parametrize("make", REFUSED.values(), ids=REFUSED.keys())
def test_a_restore_of_anything_else_is_refused_and_changes_nothing(
    data_dir: Path, tmp_path: Path, make: Callable[[Path], None]
) -> None:
    sound_database(paths.database_path(data_dir), days=30)
    bad = tmp_path / "offered.sqlite3"
    make(bad)
    before, offered = folder_fingerprint(data_dir), bad.read_bytes()

    line = one_line_refusal(run_cli("restore", str(bad)))

    assert str(bad) in line
    assert folder_fingerprint(data_dir) == before
    assert bad.read_bytes() == offered
    assert not any(p.exists() for p in files.sidecars(bad))


def test_a_missing_file_or_the_database_itself_is_refused(data_dir: Path, tmp_path: Path) -> None:
    path = paths.database_path(data_dir)
    sound_database(path, days=5)
    before = folder_fingerprint(data_dir)
    assert "is not a file" in one_line_refusal(run_cli("restore", str(tmp_path / "nowhere")))
    assert "the database itself" in one_line_refusal(run_cli("restore", str(path)))
    assert "the database itself" in one_line_refusal(run_cli("backup", "--output", str(path)))
    assert folder_fingerprint(data_dir) == before


@pytest.mark.usefixtures("fast_kdf")
def test_a_backup_of_an_encrypted_database_is_encrypted(data_dir: Path, tmp_path: Path) -> None:
    path = paths.database_path(data_dir)
    db = Database.open(path, PASSPHRASE)
    add_entry(db, "Private-marker-b4c")
    saved = backup.write_backup(db, tmp_path / "out.sqlite3")
    db.close()
    assert b"Private-marker-b4c" not in saved.read_bytes()
    assert not cipher.is_plain_sqlite(saved)
    assert backup.sound_revision(saved, cipher.key_for_file(PASSPHRASE, saved))


@pytest.mark.usefixtures("fast_kdf")
def test_restoring_a_plain_backup_keeps_an_encrypted_database_encrypted(
    data_dir: Path, tmp_path: Path
) -> None:
    plain = tmp_path / "plain.sqlite3"
    sound_database(plain, days=30)
    add = Database.open(plain)
    add_entry(add, "Private-marker-c9")
    add.close()
    db = Database.open(paths.database_path(data_dir), PASSPHRASE)
    restored = backup.restore_into(db, plain)
    assert restored.key == db.key and db.encrypted
    with db.transaction() as s:
        assert s.query(m.JournalEntry).filter_by(reflections="Private-marker-c9").count() == 1
    db.close()
    assert grep_folder(data_dir, b"Private-marker-c9") == []


@pytest.mark.usefixtures("fast_kdf")
def test_an_encrypted_backup_restores_with_its_passphrase_only(
    data_dir: Path, tmp_path: Path
) -> None:
    other = tmp_path / "other" / "companion.sqlite3"
    source = Database.open(other, PASSPHRASE)
    add_entry(source, "from the old laptop")
    saved = backup.write_backup(source, tmp_path / "laptop.sqlite3")
    source.close()

    db = Database.open(paths.database_path(data_dir))
    before = all_rows(db.path)
    with pytest.raises(UserError, match="passphrase"):
        backup.restore_into(db, saved)
    with pytest.raises(UserError, match="passphrase is different"):
        backup.restore_into(db, saved, "not the right one")
    assert all_rows(db.path) == before and not db.encrypted
    backup.restore_into(db, saved, PASSPHRASE)
    assert db.encrypted  # restoring never drops encryption
    with db.transaction() as s:
        assert s.query(m.JournalEntry).filter_by(reflections="from the old laptop").count() == 1
    db.close()


def test_restore_into_an_empty_folder_and_over_a_damaged_database(
    data_dir: Path, tmp_path: Path
) -> None:
    saved = tmp_path / "saved.sqlite3"
    sound_database(saved, days=30)
    rows = all_rows(saved)
    assert run_cli("restore", str(saved)).returncode == 0
    path = paths.database_path(data_dir)
    assert all_rows(path) == rows

    path.write_bytes(b"half a database" * 100)
    damaged = path.read_bytes()
    result = run_cli("restore", str(saved))
    assert result.returncode == 0, result.stderr
    assert all_rows(path) == rows
    kept = list(paths.backups_dir(data_dir).glob("damaged-*.sqlite3"))
    assert [k.read_bytes() for k in kept] == [damaged]


def test_automatic_backups_are_daily_and_the_last_seven_are_kept(db: Database) -> None:
    start = date(2026, 3, 1)
    for day in range(10):
        assert backup.automatic_backup(db, start + timedelta(days=day)) is not None
        assert backup.automatic_backup(db, start + timedelta(days=day)) is None  # once a day
    names = sorted(p.name for p in paths.backups_dir(db.path.parent).iterdir())
    assert names == [f"auto-{start + timedelta(days=d)}.sqlite3" for d in range(3, 10)]
    assert backup.latest_backup(db.path.parent) is not None


def test_a_full_disk_during_a_backup_gives_a_clear_message_and_no_half_file(
    db: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    output = tmp_path / "out.sqlite3"
    output.write_bytes(b"yesterday's backup")

    def full(*_args: object) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(files, "fsync_file", full)
    with pytest.raises(StorageError) as raised:
        backup.write_backup(db, output)
    assert str(raised.value) == f"Could not write {output}: the disk is full. Nothing was changed."
    assert output.read_bytes() == b"yesterday's backup"
    assert sorted(p.name for p in tmp_path.iterdir() if "out" in p.name) == ["out.sqlite3"]


def test_a_one_megabyte_note_survives_backup_and_restore(db: Database, tmp_path: Path) -> None:
    note = ("A long night of writing. " * 43_000)[:1_000_000] + "the end"
    add_entry(db, note)
    saved = backup.write_backup(db, tmp_path / "big.sqlite3")
    with db.transaction() as s:
        s.query(m.JournalEntry).delete()
    backup.restore_into(db, saved)
    with db.transaction() as s:
        assert s.query(m.JournalEntry.reflections).scalar() == note


# --- the journal open in Companion while a restore or encrypt runs beside it -----------------

IN_USE = "Companion is open on this data folder; close it first"

#: The running app, in a process of its own: it opens the journal, saves an entry, waits for a
#: line on stdin, saves another entry into the connection it kept open, and closes.
_APP = """
import sys
from pathlib import Path
from companion.storage.database import Database
from tests.storage.privacy_helpers import add_entry
db = Database.open(Path(sys.argv[1]))
add_entry(db, "saved before")
print("open", flush=True)
sys.stdin.readline()
add_entry(db, "saved after")
db.close()
"""


@contextmanager
def _app_holding(path: Path, passphrase: str | None = None) -> Iterator[None]:
    env = {**os.environ, "COMPANION_PASSPHRASE": passphrase or ""}
    app = subprocess.Popen(
        [sys.executable, "-c", _APP, str(path)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        env=env,
        cwd=Path(__file__).parents[2],
    )
    assert app.stdin is not None and app.stdout is not None
    try:
        assert app.stdout.readline().strip() == "open"
        yield
        app.stdin.write("go on\n")
        app.stdin.flush()
        assert app.wait(timeout=60) == 0
    finally:
        app.kill()
        app.wait()


def _main_files(folder: Path) -> dict[str, str]:
    """The folder's fingerprint less SQLite's -shm index, which a reader may touch."""
    return {k: v for k, v in folder_fingerprint(folder).items() if not k.endswith("-shm")}


def _notes(path: Path, passphrase: str | None) -> set[str]:
    db = Database.open(path, passphrase)
    try:
        with db.transaction() as s:
            return set(s.scalars(select(m.JournalEntry.reflections)))
    finally:
        db.close()


@pytest.mark.parametrize("passphrase", [None, PASSPHRASE], ids=["plain", "encrypted"])
def test_a_restore_while_companion_has_the_journal_open_is_refused(
    data_dir: Path, tmp_path: Path, passphrase: str | None
) -> None:
    """The app would go on writing into the replaced file, and every later entry be lost."""
    path = paths.database_path(data_dir)
    Database.open(path, passphrase).close()
    saved = tmp_path / "saved.sqlite3"
    sound_database(saved, days=5)
    with _app_holding(path, passphrase):
        before = _main_files(data_dir)
        line = one_line_refusal(run_cli("restore", str(saved), passphrase=passphrase))
        assert IN_USE in line and "Nothing was changed" in line
        assert _main_files(data_dir) == before
    assert _notes(path, passphrase) == {"saved before", "saved after"}


def test_encrypting_while_companion_has_the_journal_open_is_refused(data_dir: Path) -> None:
    path = paths.database_path(data_dir)
    sound_database(path, days=5)
    with _app_holding(path):
        before = _main_files(data_dir)
        line = one_line_refusal(run_cli("encrypt", passphrase=PASSPHRASE))
        assert IN_USE in line and "Nothing was changed" in line
        assert _main_files(data_dir) == before
    assert {"saved before", "saved after"} <= _notes(path, None)
    assert cipher.is_plain_sqlite(path)


def test_after_encrypting_in_the_app_it_still_shows_it_is_open(
    data_dir: Path, tmp_path: Path
) -> None:
    """Encrypting looks over the data folder's files; reading the open database's own files
    would let go of the app's hold on it, and a restore beside it would then go ahead."""
    path = paths.database_path(data_dir)
    saved = tmp_path / "saved.sqlite3"
    sound_database(saved, days=5)
    sound_database(path, days=5)
    app = Database.open(path)
    encryption.encrypt(app, PASSPHRASE)
    add_entry(app, "written after encrypting")
    try:
        line = one_line_refusal(run_cli("restore", str(saved), passphrase=PASSPHRASE))
    finally:
        app.close()
    assert IN_USE in line


def test_the_app_itself_restores_once_its_own_connections_are_closed(
    db: Database, tmp_path: Path
) -> None:
    """The check must not take the app's own (closed) connection for another program."""
    saved = backup.write_backup(db, tmp_path / "saved.sqlite3")
    add_entry(db, "after the backup")
    with db.transaction() as s:  # the app has read and written: its pool holds a connection
        assert s.query(m.JournalEntry).count() == 1
    backup.restore_into(db, saved)
    with db.transaction() as s:
        assert s.query(m.JournalEntry).count() == 0


# --- a full disk (or a read-only one) while writing a copy -----------------------------------

SQLITE_WRITE_FAULTS = {
    "database or disk is full": "the disk is full",
    "attempt to write a readonly database": "Companion may not write there",
    "unable to open database file": "Companion may not write there",
    "disk I/O error": "the disk could not be read or written",
}


def _sqlite_fails(monkeypatch: pytest.MonkeyPatch, message: str) -> None:
    """SQLite's own copy runs into ``message`` half-way, as it does on a full disk."""

    def fail(_source: Path, target: Path) -> None:
        target.write_bytes(b"SQLite format 3\x00 half a copy")
        raise sqlite3.OperationalError(message)

    monkeypatch.setattr(snapshot, "_backup_api", fail)


@pytest.mark.parametrize(("message", "reason"), SQLITE_WRITE_FAULTS.items())
def test_sqlite_write_faults_during_a_backup_are_a_clear_refusal(
    data_dir: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    message: str,
    reason: str,
) -> None:
    sound_database(paths.database_path(data_dir), days=5)
    output = tmp_path / "out.sqlite3"
    output.write_bytes(b"yesterday's backup")
    _sqlite_fails(monkeypatch, message)

    assert cli.main(["backup", "--output", str(output)]) == 2
    err = capsys.readouterr().err
    assert err.strip() == f"companion: Could not write {output}: {reason}. Nothing was changed."
    assert output.read_bytes() == b"yesterday's backup"
    assert sorted(p.name for p in tmp_path.iterdir() if "out" in p.name) == ["out.sqlite3"]


def test_a_full_disk_during_a_restore_keeps_the_journal_as_it_was(
    db: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    add_entry(db, "today's entry")
    saved = backup.write_backup(db, tmp_path / "saved.sqlite3")
    add_entry(db, "written after the backup")
    rows = all_rows(db.path)
    _sqlite_fails(monkeypatch, "database or disk is full")

    with pytest.raises(StorageError) as raised:
        backup.restore_into(db, saved)

    assert str(raised.value) == f"Could not write {db.path}: the disk is full. Nothing was changed."
    assert all_rows(db.path) == rows
    assert not paths.backups_dir(db.path.parent).exists()
    assert [p.name for p in db.path.parent.iterdir() if ".partial" in p.name] == []


# --- files that are plainly no backup --------------------------------------------------------


@pytest.mark.parametrize(
    ("content", "says"),
    [
        (b"", "is empty"),
        (b"day,mood,notes\n2026-03-01,7,a good day\n", "is a text file, not a Companion backup"),
        ("Tagebuch;Stimmung\n1. März;gut\n".encode(), "is a text file, not a Companion backup"),
        ("Tagebuch;Stimmung\n1. März;gut\n".encode("cp1252"), "is a text file"),
    ],
    ids=["empty", "csv", "utf-8 text", "cp1252 text"],
)
def test_an_empty_or_text_file_is_called_what_it_is(
    db: Database, tmp_path: Path, content: bytes, says: str
) -> None:
    offered = tmp_path / "offered.csv"
    offered.write_bytes(content)
    for passphrase in (None, "some passphrase"):
        with pytest.raises(UserError) as raised:
            backup.restore_into(db, offered, passphrase)
        assert says in str(raised.value) and "passphrase" not in str(raised.value)
        assert str(offered) in str(raised.value)


def test_a_restore_keeps_the_installation_id_that_names_fhir_records(
    db: Database, tmp_path: Path
) -> None:
    """A backup made before the first FHIR export has none: the restored journal keeps this
    installation's, so a clinic does not get the same patient and readings twice."""
    from companion.storage import settings

    early = backup.write_backup(db, tmp_path / "early.sqlite3")
    ours = "d1b7a9d2-aaaa-4bbb-8ccc-123456789abc"
    with db.transaction() as session:
        settings.set_setting(session, settings.INSTALLATION_ID, ours)
    backup.restore_into(db, early)
    with db.transaction() as session:
        assert settings.get_setting(session, settings.INSTALLATION_ID) == ours
