"""Encryption at rest: no plaintext left behind, keys kept out of messages, clear refusals."""

from __future__ import annotations

import errno
import sqlite3
from pathlib import Path

import pytest

from companion.storage import backup, cipher, encryption, files, paths, snapshot
from companion.storage.cipher import EncryptionUnavailable, PassphraseNeeded, WrongPassphrase
from companion.storage.database import Database, stored_revision
from companion.storage.errors import NotOurDatabase, StorageError
from tests.storage.bad_files import folder_fingerprint, garbage, sound_database
from tests.storage.privacy_helpers import (
    add_entry,
    all_rows,
    fast_kdf,
    grep_folder,
    one_line_refusal,
    run_cli,
)

MARKER = "Private-marker-7f3a: what I told no one"
PASSPHRASE = "quiet river at dawn"

__all__ = ["fast_kdf"]  # the fixture, used by name below


def _plain_folder_with_copies(data_dir: Path) -> Path:
    """A plain database holding MARKER, with an automatic backup, a kept copy and a -wal."""
    path = paths.database_path(data_dir)
    sound_database(path, days=40)
    db = Database.open(path)
    add_entry(db, MARKER)
    backup.automatic_backup(db)
    backup.write_backup(db, paths.backups_dir(data_dir) / "before-upgrade-0001-20260101.sqlite3")
    db.close()
    stray = paths.backups_dir(data_dir) / "old.sqlite3-wal"
    stray.write_bytes(b"WAL page with " + MARKER.encode())
    return path


def test_encrypt_leaves_no_plaintext_anywhere_in_the_data_folder(data_dir: Path) -> None:
    path = _plain_folder_with_copies(data_dir)
    rows_before = all_rows(path)
    assert grep_folder(data_dir, MARKER.encode())  # the test can see the marker when it is there

    result = run_cli("encrypt", passphrase=PASSPHRASE)

    assert result.returncode == 0, result.stderr
    assert "Encrypted" in result.stdout
    assert grep_folder(data_dir, MARKER.encode()) == []
    assert grep_folder(data_dir, b"SQLite format 3") == []
    assert not any(p.exists() for p in files.sidecars(path))
    key = cipher.key_for_file(PASSPHRASE, path)
    assert all_rows(path, key) == rows_before
    for kept in paths.backups_dir(data_dir).glob("*.sqlite3"):
        assert backup.sound_revision(kept, cipher.key_for_file(PASSPHRASE, kept))
    assert run_cli("check", passphrase=PASSPHRASE).returncode == 0


def test_a_wrong_or_missing_passphrase_is_one_line_and_exit_2(data_dir: Path) -> None:
    path = paths.database_path(data_dir)
    sound_database(path, days=10)
    assert run_cli("encrypt", passphrase=PASSPHRASE).returncode == 0
    before = folder_fingerprint(data_dir)

    for command in (
        ["check"],
        ["backup", "--output", str(data_dir.parent / "b.sqlite3")],
        ["demo-data", "--days", "3"],
    ):
        wrong = one_line_refusal(run_cli(*command, passphrase="not the passphrase"))
        assert "passphrase does not open" in wrong
        missing = one_line_refusal(run_cli(*command))
        assert "encrypted; set COMPANION_PASSPHRASE" in missing
    assert folder_fingerprint(data_dir) == before
    assert not (data_dir.parent / "b.sqlite3").exists()


def test_garbage_stays_garbage_even_with_a_passphrase_set(data_dir: Path) -> None:
    data_dir.mkdir(parents=True)
    garbage(paths.database_path(data_dir))
    before = folder_fingerprint(data_dir)
    line = one_line_refusal(run_cli("check", passphrase=PASSPHRASE))
    assert "not a Companion database" in line
    assert folder_fingerprint(data_dir) == before


def test_encrypt_refuses_twice_and_without_a_passphrase(data_dir: Path) -> None:
    sound_database(paths.database_path(data_dir), days=5)
    assert "COMPANION_PASSPHRASE" in one_line_refusal(run_cli("encrypt"))  # no terminal to ask
    assert "at least 8" in one_line_refusal(run_cli("encrypt", passphrase="short"))
    assert run_cli("encrypt", passphrase=PASSPHRASE).returncode == 0
    assert "already encrypted" in one_line_refusal(run_cli("encrypt", passphrase=PASSPHRASE))


