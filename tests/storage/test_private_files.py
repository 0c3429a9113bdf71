"""Other accounts on the computer cannot read what Companion writes, whatever the umask.

Windows keeps a user's own folders to that user: there Companion sets no modes.
"""

from __future__ import annotations

import logging
import os
from pathlib import Path

import pytest

from companion import cli
from companion.storage import backup, cipher, encryption, files, paths, snapshot
from companion.storage.database import Database, known_revisions
from tests.storage.bad_files import sound_database
from tests.storage.privacy_helpers import (
    add_entry,
    all_rows,
    fast_kdf,
    mode,
    not_private,
    permissive_umask,
)
from tests.storage.test_upgrades import _make_at

__all__ = ["fast_kdf", "permissive_umask"]

pytestmark = [
    pytest.mark.skipif(os.name != "posix", reason="file modes are a POSIX matter"),
    pytest.mark.usefixtures("permissive_umask"),
]

PASSPHRASE = "quiet river at dawn"


def test_a_new_journal_and_what_sqlite_keeps_beside_it_are_the_owners_alone(
    data_dir: Path,
) -> None:
    db = Database.open(paths.database_path(data_dir))
    try:
        add_entry(db, "a private thought")
        assert {p.name for p in data_dir.iterdir()} >= {
            "companion.sqlite3-wal",
            "companion.sqlite3-shm",
        }
        assert not_private(data_dir) == {}
    finally:
        db.close()


@pytest.mark.usefixtures("fast_kdf")
def test_encrypting_keeps_the_journal_its_marker_and_its_backups_private(db: Database) -> None:
    add_entry(db, "a private thought")
    backup.automatic_backup(db)
    encryption.encrypt(db, PASSPHRASE)
    add_entry(db, "another one")
    assert cipher.marker_path(db.path).exists()
    assert not_private(db.path.parent) == {}


def test_backups_are_private_and_a_folder_the_patient_chose_keeps_its_mode(
    db: Database, tmp_path: Path
) -> None:
    add_entry(db, "a private thought")
    documents = tmp_path / "Documents"
    documents.mkdir(mode=0o755)
    automatic = backup.automatic_backup(db)
    chosen = backup.write_backup(db, documents / "companion-backup.sqlite3")
    assert automatic is not None and automatic.parent == paths.backups_dir(db.path.parent)
    assert not_private(db.path.parent) == {}
    assert mode(chosen) == 0o600
    assert mode(documents) == 0o755  # the patient's own folder is not Companion's to change


def test_a_copy_is_private_before_its_first_byte_is_written(
    db: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    seen: list[int] = []
    original = snapshot._backup_api

    def watching(source: Path, target: Path) -> None:
        seen.append(mode(target))
        original(source, target)

    monkeypatch.setattr(snapshot, "_backup_api", watching)
    backup.write_backup(db, tmp_path / "companion-backup.sqlite3")
    with files.replacing(tmp_path / "notes.txt") as temp:
        seen.append(mode(temp))
        temp.write_text("written into a private file", encoding="utf-8")
    assert seen == [0o600, 0o600]
    assert mode(tmp_path / "notes.txt") == 0o600


def test_an_export_and_the_log_of_the_command_are_private(
    db: Database, data_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    add_entry(db, "a private thought")
    out = tmp_path / "mood.csv"
    assert cli.main(["export", "--format", "csv", "--output", str(out)]) == 0
    logging.getLogger("companion.test").info("the log file is made with its first line")
    assert mode(out) == 0o600
    assert (paths.log_dir(data_dir) / "companion.log").is_file()
    assert not_private(data_dir) == {}
    capsys.readouterr()


def test_a_restore_and_the_copy_it_keeps_are_private(data_dir: Path, tmp_path: Path) -> None:
    saved = tmp_path / "saved.sqlite3"
    sound_database(saved, days=10)
    os.chmod(saved, 0o644)  # a backup copied in from elsewhere
    db = Database.open(paths.database_path(data_dir))
    try:
        add_entry(db, "written after the backup")
        restored = backup.restore_into(db, saved)
        assert all_rows(db.path) == all_rows(saved)
    finally:
        db.close()
    assert restored.kept is not None and restored.kept.exists()
    assert not_private(data_dir) == {}


def test_a_restore_into_a_new_data_folder_makes_it_private(tmp_path: Path) -> None:
    saved = tmp_path / "saved.sqlite3"
    sound_database(saved, days=10)
    fresh = tmp_path / "new computer" / "Companion"
    backup.recover_from(paths.database_path(fresh), saved, None)
    assert not_private(fresh) == {}


def test_an_older_data_folder_is_tightened_on_open_and_upgraded_privately(
    data_dir: Path,
) -> None:
    """As an older Companion left it: a readable folder, database and backups folder."""
    old = known_revisions()[0]
    data_dir.mkdir(mode=0o755)
    path = paths.database_path(data_dir)
    _make_at(path, old)
    paths.backups_dir(data_dir).mkdir(mode=0o755)
    os.chmod(path, 0o644)
    assert mode(data_dir) == 0o755 and mode(path) == 0o644

    Database.open(path).close()
    [kept] = paths.backups_dir(data_dir).glob(f"before-upgrade-{old}-*.sqlite3")
    assert mode(kept) == 0o600
    assert not_private(data_dir) == {}


@pytest.mark.allow_warning_logs
def test_a_refused_chmod_is_logged_and_never_stops_the_journal_opening(
    data_dir: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    path = paths.database_path(data_dir)
    sound_database(path, days=10)
    os.chmod(path, 0o644)
    rows = all_rows(path)

    def refuse(*_args: object, **_kwargs: object) -> None:
        raise PermissionError(1, "Operation not permitted")

    monkeypatch.setattr(os, "chmod", refuse)
    db = Database.open(path)
    db.close()
    assert all_rows(path) == rows
    assert f"could not make {path} private: Operation not permitted" in caplog.text
