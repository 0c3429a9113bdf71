"""Restore fed with hostile files: it either refuses and changes nothing, or restores a sound
database. Never a crash, never a half-switched data folder."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from companion.errors import UserError
from companion.storage import backup, paths
from companion.storage.database import Database
from companion.storage.errors import StorageError
from tests.storage.bad_files import folder_fingerprint, sound_database

FUZZ = settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


@pytest.fixture
def open_db(data_dir: Path, tmp_path: Path) -> Iterator[tuple[Database, Path]]:
    """An open database with some history, and a sound backup of it."""
    path = paths.database_path(data_dir)
    sound_database(path, days=20)
    db = Database.open(path)
    yield db, backup.write_backup(db, tmp_path / "sound.sqlite3")
    db.close()


def _offer(db: Database, tmp_path: Path, content: bytes) -> None:
    """Restore ``content``; a refusal must leave the data folder exactly as it was."""
    offered = tmp_path / "offered.sqlite3"
    offered.write_bytes(content)
    folder = db.path.parent
    before = folder_fingerprint(folder)
    try:
        backup.restore_into(db, offered)
    except (UserError, StorageError) as refusal:
        assert "\n" not in str(refusal)
        assert folder_fingerprint(folder) == before
    else:
        assert db.integrity_errors() == []
        assert db.quick_check() == []
        for kept in paths.backups_dir(folder).glob("before-restore-*"):
            kept.unlink()


@FUZZ
@given(content=st.binary(max_size=6000))
def test_random_bytes_are_refused(
    open_db: tuple[Database, Path], tmp_path: Path, content: bytes
) -> None:
    db, _sound = open_db
    before = folder_fingerprint(db.path.parent)
    offered = tmp_path / "random.bin"
    offered.write_bytes(content)
    with pytest.raises((UserError, StorageError)):
        backup.restore_into(db, offered)
    assert folder_fingerprint(db.path.parent) == before


@FUZZ
@given(
    edits=st.lists(
        st.tuples(st.floats(0, 1, exclude_max=True), st.binary(min_size=1, max_size=24)),
        min_size=1,
        max_size=6,
    ),
    keep=st.floats(0.05, 1),
)
def test_damaged_backups_are_refused_or_restored_soundly(
    open_db: tuple[Database, Path],
    tmp_path: Path,
    edits: list[tuple[float, bytes]],
    keep: float,
) -> None:
    db, saved = open_db
    sound = saved.read_bytes()
    content = bytearray(sound[: max(1, int(len(sound) * keep))])
    for where, junk in edits:
        at = int(where * len(content))
        content[at : at + len(junk)] = junk
    _offer(db, tmp_path, bytes(content))