@pytest.mark.usefixtures("fast_kdf")
def test_a_new_database_can_be_created_encrypted(data_dir: Path) -> None:
    path = paths.database_path(data_dir)
    db = Database.open(path, PASSPHRASE)
    add_entry(db, MARKER)
    db.close()
    assert cipher.is_encrypted(path)
    assert grep_folder(data_dir, MARKER.encode()) == []
    with pytest.raises(PassphraseNeeded):
        Database.open(path)
    with pytest.raises(WrongPassphrase):
        Database.open(path, "another passphrase")
    reopened = Database.open(path, PASSPHRASE)
    assert reopened.encrypted and reopened.quick_check() == []
    reopened.close()


@pytest.mark.usefixtures("fast_kdf")
def test_the_key_never_shows_in_messages(data_dir: Path) -> None:
    path = paths.database_path(data_dir)
    Database.open(path, PASSPHRASE).close()
    right = cipher.key_for_file(PASSPHRASE, path)
    raw_hex = right.pragma_value()[2:66]
    assert repr(right) == "Key(hidden)" and raw_hex not in str(right)
    with pytest.raises(WrongPassphrase) as raised:
        Database.open(path, "another passphrase")
    wrong_hex = cipher.key_for_file("another passphrase", path).pragma_value()[2:66]
    for text in (str(raised.value), repr(raised.value)):
        assert raw_hex not in text and wrong_hex not in text and PASSPHRASE not in text


@pytest.mark.usefixtures("fast_kdf")
def test_encryption_is_refused_when_sqlcipher_does_not_encrypt(
    data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Plain SQLite ignores PRAGMA key and would write plaintext: cipher_version tells."""
    monkeypatch.setattr(cipher, "sqlcipher", lambda: sqlite3)
    path = paths.database_path(data_dir)
    with pytest.raises(EncryptionUnavailable):
        Database.open(path, PASSPHRASE)
    assert not path.exists() or path.stat().st_size == 0


@pytest.mark.usefixtures("fast_kdf")
def test_a_full_disk_while_encrypting_keeps_the_original(
    data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = paths.database_path(data_dir)
    sound_database(path, days=20)
    rows = all_rows(path)
    before = sorted(folder_fingerprint(data_dir))
    db = Database.open(path)

    def full(*_args: object) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(snapshot, "copy", full)
    with pytest.raises(StorageError, match="the disk is full") as raised:
        encryption.encrypt(db, PASSPHRASE)
    assert "\n" not in str(raised.value)
    assert not db.encrypted
    assert db.quick_check() == []  # still usable, still plain
    db.close()
    assert sorted(folder_fingerprint(data_dir)) == before  # no marker, no half-written copy
    assert all_rows(path) == rows


@pytest.mark.usefixtures("fast_kdf")
def test_a_failed_switch_keeps_the_original(
    data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = paths.database_path(data_dir)
    sound_database(path, days=20)
    rows = all_rows(path)
    db = Database.open(path)

    def refuse(*_args: object) -> None:
        raise OSError(errno.EIO, "Input/output error")

    monkeypatch.setattr(files.os, "replace", refuse)
    with pytest.raises(StorageError, match="Nothing was changed"):
        encryption.encrypt(db, PASSPHRASE)
    monkeypatch.undo()
    db.close()
    assert cipher.is_plain_sqlite(path) and not cipher.is_encrypted(path)
    assert all_rows(path) == rows
    assert [p.name for p in data_dir.iterdir() if p.name.endswith(".partial")] == []


@pytest.mark.usefixtures("fast_kdf")
def test_changing_the_passphrase_rekeys_the_database_and_its_backups(data_dir: Path) -> None:
    path = paths.database_path(data_dir)
    sound_database(path, days=20)
    db = Database.open(path)
    encryption.encrypt(db, PASSPHRASE)
    auto = backup.automatic_backup(db)
    assert auto is not None
    rows = all_rows(path, db.key)

    with pytest.raises(WrongPassphrase):
        encryption.change_passphrase(db, "not the current one", "a brand new phrase")
    encryption.change_passphrase(db, PASSPHRASE, "a brand new phrase")
    db.close()

    for item in (path, auto):
        with pytest.raises(WrongPassphrase):
            stored_revision(item, cipher.key_for_file(PASSPHRASE, item))
        assert stored_revision(item, cipher.key_for_file("a brand new phrase", item))
    assert all_rows(path, cipher.key_for_file("a brand new phrase", path)) == rows


def test_an_encrypted_file_without_its_marker_is_not_taken_for_ours(data_dir: Path) -> None:
    """The marker tells an encrypted database from garbage; without it, nothing is guessed."""
    path = paths.database_path(data_dir)
    sound_database(path, days=5)
    assert run_cli("encrypt", passphrase=PASSPHRASE).returncode == 0
    cipher.marker_path(path).unlink()
    with pytest.raises(NotOurDatabase):
        stored_revision(path)
